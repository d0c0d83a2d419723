//! Helpers shared by the CLI integration tests: running `cmmcast` and capturing what it gave,
//! checking that a run is a proper refusal, collecting the failures of a table of cases into one
//! assertion, temporary input files, CSV output, and the independent reference fixture.
//!
//! Each test file includes this module with `mod common;` and becomes its own test binary.

// Each test binary uses a different subset of these helpers; what one binary leaves unused is
// not dead code.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// What one run of `cmmcast` gave.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, decoded lossily as UTF-8.
    pub stdout: String,
    /// Standard error, decoded lossily as UTF-8.
    pub stderr: String,
    /// The arguments after `cmmcast`, as run (`{dir}` replaced).
    pub args: Vec<String>,
    /// The temporary directory `{dir}` stood for, if any: the catalogue writes it `DIR`.
    pub dir: Option<PathBuf>,
}

/// Runs `cmmcast` with `args` (`{dir}` replaced by `dir`, when given), `RUST_BACKTRACE=1`, and
/// the extra environment variables `env`.
pub fn cmmcast_in<S: AsRef<str>>(dir: Option<&Path>, args: &[S], env: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args
        .iter()
        .map(|a| match dir {
            Some(dir) => a.as_ref().replace("{dir}", &dir.display().to_string()),
            None => a.as_ref().to_string(),
        })
        .collect();
    let mut command = Command::cargo_bin("cmmcast").expect("the cmmcast binary is built");
    command.args(&args).env("RUST_BACKTRACE", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("cmmcast runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        args,
        dir: dir.map(Path::to_path_buf),
    }
}

/// Runs `cmmcast` with `args` as given (no `{dir}`), `RUST_BACKTRACE=1` and no other variable.
pub fn cmmcast<S: AsRef<str>>(args: &[S]) -> Run {
    cmmcast_in(None, args, &[])
}

/// A temporary directory holding the given files: (file name, contents).
pub fn files(contents: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in contents {
        std::fs::write(dir.path().join(name), text).expect("write an input file");
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Refusals.

/// The words of a panic or a backtrace, which no refusal may contain.
pub const PANIC_WORDS: &[&str] = &["panicked", "backtrace"];

/// Problems with the form of a refusal: exit code 2, nothing on standard output, and exactly one
/// line on standard error, starting `error: `. What the line must or must not say is checked
/// with [`banned_words`] and [`missing_phrases`].
pub fn refusal_form_problems(run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != Some(2) {
        problems.push(format!("exit code {:?}, expected 2", run.code));
    }
    if !run.stdout.is_empty() {
        let start: String = run.stdout.chars().take(200).collect();
        problems.push(format!("stdout is not empty: {start:?}..."));
    }
    if !(run.stderr.ends_with('\n') && run.stderr.matches('\n').count() == 1) {
        problems.push("stderr is not exactly one line".into());
    }
    if !run.stderr.starts_with("error: ") {
        problems.push("stderr does not start with `error: `".into());
    }
    problems
}

/// `stderr contains "…"` for each of `banned` that `stderr` contains (compared as given: pass
/// standard error lowercased to ignore case).
pub fn banned_words(stderr: &str, banned: &[&str]) -> Vec<String> {
    banned
        .iter()
        .filter(|banned| stderr.contains(*banned))
        .map(|banned| format!("stderr contains {banned:?}"))
        .collect()
}

/// `stderr lacks "…"` for each of `expect` that `stderr` does not contain.
pub fn missing_phrases(stderr: &str, expect: &[&str]) -> Vec<String> {
    expect
        .iter()
        .filter(|wanted| !stderr.contains(*wanted))
        .map(|wanted| format!("stderr lacks {wanted:?}"))
        .collect()
}

/// `problems`, followed by what standard error was when there is any problem.
pub fn with_stderr(mut problems: Vec<String>, run: &Run) -> Vec<String> {
    if !problems.is_empty() {
        problems.push(format!("stderr was: {:?}", run.stderr));
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// Tables of cases: all failures reported together.

/// Adds a case's problems to `failures` under its name (nothing when there are none).
pub fn collect(failures: &mut Vec<String>, name: &str, problems: Vec<String>) {
    if !problems.is_empty() {
        failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
    }
}

/// Fails with every case's problems at once: `N of TOTAL WHAT failed:` and the failures.
pub fn report(what: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of {total} {what} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The catalogue of refusals in docs/ROBUSTNESS.md.

/// The catalogue of refusals one table of cases makes, checked against (or, with
/// `CMMCAST_WRITE_CATALOGUE=1`, written into) the generated section of docs/ROBUSTNESS.md.
///
/// A table creates one with [`Catalogue::new`], [`Catalogue::add`]s each refused run under its
/// case name, and ends with [`Catalogue::finish`], whose problems it reports with its own. The
/// section lists every entry as the case name, the command line and the exact standard error,
/// with the temporary directory written `DIR`; it is grouped by command, and within a command
/// by the test file and function that produced it. So the documented messages are the ones the
/// tests see, and a changed message, a new case or a removed one fails the table's test until
/// the section is refreshed:
///
/// ```text
/// CMMCAST_WRITE_CATALOGUE=1 cargo test -p cmmcast-cli   # rewrites the tables' entries
/// cargo test -p cmmcast-cli                              # checks them
/// ```
///
/// Refresh with the whole suite: a filtered run rewrites only the tables it ran.
pub struct Catalogue {
    /// The test file's stem (the test crate's name), e.g. `bad_input`.
    file: &'static str,
    /// The test function holding the table.
    test: &'static str,
    entries: Vec<CatalogueEntry>,
}

/// One refusal of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The command it belongs to (`data`, ...), or empty for the top level.
    pub command: String,
    /// The test file's stem.
    pub file: String,
    /// The test function.
    pub test: String,
    /// The case's name.
    pub name: String,
    /// The input files shown before the command (`DIR/NAME` and their lines): the text ones
    /// the case wrote.
    pub inputs: Vec<(String, Vec<String>)>,
    /// `cmmcast ARGS`, quoted for a POSIX shell, with `DIR` for the temporary directory.
    pub command_line: String,
    /// Standard error, lines without their ends, with `DIR` for the temporary directory.
    pub stderr: Vec<String>,
}

/// The path of the document holding the catalogue.
pub const ROBUSTNESS_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ROBUSTNESS.md");
/// The marker lines around the generated section.
pub const CATALOGUE_START: &str = "<!-- catalogue:start -->";
/// See [`CATALOGUE_START`].
pub const CATALOGUE_END: &str = "<!-- catalogue:end -->";
/// The commands in the catalogue's order; anything else is listed under the top level, last.
pub const CATALOGUE_COMMANDS: &[&str] = &[
    "data",
    "fit",
    "forecast",
    "project",
    "simulate",
    "size",
    "economics",
    "report",
    "backtest",
    "completions",
];
/// How to refresh the section, for the messages that ask for it.
pub const REFRESH: &str = "CMMCAST_WRITE_CATALOGUE=1 cargo test -p cmmcast-cli";

/// Serialises rewrites of the document by the tables of one test binary (cargo runs the test
/// binaries one after another).
static CATALOGUE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Catalogue {
    /// The catalogue of the table in test function `test` of this test file.
    pub fn new(test: &'static str) -> Catalogue {
        Catalogue {
            file: env!("CARGO_CRATE_NAME"),
            test,
            entries: Vec::new(),
        }
    }

    /// Records a refused run under the case name `name`.
    pub fn add(&mut self, name: &str, run: &Run) {
        self.add_with_files(name, run, &[]);
    }

    /// Records a refused run under the case name `name`, with the input files it wrote in the
    /// run's directory: (file name, contents). Text files are shown as `$ cat DIR/NAME` before
    /// the command; others (binary, another encoding, control characters) only by the name.
    pub fn add_with_files(&mut self, name: &str, run: &Run, files: &[(&str, &[u8])]) {
        let inputs = files
            .iter()
            .filter_map(|(file, bytes)| {
                let text = std::str::from_utf8(bytes).ok()?;
                let printable = text
                    .chars()
                    .all(|c| !c.is_control() || matches!(c, '\n' | '\t'));
                printable.then(|| {
                    (
                        format!("DIR/{file}"),
                        text.lines().map(str::to_string).collect(),
                    )
                })
            })
            .collect();
        let dir = run.dir.as_ref().map(|d| d.display().to_string());
        let normal = |text: &str| match &dir {
            Some(dir) if !dir.is_empty() => text.replace(dir.as_str(), "DIR"),
            _ => text.to_string(),
        };
        let command = run
            .args
            .first()
            .filter(|a| CATALOGUE_COMMANDS.contains(&a.as_str()))
            .cloned()
            .unwrap_or_default();
        let command_line = std::iter::once("cmmcast".to_string())
            .chain(run.args.iter().map(|a| shell_quote(&normal(a))))
            .collect::<Vec<_>>()
            .join(" ");
        self.entries.push(CatalogueEntry {
            command,
            file: self.file.to_string(),
            test: self.test.to_string(),
            name: name.to_string(),
            inputs,
            command_line,
            stderr: normal(&run.stderr).lines().map(str::to_string).collect(),
        });
    }

    /// Checks the table's entries against the document, or writes them into it when
    /// `CMMCAST_WRITE_CATALOGUE=1`; returns what is wrong (nothing when they agree).
    pub fn finish(self) -> Vec<String> {
        let _guard = CATALOGUE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let text = match std::fs::read_to_string(ROBUSTNESS_MD) {
            Ok(text) => text,
            Err(err) => return vec![format!("cannot read {ROBUSTNESS_MD}: {err}")],
        };
        let all = match parse_catalogue(&text) {
            Ok(all) => all,
            Err(problem) => return vec![problem],
        };
        let ours = |e: &CatalogueEntry| e.file == self.file && e.test == self.test;
        let mut produced = self.entries;
        produced.sort_by_key(|e| command_rank(&e.command));
        if std::env::var("CMMCAST_WRITE_CATALOGUE").is_ok_and(|v| v == "1") {
            let mut entries: Vec<CatalogueEntry> = all.into_iter().filter(|e| !ours(e)).collect();
            entries.extend(produced);
            let updated = replace_catalogue(&text, &render_catalogue(entries));
            if updated != text {
                let temporary = format!("{ROBUSTNESS_MD}.partial");
                if let Err(err) = std::fs::write(&temporary, &updated)
                    .and_then(|()| std::fs::rename(&temporary, ROBUSTNESS_MD))
                {
                    return vec![format!("cannot write {ROBUSTNESS_MD}: {err}")];
                }
            }
            return Vec::new();
        }
        let documented: Vec<CatalogueEntry> = all.into_iter().filter(ours).collect();
        if documented == produced {
            return Vec::new();
        }
        let shown = |e: Option<&CatalogueEntry>| match e {
            Some(e) => format!("{} | {} | {}", e.name, e.command_line, e.stderr.join("\\n")),
            None => "(nothing)".to_string(),
        };
        let at = documented
            .iter()
            .zip(&produced)
            .position(|(d, p)| d != p)
            .unwrap_or(documented.len().min(produced.len()));
        vec![format!(
            "docs/ROBUSTNESS.md's catalogue differs from what {}.rs's {} refuses ({} entries \
             documented, {} produced); first difference, entry {}:\n      documented: {}\n      \
             produced:   {}\n    refresh it with `{REFRESH}`",
            self.file,
            self.test,
            documented.len(),
            produced.len(),
            at + 1,
            shown(documented.get(at)),
            shown(produced.get(at)),
        )]
    }
}

/// `arg` as a POSIX shell would need it: bare when it holds only safe characters, else in
/// single quotes.
fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./,:=+@%".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// Where a command's group comes in the catalogue.
fn command_rank(command: &str) -> usize {
    CATALOGUE_COMMANDS
        .iter()
        .position(|c| *c == command)
        .unwrap_or(CATALOGUE_COMMANDS.len())
}

/// The heading of a command's group.
fn command_heading(command: &str) -> String {
    if command.is_empty() {
        "### `cmmcast` (no command, or an unknown one)".to_string()
    } else {
        format!("### `cmmcast {command}`")
    }
}

/// The generated section's text (between the markers): entries grouped by command, then by
/// test file and function, each in the order its table added them.
pub fn render_catalogue(mut entries: Vec<CatalogueEntry>) -> String {
    // Stable: a table's entries keep their order within a command.
    entries.sort_by(|a, b| {
        (command_rank(&a.command), &a.file, &a.test).cmp(&(
            command_rank(&b.command),
            &b.file,
            &b.test,
        ))
    });
    let mut out = String::new();
    out.push_str(
        "<!-- Generated from the CLI tests (Catalogue in crates/cmmcast-cli/tests/common/mod.rs); \
         do not edit by hand. Refresh: CMMCAST_WRITE_CATALOGUE=1 cargo test -p cmmcast-cli -->\n",
    );
    let mut group: Option<(&str, &str, &str)> = None;
    for e in &entries {
        if group.is_none_or(|(c, _, _)| c != e.command) {
            out.push_str(&format!("\n{}\n", command_heading(&e.command)));
            group = None;
        }
        if group.is_none_or(|(_, f, t)| (f, t) != (e.file.as_str(), e.test.as_str())) {
            out.push_str(&format!("\nFrom `tests/{}.rs`, `{}`:\n\n", e.file, e.test));
            group = Some((&e.command, &e.file, &e.test));
        }
        out.push_str(&format!("- {}\n  ```console\n", e.name));
        for (path, lines) in &e.inputs {
            out.push_str(&format!("  $ cat {path}\n"));
            for line in lines {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push_str(&format!("  $ {}\n", e.command_line));
        for line in &e.stderr {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str("  ```\n");
    }
    out
}

/// `text` with the generated section (between the markers) replaced by `section`.
fn replace_catalogue(text: &str, section: &str) -> String {
    match (text.find(CATALOGUE_START), text.find(CATALOGUE_END)) {
        (Some(start), Some(end)) if start < end => format!(
            "{}{CATALOGUE_START}\n{section}{}",
            &text[..start],
            &text[end..]
        ),
        _ => text.to_string(),
    }
}

/// The entries of the generated section of `text` (the document), or what is wrong with it.
pub fn parse_catalogue(text: &str) -> Result<Vec<CatalogueEntry>, String> {
    let (Some(start), Some(end)) = (text.find(CATALOGUE_START), text.find(CATALOGUE_END)) else {
        return Err(format!(
            "docs/ROBUSTNESS.md has no `{CATALOGUE_START}` ... `{CATALOGUE_END}` section"
        ));
    };
    let section = &text[start + CATALOGUE_START.len()..end];
    let mut entries: Vec<CatalogueEntry> = Vec::new();
    let mut command = String::new();
    let mut source: Option<(String, String)> = None;
    let mut in_block = false;
    let bad = |n: usize, line: &str| {
        format!("docs/ROBUSTNESS.md catalogue, line {n} of the section: unexpected {line:?}")
    };
    for (n, line) in section.lines().enumerate() {
        if in_block {
            if line == "  ```" {
                in_block = false;
            } else if let Some(entry) = entries.last_mut() {
                // Empty lines of an input may have lost their indent.
                let line = match line {
                    "" => "",
                    _ => line.strip_prefix("  ").ok_or_else(|| bad(n, line))?,
                };
                if let Some(path) = line.strip_prefix("$ cat ") {
                    entry.inputs.push((path.to_string(), Vec::new()));
                } else if let Some(command) = line.strip_prefix("$ cmmcast") {
                    entry.command_line = format!("cmmcast{command}");
                } else if !entry.command_line.is_empty() {
                    entry.stderr.push(line.to_string());
                } else if let Some((_, lines)) = entry.inputs.last_mut() {
                    lines.push(line.to_string());
                } else {
                    return Err(bad(n, line));
                }
            }
        } else if let Some(heading) = line.strip_prefix("### `cmmcast") {
            command = heading
                .split('`')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            source = None;
        } else if let Some(from) = line.strip_prefix("From `tests/") {
            let mut parts = from.split('`');
            let file = parts.next().unwrap_or_default().trim_end_matches(".rs");
            let test = parts.nth(1).unwrap_or_default();
            source = Some((file.to_string(), test.to_string()));
        } else if let Some(name) = line.strip_prefix("- ") {
            let (file, test) = source.clone().ok_or_else(|| bad(n, line))?;
            entries.push(CatalogueEntry {
                command: command.clone(),
                file,
                test,
                name: name.to_string(),
                inputs: Vec::new(),
                command_line: String::new(),
                stderr: Vec::new(),
            });
        } else if line == "  ```console" {
            in_block = true;
        } else if !(line.is_empty() || line.starts_with("<!--")) {
            return Err(bad(n, line));
        }
    }
    Ok(entries)
}

// ---------------------------------------------------------------------------------------------
// Output.

/// A CSV output: header and rows of fields.
pub struct Csv {
    /// The header's column names.
    pub header: Vec<String>,
    /// The records, each a list of fields.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Parses CSV text with a header line.
    pub fn parse(text: &str) -> Result<Csv, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| format!("unreadable CSV header: {e}"))?
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_string).collect())
                    .map_err(|e| format!("unreadable CSV row: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Csv { header, rows })
    }

    /// The position of `column` in the header.
    pub fn index(&self, column: &str) -> Result<usize, String> {
        self.header
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| format!("no column {column} in {:?}", self.header))
    }

    /// A column as numbers; every field must be a finite number.
    pub fn numbers(&self, column: &str) -> Result<Vec<f64>, String> {
        let i = self.index(column)?;
        self.rows
            .iter()
            .enumerate()
            .map(|(r, row)| finite(&row[i]).map_err(|e| format!("row {}, {column}: {e}", r + 1)))
            .collect()
    }

    /// The `year` column as whole numbers.
    pub fn years(&self) -> Result<Vec<i32>, String> {
        let i = self.index("year")?;
        self.rows
            .iter()
            .map(|row| {
                row[i]
                    .parse()
                    .map_err(|_| format!("year `{}` is not a whole number", row[i]))
            })
            .collect()
    }
}

/// A field that must hold a finite number (`NaN`, `inf` and empty fields are refused).
pub fn finite(field: &str) -> Result<f64, String> {
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) => Err(format!("`{field}` is not finite ({v})")),
        Err(_) => Err(format!("`{field}` is not a number")),
    }
}

/// The words of any output format (CSV, JSON or table): `text` split at white space, CSV and
/// JSON punctuation and table borders, so that a printed number stands alone.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ",;=:()[]{}\"│┆".contains(c))
}

// ---------------------------------------------------------------------------------------------
// The independent reference.

/// Relative tolerance against the reference, where the mathematics is exact.
pub const RELATIVE: f64 = 1e-9;

/// Whether `ours` is within [`RELATIVE`] of `theirs`.
pub fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= RELATIVE * theirs.abs().max(1e-300)
}

/// The reference values: statsmodels and numpy on the Songzao plan, from
/// crates/cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json.
pub fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the reference fixture"))
        .expect("the fixture is JSON")
}

/// The calibrated intervals' reference values: the Python prototype's tables, worked cases and
/// the Songzao default forecast, from
/// crates/cmmcast-forecast/tests/fixtures/calibration/calibration_expected.json.
pub fn calibration_fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cmmcast-forecast/tests/fixtures/calibration/calibration_expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the calibration fixture"))
        .expect("the fixture is JSON")
}

/// The parsed CSV of a run that succeeded with nothing on standard error but notes and warnings,
/// or what went wrong.
pub fn clean_csv(run: &Run) -> Result<Csv, String> {
    if run.code != Some(0) {
        return Err(format!(
            "exit code {:?}, expected 0; stderr {:?}",
            run.code, run.stderr
        ));
    }
    // CSV output has its notes and warnings on standard error, and nothing else there.
    if let Some(line) = run
        .stderr
        .lines()
        .find(|l| !(l.starts_with("note: ") || l.starts_with("warning: ")))
    {
        return Err(format!(
            "stderr has a line that is neither a note nor a warning: {line:?}"
        ));
    }
    Csv::parse(&run.stdout)
}

/// The parsed JSON of a run that succeeded, or what went wrong.
pub fn clean_json(run: &Run) -> Result<serde_json::Value, String> {
    if run.code != Some(0) {
        return Err(format!("exit code {:?}; stderr {:?}", run.code, run.stderr));
    }
    serde_json::from_str(&run.stdout).map_err(|e| format!("not JSON: {e}"))
}

/// The hand calculation's inputs: the Songzao plant defaults and the sourced constants
/// ([SOURCES: iso-6976], 3 and 5), typed in independently of the code.
pub mod hand {
    /// Songzao plant capacity, MW ([SOURCES: songzao-article]).
    pub const CAPACITY_MW: f64 = 26.9;
    /// Default electrical efficiency, fraction of the lower heating value.
    pub const EFFICIENCY: f64 = 0.38;
    /// Default availability, fraction of the year at full load.
    pub const AVAILABILITY: f64 = 0.9;
    /// Lower heating value of methane at 20 °C, 101.325 kPa, MJ/m3 (ISO 6976:2016).
    pub const LHV_MJ_PER_M3: f64 = 33.43;
    /// Density of methane at 20 °C, 101.325 kPa, kg/m3 (ISO 6976:2016).
    pub const DENSITY_KG_PER_M3: f64 = 0.6681;
    /// Hours in the accounting year (365 days).
    pub const HOURS: f64 = 8760.0;
    /// Default share of the burnt methane the engines destroy.
    pub const DESTRUCTION: f64 = 0.995;
    /// t CO2 from burning one t CH4: 44/16.
    pub const CO2_PER_CH4: f64 = 2.75;
    /// 100-year GWP of CH4, IPCC AR5 (the default).
    pub const GWP_AR5: f64 = 28.0;
    /// 100-year GWP of fossil CH4, IPCC AR6.
    pub const GWP_AR6: f64 = 29.8;
}

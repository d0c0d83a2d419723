//! Helpers shared by the CLI integration tests: running `cmmcast` and capturing what it gave,
//! checking that a run is a proper refusal, collecting the failures of a table of cases into one
//! assertion, temporary input files, CSV output, and the independent reference fixture.
//!
//! Each test file includes this module with `mod common;` and becomes its own test binary.

// Each test binary uses a different subset of these helpers; what one binary leaves unused is
// not dead code.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// What one run of `cmmcast` gave.
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, decoded lossily as UTF-8.
    pub stdout: String,
    /// Standard error, decoded lossily as UTF-8.
    pub stderr: String,
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

/// The parsed CSV of a run that succeeded with nothing on standard error, or what went wrong.
pub fn clean_csv(run: &Run) -> Result<Csv, String> {
    if run.code != Some(0) {
        return Err(format!(
            "exit code {:?}, expected 0; stderr {:?}",
            run.code, run.stderr
        ));
    }
    if !run.stderr.is_empty() {
        return Err(format!("stderr is not empty: {:?}", run.stderr));
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
/// (shared/reference/domain.md, sections 2, 3 and 5), typed in independently of the code.
pub mod hand {
    /// Songzao plant capacity, MW (the seed article).
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

//! Where output goes, and what it may never replace (issue 15, item 5): every file-writing flag
//! (`simulate --paths-out`, `backtest --details`, `report --out`'s files) follows one set of
//! rules, the CLI's `output` module:
//!
//! - a regular file (or a new name) is written to a temporary file beside it and renamed into
//!   place, so that a failure leaves no partial file and no temporary file;
//! - an input of the command (`--input`, `--facts`, `--scenario`) is never
//!   written over, not even with `--force`;
//! - an existing file needs `--force`;
//! - a named pipe, a character device (`/dev/null`, `/dev/full`, a terminal), standard output
//!   by name (`/dev/stdout`) and `-` are written in place, streamed, and never replaced; a write
//!   error there is one sentence naming the path.

mod common;

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{
    Catalogue, Csv, Run, cmmcast_in, collect, files, missing_phrases, refusal_form_problems,
    report, with_stderr,
};

/// The header of `--paths-out`.
const PATHS_HEADER: &str = "site,path,model,year,methane_mm3,burnt_mm3,surplus_mm3,\
                            utilization,electricity_gwh,co2e_avoided_kt";

/// The header of `backtest --details` at the default levels.
const DETAILS_HEADER: &str = "site,model,origin,n_train,year,horizon,actual,point,lower_80,\
                              upper_80,lower_95,upper_95,error,scaled_error";

/// A quick simulation: 50 paths over 2017 and 2018, so `--paths-out` holds 50 x 2 = 100 rows.
const QUICK: [&str; 4] = ["--paths", "50", "--to", "2018"];

/// Rows of a quick simulation's paths file: 50 paths x 2 years.
const QUICK_ROWS: usize = 100;

/// A mine's own data, as a user would pass it with `--input`.
const MINE_CSV: &str = "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,239.87\n\
                        2014,7350,259.24\n2015,7950,282.86\n2016,8600,304.84\n";

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Problems with a quick simulation's paths file: not the header, or not 100 rows.
fn paths_problems(text: &str) -> Vec<String> {
    match Csv::parse(text) {
        Ok(csv) if csv.header.join(",") == PATHS_HEADER && csv.rows.len() == QUICK_ROWS => {
            Vec::new()
        }
        Ok(csv) => vec![format!(
            "paths file: header {:?} and {} rows, expected {QUICK_ROWS} rows",
            csv.header.join(","),
            csv.rows.len()
        )],
        Err(e) => vec![format!("paths file: {e} in {:?}", short(text))],
    }
}

/// The first 200 characters of `text`, for messages.
fn short(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `mkfifo PATH`.
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `cmmcast ARGS` (with `{dir}` and `{fifo}`) while a thread reads everything the FIFO at
/// `fifo` receives; returns the run, what the reader read, and whether `fifo` is still a FIFO.
///
/// A run that replaces the FIFO instead of writing into it would leave the reader waiting for a
/// writer for ever; `keep`, a second name (hard link) of the same FIFO, lets the test open it
/// for writing once the run is over, which ends the reader with whatever it got (nothing).
fn run_into_fifo(dir: &Path, fifo: &Path, keep: &Path, args: &[&str]) -> (Run, String, bool) {
    let reader_path = fifo.to_path_buf();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let read = std::fs::File::open(&reader_path).and_then(|mut f| f.read_to_string(&mut text));
        read.map(|_| text)
    });
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{fifo}", &fifo.display().to_string()))
        .collect();
    let run = cmmcast_in(Some(dir), &args, &[]);
    let still_fifo = std::fs::symlink_metadata(fifo).is_ok_and(|m| m.file_type().is_fifo());
    let deadline = Instant::now() + Duration::from_secs(20);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if !reader.is_finished() {
        // Nobody wrote into the FIFO: open its other name for writing and close it at once.
        drop(std::fs::OpenOptions::new().write(true).open(keep));
    }
    let text = reader
        .join()
        .expect("the reader thread")
        .expect("the FIFO reads");
    (run, text, still_fifo)
}

/// A folder `out` holding the FIFO `out/NAME`, and its second name `keep` beside `out`.
fn fifo_in(root: &Path, name: &str) -> (PathBuf, PathBuf) {
    let out = root.join("out");
    std::fs::create_dir(&out).expect("a folder");
    let fifo = out.join(name);
    mkfifo(&fifo);
    let keep = root.join("keep");
    std::fs::hard_link(&fifo, &keep).expect("a second name for the FIFO");
    (fifo, keep)
}

#[test]
fn paths_out_into_a_named_pipe_streams_into_it_and_leaves_the_pipe() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let (fifo, keep) = fifo_in(root.path(), "paths.csv");
    let mut args = vec!["simulate", "--paths-out", "{fifo}"];
    args.extend(QUICK);
    let (run, text, still_fifo) = run_into_fifo(root.path(), &fifo, &keep, &args);
    let mut problems = Vec::new();
    if run.code != Some(0) {
        problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
    }
    problems.extend(paths_problems(&text));
    if !still_fifo {
        problems.push("the named pipe was replaced by a regular file".into());
    }
    if listing(&root.path().join("out")) != ["paths.csv"] {
        problems.push(format!(
            "the folder holds {:?}",
            listing(&root.path().join("out"))
        ));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn details_into_a_named_pipe_streams_into_it_and_leaves_the_pipe() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let (fifo, keep) = fifo_in(root.path(), "details.csv");
    let args = ["backtest", "--details", "{fifo}"];
    let (run, text, still_fifo) = run_into_fifo(root.path(), &fifo, &keep, &args);
    let mut problems = Vec::new();
    if run.code != Some(0) {
        problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
    }
    if !text.starts_with(&format!("{DETAILS_HEADER}\n")) {
        problems.push(format!("the pipe received {:?}", short(&text)));
    }
    if !still_fifo {
        problems.push("the named pipe was replaced by a regular file".into());
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `-` is standard output: the file's contents alone go there, and the table that would have
/// gone there goes to standard error instead, so that a pipe receives one clean CSV.
#[test]
fn a_dash_writes_the_file_to_standard_output_and_the_table_to_standard_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut simulate = vec!["simulate", "--paths-out", "-", "--format", "csv"];
    simulate.extend(QUICK);
    let backtest = ["backtest", "--details", "-", "--format", "csv"];
    let mut failures = Vec::new();
    for (name, args) in [("simulate", &simulate[..]), ("backtest", &backtest[..])] {
        let output = assert_cmd::Command::cargo_bin("cmmcast")
            .expect("the binary")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("cmmcast runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut problems = Vec::new();
        if output.status.code() != Some(0) {
            problems.push(format!("exit code {:?}: {stderr}", output.status.code()));
        }
        match name {
            "simulate" => {
                problems.extend(paths_problems(&stdout));
                if !stderr.starts_with("site,quantity,year,") && !stderr.contains("quantity") {
                    problems.push(format!("stderr lacks the table: {:?}", short(&stderr)));
                }
            }
            _ => {
                if !stdout.starts_with(&format!("{DETAILS_HEADER}\n")) {
                    problems.push(format!("stdout is {:?}", short(&stdout)));
                }
                if !stderr.contains("mase_drift") {
                    problems.push(format!("stderr lacks the table: {:?}", short(&stderr)));
                }
            }
        }
        if !listing(dir.path()).is_empty() {
            problems.push(format!("files written: {:?}", listing(dir.path())));
        }
        collect(&mut failures, name, problems);
    }
    report("runs writing to -", 2, failures);
}

/// `/dev/stdout` is standard output whatever it is: here a pipe, which is written into, so
/// the paths arrive on standard output as with `-`.
#[test]
fn dev_stdout_is_written_in_place() {
    if !Path::new("/dev/stdout").exists() {
        eprintln!("skipped: this system has no /dev/stdout");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut args = vec!["simulate", "--paths-out", "/dev/stdout", "--format", "csv"];
    args.extend(QUICK);
    let run = cmmcast_in(Some(dir.path()), &args, &[]);
    let mut problems = Vec::new();
    if run.code != Some(0) {
        problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
    }
    problems.extend(paths_problems(&run.stdout));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A full device refuses every write with ENOSPC: one sentence naming it, exit 1 (the output
/// cannot be written, as for a full disk), and the device is still a device (a run as root
/// must never replace its node).
#[test]
fn a_full_device_gives_one_sentence_and_stays_a_device() {
    let full = Path::new("/dev/full");
    if !std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        eprintln!("skipped: this system has no /dev/full");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut simulate = vec!["simulate", "--paths-out", "/dev/full"];
    simulate.extend(QUICK);
    let backtest = ["backtest", "--details", "/dev/full"];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("a_full_device_gives_one_sentence_and_stays_a_device");
    for (name, args, flag) in [
        (
            "--paths-out onto a full device",
            &simulate[..],
            "--paths-out",
        ),
        ("--details onto a full device", &backtest[..], "--details"),
    ] {
        let run = cmmcast_in(Some(dir.path()), args, &[]);
        catalogue.add(name, &run);
        // The form of a refusal, with exit code 1 instead of 2.
        let mut problems: Vec<String> = refusal_form_problems(&run)
            .into_iter()
            .filter(|p| !p.starts_with("exit code"))
            .collect();
        if run.code != Some(1) {
            problems.push(format!("exit code {:?}, expected 1", run.code));
        }
        problems.extend(missing_phrases(
            &run.stderr,
            &[
                &format!("cannot write {flag} /dev/full"),
                "No space left on device",
            ],
        ));
        if !std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
            problems.push("/dev/full is no longer a character device".into());
        }
        collect(&mut failures, name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("writes onto a full device", 2, failures);
}

/// `/dev/null` is a character device: written into, nothing replaced, no `--force` needed.
#[test]
fn dev_null_takes_the_output_without_force() {
    if !std::fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device()) {
        eprintln!("skipped: this system has no /dev/null");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut args = vec!["simulate", "--paths-out", "/dev/null"];
    args.extend(QUICK);
    let run = cmmcast_in(Some(dir.path()), &args, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device()));
}

/// One refusal of an output path: the files it starts with, its command line, and what the
/// message must say; the files must be unchanged afterwards and no temporary file left.
struct Refusal {
    name: &'static str,
    /// Files in the run's directory before it: (name, contents).
    files: &'static [(&'static str, &'static str)],
    /// Symbolic links in the run's directory: (link, target name).
    links: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

/// A scenario that changes nothing.
const EMPTY_SCENARIO: &str = "[scenario]\nname = \"plain\"\n";

/// Site facts for the one site of [`MINE_CSV`] (the site without a name is `default`).
const FACTS_TOML: &str = "[[sites]]\nname = \"default\"\nplant_capacity_mw = 10\n";

fn refusals() -> Vec<Refusal> {
    vec![
        Refusal {
            name: "--paths-out onto the --input file",
            files: &[("mine.csv", MINE_CSV)],
            links: &[],
            args: &[
                "simulate",
                "--input",
                "{dir}/mine.csv",
                "--paths-out",
                "{dir}/mine.csv",
            ],
            expect: &["--paths-out {dir}/mine.csv", "--input", "another file name"],
        },
        Refusal {
            name: "--paths-out onto the --input file, with --force",
            files: &[("mine.csv", MINE_CSV)],
            links: &[],
            args: &[
                "simulate",
                "--input",
                "{dir}/mine.csv",
                "--paths-out",
                "{dir}/mine.csv",
                "--force",
            ],
            expect: &["--paths-out {dir}/mine.csv", "--input", "--force never"],
        },
        Refusal {
            name: "--paths-out onto a link to the --input file",
            files: &[("mine.csv", MINE_CSV)],
            links: &[("link.csv", "mine.csv")],
            args: &[
                "simulate",
                "--input",
                "{dir}/mine.csv",
                "--paths-out",
                "{dir}/link.csv",
                "--force",
            ],
            expect: &["--paths-out {dir}/link.csv", "--input"],
        },
        Refusal {
            name: "--paths-out onto the --scenario file",
            files: &[("plain.toml", EMPTY_SCENARIO)],
            links: &[],
            args: &[
                "simulate",
                "--scenario",
                "{dir}/plain.toml",
                "--paths-out",
                "{dir}/plain.toml",
                "--force",
            ],
            expect: &["--paths-out {dir}/plain.toml", "--scenario"],
        },
        Refusal {
            name: "--paths-out onto the --facts file",
            files: &[("mine.csv", MINE_CSV), ("facts.toml", FACTS_TOML)],
            links: &[],
            args: &[
                "simulate",
                "--input",
                "{dir}/mine.csv",
                "--facts",
                "{dir}/facts.toml",
                "--paths-out",
                "{dir}/facts.toml",
                "--force",
            ],
            expect: &["--paths-out {dir}/facts.toml", "--facts"],
        },
        Refusal {
            name: "--details onto the --input file",
            files: &[("mine.csv", MINE_CSV)],
            links: &[],
            args: &[
                "backtest",
                "--input",
                "{dir}/mine.csv",
                "--details",
                "{dir}/mine.csv",
                "--force",
            ],
            expect: &["--details {dir}/mine.csv", "--input", "--force never"],
        },
        Refusal {
            name: "--paths-out onto an existing file",
            files: &[("paths.csv", "a file of mine\n")],
            links: &[],
            args: &["simulate", "--paths-out", "{dir}/paths.csv"],
            expect: &[
                "--paths-out {dir}/paths.csv",
                "already exists",
                "add --force",
                "another file name",
            ],
        },
        Refusal {
            name: "--details onto an existing file",
            files: &[("details.csv", "a file of mine\n")],
            links: &[],
            args: &["backtest", "--details", "{dir}/details.csv"],
            expect: &[
                "--details {dir}/details.csv",
                "already exists",
                "add --force",
            ],
        },
        Refusal {
            name: "a report file onto the --input file, with --force",
            files: &[("forecast.csv", MINE_CSV)],
            links: &[],
            args: &[
                "report",
                "--input",
                "{dir}/forecast.csv",
                "--out",
                "{dir}",
                "--force",
                "--paths",
                "200",
                "--size-paths",
                "50",
                "--economics-paths",
                "50",
                "--to",
                "2018",
                "--lifetime-years",
                "2",
            ],
            expect: &["{dir}/forecast.csv", "--input", "--out"],
        },
    ]
}

#[test]
fn no_output_replaces_an_input_and_an_existing_file_needs_force() {
    let cases = refusals();
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("no_output_replaces_an_input_and_an_existing_file_needs_force");
    for case in &cases {
        let dir = files(case.files);
        for (link, target) in case.links {
            std::os::unix::fs::symlink(target, dir.path().join(link)).expect("a link");
        }
        let run = cmmcast_in(Some(dir.path()), case.args, &[]);
        let shown: Vec<(&str, &[u8])> = case
            .files
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect();
        catalogue.add_with_files(case.name, &run, &shown);
        let expect: Vec<String> = case
            .expect
            .iter()
            .map(|e| e.replace("{dir}", &dir.path().display().to_string()))
            .collect();
        let expect: Vec<&str> = expect.iter().map(String::as_str).collect();
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, &expect));
        for (name, text) in case.files {
            let now = std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
            if now != *text {
                problems.push(format!("{name} changed: {:?}", short(&now)));
            }
        }
        let mut before: Vec<String> = case
            .files
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(case.links.iter().map(|(n, _)| n.to_string()))
            .collect();
        before.sort();
        if listing(dir.path()) != before {
            problems.push(format!("the folder holds {:?}", listing(dir.path())));
        }
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refused output paths", cases.len(), failures);
}

/// With `--force` an existing regular file is replaced through a temporary file: the new
/// contents, no temporary file left, and the file's permissions kept.
#[test]
fn force_replaces_an_existing_file_and_leaves_no_temporary() {
    use std::os::unix::fs::PermissionsExt;
    let dir = files(&[("paths.csv", "a file of mine\n"), ("details.csv", "mine\n")]);
    let path = dir.path().join("paths.csv");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let mut args = vec!["simulate", "--paths-out", "{dir}/paths.csv", "--force"];
    args.extend(QUICK);
    let run = cmmcast_in(Some(dir.path()), &args, &[]);
    let mut problems = Vec::new();
    if run.code != Some(0) {
        problems.push(format!(
            "simulate: exit code {:?}: {}",
            run.code, run.stderr
        ));
    }
    problems.extend(paths_problems(
        &std::fs::read_to_string(&path).unwrap_or_default(),
    ));
    let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
    if mode.as_ref().ok() != Some(&0o640) {
        problems.push(format!(
            "the mode is {:?}, was 0o640",
            mode.map(|m| format!("{m:o}"))
        ));
    }
    let run = cmmcast_in(
        Some(dir.path()),
        &["backtest", "--details", "{dir}/details.csv", "--force"],
        &[],
    );
    if run.code != Some(0) {
        problems.push(format!(
            "backtest: exit code {:?}: {}",
            run.code, run.stderr
        ));
    }
    let details = std::fs::read_to_string(dir.path().join("details.csv")).unwrap_or_default();
    if !details.starts_with(&format!("{DETAILS_HEADER}\n")) {
        problems.push(format!("details.csv holds {:?}", short(&details)));
    }
    if listing(dir.path()) != ["details.csv", "paths.csv"] {
        problems.push(format!("the folder holds {:?}", listing(dir.path())));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A new file is written through a temporary file of a name no other file has, in the file's
/// own folder, and renamed: a user's file whose name looks like a temporary one (an earlier
/// version wrote `NAME.partial`) is left alone, and no temporary file is left behind.
#[test]
fn a_new_file_needs_no_force_and_spares_a_file_named_like_a_temporary() {
    let dir = files(&[("mine.csv", MINE_CSV), ("paths.csv.partial", "keep me\n")]);
    let mut args = vec![
        "simulate",
        "--input",
        "{dir}/mine.csv",
        "--paths-out",
        "{dir}/paths.csv",
    ];
    args.extend(QUICK);
    let run = cmmcast_in(Some(dir.path()), &args, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("paths.csv")).unwrap_or_default();
    let mut problems = paths_problems(&text);
    if listing(dir.path()) != ["mine.csv", "paths.csv", "paths.csv.partial"] {
        problems.push(format!("the folder holds {:?}", listing(dir.path())));
    }
    let kept = std::fs::read_to_string(dir.path().join("paths.csv.partial")).unwrap_or_default();
    if kept != "keep me\n" {
        problems.push(format!("paths.csv.partial holds {:?}", short(&kept)));
    }
    if std::fs::read_to_string(dir.path().join("mine.csv")).unwrap_or_default() != MINE_CSV {
        problems.push("the input changed".into());
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// What is neither a regular file, a named pipe nor a character device cannot take a CSV: a
/// socket is refused before anything is computed, and left where it was; so is a named pipe
/// where a report's file would go (a report's files are renamed into place together).
#[test]
fn a_socket_and_a_pipe_in_a_report_folder_are_refused_and_left() {
    use std::os::unix::net::UnixListener;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let _listener = UnixListener::bind(dir.path().join("paths.sock")).expect("a socket");
    let report_dir = dir.path().join("r");
    std::fs::create_dir(&report_dir).expect("a folder");
    mkfifo(&report_dir.join("forecast.csv"));
    let mut simulate = vec!["simulate", "--paths-out", "{dir}/paths.sock", "--force"];
    simulate.extend(QUICK);
    let report_args = [
        "report",
        "--out",
        "{dir}/r",
        "--force",
        "--paths",
        "200",
        "--size-paths",
        "50",
        "--economics-paths",
        "50",
        "--to",
        "2018",
        "--lifetime-years",
        "2",
    ];
    let cases: [(&str, &[&str], &[&str]); 2] = [
        (
            "--paths-out onto a socket",
            &simulate,
            &[
                "--paths-out {dir}/paths.sock",
                "socket",
                "another file name",
            ],
        ),
        (
            "a report file onto a named pipe",
            &report_args,
            &["{dir}/r/forecast.csv", "named pipe", "--out"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("a_socket_and_a_pipe_in_a_report_folder_are_refused_and_left");
    for (name, args, expect) in cases {
        let run = cmmcast_in(Some(dir.path()), args, &[]);
        catalogue.add(name, &run);
        let expect: Vec<String> = expect
            .iter()
            .map(|e| e.replace("{dir}", &dir.path().display().to_string()))
            .collect();
        let expect: Vec<&str> = expect.iter().map(String::as_str).collect();
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, &expect));
        collect(&mut failures, name, with_stderr(problems, &run));
    }
    let is = |path: PathBuf, check: fn(&std::fs::FileType) -> bool| {
        std::fs::symlink_metadata(path).is_ok_and(|m| check(&m.file_type()))
    };
    if !is(dir.path().join("paths.sock"), |t| t.is_socket()) {
        failures.push("the socket was replaced".into());
    }
    if !is(report_dir.join("forecast.csv"), |t| t.is_fifo()) {
        failures.push("the named pipe was replaced".into());
    }
    if listing(&report_dir) != ["forecast.csv"] {
        failures.push(format!(
            "the report folder holds {:?}",
            listing(&report_dir)
        ));
    }
    if listing(dir.path()) != ["paths.sock", "r"] {
        failures.push(format!("the folder holds {:?}", listing(dir.path())));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("special files", 2, failures);
}

/// A reader that stops early: on a named pipe it is an error of the run (exit 1, one sentence
/// naming the pipe), on standard output the reader's choice (exit 0, nothing said), as for
/// the table (`cmmcast data | head -1`).
#[test]
fn a_reader_that_stops_early_is_an_error_on_a_pipe_and_quiet_on_standard_output() {
    // 20,000 paths x 2 years, megabytes: far more than a pipe's buffer.
    let many = ["--paths", "20000", "--to", "2018", "--quiet"];
    let root = tempfile::tempdir().expect("a temporary directory");
    let (fifo, keep) = fifo_in(root.path(), "paths.csv");
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut first = [0_u8; 100];
        let mut file = std::fs::File::open(&reader_path)?;
        file.read_exact(&mut first)
    });
    let mut args = vec!["simulate", "--paths-out", "{dir}/out/paths.csv"];
    args.extend(many);
    let run = cmmcast_in(Some(root.path()), &args, &[]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if !reader.is_finished() {
        // Nobody wrote into the FIFO (see `run_into_fifo`).
        drop(std::fs::OpenOptions::new().write(true).open(&keep));
    }
    let _ = reader.join();
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new(
        "a_reader_that_stops_early_is_an_error_on_a_pipe_and_quiet_on_standard_output",
    );
    catalogue.add("--paths-out into a named pipe whose reader stops", &run);
    let mut problems: Vec<String> = refusal_form_problems(&run)
        .into_iter()
        .filter(|p| !p.starts_with("exit code"))
        .collect();
    if run.code != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", run.code));
    }
    let shown = format!("cannot write --paths-out {} (a named pipe)", fifo.display());
    problems.extend(missing_phrases(&run.stderr, &[&shown, "Broken pipe"]));
    if !std::fs::symlink_metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo()) {
        problems.push("the named pipe was replaced".into());
    }
    collect(&mut failures, "named pipe", with_stderr(problems, &run));

    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cmmcast"))
        .args(["simulate", "--paths-out", "-"])
        .args(many)
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cmmcast starts");
    let mut first = [0_u8; 100];
    let mut stdout = child.stdout.take().expect("its standard output");
    stdout.read_exact(&mut first).expect("the first bytes");
    drop(stdout);
    let output = child.wait_with_output().expect("cmmcast ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if output.status.code() != Some(0) || !stderr.is_empty() {
        problems.push(format!(
            "exit code {:?} and stderr {:?}, expected 0 and nothing",
            output.status.code(),
            short(&stderr)
        ));
    }
    if !listing(dir.path()).is_empty() {
        problems.push(format!("files written: {:?}", listing(dir.path())));
    }
    collect(&mut failures, "standard output", problems);
    collect(&mut failures, "catalogue", catalogue.finish());
    report("readers that stop early", 2, failures);
}

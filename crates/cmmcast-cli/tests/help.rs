//! Help and version: exit code 0, text on standard output, nothing on standard error, and the
//! help says what every flag takes, its unit and its default.
//!
//! One table, one loop; all failing cases are reported together at the end.

mod common;

use common::{cmmcast, collect, report};

/// One help or version request and what its output must mention.
struct Case {
    /// The command line after `cmmcast`.
    args: &'static [&'static str],
    /// Phrases stdout must contain. Runs of whitespace count as one space, so that line
    /// wrapping (which follows the terminal width) does not matter.
    mentions: &'static [&'static str],
}

const DATA_HELP: &[&str] = &[
    "--input <FILE>",
    "--facts <FILE>",
    "--site <NAME>",
    "--format <FORMAT>",
    "coal_kt (thousand t/yr)",
    "methane_mm3 (million m3 CH4/yr)",
    "plant capacity (MW)",
    "[default: table]",
    "[default: the embedded Songzao plan 2012-2016]",
    "Possible values: - table:",
    "- csv:",
    "- json:",
];

fn cases() -> Vec<Case> {
    vec![
        Case {
            args: &["--help"],
            mentions: &[
                "Usage: cmmcast <COMMAND>",
                "Commands: data Print the dataset",
                "embedded Songzao plan",
                "Exit codes: 0 success, 2 bad input or usage, 1 anything else",
            ],
        },
        Case {
            args: &["-h"],
            mentions: &["Usage: cmmcast <COMMAND>", "data"],
        },
        Case {
            args: &["data", "--help"],
            mentions: DATA_HELP,
        },
        Case {
            args: &["help", "data"],
            mentions: DATA_HELP,
        },
        Case {
            args: &["report", "--help"],
            mentions: &[
                "self-contained report.html",
                "--out <DIR>",
                "[default: cmmcast-report]",
                "--force",
                "--size-paths <N>",
                "[default: 10000]",
                "--tornado-output <QUANTITY>",
                "--tornado-year <YEAR>",
                "10, 50 and 90 are always included",
                "--scenario <FILE>",
                "--capacity-mw <MW>",
            ],
        },
        Case {
            args: &["--version"],
            mentions: &[concat!("cmmcast ", env!("CARGO_PKG_VERSION"))],
        },
    ]
}

/// `text` with every run of whitespace replaced by one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn help_and_version_exit_0_and_say_what_each_flag_takes() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let run = cmmcast(case.args);
        let stdout = squeeze(&run.stdout);
        let stderr = run.stderr;
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}, expected 0", run.code));
        }
        if !stderr.is_empty() {
            problems.push(format!("stderr is not empty: {stderr:?}"));
        }
        for phrase in case.mentions {
            if !stdout.contains(phrase) {
                problems.push(format!("stdout lacks {phrase:?}"));
            }
        }
        if !problems.is_empty() {
            problems.push(format!("stdout was: {stdout:?}"));
        }
        collect(
            &mut failures,
            &format!("cmmcast {}", case.args.join(" ")),
            problems,
        );
    }
    report("help cases", cases.len(), failures);
}

/// `cmmcast 0.1.0 (abc1234)`: the package version and the commit the build script recorded
/// (`-dirty` with uncommitted changes; `unknown` outside a git checkout).
#[test]
fn version_is_one_line_with_the_package_version_and_the_commit() {
    for flag in ["--version", "-V"] {
        let run = cmmcast(&[flag]);
        assert_eq!(run.code, Some(0), "{flag}");
        assert!(run.stderr.is_empty(), "{flag}: {}", run.stderr);
        let prefix = concat!("cmmcast ", env!("CARGO_PKG_VERSION"), " (");
        let commit = run
            .stdout
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(")\n"))
            .unwrap_or_else(|| panic!("{flag}: {:?}", run.stdout));
        let hash = commit
            .strip_suffix("-dirty")
            .or_else(|| commit.strip_suffix("-unknown-state"))
            .unwrap_or(commit);
        assert!(
            hash == "unknown"
                || ((7..=40).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())),
            "{flag}: {commit:?} is neither a short commit nor unknown"
        );
    }
}

/// In a git checkout with git at hand (a developer's, CI's clone), the commit is HEAD's, so
/// the build script's watch on HEAD and the branch keeps it fresh after a commit or checkout.
#[test]
fn version_names_the_checked_out_commit() {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // The build script read git (not CMMCAST_COMMIT, and git worked then).
    if env!("CMMCAST_COMMIT_SOURCE") != "git" {
        eprintln!(
            "skipped: the commit came from {}",
            env!("CMMCAST_COMMIT_SOURCE")
        );
        return;
    }
    let head = git(&["rev-parse", "--short", "HEAD"]).expect("git worked for the build script");
    let run = cmmcast(&["--version"]);
    let shown = run.stdout.trim_end();
    assert!(
        shown.contains(&format!("({head}")),
        "{shown:?} does not name HEAD {head}"
    );
}

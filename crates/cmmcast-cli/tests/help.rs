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

#[test]
fn version_is_one_line_with_the_package_version() {
    let run = cmmcast(&["--version"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(
        run.stdout,
        concat!("cmmcast ", env!("CARGO_PKG_VERSION"), "\n")
    );
}

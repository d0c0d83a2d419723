//! No colour anywhere: help, errors, tables, completions and the progress bar are plain text,
//! with `NO_COLOR` set or not, and even in a terminal with `CLICOLOR_FORCE=1` (which cmmcast
//! does not honour: it has no colour to force). The only escape sequences it writes are the
//! progress bar's line redraws, on a terminal's standard error.

mod common;

use common::{cmmcast_in, collect, report};

/// A colour or other graphic rendition sequence (`ESC [ ... m`), if `text` has one.
fn sgr(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        let tail = &rest[at + 2..];
        let end = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(tail.len());
        if tail[end..].starts_with('m') {
            return Some(&rest[at..at + 2 + end + 1]);
        }
        rest = tail;
    }
    None
}

/// Command lines that print help, errors, tables and scripts.
const COMMANDS: &[&[&str]] = &[
    &["--help"],
    &["forecast", "--help"],
    &["help", "simulate"],
    &["--version"],
    &["data"],
    &["fit"],
    &["data", "--bogus"],
    &["forecast", "--model", "exponental"],
    &["frobnicate"],
    &["data", "--site", "Songzo"],
    &["completions", "zsh"],
];

#[test]
fn no_escape_sequences_in_help_errors_tables_or_scripts() {
    let mut failures = Vec::new();
    for env in [
        &[("NO_COLOR", "1")][..],
        &[("CLICOLOR_FORCE", "1"), ("TERM", "xterm-256color")][..],
    ] {
        for args in COMMANDS {
            let run = cmmcast_in(None, args, env);
            let mut problems = Vec::new();
            for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                if text.contains('\u{1b}') {
                    problems.push(format!("{stream} holds an escape sequence: {text:?}"));
                }
            }
            collect(
                &mut failures,
                &format!("{env:?} {}", args.join(" ")),
                problems,
            );
        }
    }
    report("runs", 2 * COMMANDS.len(), failures);
}

/// In a terminal (a pseudo-terminal from util-linux's `script`), where a progress bar and any
/// colour would show: no colour, with or without NO_COLOR. Skipped where `script` is missing.
#[test]
fn no_colour_in_a_terminal_either() {
    let binary = env!("CARGO_BIN_EXE_cmmcast");
    let lines = [
        format!("{binary} --help"),
        format!("{binary} data"),
        format!("{binary} data --bogus"),
        // Long enough for the progress bar (2,000,000 path-years), its output thrown away.
        format!("{binary} simulate --paths 150000 --format csv > /dev/null"),
    ];
    let mut failures = Vec::new();
    for no_color in [true, false] {
        for line in &lines {
            let mut command = std::process::Command::new("script");
            command
                .args(["-qec", line, "/dev/null"])
                .env("TERM", "xterm-256color")
                .env("CLICOLOR_FORCE", "1");
            if no_color {
                command.env("NO_COLOR", "1");
            } else {
                command.env_remove("NO_COLOR");
            }
            let Ok(output) = command.output() else {
                eprintln!("skipped: util-linux's script is not installed");
                return;
            };
            let text = String::from_utf8_lossy(&output.stdout);
            if text.is_empty() && !output.stderr.is_empty() {
                // `script` itself failed, typically for want of a pseudo-terminal.
                eprintln!(
                    "skipped: script could not run: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                return;
            }
            let mut problems = Vec::new();
            if let Some(sequence) = sgr(&text) {
                problems.push(format!("colour sequence {sequence:?} in {text:?}"));
            }
            if line.contains("simulate") && !text.contains("simulating") {
                problems.push(format!("no progress bar, so no terminal: {text:?}"));
            }
            collect(
                &mut failures,
                &format!(
                    "NO_COLOR {}: {line}",
                    if no_color { "set" } else { "unset" }
                ),
                problems,
            );
        }
    }
    report("terminal runs", 2 * lines.len(), failures);
}

#[test]
fn the_colour_check_finds_colour() {
    assert_eq!(sgr("plain \u{1b}[2K text"), None);
    assert_eq!(sgr("a \u{1b}[1;31merror"), Some("\u{1b}[1;31m"));
    assert_eq!(sgr("\u{1b}[0m"), Some("\u{1b}[0m"));
}

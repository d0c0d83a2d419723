//! `cmmcast completions SHELL`: a completion script on standard output for bash, zsh, fish (and
//! elvish and powershell), generated from the same declaration as the parser, so it names
//! every command and flag; hidden aliases (old spellings) are left out. An unknown or missing
//! shell is refused like any bad usage.

mod common;

use common::{
    Catalogue, PANIC_WORDS, banned_words, cmmcast, collect, missing_phrases, refusal_form_problems,
    report, with_stderr,
};

/// Every command, which every script must name.
const COMMANDS: &[&str] = &[
    "data",
    "fit",
    "forecast",
    "project",
    "simulate",
    "size",
    "report",
    "backtest",
    "completions",
];

/// Flags the scripts must offer (without their dashes: fish writes `-l model`).
const FLAGS: &[&str] = &[
    "model",
    "series",
    "site",
    "format",
    "tornado-output",
    "tornado-year",
    "size-paths",
];

/// Values the scripts must offer.
const VALUES: &[&str] = &["exponential", "electricity_gwh", "methane"];

/// Hidden aliases (old spellings and plurals), which the scripts must not offer.
const HIDDEN: &[&str] = &["levels", "percentile", "output"];

/// How `shell`'s script writes the long flag `name`, followed by what ends it there.
fn written(shell: &str, name: &str) -> Vec<String> {
    match shell {
        "fish" => vec![format!("-l {name} ")],
        _ => [" ", "'", "\"", "=", "["]
            .iter()
            .map(|end| format!("--{name}{end}"))
            .collect(),
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let shells = ["bash", "zsh", "fish", "elvish", "powershell"];
    let mut failures = Vec::new();
    for shell in shells {
        let run = cmmcast(&["completions", shell]);
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
        }
        if !run.stderr.is_empty() {
            problems.push(format!("stderr is not empty: {:?}", run.stderr));
        }
        if run.stdout.trim().is_empty() {
            problems.push("the script is empty".into());
        }
        for word in COMMANDS.iter().chain(VALUES) {
            if !run.stdout.contains(word) {
                problems.push(format!("the script does not mention {word}"));
            }
        }
        for flag in FLAGS {
            if !written(shell, flag).iter().any(|w| run.stdout.contains(w)) {
                problems.push(format!("the script does not offer --{flag}"));
            }
        }
        for alias in HIDDEN {
            if written(shell, alias).iter().any(|w| run.stdout.contains(w)) {
                problems.push(format!("the script offers the hidden alias --{alias}"));
            }
        }
        collect(&mut failures, shell, problems);
    }
    report("shells", shells.len(), failures);
}

/// The bash script loads in bash and registers a completion for `cmmcast` (skipped where bash
/// is missing).
#[test]
fn the_bash_script_loads_in_bash() {
    let script = cmmcast(&["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("cmmcast.bash");
    std::fs::write(&path, script).expect("write the script");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p cmmcast",
            path.display()
        ))
        .output();
    let Ok(output) = output else {
        eprintln!("skipped: bash is not installed");
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("cmmcast"),
        "bash said: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unknown_or_missing_shell_is_refused_in_one_sentence() {
    let cases: [(&str, &[&str], &[&str]); 2] = [
        (
            "an unknown shell",
            &["completions", "tcsh"],
            &[
                "invalid value 'tcsh' for <SHELL>",
                "bash, elvish, fish, powershell, zsh",
            ],
        ),
        (
            "no shell",
            &["completions"],
            &["<SHELL> is required", "cmmcast completions --help"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("an_unknown_or_missing_shell_is_refused_in_one_sentence");
    for (name, args, expect) in cases {
        let run = cmmcast(args);
        catalogue.add(name, &run);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, expect));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        collect(&mut failures, name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}

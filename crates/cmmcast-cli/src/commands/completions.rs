//! `cmmcast completions SHELL`: a completion script generated from the clap declaration, so it
//! always knows every command, flag and possible value (hidden aliases left out).

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};

/// The completion script for the shell asked for.
///
/// ```
/// let script = cmmcast_cli::run(["cmmcast", "completions", "bash"]).expect("a script");
/// assert!(script.contains("forecast") && script.contains("--model"));
/// ```
pub fn run(args: &CompletionsArgs) -> String {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "cmmcast", &mut script);
    // The generators write UTF-8 (the declaration is Rust strings).
    String::from_utf8_lossy(&script).into_owned()
}

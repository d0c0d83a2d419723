//! The `cmmcast` command line.
//!
//! This crate only parses arguments, loads input, calls `cmmcast-data` and `cmmcast-forecast`,
//! and formats what they return; it holds no domain logic. It is a library as well as a binary
//! so that benchmarks and tests can run a command in-process with [`run`].

pub mod args;
pub mod charts;
pub mod commands;
pub mod failure;
pub mod folder;
pub mod html;
pub mod input;
pub mod meta;
pub mod output;
pub mod render;
pub mod report;
pub mod tables;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::args::{Cli, Command};
use crate::failure::Failure;
use crate::render::render;

/// Runs a command line (`args[0]` is the program name) and returns what it prints on standard
/// output. Help and version requests return their text.
///
/// ```
/// let csv = cmmcast_cli::run(["cmmcast", "data", "--format", "csv"]).expect("embedded data");
/// assert!(csv.starts_with("year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,6420,222.94,"));
/// ```
pub fn run<I, T>(args: I) -> Result<String, Failure>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Kept for `report`, which records its command line.
    let argv: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(argv.iter()) {
        Ok(cli) => cli,
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            return Ok(err.render().to_string());
        }
        Err(err) => return Err(Failure::from_clap(&err, &argv)),
    };
    match &cli.command {
        Command::Data(args) => {
            commands::data::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Fit(args) => {
            commands::fit::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Forecast(args) => {
            commands::forecast::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Simulate(args) => {
            commands::simulate::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Project(args) => {
            commands::project::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Size(args) => {
            commands::size::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Economics(args) => {
            commands::economics::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Report(args) => commands::report::run(args, &argv),
        Command::Backtest(args) => {
            commands::backtest::run(args).map(|report| render(&report, args.output.format))
        }
        Command::Completions(args) => Ok(commands::completions::run(args)),
        Command::Docs(args) => Ok(commands::docs::run(args)),
    }
}

/// The process entry point: runs the command, writes its output in one piece (so a failure
/// never leaves partial output), and maps failures to one sentence on stderr and an exit code.
///
/// When a file flag took standard output (`--paths-out -`), the table goes to standard error,
/// so that standard output holds that file alone.
pub fn main_entry() -> ExitCode {
    match run(std::env::args_os()) {
        Ok(text) => {
            let written = if output::standard_output_taken() {
                let mut stderr = std::io::stderr().lock();
                stderr
                    .write_all(text.as_bytes())
                    .and_then(|()| stderr.flush())
            } else {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush())
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => report_failure(&Failure::Output(err)),
            }
        }
        Err(failure) => report_failure(&failure),
    }
}

fn report_failure(failure: &Failure) -> ExitCode {
    match failure {
        // A closed pipe (`cmmcast data | head -1`, `simulate --paths-out - | head`) is the
        // reader's choice, not an error.
        Failure::Output(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        _ => {
            eprintln!("error: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

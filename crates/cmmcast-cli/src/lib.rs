//! The `cmmcast` command line.
//!
//! This crate only parses arguments, loads input, calls `cmmcast-data` and `cmmcast-forecast`,
//! and formats what they return; it holds no domain logic. It is a library as well as a binary
//! so that benchmarks and tests can run a command in-process with [`run`].

pub mod args;
pub mod charts;
pub mod columns;
pub mod commands;
pub mod failure;
pub mod folder;
pub mod html;
pub mod input;
pub mod meta;
pub mod output;
pub mod printed;
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
use crate::printed::{Printed, print};

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
    run_printed(args).map(|printed| printed.stdout)
}

/// Runs a command line and returns what it prints on standard output and standard error
/// (warnings, and the notes of CSV output).
pub fn run_printed<I, T>(args: I) -> Result<Printed, Failure>
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
            return Ok(Printed::stdout(err.render().to_string()));
        }
        Err(err) => return Err(Failure::from_clap(&err, &argv)),
    };
    match &cli.command {
        Command::Data(args) => print(commands::data::run(args)?, &args.output),
        Command::Fit(args) => print(commands::fit::run(args)?, &args.output),
        Command::Forecast(args) => print(commands::forecast::run(args)?, &args.output),
        Command::Simulate(args) => print(commands::simulate::run(args)?, &args.output),
        Command::Project(args) => print(commands::project::run(args)?, &args.output),
        Command::Size(args) => print(commands::size::run(args)?, &args.output),
        Command::Economics(args) => print(commands::economics::run(args)?, &args.output),
        Command::Report(args) => commands::report::run(args, &argv),
        Command::Backtest(args) => print(commands::backtest::run(args)?, &args.output),
        Command::Completions(args) => Ok(Printed::stdout(commands::completions::run(args))),
        Command::Docs(args) => Ok(Printed::stdout(commands::docs::run(args))),
    }
}

/// The process entry point: runs the command, writes its output in one piece (so a failure
/// never leaves partial output), and maps failures to one sentence on stderr and an exit code.
///
/// When a file flag took standard output (`--paths-out -`), the table goes to standard error,
/// so that standard output holds that file alone.
pub fn main_entry() -> ExitCode {
    match run_printed(std::env::args_os()) {
        Ok(Printed {
            stdout: text,
            stderr,
        }) => {
            for line in stderr {
                eprintln!("{line}");
            }
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

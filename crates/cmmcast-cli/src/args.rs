//! The command line, declared with clap. Every flag says its unit and its default.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::OutputFormat;

/// Forecasts of coal-mine methane drainage and what a power station can make of it.
#[derive(Debug, Parser)]
#[command(
    name = "cmmcast",
    version,
    about = "Coal-mine methane forecasts: drainage from a production plan, and what a power \
             station can make of it.",
    long_about = "Coal-mine methane forecasts: drainage from a production plan, and what a power \
                  station can make of it.\n\nEvery command works with no input file, on the \
                  embedded Songzao plan 2012-2016 (Chongqing, China; 26.9 MW power station). \
                  Give your own data with --input FILE (CSV, JSON or TOML; see docs/DATA.md).\n\n\
                  Data goes to standard output, messages to standard error. Exit codes: 0 \
                  success, 2 bad input or usage, 1 anything else.",
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the dataset: year, coal_kt, methane_mm3 and intensity_m3_per_t (m3 of methane per
    /// tonne of coal).
    Data(DataArgs),
}

/// Where the data comes from; shared by every command that reads a dataset.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Data file: CSV, JSON or TOML, chosen by the extension (.json, .toml; anything else is
    /// read as CSV). Columns: year, coal_kt (thousand t/yr), methane_mm3 (million m3 CH4/yr),
    /// optional site. [default: the embedded Songzao plan 2012-2016]
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Site-facts file (TOML or JSON, the `[[sites]]` shape without rows) that sets plant
    /// capacity (MW), volume basis and provenance for the data's sites. [default: the facts in
    /// the input file; for the embedded data, data/songzao-site.toml]
    #[arg(long, value_name = "FILE")]
    pub facts: Option<PathBuf>,

    /// Use only this site (name as in the data, case-sensitive). [default: every site]
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
}

/// How to print a table.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: `table` rounds for reading in a terminal; `csv` and `json` carry full
    /// precision (shortest round-trip form) for other programs.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// `cmmcast data`.
#[derive(Debug, Args)]
pub struct DataArgs {
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

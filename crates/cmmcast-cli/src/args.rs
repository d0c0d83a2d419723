//! The command line, declared with clap. Every flag says its unit and its default.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use cmmcast_forecast::trend::{ModelChoice, SeriesKind};

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
                  success, 2 bad input or usage, 1 anything else."
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
    /// Fit every trend model to a series and compare them: one row per model with named
    /// parameters, R², AICc, leave-one-out RMSE and MAPE, Akaike weight and status.
    Fit(FitArgs),
    /// Forecast a series with intervals: year, mean, lower_80, upper_80, lower_95, upper_95
    /// (columns follow --level).
    Forecast(ForecastArgs),
}

/// The series a model works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesArg {
    /// Methane drainage, million m3 a year.
    Methane,
    /// Coal output, thousand tonnes a year.
    Coal,
}

impl From<SeriesArg> for SeriesKind {
    fn from(series: SeriesArg) -> SeriesKind {
        match series {
            SeriesArg::Methane => SeriesKind::Methane,
            SeriesArg::Coal => SeriesKind::Coal,
        }
    }
}

/// The `--model` values: the library's model menu, with its descriptions as help.
fn model_choice() -> impl TypedValueParser<Value = ModelChoice> {
    PossibleValuesParser::new(
        ModelChoice::ALL.map(|choice| PossibleValue::new(choice.name()).help(choice.describe())),
    )
    // Only the names above get here, so the fallback is never used.
    .map(|name| ModelChoice::parse(&name).unwrap_or(ModelChoice::Auto))
}

/// `cmmcast fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Series to fit: methane (million m3/yr) or coal (thousand t/yr).
    #[arg(long, value_enum, default_value_t = SeriesArg::Methane)]
    pub series: SeriesArg,
    /// Ceiling of the logistic model, in the series' unit (million m3/yr for methane); without
    /// it the logistic row is refused. [default: none]
    // `--ceiling -5` is a bad ceiling for the model to refuse, not an unknown flag `-5`.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub ceiling: Option<f64>,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// `cmmcast forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Series to forecast: methane (million m3/yr) or coal (thousand t/yr).
    #[arg(long, value_enum, default_value_t = SeriesArg::Methane)]
    pub series: SeriesArg,
    /// Trend model; auto picks the lowest AICc and names near-ties.
    #[arg(long, value_parser = model_choice(), default_value = "auto")]
    pub model: ModelChoice,
    /// Ceiling of the logistic model, in the series' unit (million m3/yr for methane);
    /// required with --model logistic. [default: none]
    // `--ceiling -5` is a bad ceiling for the model to refuse, not an unknown flag `-5`.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub ceiling: Option<f64>,
    /// Last forecast year (calendar year, after the last year of data). [default: 2030, or 14
    /// years after the data when it already reaches 2030]
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Interval levels in per cent, comma separated, each strictly between 0 and 100.
    #[arg(
        long,
        value_name = "LEVELS",
        value_delimiter = ',',
        allow_negative_numbers = true,
        default_value = "80,95"
    )]
    pub level: Vec<f64>,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
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

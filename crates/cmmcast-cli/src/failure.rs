//! Why a command failed, and how the process reports it: one sentence on standard error and an
//! exit code (2 for bad input or usage, 1 for anything else).

use std::fmt;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use cmmcast_data::DataError;

/// Exit code for bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for every other failure.
pub const EXIT_OTHER: u8 = 1;

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong.
    Usage(String),
    /// The data is wrong.
    Data(DataError),
    /// A model refused the data or the request, for one site when the data has several.
    Model {
        /// The site, when the dataset has several.
        site: Option<String>,
        /// Why.
        error: cmmcast_forecast::ForecastError,
    },
    /// Writing the output failed.
    Output(std::io::Error),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::Data(_) | Failure::Model { .. } => EXIT_BAD_INPUT,
            Failure::Output(_) => EXIT_OTHER,
        }
    }

    /// Turns a clap error into one sentence that names the flag and what to do.
    pub fn from_clap(err: &clap::Error) -> Failure {
        let context = |kind: ContextKind| match err.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(v)) => Some(v.join(", ")),
            _ => None,
        };
        let arg = context(ContextKind::InvalidArg)
            .map(|a| a.split_whitespace().next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let suggestion = context(ContextKind::SuggestedArg)
            .or_else(|| context(ContextKind::SuggestedSubcommand))
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        let message = match err.kind() {
            ErrorKind::InvalidValue => {
                // A flag given without a value arrives as the empty value; free-form flags
                // (paths, names) come with an empty list of valid values.
                let value = context(ContextKind::InvalidValue).unwrap_or_default();
                let valid = context(ContextKind::ValidValue).filter(|v| !v.is_empty());
                match (value.is_empty(), valid) {
                    (false, Some(valid)) => {
                        format!("invalid value '{value}' for {arg}; use one of: {valid}")
                    }
                    (true, Some(valid)) => format!("{arg} needs a value; use one of: {valid}"),
                    (true, None) => format!(
                        "{arg} needs a value; see `cmmcast <command> --help` for what it takes"
                    ),
                    (false, None) => format!(
                        "invalid value '{value}' for {arg}; see `cmmcast <command> --help` for \
                         what it takes"
                    ),
                }
            }
            ErrorKind::ValueValidation => {
                // A value of the right kind that does not parse, such as `--level abc`; the
                // parser's reason (e.g. "invalid float literal") comes as the source.
                let value = context(ContextKind::InvalidValue).unwrap_or_default();
                let why = std::error::Error::source(err)
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default();
                format!(
                    "invalid value '{value}' for {arg}{why}; see `cmmcast <command> --help` for \
                     what it takes"
                )
            }
            ErrorKind::UnknownArgument => {
                let what = if arg.starts_with('-') {
                    "unknown option"
                } else {
                    "unexpected argument"
                };
                format!(
                    "{what} '{arg}'{suggestion}; run `cmmcast <command> --help` to see the options"
                )
            }
            ErrorKind::InvalidSubcommand => format!(
                "unknown command '{}'{suggestion}; run `cmmcast --help` to see the commands",
                context(ContextKind::InvalidSubcommand).unwrap_or_default()
            ),
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                "no command given; run `cmmcast --help` to see the commands (for example \
                 `cmmcast data`)"
                    .to_string()
            }
            _ => {
                let rendered = err.render().to_string();
                let first = rendered
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ")
                    .to_string();
                format!("{first}; run `cmmcast --help` for usage")
            }
        };
        Failure::Usage(message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => write!(f, "{message}"),
            Failure::Data(err) => write!(f, "{err}"),
            Failure::Model {
                site: Some(site),
                error,
            } => write!(f, "site \"{site}\": {error}"),
            Failure::Model { site: None, error } => write!(f, "{error}"),
            Failure::Output(err) => write!(f, "cannot write the output: {err}"),
        }
    }
}

impl From<DataError> for Failure {
    fn from(err: DataError) -> Self {
        Failure::Data(err)
    }
}

impl From<cmmcast_forecast::ForecastError> for Failure {
    fn from(error: cmmcast_forecast::ForecastError) -> Self {
        Failure::Model { site: None, error }
    }
}

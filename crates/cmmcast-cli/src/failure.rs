//! Why a command failed, and how the process reports it: one sentence on standard error and an
//! exit code (2 for bad input or usage, 1 for anything else).

use std::ffi::OsString;
use std::fmt;

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use cmmcast_data::DataError;
use cmmcast_data::suggest::{closest, did_you_mean};
use cmmcast_forecast::percents::PercentsOf;
use cmmcast_forecast::{ForecastError, PathsOf, ValueSource, YearPurpose, readable};

use crate::args::Cli;

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
    /// The library refused the data or the request, for one site when the data has several.
    Model {
        /// The site, when the dataset has several.
        site: Option<String>,
        /// The site-facts file and the site's name, for refusals of values read from it.
        facts: Option<Box<(String, String)>>,
        /// Why.
        error: ForecastError,
        /// The command's names for the settings the library names.
        flags: &'static Flags,
    },
    /// Writing the output failed.
    Output(std::io::Error),
    /// Writing an output file failed once it was open (a full disk, a reader that closed its
    /// pipe): one sentence naming the flag and the path, from [`crate::output`].
    Written(String),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::Data(_) | Failure::Model { .. } => EXIT_BAD_INPUT,
            Failure::Output(_) | Failure::Written(_) => EXIT_OTHER,
        }
    }

    /// Turns a clap error into one sentence that names the flag and what to do; `argv` is the
    /// command line that was parsed (`argv[0]` the program), used to name the command and to
    /// suggest its closest option for an unknown one.
    pub fn from_clap(err: &clap::Error, argv: &[OsString]) -> Failure {
        let context = |kind: ContextKind| match err.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(v)) => Some(v.join(", ")),
            _ => None,
        };
        let arg = context(ContextKind::InvalidArg)
            .map(|a| a.split_whitespace().next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let help = help_command(argv);
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
                        let hint = did_you_mean(&value, valid.split(", "));
                        format!("invalid value '{value}' for {arg}{hint}; use one of: {valid}")
                    }
                    (true, Some(valid)) => format!("{arg} needs a value; use one of: {valid}"),
                    (true, None) => {
                        format!("{arg} needs a value; see `{help}` for what it takes")
                    }
                    (false, None) => {
                        format!("invalid value '{value}' for {arg}; see `{help}` for what it takes")
                    }
                }
            }
            ErrorKind::ValueValidation => {
                // A value of the right kind that does not parse, such as `--level abc`; the
                // parser's reason (e.g. "invalid float literal") comes as the source.
                let value = context(ContextKind::InvalidValue).unwrap_or_default();
                let why = std::error::Error::source(err)
                    .map(|e| format!(" ({})", parse_reason(e, &value)))
                    .unwrap_or_default();
                format!("invalid value '{value}' for {arg}{why}; see `{help}` for what it takes")
            }
            ErrorKind::UnknownArgument if arg.starts_with("--") => unknown_option(&arg, argv),
            ErrorKind::UnknownArgument => {
                let what = if arg.starts_with('-') {
                    "unknown option"
                } else {
                    "unexpected argument"
                };
                format!("{what} '{arg}'{suggestion}; run `{help}` to see the options")
            }
            ErrorKind::InvalidSubcommand => {
                let given = context(ContextKind::InvalidSubcommand).unwrap_or_default();
                // clap may offer several commands (`forcast`: docs, forecast); keep the closest
                // of them by the workspace's one rule, or clap's own when that finds none.
                let suggestion = match err.get(ContextKind::SuggestedSubcommand) {
                    Some(ContextValue::Strings(offered)) if offered.len() > 1 => {
                        match closest(&given, offered.iter().map(String::as_str)) {
                            Some(best) => format!(" (did you mean {best}?)"),
                            None => suggestion,
                        }
                    }
                    _ => suggestion,
                };
                format!(
                    "unknown command '{given}'{suggestion}; run `cmmcast --help` to see the commands"
                )
            }
            ErrorKind::MissingRequiredArgument => {
                let missing = context(ContextKind::InvalidArg).unwrap_or_default();
                format!("{missing} is required; run `{help}` to see what it takes")
            }
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
                format!("{first}; run `{help}` for usage")
            }
        };
        Failure::Usage(message)
    }
}

/// Why a flag's value did not parse, in words: Rust's number parsers say "invalid digit found
/// in string" both for `abc` and for `-5` given to a count.
fn parse_reason(error: &(dyn std::error::Error + 'static), value: &str) -> String {
    use std::num::{IntErrorKind, ParseFloatError, ParseIntError};
    if let Some(int) = error.downcast_ref::<ParseIntError>() {
        return match int.kind() {
            IntErrorKind::InvalidDigit if value.trim().parse::<i128>().is_ok() => {
                "it must not be negative".to_string()
            }
            IntErrorKind::InvalidDigit => "not a whole number".to_string(),
            IntErrorKind::PosOverflow => "too large".to_string(),
            IntErrorKind::NegOverflow => "too small".to_string(),
            IntErrorKind::Empty => "empty".to_string(),
            _ => int.to_string(),
        };
    }
    if error.downcast_ref::<ParseFloatError>().is_some() {
        return "not a number".to_string();
    }
    // clap's own integer parsers: "-1 is not in 0..=4294967295".
    let text = error.to_string();
    match text.split_once(" is not in ") {
        Some((_, range)) if range.starts_with("0..") && value.trim().starts_with('-') => {
            "it must not be negative".to_string()
        }
        Some(_) if value.trim().starts_with('-') => "too small".to_string(),
        Some(_) => "too large".to_string(),
        None => text,
    }
}

/// The command `argv` runs, if any: the first word that is not an option (the top level takes
/// no values, so no value comes before it).
fn subcommand(argv: &[OsString]) -> Option<clap::Command> {
    let cli = Cli::command();
    argv.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .and_then(|a| cli.find_subcommand(a).cloned())
}

/// `cmmcast COMMAND --help` for the command `argv` runs, `cmmcast --help` without one.
fn help_command(argv: &[OsString]) -> String {
    match subcommand(argv) {
        Some(sub) => format!("cmmcast {} --help", sub.get_name()),
        None => "cmmcast --help".to_string(),
    }
}

/// The sentence for an unknown `--option` of the command in `argv`: the command's closest option
/// (by [`cmmcast_data::suggest::closest`], as every other suggestion), or the commands that do
/// take it.
fn unknown_option(arg: &str, argv: &[OsString]) -> String {
    let cli = Cli::command();
    let given = arg.split('=').next().unwrap_or(arg);
    let name = given.trim_start_matches('-');
    let command = subcommand(argv);
    let longs = |command: &clap::Command| -> Vec<String> {
        command
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(str::to_string))
            .chain(["help".to_string()])
            .collect()
    };
    let (scope, help, options) = match &command {
        Some(sub) => (
            format!(" for `cmmcast {}`", sub.get_name()),
            format!("cmmcast {} --help", sub.get_name()),
            longs(sub),
        ),
        None => (String::new(), "cmmcast --help".to_string(), longs(&cli)),
    };
    let hint = match closest(name, options.iter().map(String::as_str)) {
        Some(option) => format!(" (did you mean --{option}?)"),
        None => {
            let others: Vec<&str> = cli
                .get_subcommands()
                .filter(|sub| longs(sub).iter().any(|long| long == name))
                .map(clap::Command::get_name)
                .collect();
            match others.as_slice() {
                [] => String::new(),
                [one] => format!(" (only {one} takes it)"),
                [init @ .., last] => format!(" (only {} and {last} take it)", init.join(", ")),
            }
        }
    };
    format!("unknown option '{given}'{scope}{hint}; run `{help}` to see the options")
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => write!(f, "{message}"),
            Failure::Data(err) => write!(f, "{err}"),
            Failure::Model {
                site,
                facts,
                error,
                flags,
            } => {
                let text = describe(error, flags);
                match (facts, site) {
                    (Some(facts), _) if from_site_facts(error) => {
                        let (file, name) = &**facts;
                        let table = match error {
                            ForecastError::BadEconomicParameter { .. } => "economics table",
                            ForecastError::ClosureNotAfterData { .. } => "field closure_year",
                            _ => "plant table",
                        };
                        write!(f, "{file}, site \"{name}\", {table}: {text}")
                    }
                    (_, Some(site)) => write!(f, "site \"{site}\": {text}"),
                    (_, None) => write!(f, "{text}"),
                }
            }
            Failure::Output(err) => write!(f, "cannot write the output: {err}"),
            Failure::Written(text) => write!(f, "{text}"),
        }
    }
}

/// The command line's names for the settings whose flag differs from command to command
/// (`report` runs a sizing and a tornado beside its simulation, and prefixes their flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// The simulation's paths.
    pub paths: &'static str,
    /// The sizing's paths.
    pub sizing_paths: &'static str,
    /// The year the plant is sized for.
    pub sizing_year: &'static str,
    /// The year the tornado ranks.
    pub tornado_year: &'static str,
}

/// The flag names of every command but `report`.
pub const FLAGS: Flags = Flags {
    paths: "--paths",
    sizing_paths: "--paths",
    sizing_year: "--year",
    tornado_year: "--tornado-year",
};

/// The flag names of `report`.
pub const REPORT_FLAGS: Flags = Flags {
    sizing_paths: "--size-paths",
    sizing_year: "--size-year",
    ..FLAGS
};

/// The flag names of `report`'s valuation, whose simulation's paths are `--economics-paths`.
pub const REPORT_ECONOMICS_FLAGS: Flags = Flags {
    paths: "--economics-paths",
    ..REPORT_FLAGS
};

/// The flag that sets the library's setting or plant value `name`.
fn flag_of(name: &str) -> String {
    match name {
        "grid_factor_t_per_mwh" => "--grid-factor".to_string(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// Whether the refused value came from the site facts.
fn from_site_facts(error: &ForecastError) -> bool {
    match error {
        ForecastError::BadPlantParameter { from, .. }
        | ForecastError::BadSetting { from, .. }
        | ForecastError::BadCapacitySchedule { from, .. } => *from == ValueSource::SiteFacts,
        ForecastError::PlantTooLarge { from, .. }
        | ForecastError::BadEconomicParameter { from, .. } => *from == ValueSource::SiteFacts,
        ForecastError::UnknownGwp(_) => true,
        ForecastError::ClosureNotAfterData { from, .. } => *from == ValueSource::SiteFacts,
        ForecastError::InMine { error, .. } => from_site_facts(error),
        _ => false,
    }
}

/// A library refusal in the command line's words: each setting named by its flag (the library
/// names settings, never flags). One place for every message that names a flag.
pub fn describe(error: &ForecastError, flags: &Flags) -> String {
    use ForecastError as E;
    let number = readable;
    match error {
        E::AtOrAboveCeiling {
            ceiling,
            year,
            value,
        } => format!(
            "logistic needs every value below the ceiling {ceiling}, but {year} has {value}; give a higher --ceiling"
        ),
        E::NotCalibrated { model } => format!(
            "calibrated intervals were learned around the damped trend's forecasts on real series, not {model}'s; leave --model out (damped) or give --intervals model"
        ),
        E::NotPositiveForCalibration { year, value } => format!(
            "calibrated intervals are relative, so every value must be above zero, but {}; give --intervals model (the damped trend's own intervals) or choose --model linear",
            match year {
                Some(year) => format!("the value for {year} is {}", number(*value)),
                None => format!("the series has {}", number(*value)),
            }
        ),
        E::InMine { mine, error } => format!("mine \"{mine}\": {}", describe(error, flags)),
        E::CoalOfSeveralMines { plant, mines } => format!(
            "plant \"{plant}\" burns the summed methane of its mines ({mines}) and has no coal of its own; forecast a mine's coal on its own with --site NAME, or choose --series methane for the plant"
        ),
        E::NotForSeveralMines { what, plant, mines } => format!(
            "{what} varies one mine's trend, and plant \"{plant}\" is fed by several ({mines}); run it for each mine on its own with --site NAME"
        ),
        E::MissingCeiling => "logistic needs a ceiling (the plateau the series cannot exceed) above zero; give it with --ceiling, in the series' unit".to_string(),
        E::SeriesAbsent { series, other } => format!(
            "the data has no {series} series; choose --series {other}, or add a {series} column"
        ),
        E::HorizonNotAfterData { last, to } => format!(
            "the forecast must end after the last year of data ({last}); give a later --to than {to}"
        ),
        E::HorizonTooLong { last, to, max } => format!(
            "the forecast end {to} is more than {max} years after the data ends in {last}; give an earlier --to"
        ),
        E::ForecastOverflow { model, year } => format!(
            "the {model} forecast for {year} or its interval grows beyond the largest representable number (about 1e308); give an earlier --to or choose a model that does not grow exponentially (linear, quadratic)"
        ),
        E::ClosureNotAfterData {
            closure,
            last,
            plan,
            from: ValueSource::Given,
        } => {
            if *plan {
                format!(
                    "--closure-year {closure} is before the production plan's last year ({last}), and a mine cannot mine its plan after closing; give --closure-year {last} or later"
                )
            } else {
                format!(
                    "--closure-year {closure} is not after the last year of data ({last}); give the last year the mine drains gas, after {last}"
                )
            }
        }
        E::BadPlantParameter {
            name,
            from: ValueSource::Given,
            value,
            allowed,
        } => format!(
            "{} {} is not allowed; give a value {allowed}",
            flag_of(name),
            number(*value)
        ),
        E::BadSetting {
            name,
            from: ValueSource::Given,
            value,
            allowed,
        } => format!(
            "{} {} is not allowed; give {allowed}",
            flag_of(name),
            number(*value)
        ),
        E::BadEconomicParameter {
            name,
            from: ValueSource::Given,
            value,
            allowed,
        } => format!(
            "{} {} is not allowed; give {allowed}",
            flag_of(name),
            number(*value)
        ),
        E::BadEconomicParameter {
            name,
            from: ValueSource::SiteFacts,
            value,
            allowed,
        } => format!(
            "{name} = {} is not allowed; give {allowed}",
            number(*value)
        ),
        E::LifetimeBeyondYears {
            lifetime_years,
            available,
        } => format!(
            "a lifetime of {lifetime_years} years reaches beyond the {available} forecast years up to --to; give --lifetime-years (or the site facts' economics.lifetime_years) of at most {available}, or a later --to (or leave --to out, and the forecast is extended to cover the lifetime)"
        ),
        E::PlantTooLarge {
            total_mw,
            max_mw,
            from: ValueSource::Given,
        } => format!(
            "--capacity-mw and --add make a plant of {} MW, more than the {max_mw} MW allowed; give smaller additions or a smaller --capacity-mw",
            number(*total_mw)
        ),
        E::PathsOutOfRange { of, given, max } => format!(
            "{} {given} is not allowed; give between 1 and {max}",
            match of {
                PathsOf::Simulation => flags.paths,
                PathsOf::Sizing => flags.sizing_paths,
            }
        ),
        E::FractionForPercent { of, given, meant } => {
            let (flag, what) = match of {
                PercentsOf::Levels => ("--level", "interval levels"),
                PercentsOf::Percentiles => ("--percentiles", "percentiles"),
            };
            format!(
                "{flag} {} has a value below 1, but {what} are given in per cent; did you mean {}?",
                list(given),
                list(meant)
            )
        }
        E::BadPercentile(p) => format!(
            "--percentiles {p} is not allowed; give percentiles strictly between 0 and 100, such as 10,50,90"
        ),
        E::NotEnoughMemory {
            paths,
            years,
            needed_mb,
            available_mb,
            fits,
        } => format!(
            "{paths} paths x {years} years need about {needed_mb} MB of memory but about {available_mb} MB is available; {}",
            if *fits == 0 {
                "not even one path fits; give an earlier --to".to_string()
            } else {
                format!("give at most {} {fits}", flags.paths)
            }
        ),
        E::NotAForecastYear {
            purpose,
            year,
            first,
            last,
        } => {
            let flag = match purpose {
                YearPurpose::Tornado => flags.tornado_year,
                YearPurpose::Sizing => flags.sizing_year,
            };
            format!(
                "{flag} {year} is not a forecast year; give {flag} from {first} to {last} (the years after the data, up to --to)"
            )
        }
        E::TooManySizingValues {
            paths,
            years,
            engines,
            max,
        } => format!(
            "{paths} paths x {years} years x {engines} engine counts is more than the {max} capacity factors sizing keeps for the p10 (8 bytes each); give fewer {}, a lower --max-engines or one {}",
            flags.sizing_paths, flags.sizing_year
        ),
        E::BadCapacitySchedule { problem, from } => format!(
            "the capacity schedule is not valid: {problem}; give each year once with MW above 0 ({})",
            if *from == ValueSource::SiteFacts {
                "capacity_additions = [{ year = 2018, mw = 10 }] in the site facts"
            } else {
                "--add 2018:10,2021:20"
            }
        ),
        E::BadBacktestHorizon { horizon, max } => format!(
            "the backtest horizon {horizon} is not allowed; give --horizon from 1 to {max} years (1 compares each origin's forecast of the next year with what happened)"
        ),
        E::MinTrainBelowMinimum {
            model,
            min_train,
            needed,
        } => format!(
            "--min-train {min_train} is below the {needed} years {model} needs to be fitted; give --min-train {needed} or more, leave {model} out of --models, or leave --min-train out to start each model at its own minimum"
        ),
        E::TooShortToBacktest {
            model,
            got,
            needed,
            min_train,
            shorter_training_helps,
        } => format!(
            "the series has {got} years, too few to backtest {model}: it needs at least {needed} ({min_train} to fit on and one more to check the forecast against); {}",
            if *shorter_training_helps {
                "add years of data or give a smaller --min-train"
            } else {
                "add years of data"
            }
        ),
        E::NothingWithinHorizon { model, horizon } => format!(
            "no year of the series lies within {horizon} years after any origin of {model}'s backtest, because of gaps between the years; give a longer --horizon or fill the gaps"
        ),
        other => other.to_string(),
    }
}

/// Numbers as given on a command line: `10,50,90`.
fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl From<DataError> for Failure {
    fn from(err: DataError) -> Self {
        Failure::Data(err)
    }
}

impl From<ForecastError> for Failure {
    fn from(error: ForecastError) -> Self {
        Failure::Model {
            site: None,
            facts: None,
            error,
            flags: &FLAGS,
        }
    }
}

impl Failure {
    /// A library refusal named in the words of a command whose flags are `flags`.
    pub fn with_flags(error: ForecastError, flags: &'static Flags) -> Failure {
        Failure::Model {
            site: None,
            facts: None,
            error,
            flags,
        }
    }

    /// A library refusal about one site: the site named when the data has several, the
    /// site-facts file named when the refused value came from it.
    pub fn for_site(
        error: ForecastError,
        site: &str,
        several: bool,
        facts_file: &str,
        flags: &'static Flags,
    ) -> Failure {
        Failure::Model {
            site: several.then(|| site.to_string()),
            facts: Some(Box::new((facts_file.to_string(), site.to_string()))),
            error,
            flags,
        }
    }
}

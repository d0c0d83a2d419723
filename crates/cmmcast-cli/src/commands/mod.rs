//! One module per subcommand. Each turns its arguments into a [`crate::report::Report`] by
//! calling the library crates; none holds domain logic of its own.

pub mod backtest;
pub mod completions;
pub mod data;
pub mod docs;
pub mod economics;
pub mod fit;
pub mod forecast;
mod params;
pub mod project;
pub mod reference;
pub mod report;
mod runtime;
pub mod simulate;
pub mod size;

use cmmcast_forecast::percents::{PercentsOf, percents};
use cmmcast_forecast::request::ForecastRequest;
use cmmcast_forecast::trend::SeriesKind;
use cmmcast_forecast::{ForecastError, Level};

use crate::args::TrendArgs;

use crate::failure::Failure;

/// A model failure for one site, naming the site when the dataset has several.
pub(crate) fn site_failure((site, error): (String, ForecastError), several: bool) -> Failure {
    Failure::Model {
        site: several.then_some(site),
        facts: None,
        error,
        flags: &crate::failure::FLAGS,
    }
}

/// The forecast request the trend flags describe, with the levels checked (fractions refused,
/// repeats merged), and the notes on repeated levels.
pub(crate) fn trend_request(
    args: &TrendArgs,
    series: SeriesKind,
) -> Result<(ForecastRequest, Vec<String>), Failure> {
    let (levels, notes) = merged(&args.level, PercentsOf::Levels)?;
    let levels = levels
        .iter()
        .map(|&l| Level::percent(l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        ForecastRequest {
            series,
            model: args.model.model,
            intervals: args.model.intervals,
            ceiling: args.model.ceiling,
            to: args.model.to,
            closure_year: args.model.closure_year,
            levels,
        },
        notes,
    ))
}

/// Levels (`--level`) or percentiles (`--percentiles`) as given, checked by the library: a
/// value below 1 refused with the percentages meant, a repeated value kept once, with a note
/// naming it.
pub(crate) fn merged(given: &[f64], of: PercentsOf) -> Result<(Vec<f64>, Vec<String>), Failure> {
    let merged = percents(given, of)?;
    let flag = match of {
        PercentsOf::Levels => "--level",
        PercentsOf::Percentiles => "--percentiles",
    };
    let notes = merged
        .repeated
        .iter()
        .map(|&value| {
            let times = given.iter().filter(|&&v| v == value).count();
            let times = if times == 2 {
                "twice".to_string()
            } else {
                format!("{times} times")
            };
            format!("{flag} {value} was given {times}; it is used once.")
        })
        .collect();
    Ok((merged.values, notes))
}

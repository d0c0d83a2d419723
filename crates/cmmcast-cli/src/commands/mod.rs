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

/// The forecast request the trend flags describe, with the levels checked.
pub(crate) fn trend_request(
    args: &TrendArgs,
    series: SeriesKind,
) -> Result<ForecastRequest, Failure> {
    let levels = args
        .level
        .iter()
        .map(|&l| Level::percent(l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ForecastRequest {
        series,
        model: args.model.model,
        intervals: args.model.intervals,
        ceiling: args.model.ceiling,
        to: args.model.to,
        closure_year: args.model.closure_year,
        levels,
    })
}

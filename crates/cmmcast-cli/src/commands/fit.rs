//! `cmmcast fit`: every trend model fitted to a series, side by side.

use cmmcast_forecast::request::compare_sites;
use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::trend::SeriesKind;

use crate::args::FitArgs;
use crate::commands::site_failure;
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::Report;
use crate::tables::comparison;

/// Builds the report of `cmmcast fit`.
pub fn run(args: &FitArgs) -> Result<Report, Failure> {
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let series: SeriesKind = args.series.into();
    let comparisons =
        compare_sites(&sites, series, args.ceiling).map_err(|e| site_failure(e, several))?;
    let pairs: Vec<(&str, &Comparison)> = comparisons
        .iter()
        .map(|c| (c.site.as_str(), &c.comparison))
        .collect();
    Ok(comparison::table(
        &pairs,
        several,
        (series, args.ceiling),
        meta::site_notes(&sites),
        meta::common("fit", &dataset, &sites),
    ))
}

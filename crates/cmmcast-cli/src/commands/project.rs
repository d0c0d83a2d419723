//! `cmmcast project`: the methane forecast carried through the power plant.

use crate::args::ProjectArgs;
use crate::commands::params::{scenario, site_failure, studies, study_params};
use crate::failure::{FLAGS, Failure};
use crate::input::load_dataset;
use crate::meta;
use crate::report::Report;
use crate::tables::projection::{self, SiteRows};

/// Builds the report of `cmmcast project`.
pub fn run(args: &ProjectArgs) -> Result<Report, Failure> {
    let mut params = study_params(&args.trend.model, &args.plant)?;
    params.levels = args.trend.level.clone();
    params.check()?;
    params.scenario = scenario(&args.scenario)?;
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let studies = studies(&params, &args.input, &dataset, &sites, &FLAGS)?;
    let projections = studies
        .iter()
        .map(|study| {
            study
                .project()
                .map_err(site_failure(study, several, &FLAGS))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rows: Vec<SiteRows<'_>> = studies
        .iter()
        .zip(&projections)
        .map(|(study, projection)| SiteRows {
            site: study.site().name(),
            projection,
            notes: study.notes(),
        })
        .collect();
    let mut meta = meta::common("project", &dataset, &sites);
    if let Some(study) = studies.first() {
        meta.insert("scenario".into(), meta::scenario(study));
    }
    Ok(projection::table(
        &rows,
        several,
        meta::site_notes(&sites),
        meta,
    ))
}

//! `cmmcast project`: the methane forecast carried through the power plant.

use cmmcast_forecast::percents::PercentsOf;

use crate::args::ProjectArgs;
use crate::commands::merged;
use crate::commands::params::{study_params, with_studies};
use crate::failure::{FLAGS, Failure};
use crate::meta;
use crate::report::Report;
use crate::tables::projection::{self, SiteRows};

/// Builds the report of `cmmcast project`.
pub fn run(args: &ProjectArgs) -> Result<Report, Failure> {
    let mut params = study_params(&args.trend.model, &args.plant)?;
    let (levels, level_notes) = merged(&args.trend.level, PercentsOf::Levels)?;
    params.levels = levels;
    let input = (&args.input, args.trend.model.combine);
    with_studies(params, &args.scenario, input, &FLAGS, |_, s| {
        let projections = s.each(&FLAGS, |study| study.project())?;
        let rows: Vec<SiteRows<'_>> = s
            .studies
            .iter()
            .zip(&projections)
            .map(|(study, projection)| SiteRows {
                site: study.site().name(),
                projection,
                notes: study.notes(),
            })
            .collect();
        Ok(projection::table(
            &rows,
            s.several,
            meta::site_notes(&s.sites)
                .into_iter()
                .chain(level_notes)
                .collect(),
            s.meta("project", args.trend.model.model),
        ))
    })
}

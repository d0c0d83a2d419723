//! `cmmcast size`: how many engines the simulated gas keeps busy when it arrives day by day,
//! and which count is worth most.

use cmmcast_forecast::sim::{RecommendationRule, SimulationSettings};
use cmmcast_forecast::study::{SizingParams, StudyParams};

use crate::args::SizeArgs;
use crate::commands::economics::economic_overrides;
use crate::commands::params::{study_params, with_studies};
use crate::commands::runtime::thread_pool;
use crate::failure::{FLAGS, Failure};
use crate::meta;
use crate::report::Report;
use crate::tables::sizing::{self, SiteSizing, SizingContext};

/// Builds the report of `cmmcast size`.
pub fn run(args: &SizeArgs) -> Result<Report, Failure> {
    let params = StudyParams {
        simulation: SimulationSettings {
            seed: args.seed,
            ..SimulationSettings::default()
        },
        sizing: SizingParams {
            paths: args.paths,
            max_engines: args.max_engines,
            min_load: args.min_load,
            min_capacity_factor: args.min_capacity_factor,
            year: args.year,
        },
        economics: economic_overrides(&args.economics),
        ..study_params(&args.model, &args.plant)?
    };
    let rule = RecommendationRule::from(args.rule);
    let input = (&args.input, args.model.combine);
    with_studies(params, &args.scenario, input, &FLAGS, |_, s| {
        let pool = thread_pool(args.threads)?;
        let sizings = pool.install(|| s.each(&FLAGS, |study| study.size_by_value(rule)))?;
        let rows: Vec<SiteSizing<'_>> = s
            .studies
            .iter()
            .zip(&sizings)
            .map(|(study, valued)| SiteSizing {
                site: study.site().name(),
                sizing: &valued.sizing,
                schedule: valued.schedule.as_ref(),
                unvalued: valued.unvalued.as_ref(),
                currency: &study.economics().params.currency,
                settings: study.sizing_settings(),
                plant: &study.inputs().plant,
                assumptions: study.sizing_assumptions(),
                economics: &study.economics().assumptions,
                notes: study.notes(),
            })
            .collect();
        let Some(first) = s.studies.first() else {
            return Err(Failure::Usage(
                "the data holds no site; give --input FILE with data".into(),
            ));
        };
        let context = SizingContext {
            paths: args.paths,
            seed: args.seed,
            year: args.year,
            flow: &first.inputs().flow,
            scenario: &first.inputs().scenario,
        };
        Ok(sizing::table(
            &rows,
            s.several,
            &context,
            meta::site_notes(&s.sites),
            s.meta("size", args.model.model),
        ))
    })
}

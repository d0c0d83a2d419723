//! `cmmcast size`: how many engines the simulated gas keeps busy when it arrives day by day.

use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::{SizingParams, StudyParams};

use crate::args::SizeArgs;
use crate::commands::params::{scenario, site_failure, studies, study_params};
use crate::commands::runtime::thread_pool;
use crate::failure::{FLAGS, Failure};
use crate::input::load_dataset;
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
        ..study_params(&args.model, &args.plant)?
    };
    // The flags' own ranges first, before any file is read.
    params.check()?;
    let params = StudyParams {
        scenario: scenario(&args.scenario)?,
        ..params
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let studies = studies(&params, &args.input, &dataset, &sites, &FLAGS)?;

    let pool = thread_pool(args.threads)?;
    let sizings = pool.install(|| {
        studies
            .iter()
            .map(|study| study.size().map_err(site_failure(study, several, &FLAGS)))
            .collect::<Result<Vec<_>, _>>()
    })?;

    let rows: Vec<SiteSizing<'_>> = studies
        .iter()
        .zip(&sizings)
        .map(|(study, sizing)| SiteSizing {
            site: study.site().name(),
            sizing,
            settings: study.sizing_settings(),
            plant: &study.inputs().plant,
            assumptions: study.sizing_assumptions(),
            notes: study.notes(),
        })
        .collect();
    let mut meta = meta::common("size", &dataset, &sites);
    meta.insert(
        "model_requested".into(),
        serde_json::json!(args.model.model.name()),
    );
    let Some(first) = studies.first() else {
        return Err(Failure::Usage(
            "the data holds no site; give --input FILE with data".into(),
        ));
    };
    meta.insert("scenario".into(), meta::scenario(first));
    let context = SizingContext {
        paths: args.paths,
        seed: args.seed,
        year: args.year,
        flow: &first.inputs().flow,
        scenario: &first.inputs().scenario,
    };
    Ok(sizing::table(
        &rows,
        several,
        &context,
        meta::site_notes(&sites),
        meta,
    ))
}

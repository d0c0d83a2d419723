//! `cmmcast size`: how many engines the simulated gas keeps busy when it arrives day by day,
//! and which count is worth most.

use cmmcast_forecast::ForecastError;
use cmmcast_forecast::sim::{
    PlantSizing, RecommendationRule, ScheduleValue, SimulationSettings, SizingValue,
};
use cmmcast_forecast::study::{SizingParams, Study, StudyParams};

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
    with_studies(params, &args.scenario, &args.input, &FLAGS, |_, s| {
        let pool = thread_pool(args.threads)?;
        let sizings = pool.install(|| s.each(&FLAGS, |study| size_by_value(study, rule)))?;
        let rows: Vec<SiteSizing<'_>> = s
            .studies
            .iter()
            .zip(&sizings)
            .map(|(study, valued)| SiteSizing {
                site: study.site().name(),
                sizing: &valued.sizing,
                schedule: valued.schedule.as_ref(),
                unvalued: valued.unvalued.as_deref(),
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

/// A study's sizing: valued at its economic values and recommended by `rule`, with the
/// plant's own build schedule valued on the same paths (none when the plant has no capacity).
/// `size` and `report` both size through here, so their tables agree.
pub(crate) struct ValuedSizing {
    /// The sizing.
    pub sizing: PlantSizing,
    /// The plant's own schedule, valued.
    pub schedule: Option<ScheduleValue>,
    /// Why the counts are not valued, when the lifetime reaches beyond the given end year.
    pub unvalued: Option<String>,
}

/// See [`ValuedSizing`]. When the economics' lifetime reaches beyond a given end year
/// (`--to`), the counts cannot be valued: the sizing falls back to the capacity-factor rule
/// and says why, rather than refusing a sizing that needs no prices.
pub(crate) fn size_by_value(
    study: &Study<'_>,
    rule: RecommendationRule,
) -> Result<ValuedSizing, ForecastError> {
    if let Err(error @ ForecastError::LifetimeBeyondYears { .. }) = study.economic_years() {
        let sizing = study.size_valued(SizingValue {
            rule: Some(RecommendationRule::CapacityFactor),
            ..SizingValue::default()
        })?;
        return Ok(ValuedSizing {
            sizing,
            schedule: None,
            unvalued: Some(format!(
                "The engine counts are not valued ({}), so the recommendation follows the capacity-factor rule.",
                crate::failure::describe(&error, &crate::failure::FLAGS)
            )),
        });
    }
    let economics = &study.economics().params;
    let sizing = study.size_valued(SizingValue {
        economics: Some(economics),
        rule: Some(rule),
        ..SizingValue::default()
    })?;
    let plant = &study.inputs().plant;
    let has_capacity = plant.capacity_mw > 0.0 || !plant.additions.is_empty();
    let schedule = if has_capacity {
        Some(study.value_schedule(economics)?)
    } else {
        None
    };
    Ok(ValuedSizing {
        sizing,
        schedule,
        unvalued: None,
    })
}

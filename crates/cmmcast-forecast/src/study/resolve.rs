//! The one place a site's plant, its uncertain inputs and its sizing are put together, with
//! one precedence for every value: given (flags, code) > scenario > site facts > defaults.
//!
//! - A scenario key with a spread (`{ distribution = "triangular", spread = 0.05 }`) is centred
//!   on the site's own value (site facts, else the default): the plant keeps that value, and
//!   the simulation draws around it. The embedded default scenario is written this way, so a
//!   user's facts are never replaced by Songzao's numbers.
//! - A scenario key with a distribution of its own replaces the site's value: the plant (and so
//!   `project` and the tornado's base case) takes the distribution's median, which is what the
//!   simulation's p50 centres on; when the site facts gave a value, a note says it was
//!   replaced.
//! - A given value fixes the input: the plant takes it and the simulation does not draw it.
//! - Inputs the scenario leaves out keep the site's value, fixed.

use cmmcast_data::{DistributionSpec, InputDistribution, Scenario, Site};

use crate::energy::{OperatingKey, Origin, Plant, PlantBuilder, Sizing};
use crate::error::ForecastError;
use crate::sim::{DailyFlow, DrawnInputs, InputKey, Sampler, UncertainEntry, UncertainInputs};
use crate::study::StudyParams;

/// A site's plant, uncertain inputs, daily flow and sizing, resolved once.
#[derive(Debug, Clone)]
pub struct ResolvedInputs {
    /// The scenario used (the embedded default when none was given).
    pub scenario: Scenario,
    /// The plant, each operating value at its central value: given, else the scenario's median
    /// when the scenario gives a distribution of its own, else the site's value.
    pub plant: Plant,
    /// Plan adherence at its median (1 when the scenario leaves it out).
    pub adherence: f64,
    /// What the simulation draws, in draw order.
    pub uncertain: UncertainInputs,
    /// The daily flow's variability, for the sizing.
    pub flow: DailyFlow,
    /// Target share and engine size.
    pub sizing: Sizing,
    /// Values the scenario replaced or the flags fixed, one sentence each.
    pub notes: Vec<String>,
}

impl ResolvedInputs {
    /// Every input at its central value: the plant's operating values and the plan adherence.
    pub fn central(&self) -> DrawnInputs {
        DrawnInputs {
            values: self.plant.operating,
            adherence: self.adherence,
        }
    }
}

/// Resolves the site's inputs (module notes).
pub(crate) fn resolve(site: &Site, params: &StudyParams) -> Result<ResolvedInputs, ForecastError> {
    let scenario = params
        .scenario
        .clone()
        .unwrap_or_else(Scenario::songzao_default);
    let scenario_origin = Origin::Scenario(scenario.name.clone());
    let mut builder = PlantBuilder::from_site_facts(&site.facts)?;
    let mut entries = Vec::new();
    let mut notes = Vec::new();

    for key in OperatingKey::ALL {
        let Some(input) = scenario.input(key.name()) else {
            continue;
        };
        let (site_value, site_origin) = builder.operating_value(key);
        let spec = match input.distribution {
            InputDistribution::AroundSite(spread) => {
                spread.around(site_value, &key.scenario_key().range)
            }
            InputDistribution::Given(spec) => {
                let median = Sampler::new(spec).quantile(0.5);
                if *site_origin == Origin::SiteFacts {
                    notes.push(format!(
                        "scenario \"{}\" sets {} to {} (median {}), replacing the site facts' {}.",
                        scenario.name,
                        key.name(),
                        spec.describe(),
                        short(median),
                        site_value
                    ));
                }
                builder = builder
                    .with_origin(scenario_origin.clone())
                    .operating(key, median);
                spec
            }
        };
        entries.push(UncertainEntry {
            key: InputKey::Operating(key),
            sampler: Sampler::new(spec),
            per_year: input.per_year,
            year_to_year: None,
        });
    }

    let mut adherence = 1.0;
    if let Some(input) = scenario.input(InputKey::PlanAdherence.name()) {
        let spec = given_only(&input.distribution, InputKey::PlanAdherence)?;
        let sampler = Sampler::new(spec);
        adherence = sampler.quantile(0.5);
        entries.push(UncertainEntry {
            key: InputKey::PlanAdherence,
            sampler,
            per_year: input.per_year,
            year_to_year: input.year_to_year,
        });
    }

    // Given values fix their input, over the scenario and the site facts.
    builder = builder.with_origin(Origin::Given).apply(&params.plant);
    for key in OperatingKey::ALL {
        let Some(value) = params.plant.operating(key) else {
            continue;
        };
        if let Some(drawn) = entries
            .iter()
            .find(|e| e.key == InputKey::Operating(key) && !e.sampler.is_fixed())
        {
            notes.push(format!(
                "{} is fixed at the given {value}, so the scenario's {} is not drawn.",
                key.name(),
                drawn.sampler.spec().describe()
            ));
        }
        entries.push(UncertainEntry {
            key: InputKey::Operating(key),
            sampler: Sampler::new(DistributionSpec::Fixed { value }),
            per_year: false,
            year_to_year: None,
        });
    }
    let plant = builder.build()?;
    let sizing = Sizing::resolve(params.target_utilization, params.unit_mw, &site.facts.plant)?;

    let flow_input =
        |key: &'static str| -> Result<Option<(DistributionSpec, bool)>, ForecastError> {
            scenario
                .input(key)
                .map(|input| Ok((given_only_named(&input.distribution, key)?, input.per_year)))
                .transpose()
        };
    let flow = DailyFlow::new(flow_input("flow_cv")?, flow_input("flow_autocorrelation")?);

    Ok(ResolvedInputs {
        plant,
        adherence,
        uncertain: UncertainInputs::new(entries),
        flow,
        sizing,
        notes,
        scenario,
    })
}

/// The distribution of an input that has no site value to centre a spread on.
fn given_only(
    distribution: &InputDistribution,
    key: InputKey,
) -> Result<DistributionSpec, ForecastError> {
    given_only_named(distribution, key.name())
}

fn given_only_named(
    distribution: &InputDistribution,
    key: &'static str,
) -> Result<DistributionSpec, ForecastError> {
    match *distribution {
        InputDistribution::Given(spec) => Ok(spec),
        InputDistribution::AroundSite(_) => Err(ForecastError::SpreadWithoutSiteValue { key }),
    }
}

/// A number for a sentence: at most four significant decimals.
fn short(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

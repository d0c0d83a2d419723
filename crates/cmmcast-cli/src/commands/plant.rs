//! The plant and sizing of each site, as `project`, `simulate` and `size` build them: defaults,
//! then the site facts, then flags; refusals of values from the site facts name the file.

use cmmcast_data::{Dataset, MAX_CAPACITY_MW, ReferenceTemperature, Scenario, Site};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::energy::{CapacityAddition, Origin, Plant, PlantBuilder, PlantOverrides};
use cmmcast_forecast::request::Sizing;
use cmmcast_forecast::sim::{InputKey, UncertainInputs};

use crate::args::{InputArgs, PlantArgs};
use crate::failure::Failure;

/// Each selected site with its plant and sizing.
pub(crate) fn plants_for<'a>(
    flags: &PlantArgs,
    input: &InputArgs,
    dataset: &Dataset,
    sites: &[&'a Site],
) -> Result<Vec<(&'a Site, Plant, Sizing)>, Failure> {
    let additions = parse_additions(&flags.add)?;
    let several = dataset.sites().len() > 1;
    let mut jobs = Vec::with_capacity(sites.len());
    // Where site facts come from, to name the file when a value read from it is refused.
    let facts_file = match (&input.facts, &input.input) {
        (Some(path), _) | (None, Some(path)) => path.display().to_string(),
        (None, None) => dataset.origin().to_string(),
    };
    for &site in sites {
        let tag = |error: ForecastError| {
            let from_facts = match &error {
                ForecastError::BadPlantParameter { from, .. } => !from.is_empty(),
                ForecastError::UnknownGwp(_) => true,
                ForecastError::BadCapacitySchedule(_) => additions.is_none(),
                _ => false,
            };
            if from_facts {
                Failure::Usage(format!(
                    "{facts_file}, site \"{}\", plant table: {error}",
                    site.name()
                ))
            } else {
                Failure::Model {
                    site: several.then(|| site.name().to_string()),
                    error,
                }
            }
        };
        let plant = plant_for(site, flags, &additions).map_err(tag)?;
        let sizing = sizing_for(site, flags).map_err(tag)?;
        jobs.push((site, plant, sizing));
    }
    Ok(jobs)
}

/// Site facts, then flags, over the defaults.
fn plant_for(
    site: &Site,
    flags: &PlantArgs,
    additions: &Option<Vec<CapacityAddition>>,
) -> Result<Plant, ForecastError> {
    let basis = flags.basis.as_deref().map(|celsius| {
        // clap only lets 0, 15 and 20 through.
        celsius
            .parse::<f64>()
            .ok()
            .and_then(ReferenceTemperature::from_celsius)
            .unwrap_or(ReferenceTemperature::Celsius20)
    });
    let overrides = PlantOverrides {
        capacity_mw: flags.capacity_mw,
        efficiency: flags.efficiency,
        availability: flags.availability,
        share_to_power: flags.share_to_power,
        parasitic_fraction: flags.parasitic_fraction,
        gas_concentration: flags.gas_concentration,
        min_concentration: flags.min_concentration,
        destruction_efficiency: flags.destruction_efficiency,
        gwp: flags.gwp,
        grid_factor_t_per_mwh: flags.grid_factor,
        additions: additions.clone(),
        basis,
    };
    let plant = PlantBuilder::from_site_facts(&site.facts)?
        .apply(&overrides)
        .build()?;
    // The command line takes no larger plant than a site-facts file does, additions included,
    // which also keeps every output finite.
    let largest = plant.capacity_in(i32::MAX);
    if largest > MAX_CAPACITY_MW {
        return Err(ForecastError::BadPlantParameter {
            name: "capacity_mw",
            from: "",
            value: largest,
            allowed: "at most 10000 MW, scheduled additions included",
        });
    }
    Ok(plant)
}

fn sizing_for(site: &Site, flags: &PlantArgs) -> Result<Sizing, ForecastError> {
    let facts = &site.facts.plant;
    Sizing::new(
        flags
            .target_utilization
            .or(facts.target_utilization)
            .unwrap_or(Sizing::DEFAULT_TARGET_UTILIZATION),
        flags
            .unit_mw
            .or(facts.unit_mw)
            .unwrap_or(Sizing::DEFAULT_UNIT_MW),
    )
    .map_err(|error| match error {
        // Say so when the refused value came from the site facts, not a flag.
        ForecastError::BadPlantParameter {
            name,
            value,
            allowed,
            ..
        } if (name == "target_utilization"
            && flags.target_utilization.is_none()
            && facts.target_utilization.is_some())
            || (name == "unit_mw" && flags.unit_mw.is_none() && facts.unit_mw.is_some()) =>
        {
            ForecastError::BadPlantParameter {
                name,
                from: Origin::SiteFacts.phrase(),
                value,
                allowed,
            }
        }
        other => other,
    })
}

/// Where the default target share comes from (see [`Sizing::DEFAULT_TARGET_UTILIZATION`]).
pub(crate) const TARGET_UTILIZATION_SOURCE: &str =
    "assumption: most, not all, of the gas, since flow varies";
/// Where the default engine size comes from (see [`Sizing::DEFAULT_UNIT_MW`]).
pub(crate) const UNIT_MW_SOURCE: &str =
    "assumption: a Caterpillar G3520-class unit (domain.md, section 3)";

/// Where a sizing value came from, in the words the plant's assumptions use.
pub(crate) fn sizing_origin(flag: Option<f64>, fact: Option<f64>, default: &'static str) -> Origin {
    match (flag, fact) {
        (Some(_), _) => Origin::Given,
        (None, Some(_)) => Origin::SiteFacts,
        (None, None) => Origin::Default(default),
    }
}

/// `--add 2018:10,2021:20` → additions; `None` when the flag is absent (site facts apply).
fn parse_additions(pairs: &[String]) -> Result<Option<Vec<CapacityAddition>>, Failure> {
    if pairs.is_empty() {
        return Ok(None);
    }
    pairs
        .iter()
        .map(|pair| {
            let parsed = pair.split_once(':').and_then(|(year, mw)| {
                Some(CapacityAddition {
                    year: year.trim().parse().ok()?,
                    mw: mw.trim().parse().ok()?,
                })
            });
            parsed.ok_or_else(|| {
                Failure::Usage(format!(
                    "--add `{pair}` is not YEAR:MW; write whole years and MW added, comma \
                     separated, such as --add 2018:10,2021:20"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Scenario inputs, with every operating-value flag fixing its input (flags override the
/// scenario, which overrides the site facts).
pub(crate) fn inputs_for(scenario: &Scenario, flags: &PlantArgs) -> UncertainInputs {
    let mut inputs = UncertainInputs::from_scenario(scenario);
    let fixed = [
        (InputKey::Efficiency, flags.efficiency),
        (InputKey::Availability, flags.availability),
        (InputKey::ShareToPower, flags.share_to_power),
        (InputKey::ParasiticFraction, flags.parasitic_fraction),
        (InputKey::GasConcentration, flags.gas_concentration),
        (InputKey::MinConcentration, flags.min_concentration),
        (
            InputKey::DestructionEfficiency,
            flags.destruction_efficiency,
        ),
    ];
    for (key, value) in fixed {
        if let Some(value) = value {
            inputs.fix(key, value);
        }
    }
    inputs
}

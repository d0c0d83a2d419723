//! `cmmcast project`: the methane forecast carried through the power plant.

use serde_json::{Value, json};

use cmmcast_data::{MAX_CAPACITY_MW, ReferenceTemperature, Site};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::energy::{
    CO2_T_PER_T_CH4_BURNT, CapacityAddition, HOURS_PER_YEAR, METHANE_PROPERTIES_SOURCE, Origin,
    Plant, PlantBuilder, PlantOverrides, methane_properties,
};
use cmmcast_forecast::request::{Sizing, project_sites};
use cmmcast_forecast::trend::SeriesKind;

use crate::args::{PlantArgs, ProjectArgs};
use crate::commands::{site_failure, trend_request};
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// Builds the report of `cmmcast project`.
pub fn run(args: &ProjectArgs) -> Result<Report, Failure> {
    let request = trend_request(&args.trend, SeriesKind::Methane)?;
    let additions = parse_additions(&args.plant.add)?;
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let mut jobs = Vec::with_capacity(sites.len());
    // Where site facts come from, to name the file when a value read from it is refused.
    let facts_file = match (&args.input.facts, &args.input.input) {
        (Some(path), _) | (None, Some(path)) => path.display().to_string(),
        (None, None) => dataset.origin().to_string(),
    };
    for &site in &sites {
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
        let plant = plant_for(site, &args.plant, &additions).map_err(tag)?;
        let sizing = sizing_for(site, &args.plant).map_err(tag)?;
        jobs.push((site, plant, sizing));
    }
    let projections = project_sites(jobs, &request).map_err(|e| site_failure(e, several))?;

    let unit = "million m3 of CH4 per year";
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.extend([
        Column::number("year", "calendar year", 0),
        Column::number("methane_mm3", unit, 2),
        Column::number("to_power_mm3", unit, 2),
        Column::number("burnt_mm3", unit, 2),
        Column::number("surplus_mm3", unit, 2),
        Column::number("utilization", "burnt / drained", 3),
        Column::number("electricity_gwh", "GWh gross per year", 2),
        Column::number("capacity_factor", "gross output / (capacity x 8760 h)", 3),
        Column::number("co2e_avoided_kt", "kt CO2e per year", 1),
        Column::text("kind", "observed (the data) or forecast"),
    ]);
    for level in &request.levels {
        let label = level.label();
        columns.push(Column::number(format!("methane_lower_{label}"), unit, 2));
        columns.push(Column::number(format!("methane_upper_{label}"), unit, 2));
    }
    columns.extend([
        Column::number(
            "demand_mm3",
            "what the plant burns at full availability, million m3/yr",
            2,
        ),
        Column::number(
            "unusable_mm3",
            "sent to power but too lean for the engines, million m3/yr",
            2,
        ),
        Column::number(
            "net_electricity_gwh",
            "GWh per year net of parasitic load",
            2,
        ),
        Column::number("capacity_mw", "MW running that year", 1),
        Column::number(
            "co2e_destruction_kt",
            "kt CO2e per year from destroying methane",
            1,
        ),
        Column::number(
            "co2e_grid_kt",
            "kt CO2 per year from displacing grid power",
            1,
        ),
        Column::number("capacity_needed_mw", "MW to burn the target share", 1),
        Column::number("engines_needed", "engines of the unit size", 0),
        Column::number("additional_mw", "MW beyond what runs that year", 1),
    ]);

    let mut rows = Vec::new();
    let mut notes = meta::site_notes(&sites);
    let mut per_site = Vec::new();
    for projection in &projections {
        let site_name = &projection.forecast.site;
        for year in &projection.years {
            let e = &year.energy;
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(site_name.clone()));
            }
            row.extend([
                Cell::Int(i64::from(e.year)),
                Cell::Num(e.methane_mm3),
                Cell::Num(e.to_power_mm3),
                Cell::Num(e.burnt_mm3),
                Cell::Num(e.surplus_mm3),
                Cell::number(e.utilization),
                Cell::Num(e.electricity_gwh),
                Cell::number(e.capacity_factor),
                Cell::Num(e.co2e_avoided_kt),
                Cell::Text(
                    if year.observed {
                        "observed"
                    } else {
                        "forecast"
                    }
                    .into(),
                ),
            ]);
            for i in 0..request.levels.len() {
                match year.methane_bounds.get(i) {
                    Some(&(_, lower, upper)) => row.extend([Cell::Num(lower), Cell::Num(upper)]),
                    None => row.extend([Cell::Missing, Cell::Missing]),
                }
            }
            row.extend([
                Cell::Num(e.demand_mm3),
                Cell::Num(e.unusable_mm3),
                Cell::Num(e.net_electricity_gwh),
                Cell::Num(e.capacity_mw),
                Cell::Num(e.co2e_destruction_kt),
                Cell::number(e.co2e_grid_kt),
                Cell::Num(year.need.capacity_needed_mw),
                Cell::Int(i64::from(year.need.engines_needed)),
                Cell::Num(year.need.additional_mw),
            ]);
            rows.push(row);
        }
        let prefix = if several {
            format!("{site_name}: ")
        } else {
            String::new()
        };
        let plant = &projection.plant;
        notes.push(format!(
            "{prefix}methane forecast by {}; plant {} MW, efficiency {}, availability {}, GWP {} ({}).",
            projection.forecast.forecast.model,
            plant.capacity_mw,
            plant.efficiency,
            plant.availability,
            plant.gwp.name(),
            plant.gwp.ch4()
        ));
        if plant.grid_factor_t_per_mwh.is_none() {
            notes.push(format!(
                "{prefix}no grid emission factor given (--grid-factor), so co2e_avoided_kt counts \
                 methane destruction only and leaves grid displacement out."
            ));
        }
        if projection.years.iter().any(|y| y.need.capped) {
            notes.push(format!(
                "{prefix}in some years the target share exceeds the usable gas sent to power; \
                 capacity_needed_mw sizes for the usable gas there."
            ));
        }
        let gas = methane_properties(plant.basis);
        let facts = sites
            .iter()
            .find(|s| s.name() == site_name)
            .map(|s| s.facts.plant.clone())
            .unwrap_or_default();
        per_site.push(json!({
            "site": site_name,
            "model": projection.forecast.forecast.model,
            "parameters": projection.forecast.parameters,
            "selection": projection.forecast.selection,
            "interval_description": projection.forecast.forecast.interval_method.describe(),
            "plant": projection.plant.assumptions(),
            "sizing": {
                "target_utilization": {"value": projection.sizing.target_utilization, "unit": "fraction of drained methane", "source": sizing_origin(args.plant.target_utilization, facts.target_utilization, TARGET_UTILIZATION_SOURCE)},
                "unit_mw": {"value": projection.sizing.unit_mw, "unit": "MW per engine", "source": sizing_origin(args.plant.unit_mw, facts.unit_mw, UNIT_MW_SOURCE)},
            },
            "constants": {
                "lhv_mj_per_m3": {"value": gas.lhv_mj_per_m3, "unit": "MJ/m3", "source": METHANE_PROPERTIES_SOURCE},
                "density_kg_per_m3": {"value": gas.density_kg_per_m3, "unit": "kg/m3", "source": METHANE_PROPERTIES_SOURCE},
                "co2_t_per_t_ch4_burnt": {"value": CO2_T_PER_T_CH4_BURNT, "unit": "t CO2 per t CH4", "source": "44/16, UN CDM ACM0008"},
                "hours_per_year": {"value": HOURS_PER_YEAR, "unit": "h", "source": "convention: 365 days"},
            },
        }));
    }

    let mut meta = meta::common("project", &dataset, &sites);
    meta.insert(
        "levels".into(),
        Value::from(
            request
                .levels
                .iter()
                .map(|l| l.as_percent())
                .collect::<Vec<_>>(),
        ),
    );
    meta.insert(
        "balance".into(),
        json!("burnt_mm3 + surplus_mm3 + unusable_mm3 = methane_mm3; surplus is drained methane left for other uses, flaring or venting"),
    );
    meta.insert("projections".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
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
const TARGET_UTILIZATION_SOURCE: &str = "assumption: most, not all, of the gas, since flow varies";
/// Where the default engine size comes from (see [`Sizing::DEFAULT_UNIT_MW`]).
const UNIT_MW_SOURCE: &str = "assumption: a Caterpillar G3520-class unit (domain.md, section 3)";

/// Where a sizing value came from, in the words the plant's assumptions use.
fn sizing_origin(flag: Option<f64>, fact: Option<f64>, default: &'static str) -> Origin {
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

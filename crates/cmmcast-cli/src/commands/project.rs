//! `cmmcast project`: the methane forecast carried through the power plant.

use serde_json::{Value, json};

use cmmcast_forecast::energy::{
    CO2_T_PER_T_CH4_BURNT, HOURS_PER_YEAR, METHANE_PROPERTIES_SOURCE, methane_properties,
};
use cmmcast_forecast::request::project_sites;
use cmmcast_forecast::trend::SeriesKind;

use crate::args::ProjectArgs;
use crate::commands::plant::{
    TARGET_UTILIZATION_SOURCE, UNIT_MW_SOURCE, plants_for, sizing_origin,
};
use crate::commands::{site_failure, trend_request};
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// Builds the report of `cmmcast project`.
pub fn run(args: &ProjectArgs) -> Result<Report, Failure> {
    let request = trend_request(&args.trend, SeriesKind::Methane)?;
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
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

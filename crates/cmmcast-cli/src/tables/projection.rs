//! The table of `cmmcast project` (and the report's projection table): the deterministic
//! energy chain, year by year, per site.

use serde_json::{Map, Value, json};

use cmmcast_forecast::energy::{SurplusFate, UTILIZATION_CONVENTION};
use cmmcast_forecast::study::SiteProjection;

use crate::report::{Cell, Column, Report};
use crate::tables::{prefix, years_list};

/// One site's projection with the study's notes.
pub struct SiteRows<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The projection.
    pub projection: &'a SiteProjection,
    /// What the resolution of the inputs said (values a scenario replaced, ...).
    pub notes: &'a [String],
}

/// The projection table: `notes` first (the sites' caveats), then one row per site and year.
pub fn table(
    sites: &[SiteRows<'_>],
    several: bool,
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let levels = sites
        .first()
        .map(|s| s.projection.forecast.forecast.intervals.len())
        .unwrap_or(0);
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
        Column::number(
            "utilization",
            "burnt / drained (0 when nothing is drained)",
            3,
        ),
        Column::number("electricity_gwh", "GWh gross per year", 2),
        Column::number("capacity_factor", "gross output / (capacity x 8760 h)", 3),
        Column::number("co2e_avoided_kt", "kt CO2e per year", 1),
        Column::text("kind", "observed (the data) or forecast"),
    ]);
    if let Some(first) = sites.first() {
        for interval in &first.projection.forecast.forecast.intervals {
            let label = interval.level.label();
            columns.push(Column::number(format!("methane_lower_{label}"), unit, 2));
            columns.push(Column::number(format!("methane_upper_{label}"), unit, 2));
        }
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
            "flared_mm3",
            "sent to power, not burnt, and flared (0 when the surplus is vented), million m3/yr",
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
    for column in &mut columns {
        column.in_terminal = TERMINAL_COLUMNS.contains(&column.name.as_ref());
    }

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    for rows_of in sites {
        let projection = rows_of.projection;
        for year in &projection.years {
            let e = &year.energy;
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(rows_of.site.to_string()));
            }
            row.extend([
                Cell::Int(i64::from(e.year)),
                Cell::Num(e.methane_mm3),
                Cell::Num(e.to_power_mm3),
                Cell::Num(e.burnt_mm3),
                Cell::Num(e.surplus_mm3),
                Cell::Num(e.utilization),
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
            for i in 0..levels {
                match year.methane_bounds.get(i) {
                    Some(&(_, lower, upper)) => row.extend([Cell::Num(lower), Cell::Num(upper)]),
                    None => row.extend([Cell::Missing, Cell::Missing]),
                }
            }
            row.extend([
                Cell::Num(e.demand_mm3),
                Cell::Num(e.unusable_mm3),
                Cell::Num(e.flared_mm3),
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
        let prefix = prefix(rows_of.site, several);
        notes.extend(site_notes(projection, rows_of.notes, &prefix));
        let plant = &projection.plant;
        let mut sizing = Map::new();
        for a in projection.sizing.assumptions() {
            sizing.insert(
                a.name.into(),
                json!({"value": a.value, "unit": a.unit, "source": a.origin}),
            );
        }
        let mut constants = Map::new();
        for a in plant.constants() {
            constants.insert(
                a.name.into(),
                json!({"value": a.value, "unit": a.unit, "source": a.origin}),
            );
        }
        per_site.push(json!({
            "site": rows_of.site,
            "model": projection.forecast.forecast.model,
            "parameters": projection.forecast.parameters,
            "selection": projection.forecast.selection,
            "interval_description": projection.forecast.forecast.interval_method.describe(),
            "plan_adherence": projection.adherence,
            "floored_years": projection.floored_years,
            "plant": plant.assumptions(),
            "sizing": sizing,
            "constants": constants,
        }));
    }
    meta.insert(
        "levels".into(),
        Value::from(
            sites
                .first()
                .map(|s| {
                    s.projection
                        .forecast
                        .forecast
                        .intervals
                        .iter()
                        .map(|i| i.level.as_percent())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        ),
    );
    meta.insert(
        "balance".into(),
        json!("burnt_mm3 + surplus_mm3 + unusable_mm3 = methane_mm3; surplus is drained methane left for other uses, flaring or venting; flared_mm3 = to_power_mm3 - burnt_mm3 with --surplus flare (unusable gas included), else 0"),
    );
    meta.insert(
        "utilization_convention".into(),
        json!(UTILIZATION_CONVENTION),
    );
    meta.insert("projections".into(), Value::Array(per_site));
    Report {
        notes,
        meta,
        columns,
        rows,
    }
}

/// The columns the default terminal table shows (the chain from drained methane to avoided
/// emissions, 116 characters wide); the rest are in CSV, JSON and `--columns`.
const TERMINAL_COLUMNS: &[&str] = &[
    "site",
    "year",
    "methane_mm3",
    "burnt_mm3",
    "surplus_mm3",
    "utilization",
    "electricity_gwh",
    "capacity_factor",
    "co2e_avoided_kt",
];

/// The notes of one site's projection.
fn site_notes(projection: &SiteProjection, study_notes: &[String], prefix: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let plant = &projection.plant;
    notes.push(format!(
        "{prefix}methane forecast by {}; plant {}, efficiency {}, availability {}, GWP {} ({}).",
        projection.forecast.forecast.model,
        if plant.capacity_mw == 0.0 {
            "capacity not given".to_string()
        } else {
            format!("{} MW", plant.capacity_mw)
        },
        plant.operating.efficiency,
        plant.operating.availability,
        plant.gwp.name(),
        plant.gwp.ch4()
    ));
    notes.extend(study_notes.iter().map(|n| format!("{prefix}{n}")));
    if projection.adherence != 1.0 {
        notes.push(format!(
            "{prefix}forecast years' methane is the trend's point forecast x the scenario's median plan adherence {}.",
            projection.adherence
        ));
    }
    if !projection.floored_years.is_empty() {
        notes.push(format!(
            "{prefix}the {} forecast falls below zero in {}; drainage there is 0 (a mine cannot drain less than nothing).",
            projection.forecast.forecast.model,
            years_list(&projection.floored_years)
        ));
    }
    notes.extend(crate::meta::idle_plant(plant, prefix));
    if plant.surplus == SurplusFate::Flare {
        notes.push(format!(
            "{prefix}the methane sent to power but not burnt is flared (flared_mm3, gas too lean \
             for the engines included) and counted as destroyed at a flare efficiency of {} in \
             co2e_destruction_kt; it earns no power.",
            plant.flare_efficiency
        ));
    }
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
    notes
}

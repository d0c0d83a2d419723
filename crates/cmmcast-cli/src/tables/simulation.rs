//! The table of `cmmcast simulate` (and the report's simulation table): per site, year and
//! quantity, the percentiles, mean, sd and each percentile's Monte Carlo standard error.

use serde_json::{Map, Value, json};

use cmmcast_forecast::energy::{Plant, Quantity};
use cmmcast_forecast::sim::{PERCENTILE_CONVENTION, PERCENTILE_SE_RULE, Simulation};

use crate::report::{Cell, Column, Report};
use crate::tables::{prefix, years_list};

/// One site's simulation.
pub struct SiteSimulation<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The simulation.
    pub simulation: &'a Simulation,
    /// The plant it ran (its central values).
    pub plant: &'a Plant,
    /// What the resolution of the inputs said.
    pub notes: &'a [String],
}

/// The simulation table; `percentiles`, `paths` and `seed` as the simulation ran.
pub fn table(
    sites: &[SiteSimulation<'_>],
    several: bool,
    (percentiles, paths, seed): (&[f64], usize, u64),
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let labels: Vec<String> = percentiles.iter().map(|p| format!("p{p}")).collect();
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.push(Column::number("year", "calendar year", 0));
    columns.push(Column::text(
        "quantity",
        "the quantity summarised (its unit in meta.units)",
    ));
    for label in &labels {
        columns.push(Column::number(label.clone(), "unit of the quantity", 2));
    }
    columns.push(Column::number("mean", "unit of the quantity", 2));
    columns.push(Column::number("sd", "unit of the quantity", 2));
    for label in &labels {
        columns.push(Column::number(
            format!("se_{label}"),
            "Monte Carlo standard error of the percentile",
            3,
        ));
    }

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    for site in sites {
        let sim = site.simulation;
        for summary in &sim.summaries {
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(site.site.to_string()));
            }
            row.push(Cell::Int(i64::from(summary.year)));
            row.push(Cell::Text(summary.quantity.name().to_string()));
            row.extend(summary.percentiles.iter().map(|&v| Cell::Num(v)));
            row.push(Cell::Num(summary.mean));
            row.push(Cell::Num(summary.sd));
            row.extend(summary.percentile_se.iter().map(|&v| Cell::Num(v)));
            rows.push(row);
        }
        let prefix = prefix(site.site, several);
        notes.push(format!(
            "{prefix}{paths} paths, seed {seed}; models by Akaike weight: {}.",
            models_phrase(&sim.model_weights, &sim.model_counts)
        ));
        notes.extend(site.notes.iter().map(|n| format!("{prefix}{n}")));
        let floored: Vec<i32> = sim
            .summaries
            .iter()
            .filter(|s| s.quantity == Quantity::MethaneMm3 && s.min == 0.0)
            .map(|s| s.year)
            .collect();
        if !floored.is_empty() {
            notes.push(format!(
                "{prefix}some paths' drainage falls below zero in {}; it is 0 there (a mine cannot drain less than nothing).",
                years_list(&floored)
            ));
        }
        per_site.push(json!({
            "site": site.site,
            "years": sim.years,
            "models": models_json(&sim.model_weights, &sim.model_counts),
            "plant": site.plant.assumptions(),
        }));
    }
    notes.push(format!("Percentiles: {PERCENTILE_CONVENTION}"));

    meta.insert("seed".into(), json!(seed));
    meta.insert("paths".into(), json!(paths));
    meta.insert("percentiles".into(), json!(percentiles));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert(
        "percentile_standard_error".into(),
        json!(PERCENTILE_SE_RULE),
    );
    meta.insert(
        "quantities".into(),
        json!(Quantity::ALL.map(Quantity::name)),
    );
    meta.insert("units".into(), units());
    meta.insert("simulations".into(), Value::Array(per_site));
    Report {
        notes,
        meta,
        columns,
        rows,
    }
}

/// Each quantity's unit, for `meta.units`.
pub fn units() -> Value {
    Value::Object(
        Quantity::ALL
            .iter()
            .map(|q| (q.name().to_string(), json!(q.unit())))
            .collect(),
    )
}

/// "exponential 0.983 (98,312 paths), linear 0.017 (1,688 paths)".
pub fn models_phrase(weights: &[(&str, f64)], counts: &[(&str, usize)]) -> String {
    weights
        .iter()
        .zip(counts)
        .map(|((m, w), (_, c))| format!("{m} {w:.3} ({c} paths)"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The models paths picked from, for `meta`.
pub fn models_json(weights: &[(&str, f64)], counts: &[(&str, usize)]) -> Value {
    Value::Array(
        weights
            .iter()
            .zip(counts)
            .map(|((m, w), (_, c))| json!({"model": m, "weight": w, "paths": c}))
            .collect(),
    )
}

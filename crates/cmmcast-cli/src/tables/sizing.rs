//! The table of `cmmcast size` (and the columns the report's sizing chart repeats): one row
//! per engine count, with the recommendation, the engines' rule and the daily flow stated.

use serde_json::{Map, Value, json};

use cmmcast_data::{DistributionSpec, Scenario};
use cmmcast_forecast::energy::Plant;
use cmmcast_forecast::sim::{
    DAILY_SEED_XOR, DailyFlow, ENGINE_RULE, EngineCount, EngineValue, FLOW_MODEL, PlantSizing,
    RecommendationRule, SIZING_PERCENTILE_CONVENTION, ScheduleValue, SizingSettings,
};

use crate::report::{Cell, Column, Report};
use crate::tables::{prefix, simulation};

/// One site's sizing.
pub struct SiteSizing<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The sizing.
    pub sizing: &'a PlantSizing,
    /// The plant's own build schedule valued on the same paths, when it has capacity.
    pub schedule: Option<&'a ScheduleValue>,
    /// Why the counts are not valued, when they are not.
    pub unvalued: Option<&'a cmmcast_forecast::ForecastError>,
    /// The currency label of the values.
    pub currency: &'a str,
    /// The economic values with their sources (`Study::economics`), for `meta`.
    pub economics: &'a [cmmcast_forecast::energy::Assumption],
    /// Its settings (the site's engine size).
    pub settings: SizingSettings,
    /// The plant whose operating values the engines run at.
    pub plant: &'a Plant,
    /// Every sizing setting with where it came from (`Study::sizing_assumptions`).
    pub assumptions: Vec<cmmcast_forecast::energy::Assumption>,
    /// What the resolution of the inputs said.
    pub notes: &'a [String],
}

/// The columns the default terminal table shows (108 characters wide); the rest are in CSV,
/// JSON and `--columns`.
const TERMINAL_COLUMNS: &[&str] = &[
    "site",
    "engines",
    "capacity_mw",
    "capacity_factor",
    "capacity_factor_p10",
    "utilization",
    "expected_npv",
    "recommended",
];

/// What the sizing table states besides its rows.
pub struct SizingContext<'a> {
    /// Paths and seed of the sizing.
    pub paths: usize,
    /// Seed of the annual paths and the days.
    pub seed: u64,
    /// The sized year asked for, if any.
    pub year: Option<i32>,
    /// The daily flow.
    pub flow: &'a DailyFlow,
    /// The scenario it comes from.
    pub scenario: &'a Scenario,
}

/// The sizing table.
pub fn table(
    sites: &[SiteSizing<'_>],
    several: bool,
    context: &SizingContext<'_>,
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.extend(engine_count_columns());
    let valued = sites.iter().any(|site| !site.sizing.values.is_empty());
    if valued {
        columns.extend(value_columns());
    }
    columns.push(Column::text(
        "recommended",
        "true on the recommended count's row (--rule), false on the others",
    ));
    for column in &mut columns {
        column.in_terminal = TERMINAL_COLUMNS.contains(&column.name.as_ref());
    }

    let mut rows = Vec::new();
    let mut recommendations = Vec::new();
    let mut per_site = Vec::new();
    for site in sites {
        let sizing = site.sizing;
        for row in &sizing.rows {
            let mut cells = Vec::with_capacity(columns.len());
            if several {
                cells.push(Cell::Text(site.site.to_string()));
            }
            cells.extend(engine_count_cells(row));
            if valued {
                match sizing.values.iter().find(|v| v.engines == row.engines) {
                    Some(value) => cells.extend(value_cells(value)),
                    None => cells.extend(value_columns().iter().map(|_| Cell::Missing)),
                }
            }
            cells.push(Cell::Bool(sizing.recommended == Some(row.engines)));
            rows.push(cells);
        }
        let prefix = prefix(site.site, several);
        let recommendation = recommendation_note(sizing, &site.settings, site.assumptions.iter());
        notes.push(format!("{prefix}{recommendation}"));
        if let Some(engines) = sizing.recommended {
            let mw = f64::from(engines) * site.settings.unit_mw;
            let p50 = sizing.p50_gas_capacity_mw;
            let (side, why) = if mw > p50 {
                (
                    "above",
                    ": the engines beyond it run only on the paths and in the years with more gas than that (later years' growth among them), which is where their value comes from",
                )
            } else {
                ("at or below", "")
            };
            notes.push(format!(
                "{prefix}The recommended {mw} MW is {side} the {p50:.1} MW that burns the sized years' median usable gas ({:.2} million m3 a year) at full load{why}.",
                sizing.usable_mm3_p50
            ));
        }
        if let Some(error) = site.unvalued {
            notes.push(format!("{prefix}{}", unvalued_note(error)));
        }
        if let Some(schedule) = site.schedule {
            notes.push(format!(
                "{prefix}{}",
                schedule_note(schedule, site.settings.unit_mw, site.currency)
            ));
        }
        notes.push(format!(
            "{prefix}{} paths x {} = {} path-years, seed {}; mean drained {:.2}, usable sent to power {:.2} million m3/yr; models by Akaike weight: {}.",
            context.paths,
            years_phrase(&sizing.years),
            sizing.path_years,
            context.seed,
            sizing.drained_mm3,
            sizing.usable_mm3,
            simulation::models_phrase(&sizing.model_weights, &sizing.model_counts),
        ));
        notes.extend(site.notes.iter().map(|n| format!("{prefix}{n}")));
        recommendations.push(json!({
            "site": site.site,
            "rule": sizing.rule,
            "rule_text": sizing.rule_text,
            "why_none": sizing.no_recommendation,
            "engines": sizing.recommended,
            "capacity_mw": sizing.recommended.map(|e| f64::from(e) * site.settings.unit_mw),
            "note": recommendation,
        }));
        let unit = site
            .assumptions
            .iter()
            .find(|a| a.name == "unit_mw")
            .map(|a| json!({"value": a.value, "unit": a.unit, "source": a.origin}));
        per_site.push(json!({
            "site": site.site,
            "years_sized": sizing.years,
            "years_simulated": sizing.simulated_years,
            "path_years": sizing.path_years,
            "drained_mm3_mean": sizing.drained_mm3,
            "usable_mm3_mean": sizing.usable_mm3,
            "usable_mm3_p50": sizing.usable_mm3_p50,
            "p50_gas_capacity_mw": sizing.p50_gas_capacity_mw,
            "unit_mw": unit,
            "models": simulation::models_json(&sizing.model_weights, &sizing.model_counts),
            "plant": site.plant.assumptions(),
            "valued_years": sizing.valued_years,
            "currency": site.currency,
            "economics": site.economics,
            "schedule": site.schedule,
        }));
    }
    notes.push(format!("Daily flow: {}.", flow_phrase(context.flow)));
    if let Some(first) = sites.first() {
        notes.push(format!(
            "Engines run from {} of full load at constant efficiency (part-load losses not modelled); capacity factor = gross output / (engines x {} MW x 8760 h).",
            percent(first.settings.min_load),
            unit_phrase(&sites.iter().map(|s| s.settings.unit_mw).collect::<Vec<_>>()),
        ));
    }

    let origin_of = |name: &str| {
        sites
            .first()
            .and_then(|s| s.assumptions.iter().find(|a| a.name == name))
            .map(|a| json!({"value": a.value, "unit": a.unit, "source": a.origin}))
    };
    meta.insert("seed".into(), json!(context.seed));
    meta.insert("paths".into(), json!(context.paths));
    meta.insert("year_requested".into(), json!(context.year));
    meta.insert(
        "recommendation".into(),
        json!({
            "rule": sites.first().map(|s| s.sizing.rule_text),
            "min_capacity_factor": origin_of("min_capacity_factor"),
            "sites": recommendations,
        }),
    );
    meta.insert(
        "engines".into(),
        json!({
            "max_engines": sites.first().map(|s| s.settings.max_engines),
            "max_engines_source": origin_of("max_engines"),
            "min_load": origin_of("min_load"),
            "rule": ENGINE_RULE,
        }),
    );
    meta.insert(
        "flow_variability".into(),
        json!({
            "model": FLOW_MODEL,
            "flow_cv": flow_input(context.flow.cv(), context.scenario, "constant daily flow: the scenario does not set flow_cv"),
            "flow_autocorrelation": flow_input(context.flow.autocorrelation(), context.scenario, "independent days: the scenario does not set flow_autocorrelation"),
            "streams": format!(
                "annual paths from path_rng(seed, path), as cmmcast simulate draws them (same seed, scenario, model and horizon give the same paths); days of path p, year index y from path_rng(seed XOR {DAILY_SEED_XOR:#018x}, p x 65536 + y)"
            ),
        }),
    );
    meta.insert(
        "percentile_convention".into(),
        json!(SIZING_PERCENTILE_CONVENTION),
    );
    meta.insert("sizings".into(), Value::Array(per_site));
    Report {
        notes,
        meta,
        columns,
        rows,
    }
}

/// The recommendation in one sentence, with its rule.
pub fn recommendation_note<'a>(
    sizing: &PlantSizing,
    settings: &SizingSettings,
    assumptions: impl Iterator<Item = &'a cmmcast_forecast::energy::Assumption>,
) -> String {
    let unit_mw = settings.unit_mw;
    if sizing.rule == RecommendationRule::MaxExpectedNpv {
        return npv_recommendation(sizing, settings);
    }
    let threshold = settings.min_capacity_factor;
    let given = assumptions
        .filter(|a| a.name == "min_capacity_factor")
        .any(|a| a.origin == cmmcast_forecast::energy::Origin::Given);
    let assumption = if given { "given" } else { "an assumption" };
    match sizing.recommended {
        Some(engines) => {
            let mut note = format!(
                "Recommended: {engines} engines of {unit_mw} MW ({} MW), the largest count whose p10 capacity factor is at least {threshold} ({assumption}; --min-capacity-factor).",
                f64::from(engines) * unit_mw
            );
            if engines == settings.max_engines {
                note.push_str(" That is the largest count tried, so more engines may qualify too; raise --max-engines.");
            }
            note
        }
        None => format!(
            "No count from 1 to {} engines of {unit_mw} MW has a p10 capacity factor of at least {threshold} ({assumption}; --min-capacity-factor), so none is recommended: even one engine would stand idle too often; try a smaller --unit-mw or a lower --min-capacity-factor.",
            settings.max_engines
        ),
    }
}

/// Why the engine counts were not valued, in the command line's words.
pub fn unvalued_note(error: &cmmcast_forecast::ForecastError) -> String {
    format!(
        "The engine counts are not valued ({}), so the recommendation follows the capacity-factor rule.",
        crate::failure::describe(error, &crate::failure::FLAGS)
    )
}

/// The recommendation by expected NPV in one sentence.
fn npv_recommendation(sizing: &PlantSizing, settings: &SizingSettings) -> String {
    let unit_mw = settings.unit_mw;
    let value = sizing
        .recommended
        .and_then(|engines| sizing.values.iter().find(|v| v.engines == engines));
    match (sizing.recommended, value) {
        (Some(engines), Some(value)) => {
            let mut note = format!(
                "Recommended: {engines} engines of {unit_mw} MW ({} MW), the count with the highest expected NPV ({} ± {} million; P(NPV < 0) = {:.1} %); its last engine runs at a capacity factor of {:.3} and adds {} million (--rule npv; --rule capacity-factor for the 0.1 rule).",
                f64::from(engines) * unit_mw,
                millions(value.npv.expected),
                millions(value.npv.expected_se),
                value.npv.loss_probability * 100.0,
                value.marginal_capacity_factor,
                millions(value.marginal_npv),
            );
            if engines == settings.max_engines {
                note.push_str(" That is the largest count tried, so a larger plant may be worth more; raise --max-engines.");
            }
            note
        }
        _ => format!(
            "No count from 1 to {} engines of {unit_mw} MW is recommended: {}.",
            settings.max_engines,
            sizing.no_recommendation.unwrap_or("no count was valued")
        ),
    }
}

/// The plant's own schedule in one sentence.
fn schedule_note(schedule: &ScheduleValue, unit_mw: f64, currency: &str) -> String {
    let engines = match (schedule.engines.first(), schedule.engines.last()) {
        (Some(first), Some(last)) if first == last => format!("{first} engines in every year"),
        (Some(first), Some(last)) => format!("{first} engines rising to {last}"),
        _ => "no engines".to_string(),
    };
    format!(
        "The plant's own build schedule ({engines} of {unit_mw} MW, each addition paid the year before it runs): expected NPV {} ± {} million {currency}, P(NPV < 0) = {:.1} %, NPV p10 {} and p90 {} million, capacity factor {:.3}.",
        millions(schedule.npv.expected),
        millions(schedule.npv.expected_se),
        schedule.npv.loss_probability * 100.0,
        millions(schedule.npv.p10),
        millions(schedule.npv.p90),
        schedule.capacity_factor,
    )
}

/// Millions with two decimals.
fn millions(value: f64) -> String {
    format!("{:.2}", value / 1e6)
}

/// The value columns of one engine count, after [`engine_count_columns`] when the counts are
/// valued.
pub fn value_columns() -> Vec<Column> {
    vec![
        Column::number("expected_npv", "mean NPV over the paths, currency", 0),
        Column::number(
            "expected_npv_se",
            "Monte Carlo standard error of expected_npv, currency",
            0,
        ),
        Column::number(
            "npv_p10",
            "10th percentile of the NPV (a low value), currency",
            0,
        ),
        Column::number("npv_p90", "90th percentile of the NPV, currency", 0),
        Column::number("p_npv_negative", "share of paths with NPV < 0", 3),
        Column::number(
            "marginal_capacity_factor",
            "the last engine's own capacity factor, mean over the sized path-years",
            3,
        ),
        Column::number(
            "marginal_npv",
            "expected NPV of this count minus that of one engine fewer, currency",
            0,
        ),
    ]
}

/// The cells of one engine count's value, in the order of [`value_columns`].
pub fn value_cells(value: &EngineValue) -> [Cell; 7] {
    [
        Cell::Num(value.npv.expected),
        Cell::Num(value.npv.expected_se),
        Cell::Num(value.npv.p10),
        Cell::Num(value.npv.p90),
        Cell::Num(value.npv.loss_probability),
        Cell::Num(value.marginal_capacity_factor),
        Cell::Num(value.marginal_npv),
    ]
}

/// The columns of one engine count, as `cmmcast size` prints them and the report's sizing
/// table repeats them.
pub fn engine_count_columns() -> Vec<Column> {
    vec![
        Column::number("engines", "number of engines of the unit size", 0),
        Column::number("capacity_mw", "engines x unit size, MW", 1),
        Column::number("electricity_gwh", "mean gross electricity, GWh per year", 2),
        Column::number(
            "capacity_factor",
            "mean of gross output / (capacity x 8760 h) over the path-years",
            3,
        ),
        Column::number(
            "capacity_factor_p10",
            "10th percentile (a low value) of the capacity factor over the path-years",
            3,
        ),
        Column::number(
            "utilization",
            "mean of burnt / drained over the path-years (0 for a path-year with nothing drained)",
            3,
        ),
        Column::number(
            "surplus_mm3",
            "mean drained methane not burnt (not sent to power, too lean or beyond the engines), million m3 per year",
            2,
        ),
        Column::number(
            "shortfall_probability",
            "share of path-years with at least one day short of gas (not every engine at full load)",
            3,
        ),
    ]
}

/// The cells of one engine count, in the order of [`engine_count_columns`].
pub fn engine_count_cells(row: &EngineCount) -> [Cell; 8] {
    [
        Cell::Int(i64::from(row.engines)),
        Cell::Num(row.capacity_mw),
        Cell::Num(row.electricity_gwh),
        Cell::Num(row.capacity_factor),
        Cell::Num(row.capacity_factor_p10),
        Cell::Num(row.utilization),
        Cell::Num(row.surplus_mm3),
        Cell::Num(row.shortfall_probability),
    ]
}

/// "14 years 2017-2030" or "1 year (2020)".
fn years_phrase(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) if first != last => {
            format!("{} years {first}-{last}", years.len())
        }
        (Some(first), _) => format!("1 year ({first})"),
        _ => "0 years".into(),
    }
}

/// The daily flow's parameters in words.
fn flow_phrase(flow: &DailyFlow) -> String {
    let (cv, cv_per_year, cv_given) = flow.cv();
    let (rho, rho_per_year, rho_given) = flow.autocorrelation();
    if flow.is_constant() {
        return if cv_given {
            "the same every day (flow_cv 0 in the scenario)".into()
        } else {
            "the same every day (the scenario sets no flow_cv), which overstates what a plant can burn".into()
        };
    }
    format!(
        "lognormal day-to-day multipliers of mean 1 around the year's mean flow, coefficient of variation {}{}, lag-1 autocorrelation {}{} (AR(1) on the log)",
        briefly(cv, cv_per_year),
        if cv_given { " (scenario)" } else { "" },
        briefly(rho, rho_per_year),
        if rho_given {
            " (scenario)"
        } else {
            " (not set by the scenario: independent days)"
        },
    )
}

/// A value or a distribution, briefly.
fn briefly(spec: DistributionSpec, per_year: bool) -> String {
    let text = match spec {
        DistributionSpec::Fixed { value } => format!("{value}"),
        other => format!("drawn from a {} distribution", other.name()),
    };
    if per_year && !matches!(spec, DistributionSpec::Fixed { .. }) {
        format!("{text} every year")
    } else {
        text
    }
}

/// One flow input for `meta`: its distribution and where it comes from.
fn flow_input(
    (spec, per_year, given): (DistributionSpec, bool, bool),
    scenario: &Scenario,
    default: &str,
) -> Value {
    json!({
        "distribution": spec,
        "per_year": per_year,
        "source": if given {
            format!("scenario {} ({}); its comment gives the reasoning", scenario.name, scenario.origin)
        } else {
            default.to_string()
        },
    })
}

/// 0.5 → "50 %".
fn percent(fraction: f64) -> String {
    format!("{} %", fraction * 100.0)
}

/// The unit size, or the sizes of several sites.
fn unit_phrase(units: &[f64]) -> String {
    let mut distinct: Vec<f64> = Vec::new();
    for &u in units {
        if !distinct.contains(&u) {
            distinct.push(u);
        }
    }
    distinct
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}

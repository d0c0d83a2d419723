//! `cmmcast size`: how many engines the simulated gas keeps busy when it arrives day by day.

use serde_json::{Value, json};

use cmmcast_data::{DistributionSpec, Scenario};
use cmmcast_forecast::request::Sizing;
use cmmcast_forecast::sim::{
    DAILY_SEED_XOR, DEFAULT_MAX_ENGINES, DEFAULT_MIN_CAPACITY_FACTOR, DEFAULT_MIN_LOAD, DailyFlow,
    MIN_CAPACITY_FACTOR_SOURCE, MIN_LOAD_SOURCE, PlantSizing, RECOMMENDATION_RULE,
    SimulationSettings, SizingSettings, size_site,
};

use crate::args::SizeArgs;
use crate::commands::plant::{UNIT_MW_SOURCE, inputs_for, plants_for, sizing_origin};
use crate::commands::simulate::thread_pool;
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// The daily flow model, as `meta` states it.
pub(crate) const FLOW_MODEL: &str = "each path-year's usable gas sent to power Q is spread over 365 days as q_d = Q/365 x m_d, with ln m_d = -s^2/2 + x_d, x_d = rho x_(d-1) + sqrt(1 - rho^2) s e_d, x_0 ~ N(0, s^2), s^2 = ln(1 + cv^2): lognormal multipliers of mean 1 and coefficient of variation cv, day-to-day correlation rho, each year starting afresh; a year's multipliers are not renormalised to average exactly 1 (docs/METHODS.md, section 11.5)";

/// How a day's gas is burnt, as `meta` states it.
pub(crate) const ENGINE_RULE: &str = "one engine at full load burns f = unit_mw x 24 h x availability x 3600 / (efficiency x LHV) m3 a day; engines share a day's gas g equally between min_load and full load at constant efficiency; with E engines the day burns min(g, E f) when g >= min_load x f and nothing below (for min_load above 0.5, flows between n-1 engines at full load and n engines at minimum load burn (n-1) f); a day is short of gas when g < E f";

/// The percentile convention, stated once in `meta`.
const PERCENTILE_CONVENTION: &str = "capacity_factor_p10 is the 10th percentile over all sized path-years: a low value that 10 % of path-years fall below (statistical convention, Hyndman-Fan type 7 as numpy); petroleum's 'P90' reads the other way";

/// Builds the report of `cmmcast size`.
pub fn run(args: &SizeArgs) -> Result<Report, Failure> {
    // The flags' own ranges first, before any file is read (the unit size is checked again
    // with the site facts' value below).
    let flags = sizing_settings(args, args.plant.unit_mw.unwrap_or(Sizing::DEFAULT_UNIT_MW));
    flags.check()?;
    let simulation = SimulationSettings {
        paths: args.paths,
        seed: args.seed,
        percentiles: Vec::new(),
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
    };
    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path)?,
        None => Scenario::songzao_default(),
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
    let inputs = inputs_for(&scenario, &args.plant);
    let flow = DailyFlow::from_scenario(&scenario);

    let pool = thread_pool(args.threads)?;
    let sizings = pool.install(|| {
        jobs.iter()
            .map(|(site, plant, sizing)| {
                size_site(
                    site,
                    plant,
                    &inputs,
                    &flow,
                    &simulation,
                    &sizing_settings(args, sizing.unit_mw),
                )
                .map_err(|error| Failure::Model {
                    site: several.then(|| site.name().to_string()),
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })?;

    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.extend(engine_count_columns());

    let mut rows = Vec::new();
    let mut notes = meta::site_notes(&sites);
    let mut recommendations = Vec::new();
    let mut per_site = Vec::new();
    for (sizing, (site, plant, unit)) in sizings.iter().zip(&jobs) {
        for row in &sizing.rows {
            let mut cells = Vec::with_capacity(columns.len());
            if several {
                cells.push(Cell::Text(sizing.site.clone()));
            }
            cells.extend([
                Cell::Int(i64::from(row.engines)),
                Cell::Num(row.capacity_mw),
                Cell::Num(row.electricity_gwh),
                Cell::Num(row.capacity_factor),
                Cell::Num(row.capacity_factor_p10),
                Cell::number(row.utilization),
                Cell::Num(row.surplus_mm3),
                Cell::Num(row.shortfall_probability),
            ]);
            rows.push(cells);
        }
        let prefix = if several {
            format!("{}: ", sizing.site)
        } else {
            String::new()
        };
        let recommendation = recommendation_note(sizing, args, unit.unit_mw);
        notes.push(format!("{prefix}{recommendation}"));
        notes.push(format!(
            "{prefix}{} paths x {} = {} path-years, seed {}; mean drained {:.2}, usable sent to power {:.2} million m3/yr; models by Akaike weight: {}.",
            args.paths,
            years_phrase(&sizing.years),
            sizing.path_years,
            args.seed,
            sizing.drained_mm3,
            sizing.usable_mm3,
            sizing
                .model_weights
                .iter()
                .zip(&sizing.model_counts)
                .map(|((m, w), (_, c))| format!("{m} {w:.3} ({c} paths)"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        recommendations.push(json!({
            "site": sizing.site,
            "engines": sizing.recommended,
            "capacity_mw": sizing.recommended.map(|e| f64::from(e) * unit.unit_mw),
            "note": recommendation,
        }));
        per_site.push(json!({
            "site": sizing.site,
            "years_sized": sizing.years,
            "years_simulated": sizing.simulated_years,
            "path_years": sizing.path_years,
            "drained_mm3_mean": sizing.drained_mm3,
            "usable_mm3_mean": sizing.usable_mm3,
            "unit_mw": {
                "value": unit.unit_mw,
                "unit": "MW per engine",
                "source": sizing_origin(args.plant.unit_mw, site.facts.plant.unit_mw, UNIT_MW_SOURCE),
            },
            "models": sizing.model_weights.iter().zip(&sizing.model_counts).map(|((m, w), (_, c))| json!({"model": m, "weight": w, "paths": c})).collect::<Vec<_>>(),
            "plant": plant.assumptions(),
        }));
    }
    notes.push(format!("Daily flow: {}.", flow_phrase(&flow)));
    notes.push(format!(
        "Engines run from {} of full load at constant efficiency (part-load losses not modelled); capacity factor = gross output / (engines x {} MW x 8760 h).",
        percent(min_load(args)),
        unit_phrase(&jobs.iter().map(|(_, _, s)| s.unit_mw).collect::<Vec<_>>()),
    ));

    let mut meta = meta::common("size", &dataset, &sites);
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("paths".into(), json!(args.paths));
    meta.insert("year_requested".into(), json!(args.year));
    meta.insert("model_requested".into(), json!(args.model.model.name()));
    meta.insert(
        "recommendation".into(),
        json!({
            "rule": RECOMMENDATION_RULE,
            "min_capacity_factor": {
                "value": min_capacity_factor(args),
                "source": if args.min_capacity_factor.is_some() { "given (command line)" } else { MIN_CAPACITY_FACTOR_SOURCE },
            },
            "sites": recommendations,
        }),
    );
    meta.insert(
        "engines".into(),
        json!({
            "max_engines": max_engines(args),
            "min_load": {
                "value": min_load(args),
                "unit": "fraction of full load",
                "source": if args.min_load.is_some() { "given (command line)" } else { MIN_LOAD_SOURCE },
            },
            "rule": ENGINE_RULE,
        }),
    );
    meta.insert(
        "flow_variability".into(),
        json!({
            "model": FLOW_MODEL,
            "flow_cv": flow_input(flow.cv(), &scenario, "constant daily flow: the scenario does not set flow_cv"),
            "flow_autocorrelation": flow_input(flow.autocorrelation(), &scenario, "independent days: the scenario does not set flow_autocorrelation"),
            "streams": format!(
                "annual paths from path_rng(seed, path), as cmmcast simulate draws them (same seed, scenario, model and horizon give the same paths); days of path p, year index y from path_rng(seed XOR {DAILY_SEED_XOR:#018x}, p x 65536 + y)"
            ),
        }),
    );
    meta.insert("scenario".into(), meta::scenario(&scenario, &inputs));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert("sizings".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
}

/// `--max-engines`, or its default.
fn max_engines(args: &SizeArgs) -> u32 {
    args.max_engines.unwrap_or(DEFAULT_MAX_ENGINES)
}

/// `--min-load`, or its default.
fn min_load(args: &SizeArgs) -> f64 {
    args.min_load.unwrap_or(DEFAULT_MIN_LOAD)
}

/// `--min-capacity-factor`, or its default.
fn min_capacity_factor(args: &SizeArgs) -> f64 {
    args.min_capacity_factor
        .unwrap_or(DEFAULT_MIN_CAPACITY_FACTOR)
}

/// The sizing the flags ask for, with a site's unit size.
fn sizing_settings(args: &SizeArgs, unit_mw: f64) -> SizingSettings {
    SizingSettings {
        unit_mw,
        max_engines: max_engines(args),
        min_load: min_load(args),
        min_capacity_factor: min_capacity_factor(args),
        year: args.year,
    }
}

/// The recommendation in one sentence, with its rule.
fn recommendation_note(sizing: &PlantSizing, args: &SizeArgs, unit_mw: f64) -> String {
    let threshold = min_capacity_factor(args);
    let assumption = if args.min_capacity_factor.is_some() {
        "given"
    } else {
        "an assumption"
    };
    match sizing.recommended {
        Some(engines) => {
            let mut note = format!(
                "Recommended: {engines} engines of {unit_mw} MW ({} MW), the largest count whose p10 capacity factor is at least {threshold} ({assumption}; --min-capacity-factor).",
                f64::from(engines) * unit_mw
            );
            if engines == max_engines(args) {
                note.push_str(" That is the largest count tried, so more engines may qualify too; raise --max-engines.");
            }
            note
        }
        None => format!(
            "No count from 1 to {} engines of {unit_mw} MW has a p10 capacity factor of at least {threshold} ({assumption}; --min-capacity-factor), so none is recommended: even one engine would stand idle too often; try a smaller --unit-mw or a lower --min-capacity-factor.",
            max_engines(args)
        ),
    }
}

/// "2017-2030" or "2020".
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
        describe(cv, cv_per_year),
        if cv_given { " (scenario)" } else { "" },
        describe(rho, rho_per_year),
        if rho_given {
            " (scenario)"
        } else {
            " (not set by the scenario: independent days)"
        },
    )
}

/// A value or a distribution, briefly.
fn describe(spec: DistributionSpec, per_year: bool) -> String {
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

/// The columns of one engine count, as `cmmcast size` prints them and the report's sizing
/// table repeats them.
pub(crate) fn engine_count_columns() -> Vec<Column> {
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
            "mean of burnt / drained over the path-years",
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

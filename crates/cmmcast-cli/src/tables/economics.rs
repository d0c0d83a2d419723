//! The table of `cmmcast economics` (and the report's cash-flow table): per site, the
//! investment row and one row per operating year with exactly the columns of
//! [`CASH_FLOW_COLUMNS`]; the measures in the notes and `meta`, each parameter with its source.

use serde_json::{Map, Value, json};

use cmmcast_forecast::economics::{CASH_FLOW_COLUMNS, Valuation};
use cmmcast_forecast::sim::{PERCENTILE_SE_RULE, PathValuation};
use cmmcast_forecast::study::{Study, StudyValuation};

use crate::report::{Cell, Column, Report};
use crate::tables::prefix;

/// The cash-flow columns the default terminal table leaves to CSV, JSON and `--columns`, so
/// that it fits 120 characters with the cash flow and its cumulative discounted sum in it.
const TERMINAL_DETAILS: &[&str] = &["revenue_carbon", "gas_cost", "discounted_cash_flow"];

/// The conventions of the cash flows, for `meta` and the report.
pub const CONVENTIONS: &str = "real terms in one currency; end-of-year cash flows; the plant's capex in the year before its first operating year (k = 0, not discounted), each capacity addition's capex in the year before it first runs; operating year k discounted by (1 + r)^k; tax = tax rate x max(0, revenue - opex - gas cost - straight-line depreciation), no loss carry-forward; no salvage value; LCOE = present value of capex + opex + gas cost over present value of net MWh (docs/METHODS.md, section 14)";

/// One site's valuation.
pub struct SiteEconomics<'a> {
    /// The site's name.
    pub site: &'a str,
    /// Its study (for the plant and the economic values with their sources).
    pub study: &'a Study<'a>,
    /// The cash flows at the central values.
    pub value: &'a StudyValuation,
    /// The valuation of every simulated path, with `--paths`.
    pub paths: Option<&'a PathValuation>,
}

/// The cash-flow table: `notes` first, then one row per site and year.
pub fn table(
    sites: &[SiteEconomics<'_>],
    several: bool,
    seed: u64,
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let currency = sites.first().map_or(String::new(), |s| {
        s.study.economics().params.currency.clone()
    });
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    let units: [(&str, usize); 11] = [
        ("calendar year (the first is the investment year)", 0),
        ("net MWh sent out", 0),
        ("currency: tariff x net MWh", 0),
        ("currency: carbon price x share x t CO2e", 0),
        ("currency: capex per kW x kW first running next year", 0),
        ("currency: fixed O&M x kW + variable O&M x MWh", 0),
        ("currency: gas cost per m3 x m3 burnt", 0),
        ("currency: tax rate x positive taxable profit", 0),
        ("currency: revenues - capex - opex - gas cost - tax", 0),
        ("currency: cash_flow / (1 + r)^k", 0),
        ("currency: running sum of discounted_cash_flow", 0),
    ];
    for (name, (unit, decimals)) in CASH_FLOW_COLUMNS.iter().zip(units) {
        let column = Column::number(*name, unit, decimals);
        columns.push(if TERMINAL_DETAILS.contains(name) {
            column.detail()
        } else {
            column
        });
    }

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    for site in sites {
        for row in &site.value.cash_flows.rows {
            let mut cells = Vec::with_capacity(columns.len());
            if several {
                cells.push(Cell::Text(site.site.to_string()));
            }
            cells.push(Cell::Int(i64::from(row.year)));
            cells.extend(
                [
                    row.electricity_net_mwh,
                    row.revenue_power,
                    row.revenue_carbon,
                    row.capex,
                    row.opex,
                    row.gas_cost,
                    row.tax,
                    row.cash_flow,
                    row.discounted_cash_flow,
                    row.cumulative_discounted,
                ]
                .map(Cell::Num),
            );
            rows.push(cells);
        }
        let prefix = prefix(site.site, several);
        let params = &site.study.economics().params;
        notes.push(format!(
            "{prefix}{}",
            measures_sentence(
                &site.value.valuation,
                params.discount_rate,
                &params.currency
            )
        ));
        if let Some(paths) = site.paths {
            notes.push(format!(
                "{prefix}{}",
                paths_sentence(paths, seed, &params.currency)
            ));
        }
        notes.extend(site.study.notes().iter().map(|n| format!("{prefix}{n}")));
        notes.extend(
            site.study
                .economics()
                .notes
                .iter()
                .map(|n| format!("{prefix}{n}")),
        );
        per_site.push(site_meta(site, seed));
    }
    notes.push(format!("Conventions: {CONVENTIONS}."));

    meta.insert("currency".into(), json!(currency));
    meta.insert("conventions".into(), json!(CONVENTIONS));
    if let [only] = per_site.as_slice()
        && let Value::Object(fields) = only
    {
        for (key, value) in fields {
            meta.insert(key.clone(), value.clone());
        }
    } else {
        meta.insert("valuations".into(), Value::Array(per_site));
    }
    let mut report = Report {
        columns,
        rows,
        notes,
        meta,
    };
    report.meta.insert("columns".into(), report.column_units());
    report
}

/// A site's measures, parameters and uncertainty for `meta`.
fn site_meta(site: &SiteEconomics<'_>, seed: u64) -> Value {
    let valuation = &site.value.valuation;
    let study = site.study;
    let mut fields = json!({
        "site": site.site,
        "npv": valuation.npv,
        "irr": valuation.irr,
        "irr_reason": valuation.irr_reason.map(|reason| reason.reason()),
        "lcoe_per_mwh": valuation.lcoe_per_mwh,
        "payback_year": valuation.payback_year,
        "discounted_payback_year": valuation.discounted_payback_year,
        "operating_years": site.value.cash_flows.operating,
        "parameters": study.economics().assumptions,
        "plant": study.inputs().plant.assumptions(),
        "constants": study.inputs().plant.constants(),
    });
    if let Some(paths) = site.paths {
        let uncertain: Vec<Value> = study
            .economics()
            .uncertain
            .iter()
            .map(|draw| json!({"key": draw.key.name(), "distribution": draw.sampler.spec()}))
            .collect();
        fields["uncertainty"] = json!({
            "paths": paths.paths,
            "seed": seed,
            "npv": paths.npv,
            "irr": paths.irr,
            "paths_without_irr": paths.paths_without_irr,
            "p_npv_negative": paths.p_npv_negative,
            "p_npv_negative_se": paths.p_npv_negative_se,
            "p_npv_negative_upper_95": paths.p_npv_negative_upper_95,
            "p_npv_negative_upper_95_rule": "p + 1.96 se, or 3 / paths when no path has NPV < 0 (the rule of three)",
            "economic_draws": uncertain,
            "percentiles": "p10, p50, p90 (type 7)",
            "percentile_se_rule": PERCENTILE_SE_RULE,
            "mean_se_rule": "sd / sqrt(paths)",
            "p_npv_negative_se_rule": "sqrt(p (1 - p) / paths)",
            "irr_over": "the paths whose cash flows have a single IRR",
        });
    }
    fields
}

/// NPV, IRR, LCOE and paybacks in one sentence (the table's first note; the report's summary).
pub fn measures_sentence(valuation: &Valuation, rate: f64, currency: &str) -> String {
    let irr = match (valuation.irr, valuation.irr_reason) {
        (Some(irr), _) => format!("IRR {:.1} %", irr * 100.0),
        (None, Some(reason)) => format!("no IRR ({})", reason.reason()),
        (None, None) => "no IRR".to_string(),
    };
    let lcoe = valuation
        .lcoe_per_mwh
        .map_or("no LCOE (no electricity)".to_string(), |l| {
            format!("LCOE {} {currency}/MWh", money(l))
        });
    let year = |y: Option<i32>| y.map_or("never".to_string(), |y| y.to_string());
    format!(
        "NPV {} {currency} at {:.1} % real; {irr}; {lcoe}; payback {}, discounted payback {}.",
        money(valuation.npv),
        rate * 100.0,
        year(valuation.payback_year),
        year(valuation.discounted_payback_year)
    )
}

/// The distribution of NPV and IRR over the paths in one sentence (the table's second note;
/// the report's summary).
pub fn paths_sentence(paths: &PathValuation, seed: u64, currency: &str) -> String {
    let npv = &paths.npv;
    let quantiles = |values: &[f64], errors: &[f64], scale: f64, unit: &str| {
        ["p10", "p50", "p90"]
            .iter()
            .zip(values.iter().zip(errors))
            .map(|(label, (v, e))| format!("{label} {}{unit}", plus_minus(v * scale, e * scale)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let irr = match &paths.irr {
        Some(irr) => format!(
            "IRR {} over the {} paths with one ({} without)",
            quantiles(&irr.percentiles, &irr.percentile_se, 100.0, " %"),
            irr.paths,
            paths.paths_without_irr
        ),
        None => "no path has a single IRR".to_string(),
    };
    let loss = if paths.p_npv_negative == 0.0 {
        format!(
            "no path has NPV < 0, so P(NPV < 0) is below {} % (95 %, the rule of three)",
            significant_percent(paths.p_npv_negative_upper_95)
        )
    } else {
        format!(
            "P(NPV < 0) = {:.1} % ± {:.1} %",
            paths.p_npv_negative * 100.0,
            paths.p_npv_negative_se * 100.0
        )
    };
    format!(
        "Over {} paths (seed {seed}): NPV {} {currency}, mean {}; {loss}; {irr}.",
        paths.paths,
        quantiles(&npv.percentiles, &npv.percentile_se, 1.0, ""),
        plus_minus(npv.mean, npv.mean_se),
    )
}

/// A share as a percentage with two significant digits: 0.003 % for 3e-5.
fn significant_percent(share: f64) -> String {
    let percent = share * 100.0;
    if percent <= 0.0 || !percent.is_finite() {
        return "0".to_string();
    }
    let decimals = (1 - percent.log10().floor() as i32).clamp(0, 12) as usize;
    format!("{percent:.decimals$}")
}

/// A value and its Monte Carlo error on one scale: "434.87 ± 0.07 million", "30.17 ± 0.02".
fn plus_minus(value: f64, error: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{:.2} ± {:.2} million", value / 1e6, error / 1e6)
    } else {
        format!("{value:.2} ± {error:.2}")
    }
}

/// Money for a sentence: millions with two decimals from a million up, else to the unit.
fn money(value: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{:.2} million", value / 1e6)
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

//! The report's economics chapter: the plant valued at the central inputs ([`Study::value`],
//! the cash flows `cmmcast economics` prints) and over `--economics-paths` joint paths
//! ([`Study::simulate_value`], the NPV distribution of `cmmcast economics --paths N`), drawn as
//! the cash-flow chart and the NPV's distribution, with the command's table, its sentences and
//! every economic value with its source.
//!
//! The valuation runs on a study of its own: the report's parameters with the simulation's
//! paths set to `--economics-paths` (same seed), because a study values as many paths as it
//! simulates and the NPV distribution needs fewer than the fans do. So its numbers are
//! `economics --paths N --seed S`'s exactly.

use serde_json::{Map, Value, json};

use cmmcast_data::{Dataset, Site};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::sim::{PathValuation, PlantSizing, SimulationSettings, check_memory};
use cmmcast_forecast::study::{Study, StudyParams, StudyValuation};

use crate::args::ReportArgs;
use crate::charts::economics::{
    CashFlowBar, EngineValue, cash_flow_chart, npv::probability_label, npv_by_engines_chart,
    npv_by_engines_table, npv_distribution_chart, npv_distribution_table,
};
use crate::charts::{self, ChartError};
use crate::commands::params::{site_failure, studies};
use crate::commands::report::{Results, sources, thousands};
use crate::commands::runtime::available_memory_bytes;
use crate::failure::{Failure, REPORT_ECONOMICS_FLAGS, describe};
use crate::html::{Chapter, Figure, Rows};
use crate::tables::economics::{self, SiteEconomics, measures_sentence, paths_sentence};

/// What `cmmcast economics --paths N` computes for the report's flags.
pub(super) struct Economics<'d> {
    /// The study valued: the report's, its simulation's paths set to `--economics-paths`.
    pub study: Study<'d>,
    /// The cash flows at the central inputs.
    pub value: StudyValuation,
    /// The valuation of every path.
    pub paths: PathValuation,
}

/// The economics, or why the plant was not valued, in the words `cmmcast economics` refuses
/// with (a lifetime beyond the years up to `--to`). A report with a short `--to` keeps its
/// other sections rather than being refused for a part it was not asked about.
pub(super) type Valued<'d> = Result<Economics<'d>, String>;

/// The valuation's study parameters: the report's, with `--economics-paths` paths, the
/// simulation's seed and the default percentiles, as `economics --paths` sets them.
pub(super) fn params(args: &ReportArgs, report: &StudyParams) -> StudyParams {
    StudyParams {
        simulation: SimulationSettings {
            paths: args.economics_paths,
            seed: args.seed,
            ..SimulationSettings::default()
        },
        ..report.clone()
    }
}

/// The valuation's study and the deterministic cash flows, checked before the simulation's
/// wait (with the memory the paths' NPVs need); `None` with the reason when the plant cannot be
/// valued over the years asked for.
pub(super) fn prepare<'d>(
    params: &StudyParams,
    args: &ReportArgs,
    dataset: &'d Dataset,
    site: &'d Site,
) -> Result<Result<(Study<'d>, StudyValuation), String>, Failure> {
    let flags = &REPORT_ECONOMICS_FLAGS;
    let study = studies(params, &args.input, dataset, &[site], flags)?.remove(0);
    let failure = site_failure(&study, dataset.sites().len() > 1, flags);
    let value = match study.value() {
        Ok(value) => value,
        Err(error @ ForecastError::LifetimeBeyondYears { .. }) => {
            return Ok(Err(describe(&error, flags)));
        }
        Err(error) => return Err(failure(error)),
    };
    if let Some(available) = available_memory_bytes() {
        let paths = args.economics_paths;
        let years = study.economic_years().map_err(&failure)?.len();
        // As `economics --paths`: the paths' summaries, and each path's NPV and IRR.
        check_memory(paths, years, available.saturating_sub(16 * paths as u64))
            .map_err(&failure)?;
    }
    Ok(Ok((study, value)))
}

/// Values every path of the prepared study.
pub(super) fn value_paths<'d>(
    prepared: Result<(Study<'d>, StudyValuation), String>,
    several: bool,
    tick: &(dyn Fn(u64) + Sync),
) -> Result<Valued<'d>, Failure> {
    let (study, value) = match prepared {
        Ok(prepared) => prepared,
        Err(reason) => return Ok(Err(reason)),
    };
    let (_, paths) = study.simulate_value(tick).map_err(site_failure(
        &study,
        several,
        &REPORT_ECONOMICS_FLAGS,
    ))?;
    Ok(Ok(Economics {
        study,
        value,
        paths,
    }))
}

/// The cash-flow chart's bars, one per row of the cash-flow table: revenue is power and
/// carbon, costs are capex, O&M, gas and tax (the table's columns, added, nothing else).
pub(super) fn cash_flow_bars(value: &StudyValuation) -> Vec<CashFlowBar> {
    value
        .cash_flows
        .rows
        .iter()
        .map(|row| CashFlowBar {
            year: row.year,
            revenue: row.revenue_power + row.revenue_carbon,
            costs: row.capex + row.opex + row.gas_cost + row.tax,
            cash_flow: row.cash_flow,
            cumulative_discounted: row.cumulative_discounted,
        })
        .collect()
}

/// The NPV against the engine count, from the plant sizing by value (`cmmcast size`'s
/// value columns); `None` when the counts were not valued.
fn engine_values(sizing: &PlantSizing) -> Option<Vec<EngineValue>> {
    if sizing.values.is_empty() {
        return None;
    }
    Some(
        sizing
            .rows
            .iter()
            .zip(&sizing.values)
            .map(|(row, value)| EngineValue {
                engines: row.engines,
                capacity_mw: row.capacity_mw,
                expected_npv: value.npv.expected,
                npv_p10: value.npv.p10,
                npv_p90: value.npv.p90,
            })
            .collect(),
    )
}

/// The engine count the sizing recommends by value, marked on the NPV-against-engines chart.
fn recommended_by_value(sizing: &PlantSizing) -> Option<u32> {
    (sizing.rule == cmmcast_forecast::sim::RecommendationRule::MaxExpectedNpv)
        .then_some(sizing.recommended)
        .flatten()
}

/// The economics chapter of the page; its figures carry the SVG and the table each file holds.
pub(super) fn chapter(
    args: &ReportArgs,
    r: &Results<'_>,
    meta: &Map<String, Value>,
) -> Result<Chapter, Failure> {
    let e = match &r.economics {
        Ok(e) => e,
        Err(reason) => {
            return Ok(Chapter {
                id: "economics",
                title: "Economics".into(),
                intro: format!("The plant was not valued: {reason}."),
                notes: Vec::new(),
                figures: Vec::new(),
                assumptions: sources::economic_assumptions(&r.study),
            });
        }
    };
    let draw = |result: Result<String, ChartError>| {
        result.map_err(|error| Failure::Output(std::io::Error::other(error.to_string())))
    };
    let site = e.study.site().name();
    let params = &e.study.economics().params;
    let currency = params.currency.as_str();
    let table = economics::table(
        &[SiteEconomics {
            site,
            study: &e.study,
            value: &e.value,
            paths: Some(&e.paths),
        }],
        false,
        args.seed,
        Vec::new(),
        meta.clone(),
    );
    let notes = table.notes.clone();
    let npv_table = npv_distribution_table(&e.paths.npv_sorted, npv_meta(meta, args, e));
    let mut figures = vec![
        Figure {
            id: "cash-flow",
            title: "Cash flow by year".into(),
            caption: cash_flow_caption(e),
            svg: draw(cash_flow_chart(&cash_flow_bars(&e.value), currency))?,
            stem: "economics",
            table,
            rows: Rows::All,
            explanation: None,
        },
        Figure {
            id: "npv-distribution",
            title: "NPV over the simulated paths".into(),
            caption: npv_caption(args, e),
            svg: draw(npv_distribution_chart(
                &e.paths.npv_sorted,
                e.paths.p_npv_negative,
                e.paths.p_npv_negative_se,
                currency,
            ))?,
            stem: "npv-distribution",
            rows: Rows::distribution(&npv_table, "share_at_or_below", "npv"),
            table: npv_table,
            explanation: None,
        },
    ];
    if let Some(rows) = engine_values(&r.plant_sizing.sizing) {
        let recommended = recommended_by_value(&r.plant_sizing.sizing);
        let mut engines_meta = meta.clone();
        engines_meta.insert("currency".into(), json!(currency));
        let engines_table = npv_by_engines_table(&rows, recommended, engines_meta);
        figures.push(Figure {
            id: "npv-engines",
            title: "NPV against the number of engines".into(),
            caption: format!(
                "Each engine count's expected NPV (mean over {} sizing paths) with its p10 to p90; the recommended count by value is marked.",
                thousands(args.size_paths)
            ),
            svg: draw(npv_by_engines_chart(&rows, recommended, currency))?,
            stem: "npv-engines",
            rows: Rows::engine_counts(&engines_table),
            table: engines_table,
            explanation: None,
        });
    }
    Ok(Chapter {
        id: "economics",
        title: "Economics".into(),
        intro: format!(
            "The plant valued over its {} operating years at the central inputs (what `cmmcast economics` prints with the same flags), and over {} joint paths of the simulation, each with its own draw of the uncertain prices and costs (what `cmmcast economics --paths {}` prints, seed {}). Money in {currency}.",
            e.value.cash_flows.operating.len(),
            thousands(e.paths.paths),
            e.paths.paths,
            args.seed
        ),
        notes,
        figures,
        assumptions: sources::economic_assumptions(&e.study),
    })
}

/// The summary's sentences on the economics: the command's own.
pub(super) fn summary(args: &ReportArgs, r: &Results<'_>) -> Vec<String> {
    match &r.economics {
        Ok(e) => {
            let params = &e.study.economics().params;
            vec![format!(
                "Economics: {} {}",
                measures_sentence(&e.value.valuation, params.discount_rate, &params.currency),
                paths_sentence(&e.paths, args.seed, &params.currency)
            )]
        }
        Err(reason) => vec![format!("Economics: the plant was not valued: {reason}.")],
    }
}

/// What the cash-flow chart shows, with the discount rate and the discounted payback.
fn cash_flow_caption(e: &Economics<'_>) -> String {
    let params = &e.study.economics().params;
    let payback = match e.value.valuation.discounted_payback_year {
        Some(year) => format!("the dashed line marks the discounted payback, {year}"),
        None => "the cumulative discounted cash flow never reaches zero, so there is no discounted payback".into(),
    };
    format!(
        "Each year at the central inputs, in million {}: revenue (power and carbon) up, costs (capex, O&M, gas and tax) down, the net cash flow as a diamond, and the cumulative discounted cash flow at {} % real, whose last value is the NPV; {payback}. The first year is the investment year. The table is the cash-flow table of `cmmcast economics`.",
        params.currency,
        charts::short(params.discount_rate * 100.0)
    )
}

/// What the NPV distribution shows: the paths, what they draw, and P(NPV < 0).
fn npv_caption(args: &ReportArgs, e: &Economics<'_>) -> String {
    let drawn: Vec<&str> = e
        .study
        .economics()
        .uncertain
        .iter()
        .map(|draw| draw.key.name())
        .collect();
    let drawn = match drawn.as_slice() {
        [] => "no economic value uncertain".to_string(),
        [one] => format!("{one} drawn once per path"),
        [rest @ .., last] => format!("{} and {last} drawn once per path", rest.join(", ")),
    };
    format!(
        "The share of {} joint paths (seed {}: the paths of `simulate`, with every uncertain input; {drawn}) whose NPV is at or below each value: the height at NPV = 0 is the chance of losing money, {}; squares mark the p10, p50 and p90. npv-distribution.csv holds the ranks the curve is drawn through (at most {}).",
        thousands(e.paths.paths),
        args.seed,
        probability_label(e.paths.p_npv_negative, e.paths.p_npv_negative_se),
        charts::economics::npv::MAX_RANKS
    )
}

/// The NPV distribution table's `meta`: the currency and what `economics --paths` states of
/// the distribution (P(NPV < 0), the NPV's percentiles, each with its error).
fn npv_meta(meta: &Map<String, Value>, args: &ReportArgs, e: &Economics<'_>) -> Map<String, Value> {
    let mut meta = meta.clone();
    meta.insert(
        "currency".into(),
        json!(e.study.economics().params.currency),
    );
    meta.insert("economics_paths".into(), json!(e.paths.paths));
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("p_npv_negative".into(), json!(e.paths.p_npv_negative));
    meta.insert("p_npv_negative_se".into(), json!(e.paths.p_npv_negative_se));
    meta.insert("npv".into(), json!(e.paths.npv));
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmmcast_forecast::study::StudyParams;

    /// The bars add the table's columns and nothing else: every row's revenue less its costs is
    /// its cash flow.
    #[test]
    fn the_bars_are_the_table_s_columns_added() {
        let data = Dataset::songzao();
        let site = data.site(None).expect("Songzao");
        let study = StudyParams::default().study(site).expect("a study");
        let value = study.value().expect("a valuation");
        let bars = cash_flow_bars(&value);
        assert_eq!(bars.len(), value.cash_flows.rows.len());
        for (bar, row) in bars.iter().zip(&value.cash_flows.rows) {
            assert_eq!(bar.year, row.year);
            assert!(
                (bar.revenue - bar.costs - row.cash_flow).abs()
                    <= 1e-6 * row.cash_flow.abs().max(1.0)
            );
            assert_eq!(bar.cumulative_discounted, row.cumulative_discounted);
        }
        // The investment year: capex only, nothing earned.
        assert_eq!(bars[0].revenue, 0.0);
        assert_eq!(bars[0].costs, value.cash_flows.rows[0].capex);
    }

    #[test]
    fn the_engine_chart_waits_for_the_sizing_by_value() {
        let data = Dataset::songzao();
        let params = StudyParams {
            sizing: cmmcast_forecast::study::SizingParams {
                paths: 10,
                max_engines: Some(2),
                ..Default::default()
            },
            ..StudyParams::default()
        };
        let sizing = params
            .study(data.site(None).expect("Songzao"))
            .and_then(|study| study.size())
            .expect("a sizing");
        assert_eq!(engine_values(&sizing), None);
        assert_eq!(recommended_by_value(&sizing), None);
    }
}

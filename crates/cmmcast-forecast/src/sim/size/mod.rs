//! Plant sizing under variable daily gas flow: for every engine count from 1 to a maximum, what
//! a plant of that many engines makes of each simulated year when the year's gas arrives day by
//! day, and the largest count that stays busy enough.
//!
//! # The daily flow model
//!
//! Each path-year's usable gas sent to power, Q (million m3: the drained methane after plan
//! adherence x share to power, zero when the gas concentration is below the engines' minimum;
//! the paths of [`simulate`](crate::sim::simulate), drawn by
//! [`PathModels::draw`]) is spread over 365 days:
//!
//! ```text
//! q_d   = Q / 365 · m_d                                 d = 0, ..., 364
//! ln m_d = −s²/2 + x_d,   s² = ln(1 + cv²)
//! x_0   ~ N(0, s²),   x_d = ρ x_{d−1} + √(1 − ρ²) s ε_d,   ε_d ~ N(0, 1)
//! ```
//!
//! so m_d is lognormal with mean 1 and coefficient of variation cv, and x is a stationary AR(1)
//! with lag-1 correlation ρ (cv = `flow_cv`, ρ = `flow_autocorrelation` from the scenario;
//! cv = 0 gives the same flow every day). The mean of a year's 365 multipliers is not
//! renormalised to 1: a year's daily flows add up to Q only on average, so the daily noise
//! adds a little to the year-to-year spread. Each year starts afresh from the stationary
//! distribution (no memory across the new year).
//!
//! # Engines
//!
//! An engine of U MW at full load burns, per day, f = U x 24 h x availability / k million m3,
//! with k = 10⁶ x LHV x efficiency / 3600 MWh per million m3 (the energy chain's factor; LHV of
//! the plant's volume basis, efficiency and availability of the path-year). An engine runs
//! between `min_load` x full load and full load, at the same efficiency (part-load losses are
//! not modelled). With unlimited engines a day with g million m3 burns
//!
//! ```text
//! n = ⌈g / f⌉ engines share it equally, each at load g / (n f):
//! b(g) = g          if g ≥ n · min_load · f
//!      = (n − 1) f  otherwise (n − 1 engines at full load; none when n = 1)
//! ```
//!
//! For min_load ≤ 1/2 (the default, 0.5) this is b(g) = g when g ≥ min_load · f and 0 below: the
//! first engine cannot start below its minimum load, and beyond one engine's worth of gas n
//! engines at load g/(nf) > (n−1)/n ≥ 1/2 always can run. For min_load above 1/2 some flows fall
//! between what n − 1 engines at full load and n engines at minimum load burn, and the plant
//! burns the lower. With E engines a day burns min(b(g), E f); it is "short of gas" when
//! g < E f (not every engine can run at full load).
//!
//! # All engine counts at once
//!
//! b is monotone in g, so min(b, E f) = b for the days that need at most E engines
//! (k(g) = ⌈b/f⌉ ≤ E) and E f for the others. One pass over the days puts each day's b in the
//! bucket of its engine count k (a counting sort by engine count), and a running sum over the
//! buckets gives every E's total: Σ min(b_d, E f) = Σ_{k_d ≤ E} b_d + #{k_d > E} · E f. That is
//! O(365 + max_engines) per path-year, no sort.
//!
//! # Random streams
//!
//! The annual paths come from `path_rng(seed, path)` exactly as in `simulate`, so `simulate`
//! and `size` share them for the same seed, scenario, model and horizon. The days come from
//! separate streams: path `p`, year index `y` (0 for the first forecast year) reads
//! `path_rng(seed ^ DAILY_SEED_XOR, p · 2¹⁶ + y)`, and a `flow_cv` or `flow_autocorrelation`
//! drawn once per path reads stream `p · 2¹⁶ + 0xFFFF`. A year's days therefore do not depend
//! on which other years are sized. Paths run in parallel (rayon) and are summed in path order,
//! so the output is bit-identical for any number of threads.
//!
//! # Sizing by value
//!
//! With economic parameters ([`size_valued`]) each engine count E is also a new plant of
//! E x unit_mw MW, built the year before the first forecast year (capex in row 0) and run for
//! `lifetime_years` over the first simulated years, whatever year is sized: every path's valued
//! years are burnt through the same days, priced as the economics module prices them
//! (`value.rs`: the same capital schedule, row formula and discounting as
//! [`crate::economics::cash_flows`]), and only one NPV per path and count is kept. Per count:
//! the expected NPV and its Monte Carlo error, P(NPV < 0), the NPV's p10 and p90, the marginal
//! NPV and the marginal engine's own capacity factor ([`EngineValue`]). The recommendation
//! follows a [`RecommendationRule`]: by default with economics the highest expected NPV,
//! otherwise the capacity-factor rule. [`value_schedule`] values the plant's own capacity
//! schedule on the same paths. docs/METHODS.md, section 11.5, "Sizing by value", has the
//! hand case whose optimum is known.

use rayon::prelude::*;
use serde::Serialize;

mod daily;
mod engines;
mod rule;
mod schedule;
mod stats;
mod value;

pub use engines::{EngineSweep, burnable, engine_day_mm3};
pub use rule::{
    NO_BUSY_COUNT, NO_POSITIVE_NPV, NPV_RECOMMENDATION_RULE, RECOMMENDATION_RULE,
    RecommendationRule,
};
pub use schedule::{ScheduleValue, value_schedule};
pub use stats::NpvSummary;
pub use value::{EngineValue, operating_year};

use crate::economics::EconomicParams;
use crate::energy::{EnergyFactors, HOURS_PER_YEAR, Plant, utilization};
use crate::error::{ForecastError, PathsOf, ValueSource, YearPurpose};
use crate::sim::flow::{DailyFlow, PATH_LEVEL_STREAM, daily_rng};
use crate::sim::simulate::check_paths;
use crate::sim::{AnnualDraw, PathModels, PathScratch, UncertainInputs};
use daily::{Burner, DayScratch};
use engines::mwh_per_mm3;
use rule::recommend;
use stats::percentile_type7;
use value::Valuer;

/// Days in the year of the daily flow model (the energy chain's 8760 h year).
pub const DAYS_PER_YEAR: usize = 365;

/// Default number of paths for sizing.
pub const DEFAULT_SIZE_PATHS: usize = 10_000;

/// Default largest engine count tried.
pub const DEFAULT_MAX_ENGINES: u32 = 40;

/// Largest engine count accepted.
pub const MAX_ENGINES: u32 = 1000;

/// Default minimum load of an engine, fraction of full load.
pub const DEFAULT_MIN_LOAD: f64 = 0.5;

/// Where the default minimum load comes from.
pub const MIN_LOAD_SOURCE: &str = "engines run down to about 50 % load [SOURCES: engine-practice]; part-load efficiency losses are not modelled";

/// Default lowest p10 capacity factor of the recommended engine count.
pub const DEFAULT_MIN_CAPACITY_FACTOR: f64 = 0.6;

/// Where the default capacity-factor threshold comes from.
pub const MIN_CAPACITY_FACTOR_SOURCE: &str = "assumption: a plant busy at least 60 % of the year in 9 years out of 10; the 120 MW Jincheng CMM plant was designed for 69 % [SOURCES: engine-practice]";

/// The daily flow model, as output states it.
pub const FLOW_MODEL: &str = "each path-year's usable gas sent to power Q is spread over 365 days as q_d = Q/365 x m_d, with ln m_d = -s^2/2 + x_d, x_d = rho x_(d-1) + sqrt(1 - rho^2) s e_d, x_0 ~ N(0, s^2), s^2 = ln(1 + cv^2): lognormal multipliers of mean 1 and coefficient of variation cv, day-to-day correlation rho, each year starting afresh; a year's multipliers are not renormalised to average exactly 1 (docs/METHODS.md, section 11.5)";

/// How a day's gas is burnt, as output states it.
pub const ENGINE_RULE: &str = "one engine at full load burns f = unit_mw x 24 h x availability x 3600 / (efficiency x LHV) m3 a day; engines share a day's gas g equally between min_load and full load at constant efficiency; with E engines the day burns min(g, E f) when g >= min_load x f and nothing below (for min_load above 0.5, flows between n-1 engines at full load and n engines at minimum load burn (n-1) f); a day is short of gas when g < E f";

/// The percentile convention of the sizing's p10, stated once in output.
pub const SIZING_PERCENTILE_CONVENTION: &str = "capacity_factor_p10 is the 10th percentile over all sized path-years: a low value that 10 % of path-years fall below (statistical convention, Hyndman-Fan type 7 as numpy); petroleum's 'P90' reads the other way";

/// Most per-(path-year, engine count) capacity factors kept for the p10 (8 bytes each, plus
/// the per-path sums): about 1 GB at the limit.
pub const MAX_SIZE_VALUES: usize = 100_000_000;

/// How to size.
#[derive(Debug, Clone, PartialEq)]
pub struct SizingSettings {
    /// Electrical capacity of one engine, MW, from 0.01 to 1000.
    pub unit_mw: f64,
    /// Engine counts tried: 1 to this, at most [`MAX_ENGINES`].
    pub max_engines: u32,
    /// Lowest load an engine runs at, fraction of full load, in [0, 1].
    pub min_load: f64,
    /// Lowest p10 capacity factor of the recommended count, in [0, 1].
    pub min_capacity_factor: f64,
    /// Size for this forecast year only; `None` aggregates every forecast year.
    pub year: Option<i32>,
}

impl Default for SizingSettings {
    fn default() -> Self {
        SizingSettings {
            unit_mw: 2.0,
            max_engines: DEFAULT_MAX_ENGINES,
            min_load: DEFAULT_MIN_LOAD,
            min_capacity_factor: DEFAULT_MIN_CAPACITY_FACTOR,
            year: None,
        }
    }
}

impl SizingSettings {
    /// Checks every value, with a sentence naming what is allowed.
    pub fn check(&self) -> Result<(), ForecastError> {
        let bad = |name, value: f64, allowed| {
            Err(ForecastError::BadSetting {
                name,
                from: ValueSource::Given,
                value,
                allowed,
            })
        };
        if !(self.unit_mw.is_finite() && (0.01..=1000.0).contains(&self.unit_mw)) {
            return bad(
                "unit_mw",
                self.unit_mw,
                "one engine's capacity of at least 0.01 MW and at most 1000 MW (2.0 for a Caterpillar G3520-class unit)",
            );
        }
        if !(1..=MAX_ENGINES).contains(&self.max_engines) {
            return bad(
                "max_engines",
                f64::from(self.max_engines),
                "the largest engine count to try, from 1 to 1000",
            );
        }
        if !(0.0..=1.0).contains(&self.min_load) {
            return bad(
                "min_load",
                self.min_load,
                "a fraction of full load from 0 to 1 (0.5: engines run down to half load)",
            );
        }
        if !(0.0..=1.0).contains(&self.min_capacity_factor) {
            return bad(
                "min_capacity_factor",
                self.min_capacity_factor,
                "a fraction from 0 to 1 (0.6 by default)",
            );
        }
        Ok(())
    }
}

/// One engine count's results, over the sized path-years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EngineCount {
    /// Number of engines.
    pub engines: u32,
    /// engines x unit size, MW.
    pub capacity_mw: f64,
    /// Mean gross electricity per year, GWh.
    pub electricity_gwh: f64,
    /// Mean capacity factor: gross output / (engines x unit x 8760 h).
    pub capacity_factor: f64,
    /// 10th percentile (a low value) of the capacity factor over the path-years (type 7).
    pub capacity_factor_p10: f64,
    /// Mean of burnt / drained over the path-years (0 for a path-year with nothing drained,
    /// [`crate::energy::utilization`]).
    pub utilization: f64,
    /// Mean drained methane not burnt (not sent to power, too lean, or beyond the engines),
    /// million m3 per year.
    pub surplus_mm3: f64,
    /// Share of path-years with at least one day short of gas (not every engine at full load).
    pub shortfall_probability: f64,
}

/// A site's plant sizing.
#[derive(Debug, Clone)]
pub struct PlantSizing {
    /// The forecast years sized (one when a year was asked for).
    pub years: Vec<i32>,
    /// Every forecast year simulated (the annual paths run over all of them).
    pub simulated_years: Vec<i32>,
    /// One row per engine count, 1 to the maximum.
    pub rows: Vec<EngineCount>,
    /// The rule the recommendation follows.
    pub rule: RecommendationRule,
    /// That rule in words, as output states it ([`RecommendationRule::text`]).
    pub rule_text: &'static str,
    /// The recommended count; `None` when no count qualifies (see `no_recommendation`).
    pub recommended: Option<u32>,
    /// Why nothing is recommended, when nothing is.
    pub no_recommendation: Option<&'static str>,
    /// Number of path-years summarised (paths x sized years).
    pub path_years: usize,
    /// Mean drained methane per sized path-year, million m3.
    pub drained_mm3: f64,
    /// Mean usable methane sent to power per sized path-year, million m3.
    pub usable_mm3: f64,
    /// Median (type 7) of the usable methane sent to power over the sized path-years,
    /// million m3.
    pub usable_mm3_p50: f64,
    /// The capacity that burns [`PlantSizing::usable_mm3_p50`] in a year at full load and the
    /// plant's central availability and efficiency, MW: the yardstick a recommendation by
    /// value is read against (a plant above it is worth building only for the years and paths
    /// with more gas).
    pub p50_gas_capacity_mw: f64,
    /// The operating years valued (the first `lifetime_years` simulated years); empty without
    /// economics.
    pub valued_years: Vec<i32>,
    /// One value per engine count, 1 to the maximum; empty without economics.
    pub values: Vec<EngineValue>,
    /// The models paths could pick, with their Akaike weights.
    pub model_weights: Vec<(&'static str, f64)>,
    /// How many paths picked each model.
    pub model_counts: Vec<(&'static str, usize)>,
}

/// How a sizing values its engine counts and picks one.
#[derive(Debug, Clone, Copy, Default)]
pub struct SizingValue<'a> {
    /// The prices to value each engine count with; `None` values nothing.
    pub economics: Option<&'a EconomicParams>,
    /// The recommendation rule; `None` for [`RecommendationRule::default_for`] the economics.
    pub rule: Option<RecommendationRule>,
    /// With no year sized, the last year the capacity-factor statistics aggregate (the study's
    /// end year), when the paths run further to cover the economics' lifetime; `None`
    /// aggregates every simulated year.
    pub sized_through: Option<i32>,
}

/// Sums of one path over its sized years, for one engine count.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    electricity_gwh: f64,
    capacity_factor: f64,
    marginal_capacity_factor: f64,
    utilization: f64,
    surplus_mm3: f64,
    short: f64,
}

/// Scratch space of one worker.
struct Scratch {
    annual: Vec<AnnualDraw>,
    path: PathScratch,
    days: DayScratch,
    burnt: Vec<f64>,
}

/// Sizes a plant for the annual paths of `models` (those of
/// [`simulate`](crate::sim::simulate) with the same inputs and seed): each sized year spread
/// over 365 days by `flow`, and every engine count from 1 to `sizing.max_engines` run over them
/// (module notes), recommended by the capacity-factor rule. [`size_valued`] values the counts
/// too. `models` must cover `sizing.year` when one is given; [`crate::study::Study::size`]
/// extends the horizon for a later year.
pub fn size(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    flow: &DailyFlow,
    paths: (usize, u64),
    sizing: &SizingSettings,
) -> Result<PlantSizing, ForecastError> {
    size_valued(
        models,
        plant,
        inputs,
        flow,
        paths,
        sizing,
        SizingValue::default(),
    )
}

/// [`size`], and with `value.economics` each engine count valued: a new plant of E engines
/// built the year before the first forecast year and run for the economics' lifetime over the
/// first simulated years, one NPV per path (module notes, "Sizing by value"). The rule picks
/// the recommendation (by default the highest expected NPV when there are economics).
///
/// Refuses the NPV rule without economics, and a lifetime longer than the simulated years
/// ([`ForecastError::LifetimeBeyondYears`]: forecast further).
pub fn size_valued(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    flow: &DailyFlow,
    (paths, seed): (usize, u64),
    sizing: &SizingSettings,
    value: SizingValue<'_>,
) -> Result<PlantSizing, ForecastError> {
    sizing.check()?;
    check_paths(paths, PathsOf::Sizing)?;
    let rule = value
        .rule
        .unwrap_or_else(|| RecommendationRule::default_for(value.economics));
    rule.check(value.economics)?;
    let simulated_years = models.years().to_vec();
    let mut selected = sized_year_indices(&simulated_years, sizing.year)?;
    if let (None, Some(last)) = (sizing.year, value.sized_through) {
        selected.retain(|&y| simulated_years[y] <= last);
    }
    let engines = sizing.max_engines as usize;
    let per_path = selected.len() * engines;
    // The per-path NPVs, kept for the percentiles, count as values too.
    let npv_values = if value.economics.is_some() {
        engines
    } else {
        0
    };
    if paths.saturating_mul(per_path + npv_values) > MAX_SIZE_VALUES {
        return Err(ForecastError::TooManySizingValues {
            paths,
            years: selected.len(),
            engines: sizing.max_engines,
            max: MAX_SIZE_VALUES,
        });
    }
    let valuer = match value.economics {
        Some(params) => {
            params.validate()?;
            check_lifetime(params, simulated_years.len())?;
            let unit_kw = sizing.unit_mw * 1000.0;
            Some(Valuer::new(params, engines, |e, _| {
                (e + 1) as f64 * unit_kw
            }))
        }
        None => None,
    };
    let valued = valuer.as_ref().map_or(0, Valuer::lifetime);
    // Each year burnt once per path: the sized ones and the valued ones, in year order.
    let burnt_years: Vec<usize> = (0..simulated_years.len())
        .filter(|y| *y < valued || selected.contains(y))
        .collect();
    let sized_slot: Vec<Option<usize>> = (0..simulated_years.len())
        .map(|y| selected.iter().position(|&s| s == y))
        .collect();

    let base = plant.operating;
    let burner = Burner {
        plant,
        flow,
        seed,
        unit_mw: sizing.unit_mw,
        min_load: sizing.min_load,
    };
    let npv_width = if valuer.is_some() { engines } else { 1 };
    let mut capacity_factors = vec![0.0; paths * per_path];
    let mut sums = vec![Sums::default(); paths * engines];
    let mut npvs = vec![0.0; paths * npv_width];
    let mut path_models = vec![0u8; paths];
    let mut gas = vec![(0.0, 0.0); paths];
    // Each sized path-year's usable gas, for its median.
    let sized_years = selected.len().max(1);
    let mut usable_by_path_year = vec![0.0; paths * sized_years];
    capacity_factors
        .par_chunks_mut(per_path)
        .zip(usable_by_path_year.par_chunks_mut(sized_years))
        .zip(sums.par_chunks_mut(engines))
        .zip(npvs.par_chunks_mut(npv_width))
        .zip(path_models.par_iter_mut().zip(gas.par_iter_mut()))
        .enumerate()
        .for_each_init(
            || Scratch {
                annual: vec![
                    AnnualDraw {
                        year: 0,
                        drained_mm3: 0.0,
                        values: base,
                    };
                    simulated_years.len()
                ],
                path: PathScratch::new(base),
                days: DayScratch::default(),
                burnt: vec![0.0; engines],
            },
            |scratch, (path, ((((factors, usable_slots), sums), npv), (model_slot, gas_slot)))| {
                let path = path as u64;
                *model_slot = models.draw(
                    &base,
                    inputs,
                    seed,
                    path,
                    &mut scratch.path,
                    &mut scratch.annual,
                ) as u8;
                let flow_path = flow.for_path(&mut daily_rng(seed, path, PATH_LEVEL_STREAM));
                if let Some(valuer) = &valuer {
                    valuer.start(npv);
                }
                for &y in &burnt_years {
                    let draw = scratch.annual[y];
                    let year_gas = burner.burn(
                        &mut scratch.days,
                        (path, flow_path),
                        y,
                        &draw,
                        &mut scratch.burnt,
                    );
                    if let Some(valuer) = valuer.as_ref().filter(|_| y < valued) {
                        let factors_y = EnergyFactors::with_values(plant, &draw.values);
                        for (e, (slot, &burnt)) in npv.iter_mut().zip(&scratch.burnt).enumerate() {
                            let kw = (e + 1) as f64 * sizing.unit_mw * 1000.0;
                            let year = operating_year(plant, &draw, &factors_y, burnt, kw);
                            valuer.add(slot, e, y + 1, &year);
                        }
                    }
                    let Some(slot) = sized_slot[y] else {
                        continue;
                    };
                    gas_slot.0 += draw.drained_mm3;
                    gas_slot.1 += year_gas.usable_mm3;
                    usable_slots[slot] = year_gas.usable_mm3;
                    let k = mwh_per_mm3(plant, &draw.values);
                    let row = &mut factors[slot * engines..(slot + 1) * engines];
                    let mut previous = 0.0;
                    for (e, ((&burnt, cf_slot), sum)) in scratch
                        .burnt
                        .iter()
                        .zip(row.iter_mut())
                        .zip(sums.iter_mut())
                        .enumerate()
                    {
                        let count = (e + 1) as f64;
                        let mwh = burnt * k;
                        let cf = (mwh / (count * sizing.unit_mw * HOURS_PER_YEAR)).min(1.0);
                        *cf_slot = cf;
                        sum.electricity_gwh += mwh / 1000.0;
                        sum.capacity_factor += cf;
                        sum.marginal_capacity_factor +=
                            (burnt - previous) * k / (sizing.unit_mw * HOURS_PER_YEAR);
                        previous = burnt;
                        sum.utilization += utilization(burnt, draw.drained_mm3);
                        sum.surplus_mm3 += (draw.drained_mm3 - burnt).max(0.0);
                        if year_gas.least_day_mm3 < count * year_gas.engine_day_mm3 {
                            sum.short += 1.0;
                        }
                    }
                }
            },
        );

    // Sums in path order, so the result does not depend on the threads.
    let mut totals = vec![Sums::default(); engines];
    for path_sums in sums.chunks(engines) {
        for (total, s) in totals.iter_mut().zip(path_sums) {
            total.electricity_gwh += s.electricity_gwh;
            total.capacity_factor += s.capacity_factor;
            total.marginal_capacity_factor += s.marginal_capacity_factor;
            total.utilization += s.utilization;
            total.surplus_mm3 += s.surplus_mm3;
            total.short += s.short;
        }
    }
    let path_years = paths * selected.len();
    let p10: Vec<f64> = (0..engines)
        .into_par_iter()
        .map(|e| {
            let mut column = column_of(&capacity_factors, engines, e);
            percentile_type7(&mut column, 0.10)
        })
        .collect();
    drop(capacity_factors);
    let n = path_years as f64;
    let rows: Vec<EngineCount> = totals
        .iter()
        .zip(&p10)
        .enumerate()
        .map(|(e, (total, &p10))| EngineCount {
            engines: (e + 1) as u32,
            capacity_mw: (e + 1) as f64 * sizing.unit_mw,
            electricity_gwh: total.electricity_gwh / n,
            capacity_factor: total.capacity_factor / n,
            capacity_factor_p10: p10,
            utilization: total.utilization / n,
            surplus_mm3: total.surplus_mm3 / n,
            shortfall_probability: total.short / n,
        })
        .collect();
    let values = if valuer.is_some() {
        engine_values(&npvs, engines, &totals, n)
    } else {
        Vec::new()
    };
    let (recommended, no_recommendation) =
        match recommend(rule, &rows, &values, sizing.min_capacity_factor) {
            Ok(count) => (Some(count), None),
            Err(why) => (None, Some(why)),
        };

    let model_weights = models.weights();
    let mut counts = vec![0usize; model_weights.len()];
    for &m in &path_models {
        counts[usize::from(m)] += 1;
    }
    let (drained, usable) = gas
        .iter()
        .fold((0.0, 0.0), |(d, u), &(pd, pu)| (d + pd, u + pu));
    let usable_p50 = percentile_type7(&mut usable_by_path_year, 0.5);
    Ok(PlantSizing {
        years: selected.iter().map(|&y| simulated_years[y]).collect(),
        valued_years: simulated_years[..valued].to_vec(),
        simulated_years,
        rows,
        rule,
        rule_text: rule.text(),
        recommended,
        no_recommendation,
        path_years,
        drained_mm3: drained / n,
        usable_mm3: usable / n,
        usable_mm3_p50: usable_p50,
        p50_gas_capacity_mw: EnergyFactors::new(plant).capacity_for(usable_p50),
        values,
        model_counts: model_weights
            .iter()
            .map(|(name, _)| *name)
            .zip(counts)
            .collect(),
        model_weights,
    })
}

/// The index of each sized year among the simulated ones: all, or the one asked for.
fn sized_year_indices(simulated: &[i32], year: Option<i32>) -> Result<Vec<usize>, ForecastError> {
    match year {
        None => Ok((0..simulated.len()).collect()),
        Some(year) => match simulated.iter().position(|&y| y == year) {
            Some(index) => Ok(vec![index]),
            None => Err(ForecastError::NotAForecastYear {
                purpose: YearPurpose::Sizing,
                year,
                first: simulated.first().copied().unwrap_or_default(),
                last: simulated.last().copied().unwrap_or_default(),
            }),
        },
    }
}

/// Refuses a lifetime longer than the simulated years: the plant runs from the first forecast
/// year, and a year that is not simulated has no gas to value.
fn check_lifetime(params: &EconomicParams, simulated: usize) -> Result<(), ForecastError> {
    if (params.lifetime_years as usize) > simulated {
        return Err(ForecastError::LifetimeBeyondYears {
            lifetime_years: params.lifetime_years,
            available: simulated,
        });
    }
    Ok(())
}

/// Column `e` of a path-major table `width` wide.
fn column_of(table: &[f64], width: usize, e: usize) -> Vec<f64> {
    table.iter().skip(e).step_by(width).copied().collect()
}

/// Each engine count's NPV summary from the per-path NPVs (path-major, `engines` wide), with
/// its marginal NPV and the marginal capacity factor's mean over the `n` sized path-years.
fn engine_values(npvs: &[f64], engines: usize, totals: &[Sums], n: f64) -> Vec<EngineValue> {
    let summaries: Vec<NpvSummary> = (0..engines)
        .into_par_iter()
        .map(|e| NpvSummary::of(&mut column_of(npvs, engines, e)))
        .collect();
    let mut previous = 0.0;
    summaries
        .iter()
        .zip(totals)
        .enumerate()
        .map(|(e, (npv, total))| {
            let marginal_npv = npv.expected - previous;
            previous = npv.expected;
            EngineValue {
                engines: (e + 1) as u32,
                npv: *npv,
                marginal_npv,
                marginal_capacity_factor: total.marginal_capacity_factor / n,
            }
        })
        .collect()
}

/// Usable methane sent to power in a path-year, million m3: drained x share to power, or zero
/// when the gas is leaner than the engines accept (as in the energy chain).
pub fn usable_mm3(draw: &AnnualDraw) -> f64 {
    let v = &draw.values;
    if v.gas_is_usable() {
        draw.drained_mm3 * v.share_to_power
    } else {
        0.0
    }
}

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

use rayon::prelude::*;
use serde::Serialize;

use crate::energy::{
    HOURS_PER_YEAR, MJ_PER_MWH, OperatingValues, Plant, methane_properties, utilization,
};
use crate::error::{ForecastError, PathsOf, ValueSource, YearPurpose};
use crate::sim::flow::{DailyFlow, PATH_LEVEL_STREAM, daily_multipliers, daily_rng};
use crate::sim::simulate::check_paths;
use crate::sim::{AnnualDraw, PathModels, PathScratch, UncertainInputs};

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
pub const MIN_LOAD_SOURCE: &str = "engines run down to about 50 % load (domain.md, section 3); part-load efficiency losses are not modelled";

/// Default lowest p10 capacity factor of the recommended engine count.
pub const DEFAULT_MIN_CAPACITY_FACTOR: f64 = 0.6;

/// Where the default capacity-factor threshold comes from.
pub const MIN_CAPACITY_FACTOR_SOURCE: &str = "assumption: a plant busy at least 60 % of the year in 9 years out of 10; the 120 MW Jincheng CMM plant was designed for 69 % (domain.md, section 3)";

/// The daily flow model, as output states it.
pub const FLOW_MODEL: &str = "each path-year's usable gas sent to power Q is spread over 365 days as q_d = Q/365 x m_d, with ln m_d = -s^2/2 + x_d, x_d = rho x_(d-1) + sqrt(1 - rho^2) s e_d, x_0 ~ N(0, s^2), s^2 = ln(1 + cv^2): lognormal multipliers of mean 1 and coefficient of variation cv, day-to-day correlation rho, each year starting afresh; a year's multipliers are not renormalised to average exactly 1 (docs/METHODS.md, section 11.5)";

/// How a day's gas is burnt, as output states it.
pub const ENGINE_RULE: &str = "one engine at full load burns f = unit_mw x 24 h x availability x 3600 / (efficiency x LHV) m3 a day; engines share a day's gas g equally between min_load and full load at constant efficiency; with E engines the day burns min(g, E f) when g >= min_load x f and nothing below (for min_load above 0.5, flows between n-1 engines at full load and n engines at minimum load burn (n-1) f); a day is short of gas when g < E f";

/// The percentile convention of the sizing's p10, stated once in output.
pub const SIZING_PERCENTILE_CONVENTION: &str = "capacity_factor_p10 is the 10th percentile over all sized path-years: a low value that 10 % of path-years fall below (statistical convention, Hyndman-Fan type 7 as numpy); petroleum's 'P90' reads the other way";

/// The rule that picks the recommended engine count, as output states it.
pub const RECOMMENDATION_RULE: &str = "the largest engine count whose p10 capacity factor (over all simulated path-years) is at least the minimum capacity factor: firm capacity near a low percentile of the flow (domain.md, section 6)";

/// Most per-(path-year, engine count) capacity factors kept for the p10 (8 bytes each, plus
/// the per-path sums): about 1 GB at the limit.
pub const MAX_SIZE_VALUES: usize = 100_000_000;

/// Million m3 one engine of `unit_mw` burns in a day at full load:
/// U x 24 h x availability / k, with k = 10⁶ x LHV x efficiency / 3600 MWh per million m3.
pub fn engine_day_mm3(plant: &Plant, values: &OperatingValues, unit_mw: f64) -> f64 {
    unit_mw * hours_per_day() * values.availability / mwh_per_mm3(plant, values)
}

/// MWh of gross electricity per million m3 burnt (the energy chain's k).
fn mwh_per_mm3(plant: &Plant, values: &OperatingValues) -> f64 {
    1e6 * methane_properties(plant.basis).lhv_mj_per_m3 * values.efficiency / MJ_PER_MWH
}

/// 24 h: the energy chain's 8760 h year over 365 days.
fn hours_per_day() -> f64 {
    HOURS_PER_YEAR / DAYS_PER_YEAR as f64
}

/// Gas burnt on a day with `g` million m3 when engines are not limited, and how many engines
/// that takes: (b(g), ⌈b/f⌉) with `f` one engine's full-load day (module notes).
///
/// ```
/// use cmmcast_forecast::sim::burnable;
/// // Below half an engine's worth nothing runs; 1.2 engines' worth runs 2 engines at 60 %.
/// assert_eq!(burnable(0.4, 1.0, 0.5), (0.0, 0));
/// assert_eq!(burnable(1.2, 1.0, 0.5), (1.2, 2));
/// // With a minimum load of 0.8, 1.5 engines' worth cannot run 2 engines at 75 %: 1 at full.
/// assert_eq!(burnable(1.5, 1.0, 0.8), (1.0, 1));
/// ```
pub fn burnable(g: f64, f: f64, min_load: f64) -> (f64, u64) {
    let n = (g / f).ceil();
    if g >= n * min_load * f {
        (g, n as u64)
    } else {
        ((n - 1.0) * f, (n - 1.0) as u64)
    }
}

/// Gas burnt over a run of days by 1, 2, ..., `out.len()` engines, all counts in one pass
/// (module notes); scratch buffers are kept between calls.
#[derive(Debug, Clone, Default)]
pub struct EngineSweep {
    sums: Vec<f64>,
    counts: Vec<u32>,
}

impl EngineSweep {
    /// Writes Σ_d min(b(g_d), E f) into `out[E − 1]` for E = 1..=`out.len()`; `daily_gas` in
    /// million m3 per day, `engine_day` = f.
    ///
    /// ```
    /// use cmmcast_forecast::sim::EngineSweep;
    /// let mut burnt = [0.0; 3];
    /// // Days of 0.4, 1.5 and 2.5 engines' worth: the first is below half load.
    /// EngineSweep::default().burn(&[0.4, 1.5, 2.5], 1.0, 0.5, &mut burnt);
    /// assert_eq!(burnt, [2.0, 3.5, 4.0]);
    /// ```
    pub fn burn(&mut self, daily_gas: &[f64], engine_day: f64, min_load: f64, out: &mut [f64]) {
        let max = out.len();
        self.sums.clear();
        self.sums.resize(max + 2, 0.0);
        self.counts.clear();
        self.counts.resize(max + 2, 0);
        for &g in daily_gas {
            let (b, k) = burnable(g, engine_day, min_load);
            let bucket = usize::try_from(k).map_or(max + 1, |k| k.min(max + 1));
            self.sums[bucket] += b;
            self.counts[bucket] += 1;
        }
        let mut sum = self.sums[0];
        let mut count = self.counts[0] as usize;
        for (i, slot) in out.iter_mut().enumerate() {
            let engines = i + 1;
            sum += self.sums[engines];
            count += self.counts[engines] as usize;
            *slot = sum + (daily_gas.len() - count) as f64 * (engines as f64 * engine_day);
        }
    }
}

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
    /// The recommended count ([`RECOMMENDATION_RULE`]); `None` when no count qualifies.
    pub recommended: Option<u32>,
    /// Number of path-years summarised (paths x sized years).
    pub path_years: usize,
    /// Mean drained methane per sized path-year, million m3.
    pub drained_mm3: f64,
    /// Mean usable methane sent to power per sized path-year, million m3.
    pub usable_mm3: f64,
    /// The models paths could pick, with their Akaike weights.
    pub model_weights: Vec<(&'static str, f64)>,
    /// How many paths picked each model.
    pub model_counts: Vec<(&'static str, usize)>,
}

/// Sums of one path over its sized years, for one engine count.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    electricity_gwh: f64,
    capacity_factor: f64,
    utilization: f64,
    surplus_mm3: f64,
    short: f64,
}

/// Scratch space of one worker.
struct Scratch {
    annual: Vec<AnnualDraw>,
    path: PathScratch,
    days: Vec<f64>,
    burnt: Vec<f64>,
    sweep: EngineSweep,
}

/// Sizes a plant for the annual paths of `models` (those of
/// [`simulate`](crate::sim::simulate) with the same inputs and seed): each sized year spread
/// over 365 days by `flow`, and every engine count from 1 to `sizing.max_engines` run over them
/// (module notes). `models` must cover `sizing.year` when one is given;
/// [`crate::study::Study::size`] extends the horizon for a later year.
pub fn size(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    flow: &DailyFlow,
    (paths, seed): (usize, u64),
    sizing: &SizingSettings,
) -> Result<PlantSizing, ForecastError> {
    sizing.check()?;
    check_paths(paths, PathsOf::Sizing)?;
    let simulated_years = models.years().to_vec();
    let selected: Vec<usize> = match sizing.year {
        None => (0..simulated_years.len()).collect(),
        Some(year) => match simulated_years.iter().position(|&y| y == year) {
            Some(index) => vec![index],
            None => {
                return Err(ForecastError::NotAForecastYear {
                    purpose: YearPurpose::Sizing,
                    year,
                    first: simulated_years.first().copied().unwrap_or_default(),
                    last: simulated_years.last().copied().unwrap_or_default(),
                });
            }
        },
    };
    let engines = sizing.max_engines as usize;
    let per_path = selected.len() * engines;
    if paths.saturating_mul(per_path) > MAX_SIZE_VALUES {
        return Err(ForecastError::TooManySizingValues {
            paths,
            years: selected.len(),
            engines: sizing.max_engines,
            max: MAX_SIZE_VALUES,
        });
    }

    let base = plant.operating;
    let mut capacity_factors = vec![0.0; paths * per_path];
    let mut sums = vec![Sums::default(); paths * engines];
    let mut path_models = vec![0u8; paths];
    let mut gas = vec![(0.0, 0.0); paths];
    capacity_factors
        .par_chunks_mut(per_path)
        .zip(sums.par_chunks_mut(engines))
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
                days: vec![0.0; DAYS_PER_YEAR],
                burnt: vec![0.0; engines],
                sweep: EngineSweep::default(),
            },
            |scratch, (path, ((factors, sums), (model_slot, gas_slot)))| {
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
                for (slot, &y) in selected.iter().enumerate() {
                    let draw = scratch.annual[y];
                    let mut rng = daily_rng(seed, path, y as u64);
                    let (cv, rho) = flow.for_year(&mut rng, flow_path);
                    let usable = usable_mm3(&draw);
                    gas_slot.0 += draw.drained_mm3;
                    gas_slot.1 += usable;
                    daily_multipliers(&mut rng, cv, rho, &mut scratch.days);
                    let per_day = usable / DAYS_PER_YEAR as f64;
                    let mut least = f64::INFINITY;
                    for m in &mut scratch.days {
                        *m *= per_day;
                        least = least.min(*m);
                    }
                    let k = mwh_per_mm3(plant, &draw.values);
                    let f = engine_day_mm3(plant, &draw.values, sizing.unit_mw);
                    scratch
                        .sweep
                        .burn(&scratch.days, f, sizing.min_load, &mut scratch.burnt);
                    let row = &mut factors[slot * engines..(slot + 1) * engines];
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
                        sum.utilization += utilization(burnt, draw.drained_mm3);
                        sum.surplus_mm3 += (draw.drained_mm3 - burnt).max(0.0);
                        if least < count * f {
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
            total.utilization += s.utilization;
            total.surplus_mm3 += s.surplus_mm3;
            total.short += s.short;
        }
    }
    let path_years = paths * selected.len();
    let p10: Vec<f64> = (0..engines)
        .into_par_iter()
        .map(|e| {
            let mut column: Vec<f64> = capacity_factors
                .iter()
                .skip(e)
                .step_by(engines)
                .copied()
                .collect();
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
    let recommended = rows
        .iter()
        .rev()
        .find(|row| row.capacity_factor_p10 >= sizing.min_capacity_factor)
        .map(|row| row.engines);

    let model_weights = models.weights();
    let mut counts = vec![0usize; model_weights.len()];
    for &m in &path_models {
        counts[usize::from(m)] += 1;
    }
    let (drained, usable) = gas
        .iter()
        .fold((0.0, 0.0), |(d, u), &(pd, pu)| (d + pd, u + pu));
    Ok(PlantSizing {
        years: selected.iter().map(|&y| simulated_years[y]).collect(),
        simulated_years,
        rows,
        recommended,
        path_years,
        drained_mm3: drained / n,
        usable_mm3: usable / n,
        model_counts: model_weights
            .iter()
            .map(|(name, _)| *name)
            .zip(counts)
            .collect(),
        model_weights,
    })
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

/// The type 7 percentile (numpy's default) at `p` in [0, 1], by selection rather than a full
/// sort; `column` is reordered.
fn percentile_type7(column: &mut [f64], p: f64) -> f64 {
    let n = column.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let low = h.floor() as usize;
    let (_, &mut at_low, above) = column.select_nth_unstable_by(low, f64::total_cmp);
    let at_high = above
        .iter()
        .copied()
        .min_by(f64::total_cmp)
        .unwrap_or(at_low);
    at_low + (h - low as f64) * (at_high - at_low)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type 7 by hand on 1..=11: h = 10 x 0.1 = 1, so p10 is the second smallest, 2; on 1..=5,
    /// h = 0.4 and p10 = 1.4 (numpy.percentile([1,2,3,4,5], 10) = 1.4).
    #[test]
    fn type7_percentile_matches_numpy() {
        let mut a: Vec<f64> = (1..=11).rev().map(f64::from).collect();
        assert_eq!(percentile_type7(&mut a, 0.1), 2.0);
        let mut b = vec![5.0, 3.0, 1.0, 4.0, 2.0];
        assert!((percentile_type7(&mut b, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(percentile_type7(&mut [7.0], 0.1), 7.0);
    }

    /// The gap rule by hand, f = 1: with min_load 0.8, 1.5 needs 2 engines at 0.75 (too low),
    /// so 1 runs at full load; 1.7 runs 2 at 0.85; 2.3 needs 3 at 0.767 (too low), so 2 at full.
    #[test]
    fn above_half_load_some_flows_fall_in_a_gap() {
        assert_eq!(burnable(1.5, 1.0, 0.8), (1.0, 1));
        assert_eq!(burnable(1.7, 1.0, 0.8), (1.7, 2));
        assert_eq!(burnable(2.3, 1.0, 0.8), (2.0, 2));
        assert_eq!(burnable(0.79, 1.0, 0.8), (0.0, 0));
        assert_eq!(burnable(0.0, 1.0, 0.8), (0.0, 0));
        // With min_load 0, every flow burns.
        assert_eq!(burnable(0.01, 1.0, 0.0), (0.01, 1));
    }

    /// A sweep equals the direct sum of min(b(g), E f) over the days for every E.
    #[test]
    fn the_sweep_equals_the_direct_sum() {
        let f = 0.37;
        let days: Vec<f64> = (0..200).map(|d| f64::from(d) * 0.031 + 0.05).collect();
        for min_load in [0.0, 0.3, 0.5, 0.8, 1.0] {
            let mut out = vec![0.0; 25];
            EngineSweep::default().burn(&days, f, min_load, &mut out);
            for (i, &got) in out.iter().enumerate() {
                let cap = (i + 1) as f64 * f;
                let direct: f64 = days
                    .iter()
                    .map(|&g| burnable(g, f, min_load).0.min(cap))
                    .sum();
                assert!(
                    (got - direct).abs() <= 1e-12 * direct.max(1.0),
                    "min_load {min_load}, {} engines: {got} vs {direct}",
                    i + 1
                );
            }
        }
    }
}

//! One path's annual values as [`simulate`](crate::sim::simulate) draws them, for
//! callers that need more than the simulation's summary quantities (the plant sizing of
//! [`size`](crate::sim::size) needs each path-year's operating values as well as its drainage).
//!
//! [`PathModels::draw`] is the one place a path's stream is read: the model choice, the
//! trend's joint sample path, the inputs drawn once per path, then each year's per-year
//! inputs. `simulate` and `size` both draw their paths through it, so for the same
//! site, inputs, seed, model and horizon they see the same drained methane and operating values
//! in every path-year (`tests/size.rs`, `annual_paths_are_the_simulations_paths`, checks it bit
//! for bit).

use std::sync::Arc;

use rand::RngExt;

use crate::choice::ModelSelection;
use crate::energy::{OperatingValues, drainage_mm3};
use crate::rng::{mine_rng, path_rng};
use crate::sim::inputs::{DrawnInputs, InputKey, UncertainInputs, YearlyDraws};
use crate::trend::FittedTrend;

/// One year of one path: the drainage after plan adherence (floored at zero) and the plant's
/// operating values that year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnnualDraw {
    /// Calendar year.
    pub year: i32,
    /// Methane drained, million m3: the trend's draw x plan adherence, floored at zero.
    pub drained_mm3: f64,
    /// The operating values drawn for the path (and the year, for per-year inputs).
    pub values: OperatingValues,
}

/// The models one mine's paths pick from, with their Akaike weights, over the mine's own
/// forecast years (from the year after its data to the plant's last year).
struct MineModels {
    fits: Vec<Arc<dyn FittedTrend>>,
    weights: Vec<f64>,
    cumulative: Vec<f64>,
    years: Vec<i32>,
}

impl MineModels {
    fn new(selection: &ModelSelection, years: Vec<i32>) -> MineModels {
        let weighted = selection.weighted();
        let cumulative = weighted
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w.weight;
                Some(*acc)
            })
            .collect();
        MineModels {
            fits: weighted.iter().map(|w| Arc::clone(&w.fit)).collect(),
            weights: weighted.iter().map(|w| w.weight).collect(),
            cumulative,
            years,
        }
    }

    /// The model a path picks with the uniform `u`.
    fn pick(&self, u: f64) -> usize {
        self.cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative.len() - 1)
    }
}

/// The name under which a plant fed by several mines reports its paths' model: each mine picks
/// its own.
pub const COMBINED_MODEL: &str = "each mine's own";

/// The models a site's paths pick from, with their Akaike weights, and the forecast years; for
/// a plant fed by several mines, each mine's models and the dependence between them.
pub struct PathModels {
    mines: Vec<MineModels>,
    years: Vec<i32>,
    /// Probability that a path's mines draw from one common stream (the Fréchet mixture's
    /// weight on the comonotone copula); unused with one mine.
    correlation: f64,
}

impl std::fmt::Debug for PathModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathModels")
            .field("models", &self.weights())
            .field("years", &self.years)
            .field("mines", &self.mines.len())
            .finish()
    }
}

impl PathModels {
    /// The models of `selection` that paths pick from (the fixed model, or every model with
    /// an Akaike weight), over the forecast `years`.
    pub fn new(selection: &ModelSelection, years: Vec<i32>) -> PathModels {
        PathModels {
            mines: vec![MineModels::new(selection, years.clone())],
            years,
            correlation: 1.0,
        }
    }

    /// The paths of a plant fed by several mines: each mine's `selection` over its own years
    /// (from the year after its data to the last of `years`, so each ends with `years`), the
    /// plant's forecast `years`, and the probability `correlation` (in [0, 1]) that a path's
    /// mines draw from one common stream rather than each from its own: the Fréchet mixture
    /// of the comonotone and the independence copulas, whose Spearman correlation between two
    /// mines that draw alike is `correlation` exactly (METHODS 11.7).
    ///
    /// # Panics
    ///
    /// If a mine's years do not end with `years`, or there is no mine.
    pub fn combined(
        mines: Vec<(&ModelSelection, Vec<i32>)>,
        years: Vec<i32>,
        correlation: f64,
    ) -> PathModels {
        assert!(!mines.is_empty(), "a plant has at least one mine");
        let mines: Vec<MineModels> = mines
            .into_iter()
            .map(|(selection, own)| {
                assert!(own.ends_with(&years), "a mine's years end with the plant's");
                MineModels::new(selection, own)
            })
            .collect();
        PathModels {
            mines,
            years,
            correlation,
        }
    }

    /// The forecast years, in order.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Whether the paths sum several mines.
    pub fn is_combined(&self) -> bool {
        self.mines.len() > 1
    }

    /// The models paths can pick, with their Akaike weights (summing to 1); for several mines
    /// one entry, [`COMBINED_MODEL`], since each mine picks its own.
    pub fn weights(&self) -> Vec<(&'static str, f64)> {
        if self.is_combined() {
            return vec![(COMBINED_MODEL, 1.0)];
        }
        let mine = &self.mines[0];
        mine.fits
            .iter()
            .map(|f| f.name())
            .zip(mine.weights.iter().copied())
            .collect()
    }

    /// Each mine's trend draw over the plant's years on path `path` under `seed`, floored at
    /// zero, before plan adherence (which multiplies their sum): what the dependence between
    /// the mines is about. One vector per mine, in the mines' order.
    pub fn mine_draws(&self, seed: u64, path: u64) -> Vec<Vec<f64>> {
        let common = self.draws_common(&mut path_rng(seed, path));
        let mut draws = Vec::with_capacity(self.mines.len());
        let mut own = Vec::new();
        self.each_mine(seed, path, common, &mut own, |_, tail| {
            draws.push(tail.iter().map(|&d| drainage_mm3(d)).collect())
        });
        draws
    }

    /// Whether the path's mines draw from one common stream: the first uniform of the path's
    /// stream, below the correlation.
    fn draws_common(&self, rng: &mut crate::rng::PathRng) -> bool {
        let u: f64 = rng.random();
        u < self.correlation
    }

    /// Draws every mine's trend path (its model pick, then its joint sample path over its own
    /// years) from its sub-stream, and hands `each` the mine's index and the part over the
    /// plant's years.
    fn each_mine(
        &self,
        seed: u64,
        path: u64,
        common: bool,
        own: &mut Vec<f64>,
        mut each: impl FnMut(usize, &[f64]),
    ) {
        for (m, mine) in self.mines.iter().enumerate() {
            let stream = if common { 0 } else { m as u64 + 1 };
            let mut rng = mine_rng(seed, path, stream);
            let u: f64 = rng.random();
            let trend = &mine.fits[mine.pick(u)];
            own.resize(mine.years.len(), 0.0);
            trend.sample_path(&mut rng, &mine.years, own);
            each(m, &own[own.len() - self.years.len()..]);
        }
    }

    /// Draws path `path` under `seed`: fills `out` (one entry per forecast year, so
    /// `out.len() == self.years().len()`) and returns the index of the model the path picked.
    /// `scratch` is reused between calls to avoid allocating.
    ///
    /// # Panics
    ///
    /// If `out` does not have one entry per year.
    pub fn draw(
        &self,
        base: &OperatingValues,
        inputs: &UncertainInputs,
        seed: u64,
        path: u64,
        scratch: &mut PathScratch,
        out: &mut [AnnualDraw],
    ) -> usize {
        assert_eq!(out.len(), self.years.len(), "one AnnualDraw per year");
        let model = self.draw_into(base, inputs, &YearlyDraws::of(inputs), seed, path, scratch);
        for (y, (slot, &year)) in out.iter_mut().zip(&self.years).enumerate() {
            *slot = AnnualDraw {
                year,
                drained_mm3: scratch.drained[y],
                values: scratch.values_in(y),
            };
        }
        model
    }

    /// [`PathModels::draw`] into `scratch` only: the drained methane of each year in
    /// `scratch.drained`, the operating values in `scratch.values_in(year index)`. `yearly`
    /// must be `YearlyDraws::of(inputs)` (computed once by callers that draw many paths).
    ///
    /// The stream is read in this order: the model choice (one uniform), the inputs drawn once
    /// per path (in the order of `inputs.entries()`), the level of a persistent plan adherence
    /// (when it has one), the per-year inputs year by year, then the trend's joint path
    /// (METHODS 11.2). When plan adherence is the only per-year input and it is lognormal with
    /// independent years, the trend draws it with its path
    /// ([`FittedTrend::sample_path_lognormal`]): for the exponential trend one normal and one
    /// `exp` a path-year instead of two of each. With persistent years the trend draws the
    /// multiplier with its path too ([`FittedTrend::sample_path_persistent`]): by default the
    /// log multipliers first, then [`FittedTrend::sample_path_times`]; the exponential trend
    /// draws the multiplier's yearly part and its own noise as one process, one normal and one
    /// `exp` a path-year.
    pub(crate) fn draw_into(
        &self,
        base: &OperatingValues,
        inputs: &UncertainInputs,
        yearly: &YearlyDraws,
        seed: u64,
        path: u64,
        scratch: &mut PathScratch,
    ) -> usize {
        if self.is_combined() {
            self.draw_combined(base, inputs, yearly, seed, path, scratch);
            return 0;
        }
        let mine = &self.mines[0];
        let n = self.years.len();
        scratch.drained.resize(n, 0.0);
        let mut rng = path_rng(seed, path);
        let u: f64 = rng.random();
        let model = mine.pick(u);
        let trend = &mine.fits[model];
        let mut drawn = DrawnInputs::of(*base);
        inputs.draw(&mut rng, false, &mut drawn, None);
        let adherence = drawn.adherence;
        scratch.values = drawn.values;
        scratch.yearly_values.clear();
        match *yearly {
            YearlyDraws::None => {
                trend.sample_path(&mut rng, &self.years, &mut scratch.drained);
                for d in &mut scratch.drained {
                    *d *= adherence;
                }
            }
            YearlyDraws::LognormalAdherence { ln_median, sigma } => {
                trend.sample_path_lognormal(
                    &mut rng,
                    &self.years,
                    (ln_median, sigma),
                    &mut scratch.log_adherence,
                    &mut scratch.drained,
                );
            }
            YearlyDraws::PersistentAdherence(multiplier) => {
                trend.sample_path_persistent(
                    &mut rng,
                    &self.years,
                    &multiplier,
                    &mut scratch.log_adherence,
                    &mut scratch.drained,
                );
            }
            YearlyDraws::General {
                adherence: persistent,
            } => {
                scratch.adherence.clear();
                let skip = persistent.map(|_| InputKey::PlanAdherence);
                let mut state = persistent.map(|process| (process, process.start(&mut rng)));
                for _ in 0..n {
                    let mut year = drawn;
                    inputs.draw(&mut rng, true, &mut year, skip);
                    if let Some((process, state)) = &mut state {
                        year.adherence = process.next(&mut rng, state).exp();
                    }
                    scratch.yearly_values.push(year.values);
                    scratch.adherence.push(year.adherence);
                }
                trend.sample_path(&mut rng, &self.years, &mut scratch.drained);
                for (d, a) in scratch.drained.iter_mut().zip(&scratch.adherence) {
                    *d *= a;
                }
            }
        }
        // A linear path far out can dip below zero; drainage cannot.
        for d in &mut scratch.drained {
            *d = drainage_mm3(*d);
        }
        model
    }

    /// [`PathModels::draw_into`] for a plant fed by several mines. The path's own stream gives,
    /// in order: one uniform that decides whether the mines draw from one common sub-stream
    /// (probability `correlation`) or each from its own, the inputs drawn once per path, the
    /// level of a persistent plan adherence (when it has one), and the per-year inputs year by
    /// year (plan adherence among them). Then each mine draws its model and its trend path from
    /// its sub-stream ([`crate::rng::mine_rng`]); each mine's draw is floored at zero (a mine
    /// drains nothing below), and the plant's drainage is their sum times the year's plan
    /// adherence, one for the plant (METHODS 11.7).
    fn draw_combined(
        &self,
        base: &OperatingValues,
        inputs: &UncertainInputs,
        yearly: &YearlyDraws,
        seed: u64,
        path: u64,
        scratch: &mut PathScratch,
    ) {
        let n = self.years.len();
        let mut rng = path_rng(seed, path);
        let common = self.draws_common(&mut rng);
        let mut drawn = DrawnInputs::of(*base);
        inputs.draw(&mut rng, false, &mut drawn, None);
        scratch.values = drawn.values;
        scratch.yearly_values.clear();
        scratch.adherence.clear();
        let persistent = match *yearly {
            YearlyDraws::None => None,
            YearlyDraws::PersistentAdherence(process) => Some(process),
            YearlyDraws::General { adherence } => adherence,
            YearlyDraws::LognormalAdherence { .. } => None,
        };
        if matches!(yearly, YearlyDraws::None) {
            scratch.adherence.resize(n, drawn.adherence);
        } else {
            let skip = persistent.map(|_| InputKey::PlanAdherence);
            let mut state = persistent.map(|process| (process, process.start(&mut rng)));
            for _ in 0..n {
                let mut year = drawn;
                inputs.draw(&mut rng, true, &mut year, skip);
                if let Some((process, state)) = &mut state {
                    year.adherence = process.next(&mut rng, state).exp();
                }
                scratch.yearly_values.push(year.values);
                scratch.adherence.push(year.adherence);
            }
            if scratch.yearly_values.iter().all(|v| *v == drawn.values) {
                scratch.yearly_values.clear();
            }
        }
        scratch.drained.clear();
        scratch.drained.resize(n, 0.0);
        let mut own = std::mem::take(&mut scratch.log_adherence);
        let drained = &mut scratch.drained;
        self.each_mine(seed, path, common, &mut own, |_, tail| {
            for (d, &t) in drained.iter_mut().zip(tail) {
                *d += drainage_mm3(t);
            }
        });
        scratch.log_adherence = own;
        for (d, a) in scratch.drained.iter_mut().zip(&scratch.adherence) {
            *d = drainage_mm3(*d * a);
        }
    }
}

/// What drawing a path reuses from one path to the next, and where it leaves the path.
#[derive(Debug, Clone)]
pub struct PathScratch {
    /// Drained methane of each year, million m3 (after plan adherence, floored at zero).
    drained: Vec<f64>,
    /// The path's operating values (when they do not vary by year).
    values: OperatingValues,
    /// Each year's operating values, when some are drawn every year (empty otherwise).
    yearly_values: Vec<OperatingValues>,
    log_adherence: Vec<f64>,
    adherence: Vec<f64>,
}

impl PathScratch {
    /// Scratch for paths of a plant operating at `base` before any draw.
    pub fn new(base: OperatingValues) -> PathScratch {
        PathScratch {
            drained: Vec::new(),
            values: base,
            yearly_values: Vec::new(),
            log_adherence: Vec::new(),
            adherence: Vec::new(),
        }
    }

    /// The drained methane of each year of the last path drawn.
    pub(crate) fn drained(&self) -> &[f64] {
        &self.drained
    }

    /// The operating values of year index `y` of the last path drawn.
    pub(crate) fn values_in(&self, y: usize) -> OperatingValues {
        self.yearly_values.get(y).copied().unwrap_or(self.values)
    }

    /// Whether the last path's operating values change from year to year.
    pub(crate) fn values_vary(&self) -> bool {
        !self.yearly_values.is_empty()
    }
}

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
use crate::rng::path_rng;
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

/// The models a site's paths pick from, with their Akaike weights, and the forecast years.
pub struct PathModels {
    fits: Vec<Arc<dyn FittedTrend>>,
    weights: Vec<f64>,
    cumulative: Vec<f64>,
    years: Vec<i32>,
}

impl std::fmt::Debug for PathModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathModels")
            .field("models", &self.weights())
            .field("years", &self.years)
            .finish()
    }
}

impl PathModels {
    /// The models of `selection` that paths pick from (the fixed model, or every model with
    /// an Akaike weight), over the forecast `years`.
    pub fn new(selection: &ModelSelection, years: Vec<i32>) -> PathModels {
        let weighted = selection.weighted();
        let cumulative = weighted
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w.weight;
                Some(*acc)
            })
            .collect();
        PathModels {
            fits: weighted.iter().map(|w| Arc::clone(&w.fit)).collect(),
            weights: weighted.iter().map(|w| w.weight).collect(),
            cumulative,
            years,
        }
    }

    /// The forecast years, in order.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The models paths can pick, with their Akaike weights (summing to 1).
    pub fn weights(&self) -> Vec<(&'static str, f64)> {
        self.fits
            .iter()
            .map(|f| f.name())
            .zip(self.weights.iter().copied())
            .collect()
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
        let n = self.years.len();
        scratch.drained.resize(n, 0.0);
        let mut rng = path_rng(seed, path);
        let u: f64 = rng.random();
        let model = self
            .cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative.len() - 1);
        let trend = &self.fits[model];
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

//! One path's annual values as [`simulate_site`](crate::sim::simulate_site) draws them, for
//! callers that need more than the simulation's summary quantities (the plant sizing of
//! [`size_site`](crate::sim::size_site) needs each path-year's operating values as well as its drainage).
//!
//! [`PathModels::draw`] is the one place a path's stream is read: the model choice, the
//! trend's joint sample path, the inputs drawn once per path, then each year's per-year
//! inputs. `simulate_site` and `size_site` both draw their paths through it, so for the same
//! site, inputs, seed, model and horizon they see the same drained methane and operating values
//! in every path-year (`tests/size.rs`, `annual_paths_are_the_simulations_paths`, checks it bit
//! for bit).

use rand::RngExt;

use cmmcast_data::{DistributionSpec, Site};

use crate::energy::OperatingValues;
use crate::error::ForecastError;
use crate::request::{forecast_years, input_for};
use crate::rng::{PathRng, path_rng};
use crate::select::Comparison;
use crate::sim::{InputKey, SimulationSettings, UncertainInputs};
use crate::trend::{FittedTrend, ModelChoice, SeriesKind, TrendInput, menu};

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

/// The models a site's paths pick from, fitted once, with their Akaike weights, and the
/// forecast years.
pub struct PathModels {
    fits: Vec<Box<dyn FittedTrend>>,
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
    /// Fits the site's methane trend as `simulate_site` does: one model when `settings.model`
    /// fixes it, otherwise every model with an Akaike weight; the years run from the one after
    /// the data to `settings.to` (default: 2030, or 14 years after data that reach 2030).
    /// `settings.paths`, `seed` and `percentiles` are not used here.
    pub fn fit(site: &Site, settings: &SimulationSettings) -> Result<PathModels, ForecastError> {
        let input = input_for(site, SeriesKind::Methane)?;
        let years = forecast_years(&input, settings.to)?;
        let (fits, weights) = fit_models(&input, settings.model, settings.ceiling)?;
        let total: f64 = weights.iter().sum();
        let cumulative = weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w / total;
                Some(*acc)
            })
            .collect();
        Ok(PathModels {
            fits,
            weights: weights.iter().map(|w| w / total).collect(),
            cumulative,
            years,
        })
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
    /// per path (in the order of `inputs.entries()`), the per-year inputs year by year, then
    /// the trend's joint path (METHODS 11.2). When plan adherence is the only per-year input
    /// and it is lognormal, the trend draws it with its path
    /// ([`FittedTrend::sample_path_lognormal`]): for the exponential trend one normal and one
    /// `exp` a path-year instead of two of each.
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
        let mut values = *base;
        let mut adherence = 1.0;
        draw_inputs(inputs, &mut rng, false, &mut values, &mut adherence);
        scratch.values = values;
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
            YearlyDraws::General => {
                scratch.adherence.clear();
                for _ in 0..n {
                    let mut v = values;
                    let mut a = adherence;
                    draw_inputs(inputs, &mut rng, true, &mut v, &mut a);
                    scratch.yearly_values.push(v);
                    scratch.adherence.push(a);
                }
                trend.sample_path(&mut rng, &self.years, &mut scratch.drained);
                for (d, a) in scratch.drained.iter_mut().zip(&scratch.adherence) {
                    *d *= a;
                }
            }
        }
        // A linear path far out can dip below zero; drainage cannot.
        for d in &mut scratch.drained {
            *d = d.max(0.0);
        }
        model
    }
}

/// How a path's per-year inputs are drawn, decided once for a set of inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum YearlyDraws {
    /// Nothing varies by year.
    None,
    /// Only plan adherence, lognormal: ln a = ln(median) + σ z.
    LognormalAdherence { ln_median: f64, sigma: f64 },
    /// Anything else: each year's inputs drawn in entry order.
    General,
}

impl YearlyDraws {
    pub(crate) fn of(inputs: &UncertainInputs) -> YearlyDraws {
        let mut yearly = inputs
            .entries()
            .iter()
            .filter(|(_, sampler, per_year)| *per_year && !sampler.is_fixed());
        match (yearly.next(), yearly.next()) {
            (None, _) => YearlyDraws::None,
            (Some((InputKey::PlanAdherence, sampler, _)), None) => match sampler.spec() {
                DistributionSpec::Lognormal { median, sigma } => YearlyDraws::LognormalAdherence {
                    ln_median: median.ln(),
                    sigma,
                },
                _ => YearlyDraws::General,
            },
            _ => YearlyDraws::General,
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

/// The fitted models and their (unnormalised) Akaike weights.
type FitsAndWeights = (Vec<Box<dyn FittedTrend>>, Vec<f64>);

/// The models of `simulate_site`: the fixed one with weight 1, or every weighted model of the
/// comparison.
fn fit_models(
    input: &TrendInput<'_>,
    model: ModelChoice,
    ceiling: Option<f64>,
) -> Result<FitsAndWeights, ForecastError> {
    if let Some(model) = model.model(ceiling)? {
        return Ok((vec![model.fit(input)?], vec![1.0]));
    }
    let comparison = Comparison::run(input, &menu(ceiling)?);
    let mut fits = Vec::new();
    let mut weights = Vec::new();
    for candidate in comparison.candidates {
        let weight = candidate.stats.as_ref().and_then(|s| s.weight);
        if let (Ok(fit), Some(w)) = (candidate.outcome, weight)
            && w > 0.0
        {
            fits.push(fit);
            weights.push(w);
        }
    }
    if fits.is_empty() {
        return Err(ForecastError::NothingFits(
            "no model has an Akaike weight, so paths cannot pick one; fix a model with --model"
                .into(),
        ));
    }
    Ok((fits, weights))
}

/// The draws of `UncertainInputs` (once per path when `per_year` is false, the per-year inputs
/// otherwise), in the order of its entries, as `simulate_site` makes them.
fn draw_inputs(
    inputs: &UncertainInputs,
    rng: &mut PathRng,
    per_year: bool,
    values: &mut OperatingValues,
    adherence: &mut f64,
) {
    for &(key, sampler, yearly) in inputs.entries() {
        if yearly != per_year || (per_year && sampler.is_fixed()) {
            continue;
        }
        let v = sampler.sample(rng);
        match key {
            InputKey::Efficiency => values.efficiency = v,
            InputKey::Availability => values.availability = v,
            InputKey::ShareToPower => values.share_to_power = v,
            InputKey::ParasiticFraction => values.parasitic_fraction = v,
            InputKey::GasConcentration => values.gas_concentration = v,
            InputKey::MinConcentration => values.min_concentration = v,
            InputKey::DestructionEfficiency => values.destruction_efficiency = v,
            InputKey::PlanAdherence => *adherence = v,
        }
    }
}

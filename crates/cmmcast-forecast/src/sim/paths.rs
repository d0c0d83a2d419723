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

use cmmcast_data::Site;

use crate::energy::OperatingValues;
use crate::error::ForecastError;
use crate::request::{forecast_years, input_for};
use crate::select::Comparison;
use crate::sim::{InputKey, PathRng, SimulationSettings, UncertainInputs, path_rng};
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
        scratch: &mut Vec<f64>,
        out: &mut [AnnualDraw],
    ) -> usize {
        assert_eq!(out.len(), self.years.len(), "one AnnualDraw per year");
        scratch.resize(self.years.len(), 0.0);
        let mut rng = path_rng(seed, path);
        let u: f64 = rng.random();
        let model = self
            .cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative.len() - 1);
        self.fits[model].sample_path(&mut rng, &self.years, scratch);
        let mut path_values = *base;
        let mut adherence = 1.0;
        draw_inputs(inputs, &mut rng, false, &mut path_values, &mut adherence);
        let per_year = inputs.entries().iter().any(|(_, s, y)| *y && !s.is_fixed());
        for ((slot, &year), &methane) in out.iter_mut().zip(&self.years).zip(scratch.iter()) {
            let (values, year_adherence) = if per_year {
                let mut v = path_values;
                let mut a = adherence;
                draw_inputs(inputs, &mut rng, true, &mut v, &mut a);
                (v, a)
            } else {
                (path_values, adherence)
            };
            *slot = AnnualDraw {
                year,
                // As in `simulate_site`: a linear path far out can dip below zero; drainage
                // cannot.
                drained_mm3: (methane * year_adherence).max(0.0),
                values,
            };
        }
        model
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

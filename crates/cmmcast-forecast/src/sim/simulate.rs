//! Joint sample paths through the whole chain: model choice, trend parameters, new
//! observations, plan adherence and the plant's operating values, then percentiles with their
//! Monte Carlo standard errors.

use rayon::prelude::*;
use serde::Serialize;

use cmmcast_data::{Scenario, Site};

use crate::energy::{EnergyFactors, Plant, project_year_with};
use crate::error::ForecastError;
use crate::sim::{AnnualDraw, PathModels, Sampler};
use crate::trend::ModelChoice;

/// The quantities summarised for every year, in output order.
pub const QUANTITIES: [&str; 6] = [
    "methane_mm3",
    "burnt_mm3",
    "surplus_mm3",
    "utilization",
    "electricity_gwh",
    "co2e_avoided_kt",
];

/// Default number of paths.
pub const DEFAULT_PATHS: usize = 100_000;

/// Largest number of paths accepted: the per-path values of every year and quantity are kept
/// for the percentiles (8 bytes each).
pub const MAX_PATHS: usize = 10_000_000;

/// An input the scenario can make uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKey {
    /// Electrical efficiency.
    Efficiency,
    /// Availability.
    Availability,
    /// Share to power.
    ShareToPower,
    /// Parasitic load.
    ParasiticFraction,
    /// Gas concentration.
    GasConcentration,
    /// Minimum concentration the engines accept.
    MinConcentration,
    /// Destruction efficiency.
    DestructionEfficiency,
    /// Multiplier on the forecast drainage.
    PlanAdherence,
}

impl InputKey {
    /// Every key, in scenario-file spelling.
    pub const ALL: [(InputKey, &'static str); 8] = [
        (InputKey::Efficiency, "efficiency"),
        (InputKey::Availability, "availability"),
        (InputKey::ShareToPower, "share_to_power"),
        (InputKey::ParasiticFraction, "parasitic_fraction"),
        (InputKey::GasConcentration, "gas_concentration"),
        (InputKey::MinConcentration, "min_concentration"),
        (InputKey::DestructionEfficiency, "destruction_efficiency"),
        (InputKey::PlanAdherence, "plan_adherence"),
    ];

    /// The scenario-file spelling.
    pub fn name(self) -> &'static str {
        InputKey::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }
}

/// The uncertain inputs of a simulation: for each key, a sampler and whether it is drawn once
/// per path or every year. Keys not listed keep the plant's value (plan adherence: 1).
#[derive(Debug, Clone, Default)]
pub struct UncertainInputs {
    entries: Vec<(InputKey, Sampler, bool)>,
}

impl UncertainInputs {
    /// The inputs a scenario sets.
    pub fn from_scenario(scenario: &Scenario) -> UncertainInputs {
        let entries = InputKey::ALL
            .iter()
            .filter_map(|&(key, name)| {
                scenario
                    .input(name)
                    .map(|input| (key, Sampler::new(input.spec), input.per_year))
            })
            .collect();
        UncertainInputs { entries }
    }

    /// Fixes an input to a value (a command-line flag overrides the scenario).
    pub fn fix(&mut self, key: InputKey, value: f64) {
        self.entries.retain(|(k, _, _)| *k != key);
        self.entries.push((
            key,
            Sampler::new(cmmcast_data::DistributionSpec::Fixed { value }),
            false,
        ));
    }

    /// The entries, for `meta`.
    pub fn entries(&self) -> &[(InputKey, Sampler, bool)] {
        &self.entries
    }
}

/// How to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationSettings {
    /// Number of paths, at least 1 and at most [`MAX_PATHS`].
    pub paths: usize,
    /// Seed of every path's stream.
    pub seed: u64,
    /// Percentiles to report, each in (0, 100).
    pub percentiles: Vec<f64>,
    /// A fixed model, or `auto` (each path picks by the Akaike weights).
    pub model: ModelChoice,
    /// Ceiling for the logistic model.
    pub ceiling: Option<f64>,
    /// Last year; `None` for the forecast default.
    pub to: Option<i32>,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            paths: DEFAULT_PATHS,
            seed: crate::sim::DEFAULT_SEED,
            percentiles: vec![10.0, 50.0, 90.0],
            model: ModelChoice::Auto,
            ceiling: None,
            to: None,
        }
    }
}

impl SimulationSettings {
    /// Checks paths and percentiles.
    pub fn check(&self) -> Result<(), ForecastError> {
        if self.paths == 0 || self.paths > MAX_PATHS {
            return Err(ForecastError::BadSimulation(format!(
                "{} paths is not allowed; give between 1 and {MAX_PATHS} (each path keeps {} values of 8 bytes, so {MAX_PATHS} paths need about {} GB)",
                self.paths,
                QUANTITIES.len(),
                MAX_PATHS * QUANTITIES.len() * 8 * 30 / 1_000_000_000
            )));
        }
        if let Some(p) = self
            .percentiles
            .iter()
            .find(|p| !(**p > 0.0 && **p < 100.0))
        {
            return Err(ForecastError::BadSimulation(format!(
                "percentile {p} is not allowed; give percentiles strictly between 0 and 100, such as 10,50,90"
            )));
        }
        Ok(())
    }
}

/// Bytes a simulation keeps: every path-year's [`QUANTITIES`] (8 bytes each), a column copy per
/// thread while summarising, and the model index of each path.
pub fn simulation_bytes(paths: usize, years: usize) -> u64 {
    let values = paths as u64 * years as u64 * QUANTITIES.len() as u64 * 8;
    values + paths as u64 * 8 * 2 + paths as u64
}

/// Refuses a simulation whose values would not fit in `available_bytes` of memory, saying how
/// many paths would.
pub fn check_memory(
    site: &Site,
    settings: &SimulationSettings,
    available_bytes: u64,
) -> Result<(), ForecastError> {
    let input = crate::request::input_for(site, crate::trend::SeriesKind::Methane)?;
    let years = crate::request::forecast_years(&input, settings.to)?.len();
    let needed = simulation_bytes(settings.paths, years);
    if needed <= available_bytes {
        return Ok(());
    }
    let per_path = simulation_bytes(1, years).max(1);
    Err(ForecastError::BadSimulation(format!(
        "{} paths x {years} years need about {} MB of memory but about {} MB is available; give at most {} paths",
        settings.paths,
        needed / 1_000_000,
        available_bytes / 1_000_000,
        available_bytes / per_path
    )))
}

/// The summary of one quantity in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Calendar year.
    pub year: i32,
    /// One of [`QUANTITIES`].
    pub quantity: &'static str,
    /// The requested percentiles, in the order asked.
    pub percentiles: Vec<f64>,
    /// Monte Carlo standard error of each percentile.
    pub percentile_se: Vec<f64>,
    /// Mean over the paths.
    pub mean: f64,
    /// Standard deviation over the paths.
    pub sd: f64,
}

/// A site's simulation.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The site.
    pub site: String,
    /// Forecast years simulated.
    pub years: Vec<i32>,
    /// One summary per (year, quantity), year-major.
    pub summaries: Vec<Summary>,
    /// The models paths could pick, with their Akaike weights (one model with weight 1 when
    /// fixed).
    pub model_weights: Vec<(&'static str, f64)>,
    /// How many paths picked each model.
    pub model_counts: Vec<(&'static str, usize)>,
    /// Per-path values, path-major: `values[(path * years + year) * QUANTITIES + quantity]`.
    pub values: Vec<f64>,
    /// The model each path picked (index into `model_weights`).
    pub path_models: Vec<u8>,
}

/// Simulates one site: fits the models, then runs `settings.paths` joint paths through
/// the plant with the uncertain inputs, in parallel, reproducibly.
pub fn simulate_site(
    site: &Site,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
) -> Result<Simulation, ForecastError> {
    simulate_site_with_progress(site, plant, inputs, settings, &|_| {})
}

/// Paths simulated between two calls of the progress callback.
pub const PROGRESS_BLOCK: usize = 4096;

/// [`simulate_site`], calling `progress(paths)` after each block of [`PROGRESS_BLOCK`] paths
/// (from any thread, in any order; the callback only counts, so results do not depend on it).
pub fn simulate_site_with_progress(
    site: &Site,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Simulation, ForecastError> {
    settings.check()?;
    let models = PathModels::fit(site, settings)?;
    let years = models.years().to_vec();
    let n_years = years.len();
    let block = n_years * QUANTITIES.len();
    let mut values = vec![0.0; settings.paths * block];
    let mut path_models = vec![0u8; settings.paths];
    let base = plant.operating();
    let base_factors = EnergyFactors::with_values(plant, &base);
    let blank = AnnualDraw {
        year: 0,
        drained_mm3: 0.0,
        values: base,
    };

    values
        .par_chunks_mut(block)
        .zip(path_models.par_iter_mut())
        .enumerate()
        .for_each_init(
            || (Vec::with_capacity(n_years), vec![blank; n_years]),
            |(scratch, annual), (path, (out, model_slot))| {
                if path % PROGRESS_BLOCK == PROGRESS_BLOCK - 1 {
                    progress(PROGRESS_BLOCK as u64);
                }
                let model = models.draw(&base, inputs, settings.seed, path as u64, scratch, annual);
                *model_slot = model as u8;
                // Factors change only when a draw changes the operating values.
                let mut factors = (base, base_factors);
                for (y, draw) in annual.iter().enumerate() {
                    if draw.values != factors.0 {
                        factors = (draw.values, EnergyFactors::with_values(plant, &draw.values));
                    }
                    let e = project_year_with(
                        plant,
                        &draw.values,
                        &factors.1,
                        draw.year,
                        draw.drained_mm3,
                    );
                    let row = &mut out[y * QUANTITIES.len()..(y + 1) * QUANTITIES.len()];
                    row.copy_from_slice(&[
                        e.methane_mm3,
                        e.burnt_mm3,
                        e.surplus_mm3,
                        e.utilization.unwrap_or(0.0),
                        e.electricity_gwh,
                        e.co2e_avoided_kt,
                    ]);
                }
            },
        );

    let columns: Vec<(usize, usize)> = (0..n_years)
        .flat_map(|y| (0..QUANTITIES.len()).map(move |q| (y, q)))
        .collect();
    let summaries = columns
        .par_iter()
        .map(|&(y, q)| {
            let mut column: Vec<f64> = (0..settings.paths)
                .map(|p| values[p * block + y * QUANTITIES.len() + q])
                .collect();
            summarize(&mut column, &settings.percentiles, years[y], QUANTITIES[q])
        })
        .collect();

    let model_weights = models.weights();
    let mut counts = vec![0usize; model_weights.len()];
    for &m in &path_models {
        counts[usize::from(m)] += 1;
    }
    Ok(Simulation {
        site: site.name().to_string(),
        years,
        summaries,
        model_counts: model_weights
            .iter()
            .map(|(name, _)| *name)
            .zip(counts)
            .collect(),
        model_weights,
        values,
        path_models,
    })
}

/// Percentiles (Hyndman and Fan type 7, numpy's default: linear interpolation between order
/// statistics at h = (N − 1)p), their Monte Carlo standard errors, mean and sd of one column.
///
/// The standard error of the p-quantile is read off the order statistics: the ranks
/// Np ± √(Np(1 − p)) bracket the quantile with about 68 % probability (the binomial
/// distribution of the count below it), so half the distance between those order statistics
/// estimates one standard error without needing the density.
pub fn summarize(
    column: &mut [f64],
    percentiles: &[f64],
    year: i32,
    quantity: &'static str,
) -> Summary {
    let n = column.len();
    // Mean and sd first, in path order, so the result does not depend on the sort. Both are
    // taken about the first value, so a column that never varies (a plant at full load on every
    // path) has exactly that value as its mean and an sd of exactly 0, not rounding noise.
    let shift = column.first().copied().unwrap_or(0.0);
    let offset = column.iter().map(|x| x - shift).sum::<f64>() / n as f64;
    let mean = shift + offset;
    let sd = if n > 1 {
        (column
            .iter()
            .map(|x| (x - shift - offset).powi(2))
            .sum::<f64>()
            / (n - 1) as f64)
            .sqrt()
    } else {
        0.0
    };
    column.sort_unstable_by(f64::total_cmp);
    let at = |rank: f64| -> f64 {
        let h = rank.clamp(0.0, (n - 1) as f64);
        let low = h.floor() as usize;
        let high = (low + 1).min(n - 1);
        column[low] + (h - low as f64) * (column[high] - column[low])
    };
    let mut values = Vec::with_capacity(percentiles.len());
    let mut errors = Vec::with_capacity(percentiles.len());
    for &percent in percentiles {
        let p = percent / 100.0;
        values.push(at((n - 1) as f64 * p));
        let spread = (n as f64 * p * (1.0 - p)).sqrt();
        let centre = n as f64 * p;
        errors.push(0.5 * (at(centre + spread) - at(centre - spread)));
    }
    Summary {
        year,
        quantity,
        percentiles: values,
        percentile_se: errors,
        mean,
        sd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type 7 by hand on 1..=5: p50 is 3; p10 is at h = 0.4, 1 + 0.4 = 1.4; p90 at h = 3.6,
    /// 4 + 0.6 = 4.6. Mean 3, sample sd √2.5.
    #[test]
    fn percentiles_match_numpy_default() {
        let mut column = vec![5.0, 1.0, 4.0, 2.0, 3.0];
        let s = summarize(&mut column, &[10.0, 50.0, 90.0], 2020, "methane_mm3");
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(s.percentiles[0], 1.4)
                && close(s.percentiles[1], 3.0)
                && close(s.percentiles[2], 4.6)
        );
        assert!(close(s.mean, 3.0) && close(s.sd, 2.5_f64.sqrt()));
    }

    /// A column that never varies: 60.1 summed 2000 times and divided by 2000 is not exactly
    /// 60.1 in floating point, but its mean must be, with sd and every standard error 0.
    #[test]
    fn a_constant_column_has_its_value_as_mean_and_no_spread() {
        let mut column = vec![60.1; 2000];
        let s = summarize(&mut column, &[10.0, 50.0, 90.0], 2020, "burnt_mm3");
        assert_eq!(s.mean, 60.1);
        assert_eq!(s.sd, 0.0);
        assert_eq!(s.percentiles, vec![60.1; 3]);
        assert_eq!(s.percentile_se, vec![0.0; 3]);
    }
}

//! Sensitivity ranking (a tornado): one input at a time between its p10 and p90, the others at
//! their medians, through the energy chain for one forecast year; the trend's 80 % prediction
//! interval and the choice of model each count as one input. Deterministic: no paths are drawn.
//! Rule and hand calculation: docs/METHODS.md, "Tornado".

use serde::Serialize;

use cmmcast_data::{DistributionSpec, Site};

use crate::energy::{EnergyFactors, OperatingValues, Plant, YearEnergy, project_year_with};
use crate::error::ForecastError;
use crate::level::Level;
use crate::request::{forecast_years, input_for};
use crate::select::{Comparison, PickedBy};
use crate::sim::{InputKey, UncertainInputs};
use crate::trend::{FittedTrend, ModelChoice, SeriesKind, menu};

/// Probability of the low setting of every bar (the 10th percentile).
pub const TORNADO_LOW: f64 = 0.1;
/// Probability of the base case (the median).
pub const TORNADO_BASE: f64 = 0.5;
/// Probability of the high setting of every bar (the 90th percentile).
pub const TORNADO_HIGH: f64 = 0.9;
/// Level of the trend's prediction interval whose bounds are its p10 and p90.
pub const TORNADO_TREND_LEVEL: f64 = 80.0;

/// The rule, in one sentence, for output `meta`.
pub const TORNADO_RULE: &str = "one at a time between each input's p10 and p90, the others at their medians; the trend as one input (the base model's 80 % prediction interval, whose bounds are its p10 and p90); the model choice as one input (each weighted model's point forecast); ranked by swing = |output at high - output at low|, largest first; fixed inputs have zero swing and are listed last";

/// The quantity a tornado ranks the inputs by: one output of the energy chain in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TornadoOutput {
    /// Gross electricity, GWh.
    ElectricityGwh,
    /// Gas burnt / gas drained.
    Utilization,
    /// Gas burnt, million m3.
    BurntMm3,
    /// Gas left over, million m3.
    SurplusMm3,
    /// Gas drained, million m3.
    MethaneMm3,
    /// CO2e avoided, kt.
    Co2eAvoidedKt,
}

impl TornadoOutput {
    /// Every output, in the order help lists them (the default first).
    pub const ALL: [TornadoOutput; 6] = [
        TornadoOutput::ElectricityGwh,
        TornadoOutput::Utilization,
        TornadoOutput::BurntMm3,
        TornadoOutput::SurplusMm3,
        TornadoOutput::MethaneMm3,
        TornadoOutput::Co2eAvoidedKt,
    ];

    /// The name, as the simulation's quantities and the output columns spell it.
    pub fn name(self) -> &'static str {
        match self {
            TornadoOutput::ElectricityGwh => "electricity_gwh",
            TornadoOutput::Utilization => "utilization",
            TornadoOutput::BurntMm3 => "burnt_mm3",
            TornadoOutput::SurplusMm3 => "surplus_mm3",
            TornadoOutput::MethaneMm3 => "methane_mm3",
            TornadoOutput::Co2eAvoidedKt => "co2e_avoided_kt",
        }
    }

    /// The unit in words.
    pub fn unit(self) -> &'static str {
        match self {
            TornadoOutput::ElectricityGwh => "GWh gross per year",
            TornadoOutput::Utilization => "burnt / drained",
            TornadoOutput::BurntMm3 | TornadoOutput::SurplusMm3 | TornadoOutput::MethaneMm3 => {
                "million m3 of CH4 per year"
            }
            TornadoOutput::Co2eAvoidedKt => "kt CO2e per year",
        }
    }

    /// The output named `name`, if any.
    pub fn parse(name: &str) -> Option<TornadoOutput> {
        TornadoOutput::ALL.into_iter().find(|o| o.name() == name)
    }

    /// This output of one year of the energy chain (utilization 0 when nothing is drained, as
    /// in the simulation).
    pub fn of(self, year: &YearEnergy) -> f64 {
        match self {
            TornadoOutput::ElectricityGwh => year.electricity_gwh,
            TornadoOutput::Utilization => year.utilization.unwrap_or(0.0),
            TornadoOutput::BurntMm3 => year.burnt_mm3,
            TornadoOutput::SurplusMm3 => year.surplus_mm3,
            TornadoOutput::MethaneMm3 => year.methane_mm3,
            TornadoOutput::Co2eAvoidedKt => year.co2e_avoided_kt,
        }
    }
}

/// What a tornado computes.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoSettings {
    /// A fixed model, or `auto` (the base model has the highest Akaike weight, and every model
    /// with a weight takes part in the model-choice bar).
    pub model: ModelChoice,
    /// Ceiling for the logistic model.
    pub ceiling: Option<f64>,
    /// Last forecast year; `None` for the forecast default (as the simulation).
    pub to: Option<i32>,
    /// The year ranked; `None` for the last forecast year. Must be a forecast year.
    pub year: Option<i32>,
    /// The output ranked by.
    pub output: TornadoOutput,
}

impl Default for TornadoSettings {
    /// Auto, the default horizon, its last year, electricity.
    fn default() -> Self {
        TornadoSettings {
            model: ModelChoice::Auto,
            ceiling: None,
            to: None,
            year: None,
            output: TornadoOutput::ElectricityGwh,
        }
    }
}

/// One model's part in the model-choice bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelPoint {
    /// The model.
    pub model: &'static str,
    /// Its Akaike weight (1 for a fixed model).
    pub weight: f64,
    /// Its point forecast for the year, million m3.
    pub methane_mm3: f64,
    /// The output with that forecast and every other input at its median.
    pub output: f64,
}

/// What a bar varies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BarSource {
    /// An operating value or plan adherence, between its p10 and p90.
    Input {
        /// The input.
        key: InputKey,
        /// Its distribution; `None` when the scenario does not set it (the plant's value, or
        /// plan adherence 1, holds).
        distribution: Option<DistributionSpec>,
        /// Whether the simulation draws it every year (the tornado uses its quantiles either
        /// way).
        per_year: bool,
    },
    /// The base model's 80 % prediction interval for the year: its p10 and p90.
    Trend {
        /// The base model.
        model: &'static str,
    },
    /// Each weighted model's point forecast.
    ModelChoice {
        /// The model giving the lowest output (on ties, the lowest forecast).
        low_model: &'static str,
        /// The model giving the highest output (on ties, the highest forecast).
        high_model: &'static str,
        /// Every model that took part, in menu order.
        models: Vec<ModelPoint>,
    },
}

/// One bar of a tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input: a scenario key (`efficiency`, ..., `plan_adherence`), `trend` or
    /// `model_choice`.
    pub input: String,
    /// What the bar varies.
    pub source: BarSource,
    /// The low setting: the input's p10; methane, million m3, for `trend` (the interval's
    /// lower bound) and `model_choice` (the forecast of the model giving the lowest output).
    pub low_setting: f64,
    /// The high setting: the input's p90; methane, million m3, for `trend` and
    /// `model_choice`.
    pub high_setting: f64,
    /// The output at the low setting, the others at their medians.
    pub output_at_low: f64,
    /// The output at the high setting, the others at their medians.
    pub output_at_high: f64,
    /// |output_at_high − output_at_low|.
    pub swing: f64,
    /// Whether the input cannot vary (a fixed value, a value the scenario leaves out, or a
    /// fixed model); such bars have zero swing and come last.
    pub fixed: bool,
}

impl TornadoBar {
    /// What the low and high settings are, in words, such as `p10, p90 of triangular(min
    /// 0.33, mode 0.38, max 0.42)`.
    pub fn describe(&self) -> String {
        match &self.source {
            BarSource::Input {
                distribution: None,
                key: InputKey::PlanAdherence,
                ..
            } => "not in the scenario: 1 (drainage as forecast)".into(),
            BarSource::Input {
                distribution: None, ..
            } => "not in the scenario: the plant's value".into(),
            BarSource::Input {
                distribution: Some(DistributionSpec::Fixed { value }),
                ..
            } => format!("fixed at {value}"),
            BarSource::Input {
                distribution: Some(spec),
                per_year,
                ..
            } => format!(
                "p10, p90 of {}{}",
                spec.describe(),
                if *per_year { ", drawn yearly" } else { "" }
            ),
            BarSource::Trend { model } => {
                format!("{model}'s 80 % prediction interval, million m3")
            }
            BarSource::ModelChoice { models, .. } if models.len() == 1 => format!(
                "one model ({}): its point forecast, million m3",
                models[0].model
            ),
            BarSource::ModelChoice {
                low_model,
                high_model,
                models,
            } => {
                let weight = |name: &str| {
                    models
                        .iter()
                        .find(|m| m.model == name)
                        .map_or(f64::NAN, |m| m.weight)
                };
                format!(
                    "point forecasts, million m3: {low_model} (weight {:.3}) to {high_model} (weight {:.3})",
                    weight(low_model),
                    weight(high_model)
                )
            }
        }
    }
}

/// The base case: every input at its median, methane at the base model's point forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBase {
    /// The base model: the highest Akaike weight, or the fixed model.
    pub model: &'static str,
    /// Its point forecast for the year, million m3.
    pub methane_point_mm3: f64,
    /// Its 80 % prediction interval for the year (p10, p90), million m3.
    pub methane_p10_p90_mm3: (f64, f64),
    /// Plan adherence at its median.
    pub plan_adherence: f64,
    /// The operating values at their medians.
    pub values: OperatingValues,
    /// The energy chain of the base case.
    pub energy: YearEnergy,
    /// The output of the base case.
    pub value: f64,
}

/// A site's tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// The site.
    pub site: String,
    /// The forecast years (the year ranked is one of them).
    pub years: Vec<i32>,
    /// The year ranked.
    pub year: i32,
    /// The output ranked by.
    pub output: TornadoOutput,
    /// The base case.
    pub base: TornadoBase,
    /// The bars, largest swing first; fixed inputs last.
    pub bars: Vec<TornadoBar>,
}

/// The tornado of one site: the base case, then one bar per input (every scenario key, the
/// trend and the model choice), ranked by swing.
///
/// ```
/// use cmmcast_data::{Dataset, Scenario};
/// use cmmcast_forecast::energy::Plant;
/// use cmmcast_forecast::sim::{TornadoSettings, UncertainInputs, tornado_site};
/// let data = Dataset::songzao();
/// let plant = Plant::builder().capacity_mw(26.9).build()?;
/// let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
/// let tornado = tornado_site(data.site(None)?, &plant, &inputs, &TornadoSettings::default())?;
/// assert_eq!(tornado.year, 2030);
/// // The 26.9 MW plant is short of capacity, so availability moves electricity the most.
/// assert_eq!(tornado.bars[0].input, "availability");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tornado_site(
    site: &Site,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &TornadoSettings,
) -> Result<Tornado, ForecastError> {
    let input = input_for(site, SeriesKind::Methane)?;
    let years = forecast_years(&input, settings.to)?;
    let to = years.last().copied().unwrap_or_default();
    let first = years[0];
    let year = settings.year.unwrap_or(to);
    if !years.contains(&year) {
        return Err(ForecastError::BadSimulation(format!(
            "the tornado year {year} is not a forecast year; give --tornado-year from {first} to {to} (the years after the data, up to --to)"
        )));
    }

    // The models: the fixed one, or every model with an Akaike weight (as the simulation's
    // paths pick them), the highest weight first in line for the base.
    let (fits, weights, base_index): (Vec<Box<dyn FittedTrend>>, Vec<f64>, usize) = match settings
        .model
        .model(settings.ceiling)?
    {
        Some(model) => (vec![model.fit(&input)?], vec![1.0], 0),
        None => {
            let comparison = Comparison::run(&input, &menu(settings.ceiling)?);
            let best = (comparison.picked_by == PickedBy::Aicc)
                .then_some(comparison.best)
                .flatten();
            let mut fits = Vec::new();
            let mut weights = Vec::new();
            let mut base_index = None;
            for (i, candidate) in comparison.candidates.into_iter().enumerate() {
                let weight = candidate.stats.as_ref().and_then(|s| s.weight);
                if let (Ok(fit), Some(w)) = (candidate.outcome, weight)
                    && w > 0.0
                {
                    if Some(i) == best {
                        base_index = Some(fits.len());
                    }
                    fits.push(fit);
                    weights.push(w);
                }
            }
            let Some(base_index) = base_index else {
                return Err(ForecastError::NothingFits(
                        "no model has an Akaike weight, so there is no base model for the tornado; fix a model with --model".into(),
                    ));
            };
            (fits, weights, base_index)
        }
    };
    let total: f64 = weights.iter().sum();
    let level = Level::percent(TORNADO_TREND_LEVEL)?;
    // Each model's point forecast for the year; the base model's 80 % interval.
    let mut points = Vec::with_capacity(fits.len());
    let mut interval = (f64::NAN, f64::NAN);
    for (i, fit) in fits.iter().enumerate() {
        let forecast = fit.forecast(&[year], &[level]);
        let point = forecast.point[0];
        let bounds = (
            forecast.intervals[0].lower[0],
            forecast.intervals[0].upper[0],
        );
        if !(point.is_finite() && bounds.0.is_finite() && bounds.1.is_finite()) {
            return Err(ForecastError::ForecastOverflow {
                model: fit.name(),
                year,
            });
        }
        if i == base_index {
            interval = bounds;
        }
        points.push(point);
    }

    // The base case: every input at its median.
    let entry = |key: InputKey| {
        inputs
            .entries()
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|&(_, sampler, per_year)| (sampler, per_year))
    };
    let mut base_values = plant.operating();
    let mut base_adherence = 1.0;
    for (key, _) in InputKey::ALL {
        if let Some((sampler, _)) = entry(key) {
            set(
                &mut base_values,
                &mut base_adherence,
                key,
                sampler.quantile(TORNADO_BASE),
            );
        }
    }
    let output = settings.output;
    let energy = |values: &OperatingValues, methane: f64, adherence: f64| {
        let factors = EnergyFactors::with_values(plant, values);
        // Drainage cannot be negative (a linear trend's lower bound far out can be).
        project_year_with(
            plant,
            values,
            &factors,
            year,
            (methane * adherence).max(0.0),
        )
    };
    let base_methane = points[base_index];
    let base_energy = energy(&base_values, base_methane, base_adherence);
    let base_value = output.of(&base_energy);

    let mut bars = Vec::with_capacity(InputKey::ALL.len() + 2);
    for (key, name) in InputKey::ALL {
        let found = entry(key);
        let (low, high) = match found {
            Some((sampler, _)) => (
                sampler.quantile(TORNADO_LOW),
                sampler.quantile(TORNADO_HIGH),
            ),
            None => {
                let value = get(&base_values, base_adherence, key);
                (value, value)
            }
        };
        let at = |setting: f64| {
            let (mut values, mut adherence) = (base_values, base_adherence);
            set(&mut values, &mut adherence, key, setting);
            output.of(&energy(&values, base_methane, adherence))
        };
        let fixed = found.is_none_or(|(sampler, _)| sampler.is_fixed());
        bars.push(bar(
            name.to_string(),
            BarSource::Input {
                key,
                distribution: found.map(|(sampler, _)| sampler.spec()),
                per_year: found.is_some_and(|(_, per_year)| per_year),
            },
            (low, high),
            (at(low), at(high)),
            fixed,
        ));
    }

    let trend_at = |methane: f64| output.of(&energy(&base_values, methane, base_adherence));
    bars.push(bar(
        "trend".into(),
        BarSource::Trend {
            model: fits[base_index].name(),
        },
        interval,
        (trend_at(interval.0), trend_at(interval.1)),
        false,
    ));

    let models: Vec<ModelPoint> = fits
        .iter()
        .zip(&weights)
        .zip(&points)
        .map(|((fit, &weight), &methane_mm3)| ModelPoint {
            model: fit.name(),
            weight: weight / total,
            methane_mm3,
            output: trend_at(methane_mm3),
        })
        .collect();
    // Lowest and highest output; on ties, the lowest and highest forecast.
    let order = |a: &&ModelPoint, b: &&ModelPoint| {
        a.output
            .total_cmp(&b.output)
            .then(a.methane_mm3.total_cmp(&b.methane_mm3))
    };
    let low = models.iter().min_by(order).cloned();
    let high = models.iter().max_by(order).cloned();
    if let (Some(low), Some(high)) = (low, high) {
        let fixed = models.len() == 1;
        bars.push(bar(
            "model_choice".into(),
            BarSource::ModelChoice {
                low_model: low.model,
                high_model: high.model,
                models,
            },
            (low.methane_mm3, high.methane_mm3),
            (low.output, high.output),
            fixed,
        ));
    }

    // Largest swing first; among equal swings, inputs that vary before fixed ones; otherwise
    // the order above (stable sort).
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.fixed.cmp(&b.fixed)));

    Ok(Tornado {
        site: site.name().to_string(),
        years,
        year,
        output,
        base: TornadoBase {
            model: fits[base_index].name(),
            methane_point_mm3: base_methane,
            methane_p10_p90_mm3: interval,
            plan_adherence: base_adherence,
            values: base_values,
            energy: base_energy,
            value: base_value,
        },
        bars,
    })
}

fn bar(
    input: String,
    source: BarSource,
    (low_setting, high_setting): (f64, f64),
    (output_at_low, output_at_high): (f64, f64),
    fixed: bool,
) -> TornadoBar {
    TornadoBar {
        input,
        source,
        low_setting,
        high_setting,
        output_at_low,
        output_at_high,
        swing: swing(output_at_low, output_at_high),
        fixed,
    }
}

/// |high − low|, with differences at the level of rounding snapped to zero: a plant short of
/// capacity makes the same electricity at any efficiency, but computed through two
/// efficiencies the results can differ in the last bit, which is no sensitivity.
fn swing(low: f64, high: f64) -> f64 {
    let swing = (high - low).abs();
    if swing <= 1e-12 * low.abs().max(high.abs()) {
        0.0
    } else {
        swing
    }
}

/// Sets one input (plan adherence is not an operating value).
fn set(values: &mut OperatingValues, adherence: &mut f64, key: InputKey, value: f64) {
    match key {
        InputKey::Efficiency => values.efficiency = value,
        InputKey::Availability => values.availability = value,
        InputKey::ShareToPower => values.share_to_power = value,
        InputKey::ParasiticFraction => values.parasitic_fraction = value,
        InputKey::GasConcentration => values.gas_concentration = value,
        InputKey::MinConcentration => values.min_concentration = value,
        InputKey::DestructionEfficiency => values.destruction_efficiency = value,
        InputKey::PlanAdherence => *adherence = value,
    }
}

/// Reads one input.
fn get(values: &OperatingValues, adherence: f64, key: InputKey) -> f64 {
    match key {
        InputKey::Efficiency => values.efficiency,
        InputKey::Availability => values.availability,
        InputKey::ShareToPower => values.share_to_power,
        InputKey::ParasiticFraction => values.parasitic_fraction,
        InputKey::GasConcentration => values.gas_concentration,
        InputKey::MinConcentration => values.min_concentration,
        InputKey::DestructionEfficiency => values.destruction_efficiency,
        InputKey::PlanAdherence => adherence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmmcast_data::{Dataset, Scenario, UncertainInput};

    /// Methane at 20 °C (ISO 6976:2016): LHV 33.43 MJ/m3.
    const LHV: f64 = 33.43;

    /// A scenario with the given inputs (drawn once per path).
    fn scenario(inputs: &[(&str, DistributionSpec)]) -> UncertainInputs {
        UncertainInputs::from_scenario(&Scenario {
            name: "test".into(),
            description: String::new(),
            origin: "test".into(),
            inputs: inputs
                .iter()
                .map(|&(key, spec)| {
                    (
                        key.to_string(),
                        UncertainInput {
                            spec,
                            per_year: false,
                        },
                    )
                })
                .collect(),
        })
    }

    fn songzao_tornado(
        plant: &Plant,
        inputs: &UncertainInputs,
        settings: &TornadoSettings,
    ) -> Tornado {
        let data = Dataset::songzao();
        let site = data.site(None).expect("the embedded site");
        tornado_site(site, plant, inputs, settings).expect("a tornado")
    }

    fn find<'a>(tornado: &'a Tornado, input: &str) -> &'a TornadoBar {
        tornado
            .bars
            .iter()
            .find(|b| b.input == input)
            .expect("every input has a bar")
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1.0)
    }

    /// The capacity-limited case by hand: Songzao's 26.9 MW plant, efficiency
    /// triangular(0.33, 0.38, 0.42), availability uniform(0.80, 0.95), plan adherence
    /// uniform(0.8, 1.2). The 2030 forecast (922 million m3 for exponential, 593 for
    /// linear) is far above what the plant burns (~ 60 million m3), so in every setting
    /// burnt = demand = C x availability x 8760 / k and electricity = C x availability x 8760.
    ///
    /// - Efficiency: electricity does not depend on it (burnt adjusts): swing 0.
    /// - Availability: p10 = 0.80 + 0.15 x 0.1 = 0.815, p90 = 0.80 + 0.15 x 0.9 = 0.935;
    ///   swing = 26.9 MW x 8760 h x (0.935 − 0.815) / 1000 = 26.9 x 8760 x 0.12 / 1000 =
    ///   28.27728 GWh. Base (median 0.875): 26.9 x 8760 x 0.875 / 1000 = 206.1885 GWh.
    /// - Plan adherence, trend and model choice only move the gas, which stays above the
    ///   demand: swing 0.
    /// - The fixed inputs (share, parasitic, concentrations, destruction) have swing 0.
    #[test]
    fn capacity_limited_electricity_matches_the_hand_calculation() {
        let plant = Plant::builder().capacity_mw(26.9).build().expect("a plant");
        let inputs = scenario(&[
            (
                "efficiency",
                DistributionSpec::Triangular {
                    min: 0.33,
                    mode: 0.38,
                    max: 0.42,
                },
            ),
            (
                "availability",
                DistributionSpec::Uniform {
                    min: 0.80,
                    max: 0.95,
                },
            ),
            (
                "plan_adherence",
                DistributionSpec::Uniform { min: 0.8, max: 1.2 },
            ),
        ]);
        let tornado = songzao_tornado(&plant, &inputs, &TornadoSettings::default());
        assert_eq!(tornado.year, 2030);
        assert_eq!(tornado.years.first(), Some(&2017));
        assert!(close(tornado.base.value, 206.1885, 1e-12));
        assert!(close(tornado.base.plan_adherence, 1.0, 1e-15));

        let availability = &tornado.bars[0];
        assert_eq!(availability.input, "availability");
        assert!(close(availability.low_setting, 0.815, 1e-12));
        assert!(close(availability.high_setting, 0.935, 1e-12));
        assert!(close(
            availability.output_at_low,
            26.9 * 8760.0 * 0.815 / 1000.0,
            1e-12
        ));
        assert!(close(availability.swing, 28.27728, 1e-12));
        for bar in &tornado.bars[1..] {
            assert!(
                bar.swing == 0.0,
                "{} swings {} GWh though the plant is short of capacity",
                bar.input,
                bar.swing
            );
        }
        // Every input has a bar: the eight scenario keys, the trend and the model choice.
        assert_eq!(tornado.bars.len(), 10);
        // Fixed inputs come after every input that varies.
        let first_fixed = tornado.bars.iter().position(|b| b.fixed).expect("fixed");
        assert!(tornado.bars[first_fixed..].iter().all(|b| b.fixed));
        assert!(
            tornado.bars[..first_fixed]
                .iter()
                .any(|b| b.input == "trend")
        );
    }

    /// Burnt gas in the same plant depends on efficiency: burnt = C x availability x 8760 x
    /// 3600 / (efficiency x LHV x 10⁶) million m3. Triangular(0.33, 0.38, 0.42) has its mode
    /// at F = (0.38 − 0.33)/0.09 = 0.5556 of the mass, so
    /// p10 = 0.33 + √(0.1 x 0.09 x 0.05) = 0.33 + √0.00045 = 0.3512132,
    /// p90 = 0.42 − √(0.1 x 0.09 x 0.04) = 0.42 − √0.00036 = 0.4010263.
    /// With availability fixed at 0.9 (no scenario entry), 26.9 x 0.9 x 8760 x 3600 / 33.43 /
    /// 10⁶ = 22.838366 million m3 at efficiency 1; burnt = 65.02707 at p10 and 56.94979 at p90,
    /// swing 8.07728 million m3. The lower efficiency burns more: output_at_low > output_at_high.
    #[test]
    fn efficiency_moves_burnt_gas_inversely() {
        let plant = Plant::builder().capacity_mw(26.9).build().expect("a plant");
        let inputs = scenario(&[(
            "efficiency",
            DistributionSpec::Triangular {
                min: 0.33,
                mode: 0.38,
                max: 0.42,
            },
        )]);
        let tornado = songzao_tornado(
            &plant,
            &inputs,
            &TornadoSettings {
                output: TornadoOutput::BurntMm3,
                ..TornadoSettings::default()
            },
        );
        let p10 = 0.33 + 0.000_45_f64.sqrt();
        let p90 = 0.42 - 0.000_36_f64.sqrt();
        let at_one = 26.9 * 0.9 * 8760.0 * 3600.0 / LHV / 1e6;
        let bar = &tornado.bars[0];
        assert_eq!(bar.input, "efficiency");
        assert!(close(bar.low_setting, p10, 1e-12) && close(bar.high_setting, p90, 1e-12));
        assert!(close(bar.output_at_low, at_one / p10, 1e-12));
        assert!(close(bar.output_at_high, at_one / p90, 1e-12));
        assert!(close(bar.swing, at_one / p10 - at_one / p90, 1e-12));
        assert!(close(at_one, 22.838_366, 1e-7) && close(bar.swing, 8.077_28, 1e-6));
        assert!(bar.output_at_low > bar.output_at_high);
    }

    /// Drained methane (no plant involved) in 2025 with the model choice: the Songzao plan's
    /// linear trend gives 220.592 + 20.679 x 13 = 489.419 and the exponential
    /// exp(5.403774 + 0.079062 x 13) = 621.1546 million m3 (docs/METHODS.md, 7.1). Auto's base is
    /// exponential (weight 0.983); the model-choice bar spans linear (low) to exponential
    /// (high), and the trend bar is exponential's 80 % interval around its point. Plan adherence
    /// lognormal(1, 0.1): p10 = exp(−0.1 x 1.2815516) = 0.879717, p90 = 1.136729; the
    /// methane swings 621.1546 x (1.136729 − 0.879717). The parameters are given to six
    /// decimals, so the exponential forecast is checked to a relative 2e-5.
    #[test]
    fn methane_bars_match_the_model_forecasts() {
        let plant = Plant::builder().capacity_mw(26.9).build().expect("a plant");
        let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
        let tornado = songzao_tornado(
            &plant,
            &inputs,
            &TornadoSettings {
                year: Some(2025),
                output: TornadoOutput::MethaneMm3,
                ..TornadoSettings::default()
            },
        );
        assert_eq!(tornado.base.model, "exponential");
        assert!(close(tornado.base.value, 621.1546, 2e-5));
        let models = find(&tornado, "model_choice");
        match &models.source {
            BarSource::ModelChoice {
                low_model,
                high_model,
                models,
            } => {
                assert_eq!((*low_model, *high_model), ("linear", "exponential"));
                assert_eq!(models.len(), 2);
            }
            other => panic!("not a model-choice bar: {other:?}"),
        }
        assert!(close(models.output_at_low, 489.419, 1e-7));
        assert!(close(models.output_at_high, 621.1546, 2e-5));
        let trend = find(&tornado, "trend");
        assert!(
            trend.output_at_low < tornado.base.value && trend.output_at_high > tornado.base.value
        );
        assert_eq!(
            (trend.output_at_low, trend.output_at_high),
            tornado.base.methane_p10_p90_mm3
        );
        let adherence = find(&tornado, "plan_adherence");
        assert!(close(adherence.low_setting, 0.879_717, 1e-6));
        assert!(close(adherence.high_setting, 1.136_729, 1e-6));
        assert!(close(
            adherence.swing,
            tornado.base.value * (adherence.high_setting - adherence.low_setting),
            1e-12
        ));
        // Operating values do not move the drained methane.
        assert!(find(&tornado, "efficiency").swing == 0.0);
        // Sorted by swing, largest first.
        assert!(tornado.bars.windows(2).all(|w| w[0].swing >= w[1].swing));
    }

    /// A fixed model makes the model choice fixed: one model, zero swing, listed last.
    #[test]
    fn a_fixed_model_leaves_the_model_choice_fixed() {
        let plant = Plant::builder()
            .capacity_mw(1000.0)
            .build()
            .expect("a plant");
        let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
        let tornado = songzao_tornado(
            &plant,
            &inputs,
            &TornadoSettings {
                model: ModelChoice::Linear,
                ..TornadoSettings::default()
            },
        );
        assert_eq!(tornado.base.model, "linear");
        let models = find(&tornado, "model_choice");
        assert!(models.fixed && models.swing == 0.0);
        // With 1000 MW the plant burns all the gas: electricity follows the trend.
        assert!(find(&tornado, "trend").swing > 0.0);
        assert!(tornado.bars.last().is_some_and(|b| b.fixed));
    }

    /// A year outside the forecast is refused with the range.
    #[test]
    fn a_year_outside_the_forecast_is_refused() {
        let data = Dataset::songzao();
        let site = data.site(None).expect("the embedded site");
        let plant = Plant::builder().capacity_mw(26.9).build().expect("a plant");
        for year in [2016, 2031] {
            let error = tornado_site(
                site,
                &plant,
                &UncertainInputs::default(),
                &TornadoSettings {
                    year: Some(year),
                    ..TornadoSettings::default()
                },
            )
            .expect_err("refused");
            let text = error.to_string();
            assert!(
                text.contains(&format!("{year} is not a forecast year"))
                    && text.contains("from 2017 to 2030"),
                "{text}"
            );
        }
    }
}

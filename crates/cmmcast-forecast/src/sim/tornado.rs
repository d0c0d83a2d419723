//! Sensitivity ranking (a tornado): one input at a time between its p10 and p90, the others at
//! their medians, through the energy chain for one forecast year; the trend's 80 % prediction
//! interval and the choice of model each count as one input. Deterministic: no paths are drawn.
//! Rule and hand calculation: docs/METHODS.md, "Tornado".

use serde::Serialize;

use cmmcast_data::DistributionSpec;

use crate::choice::ModelSelection;
use crate::economics::EconomicKey;
use crate::energy::{EnergyFactors, Plant, Quantity, YearEnergy, drainage_mm3, project_year_with};
use crate::error::{ForecastError, YearPurpose};
use crate::level::Level;
use crate::sim::{DrawnInputs, InputKey, UncertainInputs};

/// Probability of the low setting of every bar (the 10th percentile).
pub const TORNADO_LOW: f64 = 0.1;
/// Probability of the base case (the median).
pub const TORNADO_BASE: f64 = 0.5;
/// Probability of the high setting of every bar (the 90th percentile).
pub const TORNADO_HIGH: f64 = 0.9;
/// Level of the trend's prediction interval whose bounds are its p10 and p90.
pub const TORNADO_TREND_LEVEL: f64 = 80.0;

/// The rule, in one sentence, for output `meta`.
pub const TORNADO_RULE: &str = "one at a time between each input's p10 and p90, the others at their medians; the trend as one input (the base model's 80 % interval, calibrated for the default damped trend and the model's own prediction interval otherwise, whose bounds are its p10 and p90); the model choice as one input (the p10 and p90 of the models' outputs weighted by the probability a simulated path picks each, its Akaike weight, so a model paths rarely pick cannot set an end); ranked by swing = |output at high - output at low|, largest first; fixed inputs have zero swing and are listed last";

/// What a tornado computes.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoSettings {
    /// The year ranked; `None` for the last forecast year. Must be a forecast year.
    pub year: Option<i32>,
    /// The output ranked by.
    pub output: Quantity,
}

impl Default for TornadoSettings {
    /// The last forecast year, electricity.
    fn default() -> Self {
        TornadoSettings {
            year: None,
            output: Quantity::ElectricityGwh,
        }
    }
}

/// One model's part in the model-choice bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelPoint {
    /// The model.
    pub model: &'static str,
    /// The probability a simulated path picks it (its Akaike weight; 1 for a fixed model).
    pub weight: f64,
    /// Its point forecast for the year, million m3; in the NPV tornado (`whole_life`), the
    /// total of its point forecasts over the operating years.
    pub methane_mm3: f64,
    /// The output with that forecast and every other input at its median (in the NPV tornado,
    /// the NPV of its point-forecast path).
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
        /// The NPV tornado's bar: the interval's lower bound in every operating year, then its
        /// upper bound in every year, so the settings are totals over the years. This moves all
        /// years together, a co-monotone bound: it overstates the spread a single year has
        /// around its neighbours, but a whole-life valuation needs a whole path, and a plan that
        /// undershoots tends to undershoot for years. Left out of the output when false, so the
        /// one-year tornado's output is unchanged.
        #[serde(skip_serializing_if = "is_false")]
        whole_life: bool,
    },
    /// The models paths pick from, weighted: the p10 and p90 of their outputs.
    ModelChoice {
        /// The model at the p10 of the weighted outputs (ordered by output, then forecast).
        low_model: &'static str,
        /// The model at the p90 of the weighted outputs.
        high_model: &'static str,
        /// Every model paths pick from, in menu order.
        models: Vec<ModelPoint>,
        /// The NPV tornado's bar: each model's whole point-forecast path, ranked by its NPV;
        /// the settings are totals over the operating years. Left out of the output when false.
        #[serde(skip_serializing_if = "is_false")]
        whole_life: bool,
    },
    /// An economic value (the NPV tornado only), between its p10 and p90 when the scenario
    /// draws it.
    Economic {
        /// The value.
        key: EconomicKey,
        /// The distribution the simulation draws it from (once per path); `None` when nothing
        /// draws it (not in the scenario, or fixed by a given value), so it holds at its
        /// central value.
        distribution: Option<DistributionSpec>,
    },
}

/// For `skip_serializing_if`: serde passes a reference.
fn is_false(value: &bool) -> bool {
    !*value
}

/// One bar of a tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input: a scenario key (`efficiency`, ..., `plan_adherence`), `trend`,
    /// `model_choice`, or (in the NPV tornado) an economic key (`capex_per_kw`, ...).
    pub input: String,
    /// What the bar varies.
    pub source: BarSource,
    /// The low setting: the input's p10; methane, million m3, for `trend` (the interval's
    /// lower bound) and `model_choice` (the forecast of the model giving the lowest output),
    /// totals over the operating years in the NPV tornado; an economic value in its own unit.
    pub low_setting: f64,
    /// The high setting: the input's p90; methane, million m3, for `trend` and
    /// `model_choice` (totals over the operating years in the NPV tornado).
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
            BarSource::Economic {
                distribution: None, ..
            } => format!("not drawn: fixed at the central value {}", self.low_setting),
            BarSource::Economic {
                distribution: Some(spec),
                ..
            } => format!("p10, p90 of {}, drawn once per path", spec.describe()),
            BarSource::Trend {
                model,
                whole_life: false,
            } => {
                format!("{model}'s 80 % interval (its p10 and p90), million m3")
            }
            BarSource::Trend {
                model,
                whole_life: true,
            } => format!(
                "{model}'s 80 % interval, its lower bound in every operating year, then its upper bound in every year (all years together); methane over the years, million m3"
            ),
            BarSource::ModelChoice {
                models, whole_life, ..
            } if models.len() == 1 => format!(
                "one model ({}): its point forecast{}, million m3",
                models[0].model,
                if *whole_life {
                    " over the operating years"
                } else {
                    ""
                }
            ),
            BarSource::ModelChoice {
                low_model,
                high_model,
                models,
                whole_life,
            } => {
                let weight = |name: &str| {
                    models
                        .iter()
                        .find(|m| m.model == name)
                        .map_or(f64::NAN, |m| m.weight)
                };
                let outside: Vec<String> = models
                    .iter()
                    .filter(|m| m.model != *low_model && m.model != *high_model)
                    .map(|m| format!("{} {:.3}", m.model, m.weight))
                    .collect();
                let ends = if low_model == high_model {
                    format!("{low_model} (weight {:.3}) at both", weight(low_model))
                } else {
                    format!(
                        "{low_model} (weight {:.3}) to {high_model} (weight {:.3})",
                        weight(low_model),
                        weight(high_model)
                    )
                };
                let rest = if outside.is_empty() {
                    String::new()
                } else {
                    format!("; outside: {}", outside.join(", "))
                };
                if *whole_life {
                    format!(
                        "p10, p90 of the weighted models' NPVs, each over its point-forecast path; methane over the years, million m3: {ends}{rest}"
                    )
                } else {
                    format!(
                        "p10, p90 of the weighted models' point forecasts, million m3: {ends}{rest}"
                    )
                }
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
    pub values: crate::energy::OperatingValues,
    /// The energy chain of the base case.
    pub energy: YearEnergy,
    /// The output of the base case.
    pub value: f64,
}

/// A site's tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// The forecast years (the year ranked is one of them).
    pub years: Vec<i32>,
    /// The year ranked.
    pub year: i32,
    /// The output ranked by.
    pub output: Quantity,
    /// The base case.
    pub base: TornadoBase,
    /// The bars, largest swing first; fixed inputs last.
    pub bars: Vec<TornadoBar>,
}

/// The trend's part of a tornado, for its year: the models paths pick, each with its weight
/// and point forecast, and the base model with its 80 % interval (the trend bar's ends).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoints {
    /// Each model's name, weight and point forecast for the year, million m3.
    pub models: Vec<(&'static str, f64, f64)>,
    /// The index of the base model in `models`.
    pub base: usize,
    /// The base model's 80 % interval for the year, million m3.
    pub interval: (f64, f64),
}

/// The year a tornado ranks: the settings' year, or the last forecast year; a year outside
/// `years` is refused.
pub(crate) fn tornado_year(
    years: &[i32],
    settings: &TornadoSettings,
) -> Result<i32, ForecastError> {
    let first = years.first().copied().unwrap_or_default();
    let last = years.last().copied().unwrap_or_default();
    let year = settings.year.unwrap_or(last);
    if !years.contains(&year) {
        return Err(ForecastError::NotAForecastYear {
            purpose: YearPurpose::Tornado,
            year,
            first,
            last,
        });
    }
    Ok(year)
}

/// The tornado of the models `selection` lets paths pick, over the forecast `years`: the base
/// case, then one bar per input (every scenario key, the trend and the model choice), ranked by
/// swing. [`crate::study::Study::tornado`] is the usual way in.
pub fn tornado(
    selection: &ModelSelection,
    years: &[i32],
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &TornadoSettings,
) -> Result<Tornado, ForecastError> {
    let year = tornado_year(years, settings)?;
    let level = Level::percent(TORNADO_TREND_LEVEL)?;
    let base_index = selection.chosen_index();
    // Each weighted model's point forecast for the year; the base model's 80 % interval.
    let mut models = Vec::with_capacity(selection.weighted().len());
    let mut interval = (f64::NAN, f64::NAN);
    for (i, weighted) in selection.weighted().iter().enumerate() {
        let forecast = weighted.fit.forecast(&[year], &[level]);
        let point = forecast.point[0];
        let bounds = (
            forecast.intervals[0].lower[0],
            forecast.intervals[0].upper[0],
        );
        if !(point.is_finite() && bounds.0.is_finite() && bounds.1.is_finite()) {
            return Err(ForecastError::ForecastOverflow {
                model: weighted.fit.name(),
                year,
            });
        }
        if i == base_index {
            interval = bounds;
        }
        models.push((weighted.fit.name(), weighted.weight, point));
    }
    let trend = TrendPoints {
        models,
        base: base_index,
        interval,
    };
    tornado_with(&trend, years, plant, inputs, settings)
}

/// [`tornado`] with the trend's part given: for a plant fed by several mines, the plant's
/// combined forecast as one model.
pub fn tornado_with(
    trend: &TrendPoints,
    years: &[i32],
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &TornadoSettings,
) -> Result<Tornado, ForecastError> {
    let year = tornado_year(years, settings)?;
    let base_index = trend.base;
    let interval = trend.interval;
    let points: Vec<f64> = trend.models.iter().map(|m| m.2).collect();

    // The base case: every input at its median.
    let base = inputs.at_quantile(DrawnInputs::of(plant.operating), TORNADO_BASE);
    let output = settings.output;
    let energy = |inputs: &DrawnInputs, methane: f64| {
        let factors = EnergyFactors::with_values(plant, &inputs.values);
        project_year_with(
            plant,
            &inputs.values,
            &factors,
            year,
            drainage_mm3(methane * inputs.adherence),
        )
    };
    let base_methane = points[base_index];
    let base_energy = energy(&base, base_methane);
    let base_value = output.of(&base_energy);

    let mut bars = Vec::with_capacity(InputKey::ALL.len() + 2);
    for key in InputKey::ALL {
        let found = inputs.entry(key);
        let (low, high) = match found {
            Some(entry) => (
                entry.sampler.quantile(TORNADO_LOW),
                entry.sampler.quantile(TORNADO_HIGH),
            ),
            None => (base.get(key), base.get(key)),
        };
        let at = |setting: f64| {
            let mut inputs = base;
            inputs.set(key, setting);
            output.of(&energy(&inputs, base_methane))
        };
        let fixed = found.is_none_or(|entry| entry.sampler.is_fixed());
        bars.push(bar(
            key.name().to_string(),
            BarSource::Input {
                key,
                distribution: found.map(|entry| entry.sampler.spec()),
                per_year: found.is_some_and(|entry| entry.per_year),
            },
            (low, high),
            (at(low), at(high)),
            fixed,
        ));
    }

    let trend_at = |methane: f64| output.of(&energy(&base, methane));
    let base_model = trend.models[base_index].0;
    bars.push(bar(
        "trend".into(),
        BarSource::Trend {
            model: base_model,
            whole_life: false,
        },
        interval,
        (trend_at(interval.0), trend_at(interval.1)),
        false,
    ));

    let models: Vec<ModelPoint> = trend
        .models
        .iter()
        .map(|&(model, weight, methane_mm3)| ModelPoint {
            model,
            weight,
            methane_mm3,
            output: trend_at(methane_mm3),
        })
        .collect();
    bars.extend(model_choice_bar(models, false));

    rank(&mut bars);

    Ok(Tornado {
        years: years.to_vec(),
        year,
        output,
        base: TornadoBase {
            model: base_model,
            methane_point_mm3: base_methane,
            methane_p10_p90_mm3: interval,
            plan_adherence: base.adherence,
            values: base.values,
            energy: base_energy,
            value: base_value,
        },
        bars,
    })
}

/// The model-choice bar: the weighted p10 and p90 of the models' outputs
/// ([`weighted_quantile`]), fixed when there is one model; `whole_life` when each model's
/// point is a path over every operating year (the NPV tornado). `None` without models.
pub(crate) fn model_choice_bar(models: Vec<ModelPoint>, whole_life: bool) -> Option<TornadoBar> {
    let low = weighted_quantile(&models, TORNADO_LOW)?.clone();
    let high = weighted_quantile(&models, TORNADO_HIGH)?.clone();
    let fixed = models.len() == 1;
    Some(bar(
        "model_choice".into(),
        BarSource::ModelChoice {
            low_model: low.model,
            high_model: high.model,
            models,
            whole_life,
        },
        (low.methane_mm3, high.methane_mm3),
        (low.output, high.output),
        fixed,
    ))
}

/// The model at probability `p` of the models' outputs weighted by the chance a path picks each:
/// ordered by output (then forecast), the first whose cumulative weight reaches `p` (the
/// inverse of the discrete distribution function).
pub(crate) fn weighted_quantile(models: &[ModelPoint], p: f64) -> Option<&ModelPoint> {
    let mut ordered: Vec<&ModelPoint> = models.iter().collect();
    ordered.sort_by(|a, b| {
        a.output
            .total_cmp(&b.output)
            .then(a.methane_mm3.total_cmp(&b.methane_mm3))
    });
    let mut cumulative = 0.0;
    for model in &ordered {
        cumulative += model.weight;
        // A hair of tolerance, so that weights summing to 1 - 1e-16 still reach p = 0.9.
        if cumulative >= p - 1e-12 {
            return Some(model);
        }
    }
    ordered.last().copied()
}

/// Largest swing first; among equal swings, inputs that vary before fixed ones; otherwise the
/// order the bars were built in (a stable sort), so both tornadoes rank the same way.
pub(crate) fn rank(bars: &mut [TornadoBar]) {
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.fixed.cmp(&b.fixed)));
}

pub(crate) fn bar(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(model: &'static str, weight: f64, output: f64) -> ModelPoint {
        ModelPoint {
            model,
            weight,
            methane_mm3: output,
            output,
        }
    }

    /// By hand: linear (output 489, weight 0.017) and exponential (621, weight 0.983). Ordered
    /// by output, the cumulative weights are 0.017 and 1.0: the first to reach 0.1 and the
    /// first to reach 0.9 are both exponential, so a model paths pick 1.7 % of the time sets
    /// neither end. With weights 0.3 and 0.7 the p10 is linear (0.3 ≥ 0.1) and the p90
    /// exponential.
    #[test]
    fn a_rarely_picked_model_sets_neither_end() {
        let models = [
            point("linear", 0.017, 489.0),
            point("exponential", 0.983, 621.0),
        ];
        assert_eq!(
            weighted_quantile(&models, 0.1).map(|m| m.model),
            Some("exponential")
        );
        assert_eq!(
            weighted_quantile(&models, 0.9).map(|m| m.model),
            Some("exponential")
        );
        let models = [
            point("linear", 0.3, 489.0),
            point("exponential", 0.7, 621.0),
        ];
        assert_eq!(
            weighted_quantile(&models, 0.1).map(|m| m.model),
            Some("linear")
        );
        assert_eq!(
            weighted_quantile(&models, 0.9).map(|m| m.model),
            Some("exponential")
        );
    }
}

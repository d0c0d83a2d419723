//! The NPV tornado: the inputs ranked by how far each alone moves the plant's net present value
//! over its whole life, prices and capex included. It is the one-year tornado's rule
//! ([`crate::sim::tornado`]) carried over every operating year and through the cash flows, so
//! the two read the same way; deterministic, no paths are drawn. Rule and hand calculation:
//! docs/METHODS.md, section 11.6, "The NPV tornado".

use serde::Serialize;

use crate::choice::ModelSelection;
use crate::economics::{EconomicKey, EconomicParams, OperatingYear, cash_flows};
use crate::energy::{EnergyFactors, Plant, drainage_mm3, project_year_with};
use crate::error::ForecastError;
use crate::level::Level;
use crate::sim::tornado::{bar, model_choice_bar, rank};
use crate::sim::{
    BarSource, DrawnInputs, InputKey, ModelPoint, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW,
    TORNADO_TREND_LEVEL, TornadoBar, UncertainInputs,
};
use crate::study::ResolvedEconomics;

/// The rule, in one sentence, for output `meta`.
pub const VALUE_TORNADO_RULE: &str = "NPV over the operating years, one input at a time between its p10 and p90, the others at the base case (every scenario input at its median, the base model's point forecast, every economic value at its central value); an operating value or plan adherence holds the same setting in every operating year; the trend as one input: the base model's 80 % interval, its lower bound in every operating year, then its upper bound in every year (a co-monotone bound, which overstates a single year's spread but is what a whole-life valuation needs); the model choice as one input (each weighted model's point-forecast path valued, then the p10 and p90 of those NPVs weighted by the probability a simulated path picks each model); each economic value the scenario draws between its p10 and p90, the others fixed at their central values; ranked by swing = |NPV at high - NPV at low|, largest first; fixed inputs have zero swing and are listed last";

/// A site's NPV tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueTornado {
    /// The operating years valued.
    pub years: Vec<i32>,
    /// The NPV of the base case: with symmetric distributions, the deterministic valuation's
    /// ([`crate::study::Study::value`]).
    pub base_npv: f64,
    /// The currency label of every money amount.
    pub currency: String,
    /// The bars, largest swing first; fixed inputs last. Trend and model-choice settings are
    /// methane totals over the operating years (million m3); economic settings are in the
    /// value's own unit.
    pub bars: Vec<TornadoBar>,
}

/// The NPV tornado of the models `selection` lets paths pick over the operating `years`, with
/// `plant`, the uncertain `inputs` and the resolved `economics`: one bar per scenario input, the
/// trend, the model choice and every economic value, ranked by swing.
/// [`crate::study::Study::value_tornado`] is the usual way in.
///
/// Refuses a forecast that overflows in an operating year and what the cash flows refuse (a
/// lifetime longer than `years`, a setting outside an economic value's range).
pub fn value_tornado(
    selection: &ModelSelection,
    years: &[i32],
    plant: &Plant,
    inputs: &UncertainInputs,
    economics: &ResolvedEconomics,
) -> Result<ValueTornado, ForecastError> {
    let level = Level::percent(TORNADO_TREND_LEVEL)?;
    let base_index = selection.chosen_index();
    // Each weighted model's point-forecast path; the base model's 80 % interval in every year.
    let mut paths = Vec::with_capacity(selection.weighted().len());
    let mut lower = Vec::new();
    let mut upper = Vec::new();
    for (i, weighted) in selection.weighted().iter().enumerate() {
        let forecast = weighted.fit.forecast(years, &[level]);
        let interval = &forecast.intervals[0];
        for (k, &year) in years.iter().enumerate() {
            let finite = forecast.point[k].is_finite()
                && interval.lower[k].is_finite()
                && interval.upper[k].is_finite();
            if !finite {
                return Err(ForecastError::ForecastOverflow {
                    model: weighted.fit.name(),
                    year,
                });
            }
        }
        if i == base_index {
            lower.clone_from(&interval.lower);
            upper.clone_from(&interval.upper);
        }
        paths.push(forecast.point);
    }

    let base = inputs.at_quantile(DrawnInputs::of(plant.operating), TORNADO_BASE);
    let central = &economics.params;
    // The NPV of one setting: every operating year through the chain with the same inputs,
    // then the cash flows (the same arithmetic as `Study::value`, so the base case agrees).
    let npv = |inputs: &DrawnInputs,
               methane: &[f64],
               params: &EconomicParams|
     -> Result<f64, ForecastError> {
        let factors = EnergyFactors::with_values(plant, &inputs.values);
        let operating: Vec<OperatingYear> = years
            .iter()
            .zip(methane)
            .map(|(&year, &methane)| {
                OperatingYear::from_energy(&project_year_with(
                    plant,
                    &inputs.values,
                    &factors,
                    year,
                    drainage_mm3(methane * inputs.adherence),
                ))
            })
            .collect();
        Ok(cash_flows(params, &operating)?.npv())
    };
    let base_path = &paths[base_index];
    let base_npv = npv(&base, base_path, central)?;

    let mut bars = Vec::with_capacity(InputKey::ALL.len() + 2 + EconomicKey::ALL.len());
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
            npv(&inputs, base_path, central)
        };
        bars.push(bar(
            key.name().to_string(),
            BarSource::Input {
                key,
                distribution: found.map(|entry| entry.sampler.spec()),
                per_year: found.is_some_and(|entry| entry.per_year),
            },
            (low, high),
            (at(low)?, at(high)?),
            found.is_none_or(|entry| entry.sampler.is_fixed()),
        ));
    }

    let total = |path: &[f64]| path.iter().sum::<f64>();
    let path_npv = |path: &[f64]| npv(&base, path, central);
    bars.push(bar(
        "trend".into(),
        BarSource::Trend {
            model: selection.chosen().name(),
            whole_life: true,
        },
        (total(&lower), total(&upper)),
        (path_npv(&lower)?, path_npv(&upper)?),
        false,
    ));

    let models = selection
        .weighted()
        .iter()
        .zip(&paths)
        .map(|(weighted, path)| {
            Ok(ModelPoint {
                model: weighted.fit.name(),
                weight: weighted.weight,
                methane_mm3: total(path),
                output: path_npv(path)?,
            })
        })
        .collect::<Result<Vec<ModelPoint>, ForecastError>>()?;
    bars.extend(model_choice_bar(models, true));

    for key in EconomicKey::ALL {
        let drawn = economics.uncertain.iter().find(|draw| draw.key == key);
        let (low, high) = match drawn {
            Some(draw) => (
                draw.sampler.quantile(TORNADO_LOW),
                draw.sampler.quantile(TORNADO_HIGH),
            ),
            None => (central.get(key), central.get(key)),
        };
        let at = |setting: f64| {
            let mut params = central.clone();
            params.set(key, setting);
            npv(&base, base_path, &params)
        };
        bars.push(bar(
            key.name().to_string(),
            BarSource::Economic {
                key,
                distribution: drawn.map(|draw| draw.sampler.spec()),
            },
            (low, high),
            (at(low)?, at(high)?),
            drawn.is_none(),
        ));
    }

    rank(&mut bars);
    Ok(ValueTornado {
        years: years.to_vec(),
        base_npv,
        currency: central.currency.clone(),
        bars,
    })
}

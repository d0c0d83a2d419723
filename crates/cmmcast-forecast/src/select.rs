//! Comparing models on one scale: AICc on the original scale, leave-one-out errors, Akaike
//! weights, and an `auto` choice that says why and does not hide near-ties.

use std::sync::Arc;

use serde::Serialize;

use crate::error::ForecastError;
use crate::ols::information;
use crate::trend::{FittedTrend, TrendInput, TrendModel};

/// Models within this many AICc units of the best are reported as near-ties (Burnham and
/// Anderson 2002: Δ < 2 means substantial support).
pub const NEAR_TIE_AICC: f64 = 2.0;

/// One model's row in a comparison.
#[derive(Debug)]
pub struct Candidate {
    /// The model's name.
    pub name: &'static str,
    /// The fit, or why the model refused the series. Shared, so that a
    /// [`ModelSelection`](crate::choice::ModelSelection) can hold the fits paths pick from
    /// beside the comparison that weighed them.
    pub outcome: Result<Arc<dyn FittedTrend>, ForecastError>,
    /// Statistics of a successful fit.
    pub stats: Option<FitStats>,
}

/// Comparison statistics of a fitted model, all on the original scale of the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitStats {
    /// R² on the original scale; `None` for a constant series.
    pub r2: Option<f64>,
    /// Log-likelihood on the original scale.
    pub log_likelihood: f64,
    /// Parameters counted by the criteria (coefficients plus error variance).
    pub k: usize,
    /// AICc; `None` when n ≤ k + 1, where it is undefined.
    pub aicc: Option<f64>,
    /// Root mean squared leave-one-out error.
    pub loo_rmse: Option<f64>,
    /// Mean absolute leave-one-out percentage error, per cent.
    pub loo_mape: Option<f64>,
    /// Akaike weight among the comparable models with an AICc.
    pub weight: Option<f64>,
    /// Whether the model takes part in the weights (see [`FittedTrend::comparable`]).
    pub comparable: bool,
}

/// All models fitted to one series, with weights and the automatic choice.
#[derive(Debug)]
pub struct Comparison {
    /// One entry per model, in menu order.
    pub candidates: Vec<Candidate>,
    /// Index of the model `auto` picks, if any.
    pub best: Option<usize>,
    /// Whether `best` was picked by AICc or, when no comparable model has one, by LOO RMSE.
    pub picked_by: PickedBy,
}

/// What `auto` went by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PickedBy {
    /// Lowest AICc (highest Akaike weight).
    Aicc,
    /// Lowest leave-one-out RMSE: the series is too short for any comparable model's AICc.
    LooRmse,
    /// Nothing could be picked.
    Nothing,
}

impl Comparison {
    /// Fits every model of `models` to `input` and compares them.
    ///
    /// ```
    /// use cmmcast_forecast::{select::Comparison, trend::{menu, SeriesKind, TrendInput}};
    /// let data = cmmcast_data::Dataset::songzao();
    /// let site = data.site(None)?;
    /// let input = TrendInput::from_series(&site.series, SeriesKind::Methane).unwrap();
    /// let comparison = Comparison::run(&input, &menu(None).unwrap());
    /// let best = comparison.best_fit().expect("some model fits");
    /// println!("auto picks {}: {}", best.name(), comparison.explain());
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn run(input: &TrendInput<'_>, models: &[Box<dyn TrendModel>]) -> Comparison {
        let mut candidates: Vec<Candidate> = models
            .iter()
            .map(|model| {
                let outcome = model.fit(input).map(Arc::from);
                let stats = outcome.as_ref().ok().map(|fit| stats(&**fit));
                Candidate {
                    name: model.name(),
                    outcome,
                    stats,
                }
            })
            .collect();
        let weights = akaike_weights(
            &candidates
                .iter()
                .map(|c| {
                    c.stats
                        .as_ref()
                        .filter(|s| s.comparable)
                        .and_then(|s| s.aicc)
                })
                .collect::<Vec<_>>(),
        );
        for (candidate, weight) in candidates.iter_mut().zip(&weights) {
            if let Some(stats) = &mut candidate.stats {
                stats.weight = *weight;
            }
        }
        let best = weights
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.map(|w| (i, w)))
            .fold(None, |best: Option<(usize, f64)>, (i, w)| match best {
                Some((_, bw)) if bw >= w => best,
                _ => Some((i, w)),
            })
            .map(|(i, _)| i);
        let (best, picked_by) = match best {
            Some(best) => (Some(best), PickedBy::Aicc),
            None => match lowest_loo_rmse(&candidates) {
                Some(best) => (Some(best), PickedBy::LooRmse),
                None => (None, PickedBy::Nothing),
            },
        };
        Comparison {
            candidates,
            best,
            picked_by,
        }
    }

    /// The fit `auto` picks.
    pub fn best_fit(&self) -> Option<&dyn FittedTrend> {
        let best = self.best?;
        self.candidates[best].outcome.as_ref().ok().map(|f| &**f)
    }

    /// The models within [`NEAR_TIE_AICC`] of the best (only when picked by AICc) (excluding the best), with their ΔAICc.
    pub fn near_ties(&self) -> Vec<(&'static str, f64)> {
        let Some(best_aicc) = self.best.and_then(|b| self.aicc_of(b)) else {
            return Vec::new();
        };
        if self.picked_by != PickedBy::Aicc {
            return Vec::new();
        }
        self.candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != self.best)
            .filter_map(|(i, c)| {
                let stats = c.stats.as_ref().filter(|s| s.comparable)?;
                let delta = stats.aicc? - best_aicc;
                (delta < NEAR_TIE_AICC || delta.is_nan())
                    .then_some((self.candidates[i].name, delta))
            })
            .collect()
    }

    fn aicc_of(&self, i: usize) -> Option<f64> {
        self.candidates[i].stats.as_ref()?.aicc
    }

    /// Why `auto` picked its model, in one or two sentences, naming near-ties.
    pub fn explain(&self) -> String {
        let Some(best) = self.best else {
            return "no comparable model could be fitted, so auto cannot choose; name a model \
                    instead of auto"
                .into();
        };
        if self.picked_by == PickedBy::LooRmse {
            return format!(
                "auto picked {}: the series is too short for any model's AICc, so it went by \
                 the lowest leave-one-out RMSE, which with so few years is weak evidence.",
                self.candidates[best].name
            );
        }
        let name = self.candidates[best].name;
        let weight = self.candidates[best]
            .stats
            .as_ref()
            .and_then(|s| s.weight)
            .unwrap_or(f64::NAN);
        let mut text = format!(
            "auto picked {name}: the lowest AICc among the comparable models (Akaike weight {weight:.2})"
        );
        let ties = self.near_ties();
        if ties.is_empty() {
            text.push_str("; no other model is within 2 AICc units.");
        } else {
            let listed: Vec<String> = ties
                .iter()
                .map(|(n, d)| {
                    // Two exact fits both have AICc −∞, and −∞ − (−∞) is NaN.
                    if d.is_nan() {
                        format!("{n} (also an exact fit)")
                    } else {
                        format!("{n} (ΔAICc {d:.2})")
                    }
                })
                .collect();
            text.push_str(&format!(
                "; but {} within 2 AICc units, so the data cannot tell them apart: compare \
                 their forecasts before relying on one.",
                if ties.len() == 1 {
                    format!("{} is", listed[0])
                } else {
                    format!("{} are", listed.join(", "))
                }
            ));
        }
        text
    }
}

/// The comparable model with the lowest leave-one-out RMSE.
fn lowest_loo_rmse(candidates: &[Candidate]) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let stats = c.stats.as_ref().filter(|s| s.comparable)?;
            Some((i, stats.loo_rmse.filter(|r| r.is_finite())?))
        })
        .fold(None, |best: Option<(usize, f64)>, (i, r)| match best {
            Some((_, br)) if br <= r => best,
            _ => Some((i, r)),
        })
        .map(|(i, _)| i)
}

/// Statistics of one fit, in one pass over the leave-one-out predictions.
fn stats(fit: &dyn FittedTrend) -> FitStats {
    let observed = fit.observed();
    let n = fit.n_likelihood_terms();
    let k = fit.n_information_parameters();
    let log_likelihood = fit.log_likelihood();
    let (mut squares, mut count, mut relative, mut relative_count) = (0.0, 0usize, 0.0, 0usize);
    for (prediction, &y) in fit.loo_predictions().into_iter().zip(observed) {
        let Some(prediction) = prediction else {
            continue;
        };
        let error = y - prediction;
        squares += error * error;
        count += 1;
        if y != 0.0 {
            relative += (error / y).abs();
            relative_count += 1;
        }
    }
    FitStats {
        r2: fit.r_squared(),
        log_likelihood,
        k,
        aicc: information::aicc(log_likelihood, k, n).filter(|a| !a.is_nan()),
        loo_rmse: (count > 0).then(|| (squares / count as f64).sqrt()),
        loo_mape: (relative_count > 0).then(|| 100.0 * relative / relative_count as f64),
        weight: None,
        comparable: fit.comparable(),
    }
}

/// Akaike weights exp(−Δᵢ/2) / Σ exp(−Δⱼ/2) over the models with an AICc.
///
/// A perfect fit has AICc −∞; the models with −∞ then share the weight equally and the
/// others get zero, so no weight is ever NaN.
pub fn akaike_weights(aicc: &[Option<f64>]) -> Vec<Option<f64>> {
    let finite_or_minus_inf = |a: &Option<f64>| a.filter(|v| !v.is_nan() && *v != f64::INFINITY);
    let present: Vec<f64> = aicc.iter().filter_map(finite_or_minus_inf).collect();
    let Some(min) = present.iter().copied().reduce(f64::min) else {
        return vec![None; aicc.len()];
    };
    let raw: Vec<Option<f64>> = aicc
        .iter()
        .map(|a| {
            finite_or_minus_inf(a).map(|a| {
                if min == f64::NEG_INFINITY {
                    if a == f64::NEG_INFINITY { 1.0 } else { 0.0 }
                } else {
                    (-(a - min) / 2.0).exp()
                }
            })
        })
        .collect();
    let total: f64 = raw.iter().flatten().sum();
    raw.into_iter().map(|w| w.map(|w| w / total)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: Δ = 0, 2, ∞(absent); exp(0) = 1, exp(−1) = 0.367879; total 1.367879;
    /// weights 0.731059, 0.268941.
    #[test]
    fn weights_match_a_hand_calculation() {
        let w = akaike_weights(&[Some(10.0), Some(12.0), None]);
        assert!((w[0].expect("weighted") - 0.731_058_578_6).abs() < 1e-9);
        assert!((w[1].expect("weighted") - 0.268_941_421_4).abs() < 1e-9);
        assert_eq!(w[2], None);
    }

    #[test]
    fn perfect_fits_share_the_weight_without_nan() {
        let w = akaike_weights(&[Some(f64::NEG_INFINITY), Some(3.0), Some(f64::NEG_INFINITY)]);
        assert_eq!(w, vec![Some(0.5), Some(0.0), Some(0.5)]);
    }
}

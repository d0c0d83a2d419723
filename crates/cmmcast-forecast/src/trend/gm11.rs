//! The grey model GM(1,1), the standard tool for very short series in Chinese mining practice.
//!
//! Equations (Deng 1982; Liu and Lin, *Grey Systems: Theory and Applications*, 2010):
//! accumulate x¹(k) = Σ_{i≤k} x⁰(i); background values z¹(k) = (x¹(k) + x¹(k−1)) / 2; fit
//! x⁰(k) + a z¹(k) = b by least squares over k = 2..n; then
//! x̂¹(t) = x⁰(1) e^{−a(t−t₁)} + b (1 − e^{−a(t−t₁)}) / a and x̂⁰(t) = x̂¹(t) − x̂¹(t−1).
//! The form with `expm1` stays exact as a → 0 (a constant series), where the model becomes
//! x̂⁰ = b.
//!
//! GM(1,1) has no sampling theory, so its intervals are empirical: the spread of its
//! leave-one-out log errors, widened with the horizon as a log-linear regression's are (see
//! docs/METHODS.md). Leaving a year out of the middle makes the spacing unequal; those refits
//! use the accumulation with time steps (x¹(k) = x¹(k−1) + x⁰(k) Δt_k), which is the same
//! model when the steps are all one year.

use crate::error::ForecastError;
use crate::forecast::{Forecast, InSample, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::ols::information::gaussian_log_likelihood;
use crate::rng::PathRng;
use crate::trend::{FittedTrend, Parameter, TrendInput, TrendModel, check_input};
use rand_distr::{ChiSquared, Distribution, StandardNormal};

/// The grey model GM(1,1). Needs at least 4 consecutive years of positive values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gm11;

impl TrendModel for Gm11 {
    fn name(&self) -> &'static str {
        "gm11"
    }

    fn min_points(&self) -> usize {
        4
    }

    fn min_points_reason(&self) -> &'static str {
        "; GM(1,1) fits two parameters to the n - 1 accumulated steps and needs a year to leave \
         out to judge its error"
    }

    fn needs_equal_spacing(&self) -> bool {
        true
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        check_input(self, input)?;
        for (&year, &value) in input.years.iter().zip(input.values) {
            if value <= 0.0 {
                return Err(ForecastError::NotPositive {
                    model: "gm11",
                    year,
                    value,
                });
            }
        }
        let times = input.times();
        let grey = Grey::fit(&times, input.values).ok_or(ForecastError::Degenerate {
            model: "gm11",
            why: "the accumulated series gives no slope to estimate",
        })?;
        let loo = leave_one_out(&times, input.values);
        let log_errors: Vec<f64> = loo
            .iter()
            .zip(input.values)
            .filter_map(|(p, &y)| p.filter(|&p| p > 0.0).map(|p| (y / p).ln()))
            .collect();
        if log_errors.len() < 2 {
            return Err(ForecastError::Degenerate {
                model: "gm11",
                why: "too few years could be left out to judge its error",
            });
        }
        let loo_log_sd =
            (log_errors.iter().map(|e| e * e).sum::<f64>() / log_errors.len() as f64).sqrt();
        Ok(Box::new(FittedGm11 {
            years: input.years.to_vec(),
            observed: input.values.to_vec(),
            times,
            grey,
            loo,
            loo_log_sd,
        }))
    }
}

/// The two grey parameters and the initial condition.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Grey {
    /// Development coefficient (negative for growth).
    a: f64,
    /// Grey input.
    b: f64,
    /// Time of the first value.
    t0: f64,
    /// First value.
    x0: f64,
}

impl Grey {
    /// Fits a and b by least squares on x⁰(k) = b − a z¹(k); `None` when the background
    /// values do not vary (fewer than two steps).
    fn fit(times: &[f64], values: &[f64]) -> Option<Grey> {
        Grey::fit_without(times, values, None)
    }

    /// [`Grey::fit`] on the series with year `skip` left out (for leave-one-out), without
    /// copying it: the accumulation is streamed twice, once for the means and once for the
    /// centred sums, which keeps the two-pass accuracy.
    fn fit_without(times: &[f64], values: &[f64], skip: Option<usize>) -> Option<Grey> {
        let kept = || {
            times
                .iter()
                .zip(values)
                .enumerate()
                .filter(move |(i, _)| Some(*i) != skip)
                .map(|(_, (&t, &v))| (t, v))
        };
        // (z¹(k), x⁰(k)) for k = 2..m of the kept series.
        let steps = || {
            let mut points = kept();
            let first = points.next();
            points.scan(first, |previous, (t, v)| {
                let (t0, x1) = (*previous)?;
                let accumulated = x1 + v * (t - t0);
                *previous = Some((t, accumulated));
                Some((0.5 * (accumulated + x1), v))
            })
        };
        let (count, z_sum, y_sum) = steps().fold((0usize, 0.0, 0.0), |(c, zs, ys), (z, y)| {
            (c + 1, zs + z, ys + y)
        });
        if count < 2 {
            return None;
        }
        let m = count as f64;
        let (z_mean, y_mean) = (z_sum / m, y_sum / m);
        let (szz, szy) = steps().fold((0.0, 0.0), |(szz, szy), (z, y)| {
            (
                szz + (z - z_mean).powi(2),
                szy + (z - z_mean) * (y - y_mean),
            )
        });
        if szz <= 0.0 {
            return None;
        }
        let slope = szy / szz;
        let (t0, x0) = kept().next()?;
        Some(Grey {
            // `+ 0.0` turns −0 (a flat series) into 0, so it never prints as `-0`.
            a: -slope + 0.0,
            b: y_mean - slope * z_mean,
            t0,
            x0,
        })
    }

    /// x̂¹(t) = x⁰ e^{−aΔ} + b (1 − e^{−aΔ}) / a, with Δ = t − t₀.
    fn accumulated(&self, t: f64) -> f64 {
        let dt = t - self.t0;
        let growth = if self.a == 0.0 {
            dt
        } else {
            -(-self.a * dt).exp_m1() / self.a
        };
        self.x0 * (-self.a * dt).exp() + self.b * growth
    }

    /// x̂⁰(t): the value of the year ending at t.
    fn value(&self, t: f64) -> f64 {
        if t == self.t0 {
            self.x0
        } else {
            self.accumulated(t) - self.accumulated(t - 1.0)
        }
    }
}

/// Each year predicted by the model fitted without it.
fn leave_one_out(times: &[f64], values: &[f64]) -> Vec<Option<f64>> {
    (0..values.len())
        .map(|i| {
            let grey = Grey::fit_without(times, values, Some(i))?;
            Some(grey.value(times[i])).filter(|p| p.is_finite())
        })
        .collect()
}

/// A fitted GM(1,1).
#[derive(Debug, Clone)]
pub struct FittedGm11 {
    years: Vec<i32>,
    observed: Vec<f64>,
    times: Vec<f64>,
    grey: Grey,
    loo: Vec<Option<f64>>,
    loo_log_sd: f64,
}

impl FittedGm11 {
    /// Horizon factor √(1 + 1/n + (t − t̄)² / Σ(tᵢ − t̄)²) of a log-linear regression.
    fn widening(&self, t: f64) -> f64 {
        let n = self.times.len() as f64;
        let mean = self.times.iter().sum::<f64>() / n;
        let sxx: f64 = self.times.iter().map(|x| (x - mean).powi(2)).sum();
        (1.0 + 1.0 / n + (t - mean).powi(2) / sxx).sqrt()
    }
}

impl FittedTrend for FittedGm11 {
    fn name(&self) -> &'static str {
        "gm11"
    }

    fn parameters(&self) -> Vec<Parameter> {
        vec![
            Parameter {
                name: "development_coefficient_a".into(),
                value: self.grey.a,
                std_error: None,
            },
            Parameter {
                name: "grey_input_b".into(),
                value: self.grey.b,
                std_error: None,
            },
        ]
    }

    fn years(&self) -> &[i32] {
        &self.years
    }

    fn observed(&self) -> &[f64] {
        &self.observed
    }

    fn fitted(&self) -> Vec<f64> {
        self.times.iter().map(|&t| self.grey.value(t)).collect()
    }

    fn log_likelihood(&self) -> f64 {
        let rss: f64 = self
            .observed
            .iter()
            .zip(self.fitted())
            .map(|(y, f)| (y - f).powi(2))
            .sum();
        gaussian_log_likelihood(rss, self.observed.len())
    }

    /// a, b, the error variance, and the first value: GM(1,1) reproduces x⁰(1) exactly, so
    /// that value is fitted as surely as a parameter and counts as one.
    fn n_information_parameters(&self) -> usize {
        4
    }

    fn loo_predictions(&self) -> Vec<Option<f64>> {
        self.loo.clone()
    }

    fn point_kind(&self) -> PointKind {
        PointKind::Median
    }

    /// GM(1,1) has no sampling theory; its paths follow the structure its intervals assume:
    /// a log-scale deviation σ (ε₀/√n + ε₁ (t − t̄)/√Sxx + ε_t), with σ drawn like a regression's
    /// (ν s²_LOO / χ²_ν, ν = n − 2), so each year's marginal matches the interval exactly and
    /// the years share the level and trend errors.
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        let first = self.years.first().copied().unwrap_or_default();
        let n = self.times.len() as f64;
        let mean = self.times.iter().sum::<f64>() / n;
        let sxx: f64 = self.times.iter().map(|x| (x - mean).powi(2)).sum();
        let df = n - 2.0;
        let chi2: f64 = ChiSquared::new(df).map_or(df, |d| d.sample(rng));
        let sigma = self.loo_log_sd * (df / chi2.max(f64::MIN_POSITIVE)).sqrt();
        let level: f64 = StandardNormal.sample(rng);
        let slope: f64 = StandardNormal.sample(rng);
        for (&year, value) in years.iter().zip(out.iter_mut()) {
            let t = f64::from(year - first);
            let noise: f64 = StandardNormal.sample(rng);
            let deviation = level / n.sqrt() + slope * (t - mean) / sxx.sqrt() + noise;
            *value = self.grey.value(t) * (sigma * deviation).exp();
        }
    }

    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let first = self.years.first().copied().unwrap_or_default();
        let times: Vec<f64> = years.iter().map(|&y| f64::from(y - first)).collect();
        let point: Vec<f64> = times.iter().map(|&t| self.grey.value(t)).collect();
        let df = (self.years.len() - 2) as f64;
        let intervals = levels
            .iter()
            .map(|&level| {
                let q = level.t_quantile(df);
                let half: Vec<f64> = times
                    .iter()
                    .map(|&t| q * self.loo_log_sd * self.widening(t))
                    .collect();
                Interval {
                    level,
                    lower: point
                        .iter()
                        .zip(&half)
                        .map(|(p, h)| p * (-h).exp())
                        .collect(),
                    upper: point.iter().zip(&half).map(|(p, h)| p * h.exp()).collect(),
                }
            })
            .collect();
        Forecast {
            model: "gm11",
            years: years.to_vec(),
            point,
            point_kind: PointKind::Median,
            intervals,
            interval_method: IntervalMethod::LeaveOneOutEmpirical,
            df: vec![df; years.len()],
            in_sample: InSample {
                years: self.years.clone(),
                observed: self.observed.clone(),
                fitted: self.fitted(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook series of Liu and Lin (2010): x⁰ = 2.874, 3.278, 3.337, 3.390, 3.679.
    /// Hand calculation (docs/METHODS.md, GM(1,1)): z¹ = 4.513, 7.8205, 11.184, 14.7185;
    /// solving the 2 x 2 normal equations gives a = −0.0372043819, b = 3.0653633130
    /// (the book prints a ≈ −0.0372, b ≈ 3.0653; the statsmodels fixture's `gm11_textbook`
    /// repeats it with numpy and tests/statsmodels_reference.rs checks it).
    #[test]
    fn textbook_example() {
        let values = [2.874, 3.278, 3.337, 3.390, 3.679];
        let times = [0.0, 1.0, 2.0, 3.0, 4.0];
        let grey = Grey::fit(&times, &values).expect("fits");
        assert!((grey.a - -0.037_204_381_943_558_41).abs() < 1e-9 * 0.0372);
        assert!((grey.b - 3.065_363_313_001_525_6).abs() < 1e-9 * 3.07);
        // x̂⁰(2) = (x⁰(1) − b/a)(1 − e^a) e^{−a} = 3.23203891 by hand.
        assert!((grey.value(1.0) - 3.232_038_91).abs() < 1e-8);
    }

    #[test]
    fn constant_series_is_flat_and_finite() {
        let values = [5.0, 5.0, 5.0, 5.0];
        let grey = Grey::fit(&[0.0, 1.0, 2.0, 3.0], &values).expect("fits");
        assert_eq!(grey.a, 0.0);
        assert!((grey.value(10.0) - 5.0).abs() < 1e-12);
    }
}

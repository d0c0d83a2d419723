//! The random walk with drift, ARIMA(0,1,0) with a constant, on the original scale: each year
//! is the last one plus a constant drift plus a new shock, y_t = y_{t−1} + μ + ε_t,
//! ε_t ~ N(0, σ²).
//!
//! It is the stochastic-trend counterpart of the linear trend: the linear trend says the
//! series scatters around a fixed line, the random walk that every shock is permanent, so its
//! intervals widen like √h rather than staying nearly flat. Fitted on the n − 1 differences
//! d_t = y_t − y_{t−1} of consecutive years: μ̂ = mean(d) = (y_n − y_1)/(n − 1) and
//! σ̂² = Σ(d_t − μ̂)²/(n − 2). Forecast h years ahead: y_n + h μ̂ (a mean), with variance
//! σ̂² (h + h²/(n − 1)) (the h shocks to come plus h times the drift's error) and Student t with
//! n − 2 degrees of freedom (docs/METHODS.md, section 6.9).

use rand_distr::{ChiSquared, Distribution, StandardNormal};

use crate::error::ForecastError;
use crate::forecast::{Forecast, InSample, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::ols::information::gaussian_log_likelihood;
use crate::rng::PathRng;
use crate::trend::{FittedTrend, Parameter, TrendInput, TrendModel, check_input};

/// The random walk with drift. Needs at least 3 consecutive years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RwDrift;

impl TrendModel for RwDrift {
    fn name(&self) -> &'static str {
        "rw-drift"
    }

    fn min_points(&self) -> usize {
        3
    }

    fn min_points_reason(&self) -> &'static str {
        "; its n - 1 year-to-year differences give the drift and need one more to estimate \
         their variance"
    }

    /// The model is of one-year differences.
    fn needs_equal_spacing(&self) -> bool {
        true
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        check_input(self, input)?;
        let values = input.values;
        let n = values.len();
        let (first, last) = (values[0], values[n - 1]);
        // The mean of the differences telescopes to (y_n − y_1)/(n − 1): one subtraction.
        let drift = (last - first) / (n - 1) as f64;
        let rss: f64 = values
            .windows(2)
            .map(|w| (w[1] - w[0] - drift).powi(2))
            .sum();
        Ok(Box::new(FittedRwDrift {
            years: input.years.to_vec(),
            observed: values.to_vec(),
            drift,
            rss,
        }))
    }
}

/// A fitted random walk with drift.
#[derive(Debug, Clone)]
pub struct FittedRwDrift {
    years: Vec<i32>,
    observed: Vec<f64>,
    /// μ̂, the mean year-to-year change.
    drift: f64,
    /// Σ(d_t − μ̂)² over the n − 1 differences.
    rss: f64,
}

impl FittedRwDrift {
    /// Residual degrees of freedom: n − 1 differences less the drift.
    fn df(&self) -> f64 {
        (self.observed.len() - 2) as f64
    }

    /// The number of differences, n − 1.
    fn differences(&self) -> f64 {
        (self.observed.len() - 1) as f64
    }

    /// σ̂², the unbiased variance of the differences (n − 2 degrees of freedom).
    pub fn innovation_variance(&self) -> f64 {
        self.rss / self.df()
    }

    /// The drift μ̂, in the series' unit a year.
    pub fn drift(&self) -> f64 {
        self.drift
    }

    /// Years after the last observation; a year at or before it counts as 0 (the last value,
    /// known exactly).
    fn steps(&self, year: i32) -> f64 {
        let last = self.years.last().copied().unwrap_or_default();
        f64::from((year - last).max(0))
    }

    /// The variance of a new value `h` years ahead: σ̂² (h + h²/(n − 1)).
    pub fn forecast_variance(&self, h: f64) -> f64 {
        self.innovation_variance() * (h + h * h / self.differences())
    }
}

impl FittedTrend for FittedRwDrift {
    fn name(&self) -> &'static str {
        "rw-drift"
    }

    /// The drift with its standard error σ̂/√(n − 1), and σ̂ (no standard error).
    fn parameters(&self) -> Vec<Parameter> {
        let sd = self.innovation_variance().sqrt();
        vec![
            Parameter {
                name: "drift_per_year".into(),
                value: self.drift,
                std_error: Some(sd / self.differences().sqrt()),
            },
            Parameter {
                name: "difference_sd".into(),
                value: sd,
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

    /// y_{t−1} + μ̂, the one-step prediction; the first year has no year before it and is
    /// given as observed.
    fn fitted(&self) -> Vec<f64> {
        std::iter::once(self.observed[0])
            .chain(self.observed.windows(2).map(|w| w[0] + self.drift))
            .collect()
    }

    /// The Gaussian log-likelihood of the n − 1 differences at the maximum-likelihood
    /// σ² = RSS/(n − 1) (section 3.7's convention), which is statsmodels' ARIMA(0,1,0) llf.
    fn log_likelihood(&self) -> f64 {
        gaussian_log_likelihood(self.rss, self.observed.len() - 1)
    }

    /// μ and σ².
    fn n_information_parameters(&self) -> usize {
        2
    }

    /// The likelihood is of the n − 1 differences.
    fn n_likelihood_terms(&self) -> usize {
        self.observed.len() - 1
    }

    /// Predicting year k from the years on both sides would be the random walk's bridge,
    /// (y_{k−1} + y_{k+1})/2, an interpolation no forecast can make. So year k is predicted one
    /// step ahead, y_{k−1} + μ̂₍₋ₖ₎, with the drift from the differences that do not touch y_k
    /// (all but d_k = y_k − y_{k−1} and d_{k+1}); `None` for the first year (nothing before
    /// it) and where no other difference is left (the middle year of three).
    fn loo_predictions(&self) -> Vec<Option<f64>> {
        let y = &self.observed;
        let n = y.len();
        let total = y[n - 1] - y[0];
        (0..n)
            .map(|k| {
                if k == 0 {
                    return None;
                }
                // Differences d_k and d_{k+1} (0-based: y[k] − y[k−1], y[k+1] − y[k]); their
                // sum telescopes to y[k+1] − y[k−1].
                let (touching, count) = match y.get(k + 1) {
                    Some(&next) => (next - y[k - 1], 2),
                    None => (y[k] - y[k - 1], 1),
                };
                let others = n - 1 - count;
                (others > 0).then(|| y[k - 1] + (total - touching) / others as f64)
            })
            .collect()
    }

    /// Its likelihood is of the differences, not of the years' values: its AICc is shown but
    /// not weighed against the trends'.
    fn comparable(&self) -> bool {
        false
    }

    fn point_kind(&self) -> PointKind {
        PointKind::Mean
    }

    /// σ² = ν s²/χ²_ν (ν = n − 2), then μ ~ N(μ̂, σ²/(n − 1)), then the walk with new shocks
    /// N(0, σ²) a year: given σ², a value h years ahead is normal with variance
    /// σ²(h + h²/(n − 1)), and mixing over σ² makes it Student t with ν degrees of freedom, so
    /// the simulated quantiles reproduce the analytic intervals. Years are taken in increasing
    /// order; a step of several years adds their shocks at once.
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        let df = self.df();
        let chi2: f64 = ChiSquared::new(df).map_or(df, |d| d.sample(rng));
        let sigma = (df * self.innovation_variance() / chi2.max(f64::MIN_POSITIVE)).sqrt();
        let z: f64 = StandardNormal.sample(rng);
        let drift = self.drift + sigma * z / self.differences().sqrt();
        let mut value = self.observed[self.observed.len() - 1];
        let mut done = 0.0;
        for (&year, out) in years.iter().zip(out.iter_mut()) {
            let steps = self.steps(year) - done;
            if steps > 0.0 {
                let shock: f64 = StandardNormal.sample(rng);
                value += steps * drift + sigma * steps.sqrt() * shock;
                done += steps;
            }
            *out = value;
        }
    }

    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let last = self.observed[self.observed.len() - 1];
        let steps: Vec<f64> = years.iter().map(|&y| self.steps(y)).collect();
        let point: Vec<f64> = steps.iter().map(|h| last + h * self.drift).collect();
        let sd: Vec<f64> = steps
            .iter()
            .map(|&h| self.forecast_variance(h).sqrt())
            .collect();
        let df = self.df();
        let intervals = levels
            .iter()
            .map(|&level| {
                let q = level.t_quantile(df);
                Interval {
                    level,
                    lower: point.iter().zip(&sd).map(|(p, s)| p - q * s).collect(),
                    upper: point.iter().zip(&sd).map(|(p, s)| p + q * s).collect(),
                }
            })
            .collect();
        Forecast {
            model: "rw-drift",
            years: years.to_vec(),
            point,
            point_kind: PointKind::Mean,
            intervals,
            interval_method: IntervalMethod::RandomWalkWithDrift,
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

    fn fit(values: &[f64]) -> Box<dyn FittedTrend> {
        let years: Vec<i32> = (2000..).take(values.len()).collect();
        let input = TrendInput::methane(&years, values);
        RwDrift.fit(&input).expect("fits")
    }

    /// y = 10, 12, 15, 16, 20 by hand: d = 2, 3, 1, 4, μ̂ = 10/4 = 2.5; deviations −0.5, 0.5,
    /// −1.5, 1.5, RSS = 0.25 + 0.25 + 2.25 + 2.25 = 5, σ̂² = 5/3. One year ahead 22.5 with
    /// variance 5/3 (1 + 1/4) = 25/12; two years ahead 25 with 5/3 (2 + 4/4) = 5.
    /// t_{0.975, 3} = 3.182446305 (section 5), so the 95 % interval one year ahead is
    /// 22.5 ± 3.182446305 · √(25/12) = 22.5 ± 4.593466 (17.906534 to 27.093466); two years
    /// ahead 25 ± 3.182446305 · √5 = 25 ± 7.116166.
    /// Leave-one-out: year 2 (index 1) from 10 + (d₃ + d₄)/2 = 10 + 2.5 = 12.5; year 3 from
    /// 12 + (2 + 4)/2 = 15; year 4 from 15 + (2 + 3)/2 = 17.5; year 5 from 16 + (2 + 3 + 1)/3
    /// = 18. ln L = −(4/2)(ln 2π + ln(5/4) + 1) = −6.1220412.
    #[test]
    fn matches_a_hand_calculation() {
        let fit = fit(&[10.0, 12.0, 15.0, 16.0, 20.0]);
        let level = Level::percent(95.0).expect("valid");
        let forecast = fit.forecast(&[2005, 2006], &[level]);
        assert_eq!(forecast.point, vec![22.5, 25.0]);
        let half = 3.182_446_305 * (25.0_f64 / 12.0).sqrt();
        assert!((forecast.intervals[0].upper[0] - (22.5 + half)).abs() < 1e-8);
        let half2 = 3.182_446_305 * 5.0_f64.sqrt();
        assert!((forecast.intervals[0].lower[1] - (25.0 - half2)).abs() < 1e-8);
        assert_eq!(
            fit.loo_predictions(),
            vec![None, Some(12.5), Some(15.0), Some(17.5), Some(18.0)]
        );
        assert_eq!(fit.fitted(), vec![10.0, 12.5, 14.5, 17.5, 18.5]);
        let two_pi = 2.0 * std::f64::consts::PI;
        let ln_l = -2.0 * (two_pi.ln() + 1.25_f64.ln() + 1.0);
        assert!((fit.log_likelihood() - ln_l).abs() < 1e-12);
        assert_eq!(fit.parameters()[0].value, 2.5);
        assert!(
            (fit.parameters()[0].std_error.expect("se") - (5.0_f64 / 12.0).sqrt()).abs() < 1e-15
        );
    }

    /// Three years leave one difference besides the two around the middle year: nothing, so
    /// the middle year has no prediction; the last is y₂ + d₂.
    #[test]
    fn three_years_predict_only_the_last() {
        let fit = fit(&[1.0, 3.0, 4.0]);
        assert_eq!(fit.loo_predictions(), vec![None, None, Some(5.0)]);
    }
}

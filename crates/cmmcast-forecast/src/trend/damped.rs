//! Damped-trend exponential smoothing, ETS(A,Ad,N): Holt's linear method with a damped trend
//! and additive errors (Gardner and McKenzie 1985; Hyndman et al. 2008; Hyndman and
//! Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., sections 8.2 and 8.7).
//!
//! In error-correction form, with ŷ_t = l_{t−1} + φ b_{t−1} the one-step forecast and
//! e_t = y_t − ŷ_t its error:
//!
//! ```text
//! l_t = ŷ_t + α e_t          level
//! b_t = φ b_{t−1} + β e_t    trend, damped by φ
//! ```
//!
//! β is the coefficient of the error in the trend equation (Hyndman et al. 2008 and
//! statsmodels' `smoothing_trend`), which is α β* in the FPP3 component form
//! b_t = β*(l_t − l_{t−1}) + (1 − β*) φ b_{t−1}.
//!
//! The smoothing parameters are **fixed**, not estimated: five years cannot estimate α, β, φ
//! and two initial states (R's forecast::ets estimates only with more than parameters + 4
//! years, ten for the damped trend, and otherwise falls back to an unoptimised Holt-Winters
//! fit without damping). The shipped ones, α = 1, β = 0.3, φ = 0.95, were chosen once on a
//! reference class of real production series (docs/METHODS.md, section 13.2).
//! The states start at the first year, l₁ = y₁ and b₁ = (y_n − y₁)/(n − 1), the series' mean
//! step (the random walk with drift's drift, steadier on five points than one year's step),
//! and the recursion runs over years 2..n. σ̂² = Σ e_t²/(n − 2) over the n − 1 one-step errors
//! (the mean step is estimated). Forecast h years ahead: l_n + (φ + φ² + … + φ^h) b_n (a mean),
//! with variance σ̂² (1 + Σ_{j=1}^{h−1} c_j²), c_j = α + β φ (1 − φ^j)/(1 − φ) (class 1 of
//! Hyndman et al. 2008, table 6.1), and Student t with n − 2 degrees of freedom
//! (docs/METHODS.md, section 6.10). When the damped line would reach zero (a steep decline) and
//! the series is positive, all of it is done on ln y and back-transformed: the point is then a
//! median.

use rand_distr::{ChiSquared, Distribution, StandardNormal};

use crate::error::ForecastError;
use crate::forecast::{Forecast, InSample, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::ols::information::gaussian_log_likelihood;
use crate::rng::PathRng;
use crate::trend::{FittedTrend, Parameter, TrendInput, TrendModel, check_input};

/// The fixed smoothing parameters of the damped trend, checked against the ranges of the ETS
/// literature: 0 < α ≤ 1, 0 < β ≤ α (Hyndman et al. 2008's usual region for the
/// error-correction β, i.e. 0 < β* ≤ 1) and 0.8 ≤ φ ≤ 0.98 (FPP3 section 8.2: damping below
/// 0.8 is too strong to be plausible for annual trends, and above 0.98 the model cannot be
/// told from the undamped one; R's forecast::ets bounds φ the same way).
///
/// ```
/// use cmmcast_forecast::trend::DampedParams;
/// let params = DampedParams::new(0.5, 0.1, 0.95)?;
/// assert_eq!(params.phi(), 0.95);
/// assert!(DampedParams::new(0.5, 0.6, 0.95).is_err(), "beta above alpha");
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DampedParams {
    alpha: f64,
    beta: f64,
    phi: f64,
}

impl DampedParams {
    /// Smallest damping accepted (FPP3 section 8.2).
    pub const MIN_PHI: f64 = 0.8;
    /// Largest damping accepted (FPP3 section 8.2).
    pub const MAX_PHI: f64 = 0.98;

    /// Checked parameters: α the level's smoothing, β the trend's (as the coefficient of the
    /// one-step error, at most α), φ the damping.
    pub fn new(alpha: f64, beta: f64, phi: f64) -> Result<DampedParams, ForecastError> {
        let refuse = |name, value, allowed: String| ForecastError::BadSmoothingParameter {
            name,
            value,
            allowed,
        };
        if !(alpha > 0.0 && alpha <= 1.0) {
            return Err(refuse(
                "alpha",
                alpha,
                "a value above 0 and at most 1".into(),
            ));
        }
        if !(beta > 0.0 && beta <= alpha) {
            return Err(refuse(
                "beta",
                beta,
                format!(
                    "a value above 0 and at most alpha ({}), since beta is the error's weight in \
                     the trend, alpha times the trend's own smoothing",
                    crate::readable(alpha)
                ),
            ));
        }
        if !((Self::MIN_PHI..=Self::MAX_PHI).contains(&phi)) {
            return Err(refuse(
                "phi",
                phi,
                format!("a damping from {} to {}", Self::MIN_PHI, Self::MAX_PHI),
            ));
        }
        Ok(DampedParams { alpha, beta, phi })
    }

    /// Parameters taken as they are, for the calibration's grid (which may try a β of 0).
    pub(crate) const fn unchecked(alpha: f64, beta: f64, phi: f64) -> DampedParams {
        DampedParams { alpha, beta, phi }
    }

    /// α, the level's smoothing.
    pub const fn alpha(&self) -> f64 {
        self.alpha
    }

    /// β, the error's weight in the trend (α β* in FPP3's component form).
    pub const fn beta(&self) -> f64 {
        self.beta
    }

    /// φ, the damping.
    pub const fn phi(&self) -> f64 {
        self.phi
    }
}

impl DampedParams {
    /// α = 1, β = 0.3, φ = 0.95: the damped trend chosen on the reference class of real
    /// production series (docs/METHODS.md, section 13.2), and the point of the calibrated
    /// intervals (`calibrate::DampedLevel::SHIPPED` takes its β and φ from here), and so the
    /// default forecast's. α = 1 puts the level at the last value, the random walk's; β and φ
    /// are the best of a small grid by out-of-sample error over every window of the class
    /// (β in {0, 0.1, 0.2, 0.3}, φ in {0.8, 0.85, 0.9, 0.95, 0.98}, and the random walk with
    /// drift, by the mean log ratio of median absolute percentage error to the random walk's),
    /// never tuned to one series.
    pub const SHIPPED: DampedParams = DampedParams {
        alpha: 1.0,
        beta: 0.3,
        phi: 0.95,
    };
}

/// The shipped parameters, [`DampedParams::SHIPPED`].
impl Default for DampedParams {
    fn default() -> Self {
        DampedParams::SHIPPED
    }
}

/// The states the recursion ends with on a series `x` (at least 2 values), from the drift
/// start: l₁ = x₁ and b₁ = (x_n − x₁)/(n − 1), the series' mean step, then for t = 2..n the
/// one-step forecast ŷ_t = l + φ b, its error e_t = x_t − ŷ_t, l ← ŷ_t + α e_t and
/// b ← φ b + β e_t. With α = 1 the trend update is b ← β (x_t − x_{t−1}) + (1 − β) φ b.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recursion {
    /// l_n.
    pub level: f64,
    /// b_n.
    pub trend: f64,
    /// ŷ_t for t = 2..n.
    pub one_step: Vec<f64>,
    /// Σ e_t² over t = 2..n.
    pub sse: f64,
}

impl Recursion {
    /// Runs the recursion over `x` with smoothing `alpha`, `beta` and damping `phi`.
    pub(crate) fn run(x: &[f64], alpha: f64, beta: f64, phi: f64) -> Recursion {
        let n = x.len();
        let (mut level, mut trend) = (x[0], (x[n - 1] - x[0]) / (n - 1) as f64);
        let mut one_step = Vec::with_capacity(n - 1);
        let mut sse = 0.0;
        for &value in &x[1..] {
            let forecast = level + phi * trend;
            let error = value - forecast;
            one_step.push(forecast);
            sse += error * error;
            level = forecast + alpha * error;
            trend = phi * trend + beta * error;
        }
        Recursion {
            level,
            trend,
            one_step,
            sse,
        }
    }

    /// Whether the damped line ever reaches zero: its long-run value l_n + b_n φ/(1 − φ) is
    /// not above zero.
    pub(crate) fn reaches_zero(&self, phi: f64) -> bool {
        self.level + self.trend * phi / (1.0 - phi) <= 0.0
    }
}

/// φ + φ² + … + φ^h, the damped trend's multiplier h years ahead.
pub(crate) fn damped_sum(phi: f64, h: u32) -> f64 {
    phi * (1.0 - phi.powi(h as i32)) / (1.0 - phi)
}

/// The scale a damped trend is fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// The series itself.
    Original,
    /// Its logarithm: the damped line on the original scale would reach zero, and every value
    /// is positive.
    Log,
}

/// Fits the recursion to `y` on the original scale, or on ln y when the damped line on the
/// original scale would reach zero and every value is positive (a steep decline: a trend that
/// fades towards a negative level is no forecast of a mine's output; its logarithm fades
/// towards a positive one).
fn choose_scale(y: &[f64], params: DampedParams) -> (Scale, Recursion) {
    let DampedParams { alpha, beta, phi } = params;
    let original = Recursion::run(y, alpha, beta, phi);
    if original.reaches_zero(phi) && y.iter().all(|&v| v > 0.0) {
        let logs: Vec<f64> = y.iter().map(|v| v.ln()).collect();
        (Scale::Log, Recursion::run(&logs, alpha, beta, phi))
    } else {
        (Scale::Original, original)
    }
}

/// The point forecasts 1..=`horizon` years after `y` (at least 2 values) with `params`: the
/// damped trend on the scale [`choose_scale`] picks, back-transformed (a median on the log
/// scale). What [`Damped`] forecasts, and the point of the calibrated intervals.
pub(crate) fn damped_points(y: &[f64], params: DampedParams, horizon: usize) -> Vec<f64> {
    let (scale, fit) = choose_scale(y, params);
    (1..=horizon as u32)
        .map(|h| scale.back(fit.level + damped_sum(params.phi, h) * fit.trend))
        .collect()
}

impl Scale {
    /// A value of the fitted scale on the original one.
    fn back(self, value: f64) -> f64 {
        match self {
            Scale::Original => value,
            Scale::Log => value.exp(),
        }
    }
}

/// The damped trend with fixed smoothing parameters. Needs at least 3 consecutive years.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Damped {
    params: DampedParams,
}

impl Damped {
    /// The damped trend with these parameters.
    pub fn new(params: DampedParams) -> Damped {
        Damped { params }
    }

    /// Its parameters.
    pub fn params(&self) -> DampedParams {
        self.params
    }

    /// [`TrendModel::fit`], as the concrete type (for wrappers that need its point forecasts,
    /// such as the calibrated intervals).
    pub fn fit_damped(&self, input: &TrendInput<'_>) -> Result<FittedDamped, ForecastError> {
        check_input(self, input)?;
        let (scale, recursion) = choose_scale(input.values, self.params);
        Ok(FittedDamped {
            params: self.params,
            years: input.years.to_vec(),
            observed: input.values.to_vec(),
            scale,
            recursion,
        })
    }
}

impl TrendModel for Damped {
    fn name(&self) -> &'static str {
        "damped"
    }

    /// The drift start takes one degree of freedom (the mean step) from the n − 1 one-step
    /// errors; a third year leaves one for σ² (the rule of every model of the menu).
    fn min_points(&self) -> usize {
        3
    }

    fn min_points_reason(&self) -> &'static str {
        "; its start takes the first year and the mean step, and the error variance needs a \
         third"
    }

    /// The recursion steps one year at a time.
    fn needs_equal_spacing(&self) -> bool {
        true
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        Ok(Box::new(self.fit_damped(input)?))
    }
}

/// A fitted damped trend.
#[derive(Debug, Clone)]
pub struct FittedDamped {
    params: DampedParams,
    years: Vec<i32>,
    observed: Vec<f64>,
    scale: Scale,
    /// The recursion on the fitted scale.
    recursion: Recursion,
}

impl FittedDamped {
    /// n − 2: the n − 1 one-step errors less the mean step the start estimates.
    fn df(&self) -> f64 {
        (self.observed.len() - 2) as f64
    }

    /// σ̂² = SSE/(n − 2), on the fitted scale.
    pub fn innovation_variance(&self) -> f64 {
        self.recursion.sse / self.df()
    }

    /// Whether the trend was fitted to the logarithm of the series.
    pub fn on_log_scale(&self) -> bool {
        self.scale == Scale::Log
    }

    /// Years after the last observation; a year at or before it counts as 0.
    pub fn steps(&self, year: i32) -> u32 {
        let last = self.years.last().copied().unwrap_or_default();
        (year - last).max(0).unsigned_abs()
    }

    /// The point forecast `h` years after the last observation, on the original scale (the
    /// median when fitted on ln y).
    pub fn point_at(&self, h: u32) -> f64 {
        self.scale.back(self.point(h))
    }

    /// l_n + (φ + … + φ^h) b_n, on the fitted scale.
    fn point(&self, h: u32) -> f64 {
        self.recursion.level + damped_sum(self.params.phi, h) * self.recursion.trend
    }

    /// The variance of a new value h years ahead on the fitted scale,
    /// σ̂² (1 + Σ_{j=1}^{h−1} c_j²) with c_j = α + β (φ + … + φ^j); σ̂² for h ≤ 1.
    pub fn forecast_variance(&self, h: u32) -> f64 {
        let DampedParams { alpha, beta, phi } = self.params;
        let sum: f64 = (1..h)
            .map(|j| (alpha + beta * damped_sum(phi, j)).powi(2))
            .sum();
        self.innovation_variance() * (1.0 + sum)
    }
}

impl FittedTrend for FittedDamped {
    fn name(&self) -> &'static str {
        "damped"
    }

    /// The fixed α, β, φ and the final level and trend (none has a standard error); on the
    /// log scale the level and trend are of ln y.
    fn parameters(&self) -> Vec<Parameter> {
        let fixed = |name: &'static str, value| Parameter {
            name: name.into(),
            value,
            std_error: None,
        };
        let (level, trend) = match self.scale {
            Scale::Original => ("final_level", "final_trend_per_year"),
            Scale::Log => ("final_log_level", "final_log_trend_per_year"),
        };
        vec![
            fixed("alpha", self.params.alpha),
            fixed("beta", self.params.beta),
            fixed("phi", self.params.phi),
            fixed(level, self.recursion.level),
            fixed(trend, self.recursion.trend),
        ]
    }

    fn years(&self) -> &[i32] {
        &self.years
    }

    fn observed(&self) -> &[f64] {
        &self.observed
    }

    /// The one-step forecasts from the second year on (back-transformed on the log scale); the
    /// first year starts the level and is given as observed.
    fn fitted(&self) -> Vec<f64> {
        std::iter::once(self.observed[0])
            .chain(self.recursion.one_step.iter().map(|&f| self.scale.back(f)))
            .collect()
    }

    /// The Gaussian log-likelihood of the n − 1 one-step errors at σ² = SSE/(n − 1), its
    /// maximum (statsmodels' ETS llf), conditional on the first year; on the log scale with
    /// the Jacobian −Σ ln y_t of those years, so it is of the values themselves.
    fn log_likelihood(&self) -> f64 {
        let terms = self.recursion.one_step.len();
        let jacobian = match self.scale {
            Scale::Original => 0.0,
            Scale::Log => -self.observed[1..].iter().map(|y| y.ln()).sum::<f64>(),
        };
        gaussian_log_likelihood(self.recursion.sse, terms) + jacobian
    }

    /// σ² and the start's mean step: α, β and φ are fixed.
    fn n_information_parameters(&self) -> usize {
        2
    }

    /// The likelihood is of the n − 1 one-step errors.
    fn n_likelihood_terms(&self) -> usize {
        self.recursion.one_step.len()
    }

    /// For each year from the third, the one-year forecast the damped trend makes from the
    /// years before it alone (its own start, scale and recursion on them): a genuine forecast
    /// of that year, which neither it nor any later year enters. The first two years have none
    /// (a start needs two years).
    fn loo_predictions(&self) -> Vec<Option<f64>> {
        (0..self.observed.len())
            .map(|t| (t >= 2).then(|| damped_points(&self.observed[..t], self.params, 1)[0]))
            .collect()
    }

    /// Its likelihood is of one-step errors after a start, not of the years' values given
    /// time: its AICc is shown but not weighed against the trends'.
    fn comparable(&self) -> bool {
        false
    }

    fn point_kind(&self) -> PointKind {
        match self.scale {
            Scale::Original => PointKind::Mean,
            Scale::Log => PointKind::Median,
        }
    }

    /// σ² = ν s²/χ²_ν (ν = n − 2), then the state-space recursion from (l_n, b_n) with new
    /// errors N(0, σ²) each year, on the fitted scale: given σ², a value h years ahead is
    /// normal with variance σ²(1 + Σ c_j²), and mixing over σ² makes it Student t with ν
    /// degrees of freedom, so the simulated quantiles reproduce the analytic intervals. Years
    /// are taken in increasing order; the years between them are simulated too.
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        let DampedParams { alpha, beta, phi } = self.params;
        let df = self.df();
        let chi2: f64 = ChiSquared::new(df).map_or(df, |d| d.sample(rng));
        let sigma = (df * self.innovation_variance() / chi2.max(f64::MIN_POSITIVE)).sqrt();
        let (mut level, mut trend) = (self.recursion.level, self.recursion.trend);
        let mut value = level;
        let mut done = 0;
        for (&year, out) in years.iter().zip(out.iter_mut()) {
            while done < self.steps(year) {
                let z: f64 = StandardNormal.sample(rng);
                let error = sigma * z;
                let forecast = level + phi * trend;
                value = forecast + error;
                level = forecast + alpha * error;
                trend = phi * trend + beta * error;
                done += 1;
            }
            *out = self.scale.back(value);
        }
    }

    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let steps: Vec<u32> = years.iter().map(|&y| self.steps(y)).collect();
        let centre: Vec<f64> = steps.iter().map(|&h| self.point(h)).collect();
        let sd: Vec<f64> = steps
            .iter()
            .map(|&h| self.forecast_variance(h).sqrt())
            .collect();
        let df = self.df();
        let back = |v: f64| self.scale.back(v);
        let intervals = levels
            .iter()
            .map(|&level| {
                let q = level.t_quantile(df);
                Interval {
                    level,
                    lower: centre
                        .iter()
                        .zip(&sd)
                        .map(|(p, s)| back(p - q * s))
                        .collect(),
                    upper: centre
                        .iter()
                        .zip(&sd)
                        .map(|(p, s)| back(p + q * s))
                        .collect(),
                }
            })
            .collect();
        let (point_kind, interval_method) = match self.scale {
            Scale::Original => (PointKind::Mean, IntervalMethod::ExponentialSmoothingClass1),
            Scale::Log => (
                PointKind::Median,
                IntervalMethod::ExponentialSmoothingClass1OnLogs,
            ),
        };
        Forecast {
            model: "damped",
            years: years.to_vec(),
            point: centre.iter().map(|&c| back(c)).collect(),
            point_kind,
            intervals,
            interval_method,
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

    fn input<'a>(years: &'a [i32], values: &'a [f64]) -> TrendInput<'a> {
        TrendInput::methane(years, values)
    }

    /// y = 10, 12, 15, 16, 20 with the shipped α = 1, β = 0.3, φ = 0.95, by hand:
    ///
    /// ```text
    /// start  l₁ = 10, b₁ = (20 − 10)/4 = 2.5
    /// t = 2  ŷ = 10 + 0.95·2.5 = 12.375,          e = −0.375,     l = 12, b = 2.375 − 0.1125
    ///        = 2.2625
    /// t = 3  ŷ = 12 + 0.95·2.2625 = 14.149375,     e = 0.850625,   l = 15,
    ///        b = 2.149375 + 0.2551875 = 2.4045625
    /// t = 4  ŷ = 15 + 2.284334375 = 17.284334375,  e = −1.284334375, l = 16,
    ///        b = 2.284334375 − 0.3853003125 = 1.8990340625
    /// t = 5  ŷ = 16 + 1.804082359375 = 17.804082359375, e = 2.195917640625, l = 20,
    ///        b = 1.804082359375 + 0.6587752921875 = 2.4628576515625
    /// SSE = 0.140625 + 0.723562890625 + 1.649514813... + 4.822054... = 7.3357569618,
    /// σ̂² = SSE/3 = 2.4452523206
    /// h = 1: 20 + 0.95 · 2.4628576515625 = 22.339714768984,          variance σ̂²
    /// h = 2: 20 + 1.8525 · 2.4628576515625 = 24.562443799520,         variance σ̂² (1 + 1.285²)
    ///        = 2.4452523206 · 2.651225 = 6.4829140837                 (c₁ = 1 + 0.3 · 0.95)
    /// 95 % at h = 1: 22.339714769 ± 3.182446305 · √2.4452523206 = 17.36322719 to 27.31620235
    /// ln L = −(4/2)(ln 2π + ln(SSE/4) + 1) = −6.8886866203
    /// ```
    #[test]
    fn matches_a_hand_calculation() {
        let years = [2000, 2001, 2002, 2003, 2004];
        let values = [10.0, 12.0, 15.0, 16.0, 20.0];
        let fit = Damped::default()
            .fit(&input(&years, &values))
            .expect("fits");
        let close = |a: f64, b: f64, tolerance: f64| {
            assert!((a - b).abs() <= tolerance, "{a} against {b}");
        };
        let fitted = fit.fitted();
        for (a, b) in fitted
            .iter()
            .zip([10.0, 12.375, 14.149375, 17.284334375, 17.804082359375])
        {
            close(*a, b, 1e-12);
        }
        let level = Level::percent(95.0).expect("valid");
        let forecast = fit.forecast(&[2005, 2006], &[level]);
        close(forecast.point[0], 22.339_714_768_984, 1e-10);
        close(forecast.point[1], 24.562_443_799_520, 1e-10);
        close(forecast.intervals[0].lower[0], 17.363_227_19, 1e-7);
        close(forecast.intervals[0].upper[0], 27.316_202_35, 1e-7);
        let half2 = forecast.intervals[0].upper[1] - forecast.point[1];
        close(half2, 3.182_446_305 * 6.482_914_083_7_f64.sqrt(), 1e-8);
        close(fit.log_likelihood(), -6.888_686_620_3, 1e-9);
        assert_eq!(fit.n_likelihood_terms(), 4);
        assert_eq!(forecast.point_kind, PointKind::Mean);
    }

    /// Leave-one-out: year t's prediction is the damped trend of the years before it alone;
    /// for the third year of 10, 12, 15, ... that is the start b₁ = 2, then
    /// b = 0.3 · 2 + 0.7 · 0.95 · 2 = 1.93, and 12 + 0.95 · 1.93 = 13.8335.
    #[test]
    fn leave_one_out_uses_the_years_before() {
        let years = [2000, 2001, 2002, 2003, 2004];
        let values = [10.0, 12.0, 15.0, 16.0, 20.0];
        let fit = Damped::default()
            .fit(&input(&years, &values))
            .expect("fits");
        let loo = fit.loo_predictions();
        assert_eq!(loo[..2], [None, None], "the first two years");
        assert!((loo[2].expect("third") - 13.8335).abs() < 1e-12, "{loo:?}");
    }

    /// A steep decline whose damped line would cross zero is fitted on ln y: a median point,
    /// positive forever, and the calibrated point's twin.
    #[test]
    fn a_falling_series_goes_to_the_log_scale() {
        let years = [2000, 2001, 2002, 2003, 2004];
        let values = [130.0, 100.0, 70.0, 40.0, 20.0];
        // On the original scale: b₁ = −27.5 and (β = 0.3, φ = 0.95, α = 1) b_t = 0.3 (y_t −
        // y_{t−1}) + 0.7 · 0.95 b_{t−1} runs −27.29, −27.15, −27.05, −23.99, so the long-run
        // value 20 − 23.99 · 0.95 / 0.05 ≈ −436 is far below zero.
        let fit = Damped::default()
            .fit(&input(&years, &values))
            .expect("fits");
        let future: Vec<i32> = (2005..2035).collect();
        let level = Level::percent(95.0).expect("valid");
        let forecast = fit.forecast(&future, &[level]);
        assert_eq!(forecast.point_kind, PointKind::Median);
        assert!(forecast.point.iter().all(|&v| v > 0.0 && v < 20.0));
        assert!(forecast.intervals[0].lower.iter().all(|&v| v > 0.0));
        let calibrated = crate::calibrate::DampedLevel::SHIPPED.points(&values, 30);
        for (a, b) in forecast.point.iter().zip(&calibrated) {
            assert!((a - b).abs() <= 1e-12 * b, "{a} against {b}");
        }
    }

    #[test]
    fn parameters_outside_their_ranges_are_refused() {
        for (alpha, beta, phi, name) in [
            (0.0, 0.1, 0.9, "alpha"),
            (1.2, 0.1, 0.9, "alpha"),
            (f64::NAN, 0.1, 0.9, "alpha"),
            (0.5, 0.0, 0.9, "beta"),
            (0.5, 0.6, 0.9, "beta"),
            (0.5, 0.1, 0.79, "phi"),
            (0.5, 0.1, 0.99, "phi"),
            (0.5, 0.1, f64::INFINITY, "phi"),
        ] {
            match DampedParams::new(alpha, beta, phi) {
                Err(ForecastError::BadSmoothingParameter { name: got, .. }) => {
                    assert_eq!(got, name, "{alpha}, {beta}, {phi}");
                }
                other => panic!("{alpha}, {beta}, {phi}: {other:?}"),
            }
        }
        assert!(DampedParams::new(1.0, 1.0, 0.98).is_ok());
        assert_eq!(
            DampedParams::new(1.0, 0.3, 0.95).expect("valid"),
            DampedParams::default()
        );
    }
}

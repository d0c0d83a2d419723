//! The regression trends: a polynomial in time fitted by least squares to the series on some
//! scale (identity, log or logit). Linear, quadratic, exponential and logistic differ only in
//! the degree and the scale, so they share one engine and one fitted type.

use ndarray::{Array1, Array2};

use crate::error::ForecastError;
use crate::forecast::{Forecast, InSample, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::ols::Ols;
use crate::rng::PathRng;
use crate::trend::transform::Transform;
use crate::trend::{
    FittedTrend, Parameter, PersistentLognormal, TrendInput, TrendModel, check_input,
};
use rand_distr::{Distribution, StandardNormal};

/// Linear trend y = b0 + b1 t, fitted by OLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Linear;

/// Exponential trend ln y = b0 + b1 t, fitted by OLS on ln y.
///
/// The point forecast is exp of the log-scale mean, which is the **median** of the lognormal
/// predictive distribution (the mean would be larger by exp(σ²/2)); interval bounds are the
/// log-scale bounds back-transformed, so they keep their coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Exponential;

/// Quadratic trend y = b0 + b1 t + b2 t², fitted by OLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quadratic;

/// Polynomial trend of any degree, y = b0 + b1 t + ... + b_d t^d, fitted by OLS on centred,
/// scaled columns (so high degrees keep their digits; see the NIST Wampler tests). For the
/// library; the CLI offers degrees 1 and 2 as `linear` and `quadratic`.
///
/// ```
/// use cmmcast_forecast::trend::{Polynomial, SeriesKind, TrendInput, TrendModel};
/// let years = [2010, 2011, 2012, 2013, 2014, 2015];
/// // y = 1 + t³ exactly: the cubic recovers it.
/// let values = [1.0, 2.0, 9.0, 28.0, 65.0, 126.0];
/// let input = TrendInput { years: &years, values: &values, series: SeriesKind::Methane, coal_kt: None, coal_plan: None };
/// let fit = Polynomial::new(3)?.fit(&input)?;
/// let b3 = &fit.parameters()[3];
/// assert_eq!(b3.name, "coefficient_t3");
/// assert!((b3.value - 1.0).abs() < 1e-9);
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polynomial {
    degree: usize,
}

impl Polynomial {
    /// Highest degree accepted: beyond it, powers of t are numerically meaningless for annual
    /// series.
    pub const MAX_DEGREE: usize = 10;

    /// A polynomial trend of degree 1 to [`Polynomial::MAX_DEGREE`].
    pub fn new(degree: usize) -> Result<Polynomial, ForecastError> {
        if (1..=Self::MAX_DEGREE).contains(&degree) {
            Ok(Polynomial { degree })
        } else {
            Err(ForecastError::Degenerate {
                model: "polynomial",
                why: "the degree must be between 1 and 10",
            })
        }
    }

    fn spec(self) -> Spec {
        Spec {
            name: "polynomial",
            degree: self.degree,
            transform: Transform::Identity,
            parameter_names: QUADRATIC.parameter_names,
        }
    }
}

impl TrendModel for Polynomial {
    fn name(&self) -> &'static str {
        "polynomial"
    }
    fn min_points(&self) -> usize {
        self.spec().min_points()
    }
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        self.spec().fit_model(self, input)
    }
}

/// Logistic trend with a user-given ceiling K: ln(y / (K − y)) = b0 + b1 t, fitted by OLS on
/// the logit. The point forecast K / (1 + e^−(b0 + b1 t)) is the median; it never exceeds K.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logistic {
    ceiling: f64,
}

impl Logistic {
    /// A logistic model with ceiling `ceiling` (same unit as the series), above zero.
    pub fn new(ceiling: f64) -> Result<Logistic, ForecastError> {
        if ceiling.is_finite() && ceiling > 0.0 {
            Ok(Logistic { ceiling })
        } else {
            Err(ForecastError::MissingCeiling)
        }
    }

    /// The ceiling.
    pub fn ceiling(&self) -> f64 {
        self.ceiling
    }
}

/// What distinguishes the regression trends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spec {
    name: &'static str,
    degree: usize,
    transform: Transform,
    parameter_names: &'static [&'static str],
}

const LINEAR: Spec = Spec {
    name: "linear",
    degree: 1,
    transform: Transform::Identity,
    parameter_names: &["intercept", "slope_per_year"],
};
const QUADRATIC: Spec = Spec {
    name: "quadratic",
    degree: 2,
    transform: Transform::Identity,
    parameter_names: &["intercept", "slope_per_year", "curvature_per_year2"],
};
const EXPONENTIAL: Spec = Spec {
    name: "exponential",
    degree: 1,
    transform: Transform::Log,
    parameter_names: &["log_intercept", "log_growth_per_year"],
};

fn logistic_spec(ceiling: f64) -> Spec {
    Spec {
        name: "logistic",
        degree: 1,
        transform: Transform::Logit { ceiling },
        parameter_names: &["logit_intercept", "logit_slope_per_year"],
    }
}

impl Spec {
    /// One more point than parameters, so the error variance can be estimated.
    fn min_points(&self) -> usize {
        self.degree + 2
    }

    fn fit_model(
        self,
        model: &dyn TrendModel,
        input: &TrendInput<'_>,
    ) -> Result<Box<dyn FittedTrend>, ForecastError> {
        check_input(model, input)?;
        Ok(Box::new(FittedRegression::fit(self, input)?))
    }
}

impl TrendModel for Linear {
    fn name(&self) -> &'static str {
        LINEAR.name
    }
    fn min_points(&self) -> usize {
        LINEAR.min_points()
    }
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        LINEAR.fit_model(self, input)
    }
}

impl TrendModel for Quadratic {
    fn name(&self) -> &'static str {
        QUADRATIC.name
    }
    fn min_points(&self) -> usize {
        QUADRATIC.min_points()
    }
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        QUADRATIC.fit_model(self, input)
    }
}

impl TrendModel for Exponential {
    fn name(&self) -> &'static str {
        EXPONENTIAL.name
    }
    fn min_points(&self) -> usize {
        EXPONENTIAL.min_points()
    }
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        EXPONENTIAL.fit_model(self, input)
    }
}

impl TrendModel for Logistic {
    fn name(&self) -> &'static str {
        "logistic"
    }
    fn min_points(&self) -> usize {
        logistic_spec(self.ceiling).min_points()
    }
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        logistic_spec(self.ceiling).fit_model(self, input)
    }
}

/// A fitted regression trend.
#[derive(Debug, Clone)]
pub struct FittedRegression {
    spec: Spec,
    years: Vec<i32>,
    observed: Vec<f64>,
    first_year: i32,
    ols: Ols,
}

/// Columns t, t², ..., t^degree (the intercept is the fit's own).
fn design(times: &[f64], degree: usize) -> Array2<f64> {
    Array2::from_shape_fn((times.len(), degree), |(i, j)| times[i].powi(j as i32 + 1))
}

impl FittedRegression {
    fn fit(spec: Spec, input: &TrendInput<'_>) -> Result<FittedRegression, ForecastError> {
        spec.transform.check(spec.name, input.years, input.values)?;
        let z: Array1<f64> = input
            .values
            .iter()
            .map(|&y| spec.transform.forward(y))
            .collect();
        let x = design(&input.times(), spec.degree);
        let ols = Ols::fit(x.view(), z.view(), true)?;
        Ok(FittedRegression {
            spec,
            years: input.years.to_vec(),
            observed: input.values.to_vec(),
            first_year: input.years.first().copied().unwrap_or_default(),
            ols,
        })
    }

    /// The least-squares fit on the model's scale.
    pub fn ols(&self) -> &Ols {
        &self.ols
    }
}

impl FittedTrend for FittedRegression {
    fn name(&self) -> &'static str {
        self.spec.name
    }

    fn parameters(&self) -> Vec<Parameter> {
        let se = self.ols.standard_errors();
        self.ols
            .coefficients()
            .iter()
            .zip(&se)
            .enumerate()
            .map(|(j, (&value, &std_error))| Parameter {
                name: match self.spec.parameter_names.get(j) {
                    Some(&name) => name.into(),
                    None => format!("coefficient_t{j}").into(),
                },
                value,
                std_error: Some(std_error),
            })
            .collect()
    }

    fn years(&self) -> &[i32] {
        &self.years
    }

    fn observed(&self) -> &[f64] {
        &self.observed
    }

    fn fitted(&self) -> Vec<f64> {
        self.ols
            .fitted()
            .iter()
            .map(|&z| self.spec.transform.inverse(z))
            .collect()
    }

    fn log_likelihood(&self) -> f64 {
        let jacobian: f64 = self
            .observed
            .iter()
            .map(|&y| self.spec.transform.log_jacobian(y))
            .sum();
        self.ols.log_likelihood() + jacobian
    }

    fn n_information_parameters(&self) -> usize {
        self.ols.n_information_parameters()
    }

    fn loo_predictions(&self) -> Vec<Option<f64>> {
        let z = self.ols.fitted() + self.ols.residuals();
        self.ols
            .loo_residuals()
            .into_iter()
            .zip(z.iter())
            .map(|(e, &zi)| e.map(|e| self.spec.transform.inverse(zi - e)))
            .collect()
    }

    fn point_kind(&self) -> PointKind {
        match self.spec.transform {
            Transform::Identity => PointKind::Mean,
            _ => PointKind::Median,
        }
    }

    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        let draw = self.ols.draw_parameters(rng);
        for (&year, value) in years.iter().zip(out.iter_mut()) {
            let t = f64::from(year - self.first_year);
            let noise: f64 = StandardNormal.sample(rng);
            let z = self.ols.mean_under_powers(&draw, t) + draw.sigma * noise;
            *value = self.spec.transform.inverse(z);
        }
    }

    /// On the log scale a lognormal multiplier's normal adds to the new observation's:
    /// ln y + ln m = mean + σ η + ln median + s z, and σ η + s z is one normal of variance
    /// σ² + s², so one draw and one `exp` a year do.
    fn sample_path_lognormal(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        (ln_median, sigma): (f64, f64),
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        if self.spec.transform != Transform::Log {
            scratch.clear();
            scratch.extend(years.iter().map(|_| {
                let z: f64 = StandardNormal.sample(rng);
                ln_median + sigma * z
            }));
            return self.sample_path_times(rng, years, scratch, out);
        }
        let draw = self.ols.draw_parameters(rng);
        // Not `hypot`: its overflow care costs a libm call a path, and σ and s are far from
        // overflow.
        let scale = (draw.sigma * draw.sigma + sigma * sigma).sqrt();
        for (&year, value) in years.iter().zip(out.iter_mut()) {
            let t = f64::from(year - self.first_year);
            let noise: f64 = StandardNormal.sample(rng);
            *value = (self.ols.mean_under_powers(&draw, t) + ln_median + scale * noise).exp();
        }
    }

    /// On the log scale the multiplier's yearly part u_t and the new observation's σ η_t add
    /// up, and their sum is drawn as one ARMA(1,1) with one normal a year
    /// ([`super::persistent::MergedNoise`]): ln y + ln m = mean + ln m + L + (σ η_t + u_t). The
    /// stream: the level L, the parameters, then n + 1 normals.
    fn sample_path_persistent(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        multiplier: &PersistentLognormal,
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        if self.spec.transform != Transform::Log {
            multiplier.log_multipliers(rng, years.len(), scratch);
            return self.sample_path_times(rng, years, scratch, out);
        }
        let level = multiplier.level(rng);
        let draw = self.ols.draw_parameters(rng);
        let noise = multiplier.merged_with(draw.sigma);
        let log_value = |year: i32, w: f64| {
            let t = f64::from(year - self.first_year);
            self.ols.mean_under_powers(&draw, t) + level + w
        };
        let (Some((&first_year, rest)), Some((first, others))) =
            (years.split_first(), out.split_first_mut())
        else {
            return;
        };
        let (w, mut state) = noise.first(rng);
        *first = log_value(first_year, w).exp();
        for (&year, value) in rest.iter().zip(others) {
            let w = noise.next(rng, &mut state);
            *value = log_value(year, w).exp();
        }
    }

    /// On the log scale the multiplier joins the exponent: exp(z + ln m), one `exp`.
    fn sample_path_times(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multipliers: &[f64],
        out: &mut [f64],
    ) {
        let draw = self.ols.draw_parameters(rng);
        for ((&year, value), m) in years.iter().zip(out.iter_mut()).zip(log_multipliers) {
            let t = f64::from(year - self.first_year);
            let noise: f64 = StandardNormal.sample(rng);
            let z = self.ols.mean_under_powers(&draw, t) + draw.sigma * noise;
            *value = match self.spec.transform {
                Transform::Log => (z + m).exp(),
                transform => transform.inverse(z) * m.exp(),
            };
        }
    }

    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let times: Vec<f64> = years
            .iter()
            .map(|&y| f64::from(y - self.first_year))
            .collect();
        let prediction = self.ols.predict(design(&times, self.spec.degree).view());
        let inverse = |v: &Array1<f64>| -> Vec<f64> {
            v.iter().map(|&z| self.spec.transform.inverse(z)).collect()
        };
        let intervals = levels
            .iter()
            .map(|&level| {
                let bounds = prediction.prediction_interval(level);
                Interval {
                    level,
                    lower: inverse(&bounds.lower),
                    upper: inverse(&bounds.upper),
                }
            })
            .collect();
        Forecast {
            model: self.spec.name,
            years: years.to_vec(),
            point: inverse(&prediction.mean),
            point_kind: self.point_kind(),
            intervals,
            interval_method: match self.spec.transform {
                Transform::Identity => IntervalMethod::StudentTPrediction,
                _ => IntervalMethod::StudentTPredictionBackTransformed,
            },
            df: vec![prediction.df; years.len()],
            in_sample: InSample {
                years: self.years.clone(),
                observed: self.observed.clone(),
                fitted: self.fitted(),
            },
        }
    }
}

//! Forecasts: per year, a point value and intervals at several levels at once, plus the
//! in-sample fit they come from.

use serde::Serialize;

use crate::error::ForecastError;
use crate::level::Level;

/// What the point forecast is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// The mean of the predictive distribution (models fitted on the original scale).
    Mean,
    /// The median: models fitted on a transformed scale (log, logit) back-transform the
    /// transformed mean, which is the median on the original scale, not the mean.
    Median,
}

/// How the intervals were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Prediction interval of a new observation, Student t with n − p degrees of freedom.
    StudentTPrediction,
    /// Student-t prediction interval on the transformed scale, bounds back-transformed.
    StudentTPredictionBackTransformed,
    /// Variance of a product (intensity x coal forecast) with Welch–Satterthwaite degrees of
    /// freedom.
    ProductVarianceWelchSatterthwaite,
    /// Intensity x the site's planned coal: the ratio's parameter and residual variance plus
    /// a stated plan adherence on the coal, Student t with Welch–Satterthwaite degrees of
    /// freedom (the stated part counting as known); past the plan, [`IntervalMethod::ProductVarianceWelchSatterthwaite`] on a coal
    /// trend fitted to the history and the plan.
    ProductVarianceWithPlan,
    /// Empirical: leave-one-out log errors of the model scaled by the regression leverage of
    /// the horizon (GM(1,1), which has no sampling theory of its own).
    LeaveOneOutEmpirical,
    /// A random walk with drift: the summed shocks to the horizon plus the drift's estimation
    /// error, σ̂² (h + h²/(n − 1)), Student t with n − 2 degrees of freedom.
    RandomWalkWithDrift,
    /// Exponential smoothing's analytic variance of a new observation h years ahead
    /// (class 1 of Hyndman et al. 2008), Student t with n − 2 degrees of freedom.
    ExponentialSmoothingClass1,
    /// The same on ln y, bounds back-transformed (a damped trend that would reach zero on the
    /// original scale).
    ExponentialSmoothingClass1OnLogs,
    /// Calibrated on a reference class of real series: the quantiles of what real series did
    /// around the same point, scaled by the series' own volatility (docs/METHODS.md, section
    /// 13).
    Calibrated,
}

impl IntervalMethod {
    /// A sentence for output `meta`.
    pub fn describe(self) -> &'static str {
        match self {
            IntervalMethod::StudentTPrediction => {
                "prediction interval of a new observation (not a confidence interval of the \
                 mean), Student t with n - p degrees of freedom"
            }
            IntervalMethod::StudentTPredictionBackTransformed => {
                "prediction interval of a new observation, Student t with n - p degrees of \
                 freedom on the transformed scale, bounds back-transformed"
            }
            IntervalMethod::ProductVarianceWithPlan => {
                "prediction interval of a new observation: methane per tonne x the planned coal, \
                 from the variance of the intensity (its estimate and the scatter around it) and \
                 a stated plan adherence on the coal (lognormal, median 1, sigma 0.10, the \
                 default scenario's; an assumption), Student t with Welch-Satterthwaite degrees \
                 of freedom; \
                 after the plan, intensity x a coal trend fitted to the history and the plan"
            }
            IntervalMethod::ProductVarianceWelchSatterthwaite => {
                "prediction interval of a new observation from the variance of intensity x coal \
                 forecast (both uncertain), Student t with Welch-Satterthwaite degrees of freedom"
            }
            IntervalMethod::LeaveOneOutEmpirical => {
                "approximate prediction interval from the model's leave-one-out log errors, \
                 widened with the horizon like a log-linear regression's; GM(1,1) has no \
                 sampling theory, so check its coverage with backtests"
            }
            IntervalMethod::RandomWalkWithDrift => {
                "prediction interval of a new observation of a random walk with drift: the \
                 shocks summed to the horizon plus the drift's estimation error, Student t with \
                 n - 2 degrees of freedom"
            }
            IntervalMethod::ExponentialSmoothingClass1 => {
                "prediction interval of a new observation from the damped trend's analytic \
                 h-step variance (ETS class 1), Student t with n - 2 degrees of freedom"
            }
            IntervalMethod::ExponentialSmoothingClass1OnLogs => {
                "prediction interval of a new observation from the damped trend's analytic \
                 h-step variance (ETS class 1) on the logarithm of the series, Student t with \
                 n - 2 degrees of freedom, bounds back-transformed"
            }
            IntervalMethod::Calibrated => {
                "calibrated on real series: the quantiles of how far national coal and gas \
                 production strayed from the same forecast made from windows of the same length \
                 (BP Statistical Review 2021), scaled by this series' own year-to-year \
                 volatility; on real series such intervals held about as often as they say"
            }
        }
    }
}

/// Lower and upper bounds at one level, one pair per forecast year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// The level.
    #[serde(serialize_with = "serialize_level")]
    pub level: Level,
    /// Lower bounds.
    pub lower: Vec<f64>,
    /// Upper bounds.
    pub upper: Vec<f64>,
}

fn serialize_level<S: serde::Serializer>(level: &Level, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(level.as_percent())
}

/// The in-sample fit: observed values and the model's fitted values, by year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InSample {
    /// Observed years.
    pub years: Vec<i32>,
    /// Observed values.
    pub observed: Vec<f64>,
    /// Fitted values on the original scale.
    pub fitted: Vec<f64>,
}

/// A forecast: per year, the point value and intervals at every requested level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The model's name.
    pub model: &'static str,
    /// Forecast years, increasing.
    pub years: Vec<i32>,
    /// Point forecasts.
    pub point: Vec<f64>,
    /// Whether the point is a mean or a median.
    pub point_kind: PointKind,
    /// Intervals, one per level, in the order the levels were asked for.
    pub intervals: Vec<Interval>,
    /// How the intervals were made.
    pub interval_method: IntervalMethod,
    /// Degrees of freedom of the t quantile, per year (constant except for intensity).
    pub df: Vec<f64>,
    /// The fit the forecast extends.
    pub in_sample: InSample,
}

/// Longest forecast horizon accepted, years after the last observation.
pub const MAX_HORIZON_YEARS: i32 = 200;

/// The years from the one after `last` to `to`, inclusive.
///
/// ```
/// use cmmcast_forecast::forecast::horizon;
/// assert_eq!(horizon(2016, 2019)?, vec![2017, 2018, 2019]);
/// assert!(horizon(2016, 2016).is_err());
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
pub fn horizon(last: i32, to: i32) -> Result<Vec<i32>, ForecastError> {
    if to <= last {
        return Err(ForecastError::HorizonNotAfterData { last, to });
    }
    if to - last > MAX_HORIZON_YEARS {
        return Err(ForecastError::HorizonTooLong {
            last,
            to,
            max: MAX_HORIZON_YEARS,
        });
    }
    Ok((last + 1..=to).collect())
}

//! The model menu: each model is a type with `fit` → fitted model → `forecast`.
//!
//! | model | equation | min years | notes |
//! |---|---|---|---|
//! | [`Linear`] | y = b0 + b1 t | 3 | OLS |
//! | [`Exponential`] | ln y = b0 + b1 t | 3 | point = median; y > 0 |
//! | [`Quadratic`] | y = b0 + b1 t + b2 t² | 4 | OLS |
//! | [`Polynomial`] | y = b0 + b1 t + ... + b_d t^d | d + 2 | OLS, any degree (API only) |
//! | [`Logistic`] | ln(y/(K − y)) = b0 + b1 t | 3 | user ceiling K; 0 < y < K |
//! | [`Gm11`] | grey model GM(1,1) | 4 | consecutive years; y > 0 |
//! | [`Intensity`] | methane = r x coal, coal = c0 + c1 t | 3 | needs coal and methane |
//! | [`RwDrift`] | y_t = y_{t−1} + μ + ε_t | 3 | consecutive years; random walk with drift |
//! | [`Damped`] | ETS(A,Ad,N), fixed α, β, φ | 3 | consecutive years; damped Holt |
//!
//! t is years since the first observed year. Every model states its minimum number of years
//! and refuses below it with a sentence that says why. Equations: docs/METHODS.md.

mod damped;
mod gm11;
mod intensity;
mod persistent;
mod regression;
mod rw_drift;
mod transform;

use std::borrow::Cow;
use std::fmt::Debug;

use serde::Serialize;

pub(crate) use damped::damped_points;
pub use damped::{Damped, DampedParams, FittedDamped};
pub use gm11::{FittedGm11, Gm11};
pub use intensity::{FittedIntensity, Intensity, PLAN_ADHERENCE_SIGMA, plan_adherence_cv};
pub use persistent::PersistentLognormal;
pub use regression::{Exponential, FittedRegression, Linear, Logistic, Polynomial, Quadratic};
pub use rw_drift::{FittedRwDrift, RwDrift};

use crate::error::ForecastError;
use crate::forecast::{Forecast, PointKind};
use crate::level::Level;
use crate::rng::PathRng;

/// Which series a forecast is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// Methane drainage, million m3 a year.
    Methane,
    /// Coal output, thousand tonnes a year.
    Coal,
}

impl SeriesKind {
    /// The column name of the series.
    pub fn column(self) -> &'static str {
        match self {
            SeriesKind::Methane => cmmcast_data::METHANE_COLUMN,
            SeriesKind::Coal => cmmcast_data::COAL_COLUMN,
        }
    }

    /// The unit of the series, in words.
    pub fn unit(self) -> &'static str {
        match self {
            SeriesKind::Methane => cmmcast_data::METHANE_UNIT,
            SeriesKind::Coal => cmmcast_data::COAL_UNIT,
        }
    }
}

/// What a model is fitted to: one series by year, and the coal series for models that use it.
#[derive(Debug, Clone, Copy)]
pub struct TrendInput<'a> {
    /// Years, increasing and unique.
    pub years: &'a [i32],
    /// The series to forecast, one value per year.
    pub values: &'a [f64],
    /// Which series `values` is.
    pub series: SeriesKind,
    /// Coal output for the same years, when the data has it.
    pub coal_kt: Option<&'a [f64]>,
    /// The site's production plan after these years, when it has one (the intensity model
    /// turns it into methane; the other models forecast from the years alone).
    pub coal_plan: Option<&'a cmmcast_data::CoalPlan>,
}

impl<'a> TrendInput<'a> {
    /// The input for one series of a site, or `None` when the site lacks that series.
    ///
    /// ```
    /// use cmmcast_forecast::trend::{SeriesKind, TrendInput};
    /// let data = cmmcast_data::Dataset::songzao();
    /// let site = data.site(None)?;
    /// let input = TrendInput::from_series(&site.series, SeriesKind::Methane).unwrap();
    /// assert_eq!(input.values[0], 222.94);
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn from_series(
        series: &'a cmmcast_data::AnnualSeries,
        kind: SeriesKind,
    ) -> Option<TrendInput<'a>> {
        let values = match kind {
            SeriesKind::Methane => series.methane_mm3()?,
            SeriesKind::Coal => series.coal_kt()?,
        };
        Some(TrendInput {
            years: series.years(),
            values,
            series: kind,
            coal_kt: series.coal_kt(),
            coal_plan: series.coal_plan(),
        })
    }

    /// A methane series on its own, with no coal: what a reference-class window or a bare
    /// series gives the models (those that need coal, intensity, then refuse it).
    ///
    /// ```
    /// use cmmcast_forecast::trend::{SeriesKind, TrendInput};
    /// let input = TrendInput::methane(&[2020, 2021], &[1.0, 2.0]);
    /// assert_eq!((input.series, input.coal_kt), (SeriesKind::Methane, None));
    /// ```
    pub fn methane(years: &'a [i32], values: &'a [f64]) -> TrendInput<'a> {
        TrendInput {
            years,
            values,
            series: SeriesKind::Methane,
            coal_kt: None,
            coal_plan: None,
        }
    }

    /// Number of years.
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// Whether there are no years.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// The last observed year.
    pub fn last_year(&self) -> Option<i32> {
        self.years.last().copied()
    }

    /// Time since the first year, in years: the regressor of every trend.
    pub(crate) fn times(&self) -> Vec<f64> {
        let first = self.years.first().copied().unwrap_or_default();
        self.years.iter().map(|&y| f64::from(y - first)).collect()
    }
}

/// A named parameter of a fitted model, with its standard error when the model has one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Name, e.g. `slope_per_year`.
    pub name: Cow<'static, str>,
    /// Estimate.
    pub value: f64,
    /// Standard error, when the model has sampling theory for it.
    pub std_error: Option<f64>,
}

/// A model that can be fitted to a series.
pub trait TrendModel: Send + Sync + Debug {
    /// The model's name on the command line.
    fn name(&self) -> &'static str;
    /// Fewest years the model accepts.
    fn min_points(&self) -> usize;
    /// Why that many (shown after the refusal), starting with "; ".
    fn min_points_reason(&self) -> &'static str {
        "; with fewer, nothing is left to estimate the error variance"
    }
    /// Whether the model needs consecutive years.
    fn needs_equal_spacing(&self) -> bool {
        false
    }
    /// Fits the model.
    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError>;
}

/// A fitted model: parameters, in-sample fit, comparison statistics and forecasts.
pub trait FittedTrend: Send + Sync + Debug {
    /// The model's name.
    fn name(&self) -> &'static str;
    /// The parameters, named.
    fn parameters(&self) -> Vec<Parameter>;
    /// Observed years.
    fn years(&self) -> &[i32];
    /// Observed values.
    fn observed(&self) -> &[f64];
    /// Fitted values on the original scale.
    fn fitted(&self) -> Vec<f64>;
    /// Log-likelihood of the observed values on the original scale (transformed models
    /// include the Jacobian of the transformation), so every model compares on one scale.
    fn log_likelihood(&self) -> f64;
    /// Parameters counted by the information criteria (including the error variance).
    fn n_information_parameters(&self) -> usize;
    /// How many terms the log-likelihood sums, the n of AICc's small-sample correction: one
    /// per year, except for models whose likelihood is of something else (a random walk's
    /// year-to-year differences, n − 1; the damped trend's one-step errors after the two years
    /// that start it, n − 2).
    fn n_likelihood_terms(&self) -> usize {
        self.observed().len()
    }
    /// Leave-one-out predictions on the original scale; `None` where a point cannot be left
    /// out.
    fn loo_predictions(&self) -> Vec<Option<f64>>;
    /// Whether the model's AICc may be weighed against the others'. `false` for models whose
    /// likelihood is of something other than the years' values given time: intensity's is
    /// given the observed coal, rw-drift's of the differences, damped's of one-step errors.
    fn comparable(&self) -> bool {
        true
    }
    /// What the point forecast is.
    fn point_kind(&self) -> PointKind;
    /// Forecasts for the given years (after the last observation) at the given levels.
    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast;

    /// One joint sample path: a new observation for each of `years`, drawn with one draw of
    /// the model's parameters for the whole path (so years move together as the parameter
    /// uncertainty says) plus independent new-observation noise each year. Writes into `out`
    /// (same length as `years`).
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]);

    /// [`FittedTrend::sample_path`] times a multiplier a year given by its logarithm:
    /// `out[t] = path[t] · exp(log_multipliers[t])`, reading the stream exactly as
    /// `sample_path` does. Models on the log scale override it to fold the multiplier into
    /// their own back-transform, one `exp` instead of two (the simulation's lognormal plan
    /// adherence).
    fn sample_path_times(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multipliers: &[f64],
        out: &mut [f64],
    ) {
        self.sample_path(rng, years, out);
        for (value, m) in out.iter_mut().zip(log_multipliers) {
            *value *= m.exp();
        }
    }

    /// [`FittedTrend::sample_path`] times an independent lognormal multiplier each year,
    /// exp(ln_median + sigma · z): by default the multipliers' normals first, then the path
    /// through [`FittedTrend::sample_path_times`]. Models on the log scale override it: there
    /// the multiplier's normal adds to the new observation's, so one normal of variance
    /// σ² + sigma² does for both (the simulation's lognormal plan adherence).
    fn sample_path_lognormal(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        (ln_median, sigma): (f64, f64),
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        use rand_distr::{Distribution, StandardNormal};
        scratch.clear();
        scratch.extend(years.iter().map(|_| {
            let z: f64 = StandardNormal.sample(rng);
            ln_median + sigma * z
        }));
        self.sample_path_times(rng, years, scratch, out);
    }

    /// [`FittedTrend::sample_path`] times a lognormal multiplier that persists along the path,
    /// a per-path level plus a stationary AR(1) in its logarithm ([`PersistentLognormal`], the
    /// simulation's persistent plan adherence): by default the multipliers first
    /// ([`PersistentLognormal::log_multipliers`] into `scratch`), then the path through
    /// [`FittedTrend::sample_path_times`]. Models on the log scale override it: there the
    /// multiplier's yearly part adds to the new observation's noise, and the two together are
    /// drawn with one normal a year instead of two (METHODS 11.3).
    fn sample_path_persistent(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        multiplier: &PersistentLognormal,
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        multiplier.log_multipliers(rng, years.len(), scratch);
        self.sample_path_times(rng, years, scratch, out);
    }

    /// R² on the original scale, 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; `None` for a constant series.
    fn r_squared(&self) -> Option<f64> {
        let observed = self.observed();
        let fitted = self.fitted();
        let n = observed.len() as f64;
        let mean = observed.iter().sum::<f64>() / n;
        let total: f64 = observed.iter().map(|y| (y - mean).powi(2)).sum();
        let rss: f64 = observed
            .iter()
            .zip(&fitted)
            .map(|(y, f)| (y - f).powi(2))
            .sum();
        (total > 0.0).then(|| 1.0 - rss / total)
    }
}

/// Refuses a series that is too short or has gaps for the model.
pub(crate) fn check_input(
    model: &dyn TrendModel,
    input: &TrendInput<'_>,
) -> Result<(), ForecastError> {
    if input.len() < model.min_points() {
        return Err(ForecastError::TooFewPoints {
            model: model.name(),
            needed: model.min_points(),
            got: input.len(),
            why: model.min_points_reason(),
        });
    }
    if model.needs_equal_spacing()
        && let Some(pair) = input.years.windows(2).find(|w| w[1] - w[0] != 1)
    {
        return Err(ForecastError::NeedsEqualSpacing {
            model: model.name(),
            from: pair[0],
            to: pair[1],
        });
    }
    Ok(())
}

/// A model choice on the command line: one model, or `auto` (lowest AICc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelChoice {
    /// Pick by AICc among the comparable models.
    Auto,
    /// Linear trend.
    Linear,
    /// Exponential (log-linear) trend.
    Exponential,
    /// Quadratic trend.
    Quadratic,
    /// Grey model GM(1,1).
    Gm11,
    /// Methane per tonne times a coal forecast.
    Intensity,
    /// Logistic with a ceiling.
    Logistic,
    /// Random walk with drift, ARIMA(0,1,0) with a constant.
    RwDrift,
    /// Damped-trend exponential smoothing, ETS(A,Ad,N), with the parameters chosen on the
    /// reference class ([`DampedParams::SHIPPED`]).
    Damped,
}

impl ModelChoice {
    /// Every choice, in menu order.
    pub const ALL: [ModelChoice; 9] = [
        ModelChoice::Auto,
        ModelChoice::Linear,
        ModelChoice::Exponential,
        ModelChoice::Quadratic,
        ModelChoice::Gm11,
        ModelChoice::Intensity,
        ModelChoice::Logistic,
        ModelChoice::RwDrift,
        ModelChoice::Damped,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ModelChoice::Auto => "auto",
            ModelChoice::Linear => "linear",
            ModelChoice::Exponential => "exponential",
            ModelChoice::Quadratic => "quadratic",
            ModelChoice::Gm11 => "gm11",
            ModelChoice::Intensity => "intensity",
            ModelChoice::Logistic => "logistic",
            ModelChoice::RwDrift => "rw-drift",
            ModelChoice::Damped => "damped",
        }
    }

    /// One line on what the choice does, for help texts.
    pub fn describe(self) -> &'static str {
        match self {
            ModelChoice::Auto => {
                "the lowest AICc among the comparable models (near-ties are reported)"
            }
            ModelChoice::Linear => "y = b0 + b1 t",
            ModelChoice::Exponential => "ln y = b0 + b1 t (point forecast = median)",
            ModelChoice::Quadratic => "y = b0 + b1 t + b2 t²",
            ModelChoice::Gm11 => "grey model GM(1,1) (consecutive years only)",
            ModelChoice::Intensity => {
                "methane = methane per tonne x a linear coal forecast, or the planned coal \
                 (needs coal; the default when the data carries a production plan)"
            }
            ModelChoice::Logistic => "logistic towards a ceiling you give",
            ModelChoice::RwDrift => {
                "random walk with drift: last value + drift x years (consecutive years only)"
            }
            ModelChoice::Damped => {
                "damped-trend exponential smoothing ETS(A,Ad,N), fixed parameters (consecutive \
                 years only)"
            }
        }
    }

    /// Parses a name.
    ///
    /// ```
    /// use cmmcast_forecast::trend::ModelChoice;
    /// assert_eq!("gm11".parse::<ModelChoice>()?, ModelChoice::Gm11);
    /// assert!("holt".parse::<ModelChoice>().is_err());
    /// # Ok::<(), cmmcast_forecast::ForecastError>(())
    /// ```
    pub fn parse(name: &str) -> Result<ModelChoice, ForecastError> {
        ModelChoice::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| ForecastError::UnknownModel(name.into()))
    }

    /// The model for this choice (`None` for `auto`); logistic needs a ceiling.
    pub fn model(self, ceiling: Option<f64>) -> Result<Option<Box<dyn TrendModel>>, ForecastError> {
        Ok(Some(match self {
            ModelChoice::Auto => return Ok(None),
            ModelChoice::Linear => Box::new(Linear),
            ModelChoice::Exponential => Box::new(Exponential),
            ModelChoice::Quadratic => Box::new(Quadratic),
            ModelChoice::Gm11 => Box::new(Gm11),
            ModelChoice::Intensity => Box::new(Intensity),
            ModelChoice::Logistic => Box::new(Logistic::new(
                ceiling.ok_or(ForecastError::MissingCeiling)?,
            )?),
            ModelChoice::RwDrift => Box::new(RwDrift),
            ModelChoice::Damped => Box::new(Damped::default()),
        }))
    }
}

impl std::str::FromStr for ModelChoice {
    type Err = ForecastError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelChoice::parse(s)
    }
}

/// The whole menu: every model, with logistic only when a ceiling is given. The stochastic
/// trends (rw-drift, damped) come last, after the models `auto` weighs (they are never weighed,
/// section 7 of docs/METHODS.md), so the others keep their order.
pub fn menu(ceiling: Option<f64>) -> Result<Vec<Box<dyn TrendModel>>, ForecastError> {
    let mut models = backtest_menu(ceiling)?;
    models.push(Box::new(RwDrift));
    models.push(Box::new(Damped::default()));
    Ok(models)
}

/// The models a backtest runs when none are named: the menu without the stochastic trends
/// (rw-drift and damped), which a backtest runs when they are named. It is the menu as it was
/// before they were added, so that a default backtest and its documented results did not
/// change with them.
pub fn backtest_menu(ceiling: Option<f64>) -> Result<Vec<Box<dyn TrendModel>>, ForecastError> {
    let mut models: Vec<Box<dyn TrendModel>> = vec![
        Box::new(Linear),
        Box::new(Exponential),
        Box::new(Quadratic),
        Box::new(Gm11),
        Box::new(Intensity),
    ];
    if let Some(ceiling) = ceiling {
        models.push(Box::new(Logistic::new(ceiling)?));
    }
    Ok(models)
}

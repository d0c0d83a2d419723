//! One call from a site to a forecast of either series: choose or compare models, fit,
//! forecast. What the CLI's `fit` and `forecast` commands do, available to library users, with
//! several sites done in parallel. The energy chain's commands go through
//! [`crate::study`], which forecasts methane with the same functions.

use rayon::prelude::*;

use cmmcast_data::Site;

use crate::calibrate::CalibrationSummary;
use crate::choice::{IntervalChoice, ModelSelection};
use crate::closure::Closure;
use crate::error::ForecastError;
use crate::forecast::{Forecast, horizon};
use crate::level::Level;
use crate::select::Comparison;
use crate::study::Combination;
use crate::trend::{ModelChoice, Parameter, SeriesKind, TrendInput, menu};

/// Year the default forecast runs to.
pub const DEFAULT_END_YEAR: i32 = 2030;
/// Horizon used instead when the data already reaches [`DEFAULT_END_YEAR`].
pub const DEFAULT_HORIZON_YEARS: i32 = 14;

/// What to forecast and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRequest {
    /// Which series.
    pub series: SeriesKind,
    /// Which model, or `auto`; `None` for the default: the damped trend, or the intensity
    /// model on the planned coal when the site carries a production plan
    /// ([`ModelChoice::default_for`]).
    pub model: Option<ModelChoice>,
    /// The intervals: `None` for calibrated with the damped trend and the model's own with the
    /// others ([`IntervalChoice::settle`]).
    pub intervals: Option<IntervalChoice>,
    /// Ceiling for the logistic model, in the series' unit.
    pub ceiling: Option<f64>,
    /// Last forecast year; `None` for the default (2030, or 14 years past data reaching it).
    pub to: Option<i32>,
    /// The last year the mine drains gas, over the site facts' `closure_year`: the forecast is
    /// 0 after it.
    pub closure_year: Option<i32>,
    /// Interval levels.
    pub levels: Vec<Level>,
}

impl Default for ForecastRequest {
    /// Methane, the default model (the damped trend with calibrated intervals, or intensity
    /// on a production plan), to 2030 (or the plan's end), levels 80 and 95.
    fn default() -> Self {
        ForecastRequest {
            series: SeriesKind::Methane,
            model: None,
            intervals: None,
            ceiling: None,
            to: None,
            closure_year: None,
            levels: Level::defaults(),
        }
    }
}

/// A site's forecast with what produced it.
#[derive(Debug, Clone)]
pub struct SiteForecast {
    /// The site's name.
    pub site: String,
    /// The forecast.
    pub forecast: Forecast,
    /// The chosen model's parameters.
    pub parameters: Vec<Parameter>,
    /// With `auto`: why that model, naming near-ties.
    pub selection: Option<String>,
    /// Which intervals the forecast has.
    pub intervals: IntervalChoice,
    /// With calibrated intervals: what they were learned from.
    pub calibration: Option<CalibrationSummary>,
    /// For a plant fed by several mines: the mines and how their forecasts were combined.
    pub combination: Option<Combination>,
}

/// Every model of the menu fitted to one site's series.
#[derive(Debug)]
pub struct SiteComparison {
    /// The site's name.
    pub site: String,
    /// The comparison.
    pub comparison: Comparison,
}

/// The years a forecast covers: from the year after the data to `to`, by default 2030, or
/// [`DEFAULT_HORIZON_YEARS`] after data that already reach 2030, and at least to the end of
/// the site's production plan.
pub fn forecast_years(input: &TrendInput<'_>, to: Option<i32>) -> Result<Vec<i32>, ForecastError> {
    let last = input.last_year().unwrap_or_default();
    let default_end = if last < DEFAULT_END_YEAR {
        DEFAULT_END_YEAR
    } else {
        last + DEFAULT_HORIZON_YEARS
    };
    let plan_end = input.coal_plan.map(|plan| plan.last_year());
    let to = to.unwrap_or(default_end.max(plan_end.unwrap_or(default_end)));
    horizon(last, to)
}

/// A site's series as a trend input, or a refusal naming the series it lacks.
pub(crate) fn input_for<'a>(
    site: &'a Site,
    series: SeriesKind,
) -> Result<TrendInput<'a>, ForecastError> {
    TrendInput::from_series(&site.series, series).ok_or(ForecastError::SeriesAbsent {
        series: series.column(),
        other: match series {
            SeriesKind::Methane => "coal",
            SeriesKind::Coal => "methane",
        },
    })
}

/// Fits every model of the menu (logistic only with a ceiling) to one site's series.
pub fn compare_site(
    site: &Site,
    series: SeriesKind,
    ceiling: Option<f64>,
) -> Result<SiteComparison, ForecastError> {
    let input = input_for(site, series)?;
    Ok(SiteComparison {
        site: site.name().to_string(),
        comparison: Comparison::run(&input, &menu(ceiling)?),
    })
}

/// Forecasts one site's series as the request says.
///
/// ```
/// use cmmcast_forecast::request::{forecast_site, ForecastRequest};
/// let data = cmmcast_data::Dataset::songzao();
/// let result = forecast_site(data.site(None)?, &ForecastRequest::default()).unwrap();
/// assert_eq!(result.forecast.years.first(), Some(&2017));
/// assert_eq!(result.forecast.years.last(), Some(&2030));
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
pub fn forecast_site(
    site: &Site,
    request: &ForecastRequest,
) -> Result<SiteForecast, ForecastError> {
    let input = input_for(site, request.series)?;
    let years = forecast_years(&input, request.to)?;
    let closure = Closure::of(site, request.closure_year)?;
    let selection = ModelSelection::resolve_requested(
        &input,
        request.model,
        request.intervals,
        request.ceiling,
    )?
    .closed(closure);
    forecast_with(site, &selection, &years, &request.levels)
}

/// The forecast of an already resolved selection's chosen model for `years`.
pub(crate) fn forecast_with(
    site: &Site,
    selection: &ModelSelection,
    years: &[i32],
    levels: &[Level],
) -> Result<SiteForecast, ForecastError> {
    let fit = selection.chosen();
    let forecast = fit.forecast(years, levels);
    check_finite(&forecast)?;
    Ok(SiteForecast {
        site: site.name().to_string(),
        forecast,
        parameters: fit.parameters(),
        selection: selection.explanation(),
        intervals: selection.intervals(),
        calibration: selection.calibration().map(|c| c.summary()),
        combination: None,
    })
}

/// Refuses a forecast whose point or bounds overflow (an exponential trend run far enough),
/// so that no `inf` or `NaN` ever reaches the output.
pub(crate) fn check_finite(forecast: &Forecast) -> Result<(), ForecastError> {
    let finite = |i: usize| {
        forecast.point[i].is_finite()
            && forecast
                .intervals
                .iter()
                .all(|b| b.lower[i].is_finite() && b.upper[i].is_finite())
    };
    match (0..forecast.years.len()).find(|&i| !finite(i)) {
        Some(i) => Err(ForecastError::ForecastOverflow {
            model: forecast.model,
            year: forecast.years[i],
        }),
        None => Ok(()),
    }
}

/// [`forecast_site`] for several sites in parallel; results in the order of `sites`, each
/// failure tagged with its site.
pub fn forecast_sites(
    sites: &[&Site],
    request: &ForecastRequest,
) -> Result<Vec<SiteForecast>, (String, ForecastError)> {
    sites
        .par_iter()
        .map(|site| forecast_site(site, request).map_err(|e| (site.name().to_string(), e)))
        .collect()
}

/// [`compare_site`] for several sites in parallel.
pub fn compare_sites(
    sites: &[&Site],
    series: SeriesKind,
    ceiling: Option<f64>,
) -> Result<Vec<SiteComparison>, (String, ForecastError)> {
    sites
        .par_iter()
        .map(|site| compare_site(site, series, ceiling).map_err(|e| (site.name().to_string(), e)))
        .collect()
}

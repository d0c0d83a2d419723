//! One call from a site to a forecast: choose or compare models, fit, forecast. What the CLI's
//! `fit` and `forecast` commands do, available to library users, with several sites done in
//! parallel.

use rayon::prelude::*;

use cmmcast_data::Site;

use serde::Serialize;

use crate::energy::{CapacityNeed, EnergyFactors, Plant, YearEnergy, capacity_need, project_year};
use crate::error::ForecastError;
use crate::forecast::{Forecast, horizon};
use crate::level::Level;
use crate::select::{Comparison, FitStats};
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
    /// Which model, or `auto`.
    pub model: ModelChoice,
    /// Ceiling for the logistic model, in the series' unit.
    pub ceiling: Option<f64>,
    /// Last forecast year; `None` for the default (2030, or 14 years past data reaching it).
    pub to: Option<i32>,
    /// Interval levels.
    pub levels: Vec<Level>,
}

impl Default for ForecastRequest {
    /// Methane, auto, to 2030, levels 80 and 95.
    fn default() -> Self {
        ForecastRequest {
            series: SeriesKind::Methane,
            model: ModelChoice::Auto,
            ceiling: None,
            to: None,
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
/// [`DEFAULT_HORIZON_YEARS`] after data that already reach 2030.
pub fn forecast_years(input: &TrendInput<'_>, to: Option<i32>) -> Result<Vec<i32>, ForecastError> {
    let last = input.last_year().unwrap_or_default();
    let to = to.unwrap_or(if last < DEFAULT_END_YEAR {
        DEFAULT_END_YEAR
    } else {
        last + DEFAULT_HORIZON_YEARS
    });
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
    let (fit, selection) = match request.model.model(request.ceiling)? {
        Some(model) => (model.fit(&input)?, None),
        None => {
            let mut comparison = Comparison::run(&input, &menu(request.ceiling)?);
            let explanation = comparison.explain();
            let best = comparison
                .best
                .ok_or_else(|| ForecastError::NothingFits(refusals(&comparison)))?;
            let fit = comparison.candidates.swap_remove(best).outcome?;
            (fit, Some(explanation))
        }
    };
    let forecast = fit.forecast(&years, &request.levels);
    check_finite(&forecast)?;
    Ok(SiteForecast {
        site: site.name().to_string(),
        forecast,
        parameters: fit.parameters(),
        selection,
    })
}

/// Refuses a forecast whose point or bounds overflow (an exponential trend run far enough),
/// so that no `inf` or `NaN` ever reaches the output.
fn check_finite(forecast: &Forecast) -> Result<(), ForecastError> {
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

/// Why no model could be weighed, for the error message.
fn refusals(comparison: &Comparison) -> String {
    comparison
        .candidates
        .iter()
        .map(|c| match (&c.outcome, &c.stats) {
            (Err(why), _) => why.to_string(),
            (
                Ok(_),
                Some(FitStats {
                    comparable: false, ..
                }),
            ) => {
                format!("{} is not weighed against the others", c.name)
            }
            (Ok(_), _) => format!("{} has too few years for AICc", c.name),
        })
        .collect::<Vec<_>>()
        .join("; ")
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

/// How the capacity needed each year is sized: the share of drained methane to burn and the
/// engine size, checked once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sizing {
    /// Share of the drained methane the capacity should burn, in (0, 1].
    pub target_utilization: f64,
    /// Electrical capacity of one engine, MW, from 0.01 to 1000.
    pub unit_mw: f64,
}

impl Sizing {
    /// Default target share: 0.9 (an assumption: most, not all, of the gas, since flow varies).
    pub const DEFAULT_TARGET_UTILIZATION: f64 = 0.9;
    /// Default engine size: 2.0 MW, a Caterpillar G3520-class unit (domain.md, section 3).
    pub const DEFAULT_UNIT_MW: f64 = 2.0;

    /// A checked sizing.
    pub fn new(target_utilization: f64, unit_mw: f64) -> Result<Sizing, ForecastError> {
        if !(target_utilization > 0.0 && target_utilization <= 1.0) {
            return Err(ForecastError::BadPlantParameter {
                name: "target_utilization",
                from: "",
                value: target_utilization,
                allowed: "above 0 and at most 1 (a share of the drained methane, e.g. 0.9)",
            });
        }
        if !(unit_mw.is_finite() && (0.01..=1000.0).contains(&unit_mw)) {
            return Err(ForecastError::BadPlantParameter {
                name: "unit_mw",
                from: "",
                value: unit_mw,
                allowed: "of at least 0.01 MW and at most 1000 MW (one engine's capacity, e.g. 2.0)",
            });
        }
        Ok(Sizing {
            target_utilization,
            unit_mw,
        })
    }
}

/// One year of a site's projection.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedYear {
    /// Whether the methane is observed (or planned) data rather than a forecast.
    pub observed: bool,
    /// The forecast's interval bounds of methane_mm3 at each level (empty for observed years).
    pub methane_bounds: Vec<(Level, f64, f64)>,
    /// The energy chain.
    pub energy: YearEnergy,
    /// Capacity needed for the target share.
    pub need: CapacityNeed,
}

/// A site's forecast carried through the energy chain.
#[derive(Debug, Clone)]
pub struct SiteProjection {
    /// The methane forecast.
    pub forecast: SiteForecast,
    /// The plant used.
    pub plant: Plant,
    /// The sizing used.
    pub sizing: Sizing,
    /// Observed years, then forecast years.
    pub years: Vec<ProjectedYear>,
}

/// Forecasts a site's methane and projects every observed and forecast year through the
/// energy chain of `plant`.
///
/// ```
/// use cmmcast_forecast::energy::PlantBuilder;
/// use cmmcast_forecast::request::{project_site, ForecastRequest, Sizing};
/// let data = cmmcast_data::Dataset::songzao();
/// let site = data.site(None)?;
/// let plant = PlantBuilder::from_site_facts(&site.facts).unwrap().build().unwrap();
/// let sizing = Sizing::new(0.9, 2.0).unwrap();
/// let p = project_site(site, plant, sizing, &ForecastRequest::default()).unwrap();
/// // 2012: the 26.9 MW plant burns 60.10 of the 222.94 million m3 drained (27.0 %).
/// assert!((p.years[0].energy.utilization.unwrap() - 0.2696).abs() < 1e-4);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
pub fn project_site(
    site: &Site,
    plant: Plant,
    sizing: Sizing,
    request: &ForecastRequest,
) -> Result<SiteProjection, ForecastError> {
    let request = ForecastRequest {
        series: SeriesKind::Methane,
        ..request.clone()
    };
    let forecast = forecast_site(site, &request)?;
    let factors = EnergyFactors::new(&plant);
    let project = |year: i32, methane: f64, observed: bool, methane_bounds| {
        let energy = project_year(&plant, &factors, year, methane);
        ProjectedYear {
            observed,
            methane_bounds,
            need: capacity_need(
                &plant,
                &factors,
                &energy,
                sizing.target_utilization,
                sizing.unit_mw,
            ),
            energy,
        }
    };
    let f = &forecast.forecast;
    let mut years: Vec<ProjectedYear> = f
        .in_sample
        .years
        .iter()
        .zip(&f.in_sample.observed)
        .map(|(&year, &methane)| project(year, methane, true, Vec::new()))
        .collect();
    for (i, &year) in f.years.iter().enumerate() {
        let bounds = f
            .intervals
            .iter()
            .map(|interval| (interval.level, interval.lower[i], interval.upper[i]))
            .collect();
        years.push(project(year, f.point[i], false, bounds));
    }
    Ok(SiteProjection {
        forecast,
        plant,
        sizing,
        years,
    })
}

/// [`project_site`] for several sites in parallel, each with its own plant and sizing.
pub fn project_sites(
    sites: Vec<(&Site, Plant, Sizing)>,
    request: &ForecastRequest,
) -> Result<Vec<SiteProjection>, (String, ForecastError)> {
    sites
        .into_par_iter()
        .map(|(site, plant, sizing)| {
            project_site(site, plant, sizing, request).map_err(|e| (site.name().to_string(), e))
        })
        .collect()
}

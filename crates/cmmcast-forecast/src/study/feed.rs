//! A plant fed by several mines ([`Site::mines`]): each mine's model selection fitted on its
//! own history, the plant's forecast years, and the plant's forecast as the sum of the mines'
//! (docs/METHODS.md, section 11.7).
//!
//! The mines may end their data in different years. The plant's forecast starts the year after
//! the latest last year (every year before it has at least one mine's data, and a year part
//! observed and part forecast would be neither), and each mine is forecast from the year after
//! its own data to the plant's last year, so that its trend runs from where its data stops.

use serde::Serialize;

use cmmcast_data::Site;

use crate::choice::{IntervalChoice, ModelSelection};
use crate::closure::Closure;
use crate::error::{ForecastError, ValueSource};
use crate::forecast::{Forecast, InSample, Interval, horizon};
use crate::level::Level;
use crate::request::{
    ForecastRequest, SiteForecast, check_finite, forecast_site, forecast_years, input_for,
};
use crate::sim::PathModels;
use crate::study::StudyParams;
use crate::trend::{ModelChoice, SeriesKind};

/// The dependence assumed between the mines' deviations from their forecasts when nothing is
/// given: 1, the mines move together (comonotone).
pub const DEFAULT_MINE_CORRELATION: f64 = 1.0;

/// Why [`DEFAULT_MINE_CORRELATION`] is 1, for output `meta`.
pub const MINE_CORRELATION_SOURCE: &str = "assumption: mines that feed one plant usually share a coal field, an owner, a plan and a market, so their deviations from plan tend to go the same way; moving together gives the widest spread of the plant's gas, the conservative choice for sizing and for the risk of a loss (independent mines would narrow the spread of the sum by up to the square root of the number of mines)";

/// How the plant's forecast is made from the mines', in one sentence for output `meta`.
pub const COMBINATION_RULE: &str = "the plant's point is the sum of the mines' points; each interval bound is the sum of the points minus (lower) or plus (upper) sqrt(sum of h_i^2 + 2 rho sum over i<j of h_i h_j), where h_i is mine i's distance from its point to that bound: the variance of a sum with correlation rho when every mine's interval is a normal one at the same level, exact for rho = 1 (quantiles of mines moving together add) and a normal approximation below it; in the simulation each path's mines draw from one common stream with probability rho and each from its own otherwise (a Frechet mixture of the comonotone and independence copulas, whose Spearman correlation is rho)";

/// Where a mine correlation read from the plant's facts came from, for output `meta`.
pub const MINE_CORRELATION_FROM_FACTS: &str = "site facts (plant.mine_correlation)";

/// The correlation between a plant's mines, with where it came from: `given` (a flag or code)
/// over the plant's facts (`[plant] mine_correlation`) over [`DEFAULT_MINE_CORRELATION`]; a
/// value outside [0, 1] is refused, naming where it came from.
pub(crate) fn correlation(
    given: Option<f64>,
    plant: &Site,
) -> Result<(f64, &'static str), ForecastError> {
    let (rho, from, source) = match (given, plant.facts.plant.mine_correlation) {
        (Some(rho), _) => (rho, ValueSource::Given, "given"),
        (None, Some(rho)) => (rho, ValueSource::SiteFacts, MINE_CORRELATION_FROM_FACTS),
        (None, None) => return Ok((DEFAULT_MINE_CORRELATION, MINE_CORRELATION_SOURCE)),
    };
    if !(0.0..=1.0).contains(&rho) {
        return Err(ForecastError::BadSetting {
            name: "mine_correlation",
            from,
            value: rho,
            allowed: MINE_CORRELATION_ALLOWED,
        });
    }
    Ok((rho, source))
}

/// The allowed mine correlations, in words.
pub(crate) const MINE_CORRELATION_ALLOWED: &str =
    "a correlation from 0 (the mines vary independently) to 1 (they move together)";

/// One mine of a plant, with its model selection fitted on its own methane.
#[derive(Debug)]
pub(crate) struct Mine<'a> {
    /// The mine.
    pub site: &'a Site,
    /// Its model choice, resolved on its own history.
    pub selection: ModelSelection,
}

/// One mine in the plant's forecast, for output `meta`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MineShare {
    /// The mine's name.
    pub name: String,
    /// The model its forecast uses.
    pub model: &'static str,
    /// The last year of its methane data.
    pub last_year: i32,
    /// Its point forecast over the plant's forecast years, million m3.
    pub point: Vec<f64>,
}

/// How a plant's forecast combines its mines' (for output `meta`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Combination {
    /// The mines, in name order.
    pub mines: Vec<MineShare>,
    /// The correlation assumed between the mines' deviations, in [0, 1].
    pub mine_correlation: f64,
    /// Where that value came from: given, or the default's reason.
    pub mine_correlation_source: &'static str,
    /// The rule, in words.
    pub rule: &'static str,
}

/// Each mine of `plant` with its model choice resolved on its own methane (the requested model,
/// else each mine's default: intensity on a mine's own production plan), its drainage zero
/// after its closure: the `closure_year` given for the plant, else the mine's own site facts'.
pub(crate) fn resolve_mines<'a>(
    plant: &'a Site,
    model: Option<ModelChoice>,
    intervals: Option<IntervalChoice>,
    ceiling: Option<f64>,
    closure_year: Option<i32>,
) -> Result<Vec<Mine<'a>>, ForecastError> {
    plant
        .mines
        .iter()
        .map(|site| {
            input_for(site, SeriesKind::Methane)
                .and_then(|input| {
                    let closure = Closure::of(site, closure_year)?;
                    Ok(
                        ModelSelection::resolve_requested(&input, model, intervals, ceiling)?
                            .closed(closure),
                    )
                })
                .map(|selection| Mine { site, selection })
                .map_err(|error| ForecastError::InMine {
                    mine: site.name().to_string(),
                    error: Box::new(error),
                })
        })
        .collect()
}

/// The methane forecast of a plant fed by several mines, as `request` asks (its series must be
/// methane: the plant burns gas, not coal), with the mines' deviations correlated at
/// `mine_correlation` (by default [`DEFAULT_MINE_CORRELATION`]); a site that is one mine is
/// forecast as [`crate::request::forecast_site`] does.
///
/// ```
/// use cmmcast_data::{Dataset, Format};
/// use cmmcast_forecast::request::ForecastRequest;
/// use cmmcast_forecast::study::forecast_plant;
/// use cmmcast_forecast::trend::ModelChoice;
/// let csv = "site,year,methane_mm3\nA,2014,10\nA,2015,11\nA,2016,12\n\
///            B,2014,20\nB,2015,22\nB,2016,24\n";
/// let data = Dataset::parse(csv, Format::Csv, "ab.csv", "x")?.combined()?;
/// let request = ForecastRequest { model: Some(ModelChoice::Linear), to: Some(2017), ..Default::default() };
/// let plant = forecast_plant(data.feed(None)?, &request, Some(0.0)).unwrap();
/// // Exact lines: A reaches 13 in 2017 and B 26, so the plant 39.
/// assert!((plant.forecast.point[0] - 39.0).abs() < 1e-9);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
pub fn forecast_plant(
    plant: &Site,
    request: &ForecastRequest,
    mine_correlation: Option<f64>,
) -> Result<SiteForecast, ForecastError> {
    let params = StudyParams {
        mine_correlation,
        ..StudyParams::default()
    };
    params.check_mine_correlation()?;
    if !plant.is_combined() {
        return forecast_site(plant, request);
    }
    if request.series != SeriesKind::Methane {
        return Err(ForecastError::CoalOfSeveralMines {
            plant: plant.name().to_string(),
            mines: plant
                .mines
                .iter()
                .map(|mine| mine.name())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let correlation = correlation(mine_correlation, plant)?;
    Closure::of(plant, request.closure_year)?;
    let mines = resolve_mines(
        plant,
        request.model,
        request.intervals,
        request.ceiling,
        request.closure_year,
    )?;
    let years = plant_years(&mines, request.to)?;
    combined_forecast(plant, &mines, &years, &request.levels, correlation)
}

/// The plant's forecast years: from the year after the latest last year of the mines' data to
/// `to`, by default as for one site with that last year.
pub(crate) fn plant_years(mines: &[Mine<'_>], to: Option<i32>) -> Result<Vec<i32>, ForecastError> {
    let mut latest = None;
    for mine in mines {
        let input = input_for(mine.site, SeriesKind::Methane)?;
        if latest
            .as_ref()
            .is_none_or(|(last, _)| input.last_year() > *last)
        {
            latest = Some((input.last_year(), input));
        }
    }
    let (_, input) = latest.ok_or(ForecastError::SeriesAbsent {
        series: "methane_mm3",
        other: "coal",
    })?;
    forecast_years(&input, to)
}

/// A mine's own forecast years: from the year after its data to the plant's last year.
pub(crate) fn mine_years(mine: &Mine<'_>, plant_years: &[i32]) -> Result<Vec<i32>, ForecastError> {
    let input = input_for(mine.site, SeriesKind::Methane)?;
    let last = input.last_year().unwrap_or_default();
    horizon(last, plant_years.last().copied().unwrap_or(last + 1))
}

/// The paths of the plant over `years`: each mine's models over its own years.
pub(crate) fn path_models(
    mines: &[Mine<'_>],
    years: Vec<i32>,
    correlation: f64,
) -> Result<PathModels, ForecastError> {
    let own = mines
        .iter()
        .map(|mine| Ok((&mine.selection, mine_years(mine, &years)?)))
        .collect::<Result<Vec<_>, ForecastError>>()?;
    Ok(PathModels::combined(own, years, correlation))
}

/// The plant's forecast over `years`: the sum of the mines' chosen models' forecasts, with
/// intervals combined at `correlation` ([`COMBINATION_RULE`]); the in-sample part is the
/// years every mine has, summed.
pub(crate) fn combined_forecast(
    plant: &Site,
    mines: &[Mine<'_>],
    years: &[i32],
    levels: &[Level],
    correlation: (f64, &'static str),
) -> Result<SiteForecast, ForecastError> {
    let forecasts = mines
        .iter()
        .map(|mine| {
            let forecast = mine
                .selection
                .chosen()
                .forecast(&mine_years(mine, years)?, levels);
            check_finite(&forecast)?;
            Ok(forecast)
        })
        .collect::<Result<Vec<Forecast>, ForecastError>>()?;
    let n = years.len();
    let tail = |values: &[f64]| values[values.len() - n..].to_vec();
    let points: Vec<Vec<f64>> = forecasts.iter().map(|f| tail(&f.point)).collect();
    let point: Vec<f64> = (0..n).map(|i| points.iter().map(|p| p[i]).sum()).collect();
    let intervals = levels
        .iter()
        .enumerate()
        .map(|(l, &level)| {
            let side = |bound: &dyn Fn(&Interval) -> &Vec<f64>| -> Vec<f64> {
                (0..n)
                    .map(|i| {
                        let distances: Vec<f64> = forecasts
                            .iter()
                            .zip(&points)
                            .map(|(f, p)| (tail(bound(&f.intervals[l]))[i] - p[i]).abs())
                            .collect();
                        combined_distance(&distances, correlation.0)
                    })
                    .collect()
            };
            let below = side(&|b| &b.lower);
            let above = side(&|b| &b.upper);
            Interval {
                level,
                lower: point.iter().zip(&below).map(|(p, d)| p - d).collect(),
                upper: point.iter().zip(&above).map(|(p, d)| p + d).collect(),
            }
        })
        .collect();
    let first = &forecasts[0];
    let same = |f: &Forecast| f.model == first.model;
    let forecast = Forecast {
        model: if forecasts.iter().all(same) {
            first.model
        } else {
            crate::sim::COMBINED_MODEL
        },
        years: years.to_vec(),
        point,
        point_kind: first.point_kind,
        intervals,
        interval_method: first.interval_method,
        df: Vec::new(),
        in_sample: summed_in_sample(&forecasts),
    };
    check_finite(&forecast)?;
    let explanations: Vec<String> = mines
        .iter()
        .filter_map(|m| {
            m.selection
                .explanation()
                .map(|e| format!("{}: {e}", m.site.name()))
        })
        .collect();
    Ok(SiteForecast {
        site: plant.name().to_string(),
        forecast,
        parameters: Vec::new(),
        selection: (!explanations.is_empty()).then(|| explanations.join("; ")),
        intervals: mines[0].selection.intervals(),
        calibration: mines[0].selection.calibration().map(|c| c.summary()),
        combination: Some(Combination {
            mines: mines
                .iter()
                .zip(forecasts.iter().zip(points))
                .map(|(mine, (f, point))| MineShare {
                    name: mine.site.name().to_string(),
                    model: f.model,
                    last_year: f.in_sample.years.last().copied().unwrap_or_default(),
                    point,
                })
                .collect(),
            mine_correlation: correlation.0,
            mine_correlation_source: correlation.1,
            rule: COMBINATION_RULE,
        }),
    })
}

/// sqrt(Σ dᵢ² + 2ρ Σ_{i<j} dᵢ dⱼ): the distance of the sum's bound from the sum's point.
///
/// With one common quantile q and σᵢ = dᵢ / q it is q times the standard deviation of a sum
/// whose terms have correlation ρ; ρ = 1 gives Σ dᵢ, ρ = 0 the root of the sum of squares.
pub(crate) fn combined_distance(distances: &[f64], correlation: f64) -> f64 {
    let squares: f64 = distances.iter().map(|d| d * d).sum();
    let total: f64 = distances.iter().sum();
    // 2 Σ_{i<j} dᵢ dⱼ = (Σ dᵢ)² − Σ dᵢ².
    (squares + correlation * (total * total - squares))
        .max(0.0)
        .sqrt()
}

/// The years every mine's fit covers, with the observed and fitted values summed.
fn summed_in_sample(forecasts: &[Forecast]) -> InSample {
    let mut years = forecasts[0].in_sample.years.clone();
    years.retain(|y| forecasts.iter().all(|f| f.in_sample.years.contains(y)));
    let sum = |pick: fn(&InSample) -> &Vec<f64>| -> Vec<f64> {
        years
            .iter()
            .map(|year| {
                forecasts
                    .iter()
                    .map(|f| {
                        let i = f.in_sample.years.iter().position(|y| y == year);
                        i.map_or(0.0, |i| pick(&f.in_sample)[i])
                    })
                    .sum()
            })
            .collect()
    };
    InSample {
        observed: sum(|s| &s.observed),
        fitted: sum(|s| &s.fitted),
        years,
    }
}

#[cfg(test)]
mod tests {
    use super::combined_distance;

    /// Distances 3 and 4: ρ = 0 gives √(9 + 16) = 5, ρ = 1 gives 3 + 4 = 7, ρ = 0.5 gives
    /// √(25 + 2·0.5·12) = √37.
    #[test]
    fn distances_combine_as_a_correlated_sum() {
        assert!((combined_distance(&[3.0, 4.0], 0.0) - 5.0).abs() < 1e-12);
        assert!((combined_distance(&[3.0, 4.0], 1.0) - 7.0).abs() < 1e-12);
        assert!((combined_distance(&[3.0, 4.0], 0.5) - 37f64.sqrt()).abs() < 1e-12);
    }
}

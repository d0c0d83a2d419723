//! The deterministic projection: the observed years and the chosen model's point forecast,
//! through the plant at its central values, year by year.

use crate::energy::{
    CapacityNeed, EnergyFactors, Plant, Sizing, YearEnergy, capacity_need, drainage_mm3,
    project_year,
};
use crate::level::Level;
use crate::request::SiteForecast;

/// One year of a site's projection.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedYear {
    /// Whether the methane is observed (or planned) data rather than a forecast.
    pub observed: bool,
    /// The forecast's interval bounds of drained methane at each level, times the plan
    /// adherence's median and floored at zero like the point (empty for observed years).
    pub methane_bounds: Vec<(Level, f64, f64)>,
    /// The energy chain.
    pub energy: YearEnergy,
    /// Capacity needed for the target share.
    pub need: CapacityNeed,
}

/// A site's forecast carried through the energy chain.
#[derive(Debug, Clone)]
pub struct SiteProjection {
    /// The methane forecast, as the model gives it (before plan adherence and the floor).
    pub forecast: SiteForecast,
    /// The plant used.
    pub plant: Plant,
    /// The sizing used.
    pub sizing: Sizing,
    /// The plan adherence applied to the forecast years (its median; 1 = as forecast).
    pub adherence: f64,
    /// Observed years, then forecast years.
    pub years: Vec<ProjectedYear>,
    /// Forecast years whose drainage was floored at zero (the trend went below it).
    pub floored_years: Vec<i32>,
}

/// Projects every observed and forecast year of `forecast` through `plant`: forecast years'
/// methane times `adherence`, floored at zero ([`drainage_mm3`]).
pub(crate) fn project(
    forecast: SiteForecast,
    plant: Plant,
    sizing: Sizing,
    adherence: f64,
) -> SiteProjection {
    let factors = EnergyFactors::new(&plant);
    let year_of = |year: i32, methane: f64, observed: bool, methane_bounds| {
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
        .map(|(&year, &methane)| year_of(year, methane, true, Vec::new()))
        .collect();
    let mut floored_years = Vec::new();
    for (i, &year) in f.years.iter().enumerate() {
        let bounds = f
            .intervals
            .iter()
            .map(|interval| {
                (
                    interval.level,
                    drainage_mm3(interval.lower[i] * adherence),
                    drainage_mm3(interval.upper[i] * adherence),
                )
            })
            .collect();
        let raw = f.point[i] * adherence;
        if raw < 0.0 {
            floored_years.push(year);
        }
        years.push(year_of(year, drainage_mm3(raw), false, bounds));
    }
    SiteProjection {
        forecast,
        plant,
        sizing,
        adherence,
        years,
        floored_years,
    }
}

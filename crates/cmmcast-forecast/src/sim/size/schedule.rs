//! The value of the plant's own capacity schedule (its capacity and scheduled additions), on
//! the same paths and days as the sizing's engine counts, so that "build all now" (a row of
//! the sizing) and "build in stages" (a schedule) can be read side by side.
//!
//! Each operating year runs round(capacity / unit_mw) engines of the sizing's unit, burning the
//! year's daily flow as the sizing does; the capex of each rise is paid the year before it
//! first runs, by the economics module's convention. Like the engine counts, the schedule is
//! a new plant: the capacity running in the first forecast year is paid the year before.

use rayon::prelude::*;
use serde::Serialize;

use crate::economics::EconomicParams;
use crate::energy::{EnergyFactors, HOURS_PER_YEAR, Plant};
use crate::error::{ForecastError, PathsOf};
use crate::sim::flow::{DailyFlow, PATH_LEVEL_STREAM, daily_rng};
use crate::sim::simulate::check_paths;
use crate::sim::size::daily::{Burner, DayScratch};
use crate::sim::size::engines::mwh_per_mm3;
use crate::sim::size::stats::NpvSummary;
use crate::sim::size::value::{Valuer, operating_year};
use crate::sim::size::{MAX_ENGINES, SizingSettings, check_lifetime};
use crate::sim::{AnnualDraw, PathModels, PathScratch, UncertainInputs};

/// A capacity schedule's value over the paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleValue {
    /// The operating years valued (the first `lifetime_years` simulated years).
    pub years: Vec<i32>,
    /// Engines running in each of those years: round(capacity / unit_mw).
    pub engines: Vec<u32>,
    /// The NPV over the paths.
    pub npv: NpvSummary,
    /// Mean capacity factor over the valued path-years with engines running: gross output /
    /// (engines x unit_mw x 8760 h).
    pub capacity_factor: f64,
}

/// Values `plant`'s capacity schedule ([`Plant::capacity_in`] each year) on the sizing's paths
/// (same models, inputs, flow, paths and seed as [`crate::sim::size_valued`]) with engines of
/// `sizing.unit_mw` at `sizing.min_load`; `sizing.year` and the engine counts play no part.
///
/// Refuses a lifetime longer than the simulated years and a schedule of more than
/// [`MAX_ENGINES`] engines.
pub fn value_schedule(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    flow: &DailyFlow,
    (paths, seed): (usize, u64),
    sizing: &SizingSettings,
    economics: &EconomicParams,
) -> Result<ScheduleValue, ForecastError> {
    sizing.check()?;
    check_paths(paths, PathsOf::Sizing)?;
    economics.validate()?;
    let simulated = models.years();
    check_lifetime(economics, simulated.len())?;
    let lifetime = economics.lifetime_years as usize;
    let years = simulated[..lifetime].to_vec();
    let counts: Vec<u64> = years
        .iter()
        .map(|&year| (plant.capacity_in(year) / sizing.unit_mw).round() as u64)
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    if most > u64::from(MAX_ENGINES) {
        return Err(ForecastError::ScheduleTooManyEngines {
            engines: most,
            unit_mw: sizing.unit_mw,
            max: MAX_ENGINES,
        });
    }
    let engines: Vec<u32> = counts.iter().map(|&c| c as u32).collect();
    let unit_kw = sizing.unit_mw * 1000.0;
    let kw = |k: usize| f64::from(engines[k - 1]) * unit_kw;
    let valuer = Valuer::new(economics, 1, |_, k| kw(k));

    let base = plant.operating;
    let burner = Burner {
        plant,
        flow,
        seed,
        unit_mw: sizing.unit_mw,
        min_load: sizing.min_load,
    };
    let per_path: Vec<(f64, f64, f64)> = (0..paths as u64)
        .into_par_iter()
        .map_init(
            || {
                (
                    vec![
                        AnnualDraw {
                            year: 0,
                            drained_mm3: 0.0,
                            values: base,
                        };
                        simulated.len()
                    ],
                    PathScratch::new(base),
                    DayScratch::default(),
                    vec![0.0; most as usize],
                )
            },
            |(annual, scratch, days, burnt), path| {
                models.draw(&base, inputs, seed, path, scratch, annual);
                let flow_path = flow.for_path(&mut daily_rng(seed, path, PATH_LEVEL_STREAM));
                let mut npv = [0.0];
                valuer.start(&mut npv);
                let (mut cf_sum, mut cf_years) = (0.0, 0.0);
                for (y, draw) in annual.iter().take(lifetime).enumerate() {
                    let count = engines[y] as usize;
                    let burnt_mm3 = if count == 0 {
                        0.0
                    } else {
                        burner.burn(days, (path, flow_path), y, draw, burnt);
                        burnt[count - 1]
                    };
                    let factors = EnergyFactors::with_values(plant, &draw.values);
                    let year = operating_year(plant, draw, &factors, burnt_mm3, kw(y + 1));
                    valuer.add(&mut npv[0], 0, y + 1, &year);
                    if count > 0 {
                        let mwh = burnt_mm3 * mwh_per_mm3(plant, &draw.values);
                        cf_sum += (mwh / (count as f64 * sizing.unit_mw * HOURS_PER_YEAR)).min(1.0);
                        cf_years += 1.0;
                    }
                }
                (npv[0], cf_sum, cf_years)
            },
        )
        .collect();
    let mut npvs: Vec<f64> = per_path.iter().map(|p| p.0).collect();
    // Sums in path order, so the result does not depend on the threads.
    let (cf_sum, cf_years) = per_path
        .iter()
        .fold((0.0, 0.0), |(s, n), p| (s + p.1, n + p.2));
    Ok(ScheduleValue {
        years,
        engines,
        npv: NpvSummary::of(&mut npvs),
        capacity_factor: if cf_years > 0.0 {
            cf_sum / cf_years
        } else {
            0.0
        },
    })
}

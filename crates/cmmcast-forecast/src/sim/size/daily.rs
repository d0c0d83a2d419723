//! One path-year's gas through the engines: its usable gas spread over the days of its own
//! stream, then burnt by every engine count. Shared by the sizing and the valuation of a
//! schedule, so both see the same days for the same seed, path and year index, whichever
//! years each of them uses.

use crate::energy::Plant;
use crate::sim::AnnualDraw;
use crate::sim::flow::{DailyFlow, daily_multipliers, daily_rng};
use crate::sim::size::engines::{EngineSweep, engine_day_mm3};
use crate::sim::size::{DAYS_PER_YEAR, usable_mm3};

/// What is fixed for every path-year of a run.
pub(super) struct Burner<'a> {
    pub plant: &'a Plant,
    pub flow: &'a DailyFlow,
    pub seed: u64,
    pub unit_mw: f64,
    pub min_load: f64,
}

/// A worker's buffers for the days.
#[derive(Debug, Clone)]
pub(super) struct DayScratch {
    days: Vec<f64>,
    sweep: EngineSweep,
}

impl Default for DayScratch {
    fn default() -> Self {
        DayScratch {
            days: vec![0.0; DAYS_PER_YEAR],
            sweep: EngineSweep::default(),
        }
    }
}

/// What a path-year offered the engines.
#[derive(Debug, Clone, Copy)]
pub(super) struct YearGas {
    /// Usable gas sent to power, million m3.
    pub usable_mm3: f64,
    /// The lowest day's gas, million m3 (for shortfall).
    pub least_day_mm3: f64,
    /// One engine's full-load day, million m3.
    pub engine_day_mm3: f64,
}

impl Burner<'_> {
    /// Burns year index `y` of `path` (annual values `draw`, the path's flow values
    /// `flow_path`) with 1..=`burnt.len()` engines: `burnt[E − 1]` million m3.
    pub fn burn(
        &self,
        scratch: &mut DayScratch,
        (path, flow_path): (u64, (f64, f64)),
        y: usize,
        draw: &AnnualDraw,
        burnt: &mut [f64],
    ) -> YearGas {
        let mut rng = daily_rng(self.seed, path, y as u64);
        let (cv, rho) = self.flow.for_year(&mut rng, flow_path);
        let usable = usable_mm3(draw);
        daily_multipliers(&mut rng, cv, rho, &mut scratch.days);
        let per_day = usable / DAYS_PER_YEAR as f64;
        let mut least = f64::INFINITY;
        for m in &mut scratch.days {
            *m *= per_day;
            least = least.min(*m);
        }
        let f = engine_day_mm3(self.plant, &draw.values, self.unit_mw);
        scratch.sweep.burn(&scratch.days, f, self.min_load, burnt);
        YearGas {
            usable_mm3: usable,
            least_day_mm3: least,
            engine_day_mm3: f,
        }
    }
}

//! One day's engines: how much gas an engine burns at full load, what a day's flow lets the
//! engines burn (the minimum-load rule), and every engine count's year in one pass
//! ([`EngineSweep`]). The rules are the module notes of [`crate::sim::size`].

use crate::energy::{HOURS_PER_YEAR, MJ_PER_MWH, OperatingValues, Plant, methane_properties};
use crate::sim::size::DAYS_PER_YEAR;

/// Million m3 one engine of `unit_mw` burns in a day at full load:
/// U x 24 h x availability / k, with k = 10⁶ x LHV x efficiency / 3600 MWh per million m3.
pub fn engine_day_mm3(plant: &Plant, values: &OperatingValues, unit_mw: f64) -> f64 {
    unit_mw * hours_per_day() * values.availability / mwh_per_mm3(plant, values)
}

/// MWh of gross electricity per million m3 burnt (the energy chain's k).
pub(super) fn mwh_per_mm3(plant: &Plant, values: &OperatingValues) -> f64 {
    1e6 * methane_properties(plant.basis).lhv_mj_per_m3 * values.efficiency / MJ_PER_MWH
}

/// 24 h: the energy chain's 8760 h year over 365 days.
fn hours_per_day() -> f64 {
    HOURS_PER_YEAR / DAYS_PER_YEAR as f64
}

/// Gas burnt on a day with `g` million m3 when engines are not limited, and how many engines
/// that takes: (b(g), ⌈b/f⌉) with `f` one engine's full-load day (module notes).
///
/// ```
/// use cmmcast_forecast::sim::burnable;
/// // Below half an engine's worth nothing runs; 1.2 engines' worth runs 2 engines at 60 %.
/// assert_eq!(burnable(0.4, 1.0, 0.5), (0.0, 0));
/// assert_eq!(burnable(1.2, 1.0, 0.5), (1.2, 2));
/// // With a minimum load of 0.8, 1.5 engines' worth cannot run 2 engines at 75 %: 1 at full.
/// assert_eq!(burnable(1.5, 1.0, 0.8), (1.0, 1));
/// ```
pub fn burnable(g: f64, f: f64, min_load: f64) -> (f64, u64) {
    let n = (g / f).ceil();
    if g >= n * min_load * f {
        (g, n as u64)
    } else {
        ((n - 1.0) * f, (n - 1.0) as u64)
    }
}

/// Gas burnt over a run of days by 1, 2, ..., `out.len()` engines, all counts in one pass
/// (module notes); scratch buffers are kept between calls.
#[derive(Debug, Clone, Default)]
pub struct EngineSweep {
    sums: Vec<f64>,
    counts: Vec<u32>,
}

impl EngineSweep {
    /// Writes Σ_d min(b(g_d), E f) into `out[E − 1]` for E = 1..=`out.len()`; `daily_gas` in
    /// million m3 per day, `engine_day` = f.
    ///
    /// ```
    /// use cmmcast_forecast::sim::EngineSweep;
    /// let mut burnt = [0.0; 3];
    /// // Days of 0.4, 1.5 and 2.5 engines' worth: the first is below half load.
    /// EngineSweep::default().burn(&[0.4, 1.5, 2.5], 1.0, 0.5, &mut burnt);
    /// assert_eq!(burnt, [2.0, 3.5, 4.0]);
    /// ```
    pub fn burn(&mut self, daily_gas: &[f64], engine_day: f64, min_load: f64, out: &mut [f64]) {
        let max = out.len();
        self.sums.clear();
        self.sums.resize(max + 2, 0.0);
        self.counts.clear();
        self.counts.resize(max + 2, 0);
        for &g in daily_gas {
            let (b, k) = burnable(g, engine_day, min_load);
            let bucket = usize::try_from(k).map_or(max + 1, |k| k.min(max + 1));
            self.sums[bucket] += b;
            self.counts[bucket] += 1;
        }
        let mut sum = self.sums[0];
        let mut count = self.counts[0] as usize;
        for (i, slot) in out.iter_mut().enumerate() {
            let engines = i + 1;
            sum += self.sums[engines];
            count += self.counts[engines] as usize;
            *slot = sum + (daily_gas.len() - count) as f64 * (engines as f64 * engine_day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gap rule by hand, f = 1: with min_load 0.8, 1.5 needs 2 engines at 0.75 (too low),
    /// so 1 runs at full load; 1.7 runs 2 at 0.85; 2.3 needs 3 at 0.767 (too low), so 2 at full.
    #[test]
    fn above_half_load_some_flows_fall_in_a_gap() {
        assert_eq!(burnable(1.5, 1.0, 0.8), (1.0, 1));
        assert_eq!(burnable(1.7, 1.0, 0.8), (1.7, 2));
        assert_eq!(burnable(2.3, 1.0, 0.8), (2.0, 2));
        assert_eq!(burnable(0.79, 1.0, 0.8), (0.0, 0));
        assert_eq!(burnable(0.0, 1.0, 0.8), (0.0, 0));
        // With min_load 0, every flow burns.
        assert_eq!(burnable(0.01, 1.0, 0.0), (0.01, 1));
    }

    /// A sweep equals the direct sum of min(b(g), E f) over the days for every E.
    #[test]
    fn the_sweep_equals_the_direct_sum() {
        let f = 0.37;
        let days: Vec<f64> = (0..200).map(|d| f64::from(d) * 0.031 + 0.05).collect();
        for min_load in [0.0, 0.3, 0.5, 0.8, 1.0] {
            let mut out = vec![0.0; 25];
            EngineSweep::default().burn(&days, f, min_load, &mut out);
            for (i, &got) in out.iter().enumerate() {
                let cap = (i + 1) as f64 * f;
                let direct: f64 = days
                    .iter()
                    .map(|&g| burnable(g, f, min_load).0.min(cap))
                    .sum();
                assert!(
                    (got - direct).abs() <= 1e-12 * direct.max(1.0),
                    "min_load {min_load}, {} engines: {got} vs {direct}",
                    i + 1
                );
            }
        }
    }
}

//! The calibration table: what the damped-level point's errors did, scaled, in every window of
//! a reference class with ten years of outcome after it (docs/METHODS.md, section 13.3).
//!
//! For a window y_1..y_W with point p_h (h = 1..10) and outcome a_h: e_h = ln(a_h / p_h); the
//! window's scale sd (its log steps' standard deviation, floored at 0.01); s_ref, the median sd
//! of all windows; γ_h, the least-squares slope of ln max(|e_h|, 10⁻⁴) on ln(sd / s_ref),
//! clipped to [0, 1] (errors grow less than in proportion to a window's volatility); and the
//! scaled errors z_h = e_h / s_h with s_h = s_ref (sd / s_ref)^γ_h. Their order statistics at
//! conformal ranks are the interval quantiles; their rows, whole trajectories of real errors,
//! are what the simulation's paths draw.

use cmmcast_data::ReferenceClass;

use crate::calibrate::point::{DampedLevel, log_step_sd};
use crate::error::ForecastError;

/// Horizons the table is learned on.
pub const TABLE_HORIZON: usize = 10;

/// Series whose mean is below this (in their unit: Mt, bcm) are left out of the table: small
/// producers, mostly in their first years, whose relative errors say little about a mine's.
pub const MIN_SERIES_MEAN: f64 = 1.0;

/// |e| below this does not enter the regression of γ as its logarithm.
const ERROR_FLOOR: f64 = 1e-4;

/// The scaled errors of one window length.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationTable {
    /// Known years per window (W).
    pub window: usize,
    /// Median of the windows' scales.
    pub s_ref: f64,
    /// γ_h, h = 1..10.
    pub gamma: [f64; TABLE_HORIZON],
    /// Every window's scaled errors z_1..z_10, in window order.
    rows: Vec<[f64; TABLE_HORIZON]>,
    /// Each horizon's scaled errors, sorted.
    sorted: Vec<Vec<f64>>,
    /// Each row's 0-based rank among its horizon's scaled errors (ties in row order).
    ranks: Vec<[u32; TABLE_HORIZON]>,
}

impl CalibrationTable {
    /// Learns the table of windows of `window` years from `class`: every start year of every
    /// run of consecutive positive values of every series averaging at least
    /// [`MIN_SERIES_MEAN`], with ten observed years after it.
    pub fn build(
        class: &ReferenceClass,
        window: usize,
        point: &DampedLevel,
    ) -> Result<CalibrationTable, ForecastError> {
        let mut scales = Vec::new();
        let mut errors: Vec<[f64; TABLE_HORIZON]> = Vec::new();
        for series in &class.series {
            let mean = series.values.iter().sum::<f64>() / series.values.len() as f64;
            if mean < MIN_SERIES_MEAN {
                continue;
            }
            for run in positive_runs(&series.years, &series.values) {
                let values = &series.values[run];
                for start in 0..=values.len().saturating_sub(window + TABLE_HORIZON) {
                    if start + window + TABLE_HORIZON > values.len() {
                        break;
                    }
                    let known = &values[start..start + window];
                    let after = &values[start + window..start + window + TABLE_HORIZON];
                    let points = point.points(known, TABLE_HORIZON);
                    let mut e = [0.0; TABLE_HORIZON];
                    for h in 0..TABLE_HORIZON {
                        e[h] = (after[h] / points[h]).ln();
                    }
                    scales.push(log_step_sd(known));
                    errors.push(e);
                }
            }
        }
        if errors.len() < 20 {
            return Err(ForecastError::NoReferenceWindows { window });
        }
        let mut sorted_scales = scales.clone();
        sorted_scales.sort_by(f64::total_cmp);
        let m = sorted_scales.len();
        let s_ref = if m % 2 == 1 {
            sorted_scales[m / 2]
        } else {
            0.5 * (sorted_scales[m / 2 - 1] + sorted_scales[m / 2])
        };
        let x: Vec<f64> = scales.iter().map(|s| (s / s_ref).ln()).collect();
        let mut gamma = [0.0; TABLE_HORIZON];
        for (h, g) in gamma.iter_mut().enumerate() {
            let y: Vec<f64> = errors
                .iter()
                .map(|e| e[h].abs().max(ERROR_FLOOR).ln())
                .collect();
            *g = slope(&x, &y).clamp(0.0, 1.0);
        }
        let rows: Vec<[f64; TABLE_HORIZON]> = errors
            .iter()
            .zip(&x)
            .map(|(e, &lx)| {
                let mut z = [0.0; TABLE_HORIZON];
                for h in 0..TABLE_HORIZON {
                    z[h] = e[h] / (s_ref * (lx * gamma[h]).exp());
                }
                z
            })
            .collect();
        Ok(CalibrationTable::from_rows(window, s_ref, gamma, rows))
    }

    /// The table of already scaled errors `rows` (each window's z_1..z_10, in window order) with
    /// its s_ref and γ: what [`CalibrationTable::build`] learns, or what a compiled-in table
    /// holds. Sorts each horizon's errors and ranks each row among them.
    pub fn from_rows(
        window: usize,
        s_ref: f64,
        gamma: [f64; TABLE_HORIZON],
        rows: Vec<[f64; TABLE_HORIZON]>,
    ) -> CalibrationTable {
        let mut sorted = Vec::with_capacity(TABLE_HORIZON);
        let mut ranks = vec![[0u32; TABLE_HORIZON]; rows.len()];
        for h in 0..TABLE_HORIZON {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by(|&a, &b| rows[a][h].total_cmp(&rows[b][h]));
            for (rank, &row) in order.iter().enumerate() {
                ranks[row][h] = rank as u32;
            }
            sorted.push(order.iter().map(|&row| rows[row][h]).collect::<Vec<f64>>());
        }
        CalibrationTable {
            window,
            s_ref,
            gamma,
            rows,
            sorted,
            ranks,
        }
    }

    /// [`CalibrationTable::from_rows`] with each row's rank at every horizon already known (as
    /// [`CalibrationTable::ranks`] gives them), so no sort is needed: what a compiled-in table
    /// holds, read in O(m) instead of sorting ten columns of thousands of errors at every
    /// start-up. `None` unless the ranks place every row once per horizon in nondecreasing
    /// order of its error, ties in row order, as `from_rows` would.
    pub fn from_ranked_rows(
        window: usize,
        s_ref: f64,
        gamma: [f64; TABLE_HORIZON],
        rows: Vec<[f64; TABLE_HORIZON]>,
        ranks: Vec<[u32; TABLE_HORIZON]>,
    ) -> Option<CalibrationTable> {
        let m = rows.len();
        if ranks.len() != m {
            return None;
        }
        let mut sorted = Vec::with_capacity(TABLE_HORIZON);
        for h in 0..TABLE_HORIZON {
            let mut order = vec![usize::MAX; m];
            for (row, rank) in ranks.iter().enumerate() {
                let slot = order.get_mut(rank[h] as usize)?;
                if *slot != usize::MAX {
                    return None;
                }
                *slot = row;
            }
            let in_order = order.windows(2).all(|pair| {
                let (a, b) = (pair[0], pair[1]);
                rows[a][h].total_cmp(&rows[b][h]).then(a.cmp(&b)).is_lt()
            });
            if !in_order {
                return None;
            }
            sorted.push(order.iter().map(|&row| rows[row][h]).collect::<Vec<f64>>());
        }
        Some(CalibrationTable {
            window,
            s_ref,
            gamma,
            rows,
            sorted,
            ranks,
        })
    }

    /// Every row's 0-based rank at every horizon (ties in row order).
    pub fn ranks(&self) -> &[[u32; TABLE_HORIZON]] {
        &self.ranks
    }

    /// Every window's scaled errors z_1..z_10, in window order.
    pub fn rows(&self) -> &[[f64; TABLE_HORIZON]] {
        &self.rows
    }

    /// Windows the table learned from (m).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table is empty (never, once built).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// One window's scaled errors z_1..z_10: a whole trajectory of real errors.
    pub fn row(&self, index: usize) -> &[f64; TABLE_HORIZON] {
        &self.rows[index]
    }

    /// The scaled-error quantile at probability `p` (0 < p < 1) for `h` years ahead (1 to 10):
    /// the k-th smallest of the m scaled errors, k = ⌈(m + 1) p⌉ for p ≥ ½ and ⌊(m + 1) p⌋
    /// below, clipped to 1..m (a conformal rank: with m exchangeable scores, a new one falls
    /// below it with probability at least p above the median, at most p below).
    pub fn quantile(&self, h: usize, p: f64) -> f64 {
        let column = &self.sorted[h - 1];
        column[conformal_rank(column.len(), p) - 1]
    }

    /// Row `row`'s smoothed scaled error `h` years ahead (1 to 10): the continuous quantile at
    /// its probability (rank + v)/m, `v` in [0, 1) placing it within its rank cell.
    #[inline]
    pub fn row_quantile(&self, row: usize, h: usize, v: f64) -> f64 {
        let u = (f64::from(self.rank(row, h)) + v) / self.len() as f64;
        self.continuous_quantile(h, u)
    }

    /// Row `row`'s 0-based rank among the scaled errors `h` years ahead (1 to 10).
    pub fn rank(&self, row: usize, h: usize) -> u32 {
        self.ranks[row][h - 1]
    }

    /// The quantile at probability `u` of horizon `h`'s scaled errors, linear between order
    /// statistics placed at i/(m + 1) (Weibull's plotting position, i = 1..m), constant beyond
    /// the first and last: the continuous distribution simulated paths draw from. Its p-quantile
    /// lies between the same two order statistics as the conformal rank's ⌊(m + 1)p⌋ or
    /// ⌈(m + 1)p⌉, so the paths' quantiles and the intervals differ by less than one gap.
    pub fn continuous_quantile(&self, h: usize, u: f64) -> f64 {
        let column = &self.sorted[h - 1];
        let m = column.len();
        let position = (u * (m + 1) as f64 - 1.0).clamp(0.0, (m - 1) as f64);
        // position ≥ 0, so truncation is the floor (without a call into libm's `floor`: this
        // runs once per simulated path-year).
        let below = position as usize;
        let above = (below + 1).min(m - 1);
        let share = position - below as f64;
        column[below] + share * (column[above] - column[below])
    }
}

/// The 1-based conformal rank of probability `p` among `m` scores.
pub fn conformal_rank(m: usize, p: f64) -> usize {
    let k = if p >= 0.5 {
        ((m + 1) as f64 * p - 1e-9).ceil()
    } else {
        ((m + 1) as f64 * p + 1e-9).floor()
    };
    (k.max(1.0) as usize).min(m)
}

/// The least-squares slope of `y` on `x`.
fn slope(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    if sxx > 0.0 { sxy / sxx } else { 0.0 }
}

/// The runs of consecutive years with positive values, as index ranges.
fn positive_runs(years: &[i32], values: &[f64]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=values.len() {
        let continues = i < values.len()
            && values[i] > 0.0
            && start.is_none_or(|_| years[i] == years[i - 1] + 1);
        match (continues, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = (i < values.len() && values[i] > 0.0).then_some(i);
            }
            _ => {}
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks by hand for m = 99: p = 0.975 → ⌈97.5⌉ = 98; p = 0.025 → ⌊2.5⌋ = 2; p = 0.5 →
    /// ⌈50⌉ = 50; p = 0.001 → 0, clipped to 1.
    #[test]
    fn conformal_ranks_by_hand() {
        assert_eq!(conformal_rank(99, 0.975), 98);
        assert_eq!(conformal_rank(99, 0.025), 2);
        assert_eq!(conformal_rank(99, 0.5), 50);
        assert_eq!(conformal_rank(99, 0.001), 1);
    }

    #[test]
    fn runs_split_at_gaps_and_zeros() {
        let years = [2000, 2001, 2002, 2004, 2005, 2006];
        let values = [1.0, 0.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(positive_runs(&years, &values), vec![0..1, 2..3, 3..6]);
    }
}

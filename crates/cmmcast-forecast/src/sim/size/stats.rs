//! Summaries over paths that the sizing reports: the type 7 percentile (the capacity factor's
//! p10, the NPV's p10 and p90) and [`NpvSummary`], the distribution of a plant's NPV over the
//! paths with the Monte Carlo error of its mean and of its chance of a loss.

use serde::Serialize;

/// A plant's NPV over the simulated paths, in the economic parameters' currency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NpvSummary {
    /// Mean NPV over the paths: the expected NPV the recommendation maximises.
    pub expected: f64,
    /// Monte Carlo standard error of `expected`: the paths' sample standard deviation over
    /// √paths (NaN with one path, when it cannot be estimated).
    pub expected_se: f64,
    /// Share of paths with NPV < 0: the chance that the plant loses money.
    pub loss_probability: f64,
    /// Its standard error, √(p (1 − p) / paths) (binomial).
    pub loss_probability_se: f64,
    /// 10th percentile of the NPV over the paths (type 7): a low value.
    pub p10: f64,
    /// 90th percentile of the NPV over the paths (type 7): a high value.
    pub p90: f64,
}

impl NpvSummary {
    /// The summary of `npvs`, one per path in path order (sums run in that order, so the
    /// result does not depend on the threads); `npvs` is reordered for the percentiles.
    pub(super) fn of(npvs: &mut [f64]) -> NpvSummary {
        let n = npvs.len() as f64;
        let mean = npvs.iter().sum::<f64>() / n;
        let squares: f64 = npvs.iter().map(|v| (v - mean) * (v - mean)).sum();
        let expected_se = if npvs.len() > 1 {
            (squares / (n - 1.0)).sqrt() / n.sqrt()
        } else {
            f64::NAN
        };
        let losses = npvs.iter().filter(|&&v| v < 0.0).count() as f64;
        let p = losses / n;
        NpvSummary {
            expected: mean,
            expected_se,
            loss_probability: p,
            loss_probability_se: (p * (1.0 - p) / n).sqrt(),
            p10: percentile_type7(npvs, 0.10),
            p90: percentile_type7(npvs, 0.90),
        }
    }
}

/// The type 7 percentile (numpy's default) at `p` in [0, 1], by selection rather than a full
/// sort; `column` is reordered.
pub(super) fn percentile_type7(column: &mut [f64], p: f64) -> f64 {
    let n = column.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let low = h.floor() as usize;
    let (_, &mut at_low, above) = column.select_nth_unstable_by(low, f64::total_cmp);
    let at_high = above
        .iter()
        .copied()
        .min_by(f64::total_cmp)
        .unwrap_or(at_low);
    at_low + (h - low as f64) * (at_high - at_low)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type 7 by hand on 1..=11: h = 10 x 0.1 = 1, so p10 is the second smallest, 2; on 1..=5,
    /// h = 0.4 and p10 = 1.4 (numpy.percentile([1,2,3,4,5], 10) = 1.4).
    #[test]
    fn type7_percentile_matches_numpy() {
        let mut a: Vec<f64> = (1..=11).rev().map(f64::from).collect();
        assert_eq!(percentile_type7(&mut a, 0.1), 2.0);
        let mut b = vec![5.0, 3.0, 1.0, 4.0, 2.0];
        assert!((percentile_type7(&mut b, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(percentile_type7(&mut [7.0], 0.1), 7.0);
    }

    /// By hand on the NPVs −2, 1, 4, 7 (n = 4): mean 2.5; squared deviations 20.25, 2.25, 2.25,
    /// 20.25 sum to 45, sd √(45/3) = √15, SE √15 / 2 = 1.936492; one loss in four, p = 0.25,
    /// SE √(0.25 x 0.75 / 4) = 0.216506; type 7 p10 at h = 0.3: −2 + 0.3 x 3 = −1.1, p90 at
    /// h = 2.7: 4 + 0.7 x 3 = 6.1.
    #[test]
    fn npv_summary_by_hand() {
        let s = NpvSummary::of(&mut [7.0, -2.0, 4.0, 1.0]);
        assert_eq!(s.expected, 2.5);
        assert!((s.expected_se - 15f64.sqrt() / 2.0).abs() < 1e-12);
        assert_eq!(s.loss_probability, 0.25);
        assert!((s.loss_probability_se - (0.1875f64 / 4.0).sqrt()).abs() < 1e-15);
        assert!((s.p10 - -1.1).abs() < 1e-12);
        assert!((s.p90 - 6.1).abs() < 1e-12);
        assert!(NpvSummary::of(&mut [3.0]).expected_se.is_nan());
    }
}

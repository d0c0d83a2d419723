//! Plan adherence that persists within a path: a per-path level plus a stationary AR(1) in
//! log adherence (METHODS 11.3, "Persistent plan adherence").
//!
//! Drawn independently every year, a lognormal adherence with σ = 0.10 lets a path's misses
//! cancel over the years, so the spread of a path's cumulative drainage is about √n times
//! narrower than one year's; drawn once per path, a plan missed in 2017 is missed by the same
//! factor until 2030. A mine's shortfall against its plan is neither: part of it is the
//! mine's own (geology, the drainage design, an optimistic plan) and lasts, part is a year's
//! trouble that fades. The scenario's `path_share` s and `persistence` ρ split the log
//! variance σ² between the two:
//!
//! ```text
//! ln a_t = ln m + L + u_t
//! L      = σ √s ε_L                                         once per path
//! u_1    = σ_u ε_1,   u_t = ρ u_{t−1} + σ_u √(1 − ρ²) ε_t,   σ_u = σ √(1 − s)
//! ```
//!
//! so every year's ln a_t is N(ln m, σ²), the lognormal the scenario gives, and
//! Cov(ln a_s, ln a_t) = s σ² + (1 − s) σ² ρ^|s−t|.

use rand_distr::{Distribution, StandardNormal};

use cmmcast_data::YearToYear;

use crate::rng::PathRng;

/// A lognormal plan adherence drawn with a per-path level and an AR(1) yearly part, its
/// scales worked out once for all the paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PersistentAdherence {
    /// ln of the median.
    ln_median: f64,
    /// σ √s: the standard deviation of the per-path level L.
    level_sd: f64,
    /// σ √(1 − s): the standard deviation of the yearly part u_t in every year.
    year_sd: f64,
    /// ρ: the yearly part's lag-1 autocorrelation.
    persistence: f64,
    /// σ_u √(1 − ρ²): the standard deviation of the yearly part's innovation after the first
    /// year, which keeps u_t's variance at σ_u² in every year.
    innovation_sd: f64,
}

/// Where a path's adherence stands: its level ln m + L, and last year's yearly part (`None`
/// before the first year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AdherenceState {
    level: f64,
    yearly: Option<f64>,
}

impl PersistentAdherence {
    /// The process of a lognormal(median, sigma) adherence with the years tied together as
    /// `year_to_year` says; `None` when the years are independent (`path_share` and
    /// `persistence` both 0, or neither given), so that such a scenario keeps the draws, and
    /// the numbers, of per-year adherence before persistence existed.
    pub(crate) fn new(
        median: f64,
        sigma: f64,
        year_to_year: Option<YearToYear>,
    ) -> Option<PersistentAdherence> {
        let year_to_year = year_to_year.filter(|y| !y.is_independent())?;
        let share = year_to_year.path_share;
        let persistence = year_to_year.persistence;
        let year_sd = sigma * (1.0 - share).sqrt();
        Some(PersistentAdherence {
            ln_median: median.ln(),
            level_sd: sigma * share.sqrt(),
            year_sd,
            persistence,
            innovation_sd: year_sd * (1.0 - persistence * persistence).sqrt(),
        })
    }

    /// A path's start: its level ln m + L, one normal from the stream when the level has a
    /// spread (`path_share` above 0), none otherwise.
    #[inline]
    pub(crate) fn start(&self, rng: &mut PathRng) -> AdherenceState {
        let level = if self.level_sd > 0.0 {
            let z: f64 = StandardNormal.sample(rng);
            self.ln_median + self.level_sd * z
        } else {
            self.ln_median
        };
        AdherenceState {
            level,
            yearly: None,
        }
    }

    /// The next year's ln a_t, one normal from the stream when the yearly part has a spread
    /// (`path_share` below 1), none otherwise.
    #[inline]
    pub(crate) fn next(&self, rng: &mut PathRng, state: &mut AdherenceState) -> f64 {
        if self.year_sd == 0.0 {
            return state.level;
        }
        let z: f64 = StandardNormal.sample(rng);
        let yearly = match state.yearly {
            None => self.year_sd * z,
            Some(last) => self.persistence * last + self.innovation_sd * z,
        };
        state.yearly = Some(yearly);
        state.level + yearly
    }

    /// A whole path's ln a_t for `years` years into `out`: [`PersistentAdherence::start`],
    /// then [`PersistentAdherence::next`] for each year, so the stream is read as the general
    /// per-year draws read it when adherence is the only per-year input.
    pub(crate) fn log_multipliers(&self, rng: &mut PathRng, years: usize, out: &mut Vec<f64>) {
        out.clear();
        let mut state = self.start(rng);
        out.extend((0..years).map(|_| self.next(rng, &mut state)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::path_rng;

    fn process(path_share: f64, persistence: f64) -> PersistentAdherence {
        PersistentAdherence::new(
            1.0,
            0.1,
            Some(YearToYear {
                path_share,
                persistence,
            }),
        )
        .expect("persistent")
    }

    #[test]
    fn independent_years_are_left_to_the_old_draws() {
        let independent = Some(YearToYear {
            path_share: 0.0,
            persistence: 0.0,
        });
        assert_eq!(PersistentAdherence::new(1.0, 0.1, independent), None);
        assert_eq!(PersistentAdherence::new(1.0, 0.1, None), None);
    }

    /// Hand values: σ = 0.1 and s = 0.36 give σ_L = 0.1 × 0.6 = 0.06 and σ_u = 0.1 × 0.8 =
    /// 0.08; ρ = 0.6 gives the innovation 0.08 × √(1 − 0.36) = 0.064.
    #[test]
    fn the_scales_split_the_variance() {
        let p = process(0.36, 0.6);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-15;
        assert!(close(p.level_sd, 0.06), "{p:?}");
        assert!(close(p.year_sd, 0.08), "{p:?}");
        assert!(close(p.innovation_sd, 0.064), "{p:?}");
        assert_eq!(p.ln_median, 0.0);
    }

    /// The recursion by hand on the stream's own normals: with s = 0.36 and ρ = 0.6, L =
    /// 0.06 z₀, u₁ = 0.08 z₁, u₂ = 0.6 u₁ + 0.064 z₂.
    #[test]
    fn the_recursion_reads_the_stream_in_order() {
        let p = process(0.36, 0.6);
        let mut out = Vec::new();
        p.log_multipliers(&mut path_rng(3, 9), 2, &mut out);
        let mut rng = path_rng(3, 9);
        let z: Vec<f64> = (0..3).map(|_| StandardNormal.sample(&mut rng)).collect();
        let u1 = 0.08 * z[1];
        let u2 = 0.6 * u1 + 0.064 * z[2];
        assert!((out[0] - (0.06 * z[0] + u1)).abs() < 1e-15, "{out:?}");
        assert!((out[1] - (0.06 * z[0] + u2)).abs() < 1e-15, "{out:?}");
    }

    /// All of the variance in the level (s = 1): one normal a path, every year the same.
    #[test]
    fn a_path_share_of_one_draws_one_level() {
        let p = process(1.0, 0.0);
        let mut out = Vec::new();
        p.log_multipliers(&mut path_rng(5, 1), 4, &mut out);
        let mut rng = path_rng(5, 1);
        let z: f64 = StandardNormal.sample(&mut rng);
        assert!(out.iter().all(|&v| v == 0.1 * z), "{out:?}");
    }
}

//! A lognormal multiplier that persists along a path: a per-path level plus a stationary
//! AR(1) in its logarithm (the simulation's persistent plan adherence, METHODS 11.3,
//! "Persistent plan adherence").
//!
//! Drawn independently every year, a lognormal plan adherence with σ = 0.10 lets a path's
//! misses cancel, so the spread of a path's cumulative drainage is about √n times narrower,
//! relative to it, than one year's; drawn once per path, a plan missed in 2017 is missed by
//! the same factor until 2030. A mine's shortfall against its plan is neither: part of it is
//! the mine's own (geology, the drainage design, an optimistic plan) and lasts, part is a
//! year's trouble that fades. The scenario's `path_share` s and `persistence` ρ split the log
//! variance σ² between the two:
//!
//! ```text
//! ln m_t = ln m + L + u_t
//! L      = σ √s ε_L                                         once per path
//! u_1    = σ_u ε_1,   u_t = ρ u_{t−1} + σ_u √(1 − ρ²) ε_t,   σ_u = σ √(1 − s)
//! ```
//!
//! so every year's ln m_t is N(ln m, σ²) and Cov(ln m_s, ln m_t) = s σ² + (1 − s) σ² ρ^|s−t|.
//!
//! It lives beside the trends because a trend on the log scale can draw it together with its
//! own new-observation noise ([`MergedNoise`]), as it does the independent lognormal
//! ([`super::FittedTrend::sample_path_lognormal`]); the simulation builds it from the scenario.

use rand_distr::{Distribution, StandardNormal};

use cmmcast_data::YearToYear;

use crate::rng::PathRng;

/// A lognormal multiplier with a per-path level and an AR(1) yearly part in its logarithm, its
/// scales worked out once for all the paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PersistentLognormal {
    /// ln of the median.
    ln_median: f64,
    /// σ √s: the standard deviation of the per-path level L.
    level_sd: f64,
    /// σ √(1 − s): the standard deviation of the yearly part u_t in every year.
    year_sd: f64,
    /// ρ: the yearly part's lag-1 autocorrelation, in [0, 1).
    persistence: f64,
    /// σ_u √(1 − ρ²): the standard deviation of the yearly part's innovation after the first
    /// year, which keeps u_t's variance at σ_u² in every year.
    innovation_sd: f64,
}

/// Where a path's multiplier stands: its level ln m + L, and last year's yearly part (`None`
/// before the first year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PathState {
    level: f64,
    yearly: Option<f64>,
}

impl PersistentLognormal {
    /// The multiplier lognormal(median, sigma) in every year, with the years tied together as
    /// `year_to_year` says; `None` when they are independent (`path_share` and `persistence`
    /// both 0, or neither given), so that such a scenario keeps the draws, and the numbers, of
    /// the independent lognormal ([`super::FittedTrend::sample_path_lognormal`]).
    ///
    /// `median` above 0, `sigma` at least 0, `path_share` in [0, 1] and `persistence` in
    /// [0, 1), as the scenario reader checks them.
    ///
    /// ```
    /// use cmmcast_data::YearToYear;
    /// use cmmcast_forecast::trend::PersistentLognormal;
    /// let split = YearToYear { path_share: 0.5, persistence: 0.5 };
    /// assert!(PersistentLognormal::new(1.0, 0.1, Some(split)).is_some());
    /// let independent = YearToYear { path_share: 0.0, persistence: 0.0 };
    /// assert!(PersistentLognormal::new(1.0, 0.1, Some(independent)).is_none());
    /// ```
    pub fn new(
        median: f64,
        sigma: f64,
        year_to_year: Option<YearToYear>,
    ) -> Option<PersistentLognormal> {
        let year_to_year = year_to_year.filter(|y| !y.is_independent())?;
        let share = year_to_year.path_share;
        let persistence = year_to_year.persistence;
        let year_sd = sigma * (1.0 - share).sqrt();
        Some(PersistentLognormal {
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
    pub(crate) fn start(&self, rng: &mut PathRng) -> PathState {
        let level = if self.level_sd > 0.0 {
            let z: f64 = StandardNormal.sample(rng);
            self.ln_median + self.level_sd * z
        } else {
            self.ln_median
        };
        PathState {
            level,
            yearly: None,
        }
    }

    /// The next year's ln m_t, one normal from the stream when the yearly part has a spread
    /// (`path_share` below 1), none otherwise.
    #[inline]
    pub(crate) fn next(&self, rng: &mut PathRng, state: &mut PathState) -> f64 {
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

    /// A whole path's ln m_t for `years` years into `out`: [`PersistentLognormal::start`],
    /// then [`PersistentLognormal::next`] for each year, so the stream is read as the
    /// simulation's general per-year draws read it when this is the only per-year input.
    pub fn log_multipliers(&self, rng: &mut PathRng, years: usize, out: &mut Vec<f64>) {
        out.clear();
        let mut state = self.start(rng);
        out.extend((0..years).map(|_| self.next(rng, &mut state)));
    }

    /// The path's level ln m + L (see [`PersistentLognormal::start`]), for a trend that draws
    /// the yearly part with its own noise ([`MergedNoise`]).
    #[inline]
    pub(crate) fn level(&self, rng: &mut PathRng) -> f64 {
        self.start(rng).level
    }

    /// The yearly part's noise plus a trend's new-observation noise of standard deviation
    /// `sigma`, as one process ([`MergedNoise`]).
    #[inline]
    pub(crate) fn merged_with(&self, sigma: f64) -> MergedNoise {
        MergedNoise::new(sigma, self.year_sd, self.persistence)
    }
}

/// w_t = σ η_t + u_t, a trend's independent new-observation noise N(0, σ²) plus the yearly part
/// u_t (a stationary AR(1) of variance σ_u² and lag-1 correlation ρ), drawn with one normal a
/// year instead of two.
///
/// w is ARMA(1,1): w_t − ρ w_{t−1} = σ η_t − ρ σ η_{t−1} + σ_u √(1 − ρ²) ε_t, whose right side
/// is a moving average of order 1 with autocovariances c₀ = σ²(1 + ρ²) + σ_u²(1 − ρ²) and
/// c₁ = −ρσ². The same autocovariances come from a_t + θ a_{t−1} with a_t ~ N(0, σ_a²) when
/// θ/(1 + θ²) = c₁/c₀ = r and σ_a² = c₀/(1 + θ²); the root with |θ| < 1 is
/// θ = (1 − √(1 − 4r²))/(2r) (θ = 0 when r = 0; |r| < ½ as c₀ − 2|c₁| = σ²(1 − ρ)² +
/// σ_u²(1 − ρ²) > 0 for ρ < 1 unless σ = σ_u = 0). Gaussian processes with the same
/// covariances have the same law, so
///
/// ```text
/// a_1 = σ_a z_1,   w_1 = a_1 + √(σ² + σ_u² − σ_a²) z_0        (Var w = σ² + σ_u², Cov(w_1, a_1) = σ_a²)
/// a_t = σ_a z_t,   w_t = ρ w_{t−1} + a_t + θ a_{t−1}            t ≥ 2
/// ```
///
/// has the law of σ η_t + u_t: n + 1 normals a path instead of 2n. `tests/sample_paths.rs`
/// checks it against the definition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MergedNoise {
    rho: f64,
    theta: f64,
    innovation_sd: f64,
    /// √(σ² + σ_u² − σ_a²): the part of w_1 independent of a_1.
    start_sd: f64,
}

/// Where a merged path stands: last year's w and a.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MergedState {
    w: f64,
    a: f64,
}

impl MergedNoise {
    fn new(sigma: f64, year_sd: f64, rho: f64) -> MergedNoise {
        let (s2, u2) = (sigma * sigma, year_sd * year_sd);
        let c0 = s2 * (1.0 + rho * rho) + u2 * (1.0 - rho * rho);
        let c1 = -rho * s2;
        let theta = if c1 == 0.0 || c0 <= 0.0 {
            0.0
        } else {
            let r = c1 / c0;
            (1.0 - (1.0 - 4.0 * r * r).max(0.0).sqrt()) / (2.0 * r)
        };
        let a2 = c0 / (1.0 + theta * theta);
        MergedNoise {
            rho,
            theta,
            innovation_sd: a2.sqrt(),
            start_sd: (s2 + u2 - a2).max(0.0).sqrt(),
        }
    }

    /// The first year's w, two normals from the stream.
    #[inline]
    pub(crate) fn first(&self, rng: &mut PathRng) -> (f64, MergedState) {
        let z0: f64 = StandardNormal.sample(rng);
        let z1: f64 = StandardNormal.sample(rng);
        let a = self.innovation_sd * z1;
        let w = a + self.start_sd * z0;
        (w, MergedState { w, a })
    }

    /// The next year's w, one normal from the stream.
    #[inline]
    pub(crate) fn next(&self, rng: &mut PathRng, state: &mut MergedState) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        let a = self.innovation_sd * z;
        let w = self.rho * state.w + a + self.theta * state.a;
        *state = MergedState { w, a };
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::path_rng;

    fn law(path_share: f64, persistence: f64) -> PersistentLognormal {
        PersistentLognormal::new(
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
    fn independent_years_are_left_to_the_independent_lognormal() {
        let independent = Some(YearToYear {
            path_share: 0.0,
            persistence: 0.0,
        });
        assert_eq!(PersistentLognormal::new(1.0, 0.1, independent), None);
        assert_eq!(PersistentLognormal::new(1.0, 0.1, None), None);
    }

    /// Hand values: σ = 0.1 and s = 0.36 give σ_L = 0.1 × 0.6 = 0.06 and σ_u = 0.1 × 0.8 =
    /// 0.08; ρ = 0.6 gives the innovation 0.08 × √(1 − 0.36) = 0.064.
    #[test]
    fn the_scales_split_the_variance() {
        let p = law(0.36, 0.6);
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
        let p = law(0.36, 0.6);
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
        let p = law(1.0, 0.0);
        let mut out = Vec::new();
        p.log_multipliers(&mut path_rng(5, 1), 4, &mut out);
        let mut rng = path_rng(5, 1);
        let z: f64 = StandardNormal.sample(&mut rng);
        assert!(out.iter().all(|&v| v == 0.1 * z), "{out:?}");
    }

    /// The merged noise's coefficients by hand. σ = 0.1, σ_u = 0.1, ρ = 0.5: c₀ = 0.01 × 1.25 +
    /// 0.01 × 0.75 = 0.02, c₁ = −0.005, r = −0.25, θ = (1 − √0.75)/(−0.5) = −0.2679492,
    /// σ_a² = 0.02/(1 + θ²) = 0.0186603, start √(0.02 − 0.0186603) = 0.0366025. Without
    /// trend noise (σ = 0) θ = 0 and w is the AR(1) itself: innovation σ_u √(1 − ρ²), start
    /// σ_u ρ.
    #[test]
    fn the_merged_coefficients_match_a_hand_calculation() {
        let m = MergedNoise::new(0.1, 0.1, 0.5);
        assert!((m.theta + 0.267_949_2).abs() < 1e-7, "{m:?}");
        assert!(
            (m.innovation_sd.powi(2) - 0.018_660_3).abs() < 1e-7,
            "{m:?}"
        );
        assert!((m.start_sd - 0.036_602_5).abs() < 1e-7, "{m:?}");
        let ar = MergedNoise::new(0.0, 0.1, 0.5);
        assert_eq!(ar.theta, 0.0);
        assert!((ar.innovation_sd - 0.1 * 0.75_f64.sqrt()).abs() < 1e-15);
        assert!((ar.start_sd - 0.1 * 0.25_f64.sqrt()).abs() < 1e-15);
    }
}

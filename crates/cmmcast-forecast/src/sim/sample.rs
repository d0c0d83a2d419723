//! Drawing from the scenario distributions, and their quantiles (for the tornado).
//!
//! Draws use rand_distr's samplers (fast: a Ziggurat normal costs a few nanoseconds), so a
//! million paths draw their inputs in milliseconds; quantiles use the exact inverse CDFs.

use rand_distr::{Distribution, Gamma, Normal, StandardNormal};
use statrs::distribution::{Beta as BetaDist, ContinuousCDF, Normal as NormalDist};

use cmmcast_data::DistributionSpec;

use crate::rng::PathRng;

/// A distribution ready to draw from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampler {
    spec: DistributionSpec,
    /// The PERT's beta as two gammas, Beta(α, β) = X / (X + Y) with X ~ Gamma(α) and
    /// Y ~ Gamma(β): Marsaglia and Tsang's gamma needs a logarithm only in about 2 % of draws,
    /// where Cheng's BB algorithm (`rand_distr::Beta`) takes a logarithm and an exponential
    /// every time, which was 7 % of W4. Set up once per sampler.
    beta: Option<(Gamma<f64>, Gamma<f64>)>,
}

impl Sampler {
    /// A sampler for a checked distribution.
    pub fn new(spec: DistributionSpec) -> Sampler {
        let beta = match spec {
            DistributionSpec::Pert { min, mode, max } => {
                let (alpha, beta) = pert_shape(min, mode, max);
                Gamma::new(alpha, 1.0).ok().zip(Gamma::new(beta, 1.0).ok())
            }
            _ => None,
        };
        Sampler { spec, beta }
    }

    /// The distribution.
    pub fn spec(&self) -> DistributionSpec {
        self.spec
    }

    /// Whether every draw is the same value.
    pub fn is_fixed(&self) -> bool {
        matches!(self.spec, DistributionSpec::Fixed { .. })
    }

    /// One draw.
    pub fn sample(&self, rng: &mut PathRng) -> f64 {
        use rand::RngExt;
        match self.spec {
            DistributionSpec::Fixed { value } => value,
            DistributionSpec::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            DistributionSpec::Triangular { min, mode, max } => {
                triangular_quantile(min, mode, max, rng.random::<f64>())
            }
            DistributionSpec::Normal { mean, sd, min, max } => {
                let (low, high) = (
                    min.unwrap_or(f64::NEG_INFINITY),
                    max.unwrap_or(f64::INFINITY),
                );
                // Rejection while it is cheap; the inverse CDF when the window is narrow.
                for _ in 0..32 {
                    let z: f64 = StandardNormal.sample(rng);
                    let x = mean + sd * z;
                    if (low..=high).contains(&x) {
                        return x;
                    }
                }
                let normal = NormalDist::new(mean, sd).unwrap_or_else(|_| NormalDist::standard());
                let (a, b) = (normal.cdf(low), normal.cdf(high));
                normal
                    .inverse_cdf(a + (b - a) * rng.random::<f64>())
                    .clamp(low, high)
            }
            DistributionSpec::Lognormal { median, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                median * (sigma * z).exp()
            }
            DistributionSpec::Pert { min, mode, max } => self.beta.map_or(mode, |(x, y)| {
                let (x, y): (f64, f64) = (x.sample(rng), y.sample(rng));
                min + (max - min) * x / (x + y)
            }),
        }
    }

    /// The p-quantile (0 < p < 1), e.g. p10 and p90 for the tornado.
    pub fn quantile(&self, p: f64) -> f64 {
        match self.spec {
            DistributionSpec::Fixed { value } => value,
            DistributionSpec::Uniform { min, max } => min + (max - min) * p,
            DistributionSpec::Triangular { min, mode, max } => {
                triangular_quantile(min, mode, max, p)
            }
            DistributionSpec::Normal { mean, sd, min, max } => {
                let normal = NormalDist::new(mean, sd).unwrap_or_else(|_| NormalDist::standard());
                let (low, high) = (
                    min.unwrap_or(f64::NEG_INFINITY),
                    max.unwrap_or(f64::INFINITY),
                );
                let (a, b) = (normal.cdf(low), normal.cdf(high));
                normal.inverse_cdf(a + (b - a) * p).clamp(low, high)
            }
            DistributionSpec::Lognormal { median, sigma } => {
                median * (sigma * NormalDist::standard().inverse_cdf(p)).exp()
            }
            DistributionSpec::Pert { min, mode, max } => {
                let (alpha, beta) = pert_shape(min, mode, max);
                BetaDist::new(alpha, beta).map_or(mode, |b| min + (max - min) * b.inverse_cdf(p))
            }
        }
    }
}

/// Inverse CDF of the triangular distribution.
fn triangular_quantile(min: f64, mode: f64, max: f64, u: f64) -> f64 {
    let width = max - min;
    let split = (mode - min) / width;
    if u < split {
        min + (u * width * (mode - min)).sqrt()
    } else {
        max - ((1.0 - u) * width * (max - mode)).sqrt()
    }
}

/// Beta shapes of the PERT distribution with shape 4: α = 1 + 4 (mode − min)/(max − min),
/// β = 1 + 4 (max − mode)/(max − min).
fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let width = max - min;
    (
        1.0 + 4.0 * (mode - min) / width,
        1.0 + 4.0 * (max - mode) / width,
    )
}

/// Silences the unused-import lint for `Normal`, kept for symmetry with the statrs names.
#[allow(dead_code)]
type _Normal = Normal<f64>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::path_rng;

    /// Quantiles by hand: uniform 0..10 at 0.3 is 3; triangular(0, 5, 10) at 0.5 is 5 (the
    /// mode splits the mass in half); PERT(0, 5, 10) is Beta(3, 3), symmetric, median 5;
    /// lognormal(median 2, σ 0.5) at 0.5 is 2; normal(0, 1) truncated to [0, ∞) at 0.5 is
    /// Φ⁻¹(0.75) = 0.6744897501960817.
    #[test]
    fn quantiles_match_hand_values() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(
            Sampler::new(DistributionSpec::Uniform {
                min: 0.0,
                max: 10.0
            })
            .quantile(0.3),
            3.0
        ));
        assert!(close(
            Sampler::new(DistributionSpec::Triangular {
                min: 0.0,
                mode: 5.0,
                max: 10.0
            })
            .quantile(0.5),
            5.0
        ));
        assert!(close(
            Sampler::new(DistributionSpec::Pert {
                min: 0.0,
                mode: 5.0,
                max: 10.0
            })
            .quantile(0.5),
            5.0
        ));
        assert!(close(
            Sampler::new(DistributionSpec::Lognormal {
                median: 2.0,
                sigma: 0.5
            })
            .quantile(0.5),
            2.0
        ));
        let half = Sampler::new(DistributionSpec::Normal {
            mean: 0.0,
            sd: 1.0,
            min: Some(0.0),
            max: None,
        });
        assert!(close(half.quantile(0.5), 0.674_489_750_196_081_7));
    }

    /// Sample means against the distributions' means (hand values): triangular (a + m + b)/3,
    /// PERT (a + 4m + b)/6, lognormal median·exp(σ²/2); within 5 standard errors of 100,000 draws.
    #[test]
    fn sample_means_match_the_distributions() {
        let cases = [
            (
                DistributionSpec::Triangular {
                    min: 0.33,
                    mode: 0.38,
                    max: 0.42,
                },
                (0.33 + 0.38 + 0.42) / 3.0,
            ),
            (
                DistributionSpec::Pert {
                    min: 0.80,
                    mode: 0.90,
                    max: 0.95,
                },
                (0.80 + 4.0 * 0.90 + 0.95) / 6.0,
            ),
            (
                DistributionSpec::Lognormal {
                    median: 1.0,
                    sigma: 0.1,
                },
                (0.005_f64).exp(),
            ),
            (
                DistributionSpec::Uniform {
                    min: 0.02,
                    max: 0.06,
                },
                0.04,
            ),
        ];
        for (spec, mean) in cases {
            let sampler = Sampler::new(spec);
            let mut rng = path_rng(1, 0);
            let draws: Vec<f64> = (0..100_000).map(|_| sampler.sample(&mut rng)).collect();
            let m = draws.iter().sum::<f64>() / draws.len() as f64;
            let sd =
                (draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / draws.len() as f64).sqrt();
            assert!(
                (m - mean).abs() < 5.0 * sd / (draws.len() as f64).sqrt(),
                "{spec:?}: {m} vs {mean}"
            );
        }
    }
}

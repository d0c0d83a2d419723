//! Valuing each simulated path: its operating years through the cash flows of
//! [`crate::economics`] at the path's own draw of the uncertain economic values, giving one NPV
//! and one IRR per path, then their distribution over the paths with Monte Carlo errors.
//!
//! The economic draws come from a stream of their own (`path_rng(seed ^ VALUE_SEED_XOR, path)`),
//! so valuing the paths changes none of the physical draws: `economics --paths` values exactly
//! the paths of `simulate` with the same seed over the same years (the operating years; with
//! the default lifetime of 15 years that is `simulate --to 2031` for Songzao, as a path's draws
//! depend on its horizon).

use rayon::prelude::*;
use serde::Serialize;

use crate::economics::{EconomicKey, EconomicParams, OperatingYear, discount_factor, irr};
use crate::rng::PathStreams;
use crate::sim::{Sampler, summarize};

/// Mixed into the seed for the stream of a path's economic draws ("VALUE" in ASCII, padded).
pub const VALUE_SEED_XOR: u64 = 0x5641_4C55_4500_0000;

/// The percentiles of NPV and IRR every valuation reports (p10, p50, p90).
pub const VALUE_PERCENTILES: [f64; 3] = [10.0, 50.0, 90.0];

/// An economic value a simulated path draws once (a scenario gives it a distribution).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EconomicDraw {
    /// The value.
    pub key: EconomicKey,
    /// Its distribution.
    pub sampler: Sampler,
}

/// Values each simulated path: its first `lifetime_years` operating years at its draw of the
/// economic values.
#[derive(Debug, Clone)]
pub struct PathValuer<'a> {
    params: &'a EconomicParams,
    draws: &'a [EconomicDraw],
    streams: PathStreams,
}

/// A worker's reusable space for valuing paths.
#[derive(Debug, Default)]
pub(crate) struct ValueScratch {
    flows: Vec<f64>,
}

impl<'a> PathValuer<'a> {
    /// A valuer at `params` (the central values) drawing `draws` per path from `seed`.
    pub fn new(params: &'a EconomicParams, draws: &'a [EconomicDraw], seed: u64) -> Self {
        PathValuer {
            params,
            draws,
            streams: PathStreams::new(seed ^ VALUE_SEED_XOR),
        }
    }

    /// Operating years each path is valued over.
    pub fn lifetime_years(&self) -> usize {
        self.params.lifetime_years as usize
    }

    /// The NPV and IRR (NaN when there is no single IRR) of path `path` with operating years
    /// `operating` (at least the lifetime; the rest is ignored).
    pub(crate) fn value(
        &self,
        path: u64,
        operating: &[OperatingYear],
        scratch: &mut ValueScratch,
    ) -> (f64, f64) {
        let operating = &operating[..self.lifetime_years().min(operating.len())];
        let drawn;
        let params = if self.draws.is_empty() {
            self.params
        } else {
            let mut rng = self.streams.rng(path);
            let mut params = self.params.clone();
            for draw in self.draws {
                params.set(draw.key, draw.sampler.sample(&mut rng));
            }
            drawn = params;
            &drawn
        };
        let flows = &mut scratch.flows;
        flows.clear();
        crate::economics::rows_of(params, operating, |_, row| flows.push(row.cash_flow));
        let rate = params.discount_rate;
        let npv = flows
            .iter()
            .enumerate()
            .map(|(k, flow)| flow * discount_factor(rate, k))
            .sum();
        (npv, irr(flows).unwrap_or(f64::NAN))
    }
}

/// The distribution of one measure over the paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureSummary {
    /// Paths with a value (all of them for NPV; those with a single IRR for IRR).
    pub paths: usize,
    /// p10, p50, p90 ([`VALUE_PERCENTILES`], type 7).
    pub percentiles: Vec<f64>,
    /// Monte Carlo standard error of each percentile (the order-statistic bracket of
    /// METHODS 11.4).
    pub percentile_se: Vec<f64>,
    /// Mean over the paths.
    pub mean: f64,
    /// Monte Carlo standard error of the mean: sd / sqrt(paths).
    pub mean_se: f64,
    /// Standard deviation over the paths.
    pub sd: f64,
}

impl MeasureSummary {
    /// The summary of `values` (sorted in place).
    fn of(values: &mut [f64]) -> Option<MeasureSummary> {
        if values.is_empty() {
            return None;
        }
        let summary = summarize(
            values,
            &VALUE_PERCENTILES,
            0,
            crate::energy::Quantity::ALL[0],
        );
        let paths = values.len();
        Some(MeasureSummary {
            paths,
            percentiles: summary.percentiles,
            percentile_se: summary.percentile_se,
            mean: summary.mean,
            mean_se: summary.sd / (paths as f64).sqrt(),
            sd: summary.sd,
        })
    }
}

/// The valuation of every simulated path, summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathValuation {
    /// Paths valued.
    pub paths: usize,
    /// NPV over the paths.
    pub npv: MeasureSummary,
    /// IRR over the paths that have a single one; `None` when none has.
    pub irr: Option<MeasureSummary>,
    /// Paths whose cash flows have no single IRR (no sign change, or several rates).
    pub paths_without_irr: usize,
    /// Share of paths with NPV < 0.
    pub p_npv_negative: f64,
    /// Its Monte Carlo standard error, sqrt(p (1 − p) / paths).
    pub p_npv_negative_se: f64,
    /// Every path's NPV, sorted ascending (for the distribution chart).
    #[serde(skip)]
    pub npv_sorted: Vec<f64>,
}

impl PathValuation {
    /// Summarises the paths' NPVs and IRRs (NaN for none), given in path order.
    pub(crate) fn of(mut npv: Vec<f64>, irr: Vec<f64>) -> PathValuation {
        let paths = npv.len();
        let negative = npv.iter().filter(|&&v| v < 0.0).count();
        let mut irr: Vec<f64> = irr.into_iter().filter(|v| !v.is_nan()).collect();
        let paths_without_irr = paths - irr.len();
        npv.par_sort_unstable_by(f64::total_cmp);
        irr.par_sort_unstable_by(f64::total_cmp);
        let p = negative as f64 / paths.max(1) as f64;
        PathValuation {
            paths,
            npv: MeasureSummary::of(&mut npv).unwrap_or(MeasureSummary {
                paths: 0,
                percentiles: vec![0.0; VALUE_PERCENTILES.len()],
                percentile_se: vec![0.0; VALUE_PERCENTILES.len()],
                mean: 0.0,
                mean_se: 0.0,
                sd: 0.0,
            }),
            irr: MeasureSummary::of(&mut irr),
            paths_without_irr,
            p_npv_negative: p,
            p_npv_negative_se: (p * (1.0 - p) / paths.max(1) as f64).sqrt(),
            npv_sorted: npv,
        }
    }
}

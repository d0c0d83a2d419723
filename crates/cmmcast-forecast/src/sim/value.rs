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

use crate::economics::{
    CapitalSchedule, EconomicKey, EconomicParams, OperatingYear, irr_near, operating_row,
};
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
///
/// The plant's capacity in each operating year is the same on every path, so its capital side
/// (the capex paid in each row and the depreciation charged, both proportional to the capex
/// per kW) is computed once per kW-price and scaled by each path's capex per kW; each row's
/// income, costs and tax go through the cash-flow table's own arithmetic
/// (`economics::operating_row`). The NPV is the flows' polynomial in 1 / (1 + r) (Horner), the
/// IRR [`irr_near`] from the central case's.
#[derive(Debug, Clone)]
pub struct PathValuer<'a> {
    params: &'a EconomicParams,
    draws: &'a [EconomicDraw],
    streams: PathStreams,
    /// Capex and depreciation of each row (0..=lifetime) at a capex of 1 per kW.
    unit_capital: Vec<(f64, f64)>,
    /// Where the IRR search starts ([`PathValuer::with_irr_guess`]; by default the discount
    /// rate plus 5 points).
    guess: f64,
}

/// A worker's reusable space for valuing paths.
#[derive(Debug, Default)]
pub(crate) struct ValueScratch {
    flows: Vec<f64>,
    /// The path's economic values (a copy of the central ones, drawn keys overwritten).
    params: Option<EconomicParams>,
}

impl<'a> PathValuer<'a> {
    /// A valuer at `params` (the central values) drawing `draws` per path from `seed`, for a
    /// plant whose capacity, kW, in operating years 1, 2, ... is `capacity_kw`.
    pub fn new(
        params: &'a EconomicParams,
        draws: &'a [EconomicDraw],
        seed: u64,
        capacity_kw: impl IntoIterator<Item = f64>,
    ) -> Self {
        let unit = EconomicParams {
            capex_per_kw: 1.0,
            ..params.clone()
        };
        let capacity: Vec<f64> = capacity_kw
            .into_iter()
            .take(params.lifetime_years as usize)
            .collect();
        let schedule = CapitalSchedule::new(&unit, capacity.iter().copied());
        let unit_capital = (0..=capacity.len())
            .map(|k| (schedule.capex(k), schedule.depreciation(k)))
            .collect();
        PathValuer {
            params,
            draws,
            streams: PathStreams::new(seed ^ VALUE_SEED_XOR),
            unit_capital,
            guess: params.discount_rate.max(0.0) + 0.05,
        }
    }

    /// This valuer with the IRR search starting at `guess` (the central case's IRR, say):
    /// the closer the start, the fewer Newton steps a path takes, and every path's IRR is the
    /// same root whatever the start.
    pub fn with_irr_guess(mut self, guess: f64) -> Self {
        if guess.is_finite() && guess > -1.0 {
            self.guess = guess;
        }
        self
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
        let params = scratch.params.get_or_insert_with(|| self.params.clone());
        if !self.draws.is_empty() {
            let mut rng = self.streams.rng(path);
            for draw in self.draws {
                params.set(draw.key, draw.sampler.sample(&mut rng));
            }
        }
        let capex_per_kw = params.capex_per_kw;
        let flows = &mut scratch.flows;
        flows.clear();
        flows.push(0.0 - capex_per_kw * self.unit_capital[0].0);
        for (index, year) in operating.iter().enumerate() {
            let (capex, depreciation) = self.unit_capital[index + 1];
            let row = operating_row(
                params,
                capex_per_kw * capex,
                capex_per_kw * depreciation,
                year,
            );
            flows.push(row.cash_flow);
        }
        // NPV = sum of c_k x^k with x = 1 / (1 + r), by Horner from the last flow.
        let x = 1.0 / (1.0 + params.discount_rate);
        let npv = flows.iter().rev().fold(0.0, |acc, &c| acc * x + c);
        (npv, irr_near(flows, self.guess).unwrap_or(f64::NAN))
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
    /// An upper 95 % bound on it: p + 1.96 se, or, when no path has NPV < 0 (and the standard
    /// error is 0), 3 / paths (the "rule of three", Hanley and Lippman-Hand 1983, JAMA 249).
    pub p_npv_negative_upper_95: f64,
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
        let se = (p * (1.0 - p) / paths.max(1) as f64).sqrt();
        let upper = if negative == 0 {
            (3.0 / paths.max(1) as f64).min(1.0)
        } else {
            (p + 1.96 * se).min(1.0)
        };
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
            p_npv_negative_se: se,
            p_npv_negative_upper_95: upper,
            npv_sorted: npv,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economics::{cash_flows, irr};

    /// A path's NPV and IRR are the cash-flow table's: a plant that grows from 1,000 to 1,500 kW
    /// in its third year (capex the year before), with every price, fixed and variable O&M, a
    /// gas cost, tax with a depreciation shorter than the life, and uneven years.
    #[test]
    fn a_path_is_valued_as_its_cash_flow_table() {
        let params = EconomicParams {
            capex_per_kw: 1200.0,
            opex_per_kw_year: 15.0,
            opex_per_mwh: 4.0,
            tariff_per_mwh: 70.0,
            carbon_price_per_t: 9.0,
            carbon_share: 0.4,
            gas_cost_per_m3: 0.002,
            tax_rate: 0.3,
            depreciation_years: 3,
            discount_rate: 0.07,
            lifetime_years: 5,
            currency: "test".into(),
        };
        let years: Vec<OperatingYear> = [(5000.0, 1000.0), (7000.0, 1000.0), (9000.0, 1500.0)]
            .into_iter()
            .chain([(11_000.0, 1500.0), (6000.0, 1500.0), (1.0, 1500.0)])
            .enumerate()
            .map(|(i, (mwh, kw))| OperatingYear {
                year: 2020 + i as i32,
                electricity_net_mwh: mwh,
                co2e_avoided_t: mwh * 2.1,
                burnt_mm3: mwh / 3500.0,
                capacity_kw: kw,
            })
            .collect();
        let table = cash_flows(&params, &years).expect("a table");
        let valuer = PathValuer::new(&params, &[], 1, years.iter().map(|y| y.capacity_kw));
        let (npv, rate) = valuer.value(0, &years, &mut ValueScratch::default());
        let relative = |a: f64, b: f64| (a - b).abs() / b.abs().max(1.0);
        assert!(
            relative(npv, table.npv()) < 1e-12,
            "{npv} vs {}",
            table.npv()
        );
        let expected = irr(&table.cash_flow_series()).expect("one rate");
        assert!((rate - expected).abs() < 1e-12, "{rate} vs {expected}");
    }
}

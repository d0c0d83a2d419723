//! The money side of the sizing: each path's operating years priced by the economics module,
//! one NPV per path and plant, computed year by year as the path's days are burnt so that no
//! table and no path's years are kept (paths x engine counts x lifetime can be large).
//!
//! A path's NPV here is the NPV of [`crate::economics::cash_flows`] on the same operating
//! years: the capex and depreciation come from the same [`CapitalSchedule`], each year's cash
//! flow from the same [`CapitalSchedule::operating_row`], discounted by the same
//! [`discount_factor`] and summed in the same order (a test checks it against
//! `cash_flows(...).npv()`).

use serde::Serialize;

use crate::economics::{CapitalSchedule, EconomicParams, OperatingYear, discount_factor};
use crate::energy::{EnergyFactors, Plant};
use crate::sim::AnnualDraw;
use crate::sim::size::stats::NpvSummary;

/// One engine count's value over the paths.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EngineValue {
    /// Number of engines.
    pub engines: u32,
    /// The NPV of a new plant of this many engines over the paths.
    pub npv: NpvSummary,
    /// expected NPV(E) − expected NPV(E − 1), with NPV(0) = 0: what the E-th engine adds.
    pub marginal_npv: f64,
    /// The E-th engine's own capacity factor: (burnt(E) − burnt(E − 1)) x MWh per million m3
    /// / (unit_mw x 8760 h), mean over the sized path-years.
    pub marginal_capacity_factor: f64,
}

/// One operating year of a plant of `capacity_kw` that burnt `burnt_mm3` with the path-year's
/// `factors` and operating values, in the economics' units. The same steps as the energy
/// chain ([`crate::energy::project_year_with`]) then [`OperatingYear::from_energy`]: gross MWh
/// = burnt x MWh per million m3, net = gross x (1 − parasitic), CO2e = destruction
/// ([`EnergyFactors::destruction`]: the engines', and the flare's when the surplus is flared)
/// plus grid displacement on the net electricity when the plant has a grid factor.
pub fn operating_year(
    plant: &Plant,
    draw: &AnnualDraw,
    factors: &EnergyFactors,
    burnt_mm3: f64,
    capacity_kw: f64,
) -> OperatingYear {
    let electricity_gwh = burnt_mm3 * factors.mwh_per_mm3() / 1000.0;
    let net_electricity_gwh = electricity_gwh * (1.0 - draw.values.parasitic_fraction);
    // The engines' destruction and, when the plant flares its surplus, the flare's.
    let co2e_destruction_kt = factors.destruction(draw.drained_mm3, burnt_mm3).co2e_kt;
    let co2e_grid_kt = plant
        .grid_factor_t_per_mwh
        .map(|factor| net_electricity_gwh * 1000.0 * factor / 1000.0);
    let co2e_avoided_kt = co2e_destruction_kt + co2e_grid_kt.unwrap_or(0.0);
    OperatingYear {
        year: draw.year,
        electricity_net_mwh: net_electricity_gwh * 1000.0,
        co2e_avoided_t: co2e_avoided_kt * 1000.0,
        burnt_mm3,
        capacity_kw,
    }
}

/// Prices path-years for one or more plants whose capacity per operating year is fixed in
/// advance (so their capex and depreciation are computed once, not per path).
pub(super) struct Valuer<'a> {
    params: &'a EconomicParams,
    /// 1 / (1 + r)^k for rows k = 0..=lifetime.
    discount: Vec<f64>,
    /// Per plant, its capital schedule.
    capital: Vec<CapitalSchedule>,
}

impl<'a> Valuer<'a> {
    /// Plants whose capacity, kW, in operating year k (1-based) is `capacity_kw(plant, k)`.
    pub fn new(
        params: &'a EconomicParams,
        plants: usize,
        capacity_kw: impl Fn(usize, usize) -> f64,
    ) -> Valuer<'a> {
        let lifetime = params.lifetime_years as usize;
        Valuer {
            params,
            discount: (0..=lifetime)
                .map(|k| discount_factor(params.discount_rate, k))
                .collect(),
            capital: (0..plants)
                .map(|p| CapitalSchedule::new(params, (1..=lifetime).map(|k| capacity_kw(p, k))))
                .collect(),
        }
    }

    /// Operating years valued.
    pub fn lifetime(&self) -> usize {
        self.discount.len() - 1
    }

    /// Starts each plant's NPV with its investment row (k = 0).
    pub fn start(&self, npv: &mut [f64]) {
        for (slot, capital) in npv.iter_mut().zip(&self.capital) {
            *slot = capital.investment_row(0).cash_flow * self.discount[0];
        }
    }

    /// Adds operating row `k` (1-based) of plant `plant`, whose year is `year`.
    #[inline]
    pub fn add(&self, npv: &mut f64, plant: usize, k: usize, year: &OperatingYear) {
        let row = self.capital[plant].operating_row(self.params, k, year);
        *npv += row.cash_flow * self.discount[k];
    }
}

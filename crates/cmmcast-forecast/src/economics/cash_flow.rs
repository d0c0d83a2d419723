//! The yearly cash-flow table of a plant: from each operating year's electricity, avoided
//! emissions, gas burnt and installed capacity to revenues, costs, tax and the discounted
//! cash flow, by the conventions in docs/METHODS.md, section 14.1:
//!
//! - real terms, end-of-year cash flows, one currency;
//! - row k = 0 is the year before the first operating year: it holds the capex of the capacity
//!   of the first operating year and nothing else, and is not discounted;
//! - operating year k = 1..n (n = the lifetime) is discounted by (1 + r)^k; the capex of a
//!   capacity addition is paid in the year before the capacity first runs (a rise of capacity
//!   from year k to year k + 1 is paid in row k); a fall of capacity earns nothing back, and
//!   there is no salvage value at the end;
//! - tax = tax rate x max(0, revenue − opex − gas cost − depreciation), each capex depreciated
//!   straight-line over the depreciation period from the first year its capacity runs;
//!   depreciation beyond the lifetime is lost, and losses are not carried forward (a loss
//!   year pays no tax and reduces no later year's tax), the simplest rule and a conservative
//!   one for the investor.

use serde::Serialize;

use crate::economics::measures::{NoIrr, discount_factor, irr, lcoe, npv, payback_index};
use crate::economics::params::EconomicParams;
use crate::energy::YearEnergy;
use crate::error::ForecastError;

/// The physical side of one operating year, in the units the money is priced in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OperatingYear {
    /// Calendar year.
    pub year: i32,
    /// Electricity sent out, net of the parasitic load, MWh: what the tariff pays for.
    pub electricity_net_mwh: f64,
    /// Emissions avoided, t CO2e: what carbon credits can be sold for.
    pub co2e_avoided_t: f64,
    /// Methane burnt, million m3 (at the plant's volume basis): what the gas cost is paid on.
    pub burnt_mm3: f64,
    /// Capacity installed and running this year, kW: what capex and fixed O&M are paid on.
    pub capacity_kw: f64,
}

impl OperatingYear {
    /// One year of the energy chain in the units of the cash flows: net GWh to MWh, kt CO2e to
    /// t, MW to kW (each x 1000), the burnt volume as it is. The emissions are the chain's
    /// total avoided (destruction, plus grid displacement when the plant has a grid factor).
    pub fn from_energy(year: &YearEnergy) -> OperatingYear {
        OperatingYear {
            year: year.year,
            electricity_net_mwh: year.net_electricity_gwh * 1000.0,
            co2e_avoided_t: year.co2e_avoided_kt * 1000.0,
            burnt_mm3: year.burnt_mm3,
            capacity_kw: year.capacity_mw * 1000.0,
        }
    }

    /// Each input with its name, for checks.
    fn inputs(&self) -> [(&'static str, f64); 4] {
        [
            ("electricity_net_mwh", self.electricity_net_mwh),
            ("co2e_avoided_t", self.co2e_avoided_t),
            ("burnt_mm3", self.burnt_mm3),
            ("capacity_kw", self.capacity_kw),
        ]
    }
}

/// One row of the cash-flow table; the fields are the table's columns, in order. Money in the
/// parameters' currency (real terms); costs and tax are positive numbers subtracted in
/// `cash_flow`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CashFlowRow {
    /// Calendar year (the first row is the year before the first operating year).
    pub year: i32,
    /// Electricity sent out, MWh (0 in the investment row).
    pub electricity_net_mwh: f64,
    /// tariff x net MWh.
    pub revenue_power: f64,
    /// carbon price x carbon share x t CO2e avoided.
    pub revenue_carbon: f64,
    /// Capex paid this year: capex per kW x capacity that first runs next year.
    pub capex: f64,
    /// Fixed O&M per kW x capacity running + variable O&M per MWh x net MWh.
    pub opex: f64,
    /// Gas cost per m3 x m3 burnt.
    pub gas_cost: f64,
    /// tax rate x max(0, taxable profit).
    pub tax: f64,
    /// revenue_power + revenue_carbon − capex − opex − gas_cost − tax.
    pub cash_flow: f64,
    /// cash_flow / (1 + r)^k, k the row's index.
    pub discounted_cash_flow: f64,
    /// Sum of discounted_cash_flow up to and including this row; the last row's is the NPV.
    pub cumulative_discounted: f64,
}

/// The column names of [`CashFlowRow`], in order, as tables and files name them.
pub const CASH_FLOW_COLUMNS: [&str; 11] = [
    "year",
    "electricity_net_mwh",
    "revenue_power",
    "revenue_carbon",
    "capex",
    "opex",
    "gas_cost",
    "tax",
    "cash_flow",
    "discounted_cash_flow",
    "cumulative_discounted",
];

/// The cash-flow table of one plant over its lifetime, and its measures.
#[derive(Debug, Clone, PartialEq)]
pub struct CashFlows {
    /// The investment row (k = 0) then one row per operating year.
    pub rows: Vec<CashFlowRow>,
    /// The operating years valued (the first `lifetime_years` given), as given.
    pub operating: Vec<OperatingYear>,
    /// The real discount rate the rows were discounted at.
    pub discount_rate: f64,
}

/// The measures of a cash-flow table, as `meta` reports them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valuation {
    /// Net present value: the sum of the discounted cash flows.
    pub npv: f64,
    /// Internal rate of return, `None` when there is not exactly one (see `irr_reason`).
    pub irr: Option<f64>,
    /// Why there is no IRR, when there is none.
    pub irr_reason: Option<NoIrr>,
    /// Present value of capex + O&M + gas cost over present value of net MWh; `None` without
    /// electricity.
    pub lcoe_per_mwh: Option<f64>,
    /// First year whose cumulative cash flow is at least zero.
    pub payback_year: Option<i32>,
    /// First year whose cumulative discounted cash flow is at least zero.
    pub discounted_payback_year: Option<i32>,
}

/// The cash-flow table of `params` over the first `params.lifetime_years` of `years`.
///
/// Refuses invalid parameters, a lifetime longer than the years given, years that do not
/// follow each other one apart, and negative or non-finite physical inputs.
///
/// ```
/// use cmmcast_forecast::economics::{EconomicParams, OperatingYear, cash_flows};
/// let params = EconomicParams {
///     capex_per_kw: 1000.0, opex_per_kw_year: 0.0, opex_per_mwh: 0.0,
///     tariff_per_mwh: 100.0, carbon_price_per_t: 0.0, carbon_share: 0.0,
///     gas_cost_per_m3: 0.0, tax_rate: 0.0, depreciation_years: 1,
///     discount_rate: 0.25, lifetime_years: 1, currency: "units".into(),
/// };
/// let year = OperatingYear {
///     year: 2021, electricity_net_mwh: 12_500.0, co2e_avoided_t: 0.0,
///     burnt_mm3: 0.0, capacity_kw: 1000.0,
/// };
/// let table = cash_flows(&params, &[year])?;
/// // -1,000,000 in 2020, then 1,250,000 / 1.25 = 1,000,000 in 2021.
/// assert_eq!(table.rows[0].year, 2020);
/// assert_eq!(table.npv(), 0.0);
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
pub fn cash_flows(
    params: &EconomicParams,
    years: &[OperatingYear],
) -> Result<CashFlows, ForecastError> {
    params.validate()?;
    let lifetime = params.lifetime_years as usize;
    if years.len() < lifetime {
        return Err(ForecastError::LifetimeBeyondYears {
            lifetime_years: params.lifetime_years,
            available: years.len(),
        });
    }
    let operating = &years[..lifetime];
    check_years(operating)?;

    let capital = CapitalSchedule::new(params, operating.iter().map(|year| year.capacity_kw));
    let mut rows = Vec::with_capacity(lifetime + 1);
    let mut cumulative = 0.0;
    let mut push = |k: usize, row: CashFlowRow| {
        let discounted = row.cash_flow * discount_factor(params.discount_rate, k);
        cumulative += discounted;
        rows.push(CashFlowRow {
            discounted_cash_flow: discounted,
            cumulative_discounted: cumulative,
            ..row
        });
    };
    push(0, capital.investment_row(operating[0].year - 1));
    for (index, year) in operating.iter().enumerate() {
        let k = index + 1;
        push(k, capital.operating_row(params, k, year));
    }
    Ok(CashFlows {
        rows,
        operating: operating.to_vec(),
        discount_rate: params.discount_rate,
    })
}

/// The capital side of a cash-flow table: the capex paid in each row and the depreciation
/// charged in each, from the capacity of each operating year. Kept apart from the rows so that
/// a simulation valuing many paths of one plant (the sizing by value, `sim::size`) computes it
/// once and prices each path's years with [`CapitalSchedule::operating_row`], the same
/// arithmetic [`cash_flows`] uses, without building tables.
#[derive(Debug, Clone, PartialEq)]
pub struct CapitalSchedule {
    /// capex[k]: paid at the end of row k for the capacity that first runs in row k + 1.
    capex: Vec<f64>,
    /// depreciation[k]: charged against row k's taxable profit.
    depreciation: Vec<f64>,
}

impl CapitalSchedule {
    /// The capex and depreciation of every row (0 to n) for the capacity, kW, of operating
    /// years 1 to n: the whole first year's capacity paid in row 0, each rise after it the
    /// year before it runs, a fall earning nothing back; each capex depreciated straight-line
    /// from the first year its capacity runs, the parts after row n lost.
    pub fn new(
        params: &EconomicParams,
        capacity_kw: impl IntoIterator<Item = f64>,
    ) -> CapitalSchedule {
        let mut capex = vec![0.0];
        let mut running_kw = 0.0;
        for (k, kw) in capacity_kw.into_iter().enumerate() {
            capex[k] = params.capex_per_kw * (kw - running_kw).max(0.0);
            capex.push(0.0);
            running_kw = kw;
        }
        let rows = capex.len();
        let period = params.depreciation_years as usize;
        let mut depreciation = vec![0.0; rows];
        for (paid_in, &amount) in capex.iter().enumerate() {
            let share = amount / period as f64;
            for slot in depreciation.iter_mut().skip(paid_in + 1).take(period) {
                *slot += share;
            }
        }
        CapitalSchedule {
            capex,
            depreciation,
        }
    }

    /// Capex paid in row `k` (0 beyond the last row).
    pub fn capex(&self, k: usize) -> f64 {
        self.capex.get(k).copied().unwrap_or(0.0)
    }

    /// The investment row (k = 0) of a table whose first operating year follows `year`: its
    /// capex and nothing else; discounted columns 0 until the table fills them.
    pub fn investment_row(&self, year: i32) -> CashFlowRow {
        CashFlowRow {
            year,
            electricity_net_mwh: 0.0,
            revenue_power: 0.0,
            revenue_carbon: 0.0,
            capex: self.capex(0),
            opex: 0.0,
            gas_cost: 0.0,
            tax: 0.0,
            // 0 − capex rather than −capex, so no capex prints as 0, not −0.
            cash_flow: 0.0 - self.capex(0),
            discounted_cash_flow: 0.0,
            cumulative_discounted: 0.0,
        }
    }

    /// Depreciation charged in row `k` (0 beyond the last row).
    pub fn depreciation(&self, k: usize) -> f64 {
        self.depreciation.get(k).copied().unwrap_or(0.0)
    }

    /// Operating row `k` (1 to n) for `year`, by the conventions of the module notes;
    /// discounted columns 0 until the table fills them. `year` is not checked here
    /// ([`cash_flows`] checks it).
    #[inline]
    pub fn operating_row(
        &self,
        params: &EconomicParams,
        k: usize,
        year: &OperatingYear,
    ) -> CashFlowRow {
        operating_row(params, self.capex(k), self.depreciation(k), year)
    }
}

/// One operating row from its capex and depreciation: the one place the row's arithmetic is
/// written, for the table ([`CapitalSchedule::operating_row`]) and for a simulated path whose
/// capital side is scaled from a schedule computed once (`sim::value`).
#[inline]
pub(crate) fn operating_row(
    params: &EconomicParams,
    capex: f64,
    depreciation: f64,
    year: &OperatingYear,
) -> CashFlowRow {
    let revenue_power = params.tariff_per_mwh * year.electricity_net_mwh;
    let revenue_carbon = params.carbon_price_per_t * params.carbon_share * year.co2e_avoided_t;
    let opex =
        params.opex_per_kw_year * year.capacity_kw + params.opex_per_mwh * year.electricity_net_mwh;
    // Million m3 x 1e6 = m3.
    let gas_cost = params.gas_cost_per_m3 * year.burnt_mm3 * 1e6;
    let taxable = revenue_power + revenue_carbon - opex - gas_cost - depreciation;
    let tax = params.tax_rate * taxable.max(0.0);
    let cash_flow = revenue_power + revenue_carbon - capex - opex - gas_cost - tax;
    CashFlowRow {
        year: year.year,
        electricity_net_mwh: year.electricity_net_mwh,
        revenue_power,
        revenue_carbon,
        capex,
        opex,
        gas_cost,
        tax,
        cash_flow,
        discounted_cash_flow: 0.0,
        cumulative_discounted: 0.0,
    }
}

/// Refuses negative or non-finite inputs and years that skip or repeat.
fn check_years(years: &[OperatingYear]) -> Result<(), ForecastError> {
    for year in years {
        for (name, value) in year.inputs() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(ForecastError::BadOperatingInput {
                    year: year.year,
                    name,
                    value,
                });
            }
        }
    }
    for pair in years.windows(2) {
        if pair[1].year != pair[0].year + 1 {
            return Err(ForecastError::OperatingYearsNotConsecutive {
                from: pair[0].year,
                to: pair[1].year,
            });
        }
    }
    Ok(())
}

impl CashFlows {
    /// The cash flow of each row, from the investment row on.
    pub fn cash_flow_series(&self) -> Vec<f64> {
        self.rows.iter().map(|row| row.cash_flow).collect()
    }

    /// Net present value at the table's discount rate.
    pub fn npv(&self) -> f64 {
        npv(self.discount_rate, &self.cash_flow_series())
    }

    /// Internal rate of return of the cash flows (see [`irr`]).
    pub fn irr(&self) -> Result<f64, NoIrr> {
        irr(&self.cash_flow_series())
    }

    /// Levelized cost of electricity per MWh: present value of capex + opex + gas cost over
    /// present value of the net MWh, before tax and without carbon revenue (see [`lcoe`]);
    /// `None` without electricity.
    pub fn lcoe_per_mwh(&self) -> Option<f64> {
        let costs: Vec<f64> = self
            .rows
            .iter()
            .map(|row| row.capex + row.opex + row.gas_cost)
            .collect();
        let mwh: Vec<f64> = self
            .rows
            .iter()
            .map(|row| row.electricity_net_mwh)
            .collect();
        lcoe(self.discount_rate, &costs, &mwh)
    }

    /// The first year whose cumulative cash flow is at least zero ([`payback_index`]).
    pub fn payback_year(&self) -> Option<i32> {
        payback_index(&self.cash_flow_series()).map(|k| self.rows[k].year)
    }

    /// The first year whose cumulative discounted cash flow is at least zero.
    pub fn discounted_payback_year(&self) -> Option<i32> {
        self.rows
            .iter()
            .find(|row| row.cumulative_discounted >= 0.0)
            .map(|row| row.year)
    }

    /// Every measure at once.
    pub fn valuation(&self) -> Valuation {
        let irr = self.irr();
        Valuation {
            npv: self.npv(),
            irr: irr.ok(),
            irr_reason: irr.err(),
            lcoe_per_mwh: self.lcoe_per_mwh(),
            payback_year: self.payback_year(),
            discounted_payback_year: self.discounted_payback_year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> EconomicParams {
        EconomicParams {
            capex_per_kw: 100.0,
            opex_per_kw_year: 0.0,
            opex_per_mwh: 0.0,
            tariff_per_mwh: 10.0,
            carbon_price_per_t: 0.0,
            carbon_share: 0.0,
            gas_cost_per_m3: 0.0,
            tax_rate: 0.0,
            depreciation_years: 1,
            discount_rate: 0.0,
            lifetime_years: 3,
            currency: "units".to_string(),
        }
    }

    fn year(year: i32, capacity_kw: f64) -> OperatingYear {
        OperatingYear {
            year,
            electricity_net_mwh: 100.0,
            co2e_avoided_t: 0.0,
            burnt_mm3: 0.0,
            capacity_kw,
        }
    }

    #[test]
    fn an_addition_is_paid_the_year_before_it_runs() {
        let years = [year(2021, 10.0), year(2022, 10.0), year(2023, 30.0)];
        let table = cash_flows(&params(), &years).expect("valid");
        let capex: Vec<f64> = table.rows.iter().map(|row| row.capex).collect();
        assert_eq!(capex, vec![1000.0, 0.0, 2000.0, 0.0]);
        let years_of_rows: Vec<i32> = table.rows.iter().map(|row| row.year).collect();
        assert_eq!(years_of_rows, vec![2020, 2021, 2022, 2023]);
    }

    #[test]
    fn a_fall_in_capacity_earns_nothing_back_and_a_rise_after_it_is_paid_again() {
        let years = [year(2021, 30.0), year(2022, 10.0), year(2023, 20.0)];
        let table = cash_flows(&params(), &years).expect("valid");
        let capex: Vec<f64> = table.rows.iter().map(|row| row.capex).collect();
        assert_eq!(capex, vec![3000.0, 0.0, 1000.0, 0.0]);
    }

    #[test]
    fn depreciation_beyond_the_lifetime_is_lost_and_losses_do_not_carry_forward() {
        // 1000 of capex over 4 years = 250 a year, but only 3 years are valued.
        let p = EconomicParams {
            tax_rate: 0.5,
            depreciation_years: 4,
            ..params()
        };
        let mut years = [year(2021, 10.0), year(2022, 10.0), year(2023, 10.0)];
        // Revenue 10 x MWh: 100, 400, 1000. Taxable: -150 (no tax, and not carried), 150, 750.
        years[0].electricity_net_mwh = 10.0;
        years[1].electricity_net_mwh = 40.0;
        years[2].electricity_net_mwh = 100.0;
        let table = cash_flows(&p, &years).expect("valid");
        let tax: Vec<f64> = table.rows.iter().map(|row| row.tax).collect();
        assert_eq!(tax, vec![0.0, 0.0, 75.0, 375.0]);
    }

    #[test]
    fn bad_inputs_are_refused_by_name() {
        let years = [year(2021, 10.0), year(2022, 10.0)];
        assert_eq!(
            cash_flows(&params(), &years),
            Err(ForecastError::LifetimeBeyondYears {
                lifetime_years: 3,
                available: 2
            })
        );
        let gap = [year(2021, 10.0), year(2023, 10.0), year(2024, 10.0)];
        assert_eq!(
            cash_flows(&params(), &gap),
            Err(ForecastError::OperatingYearsNotConsecutive {
                from: 2021,
                to: 2023
            })
        );
        let repeated = [year(2021, 10.0); 3];
        assert!(matches!(
            cash_flows(&params(), &repeated),
            Err(ForecastError::OperatingYearsNotConsecutive { .. })
        ));
        let mut negative = [year(2021, 10.0), year(2022, 10.0), year(2023, 10.0)];
        negative[1].burnt_mm3 = -1.0;
        let refusal = cash_flows(&params(), &negative).expect_err("negative gas");
        assert_eq!(
            refusal.to_string(),
            "the burnt_mm3 of operating year 2022 is -1; give a finite value of at least 0"
        );
        let bad = EconomicParams {
            carbon_share: 2.0,
            ..params()
        };
        assert!(matches!(
            cash_flows(&bad, &negative),
            Err(ForecastError::BadEconomicParameter {
                name: "carbon_share",
                ..
            })
        ));
    }

    #[test]
    fn only_the_lifetime_is_valued() {
        let years = [
            year(2021, 10.0),
            year(2022, 10.0),
            year(2023, 10.0),
            year(2024, 10.0),
        ];
        let table = cash_flows(&params(), &years).expect("valid");
        assert_eq!(table.rows.len(), 4);
        assert_eq!(table.operating.len(), 3);
    }

    #[test]
    fn the_columns_are_the_fields_in_order() {
        let years = [year(2021, 1.0), year(2022, 1.0), year(2023, 1.0)];
        let row = cash_flows(&params(), &years).expect("valid").rows[0];
        let json = serde_json::to_value(row).expect("serialises");
        let keys: Vec<&str> = json
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, CASH_FLOW_COLUMNS);
    }
}

//! The money a plant makes: a yearly cash-flow table from the energy chain's physical outputs
//! and a set of [`EconomicParams`] (capex, O&M, gas cost, power tariff, carbon revenue, tax,
//! discounting), and the measures a decision is taken on: NPV, IRR, LCOE and payback.
//!
//! [`params`](EconomicParams) holds the inputs and their ranges, [`ECONOMIC_DEFAULTS`] the
//! built-in values each with its source (or the word "assumption"), [`cash_flows`] builds the table by the stated
//! conventions (real terms, end-of-year flows, capex the year before capacity runs, no loss
//! carry-forward), and the measures are plain functions of series so that a simulation can
//! value each path without building tables. Worked example: docs/METHODS.md, section 14.2.

mod cash_flow;
mod defaults;
mod measures;
mod params;

pub(crate) use cash_flow::operating_row;
pub use cash_flow::{
    CASH_FLOW_COLUMNS, CapitalSchedule, CashFlowRow, CashFlows, OperatingYear, Valuation,
    cash_flows,
};
pub use defaults::{CURRENCY_SOURCE, DEFAULT_CURRENCY, ECONOMIC_DEFAULTS, EconomicDefault};
pub use measures::{NoIrr, discount_factor, irr, irr_near, lcoe, npv, payback_index, sign_changes};
pub use params::{EconomicKey, EconomicParams};

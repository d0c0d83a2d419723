//! Trend forecasting with honest small-sample uncertainty, the methane-to-power energy chain,
//! and Monte Carlo simulation, for coal-mine methane.
//!
//! The modules follow the one-way flow of the project: [`ols`] (least squares with inference)
//! → [`trend`] (the model menu) → [`forecast`] (point forecasts with intervals) → [`select`]
//! (model comparison) → [`energy`] (gas to electricity and emissions) → [`sim`] (joint sample
//! paths) → [`economics`] (cash flows, NPV, IRR, LCOE). [`backtest`] checks any model of the
//! menu against the past: rolling-origin forecast errors and the coverage of its intervals.

pub mod backtest;
pub mod calibrate;
pub mod choice;
pub mod closure;
pub mod economics;
pub mod energy;
mod error;
pub mod forecast;
mod level;
mod linalg;
pub mod ols;
pub mod percents;
pub mod request;
pub mod rng;
pub mod select;
pub mod sim;
pub mod study;
pub mod trend;

pub use error::{ForecastError, PathsOf, ValueSource, YearPurpose, readable};
pub use level::Level;

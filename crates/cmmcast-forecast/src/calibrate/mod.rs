//! Forecasts checked against real series: a reference class (`cmmcast_data::ReferenceClass`)
//! cut into windows the way a mine's plan is (W known years, then H years forecast), and the
//! accuracy and interval coverage each method reached on them.

mod evaluate;
mod windows;

pub use evaluate::{
    HorizonAccuracy, MethodAccuracy, ModelForecaster, ReferenceBacktest, WindowForecast,
    WindowForecaster, backtest_reference, naive_scale,
};
pub use windows::{MAX_HORIZON, MAX_WINDOW, Window, WindowSettings, windows};

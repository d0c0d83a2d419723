//! Forecasts checked against real series, and intervals learned from them.
//!
//! A reference class (`cmmcast_data::ReferenceClass`) is cut into windows the way a mine's plan
//! is (W known years, then H years forecast): [`backtest_reference`] measures how often each
//! method's intervals held what happened. [`Calibration`] learns, from the same windows, how far
//! real series strayed from the damped-level point ([`DampedLevel`]), scaled by each window's
//! own volatility, and turns that into intervals that hold about as often as they say on real
//! series (docs/METHODS.md, section 13).

mod compiled;
mod coverage;
mod evaluate;
mod fitted;
mod intervals;
mod loco;
mod point;
mod table;
mod windows;

pub use coverage::{
    COVERAGE_LEVELS, CoverageCheck, HorizonCoverage, MAX_CHECK_WINDOW, MIN_CHECK_WINDOW,
    MethodCoverage, check_window,
};
pub use evaluate::{
    HorizonAccuracy, MethodAccuracy, ModelForecaster, ReferenceBacktest, WindowForecast,
    WindowForecaster, backtest_reference, naive_scale,
};
pub use fitted::{CalibratedDamped, FittedCalibrated};
pub use intervals::{Calibration, CalibrationSummary, MIN_CALIBRATED_YEARS, WindowCount};
pub use loco::LeaveGroupOut;
pub use point::{DampedLevel, SD_FLOOR, log_step_sd};
pub use table::{CalibrationTable, MIN_SERIES_MEAN, TABLE_HORIZON, conformal_rank};
pub use windows::{MAX_HORIZON, MAX_WINDOW, Window, WindowSettings, windows};

//! Backtests the model menu on the embedded reference class (national coal and gas
//! production), windows of 5 known years, 1 to 10 years ahead, and prints coverage and errors.
//!
//! `cargo run --release -p cmmcast-forecast --example reference [coal_mt|gas_bcm] [W]`

use cmmcast_data::ReferenceClass;
use cmmcast_forecast::Level;
use cmmcast_forecast::calibrate::{
    DampedLevel, LeaveGroupOut, ModelForecaster, WindowForecaster, WindowSettings,
    backtest_reference,
};
use cmmcast_forecast::trend::{Exponential, Gm11, Linear, Quadratic};

fn main() {
    let quantity = std::env::args().nth(1).unwrap_or_else(|| "coal_mt".into());
    let window: usize = std::env::args()
        .nth(2)
        .and_then(|w| w.parse().ok())
        .unwrap_or(5);
    let full = ReferenceClass::embedded();
    let calibrated = LeaveGroupOut::new(&full, DampedLevel::SHIPPED);
    let mut class = full.clone();
    class.series.retain(|s| s.quantity == quantity);
    let settings = WindowSettings {
        window,
        horizon: 10,
        step: 1,
        min_level: 1.0,
        full_outcome: true,
    };
    let levels = [
        Level::percent(80.0).expect("level"),
        Level::percent(95.0).expect("level"),
    ];
    let models: Vec<ModelForecaster<'_>> = vec![
        ModelForecaster(&Linear),
        ModelForecaster(&Exponential),
        ModelForecaster(&Quadratic),
        ModelForecaster(&Gm11),
    ];
    let mut methods: Vec<&dyn WindowForecaster> = vec![&calibrated];
    methods.extend(models.iter().map(|m| m as &dyn WindowForecaster));
    let result = backtest_reference(&class, &methods, &settings, &levels).expect("backtests");
    println!(
        "{quantity}, W = {window}: {} windows from {} series ({} groups)",
        result.windows, result.series, result.groups
    );
    for method in &result.methods {
        for h in &method.horizons {
            println!(
                "{:12} h={:2} n={:4} cov80={:5.1} cov95={:5.1} mdape={:6.1} wink95={:7.1} mase={:6.2}",
                method.method,
                h.horizon,
                h.n,
                100.0 * h.coverage[0],
                100.0 * h.coverage[1],
                h.mdape,
                h.winkler_percent[1],
                h.mase.unwrap_or(f64::NAN)
            );
        }
    }
}

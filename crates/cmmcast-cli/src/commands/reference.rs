//! `cmmcast backtest --reference`: the model menu checked on a reference class of real series,
//! cut into windows the way a mine's plan is.

use cmmcast_data::ReferenceClass;
use cmmcast_data::suggest::did_you_mean;
use cmmcast_forecast::calibrate::{
    DampedLevel, LeaveGroupOut, ModelForecaster, WindowForecaster, WindowSettings,
    backtest_reference,
};

use crate::args::BacktestArgs;
use crate::commands::backtest::{levels, models};
use crate::failure::{FLAGS, Failure};
use crate::report::Report;
use crate::tables::reference;

/// Builds the report of `cmmcast backtest --reference`.
pub fn run(args: &BacktestArgs) -> Result<Report, Failure> {
    for (given, flag) in [
        (args.input.input.is_some(), "--input"),
        (args.input.facts.is_some(), "--facts"),
        (args.input.site.is_some(), "--site"),
        (args.details.is_some(), "--details"),
        (args.min_train.is_some(), "--min-train"),
    ] {
        if given {
            return Err(Failure::Usage(format!(
                "{flag} belongs to a backtest of the data, and --reference backtests a reference class of real series instead; leave {flag} out, or --reference"
            )));
        }
    }
    let (levels, level_notes) = levels(args)?;
    let settings = WindowSettings {
        window: args.window.unwrap_or(5),
        horizon: args.horizon.unwrap_or(10),
        step: args.step.unwrap_or(1),
        min_level: args.min_level.unwrap_or(0.0),
        full_outcome: args.full_outcome,
    };
    settings
        .check()
        .map_err(|error| Failure::with_flags(error, &FLAGS))?;
    let models = models(args)?;
    let full = match args.reference.as_deref() {
        Some(path) if path.as_os_str() != "embedded" => ReferenceClass::load(path)?,
        _ => ReferenceClass::embedded(),
    };
    // The calibrated method learns from every column, as the shipped tables do, but never
    // from the group a window comes from.
    let calibrated = LeaveGroupOut::new(&full, DampedLevel::SHIPPED);
    let mut class = full.clone();
    if let Some(quantity) = &args.quantity {
        let mut known: Vec<&str> = class.series.iter().map(|s| s.quantity.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        if !known.contains(&quantity.as_str()) {
            return Err(Failure::Usage(format!(
                "--quantity {quantity}: {} has no such column{}; choose one of {}",
                class.origin,
                did_you_mean(quantity, known.iter().copied()),
                known.join(", ")
            )));
        }
        let quantity = quantity.clone();
        class.series.retain(|s| s.quantity == quantity);
    }
    let forecasters: Vec<ModelForecaster<'_>> =
        models.iter().map(|m| ModelForecaster(m.as_ref())).collect();
    let mut methods: Vec<&dyn WindowForecaster> = vec![&calibrated];
    methods.extend(forecasters.iter().map(|f| f as &dyn WindowForecaster));
    let result = backtest_reference(&class, &methods, &settings, &levels)
        .map_err(|error| Failure::with_flags(error, &FLAGS))?;
    let mut report = reference::table(&result, args.quantity.as_deref());
    report.notes.splice(0..0, level_notes);
    Ok(report)
}

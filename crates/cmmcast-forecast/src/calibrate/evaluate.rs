//! How well forecasts made from each window of a reference class held what happened: per model
//! and horizon, the coverage of each interval level, the interval (Winkler) score, the median
//! absolute percentage error and MASE. Equations: docs/METHODS.md, "Backtests on a reference
//! class".

use rayon::prelude::*;
use serde::Serialize;

use cmmcast_data::ReferenceClass;

use crate::backtest::{covers, winkler_score};
use crate::calibrate::windows::{Window, WindowSettings, windows};
use crate::error::ForecastError;
use crate::level::Level;
use crate::trend::{TrendInput, TrendModel};

/// A forecast from one window: for each year ahead (1, 2, ..., as many as the window has
/// actuals for), the point and the bounds at each level.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowForecast {
    /// Point forecast, year by year.
    pub point: Vec<f64>,
    /// (lower, upper) per year, then per level.
    pub bounds: Vec<Vec<(f64, f64)>>,
}

/// Something that forecasts from a window: a trend model with its own intervals, or a point
/// method with calibrated ones.
pub trait WindowForecaster: Sync {
    /// The name in tables.
    fn name(&self) -> &str;
    /// The forecast of `horizon` years after the window, at `levels`; `Err` when the method
    /// refuses the window (too short, not positive, ...), which the evaluation counts.
    fn forecast(
        &self,
        window: &Window<'_>,
        horizon: usize,
        levels: &[Level],
    ) -> Result<WindowForecast, ForecastError>;
}

/// A model of the menu, with its own (model-based) intervals.
pub struct ModelForecaster<'m>(pub &'m dyn TrendModel);

impl WindowForecaster for ModelForecaster<'_> {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn forecast(
        &self,
        window: &Window<'_>,
        horizon: usize,
        levels: &[Level],
    ) -> Result<WindowForecast, ForecastError> {
        let input = TrendInput::methane(window.years, window.values);
        let fit = self.0.fit(&input)?;
        let last = window.years.last().copied().unwrap_or_default();
        let years: Vec<i32> = (1..=horizon as i32).map(|h| last + h).collect();
        let forecast = fit.forecast(&years, levels);
        Ok(WindowForecast {
            bounds: (0..years.len())
                .map(|i| {
                    forecast
                        .intervals
                        .iter()
                        .map(|b| (b.lower[i], b.upper[i]))
                        .collect()
                })
                .collect(),
            point: forecast.point,
        })
    }
}

/// A method's accuracy at one horizon over every window with an actual that many years ahead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonAccuracy {
    /// Years ahead.
    pub horizon: usize,
    /// Forecasts compared.
    pub n: usize,
    /// Share of actual values inside the interval, per level (0 to 1).
    pub coverage: Vec<f64>,
    /// Mean Winkler score per level, in per cent of the window's last known value (so that
    /// series of any size compare).
    pub winkler_percent: Vec<f64>,
    /// Median absolute percentage error, per cent.
    pub mdape: f64,
    /// Mean absolute error over the window's in-sample naive (one-step) mean absolute error, as
    /// R's `accuracy()`; `None` when no window has a naive error (every window constant).
    pub mase: Option<f64>,
}

/// One method's accuracy on a reference class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodAccuracy {
    /// The method.
    pub method: String,
    /// Windows it forecast from.
    pub windows: usize,
    /// Windows it refused, and the first reason.
    pub refused: (usize, Option<String>),
    /// Horizon 1, 2, ...; horizons with no actual are left out.
    pub horizons: Vec<HorizonAccuracy>,
}

/// The backtest of several methods on a reference class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceBacktest {
    /// Where the reference class comes from.
    pub origin: String,
    /// How the windows were cut.
    pub settings: WindowSettings,
    /// The interval levels, per cent.
    pub levels: Vec<f64>,
    /// Windows cut.
    pub windows: usize,
    /// Series that gave at least one window.
    pub series: usize,
    /// Groups (countries, mines) that gave at least one window.
    pub groups: usize,
    /// One entry per method, in the order given.
    pub methods: Vec<MethodAccuracy>,
}

/// One forecast's comparison with what happened.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    inside: [bool; 8],
    winkler: [f64; 8],
    ape: f64,
    scaled: Option<f64>,
}

/// Backtests every method on every window of `class` (see [`windows`]).
///
/// ```
/// use cmmcast_data::ReferenceClass;
/// use cmmcast_forecast::Level;
/// use cmmcast_forecast::calibrate::{ModelForecaster, WindowSettings, backtest_reference};
/// use cmmcast_forecast::trend::Linear;
/// let class = ReferenceClass::parse("g,year,x\nA,2000,1\nA,2001,2\nA,2002,3\nA,2003,4\nA,2004,5\n", "t.csv")?;
/// let settings = WindowSettings { window: 3, horizon: 2, step: 1, min_level: 0.0, full_outcome: false };
/// let result = backtest_reference(&class, &[&ModelForecaster(&Linear)], &settings, &[Level::percent(80.0).unwrap()]).unwrap();
/// // A straight line is forecast exactly.
/// assert_eq!(result.methods[0].horizons[0].mdape, 0.0);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
pub fn backtest_reference(
    class: &ReferenceClass,
    methods: &[&dyn WindowForecaster],
    settings: &WindowSettings,
    levels: &[Level],
) -> Result<ReferenceBacktest, ForecastError> {
    settings.check()?;
    if levels.len() > 8 {
        return Err(ForecastError::BadSetting {
            name: "levels",
            from: crate::error::ValueSource::Given,
            value: levels.len() as f64,
            allowed: "at most 8 interval levels",
        });
    }
    let cut = windows(class, settings);
    if cut.is_empty() {
        return Err(ForecastError::NoReferenceWindows {
            window: settings.window,
        });
    }
    let mut series: Vec<usize> = cut.iter().map(|w| w.series).collect();
    series.dedup();
    let mut groups: Vec<&str> = cut.iter().map(|w| w.group).collect();
    groups.sort_unstable();
    groups.dedup();
    let methods = methods
        .iter()
        .map(|method| evaluate(*method, &cut, settings.horizon, levels))
        .collect();
    Ok(ReferenceBacktest {
        origin: class.origin.clone(),
        settings: *settings,
        levels: levels.iter().map(|l| l.as_percent()).collect(),
        windows: cut.len(),
        series: series.len(),
        groups: groups.len(),
        methods,
    })
}

/// Naive one-step in-sample mean absolute error of a window: mean |y_t − y_{t−1}|.
pub fn naive_scale(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let sum: f64 = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
    let scale = sum / (values.len() - 1) as f64;
    (scale > 0.0).then_some(scale)
}

fn evaluate(
    method: &dyn WindowForecaster,
    cut: &[Window<'_>],
    horizon: usize,
    levels: &[Level],
) -> MethodAccuracy {
    let per_window: Vec<Result<Vec<Outcome>, ForecastError>> = cut
        .par_iter()
        .map(|window| {
            let steps = window.future.len().min(horizon);
            let forecast = method.forecast(window, steps, levels)?;
            let scale = naive_scale(window.values);
            let last = window.last();
            Ok((0..steps)
                .map(|i| {
                    let actual = window.future[i];
                    let point = forecast.point[i];
                    let mut outcome = Outcome {
                        inside: [false; 8],
                        winkler: [0.0; 8],
                        ape: 100.0 * ((actual - point) / actual).abs(),
                        scaled: scale.map(|s| (actual - point).abs() / s),
                    };
                    for (l, (&level, &(lower, upper))) in
                        levels.iter().zip(&forecast.bounds[i]).enumerate()
                    {
                        outcome.inside[l] = covers(lower, upper, actual);
                        outcome.winkler[l] =
                            100.0 * winkler_score(lower, upper, actual, level) / last;
                    }
                    outcome
                })
                .collect())
        })
        .collect();
    let mut by_horizon: Vec<Vec<Outcome>> = vec![Vec::new(); horizon];
    let mut refused = (0, None);
    let mut fitted = 0;
    for result in per_window {
        match result {
            Ok(outcomes) => {
                fitted += 1;
                for (h, outcome) in outcomes.into_iter().enumerate() {
                    by_horizon[h].push(outcome);
                }
            }
            Err(error) => {
                refused.0 += 1;
                refused.1.get_or_insert_with(|| error.to_string());
            }
        }
    }
    let horizons = by_horizon
        .into_iter()
        .enumerate()
        .filter(|(_, outcomes)| !outcomes.is_empty())
        .map(|(h, outcomes)| summarise(h + 1, &outcomes, levels.len()))
        .collect();
    MethodAccuracy {
        method: method.name().to_string(),
        windows: fitted,
        refused,
        horizons,
    }
}

fn summarise(horizon: usize, outcomes: &[Outcome], levels: usize) -> HorizonAccuracy {
    let n = outcomes.len();
    let mut apes: Vec<f64> = outcomes.iter().map(|o| o.ape).collect();
    apes.sort_by(f64::total_cmp);
    let mdape = if n % 2 == 1 {
        apes[n / 2]
    } else {
        (apes[n / 2 - 1] + apes[n / 2]) / 2.0
    };
    let scaled: Vec<f64> = outcomes.iter().filter_map(|o| o.scaled).collect();
    HorizonAccuracy {
        horizon,
        n,
        coverage: (0..levels)
            .map(|l| outcomes.iter().filter(|o| o.inside[l]).count() as f64 / n as f64)
            .collect(),
        winkler_percent: (0..levels)
            .map(|l| outcomes.iter().map(|o| o.winkler[l]).sum::<f64>() / n as f64)
            .collect(),
        mdape,
        mase: (!scaled.is_empty()).then(|| scaled.iter().sum::<f64>() / scaled.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive scale by hand: |2 − 1| + |4 − 2| = 3 over 2 steps = 1.5; a constant window has
    /// none.
    #[test]
    fn naive_scale_by_hand() {
        assert_eq!(naive_scale(&[1.0, 2.0, 4.0]), Some(1.5));
        assert_eq!(naive_scale(&[3.0, 3.0, 3.0]), None);
    }
}

//! The rolling origin: fit a model on every year up to an origin, forecast the years after it,
//! and keep each forecast beside what happened.

use crate::backtest::BacktestSettings;
use crate::backtest::measures::{Accuracy, BacktestPoint, LevelBounds, drift_scale};
use crate::error::ForecastError;
use crate::forecast::Forecast;
use crate::trend::{TrendInput, TrendModel};

/// One model's backtest on one series.
#[derive(Debug, Clone)]
pub struct ModelBacktest {
    /// The model's name.
    pub model: &'static str,
    /// Years in the first fit: the settings' `min_train`, or the model's own minimum.
    pub min_train: usize,
    /// The origins whose fit and forecast succeeded, increasing.
    pub origins: Vec<i32>,
    /// Origins left out because the model refused the training years or its forecast was not
    /// finite, with the reason (a gap for GM(1,1), a zero for a log model, ...).
    pub skipped: Vec<(i32, ForecastError)>,
    /// Every forecast beside what happened, by origin and then year.
    pub points: Vec<BacktestPoint>,
    /// The measures at each horizon that has at least one forecast, by increasing horizon.
    pub accuracy: Vec<Accuracy>,
}

impl ModelBacktest {
    /// The measures `horizon` years ahead, if any forecast was that far ahead.
    pub fn at(&self, horizon: usize) -> Option<&Accuracy> {
        self.accuracy.iter().find(|a| a.horizon == horizon)
    }
}

/// Backtests one model: for every origin with at least `min_train` years up to it and a year of
/// data within the horizon after it, fits on the years up to the origin and forecasts the years
/// of data that follow within the horizon. Horizons count calendar years, so a gap in the data
/// leaves that year out instead of shifting the others.
///
/// The training length must already be checked against the model (see
/// [`BacktestSettings::min_train_for`]).
pub(crate) fn backtest_model(
    input: &TrendInput<'_>,
    model: &dyn TrendModel,
    settings: &BacktestSettings,
    min_train: usize,
) -> Result<ModelBacktest, ForecastError> {
    let years = input.years;
    let n = input.len();
    let horizon = settings.horizon();
    let mut origins = Vec::new();
    let mut skipped = Vec::new();
    // At most `horizon` forecasts from each origin.
    let mut points = Vec::with_capacity(n.saturating_sub(min_train) * horizon.min(n));
    for i in min_train.max(1) - 1..n.saturating_sub(1) {
        let origin = years[i];
        // Targets: the years of data within the horizon after the origin.
        let end = i
            + 1
            + years[i + 1..]
                .iter()
                .take_while(|&&y| i64::from(y) - i64::from(origin) <= horizon as i64)
                .count();
        if end == i + 1 {
            continue;
        }
        let train = TrendInput {
            years: &years[..=i],
            values: &input.values[..=i],
            series: input.series,
            coal_kt: input.coal_kt.map(|coal| &coal[..=i]),
            coal_plan: None,
        };
        let fit = match model.fit(&train) {
            Ok(fit) => fit,
            Err(error) => {
                skipped.push((origin, error));
                continue;
            }
        };
        let forecast = fit.forecast(&years[i + 1..end], settings.levels());
        if let Some(year) = first_not_finite(&forecast) {
            skipped.push((
                origin,
                ForecastError::ForecastOverflow {
                    model: model.name(),
                    year,
                },
            ));
            continue;
        }
        let scale = drift_scale(train.years, train.values);
        for (k, j) in (i + 1..end).enumerate() {
            points.push(BacktestPoint {
                origin,
                n_train: i + 1,
                year: years[j],
                // Positive: years increase.
                horizon: (years[j] - origin) as usize,
                actual: input.values[j],
                point: forecast.point[k],
                bounds: LevelBounds::new(
                    forecast.intervals.iter().map(|b| (b.lower[k], b.upper[k])),
                ),
                scale,
            });
        }
        origins.push(origin);
    }
    if points.is_empty() {
        return Err(match skipped.into_iter().next() {
            Some((_, error)) => error,
            None if n < min_train + 1 => ForecastError::TooShortToBacktest {
                model: model.name(),
                got: n,
                needed: min_train + 1,
                min_train,
                shorter_training_helps: min_train > model.min_points(),
            },
            None => ForecastError::NothingWithinHorizon {
                model: model.name(),
                horizon,
            },
        });
    }
    let accuracy = Accuracy::by_horizon(&points, horizon, settings.levels());
    Ok(ModelBacktest {
        model: model.name(),
        min_train,
        origins,
        skipped,
        points,
        accuracy,
    })
}

/// The first forecast year whose point or bounds are not finite (an exponential trend fitted
/// to an explosive window), so that no `inf` or `NaN` enters the measures.
fn first_not_finite(forecast: &Forecast) -> Option<i32> {
    (0..forecast.years.len())
        .find(|&k| {
            !forecast.point[k].is_finite()
                || forecast
                    .intervals
                    .iter()
                    .any(|b| !(b.lower[k].is_finite() && b.upper[k].is_finite()))
        })
        .map(|k| forecast.years[k])
}

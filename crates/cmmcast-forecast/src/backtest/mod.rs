//! Backtests: how far off each model would have been, had it been used in the past, and how
//! often its intervals held what happened. R users know this as `tsCV()` and `accuracy()`.
//!
//! A rolling origin ([`backtest`]): for every origin with enough years up to it, fit the model on
//! those years only, forecast 1 to H years ahead, and compare with the data. Per model and
//! horizon the measures ([`Accuracy`]) are ME, MAE, RMSE, MAPE, MASE (scaled by the in-sample
//! error of the naive drift forecast, so series of different size compare), the coverage of
//! each interval level and the interval (Winkler) score; [`BacktestResult::rankings`] ranks
//! the models per horizon. Any model of the menu works, since the backtest only calls
//! [`TrendModel::fit`] and [`FittedTrend::forecast`](crate::trend::FittedTrend::forecast).
//!
//! Equations: docs/METHODS.md, "Backtests and interval calibration".
//!
//! ```
//! use cmmcast_forecast::Level;
//! use cmmcast_forecast::backtest::{BacktestSettings, backtest};
//! use cmmcast_forecast::trend::{SeriesKind, TrendInput, menu};
//! let data = cmmcast_data::Dataset::songzao();
//! let site = data.site(None)?;
//! let input = TrendInput::from_series(&site.series, SeriesKind::Methane).unwrap();
//! let settings = BacktestSettings::new(1, None, Level::defaults())?;
//! let result = backtest(&input, &menu(None)?, &settings)?;
//! // Five years: linear is fitted on 2012–2014 and 2012–2015 and checked on 2015 and 2016.
//! let linear = result.model("linear").unwrap();
//! assert_eq!(linear.origins, vec![2014, 2015]);
//! assert_eq!(linear.at(1).unwrap().n, 2);
//! // ... which is very little evidence, and the result says so.
//! assert!(result.evidence().unwrap().starts_with("Very little evidence"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod measures;
mod rolling;

use rayon::prelude::*;
use serde::Serialize;

use cmmcast_data::Site;

pub use measures::{
    Accuracy, BacktestPoint, LevelBounds, ZERO_SCALE_RELATIVE, covers, drift_scale, winkler_score,
};
pub use rolling::ModelBacktest;

use crate::error::ForecastError;
use crate::forecast::MAX_HORIZON_YEARS;
use crate::level::Level;
use crate::request::input_for;
use crate::trend::{SeriesKind, TrendInput, TrendModel};

/// Below this many forecasts in a row of the table, [`BacktestResult::evidence`] calls the
/// evidence very little: a few errors can rank models by chance.
pub const VERY_LITTLE_EVIDENCE: usize = 10;
/// Below this many, it calls the evidence limited: a coverage's standard error is still above
/// 0.07 for an 80 % interval.
pub const LIMITED_EVIDENCE: usize = 30;

/// What a backtest does, checked once: how far ahead, from how many years, at which levels.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestSettings {
    horizon: usize,
    min_train: Option<usize>,
    levels: Vec<Level>,
}

impl BacktestSettings {
    /// One year ahead, as R's `tsCV()` does by default: the only horizon a short series can
    /// check many times.
    pub const DEFAULT_HORIZON: usize = 1;

    /// Settings for forecasts 1 to `horizon` years ahead (1 to 200) of each origin, the first
    /// origin after `min_train` years (`None`: each model's own minimum), with prediction
    /// intervals at `levels`.
    ///
    /// ```
    /// use cmmcast_forecast::{Level, backtest::BacktestSettings};
    /// assert!(BacktestSettings::new(0, None, Level::defaults()).is_err());
    /// let settings = BacktestSettings::new(5, Some(6), Level::defaults())?;
    /// assert_eq!(settings.horizon(), 5);
    /// # Ok::<(), cmmcast_forecast::ForecastError>(())
    /// ```
    pub fn new(
        horizon: usize,
        min_train: Option<usize>,
        levels: Vec<Level>,
    ) -> Result<BacktestSettings, ForecastError> {
        let max = MAX_HORIZON_YEARS as usize;
        if !(1..=max).contains(&horizon) {
            return Err(ForecastError::BadBacktestHorizon { horizon, max });
        }
        Ok(BacktestSettings {
            horizon,
            min_train,
            levels,
        })
    }

    /// Years ahead of each origin, at most.
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// The training length asked for; `None` when each model starts at its own minimum.
    pub fn min_train(&self) -> Option<usize> {
        self.min_train
    }

    /// The interval levels.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// Refuses a training length below the minimum of any of `models`; call it before
    /// [`backtest_sites`] so that the refusal is not tagged with a site.
    pub fn check_models(&self, models: &[Box<dyn TrendModel>]) -> Result<(), ForecastError> {
        models
            .iter()
            .try_for_each(|model| self.min_train_for(model.as_ref()).map(|_| ()))
    }

    /// The training length of `model`'s first origin, or a refusal when the one asked for is
    /// below the model's minimum (the model could not be fitted there at all).
    pub fn min_train_for(&self, model: &dyn TrendModel) -> Result<usize, ForecastError> {
        match self.min_train {
            None => Ok(model.min_points()),
            Some(m) if m >= model.min_points() => Ok(m),
            Some(m) => Err(ForecastError::MinTrainBelowMinimum {
                model: model.name(),
                min_train: m,
                needed: model.min_points(),
            }),
        }
    }
}

/// Every model's backtest on one series.
#[derive(Debug, Clone)]
pub struct BacktestResult {
    /// The settings used.
    pub settings: BacktestSettings,
    /// Years in the series.
    pub n_years: usize,
    /// The models that gave at least one forecast to check, in the order given.
    pub models: Vec<ModelBacktest>,
    /// The models that gave none, with the reason (too few years, a series they do not apply
    /// to, ...).
    pub untested: Vec<(&'static str, ForecastError)>,
}

/// What a ranking went by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Mean absolute scaled error, scaled by the naive drift forecast's in-sample error (not
    /// R's usual naive scale; named `mase_drift` in output).
    #[serde(rename = "mase_drift")]
    Mase,
    /// Mean absolute error, when some model has no MASE (its training windows all lie on a
    /// line).
    Mae,
}

/// The models ranked at one horizon, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// Years ahead.
    pub horizon: usize,
    /// The measure.
    pub by: RankBy,
    /// The models, lowest value first; ties keep the order the models were given.
    pub order: Vec<Ranked>,
}

/// One model's place in a [`Ranking`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ranked {
    /// The model's name.
    pub model: &'static str,
    /// Its MASE or MAE, as the ranking went by.
    pub value: f64,
}

impl Ranking {
    /// One line, e.g. "horizon 1, by MASE (lower is better): exponential 0.41, linear 0.88".
    pub fn describe(&self) -> String {
        let measure = match self.by {
            RankBy::Mase => "by drift-scaled MASE (lower is better)",
            RankBy::Mae => "by MAE (lower is better; MASE is undefined for some model)",
        };
        let listed: Vec<String> = self
            .order
            .iter()
            .map(|r| format!("{} {:.3}", r.model, r.value))
            .collect();
        format!("horizon {}, {measure}: {}", self.horizon, listed.join(", "))
    }

    /// The 1-based rank of `model`, if it is ranked.
    pub fn rank_of(&self, model: &str) -> Option<usize> {
        self.order
            .iter()
            .position(|r| r.model == model)
            .map(|i| i + 1)
    }
}

impl BacktestResult {
    /// The backtest of the model named `name`, if it was tested.
    pub fn model(&self, name: &str) -> Option<&ModelBacktest> {
        self.models.iter().find(|m| m.model == name)
    }

    /// The ranking `horizon` years ahead: by MASE when every model with forecasts that far
    /// ahead has one, otherwise by MAE. `None` when no model has a forecast that far ahead.
    pub fn ranking(&self, horizon: usize) -> Option<Ranking> {
        let rows: Vec<(&'static str, &Accuracy)> = self
            .models
            .iter()
            .filter_map(|m| m.at(horizon).map(|a| (m.model, a)))
            .collect();
        if rows.is_empty() {
            return None;
        }
        let by = if rows.iter().all(|(_, a)| a.mase.is_some()) {
            RankBy::Mase
        } else {
            RankBy::Mae
        };
        let mut order: Vec<Ranked> = rows
            .iter()
            .map(|(model, a)| Ranked {
                model,
                value: match by {
                    RankBy::Mase => a.mase.unwrap_or(f64::INFINITY),
                    RankBy::Mae => a.mae,
                },
            })
            .collect();
        // Stable: ties keep the order the models were given.
        order.sort_by(|a, b| a.value.total_cmp(&b.value));
        Some(Ranking { horizon, by, order })
    }

    /// The ranking at every horizon that has forecasts.
    pub fn rankings(&self) -> Vec<Ranking> {
        (1..=self.settings.horizon)
            .filter_map(|h| self.ranking(h))
            .collect()
    }

    /// The fewest forecasts behind any (model, horizon) row.
    pub fn fewest_points(&self) -> Option<usize> {
        self.models
            .iter()
            .flat_map(|m| m.accuracy.iter().map(|a| a.n))
            .min()
    }

    /// How much evidence the backtest is, in words, when it is little: fewer than
    /// [`LIMITED_EVIDENCE`] forecasts in some row. `None` when every row has more.
    ///
    /// The yardstick is the standard error of a coverage, √(p(1 − p)/n) for an honest interval
    /// at level p from n forecasts: it says how far a coverage may stray by chance alone.
    pub fn evidence(&self) -> Option<String> {
        let fewest = self.fewest_points()?;
        if fewest >= LIMITED_EVIDENCE {
            return None;
        }
        let p = self
            .settings
            .levels
            .first()
            .map_or(0.8, |l| l.as_percent() / 100.0);
        let percent = 100.0 * p;
        let se = (p * (1.0 - p) / fewest as f64).sqrt();
        if fewest >= VERY_LITTLE_EVIDENCE {
            return Some(format!(
                "Limited evidence: as few as {fewest} forecasts in a row of the table; the \
                 coverage of an honest {percent} % interval from {fewest} forecasts has a \
                 standard error of {se:.2}, so coverages and errors that differ by less than \
                 about twice that are noise."
            ));
        }
        let counts: Vec<String> = self
            .models
            .iter()
            .map(|m| format!("{} {}", m.model, m.points.len()))
            .collect();
        Some(format!(
            "Very little evidence: {} years leave only a few forecasts to check against what \
             happened ({}), as few as {fewest} in a row of the table. A handful of errors can \
             rank the models by chance, and the coverage of n forecasts can only be 0, 1/n, \
             ..., 1: for an honest {percent} % interval its standard error is \
             √(p(1 − p)/n) = {se:.2} at n = {fewest}. Read these numbers as an illustration, \
             not as a test of the models or of their intervals.",
            self.n_years,
            counts.join(", ")
        ))
    }

    /// Caveats a reader of the table must see: models scored on different origins, forecasts
    /// MASE leaves out, origins a model refused, models with nothing to test.
    pub fn caveats(&self) -> Vec<String> {
        let mut notes = Vec::new();
        // The models scored on other origins than the model with the most.
        let most = self.models.iter().max_by_key(|m| m.origins.len());
        let differing: Vec<&str> = self
            .models
            .iter()
            .filter(|m| most.is_some_and(|most| m.origins != most.origins))
            .map(|m| m.model)
            .collect();
        if !differing.is_empty() {
            let (verb, pronoun) = if differing.len() == 1 {
                ("is", "it")
            } else {
                ("are", "they")
            };
            let own_minimums = self.settings.min_train.is_none()
                && self
                    .models
                    .windows(2)
                    .any(|w| w[0].min_train != w[1].min_train);
            notes.push(if own_minimums {
                format!(
                    "Each model starts at its own minimum training length, so {} {verb} scored \
                     on fewer, later forecasts than the others; give one --min-train (at least \
                     the largest minimum) to compare every model on the same forecasts.",
                    listing(&differing)
                )
            } else {
                format!(
                    "{} {verb} scored on fewer forecasts than the others, from the origins \
                     {pronoun} could be fitted at (see below), so the ranking compares different \
                     forecasts.",
                    listing(&differing)
                )
            });
        }
        for m in &self.models {
            let left_out: usize = m.accuracy.iter().map(|a| a.n - a.mase_n).sum();
            if left_out > 0 {
                notes.push(format!(
                    "{}: MASE leaves out {left_out} of {} forecasts, whose training years lie \
                     exactly on a straight line (the naive drift forecast has no in-sample \
                     error to scale by).",
                    m.model,
                    m.points.len()
                ));
            }
            if let Some((_, why)) = m.skipped.first() {
                let years: Vec<String> = m.skipped.iter().map(|(o, _)| o.to_string()).collect();
                notes.push(format!(
                    "{}: no forecast from {} {} ({why}).",
                    m.model,
                    if years.len() == 1 {
                        "origin"
                    } else {
                        "origins"
                    },
                    years.join(", ")
                ));
            }
        }
        for (model, why) in &self.untested {
            notes.push(format!("{model} not tested: {why}."));
        }
        notes
    }
}

/// "a", "a and b", "a, b and c".
fn listing<T: AsRef<str>>(items: &[T]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// Backtests every model of `models` on one series (see the module documentation).
///
/// Refuses, before any fit, a `min_train` below a model's minimum. A model that gives no
/// forecast to check (too few years, a series it does not apply to) is listed in
/// [`BacktestResult::untested`]; when no model gives one, the backtest is refused with the
/// reason, naming the years the least demanding model would need.
pub fn backtest(
    input: &TrendInput<'_>,
    models: &[Box<dyn TrendModel>],
    settings: &BacktestSettings,
) -> Result<BacktestResult, ForecastError> {
    let min_trains = models
        .iter()
        .map(|model| settings.min_train_for(model.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut tested = Vec::new();
    let mut untested = Vec::new();
    for (model, min_train) in models.iter().zip(min_trains) {
        match rolling::backtest_model(input, model.as_ref(), settings, min_train) {
            Ok(result) => tested.push(result),
            Err(error) => untested.push((model.name(), error)),
        }
    }
    if tested.is_empty() {
        return Err(most_telling(untested));
    }
    Ok(BacktestResult {
        settings: settings.clone(),
        n_years: input.len(),
        models: tested,
        untested,
    })
}

/// The refusal to show when no model could be backtested: the shortest series length any model
/// would need, when too few years is the reason, otherwise the first model's reason.
fn most_telling(untested: Vec<(&'static str, ForecastError)>) -> ForecastError {
    let shortest = untested
        .iter()
        .filter_map(|(_, e)| match e {
            ForecastError::TooShortToBacktest { needed, .. } => Some((*needed, e)),
            _ => None,
        })
        .min_by_key(|(needed, _)| *needed)
        .map(|(_, e)| e.clone());
    shortest
        .or_else(|| untested.into_iter().next().map(|(_, e)| e))
        .unwrap_or(ForecastError::NothingFits("no model was given".into()))
}

/// A site's backtest.
#[derive(Debug, Clone)]
pub struct SiteBacktest {
    /// The site's name.
    pub site: String,
    /// The backtest of its series.
    pub result: BacktestResult,
}

/// [`backtest`] of one series of several sites, in parallel; results in the order of `sites`,
/// each failure tagged with its site (check the settings first with
/// [`BacktestSettings::check_models`], whose refusal concerns no site).
pub fn backtest_sites(
    sites: &[&Site],
    series: SeriesKind,
    models: &[Box<dyn TrendModel>],
    settings: &BacktestSettings,
) -> Result<Vec<SiteBacktest>, (String, ForecastError)> {
    sites
        .par_iter()
        .map(|site| {
            let run = || {
                let input = input_for(site, series)?;
                backtest(&input, models, settings)
            };
            run()
                .map(|result| SiteBacktest {
                    site: site.name().to_string(),
                    result,
                })
                .map_err(|e| (site.name().to_string(), e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::{Gm11, Linear, Quadratic};

    fn input<'a>(years: &'a [i32], values: &'a [f64]) -> TrendInput<'a> {
        TrendInput::methane(years, values)
    }

    #[test]
    fn too_short_names_the_years_the_least_demanding_model_needs() {
        let settings = BacktestSettings::new(1, None, Level::defaults()).expect("valid");
        let models: Vec<Box<dyn TrendModel>> = vec![Box::new(Quadratic), Box::new(Linear)];
        let error = backtest(
            &input(&[2010, 2011, 2012], &[1.0, 2.0, 4.0]),
            &models,
            &settings,
        )
        .expect_err("three years leave nothing to test");
        assert_eq!(
            error.to_string(),
            "the series has 3 years, too few to backtest linear: it needs at least 4 (3 to fit \
             on and one more to check the forecast against); add years of data"
        );
    }

    #[test]
    fn min_train_below_a_models_minimum_is_refused_before_fitting() {
        let settings = BacktestSettings::new(1, Some(3), Level::defaults()).expect("valid");
        let models: Vec<Box<dyn TrendModel>> = vec![Box::new(Linear), Box::new(Quadratic)];
        let error = backtest(&input(&[1, 2, 3, 4, 5], &[1.0; 5]), &models, &settings)
            .expect_err("quadratic needs 4");
        assert!(matches!(
            error,
            ForecastError::MinTrainBelowMinimum {
                model: "quadratic",
                min_train: 3,
                needed: 4
            }
        ));
    }

    /// Years 2000–2003, a gap, 2006–2008. With horizon 1, linear (min 3) has origins 2002
    /// (→ 2003), 2006 (→ 2007) and 2007 (→ 2008): the year after 2003 with data, 2006, is 3
    /// years ahead, so 2003 is no origin. GM(1,1) (min 4, consecutive years) would start at
    /// 2003, which has nothing within the horizon, and refuses the training years of 2006 and
    /// 2007, which span the gap: nothing to test. With horizon 3, 2003 → 2006 is a 3-year
    /// forecast, for both models.
    #[test]
    fn gaps_count_by_year_and_skip_refused_origins() {
        let years = [2000, 2001, 2002, 2003, 2006, 2007, 2008];
        let values = [10.0, 11.0, 13.0, 14.0, 18.0, 20.0, 21.0];
        let settings = BacktestSettings::new(1, None, Level::defaults()).expect("valid");
        let models: Vec<Box<dyn TrendModel>> = vec![Box::new(Linear), Box::new(Gm11)];
        let result = backtest(&input(&years, &values), &models, &settings).expect("linear runs");
        let linear = result.model("linear").expect("tested");
        assert_eq!(linear.origins, vec![2002, 2006, 2007]);
        assert!(linear.points.iter().all(|p| p.horizon == 1));
        assert_eq!(result.untested.len(), 1);
        assert!(matches!(
            result.untested[0].1,
            ForecastError::NeedsEqualSpacing { .. }
        ));
        // With horizon 3, 2003 → 2006 counts as 3 years ahead.
        let settings = BacktestSettings::new(3, None, Level::defaults()).expect("valid");
        let result = backtest(&input(&years, &values), &models, &settings).expect("runs");
        let linear = result.model("linear").expect("tested");
        assert!(
            linear
                .points
                .iter()
                .any(|p| p.origin == 2003 && p.year == 2006 && p.horizon == 3)
        );
        assert!(
            !linear
                .points
                .iter()
                .any(|p| p.horizon == 2 && p.origin == 2003),
            "no data in 2005"
        );
        let gm11 = result.model("gm11").expect("tested from 2003");
        assert_eq!(gm11.origins, vec![2003]);
        assert_eq!(gm11.skipped.len(), 2, "2006 and 2007 span the gap");
    }

    #[test]
    fn horizon_zero_and_past_200_are_refused() {
        for h in [0, 201] {
            assert!(matches!(
                BacktestSettings::new(h, None, Vec::new()),
                Err(ForecastError::BadBacktestHorizon { .. })
            ));
        }
    }
}

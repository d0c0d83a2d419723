//! How often intervals held on real series, by horizon: the check behind the report's
//! calibration chart. The default (the damped trend with calibrated intervals, judged
//! leave-one-country-out) and the old default (`auto` with its own model-based intervals) each
//! forecast every window of the reference class that has the site's number of known years and
//! ten observed years after it, and the share of real outcomes inside their 80 % and 95 %
//! intervals is counted at every horizon.
//!
//! It is a backtest ([`backtest_reference`]) with fixed settings, so that a report shows the
//! same numbers `cmmcast backtest --reference --window W --min-level 1 --full-outcome --models
//! auto` prints (docs/METHODS.md, section 13.8). A report runs it for its site's number of known
//! years, about 0.2 s in a release build, rather than reading a stored table:
//! like the calibration itself, it can then never disagree with the compiled-in data.

use serde::Serialize;

use cmmcast_data::ReferenceClass;

use crate::calibrate::evaluate::{
    ModelForecaster, ReferenceBacktest, WindowForecaster, backtest_reference,
};
use crate::calibrate::loco::LeaveGroupOut;
use crate::calibrate::point::DampedLevel;
use crate::calibrate::table::{MIN_SERIES_MEAN, TABLE_HORIZON};
use crate::calibrate::windows::WindowSettings;
use crate::choice::Auto;
use crate::error::ForecastError;
use crate::level::Level;

/// The interval levels checked, per cent: the two every forecast shows by default.
pub const COVERAGE_LEVELS: [f64; 2] = [80.0, 95.0];

/// Fewest known years a coverage check cuts its windows with. Below five the calibrated
/// intervals are the five-year table widened by a rule (docs/METHODS.md, section 13.4), not
/// learned from windows of that length, and the issue's targets were set and checked from five
/// years; five is also a plan's usual length. A site with fewer years is shown the five-year
/// check, and says so ([`CoverageCheck::known_years`]).
pub const MIN_CHECK_WINDOW: usize = 5;

/// Most known years a coverage check cuts its windows with. From ten years on the calibrated
/// intervals come from the ten-year table unchanged, so a longer window checks nothing new,
/// and each extra year leaves fewer windows with ten years after them in the reference class's
/// 51 years (all of them from its first decades, a narrower slice of history).
pub const MAX_CHECK_WINDOW: usize = TABLE_HORIZON;

/// The window length a coverage check uses for a site with `known_years` years: the same
/// length, clamped to [`MIN_CHECK_WINDOW`]..=[`MAX_CHECK_WINDOW`].
///
/// ```
/// use cmmcast_forecast::calibrate::check_window;
/// assert_eq!(check_window(3), 5);
/// assert_eq!(check_window(7), 7);
/// assert_eq!(check_window(25), 10);
/// ```
pub fn check_window(known_years: usize) -> usize {
    known_years.clamp(MIN_CHECK_WINDOW, MAX_CHECK_WINDOW)
}

/// One method's coverage at one horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonCoverage {
    /// Years ahead.
    pub horizon: usize,
    /// Forecasts compared (every window the method forecast).
    pub n: usize,
    /// Share of real outcomes inside the interval, per level of [`CoverageCheck::levels`]
    /// (0 to 1).
    pub coverage: Vec<f64>,
}

/// One method's coverage by horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodCoverage {
    /// The method's name in backtests ("damped, calibrated", "auto").
    pub method: String,
    /// Its intervals, in words.
    pub intervals: &'static str,
    /// Windows it refused (none for either method on the embedded class).
    pub refused: usize,
    /// Horizons 1 to 10 (none when every window was refused).
    pub horizons: Vec<HorizonCoverage>,
}

impl MethodCoverage {
    /// The lowest and the highest coverage over the horizons at level `l` (an index into
    /// [`CoverageCheck::levels`]), for a sentence such as "held 79.7 to 80.1 % of the time";
    /// `None` without horizons or without that level.
    pub fn range(&self, l: usize) -> Option<(f64, f64)> {
        self.horizons
            .iter()
            .map(|h| h.coverage.get(l).copied())
            .try_fold(None, |range: Option<(f64, f64)>, c| {
                let c = c?;
                Some(Some(
                    range.map_or((c, c), |(lo, hi)| (lo.min(c), hi.max(c))),
                ))
            })
            .flatten()
    }
}

/// How often the default's and the old default's intervals held on a reference class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageCheck {
    /// Where the reference class comes from.
    pub reference_class: String,
    /// The site's number of known years the check was asked for.
    pub known_years: usize,
    /// Known years per window: `known_years` clamped ([`check_window`]).
    pub window: usize,
    /// How the windows were cut.
    pub settings: WindowSettings,
    /// The interval levels, per cent ([`COVERAGE_LEVELS`]).
    pub levels: Vec<f64>,
    /// Windows cut.
    pub windows: usize,
    /// Series (a country's coal or gas) that gave a window.
    pub series: usize,
    /// Groups (countries) that gave a window.
    pub groups: usize,
    /// The default first, then the old default ([`CoverageCheck::calibrated`],
    /// [`CoverageCheck::auto`]).
    pub methods: Vec<MethodCoverage>,
}

/// What [`MethodCoverage::intervals`] says of the default.
const CALIBRATED_WORDS: &str = "damped trend with calibrated intervals (the default), each \
    window's intervals learned without its own country";
/// What [`MethodCoverage::intervals`] says of the old default.
const AUTO_WORDS: &str =
    "auto (lowest AICc, the old default) with the chosen model's own intervals";

impl CoverageCheck {
    /// The check on the embedded reference class (national coal and gas production, BP
    /// Statistical Review 2021), for a site of `known_years` years.
    pub fn embedded(known_years: usize) -> Result<CoverageCheck, ForecastError> {
        CoverageCheck::on(&ReferenceClass::embedded(), known_years)
    }

    /// The check on `class` (every value column together), for a site of `known_years` years:
    /// windows of [`check_window`]`(known_years)` known years at every start year of every run
    /// of consecutive positive values of each series averaging at least [`MIN_SERIES_MEAN`]
    /// (as the calibration tables take them), each followed by all ten observed years, so that
    /// every horizon is judged on the same windows. The default's intervals for a window come
    /// from a calibration learned without the window's group ([`LeaveGroupOut`]): otherwise the
    /// check would score the intervals on the very errors they were learned from.
    pub fn on(class: &ReferenceClass, known_years: usize) -> Result<CoverageCheck, ForecastError> {
        let window = check_window(known_years);
        let settings = WindowSettings {
            window,
            horizon: TABLE_HORIZON,
            step: 1,
            min_level: MIN_SERIES_MEAN,
            full_outcome: true,
        };
        let levels = COVERAGE_LEVELS
            .iter()
            .map(|&p| Level::percent(p))
            .collect::<Result<Vec<_>, _>>()?;
        let calibrated = LeaveGroupOut::new(class, DampedLevel::SHIPPED);
        let auto = Auto { ceiling: None };
        let old = ModelForecaster(&auto);
        let methods: [&dyn WindowForecaster; 2] = [&calibrated, &old];
        let backtest = backtest_reference(class, &methods, &settings, &levels)?;
        Ok(CoverageCheck::from_backtest(known_years, backtest))
    }

    /// The default: the damped trend with calibrated intervals, judged leave-one-country-out.
    pub fn calibrated(&self) -> &MethodCoverage {
        &self.methods[0]
    }

    /// The old default: auto with the chosen model's own intervals.
    pub fn auto(&self) -> &MethodCoverage {
        &self.methods[1]
    }

    /// The index of level `percent` in [`CoverageCheck::levels`].
    pub fn level_index(&self, percent: f64) -> Option<usize> {
        self.levels.iter().position(|&p| p == percent)
    }

    fn from_backtest(known_years: usize, backtest: ReferenceBacktest) -> CoverageCheck {
        let methods = backtest
            .methods
            .into_iter()
            .zip([CALIBRATED_WORDS, AUTO_WORDS])
            .map(|(method, intervals)| MethodCoverage {
                method: method.method,
                intervals,
                refused: method.refused.0,
                horizons: method
                    .horizons
                    .into_iter()
                    .map(|h| HorizonCoverage {
                        horizon: h.horizon,
                        n: h.n,
                        coverage: h.coverage,
                    })
                    .collect(),
            })
            .collect();
        CoverageCheck {
            reference_class: backtest.origin,
            known_years,
            window: backtest.settings.window,
            settings: backtest.settings,
            levels: backtest.levels,
            windows: backtest.windows,
            series: backtest.series,
            groups: backtest.groups,
            methods,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up class of three countries whose series grow by 2 % a year exactly (windows of
    /// 5 years + 10 after in 20 years: 6 per series, 18 in all): the check cuts those windows
    /// for a site of three years, auto forecasts every one, and the default, which cannot learn
    /// a table from the other countries' 12 windows (fewer than 20), refuses every one and says
    /// so rather than reporting a coverage of nothing.
    #[test]
    fn the_check_cuts_the_windows_it_says() {
        let mut text = String::from("country,year,x\n");
        for country in ["A", "B", "C"] {
            for (i, year) in (2000..2020).enumerate() {
                let scale = match country {
                    "A" => 10.0,
                    "B" => 20.0,
                    _ => 40.0,
                };
                text.push_str(&format!(
                    "{country},{year},{}\n",
                    scale * 1.02f64.powi(i as i32)
                ));
            }
        }
        let class = ReferenceClass::parse(&text, "t.csv").expect("parses");
        let check = CoverageCheck::on(&class, 3).expect("checks");
        assert_eq!(check.window, 5);
        assert_eq!(check.known_years, 3);
        assert_eq!(check.windows, 18);
        assert_eq!((check.series, check.groups), (3, 3));
        assert_eq!(check.calibrated().refused, 18);
        assert!(check.calibrated().horizons.is_empty());
        assert_eq!(check.calibrated().range(0), None);
        let auto = check.auto();
        assert_eq!(auto.refused, 0);
        assert_eq!(auto.horizons.len(), 10);
        assert!(auto.horizons.iter().all(|h| h.n == 18));
    }

    /// The range over horizons by hand; a level the check does not have has none.
    #[test]
    fn the_range_is_the_lowest_and_highest_coverage() {
        let method = MethodCoverage {
            method: "m".into(),
            intervals: "",
            refused: 0,
            horizons: [(0.81, 0.95), (0.78, 0.97), (0.80, 0.93)]
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| HorizonCoverage {
                    horizon: i + 1,
                    n: 10,
                    coverage: vec![a, b],
                })
                .collect(),
        };
        assert_eq!(method.range(0), Some((0.78, 0.81)));
        assert_eq!(method.range(1), Some((0.93, 0.97)));
        assert_eq!(method.range(2), None);
    }
}

//! Accuracy measures: how far a model's forecasts fell from what happened, and how often its
//! intervals held it. Equations: docs/METHODS.md, "Backtests and interval calibration".
//!
//! Errors are e = actual − forecast (as in Hyndman and Athanasopoulos 2021), so a positive mean
//! error means the forecasts were too low.

use serde::Serialize;

use crate::level::Level;

/// A training window's naive-drift scale at or below this fraction of its largest absolute
/// value is rounding, not error: an exactly linear window (100, 110, 120) gives a scale of 0
/// or a few units in the last place, and dividing by either would print a meaningless MASE.
pub const ZERO_SCALE_RELATIVE: f64 = 1e-10;

/// (lower, upper) bounds, one pair per interval level; read it as a slice. Up to two levels
/// (the default 80 % and 95 %) are held inline: a backtest keeps millions of these, and one
/// allocation each was a fifth of a large backtest's time.
#[derive(Clone, PartialEq, Default)]
pub struct LevelBounds {
    inline: [(f64, f64); 2],
    len: usize,
    spilled: Vec<(f64, f64)>,
}

impl LevelBounds {
    /// The bounds, in level order.
    pub fn new(bounds: impl IntoIterator<Item = (f64, f64)>) -> LevelBounds {
        let mut out = LevelBounds::default();
        for pair in bounds {
            if out.len < out.inline.len() {
                out.inline[out.len] = pair;
            } else {
                if out.spilled.is_empty() {
                    out.spilled.extend_from_slice(&out.inline);
                }
                out.spilled.push(pair);
            }
            out.len += 1;
        }
        out
    }
}

impl std::ops::Deref for LevelBounds {
    type Target = [(f64, f64)];
    fn deref(&self) -> &[(f64, f64)] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

impl<'a> IntoIterator for &'a LevelBounds {
    type Item = &'a (f64, f64);
    type IntoIter = std::slice::Iter<'a, (f64, f64)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for LevelBounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for LevelBounds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One forecast of a backtest beside what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestPoint {
    /// The origin: the last year the model was fitted on.
    pub origin: i32,
    /// How many years the model was fitted on (every year of the series up to the origin).
    pub n_train: usize,
    /// The year forecast.
    pub year: i32,
    /// Years ahead of the origin (`year − origin`); with gaps in the series this is counted in
    /// years, not in observations.
    pub horizon: usize,
    /// What the series says for `year`.
    pub actual: f64,
    /// The model's point forecast (a mean or a median, as the model says).
    pub point: f64,
    /// (lower, upper) prediction bounds, one pair per level of the settings, in their order.
    pub bounds: LevelBounds,
    /// The MASE scale of the training window ([`drift_scale`]); `None` when it is zero.
    pub scale: Option<f64>,
}

impl BacktestPoint {
    /// e = actual − point.
    pub fn error(&self) -> f64 {
        self.actual - self.point
    }

    /// e / scale, the error in units of the naive drift forecast's in-sample error; `None` when
    /// the scale is zero.
    pub fn scaled_error(&self) -> Option<f64> {
        self.scale.map(|s| self.error() / s)
    }
}

/// The scale of MASE for one training window: the in-sample mean absolute one-step error of the
/// naive drift forecast, `None` when it is zero.
///
/// The drift forecast of a year is the previous observation plus the window's average change per
/// year, c = (y_m − y_1)/(t_m − t_1), times the years between them (one, unless the series has a
/// gap). So the scale is (1/(m − 1)) Σ_{i=2..m} |y_i − y_{i−1} − c (t_i − t_{i−1})|, the mean
/// distance of the year-to-year changes from their average. Why drift and not the plain naive
/// forecast: these series trend, and a naive forecast's errors would be mostly the trend, which
/// any trend model removes; drift is the simplest forecast that follows a trend.
///
/// The scale is zero when the window lies exactly on a straight line (and for windows of fewer
/// than three years, whose drift passes through both points); it is then `None`, never a
/// division by zero (also when it is at most [`ZERO_SCALE_RELATIVE`] times the largest value,
/// which is rounding).
///
/// ```
/// use cmmcast_forecast::backtest::drift_scale;
/// // c = (4 − 1)/2 = 1.5; changes 1 and 2 miss it by 0.5 each: scale 0.5.
/// assert_eq!(drift_scale(&[2010, 2011, 2012], &[1.0, 2.0, 4.0]), Some(0.5));
/// // On a straight line the drift forecast is exact: no scale.
/// assert_eq!(drift_scale(&[2010, 2011, 2012], &[100.0, 110.0, 120.0]), None);
/// ```
pub fn drift_scale(years: &[i32], values: &[f64]) -> Option<f64> {
    let m = values.len().min(years.len());
    if m < 3 {
        return None;
    }
    let span = f64::from(years[m - 1] - years[0]);
    let drift = (values[m - 1] - values[0]) / span;
    let sum: f64 = (1..m)
        .map(|i| {
            let step = f64::from(years[i] - years[i - 1]);
            (values[i] - values[i - 1] - drift * step).abs()
        })
        .sum();
    let scale = sum / (m - 1) as f64;
    let size = values[..m].iter().fold(0.0_f64, |s, v| s.max(v.abs()));
    (scale.is_finite() && scale > ZERO_SCALE_RELATIVE * size).then_some(scale)
}

/// The interval (Winkler 1972) score of one interval at `level` = 1 − α: its width, plus 2/α
/// times the distance by which the actual value falls outside it. Lower is better; an
/// interval is rewarded for being narrow and punished for missing, in the unit of the series.
///
/// ```
/// use cmmcast_forecast::{Level, backtest::winkler_score};
/// let level = Level::percent(80.0)?; // α = 0.2, 2/α = 10
/// assert_eq!(winkler_score(4.0, 6.0, 5.0, level), 2.0); // inside: the width
/// assert!((winkler_score(4.0, 6.0, 6.5, level) - 7.0).abs() < 1e-12); // 2 + 10 × 0.5
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
pub fn winkler_score(lower: f64, upper: f64, actual: f64, level: Level) -> f64 {
    let alpha = 1.0 - level.as_percent() / 100.0;
    let width = upper - lower;
    if actual < lower {
        width + 2.0 / alpha * (lower - actual)
    } else if actual > upper {
        width + 2.0 / alpha * (actual - upper)
    } else {
        width
    }
}

/// Whether an interval holds the actual value (bounds included).
pub fn covers(lower: f64, upper: f64, actual: f64) -> bool {
    lower <= actual && actual <= upper
}

/// A model's accuracy at one horizon, over every forecast made that many years ahead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// Years ahead of the origin.
    pub horizon: usize,
    /// Forecasts compared.
    pub n: usize,
    /// Mean error, mean of (actual − forecast): positive when the forecasts were too low.
    pub me: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute percentage error, per cent, over the forecasts whose actual value is not
    /// zero; `None` when every actual value is zero.
    pub mape: Option<f64>,
    /// Mean absolute scaled error: the mean of |e| / scale over the forecasts whose training
    /// window has a scale ([`drift_scale`]); `None` when none has.
    pub mase: Option<f64>,
    /// How many forecasts MASE averages (fewer than `n` when some training windows lie exactly
    /// on a line).
    pub mase_n: usize,
    /// Share of actual values inside the interval, one per level in the settings' order.
    pub coverage: Vec<f64>,
    /// Mean interval (Winkler) score, one per level in the settings' order.
    pub winkler: Vec<f64>,
}

impl Accuracy {
    /// The measures over `points` (all of one horizon), or `None` when there are none.
    pub fn from_points<'a>(
        horizon: usize,
        points: impl IntoIterator<Item = &'a BacktestPoint>,
        levels: &[Level],
    ) -> Option<Accuracy> {
        let mut tally = Tally::new(levels.len());
        for point in points {
            tally.add(point, levels);
        }
        tally.finish(horizon)
    }

    /// The measures at every horizon from 1 to `horizon` that has forecasts, in one pass over
    /// `points`.
    pub(crate) fn by_horizon(
        points: &[BacktestPoint],
        horizon: usize,
        levels: &[Level],
    ) -> Vec<Accuracy> {
        let mut tallies = vec![Tally::new(levels.len()); horizon];
        for point in points {
            if let Some(tally) = point
                .horizon
                .checked_sub(1)
                .and_then(|h| tallies.get_mut(h))
            {
                tally.add(point, levels);
            }
        }
        tallies
            .into_iter()
            .enumerate()
            .filter_map(|(h, tally)| tally.finish(h + 1))
            .collect()
    }
}

/// Running sums of the measures over forecasts.
#[derive(Debug, Clone)]
struct Tally {
    n: usize,
    sum: f64,
    absolute: f64,
    squares: f64,
    relative: f64,
    relative_n: usize,
    scaled: f64,
    scaled_n: usize,
    inside: Vec<usize>,
    score: Vec<f64>,
}

impl Tally {
    fn new(levels: usize) -> Tally {
        Tally {
            n: 0,
            sum: 0.0,
            absolute: 0.0,
            squares: 0.0,
            relative: 0.0,
            relative_n: 0,
            scaled: 0.0,
            scaled_n: 0,
            inside: vec![0; levels],
            score: vec![0.0; levels],
        }
    }

    fn add(&mut self, point: &BacktestPoint, levels: &[Level]) {
        let e = point.error();
        self.n += 1;
        self.sum += e;
        self.absolute += e.abs();
        self.squares += e * e;
        if point.actual != 0.0 {
            self.relative += (e / point.actual).abs();
            self.relative_n += 1;
        }
        if let Some(s) = point.scaled_error() {
            self.scaled += s.abs();
            self.scaled_n += 1;
        }
        for (k, (&level, &(lower, upper))) in levels.iter().zip(&point.bounds).enumerate() {
            self.inside[k] += usize::from(covers(lower, upper, point.actual));
            self.score[k] += winkler_score(lower, upper, point.actual, level);
        }
    }

    fn finish(self, horizon: usize) -> Option<Accuracy> {
        if self.n == 0 {
            return None;
        }
        let count = self.n as f64;
        Some(Accuracy {
            horizon,
            n: self.n,
            me: self.sum / count,
            mae: self.absolute / count,
            rmse: (self.squares / count).sqrt(),
            mape: (self.relative_n > 0).then(|| 100.0 * self.relative / self.relative_n as f64),
            mase: (self.scaled_n > 0).then(|| self.scaled / self.scaled_n as f64),
            mase_n: self.scaled_n,
            coverage: self.inside.iter().map(|&k| k as f64 / count).collect(),
            winkler: self.score.iter().map(|s| s / count).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(actual: f64, forecast: f64, bounds: (f64, f64), scale: Option<f64>) -> BacktestPoint {
        BacktestPoint {
            origin: 2000,
            n_train: 3,
            year: 2001,
            horizon: 1,
            actual,
            point: forecast,
            bounds: LevelBounds::new([bounds]),
            scale,
        }
    }

    /// By hand, three forecasts at an 80 % level (α = 0.2, 2/α = 10):
    ///
    /// | actual | forecast | e  | |e|/actual | scale | interval | inside | Winkler |
    /// |---|---|---|---|---|---|---|---|
    /// | 10 | 8  |  2 | 0.2  | 4    | 7 to 9   | no  | 2 + 10 × (10 − 9) = 12 |
    /// | 20 | 21 | −1 | 0.05 | none | 18 to 24 | yes | 6 |
    /// | 5  | 5  |  0 | 0    | 2    | 6 to 7   | no  | 1 + 10 × (6 − 5) = 11 |
    ///
    /// ME = (2 − 1 + 0)/3 = 1/3; MAE = 3/3 = 1; RMSE = √(5/3) = 1.290994; MAPE =
    /// 100 × 0.25/3 = 8.333333; MASE over the two scaled = (2/4 + 0/2)/2 = 0.25; coverage 1/3;
    /// Winkler (12 + 6 + 11)/3 = 29/3.
    #[test]
    fn measures_match_a_hand_calculation() {
        let level = Level::percent(80.0).expect("valid");
        let points = [
            point(10.0, 8.0, (7.0, 9.0), Some(4.0)),
            point(20.0, 21.0, (18.0, 24.0), None),
            point(5.0, 5.0, (6.0, 7.0), Some(2.0)),
        ];
        let a = Accuracy::from_points(1, &points, &[level]).expect("three points");
        assert_eq!(a.n, 3);
        assert!((a.me - 1.0 / 3.0).abs() < 1e-15);
        assert!((a.mae - 1.0).abs() < 1e-15);
        assert!((a.rmse - (5.0_f64 / 3.0).sqrt()).abs() < 1e-15);
        assert!((a.mape.expect("defined") - 25.0 / 3.0).abs() < 1e-12);
        assert_eq!(a.mase, Some(0.25));
        assert_eq!(a.mase_n, 2);
        assert!((a.coverage[0] - 1.0 / 3.0).abs() < 1e-15);
        assert!((a.winkler[0] - 29.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn no_points_no_accuracy_and_zero_actuals_no_mape() {
        assert_eq!(Accuracy::from_points(1, &[], &[]), None);
        let a =
            Accuracy::from_points(1, &[point(0.0, 1.0, (0.0, 2.0), None)], &[]).expect("one point");
        assert_eq!(a.mape, None);
        assert_eq!(a.mase, None);
        assert_eq!(a.mase_n, 0);
        assert!(a.coverage.is_empty());
    }

    /// With a gap: years 2010, 2011, 2013, values 10, 12, 20: c = (20 − 10)/3 = 10/3 a year;
    /// |12 − 10 − 10/3| = 4/3 and |20 − 12 − 2 × 10/3| = 4/3, so the scale is 4/3.
    #[test]
    fn drift_scale_counts_years_not_observations() {
        let scale = drift_scale(&[2010, 2011, 2013], &[10.0, 12.0, 20.0]).expect("nonzero");
        assert!((scale - 4.0 / 3.0).abs() < 1e-14);
        assert_eq!(drift_scale(&[2010, 2011], &[1.0, 5.0]), None);
        assert_eq!(drift_scale(&[2010, 2011, 2012], &[0.0, 0.0, 0.0]), None);
        // A line with steps of 0.1 that do not add up exactly in binary: still no scale.
        assert_eq!(drift_scale(&[1, 2, 3, 4], &[0.1, 0.2, 0.3, 0.4]), None);
    }

    #[test]
    fn bounds_read_as_a_slice_with_any_number_of_levels() {
        for n in 0..5 {
            let pairs: Vec<(f64, f64)> = (0..n).map(|k| (k as f64, 10.0 + k as f64)).collect();
            let bounds = LevelBounds::new(pairs.iter().copied());
            assert_eq!(&bounds[..], &pairs[..]);
            assert_eq!(format!("{bounds:?}"), format!("{pairs:?}"));
        }
    }

    #[test]
    fn winkler_below_the_interval() {
        let level = Level::percent(95.0).expect("valid"); // 2/α = 40
        assert!((winkler_score(4.0, 6.0, 3.0, level) - 42.0).abs() < 1e-9);
        assert!(covers(4.0, 6.0, 4.0) && covers(4.0, 6.0, 6.0) && !covers(4.0, 6.0, 6.1));
    }
}

//! Windows cut from a reference class the way a mine's plan is: W consecutive known years, then
//! what happened in the H years after them.

use serde::Serialize;

use cmmcast_data::{ReferenceClass, ReferenceSeries};

use crate::error::ForecastError;

/// Longest window accepted, years.
pub const MAX_WINDOW: usize = 60;
/// Longest horizon accepted, years.
pub const MAX_HORIZON: usize = 50;

/// How windows are cut.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WindowSettings {
    /// Known years per window (W), at least 2.
    pub window: usize,
    /// Years forecast after each window (H), at least 1.
    pub horizon: usize,
    /// A window starts every `step` years of a series (1: every year).
    pub step: usize,
    /// Series whose values average below this are left out (small producers; in the series'
    /// unit). 0 keeps every series.
    pub min_level: f64,
    /// Only windows followed by all `horizon` years (so that every horizon is judged on the
    /// same windows), or every window with at least one year after it.
    pub full_outcome: bool,
}

impl WindowSettings {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), ForecastError> {
        let bad = |name, value: f64, allowed| {
            Err(ForecastError::BadSetting {
                name,
                from: crate::error::ValueSource::Given,
                value,
                allowed,
            })
        };
        if !(2..=MAX_WINDOW).contains(&self.window) {
            return bad(
                "window",
                self.window as f64,
                "a number of known years from 2 to 60 (5 is a plan's length)",
            );
        }
        if !(1..=MAX_HORIZON).contains(&self.horizon) {
            return bad(
                "horizon",
                self.horizon as f64,
                "a number of years ahead from 1 to 50",
            );
        }
        if self.step == 0 || self.step > MAX_WINDOW {
            return bad(
                "step",
                self.step as f64,
                "a number of years between window starts from 1 to 60",
            );
        }
        if !(self.min_level.is_finite() && self.min_level >= 0.0) {
            return bad(
                "min_level",
                self.min_level,
                "a level of at least 0 in the series' unit",
            );
        }
        Ok(())
    }
}

/// One window of one series: the known years and what followed.
#[derive(Debug, Clone, PartialEq)]
pub struct Window<'a> {
    /// Index of the series in the reference class.
    pub series: usize,
    /// The series' group (country, mine), for leave-one-group-out.
    pub group: &'a str,
    /// The known years.
    pub years: &'a [i32],
    /// The known values.
    pub values: &'a [f64],
    /// The years after the window that the series reports, consecutively (at most H).
    pub future_years: &'a [i32],
    /// Their values.
    pub future: &'a [f64],
}

impl Window<'_> {
    /// The last known value.
    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(f64::NAN)
    }
}

/// Every window of the reference class: in each run of consecutive years of each series
/// averaging at least `min_level`, one starting every `step` years, with W known years and at
/// least one year after (all `horizon` of them with `full_outcome`); every known and later value
/// positive (so that relative errors exist). In series order, then start order.
pub fn windows<'a>(class: &'a ReferenceClass, settings: &WindowSettings) -> Vec<Window<'a>> {
    let mut out = Vec::new();
    for (s, series) in class.series.iter().enumerate() {
        windows_of(s, series, settings, &mut out);
    }
    out
}

fn windows_of<'a>(
    index: usize,
    series: &'a ReferenceSeries,
    settings: &WindowSettings,
    out: &mut Vec<Window<'a>>,
) {
    let w = settings.window;
    let mean = series.values.iter().sum::<f64>() / series.values.len() as f64;
    if mean < settings.min_level {
        return;
    }
    let need = if settings.full_outcome {
        settings.horizon
    } else {
        1
    };
    for run in series.consecutive_runs() {
        let (years, values) = (&series.years[run.clone()], &series.values[run]);
        let mut start = 0;
        while start + w + need <= years.len() {
            let end = start + w;
            let after = (end + settings.horizon).min(years.len());
            let known = &values[start..end];
            let future = &values[end..after];
            let positive = known.iter().chain(future).all(|&v| v > 0.0);
            if positive {
                out.push(Window {
                    series: index,
                    group: &series.group,
                    years: &years[start..end],
                    values: known,
                    future_years: &years[end..after],
                    future,
                });
            }
            start += settings.step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of 8 years with W = 5, H = 2, step 1: windows start at 0, 1 and 2 (the last needs
    /// one year after it: 2 + 5 = 7 < 8), with 2, 2 and 1 years after.
    #[test]
    fn windows_need_a_year_after_and_stay_in_their_run() {
        let text = "g,year,x\nA,2000,1\nA,2001,2\nA,2002,3\nA,2003,4\nA,2004,5\nA,2005,6\nA,2006,7\nA,2007,8\nA,2009,9\n";
        let class = ReferenceClass::parse(text, "t.csv").expect("parses");
        let settings = WindowSettings {
            window: 5,
            horizon: 2,
            step: 1,
            min_level: 0.0,
            full_outcome: false,
        };
        let cut = windows(&class, &settings);
        let starts: Vec<(i32, usize)> = cut.iter().map(|w| (w.years[0], w.future.len())).collect();
        assert_eq!(starts, vec![(2000, 2), (2001, 2), (2002, 1)]);
        assert_eq!(cut[2].future_years, &[2007]);
    }

    /// min_level: A averages 4 and B 40, so 10 keeps B's windows only; full_outcome with
    /// H = 2 keeps only B's window followed by two years (starting 2000: 2005 and 2006 after it).
    #[test]
    fn small_series_and_short_outcomes_are_left_out() {
        let text = "g,year,x\nA,2000,1\nA,2001,2\nA,2002,3\nA,2003,4\nA,2004,5\nA,2005,6\nA,2006,7\n\
                    B,2000,10\nB,2001,20\nB,2002,30\nB,2003,40\nB,2004,50\nB,2005,60\nB,2006,70\n";
        let class = ReferenceClass::parse(text, "t.csv").expect("parses");
        let mut settings = WindowSettings {
            window: 5,
            horizon: 2,
            step: 1,
            min_level: 10.0,
            full_outcome: false,
        };
        let cut = windows(&class, &settings);
        assert_eq!(cut.len(), 2);
        assert!(cut.iter().all(|w| w.group == "B"));
        settings.full_outcome = true;
        let cut = windows(&class, &settings);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].years[0], 2000);
    }
}

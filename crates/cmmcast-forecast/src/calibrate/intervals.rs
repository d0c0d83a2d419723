//! Calibrated intervals for a series of any length, from the tables of 5- and 10-year windows
//! (docs/METHODS.md, section 13.4): around the damped-level point, point_h · exp(s_h · q_h(p)).
//!
//! Beyond what the reference class supports: for h > 10, q_h = q_10 · h / 10 and γ_h = γ_10 (a
//! typical interval's width grows about in proportion to h; growing like √h under-covered when
//! the rule was tested by fitting on h ≤ 5 and predicting 6 to 10); for W between 5 and 10,
//! s_ref, γ and q are linear in W; for W > 10 the 10-year table serves; for W = 3 or 4 the 5-year
//! table with q widened by √(4 / (W − 1)); below 3 years there is nothing to calibrate.

use std::sync::{Arc, OnceLock};

use cmmcast_data::ReferenceClass;
use serde::Serialize;

use crate::calibrate::evaluate::WindowForecast;
use crate::calibrate::point::{DampedLevel, log_step_sd};
use crate::calibrate::table::{CalibrationTable, TABLE_HORIZON};
use crate::error::ForecastError;
use crate::level::Level;

/// The two tables, of 5- and 10-year windows, of one reference class and point.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Where the reference class comes from.
    pub origin: String,
    /// The point the errors are of.
    pub point: DampedLevel,
    /// Windows of 5 years.
    pub five: CalibrationTable,
    /// Windows of 10 years.
    pub ten: CalibrationTable,
    /// The value columns of the reference class (`coal_mt`, `gas_bcm`, ...), in order of first
    /// appearance.
    pub quantities: Vec<String>,
    /// How many groups (countries, mines) the class has.
    pub groups: usize,
}

/// What a calibration is, for output `meta`: where its errors come from and how many windows
/// it learned from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationSummary {
    /// Where the reference class comes from.
    pub reference_class: String,
    /// Its value columns.
    pub series: Vec<String>,
    /// Its groups.
    pub groups: usize,
    /// Windows learned from, per window length.
    pub windows: Vec<WindowCount>,
    /// Years ahead the tables cover; beyond, the quantiles grow in proportion to the horizon.
    pub horizons: usize,
    /// The damped trend's β and φ (α = 1) the errors were measured around.
    pub point: DampedLevel,
    /// How the tables were made and how to make them again.
    pub regenerated_by: &'static str,
}

/// How many windows of one length a calibration learned from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WindowCount {
    /// Known years per window.
    pub known_years: usize,
    /// Windows.
    pub windows: usize,
}

/// √(4 / (W − 1)) for W = 3 or 4 known years, 1 from 5: a shorter window's volatility is
/// measured on fewer steps.
fn widening(years: usize) -> f64 {
    if years < 5 {
        (4.0 / (years.max(2) - 1) as f64).sqrt()
    } else {
        1.0
    }
}

/// The compiled-in calibration (see `compiled.rs`).
const COMPILED: &[u8] = include_bytes!("../../../../data/reference/calibration-tables.bin");

/// Fewest known years calibrated intervals accept.
pub const MIN_CALIBRATED_YEARS: usize = 3;

impl Calibration {
    /// Learns both tables from `class` around `point`.
    pub fn build(class: &ReferenceClass, point: DampedLevel) -> Result<Calibration, ForecastError> {
        let mut quantities: Vec<String> = Vec::new();
        let mut groups: Vec<&str> = Vec::new();
        for series in &class.series {
            if !quantities.contains(&series.quantity) {
                quantities.push(series.quantity.clone());
            }
            if !groups.contains(&series.group.as_str()) {
                groups.push(&series.group);
            }
        }
        Ok(Calibration {
            origin: class.origin.clone(),
            point,
            five: CalibrationTable::build(class, 5, &point)?,
            ten: CalibrationTable::build(class, 10, &point)?,
            quantities,
            groups: groups.len(),
        })
    }

    /// What the calibration is, for output.
    pub fn summary(&self) -> CalibrationSummary {
        CalibrationSummary {
            reference_class: self.origin.clone(),
            series: self.quantities.clone(),
            groups: self.groups,
            windows: [&self.five, &self.ten]
                .map(|t| WindowCount {
                    known_years: t.window,
                    windows: t.len(),
                })
                .to_vec(),
            horizons: TABLE_HORIZON,
            point: self.point,
            regenerated_by: if std::ptr::eq(self, Calibration::embedded())
                || self == Calibration::embedded()
            {
                "compiled in (data/reference/calibration-tables.bin, learned from \
                 data/reference/production-1970-2020.csv); regenerate with `cargo run -p \
                 cmmcast-forecast --example calibration_table -- --write` (docs/METHODS.md, \
                 section 13.3)"
            } else {
                "learned by Calibration::build from the reference class named above"
            },
        }
    }

    /// How calibrated intervals are made, in words for a reader of a report (no symbols, no
    /// flags), with this calibration's own numbers: one paragraph on the point and the bounds,
    /// one on horizons beyond the tables and on simulated paths. docs/METHODS.md, section 13,
    /// has the equations; a report needs the idea and where the numbers come from, so that its
    /// intervals are explained rather than only claimed.
    pub fn explanation(&self) -> Vec<String> {
        let count = |n: usize| cmmcast_data::thousands(n as u64);
        vec![
            format!(
                "The forecast starts from the damped trend: the last known value, plus a trend \
                 that is smoothed (by {}) and damped (by {}), both chosen once on real series \
                 since five points cannot estimate them. Its intervals do not come from the \
                 model but from what real series did: {} windows of five known years and {} of \
                 ten, cut from national coal and gas production, were each forecast the same \
                 way, and for each of the ten years after every window the table keeps the \
                 logarithm of what happened over that forecast, divided by a measure of the \
                 window's own year-to-year volatility (errors grow with it, though less than \
                 in proportion). For this series, those errors are scaled back by its own \
                 volatility, from the windows as long as its known years (blended between five \
                 and ten; for three or four years, the five-year ones widened). The median of \
                 that distribution is the forecast shown (real series grew past the damped \
                 trend more often than not), and its bounds are the distribution's quantiles, \
                 year by year, taken at conformal ranks, with which a new series like those \
                 falls inside at least as often as the level says.",
                self.point.beta,
                self.point.phi,
                count(self.five.len()),
                count(self.ten.len()),
            ),
            format!(
                "Beyond {TABLE_HORIZON} years, where the real series give no outcomes, the \
                 quantiles grow in proportion to the horizon (the {TABLE_HORIZON}-year ones \
                 times years ahead over {TABLE_HORIZON}). The simulation draws whole \
                 trajectories of real errors, one window's {TABLE_HORIZON} years at a time, so \
                 that a simulated path keeps the persistence real errors had instead of \
                 drawing each year afresh."
            ),
        ]
    }

    /// The shipped calibration: the embedded reference class (national coal and gas
    /// production, BP Statistical Review 2021) around the shipped point, as compiled in
    /// (data/reference/calibration-tables.bin, read once per process; a test checks it is what
    /// [`Calibration::build`] learns from the compiled-in data).
    pub fn embedded() -> &'static Calibration {
        Self::embedded_shared()
    }

    /// [`Calibration::embedded`], shared, for models that keep it.
    pub fn embedded_shared() -> &'static Arc<Calibration> {
        static EMBEDDED: OnceLock<Arc<Calibration>> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Arc::new(
                Calibration::from_bytes(COMPILED)
                    .expect("data/reference/calibration-tables.bin is a calibration file"),
            )
        })
    }

    /// [`Calibration::build`] on the embedded reference class around the shipped point: what
    /// the compiled-in file must hold.
    pub fn learn_embedded() -> Result<Calibration, ForecastError> {
        Calibration::build(&ReferenceClass::embedded(), DampedLevel::SHIPPED)
    }

    /// The scale s_h and the quantile q_h(p) for a series of `years` known years (at least
    /// [`MIN_CALIBRATED_YEARS`]) with log-step volatility `sd`, `h` years ahead (any h ≥ 1).
    pub fn scale_and_quantile(&self, years: usize, sd: f64, h: usize, p: f64) -> (f64, f64) {
        (self.scale(years, sd, h), self.quantile(years, h, p))
    }

    /// The scale s_h = s_ref (sd / s_ref)^γ_h of a series of `years` known years with log-step
    /// volatility `sd`, `h` years ahead (γ_10 beyond ten years).
    pub fn scale(&self, years: usize, sd: f64, h: usize) -> f64 {
        let hh = h.clamp(1, TABLE_HORIZON);
        let (s_ref, gamma) = self.blend(years, |t| (t.s_ref, t.gamma[hh - 1]));
        s_ref * (sd / s_ref).powf(gamma)
    }

    /// The scaled-error quantile q_h(p) for a series of `years` known years, `h` years ahead:
    /// the table's (blended between 5 and 10 years, widened below 5) up to ten years, q_10 h/10
    /// beyond.
    pub fn quantile(&self, years: usize, h: usize, p: f64) -> f64 {
        let (hh, stretch) = if h <= TABLE_HORIZON {
            (h.max(1), 1.0)
        } else {
            (TABLE_HORIZON, h as f64 / TABLE_HORIZON as f64)
        };
        let (q, _) = self.blend(years, |t| (t.quantile(hh, p), 0.0));
        q * stretch * widening(years)
    }

    /// The table whose rows simulated paths draw for a series of `years` known years: the
    /// 5-year one below ten years, the 10-year one from ten.
    pub fn path_table(&self, years: usize) -> &CalibrationTable {
        if years >= 10 { &self.ten } else { &self.five }
    }

    /// The scaled error `h` years ahead (h ≥ 1) of path table row `row`, smoothed within its
    /// rank cell by `v` in [0, 1), for a series of `years` known years: the continuous quantile
    /// at the row's probability (k + v)/m, of the table for `years` (blended between 5 and 10
    /// years, widened below 5, as the intervals), and z_10 h/10 beyond ten years. A row is one
    /// real window's whole trajectory of errors, so a path keeps the persistence real errors
    /// have, and each year's marginal has the calibrated quantiles (to within one order
    /// statistic: the intervals take conformal ranks, the paths Weibull's interpolation).
    pub fn path_error(&self, years: usize, row: usize, v: f64, h: usize) -> f64 {
        let table = self.path_table(years);
        let hh = h.clamp(1, TABLE_HORIZON);
        let u = (f64::from(table.rank(row, hh)) + v) / table.len() as f64;
        let (q, _) = self.blend(years, |t| (t.continuous_quantile(hh, u), 0.0));
        q * self.path_factor(years, h)
    }

    /// The factor [`Calibration::path_error`] applies to the table's smoothed error `h` years
    /// ahead for `years` known years: h/10 beyond ten years, times the widening below five.
    pub fn path_factor(&self, years: usize, h: usize) -> f64 {
        let stretch = h.max(TABLE_HORIZON) as f64 / TABLE_HORIZON as f64;
        stretch * widening(years)
    }

    /// The one table a path of a series of `years` known years reads its errors from, when one
    /// serves alone (up to five and from ten known years); `None` between, where
    /// [`Calibration::path_error`] blends the two. Then path_error(years, row, v, h) is
    /// `table.row_quantile(row, h.clamp(1, 10), v) · path_factor(years, h)`, which a
    /// simulation computes a million times with the factor worked out once.
    pub fn single_path_table(&self, years: usize) -> Option<&CalibrationTable> {
        if years <= 5 {
            Some(&self.five)
        } else if years >= 10 {
            Some(&self.ten)
        } else {
            None
        }
    }

    /// `read` of the table for `years` known years: the 5-year table up to 5, the 10-year one
    /// from 10, linear in W between.
    fn blend(&self, years: usize, read: impl Fn(&CalibrationTable) -> (f64, f64)) -> (f64, f64) {
        if years <= 5 {
            return read(&self.five);
        }
        if years >= 10 {
            return read(&self.ten);
        }
        let w = (years - 5) as f64 / 5.0;
        let (a, b) = (read(&self.five), read(&self.ten));
        (a.0 + w * (b.0 - a.0), a.1 + w * (b.1 - a.1))
    }

    /// The calibrated distribution `h` years ahead around the damped point `damped`, for a
    /// series of `years` known years with log-step volatility `sd`: its median
    /// damped · exp(s_h q_h(½)), the forecast shown, and per level the bounds
    /// damped · exp(s_h q_h((1 ∓ level)/2)). The median, not the damped point, is the centre: real
    /// series did not straddle the damped point evenly (they grew past it more often than not),
    /// and the point must be the centre of the same distribution the bounds and the simulated
    /// paths come from. At h = 0 (a known year) the damped point itself, with no width.
    pub fn around(
        &self,
        years: usize,
        sd: f64,
        h: usize,
        damped: f64,
        levels: &[Level],
    ) -> (f64, Vec<(f64, f64)>) {
        if h == 0 {
            return (damped, levels.iter().map(|_| (damped, damped)).collect());
        }
        let s = self.scale(years, sd, h);
        let at = |p: f64| damped * (s * self.quantile(years, h, p)).exp();
        let bounds = levels
            .iter()
            .map(|level| {
                let alpha = 1.0 - level.as_percent() / 100.0;
                (at(alpha / 2.0), at(1.0 - alpha / 2.0))
            })
            .collect();
        (at(0.5), bounds)
    }

    /// The calibrated forecast of `values` (consecutive years, all positive, at least
    /// [`MIN_CALIBRATED_YEARS`]) for 1..=`horizon` years ahead: the point and, per year, the
    /// bounds at each level.
    pub fn forecast(
        &self,
        values: &[f64],
        horizon: usize,
        levels: &[Level],
    ) -> Result<WindowForecast, ForecastError> {
        if values.len() < MIN_CALIBRATED_YEARS {
            return Err(ForecastError::TooFewPoints {
                model: "damped",
                needed: MIN_CALIBRATED_YEARS,
                got: values.len(),
                why: "; calibrated intervals need two log steps to measure a series' volatility",
            });
        }
        if let Some(&bad) = values.iter().find(|&&v| v <= 0.0) {
            return Err(ForecastError::NotPositiveForCalibration {
                year: None,
                value: bad,
            });
        }
        let sd = log_step_sd(values);
        let (point, bounds) = self
            .point
            .points(values, horizon)
            .into_iter()
            .enumerate()
            .map(|(i, damped)| self.around(values.len(), sd, i + 1, damped, levels))
            .unzip();
        Ok(WindowForecast { point, bounds })
    }
}

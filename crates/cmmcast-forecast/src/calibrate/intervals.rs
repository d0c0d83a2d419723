//! Calibrated intervals for a series of any length, from the tables of 5- and 10-year windows
//! (docs/METHODS.md, section 13.4): around the damped-level point, point_h · exp(s_h · q_h(p)).
//!
//! Beyond what the reference class supports: for h > 10, q_h = q_10 · h / 10 and γ_h = γ_10 (a
//! typical interval's width grows about in proportion to h; growing like √h under-covered when
//! the rule was tested by fitting on h ≤ 5 and predicting 6 to 10); for W between 5 and 10,
//! s_ref, γ and q are linear in W; for W > 10 the 10-year table serves; for W = 3 or 4 the 5-year
//! table with q widened by √(4 / (W − 1)); below 3 years there is nothing to calibrate.

use std::sync::OnceLock;

use cmmcast_data::ReferenceClass;

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
}

/// Fewest known years calibrated intervals accept.
pub const MIN_CALIBRATED_YEARS: usize = 3;

impl Calibration {
    /// Learns both tables from `class` around `point`.
    pub fn build(class: &ReferenceClass, point: DampedLevel) -> Result<Calibration, ForecastError> {
        Ok(Calibration {
            origin: class.origin.clone(),
            point,
            five: CalibrationTable::build(class, 5, &point)?,
            ten: CalibrationTable::build(class, 10, &point)?,
        })
    }

    /// The shipped calibration: the embedded reference class (national coal and gas
    /// production, BP Statistical Review 2021) around the shipped point, learned once per
    /// process (a few milliseconds) from the compiled-in data, so it can never disagree with
    /// it.
    pub fn embedded() -> &'static Calibration {
        static EMBEDDED: OnceLock<Calibration> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Calibration::build(&ReferenceClass::embedded(), DampedLevel::SHIPPED)
                .expect("the embedded reference class has windows of 5 and 10 years")
        })
    }

    /// The scale s_h and the quantile q_h(p) for a series of `years` known years (at least
    /// [`MIN_CALIBRATED_YEARS`]) with log-step volatility `sd`, `h` years ahead (any h ≥ 1).
    pub fn scale_and_quantile(&self, years: usize, sd: f64, h: usize, p: f64) -> (f64, f64) {
        let (hh, stretch) = if h <= TABLE_HORIZON {
            (h, 1.0)
        } else {
            (TABLE_HORIZON, h as f64 / TABLE_HORIZON as f64)
        };
        let (s_ref, gamma, q) =
            self.blend(years, |t| (t.s_ref, t.gamma[hh - 1], t.quantile(hh, p)));
        let widen = if years < 5 {
            (4.0 / (years - 1) as f64).sqrt()
        } else {
            1.0
        };
        (s_ref * (sd / s_ref).powf(gamma), q * stretch * widen)
    }

    /// `read` of the table for `years` known years: the 5-year table up to 5, the 10-year one
    /// from 10, linear in W between.
    fn blend(
        &self,
        years: usize,
        read: impl Fn(&CalibrationTable) -> (f64, f64, f64),
    ) -> (f64, f64, f64) {
        if years <= 5 {
            return read(&self.five);
        }
        if years >= 10 {
            return read(&self.ten);
        }
        let w = (years - 5) as f64 / 5.0;
        let (a, b) = (read(&self.five), read(&self.ten));
        (
            a.0 + w * (b.0 - a.0),
            a.1 + w * (b.1 - a.1),
            a.2 + w * (b.2 - a.2),
        )
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
            return Err(ForecastError::NotPositiveForCalibration { value: bad });
        }
        let points = self.point.points(values, horizon);
        let sd = log_step_sd(values);
        let bounds = points
            .iter()
            .enumerate()
            .map(|(i, &point)| {
                levels
                    .iter()
                    .map(|level| {
                        let alpha = 1.0 - level.as_percent() / 100.0;
                        let (s, lo) = self.scale_and_quantile(values.len(), sd, i + 1, alpha / 2.0);
                        let (_, hi) =
                            self.scale_and_quantile(values.len(), sd, i + 1, 1.0 - alpha / 2.0);
                        (point * (s * lo).exp(), point * (s * hi).exp())
                    })
                    .collect()
            })
            .collect();
        Ok(WindowForecast {
            point: points,
            bounds,
        })
    }
}

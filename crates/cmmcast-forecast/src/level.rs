//! Interval levels and the Student-t quantiles that turn them into interval widths.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::ForecastError;

/// A two-sided interval level, such as 95 %. Constructed only through [`Level::percent`], so it
/// always lies strictly between 0 and 100.
///
/// ```
/// use cmmcast_forecast::Level;
/// let level = Level::percent(95.0)?;
/// assert_eq!(level.as_percent(), 95.0);
/// // Student's t with 3 degrees of freedom: the 97.5 % quantile is 3.182 (printed tables).
/// assert!((level.t_quantile(3.0) - 3.182446305284263).abs() < 1e-9);
/// assert!(Level::percent(100.0).is_err());
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Level(f64);

impl Level {
    /// The default levels, 80 % and 95 %, as R's `forecast()` uses.
    pub fn defaults() -> Vec<Level> {
        vec![Level(80.0), Level(95.0)]
    }

    /// A level in per cent, strictly between 0 and 100.
    pub fn percent(percent: f64) -> Result<Level, ForecastError> {
        if percent > 0.0 && percent < 100.0 {
            Ok(Level(percent))
        } else {
            Err(ForecastError::BadLevel(percent))
        }
    }

    /// The level in per cent.
    pub fn as_percent(self) -> f64 {
        self.0
    }

    /// The upper tail probability's complement: 0.975 for a 95 % interval.
    pub fn upper_probability(self) -> f64 {
        0.5 + self.0 / 200.0
    }

    /// The quantile of Student's t with `df` degrees of freedom that bounds this level
    /// (two-sided); for infinite `df`, the normal quantile.
    pub fn t_quantile(self, df: f64) -> f64 {
        let p = self.upper_probability();
        if df.is_infinite() {
            return self.normal_quantile();
        }
        StudentsT::new(0.0, 1.0, df)
            .map(|t| t.inverse_cdf(p))
            .unwrap_or(f64::NAN)
    }

    /// The standard normal quantile for this level (two-sided): 1.96 for 95 %.
    pub fn normal_quantile(self) -> f64 {
        Normal::standard().inverse_cdf(self.upper_probability())
    }

    /// The label used in column names: `80`, `95`, `97.5`.
    pub fn label(self) -> String {
        self.0.to_string()
    }
}

//! Interval levels and the Student-t quantiles that turn them into interval widths.

use std::cell::RefCell;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::ForecastError;

/// How many (level, df) quantiles each thread remembers.
const QUANTILE_CACHE_SIZE: usize = 32;

thread_local! {
    /// Recently computed t quantiles, keyed by the bits of (level, df). Pure values of their
    /// key, so results are identical whatever the thread or the order of calls.
    static QUANTILES: RefCell<Vec<((u64, u64), f64)>> = const { RefCell::new(Vec::new()) };
}

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
    ///
    /// The inverse t distribution costs about a microsecond (an incomplete-beta root search),
    /// more than a whole five-point fit, and forecasts ask for the same few (level, df) pairs
    /// over and over; so each thread remembers the last ones it computed.
    pub fn t_quantile(self, df: f64) -> f64 {
        if df.is_infinite() {
            return self.normal_quantile();
        }
        let key = (self.0.to_bits(), df.to_bits());
        if let Some(q) =
            QUANTILES.with_borrow(|cache| cache.iter().find(|(k, _)| *k == key).map(|(_, q)| *q))
        {
            return q;
        }
        let q = StudentsT::new(0.0, 1.0, df)
            .map(|t| t.inverse_cdf(self.upper_probability()))
            .unwrap_or(f64::NAN);
        QUANTILES.with_borrow_mut(|cache| {
            if cache.len() >= QUANTILE_CACHE_SIZE {
                cache.remove(0);
            }
            cache.push((key, q));
        });
        q
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

//! Lists of per cent values a user gives: interval levels (80, 95) and percentiles (10, 50,
//! 90). A value below 1 is almost always a fraction meant as a percentage (0.95 for 95 %), so it
//! is refused with the percentages meant, and a value given twice is kept once (two `lower_80`
//! columns would say nothing more and break readers of the CSV).

use crate::error::ForecastError;

/// The smallest level or percentile accepted, in per cent: below it, a value reads as a
/// fraction (a 0.95 % interval or a 0.1st percentile is almost never what was meant).
pub const MIN_PERCENT: f64 = 1.0;

/// What a list of per cent values is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentsOf {
    /// Interval levels.
    Levels,
    /// Percentiles of a simulation.
    Percentiles,
}

impl PercentsOf {
    /// The setting's name: "levels" or "percentiles".
    pub fn name(self) -> &'static str {
        match self {
            PercentsOf::Levels => "levels",
            PercentsOf::Percentiles => "percentiles",
        }
    }
}

/// A list of per cent values without repeats, and the values that were given more than once.
#[derive(Debug, Clone, PartialEq)]
pub struct Percents {
    /// The values in the order first given, each once.
    pub values: Vec<f64>,
    /// The values given more than once, each once, in the order first repeated.
    pub repeated: Vec<f64>,
}

/// Checks a list of per cent values: refuses any value from 0 (exclusive) to [`MIN_PERCENT`]
/// (exclusive) as a fraction, naming the whole list as meant (each such value x 100), and
/// merges repeats. Values outside (0, 100) are left for the list's own range check
/// (`Level::percent`, the simulation's settings), which names its range.
///
/// ```
/// use cmmcast_forecast::percents::{PercentsOf, percents};
/// let merged = percents(&[80.0, 95.0, 80.0], PercentsOf::Levels)?;
/// assert_eq!(merged.values, [80.0, 95.0]);
/// assert_eq!(merged.repeated, [80.0]);
/// assert!(percents(&[0.8, 95.0], PercentsOf::Levels).is_err());
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
pub fn percents(given: &[f64], of: PercentsOf) -> Result<Percents, ForecastError> {
    let fraction = |v: f64| v > 0.0 && v < MIN_PERCENT;
    if given.iter().any(|&v| fraction(v)) {
        return Err(ForecastError::FractionForPercent {
            of,
            given: given.to_vec(),
            meant: given
                .iter()
                .map(|&v| if fraction(v) { as_percent(v) } else { v })
                .collect(),
        });
    }
    let mut values: Vec<f64> = Vec::with_capacity(given.len());
    let mut repeated: Vec<f64> = Vec::new();
    for &v in given {
        if !values.contains(&v) {
            values.push(v);
        } else if !repeated.contains(&v) {
            repeated.push(v);
        }
    }
    Ok(Percents { values, repeated })
}

/// A fraction as a percentage, rounded to 12 significant digits so that 0.1 x 100 reads 10,
/// not 10.000000000000002.
fn as_percent(fraction: f64) -> f64 {
    let percent = fraction * 100.0;
    format!("{percent:.12e}").parse().unwrap_or(percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_refused_with_the_percentages_meant() {
        let err = percents(&[0.1, 0.5, 0.9], PercentsOf::Percentiles).expect_err("fractions");
        let ForecastError::FractionForPercent { meant, .. } = err else {
            panic!("{err:?}");
        };
        assert_eq!(meant, [10.0, 50.0, 90.0]);
        let err = percents(&[80.0, 0.95], PercentsOf::Levels).expect_err("a fraction");
        let ForecastError::FractionForPercent { meant, .. } = err else {
            panic!("{err:?}");
        };
        assert_eq!(meant, [80.0, 95.0]);
    }

    #[test]
    fn one_per_cent_and_values_outside_are_left_to_the_range_check() {
        assert_eq!(
            percents(&[1.0], PercentsOf::Levels).map(|p| p.values),
            Ok(vec![1.0])
        );
        assert_eq!(
            percents(&[0.0, 100.0], PercentsOf::Levels).map(|p| p.values),
            Ok(vec![0.0, 100.0])
        );
    }

    #[test]
    fn repeats_are_kept_once_in_the_order_first_given() {
        let merged = percents(&[95.0, 80.0, 95.0, 80.0, 95.0], PercentsOf::Levels).expect("ok");
        assert_eq!(merged.values, [95.0, 80.0]);
        assert_eq!(merged.repeated, [95.0, 80.0]);
    }
}

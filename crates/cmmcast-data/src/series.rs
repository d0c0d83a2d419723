//! Annual series of one site: coal output and methane drainage, keyed by year.

use serde::Serialize;

use crate::error::{DataError, SeriesProblem};

/// Number of cubic metres of methane per tonne of coal in one (million m3 / thousand t).
///
/// 1 million m3 / 1 thousand t = 10^6 m3 / 10^3 t = 1000 m3/t.
const M3_PER_T_PER_MM3_PER_KT: f64 = 1000.0;

/// One site's annual data: years in increasing order, each unique, with coal output
/// (thousand tonnes a year) and/or methane drainage (million m3 a year).
///
/// Either series may be absent, because a user may know only one of them; when present it has
/// a value for every year. Built only through validation (loading a file, or
/// [`AnnualSeries::new`]), so code that receives one can rely on these rules.
///
/// ```
/// use cmmcast_data::AnnualSeries;
/// let series = AnnualSeries::new(
///     vec![2013, 2012],
///     Some(vec![6850.0, 6420.0]),
///     Some(vec![239.87, 222.94]),
/// )?;
/// assert_eq!(series.years(), &[2012, 2013]);
/// assert_eq!(series.methane_mm3(), Some(&[222.94, 239.87][..]));
/// // 222.94 million m3 / 6420 thousand t = 34.73 m3 per tonne
/// let intensity = series.intensity_m3_per_t().unwrap();
/// assert!((intensity[0].unwrap() - 34.7258566978).abs() < 1e-9);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualSeries {
    years: Vec<i32>,
    coal_kt: Option<Vec<f64>>,
    methane_mm3: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coal_plan: Option<CoalPlan>,
}

/// A production plan: the years after the measured history that have planned coal output and
/// no methane yet (a mine planner's next years). The years follow one another, starting the
/// year after the last year with methane; every planned year has its coal.
///
/// It sits beside the history ([`AnnualSeries::years`], [`AnnualSeries::coal_kt`],
/// [`AnnualSeries::methane_mm3`], which stay the measured or published years only), so code
/// that reads the history sees the same numbers with or without a plan; the intensity model
/// reads the plan to turn planned coal into methane (docs/METHODS.md, section 6.8).
///
/// ```
/// use cmmcast_data::AnnualSeries;
/// let series = AnnualSeries::new(vec![2020, 2021], Some(vec![1000.0, 1100.0]), Some(vec![30.0, 33.0]))?
///     .with_coal_plan(vec![2022, 2023], vec![1200.0, 1250.0])?;
/// assert_eq!(series.years(), &[2020, 2021]);
/// let plan = series.coal_plan().unwrap();
/// assert_eq!((plan.years(), plan.coal_in(2023)), (&[2022, 2023][..], Some(1250.0)));
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoalPlan {
    years: Vec<i32>,
    coal_kt: Vec<f64>,
}

impl CoalPlan {
    /// The planned years, consecutive, the first one the year after the history's last.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Planned coal output, thousand tonnes a year, one per planned year.
    pub fn coal_kt(&self) -> &[f64] {
        &self.coal_kt
    }

    /// The last planned year.
    pub fn last_year(&self) -> i32 {
        self.years.last().copied().unwrap_or_default()
    }

    /// The planned coal of `year`, thousand tonnes; `None` outside the plan.
    pub fn coal_in(&self, year: i32) -> Option<f64> {
        let first = *self.years.first()?;
        let index = usize::try_from(year.checked_sub(first)?).ok()?;
        self.coal_kt.get(index).copied()
    }
}

impl AnnualSeries {
    /// Builds a series from parallel vectors in any year order, checking that years are unique,
    /// lengths agree, and values are finite and non-negative. Rows are sorted by year.
    pub fn new(
        years: Vec<i32>,
        coal_kt: Option<Vec<f64>>,
        methane_mm3: Option<Vec<f64>>,
    ) -> Result<Self, DataError> {
        Self::check_and_sort(years, coal_kt, methane_mm3).map_err(DataError::InvalidSeries)
    }

    fn check_and_sort(
        years: Vec<i32>,
        coal_kt: Option<Vec<f64>>,
        methane_mm3: Option<Vec<f64>>,
    ) -> Result<Self, SeriesProblem> {
        if years.is_empty() {
            return Err(SeriesProblem::Empty);
        }
        if coal_kt.is_none() && methane_mm3.is_none() {
            return Err(SeriesProblem::NoValues);
        }
        for (field, values) in [("coal_kt", &coal_kt), ("methane_mm3", &methane_mm3)] {
            if let Some(values) = values {
                if values.len() != years.len() {
                    return Err(SeriesProblem::Length {
                        field,
                        expected: years.len(),
                        found: values.len(),
                    });
                }
                if let Some((year, value)) = years
                    .iter()
                    .zip(values)
                    .find(|(_, v)| !v.is_finite() || **v < 0.0)
                {
                    return Err(SeriesProblem::BadValue {
                        field,
                        year: *year,
                        value: *value,
                    });
                }
            }
        }
        let order = order_by_year(&years);
        if let Some(pair) = order.windows(2).find(|w| years[w[0]] == years[w[1]]) {
            return Err(SeriesProblem::DuplicateYear(years[pair[0]]));
        }
        Ok(Self::from_sorted_parts(
            permute(&years, &order),
            coal_kt.map(|v| permute(&v, &order)),
            methane_mm3.map(|v| permute(&v, &order)),
        ))
    }

    /// Assembles a series from parts that the caller has already validated and sorted.
    pub(crate) fn from_sorted_parts(
        years: Vec<i32>,
        coal_kt: Option<Vec<f64>>,
        methane_mm3: Option<Vec<f64>>,
    ) -> Self {
        AnnualSeries {
            years,
            coal_kt,
            methane_mm3,
            coal_plan: None,
        }
    }

    /// The series with a production plan after its history: `years` (consecutive, the first
    /// the year after the history's last) with their planned coal, thousand tonnes. The
    /// history must have both coal and methane, since the plan is there to be turned into
    /// methane by the history's methane per tonne.
    pub fn with_coal_plan(self, years: Vec<i32>, coal_kt: Vec<f64>) -> Result<Self, DataError> {
        self.check_plan(&years, &coal_kt)
            .map_err(DataError::InvalidSeries)?;
        Ok(self.with_checked_plan(years, coal_kt))
    }

    fn check_plan(&self, years: &[i32], coal_kt: &[f64]) -> Result<(), SeriesProblem> {
        if self.coal_kt.is_none() || self.methane_mm3.is_none() {
            return Err(SeriesProblem::PlanWithoutHistory);
        }
        if coal_kt.len() != years.len() {
            return Err(SeriesProblem::Length {
                field: "coal_kt of the plan",
                expected: years.len(),
                found: coal_kt.len(),
            });
        }
        let last = self.years.last().copied().unwrap_or_default();
        for (i, (&year, &value)) in years.iter().zip(coal_kt).enumerate() {
            let expected = last.saturating_add(1).saturating_add(i as i32);
            if year != expected {
                return Err(SeriesProblem::PlanYear { year, expected });
            }
            if !value.is_finite() || value < 0.0 {
                return Err(SeriesProblem::BadValue {
                    field: "coal_kt",
                    year,
                    value,
                });
            }
        }
        Ok(())
    }

    /// Attaches a plan already checked (by the file readers); an empty plan is none.
    pub(crate) fn with_checked_plan(mut self, years: Vec<i32>, coal_kt: Vec<f64>) -> Self {
        self.coal_plan = (!years.is_empty()).then_some(CoalPlan { years, coal_kt });
        self
    }

    /// The production plan after the history, when the data has one: the trailing years with
    /// coal and no methane ([`CoalPlan`]).
    pub fn coal_plan(&self) -> Option<&CoalPlan> {
        self.coal_plan.as_ref()
    }

    /// Calendar years, increasing, unique.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Number of years.
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// Always `false`: a validated series has at least one year. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// Coal output, thousand tonnes a year, one per year; `None` when the data has no coal.
    pub fn coal_kt(&self) -> Option<&[f64]> {
        self.coal_kt.as_deref()
    }

    /// Methane drainage, million m3 a year (pure CH4 at the site's volume basis); `None` when
    /// the data has no methane.
    pub fn methane_mm3(&self) -> Option<&[f64]> {
        self.methane_mm3.as_deref()
    }

    /// Methane per tonne of coal, m3/t, per year: `None` overall when either series is missing,
    /// and `None` for a year whose coal output is zero (the ratio is undefined there).
    pub fn intensity_m3_per_t(&self) -> Option<Vec<Option<f64>>> {
        let coal = self.coal_kt.as_ref()?;
        let methane = self.methane_mm3.as_ref()?;
        Some(
            coal.iter()
                .zip(methane)
                .map(|(&c, &m)| (c > 0.0).then(|| m / c * M3_PER_T_PER_MM3_PER_KT))
                .collect(),
        )
    }

    /// Whether the years are consecutive (no gaps), which some models require.
    pub fn is_equally_spaced(&self) -> bool {
        self.years.windows(2).all(|w| w[1] - w[0] == 1)
    }
}

/// Indices that sort `years` increasingly (stable, so equal years keep their input order).
pub(crate) fn order_by_year(years: &[i32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| years[i]);
    order
}

/// `values` rearranged in the given order.
pub(crate) fn permute<T: Copy>(values: &[T], order: &[usize]) -> Vec<T> {
    order.iter().map(|&i| values[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_duplicates_refused() {
        let s = AnnualSeries::new(vec![2014, 2012, 2013], None, Some(vec![3.0, 1.0, 2.0]))
            .expect("valid");
        assert_eq!(s.years(), &[2012, 2013, 2014]);
        assert_eq!(s.methane_mm3(), Some(&[1.0, 2.0, 3.0][..]));
        assert_eq!(s.coal_kt(), None);
        assert_eq!(s.intensity_m3_per_t(), None);
        assert_eq!(
            AnnualSeries::check_and_sort(vec![2012, 2012], Some(vec![1.0, 2.0]), None),
            Err(SeriesProblem::DuplicateYear(2012))
        );
    }

    #[test]
    fn intensity_is_undefined_for_zero_coal() {
        // 10 million m3 over 250 thousand t = 40 m3/t.
        let s = AnnualSeries::new(
            vec![2000, 2001],
            Some(vec![250.0, 0.0]),
            Some(vec![10.0, 5.0]),
        )
        .expect("valid");
        assert_eq!(s.intensity_m3_per_t(), Some(vec![Some(40.0), None]));
    }

    #[test]
    fn bad_values_and_lengths_are_refused() {
        assert!(matches!(
            AnnualSeries::check_and_sort(vec![2012], Some(vec![f64::NAN]), None),
            Err(SeriesProblem::BadValue { .. })
        ));
        assert!(matches!(
            AnnualSeries::check_and_sort(vec![2012, 2013], Some(vec![1.0]), None),
            Err(SeriesProblem::Length { .. })
        ));
        assert_eq!(
            AnnualSeries::check_and_sort(vec![2012], None, None),
            Err(SeriesProblem::NoValues)
        );
    }

    #[test]
    fn gaps_are_detected() {
        let s = AnnualSeries::new(vec![2012, 2014], None, Some(vec![1.0, 2.0])).expect("valid");
        assert!(!s.is_equally_spaced());
    }
}

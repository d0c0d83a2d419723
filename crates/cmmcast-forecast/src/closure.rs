//! The mine's closure: the last year it drains gas. After it the drainage is zero in the
//! forecast and in every simulated path, and the plant runs no more (the study cuts the
//! economics' lifetime at it). Emission from the abandoned mine after closure is not modelled
//! (docs/METHODS.md, section 15).
//!
//! The closure year is given (in code or on the command line) or read from the site facts'
//! `closure_year`; it must come after the last year of data and not before the end of a
//! production plan.

use std::sync::Arc;

use cmmcast_data::Site;

use crate::error::{ForecastError, ValueSource};
use crate::forecast::{Forecast, PointKind};
use crate::level::Level;
use crate::rng::PathRng;
use crate::trend::{FittedTrend, Parameter, PersistentLognormal};

/// A checked closure year and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closure {
    /// The last year the mine drains gas.
    pub year: i32,
    /// Given, or read from the site facts.
    pub from: ValueSource,
}

impl Closure {
    /// The closure of `site`: the `given` year over the site facts' `closure_year`, checked
    /// against the site's data; `None` when neither says one.
    ///
    /// ```
    /// use cmmcast_forecast::closure::Closure;
    /// let data = cmmcast_data::Dataset::songzao();
    /// let site = data.site(None)?;
    /// assert_eq!(Closure::of(site, Some(2025)).unwrap().map(|c| c.year), Some(2025));
    /// assert!(Closure::of(site, Some(2015)).is_err()); // the data runs to 2016
    /// assert_eq!(Closure::of(site, None).unwrap(), None);
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn of(site: &Site, given: Option<i32>) -> Result<Option<Closure>, ForecastError> {
        let closure = match (given, site.facts.closure_year) {
            (Some(year), _) => Closure {
                year,
                from: ValueSource::Given,
            },
            (None, Some(year)) => Closure {
                year,
                from: ValueSource::SiteFacts,
            },
            (None, None) => return Ok(None),
        };
        let series = &site.series;
        let last = series.years().last().copied().unwrap_or_default();
        if closure.year <= last {
            return Err(ForecastError::ClosureNotAfterData {
                closure: closure.year,
                last,
                plan: false,
                from: closure.from,
            });
        }
        if let Some(plan) = series.coal_plan()
            && closure.year < plan.last_year()
        {
            return Err(ForecastError::ClosureNotAfterData {
                closure: closure.year,
                last: plan.last_year(),
                plan: true,
                from: closure.from,
            });
        }
        Ok(Some(closure))
    }

    /// What closure does, for the notes of every command.
    pub fn note(&self) -> String {
        format!(
            "The mine closes after {}{}: drainage is 0 from {} on, and the plant runs no more \
             (its economics stop with it); emission from the abandoned mine is not modelled.",
            self.year,
            self.from.phrase(),
            self.year + 1
        )
    }

    /// The years of `years` in which the mine still drains gas.
    pub fn open_years(closure: Option<Closure>, years: &[i32]) -> Vec<i32> {
        years
            .iter()
            .copied()
            .filter(|&year| closure.is_none_or(|c| year <= c.year))
            .collect()
    }
}

/// A fitted model whose forecast and paths are zero after the closure year: every method is
/// the model's own, then the years after closure are set to 0.
#[derive(Debug)]
pub(crate) struct Closed {
    pub(crate) inner: Arc<dyn FittedTrend>,
    pub(crate) year: i32,
}

impl Closed {
    fn close(&self, years: &[i32], out: &mut [f64]) {
        for (&year, value) in years.iter().zip(out.iter_mut()) {
            if year > self.year {
                *value = 0.0;
            }
        }
    }
}

impl FittedTrend for Closed {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn parameters(&self) -> Vec<Parameter> {
        self.inner.parameters()
    }
    fn years(&self) -> &[i32] {
        self.inner.years()
    }
    fn observed(&self) -> &[f64] {
        self.inner.observed()
    }
    fn fitted(&self) -> Vec<f64> {
        self.inner.fitted()
    }
    fn log_likelihood(&self) -> f64 {
        self.inner.log_likelihood()
    }
    fn n_information_parameters(&self) -> usize {
        self.inner.n_information_parameters()
    }
    fn n_likelihood_terms(&self) -> usize {
        self.inner.n_likelihood_terms()
    }
    fn loo_predictions(&self) -> Vec<Option<f64>> {
        self.inner.loo_predictions()
    }
    fn comparable(&self) -> bool {
        self.inner.comparable()
    }
    fn point_kind(&self) -> PointKind {
        self.inner.point_kind()
    }
    /// The model's forecast with the point and every bound 0 after closure.
    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let mut forecast = self.inner.forecast(years, levels);
        self.close(years, &mut forecast.point);
        for interval in &mut forecast.intervals {
            self.close(years, &mut interval.lower);
            self.close(years, &mut interval.upper);
        }
        forecast
    }
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        self.inner.sample_path(rng, years, out);
        self.close(years, out);
    }
    fn sample_path_times(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multipliers: &[f64],
        out: &mut [f64],
    ) {
        self.inner
            .sample_path_times(rng, years, log_multipliers, out);
        self.close(years, out);
    }
    fn sample_path_lognormal(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        adherence: (f64, f64),
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        self.inner
            .sample_path_lognormal(rng, years, adherence, scratch, out);
        self.close(years, out);
    }
    fn sample_path_persistent(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        multiplier: &PersistentLognormal,
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        self.inner
            .sample_path_persistent(rng, years, multiplier, scratch, out);
        self.close(years, out);
    }
    fn r_squared(&self) -> Option<f64> {
        self.inner.r_squared()
    }
}

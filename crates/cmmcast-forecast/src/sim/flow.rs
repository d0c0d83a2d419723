//! The daily variability of the gas flow that the plant sizing spreads each path-year over:
//! lognormal multipliers of mean 1, an AR(1) on their logarithm, drawn from streams of their
//! own (the model and the streams: [`crate::sim::size`]'s module notes, METHODS 11.5).

use rand_distr::{Distribution, StandardNormal};

use cmmcast_data::DistributionSpec;

use crate::error::{ForecastError, ValueSource};
use crate::rng::{PathRng, path_rng};
use crate::sim::Sampler;

/// Stream index (within a path) of the flow parameters drawn once per path.
pub(crate) const PATH_LEVEL_STREAM: u64 = 0xFFFF;

/// XOR-ed into the seed for the daily streams ("DAILYFLO" in ASCII), so they never coincide
/// with the annual paths' streams.
pub const DAILY_SEED_XOR: u64 = 0x4441_494C_5946_4C4F;

/// The daily variability of the gas flow: `flow_cv` and `flow_autocorrelation`, each fixed or
/// drawn (once per path, or every year when the scenario says `per_year = true`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyFlow {
    cv: Sampler,
    cv_per_year: bool,
    autocorrelation: Sampler,
    autocorrelation_per_year: bool,
    cv_given: bool,
    autocorrelation_given: bool,
}

impl DailyFlow {
    /// A fixed coefficient of variation (at least 0) and lag-1 autocorrelation (in [0, 1)).
    pub fn fixed(cv: f64, autocorrelation: f64) -> Result<DailyFlow, ForecastError> {
        if !(cv.is_finite() && cv >= 0.0) {
            return Err(ForecastError::BadSetting {
                name: "flow_cv",
                from: ValueSource::Given,
                value: cv,
                allowed: "a coefficient of variation of at least 0 (0.25 for a daily flow that varies by a quarter)",
            });
        }
        if !((0.0..1.0).contains(&autocorrelation)) {
            return Err(ForecastError::BadSetting {
                name: "flow_autocorrelation",
                from: ValueSource::Given,
                value: autocorrelation,
                allowed: "a lag-1 correlation of at least 0 and below 1",
            });
        }
        Ok(DailyFlow {
            cv: Sampler::new(DistributionSpec::Fixed { value: cv }),
            cv_per_year: false,
            autocorrelation: Sampler::new(DistributionSpec::Fixed {
                value: autocorrelation,
            }),
            autocorrelation_per_year: false,
            cv_given: true,
            autocorrelation_given: true,
        })
    }

    /// The daily flow a scenario gives: `cv` and `autocorrelation` each as (distribution,
    /// drawn every year), already checked against their ranges (cv ≥ 0, 0 ≤ ρ < 1). Without
    /// `flow_cv` the daily flow is constant (cv 0); without `flow_autocorrelation`, days are
    /// independent (ρ 0).
    pub fn new(
        cv: Option<(DistributionSpec, bool)>,
        autocorrelation: Option<(DistributionSpec, bool)>,
    ) -> DailyFlow {
        let read = |given: Option<(DistributionSpec, bool)>| match given {
            Some((spec, per_year)) => (Sampler::new(spec), per_year, true),
            None => (
                Sampler::new(DistributionSpec::Fixed { value: 0.0 }),
                false,
                false,
            ),
        };
        let (cv, cv_per_year, cv_given) = read(cv);
        let (autocorrelation, autocorrelation_per_year, autocorrelation_given) =
            read(autocorrelation);
        DailyFlow {
            cv,
            cv_per_year,
            autocorrelation,
            autocorrelation_per_year,
            cv_given,
            autocorrelation_given,
        }
    }

    /// The coefficient of variation: its distribution, whether it is drawn every year, and
    /// whether the scenario (or code) set it (false: the default 0).
    pub fn cv(&self) -> (DistributionSpec, bool, bool) {
        (self.cv.spec(), self.cv_per_year, self.cv_given)
    }

    /// The lag-1 autocorrelation: as [`DailyFlow::cv`].
    pub fn autocorrelation(&self) -> (DistributionSpec, bool, bool) {
        (
            self.autocorrelation.spec(),
            self.autocorrelation_per_year,
            self.autocorrelation_given,
        )
    }

    /// Whether the flow is the same every day in every path (cv fixed at 0).
    pub fn is_constant(&self) -> bool {
        self.cv.spec() == DistributionSpec::Fixed { value: 0.0 }
    }

    /// (cv, ρ) drawn once for a path (per-year values are drawn in [`DailyFlow::for_year`]).
    pub(crate) fn for_path(&self, rng: &mut PathRng) -> (f64, f64) {
        let cv = if self.cv_per_year {
            f64::NAN
        } else {
            self.cv.sample(rng)
        };
        let rho = if self.autocorrelation_per_year {
            f64::NAN
        } else {
            self.autocorrelation.sample(rng)
        };
        (cv, rho)
    }

    /// (cv, ρ) for one year: the path's values, or a fresh draw for per-year inputs.
    pub(crate) fn for_year(&self, rng: &mut PathRng, path: (f64, f64)) -> (f64, f64) {
        let cv = if self.cv_per_year {
            self.cv.sample(rng)
        } else {
            path.0
        };
        let rho = if self.autocorrelation_per_year {
            self.autocorrelation.sample(rng)
        } else {
            path.1
        };
        (cv, rho)
    }
}

/// The stream of the days of path `path`, year index `year_index` (see the module notes).
pub fn daily_rng(seed: u64, path: u64, year_index: u64) -> PathRng {
    path_rng(seed ^ DAILY_SEED_XOR, (path << 16) | (year_index & 0xFFFF))
}

/// Fills `out` with daily multipliers m_d of mean 1: lognormal with coefficient of variation
/// `cv`, ln m a stationary AR(1) with lag-1 correlation `rho` (module notes). `cv` = 0 gives 1
/// every day and draws nothing.
///
/// ```
/// use cmmcast_forecast::sim::{daily_multipliers, daily_rng};
/// let mut days = [0.0; 365];
/// daily_multipliers(&mut daily_rng(1, 0, 0), 0.0, 0.7, &mut days);
/// assert!(days.iter().all(|&m| m == 1.0));
/// daily_multipliers(&mut daily_rng(1, 0, 0), 0.25, 0.7, &mut days);
/// assert!(days.iter().all(|&m| m > 0.0));
/// ```
pub fn daily_multipliers(rng: &mut PathRng, cv: f64, rho: f64, out: &mut [f64]) {
    if cv == 0.0 {
        out.fill(1.0);
        return;
    }
    let variance = cv.mul_add(cv, 1.0).ln();
    let s = variance.sqrt();
    let shift = -0.5 * variance;
    let innovation = (1.0 - rho * rho).sqrt() * s;
    let mut x = 0.0;
    for (d, m) in out.iter_mut().enumerate() {
        let z: f64 = StandardNormal.sample(rng);
        x = if d == 0 {
            s * z
        } else {
            rho * x + innovation * z
        };
        *m = (shift + x).exp();
    }
}

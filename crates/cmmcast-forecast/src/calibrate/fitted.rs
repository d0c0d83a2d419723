//! The damped trend with calibrated intervals as a model of the menu's kind: what the default
//! forecast is. Its point is the damped trend's ([`Damped`] with the calibration's parameters);
//! its intervals and sample paths come from the calibration table, so everything that takes a
//! [`TrendModel`] (forecast, project, simulate, size, tornado, report, backtests) takes it.

use std::sync::{Arc, OnceLock};

use rand::RngExt;

use crate::calibrate::intervals::{Calibration, MIN_CALIBRATED_YEARS};
use crate::calibrate::point::log_step_sd;
use crate::calibrate::table::TABLE_HORIZON;
use crate::error::ForecastError;
use crate::forecast::{Forecast, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::rng::PathRng;
use crate::trend::{
    Damped, DampedParams, FittedDamped, FittedTrend, Parameter, TrendInput, TrendModel,
};

/// The damped trend whose intervals are calibrated on a reference class (docs/METHODS.md,
/// section 13.4); its forecast is the calibrated distribution's median, around the damped
/// trend's point.
///
/// ```
/// use cmmcast_forecast::calibrate::CalibratedDamped;
/// use cmmcast_forecast::trend::{SeriesKind, TrendInput, TrendModel};
/// use cmmcast_forecast::Level;
/// let data = cmmcast_data::Dataset::songzao();
/// let input = TrendInput::from_series(&data.site(None)?.series, SeriesKind::Methane).unwrap();
/// let fit = CalibratedDamped::embedded().fit(&input).unwrap();
/// let forecast = fit.forecast(&[2030], &[Level::percent(95.0).unwrap()]);
/// let (lower, upper) = (forecast.intervals[0].lower[0], forecast.intervals[0].upper[0]);
/// assert!(lower < forecast.point[0] && forecast.point[0] < upper);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CalibratedDamped {
    calibration: Arc<Calibration>,
}

impl CalibratedDamped {
    /// With the shipped calibration (the embedded reference class).
    pub fn embedded() -> CalibratedDamped {
        CalibratedDamped::new(Arc::clone(Calibration::embedded_shared()))
    }

    /// With a calibration of the user's own (their reference class, [`Calibration::build`]).
    pub fn new(calibration: Arc<Calibration>) -> CalibratedDamped {
        CalibratedDamped { calibration }
    }

    /// The calibration its intervals come from.
    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// The damped trend the calibration's errors were measured around: α = 1 and the point's
    /// β and φ.
    fn damped(&self) -> Damped {
        let point = self.calibration.point;
        Damped::new(DampedParams::unchecked(1.0, point.beta, point.phi))
    }
}

impl TrendModel for CalibratedDamped {
    fn name(&self) -> &'static str {
        "damped"
    }

    /// As the damped trend; [`MIN_CALIBRATED_YEARS`] is the same 3.
    fn min_points(&self) -> usize {
        MIN_CALIBRATED_YEARS.max(self.damped().min_points())
    }

    fn min_points_reason(&self) -> &'static str {
        "; its start takes the first year and the mean step, and the series' volatility needs \
         two year-to-year steps"
    }

    fn needs_equal_spacing(&self) -> bool {
        true
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        let damped = self.damped().fit_damped(input)?;
        if let Some((&year, &value)) = input
            .years
            .iter()
            .zip(input.values)
            .find(|&(_, &v)| v <= 0.0 || v.is_nan())
        {
            return Err(ForecastError::NotPositiveForCalibration {
                year: Some(year),
                value,
            });
        }
        Ok(Box::new(FittedCalibrated {
            sd: log_step_sd(input.values),
            damped,
            calibration: Arc::clone(&self.calibration),
            path_steps: OnceLock::new(),
        }))
    }
}

/// A damped trend fitted to a series, with calibrated intervals.
#[derive(Debug, Clone)]
pub struct FittedCalibrated {
    damped: FittedDamped,
    calibration: Arc<Calibration>,
    /// The series' log-step volatility, which scales its errors.
    sd: f64,
    /// The point and scale of every horizon up to [`CACHED_HORIZONS`], worked out on the first
    /// sample path: a simulation draws a million paths from one fit, and each horizon's
    /// damped sum and s_h = s_ref (sd / s_ref)^γ_h (a `powi` and a `powf`) were an eighth of
    /// its instructions; a forecast never needs them.
    path_steps: OnceLock<PathSteps>,
}

/// Horizons whose point and scale a fit keeps for its sample paths (longer ones are worked out
/// when needed): far beyond any plan's horizon, small enough to be nothing per fit.
const CACHED_HORIZONS: usize = 64;

/// Per horizon h = 0..=[`CACHED_HORIZONS`], the damped point (`point[h]`), the calibrated
/// scale s_h (`scale[h]`; 0 at h = 0, a known year, which has no error) and s_h times the
/// path error's factor ([`Calibration::path_factor`], `factor[h]`).
#[derive(Debug, Clone)]
struct PathSteps {
    point: Vec<f64>,
    scale: Vec<f64>,
    factor: Vec<f64>,
}

impl FittedCalibrated {
    /// The point, the scale and the scale times the path factor `h` years ahead, from the
    /// cache when it holds them, exactly as computed there otherwise.
    #[inline]
    fn step(&self, h: u32) -> (f64, f64, f64) {
        let n = self.years_known();
        let steps = self.path_steps.get_or_init(|| {
            let hs = 0..=CACHED_HORIZONS as u32;
            let scale: Vec<f64> = hs.clone().map(|h| self.scale_at(n, h)).collect();
            PathSteps {
                point: hs.clone().map(|h| self.damped.point_at(h)).collect(),
                factor: hs
                    .map(|h| scale[h as usize] * self.calibration.path_factor(n, h as usize))
                    .collect(),
                scale,
            }
        });
        let i = h as usize;
        match (steps.point.get(i), steps.scale.get(i), steps.factor.get(i)) {
            (Some(&point), Some(&scale), Some(&factor)) => (point, scale, factor),
            _ => {
                let scale = self.scale_at(n, h);
                let factor = scale * self.calibration.path_factor(n, i);
                (self.damped.point_at(h), scale, factor)
            }
        }
    }

    /// s_h for `n` known years (0 at h = 0).
    fn scale_at(&self, n: usize, h: u32) -> f64 {
        if h == 0 {
            0.0
        } else {
            self.calibration.scale(n, self.sd, h as usize)
        }
    }

    /// A sample path times exp(`log_multiplier(t)`) in year t (0 for none): one row of the
    /// path table and one uniform, then y_h = point_h exp(s_h z_h + ln m_t), one `exp` a year.
    fn draw_path(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multiplier: impl Fn(usize) -> f64,
        out: &mut [f64],
    ) {
        let n = self.years_known();
        let table = self.calibration.path_table(n);
        let row = rng.random_range(0..table.len());
        let v: f64 = rng.random();
        // Up to five and from ten known years one table serves, and the error is its row's
        // smoothed quantile times a factor worked out once per fit; between, the blend.
        let single = self.calibration.single_path_table(n);
        for (t, (&year, out)) in years.iter().zip(out.iter_mut()).enumerate() {
            let h = self.damped.steps(year);
            let (point, scale, factor) = self.step(h);
            let error = match (h, single) {
                (0, _) => 0.0,
                (_, Some(table)) => {
                    factor * table.row_quantile(row, (h as usize).min(TABLE_HORIZON), v)
                }
                (_, None) => scale * self.calibration.path_error(n, row, v, h as usize),
            };
            *out = point * (error + log_multiplier(t)).exp();
        }
    }

    /// Known years.
    fn years_known(&self) -> usize {
        self.damped.observed().len()
    }

    /// The series' log-step volatility (standard deviation of ln(y_t / y_{t−1}), floored).
    pub fn volatility(&self) -> f64 {
        self.sd
    }
}

impl FittedTrend for FittedCalibrated {
    fn name(&self) -> &'static str {
        "damped"
    }

    /// The damped trend's, and the series' volatility.
    fn parameters(&self) -> Vec<Parameter> {
        let mut parameters = self.damped.parameters();
        parameters.push(Parameter {
            name: "log_step_sd".into(),
            value: self.sd,
            std_error: None,
        });
        parameters
    }

    fn years(&self) -> &[i32] {
        self.damped.years()
    }

    fn observed(&self) -> &[f64] {
        self.damped.observed()
    }

    fn fitted(&self) -> Vec<f64> {
        self.damped.fitted()
    }

    fn log_likelihood(&self) -> f64 {
        self.damped.log_likelihood()
    }

    fn n_information_parameters(&self) -> usize {
        self.damped.n_information_parameters()
    }

    fn n_likelihood_terms(&self) -> usize {
        self.damped.n_likelihood_terms()
    }

    fn loo_predictions(&self) -> Vec<Option<f64>> {
        self.damped.loo_predictions()
    }

    fn comparable(&self) -> bool {
        false
    }

    /// The median of the calibrated distribution ([`Calibration::around`]).
    fn point_kind(&self) -> PointKind {
        PointKind::Median
    }

    /// The calibrated median and bounds around the damped trend's point
    /// ([`Calibration::around`]).
    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let mut forecast = self.damped.forecast(years, &[]);
        let n = self.years_known();
        let mut intervals: Vec<Interval> = levels
            .iter()
            .map(|&level| Interval {
                level,
                lower: Vec::with_capacity(years.len()),
                upper: Vec::with_capacity(years.len()),
            })
            .collect();
        for (&year, point) in years.iter().zip(forecast.point.iter_mut()) {
            let h = self.damped.steps(year) as usize;
            let (median, bounds) = self.calibration.around(n, self.sd, h, *point, levels);
            *point = median;
            for (interval, (lower, upper)) in intervals.iter_mut().zip(bounds) {
                interval.lower.push(lower);
                interval.upper.push(upper);
            }
        }
        forecast.intervals = intervals;
        forecast.point_kind = PointKind::Median;
        forecast.interval_method = IntervalMethod::Calibrated;
        forecast.df = Vec::new();
        forecast
    }

    /// One row of the calibration's path table, drawn uniformly, and where in its rank cell
    /// (one uniform for the whole path): y_h = point_h exp(s_h z_h) with z_h that row's scaled
    /// error h years ahead, smoothed ([`Calibration::path_error`]). A whole
    /// real trajectory of errors, so a path that starts above the point tends to stay above it
    /// as real series did, and each year's quantiles are the calibrated bounds.
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        self.draw_path(rng, years, |_| 0.0, out);
    }

    /// As [`FittedTrend::sample_path`], the multiplier folded into the path's own `exp`: the
    /// simulation's plan adherence costs no second `exp` a year.
    fn sample_path_times(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multipliers: &[f64],
        out: &mut [f64],
    ) {
        self.draw_path(rng, years, |t| log_multipliers[t], out);
    }
}

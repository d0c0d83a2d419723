//! Methane from coal: methane = r x coal, with r (m3 of methane per tonne, as million m3 per
//! thousand t) fitted through the origin and coal forecast by a linear trend. The analysts'
//! per-tonne method, with the uncertainty of both factors carried into the intervals.
//!
//! When the site carries a production plan ([`cmmcast_data::CoalPlan`]), the planned years
//! take the planned coal instead of the trend: methane = r x planned coal, with a stated plan
//! adherence on the coal ([`PLAN_ADHERENCE_SIGMA`]); years after the plan take a coal trend
//! fitted to the history and the plan together (docs/METHODS.md, section 6.8).

use ndarray::{Array2, ArrayView1, ArrayView2};

use crate::error::ForecastError;
use crate::forecast::{Forecast, InSample, Interval, IntervalMethod, PointKind};
use crate::level::Level;
use crate::ols::Ols;
use crate::rng::PathRng;
use crate::trend::{FittedTrend, Parameter, SeriesKind, TrendInput, TrendModel, check_input};
use rand_distr::{Distribution, StandardNormal};

/// The plan adherence the intensity model's interval puts on planned coal: the coal actually
/// mined is the planned coal times a lognormal multiplier with median 1 and this σ on the log
/// scale. It is the default scenario's `plan_adherence` (data/scenarios/songzao-default.toml:
/// lognormal, median 1, sigma 0.10; an assumption, docs/METHODS.md section 11.3), the
/// multiplier the simulation's paths draw, so the analytic interval and the simulated paths
/// state the same adherence (a unit test checks the two agree).
pub const PLAN_ADHERENCE_SIGMA: f64 = 0.10;

/// The coefficient of variation of the plan adherence, √(e^{σ²} − 1) for a lognormal of log-scale
/// σ = [`PLAN_ADHERENCE_SIGMA`]: 0.1002505 for σ = 0.10.
pub fn plan_adherence_cv() -> f64 {
    (PLAN_ADHERENCE_SIGMA * PLAN_ADHERENCE_SIGMA)
        .exp_m1()
        .sqrt()
}

/// Methane = intensity x a linear coal forecast, or x the planned coal where the site has a
/// production plan. Needs coal and methane for at least 3 years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Intensity;

impl TrendModel for Intensity {
    fn name(&self) -> &'static str {
        "intensity"
    }

    fn min_points(&self) -> usize {
        3
    }

    fn min_points_reason(&self) -> &'static str {
        "; the coal trend needs one more year than its two parameters"
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        if input.series != SeriesKind::Methane {
            return Err(ForecastError::Degenerate {
                model: "intensity",
                why: "it forecasts methane from coal, so it does not apply to the coal series",
            });
        }
        let coal = input.coal_kt.ok_or(ForecastError::MissingSeries {
            model: "intensity",
            series: "coal_kt",
        })?;
        check_input(self, input)?;
        // Views of the caller's slices: no copies.
        let n = coal.len();
        let coal_column =
            ArrayView2::from_shape((n, 1), coal).map_err(|_| ForecastError::ShapeMismatch {
                rows: n,
                targets: input.values.len(),
            })?;
        let methane = ArrayView1::from(input.values);
        let ratio =
            Ols::fit(coal_column, methane, false).map_err(|_| ForecastError::Degenerate {
                model: "intensity",
                why: "coal output is zero in every year",
            })?;
        // The coal trend runs through the history and, when there is one, the plan, which
        // carries the trend on after the plan's last year.
        let first = input.years.first().copied().unwrap_or_default();
        let plan = input.coal_plan;
        let mut trend_times = input.times();
        let mut trend_coal = coal.to_vec();
        if let Some(plan) = plan {
            trend_times.extend(plan.years().iter().map(|&y| f64::from(y - first)));
            trend_coal.extend_from_slice(plan.coal_kt());
        }
        let times = Array2::from_shape_vec((trend_times.len(), 1), trend_times)
            .map_err(|_| ForecastError::NonFinite)?;
        let coal_trend = Ols::fit(times.view(), ArrayView1::from(&trend_coal), true)?;
        Ok(Box::new(FittedIntensity {
            years: input.years.to_vec(),
            observed: input.values.to_vec(),
            ratio,
            coal_trend,
            plan: plan.cloned(),
        }))
    }
}

/// A fitted intensity model.
#[derive(Debug, Clone)]
pub struct FittedIntensity {
    years: Vec<i32>,
    observed: Vec<f64>,
    /// methane = r coal, through the origin.
    ratio: Ols,
    /// coal = c0 + c1 t, fitted to the history and the plan.
    coal_trend: Ols,
    /// The site's production plan, whose years take the planned coal.
    plan: Option<cmmcast_data::CoalPlan>,
}

impl FittedIntensity {
    /// The planned coal of `year`, thousand tonnes, when the plan covers it.
    fn planned(&self, year: i32) -> Option<f64> {
        self.plan.as_ref().and_then(|plan| plan.coal_in(year))
    }
}

impl FittedTrend for FittedIntensity {
    fn name(&self) -> &'static str {
        "intensity"
    }

    fn parameters(&self) -> Vec<Parameter> {
        let r_se = self.ratio.standard_errors();
        let c_se = self.coal_trend.standard_errors();
        let mut parameters = vec![
            Parameter {
                // million m3 per thousand t x 1000 = m3 per t.
                name: "intensity_m3_per_t".into(),
                value: self.ratio.coefficients()[0] * 1000.0,
                std_error: Some(r_se[0] * 1000.0),
            },
            Parameter {
                name: "coal_intercept".into(),
                value: self.coal_trend.coefficients()[0],
                std_error: Some(c_se[0]),
            },
            Parameter {
                name: "coal_slope_per_year".into(),
                value: self.coal_trend.coefficients()[1],
                std_error: Some(c_se[1]),
            },
        ];
        if self.plan.is_some() {
            // Stated, not estimated: no standard error.
            parameters.push(Parameter {
                name: "plan_adherence_cv".into(),
                value: plan_adherence_cv(),
                std_error: None,
            });
        }
        parameters
    }

    fn years(&self) -> &[i32] {
        &self.years
    }

    fn observed(&self) -> &[f64] {
        &self.observed
    }

    fn fitted(&self) -> Vec<f64> {
        self.ratio.fitted().to_vec()
    }

    fn log_likelihood(&self) -> f64 {
        self.ratio.log_likelihood()
    }

    fn n_information_parameters(&self) -> usize {
        self.ratio.n_information_parameters()
    }

    fn loo_predictions(&self) -> Vec<Option<f64>> {
        self.ratio
            .loo_residuals()
            .into_iter()
            .zip(&self.observed)
            .map(|(e, y)| e.map(|e| y - e))
            .collect()
    }

    /// Its likelihood is of methane given the observed coal, a different question from the
    /// other models' methane given time: its AICc is shown but not weighed against theirs.
    fn comparable(&self) -> bool {
        false
    }

    fn point_kind(&self) -> PointKind {
        PointKind::Mean
    }

    /// The coal path from the coal trend's parameter draw plus new-observation noise; the
    /// ratio from its own draw; methane = ratio x coal + the ratio regression's noise. A
    /// planned year takes the planned coal as it is: the simulation's plan adherence, which
    /// multiplies every path, is the uncertainty of the mine keeping to its plan.
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        let first = self.years.first().copied().unwrap_or_default();
        let coal_draw = self.coal_trend.draw_parameters(rng);
        let ratio_draw = self.ratio.draw_parameters(rng);
        for (&year, value) in years.iter().zip(out.iter_mut()) {
            let t = f64::from(year - first);
            let coal = match self.planned(year) {
                Some(planned) => planned,
                None => {
                    let coal_noise: f64 = StandardNormal.sample(rng);
                    self.coal_trend.mean_under(&coal_draw, &[t]) + coal_draw.sigma * coal_noise
                }
            };
            let methane_noise: f64 = StandardNormal.sample(rng);
            *value = self.ratio.mean_under(&ratio_draw, &[coal]) + ratio_draw.sigma * methane_noise;
        }
    }

    /// For a product of independent estimates, Var(r̂ ĉ) = r̂² V_c + ĉ² V_r + V_r V_c
    /// (Goodman 1960); a new methane observation adds the ratio residual variance σ²_m.
    /// Degrees of freedom by Welch–Satterthwaite from the coal part (n − 2) and the ratio
    /// part (n − 1). A planned year takes the planned coal c with the stated plan adherence's
    /// variance (cv c)² in place of V_c; that part is stated, not estimated, so it enters
    /// Welch–Satterthwaite with infinite degrees of freedom (at least the ratio's n − 1).
    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        let first = self.years.first().copied().unwrap_or_default();
        let times = Array2::from_shape_fn((years.len(), 1), |(i, _)| f64::from(years[i] - first));
        let coal = self.coal_trend.predict(times.view());
        let r = self.ratio.coefficients()[0];
        let v_r = self.ratio.covariance()[[0, 0]];
        let s2_m = self.ratio.residual_variance();
        let df_c = self.coal_trend.df_residual();
        let df_r = self.ratio.df_residual();

        let mut point = Vec::with_capacity(years.len());
        let mut sd = Vec::with_capacity(years.len());
        let mut df = Vec::with_capacity(years.len());
        let cv = plan_adherence_cv();
        for (i, &year) in years.iter().enumerate() {
            let planned = self.planned(year);
            let (c, v_c) = match planned {
                Some(c) => (c, (cv * c).powi(2)),
                None => (coal.mean[i], coal.se_observation[i].powi(2)),
            };
            let coal_part = r * r * v_c;
            let ratio_part = c * c * v_r + s2_m;
            let cross = v_r * v_c;
            let total = coal_part + ratio_part + cross;
            point.push(r * c);
            sd.push(total.sqrt());
            if planned.is_some() {
                // The adherence is stated, not estimated: its part has infinite degrees of
                // freedom and drops out of Welch–Satterthwaite's denominator.
                let denominator = (ratio_part.powi(2) + cross.powi(2)) / df_r;
                df.push(if denominator > 0.0 {
                    (total * total / denominator).max(df_r)
                } else {
                    df_r
                });
                continue;
            }
            let denominator = coal_part.powi(2) / df_c
                + ratio_part.powi(2) / df_r
                + cross.powi(2) / df_c.min(df_r);
            df.push(if denominator > 0.0 {
                (total * total / denominator).clamp(df_c.min(df_r), df_c + df_r)
            } else {
                df_c.min(df_r)
            });
        }
        let intervals = levels
            .iter()
            .map(|&level| {
                let half: Vec<f64> = sd
                    .iter()
                    .zip(&df)
                    .map(|(s, &d)| level.t_quantile(d) * s)
                    .collect();
                Interval {
                    level,
                    lower: point.iter().zip(&half).map(|(p, h)| p - h).collect(),
                    upper: point.iter().zip(&half).map(|(p, h)| p + h).collect(),
                }
            })
            .collect();
        Forecast {
            model: "intensity",
            years: years.to_vec(),
            point,
            point_kind: PointKind::Mean,
            intervals,
            interval_method: if self.plan.is_some() {
                IntervalMethod::ProductVarianceWithPlan
            } else {
                IntervalMethod::ProductVarianceWelchSatterthwaite
            },
            df,
            in_sample: InSample {
                years: self.years.clone(),
                observed: self.observed.clone(),
                fitted: self.fitted(),
            },
        }
    }
}

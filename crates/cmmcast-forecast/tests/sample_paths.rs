//! Joint sample paths reproduce the analytic prediction intervals: with 200,000 paths, the
//! simulated 2.5 % and 97.5 % quantiles of every forecast year lie within 3 Monte Carlo
//! standard errors of the analytic 95 % bounds.
//!
//! The Monte Carlo standard error of the p-quantile of N draws is √(p(1 − p)/N) / f(q), with f
//! the predictive density at the quantile q (for a Student-t prediction with scale s,
//! f(q) = t_ν((q − m)/s) / s; on a log scale, divided again by q).

use cmmcast_data::Dataset;
use cmmcast_forecast::Level;
use cmmcast_forecast::rng::path_rng;
use cmmcast_forecast::trend::{
    Damped, Exponential, FittedTrend, Linear, Quadratic, RwDrift, SeriesKind, TrendInput,
    TrendModel,
};
use statrs::distribution::{Continuous, StudentsT};

const PATHS: usize = 200_000;

/// Simulated quantiles (2.5 %, 97.5 %) of every year, from paths of one fitted model.
fn simulated_quantiles(fit: &dyn FittedTrend, years: &[i32]) -> Vec<(f64, f64)> {
    let mut by_year: Vec<Vec<f64>> = vec![Vec::with_capacity(PATHS); years.len()];
    let mut path = vec![0.0; years.len()];
    for i in 0..PATHS {
        let mut rng = path_rng(42, i as u64);
        fit.sample_path(&mut rng, years, &mut path);
        for (year, value) in by_year.iter_mut().zip(&path) {
            year.push(*value);
        }
    }
    by_year
        .into_iter()
        .map(|mut values| {
            values.sort_by(f64::total_cmp);
            let at = |p: f64| values[((p * PATHS as f64) as usize).min(PATHS - 1)];
            (at(0.025), at(0.975))
        })
        .collect()
}

fn check(model: &dyn TrendModel, log_scale: bool) {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = model.fit(&input).expect("fits");
    let years: Vec<i32> = (2017..=2030).collect();
    let level = Level::percent(95.0).expect("valid");
    let forecast = fit.forecast(&years, &[level]);
    let simulated = simulated_quantiles(fit.as_ref(), &years);
    let df = forecast.df[0];
    let t = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    let q = level.t_quantile(df);
    let mut failures = Vec::new();
    for (i, &(sim_low, sim_high)) in simulated.iter().enumerate() {
        let (low, high) = (
            forecast.intervals[0].lower[i],
            forecast.intervals[0].upper[i],
        );
        // Recover the centre and scale of the t prediction from the analytic bounds.
        let (a, b) = if log_scale {
            (low.ln(), high.ln())
        } else {
            (low, high)
        };
        let scale = (b - a) / (2.0 * q);
        // At either bound the standardised value is ±q, so the density is t(q)/scale.
        let density_z = t.pdf(q) / scale;
        let p = 0.025_f64;
        let spread = (p * (1.0 - p) / PATHS as f64).sqrt();
        for (simulated, analytic) in [(sim_low, low), (sim_high, high)] {
            let density = if log_scale {
                density_z / analytic
            } else {
                density_z
            };
            let se = spread / density;
            let z = (simulated - analytic).abs() / se;
            if z > 3.0 {
                failures.push(format!(
                    "{} {}: simulated {simulated:.4}, analytic {analytic:.4}, {z:.2} MC standard errors apart",
                    model.name(),
                    years[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn linear_paths_reproduce_the_prediction_intervals() {
    check(&Linear, false);
}

#[test]
fn exponential_paths_reproduce_the_prediction_intervals() {
    check(&Exponential, true);
}

#[test]
fn quadratic_paths_reproduce_the_prediction_intervals() {
    check(&Quadratic, false);
}

/// σ² from its scaled inverse χ², the drift from N(μ̂, σ²/(n − 1)), then the walk's shocks:
/// Student t with n − 2 df around y_n + h μ̂, scale σ̂ √(h + h²/(n − 1)).
#[test]
fn rw_drift_paths_reproduce_the_prediction_intervals() {
    check(&RwDrift, false);
}

/// σ² from its scaled inverse χ², then the ETS(A,Ad,N) recursion with new errors: Student t
/// with n − 2 df, scale σ̂ √(1 + Σ c_j²).
#[test]
fn damped_paths_reproduce_the_prediction_intervals() {
    check(&Damped::default(), false);
}

/// The same seed and path give the same path; another path differs.
#[test]
fn paths_are_reproducible() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = Linear.fit(&input).expect("fits");
    let years = [2017, 2018, 2019];
    let mut a = [0.0; 3];
    let mut b = [0.0; 3];
    let mut c = [0.0; 3];
    fit.sample_path(&mut path_rng(1, 5), &years, &mut a);
    fit.sample_path(&mut path_rng(1, 5), &years, &mut b);
    fit.sample_path(&mut path_rng(1, 6), &years, &mut c);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// The exponential trend's shortcut for a lognormal multiplier (one normal of variance
/// σ² + s² on the log scale) has the distribution of its definition: the path times an
/// independent exp(ln m + s z). 200,000 paths each way with different streams; the 2.5, 50 and
/// 97.5 % quantiles of 2017 and 2030 agree within 4 standard errors of their difference (each
/// side's Monte Carlo error from its order statistics at ranks Np ± √(Np(1 − p))).
#[test]
fn lognormal_multiplier_shortcut_matches_its_definition() {
    use rand_distr::{Distribution, StandardNormal};
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = Exponential.fit(&input).expect("fits");
    let years = [2017, 2030];
    let (ln_median, sigma) = (0.05_f64, 0.10);
    let mut shortcut: Vec<Vec<f64>> = (0..2).map(|_| Vec::with_capacity(PATHS)).collect();
    let mut definition: Vec<Vec<f64>> = (0..2).map(|_| Vec::with_capacity(PATHS)).collect();
    let mut out = [0.0; 2];
    let mut scratch = Vec::new();
    for i in 0..PATHS as u64 {
        fit.sample_path_lognormal(
            &mut path_rng(7, i),
            &years,
            (ln_median, sigma),
            &mut scratch,
            &mut out,
        );
        shortcut[0].push(out[0]);
        shortcut[1].push(out[1]);
        let mut rng = path_rng(8, i);
        fit.sample_path(&mut rng, &years, &mut out);
        for (y, value) in out.iter().enumerate() {
            let z: f64 = StandardNormal.sample(&mut rng);
            definition[y].push(value * (ln_median + sigma * z).exp());
        }
    }
    let n = PATHS as f64;
    let quantile_and_se = |values: &mut Vec<f64>, p: f64| -> (f64, f64) {
        values.sort_by(f64::total_cmp);
        let at = |r: f64| values[(r.max(0.0) as usize).min(PATHS - 1)];
        let spread = (n * p * (1.0 - p)).sqrt();
        (at(n * p), 0.5 * (at(n * p + spread) - at(n * p - spread)))
    };
    for y in 0..2 {
        for p in [0.025, 0.5, 0.975] {
            let (a, se_a) = quantile_and_se(&mut shortcut[y], p);
            let (b, se_b) = quantile_and_se(&mut definition[y], p);
            let se = se_a.hypot(se_b);
            assert!(
                (a - b).abs() < 4.0 * se,
                "{} p{p}: shortcut {a}, definition {b}, se {se}",
                years[y]
            );
        }
    }
}

/// The exponential trend's shortcut for a persistent lognormal multiplier (its yearly AR(1)
/// part and the new observation's noise drawn as one ARMA(1,1), one normal a year; METHODS
/// 11.3) has the law of its definition: the multipliers' log series drawn first
/// ([`PersistentLognormal::log_multipliers`]) and the path through `sample_path_times`, the
/// trait's default. A plan with scatter (σ̂ of the log fit about 0.05, the size of the
/// multiplier's yearly part) so that the two noises mix; 200,000 paths each way with different
/// streams. The 2.5, 50 and 97.5 % quantiles agree within 4 standard errors of their
/// difference for the first and last year (the marginals), the path's sum over 2017–2030 (the
/// covariances of every pair of years) and the ratio of 2018 to 2017 (the lag-1 correlation).
#[test]
fn persistent_multiplier_shortcut_matches_its_definition() {
    use cmmcast_data::{Format, YearToYear};
    use cmmcast_forecast::trend::PersistentLognormal;
    let mut text = String::from("year,methane_mm3\n");
    for (year, value) in (2009..).zip([100.0, 125.0, 118.0, 140.0, 135.0, 160.0, 150.0, 178.0]) {
        text.push_str(&format!("{year},{value}\n"));
    }
    let data = Dataset::parse(&text, Format::Csv, "scatter.csv", "mine").expect("valid CSV");
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = Exponential.fit(&input).expect("fits");
    let multiplier = PersistentLognormal::new(
        1.05,
        0.10,
        Some(YearToYear {
            path_share: 0.3,
            persistence: 0.7,
        }),
    )
    .expect("persistent");
    let years: Vec<i32> = (2017..=2030).collect();
    // first year, last year, sum, 2018 / 2017
    let summaries = |path: &[f64]| {
        [
            path[0],
            path[years.len() - 1],
            path.iter().sum::<f64>(),
            path[1] / path[0],
        ]
    };
    let mut shortcut: Vec<Vec<f64>> = (0..4).map(|_| Vec::with_capacity(PATHS)).collect();
    let mut definition: Vec<Vec<f64>> = (0..4).map(|_| Vec::with_capacity(PATHS)).collect();
    let mut out = vec![0.0; years.len()];
    let mut scratch = Vec::new();
    for i in 0..PATHS as u64 {
        fit.sample_path_persistent(
            &mut path_rng(7, i),
            &years,
            &multiplier,
            &mut scratch,
            &mut out,
        );
        for (column, value) in shortcut.iter_mut().zip(summaries(&out)) {
            column.push(value);
        }
        let mut rng = path_rng(8, i);
        multiplier.log_multipliers(&mut rng, years.len(), &mut scratch);
        fit.sample_path_times(&mut rng, &years, &scratch, &mut out);
        for (column, value) in definition.iter_mut().zip(summaries(&out)) {
            column.push(value);
        }
    }
    let n = PATHS as f64;
    let quantile_and_se = |values: &mut Vec<f64>, p: f64| -> (f64, f64) {
        values.sort_by(f64::total_cmp);
        let at = |r: f64| values[(r.max(0.0) as usize).min(PATHS - 1)];
        let spread = (n * p * (1.0 - p)).sqrt();
        (at(n * p), 0.5 * (at(n * p + spread) - at(n * p - spread)))
    };
    let names = ["2017", "2030", "sum 2017-2030", "2018 / 2017"];
    for (k, name) in names.iter().enumerate() {
        for p in [0.025, 0.5, 0.975] {
            let (a, se_a) = quantile_and_se(&mut shortcut[k], p);
            let (b, se_b) = quantile_and_se(&mut definition[k], p);
            let se = se_a.hypot(se_b);
            assert!(
                (a - b).abs() < 4.0 * se,
                "{name} p{p}: shortcut {a}, definition {b}, se {se}"
            );
        }
    }
}

//! Forecasting benchmarks: workloads W2 and W3, and W1 in-process (see `docs/BENCHMARKS.md` for
//! the targets and recorded results; W1 itself is the whole `cmmcast forecast` process, timed
//! with hyperfine).
//!
//! - `w1/cli_in_process`: `cmmcast_cli::run(["cmmcast", "forecast"])`, W1 minus process
//!   start-up: load the embedded data, forecast (on rayon's pool), format the table.
//! - `w2/select_and_forecast`: on the embedded 5-year Songzao plan, `menu(None)`, then
//!   `Comparison::run` (fit all five models and compare them), then the best fit's forecast
//!   2017–2030 at 80 % and 95 %. Target: under 10 µs.
//! - `w2/compare`: `Comparison::run` alone (the menu built outside the loop).
//! - `w2/compare_and_calibrated` (issue 13's W2): `Comparison::run`, then the default's fit
//!   and forecast, the damped trend with calibrated intervals (the table learned outside the
//!   loop, as a process learns it once); `w2/forecast_calibrated` its forecast alone.
//! - `w2/forecast_best`: the best fit's forecast alone.
//! - `w2/forecast_site`: `request::forecast_site` with the default request, the library's
//!   one-call path (what `cmmcast forecast` runs per site).
//! - `w2/t_quantile`: one Student-t quantile (`Level::t_quantile`), asked once per level by the
//!   regression and GM(1,1) forecasts and once per level and year by intensity's. statrs
//!   computes it on a thread's first request for a (level, df) pair; repeated here, it times a
//!   hit in the per-thread cache.
//! - `w2/fit/<model>`: `TrendModel::fit` of each model alone, and `w2/stats/<model>` the
//!   comparison statistics `Comparison::run` then asks of that fit (LOO predictions, R² with
//!   its fitted values, log-likelihood; the parameters are no longer asked for there), and
//!   `w2/forecast/<model>` its 2017–2030 forecast, so that it shows where the time goes.
//! - `w3/single_thread` and `w3/rayon`: 100,000 synthetic 5-year series
//!   (`cmmcast_benches::synthetic_series`, generated outside the timed loop): fit every model,
//!   compare, forecast the best 2017–2026 at 80 % and 95 %. A plain loop, and `par_iter` on
//!   rayon's global pool. The menu is built once; each forecast is dropped after its 2026 point
//!   is added to a checksum. Target: under 0.3 s. `w3/calibrated_single_thread` and
//!   `w3/calibrated_rayon` (issue 13's W3): every model compared, then the default's calibrated
//!   forecast, for the same series; `w3/default_rayon` the default's forecast alone (damped
//!   fit, calibrated forecast, no comparison), what `cmmcast forecast` makes per site.
//!
//! Run with `cargo bench -p cmmcast-benches --bench forecast` (about 60 s on two cores, 20 s of
//! it W3).

use std::hint::black_box;
use std::sync::LazyLock;
use std::time::Duration;

use cmmcast_benches::{
    SYNTHETIC_SEED, compare_and_calibrated, select_and_forecast, synthetic_input, synthetic_series,
};
use cmmcast_data::Dataset;
use cmmcast_forecast::Level;
use cmmcast_forecast::calibrate::CalibratedDamped;
use cmmcast_forecast::forecast::horizon;
use cmmcast_forecast::request::{ForecastRequest, forecast_site};
use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::trend::{SeriesKind, TrendInput, TrendModel, menu};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

/// Number of series in W3.
const W3_SERIES: usize = 100_000;

fn w1(c: &mut Criterion) {
    let mut group = c.benchmark_group("w1");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("cli_in_process", |b| {
        b.iter(|| cmmcast_cli::run(black_box(["cmmcast", "forecast"])).expect("the plan forecasts"))
    });
    group.finish();
}

fn w2(c: &mut Criterion) {
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded data has one site");
    let input =
        TrendInput::from_series(&site.series, SeriesKind::Methane).expect("the plan has methane");
    let years = horizon(2016, 2030).expect("2017..=2030 is a valid horizon");
    let levels = Level::defaults();
    let models = menu(None).expect("the menu without a ceiling builds");
    let comparison = Comparison::run(&input, &models);
    let best = comparison.best_fit().expect("a model is picked");
    assert_eq!(best.name(), "exponential");

    let mut group = c.benchmark_group("w2");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("select_and_forecast", |b| {
        b.iter(|| {
            let models = menu(None).expect("the menu builds");
            let comparison = Comparison::run(black_box(&input), &models);
            let best = comparison.best_fit().expect("a model is picked");
            best.forecast(black_box(&years), &levels)
        })
    });
    group.bench_function("compare", |b| {
        b.iter(|| Comparison::run(black_box(&input), &models))
    });
    group.bench_function("forecast_best", |b| {
        b.iter(|| best.forecast(black_box(&years), &levels))
    });
    // Since issue 13 the default forecast is the damped trend with calibrated intervals: the
    // comparison `cmmcast fit` shows, then the default's fit and forecast.
    let calibrated = CalibratedDamped::embedded();
    group.bench_function("compare_and_calibrated", |b| {
        b.iter(|| {
            let comparison = Comparison::run(black_box(&input), &models);
            black_box(&comparison);
            let fit = calibrated.fit(black_box(&input)).expect("the plan fits");
            fit.forecast(black_box(&years), &levels)
        })
    });
    let calibrated_fit = calibrated.fit(&input).expect("the plan fits");
    group.bench_function("forecast_calibrated", |b| {
        b.iter(|| calibrated_fit.forecast(black_box(&years), &levels))
    });
    let request = ForecastRequest::default();
    group.bench_function("forecast_site", |b| {
        b.iter(|| forecast_site(black_box(site), &request).expect("the plan forecasts"))
    });
    // One Student-t quantile, as each interval level of a forecast asks for: df 3 is the linear
    // and exponential fits' n − p on five years. After the first call, a per-thread cache hit.
    group.bench_function("t_quantile", |b| {
        b.iter(|| black_box(levels[1]).t_quantile(black_box(3.0)))
    });
    group.finish();

    let mut group = c.benchmark_group("w2/fit");
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700));
    for model in &models {
        group.bench_function(model.name(), |b| {
            b.iter(|| model.fit(black_box(&input)).expect("the plan fits"))
        });
    }
    group.finish();

    // What Comparison::run asks of each fit besides fitting it (see select.rs, `stats`).
    let fits: Vec<_> = models
        .iter()
        .map(|m| m.fit(&input).expect("the plan fits"))
        .collect();
    let mut group = c.benchmark_group("w2/stats");
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700));
    for fit in &fits {
        group.bench_function(fit.name(), |b| {
            b.iter(|| {
                let fit = black_box(fit.as_ref());
                (
                    fit.loo_predictions(),
                    fit.r_squared(),
                    fit.log_likelihood(),
                    fit.n_information_parameters(),
                )
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("w2/forecast");
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700));
    for fit in &fits {
        group.bench_function(fit.name(), |b| {
            b.iter(|| fit.forecast(black_box(&years), &levels))
        });
    }
    group.finish();
}

/// Fits, selects and forecasts `series`, returning the sum of the 2026 points (so the work
/// cannot be optimised away) and how many series got a forecast.
fn w3_run<'a>(
    series: impl Iterator<Item = &'a cmmcast_benches::SyntheticSeries>,
    models: &[Box<dyn TrendModel>],
    years: &[i32],
    levels: &[Level],
) -> (f64, usize) {
    series
        .filter_map(|s| select_and_forecast(s, models, years, levels))
        .fold((0.0, 0), |(sum, n), f| {
            (sum + f.point[f.point.len() - 1], n + 1)
        })
}

fn w3(c: &mut Criterion) {
    let models = menu(None).expect("the menu without a ceiling builds");
    let years = horizon(2016, 2026).expect("2017..=2026 is a valid horizon");
    let levels = Level::defaults();
    // Generated and checked on first use, so that `--bench w2` does not pay for it.
    let series = LazyLock::new(|| {
        let series = synthetic_series(W3_SERIES, SYNTHETIC_SEED);
        let (_, forecasts) = w3_run(series.iter(), &models, &years, &levels);
        assert_eq!(forecasts, W3_SERIES, "every synthetic series gets a model");
        series
    });

    let mut group = c.benchmark_group("w3");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(W3_SERIES as u64));
    // Flat sampling runs a few iterations a sample at these durations: about 0.45 s
    // single-threaded and 0.25 s with rayon on the 2-core machine of docs/BENCHMARKS.md.
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("single_thread", |b| {
        let series: &[_] = &series;
        b.iter(|| w3_run(black_box(series).iter(), &models, &years, &levels))
    });
    group.measurement_time(Duration::from_secs(7));
    group.bench_function("rayon", |b| {
        let series: &[_] = &series;
        b.iter(|| {
            black_box(series)
                .par_iter()
                .filter_map(|s| select_and_forecast(s, &models, &years, &levels))
                .map(|f| (f.point[f.point.len() - 1], 1_usize))
                .reduce(|| (0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        })
    });
    // Since issue 13: every model compared, then the default's calibrated forecast.
    let calibrated = CalibratedDamped::embedded();
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("calibrated_single_thread", |b| {
        let series: &[_] = &series;
        b.iter(|| {
            black_box(series)
                .iter()
                .filter_map(|s| compare_and_calibrated(s, &models, &calibrated, &years, &levels))
                .fold((0.0, 0_usize), |(sum, n), f| {
                    (sum + f.point[f.point.len() - 1], n + 1)
                })
        })
    });
    group.measurement_time(Duration::from_secs(7));
    group.bench_function("calibrated_rayon", |b| {
        let series: &[_] = &series;
        b.iter(|| {
            black_box(series)
                .par_iter()
                .filter_map(|s| compare_and_calibrated(s, &models, &calibrated, &years, &levels))
                .map(|f| (f.point[f.point.len() - 1], 1_usize))
                .reduce(|| (0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        })
    });
    // The default forecast alone, as `cmmcast forecast` makes it for each site: the damped fit
    // and its calibrated forecast, no comparison (the default is chosen out of sample once,
    // not per series).
    group.bench_function("default_rayon", |b| {
        let series: &[_] = &series;
        b.iter(|| {
            black_box(series)
                .par_iter()
                .filter_map(|s| {
                    let fit = calibrated.fit(&synthetic_input(s)).ok()?;
                    Some(fit.forecast(&years, &levels))
                })
                .map(|f| (f.point[f.point.len() - 1], 1_usize))
                .reduce(|| (0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Fewer bootstrap resamples than the default 100,000 and no plots: on two cores the
    // analysis would otherwise take longer than the measurements (about 1.5 s a benchmark).
    config = Criterion::default().nresamples(10_000).without_plots();
    targets = w1, w2, w3
}
criterion_main!(benches);

//! The backtest benchmark of issue 8 (see `docs/BENCHMARKS.md`, "Backtests (issue 8)"):
//! 10,000 synthetic 20-year series (`cmmcast_benches::long_series`, generated outside the timed
//! loop), every model of the menu backtested on each with a rolling origin from each model's
//! minimum training length, horizon 5, intervals at 80 % and 95 %: about 80 fits and forecasts
//! a series, 0.8 million in all. Target: under 1 s on the 2-core machine.
//!
//! - `backtest/rayon`: the series in parallel on rayon's global pool (`par_iter`), as a user
//!   backtesting many sites would run it (`backtest_sites` does the same per site).
//! - `backtest/single_thread`: a plain loop, for the per-core cost.
//!
//! Each backtest is reduced to the sum of its horizon-5 MASEs, so nothing is optimised away;
//! the per-origin forecasts are kept, as `cmmcast backtest --details` needs them.
//!
//! Run with `cargo bench -p cmmcast-benches --bench backtest` (about 40 s on two cores).

use std::hint::black_box;
use std::time::Duration;

use cmmcast_benches::{BACKTEST_SEED, LongSeries, long_series};
use cmmcast_forecast::Level;
use cmmcast_forecast::backtest::{BacktestSettings, backtest};
use cmmcast_forecast::trend::{SeriesKind, TrendInput, TrendModel, menu};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

/// Number of series.
const SERIES: usize = 10_000;
/// Years per series.
const YEARS: usize = 20;
/// Years ahead of each origin.
const HORIZON: usize = 5;

/// One series' backtest, reduced to the sum of the horizon-5 MASEs of its models.
fn one(series: &LongSeries, models: &[Box<dyn TrendModel>], settings: &BacktestSettings) -> f64 {
    let input = TrendInput {
        years: &series.years,
        values: &series.methane,
        series: SeriesKind::Methane,
        coal_kt: Some(&series.coal),
        coal_plan: None,
    };
    let result = backtest(&input, models, settings).expect("every model backtests");
    result
        .models
        .iter()
        .filter_map(|m| m.at(HORIZON).and_then(|a| a.mase))
        .sum()
}

fn bench(c: &mut Criterion) {
    let models = menu(None).expect("the menu without a ceiling builds");
    let settings = BacktestSettings::new(HORIZON, None, Level::defaults()).expect("valid settings");
    let series = long_series(SERIES, YEARS, BACKTEST_SEED);
    // Every model is tested on every series, with 16 or 17 origins.
    let check = backtest(
        &TrendInput {
            years: &series[0].years,
            values: &series[0].methane,
            series: SeriesKind::Methane,
            coal_kt: Some(&series[0].coal),
            coal_plan: None,
        },
        &models,
        &settings,
    )
    .expect("the first series backtests");
    assert_eq!(check.models.len(), models.len());
    assert!(check.untested.is_empty());

    let mut group = c.benchmark_group("backtest");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(SERIES as u64));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("rayon", |b| {
        b.iter(|| {
            black_box(&series)
                .par_iter()
                .map(|s| one(s, &models, &settings))
                .sum::<f64>()
        })
    });
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("single_thread", |b| {
        b.iter(|| {
            black_box(&series)
                .iter()
                .map(|s| one(s, &models, &settings))
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

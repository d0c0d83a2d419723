//! Monte Carlo benchmarks: W4 (joint paths through the whole chain, with percentiles), the
//! bare cost of drawing W4's random numbers, and W5 (plant sizing). See `docs/BENCHMARKS.md`
//! for the targets and recorded results.
//!
//! Everything uses a study of the embedded Songzao site (`StudyParams::study`): its plant from
//! the site facts (26.9 MW, the other values the plant defaults), the embedded default
//! scenario (`Scenario::songzao_default()`) as the study resolves it around those values, and
//! `to = 2031`, so there are 15 forecast years (2017–2031), the default seed and the default
//! model: the damped trend with calibrated intervals (docs/METHODS.md, section 13), whose paths
//! draw a whole row of the reference class's scaled errors and one uniform (section 11.2). The
//! default scenario draws, per path: efficiency triangular(0.33, 0.38, 0.43) (the default 0.38
//! ± 0.05), availability PERT(0.85, 0.90, 0.95) (0.90 ± 0.05); parasitic load ± 0.02 around the
//! default 0 has no room below 0, so it is fixed at 0 and draws nothing; and every year a
//! lognormal plan adherence (median 1, σ 0.1) with a per-path level and a persistent yearly
//! part (`path_share` 0.5, `persistence` 0.5). The study (the model fits, the inputs) is
//! resolved once, outside the timed loops, as a command does before it simulates.
//!
//! - `w4/simulate_1M_x15`: `Study::simulate` with 1,000,000 paths and the default percentiles
//!   (10, 50, 90): model choice, the trend's path, the scenario's draws, the energy chain for
//!   every path-year, and the summaries (percentiles with their standard errors, mean, sd, min,
//!   max) of 15 years x 6 quantities. Target: under 0.25 s on 2 cores.
//! - `w4/simulate_value_1M_x15`: `Study::simulate_value`, the same paths valued one by one
//!   (issue 14): W4 plus, per path, the draw of the default scenario's three economic spreads
//!   (tariff, capex, carbon price: three uniforms from the path's own economic stream), the
//!   cash flows of its 15 operating years (tax, straight-line depreciation), its NPV and its
//!   IRR (Brent on the cash-flow polynomial), then the NPV and IRR percentiles over the million
//!   paths (two sorts). Target: at most 30 % above `w4/simulate_1M_x15`.
//! - `w4/simulate_1M_x15_independent`: the same with the plan adherence's years independent
//!   (the default scenario without `path_share` and `persistence`, W4's scenario before
//!   persistence), the same-run reference for what persistence costs.
//! - `w4/simulate_1M_x15_absolute`: the same with the 0.1.0 default's distributions given
//!   outright (`benches/scenarios/songzao-absolute.toml`: efficiency, availability, parasitic
//!   load once a path, independent yearly plan adherence), the workload of the numpy
//!   counterpart `benches/compare/simulate_w4.py`.
//! - `w4/draw_floor`: only the random numbers W4 draws, with the same generator
//!   (`path_rng(seed, path)`, xoshiro256++, one stream per path) and samplers, per path, in
//!   W4's order: one uniform (model choice), the scenario's per-path draws (efficiency
//!   triangular: one uniform; availability PERT(0.85, 0.90, 0.95): two gammas, Gamma(3) and
//!   Gamma(3); the fixed parasitic load: nothing), the plan adherence's level (one normal) and
//!   yearly AR(1) part (one normal a year), then the calibrated trend's row (one integer below
//!   the table's 2,468 rows) and uniform, and two `exp` a year (the adherence multiplier and
//!   the calibrated error). The draws are summed so they cannot be optimised away; no table
//!   lookups, no chain, no stored values, no percentiles. Same parallelism as W4 (rayon's
//!   global pool, 2 threads).
//! - `w5/size_10k`: `Study::size` with 10,000 paths, 15 years, engines 1..40, the scenario's
//!   daily flow (cv 0.25, ρ 0.7): 10,000 x 15 x 365 daily multipliers and the engine sweep.
//!   Target: under 1 s.
//!
//! Run with `cargo bench -p cmmcast-benches --bench simulate` (about 30 s).

use std::hint::black_box;
use std::time::Duration;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::calibrate::Calibration;
use cmmcast_forecast::rng::path_rng;
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::{SizingParams, Study, StudyParams};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::RngExt;
use rand_distr::{Distribution, Gamma, StandardNormal};
use rayon::prelude::*;

/// The 0.1.0 default scenario (Songzao's distributions given outright), for W4's comparison with
/// the measurements before the study.
const ABSOLUTE_SCENARIO: &str = include_str!("../scenarios/songzao-absolute.toml");

/// Paths of W4.
const W4_PATHS: usize = 1_000_000;
/// Paths of W5.
const W5_PATHS: usize = 10_000;
/// Last forecast year: 2017..=2031 is 15 years.
const TO: i32 = 2031;
/// Forecast years.
const YEARS: usize = 15;

/// The Songzao study of W4 and W5: the default scenario, to [`TO`], W4's paths and W5's
/// sizing (engines 1..40).
fn study(data: &Dataset) -> Study<'_> {
    let site = data.site(None).expect("the embedded data has one site");
    StudyParams {
        to: Some(TO),
        simulation: SimulationSettings {
            paths: W4_PATHS,
            ..SimulationSettings::default()
        },
        sizing: SizingParams {
            paths: W5_PATHS,
            max_engines: Some(40),
            ..SizingParams::default()
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("the Songzao study is valid")
}

/// Rows of the five-year calibration table the default's paths draw from (METHODS 13.3).
const TABLE_ROWS: usize = 2468;

/// The random numbers of one W4 path (see the module documentation), summed.
fn draw_path(seed: u64, path: u64, pert: &(Gamma<f64>, Gamma<f64>)) -> f64 {
    let mut rng = path_rng(seed, path);
    let mut acc: f64 = rng.random();
    let efficiency = 0.33 + 0.10 * rng.random::<f64>();
    let (x, y): (f64, f64) = (pert.0.sample(&mut rng), pert.1.sample(&mut rng));
    let availability = 0.85 + 0.10 * x / (x + y);
    acc += efficiency + availability;
    // Plan adherence: σ = 0.1, path_share 0.5 (the level's sd σ √0.5), persistence 0.5 (the
    // yearly part's innovation sd σ √0.5 √(1 − 0.25) after the first year).
    let (level_sd, year_sd, rho) = (0.10 * 0.5_f64.sqrt(), 0.10 * 0.5_f64.sqrt(), 0.5);
    let z: f64 = StandardNormal.sample(&mut rng);
    let level = level_sd * z;
    let mut u = 0.0;
    let mut log_adherence = [0.0; YEARS];
    for (t, slot) in log_adherence.iter_mut().enumerate() {
        let z: f64 = StandardNormal.sample(&mut rng);
        u = if t == 0 {
            year_sd * z
        } else {
            rho * u + year_sd * (1.0 - rho * rho).sqrt() * z
        };
        *slot = level + u;
    }
    // The calibrated trend: a row of the reference table and one uniform.
    let row = rng.random_range(0..TABLE_ROWS);
    let v: f64 = rng.random();
    let error = (row as f64 + v) / TABLE_ROWS as f64 * 1e-3;
    for (t, m) in log_adherence.iter().enumerate() {
        acc += m.exp() * (error * (t + 1) as f64).exp();
    }
    acc
}

fn w4(c: &mut Criterion) {
    let data = Dataset::songzao();
    let study = study(&data);
    let check = study.simulate().expect("W4 simulates");
    assert_eq!(check.years.len(), YEARS, "{:?}", check.years);
    assert_eq!(study.params().simulation.paths, W4_PATHS);
    assert_eq!(Calibration::embedded().five.len(), TABLE_ROWS);

    // One W4 run is about half a second: 10 samples, a short warm-up.
    let mut group = c.benchmark_group("w4");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("simulate_1M_x15", |b| {
        b.iter(|| {
            let simulation = study.simulate().expect("simulates");
            black_box(simulation.summaries.len())
        });
    });
    // The same paths valued (issue 14): the default lifetime is W4's 15 years.
    assert_eq!(study.economic_years().expect("years").len(), YEARS);
    group.bench_function("simulate_value_1M_x15", |b| {
        b.iter(|| {
            let (simulation, valuation) = study.simulate_value(&|_| {}).expect("values");
            black_box((simulation.summaries.len(), valuation.npv.mean))
        });
    });
    // The same with the plan adherence's years independent: the default without path_share
    // and persistence, as W4 was before persistence.
    let mut independent_scenario = Scenario::songzao_default();
    for (key, input) in &mut independent_scenario.inputs {
        if key == "plan_adherence" {
            input.year_to_year = None;
        }
    }
    let independent = StudyParams {
        scenario: Some(independent_scenario),
        ..study.params().clone()
    }
    .study(data.site(None).expect("one site"))
    .expect("the independent study is valid");
    group.bench_function("simulate_1M_x15_independent", |b| {
        b.iter(|| {
            let simulation = independent.simulate().expect("simulates");
            black_box(simulation.summaries.len())
        });
    });
    // The same with the 0.1.0 default's distributions given outright (four drawn inputs, as W4
    // was measured before the study): the before-and-after comparison of docs/BENCHMARKS.md.
    let absolute = StudyParams {
        scenario: Some(
            Scenario::parse(ABSOLUTE_SCENARIO, "benches/scenarios/songzao-absolute.toml")
                .expect("the 0.1.0 scenario parses"),
        ),
        ..study.params().clone()
    }
    .study(data.site(None).expect("one site"))
    .expect("the absolute study is valid");
    group.bench_function("simulate_1M_x15_absolute", |b| {
        b.iter(|| {
            let simulation = absolute.simulate().expect("simulates");
            black_box(simulation.summaries.len())
        });
    });

    // PERT(0.85, 0.90, 0.95): α = 1 + 4 · 0.05/0.10 = 3, β = 1 + 4 · 0.05/0.10 = 3.
    let pert = (
        Gamma::new(1.0 + 4.0 * 0.05 / 0.10, 1.0).expect("shape"),
        Gamma::new(1.0 + 4.0 * 0.05 / 0.10, 1.0).expect("shape"),
    );
    let seed = study.params().simulation.seed;
    group.bench_function("draw_floor", |b| {
        b.iter(|| {
            let total: f64 = (0..W4_PATHS as u64)
                .into_par_iter()
                .map(|path| draw_path(seed, path, &pert))
                .sum();
            black_box(total)
        });
    });
    group.finish();
}

fn w5(c: &mut Criterion) {
    let data = Dataset::songzao();
    let study = study(&data);
    let check = study.size().expect("W5 sizes");
    assert_eq!(check.years.len(), YEARS);
    assert_eq!(check.rows.len(), 40);
    assert_eq!(check.path_years, W5_PATHS * YEARS);
    assert!(!study.inputs().flow.is_constant());

    let mut group = c.benchmark_group("w5");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("size_10k", |b| {
        b.iter(|| {
            let sizing = study.size().expect("sizes");
            black_box(sizing.recommended)
        });
    });
    group.finish();
}

criterion_group!(benches, w4, w5);
criterion_main!(benches);

//! Monte Carlo benchmarks: W4 (joint paths through the whole chain, with percentiles), the
//! bare cost of drawing W4's random numbers, and W5 (plant sizing). See `docs/BENCHMARKS.md`
//! for the targets and recorded results.
//!
//! Everything uses a study of the embedded Songzao site (`StudyParams::study`): its plant from
//! the site facts (26.9 MW, the other values the plant defaults), the embedded default
//! scenario (`Scenario::songzao_default()`) as the study resolves it around those values, and
//! `to = 2031`, so there are 15 forecast years (2017–2031), the default seed and `--model auto`
//! (each path picks linear or exponential by its Akaike weight, 0.017 / 0.983). The default
//! scenario draws, per path: efficiency triangular(0.33, 0.38, 0.43) (the default 0.38 ± 0.05),
//! availability PERT(0.85, 0.90, 0.95) (0.90 ± 0.05); parasitic load ± 0.02 around the
//! default 0 has no room below 0, so it is fixed at 0 and draws nothing; and every year a
//! lognormal plan adherence (median 1, σ 0.1) with a per-path level and a persistent yearly
//! part (`path_share` 0.5, `persistence` 0.5). The study (the model fits, the inputs) is
//! resolved once, outside the timed loops, as a command does before it simulates.
//!
//! - `w4/simulate_1M_x15`: `Study::simulate` with 1,000,000 paths and the default percentiles
//!   (10, 50, 90): model choice, trend parameter draws and per-year noise, the scenario's
//!   draws, the energy chain for every path-year, and the summaries (percentiles with their
//!   standard errors, mean, sd, min, max) of 15 years x 6 quantities. Target: under 0.25 s on
//!   2 cores.
//! - `w4/simulate_1M_x15_independent`: the same with the plan adherence's years independent
//!   (the default scenario without `path_share` and `persistence`, W4's scenario before
//!   persistence), the same-run reference for what persistence costs.
//! - `w4/draw_floor`: only the random numbers W4 draws, with the same generator
//!   (`path_rng(seed, path)`, xoshiro256++, one stream per path) and samplers, per path, in
//!   W4's order: one uniform (model choice), the scenario's per-path draws (efficiency
//!   triangular: one uniform; availability PERT(0.85, 0.90, 0.95): two gammas, Gamma(3) and
//!   Gamma(3); the fixed parasitic load: nothing), the plan adherence's level (one normal),
//!   a chi-squared(3) and two normals (the regression's σ², slope and level), then the
//!   exponential trend's merged noise (its new observation and the adherence's yearly AR(1)
//!   part as one ARMA(1,1), `MergedNoise` in `trend/persistent.rs`): two normals the first
//!   year and one a year after, one `exp` a year (METHODS 11.3). The ARMA coefficients are
//!   those of a fixed σ = 0.05 (W4 works them out per path from the path's σ; a few
//!   multiplications and square roots, not counted here). The draws are summed so they
//!   cannot be optimised away; no chain, no stored values, no percentiles. Same parallelism
//!   as W4 (rayon's global pool, 2 threads).
//! - `w5/size_10k`: `Study::size` with 10,000 paths, 15 years, engines 1..40, the scenario's
//!   daily flow (cv 0.25, ρ 0.7): 10,000 x 15 x 365 daily multipliers and the engine sweep.
//!   Target: under 1 s.
//!
//! Run with `cargo bench -p cmmcast-benches --bench simulate` (about 30 s).

use std::hint::black_box;
use std::time::Duration;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::rng::path_rng;
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::{SizingParams, Study, StudyParams};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::RngExt;
use rand_distr::{ChiSquared, Distribution, Gamma, StandardNormal};
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

/// The draw floor's merged-noise coefficients (ρ, θ, σ_a, start), those of `MergedNoise` for
/// a trend σ of 0.05, the yearly part's σ_u = 0.1 √0.5 and ρ = 0.5: c₀ = σ²(1 + ρ²) +
/// σ_u²(1 − ρ²) = 0.006875, c₁ = −ρσ² = −0.00125, r = c₁/c₀, θ = (1 − √(1 − 4r²))/(2r),
/// σ_a² = c₀/(1 + θ²), start √(σ² + σ_u² − σ_a²). Only their size matters for the floor.
const MERGED: (f64, f64, f64, f64) = (0.5, -0.188_262_3, 0.081_484_2, 0.029_331_3);

/// The random numbers of one W4 path (see the module documentation), summed.
fn draw_path(seed: u64, path: u64, chi2: &ChiSquared<f64>, pert: &(Gamma<f64>, Gamma<f64>)) -> f64 {
    let mut rng = path_rng(seed, path);
    let mut acc: f64 = rng.random();
    let efficiency = 0.33 + 0.10 * rng.random::<f64>();
    let (x, y): (f64, f64) = (pert.0.sample(&mut rng), pert.1.sample(&mut rng));
    let availability = 0.85 + 0.10 * x / (x + y);
    acc += efficiency + availability;
    // Plan adherence: σ = 0.1, path_share 0.5 (the level's sd σ √0.5), drawn before the
    // trend's parameters.
    let z: f64 = StandardNormal.sample(&mut rng);
    let level = 0.10 * 0.5_f64.sqrt() * z;
    acc += chi2.sample(&mut rng);
    for _ in 0..2 {
        let z: f64 = StandardNormal.sample(&mut rng);
        acc += z;
    }
    // The merged noise: w_1 = a_1 + start z_0, then w_t = ρ w_{t−1} + a_t + θ a_{t−1}.
    let (rho, theta, innovation_sd, start_sd) = MERGED;
    let z0: f64 = StandardNormal.sample(&mut rng);
    let z1: f64 = StandardNormal.sample(&mut rng);
    let mut a = innovation_sd * z1;
    let mut w = a + start_sd * z0;
    acc += (level + w).exp();
    for _ in 1..YEARS {
        let z: f64 = StandardNormal.sample(&mut rng);
        let next = innovation_sd * z;
        w = rho * w + next + theta * a;
        a = next;
        acc += (level + w).exp();
    }
    acc
}

fn w4(c: &mut Criterion) {
    let data = Dataset::songzao();
    let study = study(&data);
    let check = study.simulate().expect("W4 simulates");
    assert_eq!(check.years.len(), YEARS, "{:?}", check.years);
    assert_eq!(study.params().simulation.paths, W4_PATHS);

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
    let chi2 = ChiSquared::new(3.0).expect("df");
    let seed = study.params().simulation.seed;
    group.bench_function("draw_floor", |b| {
        b.iter(|| {
            let total: f64 = (0..W4_PATHS as u64)
                .into_par_iter()
                .map(|path| draw_path(seed, path, &chi2, &pert))
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

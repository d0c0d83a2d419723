//! The whole-chain simulation: reproducible bit for bit whatever the thread count, model
//! choice by the Akaike weights, and the energy chain's hand values where the outcome is
//! certain.

mod common;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::energy::PlantBuilder;
use cmmcast_forecast::sim::{
    QUANTITIES, Simulation, SimulationSettings, UncertainInputs, simulate_site,
};
use cmmcast_forecast::trend::ModelChoice;

fn run(settings: &SimulationSettings, inputs: &UncertainInputs, threads: usize) -> Simulation {
    run_keeping_paths(settings, inputs, threads).0
}

fn run_keeping_paths(
    settings: &SimulationSettings,
    inputs: &UncertainInputs,
    threads: usize,
) -> (Simulation, common::Paths) {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let plant = PlantBuilder::from_site_facts(&site.facts)
        .expect("facts")
        .build()
        .expect("valid plant");
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool")
        .install(|| common::simulate_keeping_paths(site, &plant, inputs, settings))
}

/// Exact percentiles (5,000 paths, one batch) and streamed ones (150,000 paths, five
/// batches, the last one partial): every path, summary and model count is the same bit for bit
/// on 1, 2 and 8 threads.
#[test]
fn output_is_bit_identical_for_1_2_and_8_threads() {
    for paths in [5_000, 150_000] {
        let settings = SimulationSettings {
            paths,
            to: Some(2020),
            ..SimulationSettings::default()
        };
        let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
        let (one, one_paths) = run_keeping_paths(&settings, &inputs, 1);
        assert_eq!(
            one.exact_percentiles,
            paths <= cmmcast_forecast::sim::BATCH_PATHS
        );
        for threads in [2, 8] {
            let (other, other_paths) = run_keeping_paths(&settings, &inputs, threads);
            assert!(
                one_paths
                    .values
                    .iter()
                    .zip(&other_paths.values)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{threads} threads differ"
            );
            assert_eq!(one_paths.values.len(), other_paths.values.len());
            assert_eq!(one_paths.models, other_paths.models);
            let bits = |s: &Simulation| -> Vec<u64> {
                s.summaries
                    .iter()
                    .flat_map(|x| {
                        x.percentiles
                            .iter()
                            .chain(&x.percentile_se)
                            .chain([&x.mean, &x.sd])
                            .map(|v| v.to_bits())
                    })
                    .collect()
            };
            assert_eq!(bits(&one), bits(&other), "{paths} paths, {threads} threads");
            assert_eq!(one.model_counts, other.model_counts);
        }
    }
}

/// With fixed inputs and the plan far above what 26.9 MW can burn, every path burns the
/// plant's full demand: 26.9 MW x 0.9 x 8760 h x 3600 / 0.38 / 33.43 = 60.10 million m3, so
/// every percentile of burnt_mm3 is that value and its spread is zero.
#[test]
fn certain_outcomes_match_the_hand_calculation() {
    let settings = SimulationSettings {
        paths: 2_000,
        to: Some(2020),
        model: ModelChoice::Linear,
        ..SimulationSettings::default()
    };
    let sim = run(&settings, &UncertainInputs::default(), 2);
    let demand = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let burnt: Vec<_> = sim
        .summaries
        .iter()
        .filter(|s| s.quantity == "burnt_mm3")
        .collect();
    assert_eq!(burnt.len(), 4);
    for s in burnt {
        for p in &s.percentiles {
            assert!((p - demand).abs() < 1e-9 * demand, "{s:?}");
        }
        assert!(s.sd < 1e-9);
    }
    assert_eq!(sim.summaries.len(), 4 * QUANTITIES.len());
}

/// Each path picks its model with probability equal to its Akaike weight: the counts of
/// 20,000 paths lie within 4 binomial standard errors of weight x paths.
#[test]
fn paths_pick_models_by_their_weights() {
    let settings = SimulationSettings {
        paths: 20_000,
        to: Some(2018),
        ..SimulationSettings::default()
    };
    let sim = run(&settings, &UncertainInputs::default(), 2);
    for ((name, weight), (_, count)) in sim.model_weights.iter().zip(&sim.model_counts) {
        let n = settings.paths as f64;
        let expected = weight * n;
        let se = (n * weight * (1.0 - weight)).sqrt().max(1.0);
        assert!(
            (*count as f64 - expected).abs() < 4.0 * se,
            "{name}: {count} paths, expected {expected:.0}"
        );
    }
}

#[test]
fn bad_settings_are_refused() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let plant = PlantBuilder::from_site_facts(&site.facts)
        .expect("facts")
        .build()
        .expect("valid plant");
    let inputs = UncertainInputs::default();
    for settings in [
        SimulationSettings {
            paths: 0,
            ..SimulationSettings::default()
        },
        SimulationSettings {
            percentiles: vec![0.0, 50.0],
            ..SimulationSettings::default()
        },
        SimulationSettings {
            percentiles: vec![100.0],
            ..SimulationSettings::default()
        },
    ] {
        assert!(simulate_site(site, &plant, &inputs, &settings).is_err());
    }
}

/// 1,000 paths x 14 years hold one batch of 1,000 x 14 x 6 x 8 = 672,000 bytes: refused with
/// 100 kB available, naming how many paths would fit (100,000 / (14 x 6 x 8) = 148.8, so 148).
/// Beyond one batch (32,768 paths) of 84 columns: two sets of a batch's values,
/// 2 x 32,768 x 84 x 8 = 44,040,192 bytes, and of its 16-bit slots, 2 x 32,768 x 84 x 2 =
/// 11,010,048; a histogram a column, 32,768 x 2 + 16,384 x 4 = 131,072 bytes (11,010,048 for
/// 84); and 8 / 500 bytes a path a column, 84 x 16,000 = 1,344,000 at 1,000,000 paths.
#[test]
fn too_many_paths_for_the_memory_are_refused_with_the_number_that_fits() {
    use cmmcast_forecast::sim::{check_memory, simulation_bytes};
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let settings = SimulationSettings {
        paths: 1_000,
        ..SimulationSettings::default()
    };
    assert_eq!(simulation_bytes(1_000, 14), 672_000);
    assert_eq!(
        simulation_bytes(1_000_000, 14),
        44_040_192 + 11_010_048 + 11_010_048 + 1_344_000
    );
    let err = check_memory(site, &settings, 100_000).expect_err("does not fit");
    assert!(err.to_string().contains("give at most 148 paths"), "{err}");
    assert!(check_memory(site, &settings, 10_000_000).is_ok());
    let err = check_memory(site, &settings, 500).expect_err("not one path");
    assert!(err.to_string().contains("give an earlier --to"), "{err}");
}

/// The whole chain, streamed (200,000 paths: 7 batches through the histograms), reproduces
/// the analytic 95 % prediction interval of the exponential trend for drained methane: each
/// year's simulated p2.5 and p97.5 lie within 4 of their reported Monte Carlo standard errors
/// of the analytic bounds (`Forecast::intervals`, the t-based interval of METHODS section 5).
/// 4, not the 3 of `tests/sample_paths.rs`: these are 28 checks at once (14 years x 2
/// bounds), and 4 keeps the family's chance of a false alarm under 1 % (Bonferroni:
/// 28 x 2 x Φ(−4) = 0.2 %), where 3 would raise one in about 7 runs of a correct simulation.
#[test]
fn streamed_percentiles_reproduce_the_analytic_prediction_interval() {
    use cmmcast_forecast::Level;
    use cmmcast_forecast::trend::{Exponential, SeriesKind, TrendInput, TrendModel};
    let settings = SimulationSettings {
        paths: 200_000,
        percentiles: vec![2.5, 97.5],
        model: ModelChoice::Exponential,
        to: Some(2030),
        ..SimulationSettings::default()
    };
    let sim = run(&settings, &UncertainInputs::default(), 2);
    assert!(!sim.exact_percentiles);
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = Exponential.fit(&input).expect("fits");
    let level = Level::percent(95.0).expect("valid");
    let forecast = fit.forecast(&sim.years, &[level]);
    let methane = sim.summaries.iter().filter(|s| s.quantity == "methane_mm3");
    for (i, s) in methane.enumerate() {
        let bounds = [
            forecast.intervals[0].lower[i],
            forecast.intervals[0].upper[i],
        ];
        for (j, bound) in bounds.into_iter().enumerate() {
            let off = (s.percentiles[j] - bound).abs();
            assert!(
                off < 4.0 * s.percentile_se[j],
                "{}: p{} = {} against {bound} (se {})",
                s.year,
                settings.percentiles[j],
                s.percentiles[j],
                s.percentile_se[j]
            );
        }
    }
}

//! The whole-chain simulation: reproducible bit for bit whatever the thread count, model
//! choice by the Akaike weights, and the energy chain's hand values where the outcome is
//! certain.

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::energy::PlantBuilder;
use cmmcast_forecast::sim::{
    QUANTITIES, Simulation, SimulationSettings, UncertainInputs, simulate_site,
};
use cmmcast_forecast::trend::ModelChoice;

fn run(settings: &SimulationSettings, inputs: &UncertainInputs, threads: usize) -> Simulation {
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
        .install(|| simulate_site(site, &plant, inputs, settings))
        .expect("simulates")
}

#[test]
fn output_is_bit_identical_for_1_2_and_8_threads() {
    let settings = SimulationSettings {
        paths: 5_000,
        to: Some(2020),
        ..SimulationSettings::default()
    };
    let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
    let one = run(&settings, &inputs, 1);
    for threads in [2, 8] {
        let other = run(&settings, &inputs, threads);
        assert!(
            one.values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "{threads} threads differ"
        );
        assert_eq!(one.summaries, other.summaries);
        assert_eq!(one.path_models, other.path_models);
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

/// 1,000 paths x 14 years keep 1,000 x 14 x 6 x 8 = 672,000 bytes of values plus 17,000 of
/// bookkeeping: refused with 100 kB available, naming how many paths would fit.
#[test]
fn too_many_paths_for_the_memory_are_refused_with_the_number_that_fits() {
    use cmmcast_forecast::sim::{check_memory, simulation_bytes};
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let settings = SimulationSettings {
        paths: 1_000,
        ..SimulationSettings::default()
    };
    assert_eq!(simulation_bytes(1_000, 14), 672_000 + 17_000);
    let err = check_memory(site, &settings, 100_000).expect_err("does not fit");
    // One path of 14 years: 672 + 17 = 689 bytes, so 100,000 bytes hold 145 paths.
    assert!(err.to_string().contains("give at most 145 paths"), "{err}");
    assert!(check_memory(site, &settings, 10_000_000).is_ok());
}

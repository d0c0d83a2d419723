//! The whole-chain simulation: reproducible bit for bit whatever the thread count, model
//! choice by the Akaike weights, and the energy chain's hand values where the outcome is
//! certain.

mod common;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::sim::{
    MAX_PATHS, PathModels, Simulation, SimulationSettings, UncertainInputs, simulate,
};
use cmmcast_forecast::study::StudyParams;
use cmmcast_forecast::trend::ModelChoice;
use cmmcast_forecast::{ForecastError, PathsOf};

/// The Songzao study of `params`, simulated on `threads` threads, keeping every path.
fn run_keeping_paths(params: &StudyParams, threads: usize) -> (Simulation, common::Paths) {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let study = params.study(site).expect("a valid study");
    common::on_threads(threads, || common::simulate_keeping_paths(&study))
}

fn run(params: &StudyParams, threads: usize) -> Simulation {
    run_keeping_paths(params, threads).0
}

/// A study of `paths` paths to `to`, with no uncertain input but the trend (plan adherence 1,
/// the plant's own values).
fn certain(paths: usize, to: i32, model: ModelChoice) -> StudyParams {
    StudyParams {
        model: Some(model),
        to: Some(to),
        scenario: Some(common::certain()),
        simulation: SimulationSettings {
            paths,
            ..SimulationSettings::default()
        },
        ..StudyParams::default()
    }
}

/// Exact percentiles (5,000 paths, one batch) and streamed ones (150,000 paths, five
/// batches, the last one partial), with the default scenario as the study resolves it: every
/// path, summary (percentiles and their errors, mean, sd, min, max) and model count is the
/// same bit for bit on 1, 2 and 8 threads.
#[test]
fn output_is_bit_identical_for_1_2_and_8_threads() {
    for paths in [5_000, 150_000] {
        let params = StudyParams {
            to: Some(2020),
            simulation: SimulationSettings {
                paths,
                ..SimulationSettings::default()
            },
            ..StudyParams::default()
        };
        let (one, one_paths) = run_keeping_paths(&params, 1);
        assert_eq!(
            one.exact_percentiles,
            paths <= cmmcast_forecast::sim::BATCH_PATHS
        );
        for threads in [2, 8] {
            let (other, other_paths) = run_keeping_paths(&params, threads);
            assert_eq!(one_paths.values.len(), other_paths.values.len());
            assert!(
                one_paths
                    .values
                    .iter()
                    .zip(&other_paths.values)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{threads} threads differ"
            );
            assert_eq!(one_paths.models, other_paths.models);
            let bits = |s: &Simulation| -> Vec<u64> {
                s.summaries
                    .iter()
                    .flat_map(|x| {
                        x.percentiles
                            .iter()
                            .chain(&x.percentile_se)
                            .chain([&x.mean, &x.sd, &x.min, &x.max])
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
/// every percentile of burnt_mm3, its min and its max are that value and its spread is zero.
#[test]
fn certain_outcomes_match_the_hand_calculation() {
    let sim = run(&certain(2_000, 2020, ModelChoice::Linear), 2);
    let demand = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let burnt: Vec<_> = sim
        .summaries
        .iter()
        .filter(|s| s.quantity == Quantity::BurntMm3)
        .collect();
    assert_eq!(burnt.len(), 4);
    for s in burnt {
        for p in s.percentiles.iter().chain([&s.min, &s.max]) {
            assert!((p - demand).abs() < 1e-9 * demand, "{s:?}");
        }
        assert!(s.sd < 1e-9);
    }
    assert_eq!(sim.summaries.len(), 4 * Quantity::ALL.len());
}

/// Each path picks its model with probability equal to its Akaike weight: the counts of
/// 20,000 paths lie within 4 binomial standard errors of weight x paths.
#[test]
fn paths_pick_models_by_their_weights() {
    let params = certain(20_000, 2018, ModelChoice::Auto);
    let sim = run(&params, 2);
    assert!(sim.model_weights.len() >= 2, "{:?}", sim.model_weights);
    for ((name, weight), (_, count)) in sim.model_weights.iter().zip(&sim.model_counts) {
        let n = params.simulation.paths as f64;
        let expected = weight * n;
        let se = (n * weight * (1.0 - weight)).sqrt().max(1.0);
        assert!(
            (*count as f64 - expected).abs() < 4.0 * se,
            "{name}: {count} paths, expected {expected:.0}"
        );
    }
}

/// Zero paths and percentiles outside (0, 100) are refused by the study, before anything is
/// fitted, and by the simulation itself.
#[test]
fn bad_settings_are_refused() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let good = StudyParams::default().study(site).expect("a valid study");
    let models = PathModels::new(good.selection(), good.years().to_vec());
    let cases = [
        (
            SimulationSettings {
                paths: 0,
                ..SimulationSettings::default()
            },
            ForecastError::PathsOutOfRange {
                of: PathsOf::Simulation,
                given: 0,
                max: MAX_PATHS,
            },
        ),
        (
            SimulationSettings {
                paths: MAX_PATHS + 1,
                ..SimulationSettings::default()
            },
            ForecastError::PathsOutOfRange {
                of: PathsOf::Simulation,
                given: MAX_PATHS + 1,
                max: MAX_PATHS,
            },
        ),
        (
            SimulationSettings {
                percentiles: vec![0.0, 50.0],
                ..SimulationSettings::default()
            },
            ForecastError::BadPercentile(0.0),
        ),
        (
            SimulationSettings {
                percentiles: vec![100.0],
                ..SimulationSettings::default()
            },
            ForecastError::BadPercentile(100.0),
        ),
    ];
    for (settings, expected) in cases {
        let params = StudyParams {
            simulation: settings.clone(),
            ..StudyParams::default()
        };
        assert_eq!(params.study(site).expect_err("refused"), expected);
        let err = simulate(
            &models,
            &good.inputs().plant,
            &UncertainInputs::default(),
            &settings,
            &|_| {},
            None,
        )
        .expect_err("refused");
        assert_eq!(err, expected);
    }
}

/// 1,000 paths x 14 years hold one batch of 1,000 x 14 x 6 x 8 = 672,000 bytes: refused with
/// 100 kB available, naming how many paths would fit (100,000 / (14 x 6 x 8) = 148.8, so 148).
/// Beyond one batch (32,768 paths) of 84 columns: two sets of a batch's values,
/// 2 x 32,768 x 84 x 8 = 44,040,192 bytes, and of its 16-bit slots, 2 x 32,768 x 84 x 2 =
/// 11,010,048; a histogram a column, 32,768 x 2 + 16,384 x 4 = 131,072 bytes (11,010,048 for
/// 84); and 8 / 500 bytes a path a column, 84 x 16,000 = 1,344,000 at 1,000,000 paths.
/// 500 bytes hold no path of 14 x 6 x 8 = 672 bytes.
#[test]
fn too_many_paths_for_the_memory_are_refused_with_the_number_that_fits() {
    use cmmcast_forecast::sim::{check_memory, simulation_bytes};
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let study = StudyParams {
        simulation: SimulationSettings {
            paths: 1_000,
            ..SimulationSettings::default()
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("a valid study");
    assert_eq!(study.years().len(), 14);
    assert_eq!(simulation_bytes(1_000, 14), 672_000);
    assert_eq!(
        simulation_bytes(1_000_000, 14),
        44_040_192 + 11_010_048 + 11_010_048 + 1_344_000
    );
    let err = study.check_memory(100_000).expect_err("does not fit");
    assert!(
        matches!(
            err,
            ForecastError::NotEnoughMemory {
                paths: 1_000,
                years: 14,
                fits: 148,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("give at most 148 paths"), "{err}");
    assert_eq!(check_memory(1_000, 14, 100_000), Err(err));
    assert!(study.check_memory(10_000_000).is_ok());
    let err = study.check_memory(500).expect_err("not one path");
    assert!(
        matches!(err, ForecastError::NotEnoughMemory { fits: 0, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("give an earlier end year"),
        "{err}"
    );
}

/// The whole chain, streamed (200,000 paths: 7 batches through the histograms), reproduces
/// the analytic 95 % prediction interval of the exponential trend for drained methane: each
/// year's simulated p2.5 and p97.5 lie within 4 of their reported Monte Carlo standard errors
/// of the analytic bounds (`Forecast::intervals` of the exponential model fitted on its own,
/// the t-based interval of METHODS section 5, which the simulation does not use).
/// 4, not the 3 of `tests/sample_paths.rs`: these are 28 checks at once (14 years x 2
/// bounds), and 4 keeps the family's chance of a false alarm under 1 % (Bonferroni:
/// 28 x 2 x Φ(−4) = 0.2 %), where 3 would raise one in about 7 runs of a correct simulation.
/// No input but the trend is uncertain (plan adherence 1), so the drained methane is the
/// trend's draw.
#[test]
fn streamed_percentiles_reproduce_the_analytic_prediction_interval() {
    use cmmcast_forecast::Level;
    use cmmcast_forecast::trend::{Exponential, SeriesKind, TrendInput, TrendModel};
    let mut params = certain(200_000, 2030, ModelChoice::Exponential);
    params.simulation.percentiles = vec![2.5, 97.5];
    let sim = run(&params, 2);
    assert!(!sim.exact_percentiles);
    assert_eq!(sim.model_weights, vec![("exponential", 1.0)]);
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
    let fit = Exponential.fit(&input).expect("fits");
    let level = Level::percent(95.0).expect("valid");
    let forecast = fit.forecast(&sim.years, &[level]);
    let methane: Vec<_> = sim
        .summaries
        .iter()
        .filter(|s| s.quantity == Quantity::MethaneMm3)
        .collect();
    assert_eq!(methane.len(), 14);
    for (i, s) in methane.into_iter().enumerate() {
        assert_eq!(s.year, sim.years[i]);
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
                params.simulation.percentiles[j],
                s.percentiles[j],
                s.percentile_se[j]
            );
        }
    }
}

/// The scenario the study resolves by default is the embedded one, centred on the site's own
/// values: Songzao's facts give no efficiency, availability or parasitic load, so the spreads
/// centre on the plant defaults 0.38, 0.90 and 0: efficiency triangular(0.38 − 0.05, 0.38,
/// 0.38 + 0.05) = (0.33, 0.38, 0.43), availability pert(0.85, 0.90, 0.95), parasitic load
/// uniform ± 0.02 around 0 narrowed to nothing (it cannot go below 0), so fixed at 0; plan
/// adherence lognormal(median 1, σ 0.1) every year. Nothing else is drawn.
#[test]
fn the_default_scenario_spreads_around_the_site_values() {
    use cmmcast_data::DistributionSpec;
    use cmmcast_forecast::energy::OperatingKey;
    use cmmcast_forecast::sim::InputKey;
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let study = StudyParams::default().study(site).expect("a valid study");
    let inputs = study.inputs();
    assert_eq!(inputs.scenario, Scenario::songzao_default());
    let entries: Vec<_> = inputs
        .uncertain
        .entries()
        .iter()
        .map(|e| (e.key, e.sampler.spec(), e.per_year))
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert_eq!(entries.len(), 4, "{entries:?}");
    assert!(matches!(
        entries[0],
        (InputKey::Operating(OperatingKey::Efficiency), DistributionSpec::Triangular { min, mode, max }, false)
            if close(min, 0.33) && mode == 0.38 && close(max, 0.43)
    ));
    assert!(matches!(
        entries[1],
        (InputKey::Operating(OperatingKey::Availability), DistributionSpec::Pert { min, mode, max }, false)
            if close(min, 0.85) && mode == 0.9 && close(max, 0.95)
    ));
    assert_eq!(
        entries[2],
        (
            InputKey::Operating(OperatingKey::ParasiticFraction),
            DistributionSpec::Fixed { value: 0.0 },
            false
        )
    );
    assert_eq!(
        entries[3],
        (
            InputKey::PlanAdherence,
            DistributionSpec::Lognormal {
                median: 1.0,
                sigma: 0.1
            },
            true
        )
    );
    // The plant keeps the site's values (the spreads' centres), and nothing was replaced.
    assert_eq!(inputs.plant.operating.efficiency, 0.38);
    assert_eq!(inputs.plant.operating.availability, 0.9);
    assert_eq!(inputs.plant.operating.parasitic_fraction, 0.0);
    assert!(study.notes().is_empty(), "{:?}", study.notes());
}

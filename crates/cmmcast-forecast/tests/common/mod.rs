//! Helpers shared by the simulation, sizing, tornado and calibration tests. Each test file uses some of them.
#![allow(dead_code)]

use std::ops::ControlFlow;

use cmmcast_data::{DistributionSpec, InputDistribution, Scenario, UncertainInput};
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::sim::{
    AnnualDraw, PathChunk, PathModels, PathScratch, Simulation, UncertainInputs,
};
use cmmcast_forecast::study::Study;

/// Every simulated path as the path sink sees it: the model each path picked, and the values
/// path-major, `values[(path * years + year) * Quantity::ALL.len() + quantity.index()]`.
pub struct Paths {
    pub models: Vec<&'static str>,
    pub values: Vec<f64>,
}

/// Simulates `study`, keeping every path through the path sink.
pub fn simulate_keeping_paths(study: &Study<'_>) -> (Simulation, Paths) {
    let mut paths = Paths {
        models: Vec::new(),
        values: Vec::new(),
    };
    let mut next = 0u64;
    let mut sink = |chunk: &PathChunk<'_>| {
        assert_eq!(chunk.first_path, next, "chunks arrive in path order");
        next += chunk.len() as u64;
        for p in 0..chunk.len() {
            paths.models.push(chunk.model(p));
            for y in 0..chunk.years.len() {
                for q in Quantity::ALL {
                    paths.values.push(chunk.value(p, y, q));
                }
            }
        }
        ControlFlow::Continue(())
    };
    let sim = study
        .simulate_with(&|_| {}, Some(&mut sink))
        .expect("simulates");
    (sim, paths)
}

/// Runs `work` on a pool of `threads` threads.
pub fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool")
        .install(work)
}

/// A scenario giving `inputs` outright (key, distribution, drawn every year): each replaces the
/// site's value, and every key it leaves out keeps the site's value, fixed (plan adherence 1,
/// a constant daily flow).
pub fn scenario(inputs: &[(&str, DistributionSpec, bool)]) -> Scenario {
    Scenario {
        name: "test".into(),
        description: String::new(),
        origin: "test".into(),
        inputs: inputs
            .iter()
            .map(|&(key, spec, per_year)| {
                (
                    key.to_string(),
                    UncertainInput {
                        distribution: InputDistribution::Given(spec),
                        per_year,
                        year_to_year: None,
                    },
                )
            })
            .collect(),
    }
}

/// A scenario with no uncertain input: every plant value at the site's, drainage as forecast
/// (plan adherence 1), the same gas flow every day. Only the trend varies from path to path.
pub fn certain() -> Scenario {
    scenario(&[])
}

/// The calibration prototype's reference values,
/// tests/fixtures/calibration/calibration_expected.json (written by its reference.py).
pub fn fixture() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calibration/calibration_expected.json"
    ))
    .expect("the fixture");
    serde_json::from_str(&text).expect("JSON")
}

/// A JSON array of numbers.
pub fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// Every path's annual draws, as the sizing sees them (`paths` paths of `study`'s models).
pub fn annual(study: &Study<'_>, inputs: &UncertainInputs, paths: usize) -> Vec<Vec<AnnualDraw>> {
    let models = PathModels::new(study.selection(), study.years().to_vec());
    let base = study.inputs().plant.operating;
    (0..paths as u64)
        .map(|path| {
            let mut out = vec![
                AnnualDraw {
                    year: 0,
                    drained_mm3: 0.0,
                    values: base,
                };
                models.years().len()
            ];
            models.draw(
                &base,
                inputs,
                study.params().simulation.seed,
                path,
                &mut PathScratch::new(base),
                &mut out,
            );
            out
        })
        .collect()
}

//! Helpers shared by the simulation tests.

use std::ops::ControlFlow;

use cmmcast_data::Site;
use cmmcast_forecast::energy::Plant;
use cmmcast_forecast::sim::{
    PathChunk, QUANTITIES, Simulation, SimulationSettings, UncertainInputs, simulate_site_with,
};

/// Every simulated path as the path sink sees it: the model each path picked, and the values
/// path-major, `values[(path * years + year) * QUANTITIES.len() + quantity]`.
pub struct Paths {
    pub models: Vec<&'static str>,
    pub values: Vec<f64>,
}

/// Simulates, keeping every path through the path sink.
pub fn simulate_keeping_paths(
    site: &Site,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
) -> (Simulation, Paths) {
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
                for q in 0..QUANTITIES.len() {
                    paths.values.push(chunk.value(p, y, q));
                }
            }
        }
        ControlFlow::Continue(())
    };
    let sim = simulate_site_with(site, plant, inputs, settings, &|_| {}, Some(&mut sink))
        .expect("simulates");
    (sim, paths)
}

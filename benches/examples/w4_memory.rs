//! Runs W4 once (the embedded Songzao site, the default scenario, 1,000,000 paths, 2017–2031)
//! and prints how many summaries it made and how long it took, for measuring peak memory:
//!
//! ```sh
//! cargo build --release -p cmmcast-benches --example w4_memory
//! /usr/bin/time -v ./target/release/examples/w4_memory          # "Maximum resident set size"
//! ./target/release/examples/w4_memory 100000                    # another number of paths
//! ./target/release/examples/w4_memory 100000 benches/scenarios/songzao-absolute.toml
//! ```
//!
//! A second argument names a scenario file to use instead of the default (the 0.1.0 default's
//! absolute distributions, for the before-and-after comparison of docs/BENCHMARKS.md).

use std::time::Instant;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::StudyParams;

fn main() {
    let paths = std::env::args().nth(1).map_or(1_000_000, |arg| {
        arg.parse().expect("paths is a whole number")
    });
    let scenario = std::env::args().nth(2).map(|path| {
        Scenario::load(std::path::Path::new(&path)).expect("the scenario file is valid")
    });
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded data has one site");
    // The site's plant from its facts and the default scenario, as the study resolves them.
    let study = StudyParams {
        to: Some(2031),
        simulation: SimulationSettings {
            paths,
            ..SimulationSettings::default()
        },
        scenario,
        ..StudyParams::default()
    }
    .study(site)
    .expect("the Songzao study is valid");
    let start = Instant::now();
    let simulation = study.simulate().expect("W4 simulates");
    let elapsed = start.elapsed();
    println!(
        "{paths} paths, {} years, {} summaries, exact percentiles: {}, {:.3} s",
        simulation.years.len(),
        simulation.summaries.len(),
        simulation.exact_percentiles,
        elapsed.as_secs_f64()
    );
}

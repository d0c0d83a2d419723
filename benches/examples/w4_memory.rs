//! Runs W4 once (the embedded Songzao site, the default scenario, 1,000,000 paths, 2017–2031)
//! and prints how many summaries it made and how long it took, for measuring peak memory:
//!
//! ```sh
//! cargo build --release -p cmmcast-benches --example w4_memory
//! /usr/bin/time -v ./target/release/examples/w4_memory          # "Maximum resident set size"
//! ./target/release/examples/w4_memory 100000                    # another number of paths
//! ```

use std::time::Instant;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::energy::PlantBuilder;
use cmmcast_forecast::sim::{SimulationSettings, UncertainInputs, simulate_site};

fn main() {
    let paths = std::env::args().nth(1).map_or(1_000_000, |arg| {
        arg.parse().expect("paths is a whole number")
    });
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded data has one site");
    let plant = PlantBuilder::from_site_facts(&site.facts)
        .expect("the Songzao facts name a known GWP set")
        .build()
        .expect("the Songzao plant is valid");
    let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
    let settings = SimulationSettings {
        paths,
        to: Some(2031),
        ..SimulationSettings::default()
    };
    let start = Instant::now();
    let simulation = simulate_site(site, &plant, &inputs, &settings).expect("W4 simulates");
    let elapsed = start.elapsed();
    println!(
        "{paths} paths, {} years, {} summaries, exact percentiles: {}, {:.3} s",
        simulation.years.len(),
        simulation.summaries.len(),
        simulation.exact_percentiles,
        elapsed.as_secs_f64()
    );
}

//! Monte Carlo over joint sample paths: trend parameters drawn from their sampling
//! distribution plus new-observation noise (so one model's simulated quantiles reproduce its
//! analytic prediction intervals), reproducible whatever the number of threads.

mod rng;
mod sample;
mod simulate;
mod tornado;

pub use rng::{DEFAULT_SEED, PathRng, path_rng};
pub use sample::Sampler;
pub use simulate::{
    DEFAULT_PATHS, InputKey, MAX_PATHS, PROGRESS_BLOCK, QUANTITIES, Simulation, SimulationSettings,
    Summary, UncertainInputs, simulate_site, simulate_site_with_progress, summarize,
};
pub use tornado::{
    BarSource, ModelPoint, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW, TORNADO_RULE,
    TORNADO_TREND_LEVEL, Tornado, TornadoBar, TornadoBase, TornadoOutput, TornadoSettings,
    tornado_site,
};

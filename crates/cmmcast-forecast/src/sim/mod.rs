//! Monte Carlo over joint sample paths: trend parameters drawn from their sampling
//! distribution plus new-observation noise (so one model's simulated quantiles reproduce its
//! analytic prediction intervals), reproducible whatever the number of threads.

mod rng;

pub use rng::{DEFAULT_SEED, PathRng, path_rng};

//! Monte Carlo over joint sample paths: trend parameters drawn from their sampling
//! distribution plus new-observation noise (so one model's simulated quantiles reproduce its
//! analytic prediction intervals), reproducible whatever the number of threads.

mod paths;
mod sample;
mod simulate;
mod size;
mod summary;
mod tornado;

pub use paths::{AnnualDraw, PathModels, PathScratch};
pub use sample::Sampler;
pub use simulate::{
    BATCH_PATHS, CHUNK_PATHS, DEFAULT_PATHS, InputKey, MAX_PATHS, PathChunk, PathSink, QUANTITIES,
    Simulation, SimulationSettings, Summary, UncertainInputs, check_memory, simulate_site,
    simulate_site_with, simulation_bytes,
};
pub use size::{
    DAILY_SEED_XOR, DAYS_PER_YEAR, DEFAULT_MAX_ENGINES, DEFAULT_MIN_CAPACITY_FACTOR,
    DEFAULT_MIN_LOAD, DEFAULT_SIZE_PATHS, DailyFlow, EngineCount, EngineSweep, MAX_ENGINES,
    MAX_SIZE_VALUES, MIN_CAPACITY_FACTOR_SOURCE, MIN_LOAD_SOURCE, PlantSizing, RECOMMENDATION_RULE,
    SizingSettings, burnable, daily_multipliers, daily_rng, engine_day_mm3, size_site, usable_mm3,
};
pub use summary::{BinnedPiece, Binner, ColumnSummary, HISTOGRAM_BINS, summarize};
pub use tornado::{
    BarSource, ModelPoint, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW, TORNADO_RULE,
    TORNADO_TREND_LEVEL, Tornado, TornadoBar, TornadoBase, TornadoOutput, TornadoSettings,
    tornado_site,
};

//! Monte Carlo over joint sample paths: trend parameters drawn from their sampling
//! distribution plus new-observation noise (so one model's simulated quantiles reproduce its
//! analytic prediction intervals), reproducible whatever the number of threads.
//!
//! These are the building blocks; [`crate::study::Study`] resolves a site's models, plant and
//! inputs once and calls them.

mod flow;
mod inputs;
mod paths;
mod sample;
mod simulate;
mod size;
mod summary;
mod tornado;
mod value;
mod value_tornado;

pub use flow::{DAILY_SEED_XOR, DailyFlow, daily_multipliers, daily_rng};
pub use inputs::{DrawnInputs, InputKey, UncertainEntry, UncertainInputs};
pub use paths::{AnnualDraw, COMBINED_MODEL, PathModels, PathScratch};
pub use sample::Sampler;
pub(crate) use simulate::check_paths;
pub use simulate::{
    BATCH_PATHS, CHUNK_PATHS, DEFAULT_PATHS, MAX_PATHS, PERCENTILE_CONVENTION, PERCENTILE_SE_RULE,
    PathChunk, PathSink, Simulation, SimulationSettings, Summary, check_memory, simulate,
    simulate_valued, simulation_bytes,
};
pub use size::{
    DAYS_PER_YEAR, DEFAULT_MAX_ENGINES, DEFAULT_MIN_CAPACITY_FACTOR, DEFAULT_MIN_LOAD,
    DEFAULT_SIZE_PATHS, ENGINE_RULE, EngineCount, EngineSweep, EngineValue, FLOW_MODEL,
    MAX_ENGINES, MAX_SIZE_VALUES, MIN_CAPACITY_FACTOR_SOURCE, MIN_LOAD_SOURCE, NO_BUSY_COUNT,
    NO_POSITIVE_NPV, NPV_RECOMMENDATION_RULE, NpvSummary, PlantSizing, RECOMMENDATION_RULE,
    RecommendationRule, SIZING_PERCENTILE_CONVENTION, ScheduleValue, SizingSettings, SizingValue,
    burnable, engine_day_mm3, operating_year, size, size_valued, usable_mm3, value_schedule,
};
pub use summary::{BinnedPiece, Binner, ColumnSummary, HISTOGRAM_BINS, summarize};
pub(crate) use tornado::tornado_year;
pub use tornado::{
    BarSource, ModelPoint, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW, TORNADO_RULE,
    TORNADO_TREND_LEVEL, Tornado, TornadoBar, TornadoBase, TornadoSettings, TrendPoints, tornado,
    tornado_with,
};
pub use value::{
    EconomicDraw, MeasureSummary, PathValuation, PathValuer, VALUE_PERCENTILES, VALUE_SEED_XOR,
};
pub use value_tornado::{VALUE_TORNADO_RULE, ValueTornado, value_tornado};

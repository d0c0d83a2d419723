//! The Songzao plan, compiled in so that every command works with no input file.
//!
//! The files live in the workspace's `data/` folder, where users can read and copy them.

/// `data/songzao-plan.csv`: the 2012–2016 plan (site, year, coal_kt, methane_mm3), exactly as
/// Table 1 of the source article gives it.
pub const SONGZAO_PLAN_CSV: &str = include_str!("../../../data/songzao-plan.csv");

/// `data/songzao-site.toml`: plant capacity, volume basis, provenance and caveats.
pub const SONGZAO_SITE_TOML: &str = include_str!("../../../data/songzao-site.toml");

/// `data/scenarios/songzao-default.toml`: the default Monte Carlo scenario, spreads around the
/// site's own plant values, with a comment on every key (read it with
/// `Scenario::songzao_default`).
pub const SONGZAO_SCENARIO_TOML: &str =
    include_str!("../../../data/scenarios/songzao-default.toml");

/// How the embedded default scenario names itself in output and messages.
pub const SCENARIO_ORIGIN: &str =
    "embedded Songzao default scenario (data/scenarios/songzao-default.toml)";

/// `data/reference/production-1970-2020.csv`: national coal and gas production (BP Statistical
/// Review of World Energy 2021, via Our World in Data), the embedded reference class.
pub const REFERENCE_CSV: &str = include_str!("../../../data/reference/production-1970-2020.csv");

/// How the embedded reference class names itself in output and messages.
pub const REFERENCE_ORIGIN: &str = "embedded reference class: BP Statistical Review of World Energy 2021 via Our World in Data (data/reference/production-1970-2020.csv)";

/// How the embedded data names itself in output and messages.
pub const ORIGIN: &str = "embedded Songzao plan (data/songzao-plan.csv, data/songzao-site.toml)";

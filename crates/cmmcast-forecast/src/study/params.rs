//! What a study asks for, unchecked: the trend choice and horizon, the plant settings given
//! in code or on the command line, the scenario, and the simulation, sizing and tornado
//! settings. [`StudyParams::study`] checks them once against a site and gives a
//! [`Study`](crate::study::Study), which never meets an invalid value (linfa's params →
//! checked pattern).

use cmmcast_data::Scenario;

use crate::choice::IntervalChoice;
use crate::energy::Sizing;
use crate::energy::{PlantOverrides, Quantity};
use crate::error::{ForecastError, PathsOf, ValueSource};
use crate::level::Level;
use crate::sim::{
    DEFAULT_MAX_ENGINES, DEFAULT_MIN_CAPACITY_FACTOR, DEFAULT_MIN_LOAD, DEFAULT_SIZE_PATHS,
    SimulationSettings, SizingSettings, TornadoSettings,
};
use crate::study::EconomicOverrides;
use crate::trend::ModelChoice;

/// The plant sizing's settings; `None` takes the default (and output says it is one).
#[derive(Debug, Clone, PartialEq)]
pub struct SizingParams {
    /// Paths of the sizing (default [`DEFAULT_SIZE_PATHS`]).
    pub paths: usize,
    /// Largest engine count tried (default [`DEFAULT_MAX_ENGINES`]).
    pub max_engines: Option<u32>,
    /// Lowest load an engine runs at, fraction of full load (default [`DEFAULT_MIN_LOAD`]).
    pub min_load: Option<f64>,
    /// Lowest p10 capacity factor of the recommended count (default
    /// [`DEFAULT_MIN_CAPACITY_FACTOR`]).
    pub min_capacity_factor: Option<f64>,
    /// Size for this forecast year only; `None` aggregates every forecast year. A year after
    /// the forecast's last extends the sizing's paths to it when no end year is given.
    pub year: Option<i32>,
}

impl Default for SizingParams {
    fn default() -> Self {
        SizingParams {
            paths: DEFAULT_SIZE_PATHS,
            max_engines: None,
            min_load: None,
            min_capacity_factor: None,
            year: None,
        }
    }
}

/// Everything a study of one site asks for. Build it with struct update syntax over
/// [`StudyParams::default`] (the damped trend with calibrated intervals, to 2030, levels 80 and 95, the site's own plant, the
/// embedded Songzao default scenario, 100,000 paths, seed 42, p10/p50/p90, `cmmcast size`'s
/// sizing and the tornado of electricity in the last year), then [`StudyParams::study`].
///
/// Precedence, for every plant value: the values here (flags), then the scenario, then the site
/// facts, then the defaults. The default scenario gives spreads *around* the site's own values, so it
/// never replaces them; a scenario that does replace a site fact says so in the study's notes.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyParams {
    /// A fixed model, or `auto`; `None` for the default: the damped trend, the method that did
    /// best out of sample on the reference class (docs/METHODS.md, section 13.6), or the
    /// intensity model on the planned coal when the site carries a production plan
    /// ([`ModelChoice::default_for`]).
    pub model: Option<ModelChoice>,
    /// The intervals: `None` for calibrated with the damped trend and the model's own with the
    /// others ([`IntervalChoice::settle`]).
    pub intervals: Option<IntervalChoice>,
    /// Ceiling of the logistic model, million m3 a year.
    pub ceiling: Option<f64>,
    /// Last forecast year; `None` for 2030 (or 14 years after data reaching 2030).
    pub to: Option<i32>,
    /// The last year the mine drains gas, over the site facts' `closure_year`; `None` for the
    /// site facts' (or no closure).
    pub closure_year: Option<i32>,
    /// Interval levels, per cent, each in (0, 100).
    pub levels: Vec<f64>,
    /// Plant values given explicitly; each overrides the scenario and the site facts.
    pub plant: PlantOverrides,
    /// Share of drained methane the capacity-needed columns size for; over the site facts.
    pub target_utilization: Option<f64>,
    /// Engine size, MW, of the capacity needed and the sizing; over the site facts.
    pub unit_mw: Option<f64>,
    /// The uncertain inputs; `None` for the embedded Songzao default (spreads around the
    /// site's own values).
    pub scenario: Option<Scenario>,
    /// Paths, seed and percentiles of the simulation.
    pub simulation: SimulationSettings,
    /// The plant sizing.
    pub sizing: SizingParams,
    /// The tornado's output and year.
    pub tornado: TornadoSettings,
    /// Economic values given explicitly; each overrides the scenario, the site facts and the
    /// built-in defaults.
    pub economics: EconomicOverrides,
    /// For a plant fed by several mines: the correlation assumed between the mines' deviations
    /// from their forecasts, in [0, 1]; `None` for [`super::DEFAULT_MINE_CORRELATION`].
    pub mine_correlation: Option<f64>,
}

impl Default for StudyParams {
    fn default() -> Self {
        StudyParams {
            model: None,
            intervals: None,
            ceiling: None,
            to: None,
            closure_year: None,
            levels: vec![80.0, 95.0],
            plant: PlantOverrides::default(),
            target_utilization: None,
            unit_mw: None,
            scenario: None,
            simulation: SimulationSettings::default(),
            sizing: SizingParams::default(),
            tornado: TornadoSettings {
                year: None,
                output: Quantity::ElectricityGwh,
            },
            economics: EconomicOverrides::default(),
            mine_correlation: None,
        }
    }
}

impl StudyParams {
    /// Checks what can be checked without a site: the levels, the simulation's paths and
    /// percentiles, the sizing's paths and settings. [`StudyParams::study`] calls it; callers
    /// that read files call it first, so that a bad setting is refused before any file is read.
    pub fn check(&self) -> Result<(), ForecastError> {
        self.levels()?;
        self.simulation.check()?;
        self.check_mine_correlation()?;
        crate::sim::check_paths(self.sizing.paths, PathsOf::Sizing)?;
        if let Some(target) = self.target_utilization
            && !(target > 0.0 && target <= 1.0)
        {
            return Err(ForecastError::BadSetting {
                name: "target_utilization",
                from: ValueSource::Given,
                value: target,
                allowed: "a share of the drained methane above 0 and at most 1 (e.g. 0.9)",
            });
        }
        // The sizing's own checks, with the given engine size or the default one (the site
        // facts' is checked with the site).
        SizingSettings {
            unit_mw: self.unit_mw.unwrap_or(Sizing::DEFAULT_UNIT_MW),
            max_engines: self.max_engines(),
            min_load: self.min_load(),
            min_capacity_factor: self.min_capacity_factor(),
            year: self.sizing.year,
        }
        .check()?;
        Ok(())
    }

    /// The interval levels, checked.
    pub fn levels(&self) -> Result<Vec<Level>, ForecastError> {
        self.levels.iter().map(|&l| Level::percent(l)).collect()
    }

    /// Checks the correlation between a plant's mines: in [0, 1].
    pub fn check_mine_correlation(&self) -> Result<(), ForecastError> {
        if let Some(rho) = self.mine_correlation
            && !(0.0..=1.0).contains(&rho)
        {
            return Err(ForecastError::BadSetting {
                name: "mine_correlation",
                from: ValueSource::Given,
                value: rho,
                allowed: super::feed::MINE_CORRELATION_ALLOWED,
            });
        }
        Ok(())
    }

    /// The largest engine count the sizing tries.
    pub fn max_engines(&self) -> u32 {
        self.sizing.max_engines.unwrap_or(DEFAULT_MAX_ENGINES)
    }

    /// The engines' minimum load.
    pub fn min_load(&self) -> f64 {
        self.sizing.min_load.unwrap_or(DEFAULT_MIN_LOAD)
    }

    /// The lowest p10 capacity factor of the recommended count.
    pub fn min_capacity_factor(&self) -> f64 {
        self.sizing
            .min_capacity_factor
            .unwrap_or(DEFAULT_MIN_CAPACITY_FACTOR)
    }
}

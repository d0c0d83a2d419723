//! The capacity it takes to burn a target share of a year's drained methane, in engines of a
//! unit size: the sizing of `cmmcast project`'s capacity-needed columns, with where its two
//! values came from.

use serde::Serialize;

use cmmcast_data::PlantFacts;

use crate::energy::plant::{Assumption, Origin, Plant};
use crate::energy::projection::{EnergyFactors, YearEnergy};
use crate::error::ForecastError;

/// Where the default target share comes from (see [`Sizing::DEFAULT_TARGET_UTILIZATION`]).
pub const TARGET_UTILIZATION_SOURCE: &str =
    "assumption: most, not all, of the gas, since flow varies";

/// Where the default engine size comes from (see [`Sizing::DEFAULT_UNIT_MW`]).
pub const UNIT_MW_SOURCE: &str =
    "assumption: a Caterpillar G3520-class unit [SOURCES: engine-practice]";

/// How the capacity needed each year is sized: the share of drained methane to burn and the
/// engine size, checked once, each with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizing {
    /// Share of the drained methane the capacity should burn, in (0, 1].
    pub target_utilization: f64,
    /// Electrical capacity of one engine, MW, from 0.01 to 1000.
    pub unit_mw: f64,
    #[serde(skip)]
    origins: [Origin; 2],
}

impl Sizing {
    /// Default target share: 0.9 (an assumption: most, not all, of the gas, since flow varies).
    pub const DEFAULT_TARGET_UTILIZATION: f64 = 0.9;
    /// Default engine size: 2.0 MW, a Caterpillar G3520-class unit [SOURCES: engine-practice].
    pub const DEFAULT_UNIT_MW: f64 = 2.0;

    /// A checked sizing of values given in code.
    pub fn new(target_utilization: f64, unit_mw: f64) -> Result<Sizing, ForecastError> {
        Sizing::resolve(
            Some(target_utilization),
            Some(unit_mw),
            &PlantFacts::default(),
        )
    }

    /// The given values over the site facts' `target_utilization` and `unit_mw` (the
    /// `[sites.plant]` table) over the defaults, checked; a refusal says where the value came
    /// from.
    pub fn resolve(
        target_utilization: Option<f64>,
        unit_mw: Option<f64>,
        facts: &PlantFacts,
    ) -> Result<Sizing, ForecastError> {
        let pick = |given: Option<f64>, fact: Option<f64>, default: f64, source| match (given, fact)
        {
            (Some(v), _) => (v, Origin::Given),
            (None, Some(v)) => (v, Origin::SiteFacts),
            (None, None) => (default, Origin::Default(source)),
        };
        let (target, target_origin) = pick(
            target_utilization,
            facts.target_utilization,
            Sizing::DEFAULT_TARGET_UTILIZATION,
            TARGET_UTILIZATION_SOURCE,
        );
        let (unit, unit_origin) = pick(
            unit_mw,
            facts.unit_mw,
            Sizing::DEFAULT_UNIT_MW,
            UNIT_MW_SOURCE,
        );
        if !(target > 0.0 && target <= 1.0) {
            return Err(ForecastError::BadSetting {
                name: "target_utilization",
                from: target_origin.source(),
                value: target,
                allowed: "a share of the drained methane above 0 and at most 1 (e.g. 0.9)",
            });
        }
        if !(unit.is_finite() && (0.01..=1000.0).contains(&unit)) {
            return Err(ForecastError::BadSetting {
                name: "unit_mw",
                from: unit_origin.source(),
                value: unit,
                allowed: "one engine's capacity of at least 0.01 MW and at most 1000 MW (2.0 for a Caterpillar G3520-class unit)",
            });
        }
        Ok(Sizing {
            target_utilization: target,
            unit_mw: unit,
            origins: [target_origin, unit_origin],
        })
    }

    /// Where the target share came from.
    pub fn target_utilization_origin(&self) -> &Origin {
        &self.origins[0]
    }

    /// Where the engine size came from.
    pub fn unit_mw_origin(&self) -> &Origin {
        &self.origins[1]
    }

    /// Both values with unit and origin, for output `meta`.
    pub fn assumptions(&self) -> [Assumption; 2] {
        [
            Assumption {
                name: "target_utilization",
                value: serde_json::json!(self.target_utilization),
                unit: "fraction of drained methane",
                origin: self.origins[0].clone(),
            },
            Assumption {
                name: "unit_mw",
                value: serde_json::json!(self.unit_mw),
                unit: "MW per engine",
                origin: self.origins[1].clone(),
            },
        ]
    }
}

/// The capacity it takes to burn a target share of a year's drained methane, and the engines.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityNeed {
    /// Methane the target asks to burn, million m3 (capped at the usable methane sent to
    /// power).
    pub target_burnt_mm3: f64,
    /// Whether the target share could not be met because too little usable gas is sent to
    /// power (the cap was applied).
    pub capped: bool,
    /// Capacity needed, MW.
    pub capacity_needed_mw: f64,
    /// Engines of the unit size needed (rounded up).
    pub engines_needed: u32,
    /// Capacity still to add beyond what runs that year, MW (zero when enough runs).
    pub additional_mw: f64,
}

/// Capacity and engines needed in a year to burn `target_utilization` of the drained methane.
#[inline]
pub fn capacity_need(
    plant: &Plant,
    factors: &EnergyFactors,
    year: &YearEnergy,
    target_utilization: f64,
    unit_mw: f64,
) -> CapacityNeed {
    let wanted = target_utilization * year.methane_mm3;
    let usable = year.to_power_mm3 - year.unusable_mm3;
    let target_burnt_mm3 = wanted.min(usable);
    let capacity_needed_mw = factors.capacity_for(target_burnt_mm3);
    // A tiny tolerance keeps exact multiples (e.g. 10.000000000000002 MW) from needing one
    // more engine.
    let engines = (capacity_needed_mw / unit_mw * (1.0 - 1e-12)).ceil();
    CapacityNeed {
        target_burnt_mm3,
        capped: wanted > usable,
        capacity_needed_mw,
        engines_needed: engines.clamp(0.0, f64::from(u32::MAX)) as u32,
        additional_mw: (capacity_needed_mw - plant.capacity_in(year.year)).max(0.0),
    }
}

//! The plant's operating values (efficiency, availability, share to power, parasitic load,
//! concentrations, destruction), the keys that name them, their defaults with sources and
//! their ranges (from the scenario key table), so that every place that reads or sets one does
//! it through one match.

use serde::Serialize;

use cmmcast_data::{ScenarioKey, SiteFacts, scenario_key};

/// The field of `$values` that `$key` names: every struct with the seven operating values
/// under their names (the plant's values, overrides of them, the site facts' plant table) is
/// read and written through this one mapping. `operating_field!(&mut v, key)` gives a mutable
/// reference.
macro_rules! operating_field {
    (&mut $values:expr, $key:expr) => {
        match $key {
            OperatingKey::Efficiency => &mut $values.efficiency,
            OperatingKey::Availability => &mut $values.availability,
            OperatingKey::ShareToPower => &mut $values.share_to_power,
            OperatingKey::ParasiticFraction => &mut $values.parasitic_fraction,
            OperatingKey::GasConcentration => &mut $values.gas_concentration,
            OperatingKey::MinConcentration => &mut $values.min_concentration,
            OperatingKey::DestructionEfficiency => &mut $values.destruction_efficiency,
        }
    };
    ($values:expr, $key:expr) => {
        match $key {
            OperatingKey::Efficiency => $values.efficiency,
            OperatingKey::Availability => $values.availability,
            OperatingKey::ShareToPower => $values.share_to_power,
            OperatingKey::ParasiticFraction => $values.parasitic_fraction,
            OperatingKey::GasConcentration => $values.gas_concentration,
            OperatingKey::MinConcentration => $values.min_concentration,
            OperatingKey::DestructionEfficiency => $values.destruction_efficiency,
        }
    };
}
pub(crate) use operating_field;

/// One of the plant's operating values: the values a scenario may make uncertain and a
/// simulation may vary from path to path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatingKey {
    /// Electrical efficiency, fraction of the lower heating value.
    Efficiency,
    /// Share of the year the engines can run at full load.
    Availability,
    /// Share of the drained methane sent to the power plant.
    ShareToPower,
    /// Share of gross output the plant uses itself.
    ParasiticFraction,
    /// CH4 concentration of the drained gas.
    GasConcentration,
    /// Lowest CH4 concentration the engines accept.
    MinConcentration,
    /// Share of the burnt methane destroyed.
    DestructionEfficiency,
}

impl OperatingKey {
    /// Every operating value, in the order paths draw them.
    pub const ALL: [OperatingKey; 7] = [
        OperatingKey::Efficiency,
        OperatingKey::Availability,
        OperatingKey::ShareToPower,
        OperatingKey::ParasiticFraction,
        OperatingKey::GasConcentration,
        OperatingKey::MinConcentration,
        OperatingKey::DestructionEfficiency,
    ];

    /// The name, as flags, site facts and scenarios spell it.
    pub const fn name(self) -> &'static str {
        match self {
            OperatingKey::Efficiency => "efficiency",
            OperatingKey::Availability => "availability",
            OperatingKey::ShareToPower => "share_to_power",
            OperatingKey::ParasiticFraction => "parasitic_fraction",
            OperatingKey::GasConcentration => "gas_concentration",
            OperatingKey::MinConcentration => "min_concentration",
            OperatingKey::DestructionEfficiency => "destruction_efficiency",
        }
    }

    /// The unit, in words, for `meta`.
    pub const fn unit(self) -> &'static str {
        match self {
            OperatingKey::Efficiency => "fraction of LHV",
            OperatingKey::Availability => "fraction of the year",
            OperatingKey::ShareToPower => "fraction of drained methane",
            OperatingKey::ParasiticFraction => "fraction of gross output",
            OperatingKey::GasConcentration => "CH4 fraction of the drained gas",
            OperatingKey::MinConcentration => "CH4 fraction",
            OperatingKey::DestructionEfficiency => "fraction of burnt CH4",
        }
    }

    /// Its row of the scenario key table: meaning, allowed range, an example.
    pub fn scenario_key(self) -> &'static ScenarioKey {
        // Every operating value is a scenario key (the data crate's tests list them).
        scenario_key(self.name()).unwrap_or(&cmmcast_data::SCENARIO_KEYS[0])
    }

    /// The values allowed, in words with an example, for messages.
    pub fn allowed(self) -> String {
        let key = self.scenario_key();
        let range = key.range.describe();
        // "a value of at least 0.01 ...", "a value above 0 ...".
        let of = if range.starts_with("at ") { "of " } else { "" };
        format!("{of}{range} ({}; e.g. {})", key.meaning, key.example)
    }

    /// The built-in default and where it comes from.
    pub const fn default_value(self) -> (f64, &'static str) {
        match self {
            OperatingKey::Efficiency => (
                0.38,
                "assumption: a central value between older Chinese units (30-35 %) and modern lean-burn engines (38-43 % at full load) [SOURCES: engine-practice]",
            ),
            OperatingKey::Availability => (
                0.90,
                "assumption: 7,884 running hours a year, close to the 8,000 h CMM projects plan [SOURCES: engine-practice]",
            ),
            OperatingKey::ShareToPower => {
                (1.0, "assumption: all drained methane offered to the plant")
            }
            OperatingKey::ParasiticFraction => (
                0.0,
                "assumption: not confirmed by a source; a few per cent is typical",
            ),
            OperatingKey::GasConcentration => (
                1.0,
                "assumption: concentration not modelled, all drained gas usable (Chinese rules forbid burning drained gas below 30 % CH4)",
            ),
            OperatingKey::MinConcentration => (
                0.0,
                "assumption: engines accept any concentration (Chinese rules: 30 % for direct use; low-concentration gensets from 8-10 %)",
            ),
            OperatingKey::DestructionEfficiency => (
                0.995,
                "CDM practice for engines, close to complete destruction [SOURCES: acm0008]",
            ),
        }
    }

    /// The site facts' value, when they give one.
    pub fn from_facts(self, facts: &SiteFacts) -> Option<f64> {
        let plant = &facts.plant;
        operating_field!(plant, self)
    }
}

/// The plant values a simulation may vary from path to path or year to year; everything else
/// (capacity schedule, basis, GWP set, grid factor) stays the plant's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OperatingValues {
    /// Electrical efficiency.
    pub efficiency: f64,
    /// Availability.
    pub availability: f64,
    /// Share of drained methane sent to power.
    pub share_to_power: f64,
    /// Parasitic load fraction.
    pub parasitic_fraction: f64,
    /// CH4 concentration of the drained gas.
    pub gas_concentration: f64,
    /// Lowest concentration the engines accept.
    pub min_concentration: f64,
    /// Destruction efficiency.
    pub destruction_efficiency: f64,
}

impl OperatingValues {
    /// One value.
    pub fn get(&self, key: OperatingKey) -> f64 {
        operating_field!(self, key)
    }

    /// Sets one value.
    #[inline]
    pub fn set(&mut self, key: OperatingKey, value: f64) {
        *operating_field!(&mut self, key) = value;
    }

    /// Whether the drained gas is rich enough for the engines.
    pub fn gas_is_usable(&self) -> bool {
        self.gas_concentration >= self.min_concentration
    }
}

//! The reference conditions of gas volumes.
//!
//! A cubic metre of methane is a different amount of gas at 0 °C than at 20 °C (about 7 %
//! apart), and published drainage figures rarely say which they use. Every volume in cmmcast
//! therefore carries its basis, and the basis says whether the source stated it or we assumed it.

use serde::{Deserialize, Serialize};

/// Standard pressure of every supported basis, in kPa.
pub const STANDARD_PRESSURE_KPA: f64 = 101.325;

/// Metering temperature of a gas volume. All bases are at [`STANDARD_PRESSURE_KPA`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReferenceTemperature {
    /// 0 °C ("normal" cubic metres, Nm3; used by the UN CDM methodology ACM0008).
    #[serde(rename = "0")]
    Celsius0,
    /// 15 °C (ISO 13443 standard conditions).
    #[serde(rename = "15")]
    Celsius15,
    /// 20 °C (Chinese gas metering; IPCC 2006 coal-mine methane).
    #[serde(rename = "20")]
    Celsius20,
}

impl ReferenceTemperature {
    /// The temperature in degrees Celsius.
    pub fn celsius(self) -> f64 {
        match self {
            ReferenceTemperature::Celsius0 => 0.0,
            ReferenceTemperature::Celsius15 => 15.0,
            ReferenceTemperature::Celsius20 => 20.0,
        }
    }

    /// The supported temperature equal to `celsius`, if any.
    pub fn from_celsius(celsius: f64) -> Option<Self> {
        [Self::Celsius0, Self::Celsius15, Self::Celsius20]
            .into_iter()
            .find(|t| t.celsius() == celsius)
    }
}

/// What the volumes measure, the temperature they are metered at, and whether the source said so.
///
/// cmmcast works with pure-CH4-equivalent volumes at 101.325 kPa; a gas mixture's volume must
/// be multiplied by its CH4 concentration before it is given to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeBasis {
    /// Metering temperature.
    pub temperature: ReferenceTemperature,
    /// `true` when the data's source states the basis, `false` when it is our assumption.
    pub stated_by_source: bool,
}

impl VolumeBasis {
    /// The default: 20 °C, 101.325 kPa, pure CH4 equivalent, assumed (not stated by a source).
    ///
    /// 20 °C is the Chinese gas-metering convention and the one IPCC 2006 uses for coal-mine
    /// methane; see [SOURCES: songzao-assumptions].
    pub const ASSUMED_20C: VolumeBasis = VolumeBasis {
        temperature: ReferenceTemperature::Celsius20,
        stated_by_source: false,
    };

    /// A one-line description, e.g. `pure CH4 equivalent at 20 °C, 101.325 kPa (assumption)`.
    ///
    /// ```
    /// use cmmcast_data::VolumeBasis;
    /// assert_eq!(
    ///     VolumeBasis::ASSUMED_20C.describe(),
    ///     "pure CH4 equivalent at 20 °C, 101.325 kPa (assumption)"
    /// );
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "pure CH4 equivalent at {} °C, {} kPa ({})",
            self.temperature.celsius(),
            STANDARD_PRESSURE_KPA,
            if self.stated_by_source {
                "stated by the source"
            } else {
                "assumption"
            }
        )
    }
}

impl Default for VolumeBasis {
    fn default() -> Self {
        Self::ASSUMED_20C
    }
}

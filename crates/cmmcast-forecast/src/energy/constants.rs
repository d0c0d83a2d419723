//! Physical constants of methane as a fuel and of emission accounting, each with its source
//! (see [SOURCES: iso-6976], [SOURCES: acm0008]).

use cmmcast_data::ReferenceTemperature;
use serde::Serialize;

/// Properties of pure CH4 at 101.325 kPa and one metering temperature, from ISO 6976:2016
/// (methane; the same temperature for metering and for the combustion reference).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MethaneProperties {
    /// Real-gas density, kg/m3.
    pub density_kg_per_m3: f64,
    /// Lower heating value, MJ/m3.
    pub lhv_mj_per_m3: f64,
    /// Higher heating value, MJ/m3.
    pub hhv_mj_per_m3: f64,
}

/// Where the methane properties come from.
pub const METHANE_PROPERTIES_SOURCE: &str =
    "ISO 6976:2016, pure methane at 101.325 kPa [SOURCES: iso-6976]";

/// The properties of methane metered at `temperature`.
///
/// ```
/// use cmmcast_data::ReferenceTemperature;
/// use cmmcast_forecast::energy::methane_properties;
/// let p = methane_properties(ReferenceTemperature::Celsius20);
/// assert_eq!(p.lhv_mj_per_m3, 33.43);
/// assert_eq!(p.density_kg_per_m3, 0.6681);
/// ```
pub fn methane_properties(temperature: ReferenceTemperature) -> MethaneProperties {
    match temperature {
        ReferenceTemperature::Celsius0 => MethaneProperties {
            density_kg_per_m3: 0.7174,
            lhv_mj_per_m3: 35.90,
            hhv_mj_per_m3: 39.93,
        },
        ReferenceTemperature::Celsius15 => MethaneProperties {
            density_kg_per_m3: 0.6798,
            lhv_mj_per_m3: 34.02,
            hhv_mj_per_m3: 37.78,
        },
        ReferenceTemperature::Celsius20 => MethaneProperties {
            density_kg_per_m3: 0.6681,
            lhv_mj_per_m3: 33.43,
            hhv_mj_per_m3: 37.11,
        },
    }
}

/// Lower heating value of methane per kilogram, MJ/kg (ISO 6976:2016, rounded).
pub const METHANE_LHV_MJ_PER_KG: f64 = 50.0;

/// Molar mass of methane, g/mol (ISO 6976:2016).
pub const METHANE_MOLAR_MASS_G_PER_MOL: f64 = 16.0425;

/// Tonnes of CO2 from burning one tonne of CH4: 44/16 = 2.75, the stoichiometric ratio with
/// rounded molar masses that the UN CDM methodology ACM0008 uses.
pub const CO2_T_PER_T_CH4_BURNT: f64 = 44.0 / 16.0;

/// Share of the methane an enclosed flare destroys by default, the default flare of
/// `surplus = "flare"`: the CDM flaring tool's value, [SOURCES: cdm-flaring-tool]
/// (docs/METHODS.md, section 14.3, "Flare destruction efficiency": the tool's enclosed-flare sentence itself
/// was not in the excerpt read).
pub const ENCLOSED_FLARE_EFFICIENCY: f64 = 0.90;

/// Where [`ENCLOSED_FLARE_EFFICIENCY`] comes from, as `meta` prints it.
pub const FLARE_EFFICIENCY_SOURCE: &str = "CDM \"Tool to determine project emissions from flaring gases containing methane\" (AM_Tool_06, v1): 0.90 for an enclosed flare, as recorded in [SOURCES: cdm-flaring-tool]; an open flare is 0.50 (docs/METHODS.md, section 14.3, 'Flare destruction efficiency')";

/// Share of the methane an open flare destroys: "In case of open flares ... a default value of
/// 50% is to be used" (CDM flaring tool AM_Tool_06, v1; quoted in docs/METHODS.md,
/// section 14.3, "Flare destruction efficiency"). Not a default: give it as the flare efficiency for an open flare.
pub const OPEN_FLARE_EFFICIENCY: f64 = 0.50;

/// Megajoules in one megawatt-hour (3600 s x 1 MJ/s).
pub const MJ_PER_MWH: f64 = 3600.0;

/// Hours in a year used for annual energy: 8760 (365 days). A convention: leap years are not
/// given an extra day, so every year's capacity is comparable.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// Converts a gas volume from one metering temperature to another (both at 101.325 kPa) by
/// conserving mass with the ISO 6976 real-gas densities: V_to = V_from x ρ_from / ρ_to.
/// (The ideal-gas ratio of absolute temperatures agrees to within 0.06 % (real-gas compressibility).)
///
/// ```
/// use cmmcast_data::ReferenceTemperature::{Celsius0, Celsius20};
/// use cmmcast_forecast::energy::convert_volume;
/// // 100 m3 at 20 °C is 100 x 0.6681 / 0.7174 = 93.128 m3 at 0 °C.
/// let at_0 = convert_volume(100.0, Celsius20, Celsius0);
/// assert!((at_0 - 93.12796208530806).abs() < 1e-9);
/// assert!((convert_volume(at_0, Celsius0, Celsius20) - 100.0).abs() < 1e-12);
/// ```
pub fn convert_volume(volume: f64, from: ReferenceTemperature, to: ReferenceTemperature) -> f64 {
    if from == to {
        return volume;
    }
    volume * methane_properties(from).density_kg_per_m3 / methane_properties(to).density_kg_per_m3
}

/// A set of 100-year global warming potentials for methane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GwpSet {
    /// IPCC Second Assessment Report: 21 (used by early CDM projects).
    Sar,
    /// IPCC Fourth Assessment Report: 25.
    Ar4,
    /// IPCC Fifth Assessment Report: 28 (without climate-carbon feedbacks); the set UNFCCC
    /// reporting uses under the Paris Agreement's transparency framework. The default.
    Ar5,
    /// IPCC Sixth Assessment Report: 29.8 for fossil methane.
    Ar6,
}

impl GwpSet {
    /// Every set.
    pub const ALL: [GwpSet; 4] = [GwpSet::Sar, GwpSet::Ar4, GwpSet::Ar5, GwpSet::Ar6];

    /// The 100-year GWP of CH4, t CO2e per t CH4.
    pub fn ch4(self) -> f64 {
        match self {
            GwpSet::Sar => 21.0,
            GwpSet::Ar4 => 25.0,
            GwpSet::Ar5 => 28.0,
            GwpSet::Ar6 => 29.8,
        }
    }

    /// The name used in files and flags.
    pub fn name(self) -> &'static str {
        match self {
            GwpSet::Sar => "sar",
            GwpSet::Ar4 => "ar4",
            GwpSet::Ar5 => "ar5",
            GwpSet::Ar6 => "ar6",
        }
    }

    /// Where the value comes from.
    pub fn source(self) -> &'static str {
        match self {
            GwpSet::Sar => "IPCC SAR (1995), 100-year GWP of CH4",
            GwpSet::Ar4 => "IPCC AR4 (2007), 100-year GWP of CH4",
            GwpSet::Ar5 => {
                "IPCC AR5 (2013), 100-year GWP of CH4 without feedbacks; used in UNFCCC reporting"
            }
            GwpSet::Ar6 => "IPCC AR6 (2021), 100-year GWP of fossil CH4",
        }
    }

    /// Parses a set name (case-insensitive).
    pub fn parse(name: &str) -> Option<GwpSet> {
        GwpSet::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferenceTemperature::*;

    #[test]
    fn conversions_round_trip_between_every_pair_of_bases() {
        for from in [Celsius0, Celsius15, Celsius20] {
            for to in [Celsius0, Celsius15, Celsius20] {
                let there = convert_volume(304.84, from, to);
                let back = convert_volume(there, to, from);
                assert!(
                    (back - 304.84).abs() <= 1e-12 * 304.84,
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    /// The densities agree with the ideal gas law T_from / T_to within 0.06 % (methane is not quite an ideal gas):
    /// 0.7174 / 0.6681 = 1.07379 against 293.15 / 273.15 = 1.07322.
    #[test]
    fn densities_follow_the_gas_law() {
        let ratio = convert_volume(1.0, Celsius0, Celsius20);
        assert!((ratio / (293.15 / 273.15) - 1.0).abs() < 6e-4);
    }

    #[test]
    fn lhv_per_cubic_metre_is_density_times_lhv_per_kilogram_within_rounding() {
        for t in [Celsius0, Celsius15, Celsius20] {
            let p = methane_properties(t);
            let derived = p.density_kg_per_m3 * METHANE_LHV_MJ_PER_KG;
            assert!((derived / p.lhv_mj_per_m3 - 1.0).abs() < 2e-3, "{t:?}");
        }
    }
}

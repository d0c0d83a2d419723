//! The quantities of a year of the energy chain that the simulation summarises, the tornado
//! ranks and the report draws, each with its name, its unit and how it is read from a
//! [`YearEnergy`]. One list, so that a new quantity is one variant here and every command
//! that summarises or ranks the chain picks it up.

use serde::Serialize;

use crate::energy::YearEnergy;

/// One output of the energy chain for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Methane drained (after plan adherence, floored at zero), million m3.
    MethaneMm3,
    /// Methane burnt, million m3.
    BurntMm3,
    /// Drained methane neither burnt nor too lean to burn, million m3.
    SurplusMm3,
    /// Burnt / drained; 0 in a year with nothing drained ([`YearEnergy::utilization`]).
    Utilization,
    /// Gross electricity, GWh.
    ElectricityGwh,
    /// CO2e avoided, kt.
    Co2eAvoidedKt,
}

impl Quantity {
    /// Every quantity, in the order the simulation's tables and `--paths-out` list them.
    pub const ALL: [Quantity; 6] = [
        Quantity::MethaneMm3,
        Quantity::BurntMm3,
        Quantity::SurplusMm3,
        Quantity::Utilization,
        Quantity::ElectricityGwh,
        Quantity::Co2eAvoidedKt,
    ];

    /// The name, as columns, flags and scenario files spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Quantity::MethaneMm3 => "methane_mm3",
            Quantity::BurntMm3 => "burnt_mm3",
            Quantity::SurplusMm3 => "surplus_mm3",
            Quantity::Utilization => "utilization",
            Quantity::ElectricityGwh => "electricity_gwh",
            Quantity::Co2eAvoidedKt => "co2e_avoided_kt",
        }
    }

    /// The unit in words.
    pub const fn unit(self) -> &'static str {
        match self {
            Quantity::MethaneMm3 | Quantity::BurntMm3 | Quantity::SurplusMm3 => {
                "million m3 of CH4 per year"
            }
            Quantity::Utilization => "burnt / drained (0 when nothing is drained)",
            Quantity::ElectricityGwh => "GWh gross per year",
            Quantity::Co2eAvoidedKt => "kt CO2e per year",
        }
    }

    /// Decimals a terminal table shows: fractions need more than volumes.
    pub const fn table_decimals(self) -> usize {
        match self {
            Quantity::Utilization => 4,
            _ => 2,
        }
    }

    /// Its position in [`Quantity::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The quantity named `name`, if any.
    ///
    /// ```
    /// use cmmcast_forecast::energy::Quantity;
    /// assert_eq!(Quantity::parse("electricity_gwh"), Some(Quantity::ElectricityGwh));
    /// assert_eq!(Quantity::parse("gwh"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// This quantity of one year of the energy chain.
    #[inline]
    pub fn of(self, year: &YearEnergy) -> f64 {
        match self {
            Quantity::MethaneMm3 => year.methane_mm3,
            Quantity::BurntMm3 => year.burnt_mm3,
            Quantity::SurplusMm3 => year.surplus_mm3,
            Quantity::Utilization => year.utilization,
            Quantity::ElectricityGwh => year.electricity_gwh,
            Quantity::Co2eAvoidedKt => year.co2e_avoided_kt,
        }
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_index_order_and_names_parse_back() {
        for (i, q) in Quantity::ALL.into_iter().enumerate() {
            assert_eq!(q.index(), i);
            assert_eq!(Quantity::parse(q.name()), Some(q));
        }
    }
}

//! The energy chain: physical constants with sources, the power [`Plant`], and the annual
//! projection of gas burnt and left over, electricity, capacity factor, avoided emissions and
//! capacity needed.

mod constants;
mod need;
mod operating;
mod plant;
mod projection;
mod quantity;

pub use constants::{
    CO2_T_PER_T_CH4_BURNT, ENCLOSED_FLARE_EFFICIENCY, FLARE_EFFICIENCY_SOURCE, GwpSet,
    HOURS_PER_YEAR, METHANE_LHV_MJ_PER_KG, METHANE_MOLAR_MASS_G_PER_MOL, METHANE_PROPERTIES_SOURCE,
    MJ_PER_MWH, MethaneProperties, OPEN_FLARE_EFFICIENCY, convert_volume, methane_properties,
};
pub use need::{CapacityNeed, Sizing, TARGET_UTILIZATION_SOURCE, UNIT_MW_SOURCE, capacity_need};
pub use operating::{OperatingKey, OperatingValues};
pub use plant::{
    Assumption, CapacityAddition, MAX_GRID_FACTOR_T_PER_MWH, Origin, Plant, PlantBuilder,
    PlantOverrides, SURPLUS_SOURCE,
};
pub use projection::{
    Destruction, EnergyFactors, UTILIZATION_CONVENTION, YearEnergy, drainage_mm3, project_year,
    project_year_with, utilization,
};
pub use quantity::Quantity;

/// Where the surplus goes (from the data crate, where site facts name it).
pub use cmmcast_data::SurplusFate;

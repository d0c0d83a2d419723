//! The annual projection: from a year's drained methane to gas burnt and left over,
//! electricity, capacity factor and avoided emissions, and the capacity it would take to burn
//! a target share. Pure arithmetic on one year at a time, so a million site-years take
//! milliseconds. Equations: docs/METHODS.md, "The energy chain".

use serde::Serialize;

use crate::energy::constants::{
    CO2_T_PER_T_CH4_BURNT, HOURS_PER_YEAR, MJ_PER_MWH, methane_properties,
};
use crate::energy::plant::Plant;

/// One year of the energy chain. Volumes in million m3 of CH4 at the plant's basis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearEnergy {
    /// Calendar year.
    pub year: i32,
    /// Methane drained, million m3.
    pub methane_mm3: f64,
    /// Capacity running that year, MW.
    pub capacity_mw: f64,
    /// Methane sent to the plant, million m3.
    pub to_power_mm3: f64,
    /// Methane sent to the plant that the engines cannot take (too lean), million m3.
    pub unusable_mm3: f64,
    /// Methane the plant would burn running at full load whenever available, million m3.
    pub demand_mm3: f64,
    /// Methane burnt: min(usable methane sent to power, demand), million m3.
    pub burnt_mm3: f64,
    /// Drained methane neither burnt nor unusable: left for other uses, flaring or venting,
    /// million m3. burnt + surplus + unusable = drained.
    pub surplus_mm3: f64,
    /// burnt / drained; `None` when nothing is drained.
    pub utilization: Option<f64>,
    /// Gross electricity, GWh.
    pub electricity_gwh: f64,
    /// Electricity net of the parasitic load, GWh.
    pub net_electricity_gwh: f64,
    /// Gross output / (capacity x 8760 h); `None` without capacity.
    pub capacity_factor: Option<f64>,
    /// CO2e avoided by destroying methane, kt: CH4 destroyed x GWP − CO2 from burning it.
    pub co2e_destruction_kt: f64,
    /// CO2 avoided by displacing grid electricity, kt; `None` without a grid factor.
    pub co2e_grid_kt: Option<f64>,
    /// Total avoided, kt (destruction plus grid displacement when a factor is given).
    pub co2e_avoided_kt: f64,
}

/// Per-year constants of a plant, computed once and reused for every year.
#[derive(Debug, Clone, Copy)]
pub struct EnergyFactors {
    /// MWh of gross electricity per million m3 burnt.
    mwh_per_mm3: f64,
    /// Million m3 the plant burns per MW of capacity in a year at full availability.
    mm3_per_mw_year: f64,
    /// kt CO2e avoided per million m3 burnt, by destruction.
    co2e_kt_per_mm3: f64,
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

impl Plant {
    /// The plant's own operating values.
    #[inline]
    pub fn operating(&self) -> OperatingValues {
        OperatingValues {
            efficiency: self.efficiency,
            availability: self.availability,
            share_to_power: self.share_to_power,
            parasitic_fraction: self.parasitic_fraction,
            gas_concentration: self.gas_concentration,
            min_concentration: self.min_concentration,
            destruction_efficiency: self.destruction_efficiency,
        }
    }
}

impl EnergyFactors {
    /// The factors of `plant`.
    #[inline]
    pub fn new(plant: &Plant) -> EnergyFactors {
        EnergyFactors::with_values(plant, &plant.operating())
    }

    /// The factors of `plant` run with other operating values.
    #[inline]
    pub fn with_values(plant: &Plant, values: &OperatingValues) -> EnergyFactors {
        let gas = methane_properties(plant.basis);
        // 1 million m3 x LHV MJ/m3 x efficiency / 3600 MJ/MWh.
        let mwh_per_mm3 = 1e6 * gas.lhv_mj_per_m3 * values.efficiency / MJ_PER_MWH;
        // 1 MW x 8760 h x availability = MWh a year; divided by MWh per million m3.
        let mm3_per_mw_year = HOURS_PER_YEAR * values.availability / mwh_per_mm3;
        // 1 million m3 x density kg/m3 = 1000 t per kg/m3; kt = t / 1000.
        let ch4_kt_per_mm3 = gas.density_kg_per_m3;
        let co2e_kt_per_mm3 = ch4_kt_per_mm3
            * values.destruction_efficiency
            * (plant.gwp.ch4() - CO2_T_PER_T_CH4_BURNT);
        EnergyFactors {
            mwh_per_mm3,
            mm3_per_mw_year,
            co2e_kt_per_mm3,
        }
    }

    /// Capacity, MW, that burns `mm3` million m3 a year at full availability.
    pub fn capacity_for(&self, mm3: f64) -> f64 {
        mm3 / self.mm3_per_mw_year
    }
}

/// The energy chain for one year with `methane_mm3` drained.
///
/// ```
/// use cmmcast_forecast::energy::{EnergyFactors, Plant, project_year};
/// let plant = Plant::builder().capacity_mw(26.9).build()?;
/// let year = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
/// // 26.9 MW x 0.9 x 8760 h = 212,079.6 MWh; the plan has more gas than the plant can burn.
/// assert!((year.electricity_gwh - 212.0796).abs() < 1e-9);
/// // 212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60.10096 million m3.
/// assert!((year.burnt_mm3 - 60.100962).abs() < 1e-6);
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[inline]
pub fn project_year(
    plant: &Plant,
    factors: &EnergyFactors,
    year: i32,
    methane_mm3: f64,
) -> YearEnergy {
    project_year_with(plant, &plant.operating(), factors, year, methane_mm3)
}

/// [`project_year`] with other operating values (a simulation's draws); `factors` must come
/// from [`EnergyFactors::with_values`] with the same values.
#[inline]
pub fn project_year_with(
    plant: &Plant,
    values: &OperatingValues,
    factors: &EnergyFactors,
    year: i32,
    methane_mm3: f64,
) -> YearEnergy {
    let capacity_mw = plant.capacity_in(year);
    let to_power_mm3 = methane_mm3 * values.share_to_power;
    let usable_mm3 = if values.gas_concentration >= values.min_concentration {
        to_power_mm3
    } else {
        0.0
    };
    let unusable_mm3 = to_power_mm3 - usable_mm3;
    let demand_mm3 = capacity_mw * factors.mm3_per_mw_year;
    let burnt_mm3 = usable_mm3.min(demand_mm3);
    // Clamped at zero: rounding must never make the leftover negative.
    let surplus_mm3 = (methane_mm3 - burnt_mm3 - unusable_mm3).max(0.0);
    let electricity_mwh = burnt_mm3 * factors.mwh_per_mm3;
    let electricity_gwh = electricity_mwh / 1000.0;
    let net_electricity_gwh = electricity_gwh * (1.0 - values.parasitic_fraction);
    let capacity_factor =
        (capacity_mw > 0.0).then(|| (electricity_mwh / (capacity_mw * HOURS_PER_YEAR)).min(1.0));
    let co2e_destruction_kt = burnt_mm3 * factors.co2e_kt_per_mm3;
    // Net MWh x t/MWh = t; / 1000 = kt.
    let co2e_grid_kt = plant
        .grid_factor_t_per_mwh
        .map(|factor| net_electricity_gwh * 1000.0 * factor / 1000.0);
    YearEnergy {
        year,
        methane_mm3,
        capacity_mw,
        to_power_mm3,
        unusable_mm3,
        demand_mm3,
        burnt_mm3,
        surplus_mm3,
        utilization: (methane_mm3 > 0.0).then(|| burnt_mm3 / methane_mm3),
        electricity_gwh,
        net_electricity_gwh,
        capacity_factor,
        co2e_destruction_kt,
        co2e_grid_kt,
        co2e_avoided_kt: co2e_destruction_kt + co2e_grid_kt.unwrap_or(0.0),
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

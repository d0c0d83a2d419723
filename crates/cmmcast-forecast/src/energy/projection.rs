//! The annual projection: from a year's drained methane to gas burnt and left over,
//! electricity, capacity factor and avoided emissions, and the capacity it would take to burn
//! a target share. Pure arithmetic on one year at a time, so a million site-years take
//! milliseconds. Equations: docs/METHODS.md, "The energy chain".

use serde::Serialize;

use cmmcast_data::SurplusFate;

use crate::energy::constants::{
    CO2_T_PER_T_CH4_BURNT, HOURS_PER_YEAR, MJ_PER_MWH, methane_properties,
};
use crate::energy::operating::OperatingValues;
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
    /// Methane flared, million m3: with `surplus = flare`, everything sent to power that the
    /// engines do not burn (too lean for them included); 0 when the surplus is vented. Gas not
    /// sent to power is used elsewhere and never flared here ([`EnergyFactors::destruction`]).
    pub flared_mm3: f64,
    /// burnt / drained; 0 in a year with nothing drained (nothing to burn, nothing burnt), the
    /// convention every command prints and the simulation summarises ([`utilization`]).
    pub utilization: f64,
    /// Gross electricity, GWh.
    pub electricity_gwh: f64,
    /// Electricity net of the parasitic load, GWh.
    pub net_electricity_gwh: f64,
    /// Gross output / (capacity x 8760 h); `None` without capacity.
    pub capacity_factor: Option<f64>,
    /// CO2e avoided by destroying methane, kt: CH4 destroyed (in the engines and, when
    /// flaring, in the flare) x GWP − CO2 from burning it.
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
    /// Share of the drained methane sent to power (the rest is used elsewhere).
    share_to_power: f64,
    /// kt CO2e avoided per million m3 flared; `None` when the surplus is vented.
    flare_co2e_kt_per_mm3: Option<f64>,
}

/// The methane one year destroys and the CO2e that avoids ([`EnergyFactors::destruction`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destruction {
    /// Methane flared, million m3 (0 when the surplus is vented).
    pub flared_mm3: f64,
    /// CO2e avoided by destroying methane in the engines and the flare, kt.
    pub co2e_kt: f64,
}

impl EnergyFactors {
    /// The factors of `plant`.
    #[inline]
    pub fn new(plant: &Plant) -> EnergyFactors {
        EnergyFactors::with_values(plant, &plant.operating)
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
        // The same trade as in the engines, at the flare's destruction efficiency.
        let flare_co2e_kt_per_mm3 = match plant.surplus {
            SurplusFate::Vent => None,
            SurplusFate::Flare => Some(
                ch4_kt_per_mm3 * plant.flare_efficiency * (plant.gwp.ch4() - CO2_T_PER_T_CH4_BURNT),
            ),
        };
        EnergyFactors {
            mwh_per_mm3,
            mm3_per_mw_year,
            co2e_kt_per_mm3,
            share_to_power: values.share_to_power,
            flare_co2e_kt_per_mm3,
        }
    }

    /// The methane destroyed in a year with `drained_mm3` drained and `burnt_mm3` burnt in the
    /// engines, and the CO2e that avoids, in the shape of CDM methodology ACM0008: methane
    /// destroyed x (GWP − 44/16). The engines destroy burnt x their destruction efficiency.
    /// With `surplus = flare` the flare takes what was sent to power (drained x share to power)
    /// and not burnt, gas too lean for the engines included, and destroys it at the flare
    /// efficiency; the drained gas not sent to power is used elsewhere, not the project's to
    /// credit. Vented surplus counts zero, as it is vented in the baseline too. The one place
    /// the destruction credit is computed: the projection, the simulation and the sizing call
    /// it with a path-year's volumes. docs/METHODS.md, "Surplus: vent or flare".
    ///
    /// ```
    /// use cmmcast_data::SurplusFate;
    /// use cmmcast_forecast::energy::{EnergyFactors, Plant};
    /// let plant = Plant::builder().surplus(SurplusFate::Flare).build()?;
    /// let d = EnergyFactors::new(&plant).destruction(100.0, 40.0);
    /// // 60 million m3 flared; 0.6681 kt/million m3 x 0.9 x (28 − 2.75) = 15.182573 kt each,
    /// // plus 40 burnt x 0.6681 x 0.995 x 25.25 = 671.226 kt.
    /// assert_eq!(d.flared_mm3, 60.0);
    /// assert!((d.co2e_kt - (60.0 * 0.6681 * 0.9 * 25.25 + 40.0 * 0.6681 * 0.995 * 25.25)).abs() < 1e-9);
    /// # Ok::<(), cmmcast_forecast::ForecastError>(())
    /// ```
    #[inline]
    pub fn destruction(&self, drained_mm3: f64, burnt_mm3: f64) -> Destruction {
        let engines_kt = burnt_mm3 * self.co2e_kt_per_mm3;
        match self.flare_co2e_kt_per_mm3 {
            None => Destruction {
                flared_mm3: 0.0,
                co2e_kt: engines_kt,
            },
            Some(per_mm3) => {
                // Burnt never exceeds what was sent to power; the floor keeps a caller's
                // rounding from flaring a negative volume.
                let flared_mm3 = (drained_mm3 * self.share_to_power - burnt_mm3).max(0.0);
                Destruction {
                    flared_mm3,
                    co2e_kt: engines_kt + flared_mm3 * per_mm3,
                }
            }
        }
    }

    /// Capacity, MW, that burns `mm3` million m3 a year at full availability.
    pub fn capacity_for(&self, mm3: f64) -> f64 {
        mm3 / self.mm3_per_mw_year
    }

    /// MWh of gross electricity per million m3 burnt, for callers that burn gas outside
    /// [`project_year`] (the sizing's daily engines) and must price it the same way.
    #[inline]
    pub fn mwh_per_mm3(&self) -> f64 {
        self.mwh_per_mm3
    }
}

/// Drained methane from a trend's forecast or a simulated draw, million m3: the value floored
/// at zero. A trend extrapolated far enough (a declining linear one) goes below zero, and a
/// mine cannot drain less than nothing. This is the one place the floor is applied: `project`,
/// `simulate`, `size`, the tornado and the report pass their methane through it before the
/// energy chain, which never sees a negative volume.
///
/// ```
/// use cmmcast_forecast::energy::drainage_mm3;
/// assert_eq!(drainage_mm3(-10.3), 0.0);
/// assert_eq!(drainage_mm3(222.94), 222.94);
/// ```
#[inline]
pub fn drainage_mm3(forecast_mm3: f64) -> f64 {
    forecast_mm3.max(0.0)
}

/// How every command prints the utilization of a year with no gas drained, for output `meta`.
pub const UTILIZATION_CONVENTION: &str = "utilization = burnt / drained, and 0 in a year with nothing drained (nothing to burn, nothing burnt); every command prints it so";

/// Share of the drained methane burnt: burnt / drained, and 0 when nothing is drained (no gas,
/// so none burnt). Every command prints utilization by this convention.
///
/// ```
/// use cmmcast_forecast::energy::utilization;
/// assert_eq!(utilization(60.1, 240.4), 0.25);
/// assert_eq!(utilization(0.0, 0.0), 0.0);
/// ```
#[inline]
pub fn utilization(burnt_mm3: f64, drained_mm3: f64) -> f64 {
    if drained_mm3 > 0.0 {
        burnt_mm3 / drained_mm3
    } else {
        0.0
    }
}

/// The energy chain for one year with `methane_mm3` drained (at least zero: pass a forecast
/// through [`drainage_mm3`] first).
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
    project_year_with(plant, &plant.operating, factors, year, methane_mm3)
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
    debug_assert!(methane_mm3 >= 0.0, "drainage is floored at zero first");
    let capacity_mw = plant.capacity_in(year);
    let to_power_mm3 = methane_mm3 * values.share_to_power;
    let usable_mm3 = if values.gas_is_usable() {
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
    let destruction = factors.destruction(methane_mm3, burnt_mm3);
    let co2e_destruction_kt = destruction.co2e_kt;
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
        flared_mm3: destruction.flared_mm3,
        utilization: utilization(burnt_mm3, methane_mm3),
        electricity_gwh,
        net_electricity_gwh,
        capacity_factor,
        co2e_destruction_kt,
        co2e_grid_kt,
        co2e_avoided_kt: co2e_destruction_kt + co2e_grid_kt.unwrap_or(0.0),
    }
}

//! The power plant: every parameter with its default, its allowed range, its unit and where
//! its value came from, checked once when the plant is built.

use serde::Serialize;

use cmmcast_data::{ReferenceTemperature, SiteFacts};

use crate::energy::constants::GwpSet;
use crate::error::ForecastError;

/// Largest grid emission factor accepted, t CO2/MWh: ten times what coal-fired power emits
/// (about 1 t CO2/MWh). Keeps every output finite.
pub const MAX_GRID_FACTOR_T_PER_MWH: f64 = 10.0;

/// Where a plant parameter's value came from, echoed in output so every number can be traced.
/// Serializes as one string: the default's source (or "assumption: ..."), "site facts", or
/// "given".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default, with its source or the word "assumption".
    Default(&'static str),
    /// The site-facts file.
    SiteFacts,
    /// A command-line flag or an explicit value in code.
    Given,
}

impl Origin {
    /// A phrase for messages: where a refused value came from.
    pub fn phrase(&self) -> &'static str {
        match self {
            Origin::SiteFacts => " (from the site facts)",
            _ => "",
        }
    }
}

/// Lowest electrical efficiency accepted: below 1 % no engine runs, and smaller values would
/// only blow the gas demand up towards infinity.
pub const MIN_EFFICIENCY: f64 = 0.01;

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            Origin::Default(source) => source,
            Origin::SiteFacts => "site facts",
            Origin::Given => "given (command line or code)",
        })
    }
}

/// One parameter as echoed in `meta`: value, unit, source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// The parameter's name (as the flag and the site-facts key spell it).
    pub name: &'static str,
    /// Its value (numbers as numbers, names as strings).
    pub value: serde_json::Value,
    /// Unit, in words.
    pub unit: &'static str,
    /// Where the value came from.
    #[serde(rename = "source")]
    pub origin: Origin,
}

/// MW added to the plant from a year on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityAddition {
    /// First year the capacity runs.
    pub year: i32,
    /// Electrical capacity added, MW.
    pub mw: f64,
}

/// A gas-engine power plant burning drained coal-mine methane.
///
/// Build it with [`Plant::builder`]; every value is checked there, so a `Plant` is always
/// valid.
///
/// ```
/// use cmmcast_forecast::energy::Plant;
/// let plant = Plant::builder().capacity_mw(26.9).build()?;
/// assert_eq!(plant.efficiency, 0.38);
/// assert_eq!(plant.capacity_in(2020), 26.9);
/// assert!(Plant::builder().efficiency(0.8).build().is_err());
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plant {
    /// Installed electrical capacity before any scheduled addition, MW.
    pub capacity_mw: f64,
    /// Electrical efficiency, fraction of the gas's lower heating value.
    pub efficiency: f64,
    /// Share of the year the engines can run at full load.
    pub availability: f64,
    /// Share of the drained methane sent to the power plant (the rest goes to other uses).
    pub share_to_power: f64,
    /// Share of gross output the plant uses itself (compression, cooling, auxiliaries).
    pub parasitic_fraction: f64,
    /// CH4 concentration of the drained gas, fraction.
    pub gas_concentration: f64,
    /// Lowest CH4 concentration the engines accept, fraction.
    pub min_concentration: f64,
    /// Share of the burnt methane destroyed in the engines.
    pub destruction_efficiency: f64,
    /// Global warming potentials used for avoided emissions.
    pub gwp: GwpSet,
    /// Grid emission factor, t CO2 per MWh; `None` leaves grid displacement out.
    pub grid_factor_t_per_mwh: Option<f64>,
    /// Capacity added from given years on, sorted by year.
    pub additions: Vec<CapacityAddition>,
    /// Metering temperature of the methane volumes (sets the heating value used).
    pub basis: ReferenceTemperature,
    #[serde(skip)]
    assumptions: Vec<Assumption>,
}

impl Plant {
    /// A builder holding the defaults.
    pub fn builder() -> PlantBuilder {
        PlantBuilder::default()
    }

    /// Capacity running in `year`: the base plus every addition from that year or earlier, MW.
    #[inline]
    pub fn capacity_in(&self, year: i32) -> f64 {
        self.capacity_mw
            + self
                .additions
                .iter()
                .filter(|a| a.year <= year)
                .map(|a| a.mw)
                .sum::<f64>()
    }

    /// Whether the drained gas is rich enough for the engines.
    pub fn gas_is_usable(&self) -> bool {
        self.gas_concentration >= self.min_concentration
    }

    /// Every parameter with its value, unit and origin, for output `meta`.
    pub fn assumptions(&self) -> &[Assumption] {
        &self.assumptions
    }
}

/// Optional values for a plant, as a site-facts file or command-line flags give them; see
/// [`PlantBuilder::apply`]. `None` leaves the builder's value as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlantOverrides {
    /// Installed capacity, MW.
    pub capacity_mw: Option<f64>,
    /// Electrical efficiency.
    pub efficiency: Option<f64>,
    /// Availability.
    pub availability: Option<f64>,
    /// Share of drained methane sent to power.
    pub share_to_power: Option<f64>,
    /// Parasitic load fraction.
    pub parasitic_fraction: Option<f64>,
    /// CH4 concentration of the drained gas.
    pub gas_concentration: Option<f64>,
    /// Lowest concentration the engines accept.
    pub min_concentration: Option<f64>,
    /// Destruction efficiency.
    pub destruction_efficiency: Option<f64>,
    /// GWP set.
    pub gwp: Option<GwpSet>,
    /// Grid emission factor, t CO2/MWh.
    pub grid_factor_t_per_mwh: Option<f64>,
    /// Capacity additions (replacing any earlier schedule).
    pub additions: Option<Vec<CapacityAddition>>,
    /// Metering temperature of the volumes.
    pub basis: Option<ReferenceTemperature>,
}

/// A builder setter for one numeric parameter.
type NumericSetter = fn(PlantBuilder, f64) -> PlantBuilder;

/// One numeric parameter: its value, where it came from, and its rules.
#[derive(Debug, Clone)]
struct Setting {
    value: f64,
    origin: Origin,
}

impl Setting {
    fn preset(value: f64, source: &'static str) -> Setting {
        Setting {
            value,
            origin: Origin::Default(source),
        }
    }
}

/// Builds a [`Plant`], checking every value once (the linfa "checked parameters" pattern).
///
/// Each setter records the value as given in code or on the command line; the `*_from_facts`
/// path ([`PlantBuilder::origin_site_facts`]) marks values read from a site-facts file.
#[derive(Debug, Clone)]
pub struct PlantBuilder {
    capacity_mw: Setting,
    efficiency: Setting,
    availability: Setting,
    share_to_power: Setting,
    parasitic_fraction: Setting,
    gas_concentration: Setting,
    min_concentration: Setting,
    destruction_efficiency: Setting,
    gwp: (GwpSet, Origin),
    grid_factor: (Option<f64>, Origin),
    additions: (Vec<CapacityAddition>, Origin),
    basis: (ReferenceTemperature, Origin),
    next_origin: Origin,
}

impl Default for PlantBuilder {
    fn default() -> Self {
        PlantBuilder {
            capacity_mw: Setting::preset(
                0.0,
                "assumption: no plant unless the site facts give one",
            ),
            efficiency: Setting::preset(
                0.38,
                "assumption: a central value between older Chinese units (30-35 %) and modern lean-burn engines (38-43 % at full load) (domain.md, section 3)",
            ),
            availability: Setting::preset(
                0.90,
                "assumption: 7,884 running hours a year, close to the 8,000 h CMM projects plan (domain.md, section 3)",
            ),
            share_to_power: Setting::preset(
                1.0,
                "assumption: all drained methane offered to the plant",
            ),
            parasitic_fraction: Setting::preset(
                0.0,
                "assumption: not confirmed by a source; a few per cent is typical",
            ),
            gas_concentration: Setting::preset(
                1.0,
                "assumption: concentration not modelled, all drained gas usable (Chinese rules forbid burning drained gas below 30 % CH4)",
            ),
            min_concentration: Setting::preset(
                0.0,
                "assumption: engines accept any concentration (Chinese rules: 30 % for direct use; low-concentration gensets from 8-10 %)",
            ),
            destruction_efficiency: Setting::preset(
                0.995,
                "CDM practice for engines, close to complete destruction (domain.md, section 5)",
            ),
            gwp: (
                GwpSet::Ar5,
                Origin::Default("IPCC AR5, the set UNFCCC reporting uses"),
            ),
            grid_factor: (
                None,
                Origin::Default(
                    "no default: grid displacement is left out unless a factor is given",
                ),
            ),
            additions: (Vec::new(), Origin::Default("assumption: no capacity added")),
            basis: (
                ReferenceTemperature::Celsius20,
                Origin::Default("assumption: 20 °C, 101.325 kPa (Chinese metering, IPCC 2006)"),
            ),
            next_origin: Origin::Given,
        }
    }
}

macro_rules! numeric_setter {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub fn $name(mut self, value: f64) -> Self {
            self.$name = Setting {
                value,
                origin: self.next_origin.clone(),
            };
            self
        }
    };
}

impl PlantBuilder {
    /// The defaults overridden by a site's facts: its plant capacity, volume basis and every
    /// key of its `plant` table, each recorded as coming from the site facts.
    ///
    /// ```
    /// use cmmcast_forecast::energy::{Origin, PlantBuilder};
    /// let data = cmmcast_data::Dataset::songzao();
    /// let plant = PlantBuilder::from_site_facts(&data.site(None)?.facts).unwrap().build().unwrap();
    /// assert_eq!(plant.capacity_mw, 26.9);
    /// assert_eq!(plant.assumptions()[0].origin, Origin::SiteFacts);
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn from_site_facts(facts: &SiteFacts) -> Result<PlantBuilder, ForecastError> {
        let plant = &facts.plant;
        let gwp = match &plant.gwp {
            Some(name) => {
                Some(GwpSet::parse(name).ok_or_else(|| ForecastError::UnknownGwp(name.clone()))?)
            }
            None => None,
        };
        let overrides = PlantOverrides {
            capacity_mw: facts.plant_capacity_mw,
            efficiency: plant.efficiency,
            availability: plant.availability,
            share_to_power: plant.share_to_power,
            parasitic_fraction: plant.parasitic_fraction,
            gas_concentration: plant.gas_concentration,
            min_concentration: plant.min_concentration,
            destruction_efficiency: plant.destruction_efficiency,
            gwp,
            grid_factor_t_per_mwh: plant.grid_factor_t_per_mwh,
            additions: (!plant.capacity_additions.is_empty()).then(|| {
                plant
                    .capacity_additions
                    .iter()
                    .map(|a| CapacityAddition {
                        year: a.year,
                        mw: a.mw,
                    })
                    .collect()
            }),
            basis: (facts.volume_basis != cmmcast_data::VolumeBasis::ASSUMED_20C)
                .then_some(facts.volume_basis.temperature),
        };
        Ok(PlantBuilder::default()
            .origin_site_facts()
            .apply(&overrides)
            .origin_given())
    }

    /// Sets every value the overrides hold, leaving the others as they are.
    pub fn apply(mut self, overrides: &PlantOverrides) -> Self {
        let numbers: [(Option<f64>, NumericSetter); 8] = [
            (overrides.capacity_mw, Self::capacity_mw),
            (overrides.efficiency, Self::efficiency),
            (overrides.availability, Self::availability),
            (overrides.share_to_power, Self::share_to_power),
            (overrides.parasitic_fraction, Self::parasitic_fraction),
            (overrides.gas_concentration, Self::gas_concentration),
            (overrides.min_concentration, Self::min_concentration),
            (
                overrides.destruction_efficiency,
                Self::destruction_efficiency,
            ),
        ];
        for (value, set) in numbers {
            if let Some(value) = value {
                self = set(self, value);
            }
        }
        if let Some(gwp) = overrides.gwp {
            self = self.gwp(gwp);
        }
        if let Some(factor) = overrides.grid_factor_t_per_mwh {
            self = self.grid_factor_t_per_mwh(factor);
        }
        if let Some(additions) = &overrides.additions {
            self = self.additions(additions.clone());
        }
        if let Some(basis) = overrides.basis {
            self = self.basis(basis);
        }
        self
    }

    /// Values set after this call are recorded as coming from the site-facts file; call
    /// [`PlantBuilder::origin_given`] to switch back before applying flags.
    pub fn origin_site_facts(mut self) -> Self {
        self.next_origin = Origin::SiteFacts;
        self
    }

    /// Values set after this call are recorded as given explicitly (flags, code).
    pub fn origin_given(mut self) -> Self {
        self.next_origin = Origin::Given;
        self
    }

    numeric_setter!(
        /// Installed capacity, MW (at least 0).
        capacity_mw
    );
    numeric_setter!(
        /// Electrical efficiency, LHV basis, in [0.01, 0.6] ([`MIN_EFFICIENCY`] to 0.6).
        efficiency
    );
    numeric_setter!(
        /// Availability, in (0, 1].
        availability
    );
    numeric_setter!(
        /// Share of drained methane sent to power, in [0, 1].
        share_to_power
    );
    numeric_setter!(
        /// Parasitic load, fraction of gross output, in [0, 1].
        parasitic_fraction
    );
    numeric_setter!(
        /// CH4 concentration of the drained gas, in (0, 1].
        gas_concentration
    );
    numeric_setter!(
        /// Lowest concentration the engines accept, in [0, 1].
        min_concentration
    );
    numeric_setter!(
        /// Destruction efficiency of the engines, in (0, 1].
        destruction_efficiency
    );

    /// GWP set.
    pub fn gwp(mut self, gwp: GwpSet) -> Self {
        self.gwp = (gwp, self.next_origin.clone());
        self
    }

    /// Grid emission factor, t CO2/MWh (at least 0, at most [`MAX_GRID_FACTOR_T_PER_MWH`]).
    pub fn grid_factor_t_per_mwh(mut self, factor: f64) -> Self {
        self.grid_factor = (Some(factor), self.next_origin.clone());
        self
    }

    /// Capacity additions (any order; years must be unique, MW above 0).
    pub fn additions(mut self, additions: Vec<CapacityAddition>) -> Self {
        self.additions = (additions, self.next_origin.clone());
        self
    }

    /// Metering temperature of the volumes.
    pub fn basis(mut self, basis: ReferenceTemperature) -> Self {
        self.basis = (basis, self.next_origin.clone());
        self
    }

    /// Checks every value and builds the plant.
    pub fn build(self) -> Result<Plant, ForecastError> {
        let check = |name: &'static str, s: &Setting, ok: bool, allowed: &'static str| {
            if ok && s.value.is_finite() {
                Ok(s.value)
            } else {
                Err(ForecastError::BadPlantParameter {
                    name,
                    from: s.origin.phrase(),
                    value: s.value,
                    allowed,
                })
            }
        };
        let v = |s: &Setting| s.value;
        let capacity_mw = check(
            "capacity_mw",
            &self.capacity_mw,
            v(&self.capacity_mw) >= 0.0,
            "at least 0 MW",
        )?;
        let efficiency = check(
            "efficiency",
            &self.efficiency,
            v(&self.efficiency) >= MIN_EFFICIENCY && v(&self.efficiency) <= 0.6,
            "of at least 0.01 and at most 0.6 (a fraction of the lower heating value, e.g. 0.38)",
        )?;
        let availability = check(
            "availability",
            &self.availability,
            v(&self.availability) > 0.0 && v(&self.availability) <= 1.0,
            "above 0 and at most 1 (a fraction of the year, e.g. 0.9)",
        )?;
        let unit = |s: &Setting| (0.0..=1.0).contains(&s.value);
        let share_to_power = check(
            "share_to_power",
            &self.share_to_power,
            unit(&self.share_to_power),
            "between 0 and 1 (a fraction of the drained methane)",
        )?;
        let parasitic_fraction = check(
            "parasitic_fraction",
            &self.parasitic_fraction,
            unit(&self.parasitic_fraction),
            "between 0 and 1 (a fraction of gross output)",
        )?;
        let gas_concentration = check(
            "gas_concentration",
            &self.gas_concentration,
            v(&self.gas_concentration) > 0.0 && v(&self.gas_concentration) <= 1.0,
            "above 0 and at most 1 (a CH4 fraction, e.g. 0.45)",
        )?;
        let min_concentration = check(
            "min_concentration",
            &self.min_concentration,
            unit(&self.min_concentration),
            "between 0 and 1 (a CH4 fraction, e.g. 0.30)",
        )?;
        let destruction_efficiency = check(
            "destruction_efficiency",
            &self.destruction_efficiency,
            v(&self.destruction_efficiency) > 0.0 && v(&self.destruction_efficiency) <= 1.0,
            "above 0 and at most 1 (e.g. 0.995 for engines)",
        )?;
        if let Some(factor) = self.grid_factor.0
            && !(factor.is_finite() && (0.0..=MAX_GRID_FACTOR_T_PER_MWH).contains(&factor))
        {
            return Err(ForecastError::BadPlantParameter {
                name: "grid_factor_t_per_mwh",
                from: self.grid_factor.1.phrase(),
                value: factor,
                allowed: "at least 0 and at most 10 t CO2/MWh (coal-fired power emits about 1)",
            });
        }
        let mut additions = self.additions.0.clone();
        additions.sort_by_key(|a| a.year);
        if let Some(bad) = additions.iter().find(|a| !(a.mw.is_finite() && a.mw > 0.0)) {
            return Err(ForecastError::BadCapacitySchedule(format!(
                "{} MW added in {} is not above 0",
                bad.mw, bad.year
            )));
        }
        if let Some(pair) = additions.windows(2).find(|w| w[0].year == w[1].year) {
            return Err(ForecastError::BadCapacitySchedule(format!(
                "{} appears twice; give one total per year",
                pair[0].year
            )));
        }

        let number = |name, value: f64, unit, origin: &Origin| Assumption {
            name,
            value: serde_json::json!(value),
            unit,
            origin: origin.clone(),
        };
        let assumptions = vec![
            number(
                "capacity_mw",
                capacity_mw,
                "MW (electrical, before additions)",
                &self.capacity_mw.origin,
            ),
            number(
                "efficiency",
                efficiency,
                "fraction of LHV",
                &self.efficiency.origin,
            ),
            number(
                "availability",
                availability,
                "fraction of the year",
                &self.availability.origin,
            ),
            number(
                "share_to_power",
                share_to_power,
                "fraction of drained methane",
                &self.share_to_power.origin,
            ),
            number(
                "parasitic_fraction",
                parasitic_fraction,
                "fraction of gross output",
                &self.parasitic_fraction.origin,
            ),
            number(
                "gas_concentration",
                gas_concentration,
                "CH4 fraction of the drained gas",
                &self.gas_concentration.origin,
            ),
            number(
                "min_concentration",
                min_concentration,
                "CH4 fraction",
                &self.min_concentration.origin,
            ),
            number(
                "destruction_efficiency",
                destruction_efficiency,
                "fraction of burnt CH4",
                &self.destruction_efficiency.origin,
            ),
            Assumption {
                name: "gwp",
                value: serde_json::json!({ "set": self.gwp.0.name(), "ch4": self.gwp.0.ch4(), "source": self.gwp.0.source() }),
                unit: "t CO2e per t CH4 (100-year)",
                origin: self.gwp.1.clone(),
            },
            Assumption {
                name: "grid_factor_t_per_mwh",
                value: serde_json::json!(self.grid_factor.0),
                unit: "t CO2 per MWh",
                origin: self.grid_factor.1.clone(),
            },
            Assumption {
                name: "capacity_additions",
                value: serde_json::json!(additions),
                unit: "MW from the year on",
                origin: self.additions.1.clone(),
            },
            Assumption {
                name: "volume_basis_temperature_c",
                value: serde_json::json!(self.basis.0.celsius()),
                unit: "°C at 101.325 kPa",
                origin: self.basis.1.clone(),
            },
        ];
        Ok(Plant {
            capacity_mw,
            efficiency,
            availability,
            share_to_power,
            parasitic_fraction,
            gas_concentration,
            min_concentration,
            destruction_efficiency,
            gwp: self.gwp.0,
            grid_factor_t_per_mwh: self.grid_factor.0,
            additions,
            basis: self.basis.0,
            assumptions,
        })
    }
}

//! The power plant: every parameter with its default, its allowed range, its unit and where
//! its value came from, checked once when the plant is built. The ranges of the operating
//! values are those of the scenario key table (`cmmcast_data::SCENARIO_KEYS`), so a value
//! accepted in a scenario is accepted here and the other way round.

use serde::Serialize;

use cmmcast_data::{MAX_CAPACITY_MW, ReferenceTemperature, SiteFacts, SurplusFate};

use crate::energy::constants::{
    CO2_T_PER_T_CH4_BURNT, ENCLOSED_FLARE_EFFICIENCY, FLARE_EFFICIENCY_SOURCE, GwpSet,
    HOURS_PER_YEAR, METHANE_PROPERTIES_SOURCE, methane_properties,
};
use crate::energy::operating::{OperatingKey, OperatingValues, operating_field};
use crate::error::{ForecastError, ValueSource};

/// Largest grid emission factor accepted, t CO2/MWh: ten times what coal-fired power emits
/// (about 1 t CO2/MWh). Keeps every output finite.
pub const MAX_GRID_FACTOR_T_PER_MWH: f64 = 10.0;

/// Where the default [`SurplusFate`] comes from, as `meta` prints it.
pub const SURPLUS_SOURCE: &str =
    "assumption: the surplus is vented, as in the ACM0008 baseline, so nothing is credited for it";

/// Where a plant parameter's value came from, echoed in output so every number can be traced.
/// Serializes as one string: the default's source (or "assumption: ..."), "site facts",
/// "scenario NAME", or "given".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default, with its source or the word "assumption".
    Default(&'static str),
    /// The site-facts file.
    SiteFacts,
    /// A scenario's distribution (its median is the value); holds the scenario's name.
    Scenario(String),
    /// A command-line flag or an explicit value in code.
    Given,
}

impl Origin {
    /// The kind of source, for messages.
    pub fn source(&self) -> ValueSource {
        match self {
            Origin::Default(_) => ValueSource::Default,
            Origin::SiteFacts => ValueSource::SiteFacts,
            Origin::Scenario(_) => ValueSource::Scenario,
            Origin::Given => ValueSource::Given,
        }
    }

    /// The origin in the words `meta` and the report use.
    pub fn describe(&self) -> String {
        match self {
            Origin::Default(source) => (*source).to_string(),
            Origin::SiteFacts => "site facts".to_string(),
            Origin::Scenario(name) => format!("scenario \"{name}\" (its median)"),
            Origin::Given => "given (command line or code)".to_string(),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.describe())
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
/// assert_eq!(plant.operating.efficiency, 0.38);
/// assert_eq!(plant.capacity_in(2020), 26.9);
/// assert!(Plant::builder().efficiency(0.8).build().is_err());
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plant {
    /// Installed electrical capacity before any scheduled addition, MW.
    pub capacity_mw: f64,
    /// Efficiency, availability, share to power, parasitic load, concentrations, destruction.
    pub operating: OperatingValues,
    /// Global warming potentials used for avoided emissions.
    pub gwp: GwpSet,
    /// Grid emission factor, t CO2 per MWh; `None` leaves grid displacement out.
    pub grid_factor_t_per_mwh: Option<f64>,
    /// Where the methane sent to power but not burnt goes: vented (nothing credited) or
    /// flared (destroyed at [`Plant::flare_efficiency`], no electricity).
    pub surplus: SurplusFate,
    /// Share of the flared methane the flare destroys, in (0, 1]; used only when flaring.
    pub flare_efficiency: f64,
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
        self.operating.gas_is_usable()
    }

    /// Every parameter with its value, unit and origin, for output `meta`.
    pub fn assumptions(&self) -> &[Assumption] {
        &self.assumptions
    }

    /// The physical and accounting constants the energy chain uses for this plant's volume
    /// basis, each with its source, for output `meta` and the report.
    pub fn constants(&self) -> Vec<Assumption> {
        let gas = methane_properties(self.basis);
        let constant = |name, value: f64, unit, source| Assumption {
            name,
            value: serde_json::json!(value),
            unit,
            origin: Origin::Default(source),
        };
        vec![
            constant(
                "lhv_mj_per_m3",
                gas.lhv_mj_per_m3,
                "MJ/m3",
                METHANE_PROPERTIES_SOURCE,
            ),
            constant(
                "density_kg_per_m3",
                gas.density_kg_per_m3,
                "kg/m3",
                METHANE_PROPERTIES_SOURCE,
            ),
            constant(
                "co2_t_per_t_ch4_burnt",
                CO2_T_PER_T_CH4_BURNT,
                "t CO2 per t CH4",
                "44/16, UN CDM ACM0008",
            ),
            constant(
                "hours_per_year",
                HOURS_PER_YEAR,
                "h",
                "convention: 365 days",
            ),
        ]
    }

    /// Where the value of `name` (an [`Assumption`] name) came from.
    pub fn origin_of(&self, name: &str) -> Option<&Origin> {
        self.assumptions
            .iter()
            .find(|a| a.name == name)
            .map(|a| &a.origin)
    }
}

/// Optional values for a plant, as a site-facts file, a scenario or command-line flags give
/// them; see [`PlantBuilder::apply`]. `None` leaves the builder's value as it is.
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
    /// Where the surplus goes.
    pub surplus: Option<SurplusFate>,
    /// Flare destruction efficiency.
    pub flare_efficiency: Option<f64>,
    /// Capacity additions (replacing any earlier schedule).
    pub additions: Option<Vec<CapacityAddition>>,
    /// Metering temperature of the volumes.
    pub basis: Option<ReferenceTemperature>,
}

impl PlantOverrides {
    /// The operating value the overrides set for `key`, if any.
    pub fn operating(&self, key: OperatingKey) -> Option<f64> {
        operating_field!(self, key)
    }
}

/// One parameter's value and where it came from.
#[derive(Debug, Clone)]
struct Setting<T> {
    value: T,
    origin: Origin,
}

/// Builds a [`Plant`], checking every value once (the linfa "checked parameters" pattern).
///
/// Each setter records the value with the builder's current origin: given (code, flags) unless
/// [`PlantBuilder::with_origin`] says otherwise; [`PlantBuilder::from_site_facts`] marks the
/// values it reads as site facts.
#[derive(Debug, Clone)]
pub struct PlantBuilder {
    capacity_mw: Setting<f64>,
    operating: [Setting<f64>; 7],
    gwp: Setting<GwpSet>,
    grid_factor: Setting<Option<f64>>,
    surplus: Setting<SurplusFate>,
    flare_efficiency: Setting<f64>,
    additions: Setting<Vec<CapacityAddition>>,
    basis: Setting<ReferenceTemperature>,
    next_origin: Origin,
}

impl Default for PlantBuilder {
    fn default() -> Self {
        PlantBuilder {
            capacity_mw: Setting {
                value: 0.0,
                origin: Origin::Default("assumption: no plant unless the site facts give one"),
            },
            operating: OperatingKey::ALL.map(|key| {
                let (value, source) = key.default_value();
                Setting {
                    value,
                    origin: Origin::Default(source),
                }
            }),
            gwp: Setting {
                value: GwpSet::Ar5,
                origin: Origin::Default("IPCC AR5, the set UNFCCC reporting uses"),
            },
            grid_factor: Setting {
                value: None,
                origin: Origin::Default(
                    "no default: grid displacement is left out unless a factor is given",
                ),
            },
            surplus: Setting {
                value: SurplusFate::Vent,
                origin: Origin::Default(SURPLUS_SOURCE),
            },
            flare_efficiency: Setting {
                value: ENCLOSED_FLARE_EFFICIENCY,
                origin: Origin::Default(FLARE_EFFICIENCY_SOURCE),
            },
            additions: Setting {
                value: Vec::new(),
                origin: Origin::Default("assumption: no capacity added"),
            },
            basis: Setting {
                value: ReferenceTemperature::Celsius20,
                origin: Origin::Default(
                    "assumption: 20 °C, 101.325 kPa (Chinese metering, IPCC 2006)",
                ),
            },
            next_origin: Origin::Given,
        }
    }
}

macro_rules! operating_setter {
    ($(#[$doc:meta])* $name:ident, $key:expr) => {
        $(#[$doc])*
        pub fn $name(self, value: f64) -> Self {
            self.operating($key, value)
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
            surplus: plant.surplus,
            flare_efficiency: plant.flare_efficiency,
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
            .with_origin(Origin::SiteFacts)
            .apply(&overrides)
            .with_origin(Origin::Given))
    }

    /// Sets every value the overrides hold, leaving the others as they are.
    pub fn apply(mut self, overrides: &PlantOverrides) -> Self {
        if let Some(mw) = overrides.capacity_mw {
            self = self.capacity_mw(mw);
        }
        for key in OperatingKey::ALL {
            if let Some(value) = overrides.operating(key) {
                self = self.operating(key, value);
            }
        }
        if let Some(gwp) = overrides.gwp {
            self = self.gwp(gwp);
        }
        if let Some(factor) = overrides.grid_factor_t_per_mwh {
            self = self.grid_factor_t_per_mwh(factor);
        }
        if let Some(surplus) = overrides.surplus {
            self = self.surplus(surplus);
        }
        if let Some(efficiency) = overrides.flare_efficiency {
            self = self.flare_efficiency(efficiency);
        }
        if let Some(additions) = &overrides.additions {
            self = self.additions(additions.clone());
        }
        if let Some(basis) = overrides.basis {
            self = self.basis(basis);
        }
        self
    }

    /// Values set after this call are recorded as coming from `origin`.
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.next_origin = origin;
        self
    }

    fn setting<T>(&self, value: T) -> Setting<T> {
        Setting {
            value,
            origin: self.next_origin.clone(),
        }
    }

    /// Installed capacity, MW (at least 0; at most 10,000 with the additions).
    pub fn capacity_mw(mut self, value: f64) -> Self {
        self.capacity_mw = self.setting(value);
        self
    }

    /// One operating value (checked against its range in [`PlantBuilder::build`]).
    pub fn operating(mut self, key: OperatingKey, value: f64) -> Self {
        let index = key as usize;
        self.operating[index] = self.setting(value);
        self
    }

    /// The value `key` holds now, and where it came from.
    pub fn operating_value(&self, key: OperatingKey) -> (f64, &Origin) {
        let setting = &self.operating[key as usize];
        (setting.value, &setting.origin)
    }

    operating_setter!(
        /// Electrical efficiency, LHV basis, in [0.01, 0.6].
        efficiency, OperatingKey::Efficiency
    );
    operating_setter!(
        /// Availability, in (0, 1].
        availability, OperatingKey::Availability
    );
    operating_setter!(
        /// Share of drained methane sent to power, in [0, 1].
        share_to_power, OperatingKey::ShareToPower
    );
    operating_setter!(
        /// Parasitic load, fraction of gross output, in [0, 1].
        parasitic_fraction, OperatingKey::ParasiticFraction
    );
    operating_setter!(
        /// CH4 concentration of the drained gas, in (0, 1].
        gas_concentration, OperatingKey::GasConcentration
    );
    operating_setter!(
        /// Lowest concentration the engines accept, in [0, 1].
        min_concentration, OperatingKey::MinConcentration
    );
    operating_setter!(
        /// Destruction efficiency of the engines, in (0, 1].
        destruction_efficiency, OperatingKey::DestructionEfficiency
    );

    /// GWP set.
    pub fn gwp(mut self, gwp: GwpSet) -> Self {
        self.gwp = self.setting(gwp);
        self
    }

    /// Grid emission factor, t CO2/MWh (at least 0, at most [`MAX_GRID_FACTOR_T_PER_MWH`]).
    pub fn grid_factor_t_per_mwh(mut self, factor: f64) -> Self {
        self.grid_factor = self.setting(Some(factor));
        self
    }

    /// Where the surplus goes: vented (the default) or flared.
    pub fn surplus(mut self, surplus: SurplusFate) -> Self {
        self.surplus = self.setting(surplus);
        self
    }

    /// Share of the flared methane the flare destroys, in (0, 1] (0.90 for an enclosed flare,
    /// the default; 0.50 for an open one).
    pub fn flare_efficiency(mut self, efficiency: f64) -> Self {
        self.flare_efficiency = self.setting(efficiency);
        self
    }

    /// Capacity additions (any order; years must be unique, MW above 0).
    pub fn additions(mut self, additions: Vec<CapacityAddition>) -> Self {
        self.additions = self.setting(additions);
        self
    }

    /// Metering temperature of the volumes.
    pub fn basis(mut self, basis: ReferenceTemperature) -> Self {
        self.basis = self.setting(basis);
        self
    }

    /// Checks every value and builds the plant.
    pub fn build(self) -> Result<Plant, ForecastError> {
        let capacity = &self.capacity_mw;
        if !(capacity.value.is_finite() && capacity.value >= 0.0) {
            return Err(ForecastError::BadPlantParameter {
                name: "capacity_mw",
                from: capacity.origin.source(),
                value: capacity.value,
                allowed: "of at least 0 MW".into(),
            });
        }
        let mut operating = OperatingValues {
            efficiency: 0.0,
            availability: 0.0,
            share_to_power: 0.0,
            parasitic_fraction: 0.0,
            gas_concentration: 0.0,
            min_concentration: 0.0,
            destruction_efficiency: 0.0,
        };
        for key in OperatingKey::ALL {
            let setting = &self.operating[key as usize];
            if !key.scenario_key().range.admits(setting.value) {
                return Err(ForecastError::BadPlantParameter {
                    name: key.name(),
                    from: setting.origin.source(),
                    value: setting.value,
                    allowed: key.allowed(),
                });
            }
            operating.set(key, setting.value);
        }
        if let Some(factor) = self.grid_factor.value
            && !(factor.is_finite() && (0.0..=MAX_GRID_FACTOR_T_PER_MWH).contains(&factor))
        {
            return Err(ForecastError::BadPlantParameter {
                name: "grid_factor_t_per_mwh",
                from: self.grid_factor.origin.source(),
                value: factor,
                allowed: "of at least 0 and at most 10 t CO2/MWh (coal-fired power emits about 1)"
                    .into(),
            });
        }
        // Checked even when venting, so a bad value is refused where it was written rather
        // than when someone later switches to flaring.
        let flare = &self.flare_efficiency;
        if !(flare.value > 0.0 && flare.value <= 1.0) {
            return Err(ForecastError::BadPlantParameter {
                name: "flare_efficiency",
                from: flare.origin.source(),
                value: flare.value,
                allowed: "above 0 and at most 1 (share of the flared methane destroyed; e.g. 0.90 for an enclosed flare, 0.50 for an open one)".into(),
            });
        }
        let mut additions = self.additions.value.clone();
        additions.sort_by_key(|a| a.year);
        let schedule = |problem: String| ForecastError::BadCapacitySchedule {
            problem,
            from: self.additions.origin.source(),
        };
        if let Some(bad) = additions.iter().find(|a| !(a.mw.is_finite() && a.mw > 0.0)) {
            return Err(schedule(format!(
                "{} MW added in {} is not above 0",
                bad.mw, bad.year
            )));
        }
        if let Some(pair) = additions.windows(2).find(|w| w[0].year == w[1].year) {
            return Err(schedule(format!("{} appears twice", pair[0].year)));
        }
        // No larger plant than a site-facts file may give, additions included, which also keeps
        // every output finite.
        let largest = capacity.value + additions.iter().map(|a| a.mw).sum::<f64>();
        if !(largest.is_finite() && largest <= MAX_CAPACITY_MW) {
            if additions.is_empty() {
                return Err(ForecastError::BadPlantParameter {
                    name: "capacity_mw",
                    from: capacity.origin.source(),
                    value: largest,
                    allowed: format!("of at most {MAX_CAPACITY_MW} MW"),
                });
            }
            return Err(ForecastError::PlantTooLarge {
                total_mw: largest,
                max_mw: MAX_CAPACITY_MW,
                from: self.additions.origin.source(),
            });
        }

        let mut assumptions = vec![Assumption {
            name: "capacity_mw",
            value: serde_json::json!(capacity.value),
            unit: "MW (electrical, before additions)",
            origin: capacity.origin.clone(),
        }];
        for key in OperatingKey::ALL {
            let setting = &self.operating[key as usize];
            assumptions.push(Assumption {
                name: key.name(),
                value: serde_json::json!(setting.value),
                unit: key.unit(),
                origin: setting.origin.clone(),
            });
        }
        let gwp = self.gwp.value;
        assumptions.extend([
            Assumption {
                name: "gwp",
                value: serde_json::json!({ "set": gwp.name(), "ch4": gwp.ch4(), "source": gwp.source() }),
                unit: "t CO2e per t CH4 (100-year)",
                origin: self.gwp.origin.clone(),
            },
            Assumption {
                name: "grid_factor_t_per_mwh",
                value: serde_json::json!(self.grid_factor.value),
                unit: "t CO2 per MWh",
                origin: self.grid_factor.origin.clone(),
            },
            Assumption {
                name: "surplus",
                value: serde_json::json!(self.surplus.value.name()),
                unit: "vent or flare: the methane sent to power that the engines do not burn",
                origin: self.surplus.origin.clone(),
            },
            Assumption {
                name: "flare_efficiency",
                value: serde_json::json!(flare.value),
                unit: "fraction of flared CH4 destroyed (used only with surplus = flare)",
                origin: flare.origin.clone(),
            },
            Assumption {
                name: "capacity_additions",
                value: serde_json::json!(additions),
                unit: "MW from the year on",
                origin: self.additions.origin.clone(),
            },
            Assumption {
                name: "volume_basis_temperature_c",
                value: serde_json::json!(self.basis.value.celsius()),
                unit: "°C at 101.325 kPa",
                origin: self.basis.origin.clone(),
            },
        ]);
        Ok(Plant {
            capacity_mw: capacity.value,
            operating,
            gwp,
            grid_factor_t_per_mwh: self.grid_factor.value,
            surplus: self.surplus.value,
            flare_efficiency: flare.value,
            additions,
            basis: self.basis.value,
            assumptions,
        })
    }
}

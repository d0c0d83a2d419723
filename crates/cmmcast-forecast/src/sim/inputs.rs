//! The inputs a simulated path draws besides its trend: the plant's operating values and the
//! plan adherence, each fixed or drawn from a distribution, once per path or every year. The
//! one place an input key is read or set, for the paths and the tornado alike.

use serde::Serialize;

use cmmcast_data::{DistributionSpec, YearToYear};

use crate::energy::{OperatingKey, OperatingValues};
use crate::rng::PathRng;
use crate::sim::Sampler;
use crate::trend::PersistentLognormal;

/// An input a scenario can make uncertain: one of the plant's operating values, or the plan
/// adherence (a multiplier on the forecast drainage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKey {
    /// An operating value of the plant.
    Operating(OperatingKey),
    /// Multiplier on the forecast drainage.
    PlanAdherence,
}

impl InputKey {
    /// Every key, in the order a path draws them.
    pub const ALL: [InputKey; 8] = [
        InputKey::Operating(OperatingKey::Efficiency),
        InputKey::Operating(OperatingKey::Availability),
        InputKey::Operating(OperatingKey::ShareToPower),
        InputKey::Operating(OperatingKey::ParasiticFraction),
        InputKey::Operating(OperatingKey::GasConcentration),
        InputKey::Operating(OperatingKey::MinConcentration),
        InputKey::Operating(OperatingKey::DestructionEfficiency),
        InputKey::PlanAdherence,
    ];

    /// The scenario-file spelling (the key of `cmmcast_data::SCENARIO_KEYS`).
    pub const fn name(self) -> &'static str {
        match self {
            InputKey::Operating(key) => key.name(),
            InputKey::PlanAdherence => "plan_adherence",
        }
    }

    /// The key spelt `name`, if any.
    pub fn parse(name: &str) -> Option<InputKey> {
        InputKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Its position in [`InputKey::ALL`].
    fn index(self) -> usize {
        match self {
            InputKey::Operating(key) => key as usize,
            InputKey::PlanAdherence => 7,
        }
    }
}

impl Serialize for InputKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The values of every input for one path (or one year of it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DrawnInputs {
    /// The plant's operating values.
    pub values: OperatingValues,
    /// The multiplier on the forecast drainage (1 = as forecast).
    pub adherence: f64,
}

impl DrawnInputs {
    /// The plant's values as they are, drainage as forecast.
    pub fn of(values: OperatingValues) -> DrawnInputs {
        DrawnInputs {
            values,
            adherence: 1.0,
        }
    }

    /// One input's value.
    pub fn get(&self, key: InputKey) -> f64 {
        match key {
            InputKey::Operating(key) => self.values.get(key),
            InputKey::PlanAdherence => self.adherence,
        }
    }

    /// Sets one input.
    #[inline]
    pub fn set(&mut self, key: InputKey, value: f64) {
        match key {
            InputKey::Operating(key) => self.values.set(key, value),
            InputKey::PlanAdherence => self.adherence = value,
        }
    }
}

/// One uncertain input: its distribution, whether it is drawn every year and, for a per-year
/// lognormal plan adherence, how its years hang together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UncertainEntry {
    /// The input.
    pub key: InputKey,
    /// Its distribution (a fixed value when a flag fixes it).
    pub sampler: Sampler,
    /// Drawn every year of a path (true) or once per path (false).
    pub per_year: bool,
    /// The scenario's `path_share` and `persistence` (plan adherence only, lognormal and
    /// per-year: the scenario reader refuses them elsewhere); `None`, or both 0, for
    /// independent years. Ignored on any other entry.
    pub year_to_year: Option<YearToYear>,
}

/// The uncertain inputs of a simulation, in [`InputKey::ALL`] order (the order a path draws
/// them). Keys not listed keep the plant's value (plan adherence: 1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UncertainInputs {
    entries: Vec<UncertainEntry>,
}

impl UncertainInputs {
    /// The inputs `entries` lists, put in draw order; a key given twice keeps its last entry.
    pub fn new(entries: impl IntoIterator<Item = UncertainEntry>) -> UncertainInputs {
        let mut inputs = UncertainInputs::default();
        for entry in entries {
            inputs.entries.retain(|e| e.key != entry.key);
            inputs.entries.push(entry);
        }
        inputs.entries.sort_by_key(|e| e.key.index());
        inputs
    }

    /// The entries, in draw order.
    pub fn entries(&self) -> &[UncertainEntry] {
        &self.entries
    }

    /// The entry of `key`, if the input is uncertain or fixed by a flag.
    pub fn entry(&self, key: InputKey) -> Option<&UncertainEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// Every input at the `p`-quantile of its distribution, the others as `base` has them
    /// (the tornado's base case at p = 0.5).
    pub fn at_quantile(&self, base: DrawnInputs, p: f64) -> DrawnInputs {
        let mut inputs = base;
        for e in &self.entries {
            inputs.set(e.key, e.sampler.quantile(p));
        }
        inputs
    }

    /// Draws the inputs drawn once per path (`per_year` false) or the per-year ones (true) into
    /// `inputs`, in entry order, except `skip` (persistent plan adherence, which its own
    /// process draws). Fixed per-year entries draw nothing and are left as the path set them.
    #[inline]
    pub(crate) fn draw(
        &self,
        rng: &mut PathRng,
        per_year: bool,
        inputs: &mut DrawnInputs,
        skip: Option<InputKey>,
    ) {
        for e in &self.entries {
            if e.per_year != per_year || (per_year && e.sampler.is_fixed()) || skip == Some(e.key) {
                continue;
            }
            inputs.set(e.key, e.sampler.sample(rng));
        }
    }

    /// The persistent law of a per-year lognormal plan adherence whose years are tied
    /// together (`path_share` or `persistence` above 0); `None` otherwise.
    fn persistent_adherence(&self) -> Option<PersistentLognormal> {
        let e = self.entry(InputKey::PlanAdherence).filter(|e| e.per_year)?;
        match e.sampler.spec() {
            DistributionSpec::Lognormal { median, sigma } => {
                PersistentLognormal::new(median, sigma, e.year_to_year)
            }
            _ => None,
        }
    }
}

/// How a path's per-year inputs are drawn, decided once for a set of inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum YearlyDraws {
    /// Nothing varies by year.
    None,
    /// Only plan adherence, lognormal, independent years: ln a = ln(median) + σ z.
    LognormalAdherence { ln_median: f64, sigma: f64 },
    /// Only plan adherence, lognormal, with a per-path level and an AR(1) yearly part.
    PersistentAdherence(PersistentLognormal),
    /// Anything else: each year's inputs drawn in entry order, plan adherence by its
    /// persistent process when it has one.
    General {
        adherence: Option<PersistentLognormal>,
    },
}

impl YearlyDraws {
    pub(crate) fn of(inputs: &UncertainInputs) -> YearlyDraws {
        let persistent = inputs.persistent_adherence();
        let mut yearly = inputs
            .entries()
            .iter()
            .filter(|e| e.per_year && !e.sampler.is_fixed());
        match (yearly.next(), yearly.next()) {
            (None, _) => YearlyDraws::None,
            (Some(e), None) if e.key == InputKey::PlanAdherence => {
                match (persistent, e.sampler.spec()) {
                    (Some(process), _) => YearlyDraws::PersistentAdherence(process),
                    (None, DistributionSpec::Lognormal { median, sigma }) => {
                        YearlyDraws::LognormalAdherence {
                            ln_median: median.ln(),
                            sigma,
                        }
                    }
                    _ => YearlyDraws::General { adherence: None },
                }
            }
            _ => YearlyDraws::General {
                adherence: persistent,
            },
        }
    }
}

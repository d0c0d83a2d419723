//! The economic values of a study, resolved once with the plant's precedence: given (flags,
//! code) > scenario > site facts (`economics` table) > the built-in defaults, each with where
//! it came from. A scenario's spread is centred on the site's value (which the valuation
//! keeps); a scenario's own distribution replaces it by its median; a given value fixes it.

use cmmcast_data::{InputDistribution, Scenario, Site, scenario_key};

use crate::economics::{CURRENCY_SOURCE, DEFAULT_CURRENCY, EconomicKey, EconomicParams};
use crate::energy::{Assumption, Origin};
use crate::error::{ForecastError, ValueSource};
use crate::sim::{EconomicDraw, Sampler};

/// Economic values given in code or on the command line; each fixes its value over the
/// scenario, the site facts and the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EconomicOverrides {
    values: [Option<f64>; 11],
    /// The currency label (such as "USD 2024"), over the site facts' and the default.
    pub currency: Option<String>,
}

impl EconomicOverrides {
    /// The given value of `key`, if any.
    pub fn get(&self, key: EconomicKey) -> Option<f64> {
        self.values[key as usize]
    }

    /// Gives `key` the value `value` (`None` leaves it to the scenario, the facts, the default).
    pub fn set(&mut self, key: EconomicKey, value: Option<f64>) {
        self.values[key as usize] = value;
    }

    /// These overrides with `key` set to `value`.
    ///
    /// ```
    /// use cmmcast_forecast::economics::EconomicKey;
    /// use cmmcast_forecast::study::EconomicOverrides;
    /// let given = EconomicOverrides::default().with(EconomicKey::TariffPerMwh, 80.0);
    /// assert_eq!(given.get(EconomicKey::TariffPerMwh), Some(80.0));
    /// ```
    pub fn with(mut self, key: EconomicKey, value: f64) -> EconomicOverrides {
        self.set(key, Some(value));
        self
    }
}

/// A study's economic values, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEconomics {
    /// Every value at its central value (given, else the scenario's median when it gives a
    /// distribution of its own, else the site's value): the deterministic valuation's, and the
    /// tornado's base case.
    pub params: EconomicParams,
    /// What the simulation draws once per path, in [`EconomicKey::ALL`] order.
    pub uncertain: Vec<EconomicDraw>,
    /// Every value (and the currency) with its unit and where it came from, for output `meta`.
    pub assumptions: Vec<Assumption>,
    /// Values a scenario replaced or a given value fixed, one sentence each.
    pub notes: Vec<String>,
}

/// Resolves the economic values of `site` (module notes).
pub(crate) fn resolve(
    site: &Site,
    scenario: &Scenario,
    given: &EconomicOverrides,
) -> Result<ResolvedEconomics, ForecastError> {
    let facts = &site.facts.economics;
    let mut params = EconomicParams::defaults();
    let mut uncertain = Vec::new();
    let mut assumptions = Vec::new();
    let mut notes = Vec::new();
    for key in EconomicKey::ALL {
        let default = key.default_value();
        let (site_value, site_origin) = match facts.get(key.name()) {
            Some(value) => {
                key.check(value, ValueSource::SiteFacts)?;
                (value, Origin::SiteFacts)
            }
            None => (default.value, Origin::Default(default.source)),
        };
        let mut value = site_value;
        let mut origin = site_origin.clone();
        let mut drawn = None;
        if let Some(input) = scenario.input(key.name()) {
            let range = scenario_key(key.name())
                .expect("every economic key drawn by a scenario is in the key table")
                .range;
            let spec = match input.distribution {
                InputDistribution::AroundSite(spread) => spread.around(site_value, &range),
                InputDistribution::Given(spec) => {
                    let median = Sampler::new(spec).quantile(0.5);
                    if site_origin == Origin::SiteFacts {
                        notes.push(format!(
                            "scenario \"{}\" sets {key} to {} (median {median}), replacing the site facts' {site_value}.",
                            scenario.name,
                            spec.describe(),
                        ));
                    }
                    key.check(median, ValueSource::Scenario)?;
                    value = median;
                    origin = Origin::Scenario(scenario.name.clone());
                    spec
                }
            };
            let sampler = Sampler::new(spec);
            if !sampler.is_fixed() {
                drawn = Some(sampler);
            }
        }
        if let Some(given_value) = given.get(key) {
            key.check(given_value, ValueSource::Given)?;
            if let Some(sampler) = drawn.take() {
                notes.push(format!(
                    "{key} is fixed at the given {given_value}, so the scenario's {} is not drawn.",
                    sampler.spec().describe()
                ));
            }
            value = given_value;
            origin = Origin::Given;
        }
        params.set(key, value);
        if let Some(sampler) = drawn {
            uncertain.push(EconomicDraw { key, sampler });
        }
        assumptions.push(Assumption {
            name: key.name(),
            value: serde_json::json!(value),
            unit: default.unit,
            origin,
        });
    }
    let (currency, origin) = match (&given.currency, &facts.currency) {
        (Some(currency), _) => (currency.clone(), Origin::Given),
        (None, Some(currency)) => (currency.clone(), Origin::SiteFacts),
        (None, None) => (
            DEFAULT_CURRENCY.to_string(),
            Origin::Default(CURRENCY_SOURCE),
        ),
    };
    params.currency = currency.clone();
    // The built-in amounts are CNY: in another currency each one left to its default is very
    // likely wrong, and the sentence says which and how to give it.
    if currency != DEFAULT_CURRENCY {
        for key in EconomicKey::ALL.into_iter().filter(|key| key.is_money()) {
            let value = params.get(key);
            let defaulted = assumptions
                .iter()
                .any(|a| a.name == key.name() && matches!(a.origin, Origin::Default(_)));
            if defaulted && value != 0.0 {
                notes.push(format!(
                    "{key} is the built-in {value} {DEFAULT_CURRENCY} although the currency is \"{currency}\"; give it in that currency in the site facts' economics table or as a flag."
                ));
            }
            let spread = given.get(key).is_none()
                && scenario.input(key.name()).is_some_and(|input| {
                    matches!(input.distribution, InputDistribution::AroundSite(_))
                });
            if spread {
                notes.push(format!(
                    "scenario \"{}\" spreads {key} by a width written in its own currency ({DEFAULT_CURRENCY} for the embedded default), not necessarily \"{currency}\"; give a scenario in that currency.",
                    scenario.name
                ));
            }
        }
    }
    assumptions.push(Assumption {
        name: "currency",
        value: serde_json::json!(currency),
        unit: "label of every money amount",
        origin,
    });
    Ok(ResolvedEconomics {
        params,
        uncertain,
        assumptions,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmmcast_data::SCENARIO_KEYS;

    #[test]
    fn the_scenario_ranges_are_the_economic_ranges() {
        // Every economic key a scenario may draw admits exactly what the valuation accepts, at
        // the ends and just beyond them.
        for key in EconomicKey::ALL {
            let Some(scenario) = SCENARIO_KEYS.iter().find(|k| k.name == key.name()) else {
                assert!(
                    matches!(
                        key,
                        EconomicKey::DepreciationYears | EconomicKey::LifetimeYears
                    ),
                    "{key} is not a scenario key"
                );
                continue;
            };
            for value in [
                -1.0,
                -1.0 + 1e-9,
                -1e-12,
                0.0,
                0.5,
                1.0 - 1e-12,
                1.0,
                2.0,
                1e12,
            ] {
                assert_eq!(
                    scenario.range.admits(value),
                    key.accepts(value),
                    "{key} at {value}"
                );
            }
        }
    }
}

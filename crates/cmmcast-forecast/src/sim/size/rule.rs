//! Which engine count the sizing recommends. Two rules, each with the text output states:
//! the plant worth most (the highest expected NPV, issue 14) and the older rule that keeps the
//! plant busy (the largest count whose p10 capacity factor reaches a threshold). The busy rule
//! stays selectable because it needs no prices, but it can recommend engines that lose money:
//! on Songzao 2020 it picked 118 x 2 MW although the 118th engine ran at a capacity factor of
//! 0.149 (docs/METHODS.md, section 11.5, "Sizing by value").

use crate::economics::EconomicParams;
use crate::error::ForecastError;
use crate::sim::size::{EngineCount, EngineValue};

/// The capacity-factor rule, as output states it.
pub const RECOMMENDATION_RULE: &str = "the largest engine count whose p10 capacity factor (over all simulated path-years) is at least the minimum capacity factor: firm capacity near a low percentile of the flow [SOURCES: cmm-practice]";

/// The expected-NPV rule, as output states it.
pub const NPV_RECOMMENDATION_RULE: &str = "the engine count with the highest expected NPV over the simulated paths (the smallest such count on a tie), each count a new plant built the year before the first forecast year and valued over its lifetime; none when no count has a positive expected NPV (docs/METHODS.md, section 11.5, 'Sizing by value')";

/// Why nothing is recommended under the expected-NPV rule.
pub const NO_POSITIVE_NPV: &str =
    "no engine count tried has a positive expected NPV: at these prices no plant pays for itself";

/// Why nothing is recommended under the capacity-factor rule.
pub const NO_BUSY_COUNT: &str = "no engine count reaches the minimum p10 capacity factor: one engine is already too large for the gas";

/// How the recommended engine count is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RecommendationRule {
    /// The count with the highest expected NPV ([`NPV_RECOMMENDATION_RULE`]); needs economics.
    #[serde(rename = "npv")]
    MaxExpectedNpv,
    /// The largest count whose p10 capacity factor reaches the minimum
    /// ([`RECOMMENDATION_RULE`]).
    #[serde(rename = "capacity-factor")]
    CapacityFactor,
}

impl RecommendationRule {
    /// Every rule.
    pub const ALL: [RecommendationRule; 2] = [
        RecommendationRule::MaxExpectedNpv,
        RecommendationRule::CapacityFactor,
    ];

    /// The rule's name, as settings spell it.
    pub const fn name(self) -> &'static str {
        match self {
            RecommendationRule::MaxExpectedNpv => "npv",
            RecommendationRule::CapacityFactor => "capacity-factor",
        }
    }

    /// The rule in words, as output states it.
    pub const fn text(self) -> &'static str {
        match self {
            RecommendationRule::MaxExpectedNpv => NPV_RECOMMENDATION_RULE,
            RecommendationRule::CapacityFactor => RECOMMENDATION_RULE,
        }
    }

    /// The rule named `name` (`npv` or `capacity-factor`).
    ///
    /// ```
    /// use cmmcast_forecast::sim::RecommendationRule;
    /// assert_eq!(RecommendationRule::from_name("npv"), Some(RecommendationRule::MaxExpectedNpv));
    /// assert_eq!(RecommendationRule::from_name("cf"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<RecommendationRule> {
        RecommendationRule::ALL
            .into_iter()
            .find(|rule| rule.name() == name)
    }

    /// The default: value when there are prices to value with, else keep the plant busy.
    pub fn default_for(economics: Option<&EconomicParams>) -> RecommendationRule {
        if economics.is_some() {
            RecommendationRule::MaxExpectedNpv
        } else {
            RecommendationRule::CapacityFactor
        }
    }

    /// Refuses the NPV rule without economic parameters.
    pub(super) fn check(self, economics: Option<&EconomicParams>) -> Result<(), ForecastError> {
        if self == RecommendationRule::MaxExpectedNpv && economics.is_none() {
            return Err(ForecastError::NpvRuleWithoutEconomics);
        }
        Ok(())
    }
}

impl std::fmt::Display for RecommendationRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The recommended count under `rule`, or why there is none.
pub(super) fn recommend(
    rule: RecommendationRule,
    rows: &[EngineCount],
    values: &[EngineValue],
    min_capacity_factor: f64,
) -> Result<u32, &'static str> {
    match rule {
        RecommendationRule::CapacityFactor => rows
            .iter()
            .rev()
            .find(|row| row.capacity_factor_p10 >= min_capacity_factor)
            .map(|row| row.engines)
            .ok_or(NO_BUSY_COUNT),
        RecommendationRule::MaxExpectedNpv => {
            // Strictly greater, so a tie keeps the smaller count.
            let best = values
                .iter()
                .fold(None::<&EngineValue>, |best, value| match best {
                    Some(b) if b.npv.expected >= value.npv.expected => Some(b),
                    _ => Some(value),
                });
            best.filter(|value| value.npv.expected > 0.0)
                .map(|value| value.engines)
                .ok_or(NO_POSITIVE_NPV)
        }
    }
}

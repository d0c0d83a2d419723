//! The key table: every input a scenario may set, what it means, the values it may take, a
//! typical value for messages, and whether the site facts give it a value to spread around.
//!
//! This is the one list of scenario keys in the workspace. The reader checks files against it,
//! messages list its names, the fuzz checks take the ranges from it, and the forecasting crate
//! maps its names onto the energy chain, so a key added or a range changed here is changed
//! everywhere at once.

/// The values an input may take, so that every value the simulation draws is valid for the
/// energy chain: a lower end and an upper end, each included (closed) or not (open).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The lower end.
    pub low: f64,
    /// Whether `low` itself is excluded ("above 0" rather than "at least 0").
    pub low_open: bool,
    /// The upper end; `f64::INFINITY` when there is none.
    pub high: f64,
    /// Whether `high` itself is excluded ("below 1" rather than "at most 1").
    pub high_open: bool,
}

impl Range {
    /// The range from `low` to `high`, each end excluded when its `_open` flag is set.
    pub const fn new(low: f64, low_open: bool, high: f64, high_open: bool) -> Range {
        Range {
            low,
            low_open,
            high,
            high_open,
        }
    }

    /// Whether `value` is finite and within both ends, so the energy chain accepts it.
    pub fn admits(&self, value: f64) -> bool {
        value.is_finite() && self.admits_low(value) && self.admits_high(value)
    }

    /// Whether `value` is on the allowed side of the lower end (NaN never is).
    pub fn admits_low(&self, value: f64) -> bool {
        value > self.low || (!self.low_open && value == self.low)
    }

    /// Whether `value` is on the allowed side of the upper end (NaN never is).
    pub fn admits_high(&self, value: f64) -> bool {
        value < self.high || (!self.high_open && value == self.high)
    }

    /// The lower end in words, for messages: `above 0` or `at least 0.01`.
    pub fn low_text(&self) -> String {
        if self.low_open {
            format!("above {}", self.low)
        } else {
            format!("at least {}", self.low)
        }
    }

    /// The upper end in words, for messages: `below 1` or `at most 0.6`.
    pub fn high_text(&self) -> String {
        if self.high_open {
            format!("below {}", self.high)
        } else {
            format!("at most {}", self.high)
        }
    }

    /// The range in words, such as `at least 0.01 and at most 0.6`, or `above 0` when there is
    /// no upper end.
    pub fn describe(&self) -> String {
        if self.high.is_finite() {
            format!("{} and {}", self.low_text(), self.high_text())
        } else {
            self.low_text()
        }
    }
}

/// One key a scenario may set, with everything messages, documentation and checks need to
/// know about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioKey {
    /// The key as written in the `[inputs]` table, such as `efficiency`.
    pub name: &'static str,
    /// What it means and its unit, such as `electrical efficiency, fraction of LHV`.
    pub meaning: &'static str,
    /// The values it may take: the ranges the forecasting crate's plant builder accepts
    /// (efficiency from 0.01, its `MIN_EFFICIENCY`) for the plant values, those of its
    /// `EconomicKey` for the economic values (a test there checks they agree), and for plan
    /// adherence and the daily flow the ranges their meaning allows.
    pub range: Range,
    /// A typical value, as text, for messages that show an example.
    pub example: &'static str,
    /// Whether the site facts can set this value (the seven plant operating values in the
    /// `plant` table, the economic values in the `economics` table), so that a scenario may
    /// give a spread around the site's value; false for the keys that exist only in scenarios.
    pub site_value: bool,
    /// Whether `per_year = true` is accepted: a new draw every year of a path. The economic
    /// values are drawn once per path (a price or cost level for the whole life of the plant,
    /// the uncertainty a feasibility study prices), so they refuse it.
    pub yearly: bool,
    /// Whether a per-year lognormal for this key may say how its years hang together
    /// (`path_share` and `persistence`, [`super::YearToYear`]): only plan adherence, the one
    /// per-year input whose misses persist (a mine that drains less than planned one year
    /// tends to the next) and the one the simulation draws with that structure.
    pub year_to_year: bool,
}

/// The values `path_share` may take: 0 (no per-path level) to 1 (all of the variance in the
/// per-path level, the same as `per_year = false`).
pub const PATH_SHARE_RANGE: Range = Range::new(0.0, false, 1.0, false);

/// The values `persistence` may take: 0 (independent yearly parts) up to but not including 1,
/// where the yearly part would never move and be a second per-path level; as
/// `flow_autocorrelation`'s range.
pub const PERSISTENCE_RANGE: Range = Range::new(0.0, false, 1.0, true);

/// Every key a scenario may set, in the order messages list them: the seven plant values
/// first, then the three that exist only in scenarios, then the nine economic values (the
/// ranges of the forecasting crate's `EconomicKey`; a test there checks they agree). Keys outside this table are refused
/// (with the list), so a typo never silently drops an input.
pub const SCENARIO_KEYS: [ScenarioKey; 19] = [
    ScenarioKey {
        name: "efficiency",
        meaning: "electrical efficiency, fraction of LHV",
        range: Range::new(0.01, false, 0.6, false),
        example: "0.38",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "availability",
        meaning: "fraction of the year the engines can run",
        range: Range::new(0.0, true, 1.0, false),
        example: "0.9",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "share_to_power",
        meaning: "share of the drained methane sent to power",
        range: Range::new(0.0, false, 1.0, false),
        example: "1.0",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "parasitic_fraction",
        meaning: "share of gross output used by the plant itself",
        range: Range::new(0.0, false, 1.0, false),
        example: "0.04",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "gas_concentration",
        meaning: "CH4 fraction of the drained gas",
        range: Range::new(0.0, true, 1.0, false),
        example: "0.45",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "min_concentration",
        meaning: "lowest CH4 fraction the engines accept",
        range: Range::new(0.0, false, 1.0, false),
        example: "0.30",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "destruction_efficiency",
        meaning: "share of burnt CH4 destroyed",
        range: Range::new(0.0, true, 1.0, false),
        example: "0.995",
        site_value: true,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "plan_adherence",
        meaning: "multiplier on the forecast drainage (1 = as forecast)",
        range: Range::new(0.0, true, f64::INFINITY, true),
        example: "1",
        site_value: false,
        year_to_year: true,
        yearly: true,
    },
    ScenarioKey {
        name: "flow_cv",
        meaning: "coefficient of variation of daily gas flow around the annual mean",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "0.25",
        site_value: false,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "flow_autocorrelation",
        meaning: "day-to-day autocorrelation of the daily flow, in [0, 1)",
        range: Range::new(0.0, false, 1.0, true),
        example: "0.7",
        site_value: false,
        year_to_year: false,
        yearly: true,
    },
    ScenarioKey {
        name: "capex_per_kw",
        meaning: "installed cost per kW of capacity (engines, gas treatment, grid connection), currency per kW",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "9902",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "opex_per_kw_year",
        meaning: "fixed operation and maintenance, currency per kW per year",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "0",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "opex_per_mwh",
        meaning: "variable operation and maintenance, currency per net MWh",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "122.3",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "tariff_per_mwh",
        meaning: "power price received, subsidy included, currency per net MWh",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "623.6",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "carbon_price_per_t",
        meaning: "carbon price, currency per t CO2e sold",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "56",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "carbon_share",
        meaning: "fraction of the avoided emissions that is sold",
        range: Range::new(0.0, false, 1.0, false),
        example: "0",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "gas_cost_per_m3",
        meaning: "cost of the methane burnt, currency per m3",
        range: Range::new(0.0, false, f64::INFINITY, true),
        example: "0",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "tax_rate",
        meaning: "tax rate on positive taxable profit, fraction",
        range: Range::new(0.0, false, 1.0, true),
        example: "0.25",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
    ScenarioKey {
        name: "discount_rate",
        meaning: "real discount rate, fraction (0.08 is 8 %)",
        range: Range::new(-1.0, true, f64::INFINITY, true),
        example: "0.08",
        site_value: true,
        year_to_year: false,
        yearly: false,
    },
];

/// The key called `name` (exactly as written, case included), if a scenario may set it.
///
/// ```
/// use cmmcast_data::scenario_key;
/// let key = scenario_key("availability").expect("a scenario key");
/// assert!(key.site_value);
/// assert_eq!(key.range.describe(), "above 0 and at most 1");
/// assert!(scenario_key("Availability").is_none());
/// ```
pub fn scenario_key(name: &str) -> Option<&'static ScenarioKey> {
    let keys: &'static [ScenarioKey; 19] = &SCENARIO_KEYS;
    keys.iter().find(|key| key.name == name)
}

/// The names of the keys, in table order, for messages that list them.
pub(super) fn key_names() -> impl Iterator<Item = &'static str> {
    SCENARIO_KEYS.iter().map(|key| key.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(name: &str) -> Range {
        scenario_key(name).expect(name).range
    }

    #[test]
    fn ranges_read_as_words() {
        assert_eq!(
            range("efficiency").describe(),
            "at least 0.01 and at most 0.6"
        );
        assert_eq!(
            range("share_to_power").describe(),
            "at least 0 and at most 1"
        );
        assert_eq!(range("plan_adherence").describe(), "above 0");
        assert_eq!(range("flow_cv").describe(), "at least 0");
        assert_eq!(
            range("flow_autocorrelation").describe(),
            "at least 0 and below 1"
        );
        assert_eq!(range("availability").low_text(), "above 0");
        assert_eq!(range("flow_autocorrelation").high_text(), "below 1");
    }

    #[test]
    fn ends_are_admitted_only_when_closed() {
        // availability is (0, 1]: 0 is out, 1 is in, 0.5 is in.
        let availability = range("availability");
        assert!(!availability.admits(0.0));
        assert!(availability.admits(1.0));
        assert!(availability.admits(0.5));
        assert!(!availability.admits(1.0 + 1e-12));
        // flow_cv is [0, ∞): 0 is in, any finite number above is in, infinity and NaN are out.
        let flow_cv = range("flow_cv");
        assert!(flow_cv.admits(0.0));
        assert!(flow_cv.admits(1e300));
        assert!(!flow_cv.admits(f64::INFINITY));
        assert!(!flow_cv.admits(f64::NAN));
        assert!(!flow_cv.admits(-1e-300));
    }

    #[test]
    fn the_seven_plant_values_come_first_and_names_are_unique() {
        let site: Vec<&str> = SCENARIO_KEYS
            .iter()
            .filter(|key| key.site_value)
            .map(|key| key.name)
            .collect();
        assert_eq!(
            site,
            [
                "efficiency",
                "availability",
                "share_to_power",
                "parasitic_fraction",
                "gas_concentration",
                "min_concentration",
                "destruction_efficiency",
                "capex_per_kw",
                "opex_per_kw_year",
                "opex_per_mwh",
                "tariff_per_mwh",
                "carbon_price_per_t",
                "carbon_share",
                "gas_cost_per_m3",
                "tax_rate",
                "discount_rate",
            ]
        );
        assert!(SCENARIO_KEYS[..7].iter().all(|key| key.site_value));
        // Economic values are drawn once per path; everything else may be drawn yearly.
        let once: Vec<&str> = SCENARIO_KEYS
            .iter()
            .filter(|key| !key.yearly)
            .map(|key| key.name)
            .collect();
        assert_eq!(once, site[7..]);
        let mut names: Vec<&str> = key_names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SCENARIO_KEYS.len());
    }

    #[test]
    fn only_plan_adherence_ties_its_years_together() {
        let takers: Vec<&str> = SCENARIO_KEYS
            .iter()
            .filter(|key| key.year_to_year)
            .map(|key| key.name)
            .collect();
        assert_eq!(takers, ["plan_adherence"]);
        assert_eq!(PATH_SHARE_RANGE.describe(), "at least 0 and at most 1");
        assert_eq!(PERSISTENCE_RANGE.describe(), "at least 0 and below 1");
        assert!(PATH_SHARE_RANGE.admits(1.0) && !PERSISTENCE_RANGE.admits(1.0));
    }

    #[test]
    fn every_example_is_a_value_its_key_admits() {
        for key in &SCENARIO_KEYS {
            let example: f64 = key.example.parse().expect(key.name);
            assert!(key.range.admits(example), "{}: {}", key.name, key.example);
            assert!(!key.meaning.is_empty(), "{}", key.name);
        }
    }
}

//! The built-in economic values, each with its source or the word "assumption", its unit and
//! its currency and price year: what `cmmcast economics` uses when neither a flag, a scenario
//! nor the site facts give a value. They are written for the default example, a coal-mine
//! methane power plant in Chongqing, China, so the currency is CNY; a user elsewhere gives
//! their own in the site facts' `economics` table. The research behind each number is in
//! docs/METHODS.md, section 14.3.

use crate::economics::params::{EconomicKey, EconomicParams};

/// The default currency label: real terms, one price year per value (each default's source
/// says which).
pub const DEFAULT_CURRENCY: &str = "CNY";

/// Where the default currency label comes from.
pub const CURRENCY_SOURCE: &str = "assumption: the default example is in China; price years differ by value (tariff 2022, carbon 2023, costs converted from USD c. 2015-2017 at 6.91 CNY/USD, the rate implied by MVGX's weekly report of 6 March 2023), with no inflation adjustment between them (docs/METHODS.md 14.3)";

/// One built-in value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EconomicDefault {
    /// The parameter.
    pub key: EconomicKey,
    /// Its value.
    pub value: f64,
    /// Its unit, in words.
    pub unit: &'static str,
    /// Its source with page or table, or "assumption: " and the reasoning.
    pub source: &'static str,
}

/// Every built-in value, in [`EconomicKey::ALL`] order.
pub const ECONOMIC_DEFAULTS: [EconomicDefault; 11] = [
    EconomicDefault {
        key: EconomicKey::CapexPerKw,
        value: 9_902.0,
        unit: "currency per kW installed",
        source: "assumption built on US ranges: EPA CHP Technology Catalog via understandingchp.com, reciprocating engines 'Average Installed cost ($/kW) $ 1,433 - $ 2,900', low end as the value for a multi-MW plant, x 6.91 CNY/USD; no Chinese or CMM-specific figure was found (docs/METHODS.md 14.3)",
    },
    EconomicDefault {
        key: EconomicKey::OpexPerKwYear,
        value: 0.0,
        unit: "currency per kW per year",
        source: "assumption: the only O&M source found gives all O&M per kWh (opex_per_mwh); a fixed part on top would count it twice",
    },
    EconomicDefault {
        key: EconomicKey::OpexPerMwh,
        value: 122.3,
        unit: "currency per net MWh",
        source: "EPA CHP Technology Catalog via understandingchp.com, reciprocating engine 'O&M Cost ($/kWH) $ 0.0177', x 6.91 CNY/USD (price year c. 2015-2017)",
    },
    EconomicDefault {
        key: EconomicKey::TariffPerMwh,
        value: 623.6,
        unit: "currency per net MWh",
        source: "national average coal-fired benchmark 373.6 CNY/MWh (China Electricity Council via Azure International, c. 2022) plus the 250 CNY/MWh premium of biomass power (IEA Policies database, '2010 Biomass electricity Feed-in tariff'), which CMM power follows (NDRC notice of 2 April 2007); Chongqing's own benchmark was not found",
    },
    EconomicDefault {
        key: EconomicKey::CarbonPricePerT,
        value: 56.0,
        unit: "currency per t CO2e",
        source: "China national ETS (CEA) close of 56.00 yuan per ton, MVGX China Carbon Market Weekly Update, 23 Jan, 6 Feb and 6 Mar 2023",
    },
    EconomicDefault {
        key: EconomicKey::CarbonShare,
        value: 0.0,
        unit: "fraction of the avoided emissions sold",
        source: "assumption: drained gas of 8 % CH4 or more may not be vented under GB 21522-2024 (IGSD summary, Dec 2024), and the CCER coal-mine methodology CCER-10-001-V01 (MEE, 3 Jan 2025) covers only gas below 8 % CH4 and ventilation air, so engine gas earns no credit today",
    },
    EconomicDefault {
        key: EconomicKey::GasCostPerM3,
        value: 0.0,
        unit: "currency per m3 of methane burnt",
        source: "assumption: the mine drains the gas for safety whether or not it is sold, and the Songzao plant belongs to the mine owner (GMI project page), so the plant pays no external price",
    },
    EconomicDefault {
        key: EconomicKey::TaxRate,
        value: 0.25,
        unit: "fraction of positive taxable profit",
        source: "China's Enterprise Income Tax Law: 'Foreign and domestic firms will both pay a 25 percent income tax' (China Daily, 9 Mar 2007); preferential rates are not applied",
    },
    EconomicDefault {
        key: EconomicKey::DepreciationYears,
        value: 15.0,
        unit: "years, straight line",
        source: "assumption: equal to the lifetime, so the plant is written off when it closes; Chinese minimum periods were not read",
    },
    EconomicDefault {
        key: EconomicKey::DiscountRate,
        value: 0.08,
        unit: "fraction a year, real",
        source: "assumption: the figure commonly quoted as the Chinese power-sector benchmark in CDM investment analyses; no source stating it was read",
    },
    EconomicDefault {
        key: EconomicKey::LifetimeYears,
        value: 15.0,
        unit: "operating years",
        source: "GMI project page on the Songzao CMM power project: '44 million MTCO2E over its 15-year lifetime'",
    },
];

impl EconomicKey {
    /// The built-in value of this key.
    pub fn default_value(self) -> &'static EconomicDefault {
        &ECONOMIC_DEFAULTS[self as usize]
    }
}

impl EconomicParams {
    /// Every parameter at its built-in value ([`ECONOMIC_DEFAULTS`]).
    ///
    /// ```
    /// use cmmcast_forecast::economics::EconomicParams;
    /// let params = EconomicParams::defaults();
    /// assert_eq!(params.tariff_per_mwh, 623.6);
    /// assert!(params.validate().is_ok());
    /// ```
    pub fn defaults() -> EconomicParams {
        let mut params = EconomicParams {
            capex_per_kw: 0.0,
            opex_per_kw_year: 0.0,
            opex_per_mwh: 0.0,
            tariff_per_mwh: 0.0,
            carbon_price_per_t: 0.0,
            carbon_share: 0.0,
            gas_cost_per_m3: 0.0,
            tax_rate: 0.0,
            depreciation_years: 1,
            discount_rate: 0.0,
            lifetime_years: 1,
            currency: DEFAULT_CURRENCY.to_string(),
        };
        for default in &ECONOMIC_DEFAULTS {
            params.set(default.key, default.value);
        }
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_key_order_and_are_allowed() {
        for (default, key) in ECONOMIC_DEFAULTS.iter().zip(EconomicKey::ALL) {
            assert_eq!(default.key, key);
            assert!(key.accepts(default.value), "{key}");
            assert!(!default.source.is_empty() && !default.unit.is_empty());
        }
        // The tariff is the benchmark plus the premium: 373.6 + 250.
        assert_eq!(
            EconomicKey::TariffPerMwh.default_value().value,
            373.6 + 250.0
        );
        // The US figures x 6.91: 1,433 x 6.91 = 9,902.03; 17.7 x 6.91 = 122.307.
        assert_eq!(EconomicKey::CapexPerKw.default_value().value, 9_902.0);
        assert!((17.7 * 6.91_f64 - 122.3).abs() < 0.01);
        assert!((1_433.0 * 6.91_f64 - 9_902.0).abs() < 0.1);
    }
}

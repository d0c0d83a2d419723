//! The money side of a plant: prices, costs, tax, discounting and lifetime, with their allowed
//! ranges. The built-in values live apart, each with its source ([`super::ECONOMIC_DEFAULTS`]),
//! so that no number reaches a valuation without saying where it came from.

use crate::error::{ForecastError, ValueSource};

/// The economic inputs of a valuation, all in real terms of one currency and price year.
///
/// Build it with a struct literal and call [`EconomicParams::validate`] (the cash flows call it
/// too, so an unchecked value never reaches the arithmetic).
#[derive(Debug, Clone, PartialEq)]
pub struct EconomicParams {
    /// Installed cost per kW of capacity (engines, gas treatment, grid connection), paid in the
    /// year before the capacity first runs.
    pub capex_per_kw: f64,
    /// Fixed operation and maintenance per kW installed per year.
    pub opex_per_kw_year: f64,
    /// Variable operation and maintenance per net MWh sent out.
    pub opex_per_mwh: f64,
    /// Power price received per net MWh, subsidy included.
    pub tariff_per_mwh: f64,
    /// Carbon price per t CO2e sold.
    pub carbon_price_per_t: f64,
    /// Fraction of the avoided emissions that is sold, in [0, 1].
    pub carbon_share: f64,
    /// Cost of the gas per m3 of methane burnt (at the plant's volume basis).
    pub gas_cost_per_m3: f64,
    /// Tax rate on positive taxable profit, in [0, 1).
    pub tax_rate: f64,
    /// Years over which each capex is depreciated straight-line for tax, at least 1.
    pub depreciation_years: u32,
    /// Real discount rate, a fraction above -1 (0.08 is 8 %).
    pub discount_rate: f64,
    /// Operating years valued, at least 1.
    pub lifetime_years: u32,
    /// The currency and price year, a label only (such as "CNY 2020").
    pub currency: String,
}

/// One numeric economic parameter: its key, the range it must lie in and that range in words.
/// The keys are the names site facts and scenarios will use, so one table serves every way a
/// value can arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EconomicKey {
    /// [`EconomicParams::capex_per_kw`].
    CapexPerKw,
    /// [`EconomicParams::opex_per_kw_year`].
    OpexPerKwYear,
    /// [`EconomicParams::opex_per_mwh`].
    OpexPerMwh,
    /// [`EconomicParams::tariff_per_mwh`].
    TariffPerMwh,
    /// [`EconomicParams::carbon_price_per_t`].
    CarbonPricePerT,
    /// [`EconomicParams::carbon_share`].
    CarbonShare,
    /// [`EconomicParams::gas_cost_per_m3`].
    GasCostPerM3,
    /// [`EconomicParams::tax_rate`].
    TaxRate,
    /// [`EconomicParams::depreciation_years`].
    DepreciationYears,
    /// [`EconomicParams::discount_rate`].
    DiscountRate,
    /// [`EconomicParams::lifetime_years`].
    LifetimeYears,
}

/// What a non-negative price or cost may be.
const NON_NEGATIVE: &str = "a finite value of at least 0 (a price or cost cannot be negative)";

impl EconomicKey {
    /// Every numeric key, in the order of [`EconomicParams`]' fields.
    pub const ALL: [EconomicKey; 11] = [
        EconomicKey::CapexPerKw,
        EconomicKey::OpexPerKwYear,
        EconomicKey::OpexPerMwh,
        EconomicKey::TariffPerMwh,
        EconomicKey::CarbonPricePerT,
        EconomicKey::CarbonShare,
        EconomicKey::GasCostPerM3,
        EconomicKey::TaxRate,
        EconomicKey::DepreciationYears,
        EconomicKey::DiscountRate,
        EconomicKey::LifetimeYears,
    ];

    /// The key as site facts and scenarios spell it.
    pub const fn name(self) -> &'static str {
        match self {
            EconomicKey::CapexPerKw => "capex_per_kw",
            EconomicKey::OpexPerKwYear => "opex_per_kw_year",
            EconomicKey::OpexPerMwh => "opex_per_mwh",
            EconomicKey::TariffPerMwh => "tariff_per_mwh",
            EconomicKey::CarbonPricePerT => "carbon_price_per_t",
            EconomicKey::CarbonShare => "carbon_share",
            EconomicKey::GasCostPerM3 => "gas_cost_per_m3",
            EconomicKey::TaxRate => "tax_rate",
            EconomicKey::DepreciationYears => "depreciation_years",
            EconomicKey::DiscountRate => "discount_rate",
            EconomicKey::LifetimeYears => "lifetime_years",
        }
    }

    /// Whether the value is an amount of money (so its built-in value is in the default
    /// currency), rather than a fraction or a number of years.
    pub const fn is_money(self) -> bool {
        matches!(
            self,
            EconomicKey::CapexPerKw
                | EconomicKey::OpexPerKwYear
                | EconomicKey::OpexPerMwh
                | EconomicKey::TariffPerMwh
                | EconomicKey::CarbonPricePerT
                | EconomicKey::GasCostPerM3
        )
    }

    /// What is allowed, in words, for refusals.
    pub const fn allowed(self) -> &'static str {
        match self {
            EconomicKey::CapexPerKw
            | EconomicKey::OpexPerKwYear
            | EconomicKey::OpexPerMwh
            | EconomicKey::TariffPerMwh
            | EconomicKey::CarbonPricePerT
            | EconomicKey::GasCostPerM3 => NON_NEGATIVE,
            EconomicKey::CarbonShare => {
                "a fraction from 0 to 1 (the share of the avoided emissions that is sold)"
            }
            EconomicKey::TaxRate => "a fraction from 0 up to but not including 1, such as 0.25",
            EconomicKey::DepreciationYears => "a whole number of years of at least 1",
            EconomicKey::DiscountRate => {
                "a finite fraction above -1 (a rate at or below -100 % has no meaning), such as 0.08"
            }
            EconomicKey::LifetimeYears => "a whole number of operating years of at least 1",
        }
    }

    /// Whether `value` is allowed for this key.
    ///
    /// ```
    /// use cmmcast_forecast::economics::EconomicKey;
    /// assert!(EconomicKey::DiscountRate.accepts(-0.5));
    /// assert!(!EconomicKey::DiscountRate.accepts(-1.0));
    /// assert!(!EconomicKey::TaxRate.accepts(1.0));
    /// assert!(EconomicKey::CarbonShare.accepts(1.0));
    /// ```
    pub fn accepts(self, value: f64) -> bool {
        if !value.is_finite() {
            return false;
        }
        match self {
            EconomicKey::CapexPerKw
            | EconomicKey::OpexPerKwYear
            | EconomicKey::OpexPerMwh
            | EconomicKey::TariffPerMwh
            | EconomicKey::CarbonPricePerT
            | EconomicKey::GasCostPerM3 => value >= 0.0,
            EconomicKey::CarbonShare => (0.0..=1.0).contains(&value),
            EconomicKey::TaxRate => (0.0..1.0).contains(&value),
            EconomicKey::DepreciationYears | EconomicKey::LifetimeYears => {
                value >= 1.0 && value.fract() == 0.0
            }
            EconomicKey::DiscountRate => value > -1.0,
        }
    }

    /// `Ok` when `value` is allowed, else the refusal naming this key and what is allowed.
    ///
    /// ```
    /// use cmmcast_forecast::economics::EconomicKey;
    /// use cmmcast_forecast::ValueSource;
    /// let refusal = EconomicKey::TaxRate.check(1.2, ValueSource::Scenario).expect_err("1.2 is refused");
    /// assert!(refusal.to_string().starts_with("tax_rate 1.2 (from the scenario) is not allowed"));
    /// ```
    pub fn check(self, value: f64, from: ValueSource) -> Result<(), ForecastError> {
        if self.accepts(value) {
            Ok(())
        } else {
            Err(ForecastError::BadEconomicParameter {
                name: self.name(),
                from,
                value,
                allowed: self.allowed(),
            })
        }
    }
}

/// Serialised as its name, the spelling site facts and scenarios use (as `InputKey` is).
impl serde::Serialize for EconomicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl std::fmt::Display for EconomicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl EconomicParams {
    /// The value of one numeric parameter (years as a number).
    pub fn get(&self, key: EconomicKey) -> f64 {
        match key {
            EconomicKey::CapexPerKw => self.capex_per_kw,
            EconomicKey::OpexPerKwYear => self.opex_per_kw_year,
            EconomicKey::OpexPerMwh => self.opex_per_mwh,
            EconomicKey::TariffPerMwh => self.tariff_per_mwh,
            EconomicKey::CarbonPricePerT => self.carbon_price_per_t,
            EconomicKey::CarbonShare => self.carbon_share,
            EconomicKey::GasCostPerM3 => self.gas_cost_per_m3,
            EconomicKey::TaxRate => self.tax_rate,
            EconomicKey::DepreciationYears => f64::from(self.depreciation_years),
            EconomicKey::DiscountRate => self.discount_rate,
            EconomicKey::LifetimeYears => f64::from(self.lifetime_years),
        }
    }

    /// Sets one numeric parameter (years rounded to whole years; check the value first with
    /// [`EconomicKey::check`], which refuses a fraction of a year).
    pub fn set(&mut self, key: EconomicKey, value: f64) {
        let years = |v: f64| v.round().clamp(0.0, f64::from(u32::MAX)) as u32;
        match key {
            EconomicKey::CapexPerKw => self.capex_per_kw = value,
            EconomicKey::OpexPerKwYear => self.opex_per_kw_year = value,
            EconomicKey::OpexPerMwh => self.opex_per_mwh = value,
            EconomicKey::TariffPerMwh => self.tariff_per_mwh = value,
            EconomicKey::CarbonPricePerT => self.carbon_price_per_t = value,
            EconomicKey::CarbonShare => self.carbon_share = value,
            EconomicKey::GasCostPerM3 => self.gas_cost_per_m3 = value,
            EconomicKey::TaxRate => self.tax_rate = value,
            EconomicKey::DepreciationYears => self.depreciation_years = years(value),
            EconomicKey::DiscountRate => self.discount_rate = value,
            EconomicKey::LifetimeYears => self.lifetime_years = years(value),
        }
    }

    /// Checks every numeric parameter against its range, in field order, and refuses the first
    /// one outside it (as given in code: [`ValueSource::Given`]; callers that know where each
    /// value came from check with [`EconomicKey::check`] themselves).
    pub fn validate(&self) -> Result<(), ForecastError> {
        EconomicKey::ALL
            .into_iter()
            .try_for_each(|key| key.check(self.get(key), ValueSource::Given))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> EconomicParams {
        EconomicParams {
            capex_per_kw: 1000.0,
            opex_per_kw_year: 20.0,
            opex_per_mwh: 5.0,
            tariff_per_mwh: 100.0,
            carbon_price_per_t: 10.0,
            carbon_share: 0.5,
            gas_cost_per_m3: 0.01,
            tax_rate: 0.25,
            depreciation_years: 2,
            discount_rate: 0.25,
            lifetime_years: 3,
            currency: "test units".to_string(),
        }
    }

    fn refused(params: &EconomicParams) -> &'static str {
        match params.validate() {
            Err(ForecastError::BadEconomicParameter { name, .. }) => name,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_set_passes_and_zero_prices_are_allowed() {
        assert_eq!(valid().validate(), Ok(()));
        let free = EconomicParams {
            capex_per_kw: 0.0,
            opex_per_kw_year: 0.0,
            opex_per_mwh: 0.0,
            tariff_per_mwh: 0.0,
            carbon_price_per_t: 0.0,
            carbon_share: 0.0,
            gas_cost_per_m3: 0.0,
            tax_rate: 0.0,
            discount_rate: -0.99,
            ..valid()
        };
        assert_eq!(free.validate(), Ok(()));
    }

    #[test]
    fn each_bad_value_is_refused_by_its_own_name() {
        let cases: Vec<(EconomicParams, &str)> = vec![
            (
                EconomicParams {
                    capex_per_kw: -1.0,
                    ..valid()
                },
                "capex_per_kw",
            ),
            (
                EconomicParams {
                    opex_per_kw_year: -0.1,
                    ..valid()
                },
                "opex_per_kw_year",
            ),
            (
                EconomicParams {
                    opex_per_mwh: f64::NAN,
                    ..valid()
                },
                "opex_per_mwh",
            ),
            (
                EconomicParams {
                    tariff_per_mwh: -5.0,
                    ..valid()
                },
                "tariff_per_mwh",
            ),
            (
                EconomicParams {
                    carbon_price_per_t: f64::INFINITY,
                    ..valid()
                },
                "carbon_price_per_t",
            ),
            (
                EconomicParams {
                    carbon_share: 1.01,
                    ..valid()
                },
                "carbon_share",
            ),
            (
                EconomicParams {
                    carbon_share: -0.01,
                    ..valid()
                },
                "carbon_share",
            ),
            (
                EconomicParams {
                    gas_cost_per_m3: -0.01,
                    ..valid()
                },
                "gas_cost_per_m3",
            ),
            (
                EconomicParams {
                    tax_rate: 1.0,
                    ..valid()
                },
                "tax_rate",
            ),
            (
                EconomicParams {
                    tax_rate: -0.1,
                    ..valid()
                },
                "tax_rate",
            ),
            (
                EconomicParams {
                    depreciation_years: 0,
                    ..valid()
                },
                "depreciation_years",
            ),
            (
                EconomicParams {
                    discount_rate: -1.0,
                    ..valid()
                },
                "discount_rate",
            ),
            (
                EconomicParams {
                    discount_rate: -1.5,
                    ..valid()
                },
                "discount_rate",
            ),
            (
                EconomicParams {
                    lifetime_years: 0,
                    ..valid()
                },
                "lifetime_years",
            ),
        ];
        for (params, name) in cases {
            assert_eq!(refused(&params), name);
        }
    }

    #[test]
    fn the_refusal_is_one_sentence_naming_the_key_and_the_range() {
        let params = EconomicParams {
            discount_rate: -1.0,
            ..valid()
        };
        let text = params
            .validate()
            .expect_err("-100 % is refused")
            .to_string();
        assert_eq!(
            text,
            "discount_rate -1 is not allowed; give a finite fraction above -1 (a rate at or below -100 % has no meaning), such as 0.08"
        );
    }
}

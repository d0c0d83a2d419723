//! The study's valuation: the deterministic cash flows agree with `project`, the simulated
//! valuation centres on them, and the economic values follow the precedence.

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::economics::{ECONOMIC_DEFAULTS, EconomicKey};
use cmmcast_forecast::study::{EconomicOverrides, StudyParams};

fn no_money() -> EconomicOverrides {
    let mut given = EconomicOverrides::default();
    for key in [
        EconomicKey::CapexPerKw,
        EconomicKey::OpexPerKwYear,
        EconomicKey::OpexPerMwh,
        EconomicKey::TariffPerMwh,
        EconomicKey::CarbonPricePerT,
        EconomicKey::GasCostPerM3,
    ] {
        given.set(key, Some(0.0));
    }
    given
}

#[test]
fn without_capex_and_prices_the_valuation_reproduces_project_exactly() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("Songzao");
    let params = StudyParams {
        economics: no_money(),
        ..StudyParams::default()
    };
    let study = params.study(site).expect("a study");
    let value = study.value().expect("a valuation");
    let project = study.project().expect("a projection");
    let forecast: Vec<_> = project.years.iter().filter(|y| !y.observed).collect();
    let operating = &value.cash_flows.operating;
    // The default lifetime, 15 years, reaches one year past the default horizon (2030), so
    // the valuation's forecast runs to 2031; the shared years agree exactly.
    assert_eq!(operating.len(), 15);
    assert_eq!(operating[0].year, 2017);
    assert_eq!(operating[14].year, 2031);
    for (year, projected) in operating.iter().zip(&forecast) {
        assert_eq!(year.year, projected.energy.year);
        assert_eq!(
            year.electricity_net_mwh,
            projected.energy.net_electricity_gwh * 1000.0
        );
        assert_eq!(
            year.co2e_avoided_t,
            projected.energy.co2e_avoided_kt * 1000.0
        );
        assert_eq!(year.burnt_mm3, projected.energy.burnt_mm3);
    }
    for row in &value.cash_flows.rows {
        assert_eq!(row.cash_flow, 0.0);
        assert_eq!(row.revenue_power + row.capex + row.opex + row.tax, 0.0);
    }
    assert_eq!(value.valuation.npv, 0.0);
}

#[test]
fn defaults_are_used_and_sourced_when_nothing_else_is_given() {
    let data = Dataset::songzao();
    let study = StudyParams::default()
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let economics = study.economics();
    for default in &ECONOMIC_DEFAULTS {
        assert_eq!(economics.params.get(default.key), default.value);
        let row = economics
            .assumptions
            .iter()
            .find(|a| a.name == default.key.name())
            .expect("every key is echoed");
        assert_eq!(row.origin.describe(), default.source);
    }
}

#[test]
fn a_given_value_beats_the_scenario_which_beats_the_site() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("Songzao");
    let scenario = Scenario::parse(
        "[inputs]\ntariff_per_mwh = { distribution = \"triangular\", min = 400, mode = 500, max = 600 }\ncapex_per_kw = { distribution = \"uniform\", spread = 1000 }\n",
        "s.toml",
    )
    .expect("a scenario");
    let params = StudyParams {
        scenario: Some(scenario),
        ..StudyParams::default()
    };
    let study = params.study(site).expect("a study");
    // The triangular's median is its mode when symmetric: 500.
    assert_eq!(study.economics().params.tariff_per_mwh, 500.0);
    // The spread is centred on the default: 9,902 ± 1,000, and the central value stays.
    assert_eq!(study.economics().params.capex_per_kw, 9_902.0);
    assert_eq!(study.economics().uncertain.len(), 2);
    let given = StudyParams {
        economics: EconomicOverrides::default().with(EconomicKey::TariffPerMwh, 700.0),
        ..params
    };
    let study = given.study(site).expect("a study");
    assert_eq!(study.economics().params.tariff_per_mwh, 700.0);
    assert_eq!(study.economics().uncertain.len(), 1);
    assert!(study.economics().notes[0].contains("tariff_per_mwh is fixed at the given 700"));
}

#[test]
fn another_currency_is_told_which_amounts_are_still_built_in_cny() {
    let data = Dataset::songzao();
    let mut given = EconomicOverrides::default()
        .with(EconomicKey::CapexPerKw, 1500.0)
        .with(EconomicKey::TariffPerMwh, 90.0);
    given.currency = Some("USD 2024".into());
    let params = StudyParams {
        economics: given,
        ..StudyParams::default()
    };
    let study = params
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let notes = study.economics().notes.join("\n");
    // O&M (122.3) and the carbon price (56) are still the CNY defaults; capex and the tariff
    // were given; the zero defaults (fixed O&M, gas cost) need no warning.
    assert!(
        notes.contains("opex_per_mwh is the built-in 122.3 CNY"),
        "{notes}"
    );
    assert!(
        notes.contains("carbon_price_per_t is the built-in 56 CNY"),
        "{notes}"
    );
    assert!(!notes.contains("tariff_per_mwh is the built-in"), "{notes}");
    assert!(
        !notes.contains("gas_cost_per_m3 is the built-in"),
        "{notes}"
    );
    // The default scenario's carbon price spread is in CNY; the given capex is not drawn.
    assert!(
        notes.contains("spreads carbon_price_per_t by a width"),
        "{notes}"
    );
    assert!(!notes.contains("spreads capex_per_kw"), "{notes}");
    // In the default currency nothing is said.
    let study = StudyParams::default()
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    assert!(study.economics().notes.is_empty());
}

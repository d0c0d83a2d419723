//! The NPV tornado (one input at a time between its p10 and p90 over every operating year, the
//! others at the base case) against the deterministic valuation and hand calculations: the base
//! case is `Study::value`'s NPV, the tariff's bar is linear in the tariff when there is no tax,
//! and a drawn capex ranks above every fixed value.

mod common;

use cmmcast_data::{Dataset, DistributionSpec};
use cmmcast_forecast::economics::EconomicKey;
use cmmcast_forecast::sim::{BarSource, TornadoBar, ValueTornado};
use cmmcast_forecast::study::{EconomicOverrides, StudyParams};

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * b.abs().max(1.0)
}

fn find<'a>(tornado: &'a ValueTornado, input: &str) -> &'a TornadoBar {
    tornado
        .bars
        .iter()
        .find(|b| b.input == input)
        .expect("every input has a bar")
}

/// The default study's distributions are symmetric (spreads centred on the site's values, a
/// lognormal plan adherence with median 1), so their medians are the central values and the
/// base case is the deterministic valuation, bit for bit: the same years, the same chain and
/// the same cash flows.
#[test]
fn the_base_case_is_the_deterministic_valuation() {
    let data = Dataset::songzao();
    let study = StudyParams::default()
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let tornado = study.value_tornado().expect("an NPV tornado");
    let value = study.value().expect("a valuation");
    assert_eq!(tornado.base_npv, value.valuation.npv);
    assert_eq!(tornado.years, study.economic_years().expect("years"));
    assert_eq!(tornado.currency, study.economics().params.currency);
    // Eight scenario inputs, the trend, the model choice and eleven economic values.
    assert_eq!(tornado.bars.len(), 8 + 2 + EconomicKey::ALL.len());
    // The default scenario spreads the tariff, the capex and the carbon price around the
    // site's values; every other economic bar is fixed, at zero swing. The carbon price moves
    // nothing while the default carbon share is 0.
    let drawn = [
        EconomicKey::TariffPerMwh,
        EconomicKey::CapexPerKw,
        EconomicKey::CarbonPricePerT,
    ];
    for key in EconomicKey::ALL {
        let bar = find(&tornado, key.name());
        if drawn.contains(&key) {
            assert!(!bar.fixed, "{}", bar.input);
            continue;
        }
        assert!(bar.fixed && bar.swing == 0.0, "{}", bar.input);
        assert_eq!(bar.output_at_low, tornado.base_npv);
    }
    assert!(find(&tornado, "tariff_per_mwh").swing > 0.0);
    assert!(find(&tornado, "capex_per_kw").swing > 0.0);
    assert_eq!(find(&tornado, "carbon_price_per_t").swing, 0.0);
    let first_fixed = tornado.bars.iter().position(|b| b.fixed).expect("fixed");
    assert!(tornado.bars[first_fixed..].iter().all(|b| b.fixed));
}

/// With no tax the NPV is linear in the tariff: each operating year's cash flow gains
/// (tariff − base tariff) x its net MWh, so NPV(tariff) = NPV(base) + (tariff − base tariff) x D
/// with D = Σ_k MWh_k / (1 + r)^k (row 0, the investment year, sells nothing).
///
/// The scenario gives the tariff triangular(400, 450, 600): width 200, the mode at
/// F = (450 − 400)/200 = 0.25 of the mass. Its closed-form quantiles:
///
/// - p10 (0.1 < 0.25) = 400 + √(0.1 x 200 x 50) = 400 + √1000 = 431.6227766;
/// - median (0.5 > 0.25) = 600 − √(0.5 x 200 x 150) = 600 − √15000 = 477.5255129, the central
///   value (a scenario's own distribution replaces the site's value by its median);
/// - p90 = 600 − √(0.1 x 200 x 150) = 600 − √3000 = 545.2277442;
/// - p90 − p10 = 200 − √1000 − √3000 = 113.6049676.
///
/// The 26.9 MW plant is short of capacity every year at the plant's availability 0.90, so each
/// year sends out 26.9 x 8760 x 0.90 = 212,079.6 MWh, and D = 212,079.6 x (1 − 1.08^−15)/0.08 at
/// the default 8 % over 15 years = 212,079.6 x 8.5594787 ≈ 1,815,291 MWh (checked against the
/// rows below, which the swing is then checked with).
#[test]
fn the_tariff_bar_is_linear_in_the_tariff_without_tax() {
    let scenario = common::scenario(&[(
        "tariff_per_mwh",
        DistributionSpec::Triangular {
            min: 400.0,
            mode: 450.0,
            max: 600.0,
        },
        false,
    )]);
    let params = StudyParams {
        scenario: Some(scenario),
        economics: EconomicOverrides::default().with(EconomicKey::TaxRate, 0.0),
        ..StudyParams::default()
    };
    let data = Dataset::songzao();
    let study = params
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let median = 600.0 - 15_000f64.sqrt();
    let p10 = 400.0 + 1_000f64.sqrt();
    let p90 = 600.0 - 3_000f64.sqrt();
    assert!(close(
        study.economics().params.tariff_per_mwh,
        median,
        1e-12
    ));
    assert!(close(p90 - p10, 113.604_967_6, 1e-9));

    let value = study.value().expect("a valuation");
    let rate = study.economics().params.discount_rate;
    let discounted_mwh: f64 = value
        .cash_flows
        .rows
        .iter()
        .enumerate()
        .map(|(k, row)| row.electricity_net_mwh / (1.0 + rate).powi(k as i32))
        .sum();
    let annuity = (1.0 - 1.08f64.powi(-15)) / 0.08;
    assert!(close(discounted_mwh, 26.9 * 8760.0 * 0.90 * annuity, 1e-9));

    let tornado = study.value_tornado().expect("an NPV tornado");
    assert_eq!(tornado.base_npv, value.valuation.npv);
    let tariff = find(&tornado, "tariff_per_mwh");
    assert!(!tariff.fixed);
    assert!(matches!(
        tariff.source,
        BarSource::Economic {
            key: EconomicKey::TariffPerMwh,
            distribution: Some(DistributionSpec::Triangular { .. }),
        }
    ));
    assert!(close(tariff.low_setting, p10, 1e-12));
    assert!(close(tariff.high_setting, p90, 1e-12));
    let base = tornado.base_npv;
    assert!(close(
        tariff.output_at_low,
        base + (p10 - median) * discounted_mwh,
        1e-9
    ));
    assert!(close(
        tariff.output_at_high,
        base + (p90 - median) * discounted_mwh,
        1e-9
    ));
    assert!(close(tariff.swing, (p90 - p10) * discounted_mwh, 1e-9));
    // Nothing else is drawn, and the plant is short of capacity: the tariff is the only bar.
    assert_eq!(tornado.bars[0].input, "tariff_per_mwh");
    assert!(tornado.bars[1..].iter().all(|b| b.swing == 0.0));
}

/// A scenario drawing capex (a spread around the site's value) ranks it above the economic
/// values it leaves out, which are listed last, fixed, with zero swing.
#[test]
fn a_drawn_capex_ranks_above_a_fixed_value() {
    let scenario = cmmcast_data::Scenario::parse(
        "[inputs]\ncapex_per_kw = { distribution = \"uniform\", spread = 1000 }\n",
        "capex.toml",
    )
    .expect("a scenario");
    let params = StudyParams {
        scenario: Some(scenario),
        ..StudyParams::default()
    };
    let data = Dataset::songzao();
    let study = params
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let tornado = study.value_tornado().expect("an NPV tornado");
    let position = |input: &str| {
        tornado
            .bars
            .iter()
            .position(|b| b.input == input)
            .expect("every input has a bar")
    };
    let capex = find(&tornado, "capex_per_kw");
    let tariff = find(&tornado, "tariff_per_mwh");
    assert!(!capex.fixed && capex.swing > 0.0);
    assert!(tariff.fixed && tariff.swing == 0.0);
    assert!(position("capex_per_kw") < position("tariff_per_mwh"));
    // Uniform 9,902 ± 1,000: p10 = 8,902 + 0.1 x 2,000 = 9,102, p90 = 10,702. More capex, less
    // NPV: the low setting gives the higher NPV.
    assert!(close(capex.low_setting, 9_102.0, 1e-12));
    assert!(close(capex.high_setting, 10_702.0, 1e-12));
    assert!(capex.output_at_low > capex.output_at_high);
    // By hand: the 26,900 kW are all paid in the investment row (undiscounted), and each
    // currency unit of capex is depreciated over the default 15 years at the default tax
    // rate 0.25, a shield of 0.25/15 a year for 15 discounted years (every year is taxable at
    // either setting: revenue 212,079.6 MWh x 623.6 is far above O&M and depreciation). So
    // swing = 1,600 x 26,900 x (1 − 0.25 x a/15), a = (1 − 1.08^−15)/0.08 = 8.5594787:
    // 43,040,000 x 0.8573420 ≈ 36,900,001.
    let annuity = (1.0 - 1.08f64.powi(-15)) / 0.08;
    let by_hand = 1_600.0 * 26_900.0 * (1.0 - 0.25 * annuity / 15.0);
    assert!(close(capex.swing, by_hand, 1e-9));
}

/// A plant short of gas makes the trend matter. With 1,000 MW (far above the ~2,200 million m3
/// a year it could burn at availability 0.90, against a forecast under 1,000), no tax and no
/// scenario inputs, each year's net MWh is methane x 10⁶ x LHV 33.43 MJ/m3 (20 °C) x efficiency
/// 0.38 / 3600 MJ/MWh x (1 − parasitic), and each MWh earns tariff 623.6 − variable O&M 122.3
/// (the defaults; carbon share 0, no gas cost). Capex and fixed O&M do not depend on the gas,
/// so the trend's swing is 501.3 x 10⁶ x 33.43 x 0.38 / 3600 x (1 − parasitic) x
/// Σ_k (upper_k − lower_k) / 1.08^k, the bounds the 80 % interval of the forecast over the 15
/// operating years; its settings are the sums of the bounds.
#[test]
fn the_trend_moves_every_operating_year_together() {
    use cmmcast_forecast::energy::PlantOverrides;
    let params = StudyParams {
        scenario: Some(common::certain()),
        to: Some(2031),
        levels: vec![80.0],
        plant: PlantOverrides {
            capacity_mw: Some(1_000.0),
            ..PlantOverrides::default()
        },
        economics: EconomicOverrides::default().with(EconomicKey::TaxRate, 0.0),
        ..StudyParams::default()
    };
    let data = Dataset::songzao();
    let study = params
        .study(data.site(None).expect("Songzao"))
        .expect("a study");
    let forecast = study.forecast().expect("a forecast").forecast;
    assert_eq!(forecast.years.len(), 15);
    let interval = &forecast.intervals[0];
    assert!(interval.lower.iter().all(|&v| v > 0.0));
    let discounted_spread: f64 = interval
        .lower
        .iter()
        .zip(&interval.upper)
        .enumerate()
        .map(|(i, (low, high))| (high - low) / 1.08f64.powi(i as i32 + 1))
        .sum();
    let parasitic = study.inputs().plant.operating.parasitic_fraction;
    let per_mm3 = (623.6 - 122.3) * 1e6 * 33.43 * 0.38 / 3600.0 * (1.0 - parasitic);

    let tornado = study.value_tornado().expect("an NPV tornado");
    let trend = find(&tornado, "trend");
    assert!(matches!(
        trend.source,
        BarSource::Trend {
            whole_life: true,
            ..
        }
    ));
    assert!(close(
        trend.low_setting,
        interval.lower.iter().sum::<f64>(),
        1e-12
    ));
    assert!(close(
        trend.high_setting,
        interval.upper.iter().sum::<f64>(),
        1e-12
    ));
    assert!(close(trend.swing, per_mm3 * discounted_spread, 1e-9));
    assert!(trend.output_at_low < tornado.base_npv && tornado.base_npv < trend.output_at_high);
}

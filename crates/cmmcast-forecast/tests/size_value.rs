//! Sizing by value (issue 14): a case whose optimum is known by hand, each path's NPV against
//! the economics module's cash-flow table, Songzao's default scenario against the capacity that
//! burns 2020's median gas, the plant's own schedule, the rule's choice and refusals, and
//! bit-identical output for any thread count.
//!
//! Hand values use ISO 6976 methane at 20 °C (LHV 33.43 MJ/m3), written out here rather than
//! taken from the library.

mod common;

use cmmcast_data::{Dataset, Format};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::economics::{EconomicParams, OperatingYear, cash_flows};
use cmmcast_forecast::energy::{CapacityAddition, EnergyFactors, Plant, project_year_with};
use cmmcast_forecast::sim::{
    DailyFlow, NO_POSITIVE_NPV, NPV_RECOMMENDATION_RULE, PathModels, PlantSizing,
    RECOMMENDATION_RULE, RecommendationRule, SizingSettings, SizingValue, UncertainInputs, size,
    size_valued, usable_mm3, value_schedule,
};
use cmmcast_forecast::study::{SizingParams, Study, StudyParams};
use cmmcast_forecast::trend::ModelChoice;

/// A flat plan: 100 million m3 a year, 2012 to 2016. A linear trend fits it with no residual,
/// so every path is 100 million m3 in every forecast year (2017 to 2030).
fn flat_plan() -> Dataset {
    let mut text = String::from("year,methane_mm3\n");
    for year in 2012..=2016 {
        text.push_str(&format!("{year},100\n"));
    }
    Dataset::parse(&text, Format::Csv, "flat.csv", "flat").expect("valid CSV")
}

/// Prices of the hand case: tariff 100 per MWh, capex 1,500 per kW, no other cost, no tax,
/// discount 25 % (factors 0.8, 0.64, 0.512), three operating years.
fn hand_prices() -> EconomicParams {
    EconomicParams {
        capex_per_kw: 1500.0,
        opex_per_kw_year: 0.0,
        opex_per_mwh: 0.0,
        tariff_per_mwh: 100.0,
        carbon_price_per_t: 0.0,
        carbon_share: 0.0,
        gas_cost_per_m3: 0.0,
        tax_rate: 0.0,
        depreciation_years: 1,
        discount_rate: 0.25,
        lifetime_years: 3,
        currency: "units".into(),
    }
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * b.abs().max(1e-300)
}

/// The hand case's models, plant and inputs: the flat plan's linear paths, a plant at
/// efficiency 0.36 and availability 1 with everything sent to power and no parasitic load.
fn hand_case() -> (PathModels, Plant) {
    let data = flat_plan();
    let study = StudyParams {
        model: Some(ModelChoice::Linear),
        scenario: Some(common::certain()),
        ..StudyParams::default()
    }
    .study(data.site(None).expect("one site"))
    .expect("a valid study");
    assert_eq!(study.years().first(), Some(&2017));
    let plant = Plant::builder()
        .efficiency(0.36)
        .availability(1.0)
        .share_to_power(1.0)
        .parasitic_fraction(0.0)
        .build()
        .expect("a valid plant");
    (
        PathModels::new(study.selection(), study.years().to_vec()),
        plant,
    )
}

/// The optimum by hand.
///
/// k = 10⁶ x 33.43 MJ/m3 x 0.36 / 3600 MJ/MWh = 3,343 MWh per million m3, so the 100 million
/// m3 of every year make at most 334,300 MWh. A 10 MW engine at availability 1 makes
/// 10 x 8,760 = 87,600 MWh a year at full load, so the gas keeps 334,300 / 87,600 = 3.816
/// engines busy: with a constant daily flow, engines 1 to 3 run at full load every day, the
/// 4th takes the rest, 334,300 − 3 x 87,600 = 71,500 MWh (capacity factor 71,500 / 87,600 =
/// 0.816210), and the 5th and later burn nothing (every day's gas already burns; four engines
/// share it at load 3.816 / 4 = 0.954, above the minimum 0.5).
///
/// Each engine costs 10,000 kW x 1,500 = 15,000,000 the year before 2017 and earns
/// 100 per MWh in 2017-2019, discounted by 0.8 + 0.64 + 0.512 = 1.952:
///
/// - a full engine: 100 x 87,600 x 1.952 − 15,000,000 = 17,099,520 − 15,000,000 = +2,099,520;
/// - the 4th: 100 x 71,500 x 1.952 − 15,000,000 = 13,956,800 − 15,000,000 = −1,043,200;
/// - the 5th and later: −15,000,000 each.
///
/// NPV(E) = 2,099,520 E for E ≤ 3 (6,298,560 at 3), 5,255,360 at 4, −9,744,640 at 5, and
/// 15,000,000 less for each engine after. The optimum is **3 engines** (30 MW), one short of the
/// count that burns all the gas; every path is the same, so P(NPV < 0) is exactly 0 or 1 and
/// the NPV's SE is 0.
#[test]
fn the_optimum_known_by_hand() {
    let (models, plant) = hand_case();
    let sizing = SizingSettings {
        unit_mw: 10.0,
        max_engines: 8,
        year: Some(2017),
        ..SizingSettings::default()
    };
    let prices = hand_prices();
    let flow = DailyFlow::fixed(0.0, 0.0).expect("valid");
    let result = common::on_threads(2, || {
        size_valued(
            &models,
            &plant,
            &UncertainInputs::default(),
            &flow,
            (20, 7),
            &sizing,
            SizingValue {
                economics: Some(&prices),
                rule: None,
                sized_through: None,
            },
        )
    })
    .expect("sizes");
    assert_eq!(result.rule, RecommendationRule::MaxExpectedNpv);
    assert_eq!(result.rule_text, NPV_RECOMMENDATION_RULE);
    assert_eq!(result.valued_years, vec![2017, 2018, 2019]);
    let npv = |e: f64| {
        let full = 100.0 * 87_600.0 * 1.952 - 15_000_000.0;
        let fourth = 100.0 * 71_500.0 * 1.952 - 15_000_000.0;
        if e <= 3.0 {
            e * full
        } else {
            3.0 * full + fourth - (e - 4.0) * 15_000_000.0
        }
    };
    assert_eq!(npv(3.0), 6_298_560.0);
    assert_eq!(npv(4.0), 5_255_360.0);
    assert_eq!(npv(5.0), -9_744_640.0);
    let marginal_cf = [1.0, 1.0, 1.0, 71_500.0 / 87_600.0, 0.0, 0.0, 0.0, 0.0];
    assert_eq!(result.values.len(), 8);
    for (value, cf) in result.values.iter().zip(marginal_cf) {
        let e = f64::from(value.engines);
        let expected = npv(e);
        assert!(
            close(value.npv.expected, expected, 1e-9),
            "{e}: {} vs {expected}",
            value.npv.expected
        );
        assert!(close(value.marginal_npv, expected - npv(e - 1.0), 1e-9) || e == 1.0);
        assert!(
            (value.marginal_capacity_factor - cf).abs() < 1e-9,
            "{e}: marginal capacity factor {}",
            value.marginal_capacity_factor
        );
        // Every path is the same: no spread beyond the rounding of the mean.
        assert!(value.npv.expected_se <= 1e-12 * expected.abs());
        let loss = if expected < 0.0 { 1.0 } else { 0.0 };
        assert_eq!(value.npv.loss_probability, loss);
        assert_eq!(value.npv.loss_probability_se, 0.0);
        assert!(close(value.npv.p10, expected, 1e-9) && close(value.npv.p90, expected, 1e-9));
    }
    assert!(close(result.values[0].marginal_npv, 2_099_520.0, 1e-9));
    assert_eq!(result.recommended, Some(3));
    assert_eq!(result.no_recommendation, None);
    // The yardstick: the median usable gas, 100 million m3, burns in 100 x 3,343 MWh /
    // 8,760 h = 38.162 MW at full load; the optimum, 30 MW, stays below it (the issue's
    // criterion, on a case whose optimum is known).
    assert!(
        close(result.usable_mm3_p50, 100.0, 1e-9),
        "{}",
        result.usable_mm3_p50
    );
    let p50_mw = 100.0 * (1e6 * 33.43 * 0.36 / 3600.0) / 8760.0;
    assert!(
        close(result.p50_gas_capacity_mw, p50_mw, 1e-9),
        "{} vs {p50_mw}",
        result.p50_gas_capacity_mw
    );
    assert!(30.0 <= result.p50_gas_capacity_mw);

    // The old rule on the same case: capacity factors 1, 1, 1, 0.954, 0.763, 0.636, 0.545,
    // 0.477 (3.816 / E from 4 on), so the largest count with p10 ≥ 0.6 is 6.
    let by_capacity_factor = size_valued(
        &models,
        &plant,
        &UncertainInputs::default(),
        &flow,
        (20, 7),
        &sizing,
        SizingValue {
            economics: Some(&prices),
            rule: Some(RecommendationRule::CapacityFactor),
            sized_through: None,
        },
    )
    .expect("sizes");
    assert_eq!(by_capacity_factor.recommended, Some(6));
    assert_eq!(by_capacity_factor.rule_text, RECOMMENDATION_RULE);
    assert_eq!(by_capacity_factor.values, result.values);

    // A tariff of 50 halves every engine's income: 8,549,760 − 15,000,000 < 0 for a full
    // engine, so no count pays and none is recommended.
    let cheap = EconomicParams {
        tariff_per_mwh: 50.0,
        ..hand_prices()
    };
    let none = size_valued(
        &models,
        &plant,
        &UncertainInputs::default(),
        &flow,
        (20, 7),
        &sizing,
        SizingValue {
            economics: Some(&cheap),
            rule: None,
            sized_through: None,
        },
    )
    .expect("sizes");
    assert_eq!(none.recommended, None);
    assert_eq!(none.no_recommendation, Some(NO_POSITIVE_NPV));
}

/// The plant's own schedule on the hand case: 20 MW in 2017, 10 MW more from 2018 (2 engines,
/// then 3, all at full load). Capex 20,000 kW x 1,500 = 30,000,000 in 2016 and 15,000,000 in
/// 2017 (the year before the addition runs); income 100 x 87,600 = 8,760,000 per engine-year:
///
/// NPV = −30,000,000 + (2 x 8,760,000 − 15,000,000) x 0.8 + 3 x 8,760,000 x (0.64 + 0.512)
///     = −30,000,000 + 2,016,000 + 30,274,560 = 2,290,560,
///
/// below building all three now (6,298,560): the third engine earns one year less.
#[test]
fn a_schedule_is_valued_on_the_same_paths() {
    let (models, _) = hand_case();
    let plant = Plant::builder()
        .efficiency(0.36)
        .availability(1.0)
        .capacity_mw(20.0)
        .additions(vec![CapacityAddition {
            year: 2018,
            mw: 10.0,
        }])
        .build()
        .expect("a valid plant");
    let sizing = SizingSettings {
        unit_mw: 10.0,
        ..SizingSettings::default()
    };
    let schedule = value_schedule(
        &models,
        &plant,
        &UncertainInputs::default(),
        &DailyFlow::fixed(0.0, 0.0).expect("valid"),
        (10, 7),
        &sizing,
        &hand_prices(),
    )
    .expect("values");
    assert_eq!(schedule.years, vec![2017, 2018, 2019]);
    assert_eq!(schedule.engines, vec![2, 3, 3]);
    assert!(
        close(schedule.npv.expected, 2_290_560.0, 1e-9),
        "{}",
        schedule.npv.expected
    );
    assert_eq!(schedule.npv.loss_probability, 0.0);
    assert!((schedule.capacity_factor - 1.0).abs() < 1e-12);
}

/// Songzao's study, to 2030, with `paths` paths.
fn songzao(paths: usize, year: Option<i32>, max_engines: u32) -> StudyParams {
    StudyParams {
        sizing: SizingParams {
            paths,
            year,
            max_engines: Some(max_engines),
            ..SizingParams::default()
        },
        ..StudyParams::default()
    }
}

/// A plausible Chinese CMM price set (tariff 623.6 CNY/MWh, capex 9,902 CNY/kW, O&M
/// 122.3 CNY/MWh, carbon 56 CNY/t unsold, no gas cost, tax 25 %, 15-year depreciation, 8 %),
/// over the 14 forecast years 2017-2030.
fn songzao_prices() -> EconomicParams {
    EconomicParams {
        capex_per_kw: 9902.0,
        opex_per_kw_year: 0.0,
        opex_per_mwh: 122.3,
        tariff_per_mwh: 623.6,
        carbon_price_per_t: 56.0,
        carbon_share: 0.0,
        gas_cost_per_m3: 0.0,
        tax_rate: 0.25,
        depreciation_years: 15,
        discount_rate: 0.08,
        lifetime_years: 14,
        currency: "CNY 2020".into(),
    }
}

/// `study`'s sizing by value with `value`, `flow` and `sizing`, on `threads` threads.
fn valued(
    study: &Study<'_>,
    plant: &Plant,
    flow: &DailyFlow,
    sizing: &SizingSettings,
    value: SizingValue<'_>,
    threads: usize,
) -> PlantSizing {
    let models = PathModels::new(study.selection(), study.years().to_vec());
    let paths = (study.params().sizing.paths, study.params().simulation.seed);
    common::on_threads(threads, || {
        size_valued(
            &models,
            plant,
            &study.inputs().uncertain,
            flow,
            paths,
            sizing,
            value,
        )
    })
    .expect("sizes")
}

/// One path's NPV is `cash_flows(...).npv()` on its operating years. With a constant daily
/// flow a year burns 365 min(g, E f) = min(Q, E x unit x 8760 h x availability / k) whenever
/// g ≥ f / 2, which is the energy chain's annual burn for a plant of E x unit MW; so the
/// operating years come from the chain (`project_year_with`, `OperatingYear::from_energy`),
/// independently of the sizing's days, with every price, tax, depreciation over 5 of the 14
/// years, a grid factor and the default scenario's drawn values (one path, so the expected NPV
/// is the path's).
#[test]
fn each_paths_npv_is_the_cash_flow_tables() {
    let data = Dataset::songzao();
    let study = songzao(1, Some(2020), 40)
        .study(data.site(None).expect("one site"))
        .expect("a valid study");
    let mut plant = study.inputs().plant.clone();
    plant.grid_factor_t_per_mwh = Some(0.8);
    plant.additions.clear();
    let prices = EconomicParams {
        opex_per_kw_year: 150.0,
        carbon_share: 0.5,
        gas_cost_per_m3: 0.05,
        depreciation_years: 5,
        ..songzao_prices()
    };
    let sizing = SizingSettings {
        max_engines: 40,
        year: Some(2020),
        ..SizingSettings::default()
    };
    let flow = DailyFlow::fixed(0.0, 0.0).expect("valid");
    let result = valued(
        &study,
        &plant,
        &flow,
        &sizing,
        SizingValue {
            economics: Some(&prices),
            rule: None,
            sized_through: None,
        },
        1,
    );
    let draws = &common::annual(&study, &study.inputs().uncertain, 1)[0];
    let mut checked = 0;
    for value in &result.values {
        let mw = f64::from(value.engines) * 2.0;
        plant.capacity_mw = mw;
        let years: Vec<OperatingYear> = draws
            .iter()
            .take(14)
            .map(|draw| {
                let factors = EnergyFactors::with_values(&plant, &draw.values);
                let energy =
                    project_year_with(&plant, &draw.values, &factors, draw.year, draw.drained_mm3);
                OperatingYear::from_energy(&energy)
            })
            .collect();
        // The chain and the days agree only where the daily flow runs the engines (g ≥ f/2).
        let runs = draws.iter().take(14).all(|draw| {
            let g = usable_mm3(draw) / 365.0;
            let f = mw / value.engines as f64 * 24.0 * draw.values.availability
                / (1e6 * 33.43 * draw.values.efficiency / 3600.0);
            g >= 0.5 * f
        });
        if !runs {
            continue;
        }
        let table = cash_flows(&prices, &years).expect("a table");
        assert!(
            close(value.npv.expected, table.npv(), 1e-9),
            "{} engines: {} vs {}",
            value.engines,
            value.npv.expected,
            table.npv()
        );
        checked += 1;
    }
    assert_eq!(checked, 40);
}

/// Songzao's default scenario, sized for 2020 with up to 150 engines of 2 MW and valued over
/// 2017-2030 at the prices above. What holds by the rule: the recommendation is the highest
/// expected NPV, so its own marginal NPV is at least 0 and the next engine's at most 0, and it
/// is a count whose expected NPV is positive.
///
/// The issue asks that it not exceed C50, the capacity that burns 2020's median usable gas at
/// full load: C50 = Q50 / (8760 h x availability / k) with the plant's central efficiency and
/// availability (Q50 the type 7 median over the paths of 2020's usable gas). It does not hold
/// at these prices: the default forecast's median usable gas grows from about 325 million m3
/// in 2017 to about 530 in 2030, so a plant built in 2016 and run to 2030 is worth most larger
/// than 2020's median (about 200 MW against C50 of about 170 MW with 1000 paths, seed 42; the
/// marginal engine still runs at a capacity factor of about 0.23 in 2020, more later, and pays
/// back at about 0.31 over the lifetime). `songzao_value_against_2020s_median_gas` records
/// the comparison and is ignored until the criterion is settled (docs/METHODS.md, section
/// 11.5, "Sizing by value").
#[test]
fn songzao_default_recommends_by_value() {
    let (result, c50, cf_rule) = songzao_2020(1000);
    let recommended = result.recommended.expect("a count pays");
    let at = |e: u32| &result.values[e as usize - 1];
    eprintln!(
        "Songzao 2020: C50 {c50:.1} MW; npv rule {recommended} x 2 MW (E[NPV] {:.4e} ± {:.1e}, P(NPV<0) {}, marginal cf {:.3}); capacity-factor rule {:?}",
        at(recommended).npv.expected,
        at(recommended).npv.expected_se,
        at(recommended).npv.loss_probability,
        at(recommended).marginal_capacity_factor,
        cf_rule.recommended
    );
    assert!(at(recommended).npv.expected > 0.0);
    assert!(at(recommended).marginal_npv >= 0.0);
    assert!(recommended == 150 || at(recommended + 1).marginal_npv <= 0.0);
    assert!(
        result
            .values
            .iter()
            .all(|v| v.npv.expected <= at(recommended).npv.expected)
    );
    // The marginal capacity factor never rises with the count (each engine takes what the
    // ones before it leave), and the whole plant's rows are those of `size`.
    assert!(
        result
            .values
            .windows(2)
            .all(|w| w[1].marginal_capacity_factor <= w[0].marginal_capacity_factor + 1e-12)
    );
    assert_eq!(result.rows, cf_rule.rows);
}

/// The criterion on Songzao (see above): ignored while it does not hold.
#[test]
#[ignore = "the issue's criterion does not hold at these prices on a growing forecast; see the notes above songzao_default_recommends_by_value"]
fn songzao_value_against_2020s_median_gas() {
    let (result, c50, _) = songzao_2020(1000);
    let mw = f64::from(result.recommended.expect("a count pays")) * 2.0;
    assert!(mw <= c50, "{mw} MW > {c50} MW");
}

/// Songzao's default sized for 2020 and valued at [`songzao_prices`] with `paths` paths and up
/// to 150 engines of 2 MW on 2 threads: the valued sizing, C50 (MW) and the plain sizing.
fn songzao_2020(paths: usize) -> (PlantSizing, f64, PlantSizing) {
    let data = Dataset::songzao();
    let study = songzao(paths, Some(2020), 150)
        .study(data.site(None).expect("one site"))
        .expect("a valid study");
    assert_eq!(study.years(), (2017..=2030).collect::<Vec<_>>());
    let prices = songzao_prices();
    let sizing = study.sizing_settings();
    assert_eq!(sizing.unit_mw, 2.0);
    let plant = &study.inputs().plant;
    let result = valued(
        &study,
        plant,
        &study.inputs().flow,
        &sizing,
        SizingValue {
            economics: Some(&prices),
            rule: None,
            sized_through: None,
        },
        2,
    );
    let mut usable: Vec<f64> = common::annual(&study, &study.inputs().uncertain, paths)
        .iter()
        .map(|years| usable_mm3(&years[3]))
        .collect();
    usable.sort_by(f64::total_cmp);
    // Type 7 at 50 %: h = (n − 1) / 2, halfway between the middle two for an even n.
    let h = (paths - 1) as f64 * 0.5;
    let low = h.floor() as usize;
    let q50 = usable[low] + (h - low as f64) * (usable[low + 1] - usable[low]);
    let c50 = EnergyFactors::new(plant).capacity_for(q50);
    let cf_rule = common::on_threads(2, || {
        size(
            &PathModels::new(study.selection(), study.years().to_vec()),
            plant,
            &study.inputs().uncertain,
            &study.inputs().flow,
            (paths, study.params().simulation.seed),
            &sizing,
        )
    })
    .expect("sizes");
    (result, c50, cf_rule)
}

/// Same result on 1 and 2 threads, bit for bit: the engine counts' values and the schedule.
#[test]
fn valuation_is_bit_identical_for_1_and_2_threads() {
    let data = Dataset::songzao();
    let study = songzao(300, None, 30)
        .study(data.site(None).expect("one site"))
        .expect("a valid study");
    let prices = songzao_prices();
    let sizing = study.sizing_settings();
    let value = SizingValue {
        economics: Some(&prices),
        rule: None,
        sized_through: None,
    };
    let plant = &study.inputs().plant;
    let one = valued(&study, plant, &study.inputs().flow, &sizing, value, 1);
    let two = valued(&study, plant, &study.inputs().flow, &sizing, value, 2);
    assert_eq!(one.values.len(), 30);
    for (a, b) in one.values.iter().zip(&two.values) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    assert_eq!(one.recommended, two.recommended);
    let models = PathModels::new(study.selection(), study.years().to_vec());
    let schedule = |threads| {
        common::on_threads(threads, || {
            value_schedule(
                &models,
                plant,
                &study.inputs().uncertain,
                &study.inputs().flow,
                (300, 42),
                &sizing,
                &prices,
            )
        })
        .expect("values")
    };
    assert_eq!(format!("{:?}", schedule(1)), format!("{:?}", schedule(2)));
}

/// Refusals: the NPV rule without prices, and a lifetime beyond the simulated years.
#[test]
fn refusals() {
    let (models, plant) = hand_case();
    let sizing = SizingSettings {
        unit_mw: 10.0,
        max_engines: 4,
        ..SizingSettings::default()
    };
    let flow = DailyFlow::fixed(0.0, 0.0).expect("valid");
    let run = |value: SizingValue<'_>| {
        size_valued(
            &models,
            &plant,
            &UncertainInputs::default(),
            &flow,
            (5, 1),
            &sizing,
            value,
        )
    };
    let err = run(SizingValue {
        economics: None,
        rule: Some(RecommendationRule::MaxExpectedNpv),
        sized_through: None,
    })
    .expect_err("no prices");
    assert_eq!(err, ForecastError::NpvRuleWithoutEconomics);
    let long = EconomicParams {
        lifetime_years: 15,
        ..hand_prices()
    };
    let err = run(SizingValue {
        economics: Some(&long),
        rule: None,
        sized_through: None,
    })
    .expect_err("15 years of 14");
    assert_eq!(
        err,
        ForecastError::LifetimeBeyondYears {
            lifetime_years: 15,
            available: 14
        }
    );
    // Without prices the default is the old rule, and nothing is valued.
    let plain = run(SizingValue::default()).expect("sizes");
    assert_eq!(plain.rule, RecommendationRule::CapacityFactor);
    assert!(plain.values.is_empty() && plain.valued_years.is_empty());
}

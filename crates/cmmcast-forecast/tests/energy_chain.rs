//! The energy chain against hand calculations (written out in docs/METHODS.md, "The energy
//! chain", and in [SOURCES: engine-practice]) and its invariants as property tests.

use cmmcast_data::{MAX_CAPACITY_MW, ReferenceTemperature};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::energy::{
    CapacityAddition, EnergyFactors, GwpSet, Plant, capacity_need, convert_volume, project_year,
};
use proptest::prelude::*;

fn songzao_plant() -> Plant {
    Plant::builder()
        .capacity_mw(26.9)
        .build()
        .expect("defaults are valid")
}

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// Hand calculation with the defaults (26.9 MW, efficiency 0.38, availability 0.90, LHV 33.43
/// MJ/m3 at 20 °C):
///   electricity = 26.9 MW x 0.90 x 8760 h = 212,079.6 MWh = 212.08 GWh;
///   gas = 212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60,100,961.9 m3 = 60.10 million m3;
///   2012: 60.10 / 222.94 = 27.0 %; 2016: 60.10 / 304.84 = 19.7 %;
///   all of 2016: 304.84e6 m3 x 33.43 MJ/m3 = 10,190,801,200 MJ; x 0.38 = 3,872,504,456 MJ;
///   / 3600 = 1,075,695.68 MWh; / (0.90 x 8760 h = 7884 h) = 136.4403 MW.
#[test]
fn songzao_defaults_match_the_hand_calculation() {
    let plant = songzao_plant();
    let factors = EnergyFactors::new(&plant);
    let y2012 = project_year(&plant, &factors, 2012, 222.94);
    let y2016 = project_year(&plant, &factors, 2016, 304.84);

    assert!(relative(y2012.electricity_gwh, 212.0796) < 1e-12);
    let gas = 212_079.6 * 3600.0 / 0.38 / 33.43 / 1e6;
    assert!(relative(y2012.burnt_mm3, gas) < 1e-9);
    assert!(relative(y2012.demand_mm3, gas) < 1e-9);
    assert_eq!((y2012.burnt_mm3 * 100.0).round() / 100.0, 60.10);
    assert_eq!((y2012.electricity_gwh * 100.0).round() / 100.0, 212.08);
    assert_eq!((y2012.utilization * 1000.0).round() / 10.0, 27.0);
    assert_eq!((y2016.utilization * 1000.0).round() / 10.0, 19.7);
    assert!(relative(y2012.capacity_factor.expect("capacity"), 0.9) < 1e-12);

    let all_of_2016 = capacity_need(&plant, &factors, &y2016, 1.0, 2.0);
    // 1,075,695.68 MWh / 7884 h = 136.4403 MW; 69 engines of 2 MW.
    assert!(relative(all_of_2016.capacity_needed_mw, 136.440_345) < 1e-6);
    assert_eq!(all_of_2016.engines_needed, 69);
    assert!(relative(all_of_2016.additional_mw, 136.440_345 - 26.9) < 1e-6);
}

/// Avoided emissions by hand for 2012: 60.100962 million m3 x 0.6681 kg/m3 = 40,153.45 t CH4;
/// x 0.995 destroyed = 39,952.68 t; x (28 − 2.75) = 1,008,805.3 t CO2e = 1008.81 kt (AR5).
/// With AR6 (29.8): x 27.05 = 1,080,720 t. A grid factor of 0.8 t/MWh adds 212,079.6 x 0.8 =
/// 169,663.7 t.
#[test]
fn avoided_emissions_match_the_hand_calculation() {
    let plant = songzao_plant();
    let y = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
    // The same hand formula, evaluated: gas (million m3) x density x destroyed x (GWP − 2.75).
    let gas = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    assert!(relative(y.co2e_avoided_kt, gas * 0.6681 * 0.995 * (28.0 - 2.75)) < 1e-9);
    assert_eq!(y.co2e_avoided_kt.round(), 1009.0);
    assert_eq!(y.co2e_grid_kt, None);

    let ar6 = Plant::builder()
        .capacity_mw(26.9)
        .gwp(GwpSet::Ar6)
        .grid_factor_t_per_mwh(0.8)
        .build()
        .expect("valid");
    let y = project_year(&ar6, &EnergyFactors::new(&ar6), 2012, 222.94);
    let gas = 212_079.6 * 3600.0 / 0.38 / 33.43 / 1e6;
    let destruction = gas * 0.6681 * 0.995 * (29.8 - 2.75);
    assert!(relative(y.co2e_destruction_kt, destruction) < 1e-12);
    assert!(relative(y.co2e_grid_kt.expect("factor given"), 169.663_68) < 1e-9);
    assert!(relative(y.co2e_avoided_kt, destruction + 169.663_68) < 1e-9);
}

/// Additions run from their year on: 26.9 MW, +10 from 2018, +20 from 2021.
#[test]
fn capacity_schedule_applies_from_its_year() {
    let plant = Plant::builder()
        .capacity_mw(26.9)
        .additions(vec![
            CapacityAddition {
                year: 2021,
                mw: 20.0,
            },
            CapacityAddition {
                year: 2018,
                mw: 10.0,
            },
        ])
        .build()
        .expect("valid");
    assert_eq!(plant.capacity_in(2017), 26.9);
    assert_eq!(plant.capacity_in(2018), 36.9);
    assert_eq!(plant.capacity_in(2020), 36.9);
    assert_eq!(plant.capacity_in(2021), 56.9);
}

/// Gas below the engines' minimum concentration is unusable (the Chinese 30 % rule).
#[test]
fn lean_gas_is_not_burnt() {
    let plant = Plant::builder()
        .capacity_mw(26.9)
        .gas_concentration(0.25)
        .min_concentration(0.30)
        .build()
        .expect("valid");
    let y = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
    assert_eq!(y.burnt_mm3, 0.0);
    assert_eq!(y.unusable_mm3, 222.94);
    assert_eq!(y.surplus_mm3, 0.0);
}

#[test]
fn out_of_range_parameters_are_refused() {
    let refused = [
        Plant::builder().efficiency(0.0).build(),
        Plant::builder().efficiency(0.61).build(),
        Plant::builder().availability(0.0).build(),
        Plant::builder().availability(1.01).build(),
        Plant::builder().capacity_mw(-1.0).build(),
        Plant::builder().share_to_power(1.5).build(),
        Plant::builder().parasitic_fraction(-0.1).build(),
        Plant::builder().gas_concentration(0.0).build(),
        Plant::builder().min_concentration(1.1).build(),
        Plant::builder().destruction_efficiency(0.0).build(),
        Plant::builder().grid_factor_t_per_mwh(-0.5).build(),
        Plant::builder().efficiency(f64::NAN).build(),
    ];
    for (i, result) in refused.iter().enumerate() {
        assert!(result.is_err(), "case {i} was accepted");
    }
}

fn basis() -> impl Strategy<Value = ReferenceTemperature> {
    prop_oneof![
        Just(ReferenceTemperature::Celsius0),
        Just(ReferenceTemperature::Celsius15),
        Just(ReferenceTemperature::Celsius20),
    ]
}

/// A valid plant drawn over the whole allowed range of every parameter.
fn plant() -> impl Strategy<Value = Plant> {
    (
        (0.0..500.0f64, 0.01..=0.6f64, 0.01..=1.0f64, 0.0..=1.0f64),
        (0.0..=1.0f64, 0.01..=1.0f64, 0.0..=1.0f64, 0.01..=1.0f64),
        basis(),
    )
        .prop_map(
            |((capacity, efficiency, availability, share), (parasitic, conc, min, de), basis)| {
                Plant::builder()
                    .capacity_mw(capacity)
                    .efficiency(efficiency)
                    .availability(availability)
                    .share_to_power(share)
                    .parasitic_fraction(parasitic)
                    .gas_concentration(conc)
                    .min_concentration(min)
                    .destruction_efficiency(de)
                    .basis(basis)
                    .build()
                    .expect("drawn inside the allowed ranges")
            },
        )
}

proptest! {
    /// Utilization is burnt / drained, a share, and 0 in a year with nothing drained.
    #[test]
    fn utilization_is_a_share(plant in plant(), methane in 0.0..5000.0f64) {
        let y = project_year(&plant, &EnergyFactors::new(&plant), 2020, methane);
        let u = y.utilization;
        prop_assert!((0.0..=1.0).contains(&u), "utilization {u}");
        if methane > 0.0 {
            prop_assert!((u - y.burnt_mm3 / methane).abs() <= 1e-15, "utilization {u}");
        }
        let nothing = project_year(&plant, &EnergyFactors::new(&plant), 2020, 0.0);
        prop_assert_eq!(nothing.utilization, 0.0);
        prop_assert_eq!(nothing.burnt_mm3, 0.0);
    }

    #[test]
    fn electricity_never_exceeds_capacity_times_8760_hours(plant in plant(), methane in 0.0..5000.0f64) {
        let y = project_year(&plant, &EnergyFactors::new(&plant), 2020, methane);
        prop_assert!(y.electricity_gwh * 1000.0 <= y.capacity_mw * 8760.0 * (1.0 + 1e-12));
        prop_assert!(y.net_electricity_gwh <= y.electricity_gwh);
    }

    #[test]
    fn gas_balances_and_surplus_is_not_negative(plant in plant(), methane in 0.0..5000.0f64) {
        let y = project_year(&plant, &EnergyFactors::new(&plant), 2020, methane);
        prop_assert!(y.surplus_mm3 >= 0.0);
        let balance = y.burnt_mm3 + y.surplus_mm3 + y.unusable_mm3;
        prop_assert!((balance - methane).abs() <= 1e-9 * methane.max(1.0), "{balance} vs {methane}");
    }

    #[test]
    fn burnt_does_not_fall_with_more_capacity_efficiency_or_availability(
        plant in plant(),
        methane in 0.0..5000.0f64,
        extra_mw in 0.0..100.0f64,
        extra_efficiency in 0.0..0.3f64,
        extra_availability in 0.0..0.5f64,
    ) {
        let base = project_year(&plant, &EnergyFactors::new(&plant), 2020, methane).burnt_mm3;
        let bigger = Plant::builder().capacity_mw(plant.capacity_mw + extra_mw)
            .efficiency(plant.operating.efficiency).availability(plant.operating.availability)
            .share_to_power(plant.operating.share_to_power).gas_concentration(plant.operating.gas_concentration)
            .min_concentration(plant.operating.min_concentration).basis(plant.basis).build().expect("valid");
        prop_assert!(project_year(&bigger, &EnergyFactors::new(&bigger), 2020, methane).burnt_mm3 >= base);
        // Higher efficiency burns less gas for the same output, so burnt may fall; electricity
        // may not.
        let efficient = Plant::builder().capacity_mw(plant.capacity_mw)
            .efficiency((plant.operating.efficiency + extra_efficiency).min(0.6)).availability(plant.operating.availability)
            .share_to_power(plant.operating.share_to_power).gas_concentration(plant.operating.gas_concentration)
            .min_concentration(plant.operating.min_concentration).basis(plant.basis).build().expect("valid");
        let e0 = project_year(&plant, &EnergyFactors::new(&plant), 2020, methane).electricity_gwh;
        let e1 = project_year(&efficient, &EnergyFactors::new(&efficient), 2020, methane).electricity_gwh;
        prop_assert!(e1 >= e0 * (1.0 - 1e-12));
        let available = Plant::builder().capacity_mw(plant.capacity_mw)
            .efficiency(plant.operating.efficiency).availability((plant.operating.availability + extra_availability).min(1.0))
            .share_to_power(plant.operating.share_to_power).gas_concentration(plant.operating.gas_concentration)
            .min_concentration(plant.operating.min_concentration).basis(plant.basis).build().expect("valid");
        prop_assert!(project_year(&available, &EnergyFactors::new(&available), 2020, methane).burnt_mm3 >= base);
    }

    #[test]
    fn burnt_does_not_fall_with_more_methane(plant in plant(), methane in 0.0..5000.0f64, more in 0.0..1000.0f64) {
        let factors = EnergyFactors::new(&plant);
        let a = project_year(&plant, &factors, 2020, methane).burnt_mm3;
        let b = project_year(&plant, &factors, 2020, methane + more).burnt_mm3;
        prop_assert!(b >= a);
    }

    #[test]
    fn basis_conversions_round_trip(volume in 0.0..1e6f64, from in basis(), to in basis()) {
        let back = convert_volume(convert_volume(volume, from, to), to, from);
        prop_assert!((back - volume).abs() <= 1e-12 * volume.max(1.0));
    }

    #[test]
    fn capacity_needed_burns_the_target(plant in plant(), methane in 1.0..5000.0f64, target in 0.01..=1.0f64) {
        let factors = EnergyFactors::new(&plant);
        let y = project_year(&plant, &factors, 2020, methane);
        let need = capacity_need(&plant, &factors, &y, target, 2.0);
        prop_assert!(need.capacity_needed_mw >= 0.0);
        prop_assert!(f64::from(need.engines_needed) * 2.0 >= need.capacity_needed_mw * (1.0 - 1e-9));
        // A plant of exactly that capacity burns the (capped) target. The builder refuses a
        // plant above MAX_CAPACITY_MW (10,000 MW), which the extreme corners of the drawn
        // ranges (efficiency and availability near 0.01, thousands of million m3) can ask
        // for: there the refusal is checked instead.
        let sized = Plant::builder().capacity_mw(need.capacity_needed_mw)
            .efficiency(plant.operating.efficiency).availability(plant.operating.availability)
            .share_to_power(plant.operating.share_to_power).gas_concentration(plant.operating.gas_concentration)
            .min_concentration(plant.operating.min_concentration).basis(plant.basis).build();
        if need.capacity_needed_mw <= MAX_CAPACITY_MW {
            let sized = sized.expect("valid");
            let burnt = project_year(&sized, &EnergyFactors::new(&sized), 2020, methane).burnt_mm3;
            prop_assert!((burnt - need.target_burnt_mm3).abs() <= 1e-9 * methane);
        } else {
            let refused = matches!(
                sized,
                Err(ForecastError::BadPlantParameter { name: "capacity_mw", .. })
            );
            prop_assert!(refused, "{sized:?}");
        }
    }
}

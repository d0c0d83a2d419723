//! Where the surplus goes: vented (the default, nothing credited) or flared (destroyed at the
//! flare's efficiency, no power). Hand calculations written out here and in docs/METHODS.md,
//! section 8.9 "Surplus: vent or flare"; none of the expected numbers comes from cmmcast.
//!
//! Hand values used below (20 °C: LHV 33.43 MJ/m3, density 0.6681 kg/m3; AR5 GWP 28; 44/16 =
//! 2.75 t CO2 per t CH4; engines destroy 0.995):
//!   burnt (26.9 MW, 0.38, 0.90) = 26.9 x 0.9 x 8760 x 3600 / 0.38 / 33.43 / 1e6
//!                               = 60.100962 million m3 (METHODS 8.7, step 3).

use cmmcast_data::SiteFacts;
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::energy::{
    EnergyFactors, Origin, Plant, PlantBuilder, PlantOverrides, SurplusFate, project_year,
};
use proptest::prelude::*;

const DENSITY: f64 = 0.6681;
const GWP_MINUS_CO2: f64 = 28.0 - 2.75;

fn burnt_by_hand() -> f64 {
    26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6
}

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

fn songzao(surplus: SurplusFate) -> PlantBuilder {
    Plant::builder().capacity_mw(26.9).surplus(surplus)
}

/// Songzao 2012, 222.94 million m3 drained, all sent to power, enclosed flare (0.90):
///   burnt   = 60.100962 million m3 (above);
///   flared  = 222.94 − 60.100962 = 162.839038 million m3;
///   engines: 60.100962 x 0.6681 = 40.153453 kt CH4; x 0.995 = 39.952685 kt destroyed;
///   flare:  162.839038 x 0.6681 = 108.792761 kt CH4; x 0.90 = 97.913485 kt destroyed;
///   avoided = (39.952685 + 97.913485 = 137.866171 kt) x 25.25 = 3,481.12 kt CO2e
///   (1,008.81 from the engines, as without a flare, plus 2,472.32 from the flare).
/// An open flare (0.50) destroys 162.839038 x 0.6681 x 0.5 = 54.396381 kt, so
///   avoided = (39.952685 + 54.396381 = 94.349066 kt) x 25.25 = 2,382.31 kt CO2e.
/// Electricity is the same as without a flare: 212.0796 GWh.
#[test]
fn flaring_songzao_2012_matches_the_hand_calculation() {
    let burnt = burnt_by_hand();
    let flared = 222.94 - burnt;
    for (efficiency, destroyed_kt, rounded_kt) in [
        (
            0.90,
            burnt * DENSITY * 0.995 + flared * DENSITY * 0.90,
            3481.12,
        ),
        (
            0.50,
            burnt * DENSITY * 0.995 + flared * DENSITY * 0.50,
            2382.31,
        ),
    ] {
        let plant = songzao(SurplusFate::Flare)
            .flare_efficiency(efficiency)
            .build()
            .expect("valid");
        let y = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
        assert!(relative(y.burnt_mm3, burnt) < 1e-9);
        assert!(relative(y.flared_mm3, flared) < 1e-9);
        assert!(relative(y.flared_mm3, 162.839_038) < 1e-8);
        assert!(relative(y.co2e_destruction_kt, destroyed_kt * GWP_MINUS_CO2) < 1e-9);
        assert_eq!((y.co2e_destruction_kt * 100.0).round() / 100.0, rounded_kt);
        assert_eq!(y.co2e_avoided_kt, y.co2e_destruction_kt);
        // Flared gas earns no power, and the surplus column keeps its meaning.
        assert!(relative(y.electricity_gwh, 212.0796) < 1e-12);
        assert!(relative(y.surplus_mm3, flared) < 1e-9);
    }
    // The enclosed flare is the default flare.
    let plant = songzao(SurplusFate::Flare).build().expect("valid");
    assert_eq!(plant.flare_efficiency, 0.90);
}

/// Venting, given or by default, is the chain as it was: nothing flared, and the destruction
/// credit is exactly burnt x (0.6681 x 0.995 x (28 − 2.75)), in the order the factor was always
/// computed. Every other output equals the flaring plant's.
#[test]
fn vent_reproduces_the_chain_without_a_surplus_setting() {
    let default = Plant::builder().capacity_mw(26.9).build().expect("valid");
    let vent = songzao(SurplusFate::Vent).build().expect("valid");
    let flare = songzao(SurplusFate::Flare).build().expect("valid");
    assert_eq!(default.surplus, SurplusFate::Vent);
    for methane in [0.0, 30.0, 222.94, 304.84] {
        let d = project_year(&default, &EnergyFactors::new(&default), 2012, methane);
        let v = project_year(&vent, &EnergyFactors::new(&vent), 2012, methane);
        let f = project_year(&flare, &EnergyFactors::new(&flare), 2012, methane);
        assert_eq!(d, v);
        assert_eq!(v.flared_mm3, 0.0);
        assert_eq!(
            v.co2e_destruction_kt,
            v.burnt_mm3 * (DENSITY * 0.995 * GWP_MINUS_CO2)
        );
        let same_but_destruction = |y: &cmmcast_forecast::energy::YearEnergy| {
            let mut y = *y;
            y.flared_mm3 = 0.0;
            y.co2e_destruction_kt = 0.0;
            y.co2e_avoided_kt = 0.0;
            y
        };
        assert_eq!(same_but_destruction(&v), same_but_destruction(&f));
    }
}

/// Gas used elsewhere (share_to_power < 1) is not the project's to flare. Songzao supplies
/// 65–85 million m3 a year of civil gas (GMI); with a share of 0.7 sent to power:
///   to_power = 0.7 x 222.94 = 156.058; flared = 156.058 − 60.100962 = 95.957038 million m3;
///   avoided = (60.100962 x 0.995 + 95.957038 x 0.90) x 0.6681 x 25.25 = 2,465.68 kt CO2e.
/// The surplus column still counts the civil gas: 222.94 − 60.100962 = 162.839038.
#[test]
fn gas_used_elsewhere_is_neither_flared_nor_credited() {
    let plant = songzao(SurplusFate::Flare)
        .share_to_power(0.7)
        .build()
        .expect("valid");
    let y = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
    let burnt = burnt_by_hand();
    let flared = 0.7 * 222.94 - burnt;
    assert!(relative(y.flared_mm3, flared) < 1e-9);
    assert!(relative(y.flared_mm3, 95.957_038) < 1e-8);
    let avoided = (burnt * 0.995 + flared * 0.90) * DENSITY * GWP_MINUS_CO2;
    assert!(relative(y.co2e_destruction_kt, avoided) < 1e-9);
    assert_eq!((y.co2e_destruction_kt * 100.0).round() / 100.0, 2465.68);
    assert!(relative(y.surplus_mm3, 222.94 - burnt) < 1e-9);
}

/// Gas too lean for the engines (0.25 CH4 against a minimum of 0.30) is flared with the rest:
/// burnt 0, flared = unusable = 222.94; avoided = 222.94 x 0.6681 x 0.90 x 25.25 = 3,384.80 kt.
#[test]
fn gas_too_lean_for_the_engines_is_flared() {
    let plant = songzao(SurplusFate::Flare)
        .gas_concentration(0.25)
        .min_concentration(0.30)
        .build()
        .expect("valid");
    let y = project_year(&plant, &EnergyFactors::new(&plant), 2012, 222.94);
    assert_eq!(y.burnt_mm3, 0.0);
    assert_eq!(y.unusable_mm3, 222.94);
    assert_eq!(y.flared_mm3, 222.94);
    let avoided = 222.94 * DENSITY * 0.90 * GWP_MINUS_CO2;
    assert!(relative(y.co2e_destruction_kt, avoided) < 1e-12);
    assert_eq!((y.co2e_destruction_kt * 100.0).round() / 100.0, 3384.80);
    assert_eq!(y.electricity_gwh, 0.0);
}

/// The credit for a path-year from its volumes alone, as the sizing calls it, is the
/// projection's.
#[test]
fn destruction_from_volumes_is_the_projections() {
    let plant = songzao(SurplusFate::Flare)
        .share_to_power(0.8)
        .build()
        .expect("valid");
    let factors = EnergyFactors::new(&plant);
    for methane in [0.0, 50.0, 222.94, 1000.0] {
        let y = project_year(&plant, &factors, 2012, methane);
        let d = factors.destruction(methane, y.burnt_mm3);
        assert_eq!(d.flared_mm3, y.flared_mm3);
        assert_eq!(d.co2e_kt, y.co2e_destruction_kt);
    }
}

#[test]
fn flare_efficiency_outside_zero_to_one_is_refused() {
    for bad in [0.0, -0.5, 1.01, f64::NAN, f64::INFINITY] {
        match Plant::builder().flare_efficiency(bad).build() {
            Err(ForecastError::BadPlantParameter { name, .. }) => {
                assert_eq!(name, "flare_efficiency")
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    // Checked when venting too, and 1 (all destroyed) is allowed.
    assert!(
        songzao(SurplusFate::Vent)
            .flare_efficiency(2.0)
            .build()
            .is_err()
    );
    assert!(
        songzao(SurplusFate::Flare)
            .flare_efficiency(1.0)
            .build()
            .is_ok()
    );
}

/// `meta` lists both settings with where they came from: the defaults' sources, the site facts,
/// or given values.
#[test]
fn the_settings_are_listed_with_their_origin() {
    let origin = |plant: &Plant, name| plant.origin_of(name).cloned();
    let default = Plant::builder().build().expect("valid");
    assert!(
        matches!(origin(&default, "surplus"), Some(Origin::Default(s)) if s.contains("vented"))
    );
    assert!(
        matches!(origin(&default, "flare_efficiency"), Some(Origin::Default(s)) if s.contains("AM_Tool_06") && s.contains("0.50"))
    );

    let mut facts = SiteFacts::named("Songzao");
    facts.plant.surplus = Some(SurplusFate::Flare);
    facts.plant.flare_efficiency = Some(0.5);
    let from_facts = PlantBuilder::from_site_facts(&facts)
        .expect("valid")
        .build()
        .expect("valid");
    assert_eq!(from_facts.surplus, SurplusFate::Flare);
    assert_eq!(from_facts.flare_efficiency, 0.5);
    assert_eq!(origin(&from_facts, "surplus"), Some(Origin::SiteFacts));
    assert_eq!(
        origin(&from_facts, "flare_efficiency"),
        Some(Origin::SiteFacts)
    );

    // A flag over the site facts.
    let given = PlantBuilder::from_site_facts(&facts)
        .expect("valid")
        .apply(&PlantOverrides {
            surplus: Some(SurplusFate::Vent),
            ..PlantOverrides::default()
        })
        .build()
        .expect("valid");
    assert_eq!(given.surplus, SurplusFate::Vent);
    assert_eq!(origin(&given, "surplus"), Some(Origin::Given));
    assert_eq!(origin(&given, "flare_efficiency"), Some(Origin::SiteFacts));
}

proptest! {
    /// With a flare, everything sent to power is burnt or flared; the flare takes nothing the
    /// gas balance does not leave over; flaring never lowers the credit.
    #[test]
    fn flaring_takes_what_was_sent_to_power_and_not_burnt(
        capacity in 0.0..500.0f64,
        share in 0.0..=1.0f64,
        concentration in 0.01..=1.0f64,
        minimum in 0.0..=1.0f64,
        efficiency in 0.01..=1.0f64,
        methane in 0.0..5000.0f64,
    ) {
        let builder = |surplus| Plant::builder()
            .capacity_mw(capacity)
            .share_to_power(share)
            .gas_concentration(concentration)
            .min_concentration(minimum)
            .surplus(surplus)
            .flare_efficiency(efficiency)
            .build()
            .expect("drawn inside the allowed ranges");
        let (flare, vent) = (builder(SurplusFate::Flare), builder(SurplusFate::Vent));
        let f = project_year(&flare, &EnergyFactors::new(&flare), 2020, methane);
        let v = project_year(&vent, &EnergyFactors::new(&vent), 2020, methane);
        prop_assert!(f.flared_mm3 >= 0.0);
        let sent = f.burnt_mm3 + f.flared_mm3;
        prop_assert!((sent - f.to_power_mm3).abs() <= 1e-9 * methane.max(1.0));
        prop_assert!(f.flared_mm3 <= (f.surplus_mm3 + f.unusable_mm3) * (1.0 + 1e-12) + 1e-12);
        prop_assert!(f.co2e_destruction_kt >= v.co2e_destruction_kt);
        prop_assert_eq!(v.flared_mm3, 0.0);
    }
}

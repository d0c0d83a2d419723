//! The mine's closure: drainage is 0 after the closure year in the forecast, the projection and
//! every simulated path; the sizing and the tornado look at the years up to it; the plant's
//! lifetime is cut at it. Expected values are counted by hand below, or compared with the same
//! study written another way (an explicit lifetime), never pasted from a run.

use cmmcast_data::{Dataset, Format};
use cmmcast_forecast::ForecastError;
use cmmcast_forecast::closure::Closure;
use cmmcast_forecast::economics::EconomicKey;
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::request::{ForecastRequest, forecast_site};
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::{EconomicOverrides, StudyParams};

/// The Songzao data end in 2016; closing after 2020 leaves 2017–2020 open.
const CLOSURE: i32 = 2020;

#[test]
fn the_forecast_is_zero_after_closure_and_unchanged_before() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("embedded");
    let open = forecast_site(site, &ForecastRequest::default()).expect("forecasts");
    let closed = forecast_site(
        site,
        &ForecastRequest {
            closure_year: Some(CLOSURE),
            ..ForecastRequest::default()
        },
    )
    .expect("forecasts");
    let (a, b) = (&open.forecast, &closed.forecast);
    assert_eq!(a.years, b.years, "the horizon stays 2017-2030");
    for (i, &year) in b.years.iter().enumerate() {
        if year <= CLOSURE {
            assert_eq!(a.point[i], b.point[i], "{year}");
        } else {
            assert_eq!(b.point[i], 0.0, "{year}");
            for interval in &b.intervals {
                assert_eq!((interval.lower[i], interval.upper[i]), (0.0, 0.0), "{year}");
            }
        }
    }
    assert!(
        closed
            .selection
            .as_deref()
            .unwrap_or("")
            .contains("closes after 2020")
    );
}

#[test]
fn every_path_drains_nothing_after_closure() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("embedded");
    let study = StudyParams {
        closure_year: Some(CLOSURE),
        to: Some(2023),
        simulation: SimulationSettings {
            paths: 2_000,
            ..SimulationSettings::default()
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("a study");
    assert_eq!(study.open_years(), vec![2017, 2018, 2019, 2020]);
    let projection = study.project().expect("projects");
    for year in projection.years.iter().filter(|y| y.energy.year > CLOSURE) {
        assert_eq!(year.energy.methane_mm3, 0.0);
        assert_eq!(year.energy.electricity_gwh, 0.0);
    }
    let sim = study.simulate().expect("simulates");
    for s in sim.summaries.iter().filter(|s| s.year > CLOSURE) {
        assert_eq!((s.max, s.mean), (0.0, 0.0), "{} {:?}", s.year, s.quantity);
    }
    let open = sim
        .summaries
        .iter()
        .find(|s| s.year == CLOSURE && s.quantity == Quantity::MethaneMm3)
        .expect("2020");
    assert!(open.mean > 0.0);
    assert!(
        study
            .notes()
            .iter()
            .any(|n| n.contains("closes after 2020"))
    );
}

/// The lifetime is cut from the default 15 years to 2020 − 2016 = 4: the valuation is the one
/// of a plant given a 4-year lifetime outright, row for row (the investment row, 2016, then
/// 2017 to 2020).
#[test]
fn the_economics_stop_at_closure() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("embedded");
    let closed = StudyParams {
        closure_year: Some(CLOSURE),
        ..StudyParams::default()
    }
    .study(site)
    .expect("a study");
    assert_eq!(closed.economics().params.lifetime_years, 4);
    let value = closed.value().expect("values");
    let years: Vec<i32> = value.cash_flows.rows.iter().map(|r| r.year).collect();
    assert_eq!(years, vec![2016, 2017, 2018, 2019, 2020]);
    let four = StudyParams {
        economics: EconomicOverrides::default().with(EconomicKey::LifetimeYears, 4.0),
        ..StudyParams::default()
    }
    .study(site)
    .expect("a study");
    let expected = four.value().expect("values");
    assert_eq!(value.valuation.npv, expected.valuation.npv);
    assert_eq!(value.cash_flows.rows, expected.cash_flows.rows);
    // A lifetime already inside the open years is left alone.
    let late = StudyParams {
        closure_year: Some(2040),
        ..StudyParams::default()
    }
    .study(site)
    .expect("a study");
    assert_eq!(late.economics().params.lifetime_years, 15);
}

#[test]
fn the_site_facts_give_a_closure_and_a_flag_overrides_it() {
    let data = Dataset::songzao()
        .with_facts_bytes(
            b"[[sites]]\nname = \"Songzao\"\nclosure_year = 2022\n".to_vec(),
            Format::Toml,
            "facts.toml",
        )
        .expect("facts");
    let site = data.site(None).expect("site");
    assert_eq!(site.facts.closure_year, Some(2022));
    let closure = Closure::of(site, None).expect("valid").expect("a closure");
    assert_eq!(closure.year, 2022);
    let given = Closure::of(site, Some(2025))
        .expect("valid")
        .expect("a closure");
    assert_eq!(given.year, 2025);
}

#[test]
fn a_closure_not_after_the_data_or_before_the_plan_end_is_refused() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("embedded");
    for year in [2016, 2012, 1990] {
        assert!(matches!(
            Closure::of(site, Some(year)),
            Err(ForecastError::ClosureNotAfterData { last: 2016, .. })
        ));
    }
    let planned = Dataset::parse(
        "year,coal_kt,methane_mm3\n2020,1,1\n2021,1,1\n2022,1,1\n2023,1,\n2024,1,\n",
        Format::Csv,
        "mine.csv",
        "mine",
    )
    .expect("a plan");
    let site = planned.site(None).expect("site");
    assert!(matches!(
        Closure::of(site, Some(2023)),
        Err(ForecastError::ClosureNotAfterData {
            last: 2024,
            plan: true,
            ..
        })
    ));
    assert!(Closure::of(site, Some(2024)).is_ok());
}

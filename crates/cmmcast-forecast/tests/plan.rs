//! A mine's own production plan drives the methane forecast: methane = intensity x planned
//! coal, with an interval from the intensity's uncertainty and the stated plan adherence.
//! The expected numbers are worked out by hand below (and in docs/METHODS.md, section 6.8,
//! "With a production plan"), not taken from running cmmcast.

use cmmcast_data::{Dataset, DistributionSpec, Format, Scenario};
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::request::{ForecastRequest, forecast_site};
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::StudyParams;
use cmmcast_forecast::trend::{ModelChoice, PLAN_ADHERENCE_SIGMA, plan_adherence_cv};

/// Four years of history and a two-year plan.
const MINE: &str = "year,coal_kt,methane_mm3\n\
    2020,1000,30\n2021,2000,62\n2022,2000,58\n2023,1000,30\n\
    2024,1500,\n2025,3000,\n";

fn mine() -> Dataset {
    Dataset::parse(MINE, Format::Csv, "mine.csv", "mine").expect("a plan is accepted")
}

/// By hand:
///
/// ```text
/// Σ c²  = 1000² + 2000² + 2000² + 1000²            = 10,000,000
/// Σ c m = 1000·30 + 2000·62 + 2000·58 + 1000·30    = 300,000
/// r̂     = 300,000 / 10,000,000                      = 0.03 million m3 per thousand t (30 m3/t)
/// residuals 30 − 30, 62 − 60, 58 − 60, 30 − 30     = 0, 2, −2, 0;  RSS = 8
/// σ̂_m²  = 8 / (4 − 1)                               = 2.6666667
/// V_r   = σ̂_m² / Σ c²                               = 2.6666667e-7
/// cv²   = e^{0.10²} − 1                             = 0.010050167 (plan adherence, lognormal σ 0.10)
///
/// 2024, planned coal c = 1500:
///   point = 0.03 × 1500                              = 45
///   A = r̂² c² cv²  = 0.0009 × 2,250,000 × 0.010050167 = 20.351588   (stated: infinite df)
///   B = c² V_r + σ̂_m² = 0.6 + 2.6666667               = 3.2666667   (n − 1 = 3 df)
///   C = V_r c² cv² = 0.6 × 0.010050167                = 0.0060301   (3 df)
///   Var = A + B + C = 23.624285, sd = 4.8604820
///   ν = Var² / ((B² + C²)/3) = 558.10685 / (10.671147/3) = 156.90164 (Welch–Satterthwaite)
///   t_{0.975, 156.90} = 1.9751988, t_{0.90, 156.90} = 1.2869705 (scipy.stats.t.ppf)
///   95 %: 45 ± 1.9751988 × 4.8604820 = 45 ± 9.6004181;  80 %: 45 ± 6.2552967
/// 2025, planned coal c = 3000:
///   point = 90; A = 81.406353, B = 2.4 + 2.6666667 = 5.0666667, C = 0.0241204
///   Var = 86.497140, sd = 9.3003839, ν = 7481.7553 / (25.671693/3) = 874.31966
///   t_{0.975, 874.32} = 1.9626810, 95 %: 90 ± 18.253686
/// ```
#[test]
fn the_plan_drives_the_default_forecast_as_by_hand() {
    let data = mine();
    let site = data.site(None).expect("one site");
    let result = forecast_site(site, &ForecastRequest::default()).expect("forecasts");
    let f = &result.forecast;
    assert_eq!(f.model, "intensity", "a plan makes intensity the default");
    assert_eq!(f.years[..2], [2024, 2025]);
    let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-6, "{what}: {a} vs {b}");
    close(f.point[0], 45.0, "2024 point");
    close(f.point[1], 90.0, "2025 point");
    let p80 = &f.intervals[0];
    let p95 = &f.intervals[1];
    close(p95.upper[0] - f.point[0], 9.600_418, "2024 95 % half-width");
    close(
        f.point[0] - p95.lower[0],
        9.600_418,
        "2024 95 % half-width below",
    );
    close(p80.upper[0] - f.point[0], 6.255_297, "2024 80 % half-width");
    close(
        p95.upper[1] - f.point[1],
        18.253_686,
        "2025 95 % half-width",
    );
    assert!((f.df[0] - 156.901_64).abs() < 1e-4 && (f.df[1] - 874.319_66).abs() < 1e-4);
    let cv = result
        .parameters
        .iter()
        .find(|p| p.name == "plan_adherence_cv")
        .expect("the stated adherence is a parameter");
    close(cv.value, 0.010_050_167_f64.sqrt(), "cv");
    assert!(
        result
            .selection
            .as_deref()
            .unwrap_or("")
            .contains("production plan")
    );
}

/// The default horizon covers the plan: to 2030 for a plan ending before it, to the plan's end
/// for one running past it.
#[test]
fn the_default_horizon_covers_the_plan() {
    let data = mine();
    let result = forecast_site(
        data.site(None).expect("as set up"),
        &ForecastRequest::default(),
    )
    .expect("as set up");
    assert_eq!(result.forecast.years.last(), Some(&2030));
    let mut long = String::from(MINE);
    for year in 2026..=2034 {
        long.push_str(&format!("{year},2000,\n"));
    }
    let data = Dataset::parse(&long, Format::Csv, "long.csv", "long").expect("valid");
    let result = forecast_site(
        data.site(None).expect("as set up"),
        &ForecastRequest::default(),
    )
    .expect("as set up");
    assert_eq!(result.forecast.years.last(), Some(&2034));
    // 2030 is planned at 2000 kt: 0.03 × 2000 = 60.
    let i = result
        .forecast
        .years
        .iter()
        .position(|&y| y == 2030)
        .expect("as set up");
    assert!((result.forecast.point[i] - 60.0).abs() < 1e-9);
}

/// A model named explicitly forecasts from the history alone: the damped trend gives the same
/// numbers with or without the plan rows.
#[test]
fn another_model_ignores_the_plan_and_says_so() {
    let without = "year,coal_kt,methane_mm3\n\
        2020,1000,30\n2021,2000,62\n2022,2000,58\n2023,1000,30\n";
    let bare = Dataset::parse(without, Format::Csv, "bare.csv", "mine").expect("as set up");
    let data = mine();
    let request = ForecastRequest {
        model: Some(ModelChoice::Damped),
        to: Some(2026),
        ..ForecastRequest::default()
    };
    let planned = forecast_site(data.site(None).expect("as set up"), &request).expect("as set up");
    let history = forecast_site(bare.site(None).expect("as set up"), &request).expect("as set up");
    assert_eq!(planned.forecast.point, history.forecast.point);
    assert!(
        planned
            .selection
            .as_deref()
            .unwrap_or("")
            .contains("is not used by the damped model")
    );
}

/// The analytic interval and the simulation's paths state the same plan adherence: the default
/// scenario's plan_adherence is lognormal with median 1 and σ = PLAN_ADHERENCE_SIGMA.
#[test]
fn the_interval_and_the_paths_state_the_same_adherence() {
    let scenario = Scenario::songzao_default();
    let input = scenario
        .input("plan_adherence")
        .expect("the default has one");
    match input.distribution {
        cmmcast_data::InputDistribution::Given(DistributionSpec::Lognormal { median, sigma }) => {
            assert_eq!((median, sigma), (1.0, PLAN_ADHERENCE_SIGMA));
        }
        ref other => panic!("plan adherence is {other:?}"),
    }
    assert!((plan_adherence_cv() - 0.100_250_5).abs() < 1e-7);
}

/// Every command's central numbers come from the same study: the projection's drainage in the
/// planned years is the forecast's point, and the simulation's median is near it.
#[test]
fn project_and_simulate_agree_with_the_forecast() {
    let data = mine();
    let site = data.site(None).expect("as set up");
    let params = StudyParams {
        simulation: SimulationSettings {
            paths: 20_000,
            percentiles: vec![2.5, 50.0, 97.5],
            ..SimulationSettings::default()
        },
        ..StudyParams::default()
    };
    let study = params.study(site).expect("a study");
    assert_eq!(study.selection().chosen().name(), "intensity");
    assert!(study.notes().iter().any(|n| n.contains("production plan")));
    let projection = study.project().expect("projects");
    let planned: Vec<f64> = projection
        .years
        .iter()
        .filter(|y| !y.observed)
        .take(2)
        .map(|y| y.energy.methane_mm3)
        .collect();
    assert!((planned[0] - 45.0).abs() < 1e-9 && (planned[1] - 90.0).abs() < 1e-9);
    let sim = study.simulate().expect("simulates");
    let methane_2024 = sim
        .summaries
        .iter()
        .find(|s| s.year == 2024 && s.quantity == Quantity::MethaneMm3)
        .expect("2024 methane");
    // The median of intensity draw x 1500 x adherence (median 1) plus symmetric noise: 45,
    // within a few Monte Carlo standard errors.
    let (p50, se) = (methane_2024.percentiles[1], methane_2024.percentile_se[1]);
    assert!((p50 - 45.0).abs() < 4.0 * se + 0.05, "p50 {p50} se {se}");
    // The paths' 95 % range is the analytic one (35.40 to 54.60) up to the shapes: the
    // adherence is lognormal (skewed up: its 97.5 % point is e^{1.96 × 0.1} = 1.2165 where
    // the symmetric interval has 1 + 1.96 × 0.1003 = 1.1965) where the interval is symmetric;
    // within a quarter of the half-width (9.60) at either end.
    let (low, high) = (methane_2024.percentiles[0], methane_2024.percentiles[2]);
    assert!(
        (low - 35.40).abs() < 2.4 && (high - 54.60).abs() < 2.4,
        "{low} {high}"
    );
}

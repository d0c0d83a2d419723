//! The rolling-origin backtest against a hand calculation and against statsmodels.
//!
//! - A six-year series, linear, three years in the first fit, one year ahead: every number
//!   worked out below by hand (the Student t quantiles from printed tables).
//! - A twelve-year series with a gap (no 2009), linear, quadratic and exponential, horizons 1
//!   to 3: each origin's forecast and prediction interval from statsmodels, the measures from
//!   numpy (tests/fixtures/backtest/reference.py writes backtest_expected.json; nothing there
//!   comes from cmmcast).

use cmmcast_forecast::Level;
use cmmcast_forecast::backtest::{BacktestSettings, backtest, backtest_sites};
use cmmcast_forecast::trend::{
    Exponential, Linear, Quadratic, SeriesKind, TrendInput, TrendModel, backtest_menu,
};
use serde_json::Value;

fn input<'a>(years: &'a [i32], values: &'a [f64]) -> TrendInput<'a> {
    TrendInput::methane(years, values)
}

fn close(what: &str, ours: f64, theirs: f64, tolerance: f64) {
    assert!(
        (ours - theirs).abs() <= tolerance * theirs.abs().max(1.0),
        "{what}: ours {ours:.15e}, expected {theirs:.15e}"
    );
}

/// y = 1, 2, 4, 5, 7, 9.5 in 2010–2015 (t = 0..5), linear, `--min-train 3 --horizon 1`:
///
/// Origin 2012, fitted on t = 0, 1, 2 (y = 1, 2, 4):
///   t̄ = 1, ȳ = 7/3, Sxx = 2, Sxy = (−1)(1 − 7/3) + (1)(4 − 7/3) = 3, slope 3/2,
///   intercept 7/3 − 3/2 = 5/6; forecast for t = 3: 5/6 + 9/2 = 16/3; actual 5, e = −1/3.
///   Fitted 5/6, 7/3, 23/6: residuals 1/6, −1/3, 1/6, RSS = 1/6, σ̂² = (1/6)/1 = 1/6.
///   q₀ = 1/3 + (3 − 1)²/2 = 7/3; se_obs = √((1/6)(1 + 7/3)) = √5/3 = 0.745356.
///   t_{0.90,1} = 3.077684, t_{0.975,1} = 12.706205: 80 % 16/3 ± 2.293966 = [3.039363,
///   7.627303] holds 5, Winkler = width = 4.587940; 95 % ± 9.470646 holds it too.
///   Drift scale: c = (4 − 1)/2 = 3/2; |1 − 3/2| = |2 − 3/2| = 1/2, scale 1/2; e/scale = −2/3.
/// Origin 2013, fitted on t = 0..3 (y = 1, 2, 4, 5):
///   t̄ = 1.5, ȳ = 3, Sxx = 5, Sxy = 3 + 0.5 + 0.5 + 3 = 7, slope 1.4, intercept 3 − 2.1 = 0.9;
///   forecast 0.9 + 1.4 × 4 = 6.5; actual 7, e = 0.5. Residuals 0.1, −0.3, 0.3, −0.1,
///   RSS = 0.2, σ̂² = 0.1; q₀ = 1/4 + 2.5²/5 = 1.5; se_obs = √(0.1 × 2.5) = 0.5.
///   t_{0.90,2} = 1.885618: 80 % 6.5 ± 0.942809 holds 7, Winkler 1.885618.
///   Scale: c = 4/3; changes 1, 2, 1 miss it by 1/3, 2/3, 1/3: scale 4/9; e/scale = 9/8.
/// Origin 2014, fitted on t = 0..4 (y = 1, 2, 4, 5, 7):
///   t̄ = 2, ȳ = 3.8, Sxx = 10, Sxy = 5.6 + 1.8 + 0 + 1.2 + 6.4 = 15, slope 1.5, intercept
///   0.8; forecast 0.8 + 7.5 = 8.3; actual 9.5, e = 1.2. Residuals 0.2, −0.3, 0.2, −0.3, 0.2,
///   RSS = 0.3, σ̂² = 0.1; q₀ = 1/5 + 9/10 = 1.1; se_obs = √0.21 = 0.458258.
///   t_{0.90,3} = 1.637744: 80 % 8.3 ± 0.750509 = [7.549491, 9.050509] misses 9.5 by
///   0.449491: Winkler 1.501017 + (2/0.2) × 0.449491 = 5.995930. t_{0.975,3} = 3.182446:
///   95 % 8.3 ± 1.458380 holds 9.5.
///   Scale: c = 6/4 = 1.5; changes 1, 2, 1, 2 miss it by 1/2 each: scale 1/2; e/scale = 12/5.
/// Horizon 1, n = 3, e = −1/3, 1/2, 6/5:
///   ME = (−1/3 + 1/2 + 6/5)/3 = 41/90; MAE = (1/3 + 1/2 + 6/5)/3 = 61/90;
///   RMSE = √((1/9 + 1/4 + 36/25)/3) = √(1621/2700) = 0.774836;
///   MAPE = 100 (1/15 + 1/14 + 12/95)/3 = 8.813701; MASE = (2/3 + 9/8 + 12/5)/3 = 503/360;
///   coverage 2/3 at 80 %, 1 at 95 %; Winkler at 80 % (4.587940 + 1.885618 + 5.995930)/3 =
///   4.156496.
#[test]
fn six_years_linear_matches_the_hand_calculation() {
    let years = [2010, 2011, 2012, 2013, 2014, 2015];
    let values = [1.0, 2.0, 4.0, 5.0, 7.0, 9.5];
    let settings = BacktestSettings::new(1, Some(3), Level::defaults()).expect("valid");
    let models: Vec<Box<dyn TrendModel>> = vec![Box::new(Linear)];
    let result = backtest(&input(&years, &values), &models, &settings).expect("runs");
    let linear = result.model("linear").expect("tested");
    assert_eq!(linear.origins, vec![2012, 2013, 2014]);

    let p = &linear.points;
    let tight = 1e-12;
    close("forecast from 2012", p[0].point, 16.0 / 3.0, tight);
    close("forecast from 2013", p[1].point, 6.5, tight);
    close("forecast from 2014", p[2].point, 8.3, tight);
    close("scale 2012", p[0].scale.expect("scale"), 0.5, tight);
    close("scale 2013", p[1].scale.expect("scale"), 4.0 / 9.0, tight);
    close("scale 2014", p[2].scale.expect("scale"), 0.5, tight);
    // Bounds to the 6 decimals of the hand calculation.
    close("80 % lower 2012", p[0].bounds[0].0, 3.039_363, 1e-6);
    close("80 % upper 2012", p[0].bounds[0].1, 7.627_303, 1e-6);
    close("80 % upper 2014", p[2].bounds[0].1, 9.050_509, 1e-6);

    let a = linear.at(1).expect("horizon 1");
    assert_eq!(a.n, 3);
    close("ME", a.me, 41.0 / 90.0, tight);
    close("MAE", a.mae, 61.0 / 90.0, tight);
    close("RMSE", a.rmse, (1621.0_f64 / 2700.0).sqrt(), tight);
    close(
        "MAPE",
        a.mape.expect("defined"),
        100.0 * (1.0 / 15.0 + 1.0 / 14.0 + 12.0 / 95.0) / 3.0,
        tight,
    );
    close("MASE", a.mase.expect("defined"), 503.0 / 360.0, tight);
    assert_eq!(a.mase_n, 3);
    close("coverage 80", a.coverage[0], 2.0 / 3.0, tight);
    close("coverage 95", a.coverage[1], 1.0, tight);
    close("Winkler 80", a.winkler[0], 4.156_496, 1e-6);
}

fn expected() -> Value {
    let path = format!(
        "{}/tests/fixtures/backtest/backtest_expected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

fn number(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

#[test]
fn rolling_origins_match_statsmodels_on_a_series_with_a_gap() {
    let e = expected();
    assert!(
        e["generated_by"]
            .as_str()
            .is_some_and(|g| g.starts_with("reference.py with statsmodels")),
        "the fixture says what made it"
    );
    let years: Vec<i32> = e["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| y.as_i64().expect("year") as i32)
        .collect();
    let values: Vec<f64> = e["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(number)
        .collect();
    let horizon = e["horizon"].as_u64().expect("horizon") as usize;
    let settings = BacktestSettings::new(horizon, None, Level::defaults()).expect("valid");
    let models: Vec<Box<dyn TrendModel>> =
        vec![Box::new(Linear), Box::new(Quadratic), Box::new(Exponential)];
    let result = backtest(&input(&years, &values), &models, &settings).expect("runs");
    let relative = 1e-9;
    for model in &result.models {
        let reference = &e["models"][model.model];
        let points = reference["points"].as_array().expect("points");
        assert_eq!(
            model.points.len(),
            points.len(),
            "{}: forecasts",
            model.model
        );
        for (ours, theirs) in model.points.iter().zip(points) {
            let what = format!("{} from {} for {}", model.model, ours.origin, ours.year);
            assert_eq!(
                i64::from(ours.origin),
                theirs["origin"].as_i64().unwrap_or(0)
            );
            assert_eq!(i64::from(ours.year), theirs["year"].as_i64().unwrap_or(0));
            assert_eq!(ours.horizon as u64, theirs["horizon"].as_u64().unwrap_or(0));
            assert_eq!(ours.n_train as u64, theirs["n_train"].as_u64().unwrap_or(0));
            close(
                &format!("{what} point"),
                ours.point,
                number(&theirs["point"]),
                relative,
            );
            close(
                &format!("{what} scale"),
                ours.scale.expect("scale"),
                number(&theirs["scale"]),
                relative,
            );
            for (k, (lower, upper)) in ours.bounds.iter().enumerate() {
                close(
                    &format!("{what} lower {k}"),
                    *lower,
                    number(&theirs["lower"][k]),
                    relative,
                );
                close(
                    &format!("{what} upper {k}"),
                    *upper,
                    number(&theirs["upper"][k]),
                    relative,
                );
            }
        }
        let rows = reference["accuracy"].as_array().expect("accuracy");
        assert_eq!(
            model.accuracy.len(),
            rows.len(),
            "{}: horizons",
            model.model
        );
        for (a, row) in model.accuracy.iter().zip(rows) {
            let what = format!("{} horizon {}", model.model, a.horizon);
            assert_eq!(a.horizon as u64, row["horizon"].as_u64().unwrap_or(0));
            assert_eq!(a.n as u64, row["n"].as_u64().unwrap_or(0), "{what} n");
            close(&format!("{what} ME"), a.me, number(&row["me"]), relative);
            close(&format!("{what} MAE"), a.mae, number(&row["mae"]), relative);
            close(
                &format!("{what} RMSE"),
                a.rmse,
                number(&row["rmse"]),
                relative,
            );
            close(
                &format!("{what} MAPE"),
                a.mape.expect("defined"),
                number(&row["mape"]),
                relative,
            );
            close(
                &format!("{what} MASE"),
                a.mase.expect("defined"),
                number(&row["mase"]),
                relative,
            );
            for k in 0..2 {
                close(
                    &format!("{what} coverage {k}"),
                    a.coverage[k],
                    number(&row["coverage"][k]),
                    relative,
                );
                close(
                    &format!("{what} Winkler {k}"),
                    a.winkler[k],
                    number(&row["winkler"][k]),
                    relative,
                );
            }
        }
    }
    // The gap: 2008 is no origin of a one-year forecast, and nothing is forecast for 2009.
    let linear = result.model("linear").expect("tested");
    assert!(!linear.points.iter().any(|p| p.year == 2009));
    assert!(
        !linear
            .points
            .iter()
            .any(|p| p.origin == 2008 && p.horizon == 1)
    );
}

/// A series on an exact line: every training window's drift forecast is exact, so MASE has no
/// scale (and is `None`, not infinite), the ranking falls back on MAE, and every other measure
/// stays finite.
#[test]
fn an_exact_line_has_no_mase_and_no_nan() {
    let years = [2010, 2011, 2012, 2013, 2014, 2015];
    let values = [100.0, 110.0, 120.0, 130.0, 140.0, 150.0];
    let settings = BacktestSettings::new(2, None, Level::defaults()).expect("valid");
    let models: Vec<Box<dyn TrendModel>> = vec![Box::new(Linear), Box::new(Quadratic)];
    let result = backtest(&input(&years, &values), &models, &settings).expect("runs");
    for model in &result.models {
        for a in &model.accuracy {
            assert_eq!(a.mase, None);
            assert_eq!(a.mase_n, 0);
            assert!(a.mae < 1e-9 && a.me.is_finite() && a.rmse.is_finite());
            assert!(a.winkler.iter().all(|w| w.is_finite()));
        }
    }
    let ranking = result.ranking(1).expect("ranked");
    assert_eq!(ranking.by, cmmcast_forecast::backtest::RankBy::Mae);
    assert!(
        result
            .caveats()
            .iter()
            .any(|c| c.contains("MASE leaves out"))
    );
}

/// The Songzao plan runs on the default backtest menu, with one-year-ahead errors from its last
/// origins, and says how little evidence that is.
#[test]
fn songzao_runs_and_says_how_little_evidence_it_is() {
    let data = cmmcast_data::Dataset::songzao();
    let sites = data.select(None).expect("one site");
    let settings = BacktestSettings::new(1, None, Level::defaults()).expect("valid");
    let results = backtest_sites(
        &sites,
        SeriesKind::Methane,
        &backtest_menu(None).expect("menu"),
        &settings,
    )
    .expect("runs");
    let result = &results[0].result;
    assert_eq!(result.models.len(), 5);
    assert_eq!(
        result.model("linear").expect("tested").origins,
        vec![2014, 2015]
    );
    assert_eq!(
        result.model("quadratic").expect("tested").origins,
        vec![2015]
    );
    let evidence = result.evidence().expect("little evidence");
    assert!(evidence.starts_with("Very little evidence"), "{evidence}");
    assert!(evidence.contains("as few as 1"), "{evidence}");
}

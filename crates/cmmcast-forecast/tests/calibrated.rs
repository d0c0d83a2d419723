//! The calibrated intervals against their independent reference: the Python prototype the
//! method was designed with (benches/compare/calibration.py), whose tables and worked cases
//! `tests/fixtures/calibration/reference.py` writes to `calibration_expected.json`.

use cmmcast_forecast::Level;
use cmmcast_forecast::calibrate::{Calibration, log_step_sd};
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calibration/calibration_expected.json"
    ))
    .expect("the fixture");
    serde_json::from_str(&text).expect("JSON")
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1e-9)
}

/// Both tables: the window count, s_ref, γ_h and the quantiles at 2.5, 10, 50, 90 and 97.5 %,
/// and the scaled errors of a few windows.
#[test]
fn the_tables_match_the_python_reference() {
    let e = fixture();
    let calibration = Calibration::embedded();
    for (w, table) in [("5", &calibration.five), ("10", &calibration.ten)] {
        let t = &e["tables"][w];
        assert_eq!(table.len() as u64, t["m"].as_u64().expect("m"), "W = {w}");
        assert!(
            close(table.s_ref, t["s_ref"].as_f64().expect("s_ref")),
            "W = {w}"
        );
        for (h, g) in numbers(&t["gamma"]).into_iter().enumerate() {
            assert!(close(table.gamma[h], g), "W = {w}, gamma_{}", h + 1);
        }
        for p in [0.025, 0.1, 0.5, 0.9, 0.975] {
            let q = numbers(&t["q"][p.to_string()]);
            for (h, &q) in q.iter().enumerate() {
                assert!(
                    close(table.quantile(h + 1, p), q),
                    "W = {w}, p = {p}, h = {}",
                    h + 1
                );
            }
        }
        // The reference orders windows by fuel, then country; the table by series: each of the
        // reference's first windows is one of the table's rows.
        for row in t["first_rows"].as_array().expect("rows") {
            let z = numbers(&row[3]);
            let found = (0..table.len()).any(|i| {
                z.iter()
                    .enumerate()
                    .all(|(h, &v)| close(table.row(i)[h], v))
            });
            assert!(found, "W = {w}: no row for {row}");
        }
    }
}

/// Four series (rising, falling onto the log-scale point, flat at the volatility floor, ten
/// years): their volatility, points, scales and bounds at 80 and 95 %.
#[test]
fn worked_cases_match_the_python_reference() {
    let e = fixture();
    let levels = [
        Level::percent(80.0).expect("80"),
        Level::percent(95.0).expect("95"),
    ];
    for case in e["cases"].as_array().expect("cases") {
        let y = numbers(&case["y"]);
        assert!(
            close(log_step_sd(&y), case["sd"].as_f64().expect("sd")),
            "{y:?}"
        );
        let forecast = Calibration::embedded()
            .forecast(&y, 10, &levels)
            .expect("calibrated");
        let (points, bounds) = (forecast.point, forecast.bounds);
        let want = numbers(&case["point"]);
        for h in 0..10 {
            assert!(close(points[h], want[h]), "{y:?} point h = {}", h + 1);
            for (l, (lo, hi)) in [("0.1", "0.9"), ("0.025", "0.975")].iter().enumerate() {
                let lower = numbers(&case["bounds"][*lo])[h];
                let upper = numbers(&case["bounds"][*hi])[h];
                assert!(
                    close(bounds[h][l].0, lower),
                    "{y:?} lower h = {} level {l}",
                    h + 1
                );
                assert!(
                    close(bounds[h][l].1, upper),
                    "{y:?} upper h = {} level {l}",
                    h + 1
                );
            }
        }
    }
}

/// Beyond ten years the quantile grows in proportion to h (q_20 = 2 q_10) with γ_10, and the
/// 95 % interval stays nested around the 80 % one.
#[test]
fn beyond_ten_years_the_quantiles_grow_linearly() {
    let c = Calibration::embedded();
    let (s10, q10) = c.scale_and_quantile(5, 0.05, 10, 0.975);
    let (s20, q20) = c.scale_and_quantile(5, 0.05, 20, 0.975);
    assert!(close(s20, s10) && close(q20, 2.0 * q10));
    let levels = [
        Level::percent(80.0).expect("80"),
        Level::percent(95.0).expect("95"),
    ];
    let forecast = c
        .forecast(&[100.0, 104.0, 103.0, 108.0, 111.0], 25, &levels)
        .expect("calibrated");
    for b in &forecast.bounds {
        assert!(b[1].0 <= b[0].0 && b[0].1 <= b[1].1, "{b:?}");
    }
}

/// The coverage targets, on the shipped reference class, leave-one-country-out (each
/// window's intervals learned without any series of its country), coal and gas separately,
/// windows of 5 and 10 years followed by 10 observed years, every start year, series averaging
/// at least 1 Mt or bcm, every horizon 1 to 10: 95 % intervals cover 92 to 97 %, 80 % ones 76
/// to 84 %. The data are fixed, so this is a regression test of the method on them; the full
/// table is in docs/METHODS.md, section 13.5.
#[test]
fn coverage_targets_hold_leave_one_country_out() {
    use cmmcast_data::ReferenceClass;
    use cmmcast_forecast::calibrate::{
        DampedLevel, LeaveGroupOut, WindowForecaster, WindowSettings, backtest_reference,
    };
    let full = ReferenceClass::embedded();
    let calibrated = LeaveGroupOut::new(&full, DampedLevel::SHIPPED);
    let levels = [
        Level::percent(80.0).expect("80"),
        Level::percent(95.0).expect("95"),
    ];
    let mut misses = Vec::new();
    for quantity in ["coal_mt", "gas_bcm"] {
        let mut class = full.clone();
        class.series.retain(|s| s.quantity == quantity);
        for window in [5, 10] {
            let settings = WindowSettings {
                window,
                horizon: 10,
                step: 1,
                min_level: 1.0,
                full_outcome: true,
            };
            let methods: [&dyn WindowForecaster; 1] = [&calibrated];
            let result =
                backtest_reference(&class, &methods, &settings, &levels).expect("backtests");
            for h in &result.methods[0].horizons {
                let (c80, c95) = (100.0 * h.coverage[0], 100.0 * h.coverage[1]);
                if !((76.0..=84.0).contains(&c80) && (92.0..=97.0).contains(&c95)) {
                    misses.push(format!(
                        "{quantity} W = {window} h = {}: {c80:.1} / {c95:.1}",
                        h.horizon
                    ));
                }
            }
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

//! `cmmcast backtest` from the outside: the shape of the table, CSV and JSON; the numbers of a
//! six-year series worked out by hand (the same hand calculation as
//! crates/cmmcast-forecast/tests/backtest.rs, written out there); `--details` (its rows agree
//! with the table, it is written whole or not at all); the Songzao plan's five years, which run
//! and say how little evidence they are; several sites; a series with a gap; and every bad
//! request refused with exit code 2 and one sentence.

mod common;

use common::{
    Catalogue, Csv, Run, banned_words, clean_csv, clean_json, cmmcast, cmmcast_in, collect, files,
    missing_phrases, refusal_form_problems, report, with_stderr,
};

/// The CSV header of the default backtest (one site, levels 80 and 95).
const HEADER: &str = "model,horizon,n,me,mae,rmse,mape,mase_drift,coverage_80,coverage_95,winkler_80,winkler_95,rank";

/// The header of `--details` at the default levels.
const DETAILS_HEADER: &str = "site,model,origin,n_train,year,horizon,actual,point,lower_80,\
                              upper_80,lower_95,upper_95,error,scaled_error";

/// y = 1, 2, 4, 5, 7, 9.5 in 2010–2015: the hand-calculated series.
const SIX_YEARS_CSV: &str = "year,coal_kt,methane_mm3\n2010,100,1\n2011,110,2\n2012,120,4\n\
                             2013,130,5\n2014,140,7\n2015,150,9.5\n";

/// Three years: too few to test any model.
const THREE_YEARS_CSV: &str = "year,coal_kt,methane_mm3\n2012,100,10\n2013,110,12\n2014,120,15\n";

/// Twelve years with 2009 missing.
const GAP_CSV: &str = "year,coal_kt,methane_mm3\n2004,3000,101.3\n2005,3150,108.9\n\
                       2006,3300,113.2\n2007,3500,124.6\n2008,3600,127.1\n2010,4100,149.8\n\
                       2011,4200,151.2\n2012,4500,166.0\n2013,4700,169.4\n2014,5000,184.7\n\
                       2015,5200,190.1\n2016,5500,205.3\n";

/// Two sites, seven years each.
const TWO_SITES_CSV: &str = "site,year,coal_kt,methane_mm3\n\
                             Zeta,2010,100,50\nZeta,2011,110,55\nZeta,2012,125,61\nZeta,2013,130,66\n\
                             Zeta,2014,142,70\nZeta,2015,150,77\nZeta,2016,163,81\n\
                             Alpha,2010,200,80\nAlpha,2011,210,84\nAlpha,2012,230,90\n\
                             Alpha,2013,240,97\nAlpha,2014,260,101\nAlpha,2015,270,108\n\
                             Alpha,2016,290,111\n";

fn close(ours: f64, expected: f64, tolerance: f64) -> bool {
    (ours - expected).abs() <= tolerance * expected.abs().max(1.0)
}

/// Problems with a refusal: exit 2, nothing on stdout, one `error:` line, no panic, and the
/// expected phrases.
fn refusal_problems(run: &Run, expect: &[&str]) -> Vec<String> {
    let mut problems = refusal_form_problems(run);
    problems.extend(banned_words(&run.stderr, &["panicked", "backtrace", "NaN"]));
    problems.extend(missing_phrases(&run.stderr, expect));
    with_stderr(problems, run)
}

#[test]
fn songzao_table_csv_and_json_have_every_model_and_say_how_little_evidence_it_is() {
    let csv = clean_csv(&cmmcast(&["backtest", "--format", "csv"])).expect("a clean run");
    assert_eq!(csv.header.join(","), HEADER);
    let models: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        models,
        ["linear", "exponential", "quadratic", "gm11", "intensity"]
    );
    // One-year-ahead errors from the last origins: 2 for the models that start at 3 years, 1
    // for those that start at 4.
    assert_eq!(
        csv.numbers("n").expect("numbers"),
        [2.0, 2.0, 1.0, 1.0, 2.0]
    );
    let mut ranks = csv.numbers("rank").expect("numbers");
    ranks.sort_by(f64::total_cmp);
    assert_eq!(ranks, [1.0, 2.0, 3.0, 4.0, 5.0]);
    for column in ["coverage_80", "coverage_95"] {
        assert!(
            csv.numbers(column)
                .expect("numbers")
                .iter()
                .all(|c| (0.0..=1.0).contains(c))
        );
    }

    let table = cmmcast(&["backtest"]);
    assert_eq!(table.code, Some(0), "{}", table.stderr);
    for phrase in [
        "Very little evidence",
        "as few as 1",
        "horizon 1, by drift-scaled MASE",
        "Errors are actual minus forecast",
    ] {
        assert!(table.stdout.contains(phrase), "table lacks {phrase:?}");
    }

    let json = clean_json(&cmmcast(&["backtest", "--format", "json"])).expect("JSON");
    let meta = &json["meta"];
    assert_eq!(meta["command"], "backtest");
    assert_eq!(meta["series"], "methane_mm3");
    assert_eq!(meta["horizon"], 1);
    assert_eq!(meta["min_train"], "each model's minimum");
    assert_eq!(meta["levels"], serde_json::json!([80.0, 95.0]));
    let site = &meta["backtests"][0];
    assert_eq!(site["site"], "Songzao");
    assert_eq!(site["n_years"], 5);
    assert!(
        site["evidence"]
            .as_str()
            .is_some_and(|e| e.starts_with("Very little evidence"))
    );
    assert_eq!(
        site["models"][0]["origins"],
        serde_json::json!([2014, 2015])
    );
    assert_eq!(site["rankings"][0]["by"], "mase_drift");
    assert!(meta["measures"]["mase_drift"].as_str().is_some());
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["model"], "linear");
}

/// The hand calculation of crates/cmmcast-forecast/tests/backtest.rs: origins 2012, 2013, 2014;
/// errors −1/3, 1/2, 6/5; MASE (2/3 + 9/8 + 12/5)/3.
#[test]
fn six_years_linear_matches_the_hand_calculation() {
    let dir = files(&[("six.csv", SIX_YEARS_CSV)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--input",
            "{dir}/six.csv",
            "--models",
            "linear",
            "--min-train",
            "3",
            "--format",
            "csv",
        ],
        &[],
    );
    let csv = clean_csv(&run).expect("a clean run");
    assert_eq!(csv.rows.len(), 1);
    let value = |column: &str| csv.numbers(column).expect("a number")[0];
    let expected = [
        ("n", 3.0),
        ("me", 41.0 / 90.0),
        ("mae", 61.0 / 90.0),
        ("rmse", (1621.0_f64 / 2700.0).sqrt()),
        (
            "mape",
            100.0 * (1.0 / 15.0 + 1.0 / 14.0 + 12.0 / 95.0) / 3.0,
        ),
        ("mase_drift", 503.0 / 360.0),
        ("coverage_80", 2.0 / 3.0),
        ("coverage_95", 1.0),
        ("rank", 1.0),
    ];
    for (column, want) in expected {
        assert!(
            close(value(column), want, 1e-12),
            "{column}: {} against {want}",
            value(column)
        );
    }
    // (4.587940 + 1.885618 + 5.995930)/3, to the hand calculation's six decimals.
    assert!(close(value("winkler_80"), 4.156_496, 1e-6));
}

#[test]
fn details_hold_every_forecast_and_agree_with_the_table() {
    let dir = files(&[("gap.csv", GAP_CSV)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--input",
            "{dir}/gap.csv",
            "--horizon",
            "3",
            "--details",
            "{dir}/details.csv",
            "--format",
            "csv",
        ],
        &[],
    );
    let table = clean_csv(&run).expect("a clean run");
    let text = std::fs::read_to_string(dir.path().join("details.csv")).expect("details written");
    assert!(!dir.path().join("details.csv.partial").exists());
    let details = Csv::parse(&text).expect("CSV");
    assert_eq!(details.header.join(","), DETAILS_HEADER);
    let n_total: f64 = table.numbers("n").expect("numbers").iter().sum();
    assert_eq!(details.rows.len() as f64, n_total);
    // Horizons count calendar years: 2008 → 2010 is 2 years ahead, and 2009 is never forecast.
    let year = details.index("year").expect("column");
    let origin = details.index("origin").expect("column");
    let horizon = details.index("horizon").expect("column");
    assert!(!details.rows.iter().any(|r| r[year] == "2009"));
    assert!(
        details
            .rows
            .iter()
            .filter(|r| r[origin] == "2008")
            .all(|r| r[horizon] != "1")
    );
    // Each table row's MAE is the mean |error| of its details.
    let model = details.index("model").expect("column");
    let error = details.index("error").expect("column");
    let maes = table.numbers("mae").expect("numbers");
    for (row, mae) in table.rows.iter().zip(maes) {
        let errors: Vec<f64> = details
            .rows
            .iter()
            .filter(|r| r[model] == row[0] && r[horizon] == row[1])
            .map(|r| r[error].parse::<f64>().expect("a number").abs())
            .collect();
        let mean = errors.iter().sum::<f64>() / errors.len() as f64;
        assert!(
            close(mean, mae, 1e-12),
            "{} h{}: {mean} against {mae}",
            row[0],
            row[1]
        );
    }
    // GM(1,1) cannot be fitted across the gap: the origins after it are named.
    let table_run = cmmcast_in(
        Some(dir.path()),
        &["backtest", "--input", "{dir}/gap.csv", "--horizon", "3"],
        &[],
    );
    for phrase in [
        "gm11: no forecast from origins 2010, 2011",
        "needs consecutive years",
        "quadratic and gm11 are scored on fewer, later forecasts",
    ] {
        assert!(
            table_run.stdout.contains(phrase),
            "lacks {phrase:?}: {}",
            table_run.stdout
        );
    }
    // With one --min-train, GM(1,1) alone has other origins, because of the gap.
    let same_start = cmmcast_in(
        Some(dir.path()),
        &["backtest", "--input", "{dir}/gap.csv", "--min-train", "4"],
        &[],
    );
    assert!(
        same_start
            .stdout
            .contains("gm11 is scored on fewer forecasts than the others"),
        "{}",
        same_start.stdout
    );
}

/// `--models auto` backtests the selection rule: at every origin auto picks again, so each of
/// its forecasts is the forecast of one of the menu's models fitted at that origin.
#[test]
fn auto_forecasts_are_a_menu_models_at_every_origin() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--models",
            "auto,linear,exponential,quadratic,gm11",
            "--horizon",
            "2",
            "--details",
            "{dir}/details.csv",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("details.csv")).expect("details written");
    let details = Csv::parse(&text).expect("CSV");
    let column = |name: &str| details.index(name).expect("a column");
    let (model, origin, year, point) = (
        column("model"),
        column("origin"),
        column("year"),
        column("point"),
    );
    let autos: Vec<&Vec<String>> = details.rows.iter().filter(|r| r[model] == "auto").collect();
    assert!(!autos.is_empty(), "no auto rows");
    for row in autos {
        let same = details.rows.iter().any(|other| {
            other[model] != "auto"
                && other[origin] == row[origin]
                && other[year] == row[year]
                && other[point] == row[point]
        });
        assert!(same, "auto's forecast {row:?} is no menu model's");
    }
}

/// rw-drift and damped are not in the default menu but run when named. On the Songzao plan
/// (222.94, 239.87, 259.24, 282.86, 304.84), one year ahead, by hand:
///
/// - rw-drift from 2014: 259.24 + (259.24 − 222.94)/2 = 277.39; from 2015:
///   282.86 + (282.86 − 222.94)/3 = 302.833333.
/// - damped (α 1, β 0.3, φ 0.95, started at the first year with the mean step) from 2014:
///   b₁ = (259.24 − 222.94)/2 = 18.15; 2013: ŷ = 222.94 + 0.95 · 18.15 = 240.1825,
///   e = −0.3125, b = 17.2425 − 0.09375 = 17.14875; 2014: ŷ = 239.87 + 16.2913125 = 256.1613125,
///   e = 3.0786875, b = 16.2913125 + 0.92360625 = 17.21491875; 2015: 259.24 + 0.95 · 17.21491875
///   = 275.5941728125. From 2015: b₁ = 59.92/3 = 19.973333; ŷ 241.914667, e −2.044667,
///   b 18.361267; ŷ 257.313203, e 1.926797, b 18.021242; ŷ 276.360180, e 6.499820,
///   b 19.070126; 2016: 282.86 + 0.95 · 19.070126 = 300.976620 (statsmodels' Holt from the same
///   start: 300.97661984).
#[test]
fn rw_drift_and_damped_backtest_when_named() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--models",
            "rw-drift,damped",
            "--details",
            "{dir}/details.csv",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("details.csv")).expect("details written");
    let details = Csv::parse(&text).expect("CSV");
    let column = |name: &str| details.index(name).expect("a column");
    let (model, origin, point) = (column("model"), column("origin"), column("point"));
    let forecast = |m: &str, o: &str| -> Option<f64> {
        details
            .rows
            .iter()
            .find(|r| r[model] == m && r[origin] == o)
            .and_then(|r| r[point].parse().ok())
    };
    let mut problems = Vec::new();
    for (m, o, hand) in [
        ("rw-drift", "2014", 277.39),
        ("rw-drift", "2015", 282.86 + (282.86 - 222.94) / 3.0),
        ("damped", "2014", 275.594_172_812_5),
        ("damped", "2015", 300.976_619_844_08),
    ] {
        match forecast(m, o) {
            Some(v) if (v - hand).abs() <= 1e-9 * hand => {}
            other => problems.push(format!("{m} from {o}: {other:?}, by hand {hand}")),
        }
    }
    let models: Vec<&str> = details.rows.iter().map(|r| r[model].as_str()).collect();
    if models.iter().any(|m| !["rw-drift", "damped"].contains(m)) {
        problems.push(format!("models {models:?}"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn several_sites_get_a_site_column_and_identical_output_on_any_thread_count() {
    let dir = files(&[("two.csv", TWO_SITES_CSV)]);
    let args = [
        "backtest",
        "--input",
        "{dir}/two.csv",
        "--horizon",
        "2",
        "--format",
        "csv",
    ];
    let one = cmmcast_in(Some(dir.path()), &args, &[("RAYON_NUM_THREADS", "1")]);
    let two = cmmcast_in(Some(dir.path()), &args, &[("RAYON_NUM_THREADS", "2")]);
    let csv = clean_csv(&one).expect("a clean run");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(csv.header[0], "site");
    let sites: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(sites.first(), Some(&"Alpha"));
    assert_eq!(sites.last(), Some(&"Zeta"));
    let only = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--input",
            "{dir}/two.csv",
            "--site",
            "Zeta",
            "--format",
            "csv",
        ],
        &[],
    );
    let csv = clean_csv(&only).expect("a clean run");
    assert_eq!(csv.header[0], "site", "the dataset has two sites");
    assert!(csv.rows.iter().all(|r| r[0] == "Zeta"));
}

#[test]
fn one_min_train_for_every_model_compares_them_on_the_same_forecasts() {
    let dir = files(&[("gap.csv", GAP_CSV)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--input",
            "{dir}/gap.csv",
            "--models",
            "linear,quadratic,linear",
            "--min-train",
            "5",
            "--level",
            "90,90",
            "--format",
            "csv",
        ],
        &[],
    );
    let csv = clean_csv(&run).expect("a clean run");
    // A level given twice has its columns once.
    assert_eq!(
        csv.header.join(","),
        "model,horizon,n,me,mae,rmse,mape,mase_drift,coverage_90,winkler_90,rank"
    );
    // Listed once each; the same origins, so the same number of forecasts.
    let models: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(models, ["linear", "quadratic"]);
    let n = csv.numbers("n").expect("numbers");
    assert_eq!(n[0], n[1]);
}

struct BadCase {
    name: &'static str,
    file: Option<&'static str>,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

fn bad_cases() -> Vec<BadCase> {
    vec![
        BadCase {
            name: "--horizon 0",
            file: None,
            args: &["backtest", "--horizon", "0"],
            expect: &["horizon 0 is not allowed", "--horizon from 1 to 200"],
        },
        BadCase {
            name: "--horizon 201",
            file: None,
            args: &["backtest", "--horizon", "201"],
            expect: &["horizon 201 is not allowed", "--horizon from 1 to 200"],
        },
        BadCase {
            name: "--horizon -1",
            file: None,
            args: &["backtest", "--horizon", "-1"],
            expect: &["'-1' for --horizon"],
        },
        BadCase {
            name: "--min-train below linear's minimum",
            file: None,
            args: &["backtest", "--min-train", "2"],
            expect: &[
                "--min-train 2 is below the 3 years linear needs",
                "give --min-train 3 or more",
            ],
        },
        BadCase {
            name: "--min-train below quadratic's minimum, with every model",
            file: None,
            args: &["backtest", "--min-train", "3"],
            expect: &[
                "--min-train 3 is below the 4 years quadratic needs",
                "leave quadratic out of --models",
            ],
        },
        BadCase {
            name: "--min-train 0",
            file: None,
            args: &["backtest", "--models", "gm11", "--min-train", "0"],
            expect: &["--min-train 0 is below the 4 years gm11 needs"],
        },
        BadCase {
            name: "unknown model",
            file: None,
            args: &["backtest", "--models", "linear,holt"],
            expect: &["'holt'", "--models", "linear, exponential"],
        },
        BadCase {
            name: "logistic without a ceiling",
            file: None,
            args: &["backtest", "--models", "logistic"],
            expect: &["logistic needs a ceiling", "--ceiling"],
        },
        BadCase {
            name: "--level 0",
            file: None,
            args: &["backtest", "--level", "0"],
            expect: &["interval level 0 is not between 0 and 100"],
        },
        BadCase {
            name: "--level 100",
            file: None,
            args: &["backtest", "--level", "80,100"],
            expect: &["interval level 100 is not between 0 and 100"],
        },
        BadCase {
            name: "--level 120",
            file: None,
            args: &["backtest", "--level", "120"],
            expect: &["interval level 120 is not between 0 and 100"],
        },
        BadCase {
            name: "--level -5",
            file: None,
            args: &["backtest", "--level", "-5"],
            expect: &["interval level -5 is not between 0 and 100"],
        },
        BadCase {
            name: "--level abc",
            file: None,
            args: &["backtest", "--level", "abc"],
            expect: &["'abc' for --level"],
        },
        BadCase {
            name: "three years: nothing to test",
            file: Some(THREE_YEARS_CSV),
            args: &["backtest"],
            expect: &[
                "the series has 3 years, too few to backtest linear",
                "needs at least 4",
                "add years of data",
            ],
        },
        BadCase {
            name: "five years, --min-train 5",
            file: None,
            args: &["backtest", "--min-train", "5"],
            expect: &[
                "the series has 5 years",
                "needs at least 6",
                "smaller --min-train",
            ],
        },
        BadCase {
            name: "intensity on coal",
            file: None,
            args: &["backtest", "--series", "coal", "--models", "intensity"],
            expect: &["does not apply to the coal series"],
        },
        BadCase {
            name: "--details in a folder that does not exist",
            file: None,
            args: &["backtest", "--details", "{dir}/missing/details.csv"],
            expect: &["cannot write --details", "folder that exists"],
        },
    ]
}

#[test]
fn every_bad_request_exits_2_with_one_sentence_and_writes_no_details() {
    let cases = bad_cases();
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("every_bad_request_exits_2_with_one_sentence_and_writes_no_details");
    for case in &cases {
        let dir = files(&case.file.map(|f| vec![("data.csv", f)]).unwrap_or_default());
        let mut args = case.args.to_vec();
        if case.file.is_some() {
            args.extend(["--input", "{dir}/data.csv"]);
        }
        if !args.contains(&"--details") {
            args.extend(["--details", "{dir}/details.csv"]);
        }
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        let shown: Vec<(&str, &[u8])> = case
            .file
            .map(|f| vec![("data.csv", f.as_bytes())])
            .unwrap_or_default();
        catalogue.add_with_files(case.name, &run, &shown);
        let mut problems = refusal_problems(&run, case.expect);
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("details"))
            .collect();
        if !left.is_empty() {
            problems.push(format!("files left: {left:?}"));
        }
        collect(&mut failures, case.name, problems);
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad backtests", cases.len(), failures);
}

/// A refused run leaves an existing details file as it was, even with `--force`.
#[test]
fn a_refused_run_keeps_an_earlier_details_file() {
    let dir = files(&[
        ("three.csv", THREE_YEARS_CSV),
        ("details.csv", "from an earlier run\n"),
    ]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--input",
            "{dir}/three.csv",
            "--details",
            "{dir}/details.csv",
            "--force",
        ],
        &[],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("details.csv")).expect("still there"),
        "from an earlier run\n"
    );
}

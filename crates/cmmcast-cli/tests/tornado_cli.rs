//! `cmmcast simulate --tornado` from the outside: the rows are ranked by swing with the trend
//! and model-choice rows present, the capacity-limited Songzao case by hand, the methane bars
//! against the statsmodels fixture, --output utilization, several sites, and the refusals
//! (a year outside the forecast, an unknown output, tornado flags without --tornado,
//! --paths-out with --tornado).
//!
//! No expected value comes from cmmcast: each is a hand formula or is read from the statsmodels
//! fixture crates/cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json.

mod common;

use common::{
    Catalogue, Csv, PANIC_WORDS, banned_words, calibration_fixture, close, cmmcast, cmmcast_in,
    collect, files, fixture, missing_phrases, refusal_form_problems, report, with_stderr,
};
use serde_json::Value;

/// The header of a single-site tornado.
const HEADER: [&str; 7] = [
    "input",
    "low",
    "high",
    "output_low",
    "output_high",
    "swing",
    "settings",
];

/// Every row a tornado has: the eight scenario inputs, the trend and the model choice.
const INPUTS: [&str; 10] = [
    "efficiency",
    "availability",
    "share_to_power",
    "parasitic_fraction",
    "gas_concentration",
    "min_concentration",
    "destruction_efficiency",
    "plan_adherence",
    "trend",
    "model_choice",
];

/// Runs a tornado in CSV and parses it; panics with stderr when it fails.
fn tornado_csv(extra: &[&str]) -> Csv {
    let mut args = vec!["simulate", "--tornado", "--format", "csv"];
    args.extend_from_slice(extra);
    let run = cmmcast(&args);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    Csv::parse(&run.stdout).expect("CSV output")
}

/// The row of `input`.
fn row<'a>(csv: &'a Csv, input: &str) -> &'a [String] {
    let i = csv.index("input").expect("an input column");
    csv.rows
        .iter()
        .find(|r| r[i] == input)
        .unwrap_or_else(|| panic!("no {input} row"))
}

/// A number of a row.
fn number(csv: &Csv, row: &[String], column: &str) -> f64 {
    let i = csv.index(column).expect("the column");
    common::finite(&row[i]).expect("a number")
}

/// Problems with the ranking: every input once, swing = |output_high − output_low|, sorted
/// by swing (largest first), and no row that varies after a fixed one.
fn ranking_problems(csv: &Csv, rows: &[Vec<String>]) -> Vec<String> {
    let mut problems = Vec::new();
    let input = csv.index("input").expect("input");
    let settings = csv.index("settings").expect("settings");
    let names: Vec<&str> = rows.iter().map(|r| r[input].as_str()).collect();
    for wanted in INPUTS {
        if names.iter().filter(|n| **n == wanted).count() != 1 {
            problems.push(format!("{wanted} is not listed exactly once in {names:?}"));
        }
    }
    if rows.len() != INPUTS.len() {
        problems.push(format!("{} rows, expected {}", rows.len(), INPUTS.len()));
    }
    let swings: Vec<f64> = rows.iter().map(|r| number(csv, r, "swing")).collect();
    for (r, &swing) in rows.iter().zip(&swings) {
        let span = (number(csv, r, "output_high") - number(csv, r, "output_low")).abs();
        if (swing - span).abs() > 1e-9 * span.max(1.0) {
            problems.push(format!(
                "{}: swing {swing} is not |high - low| = {span}",
                r[input]
            ));
        }
    }
    if swings.windows(2).any(|w| w[0] < w[1]) {
        problems.push(format!("swings are not sorted, largest first: {swings:?}"));
    }
    let fixed: Vec<bool> = rows
        .iter()
        .map(|r| {
            ["fixed", "not in", "one model"]
                .iter()
                .any(|p| r[settings].starts_with(p))
        })
        .collect();
    if fixed.windows(2).any(|w| w[0] && !w[1]) {
        problems.push(format!(
            "a varying input comes after a fixed one: {names:?}"
        ));
    }
    problems
}

/// Every output, and a later year, is ranked by swing, with the trend and model-choice rows.
#[test]
fn rows_are_ranked_by_swing_with_trend_and_model_choice() {
    let cases: [&[&str]; 8] = [
        &[],
        &["--tornado-output", "electricity_gwh"],
        &["--tornado-output", "utilization"],
        &["--tornado-output", "burnt_mm3"],
        &["--tornado-output", "surplus_mm3"],
        &["--tornado-output", "methane_mm3", "--tornado-year", "2020"],
        &[
            "--tornado-output",
            "co2e_avoided_kt",
            "--grid-factor",
            "0.8",
        ],
        &["--capacity-mw", "500", "--model", "linear"],
    ];
    let mut failures = Vec::new();
    for extra in cases {
        let csv = tornado_csv(extra);
        let mut problems = Vec::new();
        if csv.header != HEADER {
            problems.push(format!("header {:?}", csv.header));
        }
        problems.extend(ranking_problems(&csv, &csv.rows));
        collect(&mut failures, &format!("{extra:?}"), problems);
    }
    report("tornadoes", cases.len(), failures);
}

/// The 26.9 MW Songzao plant is short of capacity in 2030 (it burns about 60 of 600-900
/// million m3), so electricity = capacity x availability x 8760 h whatever the gas or the
/// efficiency: availability alone moves it, by 26.9 MW x 8760 h x (p90 − p10) / 1000 GWh, and
/// the base case is 26.9 x 8760 x the median availability / 1000. Every other swing is 0.
#[test]
fn capacity_limited_electricity_moves_with_availability_only() {
    let csv = tornado_csv(&[]);
    let first = &csv.rows[0];
    assert_eq!(first[0], "availability");
    let (p10, p90) = (number(&csv, first, "low"), number(&csv, first, "high"));
    assert!(
        0.80 < p10 && p10 < 0.90 && 0.90 < p90 && p90 < 0.95,
        "{p10} {p90}"
    );
    assert!(close(
        number(&csv, first, "output_low"),
        26.9 * 8760.0 * p10 / 1000.0
    ));
    assert!(close(
        number(&csv, first, "swing"),
        26.9 * 8760.0 * (p90 - p10) / 1000.0
    ));
    for r in &csv.rows[1..] {
        assert_eq!(number(&csv, r, "swing"), 0.0, "{}", r[0]);
    }
    // Efficiency does not move electricity: the plant burns less gas at a higher efficiency
    // (the two ends agree to rounding, which the swing snaps to 0).
    let efficiency = row(&csv, "efficiency");
    assert!(close(
        number(&csv, efficiency, "output_low"),
        number(&csv, efficiency, "output_high")
    ));
}

/// Drained methane in 2025 (no plant involved) with `--model auto`: the base is the exponential
/// point forecast (auto's pick, Akaike weight 0.983), the trend spans its 80 % prediction interval, and the
/// model choice lists linear's point beside exponential's, all from statsmodels.
/// Plan adherence lognormal(1, 0.1): p10 = exp(−0.1 x 1.2815515655) and p90 = exp(+0.1 x
/// 1.2815515655), times the exponential point.
#[test]
fn methane_bars_match_the_reference_forecasts() {
    let e = fixture();
    let m = &e["series"]["methane"];
    let at = |v: &Value| v[8].as_f64().expect("the 2025 value");
    assert_eq!(e["forecast_years"][8].as_i64(), Some(2025));
    let linear = at(&m["linear"]["point"]);
    let exponential = at(&m["exponential"]["point"]);
    let (lower, upper) = (
        at(&m["exponential"]["prediction"]["80"]["lower"]),
        at(&m["exponential"]["prediction"]["80"]["upper"]),
    );

    let run = cmmcast(&[
        "simulate",
        "--model",
        "auto",
        "--tornado",
        "--tornado-output",
        "methane_mm3",
        "--tornado-year",
        "2025",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let meta = &json["meta"]["tornado"];
    assert_eq!(meta["output"], "methane_mm3");
    assert!(
        meta["rule"]
            .as_str()
            .is_some_and(|r| r.contains("p10 and p90") && r.contains("model choice"))
    );
    let site = &meta["sites"][0];
    assert_eq!(site["year"], 2025);
    assert_eq!(site["base"]["model"], "exponential");
    assert!(close(
        site["base"]["value"].as_f64().expect("base"),
        exponential
    ));

    let rows = json["rows"].as_array().expect("rows");
    let find = |input: &str| {
        rows.iter()
            .find(|r| r["input"] == input)
            .unwrap_or_else(|| panic!("no {input} row"))
    };
    let num = |r: &Value, key: &str| r[key].as_f64().expect("a number");
    // The model choice spans the p10 to p90 of the models' outputs weighted by the chance a
    // path picks each: exponential has weight 0.983 and linear 0.017, so both ends are
    // exponential and the swing is 0; linear is listed as outside.
    let models = find("model_choice");
    assert!(close(num(models, "low"), exponential) && close(num(models, "high"), exponential));
    assert!(close(num(models, "output_low"), exponential));
    assert_eq!(num(models, "swing"), 0.0);
    let settings = models["settings"].as_str().expect("settings");
    assert!(
        settings.contains("exponential (weight 0.983) at both")
            && settings.contains("outside: linear 0.017"),
        "{settings}"
    );
    let listed = site["bars"]
        .as_array()
        .and_then(|bars| bars.iter().find(|b| b["input"] == "model_choice"))
        .and_then(|bar| bar["source"]["models"].as_array())
        .and_then(|models| models.iter().find(|m| m["model"] == "linear"))
        .expect("linear among the model choice's models");
    assert!(close(
        listed["methane_mm3"].as_f64().expect("its forecast"),
        linear
    ));
    let trend = find("trend");
    assert!(close(num(trend, "output_low"), lower) && close(num(trend, "output_high"), upper));
    let z = 1.281_551_565_544_600_4_f64;
    let adherence = find("plan_adherence");
    assert!(close(num(adherence, "low"), (-0.1 * z).exp()));
    assert!(close(
        num(adherence, "output_high"),
        exponential * (0.1 * z).exp()
    ));
    // The order: plan adherence (about 160) > trend (30); nothing else moves drained methane
    // (the model choice has no swing: both its ends are exponential).
    let order: Vec<&str> = rows
        .iter()
        .take(2)
        .map(|r| r["input"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(order, ["plan_adherence", "trend"]);
    assert!(rows.iter().skip(2).all(|r| num(r, "swing") == 0.0));
}

/// --output utilization: every value is a share, the base case is burnt / drained of the
/// base, and the gas side moves it (more gas, lower share for a plant short of capacity).
#[test]
fn utilization_is_ranked() {
    let csv = tornado_csv(&["--tornado-output", "utilization"]);
    let mut problems = ranking_problems(&csv, &csv.rows);
    for r in &csv.rows {
        for column in ["output_low", "output_high"] {
            let v = number(&csv, r, column);
            if !(0.0..=1.0).contains(&v) {
                problems.push(format!("{} {column} {v} is not a share", r[0]));
            }
        }
    }
    let adherence = row(&csv, "plan_adherence");
    if number(&csv, adherence, "output_low") <= number(&csv, adherence, "output_high") {
        problems.push("more gas does not lower the share burnt".into());
    }
    // Utilization = burnt / drained, and burnt = 26.9 x availability x 8760 x 3600 /
    // (efficiency x 33.43 x 10^6) does not depend on the gas: the two adherence ends give
    // utilizations in the inverse ratio of the multipliers.
    let ratio = number(&csv, adherence, "output_low") / number(&csv, adherence, "output_high");
    let inverse = number(&csv, adherence, "high") / number(&csv, adherence, "low");
    if (ratio - inverse).abs() > 1e-9 {
        problems.push(format!("utilization ratio {ratio} is not {inverse}"));
    }
    let run = cmmcast(&["simulate", "--tornado", "--tornado-output", "utilization"]);
    if !run.stdout.contains("utilization in 2030, base case") {
        problems.push("the table's notes do not give the base case".into());
    }
    report("utilization checks", 1, problems);
}

/// Several sites: `site` first, each site ranked on its own with its own plant.
#[test]
fn several_sites_are_ranked_each() {
    let dir = files(&[
        (
            "mines.csv",
            "site,year,coal_kt,methane_mm3\n\
             Zeta,2012,100,50\nZeta,2013,110,55\nZeta,2014,125,61\nZeta,2015,130,66\nZeta,2016,140,70\n\
             Alpha,2012,200,80\nAlpha,2013,210,84\nAlpha,2014,230,90\nAlpha,2015,240,97\nAlpha,2016,260,101\n",
        ),
        (
            "facts.toml",
            "[[sites]]\nname = \"Alpha\"\nplant_capacity_mw = 5\n\n\
             [[sites]]\nname = \"Zeta\"\nplant_capacity_mw = 12\n",
        ),
    ]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "simulate",
            "--tornado",
            "--input",
            "{dir}/mines.csv",
            "--facts",
            "{dir}/facts.toml",
            "--format",
            "csv",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let csv = Csv::parse(&run.stdout).expect("CSV");
    assert_eq!(csv.header[0], "site");
    assert_eq!(csv.header[1..], HEADER);
    let mut failures = Vec::new();
    for site in ["Alpha", "Zeta"] {
        let rows: Vec<Vec<String>> = csv
            .rows
            .iter()
            .filter(|r| r[0] == site)
            .map(|r| r[1..].to_vec())
            .collect();
        let single = Csv {
            header: HEADER.iter().map(|h| h.to_string()).collect(),
            rows: rows.clone(),
        };
        collect(&mut failures, site, ranking_problems(&single, &rows));
    }
    report("sites", 2, failures);
}

/// What a refusal must say, beyond its form.
struct Refusal {
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

/// A year outside the forecast, an unknown output, tornado flags without --tornado and
/// --paths-out with it: exit 2, nothing on stdout, one sentence naming what to give.
#[test]
fn bad_tornado_requests_are_refused_in_one_sentence() {
    let cases = [
        Refusal {
            args: &["simulate", "--tornado", "--tornado-year", "2040"],
            expect: &["2040 is not a forecast year", "from 2017 to 2030"],
        },
        Refusal {
            args: &["simulate", "--tornado", "--tornado-year", "2016"],
            expect: &["2016 is not a forecast year", "from 2017 to 2030"],
        },
        Refusal {
            args: &[
                "simulate",
                "--tornado",
                "--to",
                "2035",
                "--tornado-year",
                "2036",
            ],
            expect: &["from 2017 to 2035"],
        },
        Refusal {
            args: &["simulate", "--tornado", "--tornado-output", "bogus"],
            expect: &[
                "'bogus'",
                "--tornado-output",
                "methane_mm3, burnt_mm3, surplus_mm3, utilization, electricity_gwh, co2e_avoided_kt",
            ],
        },
        Refusal {
            args: &["simulate", "--tornado-output", "utilization"],
            expect: &["--tornado-output", "add --tornado"],
        },
        Refusal {
            args: &["simulate", "--tornado-year", "2025"],
            expect: &["--tornado-year", "add --tornado"],
        },
        Refusal {
            args: &["simulate", "--tornado", "--paths-out", "never-written.csv"],
            expect: &["--paths-out", "--tornado"],
        },
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("bad_tornado_requests_are_refused_in_one_sentence");
    for case in &cases {
        let run = cmmcast(case.args);
        catalogue.add(&case.args[1..].join(" "), &run);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, case.expect));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        collect(
            &mut failures,
            &case.args.join(" "),
            with_stderr(problems, &run),
        );
    }
    assert!(!std::path::Path::new("never-written.csv").exists());
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}

/// The non-tornado path is untouched: `simulate` still prints percentiles.
#[test]
fn without_tornado_simulate_prints_percentiles() {
    let run = cmmcast(&["simulate", "--paths", "200", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("year,quantity,p10,p50,p90,mean,sd,"));
}

/// `--output` and `--year`, the tornado flags' names before they took report's `--tornado-`
/// names, still work as hidden aliases: the same table, and neither shown in the help.
#[test]
fn the_old_flag_names_still_work_and_are_hidden() {
    let new = cmmcast(&[
        "simulate",
        "--tornado",
        "--tornado-output",
        "surplus_mm3",
        "--tornado-year",
        "2025",
        "--format",
        "csv",
    ]);
    let old = cmmcast(&[
        "simulate",
        "--tornado",
        "--output",
        "surplus_mm3",
        "--year",
        "2025",
        "--format",
        "csv",
    ]);
    assert_eq!(new.code, Some(0), "{}", new.stderr);
    assert_eq!(old.stdout, new.stdout, "{}", old.stderr);
    let help = cmmcast(&["simulate", "--help"]).stdout;
    assert!(help.contains("--tornado-output <QUANTITY>"), "{help}");
    assert!(help.contains("--tornado-year <YEAR>"), "{help}");
    assert!(!help.contains("--output"), "{help}");
    assert!(!help.contains("--year "), "{help}");
}

/// The default (the damped trend with calibrated intervals), drained methane in 2025 (h = 9):
/// the base is the calibrated median and the trend bar spans the calibrated 80 % interval, both
/// the Python reference's (calibration_expected.json, `songzao`); one model, so the model choice
/// is fixed.
#[test]
fn the_default_trend_bar_is_the_calibrated_80_percent_interval() {
    let e = calibration_fixture();
    let at = |key: &str| e["songzao"][key][8].as_f64().expect("the 2025 value");
    assert_eq!(e["songzao"]["years"][8].as_i64(), Some(2025));
    let run = cmmcast(&[
        "simulate",
        "--tornado",
        "--tornado-output",
        "methane_mm3",
        "--tornado-year",
        "2025",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let site = &json["meta"]["tornado"]["sites"][0];
    assert_eq!(site["base"]["model"], "damped");
    let number = |v: &Value| v.as_f64().expect("a number");
    assert!(close(number(&site["base"]["value"]), at("median")));
    let bars = site["bars"].as_array().expect("bars");
    let trend = bars
        .iter()
        .find(|b| b["input"] == "trend")
        .expect("a trend bar");
    assert!(
        close(number(&trend["output_at_low"]), at("lower_80")),
        "{trend}"
    );
    assert!(
        close(number(&trend["output_at_high"]), at("upper_80")),
        "{trend}"
    );
    let choice = bars
        .iter()
        .find(|b| b["input"] == "model_choice")
        .expect("a model-choice bar");
    assert_eq!(choice["swing"].as_f64(), Some(0.0));
}

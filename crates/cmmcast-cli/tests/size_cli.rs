//! `cmmcast size` from the outside: the columns and rows, a constant daily flow on an exactly
//! linear plan against a hand formula (electricity, capacity factor and its p10, utilization,
//! surplus, shortfall exactly 0 or 1, and the recommended count by the stated rule), no engine
//! below its minimum load, the variability model and rule in `meta`, identical output for any
//! thread count, several sites, one year, and every refusal.
//!
//! No expected value comes from cmmcast: each is a hand formula from the plant's defaults and
//! the ISO 6976 LHV_MJ_PER_M3 of methane at 20 °C (33.43 MJ/m3).

mod common;
use common::hand::{AVAILABILITY, EFFICIENCY, LHV_MJ_PER_M3};

use common::{
    Catalogue, Csv, PANIC_WORDS, banned_words, close, cmmcast, cmmcast_in, collect, files,
    missing_phrases, refusal_form_problems, report, with_stderr,
};
use serde_json::Value;

/// The header of a single-site sizing.
const HEADER: &str = "engines,capacity_mw,electricity_gwh,capacity_factor,capacity_factor_p10,\
                      utilization,surplus_mm3,shortfall_probability,recommended";

/// An exactly linear plan: 100, 110, ..., 140 million m3 in 2012-2016. A linear trend fits it
/// with no residual, so every path is the line: 180 million m3 in 2020.
const LINEAR_CSV: &str = "year,coal_kt,methane_mm3\n2012,1000,100\n2013,1100,110\n\
                          2014,1200,120\n2015,1300,130\n2016,1400,140\n";

/// A scenario with a constant daily flow and nothing else uncertain.
const FLAT_SCENARIO: &str = "[inputs]\nflow_cv = 0\n";

/// Runs `cmmcast size ARGS` in `dir` and returns stdout; panics with stderr when it fails.
fn size_in(dir: Option<&std::path::Path>, args: &[&str]) -> String {
    let mut all = vec!["size"];
    all.extend(args);
    let run = cmmcast_in(dir, &all, &[]);
    assert_eq!(run.code, Some(0), "{all:?}: {}", run.stderr);
    // Standard error holds only the notes of CSV output and the data's warnings.
    assert!(
        run.stderr
            .lines()
            .all(|l| l.starts_with("note: ") || l.starts_with("warning: ")),
        "{}",
        run.stderr
    );
    run.stdout
}

fn size_csv(dir: Option<&std::path::Path>, args: &[&str]) -> Csv {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    Csv::parse(&size_in(dir, &all)).expect("CSV output")
}

fn size_json(dir: Option<&std::path::Path>, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&size_in(dir, &all)).expect("JSON output")
}

/// Million m3 one engine of `unit_mw` burns in a day at full load:
/// U MW x 24 h x availability = MWh; x 3600 MJ/MWh / efficiency = MJ; / LHV_MJ_PER_M3 = m3.
fn engine_day(unit_mw: f64) -> f64 {
    unit_mw * 24.0 * AVAILABILITY * 3600.0 / (EFFICIENCY * LHV_MJ_PER_M3) / 1e6
}

/// GWh from `mm3` million m3: m3 x LHV_MJ_PER_M3 x efficiency / 3600 MJ/MWh / 1000.
fn gwh(mm3: f64) -> f64 {
    mm3 * 1e6 * LHV_MJ_PER_M3 * EFFICIENCY / 3600.0 / 1000.0
}

#[test]
fn rows_count_engines_from_1_to_the_maximum() {
    let csv = size_csv(None, &["--paths", "300", "--to", "2022"]);
    assert_eq!(csv.header.join(","), HEADER);
    let engines = csv.numbers("engines").expect("engines");
    assert_eq!(engines, (1..=40).map(f64::from).collect::<Vec<_>>());
    let capacity = csv.numbers("capacity_mw").expect("capacity");
    assert!(
        capacity
            .iter()
            .zip(&engines)
            .all(|(c, e)| close(*c, e * 2.0))
    );
    let cf = csv.numbers("capacity_factor").expect("cf");
    let p10 = csv.numbers("capacity_factor_p10").expect("p10");
    let utilization = csv.numbers("utilization").expect("utilization");
    let shortfall = csv.numbers("shortfall_probability").expect("shortfall");
    for i in 0..40 {
        assert!((0.0..=1.0).contains(&cf[i]) && p10[i] <= cf[i] + 1e-12);
        assert!((0.0..=1.0).contains(&utilization[i]));
        assert!((0.0..=1.0).contains(&shortfall[i]));
    }
    let mut more = vec!["--paths", "300", "--to", "2022", "--max-engines", "7"];
    more.extend(["--unit-mw", "3"]);
    let csv = size_csv(None, &more);
    assert_eq!(csv.rows.len(), 7);
    assert!(close(csv.numbers("capacity_mw").expect("mw")[6], 21.0));
}

/// A constant daily flow g = 180/365 million m3 (2020 on the linear plan) and engines of 5 MW
/// (f = 5 x 24 x 0.9 x 3600 / (0.38 x 33.43) m3 a day, so g / f = 16.1): E engines burn
/// 365 min(g, E f) a year. The capacity factor is 0.9 while E f ≤ g and 0.9 g/(E f) after;
/// every path is the same, so p10 equals the mean and shortfall is exactly 0 (E ≤ 16) or 1
/// (E ≥ 17). The rule picks the largest E with 0.9 min(1, g/(E f)) ≥ 0.6.
#[test]
fn constant_flow_on_a_linear_plan_matches_the_hand_formula() {
    let dir = files(&[("plan.csv", LINEAR_CSV), ("flat.toml", FLAT_SCENARIO)]);
    let args = [
        "--input",
        "{dir}/plan.csv",
        "--scenario",
        "{dir}/flat.toml",
        "--model",
        "linear",
        "--year",
        "2020",
        "--paths",
        "5",
        "--unit-mw",
        "5",
        "--rule",
        "capacity-factor",
    ];
    let csv = size_csv(Some(dir.path()), &args);
    let drained: f64 = 180.0;
    let g = drained / 365.0;
    let f = engine_day(5.0);
    let mut failures = Vec::new();
    let column = |name: &str| csv.numbers(name).expect(name);
    let (electricity, cf, p10) = (
        column("electricity_gwh"),
        column("capacity_factor"),
        column("capacity_factor_p10"),
    );
    let (utilization, surplus, shortfall) = (
        column("utilization"),
        column("surplus_mm3"),
        column("shortfall_probability"),
    );
    let mut expected_recommendation = None;
    for i in 0..40 {
        let e = (i + 1) as f64;
        let burnt = 365.0 * g.min(e * f);
        let expected_cf = gwh(burnt) * 1000.0 / (e * 5.0 * 8760.0);
        if expected_cf >= 0.6 {
            expected_recommendation = Some(i + 1);
        }
        let mut problems = Vec::new();
        for (name, ours, theirs) in [
            ("electricity_gwh", electricity[i], gwh(burnt)),
            ("capacity_factor", cf[i], expected_cf),
            ("capacity_factor_p10", p10[i], expected_cf),
            ("utilization", utilization[i], burnt / drained),
        ] {
            if !close(ours, theirs) {
                problems.push(format!("{name} {ours}, expected {theirs}"));
            }
        }
        if (surplus[i] - (drained - burnt)).abs() > 1e-9 * drained {
            problems.push(format!(
                "surplus {}, expected {}",
                surplus[i],
                drained - burnt
            ));
        }
        let short = if g < e * f { 1.0 } else { 0.0 };
        if shortfall[i] != short {
            problems.push(format!("shortfall {}, expected {short}", shortfall[i]));
        }
        collect(&mut failures, &format!("{} engines", i + 1), problems);
    }
    report("engine counts", 40, failures);
    // The crossing lies inside the counts tried: 16 engines have gas every day, 17 do not.
    assert_eq!((shortfall[15], shortfall[16]), (0.0, 1.0));
    assert!(close(cf[15], AVAILABILITY) && cf[16] < AVAILABILITY);
    // 0.9 x 16.11 / 24 = 0.604; / 25 = 0.580.
    assert_eq!(expected_recommendation, Some(24));
    let json = size_json(Some(dir.path()), &args);
    let site = &json["meta"]["recommendation"]["sites"][0];
    assert_eq!(site["engines"], 24);
    assert!(close(site["capacity_mw"].as_f64().expect("MW"), 120.0));
    let note = site["note"].as_str().expect("a note");
    assert!(
        note.contains("Recommended: 24 engines of 5 MW (120 MW)"),
        "{note}"
    );
}

/// Engines of 200 MW need 0.5 x 200 x 24 x 0.9 x 3600 / (0.38 x 33.43) = 12.2 million m3 a
/// day to start, far above the 0.49 a day the plan gives: nothing burns, every day is short,
/// and no count is recommended (said in a note, exit 0).
#[test]
fn below_the_minimum_load_nothing_burns() {
    let dir = files(&[("plan.csv", LINEAR_CSV), ("flat.toml", FLAT_SCENARIO)]);
    let args = [
        "--input",
        "{dir}/plan.csv",
        "--scenario",
        "{dir}/flat.toml",
        "--model",
        "linear",
        "--year",
        "2020",
        "--paths",
        "2",
        "--unit-mw",
        "200",
        "--max-engines",
        "3",
    ];
    let csv = size_csv(Some(dir.path()), &args);
    assert!(180.0 / 365.0 < 0.5 * engine_day(200.0));
    assert!(
        csv.numbers("electricity_gwh")
            .expect("e")
            .iter()
            .all(|&e| e == 0.0)
    );
    assert!(
        csv.numbers("shortfall_probability")
            .expect("s")
            .iter()
            .all(|&s| s == 1.0)
    );
    let table = size_in(Some(dir.path()), &args);
    assert!(
        table.contains("No count from 1 to 3 engines of 200 MW"),
        "{table}"
    );
    let json = size_json(Some(dir.path()), &args);
    assert_eq!(
        json["meta"]["recommendation"]["sites"][0]["engines"],
        Value::Null
    );
    // With --min-load 0 the engines take any flow: 365 x 0.4932 = 180 million m3 burnt.
    let mut zero = args.to_vec();
    zero.extend(["--min-load", "0"]);
    let csv = size_csv(Some(dir.path()), &zero);
    assert!(close(
        csv.numbers("electricity_gwh").expect("e")[0],
        gwh(180.0)
    ));
}

#[test]
fn meta_states_the_rule_the_variability_model_and_the_seed() {
    let json = size_json(
        None,
        &["--year", "2017", "--seed", "7", "--rule", "capacity-factor"],
    );
    let meta = &json["meta"];
    let mut problems = Vec::new();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    // By default the rule is the highest expected NPV.
    let default = size_json(None, &["--year", "2017", "--paths", "200"]);
    let default_rule = text(&default["meta"]["recommendation"]["rule"]);
    if !default_rule.contains("highest expected NPV") {
        problems.push(format!("default rule: {default_rule}"));
    }
    if meta["command"] != "size" || meta["seed"] != 7 || meta["paths"] != 10_000 {
        problems.push(format!(
            "command/seed/paths: {} {} {}",
            meta["command"], meta["seed"], meta["paths"]
        ));
    }
    let rule = text(&meta["recommendation"]["rule"]);
    if !rule.contains("largest engine count whose p10 capacity factor") {
        problems.push(format!("rule: {rule}"));
    }
    let threshold = &meta["recommendation"]["min_capacity_factor"];
    if threshold["value"] != 0.6 || !text(&threshold["source"]).starts_with("assumption") {
        problems.push(format!("min_capacity_factor: {threshold}"));
    }
    let min_load = &meta["engines"]["min_load"];
    if min_load["value"] != 0.5 || !text(&min_load["source"]).contains("[SOURCES: engine-practice]")
    {
        problems.push(format!("min_load: {min_load}"));
    }
    let flow = &meta["flow_variability"];
    if !text(&flow["model"]).contains("s^2 = ln(1 + cv^2)") {
        problems.push(format!("model: {}", flow["model"]));
    }
    for (key, value) in [("flow_cv", 0.25), ("flow_autocorrelation", 0.7)] {
        let input = &flow[key];
        if input["distribution"]["value"] != value
            || !text(&input["source"]).contains("Songzao default")
        {
            problems.push(format!("{key}: {input}"));
        }
    }
    if !text(&flow["streams"]).contains("as cmmcast simulate draws them") {
        problems.push(format!("streams: {}", flow["streams"]));
    }
    let sizing = &meta["sizings"][0];
    if sizing["years_sized"] != serde_json::json!([2017]) || sizing["path_years"] != 10_000 {
        problems.push(format!("sizing: {sizing}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The table's notes say the rule's outcome and the flow model.
    let table = size_in(None, &["--paths", "200", "--year", "2017"]);
    assert!(
        table.contains("Daily flow: lognormal day-to-day multipliers"),
        "{table}"
    );
    assert!(table.contains("coefficient of variation 0.25 (scenario)"));
    assert!(table.contains("Engines run from 50 % of full load"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let base = ["--paths", "700", "--to", "2021", "--format", "csv"];
    let one = {
        let mut args = base.to_vec();
        args.extend(["--threads", "1"]);
        size_in(None, &args)
    };
    for threads in ["2", "5"] {
        let mut args = base.to_vec();
        args.extend(["--threads", threads]);
        assert_eq!(size_in(None, &args), one, "{threads} threads");
    }
    // The environment's thread count does not matter either.
    let mut args = vec!["size"];
    args.extend(base);
    let run = cmmcast_in(None, &args, &[("RAYON_NUM_THREADS", "3")]);
    assert_eq!(run.stdout, one);
}

/// A constant flow keeps every engine busy that a variable one cannot: over the same annual
/// paths (same seed, the default scenario with flow_cv 0 instead of 0.25), the daily
/// variability adds no electricity beyond Monte Carlo noise, and costs some where the plant is
/// about as large as the flow (10 MW engines: the Songzao flow fills about 17).
#[test]
fn daily_variability_costs_electricity_against_a_constant_flow() {
    let dir = files(&[("constant.toml", &default_scenario_with_constant_flow())]);
    let common = ["--paths", "400", "--to", "2020", "--unit-mw", "10"];
    let variable = size_csv(None, &common);
    let constant = size_csv(
        Some(dir.path()),
        &[&common[..], &["--scenario", "{dir}/constant.toml"]].concat(),
    );
    let v = variable.numbers("electricity_gwh").expect("v");
    let c = constant.numbers("electricity_gwh").expect("c");
    // Σ_d min(g_d, E f) ≤ 365 min(ḡ, E f) for the year's mean flow ḡ. The days' mean
    // multiplier is not renormalised to 1, so where the engines take all the gas the variable
    // flow burns m̄ Q: allow 5 standard errors of m̄ over the 1,600 path-years,
    // 5 x 0.25 x sqrt((1 + 0.7)/(1 - 0.7) / 365 / 1600) = 3.9e-3.
    for (i, (v, c)) in v.iter().zip(&c).enumerate() {
        assert!(*v <= c * (1.0 + 3.9e-3), "{} engines: {v} > {c}", i + 1);
    }
    // 17 engines: the constant flow fills them on most days, the variable one does not.
    assert!(v[16] < c[16] * 0.97, "{} vs {}", v[16], c[16]);
}

/// The embedded default scenario with `flow_cv = 0.25` replaced by 0.
fn default_scenario_with_constant_flow() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/scenarios/songzao-default.toml"
    );
    let text = std::fs::read_to_string(path).expect("the default scenario");
    assert!(text.contains("\nflow_cv = 0.25\n"));
    text.replace("\nflow_cv = 0.25\n", "\nflow_cv = 0\n")
}

#[test]
fn several_sites_have_their_own_rows_and_recommendations() {
    let two = "site,year,coal_kt,methane_mm3\n\
               North,2012,100,50\nNorth,2013,110,55\nNorth,2014,125,61\nNorth,2015,130,66\n\
               South,2012,200,80\nSouth,2013,210,84\nSouth,2014,230,90\nSouth,2015,240,97\n";
    let dir = files(&[("two.csv", two)]);
    let args = [
        "--input",
        "{dir}/two.csv",
        "--paths",
        "200",
        "--max-engines",
        "5",
        "--model",
        "linear",
    ];
    let csv = size_csv(Some(dir.path()), &args);
    assert_eq!(csv.header[0], "site");
    assert_eq!(csv.rows.len(), 10);
    let json = size_json(Some(dir.path()), &args);
    let sites = json["meta"]["recommendation"]["sites"]
        .as_array()
        .expect("sites");
    assert_eq!(sites.len(), 2);
    assert_eq!(sites[0]["site"], "North");
    let only = size_csv(
        Some(dir.path()),
        &[&args[..], &["--site", "South"]].concat(),
    );
    assert_eq!(only.rows.len(), 5);
}

/// One sentence, exit code 2, nothing on standard output.
#[test]
fn bad_input_is_refused_with_one_sentence() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--unit-mw", "0"],
            &["--unit-mw 0 is not allowed", "at least 0.01"],
        ),
        (&["--unit-mw", "-2"], &["--unit-mw -2 is not allowed"]),
        (
            &["--max-engines", "0"],
            &["--max-engines 0 is not allowed", "from 1 to 1000"],
        ),
        (
            &["--max-engines", "1001"],
            &["--max-engines 1001 is not allowed"],
        ),
        (&["--max-engines", "-1"], &["--max-engines"]),
        (
            &["--min-load", "1.2"],
            &["--min-load 1.2 is not allowed", "from 0 to 1"],
        ),
        (&["--min-load", "-0.1"], &["--min-load -0.1 is not allowed"]),
        (
            &["--min-capacity-factor", "1.5"],
            &["--min-capacity-factor 1.5 is not allowed"],
        ),
        (
            &["--min-capacity-factor", "-1"],
            &["--min-capacity-factor -1 is not allowed"],
        ),
        (&["--paths", "0"], &["--paths 0 is not allowed"]),
        (
            &["--year", "2014"],
            &["--year 2014 is not a forecast year; give --year from 2017 to"],
        ),
        (
            &["--year", "2031", "--to", "2030"],
            &["--year 2031 is not a forecast year"],
        ),
        (&["--paths", "9000000"], &["give fewer --paths"]),
        (
            &["--scenario", "/nonexistent/s.toml"],
            &["/nonexistent/s.toml"],
        ),
        (&["--efficiency", "0.9"], &["efficiency 0.9 is not allowed"]),
        (&["--threads", "0"], &["--threads 0 is not allowed"]),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("bad_input_is_refused_with_one_sentence");
    for (extra, phrases) in cases {
        let mut args = vec!["size"];
        args.extend_from_slice(extra);
        let run = cmmcast(&args);
        catalogue.add(&extra.join(" "), &run);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, phrases));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        collect(&mut failures, &args.join(" "), with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}

#[test]
fn help_names_every_flag_with_its_default() {
    let run = cmmcast(&["size", "--help"]);
    assert_eq!(run.code, Some(0));
    let help = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in [
        "--unit-mw <MW>",
        "--max-engines <N>",
        "[default: 40]",
        "--min-load <FRACTION>",
        "[default: 0.5",
        "--min-capacity-factor <FRACTION>",
        "[default: 0.6, an assumption]",
        "--paths <N>",
        "[default: 10000]",
        "--seed <N>",
        "--threads <N>",
        "--scenario <FILE>",
        "--year <YEAR>",
        "--to <YEAR>",
        "--model <MODEL>",
        "Not used by size",
    ] {
        assert!(help.contains(phrase), "help lacks {phrase:?}: {help}");
    }
}

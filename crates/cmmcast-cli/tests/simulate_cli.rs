//! `cmmcast simulate` from the outside: the CSV's shape (header, six quantities a year, ordered
//! and finite percentiles, custom percentiles), the JSON `meta` (seed, paths, the percentile
//! convention, the scenario and the model weights), byte-identical output for a seed whatever
//! the number of threads, the capacity-limited Songzao case by hand with every input fixed,
//! flags over the scenario, `--paths-out` (its rows, its percentiles, no partial file, no report
//! when it fails), and every kind of refusal.
//!
//! No expected value comes from cmmcast: each is a hand formula from the plant's defaults and
//! the ISO 6976 properties of methane at 20 °C (LHV 33.43 MJ/m3, density 0.6681 kg/m3), a
//! bound the scenario's distributions cannot leave, or (for `--paths-out`) type-7 percentiles
//! computed here from the written paths.
//!
//! Runs use small path counts (`--paths 2000 --to 2020` and less) so debug builds stay quick.

mod common;
use common::hand::{
    CAPACITY_MW, CO2_PER_CH4, DENSITY_KG_PER_M3, DESTRUCTION, GWP_AR5, HOURS, LHV_MJ_PER_M3,
};

use std::path::Path;

use common::{
    Catalogue, Csv, PANIC_WORDS, Run, banned_words, clean_csv, clean_json, close, cmmcast_in,
    collect, files, missing_phrases, refusal_form_problems, report, with_stderr,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The hand calculation's inputs.

/// The default seed, as documented in `cmmcast simulate --help`.
const DEFAULT_SEED: u64 = 20_120_101;

/// The quantities of every year, in output order.
const QUANTITIES: [&str; 6] = [
    "methane_mm3",
    "burnt_mm3",
    "surplus_mm3",
    "utilization",
    "electricity_gwh",
    "co2e_avoided_kt",
];

/// The header at the default percentiles.
const HEADER: &str = "year,quantity,p10,p50,p90,mean,sd,se_p10,se_p50,se_p90";

/// The header of `--paths-out`.
const PATHS_HEADER: &str = "site,path,model,year,methane_mm3,burnt_mm3,surplus_mm3,\
                            utilization,electricity_gwh,co2e_avoided_kt";

/// The quick run most tests start from: 2000 paths, forecast years 2017 to 2020.
const QUICK: [&str; 4] = ["--paths", "2000", "--to", "2020"];

/// A scenario that fixes every input at the plant's deterministic defaults (and the drainage at
/// its forecast), so only the trend varies.
const FIXED_SCENARIO: &str = "[scenario]\nname = \"Everything fixed\"\n\
                              description = \"Every input at its default.\"\n\n[inputs]\n\
                              efficiency = 0.38\navailability = 0.9\nshare_to_power = 1.0\n\
                              parasitic_fraction = 0.0\ngas_concentration = 1.0\n\
                              min_concentration = 0.0\ndestruction_efficiency = 0.995\n\
                              plan_adherence = 1.0\nflow_cv = 0.25\nflow_autocorrelation = 0.7\n";

/// Million m3 a plant of `capacity_mw` burns in a year at full load whenever available:
/// MW x availability x 8760 h = MWh; x 3600 MJ/MWh / efficiency = MJ of fuel; / LHV = m3.
fn full_load_mm3(capacity_mw: f64, availability: f64, efficiency: f64) -> f64 {
    capacity_mw * availability * HOURS * 3600.0 / efficiency / LHV_MJ_PER_M3 / 1e6
}

/// kt CO2e avoided by destroying `mm3` million m3 burnt: 1 million m3 x density kg/m3 = density
/// kt of CH4; x destruction x (GWP - 44/16).
fn destruction_kt(mm3: f64) -> f64 {
    mm3 * DENSITY_KG_PER_M3 * DESTRUCTION * (GWP_AR5 - CO2_PER_CH4)
}

// ---------------------------------------------------------------------------------------------
// Running and reading.

/// `cmmcast simulate ARGS` in `dir` with the environment `env`.
fn simulate(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["simulate"];
    all.extend(args);
    cmmcast_in(dir, &all, env)
}

/// `cmmcast simulate ARGS --format csv` in `dir`: the parsed CSV of a successful run with
/// nothing on standard error, or what went wrong.
fn simulate_csv(dir: Option<&Path>, args: &[&str]) -> Result<Csv, String> {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = simulate(dir, &all, &[]);
    clean_csv(&run)
}

/// `cmmcast simulate ARGS --format json` in `dir`, parsed.
fn simulate_json(dir: Option<&Path>, args: &[&str]) -> Result<Value, String> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = simulate(dir, &all, &[]);
    clean_json(&run)
}

/// The value of a result, or `None` with its error added to `problems`.
fn note<T>(problems: &mut Vec<String>, result: Result<T, String>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// A text column.
fn texts(csv: &Csv, column: &str) -> Result<Vec<String>, String> {
    let i = csv.index(column)?;
    Ok(csv.rows.iter().map(|row| row[i].clone()).collect())
}

/// The rows of one quantity: (year, row index), in order.
fn rows_of(csv: &Csv, quantity: &str) -> Vec<usize> {
    let quantities = texts(csv, "quantity").unwrap_or_default();
    (0..quantities.len())
        .filter(|&r| quantities[r] == quantity)
        .collect()
}

/// Problems of a successful run's shape: the header, six rows a year in quantity order for
/// the forecast years `years`, every number finite, the percentiles in order, sd and standard
/// errors not negative.
fn shape_problems(csv: &Csv, header: &str, years: &[i32]) -> Vec<String> {
    let mut problems = Vec::new();
    if csv.header.join(",") != header {
        problems.push(format!(
            "header {:?}, expected {header:?}",
            csv.header.join(",")
        ));
    }
    let want_years: Vec<i32> = years
        .iter()
        .flat_map(|&y| std::iter::repeat_n(y, QUANTITIES.len()))
        .collect();
    match csv.years() {
        Ok(got) if got == want_years => {}
        other => problems.push(format!(
            "years {other:?}, expected 6 rows each of {years:?}"
        )),
    }
    let want_quantities: Vec<&str> = years.iter().flat_map(|_| QUANTITIES).collect();
    match texts(csv, "quantity") {
        Ok(got) if got == want_quantities => {}
        other => problems.push(format!(
            "quantities {other:?}, expected {QUANTITIES:?} a year"
        )),
    }
    let numeric: Vec<&String> = csv.header.iter().skip(2).collect();
    let columns: Vec<Vec<f64>> = numeric
        .iter()
        .filter_map(|c| note(&mut problems, csv.numbers(c)))
        .collect();
    if columns.len() != numeric.len() {
        return problems;
    }
    // p-columns first (as many as se-columns), then mean and sd, then the standard errors.
    let k = (numeric.len() - 2) / 2;
    for r in 0..csv.rows.len() {
        let percentiles: Vec<f64> = columns[..k].iter().map(|c| c[r]).collect();
        if percentiles.windows(2).any(|w| w[0] > w[1]) {
            problems.push(format!(
                "row {}: percentiles {percentiles:?} out of order",
                r + 1
            ));
        }
        let sd = columns[k + 1][r];
        let errors: Vec<f64> = columns[k + 2..].iter().map(|c| c[r]).collect();
        if sd < 0.0 || errors.iter().any(|&e| e < 0.0) {
            problems.push(format!(
                "row {}: sd {sd} or errors {errors:?} below 0",
                r + 1
            ));
        }
    }
    problems
}

/// Problems of a refusal: exit code 2, nothing on standard output, one sentence on standard
/// error with no panic in it and every phrase of `expect`.
fn refusal_problems(run: &Run, expect: &[&str]) -> Vec<String> {
    let mut problems = refusal_form_problems(run);
    problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
    problems.extend(missing_phrases(&run.stderr, expect));
    with_stderr(problems, run)
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Hyndman and Fan type 7 (numpy's default) of `values` at `percent`, by hand: sort, then
/// interpolate linearly between the order statistics around h = (N - 1) p.
fn type7(values: &[f64], percent: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * percent / 100.0;
    let low = h.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    sorted[low] + (h - low as f64) * (sorted[high] - sorted[low])
}

// ---------------------------------------------------------------------------------------------
// 1. The CSV's shape.

#[test]
fn the_csv_has_six_ordered_finite_rows_a_year() {
    let csv = simulate_csv(None, &QUICK).expect("a default simulation");
    let mut problems = shape_problems(&csv, HEADER, &[2017, 2018, 2019, 2020]);

    // Certain on every path of the default scenario (share to power 1, concentration 1, no
    // minimum): burnt + surplus = drained, so the means add up the same way; utilization is a
    // share; and no path burns more than 26.9 MW can at the highest availability (0.95) and
    // the lowest efficiency (0.33) the scenario allows, nor makes more than 26.9 MW x 0.95 x
    // 8760 h.
    let most_burnt = full_load_mm3(CAPACITY_MW, 0.95, 0.33);
    let most_gwh = CAPACITY_MW * 0.95 * HOURS / 1000.0;
    if let (Ok(means), Ok(p90s)) = (csv.numbers("mean"), csv.numbers("p90")) {
        let methane = rows_of(&csv, "methane_mm3");
        let burnt = rows_of(&csv, "burnt_mm3");
        let surplus = rows_of(&csv, "surplus_mm3");
        for ((&m, &b), &s) in methane.iter().zip(&burnt).zip(&surplus) {
            if !close(means[b] + means[s], means[m]) {
                problems.push(format!(
                    "row {}: mean burnt {} + surplus {} is not drained {}",
                    m + 1,
                    means[b],
                    means[s],
                    means[m]
                ));
            }
            if p90s[b] > most_burnt * (1.0 + 1e-12) {
                problems.push(format!(
                    "row {}: burnt p90 {} > {most_burnt}",
                    b + 1,
                    p90s[b]
                ));
            }
        }
        for r in rows_of(&csv, "utilization") {
            if !(0.0..=1.0).contains(&p90s[r]) {
                problems.push(format!("row {}: utilization p90 {}", r + 1, p90s[r]));
            }
        }
        for r in rows_of(&csv, "electricity_gwh") {
            if p90s[r] > most_gwh * (1.0 + 1e-12) {
                problems.push(format!(
                    "row {}: electricity p90 {} > {most_gwh}",
                    r + 1,
                    p90s[r]
                ));
            }
        }
    }

    // The table format works too and says the seed.
    let table = simulate(None, &["--paths", "200", "--to", "2018"], &[]);
    if table.code != Some(0) || !table.stdout.contains("seed 20120101") {
        problems.push(format!(
            "table: exit {:?}, stdout lacks the seed; stderr {:?}",
            table.code, table.stderr
        ));
    }
    assert!(problems.is_empty(), "shape: {problems:#?}");
}

#[test]
fn percentiles_follow_the_flag_and_nest_around_the_defaults() {
    let mut problems = Vec::new();
    let args = [&QUICK[..], &["--percentiles", "2.5,50,97.5"]].concat();
    let wide = note(&mut problems, simulate_csv(None, &args));
    let default = note(&mut problems, simulate_csv(None, &QUICK));
    if let (Some(wide), Some(default)) = (wide, default) {
        problems.extend(shape_problems(
            &wide,
            "year,quantity,p2.5,p50,p97.5,mean,sd,se_p2.5,se_p50,se_p97.5",
            &[2017, 2018, 2019, 2020],
        ));
        // The same seed draws the same paths, so p50 and the mean are the same numbers, and
        // p2.5 <= p10 and p90 <= p97.5 on every row.
        for column in ["p50", "mean", "sd"] {
            if wide.numbers(column).ok() != default.numbers(column).ok() {
                problems.push(format!("{column} differs between the two runs"));
            }
        }
        let pairs = [
            (wide.numbers("p2.5"), default.numbers("p10"), "p2.5 > p10"),
            (default.numbers("p90"), wide.numbers("p97.5"), "p90 > p97.5"),
        ];
        for (low, high, wrong) in pairs {
            if let (Ok(low), Ok(high)) = (low, high) {
                for (r, (a, b)) in low.iter().zip(&high).enumerate() {
                    if a > b {
                        problems.push(format!("row {}: {wrong}: {a} > {b}", r + 1));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "percentiles: {problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 2. The JSON meta.

#[test]
fn meta_names_the_seed_the_convention_the_scenario_and_the_model_weights() {
    let mut problems = Vec::new();
    let Some(json) = note(&mut problems, simulate_json(None, &QUICK)) else {
        panic!("{problems:?}");
    };
    let meta = &json["meta"];
    if meta["seed"].as_u64() != Some(DEFAULT_SEED) {
        problems.push(format!("seed {}", meta["seed"]));
    }
    if meta["paths"].as_u64() != Some(2000) {
        problems.push(format!("paths {}", meta["paths"]));
    }
    let convention = meta["percentile_convention"].as_str().unwrap_or_default();
    for phrase in ["10th percentile", "P90"] {
        if !convention.contains(phrase) {
            problems.push(format!(
                "percentile_convention lacks {phrase:?}: {convention:?}"
            ));
        }
    }
    if meta["scenario"]["name"] != "Songzao default" {
        problems.push(format!("scenario name {}", meta["scenario"]["name"]));
    }
    // The inputs the simulation draws, as data/scenarios/songzao-default.toml sets them: spreads
    // around the site's values for efficiency, availability and parasitic load (the keys it
    // leaves out keep the site's values and are not drawn), and the plan adherence.
    let inputs = meta["scenario"]["inputs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let keys: Vec<&str> = inputs.iter().filter_map(|i| i["key"].as_str()).collect();
    let want = [
        "efficiency",
        "availability",
        "parasitic_fraction",
        "plan_adherence",
    ];
    if keys != want {
        problems.push(format!("input keys {keys:?}, expected {want:?}"));
    }
    let input = |key: &str| {
        inputs
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
            .unwrap_or_default()
    };
    // The default spread of efficiency is triangular ± 0.05 around the plant's default 0.38:
    // 0.33, 0.38, 0.43; the scenario's own words are echoed beside it.
    let efficiency = input("efficiency");
    let triangular =
        serde_json::json!({"distribution": "triangular", "min": 0.33, "mode": 0.38, "max": 0.43});
    let given = serde_json::json!({"distribution": "triangular", "spread": 0.05, "around": "site"});
    if efficiency["distribution"] != triangular
        || efficiency["given"] != given
        || efficiency["per_year"] != false
    {
        problems.push(format!("efficiency {efficiency}"));
    }
    // Plan adherence: lognormal every year, its years tied together by the default's
    // path_share 0.5 and persistence 0.5 (data/scenarios/songzao-default.toml).
    let adherence = input("plan_adherence");
    if adherence["distribution"]["distribution"] != "lognormal"
        || adherence["per_year"] != true
        || adherence["path_share"] != 0.5
        || adherence["persistence"] != 0.5
    {
        problems.push(format!("plan_adherence {adherence}"));
    }
    // The inputs without year-to-year keys do not grow them.
    if efficiency.get("path_share").is_some() || efficiency.get("persistence").is_some() {
        problems.push(format!("efficiency {efficiency}"));
    }

    // The models: Akaike weights summing to 1, and the paths that picked each summing to 2000.
    let models = json["meta"]["simulations"][0]["models"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let weights: Vec<f64> = models.iter().filter_map(|m| m["weight"].as_f64()).collect();
    let paths: u64 = models.iter().filter_map(|m| m["paths"].as_u64()).sum();
    if models.is_empty() || weights.len() != models.len() {
        problems.push(format!("models {models:?}"));
    }
    if (weights.iter().sum::<f64>() - 1.0).abs() > 1e-12 || weights.iter().any(|&w| w <= 0.0) {
        problems.push(format!("weights {weights:?} are not positive summing to 1"));
    }
    if paths != 2000 {
        problems.push(format!("{paths} paths picked a model, expected 2000"));
    }
    if json["rows"].as_array().map(Vec::len) != Some(4 * QUANTITIES.len()) {
        problems.push("rows: expected 24".into());
    }

    // A fixed model takes every path; another seed is echoed.
    let args = [&QUICK[..], &["--model", "linear", "--seed", "7"]].concat();
    if let Some(json) = note(&mut problems, simulate_json(None, &args)) {
        let models = &json["meta"]["simulations"][0]["models"];
        let want = serde_json::json!([{"model": "linear", "weight": 1.0, "paths": 2000}]);
        if *models != want {
            problems.push(format!("--model linear: models {models}"));
        }
        if json["meta"]["seed"].as_u64() != Some(7) {
            problems.push(format!("--seed 7: seed {}", json["meta"]["seed"]));
        }
    }
    // The stochastic trends simulate too, each taking every path.
    for model in ["rw-drift", "damped"] {
        let args = [&QUICK[..], &["--model", model]].concat();
        if let Some(json) = note(&mut problems, simulate_json(None, &args)) {
            let models = &json["meta"]["simulations"][0]["models"];
            let want = serde_json::json!([{"model": model, "weight": 1.0, "paths": 2000}]);
            if *models != want {
                problems.push(format!("--model {model}: models {models}"));
            }
        }
    }
    assert!(problems.is_empty(), "meta: {problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 3. Reproducibility.

#[test]
fn a_seed_gives_byte_identical_output_for_any_number_of_threads() {
    let csv = |extra: &[&str], env: &[(&str, &str)]| {
        let args = [&QUICK[..], extra, &["--format", "csv"]].concat();
        simulate(None, &args, env)
    };
    let first = csv(&[], &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(!first.stdout.is_empty());
    let seed = DEFAULT_SEED.to_string();
    let same: [(&str, Run); 7] = [
        ("again", csv(&[], &[])),
        ("--seed 20120101", csv(&["--seed", &seed], &[])),
        ("--threads 1", csv(&["--threads", "1"], &[])),
        ("--threads 2", csv(&["--threads", "2"], &[])),
        ("--threads 8", csv(&["--threads", "8"], &[])),
        (
            "RAYON_NUM_THREADS=1",
            csv(&[], &[("RAYON_NUM_THREADS", "1")]),
        ),
        (
            "RAYON_NUM_THREADS=2",
            csv(&[], &[("RAYON_NUM_THREADS", "2")]),
        ),
    ];
    let mut failures = Vec::new();
    for (name, run) in &same {
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit {:?}: {}", run.code, run.stderr));
        }
        if run.stdout != first.stdout {
            problems.push("stdout differs from the first run".into());
        }
        collect(&mut failures, name, problems);
    }
    let other = csv(&["--seed", "1"], &[]);
    if other.code != Some(0) || other.stdout == first.stdout {
        failures.push(format!(
            "--seed 1 gives the same output (exit {:?})",
            other.code
        ));
    }
    report("reproducibility checks", same.len() + 1, failures);
}

// ---------------------------------------------------------------------------------------------
// 4. By hand: every input fixed, a plant at full load on every path.

#[test]
fn with_every_input_fixed_the_full_plant_burns_60_10_million_m3_on_every_path() {
    let dir = files(&[("fixed.toml", FIXED_SCENARIO)]);
    // The 26.9 MW plant at 90 % availability and 38 % efficiency burns
    //   26.9 MW x 0.9 x 8760 h = 212,079.6 MWh a year,
    //   212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60.10 million m3,
    // and a linear trend of the plan drains about five times that from 2017 on (304.84 in
    // 2016, rising by about 20 a year, with a spread of tens), so every path burns exactly
    // that: each percentile is 60.10 and the sd 0. Electricity is 212.0796 GWh, and destroying
    // the gas avoids 60.10 x 0.6681 x 0.995 x (28 - 2.75) kt CO2e.
    let burnt = full_load_mm3(CAPACITY_MW, 0.9, 0.38);
    let gwh: f64 = CAPACITY_MW * 0.9 * 8.76;
    assert!((burnt - 60.10).abs() < 0.005, "{burnt}");
    assert!((gwh - 212.0796).abs() < 1e-9, "{gwh}");
    let avoided = destruction_kt(burnt);

    let cases: [(&str, &[&str], f64, f64); 2] = [
        ("the scenario's values", &[], burnt, gwh),
        // A flag overrides the scenario: at 40 % the same electricity takes less gas.
        (
            "--efficiency 0.40",
            &["--efficiency", "0.40"],
            full_load_mm3(CAPACITY_MW, 0.9, 0.40),
            gwh,
        ),
    ];
    let mut failures = Vec::new();
    for (name, extra, burnt, gwh) in cases {
        let mut problems = Vec::new();
        let args = [
            &QUICK[..],
            &["--model", "linear", "--scenario", "{dir}/fixed.toml"],
            extra,
        ]
        .concat();
        let Some(csv) = note(&mut problems, simulate_csv(Some(dir.path()), &args)) else {
            collect(&mut failures, name, problems);
            continue;
        };
        problems.extend(shape_problems(&csv, HEADER, &[2017, 2018, 2019, 2020]));
        let mut expected = vec![("burnt_mm3", burnt), ("electricity_gwh", gwh)];
        if extra.is_empty() {
            expected.push(("co2e_avoided_kt", avoided));
        }
        for (quantity, value) in expected {
            for r in rows_of(&csv, quantity) {
                for column in ["p10", "p50", "p90", "mean"] {
                    let got = csv.numbers(column).map(|c| c[r]).unwrap_or(f64::NAN);
                    if !close(got, value) {
                        problems.push(format!(
                            "row {}: {quantity} {column} {got}, expected {value}",
                            r + 1
                        ));
                    }
                }
                for column in ["sd", "se_p10", "se_p50", "se_p90"] {
                    let got = csv.numbers(column).map(|c| c[r]).unwrap_or(f64::NAN);
                    if got != 0.0 {
                        problems.push(format!(
                            "row {}: {quantity} {column} {got}, expected 0",
                            r + 1
                        ));
                    }
                }
            }
        }
        // The drainage still varies with the trend, and is far above what the plant burns.
        for r in rows_of(&csv, "methane_mm3") {
            let p10 = csv.numbers("p10").map(|c| c[r]).unwrap_or(f64::NAN);
            let sd = csv.numbers("sd").map(|c| c[r]).unwrap_or(f64::NAN);
            if !(p10 > 3.0 * burnt && sd > 0.0) {
                problems.push(format!("row {}: methane p10 {p10}, sd {sd}", r + 1));
            }
        }
        collect(&mut failures, name, problems);
    }
    report("fixed-input cases", cases.len(), failures);
}

#[test]
fn a_plant_flag_fixes_its_input_over_the_scenario() {
    let mut problems = Vec::new();
    let args = [&QUICK[..], &["--efficiency", "0.40"]].concat();
    let Some(json) = note(&mut problems, simulate_json(None, &args)) else {
        panic!("{problems:?}");
    };
    let inputs = json["meta"]["scenario"]["inputs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let find = |key: &str| inputs.iter().find(|i| i["key"] == key).cloned();
    let efficiency = find("efficiency").unwrap_or_default();
    let fixed = serde_json::json!({"distribution": "fixed", "value": 0.4});
    if efficiency["distribution"] != fixed {
        problems.push(format!("efficiency {efficiency}, expected fixed at 0.4"));
    }
    if inputs.iter().filter(|i| i["key"] == "efficiency").count() != 1 {
        problems.push("efficiency is listed more than once".into());
    }
    // The inputs without a flag keep the scenario's distributions.
    let availability = find("availability").unwrap_or_default();
    if availability["distribution"]["distribution"] != "pert" {
        problems.push(format!(
            "availability {availability}, expected the scenario's pert"
        ));
    }
    assert!(
        problems.is_empty(),
        "flags over the scenario: {problems:#?}"
    );
}

/// A scenario's `path_share` and `persistence` for plan adherence are accepted, echoed in
/// `meta`, and at 0 and 0 change no number: the table is byte for byte that of the same
/// scenario without them (independent years, as before the keys existed).
#[test]
fn plan_adherence_takes_path_share_and_persistence() {
    let adherence = |extra: &str| {
        format!(
            "[scenario]\nname = \"tied\"\n\n[inputs]\nplan_adherence = {{ distribution = \
             \"lognormal\", median = 1.0, sigma = 0.1, per_year = true{extra} }}\n"
        )
    };
    let dir = files(&[
        (
            "tied.toml",
            &adherence(", path_share = 0.3, persistence = 0.8"),
        ),
        (
            "zeros.toml",
            &adherence(", path_share = 0, persistence = 0"),
        ),
        ("plain.toml", &adherence("")),
    ]);
    let mut problems = Vec::new();
    let with = |file: &'static str| [&QUICK[..], &["--scenario", file]].concat();
    if let Some(json) = note(
        &mut problems,
        simulate_json(Some(dir.path()), &with("{dir}/tied.toml")),
    ) {
        let inputs = json["meta"]["scenario"]["inputs"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let adherence = inputs
            .iter()
            .find(|i| i["key"] == "plan_adherence")
            .cloned()
            .unwrap_or_default();
        let lognormal =
            serde_json::json!({"distribution": "lognormal", "median": 1.0, "sigma": 0.1});
        if adherence["distribution"] != lognormal
            || adherence["per_year"] != true
            || adherence["path_share"] != 0.3
            || adherence["persistence"] != 0.8
        {
            problems.push(format!("plan_adherence {adherence}"));
        }
    }
    let zeros = note(
        &mut problems,
        simulate_csv(Some(dir.path()), &with("{dir}/zeros.toml")),
    );
    let plain = note(
        &mut problems,
        simulate_csv(Some(dir.path()), &with("{dir}/plain.toml")),
    );
    if let (Some(zeros), Some(plain)) = (zeros, plain)
        && zeros.rows != plain.rows
    {
        problems.push("path_share = 0 and persistence = 0 changed the table".into());
    }
    assert!(problems.is_empty(), "year-to-year keys: {problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 5. --paths-out.

#[test]
fn paths_out_writes_every_path_whose_percentiles_are_the_report() {
    let dir = files(&[]);
    let args = [
        "--paths",
        "500",
        "--to",
        "2019",
        "--paths-out",
        "{dir}/paths.csv",
    ];
    let mut problems = Vec::new();
    let Some(report_csv) = note(&mut problems, simulate_csv(Some(dir.path()), &args)) else {
        panic!("{problems:?}");
    };
    if listing(dir.path()) != ["paths.csv"] {
        problems.push(format!("the folder holds {:?}", listing(dir.path())));
    }
    let text = std::fs::read_to_string(dir.path().join("paths.csv")).unwrap_or_default();
    let Some(paths) = note(&mut problems, Csv::parse(&text)) else {
        panic!("{problems:?}");
    };
    if paths.header.join(",") != PATHS_HEADER {
        problems.push(format!("header {:?}", paths.header.join(",")));
    }
    // 500 paths x 3 years, path-major, all Songzao, each path with one model of the menu.
    if paths.rows.len() != 1500 {
        problems.push(format!(
            "{} rows, expected 500 x 3 = 1500",
            paths.rows.len()
        ));
    }
    let keys: Vec<(String, String, String)> = paths
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[3].clone()))
        .collect();
    let want: Vec<(String, String, String)> = (0..500)
        .flat_map(|p| {
            (2017..=2019).map(move |y| ("Songzao".to_string(), p.to_string(), y.to_string()))
        })
        .collect();
    if keys != want {
        problems.push("(site, path, year) are not Songzao, 0..499 x 2017..=2019".into());
    }
    let menu = [
        "linear",
        "exponential",
        "quadratic",
        "gm11",
        "intensity",
        "logistic",
        "rw-drift",
        "damped",
    ];
    for (r, row) in paths.rows.iter().enumerate() {
        if !menu.contains(&row[2].as_str()) {
            problems.push(format!("row {}: model {:?}", r + 1, row[2]));
            break;
        }
        if r % 3 > 0 && row[2] != paths.rows[r - 1][2] {
            problems.push(format!("row {}: a path changes model", r + 1));
            break;
        }
    }

    // Type 7 of each (year, quantity) column of the paths, computed here, is the report's.
    let years = paths.years().unwrap_or_default();
    let report_years = report_csv.years().unwrap_or_default();
    let quantities = texts(&report_csv, "quantity").unwrap_or_default();
    for quantity in QUANTITIES {
        let Some(values) = note(&mut problems, paths.numbers(quantity)) else {
            continue;
        };
        for r in rows_of(&report_csv, quantity) {
            let year = report_years[r];
            let column: Vec<f64> = values
                .iter()
                .zip(&years)
                .filter(|(_, y)| **y == year)
                .map(|(v, _)| *v)
                .collect();
            let mean = column.iter().sum::<f64>() / column.len() as f64;
            let mut want = vec![
                ("p10", type7(&column, 10.0)),
                ("p50", type7(&column, 50.0)),
                ("p90", type7(&column, 90.0)),
                ("mean", mean),
            ];
            if quantities[r] != quantity {
                problems.push(format!("row {} is not {quantity}", r + 1));
                want.clear();
            }
            for (name, value) in want {
                let got = report_csv.numbers(name).map(|c| c[r]).unwrap_or(f64::NAN);
                if !(close(got, value) || (got - value).abs() < 1e-12) {
                    problems.push(format!(
                        "{year} {quantity} {name}: {got}, paths give {value}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "--paths-out: {problems:#?}");
}

#[test]
fn a_paths_file_that_cannot_be_written_stops_the_report_and_leaves_nothing() {
    let dir = files(&[]);
    std::fs::create_dir(dir.path().join("taken")).expect("a folder");
    let cases = [
        (
            "missing folder",
            "{dir}/no/such/folder/paths.csv",
            "{dir}/no/such/folder/paths.csv",
        ),
        ("a folder's name", "{dir}/taken", "{dir}/taken"),
    ];
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("a_paths_file_that_cannot_be_written_stops_the_report_and_leaves_nothing");
    for (name, target, shown) in cases {
        let run = simulate(
            Some(dir.path()),
            &["--paths", "200", "--to", "2018", "--paths-out", target],
            &[],
        );
        catalogue.add(name, &run);
        let shown = shown.replace("{dir}", &dir.path().display().to_string());
        let mut problems = refusal_problems(
            &run,
            &[
                &format!("cannot write --paths-out {shown}"),
                "give a file name in a folder that exists",
            ],
        );
        if listing(dir.path()) != ["taken"] || !listing(&dir.path().join("taken")).is_empty() {
            problems.push(format!("left behind: {:?}", listing(dir.path())));
        }
        collect(&mut failures, name, problems);
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("unwritable paths files", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 6. Refusals.

/// A scenario file with these `[inputs]` lines.
fn scenario(inputs: &str) -> String {
    format!("[scenario]\nname = \"bad\"\n\n[inputs]\n{inputs}\n")
}

/// One bad request: its flags, the scenario file `bad.toml` passed with `--scenario` when
/// given, and the phrases the message must hold.
type BadCase = (
    &'static str,
    &'static [&'static str],
    Option<String>,
    &'static [&'static str],
);

#[test]
fn every_bad_request_exits_2_with_one_sentence() {
    let cases: Vec<BadCase> = vec![
        (
            "--paths 0",
            &["--paths", "0"],
            None,
            &["--paths 0 is not allowed", "give between 1 and 50000000"],
        ),
        (
            "--paths -5",
            &["--paths", "-5"],
            None,
            &["invalid value '-5' for --paths"],
        ),
        (
            "--paths 50000001",
            &["--paths", "50000001"],
            None,
            &[
                "--paths 50000001 is not allowed",
                "give between 1 and 50000000",
            ],
        ),
        (
            "--percentiles 0",
            &["--percentiles", "0"],
            None,
            &[
                "--percentiles 0 is not allowed",
                "strictly between 0 and 100",
            ],
        ),
        (
            "--percentiles 100",
            &["--percentiles", "100"],
            None,
            &[
                "--percentiles 100 is not allowed",
                "strictly between 0 and 100",
            ],
        ),
        (
            "--percentiles 50,abc",
            &["--percentiles", "50,abc"],
            None,
            &["invalid value 'abc' for --percentiles"],
        ),
        (
            "--percentiles nan",
            &["--percentiles", "nan"],
            None,
            &["--percentiles NaN is not allowed"],
        ),
        (
            "--threads 0",
            &["--threads", "0"],
            None,
            &["--threads 0 is not allowed", "give at least 1"],
        ),
        (
            "--threads 100000",
            &["--threads", "100000"],
            None,
            &["--threads 100000 is not allowed", "at most 1024"],
        ),
        (
            "--threads -2",
            &["--threads", "-2"],
            None,
            &["invalid value '-2' for --threads"],
        ),
        (
            "--scenario missing.toml",
            &["--scenario", "{dir}/missing.toml"],
            None,
            &["missing.toml", "no such file", "leave the scenario out"],
        ),
        (
            "negative sd",
            &[],
            Some(scenario(
                "efficiency = { distribution = \"normal\", mean = 0.38, sd = -0.01, min = 0.3, \
                 max = 0.45 }",
            )),
            &["bad.toml, line 5, key inputs.efficiency.sd", "above 0"],
        ),
        (
            "unknown distribution",
            &[],
            Some(scenario(
                "efficiency = { distribution = \"gamma\", shape = 2, scale = 0.2 }",
            )),
            &[
                "inputs.efficiency.distribution",
                "gamma",
                "uniform, triangular, normal, lognormal, pert or fixed",
            ],
        ),
        (
            "unknown key",
            &[],
            Some(scenario("efficency = 0.38")),
            &[
                "key inputs.efficency",
                "efficiency, availability, share_to_power, parasitic_fraction, \
                 gas_concentration, min_concentration, destruction_efficiency, plan_adherence",
            ],
        ),
        (
            "an input outside its range",
            &[],
            Some(scenario("availability = 1.5")),
            &["inputs.availability", "above 0 and at most 1"],
        ),
        (
            "plan adherence path_share above 1",
            &[],
            Some(scenario(
                "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, \
                 per_year = true, path_share = 1.5 }",
            )),
            &[
                "bad.toml, line 5, key inputs.plan_adherence.path_share",
                "path_share 1.5 is outside its range (at least 0 and at most 1)",
            ],
        ),
        (
            "plan adherence persistence of 1",
            &[],
            Some(scenario(
                "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, \
                 per_year = true, persistence = 1.0 }",
            )),
            &[
                "key inputs.plan_adherence.persistence",
                "at least 0 and below 1",
                "raise path_share instead",
            ],
        ),
        (
            "plan adherence persistence in quotes",
            &[],
            Some(scenario(
                "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, \
                 per_year = true, persistence = \"0.5\" }",
            )),
            &[
                "key inputs.plan_adherence.persistence",
                "is text, not a number",
            ],
        ),
        (
            "plan adherence persistence drawn once per path",
            &[],
            Some(scenario(
                "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, \
                 persistence = 0.5 }",
            )),
            &[
                "key inputs.plan_adherence.persistence",
                "drawn once per path",
                "add per_year = true",
            ],
        ),
        (
            "plan adherence persistence on a normal",
            &[],
            Some(scenario(
                "plan_adherence = { distribution = \"normal\", mean = 1.0, sd = 0.1, min = 0.5, \
                 per_year = true, path_share = 0.5 }",
            )),
            &[
                "key inputs.plan_adherence.path_share",
                "needs distribution = \"lognormal\"",
            ],
        ),
        (
            "persistence on another input",
            &[],
            Some(scenario(
                "flow_cv = { distribution = \"lognormal\", median = 0.25, sigma = 0.1, \
                 per_year = true, persistence = 0.5 }",
            )),
            &["key inputs.flow_cv.persistence", "flow_cv does not take it"],
        ),
        (
            "--model holt",
            &["--model", "holt"],
            None,
            &["'holt'", "--model", "auto, linear, exponential"],
        ),
        (
            "--model logistic without --ceiling",
            &["--model", "logistic"],
            None,
            &["logistic needs a ceiling", "--ceiling"],
        ),
        (
            "--to 2010",
            &["--to", "2010"],
            None,
            &["after the last year of data (2016)", "later --to than 2010"],
        ),
        (
            "--seed -1",
            &["--seed", "-1"],
            None,
            &["invalid value '-1' for --seed"],
        ),
        (
            "--unit-mw 0",
            &["--unit-mw", "0"],
            None,
            &["--unit-mw 0 is not allowed", "at least 0.01 MW"],
        ),
        (
            "--efficiency 0.7",
            &["--efficiency", "0.7"],
            None,
            &["efficiency 0.7 is not allowed", "at most 0.6"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("every_bad_request_exits_2_with_one_sentence");
    for (name, flags, file, expect) in &cases {
        let dir = files(
            &file
                .as_deref()
                .map(|text| vec![("bad.toml", text)])
                .unwrap_or_default(),
        );
        let mut args: Vec<&str> = flags.to_vec();
        if file.is_some() {
            args.extend(["--scenario", "{dir}/bad.toml"]);
        }
        // Quick when a refusal is missed.
        if !flags.contains(&"--paths") {
            args.extend(["--paths", "200"]);
        }
        if !flags.contains(&"--to") {
            args.extend(["--to", "2018"]);
        }
        let run = simulate(Some(dir.path()), &args, &[]);
        let shown: Vec<(&str, &[u8])> = file
            .as_deref()
            .map(|text| vec![("bad.toml", text.as_bytes())])
            .unwrap_or_default();
        catalogue.add_with_files(name, &run, &shown);
        collect(&mut failures, name, refusal_problems(&run, expect));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad requests", cases.len(), failures);
}

//! Every command agrees: the same inputs give the same central numbers in `project`, the p50 of
//! `simulate`, `size`, the tornado's base case and every table of one `report` folder.
//!
//! Two facts files a user might bring, for the Songzao plan and its 26.9 MW plant:
//!
//! - **changed plant**: efficiency 0.30 and availability 0.80. The default scenario spreads
//!   symmetrically around the site's values (efficiency triangular 0.25/0.30/0.35, availability
//!   pert 0.75/0.80/0.85), so their medians are the site's values. The plant is short of
//!   capacity every year (it burns 26.9 MW x 0.80 x 8760 h / (0.30 x 33.43 MJ/m3 / 3600)
//!   = 67.67 million m3 of the 300-900 drained), so electricity = 26.9 MW x availability x
//!   8760 h whatever the gas and the efficiency: its median is 26.9 x 0.80 x 8760 / 1000 =
//!   188.5152 GWh, exactly `project`'s, and `simulate`'s p50 must sit within Monte Carlo error of
//!   it. One engine of 2 MW runs at full load whenever available (the day's gas is hundreds of
//!   engines' worth), so `size`'s mean capacity factor is the mean availability, 0.80.
//! - **lean gas**: 25 % CH4 against engines needing 30 %: nothing is burnt, in every command.
//!
//! Before the study was one library call, `simulate` replaced such facts with Songzao's
//! distributions (p50 210.5 GWh against `project`'s 188.5) and ran lean gas at full
//! concentration.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{Csv, cmmcast_in, files};

/// The Songzao plan, as a file, so that facts can be given beside it.
const PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/songzao-plan.csv");

const CHANGED_PLANT: &str = "[[sites]]
name = \"Songzao\"
plant_capacity_mw = 26.9
[sites.plant]
efficiency = 0.30
availability = 0.80
";

const LEAN_GAS: &str = "[[sites]]
name = \"Songzao\"
plant_capacity_mw = 26.9
[sites.plant]
gas_concentration = 0.25
min_concentration = 0.30
";

/// The year every command is compared in.
const YEAR: &str = "2020";
/// Paths of the simulation and of the sizing.
const PATHS: &str = "20000";
const SIZE_PATHS: &str = "4000";

/// Runs `cmmcast` in `dir` with the plan and `facts.toml`; the output of a successful run.
fn run(dir: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--input", PLAN, "--facts", "{dir}/facts.toml"]);
    let run = cmmcast_in(Some(dir), &all, &[]);
    assert_eq!(run.code, Some(0), "cmmcast {all:?}: {}", run.stderr);
    run.stdout
}

fn csv(text: &str) -> Csv {
    Csv::parse(text).expect("CSV output")
}

/// The value of `column` in the row whose `key` column is `value`.
fn cell(csv: &Csv, key: (&str, &str), column: &str) -> f64 {
    let (k, c) = (
        csv.index(key.0).expect("key column"),
        csv.index(column).expect("value column"),
    );
    let row = csv
        .rows
        .iter()
        .find(|r| r[k] == key.1)
        .unwrap_or_else(|| panic!("no row with {} = {}", key.0, key.1));
    row[c]
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {:?}", row[c]))
}

/// The simulated row of `quantity` in `YEAR`.
fn simulated(csv: &Csv, quantity: &str) -> (f64, f64) {
    let (y, q) = (
        csv.index("year").expect("year"),
        csv.index("quantity").expect("quantity"),
    );
    let row = csv
        .rows
        .iter()
        .find(|r| r[y] == YEAR && r[q] == quantity)
        .unwrap_or_else(|| panic!("no {quantity} in {YEAR}"));
    let at = |name: &str| -> f64 {
        row[csv.index(name).expect("column")]
            .parse()
            .expect("a number")
    };
    (at("p50"), at("se_p50"))
}

/// Everything one run of every command says about `YEAR`.
struct Central {
    project_gwh: f64,
    project_burnt: f64,
    simulate_p50_gwh: (f64, f64),
    simulate_csv: String,
    size_csv: String,
    tornado_base_gwh: f64,
    project_csv: String,
}

fn central(dir: &Path) -> Central {
    let project_csv = run(dir, &["project", "--format", "csv"]);
    let projection = csv(&project_csv);
    let simulate_csv = run(dir, &["simulate", "--paths", PATHS, "--format", "csv"]);
    let tornado: Value = serde_json::from_str(&run(
        dir,
        &[
            "simulate",
            "--tornado",
            "--tornado-year",
            YEAR,
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    let size_csv = run(
        dir,
        &[
            "size",
            "--paths",
            SIZE_PATHS,
            "--max-engines",
            "3",
            "--format",
            "csv",
        ],
    );
    Central {
        project_gwh: cell(&projection, ("year", YEAR), "electricity_gwh"),
        project_burnt: cell(&projection, ("year", YEAR), "burnt_mm3"),
        simulate_p50_gwh: simulated(&csv(&simulate_csv), "electricity_gwh"),
        simulate_csv,
        size_csv,
        tornado_base_gwh: tornado["meta"]["tornado"]["sites"][0]["base"]["value"]
            .as_f64()
            .expect("the base case"),
        project_csv,
    }
}

/// The report's folder for the same inputs, with the simulation's and the sizing's settings.
fn report(dir: &Path) -> std::path::PathBuf {
    run(
        dir,
        &[
            "report",
            "--out",
            "{dir}/report",
            "--paths",
            PATHS,
            "--size-paths",
            SIZE_PATHS,
            "--max-engines",
            "3",
            "--tornado-year",
            YEAR,
        ],
    );
    dir.join("report")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of a CSV (everything after the header), for tables the report repeats.
fn body(text: &str) -> Vec<String> {
    text.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn a_changed_plant_gives_the_same_central_numbers_in_every_command() {
    let dir = files(&[("facts.toml", CHANGED_PLANT)]);
    let c = central(dir.path());

    // project: 26.9 MW x 0.80 x 8760 h = 188,515.2 MWh.
    let hand_gwh = 26.9 * 0.80 * 8760.0 / 1000.0;
    assert!(
        (c.project_gwh - hand_gwh).abs() < 1e-9 * hand_gwh,
        "{}",
        c.project_gwh
    );
    // burnt = 188,515.2 MWh x 3600 MJ/MWh / 0.30 / 33.43 MJ/m3 = 67.6692 million m3.
    let hand_burnt = hand_gwh * 1000.0 * 3600.0 / 0.30 / 33.43 / 1e6;
    assert!((c.project_burnt - hand_burnt).abs() < 1e-9 * hand_burnt);

    // simulate: the p50 within 4 Monte Carlo standard errors of project (and far from the
    // 212 GWh that Songzao's availability would give).
    let (p50, se) = c.simulate_p50_gwh;
    assert!(
        (p50 - c.project_gwh).abs() <= 4.0 * se + 1e-9,
        "simulate p50 {p50} (se {se}) against project {}",
        c.project_gwh
    );

    // The tornado's base case is project's year exactly: every input at its median.
    assert!((c.tornado_base_gwh - c.project_gwh).abs() < 1e-9 * c.project_gwh);

    // size: one 2 MW engine always has gas, so its capacity factor is the availability; the
    // mean over 4,000 paths of a pert(0.75, 0.80, 0.85) is 0.80 within 4 x sd / sqrt(n), with
    // sd at most the half-width 0.05: 0.0032.
    let sizing = csv(&c.size_csv);
    let cf = cell(&sizing, ("engines", "1"), "capacity_factor");
    assert!((cf - 0.80).abs() < 4.0 * 0.05 / 4000f64.sqrt(), "{cf}");

    // report: each table is its command's.
    let folder = report(dir.path());
    assert_eq!(
        body(&read(&folder.join("projection.csv"))),
        body(&c.project_csv),
        "projection.csv is project's table"
    );
    assert_eq!(
        body(&read(&folder.join("simulation.csv"))),
        body(&c.simulate_csv),
        "simulation.csv is simulate's table"
    );
    let power = csv(&read(&folder.join("power.csv")));
    assert!((cell(&power, ("year", YEAR), "electricity_gwh") - c.project_gwh).abs() < 1e-9);
    assert_eq!(cell(&power, ("year", YEAR), "electricity_p50_gwh"), p50);
    let report_sizing = csv(&read(&folder.join("sizing.csv")));
    for engines in ["1", "2", "3"] {
        for column in ["capacity_factor", "capacity_factor_p10", "electricity_gwh"] {
            assert_eq!(
                cell(&report_sizing, ("engines", engines), column),
                cell(&sizing, ("engines", engines), column),
                "sizing.csv {engines} engines, {column}"
            );
        }
    }
    let tornado: Value =
        serde_json::from_str(&read(&folder.join("tornado.json"))).expect("tornado.json");
    assert_eq!(
        tornado["meta"]["base"]["value"].as_f64(),
        Some(c.tornado_base_gwh)
    );
}

#[test]
fn lean_gas_burns_nothing_in_any_command() {
    let dir = files(&[("facts.toml", LEAN_GAS)]);
    let c = central(dir.path());
    assert_eq!(c.project_gwh, 0.0);
    assert_eq!(c.project_burnt, 0.0);
    assert_eq!(c.simulate_p50_gwh.0, 0.0);
    let simulation = csv(&c.simulate_csv);
    let p90 = simulation.index("p90").expect("p90");
    assert!(
        simulation
            .rows
            .iter()
            .filter(|r| r[1] == "electricity_gwh" || r[1] == "burnt_mm3")
            .all(|r| r[p90] == "0"),
        "some simulated path burns lean gas"
    );
    assert_eq!(c.tornado_base_gwh, 0.0);
    let sizing = csv(&c.size_csv);
    assert!(
        sizing
            .numbers("electricity_gwh")
            .expect("numbers")
            .iter()
            .all(|&g| g == 0.0)
    );

    // The notes say why nothing is burnt.
    let notes = run(dir.path(), &["project"]);
    assert!(notes.contains("leaner than the engines accept"), "{notes}");

    let folder = report(dir.path());
    assert_eq!(
        body(&read(&folder.join("projection.csv"))),
        body(&c.project_csv)
    );
    let power = csv(&read(&folder.join("power.csv")));
    assert!(
        power
            .numbers("electricity_gwh")
            .expect("numbers")
            .iter()
            .all(|&g| g == 0.0)
    );
    assert_eq!(cell(&power, ("year", YEAR), "electricity_p50_gwh"), 0.0);
}

/// A scenario that gives the efficiency a distribution of its own replaces the site facts'
/// 0.30 with its median, says so, and `project` and `simulate` both use it. The median of
/// triangular(0.33, 0.38, 0.42): the mode holds F = (0.38 - 0.33) / (0.42 - 0.33) = 0.556 of the
/// mass, more than half, so the median is 0.33 + sqrt(0.5 x 0.09 x 0.05) = 0.33 +
/// sqrt(0.00225) = 0.3774342.
#[test]
fn a_scenario_that_replaces_a_site_fact_says_so_and_every_command_uses_it() {
    let scenario = "[inputs]\nefficiency = { distribution = \"triangular\", min = 0.33, mode = 0.38, max = 0.42 }\n";
    let dir = files(&[("facts.toml", CHANGED_PLANT), ("own.toml", scenario)]);
    let json: Value = serde_json::from_str(&run(
        dir.path(),
        &[
            "project",
            "--scenario",
            "{dir}/own.toml",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    let plant = &json["meta"]["projections"][0]["plant"];
    let efficiency = plant
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == "efficiency"))
        .expect("efficiency in meta");
    let median = 0.33 + (0.5f64 * 0.09 * 0.05).sqrt();
    assert!((efficiency["value"].as_f64().expect("value") - median).abs() < 1e-12);
    assert!(
        efficiency["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("scenario \"own\"")),
        "{efficiency}"
    );
    let notes = json["meta"]["notes"].to_string()
        + &run(dir.path(), &["project", "--scenario", "{dir}/own.toml"]);
    assert!(
        notes.contains("scenario \"own\" sets efficiency to triangular(min 0.33, mode 0.38, max 0.42) (median 0.3774), replacing the site facts' 0.3"),
        "{notes}"
    );
    // The burnt gas follows the median efficiency: 188,515.2 MWh x 3600 / 0.3774342 / 33.43.
    let projection = csv(&run(
        dir.path(),
        &["project", "--scenario", "{dir}/own.toml", "--format", "csv"],
    ));
    let hand = 26.9 * 0.80 * 8760.0 * 3600.0 / median / 33.43 / 1e6;
    let burnt = cell(&projection, ("year", YEAR), "burnt_mm3");
    assert!((burnt - hand).abs() < 1e-9 * hand, "{burnt} against {hand}");
    // simulate's p50 of burnt gas sits near it (availability and efficiency both vary: the
    // median of their ratio is the ratio of their medians only approximately, so within 1 %).
    let simulation = csv(&run(
        dir.path(),
        &[
            "simulate",
            "--scenario",
            "{dir}/own.toml",
            "--paths",
            PATHS,
            "--format",
            "csv",
        ],
    ));
    let (p50, _) = simulated(&simulation, "burnt_mm3");
    assert!((p50 - hand).abs() < 0.01 * hand, "{p50} against {hand}");
}

/// The report's economics is `cmmcast economics`'s with the same flags: its cash-flow table
/// byte for byte, and its P(NPV < 0) and NPV percentiles (each with its Monte Carlo error) those
/// of `economics --paths N` with the same seed, in both files that state them. A low tariff and
/// a high discount rate make the plant lose money on part of the paths, so the share compared is
/// neither 0 nor 1.
#[test]
fn the_report_values_the_plant_as_economics_does() {
    const ECONOMICS_PATHS: &str = "3000";
    const SEED: &str = "11";
    let dir = files(&[("facts.toml", CHANGED_PLANT)]);
    let prices = ["--tariff-per-mwh", "350", "--discount-rate", "0.1"];
    let with = |args: &[&str]| -> String {
        let mut all = args.to_vec();
        all.extend(prices);
        run(dir.path(), &all)
    };
    with(&[
        "report",
        "--out",
        "{dir}/report",
        "--paths",
        "2000",
        "--size-paths",
        "200",
        "--max-engines",
        "3",
        "--economics-paths",
        ECONOMICS_PATHS,
        "--seed",
        SEED,
    ]);
    let folder = dir.path().join("report");
    let cash_flows = with(&["economics", "--format", "csv"]);
    assert_eq!(
        read(&folder.join("economics.csv")),
        cash_flows,
        "economics.csv is economics' table"
    );
    let json = |text: &str| -> Value { serde_json::from_str(text).expect("JSON") };
    let command = json(&with(&[
        "economics",
        "--paths",
        ECONOMICS_PATHS,
        "--seed",
        SEED,
        "--format",
        "json",
    ]));
    let expected = &command["meta"]["uncertainty"];
    let p = expected["p_npv_negative"].as_f64().expect("P(NPV < 0)");
    assert!(
        p > 0.05 && p < 0.95,
        "P(NPV < 0) = {p}: pick prices that lose money on some paths"
    );
    assert_eq!(expected["paths"], 3000);
    let table = json(&read(&folder.join("economics.json")));
    let chart = json(&read(&folder.join("npv-distribution.json")));
    for (file, stated) in [
        ("economics.json", &table["meta"]["uncertainty"]),
        ("npv-distribution.json", &chart["meta"]),
    ] {
        for key in ["p_npv_negative", "p_npv_negative_se", "npv"] {
            assert_eq!(stated[key], expected[key], "{file} meta.{key}");
        }
    }
    assert_eq!(
        table["meta"]["npv"], command["meta"]["npv"],
        "the deterministic NPV"
    );

    // The distribution's rows: ranks 1 to 3000 thinned to 500, the share of paths at or below
    // each, the last the highest NPV; the shares below zero stop at P(NPV < 0).
    let ranks = csv(&read(&folder.join("npv-distribution.csv")));
    assert_eq!(ranks.rows.len(), 500);
    let (rank, npv, share) = (
        ranks.index("rank").expect("rank"),
        ranks.index("npv").expect("npv"),
        ranks.index("share_at_or_below").expect("share"),
    );
    let number = |row: &Vec<String>, i: usize| -> f64 { row[i].parse().expect("a number") };
    let last = ranks.rows.last().expect("rows");
    assert_eq!((last[rank].as_str(), number(last, share)), ("3000", 1.0));
    for row in &ranks.rows {
        let expected_share = number(row, rank) / 3000.0;
        assert!((number(row, share) - expected_share).abs() < 1e-12);
        if number(row, npv) < 0.0 {
            assert!(number(row, share) <= p + 1e-12, "{row:?} against {p}");
        } else {
            assert!(number(row, share) > p - 1e-12, "{row:?} against {p}");
        }
    }
}

//! `cmmcast project` from the outside: the Songzao hand numbers end to end (CSV and table), the
//! rows (observed then forecast, with the forecast's bounds), each plant and sizing flag
//! reaching the study, the capacity schedule from flags and from site facts, where every value
//! came from in `meta`, the notes, several sites with their own plants, every kind of refusal,
//! and byte-identical output.
//!
//! The energy arithmetic itself (the gas balance of every row under every kind of setting, the
//! hand formulas of lean gas, parasitic load, the share sent to power and the volume basis, the
//! schedule's output, grid factors and GWP sets, each site's plant, the sizing) is the
//! library's, checked on the study in crates/cmmcast-forecast/tests/projection.rs; here each
//! flag gets one hand value in one row, enough to show it reaches the study.
//!
//! No expected value comes from cmmcast: each is written out as a hand formula from the plant's
//! defaults and the ISO 6976 properties of methane at 20 °C (LHV 33.43 MJ/m3, density
//! 0.6681 kg/m3), or read from the statsmodels fixture
//! crates/cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json.
//!
//! Most tests are one table and one loop; all failing cases are reported together at the end.

mod common;
use common::hand::{CO2_PER_CH4, DENSITY_KG_PER_M3, GWP_AR5, GWP_AR6, HOURS, LHV_MJ_PER_M3};

use std::path::Path;

use common::{
    Catalogue, Csv, PANIC_WORDS, Run, banned_words, calibration_fixture, clean_csv, clean_json,
    close, cmmcast, cmmcast_in, collect, files, finite, missing_phrases, refusal_form_problems,
    report, with_stderr,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The columns and the sites.

/// The full header of a single-site projection at the default levels.
const HEADER: &str = "year,methane_mm3,to_power_mm3,burnt_mm3,surplus_mm3,utilization,\
                      electricity_gwh,capacity_factor,co2e_avoided_kt,kind,methane_lower_80,\
                      methane_upper_80,methane_lower_95,methane_upper_95,demand_mm3,unusable_mm3,\
                      flared_mm3,net_electricity_gwh,capacity_mw,co2e_destruction_kt,co2e_grid_kt,\
                      capacity_needed_mw,engines_needed,additional_mw";

/// Two sites in a long CSV, listed out of name order; Zeta's data ends a year earlier.
const TWO_SITES_CSV: &str = "site,year,coal_kt,methane_mm3\n\
                             Zeta,2012,100,50\nZeta,2013,110,55\nZeta,2014,125,61\nZeta,2015,130,66\n\
                             Alpha,2012,200,80\nAlpha,2013,210,84\nAlpha,2014,230,90\n\
                             Alpha,2015,240,97\nAlpha,2016,260,101\n";

/// Site facts giving each of [`TWO_SITES_CSV`]'s sites its own plant.
const TWO_SITES_FACTS: &str = "[[sites]]\nname = \"Alpha\"\nplant_capacity_mw = 5\n\n\
                               [[sites]]\nname = \"Zeta\"\nplant_capacity_mw = 12\n";

// ---------------------------------------------------------------------------------------------
// Running and reading.

/// `cmmcast project ARGS --format csv` in `dir`: the parsed CSV of a successful run with
/// nothing on standard error, or what went wrong.
fn project_csv(dir: Option<&Path>, args: &[&str]) -> Result<Csv, String> {
    let mut all = vec!["project"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    let run = cmmcast_in(dir, &all, &[]);
    clean_csv(&run)
}

/// `cmmcast project ARGS --format json`, parsed.
fn project_json(dir: Option<&Path>, args: &[&str]) -> Result<Value, String> {
    let mut all = vec!["project"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let run = cmmcast_in(dir, &all, &[]);
    clean_json(&run)
}

/// A column whose fields are numbers or empty (`None`).
fn optional(csv: &Csv, column: &str) -> Result<Vec<Option<f64>>, String> {
    let i = csv.index(column)?;
    csv.rows
        .iter()
        .enumerate()
        .map(|(r, row)| match row[i].as_str() {
            "" => Ok(None),
            field => finite(field)
                .map(Some)
                .map_err(|e| format!("row {}, {column}: {e}", r + 1)),
        })
        .collect()
}

/// A text column.
fn texts(csv: &Csv, column: &str) -> Result<Vec<String>, String> {
    let i = csv.index(column)?;
    Ok(csv.rows.iter().map(|row| row[i].clone()).collect())
}

/// `column[i] ≈ expected[i]` within the relative tolerance, for every row; problems otherwise.
fn compare(column: &str, ours: &[f64], expected: &[f64]) -> Vec<String> {
    if ours.len() != expected.len() {
        return vec![format!(
            "{column}: {} values, expected {}",
            ours.len(),
            expected.len()
        )];
    }
    ours.iter()
        .zip(expected)
        .enumerate()
        .filter(|(_, (a, b))| !close(**a, **b))
        .map(|(i, (a, b))| format!("{column}[{i}]: {a:.15e}, expected {b:.15e}"))
        .collect()
}

/// Collects the `Err` of a check as one problem and goes on.
fn note<T>(problems: &mut Vec<String>, result: Result<T, String>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// A JSON array of numbers from the fixture.
fn reference_numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("a fixture array")
        .iter()
        .map(|x| x.as_f64().expect("a fixture number"))
        .collect()
}

/// Problems with a refusal: exit 2, nothing on stdout, one line on stderr starting `error: `,
/// no panic, and the expected phrases.
fn refusal_problems(run: &Run, expect: &[&str]) -> Vec<String> {
    let mut problems = refusal_form_problems(run);
    problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
    problems.extend(missing_phrases(&run.stderr, expect));
    with_stderr(problems, run)
}

/// The number in `column` of the row for `year`.
fn cell(csv: &Csv, year: i32, column: &str) -> Result<f64, String> {
    let row = csv
        .years()?
        .iter()
        .position(|&y| y == year)
        .ok_or_else(|| format!("no {year} row"))?;
    let field = &csv.rows[row][csv.index(column)?];
    finite(field).map_err(|e| format!("{year}, {column}: {e}"))
}

/// Problems with one row's `column` against a hand value.
fn cell_problems(csv: &Csv, year: i32, column: &str, expected: f64) -> Vec<String> {
    match cell(csv, year, column) {
        Ok(v) if close(v, expected) => Vec::new(),
        Ok(v) => vec![format!(
            "{year} {column}: {v:.15e}, expected {expected:.15e}"
        )],
        Err(e) => vec![e],
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The Songzao hand numbers, end to end.

#[test]
fn the_songzao_hand_numbers_reach_the_csv_and_the_table() {
    let mut problems = Vec::new();
    let Some(csv) = note(&mut problems, project_csv(None, &[])) else {
        panic!("{problems:?}");
    };
    // The 26.9 MW plant at 90 % availability and 38 % efficiency burns
    //   26.9 MW x 0.9 x 8760 h = 212,079.6 MWh a year,
    //   212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60.10 million m3,
    // less than the plan drains in any year (222.94 in 2012 and rising), so the plant runs flat
    // out: 60.10 / 222.94 = 27.0 % in 2012; 60.10 / 304.84 = 19.7 % in 2016. Every column of
    // every row by hand: crates/cmmcast-forecast/tests/projection.rs.
    let burnt_hand: f64 = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let gwh_hand: f64 = 26.9 * 0.9 * 8760.0 / 1000.0;
    assert!((burnt_hand - 60.10).abs() < 0.005, "{burnt_hand}");
    assert!((gwh_hand - 212.08).abs() < 0.005, "{gwh_hand}");
    for (year, column, value) in [
        (2012, "methane_mm3", 222.94),
        (2016, "methane_mm3", 304.84),
        (2012, "burnt_mm3", burnt_hand),
        (2012, "electricity_gwh", gwh_hand),
        // 212,079.6 MWh / (26.9 MW x 8760 h) = the availability.
        (2012, "capacity_factor", 0.9),
        (2012, "utilization", burnt_hand / 222.94),
        (2016, "utilization", burnt_hand / 304.84),
    ] {
        problems.extend(cell_problems(&csv, year, column, value));
    }
    let percent = |u: f64| (u * 1000.0).round() / 10.0;
    match (
        cell(&csv, 2012, "utilization"),
        cell(&csv, 2016, "utilization"),
    ) {
        (Ok(a), Ok(b)) if percent(a) == 27.0 && percent(b) == 19.7 => {}
        other => problems.push(format!(
            "utilization 2012 and 2016 {other:?}; expected 27.0 and 19.7 %"
        )),
    }

    // The table rounds the same numbers for reading.
    let table = cmmcast(&["project"]);
    for printed in ["60.10", "212.08", "0.270", "0.197", "0.900", "26.9"] {
        if !common::tokens(&table.stdout).any(|t| t == printed) {
            problems.push(format!("the table does not show {printed}"));
        }
    }
    assert!(problems.is_empty(), "hand numbers: {problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 2. Rows: observed, then forecast with its bounds.

#[test]
fn rows_are_observed_then_forecast_with_nested_bounds_matching_the_forecast_command() {
    let mut problems = Vec::new();
    let Some(csv) = note(&mut problems, project_csv(None, &[])) else {
        panic!("{problems:?}");
    };
    if csv.header.join(",") != HEADER {
        problems.push(format!("header {:?}", csv.header.join(",")));
    }
    match csv.years() {
        Ok(years) if years == (2012..=2030).collect::<Vec<_>>() => {}
        other => problems.push(format!("years {other:?}, expected 2012..=2030")),
    }
    let kinds = texts(&csv, "kind").unwrap_or_default();
    let expected_kinds: Vec<&str> = (2012..=2030)
        .map(|y| if y <= 2016 { "observed" } else { "forecast" })
        .collect();
    if kinds != expected_kinds {
        problems.push(format!("kind {kinds:?}"));
    }
    let methane = csv.numbers("methane_mm3").unwrap_or_default();
    let bounds: Vec<Vec<Option<f64>>> = [
        "methane_lower_95",
        "methane_lower_80",
        "methane_upper_80",
        "methane_upper_95",
    ]
    .iter()
    .filter_map(|c| note(&mut problems, optional(&csv, c)))
    .collect();
    if bounds.len() == 4 {
        for (r, m) in methane.iter().enumerate() {
            let row: Vec<Option<f64>> = bounds.iter().map(|b| b[r]).collect();
            let observed = r < 5;
            if observed && row.iter().any(Option::is_some) {
                problems.push(format!(
                    "row {}: an observed year has bounds {row:?}",
                    r + 1
                ));
            }
            if !observed {
                match row.as_slice() {
                    [Some(l95), Some(l80), Some(u80), Some(u95)]
                        if l95 <= l80 && l80 <= m && m <= u80 && u80 <= u95 => {}
                    _ => problems.push(format!(
                        "row {}: bounds {row:?} do not nest around {m}",
                        r + 1
                    )),
                }
            }
        }
    }

    // The forecast command gives the same methane forecast and bounds (same default model).
    let forecast_rows: Vec<usize> = (0..kinds.len())
        .filter(|&r| kinds[r] == "forecast")
        .collect();
    let forecast_column = |column: &str| -> Result<Vec<f64>, String> {
        let values = optional(&csv, column)?;
        forecast_rows
            .iter()
            .map(|&r| values[r].ok_or_else(|| format!("row {}: {column} is empty", r + 1)))
            .collect()
    };
    let forecast = cmmcast(&["forecast", "--format", "csv"]);
    match Csv::parse(&forecast.stdout) {
        Ok(f) if forecast.code == Some(0) => {
            for (ours, theirs) in [
                ("methane_mm3", "point"),
                ("methane_lower_80", "lower_80"),
                ("methane_upper_80", "upper_80"),
                ("methane_lower_95", "lower_95"),
                ("methane_upper_95", "upper_95"),
            ] {
                match (forecast_column(ours), f.numbers(theirs)) {
                    (Ok(a), Ok(b)) => problems.extend(compare(ours, &a, &b)),
                    (Err(e), _) | (_, Err(e)) => problems.push(e),
                }
            }
        }
        _ => problems.push(format!("forecast failed: {}", forecast.stderr)),
    }

    // And both agree with the Python reference of the default: the damped trend's calibrated
    // median and bounds (calibration_expected.json, `songzao`).
    let e = calibration_fixture();
    let m = &e["songzao"];
    let references = [
        ("methane_mm3", m["median"].clone()),
        ("methane_lower_80", m["lower_80"].clone()),
        ("methane_upper_80", m["upper_80"].clone()),
        ("methane_lower_95", m["lower_95"].clone()),
        ("methane_upper_95", m["upper_95"].clone()),
    ];
    for (column, reference) in references {
        match forecast_column(column) {
            Ok(ours) => problems.extend(compare(column, &ours, &reference_numbers(&reference))),
            Err(e) => problems.push(e),
        }
    }
    assert!(problems.is_empty(), "rows: {problems:#?}");
}

/// Trend flags and the rows and bound columns they give.
struct HorizonCase {
    name: &'static str,
    args: &'static [&'static str],
    years: std::ops::RangeInclusive<i32>,
    /// The methane bound columns, in order.
    bounds: &'static [&'static str],
}

#[test]
fn horizon_and_levels_follow_the_trend_flags() {
    let cases = [
        HorizonCase {
            name: "--to 2020",
            args: &["--to", "2020"],
            years: 2012..=2020,
            bounds: &[
                "methane_lower_80",
                "methane_upper_80",
                "methane_lower_95",
                "methane_upper_95",
            ],
        },
        HorizonCase {
            name: "--level 90",
            args: &["--level", "90"],
            years: 2012..=2030,
            bounds: &["methane_lower_90", "methane_upper_90"],
        },
        HorizonCase {
            name: "--model rw-drift --to 2018",
            args: &["--model", "rw-drift", "--to", "2018"],
            years: 2012..=2018,
            bounds: &[
                "methane_lower_80",
                "methane_upper_80",
                "methane_lower_95",
                "methane_upper_95",
            ],
        },
        HorizonCase {
            name: "--model damped --to 2018",
            args: &["--model", "damped", "--to", "2018"],
            years: 2012..=2018,
            bounds: &[
                "methane_lower_80",
                "methane_upper_80",
                "methane_lower_95",
                "methane_upper_95",
            ],
        },
        HorizonCase {
            name: "--model linear --to 2017 --level 95,50",
            args: &["--model", "linear", "--to", "2017", "--level", "95,50"],
            years: 2012..=2017,
            bounds: &[
                "methane_lower_95",
                "methane_upper_95",
                "methane_lower_50",
                "methane_upper_50",
            ],
        },
    ];
    let mut failures = Vec::new();
    for HorizonCase {
        name,
        args,
        years,
        bounds,
    } in &cases
    {
        let mut problems = Vec::new();
        if let Some(csv) = note(&mut problems, project_csv(None, args)) {
            match csv.years() {
                Ok(y) if y == years.clone().collect::<Vec<_>>() => {}
                other => problems.push(format!("years {other:?}, expected {years:?}")),
            }
            let listed: Vec<&str> = csv
                .header
                .iter()
                .map(String::as_str)
                .filter(|h| h.starts_with("methane_lower_") || h.starts_with("methane_upper_"))
                .collect();
            if listed != *bounds {
                problems.push(format!("bound columns {listed:?}, expected {bounds:?}"));
            }
        }
        collect(&mut failures, name, problems);
    }
    report("horizon and level cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 3. Each plant and sizing flag reaches the study.

/// One flag (or pair) and the hand value it gives in one row.
struct FlagCase {
    args: &'static [&'static str],
    year: i32,
    column: &'static str,
    expected: f64,
}

/// One hand value per flag: each flag is its own line from the command line to the study's
/// overrides, so each is checked once (a swapped pair would otherwise pass). What each setting
/// does to every row is the library's, checked in crates/cmmcast-forecast/tests/projection.rs;
/// `--add` has its own test below, the trend flags theirs above.
#[test]
fn each_plant_and_sizing_flag_reaches_the_study() {
    // The default plant's gas and output (section 1): 60.10 million m3, 212.08 GWh.
    let burnt_hand: f64 = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let gwh_hand: f64 = 26.9 * 0.9 * 8760.0 / 1000.0;
    let cases = [
        // 212,079.6 MWh x 3600 MJ/MWh / 0.40 / 33.43 MJ/m3 = 57.10 million m3.
        FlagCase {
            args: &["--efficiency", "0.40"],
            year: 2012,
            column: "burnt_mm3",
            expected: 26.9 * 0.9 * 8760.0 * 3600.0 / 0.40 / 33.43 / 1e6,
        },
        // Full availability: 26.9 MW x 8760 h.
        FlagCase {
            args: &["--availability", "1"],
            year: 2012,
            column: "electricity_gwh",
            expected: 26.9 * 8760.0 / 1000.0,
        },
        // A 500 MW plant burns everything (it could take 1117 million m3 a year).
        FlagCase {
            args: &["--capacity-mw", "500"],
            year: 2012,
            column: "burnt_mm3",
            expected: 222.94,
        },
        // A twentieth of 2012's 222.94 million m3.
        FlagCase {
            args: &["--share-to-power", "0.05"],
            year: 2012,
            column: "to_power_mm3",
            expected: 222.94 * 0.05,
        },
        // Net = gross x (1 - 0.05).
        FlagCase {
            args: &["--parasitic-fraction", "0.05"],
            year: 2012,
            column: "net_electricity_gwh",
            expected: gwh_hand * 0.95,
        },
        // 25 % CH4 is below the 30 % the engines accept: all the gas sent to power is unusable.
        FlagCase {
            args: &["--gas-concentration", "0.25", "--min-concentration", "0.30"],
            year: 2012,
            column: "unusable_mm3",
            expected: 222.94,
        },
        // burnt x 0.6681 kt per million m3 x 0.9 x (28 - 44/16).
        FlagCase {
            args: &["--destruction-efficiency", "0.9"],
            year: 2012,
            column: "co2e_destruction_kt",
            expected: burnt_hand * 0.6681 * 0.9 * (28.0 - 2.75),
        },
        // burnt x 0.6681 kt per million m3 x 0.995 x (29.8 - 44/16).
        FlagCase {
            args: &["--gwp", "ar6"],
            year: 2012,
            column: "co2e_destruction_kt",
            expected: burnt_hand * 0.6681 * 0.995 * (GWP_AR6 - CO2_PER_CH4),
        },
        // GWh x 1000 MWh/GWh x 0.8 t/MWh / 1000 t/kt = 212.0796 GWh x 0.8 = 169.66 kt.
        FlagCase {
            args: &["--grid-factor", "0.8"],
            year: 2012,
            column: "co2e_grid_kt",
            expected: gwh_hand * 0.8,
        },
        // Volumes at 0 °C: LHV 35.90 MJ/m3 (ISO 6976), so the same plant burns fewer m3.
        FlagCase {
            args: &["--basis", "0"],
            year: 2012,
            column: "burnt_mm3",
            expected: 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 35.90 / 1e6,
        },
        // All the gas of 2016: 304.84e6 m3 x 33.43 MJ/m3 x 0.38 / 3600 MJ/MWh = 1,075,695 MWh
        // a year; / (0.9 x 8760 h) = 136.44 MW.
        FlagCase {
            args: &["--target-utilization", "1.0"],
            year: 2016,
            column: "capacity_needed_mw",
            expected: 304.84e6 * 33.43 * 0.38 / 3600.0 / (0.9 * 8760.0),
        },
        // 136.44 / 5 = 27.3, so 28 units of 5 MW.
        FlagCase {
            args: &["--target-utilization", "1.0", "--unit-mw", "5"],
            year: 2016,
            column: "engines_needed",
            expected: 28.0,
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let problems = match project_csv(None, case.args) {
            Ok(csv) => cell_problems(&csv, case.year, case.column, case.expected),
            Err(e) => vec![e],
        };
        collect(&mut failures, &case.args.join(" "), problems);
    }
    report("flags", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 4. The capacity schedule and where each value came from: flags, site facts, defaults.

/// Songzao's facts with a `plant` table. A facts file replaces the site's facts, so it repeats
/// the 26.9 MW plant.
fn songzao_facts(plant: &str) -> String {
    format!("[[sites]]\nname = \"Songzao\"\nplant_capacity_mw = 26.9\n\n[sites.plant]\n{plant}\n")
}

#[test]
fn capacity_additions_from_flags_and_from_facts_give_the_same_schedule() {
    let dir = files(&[
        (
            "facts.toml",
            &songzao_facts(
                "capacity_additions = [{ year = 2018, mw = 10 }, { year = 2021, mw = 20 }]",
            ),
        ),
        (
            "facts.json",
            r#"{"sites": [{"name": "Songzao", "plant_capacity_mw": 26.9, "plant": {"capacity_additions": [{"year": 2021, "mw": 20}, {"year": 2018, "mw": 10}]}}]}"#,
        ),
    ]);
    // 26.9 MW through 2017; 26.9 + 10 = 36.9 for 2018-2020; 36.9 + 20 = 56.9 from 2021.
    let schedule: Vec<f64> = (2012..=2030)
        .map(|y| match y {
            ..=2017 => 26.9,
            2018..=2020 => 26.9 + 10.0,
            _ => 26.9 + 10.0 + 20.0,
        })
        .collect();
    // A flag replaces the facts' schedule: 26.9 until 2024, 31.9 from 2025.
    let replaced: Vec<f64> = (2012..=2030)
        .map(|y| if y < 2025 { 26.9 } else { 26.9 + 5.0 })
        .collect();
    let cases: [(&str, &[&str], &[f64]); 5] = [
        ("--add", &["--add", "2018:10,2021:20"], &schedule),
        (
            "--add out of order",
            &["--add", "2021:20,2018:10"],
            &schedule,
        ),
        ("TOML facts", &["--facts", "{dir}/facts.toml"], &schedule),
        ("JSON facts", &["--facts", "{dir}/facts.json"], &schedule),
        (
            "--add over the facts",
            &["--facts", "{dir}/facts.toml", "--add", "2025:5"],
            &replaced,
        ),
    ];
    let mut failures = Vec::new();
    for (name, args, expected) in cases {
        let mut problems = Vec::new();
        if let Some(csv) = note(&mut problems, project_csv(Some(dir.path()), args)) {
            // (The output that follows the schedule, by hand: crates/cmmcast-forecast/tests/
            // projection.rs.)
            if let Some(capacity) = note(&mut problems, csv.numbers("capacity_mw")) {
                problems.extend(compare("capacity_mw", &capacity, expected));
            }
        }
        collect(&mut failures, name, problems);
    }
    report("capacity schedules", cases.len(), failures);
}

/// Where the efficiency and the target share come from, and what they are, as `meta` says.
/// (What they do to the rows, by hand: crates/cmmcast-forecast/tests/projection.rs.)
struct OverrideCase {
    name: &'static str,
    args: &'static [&'static str],
    /// The efficiency and the start of its source.
    efficiency: (f64, &'static str),
    /// The target utilization and the start of its source.
    target: (f64, &'static str),
}

#[test]
fn a_flag_overrides_the_site_facts_which_override_the_defaults_and_meta_says_which() {
    let dir = files(&[(
        "facts.toml",
        &songzao_facts("efficiency = 0.40\ntarget_utilization = 1.0"),
    )]);
    let cases = [
        OverrideCase {
            name: "defaults",
            args: &[],
            efficiency: (0.38, "assumption"),
            target: (0.9, "assumption"),
        },
        OverrideCase {
            name: "facts",
            args: &["--facts", "{dir}/facts.toml"],
            efficiency: (0.40, "site facts"),
            target: (1.0, "site facts"),
        },
        OverrideCase {
            name: "facts and flags",
            args: &[
                "--facts",
                "{dir}/facts.toml",
                "--efficiency",
                "0.35",
                "--target-utilization",
                "0.5",
            ],
            efficiency: (0.35, "given (command line or code)"),
            target: (0.5, "given (command line or code)"),
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let (name, args) = (case.name, case.args);
        let ((efficiency, source), (target, target_source)) = (case.efficiency, case.target);
        let mut problems = Vec::new();
        if let Some(json) = note(&mut problems, project_json(Some(dir.path()), args)) {
            let projection = &json["meta"]["projections"][0];
            let assumption = projection["plant"]
                .as_array()
                .and_then(|a| a.iter().find(|a| a["name"] == "efficiency"))
                .cloned()
                .unwrap_or(Value::Null);
            if assumption["value"].as_f64() != Some(efficiency) {
                problems.push(format!(
                    "efficiency {}, expected {efficiency}",
                    assumption["value"]
                ));
            }
            if !assumption["source"]
                .as_str()
                .is_some_and(|s| s.starts_with(source))
            {
                problems.push(format!(
                    "efficiency source {}, expected {source}",
                    assumption["source"]
                ));
            }
            let sizing = &projection["sizing"]["target_utilization"];
            if sizing["value"].as_f64() != Some(target) {
                problems.push(format!(
                    "target_utilization {}, expected {target}",
                    sizing["value"]
                ));
            }
            if !sizing["source"]
                .as_str()
                .is_some_and(|s| s.starts_with(target_source))
            {
                problems.push(format!(
                    "target_utilization source {}, expected {target_source}",
                    sizing["source"]
                ));
            }
        }
        collect(&mut failures, name, problems);
    }
    report("override cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 5. Avoided emissions: the grid factor's notes and the GWP sets in meta.

#[test]
fn a_grid_factor_fills_the_grid_column_and_without_one_the_notes_say_so() {
    let mut problems = Vec::new();
    // With a factor, every row has a grid credit (its value by hand: section 3, and every row in
    // crates/cmmcast-forecast/tests/projection.rs).
    if let Some(csv) = note(&mut problems, project_csv(None, &["--grid-factor", "0.8"])) {
        match optional(&csv, "co2e_grid_kt") {
            Ok(grid) if !grid.is_empty() && grid.iter().all(Option::is_some) => {}
            other => problems.push(format!("co2e_grid_kt with a factor: {other:?}")),
        }
    }
    let with_factor = cmmcast(&["project", "--grid-factor", "0.8"]);
    if with_factor.stdout.contains("grid displacement") {
        problems.push("with a grid factor, the notes still say grid displacement is out".into());
    }

    // Without a factor: the grid column is empty, nothing on standard error, and the table's
    // notes say what was left out.
    if let Some(csv) = note(&mut problems, project_csv(None, &[])) {
        match optional(&csv, "co2e_grid_kt") {
            Ok(grid) if grid.iter().all(Option::is_none) => {}
            other => problems.push(format!("co2e_grid_kt without a factor: {other:?}")),
        }
    }
    let table = cmmcast(&["project"]);
    if table.code != Some(0) || !table.stderr.is_empty() {
        problems.push(format!(
            "table: exit {:?}, stderr {:?}",
            table.code, table.stderr
        ));
    }
    let notes: String = table
        .stdout
        .lines()
        .take_while(|l| !l.starts_with('┌'))
        .collect::<Vec<_>>()
        .join("\n");
    for phrase in ["--grid-factor", "destruction only", "grid displacement out"] {
        if !notes.contains(phrase) {
            problems.push(format!("the table's notes lack {phrase:?}: {notes:?}"));
        }
    }
    assert!(problems.is_empty(), "grid factor: {problems:#?}");
}

#[test]
fn json_meta_lists_every_plant_assumption_with_value_unit_and_source() {
    let names = [
        "capacity_mw",
        "efficiency",
        "availability",
        "share_to_power",
        "parasitic_fraction",
        "gas_concentration",
        "min_concentration",
        "destruction_efficiency",
        "gwp",
        "grid_factor_t_per_mwh",
        "surplus",
        "flare_efficiency",
        "capacity_additions",
        "volume_basis_temperature_c",
    ];
    let mut problems = Vec::new();
    let json = project_json(None, &[]).expect("the default projection");
    let projection = &json["meta"]["projections"][0];
    if projection["site"] != "Songzao" {
        problems.push(format!("site {}", projection["site"]));
    }
    let plant = projection["plant"].as_array().cloned().unwrap_or_default();
    let listed: Vec<&str> = plant.iter().filter_map(|a| a["name"].as_str()).collect();
    if listed != names {
        problems.push(format!("assumptions {listed:?}, expected {names:?}"));
    }
    for assumption in &plant {
        let name = &assumption["name"];
        let has = |key: &str| {
            assumption[key]
                .as_str()
                .is_some_and(|s| !s.trim().is_empty())
        };
        if !(has("unit") && has("source") && assumption.get("value").is_some()) {
            problems.push(format!(
                "{name}: value, unit or source missing: {assumption}"
            ));
        }
    }
    let value = |name: &str| {
        plant
            .iter()
            .find(|a| a["name"] == name)
            .map(|a| a["value"].clone())
            .unwrap_or(Value::Null)
    };
    for (name, expected) in [
        ("capacity_mw", serde_json::json!(26.9)),
        ("efficiency", serde_json::json!(0.38)),
        ("availability", serde_json::json!(0.9)),
        ("share_to_power", serde_json::json!(1.0)),
        ("parasitic_fraction", serde_json::json!(0.0)),
        ("destruction_efficiency", serde_json::json!(0.995)),
        ("grid_factor_t_per_mwh", Value::Null),
        ("surplus", serde_json::json!("vent")),
        ("flare_efficiency", serde_json::json!(0.9)),
        ("capacity_additions", serde_json::json!([])),
        ("volume_basis_temperature_c", serde_json::json!(20.0)),
    ] {
        if value(name) != expected {
            problems.push(format!("{name} = {}, expected {expected}", value(name)));
        }
    }
    let gwp = value("gwp");
    if gwp["set"] != "ar5" || gwp["ch4"].as_f64() != Some(GWP_AR5) {
        problems.push(format!("gwp {gwp}, expected set ar5 and ch4 28"));
    }
    // The sizing and the constants say where they come from too.
    for key in ["target_utilization", "unit_mw"] {
        let entry = &projection["sizing"][key];
        if !(entry["value"].is_number() && entry["unit"].is_string() && entry["source"].is_string())
        {
            problems.push(format!("sizing {key}: {entry}"));
        }
    }
    let constants = &projection["constants"];
    for (key, expected) in [
        ("lhv_mj_per_m3", LHV_MJ_PER_M3),
        ("density_kg_per_m3", DENSITY_KG_PER_M3),
        ("co2_t_per_t_ch4_burnt", CO2_PER_CH4),
        ("hours_per_year", HOURS),
    ] {
        if constants[key]["value"].as_f64() != Some(expected)
            || !constants[key]["source"].is_string()
        {
            problems.push(format!("constant {key}: {}", constants[key]));
        }
    }
    if !json["meta"]["balance"]
        .as_str()
        .is_some_and(|b| b.contains("burnt_mm3 + surplus_mm3 + unusable_mm3 = methane_mm3"))
    {
        problems.push(format!("balance {}", json["meta"]["balance"]));
    }
    assert!(problems.is_empty(), "plant meta: {problems:#?}");
}

/// `--surplus flare` (and the same from the site facts) flares what is sent to power and not
/// burnt, credits it at the flare efficiency, and changes no power column; `--surplus vent` is
/// the default's output byte for byte. By hand for 2012 (METHODS 8.9): the plant burns
/// 26.9 x 0.9 x 8760 x 3600 / 0.38 / 33.43 / 1e6 = 60.100962 million m3 of the 222.94 drained,
/// so 222.94 − 60.100962 = 162.839038 are flared; the credit is
/// (60.100962 x 0.995 + 162.839038 x 0.90) x 0.6681 x (28 − 2.75) kt CO2e.
#[test]
fn surplus_flare_credits_the_flared_gas_and_vent_changes_nothing() {
    let mut problems = Vec::new();
    let burnt: f64 = 26.9 * 0.9 * HOURS * 3600.0 / 0.38 / LHV_MJ_PER_M3 / 1e6;
    let flared = 222.94 - burnt;
    let credit = |flare_efficiency: f64| {
        (burnt * 0.995 + flared * flare_efficiency) * DENSITY_KG_PER_M3 * (GWP_AR5 - CO2_PER_CH4)
    };
    let dir = files(&[(
        "facts.toml",
        &songzao_facts("surplus = \"flare\"\nflare_efficiency = 0.5"),
    )]);
    let runs = [
        ("flags, enclosed", vec!["--surplus", "flare"], 0.9),
        (
            "flags, open",
            vec!["--surplus", "flare", "--flare-efficiency", "0.5"],
            0.5,
        ),
        ("facts, open", vec!["--facts", "{dir}/facts.toml"], 0.5),
    ];
    for (name, args, efficiency) in runs {
        let Some(csv) = note(&mut problems, project_csv(Some(dir.path()), &args)) else {
            continue;
        };
        for (column, value) in [
            ("burnt_mm3", burnt),
            ("flared_mm3", flared),
            ("surplus_mm3", flared),
            ("co2e_destruction_kt", credit(efficiency)),
            ("co2e_avoided_kt", credit(efficiency)),
            ("electricity_gwh", 26.9 * 0.9 * HOURS / 1000.0),
        ] {
            problems.extend(
                cell_problems(&csv, 2012, column, value)
                    .into_iter()
                    .map(|p| format!("{name}: {p}")),
            );
        }
    }
    // Where the values came from.
    let facts = project_json(Some(dir.path()), &["--facts", "{dir}/facts.toml"]);
    if let Some(json) = note(&mut problems, facts) {
        let plant = json["meta"]["projections"][0]["plant"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (name, value) in [
            ("surplus", serde_json::json!("flare")),
            ("flare_efficiency", serde_json::json!(0.5)),
        ] {
            match plant.iter().find(|a| a["name"] == name) {
                Some(a) if a["value"] == value && a["source"] == "site facts" => {}
                other => problems.push(format!("{name} in meta: {other:?}")),
            }
        }
    }
    // Vent, given or not, is the default output exactly, with nothing flared.
    let default = cmmcast(&["project", "--format", "csv"]);
    let vent = cmmcast(&["project", "--format", "csv", "--surplus", "vent"]);
    if default.stdout != vent.stdout || default.code != Some(0) {
        problems.push("--surplus vent differs from the default".into());
    }
    if let Some(csv) = note(&mut problems, project_csv(None, &[]))
        && csv
            .numbers("flared_mm3")
            .is_ok_and(|f| f.iter().any(|&v| v != 0.0))
    {
        problems.push("the default flares".into());
    }
    // Every command with plant flags takes them.
    for command in [
        vec!["simulate", "--paths", "200"],
        vec!["size", "--paths", "50"],
    ] {
        let mut args = command.clone();
        args.extend(["--surplus", "flare", "--flare-efficiency", "0.5"]);
        let run = cmmcast(&args);
        if run.code != Some(0) {
            problems.push(format!("{args:?}: exit {:?}, {}", run.code, run.stderr));
        }
    }
    assert!(problems.is_empty(), "surplus: {problems:#?}");
}

/// Each GWP set is echoed in `meta` with its CH4 value and as given. (What each does to the
/// destruction credit, by hand: section 3 for AR6, every set and row in
/// crates/cmmcast-forecast/tests/projection.rs.)
#[test]
fn each_gwp_set_is_echoed_in_meta_with_its_value_and_source() {
    let mut failures = Vec::new();
    let cases = [
        ("sar", 21.0),
        ("ar4", 25.0),
        ("ar5", GWP_AR5),
        ("ar6", GWP_AR6),
    ];
    for (set, ch4) in cases {
        let mut problems = Vec::new();
        if let Some(json) = note(&mut problems, project_json(None, &["--gwp", set])) {
            let gwp = json["meta"]["projections"][0]["plant"]
                .as_array()
                .and_then(|a| a.iter().find(|a| a["name"] == "gwp"))
                .cloned()
                .unwrap_or(Value::Null);
            if gwp["value"]["set"] != set || gwp["value"]["ch4"].as_f64() != Some(ch4) {
                problems.push(format!("gwp {gwp}, expected {set} ({ch4})"));
            }
            if !gwp["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("given"))
            {
                problems.push(format!("gwp source {}", gwp["source"]));
            }
        }
        collect(&mut failures, set, problems);
    }
    report("GWP sets", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 6. Several sites, each with its own plant.

#[test]
fn several_sites_each_use_their_own_plant_from_the_facts() {
    let dir = files(&[
        ("mines.csv", TWO_SITES_CSV),
        ("facts.toml", TWO_SITES_FACTS),
    ]);
    let args = ["--input", "{dir}/mines.csv", "--facts", "{dir}/facts.toml"];
    let mut problems = Vec::new();
    let Some(csv) = note(&mut problems, project_csv(Some(dir.path()), &args)) else {
        panic!("{problems:?}");
    };
    if csv.header.first().map(String::as_str) != Some("site") || csv.header[1..].join(",") != HEADER
    {
        problems.push(format!("header {:?}", csv.header));
    }
    let sites = texts(&csv, "site").unwrap_or_default();
    let years = csv.years().unwrap_or_default();
    let keys: Vec<(String, i32)> = sites.iter().cloned().zip(years).collect();
    let expected: Vec<(String, i32)> = (2012..=2030)
        .map(|y| ("Alpha".to_string(), y))
        .chain((2012..=2030).map(|y| ("Zeta".to_string(), y)))
        .collect();
    if keys != expected {
        problems.push(format!(
            "(site, year) {keys:?}, expected Alpha then Zeta, 2012-2030"
        ));
    }
    // Each site runs its own plant from the facts, 5 and 12 MW. (What each burns and makes,
    // by hand: crates/cmmcast-forecast/tests/projection.rs.)
    let plants: Vec<f64> = sites
        .iter()
        .map(|s| if s == "Alpha" { 5.0 } else { 12.0 })
        .collect();
    match csv.numbers("capacity_mw") {
        Ok(ours) => problems.extend(compare("capacity_mw", &ours, &plants)),
        Err(e) => problems.push(e),
    }
    // Observed years: Zeta's data ends in 2015.
    let kinds = texts(&csv, "kind").unwrap_or_default();
    let observed: Vec<(String, i32)> = keys_where(&csv, &kinds, "observed");
    let expected_observed: Vec<(String, i32)> = (2012..=2016)
        .map(|y| ("Alpha".to_string(), y))
        .chain((2012..=2015).map(|y| ("Zeta".to_string(), y)))
        .collect();
    if observed != expected_observed {
        problems.push(format!("observed rows {observed:?}"));
    }

    // JSON: one projection per site, each with its own capacity from the facts.
    if let Some(json) = note(&mut problems, project_json(Some(dir.path()), &args)) {
        let plants: Vec<(Value, Value)> = json["meta"]["projections"]
            .as_array()
            .map(|p| {
                p.iter()
                    .map(|p| {
                        let capacity = p["plant"]
                            .as_array()
                            .and_then(|a| a.iter().find(|a| a["name"] == "capacity_mw"))
                            .map(|a| (a["value"].clone(), a["source"].clone()))
                            .unwrap_or_default();
                        (p["site"].clone(), capacity.0)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want = vec![
            (Value::from("Alpha"), Value::from(5.0)),
            (Value::from("Zeta"), Value::from(12.0)),
        ];
        if plants != want {
            problems.push(format!("projections (site, capacity) {plants:?}"));
        }
    }

    // --site keeps the site column and gives the same rows as the full run.
    let zeta = cmmcast_in(
        Some(dir.path()),
        &[
            "project",
            "--input",
            "{dir}/mines.csv",
            "--facts",
            "{dir}/facts.toml",
            "--site",
            "Zeta",
            "--format",
            "csv",
        ],
        &[],
    );
    let all = cmmcast_in(
        Some(dir.path()),
        &[
            "project",
            "--input",
            "{dir}/mines.csv",
            "--facts",
            "{dir}/facts.toml",
            "--format",
            "csv",
        ],
        &[],
    );
    let zeta_rows: Vec<&str> = zeta.stdout.lines().skip(1).collect();
    let zeta_in_all: Vec<&str> = all
        .stdout
        .lines()
        .filter(|l| l.starts_with("Zeta,"))
        .collect();
    if zeta_rows.is_empty() || zeta_rows != zeta_in_all {
        problems.push("--site Zeta differs from Zeta's rows of the full run".into());
    }
    assert!(problems.is_empty(), "several sites: {problems:#?}");
}

/// The (site, year) of the rows whose kind is `kind`.
fn keys_where(csv: &Csv, kinds: &[String], kind: &str) -> Vec<(String, i32)> {
    let sites = texts(csv, "site").unwrap_or_default();
    let years = csv.years().unwrap_or_default();
    sites
        .into_iter()
        .zip(years)
        .zip(kinds)
        .filter(|(_, k)| *k == kind)
        .map(|(key, _)| key)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 7. Refusals.

/// One bad request: its flags, an optional site-facts file, and what the message must say.
struct BadCase {
    name: &'static str,
    args: &'static [&'static str],
    /// The `[sites.plant]` lines of a Songzao facts file passed with `--facts`, when given.
    plant: Option<&'static str>,
    expect: &'static [&'static str],
}

fn bad_cases() -> Vec<BadCase> {
    let flag = |name, args, expect| BadCase {
        name,
        args,
        plant: None,
        expect,
    };
    let facts = |name, plant, expect| BadCase {
        name,
        args: &[],
        plant: Some(plant),
        expect,
    };
    vec![
        flag(
            "--efficiency 0",
            &["--efficiency", "0"],
            &[
                "efficiency 0 is not allowed",
                "at least 0.01 and at most 0.6",
            ],
        ),
        flag(
            "--efficiency 0.7",
            &["--efficiency", "0.7"],
            &[
                "efficiency 0.7 is not allowed",
                "at least 0.01 and at most 0.6",
            ],
        ),
        flag(
            "--efficiency nan",
            &["--efficiency", "nan"],
            &["efficiency", "at least 0.01 and at most 0.6"],
        ),
        flag(
            "--availability 0",
            &["--availability", "0"],
            &["availability 0 is not allowed", "above 0 and at most 1"],
        ),
        flag(
            "--availability 1.5",
            &["--availability", "1.5"],
            &["availability 1.5 is not allowed", "above 0 and at most 1"],
        ),
        flag(
            "--capacity-mw -5",
            &["--capacity-mw", "-5"],
            &["--capacity-mw -5 is not allowed", "at least 0"],
        ),
        flag(
            "--capacity-mw 10001",
            &["--capacity-mw", "10001"],
            &["--capacity-mw 10001 is not allowed", "at most 10000 MW"],
        ),
        flag(
            "--add past the largest plant",
            &["--add", "2018:9980"],
            &[
                "--capacity-mw and --add make a plant of 10006.9 MW",
                "more than the 10000 MW allowed",
            ],
        ),
        flag(
            "--share-to-power 1.2",
            &["--share-to-power", "1.2"],
            &[
                "--share-to-power 1.2 is not allowed",
                "at least 0 and at most 1",
            ],
        ),
        flag(
            "--share-to-power -0.1",
            &["--share-to-power", "-0.1"],
            &[
                "--share-to-power -0.1 is not allowed",
                "at least 0 and at most 1",
            ],
        ),
        flag(
            "--parasitic-fraction 2",
            &["--parasitic-fraction", "2"],
            &[
                "--parasitic-fraction 2 is not allowed",
                "at least 0 and at most 1",
            ],
        ),
        flag(
            "--gas-concentration 0",
            &["--gas-concentration", "0"],
            &[
                "--gas-concentration 0 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--gas-concentration 1.5",
            &["--gas-concentration", "1.5"],
            &[
                "--gas-concentration 1.5 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--min-concentration 1.2",
            &["--min-concentration", "1.2"],
            &[
                "--min-concentration 1.2 is not allowed",
                "at least 0 and at most 1",
            ],
        ),
        flag(
            "--destruction-efficiency 0",
            &["--destruction-efficiency", "0"],
            &[
                "--destruction-efficiency 0 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--gwp ar9",
            &["--gwp", "ar9"],
            &["'ar9'", "--gwp", "sar, ar4, ar5, ar6"],
        ),
        flag(
            "--surplus burn",
            &["--surplus", "burn"],
            &["'burn'", "--surplus", "vent, flare"],
        ),
        flag(
            "--flare-efficiency 0",
            &["--surplus", "flare", "--flare-efficiency", "0"],
            &[
                "--flare-efficiency 0 is not allowed",
                "above 0 and at most 1",
                "0.50 for an open one",
            ],
        ),
        flag(
            "--flare-efficiency 1.2",
            &["--flare-efficiency", "1.2"],
            &[
                "--flare-efficiency 1.2 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--basis 25",
            &["--basis", "25"],
            &["'25'", "--basis", "0, 15, 20"],
        ),
        flag(
            "--add 2018-10",
            &["--add", "2018-10"],
            &["`2018-10` is not YEAR:MW", "such as --add 2018:10,2021:20"],
        ),
        flag(
            "--add 2018:abc",
            &["--add", "2018:abc"],
            &["`2018:abc` is not YEAR:MW", "such as --add 2018:10,2021:20"],
        ),
        flag(
            "--add with a duplicate year",
            &["--add", "2018:10,2018:5"],
            &["2018 appears twice", "give each year once"],
        ),
        flag(
            "--add 2018:0",
            &["--add", "2018:0"],
            &["0 MW added in 2018 is not above 0"],
        ),
        flag(
            "--add 2018:-5",
            &["--add", "2018:-5"],
            &["-5 MW added in 2018 is not above 0"],
        ),
        flag(
            "--add past the largest number",
            &["--add", "2018:1e308,2019:1e308"],
            &[
                "--capacity-mw and --add make a plant of inf MW",
                "more than the 10000 MW allowed",
            ],
        ),
        flag(
            "--unit-mw 0",
            &["--unit-mw", "0"],
            &["--unit-mw 0 is not allowed", "at least 0.01 MW"],
        ),
        flag(
            "--unit-mw -2",
            &["--unit-mw", "-2"],
            &["--unit-mw -2 is not allowed", "at least 0.01 MW"],
        ),
        flag(
            "--target-utilization 0",
            &["--target-utilization", "0"],
            &[
                "--target-utilization 0 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--target-utilization 1.5",
            &["--target-utilization", "1.5"],
            &[
                "--target-utilization 1.5 is not allowed",
                "above 0 and at most 1",
            ],
        ),
        flag(
            "--grid-factor -1",
            &["--grid-factor", "-1"],
            &["--grid-factor -1 is not allowed", "at least 0"],
        ),
        flag(
            "--grid-factor 1e308",
            &["--grid-factor", "1e308"],
            &["--grid-factor 1e308 is not allowed", "at most 10 t CO2/MWh"],
        ),
        flag(
            "--to 2010",
            &["--to", "2010"],
            &["after the last year of data (2016)", "later --to than 2010"],
        ),
        flag(
            "--level 100",
            &["--level", "100"],
            &["interval level 100 is not between 0 and 100"],
        ),
        flag(
            "--model logistic without --ceiling",
            &["--model", "logistic"],
            &["logistic needs a ceiling", "give it with --ceiling"],
        ),
        flag(
            "unknown flag",
            &["--efficency", "0.4"],
            &["'--efficency'", "did you mean --efficiency"],
        ),
        facts(
            "facts: efficiency 0.9",
            "efficiency = 0.9",
            &[
                "efficiency 0.9 (from the site facts) is not allowed",
                "at least 0.01 and at most 0.6",
            ],
        ),
        facts(
            "facts: gwp ar9",
            "gwp = \"ar9\"",
            &["ar9", "sar (21), ar4 (25), ar5 (28), ar6 (29.8)"],
        ),
        facts(
            "facts: surplus burn",
            "surplus = \"burn\"",
            &[
                "facts.toml",
                "site \"Songzao\"",
                "plant.surplus",
                "`burn`",
                "\"vent\"",
                "\"flare\"",
            ],
        ),
        facts(
            "facts: flare_efficiency 0",
            "surplus = \"flare\"\nflare_efficiency = 0",
            &[
                "flare_efficiency 0 (from the site facts) is not allowed",
                "above 0 and at most 1",
            ],
        ),
        facts(
            "facts: flare_efficiency as text",
            "flare_efficiency = \"open\"",
            &["facts.toml", "plant.flare_efficiency", "not a number"],
        ),
        facts(
            "facts: efficiency as text",
            "efficiency = \"high\"",
            &["facts.toml", "plant.efficiency", "\"high\"", "not a number"],
        ),
        facts(
            "facts: misspelt key",
            "effciency = 0.4",
            &["facts.toml", "effciency", "efficiency"],
        ),
        facts(
            "facts: duplicate addition year",
            "capacity_additions = [{ year = 2018, mw = 10 }, { year = 2018, mw = 5 }]",
            &["2018 appears twice"],
        ),
        facts(
            "facts: negative addition",
            "capacity_additions = [{ year = 2018, mw = -5 }]",
            &["-5 MW added in 2018 is not above 0"],
        ),
        facts(
            "facts: availability as a boolean",
            "availability = true",
            &["facts.toml", "plant.availability", "not a number"],
        ),
        facts(
            "facts: unit_mw 0",
            "unit_mw = 0",
            &[
                "unit_mw 0 (from the site facts) is not allowed",
                "at least 0.01 MW",
            ],
        ),
        facts(
            "facts: target_utilization 2",
            "target_utilization = 2",
            &[
                "target_utilization 2 (from the site facts) is not allowed",
                "at most 1",
            ],
        ),
        facts(
            "facts: grid factor -1",
            "grid_factor_t_per_mwh = -1",
            &[
                "grid_factor_t_per_mwh -1 (from the site facts) is not allowed",
                "at least 0",
            ],
        ),
    ]
}

#[test]
fn every_bad_setting_exits_2_with_one_sentence_saying_what_is_allowed() {
    let cases = bad_cases();
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("every_bad_setting_exits_2_with_one_sentence_saying_what_is_allowed");
    for case in &cases {
        let facts = case.plant.map(songzao_facts);
        let dir = files(
            &facts
                .as_deref()
                .map(|f| vec![("facts.toml", f)])
                .unwrap_or_default(),
        );
        let mut args = vec!["project"];
        args.extend(case.args);
        if facts.is_some() {
            args.extend(["--facts", "{dir}/facts.toml"]);
        }
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        let shown: Vec<(&str, &[u8])> = facts
            .as_deref()
            .map(|f| vec![("facts.toml", f.as_bytes())])
            .unwrap_or_default();
        catalogue.add_with_files(case.name, &run, &shown);
        collect(
            &mut failures,
            case.name,
            refusal_problems(&run, case.expect),
        );
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad settings", cases.len(), failures);
}

#[test]
fn a_bad_plant_among_several_sites_names_its_site() {
    let dir = files(&[
        ("mines.csv", TWO_SITES_CSV),
        (
            "facts.toml",
            &format!("{TWO_SITES_FACTS}\n[sites.plant]\nefficiency = 0.9\n"),
        ),
    ]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "project",
            "--input",
            "{dir}/mines.csv",
            "--facts",
            "{dir}/facts.toml",
        ],
        &[],
    );
    let mut problems = refusal_problems(
        &run,
        &[
            "site \"Zeta\"",
            "efficiency 0.9 (from the site facts) is not allowed",
        ],
    );
    let mut catalogue = Catalogue::new("a_bad_plant_among_several_sites_names_its_site");
    let facts = format!("{TWO_SITES_FACTS}\n[sites.plant]\nefficiency = 0.9\n");
    catalogue.add_with_files(
        "a bad plant in the facts of one of two sites",
        &run,
        &[
            ("mines.csv", TWO_SITES_CSV.as_bytes()),
            ("facts.toml", facts.as_bytes()),
        ],
    );
    problems.extend(catalogue.finish());
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// 8. Determinism.

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let dir = files(&[
        ("mines.csv", TWO_SITES_CSV),
        ("facts.toml", TWO_SITES_FACTS),
    ]);
    let commands: [&[&str]; 4] = [
        &["project", "--format", "csv"],
        &[
            "project",
            "--add",
            "2018:10,2021:20",
            "--grid-factor",
            "0.8",
            "--format",
            "json",
        ],
        &["project"],
        &[
            "project",
            "--input",
            "{dir}/mines.csv",
            "--facts",
            "{dir}/facts.toml",
            "--format",
            "json",
        ],
    ];
    let mut failures = Vec::new();
    for args in commands {
        let runs: Vec<Run> = [None, None, Some("1"), Some("4")]
            .into_iter()
            .map(|threads| {
                let env: Vec<(&str, &str)> = threads
                    .map(|t| vec![("RAYON_NUM_THREADS", t)])
                    .unwrap_or_default();
                cmmcast_in(Some(dir.path()), args, &env)
            })
            .collect();
        let mut problems = Vec::new();
        if runs[0].code != Some(0) || runs[0].stdout.is_empty() {
            problems.push(format!("exit {:?}: {}", runs[0].code, runs[0].stderr));
        }
        for (i, run) in runs.iter().enumerate().skip(1) {
            if run.stdout != runs[0].stdout || run.stderr != runs[0].stderr {
                problems.push(format!("run {i} differs from run 0"));
            }
        }
        collect(&mut failures, &args.join(" "), problems);
    }
    report("determinism checks", commands.len(), failures);
}

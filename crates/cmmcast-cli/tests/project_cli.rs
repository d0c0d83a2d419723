//! `cmmcast project` from the outside: the Songzao hand calculation, the rows (observed then
//! forecast, with the forecast's bounds), the gas balance in every row, the capacity schedule
//! from flags and from site facts, avoided emissions with and without a grid factor, lean gas,
//! parasitic load and the share sent to power, several sites with their own plants, every kind
//! of refusal, and byte-identical output.
//!
//! No expected value comes from cmmcast: each is written out as a hand formula from the plant's
//! defaults and the ISO 6976 properties of methane at 20 °C (LHV 33.43 MJ/m3, density
//! 0.6681 kg/m3), or read from the statsmodels fixture
//! crates/cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json.
//!
//! Most tests are one table and one loop; all failing cases are reported together at the end.

mod common;
use common::hand::{
    AVAILABILITY, CAPACITY_MW, CO2_PER_CH4, DENSITY_KG_PER_M3, DESTRUCTION, EFFICIENCY, GWP_AR5,
    GWP_AR6, HOURS, LHV_MJ_PER_M3,
};

use std::path::Path;

use common::{
    Catalogue, Csv, PANIC_WORDS, Run, banned_words, clean_csv, clean_json, close, cmmcast,
    cmmcast_in, collect, files, finite, fixture, missing_phrases, refusal_form_problems, report,
    with_stderr,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// The hand calculation's inputs.

/// The full header of a single-site projection at the default levels.
const HEADER: &str = "year,methane_mm3,to_power_mm3,burnt_mm3,surplus_mm3,utilization,\
                      electricity_gwh,capacity_factor,co2e_avoided_kt,kind,methane_lower_80,\
                      methane_upper_80,methane_lower_95,methane_upper_95,demand_mm3,unusable_mm3,\
                      net_electricity_gwh,capacity_mw,co2e_destruction_kt,co2e_grid_kt,\
                      capacity_needed_mw,engines_needed,additional_mw";

/// Two sites in a long CSV, listed out of name order; Zeta's data ends a year earlier.
const TWO_SITES_CSV: &str = "site,year,coal_kt,methane_mm3\n\
                             Zeta,2012,100,50\nZeta,2013,110,55\nZeta,2014,125,61\nZeta,2015,130,66\n\
                             Alpha,2012,200,80\nAlpha,2013,210,84\nAlpha,2014,230,90\n\
                             Alpha,2015,240,97\nAlpha,2016,260,101\n";

/// Site facts giving each of [`TWO_SITES_CSV`]'s sites its own plant.
const TWO_SITES_FACTS: &str = "[[sites]]\nname = \"Alpha\"\nplant_capacity_mw = 5\n\n\
                               [[sites]]\nname = \"Zeta\"\nplant_capacity_mw = 12\n";

/// Million m3 a plant of `capacity_mw` burns in a year at full load whenever available:
/// MW x availability x 8760 h = MWh; x 3600 MJ/MWh / efficiency = MJ of fuel; / LHV = m3.
fn full_load_mm3(capacity_mw: f64, availability: f64, efficiency: f64) -> f64 {
    capacity_mw * availability * HOURS * 3600.0 / efficiency / LHV_MJ_PER_M3 / 1e6
}

/// GWh from burning `mm3` million m3: m3 x LHV MJ/m3 x efficiency / 3600 MJ/MWh / 1000.
fn gwh_from_mm3(mm3: f64, efficiency: f64) -> f64 {
    mm3 * 1e6 * LHV_MJ_PER_M3 * efficiency / 3600.0 / 1000.0
}

/// MW it takes to burn `mm3` million m3 a year: the inverse of [`full_load_mm3`].
fn capacity_for_mm3(mm3: f64, availability: f64, efficiency: f64) -> f64 {
    mm3 * 1e6 * LHV_MJ_PER_M3 * efficiency / 3600.0 / (availability * HOURS)
}

/// kt CO2e avoided by destroying `mm3` million m3 burnt: 1 million m3 x density kg/m3 = density
/// kt of CH4; x destruction x (GWP - 44/16).
fn destruction_kt(mm3: f64, gwp: f64) -> f64 {
    mm3 * DENSITY_KG_PER_M3 * DESTRUCTION * (gwp - CO2_PER_CH4)
}

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

/// The methane values of the Songzao plan 2012-2016, from the fixture.
fn songzao_methane() -> Vec<f64> {
    reference_numbers(&fixture()["series"]["methane"]["values"])
}

/// Problems with the gas and power balance of every row: burnt + surplus + unusable =
/// methane, to_power = unusable + what the engines could take, burnt within demand and the
/// usable gas, 0 <= utilization <= 1, gross output within capacity x 8760 h, capacity factor
/// at most 1, net output at most gross.
fn balance_problems(csv: &Csv) -> Vec<String> {
    let mut problems = Vec::new();
    let get = |c: &str| csv.numbers(c);
    let columns = (
        get("methane_mm3"),
        get("to_power_mm3"),
        get("burnt_mm3"),
        get("surplus_mm3"),
        get("unusable_mm3"),
        get("demand_mm3"),
        get("electricity_gwh"),
        get("net_electricity_gwh"),
        get("capacity_mw"),
    );
    let (
        Ok(methane),
        Ok(to_power),
        Ok(burnt),
        Ok(surplus),
        Ok(unusable),
        Ok(demand),
        Ok(gross),
        Ok(net),
        Ok(capacity),
    ) = columns
    else {
        return vec!["a balance column is missing or not numeric".into()];
    };
    let (Some(utilization), Some(factor)) = (
        note(&mut problems, optional(csv, "utilization")),
        note(&mut problems, optional(csv, "capacity_factor")),
    ) else {
        return problems;
    };
    // Rounding allowance for inequalities that hold exactly in real arithmetic.
    let slack = |x: f64| x.abs() * 1e-12;
    for r in 0..csv.rows.len() {
        let mut bad = |ok: bool, what: String| {
            if !ok {
                problems.push(format!("row {}: {what}", r + 1));
            }
        };
        let sum = burnt[r] + surplus[r] + unusable[r];
        bad(
            close(sum, methane[r]) || (sum == 0.0 && methane[r] == 0.0),
            format!(
                "burnt {} + surplus {} + unusable {} = {sum}, methane {}",
                burnt[r], surplus[r], unusable[r], methane[r]
            ),
        );
        bad(
            [burnt[r], surplus[r], unusable[r], to_power[r]]
                .iter()
                .all(|&v| v >= 0.0),
            "a negative volume".into(),
        );
        bad(
            to_power[r] <= methane[r] + slack(methane[r]),
            format!("to_power {} > methane {}", to_power[r], methane[r]),
        );
        bad(
            burnt[r] <= demand[r] + slack(demand[r]),
            format!("burnt {} > demand {}", burnt[r], demand[r]),
        );
        bad(
            burnt[r] + unusable[r] <= to_power[r] + slack(to_power[r]),
            format!(
                "burnt {} + unusable {} > to_power {}",
                burnt[r], unusable[r], to_power[r]
            ),
        );
        match utilization[r] {
            Some(u) => bad(
                (0.0..=1.0).contains(&u)
                    && (close(u * methane[r], burnt[r]) || (u == 0.0 && burnt[r] == 0.0)),
                format!("utilization {u} not in [0, 1] or not burnt / methane"),
            ),
            None => bad(methane[r] == 0.0, "utilization empty with methane".into()),
        }
        let limit = capacity[r] * HOURS;
        bad(
            gross[r] * 1000.0 <= limit + slack(limit),
            format!(
                "electricity {} GWh > capacity {} MW x 8760 h",
                gross[r], capacity[r]
            ),
        );
        match factor[r] {
            Some(f) => bad(
                (0.0..=1.0).contains(&f),
                format!("capacity_factor {f} not in [0, 1]"),
            ),
            None => bad(
                capacity[r] == 0.0,
                "capacity_factor empty with a plant".into(),
            ),
        }
        bad(
            (0.0..=gross[r] + slack(gross[r])).contains(&net[r]),
            format!("net {} not within [0, gross {}]", net[r], gross[r]),
        );
    }
    problems
}

/// Problems with a refusal: exit 2, nothing on stdout, one line on stderr starting `error: `,
/// no panic, and the expected phrases.
fn refusal_problems(run: &Run, expect: &[&str]) -> Vec<String> {
    let mut problems = refusal_form_problems(run);
    problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
    problems.extend(missing_phrases(&run.stderr, expect));
    with_stderr(problems, run)
}

// ---------------------------------------------------------------------------------------------
// 1. The Songzao hand calculation.

#[test]
fn songzao_defaults_match_the_hand_calculation() {
    let mut problems = Vec::new();
    let Some(csv) = note(&mut problems, project_csv(None, &[])) else {
        panic!("{problems:?}");
    };
    // The 26.9 MW plant at 90 % availability and 38 % efficiency burns
    //   26.9 MW x 0.9 x 8760 h = 212,079.6 MWh a year,
    //   212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60.10 million m3,
    // less than the plan drains in any year (222.94 in 2012 and rising), so the plant runs flat
    // out every year, observed and forecast.
    let burnt_hand: f64 = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let gwh_hand: f64 = 26.9 * 0.9 * 8760.0 / 1000.0;
    assert!((burnt_hand - 60.10).abs() < 0.005, "{burnt_hand}");
    assert!((gwh_hand - 212.08).abs() < 0.005, "{gwh_hand}");
    let n = csv.rows.len();
    for (column, value) in [
        ("burnt_mm3", burnt_hand),
        ("demand_mm3", burnt_hand),
        ("electricity_gwh", gwh_hand),
        ("net_electricity_gwh", gwh_hand),
        ("capacity_mw", CAPACITY_MW),
        // 212,079.6 MWh / (26.9 MW x 8760 h) = the availability.
        ("capacity_factor", AVAILABILITY),
        // burnt x 0.6681 kt per million m3 x 0.995 x (28 - 44/16), no grid factor.
        (
            "co2e_destruction_kt",
            burnt_hand * 0.6681 * 0.995 * (28.0 - 2.75),
        ),
        (
            "co2e_avoided_kt",
            burnt_hand * 0.6681 * 0.995 * (28.0 - 2.75),
        ),
        ("unusable_mm3", 0.0),
    ] {
        match csv.numbers(column) {
            Ok(ours) if value == 0.0 => {
                if let Some(v) = ours.iter().find(|&&v| v != 0.0) {
                    problems.push(format!("{column} {v}, expected 0"));
                }
            }
            Ok(ours) => problems.extend(compare(column, &ours, &vec![value; n])),
            Err(e) => problems.push(e),
        }
    }

    // Every year: the observed years carry the plan's methane; all of it is sent to power and
    // what the plant cannot burn is surplus.
    let methane = songzao_methane();
    if let (Ok(ours), Ok(to_power), Ok(surplus), Ok(utilization)) = (
        csv.numbers("methane_mm3"),
        csv.numbers("to_power_mm3"),
        csv.numbers("surplus_mm3"),
        csv.numbers("utilization"),
    ) {
        let observed = methane.len();
        problems.extend(compare("methane_mm3", &ours[..observed], &methane));
        problems.extend(compare("to_power_mm3", &to_power, &ours));
        let left: Vec<f64> = ours.iter().map(|m| m - burnt_hand).collect();
        problems.extend(compare("surplus_mm3", &surplus, &left));
        let share: Vec<f64> = ours.iter().map(|m| burnt_hand / m).collect();
        problems.extend(compare("utilization", &utilization, &share));
        // 60.10 / 222.94 = 27.0 % in 2012; 60.10 / 304.84 = 19.7 % in 2016.
        let percent = |u: f64| (u * 1000.0).round() / 10.0;
        if percent(utilization[0]) != 27.0 || percent(utilization[observed - 1]) != 19.7 {
            problems.push(format!(
                "utilization 2012 {} %, 2016 {} %; expected 27.0 and 19.7",
                percent(utilization[0]),
                percent(utilization[observed - 1])
            ));
        }
        // Capacity to burn the default target, 90 % of the drained methane:
        // 0.9 x methane x 1e6 m3 x 33.43 MJ/m3 x 0.38 / 3600 MJ/MWh / (0.9 x 8760 h).
        let needed: Vec<f64> = ours
            .iter()
            .map(|m| 0.9 * m * 1e6 * 33.43 * 0.38 / 3600.0 / (0.9 * 8760.0))
            .collect();
        if let Ok(column) = csv.numbers("capacity_needed_mw") {
            problems.extend(compare("capacity_needed_mw", &column, &needed));
        }
        if let Ok(column) = csv.numbers("additional_mw") {
            let beyond: Vec<f64> = needed.iter().map(|c| c - CAPACITY_MW).collect();
            problems.extend(compare("additional_mw", &column, &beyond));
        }
        if let Ok(column) = csv.numbers("engines_needed") {
            let engines: Vec<f64> = needed.iter().map(|c| (c / 2.0).ceil()).collect();
            if column != engines {
                problems.push(format!("engines_needed {column:?}, expected {engines:?}"));
            }
        }
    } else {
        problems.push("a volume column is missing".into());
    }

    // The table rounds the same numbers for reading.
    let table = cmmcast(&["project"]);
    for printed in ["60.10", "212.08", "0.270", "0.197", "0.900", "26.9"] {
        if !common::tokens(&table.stdout).any(|t| t == printed) {
            problems.push(format!("the table does not show {printed}"));
        }
    }
    assert!(problems.is_empty(), "hand calculation: {problems:#?}");
}

#[test]
fn sizing_for_all_the_gas_of_2016_takes_136_mw_or_69_engines() {
    // --target-utilization 1.0, 2016: 304.84 million m3 drained,
    //   304.84e6 m3 x 33.43 MJ/m3 x 0.38 / 3600 MJ/MWh = 1,075,695 MWh a year;
    //   / (0.9 x 8760 h) = 136.44 MW; / 2 MW a unit = 68.2, so 69 engines;
    //   136.44 - 26.9 running = 109.54 MW to add.
    let needed: f64 = 304.84e6 * 33.43 * 0.38 / 3600.0 / (0.9 * 8760.0);
    assert!((needed - 136.44).abs() < 0.005, "{needed}");
    let cases: [(&str, &[&str], f64); 3] = [
        ("default unit", &["--target-utilization", "1.0"], 69.0),
        // 136.44 / 5 = 27.3, so 28 units of 5 MW.
        (
            "5 MW units",
            &["--target-utilization", "1.0", "--unit-mw", "5"],
            28.0,
        ),
        // 136.44 / 0.5 = 272.9, so 273 units of 0.5 MW.
        (
            "0.5 MW units",
            &["--target-utilization", "1", "--unit-mw", "0.5"],
            273.0,
        ),
    ];
    let mut failures = Vec::new();
    for (name, args, engines) in cases {
        let mut problems = Vec::new();
        if let Some(csv) = note(&mut problems, project_csv(None, args)) {
            let row = csv
                .years()
                .ok()
                .and_then(|y| y.iter().position(|&y| y == 2016));
            let columns = (
                csv.numbers("capacity_needed_mw"),
                csv.numbers("engines_needed"),
                csv.numbers("additional_mw"),
            );
            match (row, columns) {
                (Some(r), (Ok(mw), Ok(units), Ok(extra))) => {
                    problems.extend(compare("capacity_needed_mw 2016", &mw[r..=r], &[needed]));
                    problems.extend(compare(
                        "additional_mw 2016",
                        &extra[r..=r],
                        &[needed - 26.9],
                    ));
                    if units[r] != engines {
                        problems.push(format!("engines_needed {}, expected {engines}", units[r]));
                    }
                }
                _ => problems.push("no 2016 row or a sizing column missing".into()),
            }
        }
        collect(&mut failures, name, problems);
    }
    report("sizing cases", cases.len(), failures);
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
                ("methane_mm3", "mean"),
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

    // And both agree with statsmodels: auto picks the lower AICc of linear and exponential.
    let e = fixture();
    let m = &e["series"]["methane"];
    let picked = if m["exponential"]["aicc"].as_f64() < m["linear"]["aicc"].as_f64() {
        "exponential"
    } else {
        "linear"
    };
    let mut references = vec![("methane_mm3", m[picked]["point"].clone())];
    for level in ["80", "95"] {
        for side in ["lower", "upper"] {
            references.push((
                match (side, level) {
                    ("lower", "80") => "methane_lower_80",
                    ("upper", "80") => "methane_upper_80",
                    ("lower", _) => "methane_lower_95",
                    _ => "methane_upper_95",
                },
                m[picked]["prediction"][level][side].clone(),
            ));
        }
    }
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
            problems.extend(balance_problems(&csv));
        }
        collect(&mut failures, name, problems);
    }
    report("horizon and level cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 3. The balance in every row, under every kind of setting.

#[test]
fn every_row_balances_whatever_the_settings() {
    let dir = files(&[
        ("mines.csv", TWO_SITES_CSV),
        ("facts.toml", TWO_SITES_FACTS),
    ]);
    let cases: [(&str, &[&str]); 14] = [
        ("defaults", &[]),
        ("additions", &["--add", "2018:10,2021:20"]),
        ("half to power", &["--share-to-power", "0.5"]),
        ("nothing to power", &["--share-to-power", "0"]),
        (
            "gas too lean",
            &["--gas-concentration", "0.25", "--min-concentration", "0.30"],
        ),
        (
            "gas rich enough",
            &["--gas-concentration", "0.45", "--min-concentration", "0.30"],
        ),
        ("full availability", &["--availability", "1"]),
        ("no plant", &["--capacity-mw", "0"]),
        ("a plant larger than the gas", &["--capacity-mw", "500"]),
        ("parasitic load", &["--parasitic-fraction", "0.05"]),
        ("grid factor", &["--grid-factor", "0.8"]),
        ("basis 0 °C", &["--basis", "0", "--efficiency", "0.42"]),
        (
            "low destruction, ar6",
            &["--destruction-efficiency", "0.9", "--gwp", "ar6"],
        ),
        (
            "two sites",
            &["--input", "{dir}/mines.csv", "--facts", "{dir}/facts.toml"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, args) in cases {
        let problems = match project_csv(Some(dir.path()), args) {
            Ok(csv) if csv.rows.is_empty() => vec!["no rows".into()],
            Ok(csv) => balance_problems(&csv),
            Err(e) => vec![e],
        };
        collect(&mut failures, name, problems);
    }
    report("balance cases", cases.len(), failures);
}

/// The balance check must be able to fail.
#[test]
fn the_balance_check_rejects_what_it_should() {
    let good = project_csv(None, &[]).expect("the default projection");
    assert!(balance_problems(&good).is_empty());
    let i = |c: &str| good.index(c).expect("column");
    let broken = |column: &str, value: &str| {
        let mut csv = Csv::parse(&format!(
            "{}\n{}\n",
            good.header.join(","),
            good.rows[0].join(",")
        ))
        .expect("CSV");
        csv.rows[0][i(column)] = value.into();
        balance_problems(&csv)
    };
    for (column, value, expected) in [
        ("surplus_mm3", "1", "burnt"),
        ("utilization", "1.5", "utilization"),
        ("electricity_gwh", "300", "capacity"),
        ("capacity_factor", "1.01", "capacity_factor"),
        ("burnt_mm3", "61", "demand"),
        ("net_electricity_gwh", "213", "net"),
    ] {
        let problems = broken(column, value);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{column} = {value}: {problems:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The capacity schedule, from flags and from site facts.

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
            if let Some(capacity) = note(&mut problems, csv.numbers("capacity_mw")) {
                problems.extend(compare("capacity_mw", &capacity, expected));
                // The plant's output follows: 0.9 x 8760 h x capacity, the gas being plenty.
                if let Some(gwh) = note(&mut problems, csv.numbers("electricity_gwh")) {
                    let hand: Vec<f64> =
                        expected.iter().map(|c| c * 0.9 * 8760.0 / 1000.0).collect();
                    problems.extend(compare("electricity_gwh", &gwh, &hand));
                }
            }
            problems.extend(balance_problems(&csv));
        }
        collect(&mut failures, name, problems);
    }
    report("capacity schedules", cases.len(), failures);
}

/// Where the efficiency and the target share come from, and what they are.
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
            // The rows use the efficiency: burnt = 26.9 MW x 0.9 x 8760 h x 3600 / efficiency
            // / 33.43 MJ/m3, and the sizing its target share of 2012's 222.94 million m3.
            let rows = json["rows"].as_array().cloned().unwrap_or_default();
            let first = rows.first().cloned().unwrap_or(Value::Null);
            let burnt = full_load_mm3(CAPACITY_MW, AVAILABILITY, efficiency);
            let needed = capacity_for_mm3(target * 222.94, AVAILABILITY, efficiency);
            for (key, expected) in [("burnt_mm3", burnt), ("capacity_needed_mw", needed)] {
                match first[key].as_f64() {
                    Some(v) if close(v, expected) => {}
                    other => problems.push(format!("2012 {key} {other:?}, expected {expected}")),
                }
            }
        }
        collect(&mut failures, name, problems);
    }
    report("override cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 5. Avoided emissions: grid factor and GWP sets.

#[test]
fn a_grid_factor_adds_displaced_grid_emissions_and_without_one_the_notes_say_so() {
    let mut problems = Vec::new();
    if let Some(csv) = note(&mut problems, project_csv(None, &["--grid-factor", "0.8"])) {
        let columns = (
            csv.numbers("net_electricity_gwh"),
            csv.numbers("co2e_grid_kt"),
            csv.numbers("co2e_destruction_kt"),
            csv.numbers("co2e_avoided_kt"),
        );
        if let (Ok(net), Ok(grid), Ok(destruction), Ok(avoided)) = columns {
            // GWh x 1000 MWh/GWh x 0.8 t/MWh / 1000 t/kt = GWh x 0.8 kt.
            let hand: Vec<f64> = net.iter().map(|n| n * 0.8).collect();
            problems.extend(compare("co2e_grid_kt", &grid, &hand));
            // 212.0796 GWh x 0.8 = 169.66 kt every year (the plant runs flat out).
            problems.extend(compare(
                "co2e_grid_kt",
                &grid,
                &vec![26.9 * 0.9 * 8760.0 / 1000.0 * 0.8; grid.len()],
            ));
            let sum: Vec<f64> = destruction.iter().zip(&grid).map(|(d, g)| d + g).collect();
            problems.extend(compare("co2e_avoided_kt", &avoided, &sum));
        } else {
            problems.push("an emission column is missing or empty".into());
        }
    }
    let with_factor = cmmcast(&["project", "--grid-factor", "0.8"]);
    if with_factor.stdout.contains("grid displacement") {
        problems.push("with a grid factor, the notes still say grid displacement is out".into());
    }

    // Without a factor: the grid column is empty, the total is destruction alone, nothing on
    // standard error, and the table's notes say what was left out.
    if let Some(csv) = note(&mut problems, project_csv(None, &[])) {
        match optional(&csv, "co2e_grid_kt") {
            Ok(grid) if grid.iter().all(Option::is_none) => {}
            other => problems.push(format!("co2e_grid_kt without a factor: {other:?}")),
        }
        if let (Ok(d), Ok(a)) = (
            csv.numbers("co2e_destruction_kt"),
            csv.numbers("co2e_avoided_kt"),
        ) {
            problems.extend(compare("co2e_avoided_kt", &a, &d));
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

#[test]
fn each_gwp_set_scales_the_destruction_credit_by_gwp_minus_44_over_16() {
    let base = project_csv(None, &[])
        .and_then(|c| c.numbers("co2e_destruction_kt"))
        .expect("the default projection");
    // 2012 by hand: 60.10 million m3 burnt x 0.6681 kt/million m3 x 0.995 x (28 - 2.75).
    let burnt = full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY);
    let mut failures = Vec::new();
    collect(
        &mut failures,
        "ar5 by hand",
        compare(
            "co2e_destruction_kt",
            &base[..1],
            &[destruction_kt(burnt, GWP_AR5)],
        ),
    );
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
        if let Some(csv) = note(&mut problems, project_csv(None, &["--gwp", set]))
            && let Some(ours) = note(&mut problems, csv.numbers("co2e_destruction_kt"))
        {
            // Same methane destroyed, credit per tonne (GWP - 2.75) instead of (28 - 2.75).
            let ratio = (ch4 - CO2_PER_CH4) / (GWP_AR5 - CO2_PER_CH4);
            let scaled: Vec<f64> = base.iter().map(|b| b * ratio).collect();
            problems.extend(compare("co2e_destruction_kt", &ours, &scaled));
        }
        collect(&mut failures, set, problems);
    }
    report("GWP sets", cases.len() + 1, failures);
}

// ---------------------------------------------------------------------------------------------
// 6, 7. Lean gas, parasitic load, the share sent to power, the volume basis.

/// A hand formula: a row's expected value from its methane_mm3.
type Formula = fn(f64) -> f64;

/// One setting and what it does to a column, by hand, for every row.
struct ChainCase {
    name: &'static str,
    args: &'static [&'static str],
    /// (column, expected value from the row's methane), for every row.
    expect: Vec<(&'static str, Formula)>,
}

#[test]
fn settings_change_the_chain_as_the_hand_formulas_say() {
    let full = || full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY);
    let cases = [
        ChainCase {
            // 25 % CH4 is below the 30 % the engines accept: nothing burns, everything sent to
            // power is unusable, no electricity.
            name: "gas too lean",
            args: &["--gas-concentration", "0.25", "--min-concentration", "0.30"],
            expect: vec![
                ("burnt_mm3", |_| 0.0),
                ("unusable_mm3", |m| m),
                ("to_power_mm3", |m| m),
                ("surplus_mm3", |_| 0.0),
                ("electricity_gwh", |_| 0.0),
                ("utilization", |_| 0.0),
                ("co2e_avoided_kt", |_| 0.0),
            ],
        },
        ChainCase {
            name: "gas rich enough",
            args: &["--gas-concentration", "0.45", "--min-concentration", "0.30"],
            expect: vec![("burnt_mm3", |_| {
                full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
            })],
        },
        ChainCase {
            // Net = gross x (1 - 0.05).
            name: "parasitic 5 %",
            args: &["--parasitic-fraction", "0.05"],
            expect: vec![
                ("electricity_gwh", |_| 26.9 * 0.9 * 8760.0 / 1000.0),
                ("net_electricity_gwh", |_| {
                    26.9 * 0.9 * 8760.0 / 1000.0 * 0.95
                }),
            ],
        },
        ChainCase {
            // Half to power: still more than the plant burns (111.47 > 60.10 in 2012).
            name: "half to power",
            args: &["--share-to-power", "0.5"],
            expect: vec![
                ("to_power_mm3", |m| m / 2.0),
                ("burnt_mm3", |_| {
                    full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
                }),
                ("surplus_mm3", |m| {
                    m - full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
                }),
            ],
        },
        ChainCase {
            // A twentieth to power: 11.15 million m3 in 2012 and 46.12 in 2030, always less than
            // the 60.10 the plant could burn, so all of it burns and the plant runs part-time.
            name: "a twentieth to power",
            args: &["--share-to-power", "0.05"],
            expect: vec![
                ("to_power_mm3", |m| m * 0.05),
                ("burnt_mm3", |m| m * 0.05),
                ("surplus_mm3", |m| m * 0.95),
                ("utilization", |_| 0.05),
                ("electricity_gwh", |m| gwh_from_mm3(m * 0.05, EFFICIENCY)),
                ("capacity_factor", |m| {
                    gwh_from_mm3(m * 0.05, EFFICIENCY) * 1000.0 / (26.9 * 8760.0)
                }),
            ],
        },
        ChainCase {
            // Full availability: 26.9 MW x 8760 h.
            name: "availability 1",
            args: &["--availability", "1"],
            expect: vec![
                ("electricity_gwh", |_| 26.9 * 8760.0 / 1000.0),
                ("capacity_factor", |_| 1.0),
            ],
        },
        ChainCase {
            // A 500 MW plant burns everything (it could take 1117 million m3 a year).
            name: "500 MW",
            args: &["--capacity-mw", "500"],
            expect: vec![
                ("burnt_mm3", |m| m),
                ("surplus_mm3", |_| 0.0),
                ("utilization", |_| 1.0),
                ("additional_mw", |_| 0.0),
                ("electricity_gwh", |m| gwh_from_mm3(m, EFFICIENCY)),
            ],
        },
        ChainCase {
            // Volumes at 0 °C: LHV 35.90 MJ/m3, density 0.7174 kg/m3 (ISO 6976), so the same
            // plant burns fewer cubic metres.
            name: "basis 0 °C",
            args: &["--basis", "0"],
            expect: vec![
                ("burnt_mm3", |_| {
                    26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 35.90 / 1e6
                }),
                ("co2e_destruction_kt", |_| {
                    26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 35.90 / 1e6 * 0.7174 * 0.995 * 25.25
                }),
            ],
        },
    ];
    // The default plant burns what the hand formula says (a check of the helper itself).
    assert!(close(
        full(),
        26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6
    ));
    let mut failures = Vec::new();
    for case in &cases {
        let mut problems = Vec::new();
        if let Some(csv) = note(&mut problems, project_csv(None, case.args)) {
            let methane = csv.numbers("methane_mm3").unwrap_or_default();
            for (column, formula) in &case.expect {
                let expected: Vec<f64> = methane.iter().map(|&m| formula(m)).collect();
                match csv.numbers(column) {
                    Ok(ours) if expected.iter().all(|&e| e == 0.0) => {
                        if ours.iter().any(|&v| v != 0.0) {
                            problems.push(format!("{column} {ours:?}, expected 0"));
                        }
                    }
                    Ok(ours) => problems.extend(compare(column, &ours, &expected)),
                    Err(e) => problems.push(e),
                }
            }
            problems.extend(balance_problems(&csv));
        }
        collect(&mut failures, case.name, problems);
    }
    report("chain settings", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 8. Several sites, each with its own plant.

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
    // Alpha's 5 MW burns 5 x 0.9 x 8760 x 3600 / 0.38 / 33.43 / 1e6 = 11.17 million m3 and
    // makes 5 x 0.9 x 8.76 = 39.42 GWh; Zeta's 12 MW burns 26.81 and makes 94.608 GWh. Both
    // sites drain more (at least 50 million m3 a year), so both plants run flat out.
    let hand = |site: &str| match site {
        "Alpha" => (
            5.0,
            full_load_mm3(5.0, 0.9, 0.38),
            5.0 * 0.9 * 8760.0 / 1000.0,
        ),
        _ => (
            12.0,
            full_load_mm3(12.0, 0.9, 0.38),
            12.0 * 0.9 * 8760.0 / 1000.0,
        ),
    };
    let expect = |pick: fn((f64, f64, f64)) -> f64| -> Vec<f64> {
        sites.iter().map(|s| pick(hand(s))).collect()
    };
    for (column, expected) in [
        ("capacity_mw", expect(|h| h.0)),
        ("burnt_mm3", expect(|h| h.1)),
        ("electricity_gwh", expect(|h| h.2)),
    ] {
        match csv.numbers(column) {
            Ok(ours) => problems.extend(compare(column, &ours, &expected)),
            Err(e) => problems.push(e),
        }
    }
    problems.extend(balance_problems(&csv));
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
// 9. Refusals.

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
// 10. Determinism.

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

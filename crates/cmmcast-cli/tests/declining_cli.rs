//! Physics never goes negative: a declining mine whose linear trend runs below zero drains
//! nothing in those years, in every command, and each says which years were floored.
//!
//! The series falls from 120 in 2010 to 47 in 2017. By hand, with x = years since 2010: mean x
//! 3.5, mean y 657 / 8 = 82.125, Σxy = 1859, Sxy = 1859 - 8 x 3.5 x 82.125 = -440.5, Sxx = 42,
//! slope -10.488; the point forecast is 82.125 - 10.488 (x - 3.5): 3.5 in 2021 (x = 11) and
//! -7.0 in 2022, so 2022 to 2040 are floored.

mod common;

use common::{Csv, cmmcast_in, files};

const DECLINING: &str = "year,methane_mm3
2010,120
2011,108
2012,97
2013,88
2014,76
2015,66
2016,55
2017,47
";

/// Runs `cmmcast ARGS` on the declining mine with a 10 MW plant, linear to 2040.
fn run(args: &[&str]) -> (String, String) {
    let dir = files(&[("mine.csv", DECLINING)]);
    let mut all = args.to_vec();
    all.extend([
        "--input",
        "{dir}/mine.csv",
        "--model",
        "linear",
        "--to",
        "2040",
        "--capacity-mw",
        "10",
    ]);
    let run = cmmcast_in(Some(dir.path()), &all, &[]);
    assert_eq!(run.code, Some(0), "{all:?}: {}", run.stderr);
    (run.stdout, run.stderr)
}

/// Every number of every row; text columns are skipped.
fn numbers(csv: &Csv) -> Vec<(String, f64)> {
    csv.rows
        .iter()
        .flat_map(|row| {
            csv.header
                .iter()
                .zip(row)
                .filter_map(|(h, v)| v.parse::<f64>().ok().map(|v| (h.clone(), v)))
        })
        .collect()
}

#[test]
fn project_floors_the_drainage_and_says_which_years() {
    let (out, _) = run(&["project", "--format", "csv"]);
    let csv = Csv::parse(&out).expect("CSV");
    let negative: Vec<_> = numbers(&csv)
        .into_iter()
        .filter(|(_, v)| *v < 0.0)
        .collect();
    assert!(negative.is_empty(), "negative values: {negative:?}");
    // 2022 onwards drains nothing, so burns nothing; utilization is 0 there by convention.
    let years = csv.years().expect("years");
    let methane = csv.numbers("methane_mm3").expect("methane");
    let utilization = csv.numbers("utilization").expect("utilization");
    for ((year, m), u) in years.iter().zip(&methane).zip(&utilization) {
        if *year >= 2022 {
            assert_eq!((*m, *u), (0.0, 0.0), "{year}");
        } else {
            assert!(*m > 0.0, "{year}");
        }
    }
    let (table, _) = run(&["project"]);
    assert!(
        table.contains("the linear forecast falls below zero in 2022 to 2040; drainage there is 0"),
        "{table}"
    );
}

#[test]
fn simulate_size_and_the_tornado_never_go_negative_either() {
    let (out, _) = run(&["simulate", "--paths", "3000", "--format", "csv"]);
    let csv = Csv::parse(&out).expect("CSV");
    let negative: Vec<_> = numbers(&csv)
        .into_iter()
        .filter(|(_, v)| *v < 0.0)
        .collect();
    assert!(negative.is_empty(), "negative values: {negative:?}");
    let (table, _) = run(&["simulate", "--paths", "3000"]);
    assert!(
        table.contains("some paths' drainage falls below zero in"),
        "{table}"
    );

    let (out, _) = run(&[
        "size",
        "--paths",
        "500",
        "--max-engines",
        "5",
        "--format",
        "csv",
    ]);
    let csv = Csv::parse(&out).expect("CSV");
    // Every physical column; the money columns (NPVs) may be negative for a declining mine.
    let money = ["expected_npv", "npv_p10", "npv_p90", "marginal_npv"];
    assert!(
        numbers(&csv)
            .iter()
            .filter(|(column, _)| !money.contains(&column.as_str()))
            .all(|(_, v)| *v >= 0.0)
    );

    let (out, _) = run(&[
        "simulate",
        "--tornado",
        "--tornado-year",
        "2040",
        "--format",
        "csv",
    ]);
    let csv = Csv::parse(&out).expect("CSV");
    for column in ["output_low", "output_high"] {
        assert!(
            csv.numbers(column)
                .expect("outputs")
                .iter()
                .all(|&v| v >= 0.0),
            "{column}"
        );
    }
}

//! Mistakes caught and output that keeps its meaning (issue 15, items 6 and 7): implausible
//! methane per tonne warned about with the likely unit mistake, levels and percentiles given as
//! fractions refused and repeats merged, numbers never hidden by rounding, the point column
//! named for what it holds, notes on standard error for CSV, the recommended engine count in
//! `size`'s CSV, `--columns`, and terminal tables no wider than 120 characters.

mod common;

use common::{
    Catalogue, Csv, cmmcast, cmmcast_in, collect, files, missing_phrases, refusal_form_problems,
    report, with_stderr,
};

/// Songzao's plan with methane in thousand m3 instead of million m3: 222,940 thousand m3 over
/// 6420 thousand t is 222,940e3 m3 / 6,420e3 t = 34,726 m3/t, a thousand times Songzao's 34.7.
const METHANE_IN_THOUSANDS: &str = "year,coal_kt,methane_mm3\n2012,6420,222940\n2013,6850,239870\n\
                                    2014,7350,259240\n2015,7950,282860\n2016,8600,304840\n";

/// Songzao's plan without site facts: no plant capacity.
const NO_FACTS: &str = "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,239.87\n\
                        2014,7350,259.24\n2015,7950,282.86\n2016,8600,304.84\n";

fn ok(run: &common::Run) {
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Item 6: mistakes caught.

#[test]
fn methane_per_tonne_a_thousand_times_too_high_is_warned_about_by_every_command_reading_data() {
    let dir = files(&[("mine.csv", METHANE_IN_THOUSANDS)]);
    let mut failures = Vec::new();
    for command in ["data", "fit", "forecast", "project", "backtest"] {
        let run = cmmcast_in(
            Some(dir.path()),
            &[command, "--input", "{dir}/mine.csv", "--format", "csv"],
            &[],
        );
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}", run.code));
        }
        let warning = run.stderr.lines().find(|l| l.starts_with("warning: "));
        match warning {
            None => problems.push("no `warning: ` line on stderr".into()),
            Some(line) => problems.extend(missing_phrases(
                line,
                &[
                    "mine",
                    "0.5 to 200 m3/t",
                    "IPCC",
                    "thousand m3",
                    "million t",
                ],
            )),
        }
        collect(&mut failures, command, with_stderr(problems, &run));
    }
    report("commands", 5, failures);

    let run = cmmcast_in(
        Some(dir.path()),
        &["data", "--input", "{dir}/mine.csv", "--format", "json"],
        &[],
    );
    ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let warnings = json["meta"]["warnings"].as_array().expect("meta.warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap_or("").contains("thousand m3"));
}

#[test]
fn plausible_data_gives_no_warning() {
    let run = cmmcast(&["data", "--format", "json"]);
    ok(&run);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["meta"]["warnings"], serde_json::json!([]));
}

#[test]
fn a_level_or_percentile_below_1_is_refused_with_the_percentage_meant() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "a level as a fraction",
            &["forecast", "--level", "0.95"],
            &["--level 0.95", "per cent", "did you mean 95?"],
        ),
        (
            "two levels as fractions",
            &["project", "--level", "0.8,0.95"],
            &["--level 0.8,0.95", "did you mean 80,95?"],
        ),
        (
            "one level of two as a fraction",
            &["backtest", "--level", "80,0.95"],
            &["--level 80,0.95", "did you mean 80,95?"],
        ),
        (
            "percentiles as fractions",
            &["simulate", "--percentiles", "0.1,0.5,0.9"],
            &["--percentiles 0.1,0.5,0.9", "did you mean 10,50,90?"],
        ),
        (
            "a report's percentile as a fraction",
            &["report", "--out", "{dir}/r", "--percentiles", "0.05"],
            &["--percentiles 0.05", "did you mean 5?"],
        ),
    ];
    let dir = files(&[]);
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("a_level_or_percentile_below_1_is_refused_with_the_percentage_meant");
    for (name, args, expect) in cases {
        let run = cmmcast_in(Some(dir.path()), args, &[]);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, expect));
        collect(&mut failures, name, with_stderr(problems, &run));
        catalogue.add(name, &run);
    }
    failures.extend(catalogue.finish());
    report("cases", cases.len(), failures);
}

#[test]
fn repeated_levels_and_percentiles_are_merged_with_a_note() {
    let run = cmmcast(&["forecast", "--level", "80,95,80", "--format", "csv"]);
    ok(&run);
    let header = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        header, "year,point,lower_80,upper_80,lower_95,upper_95",
        "{header}"
    );
    assert!(
        run.stderr.contains("--level 80 was given twice"),
        "{}",
        run.stderr
    );

    let run = cmmcast(&[
        "simulate",
        "--paths",
        "200",
        "--percentiles",
        "10,50,50,90",
        "--format",
        "csv",
    ]);
    ok(&run);
    let header = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        header.split(',').filter(|c| *c == "p50").count(),
        1,
        "{header}"
    );
    assert!(
        run.stderr.contains("--percentiles 50 was given twice"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_coal_value_of_4_55_is_shown_as_4_55_not_5() {
    // 4.55 thousand t and 0.16 million m3: 160,000 m3 / 4550 t = 35.2 m3/t, plausible.
    let dir = files(&[(
        "small.csv",
        "year,coal_kt,methane_mm3\n2012,4.55,0.16\n2013,6420,222.94\n",
    )]);
    let run = cmmcast_in(
        Some(dir.path()),
        &["data", "--input", "{dir}/small.csv"],
        &[],
    );
    ok(&run);
    assert!(run.stdout.contains(" 4.55 "), "{}", run.stdout);
    assert!(run.stdout.contains(" 6420 "), "{}", run.stdout);
}

#[test]
fn no_plant_capacity_says_what_to_give_in_every_command_it_empties() {
    let dir = files(&[("mine.csv", NO_FACTS)]);
    let mut failures = Vec::new();
    for command in ["project", "simulate", "economics"] {
        let mut args = vec![command, "--input", "{dir}/mine.csv"];
        if command == "simulate" {
            args.extend(["--paths", "200"]);
        }
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}", run.code));
        }
        problems.extend(missing_phrases(
            &run.stdout,
            &["no plant capacity", "--capacity-mw", "--facts"],
        ));
        if run.stdout.contains("plant 0 MW") {
            problems.push("says `plant 0 MW` as if it were a plant".into());
        }
        collect(&mut failures, command, problems);
    }
    report("commands", 3, failures);
}

#[test]
fn gas_below_the_engines_minimum_says_what_to_give() {
    let run = cmmcast(&[
        "project",
        "--gas-concentration",
        "0.2",
        "--min-concentration",
        "0.3",
    ]);
    ok(&run);
    for phrase in [
        "leaner than the engines accept",
        "--gas-concentration",
        "--min-concentration",
        "nothing is burnt",
    ] {
        assert!(run.stdout.contains(phrase), "{phrase}: {}", run.stdout);
    }
}

#[test]
fn fit_on_ten_years_does_not_say_quadratic_and_gm11_lack_an_aicc() {
    // Ten years of methane rising by 12 + i/3 a year: every model has an AICc.
    let mut csv = String::from("year,coal_kt,methane_mm3\n");
    for i in 0..10 {
        csv.push_str(&format!(
            "{},{},{}\n",
            2010 + i,
            5000 + 300 * i,
            150 + 12 * i + i * i / 3
        ));
    }
    let dir = files(&[("ten.csv", &csv)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &["fit", "--input", "{dir}/ten.csv", "--format", "json"],
        &[],
    );
    ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    for row in json["rows"].as_array().expect("rows") {
        assert!(row["aicc"].is_number(), "{row}");
    }
    let notes = json["meta"]["notes"].to_string();
    assert!(!notes.contains("no AICc"), "{notes}");

    // On the 5 embedded years quadratic and gm11 have none, and the note says so.
    let run = cmmcast(&["fit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let notes = json["meta"]["notes"].to_string();
    assert!(notes.contains("quadratic and gm11 have no AICc"), "{notes}");
}

// ---------------------------------------------------------------------------------------------
// Item 7: output that keeps its meaning.

#[test]
fn the_point_column_is_point_and_meta_says_mean_or_median() {
    let run = cmmcast(&["forecast", "--format", "json"]);
    ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(json["rows"][0]["point"].is_number(), "{}", json["rows"][0]);
    assert!(json["rows"][0].get("mean").is_none());
    assert_eq!(json["meta"]["point_kind"], "median");
    assert!(json["meta"].get("mean_column").is_none());

    let run = cmmcast(&["forecast", "--model", "linear", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["meta"]["point_kind"], "mean");

    let run = cmmcast(&["forecast", "--format", "csv"]);
    assert!(
        run.stdout.starts_with("year,point,lower_80,"),
        "{}",
        run.stdout
    );
}

#[test]
fn csv_output_sends_its_notes_to_standard_error() {
    let cases: &[(&[&str], &str)] = &[
        (&["forecast", "--model", "auto"], "auto picked"),
        (&["fit"], "auto picked"),
        (&["project"], "no grid emission factor given"),
        (
            &["size", "--paths", "200", "--max-engines", "5"],
            "raise --max-engines",
        ),
    ];
    let mut failures = Vec::new();
    for (args, phrase) in cases {
        let mut args = args.to_vec();
        args.extend(["--format", "csv"]);
        let run = cmmcast(&args);
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}", run.code));
        }
        if !run
            .stderr
            .lines()
            .any(|l| l.starts_with("note: ") && l.contains(phrase))
        {
            problems.push(format!("no `note: ` line with {phrase:?} on stderr"));
        }
        if let Err(e) = Csv::parse(&run.stdout) {
            problems.push(format!("stdout is not CSV: {e}"));
        }
        if run.stdout.contains(phrase) {
            problems.push("the note is in the CSV".into());
        }
        collect(&mut failures, &args.join(" "), with_stderr(problems, &run));
    }
    report("cases", cases.len(), failures);
}

#[test]
fn size_csv_marks_the_recommended_count() {
    let run = cmmcast(&[
        "size",
        "--paths",
        "200",
        "--max-engines",
        "12",
        "--rule",
        "capacity-factor",
        "--format",
        "json",
    ]);
    ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rows = json["rows"].as_array().expect("rows");
    let marked: Vec<i64> = rows
        .iter()
        .filter(|r| r["recommended"] == serde_json::json!(true))
        .filter_map(|r| r["engines"].as_i64())
        .collect();
    assert_eq!(marked.len(), 1, "{rows:?}");
    let notes = json["meta"]["notes"].to_string();
    assert!(
        notes.contains(&format!("Recommended: {} engines", marked[0])),
        "{} vs {notes}",
        marked[0]
    );
    let run = cmmcast(&[
        "size",
        "--paths",
        "200",
        "--max-engines",
        "12",
        "--format",
        "csv",
    ]);
    let csv = Csv::parse(&run.stdout).expect("CSV");
    let column = csv.index("recommended").expect("a recommended column");
    let trues = csv.rows.iter().filter(|r| r[column] == "true").count();
    let falses = csv.rows.iter().filter(|r| r[column] == "false").count();
    assert_eq!((trues, falses), (1, csv.rows.len() - 1));
}

#[test]
fn columns_selects_the_columns_in_the_order_given() {
    let run = cmmcast(&[
        "project",
        "--columns",
        "year,electricity_gwh,methane_mm3",
        "--format",
        "csv",
    ]);
    ok(&run);
    assert!(
        run.stdout
            .starts_with("year,electricity_gwh,methane_mm3\n2012,"),
        "{}",
        run.stdout
    );
    let run = cmmcast(&["forecast", "--columns", "upper_95,year", "--format", "json"]);
    ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let keys: Vec<&String> = json["rows"][0].as_object().expect("a row").keys().collect();
    assert_eq!(keys, ["upper_95", "year"]);
}

#[test]
fn an_unknown_column_is_refused_naming_the_columns_there() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "a misspelt column",
            &["project", "--columns", "year,electricity"],
            &[
                "--columns",
                "electricity",
                "electricity_gwh",
                "year, methane_mm3",
            ],
        ),
        (
            "an empty column name",
            &["data", "--columns", "year,,coal_kt"],
            &["--columns", "empty", "year, coal_kt, methane_mm3"],
        ),
        (
            "a column of another command",
            &["forecast", "--columns", "year,mean"],
            &["--columns", "mean", "point"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("an_unknown_column_is_refused_naming_the_columns_there");
    for (name, args, expect) in cases {
        let run = cmmcast(args);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, expect));
        collect(&mut failures, name, with_stderr(problems, &run));
        catalogue.add(name, &run);
    }
    failures.extend(catalogue.finish());
    report("cases", cases.len(), failures);
}

/// The widest line of a terminal table (its box lines), in characters.
fn table_width(stdout: &str) -> usize {
    stdout
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '├', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn every_default_terminal_table_fits_in_120_characters() {
    let commands: &[&[&str]] = &[
        &["data"],
        &["fit"],
        &["forecast"],
        &["project"],
        &["simulate", "--paths", "200"],
        &["simulate", "--paths", "200", "--tornado"],
        &["size", "--paths", "200"],
        &["economics"],
        &["economics", "--tornado"],
        &["backtest"],
        &["backtest", "--reference", "--horizon", "3"],
    ];
    let mut failures = Vec::new();
    for args in commands {
        let run = cmmcast(args);
        let mut problems = Vec::new();
        if run.code != Some(0) {
            problems.push(format!("exit code {:?}: {}", run.code, run.stderr));
        }
        let width = table_width(&run.stdout);
        if width == 0 {
            problems.push("no table".into());
        }
        if width > 120 {
            problems.push(format!("the table is {width} characters wide"));
        }
        collect(&mut failures, &args.join(" "), problems);
    }
    report("commands", commands.len(), failures);
}

#[test]
fn a_narrowed_table_says_how_to_see_every_column() {
    let run = cmmcast(&["project"]);
    ok(&run);
    assert!(
        run.stdout.contains("--columns") && run.stdout.contains("--format csv"),
        "{}",
        run.stdout
    );
    // Every column is still in the CSV.
    let csv = cmmcast(&["project", "--format", "csv"]);
    let header = csv.stdout.lines().next().unwrap_or_default();
    for column in ["methane_lower_95", "co2e_grid_kt", "additional_mw", "kind"] {
        assert!(header.split(',').any(|c| c == column), "{column}: {header}");
    }
}

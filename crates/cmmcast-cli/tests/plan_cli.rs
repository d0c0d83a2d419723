//! A mine's own production plan on the command line: a file with planned coal and no methane
//! for its last years is accepted, every command works from the plan and agrees on its central
//! numbers, and a malformed plan is refused with one sentence (in the catalogue).
//!
//! The expected methane comes from the hand calculation of
//! crates/cmmcast-forecast/tests/plan.rs (docs/METHODS.md, section 6.8): intensity 0.03
//! million m3 per thousand t (30 m3/t) times the planned coal, 1500 kt in 2024 and 3000 kt in
//! 2025, gives 45 and 90 million m3.

mod common;

use common::{
    Catalogue, PANIC_WORDS, banned_words, clean_csv, clean_json, cmmcast_in, collect, files,
    missing_phrases, refusal_form_problems, report, with_stderr,
};

/// Four years of history, a two-year plan with the methane field left empty.
const MINE: &str = "year,coal_kt,methane_mm3\n\
    2020,1000,30\n2021,2000,62\n2022,2000,58\n2023,1000,30\n\
    2024,1500,\n2025,3000,\n";

/// The methane of the planned years by hand: 0.03 x 1500 and 0.03 x 3000.
const PLANNED_MM3: [f64; 2] = [45.0, 90.0];

fn run_on_mine(args: &[&str]) -> (tempfile::TempDir, common::Run) {
    let dir = files(&[("mine.csv", MINE)]);
    let run = cmmcast_in(Some(dir.path()), args, &[]);
    (dir, run)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn forecast_project_economics_and_report_agree_on_the_plan() {
    let (_dir, run) = run_on_mine(&["forecast", "--input", "{dir}/mine.csv", "--format", "csv"]);
    let forecast = clean_csv(&run).expect("forecast CSV");
    assert_eq!(forecast.years().expect("as set up")[..2], [2024, 2025]);
    assert_eq!(forecast.years().expect("as set up").last(), Some(&2030));
    let points = forecast.numbers("point").expect("as set up");
    assert!(
        near(points[0], PLANNED_MM3[0]) && near(points[1], PLANNED_MM3[1]),
        "{points:?}"
    );

    let (_dir, run) = run_on_mine(&["forecast", "--input", "{dir}/mine.csv", "--format", "json"]);
    let json = clean_json(&run).expect("forecast JSON");
    assert_eq!(json["meta"]["model_requested"], "default");
    assert_eq!(json["meta"]["forecasts"][0]["model"], "intensity");
    assert!(
        json["meta"]["forecasts"][0]["selection"]
            .as_str()
            .unwrap_or("")
            .contains("production plan for 2024-2025")
    );

    let (_dir, run) = run_on_mine(&[
        "project",
        "--input",
        "{dir}/mine.csv",
        "--capacity-mw",
        "5",
        "--format",
        "csv",
    ]);
    let project = clean_csv(&run).expect("project CSV");
    let years = project.years().expect("as set up");
    let methane = project.numbers("methane_mm3").expect("as set up");
    let net = project.numbers("net_electricity_gwh").expect("as set up");
    let at = |year: i32| years.iter().position(|&y| y == year).expect("as set up");
    assert!(near(methane[at(2024)], PLANNED_MM3[0]) && near(methane[at(2025)], PLANNED_MM3[1]));

    let (_dir, run) = run_on_mine(&[
        "economics",
        "--input",
        "{dir}/mine.csv",
        "--capacity-mw",
        "5",
        "--format",
        "csv",
    ]);
    let economics = clean_csv(&run).expect("economics CSV");
    let e_years = economics.years().expect("as set up");
    let mwh = economics.numbers("electricity_net_mwh").expect("as set up");
    let i = e_years.iter().position(|&y| y == 2024).expect("as set up");
    assert!(
        (mwh[i] - net[at(2024)] * 1000.0).abs() < 1e-6,
        "{} vs {}",
        mwh[i],
        net[at(2024)]
    );

    let dir = files(&[("mine.csv", MINE)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "report",
            "--input",
            "{dir}/mine.csv",
            "--capacity-mw",
            "5",
            "--out",
            "{dir}/report",
            "--paths",
            "2000",
            "--size-paths",
            "200",
            "--economics-paths",
            "200",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("report/forecast.csv")).expect("as set up");
    let csv = common::Csv::parse(&text).expect("as set up");
    let report_years = csv.years().expect("as set up");
    let j = report_years
        .iter()
        .position(|&y| y == 2024)
        .expect("as set up");
    let column = if csv.index("intensity_mm3").is_ok() {
        "intensity_mm3"
    } else {
        "point"
    };
    assert!(
        near(csv.numbers(column).expect("as set up")[j], PLANNED_MM3[0]),
        "{text}"
    );
}

#[test]
fn simulate_centres_on_the_plan() {
    let (_dir, run) = run_on_mine(&[
        "simulate",
        "--input",
        "{dir}/mine.csv",
        "--to",
        "2025",
        "--paths",
        "20000",
        "--format",
        "csv",
    ]);
    let sim = clean_csv(&run).expect("simulate CSV");
    let q = sim.index("quantity").expect("as set up");
    let p50 = sim.numbers("p50").expect("as set up");
    let se = sim.numbers("se_p50").expect("as set up");
    let years = sim.years().expect("as set up");
    for (k, year) in [2024, 2025].into_iter().enumerate() {
        let i = (0..sim.rows.len())
            .find(|&i| years[i] == year && sim.rows[i][q] == "methane_mm3")
            .expect("as set up");
        assert!(
            (p50[i] - PLANNED_MM3[k]).abs() < 4.0 * se[i] + 0.1,
            "{year}: p50 {} se {}",
            p50[i],
            se[i]
        );
    }
}

/// One bad plan and what its message must say.
struct Case {
    name: &'static str,
    file: &'static str,
    text: &'static str,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a year without methane before later years with methane",
            file: "gap.csv",
            text: "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,\n2022,2000,58\n",
            args: &["data", "--input", "{file}"],
            expect: &[
                "line 3",
                "field methane_mm3",
                "later years",
                "production plan",
            ],
        },
        Case {
            name: "a planned year without coal",
            file: "no-coal.csv",
            text: "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2022,,\n",
            args: &["forecast", "--input", "{file}"],
            expect: &["line 4", "field coal_kt", "planned year", "give it"],
        },
        Case {
            name: "a plan with a year missing",
            file: "holes.csv",
            text: "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2022,1500,\n2024,1500,\n",
            args: &["project", "--input", "{file}"],
            expect: &[
                "line 5",
                "planned year 2024",
                "add the planned coal_kt of 2023",
            ],
        },
        Case {
            name: "a JSON planned row without coal",
            file: "plan.json",
            text: r#"{"sites": [{"name": "A", "rows": [
  {"year": 2020, "coal_kt": 1000, "methane_mm3": 30},
  {"year": 2021, "coal_kt": 2000, "methane_mm3": 62},
  {"year": 2022, "methane_mm3": null}
]}]}
"#,
            args: &["forecast", "--input", "{file}"],
            expect: &["site \"A\", row 3", "field coal_kt", "planned year"],
        },
        Case {
            name: "a TOML plan that does not start the year after the history",
            file: "plan.toml",
            text: r#"[[sites]]
name = "A"
rows = [
  { year = 2020, coal_kt = 1000, methane_mm3 = 30 },
  { year = 2021, coal_kt = 2000, methane_mm3 = 62 },
  { year = 2023, coal_kt = 1500 },
]
"#,
            args: &["simulate", "--input", "{file}"],
            expect: &["site \"A\", row 3", "does not follow on from 2021", "2022"],
        },
    ]
}

#[test]
fn a_malformed_plan_is_refused_with_one_sentence() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("a_malformed_plan_is_refused_with_one_sentence");
    for case in &cases {
        let dir = files(&[(case.file, case.text)]);
        let path = dir.path().join(case.file).display().to_string();
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| a.replace("{file}", &path))
            .collect();
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        let mut problems = refusal_form_problems(&run);
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        if !run.stderr.contains(&path) {
            problems.push(format!("stderr does not name the file {path}"));
        }
        problems.extend(missing_phrases(&run.stderr, case.expect));
        catalogue.add_with_files(case.name, &run, &[(case.file, case.text.as_bytes())]);
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad plans", cases.len(), failures);
}

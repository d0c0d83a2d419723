//! `--closure-year` and the site facts' `closure_year` on the command line: drainage and the
//! plant stop after it in every command, and a bad closure year is refused with one sentence
//! (in the catalogue).

mod common;

use common::{
    Catalogue, PANIC_WORDS, banned_words, clean_csv, clean_json, cmmcast, cmmcast_in, collect,
    files, missing_phrases, refusal_form_problems, report, with_stderr,
};

/// Songzao's data end in 2016; closing after 2019 leaves 2017 to 2019 open.
const CLOSURE: &str = "2019";

#[test]
fn project_and_economics_stop_at_closure() {
    let run = cmmcast(&[
        "project",
        "--closure-year",
        CLOSURE,
        "--to",
        "2022",
        "--format",
        "csv",
    ]);
    let project = clean_csv(&run).expect("project CSV");
    let years = project.years().expect("years");
    let methane = project.numbers("methane_mm3").expect("methane");
    let electricity = project.numbers("electricity_gwh").expect("electricity");
    for (i, &year) in years.iter().enumerate() {
        if year > 2019 {
            assert_eq!((methane[i], electricity[i]), (0.0, 0.0), "{year}");
        } else {
            assert!(methane[i] > 0.0, "{year}");
        }
    }

    let run = cmmcast(&["economics", "--closure-year", CLOSURE, "--format", "csv"]);
    let economics = clean_csv(&run).expect("economics CSV");
    // The investment year, then the operating years 2017 to 2019 and no more.
    assert_eq!(
        economics.years().expect("years"),
        vec![2016, 2017, 2018, 2019]
    );
    let run = cmmcast(&["economics", "--closure-year", CLOSURE, "--format", "json"]);
    let json = clean_json(&run).expect("economics JSON");
    let notes = json["meta"]["notes"].to_string();
    assert!(notes.contains("closes after 2019"), "{notes}");
    assert!(notes.contains("cut from 15 to 3 years"), "{notes}");
}

#[test]
fn simulate_and_size_see_the_closure() {
    let run = cmmcast(&[
        "simulate",
        "--closure-year",
        CLOSURE,
        "--to",
        "2021",
        "--paths",
        "500",
        "--format",
        "csv",
    ]);
    let sim = clean_csv(&run).expect("simulate CSV");
    let years = sim.years().expect("years");
    let p90 = sim.numbers("p90").expect("p90");
    for (i, &year) in years.iter().enumerate() {
        if year > 2019 {
            assert_eq!(p90[i], 0.0, "{year}");
        }
    }
    let run = cmmcast(&[
        "size",
        "--closure-year",
        CLOSURE,
        "--paths",
        "200",
        "--max-engines",
        "3",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("3 years 2017-2019"), "{}", run.stdout);
}

/// One bad closure and what its message must say.
struct Case {
    name: &'static str,
    /// Files written in the case's folder.
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

const MINE: &str = "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2022,2000,58\n\
    2023,1000,30\n2024,1500,\n2025,3000,\n";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a closure year in the data",
            files: &[],
            args: &["forecast", "--closure-year", "2015"],
            expect: &[
                "--closure-year 2015",
                "last year of data (2016)",
                "after 2016",
            ],
        },
        Case {
            name: "a closure year that is not a whole number",
            files: &[],
            args: &["project", "--closure-year", "2020.5"],
            expect: &["--closure-year", "not a whole number"],
        },
        Case {
            name: "a closure year that is not a number",
            files: &[],
            args: &["simulate", "--closure-year", "soon"],
            expect: &["--closure-year", "'soon'"],
        },
        Case {
            name: "a closure year before the production plan ends",
            files: &[("mine.csv", MINE)],
            args: &[
                "economics",
                "--input",
                "{dir}/mine.csv",
                "--closure-year",
                "2024",
            ],
            expect: &["--closure-year 2024", "production plan's last year (2025)"],
        },
        Case {
            name: "a site-facts closure year in the data",
            files: &[
                ("mine.csv", MINE),
                (
                    "facts.toml",
                    "[[sites]]\nname = \"mine\"\nclosure_year = 2019\n",
                ),
            ],
            args: &[
                "size",
                "--input",
                "{dir}/mine.csv",
                "--facts",
                "{dir}/facts.toml",
            ],
            expect: &[
                "facts.toml, site \"mine\", field closure_year",
                "(from the site facts)",
                "after 2023",
            ],
        },
        Case {
            name: "a site-facts closure year that is not a whole year",
            files: &[
                ("mine.csv", MINE),
                (
                    "facts.toml",
                    "[[sites]]\nname = \"mine\"\nclosure_year = 2026.5\n",
                ),
            ],
            args: &[
                "report",
                "--input",
                "{dir}/mine.csv",
                "--facts",
                "{dir}/facts.toml",
                "--out",
                "{dir}/out",
            ],
            expect: &[
                "facts.toml, site \"mine\", field closure_year",
                "not a calendar year",
            ],
        },
        Case {
            name: "a site-facts closure year in quotes",
            files: &[
                ("mine.csv", MINE),
                (
                    "facts.toml",
                    "[[sites]]\nname = \"mine\"\nclosure_year = \"2030\"\n",
                ),
            ],
            args: &[
                "data",
                "--input",
                "{dir}/mine.csv",
                "--facts",
                "{dir}/facts.toml",
            ],
            expect: &["field closure_year", "bare number"],
        },
    ]
}

#[test]
fn a_bad_closure_year_is_refused_with_one_sentence() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("a_bad_closure_year_is_refused_with_one_sentence");
    for case in &cases {
        let dir = files(case.files);
        let run = cmmcast_in(Some(dir.path()), case.args, &[]);
        let mut problems = refusal_form_problems(&run);
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        problems.extend(missing_phrases(&run.stderr, case.expect));
        let shown: Vec<(&str, &[u8])> = case
            .files
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect();
        catalogue.add_with_files(case.name, &run, &shown);
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad closure years", cases.len(), failures);
}

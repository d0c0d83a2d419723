//! Every accepted form of input gives exit code 0 and exactly the expected CSV: the numbers
//! written in the input file, rows sorted by year (and by site), and methane per tonne of coal
//! computed by hand.
//!
//! The CSV cases are one table and one loop; all failing cases are reported together at the
//! end. JSON output and the embedded data's full precision have their own tests below.

mod common;

use common::{Run, cmmcast, collect, files, report};
use serde_json::Value;

/// The CSV header of a single-site dataset.
const HEADER: &str = "year,coal_kt,methane_mm3,intensity_m3_per_t";
/// The CSV header of a dataset with several sites.
const SITE_HEADER: &str = "site,year,coal_kt,methane_mm3,intensity_m3_per_t";

/// Relative tolerance for hand-computed intensities.
const TOLERANCE: f64 = 1e-12;

/// One accepted input and the CSV it must give.
struct Case {
    /// Shown when the case fails.
    name: &'static str,
    /// The input file (name with extension, contents), or `None` for the embedded data.
    file: Option<(&'static str, &'static str)>,
    /// A site-facts file passed with `--facts` (name, contents), if any.
    facts: Option<(&'static str, &'static str)>,
    /// Arguments after `cmmcast data --input FILE --format csv`.
    args: &'static [&'static str],
    /// The expected output, line by line. Every field must match exactly, except that a field
    /// written `≈X` must parse to within [`TOLERANCE`] (relative) of X.
    expected: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "UTF-8 byte-order mark",
            file: Some(("bom.csv", "\u{FEFF}year,coal_kt,methane_mm3\n2012,500,20\n")),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20,≈40", // 20 / 500 * 1000 = 40
            ],
        },
        Case {
            name: "CRLF line endings",
            file: Some((
                "crlf.csv",
                "year,coal_kt,methane_mm3\r\n2012,500,20\r\n2013,800,30\r\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20,≈40",   // 20 / 500 * 1000 = 40
                "2013,800,30,≈37.5", // 30 / 800 * 1000 = 37.5
            ],
        },
        Case {
            name: "spaces around fields",
            file: Some((
                "spaces.csv",
                " year , coal_kt ,  methane_mm3\n  2012 ,  500 , 20  \n2013,\t800\t,30\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20,≈40",   // 20 / 500 * 1000 = 40
                "2013,800,30,≈37.5", // 30 / 800 * 1000 = 37.5
            ],
        },
        Case {
            name: "quoted fields",
            file: Some((
                "quoted.csv",
                "\"year\",\"coal_kt\",\"methane_mm3\"\n\"2012\",\"400\",\"14\"\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,400,14,≈35", // 14 / 400 * 1000 = 35
            ],
        },
        Case {
            name: "trailing blank lines",
            file: Some((
                "blank-lines.csv",
                "year,coal_kt,methane_mm3\n2012,400,14\n\n\n   \n\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,400,14,≈35", // 14 / 400 * 1000 = 35
            ],
        },
        Case {
            name: "rows in shuffled order come out sorted by year",
            file: Some((
                "shuffled.csv",
                "year,coal_kt,methane_mm3\n2014,1000,37\n2012,500,20\n2015,2000,71\n2013,800,30\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20,≈40",    // 20 / 500 * 1000 = 40
                "2013,800,30,≈37.5",  // 30 / 800 * 1000 = 37.5
                "2014,1000,37,≈37",   // 37 / 1000 * 1000 = 37
                "2015,2000,71,≈35.5", // 71 / 2000 * 1000 = 35.5
            ],
        },
        Case {
            name: "columns in another order and case",
            file: Some((
                "reordered.csv",
                "Methane_MM3,YEAR,coal_kt\n24,2013,640\n20,2012,500\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20,≈40",   // 20 / 500 * 1000 = 40
                "2013,640,24,≈37.5", // 24 / 640 * 1000 = 37.5
            ],
        },
        Case {
            name: "methane only: coal and intensity empty",
            file: Some((
                "methane-only.csv",
                "year,methane_mm3\n2013,239.87\n2012,222.94\n",
            )),
            facts: None,
            args: &[],
            expected: &[HEADER, "2012,,222.94,", "2013,,239.87,"],
        },
        Case {
            name: "coal only: methane and intensity empty",
            file: Some(("coal-only.txt", "year,coal_kt\n2012,6420\n2013,6850\n")),
            facts: None,
            args: &[],
            expected: &[HEADER, "2012,6420,,", "2013,6850,,"],
        },
        Case {
            name: "long multi-site CSV: site first, sites sorted by name",
            file: Some(("mines.csv", MINES_CSV)),
            facts: None,
            args: &[],
            expected: &[
                SITE_HEADER,
                "Alpha,2012,250,10,≈40",    // 10 / 250 * 1000 = 40
                "Alpha,2013,400,14,≈35",    // 14 / 400 * 1000 = 35
                "Alpha,2014,1200,45,≈37.5", // 45 / 1200 * 1000 = 37.5
                "Mid,2012,500,20,≈40",      // 20 / 500 * 1000 = 40
                "Mid,2013,800,30,≈37.5",    // 30 / 800 * 1000 = 37.5
                "Mid,2014,1000,37,≈37",     // 37 / 1000 * 1000 = 37
                "Zeta,2012,640,24,≈37.5",   // 24 / 640 * 1000 = 37.5
                "Zeta,2013,2000,71,≈35.5",  // 71 / 2000 * 1000 = 35.5
                "Zeta,2014,6420,222.94,≈34.7258566978193146", // 222.94 / 6420 * 1000
            ],
        },
        Case {
            name: "--site selects one site of a multi-site file",
            file: Some(("mines.csv", MINES_CSV)),
            facts: None,
            args: &["--site", "Mid"],
            expected: &[
                SITE_HEADER,
                "Mid,2012,500,20,≈40",   // 20 / 500 * 1000 = 40
                "Mid,2013,800,30,≈37.5", // 30 / 800 * 1000 = 37.5
                "Mid,2014,1000,37,≈37",  // 37 / 1000 * 1000 = 37
            ],
        },
        Case {
            name: "JSON dataset",
            file: Some((
                "plan.json",
                r#"{"sites": [{"name": "North", "plant_capacity_mw": 4.5, "rows": [
                    {"year": 2013, "coal_kt": 800, "methane_mm3": 30},
                    {"year": 2012, "coal_kt": 500, "methane_mm3": 20.5}
                ]}]}"#,
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20.5,≈41", // 20.5 / 500 * 1000 = 41
                "2013,800,30,≈37.5", // 30 / 800 * 1000 = 37.5
            ],
        },
        Case {
            name: "TOML dataset",
            file: Some((
                "plan.toml",
                "[[sites]]\nname = \"North\"\ndata_kind = \"measured\"\n\
                 volume_basis = { temperature_c = 0, stated_by_source = true }\n\
                 rows = [\n  { year = 2013, methane_mm3 = 30, coal_kt = 800 },\n  \
                 { year = 2012, coal_kt = 500, methane_mm3 = 20.5 },\n]\n",
            )),
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,500,20.5,≈41", // 20.5 / 500 * 1000 = 41
                "2013,800,30,≈37.5", // 30 / 800 * 1000 = 37.5
            ],
        },
        Case {
            name: "CSV with a --facts TOML",
            file: Some(("series.csv", "year,coal_kt,methane_mm3\n2012,400,14\n")),
            facts: Some(("facts.toml", FACTS_TOML)),
            args: &[],
            expected: &[
                HEADER,
                "2012,400,14,≈35", // 14 / 400 * 1000 = 35
            ],
        },
        Case {
            name: "embedded Songzao plan (published table, typed in independently)",
            file: None,
            facts: None,
            args: &[],
            expected: &[
                HEADER,
                "2012,6420,222.94,≈34.7258566978193146", // 222.94 / 6420 * 1000
                "2013,6850,239.87,≈35.0175182481751825", // 239.87 / 6850 * 1000
                "2014,7350,259.24,≈35.2707482993197279", // 259.24 / 7350 * 1000
                "2015,7950,282.86,≈35.5798742138364780", // 282.86 / 7950 * 1000
                "2016,8600,304.84,≈35.4465116279069767", // 304.84 / 8600 * 1000
            ],
        },
    ]
}

/// Three sites in a long CSV, rows and sites mixed up, columns in another order.
const MINES_CSV: &str = "\
year,site,coal_kt,methane_mm3
2013,Zeta,2000,71
2012,Mid,500,20
2014,Alpha,1200,45
2012,Zeta,640,24
2014,Mid,1000,37
2012,Alpha,250,10
2013,Mid,800,30
2014,Zeta,6420,222.94
2013,Alpha,400,14
";

/// Site facts for a single-site CSV; the facts' name replaces the file's stem.
const FACTS_TOML: &str = "[[sites]]\nname = \"North\"\nplant_capacity_mw = 4.5\n";

/// Runs `cmmcast data` on the case's input with `--format`.
fn run(case: &Case, format: &str) -> Run {
    let dir = files(&case.file.into_iter().chain(case.facts).collect::<Vec<_>>());
    let path = |name: &str| dir.path().join(name).display().to_string();
    let mut args = vec!["data".to_string(), "--format".into(), format.into()];
    if let Some((name, _)) = case.file {
        args.extend(["--input".into(), path(name)]);
    }
    if let Some((name, _)) = case.facts {
        args.extend(["--facts".into(), path(name)]);
    }
    args.extend(case.args.iter().map(|a| a.to_string()));
    cmmcast(&args)
}

/// Compares CSV output with the expected lines; returns what differs.
fn compare_csv(actual: &str, expected: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    if !actual.ends_with('\n') {
        problems.push("output does not end with a newline".into());
    }
    let lines: Vec<&str> = actual.lines().collect();
    if lines.len() != expected.len() {
        problems.push(format!(
            "{} lines, expected {}",
            lines.len(),
            expected.len()
        ));
    }
    for (number, (got, want)) in (1..).zip(lines.iter().zip(expected)) {
        let got_fields: Vec<&str> = got.split(',').collect();
        let want_fields: Vec<&str> = want.split(',').collect();
        let same = got_fields.len() == want_fields.len()
            && got_fields
                .iter()
                .zip(&want_fields)
                .all(|(g, w)| match w.strip_prefix('≈') {
                    Some(value) => close(g, value),
                    None => g == w,
                });
        if !same {
            problems.push(format!("line {number}: got {got:?}, expected {want:?}"));
        }
    }
    problems
}

/// Whether `got` parses to within [`TOLERANCE`] (relative) of `want`.
fn close(got: &str, want: &str) -> bool {
    let want: f64 = want
        .parse()
        .expect("the table's expected values are numbers");
    got.parse::<f64>()
        .is_ok_and(|got| (got - want).abs() <= TOLERANCE * want.abs())
}

#[test]
fn every_accepted_input_gives_exactly_the_expected_csv() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let Run {
            code,
            stdout,
            stderr,
            ..
        } = run(case, "csv");
        let mut problems = Vec::new();
        if code != Some(0) {
            problems.push(format!(
                "exit code {code:?}, expected 0; stderr: {stderr:?}"
            ));
        }
        problems.extend(compare_csv(&stdout, case.expected));
        if !problems.is_empty() {
            problems.push(format!("stdout was: {stdout:?}"));
        }
        collect(&mut failures, case.name, problems);
    }
    report("accepted-input cases", cases.len(), failures);
}

/// The comparison itself must be able to fail.
#[test]
fn the_csv_comparison_notices_differences() {
    let expected = [HEADER, "2012,500,20,≈40"];
    assert!(
        compare_csv(
            "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500,20,40\n",
            &expected
        )
        .is_empty()
    );
    for wrong in [
        "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500,20,40.000001\n",
        "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500.0,20,40\n",
        "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500,20,40\n2013,1,1,1000\n",
        "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500,20,\n",
        "year,coal_kt,methane_mm3,intensity_m3_per_t\n2012,500,20,40",
    ] {
        assert!(!compare_csv(wrong, &expected).is_empty(), "{wrong:?}");
    }
}

/// Runs `cmmcast data --format json` on the case and parses the output.
fn json(case: &Case) -> Value {
    let Run {
        code,
        stdout,
        stderr,
        ..
    } = run(case, "json");
    assert_eq!(code, Some(0), "{}: stderr {stderr:?}", case.name);
    serde_json::from_str(&stdout).expect("the output is JSON")
}

fn case_named(name: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.name == name)
        .expect("a case of the table")
}

#[test]
fn methane_only_gives_null_coal_and_intensity_in_json() {
    let out = json(&case_named("methane only: coal and intensity empty"));
    let rows = out["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    for (row, (year, methane)) in rows.iter().zip([(2012, 222.94), (2013, 239.87)]) {
        assert_eq!(row["year"], year);
        assert_eq!(row["methane_mm3"].as_f64(), Some(methane));
        assert!(row["coal_kt"].is_null(), "{row}");
        assert!(row["intensity_m3_per_t"].is_null(), "{row}");
    }
}

#[test]
fn facts_file_sets_the_plant_capacity_in_meta() {
    let out = json(&case_named("CSV with a --facts TOML"));
    let site = &out["meta"]["sites"][0];
    assert_eq!(site["name"], "North");
    assert_eq!(site["plant_capacity_mw"].as_f64(), Some(4.5));
    assert_eq!(out["meta"]["sites"].as_array().map(Vec::len), Some(1));
}

#[test]
fn toml_facts_are_echoed_in_meta() {
    let out = json(&case_named("TOML dataset"));
    let site = &out["meta"]["sites"][0];
    assert_eq!(site["name"], "North");
    assert_eq!(site["data_kind"], "measured");
    assert_eq!(site["volume_basis"]["temperature_c"].as_f64(), Some(0.0));
    assert_eq!(site["volume_basis"]["stated_by_source"], true);
}

#[test]
fn embedded_data_json_has_meta_and_rows() {
    let out = json(&case_named(
        "embedded Songzao plan (published table, typed in independently)",
    ));
    let object = out.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["meta", "rows"]);

    let meta = &out["meta"];
    let site = &meta["sites"][0];
    assert_eq!(site["name"], "Songzao");
    assert_eq!(site["plant_capacity_mw"].as_f64(), Some(26.9));
    assert_eq!(site["volume_basis"]["temperature_c"].as_f64(), Some(20.0));
    assert_eq!(site["data_kind"], "plan");

    let columns: Vec<(&str, &str)> = meta["columns"]
        .as_array()
        .expect("meta.columns")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("a column name"),
                c["unit"].as_str().expect("a unit"),
            )
        })
        .collect();
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        ["year", "coal_kt", "methane_mm3", "intensity_m3_per_t"]
    );
    assert!(columns[1].1.contains("thousand tonnes"), "{columns:?}");
    assert!(columns[2].1.contains("million m3"), "{columns:?}");
    assert!(columns[3].1.contains("per tonne"), "{columns:?}");

    let rows = out["rows"].as_array().expect("rows");
    let years: Vec<i64> = rows.iter().filter_map(|r| r["year"].as_i64()).collect();
    assert_eq!(years, [2012, 2013, 2014, 2015, 2016]);
    assert_eq!(rows[4]["methane_mm3"].as_f64(), Some(304.84));
}

/// CSV carries full precision: each intensity reads back as exactly the `f64` of
/// methane / coal * 1000 on the published numbers.
#[test]
fn embedded_data_csv_intensity_is_full_precision() {
    let Run {
        code,
        stdout,
        stderr,
        ..
    } = run(
        &case_named("embedded Songzao plan (published table, typed in independently)"),
        "csv",
    );
    assert_eq!(code, Some(0), "stderr {stderr:?}");
    // The Songzao plan table as published (coal in thousand t, methane in million m3).
    let published = [
        (6420.0, 222.94),
        (6850.0, 239.87),
        (7350.0, 259.24),
        (7950.0, 282.86),
        (8600.0, 304.84),
    ];
    let intensities: Vec<f64> = stdout
        .lines()
        .skip(1)
        .map(|line| {
            let field = line.rsplit(',').next().expect("a last field");
            field.parse().expect("intensity is a number")
        })
        .collect();
    assert_eq!(intensities.len(), published.len(), "{stdout}");
    for (got, (coal_kt, methane_mm3)) in intensities.iter().zip(published) {
        let want: f64 = methane_mm3 / coal_kt * 1000.0;
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "{got} != {want} ({methane_mm3} / {coal_kt} * 1000)"
        );
    }
}

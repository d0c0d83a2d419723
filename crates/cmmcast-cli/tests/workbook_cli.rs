//! Workbooks and spreadsheet exports as `--input`: an `.xlsx` or `.ods` file (first sheet, or
//! `--sheet NAME`) gives every command what its CSV export gives; a workbook under another name
//! is read as one; the empty columns of a CSV export are dropped; and every refusal names the
//! file, sheet, row and column and says what to do (catalogued in docs/ROBUSTNESS.md).

mod common;

#[path = "../../cmmcast-data/tests/fixtures/workbooks.rs"]
mod workbooks;

use common::{
    Catalogue, PANIC_WORDS, banned_words, cmmcast_in, collect, missing_phrases,
    refusal_form_problems, report, with_stderr,
};
use workbooks::{Cell, Cell::*, Sheet, ods, rows, xlsx};

/// The Songzao plan as a CSV file.
const SONGZAO_CSV: &str = "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,239.87\n\
                           2014,7350,259.24\n2015,7950,282.86\n2016,8600,304.84\n";

/// The same plan as a sheet's rows.
fn songzao_rows() -> Vec<Vec<Cell>> {
    rows(&[
        &[Text("year"), Text("coal_kt"), Text("methane_mm3")],
        &[Number(2012.0), Number(6420.0), Number(222.94)],
        &[Number(2013.0), Number(6850.0), Number(239.87)],
        &[Number(2014.0), Number(7350.0), Number(259.24)],
        &[Number(2015.0), Number(7950.0), Number(282.86)],
        &[Number(2016.0), Number(8600.0), Number(304.84)],
    ])
}

/// A workbook with a notes sheet first and the plan second.
fn two_sheets() -> Vec<Sheet> {
    vec![
        (
            "Notes",
            rows(&[&[Text("Songzao plan, from the article's Table 1")]]),
        ),
        ("Plan", songzao_rows()),
    ]
}

/// A temporary directory holding the given files.
fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write an input file");
    }
    dir
}

/// Standard output of `cmmcast ARGS` in `dir`, which must succeed.
fn output(dir: &tempfile::TempDir, args: &[&str]) -> String {
    let run = cmmcast_in(Some(dir.path()), args, &[]);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn a_workbook_gives_every_command_what_its_csv_export_gives() {
    let xlsx = xlsx(&two_sheets());
    let ods = ods(&two_sheets());
    let dir = dir_with(&[
        ("plan.csv", SONGZAO_CSV.as_bytes()),
        ("plan.xlsx", &xlsx),
        ("plan.ods", &ods),
        // A workbook saved under a CSV name is read as the workbook it is.
        ("renamed.csv", &xlsx),
        // A spreadsheet's CSV export with its empty columns and rows.
        (
            "export.csv",
            b"year,coal_kt,methane_mm3,,\n2012,6420,222.94,,\n2013,6850,239.87,,\n\
              2014,7350,259.24,,\n2015,7950,282.86,,\n2016,8600,304.84,,\n,,,,\n",
        ),
    ]);
    for command in [
        &["data", "--format", "csv"][..],
        &["forecast", "--format", "csv"],
        &["project", "--capacity-mw", "26.9", "--format", "csv"],
    ] {
        let with = |file: &str, sheet: bool| {
            let mut args = command.to_vec();
            let path = format!("{{dir}}/{file}");
            args.extend(["--input", path.as_str()]);
            if sheet {
                args.extend(["--sheet", "Plan"]);
            }
            output(&dir, &args)
        };
        let expected = with("plan.csv", false);
        assert_eq!(with("plan.xlsx", true), expected, "{command:?} xlsx");
        assert_eq!(with("plan.ods", true), expected, "{command:?} ods");
        assert_eq!(with("renamed.csv", true), expected, "{command:?} renamed");
        assert_eq!(with("export.csv", false), expected, "{command:?} export");
    }
    // Without --sheet the first sheet is read: here the notes, which are no table.
    let run = cmmcast_in(
        Some(dir.path()),
        &["data", "--input", "{dir}/plan.xlsx"],
        &[],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("sheet \"Notes\""), "{}", run.stderr);
}

/// One refusal: the files in its directory, the command line (`{dir}` the directory) and what
/// the message must say besides the file's name.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let bad_cell = rows(&[
        &[Text("year"), Text("coal_kt"), Text("methane_mm3")],
        &[Number(2012.0), Number(6420.0), Number(222.94)],
        &[Number(2013.0), Text("lots"), Number(239.87)],
    ]);
    let unnamed = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Number(2012.0), Number(6420.0), Empty, Number(7.0)],
    ]);
    let date_year = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Date(1905, 7, 4), Number(6420.0)],
    ]);
    let unsaved = rows(&[
        &[Text("year"), Text("coal_kt"), Text("methane_mm3")],
        &[Number(2012.0), Number(6420.0), Formula("B2*0.035", None)],
    ]);
    vec![
        Case {
            name: "a sheet the workbook does not have",
            files: vec![("plan.xlsx", xlsx(&two_sheets()))],
            args: &["data", "--input", "{dir}/plan.xlsx", "--sheet", "Plna"],
            expect: &[
                "no sheet \"Plna\"",
                "did you mean Plan?",
                "--sheet: Notes, Plan",
            ],
        },
        Case {
            name: "a word in a number cell (xlsx)",
            files: vec![("plan.xlsx", xlsx(&[("Plan", bad_cell.clone())]))],
            args: &["data", "--input", "{dir}/plan.xlsx"],
            expect: &[
                "sheet \"Plan\", row 3, column B, field coal_kt",
                "`lots` is not a number",
            ],
        },
        Case {
            name: "a word in a number cell (ods)",
            files: vec![("plan.ods", ods(&[("Plan", bad_cell)]))],
            args: &["data", "--input", "{dir}/plan.ods"],
            expect: &[
                "sheet \"Plan\", row 3, column B, field coal_kt",
                "`lots` is not a number",
            ],
        },
        Case {
            name: "a value in a column without a name (xlsx)",
            files: vec![("plan.xlsx", xlsx(&[("Plan", unnamed)]))],
            args: &["data", "--input", "{dir}/plan.xlsx"],
            expect: &[
                "sheet \"Plan\", row 2, column D",
                "no name in the header but holds `7`",
                "name it in the header",
            ],
        },
        Case {
            name: "a value in a column without a name (CSV export)",
            files: vec![(
                "plan.csv",
                b"year,coal_kt,,\n2012,6420,,\n2013,6850,,7\n".to_vec(),
            )],
            args: &["data", "--input", "{dir}/plan.csv"],
            expect: &[
                "line 3, column 4",
                "no name in the header but holds `7`",
                "name it in the header",
            ],
        },
        Case {
            name: "a year typed into a date cell",
            files: vec![("plan.xlsx", xlsx(&[("Plan", date_year)]))],
            args: &["data", "--input", "{dir}/plan.xlsx"],
            expect: &[
                "row 2, column A",
                "the date 1905-07-04",
                "the number 2012",
                "format the year column as numbers",
            ],
        },
        Case {
            name: "a formula saved without its result",
            files: vec![("plan.xlsx", xlsx(&[("Plan", unsaved)]))],
            args: &["data", "--input", "{dir}/plan.xlsx"],
            expect: &[
                "row 2, column C",
                "the formula `B2*0.035` but no value",
                "save it",
            ],
        },
        Case {
            name: "an empty sheet",
            files: vec![("plan.ods", ods(&[("Plan", rows(&[]))]))],
            args: &["data", "--input", "{dir}/plan.ods"],
            expect: &["sheet \"Plan\" is empty", "give a header line"],
        },
        Case {
            name: "CSV text named .xlsx",
            files: vec![("plan.xlsx", SONGZAO_CSV.as_bytes().to_vec())],
            args: &["data", "--input", "{dir}/plan.xlsx"],
            expect: &[
                "named as a workbook but does not hold one",
                "rename it to .csv",
            ],
        },
        Case {
            name: "--sheet with a CSV file",
            files: vec![("plan.csv", SONGZAO_CSV.as_bytes().to_vec())],
            args: &["forecast", "--input", "{dir}/plan.csv", "--sheet", "Plan"],
            expect: &["is not a workbook", "leave out --sheet"],
        },
        Case {
            name: "--sheet without --input",
            files: vec![],
            args: &["data", "--sheet", "Plan"],
            expect: &["--input"],
        },
    ]
}

#[test]
fn every_workbook_refusal_names_the_sheet_row_and_column_and_the_fix() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("every_workbook_refusal_names_the_sheet_row_and_column_and_the_fix");
    for case in &cases {
        let files: Vec<(&str, &[u8])> = case
            .files
            .iter()
            .map(|(name, bytes)| (*name, bytes.as_slice()))
            .collect();
        let dir = dir_with(&files);
        let run = cmmcast_in(Some(dir.path()), case.args, &[]);
        let mut problems = refusal_form_problems(&run);
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        if let Some((file, _)) = case.files.first()
            && !run
                .stderr
                .contains(&format!("{}/{file}", dir.path().display()))
        {
            problems.push(format!("stderr does not name the file {file}"));
        }
        problems.extend(missing_phrases(&run.stderr, case.expect));
        catalogue.add_with_files(case.name, &run, &files);
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("workbook refusals", cases.len(), failures);
}

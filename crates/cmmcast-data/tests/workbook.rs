//! Workbooks (`.xlsx`, `.ods`) are read through the same rules as CSV: the same table gives the
//! same dataset, and a bad cell is named with its sheet, row and column. The workbooks are built
//! in the tests (`fixtures/workbooks.rs`).

#[path = "fixtures/workbooks.rs"]
mod workbooks;

use cmmcast_data::{DataError, Dataset, FileKind, Format, MAX_WORKBOOK_FILE_BYTES};
use workbooks::{Cell, Cell::*, Sheet, ods, rows, xlsx};

/// The Songzao plan (the article's Table 1, as in data/songzao-plan.csv) as CSV text.
const SONGZAO_CSV: &str = "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,239.87\n\
                           2014,7350,259.24\n2015,7950,282.86\n2016,8600,304.84\n";

/// The same table as a sheet's rows.
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

/// Both kinds of workbook holding `sheets`, with their file names.
fn both(sheets: &[Sheet]) -> [(&'static str, Vec<u8>); 2] {
    [("plan.xlsx", xlsx(sheets)), ("plan.ods", ods(sheets))]
}

/// Reads `bytes` as the file `name` would be read, the site named `plan` as a file's stem.
fn read(bytes: Vec<u8>, name: &str, sheet: Option<&str>) -> Result<Dataset, DataError> {
    Dataset::from_bytes_in_sheet(bytes, Format::from_path(name.as_ref()), name, "plan", sheet)
}

fn refusal(bytes: Vec<u8>, name: &str, sheet: Option<&str>) -> String {
    read(bytes, name, sheet).expect_err("a refusal").to_string()
}

#[test]
fn a_workbook_gives_the_dataset_its_csv_export_gives() {
    let csv = Dataset::parse(SONGZAO_CSV, Format::Csv, "plan.csv", "plan").expect("csv");
    for (name, bytes) in both(&[("Plan", songzao_rows())]) {
        let data = read(bytes, name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(data.sites(), csv.sites(), "{name}");
    }
}

/// Text cells holding numbers, formulas' saved results, dates in the year column (a date is its
/// calendar year), empty cells for a site without coal, and a table that starts in column B
/// below an empty row.
#[test]
fn cells_of_every_kind_become_the_fields_a_csv_would_hold() {
    let sheet = rows(&[
        &[],
        &[
            Empty,
            Text("Site"),
            Text("year"),
            Text("coal_kt"),
            Text("methane_mm3"),
        ],
        &[
            Empty,
            Text("A"),
            Text(" 2012 "),
            Number(6420.0),
            Formula("D3*0.034726", Some(222.94)),
        ],
        &[
            Empty,
            Text("A"),
            Date(2013, 1, 1),
            Text("6850"),
            Number(239.87),
        ],
        &[Empty, Text("B"), Number(2012.0), Empty, Number(10.0)],
        &[Empty, Text("B"), Date(2013, 12, 31), Empty, Text("11.5")],
    ]);
    for (name, bytes) in both(&[("Plan", sheet.clone())]) {
        let data = read(bytes, name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let a = &data.site(Some("A")).expect("A").series;
        assert_eq!(a.years(), &[2012, 2013], "{name}");
        assert_eq!(a.coal_kt(), Some(&[6420.0, 6850.0][..]), "{name}");
        assert_eq!(a.methane_mm3(), Some(&[222.94, 239.87][..]), "{name}");
        let b = &data.site(Some("B")).expect("B").series;
        assert_eq!(b.years(), &[2012, 2013], "{name}");
        assert_eq!(b.coal_kt(), None, "{name}");
        assert_eq!(b.methane_mm3(), Some(&[10.0, 11.5][..]), "{name}");
    }
}

#[test]
fn the_first_sheet_is_read_unless_one_is_named() {
    let notes = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Number(1999.0), Number(1.0)],
    ]);
    for (name, bytes) in both(&[("Notes", notes.clone()), ("Plan", songzao_rows())]) {
        let first = read(bytes.clone(), name, None).expect("first sheet");
        assert_eq!(first.site(None).expect("one").series.years(), &[1999]);
        let plan = read(bytes, name, Some("Plan")).expect("named sheet");
        assert_eq!(plan.site(None).expect("one").series.years().len(), 5);
    }
}

#[test]
fn a_workbook_under_another_name_is_read_as_the_workbook_it_is() {
    for (_, bytes) in both(&[("Plan", songzao_rows())]) {
        let data = read(bytes, "plan.csv", None).expect("a workbook named .csv");
        assert_eq!(data.site(None).expect("one").series.years().len(), 5);
    }
}

#[test]
fn refusals_name_the_sheet_row_and_column() {
    let bad = rows(&[
        &[Text("year"), Text("coal_kt"), Text("methane_mm3")],
        &[Number(2012.0), Number(6420.0), Number(222.94)],
        &[Number(2013.0), Text("lots"), Number(239.87)],
    ]);
    for (name, bytes) in both(&[("Plan", bad.clone())]) {
        assert_eq!(
            refusal(bytes, name, None),
            format!(
                "{name}, sheet \"Plan\", row 3, column B, field coal_kt: `lots` is not a number; \
                 write a plain decimal number such as 222.94"
            )
        );
    }
    let unnamed = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Number(2012.0), Number(6420.0)],
        &[Number(2013.0), Number(6850.0), Empty, Number(7.0)],
    ]);
    for (name, bytes) in both(&[("Plan", unnamed.clone())]) {
        assert_eq!(
            refusal(bytes, name, None),
            format!(
                "{name}, sheet \"Plan\", row 3, column D: the column has no name in the header \
                 but holds `7`; name it in the header (one of site, year, coal_kt, methane_mm3) \
                 or delete its values"
            )
        );
    }
    let twice = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Number(2012.0), Number(6420.0)],
        &[Number(2012.0), Number(6850.0)],
    ]);
    for (name, bytes) in both(&[("Plan", twice.clone())]) {
        assert_eq!(
            refusal(bytes, name, None),
            format!(
                "{name}, sheet \"Plan\": year 2012 appears twice for site \"plan\" (row 2 and \
                 row 3); keep one row per year and site"
            )
        );
    }
    let gap = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Number(2012.0), Number(6420.0)],
        &[Number(2013.0), Empty],
    ]);
    for (name, bytes) in both(&[("Plan", gap.clone())]) {
        assert!(
            refusal(bytes, name, None).starts_with(&format!(
                "{name}, sheet \"Plan\", row 3, field coal_kt: the field is empty; "
            )),
            "{name}"
        );
    }
}

#[test]
fn a_missing_sheet_is_named_with_the_sheets_there_are() {
    for (name, bytes) in both(&[("Notes", rows(&[])), ("Plan", songzao_rows())]) {
        assert_eq!(
            refusal(bytes, name, Some("Plna")),
            format!(
                "{name} has no sheet \"Plna\" (did you mean Plan?); give one of its sheets with \
                 --sheet: Notes, Plan"
            )
        );
    }
}

#[test]
fn an_empty_sheet_and_a_header_without_rows_are_refused_with_the_sheet() {
    let header_only = rows(&[&[Text("year"), Text("coal_kt")]]);
    for (name, bytes) in both(&[("Empty", rows(&[])), ("Plan", header_only.clone())]) {
        assert!(
            refusal(bytes.clone(), name, None)
                .starts_with(&format!("{name}, sheet \"Empty\" is empty; ")),
            "{name}"
        );
        assert!(
            refusal(bytes, name, Some("Plan")).starts_with(&format!(
                "{name}, sheet \"Plan\" has a header but no data rows"
            )),
            "{name}"
        );
    }
}

/// The number 2012 typed into a cell formatted as a date shows 1905-07-04 (2 + 4 x 365 + 366 +
/// 184 = 2,012 days after 1899-12-30; see the workbook module's unit test). Read as a date, its
/// year 1905 would silently take the place of 2012.
#[test]
fn a_years_number_shown_as_a_date_is_refused_with_both_readings() {
    let typed = rows(&[
        &[Text("year"), Text("coal_kt")],
        &[Date(1905, 7, 4), Number(6420.0)],
    ]);
    for (name, bytes) in both(&[("Plan", typed.clone())]) {
        assert_eq!(
            refusal(bytes, name, None),
            format!(
                "{name}, sheet \"Plan\", row 2, column A: the year cell holds the date \
                 1905-07-04, which is how a spreadsheet shows the number 2012 in a cell \
                 formatted as a date; format the year column as numbers, so that it shows 2012"
            )
        );
    }
}

#[test]
fn a_formula_without_a_saved_result_is_refused() {
    let unsaved = rows(&[
        &[Text("year"), Text("coal_kt"), Text("methane_mm3")],
        &[Number(2012.0), Number(6420.0), Formula("B2*0.035", None)],
    ]);
    for (name, bytes) in both(&[("Plan", unsaved.clone())]) {
        assert_eq!(
            refusal(bytes, name, None),
            format!(
                "{name}, sheet \"Plan\", row 2, column C: the cell holds the formula \
                 `B2*0.035` but no value (no saved result, or an empty one: the program that \
                 wrote the file may not have computed it); open the workbook in a spreadsheet \
                 program and save it, or replace the formula by its value"
            )
        );
    }
}

#[test]
fn a_file_named_as_a_workbook_must_hold_one_and_only_a_workbook_has_sheets() {
    assert_eq!(
        refusal(SONGZAO_CSV.as_bytes().to_vec(), "plan.xlsx", None),
        "plan.xlsx is named as a workbook but does not hold one (an .xlsx, .xlsm, .xlsb or .ods \
         file is a zip archive, an .xls file an OLE compound file, and this is neither); if it \
         holds CSV text rename it to .csv, otherwise save it again from the spreadsheet program"
    );
    assert_eq!(
        refusal(SONGZAO_CSV.as_bytes().to_vec(), "plan.csv", Some("Plan")),
        "plan.csv is not a workbook (.xlsx, .xlsm, .xlsb, .xls or .ods), so it has no sheets to \
         choose from; leave out --sheet"
    );
    // A zip archive that is no workbook (here an .ods without its content).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    let bytes = zip.finish().expect("zip").into_inner();
    let message = refusal(bytes, "plan.xlsx", None);
    assert!(
        message.starts_with("plan.xlsx: the workbook cannot be read ("),
        "{message}"
    );
    assert!(message.ends_with("or save the sheet as CSV"), "{message}");
}

#[test]
fn workbooks_have_a_size_limit_of_their_own() {
    assert_eq!(FileKind::Workbook.max_bytes(), 64 * 1024 * 1024);
    assert_eq!(MAX_WORKBOOK_FILE_BYTES, 64 * 1024 * 1024);
    assert!(
        FileKind::Workbook
            .check_size("plan.xlsx", MAX_WORKBOOK_FILE_BYTES)
            .is_ok()
    );
    assert_eq!(
        FileKind::Workbook
            .check_size("plan.xlsx", MAX_WORKBOOK_FILE_BYTES + 1)
            .expect_err("one byte too many")
            .to_string(),
        "plan.xlsx is 64.0 MiB (67,108,865 bytes), above the 64 MiB limit for workbooks; keep the \
         annual rows in a workbook of their own (one sheet of them is enough), or save the sheet \
         as CSV (up to 256 MiB)"
    );
}

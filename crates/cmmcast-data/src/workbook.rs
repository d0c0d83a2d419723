//! The workbook reader: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` files read directly with
//! calamine, one sheet (the first, or one named), through the same header and row rules as CSV
//! ([`crate::table`]), so a table is accepted or refused alike in a sheet and in its CSV export.
//!
//! Cells become the text a CSV export would hold: a number cell its shortest exact decimal
//! (`222.94`, `2012`), a text cell its text without surrounding spaces (so `"2012"` typed as
//! text is a year), a formula its saved result, a boolean `TRUE`/`FALSE` and an error cell its
//! code (`#DIV/0!`), both refused as not numbers. A date cell in the year column is its calendar
//! year (2012-01-01 and 2012-12-31 are 2012), except a date that is the number of a year shown
//! as a date (the number 2012 in a cell formatted as a date shows 1905-07-04), which is refused
//! with both readings; elsewhere a date is refused as not a number. Two things only a workbook
//! can hold are refused with their cell: a formula without a saved result (a file written by a
//! program that does not compute formulas), and a sheet larger than [`MAX_WORKBOOK_CELLS`].
//! The details, and what each refusal says, are in docs/DATA.md ("Workbooks").

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, ExcelDateTime, Reader, Sheets, open_workbook_auto_from_rs};

use crate::assemble::{RowRef, SiteRows};
use crate::error::{DataError, Place};
use crate::table::{Header, Locate, Rows, is_blank};

/// Largest number of non-empty cells read from a sheet: 10 million.
///
/// Why a limit: the sheet's cells are held while the header is found and the rows are checked,
/// at some 40 bytes a cell besides its text (not measured), and a workbook is compressed, so its
/// size on disk ([`crate::MAX_WORKBOOK_FILE_BYTES`]) does not bound its cells. 10 million cells
/// is more than a whole sheet of the four known columns (4 x 1,048,576 rows, a spreadsheet's
/// limit).
pub const MAX_WORKBOOK_CELLS: usize = 10_000_000;

/// The first bytes of a zip archive: `.xlsx`, `.xlsm`, `.xlsb` and `.ods` files are zip
/// archives (an `.ods` holds a `mimetype` entry first, which names it).
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
/// The first bytes of an OLE compound file: an Excel 97-2003 `.xls` workbook.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` start as a workbook does (a zip archive or an OLE compound file), whatever
/// the file's name: a workbook saved as `plan.csv` is read as the workbook it is.
pub(crate) fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(&ZIP_MAGIC) || bytes.starts_with(&OLE_MAGIC)
}

/// One cell as read, before it becomes a field's text.
#[derive(Debug)]
enum Cell {
    /// A text, number, boolean or error cell as the text a CSV export would hold.
    Text(String),
    /// A date (or date and time), as its serial number and its calendar date.
    Date {
        /// The serial number the workbook stores, days since its epoch.
        serial: f64,
        /// Year, month, day.
        ymd: (i64, u32, u32),
    },
    /// A formula whose result the file does not hold.
    FormulaWithoutValue(String),
}

/// The non-empty cells of a sheet by row (0-based), each row's cells by column (0-based).
type Grid = BTreeMap<u32, Vec<(u32, Cell)>>;

/// Reads a workbook's sheet (`sheet`, or the first) into the rows of each site, as
/// `csv_input::read_sites` does for CSV text. `source` names the file in messages;
/// `single_site_name` names the site when the sheet has no `site` column.
pub(crate) fn read_sites(
    bytes: &[u8],
    source: &str,
    sheet: Option<&str>,
    single_site_name: &str,
) -> Result<Vec<SiteRows>, DataError> {
    let unreadable = |at: Place, reason: String| DataError::BadWorkbook {
        at,
        problem: format!(
            "the workbook cannot be read ({reason}); open it in a spreadsheet program and save it \
             again (as .xlsx or .ods), or save the sheet as CSV"
        )
        .into(),
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|err| unreadable(Place::file(source), one_line(&err.to_string())))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) if names.iter().any(|n| n == wanted) => wanted.to_string(),
        Some(wanted) => {
            return Err(DataError::SheetNotFound {
                source_name: source.into(),
                sheet: crate::error::escape_controls(wanted),
                available: names.join(", "),
            });
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| DataError::BadWorkbook {
                at: Place::file(source),
                problem:
                    "the workbook has no sheets; add a sheet with a header row and one row per \
                      year"
                        .into(),
            })?,
    };
    let in_sheet = Place::of_sheet(source, &name);
    let grid = read_grid(&mut workbook, &name)
        .map_err(|problem| problem.into_error(&in_sheet, &unreadable))?;
    sites_from_grid(&grid, source, &name, single_site_name)
}

/// Why a sheet's cells could not be read.
enum GridProblem {
    /// calamine's reason.
    Unreadable(String),
    /// More than [`MAX_WORKBOOK_CELLS`] non-empty cells.
    TooManyCells,
}

impl GridProblem {
    fn into_error(
        self,
        in_sheet: &Place,
        unreadable: &impl Fn(Place, String) -> DataError,
    ) -> DataError {
        match self {
            GridProblem::Unreadable(reason) => unreadable(in_sheet.clone(), reason),
            GridProblem::TooManyCells => DataError::BadWorkbook {
                at: in_sheet.clone(),
                problem: format!(
                    "the sheet has more than {} non-empty cells, the limit for a sheet; keep the \
                     annual rows in a sheet of their own, or split the data into several files",
                    crate::thousands(MAX_WORKBOOK_CELLS as u64)
                )
                .into(),
            },
        }
    }
}

/// The sheet's non-empty cells. An `.xlsx` sheet is read as a stream of cells (with each
/// formula, to find those without a saved result), so a sparse sheet costs only its cells;
/// other formats through calamine's range of the sheet.
fn read_grid(workbook: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Grid, GridProblem> {
    let mut grid = Grid::new();
    let mut count = 0usize;
    let mut add = |row: u32, column: u32, cell: Cell| {
        count += 1;
        if count > MAX_WORKBOOK_CELLS {
            return Err(GridProblem::TooManyCells);
        }
        grid.entry(row).or_default().push((column, cell));
        Ok(())
    };
    let unreadable =
        |err: &dyn std::fmt::Display| GridProblem::Unreadable(one_line(&err.to_string()));
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| unreadable(&e))?;
            while let Some(record) = cells.next_cell_with_formula().map_err(|e| unreadable(&e))? {
                let (row, column) = record.pos;
                let cell = match (cell_of_ref(&record.value), record.formula) {
                    (cell, Some(formula)) if !formula.is_empty() && is_blank_cell(&cell) => {
                        Cell::FormulaWithoutValue(formula)
                    }
                    (Some(cell), _) => cell,
                    (None, _) => continue,
                };
                add(row, column, cell)?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| unreadable(&e))?;
            let (top, left) = range.start().unwrap_or_default();
            for (row, column, data) in range.used_cells() {
                if let Some(cell) = cell_of(data) {
                    // Positions in a range are within it; the sheet's are offset by its start.
                    add(top + row as u32, left + column as u32, cell)?;
                }
            }
            // A format whose formulas calamine cannot list has none to check.
            let formulas = other.worksheet_formula(name).unwrap_or_default();
            let (top, left) = formulas.start().unwrap_or_default();
            for (row, column, formula) in formulas.used_cells() {
                let (row, column) = (top + row as u32, left + column as u32);
                let blank = range.get_value((row, column)).is_none_or(|d| {
                    matches!(d, Data::Empty) || matches!(d, Data::String(s) if s.trim().is_empty())
                });
                if !formula.is_empty() && blank {
                    let cells = grid.entry(row).or_default();
                    cells.retain(|(c, _)| *c != column);
                    cells.push((column, Cell::FormulaWithoutValue(formula.clone())));
                    cells.sort_by_key(|(c, _)| *c);
                }
            }
        }
    }
    Ok(grid)
}

/// Whether a cell read is empty or blank text: a formula there has no value to read.
fn is_blank_cell(cell: &Option<Cell>) -> bool {
    match cell {
        None => true,
        Some(Cell::Text(text)) => text.is_empty(),
        Some(_) => false,
    }
}

/// A cell of a range, or `None` when it is empty.
fn cell_of(data: &Data) -> Option<Cell> {
    Some(match data {
        Data::Empty => return None,
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::Float(f) => Cell::Text(f.to_string()),
        Data::String(s) => Cell::Text(s.trim().to_string()),
        Data::Bool(b) => Cell::Text(bool_text(*b)),
        Data::DateTime(date) => date_cell(date),
        Data::DateTimeIso(iso) => iso_date_cell(iso),
        Data::DurationIso(text) => Cell::Text(text.trim().to_string()),
        Data::Error(err) => Cell::Text(err.to_string()),
    })
}

/// A cell of an `.xlsx` stream, or `None` when it is empty.
fn cell_of_ref(data: &DataRef<'_>) -> Option<Cell> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Text(i.to_string()),
        DataRef::Float(f) => Cell::Text(f.to_string()),
        DataRef::String(s) => Cell::Text(s.trim().to_string()),
        DataRef::SharedString(s) => Cell::Text(s.trim().to_string()),
        DataRef::Bool(b) => Cell::Text(bool_text(*b)),
        DataRef::DateTime(date) => date_cell(date),
        DataRef::DateTimeIso(iso) => iso_date_cell(iso),
        DataRef::DurationIso(text) => Cell::Text(text.trim().to_string()),
        DataRef::Error(err) => Cell::Text(err.to_string()),
    })
}

/// A boolean as a spreadsheet shows it.
fn bool_text(value: bool) -> String {
    if value { "TRUE" } else { "FALSE" }.into()
}

/// An Excel date (a serial number of days) as a date cell; a duration as its number of days.
fn date_cell(date: &ExcelDateTime) -> Cell {
    if date.is_duration() {
        return Cell::Text(date.as_f64().to_string());
    }
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    Cell::Date {
        serial: date.as_f64(),
        ymd: (i64::from(year), u32::from(month), u32::from(day)),
    }
}

/// An OpenDocument date (`2012-01-01`, perhaps with a time) as a date cell, its serial number
/// counted from 1899-12-30 as OpenDocument's default epoch (and Excel's) does; anything else as
/// its text.
fn iso_date_cell(iso: &str) -> Cell {
    let iso = iso.trim();
    let date = iso.get(..10).unwrap_or(iso);
    let mut parts = date.splitn(3, '-');
    let parsed = (|| {
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
    })();
    match parsed {
        Some(ymd) => Cell::Date {
            serial: (days_from_civil(ymd) - days_from_civil((1899, 12, 30))) as f64,
            ymd,
        },
        None => Cell::Text(iso.to_string()),
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`, http://howardhinnant.github.io/date_algorithms.html).
fn days_from_civil((year, month, day): (i64, u32, u32)) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A date as `2012-01-01`.
fn date_text((year, month, day): (i64, u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The column letters a spreadsheet shows for a 0-based column: 0 is `A`, 26 is `AA`.
fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// calamine's message on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row of a sheet, for messages: the sheet, the row number a spreadsheet shows and, for a
/// field, its column's letters.
struct SheetRow<'a> {
    source: &'a str,
    sheet: &'a str,
    /// 0-based row in the sheet.
    row: u32,
    /// 0-based column of the table's first column.
    first_column: u32,
}

impl SheetRow<'_> {
    fn letters(&self, index: usize) -> String {
        column_letters(self.first_column.saturating_add(index as u32))
    }
}

impl Locate for SheetRow<'_> {
    fn row(&self) -> Place {
        Place::sheet_row(self.source, self.sheet, self.row + 1)
    }

    fn field(&self, index: usize) -> Place {
        self.row().in_column(self.letters(index))
    }

    fn column(&self, index: usize) -> String {
        self.letters(index)
    }

    fn row_ref(&self) -> RowRef {
        RowRef::SheetRow(self.row + 1)
    }
}

/// The table in a sheet's cells: its first non-empty row is the header, its leftmost non-empty
/// column the table's first.
fn sites_from_grid(
    grid: &Grid,
    source: &str,
    sheet: &str,
    single_site_name: &str,
) -> Result<Vec<SiteRows>, DataError> {
    let first_column = grid
        .values()
        .flat_map(|cells| cells.iter().map(|(column, _)| *column))
        .min()
        .unwrap_or(0);
    let mut rows: Option<Rows> = None;
    let mut named_width = 0usize;
    for (&row, cells) in grid {
        let at = SheetRow {
            source,
            sheet,
            row,
            first_column,
        };
        let Some(table) = &mut rows else {
            let names = header_names(cells, first_column, &at)?;
            if is_blank(&names) {
                continue;
            }
            named_width = names
                .iter()
                .rposition(|n| !n.is_empty())
                .map_or(0, |i| i + 1);
            rows = Some(Rows::new(Header::read(&names, &at)?, single_site_name).in_sheet(sheet));
            continue;
        };
        let year_index = table.header().year_index();
        let mut fields = vec![String::new(); named_width];
        for (column, cell) in cells {
            let index = (column - first_column) as usize;
            let text = field_text(cell, index == year_index, index, &at)?;
            if index < named_width {
                fields[index] = text;
            } else if !text.is_empty() {
                return Err(DataError::ValueUnderEmptyHeader {
                    at: at.row().in_column(at.letters(index)),
                    value: text,
                    known: crate::table::ALL_COLUMNS,
                });
            }
        }
        if !is_blank(&fields) {
            table.push(&fields, &at)?;
        }
    }
    let in_sheet = Place::of_sheet(source, sheet);
    match rows {
        None => Err(DataError::Empty { at: in_sheet }),
        Some(rows) => rows.finish(in_sheet),
    }
}

/// The header row's names, as a CSV header would hold them (empty where a cell is empty).
fn header_names(
    cells: &[(u32, Cell)],
    first_column: u32,
    at: &SheetRow<'_>,
) -> Result<Vec<String>, DataError> {
    let width = cells
        .iter()
        .map(|(column, _)| (column - first_column) as usize + 1)
        .max()
        .unwrap_or(0);
    let mut names = vec![String::new(); width];
    for (column, cell) in cells {
        let index = (column - first_column) as usize;
        names[index] = field_text(cell, false, index, at)?;
    }
    Ok(names)
}

/// A cell as a field's text. A date is its year in the year column (unless it is a year's
/// number shown as a date), its `2012-01-01` text elsewhere; a formula without a saved result is
/// refused.
fn field_text(
    cell: &Cell,
    in_year_column: bool,
    index: usize,
    at: &SheetRow<'_>,
) -> Result<String, DataError> {
    match cell {
        Cell::Text(text) => Ok(text.clone()),
        Cell::Date { serial, ymd } if in_year_column => {
            let typed_year = serial.fract() == 0.0
                && (f64::from(crate::MIN_YEAR)..=f64::from(crate::MAX_YEAR)).contains(serial);
            if typed_year {
                return Err(DataError::BadWorkbook {
                    at: at.field(index),
                    problem: format!(
                        "the year cell holds the date {}, which is how a spreadsheet shows the \
                         number {serial} in a cell formatted as a date; format the year column \
                         as numbers, so that it shows {serial}",
                        date_text(*ymd)
                    )
                    .into(),
                });
            }
            Ok(ymd.0.to_string())
        }
        Cell::Date { ymd, .. } => Ok(date_text(*ymd)),
        Cell::FormulaWithoutValue(formula) => Err(DataError::BadWorkbook {
            at: at.field(index),
            problem: format!(
                "the cell holds the formula `{}` but no value (no saved result, or an empty \
                 one: the program that wrote the file may not have computed it); open the \
                 workbook in a spreadsheet program and save it, or replace the formula by its \
                 value",
                // OpenDocument formulas carry their namespace: `of:=[.B2]*0.035`.
                crate::error::escape_controls(
                    formula.trim_start_matches("of:").trim_start_matches('=')
                )
            )
            .into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_are_those_a_spreadsheet_shows() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        // The last column of an .xlsx sheet, 16,384th.
        assert_eq!(column_letters(16_383), "XFD");
    }

    /// Serial numbers by hand. Excel's serials count days from 1899-12-30 for every date after
    /// February 1900 (it keeps a 1900-02-29 that never was). To 2012-01-01: 2 days to
    /// 1900-01-01, then 112 years of 365 days and 27 leap days (1904 to 2008; 1900 is not a
    /// leap year): 2 + 40,880 + 27 = 40,909, the serial Excel gives 2012-01-01. To 1905-07-04:
    /// 2 + 4 x 365 + 366 (1904) + 184 (January to June 181 days, then 3) = 2,012, the date
    /// Excel shows for the number 2012 formatted as a date.
    #[test]
    fn iso_dates_get_excels_serial_numbers() {
        let serial = |iso: &str| match iso_date_cell(iso) {
            Cell::Date { serial, .. } => serial,
            other => panic!("not a date: {other:?}"),
        };
        assert_eq!(serial("2012-01-01"), 40_909.0);
        assert_eq!(serial("1905-07-04"), 2012.0);
        assert_eq!(serial("2012-12-31T00:00:00"), 40_909.0 + 365.0);
        assert!(matches!(iso_date_cell("next year"), Cell::Text(_)));
    }
}

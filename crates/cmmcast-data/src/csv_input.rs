//! The CSV reader: a header naming the columns, then one row per year (and per site, in a long
//! file with a `site` column).
//!
//! Accepted: a UTF-8 byte-order mark, CRLF line ends, spaces around fields, quoted fields,
//! blank lines, columns in any order and any case, and the empty columns and rows a spreadsheet
//! export adds. Refused with a message: everything else (see [`crate::DataError`]). The header
//! and row rules are [`crate::table`]'s, which the workbook reader shares.

use crate::assemble::{RowRef, SiteRows};
use crate::error::{DataError, Place};
use crate::table::{Header, Locate, Rows, is_blank};

/// A line of a CSV file, for messages: the line alone names a field's place (a CSV line is short
/// enough to find the field by its column's name, which every message gives).
struct Line<'a> {
    source: &'a str,
    line: u64,
}

impl Locate for Line<'_> {
    fn row(&self) -> Place {
        Place::line(self.source, self.line)
    }

    fn field(&self, _index: usize) -> Place {
        self.row()
    }

    fn column(&self, index: usize) -> String {
        (index + 1).to_string()
    }

    fn row_ref(&self) -> RowRef {
        RowRef::Line(self.line)
    }
}

/// Reads CSV text into the rows of each site, in order of first appearance.
///
/// `single_site_name` names the site when the file has no `site` column. Blank lines, and lines
/// of empty fields (`,,,` from a spreadsheet export), are skipped; columns with an empty name and
/// empty fields are dropped (see [`crate::table`]).
pub(crate) fn read_sites(
    text: &str,
    source: &str,
    single_site_name: &str,
) -> Result<Vec<SiteRows>, DataError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows: Option<Rows> = None;

    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|err| csv_error(&err, source))?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().any(|field| field.contains(['\n', '\r'])) {
            return Err(DataError::UnclosedQuote {
                at: Place::line(source, line),
            });
        }
        let fields: Vec<&str> = record.iter().collect();
        if is_blank(&fields) {
            continue; // a line holding only spaces, or only commas
        }
        let at = Line { source, line };
        match &mut rows {
            None => {
                separator(&fields, &at)?;
                rows = Some(Rows::new(Header::read(&fields, &at)?, single_site_name));
            }
            Some(rows) => rows.push(&fields, &at)?,
        }
    }

    match rows {
        None => Err(DataError::Empty {
            at: Place::file(source),
        }),
        Some(rows) => rows.finish(Place::file(source)),
    }
}

/// A header that is one field holding semicolons or tabs: another separator than the comma.
fn separator(fields: &[&str], at: &Line<'_>) -> Result<(), DataError> {
    if let [only] = fields {
        if only.contains(';') {
            return Err(DataError::SemicolonSeparated { at: at.row() });
        }
        if only.contains('\t') {
            return Err(DataError::TabSeparated { at: at.row() });
        }
    }
    Ok(())
}

fn csv_error(err: &csv::Error, source: &str) -> DataError {
    let at = match err.position() {
        Some(position) => Place::line(source, position.line()),
        None => Place::file(source),
    };
    DataError::Syntax {
        at,
        format: "CSV",
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<SiteRows>, DataError> {
        read_sites(text, "t.csv", "t")
    }

    #[test]
    fn quoted_fields_crlf_spaces_and_blank_lines_are_accepted() {
        let sites = read("\"year\" , coal_kt\r\n 2012 ,\"6420\"\r\n\r\n2013,6850\r\n   \r\n")
            .expect("valid");
        assert_eq!(sites.len(), 1);
        let series = sites
            .into_iter()
            .next()
            .expect("one site")
            .finish("t.csv")
            .expect("valid");
        assert_eq!(series.years(), &[2012, 2013]);
        assert_eq!(series.coal_kt(), Some(&[6420.0, 6850.0][..]));
    }

    #[test]
    fn header_problems_are_named() {
        assert!(matches!(
            read("coal_kt\n1\n"),
            Err(DataError::NoYearColumn { .. })
        ));
        assert!(matches!(
            read("2012,6420\n"),
            Err(DataError::MissingHeader { .. })
        ));
        assert!(matches!(
            read("year\n2012\n"),
            Err(DataError::NoValueColumn { .. })
        ));
        assert!(matches!(
            read("year,methane_m3\n2012,1\n"),
            Err(DataError::UnknownColumn { .. })
        ));
        assert!(matches!(
            read("year;coal_kt\n2012;6420,5\n"),
            Err(DataError::SemicolonSeparated { .. })
        ));
        assert!(matches!(
            read("year,coal_kt\n"),
            Err(DataError::NoRows { .. })
        ));
    }

    #[test]
    fn a_missing_closing_quote_is_named_with_its_line() {
        let err = read("year,coal_kt\n2012,\"6420\n2013,6850\n").expect_err("unclosed");
        assert_eq!(
            err,
            DataError::UnclosedQuote {
                at: Place::line("t.csv", 2)
            }
        );
    }

    #[test]
    fn field_count_is_checked_with_the_line() {
        let err = read("year,coal_kt\n2012,1\n2013\n").expect_err("too few");
        assert_eq!(
            err,
            DataError::FieldCount {
                at: Place::line("t.csv", 3),
                expected: 2,
                found: 1
            }
        );
    }

    /// A spreadsheet export writes the empty columns right of the data as trailing commas, on
    /// the header and on every row, and blank rows as lines of commas.
    #[test]
    fn empty_columns_and_rows_of_a_spreadsheet_export_are_dropped() {
        let sites =
            read("year,coal_kt,methane_mm3,,\n2012,6420,222.94,,\n,,,,\n2013,6850,239.87,,\n")
                .expect("valid");
        let series = sites
            .into_iter()
            .next()
            .expect("one site")
            .finish("t.csv")
            .expect("valid");
        assert_eq!(series.years(), &[2012, 2013]);
        assert_eq!(series.methane_mm3(), Some(&[222.94, 239.87][..]));
        // An empty column in the middle (empty header, empty cells) is dropped too.
        let sites = read(",year,,coal_kt\n,2012,,6420\n").expect("valid");
        assert_eq!(sites.len(), 1);
    }

    #[test]
    fn a_value_under_an_empty_header_is_named_with_its_column() {
        let err = read("year,coal_kt,\n2012,6420,\n2013,6850,7\n").expect_err("unnamed value");
        assert_eq!(
            err,
            DataError::ValueUnderEmptyHeader {
                at: Place::line("t.csv", 3).in_column("3"),
                value: "7".into(),
                known: "site, year, coal_kt, methane_mm3",
            }
        );
        assert_eq!(
            err.to_string(),
            "t.csv, line 3, column 3: the column has no name in the header but holds `7`; name \
             it in the header (one of site, year, coal_kt, methane_mm3) or delete its values"
        );
    }
}

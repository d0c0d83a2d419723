//! The CSV reader: a header naming the columns, then one row per year (and per site, in a long
//! file with a `site` column).
//!
//! Accepted: a UTF-8 byte-order mark, CRLF line ends, spaces around fields, quoted fields,
//! blank lines, columns in any order and any case. Refused with a message: everything else
//! (see [`crate::DataError`]).

use std::collections::HashMap;

use crate::assemble::{RowRef, SiteRows};
use crate::error::{DataError, Place};
use crate::value::{quantity_from_text, site_name, year_from_text};

/// Column names, as written in a header (case does not matter).
pub const SITE_COLUMN: &str = "site";
/// The column of calendar years.
pub const YEAR_COLUMN: &str = "year";
/// Coal output, thousand tonnes a year.
pub const COAL_COLUMN: &str = "coal_kt";
/// Methane drainage, million m3 a year.
pub const METHANE_COLUMN: &str = "methane_mm3";
/// Methane per tonne of coal, m3/t (derived, never read from files).
pub const INTENSITY_COLUMN: &str = "intensity_m3_per_t";
/// The unit of [`COAL_COLUMN`], in words.
pub const COAL_UNIT: &str = "thousand tonnes of coal per year";
/// The unit of [`METHANE_COLUMN`], in words (the volume basis is a site fact).
pub const METHANE_UNIT: &str = "million m3 of CH4 per year";
/// The unit of [`INTENSITY_COLUMN`], in words.
pub const INTENSITY_UNIT: &str = "m3 of CH4 (same basis as methane_mm3) per tonne of coal";
const VALUE_COLUMNS: [&str; 2] = [COAL_COLUMN, METHANE_COLUMN];
const ALL_COLUMNS: [&str; 4] = [SITE_COLUMN, YEAR_COLUMN, COAL_COLUMN, METHANE_COLUMN];

/// Positions of the known columns in a file's header.
#[derive(Debug)]
struct Columns {
    count: usize,
    site: Option<usize>,
    year: usize,
    coal_kt: Option<usize>,
    methane_mm3: Option<usize>,
}

/// Reads CSV text into the rows of each site, in order of first appearance.
///
/// `single_site_name` names the site when the file has no `site` column.
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
    let mut columns: Option<Columns> = None;
    let mut sites: Vec<SiteRows> = Vec::new();
    let mut site_index: HashMap<String, usize> = HashMap::new();

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
        if record.iter().all(str::is_empty) && record.len() == 1 {
            continue; // a line holding only spaces
        }
        let Some(columns) = &columns else {
            columns = Some(header(&record, source, line)?);
            continue;
        };
        let here = || Place::line(source, line);
        if record.len() != columns.count {
            return Err(DataError::FieldCount {
                at: here(),
                expected: columns.count,
                found: record.len(),
            });
        }
        let site_name = match columns.site {
            Some(i) if record[i].is_empty() => {
                return Err(DataError::EmptyField {
                    at: here(),
                    field: SITE_COLUMN,
                    fix: "every row of a file with a site column needs the site's name".into(),
                });
            }
            Some(i) => {
                site_name(&record[i], SITE_COLUMN, &here)?;
                &record[i]
            }
            None => single_site_name,
        };
        let year = year_from_text(&record[columns.year], &here)?;
        let value =
            |column: Option<usize>, field: &'static str| -> Result<Option<f64>, DataError> {
                match column.map(|i| &record[i]) {
                    None | Some("") => Ok(None),
                    Some(text) => quantity_from_text(text, field, &here).map(Some),
                }
            };
        let coal_kt = value(columns.coal_kt, COAL_COLUMN)?;
        let methane_mm3 = value(columns.methane_mm3, METHANE_COLUMN)?;
        let index = match site_index.get(site_name) {
            Some(&index) => index,
            None => {
                site_index.insert(site_name.to_string(), sites.len());
                sites.push(SiteRows::new(site_name));
                sites.len() - 1
            }
        };
        sites[index].push(RowRef::Line(line), year, coal_kt, methane_mm3);
    }

    match columns {
        None => Err(DataError::Empty {
            at: Place::file(source),
        }),
        Some(_) if sites.is_empty() => Err(DataError::NoRows {
            at: Place::file(source),
        }),
        Some(_) => Ok(sites),
    }
}

/// Reads and checks the header line.
fn header(record: &csv::StringRecord, source: &str, line: u64) -> Result<Columns, DataError> {
    let at = || Place::line(source, line);
    if record.len() == 1 {
        let only = &record[0];
        if only.contains(';') {
            return Err(DataError::SemicolonSeparated { at: at() });
        }
        if only.contains('\t') {
            return Err(DataError::TabSeparated { at: at() });
        }
    }
    let mut columns = Columns {
        count: record.len(),
        site: None,
        year: usize::MAX,
        coal_kt: None,
        methane_mm3: None,
    };
    let mut year = None;
    for (i, name) in record.iter().enumerate() {
        let slot = match name.to_ascii_lowercase().as_str() {
            SITE_COLUMN => &mut columns.site,
            YEAR_COLUMN => &mut year,
            COAL_COLUMN => &mut columns.coal_kt,
            METHANE_COLUMN => &mut columns.methane_mm3,
            _ if looks_like_data(name) => return Err(DataError::MissingHeader { at: at() }),
            _ => {
                return Err(DataError::UnknownColumn {
                    at: at(),
                    column: name.into(),
                    known: ALL_COLUMNS.join(", "),
                });
            }
        };
        if slot.replace(i).is_some() {
            return Err(DataError::DuplicateColumn {
                at: at(),
                column: name.to_ascii_lowercase(),
            });
        }
    }
    columns.year = year.ok_or_else(|| DataError::NoYearColumn { at: at() })?;
    if columns.coal_kt.is_none() && columns.methane_mm3.is_none() {
        return Err(DataError::NoValueColumn {
            at: at(),
            known: VALUE_COLUMNS.join(", "),
        });
    }
    Ok(columns)
}

/// A header cell that is a number means the file has no header at all.
fn looks_like_data(cell: &str) -> bool {
    !cell.is_empty() && cell.parse::<f64>().is_ok()
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
}

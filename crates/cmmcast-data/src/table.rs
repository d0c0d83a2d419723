//! A table of text fields, whatever file it came from (a CSV file, a workbook's sheet): which
//! column is which, the empty columns and rows that spreadsheets add, and each row's checks into
//! the rows of each site.
//!
//! Both the CSV reader and the workbook reader feed their header and rows through this module,
//! so the same table is accepted or refused with the same message in either form; they only say
//! where a row or field is ([`Locate`]).

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
/// Every column a header may name, comma separated, as messages list them.
pub(crate) const ALL_COLUMNS: &str = "site, year, coal_kt, methane_mm3";

/// Where the reader's current row and its fields are, for messages.
pub(crate) trait Locate {
    /// The whole row: `plan.csv, line 4` or `plan.xlsx, sheet "Plan", row 4`.
    fn row(&self) -> Place;
    /// One field of the row, by its index in the table: in a workbook the row and the column's
    /// letters; in a CSV the line alone (a CSV line is short enough to find the field by name).
    fn field(&self, index: usize) -> Place;
    /// The column's label, by its index in the table: `C` in a workbook, `3` in a CSV.
    fn column(&self, index: usize) -> String;
    /// Where the row came from, for the whole-site rules.
    fn row_ref(&self) -> RowRef;
}

/// Positions of the known columns in a table's header.
#[derive(Debug)]
pub(crate) struct Header {
    /// Number of names in the header, empty ones included.
    count: usize,
    /// One past the last named column: a row must reach it.
    named_width: usize,
    /// Which columns have an empty name (dropped when their fields are empty too).
    unnamed: Vec<bool>,
    site: Option<usize>,
    year: usize,
    coal_kt: Option<usize>,
    methane_mm3: Option<usize>,
}

impl Header {
    /// Reads and checks a header: `year`, at least one value column, no unknown or repeated
    /// name. Empty names are allowed: they are the empty columns of a spreadsheet export.
    pub(crate) fn read<S: AsRef<str>>(names: &[S], at: &impl Locate) -> Result<Header, DataError> {
        let mut header = Header {
            count: names.len(),
            named_width: 0,
            unnamed: names.iter().map(|n| n.as_ref().is_empty()).collect(),
            site: None,
            year: usize::MAX,
            coal_kt: None,
            methane_mm3: None,
        };
        let mut year = None;
        for (i, name) in names.iter().enumerate() {
            let name = name.as_ref();
            if name.is_empty() {
                continue;
            }
            header.named_width = i + 1;
            let slot = match name.to_ascii_lowercase().as_str() {
                SITE_COLUMN => &mut header.site,
                YEAR_COLUMN => &mut year,
                COAL_COLUMN => &mut header.coal_kt,
                METHANE_COLUMN => &mut header.methane_mm3,
                _ if looks_like_data(name) => {
                    return Err(DataError::MissingHeader { at: at.row() });
                }
                _ => {
                    return Err(DataError::UnknownColumn {
                        at: at.field(i),
                        column: name.into(),
                        known: ALL_COLUMNS,
                    });
                }
            };
            if slot.replace(i).is_some() {
                return Err(DataError::DuplicateColumn {
                    at: at.field(i),
                    column: name.to_ascii_lowercase(),
                });
            }
        }
        header.year = year.ok_or_else(|| DataError::NoYearColumn { at: at.row() })?;
        if header.coal_kt.is_none() && header.methane_mm3.is_none() {
            return Err(DataError::NoValueColumn {
                at: at.row(),
                known: VALUE_COLUMNS.join(", "),
            });
        }
        Ok(header)
    }

    /// The index of the `year` column.
    pub(crate) fn year_index(&self) -> usize {
        self.year
    }
}

/// A header cell that is a number means the file has no header at all.
fn looks_like_data(cell: &str) -> bool {
    cell.parse::<f64>().is_ok()
}

/// Whether every field of a row is empty: a blank line, or a row of a spreadsheet export that
/// holds only the separators of its empty cells. Such rows are skipped.
pub(crate) fn is_blank<S: AsRef<str>>(fields: &[S]) -> bool {
    fields.iter().all(|f| f.as_ref().is_empty())
}

/// The rows of each site, in order of first appearance, as a table's rows are read.
pub(crate) struct Rows {
    header: Header,
    /// The workbook sheet the table is in, named in the whole-site messages.
    sheet: Option<String>,
    single_site_name: String,
    sites: Vec<SiteRows>,
    site_index: HashMap<String, usize>,
}

impl Rows {
    /// No rows yet; `single_site_name` names the site when the table has no `site` column.
    pub(crate) fn new(header: Header, single_site_name: &str) -> Rows {
        Rows {
            header,
            sheet: None,
            single_site_name: single_site_name.into(),
            sites: Vec::new(),
            site_index: HashMap::new(),
        }
    }

    /// The same, for a table in a workbook's `sheet`.
    pub(crate) fn in_sheet(self, sheet: &str) -> Rows {
        Rows {
            sheet: Some(sheet.into()),
            ..self
        }
    }

    /// The header the rows are read against.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// Checks one row (not blank: see [`is_blank`]) and adds it to its site.
    ///
    /// A row may end early or run on only in empty fields under empty names; a value under an
    /// empty name is refused with its column, a value beyond the header as a wrong field count.
    pub(crate) fn push<S: AsRef<str>>(
        &mut self,
        fields: &[S],
        at: &impl Locate,
    ) -> Result<(), DataError> {
        let header = &self.header;
        let field_count = || DataError::FieldCount {
            at: at.row(),
            expected: header.count,
            found: fields.len(),
        };
        for (i, field) in fields.iter().enumerate() {
            let field = field.as_ref();
            if field.is_empty() {
                continue;
            }
            if i >= header.count {
                return Err(field_count());
            }
            if header.unnamed[i] {
                return Err(DataError::ValueUnderEmptyHeader {
                    at: at.row().in_column(at.column(i)),
                    value: field.into(),
                    known: ALL_COLUMNS,
                });
            }
        }
        if fields.len() < header.named_width {
            return Err(field_count());
        }
        let text = |i: usize| fields[i].as_ref();
        let site = match header.site {
            Some(i) if text(i).is_empty() => {
                return Err(DataError::EmptyField {
                    at: at.field(i),
                    field: SITE_COLUMN,
                    fix: "every row of a file with a site column needs the site's name".into(),
                });
            }
            Some(i) => {
                site_name(text(i), SITE_COLUMN, &|| at.field(i))?;
                text(i)
            }
            None => self.single_site_name.as_str(),
        };
        let year = year_from_text(text(header.year), &|| at.field(header.year))?;
        let value = |column: Option<usize>, name: &'static str| match column {
            Some(i) if !text(i).is_empty() => {
                quantity_from_text(text(i), name, &|| at.field(i)).map(Some)
            }
            _ => Ok(None),
        };
        let coal_kt = value(header.coal_kt, COAL_COLUMN)?;
        let methane_mm3 = value(header.methane_mm3, METHANE_COLUMN)?;
        let index = match self.site_index.get(site) {
            Some(&index) => index,
            None => {
                self.site_index.insert(site.to_string(), self.sites.len());
                self.sites
                    .push(SiteRows::in_sheet(site, self.sheet.as_deref()));
                self.sites.len() - 1
            }
        };
        self.sites[index].push(at.row_ref(), year, coal_kt, methane_mm3);
        Ok(())
    }

    /// The sites read, or [`DataError::NoRows`] when the table had a header and nothing else.
    pub(crate) fn finish(self, at: Place) -> Result<Vec<SiteRows>, DataError> {
        if self.sites.is_empty() {
            return Err(DataError::NoRows { at });
        }
        Ok(self.sites)
    }
}

//! Turning checked rows into a site's series: the rules shared by every file format.
//!
//! The readers (CSV, JSON, TOML) check each value as they meet it; this module then applies the
//! rules that need a whole site: a value column is either given for every year of a site or for
//! none, at least one column is given, years are unique, and rows may come in any order.

use crate::error::{DataError, Place};
use crate::series::{AnnualSeries, order_by_year, permute};

/// Where a row came from, for messages: a line of a CSV file, the n-th entry of a site's `rows`
/// list in JSON or TOML, or a row of a workbook's sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RowRef {
    /// 1-based line of a CSV file.
    Line(u64),
    /// 1-based position in a site's `rows` list.
    Row(u32),
    /// The row number a spreadsheet shows (1-based) in the sheet the rows were read from.
    SheetRow(u32),
}

impl RowRef {
    fn describe(self) -> String {
        match self {
            RowRef::Line(line) => format!("line {line}"),
            RowRef::Row(row) | RowRef::SheetRow(row) => format!("row {row}"),
        }
    }

    /// The place of the row in `source` (for a sheet's row, the file and sheet as shown).
    pub(crate) fn place(self, source: &str, site: &str) -> Place {
        match self {
            RowRef::Line(line) => Place::line(source, line),
            RowRef::Row(row) => Place::row(source, site, row),
            RowRef::SheetRow(row) => Place::file(source).in_row(row),
        }
    }
}

/// The rows of one site as read, before the whole-site rules are applied.
#[derive(Debug, Default)]
pub(crate) struct SiteRows {
    pub(crate) name: String,
    /// The workbook sheet the rows were read from, named in messages.
    sheet: Option<String>,
    refs: Vec<RowRef>,
    years: Vec<i32>,
    coal_kt: Vec<Option<f64>>,
    methane_mm3: Vec<Option<f64>>,
}

impl SiteRows {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        SiteRows {
            name: name.into(),
            ..SiteRows::default()
        }
    }

    /// No rows yet, of a site read from a workbook's `sheet`.
    pub(crate) fn in_sheet(name: impl Into<String>, sheet: Option<&str>) -> Self {
        SiteRows {
            sheet: sheet.map(str::to_string),
            ..SiteRows::new(name)
        }
    }

    pub(crate) fn push(
        &mut self,
        at: RowRef,
        year: i32,
        coal_kt: Option<f64>,
        methane_mm3: Option<f64>,
    ) {
        self.refs.push(at);
        self.years.push(year);
        self.coal_kt.push(coal_kt);
        self.methane_mm3.push(methane_mm3);
    }

    /// Applies the whole-site rules and returns the series sorted by year. Messages name
    /// `source`, and the sheet when the rows came from a workbook.
    pub(crate) fn finish(self, source: &str) -> Result<AnnualSeries, DataError> {
        let shown;
        let source = match &self.sheet {
            Some(sheet) => {
                shown = format!("{source}, sheet \"{sheet}\"");
                shown.as_str()
            }
            None => source,
        };
        if self.years.is_empty() {
            return Err(DataError::SiteWithoutRows {
                source_name: source.into(),
                site: self.name,
            });
        }
        let coal_kt = self.complete_column("coal_kt", &self.coal_kt, source)?;
        let methane_mm3 = self.complete_column("methane_mm3", &self.methane_mm3, source)?;
        if coal_kt.is_none() && methane_mm3.is_none() {
            return Err(DataError::NoValues {
                source_name: source.into(),
                site: self.name,
            });
        }
        let order = order_by_year(&self.years);
        if let Some(pair) = order
            .windows(2)
            .find(|pair| self.years[pair[0]] == self.years[pair[1]])
        {
            return Err(DataError::DuplicateYear {
                source_name: source.into(),
                year: self.years[pair[0]],
                first: self.refs[pair[0]].describe(),
                second: self.refs[pair[1]].describe(),
                site: self.name,
            });
        }
        Ok(AnnualSeries::from_sorted_parts(
            permute(&self.years, &order),
            coal_kt.map(|v| permute(&v, &order)),
            methane_mm3.map(|v| permute(&v, &order)),
        ))
    }

    /// The column's values when every row has one, `None` when no row has one, and an error
    /// pointing at the first gap when only some rows have one.
    fn complete_column(
        &self,
        field: &'static str,
        values: &[Option<f64>],
        source: &str,
    ) -> Result<Option<Vec<f64>>, DataError> {
        let present: Option<Vec<f64>> = values.iter().copied().collect();
        if present.is_some() || values.iter().all(Option::is_none) {
            return Ok(present);
        }
        let gap = values.iter().position(Option::is_none).unwrap_or_default();
        Err(DataError::EmptyField {
            at: self.refs[gap].place(source, &self.name),
            field,
            fix: format!(
                "other years of site \"{}\" have a {field} value, so give one for this year too \
                 (or leave {field} out for every year of the site)",
                self.name
            ),
        })
    }
}

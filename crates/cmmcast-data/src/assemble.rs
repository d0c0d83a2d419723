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

    /// Applies the whole-site rules and returns the series sorted by year, with the trailing
    /// years that have coal and no methane as its production plan. Messages name `source`, and
    /// the sheet when the rows came from a workbook.
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
        let order = order_by_year(&self.years);
        let history = self.history_rows(&order, source)?;
        let coal_kt = self.complete_column("coal_kt", &self.coal_kt, &order, source)?;
        let methane_mm3 =
            self.complete_column("methane_mm3", &self.methane_mm3, &order[..history], source)?;
        if coal_kt.is_none() && methane_mm3.is_none() {
            return Err(DataError::NoValues {
                source_name: source.into(),
                site: self.name,
            });
        }
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
        self.check_plan_years(&order, history, source)?;
        let years = permute(&self.years, &order);
        let (coal_kt, plan) = match coal_kt {
            Some(mut coal) => {
                let plan = coal.split_off(history);
                (Some(coal), plan)
            }
            None => (None, Vec::new()),
        };
        let plan_years = years[history..].to_vec();
        Ok(
            AnnualSeries::from_sorted_parts(years[..history].to_vec(), coal_kt, methane_mm3)
                .with_checked_plan(plan_years, plan),
        )
    }

    /// How many rows, in year order, are history; the rest are the production plan: the
    /// trailing years without methane when other years have it. A year without methane before
    /// the last year with methane is a gap and refused, and so is a planned year without coal.
    fn history_rows(&self, order: &[usize], source: &str) -> Result<usize, DataError> {
        let Some(last) = order.iter().rposition(|&i| self.methane_mm3[i].is_some()) else {
            return Ok(order.len());
        };
        if let Some(&gap) = order[..last]
            .iter()
            .find(|&&i| self.methane_mm3[i].is_none())
        {
            return Err(DataError::EmptyField {
                at: self.refs[gap].place(source, &self.name),
                field: "methane_mm3",
                fix: format!(
                    "later years of site \"{}\" have a methane_mm3 value, so give one for this \
                     year too (only the years after the last year with methane may leave it out, \
                     as a production plan with planned coal_kt)",
                    self.name
                ),
            });
        }
        if let Some(&planned) = order[last + 1..]
            .iter()
            .find(|&&i| self.coal_kt[i].is_none())
        {
            return Err(DataError::EmptyField {
                at: self.refs[planned].place(source, &self.name),
                field: "coal_kt",
                fix: format!(
                    "this year comes after the last year with methane_mm3 of site \"{}\", so it \
                     is read as a planned year, which needs its planned coal_kt; give it, or \
                     remove the row",
                    self.name
                ),
            });
        }
        Ok(last + 1)
    }

    /// Refuses a production plan with a year missing: its years run on, one by one, from the
    /// last year with methane.
    fn check_plan_years(
        &self,
        order: &[usize],
        history: usize,
        source: &str,
    ) -> Result<(), DataError> {
        if history == order.len() {
            return Ok(());
        }
        for pair in order[history - 1..].windows(2) {
            let (previous, year) = (self.years[pair[0]], self.years[pair[1]]);
            if year != previous + 1 {
                let missing = if year == previous + 2 {
                    (previous + 1).to_string()
                } else {
                    format!("{} to {}", previous + 1, year - 1)
                };
                return Err(DataError::PlanGap {
                    at: self.refs[pair[1]].place(source, &self.name),
                    year,
                    previous,
                    missing,
                });
            }
        }
        Ok(())
    }

    /// The column's values over `rows` (indices in year order) when every such row has one,
    /// `None` when none has one, and an error pointing at the first gap when only some have one.
    fn complete_column(
        &self,
        field: &'static str,
        values: &[Option<f64>],
        rows: &[usize],
        source: &str,
    ) -> Result<Option<Vec<f64>>, DataError> {
        let present: Option<Vec<f64>> = rows.iter().map(|&i| values[i]).collect();
        if present.is_some() || rows.iter().all(|&i| values[i].is_none()) {
            return Ok(present);
        }
        let gap = rows
            .iter()
            .copied()
            .find(|&i| values[i].is_none())
            .unwrap_or_default();
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

//! What every table command returns: named columns with units, rows of cells, and `meta`.
//!
//! Commands only compute a [`Report`]; [`crate::render`] turns it into a terminal table, CSV or
//! JSON, so formatting exists once and every command formats alike.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// One column of a report.
#[derive(Debug, Clone)]
pub struct Column {
    /// Machine name, used as the CSV header and the JSON key (units live in the name).
    pub name: Cow<'static, str>,
    /// The unit in words, echoed in `meta`.
    pub unit: &'static str,
    /// Decimals shown in the terminal table (CSV and JSON always carry full precision); more
    /// where these would hide a value ([`crate::render::rounded`]).
    pub table_decimals: usize,
    /// Whether the default terminal table shows it: detail columns are left to CSV, JSON and
    /// `--columns`, so that the table fits a terminal ([`crate::columns`]).
    pub in_terminal: bool,
}

impl Column {
    /// A text column.
    pub fn text(name: impl Into<Cow<'static, str>>, unit: &'static str) -> Column {
        Column {
            name: name.into(),
            unit,
            table_decimals: 0,
            in_terminal: true,
        }
    }

    /// A number column shown with `table_decimals` decimals in the terminal.
    pub fn number(
        name: impl Into<Cow<'static, str>>,
        unit: &'static str,
        table_decimals: usize,
    ) -> Column {
        Column {
            name: name.into(),
            unit,
            table_decimals,
            in_terminal: true,
        }
    }

    /// The same column, left out of the default terminal table (a detail that CSV, JSON and
    /// `--columns` still give).
    pub fn detail(mut self) -> Column {
        self.in_terminal = false;
        self
    }
}

/// One value of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A whole number, e.g. a year.
    Int(i64),
    /// A real number, printed in full precision in CSV and JSON.
    Num(f64),
    /// Text, e.g. a site name.
    Text(String),
    /// Yes or no: `true`/`false` in CSV and JSON, `yes` or nothing in the terminal table.
    Bool(bool),
    /// Named numbers (model parameters): an object in JSON, `name=value;...` in CSV.
    Named(Vec<(String, f64)>),
    /// No value (an absent series, an undefined ratio): empty in CSV, `null` in JSON.
    Missing,
}

/// A table with its metadata.
#[derive(Debug, Clone)]
pub struct Report {
    /// Lines shown above the terminal table (caveats a reader must see); also in `meta`.
    pub notes: Vec<String>,
    /// Everything needed to reproduce and interpret the numbers.
    pub meta: Map<String, Value>,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Report {
    /// `meta.columns`: each column's name and unit, so JSON output is self-describing.
    pub fn column_units(&self) -> Value {
        Value::Array(
            self.columns
                .iter()
                .map(|c| serde_json::json!({ "name": c.name, "unit": c.unit }))
                .collect(),
        )
    }
}

impl Cell {
    /// A number, or [`Cell::Missing`] when there is none.
    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Missing, Cell::Num)
    }
}

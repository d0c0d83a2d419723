//! Turning a [`Report`] into text: a terminal table, CSV or JSON.

use clap::ValueEnum;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde_json::{Map, Value};

use crate::report::{Cell, Column, Report};

/// Output formats of every table command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for reading in a terminal (numbers rounded).
    Table,
    /// Comma-separated values with a header, full precision.
    Csv,
    /// `{"meta": {...}, "rows": [{...}]}`, full precision.
    Json,
}

/// Renders a report in the chosen format, ending with a newline.
pub fn render(report: &Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Table => table(report),
        OutputFormat::Csv => csv(report),
        OutputFormat::Json => json(report),
    }
}

fn table(report: &Report) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(report.columns.iter().map(|c| c.name.as_ref()));
    for row in &report.rows {
        table.add_row(report.columns.iter().zip(row).map(|(column, cell)| {
            let align = if is_text(cell) {
                CellAlignment::Left
            } else {
                CellAlignment::Right
            };
            comfy_table::Cell::new(rounded(cell, column)).set_alignment(align)
        }));
    }
    let mut out = String::new();
    for note in &report.notes {
        out.push_str(note);
        out.push('\n');
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

/// A cell as the terminal table (and the HTML report) shows it: numbers rounded to the
/// column's decimals ([`decimals_shown`]), parameters to five significant digits, a dash for a
/// missing value.
pub fn rounded(cell: &Cell, column: &Column) -> String {
    match cell {
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) => format!("{v:.*}", decimals_shown(*v, column.table_decimals)),
        Cell::Text(s) => s.clone(),
        Cell::Bool(yes) => if *yes { "yes" } else { "" }.to_string(),
        Cell::Named(pairs) => pairs
            .iter()
            .map(|(k, v)| format!("{k} {}", significant(*v)))
            .collect::<Vec<_>>()
            .join(", "),
        Cell::Missing => "–".to_string(),
    }
}

/// The decimals a number is shown with: the column's, or more where those would leave fewer
/// than three significant digits (4.55 in a column of whole numbers is "4.55", not "5"; 0.0012
/// in a column of two decimals "0.0012", not "0.00"), but never more than the value's own
/// shortest decimal form has (4.5 stays "4.5"). A table so never hides a value behind its
/// rounded neighbour, and a column's large values keep their usual decimals (6420 stays
/// "6420"). Rule: docs/DATA.md, "Terminal tables".
pub fn decimals_shown(value: f64, column_decimals: usize) -> usize {
    if value == 0.0 || !value.is_finite() {
        return column_decimals;
    }
    // Decimals for three significant digits: 2 for 4.55, 0 from 100 up, 4 for 0.0012.
    let three_significant = (2 - value.abs().log10().floor() as i64).clamp(0, 340) as usize;
    // Rust prints an f64 in its shortest round-trip form, never with an exponent.
    let own = value
        .to_string()
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    column_decimals.max(three_significant.min(own))
}

/// Whether a cell is text (aligned left) rather than a number (aligned right).
pub fn is_text(cell: &Cell) -> bool {
    matches!(cell, Cell::Text(_) | Cell::Named(_) | Cell::Bool(_))
}

/// Full precision: Rust prints the shortest decimal that reads back to the same `f64`.
fn plain(cell: &Cell) -> String {
    match cell {
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) => v.to_string(),
        Cell::Text(s) => s.clone(),
        Cell::Bool(yes) => yes.to_string(),
        Cell::Named(pairs) => pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";"),
        Cell::Missing => String::new(),
    }
}

/// Five significant digits, for parameters of any size in the terminal table.
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return v.to_string();
    }
    let digits = (4 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    if v.abs() >= 1e-4 {
        format!("{v:.digits$}")
    } else {
        format!("{v:.4e}")
    }
}

fn csv(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let rows = std::iter::once(
        report
            .columns
            .iter()
            .map(|c| c.name.to_string())
            .collect::<Vec<_>>(),
    )
    .chain(
        report
            .rows
            .iter()
            .map(|row| row.iter().map(plain).collect()),
    );
    for row in rows {
        // Writing to a Vec cannot fail.
        writer.write_record(&row).unwrap_or_default();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn json(report: &Report) -> String {
    let rows: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            let object: Map<String, Value> = report
                .columns
                .iter()
                .zip(row)
                .map(|(column, cell)| {
                    let value = match cell {
                        Cell::Int(v) => Value::from(*v),
                        Cell::Num(v) => Value::from(*v),
                        Cell::Text(s) => Value::from(s.as_str()),
                        Cell::Bool(yes) => Value::from(*yes),
                        Cell::Named(pairs) => Value::Object(
                            pairs
                                .iter()
                                .map(|(k, v)| (k.clone(), Value::from(*v)))
                                .collect(),
                        ),
                        Cell::Missing => Value::Null,
                    };
                    (column.name.to_string(), value)
                })
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut meta = report.meta.clone();
    meta.insert("columns".into(), report.column_units());
    if !report.notes.is_empty() {
        meta.insert("notes".into(), Value::from(report.notes.clone()));
    }
    let document = serde_json::json!({ "meta": meta, "rows": rows });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        Report {
            notes: vec!["note".into()],
            meta: Map::new(),
            columns: vec![
                Column::number("year", "calendar year", 0),
                Column::number("x_mm3", "million m3", 2),
            ],
            rows: vec![
                vec![Cell::Int(2012), Cell::Num(0.1 + 0.2)],
                vec![Cell::Int(2013), Cell::Missing],
            ],
        }
    }

    #[test]
    fn csv_and_json_round_trip_full_precision() {
        let csv = render(&sample(), OutputFormat::Csv);
        assert_eq!(csv, "year,x_mm3\n2012,0.30000000000000004\n2013,\n");
        let json: Value =
            serde_json::from_str(&render(&sample(), OutputFormat::Json)).expect("valid JSON");
        assert_eq!(json["rows"][0]["x_mm3"].as_f64(), Some(0.1 + 0.2));
        assert_eq!(json["rows"][1]["x_mm3"], Value::Null);
        assert_eq!(json["meta"]["columns"][1]["unit"], "million m3");
    }

    #[test]
    fn rounding_never_hides_a_value() {
        // The column's decimals, or more where they would leave fewer than three significant
        // digits, but never more digits than the value has.
        let shown =
            |v: f64, decimals: usize| rounded(&Cell::Num(v), &Column::number("x", "", decimals));
        assert_eq!(shown(4.55, 0), "4.55");
        assert_eq!(shown(6420.0, 0), "6420");
        assert_eq!(shown(0.0012, 2), "0.0012");
        assert_eq!(shown(4.5, 0), "4.5");
        assert_eq!(shown(0.1 + 0.2, 2), "0.300");
        assert_eq!(shown(323.9612, 2), "323.96");
        assert_eq!(shown(0.011_234, 3), "0.0112");
        assert_eq!(shown(-4.55, 0), "-4.55");
        assert_eq!(shown(0.0, 3), "0.000");
        assert_eq!(shown(266_363_800.4, 0), "266363800");
        assert_eq!(shown(1.0e-7, 3), "0.0000001");
    }

    #[test]
    fn table_rounds_and_shows_notes_first() {
        let text = render(&sample(), OutputFormat::Table);
        assert!(text.starts_with("note\n"));
        assert!(text.contains("0.30"));
        assert!(!text.contains("0.30000000000000004"));
    }
}

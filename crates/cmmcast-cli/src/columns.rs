//! Which columns a table shows: `--columns LIST` picks them (in every format), and without it
//! the terminal table leaves out detail columns and whatever would make it wider than
//! [`MAX_TABLE_WIDTH`], saying in a note how to see them all. CSV and JSON keep every column.

use crate::failure::Failure;
use crate::render::rounded;
use crate::report::{Column, Report};

/// The widest terminal table, in characters: a 120-column terminal shows it without wrapping.
pub const MAX_TABLE_WIDTH: usize = 120;

/// The report with only the columns named in `wanted`, in that order. A name the report does
/// not have (or an empty one) is refused, naming the columns it has.
pub fn select(report: Report, wanted: &[String]) -> Result<Report, Failure> {
    let mut picked = Vec::with_capacity(wanted.len());
    for name in wanted {
        let name = name.trim();
        let Some(index) = report.columns.iter().position(|c| c.name == name) else {
            let names: Vec<&str> = report.columns.iter().map(|c| c.name.as_ref()).collect();
            let what = if name.is_empty() {
                "an empty column name".to_string()
            } else {
                format!(
                    "no column '{name}'{}",
                    cmmcast_data::suggest::did_you_mean(name, names.iter().copied())
                )
            };
            return Err(Failure::Usage(format!(
                "--columns has {what}; give column names separated by commas, from: {}",
                names.join(", ")
            )));
        };
        if !picked.contains(&index) {
            picked.push(index);
        }
    }
    Ok(keep(report, &picked))
}

/// The report as the default terminal table shows it: without its detail columns, and then
/// without any column that would take the table past [`MAX_TABLE_WIDTH`] (the first column is
/// always kept). When a column is left out, a note names them and how to see them.
pub fn fit_terminal(report: Report) -> Report {
    let mut width = 1;
    let mut kept = Vec::new();
    for (index, column) in report.columns.iter().enumerate() {
        if !column.in_terminal && index > 0 {
            continue;
        }
        let wide = column_width(&report, index) + 3;
        if kept.is_empty() || width + wide <= MAX_TABLE_WIDTH {
            width += wide;
            kept.push(index);
        }
    }
    if kept.len() == report.columns.len() {
        return report;
    }
    let left_out: Vec<String> = report
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| !kept.contains(i))
        .map(|(_, c)| c.name.to_string())
        .collect();
    let mut report = keep(report, &kept);
    report.notes.push(format!(
        "{} more column{} ({}) in --format csv or json; pick columns with --columns.",
        left_out.len(),
        if left_out.len() == 1 { "" } else { "s" },
        left_out.join(", ")
    ));
    report
}

/// The width of a column in the terminal table, in characters: its header or its widest cell.
fn column_width(report: &Report, index: usize) -> usize {
    let column: &Column = &report.columns[index];
    report
        .rows
        .iter()
        .filter_map(|row| row.get(index))
        .map(|cell| rounded(cell, column).chars().count())
        .chain(std::iter::once(column.name.chars().count()))
        .max()
        .unwrap_or(0)
}

/// The report with the columns at `indices`, in that order.
fn keep(mut report: Report, indices: &[usize]) -> Report {
    report.rows = report
        .rows
        .into_iter()
        .map(|row| {
            indices
                .iter()
                .filter_map(|&i| row.get(i).cloned())
                .collect()
        })
        .collect();
    report.columns = indices.iter().map(|&i| report.columns[i].clone()).collect();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;
    use serde_json::Map;

    fn report(names: &[&str], cell: &str) -> Report {
        Report {
            notes: Vec::new(),
            meta: Map::new(),
            columns: names
                .iter()
                .map(|n| Column::text(n.to_string(), ""))
                .collect(),
            rows: vec![names.iter().map(|_| Cell::Text(cell.into())).collect()],
        }
    }

    #[test]
    fn a_narrow_table_is_left_as_it_is() {
        let r = fit_terminal(report(&["a", "b"], "x"));
        assert_eq!(r.columns.len(), 2);
        assert!(r.notes.is_empty());
    }

    #[test]
    fn columns_that_would_pass_120_characters_are_left_out_with_a_note() {
        // Ten columns of 20 characters: 1 + 5 x (20 + 3) = 116 fits, a sixth makes 139.
        let names: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let r = fit_terminal(report(&names, &"x".repeat(20)));
        assert_eq!(r.columns.len(), 5);
        assert!(r.notes[0].starts_with("5 more columns (c5, c6, c7, c8, c9)"));
    }
}

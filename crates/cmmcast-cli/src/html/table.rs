//! A report as HTML tables that fit the page's width, on screen and on paper.
//!
//! A browser prints a table wider than the paper by cutting off its right-hand columns (the
//! forecast's upper_95, the projection's last ten), and on screen such a table needs a
//! horizontal scroll. So a wide table is shown in parts, each a table of its own with some of
//! the columns, each repeating the columns that name a row (the year, and a short label such as
//! `kind` beside it). How wide a column is, is estimated in characters from its header and its
//! cells as the page rounds them; headers may break after an underscore.
//!
//! A long table shows only the rows [`Rows`] names, with the gaps marked and a line under the
//! table naming the CSV that holds every row.

use std::fmt::Write as _;

use super::escape;
use super::rows::Rows;
use crate::render::{is_text, rounded};
use crate::report::{Cell, Column, Report};

/// Width of one part of a table, in characters of the table's type plus [`PADDING`] per
/// column. The page's column is 1000 px less its margins, about 117 digits of the screen
/// table's 12.8 px type (a digit about 0.64 em wide); A4 paper less 12 mm margins is 527 pt,
/// about 110 digits of the print table's 7.5 pt type. The header row is bold; the browser
/// breaks headers only where it must.
pub const WIDTH_BUDGET: usize = 110;

/// Characters' worth of a cell's padding and border (0.4 rem a side on screen, 3 pt in print).
const PADDING: usize = 2;

/// A text cell wraps at its spaces: it counts as at most this many characters wide.
const TEXT_WRAP: usize = 28;

/// A text column beside the first one names the row (with it) when no cell is longer.
const LABEL_CHARS: usize = 12;

/// Writes `report` as one or more tables (parts of its columns) with the rows `rows` names;
/// `stem` is the file name stem of the CSV beside the page that holds every row.
pub fn table(html: &mut String, report: &Report, rows: &Rows, stem: &str) {
    let texts: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|row| {
            report
                .columns
                .iter()
                .zip(row)
                .map(|(column, cell)| rounded(cell, column))
                .collect()
        })
        .collect();
    let parts = parts(report, &texts);
    let shown: Vec<usize> = match rows {
        Rows::All => (0..report.rows.len()).collect(),
        Rows::Some { keep, .. } => keep
            .iter()
            .copied()
            .filter(|&i| i < report.rows.len())
            .collect(),
    };
    html.push_str("<div class=\"table\">\n");
    if parts.len() > 1 {
        let keys = parts[0]
            .iter()
            .take_while(|&&c| key_columns(report).contains(&c))
            .map(|&c| report.columns[c].name.to_string())
            .collect::<Vec<_>>()
            .join(" and ");
        let _ = writeln!(
            html,
            "<p class=\"parts\">The table's {} columns are shown in {} parts, one under the other, each starting with {}.</p>",
            report.columns.len(),
            parts.len(),
            escape(&keys)
        );
    }
    let highlight = column_named(report, "recommended");
    for part in &parts {
        html.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
        for &c in part {
            let column = &report.columns[c];
            let _ = write!(
                html,
                "<th title=\"{}\">{}</th>",
                escape(column.unit),
                breakable(&column.name)
            );
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        let mut next = 0;
        for &i in &shown {
            if i > next {
                gap(html, i - next, part.len(), stem);
            }
            next = i + 1;
            let row = &report.rows[i];
            let marked = highlight
                .and_then(|h| row.get(h))
                .is_some_and(|cell| matches!(cell, Cell::Bool(true)));
            html.push_str(if marked {
                "<tr class=\"highlight\">"
            } else {
                "<tr>"
            });
            for &c in part {
                let class = match row.get(c) {
                    Some(cell) if !is_text(cell) => " class=\"num\"",
                    _ => "",
                };
                let text = texts[i].get(c).map_or("", String::as_str);
                let _ = write!(html, "<td{class}>{}</td>", escape(text));
            }
            html.push_str("</tr>\n");
        }
        if next < report.rows.len() {
            gap(html, report.rows.len() - next, part.len(), stem);
        }
        html.push_str("</tbody></table></div>\n");
    }
    if let Rows::Some { which, .. } = rows {
        let _ = writeln!(
            html,
            "<p class=\"files\">Shown: {} of {} rows, {}. Every row is in <code>{}.csv</code> beside this page.</p>",
            shown.len(),
            report.rows.len(),
            escape(which),
            escape(stem)
        );
    }
    html.push_str("</div>\n");
}

/// A row that stands for `count` rows left out.
fn gap(html: &mut String, count: usize, width: usize, stem: &str) {
    let rows = if count == 1 { "row" } else { "rows" };
    let _ = writeln!(
        html,
        "<tr class=\"gap\"><td colspan=\"{width}\">… {count} {rows} left out here (in {}.csv) …</td></tr>",
        escape(stem)
    );
}

/// A header that may break after each underscore or hyphen (`<wbr>`), so that a narrow column
/// does not take the width of its longest name.
fn breakable(name: &str) -> String {
    let mut html = String::with_capacity(name.len() + 16);
    for c in name.chars() {
        html.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        if c == '_' || c == '-' {
            html.push_str("<wbr>");
        }
    }
    html
}

/// The columns that name a row, repeated in every part: the first, and the second when it is a
/// short text label (a forecast's `kind`, a simulation's `quantity`).
fn key_columns(report: &Report) -> Vec<usize> {
    let label = report.columns.len() > 2
        && !report.rows.is_empty()
        && report.rows.iter().all(|row| match row.get(1) {
            Some(Cell::Text(t)) => t.chars().count() <= LABEL_CHARS,
            Some(Cell::Missing) => true,
            _ => false,
        });
    if report.columns.is_empty() {
        Vec::new()
    } else if label {
        vec![0, 1]
    } else {
        vec![0]
    }
}

/// The parts of a table: each the key columns then as many of the others, in order, as fit in
/// [`WIDTH_BUDGET`] (one part when all fit). The parts are about equally wide.
fn parts(report: &Report, texts: &[Vec<String>]) -> Vec<Vec<usize>> {
    let widths: Vec<usize> = report
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| width(column, texts.iter().filter_map(|row| row.get(c))))
        .collect();
    let keys = key_columns(report);
    let key_width: usize = keys.iter().map(|&c| widths[c]).sum();
    let rest: Vec<usize> = (0..report.columns.len())
        .filter(|c| !keys.contains(c))
        .collect();
    let rest_width: usize = rest.iter().map(|&c| widths[c]).sum();
    if key_width + rest_width <= WIDTH_BUDGET || rest.is_empty() {
        return vec![(0..report.columns.len()).collect()];
    }
    let room = WIDTH_BUDGET.saturating_sub(key_width).max(1);
    let count = rest_width.div_ceil(room);
    // Aim at equal parts; a part never goes past the room, and always holds one column.
    let target = rest_width.div_ceil(count);
    let mut parts = Vec::new();
    let mut part = keys.clone();
    let mut used = 0;
    for c in rest {
        let fits = used + widths[c] <= room;
        let full = used >= target || !fits;
        if used > 0 && full {
            parts.push(std::mem::replace(&mut part, keys.clone()));
            used = 0;
        }
        part.push(c);
        used += widths[c];
    }
    parts.push(part);
    parts
}

/// A column's width in characters: its header's longest piece between breaks, or its widest
/// cell (a text cell counted at most [`TEXT_WRAP`] wide), plus [`PADDING`].
fn width<'a>(column: &Column, cells: impl Iterator<Item = &'a String>) -> usize {
    let header = column
        .name
        .split_inclusive(['_', '-'])
        .map(|piece| piece.chars().count())
        .max()
        .unwrap_or(0);
    let cells = cells
        .map(|text| text.chars().count().min(TEXT_WRAP))
        .max()
        .unwrap_or(0);
    header.max(cells) + PADDING
}

/// The index of the column called `name`.
fn column_named(report: &Report, name: &str) -> Option<usize> {
    report.columns.iter().position(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    /// A table of one year column and `n` number columns `value_k_mm3`, with 3 rows of
    /// 6-character values (`123.45`).
    fn wide(n: usize) -> Report {
        let mut columns = vec![Column::number("year", "calendar year", 0)];
        columns.extend((1..=n).map(|k| Column::number(format!("value_{k}_mm3"), "million m3", 2)));
        Report {
            notes: Vec::new(),
            meta: Map::new(),
            columns,
            rows: (0..3)
                .map(|y| {
                    std::iter::once(Cell::Int(2017 + y))
                        .chain((0..n).map(|_| Cell::Num(123.45)))
                        .collect()
                })
                .collect(),
        }
    }

    /// Each value column is max(header piece "value_" 6, cell "123.45" 6) + 2 = 8 wide, the
    /// year max(4, 4) + 2 = 6: with 13 value columns 6 + 104 = 110 fits in 110; 24 of them
    /// take 192, more than the room of 110 - 6 = 104, so 2 parts of about 96 (12 columns)
    /// each, each starting with the year.
    #[test]
    fn a_wide_table_is_split_into_parts_that_each_start_with_the_year() {
        let fits = wide(13);
        let texts = texts_of(&fits);
        assert_eq!(parts(&fits, &texts), vec![(0..=13).collect::<Vec<_>>()]);
        let report = wide(24);
        let texts = texts_of(&report);
        let split = parts(&report, &texts);
        assert_eq!(split.len(), 2);
        for (p, part) in split.iter().enumerate() {
            assert_eq!(part[0], 0, "part {p} starts with the year");
            assert_eq!(part.len(), 13, "part {p} holds the year and 12 columns");
        }
        let all: Vec<usize> = split.iter().flat_map(|p| p[1..].to_vec()).collect();
        assert_eq!(
            all,
            (1..=24).collect::<Vec<_>>(),
            "every column once, in order"
        );
    }

    fn texts_of(report: &Report) -> Vec<Vec<String>> {
        report
            .rows
            .iter()
            .map(|row| {
                report
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| rounded(cell, column))
                    .collect()
            })
            .collect()
    }

    /// The rendered parts name the columns they repeat, and every header may break after its
    /// underscores.
    #[test]
    fn the_parts_say_what_they_repeat_and_headers_break_after_underscores() {
        let mut html = String::new();
        table(&mut html, &wide(24), &Rows::All, "forecast");
        assert!(html.contains(
            "The table's 25 columns are shown in 2 parts, one under the other, each starting with year."
        ));
        assert_eq!(html.matches("<table>").count(), 2);
        assert_eq!(
            html.matches("<th title=\"calendar year\">year</th>")
                .count(),
            2
        );
        assert!(html.contains("<th title=\"million m3\">value_<wbr>24_<wbr>mm3</th>"));
    }

    /// A short text label beside the first column (a forecast's `kind`) is repeated too; a
    /// long text (a model's parameters) is not.
    #[test]
    fn a_short_label_beside_the_first_column_names_the_row_too() {
        let mut report = wide(3);
        report.columns.insert(1, Column::text("kind", ""));
        for row in &mut report.rows {
            row.insert(1, Cell::Text("forecast".into()));
        }
        assert_eq!(key_columns(&report), [0, 1]);
        for row in &mut report.rows {
            row[1] = Cell::Text("intercept 220.6, slope_per_year 20.68".into());
        }
        assert_eq!(key_columns(&report), [0]);
    }

    /// Rows left out are marked where they were, and the line under the table names the CSV.
    #[test]
    fn rows_left_out_are_marked_and_the_csv_named() {
        let mut report = wide(2);
        report.rows = (0..10)
            .map(|i| vec![Cell::Int(i), Cell::Num(1.0), Cell::Num(2.0)])
            .collect();
        let rows = Rows::Some {
            keep: vec![0, 1, 5, 9],
            which: "the ones that matter".into(),
        };
        let mut html = String::new();
        table(&mut html, &report, &rows, "sizing");
        assert_eq!(html.matches("<tr><td class=\"num\">").count(), 4);
        assert!(html.contains(
            "<tr class=\"gap\"><td colspan=\"3\">… 3 rows left out here (in sizing.csv) …</td></tr>"
        ));
        assert_eq!(html.matches("class=\"gap\"").count(), 2);
        assert!(html.contains(
            "Shown: 4 of 10 rows, the ones that matter. Every row is in <code>sizing.csv</code> beside this page."
        ));
    }
}

//! Which rows of a long table the page shows. A sizing table runs to one row per engine count
//! tried (up to `--max-engines`), an NPV distribution to hundreds of ranks: on paper that is
//! pages of rows nobody reads. The page shows the rows that matter and says which; every row
//! stays in the CSV beside the page.

use std::collections::BTreeSet;

use crate::report::{Cell, Report};

/// Tables up to this many rows are shown whole.
pub const LONG_TABLE_ROWS: usize = 25;

/// Rows shown from the start of a table by engine count.
const FIRST_ROWS: usize = 3;

/// Rows shown on either side of the recommended one.
const AROUND_ROWS: usize = 2;

/// Shares at which a distribution table is shown (besides its ends and its zero crossing).
const SHARES: [f64; 7] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

/// The rows of a table the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Rows {
    /// Every row.
    #[default]
    All,
    /// Only some.
    Some {
        /// Indices of the rows shown, increasing.
        keep: Vec<usize>,
        /// Which rows these are, in words ("the first 3 counts, ...").
        which: String,
    },
}

impl Rows {
    /// For a table by engine count with a `recommended` column: the first counts, the
    /// recommended count with those either side of it, and the last count tried (where a
    /// "largest count tried" note points). Every row when the table is not long.
    pub fn engine_counts(table: &Report) -> Rows {
        let n = table.rows.len();
        if n <= LONG_TABLE_ROWS {
            return Rows::All;
        }
        let mut keep: BTreeSet<usize> = (0..FIRST_ROWS.min(n)).collect();
        keep.insert(n - 1);
        let marked = column(table, "recommended").and_then(|c| {
            table
                .rows
                .iter()
                .position(|row| matches!(row.get(c), Some(Cell::Bool(true))))
        });
        let around = match marked {
            Some(at) => {
                keep.extend(at.saturating_sub(AROUND_ROWS)..=(at + AROUND_ROWS).min(n - 1));
                format!(" the recommended count with the {AROUND_ROWS} either side,")
            }
            None => String::new(),
        };
        Rows::chosen(
            n,
            keep,
            format!("the first {FIRST_ROWS} counts,{around} and the last count tried"),
        )
    }

    /// For a distribution table (rows in increasing order of `value`, with the share of the
    /// whole at or below it in `share`): the lowest and the highest row, the first row at or
    /// above each of the shares 0.05, 0.1, 0.25, 0.5, 0.75, 0.9 and 0.95, and the two rows
    /// either side of `value` = 0 (where the chance of a loss is read). Every row when the
    /// table is not long.
    pub fn distribution(table: &Report, share: &str, value: &str) -> Rows {
        let n = table.rows.len();
        if n <= LONG_TABLE_ROWS {
            return Rows::All;
        }
        let number = |row: &Vec<Cell>, c: Option<usize>| match c.and_then(|c| row.get(c)) {
            Some(Cell::Num(v)) => Some(*v),
            Some(Cell::Int(v)) => Some(*v as f64),
            _ => None,
        };
        let (share_at, value_at) = (column(table, share), column(table, value));
        let mut keep: BTreeSet<usize> = [0, n - 1].into();
        for target in SHARES {
            if let Some(at) = table
                .rows
                .iter()
                .position(|row| number(row, share_at).is_some_and(|s| s >= target))
            {
                keep.insert(at);
            }
        }
        let below_zero = table
            .rows
            .iter()
            .rposition(|row| number(row, value_at).is_some_and(|v| v < 0.0));
        if let Some(at) = below_zero {
            keep.insert(at);
            keep.insert((at + 1).min(n - 1));
        }
        let shares = SHARES.map(|s| s.to_string());
        Rows::chosen(
            n,
            keep,
            format!(
                "the lowest and the highest, the first at or above each {share} of {} and {}, and either side of {value} = 0 where it crosses zero",
                shares[..shares.len() - 1].join(", "),
                shares[shares.len() - 1]
            ),
        )
    }

    /// `keep` of `n` rows, or every row when it holds them all.
    fn chosen(n: usize, keep: BTreeSet<usize>, which: String) -> Rows {
        if keep.len() >= n {
            Rows::All
        } else {
            Rows::Some {
                keep: keep.into_iter().collect(),
                which,
            }
        }
    }
}

/// The index of the column called `name`.
fn column(table: &Report, name: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Column;
    use serde_json::Map;

    /// A table of `n` engine counts, count `recommended` marked.
    fn engines(n: i64, recommended: Option<i64>) -> Report {
        Report {
            notes: Vec::new(),
            meta: Map::new(),
            columns: vec![
                Column::number("engines", "count", 0),
                Column::text("recommended", "true on the recommended row"),
            ],
            rows: (1..=n)
                .map(|count| vec![Cell::Int(count), Cell::Bool(Some(count) == recommended)])
                .collect(),
        }
    }

    /// 150 counts with 40 recommended: counts 1, 2, 3; 38 to 42; 150 (indices one less).
    #[test]
    fn a_long_sizing_table_keeps_its_start_the_recommendation_and_its_end() {
        let Rows::Some { keep, which } = Rows::engine_counts(&engines(150, Some(40))) else {
            panic!("150 rows are long");
        };
        assert_eq!(keep, [0, 1, 2, 37, 38, 39, 40, 41, 149]);
        assert_eq!(
            which,
            "the first 3 counts, the recommended count with the 2 either side, and the last count tried"
        );
    }

    /// A recommendation at either end adds no row past the table, and none is shown twice.
    #[test]
    fn a_recommendation_at_an_end_stays_inside_the_table() {
        let Rows::Some { keep, .. } = Rows::engine_counts(&engines(40, Some(40))) else {
            panic!("40 rows are long");
        };
        assert_eq!(keep, [0, 1, 2, 37, 38, 39]);
        let Rows::Some { keep, .. } = Rows::engine_counts(&engines(40, Some(1))) else {
            panic!("40 rows are long");
        };
        assert_eq!(keep, [0, 1, 2, 39]);
        let Rows::Some { keep, which } = Rows::engine_counts(&engines(40, None)) else {
            panic!("40 rows are long");
        };
        assert_eq!(keep, [0, 1, 2, 39]);
        assert_eq!(which, "the first 3 counts, and the last count tried");
    }

    #[test]
    fn short_tables_are_shown_whole() {
        assert_eq!(
            Rows::engine_counts(&engines(LONG_TABLE_ROWS as i64, Some(3))),
            Rows::All
        );
    }

    /// 100 ranks with NPV = rank - 31 (so ranks 1 to 30 lose money) and share = rank / 100:
    /// shares 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95 are first reached at ranks 5, 10, 25, 50,
    /// 75, 90, 95 (indices one less); the last loss is rank 30 (NPV -1), then rank 31 (NPV 0);
    /// with the ends, ranks 1 and 100.
    #[test]
    fn a_distribution_keeps_its_ends_its_shares_and_its_zero_crossing() {
        let table = Report {
            notes: Vec::new(),
            meta: Map::new(),
            columns: vec![
                Column::number("rank", "", 0),
                Column::number("npv", "CNY", 0),
                Column::number("share_at_or_below", "", 3),
            ],
            rows: (1..=100)
                .map(|rank| {
                    vec![
                        Cell::Int(rank),
                        Cell::Num((rank - 31) as f64),
                        Cell::Num(rank as f64 / 100.0),
                    ]
                })
                .collect(),
        };
        let Rows::Some { keep, which } = Rows::distribution(&table, "share_at_or_below", "npv")
        else {
            panic!("100 rows are long");
        };
        assert_eq!(keep, [0, 4, 9, 24, 29, 30, 49, 74, 89, 94, 99]);
        assert!(which.contains("0.05, 0.1, 0.25, 0.5, 0.75, 0.9 and 0.95"));
        assert!(which.contains("npv = 0"));
    }
}

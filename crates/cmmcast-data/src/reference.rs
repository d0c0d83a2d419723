//! A reference class: many real annual series, to measure forecasts against what happened and
//! to learn honest intervals from (`cmmcast backtest --reference`, the calibrated intervals).
//!
//! The CSV shape is long: a group column (any name, such as `country` or `site`), a `year`
//! column, and one or more value columns (any names, such as `coal_mt` and `gas_bcm`). Each
//! group and value column is one series; an empty cell is a year the series does not report.
//! The embedded reference class ([`ReferenceClass::embedded`]) is national coal and gas
//! production from the BP Statistical Review 2021 (`data/reference/`), read as it is.
//!
//! ```
//! use cmmcast_data::ReferenceClass;
//! let text = "country,year,coal_mt\nA,2000,10\nA,2001,11\nB,2000,5\n";
//! let class = ReferenceClass::parse(text, "mine.csv")?;
//! assert_eq!(class.series.len(), 2);
//! assert_eq!(class.series[0].name(), "A coal_mt");
//! # Ok::<(), cmmcast_data::DataError>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::dataset::Dataset;
use crate::embedded;
use crate::error::{DataError, Place, escape_controls};
use crate::limits::{MAX_QUANTITY, MAX_YEAR, MIN_YEAR};
use crate::text::{FileKind, decode, read_file};

/// One real series of a reference class: a group's values of one column, by year (sorted,
/// unique; missing years left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceSeries {
    /// The group (a country, a mine).
    pub group: String,
    /// The value column the series comes from (`coal_mt`, `gas_bcm`, `methane_mm3`, ...).
    pub quantity: String,
    /// Years, increasing.
    pub years: Vec<i32>,
    /// One value per year, finite and not negative.
    pub values: Vec<f64>,
}

impl ReferenceSeries {
    /// "group quantity", for messages and tables.
    pub fn name(&self) -> String {
        format!("{} {}", self.group, self.quantity)
    }

    /// The runs of consecutive years, as index ranges into `years` and `values`.
    pub fn consecutive_runs(&self) -> Vec<std::ops::Range<usize>> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=self.years.len() {
            if i == self.years.len() || self.years[i] != self.years[i - 1] + 1 {
                if i > start {
                    runs.push(start..i);
                }
                start = i;
            }
        }
        runs
    }
}

/// Many real series, with where they come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceClass {
    /// Where the series were read from.
    pub origin: String,
    /// The series, by group then column, in order of first appearance.
    pub series: Vec<ReferenceSeries>,
}

/// One column of one group: year → (value, line it was read from).
type ByYear = BTreeMap<i32, (f64, u64)>;

/// What [`ReferenceClass::load`] tells the user when the file does not exist.
const FIX_IF_MISSING: &str = "give the path of a reference-class CSV (a group column, year and \
    value columns), or leave the file out to use the embedded BP Statistical Review series";

impl ReferenceClass {
    /// National coal and gas production 1970–2020 (BP Statistical Review of World Energy 2021,
    /// via Our World in Data; `data/reference/README.md` gives the provenance), compiled in.
    pub fn embedded() -> ReferenceClass {
        ReferenceClass::parse(embedded::REFERENCE_CSV, embedded::REFERENCE_ORIGIN)
            .expect("the embedded reference class parses (checked by a test)")
    }

    /// Reads and checks a reference-class CSV, or a cmmcast dataset (JSON or TOML, or a CSV
    /// whose header is the dataset's: `site`, `year`, `coal_kt`, `methane_mm3`), whose sites'
    /// series become the reference class.
    pub fn load(path: &Path) -> Result<ReferenceClass, DataError> {
        let shown = path.display().to_string();
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if matches!(extension.as_deref(), Some("json" | "toml")) {
            return Ok(ReferenceClass::from_dataset(&Dataset::load(path)?));
        }
        let bytes = read_file(path, FileKind::Data, FIX_IF_MISSING)?;
        let text = decode(bytes, &shown)?;
        ReferenceClass::parse(&text, &shown)
    }

    /// The coal and methane series of every site of a dataset.
    pub fn from_dataset(dataset: &Dataset) -> ReferenceClass {
        let mut series = Vec::new();
        for site in dataset.sites() {
            let years = site.series.years().to_vec();
            for (quantity, values) in [
                (crate::COAL_COLUMN, site.series.coal_kt()),
                (crate::METHANE_COLUMN, site.series.methane_mm3()),
            ] {
                if let Some(values) = values {
                    series.push(ReferenceSeries {
                        group: site.name().to_string(),
                        quantity: quantity.to_string(),
                        years: years.clone(),
                        values: values.to_vec(),
                    });
                }
            }
        }
        ReferenceClass {
            origin: dataset.origin().to_string(),
            series,
        }
    }

    /// Reads and checks reference-class CSV text; `source` names it in messages.
    pub fn parse(text: &str, source: &str) -> Result<ReferenceClass, DataError> {
        let bad = |line: u64, problem: String| DataError::BadReference {
            at: Place::line(source, line),
            problem: problem.into_boxed_str(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = loop {
            match records.next() {
                None => {
                    return Err(DataError::Empty {
                        at: Place::file(source),
                    });
                }
                Some(Err(e)) => return Err(bad(1, format!("the header cannot be read ({e})"))),
                Some(Ok(record)) if record.iter().all(str::is_empty) => continue,
                Some(Ok(record)) => break record,
            }
        };
        let line_of = |record: &csv::StringRecord| record.position().map_or(1, |p| p.line());
        let names: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
        let header_line = line_of(&header);
        let Some(year) = names.iter().position(|n| n == "year") else {
            return Err(bad(
                header_line,
                "the header has no year column; name the column of calendar years `year`".into(),
            ));
        };
        if year == 0 || names.len() < 3 {
            return Err(bad(
                header_line,
                "the header must start with a group column (such as country or site), then year, \
                 then at least one value column (such as coal_mt)"
                    .into(),
            ));
        }
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(bad(
                    header_line,
                    format!(
                        "column {} of the header has no name; name every column",
                        i + 1
                    ),
                ));
            }
            if names[..i].contains(name) {
                return Err(bad(
                    header_line,
                    format!(
                        "column `{}` appears twice in the header; keep one",
                        escape_controls(name)
                    ),
                ));
            }
        }
        let value_columns: Vec<usize> = (1..names.len()).filter(|&i| i != year).collect();
        let mut data: Vec<(String, Vec<ByYear>)> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for record in records {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                bad(
                    line,
                    format!("the row cannot be read ({e}); check its quoting"),
                )
            })?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            let line = line_of(&record);
            if record.len() != names.len() {
                return Err(bad(
                    line,
                    format!(
                        "the row has {} fields but the header {}; give one field per column (empty where a value is missing)",
                        record.len(),
                        names.len()
                    ),
                ));
            }
            let group = &record[0];
            if group.is_empty() || group.chars().any(char::is_control) {
                return Err(bad(
                    line,
                    format!(
                        "field {}: `{}` is not a group name; give the country or site, without control characters",
                        names[0],
                        escape_controls(group)
                    ),
                ));
            }
            let y = &record[year];
            let year_value = y
                .parse::<i32>()
                .ok()
                .filter(|v| (MIN_YEAR..=MAX_YEAR).contains(v))
                .ok_or_else(|| {
                    bad(
                        line,
                        format!(
                            "field year: `{}` is not a calendar year from {MIN_YEAR} to {MAX_YEAR}; give a whole year such as 2012",
                            escape_controls(y)
                        ),
                    )
                })?;
            let slot = *index.entry(group.to_string()).or_insert_with(|| {
                data.push((
                    group.to_string(),
                    vec![BTreeMap::new(); value_columns.len()],
                ));
                data.len() - 1
            });
            for (k, &column) in value_columns.iter().enumerate() {
                let field = &record[column];
                if field.is_empty() {
                    continue;
                }
                let value = field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0 && *v <= MAX_QUANTITY)
                    .ok_or_else(|| {
                        bad(
                            line,
                            format!(
                                "field {}: `{}` is not a finite number from 0 to {MAX_QUANTITY:e}; give the year's value with a dot as the decimal separator, or leave the field empty",
                                names[column],
                                escape_controls(field)
                            ),
                        )
                    })?
                    + 0.0;
                if let Some(&(_, first)) = data[slot].1[k].get(&year_value) {
                    return Err(bad(
                        line,
                        format!(
                            "year {year_value} of {} {} appears again (first on line {first}); keep one row per group and year",
                            escape_controls(group),
                            names[column]
                        ),
                    ));
                }
                data[slot].1[k].insert(year_value, (value, line));
            }
        }
        let mut series = Vec::new();
        for (group, columns) in data {
            for (k, values) in columns.into_iter().enumerate() {
                if values.is_empty() {
                    continue;
                }
                series.push(ReferenceSeries {
                    group: group.clone(),
                    quantity: names[value_columns[k]].clone(),
                    years: values.keys().copied().collect(),
                    values: values.values().map(|&(v, _)| v).collect(),
                });
            }
        }
        if series.is_empty() {
            return Err(DataError::BadReference {
                at: Place::file(source),
                problem:
                    "the file has no value; give at least one row with a number in a value column"
                        .into(),
            });
        }
        Ok(ReferenceClass {
            origin: source.to_string(),
            series,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded file by hand: 62 countries, of which 34 report coal and 49 gas
    /// (`data/reference/README.md`), so 83 series; Algeria's gas starts at 2.43801 in 1970.
    #[test]
    fn the_embedded_class_holds_the_bp_series() {
        let class = ReferenceClass::embedded();
        assert_eq!(class.series.len(), 34 + 49);
        let coal = class
            .series
            .iter()
            .filter(|s| s.quantity == "coal_mt")
            .count();
        assert_eq!(coal, 34);
        let algeria = &class.series[0];
        assert_eq!(
            (algeria.group.as_str(), algeria.quantity.as_str()),
            ("Algeria", "gas_bcm")
        );
        assert_eq!((algeria.years[0], algeria.values[0]), (1970, 2.43801));
    }

    #[test]
    fn gaps_split_a_series_into_runs() {
        let text = "site,year,x\nA,2000,1\nA,2001,2\nA,2003,3\nA,2004,4\nA,2005,5\n";
        let class = ReferenceClass::parse(text, "t.csv").expect("parses");
        assert_eq!(class.series[0].consecutive_runs(), vec![0..2, 2..5]);
    }

    #[test]
    fn bad_files_are_refused_with_the_line_and_field() {
        for (text, expect) in [
            (
                "country,coal\nA,1\n",
                "t.csv, line 1: the header has no year column",
            ),
            (
                "year,country,coal\n2000,A,1\n",
                "t.csv, line 1: the header must start with a group column",
            ),
            (
                "c,year,x\nA,2000,-1\n",
                "t.csv, line 2: field x: `-1` is not a finite number",
            ),
            (
                "c,year,x\nA,20x0,1\n",
                "t.csv, line 2: field year: `20x0` is not a calendar year",
            ),
            (
                "c,year,x\nA,2000,1\nA,2000,2\n",
                "t.csv, line 3: year 2000 of A x appears again (first on line 2)",
            ),
            (
                "c,year,x\nA,2000\n",
                "t.csv, line 2: the row has 2 fields but the header 3",
            ),
            ("c,year,x\nA,2000,\n", "t.csv: the file has no value"),
        ] {
            let error = ReferenceClass::parse(text, "t.csv")
                .expect_err(text)
                .to_string();
            assert!(error.starts_with(expect), "{text:?}: {error}");
        }
    }
}

//! The one error type of this crate.
//!
//! Every variant is something the user can fix, and its message is one sentence that says
//! where the problem is (file, line or row, field) and what to do about it. Library code never
//! prints; the binary decides how to show the message and which exit code to use.

use std::fmt;

use crate::limits::MAX_QUANTITY;
use crate::suggest::did_you_mean;

/// Where in an input a problem was found: the file (or `embedded data`), and when known the
/// sheet of a workbook, the line, the site, the row (of a JSON/TOML site, or of a sheet) and the
/// column.
///
/// It renders as a short prefix such as `plan.csv, line 4`, `plan.json, site "North", row 3`
/// or `plan.xlsx, sheet "Plan", row 4, column C`, so every message starts by pointing at the
/// spot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The input's name as the user gave it (a path), or a description of embedded data.
    pub source: String,
    /// 1-based line number in the file, when the format lets us know it.
    pub line: Option<u64>,
    /// Site name, for errors found in one site of a JSON or TOML dataset.
    pub site: Option<String>,
    /// The row, sheet and column, when known: read them with [`Place::row_number`],
    /// [`Place::sheet`] and [`Place::column`]. Boxed, so that a place (which every error
    /// carries) stays small.
    pub(crate) detail: Option<Box<PlaceDetail>>,
}

/// The rarer parts of a [`Place`]: a row, a workbook's sheet, and a column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlaceDetail {
    /// 1-based row number within a site's `rows` list (JSON and TOML), or the row number a
    /// spreadsheet shows (workbooks).
    pub(crate) row: Option<u32>,
    sheet: Option<String>,
    column: Option<String>,
}

impl Place {
    /// A place that is a whole input, with no line.
    pub fn file(source: impl Into<String>) -> Self {
        Place {
            source: source.into(),
            line: None,
            site: None,
            detail: None,
        }
    }

    /// A place that is one line of an input.
    pub fn line(source: impl Into<String>, line: u64) -> Self {
        Place {
            line: Some(line),
            ..Place::file(source)
        }
    }

    /// A place that is one row of one site in a JSON or TOML input.
    pub fn row(source: impl Into<String>, site: impl Into<String>, row: u32) -> Self {
        Place {
            site: Some(site.into()),
            detail: Some(Box::new(PlaceDetail {
                row: Some(row),
                ..PlaceDetail::default()
            })),
            ..Place::file(source)
        }
    }

    /// A place that is a whole sheet of a workbook.
    pub fn of_sheet(source: impl Into<String>, sheet: impl Into<String>) -> Self {
        Place {
            detail: Some(Box::new(PlaceDetail {
                sheet: Some(sheet.into()),
                ..PlaceDetail::default()
            })),
            ..Place::file(source)
        }
    }

    /// A place that is one row of a workbook's sheet (the row number a spreadsheet shows).
    pub fn sheet_row(source: impl Into<String>, sheet: impl Into<String>, row: u32) -> Self {
        Place {
            detail: Some(Box::new(PlaceDetail {
                row: Some(row),
                sheet: Some(sheet.into()),
                column: None,
            })),
            ..Place::file(source)
        }
    }

    /// The same place, narrowed to one column (letters in a workbook, a position in a CSV).
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.detail.get_or_insert_default().column = Some(column.into());
        self
    }

    /// The same place, narrowed to one row (of a JSON/TOML site's `rows`, or of a sheet).
    pub fn in_row(mut self, row: u32) -> Self {
        self.detail.get_or_insert_default().row = Some(row);
        self
    }

    /// The row: of a JSON or TOML site's `rows` list, or the number a spreadsheet shows.
    pub fn row_number(&self) -> Option<u32> {
        self.detail.as_ref()?.row
    }

    /// The workbook's sheet, when the place is in one.
    pub fn sheet(&self) -> Option<&str> {
        self.detail.as_ref()?.sheet.as_deref()
    }

    /// The column: its letters in a workbook (`C`), its 1-based position in a CSV (`3`).
    pub fn column(&self) -> Option<&str> {
        self.detail.as_ref()?.column.as_deref()
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(sheet) = self.sheet() {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(site) = &self.site {
            write!(f, ", site \"{site}\"")?;
        }
        if let Some(row) = self.row_number() {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = self.column() {
            write!(f, ", column {column}")?;
        }
        Ok(())
    }
}

/// Everything that can be wrong with an input dataset or site-facts file.
///
/// Each message is a single sentence ending in what to do; callers can print it as is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file does not exist.
    #[error("{path}: no such file; {fix}")]
    NotFound {
        /// The path as given.
        path: String,
        /// What to do, which depends on what the file was for (data or site facts).
        fix: &'static str,
    },
    /// The path names a directory.
    #[error(
        "{path} is a directory, not a file; give the path of a CSV, JSON or TOML file inside it"
    )]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// The file exists but cannot be read (permissions, I/O error).
    #[error("{path} cannot be read ({reason}); check that the file is readable")]
    Unreadable {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file is larger than the limit for its kind (see `FileKind`); refused from its
    /// size on disk, before it is read.
    #[error("{path} is {size}, above the {limit} limit for {what}; {fix}")]
    FileTooLarge {
        /// The path as given.
        path: String,
        /// The file's size in words, such as `300.0 MiB (314,572,800 bytes)`.
        size: String,
        /// The limit in words, such as `256 MiB`.
        limit: String,
        /// What kind of file it was read as, such as `data files`.
        what: &'static str,
        /// What to do.
        fix: &'static str,
    },
    /// The file holds no bytes, or only whitespace.
    #[error(
        "{at} is empty; give a header line (year plus coal_kt and/or methane_mm3) and one row per year, or in JSON and TOML a non-empty `sites` list"
    )]
    Empty {
        /// The input.
        at: Place,
    },
    /// The file is not UTF-8 text (UTF-16, binary, or another legacy encoding).
    #[error("{at} is not UTF-8 text ({what}); save it as UTF-8 (CSV, JSON or TOML) and try again")]
    NotUtf8 {
        /// The input, with the line of the first bad byte when known.
        at: Place,
        /// What we think it is instead.
        what: String,
    },
    /// A CSV has a header line but no data.
    #[error("{at} has a header but no data rows; add one row per year below the header")]
    NoRows {
        /// The input.
        at: Place,
    },
    /// A CSV header without a `year` column.
    #[error(
        "{at}: the header has no year column; name the column that holds the calendar years `year`"
    )]
    NoYearColumn {
        /// The header line.
        at: Place,
    },
    /// A CSV header with no value column we know.
    #[error("{at}: the header has no value column; add at least one of the known columns: {known}")]
    NoValueColumn {
        /// The header line.
        at: Place,
        /// The known value columns, comma separated.
        known: String,
    },
    /// A CSV header with a column we do not know (often a unit typo such as `methane_m3`).
    #[error(
        "{at}: unknown column `{column}`{}; the known columns are {known} (units are part of the name), so rename or remove it",
        did_you_mean(column, known.split(", "))
    )]
    UnknownColumn {
        /// The header line.
        at: Place,
        /// The column as written.
        column: String,
        /// The known columns, comma separated.
        known: &'static str,
    },
    /// The same column twice in a header.
    #[error("{at}: column `{column}` appears twice in the header; keep one of them")]
    DuplicateColumn {
        /// The header line.
        at: Place,
        /// The column name.
        column: String,
    },
    /// A column without a name in the header that holds a value (an empty column, with an empty
    /// header and empty cells, is dropped: spreadsheet exports add them).
    #[error(
        "{at}: the column has no name in the header but holds `{value}`; name it in the header (one of {known}) or delete its values"
    )]
    ValueUnderEmptyHeader {
        /// The row and column of the value.
        at: Place,
        /// The value as written.
        value: String,
        /// The known columns, comma separated.
        known: &'static str,
    },
    /// A workbook that cannot be read, or a sheet or cell of it that cannot be used: the
    /// workbook's own format error, no sheets, too many cells, a formula without a saved result,
    /// a year's number shown as a date.
    #[error("{at}: {problem}")]
    BadWorkbook {
        /// The file, with the sheet, row and column when the problem is in one.
        at: Place,
        /// What is wrong and what to do (boxed to keep the enum at its size).
        problem: Box<str>,
    },
    /// `--sheet` names a sheet the workbook does not have.
    #[error(
        "{source_name} has no sheet \"{sheet}\"{}; give one of its sheets with --sheet: {available}",
        did_you_mean(sheet, available.split(", "))
    )]
    SheetNotFound {
        /// The workbook.
        source_name: String,
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets, in order, comma separated.
        available: String,
    },
    /// A file named as a workbook (`.xlsx`, `.ods`, ...) that does not hold one.
    #[error(
        "{path} is named as a workbook but does not hold one (an .xlsx, .xlsm, .xlsb or .ods file is a zip archive, an .xls file an OLE compound file, and this is neither); if it holds CSV text rename it to .csv, otherwise save it again from the spreadsheet program"
    )]
    NotAWorkbook {
        /// The path as given.
        path: String,
    },
    /// `--sheet` given with a file that is not a workbook.
    #[error(
        "{path} is not a workbook (.xlsx, .xlsm, .xlsb, .xls or .ods), so it has no sheets to choose from; leave out --sheet"
    )]
    SheetWithoutWorkbook {
        /// The path as given.
        path: String,
    },
    /// A quoted CSV field that runs past the end of its line: a closing quote is missing.
    #[error(
        "{at}: a quoted field runs past the end of the line, so a closing quote is probably missing; close the quote on the same line"
    )]
    UnclosedQuote {
        /// The line where the field starts.
        at: Place,
    },
    /// A file separated by semicolons, typical of spreadsheets with decimal commas.
    #[error(
        "{at}: the file looks semicolon-separated with decimal commas, which is not accepted; save it as comma-separated CSV with a dot as the decimal separator (222.94, not 222,94)"
    )]
    SemicolonSeparated {
        /// The header line.
        at: Place,
    },
    /// A reference-class CSV that cannot be used.
    #[error("{at}: {problem}")]
    BadReference {
        /// The file and line.
        at: Place,
        /// What is wrong and what to do.
        problem: Box<str>,
    },
    /// A file separated by tabs.
    #[error(
        "{at}: the file looks tab-separated, which is not accepted; save it as comma-separated CSV with a dot as the decimal separator"
    )]
    TabSeparated {
        /// The header line.
        at: Place,
    },
    /// A CSV whose first line holds numbers instead of column names.
    #[error(
        "{at}: the first line holds numbers, not column names; add a header line such as `year,coal_kt,methane_mm3`"
    )]
    MissingHeader {
        /// The first line.
        at: Place,
    },
    /// A row with more or fewer fields than the header.
    #[error(
        "{at}: the row has {found} fields but the header has {expected}; give exactly one value per column"
    )]
    FieldCount {
        /// The row's line.
        at: Place,
        /// Number of header columns.
        expected: usize,
        /// Number of fields on the row.
        found: usize,
    },
    /// A field is empty where a value is needed.
    #[error("{at}, field {field}: the field is empty; {fix}")]
    EmptyField {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// What to do, which depends on the column.
        fix: String,
    },
    /// A field that is not a number.
    #[error(
        "{at}, field {field}: `{value}` is not a number; write a plain decimal number such as 222.94"
    )]
    NotANumber {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// A JSON or TOML value of another type (text, `true`, ...) where a number belongs.
    #[error(
        "{at}, field {field}: `{value}` is not a number; write it as a bare number without quotes, such as 2012 or 222.94"
    )]
    WrongType {
        /// The row, or the site for a site fact.
        at: Place,
        /// The key.
        field: &'static str,
        /// The value as written in the file.
        value: String,
    },
    /// A site name holding a control character (a line break, tab, escape, ...).
    #[error(
        "{at}, field {field}: the site name `{value}` holds a control character (a line break, tab or other invisible character); remove it"
    )]
    ControlCharacter {
        /// The row (CSV) or the file (JSON, TOML).
        at: Place,
        /// The key: `site` (CSV) or `name` (JSON, TOML).
        field: &'static str,
        /// The name with its control characters escaped (`\n`, `\u{1b}`), so it stays on one
        /// line.
        value: String,
    },
    /// A number written with a comma (decimal comma or thousands separator).
    #[error(
        "{at}, field {field}: `{value}` uses a comma, and comma decimals (or thousands separators) are not accepted; write it with a dot and no separators, such as 222.94 or 6420"
    )]
    CommaInNumber {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// NaN or infinity.
    #[error(
        "{at}, field {field}: `{value}` is not a finite number; give a measured or planned value, or remove the row"
    )]
    NotFinite {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// A number too large to represent, or too large to be a plausible annual quantity.
    #[error("{at}, field {field}: `{value}` is too large (the limit is {limit:e}); check the unit of the column", limit = MAX_QUANTITY)]
    TooLarge {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// A negative quantity.
    #[error(
        "{at}, field {field}: `{value}` is negative; annual quantities cannot be below zero, so correct the value"
    )]
    Negative {
        /// The row.
        at: Place,
        /// The column.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// A year with a fractional part.
    #[error(
        "{at}, field year: `{value}` is not a whole year; give calendar years such as 2012 (one row per year)"
    )]
    FractionalYear {
        /// The row.
        at: Place,
        /// The text found.
        value: String,
    },
    /// A year outside the accepted range.
    #[error(
        "{at}, field year: `{value}` is not a four-digit calendar year between {min} and {max}; correct the year"
    )]
    YearOutOfRange {
        /// The row.
        at: Place,
        /// The text found.
        value: String,
        /// Smallest accepted year.
        min: i32,
        /// Largest accepted year.
        max: i32,
    },
    /// The same year twice for one site.
    #[error(
        "{source_name}: year {year} appears twice for site \"{site}\" ({first} and {second}); keep one row per year and site"
    )]
    DuplicateYear {
        /// The input.
        source_name: String,
        /// The site.
        site: String,
        /// The repeated year.
        year: i32,
        /// Where it first appears (for example `line 3` or `row 2`).
        first: String,
        /// Where it appears again.
        second: String,
    },
    /// A production plan (years with coal and no methane after the last year with methane)
    /// with a year missing.
    #[error(
        "{at}: planned year {year} does not follow on from {previous}; a production plan (coal_kt without methane_mm3) runs year by year after the last year with methane_mm3, so add the planned coal_kt of {missing}"
    )]
    PlanGap {
        /// The row of the year after the gap.
        at: Place,
        /// The year after the gap.
        year: i32,
        /// The year before the gap (the last year with methane, or the previous planned year).
        previous: i32,
        /// The missing years, in words (`2025` or `2025 to 2026`).
        missing: String,
    },
    /// A site without any value.
    #[error(
        "{source_name}: site \"{site}\" has no coal_kt or methane_mm3 values; give at least one of them for every year"
    )]
    NoValues {
        /// The input.
        source_name: String,
        /// The site.
        site: String,
    },
    /// A site whose rows give no year at all.
    #[error(
        "{source_name}: site \"{site}\" has no rows; give at least one year of data or remove the site"
    )]
    SiteWithoutRows {
        /// The input.
        source_name: String,
        /// The site.
        site: String,
    },
    /// An empty site name.
    #[error("{at}: the site name is empty; give every site a name")]
    EmptySiteName {
        /// Where.
        at: Place,
    },
    /// The same site defined twice in a JSON or TOML file.
    #[error("{source_name}: site \"{site}\" is defined twice; merge its rows into one entry")]
    DuplicateSite {
        /// The input.
        source_name: String,
        /// The site.
        site: String,
    },
    /// JSON or TOML that does not parse or has the wrong shape or types.
    #[error("{at}: {format} error: {message}; see docs/DATA.md for the expected shape")]
    Syntax {
        /// The input, with the line when the parser knows it.
        at: Place,
        /// `JSON` or `TOML`.
        format: &'static str,
        /// The parser's description, in one line.
        message: String,
    },
    /// A site fact out of range (non-positive capacity, unsupported volume basis, ...).
    #[error("{at}, field {field}: {problem}")]
    BadFact {
        /// Where.
        at: Place,
        /// The key.
        field: &'static str,
        /// What is wrong and what to do.
        problem: String,
    },
    /// A scenario file that parses as TOML but breaks a scenario rule: an unknown table, input,
    /// distribution or parameter, a missing parameter, a wrong type, a non-finite number, a
    /// distribution rule (sd above 0, min below max, ...) or an input's allowed range.
    #[error("{at}, key {key}: {problem}")]
    BadScenario {
        /// The file and the line of the offending key or value.
        at: Place,
        /// The key's dotted path, such as `inputs.efficiency.sd`.
        key: String,
        /// What is wrong and what is allowed instead (boxed to keep the enum at its size).
        problem: Box<str>,
    },
    /// Facts given for a site that is not in the data.
    #[error(
        "{source_name}: facts are given for site \"{site}\"{}, which is not in the data (sites: {available}); fix the name",
        did_you_mean(site, available.split(", "))
    )]
    FactsForUnknownSite {
        /// The facts file.
        source_name: String,
        /// The site named in the facts.
        site: String,
        /// The sites that exist.
        available: String,
    },
    /// Sites that name one plant (`plant_name`, or `--combine`) but cannot feed it together:
    /// plant facts that disagree, different volume bases, a plant named like a site, a mine
    /// without methane, or mines without a common year.
    #[error("{source_name}: {problem}")]
    BadPlantFeed {
        /// The file whose facts are combined.
        source_name: String,
        /// The plant.
        plant: String,
        /// What is wrong, naming the sites, and what to do.
        problem: String,
    },
    /// A series built in code that breaks the series rules.
    #[error("{0}")]
    InvalidSeries(#[from] SeriesProblem),
    /// `--site` names a site that is not in the data.
    #[error(
        "site \"{requested}\"{} is not in {source_name}; choose one of these sites: {available}",
        did_you_mean(requested, available.split(", "))
    )]
    UnknownSite {
        /// The site asked for.
        requested: String,
        /// The input.
        source_name: String,
        /// The sites that exist, comma separated.
        available: String,
    },
}

/// Why `AnnualSeries::new` refused its arguments, carried by [`DataError::InvalidSeries`]. (For
/// callers building series in code; file loading reports richer [`DataError`] variants with
/// line numbers.) It lives here, next to [`DataError`], so that the series module can use the
/// error module without the error module using it back.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SeriesProblem {
    /// No years.
    #[error("the series has no years; give at least one")]
    Empty,
    /// Neither coal nor methane given.
    #[error("the series has neither coal_kt nor methane_mm3 values; give at least one of them")]
    NoValues,
    /// A value vector whose length differs from the years'.
    #[error("{field} has {found} values for {expected} years; give one value per year")]
    Length {
        /// Which series.
        field: &'static str,
        /// Number of years.
        expected: usize,
        /// Number of values.
        found: usize,
    },
    /// A production plan given for a series without both coal and methane.
    #[error(
        "a coal plan needs a history with both coal_kt and methane_mm3, since the plan is turned into methane by the history's methane per tonne; give both"
    )]
    PlanWithoutHistory,
    /// A planned year out of its place.
    #[error(
        "planned year {year} should be {expected}; planned years follow one another from the year after the last year with methane, so give them in that order without gaps"
    )]
    PlanYear {
        /// The year given.
        year: i32,
        /// The year expected there.
        expected: i32,
    },
    /// A repeated year.
    #[error("year {0} appears twice; keep one value per year")]
    DuplicateYear(i32),
    /// NaN, infinite or negative value.
    #[error("{field} for {year} is {value}, but values must be finite and not negative")]
    BadValue {
        /// Which series.
        field: &'static str,
        /// The year.
        year: i32,
        /// The value.
        value: f64,
    },
}

/// `text` with its control characters escaped (`\n`, `\t`, `\u{1b}`) and everything else as
/// it is, so that a name or key from a file or the command line keeps a message on one line.
pub(crate) fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Shorthand for results in this crate.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

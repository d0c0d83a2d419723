//! Reading an input file into UTF-8 text, with a clear refusal for everything that is not:
//! missing files, directories, files above the size limit, empty files, UTF-16, binary data and
//! legacy 8-bit encodings.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::error::{DataError, Place};

/// Largest data file (`--input`) read: 256 MiB (268,435,456 bytes).
///
/// Why a limit: a dataset is read whole and held in memory while it is checked, and a command's
/// output is built whole before it is written (so that a failure never leaves half a file).
/// Measured (docs/ROBUSTNESS.md, "Large inputs"), a whole `cmmcast data` run peaks at about 10
/// times the size of a CSV file and 5 times that of a JSON file, in proportion to the rows.
/// Annual plans are tens of rows a site, so a file of hundreds of megabytes is almost always the
/// wrong file (a log, a database dump, a daily series). 256 MiB is about 8.7 million CSV rows,
/// more than 8,000 sites with a thousand years each, read in under 3 GB; a larger file is
/// refused from its size on disk, before any of it is read, with a message that says to split
/// it. TOML has its own, smaller limit: [`MAX_TOML_DATA_FILE_BYTES`].
pub const MAX_DATA_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Largest TOML data file (`--input plan.toml`) read: 32 MiB.
///
/// The TOML parser builds a tree of the whole document before it is checked, at about 40 bytes
/// of memory for each byte of file (2.5 KB for a row of `{ year = .., coal_kt = ..,
/// methane_mm3 = .. }`, measured). 32 MiB is about 550,000 rows and 1.4 GB; larger data belongs
/// in CSV or JSON, which the refusal says.
pub const MAX_TOML_DATA_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Largest workbook (`--input plan.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read: 64 MiB.
///
/// A workbook is compressed: its sheets' cells take many times its size once read, and calamine
/// holds an `.ods` file's whole sheet text and an `.xls` file's sheets while reading. A whole
/// sheet of the four known columns (1,048,576 rows, a spreadsheet's limit) is about 24 MB as
/// `.xlsx` (measured on a synthetic sheet of such rows: 154 MB of sheet XML, deflated), so
/// 64 MiB holds any annual plan with room to spare. The cells read from a sheet have a limit of
/// their own, `MAX_WORKBOOK_CELLS`, since a small file can unpack to many cells. A workbook
/// saved under another name (`plan.csv`) is held to this limit too, once its first bytes show
/// what it is.
pub const MAX_WORKBOOK_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest site-facts file (`--facts`) read: 16 MiB.
///
/// A facts file holds no rows, only a few lines a site; 16 MiB is facts with full provenance
/// for tens of thousands of sites. A larger file is almost certainly a data file given as facts.
pub const MAX_FACTS_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Largest scenario file (`--scenario`) read: 1 MiB.
///
/// A scenario sets at most ten inputs; the commented Songzao default is under 10 KiB.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 1024 * 1024;

/// What a file is read for: it sets the largest size accepted and what a refusal suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A CSV or JSON dataset (`--input`): at most [`MAX_DATA_FILE_BYTES`].
    Data,
    /// A TOML dataset (`--input`): at most [`MAX_TOML_DATA_FILE_BYTES`].
    TomlData,
    /// A workbook dataset (`--input`): at most [`MAX_WORKBOOK_FILE_BYTES`].
    Workbook,
    /// A site-facts file (`--facts`): at most [`MAX_FACTS_FILE_BYTES`].
    Facts,
    /// A scenario file (`--scenario`): at most [`MAX_SCENARIO_FILE_BYTES`].
    Scenario,
}

impl FileKind {
    /// The largest file of this kind that is read, in bytes.
    pub const fn max_bytes(self) -> u64 {
        match self {
            FileKind::Data => MAX_DATA_FILE_BYTES,
            FileKind::TomlData => MAX_TOML_DATA_FILE_BYTES,
            FileKind::Workbook => MAX_WORKBOOK_FILE_BYTES,
            FileKind::Facts => MAX_FACTS_FILE_BYTES,
            FileKind::Scenario => MAX_SCENARIO_FILE_BYTES,
        }
    }

    /// The kind in words, as the refusal names it.
    fn describe(self) -> &'static str {
        match self {
            FileKind::Data => "data files",
            FileKind::TomlData => "TOML data files",
            FileKind::Workbook => "workbooks",
            FileKind::Facts => "site-facts files",
            FileKind::Scenario => "scenario files",
        }
    }

    /// What to do with a file that is too large.
    fn fix(self) -> &'static str {
        match self {
            FileKind::Data => {
                "split it into smaller files, for example one per site, and run cmmcast on each"
            }
            FileKind::TomlData => {
                "save large data as CSV or JSON (up to 256 MiB), which take far less memory to \
                 read, or split it into smaller files"
            }
            FileKind::Workbook => {
                "keep the annual rows in a workbook of their own (one sheet of them is enough), \
                 or save the sheet as CSV (up to 256 MiB)"
            }
            FileKind::Facts => {
                "a site-facts file holds only a few lines a site and no rows, so check that this \
                 is the facts file and not a data file"
            }
            FileKind::Scenario => {
                "a scenario sets at most ten inputs, so check that this is the scenario file"
            }
        }
    }

    /// Refuses a file of `size` bytes when it is above this kind's limit.
    ///
    /// This is the check `Dataset::load`, `Dataset::with_facts_file` and
    /// `Scenario::load` make with the size on disk before reading anything; it is
    /// public so that the limit can be checked (and tested) without a file of that size.
    ///
    /// ```
    /// use cmmcast_data::{FileKind, MAX_DATA_FILE_BYTES};
    /// assert!(FileKind::Data.check_size("plan.csv", MAX_DATA_FILE_BYTES).is_ok());
    /// let err = FileKind::Data
    ///     .check_size("plan.csv", 300 * 1024 * 1024)
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "plan.csv is 300.0 MiB (314,572,800 bytes), above the 256 MiB limit for data files; \
    ///      split it into smaller files, for example one per site, and run cmmcast on each"
    /// );
    /// ```
    pub fn check_size(self, path: &str, size: u64) -> Result<(), DataError> {
        if size <= self.max_bytes() {
            return Ok(());
        }
        Err(self.too_large(path, Some(size)))
    }

    fn too_large(self, path: &str, size: Option<u64>) -> DataError {
        DataError::FileTooLarge {
            path: path.into(),
            size: size.map_or_else(
                || format!("more than {}", limit_text(self.max_bytes())),
                size_text,
            ),
            limit: limit_text(self.max_bytes()),
            what: self.describe(),
            fix: self.fix(),
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// A limit in MiB, which every limit is a whole number of: `256 MiB`.
fn limit_text(bytes: u64) -> String {
    format!("{} MiB", bytes / MIB)
}

/// A file's size in MiB with one decimal and in bytes: `300.0 MiB (314,572,800 bytes)`.
fn size_text(bytes: u64) -> String {
    format!(
        "{:.1} MiB ({} bytes)",
        bytes as f64 / MIB as f64,
        thousands(bytes)
    )
}

/// `314572800` as `314,572,800`: counts in messages and reports, grouped as a reader of
/// English expects.
///
/// ```
/// assert_eq!(cmmcast_data::thousands(2468), "2,468");
/// assert_eq!(cmmcast_data::thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Reads the file at `path` whole, as bytes, unless it is missing, a directory, unreadable or
/// larger than `kind` allows.
///
/// The size on disk is checked before anything is read, and the read itself stops one byte past
/// the limit, so that a file whose size the system does not know in advance (a pipe, a file
/// growing while it is read) is refused too without being held whole.
///
/// `fix_if_missing` is what the message tells the user to do when the file does not exist.
pub(crate) fn read_file(
    path: &Path,
    kind: FileKind,
    fix_if_missing: &'static str,
) -> Result<Vec<u8>, DataError> {
    let shown = path.display().to_string();
    let unreadable = |err: std::io::Error| match err.kind() {
        ErrorKind::NotFound => DataError::NotFound {
            path: shown.clone(),
            fix: fix_if_missing,
        },
        ErrorKind::IsADirectory => DataError::IsDirectory {
            path: shown.clone(),
        },
        // Some platforms report reading a directory as another error kind.
        _ if path.is_dir() => DataError::IsDirectory {
            path: shown.clone(),
        },
        _ => DataError::Unreadable {
            path: shown.clone(),
            reason: err.to_string(),
        },
    };
    let file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(DataError::IsDirectory { path: shown });
    }
    let size = metadata.len();
    kind.check_size(&shown, size)?;
    let limit = kind.max_bytes();
    // The size on disk is at most the limit here, so this allocation is bounded too.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(kind.too_large(&shown, None));
    }
    Ok(bytes)
}

/// Checks that `bytes` are non-empty UTF-8 text and strips a byte-order mark.
pub(crate) fn decode(bytes: Vec<u8>, source: &str) -> Result<String, DataError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DataError::NotUtf8 {
            at: Place::file(source),
            what: "it starts with a UTF-16 byte-order mark".into(),
        });
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let what = if looks_like_utf16(&bytes) {
            "it looks like UTF-16 text".to_string()
        } else {
            format!("it holds binary data: a zero byte at offset {nul}")
        };
        return Err(DataError::NotUtf8 {
            at: Place::file(source),
            what,
        });
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = 1 + err.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        DataError::NotUtf8 {
            at: Place::line(source, line),
            what: format!(
                "byte 0x{:02X} at offset {valid} is not valid UTF-8, perhaps Latin-1 or Windows-1252",
                err.as_bytes()[valid]
            ),
        }
    })?;
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(DataError::Empty {
            at: Place::file(source),
        });
    }
    Ok(text)
}

/// UTF-16 text of ASCII characters has a zero in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    half > 0 && (zeros_at(0) * 10 >= half * 9 || zeros_at(1) * 10 >= half * 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_limits_are_written_in_mib_and_bytes() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(268_435_457), "268,435,457");
        let err = FileKind::Scenario
            .check_size("s.toml", MAX_SCENARIO_FILE_BYTES + 1)
            .expect_err("one byte too many");
        assert_eq!(
            err.to_string(),
            "s.toml is 1.0 MiB (1,048,577 bytes), above the 1 MiB limit for scenario files; a \
             scenario sets at most ten inputs, so check that this is the scenario file"
        );
        assert!(
            FileKind::Facts
                .check_size("f", MAX_FACTS_FILE_BYTES)
                .is_ok()
        );
        assert!(
            FileKind::Facts
                .check_size("f", MAX_FACTS_FILE_BYTES + 1)
                .is_err()
        );
    }

    #[test]
    fn a_file_of_unknown_size_is_read_only_up_to_the_limit() {
        // /dev/zero reports a size of 0 and never ends: the read stops one byte past the limit.
        let path = Path::new("/dev/zero");
        if !path.exists() {
            return;
        }
        let err = read_file(path, FileKind::Scenario, "").expect_err("endless");
        assert_eq!(
            err.to_string(),
            "/dev/zero is more than 1 MiB, above the 1 MiB limit for scenario files; a scenario \
             sets at most ten inputs, so check that this is the scenario file"
        );
    }

    #[test]
    fn bom_is_stripped_and_utf16_refused() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFyear".to_vec(), "t").expect("utf-8"),
            "year"
        );
        let utf16: Vec<u8> = "year,coal_kt\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = decode(utf16, "t").expect_err("utf-16");
        assert!(err.to_string().contains("UTF-16"), "{err}");
        let err = decode(b"year\n\xE9t\xE9".to_vec(), "t").expect_err("latin-1");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(matches!(
            decode(b" \n\n".to_vec(), "t"),
            Err(DataError::Empty { .. })
        ));
    }
}

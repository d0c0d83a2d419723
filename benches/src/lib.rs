//! Shared helpers for the cmmcast benchmarks: generated input files for the workloads named in
//! `docs/BENCHMARKS.md`.
//!
//! The generators are deterministic (a fixed-seed SplitMix64), so every run and every machine
//! times the same bytes, and `benches/compare/data_load.py` can replicate them exactly for the
//! pandas comparison.
//!
//! ```
//! let csv = cmmcast_benches::long_csv(2, 3);
//! assert!(csv.starts_with("site,year,coal_kt,methane_mm3\n"));
//! assert_eq!(csv.lines().count(), 1 + 2 * 3);
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The header line of [`long_csv`], without its line end.
pub const LONG_CSV_HEADER: &str = "site,year,coal_kt,methane_mm3";

/// The first year of every site in [`long_csv`].
pub const FIRST_YEAR: i32 = 1500;

/// The seed of [`long_csv`]'s generator (mirrored in `benches/compare/data_load.py`).
pub const SEED: u64 = 0x00C0_FFEE;

/// A SplitMix64 generator: tiny, fast, and simple to replicate in another language.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next pseudo-random 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (with a negligible modulo bias; `bound` must not be zero).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }
}

/// A long CSV (`site,year,coal_kt,methane_mm3`) of `sites` sites with `years` consecutive years
/// each, starting at [`FIRST_YEAR`]: `sites * years` data rows, in a shuffled order so that the
/// loader's grouping and sorting are exercised.
///
/// Sites are named `site-0000`, `site-0001`, ...; `coal_kt` has one decimal in 0.0..=99999.9
/// and `methane_mm3` two decimals in 0.00..=9999.99, both drawn from [`SplitMix64`] seeded
/// with [`SEED`]. Values are drawn as whole tenths and hundredths so the text is exactly
/// reproducible in any language. The same arguments always give the same bytes.
///
/// 1,000 sites x 1,000 years is about 30 MB of text.
///
/// # Panics
///
/// When the years would run past 9999 (`years > 8500`), which the loader refuses.
pub fn long_csv(sites: usize, years: usize) -> String {
    assert!(
        years <= (cmmcast_data::MAX_YEAR - FIRST_YEAR + 1) as usize,
        "years must end by {}",
        cmmcast_data::MAX_YEAR
    );
    let mut rng = SplitMix64::new(SEED);
    let rows = sites * years;
    // Values in natural (site, year) order, then the rows shuffled (Fisher–Yates).
    let values: Vec<(u64, u64)> = (0..rows)
        .map(|_| (rng.below(1_000_000), rng.below(1_000_000)))
        .collect();
    let mut order: Vec<usize> = (0..rows).collect();
    for i in (1..rows).rev() {
        // `i + 1` fits in u64 and the draw is at most `i`, so both conversions are lossless.
        let j = rng.below((i + 1) as u64) as usize;
        order.swap(i, j);
    }
    let mut text = String::with_capacity(32 + rows * 32);
    text.push_str(LONG_CSV_HEADER);
    text.push('\n');
    for row in order {
        let (site, year) = (row / years, row % years);
        let (coal_tenths, methane_hundredths) = values[row];
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "site-{site:04},{year},{}.{},{}.{:02}",
            coal_tenths / 10,
            coal_tenths % 10,
            methane_hundredths / 100,
            methane_hundredths % 100,
            year = FIRST_YEAR as usize + year,
        );
    }
    text
}

/// A file in the system's temporary directory that is deleted when dropped.
///
/// ```
/// let file = cmmcast_benches::TempFile::create("doc-example.csv", "year,coal_kt\n2012,1\n")
///     .expect("temp dir is writable");
/// assert!(file.path().exists());
/// let path = file.path().to_path_buf();
/// drop(file);
/// assert!(!path.exists());
/// ```
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Writes `contents` to a new file whose name ends with `name` (prefixed with the process
    /// id so that concurrent runs do not collide). The extension of `name` decides the format
    /// `Dataset::load` reads.
    pub fn create(name: &str, contents: &str) -> std::io::Result<TempFile> {
        let path =
            std::env::temp_dir().join(format!("cmmcast-bench-{}-{name}", std::process::id()));
        std::fs::write(&path, contents)?;
        Ok(TempFile { path })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Best effort: a leftover file in the temp dir is harmless.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_csv_is_deterministic_and_loads() {
        let text = long_csv(3, 4);
        assert_eq!(text, long_csv(3, 4));
        let data = cmmcast_data::Dataset::parse(&text, cmmcast_data::Format::Csv, "gen", "x")
            .expect("generated data is valid");
        assert_eq!(
            data.site_names(),
            vec!["site-0000", "site-0001", "site-0002"]
        );
        for site in data.sites() {
            assert_eq!(site.series.years(), &[1500, 1501, 1502, 1503]);
        }
    }

    #[test]
    fn rows_are_shuffled() {
        let text = long_csv(10, 10);
        let first_rows: Vec<&str> = text.lines().skip(1).take(3).collect();
        assert!(
            !first_rows.iter().all(|line| line.starts_with("site-0000,")),
            "{first_rows:?}"
        );
    }
}

//! Shared helpers for the cmmcast benchmarks: generated inputs for the workloads named in
//! `docs/BENCHMARKS.md`.
//!
//! The generators are deterministic (a fixed-seed SplitMix64), so every run and every machine
//! times the same input, and the scripts in `benches/compare/` replicate them exactly for the
//! pandas and statsmodels comparisons: [`long_csv`] for data loading, [`synthetic_series`] for
//! the many-series forecast workload W3. [`site_year_methane`] gives `long_csv`'s methane
//! values as numbers, for the energy projection benchmark.
//!
//! ```
//! let csv = cmmcast_benches::long_csv(2, 3);
//! assert!(csv.starts_with("site,year,coal_kt,methane_mm3\n"));
//! assert_eq!(csv.lines().count(), 1 + 2 * 3);
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cmmcast_forecast::Level;
use cmmcast_forecast::forecast::Forecast;
use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::trend::{SeriesKind, TrendInput, TrendModel};

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

/// The methane values (million m3) of [`long_csv`]`(sites, years)` as numbers, in site-major
/// order without the shuffle: element `site * years + year` is the `methane_mm3` of
/// `site-{site:04}` in year [`FIRST_YEAR`]` + year`, 0.00..=9999.99 in whole hundredths.
///
/// The same draws as `long_csv`, so the values are those of the generated file; 1,000 x 1,000
/// is 8 MB instead of 30 MB of text, and no parsing.
///
/// ```
/// let methane = cmmcast_benches::site_year_methane(2, 3);
/// assert_eq!(methane.len(), 6);
/// assert!(methane.iter().all(|&m| (0.0..10_000.0).contains(&m)));
/// ```
pub fn site_year_methane(sites: usize, years: usize) -> Vec<f64> {
    let mut rng = SplitMix64::new(SEED);
    (0..sites * years)
        .map(|_| {
            // The coal draw is skipped, as `long_csv` draws (coal, methane) per row. Hundredths
            // below 1e6 convert to f64 exactly.
            let _coal_tenths = rng.below(1_000_000);
            rng.below(1_000_000) as f64 / 100.0
        })
        .collect()
}

/// The years of every series of [`synthetic_series`]: the five years of the Songzao plan.
pub const SYNTHETIC_YEARS: [i32; 5] = [2012, 2013, 2014, 2015, 2016];

/// The seed of W3's series (mirrored in `benches/compare/forecast_w2_w3.py`).
pub const SYNTHETIC_SEED: u64 = 0x5EED_CC4A;

/// One synthetic series: years, methane (million m3) and coal (thousand t), five years each.
pub type SyntheticSeries = ([i32; 5], [f64; 5], [f64; 5]);

/// A uniform draw in [0, 1): the top 53 bits of a [`SplitMix64`] output, so that the value is
/// exact in any language with 64-bit floats.
fn unit(rng: &mut SplitMix64) -> f64 {
    // A 53-bit integer converts to f64 exactly.
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `count` five-year (2012–2016) methane and coal series around the Songzao plan, for W3.
///
/// Each series draws, in this order, from a [`SplitMix64`] seeded with `seed` and shared by
/// all series:
///
/// - first-year coal c₀ uniform in 3,000..12,000 kt (Songzao: 6,420);
/// - coal growth g uniform in −2 %..+10 % a year (Songzao: about 7.6 %);
/// - first-year intensity r₀ uniform in 0.025..0.045 million m3 per kt, i.e. 25..45 m3 of
///   methane a tonne (Songzao: 34.7);
/// - intensity drift d uniform in −1 %..+2 % a year (Songzao: about 0.5 %);
/// - then for each year i = 0..4 two draws, coal noise and methane noise, each uniform in
///   −3 %..+3 %.
///
/// Trend coal is cᵢ = c₀ (1 + g)ⁱ and trend intensity rᵢ = r₀ (1 + d)ⁱ, both by repeated
/// multiplication (no `powi`, so another language gets the same bits); coal is cᵢ (1 + noise)
/// and methane cᵢ rᵢ (1 + noise). Every value is positive, so every model of the menu
/// applies. The same arguments always give the same values.
///
/// ```
/// let series = cmmcast_benches::synthetic_series(3, cmmcast_benches::SYNTHETIC_SEED);
/// assert_eq!(series.len(), 3);
/// let (years, methane, coal) = series[0];
/// assert_eq!(years, cmmcast_benches::SYNTHETIC_YEARS);
/// assert!(methane.iter().chain(&coal).all(|&v| v > 0.0));
/// ```
pub fn synthetic_series(count: usize, seed: u64) -> Vec<SyntheticSeries> {
    let mut rng = SplitMix64::new(seed);
    (0..count)
        .map(|_| {
            let coal0 = 3_000.0 + 9_000.0 * unit(&mut rng);
            let growth = -0.02 + 0.12 * unit(&mut rng);
            let intensity0 = 0.025 + 0.020 * unit(&mut rng);
            let drift = -0.01 + 0.03 * unit(&mut rng);
            let mut methane = [0.0; 5];
            let mut coal = [0.0; 5];
            let (mut coal_trend, mut intensity) = (coal0, intensity0);
            for i in 0..5 {
                let coal_noise = 0.06 * (unit(&mut rng) - 0.5);
                let methane_noise = 0.06 * (unit(&mut rng) - 0.5);
                coal[i] = coal_trend * (1.0 + coal_noise);
                methane[i] = coal_trend * intensity * (1.0 + methane_noise);
                coal_trend *= 1.0 + growth;
                intensity *= 1.0 + drift;
            }
            (SYNTHETIC_YEARS, methane, coal)
        })
        .collect()
}

/// The seed of the backtest benchmark's series.
pub const BACKTEST_SEED: u64 = 0xBAC7_7E57;

/// One synthetic series of any length: years, methane (million m3) and coal (thousand t).
#[derive(Debug, Clone, PartialEq)]
pub struct LongSeries {
    /// Consecutive years ending in 2016.
    pub years: Vec<i32>,
    /// Methane drainage, million m3 a year.
    pub methane: Vec<f64>,
    /// Coal output, thousand t a year.
    pub coal: Vec<f64>,
}

/// `count` series of `years` consecutive years ending in 2016, drawn as [`synthetic_series`]
/// draws its five-year ones (the same four parameters per series, then coal and methane noise
/// per year, all uniform, from one [`SplitMix64`] seeded with `seed`), for the backtest
/// benchmark. Every value is positive, so every model of the menu applies.
///
/// ```
/// let series = cmmcast_benches::long_series(2, 20, cmmcast_benches::BACKTEST_SEED);
/// assert_eq!(series[0].years.len(), 20);
/// assert_eq!(series[0].years[19], 2016);
/// assert!(series[1].methane.iter().chain(&series[1].coal).all(|&v| v > 0.0));
/// ```
pub fn long_series(count: usize, years: usize, seed: u64) -> Vec<LongSeries> {
    let mut rng = SplitMix64::new(seed);
    let first = 2017 - years as i32;
    (0..count)
        .map(|_| {
            let coal0 = 3_000.0 + 9_000.0 * unit(&mut rng);
            let growth = -0.02 + 0.12 * unit(&mut rng);
            let intensity0 = 0.025 + 0.020 * unit(&mut rng);
            let drift = -0.01 + 0.03 * unit(&mut rng);
            let mut methane = Vec::with_capacity(years);
            let mut coal = Vec::with_capacity(years);
            let (mut coal_trend, mut intensity) = (coal0, intensity0);
            for _ in 0..years {
                let coal_noise = 0.06 * (unit(&mut rng) - 0.5);
                let methane_noise = 0.06 * (unit(&mut rng) - 0.5);
                coal.push(coal_trend * (1.0 + coal_noise));
                methane.push(coal_trend * intensity * (1.0 + methane_noise));
                coal_trend *= 1.0 + growth;
                intensity *= 1.0 + drift;
            }
            LongSeries {
                years: (first..first + years as i32).collect(),
                methane,
                coal,
            }
        })
        .collect()
}

/// W3's work on one series: every model of `menu` fitted and compared, then the best one
/// (lowest AICc) forecast for `years` at `levels`. `None` when no model could be picked.
///
/// ```
/// use cmmcast_forecast::{Level, trend::menu};
/// let series = cmmcast_benches::synthetic_series(1, cmmcast_benches::SYNTHETIC_SEED);
/// let menu = menu(None).unwrap();
/// let levels = Level::defaults();
/// let forecast = cmmcast_benches::select_and_forecast(&series[0], &menu, &[2017, 2018], &levels)
///     .expect("a model is picked");
/// assert_eq!(forecast.years, vec![2017, 2018]);
/// assert_eq!(forecast.intervals.len(), 2);
/// ```
pub fn select_and_forecast(
    series: &SyntheticSeries,
    menu: &[Box<dyn TrendModel>],
    years: &[i32],
    levels: &[Level],
) -> Option<Forecast> {
    let input = synthetic_input(series);
    let comparison = Comparison::run(&input, menu);
    comparison
        .best_fit()
        .map(|best| best.forecast(years, levels))
}

/// The methane of a synthetic series, with its coal, as the models take it.
pub fn synthetic_input(series: &SyntheticSeries) -> TrendInput<'_> {
    let (years, methane, coal) = series;
    TrendInput {
        years,
        values: methane,
        series: SeriesKind::Methane,
        coal_kt: Some(coal),
        coal_plan: None,
    }
}

/// Fits every model of `menu` to `series` and compares them (what `cmmcast fit` shows), then
/// forecasts with the default, the damped trend with calibrated intervals (what `cmmcast
/// forecast` shows): W2 and W3 since issue 13. `None` when the calibrated forecast refuses the
/// series.
pub fn compare_and_calibrated(
    series: &SyntheticSeries,
    menu: &[Box<dyn TrendModel>],
    default: &dyn TrendModel,
    years: &[i32],
    levels: &[Level],
) -> Option<Forecast> {
    let input = synthetic_input(series);
    let comparison = Comparison::run(&input, menu);
    std::hint::black_box(&comparison);
    default
        .fit(&input)
        .ok()
        .map(|fit| fit.forecast(years, levels))
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

    /// The values `benches/compare/forecast_w2_w3.py --check` prints for the first series:
    /// the Python generator must stay identical to this one.
    #[test]
    fn synthetic_series_match_the_python_generator() {
        let series = synthetic_series(2, SYNTHETIC_SEED);
        assert_eq!(series, synthetic_series(2, SYNTHETIC_SEED));
        let (years, methane, coal) = series[0];
        assert_eq!(years, SYNTHETIC_YEARS);
        assert_eq!(
            methane,
            [
                417.583_874_971_608_85,
                436.263_696_846_867_8,
                439.313_880_712_175_7,
                473.778_676_162_944_4,
                489.710_605_760_437_6
            ]
        );
        assert_eq!(
            coal,
            [
                10_366.408_390_369_126,
                10_713.360_806_405_732,
                11_353.041_985_029_093,
                11_525.468_376_000_06,
                12_379.717_711_377_427
            ]
        );
    }

    #[test]
    fn every_synthetic_series_gets_a_forecast() {
        let menu = cmmcast_forecast::trend::menu(None).expect("the menu builds");
        let levels = Level::defaults();
        let years: Vec<i32> = (2017..=2026).collect();
        for series in synthetic_series(200, SYNTHETIC_SEED) {
            let forecast =
                select_and_forecast(&series, &menu, &years, &levels).expect("a model is picked");
            assert!(forecast.point.iter().all(|p| p.is_finite() && *p > 0.0));
        }
    }

    #[test]
    fn site_year_methane_is_long_csv_column() {
        let (sites, years) = (4, 7);
        let data = cmmcast_data::Dataset::parse(
            &long_csv(sites, years),
            cmmcast_data::Format::Csv,
            "gen",
            "x",
        )
        .expect("generated data is valid");
        let from_csv: Vec<f64> = data
            .sites()
            .iter()
            .flat_map(|site| {
                site.series
                    .methane_mm3()
                    .expect("methane is given")
                    .to_vec()
            })
            .collect();
        assert_eq!(from_csv, site_year_methane(sites, years));
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

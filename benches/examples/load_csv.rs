//! Loads a long CSV with `Dataset::load` and prints its rows and sites: the program whose peak
//! memory `docs/BENCHMARKS.md` records.
//!
//! ```text
//! cargo run --release -p cmmcast-benches --example load_csv -- --write FILE SITES YEARS
//! cargo run --release -p cmmcast-benches --example load_csv -- FILE
//! cargo run --release -p cmmcast-benches --example load_csv -- SITES YEARS
//! ```
//!
//! The first form only writes the generated CSV (`cmmcast_benches::long_csv`); the second only
//! loads a file, so its peak RSS is that of the load alone; the third generates to a temporary
//! file and loads it (its peak includes the generator's text).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use cmmcast_benches::{TempFile, long_csv};
use cmmcast_data::Dataset;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, path, sites, years] if flag == "--write" => {
            counts(sites, years).and_then(|(sites, years)| {
                std::fs::write(path, long_csv(sites, years)).map_err(|err| err.to_string())
            })
        }
        [path] => load(Path::new(path)),
        [sites, years] => counts(sites, years).and_then(|(sites, years)| {
            let file = TempFile::create("load_csv.csv", &long_csv(sites, years))
                .map_err(|err| err.to_string())?;
            load(file.path())
        }),
        _ => Err("usage: load_csv [--write FILE SITES YEARS | FILE | SITES YEARS]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn counts(sites: &str, years: &str) -> Result<(usize, usize), String> {
    let parse = |text: &str| {
        text.parse::<usize>()
            .map_err(|err| format!("`{text}` is not a count: {err}"))
    };
    Ok((parse(sites)?, parse(years)?))
}

fn load(path: &Path) -> Result<(), String> {
    let bytes = std::fs::metadata(path)
        .map_err(|err| err.to_string())?
        .len();
    let start = Instant::now();
    let data = Dataset::load(path).map_err(|err| err.to_string())?;
    let elapsed = start.elapsed();
    let rows: usize = data.sites().iter().map(|s| s.series.years().len()).sum();
    println!(
        "{rows} rows, {} sites, {:.1} MB file, loaded in {:.0} ms",
        data.sites().len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3
    );
    Ok(())
}

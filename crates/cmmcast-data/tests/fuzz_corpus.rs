//! Replays the fuzz corpus under `cargo test`, on the stable toolchain and without a fuzzer:
//! every file of `fuzz/corpus/<target>/` (what `cargo fuzz cmin` kept of the fuzzing runs
//! recorded in docs/ROBUSTNESS.md) and of `fuzz/regressions/<target>/` (inputs that once broke
//! a check, kept as they were found) goes through exactly the checks the fuzz targets make,
//! from the same source file (`fuzz/src/lib.rs`): no panic; what loads is finite and valid; a
//! refusal is one non-empty line naming the file.
//!
//! All failing files of a target are reported together.

#[path = "../../../fuzz/src/lib.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use cmmcast_data::Format;

/// The files of `fuzz/<folder>/<target>/`, sorted (an absent folder has none).
fn files(folder: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every corpus and regression file of `target`; fails with every file whose
/// check panicked.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let corpus = files("corpus", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is empty or missing: the committed corpus is replayed here"
    );
    let all: Vec<PathBuf> = corpus
        .into_iter()
        .chain(files("regressions", target))
        .collect();
    // Each failure prints its panic message as it happens; the file names come at the end.
    let failed: Vec<String> = all
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path).expect("a readable corpus file");
            catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} inputs of {target} fail the fuzz checks:\n{}",
        failed.len(),
        all.len(),
        failed.join("\n")
    );
}

#[test]
fn dataset_csv_corpus_passes_the_fuzz_checks() {
    replay("dataset_csv", |bytes| checks::dataset(bytes, Format::Csv));
}

#[test]
fn dataset_json_corpus_passes_the_fuzz_checks() {
    replay("dataset_json", |bytes| checks::dataset(bytes, Format::Json));
}

#[test]
fn dataset_toml_corpus_passes_the_fuzz_checks() {
    replay("dataset_toml", |bytes| checks::dataset(bytes, Format::Toml));
}

#[test]
fn scenario_toml_corpus_passes_the_fuzz_checks() {
    replay("scenario_toml", checks::scenario);
}

/// The committed corpus predates spreads around the site's value, so the spread checks are
/// run here on the shipped default scenario (which uses them) and on a file with every spread
/// shape, until a fuzzing run adds such inputs to the corpus.
#[test]
fn scenarios_with_spreads_pass_the_fuzz_checks() {
    checks::scenario(cmmcast_data::embedded::SONGZAO_SCENARIO_TOML.as_bytes());
    let spreads = "[inputs]\n\
        efficiency = { distribution = \"triangular\", spread = 0.05 }\n\
        availability = { distribution = \"pert\", spread = 0.5, per_year = true }\n\
        parasitic_fraction = { distribution = \"uniform\", spread = 0.02 }\n\
        gas_concentration = { distribution = \"uniform\", spread = 1e300 }\n\
        destruction_efficiency = { distribution = \"pert\", spread = 5e-324 }\n";
    let scenario = cmmcast_data::Scenario::parse(spreads, checks::SCENARIO_SOURCE)
        .expect("every spread shape reads");
    assert_eq!(scenario.inputs.len(), 5);
    checks::check_scenario(&scenario);
}

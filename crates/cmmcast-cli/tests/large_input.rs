//! Hardening (issue 7) at the command line: input files above the size limits are refused from
//! their size on disk, before they are read, and what fuzzing found is refused like every other
//! bad input (exit code 2, nothing on standard output, one line on standard error naming the
//! file).
//!
//! The large files are sparse (`File::set_len`): they cost no disk and no time to make, and a
//! program that read one would have to read every byte of it.

mod common;

use std::fs::File;
use std::path::Path;

use cmmcast_data::{
    MAX_DATA_FILE_BYTES, MAX_FACTS_FILE_BYTES, MAX_SCENARIO_FILE_BYTES, MAX_TOML_DATA_FILE_BYTES,
};
use common::{
    PANIC_WORDS, banned_words, cmmcast_in, collect, files, missing_phrases, refusal_form_problems,
    report, with_stderr,
};

/// A case: name, file name, size or contents, command line, phrases the refusal must contain.
type Case<'a, T> = (&'a str, &'a str, T, &'a [&'a str], &'a [&'a str]);

/// A sparse file of `size` bytes at `path` (all zeros, no blocks on disk).
fn sparse(path: &Path, size: u64) {
    File::create(path)
        .and_then(|file| file.set_len(size))
        .expect("a sparse file");
}

/// Runs `args` (`{file}` is `path`) in `dir` and returns what is wrong with the refusal, given
/// the phrases it must contain.
fn refusal_problems(dir: &Path, path: &Path, args: &[&str], expect: &[&str]) -> Vec<String> {
    let shown = path.display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{file}", &shown)).collect();
    let run = cmmcast_in(Some(dir), &args, &[]);
    let mut problems = refusal_form_problems(&run);
    problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
    let named = ["error: {} ", "error: {},"]
        .iter()
        .any(|form| run.stderr.starts_with(&form.replace("{}", &shown)));
    if !named {
        problems.push(format!("stderr does not start by naming {shown}"));
    }
    problems.extend(missing_phrases(&run.stderr, expect));
    with_stderr(problems, &run)
}

#[test]
fn a_file_one_byte_above_its_limit_is_refused_naming_its_size_and_the_limit() {
    let cases: [Case<u64>; 4] = [
        (
            "TOML data file",
            "plan.toml",
            MAX_TOML_DATA_FILE_BYTES,
            &["fit", "--input", "{file}"],
            &[
                " is 32.0 MiB (33,554,433 bytes), above the 32 MiB limit for TOML data files; ",
                "save large data as CSV or JSON (up to 256 MiB)",
            ],
        ),
        (
            "data file",
            "plan.csv",
            MAX_DATA_FILE_BYTES,
            &["data", "--input", "{file}"],
            &[
                " is 256.0 MiB (268,435,457 bytes), above the 256 MiB limit for data files; ",
                "split it into smaller files, for example one per site",
            ],
        ),
        (
            "site-facts file",
            "facts.toml",
            MAX_FACTS_FILE_BYTES,
            &["project", "--facts", "{file}"],
            &[
                " is 16.0 MiB (16,777,217 bytes), above the 16 MiB limit for site-facts files; ",
                "check that this is the facts file",
            ],
        ),
        (
            "scenario file",
            "scenario.toml",
            MAX_SCENARIO_FILE_BYTES,
            &["simulate", "--scenario", "{file}", "--paths", "100"],
            &[
                " is 1.0 MiB (1,048,577 bytes), above the 1 MiB limit for scenario files; ",
                "check that this is the scenario file",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (name, file, limit, args, expect) in cases {
        let dir = files(&[]);
        let path = dir.path().join(file);
        sparse(&path, limit + 1);
        collect(
            &mut failures,
            name,
            refusal_problems(dir.path(), &path, args, expect),
        );
    }
    report("files above their limit", 4, failures);
}

#[test]
fn a_terabyte_data_file_is_refused_at_once_without_being_read() {
    // Reading it would take hours and a terabyte of memory; the refusal takes milliseconds.
    let dir = files(&[]);
    let path = dir.path().join("huge.csv");
    sparse(&path, 1 << 40);
    let started = std::time::Instant::now();
    let problems = refusal_problems(
        dir.path(),
        &path,
        &["forecast", "--input", "{file}"],
        &["is 1048576.0 MiB (1,099,511,627,776 bytes), above the 256 MiB limit for data files"],
    );
    report("refusals", 1, {
        let mut failures = Vec::new();
        collect(&mut failures, "1 TiB sparse file", problems);
        failures
    });
    // Generous (process start included, a busy machine): reading even 1 GB would take longer.
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn what_fuzzing_found_is_refused_like_any_bad_input() {
    // Site names with control characters, and plant values that are not finite (see
    // crates/cmmcast-data/tests/fuzz_findings.rs).
    let cases: [Case<&str>; 3] = [
        (
            "CSV site name with an escape character",
            "plan.csv",
            "site,year,coal_kt\nNorth\u{1b}[2J,2012,6420\n",
            &["data", "--input", "{file}"],
            &[
                "line 2, field site: the site name `North\\u{1b}[2J` holds a control character",
                "remove it",
            ],
        ),
        (
            "JSON site name with a line break",
            "plan.json",
            r#"{"sites": [{"name": "North\nMine", "rows": [{"year": 2012, "coal_kt": 1}]}]}"#,
            &["data", "--input", "{file}"],
            &["field name: the site name `North\\nMine` holds a control character"],
        ),
        (
            "facts with efficiency = nan",
            "facts.toml",
            "[[sites]]\nname = \"Songzao\"\nplant = { efficiency = nan }\n",
            &["data", "--facts", "{file}"],
            &[
                "site \"Songzao\", field plant.efficiency: NaN is not a finite number",
                "leave the key out to use the default",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (name, file, text, args, expect) in cases {
        let dir = files(&[(file, text)]);
        let path = dir.path().join(file);
        collect(
            &mut failures,
            name,
            refusal_problems(dir.path(), &path, args, expect),
        );
    }
    report("fuzzing findings", 3, failures);
}

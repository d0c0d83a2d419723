//! `cmmcast report` in-process: how much of the report is the simulation and how much is the
//! rest (fits, projection, tornado, sizing, the four charts, the tables and the page). See
//! `docs/BENCHMARKS.md` ("Reports (issue 6)") for the target (the whole process under 1 s) and
//! the recorded results; the whole process is timed with hyperfine.
//!
//! Every benchmark runs `cmmcast_cli::commands::report::build` (everything computed and drawn
//! in memory, no file written) on the embedded Songzao data and default scenario:
//!
//! - `report/build_default`: `cmmcast report` with its defaults: 100,000 simulated paths and
//!   2,000 sizing paths to 2030, engines 1..40.
//! - `report/build_without_simulation`: `--paths 1 --size-paths 1`: the same report with the
//!   Monte Carlo reduced to one path each, so what remains is the report's own cost.
//! - `report/write`: `report::run` with `--paths 1 --size-paths 1` into a temporary folder:
//!   the above plus writing the 20 files through temporary names and renames.
//!
//! - `economics/default`: `cmmcast economics` in-process (`cmmcast_cli::run`): the Songzao
//!   study, its 15-year valuation and the cash-flow table as text (issue 14; the whole process,
//!   under 10 ms, is timed outside criterion, docs/BENCHMARKS.md "Issue 14").
//!
//! Run with `cargo bench -p cmmcast-benches --bench report` (about 30 s).

use std::ffi::OsString;
use std::hint::black_box;
use std::time::Duration;

use clap::Parser;
use cmmcast_cli::args::{Cli, Command, ReportArgs};
use cmmcast_cli::commands::report;
use criterion::{Criterion, criterion_group, criterion_main};

/// The command line and its parsed arguments.
fn parse(line: &[&str]) -> (Vec<OsString>, ReportArgs) {
    let argv: Vec<OsString> = line.iter().map(OsString::from).collect();
    let cli = Cli::try_parse_from(&argv).expect("a valid report command line");
    match cli.command {
        Command::Report(args) => (argv, *args),
        _ => panic!("not a report command line"),
    }
}

fn reports(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));

    let (argv, args) = parse(&["cmmcast", "report"]);
    group.bench_function("build_default", |b| {
        b.iter(|| black_box(report::build(&args, &argv).expect("the default report")))
    });

    let (argv, args) = parse(&["cmmcast", "report", "--paths", "1", "--size-paths", "1"]);
    group.bench_function("build_without_simulation", |b| {
        b.iter(|| black_box(report::build(&args, &argv).expect("a one-path report")))
    });

    let folder = std::env::temp_dir().join(format!("cmmcast-bench-report-{}", std::process::id()));
    let out = folder.display().to_string();
    let (argv, args) = parse(&[
        "cmmcast",
        "report",
        "--out",
        &out,
        "--paths",
        "1",
        "--size-paths",
        "1",
    ]);
    group.bench_function("write", |b| {
        b.iter(|| black_box(report::run(&args, &argv).expect("the report is written")))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&folder);
}

fn economics(c: &mut Criterion) {
    let mut group = c.benchmark_group("economics");
    group.sample_size(50);
    group.bench_function("default", |b| {
        b.iter(|| black_box(cmmcast_cli::run(["cmmcast", "economics"]).expect("the cash flows")))
    });
    group.finish();
}

criterion_group!(benches, reports, economics);
criterion_main!(benches);

//! Data loading benchmarks (see `docs/BENCHMARKS.md` for the targets and recorded results).
//!
//! - `data/parse_embedded`: parse and validate the compiled-in Songzao plan.
//! - `data/cli_in_process`: `cmmcast data --format csv` minus process start-up.
//! - `data/load_long_csv/{10k,1M}`: `Dataset::load` (read + parse + validate + sort) of a
//!   generated long CSV with 10 x 1,000 and 1,000 x 1,000 site-years, rows shuffled.
//!
//! Run with `cargo bench -p cmmcast-benches --bench data_load`.

use std::hint::black_box;
use std::time::Duration;

use cmmcast_benches::{TempFile, long_csv};
use cmmcast_data::Dataset;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

fn embedded(c: &mut Criterion) {
    let mut group = c.benchmark_group("data");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("parse_embedded", |b| b.iter(Dataset::songzao));
    group.bench_function("cli_in_process", |b| {
        b.iter(|| {
            cmmcast_cli::run(black_box(["cmmcast", "data", "--format", "csv"]))
                .expect("the embedded data prints")
        })
    });
    group.finish();
}

fn long_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("data/load_long_csv");
    // A 1M-row load takes a few hundred ms: flat sampling with 10 samples keeps the whole file
    // well under a minute.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (label, sites, years) in [("10k", 10, 1_000), ("1M", 1_000, 1_000)] {
        let rows = sites * years;
        let file = TempFile::create(&format!("long-{label}.csv"), &long_csv(sites, years))
            .expect("the temp dir is writable");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                let data = Dataset::load(black_box(file.path())).expect("generated data is valid");
                assert_eq!(data.sites().len(), sites);
                data
            })
        });
    }
    group.finish();
}

criterion_group!(benches, embedded, long_files);
criterion_main!(benches);

//! What a long computation needs from the process: the worker threads `--threads` asks for,
//! the progress bar on a terminal, and the memory the system can still give. Shared by
//! `simulate`, `size` and `report`.

use crate::failure::Failure;

/// Most worker threads `--threads` accepts: more than any machine has cores, and few enough
/// that a slip of the keyboard cannot start a hundred thousand threads.
pub(crate) const MAX_THREADS: usize = 1024;

/// The worker pool `--threads` asks for; without it, rayon's default (RAYON_NUM_THREADS, or
/// the number of cores). Refuses 0, which rayon would read as "the default".
pub(crate) fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
    if let Some(n) = threads
        && !(1..=MAX_THREADS).contains(&n)
    {
        return Err(Failure::Usage(format!(
            "--threads {n} is not allowed; give at least 1 and at most {MAX_THREADS}, or leave \
             --threads out to use every core"
        )));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot start the worker threads ({e}); give a smaller --threads"
            ))
        })
}

/// Path-years from which a run is long enough (about a second) to show progress.
const PROGRESS_FROM_PATH_YEARS: usize = 2_000_000;

/// A progress bar on standard error for `paths` paths of each of `sites` sites, hidden unless
/// that is a terminal, the run is long and `--quiet` is not given.
pub(crate) fn progress_bar(quiet: bool, paths: usize, sites: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    // About the default horizon; it only decides whether the bar is worth showing.
    let years = 15;
    let path_years = paths.saturating_mul(years).saturating_mul(sites);
    if quiet || path_years < PROGRESS_FROM_PATH_YEARS || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(paths.saturating_mul(sites) as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "simulating {bar:40} {pos}/{len} paths ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Memory the system can still give (Linux `MemAvailable`); `None` where it cannot be read,
/// and then no check is made.
pub(crate) fn available_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

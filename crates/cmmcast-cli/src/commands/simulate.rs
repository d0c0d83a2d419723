//! `cmmcast simulate`: Monte Carlo from the plan to the power station.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use cmmcast_data::Scenario;
use cmmcast_forecast::sim::{
    PathChunk, QUANTITIES, SimulationSettings, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW,
    TORNADO_RULE, TORNADO_TREND_LEVEL, TornadoOutput, TornadoSettings, check_memory,
    simulate_site_with, tornado_site,
};

use crate::args::SimulateArgs;
use crate::commands::plant::{inputs_for, plants_for};
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// The percentile convention, stated once in `meta`.
pub(crate) const PERCENTILE_CONVENTION: &str = "pN is the N-th percentile: p10 is the 10th percentile, a low value that 10 % of paths fall below (statistical convention, Hyndman-Fan type 7 as numpy). The petroleum reading 'P90 = exceeded with 90 % probability' is the opposite; see docs/METHODS.md.";

/// Builds the report of `cmmcast simulate` (and writes `--paths-out`); with `--tornado`, the
/// sensitivity ranking instead.
pub fn run(args: &SimulateArgs) -> Result<Report, Failure> {
    if args.tornado {
        return tornado(args);
    }
    if let Some(flag) = tornado_only_flag(args) {
        return Err(Failure::Usage(format!(
            "{flag} chooses what the tornado ranks and needs --tornado; add --tornado, or leave {flag} out to simulate"
        )));
    }
    let settings = SimulationSettings {
        paths: args.paths,
        seed: args.seed,
        percentiles: args.percentiles.clone(),
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
    };
    settings.check()?;
    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path)?,
        None => Scenario::songzao_default(),
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
    let inputs = inputs_for(&scenario, &args.plant);

    if let Some(available) = available_memory_bytes() {
        for (site, _, _) in &jobs {
            check_memory(site, &settings, available).map_err(|error| Failure::Model {
                site: several.then(|| site.name().to_string()),
                error,
            })?;
        }
    }
    let pool = thread_pool(args.threads)?;
    let bar = progress_bar(args.quiet, args.paths, jobs.len());
    let tick = |paths: u64| bar.inc(paths);
    let mut paths_out = args
        .paths_out
        .as_deref()
        .map(PathsOut::create)
        .transpose()?;
    let simulations = pool.install(|| {
        jobs.iter()
            .map(|(site, plant, _)| {
                let simulated = match paths_out.as_mut() {
                    Some(out) => {
                        let mut sink = |chunk: &PathChunk<'_>| out.write(site.name(), chunk);
                        simulate_site_with(site, plant, &inputs, &settings, &tick, Some(&mut sink))
                    }
                    None => simulate_site_with(site, plant, &inputs, &settings, &tick, None),
                };
                simulated.map_err(
                    |error| match paths_out.as_mut().and_then(PathsOut::failure) {
                        Some(failure) => failure,
                        None => Failure::Model {
                            site: several.then(|| site.name().to_string()),
                            error,
                        },
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()
    });
    bar.finish_and_clear();
    let simulations = match simulations {
        Ok(simulations) => simulations,
        Err(failure) => {
            if let Some(out) = paths_out {
                out.discard();
            }
            return Err(failure);
        }
    };
    if let Some(out) = paths_out {
        out.finish()?;
    }

    let labels: Vec<String> = args.percentiles.iter().map(|p| format!("p{p}")).collect();
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.push(Column::number("year", "calendar year", 0));
    columns.push(Column::text(
        "quantity",
        "the quantity summarised (its unit in meta.units)",
    ));
    for label in &labels {
        columns.push(Column::number(label.clone(), "unit of the quantity", 2));
    }
    columns.push(Column::number("mean", "unit of the quantity", 2));
    columns.push(Column::number("sd", "unit of the quantity", 2));
    for label in &labels {
        columns.push(Column::number(
            format!("se_{label}"),
            "Monte Carlo standard error of the percentile",
            3,
        ));
    }

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    let mut notes = meta::site_notes(&sites);
    for (sim, (_, plant, _)) in simulations.iter().zip(&jobs) {
        for summary in &sim.summaries {
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(sim.site.clone()));
            }
            row.push(Cell::Int(i64::from(summary.year)));
            row.push(Cell::Text(summary.quantity.to_string()));
            row.extend(summary.percentiles.iter().map(|&v| Cell::Num(v)));
            row.push(Cell::Num(summary.mean));
            row.push(Cell::Num(summary.sd));
            row.extend(summary.percentile_se.iter().map(|&v| Cell::Num(v)));
            rows.push(row);
        }
        let prefix = if several {
            format!("{}: ", sim.site)
        } else {
            String::new()
        };
        notes.push(format!(
            "{prefix}{} paths, seed {}; models by Akaike weight: {}.",
            args.paths,
            args.seed,
            sim.model_weights
                .iter()
                .zip(&sim.model_counts)
                .map(|((m, w), (_, c))| format!("{m} {w:.3} ({c} paths)"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        per_site.push(json!({
            "site": sim.site,
            "years": sim.years,
            "models": sim.model_weights.iter().zip(&sim.model_counts).map(|((m, w), (_, c))| json!({"model": m, "weight": w, "paths": c})).collect::<Vec<_>>(),
            "plant": plant.assumptions(),
        }));
    }
    notes.push(format!("Percentiles: {PERCENTILE_CONVENTION}"));

    let mut meta = meta::common("simulate", &dataset, &sites);
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("paths".into(), json!(args.paths));
    meta.insert("percentiles".into(), json!(args.percentiles));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert(
        "percentile_standard_error".into(),
        json!("half the distance between the order statistics at ranks Np ± sqrt(Np(1-p)) (binomial bracket of the quantile)"),
    );
    meta.insert("model_requested".into(), json!(args.model.model.name()));
    meta.insert("scenario".into(), meta::scenario(&scenario, &inputs));
    meta.insert(
        "units".into(),
        json!({
            "methane_mm3": "million m3 of CH4 per year",
            "burnt_mm3": "million m3 of CH4 per year",
            "surplus_mm3": "million m3 of CH4 per year",
            "utilization": "burnt / drained",
            "electricity_gwh": "GWh gross per year",
            "co2e_avoided_kt": "kt CO2e per year",
        }),
    );
    meta.insert("simulations".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
}

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

/// The `--paths-out` file: a long CSV written path chunk by path chunk as the simulation
/// runs, to a temporary file (the name with `.partial` added) renamed into place at the end,
/// so an interrupted or failed run never leaves a partial file.
struct PathsOut {
    path: PathBuf,
    temporary: PathBuf,
    out: Option<BufWriter<File>>,
    error: Option<std::io::Error>,
}

impl PathsOut {
    /// Creates the temporary file and writes the header.
    fn create(path: &Path) -> Result<PathsOut, Failure> {
        let mut name = path.as_os_str().to_owned();
        name.push(".partial");
        let mut out = PathsOut {
            path: path.to_path_buf(),
            temporary: PathBuf::from(name),
            out: None,
            error: None,
        };
        let header = File::create(&out.temporary).and_then(|file| {
            let mut writer = BufWriter::new(file);
            write!(writer, "site,path,model,year")?;
            for q in QUANTITIES {
                write!(writer, ",{q}")?;
            }
            writeln!(writer)?;
            Ok(writer)
        });
        match header {
            Ok(writer) => out.out = Some(writer),
            Err(e) => {
                out.error = Some(e);
                return Err(out.failure().unwrap_or(Failure::Usage(String::new())));
            }
        }
        Ok(out)
    }

    /// Writes one chunk of a site's paths; stops the simulation on the first write error.
    fn write(&mut self, site: &str, chunk: &PathChunk<'_>) -> ControlFlow<()> {
        let Some(writer) = self.out.as_mut() else {
            return ControlFlow::Break(());
        };
        match write_chunk(writer, site, chunk) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.error = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    /// The failure to report when writing failed, after removing the temporary file.
    fn failure(&mut self) -> Option<Failure> {
        let e = self.error.take()?;
        self.out = None;
        // When its folder is missing the temporary file was never made: nothing to remove.
        let _ = std::fs::remove_file(&self.temporary);
        Some(Failure::Usage(format!(
            "cannot write --paths-out {}: {e}; give a file name in a folder that exists and is \
             writable",
            self.path.display()
        )))
    }

    /// Removes the temporary file of a run that failed for another reason.
    fn discard(mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.temporary);
    }

    /// Flushes and renames the file into place.
    fn finish(mut self) -> Result<(), Failure> {
        let done = match self.out.take() {
            Some(mut writer) => writer
                .flush()
                .and_then(|()| std::fs::rename(&self.temporary, &self.path)),
            None => Ok(()),
        };
        if let Err(e) = done {
            self.error = Some(e);
            return Err(self.failure().unwrap_or(Failure::Usage(String::new())));
        }
        Ok(())
    }
}

/// The rows of one chunk: one per path and year.
fn write_chunk(out: &mut impl Write, site: &str, chunk: &PathChunk<'_>) -> std::io::Result<()> {
    for p in 0..chunk.len() {
        let path = chunk.first_path + p as u64;
        let model = chunk.model(p);
        for (y, year) in chunk.years.iter().enumerate() {
            write!(out, "{site},{path},{model},{year}")?;
            for q in 0..QUANTITIES.len() {
                write!(out, ",{}", chunk.value(p, y, q))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The first tornado-only flag given without `--tornado`.
fn tornado_only_flag(args: &SimulateArgs) -> Option<&'static str> {
    if args.tornado_output.is_some() {
        Some("--tornado-output")
    } else if args.tornado_year.is_some() {
        Some("--tornado-year")
    } else {
        None
    }
}

/// The report of `cmmcast simulate --tornado`: one row per input (and site), ranked by swing.
fn tornado(args: &SimulateArgs) -> Result<Report, Failure> {
    if args.paths_out.is_some() {
        return Err(Failure::Usage(
            "--paths-out writes simulated paths, and --tornado draws none; leave one of them out"
                .into(),
        ));
    }
    let output = args.tornado_output.unwrap_or(TornadoOutput::ElectricityGwh);
    let settings = TornadoSettings {
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
        year: args.tornado_year,
        output,
    };
    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path)?,
        None => Scenario::songzao_default(),
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
    let inputs = inputs_for(&scenario, &args.plant);
    let tornadoes = jobs
        .iter()
        .map(|(site, plant, _)| {
            tornado_site(site, plant, &inputs, &settings).map_err(|error| Failure::Model {
                site: several.then(|| site.name().to_string()),
                error,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let decimals = if output == TornadoOutput::Utilization {
        4
    } else {
        2
    };
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.push(Column::text(
        "input",
        "a scenario input, trend (the methane forecast's interval) or model_choice",
    ));
    columns.push(Column::number(
        "low",
        "the input's p10 (plan_adherence a multiplier, the others fractions); for trend and model_choice, methane in million m3 (see settings)",
        4,
    ));
    columns.push(Column::number(
        "high",
        "the input's p90; for trend and model_choice, methane in million m3 (see settings)",
        4,
    ));
    columns.push(Column::number("output_low", output.unit(), decimals));
    columns.push(Column::number("output_high", output.unit(), decimals));
    columns.push(Column::number(
        "swing",
        "|output_high - output_low|, unit of the output",
        decimals,
    ));
    columns.push(Column::text("settings", "what low and high are"));

    let mut rows = Vec::new();
    let mut notes = meta::site_notes(&sites);
    let mut per_site = Vec::new();
    for (t, (_, plant, _)) in tornadoes.iter().zip(&jobs) {
        for bar in &t.bars {
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(t.site.clone()));
            }
            row.push(Cell::Text(bar.input.clone()));
            row.push(Cell::Num(bar.low_setting));
            row.push(Cell::Num(bar.high_setting));
            row.push(Cell::Num(bar.output_at_low));
            row.push(Cell::Num(bar.output_at_high));
            row.push(Cell::Num(bar.swing));
            row.push(Cell::Text(bar.describe()));
            rows.push(row);
        }
        let prefix = if several {
            format!("{}: ", t.site)
        } else {
            String::new()
        };
        notes.push(format!(
            "{prefix}{} in {}, base case {:.*} {}: every input at its median, methane at {}'s point forecast {:.1} million m3 x plan adherence {:.3}.",
            output.name(),
            t.year,
            decimals,
            t.base.value,
            output.unit(),
            t.base.model,
            t.base.methane_point_mm3,
            t.base.plan_adherence,
        ));
        let mut entry = serde_json::to_value(t).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut entry {
            map.insert("plant".into(), json!(plant.assumptions()));
            map.insert(
                "settings".into(),
                Value::Array(t.bars.iter().map(|b| json!(b.describe())).collect()),
            );
        }
        per_site.push(entry);
    }
    notes.push(format!("Tornado: {TORNADO_RULE}."));
    notes.push(format!("Percentiles: {PERCENTILE_CONVENTION}"));

    let mut meta = meta::common("simulate", &dataset, &sites);
    meta.insert(
        "tornado".into(),
        json!({
            "output": output.name(),
            "unit": output.unit(),
            "rule": TORNADO_RULE,
            "low_probability": TORNADO_LOW,
            "base_probability": TORNADO_BASE,
            "high_probability": TORNADO_HIGH,
            "trend_interval_level": TORNADO_TREND_LEVEL,
            "fixed_inputs": "listed last, with zero swing: values the scenario or a flag fixes, keys the scenario leaves out (the plant's value; plan adherence 1), and the model choice under a fixed --model",
            "draws": "none: the tornado uses exact quantiles, so --paths, --seed, --percentiles and --threads do not apply",
            "sites": per_site,
        }),
    );
    meta.insert("model_requested".into(), json!(args.model.model.name()));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert("scenario".into(), meta::scenario(&scenario, &inputs));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
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

//! `cmmcast simulate`: Monte Carlo from the plan to the power station.

use std::io::Write;
use std::ops::ControlFlow;

use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::percents::PercentsOf;
use cmmcast_forecast::sim::{PathChunk, SimulationSettings, TornadoSettings};
use cmmcast_forecast::study::StudyParams;

use crate::args::SimulateArgs;
use crate::commands::merged;
use crate::commands::params::{Studied, site_failure, study_params, with_studies};
use crate::commands::runtime::{available_memory_bytes, progress_bar, thread_pool};
use crate::failure::{FLAGS, Failure};
use crate::meta;
use crate::output::{Destination, Inputs, OutputFile};
use crate::report::Report;
use crate::tables::simulation::{self, SiteSimulation};
use crate::tables::tornado::{self, SiteTornado};

/// Builds the report of `cmmcast simulate` (and writes `--paths-out`); with `--tornado`, the
/// sensitivity ranking instead.
pub fn run(args: &SimulateArgs) -> Result<Report, Failure> {
    if args.tornado {
        return run_tornado(args);
    }
    if let Some(flag) = tornado_only_flag(args) {
        return Err(Failure::Usage(format!(
            "{flag} chooses what the tornado ranks and needs --tornado; add --tornado, or leave {flag} out to simulate"
        )));
    }
    let params = params(args)?;
    // Where the paths go is settled before anything is read or drawn.
    let inputs = Inputs::of(&args.input).and("--scenario", args.scenario.as_deref());
    let paths_out = args
        .paths_out
        .as_deref()
        .map(|path| Destination::check("--paths-out", path, &inputs, args.force))
        .transpose()?;
    with_studies(
        params,
        &args.scenario,
        (&args.input, args.model.combine),
        &FLAGS,
        |_, s| simulate(args, paths_out.as_ref(), s),
    )
}

/// The simulation of every study, `--paths-out` written as the paths are drawn.
fn simulate(
    args: &SimulateArgs,
    paths_out: Option<&Destination>,
    s: &Studied<'_>,
) -> Result<Report, Failure> {
    let studies = &s.studies;
    let several = s.several;
    if let Some(available) = available_memory_bytes() {
        s.each(&FLAGS, |study| study.check_memory(available))?;
    }
    let pool = thread_pool(args.threads)?;
    let bar = progress_bar(args.quiet, args.paths, studies.len());
    let tick = |paths: u64| bar.inc(paths);
    let mut paths_out = paths_out.map(PathsOut::create).transpose()?;
    let simulations = pool.install(|| {
        studies
            .iter()
            .map(|study| {
                let name = study.site().name();
                let simulated = match paths_out.as_mut() {
                    Some(out) => {
                        let mut sink = |chunk: &PathChunk<'_>| out.write(name, chunk);
                        study.simulate_with(&tick, Some(&mut sink))
                    }
                    None => study.simulate_with(&tick, None),
                };
                simulated.map_err(
                    |error| match paths_out.as_mut().and_then(PathsOut::failure) {
                        Some(failure) => failure,
                        None => site_failure(study, several, &FLAGS)(error),
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()
    });
    bar.finish_and_clear();
    // On failure, dropping `paths_out` removes its temporary file.
    let simulations = simulations?;
    if let Some(out) = paths_out {
        out.finish()?;
    }

    let rows: Vec<SiteSimulation<'_>> = studies
        .iter()
        .zip(&simulations)
        .map(|(study, simulation)| SiteSimulation {
            site: study.site().name(),
            simulation,
            plant: &study.inputs().plant,
            notes: study.notes(),
        })
        .collect();
    let (percentiles, percentile_notes) = merged(&args.percentiles, PercentsOf::Percentiles)?;
    Ok(simulation::table(
        &rows,
        several,
        (&percentiles, args.paths, args.seed),
        meta::site_notes(&s.sites)
            .into_iter()
            .chain(percentile_notes)
            .chain(s.idle_plant_notes())
            .collect(),
        s.meta("simulate", args.model.model),
    ))
}

/// The study parameters `simulate`'s flags give.
fn params(args: &SimulateArgs) -> Result<StudyParams, Failure> {
    Ok(StudyParams {
        simulation: SimulationSettings {
            paths: args.paths,
            seed: args.seed,
            percentiles: merged(&args.percentiles, PercentsOf::Percentiles)?.0,
        },
        tornado: TornadoSettings {
            year: args.tornado_year,
            output: args.tornado_output.unwrap_or(Quantity::ElectricityGwh),
        },
        ..study_params(&args.model, &args.plant)?
    })
}

/// The `--paths-out` file: a long CSV written path chunk by path chunk as the simulation runs,
/// through [`crate::output`] (a regular file to a temporary file renamed into place at the end,
/// a pipe or a device as a stream).
struct PathsOut {
    file: OutputFile,
    error: Option<std::io::Error>,
}

impl PathsOut {
    /// Opens the destination and writes the header.
    fn create(destination: &Destination) -> Result<PathsOut, Failure> {
        let mut file = destination.open()?;
        let header = (|| {
            write!(file, "site,path,model,year")?;
            for q in Quantity::ALL {
                write!(file, ",{q}")?;
            }
            writeln!(file)
        })();
        match header {
            Ok(()) => Ok(PathsOut { file, error: None }),
            Err(e) => Err(file.failure(e)),
        }
    }

    /// Writes one chunk of a site's paths; stops the simulation on the first write error.
    fn write(&mut self, site: &str, chunk: &PathChunk<'_>) -> ControlFlow<()> {
        if self.error.is_some() {
            return ControlFlow::Break(());
        }
        match write_chunk(&mut self.file, site, chunk) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.error = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    /// The failure to report when writing failed (the temporary file goes with `self`).
    fn failure(&mut self) -> Option<Failure> {
        let e = self.error.take()?;
        Some(self.file.failure(e))
    }

    /// Flushes and renames the file into place.
    fn finish(self) -> Result<(), Failure> {
        self.file.finish()
    }
}

/// The rows of one chunk: one per path and year.
fn write_chunk(out: &mut impl Write, site: &str, chunk: &PathChunk<'_>) -> std::io::Result<()> {
    for p in 0..chunk.len() {
        let path = chunk.first_path + p as u64;
        let model = chunk.model(p);
        for (y, year) in chunk.years.iter().enumerate() {
            write!(out, "{site},{path},{model},{year}")?;
            for q in Quantity::ALL {
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
fn run_tornado(args: &SimulateArgs) -> Result<Report, Failure> {
    if args.paths_out.is_some() {
        return Err(Failure::Usage(
            "--paths-out writes simulated paths, and --tornado draws none; leave one of them out"
                .into(),
        ));
    }
    with_studies(
        params(args)?,
        &args.scenario,
        (&args.input, args.model.combine),
        &FLAGS,
        |params, s| {
            let tornadoes = s.each(&FLAGS, |study| study.tornado())?;
            let rows: Vec<SiteTornado<'_>> = s
                .studies
                .iter()
                .zip(&tornadoes)
                .map(|(study, tornado)| SiteTornado {
                    site: study.site().name(),
                    tornado,
                    plant: &study.inputs().plant,
                    notes: study.notes(),
                })
                .collect();
            Ok(tornado::table(
                &rows,
                s.several,
                params.tornado.output,
                meta::site_notes(&s.sites),
                s.meta("simulate", args.model.model),
            ))
        },
    )
}

//! `cmmcast simulate`: Monte Carlo from the plan to the power station.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

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
    with_studies(
        params(args)?,
        &args.scenario,
        &args.input,
        &FLAGS,
        |_, s| simulate(args, s),
    )
}

/// The simulation of every study, `--paths-out` written as the paths are drawn.
fn simulate(args: &SimulateArgs, s: &Studied<'_>) -> Result<Report, Failure> {
    let studies = &s.studies;
    let several = s.several;
    if let Some(available) = available_memory_bytes() {
        s.each(&FLAGS, |study| study.check_memory(available))?;
    }
    let pool = thread_pool(args.threads)?;
    let bar = progress_bar(args.quiet, args.paths, studies.len());
    let tick = |paths: u64| bar.inc(paths);
    let mut paths_out = args
        .paths_out
        .as_deref()
        .map(PathsOut::create)
        .transpose()?;
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
            for q in Quantity::ALL {
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
        &args.input,
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

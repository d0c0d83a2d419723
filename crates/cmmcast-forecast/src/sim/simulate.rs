//! Joint sample paths through the whole chain: model choice, trend parameters, new
//! observations, plan adherence and the plant's operating values, then percentiles with their
//! Monte Carlo standard errors.

use std::ops::ControlFlow;

use rayon::prelude::*;
use serde::Serialize;

use crate::economics::OperatingYear;
use crate::energy::{EnergyFactors, OperatingValues, Plant, Quantity, project_year_with};
use crate::error::{ForecastError, PathsOf};
use crate::sim::inputs::{UncertainInputs, YearlyDraws};
use crate::sim::summary::{BinnedPiece, Binner, ColumnSummary, HISTOGRAM_BINS, summarize};
use crate::sim::value::{PathValuation, PathValuer, ValueScratch};
use crate::sim::{PathModels, PathScratch};

/// The percentile convention, stated once wherever simulated percentiles are printed.
pub const PERCENTILE_CONVENTION: &str = "pN is the N-th percentile: p10 is the 10th percentile, a low value that 10 % of paths fall below (statistical convention, Hyndman-Fan type 7 as numpy). The petroleum reading 'P90 = exceeded with 90 % probability' is the opposite; see docs/METHODS.md.";

/// How the Monte Carlo standard error of a percentile is estimated, for output `meta`.
pub const PERCENTILE_SE_RULE: &str = "half the distance between the order statistics at ranks Np ± sqrt(Np(1-p)) (binomial bracket of the quantile)";

/// Default number of paths.
pub const DEFAULT_PATHS: usize = 100_000;

/// Largest number of paths accepted: at about half a second a million paths on two cores,
/// half a minute or so.
/// Memory does not grow with the paths beyond a batch (see [`simulation_bytes`]).
pub const MAX_PATHS: usize = 50_000_000;

/// Paths drawn and then summarised together. Up to this many paths the percentiles are exact
/// (type 7 on the sorted values); beyond it each column streams into a
/// [`ColumnSummary`], whose range the first batch sets.
pub const BATCH_PATHS: usize = 32_768;

/// Paths drawn by one task: the unit of parallel work and of progress.
pub const CHUNK_PATHS: usize = 1_024;

/// How to simulate: paths, seed and the percentiles to report. The model, horizon, plant and
/// inputs come from the study ([`crate::study`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationSettings {
    /// Number of paths, at least 1 and at most [`MAX_PATHS`].
    pub paths: usize,
    /// Seed of every path's stream.
    pub seed: u64,
    /// Percentiles to report, each in (0, 100).
    pub percentiles: Vec<f64>,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            paths: DEFAULT_PATHS,
            seed: crate::rng::DEFAULT_SEED,
            percentiles: vec![10.0, 50.0, 90.0],
        }
    }
}

impl SimulationSettings {
    /// Checks paths and percentiles.
    pub fn check(&self) -> Result<(), ForecastError> {
        check_paths(self.paths, PathsOf::Simulation)?;
        if let Some(&p) = self
            .percentiles
            .iter()
            .find(|p| !(**p > 0.0 && **p < 100.0))
        {
            return Err(ForecastError::BadPercentile(p));
        }
        Ok(())
    }
}

/// Refuses a number of paths outside 1 to [`MAX_PATHS`].
pub(crate) fn check_paths(paths: usize, of: PathsOf) -> Result<(), ForecastError> {
    if paths == 0 || paths > MAX_PATHS {
        return Err(ForecastError::PathsOutOfRange {
            of,
            given: paths,
            max: MAX_PATHS,
        });
    }
    Ok(())
}

/// Bytes a simulation of `paths` paths and `years` years holds at once (8 bytes per value;
/// the threads' own chunk buffers, under a megabyte each, aside). Up to one batch
/// ([`BATCH_PATHS`]) every value. Beyond it: two sets of a batch's values (the batch being
/// summarised and the one being drawn; without `--paths-out` only the first batch keeps its
/// values, so this overstates), two sets of 16-bit histogram slots, and per column a histogram
/// (2 x [`HISTOGRAM_BINS`] 16-bit counters and [`HISTOGRAM_BINS`] 32-bit totals) plus an
/// allowance of 0.2 % of the values for those kept exactly outside its range.
pub fn simulation_bytes(paths: usize, years: usize) -> u64 {
    let columns = (years * Quantity::ALL.len()) as u64;
    if paths <= BATCH_PATHS {
        return paths as u64 * columns * 8;
    }
    let batch = BATCH_PATHS as u64 * columns;
    let histograms = columns * (HISTOGRAM_BINS as u64 * 2 * 2 + HISTOGRAM_BINS as u64 * 4);
    2 * batch * 8 + 2 * batch * 2 + histograms + columns * (paths as u64 * 8 / 500)
}

/// Refuses a simulation of `paths` paths over `years` years that would not fit in
/// `available_bytes` of memory, saying how many paths would.
pub fn check_memory(paths: usize, years: usize, available_bytes: u64) -> Result<(), ForecastError> {
    let needed = simulation_bytes(paths, years);
    if needed <= available_bytes {
        return Ok(());
    }
    // The bytes grow with the paths, so the most that fit is found by bisection.
    let (mut fits, mut over) = (0usize, paths);
    while over - fits > 1 {
        let mid = fits + (over - fits) / 2;
        if simulation_bytes(mid, years) <= available_bytes {
            fits = mid;
        } else {
            over = mid;
        }
    }
    Err(ForecastError::NotEnoughMemory {
        paths,
        years,
        needed_mb: needed / 1_000_000,
        available_mb: available_bytes / 1_000_000,
        fits,
    })
}

/// The summary of one quantity in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Calendar year.
    pub year: i32,
    /// The quantity.
    pub quantity: Quantity,
    /// The requested percentiles, in the order asked.
    pub percentiles: Vec<f64>,
    /// Monte Carlo standard error of each percentile.
    pub percentile_se: Vec<f64>,
    /// Mean over the paths.
    pub mean: f64,
    /// Standard deviation over the paths.
    pub sd: f64,
    /// Smallest value over the paths (exact, streamed or not).
    pub min: f64,
    /// Largest value over the paths (exact, streamed or not).
    pub max: f64,
}

/// A site's simulation.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Forecast years simulated.
    pub years: Vec<i32>,
    /// One summary per (year, quantity), year-major.
    pub summaries: Vec<Summary>,
    /// The models paths could pick, with their Akaike weights (one model with weight 1 when
    /// fixed).
    pub model_weights: Vec<(&'static str, f64)>,
    /// How many paths picked each model.
    pub model_counts: Vec<(&'static str, usize)>,
    /// Whether the percentiles are exact order statistics (at most [`BATCH_PATHS`] paths) or
    /// read from the streamed histograms (METHODS 11.4).
    pub exact_percentiles: bool,
}

/// Consecutive paths as drawn, handed to a [`PathSink`] in path order.
#[derive(Debug, Clone, Copy)]
pub struct PathChunk<'a> {
    /// Index of the first path.
    pub first_path: u64,
    /// The forecast years.
    pub years: &'a [i32],
    model_names: &'a [&'static str],
    models: &'a [u8],
    /// Year-major, each column [`column_stride`] values apart.
    values: &'a [f64],
}

impl PathChunk<'_> {
    /// Number of paths.
    pub fn len(&self) -> usize {
        self.models.len()
    }

    /// Whether the chunk has no paths.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The model path `path` (counted from `first_path`) picked.
    pub fn model(&self, path: usize) -> &'static str {
        self.model_names[usize::from(self.models[path])]
    }

    /// `quantity` of year index `year` of path `path`.
    pub fn value(&self, path: usize, year: usize, quantity: Quantity) -> f64 {
        self.values
            [(year * Quantity::ALL.len() + quantity.index()) * column_stride(self.len()) + path]
    }
}

/// Receives every path, chunk by chunk in path order, on the calling thread (for
/// `--paths-out`); `Break` stops the simulation with [`ForecastError::Stopped`].
pub type PathSink<'s> = &'s mut dyn FnMut(&PathChunk<'_>) -> ControlFlow<()>;

/// Runs `settings.paths` joint paths of `models` through `plant` with the uncertain `inputs`,
/// in parallel, reproducibly, calling `progress(paths)` after each chunk of at most
/// [`CHUNK_PATHS`] paths (from any thread, in any order; the callback only counts, so results
/// do not depend on it), and handing every path to `sink` when there is one.
///
/// Paths are drawn in batches of [`BATCH_PATHS`]: the batch's chunks in parallel, each path
/// from its own stream; then the batch's columns (year x quantity) are summarised in parallel,
/// each column's batches in path order. No result depends on which thread did what, so the
/// output is bit-identical for any number of threads. [`crate::study::Study::simulate`] is the
/// usual way in: it resolves the models, the plant and the inputs of a site first.
pub fn simulate(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
    progress: &(dyn Fn(u64) + Sync),
    sink: Option<PathSink<'_>>,
) -> Result<Simulation, ForecastError> {
    run(models, plant, inputs, settings, progress, sink, None).map(|(simulation, _)| simulation)
}

/// [`simulate`], valuing every path with `valuer` as it is drawn (in the same parallel task,
/// while its years are in cache): the simulation and the distribution of the paths' NPV and
/// IRR. The paths must cover the valuer's lifetime.
pub fn simulate_valued(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
    progress: &(dyn Fn(u64) + Sync),
    valuer: &PathValuer<'_>,
) -> Result<(Simulation, PathValuation), ForecastError> {
    if models.years().len() < valuer.lifetime_years() {
        return Err(ForecastError::LifetimeBeyondYears {
            lifetime_years: valuer.lifetime_years() as u32,
            available: models.years().len(),
        });
    }
    let (simulation, values) = run(
        models,
        plant,
        inputs,
        settings,
        progress,
        None,
        Some(valuer),
    )?;
    let (npv, irr) = values.unwrap_or_default();
    Ok((simulation, PathValuation::of(npv, irr)))
}

/// The paths' NPVs and IRRs in path order.
type PathValues = (Vec<f64>, Vec<f64>);

fn run(
    models: &PathModels,
    plant: &Plant,
    inputs: &UncertainInputs,
    settings: &SimulationSettings,
    progress: &(dyn Fn(u64) + Sync),
    mut sink: Option<PathSink<'_>>,
    valuer: Option<&PathValuer<'_>>,
) -> Result<(Simulation, Option<PathValues>), ForecastError> {
    settings.check()?;
    let years = models.years().to_vec();
    let model_weights = models.weights();
    let model_names: Vec<&'static str> = model_weights.iter().map(|(name, _)| *name).collect();
    let draws = ChunkDrawer::new(models, plant, inputs, settings.seed, valuer);
    let columns = years.len() * Quantity::ALL.len();
    let exact = settings.paths <= BATCH_PATHS;

    let batches: Vec<(usize, usize)> = (0..settings.paths)
        .step_by(BATCH_PATHS)
        .map(|start| (start, (start + BATCH_PATHS).min(settings.paths)))
        .collect();
    // Phase A of a batch: its chunks drawn in parallel, each path from its own stream, and
    // (with `binners`, after the first batch) binned by the task that drew it, while in cache.
    // Without a sink, a binned chunk's values are not needed after binning: they are drawn
    // into a buffer of the worker thread, which stays in its cache from chunk to chunk,
    // instead of into the chunk (whose values would travel to memory and back).
    let keep_values = sink.is_some();
    let draw_batch =
        |chunks: &mut Vec<Chunk>, (start, end): (usize, usize), binners: Option<&[Binner]>| {
            let starts: Vec<usize> = (start..end).step_by(CHUNK_PATHS).collect();
            chunks.resize_with(starts.len(), Chunk::default);
            chunks.par_iter_mut().zip(&starts).for_each_init(
                || draws.scratch(),
                |scratch, (chunk, &first)| {
                    let paths = (first + CHUNK_PATHS).min(end) - first;
                    chunk.first_path = first as u64;
                    match binners {
                        Some(binners) if !keep_values => WORKER_VALUES.with(|values| {
                            let mut values = values.borrow_mut();
                            draws.draw(first as u64, paths, scratch, chunk, &mut values);
                            chunk.bin(binners, &values);
                            chunk.values.clear();
                        }),
                        _ => {
                            let mut values = std::mem::take(&mut chunk.values);
                            draws.draw(first as u64, paths, scratch, chunk, &mut values);
                            if let Some(binners) = binners {
                                chunk.bin(binners, &values);
                            }
                            chunk.values = values;
                        }
                    }
                    progress(paths as u64);
                },
            );
        };
    // The model counts and the sink see every chunk, in path order, on this thread.
    let mut counts = vec![0usize; model_weights.len()];
    let mut values: Option<PathValues> = valuer.map(|_| {
        (
            Vec::with_capacity(settings.paths),
            Vec::with_capacity(settings.paths),
        )
    });
    let mut deliver = |chunks: &[Chunk]| -> Result<(), ForecastError> {
        for chunk in chunks {
            for &m in &chunk.models {
                counts[usize::from(m)] += 1;
            }
            if let Some((npv, irr)) = values.as_mut() {
                npv.extend_from_slice(&chunk.npv);
                irr.extend_from_slice(&chunk.irr);
            }
            if let Some(sink) = sink.as_mut() {
                let view = PathChunk {
                    first_path: chunk.first_path,
                    years: &years,
                    model_names: &model_names,
                    models: &chunk.models,
                    values: &chunk.values,
                };
                if sink(&view).is_break() {
                    return Err(ForecastError::Stopped);
                }
            }
        }
        Ok(())
    };

    let mut current: Vec<Chunk> = Vec::new();
    let summaries = if exact {
        draw_batch(&mut current, batches[0], None);
        deliver(&current)?;
        (0..columns)
            .into_par_iter()
            .map(|c| {
                let mut column: Vec<f64> = current
                    .iter()
                    .flat_map(|ch| ch.column(c))
                    .copied()
                    .collect();
                let (year, quantity) = column_label(&years, c);
                summarize(&mut column, &settings.percentiles, year, quantity)
            })
            .collect()
    } else {
        // Phase B of a batch: each column adds the batch's chunks in path order. The first
        // batch sets every column's range; after it, phase B of batch k runs alongside phase A
        // of batch k + 1 (two sets of chunks), so neither waits for the other to finish.
        let mut streamed = vec![ColumnSummary::new(); columns];
        draw_batch(&mut current, batches[0], None);
        deliver(&current)?;
        streamed
            .par_iter_mut()
            .enumerate()
            .for_each(|(c, summary)| {
                let pieces: Vec<&[f64]> = current.iter().map(|ch| ch.column(c)).collect();
                summary.add_batch(&pieces);
            });
        let binners: Option<Vec<Binner>> = streamed.iter().map(ColumnSummary::binner).collect();
        let mut next: Vec<Chunk> = Vec::new();
        if let Some(&batch) = batches.get(1) {
            draw_batch(&mut current, batch, binners.as_deref());
        }
        for k in 1..batches.len() {
            deliver(&current)?;
            let count = |summary: &mut ColumnSummary, c: usize, chunks: &[Chunk]| match &binners {
                Some(_) => {
                    for chunk in chunks {
                        summary.add_binned(&chunk.binned[c], chunk.slots(c), &chunk.outside);
                    }
                }
                None => {
                    let pieces: Vec<&[f64]> = chunks.iter().map(|ch| ch.column(c)).collect();
                    summary.add_batch(&pieces);
                }
            };
            let done = &current;
            rayon::join(
                || {
                    streamed
                        .par_iter_mut()
                        .enumerate()
                        .for_each(|(c, summary)| count(summary, c, done));
                },
                || {
                    if let Some(&batch) = batches.get(k + 1) {
                        draw_batch(&mut next, batch, binners.as_deref());
                    }
                },
            );
            std::mem::swap(&mut current, &mut next);
        }
        streamed
            .into_par_iter()
            .enumerate()
            .map(|(c, summary)| {
                let (year, quantity) = column_label(&years, c);
                summary.finish(&settings.percentiles, year, quantity)
            })
            .collect()
    };
    let simulation = Simulation {
        years,
        summaries,
        model_counts: model_names.iter().copied().zip(counts).collect(),
        model_weights,
        exact_percentiles: exact,
    };
    Ok((simulation, values))
}

/// Distance between the columns of a chunk of `paths` paths: one cache line more than the
/// paths, so that a path's values, one per column, do not all fall in the same cache set (a
/// stride of exactly 1,024 x 8 bytes made every store of a path compete for one set of the L1
/// cache and cost W4 a fifth of its time).
fn column_stride(paths: usize) -> usize {
    paths + 8
}

/// The year and quantity of column `c` (year-major).
fn column_label(years: &[i32], c: usize) -> (i32, Quantity) {
    (
        years[c / Quantity::ALL.len()],
        Quantity::ALL[c % Quantity::ALL.len()],
    )
}

/// One chunk of drawn paths: the model of each, and every value year-major (the layout of
/// [`PathChunk`]), so a column of the chunk is one contiguous slice.
#[derive(Debug, Default)]
struct Chunk {
    first_path: u64,
    models: Vec<u8>,
    values: Vec<f64>,
    /// Each value's histogram slot, column after column (`paths` apart), once binned.
    slots: Vec<u16>,
    /// Each column's moments and extremes, once binned.
    binned: Vec<BinnedPiece>,
    /// The values outside the histograms' ranges, once binned (`binned` says whose).
    outside: Vec<f64>,
    /// Each path's NPV, when the paths are valued.
    npv: Vec<f64>,
    /// Each path's IRR (NaN for none), when the paths are valued.
    irr: Vec<f64>,
}

thread_local! {
    /// The values of the chunk a worker thread is drawing, when the chunk need not keep them.
    static WORKER_VALUES: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Chunk {
    /// Bins every column of the chunk's `values` (laid out as [`ChunkDrawer::draw`] writes
    /// them), in phase A while they are in cache.
    fn bin(&mut self, binners: &[Binner], values: &[f64]) {
        let n = self.models.len();
        self.slots.resize(n * binners.len(), 0);
        self.binned.clear();
        self.outside.clear();
        for (c, binner) in binners.iter().enumerate() {
            let start = c * column_stride(n);
            let piece = &values[start..start + n];
            let slots = &mut self.slots[c * n..(c + 1) * n];
            self.binned
                .push(binner.bin(piece, slots, &mut self.outside));
        }
    }

    /// The slots of column `c`, after [`Chunk::bin`].
    fn slots(&self, c: usize) -> &[u16] {
        let n = self.models.len();
        &self.slots[c * n..(c + 1) * n]
    }

    /// Column `c` (year x quantity, year-major) of the chunk.
    fn column(&self, c: usize) -> &[f64] {
        let n = self.models.len();
        let start = c * column_stride(n);
        &self.values[start..start + n]
    }
}

/// A worker's reusable space: the path's draws and, when paths are valued, its operating
/// years and cash flows.
struct DrawScratch {
    path: PathScratch,
    operating: Vec<OperatingYear>,
    value: ValueScratch,
}

/// Draws chunks of paths through the energy chain.
struct ChunkDrawer<'a> {
    models: &'a PathModels,
    plant: &'a Plant,
    inputs: &'a UncertainInputs,
    seed: u64,
    valuer: Option<&'a PathValuer<'a>>,
    base: OperatingValues,
    base_factors: EnergyFactors,
    /// How the per-year inputs are drawn.
    yearly: YearlyDraws,
}

impl<'a> ChunkDrawer<'a> {
    fn new(
        models: &'a PathModels,
        plant: &'a Plant,
        inputs: &'a UncertainInputs,
        seed: u64,
        valuer: Option<&'a PathValuer<'a>>,
    ) -> ChunkDrawer<'a> {
        let base = plant.operating;
        ChunkDrawer {
            models,
            plant,
            inputs,
            seed,
            valuer,
            base,
            base_factors: EnergyFactors::with_values(plant, &base),
            yearly: YearlyDraws::of(inputs),
        }
    }

    fn scratch(&self) -> DrawScratch {
        DrawScratch {
            path: PathScratch::new(self.base),
            operating: Vec::new(),
            value: ValueScratch::default(),
        }
    }

    /// Draws paths `first..first + paths`: each one's model into the chunk's `models`, its
    /// values into `values`, year-major, columns [`column_stride`] apart, and with a valuer
    /// its NPV and IRR into the chunk's `npv` and `irr`.
    fn draw(
        &self,
        first: u64,
        paths: usize,
        scratch: &mut DrawScratch,
        chunk: &mut Chunk,
        values: &mut Vec<f64>,
    ) {
        let DrawScratch {
            path: scratch,
            operating,
            value: value_scratch,
        } = scratch;
        let years = self.models.years();
        let models = &mut chunk.models;
        chunk.npv.clear();
        chunk.irr.clear();
        let lifetime = self.valuer.map_or(0, PathValuer::lifetime_years);
        models.resize(paths, 0);
        let stride = column_stride(paths);
        values.resize(stride * years.len() * Quantity::ALL.len(), 0.0);
        for (i, model_slot) in models.iter_mut().enumerate() {
            let model = self.models.draw_into(
                &self.base,
                self.inputs,
                &self.yearly,
                self.seed,
                first + i as u64,
                scratch,
            );
            *model_slot = model as u8;
            // The factors of the path's operating values, or of each year's when they vary.
            let path_values = scratch.values_in(0);
            let path_factors = if path_values == self.base {
                self.base_factors
            } else {
                EnergyFactors::with_values(self.plant, &path_values)
            };
            operating.clear();
            for (y, (&year, &drained)) in years.iter().zip(scratch.drained()).enumerate() {
                let (year_values, factors) = if scratch.values_vary() {
                    let v = scratch.values_in(y);
                    (v, EnergyFactors::with_values(self.plant, &v))
                } else {
                    (path_values, path_factors)
                };
                let e = project_year_with(self.plant, &year_values, &factors, year, drained);
                for (q, v) in Quantity::ALL.map(|q| q.of(&e)).into_iter().enumerate() {
                    values[(y * Quantity::ALL.len() + q) * stride + i] = v;
                }
                if y < lifetime {
                    operating.push(OperatingYear::from_energy(&e));
                }
            }
            if let Some(valuer) = self.valuer {
                let (npv, irr) = valuer.value(first + i as u64, operating, value_scratch);
                chunk.npv.push(npv);
                chunk.irr.push(irr);
            }
        }
    }
}

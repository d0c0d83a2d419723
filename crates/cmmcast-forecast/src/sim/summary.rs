//! Summaries of simulated values: percentiles (Hyndman–Fan type 7) with their Monte Carlo
//! standard errors, mean and sd, either exactly from a whole column ([`summarize`]) or batch by
//! batch in bounded memory ([`ColumnSummary`]), so a million paths never need their values
//! kept (METHODS 11.4 states what each gives).

use crate::energy::Quantity;
use crate::sim::Summary;

/// Bins of a streaming column's histogram (a power of two): fine enough that a bin is several times narrower
/// than the Monte Carlo standard error of a percentile at a million paths (METHODS 11.4).
pub const HISTOGRAM_BINS: usize = 16_384;

/// Every `PILOT_STRIDE`-th value of the first batch sets a column's histogram range.
const PILOT_STRIDE: usize = 8;

/// Percentiles of the pilot that bound the histogram's range, before padding; values outside
/// the padded range (about one in a million for a normal column) are kept exactly.
const PILOT_TAIL: f64 = 0.0005;

/// Padding on each side of the pilot's range, as a share of it.
const PILOT_PADDING: f64 = 0.25;

/// Percentiles (type 7, numpy's default: linear interpolation between order statistics at
/// h = (N − 1)p), their Monte Carlo standard errors, mean and sd of one whole column, exactly.
///
/// The standard error of the p-quantile is read off the order statistics: the ranks
/// Np ± √(Np(1 − p)) bracket the quantile with about 68 % probability (the binomial
/// distribution of the count below it), so half the distance between those order statistics
/// estimates one standard error without needing the density.
pub fn summarize(
    column: &mut [f64],
    percentiles: &[f64],
    year: i32,
    quantity: Quantity,
) -> Summary {
    let moments = Moments::of(column, column.first().copied().unwrap_or(0.0));
    column.sort_unstable_by(f64::total_cmp);
    let n = column.len() as u64;
    summary(
        n,
        |k| column[k as usize],
        percentiles,
        moments,
        year,
        quantity,
    )
}

/// Count, mean and sum of squared deviations of a column (Chan et al. 1979 to merge batches),
/// kept about a fixed `shift` (the first value) so a column that never varies has exactly that
/// value as its mean and an sd of exactly 0, not rounding noise.
#[derive(Debug, Clone, Copy)]
struct Moments {
    count: u64,
    shift: f64,
    /// Mean of x − shift.
    mean: f64,
    /// Σ (x − shift − mean)².
    m2: f64,
}

impl Moments {
    /// Two passes over one batch: the mean first, then the squared deviations from it.
    fn of(values: &[f64], shift: f64) -> Moments {
        let count = values.len() as u64;
        if count == 0 {
            return Moments {
                count,
                shift,
                mean: 0.0,
                m2: 0.0,
            };
        }
        let mean = values.iter().map(|x| x - shift).sum::<f64>() / count as f64;
        let m2 = values.iter().map(|x| (x - shift - mean).powi(2)).sum();
        Moments {
            count,
            shift,
            mean,
            m2,
        }
    }

    /// Adds a batch with the same shift: Chan, Golub and LeVeque's pairwise update.
    fn merge(&mut self, other: Moments) {
        if other.count == 0 {
            return;
        }
        let total = self.count + other.count;
        let delta = other.mean - self.mean;
        let share = other.count as f64 / total as f64;
        self.mean += delta * share;
        self.m2 += other.m2 + delta * delta * self.count as f64 * share;
        self.count = total;
    }

    fn mean(&self) -> f64 {
        self.shift + self.mean
    }

    /// Sample sd (N − 1 denominator), 0 for one value.
    fn sd(&self) -> f64 {
        if self.count > 1 {
            (self.m2 / (self.count - 1) as f64).sqrt()
        } else {
            0.0
        }
    }
}

/// The [`Summary`] of a column of `n` values whose k-th smallest (0-based) is `order(k)`.
fn summary(
    n: u64,
    order: impl Fn(u64) -> f64,
    percentiles: &[f64],
    moments: Moments,
    year: i32,
    quantity: Quantity,
) -> Summary {
    let last = n.saturating_sub(1);
    let at = |rank: f64| -> f64 {
        let h = rank.clamp(0.0, last as f64);
        let low = h.floor() as u64;
        let high = (low + 1).min(last);
        let below = order(low);
        below + (h - low as f64) * (order(high) - below)
    };
    let count = n as f64;
    let mut values = Vec::with_capacity(percentiles.len());
    let mut errors = Vec::with_capacity(percentiles.len());
    for &percent in percentiles {
        let p = percent / 100.0;
        values.push(at((count - 1.0) * p));
        let spread = (count * p * (1.0 - p)).sqrt();
        let centre = count * p;
        errors.push(0.5 * (at(centre + spread) - at(centre - spread)));
    }
    Summary {
        year,
        quantity,
        percentiles: values,
        percentile_se: errors,
        mean: moments.mean(),
        sd: moments.sd(),
        min: order(0),
        max: order(last),
    }
}

/// One column (a year and a quantity) summarised batch by batch in bounded memory: exact
/// moments, minimum and maximum; the order statistics from a histogram of
/// [`HISTOGRAM_BINS`] equal bins whose range the first batch sets, with the values outside that
/// range and the point masses at the minimum and maximum (a plant at full load, no surplus)
/// kept exactly. Within a bin the values are taken as evenly spread, so an order statistic is
/// off by at most the bin's width, and by much less where the density is smooth.
#[derive(Debug, Clone)]
pub struct ColumnSummary {
    moments: Option<Moments>,
    /// The first value, about which the moments are taken.
    shift: f64,
    min: f64,
    min_count: u64,
    max: f64,
    max_count: u64,
    histogram: Option<Histogram>,
}

/// Equal bins over [lo, lo + bins x width), with the values outside them kept exactly.
/// Slot b + 1 counts bin b, slots 0 and BINS + 1 the values outside (only to notice them).
/// Values are counted in 16-bit counters (32 kB, which stay in the L1 cache; 32-bit ones
/// spilled to L2 and made every increment wait), flushed into the 64-bit totals before they
/// can overflow.
#[derive(Debug, Clone)]
struct Histogram {
    lo: f64,
    width: f64,
    inv_width: f64,
    recent: Vec<u16>,
    /// Values counted in `recent` since the last flush.
    pending: usize,
    /// 32 bits suffice: at most `MAX_PATHS` values (50 million) are counted.
    totals: Vec<u32>,
    below: Vec<f64>,
    above: Vec<f64>,
}

impl Histogram {
    /// The range from the pilot (every [`PILOT_STRIDE`]-th value of the first batch): its
    /// 0.05 and 99.95 percentiles, padded by a quarter of their distance on each side. A pilot
    /// without spread gets a range of ±1e-9 relative (at least 1e-12) around its value.
    fn from_pilot(mut pilot: Vec<f64>) -> Histogram {
        let k = pilot.len();
        let rank = |p: f64| ((k - 1) as f64 * p).round() as usize;
        let (low_rank, high_rank) = (rank(PILOT_TAIL), rank(1.0 - PILOT_TAIL));
        let (_, &mut low, _) = pilot.select_nth_unstable_by(low_rank, f64::total_cmp);
        let (_, &mut high, _) = pilot.select_nth_unstable_by(high_rank, f64::total_cmp);
        let span = high - low;
        let span = if span > 0.0 {
            span
        } else {
            (low.abs() * 1e-9).max(1e-12)
        };
        let lo = low - PILOT_PADDING * span;
        let width = span * (1.0 + 2.0 * PILOT_PADDING) / HISTOGRAM_BINS as f64;
        Histogram {
            lo,
            width,
            inv_width: 1.0 / width,
            // Written, not calloc'd: calloc maps the shared zero page, and the first count then
            // costs a copy-on-write fault with a TLB shootdown on every core (a sixth of
            // `cmmcast simulate`'s time before this).
            recent: std::iter::repeat_n(0, SLOT_MASK + 1).collect(),
            pending: 0,
            totals: std::iter::repeat_n(0, HISTOGRAM_BINS).collect(),
            below: Vec::new(),
            above: Vec::new(),
        }
    }

    /// Adds the 16-bit counters to the totals and clears them.
    fn flush(&mut self) {
        for (total, recent) in self.totals.iter_mut().zip(&self.recent[1..=HISTOGRAM_BINS]) {
            *total += u32::from(*recent);
        }
        self.recent[..HISTOGRAM_BINS + 2].fill(0);
        self.pending = 0;
    }

    /// The bin of `x`, if it is inside the range.
    #[inline]
    fn bin(&self, x: f64) -> Option<usize> {
        let scaled = (x - self.lo) * self.inv_width;
        (scaled >= 0.0 && scaled < HISTOGRAM_BINS as f64).then_some(scaled as usize)
    }

    /// Counts a piece's slots (from [`Binner::bin`]) and keeps the values outside the range
    /// (which `bin` set aside).
    fn count(&mut self, slots: &[u16], below: &[f64], above: &[f64]) {
        if self.pending + slots.len() > usize::from(u16::MAX) {
            self.flush();
        }
        self.pending += slots.len();
        for &slot in slots {
            // Slots are at most BINS + 1: the mask only spares the bounds check.
            self.recent[usize::from(slot) & SLOT_MASK] += 1;
        }
        self.below.extend_from_slice(below);
        self.above.extend_from_slice(above);
    }
}

/// Covers every slot, 0 to BINS + 1 (the table has 2 x BINS entries' worth of mask; see
/// [`Histogram`], whose counter table is padded to it).
const SLOT_MASK: usize = 2 * HISTOGRAM_BINS - 1;

/// What a column's histogram needs to bin values, copied out so that drawing tasks can bin
/// their own chunk while it is in cache (phase A of `simulate_site_with`), without touching the
/// shared counters.
#[derive(Debug, Clone, Copy)]
pub struct Binner {
    lo: f64,
    inv_width: f64,
    shift: f64,
    /// The column's minimum and maximum when the binner was made. They only move outwards, so
    /// a piece whose extreme is inside them cannot hold the column's final extreme, and its
    /// extreme's count is never needed.
    min_known: f64,
    max_known: f64,
}

/// One piece of a column as [`Binner::bin`] saw it: moments about the column's shift, the
/// extremes with how often each occurs, and where its values outside the histogram's range
/// went in the `outside` list given to `bin` (below the range, then above it).
#[derive(Debug, Clone)]
pub struct BinnedPiece {
    moments: Moments,
    low: f64,
    low_count: u64,
    high: f64,
    high_count: u64,
    below: std::ops::Range<usize>,
    above: std::ops::Range<usize>,
}

impl Binner {
    /// Writes each value's slot (bin b as b + 1; 0 below the range, BINS + 1 above it) and
    /// returns the piece's moments and extremes. Four lanes of sums, minima and maxima let the
    /// first pass run in SIMD registers; their number and order are fixed, so the result
    /// depends on nothing but the values.
    pub fn bin(&self, piece: &[f64], slots: &mut [u16], outside: &mut Vec<f64>) -> BinnedPiece {
        const LANES: usize = 4;
        let shift = self.shift;
        // Separate simple loops over fixed lanes vectorise (two SSE2 registers a lane set);
        // one loop doing everything did not.
        let mut sum = [0.0; LANES];
        let mut squares = [0.0; LANES];
        let mut quads = piece.chunks_exact(LANES);
        for quad in &mut quads {
            for lane in 0..LANES {
                let d = quad[lane] - shift;
                sum[lane] += d;
                squares[lane] += d * d;
            }
        }
        for (lane, &x) in quads.remainder().iter().enumerate() {
            let d = x - shift;
            sum[lane] += d;
            squares[lane] += d * d;
        }
        let mut low = [f64::INFINITY; LANES];
        let mut high = [f64::NEG_INFINITY; LANES];
        let mut quads = piece.chunks_exact(LANES);
        for quad in &mut quads {
            for lane in 0..LANES {
                let x = quad[lane];
                low[lane] = if x < low[lane] { x } else { low[lane] };
                high[lane] = if x > high[lane] { x } else { high[lane] };
            }
        }
        for (lane, &x) in quads.remainder().iter().enumerate() {
            low[lane] = if x < low[lane] { x } else { low[lane] };
            high[lane] = if x > high[lane] { x } else { high[lane] };
        }
        let (lo, inv_width) = (self.lo, self.inv_width);
        for (slot, &x) in slots.iter_mut().zip(piece) {
            // Clamped to [0, BINS + 1] first, the conversion truncates a non-negative number,
            // which is its floor (no call to `floor`). NaN, which the simulation never makes,
            // would land in slot 0.
            let scaled = ((x - lo) * inv_width + 1.0).clamp(0.0, (HISTOGRAM_BINS + 1) as f64);
            *slot = scaled as u16;
        }

        let low = low.into_iter().fold(f64::INFINITY, f64::min);
        let high = high.into_iter().fold(f64::NEG_INFINITY, f64::max);
        // The slot formula is monotone, so values fall outside the range only when the
        // extremes do; only then are the slots searched.
        let slot_of = |x: f64| ((x - lo) * inv_width + 1.0).clamp(0.0, (HISTOGRAM_BINS + 1) as f64);
        let start = outside.len();
        if slot_of(low) < 1.0 {
            outside.extend(
                piece
                    .iter()
                    .zip(&*slots)
                    .filter(|(_, s)| **s == 0)
                    .map(|(x, _)| *x),
            );
        }
        let middle = outside.len();
        if slot_of(high) >= (HISTOGRAM_BINS + 1) as f64 {
            let last = (HISTOGRAM_BINS + 1) as u16;
            outside.extend(
                piece
                    .iter()
                    .zip(&*slots)
                    .filter(|(_, s)| **s == last)
                    .map(|(x, _)| *x),
            );
        }
        // How often the extremes occur, when they may be the column's.
        let times = |v: f64, needed: bool| {
            if needed {
                piece.iter().filter(|&&x| x == v).count() as u64
            } else {
                0
            }
        };

        let count = piece.len() as u64;
        let total: f64 = sum.iter().sum();
        let mean = total / count.max(1) as f64;
        // Σ(d − d̄)² = Σd² − (Σd)²/n: with d taken about the column's first value, which is
        // within a few sd of the mean, the cancellation costs a few ulps at most.
        let m2 = (squares.iter().sum::<f64>() - total * mean).max(0.0);
        BinnedPiece {
            moments: Moments {
                count,
                shift,
                mean,
                m2,
            },
            low,
            low_count: times(low, low <= self.min_known),
            high,
            high_count: times(high, high >= self.max_known),
            below: start..middle,
            above: middle..outside.len(),
        }
    }
}

impl Default for ColumnSummary {
    fn default() -> Self {
        ColumnSummary::new()
    }
}

impl ColumnSummary {
    /// An empty column.
    pub fn new() -> ColumnSummary {
        ColumnSummary {
            moments: None,
            shift: 0.0,
            min: f64::INFINITY,
            min_count: 0,
            max: f64::NEG_INFINITY,
            max_count: 0,
            histogram: None,
        }
    }

    /// Adds a batch, given as consecutive pieces in path order. The first batch also sets the
    /// histogram's range, so it should hold enough values to show the spread (the simulation
    /// gives 32,768). Batches must come in path order for the result to be reproducible.
    pub fn add_batch(&mut self, pieces: &[&[f64]]) {
        let Some(first) = pieces.iter().find_map(|p| p.first().copied()) else {
            return;
        };
        if self.histogram.is_none() {
            let pilot = pieces
                .iter()
                .flat_map(|p| p.iter().copied())
                .step_by(PILOT_STRIDE)
                .collect();
            self.histogram = Some(Histogram::from_pilot(pilot));
            self.shift = first;
        }
        let binner = self.binner().unwrap_or(Binner {
            lo: 0.0,
            inv_width: 0.0,
            shift: first,
            min_known: f64::INFINITY,
            max_known: f64::NEG_INFINITY,
        });
        let mut slots = Vec::new();
        let mut outside = Vec::new();
        for piece in pieces {
            slots.resize(piece.len(), 0);
            outside.clear();
            let binned = binner.bin(piece, &mut slots, &mut outside);
            self.add_binned(&binned, &slots, &outside);
        }
    }

    /// How to bin this column's values, once the first batch has set the range.
    pub fn binner(&self) -> Option<Binner> {
        self.histogram.as_ref().map(|h| Binner {
            lo: h.lo,
            inv_width: h.inv_width,
            shift: self.shift,
            min_known: self.min,
            max_known: self.max,
        })
    }

    /// Adds a piece that [`Binner::bin`] (of this column's [`ColumnSummary::binner`]) has
    /// binned, with the `outside` list it filled; pieces must come in path order.
    pub fn add_binned(&mut self, binned: &BinnedPiece, slots: &[u16], outside: &[f64]) {
        let Some(histogram) = self.histogram.as_mut() else {
            return;
        };
        histogram.count(
            slots,
            &outside[binned.below.clone()],
            &outside[binned.above.clone()],
        );
        match &mut self.moments {
            Some(m) => m.merge(binned.moments),
            None => self.moments = Some(binned.moments),
        }
        if binned.low <= self.min {
            if binned.low < self.min {
                self.min = binned.low;
                self.min_count = 0;
            }
            self.min_count += binned.low_count;
        }
        if binned.high >= self.max {
            if binned.high > self.max {
                self.max = binned.high;
                self.max_count = 0;
            }
            self.max_count += binned.high_count;
        }
    }

    /// The summary of every value added.
    pub fn finish(mut self, percentiles: &[f64], year: i32, quantity: Quantity) -> Summary {
        let moments = self.moments.unwrap_or(Moments {
            count: 0,
            shift: 0.0,
            mean: 0.0,
            m2: 0.0,
        });
        let n = moments.count;
        let (min, max) = (self.min, self.max);
        let Some(mut h) = self.histogram.take() else {
            return summary(n, |_| f64::NAN, percentiles, moments, year, quantity);
        };
        if min == max {
            return summary(n, |_| min, percentiles, moments, year, quantity);
        }
        h.below.sort_unstable_by(f64::total_cmp);
        h.above.sort_unstable_by(f64::total_cmp);
        // The point masses at the extremes leave their bins (when inside the range) and are
        // returned exactly.
        h.flush();
        let mut counts: Vec<u64> = h.totals.iter().map(|&c| u64::from(c)).collect();
        let min_mass = if h.below.is_empty() {
            counts[h.bin(min).unwrap_or(0)] -= self.min_count;
            self.min_count
        } else {
            0
        };
        let max_mass = if h.above.is_empty() {
            counts[h.bin(max).unwrap_or(HISTOGRAM_BINS - 1)] -= self.max_count;
            self.max_count
        } else {
            0
        };
        let cumulative: Vec<u64> = counts
            .iter()
            .scan(0u64, |acc, &c| {
                *acc += c;
                Some(*acc)
            })
            .collect();
        let binned = cumulative.last().copied().unwrap_or(0);
        let order = |k: u64| -> f64 {
            let mut k = k;
            let below = h.below.len() as u64;
            if k < below {
                return h.below[k as usize];
            }
            k -= below;
            if k < min_mass {
                return min;
            }
            k -= min_mass;
            if k < binned {
                // The bin holding the k-th binned value; the values in it evenly spread over
                // the part of the bin between the extremes.
                let b = cumulative.partition_point(|&c| c <= k);
                let before = if b == 0 { 0 } else { cumulative[b - 1] };
                let count = cumulative[b] - before;
                let start = (h.lo + b as f64 * h.width).max(min);
                let end = (h.lo + (b + 1) as f64 * h.width).min(max);
                let position = ((k - before) as f64 + 0.5) / count as f64;
                return (start + position * (end - start)).clamp(min, max);
            }
            k -= binned;
            if k < max_mass {
                return max;
            }
            k -= max_mass;
            h.above[(k as usize).min(h.above.len().saturating_sub(1))]
        };
        summary(n, order, percentiles, moments, year, quantity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::path_rng;
    use rand::RngExt;
    use rand_distr::{Distribution, StandardNormal, StudentT};

    /// Type 7 by hand on 1..=5: p50 is 3; p10 is at h = 0.4, 1 + 0.4 = 1.4; p90 at h = 3.6,
    /// 4 + 0.6 = 4.6. Mean 3, sample sd √2.5.
    #[test]
    fn percentiles_match_numpy_default() {
        let mut column = vec![5.0, 1.0, 4.0, 2.0, 3.0];
        let s = summarize(&mut column, &[10.0, 50.0, 90.0], 2020, Quantity::MethaneMm3);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(s.percentiles[0], 1.4)
                && close(s.percentiles[1], 3.0)
                && close(s.percentiles[2], 4.6)
        );
        assert!(close(s.mean, 3.0) && close(s.sd, 2.5_f64.sqrt()));
    }

    /// A column that never varies: 60.1 summed 2000 times and divided by 2000 is not exactly
    /// 60.1 in floating point, but its mean must be, with sd and every standard error 0.
    #[test]
    fn a_constant_column_has_its_value_as_mean_and_no_spread() {
        let mut column = vec![60.1; 2000];
        let s = summarize(&mut column, &[10.0, 50.0, 90.0], 2020, Quantity::BurntMm3);
        assert_eq!(s.mean, 60.1);
        assert_eq!(s.sd, 0.0);
        assert_eq!(s.percentiles, vec![60.1; 3]);
        assert_eq!(s.percentile_se, vec![0.0; 3]);

        let mut streamed = ColumnSummary::new();
        for _ in 0..3 {
            streamed.add_batch(&[&column[..500], &column[500..]]);
        }
        let t = streamed.finish(&[10.0, 50.0, 90.0], 2020, Quantity::BurntMm3);
        assert_eq!((t.mean, t.sd), (60.1, 0.0));
        assert_eq!(t.percentiles, vec![60.1; 3]);
        assert_eq!(t.percentile_se, vec![0.0; 3]);
    }

    /// Streams `values` in batches of 32,768 (as the simulation) and compares with the exact summary: every
    /// percentile and its standard error within `tolerance` standard errors (the exact ones),
    /// mean and sd to 1e-12 relative.
    fn streamed_matches_exact(values: &[f64], percentiles: &[f64], tolerance: f64) {
        let mut streamed = ColumnSummary::new();
        for batch in values.chunks(32_768) {
            let (a, b) = batch.split_at(batch.len() / 3);
            streamed.add_batch(&[a, b]);
        }
        let got = streamed.finish(percentiles, 2020, Quantity::MethaneMm3);
        let want = summarize(
            &mut values.to_vec(),
            percentiles,
            2020,
            Quantity::MethaneMm3,
        );
        assert!((got.mean - want.mean).abs() <= 1e-12 * want.mean.abs().max(1.0));
        assert!((got.sd - want.sd).abs() <= 1e-12 * want.sd);
        for (i, percentile) in percentiles.iter().enumerate() {
            let se = want.percentile_se[i];
            let off = (got.percentiles[i] - want.percentiles[i]).abs();
            assert!(
                off <= tolerance * se,
                "p{percentile}: streamed {} exact {} se {se}",
                got.percentiles[i],
                want.percentiles[i]
            );
            assert!(
                (got.percentile_se[i] - se).abs() <= 0.2 * se,
                "se of p{percentile}"
            );
        }
    }

    /// A million normal, Student-t(3) (heavy tails, as a 2031 methane forecast) and lognormal
    /// values: the streamed percentiles are within a tenth of a Monte Carlo standard error of the
    /// exact type-7 values (the independent reference here is the full sort).
    #[test]
    fn streamed_percentiles_match_the_full_sort() {
        let mut rng = path_rng(11, 0);
        let t3 = StudentT::new(3.0).expect("df");
        let n = 1_000_000;
        let normal: Vec<f64> = (0..n)
            .map(|_| 300.0 + 40.0 * Distribution::<f64>::sample(&StandardNormal, &mut rng))
            .collect();
        let heavy: Vec<f64> = (0..n).map(|_| 900.0 + 60.0 * t3.sample(&mut rng)).collect();
        let skewed: Vec<f64> = (0..n)
            .map(|_| (0.8 * rng.random::<f64>() - 0.4f64).exp() * 5.0)
            .collect();
        let percentiles = [0.5, 2.5, 10.0, 50.0, 90.0, 97.5, 99.5];
        for values in [&normal, &heavy, &skewed] {
            streamed_matches_exact(values, &percentiles, 0.1);
        }
    }

    /// Point masses at the extremes, as a plant at full load makes (utilization 1 in 70 % of
    /// the paths, no surplus in 40 %): percentiles inside a mass are exactly its value.
    #[test]
    fn point_masses_at_the_extremes_are_exact() {
        let mut rng = path_rng(12, 0);
        let values: Vec<f64> = (0..200_000)
            .map(|_| {
                let u: f64 = rng.random();
                if u < 0.4 {
                    0.0
                } else if u < 0.7 {
                    u
                } else {
                    1.0
                }
            })
            .collect();
        let mut streamed = ColumnSummary::new();
        for batch in values.chunks(32_768) {
            streamed.add_batch(&[batch]);
        }
        let got = streamed.finish(&[10.0, 35.0, 80.0, 95.0], 2020, Quantity::Utilization);
        assert_eq!(got.percentiles[0], 0.0);
        assert_eq!(got.percentiles[1], 0.0);
        assert_eq!(got.percentiles[2], 1.0);
        assert_eq!(got.percentiles[3], 1.0);
        streamed_matches_exact(&values, &[10.0, 35.0, 50.0, 60.0, 80.0, 95.0], 0.1);
    }
}

//! Random streams: one per sample path, derived from (seed, path index), so a path draws the
//! same numbers whichever thread runs it and however many threads there are.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// The generator of every path: ChaCha with 8 rounds, a portable algorithm whose output is
/// fixed by its specification (unlike `StdRng`, which may change between rand versions).
pub type PathRng = ChaCha8Rng;

/// The default seed, printed in every simulation's `meta`.
pub const DEFAULT_SEED: u64 = 20_120_101;

/// The generator of path `path` under `seed`: the key comes from the seed, and each path reads
/// its own ChaCha stream (2⁶⁴ streams of 2⁶⁸ bytes each, so paths never overlap).
///
/// ```
/// use cmmcast_forecast::sim::path_rng;
/// use rand::RngExt;
/// let a: f64 = path_rng(7, 3).random();
/// let b: f64 = path_rng(7, 3).random();
/// let c: f64 = path_rng(7, 4).random();
/// assert_eq!(a, b);
/// assert_ne!(a, c);
/// ```
pub fn path_rng(seed: u64, path: u64) -> PathRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(path);
    rng
}

//! Random streams: one per sample path, derived from (seed, path index), so a path draws the
//! same numbers whichever thread runs it and however many threads there are.
//!
//! The generator is xoshiro256++ (Blackman and Vigna 2021), whose 256-bit state is set from
//! the seed and the path index by the SplitMix64 finaliser. It replaced ChaCha8 because a
//! path draws only a few dozen numbers: ChaCha8 computes 256 bytes a refill and cost about half
//! of W4's drawing, xoshiro256++ costs about a nanosecond a number (docs/BENCHMARKS.md).
//! Both algorithms are fixed by their published definitions, so a seed gives the same paths on
//! any platform and with any version of this crate's dependencies. The generator is written
//! out here (a dozen lines) so that a path's state is set from its words directly.

use std::convert::Infallible;

use rand::TryRng;

/// The generator of every path: xoshiro256++, a portable algorithm whose output is fixed by
/// its specification (unlike `StdRng`, which may change between rand versions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRng {
    s: [u64; 4],
}

impl PathRng {
    /// The generator in state `s`, which must not be all zero (the one state xoshiro never
    /// leaves).
    fn from_state(s: [u64; 4]) -> PathRng {
        debug_assert!(s != [0; 4], "xoshiro256++ cannot start from zero");
        PathRng { s }
    }
}

impl TryRng for PathRng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        // The upper bits: the lowest have weak linear dependencies.
        self.try_next_u64().map(|x| (x >> 32) as u32)
    }

    /// xoshiro256++, as Vigna's reference xoshiro256plusplus.c.
    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        Ok(result)
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dest.chunks_mut(8) {
            let word = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

/// The default seed, printed in every simulation's `meta`.
pub const DEFAULT_SEED: u64 = 20_120_101;

/// The golden-ratio increment of SplitMix64, 2⁶⁴/φ rounded to odd.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function (Steele, Lea and Flood 2014, finaliser "Mix13" of
/// Stafford): a bijection of u64 that scrambles every input bit into every output bit.
///
/// ```
/// use cmmcast_forecast::rng::splitmix64_mix;
/// // SplitMix64 started at state 0 outputs mix(0 + γ) first: 0xE220A8397B1DCDAF, the
/// // reference value of Vigna's splitmix64.c.
/// assert_eq!(splitmix64_mix(0x9E37_79B9_7F4A_7C15), 0xE220_A839_7B1D_CDAF);
/// ```
pub fn splitmix64_mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of path `path` under `seed`. State word i (0..4) is
/// mix(path ⊕ mix(seed + (i + 1)γ)): for a fixed seed, each word is a bijection of the path
/// index, so two paths never share a state word, and the words of one path are unrelated.
///
/// ```
/// use cmmcast_forecast::rng::path_rng;
/// use rand::RngExt;
/// let a: f64 = path_rng(7, 3).random();
/// let b: f64 = path_rng(7, 3).random();
/// let c: f64 = path_rng(7, 4).random();
/// assert_eq!(a, b);
/// assert_ne!(a, c);
/// ```
pub fn path_rng(seed: u64, path: u64) -> PathRng {
    PathStreams::new(seed).rng(path)
}

/// The key that sets the mines' sub-streams apart from the paths' own streams (and from the
/// valuation's, `seed ^ VALUE_SEED_XOR`): the first 64 bits of the fractional part of √3.
const MINE_STREAM_KEY: u64 = 0xBB67_AE85_84CA_A73B;

/// The sub-stream `stream` of path `path` under `seed`, for a plant fed by several mines:
/// stream 0 is the one every mine draws from on a path whose mines move together, stream
/// m + 1 the one mine m draws from on a path whose mines move independently (METHODS 11.7).
/// It is the path stream of a seed derived from (seed, stream), so it depends on (seed, path,
/// stream) only: a path draws the same numbers on any thread.
///
/// ```
/// use cmmcast_forecast::rng::{mine_rng, path_rng};
/// use rand::RngExt;
/// let a: f64 = mine_rng(7, 3, 1).random();
/// assert_eq!(a, mine_rng(7, 3, 1).random::<f64>());
/// assert_ne!(a, mine_rng(7, 3, 2).random::<f64>());
/// assert_ne!(a, path_rng(7, 3).random::<f64>());
/// ```
pub fn mine_rng(seed: u64, path: u64, stream: u64) -> PathRng {
    let key = splitmix64_mix(MINE_STREAM_KEY.wrapping_add(GOLDEN_GAMMA.wrapping_mul(stream)));
    PathStreams::new(seed ^ key).rng(path)
}

/// The streams of one seed, with the seed's part of the state words computed once.
#[derive(Debug, Clone, Copy)]
pub struct PathStreams {
    keys: [u64; 4],
}

impl PathStreams {
    /// The streams of `seed`.
    pub fn new(seed: u64) -> PathStreams {
        let mut keys = [0; 4];
        for (i, key) in keys.iter_mut().enumerate() {
            *key = splitmix64_mix(seed.wrapping_add(GOLDEN_GAMMA.wrapping_mul(i as u64 + 1)));
        }
        PathStreams { keys }
    }

    /// The generator of path `path`, as [`path_rng`].
    #[inline]
    pub fn rng(&self, path: u64) -> PathRng {
        let s = self.keys.map(|key| splitmix64_mix(path ^ key));
        // Four zero words would need a 2⁻²⁵⁶ coincidence; a fixed non-zero state stands in.
        PathRng::from_state(if s == [0; 4] { [GOLDEN_GAMMA; 4] } else { s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// The first outputs of SplitMix64 from state 1477776061723855037, produced with Vigna's
    /// reference splitmix64.c (the vector rand_xoshiro checks its SplitMix64 against): each is
    /// the mix of the state after adding γ.
    #[test]
    fn the_mix_is_splitmix64() {
        let expected: [u64; 3] = [
            1985237415132408290,
            2979275885539914483,
            13511426838097143398,
        ];
        let mut state: u64 = 1_477_776_061_723_855_037;
        for e in expected {
            state = state.wrapping_add(GOLDEN_GAMMA);
            assert_eq!(splitmix64_mix(state), e);
        }
    }

    /// xoshiro256++ from state (1, 2, 3, 4): the first outputs of Vigna's reference
    /// xoshiro256plusplus.c (as listed in the rand_xoshiro crate's test of it).
    #[test]
    fn the_generator_is_xoshiro256plusplus() {
        let mut rng = PathRng::from_state([1, 2, 3, 4]);
        let expected: [u64; 6] = [
            41943041,
            58720359,
            3588806011781223,
            3591011842654386,
            9228616714210784205,
            9973669472204895162,
        ];
        for e in expected {
            assert_eq!(rng.next_u64(), e);
        }
    }
}

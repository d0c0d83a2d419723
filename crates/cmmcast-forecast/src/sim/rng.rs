//! Random streams: one per sample path, derived from (seed, path index), so a path draws the
//! same numbers whichever thread runs it and however many threads there are.
//!
//! The generator is xoshiro256++ (Blackman and Vigna 2021), whose 256-bit state is set from
//! the seed and the path index by the SplitMix64 finaliser. It replaced ChaCha8 because a
//! path draws only a few dozen numbers: ChaCha8 computes 256 bytes a refill and cost about half
//! of W4's drawing, xoshiro256++ costs about a nanosecond a number (docs/BENCHMARKS.md).
//! Both algorithms are fixed by their published definitions, so a seed gives the same paths on
//! any platform and with any version of this crate's dependencies.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

/// The generator of every path: xoshiro256++, a portable algorithm whose output is fixed by
/// its specification (unlike `StdRng`, which may change between rand versions).
pub type PathRng = Xoshiro256PlusPlus;

/// The default seed, printed in every simulation's `meta`.
pub const DEFAULT_SEED: u64 = 20_120_101;

/// The golden-ratio increment of SplitMix64, 2⁶⁴/φ rounded to odd.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function (Steele, Lea and Flood 2014, finaliser "Mix13" of
/// Stafford): a bijection of u64 that scrambles every input bit into every output bit.
///
/// ```
/// use cmmcast_forecast::sim::splitmix64_mix;
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
/// use cmmcast_forecast::sim::path_rng;
/// use rand::RngExt;
/// let a: f64 = path_rng(7, 3).random();
/// let b: f64 = path_rng(7, 3).random();
/// let c: f64 = path_rng(7, 4).random();
/// assert_eq!(a, b);
/// assert_ne!(a, c);
/// ```
pub fn path_rng(seed: u64, path: u64) -> PathRng {
    let mut state = [0u8; 32];
    for (i, word) in state.chunks_exact_mut(8).enumerate() {
        let key = splitmix64_mix(seed.wrapping_add(GOLDEN_GAMMA.wrapping_mul(i as u64 + 1)));
        word.copy_from_slice(&splitmix64_mix(path ^ key).to_le_bytes());
    }
    // xoshiro must not start from the all-zero state; `from_seed` replaces it with a fixed
    // non-zero one (four words of zero need a 2⁻²⁵⁶ coincidence).
    Xoshiro256PlusPlus::from_seed(state)
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

    /// xoshiro256++ from state (1, 2, 3, 4): the reference values of Vigna's
    /// xoshiro256plusplus.c, as in rand_xoshiro's own test.
    #[test]
    fn the_generator_is_xoshiro256plusplus() {
        let mut seed = [0u8; 32];
        for (i, word) in seed.chunks_exact_mut(8).enumerate() {
            word.copy_from_slice(&(i as u64 + 1).to_le_bytes());
        }
        let mut rng = Xoshiro256PlusPlus::from_seed(seed);
        let expected: [u64; 3] = [41943041, 58720359, 3588806011781223];
        for e in expected {
            assert_eq!(rng.next_u64(), e);
        }
    }
}

//! Arbitrary bytes as a scenario file: no panic; a scenario that loads has finite parameters
//! within each input's allowed range; a refusal is one non-empty line naming the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cmmcast_fuzz::scenario(data);
});

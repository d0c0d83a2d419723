//! Arbitrary bytes as a TOML dataset (and, for JSON and TOML, as a site-facts file): no panic;
//! a dataset that loads is finite and validated; a refusal is one non-empty line naming the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cmmcast_fuzz::dataset(data, cmmcast_data::Format::Toml);
});

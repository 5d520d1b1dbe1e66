#![no_main]
//! Every parser, forced onto arbitrary bytes, returns Ok or an InputError.
use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use s3sigdiag::input::{Format, parse};

fuzz_target!(|data: &[u8]| {
    for format in Format::value_variants() {
        let _ = parse("fuzz", data, Some(*format));
    }
});

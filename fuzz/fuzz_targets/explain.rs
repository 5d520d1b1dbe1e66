#![no_main]
//! `explain` end to end: detect, parse, diagnose, render both formats.
use libfuzzer_sys::fuzz_target;
use s3sigdiag::render::{Styling, human::Detail};

fuzz_target!(|data: &[u8]| {
    if let Ok(exchange) = s3sigdiag::input::parse("fuzz", data, None) {
        let report = s3sigdiag::diagnose::diagnose(&exchange);
        let _ = s3sigdiag::render::human::render(&report, Styling { color: true }, Detail::Verbose);
        let _ = s3sigdiag::render::json::render(&report);
    }
});

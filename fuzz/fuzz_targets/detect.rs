#![no_main]
//! Format detection on arbitrary text must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = s3sigdiag::input::detect(&text);
});

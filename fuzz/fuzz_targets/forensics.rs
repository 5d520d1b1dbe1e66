#![no_main]
//! Forensics on arbitrary requests: any input with a secret is searched
//! within bounds (a small budget here), never panics.
use libfuzzer_sys::fuzz_target;
use s3sigdiag::forensics::{SearchOptions, SecretSource};
use s3sigdiag::secret::SecretKey;

fuzz_target!(|data: &[u8]| {
    if let Ok(exchange) = s3sigdiag::input::parse("fuzz", data, None) {
        let secret = SecretSource {
            secret: SecretKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into()),
            access_key_id: None,
            origin: "fuzz".into(),
        };
        let opts = SearchOptions {
            max_hypotheses: 2_000,
            threads: 1,
            progress: false,
            ..SearchOptions::default()
        };
        let _ = s3sigdiag::diagnose::diagnose_with_secret(&exchange, &secret, &opts);
    }
});

#![no_main]
//! The engine's text parsers and canonicalization on arbitrary input.
use libfuzzer_sys::fuzz_target;
use s3sigdiag::sigv4::{CanonicalRequest, HttpRequest, PathMode, StringToSign, parse_authorization, parse_presigned_query};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(c) = CanonicalRequest::parse(&text) {
        let _ = c.to_string();
    }
    let _ = StringToSign::parse(&text);
    let _ = parse_authorization(&text);
    let _ = parse_presigned_query(&text);
    let (path, rest) = text.split_once(' ').unwrap_or((&text, ""));
    let req = HttpRequest::from_target("GET", path, vec![("host".into(), rest.into())]);
    for mode in [PathMode::S3, PathMode::AsGiven, PathMode::Generic] {
        let _ = CanonicalRequest::build(&req, &["host".to_string()], mode, "UNSIGNED-PAYLOAD").to_string();
    }
});

//! The fuzz targets in `fuzz/`, mirrored as property tests that run on
//! stable Rust in `cargo test`: arbitrary bytes and near-valid mutations of
//! every bundled fixture go through detection, every parser, the diagnosis
//! and both renderers, and nothing may panic. Files under
//! `tests/data/fuzz-regressions/` (inputs that once crashed) are replayed.

use std::path::Path;

use clap::ValueEnum;
use proptest::prelude::*;
use s3sigdiag::input::{Format, parse};
use s3sigdiag::render::{Styling, human::Detail};
use s3sigdiag::sigv4::{
    CanonicalRequest, HttpRequest, PathMode, StringToSign, parse_authorization,
    parse_presigned_query,
};

/// Everything `explain` does after reading: the `explain` fuzz target.
fn explain_bytes(data: &[u8]) {
    for format in std::iter::once(None).chain(Format::value_variants().iter().copied().map(Some)) {
        if let Ok(exchange) = parse("prop", data, format) {
            let report = s3sigdiag::diagnose::diagnose(&exchange);
            let _ =
                s3sigdiag::render::human::render(&report, Styling { color: true }, Detail::Verbose);
            let _ = s3sigdiag::render::json::render(&report);
        }
    }
}

/// The `canonical_parse` fuzz target.
fn engine_text(text: &str) {
    if let Some(c) = CanonicalRequest::parse(text) {
        let _ = c.to_string();
    }
    let _ = StringToSign::parse(text);
    let _ = parse_authorization(text);
    let _ = parse_presigned_query(text);
    let (path, rest) = text.split_once(' ').unwrap_or((text, ""));
    let req = HttpRequest::from_target("GET", path, vec![("host".into(), rest.into())]);
    for mode in [PathMode::S3, PathMode::AsGiven, PathMode::Generic] {
        let _ = CanonicalRequest::build(&req, &["host".to_string()], mode, "UNSIGNED-PAYLOAD")
            .to_string();
    }
}

fn fixture_files() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x != "toml")
                && let Ok(b) = std::fs::read(&p)
                && b.len() < 64 * 1024
            {
                out.push(b);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out.sort();
    out
}

/// A near-valid variant of a real input: cut, spliced, corrupted.
#[derive(Debug, Clone)]
enum Mutation {
    CutAt(usize),
    Splice(usize, Vec<u8>),
    Flip(usize, u8),
    DropRange(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop_oneof![
        Just(b"</Error>".to_vec()),
        Just(b"<CanonicalRequestBytes>4".to_vec()),
        Just(b"%".to_vec()),
        Just(b"%4".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\r\n\r\n".to_vec()),
        Just(b"&lol;&#x0;&amp".to_vec()),
        Just(b"'\"\\".to_vec()),
        Just(b"Authorization: AWS4-HMAC-SHA256 Credential=/,".to_vec()),
        Just(b"> ".to_vec()),
        Just(b"{\"log\":{\"entries\":[".to_vec()),
        prop::collection::vec(any::<u8>(), 1..16),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::CutAt),
        (any::<usize>(), tokens).prop_map(|(i, t)| Mutation::Splice(i, t)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::DropRange(i, n)),
    ]
}

fn apply(mut data: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = data.len().max(1);
        match m {
            Mutation::CutAt(i) => data.truncate(i % len),
            Mutation::Splice(i, t) => {
                let at = i % len;
                let at = at.min(data.len());
                data.splice(at..at, t.iter().copied());
            }
            Mutation::Flip(i, b) => {
                if !data.is_empty() {
                    let at = i % data.len();
                    data[at] ^= b | 1;
                }
            }
            Mutation::DropRange(i, n) => {
                let at = (i % len).min(data.len());
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..4096)) {
        explain_bytes(&data);
        engine_text(&String::from_utf8_lossy(&data));
    }

    #[test]
    fn mutated_fixtures_never_panic(index in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let files = fixture_files();
        prop_assume!(!files.is_empty());
        let data = apply(files[index.index(files.len())].clone(), &mutations);
        explain_bytes(&data);
        engine_text(&String::from_utf8_lossy(&data));
    }
}

#[test]
fn every_fixture_file_survives_every_parser() {
    let files = fixture_files();
    assert!(
        files.len() > 100,
        "expected the bundled fixtures, found {}",
        files.len()
    );
    for f in &files {
        explain_bytes(f);
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_file() && e.path().extension().is_none_or(|x| x != "md") {
            let data = std::fs::read(e.path()).unwrap();
            explain_bytes(&data);
            engine_text(&String::from_utf8_lossy(&data));
        }
    }
}

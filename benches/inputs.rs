//! Input parsing throughput: every reader must stay linear in the size of
//! what users paste (a whole day of SDK or server logs, up to the 16 MiB
//! read limit). A quadratic reader shows here as MiB/s collapsing.
//!
//! `cargo bench --bench inputs` (criterion). Each case repeats a real
//! fixture to about 4 MiB and measures detection plus parsing
//! (`s3sigdiag::input::parse`), reported in bytes per second.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// (name, fixture file under fixtures/inputs) — one per reader.
const CASES: &[(&str, &str)] = &[
    ("botocore-log", "botocore-multi-request/botocore-debug.log"),
    ("curl-verbose", "curl-verbose-wrong-secret/curl-v.txt"),
    ("sdk-log go", "go-v2-wrong-secret/go-sdk.log"),
    ("sdk-log java", "java-v1-wrong-secret/java-sdk.log"),
    ("sdk-log rust", "rust-sdk-wrong-secret/rust-sdk.log"),
    ("js-error", "js-v3-aws-wrong-secret/console-log.txt"),
    ("server-log minio", "minio-trace-multi-request/trace.txt"),
    ("server-log rgw", "rgw-several-requests/rgw.log"),
    ("server-log garage", "garage-multi-request-json/garage.log"),
    ("har", "har-browser-session/session.har"),
    // The artifact scanner, on pastes no whole-file reader takes: a Java
    // exception, a Python dict of an error, a log-prefixed canonical request.
    (
        "scan java-exception",
        "../pastes/010-s3a-permanent-redirect-endpoint/paste.txt",
    ),
    (
        "scan error-dict",
        "../pastes/021-localstack-presigned-put-unsigned-meta-header/paste.json",
    ),
    (
        "scan prose+log",
        "../pastes/033-s3a-sts-credential-scope-us-west-1/paste.txt",
    ),
];

const TARGET_BYTES: usize = 4 << 20;

fn repeated(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/inputs")
        .join(rel);
    let one = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let times = (TARGET_BYTES / one.len()).max(1);
    if !rel.ends_with(".har") {
        return one.repeat(times);
    }
    // A HAR stays one JSON document: repeat its entries instead.
    let mut har: serde_json::Value = serde_json::from_str(&one).expect("HAR fixture is JSON");
    let entries = har["log"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    har["log"]["entries"] =
        serde_json::Value::Array(std::iter::repeat_n(entries, times).flatten().collect());
    har.to_string()
}

fn parse_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for (name, rel) in CASES {
        let text = repeated(rel);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| s3sigdiag::input::parse("bench", black_box(text.as_bytes()), None))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_throughput);
criterion_main!(benches);

//! The worst input shapes of issue 16, diagnosed end to end (parse, merge,
//! analysis, rules): each must stay well under 2 s. A stage that is not
//! linear (a character diff without a bound, a header looked up linearly
//! per signed header, an XML field searched linearly) shows here as
//! seconds.
//!
//! `cargo bench --bench hostile` (criterion, 10 samples each). The same
//! shapes through the release binary (`explain`, whole process, a loaded
//! 2-core machine): `eq-key-32k` 0.26 s (was 18 s before the bounded
//! character diff); `many-headers` 0.22 s (35 s, then 4.5 s, before
//! `CanonicalRequest::build` and the rules indexed header names once);
//! `differing-uri` 0.12 s (6.6 s before `uri_encoding` looked at each
//! distinct character once); `many-xml-elements` 0.04 s (7.9 s before the
//! XML reader indexed its fields).
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use s3sigdiag::model::exchange::Exchange;

const AUTH: &str = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=";
const SIG: &str =
    ", Signature=13ed67163a412daa6d84c87f72c91f2239162523ddd9282187ea383fad94661b\r\n";

fn request(method: &str, target: &str, extra: &str, signed: &str) -> String {
    format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: 20261123T161914Z\r\n{extra}{AUTH}{signed}{SIG}Content-Length: 0\r\n\r\n"
    )
}

fn error(canonical: Option<&str>, extra: &str) -> String {
    let cr = canonical
        .map(|c| format!("<CanonicalRequest>{c}</CanonicalRequest>"))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>{extra}{cr}<Message>m</Message></Error>"
    )
}

fn canonical(method: &str, uri: &str) -> String {
    format!(
        "{method}\n{uri}\n\nhost:127.0.0.1:9000\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20261123T161914Z\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"
    )
}

/// (name, inputs)
fn cases() -> Vec<(&'static str, Vec<String>)> {
    const BASE: &str = "host;x-amz-content-sha256;x-amz-date";
    let key = "=".repeat(32 * 1024);
    let eq = vec![
        request("PUT", &format!("/examplebucket/{key}"), "", BASE),
        error(
            Some(&canonical(
                "PUT",
                &format!("/examplebucket/{}", "%3D".repeat(32 * 1024)),
            )),
            "",
        ),
    ];
    let n = 60_000;
    let headers: String = (0..n)
        .map(|i| format!("x-amz-meta-h{i}: v{i}\r\n"))
        .collect();
    let signed: String = std::iter::once(BASE.to_string())
        .chain((0..n).step_by(2).map(|i| format!("x-amz-meta-h{i}")))
        .collect::<Vec<_>>()
        .join(";");
    let many_headers = vec![
        request("PUT", "/examplebucket/k", &headers, &signed),
        error(None, ""),
    ];
    let server_uri: String = (0..100_000).map(|i| format!("a{i}%20")).collect();
    let client_uri: String = (0..100_000).map(|i| format!("a{i}+")).collect();
    let uri = vec![
        request("GET", &format!("/examplebucket/{client_uri}"), "", BASE),
        error(
            Some(&canonical("GET", &format!("/examplebucket/{server_uri}"))),
            "",
        ),
    ];
    let elements: String = (0..100_000).map(|i| format!("<E{i}>v</E{i}>")).collect();
    let xml = vec![error(None, &elements)];
    vec![
        ("eq-key-32k", eq),
        ("many-headers", many_headers),
        ("differing-uri", uri),
        ("many-xml-elements", xml),
    ]
}

fn diagnose(inputs: &[String]) -> usize {
    let mut ex = Exchange::default();
    for (i, text) in inputs.iter().enumerate() {
        if let Ok(part) = s3sigdiag::input::parse(&format!("input{i}"), text.as_bytes(), None) {
            ex.merge(part);
        }
    }
    s3sigdiag::diagnose::diagnose(&ex).findings.len()
}

fn worst_shapes(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, inputs) in cases() {
        group.bench_function(name, |b| b.iter(|| diagnose(black_box(&inputs))));
    }
    group.finish();
}

criterion_group!(benches, worst_shapes);
criterion_main!(benches);

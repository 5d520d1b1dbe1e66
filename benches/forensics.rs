//! Forensic search throughput beside two reference points measured in the
//! same run, plus `explain` latency.
//!
//! `cargo bench --bench forensics` (criterion). The `throughput` group
//! reports elements per second for:
//! * `search/1-thread`, `search/2-threads`: the real search (singles, pairs,
//!   triples of edits) on a ~300-byte canonical request whose signature
//!   never matches, so every hypothesis is tested;
//! * `distinct-requests/1-thread`: worst case, every hypothesis is a
//!   different canonical request (no string-to-sign-only edits);
//! * `aws-sigv4-sign`: the `aws-sigv4` crate signing one request;
//! * `sha256-block`: one 64-byte SHA-256 compression (`sha2::compress256`).

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use s3sigdiag::forensics::hypotheses::{Base, WireFacts, candidates};
use s3sigdiag::forensics::search::{NONE, Problem, SearchOptions, Worker, search};
use s3sigdiag::sigv4::{CanonicalRequest, HttpRequest, PathMode};

const SECRET: &[u8] = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const HOST: &str = "examplebucket.s3.amazonaws.com";
const KEY: &str = "/photos/2024/IMG_0042%3Dfinal.jpg";
const AMZ_DATE: &str = "20240611T093012Z";
const PAYLOAD: &str = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

/// A typical S3 PUT: four signed headers (as boto3 signs a put_object),
/// a key with an encoded `=`; its canonical request is about 300 bytes.
fn typical_request() -> (HttpRequest, Vec<String>) {
    let headers = vec![
        ("Host".to_string(), HOST.to_string()),
        ("Content-Type".to_string(), "image/jpeg".to_string()),
        ("Content-Length".to_string(), "524288".to_string()),
        (
            "Content-MD5".to_string(),
            "1B2M2Y8AsgTpgAmY7PhCfg==".to_string(),
        ),
        ("x-amz-content-sha256".to_string(), PAYLOAD.to_string()),
        ("x-amz-date".to_string(), AMZ_DATE.to_string()),
        ("x-amz-storage-class".to_string(), "STANDARD_IA".to_string()),
    ];
    let signed = ["content-type", "host", "x-amz-content-sha256", "x-amz-date"]
        .map(String::from)
        .to_vec();
    (
        HttpRequest {
            method: "PUT".into(),
            path: KEY.into(),
            query: String::new(),
            headers,
        },
        signed,
    )
}

fn problem(secret: &[u8]) -> Problem<'_> {
    let (req, signed) = typical_request();
    let creq = CanonicalRequest::build(&req, &signed, PathMode::S3, PAYLOAD);
    let base = Base::new(&creq, AMZ_DATE, "20240611", "us-east-1", "s3");
    let wire = WireFacts {
        path: Some(req.path.clone()),
        query: Some(String::new()),
        headers: req.headers.clone(),
        body_len: Some(524_288),
        body_sha256: Some(PAYLOAD.into()),
    };
    let cands = candidates(&base, &wire, secret);
    // A target no hypothesis reproduces: every one is tested.
    Problem::new(base, cands, secret, [0u8; 32])
}

fn throughput(c: &mut Criterion) {
    let p = problem(SECRET);
    let (req, signed) = typical_request();
    let creq_len = CanonicalRequest::build(&req, &signed, PathMode::S3, PAYLOAD)
        .to_string()
        .len();
    eprintln!(
        "canonical request: {creq_len} bytes; {} single edits",
        p.candidates.len()
    );
    let mut g = c.benchmark_group("throughput");
    g.measurement_time(Duration::from_secs(4));
    g.sample_size(20);

    // The whole search space (every single edit, pair and triple).
    let n = search(
        &p,
        &SearchOptions {
            max_hypotheses: u64::MAX,
            all: false,
            threads: 2,
            progress: false,
        },
    )
    .tried;
    eprintln!("search space: {n} hypotheses");
    for threads in [1usize, 2] {
        let opts = SearchOptions {
            max_hypotheses: n,
            all: false,
            threads,
            progress: false,
        };
        g.throughput(Throughput::Elements(n));
        g.bench_function(format!("search/{threads}-thread"), |b| {
            b.iter(|| {
                let r = search(&p, &opts);
                assert_eq!(r.tried, n);
                black_box(r.tried)
            })
        });
    }

    // Worst case: only edits that change the canonical request, in pairs.
    let req_edits: Vec<u16> = (0..p.candidates.len() as u16)
        .filter(|&i| p.candidates[i as usize].edit.touches_request(&p.base))
        .collect();
    let mut combos = Vec::new();
    for (a, &i) in req_edits.iter().enumerate() {
        combos.push([i, NONE, NONE]);
        for &j in &req_edits[a + 1..] {
            if p.candidates[i as usize].slot != p.candidates[j as usize].slot {
                combos.push([i, j, NONE]);
            }
        }
    }
    g.throughput(Throughput::Elements(combos.len() as u64));
    g.bench_function("distinct-requests/1-thread", |b| {
        let mut w = Worker::new(&p);
        b.iter(|| {
            let mut hits = 0;
            for c in &combos {
                hits += w.test(c) as u32;
            }
            black_box(hits)
        })
    });

    // The aws-sigv4 crate signing the same request once.
    let identity = aws_credential_types::Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        std::str::from_utf8(SECRET).unwrap(),
        None,
        None,
        "bench",
    )
    .into();
    let mut settings = aws_sigv4::http_request::SigningSettings::default();
    settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
    settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("s3")
        .time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_718_098_212))
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let uri = format!("https://{HOST}{KEY}");
    let hdrs: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| n != "x-amz-date" && n != "x-amz-content-sha256")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    g.throughput(Throughput::Elements(1));
    g.bench_function("aws-sigv4-sign", |b| {
        b.iter(|| {
            let signable = aws_sigv4::http_request::SignableRequest::new(
                "PUT",
                uri.as_str(),
                hdrs.iter().copied(),
                aws_sigv4::http_request::SignableBody::Precomputed(PAYLOAD.into()),
            )
            .unwrap();
            let out = aws_sigv4::http_request::sign(signable, &params).unwrap();
            black_box(out.signature().len())
        })
    });

    // One SHA-256 block.
    let block = sha2::digest::generic_array::GenericArray::clone_from_slice(&[0x5au8; 64]);
    g.bench_function("sha256-block", |b| {
        let mut state = [0x6a09e667u32; 8];
        b.iter(|| {
            sha2::compress256(&mut state, std::slice::from_ref(&block));
            black_box(state[0])
        })
    });
    g.finish();
}

fn explain(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/forensics/space-plus");
    let inputs = vec![format!("{dir}/request.http"), format!("{dir}/error.xml")];
    let mut g = c.benchmark_group("explain");
    g.bench_function("diagnose_files/space-plus", |b| {
        b.iter(|| {
            let r = s3sigdiag::commands::explain::diagnose_files(&inputs, None, None).unwrap();
            black_box(r.findings.len())
        })
    });
    let secret = s3sigdiag::forensics::SecretSource {
        secret: s3sigdiag::secret::SecretKey::new(String::from_utf8(SECRET.to_vec()).unwrap()),
        access_key_id: None,
        origin: "bench".into(),
    };
    let ex = s3sigdiag::commands::explain::read_exchange(&inputs, None, None).unwrap();
    let opts = SearchOptions::default();
    g.bench_function("diagnose_with_secret/space-plus", |b| {
        b.iter(|| {
            let r = s3sigdiag::diagnose::diagnose_with_secret(&ex, &secret, &opts);
            black_box(r.findings.len())
        })
    });
    g.finish();
}

criterion_group!(benches, throughput, explain);
criterion_main!(benches);

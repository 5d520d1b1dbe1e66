//! The evidence-shape matrix: for each rule, AWS-shaped cases made with
//! the reference signer (this crate's engine, checked byte for byte against
//! AWS's examples and aws-sigv4 elsewhere) in every shape that can carry
//! the rule's signal — the error body alone; the error with the client's
//! canonical request; the error with the request as sent; the request and a
//! bare response (servers that report nothing); the client's log alone —
//! and the rule must fire on each. A rule that fires only when the input
//! arrives in one particular shape fails here.

use std::path::PathBuf;

use s3sigdiag::commands::explain::read_exchange;
use s3sigdiag::diagnose::diagnose;
use s3sigdiag::sigv4::{
    CanonicalRequest, HttpRequest, PathMode, Scope, StringToSign, sha256_hex, sign, signing_key,
};

const AK: &str = "AKIAIOSFODNN7EXAMPLE";
// AWS's documentation example secret: not a credential.
const SK: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const HOST: &str = "examplebucket.s3.eu-central-1.amazonaws.com";
const DATE: &str = "20261130T120000Z";
const BODY: &[u8] = b"hello\n";

/// What a client signed and sent, and what an AWS-like server computed.
struct Signed {
    /// The request as sent (HTTP/1.1 text, body included).
    wire: String,
    /// The client's canonical request, as a debug log prints it.
    client: String,
    /// The server's canonical request and string to sign (AWS rules, the
    /// server's region), and the signature the client provided.
    server_creq: String,
    server_sts: String,
    signature: String,
}

struct Req<'a> {
    method: &'a str,
    /// The path the client signed (as its canonical URI) and the one sent.
    signed_path: &'a str,
    sent_path: &'a str,
    client_region: &'a str,
    server_region: &'a str,
    service: &'a str,
    extra: Vec<(&'a str, &'a str)>,
    payload_hash: String,
}

impl Default for Req<'_> {
    fn default() -> Self {
        Req {
            method: "PUT",
            signed_path: "/k.txt",
            sent_path: "/k.txt",
            client_region: "eu-central-1",
            server_region: "eu-central-1",
            service: "s3",
            extra: Vec::new(),
            payload_hash: sha256_hex(BODY),
        }
    }
}

fn build(r: &Req<'_>) -> Signed {
    let mut headers: Vec<(String, String)> = vec![
        ("Host".into(), HOST.into()),
        ("x-amz-content-sha256".into(), r.payload_hash.clone()),
        ("x-amz-date".into(), DATE.into()),
    ];
    headers.extend(r.extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    let signed: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let signed_req = HttpRequest::from_target(r.method, r.signed_path, headers.clone());
    let client = CanonicalRequest::build(&signed_req, &signed, PathMode::AsGiven, &r.payload_hash);
    let scope = Scope::new(&DATE[..8], r.client_region, r.service);
    let sts = StringToSign::new(DATE, &scope, &client);
    let signature = sign(
        &signing_key(SK, &DATE[..8], r.client_region, r.service),
        &sts.to_string(),
    );
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={AK}/{scope}, SignedHeaders={}, Signature={signature}",
        client.signed_headers_line()
    );
    let mut wire = format!("{} {} HTTP/1.1\r\n", r.method, r.sent_path);
    for (n, v) in &headers {
        wire.push_str(&format!("{n}: {v}\r\n"));
    }
    wire.push_str(&format!(
        "Authorization: {auth}\r\nContent-Length: {}\r\n\r\n",
        BODY.len()
    ));
    wire.push_str(std::str::from_utf8(BODY).unwrap());
    let sent_req = HttpRequest::from_target(r.method, r.sent_path, headers);
    let server = CanonicalRequest::build(&sent_req, &signed, PathMode::S3, &r.payload_hash);
    let server_scope = Scope::new(&DATE[..8], r.server_region, r.service);
    let server_sts = StringToSign::new(DATE, &server_scope, &server);
    Signed {
        wire,
        client: client.to_string(),
        server_creq: server.to_string(),
        server_sts: server_sts.to_string(),
        signature,
    }
}

fn x(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn error_body(code: &str, message: &str, extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message>{extra}<RequestId>4442587FB7D0A2F9</RequestId><HostId>synthesized</HostId></Error>",
        x(message)
    )
}

fn mismatch_body(s: &Signed) -> String {
    error_body(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        &format!(
            "<AWSAccessKeyId>{AK}</AWSAccessKeyId><StringToSign>{}</StringToSign><SignatureProvided>{}</SignatureProvided><CanonicalRequest>{}</CanonicalRequest>",
            x(&s.server_sts),
            s.signature,
            x(&s.server_creq)
        ),
    )
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\nServer: AmazonS3\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

/// One shape of one case: named files, and the rule that must fire.
fn check(rule: &str, shape: &str, files: &[(&str, String)]) -> Option<String> {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "s3sigdiag-shapes-{}-{rule}-{shape}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    let result = match read_exchange(&paths, None, None) {
        Ok(ex) => {
            let report = diagnose(&ex);
            let fired: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
            (!fired.contains(&rule)).then(|| format!("{rule} / {shape}: fired {fired:?}"))
        }
        Err(e) => Some(format!("{rule} / {shape}: unreadable: {}", e.message)),
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn every_rule_fires_in_every_shape_that_carries_its_signal() {
    let mut failures = Vec::new();
    let mut runs = 0;
    let mut run = |rule: &str, shape: &str, files: Vec<(&str, String)>| {
        runs += 1;
        failures.extend(check(rule, shape, &files));
    };

    // uri-encoding: `=` signed raw, sent encoded (S3 encodes it).
    let s = build(&Req {
        signed_path: "/a=b.json",
        sent_path: "/a%3Db.json",
        ..Req::default()
    });
    run(
        "uri-encoding",
        "error alone",
        vec![("error.xml", mismatch_body(&s))],
    );
    run(
        "uri-encoding",
        "error + client canonical",
        vec![
            ("error.xml", mismatch_body(&s)),
            ("client.txt", s.client.clone()),
        ],
    );
    run(
        "uri-encoding",
        "error + request",
        vec![
            ("error.xml", mismatch_body(&s)),
            ("request.http", s.wire.clone()),
        ],
    );
    run(
        "uri-encoding",
        "request + bare 403",
        vec![
            ("request.http", s.wire.clone()),
            ("response.http", response("403 Forbidden", &[], "")),
        ],
    );
    run(
        "uri-encoding",
        "client log alone",
        vec![("client.txt", s.client.clone())],
    );

    // space-plus-encoding: a space signed as %20, sent as `+`.
    let s = build(&Req {
        signed_path: "/a%20b.txt",
        sent_path: "/a+b.txt",
        ..Req::default()
    });
    run(
        "space-plus-encoding",
        "error + client canonical",
        vec![
            ("error.xml", mismatch_body(&s)),
            ("client.txt", s.client.clone()),
        ],
    );
    run(
        "space-plus-encoding",
        "request + client canonical + bare 403",
        vec![
            ("request.http", s.wire.clone()),
            ("client.txt", s.client.clone()),
            ("response.http", response("403 Forbidden", &[], "")),
        ],
    );

    // region-scope: signed for us-west-2, the bucket is in eu-central-1.
    let s = build(&Req {
        client_region: "us-west-2",
        ..Req::default()
    });
    let body = error_body(
        "AuthorizationHeaderMalformed",
        "The authorization header is malformed; the region 'us-west-2' is wrong; expecting 'eu-central-1'",
        "<Region>eu-central-1</Region>",
    );
    run(
        "region-scope",
        "error alone",
        vec![("error.xml", body.clone())],
    );
    run(
        "region-scope",
        "error + request",
        vec![
            ("error.xml", body.clone()),
            ("request.http", s.wire.clone()),
        ],
    );
    run(
        "region-scope",
        "error + client canonical",
        vec![("error.xml", body), ("client.txt", s.client.clone())],
    );
    run(
        "region-scope",
        "request + bare 400 with x-amz-bucket-region",
        vec![
            ("request.http", s.wire.clone()),
            (
                "response.http",
                response(
                    "400 Bad Request",
                    &[("x-amz-bucket-region", "eu-central-1")],
                    "",
                ),
            ),
        ],
    );

    // clock-skew: the client's clock 20 minutes behind.
    let s = build(&Req::default());
    let body = error_body(
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
        "<RequestTime>20261130T120000Z</RequestTime><ServerTime>2026-11-30T12:20:00Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>",
    );
    run(
        "clock-skew",
        "error alone",
        vec![("error.xml", body.clone())],
    );
    run(
        "clock-skew",
        "error + request",
        vec![("error.xml", body), ("request.http", s.wire.clone())],
    );
    run(
        "clock-skew",
        "request + bare 403 with Date",
        vec![
            ("request.http", s.wire.clone()),
            (
                "response.http",
                response(
                    "403 Forbidden",
                    &[("Date", "Mon, 30 Nov 2026 12:20:00 GMT")],
                    "",
                ),
            ),
        ],
    );

    // payload-hash-mismatch: the header is not the body's hash.
    let s = build(&Req {
        payload_hash: sha256_hex(b"another body"),
        ..Req::default()
    });
    let body = error_body(
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        &format!(
            "<ClientComputedContentSHA256>{}</ClientComputedContentSHA256><S3ComputedContentSHA256>{}</S3ComputedContentSHA256>",
            sha256_hex(b"another body"),
            sha256_hex(BODY)
        ),
    );
    run(
        "payload-hash-mismatch",
        "error alone",
        vec![("error.xml", body.clone())],
    );
    run(
        "payload-hash-mismatch",
        "error + request",
        vec![("error.xml", body), ("request.http", s.wire.clone())],
    );

    // wrong-service: signed for another service.
    let s = build(&Req {
        service: "execute-api",
        ..Req::default()
    });
    let body = error_body(
        "SignatureDoesNotMatch",
        "Credential should be scoped to correct service: 's3'.",
        "",
    );
    run(
        "wrong-service",
        "error alone",
        vec![("error.xml", body.clone())],
    );
    run(
        "wrong-service",
        "error + request",
        vec![("error.xml", body), ("request.http", s.wire.clone())],
    );

    // scope-date-mismatch: the scope's date is not X-Amz-Date's.
    let body = error_body(
        "AuthorizationHeaderMalformed",
        "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.",
        "",
    );
    run(
        "scope-date-mismatch",
        "error alone",
        vec![("error.xml", body)],
    );

    // unsigned-x-amz-header: x-amz-meta-* sent but not signed.
    let s = build(&Req::default());
    let body = error_body(
        "AccessDenied",
        "There were headers present in the request which were not signed",
        "<HeadersNotSigned>x-amz-meta-owner</HeadersNotSigned>",
    );
    run(
        "unsigned-x-amz-header",
        "error alone",
        vec![("error.xml", body.clone())],
    );
    run(
        "unsigned-x-amz-header",
        "error + request",
        vec![
            ("error.xml", body),
            (
                "request.http",
                s.wire
                    .replacen("\r\n\r\n", "\r\nx-amz-meta-owner: alice\r\n\r\n", 1),
            ),
        ],
    );

    // missing-required-header: no x-amz-content-sha256 at all.
    let body = error_body(
        "InvalidRequest",
        "Missing required header for this request: x-amz-content-sha256",
        "",
    );
    let wire = build(&Req::default())
        .wire
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("x-amz-content-sha256"))
        .collect::<Vec<_>>()
        .join("\r\n");
    run(
        "missing-required-header",
        "error alone",
        vec![("error.xml", body)],
    );
    run(
        "missing-required-header",
        "request + bare 400",
        vec![
            ("request.http", wire),
            ("response.http", response("400 Bad Request", &[], "")),
        ],
    );

    println!("evidence shapes: {runs} runs, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

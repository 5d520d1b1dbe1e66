//! Input formats: detection of every format on its fixtures under
//! fixtures/inputs/, stdin and URL arguments, and a property test that no
//! bytes make the detector or any parser panic. (Each fixture's diagnosis and
//! snapshot are checked by tests/fixtures.rs, the one fixture harness.)

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use s3sigdiag::input::{self, Format};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inputs");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/inputs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn detect_file(rel: &str) -> Option<Format> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/inputs")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap();
    input::detect(&String::from_utf8_lossy(&bytes))
}

#[test]
fn detects_curl_verbose() {
    assert_eq!(
        detect_file("curl-verbose-wrong-secret/curl-v.txt"),
        Some(Format::CurlVerbose)
    );
    assert_eq!(
        detect_file("curl-verbose-ok/curl-v.txt"),
        Some(Format::CurlVerbose)
    );
}

#[test]
fn detects_curl_trace() {
    assert_eq!(
        detect_file("curl-trace-wrong-secret/curl-trace.txt"),
        Some(Format::CurlTrace)
    );
    assert_eq!(
        detect_file("curl-trace-ok/curl-trace.txt"),
        Some(Format::CurlTrace)
    );
}

#[test]
fn detects_botocore_and_aws_cli_logs() {
    assert_eq!(
        detect_file("botocore-multi-request/botocore-debug.log"),
        Some(Format::BotocoreLog)
    );
    assert_eq!(
        detect_file("awscli-debug-wrong-secret/aws-debug.log"),
        Some(Format::BotocoreLog)
    );
}

#[test]
fn detects_presigned_urls() {
    assert_eq!(
        detect_file("presigned-url-valid/presigned-url.txt"),
        Some(Format::PresignedUrl)
    );
    assert_eq!(
        input::detect("https://b.s3.amazonaws.com/k"),
        None,
        "a URL without a signature"
    );
}

#[test]
fn detects_raw_http_request_and_response() {
    assert_eq!(
        detect_file("raw-http-presigned-put/request.http"),
        Some(Format::HttpRequest)
    );
    assert_eq!(
        detect_file("raw-http-presigned-get/response.http"),
        Some(Format::HttpResponse)
    );
}

#[test]
fn detects_har() {
    assert_eq!(
        detect_file("har-presigned-put/session.har"),
        Some(Format::Har)
    );
    assert_eq!(input::detect("{\"other\": \"json\"}"), None);
}

#[test]
fn detects_curl_command_lines() {
    assert_eq!(
        detect_file("curl-command-bash/curl-command.txt"),
        Some(Format::CurlCommand)
    );
    assert_eq!(
        detect_file("curl-command-cmd/curl-command.txt"),
        Some(Format::CurlCommand)
    );
}

#[test]
fn detects_messy_error_pastes() {
    for rel in [
        "messy-python-repr/exception.txt",
        "messy-html-escaped/error.html",
        "messy-flattened/error.txt",
        "messy-cut-off/error.xml",
    ] {
        assert_eq!(detect_file(rel), Some(Format::ErrorXml), "{rel}");
    }
}

#[test]
fn detects_bare_error_messages() {
    assert_eq!(
        detect_file("error-message-region/message.txt"),
        Some(Format::ErrorMessage)
    );
    assert_eq!(
        detect_file("error-message-boto-exception/exception.txt"),
        Some(Format::ErrorMessage)
    );
}

#[test]
fn detects_javascript_sdk_errors() {
    for rel in [
        "js-v3-s3s-wrong-secret/console-log.txt",
        "js-v3-aws-wrong-secret/console-log.txt",
        "js-v3-json-aws-wrong-secret/json.txt",
        "js-v3-logger-equals-key/terminal.txt",
        "js-v3-request-wrong-secret/terminal.txt",
        "js-v3-ok-logger/logger.txt",
        "js-v2-s3s-wrong-secret/console-log.txt",
        "js-v2-aws-wrong-secret/console-log.txt",
        "js-v2-json-aws-wrong-secret/json.txt",
    ] {
        assert_eq!(detect_file(rel), Some(Format::JsError), "{rel}");
    }
    // A bare exception text without the SDK's fields stays a plain message.
    assert_eq!(
        input::detect("SignatureDoesNotMatch: The request signature we calculated does not match"),
        Some(Format::ErrorMessage)
    );
}

/// The v3 request printed by a middleware, rebuilt, is byte for byte the
/// request line the server received (request.http, recorded by the server).
#[test]
fn js_printed_request_rebuilds_the_wire_target() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inputs/js-v3-request-wrong-secret");
    let paste = std::fs::read(dir.join("terminal.txt")).unwrap();
    let ex = input::parse("terminal.txt", &paste, None).unwrap();
    let req = ex
        .request
        .expect("the HttpRequest print becomes the request");
    let wire = std::fs::read_to_string(dir.join("request.http")).unwrap();
    let line = wire.lines().next().unwrap();
    let target = line.split(' ').nth(1).unwrap();
    assert_eq!(format!("{}?{}", req.http.path, req.http.query), target);
    assert_eq!(req.http.method, "PUT");
    let server = ex.server.unwrap();
    assert!(server.canonical_request_bytes.is_some() && server.string_to_sign_bytes.is_some());
}

#[test]
fn detects_other_sdk_logs() {
    for rel in [
        "s3cmd-debug-wrong-secret/s3cmd-debug.log",
        "go-v1-wrong-secret/go-sdk.log",
        "go-v1-ok/go-sdk.log",
        "go-v1-proxy-drop-header/go-sdk.log",
        "go-v1-proxy-content-type/go-sdk.log",
        "go-v2-wrong-secret/go-sdk.log",
        "go-v2-ok/go-sdk.log",
        "go-v2-proxy-drop-header-retry/go-sdk.log",
        "go-v2-proxy-equals/go-sdk.log",
        "java-v1-aws4signer/java-sdk.log",
        "rust-aws-sigv4-trace/rust-sdk.log",
    ] {
        assert_eq!(detect_file(rel), Some(Format::SdkLog), "{rel}");
    }
}

/// Real aws-sdk-go v1/v2 logs (fixtures/inputs/make-go.sh): each yields the
/// chosen attempt's signing block, the request as sent (with its body, whose
/// length matches Content-Length) and the response with its error body.
#[test]
fn go_logs_yield_signing_request_and_response() {
    // (case, method and path of the attempt used, status, error code)
    let cases = [
        (
            "go-v1-wrong-secret",
            "PUT /examplebucket/a%3D%3D.json",
            403,
            Some("SignatureDoesNotMatch"),
        ),
        ("go-v1-ok", "GET /examplebucket/hello.txt", 200, None),
        (
            "go-v1-proxy-drop-header",
            "PUT /examplebucket/hello.txt",
            403,
            Some("SignatureDoesNotMatch"),
        ),
        (
            "go-v1-proxy-content-type",
            "PUT /examplebucket/report.txt",
            403,
            Some("SignatureDoesNotMatch"),
        ),
        (
            "go-v2-wrong-secret",
            "PUT /examplebucket/a%3D%3D.json",
            403,
            Some("SignatureDoesNotMatch"),
        ),
        ("go-v2-ok", "GET /examplebucket/hello.txt", 200, None),
        (
            "go-v2-proxy-drop-header-retry",
            "PUT /examplebucket/hello.txt",
            403,
            Some("SignatureDoesNotMatch"),
        ),
        (
            "go-v2-proxy-equals",
            "PUT /examplebucket/a%3D%3D.json",
            200,
            None,
        ),
    ];
    for (case, request, status, code) in cases {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/inputs")
            .join(case)
            .join("go-sdk.log");
        let ex = input::parse("go-sdk.log", &std::fs::read(&path).unwrap(), None).unwrap();
        let client = ex.client.as_ref().expect(case);
        let creq = client.canonical_request.as_deref().expect(case);
        let req = ex.request.as_ref().expect(case);
        assert_eq!(
            format!("{} {}", req.http.method, req.http.path),
            request,
            "{case}"
        );
        assert!(creq.starts_with(&req.http.method), "{case}: {creq}");
        let length = req
            .http
            .header("content-length")
            .map(|v| v.trim().parse().unwrap());
        assert_eq!(req.body_len, Some(length.unwrap_or(0)), "{case}");
        assert_eq!(
            ex.response.as_ref().and_then(|r| r.status),
            Some(status),
            "{case}"
        );
        assert_eq!(ex.server.as_ref().map(|s| s.code.as_str()), code, "{case}");
    }
}

#[test]
fn detects_minio_traces() {
    for rel in [
        "minio-trace-wrong-secret/trace.txt",
        "minio-trace-ok/trace.txt",
        "minio-trace-multi-request/trace.txt",
        "minio-trace-json/trace.json",
    ] {
        assert_eq!(detect_file(rel), Some(Format::ServerLog), "{rel}");
    }
    // The client's own log beside a trace stays a client log.
    assert_eq!(
        detect_file("minio-trace-with-botocore-log/botocore-debug.log"),
        Some(Format::BotocoreLog)
    );
    // One call per line (`mc admin trace --json` in line mode) too.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inputs/minio-trace-json/trace.json");
    let text = std::fs::read_to_string(path).unwrap();
    let compact: String = serde_json::Deserializer::from_str(&text)
        .into_iter::<serde_json::Value>()
        .map(|v| format!("{}\n", v.unwrap()))
        .collect();
    assert_eq!(input::detect(&compact), Some(Format::ServerLog));
    // Plain `mc admin trace` (no -v) is recognised, to be told to add -v.
    let plain = "2026-01-02T03:04:05.678 [403 Forbidden] s3.PutObject 127.0.0.1:9000/b/k 127.0.0.1 1.1ms ⇣ 1ms ↑ 93 B ↓ 470 B\n";
    assert_eq!(input::detect(plain), Some(Format::ServerLog));
    let err = input::parse("trace.txt", plain.as_bytes(), None).unwrap_err();
    assert!(err.message.contains("mc admin trace -v"), "{}", err.message);
}

#[test]
fn presigned_url_as_argument_and_curl_on_stdin() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inputs/presigned-url-valid");
    let url = std::fs::read_to_string(dir.join("presigned-url.txt")).unwrap();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args([
            "explain",
            "--color",
            "never",
            "--now",
            "20261123T170000Z",
            url.trim(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("presigned URL:"), "{text}");
    assert!(text.contains("signed headers: host"), "{text}");

    let curl = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/inputs/curl-verbose-wrong-secret/curl-v.txt"),
    )
    .unwrap();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args(["explain", "--format", "json", "-"])
        .write_stdin(curl)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["error_code"], "SignatureDoesNotMatch");
    assert_eq!(v["sources"][0]["format"], "curl-verbose");
}

#[test]
fn unknown_input_names_the_accepted_formats() {
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args(["explain", "-"])
        .write_stdin("just some prose\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("curl -v") && err.contains("HAR"), "{err}");
}

/// Every fixture text, for mutation.
fn corpus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in fixtures() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.file_name() != "expected.toml" {
                out.push(std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

fn all_formats() -> Vec<Option<Format>> {
    use clap::ValueEnum;
    std::iter::once(None)
        .chain(Format::value_variants().iter().copied().map(Some))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = input::detect(&String::from_utf8_lossy(&bytes));
        for f in all_formats() {
            let _ = input::parse("p", &bytes, f);
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(
        pick in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        insert in proptest::collection::vec(prop_oneof![
            Just(0xffu8), Just(0xc3u8), Just(b'\n'), Just(b'\r'), Just(b'\''), Just(b'"'),
            Just(b'<'), Just(b'&'), Just(b'^'), Just(b'\\'), Just(b'4'), Just(b' '),
        ], 0..6),
    ) {
        let corpus = corpus();
        let text = &corpus[pick.index(corpus.len())];
        // Cut mid-line (also mid-hex, mid-element, mid-literal) …
        let mut bytes = text[..cut.index(text.len() + 1)].to_vec();
        // … and splice in odd bytes: invalid UTF-8, quotes, escapes, a stray hex digit.
        let pos = at.index(bytes.len() + 1);
        bytes.splice(pos..pos, insert);
        let _ = input::detect(&String::from_utf8_lossy(&bytes));
        for f in all_formats() {
            let _ = input::parse("p", &bytes, f);
        }
    }
}

//! `curl -v --aws-sigv4 … 2>&1 | s3sigdiag explain -` on live requests to a
//! real SigV4-checking S3 server (s3s-fs, in this process on 127.0.0.1).

mod common;

use std::process::Command;

use common::{ACCESS_KEY, BUCKET, SECRET_KEY, cmd, s3_server};

/// Runs curl the way the README tells users to, returning its merged
/// stdout+stderr (what `2>&1 |` pipes). `None` when curl is not installed.
fn curl_v(secret: &str, key: &str, body: &str) -> Option<Vec<u8>> {
    let url = format!("{}/{BUCKET}/{key}", s3_server().endpoint());
    let hash = s3sigdiag::sigv4::sha256_hex(body.as_bytes());
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "curl -sS -v --max-time 20 --aws-sigv4 aws:amz:us-east-1:s3 --user '{ACCESS_KEY}:{secret}' \
             -X PUT --data-binary '{body}' -H 'x-amz-content-sha256: {hash}' '{url}' 2>&1"
        ))
        .output();
    match out {
        Ok(o)
            if !o.stdout.is_empty()
                && !String::from_utf8_lossy(&o.stdout).contains("not found") =>
        {
            Some(o.stdout)
        }
        _ => {
            eprintln!("curl is not installed; skipping the live curl test");
            None
        }
    }
}

fn explain_stdin(input: Vec<u8>, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = cmd()
        .args(["explain", "-", "--format", "json"])
        .args(extra)
        .write_stdin(input)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

#[test]
fn a_live_success_is_no_mismatch() {
    let Some(capture) = curl_v(SECRET_KEY, "curl-ok.txt", "hello") else {
        return;
    };
    assert!(
        String::from_utf8_lossy(&capture).contains("< HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&capture)
    );
    let (code, report) = explain_stdin(capture, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "no-mismatch");
}

#[test]
fn a_live_wrong_secret_is_diagnosed_from_the_pipe() {
    let Some(capture) = curl_v(
        "not-the-right-secret-0000000000000000000",
        "curl-wrong.txt",
        "hello",
    ) else {
        return;
    };
    let text = String::from_utf8_lossy(&capture).into_owned();
    assert!(
        text.contains("< HTTP/1.1 403") && text.contains("SignatureDoesNotMatch"),
        "{text}"
    );
    // Without the secret: a failure, read from the piped curl output.
    let (code, report) = explain_stdin(capture.clone(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["error_code"], "SignatureDoesNotMatch");
    assert_eq!(report["summary"]["method"], "PUT");
    // With the server's secret (the environment of `cmd()`): proved that
    // the client signed this exact request with another secret.
    let (code, report) = explain_stdin(capture, &["--max-hypotheses", "200000"]);
    assert_eq!(code, 1);
    let top = report["findings"][0]["rule"].as_str().unwrap_or("");
    assert!(
        top == "signature-not-reproduced" || top == "wrong-secret",
        "top finding should name another secret, got {top}: {report}"
    );
}

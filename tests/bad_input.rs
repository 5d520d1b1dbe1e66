//! Bad input never panics: one line on stderr naming the input and what
//! was expected, exit code 2, nothing on stdout.

use assert_cmd::Command;

fn explain_file(name: &str, bytes: &[u8]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("s3sigdiag-bad-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .arg("explain")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_line_exit_2(
    case: &str,
    (code, stdout, stderr): (i32, String, String),
    mentions: &str,
) {
    assert_eq!(code, 2, "{case}: exit code; stderr: {stderr}");
    assert!(
        stdout.is_empty(),
        "{case}: stdout should be empty, got {stdout}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{case}: one line expected, got {stderr}"
    );
    assert!(
        stderr.contains(mentions),
        "{case}: `{stderr}` should mention `{mentions}`"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{case}: {stderr}"
    );
}

#[test]
fn table_of_bad_inputs() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.xml", b"", "is empty"),
        ("blank.txt", b"\n  \n", "is empty"),
        ("binary.bin", b"\x00\x01\x02\xff\xfe", "binary"),
        (
            "latin1.txt",
            &[0xe9, 0xe8, 0xff, 0xfe, 0xe0, 0xe1, 0xe2],
            "not UTF-8",
        ),
        (
            "prose.txt",
            b"hello, my upload fails, please help",
            "not a recognised input",
        ),
        (
            "json.json",
            // A SigV4 service's JSON error about signing is read (see
            // tests/input_formats.rs); one about something else is not.
            br#"{"__type":"ResourceNotFoundException","message":"Requested resource not found"}"#,
            "JSON error from an AWS JSON API",
        ),
        (
            "no-code.xml",
            b"<?xml version=\"1.0\"?><Error><Message>hi</Message></Error>",
            "<Code>",
        ),
        (
            "html.html",
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            "an HTML page",
        ),
        (
            "proxy-502.http",
            b"HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.25\r\n\r\n<html><body>502</body></html>",
            "HTTP 502 from `nginx/1.25` with an HTML page",
        ),
        ("creq.txt", b"GET\n/k\n", "lacks its six parts"),
    ];
    for (name, bytes, mentions) in cases {
        let result = explain_file(name, bytes);
        assert_one_line_exit_2(name, result, mentions);
    }
}

#[test]
fn missing_file_and_directory() {
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args(["explain", "/nonexistent/error.xml"])
        .output()
        .unwrap();
    assert_one_line_exit_2(
        "missing",
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        ),
        "/nonexistent/error.xml: no such file",
    );
    let dir = std::env::temp_dir();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .arg("explain")
        .arg(&dir)
        .output()
        .unwrap();
    assert_one_line_exit_2(
        "directory",
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        ),
        "is a directory",
    );
}

#[test]
fn hostile_xml_is_never_expanded() {
    let lol = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Error><Code>SignatureDoesNotMatch</Code><Message>&lol2;&xxe;</Message></Error>"#;
    let (code, stdout, stderr) = explain_file("lol.xml", lol);
    assert_eq!(code, 1, "a readable error body: {stderr}");
    assert!(
        !stdout.contains("lollol") && !stdout.contains("root:"),
        "{stdout}"
    );
}

#[test]
fn oversized_input_is_refused_without_reading_it_all() {
    let big = vec![b'a'; (s3sigdiag::input::MAX_INPUT_BYTES + 10) as usize];
    let result = explain_file("big.txt", &big);
    assert_one_line_exit_2("big", result, "larger than 16 MiB");
}

#[test]
fn truncated_error_body_still_explains_what_survived() {
    let (code, stdout, stderr) = explain_file(
        "cut.xml",
        b"<Error><Code>SignatureDoesNotMatch</Code><StringToSignBytes>41 57 53 3",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("cut off"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args(["rule", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("known rules:"));
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .args(["explain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_2_gib_input_is_refused_quickly() {
    // A sparse file: 2 GiB on paper, nothing on disk. Reading stops at the limit.
    let dir = std::env::temp_dir().join(format!("s3sigdiag-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.log");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let out = Command::cargo_bin("s3sigdiag")
        .unwrap()
        .arg("explain")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_one_line_exit_2(
        "huge",
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into(),
            stderr,
        ),
        "larger than 16 MiB",
    );
}

/// Valid but unusual inputs get a correct explanation, not an error.
#[test]
fn unusual_but_valid_inputs_are_explained() {
    let (code, stdout, _) = explain_file("ok.http", b"HTTP/1.1 200 OK\r\nServer: AmazonS3\r\n\r\n");
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("no signature mismatch found"),
        "{stdout}"
    );
    let (code, stdout, _) = explain_file(
        "head403.http",
        b"HTTP/1.1 403 Forbidden\r\nServer: AmazonS3\r\n\r\n",
    );
    assert_eq!(code, 1, "a 403 is a failure even without a body");
    // Human output wraps at 100 columns: compare with whitespace collapsed.
    let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("not enough evidence") && flat.contains("policy denial"),
        "{stdout}"
    );
    let sigv2 = b"GET /b/k HTTP/1.1\r\nHost: b.s3.amazonaws.com\r\nDate: Mon, 23 Nov 2026 16:00:00 GMT\r\nAuthorization: AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=\r\n\r\n";
    let (code, stdout, stderr) = explain_file("sigv2.http", sigv2);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(!stdout.is_empty());
    let sigv4a = b"GET /b/k HTTP/1.1\r\nHost: b.s3.amazonaws.com\r\nX-Amz-Date: 20261123T160000Z\r\nX-Amz-Region-Set: *\r\nAuthorization: AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/s3/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045022100ab\r\n\r\n";
    let (code, stdout, stderr) = explain_file("sigv4a.http", sigv4a);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(!stdout.is_empty());
}

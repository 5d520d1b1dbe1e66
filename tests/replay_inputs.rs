//! What replay and probe check before sending anything, and how they take
//! the user's headers and credentials: bucket names (AWS's rules, exit 2
//! naming the rule), `-H` replacing a generated header once on the wire,
//! and `--access-key` / `--secret-key-file` like `sign` and `explain`.

mod common;

use common::{ACCESS_KEY, BUCKET, SECRET_KEY, closed_port, cmd, s3_server};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn invalid_bucket_names_are_refused_before_any_request() {
    // A closed port: a request would be exit 3; the local check is exit 2.
    let endpoint = format!("http://{}", closed_port());
    for (bucket, rule) in [
        ("b", "3 to 63 characters"),
        ("My-Bucket", "not uppercase `M`"),
        ("my_bucket", "not `_`"),
        ("bucket/prefix", "put the rest in --key"),
        ("-bucket", "begin and end with a letter or a digit"),
        ("a..b", "two adjacent dots"),
        ("10.0.0.1", "formatted as an IP address"),
    ] {
        for sub in [
            &["replay", "--key", "k"][..],
            &["probe", "--header-only"][..],
        ] {
            let mut args = sub.to_vec();
            let bucket_arg = format!("--bucket={bucket}");
            args.extend(["--endpoint", &endpoint, &bucket_arg, "--timeout", "2"]);
            let (code, out, err) = run(&args);
            assert_eq!(code, 2, "{sub:?} {bucket}: {out}{err}");
            assert!(out.is_empty(), "{out}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.contains(&format!(
                    "--bucket `{bucket}` is not a valid S3 bucket name"
                )) && err.contains(rule),
                "{sub:?} {bucket}: {err}"
            );
        }
    }
    // Valid names get as far as the network (exit 3).
    let (code, _, err) = run(&[
        "replay",
        "--endpoint",
        &endpoint,
        "--bucket",
        "my.bucket-1",
        "--key",
        "k",
        "--timeout",
        "2",
    ]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn a_user_header_replaces_the_generated_one_on_the_wire() {
    let s = s3_server();
    let authority = s.endpoint().trim_start_matches("http://").to_string();
    let host = format!("Host: {authority}");
    let base = [
        "replay",
        "--endpoint",
        &s.endpoint(),
        "--bucket",
        BUCKET,
        "--key",
        "h.txt",
    ];
    // Dry run: each header once, the replacement said.
    let mut args = base.to_vec();
    args.extend([
        "-H",
        &host,
        "-H",
        "x-amz-content-sha256: UNSIGNED-PAYLOAD",
        "--dry-run",
    ]);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    for name in ["host:", "x-amz-content-sha256:"] {
        let n = out
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with(name))
            .count();
        // Once on the wire, once in the canonical request.
        assert_eq!(n, 2, "{name}\n{out}");
    }
    assert!(
        out.contains("# note: -H x-amz-content-sha256 replaces the x-amz-content-sha256 header"),
        "{out}"
    );
    assert!(
        out.contains("\nUNSIGNED-PAYLOAD\n"),
        "signed as the payload hash: {out}"
    );
    assert!(!out.contains(&format!("{authority},{authority}")), "{out}");
    // Sent: the server verifies it (no duplicate values on the wire).
    for extra in [
        &["-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"][..],
        &["-H", &host][..],
    ] {
        let mut args = base.to_vec();
        args.extend(extra);
        args.extend(["--method", "HEAD"]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{extra:?}: {out}{err}");
        assert!(out.contains("note:    -H "), "{extra:?}: {out}");
    }
}

#[test]
fn conflicting_or_signature_headers_are_refused() {
    let s = s3_server();
    let base = [
        "replay",
        "--endpoint",
        &s.endpoint(),
        "--bucket",
        BUCKET,
        "--key",
        "k",
    ];
    for (extra, expected) in [
        (
            &["-H", "Authorization: AWS4-HMAC-SHA256 x"][..],
            "-H Authorization: refused",
        ),
        (
            &[
                "-H",
                "x-amz-date: 20130524T000000Z",
                "--emulate",
                "skew=+20m",
            ][..],
            "-H x-amz-date conflicts with --emulate skew=+20m",
        ),
        (
            &["-H", "x-amz-date: soon"][..],
            "is not of the form YYYYMMDDTHHMMSSZ",
        ),
        (
            &["-H", "Content-Length: 5"][..],
            "is not the body's length (0 bytes)",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{extra:?}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
    }
}

#[test]
fn replay_and_probe_take_a_secret_key_file() {
    let s = s3_server();
    let dir = std::env::temp_dir().join(format!("s3sigdiag-replay-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, format!("{SECRET_KEY}\n")).unwrap();
    let file = file.to_str().unwrap();
    let out = cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "replay",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--key",
            "f.txt",
            "--method",
            "HEAD",
            "--access-key",
            ACCESS_KEY,
            "--secret-key-file",
            file,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["result"]["outcome"], "accepted", "{v}");
    assert_eq!(
        v["request"]["credentials"],
        "access key from --access-key, secret from --secret-key-file"
    );
    // The access key from the environment, the secret from the file.
    let out = cmd()
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "probe",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--header-only",
            "--secret-key-file",
            file,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET_KEY));
    // A secret without an access key anywhere is one line, exit 2.
    let out = cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "replay",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--key",
            "k",
            "--secret-key-file",
            file,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the access key too"));
    let _ = std::fs::remove_dir_all(dir);
}

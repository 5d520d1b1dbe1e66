//! `sign` on the command line: AWS's documented GET example, headers the
//! user passes (one value each, replacing the generated one, said so),
//! conflicts and signatures among the inputs refused, and where the
//! credentials came from.

mod cli_support;

use cli_support::{Run, command, output, root};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// "GET Object" in AWS's "Signature Calculations for the Authorization
/// Header: Transferring Payload in a Single Chunk" (S3 API reference).
const GET_SIGNATURE: &str = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
const URL: &str = "https://examplebucket.s3.amazonaws.com/test.txt";

/// `sign` with a sandboxed environment: no ~/.aws, no AWS_* but the secret.
fn sign(args: &[&str]) -> Run {
    let home = std::env::temp_dir().join(format!("s3sigdiag-sign-cli-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("home");
    let mut all = vec!["sign"];
    all.extend(args);
    let mut cmd = command(&root(), &all);
    cmd.env("HOME", &home)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION");
    output(cmd)
}

fn json(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn aws_documented_get_example_with_the_headers_passed_explicitly() {
    // As the documentation lists it: every header given with -H, and the
    // date both as a header and as --date.
    let run = sign(&[
        "--url",
        URL,
        "-H",
        "Range: bytes=0-9",
        "-H",
        &format!("x-amz-content-sha256: {EMPTY}"),
        "-H",
        "x-amz-date: 20130524T000000Z",
        "--date",
        "20130524T000000Z",
        "--access-key",
        "AKIAIOSFODNN7EXAMPLE",
        "--format",
        "json",
    ]);
    let v = json(&run);
    assert_eq!(v["signature"], GET_SIGNATURE, "{}", run.stdout);
    let creq = v["canonical_request"].as_str().unwrap();
    assert!(creq.contains("\nx-amz-date:20130524T000000Z\n"), "{creq}");
    assert!(
        creq.contains(&format!("\nx-amz-content-sha256:{EMPTY}\n")),
        "{creq}"
    );
    // Each header once on the wire.
    let headers = v["headers"].as_array().unwrap();
    for name in ["x-amz-date", "x-amz-content-sha256", "host"] {
        let n = headers
            .iter()
            .filter(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
            .count();
        assert_eq!(n, 1, "{name}: {headers:?}");
    }
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().starts_with("-H x-amz-date replaces")),
        "{notes:?}"
    );

    // The same, with only what the tool cannot know given.
    let run = sign(&[
        "--url",
        URL,
        "-H",
        "Range: bytes=0-9",
        "--date",
        "20130524T000000Z",
        "--access-key",
        "AKIAIOSFODNN7EXAMPLE",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("signature: {GET_SIGNATURE}\n")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("note:"), "{}", run.stdout);

    // The date from -H x-amz-date alone.
    let v = json(&sign(&[
        "--url",
        URL,
        "-H",
        "Range: bytes=0-9",
        "-H",
        "x-amz-date: 20130524T000000Z",
        "--access-key",
        "AKIAIOSFODNN7EXAMPLE",
        "--format",
        "json",
    ]));
    assert_eq!(v["signature"], GET_SIGNATURE);
}

#[test]
fn a_user_header_replaces_the_generated_one_and_says_so() {
    let v = json(&sign(&[
        "--url",
        URL,
        "-H",
        "Host: other.example.com",
        "-H",
        "x-amz-content-sha256: UNSIGNED-PAYLOAD",
        "--date",
        "20130524T000000Z",
        "--format",
        "json",
    ]));
    let creq = v["canonical_request"].as_str().unwrap();
    assert!(creq.contains("\nhost:other.example.com\n"), "{creq}");
    assert!(creq.ends_with("\nUNSIGNED-PAYLOAD"), "{creq}");
    assert!(!creq.contains(','), "no value joined with another: {creq}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("-H host replaces the host header s3sigdiag would set (`examplebucket.s3.amazonaws.com`)"),
        "{notes}"
    );
    assert!(
        notes.contains("-H x-amz-content-sha256 replaces"),
        "{notes}"
    );
}

#[test]
fn conflicts_and_signatures_among_the_inputs_are_refused() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "-H",
                "x-amz-date: 20130524T000001Z",
                "--date",
                "20130524T000000Z",
            ],
            "-H x-amz-date `20130524T000001Z` conflicts with --date `20130524T000000Z`",
        ),
        (
            &[
                "-H",
                "x-amz-date: 20130524T000000Z",
                "-H",
                "X-Amz-Date: 20130525T000000Z",
            ],
            "given twice with different values",
        ),
        (
            &["-H", "x-amz-date: yesterday"],
            "-H x-amz-date `yesterday` is not of the form",
        ),
        (
            &[
                "-H",
                "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                "--payload-hash",
                EMPTY,
            ],
            "conflicts with --payload-hash",
        ),
        (
            &["-H", "Authorization: AWS4-HMAC-SHA256 Credential=x"],
            "-H Authorization: refused",
        ),
        (
            &["-H", "X-Amz-Signature: 00"],
            "-H X-Amz-Signature: refused",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["--url", URL];
        args.extend_from_slice(extra);
        let run = sign(&args);
        assert_eq!(run.code, 2, "{extra:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.is_empty(), "{extra:?}: {}", run.stdout);
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "{extra:?}: one line: {}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{extra:?}: {}", run.stderr);
    }
    let run = sign(&["--url", &format!("{URL}?X-Amz-Signature=00")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--url carries X-Amz-Signature: refused"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_example_access_key_default_is_said() {
    let run = sign(&["--url", URL, "--date", "20130524T000000Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "note: no access key given: the credential scope uses AWS's documentation example key AKIAIOSFODNN7EXAMPLE"
        ),
        "{}",
        run.stdout
    );
    let v = json(&sign(&["--url", URL, "--format", "json"]));
    assert_eq!(v["access_key"], "AKIAIOSFODNN7EXAMPLE");
    assert!(v["access_key_source"].as_str().unwrap().contains("example"));
}

#[test]
fn sign_takes_a_profile_like_replay_and_probe() {
    let dir = std::env::temp_dir().join(format!("s3sigdiag-sign-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let creds = dir.join("credentials");
    std::fs::write(
        &creds,
        format!("[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = {SECRET}\n"),
    )
    .unwrap();
    let config = dir.join("config");
    std::fs::write(&config, "[profile dev]\nregion = eu-west-1\n").unwrap();
    let mut cmd = command(
        &root(),
        &["sign", "--url", URL, "--profile", "dev", "--format", "json"],
    );
    cmd.env("HOME", &dir)
        .env("AWS_SHARED_CREDENTIALS_FILE", &creds)
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_REGION")
        .env_remove("AWS_PROFILE");
    let v = json(&output(cmd));
    assert_eq!(v["access_key"], "AKIDPROFILE", "an explicit --profile wins");
    assert!(v["signature"].is_string(), "the profile's secret signs");
    assert!(
        v["string_to_sign"]
            .as_str()
            .unwrap()
            .contains("/eu-west-1/s3/aws4_request"),
        "the profile's region: {v}"
    );
    let mut cmd = command(&root(), &["sign", "--url", URL, "--profile", "nope"]);
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", &creds)
        .env("AWS_CONFIG_FILE", &config);
    let run = output(cmd);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("profile `nope` not found"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_session_token_is_signed_and_never_printed() {
    const TOKEN: &str = "FwoGZXIvYXdzEXAMPLEzzSIGNTOKENzz";
    let mut cmd = command(
        &root(),
        &[
            "sign",
            "--url",
            URL,
            "--date",
            "20130524T000000Z",
            "--format",
            "json",
        ],
    );
    cmd.env(
        "HOME",
        std::env::temp_dir().join("s3sigdiag-sign-cli-no-home"),
    )
    .env("AWS_ACCESS_KEY_ID", "AKIDTEMPORARY")
    .env("AWS_SECRET_ACCESS_KEY", SECRET)
    .env("AWS_SESSION_TOKEN", TOKEN)
    .env_remove("AWS_PROFILE")
    .env_remove("AWS_SHARED_CREDENTIALS_FILE")
    .env_remove("AWS_CONFIG_FILE");
    let run = output(cmd);
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));
    let v = json(&run);
    assert!(
        v["canonical_request"]
            .as_str()
            .unwrap()
            .contains("\nx-amz-security-token:<redacted>\n"),
        "{v}"
    );
    assert!(v["notes"].to_string().contains("session token"), "{v}");
    assert_eq!(v["access_key"], "AKIDTEMPORARY");
}

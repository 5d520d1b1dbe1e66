//! No output path may carry the secret key or the session token: every
//! subcommand, every output format, success and error paths, with the
//! secret given by environment, by file and by profile. Each run's stdout,
//! stderr and written files (the GitHub step summary) are searched for the
//! secret, its hex and base64 forms, its first 8 characters, and the token.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The key the fixtures' s3s-fs held: with it, forensics reproduces signatures.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// A secret that reproduces nothing: exercises the exhaustive search path.
const OTHER: &str = "Zq9xKp2V/unusedTestOnlySecretKey00000001";
const TOKEN: &str = "FwoGZXIvYXdzEBoaDsessionTokenForTests0123456789";
const AK: &str = "AKIAIOSFODNN7EXAMPLE";

fn forbidden(secret: &str) -> Vec<String> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    vec![
        secret.to_string(),
        hex.clone(),
        hex.to_uppercase(),
        STANDARD.encode(secret),
        URL_SAFE_NO_PAD.encode(secret),
        secret.chars().take(8).collect(),
        format!("AWS4{secret}"),
    ]
}

struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let dir =
            std::env::temp_dir().join(format!("s3sigdiag-secrets-{}-{name}", std::process::id()));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        std::fs::write(dir.join("secret.txt"), format!("{SECRET}\n")).unwrap();
        std::fs::write(dir.join("other.txt"), format!("{OTHER}\n")).unwrap();
        std::fs::write(
            dir.join(".aws/credentials"),
            format!(
                "[diag]\naws_access_key_id = {AK}\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join(".aws/config"),
            "[profile diag]\nregion = us-east-1\n",
        )
        .unwrap();
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Clone, Copy)]
enum Source {
    Env,
    File,
    Profile,
}

fn run(
    sb: &Sandbox,
    source: Source,
    secret_file: &str,
    args: &[&str],
    cwd: &Path,
) -> Vec<(String, String)> {
    let summary = sb.path("summary.md");
    let _ = std::fs::remove_file(&summary);
    let mut cmd = Command::cargo_bin("s3sigdiag").unwrap();
    cmd.current_dir(cwd)
        .env("HOME", &sb.dir)
        .env("AWS_SHARED_CREDENTIALS_FILE", sb.path(".aws/credentials"))
        .env("AWS_CONFIG_FILE", sb.path(".aws/config"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .args(args);
    let explain_or_sign = matches!(args.first(), Some(&("explain" | "sign")));
    match source {
        Source::Env => {
            cmd.env("AWS_ACCESS_KEY_ID", AK)
                .env(
                    "AWS_SECRET_ACCESS_KEY",
                    if secret_file == "other.txt" {
                        OTHER
                    } else {
                        SECRET
                    },
                )
                .env("AWS_SESSION_TOKEN", TOKEN);
        }
        Source::File if explain_or_sign => {
            cmd.arg("--secret-key-file").arg(sb.path(secret_file));
        }
        Source::File => {
            cmd.env("AWS_ACCESS_KEY_ID", AK)
                .env("AWS_SECRET_ACCESS_KEY", SECRET);
        }
        Source::Profile if args.first() == Some(&"sign") => {
            cmd.env("AWS_SECRET_ACCESS_KEY", SECRET);
        }
        Source::Profile => {
            cmd.env("AWS_PROFILE", "diag");
        }
    }
    let out = cmd.output().unwrap();
    let mut outputs = vec![
        (
            "stdout".to_string(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ),
        (
            "stderr".to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ),
    ];
    if let Ok(s) = std::fs::read_to_string(&summary) {
        outputs.push(("step summary".to_string(), s));
    }
    outputs
}

#[test]
fn no_subcommand_or_format_prints_the_secret_or_token() {
    let sb = Sandbox::new("all");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = root.join("fixtures/forensics/space-plus");
    let mut runs: Vec<(Vec<&str>, &str, PathBuf)> = Vec::new();
    for format in ["human", "json", "github", "junit"] {
        for secret_file in ["secret.txt", "other.txt"] {
            runs.push((
                vec!["explain", "request.http", "error.xml", "--format", format],
                secret_file,
                case.clone(),
            ));
            runs.push((
                vec![
                    "explain",
                    "request.http",
                    "error.xml",
                    "--format",
                    format,
                    "--verbose",
                    "--all",
                ],
                secret_file,
                case.clone(),
            ));
        }
    }
    let tmp = sb.dir.clone();
    for args in [
        vec!["explain", "missing.xml"],
        vec!["explain", "request.http", "--profile", "no-such-profile"],
        vec![
            "sign",
            "--url",
            "https://examplebucket.s3.amazonaws.com/a==.json",
            "--date",
            "20130524T000000Z",
        ],
        vec![
            "sign",
            "--url",
            "https://examplebucket.s3.amazonaws.com/k",
            "--format",
            "json",
            "--presign",
            "--expires",
            "60",
        ],
        vec![
            "replay",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "examplebucket",
            "--key",
            "a==.json",
            "--dry-run",
        ],
        vec![
            "replay",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "examplebucket",
            "--key",
            "k",
            "--dry-run",
            "--presign",
            "--format",
            "json",
        ],
        vec![
            "replay",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "examplebucket",
            "--key",
            "k",
            "--timeout",
            "2",
        ],
        vec![
            "probe",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "examplebucket",
            "--timeout",
            "2",
        ],
        vec!["rules"],
        vec!["rule", "wrong-secret"],
        vec!["completions", "bash"],
    ] {
        let cwd = if args[0] == "explain" {
            case.clone()
        } else {
            tmp.clone()
        };
        runs.push((args, "secret.txt", cwd));
    }
    let mut secrets = forbidden(SECRET);
    secrets.extend(forbidden(OTHER));
    secrets.push(TOKEN.to_string());
    let mut leaks = Vec::new();
    let mut count = 0;
    for (args, secret_file, cwd) in &runs {
        for source in [Source::Env, Source::File, Source::Profile] {
            count += 1;
            for (stream, text) in run(&sb, source, secret_file, args, cwd) {
                for s in &secrets {
                    if text.contains(s.as_str()) {
                        leaks.push(format!(
                            "{args:?} ({stream}) contains `{}…`",
                            &s[..4.min(s.len())]
                        ));
                    }
                }
            }
        }
    }
    assert!(count >= 81, "expected every path to run, ran {count}");
    assert!(
        leaks.is_empty(),
        "secret material in output:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_secret_is_used_when_given_so_the_test_above_is_not_vacuous() {
    let sb = Sandbox::new("used");
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forensics/space-plus");
    for source in [Source::Env, Source::File, Source::Profile] {
        let outputs = run(
            &sb,
            source,
            "secret.txt",
            &["explain", "request.http", "error.xml", "--format", "json"],
            &case,
        );
        let json: serde_json::Value = serde_json::from_str(&outputs[0].1).unwrap();
        assert_eq!(
            json["findings"][0]["confidence"].as_str(),
            Some("confirmed"),
            "with the secret the cause is proved: {}",
            outputs[1].1
        );
    }
}

/// One run with a chosen environment: (exit code, stdout, stderr).
fn run_env(args: &[&str], env: &[(&str, &str)], cwd: &Path) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("s3sigdiag").unwrap();
    cmd.current_dir(cwd)
        .env("HOME", cwd)
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            cwd.join("no-such-credentials"),
        )
        .env("AWS_CONFIG_FILE", cwd.join("no-such-config"))
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every 12-character piece of `secret`: a line that differs from the
/// secret by one character still carries several of them.
fn pieces(secret: &str) -> Vec<String> {
    let t = secret.trim();
    let mut v: Vec<String> = (0..=t.len().saturating_sub(12))
        .step_by(6)
        .map(|i| t[i..(i + 12).min(t.len())].to_string())
        .collect();
    v.extend(forbidden(t));
    v
}

fn assert_no_leak(what: &str, texts: &[&str], secret: &str) {
    for text in texts {
        for p in pieces(secret) {
            assert!(
                !text.contains(&p),
                "{what}: output carries `{}…` of the secret:\n{text}",
                &p[..4]
            );
        }
    }
}

/// The token with one character changed, as a server might report it.
fn one_off(token: &str) -> String {
    let mut t = token.to_string();
    let i = t.len() / 2;
    let c = if &t[i..i + 1] == "Q" { "R" } else { "Q" };
    t.replace_range(i..i + 1, c);
    t
}

#[test]
fn a_token_with_trailing_whitespace_is_redacted_in_replay_dry_run_and_json() {
    let dir = Sandbox::new("token-ws");
    for raw in [
        format!("{TOKEN} "),
        format!("{TOKEN}\n"),
        format!(" {TOKEN}\t\n"),
    ] {
        let env = [
            ("AWS_ACCESS_KEY_ID", AK),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", raw.as_str()),
        ];
        for extra in [
            &[][..],
            &["--format", "json"][..],
            &["--presign"][..],
            &["--presign", "--format", "json"][..],
        ] {
            let mut args = vec![
                "replay",
                "--endpoint",
                "http://127.0.0.1:9",
                "--bucket",
                "examplebucket",
                "--key",
                "k",
                "--dry-run",
            ];
            args.extend_from_slice(extra);
            let (code, out, err) = run_env(&args, &env, &dir.dir);
            assert_eq!(code, 0, "{args:?}: {err}");
            assert!(
                out.contains("<redacted>"),
                "{args:?}: the token is there, redacted:\n{out}"
            );
            assert_no_leak(&format!("{args:?} {raw:?}"), &[&out, &err], TOKEN);
            assert_no_leak(&format!("{args:?} {raw:?}"), &[&out, &err], SECRET);
        }
    }
}

/// A request that sent a session token, and a server whose canonical
/// request carries it with one character changed.
fn token_case(dir: &Path) {
    let request = format!(
        "GET /examplebucket/k HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: 20261123T161914Z\r\nx-amz-security-token: {TOKEN}\r\nAuthorization: AWS4-HMAC-SHA256 Credential={AK}/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=13ed67163a412daa6d84c87f72c91f2239162523ddd9282187ea383fad94661b\r\n\r\n"
    );
    let canonical = format!(
        "GET\n/examplebucket/k\n\nhost:127.0.0.1:9000\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20261123T161914Z\nx-amz-security-token:{}\n\nhost;x-amz-content-sha256;x-amz-date;x-amz-security-token\nUNSIGNED-PAYLOAD",
        one_off(TOKEN)
    );
    let bytes: Vec<String> = canonical.bytes().map(|b| format!("{b:02x}")).collect();
    let error = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>{AK}</AWSAccessKeyId><SignatureProvided>13ed67163a412daa6d84c87f72c91f2239162523ddd9282187ea383fad94661b</SignatureProvided><CanonicalRequest>{canonical}</CanonicalRequest><CanonicalRequestBytes>{}</CanonicalRequestBytes><RequestId>7756E80EBC2F52DF</RequestId></Error>",
        bytes.join(" ")
    );
    std::fs::write(dir.join("request.http"), request).unwrap();
    std::fs::write(dir.join("error.xml"), error).unwrap();
}

#[test]
fn a_server_line_one_character_off_the_token_is_redacted() {
    let sb = Sandbox::new("token-one-off");
    token_case(&sb.dir);
    for env in [
        &[][..],
        &[("AWS_SESSION_TOKEN", TOKEN)][..],
        &[("AWS_SECRET_ACCESS_KEY", SECRET), ("AWS_ACCESS_KEY_ID", AK)][..],
    ] {
        for format in ["human", "json", "github", "junit"] {
            for verbose in [false, true] {
                let mut args = vec!["explain", "request.http", "error.xml", "--format", format];
                if verbose {
                    args.push("--verbose");
                }
                let (code, out, err) = run_env(&args, env, &sb.dir);
                assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
                let what = format!("{args:?} {env:?}");
                assert_no_leak(&what, &[&out, &err], TOKEN);
                assert_no_leak(&what, &[&out, &err], &one_off(TOKEN));
            }
        }
        let (_, out, _) = run_env(
            &[
                "explain",
                "request.http",
                "error.xml",
                "--color",
                "always",
                "--verbose",
            ],
            env,
            &sb.dir,
        );
        assert_no_leak("--color always", &[&out], TOKEN);
        assert_no_leak("--color always", &[&out], &one_off(TOKEN));
    }
}

#[test]
fn the_secret_given_as_the_secret_key_file_argument_is_not_echoed() {
    let sb = Sandbox::new("file-arg");
    token_case(&sb.dir);
    for args in [
        vec![
            "explain",
            "request.http",
            "error.xml",
            "--secret-key-file",
            SECRET,
        ],
        vec![
            "sign",
            "--url",
            "https://examplebucket.s3.amazonaws.com/k",
            "--secret-key-file",
            SECRET,
        ],
        vec![
            "explain",
            "request.http",
            "--secret-key-file",
            OTHER,
            "--format",
            "github",
        ],
    ] {
        let (code, out, err) = run_env(&args, &[], &sb.dir);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("cannot read the secret key file (the argument is not shown"),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_no_leak(&format!("{args:?}"), &[&out, &err], SECRET);
        assert_no_leak(&format!("{args:?}"), &[&out, &err], OTHER);
    }
}

#[test]
fn a_secret_inside_an_input_is_not_shown_back() {
    let sb = Sandbox::new("in-input");
    token_case(&sb.dir);
    // A pasted log: credentials file lines, an env dump, the error body.
    let error = std::fs::read_to_string(sb.dir.join("error.xml")).unwrap();
    let log = format!(
        "$ cat ~/.aws/credentials\n[default]\naws_access_key_id = {AK}\naws_secret_access_key = {OTHER}\naws_session_token={TOKEN}\n$ env | grep AWS\nAWS_SECRET_ACCESS_KEY={OTHER}\n$ aws s3 cp ...\n{error}\n"
    );
    std::fs::write(sb.dir.join("pasted.log"), log).unwrap();
    let curl = format!(
        "curl -v --aws-sigv4 'aws:amz:us-east-1:s3' --user '{AK}:{OTHER}' -H 'x-amz-security-token: {TOKEN}' https://examplebucket.s3.amazonaws.com/k\n"
    );
    std::fs::write(sb.dir.join("curl.sh"), curl).unwrap();
    let creds = format!(
        "{{\"Credentials\": {{\"AccessKeyId\": \"{AK}\", \"SecretAccessKey\": \"{OTHER}\", \"SessionToken\": \"{TOKEN}\"}}}}\n<AssumeRoleResult><Credentials><SessionToken>{TOKEN}</SessionToken><SecretAccessKey>{OTHER}</SecretAccessKey></Credentials></AssumeRoleResult>\n{error}"
    );
    std::fs::write(sb.dir.join("sts.txt"), creds).unwrap();
    for inputs in [
        vec!["pasted.log"],
        vec!["request.http", "pasted.log"],
        vec!["curl.sh"],
        vec!["curl.sh", "error.xml"],
        vec!["sts.txt"],
        vec!["request.http", "sts.txt"],
    ] {
        for env in [&[][..], &[("AWS_SECRET_ACCESS_KEY", OTHER)][..]] {
            for format in ["human", "json", "github", "junit"] {
                let mut args = vec!["explain"];
                args.extend(inputs.iter().copied());
                args.extend(["--format", format, "--verbose"]);
                let (_, out, err) = run_env(&args, env, &sb.dir);
                let what = format!("{args:?} {env:?}");
                assert_no_leak(&what, &[&out, &err], OTHER);
                assert_no_leak(&what, &[&out, &err], TOKEN);
            }
        }
    }
}

/// A server on 127.0.0.1 that refuses every request with
/// SignatureDoesNotMatch and reports a canonical request whose token line
/// differs from the token sent by one character.
fn one_off_token_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = Vec::new();
            let mut b = [0u8; 4096];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut b) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&b[..n]),
                }
            }
            let head = String::from_utf8_lossy(&buf).into_owned();
            let mut lines = head.split("\r\n");
            let target = lines
                .next()
                .and_then(|l| l.split(' ').nth(1))
                .unwrap_or("/")
                .to_string();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let get = |n: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let token = get("x-amz-security-token");
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            let token_line = if token.is_empty() {
                String::new()
            } else {
                format!("x-amz-security-token:{}\n", one_off(&token))
            };
            let canonical = format!(
                "GET\n{path}\n{query}\nhost:{}\nx-amz-content-sha256:{}\nx-amz-date:{}\n{token_line}\nhost;x-amz-content-sha256;x-amz-date;x-amz-security-token\n{}",
                get("host"),
                get("x-amz-content-sha256"),
                get("x-amz-date"),
                get("x-amz-content-sha256")
            );
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>{AK}</AWSAccessKeyId><CanonicalRequest>{canonical}</CanonicalRequest><RequestId>1</RequestId></Error>"
            );
            let _ = write!(
                s,
                "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nx-amz-request-id: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn replay_against_a_server_reporting_the_token_one_character_off() {
    let sb = Sandbox::new("replay-one-off");
    let endpoint = one_off_token_server();
    for raw in [TOKEN.to_string(), format!("{TOKEN} \n")] {
        let env = [
            ("AWS_ACCESS_KEY_ID", AK),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", raw.as_str()),
        ];
        for extra in [
            &[][..],
            &["--format", "json"][..],
            &["--color", "always"][..],
        ] {
            let mut args = vec![
                "replay",
                "--endpoint",
                &endpoint,
                "--bucket",
                "examplebucket",
                "--key",
                "k",
                "--timeout",
                "10",
            ];
            args.extend_from_slice(extra);
            let (code, out, err) = run_env(&args, &env, &sb.dir);
            assert_eq!(code, 1, "{extra:?}: refused and diagnosed: {out}{err}");
            assert!(out.contains("SignatureDoesNotMatch"), "{out}");
            let what = format!("replay {extra:?} {raw:?}");
            assert_no_leak(&what, &[&out, &err], TOKEN);
            assert_no_leak(&what, &[&out, &err], &one_off(TOKEN));
            assert_no_leak(&what, &[&out, &err], SECRET);
        }
    }
}

#[test]
fn a_secret_given_as_an_input_path_is_not_echoed() {
    let sb = Sandbox::new("input-arg");
    for args in [
        vec!["explain", SECRET],
        vec!["explain", OTHER, "--format", "github"],
        vec!["explain", TOKEN, "--format", "json"],
    ] {
        let (code, out, err) = run_env(&args, &[], &sb.dir);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for s in [SECRET, OTHER, TOKEN] {
            assert_no_leak(&format!("{args:?}"), &[&out, &err], s);
        }
    }
    // An ordinary missing path is still named.
    let (_, _, err) = run_env(&["explain", "no-such-error.xml"], &[], &sb.dir);
    assert!(err.contains("no-such-error.xml"), "{err}");
}

#[test]
fn a_token_split_by_colour_codes_in_an_input_is_redacted() {
    let sb = Sandbox::new("ansi-token");
    token_case(&sb.dir);
    let coloured = format!(
        "{}\u{1b}[1;31m{}\u{1b}[0m{}",
        &TOKEN[..12],
        &TOKEN[12..30],
        &TOKEN[30..]
    );
    let request = std::fs::read_to_string(sb.dir.join("request.http"))
        .unwrap()
        .replace(TOKEN, &coloured);
    std::fs::write(sb.dir.join("coloured.http"), request).unwrap();
    for format in ["human", "json", "github", "junit"] {
        let args = [
            "explain",
            "coloured.http",
            "error.xml",
            "--verbose",
            "--format",
            format,
        ];
        let (_, out, err) = run_env(&args, &[], &sb.dir);
        for part in [&TOKEN[..12], &TOKEN[12..30], &TOKEN[30..]] {
            assert!(
                !out.contains(part) && !err.contains(part),
                "{format}: {out}"
            );
        }
    }
}

/// The redactor takes secrets, not the docs' placeholders: `rule ID`
/// output keeps `--user AKID:SECRET`, `$AWS_SECRET_ACCESS_KEY` and the
/// like (only a docs example of a session token is redacted).
#[test]
fn rule_docs_are_not_over_redacted() {
    let sb = Sandbox::new("docs");
    let (_, list, _) = run_env(&["rules", "--format", "json"], &[], &sb.dir);
    let rules: serde_json::Value = serde_json::from_str(&list).unwrap();
    let mut checked = 0;
    for r in rules.as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let (code, out, err) = run_env(&["rule", id], &[], &sb.dir);
        assert_eq!(code, 0, "{id}: {err}");
        for line in out.lines().filter(|l| l.contains("<redacted>")) {
            assert!(
                line.contains("Security-Token=<redacted>"),
                "{id}: over-redacted: {line}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}

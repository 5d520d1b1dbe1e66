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
            "b",
            "--key",
            "a==.json",
            "--dry-run",
        ],
        vec![
            "replay",
            "--endpoint",
            "http://127.0.0.1:9",
            "--bucket",
            "b",
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
            "b",
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
            "b",
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

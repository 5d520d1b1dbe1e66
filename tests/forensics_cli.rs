//! `explain` with the secret key on the real s3s-fs fixtures in
//! `fixtures/forensics/`, and proof that the secret never leaks.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine as _;

/// The secret s3s-fs held when the fixtures were made (AWS's documentation
/// example key) and the made-up key the wrong-secret client used. Both are
/// test-only values, also written in fixtures/forensics/make.py.
const SERVER_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const OTHER_SECRET: &str = "Zq7uK2otherTestSecret/xK9pLmN2vB4cD6eF8g";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forensics")
}

fn secret_file(dir: &tempdir::Dir, secret: &str) -> PathBuf {
    let p = dir.0.join("secret");
    std::fs::write(&p, format!("{secret}\n")).unwrap();
    p
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new(tag: &str) -> Dir {
            let p = std::env::temp_dir()
                .join(format!("s3sigdiag-forensics-{tag}-{}", std::process::id()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("s3sigdiag").unwrap();
    for v in [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
    ] {
        c.env_remove(v);
    }
    c.env("HOME", "/nonexistent-home-for-tests");
    c
}

struct Expected {
    rule: String,
    confidence: String,
    args: Vec<String>,
    secret: &'static str,
}

fn expected(dir: &Path) -> Expected {
    let text = std::fs::read_to_string(dir.join("forensics.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    Expected {
        rule: v["rule"].as_str().unwrap().into(),
        confidence: v["confidence"].as_str().unwrap().into(),
        args: v["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect(),
        secret: match v["secret"].as_str().unwrap() {
            "server" => SERVER_SECRET,
            _ => OTHER_SECRET,
        },
    }
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("forensics.toml").exists())
        .collect();
    v.sort();
    assert!(v.len() >= 6, "fixtures/forensics has {} cases", v.len());
    v
}

fn run_json(
    dir: &Path,
    args: &[String],
    extra: &[&str],
    secret: Option<&Path>,
) -> serde_json::Value {
    let mut c = bin();
    c.current_dir(dir)
        .arg("explain")
        .args(args)
        .args(["--format", "json"])
        .args(extra);
    if let Some(s) = secret {
        c.arg("--secret-key-file").arg(s);
    }
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_forensics_fixture_is_confirmed_with_the_secret() {
    let tmp = tempdir::Dir::new("fixtures");
    for dir in cases() {
        let e = expected(&dir);
        let key = secret_file(&tmp, e.secret);
        let report = run_json(&dir, &e.args, &[], Some(&key));
        let top = &report["findings"][0];
        assert_eq!(
            top["rule"],
            e.rule.as_str(),
            "{}: {report:#}",
            dir.display()
        );
        assert_eq!(
            top["confidence"],
            e.confidence.as_str(),
            "{}",
            dir.display()
        );
        assert!(
            report["forensics"]["proven"].is_object(),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn search_names_the_exact_change() {
    let tmp = tempdir::Dir::new("change");
    let key = secret_file(&tmp, SERVER_SECRET);
    for (case, change, client_line) in [
        (
            "space-plus",
            "`+` read as a space and encoded as %20",
            "/examplebucket/my%20report.pdf",
        ),
        (
            "signed-raw-equals",
            "path signed as `/examplebucket/a==.json`",
            "/examplebucket/a==.json",
        ),
        (
            "transfer-encoding-stripped",
            "`transfer-encoding` signed with the value `chunked`",
            "transfer-encoding:chunked",
        ),
    ] {
        let dir = fixtures().join(case);
        let e = expected(&dir);
        let report = run_json(&dir, &e.args, &[], Some(&key));
        let f = &report["forensics"];
        let labels: Vec<&str> = f["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels.len(), 1, "{case}: {labels:?}");
        assert!(labels[0].contains(change), "{case}: {labels:?}");
        assert!(
            f["proven"]["canonical_request"]
                .as_str()
                .unwrap()
                .contains(client_line)
        );
        assert!(f["search"]["tried"].as_u64().unwrap() >= 1);
        // The diff is between the server's view and the proven request.
        assert_eq!(report["analysis"]["client"]["origin"], "proven");
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["rule"] == "signature-reproduced")
        );
    }
}

#[test]
fn wrong_secret_with_a_bare_body_is_only_possible() {
    // The secret given reproduces nothing: either it is not the client's,
    // or the client signed something the search did not try. "Another
    // secret" is the reading, not a proof.
    let tmp = tempdir::Dir::new("bare");
    let key = secret_file(&tmp, OTHER_SECRET);
    let dir = fixtures().join("wrong-secret");
    let report = run_json(
        &dir,
        &["request.http".into(), "error.xml".into()],
        &[],
        Some(&key),
    );
    assert_eq!(report["findings"][0]["rule"], "wrong-secret");
    assert_eq!(report["findings"][0]["confidence"], "possible");
}

#[test]
fn with_the_other_secret_nothing_is_reproduced() {
    // The space-plus client signed with the server's secret; given another
    // one, the search must come back empty-handed and say so.
    let tmp = tempdir::Dir::new("other");
    let key = secret_file(&tmp, OTHER_SECRET);
    let dir = fixtures().join("space-plus");
    let report = run_json(
        &dir,
        &["request.http".into(), "error.xml".into()],
        &["--max-hypotheses", "20000"],
        Some(&key),
    );
    // The rules' guess still ranks (the secret given may be the wrong
    // one); the forensic finding says nothing reproduces the signature.
    let nr = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "signature-not-reproduced")
        .expect("signature-not-reproduced");
    // A fact whose reading is a guess (see wrong_secret_with_a_bare_body_is_only_possible).
    assert_eq!(nr["confidence"], "possible");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["confidence"] != "confirmed")
    );
    assert_eq!(report["forensics"]["search"]["tried"], 20000);
    assert_eq!(report["forensics"]["verdict"], "not-reproduced");
}

#[test]
fn max_hypotheses_bounds_the_search() {
    let tmp = tempdir::Dir::new("max");
    let key = secret_file(&tmp, OTHER_SECRET);
    let dir = fixtures().join("transfer-encoding-stripped");
    for max in [1u64, 50, 3000] {
        let report = run_json(
            &dir,
            &["request.http".into(), "error.xml".into()],
            &["--max-hypotheses", &max.to_string()],
            Some(&key),
        );
        assert_eq!(report["forensics"]["search"]["tried"], max);
        assert_eq!(report["forensics"]["search"]["exhausted"], false);
    }
}

#[test]
fn a_secret_for_another_access_key_is_not_used() {
    let dir = fixtures().join("space-plus");
    let out = bin()
        .current_dir(&dir)
        .args(["explain", "request.http", "error.xml", "--format", "json"])
        .env("AWS_SECRET_ACCESS_KEY", SERVER_SECRET)
        .env("AWS_ACCESS_KEY_ID", "AKIAOTHERKEY00000000")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["forensics"]["verdict"], "skipped");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("AKIAOTHERKEY00000000") && notes.contains("AKIAIOSFODNN7EXAMPLE"),
        "{notes}"
    );
}

#[test]
fn profile_supplies_the_secret() {
    let tmp = tempdir::Dir::new("profile");
    let creds = tmp.0.join("credentials");
    std::fs::write(
        &creds,
        format!("[fixture]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SERVER_SECRET}\n"),
    )
    .unwrap();
    let dir = fixtures().join("secret-newline");
    let out = bin()
        .current_dir(&dir)
        .args([
            "explain",
            "request.http",
            "error.xml",
            "--format",
            "json",
            "--profile",
            "fixture",
        ])
        .env("AWS_SHARED_CREDENTIALS_FILE", &creds)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "secret-whitespace");
    assert_eq!(report["findings"][0]["confidence"], "confirmed");
}

/// Every form of a secret that must never be printed.
fn forbidden_forms(secret: &str) -> Vec<Vec<u8>> {
    let b = secret.as_bytes();
    vec![
        b.to_vec(),
        hex::encode(b).into_bytes(),
        hex::encode_upper(b).into_bytes(),
        base64::engine::general_purpose::STANDARD
            .encode(b)
            .into_bytes(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(b)
            .into_bytes(),
        b[..8].to_vec(),
        // The signing key's first input, as it would appear in a debug dump.
        format!("AWS4{secret}").into_bytes(),
    ]
}

fn assert_clean(what: &str, bytes: &[u8]) {
    for secret in [SERVER_SECRET, OTHER_SECRET] {
        for form in forbidden_forms(secret) {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_slice()),
                "{what} contains a form of the secret ({} bytes)",
                form.len()
            );
        }
    }
}

#[test]
fn the_secret_never_appears_in_any_output() {
    let tmp = tempdir::Dir::new("leak");
    let mut runs = 0;
    for dir in cases() {
        let e = expected(&dir);
        // The secret that proves the case (success paths), and the other
        // one (nothing reproduced: the search runs to its budget).
        let other = if e.secret == SERVER_SECRET {
            OTHER_SECRET
        } else {
            SERVER_SECRET
        };
        let mut plans: Vec<(&str, &str, &[&str], bool)> = Vec::new();
        for format in ["human", "json"] {
            for extra in [
                &["--verbose"][..],
                &["--all", "--max-hypotheses", "5000"][..],
            ] {
                for via_env in [false, true] {
                    plans.push((e.secret, format, extra, via_env));
                }
            }
            plans.push((
                other,
                format,
                &["--verbose", "--max-hypotheses", "3000"][..],
                false,
            ));
        }
        for (secret, format, extra, via_env) in plans {
            let key = secret_file(&tmp, secret);
            let mut c = bin();
            c.current_dir(&dir)
                .arg("explain")
                .args(&e.args)
                .args(["--format", format, "--color", "always"])
                .args(extra);
            if via_env {
                c.env("AWS_SECRET_ACCESS_KEY", secret);
            } else {
                c.arg("--secret-key-file").arg(&key);
            }
            let out = c.output().unwrap();
            let what = format!("{} {format} {extra:?} env={via_env}", dir.display());
            assert_clean(&format!("stdout of {what}"), &out.stdout);
            assert_clean(&format!("stderr of {what}"), &out.stderr);
            runs += 1;
        }
    }
    // Error paths: bad input, missing file, wrong profile, bad flags.
    let key = secret_file(&tmp, SERVER_SECRET);
    let garbage = tmp.0.join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 1]).unwrap();
    let creds = tmp.0.join("credentials");
    std::fs::write(
        &creds,
        format!("[p]\naws_secret_access_key = {SERVER_SECRET}\n"),
    )
    .unwrap();
    let bad_ini = tmp.0.join("bad-credentials");
    std::fs::write(
        &bad_ini,
        format!("[p\naws_secret_access_key = {SERVER_SECRET}\n"),
    )
    .unwrap();
    let error_runs: Vec<Vec<String>> = vec![
        vec![
            "explain".into(),
            garbage.display().to_string(),
            "--secret-key-file".into(),
            key.display().to_string(),
        ],
        vec![
            "explain".into(),
            "/nonexistent/request.http".into(),
            "--secret-key-file".into(),
            key.display().to_string(),
        ],
        vec![
            "explain".into(),
            fixtures()
                .join("space-plus/request.http")
                .display()
                .to_string(),
            "--profile".into(),
            "p".into(),
        ],
        vec![
            "explain".into(),
            fixtures()
                .join("space-plus/request.http")
                .display()
                .to_string(),
            "--profile".into(),
            "missing".into(),
        ],
        vec![
            "explain".into(),
            fixtures()
                .join("space-plus/request.http")
                .display()
                .to_string(),
            "--secret-key-file".into(),
            key.display().to_string(),
            "--max-hypotheses".into(),
            "lots".into(),
        ],
    ];
    for (i, args) in error_runs.iter().enumerate() {
        for (creds_file, env_secret) in [(&creds, true), (&bad_ini, false)] {
            let mut c = bin();
            c.args(args).env("AWS_SHARED_CREDENTIALS_FILE", creds_file);
            if env_secret {
                c.env("AWS_SECRET_ACCESS_KEY", SERVER_SECRET);
            }
            let out = c.output().unwrap();
            assert_clean(&format!("stdout of error run {i}"), &out.stdout);
            assert_clean(&format!("stderr of error run {i}"), &out.stderr);
            runs += 1;
        }
    }
    assert!(runs > 60);
}

#[test]
fn every_secret_only_rule_fires_on_a_case_and_not_on_a_near_miss() {
    let tmp = tempdir::Dir::new("catalogue");
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut runs: Vec<(PathBuf, Vec<String>, &str)> = cases()
        .into_iter()
        .map(|d| {
            let e = expected(&d);
            (d, e.args, e.secret)
        })
        .collect();
    // A case no hypothesis explains: the space-plus client with another secret.
    runs.push((
        fixtures().join("space-plus"),
        vec!["request.http".into(), "error.xml".into()],
        OTHER_SECRET,
    ));
    for (dir, args, secret) in runs {
        let key = secret_file(&tmp, secret);
        let report = run_json(&dir, &args, &["--max-hypotheses", "3000"], Some(&key));
        seen.push(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect(),
        );
    }
    for id in s3sigdiag::diagnose::SECRET_ONLY {
        assert!(
            seen.iter().any(|r| r.iter().any(|x| x == id)),
            "{id} never fires"
        );
        assert!(
            seen.iter().any(|r| r.iter().all(|x| x != id)),
            "{id} always fires"
        );
    }
}

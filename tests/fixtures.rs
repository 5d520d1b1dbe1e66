//! Every fixture under `fixtures/` (any depth) with an `expected.toml` is a
//! test: `explain` runs on its inputs, the top finding must be the rule it
//! names (or nothing for `none`, no confident cause for `unknown`), a
//! near-miss must not trigger the rule it is a near miss of, and the human
//! output is pinned in a snapshot.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture_dirs(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.join("expected.toml").is_file() {
                out.push(p.clone());
            }
            fixture_dirs(&p, out);
        }
    }
}

struct Expected {
    rule: String,
    /// The rule that must rank first when it is not `rule` itself (a rule
    /// that only forensics can promote, e.g. `secret-whitespace`, must
    /// fire but ranks below `wrong-secret` without the secret).
    top: Option<String>,
    near_miss_of: Option<String>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    synthesized: Vec<String>,
}

fn expected(dir: &Path) -> Expected {
    let text = std::fs::read_to_string(dir.join("expected.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Expected {
        rule: s("rule").unwrap_or_else(|| panic!("{}: expected.toml has no rule", dir.display())),
        near_miss_of: s("near_miss_of"),
        top: s("top"),
        args: v
            .get("args")
            .and_then(|a| a.as_array())
            .unwrap_or_else(|| panic!("{}: expected.toml has no args", dir.display()))
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect(),
        env: v
            .get("env")
            .and_then(|e| e.as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        synthesized: v
            .get("synthesized")
            .and_then(|a| a.as_array())
            // Entries may carry a note after the file name: "error-aws.xml (AWS's wording)".
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str()?.split_whitespace().next().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn run(dir: &Path, exp: &Expected, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("s3sigdiag").unwrap();
    cmd.current_dir(dir)
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_PROFILE")
        .env("NO_COLOR", "1");
    for (k, v) in &exp.env {
        cmd.env(k, v);
    }
    // A fixture may name a subcommand first; default is explain.
    let args: Vec<&str> = exp.args.iter().map(String::as_str).collect();
    if matches!(
        args.first(),
        Some(&("explain" | "replay" | "probe" | "sign"))
    ) {
        cmd.args(&args);
    } else {
        cmd.arg("explain").args(&args);
    }
    cmd.args(extra);
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_fixture_meets_its_expectation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs = Vec::new();
    fixture_dirs(&root, &mut dirs);
    assert!(
        dirs.len() >= 10,
        "expected the bundled fixtures, found {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    let mut humans = Vec::new();
    for dir in &dirs {
        let name = dir
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('/', "__");
        let exp = expected(dir);
        let (code, json, stderr) = run(dir, &exp, &["--format", "json"]);
        let report: Value = match serde_json::from_str(&json) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!(
                    "{name}: no JSON report (exit {code}): {e}; stderr: {stderr}"
                ));
                continue;
            }
        };
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        let top = findings
            .first()
            .map(|f| f["rule"].as_str().unwrap_or("").to_string());
        let confident = findings
            .iter()
            .any(|f| matches!(f["confidence"].as_str(), Some("confirmed" | "likely")));
        if exp.top.is_some()
            && !findings
                .iter()
                .any(|f| f["rule"].as_str() == Some(&exp.rule))
        {
            failures.push(format!("{name}: expected {} to fire", exp.rule));
        }
        match exp.top.as_deref().unwrap_or(&exp.rule) {
            "none" => {
                if code != 0 || !findings.is_empty() {
                    failures.push(format!(
                        "{name}: expected no mismatch, got exit {code}, top {top:?}"
                    ));
                }
            }
            "unknown" => {
                if code != 1 || confident {
                    failures.push(format!(
                        "{name}: expected an unexplained failure, got exit {code}, top {top:?}"
                    ));
                }
            }
            rule => {
                if top.as_deref() != Some(rule) || code != 1 {
                    failures.push(format!(
                        "{name}: expected {rule} first, got {top:?} (exit {code})"
                    ));
                }
            }
        }
        if let Some(nm) = &exp.near_miss_of
            && findings.iter().any(|f| f["rule"].as_str() == Some(nm))
        {
            failures.push(format!("{name}: near miss of {nm}, but {nm} fired"));
        }
        let (_, human, stderr) = run(dir, &exp, &["--color", "never"]);
        // The fixtures' secrets (the AWS example key and its variants) must
        // never be echoed, whatever the input held.
        for out in [&human, &json, &stderr] {
            if out.contains("wJalrXUtnFEMI") {
                failures.push(format!("{name}: a secret key appears in the output"));
            }
        }
        for file in &exp.synthesized {
            if !dir.join(file).is_file() {
                failures.push(format!("{name}: synthesized file {file} is missing"));
            }
        }
        humans.push((name, human));
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (name, human) in humans {
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("explain", human);
        });
    }
}

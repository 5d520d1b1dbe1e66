//! The corpus of real pastes (fixtures/pastes/, each with its source and
//! known cause in source.toml): every paste is read in-process, and
//! * no paste that holds an artifact is refused — the few with none (a
//!   docker push log, two bare URLs) are listed here by name;
//! * no paste gets another cause than its known one at `likely` or
//!   `confirmed` (a cause the thread never settled counts as unknown).
//!
//! It prints its totals; the README carries them.

mod judge;

use std::path::{Path, PathBuf};

use s3sigdiag::commands::explain::read_exchange;
use s3sigdiag::diagnose::diagnose;
use s3sigdiag::report::Confidence;

/// Pastes with nothing the tool reads: no error, request, URL with a
/// signature, or canonical request.
const NOTHING_TO_READ: &[&str] = &[
    "014-r2-requests-sigv2-bad-request",
    "049-gitlab-registry-docker-push-403-iam",
    "054-s3-public-url-raw-plus-in-key",
];

fn pastes() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pastes");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("source.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn real_pastes_are_read_and_never_confidently_wrong() {
    let accept = judge::accept_table();
    let (mut total, mut right, mut refused, mut unknown_cause) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for dir in pastes() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let meta: toml::Value =
            toml::from_str(&std::fs::read_to_string(dir.join("source.toml")).unwrap()).unwrap();
        for key in ["source", "cause", "how_known", "kind"] {
            assert!(meta.get(key).is_some(), "{name}: source.toml has no {key}");
        }
        let source = meta["source"].as_str().unwrap();
        assert!(
            !(source.contains("github.com")
                && (source.contains("/issues/") || source.contains("/pull/"))),
            "{name}: pastes never come from GitHub issue or PR threads"
        );
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|f| f != "source.toml"))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        files.sort();
        total += 1;
        let Ok(exchange) = read_exchange(&files, None, None) else {
            refused += 1;
            if !NOTHING_TO_READ.contains(&name.as_str()) {
                failures.push(format!("{name}: refused (exit 2)"));
            }
            continue;
        };
        let report = diagnose(&exchange);
        let cause = meta["cause"].as_str().unwrap();
        if matches!(cause, "unknown" | "other") {
            unknown_cause += 1;
            continue;
        }
        let Some(top) = report.findings.first() else {
            continue;
        };
        let label = format!("{} {}", top.rule, top.title);
        if judge::pattern_for(&accept, cause)
            .is_match(&label)
            .unwrap_or(false)
        {
            right += 1;
        } else if top.confidence != Confidence::Possible
            && meta.get("decidable").and_then(|d| d.as_str()) != Some("no")
        {
            failures.push(format!(
                "{name}: {} at {} where the known cause is {cause}",
                top.rule,
                top.confidence.as_str()
            ));
        }
    }
    println!(
        "pastes: {total} read: right {right} of {} with a known cause, refused {refused}, cause unsettled {unknown_cause}",
        total - unknown_cause
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

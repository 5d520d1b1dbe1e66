//! The rule catalogue is complete and every rule is proven on fixtures:
//! each has docs with every section, a fixture that ranks it first and a
//! near-miss on which it does not fire; `rules` lists them and `rule ID`
//! prints them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use s3sigdiag::rules::registry;

const SECTIONS: &[&str] = &[
    "## What it means",
    "## How to recognise it",
    "## Example",
    "## Fix",
    "## References",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn cmd() -> Command {
    Command::cargo_bin("s3sigdiag").unwrap()
}

#[derive(Debug)]
struct Expected {
    dir: PathBuf,
    rule: String,
    top: String,
    near_miss_of: Option<String>,
    args: Vec<String>,
}

fn load(dir: &Path) -> Expected {
    let text = std::fs::read_to_string(dir.join("expected.toml")).unwrap();
    let v: toml::Table = toml::from_str(&text).unwrap();
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    for required in ["rule", "description", "made_by"] {
        assert!(
            s(required).is_some(),
            "{}: expected.toml lacks `{required}`",
            dir.display()
        );
    }
    assert!(
        v.get("synthesized").is_some_and(|x| x.is_array()),
        "{}: `synthesized` list missing",
        dir.display()
    );
    assert!(
        v.get("tools").is_some_and(|x| x.is_table()),
        "{}: [tools] missing",
        dir.display()
    );
    let rule = s("rule").unwrap();
    Expected {
        dir: dir.to_path_buf(),
        top: s("top").unwrap_or_else(|| rule.clone()),
        rule,
        near_miss_of: s("near_miss_of"),
        args: v["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect(),
    }
}

fn all_expected() -> Vec<Expected> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.toml").is_file())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| load(d)).collect()
}

/// `explain --format json` on a fixture: (exit code, finding rule ids in
/// rank order, whether any finding is confirmed or likely).
fn explain(e: &Expected) -> (i32, Vec<String>, bool) {
    let out = cmd()
        .current_dir(&e.dir)
        .arg("explain")
        .args(&e.args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}: {}",
        e.dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let rules = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    let confident = findings
        .iter()
        .any(|f| matches!(f["confidence"].as_str(), Some("confirmed" | "likely")));
    (code, rules, confident)
}

#[test]
fn every_rule_has_docs_with_every_section() {
    for rule in registry() {
        let m = rule.meta();
        for section in SECTIONS {
            assert!(
                m.docs.contains(section),
                "rule {} docs lack `{section}`",
                m.id
            );
        }
        assert!(
            m.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "rule id `{}` is not kebab-case",
            m.id
        );
        assert!(!m.title.is_empty() && !m.needs.is_empty(), "rule {}", m.id);
    }
}

#[test]
fn rule_ids_are_unique() {
    let mut ids: Vec<&str> = registry().iter().map(|r| r.meta().id).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate rule ids");
}

#[test]
fn every_rule_has_a_fixture_and_a_near_miss() {
    let expected = all_expected();
    for rule in registry() {
        let id = rule.meta().id;
        // Secret-only rules are covered by fixtures/forensics (they need the
        // secret key): see tests/forensics_cli.rs.
        if s3sigdiag::diagnose::SECRET_ONLY.contains(&id) {
            continue;
        }
        assert!(
            expected
                .iter()
                .any(|e| e.near_miss_of.is_none() && e.rule == id),
            "rule {id} has no fixture under fixtures/rules/ with rule = \"{id}\""
        );
        assert!(
            expected
                .iter()
                .any(|e| e.near_miss_of.as_deref() == Some(id)),
            "rule {id} has no near-miss fixture (near_miss_of = \"{id}\")"
        );
    }
}

#[test]
fn fixtures_rank_their_rule_first_and_near_misses_do_not_fire() {
    let known: Vec<&str> = registry().iter().map(|r| r.meta().id).collect();
    let mut failures = Vec::new();
    for e in all_expected() {
        let (code, rules, confident) = explain(&e);
        let name = e.dir.file_name().unwrap().to_string_lossy().into_owned();
        let top = rules.first().map(String::as_str);
        match e.top.as_str() {
            "none" => {
                if !rules.is_empty() || code != 0 {
                    failures.push(format!(
                        "{name}: expected no finding, got {rules:?} (exit {code})"
                    ));
                }
            }
            "unknown" => {
                if confident || code != 1 {
                    failures.push(format!(
                        "{name}: expected an unexplained mismatch, got {rules:?} (exit {code})"
                    ));
                }
            }
            want => {
                assert!(known.contains(&want), "{name}: unknown rule {want}");
                if top != Some(want) {
                    failures.push(format!("{name}: expected {want} first, got {rules:?}"));
                }
            }
        }
        if e.rule != e.top && !rules.contains(&e.rule) {
            failures.push(format!(
                "{name}: expected {} to fire, got {rules:?}",
                e.rule
            ));
        }
        if let Some(miss) = &e.near_miss_of
            && rules.contains(miss)
        {
            failures.push(format!(
                "{name}: near miss of {miss}, which fired: {rules:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_lists_every_rule_in_both_formats() {
    let human = cmd().arg("rules").output().unwrap();
    assert!(human.status.success());
    let text = String::from_utf8(human.stdout).unwrap();
    let json = cmd().args(["rules", "--format", "json"]).output().unwrap();
    assert!(json.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.len(), registry().len());
    for rule in registry() {
        let m = rule.meta();
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(m.id)),
            "`s3sigdiag rules` does not list {}",
            m.id
        );
        let row = rows.iter().find(|r| r["id"] == m.id).unwrap();
        assert_eq!(row["category"], m.category.as_str());
        assert_eq!(row["needs"], m.needs);
    }
    // Grouped: every category heading that has rules appears once.
    for c in s3sigdiag::rules::Category::ALL {
        if registry().iter().any(|r| r.meta().category == c) {
            let heading = format!("{} ({})", c.heading(), c.as_str());
            assert_eq!(
                text.lines().filter(|l| *l == heading).count(),
                1,
                "{heading}"
            );
        }
    }
}

#[test]
fn rule_prints_docs_for_every_id() {
    for rule in registry() {
        let m = rule.meta();
        let out = cmd().args(["rule", m.id]).output().unwrap();
        assert!(out.status.success(), "rule {}", m.id);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("# {} — ", m.id)));
        for section in SECTIONS {
            assert!(
                text.contains(section),
                "rule {} output lacks {section}",
                m.id
            );
        }
    }
}

#[test]
fn unknown_rule_id_is_one_line_and_exit_2() {
    let out = cmd().args(["rule", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("no-such-rule"));
}

//! `replay --format json` and `probe --format json` against the published
//! schema/replay.v1.json and schema/probe.v1.json, run against a real S3
//! server (s3s-fs 0.14.1 in this process): accepted, tolerated, rejected
//! (with its report.v1.json diagnosis) and dry-run outputs, and a matrix.
//! As in tests/json_schema.rs the test is stricter than the schema: every
//! field the code emits must be documented.

mod common;
mod schemas;

use common::{BUCKET, cmd, s3_server};
use schemas::{load, strict};
use serde_json::Value;

/// Resolves the replay schema's reference to report.v1.json from the
/// repository, not the network.
struct Local;

impl jsonschema::Retrieve for Local {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        match name {
            "report.v1.json" => Ok(strict(load(name))),
            _ => Err(format!("no local schema for {uri}").into()),
        }
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::options()
        .with_retriever(Local)
        .build(&strict(load(name)))
        .unwrap_or_else(|e| panic!("schema/{name} compiles: {e}"))
}

fn check(validator: &jsonschema::Validator, what: &str, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{what}: {e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn schemas_are_valid_json_schemas() {
    for name in ["replay.v1.json", "probe.v1.json"] {
        let schema = load(name);
        jsonschema::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("schema/{name} is a valid JSON Schema: {e}"));
    }
}

fn replay_json(args: &[&str]) -> (i32, Value) {
    let s = s3_server();
    let out = cmd()
        .args([
            "replay",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

#[test]
fn replay_outputs_match_the_schema() {
    let report = validator("report.v1.json");
    let validator = validator("replay.v1.json");
    let mut failures = Vec::new();
    let mut outcomes = Vec::new();
    for args in [
        &["--key", "schema/a==.json", "--method", "HEAD"][..],
        &[
            "--key",
            "schema/a==.json",
            "--emulate",
            "unsigned-x-amz-header",
        ][..],
        &[
            "--key",
            "schema/a==.json",
            "--emulate",
            "sign-raw-send-encoded",
        ][..],
        &[
            "--key",
            "schema/a b.txt",
            "--emulate",
            "plus-for-space",
            "--presign",
        ][..],
        &[
            "--key",
            "schema/k",
            "-H",
            "x-amz-content-sha256: UNSIGNED-PAYLOAD",
            "--dry-run",
        ][..],
    ] {
        let (code, doc) = replay_json(args);
        outcomes.push(
            doc["result"]["outcome"]
                .as_str()
                .unwrap_or(if doc["dry_run"] == true {
                    "dry-run"
                } else {
                    "?"
                })
                .to_string(),
        );
        assert!(matches!(code, 0 | 1), "{args:?}: exit {code}: {doc}");
        failures.extend(check(&validator, &format!("{args:?}"), &doc));
        // oneOf failures say little: the diagnosis is checked on its own too.
        if doc["result"]["report"].is_object() {
            failures.extend(check(
                &report,
                &format!("{args:?} report"),
                &doc["result"]["report"],
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for expected in ["accepted", "tolerated", "rejected", "dry-run"] {
        assert!(
            outcomes.iter().any(|o| o == expected),
            "{expected}: {outcomes:?}"
        );
    }
    // The strict schema notices an undocumented field.
    let (_, mut doc) = replay_json(&["--key", "schema/x", "--method", "HEAD"]);
    assert!(validator.is_valid(&doc));
    doc["result"]["surprise"] = Value::from(1);
    assert!(!validator.is_valid(&doc));
}

#[test]
fn probe_output_matches_the_schema() {
    let validator = validator("probe.v1.json");
    let s = s3_server();
    let out = cmd()
        .args([
            "probe",
            "--endpoint",
            &s.endpoint(),
            "--bucket",
            BUCKET,
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
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let failures = check(&validator, "probe", &doc);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(doc["cells"].as_array().is_some_and(|c| c.len() > 20));
}

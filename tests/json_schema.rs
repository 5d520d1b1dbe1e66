//! `explain --format json` against schema/report.v1.json, for every fixture
//! and test-data case; and the secret key never appears in any output.

mod cli_support;
mod schemas;

use cli_support::{cases, command, output, root};
use schemas::strict;
use serde_json::Value;

fn schema() -> Value {
    schemas::load("report.v1.json")
}

#[test]
fn schema_is_a_valid_json_schema() {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("schema/report.v1.json is a valid JSON Schema");
    assert_eq!(schema["properties"]["schema_version"]["const"], 1);
}

#[test]
fn every_case_output_matches_the_schema() {
    let validator = jsonschema::validator_for(&strict(schema())).expect("compile schema");
    let cases = cases();
    assert!(
        cases.len() >= 3,
        "expected fixtures or tests/data/explain cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let mut args: Vec<&str> = vec!["explain", "--format", "json"];
        args.extend(case.args.iter().map(String::as_str));
        let run = output(command(&case.dir, &args));
        if run.code != 0 && run.code != 1 {
            failures.push(format!(
                "{}: exit {} (expected 0 or 1): {}",
                case.name, run.code, run.stderr
            ));
            continue;
        }
        let doc: Value = match serde_json::from_str(&run.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: stdout is not JSON: {e}", case.name));
                continue;
            }
        };
        for error in validator.iter_errors(&doc) {
            failures.push(format!(
                "{}: {} at {} — if the report gained a field, document it in \
                 schema/report.v1.json (adding optional fields is compatible; renaming or \
                 removing one needs report.v2.json)",
                case.name,
                error,
                error.instance_path()
            ));
        }
        let verdict = doc["verdict"].as_str().unwrap_or_default();
        let expected_code = if verdict == "no-mismatch" { 0 } else { 1 };
        if run.code != expected_code {
            failures.push(format!(
                "{}: verdict {verdict} but exit {}",
                case.name, run.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_strict_schema_rejects_an_undocumented_field() {
    let validator = jsonschema::validator_for(&strict(schema())).expect("compile schema");
    let case = cases().into_iter().next().expect("a case");
    let mut args: Vec<&str> = vec!["explain", "--format", "json"];
    args.extend(case.args.iter().map(String::as_str));
    let run = output(command(&case.dir, &args));
    let mut doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(validator.is_valid(&doc));
    doc["summary"]["surprise"] = Value::from(1);
    assert!(
        !validator.is_valid(&doc),
        "strict schema let an unknown field through"
    );
}

/// A distinctive secret: if it ever leaks, this string finds it.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLEzzTOKENzzSESSION";

#[test]
fn the_secret_never_appears_in_any_output() {
    let dir = tempdir();
    let summary = dir.join("summary.md");
    for case in cases() {
        for format in ["human", "json", "github", "junit"] {
            for extra in [&[][..], &["--verbose"][..]] {
                // This secret matches no fixture, so every run would exhaust
                // the search; a small budget keeps the leak check quick
                // (tests/secrets.rs covers the full search path).
                let mut args: Vec<&str> =
                    vec!["explain", "--format", format, "--max-hypotheses", "2000"];
                args.extend(extra);
                args.extend(case.args.iter().map(String::as_str));
                let mut cmd = command(&case.dir, &args);
                cmd.env("AWS_SECRET_ACCESS_KEY", SECRET)
                    .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
                    .env("GITHUB_STEP_SUMMARY", &summary);
                let run = output(cmd);
                for secret in [SECRET, SESSION_TOKEN] {
                    assert!(
                        !run.stdout.contains(secret) && !run.stderr.contains(secret),
                        "{}: --format {format} {extra:?} printed a secret",
                        case.name
                    );
                }
            }
        }
    }
    let written = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(!written.contains(SECRET) && !written.contains(SESSION_TOKEN));
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("s3sigdiag-json-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// With the secret key the report carries `forensics` and sides proved by
/// it: the fixtures in fixtures/forensics/, each with the secret its
/// server held and with another one, must match the schema too.
#[test]
fn reports_proved_with_the_secret_match_the_schema() {
    const SERVER_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const OTHER_SECRET: &str = "Zq7uK2otherTestSecret/xK9pLmN2vB4cD6eF8g";
    let validator = jsonschema::validator_for(&strict(schema())).expect("compile schema");
    let dir = tempdir();
    let mut failures = Vec::new();
    let mut with_forensics = 0;
    let fixtures = root().join("fixtures/forensics");
    for entry in std::fs::read_dir(&fixtures).expect("fixtures/forensics") {
        let case = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(case.join("forensics.toml")) else {
            continue;
        };
        let meta: toml::Value = toml::from_str(&text).expect("forensics.toml");
        let args: Vec<String> = meta["args"]
            .as_array()
            .expect("args")
            .iter()
            .map(|a| a.as_str().expect("string").to_string())
            .collect();
        for secret in [SERVER_SECRET, OTHER_SECRET] {
            let file = dir.join("secret");
            std::fs::write(&file, format!("{secret}\n")).expect("write secret");
            let mut all: Vec<&str> =
                vec!["explain", "--format", "json", "--max-hypotheses", "20000"];
            all.extend(args.iter().map(String::as_str));
            all.extend(["--secret-key-file", file.to_str().expect("utf-8 path")]);
            let run = output(command(&case, &all));
            let doc: Value = match serde_json::from_str(&run.stdout) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!(
                        "{}: not JSON ({e}): {}",
                        case.display(),
                        run.stderr
                    ));
                    continue;
                }
            };
            if doc["forensics"].is_object() {
                with_forensics += 1;
            }
            for error in validator.iter_errors(&doc) {
                failures.push(format!(
                    "{}: {error} at {}",
                    case.display(),
                    error.instance_path()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        with_forensics >= 6,
        "{with_forensics} reports carried forensics"
    );
}

//! Runs the README's "Use in CI" step exactly as written, with `curl`
//! replaced by a stand-in that prints a captured S3 error body and fails
//! as `curl --fail-with-body` does on a 403 (exit 22).
#![cfg(unix)]

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use cli_support::{output, root};

/// The `run: |` script of the README's CI example, dedented.
fn readme_script() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("read README.md");
    let (_, rest) = readme
        .split_once("<!-- ci-example:begin -->")
        .expect("README has <!-- ci-example:begin -->");
    let (example, _) = rest
        .split_once("<!-- ci-example:end -->")
        .expect("README has <!-- ci-example:end -->");
    let mut lines = example.lines().skip_while(|l| l.trim() != "run: |");
    let run_line = lines.next().expect("the example has a `run: |` step");
    let run_indent = run_line.len() - run_line.trim_start().len();
    let body: Vec<&str> = lines
        .take_while(|l| {
            l.trim().is_empty()
                || (l.len() - l.trim_start().len() > run_indent && l.trim() != "```")
        })
        .collect();
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .expect("a non-empty script");
    body.iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzREADMEzz";

struct StepRun {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
}

/// Runs the script as GitHub's `shell: bash` does (`bash -eo pipefail`),
/// with the built s3sigdiag first on PATH.
fn run_step(curl_output: &Path, curl_exit: i32, name: &str) -> StepRun {
    let work = std::env::temp_dir().join(format!("s3sigdiag-readme-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let summary = work.join("step-summary.md");
    let _ = std::fs::remove_file(&summary);
    let script = format!(
        "curl() {{ cat {response:?}; return {curl_exit}; }}\n{}\n",
        readme_script(),
        response = curl_output.display().to_string(),
    );
    let bin_dir: PathBuf = Path::new(env!("CARGO_BIN_EXE_s3sigdiag"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(&work)
        .env("PATH", path)
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("BUCKET", "examplebucket")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("NO_COLOR");
    let run = output(cmd);
    StepRun {
        code: run.code,
        stdout: run.stdout,
        stderr: run.stderr,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

#[test]
fn readme_ci_step_fails_with_the_diagnosis() {
    // A real AWS-shaped 403 body: boto3 signed for us-west-2, the bucket is
    // in eu-central-1 (tests/data/explain/region-scope).
    let response = root().join("tests/data/explain/region-scope/error.xml");
    assert!(readme_script().contains("s3sigdiag explain --format github -"));
    // curl 7.x's --aws-sigv4 sends no x-amz-content-sha256; S3 needs one.
    assert!(
        readme_script().contains(r#"-H "x-amz-content-sha256: UNSIGNED-PAYLOAD""#),
        "{}",
        readme_script()
    );
    let step = run_step(&response, 22, "mismatch");
    assert_eq!(
        step.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        step.stdout, step.stderr
    );
    let error = step
        .stdout
        .lines()
        .find(|l| l.starts_with("::error title="))
        .unwrap_or_else(|| panic!("no ::error annotation:\n{}", step.stdout));
    assert!(
        error.starts_with(
            "::error title=AuthorizationHeaderMalformed%3A Signed for the wrong region"
        ),
        "{error}"
    );
    assert!(
        error.contains("%0AFix: "),
        "the annotation carries the fix: {error}"
    );
    assert!(
        step.summary
            .starts_with("### s3sigdiag: AuthorizationHeaderMalformed"),
        "{}",
        step.summary
    );
    assert!(
        !step.summary.contains("\\`"),
        "code spans are not escaped in the summary:\n{}",
        step.summary
    );
    for text in [&step.stdout, &step.stderr, &step.summary] {
        assert!(!text.contains(SECRET), "the secret leaked");
    }
}

#[test]
fn readme_ci_step_passes_when_the_upload_succeeds() {
    let empty = root().join("tests/data/explain/success/case.toml");
    let step = run_step(&empty, 0, "success");
    assert_eq!(step.code, 0, "{}{}", step.stdout, step.stderr);
    assert!(step.stdout.is_empty() && step.summary.is_empty());
}

#[test]
fn readme_ci_step_fails_on_a_non_s3_response() {
    let not_s3 = root().join("tests/data/explain/success/case.toml");
    let step = run_step(&not_s3, 22, "not-s3");
    assert_eq!(step.code, 2, "{}{}", step.stdout, step.stderr);
    assert!(
        step.stdout
            .starts_with("::error title=s3sigdiag could not read its input::"),
        "{}",
        step.stdout
    );
}

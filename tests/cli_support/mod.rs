//! Helpers shared by the CLI tests: run the built binary with a clean
//! environment, and enumerate the explain inputs (fixtures and test data).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the built binary in `dir`, with every variable that
/// changes the output removed (the test itself may run under GitHub
/// Actions or with NO_COLOR set).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s3sigdiag"));
    cmd.current_dir(dir).args(args);
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "GITHUB_STEP_SUMMARY",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

pub fn output(mut cmd: Command) -> Run {
    let out = cmd.output().expect("run s3sigdiag");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    output(command(dir, args))
}

/// One `explain` input: a folder and the arguments relative to it.
#[derive(Debug)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    pub args: Vec<String>,
}

/// Every fixture (`fixtures/**/expected.toml`) and every test-data case
/// (`tests/data/explain/*/case.toml`); both carry `args = [...]`.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    collect(&root().join("fixtures"), "expected.toml", &mut out);
    collect(&root().join("tests/data/explain"), "case.toml", &mut out);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn collect(dir: &Path, file: &str, out: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, file, out);
        } else if path.file_name().is_some_and(|n| n == file) {
            let text = std::fs::read_to_string(&path).expect("read case file");
            let value: toml::Value = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not TOML: {e}", path.display()));
            let args = value
                .get("args")
                .and_then(|a| a.as_array())
                .unwrap_or_else(|| panic!("{}: needs args = [...]", path.display()))
                .iter()
                .map(|a| a.as_str().expect("args are strings").to_string())
                .collect();
            let dir = path.parent().expect("case folder").to_path_buf();
            let name = dir
                .strip_prefix(root())
                .unwrap_or(&dir)
                .display()
                .to_string();
            out.push(Case { name, dir, args });
        }
    }
}

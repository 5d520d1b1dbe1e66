//! Sets S3SIGDIAG_LONG_VERSION for `--version`: the package version, plus
//! the git commit when this is a git checkout of this package. Builds from a
//! tarball (no .git, or no git at all) silently get the plain version.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match commit() {
        Some(hash) => format!("{version} ({hash})"),
        None => version,
    };
    println!("cargo:rustc-env=S3SIGDIAG_LONG_VERSION={long}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn commit() -> Option<String> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    // Only our own repository: a tarball unpacked inside some other
    // checkout (e.g. `cargo package`'s target/package/) must not borrow
    // that checkout's commit.
    let top = git(&["-C", &manifest_dir, "rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&manifest_dir).canonicalize().ok()? {
        return None;
    }
    let hash = git(&["-C", &manifest_dir, "rev-parse", "--short", "HEAD"])?;
    // Rebuild when HEAD moves: HEAD itself, the branch it points to, and
    // packed refs (paths resolved by git, so worktrees work too).
    let mut watched = vec![git(&[
        "-C",
        &manifest_dir,
        "rev-parse",
        "--git-path",
        "HEAD",
    ])];
    if let Some(branch) = git(&["-C", &manifest_dir, "symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&[
            "-C",
            &manifest_dir,
            "rev-parse",
            "--git-path",
            &branch,
        ]));
    }
    watched.push(git(&[
        "-C",
        &manifest_dir,
        "rev-parse",
        "--git-path",
        "packed-refs",
    ]));
    for path in watched.into_iter().flatten() {
        let path = Path::new(&manifest_dir).join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(hash)
}

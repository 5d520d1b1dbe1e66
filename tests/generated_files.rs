//! The committed completions/ and man/ files must be what the code
//! generates. Regenerate after any CLI change with:
//!
//!     S3SIGDIAG_REGENERATE=1 cargo test --test generated_files

mod cli_support;

use cli_support::{root, run};
use s3sigdiag::generate::{COMPLETION_FILES, MAN_PAGE, completions, man_page};

const HOW: &str = "regenerate with: S3SIGDIAG_REGENERATE=1 cargo test --test generated_files";

fn regenerate() -> bool {
    std::env::var_os("S3SIGDIAG_REGENERATE").is_some_and(|v| v != "0")
}

/// Compares (or, when regenerating, writes) one generated file.
fn check(rel: &str, generated: &[u8]) -> Option<String> {
    let path = root().join(rel);
    if regenerate() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(&path, generated).expect("write generated file");
        return None;
    }
    match std::fs::read(&path) {
        Ok(committed) if committed == generated => None,
        Ok(_) => Some(format!("{rel} is out of date with the CLI definition")),
        Err(e) => Some(format!("{rel} is missing ({e})")),
    }
}

#[test]
fn committed_completions_and_man_page_are_current() {
    let mut stale: Vec<String> = COMPLETION_FILES
        .iter()
        .filter_map(|(shell, file)| check(&format!("completions/{file}"), &completions(*shell)))
        .collect();
    stale.extend(check(MAN_PAGE, &man_page()));
    assert!(stale.is_empty(), "{}\n{HOW}", stale.join("\n"));
}

#[test]
fn completions_subcommand_prints_the_committed_scripts() {
    for (shell, _) in COMPLETION_FILES {
        let name = shell.to_string();
        let out = run(&root(), &["completions", &name]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(out.stdout.as_bytes(), completions(shell), "{name}");
        assert!(
            out.stdout.contains("explain"),
            "{name} completes subcommands"
        );
    }
}

#[test]
fn man_subcommand_prints_the_man_page() {
    let out = run(&root(), &["man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.as_bytes(), man_page());
    assert!(out.stdout.starts_with(".ie \\n(.g .ds Aq"), "roff output");
    assert!(out.stdout.contains(concat!(
        ".TH s3sigdiag 1  \"s3sigdiag ",
        env!("CARGO_PKG_VERSION"),
        "\""
    )));
    // The git hash must not leak into the page, or it would change per commit.
    assert!(
        out.stdout
            .contains(concat!("\n.SH VERSION\nv", env!("CARGO_PKG_VERSION"), "\n"))
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = run(&root(), &["completions", "tcsh"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bash"),
        "lists the accepted shells: {}",
        out.stderr
    );
}

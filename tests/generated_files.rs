//! The committed completions/ and man/ files must be what the code
//! generates. Regenerate after any CLI change with:
//!
//!     S3SIGDIAG_REGENERATE=1 cargo test --test generated_files

mod cli_support;

use cli_support::{root, run};
use s3sigdiag::generate::{COMPLETION_FILES, completions, man_page, man_pages};

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
    for (path, page) in man_pages() {
        stale.extend(check(&path, &page));
    }
    // No page left over from a removed subcommand.
    let expected: Vec<String> = man_pages().into_iter().map(|(p, _)| p).collect();
    for entry in std::fs::read_dir(root().join("man")).expect("man/") {
        let name = format!(
            "man/{}",
            entry.expect("entry").file_name().to_string_lossy()
        );
        if !expected.contains(&name) && !regenerate() {
            stale.push(format!("{name} documents no subcommand"));
        }
    }
    assert!(stale.is_empty(), "{}\n{HOW}", stale.join("\n"));
}

#[test]
fn every_subcommand_has_a_man_page_and_the_main_page_points_to_them() {
    let pages = man_pages();
    let main = String::from_utf8(man_page()).expect("roff is UTF-8");
    for sub in [
        "explain",
        "sign",
        "rules",
        "rule",
        "replay",
        "probe",
        "completions",
        "man",
    ] {
        let path = format!("man/s3sigdiag-{sub}.1");
        let page = pages
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        let page = String::from_utf8_lossy(&page.1);
        assert!(page.contains(&format!(".TH s3sigdiag-{sub} 1")), "{path}");
        assert!(
            main.contains(&format!("s3sigdiag\\-{sub}(1)")),
            "the main page names {sub}"
        );
        let out = run(&root(), &["man", sub]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout, page, "`s3sigdiag man {sub}` prints {path}");
    }
    let replay = String::from_utf8_lossy(
        &pages
            .iter()
            .find(|(p, _)| p == "man/s3sigdiag-replay.1")
            .unwrap()
            .1,
    )
    .into_owned();
    for flag in [
        "\\-\\-emulate",
        "\\-\\-secret\\-key\\-file",
        "\\-\\-bucket",
        "\\-\\-color",
    ] {
        assert!(
            replay.contains(flag),
            "s3sigdiag-replay(1) documents {flag}"
        );
    }
    let out = run(&root(), &["man", "nope"]);
    assert_eq!(out.code, 2);
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

//! The README's headline example is a real capture and says what the tool
//! says: its command is run and the verdict, server and cause lines must
//! be the ones printed.

mod cli_support;

use cli_support::{root, run};

fn headline() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, rest) = readme
        .split_once("<!-- headline-example:begin -->")
        .expect("README has <!-- headline-example:begin -->");
    let (block, _) = rest
        .split_once("<!-- headline-example:end -->")
        .expect("README has <!-- headline-example:end -->");
    block.to_string()
}

#[test]
fn the_headline_example_is_what_the_tool_prints() {
    let block = headline();
    let command = block
        .lines()
        .find_map(|l| l.strip_prefix("$ s3sigdiag "))
        .expect("a `$ s3sigdiag …` line");
    let args: Vec<&str> = command.split_whitespace().collect();
    for input in args.iter().filter(|a| a.starts_with("fixtures/")) {
        let dir = root().join(input);
        let expected = dir
            .parent()
            .expect("a fixture folder")
            .join("expected.toml");
        let meta = std::fs::read_to_string(&expected).expect("the fixture's expected.toml");
        assert!(
            meta.contains("synthesized = []"),
            "{input}: the headline shows a real capture, not a synthesized file"
        );
    }
    let mut all = args.clone();
    all.extend(["--color", "never"]);
    let out = run(&root(), &all);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for prefix in ["SignatureDoesNotMatch:", "  server: ", "cause: ", "fix: "] {
        let shown = block
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("README headline has no `{prefix}` line"));
        assert!(
            out.stdout.lines().any(|l| l == shown),
            "README shows {shown:?}; the tool prints:\n{}",
            out.stdout
        );
    }
    let server = block.lines().find(|l| l.starts_with("  server: ")).unwrap();
    assert!(
        !server.contains("AWS S3"),
        "a real capture from another server is not labelled AWS S3: {server}"
    );
}

#[test]
fn the_quick_start_says_what_exit_code_1_means_and_how_long_the_first_build_takes() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, quick) = readme.split_once("## Quick start").expect("a quick start");
    let (quick, _) = quick.split_once("\n## ").expect("a next section");
    assert!(quick.contains("a mismatch was diagnosed"), "{quick}");
    assert!(quick.contains("set -e"), "{quick}");
    assert!(quick.contains("minutes"), "{quick}");
}

#[test]
fn the_seed_error_body_alone_says_a_raw_equals_sign_is_not_aws() {
    let out = run(
        &root(),
        &[
            "explain",
            "fixtures/uri-encoding-equals-seed/error.xml",
            "--color",
            "never",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("the server's canonical URI holds `=` (%3D) raw: no signer or server following AWS's rules produces that"),
        "{}",
        out.stdout
    );
}

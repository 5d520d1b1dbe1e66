//! `--help` teaches: every subcommand shows an example, `explain --help`
//! lists every input format the code accepts, `--version` identifies the
//! build.

mod cli_support;

use clap::{CommandFactory, ValueEnum};
use cli_support::{root, run};
use s3sigdiag::cli::Cli;
use s3sigdiag::input::Format;

#[test]
fn every_subcommand_help_has_an_example() {
    let cli = Cli::command();
    let mut names: Vec<String> = vec![];
    for sub in cli.get_subcommands() {
        names.push(sub.get_name().to_string());
    }
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        let out = run(&root(), &[&name, "--help"]);
        assert_eq!(out.code, 0, "{name} --help: {}", out.stderr);
        assert!(
            out.stdout.contains("Example"),
            "`s3sigdiag {name} --help` has no example:\n{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(&format!("s3sigdiag {name}")),
            "`s3sigdiag {name} --help`'s example does not run {name}"
        );
    }
    let top = run(&root(), &["--help"]);
    assert!(top.stdout.contains("Examples:") && top.stdout.contains("Exit codes"));
}

#[test]
fn explain_help_lists_every_input_format_with_its_description() {
    let out = run(&root(), &["explain", "--help"]);
    let (_, accepted) = out
        .stdout
        .split_once("Accepted inputs")
        .expect("an Accepted inputs section");
    for format in Format::value_variants() {
        let value = format.to_possible_value().expect("visible format");
        let name = value.get_name();
        let line = accepted
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("explain --help does not list {name}:\n{accepted}"));
        let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
        let first_word = help.split(' ').next().unwrap_or_default();
        assert!(line.contains(first_word), "{name}: {line}");
    }
}

#[test]
fn help_lines_fit_100_columns() {
    let mut commands: Vec<Vec<String>> = vec![vec!["--help".into()]];
    for sub in Cli::command().get_subcommands() {
        commands.push(vec![sub.get_name().into(), "--help".into()]);
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&root(), &args);
        for line in out.stdout.lines() {
            assert!(line.chars().count() <= 100, "{args:?}: {line:?}");
        }
    }
}

#[test]
fn version_names_the_package_version() {
    let out = run(&root(), &["--version"]);
    assert_eq!(out.code, 0);
    let expected = concat!("s3sigdiag ", env!("CARGO_PKG_VERSION"));
    assert!(out.stdout.starts_with(expected), "{}", out.stdout);
    // In a git checkout the commit follows in parentheses.
    let rest = out.stdout.trim_end()[expected.len()..].to_string();
    assert!(
        rest.is_empty()
            || (rest.starts_with(" (")
                && rest.ends_with(')')
                && rest[2..rest.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit())),
        "{rest:?}"
    );
    let short = run(&root(), &["-V"]);
    assert_eq!(short.stdout.trim_end(), expected);
}

#[test]
fn explain_short_help_fits_a_screen_and_long_help_lists_formats_once() {
    let short = run(&root(), &["explain", "-h"]);
    assert_eq!(short.code, 0);
    let lines = short.stdout.lines().count();
    assert!(
        lines <= 40,
        "`explain -h` is {lines} lines:\n{}",
        short.stdout
    );
    let long = run(&root(), &["explain", "--help"]);
    assert!(
        !long.stdout.contains("[possible values: error-xml"),
        "the input formats are listed once, under Accepted inputs"
    );
    for format in Format::value_variants() {
        let name = format
            .to_possible_value()
            .expect("visible")
            .get_name()
            .to_string();
        let listed = long
            .stdout
            .lines()
            .filter(|l| l.starts_with(&format!("  {name} ")))
            .count();
        assert_eq!(
            listed, 1,
            "{name} is listed {listed} times:\n{}",
            long.stdout
        );
    }
}

/// Every hand-written help text (examples included) fits 100 columns as
/// written, so clap never wraps an example in the middle of a command.
#[test]
fn no_example_is_wrapped_by_clap() {
    let mut cli = Cli::command();
    cli.build();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, c: &clap::Command| {
        for t in [c.get_after_help(), c.get_after_long_help()]
            .into_iter()
            .flatten()
        {
            texts.push((name.to_string(), t.to_string()));
        }
    };
    add("s3sigdiag", &cli);
    for sub in cli.get_subcommands() {
        add(sub.get_name(), sub);
    }
    for (name, text) in texts {
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{name}: {line:?}");
        }
    }
}

#[test]
fn every_option_has_help() {
    let mut cli = Cli::command();
    cli.build();
    for sub in cli.get_subcommands() {
        for arg in sub.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(
                !help.trim().is_empty(),
                "`s3sigdiag {} --{id}` has no help text",
                sub.get_name()
            );
        }
    }
}

#[test]
fn top_help_lists_man_and_examples_use_valid_bucket_names() {
    let top = run(&root(), &["--help"]);
    assert!(
        top.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("man ")),
        "`man` is listed:\n{}",
        top.stdout
    );
    let mut helps = vec![top.stdout];
    for sub in ["replay", "probe", "sign"] {
        helps.push(run(&root(), &[sub, "--help"]).stdout);
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    helps.push(readme);
    let mut seen = 0;
    for text in &helps {
        let words: Vec<&str> = text.split_whitespace().collect();
        for pair in words.windows(2) {
            if pair[0] == "--bucket" && !pair[1].starts_with(['<', '`', '"', '$']) {
                seen += 1;
                s3sigdiag::commands::inputs::check_bucket(pair[1])
                    .unwrap_or_else(|e| panic!("example bucket: {}", e.message));
            }
        }
    }
    assert!(seen >= 6, "found {seen} example buckets");
}

#[test]
fn probe_help_names_the_prefix_it_uses() {
    let out = run(&root(), &["probe", "--help"]);
    assert!(
        out.stdout.contains("s3sigdiag-probe-<time>-<pid>/"),
        "{}",
        out.stdout
    );
}

#[test]
fn rule_accepts_any_case_and_underscores_and_suggests_near_ids() {
    for spelling in ["Uri-Encoding", "uri_encoding", "URI_ENCODING"] {
        let out = run(&root(), &["rule", spelling]);
        assert_eq!(out.code, 0, "{spelling}: {}", out.stderr);
        assert!(out.stdout.starts_with("# uri-encoding"), "{spelling}");
    }
    let out = run(&root(), &["rule", "uri-encodign"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1);
    assert!(
        out.stderr.contains("did you mean `uri-encoding`"),
        "{}",
        out.stderr
    );
    let out = run(&root(), &["rule", "clock"]);
    assert!(out.stderr.contains("`clock-skew`"), "{}", out.stderr);
}

#[test]
fn every_short_help_fits_a_screen() {
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name().to_string();
        let out = run(&root(), &[&name, "-h"]);
        let lines = out.stdout.lines().count();
        assert!(lines <= 50, "`s3sigdiag {name} -h` is {lines} lines");
    }
}

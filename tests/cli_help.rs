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

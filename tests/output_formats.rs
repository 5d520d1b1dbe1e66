//! Every output format and flag combination of `explain`, pinned in insta
//! snapshots, plus the properties each must keep whatever the snapshot
//! says: no colour unless asked, lines within 100 columns, well-formed
//! XML, workflow commands one per line.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{Run, command, output, root};

/// The inputs: tests/data/explain/<case>/case.toml (see each for origin).
const CASES: &[&str] = &[
    "uri-encoding",
    "region-scope",
    "unexplained",
    "invisible",
    "success",
];

fn case_dir(case: &str) -> PathBuf {
    root().join("tests/data/explain").join(case)
}

fn case_args(case: &str) -> Vec<String> {
    let text = std::fs::read_to_string(case_dir(case).join("case.toml")).expect("case.toml");
    let value: toml::Value = toml::from_str(&text).expect("TOML");
    value["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string").to_string())
        .collect()
}

/// Runs `explain <flags> <case args>` with optional NO_COLOR and step summary.
fn explain(case: &str, flags: &[&str], env: &[(&str, &Path)]) -> Run {
    let args = case_args(case);
    let mut all: Vec<&str> = vec!["explain"];
    all.extend(flags);
    all.extend(args.iter().map(String::as_str));
    let mut cmd = command(&case_dir(case), &all);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output(cmd)
}

/// ANSI escapes made readable in snapshots.
fn shown(s: &str) -> String {
    s.replace('\u{1b}', "␛")
}

fn snapshot(name: &str, run: &Run) {
    let text = format!("exit: {}\n{}", run.code, shown(&run.stdout));
    insta::assert_snapshot!(name, text);
    assert!(run.stderr.is_empty(), "{name}: stderr: {}", run.stderr);
}

/// Lines longer than 100 columns are allowed only for a token that cannot
/// be broken (a canonical URI, a hash).
fn assert_fits_100(name: &str, text: &str) {
    for line in text.lines() {
        let width = s3sigdiag::render::wrap::display_width(line);
        if width > 100 {
            let longest = line
                .split(' ')
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            assert!(
                longest > 100 - 20,
                "{name}: line of {width} columns could have been wrapped:\n{line}"
            );
        }
    }
}

const HUMAN_FLAGS: &[(&str, &[&str])] = &[
    ("default", &[]),
    ("verbose", &["--verbose"]),
    ("quiet", &["--quiet"]),
    ("color-always", &["--color", "always"]),
    ("color-never", &["--color", "never"]),
    ("verbose-color-always", &["--verbose", "--color", "always"]),
];

#[test]
fn human_output() {
    for case in CASES {
        for (label, flags) in HUMAN_FLAGS {
            let run = explain(case, flags, &[]);
            let name = format!("{case}__human_{label}");
            snapshot(&name, &run);
            let coloured = flags.contains(&"always");
            assert_eq!(
                run.stdout.contains('\u{1b}'),
                coloured,
                "{name}: colour iff --color always (the test is not a terminal)"
            );
            if *label == "quiet" {
                assert_eq!(
                    run.stdout.lines().count(),
                    1,
                    "{name}: --quiet prints one line"
                );
            }
            assert_fits_100(&name, &run.stdout);
        }
    }
}

#[test]
fn colour_always_colours_a_diagnosis() {
    let run = explain("uri-encoding", &["--color", "always"], &[]);
    assert!(run.stdout.contains("\u{1b}["), "{}", run.stdout);
}

#[test]
fn no_color_is_honoured_and_color_always_overrides_it() {
    let no_color = Path::new("1");
    let auto = explain("uri-encoding", &[], &[("NO_COLOR", no_color)]);
    assert!(!auto.stdout.contains('\u{1b}'));
    snapshot("uri-encoding__human_no-color", &auto);
    let forced = explain(
        "uri-encoding",
        &["--color", "always"],
        &[("NO_COLOR", no_color)],
    );
    assert!(
        forced.stdout.contains('\u{1b}'),
        "--color always beats NO_COLOR"
    );
    let plain = explain("uri-encoding", &["--color", "always"], &[]);
    assert_eq!(forced.stdout, plain.stdout);
}

#[test]
fn invisible_characters_are_shown() {
    let run = explain("invisible", &[], &[]);
    for mark in ["␉", "·", "\\u{301}"] {
        assert!(run.stdout.contains(mark), "{mark} missing:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains('\t') && !run.stdout.contains('\u{a0}'));
}

#[test]
fn json_output() {
    for case in CASES {
        let run = explain(case, &["--format", "json"], &[]);
        snapshot(&format!("{case}__json"), &run);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(doc["schema_version"], 1);
        // Colour and verbosity flags do not change JSON.
        let verbose = explain(
            case,
            &["--format", "json", "--verbose", "--color", "always"],
            &[],
        );
        assert_eq!(run.stdout, verbose.stdout, "{case}");
    }
}

#[test]
fn github_output_and_step_summary() {
    let dir = std::env::temp_dir().join(format!("s3sigdiag-output-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for case in CASES {
        let summary = dir.join(format!("{case}.md"));
        let _ = std::fs::remove_file(&summary);
        let run = explain(
            case,
            &["--format", "github"],
            &[("GITHUB_STEP_SUMMARY", &summary)],
        );
        snapshot(&format!("{case}__github"), &run);
        let md = std::fs::read_to_string(&summary).expect("step summary written");
        insta::assert_snapshot!(format!("{case}__github_step_summary"), md);
        assert_workflow_commands(case, &run.stdout);
        // Without GITHUB_STEP_SUMMARY the annotations are the same.
        let bare = explain(case, &["--format", "github"], &[]);
        assert_eq!(bare.stdout, run.stdout);
        // Colour never reaches a CI log.
        let coloured = explain(case, &["--format", "github", "--color", "always"], &[]);
        assert!(!coloured.stdout.contains('\u{1b}'));
    }
    // The summary is appended, not overwritten (several steps share it).
    let summary = dir.join("twice.md");
    let _ = std::fs::remove_file(&summary);
    for _ in 0..2 {
        explain(
            "region-scope",
            &["--format", "github"],
            &[("GITHUB_STEP_SUMMARY", &summary)],
        );
    }
    let md = std::fs::read_to_string(&summary).expect("summary");
    assert_eq!(md.matches("### s3sigdiag:").count(), 2);
}

/// Lines starting with `::` are only our commands, and the report's own
/// text is fenced by stop-commands so input cannot inject any.
fn assert_workflow_commands(case: &str, stdout: &str) {
    let mut stopped: Option<String> = None;
    let mut annotations = 0;
    for line in stdout.lines() {
        if let Some(token) = &stopped {
            if line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        if let Some(token) = line.strip_prefix("::stop-commands::") {
            stopped = Some(token.to_string());
            continue;
        }
        assert!(
            line.starts_with("::"),
            "{case}: stray line outside the fence: {line}"
        );
        let name = line[2..].split([' ', ':']).next().unwrap_or_default();
        assert!(
            ["error", "warning", "notice", "group", "endgroup"].contains(&name),
            "{case}: unexpected command {line}"
        );
        if line.contains(" title=") {
            annotations += 1;
            let (props, _) = line[2..].split_once("::").expect("command::message");
            let title = props.split_once("title=").expect("title").1;
            assert!(
                !title.contains(':') && !title.contains(','),
                "{case}: unescaped title {title}"
            );
        }
    }
    assert!(stopped.is_none(), "{case}: stop-commands never resumed");
    assert!(annotations >= 1, "{case}: no annotation");
}

#[test]
fn junit_output() {
    for case in CASES {
        let run = explain(case, &["--format", "junit"], &[]);
        snapshot(&format!("{case}__junit"), &run);
        assert_well_formed_xml(case, &run.stdout);
        let failures = run.stdout.matches("<failure ").count();
        assert_eq!(
            failures == 0,
            run.code == 0,
            "{case}: failures agree with the exit code"
        );
    }
}

fn assert_well_formed_xml(case: &str, xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                t.unescape()
                    .unwrap_or_else(|e| panic!("{case}: bad text escape: {e}"));
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{case}: junit output is not well-formed XML: {e}"),
        }
    }
    assert_eq!(depth, 0, "{case}: unbalanced elements");
    for c in xml.chars() {
        assert!(
            !c.is_control() || matches!(c, '\n' | '\r' | '\t'),
            "{case}: XML 1.0 cannot carry {c:?}"
        );
    }
}

#[test]
fn bad_input_in_github_format_is_an_annotation_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("s3sigdiag-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("empty.txt"), b"").expect("write");
    let run = output(command(
        &dir,
        &["explain", "--format", "github", "empty.txt"],
    ));
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("::error title=s3sigdiag could not read its input::empty.txt"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.starts_with("s3sigdiag: empty.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = output(command(&root(), &["explain", "--format", "yaml", "x"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("github") && run.stderr.contains("junit"),
        "{}",
        run.stderr
    );
}

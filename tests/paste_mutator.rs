//! Real inputs degraded the ways pastes degrade — wrapped in prose, fenced
//! in markdown, quoted with `> `, indented, log-prefixed, escaped into a
//! string literal, HTML-escaped, cut off, hard-wrapped — hold to two
//! properties (proptest over the real fixtures):
//! * a degradation that keeps every byte of the artifact (prose, fence,
//!   quote, indent, prefix, literal, HTML) never makes the input unreadable;
//! * no degradation makes the tool name another cause at `likely` or
//!   `confirmed` than it names for the intact input (the general rule of
//!   that cause, less precise, is not another cause).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use s3sigdiag::diagnose::diagnose;
use s3sigdiag::input::parse;
use s3sigdiag::report::{Confidence, Verdict};

/// Single files that carry a diagnosis on their own: error bodies, curl
/// transcripts, SDK logs, raw requests and responses.
fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        for f in [
            "error-aws.xml",
            "error.xml",
            "curl-v.txt",
            "botocore-debug.log",
            "response.http",
        ] {
            let p = dir.path().join(f);
            if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[derive(Debug, Clone, Copy)]
enum Degradation {
    Prose,
    Fence,
    Quote,
    Indent,
    LogPrefix,
    PythonLiteral,
    JsConcatenation,
    Html,
    Cut(usize),
    Wrap80,
}

impl Degradation {
    /// Keeps every byte of the artifact, only around or escaped.
    fn lossless(self) -> bool {
        !matches!(self, Degradation::Cut(_) | Degradation::Wrap80)
    }

    fn apply(self, text: &str) -> String {
        match self {
            Degradation::Prose => format!(
                "Hi all, my upload fails since this morning. This is what I get:\n\n{text}\n\nAny idea what is wrong? Thanks!\n"
            ),
            Degradation::Fence => format!("Output:\n```\n{text}\n```\n"),
            Degradation::Quote => text.lines().map(|l| format!("> {l}\n")).collect(),
            Degradation::Indent => text.lines().map(|l| format!("    {l}\n")).collect(),
            Degradation::LogPrefix => text
                .lines()
                .map(|l| format!("2026-11-30T12:00:00.123Z ERROR [app] {l}\n"))
                .collect(),
            Degradation::PythonLiteral => format!(
                "Traceback (most recent call last):\n  File \"x.py\", line 3\nbody = b'{}'\n",
                text.replace('\\', "\\\\")
                    .replace('\'', "\\'")
                    .replace('\r', "\\r")
                    .replace('\n', "\\n")
            ),
            Degradation::JsConcatenation => {
                let lines: Vec<String> = text
                    .lines()
                    .map(|l| format!("    '{}\\n'", l.replace('\\', "\\\\").replace('\'', "\\'")))
                    .collect();
                format!("Error: failed {{\n  body: {}\n}}\n", lines.join(" +\n"))
            }
            Degradation::Html => text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
            Degradation::Cut(at) => {
                let mut at = at % text.len().max(1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text[..at].to_string()
            }
            Degradation::Wrap80 => {
                let mut out = String::new();
                for line in text.lines() {
                    let chars: Vec<char> = line.chars().collect();
                    for chunk in chars.chunks(80) {
                        out.extend(chunk);
                        out.push('\n');
                    }
                    if chars.is_empty() {
                        out.push('\n');
                    }
                }
                out
            }
        }
    }
}

fn degradation() -> impl Strategy<Value = Degradation> {
    prop_oneof![
        Just(Degradation::Prose),
        Just(Degradation::Fence),
        Just(Degradation::Quote),
        Just(Degradation::Indent),
        Just(Degradation::LogPrefix),
        Just(Degradation::PythonLiteral),
        Just(Degradation::JsConcatenation),
        Just(Degradation::Html),
        any::<usize>().prop_map(Degradation::Cut),
        Just(Degradation::Wrap80),
    ]
}

/// The top finding at `likely` or `confirmed`, if any, and whether the
/// input shows the server accepting the request.
fn confident_top(name: &str, bytes: &[u8]) -> Result<(Option<&'static str>, bool), ()> {
    let exchange = parse(name, bytes, None).map_err(|_| ())?;
    let report = diagnose(&exchange);
    let accepted = report.verdict == Verdict::NoMismatch;
    Ok((
        report
            .findings
            .first()
            .filter(|f| f.confidence != Confidence::Possible)
            .map(|f| f.rule),
        accepted,
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn degraded_pastes_stay_readable_and_never_name_another_cause(
        index in any::<prop::sample::Index>(),
        how in degradation(),
    ) {
        let files = inputs();
        let path = &files[index.index(files.len())];
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string();
        let (intact, accepted) = confident_top(&name, text.as_bytes()).unwrap_or((None, false));
        let degraded = how.apply(&text);
        let read = confident_top(&name, degraded.as_bytes());
        if how.lossless() {
            prop_assert!(read.is_ok(), "{name} {how:?}: unreadable once degraded");
        }
        // An input whose server accepted the request has no cause to keep;
        // cut before that answer, what AWS would say of it is fair.
        if !accepted && let Ok((Some(rule), _)) = read {
            // The general cause of the intact input's specific one (an
            // unknown access key for one with a space) is less precise,
            // not another cause.
            let same = Some(rule) == intact
                || intact.is_some_and(|i| s3sigdiag::rules::refines(i).contains(&rule));
            prop_assert!(
                same,
                "{} {:?}: names {} confidently where the intact input says {:?}", name, how, rule, intact
            );
        }
    }
}

//! `--format junit`: the diagnosis as a JUnit XML test suite, for CI
//! systems that display test reports (GitLab, Jenkins, Azure, …).
//!
//! One testcase `signature` fails whenever the input shows a signature
//! failure (so an unexplained mismatch is still red), and one testcase per
//! rule, failing when the rule produced a finding. The plain human report
//! goes in `<system-out>`.
//!
//! XML is written with quick-xml, which escapes text and attribute values;
//! characters XML 1.0 cannot carry at all (controls, U+FFFE/U+FFFF) are
//! shown as `\u{…}` first.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::human::{self, Detail};
use super::{Styling, visible};
use crate::report::{Finding, Report, Verdict};
use crate::rules;

pub fn render(report: &Report) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = write_report(&mut w, report);
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

/// A testcase: name, classname, and the failure if it failed.
struct Case<'a> {
    name: &'a str,
    classname: &'static str,
    failure: Option<Failure>,
}

struct Failure {
    message: String,
    kind: String,
    text: String,
}

fn cases(report: &Report) -> Vec<Case<'_>> {
    let mut cases = vec![Case {
        name: "signature",
        classname: "s3sigdiag",
        failure: (report.verdict != Verdict::NoMismatch).then(|| Failure {
            message: verdict_message(report),
            kind: kebab(report.verdict),
            text: report.hints.join("\n"),
        }),
    }];
    // Registry order, so the list is stable from run to run.
    for rule in rules::registry() {
        let id = rule.meta().id;
        if let Some(f) = report.findings.iter().find(|f| f.rule == id) {
            cases.push(Case {
                name: f.rule,
                classname: "s3sigdiag.rules",
                failure: Some(finding_failure(f)),
            });
        } else if report.checked.contains(&id) {
            cases.push(Case {
                name: id,
                classname: "s3sigdiag.rules",
                failure: None,
            });
        }
    }
    cases
}

fn write_report(w: &mut Writer<Vec<u8>>, report: &Report) -> io::Result<()> {
    let cases = cases(report);
    let tests = cases.len().to_string();
    let failures = cases
        .iter()
        .filter(|c| c.failure.is_some())
        .count()
        .to_string();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("testsuites").with_attributes(
        [
            ("name", "s3sigdiag"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
        ],
    )))?;
    w.write_event(Event::Start(BytesStart::new("testsuite").with_attributes(
        [
            ("name", "s3sigdiag explain"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
            ("skipped", "0"),
        ],
    )))?;
    write_properties(w, report)?;
    for case in &cases {
        let start = BytesStart::new("testcase")
            .with_attributes([("name", case.name), ("classname", case.classname)]);
        match &case.failure {
            None => w.write_event(Event::Empty(start))?,
            Some(f) => {
                w.write_event(Event::Start(start))?;
                let message = xml_safe(&f.message);
                w.create_element("failure")
                    .with_attributes([("message", message.as_str()), ("type", f.kind.as_str())])
                    .write_text_content(BytesText::new(&xml_safe_lines(&f.text)))?;
                w.write_event(Event::End(BytesEnd::new("testcase")))?;
            }
        }
    }
    let text = human::render(report, Styling { color: false }, Detail::Normal);
    w.create_element("system-out")
        .write_text_content(BytesText::new(&xml_safe_lines(&text)))?;
    w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    Ok(())
}

fn write_properties(w: &mut Writer<Vec<u8>>, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    let verdict = kebab(report.verdict);
    let mut props: Vec<(&str, String)> = vec![("verdict", verdict)];
    if let Some(code) = &s.error_code {
        props.push(("error_code", xml_safe(code)));
    }
    if let (Some(m), Some(t)) = (&s.method, &s.target) {
        props.push(("request", xml_safe(&format!("{m} {t}"))));
    }
    w.write_event(Event::Start(BytesStart::new("properties")))?;
    for (name, value) in &props {
        w.write_event(Event::Empty(
            BytesStart::new("property")
                .with_attributes([("name", *name), ("value", value.as_str())]),
        ))?;
    }
    w.write_event(Event::End(BytesEnd::new("properties")))?;
    Ok(())
}

fn finding_failure(f: &Finding) -> Failure {
    let mut text = String::new();
    for e in &f.evidence {
        text.push_str(e);
        text.push('\n');
    }
    text.push_str(&format!("fix: {}\ndocs: s3sigdiag rule {}", f.fix, f.rule));
    Failure {
        message: format!("{} ({}): {}", f.title, f.confidence.as_str(), f.message),
        kind: f.confidence.as_str().to_string(),
        text,
    }
}

fn verdict_message(report: &Report) -> String {
    let code = report
        .summary
        .error_code
        .as_deref()
        .unwrap_or("signature mismatch");
    match report.top() {
        Some(top) => format!("{code}: {} ({})", top.title, top.confidence.as_str()),
        None => format!("{code}: cause not identified"),
    }
}

fn kebab(v: Verdict) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One line with every character XML 1.0 cannot carry made visible.
fn xml_safe(s: &str) -> String {
    visible(s).replace(['\u{fffe}', '\u{ffff}'], "\u{fffd}")
}

/// Like [`xml_safe`], keeping the line breaks.
fn xml_safe_lines(s: &str) -> String {
    s.split('\n').map(xml_safe).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illegal_xml_characters_are_made_visible() {
        assert_eq!(xml_safe("a\u{1}b\u{ffff}"), "a\\u{1}b\u{fffd}");
        assert_eq!(xml_safe_lines("a\nb\u{0}"), "a\nb\\u{0}");
    }
}

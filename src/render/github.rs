//! `--format github`: GitHub Actions workflow commands and a job summary.
//!
//! stdout gets one `::error` annotation carrying the answer (the top finding,
//! its evidence and its fix), a `::notice` per other finding, then the plain
//! human report folded in a log group. The Markdown job summary is a
//! separate string; the command appends it to `$GITHUB_STEP_SUMMARY`.
//!
//! Everything that comes from the input (keys, header values, error
//! messages) is escaped by the workflow-command rules, and the folded report
//! is fenced with `::stop-commands::` so a hostile input cannot issue
//! workflow commands of its own.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::human::{self, Detail};
use super::{Styling, visible};
use crate::analysis::LineKind;
use crate::report::{Finding, Report, Verdict};

/// The annotations and the folded report, for stdout.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    match (report.verdict, report.top()) {
        (Verdict::NoMismatch, _) => {
            out.push_str(&command(
                "notice",
                "s3sigdiag",
                "no signature mismatch found",
            ));
        }
        (_, Some(top)) => {
            let title = format!(
                "{}: {} ({})",
                error_code(report),
                top.title,
                top.confidence.as_str()
            );
            out.push_str(&command("error", &title, &finding_body(top)));
            for f in &report.findings[1..] {
                let title = format!(
                    "also consistent with: {} ({})",
                    f.title,
                    f.confidence.as_str()
                );
                out.push_str(&command("notice", &title, &finding_body(f)));
            }
        }
        (_, None) => {
            let title = format!("{}: cause not identified", error_code(report));
            let mut body = String::from("No rule singled out a cause.");
            if !report.hints.is_empty() {
                body.push_str("\nTo say more:");
                for h in &report.hints {
                    let _ = write!(body, "\n- {h}");
                }
            }
            out.push_str(&command("error", &title, &body));
        }
    }
    let text = human::render(report, Styling { color: false }, Detail::Normal);
    // A token the input cannot know in advance: it depends on the whole text.
    let token = hex::encode(&Sha256::digest(text.as_bytes())[..8]);
    out.push_str("::group::s3sigdiag report\n");
    let _ = writeln!(out, "::stop-commands::{token}");
    out.push_str(&text);
    let _ = writeln!(out, "::{token}::");
    out.push_str("::endgroup::\n");
    out
}

fn error_code(report: &Report) -> &str {
    report
        .summary
        .error_code
        .as_deref()
        .unwrap_or("signature mismatch")
}

fn finding_body(f: &Finding) -> String {
    let mut body = visible(&f.message);
    if !f.evidence.is_empty() {
        body.push_str("\nEvidence:");
        for e in &f.evidence {
            let _ = write!(body, "\n  {}", visible(e));
        }
    }
    let _ = write!(
        body,
        "\nFix: {}\nDocs: s3sigdiag rule {}",
        visible(&f.fix),
        f.rule
    );
    body
}

/// One workflow command line: `::name title=…::message`.
fn command(name: &str, title: &str, message: &str) -> String {
    format!(
        "::{name} title={}::{}\n",
        escape_property(title),
        escape_data(message)
    )
}

/// Escapes a command's message (the part after `::`), as the Actions runner
/// unescapes it: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`title=…`): the data escapes plus `:` and `,`,
/// which would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown job summary (appended to `$GITHUB_STEP_SUMMARY`).
pub fn summary(report: &Report) -> String {
    let mut md = String::new();
    let headline = match (report.verdict, report.top()) {
        (Verdict::NoMismatch, _) => "no signature mismatch found".to_string(),
        (_, Some(top)) => format!(
            "{}: {} ({})",
            error_code(report),
            top.title,
            top.confidence.as_str()
        ),
        (_, None) => format!("{}: cause not identified", error_code(report)),
    };
    let _ = writeln!(md, "### s3sigdiag: {}\n", md_text(&headline));
    let s = &report.summary;
    if let (Some(m), Some(t)) = (&s.method, &s.target) {
        let _ = writeln!(
            md,
            "Request: {}\n",
            code_span(&format!("{m} {}", visible(t)))
        );
    }
    if let Some(top) = report.top() {
        let _ = writeln!(
            md,
            "**Cause:** {} — {}\n",
            code_span(top.rule),
            md_text(&top.message)
        );
        if !top.evidence.is_empty() {
            let lines: Vec<String> = top.evidence.iter().map(|e| visible(e)).collect();
            let _ = writeln!(
                md,
                "**Evidence**\n\n{}",
                code_block("text", &lines.join("\n"))
            );
        }
        let _ = writeln!(md, "**Fix:** {}\n", md_text(&top.fix));
        let _ = writeln!(
            md,
            "Details: {}\n",
            code_span(&format!("s3sigdiag rule {}", top.rule))
        );
    }
    let diff = diff_text(report);
    if !diff.is_empty() {
        let _ = writeln!(
            md,
            "<details><summary>Canonical request diff (- server, + client)</summary>\n\n{}</details>\n",
            code_block("diff", &diff)
        );
    }
    if report.findings.len() > 1 {
        md.push_str("Also consistent with:\n\n");
        for f in &report.findings[1..] {
            let _ = writeln!(
                md,
                "- {} ({}): {}",
                code_span(f.rule),
                f.confidence.as_str(),
                md_text(&f.message)
            );
        }
        md.push('\n');
    }
    if report.verdict != Verdict::NoMismatch && !report.hints.is_empty() {
        md.push_str("To say more:\n\n");
        for h in &report.hints {
            let _ = writeln!(md, "- {}", md_text(h));
        }
        md.push('\n');
    }
    md
}

/// The differing lines of the canonical-request diff as unified-diff text.
fn diff_text(report: &Report) -> String {
    let mut out = String::new();
    for l in &report.analysis.lines {
        let label = l.field.label();
        match l.kind {
            LineKind::Same => {}
            _ => {
                if let Some(s) = &l.server {
                    let _ = writeln!(out, "- {label}: {}", visible(s));
                }
                if let Some(c) = &l.client {
                    let _ = writeln!(out, "+ {label}: {}", visible(c));
                }
            }
        }
    }
    out
}

/// Inline text with Markdown and HTML syntax neutralised. The report's own
/// code spans (balanced single backticks, as in "signed it as `%20`") stay
/// code spans: their text is shown literally, so it needs no escaping; an
/// odd backtick makes the whole text plain.
fn md_text(s: &str) -> String {
    let text = visible(s);
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() < 3
        || parts.len().is_multiple_of(2)
        || parts.iter().skip(1).step_by(2).any(|p| p.is_empty())
    {
        return md_plain(&text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                code_span(p)
            } else {
                md_plain(p)
            }
        })
        .collect()
}

fn md_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An inline code span whose delimiter is longer than any backtick run in
/// the text, so the text cannot close it.
fn code_span(s: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(s) + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// A fenced block whose fence is longer than any backtick run inside.
fn code_block(lang: &str, body: &str) -> String {
    let fence = "`".repeat((longest_backtick_run(body) + 1).max(3));
    let nl = if body.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{lang}\n{body}{nl}{fence}\n")
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_per_workflow_command_rules() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn escapes_properties_per_workflow_command_rules() {
        assert_eq!(
            escape_property("SignatureDoesNotMatch: a, b 5%\n"),
            "SignatureDoesNotMatch%3A a%2C b 5%25%0A"
        );
    }

    #[test]
    fn escaped_command_is_one_line() {
        let line = command("error", "t:\nx", "evil\n::add-mask::x\r\n%");
        assert_eq!(line.matches('\n').count(), 1);
        assert_eq!(
            line,
            "::error title=t%3A%0Ax::evil%0A::add-mask::x%0D%0A%25\n"
        );
    }

    #[test]
    fn code_spans_and_blocks_cannot_be_closed_by_the_text() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_block("text", "```\nhi"), "````text\n```\nhi\n````\n");
    }

    #[test]
    fn markdown_text_is_neutralised() {
        assert_eq!(
            md_text("<b>*x*</b> & [l](u)"),
            "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[l\\](u)"
        );
        // The report's code spans stay code spans; their text is literal.
        assert_eq!(md_text("signed `a*b` as `%2A`"), "signed `a*b` as `%2A`");
        assert_eq!(md_text("odd ` tick"), "odd \\` tick");
    }
}

//! The terminal report: the answer first (cause, evidence, fix), then the
//! diff, then the rest briefly.

use std::fmt::Write;

use owo_colors::OwoColorize;

use super::wrap::{WIDTH, wrap};
use super::{Styling, visible};
use crate::analysis::{DiffLine, LineKind};
use crate::report::{Confidence, Report, Verdict};

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Quiet,
    Normal,
    Verbose,
}

pub fn render(report: &Report, style: Styling, detail: Detail) -> String {
    let mut out = String::new();
    let verdict = verdict_line(report);
    for line in wrap(&verdict, "", "  ", WIDTH).lines() {
        let _ = writeln!(out, "{}", paint(line, style, |s| s.bold().to_string()));
    }
    if detail == Detail::Quiet {
        return out;
    }
    inputs(report, &mut out);
    summary(report, &mut out);
    presigned(report, style, &mut out);
    if let Some(top) = report.top() {
        let _ = writeln!(out);
        let head = format!("cause: {} ({})", top.rule, top.confidence.as_str());
        let head = format!("{} — ", paint(&head, style, |s| s.red().bold().to_string()));
        out.push_str(&wrap(top.title, &head, "  ", WIDTH));
        out.push_str(&wrap(&visible(&top.message), "  ", "  ", WIDTH));
        if !top.evidence.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                paint("evidence:", style, |s| s.bold().to_string())
            );
            for e in &top.evidence {
                out.push_str(&wrap(&visible(e), "  ", "    ", WIDTH));
            }
        }
        let fix = format!(
            "{} ",
            paint("fix:", style, |s| s.green().bold().to_string())
        );
        out.push_str(&wrap(&visible(&top.fix), &fix, "     ", WIDTH));
        let _ = writeln!(out, "  docs: s3sigdiag rule {}", top.rule);
    }
    diff(report, style, detail, &mut out);
    forensics(report, &mut out);
    if report.findings.len() > 1 {
        let _ = writeln!(
            out,
            "\n{}",
            paint("also consistent with:", style, |s| s.bold().to_string())
        );
        for f in &report.findings[1..] {
            let head = format!("  - {} ({}): ", f.rule, f.confidence.as_str());
            out.push_str(&wrap(&visible(&f.message), &head, "    ", WIDTH));
            if detail == Detail::Verbose {
                for e in &f.evidence {
                    out.push_str(&wrap(&visible(e), "      ", "        ", WIDTH));
                }
                out.push_str(&wrap(&visible(&f.fix), "    fix: ", "      ", WIDTH));
            }
        }
    }
    if report.findings.is_empty() && report.verdict != Verdict::NoMismatch {
        // Each area once, in the catalogue's order.
        let seen: Vec<crate::rules::Category> = report
            .checked
            .iter()
            .filter_map(|id| crate::rules::find(id))
            .map(|r| r.meta().category)
            .collect();
        let areas: Vec<&str> = crate::rules::Category::ALL
            .iter()
            .filter(|c| seen.contains(c))
            .map(|c| c.as_str())
            .collect();
        let line = format!(
            "checked {} rules ({}); none matched (`s3sigdiag rules` lists them)",
            report.checked.len(),
            areas.join(", ")
        );
        out.push('\n');
        out.push_str(&wrap(&line, "", "  ", WIDTH));
    } else if detail == Detail::Verbose && !report.checked.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            &report.checked.join(", "),
            "checked, nothing found: ",
            "  ",
            WIDTH,
        ));
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out);
        for n in &report.notes {
            let head = format!("{} ", paint("note:", style, |s| s.yellow().to_string()));
            out.push_str(&wrap(&visible(n), &head, "      ", WIDTH));
        }
    }
    if !report.hints.is_empty()
        && (report.verdict != Verdict::NoMismatch || detail == Detail::Verbose)
    {
        let unconfirmed = report
            .top()
            .is_none_or(|f| f.confidence != Confidence::Confirmed);
        if unconfirmed {
            let _ = writeln!(out, "\nto say more:");
            for h in &report.hints {
                out.push_str(&wrap(&visible(h), "  - ", "    ", WIDTH));
            }
        }
    }
    out
}

/// One line on what the secret key proved, and the search's cost.
fn forensics(report: &Report, out: &mut String) {
    let Some(f) = &report.forensics else { return };
    let _ = writeln!(out);
    if let Some(p) = &f.proven {
        let _ = writeln!(out, "secret check: proved: {}", visible(&p.how));
    } else if f.verdict == crate::forensics::Verdict::NotReproduced {
        let _ = writeln!(
            out,
            "secret check: nothing tried reproduces the signature with the secret from {}",
            visible(&f.secret_origin)
        );
    }
    if let Some(s) = &f.search {
        let _ = writeln!(out, "forensic search: {}", s.describe());
    }
}

/// The title as the rest of a sentence: its first letter lowered unless the
/// first word is an acronym or a code (`SigV2`, `URI`); nothing else changes
/// (`%2B` stays `%2B`).
fn sentence_case(title: &str) -> String {
    let first_word = title.split([' ', '(']).next().unwrap_or("");
    let mut chars = title.chars();
    let rest_lower = !first_word
        .chars()
        .skip(1)
        .any(|c| c.is_uppercase() || c.is_ascii_digit());
    match (chars.next(), chars.next()) {
        (Some(a), Some(_)) if a.is_uppercase() && rest_lower => {
            let mut out: String = a.to_lowercase().collect();
            out.push_str(&title[a.len_utf8()..]);
            out
        }
        _ => title.to_string(),
    }
}

fn verdict_line(report: &Report) -> String {
    let code = report.summary.error_code.as_deref().map(visible);
    let code = code.as_deref();
    match (report.verdict, report.top()) {
        (Verdict::MismatchDiagnosed, Some(top)) => format!(
            "{}: {} ({})",
            code.unwrap_or("signature mismatch"),
            sentence_case(top.title),
            top.confidence.as_str()
        ),
        (Verdict::MismatchUnexplained, _) | (Verdict::MismatchDiagnosed, None) => format!(
            "{}: not enough evidence to name a cause",
            code.unwrap_or("request failed")
        ),
        (Verdict::NoMismatch, _) => "no signature mismatch found".to_string(),
    }
}

fn summary(report: &Report, out: &mut String) {
    let s = &report.summary;
    let mut parts = Vec::new();
    if let (Some(m), Some(t)) = (&s.method, &s.target) {
        parts.push(format!("request: {m} {}", visible(t)));
    }
    if let Some(scope) = &s.scope {
        parts.push(format!("scope: {}", visible(scope)));
    }
    if let Some(d) = &s.amz_date {
        parts.push(format!("date: {}", visible(d)));
    }
    if !s.signed_headers.is_empty() {
        parts.push(format!("signed: {}", visible(&s.signed_headers.join(";"))));
    }
    if let Some(server) = &s.server {
        parts.push(format!(
            "server: {} (from {})",
            server.dialect.name(),
            visible(&server.evidence)
        ));
    }
    for p in parts {
        let _ = writeln!(out, "  {p}");
    }
}

/// With several inputs, one line saying which gave what.
fn inputs(report: &Report, out: &mut String) {
    if report.sources.len() < 2 {
        return;
    }
    let mut parts: Vec<String> = Vec::new();
    for src in &report.sources {
        let facts: Vec<&str> = report
            .provenance
            .iter()
            .filter(|f| f.input == src.name)
            .map(|f| f.fact)
            .collect();
        let what = if facts.is_empty() {
            "nothing new".to_string()
        } else {
            facts.join(", ")
        };
        parts.push(format!(
            "{} ({}: {what})",
            visible(&src.name),
            visible(&src.format)
        ));
    }
    out.push_str(&wrap(&parts.join("; "), "  inputs: ", "    ", WIDTH));
}

/// The presigned-URL section: scope, signed headers, expiry, what to send.
fn presigned(report: &Report, style: Styling, out: &mut String) {
    let Some(p) = &report.presigned else { return };
    let _ = writeln!(
        out,
        "\n{}",
        paint("presigned URL:", style, |s| s.bold().to_string())
    );
    let _ = writeln!(
        out,
        "  {} {}{}",
        visible(&p.scheme),
        visible(p.host.as_deref().unwrap_or("(no host)")),
        visible(&p.path)
    );
    if let Some(scope) = &p.scope {
        let _ = writeln!(
            out,
            "  scope: {} (access key {})",
            visible(scope),
            visible(p.access_key.as_deref().unwrap_or("?"))
        );
    } else if let Some(ak) = &p.access_key {
        let _ = writeln!(out, "  access key: {}", visible(ak));
    }
    if !p.signed_headers.is_empty() {
        let _ = writeln!(
            out,
            "  signed headers: {}",
            visible(&p.signed_headers.join(";"))
        );
    }
    if !p.other_parameters.is_empty() {
        let _ = writeln!(
            out,
            "  other parameters: {}",
            visible(&p.other_parameters.join(", "))
        );
    }
    let mut expiry = String::new();
    if let Some(d) = &p.amz_date {
        let _ = write!(expiry, "signed {}; ", visible(d));
    }
    if let Some(s) = p.expires_seconds {
        let _ = write!(
            expiry,
            "valid {s} s ({})",
            crate::timefmt::human_duration(s as i64)
        );
    }
    if let Some(at) = &p.expires_at {
        let _ = write!(expiry, " until {}", visible(at));
    }
    if !expiry.is_empty() {
        let _ = writeln!(out, "  expiry: {}", expiry.trim_end_matches("; "));
    }
    if p.over_max_lifetime {
        let _ = writeln!(
            out,
            "  {} X-Amz-Expires is over 604800 s (7 days): S3 rejects the URL whatever the time",
            paint("problem:", style, |s| s.red().bold().to_string())
        );
    }
    match p.seconds_left {
        Some(left) if left < 0 => {
            let _ = writeln!(
                out,
                "  {} expired {} ago (as of {}, {})",
                paint("problem:", style, |s| s.red().bold().to_string()),
                crate::timefmt::human_duration(-left),
                p.judged_at.as_deref().unwrap_or("?"),
                p.judged_by.as_deref().unwrap_or("?")
            );
        }
        Some(left) => {
            let _ = writeln!(
                out,
                "  not expired: {} left (as of {}, {})",
                crate::timefmt::human_duration(left),
                p.judged_at.as_deref().unwrap_or("?"),
                p.judged_by.as_deref().unwrap_or("?")
            );
        }
        None if p.expires_at.is_some() => {
            let _ = writeln!(
                out,
                "  expiry not judged: the input does not say when the request was sent (pass --now TIME)"
            );
        }
        None => {}
    }
    let _ = writeln!(out, "  a client must send:");
    for m in &p.must_send {
        let _ = writeln!(out, "    - {}", visible(m));
    }
}

fn diff(report: &Report, style: Styling, detail: Detail, out: &mut String) {
    let a = &report.analysis;
    let (Some(server), Some(client)) = (&a.server, &a.client) else {
        if let Some(server) = &a.server
            && detail == Detail::Verbose
        {
            let head = format!("server canonical request ({}):", server.origin.describe());
            out.push('\n');
            out.push_str(&wrap(&head, "", "  ", WIDTH));
            for l in server.canonical_request.lines() {
                let _ = writeln!(out, "  {}", visible(l));
            }
        }
        return;
    };
    let changed: Vec<&DiffLine> = a
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Same)
        .collect();
    let _ = writeln!(
        out,
        "\n{}",
        paint("canonical request diff:", style, |s| s.bold().to_string())
    );
    out.push_str(&wrap(
        server.origin.describe(),
        "  - server: ",
        "      ",
        WIDTH,
    ));
    out.push_str(&wrap(
        client.origin.describe(),
        "  + client: ",
        "      ",
        WIDTH,
    ));
    if changed.is_empty() {
        let _ = writeln!(out, "  (identical)");
        return;
    }
    let shown: Vec<&DiffLine> = if detail == Detail::Verbose {
        a.lines.iter().collect()
    } else {
        changed
    };
    let width = shown
        .iter()
        .map(|l| visible(&l.field.label()).chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    for l in shown {
        let label = format!("{:width$}", visible(&l.field.label()));
        match l.kind {
            LineKind::Same => {
                let text = l.server.as_deref().unwrap_or("");
                let shown = if text.is_empty() {
                    "(empty)".to_string()
                } else {
                    visible(text)
                };
                let _ = writeln!(out, "  {label}   {shown}");
            }
            _ => {
                let s = highlight(l.server.as_deref(), &l.server_spans, style, true);
                let c = highlight(l.client.as_deref(), &l.client_spans, style, false);
                let _ = writeln!(out, "  {label} - {s}");
                let _ = writeln!(out, "  {:width$} + {c}", "");
                if !style.color && (!l.server_spans.is_empty() || !l.client_spans.is_empty()) {
                    let marks = carets(l.server.as_deref(), &l.server_spans);
                    if !marks.trim().is_empty() {
                        let _ = writeln!(out, "  {:width$}   {marks}  (server)", "");
                    }
                    let marks = carets(l.client.as_deref(), &l.client_spans);
                    if !marks.trim().is_empty() {
                        let _ = writeln!(out, "  {:width$}   {marks}  (client)", "");
                    }
                }
            }
        }
    }
}

/// The text with differing spans coloured (or plain without colour).
fn highlight(text: Option<&str>, spans: &[(usize, usize)], style: Styling, server: bool) -> String {
    let Some(text) = text else {
        return "(absent)".to_string();
    };
    if text.is_empty() {
        return "(empty)".to_string();
    }
    if !style.color || spans.is_empty() {
        return visible(text);
    }
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&visible(&text[at..s]));
        let part = visible(&text[s..e]);
        out.push_str(&if server {
            part.on_red().to_string()
        } else {
            part.on_green().black().to_string()
        });
        at = e;
    }
    out.push_str(&visible(&text[at..]));
    out
}

/// A line of `^` under the differing characters, for monochrome output.
fn carets(text: Option<&str>, spans: &[(usize, usize)]) -> String {
    let Some(text) = text else {
        return String::new();
    };
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&" ".repeat(visible(&text[at..s]).chars().count()));
        out.push_str(&"^".repeat(visible(&text[s..e]).chars().count().max(1)));
        at = e;
    }
    out
}

fn paint(text: &str, style: Styling, f: impl Fn(&str) -> String) -> String {
    if style.color {
        f(text)
    } else {
        text.to_string()
    }
}

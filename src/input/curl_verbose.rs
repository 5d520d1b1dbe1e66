//! `curl -v` output (`> ` request, `< ` response, `* ` info, the body
//! interleaved when stdout and stderr share a stream) and `curl
//! --trace-ascii` output (`=> Send header`, `<= Recv data`, offset-prefixed
//! lines). The request target is kept exactly as curl printed it.

use crate::model::exchange::{Exchange, Source};

use super::InputError;
use super::wire::{
    CapturedRequest, CapturedResponse, assemble, header_line, request_line, status_of,
};

/// One request/response pair of a (possibly multi-transfer) curl run.
#[derive(Debug, Default)]
struct Transfer {
    request: CapturedRequest,
    response: Option<CapturedResponse>,
}

pub(crate) fn looks_like_verbose(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("> ")
            .is_some_and(|r| request_line(r.trim_end()).is_some())
    }) || (text.lines().any(|l| l.starts_with("< HTTP/"))
        && text.lines().any(|l| l.starts_with("* ")))
}

pub(crate) fn looks_like_trace(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("=> Send header") || l.starts_with("<= Recv header"))
}

pub(crate) fn parse_verbose(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let mut transfers: Vec<Transfer> = Vec::new();
    let mut in_request_headers = false;
    let mut in_response_headers = false;
    let mut body_lines: Vec<&str> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line
            .strip_prefix("> ")
            .or(if line == ">" { Some("") } else { None })
        {
            if let Some((method, target)) = request_line(rest) {
                transfers.push(Transfer {
                    request: CapturedRequest {
                        method,
                        target,
                        ..CapturedRequest::default()
                    },
                    response: None,
                });
                in_request_headers = true;
            } else if rest.is_empty() {
                in_request_headers = false;
            } else if in_request_headers
                && let Some(t) = transfers.last_mut()
                && let Some(h) = header_line(rest)
            {
                t.request.headers.push(h);
            }
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("< ")
            .or(if line == "<" { Some("") } else { None })
        {
            in_request_headers = false;
            if let Some(status) = status_of(rest) {
                if let Some(t) = transfers.last_mut() {
                    // A later status (after `100 Continue`) replaces the interim one.
                    t.response = Some(CapturedResponse {
                        status: Some(status),
                        ..CapturedResponse::default()
                    });
                } else {
                    transfers.push(Transfer {
                        response: Some(CapturedResponse {
                            status: Some(status),
                            ..CapturedResponse::default()
                        }),
                        ..Transfer::default()
                    });
                }
                in_response_headers = true;
            } else if rest.is_empty() {
                in_response_headers = false;
            } else if in_response_headers
                && let Some(r) = transfers.last_mut().and_then(|t| t.response.as_mut())
                && let Some(h) = header_line(rest)
            {
                r.headers.push(h);
            }
            continue;
        }
        if is_curl_noise(line) {
            continue;
        }
        // Body text: only after a response began, and with a trailing
        // `* Connection …` info glued on when the body had no newline.
        if transfers.iter().any(|t| t.response.is_some()) {
            let cut = line.find("* Connection #").unwrap_or(line.len());
            body_lines.push(&line[..cut]);
        }
    }
    if transfers.is_empty() {
        return Err(InputError::new(
            &source.name,
            "looks like curl output but shows no `> METHOD /path HTTP/…` request line; run curl with -v",
        ));
    }
    let body = body_lines.join("\n");
    let body = body.trim_matches(['\n', ' ']);
    let mut notes = Vec::new();
    let chosen = pick(&transfers, &mut notes, source);
    let t = &transfers[chosen];
    let mut response = t.response.clone();
    if let Some(r) = response.as_mut()
        && !body.is_empty()
    {
        r.body = Some(body.as_bytes().to_vec());
    }
    let has_request = !t.request.method.is_empty();
    let mut ex = assemble(has_request.then_some(&t.request), response.as_ref(), source);
    ex.notes.extend(notes);
    Ok(ex)
}

/// Lines curl writes that are neither request, response nor body.
fn is_curl_noise(line: &str) -> bool {
    let t = line.trim_start();
    line.starts_with("* ")
        || line == "*"
        || line.starts_with("{ [")
        || line.starts_with("} [")
        || t.starts_with("% Total")
        || t.starts_with("Dload")
        || line.contains("--:--:--")
        || (t.split_whitespace().count() >= 6
            && t.split_whitespace().all(|w| {
                w.bytes()
                    .all(|b| b.is_ascii_digit() || b":-.kMG".contains(&b))
            }))
}

/// Which transfer to report: the last failing one, else the last.
fn pick(transfers: &[Transfer], notes: &mut Vec<String>, source: &Source) -> usize {
    let chosen = transfers
        .iter()
        .rposition(|t| {
            t.response
                .as_ref()
                .is_some_and(|r| r.status.is_some_and(|s| s >= 400))
        })
        .unwrap_or(transfers.len() - 1);
    if transfers.len() > 1 {
        let t = &transfers[chosen];
        let status = t
            .response
            .as_ref()
            .and_then(|r| r.status)
            .map_or("no response".to_string(), |s| s.to_string());
        notes.push(format!(
            "{}: {} requests; using the {} ({} → {status})",
            source.name,
            transfers.len(),
            ordinal(chosen + 1),
            t.request.describe()
        ));
    }
    chosen
}

pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One `=> Send header, 234 bytes (0xea)` section with its data lines.
struct Section {
    kind: SectionKind,
    declared: Option<usize>,
    /// (offset, text) per dump line.
    lines: Vec<(usize, String)>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum SectionKind {
    SendHeader,
    SendData,
    RecvHeader,
    RecvData,
    Other,
}

pub(crate) fn parse_trace(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let mut sections: Vec<Section> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        // `--trace-time` puts `HH:MM:SS.ffffff ` first.
        let line = strip_trace_time(line);
        let kind = if line.starts_with("=> Send header") {
            Some(SectionKind::SendHeader)
        } else if line.starts_with("=> Send data") {
            Some(SectionKind::SendData)
        } else if line.starts_with("<= Recv header") {
            Some(SectionKind::RecvHeader)
        } else if line.starts_with("<= Recv data") {
            Some(SectionKind::RecvData)
        } else if line.starts_with("== Info")
            || line.starts_with("=> Send SSL")
            || line.starts_with("<= Recv SSL")
        {
            Some(SectionKind::Other)
        } else {
            None
        };
        if let Some(kind) = kind {
            sections.push(Section {
                kind,
                declared: declared_size(line),
                lines: Vec::new(),
            });
            continue;
        }
        if let Some((off, rest)) = line.split_once(": ")
            && off.len() == 4
            && let Ok(offset) = usize::from_str_radix(off, 16)
            && let Some(s) = sections.last_mut()
        {
            s.lines.push((offset, rest.to_string()));
        }
    }
    let mut transfers: Vec<Transfer> = Vec::new();
    let mut dotted = false;
    for s in &sections {
        let logical = rebuild_lines(s);
        match s.kind {
            SectionKind::SendHeader => {
                let mut it = logical.iter();
                let Some((method, target)) = it.next().and_then(|l| request_line(l)) else {
                    continue;
                };
                let headers = it.filter_map(|l| header_line(l)).collect();
                transfers.push(Transfer {
                    request: CapturedRequest {
                        method,
                        target,
                        headers,
                        body: None,
                    },
                    response: None,
                });
            }
            SectionKind::SendData => {
                if let Some(t) = transfers.last_mut() {
                    let body = t.request.body.get_or_insert_with(Vec::new);
                    body.extend(joined(s).bytes());
                }
            }
            SectionKind::RecvHeader => {
                let Some(t) = transfers.last_mut() else {
                    continue;
                };
                for l in &logical {
                    if let Some(status) = status_of(l) {
                        t.response = Some(CapturedResponse {
                            status: Some(status),
                            ..CapturedResponse::default()
                        });
                    } else if let Some(r) = t.response.as_mut()
                        && let Some(h) = header_line(l)
                    {
                        r.headers.push(h);
                    }
                }
            }
            SectionKind::RecvData => {
                if let Some(r) = transfers.last_mut().and_then(|t| t.response.as_mut()) {
                    let data = joined(s);
                    dotted |= data.contains('.');
                    r.body.get_or_insert_with(Vec::new).extend(data.bytes());
                }
            }
            SectionKind::Other => {}
        }
    }
    if transfers.is_empty() {
        return Err(InputError::new(
            &source.name,
            "looks like curl --trace-ascii output but holds no `=> Send header` request",
        ));
    }
    let mut notes = Vec::new();
    let chosen = pick(&transfers, &mut notes, source);
    let t = &transfers[chosen];
    let mut ex = assemble(Some(&t.request), t.response.as_ref(), source);
    if dotted
        && ex
            .server
            .as_ref()
            .and_then(|e| e.canonical_request.as_deref())
            .is_some_and(|c| !c.contains('\n'))
    {
        // --trace-ascii prints bytes outside 0x20..0x7e (newlines too) as `.`.
        notes.push(format!(
            "{}: --trace-ascii printed the newlines of the server's CanonicalRequest as `.`; the *Bytes fields (or `curl -v`) keep them",
            source.name
        ));
    }
    ex.notes.extend(notes);
    Ok(ex)
}

fn strip_trace_time(line: &str) -> &str {
    let b = line.as_bytes();
    if b.len() > 16 && b[2] == b':' && b[5] == b':' && b[8] == b'.' && b[15] == b' ' {
        &line[16..]
    } else {
        line
    }
}

fn declared_size(line: &str) -> Option<usize> {
    let after = line.split(", ").nth(1)?;
    after.split(' ').next()?.parse().ok()
}

/// Header sections: one dump line is one header line unless it was wrapped
/// at the dump width, which the offsets reveal (a line ended by CRLF is
/// followed by an offset two bytes further than its text).
fn rebuild_lines(s: &Section) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut continuing = false;
    for (i, (offset, text)) in s.lines.iter().enumerate() {
        let next = s.lines.get(i + 1).map(|(o, _)| *o).or(s.declared);
        if continuing {
            if let Some(last) = out.last_mut() {
                last.push_str(text);
            }
        } else {
            out.push(text.clone());
        }
        continuing = next.is_some_and(|n| n == offset + text.len()) && i + 1 < s.lines.len();
    }
    out
}

/// Data sections: the dump lines concatenated, with CRLF restored where the
/// offsets show one was consumed.
fn joined(s: &Section) -> String {
    let mut out = String::new();
    for (i, (offset, text)) in s.lines.iter().enumerate() {
        out.push_str(text);
        let next = s.lines.get(i + 1).map(|(o, _)| *o).or(s.declared);
        if next.is_some_and(|n| n == offset + text.len() + 2) {
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "curl.txt".into(),
            format: "curl-verbose".into(),
        }
    }

    #[test]
    fn verbose_with_continue_and_glued_body() {
        let t = "*   Trying 127.0.0.1:1...\n> PUT /b/a==.json?x=%3D HTTP/1.1\r\n> Host: h\r\n> Content-Length: 3\r\n> \r\n< HTTP/1.1 100 Continue\r\n} [3 bytes data]\n< HTTP/1.1 403 Forbidden\r\n< Date: Mon, 23 Nov 2026 16:16:58 GMT\r\n< \r\n{ [87 bytes data]\n<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code></Error>* Connection #0 to host h left intact\n";
        let e = parse_verbose(t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.path, "/b/a==.json");
        assert_eq!(r.http.query, "x=%3D");
        assert_eq!(r.http.header("host"), Some("h"));
        let resp = e.response.unwrap();
        assert_eq!(resp.status, Some(403));
        assert!(resp.header("date").is_some());
        assert_eq!(e.server.unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn trace_rebuilds_wrapped_header_lines() {
        let long = "a".repeat(64);
        let t = format!(
            "== Info: hi\n=> Send header, {} bytes (0x0)\n0000: GET /k HTTP/1.1\n0011: X-Long: {}\n{:04x}: {}\n{:04x}: \n<= Recv header, 24 bytes (0x18)\n0000: HTTP/1.1 403 Forbidden\n",
            17 + 8 + 64 + 8 + 2 + 2,
            &long[..56],
            0x11 + 64,
            &long[56..],
            0x11 + 64 + 8 + 2
        );
        let e = parse_trace(&t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.header("x-long"), Some(long.as_str()));
        assert_eq!(e.response.unwrap().status, Some(403));
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
    }
}

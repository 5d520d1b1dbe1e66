//! aws-sdk-java v1 (`com.amazonaws.auth.AWS4Signer` at DEBUG) and v2
//! (`AbstractAws4Signer` at TRACE/DEBUG), through whatever backend
//! commons-logging / SLF4J picked.
//!
//! v1 1.12.262 `AWS4Signer.createCanonicalRequest` logs
//! `"AWS4 Canonical Request: '\"" + canonicalRequest + "\""` and
//! `createStringToSign` logs `"AWS4 String to Sign: '\"" + stringToSign + "\""`
//! (an opening `'"`, a closing `"` only). Under log4j each is one record
//! (`2026-11-23 19:13:57,030 [main] DEBUG com.amazonaws.auth.AWS4Signer -  AWS4
//! Canonical Request: '"PUT`); under java.util.logging the record header
//! is a line of its own and the message starts with `FINE: `.
//!
//! With `org.apache.http.wire` at DEBUG the log also holds every byte
//! HttpClient 4.x sent and received, one record per line of the stream:
//! `http-outgoing-0 >> "PUT /b/k HTTP/1.1[\r][\n]"`, `<< "HTTP/1.1 403
//! Forbidden[\r][\n]"` (httpclient `org.apache.http.impl.conn.Wire`: CR and
//! LF as `[\r]` `[\n]`, other bytes outside 32..=127 as `[0xNN]`). That
//! gives the request as sent and the server's answer, per attempt: v1
//! retries `SignatureDoesNotMatch` (it is one of its clock-skew codes), so
//! one failing call can log four signing blocks.

use super::super::wire::{
    CapturedRequest, CapturedResponse, assemble, header_line, request_line, status_of,
};
use super::{Block, Context, find_ci};
use crate::model::exchange::Source;

const CREQ: &str = "AWS4 Canonical Request: ";
const STS: &str = "AWS4 String to Sign: ";
/// `Received error response: …AmazonS3Exception: … Status Code: 403` from
/// `com.amazonaws.request`, for logs without the wire log.
const ERROR_RESPONSE: &str = "Received error response: ";

pub(super) fn looks_like(text: &str) -> bool {
    find_ci(text, CREQ).is_some()
}

/// Every signing block, in log order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    blocks_at(text).into_iter().map(|(_, b)| b).collect()
}

/// Every signing block with the byte offset of its canonical request
/// marker (the marker's case varies by version).
fn blocks_at(text: &str) -> Vec<(usize, Block)> {
    let lower = text.to_ascii_lowercase();
    let creq_marker = CREQ.to_ascii_lowercase();
    let sts_marker = STS.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower.get(at..).and_then(|l| l.find(&creq_marker)) {
        let start = at + i + CREQ.len();
        let rest = text.get(start..).unwrap_or("");
        let creq = canonical_value(rest);
        // The string to sign belongs to this block only when it comes
        // before the next canonical request.
        let next = lower[start..].find(&creq_marker).unwrap_or(rest.len());
        let sts = lower[start..start + next]
            .find(&sts_marker)
            .map(|j| sts_value(text.get(start + j + STS.len()..).unwrap_or("")));
        out.push((at + i, (Some(creq), sts)));
        at = start;
    }
    out
}

/// More lines than any canonical request has (one per signed header).
const MAX_CANONICAL_LINES: usize = 512;

/// The canonical request after the marker: method, path, query, headers,
/// a blank line, signed headers, payload hash. Cut by that shape, not by
/// the closing quote: a header value may itself end in `"` (an ETag in
/// `if-match`).
fn canonical_value(s: &str) -> String {
    let s = s.strip_prefix("'\"").unwrap_or(s);
    // Read lazily: `s` runs to the end of the log, and collecting all of
    // it for every block made long logs quadratic. Without the blank line
    // the block is malformed; it is then cut at a bound.
    let mut kept: Vec<&str> = Vec::new();
    let mut end = MAX_CANONICAL_LINES;
    for (i, line) in s.lines().enumerate() {
        if kept.len() >= end {
            break;
        }
        kept.push(line);
        if i >= 3 && line.is_empty() && end == MAX_CANONICAL_LINES {
            // The blank line, then signed headers and payload hash.
            end = i + 3;
        }
    }
    if let Some(last) = kept.last_mut() {
        *last = last.strip_suffix('"').unwrap_or(last);
    }
    kept.join("\n")
}

/// The four lines of the string to sign, without v1's closing quote.
fn sts_value(s: &str) -> String {
    let s = s.strip_prefix("'\"").unwrap_or(s);
    let mut kept: Vec<&str> = s.lines().take(4).collect();
    if let Some(last) = kept.last_mut() {
        *last = last.strip_suffix('"').unwrap_or(last);
    }
    kept.join("\n")
}

/// The request and response of the failing attempt (from the wire log),
/// and the signing block that was made for it.
pub(super) fn context(text: &str, source: &Source) -> Context {
    let starts: Vec<usize> = blocks_at(text).into_iter().map(|(at, _)| at).collect();
    let transfers = wire_transfers(text);
    let failing = |t: &_| {
        let t: &Transfer = t;
        t.response.as_ref().is_some_and(|r| r.is_failure())
    };
    if let Some(t) =
        super::super::pick::last_preferred(&transfers, &[&failing]).and_then(|i| transfers.get(i))
    {
        let mut ctx = Context {
            exchange: assemble(Some(&t.request), t.response.as_ref(), source),
            chosen: None,
        };
        // The block signed for this attempt is the last one logged before
        // its request went out.
        if let Some(b) = starts.iter().rposition(|&s| s < t.at) {
            let status = t
                .response
                .as_ref()
                .and_then(|r| r.status)
                .map_or("no response".to_string(), |s| s.to_string());
            ctx.chosen = Some((b, format!("{} → {status}", t.request.describe())));
        }
        return ctx;
    }
    // No wire log: `com.amazonaws.request` still says which attempt failed.
    let mut ctx = Context::default();
    if let Some(err) = text.rfind(ERROR_RESPONSE)
        && let Some(b) = starts.iter().rposition(|&s| s < err)
    {
        ctx.chosen = Some((b, "the attempt that got an error response".to_string()));
    }
    ctx
}

/// One request on the wire and the final (non-1xx) response to it.
#[derive(Debug, Default)]
struct Transfer {
    /// Byte offset of the request line's log record.
    at: usize,
    /// The HttpClient connection (`http-outgoing-0`), to pair responses.
    conn: String,
    request: CapturedRequest,
    /// Body bytes after the header block, kept only when they add up to
    /// `Content-Length` (a retry on a dead connection logs them twice).
    body: Vec<u8>,
    response: Option<CapturedResponse>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Headers,
    Body,
}

/// Every request/response HttpClient's wire log shows, in log order.
fn wire_transfers(text: &str) -> Vec<Transfer> {
    let mut transfers: Vec<Transfer> = Vec::new();
    // Per connection: where the last request and response are.
    let mut out_state: Vec<(String, State)> = Vec::new();
    let mut in_state: Vec<(String, State)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let here = at;
        at += line.len();
        let Some((conn, outgoing, bytes)) = wire_line(line) else {
            continue;
        };
        let content = String::from_utf8_lossy(&bytes);
        let bare = content.trim_end_matches(['\r', '\n']);
        if outgoing {
            if let Some((method, target)) = request_line(bare) {
                transfers.push(Transfer {
                    at: here,
                    conn: conn.to_string(),
                    request: CapturedRequest {
                        method,
                        target,
                        ..CapturedRequest::default()
                    },
                    ..Transfer::default()
                });
                set_state(&mut out_state, conn, State::Headers);
                continue;
            }
            let Some(t) = transfers.iter_mut().rev().find(|t| t.conn == conn) else {
                continue;
            };
            match state_of(&out_state, conn) {
                Some(State::Headers) if bare.is_empty() => {
                    set_state(&mut out_state, conn, State::Body);
                }
                Some(State::Headers) => {
                    if let Some(h) = header_line(bare) {
                        t.request.headers.push(h);
                    }
                }
                Some(State::Body) => t.body.extend_from_slice(&bytes),
                None => {}
            }
        } else {
            let Some(t) = transfers.iter_mut().rev().find(|t| t.conn == conn) else {
                continue;
            };
            if let Some(status) = status_of(bare) {
                // A final status replaces an interim `100 Continue`.
                t.response = Some(CapturedResponse {
                    status: Some(status),
                    ..CapturedResponse::default()
                });
                set_state(&mut in_state, conn, State::Headers);
                continue;
            }
            let Some(r) = t.response.as_mut() else {
                continue;
            };
            match state_of(&in_state, conn) {
                Some(State::Headers) if bare.is_empty() => {
                    set_state(&mut in_state, conn, State::Body);
                }
                Some(State::Headers) => {
                    if let Some(h) = header_line(bare) {
                        r.headers.push(h);
                    }
                }
                Some(State::Body) => r.body.get_or_insert_with(Vec::new).extend(bytes),
                None => {}
            }
        }
    }
    for t in &mut transfers {
        let declared = t
            .request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<usize>().ok());
        if declared == Some(t.body.len()) {
            t.request.body = Some(std::mem::take(&mut t.body));
        }
    }
    transfers
}

fn state_of(states: &[(String, State)], conn: &str) -> Option<State> {
    states.iter().find(|(c, _)| c == conn).map(|(_, s)| *s)
}

fn set_state(states: &mut Vec<(String, State)>, conn: &str, state: State) {
    match states.iter_mut().find(|(c, _)| c == conn) {
        Some(entry) => entry.1 = state,
        None => states.push((conn.to_string(), state)),
    }
}

/// `… http-outgoing-0 >> "PUT /k HTTP/1.1[\r][\n]"` → (connection,
/// outgoing?, decoded bytes). HttpClient's own notes on the stream (`<<
/// "end of stream"`, `>> "[write] I/O error: …"`) are not data.
fn wire_line(line: &str) -> Option<(&str, bool, Vec<u8>)> {
    let line = line.trim_end_matches(['\r', '\n']);
    let out = line.find(">> \"");
    let inc = line.find("<< \"");
    let (arrow, outgoing) = match (out, inc) {
        (Some(o), Some(i)) => (o.min(i), o < i),
        (Some(o), None) => (o, true),
        (None, Some(i)) => (i, false),
        (None, None) => return None,
    };
    let quoted = line.get(arrow + 3..)?;
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if inner == "end of stream"
        || inner.starts_with("[read] I/O error")
        || inner.starts_with("[write] I/O error")
    {
        return None;
    }
    // The connection id is the word before the arrow; httpclient before
    // 4.3 printed none.
    let before = line.get(..arrow).unwrap_or("").trim_end();
    let word = before.rsplit(' ').next().unwrap_or("");
    let conn = if word.starts_with("http-outgoing-") {
        word
    } else {
        ""
    };
    Some((conn, outgoing, unescape(inner)))
}

/// Undoes `Wire`'s escaping: `[\r]`, `[\n]`, `[0x1b]`.
fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let tail = &rest[i..];
        if let Some(r) = tail.strip_prefix("[\\r]") {
            out.push(b'\r');
            rest = r;
        } else if let Some(r) = tail.strip_prefix("[\\n]") {
            out.push(b'\n');
            rest = r;
        } else if let Some((byte, r)) = hex_escape(tail) {
            out.push(byte);
            rest = r;
        } else {
            out.push(b'[');
            rest = &tail[1..];
        }
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// `[0x1b]…` → (0x1b, rest after `]`).
fn hex_escape(s: &str) -> Option<(u8, &str)> {
    let r = s.strip_prefix("[0x")?;
    let close = r.find(']')?;
    if close == 0 || close > 2 {
        return None;
    }
    let byte = u8::from_str_radix(r.get(..close)?, 16).ok()?;
    Some((byte, r.get(close + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "java.log".into(),
            format: "sdk-log".into(),
        }
    }

    /// Layout of the real log4j run (fixtures/inputs/java-v1-wrong-secret).
    const LOG4J: &str = "2026-11-23 19:13:57,030 [main] DEBUG com.amazonaws.auth.AWS4Signer -  AWS4 Canonical Request: '\"GET\n/b/k\n\nhost:h\nif-match:\"abc\"\n\nhost;if-match\nUNSIGNED-PAYLOAD\"\n\
2026-11-23 19:13:57,079 [main] DEBUG com.amazonaws.auth.AWS4Signer -  AWS4 String to Sign: '\"AWS4-HMAC-SHA256\n20261123T191357Z\n20261123/us-east-1/s3/aws4_request\nabc\"\n\
2026-11-23 19:13:57,599 [main] DEBUG org.apache.http.wire -  http-outgoing-0 >> \"GET /b/k HTTP/1.1[\\r][\\n]\"\n\
2026-11-23 19:13:57,599 [main] DEBUG org.apache.http.wire -  http-outgoing-0 >> \"Host: h[\\r][\\n]\"\n\
2026-11-23 19:13:57,599 [main] DEBUG org.apache.http.wire -  http-outgoing-0 >> \"[\\r][\\n]\"\n\
2026-11-23 19:13:57,618 [main] DEBUG org.apache.http.wire -  http-outgoing-0 << \"HTTP/1.1 403 Forbidden[\\r][\\n]\"\n\
2026-11-23 19:13:57,619 [main] DEBUG org.apache.http.wire -  http-outgoing-0 << \"content-type: application/xml[\\r][\\n]\"\n\
2026-11-23 19:13:57,628 [main] DEBUG org.apache.http.wire -  http-outgoing-0 << \"[\\r][\\n]\"\n\
2026-11-23 19:13:57,629 [main] DEBUG org.apache.http.wire -  http-outgoing-0 << \"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code></Error>\"\n";

    #[test]
    fn canonical_request_ends_by_shape_not_by_quote() {
        let b = blocks(LOG4J);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].0.as_deref(),
            Some("GET\n/b/k\n\nhost:h\nif-match:\"abc\"\n\nhost;if-match\nUNSIGNED-PAYLOAD")
        );
        assert_eq!(
            b[0].1.as_deref(),
            Some("AWS4-HMAC-SHA256\n20261123T191357Z\n20261123/us-east-1/s3/aws4_request\nabc")
        );
    }

    #[test]
    fn wire_log_gives_request_and_error_body() {
        let ctx = context(LOG4J, &src());
        let req = ctx.exchange.request.expect("request");
        assert_eq!(req.http.method, "GET");
        assert_eq!(req.http.header("host"), Some("h"));
        assert_eq!(ctx.exchange.response.and_then(|r| r.status), Some(403));
        assert_eq!(
            ctx.exchange.server.map(|s| s.code).as_deref(),
            Some("SignatureDoesNotMatch")
        );
        assert_eq!(ctx.chosen.map(|(i, _)| i), Some(0));
    }

    #[test]
    fn java_util_logging_layout() {
        let t = "Nov 23, 2026 7:14:28 PM com.amazonaws.auth.AWS4Signer debug\nFINE: AWS4 Canonical Request: '\"PUT\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\"\nNov 23, 2026 7:14:28 PM com.amazonaws.auth.AWS4Signer debug\nFINE: AWS4 String to Sign: '\"AWS4-HMAC-SHA256\n20261123T191428Z\n20261123/us-east-1/s3/aws4_request\nabc\"\nNov 23, 2026 7:14:29 PM org.apache.http.wire wire\nFINE: http-outgoing-0 >> \"PUT /b/k HTTP/1.1[\\r][\\n]\"\n";
        let b = blocks(t);
        assert_eq!(
            b[0].0.as_deref(),
            Some("PUT\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        let ctx = context(t, &src());
        assert_eq!(
            ctx.exchange.request.map(|r| r.http.method).as_deref(),
            Some("PUT")
        );
        assert!(ctx.exchange.response.is_none());
    }

    #[test]
    fn picks_the_attempt_that_got_the_error() {
        // Attempt 1 → 403, attempt 2 dies on a closed connection.
        let t = "AWS4 Canonical Request: '\"PUT\n/k\n\nhost:h\n\nhost\nX\"\n\
http-outgoing-0 >> \"PUT /k HTTP/1.1[\\r][\\n]\"\n\
http-outgoing-0 << \"HTTP/1.1 403 Forbidden[\\r][\\n]\"\n\
AWS4 Canonical Request: '\"PUT\n/k\n\nhost:h\n\nhost\nY\"\n\
http-outgoing-0 >> \"PUT /k HTTP/1.1[\\r][\\n]\"\n\
http-outgoing-0 << \"end of stream\"\n\
http-outgoing-0 >> \"[write] I/O error: Broken pipe\"\n";
        let ctx = context(t, &src());
        assert_eq!(ctx.chosen.map(|(i, _)| i), Some(0));
        assert_eq!(ctx.exchange.response.and_then(|r| r.status), Some(403));
    }

    #[test]
    fn unescapes_wire_bytes() {
        assert_eq!(unescape("a[\\r][\\n]"), b"a\r\n");
        assert_eq!(unescape("[0xe2][0x82][0xac]"), "€".as_bytes());
        assert_eq!(unescape("[x] [0x] [0x123]"), b"[x] [0x] [0x123]");
    }

    #[test]
    fn never_panics_on_fragments() {
        for t in [
            "AWS4 Canonical Request: ",
            "AWS4 Canonical Request: '\"",
            "AWS4 String to Sign: AWS4 Canonical Request: ",
            ">> \"",
            "http-outgoing-0 << \"\"",
            "x >> \"[0x\"",
            "é >> \"é[\"",
        ] {
            let _ = blocks(t);
            let _ = context(t, &src());
        }
    }
}

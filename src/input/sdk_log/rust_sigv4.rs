//! The Rust SDK (`aws-sdk-s3` over `aws-sigv4` and `aws-smithy-runtime`)
//! with `RUST_LOG=aws_sigv4=trace,aws_smithy_runtime=trace` and
//! tracing-subscriber's default `fmt` layer.
//!
//! aws-sigv4 1.6.4 `calculate_signing_headers` (every header-signed
//! request) logs a message-less event `tracing::trace!(canonical_request =
//! %creq.redacted())`: `… aws_sigv4::http_request::sign:
//! canonical_request=PUT` and the rest of the canonical request on the
//! following lines, exactly as formatted (the fmt layer writes `%` values
//! raw). It logs no string to sign there; `calculate_signing_params`
//! (query signing, presigned URLs) adds `string_to_sign=…` after it in the
//! "calculated signing parameters" event. `redacted()` replaces
//! sensitive header values (`x-amz-security-token`) with `** redacted
//! (length=N) **`.
//!
//! aws-smithy-runtime 1.16 logs the request it sends (`transmitting
//! request request=Request { …, uri: Uri { as_string: "http://…" … },
//! method: PUT, …, headers: {"content-type": "text/plain", …,
//! "authorization": ** redacted (length=306) **, …} }`), the response
//! (`received response from service response=Response { status:
//! StatusCode(403), headers: {…}, … }`) and the error code it parsed
//! (`output_or_error=Err(… ErrorMetadata { code: Some("SignatureDoesNotMatch"),
//! message: None, … })`); the response body itself is redacted.
//!
//! Written to a file, the fmt layer keeps its ANSI colours (it does not
//! check for a terminal): `\x1b[3mcanonical_request\x1b[0m\x1b[2m=\x1b[0mPUT`.
//! They are removed before reading. With `fmt().json()` each event is one
//! JSON line whose `fields` hold the same values as strings
//! (`"canonical_request":"PUT\n/…"`); those lines are rendered in the fmt
//! layout first.

use crate::input::ansi::strip_ansi;
use std::borrow::Cow;

use super::super::wire::{CapturedRequest, CapturedResponse, assemble};
use super::{Block, Context};
use crate::model::exchange::{ServerError, Source};

const CREQ: &str = "canonical_request=";
const STS: &str = "string_to_sign=";
const SENT: &str = "transmitting request request=Request {";
const RECEIVED: &str = "received response from service response=Response {";
const OUTCOME: &str = "output_or_error=Err(";

pub(super) fn looks_like(text: &str) -> bool {
    let text = plain(text);
    text.contains(CREQ) && (text.contains("aws_sigv4") || text.contains("AWS4-HMAC-SHA256"))
}

/// Every signing event, in log order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    blocks_at(&plain(text))
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// Every signing event with the byte offset of its `canonical_request=`.
fn blocks_at(text: &str) -> Vec<(usize, Block)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text.get(at..).and_then(|t| t.find(CREQ)) {
        let start = at + i + CREQ.len();
        let rest = text.get(start..).unwrap_or("");
        let next = rest.find(CREQ).unwrap_or(rest.len());
        let event = rest.get(..next).unwrap_or(rest);
        let sts = event
            .find(&format!(" {STS}"))
            .map(|j| four_lines(event.get(j + 1 + STS.len()..).unwrap_or("")));
        out.push((at + i, (Some(canonical(event)), sts)));
        at = start;
    }
    out
}

/// The canonical request at the start of `s`, cut by its shape (method,
/// path, query, headers, blank line, signed headers, payload hash); the
/// hash line ends at the first space, where the next field begins.
fn canonical(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let end = lines
        .iter()
        .skip(3)
        .position(|l| l.is_empty())
        .map_or(lines.len(), |blank| (3 + blank + 3).min(lines.len()));
    let mut kept: Vec<&str> = lines.get(..end).unwrap_or(&[]).to_vec();
    if end >= 6
        && let Some(last) = kept.last_mut()
    {
        *last = last.split(' ').next().unwrap_or(last);
    }
    kept.join("\n")
}

fn four_lines(s: &str) -> String {
    s.lines().take(4).collect::<Vec<_>>().join("\n")
}

/// The log in the fmt layer's plain layout: ANSI colours removed, and
/// JSON-formatted events (`fmt().json()`) rendered as fmt would print them.
fn plain(text: &str) -> Cow<'_, str> {
    let text = strip_ansi(text);
    if !text.contains("\"fields\":{") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match json_event(line) {
            Some(rendered) => out.push_str(&rendered),
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// `{"timestamp":…,"level":"TRACE","fields":{"canonical_request":"PUT\n…"},"target":"aws_sigv4::…"}`
/// → `… TRACE aws_sigv4::…: canonical_request=PUT` + the value's lines.
/// The message comes first, then the other fields, as fmt orders them.
fn json_event(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if !trimmed.starts_with('{') {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(trimmed).ok()?;
    let fields = v.get("fields")?.as_object()?;
    let text_of = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    for key in ["timestamp", "level"] {
        if let Some(s) = v.get(key).and_then(|s| s.as_str()) {
            out.push_str(s);
            out.push(' ');
        }
    }
    if let Some(t) = v.get("target").and_then(|t| t.as_str()) {
        out.push_str(t);
        out.push_str(": ");
    }
    let mut parts = Vec::new();
    if let Some(m) = fields.get("message") {
        parts.push(text_of(m));
    }
    for (k, val) in fields.iter().filter(|(k, _)| k.as_str() != "message") {
        parts.push(format!("{k}={}", text_of(val)));
    }
    out.push_str(&parts.join(" "));
    out.push('\n');
    Some(out)
}

/// The request and response of the attempt that failed (else the last),
/// the error code the SDK read, and the signing block made for it.
pub(super) fn context(text: &str, source: &Source) -> Context {
    let text = plain(text);
    let text = text.as_ref();
    let starts: Vec<usize> = blocks_at(text).into_iter().map(|(at, _)| at).collect();
    let sent = events(text, SENT, request_event);
    let received = events(text, RECEIVED, response_event);
    let chosen_response = super::super::pick::last_preferred(
        &received,
        &[&|(_, r): &(usize, CapturedResponse)| r.is_failure()],
    )
    .and_then(|i| received.get(i));
    // The request is the last one sent before that response (or the last
    // one sent, when no response was logged).
    let limit = chosen_response.map_or(text.len(), |(at, _)| *at);
    let request = sent.iter().rev().find(|(at, _)| *at < limit);
    let mut ctx = Context {
        exchange: assemble(
            request.map(|(_, r)| r),
            chosen_response.map(|(_, r)| r),
            source,
        ),
        chosen: None,
    };
    if let Some((code, message)) = chosen_response.and_then(|(at, _)| error_code(text, *at)) {
        ctx.exchange.server.get_or_insert_with(|| ServerError {
            code,
            message,
            source: Some(source.clone()),
            ..ServerError::default()
        });
    }
    let anchor = request
        .map(|(at, _)| *at)
        .or(chosen_response.map(|(at, _)| *at));
    if let Some(anchor) = anchor
        && let Some(b) = starts.iter().rposition(|&s| s < anchor)
    {
        let what = request.map_or("the request".to_string(), |(_, r)| r.describe());
        let status = chosen_response
            .and_then(|(_, r)| r.status)
            .map_or("no response".to_string(), |s| s.to_string());
        ctx.chosen = Some((b, format!("{what} → {status}")));
    }
    if ctx.exchange.request.is_some() && text.contains("\"authorization\": ** redacted") {
        ctx.exchange.notes.push(format!(
            "{}: the Rust SDK logs requests with Authorization redacted, so this log shows no signature or signed-header list for the request; a capture of the request as sent (or the server's CanonicalRequest) adds them",
            source.name
        ));
    }
    ctx
}

/// Every event whose text starts at `marker`, read by `read`, with its offset.
fn events<T>(text: &str, marker: &str, read: impl Fn(&str) -> Option<T>) -> Vec<(usize, T)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text.get(at..).and_then(|t| t.find(marker)) {
        let start = at + i + marker.len();
        let line = text.get(start..).unwrap_or("");
        let line = line.split('\n').next().unwrap_or("");
        if let Some(v) = read(line) {
            out.push((at + i, v));
        }
        at = start;
    }
    out
}

/// `body: …, uri: Uri { as_string: "http://h/p?q", … }, method: PUT, …, headers: {…} }`.
fn request_event(s: &str) -> Option<CapturedRequest> {
    let uri = s
        .find("as_string: ")
        .and_then(|i| debug_str(&s[i + 11..]))?
        .0;
    let method = s
        .find(" method: ")
        .map(|i| &s[i + 9..])
        .and_then(|m| m.split([',', ' ']).next())
        .filter(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()))?;
    let headers = s
        .rfind(" headers: {")
        .map(|i| header_map(&s[i + 11..]))
        .unwrap_or_default();
    Some(CapturedRequest {
        method: method.to_string(),
        target: uri,
        headers,
        body: None,
    })
}

/// `status: StatusCode(403), headers: {…}, body: … }`.
fn response_event(s: &str) -> Option<CapturedResponse> {
    let status = s
        .find("status: StatusCode(")
        .map(|i| &s[i + 19..])
        .and_then(|r| r.split(')').next())
        .and_then(|n| n.parse().ok())?;
    let headers = s
        .find(" headers: {")
        .map(|i| header_map(&s[i + 11..]))
        .unwrap_or_default();
    Some(CapturedResponse {
        status: Some(status),
        headers,
        body: None,
    })
}

/// The error code and message the SDK parsed from the response at
/// `limit`: its `output_or_error=Err(…)` comes after it and before the
/// next request goes out.
fn error_code(text: &str, limit: usize) -> Option<(String, Option<String>)> {
    let after = text.get(limit..)?;
    let i = after.find(OUTCOME)?;
    if after.find(SENT).is_some_and(|next| next < i) {
        return None;
    }
    let line = after.get(i..)?.split('\n').next()?;
    let meta = &line[line.find("ErrorMetadata {")?..];
    let code = meta
        .find("code: Some(")
        .and_then(|j| debug_str(&meta[j + 11..]))?
        .0;
    let message = meta
        .find("message: Some(")
        .and_then(|j| debug_str(&meta[j + 14..]))
        .map(|(m, _)| m);
    Some((code, message))
}

/// `{"name": "value", "authorization": ** redacted (length=306) **}` →
/// the headers whose values were printed (redacted ones are left out).
fn header_map(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    for _ in 0..1000 {
        if rest.starts_with('}') || rest.is_empty() {
            break;
        }
        let Some((name, r)) = debug_str(rest) else {
            break;
        };
        let Some(r) = r.strip_prefix(": ") else {
            break;
        };
        let r = if let Some((value, r)) = debug_str(r) {
            out.push((name, value));
            r
        } else {
            // An unquoted value (`** redacted (length=N) **`): skip to the
            // next `, "` or the closing brace.
            let end = r.find(", \"").or_else(|| r.find('}')).unwrap_or(r.len());
            &r[end..]
        };
        rest = r.strip_prefix(", ").unwrap_or(r);
    }
    out
}

/// A Rust `Debug` string literal at the start of `s` → (value, rest).
/// Handles `\"`, `\\`, `\n`, `\r`, `\t`, `\0`, `\'`, `\u{…}`, and
/// `\xNN` (how `http::HeaderValue` prints bytes outside ASCII).
fn debug_str(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut out: Vec<u8> = Vec::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((String::from_utf8_lossy(&out).into_owned(), &body[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push(b'\n'),
                    'r' => out.push(b'\r'),
                    't' => out.push(b'\t'),
                    '0' => out.push(0),
                    'x' => {
                        let hi = chars.next()?.1.to_digit(16)?;
                        let lo = chars.next()?.1.to_digit(16)?;
                        out.push((hi * 16 + lo) as u8);
                    }
                    'u' => {
                        let mut code = String::new();
                        if chars.next()?.1 != '{' {
                            return None;
                        }
                        for (_, d) in chars.by_ref() {
                            if d == '}' {
                                break;
                            }
                            code.push(d);
                        }
                        let ch = char::from_u32(u32::from_str_radix(&code, 16).ok()?)?;
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    other => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
            other => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "rust.log".into(),
            format: "sdk-log".into(),
        }
    }

    /// Shape of the real run (fixtures/inputs/rust-sdk-wrong-secret), cut down.
    const LOG: &str = "2026-11-23T19:31:18.974500Z TRACE try_op:try_attempt{attempt=1}: aws_sigv4::http_request::sign: canonical_request=PUT
/examplebucket/a%20b.txt
x-id=PutObject
content-length:5
host:127.0.0.1:38511

content-length;host
2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
2026-11-23T19:31:18.979748Z TRACE try_op:try_attempt{attempt=1}: aws_smithy_runtime::client::orchestrator: transmitting request request=Request { body: SdkBody { inner: BoxBody, retryable: true }, uri: Uri { as_string: \"http://127.0.0.1:38511/examplebucket/a%20b.txt?x-id=PutObject\", parsed: H1(http://127.0.0.1:38511/examplebucket/a%20b.txt?x-id=PutObject) }, method: PUT, extensions: Extensions { extensions_02x: Extensions }, headers: {\"content-length\": \"5\", \"x-amz-date\": \"20261123T193118Z\", \"authorization\": ** redacted (length=306) **, \"x-amz-content-sha256\": \"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"} }
2026-11-23T19:31:18.995944Z TRACE try_op:try_attempt{attempt=1}: aws_smithy_runtime::client::orchestrator: received response from service response=Response { status: StatusCode(403), headers: {\"content-type\": \"application/xml\", \"content-length\": \"87\"}, body: SdkBody { inner: BoxBody, retryable: false } }
2026-11-23T19:31:18.997001Z TRACE try_op:try_attempt{attempt=1}: aws_smithy_runtime::client::orchestrator: output_or_error=Err(OrchestratorError { kind: Operation { err: Error(TypeErasedError:Unhandled(Unhandled { source: ErrorMetadata { code: Some(\"SignatureDoesNotMatch\"), message: None, extras: None } })) } })
";

    #[test]
    fn message_less_canonical_request_event() {
        let b = blocks(LOG);
        assert_eq!(b.len(), 1);
        let creq = b[0].0.as_deref().unwrap();
        assert!(creq.starts_with("PUT\n/examplebucket/a%20b.txt\nx-id=PutObject\n"));
        assert!(creq.ends_with("\ncontent-length;host\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
        assert_eq!(b[0].1, None);
    }

    #[test]
    fn request_response_and_error_code() {
        let ctx = context(LOG, &src());
        let req = ctx.exchange.request.expect("request");
        assert_eq!(req.http.method, "PUT");
        assert_eq!(req.http.header("host"), Some("127.0.0.1:38511"));
        assert_eq!(req.http.header("x-amz-date"), Some("20261123T193118Z"));
        assert_eq!(req.http.header("authorization"), None);
        assert_eq!(ctx.exchange.response.and_then(|r| r.status), Some(403));
        assert_eq!(
            ctx.exchange.server.map(|s| s.code).as_deref(),
            Some("SignatureDoesNotMatch")
        );
        assert_eq!(ctx.chosen.map(|(i, _)| i), Some(0));
    }

    #[test]
    fn ansi_colours_are_ignored() {
        let t = "\x1b[2m2026-11-23T19:31:18.974500Z\x1b[0m \x1b[35mTRACE\x1b[0m \x1b[2maws_sigv4::http_request::sign\x1b[0m\x1b[2m:\x1b[0m \x1b[3mcanonical_request\x1b[0m\x1b[2m=\x1b[0mGET\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\n";
        assert!(looks_like(t));
        assert_eq!(
            blocks(t)[0].0.as_deref(),
            Some("GET\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
    }

    #[test]
    fn calculated_signing_parameters_event() {
        let t = "TRACE aws_sigv4::http_request::sign: calculated signing parameters canonical_request=GET\n/b/k\nX-Amz-Date=1\nhost:h\n\nhost\nUNSIGNED-PAYLOAD string_to_sign=AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\nabc\n";
        let b = blocks(t);
        assert_eq!(
            b[0].0.as_deref(),
            Some("GET\n/b/k\nX-Amz-Date=1\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        assert!(b[0].1.as_deref().unwrap().ends_with("\nabc"));
    }

    #[test]
    fn json_formatter_events() {
        let t = concat!(
            r#"{"timestamp":"2026-11-23T19:44:41.832309Z","level":"TRACE","fields":{"canonical_request":"PUT\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD"},"target":"aws_sigv4::http_request::sign","span":{"attempt":1,"name":"try_attempt"}}"#,
            "\n",
            r#"{"timestamp":"2026-11-23T19:44:41.833379Z","level":"TRACE","fields":{"message":"transmitting request","request":"Request { uri: Uri { as_string: \"http://h/b/k\" }, method: PUT, headers: {\"x-amz-date\": \"20261123T194441Z\"} }"},"target":"aws_smithy_runtime::client::orchestrator"}"#,
            "\n",
            r#"{"timestamp":"2026-11-23T19:44:41.856135Z","level":"TRACE","fields":{"message":"received response from service","response":"Response { status: StatusCode(403), headers: {\"content-length\": \"87\"} }"},"target":"aws_smithy_runtime::client::orchestrator"}"#,
            "\n",
        );
        assert!(looks_like(t));
        assert_eq!(
            blocks(t)[0].0.as_deref(),
            Some("PUT\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        let ctx = context(t, &src());
        let req = ctx.exchange.request.expect("request");
        assert_eq!(req.http.header("x-amz-date"), Some("20261123T194441Z"));
        assert_eq!(ctx.exchange.response.and_then(|r| r.status), Some(403));
    }

    #[test]
    fn debug_strings() {
        assert_eq!(
            debug_str(r#""a\"b\\c\xe2\x82\xac\u{1f600}" rest"#),
            Some(("a\"b\\c€😀".to_string(), " rest"))
        );
        assert_eq!(debug_str("\"open"), None);
        assert_eq!(
            header_map(r#""a": "1", "authorization": ** redacted (length=3) **, "b": "2"}"#),
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
    }

    #[test]
    fn never_panics_on_fragments() {
        for t in [
            "canonical_request=",
            "canonical_request= string_to_sign=",
            "\x1b[",
            "\x1b",
            "transmitting request request=Request { uri: Uri { as_string: \"",
            "transmitting request request=Request { as_string: \"x\" method: é",
            "received response from service response=Response { status: StatusCode(",
            "output_or_error=Err(ErrorMetadata { code: Some(\"\\u{zz}\")",
            "output_or_error=Err(ErrorMetadata { code: Some(\"\\x",
            "canonical_request=x headers: {\"a\": ",
            "{\"fields\":{\"canonical_request\":7}}",
            "{\"fields\":{\"canonical_request\":\"\\u",
        ] {
            let _ = blocks(t);
            let _ = context(t, &src());
        }
    }
}

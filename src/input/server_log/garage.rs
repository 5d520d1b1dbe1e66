//! Garage's own log (`garage server` on stderr, as `docker logs`, a
//! terminal or a compose/journal prefix shows it). What Garage 2.5.0 logs
//! about an S3 request (crate `garage_api_common`):
//!
//! * INFO `{source} (key {id}) {METHOD} {uri}` for every request
//!   (`generic_server.rs` `handler`; the key only when an `Authorization`
//!   header names one, so never for presigned URLs);
//! * DEBUG `Request { method: …, uri: …, version: …, headers: {…}, body: … }`,
//!   hyper's `Debug` of the request as received (lower-case names, values
//!   quoted, bytes outside printable ASCII as `\xNN`);
//! * TRACE `canonical request:` / `string to sign:` followed by the text on
//!   the next lines (` (presigned url)` after each for presigned requests;
//!   `signature/payload.rs`), logged before the scope and the signature are
//!   checked, so a wrong region or secret still shows them;
//! * INFO `error {status}, {message} in response to {source} {key}{METHOD} {uri}`
//!   (WARN for 5xx): `{message}` is exactly the `<Message>` of the XML body;
//! * DEBUG `{status} {headers:?}` when the request succeeded.
//!
//! The same events come in three encodings: the default text
//! (`{timestamp} {LEVEL} {target}: {message}`, ANSI colours unless
//! `NO_COLOR=1`), JSON lines (`GARAGE_LOG_FORMAT=json`) and the syslog form
//! (`{target}: {message}`). The log prints the error message, not the S3
//! code; the code is Garage's own mapping of that message (`aws_code` in
//! `garage_api_common/common_error.rs` and `garage_api_s3/error.rs`).

use crate::input::ansi::strip_ansi;
use crate::model::exchange::{Exchange, ResponseMeta, ServerError, Source};

use super::super::InputError;
use super::super::wire::CapturedRequest;

const LEVELS: [&str; 5] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/// Lines longer than this are not read as events: no Garage log line
/// comes close, and it bounds the work on hostile input.
const MAX_LINE: usize = 256 * 1024;

/// One log event: its level (absent in the syslog form), the Rust module
/// that logged it, and its message with any continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    level: Option<&'static str>,
    target: String,
    message: String,
}

pub(super) fn looks_like(text: &str) -> bool {
    // Specific: a Garage module logged one of the request events above.
    if !text.contains("garage_api_") {
        return false;
    }
    events(text)
        .iter()
        .any(|e| e.target.starts_with("garage_api_") && item(&e.message).is_some())
}

pub(super) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let requests = group(events(text));
    let Some(picked) = pick(&requests) else {
        return Err(InputError::new(
            &source.name,
            format!(
                "a Garage log, but without any S3 request event (Garage logs them with RUST_LOG={RECOMMENDED_LOG})"
            ),
        ));
    };
    let req = &requests[picked];
    let mut ex = Exchange::default();
    if requests.len() > 1 {
        ex.notes.push(format!(
            "{}: the log holds {} requests; read the {}: {}",
            source.name,
            requests.len(),
            which(&requests, picked),
            req.describe()
        ));
    }
    if let Some(dump) = &req.dump {
        let captured = CapturedRequest {
            method: dump.method.clone(),
            target: dump.uri.clone(),
            headers: dump.headers.clone(),
            body: None,
        };
        ex.request = Some(captured.wire(source));
    }
    match &req.outcome {
        Some(Outcome::Error { status, message }) => {
            // No response part: the log has the status but not the
            // headers, and a client capture read after it may have them.
            ex.server = Some(server_error(req, *status, message, source, &mut ex.notes));
        }
        Some(Outcome::Success { status, headers }) => {
            ex.response = Some(ResponseMeta {
                status: Some(*status),
                headers: headers.clone(),
            });
            if req.canonical.is_some() {
                ex.notes.push(format!(
                    "{}: Garage answered {status}; the canonical request it logged is not compared, as there is no error to explain",
                    source.name
                ));
            }
        }
        None => ex.notes.push(format!(
            "{}: no outcome was logged for {} (Garage logs every error at INFO, so it was accepted or the log stops before its answer)",
            source.name,
            req.describe()
        )),
    }
    if let Some(missing) = missing_detail(req) {
        // Without the headers there is no request in the report: name it.
        let shown = if req.dump.is_none() && requests.len() == 1 {
            format!("shows {} but ", req.describe())
        } else {
            String::new()
        };
        ex.notes.push(format!(
            "{}: the log {shown}lacks {missing}; Garage logs them with RUST_LOG={RECOMMENDED_LOG}",
            source.name
        ));
    }
    Ok(ex)
}

// ------------------------------------------------------------------ events

/// Splits the log into events. A line that starts no event continues the
/// previous one (the canonical request and string to sign span lines).
fn events(text: &str) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    // What stood before the timestamp on the event's first line (a compose
    // `garage-1  | ` or a journal `… garage[12]: `), stripped from its
    // continuation lines too.
    let mut prefix = String::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.len() > MAX_LINE {
            continue;
        }
        let line = strip_ansi(raw);
        if let Some(ev) = json_event(&line) {
            out.push(ev);
            prefix.clear();
        } else if let Some((ev, p)) = text_event(&line) {
            out.push(ev);
            prefix = p;
        } else if let Some(last) = out.last_mut() {
            last.message.push('\n');
            last.message.push_str(strip_prefix(&line, &prefix));
        }
    }
    out
}

fn strip_prefix<'a>(line: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return line;
    }
    if let Some(rest) = line.strip_prefix(prefix) {
        return rest;
    }
    // A journal prefix carries its own time on every line: match its shape.
    if prefix.ends_with("]: ")
        && let Some(i) = line.find("]: ")
    {
        return &line[i + 3..];
    }
    line
}

/// `{prefix}{timestamp} {LEVEL} {target}: {message}` or, in the syslog
/// form, `{prefix}{target}: {message}` with the prefix ending in `]: `.
/// Returns the event and the prefix.
fn text_event(line: &str) -> Option<(Event, String)> {
    let words = word_spans(line);
    for (i, &(start, end)) in words.iter().enumerate() {
        let word = &line[start..end];
        let Some(target) = word.strip_suffix(':').filter(|t| is_garage_target(t)) else {
            continue;
        };
        let level = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .and_then(|&(s, e)| LEVELS.iter().find(|l| **l == &line[s..e]).copied());
        let first = if level.is_some() {
            i - 1
        } else {
            // The syslog form has no level: the target must open the line
            // or follow a `name[pid]: ` prefix.
            let before = &line[..start];
            if !(before.is_empty() || before.ends_with("]: ")) {
                return None;
            }
            i
        };
        // The timestamp, if any, is the word before the level.
        let mut prefix_end = words.get(first).map_or(0, |w| w.0);
        if level.is_some()
            && let Some(&(s, e)) = first.checked_sub(1).and_then(|j| words.get(j))
            && looks_like_timestamp(&line[s..e])
        {
            prefix_end = s;
        }
        let message = line.get(end + 1..).unwrap_or("").to_string();
        return Some((
            Event {
                level,
                target: target.to_string(),
                message,
            },
            line[..prefix_end].to_string(),
        ));
    }
    None
}

/// Byte spans of the space-separated words of `line` (runs of spaces are
/// one separator: the level is padded, ` INFO`).
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in line.bytes().enumerate() {
        match (b == b' ', start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
                // Only the head of a line can hold the target.
                if out.len() > 8 {
                    return out;
                }
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, line.len()));
    }
    out
}

/// `garage_api_common::generic_server`: one of Garage's crates, a Rust path.
fn is_garage_target(t: &str) -> bool {
    t.starts_with("garage")
        && (t.len() == "garage".len() || t[6..].starts_with('_') || t[6..].starts_with("::"))
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
}

/// `2026-11-23T19:11:05.123456Z` (tracing's RFC 3339 time).
fn looks_like_timestamp(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 19 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[10] == b'T'
}

/// One line of `GARAGE_LOG_FORMAT=json` output.
fn json_event(line: &str) -> Option<Event> {
    let t = line.trim();
    if !(t.starts_with('{') && t.contains("\"target\"") && t.contains("garage")) {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let target = v.get("target")?.as_str()?;
    if !is_garage_target(target) {
        return None;
    }
    let level = v
        .get("level")
        .and_then(|l| l.as_str())
        .and_then(|l| LEVELS.iter().find(|x| **x == l).copied());
    // flatten_event(true) puts `message` at the top; otherwise under `fields`.
    let message = v
        .get("message")
        .or_else(|| v.get("fields").and_then(|f| f.get("message")))
        .and_then(|m| m.as_str())?;
    Some(Event {
        level,
        target: target.to_string(),
        message: message.to_string(),
    })
}

// ------------------------------------------------------------------ items

/// The request line as Garage logs it, also at the end of an error line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RequestLine {
    source: String,
    key: Option<String>,
    method: String,
    uri: String,
}

/// hyper's `Debug` of the request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dump {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Error {
        status: u16,
        message: String,
    },
    Success {
        status: u16,
        headers: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Line(RequestLine),
    Dump(Dump),
    Canonical(String),
    StringToSign(String),
    Error {
        status: u16,
        message: String,
        line: Option<RequestLine>,
    },
    Success {
        status: u16,
        headers: Vec<(String, String)>,
    },
}

fn item(message: &str) -> Option<Item> {
    let first = message.split('\n').next().unwrap_or("");
    if let Some(rest) = message
        .strip_prefix("canonical request:\n")
        .or_else(|| message.strip_prefix("canonical request (presigned url):\n"))
    {
        return Some(Item::Canonical(canonical_block(rest)));
    }
    if let Some(rest) = message
        .strip_prefix("string to sign:\n")
        .or_else(|| message.strip_prefix("string to sign (presigned url):\n"))
    {
        return Some(Item::StringToSign(first_lines(rest, 4)));
    }
    if let Some(rest) = first.strip_prefix("Request { method: ") {
        return dump(rest).map(Item::Dump);
    }
    if let Some(rest) = first.strip_prefix("error ") {
        return error_line(rest);
    }
    if let Some(ok) = success_line(first) {
        return Some(ok);
    }
    request_line(first).map(Item::Line)
}

/// The canonical request: lines up to the blank one, then the signed
/// headers and the payload hash. Anything after (another program writing
/// to the same stream) is not part of it.
fn canonical_block(text: &str) -> String {
    let mut out = Vec::new();
    let mut after_blank = None;
    for line in text.split('\n') {
        out.push(line);
        match after_blank {
            None if line.is_empty() && out.len() > 3 => after_blank = Some(0),
            Some(n) => {
                if n + 1 == 2 {
                    break;
                }
                after_blank = Some(n + 1);
            }
            None => {}
        }
    }
    out.join("\n")
}

fn first_lines(text: &str, n: usize) -> String {
    text.split('\n').take(n).collect::<Vec<_>>().join("\n")
}

/// `{source} (key {id}) {METHOD} {uri}`; the source is `ip:port`, or
/// `{forwarded ip} (via ip:port)` behind a proxy.
fn request_line(msg: &str) -> Option<RequestLine> {
    let (head, uri) = msg.rsplit_once(' ')?;
    let (head, method) = head.rsplit_once(' ')?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    if !(uri.starts_with('/') || uri.starts_with("http://") || uri.starts_with("https://")) {
        return None;
    }
    let (source, key) = match head.strip_suffix(')').and_then(|h| h.rsplit_once(" (key ")) {
        Some((s, k)) => (s, Some(k.to_string())),
        None => (head, None),
    };
    // The client address: an IP with a port (or a unix socket path).
    let addr = source.split(' ').next().unwrap_or("");
    if addr.is_empty() || !(addr.contains(':') || addr.starts_with('/')) {
        return None;
    }
    Some(RequestLine {
        source: source.to_string(),
        key,
        method: method.to_string(),
        uri: uri.to_string(),
    })
}

/// `403 Forbidden, Forbidden: Invalid signature in response to {request line}`.
fn error_line(rest: &str) -> Option<Item> {
    let (status, after) = rest.split_once(' ')?;
    let status: u16 = status.parse().ok().filter(|s| (100..600).contains(s))?;
    let (_reason, after) = after.split_once(", ")?;
    let (message, line) = match after.rsplit_once(" in response to ") {
        Some((m, l)) => (m, request_line(l)),
        None => (after, None),
    };
    Some(Item::Error {
        status,
        message: message.to_string(),
        line,
    })
}

/// `200 OK {"etag": "\"…\"", …}`: the status and headers of a success.
fn success_line(msg: &str) -> Option<Item> {
    let (status, rest) = msg.split_once(' ')?;
    if status.len() != 3 {
        return None;
    }
    let status: u16 = status.parse().ok().filter(|s| (100..400).contains(s))?;
    let map = &rest[rest.find('{')?..];
    if !rest[..rest.find('{')?]
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-')
    {
        return None;
    }
    let (headers, _) = header_map(map)?;
    Some(Item::Success { status, headers })
}

/// `PUT, uri: /b/k, version: HTTP/1.1, headers: {…}, body: Body(Streaming) }`.
fn dump(rest: &str) -> Option<Dump> {
    let (method, rest) = rest.split_once(", uri: ")?;
    let (uri, rest) = rest.split_once(", version: ")?;
    let (_version, rest) = rest.split_once(", headers: ")?;
    let (headers, _) = header_map(rest)?;
    Some(Dump {
        method: method.to_string(),
        uri: uri.to_string(),
        headers,
    })
}

/// `{"name": "value", …}` as http's `HeaderMap` prints it (each value of a
/// repeated header is its own entry). Returns the headers and the rest.
fn header_map(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut rest = text.strip_prefix('{')?;
    let mut headers = Vec::new();
    loop {
        rest = rest.trim_start_matches([',', ' ']);
        if let Some(after) = rest.strip_prefix('}') {
            return Some((headers, after));
        }
        let (name, after) = quoted(rest)?;
        let after = after.strip_prefix(": ")?;
        // A value marked sensitive prints as the bare word `Sensitive`.
        let (value, after) = match after.strip_prefix("Sensitive") {
            Some(a) => ("Sensitive".to_string(), a),
            None => quoted(after)?,
        };
        headers.push((name, value));
        rest = after;
    }
}

/// A string as `HeaderValue`'s `Debug` writes it: `"` escaped as `\"`,
/// bytes outside visible ASCII as `\x{:x}`, backslashes as they are.
/// Returns the decoded text and what follows the closing quote.
fn quoted(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let value = String::from_utf8_lossy(&out).into_owned();
                return Some((value, body.get(i + 1..)?));
            }
            b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                out.push(b'"');
                i += 2;
            }
            b'\\' if bytes.get(i + 1) == Some(&b'x') => match hex_byte(bytes.get(i + 2..)) {
                Some((b, used)) => {
                    out.push(b);
                    i += 2 + used;
                }
                None => {
                    out.push(b'\\');
                    i += 1;
                }
            },
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    None
}

/// The byte of `\x{:x}`: two hex digits when they make a byte that would
/// have been escaped (≥ 0x80 or a control byte), else one.
fn hex_byte(rest: Option<&[u8]>) -> Option<(u8, usize)> {
    let rest = rest?;
    let digit = |i: usize| rest.get(i).and_then(|c| (*c as char).to_digit(16));
    let hi = digit(0)?;
    if let Some(lo) = digit(1) {
        let b = (hi * 16 + lo) as u8;
        if !(0x20..0x7f).contains(&b) {
            return Some((b, 2));
        }
    }
    Some((hi as u8, 1))
}

// ------------------------------------------------------------------ requests

/// Everything the log says about one request.
#[derive(Debug, Default, Clone)]
struct Request {
    line: Option<RequestLine>,
    dump: Option<Dump>,
    canonical: Option<String>,
    string_to_sign: Option<String>,
    outcome: Option<Outcome>,
}

impl Request {
    fn describe(&self) -> String {
        let (method, uri) = match (&self.line, &self.dump) {
            (Some(l), _) => (l.method.as_str(), l.uri.as_str()),
            (None, Some(d)) => (d.method.as_str(), d.uri.as_str()),
            (None, None) => match &self.canonical {
                Some(c) => {
                    let mut l = c.split('\n');
                    return format!(
                        "the request whose canonical request starts `{} {}`",
                        l.next().unwrap_or(""),
                        l.next().unwrap_or("")
                    );
                }
                None => return "a request".into(),
            },
        };
        let answer = match &self.outcome {
            Some(Outcome::Error { status, message }) => format!(" ({status} {message})"),
            Some(Outcome::Success { status, .. }) => format!(" ({status})"),
            None => String::new(),
        };
        format!("`{method} {uri}`{answer}")
    }

    fn failed(&self) -> bool {
        matches!(self.outcome, Some(Outcome::Error { .. }))
    }

    fn signature_failure(&self) -> bool {
        matches!(&self.outcome, Some(Outcome::Error { message, .. }) if is_signature_message(message))
    }
}

/// Assigns each event to a request. Requests are logged in order; an
/// error line names its request, so it finds it even when another
/// request's lines came in between.
fn group(events: Vec<Event>) -> Vec<Request> {
    let mut reqs: Vec<Request> = Vec::new();
    for ev in events {
        let Some(it) = item(&ev.message) else {
            continue;
        };
        match it {
            Item::Line(l) => reqs.push(Request {
                line: Some(l),
                ..Request::default()
            }),
            Item::Dump(d) => open(&mut reqs, |r| r.dump.is_none()).dump = Some(d),
            Item::Canonical(c) => open(&mut reqs, |r| r.canonical.is_none()).canonical = Some(c),
            Item::StringToSign(s) => {
                open(&mut reqs, |r| r.string_to_sign.is_none()).string_to_sign = Some(s)
            }
            Item::Success { status, headers } => {
                open(&mut reqs, |r| r.outcome.is_none()).outcome =
                    Some(Outcome::Success { status, headers })
            }
            Item::Error {
                status,
                message,
                line,
            } => {
                let found = line.as_ref().and_then(|l| {
                    reqs.iter()
                        .rposition(|r| r.outcome.is_none() && r.line.as_ref() == Some(l))
                });
                let r = match found {
                    Some(i) => &mut reqs[i],
                    None if line.is_some() => {
                        reqs.push(Request {
                            line,
                            ..Request::default()
                        });
                        let last = reqs.len() - 1;
                        &mut reqs[last]
                    }
                    None => open(&mut reqs, |r| r.outcome.is_none()),
                };
                r.outcome = Some(Outcome::Error { status, message });
            }
        }
    }
    reqs
}

/// The latest request if it can still take this event, else a new one.
fn open(reqs: &mut Vec<Request>, free: impl Fn(&Request) -> bool) -> &mut Request {
    if !reqs.last().is_some_and(&free) {
        reqs.push(Request::default());
    }
    let last = reqs.len() - 1;
    &mut reqs[last]
}

/// The request to explain: the last signature failure, else the last
/// failure, else the last request.
fn pick(reqs: &[Request]) -> Option<usize> {
    super::super::pick::last_preferred(reqs, &[&Request::signature_failure, &Request::failed])
}

fn which(reqs: &[Request], picked: usize) -> &'static str {
    let r = &reqs[picked];
    if r.signature_failure() {
        if reqs.iter().filter(|x| x.signature_failure()).count() > 1 {
            "last one refused for its signature"
        } else {
            "one refused for its signature"
        }
    } else if r.failed() {
        "last failing one"
    } else {
        "last one (none failed)"
    }
}

/// Messages Garage answers when the signature or its scope is refused.
fn is_signature_message(m: &str) -> bool {
    [
        "Invalid signature",
        "unexpected scope",
        "should be signed",
        "is not present",
        "Date is too old",
        "Invalid payload signature",
        "No such key: ",
        "has expired",
        "X-Amz-",
        "authorization",
        "Authorization",
    ]
    .iter()
    .any(|s| m.contains(s))
}

/// Garage's S3 error code for a logged message: the `Display` prefix of
/// each error variant and the code `aws_code` gives it.
const CODES: &[(&str, &str)] = &[
    ("Forbidden: ", "AccessDenied"),
    ("Bad request: ", "InvalidRequest"),
    (
        "Authorization header malformed",
        "AuthorizationHeaderMalformed",
    ),
    ("Invalid header value: ", "InvalidHeaderValue"),
    ("Invalid UTF-8: ", "InvalidRequest"),
    ("Invalid digest: ", "InvalidDigest"),
    ("Bad digest: ", "BadDigest"),
    ("Bucket not found: ", "NoSuchBucket"),
    ("Key not found", "NoSuchKey"),
    ("Upload not found", "NoSuchUpload"),
    ("Unimplemented action: ", "NotImplemented"),
    ("Invalid bucket name: ", "InvalidBucketName"),
    ("Bucket already exists", "BucketAlreadyExists"),
    ("Bucket already owned by you", "BucketAlreadyOwnedByYou"),
    ("Tried to delete a non-empty bucket", "BucketNotEmpty"),
    ("At least one of the preconditions", "PreconditionFailed"),
    ("Invalid HTTP range: ", "InvalidRange"),
    ("failed to deserialize XML", "MalformedXML"),
    ("XML deserialization failed", "MalformedXML"),
    (
        "Invalid encryption algorithm: ",
        "InvalidEncryptionAlgorithmError",
    ),
    (
        "The CORS configuration does not exist",
        "NoSuchCORSConfiguration",
    ),
    (
        "The lifecycle configuration does not exist",
        "NoSuchLifecycleConfiguration",
    ),
    (
        "Parts given to CompleteMultipartUpload do not match",
        "InvalidPart",
    ),
    (
        "Parts given to CompleteMultipartUpload were not",
        "InvalidPartOrder",
    ),
    ("Proposed upload is smaller", "EntityTooSmall"),
];

fn code_for(status: u16, message: &str) -> Option<&'static str> {
    if message.starts_with("Internal error") {
        return Some(if status == 503 {
            "ServiceUnavailable"
        } else {
            "InternalError"
        });
    }
    CODES
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map(|(_, code)| *code)
}

/// The error body Garage sent, rebuilt from the log: `<Code>` by Garage's
/// mapping, `<Message>` as logged, `<Resource>` the path (Garage writes
/// `uri.path()`), `<Region>` when the message names the expected scope.
fn server_error(
    req: &Request,
    status: u16,
    message: &str,
    source: &Source,
    notes: &mut Vec<String>,
) -> ServerError {
    let code = match code_for(status, message) {
        Some(c) => c.to_string(),
        None => {
            notes.push(format!(
                "{}: Garage's message \"{message}\" is not one whose S3 code this reader knows; the code is left as Unknown",
                source.name
            ));
            "Unknown".to_string()
        }
    };
    let uri = req
        .line
        .as_ref()
        .map(|l| l.uri.as_str())
        .or(req.dump.as_ref().map(|d| d.uri.as_str()));
    let resource = uri.map(|u| {
        let (target, _) = super::super::wire::split_absolute(u);
        target.split('?').next().unwrap_or(target).to_string()
    });
    // "…, expected: '20260101/garage/s3/aws4_request'": Garage's region.
    let region = message
        .split_once("expected: '")
        .and_then(|(_, s)| s.split('/').nth(1))
        .map(str::to_string);
    ServerError {
        code,
        message: Some(message.to_string()),
        aws_access_key_id: req.line.as_ref().and_then(|l| l.key.clone()),
        string_to_sign: req.string_to_sign.clone(),
        canonical_request: req.canonical.clone(),
        resource,
        region,
        source: Some(source.clone()),
        ..ServerError::default()
    }
}

/// The log level that shows everything this reader uses: requests (INFO),
/// their headers (DEBUG) and the canonical request and string to sign
/// (TRACE), without the DEBUG noise of Garage's other modules.
const RECOMMENDED_LOG: &str =
    "garage=info,garage_api_common=debug,garage_api_common::signature=trace";

/// What a more verbose log would have added for this request, if anything.
fn missing_detail(req: &Request) -> Option<String> {
    let mut missing = Vec::new();
    if req.dump.is_none() {
        missing.push("the request's headers (DEBUG)");
    }
    // Garage computes a canonical request only once the signed-header list
    // passed its checks: only these errors come after one.
    let computed = matches!(&req.outcome, Some(Outcome::Error { message, .. })
        if message.contains("Invalid signature") || message.contains("unexpected scope"));
    if req.canonical.is_none() && computed {
        missing.push("the canonical request and string to sign Garage computed (TRACE)");
    }
    (!missing.is_empty()).then(|| missing.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "garage.log".into(),
            format: "server-log".into(),
        }
    }

    const CREQ: &str = "PUT\n/examplebucket/hello.txt\n\nhost:127.0.0.1:3900\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20260101T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD";

    fn text_log() -> String {
        format!(
            "2026-01-01T00:00:00.100000Z  INFO garage_api_common::generic_server: 127.0.0.1:5000 (key GK1234567890abcdef12345678) PUT /examplebucket/hello.txt\n\
             2026-01-01T00:00:00.100100Z DEBUG garage_api_common::generic_server: Request {{ method: PUT, uri: /examplebucket/hello.txt, version: HTTP/1.1, headers: {{\"host\": \"127.0.0.1:3900\", \"x-amz-meta-t\": \"caf\\xc3\\xa9 \\\"q\\\"\", \"authorization\": \"AWS4-HMAC-SHA256 Credential=GK1234567890abcdef12345678/20260101/garage/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00\"}}, body: Body(Streaming) }}\n\
             2026-01-01T00:00:00.100200Z TRACE garage_api_common::signature::payload: canonical request:\n{CREQ}\n\
             2026-01-01T00:00:00.100300Z TRACE garage_api_common::signature::payload: string to sign:\nAWS4-HMAC-SHA256\n20260101T000000Z\n20260101/garage/s3/aws4_request\nabc\n\
             2026-01-01T00:00:00.100400Z  INFO garage_api_common::generic_server: error 403 Forbidden, Forbidden: Invalid signature in response to 127.0.0.1:5000 (key GK1234567890abcdef12345678) PUT /examplebucket/hello.txt\n"
        )
    }

    #[test]
    fn reads_the_default_text_format() {
        let log = text_log();
        assert!(looks_like(&log));
        let ex = parse(&log, &src()).unwrap();
        let server = ex.server.unwrap();
        assert_eq!(server.code, "AccessDenied");
        assert_eq!(
            server.message.as_deref(),
            Some("Forbidden: Invalid signature")
        );
        assert_eq!(server.canonical_request.as_deref(), Some(CREQ));
        assert_eq!(
            server.string_to_sign.as_deref().map(|s| s.lines().count()),
            Some(4)
        );
        assert_eq!(
            server.aws_access_key_id.as_deref(),
            Some("GK1234567890abcdef12345678")
        );
        assert_eq!(server.resource.as_deref(), Some("/examplebucket/hello.txt"));
        let req = ex.request.unwrap();
        assert_eq!(req.http.method, "PUT");
        assert_eq!(req.http.path, "/examplebucket/hello.txt");
        assert_eq!(req.http.header("x-amz-meta-t"), Some("café \"q\""));
        assert!(ex.response.is_none());
    }

    #[test]
    fn strips_colours_and_container_prefixes() {
        let coloured = text_log()
            .replace(" INFO ", " \u{1b}[32m INFO\u{1b}[0m \u{1b}[2m")
            .replace(
                "generic_server:",
                "generic_server\u{1b}[0m\u{1b}[2m:\u{1b}[0m",
            );
        let ex = parse(&coloured, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "AccessDenied");
        let compose: String = text_log()
            .lines()
            .map(|l| format!("garage-1  | {l}\n"))
            .collect();
        let ex = parse(&compose, &src()).unwrap();
        assert_eq!(ex.server.unwrap().canonical_request.as_deref(), Some(CREQ));
        let journal: String = text_log()
            .lines()
            .enumerate()
            .map(|(i, l)| format!("Jan 01 00:00:0{} host garage[42]: {l}\n", i % 10))
            .collect();
        let ex = parse(&journal, &src()).unwrap();
        assert_eq!(ex.server.unwrap().canonical_request.as_deref(), Some(CREQ));
    }

    #[test]
    fn reads_json_lines() {
        let line = |level: &str, msg: &str| {
            serde_json::json!({"timestamp": "2026-01-01T00:00:00.1Z", "level": level, "message": msg, "target": "garage_api_common::generic_server"}).to_string()
        };
        let log = [
            line("INFO", "127.0.0.1:5000 PUT /b/k?X-Amz-Signature=00"),
            line(
                "INFO",
                "error 400 Bad Request, Bad request: Header `x-amz-meta-a` should be signed in response to 127.0.0.1:5000 PUT /b/k?X-Amz-Signature=00",
            ),
        ]
        .join("\n");
        assert!(looks_like(&log));
        let ex = parse(&log, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "InvalidRequest");
        assert_eq!(s.resource.as_deref(), Some("/b/k"));
        assert!(s.aws_access_key_id.is_none());
        assert!(ex.request.is_none());
        assert!(
            ex.notes
                .iter()
                .any(|n| n.contains("the request's headers (DEBUG)"))
        );
        // No canonical request is computed for this error: no TRACE hint.
        assert!(!ex.notes.iter().any(|n| n.contains("TRACE")));
    }

    #[test]
    fn picks_the_failing_request_among_several() {
        let ok = "2026-01-01T00:00:00Z  INFO garage_api_common::generic_server: 127.0.0.1:1 (key K1234567) GET /b/a\n\
                  2026-01-01T00:00:00Z DEBUG garage_api_common::generic_server: 200 OK {\"etag\": \"\\\"x\\\"\"}\n";
        let log = format!("{ok}{}{ok}", text_log());
        let ex = parse(&log, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "AccessDenied");
        assert!(
            ex.notes
                .iter()
                .any(|n| n.contains("3 requests") && n.contains("`PUT /examplebucket/hello.txt`")),
            "{:?}",
            ex.notes
        );
        let ex = parse(ok, &src()).unwrap();
        assert!(ex.server.is_none());
        let resp = ex.response.unwrap();
        assert_eq!(resp.status, Some(200));
        assert_eq!(resp.header("etag"), Some("\"x\""));
    }

    #[test]
    fn maps_scope_errors_and_their_region() {
        let log = "2026-01-01T00:00:00Z  INFO garage_api_common::generic_server: error 400 Bad Request, Authorization header malformed, unexpected scope: '20260101/us-east-1/s3/aws4_request', expected: '20260101/garage/s3/aws4_request' in response to 127.0.0.1:1 (key K1234567) PUT /b/k\n";
        let ex = parse(log, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "AuthorizationHeaderMalformed");
        assert_eq!(s.region.as_deref(), Some("garage"));
        assert_eq!(s.aws_access_key_id.as_deref(), Some("K1234567"));
    }

    #[test]
    fn is_specific() {
        assert!(!looks_like("INFO garage: started\nsignature mismatch"));
        assert!(!looks_like(
            "2026-01-01T00:00:00Z  INFO garage_net::netapp: Connected to 127.0.0.1:3901"
        ));
        assert!(!looks_like(
            "user-agent:garage_api_common::x: 1.2.3.4:5 GET /"
        ));
        assert!(!looks_like(
            "<Error><Code>AccessDenied</Code><Message>Forbidden: Invalid signature</Message></Error>"
        ));
    }

    #[test]
    fn never_panics_on_cut_or_odd_lines() {
        let log = text_log();
        for cut in (0..log.len()).filter(|i| log.is_char_boundary(*i)) {
            let _ = parse(&log[..cut], &src());
        }
        for odd in [
            "2026-01-01T00:00:00Z DEBUG garage_api_common::generic_server: Request { method: PUT, uri: /, version: HTTP/1.1, headers: {\"a\": \"\\x",
            "2026-01-01T00:00:00Z DEBUG garage_api_common::generic_server: 200 OK {",
            "2026-01-01T00:00:00Z  INFO garage_api_common::generic_server: error 999",
            "garage_api_common::generic_server: canonical request:\n",
            "\u{1b}[",
        ] {
            let _ = parse(odd, &src());
        }
    }

    #[test]
    fn header_value_escapes() {
        assert_eq!(
            quoted("\"a\\\"b\\xc3\\xa9\\\\x\" rest"),
            Some(("a\"bé\\\\x".to_string(), " rest"))
        );
        assert_eq!(quoted("\"unterminated"), None);
    }
}

//! Ceph RADOS Gateway debug log (`debug_rgw` 10 for the signing lines, 20
//! for the request's environment).
//!
//! Every log entry starts with Ceph's prefix (src/log/Entry.h):
//!
//! ```text
//! 2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 req 1475…855 0.000000000s s3:put_obj server signature=ca0d…
//! <timestamp>                  <thread>    <level> <message>
//! ```
//!
//! (Ceph before 16 writes `2019-06-05 10:22:06.123456`; cephadm containers
//! put `debug ` in front.) A message may span lines: `canonical request = `
//! and `string to sign = ` carry the text after the `=` and on the following
//! lines, which have no prefix. Most messages of one request carry
//! `req <id> <elapsed>s`; the environment dump (`HTTP_HOST=…`, level 20)
//! comes before the request gets its id, and a few auth lines (`NOTICE:
//! request time skew too big.`, `failed to authorize request`) never carry
//! it, so those are tied to the request by the thread that wrote them.
//!
//! What RGW logs (rgw_auth_s3.cc, rgw_rest_s3.cc in Ceph 16.2): the
//! canonical request and string to sign it computed, `server signature=` /
//! `client signature=`, the access key, `op->ERRORHANDLER: err_no=-2027`
//! (the error it answers; mapped to the S3 code with RGW's own table), and
//! the `beast:` access line with the request line and status.

use std::collections::HashMap;

use crate::input::curl_verbose::ordinal;
use crate::model::exchange::{Exchange, ResponseMeta, ServerError, Source, WireRequest};
use crate::sigv4::HttpRequest;

use super::super::InputError;

/// True for text whose entries have Ceph's prefix and at least one line
/// only RGW writes.
pub(super) fn looks_like(text: &str) -> bool {
    let mut prefixed = 0usize;
    let mut rgw = false;
    for line in text.lines().take(20_000) {
        if let Some(entry) = prefix(line) {
            prefixed += 1;
            rgw |= is_rgw_message(entry.message);
            if rgw && prefixed >= 2 {
                return true;
            }
        }
    }
    false
}

/// Messages only radosgw writes.
fn is_rgw_message(m: &str) -> bool {
    const MARKERS: [&str; 9] = [
        "====== starting new request",
        "====== req done",
        "initializing for trans_id",
        "canonical request = ",
        "string to sign = ",
        "server signature=",
        "client signature=",
        "failed to authorize request",
        "op->ERRORHANDLER",
    ];
    MARKERS.iter().any(|k| m.contains(k)) || m.starts_with("beast: ") || m.starts_with("civetweb: ")
}

/// One prefixed log line, split.
#[derive(Debug, Clone, Copy)]
struct Prefix<'a> {
    timestamp: &'a str,
    thread: &'a str,
    message: &'a str,
}

/// `<timestamp> <thread hex> <level> <message>`, or `None` for a
/// continuation line.
fn prefix(line: &str) -> Option<Prefix<'_>> {
    let line = line.strip_prefix("debug ").unwrap_or(line);
    let (timestamp, rest) = timestamp(line)?;
    let rest = rest.strip_prefix(' ')?;
    let (thread, rest) = rest.split_once(' ')?;
    if thread.is_empty() || !thread.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // The level is right-aligned in two columns: ` 1`, `10`, `-1`.
    let rest = rest.trim_start_matches(' ');
    let (level, message) = rest.split_once(' ').unwrap_or((rest, ""));
    let digits = level.strip_prefix('-').unwrap_or(level);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Prefix {
        timestamp,
        thread,
        message,
    })
}

/// `2026-11-23T19:18:13.001+0000` (Ceph ≥ 16) or `2019-06-05
/// 10:22:06.123456` (older); returns it and the rest of the line.
fn timestamp(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let date_ok = b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':';
    if !date_ok {
        return None;
    }
    // The time runs to the next space after the date's own one.
    let end = line.get(11..)?.find(' ').map_or(line.len(), |i| i + 11);
    Some((line.get(..end)?, line.get(end..)?))
}

/// A log entry: a prefixed line and its continuation lines.
#[derive(Debug)]
struct Entry<'a> {
    prefix: Prefix<'a>,
    message: String,
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match prefix(line) {
            Some(p) => out.push(Entry {
                prefix: p,
                message: p.message.to_string(),
            }),
            None => {
                if let Some(last) = out.last_mut() {
                    last.message.push('\n');
                    last.message.push_str(line);
                }
            }
        }
    }
    out
}

/// What the log says about one request.
#[derive(Debug, Default)]
struct Request {
    id: Option<String>,
    started: Option<String>,
    trans_id: Option<String>,
    op: Option<String>,
    env: Vec<(String, String)>,
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
    server_signature: Option<String>,
    client_signature: Option<String>,
    access_key: Option<String>,
    err_no: Option<i64>,
    http_status: Option<u16>,
    access_line: Option<(String, String)>,
    skew: bool,
    req_tp: Option<String>,
    cur_tp: Option<String>,
    auth_failed: bool,
    derived_keys: bool,
    /// A later canonical request of the same request differs (the boto2
    /// compatibility pass).
    second_pass_differs: bool,
}

impl Request {
    fn failed(&self) -> bool {
        self.err_no.is_some_and(|e| e != 0)
            || self.http_status.is_some_and(|s| s >= 400)
            || self.auth_failed
            || self.skew
            || matches!(
                (&self.server_signature, &self.client_signature),
                (Some(s), Some(c)) if s != c
            )
    }

    fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `PUT /examplebucket/hello.txt` for notes.
    fn describe(&self) -> String {
        let (method, target) = match (&self.access_line, self.env("REQUEST_METHOD")) {
            (Some((m, t)), _) => (m.as_str(), t.as_str()),
            (None, Some(m)) => (m, self.env("REQUEST_URI").unwrap_or("?")),
            (None, None) => ("request", self.op.as_deref().unwrap_or("?")),
        };
        let path = target.split('?').next().unwrap_or(target);
        format!("{method} {path}")
    }
}

/// Groups entries into requests: by `req <id>`, else by the thread's
/// current request.
#[derive(Default)]
struct Grouper {
    requests: Vec<Request>,
    by_id: HashMap<String, usize>,
    /// The request a thread is working on (auth runs on one thread).
    by_thread: HashMap<String, usize>,
    /// Environment lines a thread logged before its request got an id.
    pending_env: HashMap<String, Vec<(String, String)>>,
    /// `starting new request req=0x…` seen on a thread, id not yet known.
    pending_ptr: HashMap<String, String>,
    /// The request object's address, which the `beast:` line names.
    by_ptr: HashMap<String, usize>,
}

impl Grouper {
    fn add(&mut self, entry: &Entry<'_>) {
        let thread = entry.prefix.thread.to_string();
        let (id, body) = req_id(&entry.message);
        if let Some(id) = id {
            let idx = match self.by_id.get(id) {
                Some(&i) => i,
                None => self.start(&thread, Some(id.to_string()), entry.prefix.timestamp),
            };
            self.by_thread.insert(thread, idx);
            if let Some(r) = self.requests.get_mut(idx) {
                facts(r, body);
            }
            return;
        }
        let m = entry.message.as_str();
        if let Some(ptr) = m
            .strip_prefix("====== starting new request req=")
            .and_then(|r| r.split_whitespace().next())
        {
            // The next `req <id>` line on this thread is this request.
            self.by_thread.remove(&thread);
            self.pending_ptr.insert(thread, ptr.to_string());
            return;
        }
        if let Some((name, value)) = env_line(m) {
            self.by_thread.remove(&thread);
            self.pending_env
                .entry(thread)
                .or_default()
                .push((name.to_string(), value.to_string()));
            return;
        }
        if let Some(rest) = m.strip_prefix("beast: ") {
            self.access_line(rest);
            return;
        }
        if m.starts_with("====== req done") {
            return;
        }
        // Lines without an id (`NOTICE: request time skew too big.`, and
        // every line of an RGW too old to print ids) go to the thread's
        // request; a signing line with none starts one.
        let idx = match self.by_thread.get(&thread) {
            Some(&i) => i,
            None if is_signing_fact(m) => {
                let i = self.start(&thread, None, entry.prefix.timestamp);
                self.by_thread.insert(thread, i);
                i
            }
            None => return,
        };
        if let Some(r) = self.requests.get_mut(idx) {
            facts(r, m);
        }
    }

    fn start(&mut self, thread: &str, id: Option<String>, timestamp: &str) -> usize {
        let idx = self.requests.len();
        let mut r = Request {
            id: id.clone(),
            started: Some(timestamp.to_string()),
            ..Request::default()
        };
        r.env = self.pending_env.remove(thread).unwrap_or_default();
        if let Some(ptr) = self.pending_ptr.remove(thread) {
            self.by_ptr.insert(ptr, idx);
        }
        self.requests.push(r);
        if let Some(id) = id {
            self.by_id.insert(id, idx);
        }
        idx
    }

    /// `0x7f…: 127.0.0.1 - user [date] "PUT /b/k HTTP/1.1" 403 213 - "ua" - latency=…`
    fn access_line(&mut self, rest: &str) {
        let Some((ptr, rest)) = rest.split_once(": ") else {
            return;
        };
        let Some(&idx) = self.by_ptr.get(ptr) else {
            return;
        };
        let Some((_, quoted)) = rest.split_once('"') else {
            return;
        };
        let Some((request_line, after)) = quoted.split_once('"') else {
            return;
        };
        let mut parts = request_line.split(' ');
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let status = after.split_whitespace().next().and_then(|s| s.parse().ok());
        if let Some(r) = self.requests.get_mut(idx) {
            r.access_line = Some((method.to_string(), target.to_string()));
            r.http_status = r.http_status.or(status);
        }
    }
}

/// `req 1475…855 0.000000000s rest` → (Some(id), rest).
fn req_id(message: &str) -> (Option<&str>, &str) {
    let Some(rest) = message.strip_prefix("req ") else {
        return (None, message);
    };
    let Some((id, rest)) = rest.split_once(' ') else {
        return (None, message);
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return (None, message);
    }
    // The elapsed time (`0.004000000s`) follows the id.
    let rest = match rest.split_once(' ') {
        Some((elapsed, after)) if elapsed.ends_with('s') => after,
        _ if rest.ends_with('s') => "",
        _ => rest,
    };
    (Some(id), rest)
}

/// `HTTP_X_AMZ_DATE=2026…`: RGW's dump of the request environment.
fn env_line(m: &str) -> Option<(&str, &str)> {
    let (name, value) = m.split_once('=')?;
    let known = name.starts_with("HTTP_")
        || matches!(
            name,
            "CONTENT_LENGTH"
                | "CONTENT_TYPE"
                | "REQUEST_METHOD"
                | "REQUEST_URI"
                | "QUERY_STRING"
                | "SCRIPT_URI"
                | "REMOTE_ADDR"
                | "SERVER_PORT"
                | "SERVER_PORT_SECURE"
        );
    (known
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
    .then_some((name, value))
}

fn is_signing_fact(m: &str) -> bool {
    [
        "canonical request = ",
        "string to sign = ",
        "server signature=",
        "client signature=",
        "access key id = ",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// Reads one message of a request into it.
fn facts(r: &mut Request, m: &str) {
    // After the id comes the op (`s3:put_obj`) on most lines.
    let body = match m.split_once(' ') {
        Some((op, rest)) if op.contains(':') && !op.contains('=') && !op.ends_with(':') => {
            r.op.get_or_insert_with(|| op.to_string());
            rest
        }
        _ => m,
    };
    let value = |key: &str| body.strip_prefix(key).map(str::to_string);
    // RGW checks a failing signature twice: as AWS canonicalizes, then as
    // boto2 did (for presigned URLs, `host` with the port appended once
    // more; get_v4_canonical_headers with force_boto2_compat in
    // rgw_auth_s3.cc). The first pass is the real check,
    // so the first of each value is kept.
    if let Some(v) = value("canonical request = ") {
        let v = trim_block(&v);
        match &r.canonical_request {
            None => r.canonical_request = Some(v),
            Some(first) => r.second_pass_differs |= *first != v,
        }
    } else if let Some(v) = value("string to sign = ").or_else(|| value("string_to_sign=")) {
        r.string_to_sign.get_or_insert_with(|| trim_block(&v));
    } else if let Some(v) = value("server signature=") {
        r.server_signature
            .get_or_insert_with(|| v.trim().to_string());
    } else if let Some(v) = value("client signature=") {
        r.client_signature = Some(v.trim().to_string());
    } else if let Some(v) = value("v4 signature format = ") {
        r.client_signature
            .get_or_insert_with(|| v.trim().to_string());
    } else if let Some(v) = value("access key id = ") {
        r.access_key = Some(v.trim().to_string());
    } else if let Some(v) = value("initializing for trans_id = ") {
        r.trans_id = Some(v.trim().to_string());
    } else if let Some(v) = value("http status=") {
        r.http_status = v.trim().parse().ok().or(r.http_status);
    } else if let Some(v) = value("op->ERRORHANDLER: err_no=") {
        // `err_no=-2027 new_err_no=-2027`: the new one is what is answered.
        let new = v.split_once("new_err_no=").map_or(v.as_str(), |(_, n)| n);
        r.err_no = new.trim().parse().ok().or(r.err_no);
    } else if body.starts_with("NOTICE: request time skew too big") {
        r.skew = true;
    } else if let Some(v) = value("req_tp=") {
        // `req_tp=2026-11-23T19:02:25.000000+0000, cur_tp=…`
        let (req, cur) = v.split_once(", cur_tp=").unwrap_or((v.as_str(), ""));
        r.req_tp = Some(req.trim().to_string());
        if !cur.trim().is_empty() {
            r.cur_tp = Some(cur.trim().to_string());
        }
    } else if body.starts_with("failed to authorize request") {
        r.auth_failed = true;
    } else if ["date_k", "region_k", "service_k", "signing_k"]
        .iter()
        .any(|k| body.starts_with(k) && !body.contains("<redacted>"))
    {
        r.derived_keys = true;
    }
}

/// A multi-line value as RGW printed it, without the line ends a paste
/// adds after it (a canonical request or string to sign never ends in one).
fn trim_block(v: &str) -> String {
    v.trim_end_matches(['\n', '\r']).to_string()
}

/// RGW's answer for an error number (RGW_HTTP_ERRORS in rgw_common.cc,
/// the auth-related rows).
fn s3_code(err_no: i64) -> Option<(&'static str, u16)> {
    Some(match err_no.unsigned_abs() {
        2027 => ("SignatureDoesNotMatch", 403),
        2028 => ("InvalidAccessKeyId", 403),
        2012 => ("RequestTimeTooSkewed", 403),
        2100 => ("UserSuspended", 403),
        2040 => ("XAmzContentSHA256Mismatch", 400),
        2044 | 1 | 13 => ("AccessDenied", 403),
        22 => ("InvalidArgument", 400),
        2 => ("NoSuchKey", 404),
        2002 => ("NoSuchBucket", 404),
        _ => return None,
    })
}

/// Ceph's `2026-11-23T19:02:25.000000+0000` as RFC 3339 (`+00:00`);
/// anything else unchanged.
fn rfc3339(ts: &str) -> String {
    let ts = ts.trim();
    let n = ts.len();
    let zone = n
        .checked_sub(5)
        .and_then(|i| ts.get(i..))
        .map(str::as_bytes)
        .filter(|z| {
            matches!(z.first(), Some(b'+' | b'-')) && z[1..].iter().all(u8::is_ascii_digit)
        });
    let cut = n.saturating_sub(2);
    match (zone, ts.get(..cut), ts.get(cut..)) {
        (Some(_), Some(head), Some(tail)) => format!("{head}:{tail}"),
        _ => ts.to_string(),
    }
}

/// The request as RGW received it, rebuilt from its environment dump:
/// `HTTP_X_AMZ_DATE` → `x-amz-date`, `CONTENT_TYPE` → `content-type`.
fn wire_request(r: &Request, source: &Source) -> Option<WireRequest> {
    let method = r.env("REQUEST_METHOD")?;
    let uri = r.env("REQUEST_URI")?;
    let target = match r.env("QUERY_STRING") {
        Some(q) if !q.is_empty() && !uri.contains('?') => format!("{uri}?{q}"),
        _ => uri.to_string(),
    };
    let mut headers = Vec::new();
    for (name, value) in &r.env {
        let header = match name.as_str() {
            "CONTENT_TYPE" => "content-type".to_string(),
            "CONTENT_LENGTH" => "content-length".to_string(),
            // beast puts the protocol version here; it is no header.
            "HTTP_VERSION" => continue,
            n => match n.strip_prefix("HTTP_") {
                Some(h) => h.to_ascii_lowercase().replace('_', "-"),
                None => continue,
            },
        };
        headers.push((header, value.clone()));
    }
    Some(WireRequest {
        http: HttpRequest::from_target(method, &target, headers),
        body_sha256: None,
        body_len: None,
        source: source.clone(),
    })
}

pub(super) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let mut g = Grouper::default();
    for e in entries(text) {
        g.add(&e);
    }
    let mut requests = g.requests;
    // The failing request; else the last that was signed; else the last.
    let signed = |r: &Request| r.canonical_request.is_some() || r.server_signature.is_some();
    let chosen = super::super::pick::last_preferred(&requests, &[&Request::failed, &signed])
        .ok_or_else(|| {
            InputError::new(
                &source.name,
                "a Ceph RGW log, but no request in it (debug_rgw 10 or more logs the signing)",
            )
        })?;
    let mut notes = Vec::new();
    if requests.len() > 1 {
        let r = &requests[chosen];
        let status = r
            .http_status
            .map_or_else(|| "no status logged".to_string(), |s| s.to_string());
        notes.push(format!(
            "{}: {} requests in this RGW log; using the {} ({}{} → {status})",
            source.name,
            requests.len(),
            ordinal(chosen + 1),
            r.describe(),
            r.id.as_deref()
                .map(|i| format!(", req {i}"))
                .unwrap_or_default(),
        ));
    }
    let r = requests.swap_remove(chosen);
    Ok(exchange(r, source, notes))
}

fn exchange(r: Request, source: &Source, mut notes: Vec<String>) -> Exchange {
    let request = wire_request(&r, source);
    if request.is_none() && r.access_line.is_some() {
        notes.push(format!(
            "{}: RGW logged no request environment (debug_rgw 20 does); only `{}` is known of the request",
            source.name,
            r.describe()
        ));
    } else if request.is_some() {
        notes.push(format!(
            "{}: the request is rebuilt from RGW's environment dump: header names lower-cased, their order and the body not logged",
            source.name
        ));
    }
    if r.derived_keys {
        notes.push(format!(
            "{}: this log holds RGW's derived signing keys (date_k … signing_k), which sign requests for this access key, day and region: redact them before sharing it",
            source.name
        ));
    }
    if r.second_pass_differs {
        notes.push(format!(
            "{}: RGW logged a second canonical request for this request, from its boto2-compatibility retry (presigned URLs: host with the port appended again); the first, AWS-style one is used",
            source.name
        ));
    }
    if let (Some(s), Some(c)) = (&r.server_signature, &r.client_signature) {
        notes.push(if s == c {
            format!(
                "{}: RGW's signature matches the request's ({})",
                source.name,
                short(s)
            )
        } else {
            format!(
                "{}: RGW computed signature {} but the request carries {}",
                source.name,
                short(s),
                short(c)
            )
        });
    }
    let mapped = r.err_no.filter(|&e| e != 0).map(|e| (e, s3_code(e)));
    let code = match mapped {
        Some((_, Some((code, _)))) => Some(code.to_string()),
        Some((e, None)) => {
            notes.push(format!(
                "{}: RGW answered error number {e}, which this reader does not map to an S3 code",
                source.name
            ));
            Some(format!("RGW error {e}"))
        }
        None if r.skew => Some("RequestTimeTooSkewed".to_string()),
        None if r.failed() => Some(
            if r.server_signature.is_some() && r.server_signature != r.client_signature {
                "SignatureDoesNotMatch"
            } else {
                "AccessDenied"
            }
            .to_string(),
        ),
        None => None,
    };
    let http_status = r
        .http_status
        .or_else(|| mapped.and_then(|(_, m)| m.map(|(_, s)| s)));
    let server = code.map(|code| ServerError {
        code,
        aws_access_key_id: r.access_key.clone().or_else(|| {
            request
                .as_ref()
                .and_then(WireRequest::claim)
                .and_then(|c| c.credential)
                .map(|c| c.access_key)
        }),
        string_to_sign: r.string_to_sign.clone(),
        signature_provided: r.client_signature.clone(),
        canonical_request: r.canonical_request.clone(),
        request_id: r.trans_id.clone(),
        request_time: r.req_tp.as_deref().map(rfc3339),
        // Only a skew error carries the server's time, as AWS's does.
        server_time: r
            .cur_tp
            .clone()
            .or_else(|| r.started.clone())
            .filter(|_| r.skew)
            .map(|t| rfc3339(&t)),
        source: Some(source.clone()),
        ..ServerError::default()
    });
    Exchange {
        request,
        client: None,
        server,
        response: http_status.map(|s| ResponseMeta {
            status: Some(s),
            headers: Vec::new(),
        }),
        sources: Vec::new(),
        notes,
        server_software: None,
    }
}

/// The first 16 hex digits, enough to tell signatures apart in a note.
fn short(sig: &str) -> String {
    match sig.get(..16) {
        Some(head) if sig.len() > 16 => format!("{head}…"),
        _ => sig.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "rgw.log".into(),
            format: "server-log".into(),
        }
    }

    const FAIL: &str = "\
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 20 HTTP_AUTHORIZATION=AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=2251cadb9b36bd1c6f8cdea658ffc976b7614d8f4426b60f2ca9aa7dba87f138
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 20 HTTP_HOST=127.0.0.1:40880
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 20 HTTP_X_AMZ_DATE=20261123T191812Z
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 20 REQUEST_METHOD=PUT
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 20 REQUEST_URI=/examplebucket/a==.json
2026-11-23T19:18:13.001+0000 7f5bb276c6c0  1 ====== starting new request req=0x7f5c503b26e0 =====
2026-11-23T19:18:13.001+0000 7f5bb276c6c0  2 req 147 0.000000000s initializing for trans_id = tx00000ccbd46a409dfb9e7-006b049175-1012-default
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 req 147 0.000000000s access key id = AKIAIOSFODNN7EXAMPLE
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 req 147 0.000000000s canonical request = PUT
/examplebucket/a%3D%3D.json

host:127.0.0.1:40880
x-amz-date:20261123T191812Z

host;x-amz-date
UNSIGNED-PAYLOAD
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 req 147 0.000000000s string to sign = AWS4-HMAC-SHA256
20261123T191812Z
20261123/us-east-1/s3/aws4_request
ca57d8f577e1b9c2036bcc2d4702eaadcc14ffd15aba6cf1d078b3d51e745a38
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 req 147 0.000000000s signing_k = 98b4bb19981b8102937be9b147ddb5da6d668b6aee9700566d550feb38dd01ea
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 15 req 147 0.000000000s s3:put_obj server signature=ca0d8a78de446d47801a26a6881f6668364c21d51e54455ddd18c28cab733340
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 15 req 147 0.000000000s s3:put_obj client signature=2251cadb9b36bd1c6f8cdea658ffc976b7614d8f4426b60f2ca9aa7dba87f138
2026-11-23T19:18:13.001+0000 7f5bb276c6c0 10 failed to authorize request
2026-11-23T19:18:13.001+0000 7f5bb276c6c0  1 req 147 0.000000000s op->ERRORHANDLER: err_no=-2027 new_err_no=-2027
2026-11-23T19:18:13.001+0000 7f5baf7666c0  2 req 147 0.000000000s s3:put_obj http status=403
2026-11-23T19:18:13.001+0000 7f5baf7666c0  1 ====== req done req=0x7f5c503b26e0 op status=0 http_status=403 latency=0.000000000s ======
2026-11-23T19:18:13.001+0000 7f5baf7666c0  1 beast: 0x7f5c503b26e0: 127.0.0.1 - - [23/Nov/2026:19:18:13.001 +0000] \"PUT /examplebucket/a==.json HTTP/1.1\" 403 213 - \"curl/7.88.1\" - latency=0.000000000s
";

    #[test]
    fn reads_a_signature_mismatch() {
        assert!(looks_like(FAIL));
        let ex = parse(FAIL, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(
            s.canonical_request.as_deref(),
            Some(
                "PUT\n/examplebucket/a%3D%3D.json\n\nhost:127.0.0.1:40880\nx-amz-date:20261123T191812Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD"
            )
        );
        assert_eq!(
            s.string_to_sign.as_deref().and_then(|t| t.lines().nth(2)),
            Some("20261123/us-east-1/s3/aws4_request")
        );
        assert_eq!(
            s.signature_provided.as_deref().map(|x| &x[..8]),
            Some("2251cadb")
        );
        assert_eq!(s.aws_access_key_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
        assert_eq!(
            s.request_id.as_deref(),
            Some("tx00000ccbd46a409dfb9e7-006b049175-1012-default")
        );
        let req = ex.request.unwrap();
        assert_eq!(req.http.method, "PUT");
        assert_eq!(req.http.path, "/examplebucket/a==.json");
        assert_eq!(req.http.header("x-amz-date"), Some("20261123T191812Z"));
        assert!(req.claim().is_some());
        assert_eq!(ex.response.unwrap().status, Some(403));
        assert!(ex.notes.iter().any(|n| n.contains("derived signing keys")));
    }

    #[test]
    fn picks_the_failing_request_among_several() {
        let ok = FAIL
            .replace("req 147 ", "req 9 ")
            .replace("err_no=-2027 new_err_no=-2027", "err_no=0 new_err_no=0")
            .replace("http status=403", "http status=200")
            .replace("\" 403 213", "\" 200 0")
            .replace("10 failed to authorize request", "10 something else")
            .replace(
                "client signature=2251cadb9b36bd1c6f8cdea658ffc976b7614d8f4426b60f2ca9aa7dba87f138",
                "client signature=ca0d8a78de446d47801a26a6881f6668364c21d51e54455ddd18c28cab733340",
            );
        let later = ok.replace("req 9 ", "req 11 ");
        let text = format!("{ok}{FAIL}{later}");
        let ex = parse(&text, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        assert!(ex.notes[0].contains("3 requests"), "{:?}", ex.notes);
        assert!(ex.notes[0].contains("the 2nd"), "{:?}", ex.notes);
    }

    #[test]
    fn a_passing_request_has_no_server_error() {
        let ok = FAIL
            .replace("err_no=-2027 new_err_no=-2027", "err_no=0 new_err_no=0")
            .replace("http status=403", "http status=200")
            .replace("\" 403 213", "\" 200 0")
            .replace("10 failed to authorize request", "10 something else")
            .replace("2251cadb9b36bd1c", "ca0d8a78de446d47")
            .replace(
                "6f8cdea658ffc976b7614d8f4426b60f2ca9aa7dba87f138",
                "801a26a6881f6668364c21d51e54455ddd18c28cab733340",
            );
        let ex = parse(&ok, &src()).unwrap();
        assert!(ex.server.is_none(), "{:?}", ex.server);
        assert_eq!(ex.response.unwrap().status, Some(200));
    }

    #[test]
    fn the_first_pass_is_kept_over_the_boto2_retry() {
        let text = "\
2026-11-23T19:34:30.029+0000 7f25 10 req 7 0.004000000s canonical request = GET
/b/k
X-Amz-Date=20261123T193429Z
host:127.0.0.1:57721

host
UNSIGNED-PAYLOAD
2026-11-23T19:34:30.029+0000 7f25 15 req 7 0.004000000s s3:get_obj server signature=aa
2026-11-23T19:34:30.029+0000 7f25 15 req 7 0.004000000s s3:get_obj client signature=cc
2026-11-23T19:34:30.029+0000 7f25 10 req 7 0.004000000s canonical request = GET
/b/k
X-Amz-Date=20261123T193429Z
host:127.0.0.1:57721:57721

host
UNSIGNED-PAYLOAD
2026-11-23T19:34:30.029+0000 7f25 15 req 7 0.004000000s s3:get_obj server signature=bb
2026-11-23T19:34:30.029+0000 7f25 15 req 7 0.004000000s s3:get_obj client signature=cc
2026-11-23T19:34:30.029+0000 7f25  1 req 7 0.004000000s op->ERRORHANDLER: err_no=-2027 new_err_no=-2027
";
        let ex = parse(text, &src()).unwrap();
        let s = ex.server.unwrap();
        assert!(
            s.canonical_request
                .unwrap()
                .contains("host:127.0.0.1:57721\n")
        );
        assert!(
            ex.notes.iter().any(|n| n.contains("boto2")),
            "{:?}",
            ex.notes
        );
        assert!(
            ex.notes.iter().any(|n| n.contains("computed signature aa")),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn clock_skew_carries_both_times() {
        let text = "\
2026-11-23T19:22:25.189+0000 7f9714f596c0  2 req 12 0.000000000s initializing for trans_id = tx0000-1
2026-11-23T19:22:25.189+0000 7f9714f596c0 10 req 12 0.000000000s v4 signature format = 39b4f803
2026-11-23T19:22:25.189+0000 7f9714f596c0 10 NOTICE: request time skew too big.
2026-11-23T19:22:25.189+0000 7f9714f596c0 10 req_tp=2026-11-23T19:02:25.000000+0000, cur_tp=2026-11-23T19:22:25.189230+0000
2026-11-23T19:22:25.189+0000 7f9714f596c0  1 req 12 0.000000000s op->ERRORHANDLER: err_no=-2012 new_err_no=-2012
";
        assert!(looks_like(text));
        let s = parse(text, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "RequestTimeTooSkewed");
        assert_eq!(
            s.request_time.as_deref(),
            Some("2026-11-23T19:02:25.000000+00:00")
        );
        assert_eq!(
            s.server_time.as_deref(),
            Some("2026-11-23T19:22:25.189230+00:00")
        );
        assert!(crate::timefmt::parse_any(s.request_time.as_deref().unwrap()).is_some());
    }

    #[test]
    fn older_prefix_and_no_request_ids() {
        // Ceph 14: space in the timestamp, and signing lines without `req`.
        let text = "\
2019-06-05 10:22:06.123456 7f1234567700 10 canonical request = GET
/b/k

host:h

host
UNSIGNED-PAYLOAD
2019-06-05 10:22:06.123456 7f1234567700 15 server signature=aa
2019-06-05 10:22:06.123456 7f1234567700 15 client signature=bb
2019-06-05 10:22:06.123456 7f1234567700 10 failed to authorize request
";
        assert!(looks_like(text));
        let s = parse(text, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(
            s.canonical_request.as_deref(),
            Some("GET\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
    }

    #[test]
    fn cephadm_debug_prefix() {
        let text = "debug 2023-06-05T10:22:06.123+0000 7f12 15 req 5 0.0s s3:get_obj server signature=aa\n\
debug 2023-06-05T10:22:06.123+0000 7f12 15 req 5 0.0s s3:get_obj client signature=bb\n";
        assert!(looks_like(text));
        let ex = parse(text, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn other_text_is_not_rgw() {
        assert!(!looks_like(""));
        assert!(!looks_like("2026-11-23T19:18:13.001+0000 7f5b 10 hello\n"));
        assert!(!looks_like("canonical request = PUT\n"));
        assert!(!looks_like(
            "2026-11-23 19:18:13,001 botocore.auth [DEBUG] CanonicalRequest:\nPUT\n"
        ));
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "2026-11-23T19:18:13.001+0000 7f 10 req",
            "2026-11-23T19:18:13.001+0000 7f 10 req 1",
            "2026-11-23T19:18:13.001+0000 7f 10 req 1 0.0s",
            "2026-11-23T19:18:13.001+0000 7f 10 beast: 0x1: \"",
            "2026-11-23T19:18:13.001+0000 7f 10 req_tp=",
            "2026-11-23T19:18:13.001+0000 7f 10 op->ERRORHANDLER: err_no=",
            "2026-11-23T19:18:13.001+0000 7f 1 ====== starting new request req=",
            "2026-11-23T19:18:13.001+0000 7f 10 req 1 0s op->ERRORHANDLER: err_no=-99999999999999999999",
            "2026-11-23T19:18:13.001+0000 7f 10 req 1 0s op->ERRORHANDLER: err_no=-9223372036854775808",
            "2026-11-23T19:18:13.0€1+0000 7f 10 req 1 0s server signature=é",
        ] {
            let _ = looks_like(t);
            let _ = parse(t, &src());
            let _ = rfc3339(t);
        }
    }
}

//! MinIO's HTTP trace as `mc admin trace` prints it.
//!
//! * `mc admin trace -v ALIAS` (text), printed by `traceMessage.String()` in
//!   minio/mc `cmd/admin-trace.go`. Every line of one call starts with the
//!   node name when the server set one (`127.0.0.1:9000 `):
//!
//!   ```text
//!   NODE [REQUEST s3.PutObject] [2024-06-23T05:56:15.273] [Client IP: 172.29.0.9]
//!   NODE PUT /bucket/key?query
//!   NODE Proto: HTTP/1.1
//!   NODE Host: minio:9000
//!   NODE Authorization: AWS4-HMAC-SHA256 Credential=…   (other headers, map order)
//!   NODE <BLOB>                                          (request body, or empty)
//!   NODE [RESPONSE] [2024-…] [ Duration 174µs TTFB 0s ↑ 88 B  ↓ 0 B ]
//!   NODE 403 Forbidden
//!   NODE Content-Type: application/xml                   (response headers)
//!   NODE <?xml version="1.0" encoding="UTF-8"?>
//!   <Error><Code>SignatureDoesNotMatch</Code>…</Error>
//!   NODE
//!   ```
//!
//!   Older mc releases (before 2021) print `NODE [REQUEST s3.X] 20:38:22.566`
//!   without the client IP, no `Proto:` line, and other arrows in the
//!   statistics; Windows consoles garble `µ ↑ ↓`. Only the markers
//!   `[REQUEST …]` and `[RESPONSE]` are relied on.
//! * `mc admin trace -v --json ALIAS`: one JSON object per call (indented, or
//!   one per line with `--json` line mode) with `api`, `host`, `request`
//!   (`method`, `path`, `rawQuery`, `headers`, `body`) and `response`
//!   (`statusCode`, `headers`, `body`), from `verboseTrace` in the same file.
//! * Plain `mc admin trace` (one line per call, no headers) is recognised so
//!   the user is told to add `-v`; an error body pasted with it is still read.
//!
//! What a trace holds: the request as MinIO's HTTP server received it
//! (method, path, raw query, every header incl. `Authorization`), the
//! response status, headers and error body. What it lacks: MinIO's
//! canonical request and string to sign (MinIO never logs or returns them),
//! the request body (`<BLOB>` for object data), and header order and
//! spelling (Go canonicalises names and the text form prints them in map
//! order, `Host` first). The path is Go's `r.URL.RawPath` when the client's
//! encoding differs from Go's default and the decoded `r.URL.Path`
//! otherwise (minio `cmd/http-tracer.go`; servers before mid-2021 always
//! print the decoded path), so the wire target is rebuilt when only the
//! decoded form can have been printed.

use crate::input::ansi::strip_ansi;
use crate::model::exchange::{Exchange, Source};
use crate::sigv4::percent_decode;

use super::super::InputError;
use super::super::curl_verbose::ordinal;
use super::super::wire::{CapturedRequest, CapturedResponse, assemble};

pub(super) fn looks_like(text: &str) -> bool {
    looks_like_verbose(text) || looks_like_json(text) || looks_like_short(text)
}

pub(super) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let clean = strip_ansi(text).replace("\r\n", "\n");
    let mut calls = if looks_like_verbose(&clean) {
        parse_verbose(&clean)
    } else {
        Vec::new()
    };
    if calls.is_empty() && looks_like_json(&clean) {
        calls = parse_json(&clean);
    }
    if calls.is_empty() {
        return short_form(&clean, source);
    }
    let mut notes = Vec::new();
    let chosen = pick(&calls, &mut notes, source);
    let call = calls.swap_remove(chosen);
    let (target, rebuilt) = wire_target(&call.shown_target, call.old_server());
    if rebuilt {
        notes.push(format!(
            "{}: MinIO's trace prints the decoded path `{}`; the request target is rebuilt as Go's encoding of it, `{target}`, which is what the client sent",
            source.name, call.shown_target
        ));
    }
    if has_encoded_slash(&target) {
        notes.push(format!(
            "{}: the path holds `%2F`; MinIO verifies the signature over the decoded path (`%2F` becomes `/`, minio `getCanonicalRequest` → `s3utils.EncodePath(r.URL.Path)`), so a client that signed `%2F` is refused by MinIO although AWS S3 accepts it",
            source.name
        ));
    }
    let request = CapturedRequest {
        target,
        ..call.request
    };
    // A fragment cut before `[RESPONSE]` has no response at all.
    let r = &call.response;
    let seen = r.status.is_some() || !r.headers.is_empty() || r.body.is_some();
    let mut ex = assemble(Some(&request), seen.then_some(r), source);
    notes.append(&mut ex.notes);
    ex.notes = notes;
    Ok(ex)
}

/// One traced call.
#[derive(Debug, Default)]
struct Call {
    /// `s3.PutObject`.
    api: String,
    /// Path (and `?query`) exactly as the trace prints it.
    shown_target: String,
    /// The request; its `target` is filled in by [`parse`].
    request: CapturedRequest,
    response: CapturedResponse,
}

impl Call {
    /// A `Server: MinIO/RELEASE.…` header: MinIO dropped the release tag in
    /// November 2020, and until May 2021 the trace printed the decoded path.
    fn old_server(&self) -> bool {
        self.response.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("server") && v.to_ascii_lowercase().starts_with("minio/")
        })
    }

    fn error_code(&self) -> Option<String> {
        let body = String::from_utf8_lossy(self.response.body.as_deref()?).into_owned();
        let start = body.find("<Code>")? + "<Code>".len();
        let len = body.get(start..)?.find("</Code>")?;
        body.get(start..start + len).map(|c| c.trim().to_string())
    }
}

// ---------------------------------------------------------------- detection

/// A `[REQUEST func]` header line followed somewhere by `[RESPONSE]`, or a
/// fragment of one that starts at the request line: `PUT /b/k` then
/// `Proto: HTTP/1.1` (a line only this trace prints).
fn looks_like_verbose(text: &str) -> bool {
    let mut request = false;
    for line in text.lines() {
        if request_header(line).is_some() {
            request = true;
        } else if request && line.contains("[RESPONSE]") {
            return true;
        }
    }
    fragment_start(text).is_some()
}

/// `(line index, indentation)` of the request line of a pasted fragment.
fn fragment_start(text: &str) -> Option<(usize, &str)> {
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let next = lines.peek().map_or("", |(_, l)| *l);
        if method_line(line).is_some() && next.trim_start().starts_with("Proto: HTTP/") {
            let indent = line
                .get(..line.len() - line.trim_start().len())
                .unwrap_or("");
            return Some((i, indent));
        }
    }
    None
}

/// `{ "api": …, "request": { "method": … }, "response": … }`.
fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && ["\"api\"", "\"request\"", "\"response\"", "\"method\""]
            .iter()
            .all(|k| text.contains(k))
}

/// Plain `mc admin trace`: `… [403 Forbidden] s3.PutObject host/path …`.
fn looks_like_short(text: &str) -> bool {
    text.lines().any(|l| short_line(l).is_some())
}

/// `(node prefix, api)` of a `NODE [REQUEST s3.PutObject] [time] …` line.
fn request_header(line: &str) -> Option<(&str, &str)> {
    let at = line.find("[REQUEST ")?;
    let rest = line.get(at + "[REQUEST ".len()..)?;
    let end = rest.find(']')?;
    let api = rest.get(..end)?;
    if api.is_empty() || api.contains(char::is_whitespace) {
        return None;
    }
    Some((line.get(..at)?, api))
}

/// `(status, api)` of a plain-trace line `TIME [403 Forbidden] s3.PutObject …`.
fn short_line(line: &str) -> Option<(u16, &str)> {
    let open = line.find('[')?;
    let rest = line.get(open + 1..)?;
    let close = rest.find(']')?;
    let inside = rest.get(..close)?;
    let status: u16 = inside.get(..3)?.parse().ok()?;
    if !(100..=599).contains(&status) || !inside.get(3..)?.starts_with(' ') {
        return None;
    }
    let api = rest.get(close + 1..)?.trim_start().split(' ').next()?;
    let known = ["s3.", "admin.", "sts.", "internal.", "storageR.", "peer."];
    known
        .iter()
        .any(|p| api.starts_with(p) && api.len() > p.len())
        .then_some((status, api))
}

// ---------------------------------------------------------------- -v text

fn parse_verbose(text: &str) -> Vec<Call> {
    let lines: Vec<&str> = text.split('\n').collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| request_header(l).is_some()))
        .collect();
    let mut calls = Vec::new();
    if starts.is_empty()
        && let Some((start, indent)) = fragment_start(text)
    {
        // Pasted without its `[REQUEST …]` line: one call, api unknown.
        let block: Vec<&str> = lines
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map(|l| unprefix(l, indent))
            .collect();
        calls.extend(parse_block(&block));
        return calls;
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let Some(header) = lines.get(start) else {
            continue;
        };
        let Some((prefix, api)) = request_header(header) else {
            continue;
        };
        let block: Vec<&str> = lines
            .get(start + 1..end)
            .unwrap_or_default()
            .iter()
            .map(|l| unprefix(l, prefix))
            .collect();
        if let Some(mut call) = parse_block(&block) {
            call.api = api.to_string();
            calls.push(call);
        }
    }
    calls
}

/// Removes the node name that starts every line of a call (`minio:9000 `),
/// or the indentation a paste added. Lines without it (the second line of
/// a multi-line body) are kept as they are.
fn unprefix<'a>(line: &'a str, prefix: &str) -> &'a str {
    let node = prefix.trim();
    if node.is_empty() {
        return line.strip_prefix(prefix).unwrap_or(line);
    }
    let lead = prefix
        .get(..prefix.len() - prefix.trim_start().len())
        .unwrap_or("");
    let line_body = line.strip_prefix(lead).unwrap_or(line);
    match line_body.strip_prefix(node) {
        Some("") => "",
        Some(rest) if rest.starts_with(' ') => &rest[1..],
        _ => line,
    }
}

/// The lines after `[REQUEST …]`, node names removed.
fn parse_block(block: &[&str]) -> Option<Call> {
    let mut lines = block.iter().copied().peekable();
    let (method, shown_target) = method_line(lines.next()?)?;
    let mut headers = Vec::new();
    while let Some(line) = lines.peek() {
        if line.starts_with("Proto: ") {
            lines.next();
        } else if let Some(h) = header(line) {
            headers.push(h);
            lines.next();
        } else {
            break;
        }
    }
    // The body line(s) up to `[RESPONSE]`: empty, `<BLOB>`/`<BODY>` for
    // object data, or the body itself for small API calls.
    let mut body_lines = Vec::new();
    let mut saw_response = false;
    for line in lines.by_ref() {
        if line.trim_start().starts_with("[RESPONSE]") {
            saw_response = true;
            break;
        }
        body_lines.push(line);
    }
    let request = CapturedRequest {
        method,
        target: String::new(),
        body: request_body(&body_lines.join("\n"), &headers),
        headers,
    };
    let mut response = CapturedResponse::default();
    if saw_response {
        let mut lines = lines.peekable();
        response.status = lines.next().and_then(status_line);
        while let Some(line) = lines.peek() {
            match header(line) {
                Some(h) => {
                    response.headers.push(h);
                    lines.next();
                }
                None => break,
            }
        }
        let body: Vec<&str> = lines.take_while(|l| !other_trace_line(l)).collect();
        let body = body.join("\n");
        let body = body.trim_matches(['\n', ' ']);
        if !body.is_empty() {
            response.body = Some(body.as_bytes().to_vec());
        }
    }
    Some(Call {
        api: String::new(),
        shown_target,
        request,
        response,
    })
}

/// `PUT /bucket/key?x=1`: the target is the rest of the line, spaces and
/// all (a decoded path can hold them).
fn method_line(line: &str) -> Option<(String, String)> {
    let (method, target) = line.trim_start().split_once(' ')?;
    let ok = !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && target.starts_with('/');
    ok.then(|| (method.to_string(), target.to_string()))
}

/// `Name: value` with a header-token name (Go prints canonical names).
fn header(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(": ").or_else(|| {
        // `Name:` with an empty value.
        line.strip_suffix(':').map(|n| (n, ""))
    })?;
    let name = name.trim_start();
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    token.then(|| (name.to_string(), value.to_string()))
}

/// `403 Forbidden` → 403.
fn status_line(line: &str) -> Option<u16> {
    let code = line.trim().split(' ').next()?;
    if code.len() == 3 {
        code.parse().ok()
    } else {
        None
    }
}

/// `[STORAGE …]`, `[OS …]`, `[INTERNAL …]` lines of other trace types that
/// `--all` interleaves: they end a response body.
fn other_trace_line(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('[') else {
        return false;
    };
    let kind: String = rest.chars().take_while(|c| *c != ' ').collect();
    kind.len() > 1 && kind.chars().all(|c| c.is_ascii_uppercase()) && rest.contains(']')
}

/// The request body when the trace shows all of it: not a placeholder, and
/// as long as `Content-Length` says (a refused request's body is often
/// never read, and then the trace shows less than was sent).
fn request_body(shown: &str, headers: &[(String, String)]) -> Option<Vec<u8>> {
    if matches!(shown.trim(), "<BLOB>" | "<BODY>" | "<GZIP>") {
        return None;
    }
    let declared = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    match declared {
        Some(n) if n == shown.len() => Some(shown.as_bytes().to_vec()),
        None if shown.is_empty() => Some(Vec::new()),
        _ => None,
    }
}

// ---------------------------------------------------------------- --json

fn parse_json(text: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    let mut pos = 0;
    // Top-level objects start a line (`enc.SetIndent("", " ")` indents the
    // inner ones); anything between them (a warning mc printed) is skipped.
    while let Some(start) = next_object(text, pos) {
        let rest = text.get(start..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        match stream.next() {
            Some(Ok(v)) => {
                if let Some(call) = json_call(&v) {
                    calls.push(call);
                }
                pos = start + stream.byte_offset().max(1);
            }
            _ => pos = start + 1,
        }
    }
    calls
}

fn next_object(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    if from == 0 && rest.trim_start().starts_with('{') {
        return Some(rest.len() - rest.trim_start().len());
    }
    rest.find("\n{").map(|i| from + i + 1)
}

fn json_call(v: &serde_json::Value) -> Option<Call> {
    let rq = v.get("request")?;
    let rs = v.get("response");
    let s = |v: Option<&serde_json::Value>| v.and_then(|x| x.as_str()).unwrap_or("").to_string();
    let method = s(rq.get("method"));
    let path = s(rq.get("path"));
    if method.is_empty() || !path.starts_with('/') {
        return None;
    }
    let query = s(rq.get("rawQuery"));
    let shown_target = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    // JSON objects are written with sorted keys; put Host first as a wire
    // capture would have it.
    let mut headers = json_headers(rq.get("headers"));
    if let Some(i) = headers
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("host"))
    {
        let host = headers.remove(i);
        headers.insert(0, host);
    }
    let body = request_body(&s(rq.get("body")), &headers);
    let response = CapturedResponse {
        status: rs
            .and_then(|r| r.get("statusCode"))
            .and_then(serde_json::Value::as_u64)
            .and_then(|c| u16::try_from(c).ok()),
        headers: json_headers(rs.and_then(|r| r.get("headers"))),
        body: Some(s(rs.and_then(|r| r.get("body"))))
            .filter(|b| !b.is_empty())
            .map(String::into_bytes),
    };
    Some(Call {
        api: s(v.get("api")),
        shown_target,
        request: CapturedRequest {
            method,
            target: String::new(),
            headers,
            body,
        },
        response,
    })
}

fn json_headers(v: Option<&serde_json::Value>) -> Vec<(String, String)> {
    v.and_then(serde_json::Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------- plain trace

/// Plain `mc admin trace` shows no headers: nothing to verify a signature
/// with. An error body pasted along is still read.
fn short_form(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let what = text
        .lines()
        .filter_map(short_line)
        .find(|(status, _)| *status >= 400)
        .or_else(|| text.lines().filter_map(short_line).next_back())
        .map(|(status, api)| format!(" ({api} → {status})"))
        .unwrap_or_default();
    let advice = "run `mc admin trace -v ALIAS` (or `-v --json`) to see the request's headers";
    if super::super::messy::looks_like_error_xml(text)
        && let Ok(mut ex) = super::super::messy::parse(text, source)
    {
        ex.notes.insert(
            0,
            format!(
                "{}: plain `mc admin trace` output{what} names the call but not its headers; read the error body only; {advice}",
                source.name
            ),
        );
        return Ok(ex);
    }
    Err(InputError::new(
        &source.name,
        format!(
            "plain `mc admin trace` output{what} holds no request headers or signature; {advice}"
        ),
    ))
}

// ---------------------------------------------------------------- choosing

/// The call to diagnose: the last refused with SignatureDoesNotMatch, else
/// the last failing S3 call, else the last call.
fn pick(calls: &[Call], notes: &mut Vec<String>, source: &Source) -> usize {
    let last = calls.len().saturating_sub(1);
    let failed = |c: &Call| c.response.is_failure();
    let signature = |c: &Call| c.error_code().as_deref() == Some("SignatureDoesNotMatch");
    let s3_failure = |c: &Call| failed(c) && c.api.starts_with("s3.");
    let chosen = super::super::pick::last_preferred(calls, &[&signature, &s3_failure, &failed])
        .unwrap_or(last);
    if calls.len() > 1
        && let Some(c) = calls.get(chosen)
    {
        let path = c.shown_target.split('?').next().unwrap_or("");
        let status = c
            .response
            .status
            .map_or("no response".to_string(), |s| s.to_string());
        let code = c.error_code().map(|e| format!(" {e}")).unwrap_or_default();
        notes.push(format!(
            "{}: {} calls traced; using the {} ({} {} {path} → {status}{code})",
            source.name,
            calls.len(),
            ordinal(chosen + 1),
            c.api,
            c.request.method,
        ));
    }
    chosen
}

// ---------------------------------------------------------------- path

/// The request target the client sent, from the one the trace printed,
/// and whether it had to be rebuilt.
///
/// Go's server keeps `URL.RawPath` only when the client's spelling differs
/// from Go's default encoding of the decoded path, and MinIO prints
/// `RawPath` if set, else the decoded `Path`. So a printed path that cannot
/// be a wire path (a space, a control or non-ASCII byte, a bare `%`), or
/// that equals Go's encoding of its own decoding while holding escapes,
/// is the decoded path, and the client sent Go's encoding of it. Anything
/// else is kept byte for byte. `old_server`: the server printed the
/// decoded path always.
fn wire_target(shown: &str, old_server: bool) -> (String, bool) {
    let (path, query) = match shown.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (shown, None),
    };
    let decoded_form = old_server
        || !escapes_valid(path)
        || path.bytes().any(|b| b <= b' ' || b >= 0x7f)
        || (path.contains('%') && go_escape_path(&percent_decode(path, false)) == path.as_bytes());
    if !decoded_form {
        return (shown.to_string(), false);
    }
    let escaped = String::from_utf8_lossy(&go_escape_path(path.as_bytes())).into_owned();
    if escaped == path {
        return (shown.to_string(), false);
    }
    let target = match query {
        Some(q) => format!("{escaped}?{q}"),
        None => escaped,
    };
    (target, true)
}

/// Go's `url.escape(s, encodePath)`: everything but `A-Za-z0-9-_.~` and
/// `$&+,/:;=@` becomes `%XX` (upper-case hex).
fn go_escape_path(input: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(input.len() + 8);
    for &b in input {
        let keep = b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@".contains(&b);
        if keep {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
        }
    }
    out
}

/// Every `%` starts a two-hex-digit escape (Go refuses the request otherwise).
fn escapes_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

fn has_encoded_slash(target: &str) -> bool {
    let path = target.split('?').next().unwrap_or("");
    path.contains("%2F") || path.contains("%2f")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "trace.txt".into(),
            format: "server-log".into(),
        }
    }

    const ERR: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><Key>k.txt</Key><BucketName>b</BucketName><Resource>/b/k.txt</Resource><RequestId>18A5F1E2B3C4D5E6</RequestId><HostId>dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8</HostId></Error>";

    fn modern(node: &str, path: &str, status: &str, body: &str) -> String {
        let p = if node.is_empty() {
            String::new()
        } else {
            format!("{node} ")
        };
        let n = node;
        format!(
            "{p}[REQUEST s3.PutObject] [2026-01-02T03:04:05.678] [Client IP: 127.0.0.1]\n\
             {p}PUT {path}\n\
             {p}Proto: HTTP/1.1\n\
             {p}Host: 127.0.0.1:9000\n\
             {p}X-Amz-Date: 20260102T030405Z\n\
             {p}Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260102/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
             {p}X-Amz-Content-Sha256: UNSIGNED-PAYLOAD\n\
             {p}Content-Length: 5\n\
             {p}<BLOB>\n\
             {p}[RESPONSE] [2026-01-02T03:04:05.679] [ Duration 1.1ms TTFB 1.0ms ↑ 93 B  ↓ 470 B ]\n\
             {p}{status}\n\
             {p}Content-Type: application/xml\n\
             {p}Server: MinIO\n\
             {p}Vary: Origin,Accept-Encoding\n\
             {p}{body}\n\
             {n}\n"
        )
    }

    #[test]
    fn reads_a_modern_verbose_trace_with_node_names() {
        let t = modern("127.0.0.1:9000", "/b/k.txt", "403 Forbidden", ERR);
        assert!(looks_like(&t));
        let ex = parse(&t, &src()).unwrap();
        let req = ex.request.unwrap();
        assert_eq!(req.http.method, "PUT");
        assert_eq!(req.http.path, "/b/k.txt");
        assert_eq!(req.http.header("host"), Some("127.0.0.1:9000"));
        assert!(
            req.http
                .header("authorization")
                .unwrap()
                .contains("Signature=0123")
        );
        assert_eq!(req.body_sha256, None, "<BLOB> is not the body");
        let resp = ex.response.unwrap();
        assert_eq!(resp.status, Some(403));
        assert_eq!(resp.header("server"), Some("MinIO"));
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(s.resource.as_deref(), Some("/b/k.txt"));
        assert!(ex.notes.is_empty(), "{:?}", ex.notes);
    }

    #[test]
    fn reads_a_trace_without_node_names_or_indented_by_a_paste() {
        let t = modern("", "/b/k.txt", "403 Forbidden", ERR);
        let ex = parse(&t, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        let indented: String = t.lines().map(|l| format!(" {l}\n")).collect();
        let ex = parse(&indented, &src()).unwrap();
        assert_eq!(
            ex.request.unwrap().http.header("x-amz-date"),
            Some("20260102T030405Z")
        );
        assert_eq!(ex.response.unwrap().status, Some(403));
    }

    #[test]
    fn reads_the_2020_layout() {
        // mc before 2020-08: time only, no client IP, no Proto line, the
        // body right after the response headers, a versioned Server header.
        let t = "minio [REQUEST s3.NewMultipartUpload] 23:00:00.701\n\
                 minio POST /b/a%3Ab?uploads\n\
                 minio Host: minio:9000\n\
                 minio Authorization: AWS4-HMAC-SHA256 Credential=AK/20200405/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=05a6\n\
                 minio X-Amz-Date: 20200405T230000Z\n\
                 minio Content-Length: 0\n\
                 minio \n\
                 minio [RESPONSE] [23:00:00.701] [ Duration 418µs  ↑ 93 B  ↓ 580 B ]\n\
                 minio 200 OK\n\
                 minio Server: MinIO/RELEASE.2020-04-04T05-39-31Z\n\
                 minio <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <InitiateMultipartUploadResult></InitiateMultipartUploadResult>\n";
        let ex = parse(t, &src()).unwrap();
        let req = ex.request.unwrap();
        assert_eq!(req.http.method, "POST");
        // That server printed the decoded path: `%3A` was `%253A` on the wire.
        assert_eq!(req.http.path, "/b/a%253Ab");
        assert_eq!(req.http.query, "uploads");
        assert_eq!(req.body_len, Some(0));
        assert_eq!(ex.response.unwrap().status, Some(200));
        assert!(ex.server.is_none());
        assert!(ex.notes[0].contains("rebuilt"), "{:?}", ex.notes);
    }

    #[test]
    fn garbled_windows_statistics_and_colours_do_not_matter() {
        let t = modern("h:9000", "/b/k.txt", "403 Forbidden", ERR)
            .replace(
                "1.1ms TTFB 1.0ms ↑ 93 B  ↓ 470 B",
                "758┬╡s  Γåæ 121 B  Γåô 756 B",
            )
            .replace(
                "[REQUEST s3.PutObject]",
                "\u{1b}[32m[REQUEST s3.PutObject]\u{1b}[0m",
            );
        let ex = parse(&t, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn reads_a_fragment_pasted_from_the_request_line_on() {
        // As pasted in minio/minio issue 19633: the `[REQUEST …]` line and
        // the node names cut off, every line indented by one space.
        let full = modern("", "/b/k.txt", "403 Forbidden", ERR);
        let fragment: String = full.lines().skip(1).map(|l| format!(" {l}\n")).collect();
        assert!(looks_like(&fragment));
        let ex = parse(&fragment, &src()).unwrap();
        assert_eq!(ex.request.unwrap().http.path, "/b/k.txt");
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        let no_response: String = fragment.lines().take(8).map(|l| format!("{l}\n")).collect();
        let ex = parse(&no_response, &src()).unwrap();
        assert!(ex.request.unwrap().http.header("authorization").is_some());
        assert!(ex.response.is_none());
    }

    #[test]
    fn decoded_paths_are_rebuilt_and_raw_ones_kept() {
        assert_eq!(
            wire_target("/b/a b.txt", false),
            ("/b/a%20b.txt".into(), true)
        );
        assert_eq!(
            wire_target("/b/café?x=1", false),
            ("/b/caf%C3%A9?x=1".into(), true)
        );
        assert_eq!(wire_target("/b/100%", false), ("/b/100%25".into(), true));
        // Go keeps `=`, `+`, `:` raw: the printed path is the wire path.
        assert_eq!(
            wire_target("/b/a==.json", false),
            ("/b/a==.json".into(), false)
        );
        // A spelling Go would not produce is the raw path itself.
        assert_eq!(
            wire_target("/b/dir%2Fa.txt", false),
            ("/b/dir%2Fa.txt".into(), false)
        );
        assert_eq!(
            wire_target("/b/a%3D.json", false),
            ("/b/a%3D.json".into(), false)
        );
        // `%20` equal to Go's own encoding can only be a decoded `%20`.
        assert_eq!(wire_target("/b/a%20b", false), ("/b/a%2520b".into(), true));
    }

    #[test]
    fn notes_an_encoded_slash() {
        let t = modern("n", "/b/dir%2Fk.txt", "403 Forbidden", ERR);
        let ex = parse(&t, &src()).unwrap();
        assert_eq!(ex.request.unwrap().http.path, "/b/dir%2Fk.txt");
        assert!(ex.notes.iter().any(|n| n.contains("%2F")), "{:?}", ex.notes);
    }

    #[test]
    fn picks_the_signature_failure_among_several_calls() {
        let ok = modern("n", "/b/one.txt", "200 OK", "");
        let bad = modern("n", "/b/two.txt", "403 Forbidden", ERR);
        let t = format!("{ok}{bad}{ok}");
        let ex = parse(&t, &src()).unwrap();
        assert_eq!(ex.request.unwrap().http.path, "/b/two.txt");
        assert!(
            ex.notes[0].contains("3 calls traced; using the 2nd"),
            "{:?}",
            ex.notes
        );
        assert!(
            ex.notes[0].contains("403 SignatureDoesNotMatch"),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn shown_body_is_used_only_when_complete() {
        let h = |n: &str| vec![("Content-Length".to_string(), n.to_string())];
        assert_eq!(request_body("", &h("0")), Some(Vec::new()));
        assert_eq!(request_body("<a/>", &h("4")), Some(b"<a/>".to_vec()));
        assert_eq!(request_body("", &h("120")), None, "never read");
        assert_eq!(request_body("<BLOB>", &h("6")), None);
    }

    #[test]
    fn reads_json_traces_indented_and_one_per_line() {
        let obj = |path: &str, code: u16, body: &str| {
            serde_json::json!({
                "type": "S3", "host": "127.0.0.1:9000", "api": "s3.PutObject",
                "time": "2026-01-02T03:04:05.678Z", "duration": 1_100_000, "path": path,
                "request": {"time": "2026-01-02T03:04:05.678Z", "proto": "HTTP/1.1", "method": "PUT",
                    "path": path, "rawQuery": "x-id=PutObject",
                    "headers": {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20260102/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
                                "Content-Length": "0", "Host": "127.0.0.1:9000"},
                    "body": ""},
                "response": {"time": "2026-01-02T03:04:05.679Z", "headers": {"Server": "MinIO"}, "body": body, "statusCode": code},
                "callStats": {"rx": 93, "tx": 470, "duration": 1_100_000, "timeToFirstByte": 0}
            })
        };
        let pretty = format!(
            "{}\n{}\n",
            serde_json::to_string_pretty(&obj("/b/one", 200, "")).unwrap(),
            serde_json::to_string_pretty(&obj("/b/two", 403, ERR)).unwrap()
        );
        let lines = format!(
            "{}\nmc: <WARN> something\n{}\n",
            serde_json::to_string(&obj("/b/one", 200, "")).unwrap(),
            serde_json::to_string(&obj("/b/two", 403, ERR)).unwrap()
        );
        for t in [pretty, lines] {
            assert!(looks_like(&t));
            let ex = parse(&t, &src()).unwrap();
            let req = ex.request.unwrap();
            assert_eq!(req.http.path, "/b/two");
            assert_eq!(req.http.query, "x-id=PutObject");
            assert_eq!(req.http.headers.first().map(|h| h.0.as_str()), Some("Host"));
            assert_eq!(req.body_len, Some(0));
            assert_eq!(ex.response.unwrap().status, Some(403));
            assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        }
    }

    #[test]
    fn plain_trace_asks_for_verbose_or_reads_the_pasted_body() {
        let t = "2026-01-02T03:04:05.678 [403 Forbidden] s3.PutObject 127.0.0.1:9000/b/k.txt 127.0.0.1 1.1ms ⇣ 1.0ms ↑ 93 B ↓ 470 B\n";
        assert!(looks_like(t));
        let e = parse(t, &src()).unwrap_err();
        assert!(e.message.contains("mc admin trace -v"), "{}", e.message);
        assert!(e.message.contains("s3.PutObject → 403"), "{}", e.message);
        let with_body = format!("{t}{ERR}\n");
        let ex = parse(&with_body, &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        assert!(ex.notes[0].contains("-v"), "{:?}", ex.notes);
    }

    #[test]
    fn other_formats_are_not_taken() {
        for t in [
            "<Error><Code>SignatureDoesNotMatch</Code></Error>",
            "PUT /b/k HTTP/1.1\r\nHost: h\r\n\r\n",
            "{\"log\": {\"entries\": []}}",
            "[REQUEST] nothing",
            "2024-01-01 12:00:00 [200 OK] something else",
        ] {
            assert!(!looks_like(t), "{t}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for t in [
            "[REQUEST s3.X]\n",
            "[REQUEST s3.X]\nPUT /\n[RESPONSE]\n",
            "[REQUEST s3.X]\n[RESPONSE]\n999\n",
            "x [REQUEST s3.X] y\nx\nx [RESPONSE]\nx",
            "{\"api\":1,\"request\":{\"method\":[]},\"response\":null}",
            "{\"api\":\"a\",\"request\":{\"method\":\"GET\",\"path\":\"/\",\"headers\":{\"A\":5}},\"response\":{\"statusCode\":99999}}",
            "\u{1b}[",
            "\u{1b}[REQUEST é]\n",
        ] {
            let _ = looks_like(t);
            let _ = parse(t, &src());
        }
    }
}

//! HAR (HTTP Archive 1.2) as browsers' dev tools export it (Chrome DevTools
//! "Export HAR", Firefox) and as Playwright's `recordHar` writes it. The
//! usual case: a web page uploads to a presigned URL and gets a 403.
//!
//! Of several entries the failing S3 request is used (the last signed one
//! with status ≥ 400 or an S3 error body; else the last failing one; else
//! the last signed one) and a note says which. Its request (URL exactly as
//! recorded, headers, posted body) and its response (status, headers, body)
//! are used. What real HARs hold, and how it is handled here:
//! * HTTP/2 captures list pseudo-headers (`:authority`, `:path`); Playwright
//!   lists no `Host` at all: the URL's authority is the Host then.
//! * Bodies may be base64 (`content.encoding`): Playwright writes every
//!   non-text or non-UTF-8 response that way, DevTools binary ones.
//! * A binary request body is not kept: both tools write `postData.text` as
//!   lossy UTF-8 (Playwright leaves it empty for octet-stream); only
//!   `bodySize` tells the length sent.
//! * A request the browser got no answer for (a refused CORS preflight) has
//!   status 0 (DevTools, `_error`) or -1 (Playwright, `_failureText`).
//! * DevTools' default "Export HAR (sanitized)" drops `Authorization` and
//!   `Cookie`.

use base64::Engine as _;
use serde::Deserialize;

use crate::model::exchange::{Exchange, Source};

use super::InputError;
use super::curl_verbose::ordinal;
use super::wire::{CapturedRequest, CapturedResponse, assemble, split_absolute};

pub(crate) fn looks_like(text: &str) -> bool {
    text.starts_with('{') && text.contains("\"log\"") && text.contains("\"entries\"")
}

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    request: Request,
    response: Option<Response>,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(rename = "postData")]
    post_data: Option<Content>,
    /// Bytes of the body as sent; -1 when unknown.
    #[serde(rename = "bodySize")]
    body_size: Option<i64>,
}

#[derive(Deserialize)]
struct Response {
    status: i64,
    #[serde(default)]
    headers: Vec<Header>,
    content: Option<Content>,
    /// Playwright: why no response came (`net::ERR_FAILED`).
    #[serde(rename = "_failureText")]
    failure_text: Option<String>,
    /// Chrome DevTools: the same.
    #[serde(rename = "_error")]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

/// `response.content` and `request.postData` (`encoding` is not in the HAR
/// spec for postData, but some tools write it).
#[derive(Deserialize)]
struct Content {
    text: Option<String>,
    encoding: Option<String>,
}

/// One entry, converted.
struct Converted {
    request: CapturedRequest,
    response: Option<CapturedResponse>,
    /// The body was sent but the HAR does not hold its bytes (binary
    /// bodies); the length sent, when the HAR tells it.
    unseen_body: Option<Option<u64>>,
    /// Why the browser got no response.
    failure: Option<String>,
}

impl Converted {
    fn failed(&self) -> bool {
        self.response
            .as_ref()
            .is_some_and(CapturedResponse::is_failure)
    }
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let har: Har = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            &source.name,
            format!("not a valid HAR file ({e}); export it from the browser's network tab with \"Save all as HAR\""),
        )
    })?;
    let entries: Vec<Converted> = har.log.entries.into_iter().map(convert).collect();
    let (chosen, why) = choose(&entries)
        .ok_or_else(|| InputError::new(&source.name, "a HAR file without entries"))?;
    let Some(entry) = entries.get(chosen) else {
        return Err(InputError::new(&source.name, "a HAR file without entries"));
    };
    let mut ex = assemble(Some(&entry.request), entry.response.as_ref(), source);
    if entries.len() > 1 {
        let status = entry
            .response
            .as_ref()
            .and_then(|r| r.status)
            .map_or("no response".to_string(), |s| s.to_string());
        ex.notes.push(format!(
            "{}: {} entries; using the {} ({} → {status}), {why}",
            source.name,
            entries.len(),
            ordinal(chosen + 1),
            entry.request.describe()
        ));
    }
    if let Some(sent) = entry.unseen_body {
        if let Some(w) = ex.request.as_mut() {
            w.body_len = sent;
        }
        // A presigned URL signs UNSIGNED-PAYLOAD: the body does not matter.
        if !entry.request.is_presigned() {
            let bytes = sent.map_or(String::new(), |n| format!(" ({n} bytes)"));
            ex.notes.push(format!(
                "{}: the HAR does not hold the body as sent{bytes}: browsers store a binary body as lossy text or leave it out, so its payload hash cannot be checked",
                source.name
            ));
        }
    }
    ex.notes.extend(browser_notes(entry, &source.name));
    Ok(ex)
}

/// The entry to diagnose and why it was picked.
fn choose(entries: &[Converted]) -> Option<(usize, &'static str)> {
    let last = |pred: &dyn Fn(&Converted) -> bool| entries.iter().rposition(pred);
    last(&|e| e.failed() && s3_signed(&e.request))
        .map(|i| (i, "the last failed S3 request"))
        .or_else(|| last(&|e| e.failed()).map(|i| (i, "the last failed request")))
        .or_else(|| last(&|e| s3_signed(&e.request)).map(|i| (i, "the last S3 request")))
        .or_else(|| {
            entries
                .len()
                .checked_sub(1)
                .map(|i| (i, "the last request"))
        })
}

/// A request that carries S3 signing: a presigned query, an `Authorization`
/// header, or the `x-amz-date` / `x-amz-content-sha256` headers that stay
/// when a sanitized export removed `Authorization`. Page documents, scripts
/// and favicons have none of these.
fn s3_signed(r: &CapturedRequest) -> bool {
    r.is_presigned()
        || r.headers.iter().any(|(n, v)| {
            (n.eq_ignore_ascii_case("authorization")
                && (v.starts_with("AWS4-") || v.starts_with("AWS ")))
                || n.eq_ignore_ascii_case("x-amz-date")
                || n.eq_ignore_ascii_case("x-amz-content-sha256")
        })
}

/// What the browser's side of the capture says about the chosen entry.
fn browser_notes(entry: &Converted, name: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let req = &entry.request;
    let header = |n: &str| {
        req.headers
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    };
    if entry.response.is_none() {
        let why = entry.failure.as_deref().unwrap_or("no reason recorded");
        let (_, host) = split_absolute(&req.target);
        // The page's origin, when the request went to another host: the
        // browser then needs a CORS preflight to succeed first.
        let cross = header("origin").filter(|o| {
            let page_host = o.split_once("://").map_or(*o, |(_, h)| h);
            host.as_deref()
                .is_some_and(|h| !h.eq_ignore_ascii_case(page_host))
        });
        notes.push(match cross {
            Some(origin) => format!(
                "{name}: the browser got no response for this request ({why}) and the page ({origin}) is on another origin: that is CORS; the server refused the preflight (OPTIONS) or sent no Access-Control-Allow-Origin, so the request never reached the signature check. Allow {origin} (method {}, its headers) in the bucket's CORS configuration",
                req.method
            ),
            None => format!(
                "{name}: the browser got no response for this request ({why}): it was blocked (CORS), cancelled or failed on the network before any signature check"
            ),
        });
    }
    if req.method.eq_ignore_ascii_case("OPTIONS")
        && header("access-control-request-method").is_some()
    {
        notes.push(format!(
            "{name}: this is the browser's CORS preflight (OPTIONS), not the upload: the browser sends the real request only if it succeeds, so allow the page's origin in the bucket's CORS configuration; a server that checks the presigned signature on the preflight (s3s does) answers SignatureDoesNotMatch, as the URL was signed for another method"
        ));
    }
    if header("authorization").is_none()
        && !req.is_presigned()
        && (header("x-amz-date").is_some() || header("x-amz-content-sha256").is_some())
    {
        notes.push(format!(
            "{name}: the request has x-amz-* headers but no Authorization header: Chrome's \"Export HAR (sanitized)\" removes it; for the signature, enable Settings > Network > \"Allow to generate HAR with sensitive data\" and use \"Export HAR (with sensitive data)\""
        ));
    }
    notes
}

fn convert(e: Entry) -> Converted {
    // HTTP/2 captures list pseudo-headers (`:authority`, `:path`): the
    // authority is the Host the browser signed against.
    let mut headers: Vec<(String, String)> = Vec::new();
    for h in e.request.headers {
        if h.name == ":authority" {
            headers.push(("host".to_string(), h.value));
        } else if !h.name.starts_with(':') {
            headers.push((h.name, h.value));
        }
    }
    let sent = e.request.body_size.and_then(|n| u64::try_from(n).ok());
    let (body, unseen_body) = request_body(e.request.post_data, sent);
    let request = CapturedRequest {
        method: e.request.method,
        target: e.request.url,
        headers,
        body,
    };
    let mut failure = None;
    let response = e.response.and_then(|r| {
        if r.status <= 0 {
            failure = r.failure_text.or(r.error).filter(|t| !t.is_empty());
            return None;
        }
        Some(CapturedResponse {
            status: u16::try_from(r.status).ok(),
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.content.and_then(content_bytes),
        })
    });
    Converted {
        request,
        response,
        unseen_body,
        failure,
    }
}

/// The posted body, or (when the HAR does not hold it) how many bytes were
/// sent. The text of a binary body is lossy UTF-8: U+FFFD for each invalid
/// byte. Playwright's `bodySize` is the length sent, so it then differs from
/// the text's (or the text is empty, for octet-stream); DevTools computes
/// `bodySize` from the lossy text itself, so only the U+FFFD tells.
fn request_body(
    post: Option<Content>,
    sent: Option<u64>,
) -> (Option<Vec<u8>>, Option<Option<u64>>) {
    let Some(post) = post else {
        return (None, None);
    };
    let base64 = post.encoding.as_deref() == Some("base64");
    match content_bytes(post) {
        Some(b) if base64 => (Some(b), None),
        Some(b)
            if sent.is_none_or(|n| n == b.len() as u64)
                && !String::from_utf8_lossy(&b).contains('\u{FFFD}') =>
        {
            (Some(b), None)
        }
        Some(b) if sent == Some(b.len() as u64) => (None, Some(None)),
        _ if sent == Some(0) => (Some(Vec::new()), None),
        _ => (None, Some(sent)),
    }
}

/// A body's bytes: `text`, base64-decoded when `encoding` says so. An
/// undecodable base64 text yields nothing rather than wrong bytes.
fn content_bytes(c: Content) -> Option<Vec<u8>> {
    let text = c.text?;
    if c.encoding.as_deref() == Some("base64") {
        // Some writers wrap long base64 lines.
        let compact: String = text.split_ascii_whitespace().collect();
        return base64::engine::general_purpose::STANDARD
            .decode(compact)
            .ok();
    }
    Some(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "s.har".into(),
            format: "har".into(),
        }
    }

    fn har(entries: &str) -> String {
        format!("{{\"log\": {{\"version\": \"1.2\", \"entries\": [{entries}]}}}}")
    }

    const PRESIGNED: &str = "http://127.0.0.1:9000/b/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00";

    #[test]
    fn base64_error_body_is_decoded() {
        // `<Error><Code>SignatureDoesNotMatch</Code></Error>` in base64.
        let body = base64::engine::general_purpose::STANDARD
            .encode("<Error><Code>SignatureDoesNotMatch</Code></Error>");
        let t = har(&format!(
            r#"{{"request": {{"method": "PUT", "url": "{PRESIGNED}", "headers": []}},
               "response": {{"status": 403, "headers": [], "content": {{"mimeType": "x-unknown", "text": "{body}", "encoding": "base64"}}}}}}"#
        ));
        let e = parse(&t, &src()).unwrap();
        assert_eq!(e.server.unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn failing_s3_request_wins_over_a_later_failing_page_request() {
        let t = har(&format!(
            r#"{{"request": {{"method": "PUT", "url": "{PRESIGNED}", "headers": []}}, "response": {{"status": 403, "headers": []}}}},
               {{"request": {{"method": "GET", "url": "http://127.0.0.1:9000/favicon.ico", "headers": []}}, "response": {{"status": 404, "headers": []}}}}"#
        ));
        let e = parse(&t, &src()).unwrap();
        assert_eq!(e.request.unwrap().http.method, "PUT");
        assert!(e.notes[0].contains("using the 1st"), "{:?}", e.notes);
        assert!(e.notes[0].contains("the last failed S3 request"));
    }

    #[test]
    fn lossy_binary_body_keeps_only_its_length() {
        // 0x89 'P' 'N' 'G' written as lossy UTF-8: 6 bytes of text for 4 sent.
        let t = har(&format!(
            r#"{{"request": {{"method": "PUT", "url": "{PRESIGNED}", "headers": [], "bodySize": 4,
                             "postData": {{"mimeType": "image/png", "text": "\ufffdPNG"}}}},
               "response": {{"status": 200, "headers": []}}}}"#
        ));
        let r = parse(&t, &src()).unwrap().request.unwrap();
        assert_eq!(r.body_len, Some(4));
        assert_eq!(r.body_sha256, None);
    }

    #[test]
    fn devtools_lossy_body_is_recognised_by_its_replacement_characters() {
        // DevTools writes bodySize as the length of the lossy text itself.
        let t = har(&format!(
            r#"{{"request": {{"method": "PUT", "url": "{PRESIGNED}", "headers": [], "bodySize": 6,
                             "postData": {{"mimeType": "image/png", "text": "\ufffdPNG"}}}},
               "response": {{"status": 200, "headers": []}}}}"#
        ));
        let e = parse(&t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!((r.body_len, r.body_sha256), (None, None));
        // Presigned: the body does not matter, so no note about it.
        assert!(
            !e.notes.iter().any(|n| n.contains("lossy text")),
            "{:?}",
            e.notes
        );
        let header_signed = t.replace(PRESIGNED, "http://h/b/k").replace(
            r#""headers": []"#,
            r#""headers": [{"name": "Authorization", "value": "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"}]"#,
        );
        let e = parse(&header_signed, &src()).unwrap();
        assert!(
            e.notes.iter().any(|n| n.contains("lossy text")),
            "{:?}",
            e.notes
        );
    }

    #[test]
    fn text_body_is_used_as_is() {
        let t = har(&format!(
            r#"{{"request": {{"method": "PUT", "url": "{PRESIGNED}", "headers": [], "bodySize": 5,
                             "postData": {{"mimeType": "text/plain", "text": "hello"}}}},
               "response": {{"status": 200, "headers": []}}}}"#
        ));
        let r = parse(&t, &src()).unwrap().request.unwrap();
        assert_eq!(r.body_len, Some(5));
        assert!(r.body_sha256.is_some());
    }

    #[test]
    fn no_response_and_preflight_and_sanitized_notes() {
        let t = har(
            r#"{"request": {"method": "OPTIONS", "url": "http://h/b/k", "headers": [{"name": "Access-Control-Request-Method", "value": "PUT"}]},
                "response": {"status": 0, "headers": [], "_error": "net::ERR_FAILED"}}"#,
        );
        let notes = parse(&t, &src()).unwrap().notes;
        assert!(
            notes.iter().any(|n| n.contains("net::ERR_FAILED")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.contains("CORS preflight")),
            "{notes:?}"
        );
        let t = har(
            r#"{"request": {"method": "PUT", "url": "http://127.0.0.1:9000/b/k", "headers": [{"name": "Origin", "value": "http://localhost:3000"}]},
                "response": {"status": -1, "headers": [], "_failureText": "net::ERR_FAILED"}}"#,
        );
        let notes = parse(&t, &src()).unwrap().notes;
        assert!(
            notes
                .iter()
                .any(|n| n.contains("Allow http://localhost:3000 (method PUT")),
            "{notes:?}"
        );
        let t = har(
            r#"{"request": {"method": "GET", "url": "http://h/b/k", "headers": [{"name": "x-amz-date", "value": "20260101T000000Z"}]},
                "response": {"status": 403, "headers": []}}"#,
        );
        let notes = parse(&t, &src()).unwrap().notes;
        assert!(notes.iter().any(|n| n.contains("sanitized")), "{notes:?}");
    }

    #[test]
    fn bad_base64_and_odd_values_do_not_panic() {
        for t in [
            har(
                r#"{"request": {"method": "GET", "url": "", "headers": []}, "response": {"status": 70000, "headers": [], "content": {"text": "%%%", "encoding": "base64"}}}"#,
            ),
            har(
                r#"{"request": {"method": "PUT", "url": "x", "bodySize": -1, "postData": {"text": "\u00ff", "encoding": "base64"}}}"#,
            ),
            har(""),
        ] {
            let _ = parse(&t, &src());
        }
    }

    /// The real Playwright HAR of har-browser-session: a base64 response
    /// body (the PNG downloaded) and an octet-stream upload whose bytes
    /// Playwright leaves out (`text: ""`, `bodySize: 70`).
    #[test]
    fn real_playwright_har_bodies() {
        let text = include_str!("../../fixtures/inputs/har-browser-session/session.har");
        let har: Har = serde_json::from_str(text).unwrap();
        let entries: Vec<Converted> = har.log.entries.into_iter().map(convert).collect();
        let download = entries
            .iter()
            .find(|e| e.request.method == "GET" && e.request.is_presigned())
            .unwrap();
        let body = download.response.as_ref().unwrap().body.as_deref().unwrap();
        assert!(body.starts_with(b"\x89PNG\r\n\x1a\n"), "{body:?}");
        assert_eq!(body.len(), 70);
        let raw_upload = entries
            .iter()
            .find(|e| e.request.target.contains("/raw.bin?"))
            .unwrap();
        assert_eq!(raw_upload.unseen_body, Some(Some(70)));
        assert_eq!(raw_upload.request.body, None);
    }

    /// An entry in the layout Chrome DevTools' "Export HAR" writes
    /// (front_end/models/har/Log.ts: `_initiator`, `_priority`,
    /// `_resourceType`, `connection`, `_error: null`, `_transferSize`,
    /// HTTP/2 pseudo-headers; Writer.ts: `content.encoding`).
    #[test]
    fn devtools_layout() {
        let t = format!(
            r#"{{"log": {{"version": "1.2", "creator": {{"name": "WebInspector", "version": "537.36"}}, "pages": [],
              "entries": [{{"_initiator": {{"type": "script", "stack": {{"callFrames": []}}}}, "_priority": "High",
                "_resourceType": "fetch", "cache": {{}}, "connection": "443", "serverIPAddress": "52.0.0.1",
                "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
                "request": {{"method": "PUT", "url": "{PRESIGNED}", "httpVersion": "http/2.0",
                  "headers": [{{"name": ":authority", "value": "b.s3.amazonaws.com"}}, {{"name": ":method", "value": "PUT"}},
                              {{"name": "content-type", "value": "image/jpeg"}}],
                  "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 5,
                  "postData": {{"mimeType": "image/jpeg", "text": "hello"}}}},
                "response": {{"status": 403, "statusText": "", "httpVersion": "http/2.0", "headers": [], "cookies": [],
                  "content": {{"size": 10, "mimeType": "application/xml", "compression": 0,
                    "text": "PEVycm9yPjxDb2RlPlNpZ25hdHVyZURvZXNOb3RNYXRjaDwvQ29kZT48L0Vycm9yPg==", "encoding": "base64"}},
                  "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 300, "_error": null}},
                "timings": {{}}}}]}}}}"#
        );
        let e = parse(&t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.header("host"), Some("b.s3.amazonaws.com"));
        assert_eq!(r.http.header(":method"), None);
        assert_eq!(r.body_len, Some(5));
        assert_eq!(e.server.unwrap().code, "SignatureDoesNotMatch");
    }
}

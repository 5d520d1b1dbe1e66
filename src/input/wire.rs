//! Turns the parts of a captured exchange (request line, headers, body;
//! status, headers, body) into an [`Exchange`]. Shared by every format that
//! sees the wire: curl output, HAR, SDK logs, raw captures.

use crate::model::exchange::{Exchange, ResponseMeta, Source, WireRequest};
use crate::sigv4::{HttpRequest, sha256_hex};

use super::error_xml::parse_error_xml;

/// A request as a capture shows it. `target` is the request target exactly
/// as sent (origin form, or absolute form which is split here).
#[derive(Debug, Default, Clone)]
pub(crate) struct CapturedRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// `None` when the capture does not show the body.
    pub body: Option<Vec<u8>>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct CapturedResponse {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

impl CapturedResponse {
    /// A response that reports a failure: status ≥ 400, or an error body.
    pub fn is_failure(&self) -> bool {
        self.status.is_some_and(|s| s >= 400)
            || self
                .body
                .as_deref()
                .is_some_and(|b| String::from_utf8_lossy(b).contains("<Error"))
    }
}

impl CapturedRequest {
    pub fn wire(&self, source: &Source) -> WireRequest {
        let (target, host) = split_absolute(&self.target);
        let mut headers = self.headers.clone();
        if let Some(host) = host
            && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"))
        {
            headers.insert(0, ("Host".to_string(), host));
        }
        WireRequest {
            http: HttpRequest::from_target(&self.method, target, headers),
            body_sha256: self.body.as_deref().map(sha256_hex),
            body_len: self.body.as_ref().map(|b| b.len() as u64),
            source: source.clone(),
        }
    }

    /// A presigned URL: SigV4 (`X-Amz-Signature`, `X-Amz-Credential`) or
    /// SigV2 (`Signature`) in the query. Its payload is unsigned.
    pub fn is_presigned(&self) -> bool {
        let (target, _) = split_absolute(&self.target);
        let query = target.split_once('?').map_or("", |(_, q)| q);
        query.split('&').any(|p| {
            let name = p.split('=').next().unwrap_or(p);
            ["X-Amz-Signature", "X-Amz-Credential", "Signature"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
        })
    }

    /// `PUT /b/k` for notes.
    pub fn describe(&self) -> String {
        let (target, _) = split_absolute(&self.target);
        let path = target.split('?').next().unwrap_or(target);
        format!("{} {}", self.method, path)
    }
}

/// Builds the exchange. The response body is read as an S3 error body when
/// it holds one; otherwise the server part stays empty.
pub(crate) fn assemble(
    request: Option<&CapturedRequest>,
    response: Option<&CapturedResponse>,
    source: &Source,
) -> Exchange {
    let mut ex = Exchange {
        request: request.map(|r| r.wire(source)),
        ..Exchange::default()
    };
    if let Some(resp) = response {
        ex.response = Some(ResponseMeta {
            status: resp.status,
            headers: resp.headers.clone(),
        });
        if let Some(body) = &resp.body {
            let text = String::from_utf8_lossy(body);
            if text.contains("<Error") || text.contains("<?xml") {
                // A body that is not an error (a listing) is simply not one.
                if let Ok(parsed) = parse_error_xml(&text, source) {
                    ex.server = parsed.server;
                    ex.notes.extend(parsed.notes);
                }
            }
        }
    }
    ex
}

/// `http://host/path?q` → (`/path?q`, Some(host)); origin form unchanged.
pub(crate) fn split_absolute(target: &str) -> (&str, Option<String>) {
    for scheme in ["http://", "https://", "HTTP://", "HTTPS://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let host = &rest[..end];
            let path = &rest[end..];
            let path = if path.is_empty() { "/" } else { path };
            return (path, Some(host.to_string()));
        }
    }
    (target, None)
}

/// `Name: value` → (name, value without the one space after the colon).
pub(crate) fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    Some((
        name.to_string(),
        value.strip_prefix(' ').unwrap_or(value).to_string(),
    ))
}

/// `HTTP/1.1 403 Forbidden` → 403.
pub(crate) fn status_of(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.starts_with("HTTP/") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// `PUT /path HTTP/1.1` → (method, target).
pub(crate) fn request_line(line: &str) -> Option<(String, String)> {
    let mut parts = line.split(' ');
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next()?;
    (!method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && version.starts_with("HTTP/"))
    .then(|| (method.to_string(), target.to_string()))
}

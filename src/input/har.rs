//! HAR (HTTP Archive 1.2) as browsers' dev tools export it. The usual
//! case: a web page uploads to a presigned URL and gets a 403. The failing
//! entry is picked (the last one with status ≥ 400 or an S3 error body);
//! its request (URL exactly as recorded, headers, posted text) and its
//! response (status, headers, body text) are used.

use serde::Deserialize;

use crate::exchange::{Exchange, Source};

use super::InputError;
use super::curl_verbose::ordinal;
use super::wire::{CapturedRequest, CapturedResponse, assemble};

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
}

#[derive(Deserialize)]
struct Response {
    status: i64,
    #[serde(default)]
    headers: Vec<Header>,
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct Content {
    text: Option<String>,
    encoding: Option<String>,
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let har: Har = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            &source.name,
            format!("not a valid HAR file ({e}); export it from the browser's network tab with \"Save all as HAR\""),
        )
    })?;
    let entries: Vec<(CapturedRequest, Option<CapturedResponse>)> =
        har.log.entries.into_iter().map(convert).collect();
    if entries.is_empty() {
        return Err(InputError::new(&source.name, "a HAR file without entries"));
    }
    let chosen = entries
        .iter()
        .rposition(|(_, r)| r.as_ref().is_some_and(CapturedResponse::is_failure))
        .unwrap_or(entries.len() - 1);
    let (req, resp) = &entries[chosen];
    let mut ex = assemble(Some(req), resp.as_ref(), source);
    if entries.len() > 1 {
        let status = resp
            .as_ref()
            .and_then(|r| r.status)
            .map_or("no response".to_string(), |s| s.to_string());
        ex.notes.push(format!(
            "{}: {} entries; using the {} ({} → {status})",
            source.name,
            entries.len(),
            ordinal(chosen + 1),
            req.describe()
        ));
    }
    Ok(ex)
}

fn convert(e: Entry) -> (CapturedRequest, Option<CapturedResponse>) {
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
    let request = CapturedRequest {
        method: e.request.method,
        target: e.request.url,
        headers,
        body: e.request.post_data.and_then(content_bytes),
    };
    let response = e
        .response
        .filter(|r| r.status > 0)
        .map(|r| CapturedResponse {
            status: u16::try_from(r.status).ok(),
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.content.and_then(content_bytes),
        });
    (request, response)
}

fn content_bytes(c: Content) -> Option<Vec<u8>> {
    let text = c.text?;
    if c.encoding.as_deref() == Some("base64") {
        // Binary bodies: the length matters, not the bytes; S3 error
        // bodies are never base64 in practice.
        return None;
    }
    Some(text.into_bytes())
}

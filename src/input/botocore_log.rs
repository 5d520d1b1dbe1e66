//! botocore / boto3 / AWS CLI `--debug` logs. botocore's signer logs the
//! client's own `CanonicalRequest:`, `StringToSign:` and `Signature:`
//! blocks: the best evidence of what the client signed. The endpoint logs
//! the prepared request (`Sending http request: <AWSPreparedRequest …>`),
//! urllib3 the request line as sent with the status, and the parser the
//! response headers and body (as a Python bytes repr).

use crate::model::exchange::{ClientSigning, Exchange, Source};

use super::InputError;
use super::curl_verbose::ordinal;
use super::pyrepr::{parse_dict, take_literal};
use super::wire::{CapturedRequest, CapturedResponse, assemble, split_absolute};

pub(crate) fn looks_like(text: &str) -> bool {
    text.contains("botocore")
        && (text.contains("CanonicalRequest:")
            || text.contains("Sending http request:")
            || text.contains("Response body:"))
}

/// One signing + send + response cycle (one attempt of one call).
#[derive(Debug, Default)]
struct Attempt {
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
    signature: Option<String>,
    request: Option<CapturedRequest>,
    response: Option<CapturedResponse>,
}

impl Attempt {
    fn failed(&self) -> bool {
        self.response
            .as_ref()
            .is_some_and(CapturedResponse::is_failure)
    }
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(msg) = message_of(line) else {
            continue;
        };
        if msg.trim_end() == "CanonicalRequest:" {
            let (block, next) = block_after(&lines, i);
            i = next;
            attempts.push(Attempt {
                canonical_request: Some(block),
                ..Attempt::default()
            });
        } else if msg.trim_end() == "StringToSign:" {
            let (block, next) = block_after(&lines, i);
            i = next;
            current(&mut attempts, |a| a.string_to_sign.is_none()).string_to_sign = Some(block);
        } else if msg.trim_end() == "Signature:" {
            let (block, next) = block_after(&lines, i);
            i = next;
            current(&mut attempts, |a| a.signature.is_none()).signature =
                Some(block.trim().to_string());
        } else if let Some(rest) = msg.strip_prefix("Sending http request: ") {
            if let Some(req) = prepared_request(rest) {
                current(&mut attempts, |a| a.request.is_none()).request = Some(req);
            }
        } else if let Some((method, target, status)) = urllib3_line(msg) {
            let a = current(&mut attempts, |a| a.response.is_none());
            if let Some(req) = a.request.as_mut()
                && req.method == method
            {
                // urllib3 prints the target exactly as it went out; keep
                // the origin (urllib3 sends it as Host).
                let origin_len = req.target.len() - split_absolute(&req.target).0.len();
                req.target = format!("{}{target}", &req.target[..origin_len]);
            }
            a.response
                .get_or_insert_with(CapturedResponse::default)
                .status = Some(status);
        } else if let Some(rest) = msg.strip_prefix("Response headers: ") {
            // botocore parses an error response a second time when its code
            // is a modeled error (`Endpoint._add_modeled_error_fields`, e.g.
            // AccessDenied, NoSuchKey) and logs headers and body again: the
            // same response repeated is still the same attempt.
            let headers = parse_dict(rest);
            let a = current(&mut attempts, |a| {
                a.response
                    .as_ref()
                    .is_none_or(|r| r.headers.is_empty() || r.headers == headers)
            });
            a.response
                .get_or_insert_with(CapturedResponse::default)
                .headers = headers;
        } else if msg.trim_end() == "Response body:" || msg.starts_with("Response body:") {
            let inline = msg.trim_start_matches("Response body:").trim();
            let (block, next) = if inline.is_empty() {
                block_after(&lines, i)
            } else {
                (inline.to_string(), i)
            };
            i = next;
            let body = match take_literal(block.trim()) {
                Some((bytes, _)) => bytes,
                None => block.into_bytes(),
            };
            let a = current(&mut attempts, |a| {
                a.response
                    .as_ref()
                    .is_none_or(|r| r.body.is_none() || r.body.as_ref() == Some(&body))
            });
            a.response
                .get_or_insert_with(CapturedResponse::default)
                .body = Some(body);
        }
    }
    if attempts.is_empty() {
        return Err(InputError::new(
            &source.name,
            "looks like a botocore log but holds no CanonicalRequest, request or response; enable debug logging (boto3.set_stream_logger('botocore'), or aws --debug)",
        ));
    }
    let chosen = super::pick::last_preferred(
        &attempts,
        &[&Attempt::failed, &|a: &Attempt| a.response.is_some()],
    )
    .unwrap_or(attempts.len() - 1);
    let mut notes = Vec::new();
    if attempts.len() > 1 {
        let a = &attempts[chosen];
        let what = a.request.as_ref().map_or_else(
            || "request not logged".to_string(),
            CapturedRequest::describe,
        );
        let status = a
            .response
            .as_ref()
            .and_then(|r| r.status.map(|s| s.to_string()))
            .or_else(|| a.failed().then(|| "error".to_string()))
            .unwrap_or_else(|| "no response".to_string());
        notes.push(format!(
            "{}: {} requests; using the {} ({what} → {status})",
            source.name,
            attempts.len(),
            ordinal(chosen + 1)
        ));
    }
    let a = attempts.swap_remove(chosen);
    let mut ex = assemble(a.request.as_ref(), a.response.as_ref(), source);
    if a.canonical_request.is_some() || a.string_to_sign.is_some() || a.signature.is_some() {
        ex.client = Some(ClientSigning {
            canonical_request: a.canonical_request,
            string_to_sign: a.string_to_sign,
            signature: a.signature,
            source: Some(source.clone()),
        });
    }
    ex.notes.extend(notes);
    Ok(ex)
}

/// The attempt a new fact belongs to: the last one while `fits` holds for
/// it, else a fresh one.
fn current(attempts: &mut Vec<Attempt>, fits: impl Fn(&Attempt) -> bool) -> &mut Attempt {
    if attempts.last().is_none_or(|a| !fits(a)) {
        attempts.push(Attempt::default());
    }
    attempts.last_mut().expect("pushed above")
}

/// The message part of a log record line, or `None` for a continuation
/// line. Knows botocore's stream-logger format (`date name [LEVEL] msg`),
/// the AWS CLI's (`date - thread - name - LEVEL - msg`) and Python's
/// default (`LEVEL:name:msg`).
pub(crate) fn message_of(line: &str) -> Option<&str> {
    if is_dated(line) {
        for level in ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] {
            for pat in [format!("[{level}] "), format!(" - {level} - ")] {
                if let Some(i) = line.find(&pat) {
                    return Some(&line[i + pat.len()..]);
                }
            }
        }
        return Some(line);
    }
    for level in ["DEBUG:", "INFO:", "WARNING:", "ERROR:", "CRITICAL:"] {
        if let Some(rest) = line.strip_prefix(level) {
            return Some(rest.split_once(':').map_or(rest, |(_, m)| m));
        }
    }
    None
}

/// `2026-11-23 16:16:48,760` or `2026-11-23T16:16:48` at the start.
fn is_dated(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
}

/// The continuation lines after a record, up to the next record.
fn block_after(lines: &[&str], start: usize) -> (String, usize) {
    let mut end = start;
    while end < lines.len() && message_of(lines[end]).is_none() {
        end += 1;
    }
    let mut block = lines[start..end].join("\n");
    while block.ends_with('\n') {
        block.pop();
    }
    (block, end)
}

/// `<AWSPreparedRequest stream_output=False, method=PUT, url=http://…, headers={…}>`
fn prepared_request(text: &str) -> Option<CapturedRequest> {
    let method = text.split("method=").nth(1)?.split(',').next()?.trim();
    let url = text.split(", url=").nth(1)?;
    let url = &url[..url.find(", headers=").unwrap_or(url.len())];
    let headers = text
        .find("headers=")
        .map(|i| parse_dict(&text[i..]))
        .unwrap_or_default();
    Some(CapturedRequest {
        method: method.to_string(),
        target: url.trim().to_string(),
        headers,
        body: None,
    })
}

/// urllib3: `http://127.0.0.1:9000 "PUT /b/k HTTP/1.1" 403 145`.
fn urllib3_line(msg: &str) -> Option<(String, String, u16)> {
    let (_, quoted) = msg.split_once('"')?;
    let (reqline, after) = quoted.rsplit_once('"')?;
    let (method, rest) = reqline.split_once(' ')?;
    let (target, version) = rest.rsplit_once(' ')?;
    if !version.starts_with("HTTP/") || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let status = after.split_whitespace().next()?.parse().ok()?;
    Some((method.to_string(), target.to_string(), status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_prefixes() {
        assert_eq!(
            message_of("2026-11-23 16:16:34,386 botocore.auth [DEBUG] CanonicalRequest:"),
            Some("CanonicalRequest:")
        );
        assert_eq!(
            message_of(
                "2026-11-23 16:16:34,386 - MainThread - botocore.auth - DEBUG - StringToSign:"
            ),
            Some("StringToSign:")
        );
        assert_eq!(
            message_of("DEBUG:botocore.auth:Signature:"),
            Some("Signature:")
        );
        assert_eq!(message_of("host:h"), None);
    }

    #[test]
    fn urllib3_request_line() {
        assert_eq!(
            urllib3_line(r#"http://127.0.0.1:1 "PUT /b/a==.json?x HTTP/1.1" 403 87"#),
            Some(("PUT".into(), "/b/a==.json?x".into(), 403))
        );
    }

    #[test]
    fn a_modeled_error_logged_twice_is_one_attempt() {
        // botocore logs the response again when it parses a modeled error
        // (AccessDenied here, from Garage): still the attempt it signed.
        let response = "2026-11-23 20:19:26,634 botocore.parsers [DEBUG] Response headers: {'content-length': '195'}\n\
            2026-11-23 20:19:26,634 botocore.parsers [DEBUG] Response body:\n\
            b'<Error><Code>AccessDenied</Code><Message>Forbidden: Invalid signature</Message></Error>'\n";
        let log = format!(
            "2026-11-23 20:19:26,624 botocore.auth [DEBUG] CanonicalRequest:\nPUT\n/b/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\n{response}{response}"
        );
        let source = Source {
            name: "b.log".into(),
            format: "botocore-log".into(),
        };
        let ex = parse(&log, &source).unwrap();
        assert!(ex.client.and_then(|c| c.canonical_request).is_some());
        assert_eq!(ex.server.map(|s| s.code).as_deref(), Some("AccessDenied"));
        assert!(ex.notes.is_empty(), "{:?}", ex.notes);
    }
}

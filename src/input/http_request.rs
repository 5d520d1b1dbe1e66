//! A raw HTTP/1.x request, as a recording proxy or `nc -l` saves it. The
//! request target is kept byte for byte: `=` and `%3D` are different facts.

use crate::model::exchange::{Exchange, ResponseMeta, Source, WireRequest};
use crate::sigv4::{HttpRequest, sha256_hex};

use super::InputError;

pub fn parse_http_request(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text = text.trim_start_matches(['\r', '\n']);
    let (head, body) = split_head_body(text);
    parse_parts(head, body.map(str::as_bytes), source)
}

/// A request whose body is not text (an image, a Latin-1 JSON): the head
/// is read as text and the body hashed as the bytes that were sent, so a
/// binary upload is a request, not "binary data". `None` when the head is
/// not an HTTP request.
pub fn parse_http_request_bytes(bytes: &[u8], source: &Source) -> Option<Exchange> {
    let start = bytes.iter().position(|b| !matches!(b, b'\r' | b'\n'))?;
    let bytes = &bytes[start..];
    let (head_end, body_start) = find_blank_line(bytes)?;
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    if !super::detect::looks_like_http_request(head) {
        return None;
    }
    parse_parts(head, Some(&bytes[body_start..]), source).ok()
}

/// Where the head ends and the body starts: the first `\r\n\r\n` or `\n\n`.
fn find_blank_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(c), Some(l)) if l < c => Some((l, l + 2)),
        (Some(c), _) => Some((c, c + 4)),
        (None, Some(l)) => Some((l, l + 2)),
        (None, None) => None,
    }
}

fn parse_parts(head: &str, body: Option<&[u8]>, source: &Source) -> Result<Exchange, InputError> {
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(InputError::new(
            &source.name,
            "expected a raw HTTP request (`METHOD /path HTTP/1.1`)",
        ));
    };
    // An absolute-form target (`http://host/path`) carries the host.
    let (target, host_from_target) = strip_origin(target);
    let mut headers = Vec::new();
    for line in lines {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            // obs-fold continuation: append to the previous value.
            if let Some((_, v)) = headers.last_mut() {
                let v: &mut String = v;
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((
                name.to_string(),
                value.strip_prefix(' ').unwrap_or(value).to_string(),
            ));
        }
    }
    if let Some(host) = host_from_target
        && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"))
    {
        headers.insert(0, ("Host".to_string(), host));
    }
    let http = HttpRequest::from_target(method, target, headers);
    let (body_sha256, body_len) = match body {
        Some(b) => (Some(sha256_hex(b)), Some(b.len() as u64)),
        None => (None, None),
    };
    Ok(Exchange {
        request: Some(WireRequest {
            http,
            body_sha256,
            body_len,
            source: source.clone(),
        }),
        response: None::<ResponseMeta>,
        ..Exchange::default()
    })
}

/// Head and body split at the first empty line; `None` body when the
/// capture stops before the blank line (the body is then unknown).
fn split_head_body(text: &str) -> (&str, Option<&str>) {
    if let Some(i) = text.find("\r\n\r\n") {
        return (&text[..i], Some(&text[i + 4..]));
    }
    if let Some(i) = text.find("\n\n") {
        return (&text[..i], Some(&text[i + 2..]));
    }
    (text, None)
}

fn strip_origin(target: &str) -> (&str, Option<String>) {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            let slash = rest.find('/').unwrap_or(rest.len());
            let host = &rest[..slash];
            let path = &rest[slash..];
            return (
                if path.is_empty() { "/" } else { path },
                Some(host.to_string()),
            );
        }
    }
    (target, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_target_bytes_and_headers() {
        let src = Source {
            name: "r".into(),
            format: "http".into(),
        };
        let e = parse_http_request(
            "PUT /b/a==.json?x=1 HTTP/1.1\r\nHost: h\r\nX-Amz-Date:  20130524T000000Z\r\n\r\nbody",
            &src,
        )
        .unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.path, "/b/a==.json");
        assert_eq!(r.http.query, "x=1");
        assert_eq!(r.http.header("x-amz-date"), Some(" 20130524T000000Z"));
        assert_eq!(r.body_len, Some(4));
    }
}

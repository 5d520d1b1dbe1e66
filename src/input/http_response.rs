//! A raw HTTP response (status line, headers, body), as a recording proxy
//! or `curl -i` saves it. The headers carry facts the body lacks: the
//! server's clock (`Date`), its identity (`Server`), the bucket's region.

use crate::model::exchange::{Exchange, ResponseMeta, Source};

use super::InputError;
use super::error_xml::parse_error_xml;

pub fn parse_http_response(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text = text.trim_start_matches(['\r', '\n']);
    let (head, body) = match text
        .find("\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| text.find("\n\n").map(|i| (i, 2)))
    {
        Some((i, n)) => (&text[..i], &text[i + n..]),
        None => (text, ""),
    };
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| {
            InputError::new(
                &source.name,
                "expected an HTTP response (`HTTP/1.1 403 Forbidden`)",
            )
        })?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            l.split_once(':')
                .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        })
        .collect();
    let mut exchange = if body.contains("<Error") {
        parse_error_xml(body, source)?
    } else if status >= 400 && super::detect::what_it_looks_like(body).is_some() {
        // An error page from something in front of S3 explains nothing
        // about signing; saying "no mismatch" would be a lie.
        let server = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("server"))
            .map(|(_, v)| format!(" from `{v}`"))
            .unwrap_or_default();
        return Err(InputError::new(
            &source.name,
            format!(
                "HTTP {status}{server} with {}; the request may not have reached S3. Expected S3's XML error body",
                super::detect::what_it_looks_like(body).unwrap_or("a non-S3 body")
            ),
        ));
    } else {
        Exchange::default()
    };
    exchange.response = Some(ResponseMeta {
        status: Some(status),
        headers,
    });
    Ok(exchange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_headers_and_error_body() {
        let src = Source {
            name: "r".into(),
            format: "http-response".into(),
        };
        let e = parse_http_response(
            "HTTP/1.1 403 Forbidden\r\nDate: Mon, 23 Nov 2026 16:18:53 GMT\r\nServer: Werkzeug\r\n\r\n<Error><Code>SignatureDoesNotMatch</Code></Error>",
            &src,
        )
        .unwrap();
        let r = e.response.unwrap();
        assert_eq!(r.status, Some(403));
        assert_eq!(r.header("server"), Some("Werkzeug"));
        assert_eq!(e.server.unwrap().code, "SignatureDoesNotMatch");
    }
}

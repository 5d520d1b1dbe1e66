//! Format detection, in one place. It never guesses silently: a text that
//! matches nothing is an error listing what is accepted.

/// Every input format `explain` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An S3 error response body (`<Error><Code>…`), with or without HTTP headers around it.
    #[value(name = "error-xml")]
    ErrorXml,
    /// A raw HTTP/1.1 request as a proxy or `nc -l` records it.
    #[value(name = "http")]
    HttpRequest,
    /// A raw HTTP response (status line, headers, body), e.g. from `curl -i` or a proxy.
    #[value(name = "http-response")]
    HttpResponse,
    /// A bare canonical request and/or string to sign copied from a log.
    #[value(name = "canonical")]
    CanonicalRequest,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::ErrorXml => "error-xml",
            Format::HttpRequest => "http",
            Format::HttpResponse => "http-response",
            Format::CanonicalRequest => "canonical",
        }
    }

    /// The human list used in "expected …" messages.
    pub fn accepted_list() -> &'static str {
        "an S3 error XML body, a raw HTTP request or response, or a canonical request / string to sign"
    }
}

/// Picks the format of `text`, or `None` when it is none of them.
pub fn detect(text: &str) -> Option<Format> {
    let trimmed = text.trim_start();
    if looks_like_http_request(trimmed) {
        return Some(Format::HttpRequest);
    }
    if trimmed.starts_with("HTTP/1.") || trimmed.starts_with("HTTP/2") {
        return Some(Format::HttpResponse);
    }
    if text.contains("<Error>") || text.contains("<Error ") || trimmed.starts_with("<?xml") {
        return Some(Format::ErrorXml);
    }
    if super::canonical_text::looks_like(trimmed) {
        return Some(Format::CanonicalRequest);
    }
    None
}

/// `METHOD target HTTP/1.x` on the first line.
pub(crate) fn looks_like_http_request(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && (target.starts_with('/') || target.starts_with("http"))
        && version.starts_with("HTTP/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        assert_eq!(
            detect("<?xml version=\"1.0\"?><Error><Code>X</Code></Error>"),
            Some(Format::ErrorXml)
        );
        assert_eq!(
            detect("PUT /b/k HTTP/1.1\r\nHost: h\r\n\r\n"),
            Some(Format::HttpRequest)
        );
        assert_eq!(
            detect("GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD"),
            Some(Format::CanonicalRequest)
        );
        assert_eq!(
            detect("HTTP/1.1 403 Forbidden\r\n\r\n<Error/>"),
            Some(Format::HttpResponse)
        );
        assert_eq!(detect("hello world"), None);
    }
}

//! Format detection, in one place. It never guesses silently: a text that
//! matches nothing is an error listing what is accepted. Checks run from
//! the most specific shape to the least: a curl transcript or SDK log also
//! holds an error body, so those are recognised before bare XML.

/// Every input format `explain` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An S3 error response body (`<Error><Code>…`), with or without HTTP headers
    /// around it; also pasted forms: a Python `b'…'` repr, HTML-escaped, flattened.
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
    /// `curl -v` output (`> ` request, `< ` response, `* ` info, body).
    #[value(name = "curl-verbose")]
    CurlVerbose,
    /// `curl --trace-ascii` output.
    #[value(name = "curl-trace")]
    CurlTrace,
    /// A curl command line (browser "Copy as cURL", bash or Windows cmd quoting).
    #[value(name = "curl-command")]
    CurlCommand,
    /// A botocore / boto3 / AWS CLI `--debug` log.
    #[value(name = "botocore-log")]
    BotocoreLog,
    /// Another client's debug log that prints its canonical request (aws-sdk-go
    /// v1/v2, aws-sdk-java, Rust aws-sigv4, s3cmd).
    #[value(name = "sdk-log")]
    SdkLog,
    /// A server's own trace of the request: MinIO `mc admin trace -v`, a Garage
    /// debug log, a Ceph RGW debug log.
    #[value(name = "server-log")]
    ServerLog,
    /// A browser's HAR export (HTTP Archive JSON).
    #[value(name = "har")]
    Har,
    /// A presigned URL (`https://…?X-Amz-Signature=…`).
    #[value(name = "presigned-url")]
    PresignedUrl,
    /// An AWS SDK for JavaScript error as Node prints it: `console.log(err)`, an
    /// uncaught rejection, `JSON.stringify(err)`; also the v3 `logger: console`
    /// records and the v2 `[AWS s3 403 …] putObject({…})` logger line.
    #[value(name = "js-error")]
    JsError,
    /// A one-line error message without XML (`AuthorizationHeaderMalformed: … the
    /// region 'X' is wrong; expecting 'Y'`, an SDK exception text).
    #[value(name = "error-message")]
    ErrorMessage,
    /// Any other text: prose, a stack trace, a log, a chat paste. The artifact
    /// scanner finds error bodies or messages, request/response dumps,
    /// presigned URLs and canonical requests wherever they sit. Used by
    /// itself when no other format matches.
    #[value(name = "scan")]
    Scan,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::ErrorXml => "error-xml",
            Format::HttpRequest => "http",
            Format::HttpResponse => "http-response",
            Format::CanonicalRequest => "canonical",
            Format::CurlVerbose => "curl-verbose",
            Format::CurlTrace => "curl-trace",
            Format::CurlCommand => "curl-command",
            Format::BotocoreLog => "botocore-log",
            Format::SdkLog => "sdk-log",
            Format::ServerLog => "server-log",
            Format::Har => "har",
            Format::PresignedUrl => "presigned-url",
            Format::JsError => "js-error",
            Format::ErrorMessage => "error-message",
            Format::Scan => "scan",
        }
    }

    /// The human list used in "expected …" messages.
    pub fn accepted_list() -> &'static str {
        "an S3 error XML body or message, curl -v / --trace-ascii output, a curl command, \
         a botocore/AWS CLI --debug log or another SDK's signing log, \
         an AWS SDK for JavaScript error as Node prints it, \
         a MinIO/Garage/Ceph RGW server trace, a HAR file, \
         a raw HTTP request or response, a presigned URL, or a canonical request / string to sign"
    }
}

/// Picks the format of `text`, or `None` when it is none of them.
pub fn detect(text: &str) -> Option<Format> {
    let trimmed = text.trim_start();
    if super::har::looks_like(trimmed) {
        return Some(Format::Har);
    }
    if super::curl_verbose::looks_like_trace(text) {
        return Some(Format::CurlTrace);
    }
    if super::curl_verbose::looks_like_verbose(text) {
        return Some(Format::CurlVerbose);
    }
    if super::botocore_log::looks_like(text) {
        return Some(Format::BotocoreLog);
    }
    if super::sdk_log::looks_like(text) {
        return Some(Format::SdkLog);
    }
    if super::server_log::looks_like(text) {
        return Some(Format::ServerLog);
    }
    if super::curl_command::looks_like(trimmed) {
        return Some(Format::CurlCommand);
    }
    if super::presigned_url::looks_like(trimmed) {
        return Some(Format::PresignedUrl);
    }
    if looks_like_http_request(trimmed) {
        return Some(Format::HttpRequest);
    }
    if trimmed.starts_with("HTTP/1.") || trimmed.starts_with("HTTP/2") {
        return Some(Format::HttpResponse);
    }
    if super::messy::looks_like_error_xml(text) {
        return Some(Format::ErrorXml);
    }
    if super::canonical_text::looks_like(trimmed) {
        return Some(Format::CanonicalRequest);
    }
    // Before the generic error message: the same code, plus the body fields
    // v3 copies onto the exception.
    if super::js_error::looks_like(text) {
        return Some(Format::JsError);
    }
    if super::error_message::looks_like(text) {
        return Some(Format::ErrorMessage);
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

/// For text that is no accepted format: a short name for what it seems to
/// be, so the error can say why it was refused.
pub fn what_it_looks_like(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    let lower: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
    if t.starts_with('{')
        && (t.contains("\"__type\"") || t.contains("\"message\"") || t.contains("\"Message\""))
    {
        return Some("a JSON error from an AWS JSON API (S3 answers in XML)");
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        return Some("an HTML page (a proxy, load balancer or login page answered, not S3)");
    }
    if t.starts_with('{') || t.starts_with('[') {
        return Some("JSON");
    }
    None
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

//! aws-sdk-go v1 and v2 debug logs. Both print the same signing block
//! (aws/signer/v4/v4.go `logSignInfoMsg`):
//! `---[ CANONICAL STRING  ]---` … `---[ STRING TO SIGN ]---` … `-----`.
//!
//! They differ in how they print the HTTP exchange:
//! - v1 (`aws.LogDebugWithHTTPBody`, aws/client/logger.go) wraps
//!   `httputil.DumpRequestOut` in `---[ REQUEST POST-SIGN ]---` … `-----`
//!   and `httputil.DumpResponse` (headers only) in `---[ RESPONSE ]---` …
//!   `-----`; the response body follows as a log line of its own.
//! - v2 (`aws.LogRequest[WithBody]` / `aws.LogResponse[WithBody]`, smithy-go
//!   transport/http/middleware_http_logging.go) logs `Request\n<dump>` and
//!   `Response\n<dump>`, the body inside the dump, with no closing rule.
//!
//! Every retry and every call prints its own signing block, request and
//! response, in that order; they are grouped into attempts so the canonical
//! request, the request as sent and the answer all come from one attempt.

use crate::model::exchange::{ClientSigning, Exchange, Source};

use super::super::InputError;
use super::super::wire::{
    CapturedRequest, CapturedResponse, assemble, header_line, request_line, status_of,
};
use super::{Block, after_line, strip_canonical};

const CREQ: &str = "---[ CANONICAL STRING  ]";
const STS: &str = "---[ STRING TO SIGN ]";
const V1_REQUEST: &str = "---[ REQUEST POST-SIGN ]";
const V1_RESPONSE: &str = "---[ RESPONSE ]";
/// v2's message words (after the logger's `SDK <date> DEBUG ` prefix).
const V2_REQUEST: &str = "DEBUG Request";
const V2_RESPONSE: &str = "DEBUG Response";

pub(super) fn looks_like(text: &str) -> bool {
    text.contains(CREQ)
        || text.contains(V1_REQUEST)
        || text.contains(V1_RESPONSE)
        || ((text.contains(V2_REQUEST) || text.contains(V2_RESPONSE)) && has_v2_dump(text))
}

/// A v2 `Request`/`Response` line followed by an HTTP dump.
fn has_v2_dump(text: &str) -> bool {
    events(text)
        .iter()
        .any(|e| matches!(e, Event::Request(_) | Event::Response(_)))
}

/// Reads the whole log into one exchange: the failing attempt's signing
/// block, request as sent and response (or the last attempt when none
/// failed).
pub(super) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let attempts = attempts(events(text));
    let count = attempts.len();
    let Some(index) = super::super::pick::last_preferred(&attempts, &[&Attempt::failed]) else {
        return Err(InputError::new(
            &source.name,
            "looks like an aws-sdk-go log but holds no signing block, request or response",
        ));
    };
    let Some(attempt) = attempts.into_iter().nth(index) else {
        return Err(InputError::new(&source.name, "no attempt to read"));
    };
    let chose_failure = attempt.failed();
    let mut ex = assemble(attempt.request.as_ref(), attempt.response.as_ref(), source);
    ex.client = attempt
        .signing
        .map(|(canonical_request, string_to_sign)| ClientSigning {
            canonical_request: canonical_request.map(|c| strip_canonical(&c)),
            string_to_sign: string_to_sign.map(|s| s.trim_end().to_string()),
            signature: None,
            source: Some(source.clone()),
        });
    if count > 1 {
        ex.notes.push(choice_note(
            source,
            count,
            index,
            chose_failure,
            &attempt.request,
        ));
    }
    for (part, missing) in [
        ("signing block", ex.client.is_none()),
        ("request", ex.request.is_none()),
        ("response", ex.response.is_none()),
    ] {
        if missing {
            ex.notes.push(format!(
                "{}: no {part} is logged for this attempt: {}",
                source.name,
                why_missing(part)
            ));
        }
    }
    Ok(ex)
}

/// Which of several attempts was used, and why.
fn choice_note(
    source: &Source,
    count: usize,
    index: usize,
    failed: bool,
    request: &Option<CapturedRequest>,
) -> String {
    let what = request
        .as_ref()
        .map(|r| format!(" ({})", r.describe()))
        .unwrap_or_default();
    let why = if failed {
        "the last one that failed"
    } else {
        "none failed, so the last"
    };
    format!(
        "{}: {count} attempts (calls and retries) in this aws-sdk-go log; using attempt {} of {count}{what}, {why}",
        source.name,
        index + 1
    )
}

/// Why a part can be missing, and which log option prints it (v1
/// aws/client/client.go installs the request and response loggers at any
/// `aws.LogDebug` level; bodies need `LogDebugWithHTTPBody`).
fn why_missing(part: &str) -> &'static str {
    match part {
        "signing block" => "turn on v1 `aws.LogDebugWithSigning` or v2 `aws.LogSigning`",
        "request" => {
            "turn on v1 `aws.LogDebugWithHTTPBody` or v2 `aws.LogRequestWithBody` (the log may also be cut off)"
        }
        _ => {
            "it got none (a connection error), or the log leaves responses out (v1 logs them at any `aws.LogDebug` level, v2 with `aws.LogResponseWithBody`)"
        }
    }
}

/// Every signing block, in log order.
#[cfg(test)]
fn blocks(text: &str) -> Vec<Block> {
    events(text)
        .into_iter()
        .filter_map(|e| match e {
            Event::Signing(b) => Some(b),
            _ => None,
        })
        .collect()
}

#[derive(Debug)]
enum Event {
    Signing(Block),
    Request(CapturedRequest),
    Response(CapturedResponse),
}

/// One try of one call: what was signed, sent and answered.
#[derive(Debug, Default)]
struct Attempt {
    signing: Option<Block>,
    request: Option<CapturedRequest>,
    response: Option<CapturedResponse>,
}

impl Attempt {
    /// Refused: a 4xx or an error body. A 5xx is left out: the SDK retries
    /// it, and the retry is the attempt that tells what happened.
    fn failed(&self) -> bool {
        self.response
            .as_ref()
            .is_some_and(|r| r.is_failure() && r.status.is_none_or(|s| s < 500))
    }
}

/// Groups events into attempts: a signing block opens one; a request or
/// response joins the open attempt unless it already has one (a log
/// without signing blocks then still pairs each request with its answer).
fn attempts(events: Vec<Event>) -> Vec<Attempt> {
    let mut out: Vec<Attempt> = Vec::new();
    for event in events {
        match event {
            Event::Signing(b) => out.push(Attempt {
                signing: Some(b),
                ..Attempt::default()
            }),
            Event::Request(r) => match out.last_mut() {
                Some(a) if a.request.is_none() && a.response.is_none() => a.request = Some(r),
                _ => out.push(Attempt {
                    request: Some(r),
                    ..Attempt::default()
                }),
            },
            Event::Response(r) => match out.last_mut() {
                Some(a) if a.response.is_none() => a.response = Some(r),
                _ => out.push(Attempt {
                    response: Some(r),
                    ..Attempt::default()
                }),
            },
        }
    }
    out
}

/// The log's signing blocks, requests and responses, in order.
fn events(text: &str) -> Vec<Event> {
    let lines = lines_at(text);
    let mut out = Vec::new();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map_or(text.len(), |&(s, _)| s);
        let rest = text.get(next..).unwrap_or("");
        let words = line.trim_end();
        if let Some(j) = line.find(CREQ) {
            out.push(Event::Signing(signing_block(
                &text[start + j + CREQ.len()..],
            )));
        } else if line.contains(V1_REQUEST) || words.ends_with(V2_REQUEST) {
            if let Some(r) = request_dump(rest) {
                out.push(Event::Request(r));
            }
        } else if line.contains(V1_RESPONSE) {
            if let Some(r) = response_dump(rest, true) {
                out.push(Event::Response(r));
            }
        } else if words.ends_with(V2_RESPONSE)
            && let Some(r) = response_dump(rest, false)
        {
            out.push(Event::Response(r));
        }
    }
    out
}

/// `(offset, line without its newline)` for every line.
fn lines_at(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push((at, line.strip_suffix('\n').unwrap_or(line)));
        at += line.len();
    }
    out
}

/// The canonical request and string to sign after a `---[ CANONICAL
/// STRING  ]` marker; the block ends at the next marker.
fn signing_block(after_marker: &str) -> Block {
    let rest = after_line(after_marker);
    let rest = &rest[..rest.find(CREQ).unwrap_or(rest.len())];
    let (creq, sts) = match rest.find(STS) {
        Some(i) => (&rest[..i], Some(until_dashes(after_line(&rest[i..])))),
        None => (rest, None),
    };
    (Some(creq.trim_end_matches('\n').to_string()), sts)
}

/// The block's lines up to the dashed rule that closes it.
fn until_dashes(s: &str) -> String {
    s.lines()
        .take_while(|l| !l.starts_with("-----") && !l.starts_with("---["))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `httputil.DumpRequestOut` dump: request line, headers, blank line,
/// body (only when the log level includes bodies).
fn request_dump(text: &str) -> Option<CapturedRequest> {
    let (first, rest) = text.split_once('\n')?;
    let (method, target) = request_line(first.trim_end_matches('\r'))?;
    let (headers, after_head) = head(rest);
    let body = after_head.and_then(|b| body(b, &headers, false));
    Some(CapturedRequest {
        method,
        target,
        headers,
        body,
    })
}

/// A `httputil.DumpResponse` dump. v1 prints the body as its own log line
/// after the block's closing rule; v2 prints it inside the dump.
fn response_dump(text: &str, v1: bool) -> Option<CapturedResponse> {
    let (first, rest) = text.split_once('\n')?;
    let status = status_of(first.trim_end_matches('\r'))?;
    let (headers, after_head) = head(rest);
    let body = match (after_head, v1) {
        (Some(b), true) => v1_body_line(b).and_then(|b| body(b, &headers, true)),
        (Some(b), false) => body(b, &headers, true),
        (None, _) => None,
    };
    Some(CapturedResponse {
        status: Some(status),
        headers,
        body,
    })
}

/// Header lines up to the blank line, and the text after it (`None` when
/// the dump stops before its blank line, i.e. was cut off).
fn head(text: &str) -> (Vec<(String, String)>, Option<&str>) {
    let mut headers = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.is_empty() {
            return (headers, text.get(at..));
        }
        match header_line(bare) {
            Some(h) => headers.push(h),
            None => return (headers, None),
        }
    }
    (headers, None)
}

/// After v1's `---[ RESPONSE ]` headers: blank lines, the closing rule,
/// then (with `LogDebugWithHTTPBody`) the body logged on its own with the
/// logger's prefix. `None` when the next log line is another message.
fn v1_body_line(text: &str) -> Option<&str> {
    let text = text.trim_start_matches(['\n', '\r']);
    if !text.starts_with("-----") {
        return None;
    }
    let next = after_line(text);
    let body = &next[log_prefix_len(next.as_bytes()).unwrap_or(0)..];
    (!body.starts_with("DEBUG")).then_some(body)
}

/// The body that starts `text`, framed by `Content-Length`. It is trusted
/// only when the log shows exactly that many bytes followed by the end of
/// the dump (a newline, the next log line, or the end); a dump logged
/// without its body, or whose line ends were rewritten, gives `None`.
/// Without `Content-Length` there is no body unless it is chunked; a
/// chunked response body runs to the next log line (a chunked request body
/// is left unknown).
fn body(text: &str, headers: &[(String, String)], response: bool) -> Option<Vec<u8>> {
    let has = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
    let bytes = text.as_bytes();
    let Some(length) = has("content-length").and_then(|(_, v)| v.trim().parse::<usize>().ok())
    else {
        if has("transfer-encoding").is_none() {
            return Some(Vec::new());
        }
        let shown = text[..next_log_line(text)].trim_end_matches('\n');
        return response.then(|| shown.as_bytes().to_vec());
    };
    let body = bytes.get(..length)?;
    let after = bytes.get(length..).unwrap_or_default();
    let ends_here = after.is_empty() || after.starts_with(b"\n") || log_prefix_len(after).is_some();
    let not_a_log_line =
        length == 0 || (log_prefix_len(body).is_none() && !body.starts_with(b"\n-----"));
    (ends_here && not_a_log_line).then(|| body.to_vec())
}

/// Offset of the first line of `text` that starts a new log message (or
/// v1's closing rule), or the end.
fn next_log_line(text: &str) -> usize {
    lines_at(text)
        .into_iter()
        .find(|(_, l)| log_prefix_len(l.as_bytes()).is_some() || l.starts_with("-----"))
        .map_or(text.len(), |(at, _)| at)
}

/// Length of a Go `log` prefix at the start of `line`: v2's `SDK ` and/or
/// the standard `2006/01/02 15:04:05 ` date (microseconds optional).
fn log_prefix_len(line: &[u8]) -> Option<usize> {
    let sdk = if line.starts_with(b"SDK ") { 4 } else { 0 };
    let rest = line.get(sdk..).unwrap_or_default();
    let shape = b"dddd/dd/dd dd:dd:dd";
    let is_date = rest.len() > shape.len()
        && shape.iter().zip(rest).all(|(s, c)| match s {
            b'd' => c.is_ascii_digit(),
            other => other == c,
        });
    if !is_date {
        return (sdk > 0).then_some(sdk);
    }
    let mut at = shape.len();
    if rest.get(at) == Some(&b'.') {
        at += 1;
        while rest.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
    }
    if rest.get(at) == Some(&b' ') {
        at += 1;
    }
    Some(sdk + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "go.log".into(),
            format: "sdk-log".into(),
        }
    }

    const SIGNING_V1: &str = "2026/11/23 19:14:33 DEBUG: Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nPUT\n/b/a%3D%3D.json\n\ncontent-length:5\nhost:h\nx-amz-date:20261123T191433Z\n\ncontent-length;host;x-amz-date\nabc\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20261123T191433Z\n20261123/us-east-1/s3/aws4_request\ndef\n-----------------------------------------------------\n";

    fn v1_log(status: &str, body: &str) -> String {
        format!(
            "{SIGNING_V1}2026/11/23 19:14:33 DEBUG: Request s3/PutObject Details:\n---[ REQUEST POST-SIGN ]-----------------------------\nPUT /b/a%3D%3D.json HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AK/20261123/us-east-1/s3/aws4_request, SignedHeaders=content-length;host;x-amz-date, Signature=00\r\nX-Amz-Date: 20261123T191433Z\r\n\r\nhello\n-----------------------------------------------------\n2026/11/23 19:14:33 DEBUG: Response s3/PutObject Details:\n---[ RESPONSE ]--------------------------------------\nHTTP/1.1 {status}\r\nContent-Length: {}\r\n\r\n\n-----------------------------------------------------\n2026/11/23 19:14:33 {body}\n",
            body.len()
        )
    }

    #[test]
    fn v1_signing_request_and_response() {
        let err = "<Error><Code>SignatureDoesNotMatch</Code></Error>";
        let text = v1_log("403 Forbidden", err).replace("\r\n", "\n");
        assert!(looks_like(&text));
        let ex = parse(&text, &src()).unwrap();
        let c = ex.client.unwrap();
        assert!(c.canonical_request.unwrap().ends_with("x-amz-date\nabc"));
        assert_eq!(c.string_to_sign.unwrap().lines().count(), 4);
        let r = ex.request.unwrap();
        assert_eq!(r.http.path, "/b/a%3D%3D.json");
        assert_eq!(r.body_len, Some(5));
        assert_eq!(ex.response.unwrap().status, Some(403));
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        assert!(ex.notes.is_empty(), "{:?}", ex.notes);
    }

    #[test]
    fn v1_without_bodies_keeps_the_body_unknown() {
        // LogDebugWithSigning alone: no body in the dump, no body line.
        let text = v1_log("403 Forbidden", "")
            .replace("\r\n", "\n")
            .replace("\nhello\n", "\n")
            .replace(
                "2026/11/23 19:14:33 \n",
                "2026/11/23 19:14:33 DEBUG: Validate Response s3/PutObject failed\n",
            );
        let ex = parse(&text, &src()).unwrap();
        assert_eq!(ex.request.unwrap().body_len, None);
        assert!(ex.server.is_none());
        assert_eq!(ex.response.unwrap().status, Some(403));
    }

    const V2: &str = "SDK 2026/11/23 19:14:44 DEBUG Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nHEAD\n/b\n\nhost:h\n\nhost\nabc\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20261123T191444Z\n20261123/us-east-1/s3/aws4_request\nfirst\n-----------------------------------------------------\nSDK 2026/11/23 19:14:44 DEBUG Request\nHEAD /b HTTP/1.1\nHost: h\n\nSDK 2026/11/23 19:14:44 DEBUG Response\nHTTP/1.1 200 OK\nContent-Length: 0\n\nSDK 2026/11/23 19:14:44 DEBUG Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nPUT\n/b/k\nx-id=PutObject\nhost:h\n\nhost\nabc\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20261123T191444Z\n20261123/us-east-1/s3/aws4_request\nsecond\n-----------------------------------------------------\nSDK 2026/11/23 19:14:44 DEBUG Request\nPUT /b/k?x-id=PutObject HTTP/1.1\nHost: h\nContent-Length: 3\n\nabc\nSDK 2026/11/23 19:14:44 DEBUG Response\nHTTP/1.1 403 Forbidden\nContent-Length: 49\n\n<Error><Code>SignatureDoesNotMatch</Code></Error>\nSDK 2026/11/23 19:14:44 DEBUG request failed with unretryable error\nSDK 2026/11/23 19:14:45 DEBUG Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nGET\n/b/k\n\nhost:h\n\nhost\nabc\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20261123T191445Z\n20261123/us-east-1/s3/aws4_request\nthird\n-----------------------------------------------------\n";

    #[test]
    fn v2_uses_the_failing_attempt_with_its_own_parts() {
        assert!(looks_like(V2));
        assert_eq!(blocks(V2).len(), 3);
        let ex = parse(V2, &src()).unwrap();
        assert!(
            ex.client
                .unwrap()
                .string_to_sign
                .unwrap()
                .ends_with("second")
        );
        let r = ex.request.unwrap();
        assert_eq!(
            (r.http.method.as_str(), r.http.query.as_str()),
            ("PUT", "x-id=PutObject")
        );
        assert_eq!(r.body_len, Some(3));
        assert_eq!(ex.server.unwrap().code, "SignatureDoesNotMatch");
        assert!(
            ex.notes[0].contains("using attempt 2 of 3"),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn v2_without_a_failure_uses_the_last_attempt() {
        let ok = V2.replace("403 Forbidden", "200 OK").replace(
            "Content-Length: 49\n\n<Error><Code>SignatureDoesNotMatch</Code></Error>\n",
            "Content-Length: 0\n\n",
        );
        let ex = parse(&ok, &src()).unwrap();
        assert!(
            ex.client
                .unwrap()
                .string_to_sign
                .unwrap()
                .ends_with("third")
        );
        assert!(ex.request.is_none());
        assert!(
            ex.notes.iter().any(|n| n.contains("none failed")),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn a_retried_5xx_is_not_the_failure() {
        // The PUT got 503, was retried and succeeded: nothing was refused.
        let text = V2.replace("403 Forbidden", "503 Slow Down").replace(
            "<Code>SignatureDoesNotMatch</Code>",
            "<Code>SlowDown</Code>.............",
        );
        let ex = parse(&text, &src()).unwrap();
        assert!(
            ex.client
                .unwrap()
                .string_to_sign
                .unwrap()
                .ends_with("third")
        );
    }

    #[test]
    fn v2_request_logged_without_body() {
        // LogRequest (not LogRequestWithBody): the next log line follows the
        // blank line directly; its bytes are not the body.
        let text = V2.replace("Content-Length: 3\n\nabc\n", "Content-Length: 3\n\n");
        let ex = parse(&text, &src()).unwrap();
        assert_eq!(ex.request.unwrap().body_len, None);
    }

    #[test]
    fn request_and_response_without_signing() {
        let text = "SDK 2026/11/23 19:14:44 DEBUG Request\nGET /b/k HTTP/1.1\nHost: h\n\nSDK 2026/11/23 19:14:44 DEBUG Response\nHTTP/1.1 403 Forbidden\nTransfer-Encoding: chunked\n\n28\n<Error><Code>AccessDenied</Code></Error>\n0\n\n";
        assert!(looks_like(text));
        let ex = parse(text, &src()).unwrap();
        assert!(ex.client.is_none());
        assert_eq!(ex.server.unwrap().code, "AccessDenied");
        assert!(
            ex.notes.iter().any(|n| n.contains("no signing block")),
            "{:?}",
            ex.notes
        );
    }

    /// Real aws-sdk-go 1.44.133 output (LogDebugWithSigning|HTTPBody|
    /// RequestRetries|RequestErrors): HeadBucket refused (the proxy was not
    /// listening yet), retried, then answered 200.
    const V1_RETRY: &str = r#"2026/11/23 19:15:41 DEBUG: Request Signature:
---[ CANONICAL STRING  ]-----------------------------
HEAD
/examplebucket

host:127.0.0.1:39412
x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
x-amz-date:20261123T191541Z

host;x-amz-content-sha256;x-amz-date
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
---[ STRING TO SIGN ]--------------------------------
AWS4-HMAC-SHA256
20261123T191541Z
20261123/us-east-1/s3/aws4_request
1926b28f723032eb1d354b877c268ed50fe3b86dab452e9cf1d79ff50ae2077c
-----------------------------------------------------
2026/11/23 19:15:41 DEBUG: Request s3/HeadBucket Details:
---[ REQUEST POST-SIGN ]-----------------------------
HEAD /examplebucket HTTP/1.1
Host: 127.0.0.1:39412
User-Agent: aws-sdk-go/1.44.133 (go1.19.8; linux; amd64)
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=c3211fab5c080d48ae10a7d7c54f4b673e590c3d281cb1c37683cee4825e1d3d
X-Amz-Content-Sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
X-Amz-Date: 20261123T191541Z


-----------------------------------------------------
2026/11/23 19:15:41 DEBUG: Send Request s3/HeadBucket failed, attempt 0/3, error RequestError: send request failed
caused by: Head "http://127.0.0.1:39412/examplebucket": dial tcp 127.0.0.1:39412: connect: connection refused
2026/11/23 19:15:41 DEBUG: Retrying Request s3/HeadBucket, attempt 1
2026/11/23 19:15:41 DEBUG: Request Signature:
---[ CANONICAL STRING  ]-----------------------------
HEAD
/examplebucket

host:127.0.0.1:39412
x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
x-amz-date:20261123T191541Z

host;x-amz-content-sha256;x-amz-date
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
---[ STRING TO SIGN ]--------------------------------
AWS4-HMAC-SHA256
20261123T191541Z
20261123/us-east-1/s3/aws4_request
1926b28f723032eb1d354b877c268ed50fe3b86dab452e9cf1d79ff50ae2077c
-----------------------------------------------------
2026/11/23 19:15:41 DEBUG: Request s3/HeadBucket Details:
---[ REQUEST POST-SIGN ]-----------------------------
HEAD /examplebucket HTTP/1.1
Host: 127.0.0.1:39412
User-Agent: aws-sdk-go/1.44.133 (go1.19.8; linux; amd64)
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=c3211fab5c080d48ae10a7d7c54f4b673e590c3d281cb1c37683cee4825e1d3d
X-Amz-Content-Sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
X-Amz-Date: 20261123T191541Z


-----------------------------------------------------
2026/11/23 19:15:41 DEBUG: Response s3/HeadBucket Details:
---[ RESPONSE ]--------------------------------------
HTTP/1.1 200 OK
Connection: close
Date: Mon, 23 Nov 2026 19:15:41 GMT


-----------------------------------------------------
2026/11/23 19:15:41 
headbucket ok
"#;

    #[test]
    fn v1_retry_keeps_each_attempt_apart() {
        assert!(looks_like(V1_RETRY));
        let events = events(V1_RETRY);
        let all = attempts(events);
        assert_eq!(all.len(), 2);
        assert!(all[0].request.is_some() && all[0].response.is_none());
        let ex = parse(V1_RETRY, &src()).unwrap();
        assert_eq!(ex.request.unwrap().http.method, "HEAD");
        assert_eq!(ex.response.unwrap().status, Some(200));
        assert!(
            ex.notes[0].contains("using attempt 2 of 2"),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(log_prefix_len(b"SDK 2026/11/23 19:14:44 DEBUG"), Some(24));
        assert_eq!(log_prefix_len(b"2026/11/23 19:14:44.123456 x"), Some(27));
        assert_eq!(log_prefix_len(b"<?xml"), None);
        assert_eq!(log_prefix_len(b"2026/11/23"), None);
    }

    #[test]
    fn never_panics_on_cut_logs() {
        let full = v1_log("403 Forbidden", "<Error><Code>X</Code></Error>") + V2;
        for end in 0..full.len() {
            if let Some(cut) = full.get(..end) {
                let _ = looks_like(cut);
                let _ = parse(cut, &src());
            }
        }
    }
}

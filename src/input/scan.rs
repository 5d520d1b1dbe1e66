//! The artifact scanner: what any text holds, wherever it sits.
//!
//! The format readers read whole files of a known shape. Real pastes match
//! none: an error cut off in a stack trace, a server log line inside a
//! sentence, a request dump under a shell prompt, a presigned URL cut at
//! `&X-Amz-`, an exception printed by some language's runtime. When no
//! reader takes an input, the scanner looks through it for every artifact
//! the tool knows and builds the exchange from those, so nothing readable
//! is lost. Each artifact is read by the reader that owns its shape; the
//! scanner only finds and unwraps it.
//!
//! Every pass is linear in the text (plain substring searches, one line
//! walk per artifact kind).

use crate::model::exchange::{ClientSigning, Exchange, ServerError, Source};

use super::wire::{CapturedRequest, assemble};

const METHODS: &[&str] = &["GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "PATCH"];

/// Phrases servers put in their messages, and the code each goes with.
/// Order matters only for overlapping phrases (the first found wins).
const MESSAGE_CODES: &[(&str, &str)] = &[
    (
        "The request signature we calculated does not match",
        "SignatureDoesNotMatch",
    ),
    (
        "The authorization header is malformed",
        "AuthorizationHeaderMalformed",
    ),
    (
        "Authorization header malformed",
        "AuthorizationHeaderMalformed",
    ),
    ("unexpected scope", "AuthorizationHeaderMalformed"),
    (
        "Error parsing the X-Amz-Credential parameter",
        "AuthorizationQueryParametersError",
    ),
    (
        "Credential should be scoped to",
        "InvalidSignatureException",
    ),
    ("Signature expired", "InvalidSignatureException"),
    ("Signature not yet current", "InvalidSignatureException"),
    (
        "The difference between the request time and the current time is too large",
        "RequestTimeTooSkewed",
    ),
    (
        "The AWS Access Key Id you provided does not exist",
        "InvalidAccessKeyId",
    ),
    ("The provided token has expired", "ExpiredToken"),
    (
        "The provided token is malformed or otherwise invalid",
        "InvalidToken",
    ),
    (
        "The security token included in the request is invalid",
        "InvalidToken",
    ),
    (
        "The provided 'x-amz-content-sha256' header does not match",
        "XAmzContentSHA256Mismatch",
    ),
    (
        "There were headers present in the request which were not signed",
        "AccessDenied",
    ),
    ("Request has expired", "AccessDenied"),
    (
        "must be addressed using the specified endpoint",
        "PermanentRedirect",
    ),
    (
        "re-send this request to the specified temporary endpoint",
        "TemporaryRedirect",
    ),
    (
        "The authorization mechanism you have provided is not supported",
        "InvalidRequest",
    ),
    (
        "Date in Credential scope does not match",
        "InvalidSignatureException",
    ),
    (
        "Credential should be scoped with a valid terminator",
        "InvalidSignatureException",
    ),
    (
        "Authorization header requires 'Credential' parameter",
        "IncompleteSignature",
    ),
    ("Missing Authentication Token", "MissingAuthenticationToken"),
    ("but no corresponding x-amz-checksum-", "InvalidRequest"),
    (
        "You can only specify one non-default checksum",
        "InvalidRequest",
    ),
    ("Unsupported header 'x-amz-checksum", "InvalidArgument"),
];

/// Codes that may be named bare in a paste (`code: 'X'`, `Error Code: X`).
const CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "AuthorizationHeaderMalformed",
    "AuthorizationQueryParametersError",
    "RequestTimeTooSkewed",
    "InvalidAccessKeyId",
    "XAmzContentSHA256Mismatch",
    "ExpiredToken",
    "InvalidToken",
    "InvalidSignatureException",
    "IncompleteSignature",
    "RequestExpired",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "PermanentRedirect",
    "TemporaryRedirect",
];

fn phrase_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(MESSAGE_CODES.iter().map(|(p, _)| p))
            .expect("the phrases are plain strings")
    })
}

fn code_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(CODES)
            .expect("the codes are plain strings")
    })
}

/// Everything the scanner found in `text`, as one exchange; `None` when it
/// found nothing it knows.
pub(crate) fn scan(text: &str, source: &Source) -> Option<Exchange> {
    let text = unwrap_literals(&strip_log_prefix(text));
    let text = text.as_str();
    let mut ex = Exchange::default();
    let mut found = Vec::new();
    if let Some(server) = error_xml(text, source) {
        ex.server = Some(server);
        found.push("an error body");
    } else if let Some(server) = error_fields(text, source) {
        ex.server = Some(server);
        found.push("an error's fields (JSON or a Python dict)");
    } else if let Some(server) = error_in_prose(text, source) {
        ex.server = Some(server);
        found.push("an error message");
    }
    if let Some(mut other) = response_dump(text, source) {
        found.push("an HTTP response");
        // The error body of the dump is the same refusal: keep the fuller.
        if let (Some(mine), Some(theirs)) = (ex.server.as_mut(), other.server.take()) {
            mine.fill_from(theirs);
        }
        ex.merge(other);
    }
    if ex.response.is_none()
        && let Some(status) = json_status(text)
    {
        found.push("a response status");
        ex.response = Some(crate::model::exchange::ResponseMeta {
            status: Some(status),
            headers: Vec::new(),
        });
    }
    if let Some(req) = request_dump(text, source) {
        found.push("an HTTP request");
        ex.merge(req);
    } else if let Some(req) = request_debug(text, source) {
        found.push("a request as Rust's http crate prints it");
        ex.merge(req);
    } else if let Some(req) = presigned_url(text, source) {
        found.push("a presigned URL");
        ex.merge(req);
    }
    let (client, server_side) = canonical_blocks(text);
    if let Some(creq) = client {
        found.push("a canonical request");
        ex.client = Some(ClientSigning {
            canonical_request: Some(creq),
            source: Some(source.clone()),
            ..ClientSigning::default()
        });
    }
    if let Some(creq) = server_side {
        let server = ex.server.get_or_insert_with(|| ServerError {
            code: "SignatureDoesNotMatch".into(),
            source: Some(source.clone()),
            ..ServerError::default()
        });
        if server.canonical_request.is_none() {
            server.canonical_request = Some(creq);
        }
    }
    if found.is_empty() {
        return None;
    }
    ex.notes.push(format!(
        "{}: no whole-file format matched; read {} out of the text",
        source.name,
        found.join(", ")
    ));
    Some(ex)
}

/// Removes a log prefix every line carries (a timestamp, a level, a
/// logger name): the longest prefix the lines share once digits are
/// masked, cut back to a space. Lines without it are kept as they are.
fn strip_log_prefix(text: &str) -> std::borrow::Cow<'_, str> {
    let mask = |l: &str| -> Vec<char> {
        l.chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 3 {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut common: Vec<char> = mask(lines[0]);
    for l in &lines[1..] {
        let m = mask(l);
        let n = common.iter().zip(&m).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    // Back to the last space, so a shared first letter is not a prefix.
    let Some(cut) = common.iter().rposition(|c| *c == ' ') else {
        return std::borrow::Cow::Borrowed(text);
    };
    let prefix_chars = cut + 1;
    if prefix_chars < 6 {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.char_indices().nth(prefix_chars) {
            Some((byte, _)) if !line.trim().is_empty() => out.push_str(&line[byte..]),
            _ => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Only the server's refusal, wherever it sits in the text.
pub(crate) fn server_error(text: &str, source: &Source) -> Option<ServerError> {
    let text = unwrap_literals(&strip_log_prefix(text));
    error_xml(&text, source).or_else(|| error_in_prose(&text, source))
}

/// Undoes the wrappers a paste puts around text: string literals of most
/// languages (`\n`, `\"`, `\'`, JS `' +` concatenation), Python `b'…'`
/// reprs, HTML escaping.
fn unwrap_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // JS/Java string concatenation across lines: `'…\n' +\n    '…'`. A
    // line that ends in `' +` and is followed by a line opening with the
    // same quote is glued to it, as often as the pieces go on.
    const CONCAT: [&str; 4] = ["' +", "\" +", "'+", "\"+"];
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let mut current = line.to_string();
        loop {
            let t = current.trim_end();
            let Some(end) = CONCAT.iter().find(|e| t.ends_with(*e)) else {
                break;
            };
            let quote = &end[..1];
            let Some(next) = lines
                .peek()
                .map(|n| n.trim_start())
                .filter(|n| n.starts_with(quote))
            else {
                break;
            };
            let keep = t.len() - end.len();
            current.truncate(keep);
            current.push_str(&next[1..]);
            lines.next();
        }
        out.push_str(&current);
        out.push('\n');
    }
    // Escaped newlines where real ones belong: a string literal holding a
    // multi-line artifact.
    let escaped = out.lines().any(|l| l.matches("\\n").count() >= 2);
    if escaped {
        out = out
            .replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\"", "\"")
            .replace("\\'", "'");
    }
    if out.contains("&lt;") || out.contains("&gt;") {
        out = out
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            // Pastes retyped by hand lose the semicolons.
            .replace("&gt", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    }
    out
}

/// An error body, whole or cut off, anywhere in the text; a bare `<Code>`
/// without its `<Error>` is wrapped first.
fn error_xml(text: &str, source: &Source) -> Option<ServerError> {
    let start = text.find("<Error>").or_else(|| text.find("<Code>"))?;
    let piece = &text[start..];
    let piece = if piece.starts_with("<Error>") {
        piece.to_string()
    } else {
        format!("<Error>{piece}")
    };
    let end = piece
        .find("</Error>")
        .map_or(piece.len(), |i| i + "</Error>".len());
    let ex = super::messy::parse(&piece[..end], source).ok()?;
    ex.server.filter(|s| !s.code.trim().is_empty())
}

/// An error as a JSON object or a Python dict prints it (boto3's
/// `e.response['Error']`, a test snapshot): `"Code": "X"`, `'Message': '…'`.
fn error_fields(text: &str, source: &Source) -> Option<ServerError> {
    const NAMES: &[&str] = &[
        "Code",
        "Message",
        "AWSAccessKeyId",
        "StringToSign",
        "SignatureProvided",
        "CanonicalRequest",
        "StringToSignBytes",
        "CanonicalRequestBytes",
        "RequestId",
        "HostId",
        "RequestTime",
        "ServerTime",
        "MaxAllowedSkewMilliseconds",
        "Region",
        "Resource",
        "HeaderName",
        "HeadersNotSigned",
        "Expires",
        "ClientComputedContentSHA256",
        "S3ComputedContentSHA256",
    ];
    // No code, no error: skip the other look-ups on a long text.
    if !(text.contains("\"Code\"") || text.contains("'Code'")) {
        return other_error_fields(text, source);
    }
    let mut fields = Vec::new();
    for name in NAMES {
        for quote in ['"', '\''] {
            let key = format!("{quote}{name}{quote}");
            let Some(i) = text.find(&key) else { continue };
            let rest = text[i + key.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(open) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let body = &rest[1..];
            let end = body.find(open).unwrap_or(body.len());
            let value = body[..end].replace("\\n", "\n");
            let field = if *name == "HeadersNotSigned" {
                "HeaderName"
            } else {
                name
            };
            fields.push((field.to_string(), value));
            break;
        }
    }
    let mut notes = Vec::new();
    super::error_xml::server_error_from_fields(&fields, source, &mut notes)
        .filter(|s| !s.code.trim().is_empty() && s.code.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Error objects other SDKs and services print: Node's util.inspect of an
/// SDK error (`code: 'X', message: '…'`), and the OpenSearch/Elasticsearch
/// JSON error (`{"error": {"type": "X", "reason": "…"}, "status": 403}`).
fn other_error_fields(text: &str, source: &Source) -> Option<ServerError> {
    let value_after = |key: &str| -> Option<String> {
        let i = text.find(key)? + key.len();
        let rest = text[i..].trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
        let body = &rest[1..];
        // Node prints an embedded quote unescaped: the value ends at the
        // quote that closes the line's value.
        let line = body.lines().next().unwrap_or(body);
        let end = line.rfind(quote).unwrap_or(line.len());
        Some(line[..end].to_string()).filter(|v| !v.is_empty())
    };
    let (code, message) = match (value_after("code:"), value_after("message:")) {
        (Some(c), m) if c.chars().all(|c| c.is_ascii_alphanumeric()) => (c, m),
        _ => {
            let code = value_after("\"type\":")?;
            (code, value_after("\"reason\":"))
        }
    };
    Some(ServerError {
        code,
        message,
        source: Some(source.clone()),
        ..ServerError::default()
    })
}

/// An error stated in words: a known server phrase, or a bare code.
fn error_in_prose(text: &str, source: &Source) -> Option<ServerError> {
    // One pass over the text for every phrase (case-insensitive) and one
    // for every bare code: the first match of each is what counts.
    let mut phrase = phrase_finder().find(text).map(|m| {
        let (p, c) = MESSAGE_CODES[m.pattern().as_usize()];
        (m.start(), p, c)
    });
    // A message wrapped mid-sentence (a console or a doc page broke the
    // line): the phrase is found in a copy with whitespace runs collapsed,
    // and the message is read from that copy.
    let flat;
    let mut text = text;
    if phrase.is_none() && text.contains('\n') {
        flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(m) = phrase_finder().find(&flat) {
            let (p, c) = MESSAGE_CODES[m.pattern().as_usize()];
            phrase = Some((m.start(), p, c));
            text = &flat;
        }
    }
    let bare = code_finder()
        .find(text)
        .map(|m| (m.start(), CODES[m.pattern().as_usize()]));
    // boto3 / the AWS CLI: `An error occurred (X) when calling the Y
    // operation: message`, for any code.
    if let Some(i) = text.find("An error occurred (") {
        let rest = &text[i + "An error occurred (".len()..];
        if let Some(close) = rest.find(')') {
            let code = &rest[..close];
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
                let message = rest[close..]
                    .find("operation: ")
                    .map(|j| &rest[close + j + "operation: ".len()..])
                    .map(|m| {
                        // The message may wrap onto the next lines.
                        m.split("\n\n")
                            .next()
                            .unwrap_or(m)
                            .lines()
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|m| !m.is_empty());
                return Some(ServerError {
                    code: code.to_string(),
                    message,
                    // The region a message expects is read from it by model::server_says.
                    source: Some(source.clone()),
                    ..ServerError::default()
                });
            }
        }
    }
    // Ruby `Aws::S3::Errors::X: message`, Go v2 `api error X: message`.
    for marker in ["::Errors::", "api error "] {
        if let Some(i) = text.find(marker) {
            let rest = &text[i + marker.len()..];
            let code: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if code.len() > 3 && rest[code.len()..].starts_with(':') {
                let message = rest[code.len() + 1..]
                    .lines()
                    .next()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty());
                return Some(ServerError {
                    code,
                    message,
                    source: Some(source.clone()),
                    ..ServerError::default()
                });
            }
        }
    }
    // The AWS SDK for Java prints `Message (Service: Amazon S3; Status
    // Code: 403; Error Code: X; Request ID: …)`: its code wins.
    // A body-less answer (HEAD) has no code: Java v1 prints the status
    // line as the code (`Error Code: 403 Forbidden`), v2 prints none
    // (`S3Exception: null (Service: S3, Status Code: 403, …)`).
    let java_code = text
        .find("Error Code: ")
        .and_then(|i| {
            let rest = &text[i + "Error Code: ".len()..];
            let code: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == ' ')
                .collect();
            let code = code.trim();
            let named =
                code.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !code.contains(' ');
            let status_only = code.chars().next().is_some_and(|c| c.is_ascii_digit());
            (code.len() > 3 && (named || status_only)).then(|| (i, code.to_string()))
        })
        .or_else(|| {
            let i = text.find("(Service: ")?;
            let rest = &text[i..];
            let s = rest.find("Status Code: ")? + "Status Code: ".len();
            let status: String = rest[s..].chars().take_while(char::is_ascii_digit).collect();
            (status.len() == 3).then(|| (i, format!("HTTP {status}")))
        });
    if let Some((i, code)) = java_code {
        let message = phrase.map(|(j, _, _)| message_at(text, j)).or_else(|| {
            // The exception's message: after the class name, up to the
            // `(Service: …)` part, lines joined.
            let head = &text[..i];
            let end = head.rfind("(Service:").unwrap_or(head.len());
            let head = &head[..end];
            let start = head
                .rfind("Exception:")
                .map_or(0, |j| j + "Exception:".len());
            let msg = head[start..]
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (msg.len() > 3 && msg != "null").then_some(msg)
        });
        return Some(ServerError {
            code,
            message,
            source: Some(source.clone()),
            ..ServerError::default()
        });
    }
    let (code, message) = match (phrase, bare) {
        (Some((i, _, phrase_code)), bare) => {
            let code = bare.map_or(phrase_code, |(_, c)| c);
            (code, Some(message_at(text, i)))
        }
        (None, Some((i, code))) => {
            let after = &text[i + code.len()..];
            let msg = after
                .trim_start_matches(['\'', '"', ')', ':', ' ', ',', '-', ']'])
                .lines()
                .next()
                .map(|l| l.trim().to_string())
                .filter(|l| l.len() > 8 && l.chars().next().is_some_and(char::is_alphabetic));
            (code, msg)
        }
        (None, None) => return None,
    };
    Some(ServerError {
        code: code.to_string(),
        message,
        // The region a message expects is read from it by model::server_says.
        source: Some(source.clone()),
        ..ServerError::default()
    })
}

/// The message from the start of the phrase at byte `i` to the end of its
/// sentence group: the line, cut where a quote or brace closes it.
fn message_at(text: &str, i: usize) -> String {
    let line_start = text[..i].rfind('\n').map_or(0, |j| j + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let from = i - line_start;
    let msg = &line[from..];
    let msg = msg
        .split(['"', '}', '<'])
        .next()
        .unwrap_or(msg)
        .trim_end_matches([',', ' ', '`'])
        .trim();
    msg.to_string()
}

/// Strips what a line carries in front of the artifact: a shell prompt,
/// curl's `> `/`< `, a markdown quote, indentation.
fn strip_prompt(line: &str) -> &str {
    let mut l = line.trim_start();
    for p in ["$ ", "# ", "> ", "< ", ">", "<"] {
        if let Some(rest) = l.strip_prefix(p)
            && (p.len() == 2 || !rest.starts_with(char::is_whitespace))
        {
            l = rest.trim_start();
            break;
        }
    }
    l.trim_end_matches('\r')
}

/// The request line in `line`, after whatever precedes it (a prompt, a
/// quote, `b'`).
fn request_line_in(line: &str) -> Option<&str> {
    // Every request line names its version: most lines are rejected here.
    if !line.contains(" HTTP/") {
        return None;
    }
    let l = strip_prompt(line);
    if is_request_line(l) {
        return Some(l);
    }
    METHODS.iter().find_map(|m| {
        let i = l
            .find(&format!("{m} /"))
            .or_else(|| l.find(&format!("{m} http")))?;
        let rest = &l[i..];
        is_request_line(rest).then_some(rest)
    })
}

fn is_request_line(l: &str) -> bool {
    let mut parts = l.split(' ');
    let (Some(m), Some(t), Some(v)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    METHODS.contains(&m) && (t.starts_with('/') || t.starts_with("http")) && v.starts_with("HTTP/")
}

fn header_line(l: &str) -> Option<(String, String)> {
    let (n, v) = l.split_once(':')?;
    let valid = !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| (n.to_string(), v.trim_start().to_string()))
}

/// A request dump (`nc -l`, a proxy log, `> ` lines) inside the text. Its
/// body is not read: a paste rarely holds it whole, so it stays unknown.
fn request_dump(text: &str, source: &Source) -> Option<Exchange> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| request_line_in(l).is_some())?;
    let first = request_line_in(lines[start])?;
    let mut parts = first.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let headers: Vec<(String, String)> = lines[start + 1..]
        .iter()
        .map(|l| strip_prompt(l))
        .take_while(|l| !l.is_empty())
        .map_while(header_line)
        .collect();
    let request = CapturedRequest {
        method,
        target,
        headers,
        body: None,
    };
    let ex = assemble(Some(&request), None, source);
    ex.request.is_some().then_some(ex)
}

/// A request in the `Debug` form of Rust's `http` crate, as aws-smithy
/// and reqwest log it: `Request { method: GET, uri: https://…, version:
/// HTTP/1.1, headers: {"k": "v", …} }`. Cut-off headers are dropped.
fn request_debug(text: &str, source: &Source) -> Option<Exchange> {
    let i = text.find("method: ")?;
    let rest = &text[i + "method: ".len()..];
    let method: String = rest
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    if !METHODS.contains(&method.as_str()) {
        return None;
    }
    let u = rest.find("uri: ")? + "uri: ".len();
    let uri = rest[u..].split([',', ' ']).next()?.to_string();
    if !uri.starts_with("http") {
        return None;
    }
    let mut headers = Vec::new();
    if let Some(h) = rest.find("headers: {") {
        let block = &rest[h + "headers: {".len()..];
        // Without its closing brace the block was cut: its last pair too.
        let (block, whole) = match block.find('}') {
            Some(end) => (&block[..end], true),
            None => (block, false),
        };
        let mut pairs: Vec<&str> = block.split("\", \"").collect();
        if !whole {
            pairs.pop();
        }
        for pair in pairs {
            let pair = pair.trim_matches(['"', ' ']);
            if let Some((n, v)) = pair.split_once("\": \"") {
                headers.push((n.to_string(), v.to_string()));
            }
        }
    }
    let request = CapturedRequest {
        method,
        target: uri,
        headers,
        body: None,
    };
    let ex = assemble(Some(&request), None, source);
    ex.request.is_some().then_some(ex)
}

/// A response's status in JSON (a HAR fragment's `"status": 403` beside
/// its `"statusText"`, an SDK's `"statusCode": 403`).
fn json_status(text: &str) -> Option<u16> {
    if !(text.contains("\"statusText\"") || text.contains("\"statusCode\"")) {
        return None;
    }
    for key in ["\"statusCode\":", "\"status\":"] {
        if let Some(i) = text.find(key) {
            let digits: String = text[i + key.len()..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(s) = digits.parse::<u16>()
                && (100..600).contains(&s)
            {
                return Some(s);
            }
        }
    }
    None
}

/// A response dump (`curl -i`, a debug log's `HTTP/1.1 403 …` block).
fn response_dump(text: &str, source: &Source) -> Option<Exchange> {
    let lines: Vec<&str> = text.lines().collect();
    // The status line, after whatever precedes it on its line (a prompt,
    // a quote, `b'`).
    let status_line = |l: &str| -> Option<usize> {
        let i = l.find("HTTP/1.").or_else(|| l.find("HTTP/2"))?;
        l[i..]
            .split(' ')
            .nth(1)
            .is_some_and(|s| s.len() == 3 && s.parse::<u16>().is_ok())
            .then_some(i)
    };
    let start = lines.iter().position(|l| status_line(l).is_some())?;
    let at = status_line(lines[start])?;
    let mut head = vec![lines[start][at..].trim_end_matches('\r').to_string()];
    for l in &lines[start + 1..] {
        let l = strip_prompt(l);
        match header_line(l) {
            Some(_) if !l.is_empty() => head.push(l.to_string()),
            _ => break,
        }
    }
    let text = head.join("\r\n");
    let mut ex = super::parse_http_response(&text, source).ok()?;
    ex.server = None;
    Some(ex)
}

/// The first presigned URL in the text, even cut off: a request whose
/// target carries what survived of the `X-Amz-*` parameters.
fn presigned_url(text: &str, source: &Source) -> Option<Exchange> {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|s| {
            let mut from = 0;
            while let Some(i) = text[from..].find(s) {
                let url = token_at(&text[from + i..]);
                if url.contains("X-Amz-") || url.contains("AWSAccessKeyId=") {
                    return Some(from + i);
                }
                from += i + s.len();
            }
            None
        })
        .min()?;
    let url = token_at(&text[start..]);
    let url = url.split('#').next().unwrap_or(url);
    let request = CapturedRequest {
        method: "GET".into(),
        target: url.to_string(),
        headers: Vec::new(),
        body: None,
    };
    let mut ex = assemble(Some(&request), None, source);
    ex.notes.push(format!(
        "{}: a presigned URL does not record its method; GET is assumed",
        source.name
    ));
    Some(ex)
}

fn token_at(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Canonical requests in the text, whole or with their blank lines lost:
/// `(the client's, the server's)`. One the server printed is marked by
/// the words around it (`<CanonicalRequest>`, "should have been").
fn canonical_blocks(text: &str) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut client = None;
    let mut server = None;
    let mut i = 0;
    while i + 1 < lines.len() {
        if let Some((creq, used, server_side)) = canonical_at(&lines, i) {
            let slot = if server_side {
                &mut server
            } else {
                &mut client
            };
            if slot.is_none() {
                *slot = Some(creq);
            }
            i += used.max(1);
        } else {
            i += 1;
        }
    }
    (client, server)
}

/// A canonical request starting at line `i`: a method (alone, or last on a
/// log line) then a line whose text after the same log prefix starts with
/// `/`. Returns the text, the lines used, and whether the server wrote it.
fn canonical_at(lines: &[&str], i: usize) -> Option<(String, usize, bool)> {
    let first = lines[i].trim_end();
    let method = first.rsplit([' ', '>', '\t']).next()?;
    if !METHODS.contains(&method) {
        return None;
    }
    let before = &first[..first.len() - method.len()];
    let server_side = before.contains("<CanonicalRequest>")
        || before.contains("CanonicalRequest>")
        || lines[i.saturating_sub(2)..i]
            .iter()
            .chain(std::iter::once(&before))
            .any(|l| l.contains("should have been"));
    // An error body's own CanonicalRequest element is read with the body.
    if before.contains("<CanonicalRequest>") {
        return None;
    }
    let next = lines.get(i + 1)?;
    // The path starts the line's text: at the start, or after a space.
    let slash = if next.starts_with('/') {
        0
    } else {
        next.find(" /")? + 1
    };
    let prefix = &next[..slash];
    // The prefix is a log prefix (same on the following lines) or nothing.
    if !prefix.trim().is_empty() && prefix.len() > 80 {
        return None;
    }
    let mut body = vec![method.to_string()];
    let mut used = 1;
    for l in &lines[i + 1..] {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let rest = if prefix.is_empty() {
            l
        } else if let Some(r) = l.strip_prefix(prefix) {
            r
        } else if same_shape(l, prefix) {
            &l[prefix.len().min(l.len())..]
        } else {
            break;
        };
        used += 1;
        let rest = rest.trim_end_matches(['\'', '`']);
        body.push(rest.to_string());
        if is_payload_hash(rest) {
            break;
        }
        if used > 64 {
            return None;
        }
    }
    if !body.last().is_some_and(|l| is_payload_hash(l)) {
        return None;
    }
    let text = super::canonical_text::from_lines(&body)?;
    Some((text, used, server_side))
}

/// Two log prefixes of the same shape: equal once digits are masked.
fn same_shape(line: &str, prefix: &str) -> bool {
    let mask = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    };
    line.len() >= prefix.len()
        && line.is_char_boundary(prefix.len())
        && mask(&line[..prefix.len()]) == mask(prefix)
}

fn is_payload_hash(l: &str) -> bool {
    let l = l.trim();
    (l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        || l == "UNSIGNED-PAYLOAD"
        || l.starts_with("STREAMING-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "paste".into(),
            format: "scan".into(),
        }
    }

    #[test]
    fn message_inside_a_stack_trace() {
        let t = "com.example.S3Exception: The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.\n    at com.example.Foo(Foo.java:1)";
        let ex = scan(t, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "AuthorizationHeaderMalformed");
        assert!(s.message.unwrap().contains("Invalid credential date"));
    }

    #[test]
    fn js_concatenated_body() {
        let t = "  body: '<?xml version=\"1.0\" encoding=\"UTF-8\"?>\\n' +\n    '<Error><Code>RequestTimeTooSkewed</Code><Message>x</Message><RequestTime>20250614T024626Z</RequestTime></Error>'\n}";
        let s = scan(t, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "RequestTimeTooSkewed");
        assert_eq!(s.request_time.as_deref(), Some("20250614T024626Z"));
    }

    #[test]
    fn request_under_a_prompt() {
        let t =
            "$ nc -l 9000\nGET /b/k HTTP/1.1\nHost: 127.0.0.1:9000\nx-amz-date: 20160909T075815Z\n";
        let r = scan(t, &src()).unwrap().request.unwrap();
        assert_eq!(r.http.path, "/b/k");
        assert_eq!(r.http.header("host"), Some("127.0.0.1:9000"));
        assert_eq!(r.body_sha256, None);
    }

    #[test]
    fn canonical_request_in_log_lines_without_blank_lines() {
        let t = "T1 [App/1]      ERR x: canonical req is GET\nT1 [App/1]      ERR /a b.gif\nT1 [App/1]      ERR host:h\nT1 [App/1]      ERR x-amz-date:d\nT1 [App/1]      ERR host;x-amz-date\nT1 [App/1]      ERR UNSIGNED-PAYLOAD\n";
        let c = scan(t, &src()).unwrap().client.unwrap();
        assert_eq!(
            c.canonical_request.unwrap(),
            "GET\n/a b.gif\n\nhost:h\nx-amz-date:d\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD"
        );
    }

    #[test]
    fn cut_off_presigned_url_in_prose() {
        let t = "the url is:\n\nhttps://s3.us-east-2.amazonaws.com/b%2Fx/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240125T103508Z&X-Amz-\n\nthanks";
        let r = scan(t, &src()).unwrap().request.unwrap();
        assert_eq!(r.http.path, "/b%2Fx/k");
    }

    #[test]
    fn nothing_known() {
        assert!(scan("hello world\nnothing here", &src()).is_none());
    }
}

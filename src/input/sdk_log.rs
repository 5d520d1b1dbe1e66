//! Other clients' debug output that prints the canonical request they
//! signed. Each shape below is what the client's source really prints:
//!
//! * aws-sdk-go v1 (`LogDebugWithSigning`) and v2 (`ClientLogMode` with
//!   `LogSigning`): `---[ CANONICAL STRING  ]---` … `---[ STRING TO SIGN ]---`
//!   … `-----` (aws/signer/v4/v4.go `logSignInfoMsg`).
//! * aws-sdk-java v1 (`com.amazonaws.auth.AWS4Signer` at DEBUG) and v2
//!   (`AbstractAws4Signer` at TRACE/DEBUG): `AWS4 Canonical Request: '"…"`
//!   and `AWS4 String to Sign: '"…"`.
//! * Rust `aws-sigv4` (tracing at TRACE): `canonical_request=… string_to_sign=…`
//!   fields of the "calculated signing parameters" event.
//! * s3cmd `--debug`: `DEBUG: Canonical Request:` … `----------------------`.
//!
//! aws-sdk-js v2/v3 print no canonical request (the JS SDKs have no
//! signing log); their users paste the server's message instead, which
//! [`super::error_message`] reads.

use crate::exchange::{ClientSigning, Exchange, Source};

use super::InputError;
use super::pyrepr::{parse_dict, take_literal};
use super::wire::{CapturedResponse, assemble};

/// Which client printed it, for notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Go,
    Java,
    RustSigv4,
    S3cmd,
}

impl Dialect {
    fn label(self) -> &'static str {
        match self {
            Dialect::Go => "aws-sdk-go signing log",
            Dialect::Java => "aws-sdk-java AWS4Signer log",
            Dialect::RustSigv4 => "aws-sigv4 trace log",
            Dialect::S3cmd => "s3cmd debug log",
        }
    }
}

const GO_CREQ: &str = "---[ CANONICAL STRING  ]";
const GO_STS: &str = "---[ STRING TO SIGN ]";
const JAVA_CREQ: &str = "AWS4 Canonical Request: ";
const JAVA_STS: &str = "AWS4 String to Sign: ";
const RUST_CREQ: &str = "canonical_request=";
const RUST_STS: &str = "string_to_sign=";
const S3CMD_CREQ: &str = "Canonical Request:\n";

fn dialect(text: &str) -> Option<Dialect> {
    if text.contains(GO_CREQ) {
        Some(Dialect::Go)
    } else if find_ci(text, JAVA_CREQ).is_some() {
        Some(Dialect::Java)
    } else if text.contains(RUST_CREQ) && text.contains("AWS4-HMAC-SHA256") {
        Some(Dialect::RustSigv4)
    } else if text.contains(S3CMD_CREQ) && text.contains("DEBUG:") {
        Some(Dialect::S3cmd)
    } else {
        None
    }
}

pub(crate) fn looks_like(text: &str) -> bool {
    dialect(text).is_some()
}

fn find_ci(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text_owned = text.replace("\r\n", "\n");
    let text = text_owned.as_str();
    let Some(d) = dialect(text) else {
        return Err(InputError::new(
            &source.name,
            "expected an SDK signing log (aws-sdk-go `---[ CANONICAL STRING  ]`, Java `AWS4 Canonical Request:`, aws-sigv4 `canonical_request=`, s3cmd `Canonical Request:`)",
        ));
    };
    // The last block: retries print one per attempt and the last one is
    // the one that failed for good.
    let blocks: Vec<(Option<String>, Option<String>)> = match d {
        Dialect::Go => all_between(text, GO_CREQ, |rest| {
            let creq = after_line(rest);
            let (creq, after) = split_at_marker(creq, GO_STS);
            let sts = after.map(|a| until_dashes(after_line(a)));
            (Some(creq.trim_end_matches('\n').to_string()), sts)
        }),
        Dialect::Java => {
            let lower = text.to_ascii_lowercase();
            let mut out = Vec::new();
            let mut at = 0;
            while let Some(i) = lower[at..].find(&JAVA_CREQ.to_ascii_lowercase()) {
                let start = at + i + JAVA_CREQ.len();
                let creq = java_value(&text[start..]);
                let sts = lower[start..]
                    .find(&JAVA_STS.to_ascii_lowercase())
                    .map(|j| java_value(&text[start + j + JAVA_STS.len()..]));
                out.push((Some(creq), sts));
                at = start;
            }
            out
        }
        Dialect::RustSigv4 => all_between(text, RUST_CREQ, |rest| {
            let (creq, sts) = match rest.find(&format!(" {RUST_STS}")) {
                Some(j) => (&rest[..j], Some(&rest[j + 1 + RUST_STS.len()..])),
                None => (rest, None),
            };
            let creq = take_lines(creq, 64);
            (
                Some(creq),
                sts.map(|s| s.lines().take(4).collect::<Vec<_>>().join("\n")),
            )
        }),
        Dialect::S3cmd => all_between(text, S3CMD_CREQ, |rest| {
            let end = rest.find("\n----------------------").unwrap_or(rest.len());
            let sts = rest
                .find("String to sign:\n")
                .or_else(|| rest.find("StringToSign:\n"))
                .map(|j| {
                    let s = after_line(&rest[j..]);
                    s.lines().take(4).collect::<Vec<_>>().join("\n")
                });
            (Some(rest[..end].to_string()), sts)
        }),
    };
    let count = blocks.len();
    let Some((canonical_request, string_to_sign)) = blocks.into_iter().last() else {
        return Err(InputError::new(
            &source.name,
            format!("looks like an {} but holds no canonical request", d.label()),
        ));
    };
    let mut notes = Vec::new();
    if count > 1 {
        notes.push(format!(
            "{}: {} signing blocks in this {}; using the last",
            source.name,
            count,
            d.label()
        ));
    }
    let mut ex = match d {
        Dialect::S3cmd => s3cmd_response(text)
            .map(|r| assemble(None, Some(&r), source))
            .unwrap_or_default(),
        _ => Exchange::default(),
    };
    ex.client = Some(ClientSigning {
        canonical_request: canonical_request.map(|c| strip_canonical(&c)),
        string_to_sign: string_to_sign.map(|s| s.trim_end().to_string()),
        signature: None,
        source: Some(source.clone()),
    });
    ex.notes.extend(notes);
    Ok(ex)
}

/// s3cmd's last `DEBUG: Response:` pprint: `{'data': b'…' b'…', 'headers': {…}, 'status': 403}`.
fn s3cmd_response(text: &str) -> Option<CapturedResponse> {
    let at = text.rfind("DEBUG: Response:")?;
    let block = &text[at..];
    let block = &block[..block
        .find("\nDEBUG: S3Error")
        .or_else(|| block[1..].find("\nDEBUG:").map(|i| i + 1))
        .unwrap_or(block.len())];
    let mut body = Vec::new();
    if let Some(i) = block.find("'data': ") {
        let mut rest = block[i + "'data': ".len()..].trim_start();
        while let Some((bytes, r)) = take_literal(rest) {
            body.extend(bytes);
            rest = r.trim_start();
        }
    }
    let status = block
        .find("'status': ")
        .and_then(|i| block[i + 10..].split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    let headers = block
        .find("'headers': ")
        .map(|i| parse_dict(&block[i..]))
        .unwrap_or_default();
    Some(CapturedResponse {
        status,
        headers,
        body: (!body.is_empty()).then_some(body),
    })
}

/// Every block after `marker`, each read by `read`.
fn all_between<T>(text: &str, marker: &str, read: impl Fn(&str) -> T) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(marker) {
        let start = at + i + marker.len();
        let end = text[start..].find(marker).map_or(text.len(), |j| start + j);
        out.push(read(&text[start..end]));
        at = start;
    }
    out
}

fn after_line(s: &str) -> &str {
    s.split_once('\n').map_or("", |(_, r)| r)
}

fn split_at_marker<'a>(s: &'a str, marker: &str) -> (&'a str, Option<&'a str>) {
    match s.find(marker) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    }
}

fn until_dashes(s: &str) -> String {
    s.lines()
        .take_while(|l| !l.starts_with("-----") && !l.starts_with("---["))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Java: `'"…"` (v1) or a bare value up to the next log record (v2).
fn java_value(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("'\"") {
        let end = rest
            .find("\"\n")
            .or_else(|| rest.rfind('"'))
            .unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    let mut lines = Vec::new();
    for (i, l) in s.lines().enumerate() {
        if i > 0 && (l.contains(" DEBUG ") || l.contains(" TRACE ") || l.contains(JAVA_STS)) {
            break;
        }
        lines.push(l);
    }
    lines.join("\n")
}

/// At most `n` lines, stopping after the payload-hash line (the sixth part).
fn take_lines(s: &str, n: usize) -> String {
    s.lines().take(n).collect::<Vec<_>>().join("\n")
}

/// Keeps exactly the six parts of a canonical request when more text
/// follows it in the log.
fn strip_canonical(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // method, uri, query, headers…, blank, signed, hash
    if let Some(blank) = lines.iter().skip(3).position(|l| l.is_empty()) {
        let end = (3 + blank + 3).min(lines.len());
        return lines[..end].join("\n");
    }
    text.trim_end().to_string()
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

    #[test]
    fn go_block() {
        let t = "SDK 2024/03/09 14:14:13 DEBUG Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nPUT\n/b/k\n\nhost:h\nx-amz-date:20240309T051413Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20240309T051413Z\n20240309/us-east-1/s3/aws4_request\nabc\n-----------------------------------------------------\n";
        let e = parse(t, &src()).unwrap();
        let c = e.client.unwrap();
        assert!(
            c.canonical_request
                .unwrap()
                .ends_with("host;x-amz-date\nUNSIGNED-PAYLOAD")
        );
        assert_eq!(c.string_to_sign.unwrap().lines().count(), 4);
    }

    #[test]
    fn java_block() {
        let t = "DEBUG com.amazonaws.auth.AWS4Signer - AWS4 Canonical Request: '\"GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\"\nDEBUG com.amazonaws.auth.AWS4Signer - AWS4 String to Sign: '\"AWS4-HMAC-SHA256\n20161004T211059Z\n20161004/us-west-2/s3/aws4_request\nabc\"\n";
        let c = parse(t, &src()).unwrap().client.unwrap();
        assert_eq!(
            c.canonical_request.as_deref(),
            Some("GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        assert!(c.string_to_sign.unwrap().ends_with("abc"));
    }
}

//! A bare canonical request and/or string to sign, as copied out of a log.
//! That text is the client's side: it is what the client hashed.

use crate::model::exchange::{ClientSigning, Exchange, Source};
use crate::sigv4::{CanonicalRequest, StringToSign};

use super::InputError;

const METHODS: &[&str] = &["GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "PATCH"];

pub(crate) fn looks_like(text: &str) -> bool {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_end();
    let second = lines.next().unwrap_or("");
    (METHODS.contains(&first) && second.starts_with('/'))
        || first.starts_with("AWS4-HMAC-SHA256") && !first.contains(' ')
}

/// Splits the text at the `AWS4-HMAC-SHA256` line: before it is the
/// canonical request, from it the string to sign.
pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text = text.trim_start_matches(['\n', '\r']);
    let (creq, sts) = match text
        .find("AWS4-HMAC-SHA256\n")
        .or_else(|| text.find("AWS4-HMAC-SHA256\r\n"))
    {
        Some(0) => ("", text),
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let canonical = if creq.trim().is_empty() {
        None
    } else {
        let c = CanonicalRequest::parse(creq.trim_end_matches(['\n', '\r'])).ok_or_else(|| {
            InputError::new(&source.name, "looks like a canonical request but lacks its six parts (method, URI, query, headers, signed headers, payload hash)")
        })?;
        Some(c.to_string())
    };
    let string_to_sign = if sts.trim().is_empty() {
        None
    } else {
        let four: String = sts.lines().take(4).collect::<Vec<_>>().join("\n");
        StringToSign::parse(&four).map(|s| s.to_string())
    };
    if canonical.is_none() && string_to_sign.is_none() {
        return Err(InputError::new(
            &source.name,
            "expected a canonical request or a string to sign",
        ));
    }
    Ok(Exchange {
        client: Some(ClientSigning {
            canonical_request: canonical,
            string_to_sign,
            signature: None,
            source: Some(source.clone()),
        }),
        ..Exchange::default()
    })
}

/// The six parts from lines that may have lost their blank lines (a log
/// that drops empty lines): query, headers, signed list and hash are told
/// apart by their shape.
pub(crate) fn from_lines(lines: &[String]) -> Option<String> {
    let joined = lines.join("\n");
    // A header where the query line belongs: the log dropped blank lines.
    let lost_blank_lines = lines
        .get(2)
        .is_some_and(|l| l.contains(':') && !l.contains('='));
    if !lost_blank_lines && let Some(c) = CanonicalRequest::parse(&joined) {
        return Some(c.to_string()).filter(|_| joined.lines().count() >= 6);
    }
    let method = lines.first()?;
    let uri = lines.get(1)?;
    let hash = lines.last()?;
    let middle = &lines[2..lines.len() - 1];
    let signed_at = middle.iter().rposition(|l| {
        !l.is_empty()
            && !l.contains(':')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b';' || b == b'-')
    })?;
    let signed = &middle[signed_at];
    let mut query = String::new();
    let mut headers = Vec::new();
    for l in &middle[..signed_at] {
        if l.is_empty() {
            continue;
        }
        if headers.is_empty() && !l.contains(':') {
            query = l.clone();
        } else {
            headers.push(l.clone());
        }
    }
    Some(format!(
        "{method}\n{uri}\n{query}\n{}\n\n{signed}\n{hash}",
        headers.join("\n")
    ))
}

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

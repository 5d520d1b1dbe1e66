//! A presigned URL on its own: as an `explain` argument or alone in a file.
//! It becomes a wire request (the method is not recorded in the URL, so it
//! is assumed GET and a note says so, unless the `x-id=<Operation>`
//! parameter that aws-sdk-js v3 and other Smithy SDKs add names it);
//! [`crate::model::presigned`] then describes its scope, signed headers and expiry.

use crate::model::exchange::{Exchange, Source};

use super::InputError;
use super::wire::{CapturedRequest, assemble};

/// A single `http(s)://` token (quotes allowed) carrying a signature.
pub(crate) fn looks_like(text: &str) -> bool {
    url_token(text).is_some_and(|u| {
        let q = u.split_once('?').map_or("", |(_, q)| q);
        q.contains("X-Amz-Signature=") || q.contains("x-amz-signature=") || q.contains("Signature=")
    })
}

/// The URL when the text is one URL and nothing else.
pub(crate) fn url_token(text: &str) -> Option<&str> {
    let t = text.trim().trim_matches(['\'', '"', '<', '>']).trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        .then_some(t)
        .filter(|t| !t.contains(char::is_whitespace))
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let Some(url) = url_token(text) else {
        return Err(InputError::new(
            &source.name,
            "expected one presigned URL (https://…?X-Amz-Signature=…) and nothing else",
        ));
    };
    let url = url.split('#').next().unwrap_or(url);
    let operation = smithy_operation(url);
    let method = operation.and_then(|(_, m)| m);
    let request = CapturedRequest {
        method: method.unwrap_or("GET").to_string(),
        target: url.to_string(),
        headers: Vec::new(),
        body: None,
    };
    let mut ex = assemble(Some(&request), None, source);
    if ex.claim().is_none() {
        return Err(InputError::new(
            &source.name,
            "a URL without X-Amz-Signature (or SigV2 Signature/AWSAccessKeyId): not a presigned URL",
        ));
    }
    ex.notes.push(match (operation, method) {
        (Some((op, _)), Some(m)) => format!(
            "{}: the URL's x-id={op} (added by aws-sdk-js v3 and other Smithy SDKs) names the operation it was presigned for: {m} is assumed",
            source.name
        ),
        _ => format!(
            "{}: a presigned URL does not record its method; GET is assumed (use it with the method it was presigned for)",
            source.name
        ),
    });
    Ok(ex)
}

/// The URL's `x-id=<Operation>` and the method S3 defines for it.
fn smithy_operation(url: &str) -> Option<(&str, Option<&'static str>)> {
    crate::model::presigned::smithy_operation(url.split_once('?')?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smithy_x_id_names_the_method() {
        assert_eq!(
            smithy_operation("https://h/b/k?X-Amz-Signature=1&x-id=PutObject"),
            Some(("PutObject", Some("PUT")))
        );
        assert_eq!(
            smithy_operation("https://h/b/k?x-id=Frobnicate"),
            Some(("Frobnicate", None))
        );
        assert_eq!(smithy_operation("https://h/b/k?X-Amz-Signature=1"), None);
    }
}

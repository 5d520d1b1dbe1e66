//! Error messages quoted without their XML: an S3 error code with its
//! message on one line (`AuthorizationHeaderMalformed: … the region 'X' is
//! wrong; expecting 'Y'`), an SDK exception (`An error occurred
//! (SignatureDoesNotMatch) when calling the PutObject operation: …`), or
//! the API Gateway/SigV4 service text that quotes the server's canonical
//! request (`The Canonical String for this request should have been '…'`).

use crate::model::exchange::{Exchange, ServerError, Source};

use super::InputError;

/// Codes a signing failure is reported with.
const CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "AuthorizationHeaderMalformed",
    "AuthorizationQueryParametersError",
    "HeadersNotSigned",
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidAccessKeyId",
    "IncompleteSignature",
    "XAmzContentSHA256Mismatch",
    "AccessDenied",
];

pub(crate) fn looks_like(text: &str) -> bool {
    code_in(text).is_some()
        || text.contains("The Canonical String for this request should have been")
}

fn code_in(text: &str) -> Option<&'static str> {
    // A code is a word of its own: `AccessDenied` in `AccessDeniedException`
    // (a Java class name) is not the code.
    let whole = |c: &str| {
        text.match_indices(c)
            .find(|(i, _)| {
                !text[i + c.len()..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_alphanumeric())
            })
            .map(|(i, _)| i)
    };
    CODES
        .iter()
        .filter_map(|c| whole(c).map(|i| (i, *c)))
        .min()
        .map(|(_, c)| c)
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let canonical = quoted_after(
        text,
        "The Canonical String for this request should have been",
    );
    let sts = quoted_after(text, "The String-to-Sign should have been");
    let code = code_in(text).or(canonical.as_ref().map(|_| "SignatureDoesNotMatch"));
    let Some(code) = code else {
        return Err(InputError::new(
            &source.name,
            "expected an S3 error code or message (SignatureDoesNotMatch, AuthorizationHeaderMalformed, …)",
        ));
    };
    let message = message_after(text, code);
    let header_name = text
        .split_once("HeadersNotSigned")
        .and_then(|(_, r)| r.trim_start_matches([':', ' ']).split_whitespace().next())
        .filter(|h| h.contains('-') && !h.ends_with('.'))
        .map(str::to_string);
    let server = ServerError {
        code: code.to_string(),
        message,
        // The region a message expects is read from it by model::server_says.
        header_name,
        canonical_request: canonical,
        string_to_sign: sts,
        source: Some(source.clone()),
        ..ServerError::default()
    };
    Ok(Exchange {
        server: Some(server),
        notes: vec![format!(
            "{}: a message without the XML body; only the code{} could be read",
            source.name,
            if text.contains("expecting '") {
                " and region"
            } else {
                " and message"
            }
        )],
        ..Exchange::default()
    })
}

/// The message text after the code: `Code: message` or `(Code) when … : message`.
fn message_after(text: &str, code: &str) -> Option<String> {
    let i = text.find(code)? + code.len();
    let rest = &text[i..];
    let rest = match rest.find("operation: ") {
        Some(j) if rest.starts_with(')') => &rest[j + "operation: ".len()..],
        _ => rest.trim_start_matches([')', ':', ' ', '-']),
    };
    let line = rest.lines().next().unwrap_or("").trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// `Marker\n'…'` → the quoted multi-line text.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let i = text.find(marker)? + marker.len();
    let rest = text[i..].trim_start();
    let rest = rest.strip_prefix('\'')?;
    let end = rest.find('\'')?;
    Some(rest[..end].replace("\\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "msg".into(),
            format: "error-message".into(),
        }
    }

    #[test]
    fn region_message() {
        let t = "AuthorizationHeaderMalformed: The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'";
        let s = parse(t, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "AuthorizationHeaderMalformed");
        // The expected region is the message's; model::server_says reads it.
        assert!(
            s.message
                .as_deref()
                .unwrap()
                .contains("expecting 'eu-west-1'")
        );
        assert!(s.message.unwrap().starts_with("The authorization header"));
    }

    #[test]
    fn boto_exception() {
        let t = "botocore.exceptions.ClientError: An error occurred (RequestTimeTooSkewed) when calling the PutObject operation: The difference between the request time and the current time is too large.";
        let s = parse(t, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "RequestTimeTooSkewed");
        assert!(s.message.unwrap().starts_with("The difference"));
    }
}

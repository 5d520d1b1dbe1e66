//! What the server stated, decoded once: its code, its message, and the
//! causes the message names outright. AWS S3, the S3-compatible servers
//! (MinIO, Garage, Ceph RGW, s3s, moto, R2) and the other SigV4 services
//! (API Gateway, OpenSearch, STS…) each word these their own way; the
//! wordings live here and nowhere else, so a rule asks "did the server say
//! the region is wrong?" instead of matching text.

use serde::Serialize;

use super::exchange::ServerError;

/// A cause the server named in its own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Stated {
    /// The scope's region is not the one the server (or bucket) uses.
    Region {
        used: Option<String>,
        expected: Option<String>,
    },
    /// The scope's service is not the one the endpoint serves.
    Service { expected: Option<String> },
    /// The scope's date is not the date of `X-Amz-Date`.
    CredentialDate,
    /// The request time is too far from the server's clock.
    ClockSkew,
    /// A presigned URL or POST policy is past its expiry (S3: "Request has
    /// expired", "Policy expired").
    PresignedExpired,
    /// The signature is older than the service allows ("Signature
    /// expired: … is now earlier than …"): the client's clock, or a
    /// request signed long before it was sent.
    SignatureExpired,
    /// Headers were sent that must be signed and were not.
    HeadersNotSigned { header: Option<String> },
    /// A header the server needs is not in the request.
    MissingHeader { header: String },
    /// `x-amz-content-sha256` is not the hash of the body received.
    ContentSha256Mismatch,
    /// `Content-MD5` (or another digest) is not the body's.
    BadDigest,
    /// The access key is unknown to the server.
    InvalidAccessKey,
    /// The session token has expired.
    TokenExpired,
    /// The session token is malformed, or unknown to the server.
    TokenInvalid,
    /// The scope does not end in `aws4_request`.
    Terminator,
    /// The server requires Signature Version 4 (the request used another).
    SigV4Required,
    /// The server could not read the request time ("requires a valid Date
    /// or x-amz-date header", "X-Amz-Date must be in the ISO8601 Long Format").
    InvalidDate,
    /// The access key in the Credential holds whitespace: the server split
    /// the Authorization header there (AWS: "'…/aws4_request' not a valid
    /// key=value pair (missing equal-sign)").
    AccessKeyWhitespace,
    /// The server does not take the newer SDKs' checksums (`x-amz-checksum-*`,
    /// `x-amz-sdk-checksum-algorithm`, a trailer, STREAMING-UNSIGNED-PAYLOAD-TRAILER).
    ChecksumUnsupported,
    /// The endpoint is not the bucket's: S3 redirects (301 PermanentRedirect,
    /// 307 TemporaryRedirect) to the one in the bucket's region.
    WrongEndpoint { region: Option<String> },
}

/// What the server said about this request.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerSays {
    pub code: String,
    pub message: Option<String>,
    /// The causes the server named, in the order found.
    pub stated: Vec<Stated>,
    /// The error is not about signing at all (a missing bucket or key, an
    /// invalid bucket name, throttling, a server fault).
    pub not_about_signing: bool,
}

/// Codes of errors raised for reasons other than the signature.
const NOT_SIGNING: &[&str] = &[
    "NoSuchBucket",
    "NoSuchKey",
    "NoSuchUpload",
    "NoSuchVersion",
    "InvalidBucketName",
    "BucketAlreadyExists",
    "BucketAlreadyOwnedByYou",
    "BucketNotEmpty",
    "EntityTooLarge",
    "EntityTooSmall",
    "InvalidRange",
    "MethodNotAllowed",
    "PreconditionFailed",
    "NotModified",
    "SlowDown",
    "ServiceUnavailable",
    "InternalError",
    "NotImplemented",
    "InvalidObjectState",
    "KeyTooLongError",
    "MalformedXML",
];

impl ServerSays {
    pub fn read(error: &ServerError) -> ServerSays {
        let code = error.code.trim().to_string();
        let message = error.message.clone().filter(|m| !m.trim().is_empty());
        let m = message.as_deref().unwrap_or("");
        let lower = m.to_ascii_lowercase();
        let mut stated: Vec<Stated> = Vec::new();
        fn say_in(stated: &mut Vec<Stated>, s: Stated) {
            if !stated.contains(&s) {
                stated.push(s);
            }
        }
        macro_rules! say {
            ($s:expr) => {
                say_in(&mut stated, $s)
            };
        }

        // Region: AWS "the region 'X' is wrong; expecting 'Y'", the
        // <Region> element of AuthorizationHeaderMalformed, MinIO/R2/API
        // Gateway "Credential should be scoped to a valid region".
        let expecting = quoted_after(m, "expecting '");
        let wrong = quoted_after(m, "the region '");
        if expecting.is_some() && lower.contains("region") {
            say!(Stated::Region {
                used: wrong,
                expected: expecting,
            });
        } else if lower.contains("scoped to a valid region")
            || lower.contains("region is wrong")
            || lower.contains("invalid region")
        {
            // "…scoped to a valid region, not 'us-west-1'."
            say!(Stated::Region {
                used: quoted_after(m, "not '"),
                expected: error.region.clone(),
            });
        }
        // A whole scope stated (Garage: "unexpected scope: 'A', expected: 'B'"):
        // which part differs says which cause.
        if let Some(used) = after_word(m, "unexpected scope") {
            // "expected" also ends "unexpected": take the word on its own.
            let expected = after_word(m, ", expected").or_else(|| after_word(m, "expected:"));
            let parts = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
            let u = parts(&used);
            match expected.as_deref().map(parts) {
                Some(e) if e.len() == 4 && u.len() == 4 => {
                    if e[1] != u[1] {
                        say!(Stated::Region {
                            used: Some(u[1].clone()),
                            expected: Some(e[1].clone()),
                        });
                    }
                    if e[2] != u[2] {
                        say!(Stated::Service {
                            expected: Some(e[2].clone()),
                        });
                    }
                    if e[0] != u[0] {
                        say!(Stated::CredentialDate);
                    }
                }
                // No expected scope: the region is what servers reject a
                // scope for (the date and service are checked elsewhere).
                _ => say!(Stated::Region {
                    used: u.get(1).cloned(),
                    expected: error.region.clone(),
                }),
            }
        }
        if code == "AuthorizationHeaderMalformed"
            && error.region.is_some()
            && !stated.iter().any(|s| matches!(s, Stated::Region { .. }))
            && !lower.contains("credential date")
        {
            say!(Stated::Region {
                used: None,
                expected: error.region.clone(),
            });
        }
        if lower.contains("scoped to correct service") || lower.contains("incorrect service") {
            say!(Stated::Service {
                expected: quoted_after(m, "service: '").or_else(|| quoted_after(m, "service '")),
            });
        }
        if lower.contains("credential date")
            || lower.contains("date in credential scope does not match")
            || lower.contains("date is not the same as x-amz-date")
        {
            say!(Stated::CredentialDate);
        }
        if code == "RequestTimeTooSkewed"
            || lower.contains("request time and the current time is too large")
            || lower.contains("signature not yet current")
            || lower.contains("request time too skewed")
        {
            say!(Stated::ClockSkew);
        }
        if lower.contains("request has expired")
            || lower.contains("request is expired")
            || lower.contains("policy expired")
        {
            say!(Stated::PresignedExpired);
        } else if code == "RequestExpired" || lower.contains("signature expired") {
            say!(Stated::SignatureExpired);
        }
        if code == "HeadersNotSigned"
            || lower.contains("headers present in the request which were not signed")
        {
            say!(Stated::HeadersNotSigned {
                header: error.header_name.clone(),
            });
        }
        // s3s: "missing header: X"; AWS: "Missing required header for this
        // request: X".
        let missing = after_word(m, "missing header").or_else(|| {
            lower
                .contains("missing required header")
                .then(|| after_word(m, "for this request").or_else(|| error.header_name.clone()))?
        });
        if let Some(h) = missing {
            say!(Stated::MissingHeader {
                header: h.trim_matches(['\'', '"', '`', '.']).to_ascii_lowercase(),
            });
        }
        if code == "XAmzContentSHA256Mismatch"
            || lower.contains("x-amz-content-sha256' header does not match")
            || lower.contains("content sha256 mismatch")
        {
            say!(Stated::ContentSha256Mismatch);
        }
        if code == "BadDigest" || code == "InvalidDigest" {
            say!(Stated::BadDigest);
        }
        if code == "InvalidAccessKeyId"
            || code == "InvalidClientTokenId"
            || lower.contains("access key id you provided does not exist")
            || lower.contains("security token included in the request is invalid")
        {
            say!(Stated::InvalidAccessKey);
        }
        if code == "ExpiredToken" || lower.contains("token has expired") {
            say!(Stated::TokenExpired);
        }
        if code == "InvalidToken" || lower.contains("token is malformed or otherwise invalid") {
            say!(Stated::TokenInvalid);
        }
        let names_checksum = lower.contains("checksum")
            || lower.contains("x-amz-trailer")
            || lower.contains("streaming-unsigned-payload-trailer")
            || lower.contains("x-amz-content-sha256 must be");
        if names_checksum
            && (lower.contains("unsupported")
                || lower.contains("not supported")
                || lower.contains("not implemented")
                || lower.contains("but no corresponding")
                || lower.contains("only specify one")
                || lower.contains("must be"))
        {
            say!(Stated::ChecksumUnsupported);
        }
        if lower.contains("requires a valid date or x-amz-date")
            || lower.contains("iso8601 long format")
            || lower.contains("invalid header: x-amz-date")
            || lower.contains("invalid date")
        {
            say!(Stated::InvalidDate);
        }
        if lower.contains("not a valid key=value pair") && lower.contains("/aws4_request") {
            say!(Stated::AccessKeyWhitespace);
        }
        if lower.contains("valid terminator") {
            say!(Stated::Terminator);
        }
        if lower.contains("authorization mechanism you have provided is not supported")
            || lower.contains("please use aws4-hmac-sha256")
        {
            say!(Stated::SigV4Required);
        }
        if code == "PermanentRedirect"
            || code == "TemporaryRedirect"
            || lower.contains("must be addressed using the specified endpoint")
            || lower.contains("re-send this request to the specified temporary endpoint")
        {
            say!(Stated::WrongEndpoint {
                region: error.region.clone()
            });
        }
        let not_about_signing = NOT_SIGNING.contains(&code.as_str()) && stated.is_empty();
        ServerSays {
            code,
            message,
            stated,
            not_about_signing,
        }
    }

    /// The server's words in one line: `Code: Message`.
    pub fn quote(&self) -> String {
        match &self.message {
            Some(m) => format!("{}: {}", self.code, m.trim()),
            None => self.code.clone(),
        }
    }
}

/// The text inside the quotes that follow `marker`.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let i = text.find(marker)? + marker.len();
    let end = text[i..].find(['\'', '"'])?;
    Some(text[i..i + end].to_string()).filter(|s| !s.is_empty())
}

/// The token after `word` and an optional `:`, without quotes:
/// `unexpected scope: '2026…/s3/aws4_request'` → the scope.
fn after_word(text: &str, word: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let i = lower.find(word)? + word.len();
    let rest = text[i..].trim_start_matches([':', ' ', '\'', '"', '`']);
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | '`' | ',' | ')'))
        .collect();
    Some(token).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(code: &str, message: &str) -> ServerSays {
        ServerSays::read(&ServerError {
            code: code.into(),
            message: Some(message.into()),
            ..ServerError::default()
        })
    }

    #[test]
    fn aws_region() {
        let s = says(
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the region 'us-west-2' is wrong; expecting 'us-east-1'",
        );
        assert_eq!(
            s.stated,
            vec![Stated::Region {
                used: Some("us-west-2".into()),
                expected: Some("us-east-1".into())
            }]
        );
    }

    #[test]
    fn garage_scope() {
        let s = says(
            "AuthorizationHeaderMalformed",
            "Authorization header malformed, unexpected scope: '20261123/us-west-2/s3/aws4_request', expected: '20261123/garage/s3/aws4_request'",
        );
        assert_eq!(
            s.stated,
            vec![Stated::Region {
                used: Some("us-west-2".into()),
                expected: Some("garage".into())
            }]
        );
        let bare = says(
            "AuthorizationHeaderMalformed",
            "Authorization header malformed, unexpected scope: 20260519/made-up-region/s3/aws4_request",
        );
        assert!(matches!(bare.stated[0], Stated::Region { .. }));
    }

    #[test]
    fn other_services() {
        let s = says(
            "InvalidSignatureException",
            "Credential should be scoped to correct service: 'batch'. ",
        );
        assert_eq!(
            s.stated,
            vec![Stated::Service {
                expected: Some("batch".into())
            }]
        );
        let d = says(
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.",
        );
        assert_eq!(d.stated, vec![Stated::CredentialDate]);
    }

    #[test]
    fn missing_header_and_not_signing() {
        let s = says("InvalidRequest", "missing header: x-amz-content-sha256");
        assert_eq!(
            s.stated,
            vec![Stated::MissingHeader {
                header: "x-amz-content-sha256".into()
            }]
        );
        assert!(says("NoSuchBucket", "The specified bucket does not exist").not_about_signing);
        assert!(!says("SignatureDoesNotMatch", "x").not_about_signing);
    }
}

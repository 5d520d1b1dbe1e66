//! What a response means for the signature: accepted, rejected (and then
//! why, through the same pipeline as `explain`), or not S3 at all.

use super::NetError;
use super::request::Prepared;
use super::transport::Response;
use crate::model::exchange::{
    ClientSigning, Exchange, ResponseMeta, ServerError, Source, WireRequest,
};
use crate::sigv4::sha256_hex;

/// Error codes a server gives while authenticating. Any other S3 error
/// (`NoSuchKey`, `NoSuchBucket`, …) comes after the signature was accepted.
const AUTH_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "AccessDenied",
    "AuthorizationHeaderMalformed",
    "AuthorizationQueryParametersError",
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidAccessKeyId",
    "InvalidRequest",
    "InvalidToken",
    "ExpiredToken",
    "IncompleteSignature",
    "MissingSecurityHeader",
    "XAmzContentSHA256Mismatch",
    "Forbidden",
];

/// Error codes a server can only reach after it verified the signature
/// (the request was authorised, then the object or state was wrong). Any
/// code in neither list proves nothing about the signature.
const AFTER_AUTH_CODES: &[&str] = &[
    "NoSuchKey",
    "NoSuchUpload",
    "NoSuchVersion",
    "PreconditionFailed",
    "NotModified",
    "InvalidRange",
    "InvalidObjectState",
    "InvalidPart",
    "InvalidPartOrder",
    "EntityTooSmall",
    "BucketNotEmpty",
    "BucketAlreadyOwnedByYou",
    "NoSuchLifecycleConfiguration",
    "NoSuchCORSConfiguration",
    "NoSuchTagSet",
    "NoSuchBucketPolicy",
    "NoSuchWebsiteConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "ReplicationConfigurationNotFoundError",
];

#[derive(Debug, Clone)]
pub enum Verdict {
    /// The server accepted the signature; `answer` is its status or error code.
    Accepted { answer: String },
    /// The server refused the signature; the exchange is ready to diagnose.
    Rejected { code: String },
    /// An error that does not say whether the signature was checked
    /// (`SlowDown`, `NoSuchBucket`, `InvalidSecurity`, a 5xx, a code this
    /// tool does not know): neither accepted nor refused.
    Unknown { answer: String },
}

/// Classifies `resp` and builds the exchange describing it. Non-S3
/// answers (an HTML page, a redirect to a login) are a [`NetError`].
pub fn classify(
    prepared: &Prepared,
    resp: &Response,
    at: &str,
) -> Result<(Verdict, Exchange), NetError> {
    let mut ex = exchange_for(prepared, resp);
    let text = String::from_utf8_lossy(&resp.body);
    let xml_error = looks_like_s3_error(&text);
    if xml_error
        && let Ok(parsed) =
            crate::input::parse_error_xml(&text, &source("response body", "error-xml"))
    {
        ex.server = parsed.server;
        ex.notes.extend(parsed.notes);
    }
    let code = ex.server.as_ref().map(|s| s.code.clone());
    if (200..300).contains(&resp.status) {
        if !looks_like_s3_success(resp) {
            return Err(not_s3(resp, at));
        }
        return Ok((
            Verdict::Accepted {
                answer: format!("HTTP {}", resp.status),
            },
            ex,
        ));
    }
    match code {
        Some(c) if AUTH_CODES.contains(&c.as_str()) => Ok((Verdict::Rejected { code: c }, ex)),
        Some(c) if AFTER_AUTH_CODES.contains(&c.as_str()) => Ok((
            Verdict::Accepted {
                answer: format!("HTTP {} {c}", resp.status),
            },
            ex,
        )),
        Some(c) => Ok((
            Verdict::Unknown {
                answer: format!("HTTP {} {c}", resp.status),
            },
            ex,
        )),
        // HEAD responses have no body: a 403 is all a server can say.
        None if resp.status == 403 && resp.body.is_empty() => {
            ex.server = Some(ServerError {
                code: "Forbidden".into(),
                message: Some("HTTP 403 with no error body (HEAD responses carry none)".into()),
                ..Default::default()
            });
            Ok((
                Verdict::Rejected {
                    code: "Forbidden".into(),
                },
                ex,
            ))
        }
        None if resp.status == 404 && resp.body.is_empty() && prepared.wire.method == "HEAD" => {
            Ok((
                Verdict::Accepted {
                    answer: "HTTP 404 (no such key)".into(),
                },
                ex,
            ))
        }
        None => Err(not_s3(resp, at)),
    }
}

fn looks_like_s3_error(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with("<?xml") || t.starts_with("<Error")) && t.contains("<Code>")
}

/// A 2xx from S3 carries an object's ETag, a request id, or is a 204, or
/// an XML document; an HTML welcome page carries none of these.
fn looks_like_s3_success(resp: &Response) -> bool {
    if resp.status == 204 {
        return true;
    }
    if ["etag", "x-amz-request-id", "x-amz-id-2", "x-amz-version-id"]
        .iter()
        .any(|h| resp.header(h).is_some())
    {
        return true;
    }
    let ct = resp
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    ct.contains("xml")
        && String::from_utf8_lossy(&resp.body)
            .trim_start()
            .starts_with("<")
}

fn not_s3(resp: &Response, at: &str) -> NetError {
    let ct = resp.header("content-type").unwrap_or("no content type");
    let server = resp
        .header("server")
        .map(|s| format!(", server `{s}`"))
        .unwrap_or_default();
    NetError(format!(
        "{at}: this is not an S3 answer (HTTP {}, {ct}{server}) — check --endpoint and that it is the S3 API port",
        resp.status
    ))
}

fn source(name: &str, format: &str) -> Source {
    Source {
        name: name.into(),
        format: format.into(),
    }
}

/// The exchange replay knows: the wire request, exactly what it signed
/// (as the client side, origin "logged"), and the response.
pub fn exchange_for(prepared: &Prepared, resp: &Response) -> Exchange {
    Exchange {
        request: Some(WireRequest {
            http: prepared.wire.clone(),
            body_sha256: Some(sha256_hex(&prepared.body)),
            body_len: Some(prepared.body.len() as u64),
            source: source("replay", "replay"),
        }),
        client: Some(ClientSigning {
            canonical_request: Some(prepared.canonical.to_string()),
            string_to_sign: Some(prepared.string_to_sign.clone()),
            signature: Some(prepared.signature.clone()),
            source: Some(source("replay (what s3sigdiag signed)", "replay")),
        }),
        response: Some(ResponseMeta {
            status: Some(resp.status),
            headers: resp.headers.clone(),
        }),
        sources: vec![source("replay", "replay")],
        ..Default::default()
    }
}

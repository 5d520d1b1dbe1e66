//! A pure SigV4 engine: no I/O, no clocks, no global state.
//!
//! Every type whose text is signed implements `Display` so that `to_string()`
//! is exactly the bytes AWS hashes. The steps follow the AWS SigV4 spec
//! ("Create a canonical request", "Create a string to sign", "Calculate the
//! signature"); S3 differs from other services only in how the path is
//! treated, which is the explicit [`PathMode`] rather than a boolean.

mod auth;
mod canonical;
mod encode;
mod presign;
mod scope;
mod sign;

pub use auth::{
    AuthClaim, AuthParseError, AuthScheme, Location, authorization_header, parse_authorization,
    parse_presigned_query, without_signature_param,
};
pub use canonical::{
    CanonicalRequest, HttpRequest, PathMode, TrailingSlash, canonical_header_value, normalize_path,
};
pub use encode::{disputed_chars, is_unreserved, percent_decode, uri_encode};
pub use presign::{PresignParams, presign_query};
pub use scope::{Credential, Scope, ScopeParseError};
pub use sign::{ALGORITHM, StringToSign, sign, signing_key, signing_key_bytes};

/// The payload hash S3 accepts when the body is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Payload hash markers used by chunked (streaming) uploads.
pub const STREAMING_PAYLOADS: &[&str] = &[
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
];
/// SHA-256 of the empty string: the payload hash of a request with no body.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Lowercase hex SHA-256 of `data`: the payload-hash form.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(data))
}

/// True when `value` is a payload hash S3 would accept in
/// `x-amz-content-sha256` without hashing the body itself.
pub fn is_special_payload_hash(value: &str) -> bool {
    value == UNSIGNED_PAYLOAD || STREAMING_PAYLOADS.contains(&value)
}

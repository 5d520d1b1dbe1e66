//! The query-string (presigned URL) form of SigV4.

use super::encode::uri_encode;
use super::{ALGORITHM, Scope};

/// What a presigned URL carries besides the request itself.
#[derive(Debug, Clone)]
pub struct PresignParams<'a> {
    pub access_key: &'a str,
    pub scope: &'a Scope,
    pub amz_date: &'a str,
    pub expires: u64,
    pub signed_headers: &'a [String],
    pub session_token: Option<&'a str>,
}

/// The `X-Amz-*` parameters (all but `X-Amz-Signature`) appended to
/// `existing_query`, encoded as a client puts them on the URL. Signing the
/// result with payload hash `UNSIGNED-PAYLOAD` gives the presigned signature.
pub fn presign_query(existing_query: &str, p: &PresignParams<'_>) -> String {
    let mut names: Vec<String> = p
        .signed_headers
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    let credential = format!("{}/{}", p.access_key, p.scope);
    let mut parts: Vec<String> = Vec::new();
    if !existing_query.is_empty() {
        parts.push(existing_query.to_string());
    }
    parts.push(format!("X-Amz-Algorithm={ALGORITHM}"));
    parts.push(format!(
        "X-Amz-Credential={}",
        uri_encode(credential.as_bytes(), false)
    ));
    parts.push(format!("X-Amz-Date={}", p.amz_date));
    parts.push(format!("X-Amz-Expires={}", p.expires));
    if let Some(token) = p.session_token {
        parts.push(format!(
            "X-Amz-Security-Token={}",
            uri_encode(token.as_bytes(), false)
        ));
    }
    parts.push(format!(
        "X-Amz-SignedHeaders={}",
        uri_encode(names.join(";").as_bytes(), false)
    ));
    parts.join("&")
}

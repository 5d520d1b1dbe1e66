//! Steps 2-4 of SigV4: string to sign, signing key, signature.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{CanonicalRequest, Scope};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

type HmacSha256 = Hmac<Sha256>;

/// `AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(sha256(canonical request))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    pub algorithm: String,
    pub amz_date: String,
    pub scope: String,
    pub hashed_canonical_request: String,
}

impl StringToSign {
    pub fn new(amz_date: &str, scope: &Scope, canonical_request: &CanonicalRequest) -> Self {
        StringToSign {
            algorithm: ALGORITHM.to_string(),
            amz_date: amz_date.to_string(),
            scope: scope.to_string(),
            hashed_canonical_request: canonical_request.hash_hex(),
        }
    }

    /// Parses the four-line text (from an error body or a log).
    pub fn parse(text: &str) -> Option<StringToSign> {
        let lines: Vec<&str> = text
            .trim_end_matches(['\n', '\r'])
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        match lines.as_slice() {
            [algorithm, date, scope, hash] if algorithm.starts_with("AWS4") => Some(StringToSign {
                algorithm: algorithm.to_string(),
                amz_date: date.to_string(),
                scope: scope.to_string(),
                hashed_canonical_request: hash.to_string(),
            }),
            _ => None,
        }
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\n{}\n{}\n{}",
            self.algorithm, self.amz_date, self.scope, self.hashed_canonical_request
        )
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    signing_key_bytes(secret.as_bytes(), date, region, service)
}

/// [`signing_key`] for a secret held as bytes (secret variants need not be UTF-8).
pub fn signing_key_bytes(secret: &[u8], date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut k = Vec::with_capacity(4 + secret.len());
    k.extend_from_slice(b"AWS4");
    k.extend_from_slice(secret);
    let k_date = hmac(&k, date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// Lowercase hex `HMAC(signing key, string to sign)`.
pub fn sign(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

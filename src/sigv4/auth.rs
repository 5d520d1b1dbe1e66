//! Reading what a client claims it signed: the `Authorization` header or
//! the `X-Amz-*` query parameters of a presigned URL.

use super::encode::percent_decode;
use super::scope::Credential;

/// Where the signature travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    Header,
    Query,
}

/// Which signing scheme the client used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthScheme {
    /// `AWS4-HMAC-SHA256`
    SigV4,
    /// `AWS4-ECDSA-P256-SHA256` (multi-region, asymmetric)
    SigV4a,
    /// `AWS AKID:signature` or `AWSAccessKeyId=…&Signature=…`
    SigV2,
}

/// The signing facts a client put on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthClaim {
    pub location: Location,
    pub scheme: AuthScheme,
    pub algorithm: String,
    /// The raw `Credential` value; parsed into `credential` when well-formed.
    pub credential_raw: String,
    pub credential: Option<Credential>,
    pub signed_headers: Vec<String>,
    pub signature: String,
    /// `X-Amz-Date` from the query (presigned form only).
    pub amz_date: Option<String>,
    /// `X-Amz-Expires` (presigned form only), raw text.
    pub expires: Option<String>,
    pub session_token_present: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthParseError {
    #[error("no SigV4 signature (no Authorization header and no X-Amz-Signature parameter)")]
    Missing,
    #[error("the Authorization header `{0}` is not a SigV4 header")]
    Malformed(String),
}

/// Parses an `Authorization` header value. Tolerates extra spaces and
/// missing spaces after commas (both occur in hand-written clients).
/// A presigned query without its `X-Amz-Signature` parameter: what was
/// signed (the signature cannot sign itself).
pub fn without_signature_param(query: &str) -> String {
    query
        .split('&')
        .filter(|p| {
            !p.split('=')
                .next()
                .unwrap_or("")
                .eq_ignore_ascii_case("X-Amz-Signature")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The `Authorization` header value a SigV4 signer sends: the one
/// assembler (the form AWS's examples and the SDKs use).
pub fn authorization_header(
    access_key: &str,
    scope: &super::Scope,
    signed_headers: &str,
    signature: &str,
) -> String {
    format!(
        "{} Credential={access_key}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        super::ALGORITHM
    )
}

pub fn parse_authorization(value: &str) -> Result<AuthClaim, AuthParseError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    let scheme = match algorithm {
        "AWS4-HMAC-SHA256" => AuthScheme::SigV4,
        "AWS4-ECDSA-P256-SHA256" => AuthScheme::SigV4a,
        "AWS" => {
            let (ak, sig) = rest.trim().split_once(':').unwrap_or((rest.trim(), ""));
            return Ok(AuthClaim {
                location: Location::Header,
                scheme: AuthScheme::SigV2,
                algorithm: algorithm.to_string(),
                credential_raw: ak.to_string(),
                credential: None,
                signed_headers: Vec::new(),
                signature: sig.to_string(),
                amz_date: None,
                expires: None,
                session_token_present: false,
            });
        }
        _ => return Err(AuthParseError::Malformed(abbreviate(value))),
    };
    let mut credential_raw = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            continue;
        };
        match k.trim() {
            "Credential" => credential_raw = Some(v.trim().to_string()),
            "SignedHeaders" => signed = Some(v.trim().to_string()),
            "Signature" => signature = Some(v.trim().to_string()),
            _ => {}
        }
    }
    let credential_raw =
        credential_raw.ok_or_else(|| AuthParseError::Malformed(abbreviate(value)))?;
    // Without SignedHeaders the header was cut (a wrapped or truncated
    // paste) or never SigV4: what it signed is unknown, not empty.
    if signed.is_none() {
        return Err(AuthParseError::Malformed(abbreviate(value)));
    }
    Ok(AuthClaim {
        location: Location::Header,
        scheme,
        algorithm: algorithm.to_string(),
        credential: Credential::parse(&credential_raw).ok(),
        credential_raw,
        signed_headers: split_signed(signed.as_deref().unwrap_or("")),
        signature: signature.unwrap_or_default(),
        amz_date: None,
        expires: None,
        session_token_present: false,
    })
}

/// Reads the SigV4 (or SigV2) parameters of a presigned URL's raw query.
pub fn parse_presigned_query(query: &str) -> Result<AuthClaim, AuthParseError> {
    let get = |name: &str| -> Option<String> {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = String::from_utf8_lossy(&percent_decode(k, true)).into_owned();
            k.eq_ignore_ascii_case(name)
                .then(|| String::from_utf8_lossy(&percent_decode(v, true)).into_owned())
        })
    };
    if let Some(signature) = get("X-Amz-Signature") {
        let algorithm = get("X-Amz-Algorithm").unwrap_or_default();
        let credential_raw = get("X-Amz-Credential").unwrap_or_default();
        return Ok(AuthClaim {
            location: Location::Query,
            scheme: if algorithm == "AWS4-ECDSA-P256-SHA256" {
                AuthScheme::SigV4a
            } else {
                AuthScheme::SigV4
            },
            algorithm,
            credential: Credential::parse(&credential_raw).ok(),
            credential_raw,
            signed_headers: split_signed(&get("X-Amz-SignedHeaders").unwrap_or_default()),
            signature,
            amz_date: get("X-Amz-Date"),
            expires: get("X-Amz-Expires"),
            session_token_present: get("X-Amz-Security-Token").is_some(),
        });
    }
    if let (Some(signature), Some(ak)) = (get("Signature"), get("AWSAccessKeyId")) {
        return Ok(AuthClaim {
            location: Location::Query,
            scheme: AuthScheme::SigV2,
            algorithm: "AWS".to_string(),
            credential_raw: ak,
            credential: None,
            signed_headers: Vec::new(),
            signature,
            amz_date: None,
            expires: get("Expires"),
            session_token_present: get("x-amz-security-token").is_some(),
        });
    }
    Err(AuthParseError::Missing)
}

fn split_signed(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect()
}

fn abbreviate(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header() {
        let a = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        )
        .unwrap();
        assert_eq!(a.scheme, AuthScheme::SigV4);
        assert_eq!(a.signed_headers, ["host", "range", "x-amz-date"]);
        assert_eq!(a.credential.unwrap().scope.region, "us-east-1");
    }

    #[test]
    fn recognises_sigv2_and_garbage() {
        assert_eq!(
            parse_authorization("AWS AKID:abc=").unwrap().scheme,
            AuthScheme::SigV2
        );
        assert!(parse_authorization("Bearer xyz").is_err());
    }

    #[test]
    fn parses_presigned() {
        let q = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=abc";
        let a = parse_presigned_query(q).unwrap();
        assert_eq!(a.location, Location::Query);
        assert_eq!(a.expires.as_deref(), Some("86400"));
        assert_eq!(a.credential.unwrap().access_key, "AKID");
    }
}

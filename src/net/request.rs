//! Builds and signs one request with our engine, applying emulated client
//! bugs, and records exactly what was signed and what will be sent.

use time::OffsetDateTime;

use super::emulate::{Emulation, Spelling};
use super::endpoint::{Addressing, Endpoint};
use crate::credentials::Credentials;
use crate::sigv4::{
    CanonicalRequest, HttpRequest, PathMode, PresignParams, Scope, StringToSign, UNSIGNED_PAYLOAD,
    normalize_path, presign_query, sha256_hex, sign, signing_key,
};

/// Everything that decides the bytes of one signed request.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub endpoint: &'a Endpoint,
    pub addressing: Addressing,
    pub method: String,
    pub bucket: String,
    /// The object key as the user means it (unencoded).
    pub key: String,
    /// Extra headers, sent and signed (`-H`).
    pub headers: Vec<(String, String)>,
    /// A raw query string (already encoded) sent and signed as is.
    pub query: String,
    pub body: Vec<u8>,
    pub region: String,
    pub credentials: &'a Credentials,
    pub now: OffsetDateTime,
    /// `Some(seconds)` for a presigned URL.
    pub presign: Option<u64>,
    /// How the key is spelled on the wire, and in the signature.
    pub wire_spelling: Spelling,
    pub signed_spelling: Spelling,
    pub emulations: Vec<Emulation>,
}

/// A signed request ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The request exactly as it goes on the wire (target and headers).
    pub wire: HttpRequest,
    pub body: Vec<u8>,
    /// What we signed: the client side of the diagnosis, known exactly.
    pub canonical: CanonicalRequest,
    pub string_to_sign: String,
    pub signature: String,
    /// Emulations that could not change anything for this request.
    pub no_effect: Vec<String>,
    /// Generated headers a user's `-H` replaced, said as notes.
    pub replaced: Vec<String>,
}

impl Prepared {
    /// `path?query` as on the request line.
    pub fn target(&self) -> String {
        if self.wire.query.is_empty() {
            self.wire.path.clone()
        } else {
            format!("{}?{}", self.wire.path, self.wire.query)
        }
    }

    /// The request as text, as it would be written on the wire, with the
    /// session token redacted (the signature is not a secret).
    pub fn display_redacted(&self) -> String {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.wire.method, self.target());
        for (n, v) in &self.wire.headers {
            let v = if n.eq_ignore_ascii_case("x-amz-security-token") {
                "<redacted>"
            } else {
                v.as_str()
            };
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        out.push_str("\r\n");
        match token_param_value(&self.wire.query) {
            Some(token) => out.replace(&token, "<redacted>"),
            None => out,
        }
    }
}

fn token_param_value(query: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|p| p.strip_prefix("X-Amz-Security-Token="))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub use crate::timefmt::amz_date;

pub fn prepare(plan: &Plan<'_>) -> Prepared {
    let mut wire_spelling = plan.wire_spelling;
    let mut signed_spelling = plan.signed_spelling;
    let mut region = plan.region.clone();
    let mut now = plan.now;
    let mut normalize = false;
    let mut sign_te = false;
    let mut unsigned_meta = false;
    for e in &plan.emulations {
        match e {
            Emulation::SignEncodedSendRaw => {
                (wire_spelling, signed_spelling) = (Spelling::Raw, Spelling::Aws)
            }
            Emulation::SignRawSendEncoded => {
                (wire_spelling, signed_spelling) = (Spelling::Aws, Spelling::Raw)
            }
            Emulation::PlusForSpace => {
                (wire_spelling, signed_spelling) = (Spelling::PlusForSpace, Spelling::Aws)
            }
            Emulation::DoubleEncode => {
                (wire_spelling, signed_spelling) = (Spelling::Aws, Spelling::Double)
            }
            Emulation::NormalizePath => normalize = true,
            Emulation::SignTransferEncoding => sign_te = true,
            Emulation::UnsignedXAmzHeader => unsigned_meta = true,
            Emulation::Skew(s) => now += time::Duration::seconds(*s),
            Emulation::Region(r) => region = r.clone(),
        }
    }
    let (host, prefix) = match plan.addressing {
        Addressing::Path => (plan.endpoint.authority(), format!("/{}/", plan.bucket)),
        Addressing::VirtualHost => (
            format!("{}.{}", plan.bucket, plan.endpoint.authority()),
            "/".to_string(),
        ),
    };
    // The bucket name is a DNS label: it needs no encoding.
    let wire_path = format!("{prefix}{}", wire_spelling.apply(&plan.key));
    let mut signed_path = format!("{prefix}{}", signed_spelling.apply(&plan.key));
    if normalize {
        signed_path = normalize_path(&signed_path, crate::sigv4::TrailingSlash::Keep);
    }
    let date = amz_date(now);
    let scope = Scope::new(&date[..8], &region, "s3");
    let creds = plan.credentials;

    let mut wire = HttpRequest {
        method: plan.method.clone(),
        path: wire_path.clone(),
        query: plan.query.clone(),
        headers: vec![("host".into(), host)],
    };
    // A user's header of a name s3sigdiag sets replaces the generated one
    // (below); the others are sent and signed as given.
    let generated = |n: &str| GENERATED_HEADERS.iter().any(|g| n.eq_ignore_ascii_case(g));
    let user_value = |name: &str| {
        plan.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    for (n, v) in &plan.headers {
        if !generated(n) {
            wire.headers.push((n.clone(), v.clone()));
        }
    }
    let payload_hash;
    if plan.presign.is_none() {
        // S3 takes the payload hash from this header, so a user's value is
        // what is signed.
        payload_hash = user_value("x-amz-content-sha256").unwrap_or_else(|| sha256_hex(&plan.body));
        wire.headers.push(("x-amz-date".into(), date.clone()));
        wire.headers
            .push(("x-amz-content-sha256".into(), payload_hash.clone()));
        if let Some(token) = &creds.session_token {
            wire.headers.push((
                "x-amz-security-token".into(),
                token.expose().trim().to_string(),
            ));
        }
    } else {
        payload_hash = UNSIGNED_PAYLOAD.to_string();
    }
    let mut replaced = Vec::new();
    for (n, v) in plan.headers.iter().filter(|(n, _)| generated(n)) {
        match wire
            .headers
            .iter_mut()
            .find(|(g, _)| g.eq_ignore_ascii_case(n))
        {
            Some(g) => {
                replaced.push(replaced_note(n, &g.1, v));
                *g = (n.clone(), v.clone());
            }
            None => wire.headers.push((n.clone(), v.clone())),
        }
    }
    let mut signed_names: Vec<String> = wire
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    if let Some(expires) = plan.presign {
        wire.query = presign_query(
            &wire.query,
            &PresignParams {
                access_key: &creds.access_key_id,
                scope: &scope,
                amz_date: &date,
                expires,
                signed_headers: &with_te(&signed_names, sign_te),
                // A token pasted with a trailing newline or space (a CI
                // secret, a `.env` line) cannot go in a header or a query
                // as is: the whitespace around it is not part of it.
                session_token: creds.session_token.as_ref().map(|t| t.expose().trim()),
            },
        );
    }
    // What we sign: the wire request with the path spelled as the client
    // under emulation spells it, and hop-by-hop headers as it believed.
    let mut signed_view = wire.clone();
    signed_view.path = signed_path.clone();
    if sign_te {
        signed_view
            .headers
            .push(("transfer-encoding".into(), "chunked".into()));
        signed_names.push("transfer-encoding".into());
    }
    let canonical = CanonicalRequest::build(
        &signed_view,
        &signed_names,
        PathMode::AsGiven,
        &payload_hash,
    );
    let sts = StringToSign::new(&date, &scope, &canonical).to_string();
    let key = signing_key(creds.secret.expose(), &date[..8], &region, "s3");
    let signature = sign(&key, &sts);
    if plan.presign.is_some() {
        wire.query.push_str("&X-Amz-Signature=");
        wire.query.push_str(&signature);
    } else {
        wire.headers.push((
            "authorization".into(),
            crate::sigv4::authorization_header(
                &creds.access_key_id,
                &scope,
                &canonical.signed_headers_line(),
                &signature,
            ),
        ));
    }
    if unsigned_meta {
        wire.headers
            .push(("x-amz-meta-s3sigdiag".into(), "unsigned".into()));
    }
    if wire.header("content-length").is_none()
        && (!plan.body.is_empty() || matches!(plan.method.as_str(), "PUT" | "POST"))
    {
        wire.headers
            .push(("content-length".into(), plan.body.len().to_string()));
    }
    let mut no_effect = Vec::new();
    for e in &plan.emulations {
        if e.is_path_style() && wire_path == signed_path {
            no_effect.push(format!(
                "--emulate {} changes nothing for key `{}`: the wire and signed paths are the same",
                e.name(),
                plan.key
            ));
        }
    }
    Prepared {
        wire,
        body: plan.body.clone(),
        canonical,
        string_to_sign: sts,
        signature,
        no_effect,
        replaced,
    }
}

/// Headers s3sigdiag sets itself; a user's `-H` of the same name replaces
/// the generated one.
pub const GENERATED_HEADERS: &[&str] = &[
    "host",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "content-length",
];

/// The note for a `-H` that replaced a header s3sigdiag generates.
pub fn replaced_note(name: &str, generated: &str, given: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if generated == given {
        format!(
            "-H {lower} replaces the {lower} header s3sigdiag sets (the same value; sent and signed once)"
        )
    } else {
        format!(
            "-H {lower} replaces the {lower} header s3sigdiag would set (`{generated}`): `{given}` is sent and signed"
        )
    }
}

fn with_te(names: &[String], te: bool) -> Vec<String> {
    let mut v = names.to_vec();
    if te {
        v.push("transfer-encoding".into());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretKey;

    fn creds(token: Option<&str>) -> Credentials {
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret: SecretKey::new("secret".into()),
            session_token: token.map(|t| SecretKey::new(t.into())),
            source: "test".into(),
        }
    }

    fn plan<'a>(ep: &'a Endpoint, c: &'a Credentials, key: &str, emu: Vec<Emulation>) -> Plan<'a> {
        Plan {
            endpoint: ep,
            addressing: Addressing::Path,
            method: "GET".into(),
            bucket: "b".into(),
            key: key.into(),
            headers: Vec::new(),
            query: String::new(),
            body: Vec::new(),
            region: "us-east-1".into(),
            credentials: c,
            now: time::macros::datetime!(2024-01-01 12:00 UTC),
            presign: None,
            wire_spelling: Spelling::Aws,
            signed_spelling: Spelling::Aws,
            emulations: emu,
        }
    }

    /// Without emulation, what we sign is what AWS recomputes from the wire.
    #[test]
    fn correct_requests_match_the_aws_recomputation() {
        let ep = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        let c = creds(Some("tok/en=="));
        for presign in [None, Some(60)] {
            for key in ["a==.json", "my file+1.txt", "é/x", "a//./b"] {
                let mut p = plan(&ep, &c, key, vec![]);
                p.presign = presign;
                let prepared = prepare(&p);
                let claim = crate::model::exchange::WireRequest {
                    http: prepared.wire.clone(),
                    body_sha256: None,
                    body_len: None,
                    source: crate::model::exchange::Source {
                        name: "t".into(),
                        format: "t".into(),
                    },
                }
                .claim()
                .unwrap();
                let aws = crate::analysis::recompute(&prepared.wire, &claim, PathMode::S3);
                assert_eq!(aws, prepared.canonical, "{key} {presign:?}");
                assert_eq!(claim.signature, prepared.signature);
            }
        }
    }

    #[test]
    fn emulations_change_only_what_they_say() {
        let ep = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        let c = creds(None);
        let p = prepare(&plan(
            &ep,
            &c,
            "a==.json",
            vec![Emulation::SignEncodedSendRaw],
        ));
        assert_eq!(
            (p.wire.path.as_str(), p.canonical.uri.as_str()),
            ("/b/a==.json", "/b/a%3D%3D.json")
        );
        let p = prepare(&plan(
            &ep,
            &c,
            "a==.json",
            vec![Emulation::SignRawSendEncoded],
        ));
        assert_eq!(
            (p.wire.path.as_str(), p.canonical.uri.as_str()),
            ("/b/a%3D%3D.json", "/b/a==.json")
        );
        let p = prepare(&plan(&ep, &c, "a b", vec![Emulation::PlusForSpace]));
        assert_eq!(
            (p.wire.path.as_str(), p.canonical.uri.as_str()),
            ("/b/a+b", "/b/a%20b")
        );
        let p = prepare(&plan(&ep, &c, "a=", vec![Emulation::DoubleEncode]));
        assert_eq!(p.canonical.uri, "/b/a%253D");
        let p = prepare(&plan(&ep, &c, "x//./a", vec![Emulation::NormalizePath]));
        assert_eq!(
            (p.wire.path.as_str(), p.canonical.uri.as_str()),
            ("/b/x//./a", "/b/x/a")
        );
        let p = prepare(&plan(&ep, &c, "k", vec![Emulation::SignTransferEncoding]));
        assert!(
            p.canonical
                .signed_headers
                .contains(&"transfer-encoding".to_string())
        );
        assert!(p.wire.header("transfer-encoding").is_none());
        let p = prepare(&plan(&ep, &c, "k", vec![Emulation::UnsignedXAmzHeader]));
        assert!(p.wire.header("x-amz-meta-s3sigdiag").is_some());
        assert!(
            !p.canonical
                .signed_headers
                .iter()
                .any(|h| h.starts_with("x-amz-meta"))
        );
        let p = prepare(&plan(&ep, &c, "k", vec![Emulation::Skew(1200)]));
        assert_eq!(p.wire.header("x-amz-date"), Some("20240101T122000Z"));
        let p = prepare(&plan(&ep, &c, "k", vec![Emulation::Region("mars".into())]));
        assert!(p.string_to_sign.contains("/mars/s3/aws4_request"));
        let p = prepare(&plan(&ep, &c, "plain", vec![Emulation::SignEncodedSendRaw]));
        assert_eq!(p.no_effect.len(), 1);
    }

    #[test]
    fn redacted_display_hides_the_session_token() {
        let ep = Endpoint::parse("http://127.0.0.1:9000").unwrap();
        let c = creds(Some("SECRETTOKEN"));
        let text = prepare(&plan(&ep, &c, "k", vec![])).display_redacted();
        assert!(!text.contains("SECRETTOKEN") && text.contains("x-amz-security-token: <redacted>"));
        let mut p = plan(&ep, &c, "k", vec![]);
        p.presign = Some(60);
        let text = prepare(&p).display_redacted();
        assert!(
            !text.contains("SECRETTOKEN") && text.contains("X-Amz-Security-Token=<redacted>"),
            "{text}"
        );
        assert!(!text.contains("secret"));
    }
}

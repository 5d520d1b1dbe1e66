//! `s3sigdiag sign`: what the signature for a request should be.

use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{OutputFormat, PathModeArg, SignArgs};
use crate::sanitize::Form;
use crate::secret::SecretKey;
use crate::sigv4::{
    CanonicalRequest, HttpRequest, PathMode, PresignParams, Scope, StringToSign, UNSIGNED_PAYLOAD,
    presign_query, sha256_hex, sign, signing_key,
};
use crate::timefmt::{date_part, parse_any};

use super::{CliError, inputs};

#[derive(Serialize)]
struct Signed {
    canonical_request: String,
    string_to_sign: String,
    /// `None` when no secret key was available.
    signature: Option<String>,
    authorization: Option<String>,
    presigned_url: Option<String>,
    headers: Vec<(String, String)>,
    /// The access key in the credential scope, and where it came from.
    access_key: String,
    access_key_source: String,
    /// What the run decided for the user: a `-H` that replaced a generated
    /// header, AWS's example key used because none was given, ….
    notes: Vec<String>,
}

/// AWS's documented example access key: the default when none is given.
const EXAMPLE_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";

/// Access key, secret and session token for `sign`, resolved the way
/// replay and probe resolve them; the access key may be AWS's example.
struct SignCredentials {
    access_key: String,
    access_key_source: String,
    secret: Option<SecretKey>,
    session_token: Option<SecretKey>,
    /// The region of the environment or the profile.
    region: Option<String>,
    notes: Vec<String>,
}

fn credentials(args: &SignArgs) -> Result<SignCredentials, CliError> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let file_secret = SecretKey::load_file(args.credentials.secret_key_file.as_deref())
        .map_err(CliError::usage)?;
    // An explicit --profile wins over the environment, as in the AWS CLI.
    let settings = crate::credentials::resolve(args.credentials.profile.as_deref())
        .map_err(CliError::usage)?;
    let region = settings.region.clone();
    let resolved = settings.credentials;
    let mut notes = Vec::new();
    // The whole pair (with its session token) when nothing overrides it.
    if args.credentials.access_key.is_none()
        && file_secret.is_none()
        && let Some(c) = &resolved
        && (args.credentials.profile.is_some()
            || env("AWS_ACCESS_KEY_ID").is_none_or(|ak| ak == c.access_key_id))
    {
        return Ok(SignCredentials {
            access_key: c.access_key_id.clone(),
            access_key_source: c.source.clone(),
            secret: Some(c.secret.clone()),
            session_token: c.session_token.clone(),
            region,
            notes,
        });
    }
    if args.credentials.profile.is_some() && resolved.is_none() {
        return Err(CliError::usage(format!(
            "profile `{}` has no aws_access_key_id / aws_secret_access_key",
            args.credentials.profile.as_deref().unwrap_or_default()
        )));
    }
    let (access_key, access_key_source) = match (&args.credentials.access_key, &resolved) {
        (Some(ak), _) => (ak.clone(), "--access-key".to_string()),
        (None, Some(c)) if args.credentials.profile.is_some() => {
            (c.access_key_id.clone(), c.source.clone())
        }
        (None, _) if env("AWS_ACCESS_KEY_ID").is_some() => (
            env("AWS_ACCESS_KEY_ID").unwrap_or_default(),
            "environment (AWS_ACCESS_KEY_ID)".to_string(),
        ),
        (None, Some(c)) => (c.access_key_id.clone(), c.source.clone()),
        (None, None) => {
            notes.push(format!(
                "no access key given: the credential scope uses AWS's documentation example key \
                 {EXAMPLE_ACCESS_KEY} (pass --access-key, set AWS_ACCESS_KEY_ID, or --profile NAME)"
            ));
            (
                EXAMPLE_ACCESS_KEY.to_string(),
                "AWS's documentation example (none given)".to_string(),
            )
        }
    };
    let secret = match (file_secret, &resolved) {
        (Some(s), _) => Some(s),
        (None, Some(c)) if args.credentials.profile.is_some() => Some(c.secret.clone()),
        (None, resolved) => env("AWS_SECRET_ACCESS_KEY")
            .map(SecretKey::new)
            .or_else(|| resolved.as_ref().map(|c| c.secret.clone())),
    };
    Ok(SignCredentials {
        access_key,
        access_key_source,
        secret,
        session_token: None,
        region,
        notes,
    })
}

pub fn run(args: &SignArgs) -> Result<i32, CliError> {
    super::inputs::refuse_controls("--url", &args.url)?;
    inputs::refuse_signature_in_query("--url", &args.url)?;
    let user_headers = inputs::parse_headers(&args.headers)?;
    let creds = credentials(args)?;
    let mut notes = creds.notes.clone();
    let (scheme, host, target) = split_url(&args.url)?;
    let check_date = |what: &str, d: &str| -> Result<(), CliError> {
        if parse_any(d).is_none() || d.len() != 16 {
            return Err(CliError::usage(format!(
                "{what} `{d}` is not of the form YYYYMMDDTHHMMSSZ"
            )));
        }
        Ok(())
    };
    let header_date = inputs::header(&user_headers, "x-amz-date");
    if let Some(d) = header_date {
        check_date("-H x-amz-date", d)?;
    }
    let amz_date = match (&args.date, header_date) {
        (Some(d), Some(h)) if d != h => {
            return Err(CliError::usage(format!(
                "-H x-amz-date `{h}` conflicts with --date `{d}`: give one (or the same value)"
            )));
        }
        (Some(d), _) => {
            check_date("--date", d)?;
            d.clone()
        }
        (None, Some(h)) => h.to_string(),
        (None, None) => now_amz(),
    };
    let region = match &args.region {
        Some(r) => r.clone(),
        None => creds.region.clone().unwrap_or_else(|| "us-east-1".into()),
    };
    let scope = Scope::new(date_part(&amz_date), &region, &args.service);
    let body_hash = match &args.body {
        Some(path) => {
            let body = std::fs::read(path).map_err(|e| {
                CliError::usage(format!(
                    "{}: cannot read body ({})",
                    path.display(),
                    e.kind()
                ))
            })?;
            Some(sha256_hex(&body))
        }
        None => None,
    };
    let header_hash = inputs::header(&user_headers, "x-amz-content-sha256");
    if let (Some(h), false) = (header_hash, args.presign) {
        if let Some(p) = args.payload_hash.as_deref().filter(|p| *p != h) {
            return Err(CliError::usage(format!(
                "-H x-amz-content-sha256 `{h}` conflicts with --payload-hash `{p}`: give one (or the same value)"
            )));
        }
        if let Some(b) = body_hash.as_deref().filter(|b| *b != h) {
            return Err(CliError::usage(format!(
                "-H x-amz-content-sha256 `{h}` is not the SHA-256 of --body ({b}): give one, or --payload-hash to sign another hash on purpose"
            )));
        }
    }
    let payload = match (&args.payload_hash, header_hash, &body_hash) {
        (Some(p), _, _) => p.clone(),
        (None, Some(h), _) if !args.presign => h.to_string(),
        (None, _, Some(b)) => b.clone(),
        (None, _, None) if args.presign => UNSIGNED_PAYLOAD.to_string(),
        (None, _, None) => crate::sigv4::EMPTY_SHA256.to_string(),
    };
    let mode = match args.path_mode {
        Some(PathModeArg::S3) => PathMode::S3,
        Some(PathModeArg::AsGiven) => PathMode::AsGiven,
        Some(PathModeArg::Generic) => PathMode::Generic,
        None if args.service == "s3" => PathMode::S3,
        None => PathMode::Generic,
    };
    // Generated headers, each replaced by the user's -H of the same name.
    let mut headers: Vec<(String, String)> = vec![("host".to_string(), host.clone())];
    let token = creds
        .session_token
        .as_ref()
        .map(|t| t.expose().trim().to_string());
    if token.is_some() {
        notes.push(format!(
            "the session token of {} is signed ({}); like the secret it is never printed: it shows as <redacted>",
            creds.access_key_source,
            if args.presign {
                "X-Amz-Security-Token"
            } else {
                "x-amz-security-token"
            }
        ));
    }
    if !args.presign {
        headers.push(("x-amz-date".into(), amz_date.clone()));
        if args.service == "s3" {
            headers.push(("x-amz-content-sha256".into(), payload.clone()));
        }
        if let Some(t) = &token {
            headers.push(("x-amz-security-token".into(), t.clone()));
        }
    }
    for (n, v) in user_headers {
        match headers.iter_mut().find(|(g, _)| g.eq_ignore_ascii_case(&n)) {
            Some(generated) => {
                notes.push(crate::net::request::replaced_note(&n, &generated.1, &v));
                *generated = (n, v);
            }
            None => headers.push((n, v)),
        }
    }
    let mut req = HttpRequest::from_target(&args.method.to_ascii_uppercase(), &target, headers);
    let signed_names: Vec<String> = req
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    if args.presign {
        req.query = presign_query(
            &req.query,
            &PresignParams {
                access_key: &creds.access_key,
                scope: &scope,
                amz_date: &amz_date,
                expires: args.expires,
                signed_headers: &signed_names,
                session_token: token.as_deref(),
            },
        );
    }
    let creq = CanonicalRequest::build(&req, &signed_names, mode, &payload);
    let sts = StringToSign::new(&amz_date, &scope, &creq);
    let signature = creds.secret.as_ref().map(|s| {
        sign(
            &signing_key(s.expose(), &scope.date, &scope.region, &scope.service),
            &sts.to_string(),
        )
    });
    let authorization = match (&signature, args.presign) {
        (Some(sig), false) => Some(crate::sigv4::authorization_header(
            &creds.access_key,
            &scope,
            &creq.signed_headers_line(),
            sig,
        )),
        _ => None,
    };
    let presigned_url = match (&signature, args.presign) {
        (Some(sig), true) => Some(format!(
            "{scheme}://{host}{}?{}&X-Amz-Signature={sig}",
            req.path, req.query
        )),
        _ => None,
    };
    let out = Signed {
        canonical_request: creq.to_string(),
        string_to_sign: sts.to_string(),
        signature,
        authorization,
        presigned_url,
        headers: req.headers.clone(),
        access_key: creds.access_key.clone(),
        access_key_source: creds.access_key_source.clone(),
        notes,
    };
    let (text, form) = match args.format {
        OutputFormat::Json => (
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n",
            Form::Json,
        ),
        OutputFormat::Human => (human(&out), Form::Text { color: false }),
    };
    crate::output::stdout(&text, form)?;
    Ok(0)
}

fn human(s: &Signed) -> String {
    let mut o = String::new();
    for n in &s.notes {
        let _ = writeln!(o, "note: {n}");
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "canonical request:");
    for l in s.canonical_request.lines() {
        let _ = writeln!(o, "  {}", crate::sanitize::visible(l));
    }
    let _ = writeln!(o, "\nstring to sign:");
    for l in s.string_to_sign.lines() {
        let _ = writeln!(o, "  {l}");
    }
    match &s.signature {
        Some(sig) => {
            let _ = writeln!(o, "\nsignature: {sig}");
        }
        None => {
            let _ = writeln!(
                o,
                "\nsignature: (needs the secret key: set AWS_SECRET_ACCESS_KEY or pass --secret-key-file FILE)"
            );
        }
    }
    if let Some(a) = &s.authorization {
        let _ = writeln!(o, "authorization: {a}");
    }
    if let Some(u) = &s.presigned_url {
        let _ = writeln!(o, "presigned url: {u}");
    }
    o
}

/// `scheme://host[:port]/path?query` without any normalization: the path
/// must stay byte for byte what the user typed.
fn split_url(url: &str) -> Result<(String, String, String), CliError> {
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        CliError::usage(format!(
            "--url `{url}` needs a scheme, e.g. https://bucket.s3.amazonaws.com/key"
        ))
    })?;
    let slash = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = &rest[..slash];
    if host.is_empty() {
        return Err(CliError::usage(format!("--url `{url}` has no host")));
    }
    let mut target = rest[slash..].to_string();
    if !target.starts_with('/') {
        target.insert(0, '/');
    }
    Ok((scheme.to_string(), host.to_string(), target))
}

fn now_amz() -> String {
    crate::timefmt::amz_date(time::OffsetDateTime::now_utc())
}

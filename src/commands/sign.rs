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

use super::CliError;

#[derive(Serialize)]
struct Signed {
    canonical_request: String,
    string_to_sign: String,
    /// `None` when no secret key was available.
    signature: Option<String>,
    authorization: Option<String>,
    presigned_url: Option<String>,
    headers: Vec<(String, String)>,
}

pub fn run(args: &SignArgs) -> Result<i32, CliError> {
    let secret = SecretKey::load(args.secret_key_file.as_deref()).map_err(CliError::usage)?;
    super::replay::refuse_controls("--url", &args.url)?;
    let (scheme, host, target) = split_url(&args.url)?;
    let amz_date = match &args.date {
        Some(d) => {
            if parse_any(d).is_none() || d.len() != 16 {
                return Err(CliError::usage(format!(
                    "--date `{d}` is not of the form YYYYMMDDTHHMMSSZ"
                )));
            }
            d.clone()
        }
        None => now_amz(),
    };
    let scope = Scope::new(date_part(&amz_date), &args.region, &args.service);
    let mut headers: Vec<(String, String)> = Vec::new();
    for h in &args.headers {
        super::replay::refuse_controls("-H", h)?;
        let (n, v) = h
            .split_once(':')
            .ok_or_else(|| CliError::usage(format!("-H `{h}` is not of the form 'Name: value'")))?;
        headers.push((n.trim().to_string(), v.trim_start().to_string()));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        headers.insert(0, ("host".to_string(), host.clone()));
    }
    let payload = match (&args.payload_hash, &args.body) {
        (Some(p), _) => p.clone(),
        (None, Some(path)) => {
            let body = std::fs::read(path).map_err(|e| {
                CliError::usage(format!(
                    "{}: cannot read body ({})",
                    path.display(),
                    e.kind()
                ))
            })?;
            sha256_hex(&body)
        }
        (None, None) if args.presign => UNSIGNED_PAYLOAD.to_string(),
        (None, None) => crate::sigv4::EMPTY_SHA256.to_string(),
    };
    let mode = match args.path_mode {
        Some(PathModeArg::S3) => PathMode::S3,
        Some(PathModeArg::AsGiven) => PathMode::AsGiven,
        Some(PathModeArg::Generic) => PathMode::Generic,
        None if args.service == "s3" => PathMode::S3,
        None => PathMode::Generic,
    };
    let mut req = HttpRequest::from_target(&args.method.to_ascii_uppercase(), &target, headers);
    let signed_names: Vec<String>;
    if args.presign {
        signed_names = req
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        req.query = presign_query(
            &req.query,
            &PresignParams {
                access_key: &args.access_key,
                scope: &scope,
                amz_date: &amz_date,
                expires: args.expires,
                signed_headers: &signed_names,
                session_token: None,
            },
        );
    } else {
        req.headers.push(("x-amz-date".into(), amz_date.clone()));
        if args.service == "s3" {
            req.headers
                .push(("x-amz-content-sha256".into(), payload.clone()));
        }
        signed_names = req
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
    }
    let creq = CanonicalRequest::build(&req, &signed_names, mode, &payload);
    let sts = StringToSign::new(&amz_date, &scope, &creq);
    let signature = secret.as_ref().map(|s| {
        sign(
            &signing_key(s.expose(), &scope.date, &scope.region, &scope.service),
            &sts.to_string(),
        )
    });
    let authorization = match (&signature, args.presign) {
        (Some(sig), false) => Some(crate::sigv4::authorization_header(
            &args.access_key,
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

//! What a presigned request says about itself: scope, signed headers,
//! expiry, and what a client must send for the signature to match.
//! Shown in the report whenever the signature travels in the query.

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::exchange::Exchange;
use crate::sigv4::{AuthScheme, Location, percent_decode};
use crate::timefmt;

/// SigV4 presigned URLs live at most seven days.
pub const MAX_EXPIRES_SECONDS: u64 = 604_800;

#[derive(Debug, Clone, Serialize)]
pub struct PresignedInfo {
    /// `sigv4`, `sigv4a` or `sigv2`.
    pub scheme: String,
    pub host: Option<String>,
    pub path: String,
    pub access_key: Option<String>,
    pub scope: Option<String>,
    pub signed_headers: Vec<String>,
    /// `X-Amz-Date` (SigV4).
    pub amz_date: Option<String>,
    /// `X-Amz-Expires` (SigV4: seconds after the date).
    pub expires_seconds: Option<u64>,
    /// When it stops working (RFC 3339), from X-Amz-Date + X-Amz-Expires or
    /// the SigV2 `Expires` epoch.
    pub expires_at: Option<String>,
    /// Longer than the 7-day SigV4 maximum: S3 refuses it whatever the time.
    pub over_max_lifetime: bool,
    /// The instant expiry was judged at (RFC 3339); `None` when the input
    /// holds no time of sending and no `--now` was given.
    pub judged_at: Option<String>,
    /// Where that instant came from: `--now`, `response Date`,
    /// `server ServerTime` or `system clock`.
    pub judged_by: Option<String>,
    /// Seconds left (negative: expired that long ago).
    pub seconds_left: Option<i64>,
    pub session_token: bool,
    /// Query parameters that are part of the signature besides X-Amz-*.
    pub other_parameters: Vec<String>,
    /// What a client must send for the signature to match.
    pub must_send: Vec<String>,
}

impl PresignedInfo {
    pub fn expired(&self) -> Option<bool> {
        self.seconds_left.map(|s| s < 0)
    }
}

/// The instant to judge expiry at when `--now` is not given. A capture is
/// judged at the time it was sent: the response's `Date`, else the
/// server's `ServerTime`. Only a URL on its own (or a command line not yet
/// run) is judged at the system clock, since "is it still valid?" is then
/// the question. `None`: a capture without any time; expiry is not judged.
pub fn default_judge_time(ex: &Exchange) -> Option<(OffsetDateTime, &'static str)> {
    // The server's own statement at the refusal first, then its Date.
    if let Some(d) = ex
        .server
        .as_ref()
        .and_then(|s| s.server_time.as_deref())
        .and_then(timefmt::parse_any)
    {
        return Some((d, "server ServerTime"));
    }
    if let Some(d) = ex
        .response
        .as_ref()
        .and_then(|r| r.header("date"))
        .and_then(timefmt::parse_any)
    {
        return Some((d, "response Date"));
    }
    let not_sent = !ex.sources.is_empty()
        && ex
            .sources
            .iter()
            .all(|s| s.format == "presigned-url" || s.format == "curl-command");
    not_sent.then(|| (OffsetDateTime::now_utc(), "system clock"))
}

/// `None` unless the request carries its signature in the query.
pub fn describe(ex: &Exchange, judge: Option<(OffsetDateTime, &str)>) -> Option<PresignedInfo> {
    let req = ex.request.as_ref()?;
    let claim = req.claim()?;
    if claim.location != Location::Query {
        return None;
    }
    let host = req.http.header("host").map(str::to_string);
    let expires_seconds = claim
        .expires
        .as_deref()
        .filter(|_| claim.scheme != AuthScheme::SigV2)
        .and_then(|e| e.trim().parse::<u64>().ok());
    let expires_at = match claim.scheme {
        AuthScheme::SigV2 => claim
            .expires
            .as_deref()
            .and_then(|e| e.trim().parse::<i64>().ok())
            .and_then(|e| OffsetDateTime::from_unix_timestamp(e).ok()),
        _ => claim
            .amz_date
            .as_deref()
            .and_then(timefmt::parse_any)
            .zip(expires_seconds)
            .and_then(|(d, s)| {
                d.checked_add(time::Duration::seconds(s.min(i64::MAX as u64) as i64))
            }),
    };
    let other_parameters: Vec<String> = req
        .http
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let k = p.split('=').next().unwrap_or(p);
            String::from_utf8_lossy(&percent_decode(k, true)).into_owned()
        })
        .filter(|k| {
            let l = k.to_ascii_lowercase();
            !l.starts_with("x-amz-")
                && !["awsaccesskeyid", "signature", "expires"].contains(&l.as_str())
        })
        .collect();
    let method = match smithy_operation(&req.http.query) {
        Some((op, Some(m))) => format!("{m}, the method of x-id={op}, the operation the URL was presigned for"),
        _ => "the method the URL was presigned for (the URL does not record it; a URL presigned for PUT fails with GET)".to_string(),
    };
    let mut must_send = vec![
        method,
        "the path and query exactly as in the URL: do not decode, re-encode or drop parameters"
            .to_string(),
    ];
    for h in &claim.signed_headers {
        let h = h.to_ascii_lowercase();
        if h == "host" {
            must_send.push(match &host {
                Some(v) => {
                    format!("Host: {v} (signed; a proxy or CDN that rewrites Host breaks it)")
                }
                None => "the Host it was presigned for".to_string(),
            });
        } else {
            must_send.push(format!(
                "{h}: exactly the value given when presigning (signed)"
            ));
        }
    }
    if claim.scheme != AuthScheme::SigV2 {
        must_send.push(
            "no other x-amz-* headers (x-amz-meta-*, x-amz-acl, …) unless they were signed: AWS rejects unsigned ones".to_string(),
        );
    }
    if let Some(at) = expires_at {
        must_send.push(format!("before {}", rfc3339(at)));
    }
    Some(PresignedInfo {
        scheme: match claim.scheme {
            AuthScheme::SigV4 => "sigv4",
            AuthScheme::SigV4a => "sigv4a",
            AuthScheme::SigV2 => "sigv2",
        }
        .to_string(),
        host,
        path: req.http.path.clone(),
        access_key: claim
            .credential
            .as_ref()
            .map(|c| c.access_key.clone())
            .or_else(|| (claim.scheme == AuthScheme::SigV2).then(|| claim.credential_raw.clone())),
        scope: claim.credential.as_ref().map(|c| c.scope.to_string()),
        signed_headers: claim.signed_headers.clone(),
        amz_date: claim.amz_date.clone(),
        expires_seconds,
        expires_at: expires_at.map(rfc3339),
        over_max_lifetime: expires_seconds.is_some_and(|s| s > MAX_EXPIRES_SECONDS),
        judged_at: judge.map(|(now, _)| rfc3339(now.replace_nanosecond(0).unwrap_or(now))),
        judged_by: judge.map(|(_, by)| by.to_string()),
        seconds_left: expires_at
            .zip(judge)
            .map(|(at, (now, _))| (at - now).whole_seconds()),
        session_token: claim.session_token_present,
        other_parameters,
        must_send,
    })
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// The `x-id=<Operation>` query parameter (added by aws-sdk-js v3 and
/// other Smithy SDKs) and the HTTP method S3 defines for that operation,
/// when it is one a presigned URL is made for.
pub(crate) fn smithy_operation(query: &str) -> Option<(&str, Option<&'static str>)> {
    let op = query.split('&').find_map(|p| p.strip_prefix("x-id="))?;
    let method = match op {
        "GetObject" | "ListObjects" | "ListObjectsV2" | "ListParts" | "GetObjectAttributes" => {
            Some("GET")
        }
        "PutObject" | "UploadPart" | "UploadPartCopy" | "CopyObject" => Some("PUT"),
        "HeadObject" | "HeadBucket" => Some("HEAD"),
        "DeleteObject" | "AbortMultipartUpload" => Some("DELETE"),
        "CreateMultipartUpload" | "CompleteMultipartUpload" | "DeleteObjects" => Some("POST"),
        _ => None,
    };
    Some((op, method))
}

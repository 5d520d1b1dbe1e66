//! The few lines that say what request this is about.

use crate::model::exchange::Exchange;
use crate::report::Summary;
use crate::sigv4::AuthClaim;

pub(super) fn summarize(ex: &Exchange, claim: Option<&AuthClaim>) -> Summary {
    let req = ex.request.as_ref().map(|r| &r.http);
    Summary {
        server: None,
        error_code: ex.server.as_ref().map(|s| s.code.clone()),
        method: req.map(|r| r.method.clone()),
        target: req.map(|r| target_summary(r, claim)),
        access_key: claim
            .and_then(|c| c.credential.as_ref().map(|c| c.access_key.clone()))
            .or_else(|| ex.server.as_ref().and_then(|s| s.aws_access_key_id.clone())),
        scope: claim
            .and_then(|c| c.credential.as_ref().map(|c| c.scope.to_string()))
            .or_else(|| {
                let sts = ex.server.as_ref().and_then(|s| s.string_to_sign_text())?;
                sts.lines().nth(2).map(str::to_string)
            }),
        amz_date: ex.amz_date(),
        signed_headers: claim.map(|c| c.signed_headers.clone()).unwrap_or_default(),
        signature_location: claim.map(|c| match c.location {
            crate::sigv4::Location::Header => "authorization-header".to_string(),
            crate::sigv4::Location::Query => "presigned-query".to_string(),
        }),
    }
}

/// The request target, with a presigned URL's `X-Amz-*` parameters folded
/// into a marker (they are shown in their own fields).
fn target_summary(r: &crate::sigv4::HttpRequest, claim: Option<&AuthClaim>) -> String {
    let presigned = claim.is_some_and(|c| c.location == crate::sigv4::Location::Query);
    let kept: Vec<&str> = r
        .query
        .split('&')
        .filter(|p| !(p.is_empty() || presigned && p.to_ascii_lowercase().starts_with("x-amz-")))
        .collect();
    let mut t = r.path.clone();
    if !kept.is_empty() {
        t.push('?');
        t.push_str(&kept.join("&"));
    }
    if presigned {
        t.push_str(if kept.is_empty() {
            "?X-Amz-… (presigned)"
        } else {
            "&X-Amz-… (presigned)"
        });
    }
    t
}

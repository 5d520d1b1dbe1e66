//! The rule engine: one file per rule, each with its docs beside its check.
//!
//! A rule looks at the [`Exchange`] and the [`Analysis`] and returns at most
//! one [`Finding`]; it returns early (`None`) when it does not apply.
//! Findings are ranked by confidence, then specificity.

mod clock_skew;
mod presigned_method_or_content_type;
mod region_scope;
mod transfer_encoding_signed;
mod uri_encoding;

use crate::analysis::{Analysis, analyze};
use crate::exchange::Exchange;
use crate::report::{Finding, Report, Summary, Verdict};
use crate::sigv4::AuthClaim;

/// What every rule declares about itself; `s3sigdiag rule ID` prints `docs`.
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    pub title: &'static str,
    /// The input the rule needs to fire.
    pub needs: &'static str,
    /// Markdown: what it means, how to recognise it, example, fix, references.
    pub docs: &'static str,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>) -> Option<Finding>;
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub exchange: &'a Exchange,
    pub analysis: &'a Analysis,
    pub claim: Option<AuthClaim>,
}

impl Context<'_> {
    /// True when the input shows a signature failure of any kind.
    pub fn has_signature_failure(&self) -> bool {
        self.exchange
            .server
            .as_ref()
            .is_some_and(|e| e.is_signature_mismatch())
    }

    /// The signed headers the client claims (header or presigned form),
    /// falling back to the client's logged canonical request.
    pub fn signed_headers(&self) -> Vec<String> {
        if let Some(c) = &self.claim
            && !c.signed_headers.is_empty()
        {
            return c
                .signed_headers
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect();
        }
        if let Some(side) = [&self.analysis.client_parsed, &self.analysis.server_parsed]
            .into_iter()
            .flatten()
            .next()
        {
            return side.signed_headers.clone();
        }
        Vec::new()
    }
}

/// Every rule, in documentation order.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &uri_encoding::UriEncoding,
        &region_scope::RegionScope,
        &clock_skew::ClockSkew,
        &transfer_encoding_signed::TransferEncodingSigned,
        &presigned_method_or_content_type::PresignedMethodOrContentType,
    ]
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

/// Runs the whole pipeline on an exchange: analysis, every rule, ranking.
pub fn diagnose(ex: &Exchange) -> Report {
    let analysis = analyze(ex);
    let claim = ex.claim();
    let cx = Context {
        exchange: ex,
        analysis: &analysis,
        claim: claim.clone(),
    };
    let mut findings = Vec::new();
    let mut checked = Vec::new();
    for rule in registry() {
        match rule.check(&cx) {
            Some(f) => findings.push(f),
            None => checked.push(rule.meta().id),
        }
    }
    findings.sort_by(|a, b| {
        a.confidence
            .cmp(&b.confidence)
            .then(b.specificity.cmp(&a.specificity))
    });
    let failure = cx.has_signature_failure()
        || ex.server.is_some()
        || analysis.differences().next().is_some();
    let verdict = match (failure, findings.is_empty()) {
        (_, false) => Verdict::MismatchDiagnosed,
        (true, true) => Verdict::MismatchUnexplained,
        (false, true) => Verdict::NoMismatch,
    };
    let hints = hints(ex, &analysis, &findings);
    let summary = summarize(ex, claim.as_ref());
    Report {
        schema_version: 1,
        verdict,
        summary,
        findings,
        checked,
        hints,
        notes: ex.notes.clone(),
        sources: ex.sources.clone(),
        analysis,
    }
}

fn summarize(ex: &Exchange, claim: Option<&AuthClaim>) -> Summary {
    let req = ex.request.as_ref().map(|r| &r.http);
    Summary {
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

/// What would let the tool say more, given what is missing.
fn hints(ex: &Exchange, analysis: &Analysis, findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    if findings
        .first()
        .is_some_and(|f| f.confidence == crate::report::Confidence::Confirmed)
    {
        return out;
    }
    if ex.request.is_none() {
        out.push("add the request as it was sent (`curl -v` output, a raw HTTP capture, or --request FILE)".into());
    }
    if ex.client.is_none() {
        out.push("add the client's debug log, which shows the canonical request it signed (boto3: `boto3.set_stream_logger('botocore')`; AWS CLI: `--debug`)".into());
    }
    if analysis
        .server
        .as_ref()
        .is_none_or(|s| s.origin != crate::analysis::Origin::Reported)
        && ex.server.is_some()
    {
        out.push("this server does not report its canonical request; the server side was recomputed with AWS rules".into());
    }
    out
}

//! The one diagnosis pipeline: analysis → forensics → rules → weigh →
//! [`Report`]. It owns the verdict, the summary, the hints and `--now`;
//! the rules only look at the facts and say what they see.

mod hints;
mod summary;
pub mod weigh;

use crate::analysis::{Analysis, Field, Origin, Side, analyze, from_sides};
use crate::forensics::{self, Outcome, SearchOptions, SecretSource};
use crate::model::exchange::Exchange;
use crate::report::{Confidence, Report, Verdict};
use crate::rules::{Context, registry};

/// Runs the whole pipeline on an exchange: analysis, every rule, ranking.
pub fn diagnose(ex: &Exchange) -> Report {
    rank(ex, analyze(ex), None, None)
}

/// The moment to judge expiry at, when the user says (`--now`); otherwise
/// the server's clock from the input (see `model::presigned::default_judge_time`).
pub type Now = Option<time::OffsetDateTime>;

/// [`diagnose`] or [`diagnose_with_secret`], judging time at `now`.
pub fn diagnose_at(
    ex: &Exchange,
    secret: Option<(&SecretSource, &SearchOptions)>,
    now: Now,
) -> Report {
    match secret {
        Some((secret, opts)) => with_secret(ex, secret, opts, now),
        None => rank(ex, analyze(ex), None, now),
    }
}

/// [`diagnose`] with the secret key: forensics first proves what it can
/// (see `crate::forensics`), then the rules run on the proven picture. A
/// proven client canonical request replaces the guessed client side of the
/// diff, and the rules that explain that diff are upgraded to confirmed.
pub fn diagnose_with_secret(ex: &Exchange, secret: &SecretSource, opts: &SearchOptions) -> Report {
    with_secret(ex, secret, opts, None)
}

fn with_secret(ex: &Exchange, secret: &SecretSource, opts: &SearchOptions, now: Now) -> Report {
    let analysis = analyze(ex);
    let outcome = forensics::investigate(ex, &analysis, secret, opts);
    let analysis = match (&outcome.proven, &analysis.server) {
        (Some(p), Some(server)) if !p.canonical_request.is_empty() => from_sides(
            Some(server.clone()),
            Some(Side {
                origin: Origin::Proven,
                canonical_request: p.canonical_request.clone(),
                string_to_sign: Some(p.string_to_sign.clone()),
            }),
        ),
        _ => analysis,
    };
    let mut report = rank(ex, analysis, Some(&outcome), now);
    report.notes.extend(outcome.notes.iter().cloned());
    report.forensics = Some(outcome);
    report
}

/// Rules that fire only on what the secret key proved (`forensics`); their
/// fixtures are under `fixtures/forensics/` (tests/forensics_cli.rs).
pub const SECRET_ONLY: &[&str] = &[
    "server-canonicalization",
    "signature-reproduced",
    "signature-not-reproduced",
];

/// The rules that explain a line of a proven diff: once the client's side
/// is proved, their findings are facts, not guesses.
fn rules_for_field(field: &Field) -> &'static [&'static str] {
    match field {
        Field::Uri => &[
            "uri-encoding",
            "space-plus-encoding",
            "double-encoding",
            "unicode-normalization",
            "path-normalization",
            "key-case-changed",
            "key-leading-dot-or-backslash",
        ],
        Field::Query => &[
            "uri-encoding",
            "space-plus-encoding",
            "double-encoding",
            "query-param-order",
            "query-params-changed",
        ],
        Field::Header(n) if n == "transfer-encoding" => &["transfer-encoding-signed"],
        Field::Header(n) if n == "content-type" => &[
            "presigned-method-or-content-type",
            "signed-header-changed",
            "signed-header-missing",
        ],
        Field::Header(_) | Field::SignedHeaders => &[
            "signed-header-changed",
            "signed-header-missing",
            "header-value-whitespace",
            "unsigned-x-amz-header",
        ],
        Field::Method => &["presigned-method-or-content-type"],
        Field::PayloadHash => &["unsigned-vs-hashed-payload", "payload-hash-mismatch"],
        Field::Scope => &[
            "region-scope",
            "wrong-service",
            "scope-date-mismatch",
            "server-region-dialect",
        ],
        Field::Date => &["clock-skew"],
        _ => &[],
    }
}

fn rank(ex: &Exchange, analysis: Analysis, outcome: Option<&Outcome>, now: Now) -> Report {
    let judge_time = match now {
        Some(t) => Some((t, "--now")),
        None => crate::model::presigned::default_judge_time(ex),
    };
    let claim = ex.claim();
    let cx = Context {
        exchange: ex,
        analysis: &analysis,
        claim: claim.clone(),
        dialect: crate::model::identify::detect(ex),
        says: ex
            .server
            .as_ref()
            .map(crate::model::server_says::ServerSays::read),
        judge_time,
        forensics: outcome,
    };
    let mut findings: Vec<crate::report::Finding> = Vec::new();
    let mut checked = Vec::new();
    for rule in registry() {
        // Rules that read only what the secret proved are not "checked"
        // without one.
        if outcome.is_none() && SECRET_ONLY.contains(&rule.meta().id) {
            continue;
        }
        match rule.check(&cx) {
            Some(f) => findings.push(f),
            None => checked.push(rule.meta().id),
        }
    }
    if let Some(out) = outcome
        && let Some(proven) = &out.proven
        && matches!(
            out.verdict,
            forensics::Verdict::ClientProven | forensics::Verdict::HypothesisFound
        )
    {
        let mut proved: Vec<&'static str> = out.confirmed_rules();
        for d in analysis.differences() {
            proved.extend(rules_for_field(&d.field));
        }
        for f in findings.iter_mut().filter(|f| proved.contains(&f.rule)) {
            f.confidence = Confidence::Confirmed;
            f.evidence
                .insert(0, format!("proved with the secret key: {}", proven.how));
        }
    }
    let weighed = weigh::weigh(&cx, findings);
    let mut findings = weighed.findings;
    // A 403 with no body is a failure too: S3 sends no error body for HEAD.
    let error_status = ex.server.is_none()
        && ex
            .response
            .as_ref()
            .and_then(|r| r.status)
            .is_some_and(|s| s >= 400 || matches!(s, 301 | 302 | 307 | 308));
    let failure = cx.has_signature_failure()
        || ex.server.is_some()
        || error_status
        || analysis.differences().next().is_some();
    // A captured response that succeeded outranks any recomputation: the
    // server accepted this signature. Findings stay as what AWS S3 would say.
    let accepted = ex.server.is_none()
        && ex
            .response
            .as_ref()
            .and_then(|r| r.status)
            // A redirect (301/307) proves nothing about the signature: the
            // request was not served here.
            .is_some_and(|s| (200..300).contains(&s) || s == 304);
    let verdict = match (failure, findings.is_empty()) {
        _ if accepted => Verdict::NoMismatch,
        (_, false) => Verdict::MismatchDiagnosed,
        (true, true) => Verdict::MismatchUnexplained,
        (false, true) => Verdict::NoMismatch,
    };
    let mut notes = ex.notes.clone();
    notes.extend(weighed.notes);
    if accepted && !findings.is_empty() {
        // The server's answer is the fact; what the rules saw becomes a
        // warning about stricter servers rather than a diagnosis.
        let status = ex.response.as_ref().and_then(|r| r.status).unwrap_or(200);
        for f in findings.drain(..) {
            notes.push(format!(
                "the server answered {status} and accepted this signature, but a server applying AWS S3's rules would not: {} ({}): {}",
                f.rule, f.confidence.as_str(), f.message
            ));
        }
    }
    if error_status && findings.is_empty() {
        let status = ex.response.as_ref().and_then(|r| r.status).unwrap_or(0);
        notes.push(format!(
            "the response was HTTP {status} without an error body (S3 sends none for HEAD requests); a policy denial gives the same answer as a bad signature"
        ));
    }
    let hints = hints::hints(ex, &cx, &findings);
    let mut summary = summary::summarize(ex, claim.as_ref());
    summary.server = cx.dialect.clone();
    Report {
        forensics: None,
        schema_version: 1,
        verdict,
        summary,
        findings,
        checked,
        hints,
        notes,
        sources: ex.sources.clone(),
        presigned: crate::model::presigned::describe(ex, judge_time),
        provenance: crate::report::provenance(ex),
        analysis,
    }
}

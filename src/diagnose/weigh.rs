//! Weighing the evidence: which finding is the cause, and how sure.
//!
//! The rules each say what they see; this step decides what that adds up
//! to, by these principles (the README's "How the evidence is weighed"):
//!
//! 1. **The server's own words come first.** An error that states its
//!    cause (the region or service in the scope, the credential date, the
//!    clock, expiry, an unsigned or missing header, the payload hash, the
//!    access key, the token) *is* that cause, `confirmed`: the server said
//!    so. Its message is quoted in the finding's evidence.
//! 2. **A secret that reproduces the client's signature proves what the
//!    client signed, never that the server holds another secret.** The
//!    cause is then what the server computed differently. "Another secret"
//!    is named first only when nothing else has evidence: `possible`, or
//!    `confirmed` when the server's own string to sign, signed with the
//!    secret, gives the client's signature (then the server verified with
//!    another key), or `likely` when the server reported its canonical
//!    request and it equals the one the client logged.
//! 3. **Facts about the search are evidence, never the cause.** "Reproduced
//!    the signature" ranks after every cause; "nothing reproduced it" is
//!    evidence that the client signed with another secret than the one
//!    given.
//! 4. **The specific beats the general**: within a confidence level, the
//!    rule's declared specificity orders.
//! 5. **`confirmed` = proved or stated; `likely` = right at least 9 times
//!    in 10; otherwise `possible`.** Nothing here raises a guess above what
//!    its evidence proves.

use crate::forensics::{Outcome, Verdict};
use crate::model::server_says::Stated;
use crate::report::{Confidence, Finding};
use crate::rules::{Context, RuleId, find, refines};
use crate::sigv4::Location;

/// Findings that report the search, not a cause.
const FACTS: &[RuleId] = &["signature-reproduced", "signature-not-reproduced"];

/// The rules that name a stated cause, the first being the one to use
/// when none of them fired on its own.
fn rules_for(stated: &Stated, cx: &Context<'_>) -> &'static [RuleId] {
    let presigned = cx
        .claim
        .as_ref()
        .is_some_and(|c| c.location == Location::Query);
    match stated {
        Stated::Region { .. } => &["region-scope", "server-region-dialect"],
        Stated::Service { .. } => &["wrong-service"],
        Stated::CredentialDate => &["scope-date-mismatch"],
        Stated::ClockSkew => &["clock-skew"],
        Stated::PresignedExpired => &["presigned-expired"],
        // "Signature expired" on a presigned URL is its expiry; in a header,
        // an old X-Amz-Date: the clock.
        Stated::SignatureExpired if presigned => &["presigned-expired"],
        Stated::SignatureExpired => &["clock-skew", "presigned-expired"],
        Stated::HeadersNotSigned { .. } => &["unsigned-x-amz-header"],
        Stated::MissingHeader { .. } => &["missing-required-header", "signed-header-missing"],
        Stated::ContentSha256Mismatch => &["payload-hash-mismatch", "unsigned-vs-hashed-payload"],
        Stated::BadDigest => &["payload-hash-mismatch"],
        Stated::InvalidAccessKey => &["access-key-mismatch", "access-key-whitespace"],
        Stated::TokenExpired => &["temporary-credentials-expired"],
        Stated::TokenInvalid => &["session-token"],
        Stated::Terminator => &["bad-terminator"],
        Stated::ChecksumUnsupported => &["checksum-trailer"],
        Stated::AccessKeyWhitespace => &["access-key-whitespace"],
        Stated::InvalidDate => &["invalid-amz-date-format"],
        Stated::SigV4Required => &["sigv2-on-sigv4-endpoint"],
        Stated::WrongEndpoint { .. } => &["global-endpoint-redirect"],
    }
}

/// The weighed findings, and the facts that are not causes.
pub struct Weighed {
    pub findings: Vec<Finding>,
    /// Facts about the search when no cause stands beside them: shown as
    /// notes, never as the diagnosis.
    pub notes: Vec<String>,
}

/// Orders and grades the findings; see the module doc for the principles.
pub fn weigh(cx: &Context<'_>, mut findings: Vec<Finding>) -> Weighed {
    let says = cx.says.as_ref();
    let mut stated_rules: Vec<RuleId> = Vec::new();
    if let Some(says) = says {
        for stated in &says.stated {
            let candidates = rules_for(stated, cx);
            let quote = format!("the server says: {}", says.quote());
            match findings.iter_mut().find(|f| candidates.contains(&f.rule)) {
                Some(f) => {
                    f.confidence = Confidence::Confirmed;
                    // The rule may have quoted the server itself: one quote.
                    let message = says.message.as_deref().map(str::trim).unwrap_or("");
                    f.evidence
                        .retain(|e| e != &quote && (message.is_empty() || !e.contains(message)));
                    f.evidence.insert(0, quote);
                    stated_rules.push(f.rule);
                }
                None => {
                    let Some(rule) = find(candidates[0]) else {
                        continue;
                    };
                    let meta = rule.meta();
                    findings.push(meta.finding(
                        Confidence::Confirmed,
                        100,
                        format!("The server names the cause itself: {}", says.quote()),
                        vec![quote],
                        format!(
                            "`s3sigdiag rule {}` gives the fix for each client.",
                            meta.id
                        ),
                    ));
                    stated_rules.push(meta.id);
                }
            }
        }
    }
    // A cause other than the key material: not a fact, not "another
    // secret", and not one of its own refinements (a whitespace-mangled
    // secret is the same story told more precisely).
    let is_cause = |f: &Finding| {
        !FACTS.contains(&f.rule)
            && f.rule != "wrong-secret"
            && !refines(f.rule).contains(&"wrong-secret")
    };
    let other_causes = findings.iter().any(is_cause);
    let server_verified_other_key = cx
        .forensics
        .is_some_and(|o: &Outcome| o.verdict == Verdict::WrongSecret);
    for f in findings.iter_mut() {
        if f.rule == "wrong-secret" && !server_verified_other_key {
            // Proved consistency of the client is not evidence against the
            // server's key; only the absence of any other cause is.
            if other_causes || f.confidence == Confidence::Confirmed {
                f.confidence = Confidence::Possible;
            }
            if cx
                .forensics
                .is_some_and(|o| o.verdict == Verdict::ClientCorrectByAwsRules)
            {
                f.confidence = Confidence::Possible;
                f.message = "The client's signature is correct by AWS rules with this secret: the client signed consistently. If the server holds this same secret, the difference is in what the server computed (its region, clock, host or canonicalization); if it holds another, that is the cause.".into();
            }
        }
    }
    // "Nothing reproduced the signature with this secret" is a fact about
    // the search; what it says about the cause is that the client signed
    // with another secret than this one. With no other cause in sight,
    // that is the finding, carrying the search as its evidence.
    if !other_causes
        && !findings.iter().any(|f| f.rule == "wrong-secret")
        && let Some(fact) = findings
            .iter()
            .find(|f| f.rule == "signature-not-reproduced")
        && let Some(rule) = find("wrong-secret")
    {
        let mut evidence = vec![format!("{}: {}", fact.rule, fact.message)];
        evidence.extend(fact.evidence.iter().cloned());
        let cause = rule.meta().finding(
            fact.confidence,
            fact.specificity,
            "Nothing tried reproduces the client's signature with this secret: the client signed with another secret than this one (if this is the server's secret, the client's is wrong).".into(),
            evidence,
            fact.fix.clone(),
        );
        findings.push(cause);
    }
    // Nothing else has evidence, the server refused the signature, and the
    // request holds nothing signers disagree on: the key material is the
    // one input left — a guess, and said to be one.
    if findings.is_empty()
        && cx.has_signature_failure()
        && let Some(f) = key_material_guess(cx)
    {
        findings.push(f);
    }
    findings.sort_by(|a, b| {
        let rank = |f: &Finding| {
            (
                !stated_rules.contains(&f.rule),
                FACTS.contains(&f.rule),
                f.confidence,
            )
        };
        rank(a)
            .cmp(&rank(b))
            .then(b.specificity.cmp(&a.specificity))
    });
    // A fact alone is not a diagnosis: "reproduced the signature" with no
    // difference to explain says what the client signed, not why it failed.
    let mut notes = Vec::new();
    if findings.iter().all(|f| FACTS.contains(&f.rule)) {
        for f in findings.drain(..) {
            notes.push(format!("{}: {}", f.title, f.message));
        }
    }
    Weighed { findings, notes }
}

/// The honest last resort: "another secret", `possible`, with what would
/// settle it.
fn key_material_guess(cx: &Context<'_>) -> Option<Finding> {
    let meta = find("wrong-secret")?.meta();
    let seen = match (cx.server_reported(), cx.wire().is_some()) {
        (true, _) => {
            "the server's reported canonical request holds nothing signers are known to disagree on"
        }
        (false, true) => "the request as sent holds nothing signers are known to disagree on",
        (false, false) => "nothing in the input shows what was signed",
    };
    Some(meta.finding(
        Confidence::Possible,
        10,
        "No rule found a difference in what was signed; a secret key other than the one the server holds for this access key is the one input left (a guess: the evidence does not single it out).".into(),
        vec![
            format!("the server refused the signature ({})", cx.error_code().unwrap_or("no code")),
            seen.to_string(),
        ],
        "Check the secret paired with this access key (`aws configure list`, AWS_SECRET_ACCESS_KEY, trailing spaces or newlines in a pasted secret); pass the secret to s3sigdiag (AWS_SECRET_ACCESS_KEY or --secret-key-file) to settle it by HMAC, and add the client's canonical request (its debug log).",
    ))
}

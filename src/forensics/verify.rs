//! Direct verification with the secret, then the search when needed.
//!
//! Order (cheapest and most conclusive first):
//! 1. the server's string to sign (AWS reports it): if the secret signs it
//!    to the client's signature, the server holds another secret;
//! 2. whole canonical requests we can name — the client's log, the request
//!    as sent, the request under AWS rules — signed with the secret;
//! 3. the same with whitespace-mangled copies of the secret;
//! 4. the hypothesis search from the server's view.

use std::time::Instant;

use super::fast::signing_mac;
use super::hypotheses::{Base, Family, SecretVariant, WireFacts, candidates};
use super::search::{Problem, SearchOptions, search};
use super::{Outcome, Proven, ProvenChange, SearchStats, SecretSource, Verdict};
use crate::analysis::{Analysis, Origin, recompute};
use crate::model::exchange::Exchange;
use crate::sigv4::{AuthScheme, Location, PathMode, StringToSign};

/// A scope as three strings, from a credential or a string to sign.
struct ScopeParts {
    date: String,
    region: String,
    service: String,
}

impl ScopeParts {
    fn parse(scope: &str) -> Option<ScopeParts> {
        let mut it = scope.split('/');
        let (date, region, service) = (it.next()?, it.next()?, it.next()?);
        Some(ScopeParts {
            date: date.into(),
            region: region.into(),
            service: service.into(),
        })
    }

    fn text(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            self.date, self.region, self.service
        )
    }
}

fn sign(secret: &[u8], scope: &ScopeParts, sts: &str) -> [u8; 32] {
    signing_mac(secret, &scope.date, &scope.region, &scope.service).mac(sts.as_bytes())
}

/// Runs every check the evidence allows. Never fails: what could not be
/// checked is said in `notes`.
pub fn investigate(
    ex: &Exchange,
    analysis: &Analysis,
    source: &SecretSource,
    opts: &SearchOptions,
) -> Outcome {
    let origin = source.origin.as_str();
    let claim = ex.claim();
    if let Some(c) = &claim
        && c.scheme != AuthScheme::SigV4
    {
        return Outcome::skipped(
            origin,
            format!(
                "the request is signed with {} ; only AWS4-HMAC-SHA256 signatures can be re-computed",
                c.algorithm
            ),
        );
    }
    // The signature to reproduce.
    let server = ex.server.as_ref();
    let (target_hex, signature_from) = if let Some(c) =
        claim.as_ref().filter(|c| !c.signature.is_empty())
    {
        let from = match c.location {
            Location::Header => "the Authorization header's Signature",
            Location::Query => "the X-Amz-Signature parameter",
        };
        (c.signature.clone(), from)
    } else if let Some(sp) = server.and_then(|s| s.signature_provided.clone()) {
        (sp, "SignatureProvided in the error body")
    } else if let Some(sig) = ex.client.as_ref().and_then(|c| c.signature.clone()) {
        (sig, "the signature in the client's log")
    } else {
        return Outcome::skipped(
            origin,
            "no signature to verify against: add the request as sent (it carries the signature) or an AWS error body with SignatureProvided",
        );
    };
    let Some(target) = decode_sig(&target_hex) else {
        return Outcome::skipped(
            origin,
            format!("the signature from {signature_from} is not 64 hex digits"),
        );
    };
    // Use a secret only for the access key it belongs to.
    let request_key = claim
        .as_ref()
        .and_then(|c| c.credential.as_ref().map(|c| c.access_key.clone()))
        .or_else(|| server.and_then(|s| s.aws_access_key_id.clone()));
    if let (Some(mine), Some(theirs)) = (&source.access_key_id, &request_key)
        && mine != theirs
    {
        return Outcome::skipped(
            origin,
            format!(
                "the secret from {origin} belongs to access key {mine}, but the request was signed with access key {theirs}; it was not used (pass the matching secret, e.g. --profile)"
            ),
        );
    }
    let secret = source.secret.expose().as_bytes();
    let mut out = Outcome::skipped(origin, "");
    out.notes.clear();
    out.signature_from = Some(signature_from.to_string());
    out.dialect_sensitive = dialect_sensitive(ex);

    // 1. The server's own string to sign.
    if let Some(sts) = server.and_then(|s| s.string_to_sign_text())
        && let Some(parsed) = StringToSign::parse(&sts)
        && let Some(scope) = ScopeParts::parse(&parsed.scope)
    {
        let sts = parsed.to_string();
        let provided = server
            .and_then(|s| s.signature_provided.as_deref())
            .and_then(decode_sig)
            .unwrap_or(target);
        let server_creq = analysis
            .server
            .as_ref()
            .filter(|s| s.origin == Origin::Reported)
            .map(|s| s.canonical_request.clone())
            .unwrap_or_default();
        if sign(secret, &scope, &sts) == provided {
            out.verdict = Verdict::WrongSecret;
            out.proven = Some(Proven {
                how: "the server's own StringToSign, signed with this secret, gives SignatureProvided".into(),
                canonical_request: server_creq,
                string_to_sign: sts,
            });
            return out;
        }
        if let Some(v) = matching_secret_variant(secret, &scope, &sts, provided) {
            out.verdict = Verdict::SecretWhitespace;
            out.changes = vec![secret_change(v)];
            out.proven = Some(Proven {
                how: format!(
                    "the server's own StringToSign, signed with {}, gives SignatureProvided",
                    v.describe()
                ),
                canonical_request: server_creq,
                string_to_sign: sts,
            });
            return out;
        }
        out.ruled_out.push(
            "the server's StringToSign signed with this secret (the client signed something else)"
                .into(),
        );
    }

    // The date and scope the client signed with.
    let amz_date = ex.amz_date();
    let scope_text = claim
        .as_ref()
        .and_then(|c| c.credential.as_ref().map(|c| c.scope.to_string()))
        .or_else(|| {
            server
                .and_then(|s| s.string_to_sign_text())
                .and_then(|t| StringToSign::parse(&t).map(|s| s.scope))
        })
        .or_else(|| {
            ex.client
                .as_ref()
                .and_then(|c| c.string_to_sign.as_deref())
                .and_then(StringToSign::parse)
                .map(|s| s.scope)
        });
    let (Some(amz_date), Some(scope)) =
        (amz_date, scope_text.as_deref().and_then(ScopeParts::parse))
    else {
        out.verdict = Verdict::Skipped;
        out.notes.push(
            "the request time or credential scope is unknown: add the request as sent (x-amz-date and the Authorization header)".into(),
        );
        return out;
    };
    let sts_for = |creq: &str| {
        format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{}\n{}",
            scope.text(),
            crate::sigv4::sha256_hex(creq.as_bytes())
        )
    };

    // 2. Canonical requests we can name.
    let server_recomputed = analysis
        .server
        .as_ref()
        .is_none_or(|s| s.origin != Origin::Reported);
    let mut named: Vec<(Origin, String, String)> = Vec::new();
    if let Some(c) = &ex.client
        && let Some(creq) = &c.canonical_request
    {
        let sts = c
            .string_to_sign
            .as_deref()
            .and_then(StringToSign::parse)
            .map(|s| {
                // A logged string to sign must end in this request's hash to count.
                StringToSign {
                    hashed_canonical_request: crate::sigv4::sha256_hex(creq.as_bytes()),
                    ..s
                }
                .to_string()
            })
            .unwrap_or_else(|| sts_for(creq));
        named.push((Origin::Logged, creq.clone(), sts));
    }
    if let (Some(req), Some(claim)) = (&ex.request, &claim) {
        let as_sent = recompute(&req.http, claim, PathMode::AsGiven).to_string();
        let aws = recompute(&req.http, claim, PathMode::S3).to_string();
        named.push((Origin::RecomputedAsSent, as_sent.clone(), sts_for(&as_sent)));
        if aws != as_sent {
            named.push((Origin::RecomputedAwsRules, aws.clone(), sts_for(&aws)));
        }
    }
    for (origin_kind, creq, sts) in &named {
        let sts_scope = StringToSign::parse(sts)
            .and_then(|s| ScopeParts::parse(&s.scope))
            .unwrap_or(ScopeParts {
                date: scope.date.clone(),
                region: scope.region.clone(),
                service: scope.service.clone(),
            });
        if sign(secret, &sts_scope, sts) == target {
            let aws_rules_is_server_view = server_recomputed
                && analysis
                    .server
                    .as_ref()
                    .is_some_and(|s| &s.canonical_request == creq);
            out.verdict = if aws_rules_is_server_view {
                Verdict::ClientCorrectByAwsRules
            } else {
                Verdict::ClientProven
            };
            out.proven = Some(Proven {
                how: format!(
                    "the canonical request {}, signed with this secret, reproduces {signature_from}",
                    origin_kind.describe()
                ),
                canonical_request: creq.clone(),
                string_to_sign: sts.clone(),
            });
            return out;
        }
    }
    // 3. Whitespace-mangled secrets on the same texts.
    for (origin_kind, creq, sts) in &named {
        if let Some(v) = matching_secret_variant(secret, &scope, sts, target) {
            out.verdict = Verdict::SecretWhitespace;
            out.changes = vec![secret_change(v)];
            out.proven = Some(Proven {
                how: format!(
                    "the canonical request {}, signed with {}, reproduces {signature_from}",
                    origin_kind.describe(),
                    v.describe()
                ),
                canonical_request: creq.clone(),
                string_to_sign: sts.clone(),
            });
            return out;
        }
    }
    for (origin_kind, _, _) in &named {
        out.ruled_out.push(format!(
            "the canonical request {} (with this secret and its whitespace variants)",
            origin_kind.describe()
        ));
    }

    // 4. Search from the server's view.
    let Some(server_creq) = &analysis.server_parsed else {
        out.verdict = Verdict::NotReproduced;
        out.notes
            .push("no server view to search from: add the request as sent".into());
        return out;
    };
    let server_sts = analysis
        .server
        .as_ref()
        .and_then(|s| s.string_to_sign.as_deref())
        .and_then(StringToSign::parse);
    let (base_date, base_scope) = match &server_sts {
        Some(s) if s.algorithm == crate::sigv4::ALGORITHM => (
            s.amz_date.clone(),
            ScopeParts::parse(&s.scope).unwrap_or(ScopeParts {
                date: scope.date.clone(),
                region: scope.region.clone(),
                service: scope.service.clone(),
            }),
        ),
        _ => (amz_date.clone(), scope),
    };
    let base = Base::new(
        server_creq,
        &base_date,
        &base_scope.date,
        &base_scope.region,
        &base_scope.service,
    );
    let wire = wire_facts(ex, claim.as_ref());
    let cands = candidates(&base, &wire, secret);
    let problem = Problem::new(base, cands, secret, target);
    let started = Instant::now();
    let result = search(&problem, opts);
    let elapsed = started.elapsed();
    out.search = Some(SearchStats {
        tried: result.tried,
        elapsed_ms: elapsed.as_secs_f64() * 1e3,
        hypotheses_per_second: result.tried as f64 / elapsed.as_secs_f64().max(1e-9),
        exhausted: result.exhausted,
        found: !result.matches.is_empty() && !opts.all,
        deepest_tier: result.deepest_tier,
        max_hypotheses: opts.max_hypotheses,
        threads: opts.threads,
        timed_out: result.timed_out,
        edits_dropped: problem.dropped,
    });
    let describe = |m: &super::search::Match| -> Vec<ProvenChange> {
        m.edits()
            .map(|i| ProvenChange {
                label: problem.candidates[i].label.clone(),
                family: problem.candidates[i].family,
            })
            .collect()
    };
    if let Some(first) = result.matches.first() {
        out.changes = describe(first);
        out.verdict = if out.changes.iter().all(|c| c.family == Family::Secret) {
            Verdict::SecretWhitespace
        } else {
            Verdict::HypothesisFound
        };
        let creq = problem.canonical_request(&first.combo);
        let sts = problem.string_to_sign(&first.combo, &creq);
        out.proven = Some(Proven {
            how: format!(
                "re-signing the server's view with {} reproduces {signature_from}",
                out.changes
                    .iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            canonical_request: creq,
            string_to_sign: sts,
        });
        out.other_matches = result.matches[1..]
            .iter()
            .map(|m| {
                describe(m)
                    .into_iter()
                    .map(|c| c.label)
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        return out;
    }
    out.verdict = Verdict::NotReproduced;
    out.ruled_out.push(format!(
        "{} hypotheses about the path and query encoding, signed headers and their values, method, payload hash, region, service, dates and secret whitespace",
        result.tried
    ));
    out
}

/// The whitespace-mangled copy of `secret` (trailing newline, spaces, …)
/// whose signature of `sts` is `target`, if any.
fn matching_secret_variant(
    secret: &[u8],
    scope: &ScopeParts,
    sts: &str,
    target: [u8; 32],
) -> Option<SecretVariant> {
    SecretVariant::ALL.into_iter().find(|v| {
        v.apply(secret)
            .is_some_and(|mangled| sign(&mangled, scope, sts) == target)
    })
}

fn secret_change(v: SecretVariant) -> ProvenChange {
    ProvenChange {
        label: format!("signed with {}", v.describe()),
        family: Family::Secret,
    }
}

fn decode_sig(hex_text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(hex_text.trim()).ok()?;
    bytes.try_into().ok()
}

fn wire_facts(ex: &Exchange, claim: Option<&crate::sigv4::AuthClaim>) -> WireFacts {
    let Some(req) = &ex.request else {
        return WireFacts::default();
    };
    let mut query = req.http.query.clone();
    if claim.is_some_and(|c| c.location == Location::Query) {
        query = crate::sigv4::without_signature_param(&query);
    }
    WireFacts {
        path: Some(req.http.path.clone()),
        query: Some(query),
        headers: req.http.headers.clone(),
        body_len: req.body_len,
        body_sha256: req.body_sha256.clone(),
    }
}

/// What in this request servers are known to canonicalize differently:
/// characters outside the unreserved set in the path or query.
fn dialect_sensitive(ex: &Exchange) -> Vec<String> {
    let Some(req) = &ex.request else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (part, text) in [("path", &req.http.path), ("query", &req.http.query)] {
        let chars = crate::sigv4::disputed_chars(text, part == "query");
        if !chars.is_empty() {
            out.push(format!(
                "the {part} holds {}",
                chars
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
    }
    out
}

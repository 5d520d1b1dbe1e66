//! The rule engine: one file per rule, each with its docs beside its check.
//!
//! A rule looks at the [`Exchange`] and the [`Analysis`] and returns at most
//! one [`Finding`]; it returns early (`None`) when it does not apply.
//! Findings are ranked by confidence, then specificity.

pub mod dialect;

mod access_key_mismatch;
mod access_key_whitespace;
mod bad_terminator;
mod bucket_in_path_vs_host;
mod bucket_name_with_slash;
mod checksum_trailer;
mod clock_skew;
mod double_encoding;
mod header_value_whitespace;
mod host_mismatch;
mod key_case_changed;
mod key_leading_dot_or_backslash;
mod path_normalization;
mod payload_hash_mismatch;
mod presigned_expired;
mod presigned_expires_too_long;
mod presigned_method_or_content_type;
mod query_param_order;
mod query_params_changed;
mod region_scope;
mod scope_date_mismatch;
mod secret_whitespace;
mod server_canonicalization;
mod server_region_dialect;
mod session_token;
mod signature_not_reproduced;
mod signature_reproduced;
mod signed_header_changed;
mod signed_header_missing;
mod sigv2_on_sigv4_endpoint;
mod sigv4a;
mod space_plus_encoding;
mod temporary_credentials_expired;
mod text;
mod transfer_encoding_signed;
mod unicode_normalization;
mod unsigned_vs_hashed_payload;
mod unsigned_x_amz_header;
mod uri_encoding;
mod wrong_secret;
mod wrong_service;

use crate::analysis::{Analysis, Field, Origin, Side, analyze, from_sides};
use crate::exchange::{Exchange, ServerError};
use crate::forensics::{self, Outcome, SearchOptions, SecretSource};
use crate::report::{Confidence, Finding, Report, Summary, Verdict};
use crate::sigv4::{AuthClaim, Credential, HttpRequest};

/// Where in the request a cause lives; `s3sigdiag rules` groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The bucket and key in the path: encoding, normalization, case.
    KeyPath,
    /// The query string: order, encoding, parameters added.
    Query,
    /// The credential scope: date, region, service, terminator, access key, scheme.
    Scope,
    /// Which headers are signed and how their values are written.
    Headers,
    /// What changed between the client and the server (proxies, CDNs, misuse of presigned URLs).
    Transit,
    /// The payload hash and streaming uploads.
    Payload,
    /// Clocks and expiry.
    Time,
    /// The access key and the secret.
    Keys,
    /// How S3-compatible servers differ from AWS.
    Dialects,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::KeyPath,
        Category::Query,
        Category::Scope,
        Category::Headers,
        Category::Transit,
        Category::Payload,
        Category::Time,
        Category::Keys,
        Category::Dialects,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::KeyPath => "key-path",
            Category::Query => "query",
            Category::Scope => "scope",
            Category::Headers => "headers",
            Category::Transit => "transit",
            Category::Payload => "payload",
            Category::Time => "time",
            Category::Keys => "keys",
            Category::Dialects => "dialects",
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Category::KeyPath => "Key and path",
            Category::Query => "Query string",
            Category::Scope => "Credential scope and scheme",
            Category::Headers => "Headers",
            Category::Transit => "Changed in transit",
            Category::Payload => "Payload",
            Category::Time => "Time",
            Category::Keys => "Keys",
            Category::Dialects => "Server dialects",
        }
    }
}

/// What every rule declares about itself; `s3sigdiag rule ID` prints `docs`.
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    pub title: &'static str,
    pub category: Category,
    /// The input the rule needs to fire.
    pub needs: &'static str,
    /// Markdown: what it means, how to recognise it, example, fix, references.
    pub docs: &'static str,
}

impl RuleMeta {
    /// A finding of this rule.
    pub fn finding(
        &'static self,
        confidence: Confidence,
        specificity: u8,
        message: String,
        evidence: Vec<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: self.id,
            title: self.title,
            confidence,
            message,
            evidence,
            fix: fix.into(),
            specificity,
        }
    }
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
    pub dialect: Option<dialect::Detected>,
    /// What the secret key proved, when one was given (see `forensics`).
    pub forensics: Option<&'a Outcome>,
}

impl Context<'_> {
    /// The server's error body, if one was given.
    pub fn error(&self) -> Option<&ServerError> {
        self.exchange.server.as_ref()
    }

    pub fn error_code(&self) -> Option<&str> {
        self.error().map(|e| e.code.as_str())
    }

    /// The error message, or "" when there is none.
    pub fn error_message(&self) -> &str {
        self.error()
            .and_then(|e| e.message.as_deref())
            .unwrap_or("")
    }

    /// The request as it reached the server.
    pub fn wire(&self) -> Option<&HttpRequest> {
        self.exchange.request.as_ref().map(|r| &r.http)
    }

    pub fn credential(&self) -> Option<&Credential> {
        self.claim.as_ref().and_then(|c| c.credential.as_ref())
    }

    /// True when the server's side of the diff is its own report, not a
    /// recomputation.
    pub fn server_reported(&self) -> bool {
        self.analysis
            .server
            .as_ref()
            .is_some_and(|s| s.origin == crate::analysis::Origin::Reported)
    }

    /// True when the client's side is its own log, not a recomputation.
    pub fn client_logged(&self) -> bool {
        self.analysis
            .client
            .as_ref()
            .is_some_and(|s| s.origin == crate::analysis::Origin::Logged)
    }

    /// The canonical header differences: `(name, server value, client value)`.
    pub fn header_differences(&self) -> Vec<(&str, Option<&str>, Option<&str>)> {
        self.analysis
            .differences()
            .filter_map(|l| match &l.field {
                crate::analysis::Field::Header(n) => {
                    Some((n.as_str(), l.server.as_deref(), l.client.as_deref()))
                }
                _ => None,
            })
            .collect()
    }

    /// Where the server's and the client's canonical requests come from,
    /// for evidence lines.
    pub fn origins(&self) -> (&'static str, &'static str) {
        let d = |s: &Option<crate::analysis::Side>| {
            s.as_ref().map_or("unknown", |s| s.origin.describe())
        };
        (d(&self.analysis.server), d(&self.analysis.client))
    }

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

/// Every rule, grouped by category, in documentation order.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &uri_encoding::UriEncoding,
        &space_plus_encoding::SpacePlusEncoding,
        &double_encoding::DoubleEncoding,
        &unicode_normalization::UnicodeNormalizationRule,
        &path_normalization::PathNormalization,
        &key_leading_dot_or_backslash::KeyLeadingDotOrBackslash,
        &key_case_changed::KeyCaseChanged,
        &bucket_name_with_slash::BucketNameWithSlash,
        &query_param_order::QueryParamOrder,
        &query_params_changed::QueryParamsChanged,
        &region_scope::RegionScope,
        &scope_date_mismatch::ScopeDateMismatch,
        &wrong_service::WrongService,
        &bad_terminator::BadTerminator,
        &sigv2_on_sigv4_endpoint::Sigv2OnSigv4Endpoint,
        &sigv4a::Sigv4a,
        &header_value_whitespace::HeaderValueWhitespace,
        &unsigned_x_amz_header::UnsignedXAmzHeader,
        &host_mismatch::HostMismatch,
        &checksum_trailer::ChecksumTrailer,
        &session_token::SessionToken,
        &signed_header_missing::SignedHeaderMissing,
        &signed_header_changed::SignedHeaderChanged,
        &transfer_encoding_signed::TransferEncodingSigned,
        &presigned_method_or_content_type::PresignedMethodOrContentType,
        &bucket_in_path_vs_host::BucketInPathVsHost,
        &payload_hash_mismatch::PayloadHashMismatch,
        &unsigned_vs_hashed_payload::UnsignedVsHashedPayload,
        &clock_skew::ClockSkew,
        &presigned_expired::PresignedExpired,
        &presigned_expires_too_long::PresignedExpiresTooLong,
        &temporary_credentials_expired::TemporaryCredentialsExpired,
        &wrong_secret::WrongSecret,
        &secret_whitespace::SecretWhitespace,
        &access_key_mismatch::AccessKeyMismatch,
        &access_key_whitespace::AccessKeyWhitespace,
        &server_region_dialect::ServerRegionDialect,
        &server_canonicalization::ServerCanonicalization,
        &signature_reproduced::SignatureReproduced,
        &signature_not_reproduced::SignatureNotReproduced,
    ]
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

/// Runs the whole pipeline on an exchange: analysis, every rule, ranking.
pub fn diagnose(ex: &Exchange) -> Report {
    rank(ex, analyze(ex), None)
}

/// [`diagnose`] with the secret key: forensics first proves what it can
/// (see `crate::forensics`), then the rules run on the proven picture. A
/// proven client canonical request replaces the guessed client side of the
/// diff, and the rules that explain that diff are upgraded to confirmed.
pub fn diagnose_with_secret(ex: &Exchange, secret: &SecretSource, opts: &SearchOptions) -> Report {
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
    let mut report = rank(ex, analysis, Some(&outcome));
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

fn rank(ex: &Exchange, analysis: Analysis, outcome: Option<&Outcome>) -> Report {
    let claim = ex.claim();
    let cx = Context {
        exchange: ex,
        analysis: &analysis,
        claim: claim.clone(),
        dialect: dialect::detect(ex),
        forensics: outcome,
    };
    let mut findings = Vec::new();
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
    findings.sort_by(|a, b| {
        a.confidence
            .cmp(&b.confidence)
            .then(b.specificity.cmp(&a.specificity))
    });
    // A 403 with no body is a failure too: S3 sends no error body for HEAD.
    let error_status = ex.server.is_none()
        && ex
            .response
            .as_ref()
            .and_then(|r| r.status)
            .is_some_and(|s| s >= 400);
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
            .is_some_and(|s| (200..400).contains(&s));
    let verdict = match (failure, findings.is_empty()) {
        _ if accepted => Verdict::NoMismatch,
        (_, false) => Verdict::MismatchDiagnosed,
        (true, true) => Verdict::MismatchUnexplained,
        (false, true) => Verdict::NoMismatch,
    };
    let mut notes = ex.notes.clone();
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
    let hints = hints(ex, &cx, &findings);
    let mut summary = summarize(ex, claim.as_ref());
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
        presigned: crate::presigned::describe(ex, crate::presigned::default_judge_time(ex)),
        provenance: crate::report::provenance(ex),
        analysis,
    }
}

fn summarize(ex: &Exchange, claim: Option<&AuthClaim>) -> Summary {
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

/// What would let the tool say more: one hint per missing input, each
/// with the commands that produce it.
fn hints(ex: &Exchange, cx: &Context<'_>, findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    if findings
        .first()
        .is_some_and(|f| f.confidence == Confidence::Confirmed)
    {
        return out;
    }
    if ex.server.is_none() {
        out.push("add the server's error body: `curl -s -o error.xml …` (or the SDK exception's response body: boto3 `e.response`, AWS CLI `--debug` prints it), then `s3sigdiag explain error.xml …`".into());
    }
    if ex.request.is_none() {
        out.push("add the request as it was sent: `curl -v … 2>&1 | tee curl-v.txt`, or record it (`nc -l 127.0.0.1 9000 > request.http` and point the client's endpoint there), then `--request request.http`".into());
    }
    // Canonical requests only matter for a signature refusal (or when the
    // refusal is not known yet); a skewed clock or an expired URL is
    // refused before any signature is compared.
    let about_signature = ex.server.is_none() || cx.has_signature_failure();
    if ex.client.is_none() && about_signature {
        out.push("add the canonical request the client signed and pass it with `--request client.txt`: boto3 `boto3.set_stream_logger('botocore', logging.DEBUG)` (copy the `CanonicalRequest:` block); AWS CLI `aws … --debug 2> debug.log`; aws-sdk-js logs none (print v3's signed `args.request` from a `deserialize`-step middleware and paste it with the error); Go `config.WithClientLogMode(aws.LogSigning)`; Rust `RUST_LOG=aws_sigv4=trace`".into());
    }
    // The assumption behind a recomputed server side matters whenever a
    // diff built on it is shown.
    let diff_shown = cx.analysis.differences().next().is_some();
    if (about_signature || diff_shown)
        && ex.server.is_some()
        && ex.request.is_some()
        && !cx.server_reported()
    {
        let dialect = cx.dialect.as_ref().map(|d| d.dialect);
        let who = dialect.map_or("this server", |d| d.name());
        // Only AWS puts its canonical request in the body; for any other
        // server the secret is the way to settle what the client signed.
        // A server's own log at a higher level prints what it verified.
        let from_log = ex.server_software.is_some();
        let settle = if from_log && dialect == Some(dialect::Dialect::Garage) {
            "Garage logs it at TRACE: run the server with RUST_LOG=garage=info,garage_api_common=debug,garage_api_common::signature=trace and pass that log"
        } else if from_log && dialect == Some(dialect::Dialect::CephRgw) {
            "RGW logs it at debug_rgw = 10 (20 adds the request headers): raise it (`ceph config set client.rgw debug_rgw 20`) and pass that log"
        } else if dialect.is_some_and(|d| d != dialect::Dialect::Aws) {
            "with the secret key (--secret-key-file, AWS_SECRET_ACCESS_KEY or --profile) s3sigdiag re-signs the request as sent and proves which variant the client signed"
        } else {
            "an error body from AWS itself, which includes CanonicalRequest, settles it"
        };
        out.push(format!("{who} does not report its canonical request, so the server side was recomputed with AWS S3's rules (an assumption about this server); {settle}"));
    }
    if ex.response.is_none() && ex.request.is_some() {
        out.push("add the response headers (`curl -D headers.txt …`, or the status line and headers above the error body) so the server's clock (`Date`) and software (`Server`) can be read".into());
    }
    if findings.is_empty()
        && cx.analysis.server.is_some()
        && cx.analysis.client.is_some()
        && cx
            .analysis
            .differences()
            .all(|l| l.field == crate::analysis::Field::CanonicalHash)
    {
        out.push("the two canonical requests agree: the key material is the likeliest difference; with the secret key (AWS_SECRET_ACCESS_KEY or a key file) s3sigdiag can test by HMAC which variant the client signed".into());
    }
    out
}

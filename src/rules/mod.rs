//! The rule engine: one file per rule, each with its docs beside its check.
//!
//! A rule looks at the [`Exchange`] and the [`Analysis`] and returns at most
//! one [`Finding`]; it returns early (`None`) when it does not apply.
//! Findings are ranked by confidence, then specificity.

mod access_key_mismatch;
mod access_key_whitespace;
mod bad_terminator;
mod bucket_in_path_vs_host;
mod bucket_name_with_slash;
mod checksum_trailer;
mod clock_skew;
mod double_encoding;
mod global_endpoint_redirect;
mod header_value_whitespace;
mod host_mismatch;
mod key_case_changed;
mod key_leading_dot_or_backslash;
mod missing_required_header;
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

use crate::analysis::Analysis;
use crate::forensics::Outcome;
use crate::model::dialect;
use crate::model::exchange::{Exchange, ServerError};
use crate::model::server_says::{ServerSays, Stated};
use crate::report::{Confidence, Finding};
use crate::sigv4::{AuthClaim, Credential, HttpRequest};

/// A rule's stable kebab-case id, as `s3sigdiag rule ID` takes it.
pub type RuleId = &'static str;

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
    /// The server's error decoded once: its code, message and the causes
    /// it states (see `crate::model::server_says`).
    pub says: Option<ServerSays>,
    /// The moment expiry is judged at, and where it comes from (`--now`,
    /// the server's ServerTime or Date, the system clock for an unsent URL).
    pub judge_time: Option<(time::OffsetDateTime, &'static str)>,
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

    /// The first cause the server states that `pick` accepts.
    pub fn stated<T>(&self, pick: impl Fn(&Stated) -> Option<T>) -> Option<T> {
        self.says.as_ref()?.stated.iter().find_map(pick)
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

    /// True when the server refused the request: an error body, or a
    /// status of 400 or more.
    pub fn refused(&self) -> bool {
        self.error().is_some()
            || self
                .exchange
                .response
                .as_ref()
                .and_then(|r| r.status)
                .is_some_and(|s| s >= 400)
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
        &missing_required_header::MissingRequiredHeader,
        &host_mismatch::HostMismatch,
        &global_endpoint_redirect::GlobalEndpointRedirect,
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

/// Which rules a rule refines: the specific cause and the general one it
/// is a case of. A general answer where the specific one was due is less
/// precise, not wrong; within a confidence level the specific ranks first.
pub const REFINES: &[(RuleId, &[RuleId])] = &[
    ("access-key-whitespace", &["access-key-mismatch"]),
    ("secret-whitespace", &["wrong-secret"]),
    ("space-plus-encoding", &["uri-encoding"]),
    ("double-encoding", &["uri-encoding"]),
    ("unicode-normalization", &["uri-encoding"]),
    ("key-case-changed", &["uri-encoding"]),
    (
        "presigned-method-or-content-type",
        &["signed-header-changed"],
    ),
    (
        "transfer-encoding-signed",
        &["signed-header-missing", "signed-header-changed"],
    ),
    ("server-region-dialect", &["region-scope"]),
    ("missing-required-header", &["signed-header-missing"]),
    (
        "global-endpoint-redirect",
        &["region-scope", "host-mismatch"],
    ),
    ("bucket-in-path-vs-host", &["host-mismatch"]),
    ("temporary-credentials-expired", &["session-token"]),
    ("presigned-expired", &["clock-skew"]),
];

/// The rules `id` refines (see [`REFINES`]).
pub fn refines(id: &str) -> &'static [RuleId] {
    REFINES
        .iter()
        .find(|(r, _)| *r == id)
        .map_or(&[], |(_, general)| general)
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

//! The one data model every input becomes. Every field is optional:
//! real inputs are partial, and rules must say what they could not see.

use serde::Serialize;

use crate::sigv4::{AuthClaim, HttpRequest};

/// Where a fact came from: the input's display name and its format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub name: String,
    pub format: String,
}

/// Everything known about one failing request.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// The request as it went over the wire (target kept byte for byte).
    pub request: Option<WireRequest>,
    /// The client's own signing text, from a debug log or a pasted block.
    pub client: Option<ClientSigning>,
    /// The server's error response body.
    pub server: Option<ServerError>,
    /// Status line and headers of the response, when captured.
    pub response: Option<ResponseMeta>,
    /// Which inputs were read, in order.
    pub sources: Vec<Source>,
    /// Things the parsers noticed but could not use (truncation, …).
    pub notes: Vec<String>,
    /// Which server software answered, when an input says so outright (a
    /// server's own log); otherwise it is inferred from the response.
    pub server_software: Option<crate::model::dialect::Detected>,
}

#[derive(Debug, Clone)]
pub struct WireRequest {
    pub http: HttpRequest,
    /// Hex SHA-256 of the body, when the body was captured.
    pub body_sha256: Option<String>,
    pub body_len: Option<u64>,
    pub source: Source,
}

impl WireRequest {
    /// The signing the request carries: its `Authorization` header, or
    /// the `X-Amz-*` parameters of a presigned URL.
    pub fn claim(&self) -> Option<AuthClaim> {
        if let Some(v) = self.http.header("authorization") {
            return crate::sigv4::parse_authorization(v).ok();
        }
        crate::sigv4::parse_presigned_query(&self.http.query).ok()
    }
}

/// What the client says it signed (e.g. botocore's `CanonicalRequest:` log).
#[derive(Debug, Clone, Default)]
pub struct ClientSigning {
    pub canonical_request: Option<String>,
    pub string_to_sign: Option<String>,
    pub signature: Option<String>,
    pub source: Option<Source>,
}

/// An S3 error body. Field names follow the XML element names.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerError {
    pub code: String,
    pub message: Option<String>,
    pub aws_access_key_id: Option<String>,
    pub string_to_sign: Option<String>,
    /// Decoded from `StringToSignBytes` (authoritative about invisible bytes).
    #[serde(skip)]
    pub string_to_sign_bytes: Option<Vec<u8>>,
    pub signature_provided: Option<String>,
    pub canonical_request: Option<String>,
    /// Decoded from `CanonicalRequestBytes`.
    #[serde(skip)]
    pub canonical_request_bytes: Option<Vec<u8>>,
    pub request_id: Option<String>,
    pub host_id: Option<String>,
    pub request_time: Option<String>,
    pub server_time: Option<String>,
    pub max_allowed_skew_ms: Option<String>,
    pub region: Option<String>,
    pub resource: Option<String>,
    pub header_name: Option<String>,
    pub expires: Option<String>,
    pub x_amz_content_sha256: Option<String>,
    pub client_computed_content_sha256: Option<String>,
    pub s3_computed_content_sha256: Option<String>,
    #[serde(skip)]
    pub source: Option<Source>,
}

impl ServerError {
    /// Takes every field this error lacks from `other` (same refusal).
    pub fn fill_from(&mut self, other: ServerError) {
        fn fill<T>(mine: &mut Option<T>, theirs: Option<T>) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        fill(&mut self.message, other.message);
        fill(&mut self.aws_access_key_id, other.aws_access_key_id);
        fill(&mut self.string_to_sign, other.string_to_sign);
        fill(&mut self.string_to_sign_bytes, other.string_to_sign_bytes);
        fill(&mut self.signature_provided, other.signature_provided);
        fill(&mut self.canonical_request, other.canonical_request);
        fill(
            &mut self.canonical_request_bytes,
            other.canonical_request_bytes,
        );
        fill(&mut self.request_id, other.request_id);
        fill(&mut self.host_id, other.host_id);
        fill(&mut self.request_time, other.request_time);
        fill(&mut self.server_time, other.server_time);
        fill(&mut self.max_allowed_skew_ms, other.max_allowed_skew_ms);
        fill(&mut self.region, other.region);
        fill(&mut self.resource, other.resource);
        fill(&mut self.header_name, other.header_name);
        fill(&mut self.expires, other.expires);
        fill(&mut self.x_amz_content_sha256, other.x_amz_content_sha256);
        fill(
            &mut self.client_computed_content_sha256,
            other.client_computed_content_sha256,
        );
        fill(
            &mut self.s3_computed_content_sha256,
            other.s3_computed_content_sha256,
        );
        fill(&mut self.source, other.source);
    }

    /// The server's canonical request, preferring the exact bytes.
    pub fn canonical_request_text(&self) -> Option<String> {
        self.canonical_request_bytes
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .or_else(|| self.canonical_request.clone())
    }

    pub fn string_to_sign_text(&self) -> Option<String> {
        self.string_to_sign_bytes
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .or_else(|| self.string_to_sign.clone())
    }

    pub fn is_signature_mismatch(&self) -> bool {
        self.code == "SignatureDoesNotMatch"
            || (self.code == "AccessDenied"
                && self
                    .message
                    .as_deref()
                    .is_some_and(|m| m.contains("Invalid signature")))
    }
}

#[derive(Debug, Clone, Default)]
pub struct ResponseMeta {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
}

impl ResponseMeta {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Exchange {
    /// Folds `other` into `self`: the first input to supply a field wins,
    /// except that a client signing block fills only missing parts.
    pub fn merge(&mut self, other: Exchange) {
        if self.request.is_none() {
            self.request = other.request;
        }
        match (&mut self.client, other.client) {
            (None, c) => self.client = c,
            (Some(mine), Some(theirs)) => {
                mine.canonical_request = mine.canonical_request.take().or(theirs.canonical_request);
                mine.string_to_sign = mine.string_to_sign.take().or(theirs.string_to_sign);
                mine.signature = mine.signature.take().or(theirs.signature);
            }
            _ => {}
        }
        match (&mut self.server, other.server) {
            (None, s) => self.server = s,
            // Two views of one refusal (a client's capture of the body and
            // the server's own log): fill in what the first lacks, so the
            // order of the inputs does not lose the canonical request.
            (Some(mine), Some(theirs)) => mine.fill_from(theirs),
            _ => {}
        }
        if self.server_software.is_none() {
            self.server_software = other.server_software;
        }
        if self.response.is_none() {
            self.response = other.response;
        }
        self.sources.extend(other.sources);
        self.notes.extend(other.notes);
    }

    /// The signing the client put on the wire request, if any.
    pub fn claim(&self) -> Option<AuthClaim> {
        self.request.as_ref().and_then(WireRequest::claim)
    }

    /// The amz-date the client used: the header, the presigned parameter,
    /// or the second line of a string to sign.
    pub fn amz_date(&self) -> Option<String> {
        if let Some(req) = &self.request {
            if let Some(d) = req.http.header("x-amz-date") {
                return Some(d.trim().to_string());
            }
            if let Some(d) = req.claim().and_then(|c| c.amz_date) {
                return Some(d);
            }
        }
        let sts = self
            .client
            .as_ref()
            .and_then(|c| c.string_to_sign.clone())
            .or_else(|| {
                self.server
                    .as_ref()
                    .and_then(ServerError::string_to_sign_text)
            })?;
        sts.lines().nth(1).map(|l| l.trim().to_string())
    }
}

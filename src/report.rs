//! What a diagnosis produces: ranked findings plus the evidence behind them.

use serde::Serialize;

use crate::analysis::Analysis;

/// How sure a finding is. Ordered: `Confirmed` ranks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Proved: re-signing the hypothesis reproduced the client's signature,
    /// or the server stated the cause in so many words.
    Confirmed,
    /// The evidence points here and nowhere else visible.
    Likely,
    /// Consistent with the evidence, not singled out by it.
    Possible,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Likely => "likely",
            Confidence::Possible => "possible",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub title: &'static str,
    pub confidence: Confidence,
    /// One sentence: what happened.
    pub message: String,
    /// The facts that point here, one per line.
    pub evidence: Vec<String>,
    /// What to do about it.
    pub fix: String,
    /// Higher = more specific; breaks ties within a confidence level.
    #[serde(skip)]
    pub specificity: u8,
}

/// The outcome of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A failure is in the input and at least one cause was found.
    MismatchDiagnosed,
    /// A failure is in the input but no rule singled out a cause.
    MismatchUnexplained,
    /// No sign of a signing failure.
    NoMismatch,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The S3 implementation that answered, when the evidence shows it.
    pub server: Option<crate::model::dialect::Detected>,
    pub error_code: Option<String>,
    pub method: Option<String>,
    pub target: Option<String>,
    pub access_key: Option<String>,
    pub scope: Option<String>,
    pub amz_date: Option<String>,
    pub signed_headers: Vec<String>,
    pub signature_location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub verdict: Verdict,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub analysis: Analysis,
    /// Rules that ran and found nothing, for `--verbose`.
    pub checked: Vec<&'static str>,
    /// What input would let the tool say more.
    pub hints: Vec<String>,
    /// Parser notes (truncation, missing parts).
    pub notes: Vec<String>,
    pub sources: Vec<crate::model::exchange::Source>,
    /// Present when the signature travels in the query (a presigned URL).
    pub presigned: Option<crate::model::presigned::PresignedInfo>,
    /// Which input supplied which part of the picture.
    pub provenance: Vec<FactSource>,
    /// What the secret key proved (`explain` with a secret only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forensics: Option<crate::forensics::Outcome>,
}

/// One part of the exchange and the input it was read from.
#[derive(Debug, Clone, Serialize)]
pub struct FactSource {
    /// `request`, `response`, `client signing`, `server error`.
    pub fact: &'static str,
    pub input: String,
}

/// Where each part of the merged exchange came from (the first input to
/// supply a part wins, as in [`crate::model::exchange::Exchange::merge`]).
pub fn provenance(ex: &crate::model::exchange::Exchange) -> Vec<FactSource> {
    let mut out = Vec::new();
    if let Some(r) = &ex.request {
        out.push(FactSource {
            fact: "request",
            input: r.source.name.clone(),
        });
    }
    if let Some(c) = ex.client.as_ref().and_then(|c| c.source.as_ref()) {
        out.push(FactSource {
            fact: "client signing",
            input: c.name.clone(),
        });
    }
    if let Some(s) = ex.server.as_ref().and_then(|s| s.source.as_ref()) {
        out.push(FactSource {
            fact: "server error",
            input: s.name.clone(),
        });
    }
    out
}

impl Report {
    pub fn top(&self) -> Option<&Finding> {
        self.findings.first()
    }

    /// 0 nothing wrong found, 1 a mismatch found (explained or not).
    pub fn exit_code(&self) -> i32 {
        match self.verdict {
            Verdict::NoMismatch => 0,
            Verdict::MismatchDiagnosed | Verdict::MismatchUnexplained => 1,
        }
    }
}

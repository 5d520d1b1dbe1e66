//! `replay`: sign one request correctly (or with emulated bugs), send it,
//! and explain the outcome with the same pipeline as `explain`.

use serde::Serialize;

use super::NetError;
use super::emulate::Emulation;
use super::outcome::{Verdict, classify};
use super::request::Prepared;
use super::transport::{Sender, Via};
use crate::report::Report;

/// How the server took a replayed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A correct request was accepted.
    Accepted,
    /// A request carrying emulated bugs was accepted: this server
    /// tolerates those deviations.
    Tolerated,
    /// The signature was refused; `report` says why.
    Rejected,
    /// The answer does not say whether the signature was checked (an
    /// error code raised before or without the check, or unknown here).
    Unverified,
}

#[derive(Debug, Clone, Serialize)]
pub struct Toleration {
    pub emulation: String,
    pub deviation: String,
    pub aws: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplayResult {
    pub outcome: Outcome,
    pub status: u16,
    /// HTTP status, or the S3 error code the server answered with.
    pub answer: String,
    pub transport: &'static str,
    pub tolerated: Vec<Toleration>,
    pub notes: Vec<String>,
    /// The diagnosis, when the signature was refused.
    pub report: Option<Report>,
}

/// Replay knows what it signed, so verification usually settles the cause
/// at once; the search is a fallback and is kept short.
const REPLAY_MAX_HYPOTHESES: u64 = 500_000;

/// Sends `prepared` and classifies the answer. Network problems and
/// non-S3 answers are a [`NetError`] (exit 3).
pub fn execute(
    sender: &Sender,
    prepared: &Prepared,
    emulations: &[Emulation],
    at: &str,
    secret: Option<&crate::forensics::SecretSource>,
) -> Result<ReplayResult, NetError> {
    let resp = sender.send(prepared)?;
    let (verdict, mut exchange) = classify(prepared, &resp, at)?;
    let mut notes: Vec<String> = prepared
        .replaced
        .iter()
        .chain(&prepared.no_effect)
        .cloned()
        .collect();
    if resp.via == Via::RawHttp {
        notes.push(format!("sent with {}", Via::RawHttp.describe()));
    }
    exchange.notes.extend(notes.iter().cloned());
    let effective: Vec<&Emulation> = emulations
        .iter()
        .filter(|e| {
            !prepared
                .no_effect
                .iter()
                .any(|n| n.contains(&format!("--emulate {} ", e.name())))
        })
        .collect();
    Ok(match verdict {
        Verdict::Accepted { answer } => ReplayResult {
            outcome: if effective.is_empty() {
                Outcome::Accepted
            } else {
                Outcome::Tolerated
            },
            status: resp.status,
            answer,
            transport: via_name(resp.via),
            tolerated: effective
                .iter()
                .map(|e| Toleration {
                    emulation: e.name(),
                    deviation: e.deviation(),
                    aws: e.aws_behaviour(),
                })
                .collect(),
            notes,
            report: None,
        },
        Verdict::Unknown { answer } => ReplayResult {
            outcome: Outcome::Unverified,
            status: resp.status,
            answer,
            transport: via_name(resp.via),
            tolerated: Vec::new(),
            notes,
            report: None,
        },
        Verdict::Rejected { code } => ReplayResult {
            outcome: Outcome::Rejected,
            status: resp.status,
            answer: format!("HTTP {} {code}", resp.status),
            transport: via_name(resp.via),
            tolerated: Vec::new(),
            notes,
            report: Some(match secret {
                Some(secret) => {
                    let opts = crate::forensics::SearchOptions {
                        max_hypotheses: REPLAY_MAX_HYPOTHESES,
                        progress: false,
                        ..Default::default()
                    };
                    crate::diagnose::diagnose_with_secret(&exchange, secret, &opts)
                }
                None => crate::diagnose::diagnose(&exchange),
            }),
        },
    })
}

fn via_name(v: Via) -> &'static str {
    match v {
        Via::Reqwest => "reqwest",
        Via::RawHttp => "raw-http",
    }
}

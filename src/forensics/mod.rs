//! Forensics: with the secret key, prove what the client signed.
//!
//! Rules guess from what differs; here every claim is checked by
//! re-signing and comparing with the signature the client sent. First the
//! direct checks ([`verify`]): the server's own string to sign, the client's
//! logged canonical request, the request as sent, the request under AWS
//! rules. When none settles it, a breadth-first [`search`] over
//! [`hypotheses`] about what the client signed instead.
//!
//! The outcome is evidence for the rules in `src/rules/` (`wrong-secret`,
//! `secret-whitespace`, `server-canonicalization`, `signature-reproduced`,
//! `signature-not-reproduced`), which turn it into findings; a proven
//! client canonical request also upgrades the rule that explains its diff.
//! Nothing here holds the secret in a printable form: [`Outcome`] names
//! only how a secret was mangled, never its bytes.

pub mod fast;
pub mod hypotheses;
pub mod search;
pub mod verify;

use serde::Serialize;

use crate::secret::SecretKey;

pub use search::{DEFAULT_MAX_HYPOTHESES, SearchOptions};
pub use verify::investigate;

/// A secret to verify with, and the access key it belongs to when known.
#[derive(Debug, Clone)]
pub struct SecretSource {
    pub secret: SecretKey,
    pub access_key_id: Option<String>,
    /// Where it came from, e.g. "--secret-key-file" or "profile `dev` …".
    pub origin: String,
}

/// What the secret proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The server's own string to sign, signed with this secret, gives the
    /// signature the client sent: the server holds another secret.
    WrongSecret,
    /// Only a whitespace-mangled copy of the secret reproduces the signature.
    SecretWhitespace,
    /// The client's signature verifies against the AWS-rules canonical
    /// request of the request as sent; the server did not report its own.
    ClientCorrectByAwsRules,
    /// The canonical request the client signed was identified directly
    /// (its log, or the request as sent).
    ClientProven,
    /// The search found the change that reproduces the signature.
    HypothesisFound,
    /// Nothing tried reproduces the signature with this secret.
    NotReproduced,
    /// Verification was not possible (reason in `notes`).
    Skipped,
}

/// The canonical request and string to sign that reproduce the client's
/// signature, with where they came from.
#[derive(Debug, Clone, Serialize)]
pub struct Proven {
    pub how: String,
    pub canonical_request: String,
    pub string_to_sign: String,
}

/// One edit of a winning hypothesis.
#[derive(Debug, Clone, Serialize)]
pub struct ProvenChange {
    pub label: String,
    pub family: hypotheses::Family,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchStats {
    pub tried: u64,
    pub elapsed_ms: f64,
    pub hypotheses_per_second: f64,
    pub exhausted: bool,
    /// Stopped at the first hypothesis that reproduced the signature.
    pub found: bool,
    pub deepest_tier: usize,
    pub max_hypotheses: u64,
    pub threads: usize,
    /// Stopped at the search's time limit.
    pub timed_out: bool,
    /// Candidate edits not searched (over the search's limit).
    pub edits_dropped: usize,
}

impl SearchStats {
    pub fn describe(&self) -> String {
        format!(
            "{} hypotheses tried in {:.1} ms ({:.2} million/s, up to {} changes combined{}){}",
            self.tried,
            self.elapsed_ms,
            self.hypotheses_per_second / 1e6,
            self.deepest_tier,
            if self.found {
                ", stopped at the first match".to_string()
            } else if self.timed_out {
                format!(
                    ", stopped at the {} s time limit",
                    search::MAX_SEARCH_TIME.as_secs()
                )
            } else if self.exhausted {
                ", search space exhausted".to_string()
            } else {
                format!(", stopped at --max-hypotheses {}", self.max_hypotheses)
            },
            if self.edits_dropped > 0 {
                format!(
                    "; only the first {} candidate edits searched, {} more not",
                    search::MAX_EDITS,
                    self.edits_dropped
                )
            } else {
                String::new()
            }
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// Where the signature being reproduced was read.
    pub signature_from: Option<String>,
    pub proven: Option<Proven>,
    /// The winning hypothesis, edit by edit (empty unless the search won).
    pub changes: Vec<ProvenChange>,
    /// Further matches (`--all`), each described in one line.
    pub other_matches: Vec<String>,
    pub search: Option<SearchStats>,
    /// What was checked and did not reproduce the signature.
    pub ruled_out: Vec<String>,
    /// Parts of the request servers are known to canonicalize differently.
    pub dialect_sensitive: Vec<String>,
    pub notes: Vec<String>,
    /// Where the secret came from (never the secret).
    pub secret_origin: String,
}

impl Outcome {
    pub fn skipped(secret_origin: &str, note: impl Into<String>) -> Outcome {
        Outcome {
            verdict: Verdict::Skipped,
            signature_from: None,
            proven: None,
            changes: Vec::new(),
            other_matches: Vec::new(),
            search: None,
            ruled_out: Vec::new(),
            dialect_sensitive: Vec::new(),
            notes: vec![note.into()],
            secret_origin: secret_origin.to_string(),
        }
    }

    /// The rules whose findings this outcome proves, from the families of
    /// the winning edits.
    pub fn confirmed_rules(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self
            .changes
            .iter()
            .filter_map(|c| c.family.rule())
            .collect();
        out.dedup();
        out
    }
}

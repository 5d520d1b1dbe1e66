//! aws-sdk-java v1 (`com.amazonaws.auth.AWS4Signer` at DEBUG) and v2
//! (`AbstractAws4Signer` at TRACE/DEBUG): `AWS4 Canonical Request: '"…"`
//! and `AWS4 String to Sign: '"…"`.

use super::{Block, find_ci};

const CREQ: &str = "AWS4 Canonical Request: ";
const STS: &str = "AWS4 String to Sign: ";

pub(super) fn looks_like(text: &str) -> bool {
    find_ci(text, CREQ).is_some()
}

/// Every signing block, in log order (the marker's case varies by version).
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lower = text.to_ascii_lowercase();
    let creq_marker = CREQ.to_ascii_lowercase();
    let sts_marker = STS.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&creq_marker) {
        let start = at + i + CREQ.len();
        let creq = value(&text[start..]);
        let sts = lower[start..]
            .find(&sts_marker)
            .map(|j| value(&text[start + j + STS.len()..]));
        out.push((Some(creq), sts));
        at = start;
    }
    out
}

/// `'"…"` (v1) or a bare value up to the next log record (v2).
fn value(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("'\"") {
        let end = rest
            .find("\"\n")
            .or_else(|| rest.rfind('"'))
            .unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    let mut lines = Vec::new();
    for (i, l) in s.lines().enumerate() {
        if i > 0 && (l.contains(" DEBUG ") || l.contains(" TRACE ") || l.contains(STS)) {
            break;
        }
        lines.push(l);
    }
    lines.join("\n")
}

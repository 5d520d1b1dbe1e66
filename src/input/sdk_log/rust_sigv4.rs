//! Rust `aws-sigv4` (tracing at TRACE): `canonical_request=… string_to_sign=…`
//! fields of the "calculated signing parameters" event.

use super::{Block, all_between};

const CREQ: &str = "canonical_request=";
const STS: &str = "string_to_sign=";

pub(super) fn looks_like(text: &str) -> bool {
    text.contains(CREQ) && text.contains("AWS4-HMAC-SHA256")
}

/// Every signing event, in log order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    all_between(text, CREQ, |rest| {
        let (creq, sts) = match rest.find(&format!(" {STS}")) {
            Some(j) => (&rest[..j], Some(&rest[j + 1 + STS.len()..])),
            None => (rest, None),
        };
        // The event's fields run on after the canonical request; the
        // six parts are cut out later (strip_canonical).
        let creq = creq.lines().take(64).collect::<Vec<_>>().join("\n");
        (
            Some(creq),
            sts.map(|s| s.lines().take(4).collect::<Vec<_>>().join("\n")),
        )
    })
}

pub(super) fn context(_text: &str, _source: &crate::exchange::Source) -> super::Context {
    super::Context::default()
}

//! s3cmd `--debug`: `DEBUG: Canonical Request:` … `----------------------`,
//! and the response it got as a Python pprint.

use crate::model::exchange::{Exchange, Source};

use super::super::pyrepr::{parse_dict, take_literal};
use super::super::wire::{CapturedResponse, assemble};
use super::{Block, after_line, all_between};

const CREQ: &str = "Canonical Request:\n";

pub(super) fn looks_like(text: &str) -> bool {
    text.contains(CREQ) && text.contains("DEBUG:")
}

/// Every signing block, in log order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    all_between(text, CREQ, |rest| {
        let end = rest.find("\n----------------------").unwrap_or(rest.len());
        let sts = rest
            .find("String to sign:\n")
            .or_else(|| rest.find("StringToSign:\n"))
            .map(|j| {
                let s = after_line(&rest[j..]);
                s.lines().take(4).collect::<Vec<_>>().join("\n")
            });
        (Some(rest[..end].to_string()), sts)
    })
}

/// The response s3cmd logged last, as an exchange (empty when none).
pub(super) fn exchange(text: &str, source: &Source) -> Exchange {
    response(text)
        .map(|r| assemble(None, Some(&r), source))
        .unwrap_or_default()
}

/// The last `DEBUG: Response:` pprint: `{'data': b'…' b'…', 'headers': {…}, 'status': 403}`.
fn response(text: &str) -> Option<CapturedResponse> {
    let at = text.rfind("DEBUG: Response:")?;
    let block = &text[at..];
    let block = &block[..block
        .find("\nDEBUG: S3Error")
        .or_else(|| block[1..].find("\nDEBUG:").map(|i| i + 1))
        .unwrap_or(block.len())];
    let mut body = Vec::new();
    if let Some(i) = block.find("'data': ") {
        let mut rest = block[i + "'data': ".len()..].trim_start();
        while let Some((bytes, r)) = take_literal(rest) {
            body.extend(bytes);
            rest = r.trim_start();
        }
    }
    let status = block
        .find("'status': ")
        .and_then(|i| block[i + 10..].split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    let headers = block
        .find("'headers': ")
        .map(|i| parse_dict(&block[i..]))
        .unwrap_or_default();
    Some(CapturedResponse {
        status,
        headers,
        body: (!body.is_empty()).then_some(body),
    })
}

//! aws-sdk-go v1 (`LogDebugWithSigning`) and v2 (`ClientLogMode` with
//! `LogSigning`): `---[ CANONICAL STRING  ]---` … `---[ STRING TO SIGN ]---`
//! … `-----` (aws/signer/v4/v4.go `logSignInfoMsg`).

use super::{Block, after_line, all_between};

const CREQ: &str = "---[ CANONICAL STRING  ]";
const STS: &str = "---[ STRING TO SIGN ]";

pub(super) fn looks_like(text: &str) -> bool {
    text.contains(CREQ)
}

/// Every signing block, in log order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    all_between(text, CREQ, |rest| {
        let creq = after_line(rest);
        let (creq, after) = split_at_marker(creq, STS);
        let sts = after.map(|a| until_dashes(after_line(a)));
        (Some(creq.trim_end_matches('\n').to_string()), sts)
    })
}

fn split_at_marker<'a>(s: &'a str, marker: &str) -> (&'a str, Option<&'a str>) {
    match s.find(marker) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    }
}

/// The block's lines up to the dashed rule that closes it.
fn until_dashes(s: &str) -> String {
    s.lines()
        .take_while(|l| !l.starts_with("-----") && !l.starts_with("---["))
        .collect::<Vec<_>>()
        .join("\n")
}

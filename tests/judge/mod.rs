//! How the tests judge a top finding against a known cause: the devset's
//! own acceptance table (`ACCEPT` in ../shared/devset/score.py), read as
//! data so that the tests and the scorer judge alike. Without the devset
//! beside the checkout, a cause id must match the rule id itself.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn devset_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset")
}

/// The devset's own acceptance table, read from its scorer so both judge
/// alike: `"cause": r"pattern",` lines of `ACCEPT`.
pub fn accept_table() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(devset_dir().join("score.py")).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("ACCEPT = {") {
            inside = true;
            continue;
        }
        if inside && line.starts_with('}') {
            break;
        }
        if inside && let Some((k, v)) = line.trim().split_once(": r\"") {
            let k = k.trim_matches('"').to_string();
            let v = v.trim_end_matches(',').trim_end_matches('"').to_string();
            out.insert(k, v);
        }
    }
    out
}

/// Causes the pastes corpus names that the devset's table does not.
const EXTRA: &[(&str, &str)] = &[("invalid_access_key", r"access.?key|credential")];

/// The pattern a top finding's "id title" must match for `cause`.
pub fn pattern_for(table: &BTreeMap<String, String>, cause: &str) -> fancy_regex::Regex {
    let pattern = table
        .get(cause)
        .cloned()
        .or_else(|| {
            EXTRA
                .iter()
                .find(|(c, _)| *c == cause)
                .map(|(_, p)| p.to_string())
        })
        .unwrap_or_else(|| fancy_regex::escape(&cause.replace('_', "-")).into_owned());
    fancy_regex::Regex::new(&format!("(?i){pattern}")).unwrap()
}

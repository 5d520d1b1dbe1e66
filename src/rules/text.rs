//! Small text comparisons several rules share.

use crate::sigv4::percent_decode;

/// Trims and collapses every run of whitespace (spaces, tabs, newlines)
/// to one space: two values equal under this differ only in whitespace.
pub fn squash_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `name=value` pairs of a query string, decoded (`+` as space), in order.
/// A parameter without `=` is reported with `None` as its value.
pub fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let dec = |s: &str| String::from_utf8_lossy(&percent_decode(s, true)).into_owned();
            match p.split_once('=') {
                Some((k, v)) => (dec(k), Some(dec(v))),
                None => (dec(p), None),
            }
        })
        .collect()
}

/// The path with `.`/`..` segments resolved, repeated slashes merged and
/// a trailing slash dropped: what a normalizing proxy or library makes of it.
pub fn normalize_path(path: &str) -> String {
    crate::sigv4::normalize_path(path, crate::sigv4::TrailingSlash::Drop)
}

/// The decoded bytes of a path or query as UTF-8 (lossy).
pub fn decoded(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode(s, false)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(squash_whitespace(" a \t b  "), "a b");
        assert_eq!(normalize_path("/b//x/./y/../z/"), "/b/x/z");
        assert_eq!(
            query_pairs("acl&a=b+c"),
            [("acl".into(), None), ("a".into(), Some("b c".into()))]
        );
    }
}

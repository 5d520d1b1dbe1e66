//! Values people blank out before pasting: `***`, `XXXX`, `<redacted>`,
//! `(masked)`, `…`, `hash?`. A redacted value is unknown: never a
//! difference, never evidence.

const MARKERS: &[&str] = &[
    "***",
    "xxxx",
    "<redacted>",
    "[redacted]",
    "(masked)",
    "<masked>",
    "…",
    "...",
    "hash?",
    "<secret>",
    "<access_key>",
    "<your",
];

/// True when `value` carries a redaction marker.
pub fn is_redacted(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert!(is_redacted("LTAI****************"));
        assert!(is_redacted("AKIA(masked)"));
        assert!(is_redacted("Signature=ab2…"));
        assert!(!is_redacted("AKIAIOSFODNN7EXAMPLE"));
        assert!(!is_redacted("a%2Ab.txt"));
    }
}

//! Terminal colour codes in pasted logs. Coloured output saved from a
//! terminal, `docker logs` or a CI log keeps its escape sequences (the Rust
//! `tracing` fmt layer and Garage colour even when writing to a file).
//!
//! Hand-written rather than the strip-ansi-escapes crate: that one also
//! drops control characters such as CR, and HTTP dumps inside these logs
//! need their CRLF line ends.

use std::borrow::Cow;

/// The text without ANSI escape sequences (`ESC [ parameters final-byte`,
/// final byte `@`..=`~`); any other ESC is dropped alone.
pub(crate) fn strip_ansi(text: &str) -> Cow<'_, str> {
    if !text.contains('\u{1b}') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, then one final byte.
            for f in chars.by_ref() {
                if ('@'..='~').contains(&f) {
                    break;
                }
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colour_keeps_crlf() {
        assert_eq!(
            strip_ansi("\u{1b}[2m2026\u{1b}[0m \u{1b}[35mTRACE\u{1b}[0m a\r\n"),
            "2026 TRACE a\r\n"
        );
        assert!(matches!(strip_ansi("plain"), Cow::Borrowed("plain")));
        // Cut off inside a sequence: nothing after it survives, no panic.
        assert_eq!(strip_ansi("x\u{1b}[3"), "x");
    }
}

//! Word wrapping for terminal and help text, so lines fit in 100 columns.
//!
//! Breaks only at spaces; a token longer than the line (a canonical URI, a
//! signature) is kept whole on its own line rather than cut, because a cut
//! token cannot be copied back out of the terminal.

/// The width human output is wrapped to.
pub const WIDTH: usize = 100;

/// Wraps `text` at spaces so each line fits `width` columns. The first line
/// starts with `first`, continuation lines with `rest` (usually spaces of
/// the same width). Prefixes may carry ANSI colour codes; they do not count
/// towards the width. Every line, the last included, ends with `\n`.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + first.len() + 8);
    out.push_str(first);
    // Text that fits is left alone, aligned runs of spaces included.
    if display_width(first) + display_width(text) <= width {
        out.push_str(text);
        out.push('\n');
        return out;
    }
    let mut col = display_width(first);
    let rest_width = display_width(rest);
    let mut line_empty = true;
    let mut pending_gap = "";
    // Each word with the run of spaces before it: kept within a line (it
    // may align columns), dropped where the line breaks.
    let mut rest_text = text.trim_start_matches(' ');
    while !rest_text.is_empty() {
        let word_end = rest_text.find(' ').unwrap_or(rest_text.len());
        let word = &rest_text[..word_end];
        let after = &rest_text[word_end..];
        let next = after.trim_start_matches(' ');
        let gap = &after[..after.len() - next.len()];
        rest_text = next;
        let w = display_width(word);
        if !line_empty && col + pending_gap.len() + w > width {
            out.push('\n');
            out.push_str(rest);
            col = rest_width;
            line_empty = true;
        }
        if !line_empty {
            out.push_str(pending_gap);
            col += pending_gap.len();
        }
        out.push_str(word);
        col += w;
        line_empty = false;
        pending_gap = gap;
    }
    out.push('\n');
    out
}

/// Columns `s` takes on a terminal: characters, not counting ANSI escape
/// sequences (`ESC [ … letter`).
pub fn display_width(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_with_indent() {
        let text = "one two three four five six";
        assert_eq!(
            wrap(text, "> ", "  ", 12),
            "> one two\n  three four\n  five six\n"
        );
    }

    #[test]
    fn text_that_fits_keeps_its_spacing() {
        assert_eq!(wrap("a   b", "- ", "  ", 20), "- a   b\n");
    }

    #[test]
    fn aligned_spacing_survives_within_a_line() {
        assert_eq!(wrap("a:  b c d", "", "  ", 6), "a:  b\n  c d\n");
    }

    #[test]
    fn keeps_long_tokens_whole() {
        let text = "see /a/very/long/canonical/uri/that/cannot/break here";
        assert_eq!(
            wrap(text, "", "  ", 10),
            "see\n  /a/very/long/canonical/uri/that/cannot/break\n  here\n"
        );
    }

    #[test]
    fn every_line_fits_when_words_fit() {
        let text = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
            .repeat(10);
        for line in wrap(&text, "fix: ", "     ", 40).lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
    }

    #[test]
    fn colour_codes_take_no_width() {
        assert_eq!(display_width("\u{1b}[1;31mfix:\u{1b}[0m"), 4);
        assert_eq!(
            wrap("aaaa bbbb", "\u{1b}[1mx\u{1b}[0m ", "  ", 7),
            "\u{1b}[1mx\u{1b}[0m aaaa\n  bbbb\n"
        );
    }
}

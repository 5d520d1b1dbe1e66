//! The one sanitiser for text that reaches a terminal, a CI log or a file
//! a person reads: every output of the tool passes [`clean`] (through
//! [`crate::output`]), whatever renderer produced it.
//!
//! What an input or a server can put in a string must not act on the
//! reader's terminal or CI runner:
//! - C0 and C1 control characters (ESC and so OSC 0/8/52 and CSI, bare CR,
//!   backspace, BEL, DEL, …) are shown as visible escapes `\u{1b}`; only
//!   LF and TAB stay, and the SGR colour sequences of `--color` when the
//!   output is coloured;
//! - bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F,
//!   U+061C) and invisible characters (zero-width, word joiner, BOM,
//!   soft hyphen, U+202F, tags, …) likewise;
//! - a line that would start with `::` (a GitHub Actions workflow command,
//!   after the leading blanks the runner skips) has its first `:` escaped,
//!   and `##[` (the older command form, found anywhere in a line) too.
//!
//! JSON output is valid JSON already; there the same characters are
//! written as JSON escapes (`\u202e`), which keeps the document and its
//! meaning.

/// How the text is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Plain or coloured text (human, JUnit XML, Markdown). `color`: SGR
    /// sequences (`ESC [ digits ; m`) are the tool's own and stay.
    Text { color: bool },
    /// `--format github` stdout: lines starting with `::` are the tool's
    /// own workflow commands (untrusted text in it is escaped by the
    /// workflow-command rules or fenced by `::stop-commands::`).
    Github,
    /// A JSON document.
    Json,
    /// One line (an error message on stderr): LF is escaped too.
    Line,
}

/// Characters that never reach an output raw.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi(c) || is_invisible(c)
}

/// Bidirectional formatting characters (Trojan Source, CVE-2021-42574).
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that render as nothing (or as blank) and hide or join text.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e007f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// Makes `text` safe for `form`.
pub fn clean(text: &str, form: Form) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            if form == Form::Line {
                out.push_str("\\u{a}");
            } else {
                out.push('\n');
            }
        }
        first = false;
        clean_line(line, form, &mut out);
    }
    out
}

fn clean_line(line: &str, form: Form, out: &mut String) {
    let start = out.len();
    let color = matches!(form, Form::Text { color: true });
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' && color {
            let n = sgr_len(rest);
            if n > 0 {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
                continue;
            }
        }
        if is_unsafe(c) {
            escape(c, form, out);
        } else if c == '#' && rest.starts_with("##[") {
            if form == Form::Json {
                out.push_str("#\\u0023");
            } else {
                out.push_str("#\\u{23}");
            }
            rest = &rest[2..];
            continue;
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    // The runner trims leading blanks, then looks for `::`.
    if matches!(form, Form::Text { .. } | Form::Line) {
        let written = &out[start..];
        let blanks = written.len() - written.trim_start().len();
        if written[blanks..].starts_with("::") {
            out.replace_range(start + blanks..start + blanks + 1, "\\u{3a}");
        }
    }
}

/// The length of an SGR sequence (`ESC [ 0-9;* m`) at the start of `s`,
/// or 0.
fn sgr_len(s: &str) -> usize {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != 0x1b || b[1] != b'[' {
        return 0;
    }
    let mut i = 2;
    while i < b.len() && i < 40 && (b[i].is_ascii_digit() || b[i] == b';') {
        i += 1;
    }
    if i < b.len() && b[i] == b'm' {
        i + 1
    } else {
        0
    }
}

fn escape(c: char, form: Form, out: &mut String) {
    use std::fmt::Write;
    if form == Form::Json {
        let mut buf = [0u16; 2];
        for unit in c.encode_utf16(&mut buf) {
            let _ = write!(out, "\\u{:04x}", unit);
        }
    } else {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
}

/// Makes invisible and confusable characters visible: tab `␉`, CR `␍`,
/// NBSP `·`, other controls `\u{…}`, combining marks `\u{301}`.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push('␉'),
            '\r' => out.push('␍'),
            '\u{a0}' => out.push('·'),
            c if c.is_control() || hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if is_combining(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Bidi controls, zero-width and other invisible characters.
fn hidden(c: char) -> bool {
    is_bidi(c) || is_invisible(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_invisibles() {
        let t = "a\u{1b}]52;c;eA==\u{7}b\rc\u{8}d\u{202e}e\u{2066}f\u{200b}g\u{202f}h\u{9b}i";
        let c = clean(t, Form::Text { color: false });
        assert_eq!(
            c,
            "a\\u{1b}]52;c;eA==\\u{7}b\\u{d}c\\u{8}d\\u{202e}e\\u{2066}f\\u{200b}g\\u{202f}h\\u{9b}i"
        );
        assert!(!c.chars().any(is_unsafe));
    }

    #[test]
    fn keeps_own_colours_only_when_coloured() {
        let t = "\u{1b}[1;31mred\u{1b}[0m \u{1b}[2J";
        assert_eq!(
            clean(t, Form::Text { color: true }),
            "\u{1b}[1;31mred\u{1b}[0m \\u{1b}[2J"
        );
        assert!(!clean(t, Form::Text { color: false }).contains('\u{1b}'));
    }

    #[test]
    fn breaks_workflow_commands() {
        let t = "  ::add-mask::x\n::error title=t::m\nok ##[add-mask]y";
        let c = clean(t, Form::Text { color: false });
        assert_eq!(
            c,
            "  \\u{3a}:add-mask::x\n\\u{3a}:error title=t::m\nok #\\u{23}[add-mask]y"
        );
        assert_eq!(
            clean("a\nb\r::x", Form::Line),
            "a\\u{a}b\\u{d}::x",
            "one line, never a line start"
        );
        assert_eq!(clean("::notice::ok", Form::Github), "::notice::ok");
    }

    #[test]
    fn json_escapes_stay_json() {
        let t = "{\"a\": \"x\u{202e}y\u{e0041}\u{85}\"}";
        let c = clean(t, Form::Json);
        let v: serde_json::Value = serde_json::from_str(&c).unwrap();
        assert_eq!(v["a"], "x\u{202e}y\u{e0041}\u{85}");
        assert!(!c.chars().any(is_unsafe));
    }
}

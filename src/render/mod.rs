//! Output: human (coloured on a terminal), JSON, GitHub Actions, JUnit.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod wrap;

/// Whether to colour output; decided once from `--color`, the terminal
/// and `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styling {
    pub color: bool,
}

impl Styling {
    pub fn decide(choice: crate::cli::ColorChoice, is_terminal: bool) -> Styling {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Styling::decide_with(choice, is_terminal, no_color)
    }

    /// `--color always|never` wins (a per-invocation choice overrides the
    /// user-wide `NO_COLOR`, as no-color.org asks); `auto` colours only a
    /// terminal, and only without `NO_COLOR`.
    pub fn decide_with(
        choice: crate::cli::ColorChoice,
        is_terminal: bool,
        no_color: bool,
    ) -> Styling {
        let color = match choice {
            crate::cli::ColorChoice::Always => true,
            crate::cli::ColorChoice::Never => false,
            crate::cli::ColorChoice::Auto => is_terminal && !no_color,
        };
        Styling { color }
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
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c if is_combining(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The sanitiser's classes (bidi controls, zero-width and other
/// invisible characters): one definition for the whole tool.
fn is_invisible(c: char) -> bool {
    crate::sanitize::is_bidi(c) || crate::sanitize::is_invisible(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::Styling;
    use crate::cli::ColorChoice;

    #[test]
    fn colour_only_on_a_terminal_without_no_color_unless_forced() {
        let c = |choice, tty, no_color| Styling::decide_with(choice, tty, no_color).color;
        assert!(c(ColorChoice::Auto, true, false));
        assert!(!c(ColorChoice::Auto, false, false));
        assert!(!c(ColorChoice::Auto, true, true));
        assert!(c(ColorChoice::Always, false, true));
        assert!(!c(ColorChoice::Never, true, false));
    }

    #[test]
    fn shows_invisibles() {
        assert_eq!(super::visible("a\tb\r\u{a0}e\u{301}"), "a␉b␍·e\\u{301}");
        assert_eq!(
            super::visible("\u{2066}x\u{2069}\u{202f}\u{ad}"),
            "\\u{2066}x\\u{2069}\\u{202f}\\u{ad}"
        );
    }
}

//! Output: human (coloured on a terminal), JSON, GitHub Actions, JUnit.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod wrap;

/// Whether to colour output; decided once from `--color`, the terminal
/// and `NO_COLOR`.
/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styling {
    pub color: bool,
}

impl Styling {
    pub fn decide(choice: ColorChoice, is_terminal: bool) -> Styling {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Styling::decide_with(choice, is_terminal, no_color)
    }

    /// `--color always|never` wins (a per-invocation choice overrides the
    /// user-wide `NO_COLOR`, as no-color.org asks); `auto` colours only a
    /// terminal, and only without `NO_COLOR`.
    pub fn decide_with(choice: ColorChoice, is_terminal: bool, no_color: bool) -> Styling {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        Styling { color }
    }
}

/// The sanitiser's display of invisible characters, for every renderer.
pub use crate::sanitize::visible;

#[cfg(test)]
mod tests {
    use super::ColorChoice;
    use super::Styling;

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

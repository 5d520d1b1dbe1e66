//! The one error a run ends with: a line the user can act on, and the exit
//! code. Every stage's own error becomes one at the command boundary.

use crate::input::InputError;

/// A failure the user can act on. `code` is the exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub code: i32,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// Ends the run with `code` and no message (a closed output pipe).
    pub fn quiet(code: i32) -> Self {
        CliError {
            code,
            message: String::new(),
        }
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        CliError {
            code: 2,
            message: e.to_string(),
        }
    }
}

//! One module per subcommand. Each returns the process exit code or a
//! [`CliError`], which `main` prints as one line.

pub mod explain;
pub mod generate;
pub mod inputs;
pub mod probe;
pub mod replay;
pub mod rules;
pub mod sign;

use crate::cli::{Cli, Command};
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

pub fn run(cli: Cli) -> Result<i32, CliError> {
    match cli.command {
        Command::Explain(args) => explain::run(&args, cli.color),
        Command::Sign(args) => sign::run(&args),
        Command::Rules(args) => rules::list(&args),
        Command::Rule(args) => rules::show(&args),
        Command::Replay(args) => replay::run(&args, cli.color),
        Command::Probe(args) => probe::run(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    }
}

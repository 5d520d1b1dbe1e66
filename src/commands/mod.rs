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

pub use crate::error::CliError;

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

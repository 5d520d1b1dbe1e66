//! `s3sigdiag completions SHELL` and the hidden `s3sigdiag man`.

use crate::cli::CompletionsArgs;
use crate::generate;

use super::CliError;

pub fn completions(args: &CompletionsArgs) -> Result<i32, CliError> {
    print(&generate::completions(args.shell))
}

pub fn man() -> Result<i32, CliError> {
    print(&generate::man_page())
}

fn print(bytes: &[u8]) -> Result<i32, CliError> {
    // The tool's own text (no input in it): written as generated.
    crate::output::stdout_bytes(bytes)?;
    Ok(0)
}

//! `s3sigdiag completions SHELL` and the hidden `s3sigdiag man`.

use std::io::Write;

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
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(bytes);
    Ok(0)
}

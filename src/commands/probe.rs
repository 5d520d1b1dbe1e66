//! `s3sigdiag probe`: how a server canonicalizes odd keys, as a table.

use std::io::IsTerminal;

use crate::cli::{OutputFormat, ProbeArgs};
use crate::net::probe::{Matrix, run_matrix};
use crate::sanitize::Form;

use super::CliError;

pub fn run(args: &ProbeArgs) -> Result<i32, CliError> {
    let session = super::replay::open_session(&args.server)?;
    let progress = std::io::stderr().is_terminal();
    let matrix: Matrix = run_matrix(&session, &args.server.bucket, !args.header_only, progress)?;
    let (text, form) = match args.server.format {
        OutputFormat::Json => (
            serde_json::to_string_pretty(&matrix).unwrap_or_default() + "\n",
            Form::Json,
        ),
        OutputFormat::Human => (matrix.render(), Form::Text { color: false }),
    };
    crate::output::stdout(&text, form)?;
    Ok(0)
}

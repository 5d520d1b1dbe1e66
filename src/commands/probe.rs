//! `s3sigdiag probe`: how a server canonicalizes odd keys, as a table.

use std::io::{IsTerminal, Write};

use crate::cli::{OutputFormat, ProbeArgs};
use crate::net::probe::{Matrix, run_matrix};

use super::CliError;
use super::replay::Session;

pub fn run(args: &ProbeArgs) -> Result<i32, CliError> {
    let session = Session::open(&args.server)?;
    let progress = std::io::stderr().is_terminal();
    let matrix: Matrix = run_matrix(&session, &args.server.bucket, !args.header_only, progress)?;
    let text = match args.server.format {
        OutputFormat::Json => serde_json::to_string_pretty(&matrix).unwrap_or_default() + "\n",
        OutputFormat::Human => matrix.render(),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(0)
}

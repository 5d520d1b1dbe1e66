//! The choke point every output passes: stdout of every subcommand and
//! format, the GitHub step summary, and the error line on stderr. Each
//! text is redacted ([`crate::redact`]) and sanitised
//! ([`crate::sanitize`]) here, then written.
//!
//! A closed pipe (`| head`) ends the run quietly with exit 0, as ripgrep
//! does; any other write error is one line on stderr and exit 2.

use std::io::Write;

use crate::error::CliError;
use crate::sanitize::Form;

/// The text as it may be shown: secrets redacted, then sanitised for `form`.
pub fn clean(text: &str, form: Form) -> String {
    crate::sanitize::clean(&crate::redact::redact(text), form)
}

/// Writes `text` to stdout, cleaned for `form`.
pub fn stdout(text: &str, form: Form) -> Result<(), CliError> {
    write_to(&mut std::io::stdout().lock(), &clean(text, form))
}

/// Writes already-cleaned bytes (e.g. a compressed or binary artefact that
/// carries no input) to stdout.
pub fn stdout_bytes(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(write_error)
}

fn write_to(w: &mut impl Write, text: &str) -> Result<(), CliError> {
    w.write_all(text.as_bytes())
        .and_then(|()| w.flush())
        .map_err(write_error)
}

/// The error for a failed write: quiet for a closed pipe.
pub fn write_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::quiet(0)
    } else {
        CliError {
            code: 2,
            message: format!("cannot write the output: {e}"),
        }
    }
}

/// One line on stderr, `s3sigdiag: message`, redacted and on one line
/// whatever the message holds.
pub fn error_line(message: &str) {
    let line = clean(&format!("s3sigdiag: {message}"), Form::Line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Several lines on stderr (clap's usage errors), redacted and sanitised.
pub fn error_text(text: &str) {
    let text = clean(text, Form::Text { color: false });
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

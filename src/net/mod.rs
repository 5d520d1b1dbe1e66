//! Real HTTP against an S3 server: `replay` (one request, explained) and
//! `probe` (a bounded matrix of key shapes × encodings).
//!
//! The request is built and signed here with our own engine, so we know
//! exactly what was signed; the transport then sends exactly those bytes
//! (see [`transport`] for how the request target is kept byte-exact).

pub mod emulate;
pub mod endpoint;
pub mod interrupt;
pub mod outcome;
pub mod probe;
pub mod replay;
pub mod request;
pub mod transport;

/// A network or server failure: one line, exit code 3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NetError(pub String);

impl From<NetError> for crate::commands::CliError {
    fn from(e: NetError) -> Self {
        crate::commands::CliError {
            code: 3,
            message: e.0,
        }
    }
}

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
pub mod session;
pub mod transport;

/// A network or server failure: one line, exit code 3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NetError(pub String);

impl From<NetError> for crate::error::CliError {
    fn from(e: NetError) -> Self {
        crate::error::CliError {
            code: 3,
            message: e.0,
        }
    }
}

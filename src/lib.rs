//! s3sigdiag: explains why S3 rejected a request with `SignatureDoesNotMatch`.
//!
//! Data flow: input bytes → [`input`] (detect + parse) → [`exchange::Exchange`]
//! → [`analysis`] (diff client vs server canonical request) → [`rules`]
//! → [`report::Report`] → [`render`].

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod credentials;
pub mod exchange;
pub mod forensics;
pub mod generate;
pub mod input;
pub mod net;
pub mod output;
pub mod presigned;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod secret;
pub mod sigv4;
pub mod timefmt;

//! s3sigdiag: explains why S3 rejected a request with `SignatureDoesNotMatch`.
//!
//! Data flow, lowest stage first (a module imports only from stages below
//! its own): [`sigv4`] (pure engine) ← [`model`] (typed facts: the
//! exchange, what the server says, the dialect, the presigned form) ←
//! [`input`] (format readers and the artifact scanner) ← [`analysis`]
//! (server vs client canonical request) and [`forensics`] (the secret
//! proves what was signed) ← [`rules`] ← [`diagnose`] (the pipeline and
//! the weighing) → [`report::Report`] ← [`render`] ← [`commands`] / [`net`].

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod credentials;
pub mod diagnose;
pub mod error;
pub mod forensics;
pub mod generate;
pub mod input;
pub mod model;
pub mod net;
pub mod output;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod secret;
pub mod sigv4;
pub mod timefmt;

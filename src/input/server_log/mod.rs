//! Server-side traces of a request: what the S3 server itself logged about
//! the signature it checked. These are the server's side of the diff (its
//! canonical request / string to sign, when it logs them), plus the request
//! as the server received it.
//!
//! One submodule per server, each with `looks_like` and `parse`:
//! * [`minio`]: `mc admin trace -v` output.
//! * [`garage`]: Garage's debug/trace log lines.
//! * [`rgw`]: Ceph RADOS Gateway debug log lines (`debug_rgw` ≥ 10).

mod garage;
mod minio;
mod rgw;

use crate::model::dialect::{Detected, Dialect as Software};
use crate::model::exchange::{Exchange, Source};

use super::InputError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Minio,
    Garage,
    Rgw,
}

fn dialect(text: &str) -> Option<Dialect> {
    if minio::looks_like(text) {
        Some(Dialect::Minio)
    } else if garage::looks_like(text) {
        Some(Dialect::Garage)
    } else if rgw::looks_like(text) {
        Some(Dialect::Rgw)
    } else {
        None
    }
}

pub(crate) fn looks_like(text: &str) -> bool {
    dialect(text).is_some()
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let Some(d) = dialect(text) else {
        return Err(InputError::new(
            &source.name,
            "expected a server trace (MinIO `mc admin trace -v`, a Garage debug log, a Ceph RGW debug log)",
        ));
    };
    let (mut ex, software, what) = match d {
        Dialect::Minio => (
            minio::parse(text, source)?,
            Software::Minio,
            "a MinIO trace",
        ),
        Dialect::Garage => (
            garage::parse(text, source)?,
            Software::Garage,
            "a Garage log",
        ),
        Dialect::Rgw => (
            rgw::parse(text, source)?,
            Software::CephRgw,
            "a Ceph RGW log",
        ),
    };
    // The server's own log names the server outright; response headers
    // and error-body shapes are only clues (and a log that supplies the
    // canonical request must not pass for AWS's error body).
    ex.server_software = Some(Detected {
        dialect: software,
        evidence: format!("{}: {what}", source.name),
    });
    Ok(ex)
}

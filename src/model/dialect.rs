//! The S3 implementations the tool knows, and what each does differently
//! from AWS. Which one answered a given request is read from the exchange
//! by [`super::identify`].

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    Aws,
    Minio,
    Garage,
    CephRgw,
    CloudflareR2,
    S3s,
    Moto,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Aws => "AWS S3",
            Dialect::Minio => "MinIO",
            Dialect::Garage => "Garage",
            Dialect::CephRgw => "Ceph RGW",
            Dialect::CloudflareR2 => "Cloudflare R2",
            Dialect::S3s => "s3s",
            Dialect::Moto => "moto",
        }
    }

    /// The only region(s) the server accepts in a scope, when it is fixed
    /// by the product rather than configured per bucket.
    pub fn default_regions(self) -> &'static [&'static str] {
        match self {
            Dialect::Garage => &["garage"],
            Dialect::CloudflareR2 => &["auto", "us-east-1"],
            _ => &[],
        }
    }
}

impl Dialect {
    /// Characters this server is known to canonicalize differently from AWS
    /// when they reach it percent-encoded, as correct S3 signers send them
    /// (seen in this project's live captures: moto rejects boto3's correct
    /// `+`, `=` and non-ASCII keys). Empty where nothing is known.
    pub fn canonicalizes_differently(self, c: char) -> bool {
        match self {
            Dialect::Moto => matches!(c, '+' | '=') || !c.is_ascii(),
            _ => false,
        }
    }
}

/// The detected server and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detected {
    pub dialect: Dialect,
    pub evidence: String,
}

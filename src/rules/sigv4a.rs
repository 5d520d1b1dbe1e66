//! `sigv4a`: the request is signed with SigV4a (`AWS4-ECDSA-P256-SHA256`).

use crate::report::Confidence;
use crate::sigv4::AuthScheme;

use super::{Category, Context, Finding, Rule, RuleMeta};
use crate::model::dialect::Dialect;

pub struct Sigv4a;

static META: RuleMeta = RuleMeta {
    id: "sigv4a",
    title: "SigV4a (AWS4-ECDSA-P256-SHA256) where SigV4 is expected",
    category: Category::Scope,
    needs: "the request (Authorization header or presigned URL)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4a signs with an ECDSA P-256 key derived from the secret, for
Multi-Region Access Points (`*.mrap.accesspoint.s3-global.amazonaws.com`)
where one signature must be valid in several regions. Its scope has no
region (`AKID/20240101/s3/aws4_request`, with `X-Amz-Region-Set`). Regular
S3 endpoints accept it, but S3-compatible servers (MinIO, Garage, Ceph,
R2, s3s) and proxies that verify signatures know only
`AWS4-HMAC-SHA256`; a client that picked SigV4a (the AWS CRT signer, an
MRAP ARN as bucket, `AWS_SIGV4A_SIGNING_REGION_SET`) then fails there.
Comparing an HMAC canonical request with a SigV4a one is meaningless.

## How to recognise it
`Authorization: AWS4-ECDSA-P256-SHA256 Credential=…` or
`X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256`, often with
`X-Amz-Region-Set`.

## Example
```text
Authorization: AWS4-ECDSA-P256-SHA256 Credential=AKIA…/20240101/s3/aws4_request, SignedHeaders=…
```

## Fix
* Against a non-AWS server or a regional bucket, use SigV4: do not pass
  an MRAP ARN; unset `AWS_SIGV4A_SIGNING_REGION_SET`.
* boto3: `Config(signature_version='s3v4')`; SigV4a needs `awscrt` and
  is chosen only for MRAP.
* AWS SDKs for JS/Java/Go/Rust: SigV4a is chosen from the endpoint rules
  for MRAP; pass a bucket name and region instead.
* AWS CLI: as boto3.
* curl `--aws-sigv4` signs only SigV4.
* S3-compatible servers: none supports SigV4a.

## References
* AWS: "Multi-Region Access Points: request signing (SigV4A)".
"#;

impl Rule for Sigv4a {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx
            .claim
            .as_ref()
            .filter(|c| c.scheme == AuthScheme::SigV4a)?;
        let non_aws = cx.dialect.as_ref().filter(|d| d.dialect != Dialect::Aws);
        let failed = cx.error().is_some();
        let mut evidence = vec![
            format!("algorithm: {}", claim.algorithm),
            format!("credential: {}", claim.credential_raw),
        ];
        if let Some(d) = non_aws {
            evidence.push(format!("server: {} ({})", d.dialect.name(), d.evidence));
        }
        if failed {
            evidence.push(format!(
                "server: {} {}",
                cx.error_code().unwrap_or(""),
                cx.error_message()
            ));
        }
        Some(META.finding(
            if failed { Confidence::Likely } else { Confidence::Possible },
            if non_aws.is_some() { 95 } else if failed { 85 } else { 30 },
            "The request is signed with SigV4a (AWS4-ECDSA-P256-SHA256); only AWS endpoints verify it, and its canonical request cannot be compared with an HMAC one.".into(),
            evidence,
            "Sign with SigV4 (AWS4-HMAC-SHA256): boto3 Config(signature_version='s3v4'); do not address the bucket through a Multi-Region Access Point ARN on a non-AWS server.",
        ))
    }
}

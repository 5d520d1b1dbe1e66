//! `sigv2-on-sigv4-endpoint`: the request is signed with Signature
//! Version 2 (`AWS AKID:sig`, `AWSAccessKeyId=…&Signature=…`).

use crate::report::Confidence;
use crate::sigv4::{AuthScheme, Location};

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct Sigv2OnSigv4Endpoint;

static META: RuleMeta = RuleMeta {
    id: "sigv2-on-sigv4-endpoint",
    title: "Signature Version 2 sent where SigV4 is required",
    category: Category::Scope,
    needs: "the request (Authorization header or presigned URL)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Signature Version 2 (`Authorization: AWS AKID:base64sig`, or presigned
`?AWSAccessKeyId=…&Expires=…&Signature=…`) is accepted only in the
oldest AWS regions and for old buckets; every region opened since 2014
and all new buckets require SigV4. Clients still fall back to SigV2:
boto3 presigns with SigV2 for a custom endpoint unless told
`signature_version='s3v4'`, the AWS SDK for JS v2 without
`signatureVersion: 'v4'`, old s3cmd configs. AWS answers `InvalidRequest`
"The authorization mechanism you have provided is not supported. Please
use AWS4-HMAC-SHA256" or `SignatureDoesNotMatch`; some S3-compatible
servers have SigV2 turned off.

## How to recognise it
`Authorization: AWS …:…` or `AWSAccessKeyId`/`Signature`/`Expires` query
parameters instead of `X-Amz-Algorithm=AWS4-HMAC-SHA256`.

## Example
```text
GET /examplebucket/photo.jpg?AWSAccessKeyId=AKIA…&Signature=…&Expires=1700000000
```

## Fix
* boto3: `boto3.client('s3', config=Config(signature_version='s3v4'),
  region_name=…)`.
* AWS SDK for JS v2: `new AWS.S3({ signatureVersion: 'v4' })`; v3, Java v2,
  Go v2 and Rust sign only SigV4.
* AWS CLI: `aws configure set default.s3.signature_version s3v4`.
* curl: use `--aws-sigv4`, not a hand-made `AWS` header.
* S3-compatible servers: MinIO and Ceph accept SigV2; Garage and R2 do not.

## References
* AWS S3: "Authenticating requests (AWS Signature Version 4)"; SigV2
  deprecation notice.
"#;

impl Rule for Sigv2OnSigv4Endpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx
            .claim
            .as_ref()
            .filter(|c| c.scheme == AuthScheme::SigV2)?;
        let message = cx.error_message();
        let server_says =
            message.contains("AWS4-HMAC-SHA256") || message.contains("authorization mechanism");
        let failed = cx.error().is_some();
        let form = match claim.location {
            Location::Header => "an `Authorization: AWS …` header",
            Location::Query => "a presigned URL with AWSAccessKeyId/Signature/Expires",
        };
        let mut evidence = vec![format!("signature version 2: {form}")];
        if failed {
            evidence.push(format!(
                "server: {} {message}",
                cx.error_code().unwrap_or("")
            ));
        }
        // Only the server's words make this the cause: a SigV2 request
        // refused with SignatureDoesNotMatch was verified as SigV2 (the
        // server accepts the scheme; the difference is in what was signed).
        let confidence = if server_says {
            Confidence::Confirmed
        } else {
            Confidence::Possible
        };
        Some(META.finding(
            confidence,
            if server_says { 97 } else if failed { 45 } else { 35 },
            if server_says {
                format!("The request is signed with Signature Version 2 ({form}) and the server requires SigV4.")
            } else {
                format!("The request is signed with Signature Version 2 ({form}): SigV4-only endpoints refuse it, and a SigV2 refusal is diagnosed on SigV2's terms (string to sign: method, Content-MD5, Content-Type, Expires/Date, x-amz-* headers, resource).")
            },
            evidence,
            "Sign with SigV4: boto3 Config(signature_version='s3v4') with region_name; JS v2 signatureVersion: 'v4'; AWS CLI s3.signature_version = s3v4.",
        ))
    }
}

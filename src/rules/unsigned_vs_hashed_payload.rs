//! `unsigned-vs-hashed-payload`: one side used `UNSIGNED-PAYLOAD` (or a
//! streaming marker), the other a body hash, as the canonical payload line.

use crate::analysis::Field;
use crate::report::Confidence;
use crate::sigv4::is_special_payload_hash;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct UnsignedVsHashedPayload;

static META: RuleMeta = RuleMeta {
    id: "unsigned-vs-hashed-payload",
    title: "UNSIGNED-PAYLOAD on one side, a body hash on the other",
    category: Category::Payload,
    needs: "two canonical requests (the payload-hash line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The last line of the canonical request is the payload hash. For S3 the
server takes it from the `x-amz-content-sha256` header (or
`UNSIGNED-PAYLOAD` for a presigned URL). A client whose signer hashes the
body itself (a generic SigV4 signer, `SigV4Auth` instead of
`S3SigV4Auth`, `aws-sigv4` without `SignableBody::UnsignedPayload`) while
sending `x-amz-content-sha256: UNSIGNED-PAYLOAD` — or the reverse — signs
another last line than the server uses.

## How to recognise it
The payload-hash line differs and one value is `UNSIGNED-PAYLOAD` or
`STREAMING-…` while the other is a 64-hex-digit hash.

## Example
```text
server: UNSIGNED-PAYLOAD
client: 5f2b6e…c4a1   (sha256 of the body)
```

## Fix
* Sign the payload line you send: the canonical request's last line must
  equal the `x-amz-content-sha256` header.
* boto3/botocore: use the S3 client, or `S3SigV4Auth` (not `SigV4Auth`)
  for hand-signed S3 requests.
* AWS SDKs for JS/Java/Go/Rust: `@smithy/signature-v4` reads the header
  when present; Rust `aws-sigv4`: `SignableBody::UnsignedPayload` /
  `SignableBody::Precomputed(hash)` to match the header; Go `v4.Signer`
  takes the payload hash as an argument — pass the header's value.
* AWS CLI: not affected.
* curl `--aws-sigv4` signs `x-amz-content-sha256` as given: pass the
  hash or `UNSIGNED-PAYLOAD` consistently.
* S3-compatible servers: same rule; moto and s3s read the header too.

## References
* AWS S3: "Signature calculations for the Authorization header:
  Transferring payload in a single chunk" (UNSIGNED-PAYLOAD).
"#;

impl Rule for UnsignedVsHashedPayload {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::PayloadHash)?;
        let hex = |v: &str| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit());
        if !((is_special_payload_hash(s) && hex(c)) || (hex(s) && is_special_payload_hash(c))) {
            return None;
        }
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            92,
            format!("The client signed the payload as `{c}` but the server used `{s}`."),
            vec![
                format!("payload hash server: {s}   ({so})"),
                format!("payload hash client: {c}   ({co})"),
            ],
            "Make the canonical request's last line equal the x-amz-content-sha256 header: for hand-signed S3 requests use botocore's S3SigV4Auth (not SigV4Auth), or aws-sigv4's SignableBody matching the header.",
        ))
    }
}

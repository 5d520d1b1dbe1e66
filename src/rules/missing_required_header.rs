//! `missing-required-header`: the server requires a header the request
//! does not carry at all (S3's `x-amz-content-sha256`).

use crate::model::server_says::{ServerSays, Stated};
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct MissingRequiredHeader;

static META: RuleMeta = RuleMeta {
    id: "missing-required-header",
    title: "A header the server requires is missing (x-amz-content-sha256)",
    category: Category::Headers,
    needs: "the server's error (\"missing header\", \"missing required header\"), or the request as sent without x-amz-content-sha256",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
S3 requires `x-amz-content-sha256` on every request signed in the
Authorization header: the hash of the body, or `UNSIGNED-PAYLOAD`. A
request without it is refused before any signature is compared: AWS
answers `InvalidRequest` / "Missing required header for this request:
x-amz-content-sha256", s3s answers `InvalidRequest` "missing header:
x-amz-content-sha256", other servers a bare 400. Generic SigV4 signers
(curl 7.x `--aws-sigv4`, hand-made signers copied from the API Gateway
examples) do not add it, because other AWS services do not need it.

## How to recognise it
* the server says "missing header" or "Missing required header" and names
  `x-amz-content-sha256`;
* the request as sent has an `Authorization: AWS4-HMAC-SHA256` header and
  no `x-amz-content-sha256`.

## Example
```text
<Code>InvalidRequest</Code><Message>missing header: x-amz-content-sha256</Message>
> PUT /bucket/key HTTP/1.1
> Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=host;x-amz-date, …
```

## Fix
* curl: add `-H "x-amz-content-sha256: UNSIGNED-PAYLOAD"` (or the body's
  SHA-256 in hex); curl 8.x adds it for the `s3` service by itself.
* hand-made signers: send `x-amz-content-sha256` and sign it (put it in
  SignedHeaders); its value is the last line of the canonical request.
* boto3, the AWS CLI and the AWS SDKs add it for S3 themselves; if it is
  missing there, a proxy removed it (see `signed-header-missing`).

## References
* Amazon S3 API: "Common Request Headers" — x-amz-content-sha256 is
  required for Signature Version 4.
"#;

impl Rule for MissingRequiredHeader {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let says = cx.says.as_ref();
        let stated = cx.stated(|st| match st {
            Stated::MissingHeader { header } => Some(header.clone()),
            _ => None,
        });
        if let Some(header) = stated {
            let signed = cx.signed_headers().iter().any(|h| h == &header);
            if signed {
                // Signed and then lost in transit: `signed-header-missing`.
                return None;
            }
            return Some(META.finding(
                Confidence::Confirmed,
                96,
                format!("The server requires `{header}` and the request does not carry it; it refused the request before comparing signatures."),
                vec![format!(
                    "the server says: {}",
                    says.map(ServerSays::quote).unwrap_or_default()
                )],
                fix_for(&header),
            ));
        }
        // Without the server's words: a header-signed S3 request without
        // the hash header, refused.
        let wire = cx.wire()?;
        let claim = cx.claim.as_ref()?;
        let refused = cx.refused();
        let s3 = claim
            .credential
            .as_ref()
            .is_some_and(|c| c.scope.service == "s3");
        if !refused
            || !s3
            || claim.location != crate::sigv4::Location::Header
            || wire.header("x-amz-content-sha256").is_some()
        {
            return None;
        }
        Some(META.finding(
            Confidence::Possible,
            60,
            "The request is signed in the Authorization header but carries no `x-amz-content-sha256`, which S3 requires.".into(),
            vec!["request as sent: no x-amz-content-sha256 header".into()],
            fix_for("x-amz-content-sha256"),
        ))
    }
}

fn fix_for(header: &str) -> String {
    if header == "x-amz-content-sha256" {
        "Send `x-amz-content-sha256` (the body's SHA-256 in hex, or UNSIGNED-PAYLOAD) and sign it; curl 7.x: add `-H \"x-amz-content-sha256: UNSIGNED-PAYLOAD\"`.".into()
    } else {
        format!("Send `{header}` with the request (and sign it).")
    }
}

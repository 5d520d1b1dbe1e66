//! `wrong-service`: the credential scope names another service than `s3`.

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct WrongService;

static META: RuleMeta = RuleMeta {
    id: "wrong-service",
    title: "Signed for another service than s3",
    category: Category::Scope,
    needs: "the credential (Authorization header, presigned URL or string to sign)",
    docs: DOCS,
};

/// Services whose endpoints speak the S3 API.
const S3_SERVICES: &[&str] = &["s3", "s3-object-lambda", "s3-outposts", "s3express"];

const DOCS: &str = r#"## What it means
The credential scope's third field is the service; the signing key is
derived from it. S3 requests are signed for `s3` (S3 Object Lambda access
points: `s3-object-lambda`; Outposts: `s3-outposts`). A generic signer
configured for `execute-api`, `es`, `sts`, or left at a default, signs
with another key: AWS answers `AuthorizationHeaderMalformed` ("incorrect
service … This endpoint belongs to "s3"") or `SignatureDoesNotMatch`.

## How to recognise it
The scope reads `…/us-east-1/execute-api/aws4_request` (or anything but
the S3 services).

## Example
```text
Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/execute-api/aws4_request
```

## Fix
* boto3/botocore: `SigV4Auth(creds, 's3', region)` / `S3SigV4Auth`; the S3
  client does it itself.
* AWS SDKs for JS/Java/Go/Rust: `new SignatureV4({ service: 's3', … })`,
  `signingName("s3")`, `signer.SignHTTP(…, "s3", region, …)`,
  `SigningParams::builder().name("s3")`.
* AWS CLI: use `aws s3`/`aws s3api`, not a generic signer.
* curl: `--aws-sigv4 "aws:amz:REGION:s3"` (the fourth field is the service).
* S3-compatible servers: the service is `s3` for MinIO, Garage, Ceph, R2.

## References
* AWS SigV4: "Credential scope".
"#;

impl Rule for WrongService {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let cred = cx.credential()?;
        let service = cred.scope.service.as_str();
        if S3_SERVICES.contains(&service) {
            return None;
        }
        let mut evidence = vec![format!("credential scope: {}", cred.scope)];
        if cx.error().is_some() {
            evidence.push(format!(
                "server: {} {}",
                cx.error_code().unwrap_or(""),
                cx.error_message()
            ));
        }
        Some(META.finding(
            Confidence::Likely,
            93,
            format!("The request was signed for service `{service}`; S3 verifies with `s3`, so the signing key differs."),
            evidence,
            "Sign for service `s3`: curl --aws-sigv4 \"aws:amz:REGION:s3\"; botocore SigV4Auth(creds, 's3', region); JS SignatureV4({ service: 's3' }).",
        ))
    }
}

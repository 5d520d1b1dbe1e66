//! `presigned-expires-too-long`: `X-Amz-Expires` over 604800 seconds.

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct PresignedExpiresTooLong;

/// Seven days: the longest lifetime SigV4 allows.
pub const MAX_EXPIRES: u64 = 604_800;

static META: RuleMeta = RuleMeta {
    id: "presigned-expires-too-long",
    title: "X-Amz-Expires longer than 7 days (604800 s)",
    category: Category::Time,
    needs: "the presigned URL (X-Amz-Expires)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4 presigned URLs live at most 7 days: `X-Amz-Expires` must be
between 1 and 604800. AWS refuses a longer one outright
(`AuthorizationQueryParametersError`, "X-Amz-Expires must be less than a
week (in seconds) that is 604800"); clients do not check it. URLs signed
with temporary credentials also end when the credentials do (see
`temporary-credentials-expired`).

## How to recognise it
`X-Amz-Expires=` greater than 604800 in the URL.

## Example
```text
X-Amz-Expires=2592000   (30 days)
```

## Fix
* Use at most 604800 seconds; for longer access, regenerate URLs on
  demand or use CloudFront signed URLs.
* boto3: `ExpiresIn=604800` at most.
* AWS SDKs for JS/Java/Go/Rust: `expiresIn: 604800`,
  `Duration.ofDays(7)`, `time.Hour*24*7`, `Duration::from_secs(604800)`
  (Rust and Java refuse longer values themselves).
* AWS CLI: `aws s3 presign --expires-in 604800`.
* S3-compatible servers: MinIO and Garage enforce the same limit; s3s
  also refuses it.

## References
* AWS S3: "Sharing objects with presigned URLs" — expiration limits.
"#;

impl Rule for PresignedExpiresTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx.claim.as_ref()?;
        if claim.scheme != crate::sigv4::AuthScheme::SigV4 {
            return None;
        }
        let expires: u64 = claim.expires.as_deref()?.trim().parse().ok()?;
        if expires <= MAX_EXPIRES {
            return None;
        }
        let mut evidence = vec![format!(
            "X-Amz-Expires={expires} ({} days; the limit is 7)",
            expires / 86_400
        )];
        if cx.error().is_some() {
            evidence.push(format!(
                "server: {} {}",
                cx.error_code().unwrap_or(""),
                cx.error_message()
            ));
        }
        Some(META.finding(
            Confidence::Likely,
            95,
            format!("The presigned URL asks for {expires} s; SigV4 allows at most 604800 (7 days)."),
            evidence,
            "Presign for at most 604800 seconds (boto3 ExpiresIn=604800) and regenerate URLs on demand for longer access.",
        ))
    }
}

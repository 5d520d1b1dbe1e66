//! `temporary-credentials-expired`: the session token behind the
//! signature expired (`ExpiredToken`).

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct TemporaryCredentialsExpired;

static META: RuleMeta = RuleMeta {
    id: "temporary-credentials-expired",
    title: "Temporary credentials expired (ExpiredToken)",
    category: Category::Time,
    needs: "an ExpiredToken error, or a presigned URL with a session token and a long X-Amz-Expires",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Temporary credentials (STS, SSO, instance and task roles) expire — after
1 to 12 hours, 36 for some roles. Requests signed with them fail after
that with `ExpiredToken` ("The provided token has expired"), and a
presigned URL made with them dies when the credentials do, however long
its `X-Amz-Expires`. A long-running process that cached the credentials,
or a 7-day URL made from a role, hits this.

## How to recognise it
* `<Code>ExpiredToken</Code>` or "The provided token has expired";
* a presigned URL with `X-Amz-Security-Token` and `X-Amz-Expires` longer
  than a role session lasts (more than 12 hours).

## Example
```text
X-Amz-Security-Token=IQoJb3JpZ2lu…&X-Amz-Expires=604800
<Code>ExpiredToken</Code>
```

## Fix
* Refresh credentials: use the SDK's refreshing providers instead of
  copying keys once.
* boto3: let the session refresh (`boto3.Session()` with a role profile
  or the instance metadata provider); for URLs longer than a session,
  presign with long-term IAM user keys.
* AWS SDKs for JS/Java/Go/Rust: default provider chains refresh; do not
  wrap them in a static provider.
* AWS CLI: `aws sso login` again, or `aws sts assume-role` with a longer
  `--duration-seconds`.
* S3-compatible servers: MinIO STS behaves the same.

## References
* AWS STS: "Requesting temporary security credentials"; S3 error
  `ExpiredToken`.
"#;

/// The longest a role session can last (with a raised maximum).
const LONGEST_SESSION_SECONDS: u64 = 12 * 3600;

impl Rule for TemporaryCredentialsExpired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let message = cx.error_message();
        if cx.error_code() == Some("ExpiredToken") || message.contains("token has expired") {
            return Some(META.finding(
                Confidence::Likely,
                97,
                "The temporary credentials (session token) used to sign the request have expired.".into(),
                vec![format!("server ({}): {message}", cx.error_code().unwrap_or("?"))],
                "Refresh the credentials (use the SDK's refreshing provider, `aws sso login`); presign long-lived URLs with long-term keys.",
            ));
        }
        let claim = cx.claim.as_ref()?;
        let expires: u64 = claim.expires.as_deref()?.trim().parse().ok()?;
        if !claim.session_token_present
            || expires <= LONGEST_SESSION_SECONDS
            || cx.error().is_none()
        {
            return None;
        }
        Some(META.finding(
            Confidence::Possible,
            60,
            format!("The URL was signed with temporary credentials but asks for {expires} s; it stops working when the credentials expire (at most 12 h for role sessions)."),
            vec!["X-Amz-Security-Token present".into(), format!("X-Amz-Expires={expires}")],
            "Presign long-lived URLs with long-term keys, or regenerate them when the credentials refresh.",
        ))
    }
}

//! `presigned-expired`: a presigned URL used after `X-Amz-Date + X-Amz-Expires`.

use crate::report::Confidence;
use crate::timefmt::{human_duration, parse_any};

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct PresignedExpired;

static META: RuleMeta = RuleMeta {
    id: "presigned-expired",
    title: "Presigned URL used after it expired",
    category: Category::Time,
    needs: "an AccessDenied \"Request has expired\" error, or the presigned URL with the server's Date",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
A presigned URL is valid from `X-Amz-Date` for `X-Amz-Expires` seconds.
After that S3 answers `AccessDenied` "Request has expired" (with
`<Expires>` and `<ServerTime>`); some S3-compatible servers answer
`SignatureDoesNotMatch` or a bare 403. A URL cached in a page, a queue, an
e-mail, or generated with a client clock that is behind, expires early.

## How to recognise it
* `AccessDenied` with "Request has expired" and `<Expires>`;
* `X-Amz-Date` + `X-Amz-Expires` is before the response's `Date`.

## Example
```text
X-Amz-Date=20240101T120000Z&X-Amz-Expires=60
server Date: Mon, 01 Jan 2024 12:05:00 GMT   (expired 4m ago)
```

## Fix
* Generate the URL just before it is used, with a lifetime that covers
  the use (retries, slow uploads), up to 7 days.
* boto3: `generate_presigned_url(..., ExpiresIn=3600)`.
* AWS SDKs for JS/Java/Go/Rust: `getSignedUrl(client, cmd, { expiresIn })`,
  `signatureDuration(Duration.ofHours(1))`, `PresignOptions.Expires`,
  `PresigningConfig::expires_in`.
* AWS CLI: `aws s3 presign --expires-in 3600`.
* curl: nothing to fix on the client; fetch a fresh URL.
* S3-compatible servers: same semantics; a server clock that is ahead
  expires URLs early (check NTP on both sides).

## References
* AWS re:Post: "When I try to access an S3 object, I get the error
  'Request has expired'".
"#;

impl Rule for PresignedExpired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let message = cx.error_message();
        let server_says = message.to_ascii_lowercase().contains("request has expired")
            || cx
                .error()
                .is_some_and(|e| e.expires.is_some() && e.code == "AccessDenied");
        let claim = cx.claim.as_ref();
        let start = claim
            .and_then(|c| c.amz_date.as_deref())
            .and_then(parse_any);
        let lifetime = claim
            .and_then(|c| c.expires.as_deref())
            .and_then(|e| e.trim().parse::<i64>().ok());
        // A time the user or the machine supplies judges a URL that was
        // refused; for one never sent, the presigned block says it instead.
        let refused = cx.refused();
        let now = cx
            .judge_time
            .filter(|(_, from)| refused || !matches!(*from, "--now" | "system clock"))
            .map(|(t, _)| t);
        let mut evidence = Vec::new();
        if server_says {
            evidence.push(format!(
                "server ({}): {message}",
                cx.error_code().unwrap_or("?")
            ));
        }
        let mut late_by = None;
        if let (Some(start), Some(lifetime), Some(now)) = (start, lifetime, now) {
            let end = start + time::Duration::seconds(lifetime);
            evidence.push(format!("valid from {start} for {lifetime}s (until {end})"));
            let from = cx.judge_time.map_or("server time", |(_, w)| w);
            evidence.push(format!("{from}: {now}"));
            if now > end {
                late_by = Some((now - end).whole_seconds());
            }
        }
        if !server_says && late_by.is_none() {
            return None;
        }
        if claim.is_some_and(|c| c.location != crate::sigv4::Location::Query) && !server_says {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            if server_says { 97 } else { 90 },
            match late_by {
                Some(s) => format!("The presigned URL expired {} before it was used.", human_duration(s)),
                None => "The server says the presigned URL has expired.".into(),
            },
            evidence,
            "Generate the URL just before use with a long enough lifetime (boto3 ExpiresIn=…, aws s3 presign --expires-in …), and keep the signer's clock in sync.",
        ))
    }
}

//! `bucket-name-with-slash`: `bucket/prefix` passed as the bucket name,
//! so the slash travels as `%2F` inside the bucket segment.

use crate::report::Confidence;

use super::text::decoded;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct BucketNameWithSlash;

static META: RuleMeta = RuleMeta {
    id: "bucket-name-with-slash",
    title: "bucket/prefix passed as the bucket name (%2F in the bucket)",
    category: Category::KeyPath,
    needs: "the request as received (path-style)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
A bucket name cannot contain `/`. Code that passes `my-bucket/reports` as
the bucket (meaning bucket `my-bucket`, prefix `reports/`) makes a
path-style client encode the slash: `/my-bucket%2Freports/key`. The
server then looks for a bucket `my-bucket/reports`, or decodes `%2F` and
canonicalizes another path than the client signed; the answer is
`SignatureDoesNotMatch`, `InvalidBucketName`, `NoSuchBucket` or
`AccessDenied` depending on the server.

## How to recognise it
The first path segment holds `%2F`.

## Example
```text
PUT /examplebucket%2Freports/a.txt
```

## Fix
* Split it: bucket `examplebucket`, key `reports/a.txt`.
* boto3/botocore: `Bucket='examplebucket', Key='reports/a.txt'`
  (botocore rejects `/` in `Bucket` for AWS, not for every endpoint
  configuration).
* AWS SDKs for JS/Java/Go/Rust: same: `Bucket` and `Key` separately.
* AWS CLI: `s3://examplebucket/reports/a.txt`; with `s3api`, `--bucket
  examplebucket --key reports/a.txt`.
* curl: put the slash in the path, not encoded in the bucket.
* S3-compatible servers: all refuse such buckets; some answer with a
  signature error.

## References
* AWS S3: "Bucket naming rules".
"#;

impl Rule for BucketNameWithSlash {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        // The path as received, else the canonical URI a side computed (a
        // client's log shows it when nothing else does).
        let (path, seen) = match cx.wire() {
            Some(w) => (w.path.clone(), "path as received"),
            None => match (&cx.analysis.client_parsed, &cx.analysis.server_parsed) {
                (Some(c), _) => (c.uri.clone(), "canonical URI the client signed"),
                (None, Some(s)) => (s.uri.clone(), "canonical URI the server computed"),
                (None, None) => return None,
            },
        };
        // Path-style only: the first segment is the bucket.
        let host = cx.wire().and_then(|w| w.header("host")).unwrap_or("");
        let virtual_hosted = host.contains(".s3.") && !host.starts_with("s3.");
        let first = path.trim_start_matches('/').split('/').next()?;
        if virtual_hosted || !first.to_ascii_uppercase().contains("%2F") {
            return None;
        }
        let failed = cx.refused();
        let bucket = decoded(first);
        let (b, prefix) = bucket.split_once('/').unwrap_or((&bucket, ""));
        let mut evidence = vec![
            format!("{seen}: {path}"),
            format!("bucket segment decodes to `{bucket}`"),
        ];
        if failed {
            evidence.push(format!(
                "server: {} {}",
                cx.error_code().unwrap_or(""),
                cx.error_message()
            ));
        }
        Some(META.finding(
            if failed {
                Confidence::Likely
            } else {
                Confidence::Possible
            },
            if failed { 93 } else { 40 },
            format!("`{bucket}` was used as the bucket name; bucket names cannot contain `/`."),
            evidence,
            format!("Use bucket `{b}` and put `{prefix}/` at the start of the key."),
        ))
    }
}

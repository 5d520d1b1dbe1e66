//! `key-case-changed`: the bucket or key differs only in letter case.

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::decoded;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct KeyCaseChanged;

static META: RuleMeta = RuleMeta {
    id: "key-case-changed",
    title: "Bucket or key case changed",
    category: Category::KeyPath,
    needs: "two canonical requests (URI line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
S3 keys are case-sensitive: `Photo.JPG` and `photo.jpg` are two objects,
and two canonical URIs. A proxy or framework that lowercases URLs, a
presigned URL whose key was retyped, or code that normalizes case after
signing changes the path. (Bucket names are lowercase; a client that
signs `MyBucket` and a host that lowercases it differ too.)

## How to recognise it
The URI lines are equal when lowercased, and not otherwise.

## Example
```text
URI server: /examplebucket/photo.jpg
URI client: /examplebucket/Photo.JPG
```

## Fix
* Sign and send the key in exactly one spelling; keep proxies and
  routers from rewriting the path's case.
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust, AWS CLI: keys are used as
  given; look for `.lower()` / `toLowerCase()` between signing and
  sending, and in URL routers.
* curl: the URL's case is sent as written.
* S3-compatible servers: all case-sensitive for keys.

## References
* AWS re:Post: "How do I troubleshoot SigV4 Signature Mismatch errors
  with presigned URLs" — "a mismatched case also causes the signatures to
  be mismatched".
"#;

impl Rule for KeyCaseChanged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Uri)?;
        let (ds, dc) = (decoded(s), decoded(c));
        // `%3d` vs `%3D` is an encoding difference, not a key difference.
        if ds == dc || ds.to_lowercase() != dc.to_lowercase() {
            return None;
        }
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            94,
            "The path differs only in letter case: the key (or bucket) was re-cased between signing and sending.".into(),
            vec![format!("URI server: {s}   ({so})"), format!("URI client: {c}   ({co})")],
            "Keep the key's exact case end to end: find the proxy, router or code that lowercases the URL after signing.",
        ))
    }
}

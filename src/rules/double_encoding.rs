//! `double-encoding`: one side percent-encoded the key twice (`%253D`).

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::decoded;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct DoubleEncoding;

static META: RuleMeta = RuleMeta {
    id: "double-encoding",
    title: "Key percent-encoded twice (%253D)",
    category: Category::KeyPath,
    needs: "two canonical requests (URI or query line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4 for every AWS service *except S3* encodes the already-encoded path
a second time (`%3D` → `%253D`). S3 encodes it once. A generic signer used
for S3 — botocore's `SigV4Auth` instead of `S3SigV4Auth`, `aws-sigv4`
with `PercentEncodingMode::Double`, `@smithy/signature-v4` without
`uriEscapePath: false` — signs `%253D` while S3 computes `%3D`. The same
picture appears when application code encodes a key that the SDK then
encodes again (the object is then stored under a key holding `%3D`).

## How to recognise it
The URI line on one side is the other one with every `%` written `%25`:
`/b/a%253D.json` vs `/b/a%3D.json`.

## Example
```text
URI server: /examplebucket/a%3D%3D.json
URI client: /examplebucket/a%253D%253D.json
```

## Fix
* boto3/botocore: sign S3 requests with `S3SigV4Auth` (or use the S3
  client); `SigV4Auth` double-encodes.
* AWS SDKs for JS/Java/Go/Rust: `new SignatureV4({ uriEscapePath: false })`
  (JS), `Aws4Signer` with `doubleUrlEncode(false)` (Java v2),
  `v4.Signer` with `DisableURIPathEscaping: true` (Go),
  `SigningSettings { percent_encoding_mode: PercentEncodingMode::Single, .. }` (Rust).
* AWS CLI: not affected.
* curl `--aws-sigv4` signs the path as written: do not write `%25`.
* In application code, pass raw keys to the SDK; do not pre-encode.
* S3-compatible servers: all encode once, like S3.

## References
* AWS SigV4: "Create a canonical request" — "Each path segment must be
  URI-encoded twice (except for Amazon S3 which only gets URI-encoded once)".
"#;

impl Rule for DoubleEncoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        for field in [Field::Uri, Field::Query] {
            let Some((s, c)) = cx.analysis.changed(&field) else {
                continue;
            };
            let twice = |a: &str, b: &str| a.contains("%25") && decoded(a) == b;
            let client_twice = twice(c, s);
            if !client_twice && !twice(s, c) {
                continue;
            }
            let (so, co) = cx.origins();
            return Some(META.finding(
                Confidence::Likely,
                96,
                if client_twice {
                    "The client encoded the key twice (`%` became `%25`): a generic SigV4 signer, not S3's, signed it.".into()
                } else {
                    "The server saw the key encoded twice (`%25…`): the key was encoded before it was given to a client that encodes it again.".into()
                },
                vec![
                    format!("{} server: {s}   ({so})", field.label()),
                    format!("{} client: {c}   ({co})", field.label()),
                ],
                if client_twice {
                    "Sign S3 requests with single encoding: botocore S3SigV4Auth (not SigV4Auth); JS uriEscapePath: false; Go DisableURIPathEscaping; Rust PercentEncodingMode::Single."
                } else {
                    "Pass the raw key to the SDK or URL builder; do not encode it before it is encoded again."
                },
            ));
        }
        None
    }
}

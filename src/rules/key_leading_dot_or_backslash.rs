//! `key-leading-dot-or-backslash`: a key with `\` or `.`/`..` segments,
//! which clients and proxies rewrite.

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::decoded;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct KeyLeadingDotOrBackslash;

static META: RuleMeta = RuleMeta {
    id: "key-leading-dot-or-backslash",
    title: "Key with a backslash or starting with ./ or ../",
    category: Category::KeyPath,
    needs: "two canonical requests, or the request as received with a signature failure",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Keys built from Windows paths (`..\images\ABC.jpg`) carry backslashes
and dot segments. HTTP stacks treat both specially: browsers, `fetch`,
.NET `Uri` and some proxies turn `\` into `/`, and resolve `./` and
`../`, so the path that is sent is no longer the key that was signed.

## How to recognise it
* the URI lines differ by `%5C` on one side and `/` on the other;
* the key (decoded) contains `\` or a `.`/`..` segment and the server
  rejected the signature.

## Example
```text
URI server: /examplebucket/../images/ABC.jpg
URI client: /examplebucket/..%5Cimages%5CABC.jpg
```

## Fix
* Build keys with `/` and without `.`/`..` segments:
  `key.replace('\\', '/')` and strip leading `./` and `../` before upload.
* boto3/botocore and the AWS SDKs for JS/Java/Go/Rust encode `\` as `%5C`
  and keep dot segments; the rewrite happens in a layer after them
  (a browser or .NET `Uri` on a presigned URL).
* AWS CLI: `aws s3 cp` converts local separators; `s3api` takes keys
  verbatim.
* curl: `--path-as-is` keeps dot segments; write `\` as `%5C`.
* S3-compatible servers: MinIO refuses `..` segments; others follow S3.

## References
* Seed report: a key starting with `..\images\` gave SignatureDoesNotMatch.
* AWS S3: "Creating object key names" — characters to avoid.
"#;

fn odd_key(path: &str) -> bool {
    let d = decoded(path);
    d.contains('\\') || d.split('/').skip(2).any(|s| s == "." || s == "..")
}

impl Rule for KeyLeadingDotOrBackslash {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        if let Some((s, c)) = cx.analysis.changed(&Field::Uri) {
            let (ds, dc) = (decoded(s), decoded(c));
            if ds != dc
                && (ds.contains('\\') || dc.contains('\\'))
                && ds.replace('\\', "/") == dc.replace('\\', "/")
            {
                let (so, co) = cx.origins();
                return Some(META.finding(
                    Confidence::Likely,
                    95,
                    "The key's backslashes became slashes on one side: a layer between signing and sending rewrote `\\` to `/`.".into(),
                    vec![format!("URI server: {s}   ({so})"), format!("URI client: {c}   ({co})")],
                    "Build keys with `/` (key.replace('\\\\', '/')) before signing, so nothing downstream rewrites them.",
                ));
            }
            return None;
        }
        if !cx.has_signature_failure() {
            return None;
        }
        let path = &cx.wire()?.path;
        if !odd_key(path) {
            return None;
        }
        Some(META.finding(
            Confidence::Possible,
            55,
            "The key contains a backslash or a `.`/`..` segment; HTTP layers rewrite those, so the signed and the sent path may differ.".into(),
            vec![format!("path as received: {path}"), format!("decoded: {}", decoded(path))],
            "Use keys with `/` separators and without `.`/`..` segments.",
        ))
    }
}

//! `path-normalization`: `//`, `./`, `../` or a trailing slash removed on
//! one side only.

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::{decoded, normalize_path};
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct PathNormalization;

static META: RuleMeta = RuleMeta {
    id: "path-normalization",
    title: "Path normalized on one side (//, ./, ../, trailing slash)",
    category: Category::KeyPath,
    needs: "two canonical requests (URI line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
S3 keys are opaque: `a//b`, `a/./b`, `a/../b` and `a/` are distinct keys,
and S3 signs the path without normalizing it. Generic SigV4 (other AWS
services) removes dot segments and merges slashes before signing, and
so do many HTTP stacks: nginx `merge_slashes on` (the default), URL
libraries that resolve `..`, frameworks that strip trailing slashes,
`requests` with a `PreparedRequest` rebuilt from a normalized URL. When
the signer and the wire disagree, the URI lines differ.

## How to recognise it
The URI lines become equal once `//` is merged, `.`/`..` resolved and a
trailing slash dropped.

## Example
```text
URI server: /examplebucket/logs/a.txt
URI client: /examplebucket/logs//a.txt
```

## Fix
* Avoid such keys (`//`, `.` and `..` segments, trailing `/` on objects)
  where you can.
* Behind nginx: `merge_slashes off;` and `proxy_pass` without a URI so the
  path is forwarded verbatim.
* boto3/botocore: use `S3SigV4Auth` (no normalization) for hand-signed
  S3 requests.
* AWS SDKs for JS/Java/Go/Rust: S3 clients do not normalize; generic
  signers need `applyChecksum`/`normalizePath: false` (JS
  `SignatureV4({ uriEscapePath: false })` with S3 settings), Rust
  `SigningSettings { uri_path_normalization_mode: Disabled, .. }`.
* AWS CLI: keys with `//` work; shells and scripts that join paths may
  collapse them.
* curl: `--path-as-is` keeps `../` and `./` in the URL.
* S3-compatible servers: MinIO refuses some dot segments; others follow S3.

## References
* AWS SigV4: "Create a canonical request" — normalize URI paths
  according to RFC 3986 (not for S3).
"#;

impl Rule for PathNormalization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Uri)?;
        let (ds, dc) = (decoded(s), decoded(c));
        if ds == dc || normalize_path(&ds) != normalize_path(&dc) {
            return None;
        }
        let what = |x: &str| {
            let mut w = Vec::new();
            if x.contains("//") {
                w.push("`//`");
            }
            if x.split('/').any(|seg| seg == "." || seg == "..") {
                w.push("dot segments");
            }
            if x.len() > 1 && x.ends_with('/') {
                w.push("a trailing slash");
            }
            w.join(", ")
        };
        let (kept, side) = if what(&dc).is_empty() {
            (what(&ds), "server saw")
        } else {
            (what(&dc), "client signed")
        };
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            93,
            format!("The paths differ only by normalization: the {side} {kept}, which the other side removed."),
            vec![format!("URI server: {s}   ({so})"), format!("URI client: {c}   ({co})")],
            "Keep the path verbatim end to end (nginx merge_slashes off; curl --path-as-is; S3 signers without normalization), or avoid keys with //, ./, ../ and trailing slashes.",
        ))
    }
}

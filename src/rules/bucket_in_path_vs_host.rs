//! `bucket-in-path-vs-host`: the signed path and the received path differ
//! by a leading segment: the bucket moved between path and host, or a
//! proxy added or removed a path prefix.

use crate::analysis::Field;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct BucketInPathVsHost;

static META: RuleMeta = RuleMeta {
    id: "bucket-in-path-vs-host",
    title: "Bucket or path prefix in one path but not the other",
    category: Category::Transit,
    needs: "two canonical requests (URI and host lines)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The canonical URI is the path the server receives. With virtual-hosted
style the bucket is in the host (`bucket.s3.amazonaws.com/key`), with
path style it is the first path segment (`s3.amazonaws.com/bucket/key`).
A client that signs one form and sends the other, or a reverse proxy that
serves S3 under a prefix (`https://example.com/s3/bucket/key` forwarded as
`/bucket/key`), changes the URI after signing.

## How to recognise it
The URI lines differ by whole leading segments: `/bucket/key` vs `/key`,
or `/s3/bucket/key` vs `/bucket/key`; often the `host` line differs too.

## Example
```text
URI server: /examplebucket/photo.jpg    host:s3.example.com
URI client: /photo.jpg                  host:examplebucket.s3.example.com
```

## Fix
* Sign the request the server receives. Behind a prefixing proxy, point
  the client at the server itself, or have the proxy forward without
  rewriting the path (nginx `proxy_pass http://minio:9000;` with no URI).
* boto3: `Config(s3={'addressing_style': 'path'})` or `'virtual'` to match
  the server.
* AWS SDKs for JS/Java/Go/Rust: `forcePathStyle` / `forcePathStyle(true)` /
  `UsePathStyle` / `force_path_style(true)`.
* AWS CLI: `addressing_style = path` in the profile's `s3` section.
* curl `--aws-sigv4`: write the URL the server sees.
* S3-compatible servers: virtual-hosted style needs a configured domain
  (MinIO `MINIO_DOMAIN`, Garage `root_domain`, s3s `--domain`).

## References
* AWS S3: "Virtual hosting of buckets".
"#;

impl Rule for BucketInPathVsHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Uri)?;
        let (longer, shorter, server_longer) = if s.len() > c.len() {
            (s, c, true)
        } else {
            (c, s, false)
        };
        // Whole leading segments only: `/b/k` ends with `/k`.
        let prefix = longer.strip_suffix(shorter)?;
        if prefix.is_empty() || !prefix.starts_with('/') {
            return None;
        }
        let segment = prefix.trim_start_matches('/');
        let hosts = cx.analysis.difference(&Field::Header("host".into()));
        let bucket_moved = hosts.is_some_and(|h| {
            [h.server.as_deref(), h.client.as_deref()]
                .into_iter()
                .flatten()
                .any(|v| v.starts_with(&format!("{segment}.")))
        });
        let (so, co) = cx.origins();
        let mut evidence = vec![
            format!("URI server: {s}   ({so})"),
            format!("URI client: {c}   ({co})"),
        ];
        if let Some(h) = hosts {
            evidence.push(format!(
                "host server: {}   client: {}",
                h.server.as_deref().unwrap_or("?"),
                h.client.as_deref().unwrap_or("?")
            ));
        }
        let message = if bucket_moved {
            format!(
                "The bucket `{segment}` is in the path on one side and in the host on the other: the client signed {} style but the request arrived {} style.",
                if server_longer {
                    "virtual-hosted"
                } else {
                    "path"
                },
                if server_longer {
                    "path"
                } else {
                    "virtual-hosted"
                }
            )
        } else if server_longer {
            format!(
                "The server received the path with an extra leading `{prefix}` that the client did not sign."
            )
        } else {
            format!(
                "The client signed a leading `{prefix}` that the server did not receive: a proxy in front strips that prefix."
            )
        };
        Some(META.finding(
            Confidence::Likely,
            92,
            message,
            evidence,
            if bucket_moved {
                "Use one addressing style end to end: boto3 Config(s3={'addressing_style': 'path'}), JS forcePathStyle: true, Go UsePathStyle, Rust force_path_style(true)."
            } else {
                "Sign the path the server receives: point the client at the server itself, or make the proxy forward the path unchanged."
            },
        ))
    }
}

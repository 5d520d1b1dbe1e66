//! `host-mismatch`: the signed `host` is not the host the server saw.

use crate::analysis::Field;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct HostMismatch;

static META: RuleMeta = RuleMeta {
    id: "host-mismatch",
    title: "Signed host differs from the host the server saw",
    category: Category::Headers,
    needs: "two canonical requests (the `host` line), or the request with the client's canonical request",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
`host` is always signed. The server canonicalizes the `Host` header it
receives; if the client signed another one the signature fails. Causes:
* a port: the client signed `minio:9000` and a proxy forwarded with
  `Host: minio` (or the reverse; default ports 80/443 are omitted by most
  clients but not all);
* an endpoint or reverse proxy in front that rewrites `Host` to its
  upstream (nginx `proxy_set_header Host $proxy_host`);
* virtual-hosted vs path-style: signed `bucket.s3.amazonaws.com` but
  sent to `s3.amazonaws.com/bucket` (see also `bucket-in-path-vs-host`);
* a presigned URL for the global endpoint (`bucket.s3.amazonaws.com`)
  followed through a redirect to the regional one;
* a scheme or a path inside the signed host (`http://minio:9000`) from a
  hand-built endpoint string.

## How to recognise it
The `host` line differs between the server's and the client's canonical
requests.

## Example
```text
server: host:127.0.0.1:9000       client: host:s3.example.com
```

## Fix
* Sign for the host the server receives: point the client at the real
  endpoint, or make the proxy keep `Host` (nginx `proxy_set_header Host $host;`
  and `proxy_pass` without rewriting).
* boto3: `endpoint_url='http://host:port'` exactly as the server sees
  it; `Config(s3={'addressing_style': 'path'})` for servers without
  virtual-host support; presign with the bucket's regional endpoint.
* AWS SDKs for JS/Java/Go/Rust: `endpoint` + `forcePathStyle: true`
  (JS), `.forcePathStyle(true)` (Java), `o.UsePathStyle = true` (Go),
  `.force_path_style(true)` (Rust).
* AWS CLI: `--endpoint-url`, and `addressing_style = path` under `s3` in
  the profile.
* curl `--aws-sigv4`: use the URL the server sees; do not pass
  `-H 'Host: …'` that differs from it.
* S3-compatible servers: MinIO and Garage need `--domain`/`root_domain`
  configured for virtual-hosted style.

## References
* AWS S3: "Virtual hosting of buckets"; "Making requests through a proxy".
"#;

impl Rule for HostMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Header("host".into()))?;
        let host_only = |h: &str| {
            let h = h.split("://").last().unwrap_or(h);
            h.split('/').next().unwrap_or(h).to_ascii_lowercase()
        };
        let name = |h: &str| {
            host_only(h)
                .rsplit_once(':')
                .map_or(host_only(h), |(n, _)| n.to_string())
        };
        let why = if c.contains("://") || s.contains("://") {
            "a scheme is part of the signed host (a hand-built endpoint string)".to_string()
        } else if host_only(s) == host_only(c) {
            "they differ only in letter case".to_string()
        } else if name(s) == name(c) {
            "they differ only in the port".to_string()
        } else if s.ends_with(&format!(".{c}")) || c.ends_with(&format!(".{s}")) {
            "one is the virtual-hosted form (bucket.host) of the other".to_string()
        } else {
            "a proxy, load balancer or endpoint in front rewrote Host, or the client signed for another endpoint".to_string()
        };
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            90,
            format!("The client signed host `{c}` but the server saw `{s}`: {why}."),
            vec![
                format!("server: host:{s}   ({so})"),
                format!("client: host:{c}   ({co})"),
            ],
            "Sign for the host the server receives: use the server's real endpoint (with its port) in the client, or make the proxy pass Host unchanged (nginx: proxy_set_header Host $host).",
        ))
    }
}

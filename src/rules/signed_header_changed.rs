//! `signed-header-changed`: a signed header arrived with another value.

use crate::report::Confidence;
use crate::sigv4::Location;

use super::text::squash_whitespace;
use super::transfer_encoding_signed::HOP_BY_HOP;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct SignedHeaderChanged;

static META: RuleMeta = RuleMeta {
    id: "signed-header-changed",
    title: "A signed header was changed in transit",
    category: Category::Transit,
    needs: "two canonical requests (the server's reported or recomputed, the client's logged or recomputed)",
    docs: DOCS,
};

/// Headers a narrower rule explains.
const OWNED_ELSEWHERE: &[&str] = &["host", "x-amz-security-token", "x-amz-content-sha256"];

const DOCS: &str = r#"## What it means
The client signed a header with one value and the server received
another. Proxies, CDNs and HTTP libraries rewrite end-to-end headers more
often than expected: Cloudflare rewrites `accept-encoding`, some proxies
append `; charset=utf-8` to `content-type`, browsers set their own
`content-type`, an HTTP library rewrites `content-length` after
compression, a gateway rewrites `user-agent` or `x-forwarded-*`.

## How to recognise it
The same header name appears on both sides with different values (not
only whitespace: see `header-value-whitespace`).

## Example
```text
server: accept-encoding:br, gzip     client: accept-encoding:gzip
```

## Fix
* Sign only what you control end to end: `host`, `x-amz-*` and
  `content-*` that no hop touches. Do not sign `accept-encoding`,
  `user-agent`, `x-forwarded-*` behind a CDN.
* boto3/botocore: it signs every header it sends except a short list;
  headers added by `before-sign` handlers are signed — add them in
  `before-send` instead if a proxy will change them.
* AWS SDKs for JS/Java/Go/Rust: add volatile headers in a middleware
  after signing (JS v3 `finalizeRequest` after `awsAuthMiddleware`; Go
  `Finalize` after `Signing`; Java `ExecutionInterceptor.modifyHttpRequest`
  runs before signing — use `afterMarshalling` with care).
* AWS CLI: headers come from parameters; check `--debug`.
* curl `--aws-sigv4` signs every `-H` header: pass only headers the
  server will see unchanged.
* S3-compatible servers behind a proxy (MinIO/Garage behind nginx or
  Cloudflare): configure the proxy to pass headers unchanged.

## References
* AWS SigV4: "Create a canonical request".
"#;

impl Rule for SignedHeaderChanged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let presigned = cx
            .claim
            .as_ref()
            .is_some_and(|c| c.location == Location::Query);
        for (name, server, client) in cx.header_differences() {
            let (Some(s), Some(c)) = (server, client) else {
                continue;
            };
            if s.is_empty()
                || HOP_BY_HOP.contains(&name)
                || OWNED_ELSEWHERE.contains(&name)
                || name.starts_with("x-amz-checksum-")
                || (presigned && name == "content-type")
                || squash_whitespace(s) == squash_whitespace(c)
            {
                continue;
            }
            let (so, co) = cx.origins();
            let cdn = if name == "accept-encoding" {
                " (CDNs such as Cloudflare rewrite accept-encoding)"
            } else {
                ""
            };
            return Some(META.finding(
                Confidence::Likely,
                70,
                format!("`{name}` was signed as `{c}` but the server saw `{s}`{cdn}."),
                vec![
                    format!("server: `{name}:{s}`   ({so})"),
                    format!("client: `{name}:{c}`   ({co})"),
                ],
                format!("Stop the hop in between from rewriting `{name}`, or leave `{name}` out of the signed headers."),
            ));
        }
        None
    }
}

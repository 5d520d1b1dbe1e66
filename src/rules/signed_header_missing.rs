//! `signed-header-missing`: a header the client signed reached the server
//! empty or not at all.

use crate::report::Confidence;

use super::transfer_encoding_signed::HOP_BY_HOP;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct SignedHeaderMissing;

static META: RuleMeta = RuleMeta {
    id: "signed-header-missing",
    title: "A signed header reached the server empty or absent",
    category: Category::Transit,
    needs: "the request as received (or the server's canonical request) and the signed-header list",
    docs: DOCS,
};

/// Headers whose loss a narrower rule explains.
const OWNED_ELSEWHERE: &[&str] = &["x-amz-security-token"];

const DOCS: &str = r#"## What it means
Every name in `SignedHeaders` is part of the signature. When one of them
does not arrive — a proxy, CDN, load balancer, service mesh or the HTTP
library itself dropped it after signing — the server still puts the name in
its canonical request, with nothing after the colon, and the signature
cannot match. AWS shows exactly that: a line `name:` with an empty value.

## How to recognise it
* the server's canonical request has `x-amz-meta-foo:` (empty) where the
  client's has a value;
* the name is in `SignedHeaders` but the request as received has no such
  header;
* Garage says "signed header `name` is not present".

## Example
```text
SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-owner
server: x-amz-meta-owner:          client: x-amz-meta-owner:alice
```

## Fix
* Find the hop that drops it: compare `curl -v` on the client with a
  capture on the server side (or `s3sigdiag replay` direct to the server).
  nginx drops headers with underscores (`underscores_in_headers on`),
  some proxies strip unknown `x-*` headers, CDNs drop hop-by-hop ones.
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust: they sign what they send;
  an interceptor or middleware that removes a header must run before
  signing, not after.
* AWS CLI: same; check `--debug` for the headers it signed.
* curl `--aws-sigv4` signs every `-H` header: do not pass headers a proxy
  will remove.
* S3-compatible servers: same rule everywhere (Garage names the header).

## References
* AWS SigV4: "Create a canonical request" — CanonicalHeaders / SignedHeaders.
"#;

impl Rule for SignedHeaderMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let skip = |n: &str| HOP_BY_HOP.contains(&n) || OWNED_ELSEWHERE.contains(&n);
        // 1. The diff shows it: server empty, client had a value.
        for (name, server, client) in cx.header_differences() {
            if skip(name) {
                continue;
            }
            if server.is_some_and(str::is_empty) && client.is_some_and(|c| !c.is_empty()) {
                let (so, co) = cx.origins();
                return Some(META.finding(
                    Confidence::Likely,
                    88,
                    format!("`{name}` was signed with a value but reached the server empty: something between the client and the server dropped it."),
                    vec![
                        format!("server: `{name}:` (empty)   ({so})"),
                        format!("client: `{name}:{}`   ({co})", client.unwrap_or("")),
                    ],
                    format!("Find the hop that removes `{name}` (proxy, CDN, load balancer, middleware after signing) and let it through, or do not sign it."),
                ));
            }
        }
        // 2. The wire request lacks a signed header.
        let wire = cx.wire()?;
        let signed = cx.signed_headers();
        // The names on the wire, once: thousands of headers stay linear.
        let sent: std::collections::HashSet<String> = wire
            .headers
            .iter()
            .map(|(n, _)| n.trim().to_ascii_lowercase())
            .collect();
        let missing: Vec<&String> = signed
            .iter()
            .filter(|n| !skip(n) && !sent.contains(n.as_str()))
            .collect();
        let name = *missing.first()?;
        let server_says = cx.error_message().contains(name.as_str());
        Some(META.finding(
            if server_says || cx.has_signature_failure() {
                Confidence::Likely
            } else {
                Confidence::Possible
            },
            if server_says { 92 } else { 86 },
            format!("`{name}` is in SignedHeaders but the request as received has no `{name}` header."),
            vec![
                format!("signed headers: {}", signed.join(";")),
                format!("headers received: {}", wire.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect::<Vec<_>>().join(", ")),
            ],
            format!("Find the hop that removes `{name}` after signing and let it through, or do not sign it."),
        ))
    }
}

//! `transfer-encoding-signed`: a hop-by-hop header is among the signed
//! headers, so any proxy that rewrites it breaks the signature.

use crate::analysis::{Field, LineKind};
use crate::report::{Confidence, Finding};

use super::{Context, Rule, RuleMeta};

pub struct TransferEncodingSigned;

/// Headers that RFC 9110 lets every hop change or drop.
pub const HOP_BY_HOP: &[&str] = &[
    "transfer-encoding",
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
    "proxy-connection",
];

static META: RuleMeta = RuleMeta {
    id: "transfer-encoding-signed",
    title: "Hop-by-hop header signed (Transfer-Encoding, Connection, …)",
    category: super::Category::Transit,
    needs: "the signed-header list (Authorization header, presigned URL or a canonical request)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
`Transfer-Encoding`, `Connection`, `Keep-Alive`, `TE`, `Upgrade` and the
`Proxy-*` headers belong to one connection, not to the request: any proxy,
CDN or load balancer may remove or rewrite them. If the client signs one of
them and something in between changes it, the server sees a different value
(or none) and the signature fails. boto3 1.36.0 started sending
`Transfer-Encoding: chunked` with its new checksum defaults and signed it;
CloudFront under S3 Transfer Acceleration re-framed the body and dropped
the header, and uploads failed until 1.36.6 stopped signing it.

## How to recognise it
* `transfer-encoding` (or another hop-by-hop name) in `SignedHeaders`;
* in the server's canonical request that header is empty (`transfer-encoding:`)
  or has another value than in the client's.

## Example
```text
SignedHeaders=host;transfer-encoding;x-amz-content-sha256;x-amz-date
server: transfer-encoding:            client: transfer-encoding:chunked
```

## Fix
* boto3/botocore: upgrade to 1.36.6 or later (never signs it); or set
  `request_checksum_calculation = when_required` in the config.
* AWS SDKs for JS/Java/Go/Rust: their signers skip hop-by-hop headers; a
  custom middleware that adds them before signing should add them after.
* curl `--aws-sigv4` signs every `-H` header: do not pass
  `-H 'Transfer-Encoding: chunked'`; let curl frame the body itself.
* Custom signers: exclude hop-by-hop headers from `SignedHeaders`.
* S3-compatible servers behave alike (Garage: "signed header
  `transfer-encoding` is not present").

## References
* boto3 issue 4392 / botocore 1.36.6 changelog.
* RFC 9110 section 7.6.1 (Connection and hop-by-hop fields).
"#;

impl Rule for TransferEncodingSigned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let signed = cx.signed_headers();
        let hop: Vec<&String> = signed
            .iter()
            .filter(|h| HOP_BY_HOP.contains(&h.as_str()))
            .collect();
        let first = *hop.first()?;
        let mut evidence = vec![format!("signed headers: {}", signed.join(";"))];
        let changed = cx.analysis.difference(&Field::Header(first.clone()));
        let wire_value = cx
            .exchange
            .request
            .as_ref()
            .map(|r| r.http.header(first).map(str::to_string));
        let (confidence, specificity, message) = if let Some(d) = changed {
            evidence.push(format!(
                "{first}: server `{}` vs client `{}`",
                d.server.as_deref().unwrap_or("(absent)"),
                d.client.as_deref().unwrap_or("(absent)")
            ));
            let how = if d.kind == LineKind::Changed && d.server.as_deref() == Some("") {
                "was removed"
            } else {
                "changed"
            };
            (
                Confidence::Likely,
                90,
                format!("`{first}` was signed and {how} between client and server."),
            )
        } else if let Some(None) = wire_value {
            evidence.push(format!("the request as received has no `{first}` header"));
            (
                Confidence::Likely,
                85,
                format!("`{first}` was signed but did not reach the server."),
            )
        } else if cx.has_signature_failure() {
            (
                Confidence::Likely,
                60,
                format!(
                    "`{first}` is signed; any proxy, CDN or load balancer that re-frames the body changes it and breaks the signature."
                ),
            )
        } else {
            (
                Confidence::Possible,
                30,
                format!(
                    "`{first}` is signed; this works only while no hop in between rewrites it."
                ),
            )
        };
        Some(Finding {
            rule: META.id,
            title: META.title,
            confidence,
            message,
            evidence,
            fix: format!(
                "Do not sign `{first}`: remove it from the signed headers (boto3 >= 1.36.6; curl: drop -H '{first}: …' and let curl frame the body)."
            ),
            specificity,
        })
    }
}

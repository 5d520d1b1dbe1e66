//! `header-value-whitespace`: a signed header value differs only in
//! whitespace between the two canonical requests.

use crate::report::Confidence;

use super::text::squash_whitespace;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct HeaderValueWhitespace;

static META: RuleMeta = RuleMeta {
    id: "header-value-whitespace",
    title: "Header value whitespace trimmed differently",
    category: Category::Headers,
    needs: "two canonical requests, or the request as received",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4 canonicalizes a header value by trimming leading and trailing
spaces and collapsing runs of spaces to one. S3 does that for *spaces*
only: a tab, a newline or a non-breaking space is kept as it is. A client
that collapses all whitespace (botocore: `' '.join(value.split())`), or one
that does not trim at all (old hand-written signers, Java SDK 1.11 with a
`Cache-Control` value holding a space), signs another value than S3
canonicalizes.

## How to recognise it
* the same header on both sides, equal once all whitespace is squashed:
  `x-amz-meta-note:a\tb` (server) vs `x-amz-meta-note:a b` (client);
* a signed header on the wire with a tab, a double space, or leading or
  trailing whitespace.

## Example
```text
server: cache-control:max-age=0,\tno-cache
client: cache-control:max-age=0, no-cache
```

## Fix
* Do not put tabs, newlines or runs of spaces in header values
  (metadata, `Cache-Control`, `Content-Disposition`); normalize them before
  the request is built.
* boto3/botocore: strip metadata values (`{k: ' '.join(v.split())}`).
* AWS SDKs for JS/Java/Go/Rust: same; Java SDK 1.11 rejects a space that
  1.6 accepted in `Cache-Control` — remove it.
* AWS CLI: quote `--metadata` and `--cache-control` values without
  extra whitespace.
* curl `--aws-sigv4`: write `-H 'Name: value'` with single spaces.
* S3-compatible servers: most follow AWS (spaces only); some collapse all
  whitespace, so the same request can pass there and fail on AWS.

## References
* AWS SigV4: "Create a canonical request" — Trimall of header values.
* Seed report: "space while setting cache controls" (Java SDK 1.11).
"#;

impl Rule for HeaderValueWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        for (name, server, client) in cx.header_differences() {
            let (Some(s), Some(c)) = (server, client) else {
                continue;
            };
            if s == c || squash_whitespace(s) != squash_whitespace(c) || s.is_empty() {
                continue;
            }
            let (so, co) = cx.origins();
            return Some(META.finding(
                Confidence::Likely,
                93,
                format!("`{name}` differs only in whitespace: the client and the server trimmed it differently."),
                vec![
                    format!("server: `{name}:{s}`   ({so})"),
                    format!("client: `{name}:{c}`   ({co})"),
                ],
                format!("Remove tabs, newlines and repeated spaces from the `{name}` value before the request is signed."),
            ));
        }
        // No diff to read: look for odd whitespace in signed values on the wire.
        if !cx.has_signature_failure() {
            return None;
        }
        let wire = cx.wire()?;
        // A set: a request with thousands of headers stays linear.
        let signed: std::collections::HashSet<String> = cx.signed_headers().into_iter().collect();
        let (name, value) = wire.headers.iter().find(|(n, v)| {
            signed.contains(&n.to_ascii_lowercase())
                && (v.contains('\t') || v.contains("  ") || v.trim_end() != v.as_str())
        })?;
        Some(META.finding(
            Confidence::Possible,
            50,
            format!("The signed header `{name}` has a tab, repeated spaces or trailing whitespace; clients and servers trim such values differently."),
            vec![format!("as received: `{name}:{value}`")],
            format!("Normalize the whitespace in the `{name}` value before signing."),
        ))
    }
}

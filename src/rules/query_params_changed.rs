//! `query-params-changed`: parameters added, removed, repeated or written
//! without `=` between signing and the server.

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::query_pairs;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct QueryParamsChanged;

static META: RuleMeta = RuleMeta {
    id: "query-params-changed",
    title: "Query parameters added, dropped, repeated or without =",
    category: Category::Query,
    needs: "two canonical requests (query line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Every query parameter is signed. A parameter appended after signing (a
cache buster `?_=1700000000`, tracking parameters, `?x-id=PutObject`
added by a newer SDK middleware, a CDN adding its own), one removed by a
proxy, a repeated parameter signed once, or a sub-resource written
`?acl` by the client but canonicalized as `acl=` all give another
canonical query line.

## How to recognise it
The query lines differ in which parameters they hold (names or values),
not only in their order or encoding.

## Example
```text
query server: _=1700000000&list-type=2
query client: list-type=2
```

## Fix
* Add parameters before signing, or not at all; presigned URLs cannot
  take extra parameters (`&download=1`) afterwards.
* Write valueless parameters as `name=` in the canonical query (`acl=`).
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust: sign what they send; look
  for interceptors or HTTP-client hooks that add parameters after signing.
* AWS CLI: not affected.
* curl: do not append to a presigned URL; with `--aws-sigv4` put all
  parameters in the URL.
* S3-compatible servers and CDNs in front: configure them not to add
  or strip query parameters.

## References
* AWS SigV4: "Create a canonical request" — CanonicalQueryString
  (empty values are written `name=`).
"#;

impl Rule for QueryParamsChanged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let d = cx.analysis.difference(&Field::Query)?;
        let (s, c) = (
            d.server.as_deref().unwrap_or(""),
            d.client.as_deref().unwrap_or(""),
        );
        let (ps, pc) = (query_pairs(s), query_pairs(c));
        let key = |v: &[(String, Option<String>)]| {
            let mut v: Vec<(String, String)> = v
                .iter()
                .map(|(k, x)| (k.clone(), x.clone().unwrap_or_default()))
                .collect();
            v.sort();
            v
        };
        let (ks, kc) = (key(&ps), key(&pc));
        let mut notes = Vec::new();
        // Parameters the client signed that never reached the server were
        // dropped in transit; the fix is then on the path, not the signer.
        let mut dropped_in_transit = false;
        if ks == kc {
            // Same parameters: only a missing `=` can explain it here.
            let bare: Vec<&str> = pc
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| k.as_str())
                .collect();
            if bare.is_empty() {
                return None;
            }
            notes.push(format!(
                "signed without `=`: {} (the canonical form is `{}=`)",
                bare.join(", "),
                bare[0]
            ));
        } else {
            let added: Vec<String> = ks
                .iter()
                .filter(|p| !kc.contains(p))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let dropped: Vec<String> = kc
                .iter()
                .filter(|p| !ks.contains(p))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            // Same names and values once decoded are encoding differences, not ours.
            if added.is_empty() && dropped.is_empty() {
                return None;
            }
            if !added.is_empty() {
                notes.push(format!("only the server saw: {}", added.join(", ")));
            }
            if !dropped.is_empty() {
                notes.push(format!("only the client signed: {}", dropped.join(", ")));
                dropped_in_transit = added.is_empty();
            }
        }
        let (so, co) = cx.origins();
        let mut evidence = vec![
            format!("query server: {s}   ({so})"),
            format!("query client: {c}   ({co})"),
        ];
        evidence.extend(notes.iter().cloned());
        Some(META.finding(
            Confidence::Likely,
            90,
            format!("The query parameters changed between signing and the server: {}.", notes.join("; ")),
            evidence,
            if dropped_in_transit {
                "Find the hop that drops query parameters after signing (a proxy, CDN or rewrite rule that strips or rebuilds the query string) and let the query through unchanged."
            } else {
                "Add every query parameter before signing (none after, none on presigned URLs), and write valueless ones as `name=` in the canonical query."
            },
        ))
    }
}

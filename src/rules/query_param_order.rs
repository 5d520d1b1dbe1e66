//! `query-param-order`: the signed query was not sorted.

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::query_pairs;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct QueryParamOrder;

static META: RuleMeta = RuleMeta {
    id: "query-param-order",
    title: "Query parameters signed in the wrong order",
    category: Category::Query,
    needs: "two canonical requests (query line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The canonical query string lists parameters sorted by encoded name
(then value), byte order, each as `name=value`. A hand-written signer
that keeps the URL's order, sorts before encoding (so `a-b` and `a_b`
swap), or sorts case-insensitively signs another line than S3.

## How to recognise it
The query lines hold the same parameters in a different order.

## Example
```text
query server: list-type=2&prefix=logs%2F
query client: prefix=logs%2F&list-type=2
```

## Fix
* Sort by the *encoded* name, byte-wise (uppercase before lowercase),
  then by value.
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust, AWS CLI, curl: they sort;
  this is a custom signer's bug — compare its canonical request with
  `s3sigdiag sign`.
* S3-compatible servers: all sort the same way.

## References
* AWS SigV4: "Create a canonical request" — CanonicalQueryString.
"#;

impl Rule for QueryParamOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Query)?;
        let norm = |q: &str| {
            query_pairs(q)
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        let (ps, pc) = (norm(s), norm(c));
        let (mut ss, mut sc) = (ps.clone(), pc.clone());
        ss.sort();
        sc.sort();
        if ps == pc || ss != sc {
            return None;
        }
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            93,
            "The same query parameters were signed in another order: the canonical query must be sorted by encoded name, byte-wise.".into(),
            vec![format!("query server: {s}   ({so})"), format!("query client: {c}   ({co})")],
            "Sort query parameters by their encoded names (byte order) in the canonical request; use an SDK signer instead of a hand-written one.",
        ))
    }
}

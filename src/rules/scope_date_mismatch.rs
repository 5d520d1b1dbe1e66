//! `scope-date-mismatch`: the credential scope's date is not the date of
//! `x-amz-date`.

use crate::analysis::Field;
use crate::report::Confidence;
use crate::timefmt::date_part;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct ScopeDateMismatch;

static META: RuleMeta = RuleMeta {
    id: "scope-date-mismatch",
    title: "Scope date is not the date of x-amz-date",
    category: Category::Scope,
    needs: "the credential and x-amz-date (request, presigned URL or string to sign)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The scope (`AKID/20240101/us-east-1/s3/aws4_request`) carries a date, and
`x-amz-date` a timestamp. S3 requires the scope date to be the date part
of `x-amz-date`, in UTC; the signing key is derived from the scope date.
Signers that cache the date (the scope built once at start-up, the
timestamp per request), or build one from local time and the other from
UTC, produce a mismatch around midnight or all day in far time zones.
This is not clock skew (see `clock-skew`): the clock may be right.

## How to recognise it
`x-amz-date: 20240102T000130Z` with `Credential=…/20240101/…`.

## Example
```text
x-amz-date: 20240102T001500Z
scope:      20240101/us-east-1/s3/aws4_request
```

## Fix
* Take one UTC timestamp per request and derive both from it.
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust, AWS CLI: they do; a
  mismatch means a custom signer or a patched clock — do not cache
  signing keys across days without also caching the scope date.
* curl `--aws-sigv4`: derives both from one clock reading.
* S3-compatible servers: all check it.

## References
* AWS SigV4: "Create a string to sign" — the scope date must match.
"#;

impl Rule for ScopeDateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        if let (Some(cred), Some(amz)) = (cx.credential(), cx.exchange.amz_date())
            && amz.len() >= 8
            // A date in another form is `invalid-amz-date-format`'s case.
            && amz.as_bytes()[..8].iter().all(u8::is_ascii_digit)
            && cred.scope.date != date_part(&amz)
        {
            return Some(META.finding(
                Confidence::Likely,
                94,
                format!(
                    "The credential scope is dated {} but x-amz-date is {amz}: the signing key is derived from another day.",
                    cred.scope.date
                ),
                vec![format!("credential scope: {}", cred.scope), format!("x-amz-date: {amz}")],
                "Derive x-amz-date and the scope date from one UTC timestamp per request.",
            ));
        }
        // Both strings to sign known: their scope date differs from their date.
        let (s, c) = cx.analysis.changed(&Field::Scope)?;
        let date = |x: &str| x.split('/').next().unwrap_or("").to_string();
        let rest = |x: &str| x.split_once('/').map(|(_, r)| r.to_string());
        if date(s) == date(c) || rest(s) != rest(c) {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            90,
            format!(
                "The scope dates differ: server {} vs client {}.",
                date(s),
                date(c)
            ),
            vec![format!("scope server: {s}"), format!("scope client: {c}")],
            "Derive x-amz-date and the scope date from one UTC timestamp per request.",
        ))
    }
}

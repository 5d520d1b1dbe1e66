//! `invalid-amz-date-format`: `x-amz-date` (or `X-Amz-Date`) not in the
//! basic ISO 8601 form SigV4 requires, `YYYYMMDDTHHMMSSZ`.

use crate::model::server_says::Stated;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct InvalidAmzDateFormat;

static META: RuleMeta = RuleMeta {
    id: "invalid-amz-date-format",
    title: "x-amz-date not in the basic form YYYYMMDDTHHMMSSZ",
    category: Category::Time,
    needs: "the request as sent (x-amz-date header or X-Amz-Date parameter), or the server's error",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4 dates are ISO 8601 in the *basic* form, in UTC: `20261130T120000Z`.
Hand-made signers often write the extended form (`2026-11-30T12:00:00Z`),
a local time with an offset (`20261130T130000+0100`), milliseconds, or a
`Date`-style string. The server cannot read the request time from it, or
reads another one than the scope's date: AWS answers `AccessDenied` "AWS
authentication requires a valid Date or x-amz-date header" (or
`SignatureDoesNotMatch` when the string to sign differs), S3-compatible
servers a 400 or 403.

## How to recognise it
* the request's `x-amz-date` (or the presigned `X-Amz-Date`) is not 16
  characters of `YYYYMMDDTHHMMSSZ`;
* the server says it needs "a valid Date or x-amz-date header".

## Example
```text
x-amz-date: 2026-11-30T12:00:00Z       (extended form)
x-amz-date: 20261130T130000+0100       (an offset instead of Z)
```

## Fix
* Format the time in UTC as `%Y%m%dT%H%M%SZ` (Python
  `datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')`, JS
  `new Date().toISOString().replace(/[:-]|\.\d{3}/g, '')`, Go
  `t.UTC().Format("20060102T150405Z")`), and use its first 8 characters
  as the scope's date.
* SDKs and curl `--aws-sigv4` do this themselves; a proxy or middleware
  that rewrites the header must not reformat it.

## References
* AWS SigV4: "Elements of an AWS API request signature" — the
  `X-Amz-Date` format.
"#;

/// `YYYYMMDDTHHMMSSZ` exactly.
fn basic_form(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit)
}

impl Rule for InvalidAmzDateFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let stated = cx.stated(|s| matches!(s, Stated::InvalidDate).then_some(()));
        let wire = cx.wire();
        let value = wire
            .and_then(|w| w.header("x-amz-date"))
            .map(|v| v.trim().to_string())
            .or_else(|| cx.claim.as_ref().and_then(|c| c.amz_date.clone()));
        // A value cut off in the paste is not a format.
        let bad = value
            .as_deref()
            .filter(|v| !basic_form(v) && !crate::model::redacted::is_redacted(v) && v.len() >= 8);
        match (bad, stated) {
            (Some(v), _) => Some(META.finding(
                if stated.is_some() || cx.refused() {
                    Confidence::Likely
                } else {
                    Confidence::Possible
                },
                88,
                format!("The request's date `{v}` is not in SigV4's basic form YYYYMMDDTHHMMSSZ (UTC)."),
                vec![format!("x-amz-date: {v}")],
                "Write the date in UTC as YYYYMMDDTHHMMSSZ (strftime('%Y%m%dT%H%M%SZ')) and use its first 8 characters in the scope.",
            )),
            (None, Some(())) => Some(META.finding(
                Confidence::Confirmed,
                88,
                "The server could not read a valid request date from the request.".into(),
                vec![format!(
                    "the server says: {}",
                    cx.says.as_ref().map(|s| s.quote()).unwrap_or_default()
                )],
                "Send x-amz-date in UTC as YYYYMMDDTHHMMSSZ (or a valid Date header) and sign it.",
            )),
            (None, None) => None,
        }
    }
}

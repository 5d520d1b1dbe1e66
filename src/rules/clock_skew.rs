//! `clock-skew`: the client's clock (x-amz-date) is too far from the
//! server's. A scope date that is not x-amz-date's day is
//! `scope-date-mismatch`.

use crate::report::{Confidence, Finding};
use crate::timefmt::{human_duration, parse_any};

use super::{Context, Rule, RuleMeta};

pub struct ClockSkew;

/// S3 refuses requests whose time is more than 15 minutes off.
pub const MAX_SKEW_SECONDS: i64 = 15 * 60;

static META: RuleMeta = RuleMeta {
    id: "clock-skew",
    title: "Client clock too far from the server's",
    category: super::Category::Time,
    needs: "a RequestTimeTooSkewed error, or x-amz-date with the server's time (response Date header)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
A SigV4 request carries its time in `x-amz-date` (or `X-Amz-Date` for a
presigned URL) and its day in the credential scope. S3 refuses a request
whose time is more than 15 minutes from its own clock
(`RequestTimeTooSkewed`), and a signature whose scope date is not the date
of `x-amz-date` never verifies: the signing key is derived from the scope
date.

## How to recognise it
* `<Code>RequestTimeTooSkewed</Code>` with `<RequestTime>` and
  `<ServerTime>`;
* `x-amz-date` more than 15 minutes from the response's `Date` header;
* (a scope date that is not the date of `x-amz-date` is the separate rule
  `scope-date-mismatch`).

## Example
```text
x-amz-date: 20240101T122000Z
server Date: Mon, 01 Jan 2024 12:00:00 GMT   (20m ahead)
```

## Fix
* Synchronise the clock (`timedatectl set-ntp true`, `chronyc makestep`;
  in containers and VMs, the host's clock).
* boto3/botocore corrects skew on retry for some errors; do not hard-code
  dates. Build `x-amz-date` and the scope date from one UTC timestamp.
* AWS SDKs for JS (`correctClockSkew: true` in v2; automatic in v3),
  Java, Go and Rust adjust from the server's `Date` after a skew error.
* curl `--aws-sigv4` uses the local clock: fix the clock.
* S3-compatible servers: MinIO and s3s enforce 15 minutes; moto and Garage
  accept any time (observed), so skew shows only against AWS.

## References
* AWS S3 error codes: RequestTimeTooSkewed.
"#;

impl Rule for ClockSkew {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let ex = cx.exchange;
        let amz_date = ex.amz_date();
        // 1. The server said so.
        if let Some(err) = ex
            .server
            .as_ref()
            .filter(|e| e.code == "RequestTimeTooSkewed")
        {
            let req = err
                .request_time
                .as_deref()
                .or(amz_date.as_deref())
                .and_then(parse_any);
            let srv = err
                .server_time
                .as_deref()
                .and_then(parse_any)
                .or_else(|| response_date(cx));
            let mut evidence = vec![format!(
                "server: {}",
                err.message.as_deref().unwrap_or("RequestTimeTooSkewed")
            )];
            let mut message =
                "The server refused the request time as too far from its clock.".to_string();
            if let (Some(r), Some(s)) = (req, srv) {
                let skew = (r - s).whole_seconds();
                evidence.push(format!("request time: {}", rfc3339(r)));
                evidence.push(format!("server time:  {}", rfc3339(s)));
                message = format!(
                    "The client's clock is {} {} the server's (limit: 15m).",
                    human_duration(skew.abs()),
                    if skew > 0 { "ahead of" } else { "behind" }
                );
            }
            return Some(finding(message, evidence, 95));
        }
        let amz_date = amz_date?;
        let req_time = parse_any(&amz_date);
        // 2. A failure, and the server's Date header shows a large skew.
        // (A body-less 403, as S3 answers HEAD, is a refusal too.)
        if !cx.has_signature_failure() && ex.server.is_none() && !cx.refused() {
            return None;
        }
        let (req_time, server_time) = (req_time?, response_date(cx)?);
        let skew = (req_time - server_time).whole_seconds();
        if skew.abs() <= MAX_SKEW_SECONDS {
            return None;
        }
        Some(finding(
            format!(
                "x-amz-date is {} {} the server's Date header (S3 allows 15m).",
                human_duration(skew.abs()),
                if skew > 0 { "ahead of" } else { "behind" }
            ),
            vec![
                format!("x-amz-date:  {amz_date}"),
                format!("server Date: {server_time}"),
            ],
            70,
        ))
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

fn response_date(cx: &Context<'_>) -> Option<time::OffsetDateTime> {
    cx.exchange
        .response
        .as_ref()?
        .header("date")
        .and_then(parse_any)
}

fn finding(message: String, evidence: Vec<String>, specificity: u8) -> Finding {
    Finding {
        rule: META.id,
        title: META.title,
        confidence: Confidence::Likely,
        message,
        evidence,
        fix: "Synchronise the client's clock with NTP (timedatectl set-ntp true) and build x-amz-date and the scope date from one UTC timestamp.".into(),
        specificity,
    }
}

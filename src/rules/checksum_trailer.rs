//! `checksum-trailer`: the flexible-checksum headers (boto3 1.36+ and the
//! 2025 AWS SDKs' defaults) or `aws-chunked` framing broke the request.

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct ChecksumTrailer;

static META: RuleMeta = RuleMeta {
    id: "checksum-trailer",
    title: "Checksum headers, x-amz-trailer or aws-chunked changed or unsupported",
    category: Category::Headers,
    needs: "the request as received (headers), best with the client's canonical request",
    docs: DOCS,
};

/// Headers that belong to the checksum / streaming machinery.
fn is_checksum_header(name: &str) -> bool {
    name.starts_with("x-amz-checksum-")
        || matches!(
            name,
            "x-amz-sdk-checksum-algorithm"
                | "x-amz-trailer"
                | "x-amz-decoded-content-length"
                | "content-md5"
                | "content-encoding"
        )
}

const DOCS: &str = r#"## What it means
Since January 2025 boto3/botocore 1.36, the AWS CLI v2.23 and the other
AWS SDKs compute a CRC checksum for every upload by default
(`request_checksum_calculation = when_supported`). They add
`x-amz-sdk-checksum-algorithm`, `x-amz-checksum-crc32` (or send the
checksum as a trailer: `x-amz-trailer`, `Content-Encoding: aws-chunked`,
`x-amz-decoded-content-length`, payload hash
`STREAMING-UNSIGNED-PAYLOAD-TRAILER`). These headers are signed. A proxy
that strips or rewrites them, or an S3-compatible server that does not
know the trailer format, then fails the request — often with
`SignatureDoesNotMatch`, sometimes `XAmzContentSHA256Mismatch`, `InvalidArgument`
or `NotImplemented`. `Content-MD5` behaves the same when a hop recompresses
the body.

## How to recognise it
* one of those headers differs or is empty on the server's side;
* the request uses `aws-chunked` / a `STREAMING-…-TRAILER` payload hash and
  the server is not AWS;
* the failures started with an SDK upgrade, for uploads only.

## Example
```text
SignedHeaders=…;x-amz-checksum-crc32;x-amz-sdk-checksum-algorithm;…
server: x-amz-checksum-crc32:        client: x-amz-checksum-crc32:AAAAAA==
```

## Fix
* boto3/botocore ≥ 1.36 and AWS CLI: `request_checksum_calculation =
  when_required` and `response_checksum_validation = when_required` in
  `~/.aws/config` (or `AWS_REQUEST_CHECKSUM_CALCULATION=when_required`;
  boto3 `Config(request_checksum_calculation='when_required')`).
* AWS SDK for JS v3: `requestChecksumCalculation: "WHEN_REQUIRED"`;
  Java v2: `.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)`;
  Go v2: `o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired`;
  Rust: `.request_checksum_calculation(RequestChecksumCalculation::WhenRequired)`.
* curl: do not pass checksum headers you did not compute for this body.
* S3-compatible servers: upgrade (MinIO, Ceph RGW and Garage added
  trailer support in 2025 releases), or configure clients as above;
  proxies must pass `x-amz-*` and `Content-Encoding` unchanged.

## References
* AWS SDKs: "Data integrity protections for Amazon S3" (Jan 2025 defaults).
* boto3 issue 4392; botocore 1.36 changelog.
"#;

impl Rule for ChecksumTrailer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (so, co) = cx.origins();
        // 1. A checksum header differs or vanished between the sides.
        for (name, server, client) in cx.header_differences() {
            if !is_checksum_header(name) {
                continue;
            }
            let sv = server.unwrap_or("(absent)");
            let cv = client.unwrap_or("(absent)");
            return Some(META.finding(
                Confidence::Likely,
                91,
                format!("The checksum header `{name}` was signed as `{cv}` but the server saw `{sv}`: a hop changed or dropped it."),
                vec![
                    format!("server: `{name}:{sv}`   ({so})"),
                    format!("client: `{name}:{cv}`   ({co})"),
                ],
                format!("Let `{name}` through unchanged, or turn off default checksums (boto3/CLI: request_checksum_calculation = when_required)."),
            ));
        }
        let wire = cx.wire()?;
        let signed = cx.signed_headers();
        // 2. A signed checksum header is missing on the wire.
        if let Some(name) = signed
            .iter()
            .find(|n| is_checksum_header(n) && wire.header(n).is_none())
        {
            return Some(META.finding(
                Confidence::Likely,
                91,
                format!("The checksum header `{name}` is signed but did not reach the server."),
                vec![format!("signed headers: {}", signed.join(";"))],
                format!("Let `{name}` through unchanged, or turn off default checksums (boto3/CLI: request_checksum_calculation = when_required)."),
            ));
        }
        // 3. Trailer / aws-chunked framing against a failing server.
        let payload = wire.header("x-amz-content-sha256").unwrap_or("").trim();
        let chunked = wire
            .header("content-encoding")
            .is_some_and(|v| v.contains("aws-chunked"));
        let trailer = wire.header("x-amz-trailer").is_some() || payload.ends_with("-TRAILER");
        if !(chunked || trailer) || cx.error().is_none() {
            return None;
        }
        let not_aws = cx
            .dialect
            .as_ref()
            .is_some_and(|d| d.dialect != crate::model::dialect::Dialect::Aws);
        let mut evidence = vec![format!("x-amz-content-sha256: {payload}")];
        if let Some(t) = wire.header("x-amz-trailer") {
            evidence.push(format!("x-amz-trailer: {t}"));
        }
        if let Some(d) = &cx.dialect {
            evidence.push(format!("server: {} ({})", d.dialect.name(), d.evidence));
        }
        Some(META.finding(
            if not_aws { Confidence::Likely } else { Confidence::Possible },
            if not_aws { 78 } else { 45 },
            "The upload uses the SDK's default checksum trailer (aws-chunked framing); S3-compatible servers and proxies that predate it reject or mangle such requests.".into(),
            evidence,
            "Set request_checksum_calculation = when_required (boto3/CLI config, AWS_REQUEST_CHECKSUM_CALCULATION env; JS/Java/Go/Rust have the same client option), or upgrade the server.",
        ))
    }
}

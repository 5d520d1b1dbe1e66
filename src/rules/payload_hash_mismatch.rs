//! `payload-hash-mismatch`: `x-amz-content-sha256` is not the hash of the
//! body that arrived (`XAmzContentSHA256Mismatch`).

use crate::report::Confidence;
use crate::sigv4::is_special_payload_hash;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct PayloadHashMismatch;

static META: RuleMeta = RuleMeta {
    id: "payload-hash-mismatch",
    title: "x-amz-content-sha256 is not the body's hash",
    category: Category::Payload,
    needs: "an XAmzContentSHA256Mismatch error, or the request as received with its body",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
For S3, the last line of the canonical request is the value of
`x-amz-content-sha256`: the hex SHA-256 of the body, or a marker such as
`UNSIGNED-PAYLOAD`. S3 hashes the body it receives and compares: a
different body (re-serialized JSON, a newline added, text-mode line ending
conversion, a body compressed by a proxy, a stream read twice so the
second read is empty) gives `XAmzContentSHA256Mismatch` with
`ClientComputedContentSHA256` and `S3ComputedContentSHA256`.

## How to recognise it
* `<Code>XAmzContentSHA256Mismatch</Code>`;
* `x-amz-content-sha256` in the request differs from the SHA-256 of the
  body captured with it.

## Example
```text
x-amz-content-sha256: 5f2b…   (hash of {"a":1})
body received:        {"a": 1}\n   sha256 9c1e…
```

## Fix
* Hash exactly the bytes you send, after any serialization; open files
  in binary mode; rewind streams before retrying.
* boto3/botocore: pass `Body=` bytes or a binary file object; do not
  reuse a consumed stream.
* AWS SDKs for JS/Java/Go/Rust: give a `Buffer`/`byte[]`/`io.ReadSeeker`/
  `ByteStream` with a known length; not a one-shot stream on retries.
* AWS CLI: not affected unless a proxy changes the body.
* curl `--aws-sigv4`: compute `x-amz-content-sha256` from the file you
  pass to `--data-binary @file` / `-T file` (not `-d`, which strips newlines).
* S3-compatible servers: all check it; proxies must not compress or
  re-encode bodies.

## References
* AWS S3 error codes: XAmzContentSHA256Mismatch.
"#;

impl Rule for PayloadHashMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        if let Some(err) = cx.error().filter(|e| e.code == "XAmzContentSHA256Mismatch") {
            let mut evidence = vec![format!(
                "server: XAmzContentSHA256Mismatch {}",
                cx.error_message()
            )];
            if let (Some(c), Some(s)) = (
                &err.client_computed_content_sha256,
                &err.s3_computed_content_sha256,
            ) {
                evidence.push(format!("client computed: {c}"));
                evidence.push(format!("server computed: {s}"));
            }
            return Some(META.finding(
                Confidence::Likely,
                96,
                "The server hashed the body it received and got another SHA-256 than x-amz-content-sha256 says.".into(),
                evidence,
                "Hash exactly the bytes you send (after serialization, in binary mode), and do not let a proxy change the body.",
            ));
        }
        let req = cx.exchange.request.as_ref()?;
        let claimed = req.http.header("x-amz-content-sha256")?.trim();
        if is_special_payload_hash(claimed)
            || req
                .http
                .header("content-encoding")
                .is_some_and(|v| v.contains("aws-chunked"))
        {
            return None;
        }
        let body = req.body_sha256.as_deref()?;
        // A capture that stops at the headers has no body to compare.
        if claimed.eq_ignore_ascii_case(body)
            || req.body_len == Some(0)
                && req
                    .http
                    .header("content-length")
                    .is_some_and(|l| l.trim() != "0")
        {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            90,
            "x-amz-content-sha256 is not the SHA-256 of the body that arrived: the body changed after it was hashed.".into(),
            vec![
                format!("x-amz-content-sha256: {claimed}"),
                format!("sha256 of the body as received ({} bytes): {body}", req.body_len.unwrap_or(0)),
            ],
            "Hash exactly the bytes you send (after serialization, in binary mode), and do not let a proxy change the body.",
        ))
    }
}

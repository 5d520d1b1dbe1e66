//! `unsigned-x-amz-header`: an `x-amz-*` header was sent but not signed
//! (S3's `HeadersNotSigned`).

use crate::report::Confidence;
use crate::sigv4::Location;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct UnsignedXAmzHeader;

static META: RuleMeta = RuleMeta {
    id: "unsigned-x-amz-header",
    title: "x-amz-* header sent but not signed (HeadersNotSigned)",
    category: Category::Headers,
    needs: "the request as received with its signed-header list, or an error naming the header",
    docs: DOCS,
};

/// Headers S3 does not require to be signed.
const EXEMPT: &[&str] = &["x-amz-signature", "x-amz-content-sha256"];

const DOCS: &str = r#"## What it means
S3 requires every `x-amz-*` header it receives to be signed. A presigned
URL signs only `host` (and whatever was given when it was made), so an
upload that adds `x-amz-meta-*`, `x-amz-acl`, `x-amz-server-side-encryption`
or `x-amz-checksum-*` headers the URL did not sign is refused: AWS answers
`AccessDenied` "There were headers present in the request which were not
signed" with `<HeadersNotSigned>`. The same happens when a proxy or SDK
middleware adds an `x-amz-*` header after signing.

## How to recognise it
* `AccessDenied` with `HeadersNotSigned`, or Garage's "Header
  `x-amz-meta-…` should be signed" (`InvalidRequest`);
* an `x-amz-*` header in the request that is not in `SignedHeaders` /
  `X-Amz-SignedHeaders`.

## Example
```text
X-Amz-SignedHeaders=host
x-amz-meta-owner: alice          (sent, not signed)
```

## Fix
* boto3: pass the headers when presigning:
  `generate_presigned_url('put_object', Params={'Bucket': b, 'Key': k,
  'Metadata': {'owner': 'alice'}})` and send exactly those headers.
* AWS SDKs for JS/Java/Go/Rust: put metadata/ACL/SSE in the command
  passed to the presigner (JS `getSignedUrl(client, new PutObjectCommand({...Metadata}))`,
  Java `PutObjectPresignRequest`, Go `PresignPutObject`), or use
  `unhoistableHeaders`/`hoistableHeaders` options so they go in the query.
* AWS CLI: `aws s3 presign` only makes GET URLs; sign PUTs with an SDK.
* curl: send only the headers the URL was signed with.
* S3-compatible servers: Garage enforces it; s3s accepts unsigned
  `x-amz-*` headers (so a URL can work there and fail on AWS).

## References
* AWS S3: "Uploading objects with presigned URLs"; error `AccessDenied`
  with `HeadersNotSigned`.
"#;

impl Rule for UnsignedXAmzHeader {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let message = cx.error_message();
        let server_says = message.contains("headers present in the request which were not signed")
            || message.contains("should be signed");
        let wire = cx.wire();
        let claim = cx.claim.as_ref();
        let signed = cx.signed_headers();
        // A set for the look-ups: thousands of headers stay linear.
        let signed_set: std::collections::HashSet<&str> =
            signed.iter().map(String::as_str).collect();
        let unsigned: Vec<String> = match (wire, claim) {
            (Some(w), Some(_)) => w
                .headers
                .iter()
                .map(|(n, _)| n.to_ascii_lowercase())
                .filter(|n| {
                    n.starts_with("x-amz-")
                        && !EXEMPT.contains(&n.as_str())
                        && !signed_set.contains(n.as_str())
                })
                .collect(),
            _ => Vec::new(),
        };
        if unsigned.is_empty() && !server_says {
            return None;
        }
        let presigned = claim.is_some_and(|c| c.location == Location::Query);
        let mut evidence = Vec::new();
        if server_says {
            evidence.push(format!(
                "server ({}): {message}",
                cx.error_code().unwrap_or("?")
            ));
        }
        if !unsigned.is_empty() {
            evidence.push(format!("sent but not signed: {}", unsigned.join(", ")));
            evidence.push(format!("signed headers: {}", signed.join(";")));
        }
        let names = if unsigned.is_empty() {
            "an x-amz-* header".to_string()
        } else {
            unsigned
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (confidence, specificity) = if server_says {
            (Confidence::Likely, 96)
        } else if cx.has_signature_failure() || cx.error_code() == Some("AccessDenied") {
            (Confidence::Likely, 75)
        } else {
            (Confidence::Possible, 45)
        };
        Some(META.finding(
            confidence,
            specificity,
            format!(
                "{names} {} sent without being signed; S3 requires every x-amz-* header to be signed{}.",
                if unsigned.len() == 1 { "was" } else { "were" },
                if presigned { " (a presigned URL signs only what it was generated with)" } else { "" }
            ),
            evidence,
            if presigned {
                "Generate the presigned URL with these headers (boto3: put them in Params, e.g. Metadata/ACL/ServerSideEncryption) and send exactly those; or stop sending them."
            } else {
                "Add the header before signing (not in a middleware or proxy after it), or do not send it."
            },
        ))
    }
}

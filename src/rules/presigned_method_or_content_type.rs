//! `presigned-method-or-content-type`: a presigned URL used with another
//! method, or with a Content-Type it was not signed with.

use crate::analysis::Field;
use crate::report::{Confidence, Finding};
use crate::sigv4::Location;

use super::{Context, Rule, RuleMeta};

pub struct PresignedMethodOrContentType;

static META: RuleMeta = RuleMeta {
    id: "presigned-method-or-content-type",
    title: "Presigned URL used with another method or Content-Type",
    category: super::Category::Transit,
    needs: "a presigned request (X-Amz-Signature in the query); best with the canonical request the URL was signed with",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
A presigned URL signs one exact request: the HTTP method, the path, the
query, and every header listed in `X-Amz-SignedHeaders`. The method is not
written in the URL, so a URL made for `get_object` fails when used for a
PUT. When the URL was generated with a `ContentType`, `content-type` is a
signed header and the upload must send that value byte for byte; browsers
and `fetch` add or change Content-Type (`application/octet-stream`,
`image/jpeg` from the file, `; charset=UTF-8`).

## How to recognise it
* the query has `X-Amz-Signature`;
* the method or `content-type` line differs between the canonical request
  the URL was signed with and the server's;
* `content-type` is in `X-Amz-SignedHeaders` and the request sent a
  Content-Type (it must be the signed one).

## Example
```text
X-Amz-SignedHeaders=content-type;host
signed: content-type:image/png      sent: content-type:image/jpeg
```

## Fix
* boto3: `generate_presigned_url('put_object', Params={'Bucket': b,
  'Key': k, 'ContentType': t})` and send exactly `Content-Type: t`; use
  `'put_object'` for uploads, `'get_object'` for downloads.
* AWS SDK for JS v3: `getSignedUrl(client, new PutObjectCommand({…,
  ContentType}))`, then `fetch(url, {method: 'PUT', headers:
  {'Content-Type': t}})`. Java `S3Presigner.presignPutObject`, Go
  `PresignPutObject`, Rust `put_object().presigned(...)`: same rule.
* curl: `curl -X PUT -H 'Content-Type: t' --upload-file f URL`.
* Leave ContentType out of the presign call if clients cannot control it.

## References
* AWS re:Post: troubleshoot SigV4 signature mismatch with presigned URLs.
* AWS S3: Uploading objects with presigned URLs.
"#;

impl Rule for PresignedMethodOrContentType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx
            .claim
            .as_ref()
            .filter(|c| c.location == Location::Query)?;
        let fix = "Use the URL with the method and Content-Type it was generated for (or regenerate it for the request you send).".to_string();
        if let Some(d) = cx.analysis.difference(&Field::Method) {
            let (s, c) = (
                d.server.as_deref().unwrap_or("?"),
                d.client.as_deref().unwrap_or("?"),
            );
            return Some(Finding {
                rule: META.id,
                title: META.title,
                confidence: Confidence::Likely,
                message: format!("The URL was signed for {c} but used with {s}."),
                evidence: vec![format!("method server: {s}"), format!("method client: {c}")],
                fix: format!(
                    "Generate the URL for {s} (boto3: generate_presigned_url('{}', …)).",
                    if s == "PUT" {
                        "put_object"
                    } else {
                        "get_object"
                    }
                ),
                specificity: 90,
            });
        }
        if let Some(d) = cx
            .analysis
            .difference(&Field::Header("content-type".into()))
        {
            let (s, c) = (
                d.server.as_deref().unwrap_or("(absent)"),
                d.client.as_deref().unwrap_or("(absent)"),
            );
            return Some(Finding {
                rule: META.id,
                title: META.title,
                confidence: Confidence::Likely,
                message: format!(
                    "The URL was signed with Content-Type `{c}` but the request sent `{s}`."
                ),
                evidence: vec![
                    format!("content-type server: {s}"),
                    format!("content-type client: {c}"),
                ],
                fix: format!("Send `Content-Type: {c}` exactly, or presign without a ContentType."),
                specificity: 90,
            });
        }
        if !cx.has_signature_failure() {
            return None;
        }
        if let Some(f) = sigv2_string_to_sign(cx, claim) {
            return Some(f);
        }
        let req = cx.exchange.request.as_ref()?;
        let signed_ct = claim
            .signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("content-type"));
        let sent_ct = req.http.header("content-type");
        if signed_ct {
            return Some(Finding {
                rule: META.id,
                title: META.title,
                confidence: Confidence::Possible,
                message: format!(
                    "The URL signs content-type and the request sent {}; unless that is byte for byte the value it was generated with, the signature fails.",
                    sent_ct
                        .map(|v| format!("`{v}`"))
                        .unwrap_or_else(|| "none".into())
                ),
                evidence: vec![format!(
                    "X-Amz-SignedHeaders: {}",
                    claim.signed_headers.join(";")
                )],
                fix,
                specificity: 50,
            });
        }
        // A URL that records its operation (`x-id=PutObject`) tells its
        // method; used with that method, the method is not the cause.
        let recorded =
            crate::model::presigned::smithy_operation(&req.http.query).and_then(|(_, m)| m);
        if req.http.method != "GET" && recorded != Some(req.http.method.as_str()) {
            return Some(Finding {
                rule: META.id,
                title: META.title,
                confidence: Confidence::Possible,
                message: format!(
                    "A presigned URL was used with {}; if it was generated for another operation (e.g. get_object), the signature cannot match.",
                    req.http.method
                ),
                evidence: vec![format!("method sent: {}", req.http.method)],
                fix,
                specificity: 20,
            });
        }
        None
    }
}

/// A SigV2 presigned URL: S3's own string to sign (`METHOD`, Content-MD5,
/// Content-Type, Expires, …) shows the Content-Type the request carried. A
/// URL is presigned over an empty Content-Type unless the presigner was
/// given one, so a value there is the likely mismatch (a browser's or a
/// form library's default, say).
fn sigv2_string_to_sign(cx: &Context<'_>, claim: &crate::sigv4::AuthClaim) -> Option<Finding> {
    if claim.scheme != crate::sigv4::AuthScheme::SigV2 {
        return None;
    }
    let sts = cx.error()?.string_to_sign_text()?;
    if sts.starts_with("AWS4-") {
        return None;
    }
    let mut lines = sts.split('\n');
    let method = lines.next()?;
    let _md5 = lines.next()?;
    let content_type = lines.next()?.trim();
    if content_type.is_empty() {
        return None;
    }
    Some(META.finding(
        Confidence::Possible,
        80,
        format!("The server's SigV2 string to sign carries the Content-Type `{content_type}` the request was sent with; a URL presigned without a Content-Type signs an empty one, so the browser or library that added it broke the signature."),
        vec![
            format!("server string to sign: method {method}, Content-Type `{content_type}`"),
            "signature version 2, presigned in the query".into(),
        ],
        "Send the request without a Content-Type (jQuery: `contentType: false, processData: false`), or presign with exactly the Content-Type you will send.",
    ))
}

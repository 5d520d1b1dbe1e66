//! `global-endpoint-redirect`: a request signed for the global endpoint
//! (`s3.amazonaws.com`) of a bucket that lives in another region, answered
//! with a redirect to the regional endpoint.

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct GlobalEndpointRedirect;

static META: RuleMeta = RuleMeta {
    id: "global-endpoint-redirect",
    title: "Endpoint not in the bucket's region (global endpoint): S3 redirects",
    category: Category::Transit,
    needs: "the request (or presigned URL) and the response status with its headers (307/301, x-amz-bucket-region, Location)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
`s3.amazonaws.com` (and `bucket.s3.amazonaws.com`) is the legacy global
endpoint. For a bucket created outside us-east-1, S3 answers a request
sent there with `307 Temporary Redirect` (for new buckets, DNS has not
caught up) or `301 PermanentRedirect` and names the regional endpoint in
`Location` and `x-amz-bucket-region`. The signature was made for the
global host: a client that follows the redirect with the same signed
request (a browser, curl `-L`, an HTTP library) sends a `host` the
signature does not cover, and the regional endpoint refuses it
(`SignatureDoesNotMatch`, or `AuthorizationHeaderMalformed` for the region).

## How to recognise it
* the request or presigned URL's host is `s3.amazonaws.com` or
  `<bucket>.s3.amazonaws.com`;
* the response is a 307 or 301 with `x-amz-bucket-region` (or a
  `Location` on `<bucket>.s3.<region>.amazonaws.com`);
* the credential scope names a region other than us-east-1.

## Example
```text
GET https://my-bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIA…/20210713/eu-west-2/s3/aws4_request&…
HTTP/1.1 307 Temporary Redirect
x-amz-bucket-region: eu-west-2
Location: https://my-bucket.s3.eu-west-2.amazonaws.com/k?…
```

## Fix
* boto3 / AWS CLI: create the client with the bucket's region and the
  regional endpoint: `boto3.client('s3', region_name='eu-west-2',
  config=Config(signature_version='s3v4'))`; for presigning also
  `endpoint_url='https://s3.eu-west-2.amazonaws.com'` on old botocore.
* AWS SDKs for JS/Java/Go/Rust: set the client's region to the bucket's;
  do not pin the endpoint to `s3.amazonaws.com`.
* curl and hand-made signers: sign for `<bucket>.s3.<region>.amazonaws.com`
  and the region in the scope.
* Presigned URLs: generate them with a client in the bucket's region.

## References
* Amazon S3 User Guide: "Making requests — Temporary redirects"
  (307 for buckets in other regions through the global endpoint).
"#;

/// `s3.amazonaws.com` or `<bucket>.s3.amazonaws.com` (no region in it).
pub fn is_global_host(host: &str) -> bool {
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    host == "s3.amazonaws.com" || host.ends_with(".s3.amazonaws.com")
}

impl Rule for GlobalEndpointRedirect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let host = cx.wire().and_then(|w| w.header("host"))?.trim().to_string();
        if !is_global_host(&host) {
            return None;
        }
        let response = cx.exchange.response.as_ref();
        let status = response.and_then(|r| r.status);
        let bucket_region = response
            .and_then(|r| r.header("x-amz-bucket-region"))
            .map(|r| r.trim().to_string());
        let location = response
            .and_then(|r| r.header("location"))
            .map(str::to_string);
        let scope_region = cx.credential().map(|c| c.scope.region.clone());
        let redirected = matches!(status, Some(301 | 307))
            || cx
                .error_code()
                .is_some_and(|c| c == "PermanentRedirect" || c == "TemporaryRedirect");
        let other_region = bucket_region
            .clone()
            .or_else(|| scope_region.clone())
            .filter(|r| r != "us-east-1");
        let region = other_region?;
        let mut evidence = vec![format!("signed host: {host} (the global endpoint)")];
        if let Some(s) = status {
            evidence.push(format!("response: HTTP {s}"));
        }
        if let Some(r) = &bucket_region {
            evidence.push(format!("x-amz-bucket-region: {r}"));
        }
        if let Some(l) = &location {
            let l: String = l.split('?').next().unwrap_or(l).to_string();
            evidence.push(format!("Location: {l}"));
        }
        if let Some(r) = &scope_region {
            evidence.push(format!("credential scope region: {r}"));
        }
        // The redirect is the server's own statement; without it, a global
        // host with another region in the scope is a strong sign only.
        let confidence = if redirected {
            Confidence::Confirmed
        } else {
            Confidence::Possible
        };
        Some(META.finding(
            confidence,
            92,
            format!("The request was signed for the global endpoint `{host}`, but the bucket is in {region}: S3 redirects it to the regional endpoint, where the signed host no longer matches."),
            evidence,
            format!("Sign for the regional endpoint (`<bucket>.s3.{region}.amazonaws.com`) with region {region} in the scope: create the client (or presigner) with region_name='{region}'."),
        ))
    }
}

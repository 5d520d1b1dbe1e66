//! `region-scope`: the credential scope names a region the bucket or the
//! server does not use.

use crate::analysis::Field;
use crate::model::server_says::Stated;
use crate::report::{Confidence, Finding};

use super::{Context, Rule, RuleMeta};

pub struct RegionScope;

static META: RuleMeta = RuleMeta {
    id: "region-scope",
    title: "Signed for the wrong region",
    category: super::Category::Scope,
    needs: "an AuthorizationHeaderMalformed error, an x-amz-bucket-region response header, or both string-to-sign texts",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The credential scope (`AKID/20130524/us-west-2/s3/aws4_request`) binds the
signature to one region. The signing key is derived from it, so a request
signed for `us-west-2` cannot verify in `eu-central-1`. AWS answers
`AuthorizationHeaderMalformed` and names the region it expected; a
presigned URL gets `AuthorizationQueryParametersError` or
`SignatureDoesNotMatch`. S3-compatible servers have their own region:
Garage accepts only its configured one (`garage` by default), Cloudflare R2
uses `auto`, MinIO `us-east-1` unless configured.

## How to recognise it
* `<Code>AuthorizationHeaderMalformed</Code>` with `<Region>` or a message
  "the region 'X' is wrong; expecting 'Y'";
* an `x-amz-bucket-region` response header that differs from the scope;
* Garage: "unexpected scope … expected '…/garage/s3/aws4_request'";
* the scope line differs between the two strings to sign.

## Example
```text
scope:  20130524/us-west-2/s3/aws4_request
server: expecting 'eu-central-1'
```

## Fix
* boto3: `boto3.client('s3', region_name='eu-central-1')`, or
  `AWS_DEFAULT_REGION`; presign with the bucket's region.
* AWS CLI: `--region eu-central-1` or `region =` in the profile.
* AWS SDKs for JS/Java/Go/Rust: set the client's `region` to the bucket's
  (JS `new S3Client({ region })`, Java `Region.of(...)`, Go
  `config.WithRegion`, Rust `aws_config::from_env().region(...)`).
* curl: `--aws-sigv4 "aws:amz:eu-central-1:s3"`.
* S3-compatible servers: use the server's region (`garage`, `auto` for R2,
  the MinIO `MINIO_REGION`).

## References
* AWS S3 error codes: AuthorizationHeaderMalformed.
* `aws s3api get-bucket-location --bucket NAME`.
"#;

impl Rule for RegionScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let signed_region = cx
            .claim
            .as_ref()
            .and_then(|c| c.credential.as_ref())
            .map(|c| c.scope.region.clone());
        let mut evidence = Vec::new();
        let mut expected: Option<String> = None;
        let mut claimed = signed_region.clone();
        // The server's own words: AWS's "the region 'X' is wrong; expecting
        // 'Y'" and <Region>, Garage's "unexpected scope … expected …".
        if let Some((used, wants)) = cx.stated(|s| match s {
            Stated::Region { used, expected } => Some((used.clone(), expected.clone())),
            _ => None,
        }) && let Some(says) = &cx.says
        {
            evidence.push(format!("the server says: {}", says.quote()));
            expected = wants;
            claimed = claimed.or(used);
            if expected.is_none() {
                // The server rejected the region without naming its own.
                let used = claimed
                    .as_ref()
                    .map_or_else(|| "the region".to_string(), |c| format!("the region `{c}`"));
                return Some(META.finding(
                    Confidence::Confirmed,
                    95,
                    format!("The server rejects {used} in the credential scope."),
                    evidence,
                    "Sign for the region the server (or the bucket) is in: boto3 `region_name=…`, AWS CLI `--region …`, curl `--aws-sigv4 \"aws:amz:REGION:s3\"`; for an S3-compatible server, its configured region (MinIO: `mc admin config get myminio region`, Garage: `s3_region` in garage.toml).",
                ));
            }
        }
        if expected.is_none()
            && let Some(r) = cx
                .exchange
                .response
                .as_ref()
                .and_then(|r| r.header("x-amz-bucket-region"))
            && signed_region.as_deref().is_some_and(|s| s != r.trim())
        {
            evidence.push(format!("response header x-amz-bucket-region: {r}"));
            expected = Some(r.trim().to_string());
        }
        if expected.is_none()
            && let Some(d) = cx.analysis.difference(&Field::Scope)
        {
            let region = |s: &Option<String>| {
                s.as_deref()
                    .and_then(|s| s.split('/').nth(1))
                    .map(str::to_string)
            };
            let (sr, cr) = (region(&d.server), region(&d.client));
            if sr.is_some() && sr != cr {
                evidence.push(format!(
                    "scope server: {}",
                    d.server.as_deref().unwrap_or("")
                ));
                evidence.push(format!(
                    "scope client: {}",
                    d.client.as_deref().unwrap_or("")
                ));
                expected = sr;
                claimed = claimed.or(cr);
            }
        }
        let expected = expected?;
        if claimed.as_deref() == Some(expected.as_str()) {
            return None;
        }
        if let Some(c) = &cx.claim.as_ref().and_then(|c| c.credential.clone()) {
            evidence.insert(0, format!("credential scope: {}", c.scope));
        }
        let claimed_text = claimed
            .map(|c| format!("`{c}`"))
            .unwrap_or_else(|| "another region".into());
        Some(Finding {
            rule: META.id,
            title: META.title,
            confidence: Confidence::Likely,
            message: format!(
                "The request was signed for {claimed_text}, but the server expects `{expected}`."
            ),
            evidence,
            fix: format!(
                "Sign for region `{expected}`: boto3 `region_name='{expected}'`, AWS CLI `--region {expected}`, curl `--aws-sigv4 \"aws:amz:{expected}:s3\"`; regenerate presigned URLs with that region."
            ),
            specificity: 95,
        })
    }
}

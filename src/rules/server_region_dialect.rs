//! `server-region-dialect`: an S3-compatible server with its own region
//! (Garage `garage`, R2 `auto`) got a request signed for an AWS region.

use crate::model::server_says::Stated;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct ServerRegionDialect;

static META: RuleMeta = RuleMeta {
    id: "server-region-dialect",
    title: "Region not the one this S3-compatible server uses",
    category: Category::Dialects,
    needs: "the credential and a recognisable server (Server header, endpoint host or error body shape)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
S3-compatible servers verify the region in the credential scope against
their own setting, not AWS's list. Garage accepts only its `s3_region`
(`garage` by default), Cloudflare R2 expects `auto` (and tolerates
`us-east-1`), MinIO uses `MINIO_REGION` (default `us-east-1`), Ceph RGW
its zonegroup name. A client left at `us-west-2` or `eu-central-1`
fails — Garage answers `AuthorizationHeaderMalformed` naming the scope
it expected, or `AccessDenied` "Forbidden: Invalid signature" for a
presigned URL; others just "SignatureDoesNotMatch". When the server
names the region, `region-scope` reports it; this rule covers the
servers that do not.

## How to recognise it
The server is Garage/R2/… (its `Server` header, the endpoint's host, or
the shape of the error body) and the scope's region is not the one it
uses.

## Example
```text
server: Garage (error body "Forbidden: Invalid signature")
scope:  20240101/us-east-1/s3/aws4_request   (Garage expects 'garage')
```

## Fix
* boto3: `boto3.client('s3', endpoint_url=…, region_name='garage')`
  (`'auto'` for R2).
* AWS SDKs for JS/Java/Go/Rust: `region: 'auto'` / `Region.of("garage")` /
  `config.WithRegion("garage")` / `Region::new("garage")`.
* AWS CLI: `--region garage` or `region = garage` in the profile.
* curl: `--aws-sigv4 "aws:amz:garage:s3"`.
* Server side: Garage `s3_api.s3_region` in `garage.toml`; MinIO
  `MINIO_REGION`.

## References
* Garage configuration reference (`s3_region`); Cloudflare R2 "S3 API
  compatibility" (region `auto`).
"#;

impl Rule for ServerRegionDialect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let detected = cx.dialect.as_ref()?;
        let expected = detected.dialect.default_regions();
        let region = &cx.credential()?.scope.region;
        if expected.is_empty() || expected.contains(&region.as_str()) || cx.error().is_none() {
            return None;
        }
        // The server named the region it wants: that is `region-scope`'s case.
        if cx.error().is_some_and(|e| e.region.is_some())
            || cx
                .stated(|s| match s {
                    Stated::Region { expected, .. } => expected.clone(),
                    _ => None,
                })
                .is_some()
        {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            82,
            format!(
                "The request is signed for `{region}`, but {} uses `{}` (unless configured otherwise).",
                detected.dialect.name(),
                expected[0]
            ),
            vec![
                format!("server: {} ({})", detected.dialect.name(), detected.evidence),
                format!("credential scope region: {region}"),
            ],
            format!("Sign for the server's region: boto3 region_name='{0}', AWS CLI --region {0}, curl --aws-sigv4 \"aws:amz:{0}:s3\".", expected[0]),
        ))
    }
}

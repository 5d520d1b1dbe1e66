//! `access-key-mismatch`: the access key is not one the server knows, or
//! not the one the secret belongs to.

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct AccessKeyMismatch;

static META: RuleMeta = RuleMeta {
    id: "access-key-mismatch",
    title: "Unknown access key, or not the one the server reports",
    category: Category::Keys,
    needs: "an InvalidAccessKeyId error, or the server's AWSAccessKeyId with the request's credential",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The access key id in the credential selects the secret the server
verifies with. A key from another account, profile, environment or
server (an AWS key sent to MinIO, a MinIO key sent to AWS), a deleted or
deactivated key, or a key mangled on the way (URL-encoding of `/` in a
presigned URL done twice) either is unknown (`InvalidAccessKeyId`) or
belongs to another secret than the one used to sign.

## How to recognise it
* `<Code>InvalidAccessKeyId</Code>` (s3s: `NotSignedUp`);
* the error's `AWSAccessKeyId` differs from the `Credential=` access key.

## Example
```text
Credential=AKIAI44QH8DHBEXAMPLE/20240101/us-east-1/s3/aws4_request
<Code>InvalidAccessKeyId</Code>
```

## Fix
* Check which credentials the client uses: `aws sts get-caller-identity`
  (AWS), `aws configure list`, the `AWS_ACCESS_KEY_ID` /
  `AWS_PROFILE` environment, `~/.aws/credentials`.
* boto3: `boto3.Session().get_credentials().access_key`; explicit keys
  beat the environment.
* AWS SDKs for JS/Java/Go/Rust: the default provider chain order (env,
  profile, SSO, container, instance) — an old env variable wins.
* curl: `--user AKID:SECRET` with the pair issued together.
* S3-compatible servers: keys are per server (MinIO `mc admin user`,
  Garage `garage key info`).

## References
* AWS S3 error codes: InvalidAccessKeyId.
"#;

impl Rule for AccessKeyMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let signed_key = cx.credential().map(|c| c.access_key.clone()).or_else(|| {
            cx.claim
                .as_ref()
                .filter(|c| c.scheme == crate::sigv4::AuthScheme::SigV2)
                .map(|c| c.credential_raw.clone())
        });
        // Whitespace in the key is `access-key-whitespace`.
        if signed_key
            .as_deref()
            .is_some_and(|k| k.trim() != k || k.contains(char::is_whitespace))
        {
            return None;
        }
        let err = cx.error()?;
        // s3s answers `NotSignedUp` for an access key it does not know.
        if err.code == "InvalidAccessKeyId" || err.code == "NotSignedUp" {
            let mut evidence = vec![format!("server: {}: {}", err.code, cx.error_message())];
            if let Some(k) = &signed_key {
                evidence.push(format!("access key used: {k}"));
            }
            return Some(META.finding(
                Confidence::Likely,
                95,
                format!(
                    "The server does not know the access key{}.",
                    signed_key.map(|k| format!(" `{k}`")).unwrap_or_default()
                ),
                evidence,
                "Use an access key issued by this server/account (check `aws configure list`, AWS_ACCESS_KEY_ID, AWS_PROFILE).",
            ));
        }
        let reported = err.aws_access_key_id.as_deref()?.trim();
        let used = signed_key?;
        if reported == used {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            90,
            format!("The server verified with access key `{reported}` but the request was signed as `{used}`."),
            vec![format!("server AWSAccessKeyId: {reported}"), format!("credential access key: {used}")],
            "Sign with the key pair the server expects; check for a stale AWS_ACCESS_KEY_ID or another profile.",
        ))
    }
}

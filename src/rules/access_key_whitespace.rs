//! `access-key-whitespace`: the access key id carries whitespace (a space,
//! a tab, a newline from a copied file).

use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct AccessKeyWhitespace;

static META: RuleMeta = RuleMeta {
    id: "access-key-whitespace",
    title: "Access key id contains whitespace",
    category: Category::Keys,
    needs: "the credential (Authorization header, presigned URL) or the error's AWSAccessKeyId",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Access key ids are 16–128 characters of `A-Z0-9` (S3-compatible servers
allow more, never whitespace). A key pasted with a leading space, read
from a file with its trailing newline, or quoted with spaces in a `.env`
file is sent as written; the server does not find it or, worse, the
signature is computed over a credential scope the server reads
differently.

## How to recognise it
The `Credential=` access key (or the error's `AWSAccessKeyId`) starts or
ends with a space, or contains a tab, newline or `%20`/`%0A`.

## Example
```text
Credential=AKIAIOSFODNN7EXAMPLE /20240101/us-east-1/s3/aws4_request
```

## Fix
* Strip the key where it is read: `key.strip()` (Python),
  `.trim()` (JS/Java/Rust), `strings.TrimSpace` (Go); in shell
  `export AWS_ACCESS_KEY_ID="$(tr -d '[:space:]' < key.txt)"`.
* boto3 / AWS CLI: check `~/.aws/credentials` for stray spaces after `=`
  values and for CRLF line endings.
* AWS SDKs for JS/Java/Go/Rust: same, in env files and secret stores.
* curl: `--user "AKID:SECRET"` without spaces.
* S3-compatible servers: same on every server.

## References
* Seed reports: "invisible characters when I pasted it".
"#;

impl Rule for AccessKeyWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx.claim.as_ref();
        let key = cx
            .credential()
            .map(|c| c.access_key.clone())
            .or_else(|| {
                claim
                    .filter(|c| c.scheme == crate::sigv4::AuthScheme::SigV2)
                    .map(|c| c.credential_raw.clone())
            })
            .or_else(|| cx.error().and_then(|e| e.aws_access_key_id.clone()))?;
        let bad = |k: &str| {
            k.chars().any(char::is_whitespace)
                || ["%20", "%09", "%0A", "%0D"]
                    .iter()
                    .any(|e| k.to_ascii_uppercase().contains(e))
        };
        if !bad(&key) {
            return None;
        }
        Some(META.finding(
            Confidence::Likely,
            96,
            format!("The access key id `{}` contains whitespace.", crate::sanitize::visible(&key)),
            vec![format!("access key as sent: `{}`", crate::sanitize::visible(&key))],
            "Strip whitespace and newlines from the access key where it is read (env file, credentials file, secret store).",
        ))
    }
}

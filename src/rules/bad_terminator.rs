//! `bad-terminator`: the credential scope does not end in `aws4_request`.

use crate::report::Confidence;
use crate::sigv4::Credential;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct BadTerminator;

static META: RuleMeta = RuleMeta {
    id: "bad-terminator",
    title: "Credential scope does not end in aws4_request",
    category: Category::Scope,
    needs: "the credential (Authorization header or presigned URL)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
The credential scope is exactly `DATE/REGION/SERVICE/aws4_request`, and
the last step of the signing-key derivation is `HMAC(kService,
"aws4_request")`. Hand-written signers get it wrong (`aws4-request`,
`aws4_request ` with a space, `AWS4_REQUEST`, a missing field so the
service ends up last), and the server then refuses the credential
(`AuthorizationHeaderMalformed`, "incorrect terminal") or computes another
key.

## How to recognise it
The `Credential=` value's last field is not `aws4_request`, or it has too
few fields.

## Example
```text
Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4-request
```

## Fix
* Use the literal `aws4_request` in the scope and in the key derivation.
* boto3/botocore, AWS SDKs for JS/Java/Go/Rust, AWS CLI, curl: they
  always write it; this is a custom signer's bug — compare with
  `s3sigdiag sign` output.
* S3-compatible servers: all require it.

## References
* AWS SigV4: "Create a string to sign"; "Calculate the signature".
"#;

impl Rule for BadTerminator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let claim = cx.claim.as_ref()?;
        if claim.scheme != crate::sigv4::AuthScheme::SigV4 || claim.credential_raw.is_empty() {
            return None;
        }
        let problem = match Credential::parse(&claim.credential_raw) {
            Ok(c) if c.terminator == "aws4_request" => return None,
            // `aws4_req`: a line cut or wrapped in the paste, not a typo.
            Ok(c) if "aws4_request".starts_with(c.terminator.as_str()) => return None,
            Ok(c) => format!("ends in `{}` instead of `aws4_request`", c.terminator),
            // A scope that ends right but lacks a field (the date, say) is
            // malformed in another way than its terminator.
            Err(_) if claim.credential_raw.ends_with("/aws4_request") => return None,
            Err(_) => "does not have five `/`-separated fields".to_string(),
        };
        Some(META.finding(
            Confidence::Likely,
            94,
            format!("The credential scope {problem}."),
            vec![format!("Credential={}", claim.credential_raw)],
            "Write the scope as ACCESS_KEY/YYYYMMDD/REGION/s3/aws4_request and use \"aws4_request\" in the signing-key derivation.",
        ))
    }
}

//! `session-token`: temporary credentials without their session token, or
//! a signed token that did not arrive.

use crate::analysis::Field;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct SessionToken;

static META: RuleMeta = RuleMeta {
    id: "session-token",
    title: "Session token missing, or signed but not sent",
    category: Category::Headers,
    needs: "the request as received (headers or presigned query) with its credential",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
Temporary credentials (access keys starting `ASIA`, from STS, SSO, an
instance or task role) are three parts: access key, secret, and session
token. The token travels in `X-Amz-Security-Token` (header, or query
parameter for presigned URLs) and is signed. Without it the key is
unknown or invalid; with it signed but dropped (a proxy that strips
`x-amz-security-token`, a client that copies only the access key and
secret to another process), the signature fails.

## How to recognise it
* a long-term access key (`AKIA…`) sent with an `x-amz-security-token`:
  a stale `AWS_SESSION_TOKEN` beside static keys (AWS: `InvalidToken`);
* an `ASIA…` access key in the credential and no `X-Amz-Security-Token`;
* `x-amz-security-token` in `SignedHeaders` but empty on the server's side
  or absent from the request;
* `InvalidToken` / "The security token included in the request is invalid".

## Example
```text
Credential=ASIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4_request
(no X-Amz-Security-Token header)
```

## Fix
* boto3: pass all three (`aws_session_token=`), or let the default
  credential chain find them; do not copy only key and secret.
* AWS SDKs for JS/Java/Go/Rust: use the provider chain
  (`fromNodeProviderChain`, `DefaultCredentialsProvider`,
  `config.LoadDefaultConfig`, `aws_config::load_defaults`), which carries
  the token.
* AWS CLI: `AWS_SESSION_TOKEN` or `aws_session_token` in the profile.
* curl `--aws-sigv4`: add `-H "x-amz-security-token: $AWS_SESSION_TOKEN"`
  (curl then signs it).
* S3-compatible servers: MinIO STS tokens behave the same; proxies must
  pass `x-amz-security-token`.

## References
* AWS: "Using temporary credentials with AWS resources".
"#;

impl Rule for SessionToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        const TOKEN: &str = "x-amz-security-token";
        let signed = cx.signed_headers();
        let wire = cx.wire();
        let token_sent = wire.is_some_and(|w| w.header(TOKEN).is_some())
            || cx.claim.as_ref().is_some_and(|c| c.session_token_present);
        // 1. Signed, but the server saw none.
        if signed.iter().any(|n| n == TOKEN) {
            let diff = cx.analysis.difference(&Field::Header(TOKEN.into()));
            let emptied = diff.is_some_and(|d| d.server.as_deref() == Some(""));
            if emptied || (wire.is_some() && !token_sent) {
                return Some(META.finding(
                    Confidence::Likely,
                    94,
                    "`x-amz-security-token` is signed but did not reach the server: something between the client and the server removed it.".into(),
                    vec![
                        format!("signed headers: {}", signed.join(";")),
                        "the request as received has no x-amz-security-token".into(),
                    ],
                    "Let x-amz-security-token through the proxy unchanged; with temporary credentials the token must arrive with every request.",
                ));
            }
        }
        // 2. Temporary access key without any token.
        if let Some(cred) = cx.credential()
            && cred.access_key.starts_with("ASIA")
            && wire.is_some()
            && !token_sent
        {
            return Some(META.finding(
                Confidence::Likely,
                90,
                format!("`{}` is a temporary access key (ASIA…) but the request carries no session token.", cred.access_key),
                vec![format!("credential: {}", cx.claim.as_ref().map_or("", |c| c.credential_raw.as_str()))],
                "Pass the session token with the key and secret (boto3 aws_session_token=, AWS_SESSION_TOKEN), or use the SDK's default credential chain.",
            ));
        }
        // 3. A session token sent with long-term keys (AKIA…): tokens only
        // come with temporary credentials (ASIA…), so the server cannot
        // match it to this key.
        if let Some(cred) = cx.credential()
            && cred.access_key.starts_with("AKIA")
            && token_sent
            && cx.refused()
        {
            return Some(META.finding(
                Confidence::Likely,
                88,
                format!("`{}` is a long-term access key (AKIA…), yet the request carries a session token: a stale AWS_SESSION_TOKEN next to static keys.", cred.access_key),
                vec![
                    format!("credential: {}", cx.claim.as_ref().map_or("", |c| c.credential_raw.as_str())),
                    "x-amz-security-token sent".into(),
                ],
                "Unset AWS_SESSION_TOKEN (or drop aws_session_token=) when using long-term keys; send a token only with the temporary key it was issued with.",
            ));
        }
        // 4. The server says the token is invalid.
        if cx.error_code() == Some("InvalidToken") {
            return Some(META.finding(
                Confidence::Likely,
                85,
                "The server rejected the session token.".into(),
                vec![format!("server: InvalidToken: {}", cx.error_message())],
                "Use the session token issued with this access key; refresh the credentials.",
            ));
        }
        None
    }
}

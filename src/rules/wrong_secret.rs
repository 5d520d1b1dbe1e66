//! `wrong-secret`: both sides canonicalized the same request, yet the
//! signatures differ: the key material differs.

use crate::analysis::Origin;
use crate::forensics::Verdict;
use crate::report::Confidence;

use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct WrongSecret;

static META: RuleMeta = RuleMeta {
    id: "wrong-secret",
    title: "Canonical requests agree but the signature differs: another secret",
    category: Category::Keys,
    needs: "the server's reported canonical request (AWS error body) and the client's logged one; with the secret, forensics can confirm",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
When the server's canonical request and string to sign are byte for byte
the ones the client signed, the only input left is the signing key:
the secret access key (and the scope, which is in the string to sign).
So the client signed with another secret than the server holds for that
access key: a rotated key, a secret from another profile or account, a
mangled paste (see `secret-whitespace`), or the wrong half of a key pair.
Without the secret this stays an inference — it is only `likely` when the
server *reported* its canonical request (AWS does) and it equals the one
the client *logged*; with the secret s3sigdiag can confirm it by HMAC.

## How to recognise it
* AWS's `CanonicalRequest` and `StringToSign` equal the client's debug log;
* no line of the diff differs.

## Example
```text
canonical request diff: (identical)
SignatureProvided: 7f3a…   server computed: (not shown; another key)
```

## Fix
* Use the secret issued with this access key: `aws configure list`
  shows where each comes from; compare the key's last characters with
  the console or `garage key info` / `mc admin user info`.
* boto3: explicit `aws_secret_access_key=` beats the environment, which
  beats `~/.aws/credentials`; look for a stale `AWS_SECRET_ACCESS_KEY`.
* AWS SDKs for JS/Java/Go/Rust: check the provider chain's order (env
  before profile); rotate both parts together.
* AWS CLI: `aws configure` again; check `AWS_PROFILE`.
* curl: `--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"` from the same
  source.
* S3-compatible servers: the secret is per server; MinIO root
  credentials differ from the service accounts.

## With the secret key
Given the secret (`--secret-key-file`, `AWS_SECRET_ACCESS_KEY`,
`--profile`), s3sigdiag signs the server's own `StringToSign` (AWS
reports it) and compares the result with `SignatureProvided`: equal means
the client signed exactly what the server verified, so the server holds a
different secret for this access key — **confirmed**. For servers that
report nothing (MinIO, Garage, s3s, moto): when the client's signature
verifies against the AWS-rules canonical request of the request as sent
and the request holds nothing servers canonicalize differently, it is
**likely** (with such characters see `server-canonicalization`).

## References
* AWS re:Post: "How do I troubleshoot SigV4 Signature Mismatch errors" —
  incorrect secret access key.
"#;

/// The state in which only the key material can explain the failure:
/// both canonical requests known and equal, and the server said no.
/// Returns the confidence it supports.
pub fn key_material_suspected(cx: &Context<'_>) -> Option<(Confidence, Vec<String>)> {
    if !cx.has_signature_failure() {
        return None;
    }
    let (server, client) = (cx.analysis.server.as_ref()?, cx.analysis.client.as_ref()?);
    // A logged client text is what the client signed; a recomputed one only
    // says what a correct signer would have signed from the wire request,
    // which is evidence only against a canonical request the server reported.
    let recomputed_agrees = server.origin == Origin::Reported
        && matches!(
            client.origin,
            Origin::RecomputedAwsRules | Origin::RecomputedAsSent
        );
    if !(client.origin == Origin::Logged || recomputed_agrees)
        || cx.analysis.differences().next().is_some()
    {
        return None;
    }
    let same = |a: &str, b: &str| a.trim_end() == b.trim_end();
    if !same(&server.canonical_request, &client.canonical_request) {
        return None;
    }
    if let (Some(a), Some(b)) = (&server.string_to_sign, &client.string_to_sign)
        && !same(a, b)
    {
        return None;
    }
    let evidence = vec![
        format!("server canonical request: {}", server.origin.describe()),
        format!("client canonical request: {}", client.origin.describe()),
        "the two are identical, line for line".into(),
    ];
    let confidence = if server.origin == Origin::Reported && client.origin == Origin::Logged {
        Confidence::Likely
    } else {
        Confidence::Possible
    };
    Some((confidence, evidence))
}

impl Rule for WrongSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        if let Some(out) = cx.forensics
            && let Some(f) = proven_by_secret(cx, out)
        {
            return Some(f);
        }
        let (confidence, evidence) = key_material_suspected(cx)?;
        let reported = confidence == Confidence::Likely;
        let client_logged = cx
            .analysis
            .client
            .as_ref()
            .is_some_and(|c| c.origin == Origin::Logged);
        Some(META.finding(
            confidence,
            if reported { 80 } else { 40 },
            if reported {
                "The server canonicalized exactly what the client signed, yet the signatures differ: the client signed with another secret key than the server holds for this access key.".into()
            } else if client_logged {
                "The client's logged canonical request matches what AWS rules give for the request as received; if the server canonicalizes like AWS, the secret key differs.".into()
            } else {
                "The request as sent canonicalizes exactly to what the server reported, whichever way the client encoded it; unless its signer deviates from both, the secret key differs.".into()
            },
            evidence,
            "Use the secret issued with this access key (check `aws configure list`, AWS_SECRET_ACCESS_KEY, AWS_PROFILE); pass the secret to s3sigdiag to confirm by HMAC.",
        ))
    }
}

/// The secret-backed verdicts (see `crate::forensics`).
fn proven_by_secret(cx: &Context<'_>, out: &crate::forensics::Outcome) -> Option<Finding> {
    let key = cx
        .claim
        .as_ref()
        .and_then(|c| c.credential.as_ref().map(|c| c.access_key.clone()))
        .or_else(|| cx.error().and_then(|s| s.aws_access_key_id.clone()))
        .unwrap_or_else(|| "this access key".into());
    let proven = out.proven.as_ref()?;
    let (confidence, message) = match out.verdict {
        Verdict::WrongSecret => (
            Confidence::Confirmed,
            format!(
                "The client signed exactly the string the server verified; the server holds a different secret for {key}."
            ),
        ),
        Verdict::ClientCorrectByAwsRules if out.dialect_sensitive.is_empty() => (
            Confidence::Likely,
            format!(
                "The client's signature is correct by AWS rules with this secret, and the request holds nothing servers canonicalize differently: the server most likely holds a different secret for {key}."
            ),
        ),
        _ => return None,
    };
    Some(META.finding(
        confidence,
        100,
        message,
        vec![
            format!("proved: {}", proven.how),
            format!("secret from {}", out.secret_origin),
        ],
        format!(
            "Give the client the secret the server has for {key} (or the server the client's): check the key pair on the server side, and `aws configure list` for where the client reads credentials."
        ),
    ))
}

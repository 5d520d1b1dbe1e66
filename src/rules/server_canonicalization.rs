//! `server-canonicalization`: the client signed correctly by AWS rules; the
//! server canonicalizes this request differently.

use crate::forensics::Verdict;
use crate::report::{Confidence, Finding};

use super::{Category, Context, Rule, RuleMeta};

pub struct ServerCanonicalization;

static META: RuleMeta = RuleMeta {
    id: "server-canonicalization",
    title: "Client signed correctly by AWS rules; the server canonicalizes differently",
    category: Category::Dialects,
    needs: "the secret key and the request as sent, from a server that does not report its canonical request",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
With the secret, the client's signature verifies against the canonical
request AWS S3 would compute for the request as it arrived. By AWS's rules
the client is right; the server (an S3-compatible implementation, a
gateway or a proxy) builds a different canonical request for this path or
query — a server dialect or bug. Typical triggers are characters outside
`A-Z a-z 0-9 - _ . ~` in the key: `=`, `+`, space, `:`, non-ASCII.

It can also be a wrong secret on the server: servers that report nothing
do not let the two be told apart, but the special characters make the
dialect the likelier one (retry with a plain key to tell them apart).

## How to recognise it
Needs the secret and the request as sent; applies when the server did not
report its canonical request (MinIO, Garage, s3s, moto, Ceph). Reported as
**confirmed** that the client signed by AWS rules.

## Example
```text
PUT /examplebucket/a%3D%3D.json      (boto3, correct)
moto 5.2: SignatureDoesNotMatch      (rebuilds the path from the decoded key)
```

## Fix
* Workaround: avoid the characters in keys for this server, or percent-
  encode them on the wire exactly as signed (both spellings are accepted by
  AWS).
* Report it to the server's maintainers with the canonical request
  `s3sigdiag sign` prints for the request.
* Check for a proxy that rewrites the path (decodes `%2B`, `%3D`, or
  normalizes `//`) between client and server.

## References
* AWS SigV4: "Create a canonical request" (S3 encodes each path segment once).
* moto issue tracker: signature checks for keys with `=`, `+` and non-ASCII.
"#;

impl Rule for ServerCanonicalization {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let out = cx.forensics?;
        if out.verdict != Verdict::ClientCorrectByAwsRules || out.dialect_sensitive.is_empty() {
            return None;
        }
        // A correct signature says nothing about canonicalization when the
        // server refused something else (time, region, expiry).
        if !cx.has_signature_failure() {
            return None;
        }
        let mut evidence = vec![format!("proved: {}", out.proven.as_ref()?.how)];
        evidence.extend(out.dialect_sensitive.iter().cloned());
        evidence.push("the server did not report its canonical request".into());
        Some(Finding {
            rule: META.id,
            title: META.title,
            confidence: Confidence::Confirmed,
            message: format!(
                "The client signed this request correctly by AWS rules, yet the server rejected it: the server canonicalizes it differently ({}), or holds another secret.",
                out.dialect_sensitive.join("; ")
            ),
            evidence,
            fix: "Workaround: avoid these characters in keys for this server, or send them percent-encoded exactly as signed; report the difference to the server's maintainers.".into(),
            specificity: 95,
        })
    }
}

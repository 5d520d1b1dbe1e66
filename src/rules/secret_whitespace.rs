//! `secret-whitespace`: the secret key carries whitespace or a newline.
//! From evidence alone it can only be a possibility next to
//! `wrong-secret`; forensics (with the secret) confirms it by HMAC.

use crate::forensics::Verdict;
use crate::report::Confidence;

use super::wrong_secret::key_material_suspected;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct SecretWhitespace;

static META: RuleMeta = RuleMeta {
    id: "secret-whitespace",
    title: "Secret key with whitespace or a newline",
    category: Category::Keys,
    needs: "identical canonical requests on both sides (as wrong-secret); the secret to confirm",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
A secret read from a file with its trailing newline, pasted with a
space, or stored with CRLF line endings is a different HMAC key: every
signature differs, while the access key, the canonical request and the
string to sign are all correct. It looks exactly like `wrong-secret`;
only re-signing with the trimmed secret tells them apart, which
s3sigdiag's forensics does when given the secret.

## How to recognise it
* everything agrees but the signature (as for `wrong-secret`);
* the secret came from a file, an env file, a CI variable or a paste;
* `wc -c` on the secret file says 41 instead of 40 (AWS secrets are 40
  characters).

## Example
```text
$ printf '%s' "$AWS_SECRET_ACCESS_KEY" | od -c | tail -2
0000040   E   X   A   M   P   L   E   K   E   Y  \n
```

## Fix
* Strip the secret where it is read: `secret.strip()` (Python),
  `.trim()` (JS/Java/Rust), `strings.TrimSpace` (Go),
  `"$(tr -d '[:space:]' < secret.txt)"` in shell.
* boto3 / AWS CLI: check `~/.aws/credentials` for trailing spaces and
  CRLF (`dos2unix`).
* AWS SDKs for JS/Java/Go/Rust: same, for env files and secret stores
  (Kubernetes secrets made with `echo` without `-n` keep the newline).
* curl: `--user "AKID:$(tr -d '\n' < secret)"`.
* S3-compatible servers: the same on every server.

## With the secret key
Given the secret, s3sigdiag re-signs what the server verified (its
`StringToSign`, or the request as sent) with variants of the secret: a
trailing newline, CR LF, a trailing or leading space, or trimmed. When
only a variant reproduces the client's signature the cause is
**confirmed**, and the finding names the variant (never the secret).

## References
* Seed reports: "space before or after your secret key";
  "invisible characters when I pasted it".
"#;

impl Rule for SecretWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        if let Some(out) = cx.forensics
            && out.verdict == Verdict::SecretWhitespace
        {
            let how = out.changes.first()?.label.clone();
            let mut evidence = vec![format!("proved: {}", out.proven.as_ref()?.how)];
            if let Some(s) = &out.search {
                evidence.push(s.describe());
            }
            evidence.push(format!("secret from {}", out.secret_origin));
            return Some(META.finding(
                Confidence::Confirmed,
                100,
                format!("The client {how}: only that copy of the secret reproduces its signature."),
                evidence,
                "Strip whitespace where the client reads the secret (a trailing newline from a file or `echo`, CR LF from Windows, spaces from copy-paste) and store it without.",
            ));
        }
        let (_, mut evidence) = key_material_suspected(cx)?;
        evidence
            .push("a secret with a trailing newline or space gives exactly this picture".into());
        Some(META.finding(
            Confidence::Possible,
            30,
            "If the secret key was read from a file, an env file or a paste, a trailing newline or space in it would make every signature differ while everything else agrees.".into(),
            evidence,
            "Strip whitespace from the secret where it is read (Python .strip(), shell tr -d '[:space:]'); pass the secret to s3sigdiag to test this by HMAC.",
        ))
    }
}

//! `signature-reproduced`: the secret proved which canonical request the
//! client signed; the finding names the exact change.

use crate::forensics::Verdict;
use crate::report::{Confidence, Finding};

use super::{Category, Context, Rule, RuleMeta};

pub struct SignatureReproduced;

static META: RuleMeta = RuleMeta {
    id: "signature-reproduced",
    title: "Reproduced the client's signature: this is what it signed",
    category: Category::Keys,
    needs: "the secret key and the signature the client sent (request as sent, or SignatureProvided)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
With the secret key, `s3sigdiag` found a canonical request whose signature
is byte for byte the one the client sent. That is proof of what the client
signed. The diff against the server's canonical request shows exactly what
to change; the finding names the change (for example "path signed as
`/b/a==.json` (as sent, not re-encoded)" or "`transfer-encoding: chunked`
signed").

It is found either directly (the client's logged canonical request, or
the request as sent, verify) or by the forensic search: single changes to
the server's view, then pairs, then triples — path and query encodings,
signed headers added or dropped and their values, method, payload hash,
region, service, dates, whitespace in the secret — stopping at the first
that reproduces the signature.

## How to recognise it
Run `explain` with `--secret-key-file`, `AWS_SECRET_ACCESS_KEY` or
`--profile`; the report says how many hypotheses were tried and how long
it took. The rule that explains the change is upgraded to **confirmed**.

## Example
```text
proved: re-signing the server's view with path signed as `/examplebucket/my%20report.pdf`
        (`+` read as a space and encoded as %20) reproduces the Authorization header's Signature
```

## Fix
Make the client sign what it sends: see the fix of the upgraded rule, or
change the part named in the finding.

## References
* AWS SigV4: "Create a canonical request", "Calculate the signature".
"#;

impl Rule for SignatureReproduced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let out = cx.forensics?;
        if !matches!(
            out.verdict,
            Verdict::ClientProven | Verdict::HypothesisFound
        ) {
            return None;
        }
        let proven = out.proven.as_ref()?;
        let mut evidence = vec![format!("proved: {}", proven.how)];
        if let Some(s) = &out.search {
            evidence.push(s.describe());
        }
        for m in &out.other_matches {
            evidence.push(format!("also reproduces it: {m}"));
        }
        evidence.push(format!("secret from {}", out.secret_origin));
        let message = if out.changes.is_empty() {
            "The client's signature is reproduced by the canonical request shown as the client side of the diff.".to_string()
        } else {
            format!(
                "The client signed the server's canonical request with one difference{}: {}.",
                if out.changes.len() > 1 { " set" } else { "" },
                out.changes
                    .iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", and ")
            )
        };
        Some(Finding {
            rule: META.id,
            title: META.title,
            confidence: Confidence::Confirmed,
            message,
            evidence,
            fix: "Make the client sign exactly what it sends: change the part named above (the diff shows the client's proven canonical request against the server's).".into(),
            specificity: 10,
        })
    }
}

//! `signature-not-reproduced`: nothing tried reproduces the client's
//! signature with the given secret.

use crate::forensics::Verdict;
use crate::report::{Confidence, Finding};

use super::{Category, Context, Rule, RuleMeta};

pub struct SignatureNotReproduced;

static META: RuleMeta = RuleMeta {
    id: "signature-not-reproduced",
    title: "The client most likely signed with another secret",
    category: Category::Keys,
    needs: "the secret key and the signature the client sent",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
With the secret you gave, neither the server's canonical request, nor the
client's logged one, nor the request as sent, nor any of the hypotheses
the forensic search tried (path and query encodings, signed headers and
their values, method, payload hash, every region, services, dates ±1 day,
request time ± minutes, secret whitespace; single changes, pairs and
triples) reproduces the signature the client sent. The most likely reason
is that the client signed with a different secret than the one given here
— not the one you think it uses.

## How to recognise it
Needs the secret. The report lists what was ruled out and how many
hypotheses were tried. `--max-hypotheses` raises the budget.

## Example
```text
ruled out: the canonical request recomputed from the wire request as sent …
ruled out: 412,345 hypotheses about the path and query encoding, …
```

## Fix
* Find which credentials the client really uses: `aws configure list`,
  `AWS_*` environment variables (they beat profiles), instance or container
  roles, a `.env` file.
* Re-run with that secret (`--profile NAME` or `--secret-key-file`).
* If you are sure of the secret, the client changed something this search
  does not model: capture its debug log (the canonical request it signed).

## References
* AWS CLI: "Configuration and credential file settings" (precedence).
"#;

impl Rule for SignatureNotReproduced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let out = cx.forensics?;
        if out.verdict != Verdict::NotReproduced {
            return None;
        }
        let mut evidence: Vec<String> = out
            .ruled_out
            .iter()
            .map(|r| format!("ruled out: {r}"))
            .collect();
        if let Some(s) = &out.search {
            evidence.push(s.describe());
        }
        evidence.push(format!("secret from {}", out.secret_origin));
        Some(Finding {
            rule: META.id,
            title: META.title,
            // A fact (nothing reproduced) whose reading is a guess: the
            // secret may be another one, or the search may have missed
            // what the client did.
            confidence: Confidence::Possible,
            message: "No canonical request tried reproduces the client's signature with this secret: the client most likely signed with another secret.".into(),
            evidence,
            fix: "Find the credentials the client really uses (`aws configure list`, AWS_* environment variables, roles, .env files) and re-run with that secret; or capture the client's debug log.".into(),
            specificity: 60,
        })
    }
}

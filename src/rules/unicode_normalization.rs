//! `unicode-normalization`: the key is the same text in two Unicode
//! normal forms (NFC vs NFD), so its bytes differ.

use unicode_normalization::UnicodeNormalization;

use crate::analysis::Field;
use crate::report::Confidence;

use super::text::decoded;
use super::{Category, Context, Finding, Rule, RuleMeta};

pub struct UnicodeNormalizationRule;

static META: RuleMeta = RuleMeta {
    id: "unicode-normalization",
    title: "Non-ASCII key in another Unicode normal form (NFC vs NFD)",
    category: Category::KeyPath,
    needs: "two canonical requests (URI line)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
`é` can be one code point (U+00E9, NFC) or `e` + a combining accent
(U+0065 U+0301, NFD). They look identical but are different UTF-8 bytes,
so different percent-encodings (`%C3%A9` vs `e%CC%81`) and different
keys to S3. macOS file names are NFD; most other text is NFC. A layer
that normalizes the URL after signing (a framework, a proxy, a
copy-paste) makes the signed and the sent key differ.

## How to recognise it
The URI lines decode to text that is equal after Unicode normalization
but not byte for byte.

## Example
```text
URI server: /examplebucket/caf%C3%A9.txt
URI client: /examplebucket/cafe%CC%81.txt
```

## Fix
* Normalize keys once, before signing (NFC is the usual choice):
  Python `unicodedata.normalize('NFC', key)`, JS `key.normalize('NFC')`,
  Java `Normalizer.normalize(key, Normalizer.Form.NFC)`,
  Go `norm.NFC.String(key)`, Rust `unicode-normalization` `.nfc()`.
* boto3/botocore, AWS SDKs, AWS CLI: they sign what they send; the
  difference comes from code or a proxy between signing and sending.
* curl: encode the bytes you mean; check with `printf %s "$key" | od -c`.
* S3-compatible servers: none normalizes keys; the object exists under
  exactly one form.

## References
* Unicode Standard Annex #15 (normalization forms); AWS S3 "Creating
  object key names" (UTF-8 keys).
"#;

impl Rule for UnicodeNormalizationRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        let (s, c) = cx.analysis.changed(&Field::Uri)?;
        let (ds, dc) = (decoded(s), decoded(c));
        if ds == dc || ds.is_ascii() && dc.is_ascii() {
            return None;
        }
        let nfc = |x: &str| x.nfc().collect::<String>();
        if nfc(&ds) != nfc(&dc) {
            return None;
        }
        let form = |x: &str| if nfc(x) == x { "NFC" } else { "NFD" };
        let (so, co) = cx.origins();
        Some(META.finding(
            Confidence::Likely,
            95,
            format!(
                "The key is the same text in two Unicode forms: the client signed {} and the server saw {}.",
                form(&dc),
                form(&ds)
            ),
            vec![
                format!("URI server: {s}   ({so})"),
                format!("URI client: {c}   ({co})"),
                format!("both normalize (NFC) to `{}`", nfc(&ds)),
            ],
            "Normalize the key to one form (NFC) before signing and sending it, and keep anything in between from normalizing the URL.",
        ))
    }
}

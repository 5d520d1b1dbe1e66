//! `uri-encoding`: the key or query was encoded one way when signed and
//! another way when sent (the `a==.json` case).

use crate::analysis::{Field, Origin};
use crate::report::{Confidence, Finding};
use crate::sigv4::{is_unreserved, percent_decode};

use super::{Context, Rule, RuleMeta};

pub struct UriEncoding;

static META: RuleMeta = RuleMeta {
    id: "uri-encoding",
    title: "Key or query encoded differently when signed and when sent",
    category: super::Category::KeyPath,
    needs: "the server's canonical request, or the wire request (best with the client's canonical request)",
    docs: DOCS,
};

const DOCS: &str = r#"## What it means
SigV4 signs the path and query in one exact encoding: every byte outside
`A-Z a-z 0-9 - _ . ~` becomes `%XX`, once. AWS S3 decodes the path it
receives and encodes it that way again before checking the signature. If
the client signed one spelling of the key (`a%3D%3D.json`) while the URL it
sent, or the server's idea of it, holds another (`a==.json`), the canonical
requests differ in the URI line and the signatures cannot match. The usual
characters are `=` (base64 padding), space (`+` vs `%20`), `+`, `:`, `@`,
`!`, `*`, `'`, `(`, `)`, `,`, `;`, `$`, `&`, and non-ASCII.

Two directions occur:
* the client signed the key *raw* (`/a==.json`) and AWS computes
  `/a%3D%3D.json` — a hand-written signer, or `aws-sigv4` given an
  unencoded URI;
* the client signed the *encoded* key but sent it raw, and the server
  canonicalizes the path as received instead of re-encoding it (the
  LiteLLM + Garage case: botocore's `SigV4Auth` signed `%3D%3D`, httpx sent
  `==`). AWS and current Garage, MinIO and s3s re-encode; older gateways
  and some proxies do not.

## How to recognise it
The URI (or query) line differs between the server's canonical request and
the client's, yet both decode to the same key. Without the server's
canonical request: the wire path holds characters that SigV4 encodes.

## Example
```text
URI  server: /examplebucket/a%3D%3D.json
URI  client: /examplebucket/a==.json
```

## Fix
* Sign and send the same bytes: percent-encode each key segment with the
  unreserved set before building the URL, and sign that URL as it is.
* boto3/botocore: use the S3 client (`s3.put_object`), which encodes keys.
  If you sign by hand with `SigV4Auth`, pass a URL whose key is already
  `urllib.parse.quote(key, safe='/~')` and send that same URL.
* AWS SDKs for JS/Java/Go/Rust: use the S3 client's operations; with the
  bare signers (`@smithy/signature-v4`, `aws-sigv4`), give them the encoded
  path and set S3 mode (`uriEscapePath: false` / single encoding).
* curl `--aws-sigv4`: write the key percent-encoded in the URL
  (`a%3D%3D.json`); curl signs the path as written.
* S3-compatible servers: a server that canonicalizes the raw path rejects
  correctly signed requests whose key was sent unencoded; encode on the
  wire to work with both.

## References
* AWS SigV4: "Create a canonical request" — URI-encode each path segment.
* LiteLLM issue 24583 (botocore `SigV4Auth` + httpx, Garage).
"#;

impl Rule for UriEncoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>) -> Option<Finding> {
        for field in [Field::Uri, Field::Query] {
            let Some(d) = cx.analysis.difference(&field) else {
                continue;
            };
            let (Some(server), Some(client)) = (&d.server, &d.client) else {
                continue;
            };
            let plus_is_space = field == Field::Query;
            if decoded_key(server, plus_is_space) != decoded_key(client, plus_is_space) {
                continue;
            }
            // `****` where a value was blanked out is not a spelling.
            if crate::model::redacted::is_redacted(server)
                || crate::model::redacted::is_redacted(client)
            {
                continue;
            }
            let chars = chars_spelled_differently(server, client);
            let server_origin = cx.analysis.server.as_ref().map(|s| s.origin);
            let client_origin = cx.analysis.client.as_ref().map(|s| s.origin);
            let client_raw = raw_count(client) > raw_count(server);
            let what = if field == Field::Uri { "key" } else { "query" };
            let plus_space = chars.contains("space as");
            let fix = if plus_space {
                "In an S3 path `+` is a literal plus: send a space as `%20` and a plus as `%2B`, and sign exactly those bytes (form encoding with `+` for space is for query strings and bodies only)."
            } else if client_raw {
                "Sign the URI-encoded form: percent-encode each key segment with the SigV4 unreserved set (A-Z a-z 0-9 - _ . ~) before signing, and send that same URL. Use the SDK's S3 client rather than signing by hand."
            } else {
                "Send the key exactly as it was signed: percent-encode it in the URL (Python: urllib.parse.quote(key, safe='/~'); JS: encodeURIComponent per segment) so the wire bytes and the signed bytes agree."
            };
            let assumed = matches!(
                client_origin,
                Some(Origin::RecomputedAsSent | Origin::RecomputedAwsRules)
            );
            // Both sides guessed (no server report, no client log) and no
            // refusal seen: a spelling the server may well accept.
            let guessed_both = assumed && !cx.server_reported();
            let refused = cx.refused();
            let direction = if plus_space {
                "in an S3 path `+` is a literal plus"
            } else if client_raw {
                "the client signed it raw while the server encodes it"
            } else {
                "the client signed it encoded while the server used it raw"
            };
            let shown_key =
                String::from_utf8_lossy(&percent_decode(server, plus_is_space)).into_owned();
            return Some(Finding {
                rule: META.id,
                title: META.title,
                confidence: if guessed_both && !refused {
                    Confidence::Possible
                } else {
                    Confidence::Likely
                },
                message: format!(
                    "The {what} is spelled differently on the two sides: {chars}; {}{direction}.",
                    if assumed {
                        "assuming the client signed what the diff shows, "
                    } else {
                        ""
                    },
                ),
                evidence: vec![
                    format!(
                        "{} server: {server}   [{}]",
                        field.label(),
                        server_origin.map_or("?", Origin::describe)
                    ),
                    format!(
                        "{} client: {client}   [{}]",
                        field.label(),
                        client_origin.map_or("?", Origin::describe)
                    ),
                    format!("the server decodes it as `{shown_key}`"),
                ],
                fix: fix.to_string(),
                specificity: 90,
            });
        }
        self.raw_reserved_on_wire(cx)
            .or_else(|| self.client_signed_raw(cx))
            .or_else(|| self.disputed_characters(cx))
    }
}

impl UriEncoding {
    /// The client's own canonical URI holds characters SigV4 always
    /// percent-encodes (a space, `=`, non-ASCII…): no server that follows
    /// the spec computes that line, whatever the wire carried. Seen with
    /// hand-made signers that sign the decoded path.
    fn client_signed_raw(&self, cx: &Context<'_>) -> Option<Finding> {
        let client = cx.analysis.client.as_ref()?;
        if client.origin != Origin::Logged || cx.analysis.difference(&Field::Uri).is_some() {
            return None;
        }
        let uri = &cx.analysis.client_parsed.as_ref()?.uri;
        let raw = raw_reserved(uri);
        if raw.is_empty() {
            return None;
        }
        let listed = list_chars(&raw);
        let failed = cx.refused();
        Some(META.finding(
            if failed { Confidence::Likely } else { Confidence::Possible },
            85,
            format!("The client signed its canonical URI with raw characters ({listed}) that SigV4 always percent-encodes; a server following the spec decodes the path it receives and re-encodes each segment, so it computes another line."),
            vec![
                format!("client canonical URI: {uri}   [{}]", client.origin.describe()),
                "SigV4 canonical URI: each segment URI-encoded (A-Z a-z 0-9 - _ . ~ kept)".into(),
            ],
            "Sign the URI-encoded path: percent-encode each key segment with the SigV4 unreserved set (a space is %20, `=` is %3D) and send the same bytes; hand-made signers must not sign the decoded path.",
        ))
    }

    /// The weakest evidence: the server refused the signature, nothing
    /// shows what the client signed, and the key or query holds characters
    /// that signers and servers encode differently. Those characters are
    /// the likeliest place to look, but only a client log or the secret
    /// can tell: `possible`, ranked above the "another secret" guess.
    fn disputed_characters(&self, cx: &Context<'_>) -> Option<Finding> {
        // A signature refusal, or a body-less 403 (HEAD) that may be one.
        if !(cx.has_signature_failure() || cx.error().is_none() && cx.refused()) {
            return None;
        }
        let client_known = cx
            .analysis
            .client
            .as_ref()
            .is_some_and(|c| matches!(c.origin, Origin::Logged | Origin::Proven));
        // With the client's own canonical request, or an AWS SDK (which
        // encodes keys by S3's rules) on the wire, the client's side is
        // known; only a server known to canonicalize the characters
        // differently is then suspect.
        let sdk = crate::model::client::s3_aware_signer(cx.exchange)
            .or(client_known.then_some("the client (its logged canonical request)"));
        // What the server canonicalized: its report, else the wire.
        let (uri, query, from) = match cx.analysis.server_parsed.as_ref() {
            Some(s) if cx.server_reported() => (
                s.uri.clone(),
                s.query.clone(),
                "the server's canonical request",
            ),
            _ => {
                let wire = cx.wire()?;
                (wire.path.clone(), wire.query.clone(), "the request as sent")
            }
        };
        let raw_query = strip_signing_params(&query);
        let mut chars = crate::sigv4::disputed_chars(&uri, false);
        let in_query = crate::sigv4::disputed_chars(&raw_query, true);
        // An SDK encodes them right; then only a server known to
        // canonicalize them differently makes them suspect.
        let quirky = cx.dialect.as_ref().map(|d| d.dialect);
        if sdk.is_some() {
            chars.retain(|c| quirky.is_some_and(|d| d.canonicalizes_differently(*c)));
        }
        // Even an SDK's query is suspect where a character went out raw (a
        // `{` sent unencoded): S3 encodes it before verifying.
        let in_query: Vec<char> = if sdk.is_some() {
            in_query
                .into_iter()
                .filter(|c| raw_query.contains(*c))
                .collect()
        } else {
            in_query
        };
        let part = match (chars.is_empty(), in_query.is_empty()) {
            (true, true) => return None,
            (false, true) => "key",
            (true, false) => "query",
            (false, false) => "key and query",
        };
        chars.extend(in_query);
        chars.sort_unstable();
        chars.dedup();
        let listed = list_chars(&chars);
        Some(META.finding(
            Confidence::Possible,
            50,
            match (sdk, quirky) {
                (Some(sdk), Some(d)) => format!("The {part} holds characters ({listed}) that {sdk} encoded by S3's rules but {} is known to canonicalize differently; the server's canonicalization is the likeliest place to look (with the secret, s3sigdiag proves it).", d.name()),
                _ => format!("The {part} holds characters that signers and servers encode differently ({listed}); nothing else in the input differs, so how the client encoded them when signing is the likeliest place to look."),
            },
            {
                let mut evidence = vec![
                    format!("{from}: {uri}{}{query}", if query.is_empty() { "" } else { "?" }),
                    if client_known {
                        "the client's canonical request spells them as AWS's rules do".into()
                    } else {
                        "no canonical request from the client side to compare with".into()
                    },
                ];
                // A raw reserved character in a *reported* canonical URI is
                // itself a fact: AWS's rules always encode it, so this server
                // canonicalizes the path as received, and a client signing
                // by AWS's rules (the SDKs) signed another spelling.
                let raw = raw_reserved(&uri);
                if cx.server_reported() && !raw.is_empty() {
                    let shown: Vec<String> = raw
                        .iter()
                        .map(|c| {
                            let encoded =
                                crate::sigv4::uri_encode(c.to_string().as_bytes(), true);
                            match c {
                                ' ' => format!("a space ({encoded})"),
                                c => format!("`{c}` ({encoded})"),
                            }
                        })
                        .collect();
                    evidence.push(format!(
                        "the server's canonical URI holds {} raw: no signer or server following AWS's rules produces that (they encode it), so this server canonicalizes the path as received, and a client signing by AWS's rules signed it encoded",
                        shown.join(", ")
                    ));
                }
                evidence
            },
            "Add the client's canonical request (its debug log) or the secret key to settle it; the usual fix is to percent-encode each key segment with the SigV4 unreserved set (A-Z a-z 0-9 - _ . ~) once, sign that, and send the same bytes.",
        ))
    }

    /// No diff to show, but the wire path carries characters SigV4 encodes
    /// and the server rejected the signature without saying what it
    /// computed: the server may canonicalize the path as received.
    fn raw_reserved_on_wire(&self, cx: &Context<'_>) -> Option<Finding> {
        if !cx.has_signature_failure() {
            return None;
        }
        let req = cx.exchange.request.as_ref()?;
        if cx
            .analysis
            .server
            .as_ref()
            .is_some_and(|s| s.origin == Origin::Reported)
        {
            return None;
        }
        let raw: Vec<char> = raw_reserved(&req.http.path);
        if raw.is_empty() {
            return None;
        }
        let listed = raw
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let aws_uri = cx
            .analysis
            .server
            .as_ref()
            .and(cx.analysis.server_parsed.as_ref())
            .map(|c| c.uri.clone());
        let client_signed_encoded =
            match (&cx.analysis.client, &cx.analysis.client_parsed, &aws_uri) {
                (Some(side), Some(c), Some(aws)) if side.origin == Origin::Logged => &c.uri == aws,
                _ => false,
            };
        let mut evidence = vec![format!("path as sent: {}", req.http.path)];
        if let Some(aws) = &aws_uri {
            evidence.push(format!("AWS rules canonicalize it as: {aws}"));
        }
        if client_signed_encoded {
            evidence.push("the client's logged canonical request has the encoded form: it signed correctly by AWS rules".into());
        }
        Some(Finding {
            rule: META.id,
            title: META.title,
            confidence: if client_signed_encoded { Confidence::Likely } else { Confidence::Possible },
            message: format!(
                "The path was sent with {listed} unencoded; a server that canonicalizes the path as received computes a different canonical URI than a client that signed the encoded key."
            ),
            evidence,
            fix: "Percent-encode the key in the URL exactly as it is signed (Python: urllib.parse.quote(key, safe='/~')), so every server sees the signed bytes.".into(),
            specificity: if client_signed_encoded { 80 } else { 40 },
        })
    }
}

fn decoded_key(s: &str, plus_is_space: bool) -> Vec<u8> {
    let mut d = percent_decode(s, plus_is_space);
    // `+` and space are the same key to a form decoder: compare loosely.
    for b in &mut d {
        if *b == b'+' {
            *b = b' ';
        }
    }
    d
}

fn raw_count(s: &str) -> usize {
    raw_reserved(s).len()
}

/// Characters left unencoded that SigV4 would encode (`/` and `%XX` aside).
fn raw_reserved(path: &str) -> Vec<char> {
    let mut out: Vec<char> = path
        .chars()
        .filter(|&c| c != '/' && c != '%' && !(c.is_ascii() && is_unreserved(c as u8)))
        .collect();
    out.dedup();
    out.sort_unstable();
    out.dedup();
    out
}

/// Names the characters spelled differently. When the decoded keys differ
/// (only `+` vs space can, given the caller's check) that is the story;
/// otherwise it is the characters one side has literally and the other
/// percent-encoded.
fn chars_spelled_differently(server: &str, client: &str) -> String {
    let ds = String::from_utf8_lossy(&percent_decode(server, false)).into_owned();
    let dc = String::from_utf8_lossy(&percent_decode(client, false)).into_owned();
    if ds != dc {
        return if ds.contains('+') && !dc.contains('+') {
            "space as `+` vs `%20` (the client signed a space, the server read a literal `+`)"
                .into()
        } else {
            "space as `+` vs `%20` (the client signed a literal `+`, the server read a space)"
                .into()
        };
    }
    let mut chars: Vec<String> = Vec::new();
    // Each distinct character once: a long key stays linear.
    let mut distinct: Vec<char> = ds.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    for c in distinct {
        if c == '/' || (c.is_ascii() && is_unreserved(c as u8)) {
            continue;
        }
        if server.contains(c) != client.contains(c) {
            let encoded = crate::sigv4::uri_encode(c.to_string().as_bytes(), false);
            let label = format!("`{c}` (`{encoded}`)");
            if !chars.contains(&label) {
                chars.push(label);
            }
        }
    }
    if chars.is_empty() {
        "the percent-encoding".into()
    } else {
        chars.join(", ")
    }
}

/// The query without the presigned `X-Amz-*` parameters, whose values are
/// always encoded (`/` in the credential, `;` in the signed headers).
fn strip_signing_params(query: &str) -> String {
    query
        .split('&')
        .filter(|p| {
            let p = p.to_ascii_lowercase();
            // SigV4's X-Amz-* and SigV2's AWSAccessKeyId/Signature/Expires.
            !(p.starts_with("x-amz-")
                || p.starts_with("awsaccesskeyid=")
                || p.starts_with("signature=")
                || p.starts_with("expires="))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `space, `=`, `é`` for a message.
fn list_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| {
            if *c == ' ' {
                "space".to_string()
            } else {
                format!("`{c}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

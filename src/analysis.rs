//! Puts the server's canonical request beside the client's and classifies
//! every difference, line by line.
//!
//! Each side is taken from the best evidence available and labelled with
//! where it came from: a canonical request the server *reported* beats one
//! we *recomputed* from the wire request under AWS's rules; a canonical
//! request the client *logged* beats one recomputed from what it sent.

use serde::Serialize;
use similar::ChangeTag;

use crate::model::exchange::Exchange;
use crate::sigv4::{
    AuthClaim, CanonicalRequest, HttpRequest, Location, PathMode, StringToSign, UNSIGNED_PAYLOAD,
};

/// How a canonical request was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Printed by the server in its error body.
    Reported,
    /// Printed by the client in its debug log (or pasted).
    Logged,
    /// Computed here from the request as it arrived, with AWS S3's rules.
    RecomputedAwsRules,
    /// Computed here from the request as sent, signing path and query as
    /// they appear on the wire (how most clients sign).
    RecomputedAsSent,
    /// Proved with the secret key: signing it reproduces the client's
    /// signature (forensics).
    Proven,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Reported => "reported by the server",
            Origin::Logged => "logged by the client",
            Origin::RecomputedAwsRules => {
                "recomputed from the wire request with AWS S3 rules (not reported)"
            }
            Origin::RecomputedAsSent => {
                "recomputed from the wire request as sent, as hand-made signers do (not logged)"
            }
            Origin::Proven => {
                "proved with the secret key: signing it reproduces the client's signature"
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub origin: Origin,
    pub canonical_request: String,
    pub string_to_sign: Option<String>,
}

/// Which part of the signed text a line is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Field {
    Method,
    Uri,
    Query,
    Header(String),
    SignedHeaders,
    PayloadHash,
    Algorithm,
    Date,
    Scope,
    CanonicalHash,
}

impl Field {
    pub fn label(&self) -> String {
        match self {
            Field::Method => "method".into(),
            Field::Uri => "URI".into(),
            Field::Query => "query".into(),
            Field::Header(n) => format!("header {n}"),
            Field::SignedHeaders => "signed headers".into(),
            Field::PayloadHash => "payload hash".into(),
            Field::Algorithm => "algorithm".into(),
            Field::Date => "date".into(),
            Field::Scope => "scope".into(),
            Field::CanonicalHash => "request hash".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    Same,
    Changed,
    ServerOnly,
    ClientOnly,
}

/// One aligned line of the diff. Spans are byte ranges of the differing
/// characters in each text, for highlighting.
#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    pub field: Field,
    pub kind: LineKind,
    pub server: Option<String>,
    pub client: Option<String>,
    #[serde(skip)]
    pub server_spans: Vec<(usize, usize)>,
    #[serde(skip)]
    pub client_spans: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    pub server: Option<Side>,
    pub client: Option<Side>,
    /// Canonical-request lines, then string-to-sign lines.
    pub lines: Vec<DiffLine>,
    #[serde(skip)]
    pub server_parsed: Option<CanonicalRequest>,
    #[serde(skip)]
    pub client_parsed: Option<CanonicalRequest>,
}

impl Analysis {
    pub fn differences(&self) -> impl Iterator<Item = &DiffLine> {
        self.lines.iter().filter(|l| l.kind != LineKind::Same)
    }

    pub fn difference(&self, field: &Field) -> Option<&DiffLine> {
        self.differences().find(|l| &l.field == field)
    }

    /// Both sides of a line that differs and is present on both sides:
    /// `(server, client)`. Most rules compare exactly this.
    pub fn changed(&self, field: &Field) -> Option<(&str, &str)> {
        let d = self.difference(field)?;
        Some((d.server.as_deref()?, d.client.as_deref()?))
    }
}

/// Builds both sides from the best evidence and diffs them.
pub fn analyze(ex: &Exchange) -> Analysis {
    let claim = ex.claim();
    let server = server_side(ex, claim.as_ref());
    let client = client_side(ex, claim.as_ref(), server.as_ref());
    from_sides(server, client)
}

/// Diffs two sides however they were obtained (forensics replaces the
/// client side with the canonical request it proved).
pub fn from_sides(server: Option<Side>, client: Option<Side>) -> Analysis {
    let server_parsed = server
        .as_ref()
        .and_then(|s| CanonicalRequest::parse(&s.canonical_request));
    let client_parsed = client
        .as_ref()
        .and_then(|s| CanonicalRequest::parse(&s.canonical_request));
    let mut lines = Vec::new();
    if let (Some(s), Some(c)) = (&server_parsed, &client_parsed) {
        lines = diff_canonical(s, c);
    }
    if let (Some(s), Some(c)) = (
        server
            .as_ref()
            .and_then(|s| s.string_to_sign.as_deref())
            .and_then(StringToSign::parse),
        client
            .as_ref()
            .and_then(|s| s.string_to_sign.as_deref())
            .and_then(StringToSign::parse),
    ) {
        for (field, a, b) in [
            (Field::Algorithm, &s.algorithm, &c.algorithm),
            (Field::Date, &s.amz_date, &c.amz_date),
            (Field::Scope, &s.scope, &c.scope),
        ] {
            lines.push(line(field, Some(a), Some(b)));
        }
        // The request hash differs whenever the canonical requests do;
        // only show it when there is nothing else to explain the mismatch.
        if lines.iter().all(|l| l.kind == LineKind::Same) {
            lines.push(line(
                Field::CanonicalHash,
                Some(&s.hashed_canonical_request),
                Some(&c.hashed_canonical_request),
            ));
        }
    }
    Analysis {
        server,
        client,
        lines,
        server_parsed,
        client_parsed,
    }
}

fn server_side(ex: &Exchange, claim: Option<&AuthClaim>) -> Option<Side> {
    if let Some(err) = &ex.server
        && let Some(text) = err.canonical_request_text()
        && CanonicalRequest::parse(&text).is_some()
    {
        return Some(Side {
            origin: Origin::Reported,
            canonical_request: text,
            string_to_sign: err.string_to_sign_text(),
        });
    }
    let req = ex.request.as_ref()?;
    let claim = claim?;
    let creq = recompute(&req.http, claim, PathMode::S3);
    let sts = string_to_sign_for(ex, claim, &creq);
    Some(Side {
        origin: Origin::RecomputedAwsRules,
        canonical_request: creq.to_string(),
        string_to_sign: sts,
    })
}

fn client_side(ex: &Exchange, claim: Option<&AuthClaim>, server: Option<&Side>) -> Option<Side> {
    if let Some(c) = &ex.client
        && let Some(text) = &c.canonical_request
    {
        let sts = c.string_to_sign.clone().or_else(|| {
            let creq = CanonicalRequest::parse(text)?;
            claim.and_then(|cl| string_to_sign_for(ex, cl, &creq))
        });
        return Some(Side {
            origin: Origin::Logged,
            canonical_request: text.clone(),
            string_to_sign: sts,
        });
    }
    let req = ex.request.as_ref()?;
    let claim = claim?;
    // Without a log the client's text is a hypothesis. Two are common:
    // signing path and query as sent (hand-made signers, curl), or the
    // AWS-correct encoding (the SDKs). A rejected signature means the
    // client did not sign what the server verified, so the candidate that
    // differs from the server's view is the informative one.
    let candidates = [
        (PathMode::AsGiven, Origin::RecomputedAsSent),
        (PathMode::S3, Origin::RecomputedAwsRules),
    ];
    let server_text = server.map(|s| s.canonical_request.as_str());
    let computed: Vec<_> = candidates
        .iter()
        .map(|&(mode, origin)| (recompute(&req.http, claim, mode), origin))
        .collect();
    let differing = computed
        .iter()
        .find(|(c, _)| Some(c.to_string().as_str()) != server_text);
    // When both ways of signing what was sent give exactly what the server
    // reported, that agreement is itself evidence (the request is not what
    // differs); a server side recomputed from the same request would agree
    // trivially, so only a reported one counts.
    let (creq, origin) = match differing {
        Some(c) => c.clone(),
        None if server.is_some_and(|s| s.origin == Origin::Reported)
            && every_signed_header_captured(&req.http, &claim.signed_headers) =>
        {
            // …and only when every signed header was captured: a request
            // missing one recomputes to the server's view of it, not to
            // what the client signed.
            computed.last()?.clone()
        }
        None => return None,
    };
    let sts = string_to_sign_for(ex, claim, &creq);
    Some(Side {
        origin,
        canonical_request: creq.to_string(),
        string_to_sign: sts,
    })
}

/// The canonical request for `req` under the claimed signed headers. For
/// a presigned URL the signature parameter itself is not signed.
pub fn recompute(req: &HttpRequest, claim: &AuthClaim, mode: PathMode) -> CanonicalRequest {
    let mut req = req.clone();
    if claim.location == Location::Query {
        req.query = crate::sigv4::without_signature_param(&req.query);
    }
    let payload = req
        .header("x-amz-content-sha256")
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| UNSIGNED_PAYLOAD.to_string());
    CanonicalRequest::build(&req, &claim.signed_headers, mode, &payload)
}

fn string_to_sign_for(ex: &Exchange, claim: &AuthClaim, creq: &CanonicalRequest) -> Option<String> {
    let cred = claim.credential.as_ref()?;
    let date = ex.amz_date()?;
    Some(StringToSign::new(&date, &cred.scope, creq).to_string())
}

fn diff_canonical(s: &CanonicalRequest, c: &CanonicalRequest) -> Vec<DiffLine> {
    let mut out = vec![
        line(Field::Method, Some(&s.method), Some(&c.method)),
        line(Field::Uri, Some(&s.uri), Some(&c.uri)),
        line(Field::Query, Some(&s.query), Some(&c.query)),
    ];
    let mut names: Vec<&String> = s
        .headers
        .iter()
        .chain(c.headers.iter())
        .map(|(n, _)| n)
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        let sv = s.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        let cv = c.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        out.push(line(Field::Header(name.clone()), sv, cv));
    }
    out.push(line(
        Field::SignedHeaders,
        Some(&s.signed_headers.join(";")),
        Some(&c.signed_headers.join(";")),
    ));
    out.push(line(
        Field::PayloadHash,
        Some(&s.payload_hash),
        Some(&c.payload_hash),
    ));
    out
}

fn line(field: Field, server: Option<&String>, client: Option<&String>) -> DiffLine {
    let kind = match (server, client) {
        (Some(a), Some(b)) if a == b => LineKind::Same,
        (Some(_), Some(_)) => LineKind::Changed,
        (Some(_), None) => LineKind::ServerOnly,
        _ => LineKind::ClientOnly,
    };
    let (server_spans, client_spans) = match (kind, server, client) {
        (LineKind::Changed, Some(a), Some(b)) => char_spans(a, b),
        _ => (Vec::new(), Vec::new()),
    };
    DiffLine {
        field,
        kind,
        server: server.cloned(),
        client: client.cloned(),
        server_spans,
        client_spans,
    }
}

/// Byte ranges of the characters that differ between `a` and `b`.
/// Byte ranges `(start, end)` of highlighted characters.
pub type Spans = Vec<(usize, usize)>;

/// Above this many bytes of differing middle, the middle is marked whole
/// instead of diffed character by character (bounded time on any input).
const MAX_CHAR_DIFF: usize = 4096;

pub fn char_spans(a: &str, b: &str) -> (Spans, Spans) {
    // The common prefix and suffix are equal by definition: only the
    // middle is diffed, with a size cap and a deadline.
    let prefix = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let suffix = a[prefix..]
        .chars()
        .rev()
        .zip(b[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum::<usize>();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if ma.len() + mb.len() > MAX_CHAR_DIFF {
        let whole = |m: &str| {
            if m.is_empty() {
                vec![]
            } else {
                vec![(prefix, prefix + m.len())]
            }
        };
        return (whole(ma), whole(mb));
    }
    let diff = similar::TextDiff::configure()
        .deadline(std::time::Instant::now() + std::time::Duration::from_millis(100))
        .diff_chars(ma, mb);
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    let (mut ia, mut ib) = (prefix, prefix);
    for change in diff.iter_all_changes() {
        let len = change.value().len();
        match change.tag() {
            ChangeTag::Equal => {
                ia += len;
                ib += len;
            }
            ChangeTag::Delete => {
                push_span(&mut sa, ia, ia + len);
                ia += len;
            }
            ChangeTag::Insert => {
                push_span(&mut sb, ib, ib + len);
                ib += len;
            }
        }
    }
    (sa, sb)
}

fn push_span(spans: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match spans.last_mut() {
        Some(last) if last.1 == start => last.1 = end,
        _ => spans.push((start, end)),
    }
}

/// True when the request carries a non-empty value for every signed
/// header (names indexed once: thousands of headers stay linear).
fn every_signed_header_captured(req: &crate::sigv4::HttpRequest, signed: &[String]) -> bool {
    let present: std::collections::HashSet<String> = req
        .headers
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(n, _)| n.trim().to_ascii_lowercase())
        .collect();
    signed
        .iter()
        .all(|h| present.contains(&h.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_mark_encoded_equals() {
        let (a, b) = char_spans("/b/a%3D%3D.json", "/b/a==.json");
        assert!(
            !a.is_empty() && a.iter().all(|&(s, e)| s >= 4 && e <= 10),
            "{a:?}"
        );
        assert!(
            !b.is_empty() && b.iter().all(|&(s, e)| s >= 4 && e <= 6),
            "{b:?}"
        );
    }
}

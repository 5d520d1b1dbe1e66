//! What the client might have signed instead of what the server verified.
//!
//! A hypothesis is a set of one to three [`Edit`]s applied to the server's
//! view of the request (its canonical request, date and scope). Each edit is
//! one concrete, nameable mistake: "the path was signed with `=` unencoded",
//! "`transfer-encoding: chunked` was signed", "the region was us-west-2",
//! "the secret had a trailing newline". Edits are generated from the request
//! itself (its real path, headers and body facts), never from a fixed list
//! of answers, and each is labelled so a match can be explained in words.

use unicode_normalization::UnicodeNormalization;

use crate::sigv4::{
    CanonicalRequest, EMPTY_SHA256, STREAMING_PAYLOADS, UNSIGNED_PAYLOAD, is_unreserved,
    percent_decode,
};

/// The server's view, split into the parts an edit can replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub method: String,
    pub uri: String,
    pub query: String,
    /// `(lower-case name, canonical value)`, sorted by name: the signed headers.
    pub headers: Vec<(String, String)>,
    pub payload: String,
    pub amz_date: String,
    pub scope_date: String,
    pub region: String,
    pub service: String,
}

impl Base {
    pub fn new(
        creq: &CanonicalRequest,
        amz_date: &str,
        scope_date: &str,
        region: &str,
        service: &str,
    ) -> Self {
        let mut headers = creq.headers.clone();
        // The signed list decides which names are present, even when the
        // server printed a signed header with no line of its own.
        for name in &creq.signed_headers {
            if !headers.iter().any(|(n, _)| n == name) {
                headers.push((name.clone(), String::new()));
            }
        }
        headers.sort();
        Base {
            method: creq.method.clone(),
            uri: creq.uri.clone(),
            query: creq.query.clone(),
            headers,
            payload: creq.payload_hash.clone(),
            amz_date: amz_date.to_string(),
            scope_date: scope_date.to_string(),
            region: region.to_string(),
            service: service.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A way the secret may have been mangled before signing. The secret itself
/// is never stored here, only how it was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretVariant {
    TrailingNewline,
    TrailingCrlf,
    TrailingSpace,
    LeadingSpace,
    Trimmed,
}

impl SecretVariant {
    pub const ALL: [SecretVariant; 5] = [
        SecretVariant::TrailingNewline,
        SecretVariant::TrailingCrlf,
        SecretVariant::TrailingSpace,
        SecretVariant::LeadingSpace,
        SecretVariant::Trimmed,
    ];

    /// The mangled secret, or `None` when the change would be a no-op.
    pub fn apply(self, secret: &[u8]) -> Option<Vec<u8>> {
        let out = match self {
            SecretVariant::TrailingNewline => [secret, b"\n"].concat(),
            SecretVariant::TrailingCrlf => [secret, b"\r\n"].concat(),
            SecretVariant::TrailingSpace => [secret, b" "].concat(),
            SecretVariant::LeadingSpace => [b" ", secret].concat(),
            SecretVariant::Trimmed => secret.trim_ascii().to_vec(),
        };
        (out != secret).then_some(out)
    }

    pub fn describe(self) -> &'static str {
        match self {
            SecretVariant::TrailingNewline => "the secret key with a trailing newline",
            SecretVariant::TrailingCrlf => "the secret key with a trailing CR LF",
            SecretVariant::TrailingSpace => "the secret key with a trailing space",
            SecretVariant::LeadingSpace => "the secret key with a leading space",
            SecretVariant::Trimmed => "the secret key with its surrounding whitespace trimmed",
        }
    }
}

/// One concrete change to the server's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Method(&'static str),
    Uri(String),
    Query(String),
    /// Sign this header with this value (added, or its value replaced).
    SetHeader(String, String),
    /// Do not sign this header.
    RemoveHeader(String),
    /// The payload-hash line only.
    Payload(String),
    /// The payload-hash line and the signed `x-amz-content-sha256` value.
    PayloadAndHeader(String),
    /// Another request time (string to sign, and `x-amz-date` if signed).
    AmzDate(String),
    ScopeDate(String),
    Region(String),
    Service(&'static str),
    Secret(SecretVariant),
}

/// What an edit is about; maps a proven change to the rule that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    PathEncoding,
    QueryEncoding,
    Header,
    TransferEncoding,
    ContentType,
    Method,
    Payload,
    Date,
    Region,
    Service,
    Secret,
}

impl Family {
    /// The rule whose finding a proven change of this family confirms.
    pub fn rule(self) -> Option<&'static str> {
        match self {
            Family::PathEncoding | Family::QueryEncoding => Some("uri-encoding"),
            Family::TransferEncoding => Some("transfer-encoding-signed"),
            Family::ContentType | Family::Method => Some("presigned-method-or-content-type"),
            Family::Region | Family::Service => Some("region-scope"),
            Family::Date => Some("clock-skew"),
            Family::Secret => Some("secret-whitespace"),
            Family::Header | Family::Payload => None,
        }
    }
}

/// An edit with its label and the slot it occupies (two edits of one slot
/// cannot be combined).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub edit: Edit,
    pub label: String,
    pub family: Family,
    pub slot: u32,
}

impl Edit {
    /// True when the edit changes the canonical request text.
    pub fn touches_request(&self, base: &Base) -> bool {
        match self {
            Edit::AmzDate(_) => base.header("x-amz-date").is_some(),
            Edit::ScopeDate(_) | Edit::Region(_) | Edit::Service(_) | Edit::Secret(_) => false,
            _ => true,
        }
    }
}

/// Facts about the request as it arrived, from which edits are derived.
#[derive(Debug, Clone, Default)]
pub struct WireFacts {
    /// The path as sent (raw), when the wire request is known.
    pub path: Option<String>,
    /// The query as sent, without `X-Amz-Signature`.
    pub query: Option<String>,
    /// Headers as sent, raw values.
    pub headers: Vec<(String, String)>,
    pub body_len: Option<u64>,
    pub body_sha256: Option<String>,
}

impl WireFacts {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Every AWS commercial, GovCloud and China region, plus the names
/// S3-compatible servers use.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "auto",
    "garage",
    "us",
    "",
];

pub const SERVICES: &[&str] = &["s3", "s3-object-lambda", "execute-api"];
pub const METHODS: &[&str] = &["GET", "PUT", "POST", "HEAD", "DELETE"];
pub const CONTENT_TYPES: &[&str] = &[
    "application/octet-stream",
    "binary/octet-stream",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "text/plain",
    "text/plain; charset=utf-8",
    "application/json",
    "application/xml",
    "image/jpeg",
    "image/png",
];
/// Request-time offsets tried, in minutes.
pub const DATE_OFFSETS_MIN: &[i64] = &[
    -1, 1, -2, 2, -5, 5, -10, 10, -15, 15, -30, 30, -60, 60, -120, 120,
];

/// Slot numbers: fixed parts, then one per header name.
const SLOT_METHOD: u32 = 0;
const SLOT_URI: u32 = 1;
const SLOT_QUERY: u32 = 2;
const SLOT_PAYLOAD: u32 = 3;
const SLOT_DATE: u32 = 4;
const SLOT_SCOPE_DATE: u32 = 5;
const SLOT_REGION: u32 = 6;
const SLOT_SERVICE: u32 = 7;
const SLOT_SECRET: u32 = 8;

/// Builds every single edit worth trying, most likely families first.
/// Duplicates and no-ops are dropped.
pub fn candidates(base: &Base, wire: &WireFacts, secret: &[u8]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut header_slots: Vec<String> = Vec::new();
    let mut slot_of = |name: &str| -> u32 {
        match header_slots.iter().position(|n| n == name) {
            Some(i) => 100 + i as u32,
            None => {
                header_slots.push(name.to_string());
                100 + header_slots.len() as u32 - 1
            }
        }
    };
    let push = |out: &mut Vec<Candidate>, edit: Edit, label: String, family: Family, slot: u32| {
        if !out.iter().any(|c: &Candidate| c.edit == edit) {
            out.push(Candidate {
                edit,
                label,
                family,
                slot,
            });
        }
    };

    // Path encodings.
    let raw_path = wire.path.clone().unwrap_or_else(|| base.uri.clone());
    for (uri, label) in path_variants(&raw_path) {
        if uri != base.uri {
            push(
                &mut out,
                Edit::Uri(uri.clone()),
                format!("path signed as `{uri}` ({label})"),
                Family::PathEncoding,
                SLOT_URI,
            );
        }
    }
    // Query encodings.
    let raw_query = wire.query.clone().unwrap_or_else(|| base.query.clone());
    for (q, label) in query_variants(&raw_query) {
        if q != base.query {
            push(
                &mut out,
                Edit::Query(q.clone()),
                format!("query signed as `{q}` ({label})"),
                Family::QueryEncoding,
                SLOT_QUERY,
            );
        }
    }
    // Headers: hop-by-hop and body headers signed although the server did
    // not see them, or not signed although listed.
    let mut add = |out: &mut Vec<Candidate>, name: &str, value: String, family: Family| {
        if base.header(name) == Some(value.as_str()) {
            return;
        }
        let label = if base.header(name).is_some() {
            format!("`{name}` signed with the value `{value}`")
        } else {
            format!("`{name}: {value}` signed (the server did not see it)")
        };
        let slot = slot_of(name);
        push(
            out,
            Edit::SetHeader(name.to_string(), value),
            label,
            family,
            slot,
        );
    };
    add(
        &mut out,
        "transfer-encoding",
        "chunked".into(),
        Family::TransferEncoding,
    );
    let lengths = [
        wire.body_len.map(|n| n.to_string()),
        wire.header("content-length").map(|v| v.trim().to_string()),
        Some("0".into()),
    ];
    for len in lengths.into_iter().flatten() {
        add(&mut out, "content-length", len, Family::Header);
    }
    add(&mut out, "expect", "100-continue".into(), Family::Header);
    for (name, value) in &wire.headers {
        let name = name.trim().to_ascii_lowercase();
        if name == "authorization" || base.header(&name).is_some() {
            continue;
        }
        let family = match name.as_str() {
            "transfer-encoding" => Family::TransferEncoding,
            "content-type" => Family::ContentType,
            _ => Family::Header,
        };
        add(
            &mut out,
            &name,
            crate::sigv4::canonical_header_value(value),
            family,
        );
    }
    for ct in CONTENT_TYPES {
        add(
            &mut out,
            "content-type",
            ct.to_string(),
            Family::ContentType,
        );
    }
    let names: Vec<String> = base.headers.iter().map(|(n, _)| n.clone()).collect();
    for name in &names {
        if name == "host" {
            continue;
        }
        let family = if name == "transfer-encoding" {
            Family::TransferEncoding
        } else if name == "content-type" {
            Family::ContentType
        } else {
            Family::Header
        };
        let slot = slot_of(name);
        push(
            &mut out,
            Edit::RemoveHeader(name.clone()),
            format!("`{name}` not signed"),
            family,
            slot,
        );
    }
    // Header value whitespace: the raw value as sent, and common slips.
    for (name, value) in base.headers.clone() {
        let mut variants = Vec::new();
        if let Some(raw) = wire.header(&name) {
            variants.push((raw.to_string(), "its raw value, untrimmed"));
            variants.push((
                raw.trim().to_string(),
                "its value trimmed, inner spaces kept",
            ));
        }
        variants.push((format!("{value} "), "its value with a trailing space"));
        variants.push((format!(" {value}"), "its value with a leading space"));
        if value.contains(',') {
            variants.push((value.replace(',', ", "), "its values joined with `, `"));
        }
        for (v, what) in variants {
            if v != value {
                let slot = slot_of(&name);
                push(
                    &mut out,
                    Edit::SetHeader(name.clone(), v),
                    format!("`{name}` signed with {what}"),
                    Family::Header,
                    slot,
                );
            }
        }
    }
    // Payload hash.
    let mut payloads = vec![UNSIGNED_PAYLOAD.to_string(), EMPTY_SHA256.to_string()];
    payloads.extend(STREAMING_PAYLOADS.iter().map(|s| s.to_string()));
    if let Some(h) = &wire.body_sha256 {
        payloads.push(h.clone());
    }
    for p in &payloads {
        if *p != base.payload {
            push(
                &mut out,
                Edit::Payload(p.clone()),
                format!("payload hash signed as `{p}`"),
                Family::Payload,
                SLOT_PAYLOAD,
            );
            if base.header("x-amz-content-sha256").is_some() {
                push(
                    &mut out,
                    Edit::PayloadAndHeader(p.clone()),
                    format!("payload hash and x-amz-content-sha256 signed as `{p}`"),
                    Family::Payload,
                    SLOT_PAYLOAD,
                );
            }
        }
    }
    // Method.
    for m in METHODS {
        if *m != base.method {
            push(
                &mut out,
                Edit::Method(m),
                format!("method signed as {m}"),
                Family::Method,
                SLOT_METHOD,
            );
        }
    }
    // Secret variants.
    for v in SecretVariant::ALL {
        if v.apply(secret).is_some() {
            push(
                &mut out,
                Edit::Secret(v),
                format!("signed with {}", v.describe()),
                Family::Secret,
                SLOT_SECRET,
            );
        }
    }
    // Scope: region, service, date ±1 day.
    for r in REGIONS {
        if *r != base.region {
            push(
                &mut out,
                Edit::Region(r.to_string()),
                format!("region `{r}` in the credential scope"),
                Family::Region,
                SLOT_REGION,
            );
        }
    }
    for s in SERVICES {
        if *s != base.service {
            push(
                &mut out,
                Edit::Service(s),
                format!("service `{s}` in the credential scope"),
                Family::Service,
                SLOT_SERVICE,
            );
        }
    }
    for days in [-1i64, 1] {
        if let Some(d) = shift_scope_date(&base.scope_date, days) {
            push(
                &mut out,
                Edit::ScopeDate(d.clone()),
                format!("scope date {d} ({days:+} day)"),
                Family::Date,
                SLOT_SCOPE_DATE,
            );
        }
    }
    for min in DATE_OFFSETS_MIN {
        if let Some(d) = shift_amz_date(&base.amz_date, *min) {
            push(
                &mut out,
                Edit::AmzDate(d.clone()),
                format!("request time {d} ({min:+} min)"),
                Family::Date,
                SLOT_DATE,
            );
        }
    }
    out
}

fn shift_amz_date(amz: &str, minutes: i64) -> Option<String> {
    let t = crate::timefmt::parse_any(amz)? + time::Duration::minutes(minutes);
    Some(crate::timefmt::amz_date(t))
}

fn shift_scope_date(date: &str, days: i64) -> Option<String> {
    let f = time::macros::format_description!("[year][month][day]");
    let d = time::Date::parse(date, f).ok()? + time::Duration::days(days);
    d.format(f).ok()
}

/// How one byte of a decoded path or query is written.
#[derive(Clone, Copy)]
struct Encoder {
    /// Extra characters left unencoded beyond the SigV4 unreserved set.
    keep: &'static [u8],
    /// `~` encoded as `%7E` (old Python `quote`).
    encode_tilde: bool,
    space_as_plus: bool,
    lower_hex: bool,
    /// Bytes >= 0x80 left raw.
    raw_non_ascii: bool,
}

const AWS: Encoder = Encoder {
    keep: b"",
    encode_tilde: false,
    space_as_plus: false,
    lower_hex: false,
    raw_non_ascii: false,
};

impl Encoder {
    fn encode(&self, input: &[u8], keep_slash: bool, out: &mut String) {
        let hex: &[u8; 16] = if self.lower_hex {
            b"0123456789abcdef"
        } else {
            b"0123456789ABCDEF"
        };
        let mut bytes = Vec::with_capacity(input.len() * 3);
        for &b in input {
            let keep = (is_unreserved(b) && !(self.encode_tilde && b == b'~'))
                || (keep_slash && b == b'/')
                || self.keep.contains(&b)
                || (self.raw_non_ascii && b >= 0x80);
            if keep {
                bytes.push(b);
            } else if self.space_as_plus && b == b' ' {
                bytes.push(b'+');
            } else {
                bytes.extend_from_slice(&[b'%', hex[(b >> 4) as usize], hex[(b & 15) as usize]]);
            }
        }
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
}

/// Spellings of a path a client may have signed, each with how it arose.
/// `raw` is the path as sent.
pub fn path_variants(raw: &str) -> Vec<(String, &'static str)> {
    let decoded: Vec<Vec<u8>> = raw.split('/').map(|s| percent_decode(s, false)).collect();
    let plus_decoded: Vec<Vec<u8>> = raw.split('/').map(|s| percent_decode(s, true)).collect();
    let join = |segs: &[Vec<u8>], enc: Encoder| -> String {
        let mut out = String::with_capacity(raw.len() * 2);
        for (i, s) in segs.iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            enc.encode(s, false, &mut out);
        }
        if out.is_empty() { "/".into() } else { out }
    };
    let aws = join(&decoded, AWS);
    let mut v: Vec<(String, &'static str)> = vec![
        (raw.to_string(), "as sent, not re-encoded"),
        (aws.clone(), "each segment encoded once, AWS S3 rules"),
        (
            join(&plus_decoded, AWS),
            "`+` read as a space and encoded as %20",
        ),
        (
            join(
                &decoded,
                Encoder {
                    space_as_plus: true,
                    ..AWS
                },
            ),
            "space encoded as `+`",
        ),
        (
            join(&decoded, Encoder { keep: b"=", ..AWS }),
            "`=` left unencoded",
        ),
        (
            join(&decoded, Encoder { keep: b"+", ..AWS }),
            "`+` left unencoded",
        ),
        (
            join(
                &decoded,
                Encoder {
                    keep: b";,/?:@&=+$!'()*#",
                    ..AWS
                },
            ),
            "reserved characters left unencoded (JavaScript encodeURI)",
        ),
        (
            join(
                &decoded,
                Encoder {
                    keep: b"!'()*",
                    ..AWS
                },
            ),
            "`!'()*` left unencoded (JavaScript encodeURIComponent)",
        ),
        (
            join(
                &decoded,
                Encoder {
                    encode_tilde: true,
                    ..AWS
                },
            ),
            "`~` encoded as %7E",
        ),
        (
            join(&decoded, Encoder { keep: b"%", ..AWS }),
            "`%` left unencoded",
        ),
        (
            join(
                &decoded,
                Encoder {
                    lower_hex: true,
                    ..AWS
                },
            ),
            "lower-case hex in escapes",
        ),
        (
            join(
                &decoded,
                Encoder {
                    raw_non_ascii: true,
                    ..AWS
                },
            ),
            "non-ASCII bytes left raw",
        ),
        (
            crate::sigv4::uri_encode(aws.as_bytes(), true),
            "encoded twice (%XX became %25XX)",
        ),
        (
            crate::sigv4::uri_encode(raw.as_bytes(), true),
            "the path as sent encoded again",
        ),
    ];
    for (form, label) in [
        (true, "Unicode NFC before encoding"),
        (false, "Unicode NFD before encoding"),
    ] {
        let segs: Vec<Vec<u8>> = decoded
            .iter()
            .map(|s| {
                let text = String::from_utf8_lossy(s);
                if form {
                    text.nfc().collect::<String>().into_bytes()
                } else {
                    text.nfd().collect::<String>().into_bytes()
                }
            })
            .collect();
        v.push((join(&segs, AWS), label));
    }
    let normalized = crate::sigv4::normalize_path(&aws, crate::sigv4::TrailingSlash::Keep);
    v.push((
        normalized.clone(),
        "dot segments and repeated slashes normalized",
    ));
    v.push((
        crate::sigv4::uri_encode(
            crate::sigv4::normalize_path(raw, crate::sigv4::TrailingSlash::Keep).as_bytes(),
            true,
        ),
        "normalized and encoded again (generic AWS services)",
    ));
    if let Some(stripped) = aws.strip_suffix('/').filter(|s| !s.is_empty()) {
        v.push((stripped.to_string(), "trailing slash dropped"));
    } else {
        v.push((format!("{aws}/"), "trailing slash added"));
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|(u, _)| seen.insert(u.clone()));
    v
}

/// Spellings of a query a client may have signed.
pub fn query_variants(raw: &str) -> Vec<(String, &'static str)> {
    if raw.is_empty() {
        return Vec::new();
    }
    let pairs: Vec<(&str, Option<&str>)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (p, None),
        })
        .collect();
    let build = |enc: Encoder, plus_space: bool, sort: bool, keep_bare: bool| -> String {
        let mut items: Vec<String> = pairs
            .iter()
            .map(|(k, v)| {
                let mut s = String::new();
                enc.encode(&percent_decode(k, plus_space), false, &mut s);
                match v {
                    None if keep_bare => {}
                    _ => {
                        s.push('=');
                        enc.encode(&percent_decode(v.unwrap_or(""), plus_space), false, &mut s);
                    }
                }
                s
            })
            .collect();
        if sort {
            items.sort();
        }
        items.join("&")
    };
    let mut v: Vec<(String, &'static str)> = vec![
        (build(AWS, true, true, false), "AWS rules (`+` is a space)"),
        (build(AWS, false, true, false), "`+` kept as a literal plus"),
        (
            {
                let mut items: Vec<&str> = raw.split('&').filter(|p| !p.is_empty()).collect();
                items.sort();
                items.join("&")
            },
            "as sent, not re-encoded",
        ),
        (
            build(
                Encoder {
                    space_as_plus: true,
                    ..AWS
                },
                true,
                true,
                false,
            ),
            "space encoded as `+`",
        ),
        (
            build(Encoder { keep: b"=", ..AWS }, true, true, false),
            "`=` in values left unencoded",
        ),
        (
            build(
                Encoder {
                    keep: b"/:,",
                    ..AWS
                },
                true,
                true,
                false,
            ),
            "`/`, `:` and `,` left unencoded",
        ),
        (build(AWS, true, false, false), "parameters not sorted"),
        (build(AWS, true, true, true), "`=` dropped for empty values"),
        (
            build(
                Encoder {
                    lower_hex: true,
                    ..AWS
                },
                true,
                true,
                false,
            ),
            "lower-case hex in escapes",
        ),
        (
            build(
                Encoder {
                    encode_tilde: true,
                    ..AWS
                },
                true,
                true,
                false,
            ),
            "`~` encoded as %7E",
        ),
        (String::new(), "query not signed at all"),
    ];
    let aws = v[0].0.clone();
    v.push((
        crate::sigv4::uri_encode(aws.as_bytes(), false)
            .replace("%3D", "=")
            .replace("%26", "&"),
        "encoded twice (%XX became %25XX)",
    ));
    let mut seen = std::collections::HashSet::new();
    v.retain(|(q, _)| seen.insert(q.clone()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_variants_cover_the_common_spellings() {
        let v: Vec<String> = path_variants("/b/a==.json")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert!(v.contains(&"/b/a==.json".to_string()));
        assert!(v.contains(&"/b/a%3D%3D.json".to_string()));
        assert!(v.contains(&"/b/a%253D%253D.json".to_string()));
        let v: Vec<String> = path_variants("/b/my+report.pdf")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert!(v.contains(&"/b/my%20report.pdf".to_string()));
        assert!(v.contains(&"/b/my%2Breport.pdf".to_string()));
    }

    #[test]
    fn query_variants_include_plus_and_sorting() {
        let v: Vec<String> = query_variants("q=a+b&a=1")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert!(v.contains(&"a=1&q=a%20b".to_string()));
        assert!(v.contains(&"a=1&q=a%2Bb".to_string()));
        assert!(v.contains(&"q=a%20b&a=1".to_string()));
    }

    #[test]
    fn secret_variants_never_repeat_the_secret() {
        assert_eq!(SecretVariant::Trimmed.apply(b"abc"), None);
        assert_eq!(SecretVariant::Trimmed.apply(b"abc\n").unwrap(), b"abc");
        assert_eq!(
            SecretVariant::TrailingNewline.apply(b"abc").unwrap(),
            b"abc\n"
        );
    }
}

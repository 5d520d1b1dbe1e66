//! Step 1 of SigV4: the canonical request.
//!
//! ```text
//! HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! ```

use std::fmt;

use super::encode::{percent_decode, uri_encode, uri_encode_into};

/// A request as it went over the wire: nothing here is canonicalized yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// The path exactly as sent, without the query (raw or %-encoded bytes).
    pub path: String,
    /// The raw query string without the leading `?`; empty when none.
    pub query: String,
    /// Headers in the order sent, names as sent, values raw.
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// Splits a request target (`/path?query`) into path and query.
    pub fn from_target(method: &str, target: &str, headers: Vec<(String, String)>) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, q),
            None => (target, ""),
        };
        HttpRequest {
            method: method.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            headers,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the path becomes the canonical URI. Which one applies is a fact about
/// the signer, so it is an explicit setting, never a hidden default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMode {
    /// What S3 verifies: each segment of the path as received is
    /// percent-decoded and encoded once again with the unreserved set; no
    /// normalization (`//`, `.` and `..` are part of the key). The query is
    /// decoded (with `+` as space) and re-encoded the same way.
    S3,
    /// The path and query exactly as given, assumed already encoded: what
    /// botocore's S3 signer and `aws-sigv4` in single-encoding mode sign.
    AsGiven,
    /// Generic AWS services: the path is normalized (RFC 3986 dot segments,
    /// repeated slashes merged) and then encoded again, so an already
    /// encoded `%3D` becomes `%253D`.
    Generic,
}

/// A canonical request; `Display` writes exactly the text that is hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    pub method: String,
    pub uri: String,
    pub query: String,
    /// `(lower-case name, canonical value)`, sorted by name, one per name.
    pub headers: Vec<(String, String)>,
    /// Lower-case, sorted, unique.
    pub signed_headers: Vec<String>,
    pub payload_hash: String,
}

impl CanonicalRequest {
    /// Canonicalizes `req`, signing exactly `signed_headers` (any case).
    /// A signed header the request lacks appears with an empty value, as
    /// S3 shows it in its own canonical request.
    pub fn build(
        req: &HttpRequest,
        signed_headers: &[String],
        path_mode: PathMode,
        payload_hash: &str,
    ) -> CanonicalRequest {
        let mut names: Vec<String> = signed_headers
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        let headers = names
            .iter()
            .map(|name| {
                let values: Vec<String> = req
                    .headers
                    .iter()
                    .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
                    .map(|(_, v)| canonical_header_value(v))
                    .collect();
                (name.clone(), values.join(","))
            })
            .collect();
        CanonicalRequest {
            method: req.method.clone(),
            uri: canonical_uri(&req.path, path_mode),
            query: canonical_query(&req.query, path_mode),
            headers,
            signed_headers: names,
            payload_hash: payload_hash.to_string(),
        }
    }

    /// The `SignedHeaders` form: names joined with `;`.
    pub fn signed_headers_line(&self) -> String {
        self.signed_headers.join(";")
    }

    /// Parses canonical-request text (from a log or an error body).
    /// Returns `None` when the text does not have the canonical shape.
    pub fn parse(text: &str) -> Option<CanonicalRequest> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        if lines.len() < 6 {
            return None;
        }
        let method = lines[0];
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let payload_hash = lines[lines.len() - 1];
        let signed = lines[lines.len() - 2];
        // Canonical headers end with an empty line before the signed list.
        let header_lines = &lines[3..lines.len() - 2];
        let header_lines = match header_lines.split_last() {
            Some((&"", rest)) => rest,
            _ => header_lines,
        };
        let headers = header_lines
            .iter()
            .map(|l| match l.split_once(':') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (l.to_string(), String::new()),
            })
            .collect();
        Some(CanonicalRequest {
            method: method.to_string(),
            uri: lines[1].to_string(),
            query: lines[2].to_string(),
            headers,
            signed_headers: signed
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            payload_hash: payload_hash.to_string(),
        })
    }

    /// SHA-256 of the canonical text, hex: the last line of the string to sign.
    pub fn hash_hex(&self) -> String {
        super::sha256_hex(self.to_string().as_bytes())
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.method)?;
        writeln!(f, "{}", self.uri)?;
        writeln!(f, "{}", self.query)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}:{value}")?;
        }
        writeln!(f)?;
        writeln!(f, "{}", self.signed_headers.join(";"))?;
        write!(f, "{}", self.payload_hash)
    }
}

/// Trims spaces at both ends and collapses inner runs of spaces. Only the
/// space character counts: S3 keeps tabs and other whitespace as they are.
pub fn canonical_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.trim_matches(' ').chars() {
        if c == ' ' {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

fn canonical_uri(path: &str, mode: PathMode) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    match mode {
        PathMode::AsGiven => path.to_string(),
        PathMode::S3 => {
            let mut out = String::with_capacity(path.len() + 8);
            for (i, segment) in path.split('/').enumerate() {
                if i > 0 {
                    out.push('/');
                }
                uri_encode_into(&percent_decode(segment, false), false, &mut out);
            }
            out
        }
        PathMode::Generic => {
            let normalized = normalize_path(path, TrailingSlash::Keep);
            uri_encode(normalized.as_bytes(), true)
        }
    }
}

/// What [`normalize_path`] does with a trailing slash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrailingSlash {
    /// Keep it, as SigV4's generic canonicalization does.
    Keep,
    /// Drop it, as normalizing proxies and HTTP libraries often do.
    Drop,
}

/// RFC 3986 section 5.2.4 dot-segment removal plus merging of empty
/// segments: `/a//b/./c/../d/` -> `/a/b/d/` (`Keep`) or `/a/b/d` (`Drop`).
pub fn normalize_path(path: &str, trailing_slash: TrailingSlash) -> String {
    let mut out: Vec<&str> = Vec::new();
    let trailing = trailing_slash == TrailingSlash::Keep
        && (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/.."));
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut s = String::with_capacity(path.len());
    for seg in &out {
        s.push('/');
        s.push_str(seg);
    }
    if trailing || s.is_empty() {
        s.push('/');
    }
    s
}

fn canonical_query(query: &str, mode: PathMode) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match mode {
                PathMode::AsGiven => (name.to_string(), value.to_string()),
                PathMode::S3 | PathMode::Generic => (
                    uri_encode(&percent_decode(name, true), false),
                    uri_encode(&percent_decode(value, true), false),
                ),
            }
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_trim_spaces_only() {
        assert_eq!(canonical_header_value("  a   b  c "), "a b c");
        assert_eq!(canonical_header_value("\tmax-age=0 "), "\tmax-age=0");
        assert_eq!(canonical_header_value(""), "");
    }

    #[test]
    fn s3_path_is_decoded_then_encoded_once_without_normalization() {
        assert_eq!(
            canonical_uri("/b/a==.json", PathMode::S3),
            "/b/a%3D%3D.json"
        );
        assert_eq!(
            canonical_uri("/b/a%3D%3D.json", PathMode::S3),
            "/b/a%3D%3D.json"
        );
        assert_eq!(canonical_uri("/b//./x", PathMode::S3), "/b//./x");
        assert_eq!(canonical_uri("/b/a+b", PathMode::S3), "/b/a%2Bb");
        assert_eq!(canonical_uri("", PathMode::S3), "/");
    }

    #[test]
    fn generic_path_is_normalized_and_encoded_again() {
        assert_eq!(canonical_uri("/a%3D", PathMode::Generic), "/a%253D");
        assert_eq!(canonical_uri("/example/..", PathMode::Generic), "/");
        assert_eq!(canonical_uri("//example//", PathMode::Generic), "/example/");
        assert_eq!(canonical_uri("/./", PathMode::Generic), "/");
    }

    #[test]
    fn query_is_sorted_and_empty_values_kept() {
        assert_eq!(
            canonical_query("prefix=J&max-keys=2", PathMode::S3),
            "max-keys=2&prefix=J"
        );
        assert_eq!(canonical_query("acl", PathMode::S3), "acl=");
        assert_eq!(canonical_query("a=x+y", PathMode::S3), "a=x%20y");
        assert_eq!(canonical_query("b=2&a=1", PathMode::AsGiven), "a=1&b=2");
    }

    #[test]
    fn parse_round_trips() {
        let text = "GET\n/test.txt\n\nhost:x\nrange:bytes=0-9\n\nhost;range\nUNSIGNED-PAYLOAD";
        let c = CanonicalRequest::parse(text).unwrap();
        assert_eq!(c.to_string(), text);
        assert_eq!(c.signed_headers, ["host", "range"]);
    }
}

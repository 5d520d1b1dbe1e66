//! Checks shared by `sign`, `replay` and `probe` on what the user asks to
//! sign or send: `-H` headers and bucket names. Each refusal is one line
//! and exit 2, before anything is signed or sent.

use super::CliError;
use crate::net::request::GENERATED_HEADERS;

/// Headers s3sigdiag computes itself: a user's `-H` of the same name would
/// sign (and send) the signature among its own inputs.
const SIGNATURE_HEADERS: &[&str] = &["authorization", "x-amz-signature"];

/// Parses `-H 'Name: value'` arguments. Refuses control characters, an
/// empty or spaced name, a signature header, and the same generated
/// header given twice with different values.
pub fn parse_headers(values: &[String]) -> Result<Vec<(String, String)>, CliError> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for h in values {
        refuse_controls("-H", h)?;
        let (n, v) = h
            .split_once(':')
            .map(|(n, v)| (n.trim(), v.trim_start()))
            .filter(|(n, _)| !n.is_empty() && !n.contains([' ', '\t']))
            .ok_or_else(|| CliError::usage(format!("-H `{h}` is not of the form 'Name: value'")))?;
        let lower = n.to_ascii_lowercase();
        if SIGNATURE_HEADERS.contains(&lower.as_str()) {
            return Err(CliError::usage(format!(
                "-H {n}: refused: s3sigdiag computes the signature itself; a signature among the \
                 inputs to sign would sign itself (pass the other headers only)"
            )));
        }
        if GENERATED_HEADERS.contains(&lower.as_str())
            && let Some((_, prev)) = headers.iter().find(|(p, _)| p.eq_ignore_ascii_case(n))
            && prev != v
        {
            return Err(CliError::usage(format!(
                "-H {lower} is given twice with different values (`{prev}` and `{v}`): give one"
            )));
        }
        if GENERATED_HEADERS.contains(&lower.as_str())
            && headers.iter().any(|(p, _)| p.eq_ignore_ascii_case(n))
        {
            continue;
        }
        headers.push((n.to_string(), v.to_string()));
    }
    Ok(headers)
}

/// The value of a header, by case-insensitive name.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Refuses a query string that carries a signature (`X-Amz-Signature`):
/// s3sigdiag computes it.
pub fn refuse_signature_in_query(what: &str, url: &str) -> Result<(), CliError> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let signed = query.split('&').any(|p| {
        let name = p.split_once('=').map_or(p, |(n, _)| n);
        name.eq_ignore_ascii_case("X-Amz-Signature")
    });
    if signed {
        return Err(CliError::usage(format!(
            "{what} carries X-Amz-Signature: refused: s3sigdiag computes the signature itself \
             (to check a presigned URL, run `s3sigdiag explain 'URL'`)"
        )));
    }
    Ok(())
}

/// Checks an S3 bucket name against AWS's naming rules for general purpose
/// buckets, naming the rule it breaks. (A server that accepts other names
/// still refuses these on AWS; the check keeps an error raised before the
/// signature check from being mistaken for a verdict on the signature.)
pub fn check_bucket(name: &str) -> Result<(), CliError> {
    refuse_controls("--bucket", name)?;
    let bad = |rule: &str| {
        Err(CliError::usage(format!(
            "--bucket `{name}` is not a valid S3 bucket name: {rule}"
        )))
    };
    let len = name.chars().count();
    if !(3..=63).contains(&len) {
        return bad(&format!(
            "a bucket name is 3 to 63 characters long (this one is {len})"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        let what = if c.is_ascii_uppercase() {
            format!("uppercase `{c}`")
        } else if c == '/' {
            "`/` (the bucket is only the first path segment; put the rest in --key)".to_string()
        } else {
            format!("`{}`", c.escape_debug())
        };
        return bad(&format!(
            "only lowercase letters, digits, dots and hyphens are allowed, not {what}"
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return bad("it must begin and end with a letter or a digit");
    }
    if name.contains("..") {
        return bad("it must not contain two adjacent dots");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return bad("it must not be formatted as an IP address");
    }
    Ok(())
}

/// A control character (CR, LF, NUL, …) in a key, a header or a bucket
/// would end the HTTP line it is written on and smuggle the rest as another
/// header or request: refused, exit 2. The value is not echoed. A tab is
/// legal inside a header value (and a whitespace case worth replaying).
pub fn refuse_controls(what: &str, value: &str) -> Result<(), CliError> {
    let tab_ok = what == "-H";
    match value
        .chars()
        .find(|&c| c.is_control() && !(tab_ok && c == '\t'))
    {
        Some(c) => Err(CliError::usage(format!(
            "{what} holds a control character (U+{:04X}); refused: it would split the HTTP request",
            c as u32
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        for ok in ["abc", "my-bucket", "diag", "a.b-c.1", &"a".repeat(63)] {
            assert!(check_bucket(ok).is_ok(), "{ok}");
        }
        for (bad, rule) in [
            ("b", "3 to 63"),
            (&"a".repeat(64), "3 to 63"),
            ("My-Bucket", "uppercase `M`"),
            ("my_bucket", "`_`"),
            ("bucket/prefix", "`/`"),
            ("-abc", "begin and end"),
            ("abc.", "begin and end"),
            ("a..b", "adjacent dots"),
            ("192.168.1.1", "IP address"),
        ] {
            let e = check_bucket(bad).unwrap_err();
            assert_eq!(e.code, 2);
            assert!(e.message.contains(rule), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn headers() {
        let h = |v: &[&str]| parse_headers(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(h(&["Authorization: AWS4-HMAC-SHA256 x"]).is_err());
        assert!(h(&["x-amz-signature: 00"]).is_err());
        assert!(h(&["x-amz-date: A", "X-Amz-Date: B"]).is_err());
        assert_eq!(h(&["x-amz-date: A", "X-Amz-Date: A"]).unwrap().len(), 1);
        // Other headers may repeat: they are sent twice and signed joined.
        assert_eq!(h(&["x-amz-meta-a: 1", "x-amz-meta-a: 2"]).unwrap().len(), 2);
        assert!(h(&["bad name: v"]).is_err());
        assert!(refuse_signature_in_query("--url", "https://h/k?X-Amz-Signature=0").is_err());
        assert!(refuse_signature_in_query("--url", "https://h/k?x=1").is_ok());
    }
}

//! Error bodies as people paste them: inside a Python `b'…'` repr with
//! literal `\n`, inside an exception message or stack trace, HTML-escaped
//! (`&lt;Error&gt;`, `&#xA;`), with newlines flattened to spaces, or cut
//! off. The XML is found, unwrapped, then read by [`parse_error_xml`];
//! flattened signing text is rebuilt from the `*Bytes` fields when they
//! survived, or from the fixed shape of a canonical request otherwise.

use std::borrow::Cow;

use crate::model::exchange::{Exchange, Source};

use super::InputError;
use super::error_xml::parse_error_xml;
use super::pyrepr::take_literal;

pub(crate) fn looks_like_error_xml(text: &str) -> bool {
    text.contains("<Error>")
        || text.contains("<Error ")
        || text.trim_start().starts_with("<?xml")
        || text.contains("&lt;Error&gt;")
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let mut notes = Vec::new();
    let unwrapped = unwrap(text, &source.name, &mut notes);
    let mut ex = parse_error_xml(&unwrapped, source)?;
    if let Some(server) = ex.server.as_mut() {
        if let Some(creq) = server.canonical_request.as_mut()
            && !creq.contains('\n')
            && creq.contains(' ')
        {
            if server.canonical_request_bytes.is_some() {
                notes.push(format!(
                    "{}: the CanonicalRequest text lost its newlines; using CanonicalRequestBytes",
                    source.name
                ));
            } else if let Some(rebuilt) = rebuild_canonical(creq) {
                notes.push(format!(
                    "{}: the CanonicalRequest text lost its newlines and no CanonicalRequestBytes survived; line structure rebuilt from its shape (header values with spaces may be split wrongly)",
                    source.name
                ));
                *creq = rebuilt;
            }
        }
        if server.string_to_sign_bytes.is_none()
            && let Some(sts) = server.string_to_sign.as_mut()
            && !sts.contains('\n')
            && sts.starts_with("AWS4-")
        {
            *sts = sts.split_whitespace().collect::<Vec<_>>().join("\n");
        }
    }
    notes.append(&mut ex.notes);
    ex.notes = notes;
    Ok(ex)
}

/// Peels the wrappers off, outermost first.
fn unwrap<'a>(text: &'a str, name: &str, notes: &mut Vec<String>) -> Cow<'a, str> {
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    // A Python bytes/str repr holding the XML: b'<?xml …' or '<Error>…'.
    for marker in ["b'<", "b\"<", "'<?xml", "\"<?xml", "'<Error", "\"<Error"] {
        if let Some(i) = current.find(marker) {
            if let Some((bytes, _)) = take_literal(&current[i..]) {
                notes.push(format!("{name}: read the XML out of a Python string repr"));
                current = Cow::Owned(String::from_utf8_lossy(&bytes).into_owned());
            }
            break;
        }
    }
    // Literal backslash-n with no real newline in the XML: a repr printed
    // without its quotes, or JSON-escaped text.
    if let Some(start) = current.find("<Error") {
        let xml = &current[start..];
        if xml.contains("\\n") && !xml.contains('\n') {
            notes.push(format!(
                "{name}: turned literal \\n sequences back into newlines"
            ));
            current = Cow::Owned(
                current
                    .replace("\\r\\n", "\n")
                    .replace("\\n", "\n")
                    .replace("\\\"", "\"")
                    .replace("\\'", "'"),
            );
        }
    }
    // HTML-escaped XML (from a web page or an HTML error report).
    if !current.contains("<Error") && current.contains("&lt;Error&gt;") {
        notes.push(format!(
            "{name}: the XML was HTML-escaped; unescaped one level"
        ));
        current = Cow::Owned(html_unescape_markup(&current));
    }
    current
}

/// Unescapes the markup characters only: `&lt;` and `&gt;` become `<` `>`
/// and `&quot;`. `&amp;` becomes `&` only when it precedes an escape that
/// the XML reader resolves itself (`&amp;lt;` → `&lt;`); numeric
/// references stay for the XML reader. No entity is ever expanded.
fn html_unescape_markup(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `PUT /b/k  content-type:x host:h x-amz-date:d  content-type;host;x-amz-date hash`
/// → the six-part text. Header values containing spaces are rejoined to
/// the previous header.
pub(crate) fn rebuild_canonical(flat: &str) -> Option<String> {
    let tokens: Vec<&str> = flat.split(' ').collect();
    if tokens.len() < 5 {
        return None;
    }
    let method = tokens[0];
    let uri = tokens[1];
    let mut i = 2;
    let query = if tokens[i].contains(':') && !tokens[i].contains('=') {
        ""
    } else {
        i += 1;
        tokens[i - 1]
    };
    let hash = *tokens.last()?;
    let signed = tokens.get(tokens.len().checked_sub(2)?)?;
    let mut headers: Vec<String> = Vec::new();
    for t in &tokens[i..tokens.len() - 2] {
        let is_header_start = t.split_once(':').is_some_and(|(n, _)| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        if is_header_start {
            headers.push((*t).to_string());
        } else if t.is_empty() {
            continue;
        } else if let Some(last) = headers.last_mut() {
            last.push(' ');
            last.push_str(t);
        }
    }
    if headers.is_empty() {
        return None;
    }
    let mut lines = vec![method.to_string(), uri.to_string(), query.to_string()];
    lines.extend(headers);
    lines.extend([String::new(), signed.to_string(), hash.to_string()]);
    super::canonical_text::from_lines(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "paste".into(),
            format: "error-xml".into(),
        }
    }

    #[test]
    fn python_repr_in_exception() {
        let t = r#"botocore.exceptions.ClientError: body=b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD</CanonicalRequest></Error>' more"#;
        let e = parse(t, &src()).unwrap();
        let s = e.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(
            s.canonical_request.as_deref(),
            Some("GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
    }

    #[test]
    fn html_escaped() {
        let t = "&lt;Error&gt;&lt;Code&gt;SignatureDoesNotMatch&lt;/Code&gt;&lt;Message&gt;a &amp;amp; b&lt;/Message&gt;&lt;/Error&gt;";
        let s = parse(t, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(s.message.as_deref(), Some("a & b"));
    }

    #[test]
    fn flattened_canonical_is_rebuilt() {
        let r = rebuild_canonical("PUT /b/k  content-type:text/plain; charset=utf-8 host:h  content-type;host UNSIGNED-PAYLOAD").unwrap();
        assert_eq!(
            r,
            "PUT\n/b/k\n\ncontent-type:text/plain; charset=utf-8\nhost:h\n\ncontent-type;host\nUNSIGNED-PAYLOAD"
        );
    }
}

//! S3 error bodies (`<Error><Code>…</Code>…</Error>`).
//!
//! Parsed with quick-xml, which never expands entities declared in a
//! DOCTYPE: a billion-laughs or external-entity body is read as inert text.
//! Noise around the XML (HTTP headers, a log prefix) is skipped, and a body
//! cut off mid-element still yields whatever fields were complete.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::model::exchange::{Exchange, ServerError, Source};

use super::InputError;

/// Elements longer than this are truncated: no real field comes close.
const MAX_FIELD_BYTES: usize = 256 * 1024;

pub fn parse_error_xml(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let start = ["<?xml", "<Error>", "<Error "]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .ok_or_else(|| {
            InputError::new(
                &source.name,
                "expected an S3 error body (<Error><Code>…</Code></Error>)",
            )
        })?;
    let xml = &text[start..];
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<String> = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    // Where each field name sits in `fields`: a body of many unknown
    // elements stays linear.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut notes = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.len() > 64 {
                    notes.push(format!(
                        "{}: XML nested too deeply; stopped reading",
                        source.name
                    ));
                    break;
                }
                stack.push(name);
            }
            Ok(Event::End(_)) => {
                stack.pop();
                if stack.is_empty() && index.contains_key("Code") {
                    break;
                }
            }
            Ok(Event::Text(t)) => {
                // Unknown entities are an error for `unescape`: keep the raw
                // text then, never resolve them.
                let value = match t.unescape() {
                    Ok(v) => v.into_owned(),
                    Err(_) => String::from_utf8_lossy(&t).into_owned(),
                };
                push_field(&mut fields, &mut index, &stack, value);
            }
            Ok(Event::CData(c)) => {
                push_field(
                    &mut fields,
                    &mut index,
                    &stack,
                    String::from_utf8_lossy(&c).into_owned(),
                );
            }
            Ok(Event::Eof) => {
                if !stack.is_empty() {
                    notes.push(format!(
                        "{}: the XML is cut off inside <{}>; using the fields that were complete",
                        source.name,
                        stack.last().map(String::as_str).unwrap_or("?")
                    ));
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                notes.push(format!(
                    "{}: XML error after byte {} ({e}); using the fields read so far",
                    source.name,
                    reader.buffer_position()
                ));
                break;
            }
        }
    }
    let Some(server) = server_error_from_fields(&fields, source, &mut notes) else {
        return Err(InputError::new(
            &source.name,
            "XML without an <Error><Code> element; expected an S3 error body",
        ));
    };
    Ok(Exchange {
        server: Some(server),
        notes,
        ..Exchange::default()
    })
}

/// Builds a [`ServerError`] from `(element name, text)` pairs named as in
/// the XML body (`Code`, `Message`, `StringToSign`, `CanonicalRequestBytes`,
/// …), decoding the `*Bytes` hex dumps. `None` without a `Code`. Shared by
/// every input that carries the body's fields (SDK exceptions copy them).
pub(crate) fn server_error_from_fields(
    fields: &[(String, String)],
    source: &Source,
    notes: &mut Vec<String>,
) -> Option<ServerError> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let code = get("Code")?;
    let mut server = ServerError {
        code: code.trim().to_string(),
        message: get("Message"),
        aws_access_key_id: get("AWSAccessKeyId"),
        string_to_sign: get("StringToSign"),
        signature_provided: get("SignatureProvided").map(|s| s.trim().to_string()),
        canonical_request: get("CanonicalRequest"),
        request_id: get("RequestId"),
        host_id: get("HostId"),
        request_time: get("RequestTime"),
        server_time: get("ServerTime"),
        max_allowed_skew_ms: get("MaxAllowedSkewMilliseconds"),
        region: get("Region"),
        resource: get("Resource"),
        header_name: get("HeaderName").or_else(|| get("Header")),
        expires: get("Expires"),
        x_amz_content_sha256: get("XAmzContentSHA256"),
        client_computed_content_sha256: get("ClientComputedContentSHA256"),
        s3_computed_content_sha256: get("S3ComputedContentSHA256"),
        source: Some(source.clone()),
        ..ServerError::default()
    };
    for (field, target) in [
        ("StringToSignBytes", &mut server.string_to_sign_bytes),
        ("CanonicalRequestBytes", &mut server.canonical_request_bytes),
    ] {
        if let Some(hex) = get(field) {
            let (bytes, complete) = decode_hex_dump(&hex);
            if !complete {
                notes.push(format!(
                    "{}: <{field}> is cut off or malformed; decoded {} bytes",
                    source.name,
                    bytes.len()
                ));
            }
            *target = Some(bytes);
        }
    }
    Some(server)
}

fn push_field(
    fields: &mut Vec<(String, String)>,
    index: &mut std::collections::HashMap<String, usize>,
    stack: &[String],
    value: String,
) {
    let Some(name) = stack.last() else { return };
    let value = if value.len() > MAX_FIELD_BYTES {
        let mut cut = MAX_FIELD_BYTES;
        while !value.is_char_boundary(cut) {
            cut -= 1;
        }
        value[..cut].to_string()
    } else {
        value
    };
    match index.get(name) {
        // A field split across several text events (entity boundaries).
        Some(&i) if stack.len() <= 3 => fields[i].1.push_str(&value),
        Some(_) => {}
        None => {
            index.insert(name.clone(), fields.len());
            fields.push((name.clone(), value));
        }
    }
}

/// Decodes AWS's `*Bytes` form ("47 45 54 0a …"). Returns the bytes and
/// whether every token was a well-formed pair.
pub fn decode_hex_dump(text: &str) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut complete = true;
    for token in text.split_whitespace() {
        // Some pastes lose the spaces: accept runs of pairs too.
        let bytes = token.as_bytes();
        if bytes.len() % 2 != 0 {
            complete = false;
        }
        for pair in bytes.chunks(2) {
            match (
                pair.len(),
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|p| u8::from_str_radix(p, 16).ok()),
            ) {
                (2, Some(b)) => out.push(b),
                _ => complete = false,
            }
        }
    }
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "t.xml".into(),
            format: "error-xml".into(),
        }
    }

    #[test]
    fn reads_fields_and_bytes() {
        let x = "HTTP/1.1 403 Forbidden\r\n\r\n\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>GET\n/a\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD</CanonicalRequest><CanonicalRequestBytes>47 45 54 0a</CanonicalRequestBytes><SignatureProvided>abc</SignatureProvided></Error>";
        let e = parse_error_xml(x, &src()).unwrap();
        let s = e.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(s.canonical_request_bytes.as_deref(), Some(&b"GET\n"[..]));
        assert!(s.canonical_request.unwrap().starts_with("GET\n/a"));
    }

    #[test]
    fn never_expands_entities() {
        let x = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Error><Code>&lol2;</Code><Message>&amp;x</Message></Error>"#;
        let s = parse_error_xml(x, &src()).unwrap().server.unwrap();
        assert_eq!(s.code, "&lol2;");
        assert_eq!(s.message.as_deref(), Some("&x"));
    }

    #[test]
    fn truncated_body_keeps_complete_fields() {
        let x = "<Error><Code>SignatureDoesNotMatch</Code><StringToSignBytes>41 57 5";
        let e = parse_error_xml(x, &src()).unwrap();
        assert!(!e.notes.is_empty());
        assert_eq!(e.server.unwrap().code, "SignatureDoesNotMatch");
    }

    #[test]
    fn odd_hex_is_reported() {
        assert_eq!(decode_hex_dump("41 42 4"), (vec![0x41, 0x42], false));
        assert_eq!(decode_hex_dump("4142"), (vec![0x41, 0x42], true));
    }
}

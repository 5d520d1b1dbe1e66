//! Python literal reprs as logging prints them: `b'…'` byte strings,
//! `'…'` strings and `{'k': b'v', …}` dicts. botocore logs request
//! headers and response bodies this way, and people paste exception text
//! holding `b'<?xml …'`.

/// Decodes one quoted literal starting at `text` (optionally prefixed by
/// `b`/`r`). Returns the decoded bytes and the rest after the closing quote.
/// A literal cut off before its closing quote yields what was read, with
/// an empty rest.
pub(crate) fn take_literal(text: &str) -> Option<(Vec<u8>, &str)> {
    let mut s = text;
    let mut raw = false;
    for _ in 0..2 {
        match s.as_bytes().first() {
            Some(b'b' | b'B') => s = &s[1..],
            Some(b'r' | b'R') => {
                raw = true;
                s = &s[1..];
            }
            _ => break,
        }
    }
    let quote = *s.as_bytes().first()?;
    if quote != b'\'' && quote != b'"' {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == quote {
            return Some((out, &s[i + 1..]));
        }
        if b == b'\\' && !raw && i + 1 < bytes.len() {
            let e = bytes[i + 1];
            i += 2;
            match e {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'0' => out.push(0),
                b'\\' | b'\'' | b'"' => out.push(e),
                b'x' => match hex_at(bytes, i, 2) {
                    Some(v) => {
                        out.push(v as u8);
                        i += 2;
                    }
                    None => out.extend_from_slice(b"\\x"),
                },
                b'u' => match hex_at(bytes, i, 4).and_then(char::from_u32) {
                    Some(c) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        i += 4;
                    }
                    None => out.extend_from_slice(b"\\u"),
                },
                b'\n' => {}
                other => {
                    out.push(b'\\');
                    out.push(other);
                }
            }
            continue;
        }
        out.push(b);
        i += 1;
    }
    Some((out, ""))
}

fn hex_at(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = bytes.get(at..at + len)?;
    u32::from_str_radix(std::str::from_utf8(part).ok()?, 16).ok()
}

/// Reads a flat `{'k': v, …}` dict whose keys and values are string or
/// bytes literals (other values, such as numbers, are kept as text).
/// Stops quietly at anything it does not understand.
pub(crate) fn parse_dict(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(start) = text.find('{') else {
        return out;
    };
    let mut s = text[start + 1..].trim_start();
    while let Some((key, rest)) = take_literal(s) {
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            break;
        };
        let rest = rest.trim_start();
        let (value, rest) = match take_literal(rest) {
            Some((v, r)) => (String::from_utf8_lossy(&v).into_owned(), r),
            None => {
                let end = rest.find([',', '}']).unwrap_or(rest.len());
                (rest[..end].trim().to_string(), &rest[end..])
            }
        };
        out.push((String::from_utf8_lossy(&key).into_owned(), value));
        let rest = rest.trim_start();
        match rest.strip_prefix(',') {
            Some(r) => s = r.trim_start(),
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_literal_with_escapes() {
        let (v, rest) = take_literal(r"b'<a>\n\x41\'</a>' tail").unwrap();
        assert_eq!(v, b"<a>\nA'</a>");
        assert_eq!(rest, " tail");
    }

    #[test]
    fn dict_of_headers() {
        let d = parse_dict("{'Host': b'h', 'Content-Length': '12', 'n': 5}");
        assert_eq!(
            d,
            vec![
                ("Host".into(), "h".into()),
                ("Content-Length".into(), "12".into()),
                ("n".into(), "5".into())
            ]
        );
    }

    #[test]
    fn cut_off_literal() {
        assert_eq!(take_literal("b'abc").unwrap().0, b"abc");
        assert!(take_literal("abc").is_none());
    }
}

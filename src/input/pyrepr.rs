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
    let lang = if raw { Lang::PythonRaw } else { Lang::Python };
    take_quoted(s, lang).map(|(bytes, rest, _)| (bytes, rest))
}

/// Whose escape rules a quoted literal follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Python `'…'`/`"…"`; `\xNN` is one byte (as in a `b'…'` repr).
    Python,
    /// Python `r'…'`: backslashes are literal.
    PythonRaw,
    /// JavaScript/JSON `'…'`, `"…"` or `` `…` `` as Node's util.inspect and
    /// JSON.stringify print them; `\xNN` is the code point U+00NN.
    Js,
}

/// Decodes the quoted literal at the start of `s` (its first byte is the
/// quote). Returns the decoded bytes, the rest after the closing quote and
/// whether the closing quote was found (a cut-off literal yields what was
/// read and an empty rest).
pub(crate) fn take_quoted(s: &str, lang: Lang) -> Option<(Vec<u8>, &str, bool)> {
    let quote = *s.as_bytes().first()?;
    if !(quote == b'\'' || quote == b'"' || (quote == b'`' && lang == Lang::Js)) {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == quote {
            return Some((out, &s[i + 1..], true));
        }
        if b == b'\\' && lang != Lang::PythonRaw && i + 1 < bytes.len() {
            let e = bytes[i + 1];
            i += 2;
            match e {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'b' => out.push(0x08),
                b'f' => out.push(0x0c),
                b'v' => out.push(0x0b),
                b'0' => out.push(0),
                b'\\' | b'\'' | b'"' => out.push(e),
                b'`' | b'/' if lang == Lang::Js => out.push(e),
                b'x' => match hex_at(bytes, i, 2) {
                    Some(v) => {
                        if lang == Lang::Js {
                            push_char(&mut out, v);
                        } else {
                            out.push(v as u8);
                        }
                        i += 2;
                    }
                    None => out.extend_from_slice(b"\\x"),
                },
                b'u' => match hex_at(bytes, i, 4) {
                    Some(v) => {
                        i += 4;
                        // JSON writes a character outside the BMP as a
                        // surrogate pair: \uD83D\uDE00.
                        let low = (0xD800..0xDC00).contains(&v).then(|| {
                            bytes
                                .get(i..i + 2)
                                .filter(|p| p == b"\\u")
                                .and_then(|_| hex_at(bytes, i + 2, 4))
                                .filter(|l| (0xDC00..0xE000).contains(l))
                        });
                        match low.flatten() {
                            Some(l) => {
                                push_char(&mut out, 0x10000 + ((v - 0xD800) << 10) + (l - 0xDC00));
                                i += 6;
                            }
                            None => push_char(&mut out, v),
                        }
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
    Some((out, "", false))
}

/// Appends the UTF-8 of code point `v` (U+FFFD for a lone surrogate).
fn push_char(out: &mut Vec<u8>, v: u32) {
    let c = char::from_u32(v).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
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
    fn js_strings() {
        let (v, rest, closed) = take_quoted(r#"'a\'b\x41\xe9\u00e9' +"#, Lang::Js).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "a'bAéé");
        assert_eq!((rest, closed), (" +", true));
        let (v, _, _) = take_quoted(r#""\ud83d\ude00\/\b""#, Lang::Js).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "😀/\u{8}");
        assert_eq!(take_quoted("`it's`", Lang::Js).unwrap().0, b"it's");
        assert!(take_quoted("`x`", Lang::Python).is_none());
        let (v, rest, closed) = take_quoted(r#""\ud800x"#, Lang::Js).unwrap();
        assert_eq!(
            (String::from_utf8(v).unwrap().as_str(), rest, closed),
            ("\u{FFFD}x", "", false)
        );
    }

    #[test]
    fn cut_off_literal() {
        assert_eq!(take_literal("b'abc").unwrap().0, b"abc");
        assert!(take_literal("abc").is_none());
    }
}

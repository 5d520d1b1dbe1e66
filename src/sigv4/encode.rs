//! URI encoding as SigV4 defines it: RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - _ . ~`) stay, every other byte becomes `%XX` with
//! upper-case hex. This differs from `encodeURIComponent`, Python's
//! `quote` defaults and form encoding (`+` for space), which is exactly
//! why clients get it wrong.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// True for the characters SigV4 never encodes.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Encodes `input` byte by byte; `/` is kept when `keep_slash` (for paths).
pub fn uri_encode(input: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    uri_encode_into(input, keep_slash, &mut out);
    out
}

/// Like [`uri_encode`], appending to `out` so hot loops can reuse a buffer.
pub fn uri_encode_into(input: &[u8], keep_slash: bool, out: &mut String) {
    for &b in input {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        }
    }
}

/// Decodes `%XX` escapes; malformed escapes are kept literally, as servers do.
/// When `plus_as_space`, `+` decodes to a space (form/query semantics).
/// The characters of an (encoded or raw) path or query that are outside
/// SigV4's unreserved set once decoded: the ones signers and servers are
/// known to encode differently (`=`, `+`, space, `:`, `@`, non-ASCII, …).
/// `/` in a path and `&`/`=` separators in a query are structure, not key.
pub fn disputed_chars(text: &str, is_query: bool) -> Vec<char> {
    let decoded = percent_decode(text, false);
    let mut chars: Vec<char> = String::from_utf8_lossy(&decoded)
        .chars()
        .filter(|c| {
            let structure = if is_query {
                "&=".contains(*c)
            } else {
                *c == '/'
            };
            !(structure || c.is_ascii() && is_unreserved(*c as u8))
        })
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

pub fn percent_decode(input: &str, plus_as_space: bool) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2]))
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(if plus_as_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_keeps_unreserved() {
        assert_eq!(uri_encode(b"a==.json", true), "a%3D%3D.json");
        assert_eq!(uri_encode(b"my report+v1~/x", true), "my%20report%2Bv1~/x");
        assert_eq!(uri_encode(b"a/b", false), "a%2Fb");
        assert_eq!(uri_encode("é".as_bytes(), true), "%C3%A9");
        assert_eq!(uri_encode(b"%", true), "%25");
    }

    #[test]
    fn decodes_and_tolerates_malformed_escapes() {
        assert_eq!(percent_decode("a%3D%3d.json", false), b"a==.json");
        assert_eq!(percent_decode("a+b", false), b"a+b");
        assert_eq!(percent_decode("a+b", true), b"a b");
        assert_eq!(percent_decode("100%", false), b"100%");
        assert_eq!(percent_decode("%4", false), b"%4");
        assert_eq!(percent_decode("%zz", false), b"%zz");
        assert_eq!(percent_decode("%41", false), b"A");
    }
}

//! The one secret redactor: every output of the tool passes [`redact`]
//! (through [`crate::output`]) before it is written.
//!
//! Redacted are, wherever they appear and however they are spelled:
//! - every secret the tool holds ([`hold`]: the secret key and session
//!   token it loaded, the secret-looking values found in its inputs): raw,
//!   trimmed, percent-encoded, hex, base64, split by colour codes, and any
//!   run of token characters sharing 8 consecutive characters with one
//!   (a server line that differs from the token by one character);
//! - the value of any field named like a secret or a token
//!   (`aws_secret_access_key=`, `AWS_SESSION_TOKEN=`, `"SecretAccessKey":
//!   "…"`, `<SessionToken>…`, `x-amz-security-token:`, `X-Amz-Security-Token=`,
//!   …) and the secret half of curl's `--user AK:SK` / `-u AK:SK`.
//!
//! Access key ids and signatures are not secrets and stay.

use std::collections::HashSet;
use std::sync::Mutex;

/// What replaces a secret.
pub const MARK: &str = "<redacted>";

/// Values shorter than this are not held (they would match ordinary text).
const MIN_HELD: usize = 6;
/// The length of the windows compared with held secrets.
const GRAM: usize = 8;
/// At most this many values are held (an input full of secret fields
/// must not make every output slow); fields beyond are still redacted
/// where the output shows them as fields.
const MAX_HELD: usize = 1024;
/// Values searched for exactly, in every spelling (see [`redact`]).
const MAX_EXACT: usize = 64;
/// A field's value shorter than this is a word, not a secret.
const MIN_FIELD_VALUE: usize = 8;

static HELD: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers a secret value: from now on no output carries it.
pub fn hold(value: &str) {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    for v in [value, value.trim()] {
        if v.chars().count() >= MIN_HELD && held.len() < MAX_HELD && !held.iter().any(|h| h == v) {
            held.push(v.to_string());
        }
    }
}

/// Holds a secret the tool itself loaded (a key or token it signs with):
/// first in line, whatever an input held before it.
pub fn hold_own(value: &str) {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    for v in [value.trim(), value] {
        if v.chars().count() >= MIN_HELD {
            held.retain(|h| h != v);
            held.insert(0, v.to_string());
        }
    }
}

/// Holds the secret values of the environment variables the AWS tools
/// read, whether or not this run uses them.
pub fn hold_environment() {
    for name in [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
    ] {
        if let Some(v) = std::env::var_os(name) {
            hold_own(&v.to_string_lossy());
        }
    }
}

/// Holds every secret-looking field value found in `text` (an input).
pub fn hold_found_in(text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    let mut found = Vec::new();
    // As pasted, and without terminal escape sequences (a coloured log
    // splits a token with them).
    let plain = strip_escapes(&text);
    for text in [&*text, plain.as_str()] {
        for line in text.lines() {
            for (s, e) in field_values(line) {
                found.push(line[s..e].to_string());
            }
        }
    }
    for f in found {
        hold(&f);
        let decoded = percent_decode(&f);
        if decoded != f {
            hold(&decoded);
        }
    }
}

/// `text` without ESC sequences: CSI (`ESC [ … final`), OSC (`ESC ] …`
/// ended by BEL or `ESC \\`) and two-character escapes.
fn strip_escapes(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != 0x1b {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'[') => {
                i += 2;
                while i < b.len() && !(0x40..=0x7e).contains(&b[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b']') => {
                i += 2;
                while i < b.len() && b[i] != 0x07 && !(b[i] == 0x1b && b.get(i + 1) == Some(&b'\\'))
                {
                    i += 1;
                }
                i += if b.get(i) == Some(&0x07) { 1 } else { 2 };
            }
            Some(_) => i += 2,
            None => i += 1,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn held() -> Vec<String> {
    HELD.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// `text` with every secret replaced by [`MARK`].
pub fn redact(text: &str) -> String {
    let (view, map) = strip_sgr(text);
    let mut secrets = held();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // Fields first: their values are secrets wherever else they appear.
    let mut at = 0;
    for line in view.split('\n') {
        for (s, e) in field_values(line) {
            ranges.push((at + s, at + e));
            let v = &line[s..e];
            if !secrets.iter().any(|h| h == v) {
                secrets.push(v.to_string());
            }
        }
        at += line.len() + 1;
    }
    // A line that names a token or a secret: any token-like value on it.
    let mut at = 0;
    for line in view.split('\n') {
        let lower = line.to_ascii_lowercase();
        if lower.contains("token") || lower.contains("secret") {
            for (s, e) in random_runs(line) {
                ranges.push((at + s, at + e));
            }
        }
        at += line.len() + 1;
    }
    let forms = spellings(&secrets);
    // Only mixed-case windows: those are random-looking (a key or token),
    // never a word that a secret happens to share with the tool's text.
    let mixed =
        |w: &[u8]| w.iter().any(u8::is_ascii_uppercase) && w.iter().any(u8::is_ascii_lowercase);
    let grams: HashSet<&[u8]> = forms
        .iter()
        .filter(|f| f.len() >= GRAM)
        .flat_map(|f| f.as_bytes().windows(GRAM))
        .filter(|w| mixed(w))
        .collect();
    // Exact search (the spellings windows cannot find: short, one-case
    // hex, with other characters) for the first values held: the tool's
    // own secrets come first; many more found in an input are left to the
    // windows, so the cost stays bounded.
    let exact = spellings(&secrets[..secrets.len().min(MAX_EXACT)]);
    for f in &exact {
        // A spelling made of token characters with a mixed-case window is
        // found by the windows below (its whole run goes): no exact search.
        let by_grams = f.bytes().all(is_token_byte) && f.as_bytes().windows(GRAM).any(mixed);
        if by_grams {
            continue;
        }
        for (i, _) in view.match_indices(f.as_str()) {
            ranges.push((i, i + f.len()));
        }
    }
    if !grams.is_empty() {
        for (s, e) in token_runs(&view) {
            let run = &view[s..e];
            let decoded = percent_decode(run);
            if shares_gram(run.as_bytes(), &grams) || shares_gram(decoded.as_bytes(), &grams) {
                ranges.push((s, e));
            }
        }
    }
    if ranges.is_empty() {
        return text.to_string();
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut prev = 0;
    for (s, e) in merged {
        let (os, oe) = (map[s], map[e - 1] + 1);
        out.push_str(&text[prev..os]);
        out.push_str(MARK);
        // Colour codes inside stay, so that colours still end.
        out.push_str(&sgr_only(&text[os..oe]));
        prev = oe;
    }
    out.push_str(&text[prev..]);
    out
}

/// Every spelling of every secret that is searched for exactly.
fn spellings(secrets: &[String]) -> Vec<String> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let mut forms = Vec::new();
    for s in secrets {
        for v in [s.as_str(), s.trim()] {
            if v.chars().count() < MIN_HELD {
                continue;
            }
            let hex = hex::encode(v);
            let enc = crate::sigv4::uri_encode(v.as_bytes(), true);
            let enc_path = crate::sigv4::uri_encode(v.as_bytes(), false);
            forms.extend([
                v.to_string(),
                enc.to_ascii_lowercase_escapes(),
                enc_path.to_ascii_lowercase_escapes(),
                enc,
                enc_path,
                v.replace(' ', "+"),
                hex.to_ascii_uppercase(),
                spaced_hex(v),
                spaced_hex(v).to_ascii_uppercase(),
                hex,
                STANDARD.encode(v),
                STANDARD_NO_PAD.encode(v),
                URL_SAFE.encode(v),
                URL_SAFE_NO_PAD.encode(v),
                serde_json::to_string(v)
                    .map(|j| j[1..j.len() - 1].to_string())
                    .unwrap_or_default(),
                v.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;"),
                crate::sanitize::visible(v),
            ]);
        }
    }
    // A form of digits only would match numbers in the output (and break
    // a JSON document); a real key or token has letters.
    forms.retain(|f| f.chars().count() >= MIN_HELD && f.chars().any(|c| !c.is_ascii_digit()));
    forms.sort();
    forms.dedup();
    // Longest first, so that a longer spelling is found whole.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// `41 57 53`: the `…Bytes` fields of AWS's error bodies.
fn spaced_hex(v: &str) -> String {
    v.bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

trait LowerEscapes {
    fn to_ascii_lowercase_escapes(&self) -> String;
}

impl LowerEscapes for String {
    /// `%2F` → `%2f`: some encoders write lower-case hex.
    fn to_ascii_lowercase_escapes(&self) -> String {
        let mut out = String::with_capacity(self.len());
        let mut rest = self.as_str();
        while let Some(i) = rest.find('%') {
            out.push_str(&rest[..i]);
            let esc = rest.get(i..i + 3).unwrap_or(&rest[i..]);
            out.push_str(&esc.to_ascii_lowercase());
            rest = &rest[i + esc.len()..];
        }
        out.push_str(rest);
        out
    }
}

fn shares_gram(run: &[u8], grams: &HashSet<&[u8]>) -> bool {
    run.len() >= GRAM && run.windows(GRAM).any(|w| grams.contains(w))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'%' | b'_' | b'-')
}

/// Byte ranges of the runs of characters a key or token is made of.
fn token_runs(view: &str) -> Vec<(usize, usize)> {
    let b = view.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            // An escape (`\n`, `\u001b`) is not part of a run: a redaction
            // never cuts one in half (it would break a JSON document).
            i += match b.get(i + 1) {
                Some(b'u') => 6,
                _ => 2,
            };
            continue;
        }
        if is_token_byte(b[i]) {
            let s = i;
            let mut split = false;
            while i < b.len() && is_token_byte(b[i]) {
                // `name=value`: the name is not part of the value's run
                // (base64 padding `=` ends a value, it is not followed by
                // a letter or digit).
                if b[i] == b'=' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
                    split = true;
                    break;
                }
                i += 1;
            }
            if i - s >= GRAM {
                runs.push((s, i));
            }
            if split {
                // Past the `=`: the value starts a run of its own.
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    runs
}

/// Whether `s` as a whole looks like a key or token (a value pasted where
/// a path belongs): see [`random_runs`].
pub fn looks_random(s: &str) -> bool {
    random_runs(s) == [(0, s.len())]
}

/// Runs of base64 characters that look random: 20 or more, with a digit
/// or `+`/`/`, and at least 5 changes between upper and lower case (a
/// word, a path, an access key id or a hex signature has few or none).
fn random_runs(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let is_b64 = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=');
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_b64(b[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && is_b64(b[i]) {
            i += 1;
        }
        let run = &b[s..i];
        if run.len() < 20
            || (s > 0 && b[s - 1] == b'\\')
            || !run
                .iter()
                .any(|c| c.is_ascii_digit() || matches!(c, b'+' | b'/'))
        {
            continue;
        }
        let mut changes = 0;
        let mut last: Option<bool> = None;
        for c in run.iter().filter(|c| c.is_ascii_alphabetic()) {
            let upper = c.is_ascii_uppercase();
            if last.is_some_and(|l| l != upper) {
                changes += 1;
            }
            last = Some(upper);
        }
        if changes >= 5 {
            out.push((s, i));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Whether an identifier names a secret.
fn names_secret(name: &str) -> bool {
    let has = |word: &str| {
        name.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    has("secret") || has("token") || has("password") || name.eq_ignore_ascii_case("sk")
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Byte ranges (in `line`) of the values of secret fields: `name = v`,
/// `name: v`, `"name": "v"`, `<name>v<`, `name=v&`, and curl's
/// `--user AK:SK` (the SK).
fn field_values(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_ident_byte(b[i]) || (i > 0 && is_ident_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && is_ident_byte(b[i]) {
            i += 1;
        }
        let name = &line[s..i];
        if matches!(name, "--user" | "-u") || (name.starts_with("-u") && name.len() > 2) {
            if let Some(r) = curl_user(line, s, i) {
                out.push(r);
            }
            continue;
        }
        if !names_secret(name) {
            continue;
        }
        // Separator: closing quote, blanks, `:` `=` or `>` (XML), blanks,
        // opening quote.
        let mut j = i;
        if j < b.len() && matches!(b[j], b'"' | b'\'') {
            j += 1;
        }
        while j < b.len() && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        if j >= b.len() || !matches!(b[j], b':' | b'=' | b'>') {
            continue;
        }
        j += 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'"' | b'\'') {
            j += 1;
        }
        let vs = j;
        while j < b.len()
            && !matches!(
                b[j],
                b' ' | b'\t'
                    | b'"'
                    | b'\''
                    | b'<'
                    | b'&'
                    | b','
                    | b';'
                    | b'\\'
                    | b'\r'
                    | b'`'
                    | b')'
                    | b']'
                    | b'}'
                    | b'|'
            )
        {
            j += 1;
        }
        let value = &line[vs..j];
        if value.len() >= MIN_FIELD_VALUE && looks_secret(value) {
            out.push((vs, j));
        }
        i = j.max(i);
    }
    out
}

/// A value that could be a key or token, not a word or a flag: a digit,
/// both cases, or one of `+/=%`.
fn looks_secret(v: &str) -> bool {
    let b = v.as_bytes();
    b.iter()
        .any(|c| c.is_ascii_digit() || matches!(c, b'+' | b'/' | b'=' | b'%'))
        || (b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase))
}

/// `--user AK:SK`, `--user=AK:SK`, `-u AK:SK`, `-uAK:SK`, quoted or not:
/// the range of SK.
fn curl_user(line: &str, name_start: usize, name_end: usize) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut j = if &line[name_start..name_end] == "--user" || &line[name_start..name_end] == "-u" {
        name_end
    } else {
        name_start + 2
    };
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'=' | b'"' | b'\'') {
        j += 1;
    }
    let vs = j;
    while j < b.len()
        && !matches!(
            b[j],
            b' ' | b'\t' | b'"' | b'\'' | b'\\' | b'`' | b')' | b']' | b'}' | b'|'
        )
    {
        j += 1;
    }
    let value = &line[vs..j];
    let colon = value.find(':')?;
    let sk = (vs + colon + 1, j);
    let secret = &line[sk.0..sk.1];
    // A placeholder (`SECRET`, `$AWS_SECRET_ACCESS_KEY`, `<sk>`) is not one.
    let placeholder = secret.starts_with(['$', '<', '{', '%', '…', '.'])
        || secret.bytes().all(|c| c.is_ascii_uppercase() || c == b'_');
    (secret.len() >= MIN_HELD && !placeholder).then_some(sk)
}

/// `text` without SGR colour sequences, and for each byte of the result
/// its index in `text` (plus one past the end).
fn strip_sgr(text: &str) -> (String, Vec<usize>) {
    let mut view = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x1b {
            let n = sgr_len(&b[i..]);
            if n > 0 {
                i += n;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        view.push(c);
        for k in 0..c.len_utf8() {
            map.push(i + k);
        }
        i += c.len_utf8();
    }
    map.push(text.len());
    (view, map)
}

/// The SGR sequences of `text`, concatenated.
fn sgr_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let n = if b[i] == 0x1b { sgr_len(&b[i..]) } else { 0 };
        if n > 0 {
            out.push_str(&text[i..i + n]);
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

fn sgr_len(b: &[u8]) -> usize {
    if b.len() < 3 || b[0] != 0x1b || b[1] != b'[' {
        return 0;
    }
    let mut i = 2;
    while i < b.len() && i < 40 && (b[i].is_ascii_digit() || b[i] == b';') {
        i += 1;
    }
    if i < b.len() && b[i] == b'm' {
        i + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "FwoGZXIvYXdzEBoaDsessionTokenForUnitTests0123456789";

    #[test]
    fn fields_in_inputs() {
        for (text, secret) in [
            (
                "aws_secret_access_key = abcdEFGH1234/xyz",
                "abcdEFGH1234/xyz",
            ),
            (
                "export AWS_SECRET_ACCESS_KEY=abcdEFGH1234/xyz",
                "abcdEFGH1234/xyz",
            ),
            (
                "curl --user AKIDEXAMPLE:abcdEFGH1234/xyz https://h/",
                "abcdEFGH1234/xyz",
            ),
            (
                "curl -u 'AKIDEXAMPLE:abcdEFGH1234/xyz' https://h/",
                "abcdEFGH1234/xyz",
            ),
            (
                "<SessionToken>abcdEFGH1234/xyz</SessionToken>",
                "abcdEFGH1234/xyz",
            ),
            (
                "{\"SecretAccessKey\": \"abcdEFGH1234/xyz\"}",
                "abcdEFGH1234/xyz",
            ),
            ("x-amz-security-token:abcdEFGH1234/xyz", "abcdEFGH1234/xyz"),
            ("X-Amz-Security-Token: abcdEFGH1234/xyz", "abcdEFGH1234/xyz"),
            (
                "/k?X-Amz-Security-Token=abcdEFGH1234%2Fxyz&X-Amz-Date=1",
                "abcdEFGH1234%2Fxyz",
            ),
        ] {
            let r = redact(text);
            assert!(!r.contains(secret), "{text} → {r}");
            assert!(r.contains(MARK), "{text} → {r}");
        }
        assert_eq!(
            redact("curl --user AKIDEXAMPLE:s3cr3t!x h")
                .matches(MARK)
                .count(),
            1
        );
        assert!(redact("curl --user AKIDEXAMPLE:s3cr3t!x h").contains("AKIDEXAMPLE:"));
        assert!(redact("curl -u minio:minioadmin http://h/").contains(MARK));
        assert_eq!(
            redact("X-Amz-Security-Token=IQoJb3JpZ2lu…&X-Amz-Expires=604800"),
            "X-Amz-Security-Token=<redacted>&X-Amz-Expires=604800"
        );
        for doc in [
            "* curl: `--user \"AKID:SECRET\"` without spaces.",
            "* curl: `--user AKID:SECRET` with the pair issued together.",
            "* curl: `--user \"AKID:$(tr -d '\\n' < keyfile)\"`.",
            "* curl: `--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"` from",
            "curl -v --aws-sigv4 aws:amz:us-east-1:s3 --user \"$AK:$SK\" …",
        ] {
            assert_eq!(redact(doc), doc);
        }
    }

    #[test]
    fn token_like_values_on_lines_naming_a_token() {
        let r = redact(
            "InvalidToken: the token IQoJb3JpZ2luX2VjEOz//////////wEaCXVzLWVhc3QtMSJHMEUCIQ is bad",
        );
        assert!(!r.contains("IQoJb3JpZ2lu") && r.contains(MARK), "{r}");
        for keep in [
            "the token expired for Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            "the token expired, Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            "Secret check, proved: /examplebucket/photos/2013/holiday.jpg",
        ] {
            assert_eq!(redact(keep), keep);
        }
    }

    #[test]
    fn a_token_split_by_colour_codes_in_an_input() {
        hold_found_in(
            b"x-amz-security-token: Gh7TqLmZ2pR\x1b[1;31mXvN8sKdWb4Yc\x1b[0mJf6QaE0uHtP9\r\n",
        );
        let shown =
            "x-amz-security-token:Gh7TqLmZ2pR\\u{1b}[1;31mXvN8sKdWb4Yc\\u{1b}[0mJf6QaE0uHtP9";
        let r = redact(shown);
        for piece in ["Gh7TqLmZ", "XvN8sKdWb4Yc", "Jf6QaE0uHtP9"] {
            assert!(!r.contains(piece), "{r}");
        }
        assert_eq!(
            strip_escapes("a\x1b]0;t\x07b\x1b[2Jc\x1b]8;;u\x1b\\d"),
            "abcd"
        );
    }

    #[test]
    fn the_tools_own_secret_is_searched_first_whatever_an_input_held() {
        let many: String = (0..2000)
            .map(|i| format!("aws_secret_access_key = Zz{i:06}Yy/Many+Fields\n"))
            .collect();
        hold_found_in(many.as_bytes());
        hold_own("kP3xQ9mW2vB7nR4tL8sJ6hD1fG5cY0aE");
        let hex = hex::encode("kP3xQ9mW2vB7nR4tL8sJ6hD1fG5cY0aE");
        assert_eq!(
            redact(&format!("bytes {hex} end")),
            format!("bytes {MARK} end")
        );
        assert!(HELD.lock().unwrap().len() <= MAX_HELD + 2);
    }

    #[test]
    fn json_stays_json() {
        hold("Jx7Kq2LmN8pQr4StUv6WxYz0AbCdEfGh");
        let doc = serde_json::json!({
            "a": "\u{1b}Jx7Kq2LmN8pQr4StUv6WxYz0AbCdEfGX",
            "b": 1234567,
            "c": "x\nJx7Kq2LmN8pQr4StUv6WxYz0AbCdEfGh",
        })
        .to_string();
        let r = redact(&doc);
        let v: serde_json::Value = serde_json::from_str(&r).unwrap();
        assert_eq!(v["a"], "\u{1b}<redacted>");
        assert_eq!(v["b"], 1234567);
        assert_eq!(v["c"], "x\n<redacted>");
    }

    #[test]
    fn held_secrets_in_every_spelling() {
        hold(&format!("{TOKEN} \n"));
        let mut changed = TOKEN.to_string();
        changed.replace_range(20..21, "Q");
        let coloured = format!(
            "{}\u{1b}[41m{}\u{1b}[0m{}",
            &TOKEN[..20],
            &TOKEN[20..21],
            &TOKEN[21..]
        );
        for text in [
            TOKEN.to_string(),
            format!("line {changed} more"),
            coloured.clone(),
            hex::encode(TOKEN),
            crate::sigv4::uri_encode(format!("{TOKEN} ").as_bytes(), true),
        ] {
            let r = redact(&text);
            assert!(
                !r.contains(&TOKEN[..8]) && r.contains(MARK),
                "{text:?} → {r:?}"
            );
        }
        let r = redact(&coloured);
        assert!(r.ends_with("\u{1b}[41m\u{1b}[0m"), "{r:?}");
        assert_eq!(
            redact("plain words: AKIAIOSFODNN7EXAMPLE"),
            "plain words: AKIAIOSFODNN7EXAMPLE"
        );
        // A secret that shares a word with ordinary text leaves the word.
        hold("s3sigdiag/test/secret+key=wJalrXUtnFEMI");
        assert_eq!(redact("s3sigdiag: bad URL"), "s3sigdiag: bad URL");
        assert!(redact("x s3sigdiag/test/secret+kez=wJalrXUtnFEMI").contains(MARK));
    }
}

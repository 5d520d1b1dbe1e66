//! A curl command line, as browsers' "Copy as cURL" writes it: bash
//! quoting (`'…'`, `$'…'`, `\` line continuations) or Windows cmd quoting
//! (`^"…^"`, `^` escapes and `^` line continuations, then the C runtime's
//! `\"` rules). Reads the URL (positional, or `--url` as current Chrome writes it),
//! `-X`, `-H`, `--data-binary`/`--data-raw`/`--data`/`-d`, `--aws-sigv4`.

use crate::model::exchange::{Exchange, Source};

use super::InputError;
use super::wire::{CapturedRequest, assemble};

pub(crate) fn looks_like(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches("$ ");
    t.starts_with("curl ") || t.starts_with("curl.exe ") || t.starts_with("curl ^")
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let t = text.trim().trim_start_matches("$ ");
    let cmd_style = t.contains(" ^\"") || t.contains("^\n") || t.contains("^\r\n");
    let words = if cmd_style {
        split_cmd(t)
    } else {
        split_bash(t)
    };
    let mut method: Option<String> = None;
    let mut url: Option<String> = None;
    let mut headers = Vec::new();
    let mut body: Option<Vec<u8>> = None;
    let mut head = false;
    let mut it = words.into_iter().skip(1);
    while let Some(w) = it.next() {
        match w.as_str() {
            "-X" | "--request" => method = it.next(),
            "-H" | "--header" => {
                if let Some(h) = it.next()
                    && let Some((n, v)) = h.split_once(':')
                {
                    headers.push((n.trim().to_string(), v.trim_start().to_string()));
                }
            }
            "--data-binary" | "--data-raw" | "--data" | "-d" | "--data-ascii" => {
                if let Some(d) = it.next() {
                    body.get_or_insert_with(Vec::new).extend(d.into_bytes());
                }
            }
            "-I" | "--head" => head = true,
            "--url" => url = it.next(),
            "-u" | "--user" | "-A" | "--user-agent" | "-e" | "--referer" | "-b" | "--cookie"
            | "-o" | "--output" | "--aws-sigv4" | "-T" | "--upload-file" | "-F" | "--form"
            | "-x" | "--proxy" | "--connect-timeout" | "-m" | "--max-time" => {
                it.next();
            }
            w if w.starts_with("http://") || w.starts_with("https://") => url = Some(w.to_string()),
            _ => {}
        }
    }
    let Some(url) = url else {
        return Err(InputError::new(
            &source.name,
            "a curl command without a URL; paste the whole command (\"Copy as cURL\")",
        ));
    };
    let method = method.unwrap_or_else(|| {
        if head {
            "HEAD".into()
        } else if body.is_some() {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    // A browser's binary upload does not survive "Copy as cURL": invalid
    // UTF-8 became U+FFFD in DevTools, the cmd flavour writes each
    // non-printable character as a space (`^ `), and bash ends a `$'…'`
    // string at `\u0000`.
    let altered = body
        .as_deref()
        .is_some_and(|b| String::from_utf8_lossy(b).contains('\u{FFFD}'))
        || (!cmd_style && t.contains("\\u0000"))
        || (cmd_style && t.contains("^ "));
    let request = CapturedRequest {
        method,
        target: unglob(&url),
        headers,
        body,
    };
    let mut ex = assemble(Some(&request), None, source);
    ex.notes.push(format!(
        "{}: a command line shows what curl would send, not what a server answered; curl may add headers of its own (Host, User-Agent, Accept, Content-Type for --data)",
        source.name
    ));
    // A presigned URL signs UNSIGNED-PAYLOAD: the body does not matter.
    if altered && !request.is_presigned() {
        ex.notes.push(format!(
            "{}: the body in this command is not the bytes the browser sent (Copy as cURL writes binary data as text), so its payload hash differs from the one the browser signed",
            source.name
        ));
    }
    Ok(ex)
}

/// POSIX-shell words: `'…'` literal, `"…"` with `\` escapes, `$'…'` with
/// C escapes, `\`-newline continuations.
fn split_bash(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 1,
            '\\' if chars.get(i + 1) == Some(&'\r') && chars.get(i + 2) == Some(&'\n') => i += 2,
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    cur.push(n);
                    in_word = true;
                    i += 1;
                }
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                in_word = true;
                i = ansi_c_quoted(&chars, i + 2, &mut cur);
            }
            '\'' => {
                i += 1;
                in_word = true;
                while i < chars.len() && chars[i] != '\'' {
                    cur.push(chars[i]);
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                in_word = true;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\'
                        && i + 1 < chars.len()
                        && matches!(chars[i + 1], '"' | '\\' | '$' | '`')
                    {
                        i += 1;
                    }
                    cur.push(chars[i]);
                    i += 1;
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// The inside of bash's `$'…'` from `start` (just after the quote) into
/// `out`; returns the index of the closing quote. Chrome's "Copy as cURL"
/// writes control characters as `\uXXXX`. A NUL (`\u0000`, `\x00`, `\0`)
/// ends the string for bash: the rest up to the quote is dropped, so curl
/// sends a shorter body than the browser did.
fn ansi_c_quoted(chars: &[char], start: usize, out: &mut String) -> usize {
    let mut i = start;
    let mut ended = false;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            break;
        }
        let ch = if c == '\\' {
            let (ch, used) = ansi_c_escape(chars.get(i + 1..).unwrap_or_default());
            i += used;
            ch
        } else {
            Some(c)
        };
        match ch {
            Some('\0') => ended = true,
            Some(ch) if !ended => out.push(ch),
            _ => {}
        }
        i += 1;
    }
    i
}

/// One escape after `\` in `$'…'`: the character and how many characters
/// of `rest` it used (at least 1 unless `rest` is empty).
fn ansi_c_escape(rest: &[char]) -> (Option<char>, usize) {
    let Some(&c) = rest.first() else {
        return (Some('\\'), 0);
    };
    let hex = |max: usize| {
        let digits: String = rest
            .iter()
            .skip(1)
            .take(max)
            .take_while(|d| d.is_ascii_hexdigit())
            .collect();
        let ch = u32::from_str_radix(&digits, 16)
            .ok()
            .and_then(char::from_u32);
        // `\x80`–`\xff` are raw bytes for bash; a char cannot hold one.
        let ch = if max == 2 && ch.is_some_and(|c| !c.is_ascii()) {
            Some('\u{FFFD}')
        } else {
            ch
        };
        (ch, 1 + digits.len())
    };
    match c {
        'n' => (Some('\n'), 1),
        'r' => (Some('\r'), 1),
        't' => (Some('\t'), 1),
        'a' => (Some('\u{7}'), 1),
        'b' => (Some('\u{8}'), 1),
        'e' | 'E' => (Some('\u{1b}'), 1),
        'f' => (Some('\u{c}'), 1),
        'v' => (Some('\u{b}'), 1),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '0'..='7' => {
            let digits: String = rest
                .iter()
                .take(3)
                .take_while(|d| ('0'..='7').contains(*d))
                .collect();
            let ch = u32::from_str_radix(&digits, 8)
                .ok()
                .and_then(char::from_u32);
            (ch, digits.len())
        }
        other => (Some(other), 1),
    }
}

/// Windows words as Chrome's "Copy as cURL (cmd)" writes them for cmd.exe.
/// Two parsers run in turn: cmd.exe removes `^` escapes (`^` before a line
/// end continues the line), except inside plain `"…"`; then curl's C
/// runtime splits the line into arguments: `"` toggles quoting, and
/// backslashes count only before a `"` (`\"` is a literal quote, `\\"` a
/// backslash and a toggle). Chrome writes every quote as `^"` and every `"`
/// inside a value as `^\^"`.
fn split_cmd(s: &str) -> Vec<String> {
    crt_argv(&cmd_unescape(s))
}

/// cmd.exe's layer: `^x` → `x`, `^`+line end → nothing.
fn cmd_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quoted = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '^' if !quoted => match it.next() {
                Some('\r') => {
                    it.next_if_eq(&'\n');
                }
                Some('\n') | None => {}
                Some(n) => out.push(n),
            },
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The Microsoft C runtime's argument splitting.
fn crt_argv(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut backslashes = 0usize;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                backslashes += 1;
                in_word = true;
            }
            '"' => {
                cur.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 == 1 {
                    cur.push('"');
                } else if quoted && it.peek() == Some(&'"') {
                    // `""` inside quotes is a literal quote.
                    it.next();
                    cur.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
                in_word = true;
            }
            c => {
                cur.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                if c.is_whitespace() && !quoted {
                    if in_word {
                        words.push(std::mem::take(&mut cur));
                        in_word = false;
                    }
                } else {
                    cur.push(c);
                    in_word = true;
                }
            }
        }
    }
    cur.extend(std::iter::repeat_n('\\', backslashes));
    if in_word {
        words.push(cur);
    }
    words
}

/// curl's URL globbing treats `[]{}` as patterns; Chrome escapes them with
/// `\` in the URL it writes, and curl drops those backslashes.
fn unglob(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut it = url.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\'
            && let Some(&n) = it.peek()
            && matches!(n, '[' | ']' | '{' | '}')
        {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "cmd".into(),
            format: "curl-command".into(),
        }
    }

    #[test]
    fn bash_copy_as_curl() {
        let t = "curl 'https://b.s3.amazonaws.com/a%3D%3D.json?X-Amz-Signature=abc' \\\n  -X 'PUT' \\\n  -H 'content-type: application/json' \\\n  --data-raw $'{\"a\":1}\\n'";
        let e = parse(t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.method, "PUT");
        assert_eq!(r.http.path, "/a%3D%3D.json");
        assert_eq!(r.http.header("host"), Some("b.s3.amazonaws.com"));
        assert_eq!(r.body_len, Some(8));
    }

    #[test]
    fn cmd_copy_as_curl() {
        let t = "curl ^\"https://b.s3.amazonaws.com/k?X-Amz-Signature=abc^&x=1^\" ^\n  -X ^\"PUT^\" ^\n  -H ^\"content-type: text/plain^\" ^\n  --data-raw ^\"hi^\"";
        let r = parse(t, &src()).unwrap().request.unwrap();
        assert_eq!(r.http.method, "PUT");
        assert_eq!(r.http.query, "X-Amz-Signature=abc&x=1");
        assert_eq!(r.http.header("content-type"), Some("text/plain"));
    }

    #[test]
    fn chrome_bash_with_url_flag_and_ansi_c_body() {
        // Chrome's generateCurlCommand: `--url`, and $'…' with \uXXXX for
        // control characters; bash ends the string at \u0000.
        let t = "curl --url 'http://h:1/b/k' \\\n  -X 'PUT' \\\n  -H 'sec-ch-ua: \"Chromium\";v=\"156\"' \\\n  --data-raw $'\u{FFFD}PNG\\r\\n\\u001a\\n\\u0000\\u0000IHDR'";
        let e = parse(t, &src()).unwrap();
        let r = e.request.unwrap();
        assert_eq!(r.http.method, "PUT");
        assert_eq!(r.http.header("host"), Some("h:1"));
        assert_eq!(r.http.header("sec-ch-ua"), Some("\"Chromium\";v=\"156\""));
        // U+FFFD (3 bytes) + "PNG\r\n\x1a\n": 10 bytes, as curl uploaded.
        assert_eq!(r.body_len, Some(10));
        assert!(e.notes.iter().any(|n| n.contains("not the bytes")));
    }

    #[test]
    fn ansi_c_escapes() {
        let words = split_bash(r"x $'a\x41\u00e9\101\'\\b\tc'");
        assert_eq!(words, vec!["x", "aAéA'\\b\tc"]);
        assert_eq!(split_bash(r"$'a\0b'c"), vec!["ac"]);
        // Unterminated and trailing escapes do not panic.
        for t in [r"$'\", r"$'\u", r"$'\x", r"$'\U1", r"$'\7", "$'"] {
            let _ = split_bash(t);
        }
    }

    #[test]
    fn chrome_cmd_quotes_percent_and_newlines() {
        // escapeStringWin: `"` → `\"` then `^`-escaped; `%2F` → `^%^2F`;
        // a newline → `^` + two line ends.
        let t = "curl --url ^\"http://h/b/k?X-Amz-Credential=AK^%^2F2026^&X-Amz-Signature=abc^\" ^\n  -X ^\"PUT^\" ^\n  -H ^\"sec-ch-ua: ^\\^\"Chromium^\\^\";v=^\\^\"156^\\^\"^\" ^\n  --data-raw ^\"a^\n\nb^\"";
        let r = parse(t, &src()).unwrap().request.unwrap();
        assert_eq!(
            r.http.query,
            "X-Amz-Credential=AK%2F2026&X-Amz-Signature=abc"
        );
        assert_eq!(r.http.header("sec-ch-ua"), Some("\"Chromium\";v=\"156\""));
        assert_eq!(r.body_len, Some(3));
    }

    #[test]
    fn crt_backslash_rules() {
        assert_eq!(
            crt_argv(r#"a\\b "c d" e\"f g\\"h i" j"#),
            vec![r"a\\b", "c d", "e\"f", r#"g\h i"#, "j"]
        );
        assert_eq!(crt_argv(r#""""#), vec![""]);
        assert_eq!(crt_argv(r#""a""b""#), vec!["a\"b"]);
    }

    #[test]
    fn url_glob_escapes_are_dropped() {
        assert_eq!(unglob(r"http://h/b/\[1\]\{x\}"), "http://h/b/[1]{x}");
        assert_eq!(unglob(r"http://h/a\b\"), r"http://h/a\b\");
    }
}

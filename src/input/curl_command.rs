//! A curl command line, as browsers' "Copy as cURL" writes it: bash
//! quoting (`'…'`, `$'…'`, `\` line continuations) or Windows cmd quoting
//! (`^"…^"`, `^` escapes and `^` line continuations). Reads the URL,
//! `-X`, `-H`, `--data-binary`/`--data-raw`/`--data`/`-d`, `--aws-sigv4`.

use crate::exchange::{Exchange, Source};

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
    let request = CapturedRequest {
        method,
        target: url,
        headers,
        body,
    };
    let mut ex = assemble(Some(&request), None, source);
    ex.notes.push(format!(
        "{}: a command line shows what curl would send, not what a server answered; curl may add headers of its own (Host, User-Agent, Accept, Content-Type for --data)",
        source.name
    ));
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
                i += 2;
                in_word = true;
                while i < chars.len() && chars[i] != '\'' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                        cur.push(match chars[i] {
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            other => other,
                        });
                    } else {
                        cur.push(chars[i]);
                    }
                    i += 1;
                }
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

/// Windows cmd words as Chrome's "Copy as cURL (cmd)" writes them: `^` escapes
/// the next character (and a line end), `"` toggles quoting.
fn split_cmd(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '^' => {
                match chars.get(i + 1) {
                    Some('\r') if chars.get(i + 2) == Some(&'\n') => i += 2,
                    Some('\n') => i += 1,
                    // `^"` reaches curl as `"`, which its argv parser reads
                    // as a quote: it toggles quoting.
                    Some('"') => {
                        quoted = !quoted;
                        in_word = true;
                        i += 1;
                    }
                    Some(&n) => {
                        cur.push(n);
                        in_word = true;
                        i += 1;
                    }
                    None => {}
                }
            }
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
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
}

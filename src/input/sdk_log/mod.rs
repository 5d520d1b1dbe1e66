//! Other clients' debug output that prints the canonical request they
//! signed. One submodule per client, each holding the shape that client's
//! source really prints: [`go`] (aws-sdk-go v1/v2), [`java`]
//! (aws-sdk-java v1/v2), [`rust_sigv4`] (the Rust SDK's aws-sigv4), [`s3cmd`].
//!
//! aws-sdk-js v2/v3 print no canonical request (the JS SDKs have no
//! signing log); their users paste the server's message instead, which
//! [`super::error_message`] reads.

use crate::model::exchange::{ClientSigning, Exchange, Source};

use super::InputError;

mod go;
mod java;
mod rust_sigv4;
mod s3cmd;

/// One signing block: the canonical request and the string to sign.
type Block = (Option<String>, Option<String>);

/// What a dialect read around its signing blocks: the request and
/// response it logged, and which block was signed for the attempt that
/// failed (index, and what that attempt was, for the note).
#[derive(Debug, Default)]
struct Context {
    exchange: Exchange,
    chosen: Option<(usize, String)>,
}

/// Which client printed it, for notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Go,
    Java,
    RustSigv4,
    S3cmd,
}

impl Dialect {
    fn label(self) -> &'static str {
        match self {
            Dialect::Go => "aws-sdk-go signing log",
            Dialect::Java => "aws-sdk-java AWS4Signer log",
            Dialect::RustSigv4 => "aws-sigv4 trace log",
            Dialect::S3cmd => "s3cmd debug log",
        }
    }
}

fn dialect(text: &str) -> Option<Dialect> {
    if go::looks_like(text) {
        Some(Dialect::Go)
    } else if java::looks_like(text) {
        Some(Dialect::Java)
    } else if rust_sigv4::looks_like(text) {
        Some(Dialect::RustSigv4)
    } else if s3cmd::looks_like(text) {
        Some(Dialect::S3cmd)
    } else {
        None
    }
}

pub(crate) fn looks_like(text: &str) -> bool {
    dialect(text).is_some()
}

pub(super) fn find_ci(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_lowercase().find(&needle.to_ascii_lowercase())
}

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text_owned = text.replace("\r\n", "\n");
    let text = text_owned.as_str();
    let Some(d) = dialect(text) else {
        return Err(InputError::new(
            &source.name,
            "expected an SDK signing log (aws-sdk-go `---[ CANONICAL STRING  ]`, Java `AWS4 Canonical Request:`, aws-sigv4 `canonical_request=`, s3cmd `Canonical Request:`)",
        ));
    };
    let blocks: Vec<Block> = match d {
        // aws-sdk-go also logs the request and the response: go.rs reads
        // the whole log and keeps one attempt's parts together.
        Dialect::Go => return go::parse(text, source),
        Dialect::Java => java::blocks(text),
        Dialect::RustSigv4 => rust_sigv4::blocks(text),
        Dialect::S3cmd => s3cmd::blocks(text),
    };
    let count = blocks.len();
    let ctx = match d {
        Dialect::S3cmd => Context {
            exchange: s3cmd::exchange(text, source),
            chosen: None,
        },
        Dialect::Java => java::context(text, source),
        Dialect::RustSigv4 => rust_sigv4::context(text, source),
        Dialect::Go => Context::default(),
    };
    // Retries print one block per attempt. The one to explain is the
    // attempt the server refused, when the log says which; else the last,
    // which is the one that failed for good.
    let (index, why) = match ctx.chosen.filter(|(i, _)| *i < count) {
        Some((i, what)) => (
            i,
            format!("the {} ({what})", super::curl_verbose::ordinal(i + 1)),
        ),
        None => (count.saturating_sub(1), "the last".to_string()),
    };
    let Some((canonical_request, string_to_sign)) = blocks.into_iter().nth(index) else {
        return Err(InputError::new(
            &source.name,
            format!("looks like an {} but holds no canonical request", d.label()),
        ));
    };
    let mut notes = Vec::new();
    if count > 1 {
        notes.push(format!(
            "{}: {} signing blocks in this {}; using {why}",
            source.name,
            count,
            d.label()
        ));
    }
    let mut ex = ctx.exchange;
    ex.client = Some(ClientSigning {
        canonical_request: canonical_request.map(|c| strip_canonical(&c)),
        string_to_sign: string_to_sign.map(|s| s.trim_end().to_string()),
        signature: None,
        source: Some(source.clone()),
    });
    ex.notes.extend(notes);
    Ok(ex)
}

/// Every block after `marker`, each read by `read`.
pub(super) fn all_between<T>(text: &str, marker: &str, read: impl Fn(&str) -> T) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(marker) {
        let start = at + i + marker.len();
        let end = text[start..].find(marker).map_or(text.len(), |j| start + j);
        out.push(read(&text[start..end]));
        at = start;
    }
    out
}

pub(super) fn after_line(s: &str) -> &str {
    s.split_once('\n').map_or("", |(_, r)| r)
}

/// Keeps exactly the six parts of a canonical request when more text
/// follows it in the log.
pub(super) fn strip_canonical(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // method, uri, query, headers…, blank, signed, hash
    if let Some(blank) = lines.iter().skip(3).position(|l| l.is_empty()) {
        let end = (3 + blank + 3).min(lines.len());
        return lines[..end].join("\n");
    }
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "go.log".into(),
            format: "sdk-log".into(),
        }
    }

    #[test]
    fn go_block() {
        let t = "SDK 2024/03/09 14:14:13 DEBUG Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\nPUT\n/b/k\n\nhost:h\nx-amz-date:20240309T051413Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD\n---[ STRING TO SIGN ]--------------------------------\nAWS4-HMAC-SHA256\n20240309T051413Z\n20240309/us-east-1/s3/aws4_request\nabc\n-----------------------------------------------------\n";
        let e = parse(t, &src()).unwrap();
        let c = e.client.unwrap();
        assert!(
            c.canonical_request
                .unwrap()
                .ends_with("host;x-amz-date\nUNSIGNED-PAYLOAD")
        );
        assert_eq!(c.string_to_sign.unwrap().lines().count(), 4);
    }

    #[test]
    fn java_block() {
        let t = "DEBUG com.amazonaws.auth.AWS4Signer - AWS4 Canonical Request: '\"GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD\"\nDEBUG com.amazonaws.auth.AWS4Signer - AWS4 String to Sign: '\"AWS4-HMAC-SHA256\n20161004T211059Z\n20161004/us-west-2/s3/aws4_request\nabc\"\n";
        let c = parse(t, &src()).unwrap().client.unwrap();
        assert_eq!(
            c.canonical_request.as_deref(),
            Some("GET\n/k\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        assert!(c.string_to_sign.unwrap().ends_with("abc"));
    }
}

//! Reading what users have: every format becomes an [`Exchange`].
//!
//! Reading is size-limited and never panics; a file that is not a known
//! format is an [`InputError`] (exit code 2) naming the file and the formats
//! that are accepted.

mod ansi;
mod botocore_log;
mod canonical_text;
mod curl_command;
mod curl_verbose;
mod detect;
mod error_message;
mod error_xml;
mod har;
mod http_request;
mod http_response;
mod js_error;
mod messy;
mod pick;
mod presigned_url;
mod pyrepr;
mod scan;
mod sdk_log;
mod server_log;
mod wire;

use std::io::Read;
use std::path::Path;

pub use detect::{Format, detect};
pub use error_xml::parse_error_xml;
pub use http_request::{parse_http_request, parse_http_request_bytes};
pub use http_response::parse_http_response;

/// True when `arg` is meant as a presigned URL rather than a file name:
/// no such file exists and it reads as an http(s) URL.
pub fn is_url_argument(arg: &str) -> bool {
    arg != "-" && !Path::new(arg).exists() && presigned_url::url_token(arg).is_some()
}

use crate::model::exchange::{Exchange, Source};

/// Inputs larger than this are refused rather than read: real error
/// bodies, logs and captures are far smaller.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// A problem with what the user gave us. Rendered as one line, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {message}")]
pub struct InputError {
    pub name: String,
    pub message: String,
}

impl InputError {
    pub fn new(name: &str, message: impl Into<String>) -> Self {
        InputError {
            name: name.to_string(),
            message: message.into(),
        }
    }
}

/// Reads a file (or stdin for `-`), refusing directories, unreadable
/// files and anything over [`MAX_INPUT_BYTES`].
pub fn read_input(path: &str) -> Result<Vec<u8>, InputError> {
    let display = if path == "-" { "<stdin>" } else { path };
    let mut buf = Vec::new();
    let limit = MAX_INPUT_BYTES + 1;
    let result = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(InputError::new(display, "is a directory; expected a file"));
        }
        match std::fs::File::open(p) {
            Ok(f) => f.take(limit).read_to_end(&mut buf),
            Err(e) => return Err(InputError::new(display, io_reason(&e))),
        }
    };
    if let Err(e) = result {
        return Err(InputError::new(display, io_reason(&e)));
    }
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::new(
            display,
            format!(
                "larger than {} MiB; pass only the failing request's part",
                MAX_INPUT_BYTES >> 20
            ),
        ));
    }
    Ok(buf)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// Parses one input into an [`Exchange`], detecting its format unless
/// `format` is given.
pub fn parse(name: &str, bytes: &[u8], format: Option<Format>) -> Result<Exchange, InputError> {
    // A raw request is read from its bytes: its body (an image, Latin-1
    // text) is hashed as sent, never decoded.
    let binary = bytes.contains(&0) || std::str::from_utf8(bytes).is_err();
    if binary
        && matches!(format, None | Some(Format::HttpRequest))
        && let Some(mut exchange) =
            parse_http_request_bytes(bytes, &source_of(name, Format::HttpRequest))
    {
        exchange.sources.push(source_of(name, Format::HttpRequest));
        return Ok(exchange);
    }
    let text = decode_text(name, bytes)?;
    let text = dedent(&text);
    let detected = match format {
        Some(f) => Some(f),
        None => detect(&text),
    };
    let read = match detected {
        Some(format) => read_format(&text, &source_of(name, format), format),
        None => {
            let what = detect::what_it_looks_like(&text)
                .map(|w| format!("looks like {w}, not an S3 signing input"))
                .unwrap_or_else(|| "not a recognised input".to_string());
            Err(InputError::new(
                name,
                format!("{what}; expected {}", Format::accepted_list()),
            ))
        }
    };
    // No reader took it (or the one that matched its shape found nothing):
    // the scanner looks for artifacts anywhere in the text. Only with no
    // format forced: `--input-format` means "read it as that, or say why not".
    let (mut exchange, source) = match read {
        Ok(ok) => ok,
        // A whole raw response the reader refused (a proxy's HTML page) is
        // explained best by that reader; the scanner would find only the
        // same status line.
        Err(e) if format.is_none() && detected != Some(Format::HttpResponse) => {
            let source = source_of(name, Format::Scan);
            match scan::scan(&text, &source) {
                Some(ex) => (ex, source),
                None => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    // A reader that found the request but not the refusal (an error body
    // after a chunk-size line, a message in a stack trace below the log):
    // the scanner fills in the server's words.
    let succeeded = exchange
        .response
        .as_ref()
        .and_then(|r| r.status)
        .is_some_and(|s| s < 400);
    if exchange.server.is_none()
        && !succeeded
        && source.format != Format::Scan.name()
        && let Some(server) = scan::server_error(&text, &source)
    {
        exchange.server = Some(server);
    }
    exchange.sources.push(source);
    Ok(exchange)
}

fn read_format(
    text: &str,
    source: &Source,
    format: Format,
) -> Result<(Exchange, Source), InputError> {
    let exchange = match format {
        Format::ErrorXml => messy::parse(text, source)?,
        Format::HttpRequest => parse_http_request(text, source)?,
        Format::HttpResponse => parse_http_response(text, source)?,
        Format::CanonicalRequest => canonical_text::parse(text, source)?,
        Format::CurlVerbose => curl_verbose::parse_verbose(text, source)?,
        Format::CurlTrace => curl_verbose::parse_trace(text, source)?,
        Format::CurlCommand => curl_command::parse(text, source)?,
        Format::BotocoreLog => botocore_log::parse(text, source)?,
        Format::SdkLog => sdk_log::parse(text, source)?,
        Format::ServerLog => server_log::parse(text, source)?,
        Format::Har => har::parse(text, source)?,
        Format::PresignedUrl => presigned_url::parse(text, source)?,
        Format::JsError => js_error::parse(text, source)?,
        // A one-line message is prose: the scanner reads the server's phrase
        // and the SDK's code around it; the reader keeps the service texts
        // that quote the canonical request.
        Format::ErrorMessage => match scan::scan(text, source) {
            Some(ex) if !text.contains("The Canonical String for this request") => ex,
            _ => error_message::parse(text, source)?,
        },
        Format::Scan => scan::scan(text, source).ok_or_else(|| {
            InputError::new(&source.name, "holds nothing the artifact scanner knows")
        })?,
    };
    Ok((exchange, source.clone()))
}

/// A paste indented as a block (a markdown code block, a quoted log): the
/// indentation every non-empty line shares is removed.
fn dedent(text: &str) -> std::borrow::Cow<'_, str> {
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    if common == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let strip = line.len().min(common);
        let head = &line[..strip];
        if head.bytes().all(|b| b == b' ' || b == b'\t') {
            out.push_str(&line[strip..]);
        } else {
            out.push_str(line.trim_start_matches([' ', '\t']));
        }
    }
    std::borrow::Cow::Owned(out)
}

fn source_of(name: &str, format: Format) -> Source {
    Source {
        name: name.to_string(),
        format: format.name().to_string(),
    }
}

/// Text inputs only: empty, binary and non-UTF-8 data are refused with a
/// reason. A UTF-8 BOM is dropped.
fn decode_text<'a>(name: &str, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::new(
            name,
            format!("is empty; expected {}", Format::accepted_list()),
        ));
    }
    if bytes.contains(&0) {
        return Err(InputError::new(
            name,
            "is binary data; expected text (an error body, a log or a request)",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        // Latin-1 pastes happen; decode lossily only when almost all is text.
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
            if bad * 20 > lossy.chars().count() {
                Err(InputError::new(
                    name,
                    "is not UTF-8 text; expected an error body, a log or a request",
                ))
            } else {
                Ok(std::borrow::Cow::Owned(lossy.into_owned()))
            }
        }
    }
}

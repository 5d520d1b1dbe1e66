//! Sends a prepared request with its request target byte for byte.
//!
//! reqwest (via the `url` crate) re-encodes what it parses: a raw space or
//! `é` becomes `%20`/`%C3%A9` and `.`/`..` segments are removed. Some
//! emulated bugs need exactly those bytes on the wire. So the URL is
//! built already encoded and parsed; if the parsed target is not the one
//! we signed for, plain `http` goes through a minimal HTTP/1.1 writer over
//! a `TcpStream` instead, and `https` is refused rather than silently
//! sending something else.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use super::NetError;
use super::endpoint::Endpoint;
use super::request::Prepared;

/// Response bodies above this are cut (S3 error bodies are small).
const MAX_BODY: u64 = 1024 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    pub timeout: Duration,
    pub insecure: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Reqwest,
    RawHttp,
}

impl Via {
    pub fn describe(self) -> &'static str {
        match self {
            Via::Reqwest => "reqwest",
            Via::RawHttp => "raw HTTP/1.1 (reqwest would re-encode this target)",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub via: Via,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Connects to the endpoint's host (for virtual-hosted requests the
/// bucket name is only in the `Host` header) and sends `req`.
pub struct Sender {
    endpoint: Endpoint,
    opts: SendOptions,
    client: reqwest::blocking::Client,
}

impl Sender {
    pub fn new(endpoint: &Endpoint, opts: SendOptions) -> Result<Sender, NetError> {
        let client = reqwest::blocking::Client::builder()
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            .danger_accept_invalid_certs(opts.insecure)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NetError(format!("cannot set up the HTTP client: {}", chain(&e))))?;
        Ok(Sender {
            endpoint: endpoint.clone(),
            opts,
            client,
        })
    }

    /// Whether reqwest would put exactly this target on the wire.
    fn reqwest_keeps(&self, req: &Prepared) -> Option<reqwest::Url> {
        let host = req.wire.header("host").unwrap_or_default();
        let url = format!("{}://{}{}", self.endpoint.scheme, host, req.target());
        let parsed = reqwest::Url::parse(&url).ok()?;
        let same_path = parsed.path() == req.wire.path;
        let same_query = parsed.query().unwrap_or("") == req.wire.query;
        (same_path && same_query).then_some(parsed)
    }

    pub fn send(&self, req: &Prepared) -> Result<Response, NetError> {
        if let Some(url) = self.reqwest_keeps(req) {
            return self.send_reqwest(url, req);
        }
        if self.endpoint.scheme == "http" {
            return self.send_raw(req);
        }
        Err(NetError(format!(
            "cannot send target `{}` byte-exactly over https: the HTTP library would re-encode it (use an http:// endpoint for this emulation)",
            req.target()
        )))
    }

    fn send_reqwest(&self, url: reqwest::Url, req: &Prepared) -> Result<Response, NetError> {
        let method = reqwest::Method::from_bytes(req.wire.method.as_bytes())
            .map_err(|_| NetError(format!("`{}` is not an HTTP method", req.wire.method)))?;
        let mut rb = self.client.request(method, url);
        for (n, v) in &req.wire.headers {
            // reqwest writes Host from the URL (the same value) and
            // Content-Length from the body.
            if n.eq_ignore_ascii_case("host") || n.eq_ignore_ascii_case("content-length") {
                continue;
            }
            rb = rb.header(n.as_str(), v.as_str());
        }
        if !req.body.is_empty() || req.wire.header("content-length").is_some() {
            rb = rb.body(req.body.clone());
        }
        let resp = rb.send().map_err(|e| self.describe(&e))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        resp.take(MAX_BODY).read_to_end(&mut body).map_err(|e| {
            NetError(format!(
                "{}: reading the response failed ({e})",
                self.endpoint.authority()
            ))
        })?;
        Ok(Response {
            status,
            headers,
            body,
            via: Via::Reqwest,
        })
    }

    fn describe(&self, e: &reqwest::Error) -> NetError {
        let at = self.endpoint.authority();
        let text = chain(e);
        let lower = text.to_ascii_lowercase();
        let secs = self.opts.timeout.as_secs_f64();
        let msg = if e.is_timeout() || lower.contains("timed out") {
            format!("{at}: no response within {secs}s (raise --timeout, or check the endpoint)")
        } else if lower.contains("refused") {
            format!("{at}: connection refused — is the S3 server running on that port?")
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("ssl")
            || lower.contains("handshake")
            || lower.contains("corrupt message")
            || lower.contains("invalidcontenttype")
        {
            format!(
                "{at}: TLS handshake failed ({}) — for a self-signed test server use --insecure; for a plain HTTP server use http://",
                last(&text)
            )
        } else if lower.contains("dns") || lower.contains("lookup") || lower.contains("resolve") {
            format!("{at}: cannot resolve the host name ({})", last(&text))
        } else {
            format!("{at}: request failed ({})", last(&text))
        };
        NetError(msg)
    }

    fn send_raw(&self, req: &Prepared) -> Result<Response, NetError> {
        let at = self.endpoint.authority();
        let addr = (
            self.endpoint.host.trim_matches(['[', ']']),
            self.endpoint.port_or_default(),
        )
            .to_socket_addrs()
            .map_err(|e| NetError(format!("{at}: cannot resolve the host name ({e})")))?
            .next()
            .ok_or_else(|| NetError(format!("{at}: the host name has no address")))?;
        let io = |e: std::io::Error| -> NetError {
            match e.kind() {
                std::io::ErrorKind::ConnectionRefused => NetError(format!(
                    "{at}: connection refused — is the S3 server running on that port?"
                )),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => NetError(format!(
                    "{at}: no response within {}s (raise --timeout, or check the endpoint)",
                    self.opts.timeout.as_secs_f64()
                )),
                _ => NetError(format!("{at}: request failed ({e})")),
            }
        };
        // --timeout bounds the whole exchange, not each read: a server that
        // drips a byte at a time cannot hold the run past it.
        let deadline = Instant::now() + self.opts.timeout;
        let mut stream = TcpStream::connect_timeout(&addr, self.opts.timeout).map_err(io)?;
        let mut head = format!("{} {} HTTP/1.1\r\n", req.wire.method, req.target());
        for (n, v) in &req.wire.headers {
            // The command line refuses these; a last guard against a
            // request split in two (a smuggled second request).
            if n.chars().chain(v.chars()).any(|c| c == '\r' || c == '\n') {
                return Err(NetError(format!(
                    "{at}: header `{}` holds a line break; not sent",
                    n.escape_debug()
                )));
            }
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if req.target().contains(['\r', '\n']) {
            return Err(NetError(format!(
                "{at}: the request target holds a line break; not sent"
            )));
        }
        // One request per connection keeps reading simple.
        head.push_str("connection: close\r\n\r\n");
        let mut payload = head.into_bytes();
        payload.extend_from_slice(&req.body);
        write_by(&mut stream, &payload, deadline).map_err(io)?;
        let head_only = req.wire.method == "HEAD";
        let raw = read_by(&mut stream, deadline, head_only).map_err(io)?;
        parse_response(&raw, head_only).ok_or_else(|| {
            NetError(format!(
                "{at}: the reply is not HTTP (is this an S3 endpoint?)"
            ))
        })
    }
}

fn remaining(deadline: Instant) -> std::io::Result<Duration> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(std::io::ErrorKind::TimedOut.into());
    }
    Ok(left)
}

fn write_by(stream: &mut TcpStream, mut data: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !data.is_empty() {
        stream.set_write_timeout(Some(remaining(deadline)?))?;
        match stream.write(data) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads one response until it is complete (by Content-Length, the last
/// chunk, or a status without body), the server closes, the size cap, or
/// the deadline: a server that keeps the connection open after a full
/// answer does not turn it into a timeout.
fn read_by(stream: &mut TcpStream, deadline: Instant, head_only: bool) -> std::io::Result<Vec<u8>> {
    let cap = (MAX_BODY + 64 * 1024) as usize;
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        stream.set_read_timeout(Some(remaining(deadline)?))?;
        match stream.read(&mut buf) {
            Ok(0) => return Ok(raw),
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                if raw.len() >= cap {
                    raw.truncate(cap);
                    return Ok(raw);
                }
                if is_complete(&raw, head_only) {
                    return Ok(raw);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Whether `raw` holds a whole HTTP/1.1 response.
fn is_complete(raw: &[u8], head_only: bool) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if head_only || status == 204 || status == 304 || (100..200).contains(&status) {
        return true;
    }
    let body = &raw[end + 4..];
    let mut length = None;
    let mut chunked = false;
    for l in lines {
        let Some((n, v)) = l.split_once(':') else {
            continue;
        };
        let (n, v) = (n.trim(), v.trim());
        if n.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
        {
            chunked = true;
        } else if n.eq_ignore_ascii_case("content-length") {
            length = v.parse::<usize>().ok();
        }
    }
    if chunked {
        return chunks_complete(body);
    }
    match length {
        Some(len) => body.len() >= len,
        // Neither: the body ends when the server closes.
        None => false,
    }
}

/// Whether a chunked body has reached its last (zero-size) chunk and the
/// blank line after it.
fn chunks_complete(mut data: &[u8]) -> bool {
    loop {
        let Some(pos) = data.windows(2).position(|w| w == b"\r\n") else {
            return false;
        };
        let size_text = String::from_utf8_lossy(&data[..pos]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
        else {
            // Not chunked after all: let the close or the deadline end it.
            return false;
        };
        data = &data[pos + 2..];
        if size == 0 {
            // Trailers, then a blank line.
            return data.windows(2).any(|w| w == b"\r\n")
                && (data.starts_with(b"\r\n") || data.windows(4).any(|w| w == b"\r\n\r\n"));
        }
        if data.len() < size + 2 {
            return false;
        }
        data = &data[size + 2..];
    }
}

/// Status, headers and (de-chunked) body of a raw HTTP/1.1 response.
fn parse_response(raw: &[u8], head_only: bool) -> Option<Response> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.splitn(3, ' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Some(Response {
        status,
        headers,
        body,
        via: Via::RawHttp,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(pos) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..pos]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        data = &data[pos + 2..];
        if size == 0 || size > data.len() {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// An error and its causes, joined (reqwest's top message alone is vague).
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = c.source();
    }
    parts.join(": ")
}

fn last(text: &str) -> &str {
    text.rsplit(": ").next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chunked_and_plain_responses() {
        let r = parse_response(b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<Err>\r\n3\r\nor/\r\n0\r\n\r\n", false).unwrap();
        assert_eq!(r.status, 403);
        assert_eq!(r.body, b"<Err>or/");
        assert_eq!(r.header("Content-Type"), Some("application/xml"));
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false).unwrap();
        assert_eq!(r.body, b"ok");
        assert!(parse_response(b"SSH-2.0-OpenSSH\r\n\r\n", false).is_none());
    }
}

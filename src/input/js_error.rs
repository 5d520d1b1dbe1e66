//! What users of the AWS SDKs for JavaScript paste. Neither SDK logs the
//! canonical request it signed, so the error object, as Node prints it, is
//! usually all there is:
//!
//! * `console.log(err)`, `console.error(err)` or an uncaught rejection:
//!   util.inspect's `Name: message`, the stack (`    at …`), then the own
//!   properties `{ key: value, … }`, long strings split into `'…\n' +`
//!   pieces;
//! * `JSON.stringify(err)` (and Lambda's `{"errorType":…,"errorMessage":…}`);
//! * v3 `new S3Client({ logger: console })`: `{ clientName, commandName,
//!   input, error: <the error>, metadata }` records;
//! * v2 `logger: console`: `[AWS s3 403 0.133s 0 retries] putObject({…})`.
//!
//! v3 copies every field of the S3 XML error body onto the exception
//! (smithy's `decorateServiceException`), so an AWS body's StringToSign,
//! CanonicalRequest, their `*Bytes` and SignatureProvided survive; v2 keeps
//! only Code, Message and Region. The values are read with a small, tolerant
//! reader of JavaScript literals (never `eval`): a cut-off or garbled paste
//! yields the fields read before the damage.

use super::ansi::strip_ansi;

use crate::model::exchange::{Exchange, ResponseMeta, Source};
use crate::sigv4::uri_encode;

use super::InputError;
use super::error_xml::server_error_from_fields;
use super::pyrepr::{Lang, take_quoted};
use super::wire::CapturedRequest;

/// Keys under which the error's `Name: message` head line is kept.
const HEAD_NAME: &str = "<error name>";
const HEAD_MESSAGE: &str = "<error message>";
/// Key under which the class name of `Class { … }` is kept.
const CLASS: &str = "<class>";

/// Deeper nesting than this is not an SDK error; the reader stops there.
const MAX_DEPTH: usize = 32;

/// Placeholders the SDKs print when a field is missing.
const ABSENT: &[&str] = &["null", "undefined", "UnknownError", ""];

/// Sub-objects holding what the caller passed or got back, not the error:
/// a user's `Metadata: { code: … }` must not be read as the error code.
const NOT_THE_ERROR: &[&str] = &[
    "input",
    "params",
    "output",
    "Metadata",
    "Body",
    "$response",
    "headers",
    "query",
];

pub(crate) fn looks_like(text: &str) -> bool {
    let t = text;
    v2_logger_line_in(t)
        // v3: every service exception has `$metadata` (inspect or JSON).
        || ((t.contains("'$metadata': {") || t.contains("\"$metadata\":"))
            && t.contains("httpStatusCode"))
        // v2: an AWS.util.error with its retry fields.
        || (t.contains("code: '") && t.contains("statusCode: ") && t.contains("retryable: "))
        || (t.contains("\"code\":\"") && t.contains("\"statusCode\":") && t.contains("\"retryable\":"))
        // v3 logger records.
        || (t.contains("clientName: '") && t.contains("commandName: '"))
        // v3's signed request printed by a middleware.
        || (t.contains("HttpRequest {") && t.contains("method: '") && t.contains("headers: {"))
}

fn v2_logger_line_in(text: &str) -> bool {
    text.lines()
        .take(10_000)
        .any(|l| v2_logger_line(l).is_some())
}

/// A JavaScript value as util.inspect / JSON print it. Numbers, `null`,
/// dates and `[Getter]`-like markers stay as their text.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Bare(String),
    Obj(Vec<(String, Value)>),
    Arr(Vec<Value>),
}

/// Reads JavaScript literals from `s`, starting anywhere. Every method
/// returns `None` (or a partial value) on text it does not understand;
/// `budget` bounds the work so that retrying at many positions of a large
/// garbled paste stays linear-ish.
struct Reader<'a> {
    s: &'a str,
    pos: usize,
    budget: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn spend(&mut self, n: usize) -> bool {
        self.budget = self.budget.saturating_sub(n.max(1));
        self.budget > 0
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// A `'…'`, `"…"` or `` `…` `` literal, with util.inspect's `+` joins.
    fn string(&mut self) -> Option<String> {
        let mut out = Vec::new();
        loop {
            let rest = self.s.get(self.pos..)?;
            let (bytes, after, closed) = take_quoted(rest, Lang::Js)?;
            let used = rest.len() - after.len();
            if !self.spend(used) {
                return None;
            }
            self.pos += used;
            out.extend_from_slice(&bytes);
            if !closed {
                break;
            }
            // `'a\n' +\n    'b'`: the next piece follows a `+`.
            let save = self.pos;
            self.skip_ws();
            if self.peek() == Some(b'+') {
                self.pos += 1;
                self.skip_ws();
                if matches!(self.peek(), Some(b'\'' | b'"' | b'`')) {
                    continue;
                }
            }
            self.pos = save;
            break;
        }
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    /// `{ key: value, … }` at `{`. `None` when the first entry is not a
    /// `key:`; a later problem ends the object with what was read.
    fn object(&mut self, depth: usize) -> Option<Vec<(String, Value)>> {
        if depth > MAX_DEPTH || self.peek() != Some(b'{') {
            return None;
        }
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if !self.spend(1) {
                return (!entries.is_empty()).then_some(entries);
            }
            match self.peek() {
                None => return Some(entries),
                Some(b'}') => {
                    self.pos += 1;
                    return Some(entries);
                }
                _ => {}
            }
            let Some(key) = self.key() else {
                return (!entries.is_empty()).then_some(entries);
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return (!entries.is_empty()).then_some(entries);
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1);
            entries.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Some(entries);
                }
                None => return Some(entries),
                // Something this reader does not know (`Buffer(3) [Uint8Array] […]`):
                // skip to the end of this value.
                Some(_) => {
                    if !self.skip_value_rest() {
                        return Some(entries);
                    }
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Some(entries);
                        }
                        _ => return Some(entries),
                    }
                }
            }
        }
    }

    /// An identifier, a quoted key, or `[Symbol(x)]` / `[cause]`.
    fn key(&mut self) -> Option<String> {
        match self.peek()? {
            b'\'' | b'"' | b'`' => self.string(),
            b'[' => {
                let rest = self.s.get(self.pos..)?;
                let end = rest.find(']').filter(|&e| !rest[..e].contains('\n'))?;
                self.pos += end + 1;
                Some(rest[..=end].to_string())
            }
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
                {
                    self.pos += 1;
                }
                (self.pos > start).then(|| self.s[start..self.pos].to_string())
            }
        }
    }

    fn value(&mut self, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Bare(String::new());
        }
        match self.peek() {
            Some(b'\'' | b'"' | b'`') => Value::Str(self.string().unwrap_or_default()),
            Some(b'{') => Value::Obj(self.object(depth).unwrap_or_default()),
            Some(b'[') => self.bracket(depth),
            _ => self.bare(depth),
        }
    }

    /// `[ a, b ]`, or a marker such as `[Object]`, `[Getter]`, `[Function: f]`.
    fn bracket(&mut self, depth: usize) -> Value {
        let rest = self.s.get(self.pos..).unwrap_or("");
        if let Some(end) = rest.find(']')
            && rest
                .as_bytes()
                .get(1)
                .is_some_and(|b| b.is_ascii_uppercase())
            && !rest[..end].contains(['\n', ',', '\'', '"'])
        {
            self.pos += end + 1;
            return Value::Bare(rest[..=end].to_string());
        }
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if !self.spend(1) {
                return Value::Arr(items);
            }
            match self.peek() {
                None => return Value::Arr(items),
                Some(b']') => {
                    self.pos += 1;
                    return Value::Arr(items);
                }
                _ => {}
            }
            items.push(self.value(depth + 1));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Value::Arr(items);
                }
                _ => {
                    if !self.skip_value_rest() {
                        return Value::Arr(items);
                    }
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Value::Arr(items);
                        }
                        _ => return Value::Arr(items),
                    }
                }
            }
        }
    }

    /// An unquoted value: a number, `null`, a date, a class-prefixed object
    /// (`HttpResponse { … }`), or an error (`Name: message` + stack + props).
    fn bare(&mut self, depth: usize) -> Value {
        let rest = self.s.get(self.pos..).unwrap_or("");
        let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..line_end];
        if let Some((name, message)) = error_head(line) {
            self.pos += line_end;
            return Value::Obj(self.error_rest(name, message, line, depth));
        }
        let end = line.find([',', '}', ']', '{', '[']).unwrap_or(line.len());
        let text = line[..end].trim().to_string();
        self.pos += end;
        if matches!(self.peek(), Some(b'{')) {
            return Value::Obj(with_class(&text, self.object(depth).unwrap_or_default()));
        }
        Value::Bare(text)
    }

    /// After an error's head line: its stack lines, then its own
    /// properties when the last line ends with `{`.
    fn error_rest(
        &mut self,
        name: &str,
        message: &str,
        head_line: &str,
        depth: usize,
    ) -> Vec<(String, Value)> {
        let mut entries = vec![
            (HEAD_NAME.to_string(), Value::Str(name.to_string())),
            (
                HEAD_MESSAGE.to_string(),
                Value::Str(message.trim_end_matches(" {").to_string()),
            ),
        ];
        let mut last_line = head_line.trim_end();
        loop {
            let rest = self.s.get(self.pos..).unwrap_or("");
            let next = rest
                .strip_prefix("\r\n")
                .or_else(|| rest.strip_prefix('\n'));
            let Some(next) = next else { break };
            let line = next.lines().next().unwrap_or("");
            let t = line.trim_start();
            if !(t.starts_with("at ") || (t.starts_with("... ") && t.contains(" more"))) {
                break;
            }
            if !self.spend(line.len()) {
                break;
            }
            self.pos += rest.len() - next.len() + line.len();
            last_line = line;
        }
        if last_line.ends_with('{') {
            // Back up to the `{` that ends the line just read.
            if let Some(p) = self.s.get(..self.pos).and_then(|s| s.rfind('{')) {
                self.pos = p;
                if let Some(props) = self.object(depth) {
                    entries.extend(props);
                }
            }
        }
        entries
    }

    /// Skips the rest of a value this reader could not read, up to the `,`
    /// or closing bracket at its level. False at the end of the text.
    fn skip_value_rest(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            if !self.spend(1) {
                return false;
            }
            match b {
                b'\'' | b'"' | b'`' => {
                    if self.string().is_none() {
                        return false;
                    }
                    continue;
                }
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' if depth == 0 => return true,
                b'}' | b']' | b')' => depth -= 1,
                b',' if depth == 0 => return true,
                _ => {}
            }
            self.pos += 1;
        }
        false
    }
}

/// Keeps the class name util.inspect prints before an object
/// (`HttpRequest { … }`) as a [`CLASS`] entry.
fn with_class(class: &str, mut entries: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let class = class.trim();
    if !class.is_empty()
        && class
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        entries.insert(0, (CLASS.to_string(), Value::Str(class.to_string())));
    }
    entries
}

/// `Name: message` where Name is an identifier (`SignatureDoesNotMatch`,
/// `S3ServiceException`), or Node's `[Name: message]` for an error without
/// a stack.
fn error_head(line: &str) -> Option<(&str, &str)> {
    let l = line.trim_start();
    let l = l.strip_prefix('[').unwrap_or(l);
    let (name, message) = l.split_once(": ")?;
    let is_ident = !name.is_empty()
        && name.as_bytes()[0].is_ascii_alphabetic()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.');
    is_ident.then(|| {
        let message = message.trim_end();
        let message = message
            .strip_suffix("] {")
            .map(|m| m.trim_end())
            .or_else(|| message.strip_suffix(']'))
            .unwrap_or(message);
        (name, message)
    })
}

/// What the v2 SDK's `logger` prints per call.
#[derive(Debug, Clone, PartialEq)]
struct V2Call {
    service: String,
    status: Option<u16>,
    duration: String,
    retries: String,
    operation: String,
}

/// `[AWS s3 403 0.133s 0 retries] putObject({` → the call, and the byte
/// offset of the `(` that opens its parameters.
fn v2_logger_line(line: &str) -> Option<(V2Call, usize)> {
    let start = line.find("[AWS ")?;
    let rest = &line[start + 5..];
    let close = rest.find("] ")?;
    let mut parts = rest[..close].split(' ');
    let service = parts.next()?.to_string();
    let status = parts.next()?;
    let duration = parts.next()?.to_string();
    let retries = parts.next()?.to_string();
    if parts.next()? != "retries" || !duration.ends_with('s') {
        return None;
    }
    let after = &rest[close + 2..];
    let paren = after.find('(')?;
    let operation = after[..paren].to_string();
    if operation.is_empty() || !operation.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some((
        V2Call {
            service,
            status: status.parse().ok(),
            duration,
            retries,
            operation,
        },
        start + 5 + close + 2 + paren,
    ))
}

/// Everything readable in the paste, in document order.
#[derive(Debug, Default)]
struct Scan {
    /// Objects and errors (an error is an object with [`HEAD_NAME`]).
    values: Vec<Value>,
    v2_calls: Vec<(V2Call, Option<Value>)>,
    /// What kinds of print were seen, for the note.
    forms: Vec<&'static str>,
    out_of_budget: bool,
}

fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut r = Reader {
        s: text,
        pos: 0,
        budget: text.len().saturating_mul(16).saturating_add(1 << 20),
    };
    while r.pos < text.len() {
        if r.budget == 0 {
            out.out_of_budget = true;
            break;
        }
        let line_end = text[r.pos..]
            .find('\n')
            .map_or(text.len(), |i| r.pos + i + 1);
        let line = &text[r.pos..line_end];
        if let Some((call, paren)) = v2_logger_line(line) {
            r.pos += paren + 1;
            r.skip_ws();
            let params = r.object(0).map(Value::Obj);
            out.v2_calls.push((call, params));
            push_form(&mut out.forms, "aws-sdk v2 logger line");
            r.pos = r.pos.max(line_end.min(text.len()));
            continue;
        }
        if starts_error(text, r.pos, line)
            && let Some((name, message)) = error_head(line)
        {
            r.pos += line.trim_end_matches(['\n', '\r']).len();
            let v = r.error_rest(name, message, line, 0);
            push_form(&mut out.forms, "util.inspect of the error");
            out.values.push(Value::Obj(v));
            r.pos = r.pos.max(line_end.min(text.len()));
            continue;
        }
        // An object starting on this line: JSON, a logger record.
        let mut found = false;
        for (i, _) in line.match_indices('{') {
            let at = r.pos + i;
            if !opens_object(text, at) {
                continue;
            }
            let mut sub = Reader {
                s: text,
                pos: at,
                budget: r.budget,
            };
            let obj = sub.object(0);
            r.budget = sub.budget;
            if let Some(entries) = obj.filter(|e| !e.is_empty()) {
                push_form(
                    &mut out.forms,
                    if text.as_bytes().get(at + 1) == Some(&b'"') {
                        "JSON"
                    } else {
                        "util.inspect of an object"
                    },
                );
                let class = text.get(r.pos..at).unwrap_or("").trim();
                out.values.push(Value::Obj(with_class(class, entries)));
                r.pos = sub.pos.max(at + 1);
                found = true;
                break;
            }
        }
        if !found {
            r.pos = line_end;
        }
    }
    out
}

fn push_form(forms: &mut Vec<&'static str>, f: &'static str) {
    if !forms.contains(&f) {
        forms.push(f);
    }
}

/// The head of a printed error: `Name: message` followed by a stack line,
/// or ending in `{` (its properties follow), or `[Name: message]`.
fn starts_error(text: &str, pos: usize, line: &str) -> bool {
    if error_head(line).is_none() || line.starts_with([' ', '\t']) {
        return false;
    }
    let l = line.trim_end();
    if l.ends_with('{') || (l.starts_with('[') && l.ends_with(']')) {
        return true;
    }
    let next = text
        .get(pos + line.len()..)
        .and_then(|r| r.lines().next())
        .unwrap_or("");
    next.trim_start().starts_with("at ")
}

/// A `{` whose first entry is `key:`, `'key':` or `"key":`.
fn opens_object(text: &str, at: usize) -> bool {
    let rest = text.get(at + 1..).unwrap_or("").trim_start();
    let b = rest.as_bytes();
    match b.first() {
        Some(b'"' | b'\'') => true,
        Some(c) if c.is_ascii_alphabetic() || *c == b'$' || *c == b'_' => {
            let n = b
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'$')
                .count();
            b.get(n) == Some(&b':')
        }
        _ => false,
    }
}

/// Leaf fields (`key`, text) of every value, in document order, skipping
/// the caller's input/output sub-objects.
fn flatten<'v>(v: &'v Value, out: &mut Vec<(&'v str, String)>, depth: usize) {
    let Value::Obj(entries) = v else { return };
    if depth > MAX_DEPTH {
        return;
    }
    for (k, v) in entries {
        match v {
            Value::Str(s) | Value::Bare(s) => out.push((k.as_str(), s.clone())),
            Value::Obj(_) if !NOT_THE_ERROR.contains(&k.as_str()) => flatten(v, out, depth + 1),
            _ => {}
        }
    }
}

/// The first present value among `keys`, in that order of preference.
fn first(fields: &[(&str, String)], keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        fields
            .iter()
            .find(|(n, v)| n == k && !ABSENT.contains(&v.as_str()))
            .map(|(_, v)| v.clone())
    })
}

/// XML element name ← the JS keys that carry it, best first.
const FIELD_KEYS: &[(&str, &[&str])] = &[
    ("Code", &["Code", "code", HEAD_NAME, "name", "errorType"]),
    (
        "Message",
        &["Message", "message", HEAD_MESSAGE, "errorMessage"],
    ),
    ("RequestId", &["RequestId", "requestId"]),
    ("HostId", &["HostId", "extendedRequestId"]),
    ("Region", &["Region", "region"]),
    ("AWSAccessKeyId", &["AWSAccessKeyId"]),
    ("StringToSign", &["StringToSign"]),
    ("StringToSignBytes", &["StringToSignBytes"]),
    ("SignatureProvided", &["SignatureProvided"]),
    ("CanonicalRequest", &["CanonicalRequest"]),
    ("CanonicalRequestBytes", &["CanonicalRequestBytes"]),
    ("RequestTime", &["RequestTime"]),
    ("ServerTime", &["ServerTime"]),
    (
        "MaxAllowedSkewMilliseconds",
        &["MaxAllowedSkewMilliseconds"],
    ),
    ("Resource", &["Resource"]),
    ("HeaderName", &["HeaderName"]),
    ("Header", &["Header"]),
    ("Expires", &["Expires"]),
    ("XAmzContentSHA256", &["XAmzContentSHA256"]),
    (
        "ClientComputedContentSHA256",
        &["ClientComputedContentSHA256"],
    ),
    ("S3ComputedContentSHA256", &["S3ComputedContentSHA256"]),
];

pub(crate) fn parse(text: &str, source: &Source) -> Result<Exchange, InputError> {
    let text = strip_ansi(text);
    let scan = scan(&text);
    let mut fields: Vec<(&str, String)> = Vec::new();
    for v in &scan.values {
        flatten(v, &mut fields, 0);
    }
    let status = first(&fields, &["httpStatusCode", "statusCode"])
        .and_then(|s| s.parse::<u16>().ok())
        .or_else(|| scan.v2_calls.iter().find_map(|(c, _)| c.status));
    let request = http_request(&scan.values);
    if fields.is_empty() && scan.v2_calls.is_empty() && request.is_none() {
        return Err(InputError::new(
            &source.name,
            "expected an AWS SDK for JavaScript error as Node prints it (console.log(err), JSON.stringify(err)) or its logger output",
        ));
    }
    let mut notes = Vec::new();
    let xml_fields: Vec<(String, String)> = FIELD_KEYS
        .iter()
        .filter_map(|(xml, keys)| first(&fields, keys).map(|v| (xml.to_string(), v)))
        .collect();
    let server = server_error_from_fields(&xml_fields, source, &mut notes);
    let has = |k: &str| fields.iter().any(|(n, _)| *n == k);
    let sdk = if has("$metadata") || has("$fault") || has("httpStatusCode") || has("clientName") {
        "aws-sdk-js v3"
    } else if has("retryable") || !scan.v2_calls.is_empty() {
        "aws-sdk v2"
    } else {
        "a JavaScript SDK"
    };
    notes.insert(
        0,
        format!(
            "{}: read {sdk} output ({})",
            source.name,
            if scan.forms.is_empty() {
                "fields".to_string()
            } else {
                scan.forms.join(", ")
            }
        ),
    );
    if let Some(s) = &server {
        if s.canonical_request.is_none() && s.string_to_sign.is_none() {
            notes.push(format!(
                "{}: {}",
                source.name,
                if sdk == "aws-sdk v2" {
                    "aws-sdk v2 keeps only Code, Message and Region of the S3 error body, so the server's CanonicalRequest/StringToSign are not in this error even when AWS sent them (v3 keeps them)"
                } else {
                    "the error carries no CanonicalRequest/StringToSign: the server's error body had none (aws-sdk-js v3 copies every body field onto the exception; S3-compatible servers send only the code)"
                }
            ));
        }
        if first(&fields, &["Message", "message", HEAD_MESSAGE]).is_none() {
            notes.push(format!(
                "{}: no message: the error body had no <Message> (v3 prints 'UnknownError', v2 null)",
                source.name
            ));
        }
    }
    notes.extend(call_notes(&scan, source));
    if request.is_none() && sdk != "aws-sdk v2" && server.is_some() {
        // Neither JS SDK logs its canonical request; v3's signed request can
        // be printed, and this reader takes it from the same paste.
        notes.push(format!(
            "{}: aws-sdk-js logs no canonical request; to add the request v3 signed, print it with `s3.middlewareStack.add((next) => async (args) => {{ console.log(args.request); return next(args); }}, {{ step: 'deserialize' }})` and paste its output with the error",
            source.name
        ));
    }
    if scan.out_of_budget {
        notes.push(format!(
            "{}: stopped reading: too much text that is not an SDK error",
            source.name
        ));
    }
    let request = request.map(|r| {
        notes.push(format!(
            "{}: the request as aws-sdk-js v3 printed it after signing ({}); the Node HTTP handler sends it as is, its query string rebuilt from the query object as @smithy's buildQueryString does",
            source.name,
            r.describe()
        ));
        r.wire(source)
    });
    Ok(Exchange {
        request,
        server,
        response: status.map(|s| ResponseMeta {
            status: Some(s),
            headers: Vec::new(),
        }),
        notes,
        ..Exchange::default()
    })
}

/// The signed request as aws-sdk-js v3 holds it (`console.log(args.request)`
/// in a middleware of the `deserialize` step, after signing): an
/// `HttpRequest { method, hostname, port, path, query, headers, body }`,
/// printed by util.inspect or JSON.stringify. The last one printed wins
/// (retries print one per attempt).
fn http_request(values: &[Value]) -> Option<CapturedRequest> {
    let mut found = None;
    for v in values {
        visit_objects(v, 0, &mut |entries| {
            if let Some(r) = request_of(entries) {
                found = Some(r);
            }
        });
    }
    found
}

/// The entries of one printed object.
type Entries = [(String, Value)];

fn visit_objects(v: &Value, depth: usize, f: &mut dyn FnMut(&Entries)) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Obj(entries) => {
            f(entries);
            for (_, v) in entries {
                visit_objects(v, depth + 1, f);
            }
        }
        Value::Arr(items) => items.iter().for_each(|v| visit_objects(v, depth + 1, f)),
        _ => {}
    }
}

fn request_of(entries: &[(String, Value)]) -> Option<CapturedRequest> {
    let get = |k: &str| entries.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let text = |k: &str| match get(k) {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Bare(s)) if !ABSENT.contains(&s.as_str()) => Some(s.clone()),
        _ => None,
    };
    let method = text("method")?;
    let path = text("path")?;
    let Some(Value::Obj(header_entries)) = get("headers") else {
        return None;
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || !path.starts_with('/') {
        return None;
    }
    let mut headers: Vec<(String, String)> = header_entries
        .iter()
        .filter_map(|(n, v)| match v {
            Value::Str(s) | Value::Bare(s) => Some((n.clone(), s.clone())),
            _ => None,
        })
        .collect();
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"))
        && let Some(host) = text("hostname")
    {
        let host = match text("port") {
            Some(p) => format!("{host}:{p}"),
            None => host,
        };
        headers.insert(0, ("host".to_string(), host));
    }
    let mut target = path;
    let query = match get("query") {
        Some(Value::Obj(q)) => query_string(q),
        _ => String::new(),
    };
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let body = match get("body") {
        Some(Value::Str(s)) => Some(s.as_bytes().to_vec()),
        _ => None,
    };
    Some(CapturedRequest {
        method,
        target,
        headers,
        body,
    })
}

/// The query string @smithy/node-http-handler sends for `request.query`
/// (`buildQueryString`): keys sorted, keys and values escaped with
/// `escapeUri` (all but `A-Za-z0-9-_.~`), array values repeated, a null
/// value as the bare key.
fn query_string(q: &[(String, Value)]) -> String {
    let mut keys: Vec<&(String, Value)> = q.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut parts = Vec::new();
    for (k, v) in keys {
        let key = uri_encode(k.as_bytes(), false);
        match v {
            Value::Str(s) => parts.push(format!("{key}={}", uri_encode(s.as_bytes(), false))),
            Value::Arr(items) => {
                for item in items {
                    if let Value::Str(s) | Value::Bare(s) = item {
                        parts.push(format!("{key}={}", uri_encode(s.as_bytes(), false)));
                    }
                }
            }
            Value::Bare(s) if !ABSENT.contains(&s.as_str()) => {
                parts.push(format!("{key}={}", uri_encode(s.as_bytes(), false)));
            }
            _ => parts.push(key),
        }
    }
    parts.join("&")
}

/// The call the output is about: the v3 logger's client/command/input, the
/// v2 logger's operation and parameters.
fn call_notes(scan: &Scan, source: &Source) -> Vec<String> {
    let mut out = Vec::new();
    let str_of = |entries: &[(String, Value)], k: &str| {
        entries.iter().find_map(|(n, v)| match v {
            Value::Str(s) if n == k => Some(s.clone()),
            _ => None,
        })
    };
    let target = |params: Option<&Value>| -> String {
        let Some(Value::Obj(p)) = params else {
            return String::new();
        };
        let mut parts = Vec::new();
        if let Some(b) = str_of(p, "Bucket") {
            parts.push(format!("bucket {b}"));
        }
        if let Some(k) = str_of(p, "Key") {
            parts.push(format!("key {k:?}"));
        }
        if let Some(c) = str_of(p, "ContentType") {
            parts.push(format!("ContentType {c:?}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join(", "))
        }
    };
    for v in &scan.values {
        let Value::Obj(e) = v else { continue };
        if let (Some(client), Some(command)) = (str_of(e, "clientName"), str_of(e, "commandName")) {
            let input = e.iter().find(|(n, _)| n == "input").map(|(_, v)| v);
            let line = format!(
                "{}: the call (v3 logger): {client} {command}{}",
                source.name,
                target(input)
            );
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    for (call, params) in &scan.v2_calls {
        out.push(format!(
            "{}: the call (v2 logger): {}.{} answered {} after {}, {} retries{}",
            source.name,
            call.service,
            call.operation,
            call.status.map_or("?".to_string(), |s| s.to_string()),
            call.duration,
            call.retries,
            target(params.as_ref())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Source {
        Source {
            name: "err.txt".into(),
            format: "js-error".into(),
        }
    }

    const V3: &str = r#"SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.
    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:867:20)
    at async /app/node_modules/@aws-sdk/middleware-sdk-s3/dist-cjs/index.js:89:20 {
  '$fault': 'client',
  '$metadata': {
    httpStatusCode: 403,
    requestId: 'R1',
    extendedRequestId: 'H1',
    cfId: undefined,
    attempts: 1,
    totalRetryDelay: 0
  },
  Code: 'SignatureDoesNotMatch',
  AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  StringToSign: 'AWS4-HMAC-SHA256\n' +
    '20261123T191145Z\n' +
    '20261123/us-east-1/s3/aws4_request\n' +
    'dc24',
  SignatureProvided: 'abc',
  CanonicalRequest: 'PUT\n' +
    "/b/it's\n" +
    '\n' +
    'host:h\n' +
    '\n' +
    'host\n' +
    'UNSIGNED-PAYLOAD',
  CanonicalRequestBytes: '50 55 54',
  RequestId: 'R1',
  HostId: 'H1'
}"#;

    #[test]
    fn v3_inspect() {
        assert!(looks_like(V3));
        let ex = parse(V3, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert!(s.message.unwrap().starts_with("The request signature"));
        assert_eq!(
            s.string_to_sign.as_deref(),
            Some("AWS4-HMAC-SHA256\n20261123T191145Z\n20261123/us-east-1/s3/aws4_request\ndc24")
        );
        assert_eq!(
            s.canonical_request.as_deref(),
            Some("PUT\n/b/it's\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
        );
        assert_eq!(s.canonical_request_bytes.as_deref(), Some(&b"PUT"[..]));
        assert_eq!(s.signature_provided.as_deref(), Some("abc"));
        assert_eq!(s.request_id.as_deref(), Some("R1"));
        assert_eq!(s.host_id.as_deref(), Some("H1"));
        assert_eq!(ex.response.unwrap().status, Some(403));
    }

    #[test]
    fn v3_json() {
        let t = r#"{"$fault":"client","$metadata":{"httpStatusCode":403,"attempts":1},"name":"SignatureDoesNotMatch","Code":"SignatureDoesNotMatch","StringToSign":"AWS4-HMAC-SHA256\n2026\u00e9","message":"UnknownError"}"#;
        assert!(looks_like(t));
        let ex = parse(t, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(s.message, None);
        assert_eq!(s.string_to_sign.as_deref(), Some("AWS4-HMAC-SHA256\n2026é"));
        assert!(ex.notes.iter().any(|n| n.contains("no message")));
    }

    #[test]
    fn v2_logger_and_error() {
        let t = "[AWS s3 403 0.133s 0 retries] putObject({\n  Bucket: 'examplebucket',\n  Key: \"it's\",\n  Body: 'code: x'\n})\nSignatureDoesNotMatch: null\n    at Request.extractError (/app/s3.js:757:35) {\n  code: 'SignatureDoesNotMatch',\n  region: null,\n  time: 2026-11-23T19:09:33.654Z,\n  requestId: null,\n  statusCode: 403,\n  retryable: false\n}\n";
        assert!(looks_like(t));
        let ex = parse(t, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!((s.message, s.region, s.request_id), (None, None, None));
        assert_eq!(ex.response.unwrap().status, Some(403));
        assert!(
            ex.notes
                .iter()
                .any(|n| n.contains("s3.putObject answered 403") && n.contains("key \"it's\"")),
            "{:?}",
            ex.notes
        );
    }

    #[test]
    fn logger_record_with_nested_error() {
        let t = "{\n  clientName: 'S3Client',\n  commandName: 'PutObjectCommand',\n  input: { Bucket: 'b', Key: 'a==.json', Metadata: { code: 'nope' } },\n  error: SignatureDoesNotMatch: msg here\n      at x (/a.js:1:1) {\n    '$fault': 'client',\n    '$metadata': { httpStatusCode: 403 },\n    Code: 'SignatureDoesNotMatch'\n  },\n  metadata: { httpStatusCode: 403 }\n}\n";
        let ex = parse(t, &src()).unwrap();
        let s = ex.server.unwrap();
        assert_eq!(s.code, "SignatureDoesNotMatch");
        assert_eq!(s.message.as_deref(), Some("msg here"));
        assert!(
            ex.notes
                .iter()
                .any(|n| n.contains("S3Client PutObjectCommand; bucket b, key \"a==.json\""))
        );
    }

    #[test]
    fn passing_logger_record_has_no_error() {
        let t = "{\n  clientName: 'S3Client',\n  commandName: 'PutObjectCommand',\n  input: { Bucket: 'b', Key: 'k' },\n  output: { ETag: '\"abc\"' },\n  metadata: { httpStatusCode: 200, requestId: undefined }\n}\n";
        let ex = parse(t, &src()).unwrap();
        assert!(ex.server.is_none());
        assert_eq!(ex.response.unwrap().status, Some(200));
    }

    #[test]
    fn garbage_and_cut_off_never_panic() {
        for t in [
            "{",
            "{'",
            "{a:",
            "{a: 'x' +",
            "X: y\n    at {",
            "[AWS s3 403 1s 0 retries] p(",
            "{a: [",
            "{a: Buffer(3) [Uint8Array] [ 1, 2 ], Code: 'C'}",
            "\u{1b}[33m{Code: 'C'}\u{1b}[39m",
            "{ a: { b: { c: { d: '\\",
        ] {
            let _ = parse(t, &src());
        }
        let deep = "{a:".repeat(10_000);
        let _ = parse(&deep, &src());
        let ex = parse("{a: Buffer(3) [Uint8Array] [ 1, 2 ], Code: 'C'}", &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "C");
        let ex = parse("\u{1b}[33m{Code: 'C'}\u{1b}[39m", &src()).unwrap();
        assert_eq!(ex.server.unwrap().code, "C");
    }
}

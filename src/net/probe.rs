//! `probe`: a bounded matrix of key shapes × spellings (on the wire and in
//! the signature) × header/presigned forms, to learn how a server
//! canonicalizes. Every object written is deleted again.

use std::io::Write as _;

use serde::Serialize;

use super::NetError;
use super::emulate::Spelling;
use super::outcome::{Verdict, classify};
use super::request::{Plan, prepare};
use super::session::Session;
use crate::error::CliError;

/// The key shapes that trip signers: each is put after the probe prefix.
pub fn shapes() -> Vec<(&'static str, String)> {
    let mut long = String::new();
    while long.len() < 960 {
        if !long.is_empty() {
            long.push('/');
        }
        long.push_str(&"k".repeat(95));
        long.push_str("=k");
    }
    vec![
        ("a=b", "a=b".into()),
        ("a b", "a b".into()),
        ("a+b", "a+b".into()),
        ("a~b", "a~b".into()),
        ("a%b", "a%b".into()),
        ("é NFC", "\u{e9}".into()),
        ("é NFD", "e\u{301}".into()),
        ("a//b", "a//b".into()),
        ("./a", "./a".into()),
        ("dir/", "dir/".into()),
        ("a;b", "a;b".into()),
        ("a*b", "a*b".into()),
        ("long", long),
    ]
}

/// (name, wire spelling, signed spelling).
pub const STYLES: &[(&str, Spelling, Spelling)] = &[
    ("aws-exact", Spelling::Aws, Spelling::Aws),
    ("raw-wire", Spelling::Raw, Spelling::Aws),
    ("raw-signed", Spelling::Aws, Spelling::Raw),
    ("raw-both", Spelling::Raw, Spelling::Raw),
    ("encode-all", Spelling::EncodeAll, Spelling::Aws),
    ("double", Spelling::Aws, Spelling::Double),
];

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub shape: &'static str,
    pub style: &'static str,
    pub form: &'static str,
    /// `accepted`, `accepted-elsewhere`, `rejected`, `error`.
    pub result: &'static str,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub wire_target: String,
    pub signed_uri: String,
    pub detail: Option<String>,
}

impl Cell {
    fn short(&self) -> String {
        match self.result {
            "accepted" => "ok".into(),
            "accepted-elsewhere" => "ok~".into(),
            "error" => "err".into(),
            _ => {
                let code = match self.code.as_deref() {
                    Some("SignatureDoesNotMatch") => "sig".to_string(),
                    Some("AccessDenied") => "denied".to_string(),
                    Some(c) => c.to_string(),
                    None => String::new(),
                };
                format!("{} {code}", self.status.unwrap_or(0))
                    .trim()
                    .to_string()
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub schema_version: u32,
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub prefix: String,
    pub cells: Vec<Cell>,
    /// Objects the probe wrote and could not delete (should be empty).
    pub leftover: Vec<String>,
}

impl Matrix {
    pub fn cell(&self, shape: &str, style: &str, form: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.shape == shape && c.style == style && c.form == form)
    }

    pub fn render(&self) -> String {
        let mut out = format!(
            "probe: {} bucket {} region {} (objects under {}/, all deleted)\n",
            self.endpoint, self.bucket, self.region, self.prefix
        );
        let mut forms: Vec<&str> = self.cells.iter().map(|c| c.form).collect();
        forms.dedup();
        for form in forms {
            out.push_str(&format!("\n{form}-signed:\n"));
            let mut rows: Vec<Vec<String>> = vec![
                std::iter::once("key".to_string())
                    .chain(STYLES.iter().map(|s| s.0.to_string()))
                    .collect(),
            ];
            for (shape, _) in shapes() {
                let mut row = vec![shape.to_string()];
                for (style, _, _) in STYLES {
                    row.push(
                        self.cell(shape, style, form)
                            .map_or("-".into(), Cell::short),
                    );
                }
                rows.push(row);
            }
            let widths: Vec<usize> = (0..rows[0].len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                .collect();
            for row in rows {
                let line: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                    .collect();
                out.push_str(&format!("  {}\n", line.join("  ").trim_end()));
            }
        }
        out.push_str(
            "\nstyles (wire / signed): aws-exact = encoded / encoded; raw-wire = raw / encoded; \
raw-signed = encoded / raw;\n  raw-both = raw / raw; encode-all = every non-alphanumeric encoded / encoded; \
double = encoded / encoded twice.\n\
cells: ok accepted; ok~ accepted but stored under another key; 403 sig = SignatureDoesNotMatch; a status alone = no S3\n  error body (the HTTP layer refused it); err = not sent (see --format json).\n\
AWS S3 accepts aws-exact, raw-wire and encode-all, and rejects raw-signed, raw-both and double whenever\n  the key holds a character SigV4 encodes.\n",
        );
        if !self.leftover.is_empty() {
            out.push_str(&format!(
                "\nwarning: could not delete {} object(s): {}\n",
                self.leftover.len(),
                self.leftover.join(", ")
            ));
        }
        out
    }
}

const BODY: &[u8] = b"s3sigdiag probe\n";

pub fn run_matrix(
    session: &Session,
    bucket: &str,
    presigned: bool,
    progress: bool,
) -> Result<Matrix, CliError> {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let prefix = format!("s3sigdiag-probe-{stamp}-{}", std::process::id());
    let at = session.endpoint.authority();
    let plan =
        |method: &str, key: &str, wire: Spelling, signed: Spelling, presign: bool, body: &[u8]| {
            Plan {
                endpoint: &session.endpoint,
                addressing: session.addressing,
                method: method.into(),
                bucket: bucket.into(),
                key: key.into(),
                headers: Vec::new(),
                query: String::new(),
                body: body.to_vec(),
                region: session.region.clone(),
                credentials: &session.credentials,
                now: time::OffsetDateTime::now_utc(),
                presign: presign.then_some(900),
                wire_spelling: wire,
                signed_spelling: signed,
                emulations: Vec::new(),
            }
        };
    // An exact request on a plain key first: if that fails, the matrix
    // would only measure the failure.
    let baseline_key = format!("{prefix}/baseline");
    // From the first object written, Ctrl-C stops between requests and
    // the sweep below still removes what was written.
    super::interrupt::catch();
    let p = prepare(&plan(
        "PUT",
        &baseline_key,
        Spelling::Aws,
        Spelling::Aws,
        false,
        BODY,
    ));
    let resp = session
        .sender
        .send(&p)
        .inspect_err(|_| super::interrupt::release())?;
    let verdict = classify(&p, &resp, &at).inspect_err(|_| super::interrupt::release())?;
    match verdict.0 {
        Verdict::Accepted { .. } if (200..300).contains(&resp.status) => {}
        Verdict::Accepted { answer }
        | Verdict::Rejected { code: answer }
        | Verdict::Unknown { answer } => {
            super::interrupt::release();
            return Err(CliError {
                code: 1,
                message: format!(
                    "a correctly signed PUT to bucket `{bucket}` was refused ({answer}); run `s3sigdiag replay --method PUT` with the same settings for the diagnosis"
                ),
            });
        }
    }
    let forms: &[(&str, bool)] = if presigned {
        &[("header", false), ("presigned", true)]
    } else {
        &[("header", false)]
    };
    let total = shapes().len() * STYLES.len() * forms.len();
    let mut cells = Vec::new();
    'cells: for &(form, presign) in forms {
        for (shape, suffix) in shapes() {
            let key = format!("{prefix}/{suffix}");
            for &(style, wire, signed) in STYLES {
                if super::interrupt::interrupted() {
                    break 'cells;
                }
                if progress {
                    // The tool's own progress line (a terminal only); a
                    // closed stderr is no reason to stop.
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r\x1b[K[{}/{total}] {form} {shape} {style}",
                        cells.len() + 1
                    );
                    let _ = err.flush();
                }
                let p = prepare(&plan("PUT", &key, wire, signed, presign, BODY));
                let mut cell = Cell {
                    shape,
                    style,
                    form,
                    result: "error",
                    status: None,
                    code: None,
                    wire_target: p.target().split('?').next().unwrap_or("").to_string(),
                    signed_uri: p.canonical.uri.clone(),
                    detail: None,
                };
                let sent = session.sender.send(&p);
                match sent.map(|r| match classify(&p, &r, &at) {
                    Ok(v) => Ok((r, v)),
                    // Not an S3 error body: e.g. a 400 from the HTTP layer
                    // for a raw space in the request line.
                    Err(NetError(m)) => Err((r.status, m)),
                }) {
                    Err(NetError(m)) => cell.detail = Some(m),
                    Ok(Err((status, m))) => {
                        cell.result = "rejected";
                        cell.status = Some(status);
                        cell.detail = Some(m);
                    }
                    Ok(Ok((resp, (verdict, ex)))) => {
                        cell.status = Some(resp.status);
                        cell.code = ex.server.as_ref().map(|s| s.code.clone());
                        match verdict {
                            // Not proved accepted: shown by its status and code.
                            Verdict::Rejected { .. } | Verdict::Unknown { .. } => {
                                cell.result = "rejected"
                            }
                            Verdict::Accepted { .. } if !(200..300).contains(&resp.status) => {
                                cell.result = "rejected";
                            }
                            Verdict::Accepted { .. } => {
                                // Where did it go? Look for the intended key.
                                let head = prepare(&plan(
                                    "HEAD",
                                    &key,
                                    Spelling::Aws,
                                    Spelling::Aws,
                                    false,
                                    b"",
                                ));
                                let found = session
                                    .sender
                                    .send(&head)
                                    .is_ok_and(|r| (200..300).contains(&r.status));
                                cell.result = if found {
                                    "accepted"
                                } else {
                                    "accepted-elsewhere"
                                };
                                // Found or not, the sweep below removes
                                // whatever landed under the prefix.
                                if found {
                                    delete(
                                        session,
                                        &plan(
                                            "DELETE",
                                            &key,
                                            Spelling::Aws,
                                            Spelling::Aws,
                                            false,
                                            b"",
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
                cells.push(cell);
            }
        }
    }
    if progress {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    let interrupted = super::interrupt::interrupted();
    super::interrupt::release();
    // Sweep everything under the prefix, wherever the server put it.
    let mut leftover = Vec::new();
    for key in list_keys(session, &prefix, &plan)? {
        let d = prepare(&plan(
            "DELETE",
            &key,
            Spelling::Aws,
            Spelling::Aws,
            false,
            b"",
        ));
        if !delete_prepared(session, &d) {
            leftover.push(key);
        }
    }
    // What the listing still shows after the sweep could not be deleted.
    for key in list_keys(session, &prefix, &plan)? {
        if !leftover.contains(&key) {
            leftover.push(key);
        }
    }
    if interrupted {
        return Err(CliError {
            code: 130,
            message: if leftover.is_empty() {
                format!("interrupted; the objects it wrote under {prefix}/ were removed")
            } else {
                format!(
                    "interrupted; {} object(s) under {prefix}/ could not be removed: delete them by hand",
                    leftover.len()
                )
            },
        });
    }
    Ok(Matrix {
        schema_version: 1,
        endpoint: format!("{}://{}", session.endpoint.scheme, at),
        bucket: bucket.into(),
        region: session.region.clone(),
        prefix,
        cells,
        leftover,
    })
}

fn delete(session: &Session, plan: &Plan<'_>) -> bool {
    delete_prepared(session, &prepare(plan))
}

fn delete_prepared(session: &Session, p: &super::request::Prepared) -> bool {
    session
        .sender
        .send(p)
        .is_ok_and(|r| (200..300).contains(&r.status))
}

/// Builds a plan: (method, key, wire spelling, signed spelling, presign, body).
type PlanFn<'a> = dyn Fn(&str, &str, Spelling, Spelling, bool, &[u8]) -> Plan<'a> + 'a;

/// Keys under `prefix` (ListObjectsV2, following continuation tokens, bounded).
fn list_keys<'a>(
    session: &Session,
    prefix: &str,
    plan: &PlanFn<'a>,
) -> Result<Vec<String>, CliError> {
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..20 {
        let mut p = plan("GET", "", Spelling::Aws, Spelling::Aws, false, b"");
        let mut q = format!(
            "list-type=2&prefix={}",
            crate::sigv4::uri_encode(format!("{prefix}/").as_bytes(), false)
        );
        if let Some(t) = &token {
            q.push_str(&format!(
                "&continuation-token={}",
                crate::sigv4::uri_encode(t.as_bytes(), false)
            ));
        }
        p.query = q;
        let prepared = prepare(&p);
        let resp = session.sender.send(&prepared)?;
        if !(200..300).contains(&resp.status) {
            return Err(CliError {
                code: 3,
                message: format!(
                    "listing the probe's objects failed (HTTP {}); delete objects under {prefix}/ by hand",
                    resp.status
                ),
            });
        }
        let text = String::from_utf8_lossy(&resp.body);
        keys.extend(xml_values(&text, "Key"));
        token = xml_values(&text, "NextContinuationToken")
            .into_iter()
            .next();
        if token.is_none() {
            break;
        }
    }
    Ok(keys)
}

/// Text of every `<name>` element (entities unescaped, never expanded).
fn xml_values(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => inside = e.local_name().as_ref() == name.as_bytes(),
            Ok(Event::Text(t)) if inside => {
                out.push(t.unescape().map(|c| c.into_owned()).unwrap_or_default());
                inside = false;
            }
            Ok(Event::End(_)) => inside = false,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

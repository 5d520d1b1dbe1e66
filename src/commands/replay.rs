//! `s3sigdiag replay`: one signed request against a real server, explained.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{ColorChoice, OutputFormat, ReplayArgs, ServerArgs};
use crate::credentials::Credentials;
use crate::net::emulate::{Emulation, Spelling};
use crate::net::endpoint::{Addressing, Endpoint};
use crate::net::replay::{Outcome, ReplayResult, execute};
use crate::net::request::{Plan, Prepared, prepare};
use crate::net::transport::{SendOptions, Sender};
use crate::render::{self, Styling, human::Detail};
use crate::sanitize::Form;

use super::CliError;

pub use crate::net::session::Session;

/// Resolves the endpoint, credentials and settings of replay and probe
/// from their flags, once.
pub fn open_session(args: &ServerArgs) -> Result<Session, CliError> {
    // Before anything else: a bucket AWS would refuse gets an error
    // raised before the signature check, which says nothing about it.
    super::inputs::check_bucket(&args.bucket)?;
    let settings = crate::credentials::resolve(args.credentials.profile.as_deref())
        .map_err(CliError::usage)?;
    let url = args
        .endpoint
        .clone()
        .or(settings.endpoint_url.clone())
        .ok_or_else(|| {
            CliError::usage("no endpoint: pass --endpoint URL (or set AWS_ENDPOINT_URL_S3)")
        })?;
    let endpoint = Endpoint::parse(&url)?;
    let credentials = credentials(&args.credentials, settings.credentials)?;
    let region = args
        .region
        .clone()
        .or(settings.region)
        .or_else(|| endpoint.aws_region())
        .unwrap_or_else(|| "us-east-1".into());
    let addressing = if args.path_style {
        Addressing::Path
    } else if args.virtual_host {
        Addressing::VirtualHost
    } else {
        endpoint.default_addressing()
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err(CliError::usage(
            "--timeout must be between 0 and 3600 seconds",
        ));
    }
    let sender = Sender::new(
        &endpoint,
        SendOptions {
            timeout: Duration::from_secs_f64(args.timeout),
            insecure: args.insecure,
        },
    )?;
    Ok(Session {
        endpoint,
        addressing,
        region,
        credentials,
        sender,
    })
}

/// The credentials replay and probe sign with: `--access-key` and
/// `--secret-key-file` override the environment's or the profile's pair
/// (a session token stays only with the access key it belongs to).
fn credentials(
    args: &crate::cli::CredentialArgs,
    resolved: Option<Credentials>,
) -> Result<Credentials, CliError> {
    let file_secret = crate::secret::SecretKey::load_file(args.secret_key_file.as_deref())
        .map_err(CliError::usage)?;
    if args.access_key.is_none() && file_secret.is_none() {
        return resolved.ok_or_else(|| {
            CliError::usage(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile NAME (see ~/.aws/credentials), or --access-key ID with --secret-key-file FILE",
            )
        });
    }
    let env_ak = std::env::var("AWS_ACCESS_KEY_ID")
        .ok()
        .filter(|v| !v.is_empty());
    let (access_key_id, ak_source) = match (&args.access_key, &resolved, env_ak) {
        (Some(ak), _, _) => (ak.clone(), "--access-key".to_string()),
        (None, Some(c), _) => (c.access_key_id.clone(), c.source.clone()),
        (None, None, Some(ak)) => (ak, "AWS_ACCESS_KEY_ID".to_string()),
        (None, None, None) => {
            return Err(CliError::usage(
                "--secret-key-file needs the access key too: pass --access-key ID or set AWS_ACCESS_KEY_ID",
            ));
        }
    };
    let (secret, sk_source) = match (file_secret, &resolved) {
        (Some(s), _) => (s, "--secret-key-file".to_string()),
        (None, Some(c)) => (c.secret.clone(), c.source.clone()),
        (None, None) => match std::env::var("AWS_SECRET_ACCESS_KEY") {
            Ok(v) if !v.is_empty() => (
                crate::secret::SecretKey::new(v),
                "AWS_SECRET_ACCESS_KEY".to_string(),
            ),
            _ => {
                return Err(CliError::usage(
                    "--access-key needs the secret key too: pass --secret-key-file FILE or set AWS_SECRET_ACCESS_KEY",
                ));
            }
        },
    };
    let session_token = resolved
        .as_ref()
        .filter(|c| c.access_key_id == access_key_id)
        .and_then(|c| c.session_token.clone());
    Ok(Credentials {
        access_key_id,
        secret,
        session_token,
        source: format!("access key from {ak_source}, secret from {sk_source}"),
    })
}

pub fn run(args: &ReplayArgs, color: ColorChoice) -> Result<i32, CliError> {
    let emulations = args
        .emulate
        .iter()
        .map(|e| Emulation::parse(e))
        .collect::<Result<Vec<_>, _>>()
        .map_err(CliError::usage)?;
    if emulations.iter().filter(|e| e.is_path_style()).count() > 1 {
        return Err(CliError::usage(
            "--emulate: only one style that changes the key's spelling can apply at a time",
        ));
    }
    super::inputs::refuse_controls("--key", &args.key)?;
    let headers = super::inputs::parse_headers(&args.headers)?;
    // A user's x-amz-date is the signing time (one date on the wire and in
    // the scope); emulated skew would contradict it.
    let mut now = time::OffsetDateTime::now_utc();
    if let Some(d) = super::inputs::header(&headers, "x-amz-date") {
        now = crate::timefmt::parse_any(d)
            .filter(|_| d.len() == 16)
            .ok_or_else(|| {
                CliError::usage(format!(
                    "-H x-amz-date `{d}` is not of the form YYYYMMDDTHHMMSSZ"
                ))
            })?;
        if let Some(e) = emulations.iter().find(|e| matches!(e, Emulation::Skew(_))) {
            return Err(CliError::usage(format!(
                "-H x-amz-date conflicts with --emulate {}: give one",
                e.name()
            )));
        }
    }
    let body = match &args.body {
        Some(p) => std::fs::read(p).map_err(|e| {
            CliError::usage(format!(
                "{}: cannot read the body ({})",
                p.display(),
                e.kind()
            ))
        })?,
        None => Vec::new(),
    };
    if let Some(n) = super::inputs::header(&headers, "content-length")
        && n.trim() != body.len().to_string()
    {
        return Err(CliError::usage(format!(
            "-H content-length `{n}` is not the body's length ({} bytes): refused, it would break the HTTP framing",
            body.len()
        )));
    }
    let method = args
        .method
        .as_deref()
        .map(str::to_ascii_uppercase)
        .unwrap_or_else(|| {
            if args.body.is_some() {
                "PUT".into()
            } else {
                "GET".into()
            }
        });
    let session = open_session(&args.server)?;
    let plan = Plan {
        endpoint: &session.endpoint,
        addressing: session.addressing,
        method,
        bucket: args.server.bucket.clone(),
        key: args.key.clone(),
        headers,
        query: String::new(),
        body,
        region: session.region.clone(),
        credentials: &session.credentials,
        now,
        presign: args.presign.then_some(args.expires),
        wire_spelling: Spelling::Aws,
        signed_spelling: Spelling::Aws,
        emulations: emulations.clone(),
    };
    let prepared = prepare(&plan);
    let mut out = String::new();
    if args.dry_run {
        out = dry_run(&session, &prepared, &emulations, args.server.format);
        print(&out, args.server.format, Styling { color: false })?;
        return Ok(0);
    }
    // Replay holds the secret it signed with, so a refusal is diagnosed
    // with the forensic verification: its causes come out confirmed.
    let secret = crate::forensics::SecretSource {
        secret: session.credentials.secret.clone(),
        access_key_id: Some(session.credentials.access_key_id.clone()),
        origin: session.credentials.source.clone(),
    };
    let result = execute(
        &session.sender,
        &prepared,
        &emulations,
        &session.endpoint.authority(),
        Some(&secret),
    )?;
    let mut style = Styling { color: false };
    match args.server.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "schema_version": 1,
                "request": request_json(&session, &prepared, &emulations),
                "result": result,
            });
            out = serde_json::to_string_pretty(&v).unwrap_or_default();
            out.push('\n');
        }
        OutputFormat::Human => {
            style = Styling::decide(color, std::io::stdout().is_terminal());
            human(&session, &prepared, &emulations, &result, style, &mut out);
        }
    }
    print(&out, args.server.format, style)?;
    Ok(match (&result.outcome, &result.report) {
        (Outcome::Rejected, Some(r)) => r.exit_code().max(1),
        (Outcome::Rejected, None) => 1,
        // Neither accepted nor refused: a server-side answer (exit 3).
        (Outcome::Unverified, _) => 3,
        _ => 0,
    })
}

/// Prints `out` through the one choke point: the session token and the
/// secret (held since they were loaded) are redacted in every spelling
/// (raw, trimmed, percent-encoded, a server's line that differs by a
/// character), and what the server said is sanitised.
fn print(out: &str, format: OutputFormat, style: Styling) -> Result<(), CliError> {
    let form = match format {
        OutputFormat::Json => Form::Json,
        OutputFormat::Human => Form::Text { color: style.color },
    };
    crate::output::stdout(out, form)
}

fn url_of(session: &Session, p: &Prepared) -> String {
    format!(
        "{}://{}{}",
        session.endpoint.scheme,
        p.wire.header("host").unwrap_or_default(),
        p.target()
    )
}

fn request_json(session: &Session, p: &Prepared, emulations: &[Emulation]) -> serde_json::Value {
    serde_json::json!({
        "url": redact_token(&url_of(session, p)),
        "method": p.wire.method,
        "target": redact_token(&p.target()),
        "emulations": emulations.iter().map(Emulation::name).collect::<Vec<_>>(),
        "region": session.region,
        "credentials": session.credentials.source,
        "canonical_request": p.canonical.to_string(),
        "string_to_sign": p.string_to_sign,
        "signature": p.signature,
    })
}

fn redact_token(s: &str) -> String {
    match s.find("X-Amz-Security-Token=") {
        Some(i) => {
            let start = i + "X-Amz-Security-Token=".len();
            let end = s[start..].find('&').map_or(s.len(), |e| start + e);
            format!("{}<redacted>{}", &s[..start], &s[end..])
        }
        None => s.to_string(),
    }
}

fn dry_run(
    session: &Session,
    p: &Prepared,
    emulations: &[Emulation],
    format: OutputFormat,
) -> String {
    if format == OutputFormat::Json {
        let mut v = request_json(session, p, emulations);
        v["schema_version"] = 1.into();
        v["dry_run"] = true.into();
        v["request_text"] = p.display_redacted().into();
        v["body_bytes"] = p.body.len().into();
        v["notes"] = p
            .replaced
            .iter()
            .chain(&p.no_effect)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# dry run: nothing sent. Credentials: {}",
        session.credentials.source
    );
    let _ = writeln!(out, "# {}", redact_token(&url_of(session, p)));
    for e in emulations {
        let _ = writeln!(out, "# emulating {}: {}", e.name(), e.deviation());
    }
    for n in p.replaced.iter().chain(&p.no_effect) {
        let _ = writeln!(out, "# note: {n}");
    }
    out.push_str(&p.display_redacted().replace("\r\n", "\n"));
    if !p.body.is_empty() {
        let _ = writeln!(
            out,
            "<{} bytes of body, sha256 {}>",
            p.body.len(),
            crate::sigv4::sha256_hex(&p.body)
        );
    }
    let _ = writeln!(
        out,
        "\n# canonical request signed:\n{}",
        redact_token(&p.canonical.to_string())
    );
    let _ = writeln!(out, "\n# string to sign:\n{}", p.string_to_sign);
    out
}

fn human(
    session: &Session,
    p: &Prepared,
    emulations: &[Emulation],
    r: &ReplayResult,
    style: Styling,
    out: &mut String,
) {
    let emu = if emulations.is_empty() {
        String::new()
    } else {
        format!(
            "  (emulating {})",
            emulations
                .iter()
                .map(Emulation::name)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    // The presigned query is long and shown on the next line already.
    let url = url_of(session, p);
    let short = match url.split_once('?') {
        Some((base, _)) => format!("{base}?… (presigned)"),
        None => url,
    };
    let _ = writeln!(out, "replay: {} {short}{emu}", p.wire.method);
    let _ = writeln!(
        out,
        "  sent:    {} {}  (via {})",
        p.wire.method,
        redact_token(&p.target()),
        r.transport
    );
    let _ = writeln!(
        out,
        "  signed:  {} {}  scope {}",
        p.canonical.method,
        redact_token(&p.canonical.uri),
        p.string_to_sign.lines().nth(2).unwrap_or("")
    );
    let _ = writeln!(out, "  answer:  {}", render::visible(&r.answer));
    for n in &r.notes {
        let _ = writeln!(out, "  note:    {}", render::visible(n));
    }
    let _ = writeln!(out);
    match r.outcome {
        Outcome::Accepted => {
            let _ = writeln!(
                out,
                "accepted: the server verified the signature ({}).",
                render::visible(&r.answer)
            );
        }
        Outcome::Tolerated => {
            let _ = writeln!(
                out,
                "tolerated: the server accepted the request ({}) although it carries deviations:",
                render::visible(&r.answer)
            );
            for t in &r.tolerated {
                let _ = writeln!(out, "  - {}: {}.", t.emulation, t.deviation);
                let _ = writeln!(out, "    AWS: {}.", t.aws);
            }
            let _ = writeln!(
                out,
                "This server tolerates the deviation: a client with this bug works here and may fail elsewhere."
            );
        }
        Outcome::Unverified => {
            let _ = writeln!(
                out,
                "not verified: the server answered {}, an answer that does not say whether it checked the signature (not proof of acceptance).",
                render::visible(&r.answer)
            );
        }
        Outcome::Rejected => {
            if let Some(report) = &r.report {
                out.push_str(&render::human::render(report, style, Detail::Normal));
            }
        }
    }
}

//! `s3sigdiag explain`: inputs → Exchange → diagnosis → report.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::cli::{ColorChoice, ExplainArgs, ExplainFormat};
use crate::credentials;
use crate::forensics::{SearchOptions, SecretSource};
use crate::input;
use crate::model::exchange::Exchange;
use crate::render::{self, Styling, human::Detail};
use crate::report::Report;
use crate::sanitize::Form;
use crate::secret::SecretKey;

use super::CliError;

pub fn run(args: &ExplainArgs, color: ColorChoice) -> Result<i32, CliError> {
    let report = match build_report(args) {
        Ok(report) => report,
        Err(e) => {
            if args.format == ExplainFormat::Github {
                // In CI the log's annotation is where people look; stderr
                // still gets the usual line from main.
                let title = "s3sigdiag could not read its input";
                print(
                    &format!(
                        "::error title={}::{}\n",
                        render::github::escape_property(title),
                        render::github::escape_data(&e.message)
                    ),
                    Form::Github,
                )?;
            }
            return Err(e);
        }
    };
    let (text, form) = match args.format {
        ExplainFormat::Json => (render::json::render(&report), Form::Json),
        ExplainFormat::Github => {
            append_step_summary(&report)?;
            (render::github::render(&report), Form::Github)
        }
        ExplainFormat::Junit => (render::junit::render(&report), Form::Text { color: false }),
        ExplainFormat::Human => {
            let style = Styling::decide(color, std::io::stdout().is_terminal());
            let detail = if args.quiet {
                Detail::Quiet
            } else if args.verbose {
                Detail::Verbose
            } else {
                Detail::Normal
            };
            (
                render::human::render(&report, style, detail),
                Form::Text { color: style.color },
            )
        }
    };
    print(&text, form)?;
    Ok(report.exit_code())
}

/// Reads the inputs and diagnoses, honouring `--now`.
fn build_report(args: &ExplainArgs) -> Result<Report, CliError> {
    let now = match &args.now {
        Some(t) => Some(crate::timefmt::parse_any(t).ok_or_else(|| {
            CliError::usage(format!(
                "--now `{t}`: expected YYYYMMDDTHHMMSSZ or an RFC 3339 time"
            ))
        })?),
        None => None,
    };
    let exchange = read_exchange(&args.inputs, args.request.as_deref(), args.input_format)?;
    let secret = secret_source(args)?;
    let opts = SearchOptions {
        max_hypotheses: args.max_hypotheses,
        all: args.all,
        ..SearchOptions::default()
    };
    let report = crate::diagnose::diagnose_at(&exchange, secret.as_ref().map(|s| (s, &opts)), now);
    Ok(report)
}

/// Through the one choke point: redacted, sanitised; a closed pipe ends
/// the run quietly, another write error is exit 2.
fn print(text: &str, form: Form) -> Result<(), CliError> {
    crate::output::stdout(text, form)
}

/// GitHub Actions shows Markdown appended to `$GITHUB_STEP_SUMMARY` on the
/// run's page. A failure to write it must not hide the diagnosis, so it is
/// reported as a warning annotation and the run goes on.
fn append_step_summary(report: &Report) -> Result<(), CliError> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let summary = crate::output::clean(
        &render::github::summary(report),
        Form::Text { color: false },
    );
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(summary.as_bytes()));
    if let Err(e) = written {
        print(
            &format!(
                "::warning title=s3sigdiag::{}\n",
                render::github::escape_data(&format!(
                    "could not append the job summary to {}: {e}",
                    std::path::Path::new(&path).display()
                ))
            ),
            Form::Github,
        )?;
    }
    Ok(())
}

/// Reads and merges every input, then diagnoses. The library entry point
/// for everything `explain` does short of printing.
pub fn diagnose_files(
    inputs: &[impl AsRef<OsStr>],
    request: Option<&OsStr>,
    format: Option<input::Format>,
) -> Result<Report, CliError> {
    let exchange = read_exchange(inputs, request, format)?;
    Ok(crate::diagnose::diagnose(&exchange))
}

/// Where the secret comes from, in order: `--secret-key-file`, `--profile`
/// (or `AWS_PROFILE`), `AWS_SECRET_ACCESS_KEY` (with `AWS_ACCESS_KEY_ID`
/// when set). No flag and no variable: no secret, rules only.
fn secret_source(args: &ExplainArgs) -> Result<Option<SecretSource>, CliError> {
    if let Some(file) = &args.secret_key_file {
        let secret = SecretKey::load(Some(file))
            .map_err(CliError::usage)?
            .ok_or_else(|| {
                CliError::usage(format!("{}: no secret key in the file", file.display()))
            })?;
        return Ok(Some(SecretSource {
            secret,
            access_key_id: None,
            origin: format!("--secret-key-file {}", file.display()),
        }));
    }
    if let Some(profile) = &args.profile {
        let settings = credentials::resolve(Some(profile)).map_err(CliError::usage)?;
        let creds = settings.credentials.ok_or_else(|| {
            CliError::usage(format!(
                "profile `{profile}` has no aws_access_key_id / aws_secret_access_key"
            ))
        })?;
        return Ok(Some(SecretSource {
            secret: creds.secret,
            access_key_id: Some(creds.access_key_id),
            origin: creds.source,
        }));
    }
    let Some(secret) = SecretKey::load(None).map_err(CliError::usage)? else {
        return Ok(None);
    };
    Ok(Some(SecretSource {
        secret,
        access_key_id: std::env::var("AWS_ACCESS_KEY_ID")
            .ok()
            .filter(|v| !v.is_empty()),
        origin: "AWS_SECRET_ACCESS_KEY".into(),
    }))
}

/// Reads every input (files, `-`, or presigned URLs given directly) and
/// merges them into one exchange; each fact keeps the input it came from.
pub fn read_exchange(
    inputs: &[impl AsRef<OsStr>],
    request: Option<&OsStr>,
    format: Option<input::Format>,
) -> Result<Exchange, CliError> {
    let mut exchange = Exchange::default();
    let stdin_count = inputs
        .iter()
        .map(AsRef::as_ref)
        .chain(request)
        .filter(|p| *p == "-")
        .count();
    if stdin_count > 1 {
        return Err(CliError::usage("stdin (`-`) can be read only once"));
    }
    // One unreadable input never aborts the run: it is skipped with a note
    // naming it, and the run fails only when no input yields anything.
    let mut skipped: Vec<CliError> = Vec::new();
    for path in inputs {
        let path = path.as_ref();
        let read = match path.to_str() {
            // A file name that is not UTF-8: read as the OS names it.
            None => {
                let name = path.to_string_lossy().into_owned();
                read_os_path(Path::new(path), &name).and_then(|bytes| {
                    crate::redact::hold_found_in(&bytes);
                    Ok(input::parse(&name, &bytes, format)?)
                })
            }
            Some(path) if input::is_url_argument(path) => {
                crate::redact::hold_found_in(path.as_bytes());
                let url_format = format.or(Some(input::Format::PresignedUrl));
                input::parse("<url>", path.as_bytes(), url_format).map_err(CliError::from)
            }
            Some(path) => {
                let name = display_name(path);
                input::read_input(path)
                    // A secret or token pasted into an input is never shown back.
                    .inspect(|bytes| crate::redact::hold_found_in(bytes))
                    .and_then(|bytes| input::parse(&name, &bytes, format))
                    .map_err(CliError::from)
            }
        };
        match read {
            Ok(side) => exchange.merge(side),
            Err(e) => skipped.push(e),
        }
    }
    if exchange.sources.is_empty() && request.is_none() && !skipped.is_empty() {
        return Err(skipped.swap_remove(0));
    }
    for e in &skipped {
        exchange
            .notes
            .push(format!("skipped {}", short_reason(&e.message)));
    }
    if let Some(path) = request {
        let (name, bytes) = match path.to_str() {
            Some(p) => (display_name(p), input::read_input(p)?),
            None => {
                let name = path.to_string_lossy().into_owned();
                let bytes = read_os_path(Path::new(path), &name)?;
                (name, bytes)
            }
        };
        crate::redact::hold_found_in(&bytes);
        let mut side = input::parse(&name, &bytes, None)?;
        if side.request.is_none() && side.client.is_none() {
            return Err(CliError::usage(format!(
                "{name}: --request expects a raw HTTP request or the client's canonical request"
            )));
        }
        // An explicit --request is the wire request, whatever request
        // another input (curl -v, a log) showed.
        if let Some(req) = side.request.take() {
            exchange.request = Some(req);
        }
        exchange.merge(side);
    }
    Ok(exchange)
}

/// The reason without the long list of accepted formats.
fn short_reason(message: &str) -> &str {
    message.split("; expected ").next().unwrap_or(message)
}

/// Reads a file whose name is not UTF-8, with the same limits as
/// [`input::read_input`].
fn read_os_path(path: &Path, name: &str) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    if path.is_dir() {
        return Err(input::InputError::new(name, "is a directory; expected a file").into());
    }
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(input::MAX_INPUT_BYTES + 1).read_to_end(&mut buf))
        .map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => format!("cannot read: {e}"),
            };
            input::InputError::new(name, reason)
        })?;
    if buf.len() as u64 > input::MAX_INPUT_BYTES {
        return Err(input::InputError::new(
            name,
            format!(
                "larger than {} MiB; pass only the failing request's part",
                input::MAX_INPUT_BYTES >> 20
            ),
        )
        .into());
    }
    Ok(buf)
}

fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

//! `s3sigdiag explain`: inputs → Exchange → diagnosis → report.

use std::io::{IsTerminal, Write};

use crate::cli::{ColorChoice, ExplainArgs, ExplainFormat};
use crate::credentials;
use crate::forensics::{SearchOptions, SecretSource};
use crate::input;
use crate::model::exchange::Exchange;
use crate::render::{self, Styling, human::Detail};
use crate::report::Report;
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
                print(&format!(
                    "::error title={}::{}\n",
                    render::github::escape_property(title),
                    render::github::escape_data(&e.message)
                ));
            }
            return Err(e);
        }
    };
    let text = match args.format {
        ExplainFormat::Json => render::json::render(&report),
        ExplainFormat::Github => {
            append_step_summary(&report);
            render::github::render(&report)
        }
        ExplainFormat::Junit => render::junit::render(&report),
        ExplainFormat::Human => {
            let style = Styling::decide(color, std::io::stdout().is_terminal());
            let detail = if args.quiet {
                Detail::Quiet
            } else if args.verbose {
                Detail::Verbose
            } else {
                Detail::Normal
            };
            render::human::render(&report, style, detail)
        }
    };
    print(&text);
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

fn print(text: &str) {
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// GitHub Actions shows Markdown appended to `$GITHUB_STEP_SUMMARY` on the
/// run's page. A failure to write it must not hide the diagnosis, so it is
/// reported as a warning annotation and the run goes on.
fn append_step_summary(report: &Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(render::github::summary(report).as_bytes()));
    if let Err(e) = written {
        print(&format!(
            "::warning title=s3sigdiag::{}\n",
            render::github::escape_data(&format!(
                "could not append the job summary to {}: {e}",
                std::path::Path::new(&path).display()
            ))
        ));
    }
}

/// Reads and merges every input, then diagnoses. The library entry point
/// for everything `explain` does short of printing.
pub fn diagnose_files(
    inputs: &[String],
    request: Option<&str>,
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
    inputs: &[String],
    request: Option<&str>,
    format: Option<input::Format>,
) -> Result<Exchange, CliError> {
    let mut exchange = Exchange::default();
    let stdin_count = inputs
        .iter()
        .chain(request.iter().map(|_| &inputs[0]))
        .filter(|p| *p == "-")
        .count();
    if stdin_count > 1 {
        return Err(CliError::usage("stdin (`-`) can be read only once"));
    }
    // One unreadable input never aborts the run: it is skipped with a note
    // naming it, and the run fails only when no input yields anything.
    let mut skipped: Vec<input::InputError> = Vec::new();
    for path in inputs {
        let read = if input::is_url_argument(path) {
            let url_format = format.or(Some(input::Format::PresignedUrl));
            input::parse("<url>", path.as_bytes(), url_format)
        } else {
            let name = display_name(path);
            input::read_input(path).and_then(|bytes| input::parse(&name, &bytes, format))
        };
        match read {
            Ok(side) => exchange.merge(side),
            Err(e) => skipped.push(e),
        }
    }
    if exchange.sources.is_empty()
        && request.is_none()
        && let Some(first) = skipped.first()
    {
        return Err(first.clone().into());
    }
    for e in &skipped {
        exchange
            .notes
            .push(format!("skipped {}: {}", e.name, short_reason(&e.message)));
    }
    if let Some(path) = request {
        let name = display_name(path);
        let bytes = input::read_input(path)?;
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

fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

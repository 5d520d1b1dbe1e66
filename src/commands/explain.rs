//! `s3sigdiag explain`: inputs → Exchange → diagnosis → report.

use std::io::{IsTerminal, Write};

use crate::cli::{ColorChoice, ExplainArgs, OutputFormat};
use crate::exchange::Exchange;
use crate::input;
use crate::render::{self, Styling, human::Detail};
use crate::report::Report;

use super::CliError;

pub fn run(args: &ExplainArgs, color: ColorChoice) -> Result<i32, CliError> {
    let now = match &args.now {
        Some(t) => Some(crate::timefmt::parse_any(t).ok_or_else(|| {
            CliError::usage(format!(
                "--now `{t}`: expected YYYYMMDDTHHMMSSZ or an RFC 3339 time"
            ))
        })?),
        None => None,
    };
    let exchange = read_exchange(&args.inputs, args.request.as_deref(), args.input_format)?;
    let mut report = crate::rules::diagnose(&exchange);
    if let Some(now) = now {
        report.presigned = crate::presigned::describe(&exchange, Some((now, "--now")));
    }
    let text = match args.format {
        OutputFormat::Json => render::json::render(&report),
        OutputFormat::Human => {
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
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(report.exit_code())
}

/// Reads and merges every input, then diagnoses. The library entry point
/// for everything `explain` does short of printing.
pub fn diagnose_files(
    inputs: &[String],
    request: Option<&str>,
    format: Option<input::Format>,
) -> Result<Report, CliError> {
    let exchange = read_exchange(inputs, request, format)?;
    Ok(crate::rules::diagnose(&exchange))
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
    for path in inputs {
        if input::is_url_argument(path) {
            let url_format = format.or(Some(input::Format::PresignedUrl));
            exchange.merge(input::parse("<url>", path.as_bytes(), url_format)?);
            continue;
        }
        let name = display_name(path);
        let bytes = input::read_input(path)?;
        exchange.merge(input::parse(&name, &bytes, format)?);
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

fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

use clap::Parser;

fn main() {
    // Secrets in the environment are redacted from every output, used or not.
    s3sigdiag::redact::hold_environment();
    // A panic is a bug, but its message may quote an input: it goes through
    // the same choke point as every error, on one line.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        s3sigdiag::output::error_line(&format!(
            "internal error (a bug, please report it): {what}{at}"
        ));
    }));
    let cli = match s3sigdiag::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => std::process::exit(clap_error(e)),
    };
    let code = match s3sigdiag::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if !e.message.is_empty() {
                s3sigdiag::output::error_line(&e.message);
            }
            e.code
        }
    };
    std::process::exit(code);
}

/// Help and version are clap's own text (no input in it); a usage error
/// echoes the user's arguments, so it passes the sanitiser like every output.
fn clap_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // A closed pipe (`--help | head`) is not worth a message.
            let _ = e.print();
        }
        _ => s3sigdiag::output::error_text(&e.render().to_string()),
    }
    e.exit_code()
}

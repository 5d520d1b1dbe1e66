//! `s3sigdiag completions SHELL` and `s3sigdiag man [SUBCOMMAND]`.

use crate::cli::{CompletionsArgs, ManArgs};
use crate::generate;

use super::CliError;

pub fn completions(args: &CompletionsArgs) -> Result<i32, CliError> {
    print(&generate::completions(args.shell))
}

pub fn man(args: &ManArgs) -> Result<i32, CliError> {
    let Some(sub) = &args.subcommand else {
        return print(&generate::man_page());
    };
    let pages = generate::man_pages();
    let wanted = format!("man/s3sigdiag-{}.1", sub.to_ascii_lowercase());
    match pages.iter().find(|(path, _)| *path == wanted) {
        Some((_, page)) => print(page),
        None => {
            let names: Vec<String> = pages
                .iter()
                .filter_map(|(p, _)| {
                    p.strip_prefix("man/s3sigdiag-")?
                        .strip_suffix(".1")
                        .map(str::to_string)
                })
                .collect();
            Err(CliError::usage(format!(
                "no subcommand `{sub}`; man pages: {}",
                names.join(", ")
            )))
        }
    }
}

fn print(bytes: &[u8]) -> Result<i32, CliError> {
    // The tool's own text (no input in it): written as generated.
    crate::output::stdout_bytes(bytes)?;
    Ok(0)
}

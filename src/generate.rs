//! Files generated from the CLI definition: shell completions and the man
//! page. Both the `completions`/`man` subcommands and the test that keeps
//! `completions/` and `man/` current call these, so they cannot disagree.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Every shell, with the file name its completion script is committed
/// under in `completions/` (the names each shell looks for).
pub const COMPLETION_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "s3sigdiag.bash"),
    (Shell::Zsh, "_s3sigdiag"),
    (Shell::Fish, "s3sigdiag.fish"),
    (Shell::PowerShell, "_s3sigdiag.ps1"),
    (Shell::Elvish, "s3sigdiag.elv"),
];

/// The man page's path in the repository.
pub const MAN_PAGE: &str = "man/s3sigdiag.1";

/// The CLI as generated files see it: without the build's git hash, so the
/// committed files do not change with every commit.
fn command() -> clap::Command {
    Cli::command().long_version(None::<&str>)
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "s3sigdiag", &mut out);
    out
}

/// The man page (roff), documenting every subcommand in one page.
pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command()).render(&mut out);
    out
}

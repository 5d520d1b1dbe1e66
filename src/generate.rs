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

/// The main man page (roff): every subcommand in brief, each pointing to
/// its own page, `s3sigdiag-SUBCOMMAND(1)`.
pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command()).render(&mut out);
    out
}

/// Every man page with its path in the repository: the main page, then one
/// per subcommand with all its options (`man/s3sigdiag-explain.1`, …), as
/// `clap_mangen::generate_to` names them.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut pages = vec![(MAN_PAGE.to_string(), man_page())];
    let mut cmd = command().disable_help_subcommand(true);
    // Propagates global flags (--color) and names each subcommand
    // `s3sigdiag-NAME`.
    cmd.build();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_display_name().unwrap_or(sub.get_name()).to_string();
        let sub = sub.clone().version(env!("CARGO_PKG_VERSION"));
        let mut out = Vec::new();
        let _ = clap_mangen::Man::new(sub).render(&mut out);
        pages.push((format!("man/{name}.1"), out));
    }
    pages
}

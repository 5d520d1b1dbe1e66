//! Ctrl-C during `probe`: the run stops between requests and still removes
//! the objects it wrote (the first SIGINT is caught; a second one ends the
//! process as usual).

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Catches SIGINT from now on: [`interrupted`] says whether it came.
pub fn catch() {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic (async-signal-safe);
    // `signal` is called with a valid signal number and handler.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Gives SIGINT its default action back (a second Ctrl-C ends the run).
pub fn release() {
    #[cfg(unix)]
    // SAFETY: restores the default disposition of a valid signal.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

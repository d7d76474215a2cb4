//! The temporary files and folders of a run (staging folders, the output folder's lock,
//! a half-written archive), removed when the process ends early: on Ctrl-C, SIGTERM or
//! SIGHUP (a signal handler thread), or when the memory limit stops it. A leaf module:
//! the write stage registers paths, the signal handler and the memory limit remove them.

use std::path::{Path, PathBuf};

/// Temporary files and folders of this run, removed if the run is interrupted (Ctrl-C,
/// SIGTERM, SIGHUP): a signal handler thread removes them and ends the process.
/// With each path: whether to remove it with its contents (else a folder only when empty).
static TEMPORARY: std::sync::Mutex<Vec<(PathBuf, bool)>> =
    std::sync::Mutex::new(Vec::new());

/// Remember `path` (a file, or a folder with its contents) as temporary until
/// [`forget_temporary`]; installs the signal handler on first use.
pub fn register_temporary(path: &Path) {
    register(path, true);
}

/// Remember the folder `path` as one to remove if it is still empty when the run is
/// interrupted (an output folder the run created).
pub fn register_temporary_if_empty(path: &Path) {
    register(path, false);
}

fn register(path: &Path, all: bool) {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(install_signal_handler);
    if let Ok(mut t) = TEMPORARY.lock() {
        t.push((path.to_path_buf(), all));
    }
}

/// `path` is no longer temporary (it was removed, or renamed into place).
pub fn forget_temporary(path: &Path) {
    if let Ok(mut t) = TEMPORARY.lock() {
        t.retain(|(p, _)| p != path);
    }
}

/// Remove every temporary file and folder of this run now (the process is about to end
/// without running destructors). `try_lock`: the thread that ends the process may be the
/// one registering a path.
pub fn remove_temporary() {
    if let Ok(t) = TEMPORARY.try_lock() {
        for (p, all) in t.iter().rev() {
            let _ = match (p.is_dir(), all) {
                (true, true) => std::fs::remove_dir_all(p),
                (true, false) => std::fs::remove_dir(p),
                (false, _) => std::fs::remove_file(p),
            };
        }
    }
}

#[cfg(unix)]
fn install_signal_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
    else {
        return;
    };
    let _ = std::thread::Builder::new().name("meetlat-signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            remove_temporary();
            eprintln!("meetlat: interrupted; nothing was written");
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn install_signal_handler() {}

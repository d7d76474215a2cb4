//! The single integration-test binary (one link of the heavy dependencies).
#![allow(unreachable_pub, reason = "test helpers shared between modules of one binary")]
//! Each module tests one feature; shared helpers live here.

mod analysis;
mod cli;
mod collect;
mod collisions;
mod english;
mod exam;
mod exchange;
mod fixtures;
mod forms;
mod framework;
mod grading;
mod hostile;
mod import;
mod observations;
mod office;
mod pdf;
mod report;
mod rubric;
mod scan;
mod seal;
mod shapes;
mod sheet;
mod students;
mod verify;
mod web;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of running the binary.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Run `meetlat` with `args` in directory `dir`.
pub fn meetlat(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_meetlat"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the meetlat binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

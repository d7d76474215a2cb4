//! The library's error type: what a caller must tell apart.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems; each is a diagnostic with file and location.
    #[error("the input has {} problem(s)", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the input.
    #[error("failed to {action} `{}` ({source})", path.display())]
    Io {
        /// What was being done, e.g. `write PDF file`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A check found differences (already printed); the message sums them up.
    #[error("{0}")]
    Mismatch(String),
    /// Anything else that is not the user's input.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The exit code for this error: 1 for invalid input or a failed check, 2 for
    /// anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(d) if d.iter().any(|d| d.internal) => 2,
            Error::Invalid(_) | Error::Mismatch(_) => 1,
            _ => 2,
        }
    }
}

/// Shorthand for results with our error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

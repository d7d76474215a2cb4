//! Stage 5, write: put rendered files on disk, only after every document rendered.
//! Each file is written to a temporary name and renamed, so a reader never sees half a file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A rendered file, not yet written.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// The file's bytes (empty when `staged`).
    pub bytes: Vec<u8>,
    /// Where the file waits on disk, when it is not kept in memory ([`Staging`]).
    pub staged: Option<PathBuf>,
}

impl Artifact {
    /// A file kept in memory.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Artifact { path: path.into(), bytes, staged: None }
    }
}

/// Write `artifacts` below `dir`; returns the paths written.
///
/// # Errors
/// [`Error::Io`] naming the path, or [`Error::Internal`] for a path that would leave `dir`.
pub fn write_artifacts(dir: &Path, artifacts: &[Artifact]) -> Result<Vec<PathBuf>> {
    for a in artifacts {
        let escapes =
            a.path.components().any(|c| !matches!(c, std::path::Component::Normal(_)));
        if escapes {
            return Err(Error::Internal(format!(
                "refusing to write `{}` outside the output folder",
                a.path.display()
            )));
        }
    }
    let mut written = Vec::new();
    for a in artifacts {
        let path = dir.join(&a.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                action: "create output folder",
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let tmp = path.with_extension(format!(
            "{}.tmp",
            path.extension().and_then(|e| e.to_str()).unwrap_or("")
        ));
        match &a.staged {
            // Already on disk, in the same folder tree: renaming is enough.
            Some(staged) => std::fs::rename(staged, &tmp),
            None => std::fs::write(&tmp, &a.bytes),
        }
        .map_err(|source| Error::Io {
            action: "write file",
            path: tmp.clone(),
            source,
        })?;
        std::fs::rename(&tmp, &path).map_err(|source| Error::Io {
            action: "write file",
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

pub use crate::cleanup::{
    forget_temporary, register_temporary, register_temporary_if_empty, remove_temporary,
};

/// Whether process `pid` still runs (where that can be known: Linux; elsewhere always
/// assumed to run, so nothing of another run is removed).
fn process_runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Remove the staging folders that runs killed without a chance to clean up (SIGKILL, a
/// power cut) left in `output`.
fn remove_stale_staging(output: &Path) {
    let Ok(entries) = std::fs::read_dir(output) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) =
            name.strip_prefix(".meetlat-").and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) && e.path().is_dir() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// One run at a time writes into an output folder: a lock file `.meetlat.lock` holding
/// the process id, removed when the run ends. A lock left by a process that no longer
/// runs is taken over.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
}

/// The name of the lock file in an output folder.
pub const LOCK_FILE: &str = ".meetlat.lock";

impl OutputLock {
    /// Take the lock of `output` (which must exist).
    ///
    /// # Errors
    /// [`Error::Invalid`] when another run holds it; [`Error::Io`] when the file cannot
    /// be made.
    pub fn take(output: &Path) -> Result<Self> {
        use std::io::Write;
        let path = output.join(LOCK_FILE);
        for _ in 0..2 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let _ = write!(f, "{}", std::process::id());
                    register_temporary(&path);
                    return Ok(OutputLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if process_runs(pid) => {
                            return Err(Error::Invalid(vec![
                                crate::diag::Diagnostic::error(format!(
                                    "another meetlat run (process {pid}) is writing into `{}`",
                                    output.display()
                                ))
                                .hint("wait until it has finished, or choose another output folder with `-o`"),
                            ]));
                        }
                        // Left by a run that ended without removing it.
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(source) => {
                    return Err(Error::Io {
                        action: "create the lock file in the output folder",
                        path,
                        source,
                    });
                }
            }
        }
        Err(Error::Internal(format!("cannot take the lock `{}`", path.display())))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        forget_temporary(&self.path);
    }
}

/// Where rendered files wait until every document of a run rendered: in memory, or in a
/// hidden folder inside the output folder from which they are renamed into place at the
/// end. The folder keeps memory flat in a large batch; it is removed when the run ends,
/// whether it succeeded or not (also on Ctrl-C or SIGTERM; a folder left by a killed
/// run is removed by the next run), so a failed run leaves no files behind. While it
/// exists, it holds the output folder's lock.
#[derive(Debug, Default)]
pub struct Staging {
    /// The hidden folder, when files wait on disk.
    dir: Option<PathBuf>,
    /// The output folder, when the staging created it (removed again if left empty).
    created: Option<PathBuf>,
    /// The output folder's lock.
    lock: Option<OutputLock>,
}

impl Staging {
    /// Keep files in memory.
    pub fn memory() -> Self {
        Staging::default()
    }

    /// Keep files in a hidden folder inside `output` (created if needed).
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be made.
    pub fn in_folder(output: &Path) -> Result<Self> {
        let created = (!output.exists()).then(|| output.to_path_buf());
        std::fs::create_dir_all(output).map_err(|source| Error::Io {
            action: "create the output folder",
            path: output.to_path_buf(),
            source,
        })?;
        if let Some(created) = &created {
            register_temporary_if_empty(created);
        }
        let mut staging = Staging { dir: None, created, lock: None };
        staging.lock = Some(OutputLock::take(output)?);
        remove_stale_staging(output);
        let dir = output.join(format!(".meetlat-{}", std::process::id()));
        register_temporary(&dir);
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            action: "create a temporary folder in the output folder",
            path: dir.clone(),
            source,
        })?;
        staging.dir = Some(dir);
        Ok(staging)
    }

    /// Keep the file `path` (relative to the output folder): on disk in the staging
    /// folder, or in memory.
    ///
    /// # Errors
    /// A message when the file cannot be written to the staging folder.
    pub fn keep(&self, path: PathBuf, bytes: Vec<u8>) -> Result<Artifact, String> {
        let Some(dir) = &self.dir else {
            return Ok(Artifact::new(path, bytes));
        };
        let name: String =
            path.to_string_lossy()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
        // Unique per path, whatever the sanitising did.
        let staged = dir.join(format!(
            "{}-{name}",
            crate::hash::sha256(path.to_string_lossy().as_bytes())
                .get(..12)
                .unwrap_or("")
        ));
        std::fs::write(&staged, &bytes).map_err(|e| {
            format!("cannot write the temporary file `{}` ({e})", staged.display())
        })?;
        Ok(Artifact { path, bytes: Vec::new(), staged: Some(staged) })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
            forget_temporary(dir);
        }
        drop(self.lock.take());
        if let Some(created) = &self.created {
            // Only if nothing was written into it.
            let _ = std::fs::remove_dir(created);
            forget_temporary(created);
        }
    }
}

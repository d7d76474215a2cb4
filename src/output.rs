//! Stage 5, write: put rendered files on disk, only after every document rendered.
//! Each file is written to a temporary name and renamed, so a reader never sees half a file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Artifact;

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

/// Where rendered files wait until every document of a run rendered: in memory, or in a
/// hidden folder inside the output folder from which they are renamed into place at the
/// end. The folder keeps memory flat in a large batch; it is removed when the run ends,
/// whether it succeeded or not, so a failed run leaves no files behind.
#[derive(Debug, Default)]
pub struct Staging {
    /// The hidden folder, when files wait on disk.
    dir: Option<PathBuf>,
    /// The output folder, when the staging created it (removed again if left empty).
    created: Option<PathBuf>,
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
        let dir = output.join(format!(".meetlat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            action: "create a temporary folder in the output folder",
            path: dir.clone(),
            source,
        })?;
        Ok(Staging { dir: Some(dir), created })
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
            crate::archive::sha256(path.to_string_lossy().as_bytes())
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
        }
        if let Some(created) = &self.created {
            // Only if nothing was written into it.
            let _ = std::fs::remove_dir(created);
        }
    }
}

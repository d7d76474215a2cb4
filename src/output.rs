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
        std::fs::write(&tmp, &a.bytes).map_err(|source| Error::Io {
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

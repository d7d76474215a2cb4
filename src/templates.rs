//! The files the Typst engine may read: templates (embedded, or overridden file by file
//! from a directory) and the bundled fonts. Nothing else is reachable.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::error::Error;

/// Templates compiled into the binary, by their path below `templates/`.
pub const EMBEDDED_TEMPLATES: &[(&str, &[u8])] = &[
    ("lib/style.typ", include_bytes!("../templates/lib/style.typ")),
    ("lib/form.typ", include_bytes!("../templates/lib/form.typ")),
    ("form.typ", include_bytes!("../templates/form.typ")),
    ("forms-combined.typ", include_bytes!("../templates/forms-combined.typ")),
    ("rubric.typ", include_bytes!("../templates/rubric.typ")),
    ("report.typ", include_bytes!("../templates/report.typ")),
    ("overview.typ", include_bytes!("../templates/overview.typ")),
    ("review.typ", include_bytes!("../templates/review.typ")),
];

/// Fonts compiled into the binary (Noto Sans, four styles, and a symbol fallback).
pub const EMBEDDED_FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf"),
];

/// Where templates come from: the embedded set, with an optional override directory.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    /// Canonical override directory; a file there replaces the embedded one of that name.
    pub override_dir: Option<PathBuf>,
}

/// Why a template file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// No such template.
    NotFound,
    /// The path leaves the template directory through a symbolic link: the template's
    /// path as given (below the folder), the folder, and where it really leads.
    OutsideRoot {
        /// The file as the template names it, inside the folder.
        path: PathBuf,
        /// The template folder.
        folder: PathBuf,
        /// Where the link leads.
        target: PathBuf,
    },
    /// Reading the file failed.
    Io(String),
}

impl TemplateSource {
    /// Use the embedded templates, overridden by files in `dir` when given.
    ///
    /// # Errors
    /// [`Error::Invalid`] when `dir` does not exist or is not a directory.
    pub fn new(dir: Option<&Path>) -> Result<Self, Error> {
        let override_dir = match dir {
            None => None,
            Some(d) => {
                let canonical = d
                    .canonicalize()
                    .map_err(|e| {
                        Diagnostic::error(format!(
                            "template directory `{}` cannot be used",
                            d.display()
                        ))
                        .hint(e.to_string())
                    })
                    .map_err(|d| Error::Invalid(vec![d]))?;
                if !canonical.is_dir() {
                    return Err(Error::Invalid(vec![Diagnostic::error(format!(
                        "template directory `{}` is not a directory",
                        d.display()
                    ))]));
                }
                Some(canonical)
            }
        };
        Ok(TemplateSource { override_dir })
    }

    /// The bytes of template `name` (a path below the template root, without a leading
    /// slash), and the path to show in messages.
    ///
    /// # Errors
    /// [`TemplateError`] when the file does not exist or lies outside the root.
    pub fn read(&self, name: &str) -> Result<(Vec<u8>, PathBuf), TemplateError> {
        if let Some(dir) = &self.override_dir {
            let candidate = dir.join(name);
            if candidate.symlink_metadata().is_ok() {
                let real = candidate
                    .canonicalize()
                    .map_err(|e| TemplateError::Io(e.to_string()))?;
                if !real.starts_with(dir) {
                    return Err(TemplateError::OutsideRoot {
                        path: candidate,
                        folder: dir.clone(),
                        target: real,
                    });
                }
                if real.is_dir() {
                    return Err(TemplateError::NotFound);
                }
                let bytes =
                    std::fs::read(&real).map_err(|e| TemplateError::Io(e.to_string()))?;
                return Ok((bytes, candidate));
            }
        }
        EMBEDDED_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, bytes)| (bytes.to_vec(), Path::new("templates").join(n)))
            .ok_or(TemplateError::NotFound)
    }
}

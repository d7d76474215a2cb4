//! Stage 1, load: read files and parse them into the model. Syntax and type errors get
//! file:line:column; every unknown field is reported, not only the first.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, SourceFile};
use crate::limits;
use crate::locate::Pos;
use crate::model::{Course, Framework};
use crate::schema;

pub mod course;
pub mod framework;
pub mod students;
pub mod yaml;

use yaml::ALIAS_HINT;

/// The framework that ships with meetlat, embedded in the binary.
pub const EMBEDDED_FRAMEWORK: &str = include_str!("../../framework/opbouwwerk-2026.yaml");

/// The name under which the embedded framework appears in messages.
pub const EMBEDDED_FRAMEWORK_NAME: &str = "framework/opbouwwerk-2026.yaml (ingebouwd)";

/// A parsed YAML file: the value (when it parsed) and its source for later diagnostics.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The parsed value; `None` when the file could not be parsed.
    pub value: Option<T>,
    /// The source text and its index; `None` when the file could not be read.
    pub source: Option<SourceFile>,
    /// Problems found while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// Top-level fields replaced because they could not be read (validation skips them).
    pub repaired: BTreeSet<String>,
}

/// Read a text file as UTF-8, with a diagnostic for a missing, empty or non-UTF-8 file.
///
/// # Errors
/// A diagnostic that names the file and, for bad UTF-8, the line:column of the first
/// invalid byte.
pub fn read_text(path: &Path, what: &str) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        let d = Diagnostic::error(format!("cannot read {what} `{}`", path.display()));
        let d = match e.kind() {
            std::io::ErrorKind::NotFound => {
                d.hint("the file does not exist; check the name and the folder it is in")
            }
            std::io::ErrorKind::IsADirectory => {
                d.hint("this is a folder; give the file in it")
            }
            _ => d.hint(e.to_string()),
        };
        Box::new(d)
    })?;
    decode_text(path, &bytes, what)
}

/// Decode bytes as UTF-8 (a BOM is dropped); reject empty files.
///
/// # Errors
/// A diagnostic for non-UTF-8 content or an empty file.
pub fn decode_text(
    path: &Path,
    bytes: &[u8],
    what: &str,
) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let lossy = String::from_utf8_lossy(bytes);
            return Err(Box::new(Diagnostic::error(format!("{what} is not UTF-8 text"))
                .in_file(path)
                .at(&lossy, Pos { line, column, len: 1 })
                .hint("save the file as UTF-8 (in Excel: \"CSV UTF-8\"; in an editor: encoding UTF-8)")));
        }
    };
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error(format!("{what} is empty"))
                .in_file(path)
                .hint("the file has no content; did you save it before running meetlat?"),
        ));
    }
    Ok(text)
}

/// A file nested deeper than [`limits::MAX_YAML_DEPTH`] or whose aliases expand to more
/// than [`limits::MAX_YAML_NODES`] values, as a located error; checked before the real
/// parse, since a deep enough text overflows the parsers' stacks.
pub(crate) fn too_deep(path: &Path, text: &str) -> Option<Diagnostic> {
    // Depth first: the count of values below runs the YAML parser.
    if let Some(pos) = limits::yaml_too_deep(text) {
        return Some(
            Diagnostic::error(format!(
                "the lists and maps here are nested more than {} levels deep",
                limits::MAX_YAML_DEPTH
            ))
            .in_file(path)
            .at(text, pos)
            .hint(
                "course and framework files need only a few levels; look for unclosed `[` \
                 or `{` or indentation that keeps growing",
            ),
        );
    }
    if limits::yaml_expands_too_much(text) {
        let d = Diagnostic::error(format!(
            "anchors and aliases (`&name` … `*name`) expand this file to more than {} values",
            limits::MAX_YAML_NODES
        ))
        .in_file(path);
        let d = match limits::first_alias(text) {
            Some(pos) => d.at(text, pos),
            None => d,
        };
        return Some(d.hint(ALIAS_HINT));
    }
    None
}

/// A source without its index of positions (for a text too deep to index).
fn unindexed(path: &Path, text: String) -> SourceFile {
    SourceFile { path: path.to_path_buf(), text, index: Default::default() }
}

/// Load the framework: the embedded one, or the file given with `--framework`.
pub fn load_framework(path: Option<&Path>) -> Parsed<Framework> {
    match path {
        None => parse_framework_text(
            &PathBuf::from(EMBEDDED_FRAMEWORK_NAME),
            EMBEDDED_FRAMEWORK.to_owned(),
        ),
        Some(p) => match read_text(p, "framework file") {
            Ok(text) => parse_framework_text(p, text),
            Err(d) => Parsed::unread(*d),
        },
    }
}

/// Parse a framework file's text field by field (see [`framework`]).
pub fn parse_framework_text(path: &Path, text: String) -> Parsed<Framework> {
    parse_checked(path, text, |source| {
        let p = framework::parse_framework(source, &schema::framework_schema());
        (p.framework, p.diagnostics, p.repaired)
    })
}

/// Load a course file.
pub fn load_course(path: &Path) -> Parsed<Course> {
    parse_course_text(path, read_text(path, "course file"))
}

/// Parse a course file's text (or report why it could not be read); `path` names it in
/// messages.
pub fn parse_course_text(
    path: &Path,
    text: Result<String, Box<Diagnostic>>,
) -> Parsed<Course> {
    match text {
        Ok(text) => parse_checked(path, text, |source| {
            let p = course::parse_course(source, &schema::course_schema());
            (p.course, p.diagnostics, p.repaired)
        }),
        Err(d) => Parsed::unread(*d),
    }
}

/// A file's text parsed by `parse`, after the nesting and alias limits: a text beyond
/// them is refused before any parser sees it.
fn parse_checked<T>(
    path: &Path,
    text: String,
    parse: impl FnOnce(&SourceFile) -> (Option<T>, Vec<Diagnostic>, BTreeSet<String>),
) -> Parsed<T> {
    if let Some(d) = too_deep(path, &text) {
        return Parsed {
            value: None,
            source: Some(unindexed(path, text)),
            diagnostics: vec![d],
            repaired: BTreeSet::new(),
        };
    }
    let source = SourceFile::new(path, text);
    let (value, diagnostics, repaired) = parse(&source);
    Parsed { value, source: Some(source), diagnostics, repaired }
}

impl<T> Parsed<T> {
    /// A file that could not be read.
    pub(crate) fn unread(d: Diagnostic) -> Self {
        Parsed {
            value: None,
            source: None,
            diagnostics: vec![d],
            repaired: BTreeSet::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_framework_parses() {
        let parsed = load_framework(None);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let fw = parsed.value.unwrap();
        assert_eq!(fw.outcomes.len(), 6);
        assert_eq!(fw.indicators.len(), 27);
        assert_eq!(fw.outcomes.iter().map(|o| o.indicators.len()).sum::<usize>(), 42);
    }

    #[test]
    fn bad_utf8_is_located() {
        let err = decode_text(Path::new("x.csv"), b"a,b\nDani\xEBl,c\n", "student list")
            .unwrap_err();
        let pos = err.pos.unwrap();
        assert_eq!((pos.line, pos.column), (2, 5));
    }
}

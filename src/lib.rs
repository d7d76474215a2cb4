//! meetlat turns a learning-outcomes framework plus a per-course selection into the
//! documents of a competency assessment: rubrics, observation forms, scoring sheets and
//! final reports.
//!
//! # Pipeline
//! 1. [`load`]: read the framework, the course file and the student list into the
//!    [`model`]; syntax and type errors carry file:line:column.
//! 2. [`validate`]: check every cross-reference and rule, collecting all problems.
//! 3. [`resolve`]: turn the course selection into an assessment [`resolve::Plan`].
//! 4. [`render`]: one module per document kind, view model in, bytes out.
//! 5. write ([`output`], [`archive`]): only after everything rendered.
//!
//! [`prepare`] runs stages 1–3 and is shared; each command's pipeline has one file in
//! [`pipeline`]: [`build`], [`report`], [`verify`] and [`collect()`]. [`grade`] is the one place where
//! scores become grades, and [`pipeline::report::grade_complete`] the one place where a
//! filled sheet is graded.

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is the error of input checks: made rarely, never on a hot path"
)]

pub mod analysis;
pub mod archive;
pub mod cleanup;
pub mod clock;
pub mod collect;
pub mod diag;
pub mod error;
pub mod exchange;
pub mod grade;
pub mod hash;
pub mod ids;
pub mod import;
pub mod limits;
pub mod load;
pub mod locate;
pub use load::students;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod seal;
pub mod sheet;
pub use sheet::read as scores;
pub mod summary;
pub mod templates;
pub mod text;
pub mod typst_world;
pub mod validate;
pub mod web;
pub mod words;

use std::path::{Path, PathBuf};

pub use diag::Diagnostic;
pub use error::{Error, Result};
pub use pipeline::build::{BuildOptions, Built, build};
pub use pipeline::collect::{CollectOptions, Collected, collect};
pub use pipeline::report::{ReportOptions, Reported, Skipped, report};
pub use pipeline::verify::verify;

use model::course::StudentSource;
use model::{Framework, Student};
use resolve::Plan;

/// The input files of a run.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The course file.
    pub course: PathBuf,
    /// Another framework file than the embedded one.
    pub framework: Option<PathBuf>,
    /// A student list that replaces the course file's `students`.
    pub students: Option<PathBuf>,
}

/// A validated plan, with the warnings found on the way.
#[derive(Debug)]
pub struct Checked {
    /// The assessment plan.
    pub plan: Plan,
    /// Warnings (no errors: those make [`prepare`] fail).
    pub warnings: Vec<Diagnostic>,
    /// The framework file used (`--framework` or the course's `framework.file`); `None`
    /// for the built-in framework.
    pub framework_file: Option<PathBuf>,
}

/// Load and validate the framework alone.
///
/// # Errors
/// [`Error::Invalid`] with every problem in the framework file.
pub fn load_framework(path: Option<&Path>) -> Result<(Framework, Vec<Diagnostic>)> {
    check_framework(load::load_framework(path))
}

/// Validate a parsed framework.
fn check_framework(
    parsed: load::Parsed<Framework>,
) -> Result<(Framework, Vec<Diagnostic>)> {
    let mut diags = parsed.diagnostics;
    let (Some(fw), Some(src)) = (parsed.value, parsed.source) else {
        return Err(Error::Invalid(diags));
    };
    diags.extend(validate::validate_framework(&fw, &src, &parsed.repaired));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(diags));
    }
    Ok((fw, diags))
}

/// Load and validate a framework from its text; `text.path` names it in messages.
///
/// # Errors
/// [`Error::Invalid`] with every problem in the framework.
pub fn load_framework_text(text: &Text) -> Result<(Framework, Vec<Diagnostic>)> {
    check_framework(match &text.text {
        Ok(t) => load::parse_framework_text(&text.path, t.clone()),
        Err(d) => load::Parsed::unread((**d).clone()),
    })
}

/// A file's text in memory, or why it could not be read; the path names it in messages.
#[derive(Debug, Clone)]
pub struct Text {
    /// The file's path (or a name for text that never was a file).
    pub path: PathBuf,
    /// The text, or the diagnostic of reading it.
    pub text: std::result::Result<String, Box<Diagnostic>>,
}

impl Text {
    /// Read a text file (`what` names it in messages: "course file").
    pub fn read(path: &Path, what: &str) -> Self {
        Text { path: path.to_path_buf(), text: load::read_text(path, what) }
    }

    /// Text that is already in memory.
    pub fn given(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Text { path: path.into(), text: Ok(text.into()) }
    }
}

/// The inputs of a run read into memory: what [`prepare_sources`] works on, for the
/// command line ([`prepare`]) and the local page (`meetlat serve`) alike.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The course file.
    pub course: Text,
    /// A framework that replaces the course's (`--framework`, or one chosen on the page).
    pub framework: Option<Text>,
    /// A student list that replaces the course file's (`--students`, or an upload).
    pub students: Option<Text>,
    /// Whether files the course file names (`framework.file`, `students: FILE`) are read
    /// from disk, relative to the course file's folder. The page never reads them.
    pub named_files: bool,
}

impl Sources {
    /// Read the files of `inputs`.
    pub fn read(inputs: &Inputs) -> Self {
        Sources {
            course: Text::read(&inputs.course, "course file"),
            framework: inputs
                .framework
                .as_deref()
                .map(|p| Text::read(p, "framework file")),
            students: inputs.students.as_deref().map(|p| Text::read(p, "student list")),
            named_files: true,
        }
    }
}

/// Stages 1–3: load, validate and resolve a course.
///
/// # Errors
/// [`Error::Invalid`] with every problem found in the framework, the course file and
/// the student list.
pub fn prepare(inputs: &Inputs) -> Result<Checked> {
    prepare_sources(&Sources::read(inputs))
}

/// A file the course file names, which `sources` does not allow to read.
fn not_read(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(format!("cannot read {what} `{}`", path.display())).hint(
        "the page reads no files named in a course file; choose the file on the page instead",
    )
}

/// [`prepare`] on inputs in memory.
///
/// # Errors
/// As [`prepare`].
pub fn prepare_sources(sources: &Sources) -> Result<Checked> {
    let course_path = sources.course.path.as_path();
    let parsed = load::parse_course_text(course_path, sources.course.text.clone());
    // `--framework` first, else the file the course names, else the built-in one.
    let named = parsed
        .value
        .as_ref()
        .and_then(|c| c.framework.as_ref())
        .and_then(|r| r.file.as_deref())
        .filter(|f| !f.trim().is_empty())
        .map(|f| course_path.parent().unwrap_or(Path::new("")).join(f));
    let framework_file =
        sources.framework.as_ref().map(|t| t.path.clone()).or(named.clone());
    let loaded = match (&sources.framework, &named) {
        (Some(text), _) => load_framework_text(text),
        (None, Some(path)) if !sources.named_files => {
            Err(Error::Invalid(vec![not_read(path, "framework file")]))
        }
        (None, named) => load_framework(named.as_deref()),
    };
    let (fw, mut diags) = match loaded {
        Ok(loaded) => loaded,
        Err(Error::Invalid(ds)) if sources.framework.is_none() && named.is_some() => {
            let line = parsed
                .source
                .as_ref()
                .and_then(|s| s.index.find("framework.file"))
                .map_or(0, |p| p.line);
            let mut ds: Vec<Diagnostic> = ds;
            for d in &mut ds {
                if d.message.starts_with("cannot read") {
                    let hint = format!(
                        "`{}` names it on line {line} (`framework.file`); the path is relative \
                         to the course file's folder",
                        course_path.display()
                    );
                    d.hints.push(hint);
                }
            }
            return Err(Error::Invalid(ds));
        }
        Err(e) => return Err(e),
    };
    diags.extend(parsed.diagnostics);

    let mut students: Vec<Student> = Vec::new();
    let mut read_students = |result: std::result::Result<
        Vec<students::StudentRecord>,
        Vec<Diagnostic>,
    >| {
        match result {
            Ok(records) => students = records.into_iter().map(|r| r.student).collect(),
            Err(d) => diags.extend(d),
        }
    };
    match (&sources.students, &parsed.value, &parsed.source) {
        (Some(csv), _, _) => read_students(match &csv.text {
            Ok(text) => students::parse_csv(&csv.path, text),
            Err(d) => Err(vec![(**d).clone()]),
        }),
        (None, Some(course), Some(src)) => match &course.students {
            Some(StudentSource::File(f)) if !f.trim().is_empty() => {
                let dir = course_path.parent().unwrap_or(Path::new(""));
                let line = src.index.find("students").map_or(0, |p| p.line);
                let read = if sources.named_files {
                    students::read_csv(&dir.join(f))
                } else {
                    Err(vec![not_read(&dir.join(f), "student list")])
                };
                read_students(read.map_err(|ds| {
                    ds.into_iter()
                        .map(|d| {
                            if d.message.starts_with("cannot read") {
                                d.hint(format!(
                                    "`{}` names it on line {line}; the path is relative to the course file's folder",
                                    course_path.display()
                                ))
                            } else {
                                d
                            }
                        })
                        .collect()
                }));
            }
            Some(StudentSource::Inline(entries)) => {
                read_students(students::from_entries(entries, src))
            }
            _ => {}
        },
        _ => {}
    }
    let (Some(mut course), Some(src)) = (parsed.value, parsed.source) else {
        return Err(Error::Invalid(diags));
    };
    framework_defaults(&mut course, &fw, &src);
    diags.extend(validate::validate_course(&course, &fw, &src, &parsed.repaired));
    if diags.iter().any(Diagnostic::is_error) {
        sort_by_position(&mut diags);
        return Err(Error::Invalid(diags));
    }
    let plan = resolve::resolve(&fw, &course, students);
    sort_by_position(&mut diags);
    Ok(Checked { plan, warnings: diags, framework_file })
}

/// What a course file leaves out and its framework brings: the framework's own scale
/// (when the course writes no `scale`) and, with it, its pass level (when the course
/// writes no `grading.pass_level`). The course as completed is what every document and the
/// fingerprint see.
fn framework_defaults(
    course: &mut model::Course,
    fw: &model::Framework,
    src: &diag::SourceFile,
) {
    let Some(scale) = &fw.scale else { return };
    if src.index.has("scale") {
        return;
    }
    course.scale.clone_from(scale);
    if !src.index.has("grading.pass_level")
        && let Some(pass) = &fw.pass_level
    {
        course.grading.pass_level.clone_from(pass);
    }
}

/// Order diagnostics by file (in order of first appearance) and line, keeping the order
/// of those without a line.
pub(crate) fn sort_by_position(diags: &mut [Diagnostic]) {
    let mut files: Vec<Option<PathBuf>> = Vec::new();
    for d in diags.iter() {
        if !files.contains(&d.file) {
            files.push(d.file.clone());
        }
    }
    diags.sort_by_key(|d| {
        let file = files.iter().position(|f| *f == d.file).unwrap_or(0);
        (file, d.pos.map_or(usize::MAX, |p| p.line), d.pos.map_or(0, |p| p.column))
    });
}

//! The names of every file a run writes, computed and checked before anything renders:
//! two files with one name (also names that differ only in case, which are one file on
//! Windows and macOS; also a student's form named like the rubric), a name too long for
//! the file system, or a folder in the way, would make one file silently replace another
//! or stop a run half-way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::Student;
use crate::resolve::Plan;
use crate::words::file_words;

/// Longest file name meetlat writes, in bytes. File systems allow 255; the staging and
/// temporary names add a prefix and a suffix.
pub const MAX_NAME_BYTES: usize = 200;

/// Who a file belongs to, for messages.
#[derive(Debug, Clone)]
pub enum Owner {
    /// A document of the course (the rubric, the scoring sheet, the overview, …).
    Course(&'static str),
    /// A student's document: its kind and the student.
    Student(&'static str, Student),
}

impl Owner {
    fn describe(&self) -> String {
        match self {
            Owner::Course(what) => (*what).to_owned(),
            Owner::Student(what, s) => {
                let number = if s.number.chars().count() > 40 {
                    format!("{}…", s.number.chars().take(20).collect::<String>())
                } else {
                    s.number.clone()
                };
                format!("the {what} of student `{number}` ({})", s.full_name())
            }
        }
    }
}

/// One file a run will write, relative to its output folder.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The path below the output folder.
    pub path: PathBuf,
    /// Whose file it is.
    pub owner: Owner,
}

impl Planned {
    /// A course document.
    pub fn course(path: impl Into<PathBuf>, what: &'static str) -> Self {
        Planned { path: path.into(), owner: Owner::Course(what) }
    }

    /// A student's document.
    pub fn student(
        path: impl Into<PathBuf>,
        what: &'static str,
        student: &Student,
    ) -> Self {
        Planned { path: path.into(), owner: Owner::Student(what, student.clone()) }
    }
}

/// Every problem with the names of `files`: collisions (ignoring case), names that are too
/// long, and (when they are written below `output` as they are) folders in their way.
pub fn check(files: &[Planned], output: Option<&Path>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, &Planned> = HashMap::new();
    for f in files {
        let name = f.path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if name.len() > MAX_NAME_BYTES {
            let mut d = Diagnostic::error(format!(
                "the file name for {} would be {} bytes long; file systems allow far fewer",
                f.owner.describe(),
                name.len()
            ));
            d = match &f.owner {
                Owner::Student(_, s) if s.number.len() > 60 => d.hint(format!(
                    "student number `{}…` is too long to be a student number; check the \
                     student list",
                    s.number.chars().take(20).collect::<String>()
                )),
                _ => d.hint(format!(
                    "shorten `forms.file_name` in the course file (at most {MAX_NAME_BYTES} \
                     bytes after the placeholders are filled in)"
                )),
            };
            problems.push(d);
            continue;
        }
        let key = f.path.to_string_lossy().to_lowercase();
        if let Some(first) = seen.get(&key) {
            problems.push(collision(first, f));
            continue;
        }
        seen.insert(key, f);
        let Some(target) = output.map(|o| o.join(&f.path)) else { continue };
        if target.is_dir() {
            problems.push(
                Diagnostic::error(format!(
                    "a folder `{}` is in the way of {}",
                    target.display(),
                    f.owner.describe()
                ))
                .hint("move or rename that folder, or choose another output folder with `-o`"),
            );
        }
    }
    problems
}

/// The message for two files that would get one name.
fn collision(first: &Planned, second: &Planned) -> Diagnostic {
    let (a, b) = (first.path.display(), second.path.display());
    let same = if a.to_string() == b.to_string() {
        format!("`{a}`")
    } else {
        format!("`{a}` and `{b}` (one file where letter case does not count)")
    };
    let d = Diagnostic::error(format!(
        "{} and {} would get the same file name {same}",
        first.owner.describe(),
        second.owner.describe()
    ));
    match (&first.owner, &second.owner) {
        (Owner::Student(_, x), Owner::Student(_, y)) if x.number != y.number => {
            let numbers_collide = safe_file_name(&x.number).to_lowercase()
                == safe_file_name(&y.number).to_lowercase();
            if numbers_collide {
                d.hint(format!(
                    "student numbers `{}` and `{}` become one file name (a file name \
                     cannot hold / \\ : * ? \" < > | and ignores case on Windows and macOS); \
                     give the students numbers that differ in letters or digits",
                    x.number, y.number
                ))
            } else {
                d.hint("include `{{ student.number }}` in `forms.file_name`")
            }
        }
        (Owner::Student(..), Owner::Student(..)) => {
            d.hint("each student may appear only once in the student list")
        }
        _ => d.hint(
            "change `forms.file_name` in the course file so that a student's form cannot \
             be named like another document",
        ),
    }
}

/// The rubric's file name.
pub fn rubric(plan: &Plan) -> String {
    format!("{}-rubric.pdf", safe_file_name(&plan.course.code))
}

/// A student's final report: course code and student number, never the name.
pub fn report(plan: &Plan, student: &Student) -> String {
    let w = file_words(plan.course.language);
    safe_file_name(&format!("{}-{}-{}.pdf", plan.course.code, student.number, w.report))
}

/// The cohort overview.
pub fn overview(plan: &Plan) -> String {
    let w = file_words(plan.course.language);
    format!("{}-{}.pdf", safe_file_name(&plan.course.code), w.overview)
}

/// The cohort overview's figures as CSV, beside the overview.
pub fn overview_csv(plan: &Plan) -> String {
    let w = file_words(plan.course.language);
    format!("{}-{}.csv", safe_file_name(&plan.course.code), w.overview)
}

/// The blank observation form of a moment (`eind`, `tussentijds`; see
/// [`crate::words::FileWords`]).
pub fn blank_form(plan: &Plan, moment: &str) -> String {
    let w = file_words(plan.course.language);
    format!(
        "{}-{}-{moment}-{}.pdf",
        safe_file_name(&plan.course.code),
        w.blank,
        w.observation
    )
}

/// A midway form's name (without `.pdf`) from the name its final form has:
/// `SW3-5723007-observatie` → `SW3-5723007-tussentijds-observatie`, any other pattern gets
/// the moment at its end (`eigen-naam-tussentijds`).
pub fn midway_form(final_name: &str, moment: &str) -> String {
    let observation = ["observatie", "observation"]
        .into_iter()
        .find(|w| final_name.ends_with(&format!("-{w}")));
    match observation {
        Some(w) => {
            format!("{}-{moment}-{w}", &final_name[..final_name.len() - w.len() - 1])
        }
        None => format!("{final_name}-{moment}"),
    }
}

/// The print file with every student's form (`--combined`). A student's own form is
/// named by the course's pattern (`forms.file_name`, see `render::form::file_name`).
pub fn print_file(plan: &Plan, moment: &str) -> String {
    let w = file_words(plan.course.language);
    format!("{}-{}-{moment}.pdf", safe_file_name(&plan.course.code), w.forms)
}

/// The default pattern of a form's file name, when the course file gives none: the
/// model's default is the Dutch one (it is part of the course's fingerprint), so an
/// English course that kept it gets the English words.
pub fn form_pattern(plan: &Plan) -> String {
    let pattern = &plan.course.forms.file_name;
    if *pattern == crate::model::course::DEFAULT_FORM_FILE_NAME {
        let w = file_words(plan.course.language);
        format!("{{{{ course.code }}}}-{{{{ student.number }}}}-{}.pdf", w.observation)
    } else {
        pattern.clone()
    }
}

/// The scoring sheet's file name.
pub fn scoring_sheet(plan: &Plan) -> String {
    format!("{}-scores.xlsx", safe_file_name(&plan.course.code))
}

/// Make a string safe as one file name: no path separators, no leading dot, no control
/// characters.
pub fn safe_file_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() { "_".to_owned() } else { trimmed.to_owned() }
}

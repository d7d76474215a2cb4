//! The observations matched to a course's plan, for the stages that use them: the
//! scoring sheet's `Werkplek` sheet and its prefill (`sheet --observations`), the
//! reports (`report --observations`) and the archive. One student's form is the one of
//! the latest moment returned (final before midway).

use std::path::{Path, PathBuf};

use crate::collect::{FormObservations, Observations};
use crate::diag::Diagnostic;
use crate::resolve::Plan;

/// The file `meetlat collect` writes, looked for in a folder given as `--observations`.
pub const JSON_FILE: &str = "observations.json";

/// What the supervisor ticked for one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Nothing ticked.
    Nothing,
    /// `NG`: not observed.
    NotObserved,
    /// A level (index into the plan's levels).
    Level(usize),
}

impl Seen {
    /// The text the scoring sheet uses for it (the level id, `NG`, or nothing).
    pub fn sheet_text(self, plan: &Plan) -> Option<String> {
        match self {
            Seen::Nothing => None,
            Seen::NotObserved => Some("NG".to_owned()),
            Seen::Level(i) => Some(plan.levels[i].id.clone()),
        }
    }

    /// Whether it differs from an examiner's level (`None`: not observed). Nothing
    /// ticked differs from nothing.
    pub fn differs_from(self, examiner: Option<usize>) -> bool {
        match self {
            Seen::Nothing => false,
            Seen::NotObserved => examiner.is_some(),
            Seen::Level(i) => examiner != Some(i),
        }
    }
}

/// One student's returned form, matched to the plan.
#[derive(Debug, Clone)]
pub struct Supervision {
    /// The form as `collect` read it.
    pub form: FormObservations,
    /// Per outcome, per indicator (the plan's order).
    pub levels: Vec<Vec<Seen>>,
}

/// The observations of a course, matched to its plan.
#[derive(Debug, Clone)]
pub struct Matched {
    /// `observations.json` as read.
    pub observations: Observations,
    /// Where it was read.
    pub path: PathBuf,
    /// Its bytes, as read (archived as they are).
    pub bytes: Vec<u8>,
    /// Per student of the plan (same order): the form used, if any.
    pub students: Vec<Option<Supervision>>,
}

/// `observations.json` in a folder, or the file itself.
pub fn locate(path: &Path) -> PathBuf {
    if path.is_dir() { path.join(JSON_FILE) } else { path.to_path_buf() }
}

/// Read the observations at `path` (a folder holding `observations.json`, or the file)
/// and match them to `plan`.
///
/// # Errors
/// Every problem at once, naming the file: unreadable, no observations, another course
/// or another version of it, an indicator or level the course does not have.
pub fn load(path: &Path, plan: &Plan) -> Result<Matched, Vec<Diagnostic>> {
    let file = locate(path);
    let located = |message: String| Diagnostic::error(message).in_file(&file);
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_dir() => {
            return Err(vec![
                located(format!("the folder `{}` holds no {JSON_FILE}", path.display()))
                    .hint("give the folder `meetlat collect` wrote to (its `-o`), or the observations.json file itself"),
            ]);
        }
        Err(e) => {
            return Err(vec![
                located(format!("cannot read the observations ({e})"))
                    .hint("give the observations.json that `meetlat collect` wrote, or its folder"),
            ]);
        }
    };
    let text =
        String::from_utf8(bytes.clone()).map_err(|_| {
            vec![located("the observations are no UTF-8 text".to_owned()).hint(
                "give the observations.json that `meetlat collect` wrote, unchanged",
            )]
        })?;
    let observations =
        Observations::from_json(&text).map_err(|d| vec![d.in_file(&file)])?;
    let again =
        "run `meetlat collect` again with this course file, on the returned forms";
    if observations.course != plan.course.code {
        return Err(vec![
            located(format!(
                "these observations are of course `{}`, not of `{}`",
                observations.course, plan.course.code
            ))
            .hint("give the observations of this course, or the course file they were collected for"),
        ]);
    }
    if observations.fingerprint != plan.fingerprint {
        return Err(vec![
            located(format!(
                "these observations were collected for another version of the course file or \
                 framework (fingerprint `{}`, the course file now gives `{}`)",
                observations.fingerprint, plan.fingerprint
            ))
            .hint(again),
        ]);
    }
    let mut problems = Vec::new();
    let mut students: Vec<Option<Supervision>> = vec![None; plan.students.len()];
    // The latest moment of each student: final (`eind`) before midway.
    let rank = |m: &str| if m == "eind" { 1 } else { 0 };
    for form in &observations.forms {
        let Some(s) = plan.students.iter().position(|s| s.number == form.student) else {
            problems.push(located(format!(
                "the observations hold a form of student `{}`, who is not in the course's student list",
                form.student
            ))
            .hint(format!("use the student list the observations were collected with, or {again}")));
            continue;
        };
        if students[s]
            .as_ref()
            .is_some_and(|old| rank(&old.form.moment) >= rank(&form.moment))
        {
            continue;
        }
        match match_levels(plan, form) {
            Ok(levels) => students[s] = Some(Supervision { form: form.clone(), levels }),
            Err(why) => problems.push(
                located(format!(
                    "the form of student `{}` in the observations: {why}",
                    form.student
                ))
                .hint(again),
            ),
        }
    }
    if problems.is_empty() {
        Ok(Matched { observations, path: file, bytes, students })
    } else {
        Err(problems)
    }
}

/// A form's observations in the plan's order.
fn match_levels(plan: &Plan, form: &FormObservations) -> Result<Vec<Vec<Seen>>, String> {
    plan.outcomes
        .iter()
        .map(|o| {
            o.indicators
                .iter()
                .map(|ind| {
                    let found = form
                        .observations
                        .iter()
                        .find(|x| x.outcome == o.id && x.indicator == ind.id)
                        .ok_or_else(|| {
                            format!("indicator {} {} is missing", o.id, ind.id)
                        })?;
                    match found.level.as_deref() {
                        None | Some("") => Ok(Seen::Nothing),
                        Some("NG") => Ok(Seen::NotObserved),
                        Some(id) => plan
                            .levels
                            .iter()
                            .position(|l| l.id == id)
                            .map(Seen::Level)
                            .ok_or_else(|| {
                                format!(
                                    "`{id}` ({} {}) is no level of the course",
                                    o.id, ind.id
                                )
                            }),
                    }
                })
                .collect()
        })
        .collect()
}

impl Matched {
    /// The supervision of the student at `index` of the plan.
    pub fn of(&self, index: usize) -> Option<&Supervision> {
        self.students.get(index).and_then(Option::as_ref)
    }

    /// The supervision of the student with `number`.
    pub fn of_number(&self, plan: &Plan, number: &str) -> Option<&Supervision> {
        plan.students.iter().position(|s| s.number == number).and_then(|i| self.of(i))
    }
}

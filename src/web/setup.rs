//! The page's course set-up and the course file it stands for. The page's state is a
//! course file's fields; [`Setup::course_yaml`] writes them as a readable, commented
//! course file, and everything the page shows or offers for download is made from that
//! text by the same load → validate → resolve as the command line
//! ([`crate::prepare_sources`]), so the downloaded course file gives the same documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::model::course::{Grading, OutcomeChoice, OutcomeSelection, StudentEntry};
use crate::model::{Framework, Language};
use crate::{Checked, Diagnostic, Error, Sources, Text};

/// The name the page's course file has in messages.
pub(crate) const COURSE_NAME: &str = "cursus.yaml";

/// A student list read on the page.
#[derive(Debug, Clone)]
pub(crate) struct StudentList {
    /// The students, as the course file lists them.
    pub(crate) entries: Vec<StudentEntry>,
    /// Which export it was: 0 plain, 1 Brightspace, 2 Canvas.
    pub(crate) format: usize,
    /// Data rows not read as a student (e.g. Canvas's `Points Possible`).
    pub(crate) skipped: usize,
}

/// The page's course set-up.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    /// The course file's fields (without `students` and `framework.file`).
    pub(crate) course: Mapping,
    /// The framework file chosen; `None`: the built-in one.
    pub(crate) framework_text: Option<Text>,
    /// The framework (loaded and checked).
    pub(crate) framework: Framework,
    /// The student list.
    pub(crate) students: Option<StudentList>,
    /// Problems of the last file read (shown once).
    pub(crate) notice: Option<(bool, String)>,
}

/// What the course file says, checked: the plan or the problems.
pub(crate) struct Evaluated {
    /// The course file's text.
    pub(crate) yaml: String,
    /// The checked plan, or every problem.
    pub(crate) result: Result<Checked, Vec<Diagnostic>>,
}

impl Setup {
    /// A new course on the built-in framework, dated `today`.
    pub(crate) fn new(today: crate::clock::Date) -> Self {
        let (y, m, d) = today;
        let year =
            if m >= 8 { format!("{y}-{}", y + 1) } else { format!("{}-{y}", y - 1) };
        let mut course = Mapping::new();
        let mut set = |k: &str, v: Value| {
            course.insert(k.into(), v);
        };
        set("code", "CURSUS".into());
        set("name", "Nieuwe cursus".into());
        set("academic_year", year.into());
        set("period", "semester 1".into());
        set("language", "nl".into());
        set("institution", "Hogeschool".into());
        set("examiners", Value::Sequence(Vec::new()));
        set("date", format!("{y:04}-{m:02}-{d:02}").into());
        set("outcomes", "all".into());
        let (framework, _) =
            crate::load_framework(None).expect("the built-in framework is valid");
        Setup { course, framework_text: None, framework, students: None, notice: None }
    }

    /// The course file's text: the fields in a fixed order, each section with a comment.
    pub(crate) fn course_yaml(&self) -> String {
        let mut fields = self.course.clone();
        let mut fw = Mapping::new();
        fw.insert("id".into(), self.framework.id.clone().into());
        fw.insert("version".into(), self.framework.version.clone().into());
        fields.insert("framework".into(), Value::Mapping(fw));
        if let Some(list) = &self.students {
            let entries = serde_yaml::to_value(&list.entries).unwrap_or(Value::Null);
            fields.insert("students".into(), entries);
        }
        // Weights and descriptors of what the page has unticked stay on the page (for when
        // it is ticked again) but not in the course file, which would refuse them.
        let selected = self.selected();
        let assessed =
            |outcome: &str| selected.get(outcome).is_some_and(|i| !i.is_empty());
        let known_outcome = |id: &str| self.framework.outcome(id).is_some();
        let in_use =
            |ind: &str| selected.values().any(|list| list.iter().any(|i| i == ind));
        let known_indicator = |id: &str| self.framework.indicator(id).is_some();
        for (key, keep) in [
            (
                "weights",
                &(|k: &str| !known_outcome(k) || assessed(k)) as &dyn Fn(&str) -> bool,
            ),
            ("descriptors", &|k: &str| !known_indicator(k) || in_use(k)),
        ] {
            if let Some(Value::Mapping(m)) = fields.get_mut(key) {
                m.retain(|k, _| k.as_str().is_none_or(keep));
                if m.is_empty() {
                    fields.remove(key);
                }
            }
        }
        let mut out = String::from(
            "# Cursusbestand, gemaakt met `meetlat serve`. Controleren: meetlat check BESTAND\n\
             # Documenten maken: meetlat build BESTAND",
        );
        if let Some(t) = &self.framework_text {
            let name = t.path.file_name().map(|n| n.to_string_lossy().into_owned());
            out.push_str(&format!(
                " --framework {}",
                name.unwrap_or_else(|| "KADER.yaml".into())
            ));
        }
        out.push_str(
            "\n# Tekst na een # is commentaar. Alle velden: meetlat schema course\n",
        );
        let sections: &[(&str, &[&str])] = &[
            (
                "De cursus",
                &[
                    "code",
                    "name",
                    "academic_year",
                    "period",
                    "language",
                    "institution",
                    "examiners",
                    "date",
                ],
            ),
            ("Het kader", &["framework"]),
            (
                "Wat wordt beoordeeld (weging: alleen de verhouding telt)",
                &["outcomes", "weights"],
            ),
            ("De schaal", &["scale", "descriptors"]),
            (
                "Beoordelingsregels (weggelaten velden hebben hun standaardwaarde)",
                &["grading"],
            ),
            ("Het observatieformulier en het scoreblad", &["forms", "sheet"]),
            ("Voor de examencommissie", &["assessment"]),
            ("Studenten", &["students"]),
        ];
        let mut done: Vec<&str> = Vec::new();
        for (title, keys) in sections {
            let present: Vec<&str> =
                keys.iter().copied().filter(|k| fields.contains_key(*k)).collect();
            if present.is_empty() {
                continue;
            }
            out.push_str(&format!("\n# --- {title} ---\n"));
            for k in present {
                out.push_str(&one_field(k, &fields[k]));
                done.push(k);
            }
        }
        let rest: Vec<(&Value, &Value)> = fields
            .iter()
            .filter(|(k, _)| k.as_str().is_none_or(|k| !done.contains(&k)))
            .collect();
        if !rest.is_empty() {
            out.push_str("\n# --- Overige velden ---\n");
            for (k, v) in rest {
                let mut m = Mapping::new();
                m.insert(k.clone(), v.clone());
                out.push_str(&serde_yaml::to_string(&m).unwrap_or_default());
            }
        }
        out
    }

    /// The sources of the course file: its text, the framework chosen, nothing from disk.
    pub(crate) fn sources(&self, yaml: &str) -> Sources {
        Sources {
            course: Text::given(COURSE_NAME, yaml),
            framework: self.framework_text.clone(),
            students: None,
            named_files: false,
        }
    }

    /// Check the course file the set-up stands for.
    pub(crate) fn evaluate(&self) -> Evaluated {
        let yaml = self.course_yaml();
        let result = match crate::prepare_sources(&self.sources(&yaml)) {
            Ok(checked) => Ok(checked),
            Err(Error::Invalid(d)) => Err(d),
            Err(e) => Err(vec![Diagnostic::error(e.to_string())]),
        };
        Evaluated { yaml, result }
    }

    /// The document language.
    pub(crate) fn language(&self) -> Language {
        match self.course.get("language").and_then(Value::as_str) {
            Some("en") => Language::En,
            _ => Language::Nl,
        }
    }

    /// The indicators chosen per outcome, in framework order.
    pub(crate) fn selected(&self) -> BTreeMap<String, Vec<String>> {
        let selection: OutcomeSelection = self
            .course
            .get("outcomes")
            .and_then(|v| serde_yaml::from_value(v.clone()).ok())
            .unwrap_or_default();
        let mut out = BTreeMap::new();
        for o in &self.framework.outcomes {
            let chosen: Vec<String> = match &selection {
                OutcomeSelection::All => o.indicators.clone(),
                OutcomeSelection::List(list) => {
                    match list.iter().find(|c| c.id == o.id) {
                        None => Vec::new(),
                        Some(c) => o
                            .indicators
                            .iter()
                            .filter(|i| {
                                c.only.as_ref().is_none_or(|only| only.contains(i))
                            })
                            .filter(|i| {
                                c.except.as_ref().is_none_or(|ex| !ex.contains(i))
                            })
                            .cloned()
                            .collect(),
                    }
                }
            };
            out.insert(o.id.clone(), chosen);
        }
        out
    }

    /// Apply the page's fields (JSON from the page) to the course.
    pub(crate) fn apply(&mut self, edits: &serde_json::Value) {
        if let Some(fields) = edits.get("course").and_then(|c| c.as_object()) {
            for (key, value) in fields {
                let Some(text) = value.as_str() else { continue };
                match key.as_str() {
                    "code" | "name" | "academic_year" | "period" | "institution" => {
                        self.course.insert(key.as_str().into(), text.trim().into());
                    }
                    "language" if text == "nl" || text == "en" => {
                        self.course.insert("language".into(), text.into());
                    }
                    "date" if text.trim().is_empty() => {
                        self.course.remove("date");
                    }
                    "date" => {
                        self.course.insert("date".into(), text.trim().into());
                    }
                    "examiners" => {
                        let names: Vec<Value> = text
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(Value::from)
                            .collect();
                        self.course.insert("examiners".into(), Value::Sequence(names));
                    }
                    _ => {}
                }
            }
        }
        if let Some(selected) = edits.get("selected").and_then(|s| s.as_object()) {
            let chosen = |id: &str| -> Vec<String> {
                selected
                    .get(id)
                    .and_then(|v| v.as_array())
                    .map(|a| {
                        a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()
                    })
                    .unwrap_or_default()
            };
            self.course
                .insert("outcomes".into(), outcomes_value(&self.framework, chosen));
        }
        if let Some(weights) = edits.get("weights").and_then(|w| w.as_object()) {
            let mut m = Mapping::new();
            for o in &self.framework.outcomes {
                let Some(text) = weights.get(&o.id).and_then(|v| v.as_str()) else {
                    continue;
                };
                let value = number_or_text(text);
                if value.as_f64() != Some(1.0) {
                    m.insert(o.id.clone().into(), value);
                }
            }
            if m.is_empty() {
                self.course.remove("weights");
            } else {
                self.course.insert("weights".into(), Value::Mapping(m));
            }
        }
        if let Some(grading) = edits.get("grading").and_then(|g| g.as_object()) {
            let defaults =
                serde_yaml::to_value(Grading::default()).unwrap_or(Value::Null);
            let mut m = match self.course.get("grading") {
                Some(Value::Mapping(m)) => m.clone(),
                _ => Mapping::new(),
            };
            for (key, value) in grading {
                let value = match (key.as_str(), value) {
                    ("knockout", serde_json::Value::Bool(b)) => Value::Bool(*b),
                    ("pass_level" | "rounding", serde_json::Value::String(s)) => {
                        s.trim().into()
                    }
                    (
                        "grade_at_cesuur" | "min_observed" | "knockout_cap"
                        | "pass_grade",
                        serde_json::Value::String(s),
                    ) => number_or_text(s),
                    _ => continue,
                };
                // The pass level is always written: a framework may bring another default.
                if key != "pass_level" && defaults.get(key.as_str()) == Some(&value) {
                    m.remove(key.as_str());
                } else {
                    m.insert(key.as_str().into(), value);
                }
            }
            if m.is_empty() {
                self.course.remove("grading");
            } else {
                self.course.insert("grading".into(), Value::Mapping(m));
            }
        }
    }

    /// Take a course file's text as the page's course. Its framework file and student
    /// list are read from disk only when `folder` is given (a file named on the command
    /// line); otherwise they must be chosen on the page.
    pub(crate) fn open_course(
        &mut self,
        path: &Path,
        text: &str,
        folder: Option<&Path>,
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        let parsed = crate::load::parse_course_text(path, Ok(text.to_owned()));
        // A file with mistakes in its form (a misspelt or missing key) is refused, and the
        // course on the page stays: opening it would wipe what it could not read.
        if parsed.value.is_none() || parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(parsed.diagnostics);
        }
        let mut course: Mapping = match serde_yaml::from_str(text) {
            Ok(Value::Mapping(m)) => m,
            _ => return Err(parsed.diagnostics),
        };
        let mut notes = Vec::new();
        let mut framework_text = None;
        if let Some(Value::Mapping(fw)) = course.get("framework")
            && let Some(file) = fw.get("file").and_then(Value::as_str)
        {
            match folder {
                Some(dir) => {
                    let p = dir.join(file);
                    framework_text = Some(Text::read(&p, "framework file"));
                }
                None => notes.push(format!("framework.file: {file}")),
            }
        }
        course.remove("framework");
        let mut students = None;
        match course.remove("students") {
            Some(Value::String(file)) => match folder {
                Some(dir) => {
                    let p = dir.join(&file);
                    let text = crate::load::read_text(&p, "student list")
                        .map_err(|d| vec![*d])?;
                    students = Some(read_students(&p, &text)?);
                }
                None => notes.push(format!("students: {file}")),
            },
            Some(list @ Value::Sequence(_)) => {
                let entries: Vec<StudentEntry> =
                    serde_yaml::from_value(list).map_err(|e| {
                        vec![Diagnostic::error(format!("cannot read the students: {e}"))]
                    })?;
                students = Some(StudentList { entries, format: 0, skipped: 0 });
            }
            _ => {}
        }
        let framework = match &framework_text {
            Some(t) => crate::load_framework_text(t).map_err(invalid)?.0,
            None => crate::load_framework(None).map_err(invalid)?.0,
        };
        *self = Setup { course, framework_text, framework, students, notice: None };
        Ok(notes)
    }

    /// Choose a framework (`None`: the built-in one).
    pub(crate) fn choose_framework(
        &mut self,
        text: Option<Text>,
    ) -> Result<(), Vec<Diagnostic>> {
        let framework = match &text {
            Some(t) => crate::load_framework_text(t).map_err(invalid)?.0,
            None => crate::load_framework(None).map_err(invalid)?.0,
        };
        // Another framework: the old selection and weights mean nothing in it.
        if framework.id != self.framework.id
            || framework.version != self.framework.version
        {
            self.course.insert("outcomes".into(), "all".into());
            self.course.remove("weights");
            self.course.remove("descriptors");
        }
        self.framework = framework;
        self.framework_text = text;
        Ok(())
    }
}

/// The diagnostics of an error.
fn invalid(e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Invalid(d) => d,
        e => vec![Diagnostic::error(e.to_string())],
    }
}

/// Read a student list: the students, which export it was, and the rows skipped.
///
/// # Errors
/// The list's problems.
pub(crate) fn read_students(
    path: &Path,
    text: &str,
) -> Result<StudentList, Vec<Diagnostic>> {
    let records = crate::students::parse_csv(path, text)?;
    let header = text.lines().next().unwrap_or_default().to_lowercase();
    let format = if header.contains("orgdefinedid") {
        1
    } else if header.contains("sis user id") {
        2
    } else {
        0
    };
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().trim_matches([',', ';']).is_empty())
        .count();
    let entries = records
        .into_iter()
        .map(|r| StudentEntry {
            number: r.student.number,
            first_name: r.student.first_name,
            prefix: r.student.prefix,
            last_name: r.student.last_name,
            email: r.student.email,
            attempt: r.student.attempt,
        })
        .collect::<Vec<_>>();
    let skipped = rows.saturating_sub(entries.len());
    Ok(StudentList { entries, format, skipped })
}

/// A number typed on the page (`7,5` or `7.5`) as a YAML number; anything else as the
/// text, for the course check to name.
fn number_or_text(text: &str) -> Value {
    let t = text.trim().replace(',', ".");
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            if x.fract() == 0.0 && x.abs() < 1e15 && !t.contains('.') {
                Value::from(x as i64)
            } else {
                Value::from(x)
            }
        }
        _ => Value::from(text.trim()),
    }
}

/// The course file's `outcomes` for the indicators chosen per outcome: `all`, or a list
/// with `only` or `except` (whichever is shorter) for an outcome chosen in part.
fn outcomes_value(fw: &Framework, chosen: impl Fn(&str) -> Vec<String>) -> Value {
    let mut list = Vec::new();
    let mut everything = true;
    for o in &fw.outcomes {
        let picked: Vec<String> =
            o.indicators.iter().filter(|i| chosen(&o.id).contains(i)).cloned().collect();
        if picked.len() != o.indicators.len() {
            everything = false;
        }
        if picked.is_empty() {
            continue;
        }
        let left: Vec<String> =
            o.indicators.iter().filter(|i| !picked.contains(i)).cloned().collect();
        let choice = if left.is_empty() {
            OutcomeChoice { id: o.id.clone(), only: None, except: None }
        } else if left.len() < picked.len() {
            OutcomeChoice { id: o.id.clone(), only: None, except: Some(left) }
        } else {
            OutcomeChoice { id: o.id.clone(), only: Some(picked), except: None }
        };
        list.push(choice);
    }
    if everything {
        return "all".into();
    }
    Value::Sequence(
        list.into_iter()
            .map(|c| {
                if c.only.is_none() && c.except.is_none() {
                    Value::from(c.id)
                } else {
                    serde_yaml::to_value(&c).unwrap_or(Value::Null)
                }
            })
            .collect(),
    )
}

/// One top-level field as YAML.
fn one_field(key: &str, value: &Value) -> String {
    let mut m = Mapping::new();
    m.insert(key.into(), value.clone());
    serde_yaml::to_string(&m).unwrap_or_default()
}

/// The page field a problem concerns, from the line it is on in the course file `yaml`:
/// `outcomes`, `weights.LU3`, `grading.knockout_cap`, `code`, … (empty: none).
pub(crate) fn field_of(yaml: &str, d: &Diagnostic) -> String {
    let Some(pos) = d.pos else { return String::new() };
    if d.file.as_deref() != Some(Path::new(COURSE_NAME)) {
        return String::new();
    }
    let lines: Vec<&str> = yaml.lines().collect();
    let at = pos.line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let key_of = |l: &str| -> Option<String> {
        let t = l.trim_start();
        if t.starts_with('#') || t.starts_with('-') {
            return None;
        }
        let (k, _) = t.split_once(':')?;
        Some(k.trim().trim_matches(['"', '\'']).to_owned())
    };
    let top = (0..=at).rev().find_map(|i| {
        let l = lines.get(i)?;
        if l.starts_with(' ') || l.starts_with('-') { None } else { key_of(l) }
    });
    let Some(top) = top else { return String::new() };
    let here = lines.get(at).copied().unwrap_or_default();
    match (top.as_str(), here.starts_with("  ") && !here.trim_start().starts_with('-')) {
        ("weights" | "grading", true) => match key_of(here) {
            Some(k) => format!("{top}.{k}"),
            None => top,
        },
        _ => top,
    }
}

/// The display name of an upload: its file name (as the page sent it), shortened.
pub(crate) fn display_name(name: Option<&str>) -> PathBuf {
    let name = name.unwrap_or("upload");
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(80)
        .collect();
    PathBuf::from(if name.is_empty() { "upload".to_owned() } else { name })
}

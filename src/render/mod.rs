//! Stage 4, render: one module per document kind, each a function from the plan to
//! bytes. Nothing here writes files.

pub mod batch;
pub mod form;
pub mod overview;
pub mod report;
pub mod rubric;
pub mod scoring_sheet;

use std::path::PathBuf;

use serde::Serialize;

use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::model::Language;
use crate::resolve::Plan;
use crate::typst_world::{Engine, PdfProfile, PdfSettings};

/// The document kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// The course rubric (PDF).
    Rubric,
    /// The scoring sheet (XLSX).
    ScoringSheet,
    /// Observation forms (PDF), one per student.
    ObservationForms,
}

impl DocKind {
    /// Every kind `meetlat build` produces.
    pub const ALL: &'static [DocKind] =
        &[DocKind::Rubric, DocKind::ObservationForms, DocKind::ScoringSheet];
}

/// A rendered file, not yet written.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// The file's bytes (empty when `staged`).
    pub bytes: Vec<u8>,
    /// Where the file waits on disk, when it is not kept in memory
    /// ([`crate::output::Staging`]).
    pub staged: Option<PathBuf>,
}

impl Artifact {
    /// A file kept in memory.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Artifact { path: path.into(), bytes, staged: None }
    }
}

/// What renderers share: the Typst engine, the document date and the options.
pub struct RenderEnv {
    /// The typesetting engine.
    pub engine: Engine,
    /// The date printed on and embedded in documents.
    pub date: Date,
    /// Options of the observation forms.
    pub forms: form::FormOptions,
    /// Where rendered files wait until everything rendered.
    pub staging: crate::output::Staging,
}

impl RenderEnv {
    /// The environment for a course's documents: the document date (from the course
    /// file, `SOURCE_DATE_EPOCH` or the clock, with a warning then) and the engine with
    /// the embedded templates, overridden from `templates` when given.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] when the templates folder cannot be used.
    pub fn for_course(
        plan: &Plan,
        templates: Option<&std::path::Path>,
        forms: form::FormOptions,
        staging: crate::output::Staging,
    ) -> crate::Result<(Self, Option<Diagnostic>)> {
        let (date, clock_warning) =
            crate::clock::document_date(plan.course.date.as_deref());
        let templates = crate::templates::TemplateSource::new(templates)?;
        let env =
            RenderEnv { engine: Engine::new(templates, date), date, forms, staging };
        Ok((env, clock_warning))
    }
}

/// Render the documents of `kinds`.
///
/// # Errors
/// Every document's problems, together.
pub fn render_all(
    plan: &Plan,
    kinds: &[DocKind],
    env: &RenderEnv,
) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
    let mut artifacts = Vec::new();
    let mut problems = Vec::new();
    for kind in kinds {
        match kind {
            DocKind::Rubric => match rubric::render(plan, env) {
                Ok(bytes) => {
                    artifacts.push(Artifact::new(crate::names::rubric(plan), bytes));
                }
                Err(d) => problems.extend(d),
            },
            DocKind::ObservationForms => match form::render(plan, env, &env.forms) {
                Ok(a) => artifacts.extend(a),
                Err(d) => problems.extend(d),
            },
            DocKind::ScoringSheet => match scoring_sheet::render(plan, env.date, None) {
                Ok(bytes) => {
                    artifacts
                        .push(Artifact::new(crate::names::scoring_sheet(plan), bytes));
                }
                Err(e) => problems.push(Diagnostic::error(format!(
                    "cannot build the scoring sheet: {e}"
                ))),
            },
        }
    }
    if problems.is_empty() { Ok(artifacts) } else { Err(problems) }
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

/// PDF settings for a course document.
pub fn pdf_settings(
    plan: &Plan,
    env: &RenderEnv,
    profile: PdfProfile,
    kind: &str,
) -> PdfSettings {
    PdfSettings {
        profile,
        tagged: true,
        ident: format!("meetlat/{kind}/{}/{}", plan.course.code, plan.fingerprint),
        date: env.date,
    }
}

/// What every document's view model starts with (flattened into it): language, labels,
/// metadata, course, framework and fingerprint.
#[derive(Debug, Serialize)]
pub struct Common {
    /// `nl` or `en`.
    pub lang: &'static str,
    /// The labels in that language.
    pub labels: crate::labels::Labels,
    /// Document metadata (no student names).
    pub meta: Meta,
    /// The course.
    pub course: CourseView,
    /// The framework it derives from.
    pub framework: FrameworkView,
    /// Short content hash of framework and course selection.
    pub fingerprint: String,
}

impl Common {
    /// The common part of a document titled `title` of kind `kind`.
    pub fn new(plan: &Plan, date: Date, title: &str, kind: &str) -> Self {
        let lang = plan.course.language;
        Common {
            lang: lang.code(),
            labels: crate::labels::labels(lang),
            meta: Meta::new(plan, title, kind),
            course: CourseView::new(plan, date),
            framework: FrameworkView::new(plan),
            fingerprint: plan.fingerprint.clone(),
        }
    }
}

/// Document metadata. Never holds student names.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// Title, e.g. "Beoordelingsrubric SW3-STAGE-OW Stage opbouwwerk".
    pub title: String,
    /// Authors: the institution.
    pub authors: Vec<String>,
    /// Keywords: framework id and version, course code, fingerprint.
    pub keywords: Vec<String>,
    /// One-line description.
    pub description: String,
}

impl Meta {
    /// Metadata for a course document of kind `kind`.
    pub fn new(plan: &Plan, title: &str, kind: &str) -> Self {
        let c = &plan.course;
        Meta {
            title: format!("{title} {} {}", c.code, c.name),
            authors: vec![c.institution.clone()],
            keywords: vec![
                format!("meetlat:{kind}"),
                format!("framework:{}", plan.framework.id),
                format!("framework-version:{}", plan.framework.version),
                format!("course:{}", c.code),
                format!("fingerprint:{}", plan.fingerprint),
            ],
            description: format!(
                "{title} {} {} ({}), {} {}",
                c.code,
                c.name,
                c.academic_year,
                plan.framework.title,
                plan.framework.version
            ),
        }
    }
}

/// The course as printed.
#[derive(Debug, Serialize)]
pub struct CourseView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Academic year.
    pub academic_year: String,
    /// Period.
    pub period: String,
    /// Institution.
    pub institution: String,
    /// Examiners.
    pub examiners: Vec<String>,
    /// Date as words: "29 januari 2027".
    pub date: String,
}

impl CourseView {
    /// From the plan.
    pub fn new(plan: &Plan, date: Date) -> Self {
        let c = &plan.course;
        CourseView {
            code: c.code.clone(),
            name: c.name.clone(),
            academic_year: c.academic_year.clone(),
            period: c.period.clone(),
            institution: c.institution.clone(),
            examiners: c.examiners.clone(),
            date: date_text(date, c.language),
        }
    }
}

/// The framework as printed.
#[derive(Debug, Serialize)]
pub struct FrameworkView {
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Id.
    pub id: String,
    /// Publisher.
    pub publisher: String,
    /// Level.
    pub level: String,
    /// Status.
    pub status: String,
}

impl FrameworkView {
    /// From the plan.
    pub fn new(plan: &Plan) -> Self {
        let f = &plan.framework;
        FrameworkView {
            title: f.title.clone(),
            version: f.version.clone(),
            id: f.id.clone(),
            publisher: f.publisher.clone(),
            level: f.level.clone(),
            status: f.status.clone(),
        }
    }
}

/// "29 januari 2027" / "29 January 2027".
pub fn date_text((y, m, d): Date, lang: Language) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = match lang {
        Language::Nl => NL,
        Language::En => EN,
    };
    let month = months.get(usize::from(m).saturating_sub(1)).copied().unwrap_or("");
    format!("{d} {month} {y}")
}

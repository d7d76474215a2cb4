//! What every document kind shares: the render environment (Typst engine, date, staging)
//! and the parts every view model starts with (language, labels, metadata, course,
//! framework, fingerprint).

use serde::Serialize;

use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::resolve::Plan;
use crate::typst_world::{Engine, PdfProfile, PdfSettings};

/// What renderers share: the Typst engine, the document date and the options.
pub struct RenderEnv {
    /// The typesetting engine.
    pub engine: Engine,
    /// The date printed on and embedded in documents.
    pub date: Date,
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
        staging: crate::output::Staging,
    ) -> crate::Result<(Self, Option<Diagnostic>)> {
        let (date, clock_warning) =
            crate::clock::document_date(plan.course.date.as_deref());
        let templates = crate::templates::TemplateSource::new(templates)?;
        let env = RenderEnv { engine: Engine::new(templates, date), date, staging };
        Ok((env, clock_warning))
    }
}

pub use crate::names::safe_file_name;

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
    /// The labels in that language, in the framework's terms.
    pub labels: serde_json::Value,
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
            labels: crate::words::labels_json(plan),
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

pub use crate::words::numbers::date_text;

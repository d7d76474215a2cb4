//! Stage 4, render: one module per document kind, each a function from the plan to
//! bytes; this file dispatches on the kind, `common.rs` holds what every kind shares.
//! Nothing here writes files.

pub mod batch;
mod common;
pub mod form;
pub mod overview;
pub mod report;
pub mod rubric;

use crate::diag::Diagnostic;
use crate::resolve::Plan;

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

pub use crate::output::Artifact;
/// The scoring sheet is rendered like the other kinds; its code lives with its reader.
pub use crate::sheet::write as scoring_sheet;
pub use common::{
    Common, CourseView, FrameworkView, Meta, RenderEnv, date_text, pdf_settings,
    safe_file_name,
};

/// Render the documents of `kinds`.
///
/// # Errors
/// [`crate::Error::Invalid`] with every document's problems, together;
/// [`crate::Error::Internal`] when a document failed for a reason outside the input.
pub fn render_all(
    plan: &Plan,
    kinds: &[DocKind],
    env: &RenderEnv,
    forms: &form::FormOptions,
) -> crate::Result<Vec<Artifact>> {
    let mut artifacts = Vec::new();
    let mut problems = Vec::new();
    let mut internal: Vec<String> = Vec::new();
    for kind in kinds {
        match kind {
            DocKind::Rubric => match rubric::render(plan, env) {
                Ok(bytes) => {
                    artifacts.push(Artifact::new(crate::names::rubric(plan), bytes));
                }
                Err(d) => problems.extend(d),
            },
            DocKind::ObservationForms => match form::render(plan, env, forms) {
                Ok(a) => artifacts.extend(a),
                Err(d) => problems.extend(d),
            },
            DocKind::ScoringSheet => match scoring_sheet::render(plan, env.date, None) {
                Ok(bytes) => {
                    artifacts
                        .push(Artifact::new(crate::names::scoring_sheet(plan), bytes));
                }
                // Not the input's fault: an internal failure (exit 2).
                Err(e) => internal.push(format!("cannot build the scoring sheet: {e}")),
            },
        }
    }
    if !internal.is_empty() {
        return Err(crate::Error::Internal(internal.join("; ")));
    }
    // A failure outside the input (a full disk) repeats for every document after it:
    // one message says it.
    let failures: Vec<&Diagnostic> = problems.iter().filter(|d| d.internal).collect();
    if let Some(first) = failures.first() {
        let mut d = (*first).clone();
        if failures.len() > 1 {
            d = d.hint(format!(
                "{} more documents failed the same way",
                failures.len() - 1
            ));
        }
        let d = d.hint(
            "check that the disk has room and that the output folder can be written",
        );
        return Err(crate::Error::Invalid(vec![d]));
    }
    if problems.is_empty() { Ok(artifacts) } else { Err(crate::Error::Invalid(problems)) }
}

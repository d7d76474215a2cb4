//! `meetlat build` and its one-kind commands (`rubric`, `sheet`, `forms`): load →
//! validate → resolve → render → write.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::{Checked, Diagnostic, Inputs, diag, names, output, prepare, render};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The document kinds to produce.
    pub kinds: Vec<render::DocKind>,
    /// The output directory.
    pub output: PathBuf,
    /// A directory whose templates override the embedded ones.
    pub templates: Option<PathBuf>,
    /// Options of the observation forms.
    pub forms: render::form::FormOptions,
}

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// The whole pipeline: load → validate → resolve → render → write. Files are written
/// only after every document rendered.
///
/// # Errors
/// [`Error::Invalid`] for problems in the input or a template; [`Error::Io`] when writing
/// fails.
pub fn build(inputs: &Inputs, options: &BuildOptions) -> Result<Built> {
    let forms = &options.forms;
    if forms.blank
        && forms.combined
        && options.kinds.contains(&render::DocKind::ObservationForms)
    {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                "`--blank` and `--combined` do not go together: the blank form is \
                 already one file to print",
            )
            .hint("leave out `--combined`, and print the blank form as often as needed")
            .hint("leave out `--blank` for one print file with every student's form"),
        ]));
    }
    let Checked { plan, mut warnings } = prepare(inputs)?;
    let mut kinds = options.kinds.clone();
    for (kind, what) in [
        (render::DocKind::ScoringSheet, "scoring sheet"),
        (render::DocKind::ObservationForms, "observation forms"),
    ] {
        let blank_forms =
            kind == render::DocKind::ObservationForms && options.forms.blank;
        if plan.students.is_empty() && kinds.contains(&kind) && !blank_forms {
            let mut d = Diagnostic::error(format!(
                "the course has no students, so there are no {what} to make"
            ))
            .hint("add `students: students.csv` to the course file, or pass `--students FILE`");
            if kind == render::DocKind::ObservationForms {
                d = d.hint("`--blank` makes one form without a student");
            }
            if kinds.len() == 1 {
                return Err(Error::Invalid(vec![d]));
            }
            warnings.push(Diagnostic { severity: diag::Severity::Warning, ..d });
            kinds.retain(|k| *k != kind);
        }
    }
    // Every output name is known and checked before anything renders or is written.
    let planned =
        names::planned_build(&plan, &kinds, &options.forms).map_err(Error::Invalid)?;
    let collisions = names::check(&planned, Some(&options.output));
    if !collisions.is_empty() {
        return Err(Error::Invalid(collisions));
    }
    let (env, clock_warning) = render::RenderEnv::for_course(
        &plan,
        options.templates.as_deref(),
        options.forms.clone(),
        output::Staging::in_folder(&options.output)?,
    )?;
    warnings.extend(clock_warning);
    let artifacts = render::render_all(&plan, &kinds, &env)?;
    let written = output::write_artifacts(&options.output, &artifacts)?;
    Ok(Built { written, warnings })
}

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
    /// The scoring sheet with the supervisors' observations (`sheet --observations`):
    /// `observations.json` or the folder holding it.
    pub observations: Option<PathBuf>,
    /// With `observations`: the sheet's inputs start at the supervisors' levels.
    pub prefill: bool,
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
    let Checked { plan, mut warnings, .. } = prepare(inputs)?;
    // The observations are checked before anything renders.
    let matched = match &options.observations {
        Some(path) => {
            Some(crate::collect::matched::load(path, &plan).map_err(Error::Invalid)?)
        }
        None => None,
    };
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
    let planned = planned_files(&plan, &kinds, &options.forms).map_err(Error::Invalid)?;
    let collisions = names::check(&planned, Some(&options.output));
    if !collisions.is_empty() {
        return Err(Error::Invalid(collisions));
    }
    let (env, clock_warning) = render::RenderEnv::for_course(
        &plan,
        options.templates.as_deref(),
        output::Staging::in_folder(&options.output)?,
    )?;
    warnings.extend(clock_warning);
    let artifacts = match &matched {
        // The sheet with the observations; the other kinds as always.
        Some(matched) if kinds.contains(&render::DocKind::ScoringSheet) => {
            let others: Vec<render::DocKind> = kinds
                .iter()
                .copied()
                .filter(|k| *k != render::DocKind::ScoringSheet)
                .collect();
            let mut artifacts = render::render_all(&plan, &others, &env, &options.forms)?;
            let supervised =
                render::scoring_sheet::Supervised { matched, prefill: options.prefill };
            let bytes = render::scoring_sheet::render_with(
                &plan,
                env.date,
                None,
                Some(supervised),
            )
            .map_err(|e| {
                Error::Internal(format!("cannot build the scoring sheet: {e}"))
            })?;
            artifacts.push(render::Artifact::new(names::scoring_sheet(&plan), bytes));
            artifacts
        }
        _ => render::render_all(&plan, &kinds, &env, &options.forms)?,
    };

    let written = output::write_artifacts(&options.output, &artifacts)?;
    Ok(Built { written, warnings })
}

/// Every file `meetlat build` (or one of its single-document commands) will write.
///
/// # Errors
/// A form file name whose placeholders cannot be filled in.
fn planned_files(
    plan: &crate::resolve::Plan,
    kinds: &[render::DocKind],
    forms: &render::form::FormOptions,
) -> Result<Vec<names::Planned>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for kind in kinds {
        match kind {
            render::DocKind::Rubric => {
                files.push(names::Planned::course(names::rubric(plan), "the rubric"))
            }
            render::DocKind::ScoringSheet => {
                files.push(names::Planned::course(
                    names::scoring_sheet(plan),
                    "the scoring sheet",
                ));
            }
            render::DocKind::ObservationForms if forms.blank => {
                match render::form::file_name(plan, None, forms.moment) {
                    Ok(n) => files
                        .push(names::Planned::course(n, "the blank observation form")),
                    Err(d) => problems.push(d),
                }
            }
            render::DocKind::ObservationForms => {
                for s in &plan.students {
                    match render::form::file_name(plan, Some(s), forms.moment) {
                        Ok(n) => {
                            files.push(names::Planned::student(n, "observation form", s))
                        }
                        Err(d) => problems.push(d),
                    }
                }
                if forms.combined {
                    files.push(names::Planned::course(
                        names::print_file(plan, forms.moment.word(plan.course.language)),
                        "the print file of all forms",
                    ));
                }
            }
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

//! meetlat turns a learning-outcomes framework plus a per-course selection into the
//! documents of a competency assessment: rubrics, observation forms, scoring sheets and
//! final reports.
//!
//! # Pipeline
//! 1. [`load`]: read the framework, the course file and the student list into the
//!    [`model`]; syntax and type errors carry file:line:column.
//! 2. [`validate`]: check every cross-reference and rule, collecting all problems.
//! 3. [`resolve`]: turn the course selection into an assessment [`resolve::Plan`].
//! 4. render (one module per document kind, bytes out; later issues).
//! 5. write: only after everything rendered (later issues).
//!
//! [`prepare`] runs stages 1–3; [`grade`] is the one place where scores become grades.

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is the error of input checks: made rarely, never on a hot path"
)]

pub mod archive;
pub mod clock;
pub mod diag;
pub mod error;
pub mod grade;
pub mod labels;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod output;
pub mod parse_course;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod scores;
pub mod students;
pub mod summary;
pub mod templates;
pub mod text;
pub mod typst_world;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diag::Diagnostic;
pub use error::{Error, Result};

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
}

/// Load and validate the framework alone.
///
/// # Errors
/// [`Error::Invalid`] with every problem in the framework file.
pub fn load_framework(path: Option<&Path>) -> Result<(Framework, Vec<Diagnostic>)> {
    let parsed = load::load_framework(path);
    let mut diags = parsed.diagnostics;
    let (Some(fw), Some(src)) = (parsed.value, parsed.source) else {
        return Err(Error::Invalid(diags));
    };
    diags.extend(validate::validate_framework(&fw, &src));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(diags));
    }
    Ok((fw, diags))
}

/// Stages 1–3: load, validate and resolve a course.
///
/// # Errors
/// [`Error::Invalid`] with every problem found in the framework, the course file and
/// the student list.
pub fn prepare(inputs: &Inputs) -> Result<Checked> {
    let (fw, mut diags) = load_framework(inputs.framework.as_deref())?;
    let parsed = load::load_course(&inputs.course);
    diags.extend(parsed.diagnostics);

    let mut students: Vec<Student> = Vec::new();
    let mut read = |result: std::result::Result<
        Vec<students::StudentRecord>,
        Vec<Diagnostic>,
    >| {
        match result {
            Ok(records) => students = records.into_iter().map(|r| r.student).collect(),
            Err(d) => diags.extend(d),
        }
    };
    match (&inputs.students, &parsed.value, &parsed.source) {
        (Some(csv), _, _) => read(students::read_csv(csv)),
        (None, Some(course), Some(src)) => match &course.students {
            Some(StudentSource::File(f)) if !f.trim().is_empty() => {
                let dir = inputs.course.parent().unwrap_or(Path::new(""));
                let line = src.index.find("students").map_or(0, |p| p.line);
                read(students::read_csv(&dir.join(f)).map_err(|ds| {
                    ds.into_iter()
                        .map(|d| {
                            if d.message.starts_with("cannot read") {
                                d.hint(format!(
                                    "`{}` names it on line {line}; the path is relative to the course file's folder",
                                    inputs.course.display()
                                ))
                            } else {
                                d
                            }
                        })
                        .collect()
                }));
            }
            Some(StudentSource::Inline(entries)) => {
                read(students::from_entries(entries, src))
            }
            _ => {}
        },
        _ => {}
    }
    let (Some(course), Some(src)) = (parsed.value, parsed.source) else {
        return Err(Error::Invalid(diags));
    };
    diags.extend(validate::validate_course(&course, &fw, &src, &parsed.repaired));
    if diags.iter().any(Diagnostic::is_error) {
        sort_by_position(&mut diags);
        return Err(Error::Invalid(diags));
    }
    let plan = resolve::resolve(&fw, &course, students);
    sort_by_position(&mut diags);
    Ok(Checked { plan, warnings: diags })
}

/// Order diagnostics by file (in order of first appearance) and line, keeping the order
/// of those without a line.
fn sort_by_position(diags: &mut [Diagnostic]) {
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
    let artifacts = render::render_all(&plan, &kinds, &env).map_err(Error::Invalid)?;
    let written = output::write_artifacts(&options.output, &artifacts)?;
    Ok(Built { written, warnings })
}

/// Reports typeset between two clearings of Typst's caches (memory against speed).
const REPORTS_PER_EVICTION: usize = 8;

/// What `meetlat report` needs beyond the inputs.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The filled scoring sheet (XLSX).
    pub scores: PathBuf,
    /// The output directory; the archive goes to `archive/<code>-<year>/` below it.
    pub output: PathBuf,
    /// A directory whose templates override the embedded ones.
    pub templates: Option<PathBuf>,
    /// Report the complete students and list the rest, instead of failing.
    pub partial: bool,
    /// Show progress on a terminal.
    pub progress: bool,
}

/// The result of `meetlat report`.
#[derive(Debug)]
pub struct Reported {
    /// The archive folder.
    pub archive: PathBuf,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// Students without a report (only with `--partial`): number and why.
    pub skipped: Vec<(String, String)>,
    /// Warnings found on the way (also one per skipped student).
    pub warnings: Vec<Diagnostic>,
}

/// Final reports, the cohort overview, `grades.csv` and the verifiable archive, from a
/// filled scoring sheet: load → validate → resolve → read the sheet → grade → render →
/// write. Nothing is written when the input is wrong (unless `partial`, which reports the
/// complete students and lists the rest).
///
/// # Errors
/// [`Error::Invalid`] with every problem in the inputs and the sheet; [`Error::Io`] when
/// writing fails.
pub fn report(inputs: &Inputs, options: &ReportOptions) -> Result<Reported> {
    use render::overview::{self, Graded};
    let Checked { plan, mut warnings } = prepare(inputs)?;
    if plan.students.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error("the course has no students, so there are no reports to make")
                .hint("add `students: students.csv` to the course file, or pass `--students FILE`"),
        ]));
    }
    let sheet = scores::read(&options.scores, &plan).map_err(Error::Invalid)?;

    // Complete students only: an empty cell is not yet assessed. With `--partial`, the
    // students with empty cells or without a row are skipped (warnings); values that
    // are not a level and unknown students stay errors: a typo is fixed, not skipped.
    let severity =
        if options.partial { diag::Severity::Warning } else { diag::Severity::Error };
    let mut problems: Vec<Diagnostic> = sheet.problems.clone();
    let mut skipped = Vec::new();
    let partial_hint = if options.partial {
        "or leave the student out of this run (as now)"
    } else {
        "or pass `--partial` to report the complete students and list the rest"
    };
    for s in &sheet.students {
        if s.invalid.is_empty() && !s.empty.is_empty() {
            let shown: Vec<&str> = s.empty.iter().take(8).map(String::as_str).collect();
            let more = s.empty.len().saturating_sub(shown.len());
            let d = Diagnostic {
                severity,
                ..Diagnostic::error(format!(
                    "{}!{}: student `{}` ({}) is not fully assessed: {} empty cell(s): {}{}",
                    scores::SCORES_SHEET,
                    s.empty[0],
                    s.student.number,
                    s.student.full_name(),
                    s.empty.len(),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ))
                .in_file(&options.scores)
                .hint(format!("choose a level or NG (niet geobserveerd) in every cell, {partial_hint}"))
            };
            skipped.push((
                s.student.number.clone(),
                format!("{} empty cell(s)", s.empty.len()),
            ));
            problems.push(d);
        }
    }
    for m in &sheet.missing {
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::error(format!(
                "student `{}` ({}) of the course has no row on sheet `{}`",
                m.number,
                m.full_name(),
                scores::SCORES_SHEET
            ))
            .in_file(&options.scores)
            .hint(format!(
                "add a row with the student number and the levels, {partial_hint}"
            ))
        });
        skipped.push((m.number.clone(), "no row in the sheet".to_owned()));
    }
    let complete: Vec<&scores::StudentScores> =
        sheet.students.iter().filter(|s| s.is_complete()).collect();
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    warnings.extend(problems);
    if complete.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                "no student is fully assessed, so there is nothing to report",
            )
            .in_file(&options.scores)
            .hint("fill in a level or NG for every indicator of at least one student"),
        ]));
    }
    let grades: Vec<grade::GradeResult> =
        complete.iter().map(|s| plan.grade(&s.levels)).collect();
    for (s, g) in complete.iter().zip(&grades) {
        if let Some(cached) = sheet.cached_grades.get(&s.student.number)
            && let Some(w) = scores::check_cached(cached, &s.student, g, &options.scores)
        {
            warnings.push(w);
        }
    }

    let planned: Vec<names::Planned> = complete
        .iter()
        .map(|s| {
            names::Planned::student(
                Path::new("reports").join(render::report::file_name(&plan, &s.student)),
                "final report",
                &s.student,
            )
        })
        .collect();
    // The archive folder is replaced as a whole, so nothing can be in the way there.
    let collisions = names::check(&planned, None);
    if !collisions.is_empty() {
        return Err(Error::Invalid(collisions));
    }
    let (env, clock_warning) = render::RenderEnv::for_course(
        &plan,
        options.templates.as_deref(),
        render::form::FormOptions::default(),
        output::Staging::memory(),
    )?;
    warnings.extend(clock_warning);
    let date = env.date;
    let jobs: Vec<(&scores::StudentScores, &grade::GradeResult)> =
        complete.iter().copied().zip(&grades).collect();
    let show = options.progress && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let total = jobs.len();
    let results = render::batch::in_parallel(
        &jobs,
        |i, (s, g)| {
            let evict = (i + 1).is_multiple_of(REPORTS_PER_EVICTION);
            render::report::render(&plan, &env, &s.student, &s.levels, g, evict)
        },
        |n| {
            if show {
                eprint!("\r{n}/{total} beoordelingsrapporten");
            }
        },
    );
    typst::comemo::evict(0);
    if show {
        eprintln!();
    }
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for ((s, _), result) in jobs.iter().zip(results) {
        match result {
            Some(Ok(pdf)) => files.push(archive::ArchiveFile {
                artifact: render::Artifact::new(
                    Path::new("reports")
                        .join(render::report::file_name(&plan, &s.student)),
                    pdf,
                ),
                role: archive::Role::Report,
                student: Some(s.student.number.clone()),
            }),
            Some(Err(d)) => {
                for d in d {
                    if !failures.contains(&d) {
                        failures.push(d);
                    }
                }
            }
            None => failures.push(Diagnostic::error(
                "a report was not made (a worker thread failed)",
            )),
        }
    }
    let graded: Vec<Graded> = complete
        .iter()
        .zip(&grades)
        .map(|(s, g)| Graded { student: &s.student, grade: g })
        .collect();
    let not_reported: Vec<model::Student> = plan
        .students
        .iter()
        .filter(|p| skipped.iter().any(|(n, _)| *n == p.number))
        .cloned()
        .collect();
    let code = render::safe_file_name(&plan.course.code);
    match overview::render(&plan, &env, &graded, &not_reported) {
        Ok(pdf) => files.push(archive::ArchiveFile {
            artifact: render::Artifact::new(format!("{code}-overzicht.pdf"), pdf),
            role: archive::Role::Overview,
            student: None,
        }),
        Err(d) => failures.extend(d),
    }
    if !failures.is_empty() {
        return Err(Error::Invalid(failures));
    }
    files.push(archive::ArchiveFile {
        artifact: render::Artifact::new(
            "grades.csv",
            overview::grades_csv(&plan, &graded),
        ),
        role: archive::Role::Grades,
        student: None,
    });
    files.extend(input_files(inputs, options, &plan)?);

    let manifest = archive::Manifest::new(
        archive::Manifest {
            format: archive::FORMAT.to_owned(),
            meetlat_version: env!("CARGO_PKG_VERSION").to_owned(),
            date: format!("{:04}-{:02}-{:02}", date.0, date.1, date.2),
            course: plan.course.code.clone(),
            academic_year: plan.course.academic_year.clone(),
            framework_id: plan.framework.id.clone(),
            framework_version: plan.framework.version.clone(),
            fingerprint: plan.fingerprint.clone(),
            partial: !skipped.is_empty(),
            not_reported: skipped.iter().map(|(n, _)| n.clone()).collect(),
            files: Vec::new(),
        },
        &files,
    );
    let dir = options.output.join("archive").join(render::safe_file_name(&format!(
        "{}-{}",
        plan.course.code, plan.course.academic_year
    )));
    std::fs::create_dir_all(&options.output).map_err(|source| Error::Io {
        action: "create the output folder",
        path: options.output.clone(),
        source,
    })?;
    let lock = output::OutputLock::take(&options.output)?;
    let written = archive::write(&dir, &files, &manifest)?;
    drop(lock);
    sort_by_position(&mut warnings);
    Ok(Reported { archive: dir, written, skipped, warnings })
}

/// The inputs that produced an archive, as they were read.
fn input_files(
    inputs: &Inputs,
    options: &ReportOptions,
    plan: &Plan,
) -> Result<Vec<archive::ArchiveFile>> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| Error::Io {
            action: "read input for the archive",
            path: path.to_path_buf(),
            source,
        })
    };
    let name = |path: &Path, fallback: &str| {
        path.file_name()
            .map_or_else(|| fallback.to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let mut files = Vec::new();
    let mut add = |role: archive::Role, file_name: String, bytes: Vec<u8>| {
        let mut path = Path::new("inputs").join(render::safe_file_name(&file_name));
        // Two inputs with the same name: keep both, the second under its role.
        if files.iter().any(|f: &archive::ArchiveFile| f.artifact.path == path) {
            let role_name = serde_json::to_value(role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            path = Path::new("inputs")
                .join(format!("{role_name}-{}", render::safe_file_name(&file_name)));
        }
        files.push(archive::ArchiveFile {
            artifact: render::Artifact::new(path, bytes),
            role,
            student: None,
        });
    };
    add(
        archive::Role::Course,
        name(&inputs.course, "course.yaml"),
        read(&inputs.course)?,
    );
    match &inputs.framework {
        Some(f) => add(archive::Role::Framework, name(f, "framework.yaml"), read(f)?),
        None => add(
            archive::Role::Framework,
            format!("{}.yaml", plan.framework.id),
            load::EMBEDDED_FRAMEWORK.as_bytes().to_vec(),
        ),
    }
    let students = match (&inputs.students, &plan.course.students) {
        (Some(csv), _) => Some(csv.clone()),
        (None, Some(model::course::StudentSource::File(f))) => {
            Some(inputs.course.parent().unwrap_or(Path::new("")).join(f))
        }
        _ => None,
    };
    if let Some(csv) = students {
        add(archive::Role::Students, name(&csv, "students.csv"), read(&csv)?);
    }
    add(
        archive::Role::Scores,
        name(&options.scores, "scores.xlsx"),
        read(&options.scores)?,
    );
    Ok(files)
}

/// Check an archive folder: every file against the manifest ([`archive::verify`]), and
/// `grades.csv` against the grades computed again from the archived inputs (course file,
/// framework, student list and filled sheet) with this meetlat's grading module: a
/// changed grade whose hash was changed in the manifest too is still found.
///
/// # Errors
/// [`Error::Invalid`] when the folder has no readable manifest.
pub fn verify(dir: &Path) -> Result<archive::Verified> {
    let mut verified = archive::verify(dir)?;
    let input = |role: archive::Role| {
        verified.manifest.files.iter().find(|f| f.role == role).map(|f| dir.join(&f.path))
    };
    let grades = input(archive::Role::Grades);
    let (Some(course), Some(scores), Some(grades)) =
        (input(archive::Role::Course), input(archive::Role::Scores), grades)
    else {
        return Ok(verified);
    };
    let inputs = Inputs {
        course,
        framework: input(archive::Role::Framework),
        students: input(archive::Role::Students),
    };
    let recomputed = prepare(&inputs).ok().and_then(|checked| {
        let plan = checked.plan;
        let sheet = scores::read(&scores, &plan).ok()?;
        let complete: Vec<&scores::StudentScores> =
            sheet.students.iter().filter(|s| s.is_complete()).collect();
        let results: Vec<grade::GradeResult> =
            complete.iter().map(|s| plan.grade(&s.levels)).collect();
        let graded: Vec<render::overview::Graded> = complete
            .iter()
            .zip(&results)
            .map(|(s, g)| render::overview::Graded { student: &s.student, grade: g })
            .collect();
        Some((plan.fingerprint.clone(), render::overview::grades_csv(&plan, &graded)))
    });
    let path = |p: &Path| {
        p.strip_prefix(dir)
            .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
    };
    match recomputed {
        Some((fingerprint, csv)) => {
            if fingerprint != verified.manifest.fingerprint {
                verified.findings.push(archive::Finding::Invalid(
                    archive::MANIFEST.to_owned(),
                    format!(
                        "its fingerprint `{}` is not that of the archived course file and framework (`{fingerprint}`)",
                        verified.manifest.fingerprint
                    ),
                ));
            }
            if std::fs::read(&grades).ok().as_deref() != Some(csv.as_slice()) {
                verified.findings.push(archive::Finding::Invalid(
                    path(&grades),
                    "its grades differ from the grades computed again from the archived inputs"
                        .to_owned(),
                ));
            }
            verified.recomputed = Some(true);
        }
        None => verified.recomputed = Some(false),
    }
    Ok(verified)
}

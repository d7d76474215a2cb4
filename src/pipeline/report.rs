//! `meetlat report`: final reports, the cohort overview, `grades.csv` and the verifiable
//! archive, from a filled scoring sheet. [`grade_complete`] is the one function that
//! grades a filled sheet; `verify` calls it too.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::resolve::Plan;
use crate::{
    Checked, Diagnostic, Inputs, archive, diag, grade, load, model, names, output,
    prepare, render, scores, sort_by_position,
};

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
    /// Sign the manifest with this key (`--sign`): `manifest.json.p7s` in the archive.
    pub sign: Option<crate::seal::SigningKey>,
    /// The supervisors' observations (`--observations`): `observations.json` of
    /// `meetlat collect`, or its folder. Shown in the reports; archived with the
    /// returned forms they were read from.
    pub observations: Option<PathBuf>,
}

/// The result of `meetlat report`.
#[derive(Debug)]
pub struct Reported {
    /// The archive folder.
    pub archive: PathBuf,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// Students without a report (only with `--partial`).
    pub skipped: Vec<Skipped>,
    /// Warnings found on the way (also one per skipped student).
    pub warnings: Vec<Diagnostic>,
    /// Who signed the manifest, when `sign` was given.
    pub signer: Option<crate::seal::Signer>,
}

/// A student of the course without a report (only with `--partial`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The student number.
    pub number: String,
    /// Why there is no report, e.g. "3 empty cell(s)".
    pub reason: String,
}

/// A fully assessed student of a filled sheet with the grading module's result.
#[derive(Debug)]
pub struct GradedStudent<'a> {
    /// The student's row of the sheet.
    pub scores: &'a scores::StudentScores,
    /// The result of the grading module.
    pub grade: grade::GradeResult,
}

impl GradedStudent<'_> {
    /// The overview's and `grades.csv`'s view of this result.
    pub fn as_graded(&self) -> render::overview::Graded<'_> {
        render::overview::Graded {
            student: &self.scores.student,
            grade: &self.grade,
            levels: &self.scores.levels,
        }
    }
}

/// Grade every fully assessed student of a filled sheet, in sheet order: the one
/// function that turns a filled sheet into grades, for `report` and `verify` alike
/// (`verify` is only trustworthy if it recomputes what `report` computed).
pub fn grade_complete<'a>(
    plan: &Plan,
    sheet: &'a scores::FilledSheet,
) -> Vec<GradedStudent<'a>> {
    sheet
        .students
        .iter()
        .filter(|s| s.is_complete())
        .map(|s| GradedStudent { scores: s, grade: plan.grade(&s.levels) })
        .collect()
}

/// `grades.csv` of the graded students.
pub fn grades_csv(plan: &Plan, graded: &[GradedStudent<'_>]) -> Vec<u8> {
    let graded: Vec<render::overview::Graded<'_>> =
        graded.iter().map(GradedStudent::as_graded).collect();
    render::overview::grades_csv(plan, &graded)
}

/// The overview's figures as CSV (`<code>-overzicht.csv`) of the graded students, the
/// students left out and the supervisors' observations, when collected.
pub fn overview_csv(
    plan: &Plan,
    graded: &[GradedStudent<'_>],
    not_reported: &[model::Student],
    observations: Option<&crate::collect::Observations>,
) -> Vec<u8> {
    let graded: Vec<render::overview::Graded<'_>> =
        graded.iter().map(GradedStudent::as_graded).collect();
    let analysis = render::overview::analyse(plan, &graded, not_reported, observations);
    render::overview::overview_csv(plan, &analysis)
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
    let Checked { plan, mut warnings, framework_file } = prepare(inputs)?;
    if plan.students.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error("the course has no students, so there are no reports to make")
                .hint("add `students: students.csv` to the course file, or pass `--students FILE`"),
        ]));
    }
    // The observations and the returned forms they were read from, before anything
    // else is read: a missing form stops the run.
    let matched = match &options.observations {
        Some(path) => {
            Some(crate::collect::matched::load(path, &plan).map_err(Error::Invalid)?)
        }
        None => None,
    };
    let observation_files = match &matched {
        Some(m) => observation_files(m).map_err(Error::Invalid)?,
        None => Vec::new(),
    };
    let sheet = scores::read(&options.scores, &plan).map_err(Error::Invalid)?;

    let (problems, skipped) = sheet_problems(&sheet, &options.scores, options.partial);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    warnings.extend(problems);
    let complete = grade_complete(&plan, &sheet);
    if complete.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                "no student is fully assessed, so there is nothing to report",
            )
            .in_file(&options.scores)
            .hint("fill in a level or NG for every indicator of at least one student"),
        ]));
    }
    // A fail needs a motivation an exam committee can read; the examiners decide, so it
    // is a warning, with every student it concerns.
    let unmotivated: Vec<&str> = complete
        .iter()
        .filter(|c| {
            c.grade.verdict == grade::Verdict::Onvoldoende
                && c.scores.motivation.is_empty()
        })
        .map(|c| c.scores.student.number.as_str())
        .collect();
    if !unmotivated.is_empty() {
        let column = crate::words::sheet_words(plan.course.language).motivation;
        warnings.push(
            Diagnostic::warning(format!(
                "{} student(s) failed without a motivation: {}",
                unmotivated.len(),
                unmotivated.join(", ")
            ))
            .in_file(&options.scores)
            .hint(format!(
                "write why in the column `{column}` of sheet Scores; the report shows it under the result"
            )),
        );
    }
    for c in &complete {
        let s = c.scores;
        if let Some(cached) = sheet.cached_grades.get(&s.student.number)
            && let Some(w) =
                scores::check_cached(cached, &s.student, &c.grade, &options.scores)
        {
            warnings.push(w);
        }
    }

    let planned: Vec<names::Planned> = complete
        .iter()
        .map(|c| {
            names::Planned::student(
                Path::new("reports")
                    .join(render::report::file_name(&plan, &c.scores.student)),
                "final report",
                &c.scores.student,
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
        output::Staging::memory(),
    )?;
    warnings.extend(clock_warning);
    let date = env.date;
    let jobs: Vec<(&scores::StudentScores, &grade::GradeResult)> =
        complete.iter().map(|c| (c.scores, &c.grade)).collect();
    let progress = render::batch::Progress::new(
        options.progress,
        jobs.len(),
        crate::words::progress_reports(plan.course.language),
    );
    let results = render::batch::in_parallel(
        &jobs,
        |i, (s, g)| {
            let evict = (i + 1).is_multiple_of(REPORTS_PER_EVICTION);
            render::report::render(&plan, &env, s, g, matched.as_ref(), evict)
        },
        |_| progress.tick(),
    );
    typst::comemo::evict(0);
    drop(progress);
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut not_made = 0;
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
            None => not_made += 1,
        }
    }
    if not_made > 0 {
        // Not the input's fault: exit 2, not "invalid input".
        return Err(Error::Internal(format!(
            "{not_made} report(s) were not made: a worker thread failed"
        )));
    }
    let graded: Vec<Graded> = complete.iter().map(GradedStudent::as_graded).collect();
    let not_reported: Vec<model::Student> = plan
        .students
        .iter()
        .filter(|p| skipped.iter().any(|s| s.number == p.number))
        .cloned()
        .collect();
    // The supervisors' observations (`--observations`), for the agreement figures.
    let observations = matched.as_ref().map(|m| &m.observations);
    match overview::render(&plan, &env, &graded, &not_reported, observations) {
        Ok(pdf) => files.push(archive::ArchiveFile {
            artifact: render::Artifact::new(crate::names::overview(&plan), pdf),
            role: archive::Role::Overview,
            student: None,
        }),
        Err(d) => failures.extend(d),
    }
    if !failures.is_empty() {
        return Err(Error::Invalid(failures));
    }
    files.push(archive::ArchiveFile {
        artifact: render::Artifact::new("grades.csv", grades_csv(&plan, &complete)),
        role: archive::Role::Grades,
        student: None,
    });
    files.push(archive::ArchiveFile {
        artifact: render::Artifact::new(
            crate::names::overview_csv(&plan),
            overview_csv(&plan, &complete, &not_reported, observations),
        ),
        role: archive::Role::OverviewCsv,
        student: None,
    });
    files.extend(input_files(inputs, options, &plan, framework_file.as_deref())?);
    files.extend(observation_files);

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
            not_reported: skipped.iter().map(|s| s.number.clone()).collect(),
            files: Vec::new(),
        },
        &files,
    );
    // Signed before anything is written: a failure leaves the old archive as it was.
    let signature = match &options.sign {
        Some(key) => Some(key.sign(&manifest.to_bytes())?),
        None => None,
    };
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
    let written = archive::write(&dir, &files, &manifest, signature)?;
    drop(lock);
    sort_by_position(&mut warnings);
    let signer = options.sign.as_ref().map(crate::seal::SigningKey::signer);
    Ok(Reported { archive: dir, written, skipped, warnings, signer })
}

/// The sheet's problems and the students without a report. Complete students only: an
/// empty cell is not yet assessed. With `partial`, the students with empty cells or
/// without a row are skipped (warnings); values that are not a level and unknown
/// students stay errors: a typo is fixed, not skipped.
fn sheet_problems(
    sheet: &scores::FilledSheet,
    scores_path: &Path,
    partial: bool,
) -> (Vec<Diagnostic>, Vec<Skipped>) {
    let severity = if partial { diag::Severity::Warning } else { diag::Severity::Error };
    let mut problems: Vec<Diagnostic> = sheet.problems.clone();
    let mut skipped = Vec::new();
    let partial_hint = if partial {
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
                .in_file(scores_path)
                .hint(format!("choose a level or NG (niet geobserveerd) in every cell, {partial_hint}"))
            };
            skipped.push(Skipped {
                number: s.student.number.clone(),
                reason: format!("{} empty cell(s)", s.empty.len()),
            });
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
            .in_file(scores_path)
            .hint(format!(
                "add a row with the student number and the levels, {partial_hint}"
            ))
        });
        skipped.push(Skipped {
            number: m.number.clone(),
            reason: "no row in the sheet".to_owned(),
        });
    }
    (problems, skipped)
}

/// The inputs that produced an archive, as they were read.
fn input_files(
    inputs: &Inputs,
    options: &ReportOptions,
    plan: &Plan,
    framework_file: Option<&Path>,
) -> Result<Vec<archive::ArchiveFile>> {
    let read_input = |path: &Path| {
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
            let role_name = role.as_str();
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
        read_input(&inputs.course)?,
    );
    match framework_file {
        Some(f) => {
            add(archive::Role::Framework, name(f, "framework.yaml"), read_input(f)?)
        }
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
        add(archive::Role::Students, name(&csv, "students.csv"), read_input(&csv)?);
    }
    add(
        archive::Role::Scores,
        name(&options.scores, "scores.xlsx"),
        read_input(&options.scores)?,
    );
    Ok(files)
}

/// The folder of the observations in the archive.
pub const OBSERVATIONS_DIR: &str = "inputs/observaties";

/// `observations.json` as read, and every returned form it lists, found by its SHA-256:
/// where `collect` read it, else beside `observations.json`. Every form is required: an
/// archive keeps what the supervisor returned, not only what was read from it.
///
/// # Errors
/// Every form that is not found or changed after `collect` read it.
fn observation_files(
    m: &crate::collect::matched::Matched,
) -> std::result::Result<Vec<archive::ArchiveFile>, Vec<Diagnostic>> {
    let dir = Path::new(OBSERVATIONS_DIR);
    let mut files = vec![archive::ArchiveFile {
        artifact: render::Artifact::new(
            dir.join(crate::collect::matched::JSON_FILE),
            m.bytes.clone(),
        ),
        role: archive::Role::Observations,
        student: None,
    }];
    let beside = m.path.parent().unwrap_or(Path::new(""));
    let mut problems = Vec::new();
    for f in &m.observations.forms {
        // A form read from scans: its scan files are archived once, below.
        if m.observations.is_scanned(f) {
            continue;
        }
        let recorded = Path::new(&f.source);
        let mut candidates = vec![recorded.to_path_buf()];
        if let Some(name) = recorded.file_name() {
            candidates.push(beside.join(name));
        }
        let mut changed: Option<PathBuf> = None;
        let mut found: Option<Vec<u8>> = None;
        for c in &candidates {
            let Ok(bytes) = std::fs::read(c) else { continue };
            if archive::sha256(&bytes) == f.source_sha256 {
                found = Some(bytes);
                break;
            }
            changed.get_or_insert_with(|| c.clone());
        }
        let who = format!("student `{}` ({})", f.student, f.moment);
        let Some(bytes) = found else {
            let d = match changed {
                Some(c) => Diagnostic::error(format!(
                    "the returned form of {who}, `{}`, changed after `meetlat collect` read it \
                     (its SHA-256 is not the one in the observations)",
                    c.display()
                ))
                .in_file(&m.path)
                .hint("run `meetlat collect` again on the returned forms, so that the \
                       observations and the archive hold the same form"),
                None => Diagnostic::error(format!(
                    "the returned form of {who}, `{}`, is not found (the archive keeps every \
                     form the observations were read from)",
                    f.source
                ))
                .in_file(&m.path)
                .hint(format!(
                    "put the returned forms where `meetlat collect` read them, or beside \
                     `{}`",
                    m.path.display()
                )),
            };
            problems.push(d);
            continue;
        };
        let name = render::safe_file_name(&recorded.file_name().map_or_else(
            || "formulier.pdf".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ));
        let mut path = dir.join(&name);
        // Two forms with one name (from two folders): keep both, named by student.
        if files.iter().any(|x| x.artifact.path == path) {
            path = dir.join(format!("{}-{}-{name}", f.student, f.moment));
        }
        files.push(archive::ArchiveFile {
            artifact: render::Artifact::new(path, bytes),
            role: archive::Role::ObservationForm,
            student: Some(f.student.clone()),
        });
    }
    // The scans the forms were read from and the examiner's decisions on them, each
    // file once (one scan file holds the pages of many students).
    let inputs = [
        (&m.observations.scans, "scans", archive::Role::ObservationScan),
        (&m.observations.decisions, "besluiten", archive::Role::ObservationDecisions),
    ];
    for (list, folder, role) in inputs {
        for input in list {
            let recorded = Path::new(&input.source);
            let mut candidates = vec![recorded.to_path_buf()];
            if let Some(name) = recorded.file_name() {
                candidates.push(beside.join(name));
            }
            let mut changed: Option<PathBuf> = None;
            let found = candidates.iter().find_map(|c| {
                let bytes = std::fs::read(c).ok()?;
                if archive::sha256(&bytes) == input.sha256 {
                    Some(bytes)
                } else {
                    changed.get_or_insert_with(|| c.clone());
                    None
                }
            });
            let Some(bytes) = found else {
                let what = if role == archive::Role::ObservationScan {
                    "the scan file"
                } else {
                    "the examiner's decisions"
                };
                problems.push(match changed {
                    Some(c) => Diagnostic::error(format!(
                        "{what} `{}` changed after `meetlat collect` read it (its SHA-256 \
                         is not the one in the observations)",
                        c.display()
                    ))
                    .in_file(&m.path)
                    .hint("run `meetlat collect` again on the scans, so that the \
                           observations and the archive hold the same files"),
                    None => Diagnostic::error(format!(
                        "{what} `{}` is not found (the archive keeps every file the \
                         observations were read from)",
                        input.source
                    ))
                    .in_file(&m.path)
                    .hint(format!(
                        "put it where `meetlat collect` read it, or beside `{}`",
                        m.path.display()
                    )),
                });
                continue;
            };
            let name =
                render::safe_file_name(&recorded.file_name().map_or_else(
                    || "scan".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                ));
            let mut path = dir.join(folder).join(&name);
            // Two files of one name (from two folders): number them.
            let mut n = 2;
            while files.iter().any(|x| x.artifact.path == path) {
                path = dir.join(folder).join(format!("{n}-{name}"));
                n += 1;
            }
            files.push(archive::ArchiveFile {
                artifact: render::Artifact::new(path, bytes),
                role,
                student: None,
            });
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

//! `meetlat collect`: read the supervisors' filled observation forms back (load →
//! validate → resolve the course, read every form, write `observations.csv` and
//! `observations.json`). The identity of a form comes from the form itself (its hidden
//! field `meetlat`, else its document information), never from its file name.
//!
//! Every file is judged on its own: a file that cannot be used is reported with what is
//! wrong and what to do, and the observations of the usable forms are still written
//! (exit code 1 then tells that something was not used). With no usable form at all
//! nothing is written.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::collect::pdf::{self, Field, Kind, PdfForm, Unreadable};
use crate::collect::scan;
use crate::collect::{
    CERTAIN, FORMAT, FORMAT_VERSION, FormObservations, Missing, Observation,
    Observations, Signature, Unused,
};
use crate::error::{Error, Result};
use crate::render::form::{FormIdentity, IDENTITY_FIELD, Moment, option_name};
use crate::resolve::Plan;
use crate::words::{CollectWords, collect_words};
use crate::{Checked, Diagnostic, Inputs, names, output, prepare};

/// The most files one run reads (a cohort of 300 students and two moments is 600).
pub const MAX_FILES: usize = 10_000;

/// The file names `collect` writes in the output folder.
pub const CSV_FILE: &str = "observations.csv";
/// See [`CSV_FILE`].
pub const JSON_FILE: &str = "observations.json";

/// The advice options of the form (`advies`).
const ADVICE: [&str; 3] = ["voldoende", "onvoldoende", "geen-advies"];

/// What to read and where to write.
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    /// Files and folders (a folder: its PDF files, not its subfolders).
    pub paths: Vec<PathBuf>,
    /// The output folder.
    pub output: PathBuf,
    /// Solve a conflict by the newest file (modification time).
    pub prefer_newest: bool,
    /// The templates the forms were made with (`forms --templates`): scans are read
    /// against the layout they give.
    pub templates: Option<PathBuf>,
}

/// The result of a run.
#[derive(Debug)]
pub struct Collected {
    /// What was read (also written, unless no form was usable).
    pub observations: Observations,
    /// The summary, in the course's language.
    pub summary: String,
    /// The files written (none when no form was usable).
    pub written: Vec<PathBuf>,
    /// Warnings of the course.
    pub warnings: Vec<Diagnostic>,
}

impl Collected {
    /// Files that were not used (including those of a conflict).
    pub fn unused(&self) -> usize {
        self.observations.unused.len()
    }
}

/// Why one file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    NotPdf,
    /// An image file: read as a scan (never reported).
    Scan,
    Encrypted,
    Damaged,
    TooLarge,
    Unreadable(String),
    NotAForm,
    NoFields,
    NoIdentity,
    OtherCourse(String),
    OtherVersion(String),
    UnknownStudent(String),
    BlankWithoutNumber,
    MissingFields(Vec<String>),
    BadValue(String, String),
    Conflict(String, String, Vec<String>),
}

impl Problem {
    /// The stable code (see [`Unused::reason`]).
    fn code(&self) -> &'static str {
        match self {
            Problem::NotPdf => "geen-pdf",
            Problem::Scan => "geen-code",
            Problem::Encrypted => "versleuteld",
            Problem::Damaged => "beschadigd",
            Problem::TooLarge => "te-groot",
            Problem::Unreadable(_) => "onleesbaar",
            Problem::NotAForm => "geen-formulier",
            Problem::NoFields => "zonder-velden",
            Problem::NoIdentity => "oud-formulier",
            Problem::OtherCourse(_) => "andere-cursus",
            Problem::OtherVersion(_) => "andere-versie",
            Problem::UnknownStudent(_) => "onbekende-student",
            Problem::BlankWithoutNumber => "geen-studentnummer",
            Problem::MissingFields(_) => "velden-ontbreken",
            Problem::BadValue(..) => "ongeldige-waarde",
            Problem::Conflict(..) => "conflict",
        }
    }

    /// What is wrong and what to do, in words.
    fn explain(&self, plan: &Plan, w: &CollectWords) -> String {
        let [what, todo] = match self {
            Problem::NotPdf | Problem::Scan => w.not_pdf,
            Problem::Encrypted => w.encrypted,
            Problem::Damaged => w.damaged,
            Problem::TooLarge => w.too_large,
            Problem::Unreadable(_) => w.unreadable,
            Problem::NotAForm => w.not_a_form,
            Problem::NoFields => w.no_fields,
            Problem::NoIdentity => w.no_identity,
            Problem::OtherCourse(_) => w.other_course,
            Problem::OtherVersion(_) => w.other_version,
            Problem::UnknownStudent(_) => w.unknown_student,
            Problem::BlankWithoutNumber => w.blank_without_number,
            Problem::MissingFields(_) => w.missing_fields,
            Problem::BadValue(..) => w.bad_value,
            Problem::Conflict(..) => w.conflict,
        };
        let fill = |t: &str| {
            let mut t = t
                .replace("{expected}", &plan.course.code)
                .replace("{mb}", &(pdf::MAX_FILE_BYTES / 1024 / 1024).to_string());
            match self {
                Problem::Unreadable(r) => t = t.replace("{reason}", r),
                Problem::OtherCourse(c) => t = t.replace("{course}", c),
                Problem::OtherVersion(f) => {
                    t = t.replace("{found}", f).replace("{expected}", &plan.fingerprint);
                }
                Problem::UnknownStudent(s) => t = t.replace("{student}", s),
                Problem::MissingFields(f) => t = t.replace("{fields}", &short_list(f, 8)),
                Problem::BadValue(f, v) => {
                    t = t.replace("{field}", f).replace("{value}", v)
                }
                Problem::Conflict(s, m, files) => {
                    t = t
                        .replace("{student}", s)
                        .replace(
                            "{moment}",
                            crate::words::observation_words(plan.course.language)
                                .moment_text(m),
                        )
                        .replace("{files}", &files.join(", "));
                }
                _ => {}
            }
            t
        };
        format!("{}; {}", fill(what), fill(todo))
    }
}

/// `items` joined with `, `, at most `max` of them and then `…`.
fn short_list(items: &[String], max: usize) -> String {
    let mut text = items.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > max {
        text.push_str(&format!(", … (+{})", items.len() - max));
    }
    text
}

/// A usable form, before conflicts are looked at.
#[derive(Debug, Clone)]
struct Read {
    /// The student's place in the list, and the moment (for the order).
    order: (usize, u8),
    /// The observations.
    form: FormObservations,
    /// When the file was last changed.
    modified: Option<SystemTime>,
}

/// Read the filled forms in `options.paths` for the course of `inputs` and write
/// `observations.csv` and `observations.json` into `options.output`.
///
/// # Errors
/// [`Error::Invalid`] when the course has problems, a path does not exist, there are no
/// files to read or too many; [`Error::Io`] when writing fails. A file that cannot be
/// used is no error: it is listed in [`Observations::unused`] and the summary.
pub fn collect(inputs: &Inputs, options: &CollectOptions) -> Result<Collected> {
    let Checked { plan, warnings, .. } = prepare(inputs)?;
    let w = collect_words(plan.course.language);
    let (mut files, skipped) = list_files(&options.paths)?;
    // The examiner's decisions on rows of scans to check (`controle.csv`), read first:
    // a decision that is no level stops the run before anything is read.
    let mut decisions = scan::decisions::Decisions::default();
    let mut problems = Vec::new();
    files.retain(|path| {
        let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if csv { std::fs::read(path).ok() } else { None };
        match bytes {
            Some(b) if scan::decisions::is_decisions(&b) => {
                if let Err(e) = scan::decisions::read(path, &b, &plan, &mut decisions) {
                    problems.extend(e);
                }
                false
            }
            _ => true,
        }
    });
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if files.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error("there are no forms or scans to read, only decisions")
                .hint("give the scans together with the filled-in controle.csv"),
        ]));
    }

    // Every file on its own, on the worker threads.
    let levels: HashMap<String, String> =
        plan.levels.iter().map(|l| (option_name(&l.id), l.id.clone())).collect();
    let students: HashMap<&str, usize> =
        plan.students.iter().enumerate().map(|(i, s)| (s.number.as_str(), i)).collect();
    let results = crate::render::batch::in_parallel(
        &files,
        |_, path| read_file(&plan, &levels, &students, path),
        |_| {},
    );

    let mut unused: Vec<(String, Problem)> = Vec::new();
    let mut read: Vec<Read> = Vec::new();
    // Files without form fields may be scans of paper forms (src/collect/scan/).
    let mut scans: Vec<((PathBuf, String), Problem)> = Vec::new();
    for (path, result) in files.iter().zip(results) {
        match result.unwrap_or_else(|| Err(Problem::Unreadable("worker failed".into()))) {
            Ok(r) => read.push(r),
            Err(
                p @ (Problem::Scan
                | Problem::NotAForm
                | Problem::NoFields
                | Problem::TooLarge),
            ) => scans.push(((path.clone(), display(path)), p)),
            Err(p) => unused.push((display(path), p)),
        }
    }
    let mut scan_run = scan::run::ScanRun::default();
    if !scans.is_empty() {
        let (env, _) = crate::render::RenderEnv::for_course(
            &plan,
            options.templates.as_deref(),
            output::Staging::memory(),
        )?;
        let (paths, problems): (Vec<_>, Vec<_>) = scans.into_iter().unzip();
        let images: Vec<bool> = problems.iter().map(|p| *p == Problem::Scan).collect();
        let scanner_only: Vec<bool> =
            problems.iter().map(|p| *p == Problem::NoFields).collect();
        scan_run =
            scan::run::run(&plan, &env, &paths, &images, &scanner_only, &decisions);
        for &i in &scan_run.not_scans {
            unused.push((paths[i].1.clone(), problems[i].clone()));
        }
        for f in &scan_run.forms {
            read.push(Read {
                order: (f.student, moment_rank(f.moment)),
                form: f.form.clone(),
                modified: None,
            });
        }
    }

    // Every decision must be of a row to check in this run.
    let stale = scan::decisions::unused(&decisions, &scan_run.decided);
    if !stale.is_empty() {
        return Err(Error::Invalid(stale));
    }

    // One form per student and moment: identical copies are used once, different ones
    // are a conflict (unless the newest may win).
    read.sort_by(|a, b| (a.order, &a.form.source).cmp(&(b.order, &b.form.source)));
    let mut forms: Vec<FormObservations> = Vec::new();
    let mut duplicates: Vec<String> = Vec::new();
    let mut newest: Vec<String> = Vec::new();
    let mut conflicted: HashSet<(usize, u8)> = HashSet::new();
    for group in read.chunk_by(|a, b| a.order == b.order) {
        let first = &group[0];
        let same = group.iter().all(|r| same_content(&r.form, &first.form));
        if same {
            if group.len() > 1 {
                let files: Vec<&str> =
                    group.iter().map(|r| r.form.source.as_str()).collect();
                duplicates.push(files.join(" = "));
            }
            forms.push(first.form.clone());
            continue;
        }
        let latest = group.iter().filter_map(|r| r.modified).max();
        let winners: Vec<&Read> =
            group.iter().filter(|r| latest.is_some() && r.modified == latest).collect();
        let unique_winner = winners.len() == 1
            || winners.iter().all(|r| same_content(&r.form, &winners[0].form));
        if options.prefer_newest && !winners.is_empty() && unique_winner {
            let form = winners[0].form.clone();
            newest.push(
                w.newest
                    .replace("{student}", &form.student)
                    .replace(
                        "{moment}",
                        crate::words::observation_words(plan.course.language)
                            .moment_text(&form.moment),
                    )
                    .replace("{file}", &form.source),
            );
            forms.push(form);
            continue;
        }
        conflicted.insert(first.order);
        let files: Vec<String> = group.iter().map(|r| r.form.source.clone()).collect();
        for r in group {
            unused.push((
                r.form.source.clone(),
                Problem::Conflict(
                    first.form.student.clone(),
                    first.form.moment.clone(),
                    files.clone(),
                ),
            ));
        }
    }

    // Students without a usable form, for each moment read (the final one if none).
    let mut moments: Vec<u8> = read.iter().map(|r| r.order.1).collect();
    moments.sort_unstable();
    moments.dedup();
    if moments.is_empty() {
        moments.push(moment_rank(Moment::Eind));
    }
    let have: HashSet<(usize, u8)> = read.iter().map(|r| r.order).collect();
    let mut missing = Vec::new();
    for &m in &moments {
        for (i, s) in plan.students.iter().enumerate() {
            if !have.contains(&(i, m)) && !conflicted.contains(&(i, m)) {
                missing.push(Missing {
                    student: s.number.clone(),
                    moment: moment_of_rank(m).id().to_owned(),
                });
            }
        }
    }

    unused.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unused: Vec<Unused> = unused
        .iter()
        .map(|(file, p)| Unused {
            source: file.clone(),
            reason: p.code().to_owned(),
            explanation: p.explain(&plan, w),
        })
        .collect();
    unused.extend(scan_run.unused.iter().map(|u| Unused {
        source: u.source.clone(),
        reason: u.reason.to_owned(),
        explanation: u.explanation.clone(),
    }));
    let observations = Observations {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        course: plan.course.code.clone(),
        fingerprint: plan.fingerprint.clone(),
        forms,
        missing,
        unused,
        scans: scan_run.sources.clone(),
        decisions: decisions
            .files
            .iter()
            .map(|(path, sha256)| crate::collect::SourceFile {
                source: display(path),
                sha256: sha256.clone(),
            })
            .collect(),
    };
    // The examiner's own `controle.csv` in the output folder is kept as they saved it
    // (it is the evidence of their decisions, named by its SHA-256 in the
    // observations); elsewhere a fresh one lists the rows to check with the decisions.
    let own_decisions = decisions.files.iter().any(|(path, _)| {
        let ours = options.output.join(scan::decisions::DECISIONS_FILE);
        std::fs::canonicalize(path)
            .ok()
            .is_some_and(|p| std::fs::canonicalize(&ours).ok().is_some_and(|o| o == p))
    });
    if own_decisions {
        scan_run.checks.clear();
    }

    // Write, only when there is something to write: all files at once, or none.
    let written = if observations.forms.is_empty() {
        Vec::new()
    } else {
        let mut planned = vec![
            names::Planned::course(CSV_FILE, "the observations (CSV)"),
            names::Planned::course(JSON_FILE, "the observations (JSON)"),
        ];
        if scan_run.review.is_some() {
            planned.push(names::Planned::course(
                scan::run::REVIEW_FILE,
                "the review of scanned forms (PDF)",
            ));
        }
        if !scan_run.checks.is_empty() {
            planned.push(names::Planned::course(
                scan::decisions::DECISIONS_FILE,
                "the rows of scanned forms to check (CSV)",
            ));
        }
        let problems = names::check(&planned, Some(&options.output));
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let staging = output::Staging::in_folder(&options.output)?;
        let mut artifacts = vec![
            output::Artifact::new(CSV_FILE, observations.to_csv()),
            output::Artifact::new(JSON_FILE, observations.to_json()),
        ];
        if let Some(review) = scan_run.review.take() {
            artifacts.push(output::Artifact::new(scan::run::REVIEW_FILE, review));
        }
        if !scan_run.checks.is_empty() {
            artifacts.push(output::Artifact::new(
                scan::decisions::DECISIONS_FILE,
                scan::decisions::to_csv(&scan_run.checks),
            ));
        }
        let written = output::write_artifacts(&options.output, &artifacts)?;
        drop(staging);
        written
    };
    let summary = summary(
        &plan,
        w,
        &observations,
        &Extra {
            moments: &moments,
            duplicates: &duplicates,
            newest: &newest,
            skipped: &skipped,
            written: &written,
            scans: &scan_run.summary,
        },
    );
    Ok(Collected { observations, summary, written, warnings })
}

/// The order of the moments: midway before final.
fn moment_rank(m: Moment) -> u8 {
    match m {
        Moment::Tussentijds => 0,
        Moment::Eind => 1,
    }
}

/// See [`moment_rank`].
fn moment_of_rank(rank: u8) -> Moment {
    if rank == 0 { Moment::Tussentijds } else { Moment::Eind }
}

/// A path as the user gave it.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Whether two forms say the same (whatever file they came from).
fn same_content(a: &FormObservations, b: &FormObservations) -> bool {
    FormObservations { source: String::new(), source_sha256: String::new(), ..a.clone() }
        == FormObservations {
            source: String::new(),
            source_sha256: String::new(),
            ..b.clone()
        }
}

/// The files to read, in the order given (a folder's files by name), each once; and
/// what was skipped in folders.
fn list_files(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |files: &mut Vec<PathBuf>, path: PathBuf| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            files.push(path);
        }
    };
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => problems.push(
                Diagnostic::error(format!("cannot read `{}` ({e})", path.display()))
                    .hint("give the filled-in forms, or the folder they are in"),
            ),
            Ok(meta) if meta.is_dir() => {
                let entries = match std::fs::read_dir(path) {
                    Ok(entries) => entries,
                    Err(e) => {
                        problems.push(Diagnostic::error(format!(
                            "cannot read the folder `{}` ({e})",
                            path.display()
                        )));
                        continue;
                    }
                };
                let mut entries: Vec<PathBuf> =
                    entries.flatten().map(|e| e.path()).collect();
                entries.sort();
                for entry in entries {
                    let name =
                        entry.file_name().map(|n| n.to_string_lossy().into_owned());
                    // Hidden files (`.DS_Store`, a viewer's lock file) are not forms.
                    if name
                        .as_deref()
                        .is_none_or(|n| n.starts_with('.') || n.starts_with("~$"))
                    {
                        continue;
                    }
                    // PDFs, and images of scanned forms.
                    let pdf = entry.extension().is_some_and(|e| {
                        ["pdf", "png", "jpg", "jpeg", "tif", "tiff"]
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                    });
                    // A filled `controle.csv` (the examiner's decisions on scans).
                    let decisions =
                        entry.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                            && std::fs::read(&entry)
                                .is_ok_and(|b| scan::decisions::is_decisions(&b));
                    if (pdf || decisions) && entry.is_file() {
                        add(&mut files, entry);
                    } else {
                        skipped.push(display(&entry));
                    }
                }
            }
            Ok(_) => add(&mut files, path.clone()),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if files.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::error("there are no PDF files to read")
                .hint("give the filled-in forms (PDF), or the folder they are in"),
        ]));
    }
    if files.len() > MAX_FILES {
        return Err(Error::Invalid(vec![
            Diagnostic::error(format!(
                "{} files are more than one run reads ({MAX_FILES})",
                files.len()
            ))
            .hint("read the forms of one course in one run, a folder at a time"),
        ]));
    }
    Ok((files, skipped))
}

/// Read one file and judge it against the plan.
fn read_file(
    plan: &Plan,
    levels: &HashMap<String, String>,
    students: &HashMap<&str, usize>,
    path: &Path,
) -> std::result::Result<Read, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::Unreadable(e.to_string()))?;
    if meta.len() > pdf::MAX_FILE_BYTES {
        return Err(Problem::TooLarge);
    }
    let bytes = std::fs::read(path).map_err(|e| Problem::Unreadable(e.to_string()))?;
    if scan::is_image(&bytes) {
        return Err(Problem::Scan);
    }
    // A hostile or broken file must not take the run down with it.
    let parsed = std::panic::catch_unwind(|| pdf::read(&bytes))
        .unwrap_or_else(|_| Err(Unreadable::Damaged("the PDF reader failed".into())));
    let form = match parsed {
        Ok(form) => form,
        Err(Unreadable::NotPdf) => return Err(Problem::NotPdf),
        Err(Unreadable::Encrypted) => return Err(Problem::Encrypted),
        Err(Unreadable::Damaged(why)) => {
            if std::env::var_os("MEETLAT_DEBUG").is_some() {
                eprintln!("debug: {}: {why}", path.display());
            }
            return Err(Problem::Damaged);
        }
    };
    let mut record = judge(plan, levels, students, &form)?;
    record.form.source = display(path);
    record.form.source_sha256 = crate::hash::sha256(&bytes);
    record.modified = meta.modified().ok();
    Ok(record)
}

/// Read a returned form again from its bytes, as `collect` read it (without its file
/// name and hash): for `verify`, which compares an archived form with the observations.
///
/// # Errors
/// Why the form cannot be used, in the course's words.
pub fn reread(
    plan: &Plan,
    bytes: &[u8],
) -> std::result::Result<FormObservations, String> {
    let levels: HashMap<String, String> =
        plan.levels.iter().map(|l| (option_name(&l.id), l.id.clone())).collect();
    let students: HashMap<&str, usize> =
        plan.students.iter().enumerate().map(|(i, s)| (s.number.as_str(), i)).collect();
    let w = collect_words(plan.course.language);
    let parsed = std::panic::catch_unwind(|| pdf::read(bytes))
        .unwrap_or_else(|_| Err(Unreadable::Damaged("the PDF reader failed".into())));
    let problem = match parsed {
        Ok(form) => match judge(plan, &levels, &students, &form) {
            Ok(read) => return Ok(read.form),
            Err(p) => p,
        },
        Err(Unreadable::NotPdf) => Problem::NotPdf,
        Err(Unreadable::Encrypted) => Problem::Encrypted,
        Err(Unreadable::Damaged(_)) => Problem::Damaged,
    };
    Err(problem.explain(plan, w))
}

/// Whether two forms say the same, whatever file they came from (see [`reread`]).
pub fn same_form(a: &FormObservations, b: &FormObservations) -> bool {
    same_content(a, b)
}

/// The fields of a form with data (the radio groups and the advice).
fn data_fields(plan: &Plan) -> Vec<String> {
    let mut names: Vec<String> = plan
        .outcomes
        .iter()
        .flat_map(|o| o.indicators.iter().map(move |i| format!("{}.{}", o.id, i.id)))
        .collect();
    names.push("advies".into());
    names
}

/// The text fields of a form (besides a blank form's `student` and `studentnummer`).
fn text_fields(plan: &Plan) -> Vec<String> {
    let mut names: Vec<String> =
        ["begeleider", "organisatie", "datum", "opmerkingen"].map(String::from).to_vec();
    for o in &plan.outcomes {
        names.push(format!("{}.{}", o.id, crate::ids::EXAMPLES_FIELD));
    }
    for who in ["begeleider", "student"] {
        for part in ["naam", "datum", "handtekening"] {
            names.push(format!("ondertekening.{who}.{part}"));
        }
    }
    names
}

/// Whether `fields` look like a meetlat form's (for a form that does not say whose it is).
fn has_form_fields(fields: &BTreeMap<String, Field>) -> bool {
    fields.contains_key("advies") || fields.contains_key("begeleider")
}

/// Judge a form's fields against the plan: whose it is, and what it says.
fn judge(
    plan: &Plan,
    levels: &HashMap<String, String>,
    students: &HashMap<&str, usize>,
    form: &PdfForm,
) -> std::result::Result<Read, Problem> {
    let fields = &form.fields;
    let from_field = fields
        .get(IDENTITY_FIELD)
        .filter(|f| f.kind == Kind::Text)
        .and_then(|f| f.value.as_deref())
        .and_then(FormIdentity::parse);
    let identity = from_field
        .or_else(|| form.info_identity.as_deref().and_then(FormIdentity::parse));
    let Some(identity) = identity else {
        return Err(if fields.is_empty() {
            if form.looks_like_form { Problem::NoFields } else { Problem::NotAForm }
        } else if has_form_fields(fields) {
            Problem::NoIdentity
        } else {
            Problem::NotAForm
        });
    };
    let moment = Moment::from_id(&identity.moment).ok_or(Problem::NotAForm)?;
    if identity.course != plan.course.code {
        return Err(Problem::OtherCourse(identity.course));
    }
    if identity.fingerprint != plan.fingerprint {
        return Err(Problem::OtherVersion(identity.fingerprint));
    }
    let data = data_fields(plan);
    // No field with data left: printed to PDF or flattened (a hidden field may stay).
    if !data.iter().any(|n| fields.contains_key(n)) {
        return Err(Problem::NoFields);
    }
    let mut texts = text_fields(plan);
    if identity.student.is_none() {
        texts.extend(["student".into(), "studentnummer".into()]);
    }
    let mut missing: Vec<String> = data
        .iter()
        .filter(|n| fields.get(*n).is_none_or(|f| f.kind != Kind::Button))
        .chain(
            texts.iter().filter(|n| fields.get(*n).is_none_or(|f| f.kind != Kind::Text)),
        )
        .cloned()
        .collect();
    if !missing.is_empty() {
        missing.sort();
        return Err(Problem::MissingFields(missing));
    }
    let text = |name: &str| -> String {
        let value = fields.get(name).and_then(|f| f.value.clone()).unwrap_or_default();
        // Viewers end lines with CR, LF or both: one line break, LF.
        value.replace("\r\n", "\n").replace('\r', "\n")
    };
    let number = match &identity.student {
        Some(n) => n.clone(),
        None => {
            let typed = text("studentnummer").trim().to_owned();
            if typed.is_empty() {
                return Err(Problem::BlankWithoutNumber);
            }
            typed
        }
    };
    let Some(&index) = students.get(number.as_str()) else {
        return Err(Problem::UnknownStudent(number));
    };
    let choice = |name: &str| -> Option<String> {
        let f = fields.get(name)?;
        f.value
            .clone()
            .filter(|v| !v.is_empty() && v != "Off")
            .or_else(|| f.on.first().cloned())
    };
    let mut observations = Vec::new();
    for o in &plan.outcomes {
        for i in &o.indicators {
            let name = format!("{}.{}", o.id, i.id);
            let level = match choice(&name) {
                None => None,
                Some(v) if v == "NG" => Some(v),
                Some(v) => Some(
                    levels.get(&v).cloned().ok_or(Problem::BadValue(name.clone(), v))?,
                ),
            };
            observations.push(Observation {
                outcome: o.id.clone(),
                indicator: i.id.clone(),
                level,
                page: fields.get(&name).and_then(|f| f.page),
                certainty: CERTAIN.to_owned(),
                decided_by: None,
            });
        }
    }
    let advice = match choice("advies") {
        Some(v) if !ADVICE.contains(&v.as_str()) => {
            return Err(Problem::BadValue("advies".into(), v));
        }
        other => other,
    };
    let signature = |who: &str| Signature {
        name: text(&format!("ondertekening.{who}.naam")),
        date: text(&format!("ondertekening.{who}.datum")),
        signature: text(&format!("ondertekening.{who}.handtekening")),
    };
    let form = FormObservations {
        student: number,
        moment: moment.id().to_owned(),
        source: String::new(),
        source_sha256: String::new(),
        supervisor: text("begeleider"),
        organisation: text("organisatie"),
        date: text("datum"),
        advice,
        remarks: text("opmerkingen"),
        examples: plan
            .outcomes
            .iter()
            .map(|o| {
                (o.id.clone(), text(&format!("{}.{}", o.id, crate::ids::EXAMPLES_FIELD)))
            })
            .collect(),
        signatures: [
            ("begeleider", signature("begeleider")),
            ("student", signature("student")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        student_name: if identity.student.is_none() {
            text("student")
        } else {
            String::new()
        },
        observations,
    };
    Ok(Read { order: (index, moment_rank(moment)), form, modified: None })
}

/// What the summary needs besides the observations.
struct Extra<'a> {
    moments: &'a [u8],
    duplicates: &'a [String],
    newest: &'a [String],
    skipped: &'a [String],
    written: &'a [PathBuf],
    /// Lines about scanned forms.
    scans: &'a [String],
}

/// The summary on standard output, in the course's language.
fn summary(
    plan: &Plan,
    w: &CollectWords,
    obs: &Observations,
    extra: &Extra<'_>,
) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{}", w.title.replace("{course}", &plan.course.code));
    let _ = writeln!(s, "{}", w.read.replace("{n}", &obs.forms.len().to_string()));
    for d in extra.duplicates {
        let _ = writeln!(s, "  {}", w.duplicates.replace("{files}", d));
    }
    for n in extra.newest {
        let _ = writeln!(s, "  {n}");
    }
    let names: HashMap<&str, String> =
        plan.students.iter().map(|s| (s.number.as_str(), s.full_name())).collect();
    for &m in extra.moments {
        let moment = moment_of_rank(m).id();
        let missing: Vec<&Missing> =
            obs.missing.iter().filter(|x| x.moment == moment).collect();
        if missing.is_empty() {
            let _ = writeln!(
                s,
                "{}",
                w.all_returned.replace(
                    "{moment}",
                    crate::words::observation_words(plan.course.language)
                        .moment_text(moment)
                )
            );
            continue;
        }
        let _ = writeln!(
            s,
            "{}",
            w.missing
                .replace(
                    "{moment}",
                    crate::words::observation_words(plan.course.language)
                        .moment_text(moment)
                )
                .replace("{n}", &missing.len().to_string())
        );
        for x in missing {
            let name = names.get(x.student.as_str()).map_or("", String::as_str);
            let _ = writeln!(s, "  {} {name}", x.student);
        }
    }
    let empty: Vec<(&FormObservations, Vec<String>)> = obs
        .forms
        .iter()
        .map(|f| {
            let ids = f
                .observations
                .iter()
                .filter(|o| o.level.is_none())
                .map(|o| format!("{}.{}", o.outcome, o.indicator))
                .collect::<Vec<_>>();
            (f, ids)
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    if obs.forms.is_empty() {
        // Nothing read: nothing to say about empty indicators.
    } else if empty.is_empty() {
        let _ = writeln!(s, "{}", w.none_empty);
    } else {
        let total: usize = empty.iter().map(|(_, ids)| ids.len()).sum();
        let _ = writeln!(
            s,
            "{}",
            w.empty
                .replace("{n}", &total.to_string())
                .replace("{m}", &empty.len().to_string())
        );
        for (f, ids) in empty {
            let _ =
                writeln!(s, "  {} ({}): {}", f.student, f.moment, short_list(&ids, 10));
        }
    }
    for line in extra.scans {
        let _ = writeln!(s, "{line}");
    }
    if !obs.unused.is_empty() {
        let _ = writeln!(s, "{}", w.unused.replace("{n}", &obs.unused.len().to_string()));
        for u in &obs.unused {
            let _ = writeln!(s, "  {}: {}", u.source, u.explanation);
        }
    }
    if !extra.skipped.is_empty() {
        let _ =
            writeln!(s, "{}", w.skipped.replace("{n}", &extra.skipped.len().to_string()));
        for f in extra.skipped {
            let _ = writeln!(s, "  {f}");
        }
    }
    if extra.written.is_empty() {
        let _ = writeln!(s, "{}", w.nothing_written);
    } else {
        for p in extra.written {
            let _ = writeln!(s, "{}: {}", w.written, p.display());
        }
    }
    s
}

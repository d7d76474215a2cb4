//! `meetlat verify`: check an archive folder that `meetlat report` wrote.
//!
//! The archive must hold up by its own logic, not only against its manifest (which
//! anyone can rewrite): the grades are computed again from the archived inputs with
//! [`report::grade_complete`], the function `report` used; every graded student has
//! exactly one report, which names that student inside the PDF; `grades.csv`, the
//! overview, its CSV (computed again too) and the inputs are there. A verify that cannot recompute the grades fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::archive::{self, Finding, MANIFEST, ManifestFile, Role};
use crate::error::{Error, Result};
use crate::pipeline::report;
use crate::{Inputs, prepare, render, scores};

/// Check an archive folder: every file against the manifest ([`archive::verify`]), the
/// archive complete by its own logic, and `grades.csv` against the grades computed again
/// from the archived inputs (course file, framework, student list and filled sheet) with
/// this meetlat's grading module: a changed grade whose hash was changed in the manifest
/// too is still found, and so is a changed input.
///
/// # Errors
/// [`crate::Error::Invalid`] when the folder has no readable manifest.
pub fn verify(dir: &Path) -> Result<archive::Verified> {
    let mut verified = archive::verify(dir)?;
    let mut findings = Vec::new();
    let manifest = &verified.manifest;
    // Files that failed a check are not read again.
    let failed: BTreeSet<String> =
        verified.findings.iter().map(|f| f.path().to_owned()).collect();
    let whole = |role: Role, name: &str, findings: &mut Vec<Finding>| {
        let listed: Vec<&ManifestFile> =
            manifest.files.iter().filter(|f| f.role == role).collect();
        match listed.as_slice() {
            [one] => Some(*one),
            [] => {
                findings.push(Finding::Invalid(
                    MANIFEST.to_owned(),
                    format!("it lists no {name}, which every archive holds"),
                ));
                None
            }
            more => {
                findings.push(Finding::Invalid(
                    MANIFEST.to_owned(),
                    format!(
                        "it lists {} files as the {name}: {}",
                        more.len(),
                        more.iter()
                            .map(|f| f.path.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                None
            }
        }
    };
    if !archive::FORMATS.contains(&manifest.format.as_str()) {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!(
                "its format `{}` is not one this meetlat reads ({})",
                manifest.format,
                archive::FORMATS.join(", ")
            ),
        ));
    }
    let grades = whole(Role::Grades, "grades.csv", &mut findings);
    whole(Role::Overview, "overview", &mut findings);
    // Archives of format /1 were written before the analysis of the assessment had a CSV.
    if manifest.format != archive::FORMATS[0] {
        whole(Role::OverviewCsv, "overview CSV", &mut findings);
    }
    let course = whole(Role::Course, "course file", &mut findings);
    let framework = whole(Role::Framework, "framework file", &mut findings);
    let scores_file = whole(Role::Scores, "filled scoring sheet", &mut findings);
    let students: Vec<&ManifestFile> =
        manifest.files.iter().filter(|f| f.role == Role::Students).collect();
    if students.len() > 1 {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!("it lists {} student lists", students.len()),
        ));
    }

    // Every student in grades.csv has exactly one report, and every report a grade.
    let reports: Vec<&ManifestFile> =
        manifest.files.iter().filter(|f| f.role == Role::Report).collect();
    if let Some(grades) = grades
        && !failed.contains(&grades.path)
    {
        match graded_numbers(&dir.join(&grades.path)) {
            Ok(numbers) => {
                for number in &numbers {
                    let of: Vec<&&ManifestFile> = reports
                        .iter()
                        .filter(|r| {
                            r.student.as_deref().map(render::overview::csv_cell).as_ref()
                                == Some(number)
                        })
                        .collect();
                    if of.len() != 1 {
                        findings.push(Finding::Invalid(
                            grades.path.clone(),
                            format!(
                                "student `{number}` has a grade here and {} report(s) in the manifest, not one",
                                of.len()
                            ),
                        ));
                    }
                }
                for r in &reports {
                    let graded = r.student.as_deref().is_some_and(|s| {
                        numbers.contains(&render::overview::csv_cell(s))
                    });
                    if !graded && r.student.is_some() {
                        findings.push(Finding::Invalid(
                            r.path.clone(),
                            "a report of a student who has no grade in grades.csv"
                                .to_owned(),
                        ));
                    }
                }
            }
            Err(why) => findings.push(Finding::Invalid(grades.path.clone(), why)),
        }
    }

    // The grades computed again, with the function `report` used.
    let usable = |f: Option<&'_ ManifestFile>| -> bool {
        f.is_some_and(|f| !failed.contains(&f.path))
    };
    let not_recomputed = match (
        grades,
        course.filter(|_| usable(course)),
        framework.filter(|_| usable(framework)),
        scores_file.filter(|_| usable(scores_file)),
        students.as_slice(),
    ) {
        (None, ..) => Some("the archive has no grades.csv to compare".to_owned()),
        (Some(_), None, ..) | (Some(_), _, None, ..) | (Some(_), _, _, None, _) => {
            Some("an archived input (course file, framework or filled sheet) is missing or failed its check".to_owned())
        }
        (_, _, _, _, [s, ..]) if failed.contains(&s.path) => {
            Some(format!("the archived student list {} failed its check", s.path))
        }
        (Some(grades), Some(course), Some(framework), Some(scores_file), students) => {
            let inputs = Inputs {
                course: dir.join(&course.path),
                framework: Some(dir.join(&framework.path)),
                students: students.first().map(|s| dir.join(&s.path)),
            };
            recompute(
                dir,
                &inputs,
                Archived { course, scores_file, grades },
                manifest,
                &failed,
                &mut findings,
            )
        }
    };
    if let Some(why) = not_recomputed {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!(
                "the grades cannot be computed again from the archived inputs: {why}"
            ),
        ));
        verified.recomputed = Some(false);
    } else {
        verified.recomputed = Some(true);
    }
    verified.findings.extend(findings);
    verified.findings.sort_by(|a, b| a.path().cmp(b.path()));
    verified.findings.dedup();
    Ok(verified)
}

/// Compute the grades again from the archived inputs and compare; `Some(why)` when that
/// is not possible.
/// The archived files [`recompute`] reads.
struct Archived<'a> {
    course: &'a ManifestFile,
    scores_file: &'a ManifestFile,
    grades: &'a ManifestFile,
}

fn recompute(
    dir: &Path,
    inputs: &Inputs,
    archived: Archived<'_>,
    manifest: &archive::Manifest,
    failed: &BTreeSet<String>,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let Archived { course, scores_file, grades } = archived;
    let first_error = |diags: &[crate::Diagnostic]| {
        diags
            .iter()
            .find(|d| d.is_error())
            .map_or_else(|| "an unknown problem".to_owned(), |d| d.message.clone())
    };
    let plan = match prepare(inputs) {
        Ok(checked) => checked.plan,
        Err(Error::Invalid(diags)) => {
            return Some(format!(
                "{} does not load with this meetlat ({})",
                course.path,
                first_error(&diags)
            ));
        }
        Err(e) => return Some(format!("{} does not load ({e})", course.path)),
    };
    if inputs.students.is_none()
        && matches!(
            plan.course.students,
            Some(crate::model::course::StudentSource::File(_))
        )
    {
        return Some(format!(
            "{} names a student list that the archive does not hold",
            course.path
        ));
    }
    if plan.course.code != manifest.course
        || plan.course.academic_year != manifest.academic_year
    {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!(
                "it names course {} {}, the archived course file {} {}",
                manifest.course,
                manifest.academic_year,
                plan.course.code,
                plan.course.academic_year
            ),
        ));
    }
    if plan.fingerprint != manifest.fingerprint {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!(
                "its fingerprint `{}` is not that of the archived course file and framework (`{}`)",
                manifest.fingerprint, plan.fingerprint
            ),
        ));
    }
    let sheet = match scores::read(&dir.join(&scores_file.path), &plan) {
        Ok(sheet) => sheet,
        Err(diags) => {
            return Some(format!(
                "{} does not read as the filled sheet of this course ({})",
                scores_file.path,
                first_error(&diags)
            ));
        }
    };
    if let Some(d) = sheet.problems.iter().find(|d| d.is_error()) {
        return Some(format!(
            "{} has a problem `meetlat report` refuses ({})",
            scores_file.path, d.message
        ));
    }
    check_observations(dir, &plan, manifest, failed, findings);
    let graded = report::grade_complete(&plan, &sheet);
    let csv = report::grades_csv(&plan, &graded);
    let archived = std::fs::read(dir.join(&grades.path)).unwrap_or_default();
    if archived != csv {
        findings.push(Finding::Invalid(
            grades.path.clone(),
            format!(
                "its grades differ from the grades computed again from the archived inputs: {}",
                grade_differences(
                    &String::from_utf8_lossy(&archived),
                    &String::from_utf8_lossy(&csv)
                )
            ),
        ));
    }
    // Every student of the course is either graded or listed as not reported.
    let graded_numbers: BTreeSet<&str> =
        graded.iter().map(|g| g.scores.student.number.as_str()).collect();
    // The overview's figures, computed again (only when the manifest lists one CSV: the
    // count is checked above).
    if let [csv_file] = manifest
        .files
        .iter()
        .filter(|f| f.role == Role::OverviewCsv)
        .collect::<Vec<_>>()
        .as_slice()
    {
        let not_reported: Vec<crate::model::Student> = plan
            .students
            .iter()
            .filter(|s| !graded_numbers.contains(s.number.as_str()))
            .cloned()
            .collect();
        let observations = archived_observations(dir, manifest);
        let csv =
            report::overview_csv(&plan, &graded, &not_reported, observations.as_ref());
        if std::fs::read(dir.join(&csv_file.path)).ok().as_deref() != Some(csv.as_slice())
        {
            findings.push(Finding::Invalid(
                csv_file.path.clone(),
                "its figures differ from those computed again from the archived inputs"
                    .to_owned(),
            ));
        }
    }
    let not_graded: BTreeSet<&str> = plan
        .students
        .iter()
        .map(|s| s.number.as_str())
        .filter(|n| !graded_numbers.contains(n))
        .collect();
    let listed: BTreeSet<&str> =
        manifest.not_reported.iter().map(String::as_str).collect();
    if not_graded != listed || manifest.partial == listed.is_empty() {
        findings.push(Finding::Invalid(
            MANIFEST.to_owned(),
            format!(
                "its students without a report ({}) are not those the archived sheet leaves incomplete ({})",
                list(&listed),
                list(&not_graded)
            ),
        ));
    }
    // Each report sits where `report` puts the report of its student.
    for g in &graded {
        let s = &g.scores.student;
        let expected = format!("reports/{}", render::report::file_name(&plan, s));
        let listed = manifest.files.iter().any(|f| {
            f.role == Role::Report && f.student.as_deref() == Some(s.number.as_str())
        });
        if listed
            && !manifest
                .files
                .iter()
                .any(|f| f.path == expected && f.role == Role::Report)
        {
            findings.push(Finding::Invalid(
                MANIFEST.to_owned(),
                format!(
                    "the report of student `{}` is not listed as {expected}",
                    s.number
                ),
            ));
        }
    }
    None
}

/// The supervisors' observations the overview's figures were computed with: the
/// archived `observations.json` of an archive made with `report --observations` (whether
/// it holds up is `check_observations`'s to say), so the agreement figures are checked
/// too.
fn archived_observations(
    dir: &Path,
    manifest: &archive::Manifest,
) -> Option<crate::collect::Observations> {
    let json = manifest.files.iter().find(|f| f.role == Role::Observations)?;
    let bytes = std::fs::read(dir.join(&json.path)).ok()?;
    crate::collect::Observations::from_json(std::str::from_utf8(&bytes).ok()?).ok()
}

/// Which students' lines of `grades.csv` differ between the archived file and the one
/// computed again: "`5778624`: `6.0,onvoldoende` there, `5.0,onvoldoende` computed" (the
/// first three, and how many more).
fn grade_differences(archived: &str, computed: &str) -> String {
    let lines = |text: &str| -> BTreeMap<String, String> {
        text.lines()
            .skip(1)
            .filter_map(|l| l.split_once(','))
            .map(|(n, rest)| (n.trim().to_owned(), rest.trim().to_owned()))
            .collect()
    };
    let (there, again) = (lines(archived), lines(computed));
    let numbers: BTreeSet<&String> = there.keys().chain(again.keys()).collect();
    let differences: Vec<String> = numbers
        .into_iter()
        .filter(|n| there.get(*n) != again.get(*n))
        .map(|n| {
            let shown =
                |v: Option<&String>| v.map_or("no line".to_owned(), |v| format!("`{v}`"));
            format!(
                "`{n}`: {} there, {} computed",
                shown(there.get(n)),
                shown(again.get(n))
            )
        })
        .collect();
    match differences.len() {
        0 => "the lines are the same, their form differs (line ends, order or header)"
            .to_owned(),
        n if n <= 3 => differences.join("; "),
        n => format!("{}; and {} more", differences[..3].join("; "), n - 3),
    }
}

/// The student numbers in `grades.csv`, as written there.
fn graded_numbers(path: &Path) -> std::result::Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| format!("cannot be read ({e})"))?;
    let mut numbers = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("is not a valid CSV file ({e})"))?;
        numbers.push(record.get(0).unwrap_or_default().to_owned());
    }
    Ok(numbers)
}

fn list(numbers: &BTreeSet<&str>) -> String {
    if numbers.is_empty() {
        "none".to_owned()
    } else {
        numbers.iter().copied().collect::<Vec<_>>().join(", ")
    }
}

/// The supervisors' observations of an archive made with `report --observations`: one
/// `observations.json` of this course and version; every returned form it lists is in
/// the archive (found by the SHA-256 the observations name) and, read again as `collect`
/// reads it, says what the observations say; no other form is archived; every report
/// names the archived observations it was made with (and none names observations when the
/// archive holds none). A returned form changed in the archive is found even when its
/// hash in the manifest was changed too.
fn check_observations(
    dir: &Path,
    plan: &crate::resolve::Plan,
    manifest: &archive::Manifest,
    failed: &BTreeSet<String>,
    findings: &mut Vec<Finding>,
) {
    use crate::collect::Observations;
    let of_role = |role: Role| -> Vec<&ManifestFile> {
        manifest.files.iter().filter(|f| f.role == role).collect()
    };
    let jsons = of_role(Role::Observations);
    let forms = of_role(Role::ObservationForm);
    let reports = of_role(Role::Report);
    let read = |f: &ManifestFile| std::fs::read(dir.join(&f.path)).ok();
    let report_marks = |findings: &mut Vec<Finding>, expected: Option<&str>| {
        for r in &reports {
            if failed.contains(&r.path) {
                continue;
            }
            let keywords =
                read(r).and_then(|b| archive::pdf_keywords(&b)).unwrap_or_default();
            let named = keywords
                .split(',')
                .map(str::trim)
                .find_map(|k| k.strip_prefix("observations:"));
            match (named, expected) {
                (Some(n), Some(e)) if n == e => {}
                (None, None) => {}
                (Some(_), Some(_)) => findings.push(Finding::Invalid(
                    r.path.clone(),
                    "it was made with other observations than the archived observations.json"
                        .to_owned(),
                )),
                (None, Some(_)) => findings.push(Finding::Invalid(
                    r.path.clone(),
                    "it was made without the archived observations".to_owned(),
                )),
                (Some(_), None) => findings.push(Finding::Invalid(
                    r.path.clone(),
                    "it was made with supervisors' observations that the archive does not hold"
                        .to_owned(),
                )),
            }
        }
    };
    let json = match jsons.as_slice() {
        [] => {
            for f in &forms {
                findings.push(Finding::Invalid(
                    f.path.clone(),
                    "a returned form, but the archive holds no observations.json"
                        .to_owned(),
                ));
            }
            report_marks(findings, None);
            return;
        }
        [one] => *one,
        more => {
            findings.push(Finding::Invalid(
                MANIFEST.to_owned(),
                format!(
                    "it lists {} files as the observations: {}",
                    more.len(),
                    more.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
            return;
        }
    };
    if failed.contains(&json.path) {
        // Named already; the forms cannot be checked against it.
        return;
    }
    let Some(bytes) = read(json) else { return };
    let observations = match std::str::from_utf8(&bytes)
        .map_err(|e| format!("is no UTF-8 text ({e})"))
        .and_then(|t| Observations::from_json(t).map_err(|d| d.message))
    {
        Ok(o) => o,
        Err(why) => {
            findings.push(Finding::Invalid(json.path.clone(), why));
            return;
        }
    };
    if observations.course != plan.course.code
        || observations.fingerprint != plan.fingerprint
    {
        findings.push(Finding::Invalid(
            json.path.clone(),
            format!(
                "its observations are of course {} (fingerprint `{}`), not of the archived \
                 course file ({}, `{}`)",
                observations.course, observations.fingerprint, plan.course.code, plan.fingerprint
            ),
        ));
    }
    report_marks(findings, Some(&crate::hash::sha256(&bytes)));
    // Each archived form, by the hash of its bytes as they are now.
    let archived: Vec<(&ManifestFile, Option<Vec<u8>>)> =
        forms.iter().map(|f| (*f, read(f))).collect();
    let hashed: Vec<(&ManifestFile, Option<String>)> = archived
        .iter()
        .map(|(f, b)| (*f, b.as_deref().map(crate::hash::sha256)))
        .collect();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    check_scans(dir, plan, manifest, &json.path, &observations, failed, findings);
    for form in &observations.forms {
        // A form read from scans: its scan files are checked by `check_scans`.
        if observations.is_scanned(form) {
            continue;
        }
        let who = format!("student `{}` ({})", form.student, form.moment);
        let Some(index) = hashed
            .iter()
            .position(|(_, h)| h.as_deref() == Some(form.source_sha256.as_str()))
        else {
            findings.push(Finding::Invalid(
                json.path.clone(),
                format!(
                    "the returned form of {who} (`{}`, SHA-256 {}) is not in the archive, or \
                     it was changed",
                    form.source, form.source_sha256
                ),
            ));
            continue;
        };
        let (file, bytes) = &archived[index];
        used.insert(file.path.as_str());
        if file.student.as_deref() != Some(form.student.as_str()) {
            findings.push(Finding::Invalid(
                file.path.clone(),
                format!("the manifest names it the form of another student than {who}"),
            ));
        }
        let Some(bytes) = bytes else { continue };
        match crate::pipeline::collect::reread(plan, bytes) {
            Ok(again) if crate::pipeline::collect::same_form(&again, form) => {}
            Ok(_) => findings.push(Finding::Invalid(
                file.path.clone(),
                format!(
                    "read again, the form does not say what {} says for {who}",
                    json.path
                ),
            )),
            Err(why) => findings.push(Finding::Invalid(
                file.path.clone(),
                format!("read again, the form cannot be used: {why}"),
            )),
        }
    }
    for (f, _) in &hashed {
        if !used.contains(f.path.as_str()) && !failed.contains(&f.path) {
            findings.push(Finding::Invalid(
                f.path.clone(),
                format!("a returned form that {} does not list", json.path),
            ));
        }
    }
}

/// The scan files and the examiner's decisions (`controle.csv`) that the observations at
/// `json` name: each is archived, once, with the SHA-256 the observations name, and no
/// other is; and read again as `collect` reads them (with meetlat's own templates), the
/// archived scans and decisions give every scanned form the observations hold.
fn check_scans(
    dir: &Path,
    plan: &crate::resolve::Plan,
    manifest: &archive::Manifest,
    json: &str,
    observations: &crate::collect::Observations,
    failed: &BTreeSet<String>,
    findings: &mut Vec<Finding>,
) {
    let before = findings.len();
    let lists = [
        (&observations.scans, Role::ObservationScan, "scan file"),
        (&observations.decisions, Role::ObservationDecisions, "examiner's decisions"),
    ];
    for (list, role, what) in lists {
        let archived: Vec<(&ManifestFile, Option<String>)> = manifest
            .files
            .iter()
            .filter(|f| f.role == role)
            .map(|f| {
                (
                    f,
                    std::fs::read(dir.join(&f.path))
                        .ok()
                        .map(|b| crate::hash::sha256(&b)),
                )
            })
            .collect();
        for input in list {
            if !archived.iter().any(|(_, h)| h.as_deref() == Some(input.sha256.as_str()))
            {
                findings.push(Finding::Invalid(
                    json.to_owned(),
                    format!(
                        "the {what} `{}` (SHA-256 {}) is not in the archive, or it was changed",
                        input.source, input.sha256
                    ),
                ));
            }
        }
        for (f, h) in &archived {
            let listed = list.iter().any(|i| h.as_deref() == Some(i.sha256.as_str()));
            if !listed && !failed.contains(&f.path) {
                findings.push(Finding::Invalid(
                    f.path.clone(),
                    format!("a {what} that {json} does not list"),
                ));
            }
        }
    }
    // Read again, when every file is as the observations say.
    let scanned: Vec<&crate::collect::FormObservations> =
        observations.forms.iter().filter(|f| observations.is_scanned(f)).collect();
    if scanned.is_empty() || findings.len() > before {
        return;
    }
    let Ok((env, _)) =
        render::RenderEnv::for_course(plan, None, crate::output::Staging::memory())
    else {
        return;
    };
    let of_role = |role: Role| manifest.files.iter().filter(move |f| f.role == role);
    let mut decisions = crate::collect::scan::decisions::Decisions::default();
    for f in of_role(Role::ObservationDecisions) {
        let path = dir.join(&f.path);
        let bytes = std::fs::read(&path).unwrap_or_default();
        if let Err(problems) =
            crate::collect::scan::decisions::read(&path, &bytes, plan, &mut decisions)
        {
            let why = problems.first().map_or_else(String::new, |d| d.message.clone());
            findings.push(Finding::Invalid(f.path.clone(), format!("read again: {why}")));
            return;
        }
    }
    let files: Vec<(std::path::PathBuf, String)> = of_role(Role::ObservationScan)
        .map(|f| (dir.join(&f.path), f.path.clone()))
        .collect();
    let all = vec![true; files.len()];
    let again = crate::collect::scan::run::run(
        plan,
        &env,
        &files,
        &all,
        &vec![false; files.len()],
        &decisions,
    );
    for form in scanned {
        let read = again
            .forms
            .iter()
            .find(|a| a.form.student == form.student && a.form.moment == form.moment);
        if !read.is_some_and(|a| crate::pipeline::collect::same_form(&a.form, form)) {
            findings.push(Finding::Invalid(
                json.to_owned(),
                format!(
                    "read again from the archived scans (with meetlat's own templates), the \
                     form of student `{}` ({}) does not say what it says",
                    form.student, form.moment
                ),
            ));
        }
    }
}

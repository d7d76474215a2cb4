//! `meetlat verify`: check an archive folder that `meetlat report` wrote.

use std::path::Path;

use crate::error::Result;
use crate::pipeline::report;
use crate::{Inputs, archive, prepare, scores};

/// Check an archive folder: every file against the manifest ([`archive::verify`]), and
/// `grades.csv` against the grades computed again from the archived inputs (course file,
/// framework, student list and filled sheet) with this meetlat's grading module: a
/// changed grade whose hash was changed in the manifest too is still found.
///
/// # Errors
/// [`crate::Error::Invalid`] when the folder has no readable manifest.
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
        let graded = report::grade_complete(&plan, &sheet);
        Some((plan.fingerprint.clone(), report::grades_csv(&plan, &graded)))
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

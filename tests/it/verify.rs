//! `meetlat verify` against an archive changed on purpose, each change with its manifest
//! rewritten to match: links (never followed, no hang), inputs that no longer recompute
//! the grades, reports and grades.csv removed with their entries, and a report swapped
//! for another student's.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::meetlat;
use crate::report::{archive_dir, course, filled_sheet, standard_fill};

const R1: &str = "reports/SW3-STAGE-OW-4000001-beoordeling.pdf";
const R2: &str = "reports/SW3-STAGE-OW-4000002-beoordeling.pdf";

/// One archive made by `meetlat report`, shared; each test works on a copy.
fn made() -> &'static Path {
    static MADE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &MADE
        .get_or_init(|| {
            let c = course();
            filled_sheet(&c.plan, &c.path("filled.xlsx"), &standard_fill(&c.plan));
            let run = c.report("filled.xlsx", "out", &[]);
            assert_eq!(run.code, 0, "{}", run.transcript());
            let archive = archive_dir(&c.path("out"));
            (c.dir, archive)
        })
        .1
}

/// A fresh copy of the archive in its own folder, and that folder (for things outside).
fn copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    copy_dir(made(), &dir);
    (tmp, dir)
}

/// Copy the folder `from` with everything in it to `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn save(dir: &Path, m: &serde_json::Value) {
    std::fs::write(dir.join("manifest.json"), serde_json::to_vec_pretty(m).unwrap())
        .unwrap();
}

/// Write `bytes` to `path` in the archive and fix its manifest entry to match.
fn replace_and_rehash(dir: &Path, path: &str, bytes: &[u8]) {
    std::fs::write(dir.join(path), bytes).unwrap();
    let mut m = manifest(dir);
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == path {
            f["sha256"] = meetlat::archive::sha256(bytes).into();
            f["size"] = bytes.len().into();
        }
    }
    save(dir, &m);
}

/// Delete `path` from the archive and from the manifest.
fn delete_with_entry(dir: &Path, path: &str) {
    std::fs::remove_file(dir.join(path)).unwrap();
    let mut m = manifest(dir);
    m["files"].as_array_mut().unwrap().retain(|f| f["path"] != path);
    save(dir, &m);
}

/// `meetlat verify DIR`: must fail with exit 1 and say `expected`.
fn fails_saying(dir: &Path, expected: &str) -> String {
    let run = meetlat(dir.parent().unwrap(), &["verify", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains(expected),
        "expected `{expected}`:\n{}",
        run.transcript()
    );
    run.stdout
}

/// `meetlat::verify` on another thread: it must end within a minute.
fn verify_in_time(dir: &Path) -> meetlat::archive::Verified {
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(meetlat::verify(&dir));
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("verify ends, also with link loops")
        .expect("a manifest")
}

#[test]
fn an_untouched_archive_passes() {
    let (_tmp, dir) = copy();
    let verified = verify_in_time(&dir);
    assert!(verified.findings.is_empty(), "{:?}", verified.findings);
    assert_eq!(verified.recomputed, Some(true));
}

#[cfg(unix)]
#[test]
fn a_report_replaced_by_a_link_is_named_and_not_followed() {
    let (tmp, dir) = copy();
    // The very same bytes outside the archive: the hash would match if followed.
    let outside = tmp.path().join("outside.pdf");
    std::fs::rename(dir.join(R1), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(R1)).unwrap();
    fails_saying(&dir, &format!("invalid: {R1} (it is a symbolic link to `"));

    // A folder on the way that is a link: every report in it is named.
    let (tmp, dir) = copy();
    let reports = tmp.path().join("reports-elsewhere");
    std::fs::rename(dir.join("reports"), &reports).unwrap();
    std::os::unix::fs::symlink(&reports, dir.join("reports")).unwrap();
    let out = fails_saying(
        &dir,
        &format!("invalid: {R2} (a folder on its path is a symbolic link"),
    );
    assert!(out.contains("invalid: reports (a symbolic link"), "{out}");
}

#[cfg(unix)]
#[test]
fn link_loops_and_links_to_the_root_end_with_a_finding() {
    let (_tmp, dir) = copy();
    std::os::unix::fs::symlink(".", dir.join("reports/loop")).unwrap();
    std::os::unix::fs::symlink("/", dir.join("root")).unwrap();
    std::os::unix::fs::symlink("self", dir.join("self")).unwrap();
    let verified = verify_in_time(&dir);
    let shown: Vec<String> = verified.findings.iter().map(ToString::to_string).collect();
    for link in ["reports/loop", "root", "self"] {
        assert!(
            shown
                .iter()
                .any(|f| f.starts_with(&format!("invalid: {link} (a symbolic link"))),
            "{link}: {shown:?}"
        );
    }
    fails_saying(&dir, "invalid: root (a symbolic link");

    // The manifest itself as a link is refused.
    let (tmp, dir) = copy();
    let outside = tmp.path().join("manifest.json");
    std::fs::rename(dir.join("manifest.json"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("manifest.json")).unwrap();
    let run = meetlat(tmp.path(), &["verify", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("manifest is a symbolic link"), "{}", run.transcript());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_archive_does_not_hang_verify() {
    let (_tmp, dir) = copy();
    std::fs::remove_file(dir.join(R1)).unwrap();
    let status = std::process::Command::new("mkfifo").arg(dir.join(R1)).status();
    if !status.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let verified = verify_in_time(&dir);
    let shown: Vec<String> = verified.findings.iter().map(ToString::to_string).collect();
    assert!(shown.contains(&format!("invalid: {R1} (not a plain file)")), "{shown:?}");
}

#[test]
fn a_changed_input_with_its_hash_fails_because_the_grades_cannot_be_recomputed() {
    // A weight changed: the sheet's fingerprint no longer matches the course.
    let (_tmp, dir) = copy();
    let course = dir.join("inputs/stage.yaml");
    let text = std::fs::read_to_string(&course).unwrap();
    let changed = text.replacen("  LU3: 2\n", "  LU3: 3\n", 1);
    assert!(text != changed, "the example course weighs LU3 2");
    replace_and_rehash(&dir, "inputs/stage.yaml", changed.as_bytes());
    let out = fails_saying(
        &dir,
        "invalid: manifest.json (the grades cannot be computed again from the archived inputs: inputs/filled.xlsx does not read",
    );
    assert!(!out.contains("computed again from the archived inputs: the same"), "{out}");

    // A course file that no longer loads.
    let (_tmp, dir) = copy();
    replace_and_rehash(&dir, "inputs/stage.yaml", b"course: [unclosed\n");
    fails_saying(&dir, "inputs/stage.yaml does not load with this meetlat");

    // The filled sheet replaced by something that is not a sheet.
    let (_tmp, dir) = copy();
    let scores = manifest(&dir)["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["role"] == "scores")
        .unwrap()["path"]
        .as_str()
        .unwrap()
        .to_owned();
    replace_and_rehash(&dir, &scores, b"not a spreadsheet");
    fails_saying(&dir, &format!("{scores} does not read as the filled sheet"));

    // An input deleted with its entry.
    let (_tmp, dir) = copy();
    delete_with_entry(&dir, "inputs/stage.yaml");
    fails_saying(&dir, "invalid: manifest.json (it lists no course file");
}

#[test]
fn a_report_or_grades_removed_with_their_entries_is_found() {
    let (_tmp, dir) = copy();
    delete_with_entry(&dir, R2);
    fails_saying(
        &dir,
        "invalid: grades.csv (student `4000002` has a grade here and 0 report(s) in the manifest",
    );

    let (_tmp, dir) = copy();
    delete_with_entry(&dir, "grades.csv");
    fails_saying(&dir, "invalid: manifest.json (it lists no grades.csv");

    let (_tmp, dir) = copy();
    delete_with_entry(&dir, "SW3-STAGE-OW-overzicht.pdf");
    fails_saying(&dir, "invalid: manifest.json (it lists no overview");

    // A student dropped from grades.csv as well as their report: the recomputed grades
    // still name them.
    let (_tmp, dir) = copy();
    delete_with_entry(&dir, R2);
    let csv = std::fs::read_to_string(dir.join("grades.csv")).unwrap();
    let fewer: String =
        csv.split_inclusive('\n').filter(|l| !l.starts_with("4000002,")).collect();
    assert_ne!(csv, fewer);
    replace_and_rehash(&dir, "grades.csv", fewer.as_bytes());
    fails_saying(
        &dir,
        "invalid: grades.csv (its grades differ from the grades computed again",
    );
    fails_saying(&dir, "`4000002`: no line there, `");
}

#[test]
fn another_students_report_in_a_students_place_is_found_by_the_number_inside() {
    let (_tmp, dir) = copy();
    let other = std::fs::read(dir.join(R2)).unwrap();
    replace_and_rehash(&dir, R1, &other);
    fails_saying(
        &dir,
        &format!("invalid: {R1} (it is not the report of student `4000001`"),
    );

    // The manifest's student changed too: the file name no longer fits.
    let (_tmp, dir) = copy();
    replace_and_rehash(&dir, R1, &other);
    let mut m = manifest(&dir);
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == R1 {
            f["student"] = "4000002".into();
        }
    }
    save(&dir, &m);
    fails_saying(&dir, "student `4000002` has a grade here and 2 report(s)");
}

#[test]
fn a_manifest_naming_another_course_is_found() {
    let (_tmp, dir) = copy();
    let mut m = manifest(&dir);
    m["course"] = "OTHER-COURSE".into();
    save(&dir, &m);
    let out = fails_saying(
        &dir,
        "invalid: manifest.json (it names course OTHER-COURSE 2026-2027, the archived course file SW3-STAGE-OW 2026-2027)",
    );
    // And no report is shown to be of its student in that course.
    assert!(
        out.contains(&format!(
            "invalid: {R1} (it is not the report of student `4000001`"
        )),
        "{out}"
    );
}

#[test]
fn a_changed_or_removed_overview_csv_is_found() {
    const CSV: &str = "SW3-STAGE-OW-overzicht.csv";
    // One figure changed, the manifest's hash changed with it: computed again, it differs.
    let (_tmp, dir) = copy();
    let csv = std::fs::read_to_string(dir.join(CSV)).unwrap();
    let line = csv.lines().find(|l| l.starts_with("kerncijfers,,,voldoende,")).unwrap();
    let mut fields: Vec<&str> = line.split(',').collect();
    let more = (fields[4].parse::<usize>().unwrap() + 1).to_string();
    fields[4] = &more;
    let changed = csv.replacen(line, &fields.join(","), 1);
    replace_and_rehash(&dir, CSV, changed.as_bytes());
    fails_saying(
        &dir,
        &format!("invalid: {CSV} (its figures differ from those computed again"),
    );

    // Removed with its entry.
    let (_tmp, dir) = copy();
    delete_with_entry(&dir, CSV);
    fails_saying(&dir, "invalid: manifest.json (it lists no overview CSV");

    // An archive of format /1 (written before the analysis had a CSV) has none, and
    // verify accepts it: archives are kept for years.
    let set_format = |dir: &Path, format: &str| {
        let mut m = manifest(dir);
        m["format"] = format.into();
        save(dir, &m);
    };
    set_format(&dir, "meetlat-archive/1");
    let run = meetlat(dir.parent().unwrap(), &["verify", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A format this meetlat does not know is said so.
    set_format(&dir, "meetlat-archive/9");
    fails_saying(&dir, "its format `meetlat-archive/9` is not one this meetlat reads");
}

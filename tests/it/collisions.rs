//! Output names are computed and checked before anything is written: no student's file
//! silently replaces another's or another document, also where names differ only in case
//! or in characters a file name cannot hold.

use std::path::Path;

use crate::{meetlat, root};

/// A copy of the minimal course with `students` (CSV rows after the header) and extra
/// course-file lines.
fn course(dir: &Path, students: &[&str], extra: &str) {
    let base = std::fs::read_to_string(
        root().join("tests/fixtures/courses/valid-minimal/course.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("course.yaml"),
        format!("{base}students: students.csv\n{extra}"),
    )
    .unwrap();
    let mut csv = "studentnummer,voornaam,tussenvoegsel,achternaam,e-mail\n".to_owned();
    for s in students {
        csv.push_str(s);
        csv.push('\n');
    }
    std::fs::write(dir.join("students.csv"), csv).unwrap();
}

/// The files below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = match std::fs::read_dir(dir) {
        Ok(r) => {
            r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        }
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[test]
fn student_numbers_that_make_one_file_name_are_refused_naming_both() {
    for (a, b) in [("A/1", "A_1"), ("A:1", "A_1"), ("ab12", "AB12")] {
        let dir = tempfile::tempdir().unwrap();
        course(
            dir.path(),
            &[&format!("{a},Anna,,Eerste,"), &format!("{b},Bram,,Tweede,")],
            "",
        );
        let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
        assert_eq!(run.code, 1, "{a} {b}: {}", run.transcript());
        assert!(
            run.stderr.contains(&format!("student `{a}` (Anna Eerste)"))
                && run.stderr.contains(&format!("student `{b}` (Bram Tweede)")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("would get the same file name"), "{}", run.stderr);
        assert!(run.stderr.contains("become one file name"), "{}", run.stderr);
        assert!(files(&dir.path().join("out")).is_empty(), "nothing written");
    }
}

#[test]
fn a_form_named_like_the_rubric_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    course(
        dir.path(),
        &["1001,Anna,,Eerste,"],
        "forms:\n  file_name: \"{{ course.code }}-rubric.pdf\"\n",
    );
    let run = meetlat(dir.path(), &["build", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("the rubric and the observation form of student `1001`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("forms.file_name"), "{}", run.stderr);
    assert!(files(&dir.path().join("out")).is_empty());
}

#[test]
fn a_folder_in_the_way_stops_the_run_before_any_form_is_written() {
    let dir = tempfile::tempdir().unwrap();
    course(
        dir.path(),
        &["1001,Anna,,Eerste,", "1002,Bram,,Tweede,", "1003,Cas,,Derde,"],
        "",
    );
    std::fs::create_dir_all(dir.path().join("out/SW3-MIN-1002-observatie.pdf")).unwrap();
    let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("is in the way of the observation form of student `1002`")
    );
    assert_eq!(files(&dir.path().join("out")), ["SW3-MIN-1002-observatie.pdf"]);
}

#[test]
fn a_name_too_long_for_the_file_system_is_one_error_at_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    let long = "9".repeat(300);
    course(dir.path(), &[&format!("{long},Anna,,Eerste,"), "1002,Bram,,Tweede,"], "");
    let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stderr.matches("error: the file name").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("is too long to be a student number"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);

    let dir = tempfile::tempdir().unwrap();
    let pattern = format!("{}-{{{{ student.number }}}}.pdf", "x".repeat(250));
    course(
        dir.path(),
        &["1001,Anna,,Eerste,"],
        &format!("forms:\n  file_name: \"{pattern}\"\n"),
    );
    let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("shorten `forms.file_name`"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

/// Hidden files a run leaves in its output folder (staging folders, lock).
fn hidden(dir: &Path) -> Vec<String> {
    files(dir).into_iter().filter(|f| f.starts_with('.')).collect()
}

#[test]
fn a_run_cleans_up_what_a_killed_run_left_and_refuses_a_folder_another_run_writes_into() {
    let dir = tempfile::tempdir().unwrap();
    course(dir.path(), &["1001,Anna,,Eerste,"], "");
    let out = dir.path().join("out");
    // Left by a run killed with SIGKILL: its process no longer exists.
    std::fs::create_dir_all(out.join(".meetlat-999999999/x")).unwrap();
    std::fs::write(out.join(".meetlat.lock"), "999999999").unwrap();
    let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(hidden(&out).is_empty(), "{:?}", hidden(&out));

    // A run that is still going (this test's own process holds the lock).
    std::fs::write(out.join(".meetlat.lock"), std::process::id().to_string()).unwrap();
    let run = meetlat(dir.path(), &["forms", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("another meetlat run"), "{}", run.stderr);
    let run = meetlat(dir.path(), &["rubric", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    std::fs::remove_file(out.join(".meetlat.lock")).unwrap();
}

#[test]
fn sigterm_in_the_middle_of_a_batch_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let students: Vec<String> =
        (0..400).map(|i| format!("{},Student,,Nummer {i},", 100_000 + i)).collect();
    let rows: Vec<&str> = students.iter().map(String::as_str).collect();
    course(dir.path(), &rows, "");
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_meetlat"))
        .args(["forms", "course.yaml", "-o", "out", "-q"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until forms are being staged, then stop the run as a shutdown would.
    let start = std::time::Instant::now();
    while !files(&out).iter().any(|f| f.starts_with(".meetlat-")) {
        assert!(start.elapsed().as_secs() < 60, "the run never staged a form");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
    assert_eq!(files(&out), Vec::<String>::new(), "nothing written, nothing left");
}

#[test]
fn a_full_disk_in_the_middle_of_a_batch_exits_2_and_leaves_nothing() {
    // A file-size limit makes every write past 64 KB fail as a full disk does (the
    // signal it would send is ignored, as `trap` passes on to the program).
    let dir = tempfile::tempdir().unwrap();
    let students: Vec<String> =
        (0..40).map(|i| format!("{},Student,,Nummer {i},", 200_000 + i)).collect();
    let rows: Vec<&str> = students.iter().map(String::as_str).collect();
    course(dir.path(), &rows, "");
    for args in ["forms course.yaml -o out -q", "build course.yaml -o out"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("trap '' XFSZ; ulimit -f 64; exec \"$0\" {args}"))
            .arg(env!("CARGO_BIN_EXE_meetlat"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        assert!(
            stderr.contains("File too large") || stderr.contains("too large"),
            "{stderr}"
        );
        assert_eq!(files(&dir.path().join("out")), Vec::<String>::new(), "{args}");
    }
}

//! Every folder under `tests/fixtures/courses/` is one case: `meetlat check` runs on its
//! `course.yaml` (with `--framework framework.yaml` when the folder has one) and the
//! whole transcript is snapshotted. `valid-*` cases must pass, `invalid-*` cases must
//! fail with exit code 1. A new case is a new folder, not new code.

use crate::{meetlat, root};

#[test]
fn every_fixture_case_gives_its_snapshotted_diagnostics() {
    let dir = root().join("tests/fixtures/courses");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture folder exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected the fixture cases, found {cases:?}");
    for case in cases {
        let course = format!("{case}/course.yaml");
        let framework = format!("{case}/framework.yaml");
        let mut args = vec!["check", course.as_str()];
        if dir.join(&framework).exists() {
            args.extend(["--framework", framework.as_str()]);
        }
        let run = meetlat(&dir, &args);
        if case.starts_with("valid-") {
            assert_eq!(run.code, 0, "{case} should pass:\n{}", run.transcript());
            assert!(!run.stderr.contains("error"), "{case}:\n{}", run.stderr);
        } else {
            assert_eq!(
                run.code,
                1,
                "{case} should be invalid input:\n{}",
                run.transcript()
            );
            assert!(run.stderr.contains("error: "), "{case}:\n{}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{case}:\n{}", run.stderr);
        }
        insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("fixture-{case}"), run.transcript());
        });
    }
}

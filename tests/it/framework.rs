//! The embedded framework is a complete, faithful transcription of the source.

use std::collections::HashSet;

use meetlat::load_framework;

use crate::root;

#[test]
fn framework_has_the_structure_of_the_source() {
    let (fw, warnings) = load_framework(None).expect("embedded framework is valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(fw.id, "opbouwwerk-2026");
    assert_eq!(fw.level, "NLQF 6, hbo bachelor");
    assert_eq!(fw.status, "werkdocument in ontwikkeling");
    assert_eq!(fw.task_areas.len(), 3);
    assert_eq!(fw.competencies.len(), 12, "Kader 3.1 lists twelve items");
    assert_eq!(fw.core_tasks.len(), 2);
    assert_eq!(fw.outcomes.len(), 6);
    let per_outcome: Vec<usize> =
        fw.outcomes.iter().map(|o| o.indicators.len()).collect();
    assert_eq!(per_outcome, [9, 4, 7, 8, 5, 9]);
    assert_eq!(per_outcome.iter().sum::<usize>(), 42, "42 occurrences");
    assert_eq!(fw.indicators.len(), 27, "27 distinct texts");
    let texts: HashSet<&str> = fw.indicators.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts.len(), 27, "each text is stored once");
    // The discrepancy eleven/twelve is recorded.
    assert!(
        fw.notes.iter().any(|n| n.contains("twaalf") || n.contains("twelve")),
        "{:?}",
        fw.notes
    );
    assert_eq!(fw.context.goals.len(), 3);
    assert_eq!(fw.context.approaches.len(), 3);
    assert_eq!(fw.context.relations.len(), 3);
}

#[test]
fn every_correction_is_listed_with_its_original_and_applied() {
    let (fw, _) = load_framework(None).unwrap();
    assert!(!fw.corrections.is_empty());
    let yaml =
        std::fs::read_to_string(root().join("framework/opbouwwerk-2026.yaml")).unwrap();
    let body = &yaml[yaml.find("\ncontext:").expect("context section")..];
    for c in &fw.corrections {
        assert_ne!(c.original, c.corrected);
        assert!(body.contains(&c.corrected), "correction not applied: {}", c.corrected);
    }
    // "betreft" where "betrekt" is meant: corrected everywhere in the indicators.
    assert!(fw.indicators.iter().all(|i| !i.text.contains(" betreft ")));
}

/// When the source text is present beside the checkout (`../shared/seeds`), every
/// indicator text must occur in it verbatim, once the listed corrections are undone.
#[test]
fn indicator_texts_occur_verbatim_in_the_source_when_it_is_available() {
    let seed = root().join("../shared/seeds/000_c6c755cee8bf051a.txt");
    let Ok(source) = std::fs::read_to_string(&seed) else {
        eprintln!("note: {} not present; verbatim check skipped", seed.display());
        return;
    };
    let (fw, _) = load_framework(None).unwrap();
    let mut texts: Vec<(String, String)> =
        fw.indicators.iter().map(|i| (i.id.clone(), i.text.clone())).collect();
    texts.extend(fw.outcomes.iter().map(|o| (o.id.clone(), o.description.clone())));
    for (id, text) in texts {
        let undone = fw.corrections.iter().fold(text.clone(), |t, c| {
            if c.location.starts_with(&id) {
                t.replace(&c.corrected, &c.original)
            } else {
                t
            }
        });
        assert!(
            source.contains(&undone) || source.contains(&text),
            "{id} not verbatim: {text}"
        );
    }
}

/// A course file names its framework file: no `--framework` on any command, and the
/// archive keeps that file, so `verify` recomputes the grades with it.
#[test]
fn a_course_names_its_framework_file_and_the_archive_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let fw_dir = dir.path().join("frameworks");
    let course_dir = dir.path().join("course");
    std::fs::create_dir_all(&fw_dir).unwrap();
    std::fs::create_dir_all(&course_dir).unwrap();
    let fw = std::fs::read_to_string(root().join("framework/opbouwwerk-2026.yaml"))
        .unwrap()
        .replacen("id: opbouwwerk-2026", "id: eigen-kader", 1);
    assert!(fw.contains("id: eigen-kader"));
    std::fs::write(fw_dir.join("eigen.yaml"), fw).unwrap();
    let base = std::fs::read_to_string(
        root().join("tests/fixtures/courses/valid-minimal/course.yaml"),
    )
    .unwrap();
    std::fs::write(
        course_dir.join("course.yaml"),
        format!(
            "{base}framework: {{file: ../frameworks/eigen.yaml, id: eigen-kader}}\n\
             date: 2027-01-29\nstudents: students.csv\n"
        ),
    )
    .unwrap();
    std::fs::write(
        course_dir.join("students.csv"),
        "studentnummer,voornaam,tussenvoegsel,achternaam,e-mail\n1001,Anna,,Eerste,\n",
    )
    .unwrap();
    let run = crate::meetlat(&course_dir, &["check", "course.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: course_dir.join("course.yaml"),
        ..meetlat::Inputs::default()
    })
    .expect("valid")
    .plan;
    assert_eq!(plan.framework.id, "eigen-kader");
    let fill = |_s: usize, _o: usize, _i: usize| Some(plan.levels[1].id.clone());
    let bytes = meetlat::render::scoring_sheet::render(&plan, (2027, 1, 29), Some(&fill))
        .unwrap();
    std::fs::write(course_dir.join("filled.xlsx"), bytes).unwrap();
    let run = crate::meetlat(
        &course_dir,
        &["report", "course.yaml", "--scores", "filled.xlsx", "-o", "out", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = course_dir.join("out/archive/SW3-MIN-2026-2027");
    let kept = std::fs::read_to_string(archive.join("inputs/eigen.yaml")).unwrap();
    assert!(kept.contains("id: eigen-kader"));
    let verify = crate::meetlat(&course_dir, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());

    // A file that is not there: the message says where the course names it.
    std::fs::remove_file(fw_dir.join("eigen.yaml")).unwrap();
    let run = crate::meetlat(&course_dir, &["check", "course.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("framework.file"), "{}", run.stderr);
}

//! Frameworks of other shapes than the built-in one (tests/fixtures/frameworks), each run
//! through the whole chain: `check`, `build` (rubric, forms, sheet), the sheet typed in
//! LibreOffice with its default settings, `report` and `verify`.
//! - `essay-rubric-en`: an English analytic rubric: five criteria, a descriptor per
//!   indicator and level, its own 0–3 scale and terms, no task areas, competencies or core
//!   tasks.
//! - `ict-nl`: a Dutch ICT framework: ids like `A1.2`, three levels of its own without a
//!   named pass level (the middle one counts), core tasks but no competencies, indicators
//!   not shared between outcomes, its own terms for outcome and core task.

use std::path::PathBuf;

use meetlat::resolve::Plan;

use crate::sheet::{assert_typed_sheet_agrees, cohort, plan_of};
use crate::{meetlat, root};

/// A copy of the fixture `shape` in a fresh folder, and its course file there, with
/// `extra` lines added to the course file.
fn shape(name: &str, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in ["framework.yaml", "course.yaml", "students.csv"] {
        std::fs::copy(
            root().join("tests/fixtures/frameworks").join(name).join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let course = dir.path().join("course.yaml");
    let text = std::fs::read_to_string(&course).unwrap();
    std::fs::write(&course, format!("{text}{extra}")).unwrap();
    (dir, course)
}

/// A spread of levels: student `s` mostly at one level, some indicators not observed.
fn level_of(plan: &Plan, s: usize, o: usize, i: usize) -> Option<usize> {
    let n = plan.levels.len();
    match (s + 2 * o + 3 * i) % 7 {
        0 if i > 0 => None,
        k => Some((s + k / 3) % n),
    }
}

fn run_chain(name: &str, extra: &str, expect: &[&str], refuse: &[&str]) {
    let (dir, course) = shape(name, extra);
    let d = dir.path();
    let check = meetlat(d, &["check", "course.yaml"]);
    assert_eq!(check.code, 0, "{}", check.transcript());

    let build = meetlat(d, &["build", "course.yaml", "-o", "out"]);
    assert_eq!(build.code, 0, "{}", build.transcript());
    let plan = plan_of(&course);
    let code = plan.course.code.clone();

    // The rubric and a form speak the framework's terms, show its descriptors and no
    // structure it does not have.
    let rubric = crate::pdf::text(&d.join(format!("out/{code}-rubric.pdf")));
    let form_name = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "pdf")
                && !p.ends_with(format!("{code}-rubric.pdf"))
        })
        .expect("a form");
    let form = crate::pdf::text(&form_name);
    for text in expect {
        assert!(rubric.contains(text), "{name}: the rubric lacks `{text}`:\n{rubric}");
    }
    for text in refuse {
        assert!(!rubric.contains(text), "{name}: the rubric has `{text}`");
        assert!(!form.contains(text), "{name}: the form has `{text}`");
    }
    for o in &plan.outcomes {
        for i in &o.indicators {
            for (d, l) in i.descriptors.iter().zip(&plan.levels) {
                if *d != l.descriptor {
                    let start: String = d.chars().take(18).collect();
                    assert!(
                        rubric.contains(&start),
                        "{name}: rubric lacks descriptor `{d}`"
                    );
                    assert!(form.contains(&start), "{name}: form lacks descriptor `{d}`");
                }
            }
        }
    }

    // The sheet in LibreOffice with its default settings: every row shows the grading
    // module's result while levels are typed.
    let entries = cohort(&plan, 40, 0xc0ffee);
    assert_typed_sheet_agrees(plan_of(&course), &entries);

    // The real students' sheet, typed and saved in LibreOffice, gives reports, grades and
    // an archive that verify accepts.
    let empty = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .expect("a sheet");
    let filled = d.join("filled.xlsx");
    crate::office::type_and_save(&plan, &empty, &filled, &|s, o, i| {
        Some(
            level_of(&plan, s, o, i)
                .map_or("NG".to_owned(), |l| plan.levels[l].id.clone()),
        )
    });
    let report = meetlat(
        d,
        &["report", "course.yaml", "--scores", "filled.xlsx", "-o", "rep", "-q"],
    );
    assert_eq!(report.code, 0, "{}", report.transcript());
    assert_eq!(
        report.stderr, "",
        "{name}: LibreOffice's stored results differ from grade.rs"
    );
    let archive =
        std::fs::read_dir(d.join("rep/archive")).unwrap().next().unwrap().unwrap().path();
    let grades = std::fs::read_to_string(archive.join("grades.csv")).unwrap();
    for (s, student) in plan.students.iter().enumerate() {
        let levels: Vec<Vec<Option<usize>>> = plan
            .outcomes
            .iter()
            .enumerate()
            .map(|(o, out)| {
                (0..out.indicators.len()).map(|i| level_of(&plan, s, o, i)).collect()
            })
            .collect();
        let g = plan.grade(&levels);
        let line = grades
            .lines()
            .find(|l| l.starts_with(&format!("{},", student.number)))
            .unwrap_or_else(|| panic!("{name}: no grade for {}", student.number));
        let expected = g
            .grade
            .map(|q| meetlat::render::report::grade_text(&plan, &q).replace(',', "."))
            .unwrap_or_default();
        assert!(
            line.split(',').nth(1) == Some(expected.as_str()),
            "{name}: {line} but grade.rs gives `{expected}`"
        );
    }
    let report_pdf = std::fs::read_dir(archive.join("reports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let report_text = crate::pdf::text(&report_pdf);
    let overview = std::fs::read_dir(&archive)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the overview");
    let overview_text = crate::pdf::text(&overview);
    for text in refuse {
        assert!(!report_text.contains(text), "{name}: the report has `{text}`");
        assert!(!overview_text.contains(text), "{name}: the overview has `{text}`");
    }
    let verify = meetlat(d, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());
}

#[test]
fn an_english_analytic_rubric_runs_through_the_whole_chain() {
    run_chain(
        "essay-rubric-en",
        "",
        &[
            "Criterion 1",
            "Criteria in this assessment",
            "Performance level",
            "A precise, original claim",
        ],
        &[
            "Competencies",
            "Core task",
            "Learning outcome",
            "Leeruitkomst",
            "Behavioural",
            "Kerntaak",
        ],
    );
}

#[test]
fn a_dutch_framework_of_another_shape_runs_through_the_whole_chain() {
    run_chain(
        "ict-nl",
        "",
        &[
            "Beroepstaak 1 · Domein 1",
            "Beroepstaken in deze beoordeling",
            "D-ONTW Ontwerpen",
        ],
        &["Bekwaamheden", "Kerntaak", "Leeruitkomst", "leeruitkomst"],
    );
}

#[test]
fn a_course_without_a_grade_gives_results_only() {
    // Mastery only: pass or fail by the cut score, knock-out and evidence; no grade on
    // the rubric, the sheet (typed in LibreOffice), grades.csv or the report.
    run_chain(
        "ict-nl",
        "grading:\n  grade: geen\n",
        &["Er is geen cijfer", "Zo wordt de beoordeling berekend"],
        &[
            "Afronding",
            "loopt het cijfer",
            "Bekwaamheden",
            "Verdeling van de cijfers",
            "Gemiddeld cijfer",
        ],
    );
}

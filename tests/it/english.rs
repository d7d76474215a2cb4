//! An English course (`language: en`): no Dutch word of meetlat's own reaches its file
//! names, its scoring sheet or `grades.csv` (the framework's text is the framework's).

use std::path::Path;

use crate::{meetlat, root};

/// meetlat's own Dutch words that must not appear in an English course's outputs.
const DUTCH: &[&str] = &[
    "instructie",
    "instellingen",
    "studentnummer",
    "cijfer",
    "resultaat",
    "voldoende",
    "onvoldoende",
    "incompleet",
    "invullen",
    "ja",
    "nee",
    "naam",
    "waarde",
    "betekenis",
    "niveau",
    "punten",
    "leeruitkomst",
    "tekst",
    "cursuscode",
    "vingerafdruk",
    "kader",
    "kies",
    "geldig",
    "observatie",
    "beoordeling",
    "overzicht",
    "blanco",
    "eind",
    "tussentijds",
    "weging",
    "pagina",
    "bewijs",
];

/// More Dutch words, for texts without any framework or course text in Dutch.
const MORE_DUTCH: &[&str] = &[
    "van",
    "het",
    "een",
    "niet",
    "geobserveerd",
    "gehaald",
    "cesuur",
    "toelichting",
    "handtekening",
    "datum",
    "examinator",
    "examinatoren",
    "werkplekbegeleider",
    "begeleider",
    "organisatie",
    "opmerkingen",
    "voorbeelden",
    "advies",
    "studenten",
    "formulier",
    "rapport",
    "regels",
    "afronding",
];

/// The Dutch words of `DUTCH` and `MORE_DUTCH` in `text`, as whole words.
fn any_dutch_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| DUTCH.contains(&w.as_str()) || MORE_DUTCH.contains(&w.as_str()))
        .collect()
}

/// The Dutch words of `DUTCH` in `text`, as whole words.
fn dutch_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| DUTCH.contains(&w.as_str()))
        .collect()
}

/// The English fixture course with 12 students, in `dir`.
fn english_course(dir: &Path) {
    let base = std::fs::read_to_string(
        root().join("tests/fixtures/courses/valid-custom-rules/course.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("course.yaml"), format!("{base}students: students.csv\n"))
        .unwrap();
    let mut csv = "student number,first name,last name,email\n".to_owned();
    for i in 0..12 {
        csv.push_str(&format!("{},Student,Number {i},s{i}@example.org\n", 800_100 + i));
    }
    std::fs::write(dir.join("students.csv"), csv).unwrap();
}

/// Every text of an xlsx file's sheet names and cells that is not the framework's or the
/// course file's own text.
fn sheet_texts(xlsx: &Path) -> Vec<String> {
    let script = r#"
import sys, zipfile, re, html
z = zipfile.ZipFile(sys.argv[1])
out = []
wb = z.read('xl/workbook.xml').decode()
out += re.findall(r'<sheet name="([^"]*)"', wb)
if 'xl/sharedStrings.xml' in z.namelist():
    ss = z.read('xl/sharedStrings.xml').decode()
    out += [html.unescape(t) for t in re.findall(r'<t[^>]*>([^<]*)</t>', ss)]
for n in z.namelist():
    if n.startswith('xl/worksheets/sheet'):
        ws = z.read(n).decode()
        out += [html.unescape(t) for t in re.findall(r'<v>([^<]*)</v>', ws)]
        out += [html.unescape(t) for t in re.findall(r'(?:prompt|error|errorTitle|promptTitle)="([^"]*)"', ws)]
        out += [html.unescape(t) for t in re.findall(r'<oddFooter>([^<]*)</oddFooter>', ws)]
print('\n'.join(out))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(xlsx)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect()
}

#[test]
fn an_english_course_has_english_file_names_sheet_and_grades() {
    let dir = tempfile::tempdir().unwrap();
    english_course(dir.path());
    let run = meetlat(dir.path(), &["build", "course.yaml", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let blank = meetlat(dir.path(), &["forms", "course.yaml", "--blank", "-o", "out"]);
    assert_eq!(blank.code, 0, "{}", blank.transcript());
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in &names {
        assert!(dutch_words(n).is_empty(), "Dutch in the file name {n}");
    }
    assert!(names.contains(&"SW3-TEST-800100-observation.pdf".to_owned()), "{names:?}");
    assert!(
        names.contains(&"SW3-TEST-blank-final-observation.pdf".to_owned()),
        "{names:?}"
    );

    // The sheet: everything except the framework's and the course file's own text.
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: dir.path().join("course.yaml"),
        ..meetlat::Inputs::default()
    })
    .expect("valid")
    .plan;
    let mut own_text: Vec<String> =
        vec![plan.course.name.clone(), plan.framework.title.clone()];
    for o in &plan.outcomes {
        own_text.push(o.title.clone());
        for i in &o.indicators {
            own_text.push(i.text.clone());
            own_text.extend(i.descriptors.iter().cloned());
        }
    }
    for l in &plan.levels {
        own_text.extend([l.id.clone(), l.label.clone(), l.descriptor.clone()]);
    }
    let xlsx = dir.path().join("out/SW3-TEST-scores.xlsx");
    for text in sheet_texts(&xlsx) {
        let mut ours = text.clone();
        for t in &own_text {
            if !t.is_empty() {
                ours = ours.replace(t.as_str(), " ");
            }
        }
        let found = dutch_words(&ours);
        assert!(found.is_empty(), "Dutch {found:?} in the English sheet: {text}");
    }

    // Filled and reported: grades.csv and the archive's file names are English too.
    let layout = meetlat::render::scoring_sheet::Layout::new(&plan);
    let _ = layout;
    let fill = |_s: usize, _o: usize, i: usize| {
        Some(plan.levels[i % plan.levels.len()].id.clone())
    };
    let bytes = meetlat::render::scoring_sheet::render(&plan, (2027, 1, 29), Some(&fill))
        .unwrap();
    std::fs::write(dir.path().join("filled.xlsx"), bytes).unwrap();
    let run = meetlat(
        dir.path(),
        &["report", "course.yaml", "--scores", "filled.xlsx", "-o", "out", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = dir.path().join("out/archive/SW3-TEST-2026-2027");
    let grades = std::fs::read_to_string(archive.join("grades.csv")).unwrap();
    assert!(grades.starts_with("student_number,grade,result"), "{grades}");
    assert!(dutch_words(&grades).is_empty(), "{grades}");
    for e in std::fs::read_dir(archive.join("reports")).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(n.ends_with("-assessment.pdf"), "{n}");
    }
    assert!(archive.join("SW3-TEST-overview.pdf").exists());
    let figures = std::fs::read_to_string(archive.join("SW3-TEST-overview.csv")).unwrap();
    assert!(
        figures.starts_with("section,outcome,indicator,category,count,of,value,note\r\n"),
        "{figures}"
    );
    assert!(dutch_words(&figures).is_empty(), "{figures}");
    let verify = meetlat(dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());
}

/// Every text layer of every document, every sheet, `grades.csv` and what every command
/// prints, for an English course on an English framework (tests/fixtures/frameworks/
/// essay-rubric-en): no Dutch word of meetlat's own. (Student names are the list's.)
#[test]
fn every_text_of_an_english_course_is_english() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in ["framework.yaml", "course.yaml", "students.csv"] {
        std::fs::copy(
            root().join("tests/fixtures/frameworks/essay-rubric-en").join(f),
            d.join(f),
        )
        .unwrap();
    }
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: d.join("course.yaml"),
        ..meetlat::Inputs::default()
    })
    .expect("valid")
    .plan;
    let names: Vec<String> = plan
        .students
        .iter()
        .flat_map(|s| [s.first_name.clone(), s.prefix.clone(), s.last_name.clone()])
        .filter(|n| !n.is_empty())
        .collect();
    let mut printed = Vec::new();
    let mut run = |args: &[&str]| {
        let r = meetlat(d, args);
        assert_eq!(r.code, 0, "{}", r.transcript());
        printed.push((args.join(" "), format!("{}\n{}", r.stdout, r.stderr)));
    };
    run(&["check", "course.yaml"]);
    run(&["framework", "show", "--framework", "framework.yaml"]);
    run(&["build", "course.yaml", "-o", "out"]);
    run(&["forms", "course.yaml", "--blank", "-o", "out"]);
    run(&["forms", "course.yaml", "--moment", "tussentijds", "--combined", "-o", "mid"]);
    let fill = |s: usize, _o: usize, i: usize| {
        Some(if (s + i).is_multiple_of(5) {
            "NG".to_owned()
        } else {
            plan.levels[(s + i) % plan.levels.len()].id.clone()
        })
    };
    let bytes = meetlat::render::scoring_sheet::render(&plan, (2027, 1, 29), Some(&fill))
        .unwrap();
    std::fs::write(d.join("filled.xlsx"), bytes).unwrap();
    run(&["report", "course.yaml", "--scores", "filled.xlsx", "-o", "rep"]);
    let archive = d.join("rep/archive/ENG2-ESSAY-2026-2027");
    run(&["verify", archive.to_str().unwrap()]);

    let strip_names = |text: &str| {
        let mut t = text.to_owned();
        for n in &names {
            t = t.replace(n.as_str(), " ");
        }
        t
    };
    let mut problems = Vec::new();
    for (what, text) in &printed {
        let found = any_dutch_words(&strip_names(text));
        if !found.is_empty() {
            problems.push(format!("`meetlat {what}` prints {found:?}"));
        }
    }
    let mut files = Vec::new();
    let mut stack = vec![d.join("out"), d.join("mid"), d.join("rep")];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let found = any_dutch_words(&name);
        if !found.is_empty() {
            problems.push(format!("file name {name}: {found:?}"));
        }
        let text = match f.extension().and_then(|e| e.to_str()) {
            Some("pdf") => crate::pdf::text(f),
            Some("xlsx") => sheet_texts(f).join("\n"),
            Some("csv") | Some("json") | Some("yaml")
                if !name.starts_with("students") =>
            {
                if f.parent().is_some_and(|p| p.ends_with("inputs")) {
                    continue;
                }
                std::fs::read_to_string(f).unwrap()
            }
            _ => continue,
        };
        let found = any_dutch_words(&strip_names(&text));
        if !found.is_empty() {
            let mut found = found;
            found.sort();
            found.dedup();
            problems.push(format!("{name}: {found:?}"));
        }
    }
    assert!(problems.is_empty(), "Dutch in an English course:\n{}", problems.join("\n"));
}

//! The supervisors' observations after `collect`: the whole loop for the example course
//! (forms filled with pypdf → collect → `sheet --observations --prefill` → LibreOffice
//! with default settings, typed changes marked → `report --observations` → `verify`,
//! which catches a changed returned form), and the refusals.

use std::path::{Path, PathBuf};

use meetlat::render::scoring_sheet::{FIRST_STUDENT_ROW, Layout, column_name};
use meetlat::resolve::Plan;
use serde_json::{Value, json};

use crate::collect::{fill_many, form_of, make_forms};
use crate::sheet::{Entries, assert_row_agrees, plan_of};
use crate::{meetlat, root};

const COURSE: &str = "examples/stage.yaml";
/// How the viewers store a radio choice (see `tests/support/fill_many.py`).
const WAYS: [&str; 4] = ["both", "as", "v", "kids"];
const ADVICE: [&str; 2] = ["voldoende", "onvoldoende"];
/// What the marking of a level that differs from the supervisor's looks like.
const PURPLE: &str = "E4D7F5";
const SUPERVISOR: &str = "=HYPERLINK(\"https://evil.example\",\"klik\")";
const ORGANISATION: &str = "#read(\"/etc/passwd\") <script>alert(1)</script>";

/// What the supervisor of student `s` ticks for indicator `i` of outcome `o`: a level,
/// or NG (`None`), never nothing.
fn ticked(plan: &Plan, s: usize, o: usize, i: usize) -> Option<usize> {
    let r = (s * 7 + o * 3 + i * 5) % 11;
    (r != 0).then(|| r % plan.levels.len())
}

/// The text of an entry on the sheet.
fn text(plan: &Plan, e: Option<usize>) -> String {
    e.map_or_else(|| "NG".to_owned(), |l| plan.levels[l].id.clone())
}

/// A level other than `e`.
fn other(plan: &Plan, e: Option<usize>) -> Option<usize> {
    Some(e.map_or(0, |l| (l + 1) % plan.levels.len()))
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The archive's manifest, with the hash and size of `path` set to its bytes now (as
/// someone who changed the file would).
fn fix_manifest(archive: &Path, path: &str) {
    let file = archive.join("manifest.json");
    let mut manifest: Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let bytes = std::fs::read(archive.join(path)).unwrap();
    let entry = manifest["files"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} is listed"));
    entry["sha256"] = json!(meetlat::archive::sha256(&bytes));
    entry["size"] = json!(bytes.len());
    std::fs::write(&file, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

#[test]
fn returned_forms_flow_into_the_sheet_the_reports_and_a_verifiable_archive() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (forms, back, obs) = (d.join("forms"), d.join("terug"), d.join("obs"));
    make_forms(COURSE, &forms, &[]);
    std::fs::create_dir(&back).unwrap();
    let plan = plan_of(&root().join(COURSE));
    let n = plan.students.len();
    // Every student but the last returns a form with every indicator ticked.
    let mut jobs = Vec::new();
    for (s, student) in plan.students[..n - 1].iter().enumerate() {
        let mut values = serde_json::Map::new();
        for (o, outcome) in plan.outcomes.iter().enumerate() {
            for (i, ind) in outcome.indicators.iter().enumerate() {
                values.insert(
                    format!("{}.{}", outcome.id, ind.id),
                    json!(text(&plan, ticked(&plan, s, o, i))),
                );
            }
        }
        values.insert("advies".into(), json!(ADVICE[s % 2]));
        values.insert("begeleider".into(), json!(SUPERVISOR));
        values.insert("organisatie".into(), json!(ORGANISATION));
        values.insert("datum".into(), json!("12-06-2027"));
        jobs.push(json!({
            "src": form_of(&forms, &student.number),
            "dst": back.join(format!("teruggestuurd-{s:02}.pdf")),
            "values": Value::Object(values),
            "way": WAYS[s % 4],
        }));
    }
    fill_many(&jobs, d);
    let run = meetlat(
        &root(),
        &["collect", COURSE, back.to_str().unwrap(), "-o", obs.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    // The forms go beside observations.json (the folder `collect` read is gone): the
    // report finds them there.
    for entry in std::fs::read_dir(&back).unwrap() {
        let p = entry.unwrap().path();
        std::fs::rename(&p, obs.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::remove_dir(&back).unwrap();

    // The sheet, prefilled with the supervisors' levels.
    let sheet_dir = d.join("sheet");
    let run = meetlat(
        &root(),
        &[
            "sheet",
            COURSE,
            "--observations",
            obs.to_str().unwrap(),
            "--prefill",
            "-o",
            sheet_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let xlsx = sheet_dir.join("SW3-STAGE-OW-scores.xlsx");
    // Deterministic: the observations' json file given directly makes the same bytes.
    let again = d.join("sheet-again");
    let json_file = obs.join("observations.json");
    let run = meetlat(
        &root(),
        &[
            "sheet",
            COURSE,
            "--observations",
            json_file.to_str().unwrap(),
            "--prefill",
            "-o",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(again.join("SW3-STAGE-OW-scores.xlsx")).unwrap()
    );

    // What the rows hold: the supervisors' levels; the last student's row is empty.
    let mut entries: Entries = (0..n)
        .map(|s| {
            plan.outcomes
                .iter()
                .enumerate()
                .map(|(o, outcome)| {
                    (0..outcome.indicators.len())
                        .map(|i| (s < n - 1).then(|| ticked(&plan, s, o, i)))
                        .collect()
                })
                .collect()
        })
        .collect();
    let opened = entries.clone();
    let layout = Layout::new(&plan);
    let cell = |s: usize, o: usize, i: usize| {
        format!(
            "{}{}",
            column_name(layout.inputs[o].0 + i as u16),
            FIRST_STUDENT_ROW as usize + s + 1
        )
    };
    // The examiner changes three levels of student 0, types one of student 1 and back
    // again, and fills in the last student (who has no form).
    let mut typed = Vec::new();
    let changed = [(0, 0), (2, 1), (5, 0)];
    for &(o, i) in &changed {
        let e = other(&plan, ticked(&plan, 0, o, i));
        entries[0][o][i] = Some(e);
        typed.push(json!(["Scores", cell(0, o, i), text(&plan, e)]));
    }
    let e = ticked(&plan, 1, 0, 0);
    typed.push(json!(["Scores", cell(1, 0, 0), text(&plan, other(&plan, e))]));
    typed.push(json!(["Scores", cell(1, 0, 0), text(&plan, e)]));
    for (o, outcome) in entries[n - 1].iter_mut().enumerate() {
        for (i, entry) in outcome.iter_mut().enumerate() {
            let e = ticked(&plan, 3, o, i);
            *entry = Some(e);
            typed.push(json!(["Scores", cell(n - 1, o, i), text(&plan, e)]));
        }
    }
    let rows = format!(
        "Scores!A{}:{}{}",
        FIRST_STUDENT_ROW + 1,
        column_name(layout.result_col),
        FIRST_STUDENT_ROW as usize + n
    );
    let watched: Vec<String> = changed
        .iter()
        .map(|&(o, i)| cell(0, o, i))
        .chain([cell(0, 1, 0), cell(1, 0, 0), cell(n - 1, 0, 0), cell(2, 3, 1)])
        .map(|c| format!("Scores!{c}"))
        .collect();
    let filled = d.join("ingevuld.xlsx");
    let ws = meetlat::words::observation_words(plan.course.language).sheet;
    let result = crate::office::run(&json!({
        "file": xlsx,
        "steps": [
            {"read": [rows]},
            {"conditions": watched},
            {"type": typed},
            {"read": [rows]},
            {"conditions": watched},
            {"read": [format!("{ws}!A1:AX4")]},
            {"save_as": filled},
        ],
    }));
    let first = FIRST_STUDENT_ROW + 1;
    let last = FIRST_STUDENT_ROW + n as u32;
    for (step, entries, when) in
        [(0, &opened, "on opening"), (3, &entries, "after typing")]
    {
        let shown = crate::office::rows(
            &result,
            step,
            "Scores",
            (first, last),
            layout.result_col,
        );
        for (s, entry) in entries.iter().enumerate() {
            let row = &shown[s];
            assert_eq!(row[0], plan.students[s].number);
            let at = |col: u16| row.get(usize::from(col)).cloned().unwrap_or_default();
            assert_row_agrees(
                &plan,
                &layout,
                entry,
                &at,
                &format!("{when}, student {s}"),
            );
        }
    }
    let marked = |step: usize, c: &str| -> Option<String> {
        let rec = &result["steps"][step]["conditions"][format!("Scores!{c}")];
        assert!(rec.is_object(), "{c} was not evaluated: {result}");
        assert!(
            rec["formulas"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().contains(ws)),
            "the marking of {c} compares with {ws}: {rec}"
        );
        rec["background"].as_str().map(str::to_owned)
    };
    for c in &watched {
        let c = c.trim_start_matches("Scores!");
        assert_ne!(marked(1, c).as_deref(), Some(PURPLE), "{c} is not marked on opening");
    }
    for &(o, i) in &changed {
        assert_eq!(marked(4, &cell(0, o, i)).as_deref(), Some(PURPLE), "changed: marked");
    }
    for c in [cell(0, 1, 0), cell(1, 0, 0), cell(n - 1, 0, 0), cell(2, 3, 1)] {
        assert_eq!(marked(4, &c), None, "{c}: as the supervisor saw it, or no form");
    }
    // The supervisor's sheet: read-only, the texts as written.
    let werkplek = &result["steps"][5]["read"];
    let row3 = |col: u16| {
        werkplek[format!("{ws}!{}3", column_name(col))]["shows"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let extra = layout.inputs.last().unwrap().1 + 1;
    assert_eq!(row3(0), plan.students[0].number);
    assert_eq!(row3(2), text(&plan, ticked(&plan, 0, 0, 0)));
    assert_eq!(row3(extra + 1), SUPERVISOR, "a formula-like text stays text");
    assert_eq!(row3(extra + 2), ORGANISATION);
    assert_eq!(row3(extra + 4), "voldoende");
    let sheet3 = crate::sheet::xlsx_part(&xlsx, "xl/worksheets/sheet3.xml");
    assert!(sheet3.contains("<sheetProtection"), "the {ws} sheet is read-only");
    let scores = crate::sheet::xlsx_part(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(scores.contains(&format!("{ws}!C3")), "the marking compares with {ws}");

    // The reports, from the sheet LibreOffice saved.
    let out = d.join("out");
    let run = meetlat(
        &root(),
        &[
            "report",
            COURSE,
            "--scores",
            filled.to_str().unwrap(),
            "--observations",
            obs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = out.join("archive/SW3-STAGE-OW-2026-2027");
    let report_of = |s: usize| {
        archive
            .join("reports")
            .join(meetlat::render::report::file_name(&plan, &plan.students[s]))
    };
    let first_report = pdftotext(&report_of(0));
    // The supervisor's block: between its heading and the note on the column.
    let block = |text: &str| -> String {
        let start = text.find("Werkplekbegeleider ·").unwrap_or_else(|| panic!("{text}"));
        let end = text[start..].find("Kolom Werkplek").map_or(text.len(), |e| start + e);
        text[start..end].to_owned()
    };
    let first_block = block(&first_report);
    for says in [
        "eindobservatie",
        "Advies",
        " voldoende ",
        "Organisatie",
        SUPERVISOR,
        "#read(\"/etc/passwd\")",
        "<script>alert(1)</",
        "12-06-2027",
        "3 van 42 indicatoren anders gezien door de werkplekbegeleider",
    ] {
        assert!(first_block.contains(says), "report 0 says {says}: {first_block}");
    }
    assert!(first_report.contains("Gekozen niveau Punten Werkplek"), "{first_report}");
    // The supervisor's level beside the examiners' where they differ.
    let (o, i) = changed[0];
    let sup = ticked(&plan, 0, o, i)
        .map_or("niet geobserveerd".to_owned(), |l| plan.levels[l].label.clone());
    let ind = &plan.outcomes[o].indicators[i].id;
    assert!(first_report.contains(&sup), "{ind}: {sup}");
    let second = pdftotext(&report_of(1));
    assert!(block(&second).contains(" onvoldoende "), "{second}");
    assert!(
        second.contains("de werkplekbegeleider zag elke indicator zoals de examinatoren"),
        "{second}"
    );
    let last_report = pdftotext(&report_of(n - 1));
    assert!(
        last_report
            .contains("Van de werkplekbegeleider is geen observatieformulier ontvangen"),
        "{last_report}"
    );
    if std::env::var_os("MEETLAT_KEEP").is_some() {
        let keep = PathBuf::from("/tmp/meetlat-observations");
        let _ = std::fs::create_dir_all(&keep);
        std::fs::copy(report_of(0), keep.join("report-0.pdf")).unwrap();
        std::fs::copy(report_of(n - 1), keep.join("report-last.pdf")).unwrap();
    }

    // The archive keeps the observations and every returned form, with their hashes.
    let manifest: meetlat::archive::Manifest =
        serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap())
            .unwrap();
    let json_entry = manifest
        .files
        .iter()
        .find(|f| f.path == "inputs/observaties/observations.json")
        .expect("observations.json archived");
    assert_eq!(json_entry.role, meetlat::archive::Role::Observations);
    let archived_forms: Vec<_> = manifest
        .files
        .iter()
        .filter(|f| f.role == meetlat::archive::Role::ObservationForm)
        .collect();
    assert_eq!(archived_forms.len(), n - 1);
    assert_eq!(archived_forms[0].path, "inputs/observaties/teruggestuurd-00.pdf");
    assert_eq!(
        archived_forms[0].student.as_deref(),
        Some(plan.students[0].number.as_str())
    );
    assert_eq!(
        std::fs::read(obs.join("teruggestuurd-00.pdf")).unwrap(),
        std::fs::read(archive.join(&archived_forms[0].path)).unwrap()
    );

    // The overview's analysis compares supervisors and examiners (and verify computes
    // those figures again from the archived observations).
    let csv = std::fs::read_dir(&archive)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "csv")
                && p.to_string_lossy().contains("overzicht")
        })
        .expect("the overview CSV");
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(
        csv.lines().filter(|l| l.starts_with("overeenstemming,")).count() > 10,
        "no agreement figures in the overview CSV:\n{csv}"
    );

    let verify = |what: &str| {
        let run = meetlat(&root(), &["verify", archive.to_str().unwrap()]);
        (run.code, format!("{what}: {}", run.transcript()))
    };
    let (code, t) = verify("as written");
    assert_eq!(code, 0, "{t}");
    assert!(t.contains("ok: all"), "{t}");

    // A returned form changed in the archive, its hash in the manifest changed too.
    let form_path = archived_forms[0].path.clone();
    let original = std::fs::read(archive.join(&form_path)).unwrap();
    let changed_form = d.join("changed.pdf");
    let mut values = serde_json::Map::new();
    let first_field =
        format!("{}.{}", plan.outcomes[0].id, plan.outcomes[0].indicators[0].id);
    values.insert(first_field, json!(text(&plan, other(&plan, ticked(&plan, 0, 0, 0)))));
    fill_many(
        &[
            json!({"src": archive.join(&form_path), "dst": changed_form, "values": values, "way": "both"}),
        ],
        d,
    );
    std::fs::copy(&changed_form, archive.join(&form_path)).unwrap();
    let (code, t) = verify("the archive with a changed form");
    assert_eq!(code, 1, "{t}");
    assert!(t.contains(&format!("changed: {form_path}")), "{t}");
    fix_manifest(&archive, &form_path);
    let (code, t) = verify("the archive with a changed form, manifest fixed");
    assert_eq!(code, 1, "{t}");
    assert!(
        t.contains("the returned form of student")
            && t.contains("is not in the archive, or it was changed"),
        "{t}"
    );
    assert!(t.contains(&format!("{form_path} (a returned form that")), "{t}");
    std::fs::write(archive.join(&form_path), &original).unwrap();
    fix_manifest(&archive, &form_path);
    assert_eq!(verify("restored").0, 0);

    // The observations changed in the archive (and the manifest): the reports were not
    // made with them, and the form does not say what they say.
    let json_path = archive.join(&json_entry.path);
    let text_before = std::fs::read_to_string(&json_path).unwrap();
    let mut edited: Value = serde_json::from_str(&text_before).unwrap();
    let e = ticked(&plan, 0, 0, 0);
    edited["formulieren"][0]["observaties"][0]["niveau"] =
        json!(text(&plan, other(&plan, e)));
    std::fs::write(&json_path, serde_json::to_vec_pretty(&edited).unwrap()).unwrap();
    fix_manifest(&archive, &json_entry.path);
    let (code, t) = verify("the archive with changed observations");
    assert_eq!(code, 1, "{t}");
    assert!(t.contains("made with other observations"), "{t}");
    assert!(t.contains("read again, the form does not say what"), "{t}");
}

#[test]
fn without_prefill_the_scores_sheet_stays_as_it_was() {
    use calamine::{Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = plan_of(&root().join(COURSE));
    let obs = d.join("obs.json");
    let forms = vec![json!({
        "studentnummer": plan.students[0].number, "moment": "eind", "bron": "x.pdf",
        "bron_sha256": "00", "begeleider": "=1+1", "organisatie": "", "datum": "",
        "advies": null, "opmerkingen": "", "voorbeelden": {}, "ondertekening": {},
        "observaties": plan.outcomes.iter().flat_map(|o| o.indicators.iter().map(|i| json!({
            "leeruitkomst": o.id, "indicator": i.id, "niveau": "goed", "pagina": 1,
            "zekerheid": "zeker"
        }))).collect::<Vec<_>>(),
    })];
    let observations = json!({
        "formaat": "meetlat-observaties", "versie": 1, "cursus": plan.course.code,
        "vingerafdruk": plan.fingerprint, "formulieren": forms, "ontbrekend": [],
        "niet_gebruikt": []
    });
    std::fs::write(&obs, serde_json::to_vec(&observations).unwrap()).unwrap();
    let (plain, with) = (d.join("plain"), d.join("with"));
    for (out, extra) in
        [(&plain, vec![]), (&with, vec!["--observations", obs.to_str().unwrap()])]
    {
        let mut args = vec!["sheet", COURSE, "-o", out.to_str().unwrap()];
        args.extend(extra);
        let run = meetlat(&root(), &args);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let open =
        |dir: &Path| open_workbook_auto(dir.join("SW3-STAGE-OW-scores.xlsx")).unwrap();
    let (mut a, mut b) = (open(&plain), open(&with));
    assert_eq!(
        a.worksheet_range("Scores").unwrap(),
        b.worksheet_range("Scores").unwrap()
    );
    assert_eq!(
        a.worksheet_formula("Scores").unwrap(),
        b.worksheet_formula("Scores").unwrap()
    );
    assert!(b.sheet_names().contains(&"Werkplek".to_owned()));
    let werkplek = b.worksheet_range("Werkplek").unwrap();
    assert!(
        werkplek
            .used_cells()
            .any(|(_, _, v)| *v == calamine::Data::String("=1+1".into()))
    );
    let xml = crate::sheet::xlsx_part(
        &with.join("SW3-STAGE-OW-scores.xlsx"),
        "xl/worksheets/sheet2.xml",
    );
    assert!(!xml.contains("Werkplek"), "no marking on Scores without --prefill");
}

#[test]
fn observations_of_another_course_or_version_or_without_their_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = plan_of(&root().join(COURSE));
    let write = |name: &str, course: &str, fingerprint: &str, forms: Value| {
        let path = d.join(name);
        std::fs::create_dir_all(&path).unwrap();
        let observations = json!({
            "formaat": "meetlat-observaties", "versie": 1, "cursus": course,
            "vingerafdruk": fingerprint, "formulieren": forms, "ontbrekend": [],
            "niet_gebruikt": []
        });
        std::fs::write(path.join("observations.json"), observations.to_string()).unwrap();
        path
    };
    let other = write("other", "SW3-TEST", "abc", json!([]));
    let old = write("old", &plan.course.code, "0123456789ab", json!([]));
    let out = d.join("out");
    for (obs, says) in [
        (&other, "these observations are of course `SW3-TEST`, not of `SW3-STAGE-OW`"),
        (&old, "collected for another version of the course file"),
        (&d.join("leeg"), "cannot read the observations"),
    ] {
        let run = meetlat(
            &root(),
            &[
                "sheet",
                COURSE,
                "--observations",
                obs.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    }
    assert!(!out.exists());
    // A form the observations list, neither where it was read nor beside them.
    let forms = json!([{
        "studentnummer": plan.students[0].number, "moment": "eind",
        "bron": d.join("weg/form.pdf"), "bron_sha256": "00", "begeleider": "",
        "organisatie": "", "datum": "", "advies": null, "opmerkingen": "",
        "voorbeelden": {}, "ondertekening": {},
        "observaties": plan.outcomes.iter().flat_map(|o| o.indicators.iter().map(|i| json!({
            "leeruitkomst": o.id, "indicator": i.id, "niveau": null, "pagina": 1,
            "zekerheid": "zeker"
        }))).collect::<Vec<_>>(),
    }]);
    let lost = write("lost", &plan.course.code, &plan.fingerprint, forms);
    let run = meetlat(
        &root(),
        &[
            "report",
            COURSE,
            "--scores",
            "examples/stage-scores-ingevuld.xlsx",
            "--observations",
            lost.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("form.pdf`, is not found"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn an_english_course_collects_and_gets_a_workplace_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let course = "tests/fixtures/courses/valid-custom-rules/course.yaml";
    let students = root().join("examples/students.csv");
    let students = students.to_str().unwrap();
    let forms = d.join("forms");
    make_forms(course, &forms, &["--students", students]);
    let mut made: Vec<PathBuf> =
        std::fs::read_dir(&forms).unwrap().map(|e| e.unwrap().path()).collect();
    made.sort();
    let back = d.join("back");
    std::fs::create_dir(&back).unwrap();
    fill_many(
        &[
            json!({"src": made[0], "dst": back.join("a.pdf"), "values": {"LU2.G03": "gevorderd", "advies": "voldoende", "begeleider": "Sam Smith"}, "way": "both"}),
            json!({"src": made[1], "dst": back.join("b.pdf"), "values": {"LU2.G03": "NG"}, "way": "as"}),
        ],
        d,
    );
    let obs = d.join("obs");
    let run = meetlat(
        &root(),
        &[
            "collect",
            course,
            "--students",
            students,
            back.to_str().unwrap(),
            "-o",
            obs.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("filled-in observation forms of SW3-TEST"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("read: 2 form(s)"), "{}", run.stdout);
    assert!(run.stdout.contains("without a form"), "{}", run.stdout);
    let o = meetlat::collect::Observations::load(&obs.join("observations.json")).unwrap();
    assert_eq!(o.forms.len(), 2);
    let sam = o.forms.iter().find(|f| f.supervisor == "Sam Smith").expect("Sam's form");
    assert_eq!(sam.advice.as_deref(), Some("voldoende"));
    let g03 = sam.observations.iter().find(|x| x.indicator == "G03").unwrap();
    assert_eq!(g03.level.as_deref(), Some("gevorderd"));

    let out = d.join("sheet");
    let run = meetlat(
        &root(),
        &[
            "sheet",
            course,
            "--students",
            students,
            "--observations",
            obs.to_str().unwrap(),
            "--prefill",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let xlsx = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let workbook = crate::sheet::xlsx_part(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Workplace\""), "{workbook}");
    let strings = crate::sheet::xlsx_part(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("Workplace supervisor") && strings.contains("no form"));
    assert!(!strings.contains("Werkplek") && !strings.contains("geen formulier"));
}

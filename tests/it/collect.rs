//! `meetlat collect`: forms filled with pypdf the ways supervisors' programs store values,
//! read back field by field for a whole cohort; problem files, conflicts, and the form's
//! identity (a hidden, read-only field).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use meetlat::collect::Observations;
use serde_json::{Value, json};

use crate::{meetlat, root};

const COURSE: &str = "examples/stage.yaml";

/// The forms of the example course (or `course`) with `extra` arguments, into `out`.
pub(crate) fn make_forms(course: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["forms", course, "-q", "-o", out.to_str().unwrap()];
    args.extend(extra);
    let run = meetlat(&root(), &args);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

/// The example course's form of `number`.
pub(crate) fn form_of(dir: &Path, number: &str) -> PathBuf {
    dir.join(format!("SW3-STAGE-OW-{number}-observatie.pdf"))
}

/// Fill forms with pypdf (`tests/support/fill_many.py`): each job is
/// `{"src", "dst", "values", "way"}`.
pub(crate) fn fill_many(jobs: &[Value], work: &Path) {
    let file = work.join("jobs.json");
    std::fs::write(&file, serde_json::to_vec(jobs).unwrap()).unwrap();
    let run = Command::new("python3")
        .arg(root().join("tests/support/fill_many.py"))
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "filling with pypdf failed (pip install pypdf; bash tests/run.sh does): {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Fill one form as Firefox does: pdf.js (`tests/support/pdfjs_fill.mjs`) sets the values
/// in its annotation storage and saves the document. `job` as for [`fill_many`].
fn fill_with_pdfjs(job: &Value, work: &Path) {
    let values = work.join("pdfjs-values.json");
    std::fs::write(&values, serde_json::to_vec(&job["values"]).unwrap()).unwrap();
    let run = Command::new("node")
        .arg(root().join("tests/support/pdfjs_fill.mjs"))
        .arg(job["src"].as_str().unwrap())
        .arg(job["dst"].as_str().unwrap())
        .arg(&values)
        .output()
        .expect("node runs (bash tests/run.sh installs pdfjs-dist with npm)");
    assert!(
        run.status.success(),
        "filling with pdf.js failed (bash tests/run.sh installs it): {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Run a Python snippet with `args` (`sys.argv[1:]`).
fn python(code: &str, args: &[&Path]) {
    let run = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

/// A small deterministic random number generator (no crate needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The rows of `observations.csv`, as maps from column to value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> =
        reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, meetlat::collect::CSV_COLUMNS);
    reader
        .records()
        .map(|r| {
            headers.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()
        })
        .collect()
}

/// Hostile and non-ASCII texts a supervisor may write.
const TEXTS: [&str; 6] = [
    "=HYPERLINK(\"https://evil.example\",\"klik\")",
    "#read(\"/etc/passwd\")",
    "<script>alert(1)</script> & 'quotes' \\ backslash",
    "+31 6 12345678",
    "Zoë Çelik – “goed gedaan” 🙂\nregel 2 (haakjes)",
    "Łukasz Wójcik, Ayşe Öztürk",
];

#[test]
fn a_whole_cohort_filled_with_pypdf_and_pdfjs_is_read_back_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let (forms, filled, out) =
        (dir.path().join("forms"), dir.path().join("ingevuld"), dir.path().join("out"));
    make_forms(COURSE, &forms, &[]);
    std::fs::create_dir(&filled).unwrap();
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(COURSE),
        ..Default::default()
    })
    .unwrap()
    .plan;
    let ways = ["both", "as", "v", "kids", "hex"];
    let advice = [Some("voldoende"), Some("onvoldoende"), Some("geen-advies"), None];
    let mut rng = Rng(2027);
    let mut jobs = Vec::new();
    let mut pdfjs_jobs = Vec::new();
    let mut expected: BTreeMap<String, Value> = BTreeMap::new();
    // Two students return nothing.
    let returned = &plan.students[..plan.students.len() - 2];
    for (i, s) in returned.iter().enumerate() {
        let mut values = serde_json::Map::new();
        let mut levels = BTreeMap::new();
        for o in &plan.outcomes {
            for ind in &o.indicators {
                let field = format!("{}.{}", o.id, ind.id);
                let level = match rng.next(7) {
                    0 => None,
                    1 => Some("NG".to_owned()),
                    r => {
                        Some(plan.levels[(r as usize - 2) % plan.levels.len()].id.clone())
                    }
                };
                if let Some(l) = &level {
                    values.insert(field.clone(), json!(l));
                }
                levels.insert(field, level);
            }
        }
        let a = advice[i % advice.len()];
        if let Some(a) = a {
            values.insert("advies".into(), json!(a));
        }
        let texts = [
            ("begeleider", format!("{} {i}", TEXTS[5])),
            ("organisatie", "Buurtwerk 't Hart & Co".to_owned()),
            ("datum", format!("{}-05-2027", 1 + i % 28)),
            ("opmerkingen", TEXTS[i % TEXTS.len()].to_owned()),
            ("LU2.voorbeelden", TEXTS[(i + 4) % TEXTS.len()].to_owned()),
            ("ondertekening.begeleider.naam", "Zoë Çelik".to_owned()),
            ("ondertekening.student.handtekening", s.full_name()),
        ];
        for (k, v) in &texts {
            values.insert((*k).into(), json!(v));
        }
        // Every third form with the remarks left empty.
        if i % 3 == 2 {
            values.remove("opmerkingen");
        }
        let dst = filled.join(format!("hernoemd-door-begeleider-{i:02}.pdf"));
        let job = json!({
            "src": form_of(&forms, &s.number),
            "dst": dst,
            "values": Value::Object(values.clone()),
            "way": ways[i % ways.len()],
        });
        // Every sixth form filled and saved as Firefox does it (pdf.js).
        if i % 6 == 5 {
            pdfjs_jobs.push(job);
        } else {
            jobs.push(job);
        }
        expected.insert(
            s.number.clone(),
            json!({"levels": levels, "values": values, "advice": a, "file": dst}),
        );
    }
    fill_many(&jobs, dir.path());
    assert!(pdfjs_jobs.len() >= 4);
    for job in &pdfjs_jobs {
        fill_with_pdfjs(job, dir.path());
    }
    // What pdf.js saved also prints (Western European letters; see the README for
    // letters such as Ł and ş, which are read back but may not print).
    let first = Path::new(pdfjs_jobs[0]["dst"].as_str().unwrap());
    let printed = crate::pdf::text(first);
    for field in ["organisatie", "ondertekening.begeleider.naam"] {
        let value = pdfjs_jobs[0]["values"][field].as_str().unwrap();
        assert!(printed.contains(value), "pdf.js's saved form does not print `{value}`");
    }
    std::fs::write(filled.join("leesmij.txt"), "geen formulier").unwrap();

    let run = meetlat(
        &root(),
        &["collect", COURSE, filled.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let missing = &plan.students[plan.students.len() - 2..];
    assert!(run.stdout.contains(&format!("gelezen: {} formulier(en)", returned.len())));
    assert!(
        run.stdout.contains("zonder formulier (eindobservatie): 2 student(en)"),
        "{}",
        run.stdout
    );
    for s in missing {
        assert!(run.stdout.contains(&format!("{} {}", s.number, s.full_name())));
    }
    assert!(
        run.stdout.contains("leesmij.txt"),
        "a skipped file is listed: {}",
        run.stdout
    );

    // The CSV, row by row: one per student and indicator, in the course's order.
    let rows = csv_rows(&out.join("observations.csv"));
    assert_eq!(rows.len(), returned.len() * plan.indicator_count());
    let mut at = 0;
    for s in returned {
        let e = &expected[&s.number];
        let mut last_page = 1;
        for o in &plan.outcomes {
            for ind in &o.indicators {
                let row = &rows[at];
                at += 1;
                let field = format!("{}.{}", o.id, ind.id);
                let want = e["levels"][&field].as_str().unwrap_or("");
                assert_eq!(
                    (row["studentnummer"].as_str(), row["moment"].as_str()),
                    (s.number.as_str(), "eind")
                );
                assert_eq!((&row["leeruitkomst"], &row["indicator"]), (&o.id, &ind.id));
                assert_eq!(row["niveau"], want, "{} {field} ({})", s.number, e["file"]);
                assert_eq!(row["bron"], e["file"].as_str().unwrap());
                assert_eq!(row["zekerheid"], "zeker");
                let page: u32 = row["pagina"].parse().unwrap();
                assert!(page >= last_page && page <= 8, "{field} on page {page}");
                last_page = page;
            }
        }
    }

    // The JSON: the same, plus the texts and the advice; read back with the library.
    let obs = Observations::load(&out.join("observations.json")).unwrap();
    assert_eq!((obs.version, obs.course.as_str()), (1, "SW3-STAGE-OW"));
    assert_eq!(obs.forms.len(), returned.len());
    assert_eq!(
        obs.missing.iter().map(|m| m.student.as_str()).collect::<Vec<_>>(),
        missing.iter().map(|s| s.number.as_str()).collect::<Vec<_>>()
    );
    assert!(obs.unused.is_empty());
    for f in &obs.forms {
        let e = &expected[&f.student];
        let v = &e["values"];
        let text = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        assert_eq!(f.supervisor, text("begeleider"));
        assert_eq!(f.organisation, text("organisatie"));
        assert_eq!(f.date, text("datum"));
        assert_eq!(f.remarks, text("opmerkingen"), "{}", e["file"]);
        assert_eq!(f.examples["LU2"], text("LU2.voorbeelden"));
        assert_eq!(f.examples["LU1"], "");
        assert_eq!(f.signatures["begeleider"].name, "Zoë Çelik");
        assert_eq!(
            f.signatures["student"].signature,
            text("ondertekening.student.handtekening")
        );
        assert_eq!(f.advice.as_deref(), e["advice"].as_str());
        assert_eq!(f.source_sha256.len(), 64);
        for o in &f.observations {
            let field = format!("{}.{}", o.outcome, o.indicator);
            assert_eq!(o.level.as_deref(), e["levels"][&field].as_str());
        }
    }
    // Supervisors' text is data: literally in the JSON, never in the CSV.
    let raw = std::fs::read_to_string(out.join("observations.json")).unwrap();
    assert!(raw.contains("=HYPERLINK(\\\"https://evil.example\\\""));
    assert!(raw.contains("<script>alert(1)</script>") && raw.contains("Zoë Çelik"));
    let csv = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    assert!(!csv.contains("HYPERLINK") && !csv.contains("Zoë"));
}

/// A form with its first radio group renamed (`LU1.G01` → `LU1.G01x`).
const RENAME: &str = r#"
import sys
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
w = PdfWriter(clone_from=PdfReader(sys.argv[1]))
for f in w._root_object["/AcroForm"]["/Fields"]:
    f = f.get_object()
    if f.get("/T") == "LU1.G01":
        f[NameObject("/T")] = TextStringObject("LU1.G01x")
w.write(sys.argv[2])
"#;

/// A form without its AcroForm and widgets: what printing to PDF leaves.
const NO_ACROFORM: &str = r#"
import sys
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
w = PdfWriter(clone_from=PdfReader(sys.argv[1]))
del w._root_object["/AcroForm"]
for p in w.pages:
    if "/Annots" in p:
        del p["/Annots"]
w._info = None
w.write(sys.argv[2])
"#;

#[test]
fn problem_files_each_get_one_line_and_the_usable_forms_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (forms, bad, out) = (d.join("forms"), d.join("terug"), d.join("out"));
    make_forms(COURSE, &forms, &[]);
    std::fs::create_dir_all(bad.join("submap")).unwrap();
    let good = form_of(&forms, "5723007");
    let fill = |src: &Path, dst: &str, values: Value, way: &str| json!({"src": src, "dst": bad.join(dst), "values": values, "way": way});
    // A blank form: one with the student number filled in (usable), one without.
    let blank_dir = d.join("blank");
    make_forms(COURSE, &blank_dir, &["--blank"]);
    let blank = blank_dir.join("SW3-STAGE-OW-blanco-eind-observatie.pdf");
    // Forms of another course, of another version of this one, of a student not listed.
    let other_course = d.join("other-course");
    make_forms("tests/fixtures/courses/valid-selection/course.yaml", &other_course, &[]);
    let changed = d.join("changed");
    std::fs::create_dir(&changed).unwrap();
    let yaml = std::fs::read_to_string(root().join(COURSE)).unwrap();
    std::fs::write(changed.join("stage.yaml"), yaml.replace("  LU3: 2", "  LU3: 3"))
        .unwrap();
    std::fs::copy(root().join("examples/students.csv"), changed.join("students.csv"))
        .unwrap();
    make_forms(changed.join("stage.yaml").to_str().unwrap(), &changed.join("forms"), &[]);
    let extra = d.join("extra.csv");
    let mut students =
        std::fs::read_to_string(root().join("examples/students.csv")).unwrap();
    students.push_str("9999999,Nieuwe,,Student,,\n");
    std::fs::write(&extra, students).unwrap();
    make_forms(COURSE, &d.join("extra"), &["--students", extra.to_str().unwrap()]);
    let first = |dir: &Path| {
        let mut v: Vec<PathBuf> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v.into_iter().find(|p| p.extension().is_some_and(|e| e == "pdf")).unwrap()
    };
    fill_many(
        &[
            fill(
                &good,
                "goed.pdf",
                json!({"LU1.G01": "goed", "advies": "voldoende"}),
                "both",
            ),
            fill(
                &blank,
                "blanco-ingevuld.pdf",
                json!({"studentnummer": "5864312", "student": "Daan Bakker", "LU1.G01": "NG"}),
                "both",
            ),
            fill(&blank, "blanco-leeg.pdf", json!({"LU1.G01": "NG"}), "both"),
            fill(&good, "geen-niveau.pdf", json!({"LU1.G02": "super"}), "v"),
            fill(&first(&other_course), "andere-cursus.pdf", json!({}), "both"),
            fill(&first(&changed.join("forms")), "andere-versie.pdf", json!({}), "both"),
            fill(
                &d.join("extra/SW3-STAGE-OW-9999999-observatie.pdf"),
                "onbekend.pdf",
                json!({}),
                "both",
            ),
        ],
        d,
    );
    std::fs::write(bad.join("geen-pdf.pdf"), "Dit is een Word-document.").unwrap();
    std::fs::write(bad.join("notities.txt"), "notities").unwrap();
    let good_bytes = std::fs::read(bad.join("goed.pdf")).unwrap();
    std::fs::write(bad.join("afgebroken.pdf"), &good_bytes[..good_bytes.len() * 2 / 3])
        .unwrap();
    let status = Command::new("qpdf")
        .args(["--encrypt", "geheim", "eigenaar", "256", "--"])
        .arg(bad.join("goed.pdf"))
        .arg(bad.join("versleuteld.pdf"))
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new("qpdf")
        .args(["--flatten-annotations=all", "--generate-appearances"])
        .arg(bad.join("goed.pdf"))
        .arg(bad.join("plat.pdf"))
        .status()
        .unwrap();
    assert!(status.code() == Some(0) || status.code() == Some(3));
    python(RENAME, &[&good, &bad.join("hernoemd.pdf")]);
    python(NO_ACROFORM, &[&good, &bad.join("afgedrukt.pdf")]);
    let rubric = d.join("rubric");
    let run = meetlat(&root(), &["rubric", COURSE, "-o", rubric.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    std::fs::copy(rubric.join("SW3-STAGE-OW-rubric.pdf"), bad.join("rubric.pdf"))
        .unwrap();

    let run = meetlat(
        &root(),
        &["collect", COURSE, bad.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let line = |file: &str| -> String {
        let path = bad.join(file).display().to_string();
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{path}:")))
            .unwrap_or_else(|| panic!("no line for {file}: {}", run.stdout))
            .to_owned()
    };
    for (file, says) in [
        ("geen-pdf.pdf", "geen PDF-bestand"),
        ("afgebroken.pdf", "beschadigd of onvolledig"),
        ("versleuteld.pdf", "beveiligd"),
        ("rubric.pdf", "geen observatieformulier van meetlat"),
        ("afgedrukt.pdf", "zonder invulvelden"),
        ("plat.pdf", "zonder invulvelden"),
        ("hernoemd.pdf", "velden ontbreken of zijn hernoemd: LU1.G01"),
        ("geen-niveau.pdf", "veld LU1.G02 heeft de waarde 'super'"),
        ("andere-cursus.pdf", "een formulier van cursus SW3-TEST, niet van SW3-STAGE-OW"),
        ("andere-versie.pdf", "andere versie van de cursus"),
        ("onbekend.pdf", "studentnummer 9999999 staat niet in de studentenlijst"),
        ("blanco-leeg.pdf", "blanco formulier zonder studentnummer"),
    ] {
        let l = line(file);
        assert!(l.contains(says), "{file}: {l}");
        // What to do follows what is wrong.
        assert!(l.contains("; "), "{l}");
    }
    assert!(run.stdout.contains("niet gebruikt: 12 bestand(en)"), "{}", run.stdout);
    assert!(run.stdout.contains("notities.txt") && run.stdout.contains("submap"));
    assert!(
        run.stderr.contains("12 file(s) could not be used")
            && run.stderr.contains("the other forms were written"),
        "{}",
        run.stderr
    );
    // The usable forms, and only those, are in the observations.
    let obs = Observations::load(&out.join("observations.json")).unwrap();
    let got: Vec<(&str, &str)> =
        obs.forms.iter().map(|f| (f.student.as_str(), f.source.as_str())).collect();
    let (g, b) = (bad.join("goed.pdf"), bad.join("blanco-ingevuld.pdf"));
    assert_eq!(got, [("5723007", g.to_str().unwrap()), ("5864312", b.to_str().unwrap())]);
    assert_eq!(obs.forms[1].student_name, "Daan Bakker");
    assert_eq!(obs.forms[0].observations[0].level.as_deref(), Some("goed"));
    assert_eq!(obs.forms[0].advice.as_deref(), Some("voldoende"));
    let reasons: Vec<&str> = obs.unused.iter().map(|u| u.reason.as_str()).collect();
    assert_eq!(reasons.len(), 12);
    assert!(reasons.contains(&"zonder-velden") && reasons.contains(&"andere-versie"));
    assert_eq!(csv_rows(&out.join("observations.csv")).len(), 2 * 42);
    assert!(!out.join(".meetlat.lock").exists());
}

#[test]
fn nothing_usable_or_a_wrong_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let junk = dir.path().join("junk.pdf");
    std::fs::write(&junk, "%PDF-1.7\nniets\n").unwrap();
    let run = meetlat(
        &root(),
        &["collect", COURSE, junk.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("niets geschreven"), "{}", run.stdout);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!out.exists());
    let run = meetlat(
        &root(),
        &[
            "collect",
            COURSE,
            dir.path().join("bestaat-niet").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("cannot read") && run.stderr.contains("nothing was written")
    );
    assert!(!out.exists());
    let empty = dir.path().join("leeg");
    std::fs::create_dir(&empty).unwrap();
    let run = meetlat(
        &root(),
        &["collect", COURSE, empty.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("there are no PDF files to read"), "{}", run.stderr);
}

#[test]
fn a_form_returned_twice_with_different_content_is_a_conflict_unless_the_newest_may_win()
{
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (forms, back) = (d.join("forms"), d.join("terug"));
    make_forms(COURSE, &forms, &[]);
    let (a, b) = (form_of(&forms, "5723007"), form_of(&forms, "5864312"));
    let job = |src: &Path, dst: &str, level: &str| json!({"src": src, "dst": back.join(dst), "values": {"LU1.G01": level}, "way": "both"});
    std::fs::create_dir(&back).unwrap();
    fill_many(
        &[
            job(&a, "a-eerste.pdf", "goed"),
            job(&a, "a-tweede.pdf", "voldoende"),
            job(&b, "b.pdf", "excellent"),
        ],
        d,
    );
    // The same form twice (a copy): used once.
    std::fs::copy(back.join("b.pdf"), back.join("b-kopie.pdf")).unwrap();
    // November 2023: older than the files just written.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(back.join("a-eerste.pdf"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = d.join("out");
    let run = meetlat(
        &root(),
        &["collect", COURSE, back.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let (first, second) = (back.join("a-eerste.pdf"), back.join("a-tweede.pdf"));
    let both = format!("{}, {}", first.display(), second.display());
    assert!(
        run.stdout.contains(&format!("student 5723007 (eindobservatie) is meer dan eens ingeleverd, met verschillende inhoud: {both}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dubbel ingeleverd met dezelfde inhoud"),
        "{}",
        run.stdout
    );
    let obs = Observations::load(&out.join("observations.json")).unwrap();
    assert_eq!(
        obs.forms.iter().map(|f| f.student.as_str()).collect::<Vec<_>>(),
        ["5864312"]
    );
    assert_eq!(obs.unused.len(), 2);
    assert!(obs.unused.iter().all(|u| u.reason == "conflict"));
    assert!(
        !obs.missing.iter().any(|m| m.student == "5723007"),
        "a conflict is no missing form"
    );

    let run = meetlat(
        &root(),
        &[
            "collect",
            COURSE,
            back.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--prefer-newest",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("het nieuwste bestand gebruikt"), "{}", run.stdout);
    let obs = Observations::load(&out.join("observations.json")).unwrap();
    let a = obs.forms.iter().find(|f| f.student == "5723007").unwrap();
    assert_eq!(a.source, second.display().to_string());
    assert_eq!(a.observations[0].level.as_deref(), Some("voldoende"));
}

#[test]
fn five_hundred_files_at_once() {
    // 30 forms, each copied until there are 500 files: identical copies are used once.
    let dir = tempfile::tempdir().unwrap();
    let (forms, many) = (dir.path().join("forms"), dir.path().join("veel"));
    make_forms(COURSE, &forms, &[]);
    std::fs::create_dir(&many).unwrap();
    let mut sources: Vec<PathBuf> =
        std::fs::read_dir(&forms).unwrap().map(|e| e.unwrap().path()).collect();
    sources.sort();
    for i in 0..500 {
        std::fs::copy(&sources[i % sources.len()], many.join(format!("{i:03}.pdf")))
            .unwrap();
    }
    let out = dir.path().join("out");
    let run = meetlat(
        &root(),
        &["collect", COURSE, many.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("gelezen: 30 formulier(en)"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("alle studenten hebben een formulier ingeleverd (eindobservatie)")
    );
    assert!(run.stdout.contains("niet ingevulde indicatoren: 1260, bij 30 student(en)"));
    assert_eq!(csv_rows(&out.join("observations.csv")).len(), 30 * 42);
}

#[test]
fn every_form_carries_its_identity_in_a_hidden_read_only_field_and_its_information() {
    let dir = tempfile::tempdir().unwrap();
    let (batch, blank) = (dir.path().join("batch"), dir.path().join("blank"));
    make_forms(COURSE, &batch, &["--moment", "tussentijds"]);
    make_forms(COURSE, &blank, &["--blank"]);
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(COURSE),
        ..Default::default()
    })
    .unwrap()
    .plan;
    let mut checked = 0;
    for (file, student, moment) in plan
        .students
        .iter()
        .map(|s| {
            let midway = batch
                .join(format!("SW3-STAGE-OW-{}-tussentijds-observatie.pdf", s.number));
            (midway, Some(s), "tussentijds")
        })
        .chain([(blank.join("SW3-STAGE-OW-blanco-eind-observatie.pdf"), None, "eind")])
    {
        let want = format!(
            "meetlat:observatie;cursus=SW3-STAGE-OW;student={};moment={moment};vingerafdruk={}",
            student.map_or("-", |s| s.number.as_str()),
            plan.fingerprint
        );
        let doc = lopdf::Document::load(&file).unwrap();
        let acro =
            doc.catalog().unwrap().get(b"AcroForm").unwrap().as_reference().unwrap();
        let fields =
            doc.get_dictionary(acro).unwrap().get(b"Fields").unwrap().as_array().unwrap();
        let field = fields
            .iter()
            .map(|f| doc.get_dictionary(f.as_reference().unwrap()).unwrap())
            .find(|f| f.get(b"T").unwrap().as_str().unwrap() == b"meetlat")
            .expect("the identity field");
        let number = |k: &[u8]| field.get(k).unwrap().as_i64().unwrap();
        assert_eq!((number(b"F"), number(b"Ff")), (2, 1), "hidden and read-only");
        let rect: Vec<f32> = field
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        assert_eq!(rect, [0.0; 4]);
        assert_eq!(lopdf::decode_text_string(field.get(b"V").unwrap()).unwrap(), want);
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info).unwrap();
        assert_eq!(
            lopdf::decode_text_string(info.get(b"MeetlatForm").unwrap()).unwrap(),
            want
        );
        checked += 1;
    }
    assert_eq!(checked, 31);
}

#[test]
fn the_observations_loader_refuses_other_files_and_versions() {
    let ok = json!({
        "formaat": "meetlat-observaties", "versie": 1, "cursus": "X", "vingerafdruk": "f",
        "formulieren": [], "ontbrekend": [], "niet_gebruikt": []
    });
    assert!(Observations::from_json(&ok.to_string()).is_ok());
    let mut later = ok.clone();
    later["versie"] = json!(2);
    let e = Observations::from_json(&later.to_string()).unwrap_err();
    assert!(e.message.contains("format version 2"), "{e}");
    let e = Observations::from_json("{\"a\": 1}").unwrap_err();
    assert!(e.message.contains("no meetlat observations"), "{e}");
    assert!(Observations::from_json("niet json").is_err());
}

//! Final reports, the cohort overview, grades.csv and the archive, from a filled scoring
//! sheet; `meetlat verify` on the archive, untouched and tampered with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use meetlat::grade::Verdict;
use meetlat::render::report::grade_text;
use meetlat::render::scoring_sheet::{self, Layout, column_name};
use meetlat::resolve::Plan;
use meetlat::{Inputs, prepare};

use crate::{meetlat, pdf, root};

/// A course folder: the example course with its own student list.
pub(crate) struct Course {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) plan: Plan,
}

impl Course {
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `meetlat report stage.yaml --scores SCORES -o OUT -q` and `extra`, in the folder.
    pub(crate) fn report(&self, scores: &str, out: &str, extra: &[&str]) -> crate::Run {
        let mut args = vec!["report", "stage.yaml", "--scores", scores, "-o", out, "-q"];
        args.extend_from_slice(extra);
        meetlat(self.dir.path(), &args)
    }
}

const STUDENTS: &str = "studentnummer,voornaam,tussenvoegsel,achternaam,e-mail
4000001,Bilal,,Aouragh,
4000002,Zoë,van ’t,Hek-Öztürk,
4000003,\"#read(\"\"/etc/passwd\"\")\",,\"*]$\\\",
4000004,Daan,,Bakker,
4000005,Iris,van,Beek,
4000006,Sanne,van den,Berg,
";

/// The example course copied next to a student list of six, with its plan.
pub(crate) fn course() -> Course {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("examples/stage.yaml"), dir.path().join("stage.yaml"))
        .unwrap();
    std::fs::write(dir.path().join("students.csv"), STUDENTS).unwrap();
    let plan =
        prepare(&Inputs { course: dir.path().join("stage.yaml"), ..Inputs::default() })
            .expect("valid course")
            .plan;
    Course { dir, plan }
}

/// The level (index, or `None` for NG) student `s` gets for indicator `i` of outcome `o`:
/// varied, with some NG, and reproducible.
fn level(plan: &Plan, s: usize, o: usize, i: usize) -> Option<usize> {
    let k = (s * 7 + o * 3 + i * 5) % 11;
    if k == 10 { None } else { Some((k + s) % plan.levels.len()) }
}

/// The levels of student `s` as the grading module takes them.
fn levels_of(plan: &Plan, s: usize) -> Vec<Vec<Option<usize>>> {
    plan.outcomes
        .iter()
        .enumerate()
        .map(|(o, out)| (0..out.indicators.len()).map(|i| level(plan, s, o, i)).collect())
        .collect()
}

/// Write a scoring sheet for `plan` filled by `cell` (student, outcome, indicator → text).
pub(crate) fn filled_sheet(
    plan: &Plan,
    path: &Path,
    cell: &dyn Fn(usize, usize, usize) -> Option<String>,
) {
    let bytes = scoring_sheet::render(plan, (2027, 1, 29), Some(cell)).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The sheet filled as [`level`] says, level ids as a teacher picks them.
pub(crate) fn standard_fill(
    plan: &Plan,
) -> impl Fn(usize, usize, usize) -> Option<String> + '_ {
    move |s, o, i| {
        Some(level(plan, s, o, i).map_or("NG".to_owned(), |l| plan.levels[l].id.clone()))
    }
}

/// Every file below `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel =
                    p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

pub(crate) fn archive_dir(out: &Path) -> PathBuf {
    out.join("archive/SW3-STAGE-OW-2026-2027")
}

#[test]
fn filled_sheet_gives_reports_overview_grades_and_a_verifiable_archive() {
    let c = course();
    let plan = &c.plan;
    filled_sheet(plan, &c.path("filled.xlsx"), &standard_fill(plan));
    let run = c.report("filled.xlsx", "out", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = archive_dir(&c.path("out"));
    let files = tree(&archive);

    // One report per student, named by number, never by name.
    let reports: Vec<&String> =
        files.keys().filter(|k| k.starts_with("reports/")).collect();
    assert_eq!(reports.len(), plan.students.len(), "{reports:?}");
    let sep = ',';
    let mut expected_csv = String::from("studentnummer,cijfer,resultaat\r\n");
    for (s, student) in plan.students.iter().enumerate() {
        let name = format!("reports/SW3-STAGE-OW-{}-beoordeling.pdf", student.number);
        assert!(files.contains_key(&name), "missing {name}");
        let path = archive.join(&name);
        let text = pdf::text(&path);
        let g = plan.grade(&levels_of(plan, s));
        // The student's name is printed literally, also when it looks like Typst markup.
        assert!(text.contains(&pdf::collapse(&student.full_name())), "name in {name}");
        assert!(text.contains(&student.number));
        for o in &plan.outcomes {
            assert!(text.contains(&o.id), "{} in {name}", o.id);
            for ind in &o.indicators {
                assert!(text.contains(&ind.id), "{} in {name}", ind.id);
            }
        }
        let grade = g.grade.as_ref().map(|q| grade_text(plan, q));
        let verdict = match g.verdict {
            Verdict::Voldoende => "voldoende",
            Verdict::Onvoldoende => "onvoldoende",
            Verdict::Incompleet => "incompleet",
        };
        // The final score in the rubric's points: lowest + share × span, rounded half up
        // to two decimals; the cut score the pass level's points.
        let points = |f: &meetlat::grade::Q| {
            let (lo, hi) = (plan.levels[0].points, plan.levels[3].points);
            let p = meetlat::grade::int(lo) + f * meetlat::grade::int(hi - lo);
            let half = meetlat::grade::Q::new(1.into(), 2.into());
            let cut =
                (p * meetlat::grade::int(100) + half).floor() / meetlat::grade::int(100);
            meetlat::grade::format_decimal(&cut, 2, ',')
        };
        let shown = match (&grade, &g.final_fraction) {
            (Some(gr), Some(f)) => format!(
                "Cijfer Resultaat Eindscore Cesuur {gr} {verdict} {} punten (gemiddeld per \
                 indicator) 2 punten (alles voldoende)",
                points(f)
            ),
            _ => "Cijfer Resultaat Eindscore Cesuur — incompleet — 2 punten (alles voldoende)"
                .to_owned(),
        };
        assert!(text.contains(&shown), "`{shown}` in {name}: {text}");
        // Per outcome: how many indicators were observed, as the grading module counts.
        let mut from = 0;
        for (o, og) in plan.outcomes.iter().zip(&g.outcomes) {
            let line = format!("{} · ", o.id);
            let at = from
                + text[from..].find(&line).unwrap_or_else(|| panic!("{line} in {name}"));
            let counted = format!("Geobserveerd {} van {}", og.observed, og.total);
            assert!(text[at..].contains(&counted), "{counted} after {line} in {name}");
            from = at + line.len();
        }
        assert!(text.contains("Motivering: "), "decision in {name}");
        // The signature block names student and result.
        assert!(
            text.contains(&format!("({}) · SW3-STAGE-OW · Cijfer", student.number)),
            "signature block in {name}"
        );
        assert!(text.contains("Examinator 1") && text.contains("Examinator 2"));
        assert!(text.contains("Geldende regels") && text.contains("versie 2026-03"));
        // The fingerprint on every page.
        for page in 1..=pdf::pages(&path) {
            let p = pdf::page(&path, page);
            assert!(
                p.contains(&plan.fingerprint),
                "fingerprint on page {page} of {name}"
            );
        }
        // No names in the metadata.
        let info = pdf::tool("pdfinfo", &[], &path);
        assert!(!info.contains(&student.last_name), "name in metadata of {name}");
        assert!(!pdf::xmp(&path).contains(&student.last_name), "name in XMP of {name}");
        pdf::assert_archival(&path);
        pdf::assert_fonts_embedded(&path);
        pdf::assert_qpdf_clean(&path);
        expected_csv.push_str(&format!(
            "{},{},{verdict}\r\n",
            student.number,
            grade.unwrap_or_default().replace(sep, ".")
        ));
    }
    assert_eq!(String::from_utf8_lossy(&files["grades.csv"]), expected_csv);

    // The overview names every student with grade and result, and is archival.
    let overview = archive.join("SW3-STAGE-OW-overzicht.pdf");
    let text = pdf::text(&overview);
    for student in &plan.students {
        assert!(text.contains(&student.number), "{} in overview", student.number);
    }
    for label in ["Verdeling van de cijfers", "Cesuur gehaald per leeruitkomst"] {
        assert!(text.contains(label), "{label} in overview");
    }
    pdf::assert_archival(&overview);

    // The manifest lists every file with its hash, size and role, and the identity.
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["framework_id"], "opbouwwerk-2026");
    assert_eq!(manifest["framework_version"], "2026-03");
    assert_eq!(manifest["fingerprint"], plan.fingerprint.as_str());
    assert_eq!(manifest["meetlat_version"], env!("CARGO_PKG_VERSION"));
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), files.len() - 1, "every file but the manifest");
    for f in listed {
        let path = f["path"].as_str().unwrap();
        let bytes = &files[path];
        assert_eq!(f["size"].as_u64().unwrap(), bytes.len() as u64, "{path}");
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            meetlat::archive::sha256(bytes),
            "{path}"
        );
    }
    let roles: Vec<&str> = listed.iter().map(|f| f["role"].as_str().unwrap()).collect();
    for role in
        ["report", "overview", "grades", "course", "framework", "students", "scores"]
    {
        assert!(roles.contains(&role), "role {role} in {roles:?}");
    }
    // The inputs are archived as they were read.
    assert_eq!(
        files["inputs/stage.yaml"],
        std::fs::read(root().join("examples/stage.yaml")).unwrap()
    );
    assert_eq!(files["inputs/students.csv"], STUDENTS.as_bytes());
    assert_eq!(
        files["inputs/filled.xlsx"],
        std::fs::read(c.path("filled.xlsx")).unwrap()
    );

    let verified = meetlat(c.dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(verified.code, 0, "{}", verified.transcript());
    assert!(verified.stdout.contains(&format!("all {} files match", listed.len())));
    assert!(
        verified.stdout.contains("computed again from the archived inputs: the same")
    );

    // Running again on the same inputs gives byte-identical files.
    let again = c.report("filled.xlsx", "out", &[]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(tree(&archive) == files, "a second run changed the archive");
}

#[test]
fn verify_names_each_changed_missing_unexpected_and_non_archival_file() {
    let c = course();
    filled_sheet(&c.plan, &c.path("filled.xlsx"), &standard_fill(&c.plan));
    let run = c.report("filled.xlsx", "out", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = archive_dir(&c.path("out"));
    let changed = "reports/SW3-STAGE-OW-4000001-beoordeling.pdf";
    let deleted = "reports/SW3-STAGE-OW-4000004-beoordeling.pdf";
    let mut bytes = std::fs::read(archive.join(changed)).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(archive.join(changed), bytes).unwrap();
    std::fs::remove_file(archive.join(deleted)).unwrap();
    std::fs::write(archive.join("reports/extra.pdf"), b"%PDF-1.7 not ours").unwrap();
    let run = meetlat(c.dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains(&format!("changed: {changed}")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("missing: {deleted}")), "{}", run.stdout);
    assert!(run.stdout.contains("unexpected: reports/extra.pdf"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("4000002"),
        "untouched files are not named: {}",
        run.stdout
    );
    assert!(run.stderr.contains("3 problem(s)"), "{}", run.stderr);

    // A listed PDF with the right hash but no PDF/A identification is named too.
    let c2 = course();
    filled_sheet(&c2.plan, &c2.path("filled.xlsx"), &standard_fill(&c2.plan));
    assert_eq!(c2.report("filled.xlsx", "out", &[]).code, 0);
    let archive = archive_dir(&c2.path("out"));
    let rubric = meetlat(c2.dir.path(), &["rubric", "stage.yaml", "-o", "plain"]);
    assert_eq!(rubric.code, 0);
    // A form is not PDF/A: swap it in for the overview and fix the manifest's hash.
    let forms =
        meetlat(c2.dir.path(), &["forms", "stage.yaml", "--blank", "-o", "plain", "-q"]);
    assert_eq!(forms.code, 0, "{}", forms.transcript());
    let form = std::fs::read_dir(c2.path("plain"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("blanco"))
        .unwrap();
    let form_bytes = std::fs::read(&form).unwrap();
    std::fs::write(archive.join("SW3-STAGE-OW-overzicht.pdf"), &form_bytes).unwrap();
    let manifest_path = archive.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["path"] == "SW3-STAGE-OW-overzicht.pdf" {
            f["sha256"] = meetlat::archive::sha256(&form_bytes).into();
            f["size"] = form_bytes.len().into();
        }
    }
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest).unwrap())
        .unwrap();
    let run = meetlat(c2.dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("invalid: SW3-STAGE-OW-overzicht.pdf (not an archival PDF: no PDF/A identification"),
        "{}",
        run.stdout
    );

    // A grade changed in grades.csv, with its hash changed in the manifest too, is still
    // found: the grades are computed again from the archived inputs.
    let csv_path = archive.join("grades.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let first = csv.lines().nth(1).unwrap().to_owned();
    let mut fields: Vec<&str> = first.split(',').collect();
    fields[1] = if fields[1] == "9.9" { "9.8" } else { "9.9" };
    let changed = csv.replacen(&first, &fields.join(","), 1);
    std::fs::write(&csv_path, &changed).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["path"] == "grades.csv" {
            f["sha256"] = meetlat::archive::sha256(changed.as_bytes()).into();
            f["size"] = changed.len().into();
        }
    }
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest).unwrap())
        .unwrap();
    let run = meetlat(c2.dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "invalid: grades.csv (its grades differ from the grades computed again"
        ),
        "{}",
        run.stdout
    );
    // It names the student and both lines, and does not call the grades checked.
    let number = fields[0];
    let expected = format!(
        "`{number}`: `{}` there, `{}` computed",
        fields[1..].join(","),
        first.split_once(',').unwrap().1
    );
    assert!(run.stdout.contains(&expected), "{expected}\n{}", run.stdout);
    assert!(run.stdout.contains("computed again from the archived inputs: they differ"));

    // A manifest that points outside its folder is not followed.
    manifest["files"].as_array_mut().unwrap().push(serde_json::json!({
        "path": "../stage.yaml", "role": "course", "size": 1, "sha256": "00"
    }));
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest).unwrap())
        .unwrap();
    let run = meetlat(c2.dir.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("invalid: ../stage.yaml (the manifest names a path outside"),
        "{}",
        run.stdout
    );

    // No manifest: a clear error.
    let run = meetlat(c2.dir.path(), &["verify", "plain"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("manifest"), "{}", run.stderr);
}

#[test]
fn bad_cells_unknown_and_missing_students_are_named_and_nothing_is_written() {
    let c = course();
    let plan = &c.plan;
    // One student too many in the sheet, one of the course missing, a typo in a level,
    // a level typed in capitals (fine), and one cell left empty.
    let mut sheet_plan = plan.clone();
    sheet_plan.students.remove(3);
    let mut stranger = plan.students[0].clone();
    stranger.number = "4000009".into();
    sheet_plan.students.push(stranger);
    let fill = |s: usize, o: usize, i: usize| match (s, o, i) {
        (0, 0, 1) => Some("goedd".to_owned()),
        (1, 0, 0) => Some("GOED".to_owned()),
        (2, 1, 0) => None,
        _ => standard_fill(plan)(s, o, i),
    };
    filled_sheet(&sheet_plan, &c.path("filled.xlsx"), &fill);
    let run = c.report("filled.xlsx", "out", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let layout = Layout::new(plan);
    let typo = format!("Scores!{}3", column_name(layout.inputs[0].0 + 1));
    let err = &run.stderr;
    assert!(
        err.contains(&format!(
            "{typo}: \"goedd\" is not a level; levels are onvoldoende, voldoende, goed, excellent, NG"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `goed`?"), "{err}");
    assert!(
        err.contains("student `4000009` is not in the course's student list"),
        "{err}"
    );
    assert!(
        err.contains("student `4000004` (Daan Bakker) of the course has no row"),
        "{err}"
    );
    let empty = format!("Scores!{}5", column_name(layout.inputs[1].0));
    assert!(err.contains(&format!("{empty}: student `4000003`")), "{err}");
    assert!(err.contains("--partial"), "{err}");
    assert!(err.contains("filled.xlsx"), "{err}");
    assert!(!err.contains("4000002"), "capitals are a level: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!c.path("out").exists(), "nothing is written");
}

#[test]
fn a_sheet_of_another_course_version_or_layout_is_refused() {
    let c = course();
    let run_with = |sheet: &Plan| {
        filled_sheet(sheet, &c.path("filled.xlsx"), &standard_fill(&c.plan));
        c.report("filled.xlsx", "out", &[])
    };
    let mut other = c.plan.clone();
    other.course.code = "SW2-ANDERS".into();
    let run = run_with(&other);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("this sheet is for course `SW2-ANDERS`, not for `SW3-STAGE-OW`"),
        "{}",
        run.stderr
    );

    let mut older = c.plan.clone();
    older.fingerprint = "0123456789ab".into();
    let run = run_with(&older);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("another version of the course file"), "{}", run.stderr);
    assert!(run.stderr.contains("0123456789ab"), "{}", run.stderr);

    // Two columns swapped (as if moved by hand).
    let mut moved = c.plan.clone();
    moved.outcomes[0].indicators.swap(0, 1);
    let run = run_with(&moved);
    assert_eq!(run.code, 1);
    let first = &c.plan.outcomes[0].indicators;
    assert!(
        run.stderr.contains(&format!(
            "Scores!C2: expected the column `{}` (LU1) here, found `{}`",
            first[0].id, first[1].id
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("`{}` is in column D", first[0].id)),
        "{}",
        run.stderr
    );
    assert!(!c.path("out").exists());

    let run = c.report("stage.yaml", "out", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("this is a text file"), "{}", run.stderr);
}

#[test]
fn partial_reports_the_complete_students_and_lists_the_rest() {
    let c = course();
    let plan = &c.plan;
    let mut sheet_plan = plan.clone();
    sheet_plan.students.remove(5);
    let fill = |s: usize, o: usize, i: usize| {
        if s == 1 && o == 2 { None } else { standard_fill(plan)(s, o, i) }
    };
    filled_sheet(&sheet_plan, &c.path("filled.xlsx"), &fill);
    let run = c.report("filled.xlsx", "out", &["--partial"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("no report for 2 student(s)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("4000002: ")
            && run.stdout.contains("4000006: no row in the sheet"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    let archive = archive_dir(&c.path("out"));
    let files = tree(&archive);
    let reports = files.keys().filter(|k| k.starts_with("reports/")).count();
    assert_eq!(reports, plan.students.len() - 2);
    assert!(!files.contains_key("reports/SW3-STAGE-OW-4000002-beoordeling.pdf"));
    let csv = String::from_utf8_lossy(&files["grades.csv"]).into_owned();
    assert!(!csv.contains("4000002") && !csv.contains("4000006"), "{csv}");
    let overview = pdf::text(&archive.join("SW3-STAGE-OW-overzicht.pdf"));
    assert!(overview.contains("Niet in dit overzicht"), "{overview}");
    assert!(overview.contains("4000002") && overview.contains("4000006"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["partial"], true);
    assert_eq!(manifest["not_reported"], serde_json::json!(["4000002", "4000006"]));
    assert!(overview.contains("VOORLOPIG"), "{overview}");
    assert!(overview.contains("4 van 6"), "{overview}");
    assert_eq!(meetlat(c.dir.path(), &["verify", archive.to_str().unwrap()]).code, 0);

    // A value that is not a level is fixed, not skipped: an error also with --partial.
    let typo = |s: usize, o: usize, i: usize| {
        if (s, o, i) == (0, 0, 0) { Some("3".to_owned()) } else { fill(s, o, i) }
    };
    filled_sheet(&sheet_plan, &c.path("filled.xlsx"), &typo);
    let run = c.report("filled.xlsx", "out2", &["--partial"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("\"3\" is not a level"), "{}", run.stderr);
    assert!(
        run.stderr.contains("type the level, not its points: `goed` (3 points)"),
        "{}",
        run.stderr
    );
    assert!(!c.path("out2").exists());
}

/// Open the workbook in LibreOffice with its default settings and save it as XLSX, as a
/// teacher's program would: the file then holds what LibreOffice stores (its own cached
/// values, styles and names), not what meetlat wrote.
fn resave_with_libreoffice(xlsx: &Path, out_dir: &Path) -> PathBuf {
    let soffice =
        crate::sheet::which("soffice").expect("LibreOffice is installed by tests/run.sh");
    let work = tempfile::tempdir().unwrap();
    let profile = crate::sheet::libreoffice_profile(work.path(), false);
    let status = Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(out_dir)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    out_dir.join(xlsx.file_name().unwrap())
}

#[test]
fn a_sheet_saved_by_libreoffice_is_read_and_an_edited_grade_is_a_warning() {
    let c = course();
    let plan = &c.plan;
    filled_sheet(plan, &c.path("made.xlsx"), &standard_fill(plan));
    let saved_dir = c.path("saved");
    std::fs::create_dir_all(&saved_dir).unwrap();
    let saved = resave_with_libreoffice(&c.path("made.xlsx"), &saved_dir);

    // As saved: the cached grades agree with the grading module, so no warning (but the
    // one about fails without a motivation: this sheet has none).
    let run = c.report(saved.to_str().unwrap(), "out", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("failed without a motivation"), "{}", run.stderr);

    // Someone overwrites a cached grade (as an edited formula would show).
    let layout = Layout::new(plan);
    let cell = format!("{}3", column_name(layout.grade_col));
    let edited = c.path("edited.xlsx");
    let script = r#"
import re, sys, zipfile
src, dst, cell = sys.argv[1], sys.argv[2], sys.argv[3]
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == 'xl/worksheets/sheet2.xml':
        text = data.decode('utf-8')
        pattern = r'(<c r="' + cell + r'"[^>]*>.*?<v>)([^<]*)(</v>)'
        text, n = re.subn(pattern, lambda m: m.group(1) + '9.9' + m.group(3), text, count=1, flags=re.S)
        assert n == 1, 'grade cell not found'
        typed = re.sub(r'\d+$', '4', cell)
        pattern = r'(<c r="' + typed + r'"[^>]*>)<f[^>]*>.*?</f>'
        text, n = re.subn(pattern, lambda m: m.group(1), text, count=1, flags=re.S)
        assert n == 1, 'second grade cell not found'
        data = text.encode('utf-8')
    zout.writestr(item, data)
zout.close()
"#;
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(&saved)
        .arg(&edited)
        .arg(&cell)
        .output()
        .expect("python3 runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let run = c.report("edited.xlsx", "out", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let g = plan.grade(&levels_of(plan, 0));
    let expected = num_traits::ToPrimitive::to_f64(g.grade.as_ref().unwrap()).unwrap();
    assert!(
        run.stderr.contains(&format!(
            "warning: Scores!{cell}: the sheet shows 9.9 as the grade of student `4000001`, the rules give {expected}"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "warning: Scores!{}4: the grade of student `4000002` was typed over its formula",
            column_name(layout.grade_col)
        )),
        "{}",
        run.stderr
    );
    // The report holds the computed grade, not the edited one.
    let text = pdf::text(
        &archive_dir(&c.path("out")).join("reports/SW3-STAGE-OW-4000001-beoordeling.pdf"),
    );
    assert!(text.contains(&grade_text(plan, g.grade.as_ref().unwrap())), "{text}");
    assert!(!text.contains("9,9"));
}

/// The filled example sheet the README uses. Set `MEETLAT_UPDATE_EXAMPLES=1` to make it
/// again (after a change to the example course or the sheet's layout): the empty sheet
/// opened in LibreOffice with default settings, every level typed in as [`level`] says,
/// and saved by LibreOffice, as a teacher's would be.
#[test]
fn example_filled_sheet_gives_a_clean_report() {
    let example = root().join("examples/stage-scores-ingevuld.xlsx");
    let plan = prepare(&Inputs {
        course: root().join("examples/stage.yaml"),
        ..Inputs::default()
    })
    .expect("valid")
    .plan;
    if std::env::var_os("MEETLAT_UPDATE_EXAMPLES").is_some() {
        let work = tempfile::tempdir().unwrap();
        let made = work.path().join("empty.xlsx");
        std::fs::write(&made, scoring_sheet::render(&plan, (2027, 1, 29), None).unwrap())
            .unwrap();
        let saved = work.path().join("saved.xlsx");
        // As the standard fill, but the sixth student has no observation of LU2 at all:
        // the example's reports then show a pass, a knock-out, a resit (the fourth student,
        // in the list) and a result that is incomplete for too little evidence.
        let standard = standard_fill(&plan);
        let fill = |s: usize, o: usize, i: usize| {
            if s == 5 && o == 1 { Some("NG".to_owned()) } else { standard(s, o, i) }
        };
        crate::office::type_and_save(&plan, &made, &saved, &fill);
        std::fs::copy(&saved, &example).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "report",
            "examples/stage.yaml",
            "--scores",
            "examples/stage-scores-ingevuld.xlsx",
            "-o",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(
        run.code,
        0,
        "{}\nif the example course changed, run MEETLAT_UPDATE_EXAMPLES=1 cargo test --release example_filled",
        run.transcript()
    );
    // The grades LibreOffice shows (and stored) agree with the grading module: no warnings.
    assert_eq!(run.stderr, "", "{}", run.transcript());
    let grades =
        std::fs::read_to_string(archive_dir(out.path()).join("grades.csv")).unwrap();
    assert_eq!(grades.lines().count(), plan.students.len() + 1);
}

/// Replace the cell element `<c r="CELL" …/>` of the Scores sheet (an empty input cell)
/// with `with`, rewriting the XLSX in place.
fn put_cell_xml(xlsx: &Path, cell: &str, with: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(xlsx).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
            let end = start + xml[start..].find("/>").unwrap() + 2;
            assert!(
                !xml[start + 1..end].contains('<'),
                "an empty cell: {}",
                &xml[start..end]
            );
            data = format!("{}{with}{}", &xml[..start], &xml[end..]).into_bytes();
            replaced = true;
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    assert!(replaced, "the Scores sheet is sheet2.xml");
    std::fs::write(xlsx, zout.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_formula_typed_into_an_input_cell_is_named_as_a_formula_not_as_empty() {
    let c = course();
    let plan = &c.plan;
    let fill = standard_fill(plan);
    // Student 1's first input cell (C3) left empty, then given a formula without a
    // cached value, as a script or another program may write it.
    filled_sheet(plan, &c.path("filled.xlsx"), &|s, o, i| {
        if (s, o, i) == (0, 0, 0) { None } else { fill(s, o, i) }
    });
    put_cell_xml(&c.path("filled.xlsx"), "C3", "<c r=\"C3\"><f>LOWER(\"GOED\")</f></c>");
    let run = c.report("filled.xlsx", "out", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("Scores!C3: the cell holds a formula (`=LOWER(\"GOED\")`), not a level (student `4000001`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("empty cell"), "{}", run.stderr);
    // Also with `--partial`: a formula is fixed, not skipped.
    let run = c.report("filled.xlsx", "out", &["--partial"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn a_pdf_csv_xls_or_ods_given_as_the_sheet_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("scores.csv"), "Studentnummer;Naam\n5723007;Aouragh\n")
        .unwrap();
    std::fs::write(d.join("scores.pdf"), b"%PDF-1.7\n%\xe2\xe3\n").unwrap();
    std::fs::write(
        d.join("old.xls"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .unwrap();
    // An OpenDocument spreadsheet as LibreOffice saves one.
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(d)
        .arg(root().join("examples/stage-scores-ingevuld.xlsx"))
        .output()
        .expect("soffice runs");
    assert!(status.status.success());
    std::fs::rename(d.join("stage-scores-ingevuld.ods"), d.join("scores.ods")).unwrap();
    for (file, what) in [
        (
            "scores.csv",
            "this is a text file (a CSV export, or another text), not an Excel",
        ),
        ("scores.pdf", "this is a PDF file, not an Excel workbook (.xlsx)"),
        (
            "old.xls",
            "this is an old Excel 97-2003 workbook (.xls), not an Excel workbook",
        ),
        (
            "scores.ods",
            "this is an OpenDocument spreadsheet (.ods), not an Excel workbook",
        ),
    ] {
        let scores = d.join(file);
        let run = meetlat(
            &root(),
            &[
                "report",
                "examples/stage.yaml",
                "--scores",
                scores.to_str().unwrap(),
                "-o",
                d.join("out").to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert!(run.stderr.contains(what), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(".xlsx"), "{}", run.stderr);
        assert!(!d.join("out").exists(), "nothing written");
    }
}

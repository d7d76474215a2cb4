//! The course rubric: a PDF/A-2a + PDF/UA-1 document checked by its properties.

use std::path::{Path, PathBuf};

use meetlat::Inputs;

use crate::pdf::{self, collapse};
use crate::{meetlat, root};

/// Build the rubric of `course` into a fresh folder; returns the folder and the PDF path.
fn build_rubric(
    course: &Path,
    extra: &[&str],
) -> (tempfile::TempDir, PathBuf, crate::Run) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "rubric",
        course.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ];
    args.extend(extra);
    let run = meetlat(&root(), &args);
    let pdf = std::fs::read_dir(out.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap_or_default();
    (out, pdf, run)
}

/// A course file in a temp folder: the example's required fields plus `extra` YAML.
fn course_with(fields: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("course.yaml");
    std::fs::write(&path, fields).unwrap();
    (dir, path)
}

#[test]
fn example_rubric_holds_every_selected_indicator_and_is_archival() {
    let (_out, pdf, run) = build_rubric(&root().join("examples/stage.yaml"), &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(pdf.ends_with("SW3-STAGE-OW-rubric.pdf"), "{}", pdf.display());
    let plan = meetlat::prepare(&Inputs {
        course: root().join("examples/stage.yaml"),
        ..Inputs::default()
    })
    .unwrap()
    .plan;
    let text = pdf::text(&pdf);
    for o in &plan.outcomes {
        assert!(
            text.contains(&collapse(o.title.trim_end_matches('.'))),
            "title of {} missing",
            o.id
        );
        assert!(
            text.contains(&collapse(&o.description)),
            "description of {} missing",
            o.id
        );
        for i in &o.indicators {
            assert!(text.contains(&collapse(&i.text)), "{} of {} missing", i.id, o.id);
        }
    }
    // The course-specific descriptor replaces the generic one for G02.
    assert!(
        text.contains("Betrekt bewust ook perspectieven van minder zichtbare groepen")
    );
    for l in &plan.levels {
        assert!(
            text.contains(&collapse(&l.descriptor)),
            "descriptor of {} missing",
            l.id
        );
    }
    // Cover, scoring section, footer on every page.
    assert!(text.contains("Stage opbouwwerk") && text.contains("2026-2027"));
    assert!(text.contains("Leeruitkomsten opbouwwerk, versie 2026-03"));
    assert!(text.contains("Zo wordt de beoordeling berekend"));
    assert!(text.contains("niet geobserveerd") && text.contains("Knock-out"));
    let pages = pdf::pages(&pdf);
    assert!(
        pages >= 2 + plan.outcomes.len(),
        "each outcome starts a page: {pages} pages"
    );
    for n in 1..=pages {
        let footer = format!(
            "SW3-STAGE-OW · Rubric Vingerafdruk {} pagina {n} van {pages}",
            plan.fingerprint
        );
        assert!(text.contains(&footer), "footer of page {n} missing");
    }
    assert_eq!(pdf::info_field(&pdf, "Page size"), "841.89 x 595.276 pts (A4)");

    let fonts = pdf::assert_fonts_embedded(&pdf);
    assert!(
        fonts.iter().all(|f| f.contains("NotoSans")),
        "only bundled fonts: {fonts:?}"
    );
    pdf::assert_archival(&pdf);
    pdf::assert_qpdf_clean(&pdf);

    // Metadata: title, framework id and version, fingerprint; language nl.
    let xmp = pdf::xmp(&pdf);
    assert!(xmp.contains("Beoordelingsrubric SW3-STAGE-OW Stage opbouwwerk"));
    assert!(
        xmp.contains("framework:opbouwwerk-2026")
            && xmp.contains("framework-version:2026-03")
    );
    assert!(xmp.contains(&format!("fingerprint:{}", plan.fingerprint)));
    assert!(xmp.contains("<rdf:li>nl</rdf:li>"));
    assert!(xmp.contains("2027-01-29T12:00:00"), "date from the course file");
}

#[test]
fn two_runs_give_identical_bytes() {
    let (_a, first, run) = build_rubric(&root().join("examples/stage.yaml"), &[]);
    assert_eq!(run.code, 0);
    let (_b, second, _) = build_rubric(&root().join("examples/stage.yaml"), &[]);
    assert_eq!(std::fs::read(first).unwrap(), std::fs::read(second).unwrap());
}

#[test]
fn hostile_and_unusual_names_are_printed_literally() {
    let long = "Lange naam ".repeat(27) + "einde";
    let yaml = format!(
        "code: SW3-RAAR\n\
         name: '#read(\"/etc/passwd\")'\n\
         academic_year: 2026-2027\n\
         period: '*bold* $x$ \\ ]'\n\
         institution: '<script>alert(1)</script>'\n\
         examiners: ['Zoë van ’t Hek-Öztürk', '{long}']\n\
         date: 2027-02-01\n\
         outcomes: [LU2]\n"
    );
    let (_dir, course) = course_with(&yaml);
    let (_out, pdf, run) = build_rubric(&course, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text = pdf::text(&pdf);
    for literal in [
        "#read(\"/etc/passwd\")",
        "*bold* $x$ \\ ]",
        "<script>alert(1)</script>",
        "Zoë van ’t Hek-Öztürk",
    ] {
        assert!(text.contains(literal), "`{literal}` not printed literally");
    }
    assert!(text.contains(&collapse(&long)), "the 300-character name is printed whole");
    assert!(!text.contains("root:x:0:0"), "no file was read");
    // One outcome: cover, one table page, scoring page.
    assert_eq!(pdf::pages(&pdf), 3);
    pdf::assert_archival(&pdf);
}

#[test]
fn english_labels_keep_framework_text() {
    let yaml = "code: SW3-EN\nname: Placement\nacademic_year: 2026-2027\nperiod: term 1\n\
                institution: Example University\nexaminers: [A. Examiner]\ndate: 2027-01-29\n\
                language: en\noutcomes: [LU1]\n";
    let (_dir, course) = course_with(yaml);
    let (_out, pdf, run) = build_rubric(&course, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text = pdf::text(&pdf);
    assert!(text.contains("Assessment rubric") && text.contains("page 1 of"));
    assert!(text.contains("How the assessment is calculated"));
    assert!(
        text.contains("Je stimuleert inclusieve participatie"),
        "framework text as written"
    );
    assert!(pdf::xmp(&pdf).contains("<rdf:li>en</rdf:li>"));
}

/// A template override folder with one file.
fn templates_with(name: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), body).unwrap();
    dir
}

/// Run the example rubric with an override folder; it must fail cleanly and write nothing.
fn assert_template_rejected(templates: &Path, expected: &[&str]) -> String {
    let (out, pdf, run) = build_rubric(
        &root().join("examples/stage.yaml"),
        &["--templates", templates.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(pdf, PathBuf::new(), "nothing is written");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "output folder stays empty"
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for e in expected {
        assert!(run.stderr.contains(e), "expected `{e}` in:\n{}", run.stderr);
    }
    run.stderr
}

#[test]
fn a_template_cannot_read_outside_its_root() {
    let t = templates_with("rubric.typ", "#read(\"/etc/passwd\")\n");
    assert_template_rejected(
        t.path(),
        &["template error: file not found", "rubric.typ:1:"],
    );
    let t = templates_with("rubric.typ", "#read(\"../../../../etc/passwd\")\n");
    assert_template_rejected(t.path(), &["template error", "escape"]);
    let t = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/etc/hostname", t.path().join("host")).unwrap();
    std::fs::write(t.path().join("rubric.typ"), "#read(\"/host\")\n").unwrap();
    // Named, with where it leads and that it leaves the template folder.
    assert_template_rejected(
        t.path(),
        &[
            "template error",
            "host` is or passes through a symbolic link to `/etc/hostname`",
            "leaves the template folder",
        ],
    );
    // A linked folder too.
    let t = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/etc", t.path().join("lib")).unwrap();
    std::fs::write(t.path().join("rubric.typ"), "#read(\"/lib/hostname\")\n").unwrap();
    assert_template_rejected(
        t.path(),
        &[
            "lib/hostname` is or passes through a symbolic link",
            "leaves the template folder",
        ],
    );
}

#[test]
fn a_template_cannot_import_packages() {
    let t = templates_with("rubric.typ", "#import \"@preview/cetz:0.3.4\"\n");
    assert_template_rejected(t.path(), &["packages are disabled in meetlat"]);
}

#[test]
fn a_template_that_loops_forever_fails() {
    let t = templates_with("rubric.typ", "#let i = 0\n#while i >= 0 { i += 1 }\n");
    assert_template_rejected(t.path(), &["template error", "loop seems to be infinite"]);
}

#[test]
fn a_template_error_names_file_line_and_excerpt() {
    let t = templates_with(
        "rubric.typ",
        "#import \"lib/style.typ\": *\n#let data = json(\"/data.json\")\n#data.nope\n",
    );
    let stderr = assert_template_rejected(t.path(), &["rubric.typ:3:", "#data.nope"]);
    assert!(stderr.contains("nope"), "{stderr}");
}

#[test]
fn templates_are_overridden_file_by_file() {
    // Only lib/style.typ is replaced; rubric.typ stays the embedded one.
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("lib")).unwrap();
    let style = String::from_utf8(
        meetlat::templates::EMBEDDED_TEMPLATES
            .iter()
            .find(|(n, _)| *n == "lib/style.typ")
            .unwrap()
            .1
            .to_vec(),
    )
    .unwrap()
    .replace("#1d4e89", "#8a1c1c");
    std::fs::write(t.path().join("lib/style.typ"), style).unwrap();
    let (_out, pdf, run) = build_rubric(
        &root().join("examples/stage.yaml"),
        &["--templates", t.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(pdf::text(&pdf).contains("Zo wordt de beoordeling berekend"));
    let missing = meetlat(
        &root(),
        &["rubric", "examples/stage.yaml", "--templates", "/does/not/exist"],
    );
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("template directory `/does/not/exist` cannot be used")
    );
}

#[test]
fn pdf_settings_refuse_untagged_conformance_claims() {
    use meetlat::typst_world::{PdfProfile, PdfSettings};
    let settings = |profile, tagged| PdfSettings {
        profile,
        tagged,
        ident: "x".into(),
        date: (2027, 1, 29),
    };
    assert!(settings(PdfProfile::Archival, false).options().is_err());
    assert!(settings(PdfProfile::Archival, true).options().is_ok());
    assert!(settings(PdfProfile::Plain, false).options().is_ok());
}

#[test]
fn a_character_the_fonts_cannot_print_is_named() {
    let yaml = "code: SW3-CJK\nname: 'Cursus 课程'\nacademic_year: 2026-2027\nperiod: p\n\
                institution: HV\nexaminers: [A]\ndate: 2027-01-29\noutcomes: [LU2]\n";
    let (_dir, course) = course_with(yaml);
    let (out, pdf, run) = build_rubric(&course, &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(pdf, PathBuf::new());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    assert!(run.stderr.contains("`课` (U+8BFE)"), "{}", run.stderr);
    assert!(run.stderr.contains("in: \"Cursus 课程\""), "{}", run.stderr);
}

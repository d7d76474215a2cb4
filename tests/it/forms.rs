//! Observation forms: one per student, printable and fillable, a blank one and a combined
//! print file. Checked with poppler (text, pages, form) and pypdf (filling every field).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::pdf;
use crate::{meetlat, root};

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// Text of one page.
fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    pdf::collapse(&String::from_utf8_lossy(&out.stdout))
}

/// Fill every field with pypdf and read the values back.
fn fill(pdf: &Path, out: &Path) -> serde_json::Value {
    fill_with(pdf, out, &[])
}

#[test]
fn one_form_per_student_with_student_on_every_page_and_working_fields() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            "examples/stage.yaml",
            "--output",
            out.path().to_str().unwrap(),
            "--combined",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let files = pdfs(out.path());
    assert_eq!(files.len(), 31, "30 forms and the combined file: {files:?}");
    let students =
        meetlat::students::read_csv(&root().join("examples/students.csv")).unwrap();

    let mut total_pages = 0;
    for s in &students {
        let file =
            out.path().join(format!("SW3-STAGE-OW-{}-observatie.pdf", s.student.number));
        assert!(file.exists(), "{}", file.display());
        let pages = pdf::pages(&file);
        total_pages += pages;
        for p in 1..=pages {
            let text = page_text(&file, p);
            assert!(
                text.contains(&s.student.full_name()),
                "name on page {p} of {}",
                file.display()
            );
            assert!(text.contains(&s.student.number), "number on page {p}");
            assert!(
                text.contains(&format!("pagina {p} van {pages}")),
                "page {p}: {text}"
            );
            assert!(
                text.contains(&format!("SW3-STAGE-OW/{}/eind", s.student.number)),
                "form id"
            );
        }
        assert_eq!(pdf::info_field(&file, "Form"), "AcroForm");
        // No student names in the metadata.
        assert!(!pdf::xmp(&file).contains(&s.student.last_name));
    }
    let combined = out.path().join("SW3-STAGE-OW-observatieformulieren-eind.pdf");
    assert_eq!(pdf::pages(&combined), total_pages, "the combined file holds every form");
    let all = pdf::text(&combined);
    assert!(students.iter().all(|s| all.contains(&s.student.full_name())));
    assert_eq!(
        pdf::info_field(&combined, "Form"),
        "none",
        "the print file has no fields"
    );

    // Fill every field of one form and read it back.
    let form = out
        .path()
        .join(format!("SW3-STAGE-OW-{}-observatie.pdf", students[0].student.number));
    let filled = out.path().join("filled.pdf");
    let result = fill(&form, &filled);
    let fields = result["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 42 + 6 + 3 + 1 + 1 + 6, "fields: {:?}", fields.keys());
    assert_eq!(
        fields["LU3.G12"]["options"],
        serde_json::json!(["/onvoldoende", "/voldoende", "/goed", "/excellent", "/NG"])
    );
    assert_eq!(fields["LU3.voorbeelden"]["type"], "text");
    let back = result["read_back"].as_object().unwrap();
    assert_eq!(back["LU3.G12"], "/voldoende");
    assert_eq!(back["begeleider"], "Tekst begeleider ëé");
    assert_eq!(back["advies"], "/onvoldoende");
    for (name, value) in back {
        assert!(
            value.as_str().is_some_and(|v| !v.is_empty() && v != "/Off"),
            "{name} not filled"
        );
    }
    // The filled form renders (pdftoppm) with the same number of pages.
    assert_eq!(pdf::pages(&filled), pdf::pages(&form));
    pdf::assert_qpdf_clean(&form);
}

#[test]
fn blank_form_has_fields_for_the_student() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            "examples/stage.yaml",
            "--blank",
            "--moment",
            "tussentijds",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let files = pdfs(out.path());
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("SW3-STAGE-OW-blanco-tussentijds-observatie.pdf"));
    let text = pdf::text(&files[0]);
    assert!(
        text.contains("tussentijdse observatie")
            && text.contains("SW3-STAGE-OW/blanco/tussentijds")
    );
    let result = fill(&files[0], &out.path().join("filled.pdf"));
    assert!(
        result["fields"]["student"].is_object()
            && result["fields"]["studentnummer"].is_object()
    );
}

#[test]
fn blank_and_combined_together_are_refused_with_a_hint() {
    // The blank form is one file already: rather than silently writing no print file,
    // meetlat says so and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = meetlat(
        &root(),
        &[
            "forms",
            "examples/stage.yaml",
            "--blank",
            "--combined",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("`--blank` and `--combined` do not go together")
            && run.stderr.contains("hint: leave out `--combined`")
            && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn indicator_specific_level_descriptions_are_on_the_form_as_in_the_rubric() {
    // examples/stage.yaml describes two levels of G02 in its own words: the rubric prints
    // them, and so must the form (in a key under each table with G02), so that the
    // supervisor and the examiner judge against the same texts.
    let dir = tempfile::tempdir().unwrap();
    let course = "examples/stage.yaml";
    let (batch, blank, rubric) =
        (dir.path().join("batch"), dir.path().join("blank"), dir.path().join("rubric"));
    for args in [
        vec!["forms", course, "-q", "-o", batch.to_str().unwrap()],
        vec!["forms", course, "--blank", "-q", "-o", blank.to_str().unwrap()],
        vec!["rubric", course, "-o", rubric.to_str().unwrap()],
    ] {
        let run = meetlat(&root(), &args);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(course),
        ..Default::default()
    })
    .unwrap()
    .plan;
    let mut own = Vec::new();
    let mut tables = 0;
    for o in &plan.outcomes {
        for i in o.indicators.iter().filter(|i| i.id == "G02") {
            tables += 1;
            for (d, level) in i.descriptors.iter().zip(&plan.levels) {
                if *d != level.descriptor
                    && !own.contains(&(level.label.clone(), d.clone()))
                {
                    own.push((level.label.clone(), d.clone()));
                }
            }
        }
    }
    assert_eq!(own.len(), 2, "G02 has two levels of its own: {own:?}");
    assert!(tables >= 1);
    let rubric = pdf::text(&pdfs(&rubric).remove(0));
    let form =
        batch.join(format!("SW3-STAGE-OW-{}-observatie.pdf", plan.students[0].number));
    assert_eq!(revisions(&form), 2, "made by the batch path");
    for form in [form, pdfs(&blank).remove(0)] {
        let text = pdf::text(&form);
        for (level, description) in &own {
            let description = pdf::collapse(description);
            assert!(rubric.contains(&description), "the rubric shows {description}");
            // Once per outcome table with G02, beside its level.
            assert_eq!(
                text.matches(&format!("{level} {description}")).count(),
                tables,
                "{}: {level}: {description}",
                form.display()
            );
        }
    }
}

#[test]
fn file_names_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course.yaml");
    std::fs::write(
        &course,
        "code: SW3-VEILIG\nname: Test\nacademic_year: 2026-2027\nperiod: p\ninstitution: HV\n\
         examiners: [A]\ndate: 2027-01-29\noutcomes: [LU2]\nstudents:\n\
         - { number: '../../x', first_name: A, last_name: B }\n\
         - { number: 'a/b', first_name: C, last_name: D }\n\
         - { number: '..', first_name: E, last_name: F }\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = meetlat(
        &root(),
        &["forms", course.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let files = pdfs(&out);
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        assert_eq!(f.parent(), Some(out.as_path()), "{}", f.display());
    }
    assert!(
        !dir.path().join("x").exists() && !dir.path().join("x-observatie.pdf").exists()
    );
}

#[test]
fn no_students_is_an_error_that_suggests_blank() {
    let run = meetlat(
        &root(),
        &[
            "forms",
            "tests/fixtures/courses/valid-minimal/course.yaml",
            "-o",
            "/tmp/never",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no students") && run.stderr.contains("--blank"),
        "{}",
        run.stderr
    );
    assert!(!Path::new("/tmp/never").exists());
}

#[test]
fn emit_data_writes_the_view_model_beside_each_form() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            "tests/fixtures/courses/valid-selection/course.yaml",
            "--emit-data",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = out.path().join("SW3-TEST-5000001-observatie.json");
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(data["student"]["number"], "5000001");
    assert_eq!(data["student"]["name"], "Zoë van 't Hek-Öztürk");
    assert_eq!(data["outcomes"][0]["indicators"][0]["field"], "LU1.G01");
    // The JSON and the QR code it names are all the template needs: compiled with them
    // alone (as the plain `typst` program would), the form has the PDF's pages and text.
    let svg =
        std::fs::read(out.path().join("SW3-TEST-5000001-observatie.qr.svg")).unwrap();
    assert!(String::from_utf8_lossy(&svg).contains("<svg"));
    assert_eq!(data["qr"], "/qr-0.svg");
    let engine = meetlat::typst_world::Engine::new(
        meetlat::templates::TemplateSource::default(),
        (2027, 1, 29),
    );
    let settings = meetlat::typst_world::PdfSettings {
        profile: meetlat::typst_world::PdfProfile::Plain,
        tagged: true,
        ident: "emit-data".into(),
        date: (2027, 1, 29),
    };
    let typeset = engine
        .typeset(
            "form.typ",
            std::fs::read(&json).unwrap(),
            vec![("/qr-0.svg".into(), svg)],
            &settings,
            true,
        )
        .expect("the template compiles with the emitted data");
    let pdf = out.path().join("SW3-TEST-5000001-observatie.pdf");
    assert_eq!(typeset.pages, pdf::pages(&pdf));
    let again = out.path().join("again.pdf");
    std::fs::write(&again, &typeset.pdf).unwrap();
    // The same words (a batch form draws the student's parts last, so the order differs).
    let words = |p: &Path| {
        let mut w: Vec<String> =
            pdf::page(p, 1).split_whitespace().map(str::to_owned).collect();
        w.sort();
        w
    };
    assert_eq!(words(&again), words(&pdf));
}

#[test]
fn forms_are_reproducible() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let run = meetlat(
            &root(),
            &[
                "forms",
                "tests/fixtures/courses/valid-selection/course.yaml",
                "-q",
                "-o",
                d.path().to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    for f in pdfs(a.path()) {
        let other = b.path().join(f.file_name().unwrap());
        assert_eq!(
            std::fs::read(&f).unwrap(),
            std::fs::read(other).unwrap(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn every_page_carries_a_qr_code_that_names_course_student_moment_fingerprint_and_page() {
    let out = tempfile::tempdir().unwrap();
    let course = "tests/fixtures/courses/valid-selection/course.yaml";
    let dir = out.path().to_str().unwrap();
    // A batch's forms and the print file (the blank form is typeset on its own: tests/it
    // scan.rs reads its codes from scans).
    let run = meetlat(&root(), &["forms", course, "-q", "--combined", "-o", dir]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(course),
        ..Default::default()
    })
    .unwrap()
    .plan;
    use meetlat::render::form::{Moment, PageCode, page_code};
    let form = out.path().join("SW3-TEST-5000001-observatie.pdf");
    let code = page_code(&plan, Some(&plan.students[0]), Moment::Eind, 2);
    let parsed = PageCode::parse(&code).unwrap();
    assert_eq!(parsed.page, 2);
    assert_eq!(parsed.form.course, "SW3-TEST");
    assert_eq!(parsed.form.student.as_deref(), Some("5000001"));
    assert_eq!(parsed.form.moment, "eind");
    assert_eq!(parsed.form.fingerprint, plan.fingerprint);
    // Short, so that its modules are large: version 3 (29 modules) for this course.
    assert!(code.len() <= 45, "{code}");
    let print = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("observatieformulieren"))
        .expect("the print file");
    for (pdf_file, student) in [(&form, 0), (&print, 0)] {
        for page in 1..=pdf::pages(&form) {
            // The whole page at 150 dpi: the code decodes at a scan's lowest resolution.
            let prefix = out.path().join(format!("qr{page}"));
            let status = Command::new("pdftoppm")
                .args([
                    "-gray",
                    "-r",
                    "150",
                    "-f",
                    &page.to_string(),
                    "-l",
                    &page.to_string(),
                ])
                .arg("-singlefile")
                .arg(pdf_file)
                .arg(&prefix)
                .status()
                .expect("pdftoppm runs");
            assert!(status.success());
            let scan = Command::new("zbarimg")
                .args(["--nodbus", "-q", "--raw"])
                .arg(prefix.with_extension("pgm"))
                .output()
                .expect("zbarimg is needed to read QR codes: install zbar-tools (bash tests/run.sh does)");
            let expected =
                page_code(&plan, Some(&plan.students[student]), Moment::Eind, page);
            assert_eq!(
                String::from_utf8_lossy(&scan.stdout).trim(),
                expected,
                "page {page}"
            );
        }
    }
    // The hidden field keeps the long identity that part 1 of `collect` reads.
    let identity =
        meetlat::render::form::qr_payload(&plan, Some(&plan.students[0]), Moment::Eind);
    assert!(identity.contains("cursus=SW3-TEST") && identity.contains("student=5000001"));
}

/// The rectangle (`[x1, y1, x2, y2]`, PDF coordinates) of the widget named `name` on page 1.
fn widget_rect(pdf: &Path, name: &str) -> [f64; 4] {
    let doc = lopdf::Document::load(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let annots = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    for a in annots {
        let dict = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        let title = dict
            .get(b"T")
            .ok()
            .and_then(|t| t.as_str().ok())
            .map(|t| String::from_utf8_lossy(t).into_owned());
        if title.as_deref() == Some(name) {
            let r = dict.get(b"Rect").unwrap().as_array().unwrap();
            let v: Vec<f64> = r
                .iter()
                .map(|o| {
                    o.as_float()
                        .map(f64::from)
                        .or_else(|_| o.as_i64().map(|i| i as f64))
                        .unwrap()
                })
                .collect();
            return [v[0], v[1], v[2], v[3]];
        }
    }
    panic!("no widget {name}");
}

/// The vertical middle (PDF coordinates) of a word on page 1, from pdftotext's boxes.
fn word_middle(pdf: &Path, word: &str) -> f64 {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let height: f64 = html
        .split("<page width=")
        .nth(1)
        .and_then(|s| s.split("height=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let line = html
        .lines()
        .find(|l| l.ends_with(&format!(">{word}</word>")))
        .unwrap_or_else(|| panic!("{word} not on page 1"));
    let attr = |name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    height - (attr("yMin") + attr("yMax")) / 2.0
}

#[test]
fn text_fields_lie_on_their_drawn_boxes() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            "examples/stage.yaml",
            "--blank",
            "-q",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let form = pdfs(out.path()).remove(0);
    // Label and box are centred on one row of the header grid: their middles coincide.
    for (field, label) in [
        ("begeleider", "Werkplekbegeleider"),
        ("organisatie", "Organisatie"),
        ("datum", "Datum"),
    ] {
        let r = widget_rect(&form, field);
        let middle = (r[1] + r[3]) / 2.0;
        let label_middle = word_middle(&form, label);
        assert!(
            (middle - label_middle).abs() < 3.0,
            "{field}: field middle {middle}, label middle {label_middle}"
        );
        assert!((r[3] - r[1] - 20.0).abs() < 0.5, "{field} is 20 pt high");
    }
}

/// How many revisions a PDF has: a batch form is the shared body plus one update.
fn revisions(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    bytes.windows(5).filter(|w| w == b"%%EOF").count()
}

/// Text of one page in reading order by position (not content order).
fn physical_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    pdf::collapse(&String::from_utf8_lossy(&out.stdout))
}

/// Page `page` of `pdf` at 50 dpi, as PNG bytes, above the footer (the QR code there is
/// drawn differently by the two paths, and anti-aliased one pixel row apart).
fn page_image(pdf: &Path, page: usize, dir: &Path) -> Vec<u8> {
    let prefix =
        dir.join(format!("{}-{page}", pdf.file_stem().unwrap().to_string_lossy()));
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-x", "0", "-y", "0", "-W", "414", "-H", "520", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    std::fs::read(prefix.with_extension("png")).unwrap()
}

#[test]
fn batch_forms_look_exactly_like_forms_typeset_one_by_one() {
    let course = "tests/fixtures/courses/valid-selection/course.yaml";
    // The batch path: a shared body with each student's parts stamped on.
    let batch = tempfile::tempdir().unwrap();
    let run =
        meetlat(&root(), &["forms", course, "-q", "-o", batch.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A form template without the batch modes (as an older override would be) makes
    // meetlat typeset each form on its own.
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("form.typ"),
        "#import \"lib/form.typ\": form-document\n#form-document((json(\"/data.json\"),))\n",
    )
    .unwrap();
    let single = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            course,
            "-q",
            "--templates",
            templates.path().to_str().unwrap(),
            "-o",
            single.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let (images, other_images) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let files = pdfs(batch.path());
    assert_eq!(files.len(), 2);
    for form in files {
        let other = single.path().join(form.file_name().unwrap());
        assert_eq!(revisions(&form), 2, "{} is a stamped body", form.display());
        assert_eq!(revisions(&other), 1, "{} is typeset on its own", other.display());
        let pages = pdf::pages(&form);
        assert_eq!(pages, pdf::pages(&other));
        for page in 1..=pages {
            assert!(
                page_image(&form, page, images.path())
                    == page_image(&other, page, other_images.path()),
                "page {page} of {} looks different",
                form.display()
            );
            // The same text in the same places (in content order, the stamped parts come
            // last).
            assert_eq!(
                physical_text(&form, page),
                physical_text(&other, page),
                "page {page}"
            );
        }
        // The fields lie where they lie on the form typeset alone.
        for field in ["begeleider", "organisatie", "datum"] {
            assert_eq!(widget_rect(&form, field), widget_rect(&other, field), "{field}");
        }
        // Each form has its own document id.
        assert_ne!(pdf::xmp(&form), pdf::xmp(&other));
    }
    let ids: Vec<String> = pdfs(batch.path()).iter().map(|f| pdf::xmp(f)).collect();
    assert_ne!(ids[0], ids[1], "document ids differ between students");
}

#[test]
fn long_names_and_diacritics_stay_inside_their_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("Adelheid {}Zonneveld", "Wilhelmina Maria ".repeat(17));
    assert!(long.chars().count() >= 300);
    let course = dir.path().join("course.yaml");
    std::fs::write(
        &course,
        format!(
            "code: SW3-NAMEN\nname: Test\nacademic_year: 2026-2027\nperiod: p\n\
             institution: HV\nexaminers: [A]\ndate: 2027-01-29\noutcomes: [LU2]\n\
             students:\n\
             - {{ number: '5000001', first_name: Zoë, prefix: van ’t, last_name: Hek-Öztürk }}\n\
             - {{ number: '5000002', first_name: Daan, last_name: Bakker }}\n\
             - {{ number: '5000003', first_name: '{long}', last_name: Jansen }}\n\
             - {{ number: '5000004', first_name: Ab, last_name: Bo }}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = meetlat(
        &root(),
        &["forms", course.to_str().unwrap(), "-q", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let short_pages = pdf::pages(&out.join("SW3-NAMEN-5000002-observatie.pdf"));
    for (number, name) in [
        ("5000001", "Zoë van ’t Hek-Öztürk".to_owned()),
        ("5000002", "Daan Bakker".to_owned()),
        ("5000003", format!("{long} Jansen")),
        ("5000004", "Ab Bo".to_owned()),
    ] {
        let form = out.join(format!("SW3-NAMEN-{number}-observatie.pdf"));
        assert_eq!(revisions(&form), 2, "{number} is made in the batch");
        let pages = pdf::pages(&form);
        if number != "5000003" {
            assert_eq!(pages, short_pages, "{number}");
        }
        // The whole name on page 1 (the long one wraps there, and its instructions name
        // the student too), and name, number and page count in every page's header.
        let first = page_text(&form, 1);
        assert!(first.contains(&name) && first.contains(number), "{first}");
        for p in 1..=pages {
            let text = page_text(&form, p);
            assert!(text.contains(&format!("{name} · {number}")), "page {p}: {text}");
            assert!(
                text.contains(&format!("pagina {p} van {pages}")),
                "page {p}: {text}"
            );
            assert!(text.contains(&format!("SW3-NAMEN/{number}/eind")), "page {p}");
        }
        // Nobody else's name.
        for other in ["Hek-Öztürk", "Daan", "Adelheid", "Ab Bo"] {
            if !name.contains(other) {
                assert!(!pdf::text(&form).contains(other), "{other} on {number}'s form");
            }
        }
        let filled = fill(&form, &dir.path().join(format!("filled-{number}.pdf")));
        assert_eq!(filled["read_back"]["begeleider"], "Tekst begeleider ëé");
        pdf::assert_qpdf_clean(&form);
    }
    // The long name wraps on page 1 and in the instructions: that form has a body of its
    // own, and still looks exactly as typeset alone (above the footer, whose running
    // header and footer the batch shrinks to fit).
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("form.typ"),
        "#import \"lib/form.typ\": form-document\n#form-document((json(\"/data.json\"),))\n",
    )
    .unwrap();
    let single = dir.path().join("single");
    let run = meetlat(
        &root(),
        &[
            "forms",
            course.to_str().unwrap(),
            "-q",
            "--templates",
            templates.to_str().unwrap(),
            "-o",
            single.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let (images, single_images) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir(&images).unwrap();
    std::fs::create_dir(&single_images).unwrap();
    for number in ["5000001", "5000003"] {
        let name = format!("SW3-NAMEN-{number}-observatie.pdf");
        let (form, alone) = (out.join(&name), single.join(&name));
        assert_eq!(revisions(&alone), 1);
        assert_eq!(pdf::pages(&form), pdf::pages(&alone));
        // Page 1 below the running header (which the batch shrinks for a long name).
        let crop = |pdf: &Path, to: &Path| {
            let prefix = to.join("p1");
            let status = Command::new("pdftoppm")
                .args(["-png", "-r", "50", "-f", "1", "-l", "1", "-x", "0", "-y", "40"])
                .args(["-W", "414", "-H", "480", "-singlefile"])
                .arg(pdf)
                .arg(&prefix)
                .status()
                .unwrap();
            assert!(status.success());
            std::fs::read(prefix.with_extension("png")).unwrap()
        };
        assert!(
            crop(&form, &images) == crop(&alone, &single_images),
            "page 1 of {number}"
        );
    }
}

#[test]
fn the_print_file_holds_every_form_page_as_it_looks_alone() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "forms",
            "tests/fixtures/courses/valid-selection/course.yaml",
            "--combined",
            "-q",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let combined = out.path().join("SW3-TEST-observatieformulieren-eind.pdf");
    let (images, form_images) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut at = 0;
    for number in ["5000001", "5000002"] {
        let form = out.path().join(format!("SW3-TEST-{number}-observatie.pdf"));
        let pages = pdf::pages(&form);
        for p in 1..=pages {
            let text = page_text(&combined, at + p);
            assert!(text.contains(&format!("pagina {p} van {pages}")), "{text}");
            assert!(text.contains(&format!("SW3-TEST/{number}/eind")), "{text}");
            assert!(
                page_image(&combined, at + p, images.path())
                    == page_image(&form, p, form_images.path()),
                "page {} of the print file differs from page {p} of {number}'s form",
                at + p
            );
        }
        at += pages;
    }
    assert_eq!(pdf::pages(&combined), at);
    assert!(
        revisions(&combined) == 1
            && pdf::xmp(&combined).contains(&format!("<xmpTPg:NPages>{at}<"))
    );
    pdf::assert_qpdf_clean(&combined);
}

#[test]
fn forms_wait_in_a_hidden_folder_that_is_gone_after_the_run() {
    // Forms are staged on disk while the batch runs (flat memory) and moved into place
    // at the end; neither a good run nor a failed one leaves the staging folder, and a
    // failed run writes nothing at all.
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("forms");
    let run = meetlat(
        &root(),
        &["forms", "examples/stage.yaml", "-q", "-o", dir.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 30, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with("-observatie.pdf")), "{names:?}");

    let templates = tempfile::tempdir().unwrap();
    std::fs::write(templates.path().join("form.typ"), "#panic(\"kapot\")").unwrap();
    let failed = out.path().join("failed");
    let run = meetlat(
        &root(),
        &[
            "forms",
            "examples/stage.yaml",
            "-q",
            "-o",
            failed.to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!failed.exists(), "a failed run leaves no output folder");
}

/// Fill `pdf` with pypdf (`fill_form.py` with `args`) into `out`.
fn fill_with(pdf: &Path, out: &Path, args: &[&str]) -> serde_json::Value {
    let run = Command::new("python3")
        .arg(root().join("tests/support/fill_form.py"))
        .arg(pdf)
        .arg(out)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "filling with pypdf failed (pip install pypdf; bash tests/run.sh does): {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

/// A number of a PDF (integer or real).
fn number(o: &lopdf::Object) -> f64 {
    o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap()
}

/// The text fields of a form: name, page (from 1) and rectangle (PDF coordinates).
fn text_widgets(pdf: &Path) -> Vec<(String, usize, [f64; 4])> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for (number_of_page, page) in doc.get_pages() {
        let annots = match doc.get_dictionary(page).unwrap().get(b"Annots") {
            Ok(lopdf::Object::Array(a)) => a.clone(),
            Ok(lopdf::Object::Reference(r)) => {
                doc.get_object(*r).unwrap().as_array().unwrap().clone()
            }
            _ => Vec::new(),
        };
        for a in annots {
            let dict = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if dict.get(b"FT").ok().and_then(|t| t.as_name().ok()) != Some(&b"Tx"[..]) {
                continue;
            }
            // The form's identity (`meetlat`) is hidden (flag 2): not for filling in.
            if dict
                .get(b"F")
                .ok()
                .and_then(|f| f.as_i64().ok())
                .is_some_and(|f| f & 2 != 0)
            {
                continue;
            }
            let name = String::from_utf8_lossy(dict.get(b"T").unwrap().as_str().unwrap());
            let r: Vec<f64> = dict
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(number)
                .collect();
            out.push((
                name.into_owned(),
                number_of_page as usize,
                [r[0], r[1], r[2], r[3]],
            ));
        }
    }
    out
}

/// A word pdftotext finds: page (from 1), text, box in PDF coordinates `[x1, y1, x2, y2]`.
struct Word {
    page: usize,
    text: String,
    rect: [f64; 4],
}

/// Every word of `pdf`, from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> f64 {
        line.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap()
    };
    let (mut page, mut height) = (0, 0.0);
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            height = attr(line, "height");
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).unwrap().trim_end_matches("</word");
            words.push(Word {
                page,
                text: text.to_owned(),
                rect: [
                    attr(line, "xMin"),
                    height - attr(line, "yMax"),
                    attr(line, "xMax"),
                    height - attr(line, "yMin"),
                ],
            });
        }
    }
    words
}

/// Fill every text field of `form` with a value of its own, as scripts do (pypdf, which
/// writes each field's appearance into the widget's appearance object), print the filled
/// form with poppler, and check that every value is printed once, inside its own field.
/// Also renders the filled pages at 60 dpi into `dir`, to look at.
fn assert_each_value_prints_once_in_its_own_box(form: &Path, dir: &Path) {
    let stem = form.file_stem().unwrap().to_string_lossy().into_owned();
    let filled = dir.join(format!("{stem}-ingevuld.pdf"));
    let result = fill_with(form, &filled, &["--distinct"]);
    // With NeedAppearances on, a viewer would draw the values itself and hide what the
    // form's own appearance streams do.
    assert_eq!(result["need_appearances"], false);
    let values = result["values"].as_object().unwrap();
    let widgets = text_widgets(&filled);
    assert_eq!(widgets.len(), values.len(), "{widgets:?}");
    assert!(widgets.iter().any(|w| w.0 == "begeleider"));
    let text = pdf::text(&filled);
    let words = words(&filled);
    for (name, page, rect) in &widgets {
        let value = values[name].as_str().unwrap();
        assert_eq!(
            text.matches(value).count(),
            1,
            "{stem}: the value of {name} ({value}) is printed {} times",
            text.matches(value).count()
        );
        let found: Vec<&Word> = words.iter().filter(|w| w.text == value).collect();
        assert_eq!(found.len(), 1, "{stem}: {value} ({name})");
        let b = found[0].rect;
        assert!(
            found[0].page == *page
                && b[0] >= rect[0] - 0.5
                && b[2] <= rect[2] + 0.5
                && b[1] >= rect[1] - 0.5
                && b[3] <= rect[3] + 0.5,
            "{stem}: {value} printed at {b:?} on page {}, outside its field {name} \
             {rect:?} on page {page}",
            found[0].page
        );
    }
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(&filled)
        .arg(dir.join(&stem))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
}

/// A one-line form template (as an older override would be) makes meetlat typeset each
/// form on its own.
fn one_by_one_templates(dir: &Path) -> PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("form.typ"),
        "#import \"lib/form.typ\": form-document\n#form-document((json(\"/data.json\"),))\n",
    )
    .unwrap();
    templates
}

#[test]
fn every_filled_text_field_prints_its_own_value_in_its_own_box() {
    let dir = tempfile::tempdir().unwrap();
    let course = "tests/fixtures/courses/valid-selection/course.yaml";
    let templates = one_by_one_templates(dir.path());
    let (batch, single, blank, look) = (
        dir.path().join("batch"),
        dir.path().join("single"),
        dir.path().join("blank"),
        dir.path().join("look"),
    );
    std::fs::create_dir(&look).unwrap();
    for (out, extra) in [
        (&batch, vec![]),
        (&single, vec!["--templates", templates.to_str().unwrap()]),
        (&blank, vec!["--blank"]),
    ] {
        let mut args = vec!["forms", course, "-q", "-o", out.to_str().unwrap()];
        args.extend(extra);
        let run = meetlat(&root(), &args);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let name = "SW3-TEST-5000001-observatie.pdf";
    assert_eq!(revisions(&batch.join(name)), 2, "made by the batch path");
    assert_eq!(revisions(&single.join(name)), 1, "typeset on its own");
    for form in [batch.join(name), single.join(name), pdfs(&blank).remove(0)] {
        let copy = look.join(format!(
            "{}-{}",
            form.parent().unwrap().file_name().unwrap().to_string_lossy(),
            form.file_name().unwrap().to_string_lossy()
        ));
        std::fs::copy(&form, &copy).unwrap();
        assert_each_value_prints_once_in_its_own_box(&copy, &look);
    }
}

/// The heights (PDF coordinates) of the horizontal lines drawn across the right end of
/// `rect` on `page` (from 1) of `pdf`, top first: the box's edges and the rules inside.
fn drawn_rules(pdf: &Path, page: usize, rect: [f64; 4], dir: &Path) -> Vec<f64> {
    let height = 841.89;
    let scale = 4.0; // pixels per pt (288 dpi)
    let prefix = dir.join(format!("rules-{page}-{}", rect[1].round()));
    // A strip 2 pt wide, 3 pt inside the right edge (where no text reaches), from
    // 2 pt above the box to 2 pt below.
    let (x, y) = ((rect[2] - 5.0) * scale, (height - rect[3] - 2.0) * scale);
    let (w, h) = (2.0 * scale, (rect[3] - rect[1] + 4.0) * scale);
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "288", "-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-x", &format!("{x:.0}"), "-y", &format!("{y:.0}")])
        .args(["-W", &format!("{w:.0}"), "-H", &format!("{h:.0}"), "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    // A binary PGM: "P5 width height 255" and one byte per pixel.
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    let header: Vec<usize> = pgm
        .splitn(5, u8::is_ascii_whitespace)
        .skip(1)
        .take(2)
        .map(|n| String::from_utf8_lossy(n).parse().unwrap())
        .collect();
    let (width, rows) = (header[0], header[1]);
    let pixels = &pgm[pgm.len() - width * rows..];
    let mut rules: Vec<f64> = Vec::new();
    let mut previous_dark = false;
    for (row, line) in pixels.chunks(width).enumerate() {
        let dark = line.iter().all(|&p| p < 240);
        if dark && !previous_dark {
            rules.push(height - (y + row as f64 + 0.5) / scale);
        }
        previous_dark = dark;
    }
    rules
}

#[test]
fn text_in_a_ruled_field_sits_on_the_rules() {
    // A script fills the examples and remarks with as many lines as there are rules
    // (pypdf wraps text only in fields without a font size, so the script breaks the
    // lines itself; a viewer wraps them): each printed line sits on its rule.
    let dir = tempfile::tempdir().unwrap();
    let course = "tests/fixtures/courses/valid-selection/course.yaml";
    let out = dir.path().join("out");
    let run = meetlat(
        &root(),
        &["forms", course, "--blank", "-q", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let form = pdfs(&out).remove(0);
    let widgets = text_widgets(&form);
    let mut values = serde_json::Map::new();
    let mut fields = Vec::new();
    for name in ["LU3.voorbeelden", "opmerkingen"] {
        let (_, page, rect) = widgets.iter().find(|w| w.0 == name).unwrap().clone();
        let rules = drawn_rules(&form, page, rect, dir.path());
        assert!(rules.len() >= 5, "{name}: the box and its rules, {rules:?}");
        assert!(
            (rules[0] - rect[3]).abs() < 1.0
                && (rules[rules.len() - 1] - rect[1]).abs() < 1.0
        );
        let lines: Vec<String> =
            (1..rules.len()).map(|i| format!("Regel{i:02} gezien (gjpqy)")).collect();
        values.insert(name.to_owned(), lines.join("\n").into());
        fields.push((name, page, rules));
    }
    let json = dir.path().join("values.json");
    std::fs::write(&json, serde_json::to_vec(&values).unwrap()).unwrap();
    let filled = dir.path().join("filled.pdf");
    fill_with(&form, &filled, &["--values", json.to_str().unwrap()]);
    let words = words(&filled);
    for (name, page, rules) in fields {
        for (i, pair) in rules.windows(2).enumerate() {
            let (above, below) = (pair[0], pair[1]);
            let word = format!("Regel{:02}", i + 1);
            let found: Vec<&Word> =
                words.iter().filter(|w| w.text == word && w.page == page).collect();
            assert_eq!(found.len(), 1, "{name}: {word}");
            // The word's box, from its descenders to its ascenders, stands on the rule
            // below (within 1.5 pt) and stays under the rule above.
            let b = found[0].rect;
            assert!(
                b[1] >= below - 0.3 && b[1] <= below + 1.5 && b[3] < above,
                "{name}: line {} printed at {:.1}–{:.1}, between the rules at {below:.1} \
                 and {above:.1}",
                i + 1,
                b[1],
                b[3]
            );
        }
    }
}

/// With `MEETLAT_DEBUG` set, a batch that falls back to typesetting each form on its own
/// says why on stderr: a slower run should not be a silent one.
#[test]
fn a_batch_typeset_one_by_one_says_why_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let templates = one_by_one_templates(dir.path());
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meetlat"))
        .args([
            "forms",
            "tests/fixtures/courses/valid-selection/course.yaml",
            "-q",
            "--templates",
            templates.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("MEETLAT_DEBUG", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("debug: observation forms typeset one by one: "), "{stderr}");
    assert_eq!(pdfs(&out).len(), 2);
}

/// On a blank form a student placeholder becomes words in the course's language: an
/// English course's form says "the student", not the Dutch "de student".
#[test]
fn an_english_blank_form_speaks_of_the_student_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let course = std::fs::read_to_string(root().join("examples/stage.yaml"))
        .unwrap()
        .replace("\nlanguage: nl ", "\nlanguage: en ")
        .replace(
            "u observeert {{ student.first_name }}",
            "you observe {{ student.name }}",
        );
    assert!(course.contains("language: en") && course.contains("{{ student.name }}"));
    std::fs::write(dir.path().join("stage.yaml"), course).unwrap();
    std::fs::copy(root().join("examples/students.csv"), dir.path().join("students.csv"))
        .unwrap();
    let out = dir.path().join("out");
    let run = meetlat(
        dir.path(),
        &["forms", "stage.yaml", "--blank", "-q", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text = pdf::text(&pdfs(&out).remove(0));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("you observe the student"), "{text}");
    // (The course's own Dutch texts, such as its level descriptors, stay as written.)
    assert!(!text.contains("observe de student"), "{text}");
}

#[test]
fn midway_forms_made_into_the_folder_of_the_final_ones_leave_them_alone() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let forms = |extra: &[&str]| {
        let mut args = vec!["forms", "examples/stage.yaml", "-o", o, "-q"];
        args.extend_from_slice(extra);
        let run = meetlat(&root(), &args);
        assert_eq!(run.code, 0, "{}", run.transcript());
    };
    forms(&[]);
    let final_form = out.path().join("SW3-STAGE-OW-5723007-observatie.pdf");
    let before = std::fs::read(&final_form).unwrap();
    forms(&["--moment", "tussentijds"]);
    // Both moments' forms of all 30 students, the final ones untouched.
    assert_eq!(pdfs(out.path()).len(), 60);
    assert_eq!(std::fs::read(&final_form).unwrap(), before);
    let midway = out.path().join("SW3-STAGE-OW-5723007-tussentijds-observatie.pdf");
    assert!(pdf::text(&midway).contains("tussentijdse observatie"));
    assert!(!pdf::text(&final_form).contains("tussentijdse observatie"));
}

#[test]
fn no_table_on_the_form_leaves_one_row_alone_on_a_page() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &["forms", "examples/stage.yaml", "-o", out.path().to_str().unwrap(), "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let form = out.path().join("SW3-STAGE-OW-5723007-observatie.pdf");
    // Per page and outcome, the rows: a row starts with its indicator id, under the
    // outcome's table header ("LU3 · Gedragsindicator", repeated on a next page).
    let mut rows: Vec<(usize, String, usize)> = Vec::new();
    for page in 1..=pdf::pages(&form) {
        let page = page.to_string();
        let text = Command::new("pdftotext")
            .args(["-layout", "-f", &page, "-l", &page])
            .arg(&form)
            .arg("-")
            .output()
            .expect("pdftotext runs")
            .stdout;
        let (text, page) =
            (String::from_utf8_lossy(&text), page.parse::<usize>().unwrap());
        let mut current: Option<String> = None;
        for line in text.lines().map(str::trim_start) {
            if let Some((id, _)) = line.split_once(" · Gedragsindicator") {
                current = Some(id.to_owned());
                rows.push((page, id.to_owned(), 0));
            } else if line.starts_with("Voorbeelden") {
                current = None;
            } else if let Some(o) = &current
                && line.len() > 4
                && line.starts_with('G')
                && line[1..4].chars().all(|c| c.is_ascii_digit() || c == ' ')
                && let Some(last) =
                    rows.iter_mut().rev().find(|r| r.0 == page && &r.1 == o)
            {
                last.2 += 1;
            }
        }
    }
    let split: Vec<&(usize, String, usize)> =
        rows.iter().filter(|r| rows.iter().filter(|s| s.1 == r.1).count() > 1).collect();
    assert!(rows.iter().all(|r| r.2 > 0), "{rows:?}");
    assert!(split.iter().all(|r| r.2 > 1), "a row alone on a page: {rows:?}");
    assert!(!split.is_empty(), "no table ran over a page: {rows:?}");
}

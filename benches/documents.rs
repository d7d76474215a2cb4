//! Benchmarks: the example rubric (in-process and as a whole `meetlat rubric` process),
//! observation forms for 300 students (forms per second and peak memory), the scoring
//! sheet for 2,000 and 50,000 students, student lists of 12,500 to 50,000 rows, and
//! `collect` of 300 filled forms and of 300 dpi scans. Run with `cargo bench --bench documents`; prints
//! medians so that later changes can be compared. Not a test: nothing here asserts a
//! time.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use meetlat::model::Student;
use meetlat::output::{Staging, write_artifacts};
use meetlat::render::{DocKind, RenderEnv, render_all, scoring_sheet};
use meetlat::templates::TemplateSource;
use meetlat::typst_world::Engine;
use meetlat::{Inputs, prepare};

/// Peak resident memory of this process (VmHWM), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// CPU time of this process so far (user and system, all threads), in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks =
        |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// `n` students with names mixed from `names` (first names of different lengths,
/// prefixes, diacritics), numbered from `first`.
fn mixed_students(names: &[Student], n: usize, first: usize) -> Vec<Student> {
    (0..n)
        .map(|i| {
            let given = &names[i % names.len()];
            let family = &names[(i / names.len() + 7 * i) % names.len()];
            Student {
                number: format!("{}", first + i),
                first_name: given.first_name.clone(),
                prefix: family.prefix.clone(),
                last_name: family.last_name.clone(),
                email: String::new(),
                attempt: None,
            }
        })
        .collect()
}

/// Fill in the form `pdf` as a supervisor's viewer saves it, into `dst`: every radio
/// group a level (varied by `seed`), the advice, and every text field; saved by lopdf.
fn fill_form(
    pdf: &std::path::Path,
    dst: &std::path::Path,
    seed: usize,
    levels: &[String],
) {
    use lopdf::Object;
    let mut doc = lopdf::Document::load(pdf).expect("a form");
    let acroform = doc
        .catalog()
        .and_then(|c| c.get(b"AcroForm"))
        .and_then(Object::as_reference)
        .expect("an AcroForm");
    let fields: Vec<lopdf::ObjectId> = doc
        .get_dictionary(acroform)
        .and_then(|a| a.get(b"Fields"))
        .and_then(Object::as_array)
        .expect("fields")
        .iter()
        .filter_map(|f| f.as_reference().ok())
        .collect();
    for (k, id) in fields.into_iter().enumerate() {
        let field = doc.get_dictionary(id).expect("a field").clone();
        let name = field.get(b"T").and_then(Object::as_str).unwrap_or_default().to_vec();
        if name == b"meetlat" {
            continue;
        }
        if field.get(b"FT").and_then(Object::as_name).ok() == Some(&b"Btn"[..]) {
            let value = if name == b"advies" {
                "voldoende".to_owned()
            } else if (seed + k).is_multiple_of(9) {
                "NG".to_owned()
            } else {
                levels[(seed + k) % levels.len()].clone()
            };
            let kids: Vec<lopdf::ObjectId> = field
                .get(b"Kids")
                .and_then(Object::as_array)
                .map(|k| k.iter().filter_map(|o| o.as_reference().ok()).collect())
                .unwrap_or_default();
            for kid in kids {
                let widget = doc.get_dictionary_mut(kid).expect("a widget");
                let on = widget
                    .get(b"AP")
                    .and_then(Object::as_dict)
                    .and_then(|ap| ap.get(b"N"))
                    .and_then(Object::as_dict)
                    .is_ok_and(|n| n.has(value.as_bytes()));
                widget.set(
                    "AS",
                    Object::Name(if on {
                        value.clone().into_bytes()
                    } else {
                        b"Off".to_vec()
                    }),
                );
            }
            let field = doc.get_dictionary_mut(id).expect("a field");
            field.set("V", Object::Name(value.into_bytes()));
        } else {
            let text = format!("Waarneming {k} van Zoë Çelik: zij werkt goed samen.");
            let field = doc.get_dictionary_mut(id).expect("a field");
            field.set("V", lopdf::text_string(&text));
        }
    }
    doc.save(dst).expect("the filled form is written");
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let course = root.join("examples/stage.yaml");
    let runs = 20;
    // `cargo bench --bench documents -- scans`: only the scans (cargo adds `--bench`).
    if std::env::args().skip(1).any(|a| a == "scans") {
        scans(&root, true);
        scans(&root, false);
        return;
    }

    // In-process: load → validate → resolve → render, without writing.
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let plan = prepare(&Inputs { course: course.clone(), ..Inputs::default() })
            .expect("example is valid")
            .plan;
        let env = RenderEnv {
            engine: Engine::new(TemplateSource::default(), (2027, 1, 29)),
            date: (2027, 1, 29),
            staging: Staging::memory(),
        };
        let artifacts = render_all(&plan, &[DocKind::Rubric], &env, &Default::default())
            .expect("renders");
        size = artifacts[0].bytes.len();
        times.push(start.elapsed());
    }
    println!(
        "rubric in-process (prepare + render, {runs} runs): median {:.1} ms, min {:.1} ms, {} KB",
        median(times.clone()).as_secs_f64() * 1e3,
        times.iter().min().unwrap().as_secs_f64() * 1e3,
        size / 1024
    );

    // Whole process: what a teacher waits for.
    let out = std::env::temp_dir().join("meetlat-bench-rubric");
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_meetlat"))
            .args(["rubric", course.to_str().unwrap(), "--output", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("meetlat runs");
        assert!(status.success());
        times.push(start.elapsed());
    }
    println!(
        "`meetlat rubric examples/stage.yaml` whole process ({runs} runs): median {:.1} ms, min {:.1} ms",
        median(times.clone()).as_secs_f64() * 1e3,
        times.iter().min().unwrap().as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(out);

    // Observation forms: 300 and 3,000 students, in parallel on all cores, staged on
    // disk and then moved into place, as `meetlat forms` does. Names mixed from the
    // example's 30 students (first names of different lengths, prefixes, diacritics),
    // since the instructions name the student and a name that wraps differently needs a
    // layout of its own: identical names would flatter the batch.
    for n in [300, 3000] {
        let mut plan = prepare(&Inputs { course: course.clone(), ..Inputs::default() })
            .expect("example is valid")
            .plan;
        plan.students = mixed_students(&plan.students, n, 5_100_000);
        let out = std::env::temp_dir().join("meetlat-bench-forms");
        let _ = std::fs::remove_dir_all(&out);
        // Peak memory from here on: reset the high-water mark first.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let start = Instant::now();
        let env = RenderEnv {
            engine: Engine::new(TemplateSource::default(), (2027, 1, 29)),
            date: (2027, 1, 29),
            staging: Staging::in_folder(&out).expect("staging folder"),
        };
        let forms =
            render_all(&plan, &[DocKind::ObservationForms], &env, &Default::default())
                .expect("renders");
        let written = write_artifacts(&out, &forms).expect("written");
        let elapsed = start.elapsed();
        println!(
            "observation forms, {n} students ({} threads, written to disk): {:.1} s, {:.0} forms/s, peak memory {} MB",
            rayon::current_num_threads(),
            elapsed.as_secs_f64(),
            written.len() as f64 / elapsed.as_secs_f64(),
            peak_rss_mb()
        );
        drop(env);
        let _ = std::fs::remove_dir_all(&out);
    }

    // Scoring sheet: 2,000 students × all 42 indicator columns, in memory.
    let mut plan = prepare(&Inputs { course: course.clone(), ..Inputs::default() })
        .expect("example is valid")
        .plan;
    plan.students = (0..2000)
        .map(|i| Student {
            number: format!("{}", 6_000_000 + i),
            first_name: "Student".into(),
            prefix: String::new(),
            last_name: format!("Nummer {i}"),
            email: String::new(),
            attempt: None,
        })
        .collect();
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let start = Instant::now();
        size = scoring_sheet::render(&plan, (2027, 1, 29), None).expect("renders").len();
        times.push(start.elapsed());
    }
    println!(
        "scoring sheet, 2,000 students × {} indicators (5 runs): median {:.0} ms, {} KB",
        plan.indicator_count(),
        median(times).as_secs_f64() * 1e3,
        size / 1024
    );

    // Student lists of an institution's size (reading was quadratic: 50,000 rows 23 s).
    for n in [12_500, 25_000, 50_000] {
        let mut csv =
            String::from("studentnummer,voornaam,tussenvoegsel,achternaam,e-mail\n");
        for i in 0..n {
            csv.push_str(&format!(
                "{},Voornaam{i},van der,Achternaam{i},s{i}@example.nl\n",
                1_000_000 + i
            ));
        }
        let path = PathBuf::from("students.csv");
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let read = meetlat::students::parse_csv(&path, &csv).expect("valid list");
            assert_eq!(read.len(), n);
            times.push(start.elapsed());
        }
        println!(
            "student list, {n} rows (5 runs): median {:.0} ms",
            median(times).as_secs_f64() * 1e3
        );
    }

    // Final reports: 300 students from a filled sheet, the whole `meetlat report`
    // pipeline in-process (read the sheet, grade, 300 PDF/A reports, overview, archive).
    let work = std::env::temp_dir().join("meetlat-bench-report");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("temp folder");
    let mut plan = prepare(&Inputs { course: course.clone(), ..Inputs::default() })
        .expect("example is valid")
        .plan;
    plan.students = mixed_students(&plan.students, 300, 5_200_000);
    let mut csv = String::from("studentnummer,voornaam,tussenvoegsel,achternaam\n");
    for s in &plan.students {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            s.number, s.first_name, s.prefix, s.last_name
        ));
    }
    std::fs::write(work.join("students.csv"), csv).expect("student list");
    let ids: Vec<String> = plan.levels.iter().map(|l| l.id.clone()).collect();
    let fill =
        |s: usize, o: usize, i: usize| Some(ids[(s + 2 * o + 3 * i) % ids.len()].clone());
    let sheet = scoring_sheet::render(&plan, (2027, 1, 29), Some(&fill)).expect("sheet");
    std::fs::write(work.join("filled.xlsx"), sheet).expect("sheet file");
    let inputs = Inputs {
        course: course.clone(),
        students: Some(work.join("students.csv")),
        ..Inputs::default()
    };
    let options = meetlat::ReportOptions {
        scores: work.join("filled.xlsx"),
        output: work.join("out"),
        templates: None,
        partial: false,
        progress: false,
        sign: None,
        observations: None,
    };
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let start = Instant::now();
    let reported = meetlat::report(&inputs, &options).expect("reports");
    let elapsed = start.elapsed();
    println!(
        "final reports, 300 students (read sheet, grade, reports, overview, archive): {:.1} s, {:.0} reports/s, peak memory {} MB, {} files",
        elapsed.as_secs_f64(),
        300.0 / elapsed.as_secs_f64(),
        peak_rss_mb(),
        reported.written.len()
    );
    let _ = std::fs::remove_dir_all(&work);

    // `meetlat collect` of 300 filled forms: the forms of 300 students, each filled in
    // (every radio group, the advice and every text field) and saved by lopdf as a
    // viewer would, then read back in-process and as a whole process.
    let work = std::env::temp_dir().join("meetlat-bench-collect");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("filled")).expect("temp folder");
    let mut plan = prepare(&Inputs { course: course.clone(), ..Inputs::default() })
        .expect("example is valid")
        .plan;
    plan.students = mixed_students(&plan.students, 300, 5_300_000);
    let mut csv = String::from("studentnummer,voornaam,tussenvoegsel,achternaam\n");
    for s in &plan.students {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            s.number, s.first_name, s.prefix, s.last_name
        ));
    }
    std::fs::write(work.join("students.csv"), csv).expect("student list");
    let env = RenderEnv {
        engine: Engine::new(TemplateSource::default(), (2027, 1, 29)),
        date: (2027, 1, 29),
        staging: Staging::in_folder(&work.join("forms")).expect("staging folder"),
    };
    let forms =
        render_all(&plan, &[DocKind::ObservationForms], &env, &Default::default())
            .expect("renders");
    let written = write_artifacts(&work.join("forms"), &forms).expect("written");
    drop(env);
    let ids: Vec<String> = plan.levels.iter().map(|l| l.id.clone()).collect();
    for (i, form) in written.iter().enumerate() {
        fill_form(
            form,
            &work.join("filled").join(format!("ingevuld-{i:03}.pdf")),
            i,
            &ids,
        );
    }
    let inputs = Inputs {
        course: course.clone(),
        students: Some(work.join("students.csv")),
        ..Inputs::default()
    };
    let options = meetlat::CollectOptions {
        paths: vec![work.join("filled")],
        output: work.join("out"),
        prefer_newest: false,
        templates: None,
    };
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let collected = meetlat::collect(&inputs, &options).expect("collects");
        times.push(start.elapsed());
        assert_eq!((collected.observations.forms.len(), collected.unused()), (300, 0));
    }
    let mut process = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_meetlat"))
            .arg("collect")
            .arg(&course)
            .arg(work.join("filled"))
            .arg("--students")
            .arg(work.join("students.csv"))
            .arg("-o")
            .arg(work.join("out"))
            .stdout(std::process::Stdio::null())
            .status()
            .expect("meetlat runs");
        assert!(status.success());
        process.push(start.elapsed());
    }
    println!(
        "collect, 300 filled forms (5 runs): in-process median {:.2} s ({:.0} forms/s), `meetlat collect` whole process median {:.2} s",
        median(times.clone()).as_secs_f64(),
        300.0 / median(times).as_secs_f64(),
        median(process).as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&work);

    scans(&root, true);
    scans(&root, false);

    // The scoring sheet for 50,000 students (one run; the issue measured 27 s, 800 MB
    // for the whole `meetlat sheet` process, most of it reading the list). Last, as its
    // memory raises the peak of everything after it.
    let mut big =
        prepare(&Inputs { course, ..Inputs::default() }).expect("example is valid").plan;
    big.students = (0..50_000)
        .map(|i| Student {
            number: format!("{}", 7_000_000 + i),
            first_name: "Student".into(),
            prefix: String::new(),
            last_name: format!("Nummer {i}"),
            email: String::new(),
            attempt: None,
        })
        .collect();
    let start = Instant::now();
    let size = scoring_sheet::render(&big, (2027, 1, 29), None).expect("renders").len();
    println!(
        "scoring sheet, 50,000 students (1 run): {:.1} s, {} MB, peak memory {} MB (whole benchmark)",
        start.elapsed().as_secs_f64(),
        size / (1024 * 1024),
        peak_rss_mb()
    );
}

/// `meetlat collect` of scanned paper forms: the example's 30 forms (6 pages each), filled
/// in (`filled`: every row one level, as [`fill_form`] does; the PDF's ticked radio buttons
/// print as marks) or not (every row goes to review: the worst case, 30 × 43 crops in
/// `controle.pdf`), rendered at 300 dpi grey (pdftoppm), each page one JPEG (quality 75)
/// in a scanner PDF of 180 pages, read in-process: pages per second, and the peak memory
/// (pages are decoded one at a time per worker). The time includes everything `collect`
/// does: the forms' layouts, reading, `observations.csv`/`.json` and the review.
fn scans(root: &std::path::Path, filled: bool) {
    let kind = if filled { "filled" } else { "unfilled" };
    let work = std::env::temp_dir()
        .join(format!("meetlat-bench-scan-{kind}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("scans")).expect("scan folder");
    let course = root.join("examples/stage.yaml");
    let status = Command::new(env!("CARGO_BIN_EXE_meetlat"))
        .args(["forms", "-q", "-o"])
        .arg(work.join("forms"))
        .arg(&course)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("meetlat runs");
    assert!(status.success());
    let mut forms: Vec<PathBuf> = std::fs::read_dir(work.join("forms"))
        .expect("forms")
        .flatten()
        .map(|e| e.path())
        .collect();
    forms.sort();
    // Rendering 180 pages at 300 dpi takes minutes: the scan file is kept between runs
    // (in the system's temporary folder), for as long as the forms stay the same.
    let mut hasher = Vec::new();
    for form in &forms {
        hasher.extend(std::fs::read(form).expect("a form"));
    }
    let cached = std::env::temp_dir().join(format!(
        "meetlat-bench-scan-{kind}-{}.pdf",
        &meetlat::hash::sha256(&hasher)[..16]
    ));
    drop(hasher);
    if let Ok(bytes) = std::fs::read(&cached) {
        std::fs::write(work.join("scans").join("scan.pdf"), bytes).expect("written");
    } else {
        make_scans(&course, &work, &forms, filled);
        let _ = std::fs::copy(work.join("scans").join("scan.pdf"), &cached);
    }
    let pages = lopdf::Document::load(work.join("scans").join("scan.pdf"))
        .expect("the scan file")
        .get_pages()
        .len();
    let options = meetlat::CollectOptions {
        paths: vec![work.join("scans")],
        output: work.join("out"),
        ..Default::default()
    };
    let inputs = Inputs { course, ..Inputs::default() };
    let mut times = Vec::new();
    // Peak memory of the collect runs only: reset the high-water mark first.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let cpu = cpu_seconds();
    for _ in 0..3 {
        let start = Instant::now();
        meetlat::collect(&inputs, &options).expect("collects");
        times.push(start.elapsed());
    }
    let cpu = (cpu_seconds() - cpu) / 3.0;
    let t = median(times).as_secs_f64();
    let collected = meetlat::collect(&inputs, &options).expect("collects");
    let check = collected
        .observations
        .forms
        .iter()
        .flat_map(|f| &f.observations)
        .filter(|o| o.certainty != "zeker")
        .count();
    println!(
        "collect of scans, {} {} pages at 300 dpi grey JPEG in one PDF ({check} rows to check; 3 runs): median {t:.2} s, {:.1} pages/s; CPU time {cpu:.2} s a run ({:.0} pages per CPU second); peak memory {} MB (the collect runs)",
        pages,
        kind,
        pages as f64 / t,
        pages as f64 / cpu,
        peak_rss_mb()
    );
    let _ = std::fs::remove_dir_all(&work);
}

/// A scanned page: its JPEG, width and height.
type Page = (Vec<u8>, u32, u32);

/// Fill (if `filled`) and render the `forms` into `work/scans/scan.pdf`, as a scanner
/// writes it.
fn make_scans(
    course: &std::path::Path,
    work: &std::path::Path,
    forms: &[PathBuf],
    filled: bool,
) {
    if filled {
        let plan = prepare(&Inputs { course: course.to_path_buf(), ..Inputs::default() })
            .expect("example is valid")
            .plan;
        let levels: Vec<String> = plan
            .levels
            .iter()
            .map(|l| meetlat::render::form::option_name(&l.id))
            .collect();
        for (i, form) in forms.iter().enumerate() {
            fill_form(form, form, i, &levels);
        }
    }
    // Two forms at a time (pdftoppm is single-threaded).
    let render = |i: usize, form: &PathBuf| -> Vec<Page> {
        let dir = work.join(format!("pages-{i}"));
        std::fs::create_dir_all(&dir).expect("a folder");
        let status = Command::new("pdftoppm")
            .args(["-gray", "-png", "-r", "300"])
            .arg(form)
            .arg(dir.join("page"))
            .status()
            .expect("pdftoppm is needed for this benchmark");
        assert!(status.success());
        let mut rendered: Vec<PathBuf> =
            std::fs::read_dir(&dir).expect("pages").flatten().map(|e| e.path()).collect();
        rendered.sort();
        let pages = rendered
            .iter()
            .map(|page| {
                let img = image::open(page).expect("png").into_luma8();
                let mut jpg = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 75)
                    .encode(&img, img.width(), img.height(), image::ExtendedColorType::L8)
                    .expect("jpeg");
                (jpg, img.width(), img.height())
            })
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        pages
    };
    let halves: Vec<Vec<(usize, Vec<Page>)>> = std::thread::scope(|s| {
        let jobs: Vec<_> = (0..2)
            .map(|t| {
                s.spawn(move || {
                    forms
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % 2 == t)
                        .map(|(i, f)| (i, render(i, f)))
                        .collect()
                })
            })
            .collect();
        jobs.into_iter().map(|j| j.join().expect("rendered")).collect()
    });
    let mut by_form: Vec<_> = halves.into_iter().flatten().collect();
    by_form.sort_by_key(|(i, _)| *i);
    let pages: Vec<_> = by_form.into_iter().flat_map(|(_, p)| p).collect();
    std::fs::write(work.join("scans").join("scan.pdf"), scanner_pdf(&pages))
        .expect("written");
}

/// A PDF as a scanner writes it: one grey JPEG image per A4 page.
fn scanner_pdf(pages: &[(Vec<u8>, u32, u32)]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let n = pages.len();
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: Vec<u8>| {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", offsets.len()).into_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    };
    obj(&mut out, &mut offsets, b"<</Type/Catalog/Pages 2 0 R>>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    obj(
        &mut out,
        &mut offsets,
        format!("<</Type/Pages/Count {n}/Kids[{}]>>", kids.join(" ")).into_bytes(),
    );
    for (i, (jpg, w, h)) in pages.iter().enumerate() {
        let (content, img) = (4 + 3 * i, 5 + 3 * i);
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.28 841.89]/Contents {content} 0 R/Resources<</XObject<</Im0 {img} 0 R>>>>>>"
            )
            .into_bytes(),
        );
        let draw = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q".to_vec();
        let mut c = format!("<</Length {}>>stream\n", draw.len()).into_bytes();
        c.extend(draw);
        c.extend(b"\nendstream");
        obj(&mut out, &mut offsets, c);
        let mut im = format!(
            "<</Type/XObject/Subtype/Image/Width {w}/Height {h}/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode/Length {}>>stream\n",
            jpg.len()
        )
        .into_bytes();
        im.extend(jpg);
        im.extend(b"\nendstream");
        obj(&mut out, &mut offsets, im);
    }
    let xref = out.len();
    out.extend(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).into_bytes(),
    );
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .into_bytes(),
    );
    out
}

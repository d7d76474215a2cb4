//! `meetlat collect` on scanned paper forms, tested on a synthetic scan corpus made here:
//! the forms rendered to pixels (pdftoppm), marked as people mark them (ticks, crosses,
//! filled boxes, heavy dots, light pencil; jitter and varied pens; rows with two marks,
//! none, a filled-and-crossed-out box), distorted as a feeder and scanner do (rotation
//! up to 3°, scale ±3%, shift up to 10 mm, speckle, a toner streak, blotches, JPEG), and
//! wrapped as scanners write them (a PDF with one JPEG per page, PNG files, a multi-page
//! TIFF); with a page of another course, a blank back side and an upside-down page. The
//! answer key is what was drawn; every row is compared. No real scanner was used.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use meetlat::collect::scan::image::{Affine, Grey};
use meetlat::render::form::layout::{FormLayout, layout};
use meetlat::render::form::{Moment, option_name};

use crate::{meetlat, root};

const COURSE: &str = "tests/fixtures/courses/valid-selection/course.yaml";
const OTHER: &str = "examples/stage.yaml";

/// A small deterministic random generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.next()
    }
    fn pick(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

/// Page `page` (from 1) of `pdf` at `dpi`, grey.
fn render(pdf: &Path, page: usize, dpi: u32, dir: &Path) -> Grey {
    let prefix = dir.join(format!("r{page}-{dpi}"));
    let status = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .args(["-singlefile", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let img = image::open(prefix.with_extension("png")).unwrap().into_luma8();
    Grey { w: img.width() as usize, h: img.height() as usize, px: img.into_raw() }
}

/// Ink a disc of radius `r` px at `(x, y)` with grey `v` (darkest wins).
fn dab(g: &mut Grey, x: f64, y: f64, r: f64, v: u8) {
    let (x0, x1) = ((x - r).floor() as i64, (x + r).ceil() as i64);
    let (y0, y1) = ((y - r).floor() as i64, (y + r).ceil() as i64);
    for py in y0..=y1 {
        for px in x0..=x1 {
            if px < 0 || py < 0 || px >= g.w as i64 || py >= g.h as i64 {
                continue;
            }
            let d =
                ((px as f64 + 0.5 - x).powi(2) + (py as f64 + 0.5 - y).powi(2)).sqrt();
            if d <= r {
                let i = py as usize * g.w + px as usize;
                g.px[i] = g.px[i].min(v);
            }
        }
    }
}

/// A pen stroke through `points` (px).
fn stroke(g: &mut Grey, points: &[(f64, f64)], width: f64, v: u8) {
    for w in points.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let n = (((bx - ax).powi(2) + (by - ay).powi(2)).sqrt() * 3.0).ceil().max(1.0)
            as usize;
        for i in 0..=n {
            let t = i as f64 / n as f64;
            dab(g, ax + (bx - ax) * t, ay + (by - ay) * t, width / 2.0, v);
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Mark {
    Tick,
    Cross,
    Fill,
    Dot,
    Pencil,
}

/// Draw `mark` in the box with centre `c` and half-side `h` (px); `mm` px per mm.
fn draw(g: &mut Grey, rng: &mut Rng, mark: Mark, c: (f64, f64), h: f64, mm: f64) {
    let j = |rng: &mut Rng| rng.range(-0.15, 0.15) * h;
    let pen = rng.range(0.35, 0.7) * mm;
    let ink = rng.range(15.0, 90.0) as u8;
    let (cx, cy) = (c.0 + j(rng) * 0.5, c.1 + j(rng) * 0.5);
    // Sometimes the hand runs over the border.
    let big = if rng.next() < 0.3 { 1.35 } else { 1.0 };
    match mark {
        Mark::Tick | Mark::Pencil => {
            let pts = [
                (cx - 0.6 * h * big + j(rng), cy + j(rng)),
                (cx - 0.15 * h + j(rng), cy + 0.6 * h + j(rng)),
                (cx + 0.8 * h * big + j(rng), cy - 0.9 * h * big + j(rng)),
            ];
            if let Mark::Pencil = mark {
                stroke(
                    g,
                    &pts,
                    rng.range(0.25, 0.35) * mm,
                    rng.range(120.0, 160.0) as u8,
                );
            } else {
                stroke(g, &pts, pen, ink);
            }
        }
        Mark::Cross => {
            let s = 0.7 * h * big;
            stroke(
                g,
                &[(cx - s + j(rng), cy - s + j(rng)), (cx + s + j(rng), cy + s + j(rng))],
                pen,
                ink,
            );
            stroke(
                g,
                &[(cx + s + j(rng), cy - s + j(rng)), (cx - s + j(rng), cy + s + j(rng))],
                pen,
                ink,
            );
        }
        Mark::Fill => {
            let mut y = cy - 0.75 * h;
            while y < cy + 0.75 * h {
                stroke(
                    g,
                    &[
                        (cx - 0.75 * h + j(rng) * 0.3, y),
                        (cx + 0.75 * h + j(rng) * 0.3, y + j(rng) * 0.3),
                    ],
                    pen,
                    ink,
                );
                y += pen * 0.8;
            }
        }
        Mark::Dot => dab(g, cx, cy, rng.range(0.3, 0.45) * h, ink),
    }
}

/// What a row should read: one value, or anything that needs a person.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    One(String),
    Check,
}

/// Mark every row of `page` of `form` on `g` (rendered at `dpi`); the answer key.
fn mark_page(
    g: &mut Grey,
    form: &FormLayout,
    page: usize,
    dpi: f64,
    rng: &mut Rng,
    key: &mut HashMap<String, Key>,
) {
    let px = dpi / 72.0;
    let mm = dpi / 25.4;
    let layout = &form.pages[page];
    let mut fields: Vec<&str> = layout.boxes.iter().map(|b| b.field.as_str()).collect();
    fields.dedup();
    for field in fields {
        let boxes: Vec<_> = layout.boxes.iter().filter(|b| b.field == field).collect();
        let centre = |i: usize| {
            let (x, y) = boxes[i].rect.centre();
            (x * px, y * px)
        };
        let h = boxes[0].rect.w * px / 2.0;
        let kinds =
            [Mark::Tick, Mark::Tick, Mark::Cross, Mark::Fill, Mark::Dot, Mark::Pencil];
        let roll = rng.next();
        let one = rng.pick(boxes.len());
        if roll < 0.80 {
            let mark = kinds[rng.pick(kinds.len())];
            draw(g, rng, mark, centre(one), h, mm);
            key.insert(field.to_owned(), Key::One(boxes[one].value.clone()));
        } else if roll < 0.87 {
            key.insert(field.to_owned(), Key::Check);
        } else if roll < 0.94 {
            let other = (one + 1 + rng.pick(boxes.len() - 1)) % boxes.len();
            draw(g, rng, Mark::Tick, centre(one), h, mm);
            draw(g, rng, Mark::Cross, centre(other), h, mm);
            key.insert(field.to_owned(), Key::Check);
        } else {
            // Filled and crossed out, another ticked beside it.
            let other = (one + 1) % boxes.len();
            draw(g, rng, Mark::Fill, centre(one), h, mm);
            draw(g, rng, Mark::Cross, centre(one), h * 1.3, mm);
            draw(g, rng, Mark::Tick, centre(other), h, mm);
            key.insert(field.to_owned(), Key::Check);
        }
    }
}

/// The scanner: rotate (degrees), scale and shift (mm), then speckle, maybe a streak
/// through image column `streak` and blotches, and grain.
fn distort(
    g: &Grey,
    dpi: f64,
    rng: &mut Rng,
    streak: Option<usize>,
    blotches: bool,
) -> Grey {
    let mm = dpi / 25.4;
    let (angle, scale) = (rng.range(-3.0, 3.0).to_radians(), rng.range(0.97, 1.03));
    let (dx, dy) = (rng.range(-10.0, 10.0) * mm, rng.range(-10.0, 10.0) * mm);
    let (cx, cy) = (g.w as f64 / 2.0, g.h as f64 / 2.0);
    let (c, s) = (angle.cos() / scale, angle.sin() / scale);
    // Output pixel → source pixel.
    let inv = Affine {
        m: [
            c,
            s,
            cx - c * (cx + dx) - s * (cy + dy),
            -s,
            c,
            cy + s * (cx + dx) - c * (cy + dy),
        ],
    };
    let mut out = Grey::white(g.w, g.h);
    for y in 0..g.h {
        for x in 0..g.w {
            let (sx, sy) = inv.apply(x as f64 + 0.5, y as f64 + 0.5);
            let (x0, y0) = ((sx - 0.5).floor(), (sy - 0.5).floor());
            let (fx, fy) = (sx - 0.5 - x0, sy - 0.5 - y0);
            let p = |a: f64, b: f64| f64::from(g.get(a as i64, b as i64));
            let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + p(x0 + 1.0, y0) * fx * (1.0 - fy)
                + p(x0, y0 + 1.0) * (1.0 - fx) * fy
                + p(x0 + 1.0, y0 + 1.0) * fx * fy;
            // Paper is not white on a scan.
            out.px[y * g.w + x] =
                (v * 0.93 + 6.0 + rng.range(-6.0, 6.0)).clamp(0.0, 255.0) as u8;
        }
    }
    for _ in 0..(g.w * g.h / 3000) {
        let (x, y) = (rng.range(0.0, g.w as f64), rng.range(0.0, g.h as f64));
        dab(&mut out, x, y, rng.range(0.4, 1.2) * mm / 6.0, rng.range(30.0, 120.0) as u8);
    }
    if let Some(col) = streak {
        for y in 0..g.h {
            for x in col..(col + (0.3 * mm).ceil() as usize).min(g.w) {
                out.px[y * g.w + x] = out.px[y * g.w + x].min(90);
            }
        }
    }
    if blotches {
        for _ in 0..3 {
            let (bx, by, r) = (
                rng.range(0.0, g.w as f64),
                rng.range(0.0, g.h as f64),
                rng.range(15.0, 35.0) * mm,
            );
            for y in 0..g.h {
                for x in 0..g.w {
                    let d = ((x as f64 - bx) / r).powi(2)
                        + ((y as f64 - by) / (r * 0.7)).powi(2);
                    if d < 1.0 {
                        let i = y * g.w + x;
                        out.px[i] = (f64::from(out.px[i]) * 0.86) as u8;
                    }
                }
            }
        }
    }
    out
}

fn jpeg(g: &Grey, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    enc.encode(&g.px, g.w as u32, g.h as u32, image::ExtendedColorType::L8).unwrap();
    out
}

/// A PDF as a scanner writes it: one grey JPEG image per A4 page.
fn scanner_pdf(pages: &[(Vec<u8>, usize, usize)]) -> Vec<u8> {
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
        let (page, content, img) = (3 + 3 * i, 4 + 3 * i, 5 + 3 * i);
        obj(&mut out, &mut offsets, format!("<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.28 841.89]/Contents {content} 0 R/Resources<</XObject<</Im0 {img} 0 R>>>>>>").into_bytes());
        let draw = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q".to_vec();
        let mut c = format!("<</Length {}>>stream\n", draw.len()).into_bytes();
        c.extend(draw);
        c.extend(b"\nendstream");
        obj(&mut out, &mut offsets, c);
        let mut im = format!("<</Type/XObject/Subtype/Image/Width {w}/Height {h}/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode/Length {}>>stream\n", jpg.len()).into_bytes();
        im.extend(jpg);
        im.extend(b"\nendstream");
        obj(&mut out, &mut offsets, im);
        let _ = page;
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

/// The corpus at one resolution, read back; returns (single-mark rows, decided, wrong,
/// rows to check that were decided).
/// A synthetic scan corpus in `dir/scans`, and its answer key per student and field.
struct Corpus {
    dir: tempfile::TempDir,
    plan: meetlat::resolve::Plan,
    keys: HashMap<String, HashMap<String, Key>>,
}

/// Make the corpus at `dpi`, wrapped as `wrap` (`pdf`: one scanner PDF; else image
/// files), with the random choices of `seed`.
fn make_corpus(dpi: u32, wrap: &str, seed: u64) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The forms, and the blank form of another course.
    for (course, out, blank) in
        [(COURSE, "forms", "--moment=eind"), (OTHER, "other", "--blank")]
    {
        let run = meetlat(
            &root(),
            &["forms", course, "-q", blank, "-o", d.join(out).to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(COURSE),
        ..Default::default()
    })
    .unwrap()
    .plan;
    let (env, _) = meetlat::render::RenderEnv::for_course(
        &plan,
        None,
        meetlat::output::Staging::memory(),
    )
    .unwrap();
    let mut rng = Rng(seed);
    let mut keys: HashMap<String, HashMap<String, Key>> = HashMap::new();
    let mut pages: Vec<Grey> = Vec::new();
    let f = dpi as f64;
    for (si, student) in plan.students.iter().enumerate() {
        let form = layout(&plan, &env, Some(student), Moment::Eind).unwrap();
        let pdf =
            d.join("forms").join(format!("SW3-TEST-{}-observatie.pdf", student.number));
        let key = keys.entry(student.number.clone()).or_default();
        for p in 0..form.pages.len() {
            let mut g = render(&pdf, p + 1, dpi, d);
            mark_page(&mut g, &form, p, f, &mut rng, key);
            // A streak through the text column on one page, blotches on another.
            let streak = (si == 0 && p == 0).then_some((60.0 * f / 25.4) as usize);
            let mut g = distort(&g, f, &mut rng, streak, si == 1 && p == 1);
            // The first student's last page upside down.
            if si == 0 && p + 1 == form.pages.len() {
                g = g.rotated_180();
            }
            pages.push(g);
            // A blank back side after each page of the second student.
            if si == 1 {
                let blank = Grey::white(pages[0].w, pages[0].h);
                pages.push(distort(&blank, f, &mut rng, None, false));
            }
        }
    }
    // A page of another course.
    let other =
        std::fs::read_dir(d.join("other")).unwrap().flatten().next().unwrap().path();
    let g = render(&other, 1, dpi, d);
    pages.push(distort(&g, f, &mut rng, None, false));

    let scans = d.join("scans");
    std::fs::create_dir(&scans).unwrap();
    match wrap {
        "pdf" => {
            let jpgs: Vec<_> = pages
                .iter()
                .map(|g| (jpeg(g, 70 + (rng.pick(15) as u8)), g.w, g.h))
                .collect();
            std::fs::write(scans.join("scan.pdf"), scanner_pdf(&jpgs)).unwrap();
        }
        _ => {
            // Image files: JPEG and PNG pages, and the rest in one multi-page TIFF.
            let mut tiff = std::io::Cursor::new(Vec::new());
            let mut enc = tiff::encoder::TiffEncoder::new(&mut tiff).unwrap();
            for (i, g) in pages.iter().enumerate() {
                match i % 3 {
                    0 => std::fs::write(scans.join(format!("p{i}.jpg")), jpeg(g, 75))
                        .unwrap(),
                    1 => {
                        let png = image::GrayImage::from_raw(
                            g.w as u32,
                            g.h as u32,
                            g.px.clone(),
                        )
                        .unwrap();
                        png.save(scans.join(format!("p{i}.png"))).unwrap();
                    }
                    _ => enc
                        .write_image::<tiff::encoder::colortype::Gray8>(
                            g.w as u32, g.h as u32, &g.px,
                        )
                        .unwrap(),
                }
            }
            std::fs::write(scans.join("rest.tif"), tiff.into_inner()).unwrap();
        }
    }
    Corpus { dir, plan, keys }
}

/// Read the corpus of [`make_corpus`] and compare every row with what was drawn: the
/// rows drawn with one mark, those of them decided, and every wrong decision.
fn corpus(dpi: u32, wrap: &str, seed: u64) -> (usize, usize, Vec<String>) {
    let Corpus { dir, plan, keys } = make_corpus(dpi, wrap, seed);
    let d = dir.path();
    let scans = d.join("scans");
    let out = d.join("out");
    let options = meetlat::CollectOptions {
        paths: vec![scans.clone()],
        output: out.clone(),
        ..Default::default()
    };
    let inputs = meetlat::Inputs { course: root().join(COURSE), ..Default::default() };
    let collected = meetlat::collect(&inputs, &options).unwrap();
    let obs = &collected.observations;
    assert_eq!(obs.forms.len(), plan.students.len(), "{}", collected.summary);
    // The other course's page is listed, the blank backs are skipped.
    assert!(
        obs.unused.iter().any(|u| u.reason == "andere-cursus"),
        "{}",
        collected.summary
    );
    assert!(collected.summary.contains("blanco overgeslagen"), "{}", collected.summary);
    assert!(out.join("controle.pdf").exists());

    let levels: HashMap<String, String> =
        plan.levels.iter().map(|l| (option_name(&l.id), l.id.clone())).collect();
    let (mut single, mut decided, mut wrong) = (0, 0, Vec::new());
    for form in &obs.forms {
        let key = &keys[&form.student];
        for o in &form.observations {
            let field = format!("{}.{}", o.outcome, o.indicator);
            let certain = o.certainty == "zeker";
            match &key[&field] {
                Key::One(v) => {
                    single += 1;
                    let expected = if v == "NG" { v.clone() } else { levels[v].clone() };
                    if certain {
                        decided += 1;
                        if o.level.as_deref() != Some(expected.as_str()) {
                            wrong.push(format!(
                                "{} {field}: read {:?}, drawn {expected}",
                                form.student, o.level
                            ));
                        }
                    }
                }
                Key::Check => {
                    if certain {
                        wrong.push(format!(
                            "{} {field}: read {:?} with certainty, drawn to check",
                            form.student, o.level
                        ));
                    }
                }
            }
        }
    }
    (single, decided, wrong)
}

#[test]
fn scans_at_300_dpi_in_a_scanner_pdf_are_read_without_silent_errors() {
    let (single, decided, wrong) = corpus(300, "pdf", 0x5eed_0300);
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(decided as f64 >= 0.995 * single as f64, "decided {decided} of {single}");
}

#[test]
fn scans_at_200_dpi_as_image_files_are_read_without_silent_errors() {
    let (single, decided, wrong) = corpus(200, "images", 0x5eed_0200);
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(decided as f64 >= 0.995 * single as f64, "decided {decided} of {single}");
}

#[test]
fn scans_at_150_dpi_make_no_silent_error() {
    let (single, decided, wrong) = corpus(150, "pdf", 0x5eed_0150);
    assert!(wrong.is_empty(), "{wrong:#?}");
    eprintln!("150 dpi: decided {decided} of {single}");
}

/// Reading takes box positions once per class of students whose forms lay out alike (as
/// the batch of forms groups them), not once per student: for every student of the
/// example, and one whose long name wraps, the class's layout is the student's own.
#[test]
fn layouts_by_class_are_each_students_own_layout() {
    use meetlat::render::form::layout::Classes;
    let mut plan = meetlat::prepare(&meetlat::Inputs {
        course: root().join(OTHER),
        ..Default::default()
    })
    .unwrap()
    .plan;
    let mut long = plan.students[3].clone();
    long.number = "9999999".into();
    long.first_name = "Maximiliaan Johannes Cornelis Frederik Willem-Alexander".into();
    long.last_name = "Van Oudshoorn-Vandenbroucke tot Nijenrode en Zuylen".into();
    plan.students.push(long);
    let (env, _) = meetlat::render::RenderEnv::for_course(
        &plan,
        None,
        meetlat::output::Staging::memory(),
    )
    .unwrap();
    for moment in [Moment::Eind, Moment::Tussentijds] {
        let classes = Classes::of(&plan, &env, &plan.students, moment).unwrap();
        let n = classes.first_of.len();
        assert!(n >= 2, "the long name makes a class of its own: {n} classes");
        assert!(n < plan.students.len() / 3, "{n} classes of {}", plan.students.len());
        let by_class: Vec<FormLayout> = (0..n)
            .map(|c| {
                let first = &plan.students[classes.first_of[c]];
                classes.layout(&plan, &env, c, first, moment).unwrap()
            })
            .collect();
        for (i, student) in plan.students.iter().enumerate() {
            let own = layout(&plan, &env, Some(student), moment).unwrap();
            assert!(
                own == by_class[classes.class_of[i]],
                "{} ({}), {moment:?}: its class's layout differs from its own",
                student.number,
                student.full_name()
            );
        }
    }
}

/// The rows of a CSV file (`,`), as maps from column to value.
fn csv_maps(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> =
        reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            headers.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()
        })
        .collect()
}

/// The examiner's loop, end to end with the binary: scans → `collect` writes
/// `controle.csv` → a person fills in `besluit` from what the scans show (saved as a Dutch
/// spreadsheet does: `;`, a byte order mark) → the same `collect` with the filled file
/// among its inputs → every decided row is certain with the person's level, marked
/// `besloten_door` = `examinator`; a row left empty stays to check; `controle.csv` keeps
/// the decisions. A decision that is no level, and one for a row not to check, stop the
/// run with file and line, and nothing is written.
#[test]
fn an_examiners_decisions_in_controle_csv_are_taken_back() {
    let Corpus { dir, plan, keys } = make_corpus(300, "pdf", 0x5eed_d0c5);
    let d = dir.path();
    let course = root().join(COURSE);
    let course = course.to_str().unwrap();
    let first = meetlat(d, &["collect", course, "scans", "-o", "out"]);
    assert!(d.join("out/controle.csv").exists(), "{}", first.transcript());
    let rows = csv_maps(&d.join("out/controle.csv"));
    assert_eq!(
        rows[0].keys().count(),
        meetlat::collect::scan::decisions::COLUMNS.len(),
        "{:?}",
        rows[0]
    );
    let before =
        meetlat::collect::Observations::load(&d.join("out/observations.json")).unwrap();
    let to_check: usize = before
        .forms
        .iter()
        .flat_map(|f| &f.observations)
        .filter(|o| o.certainty == "controleren")
        .count();
    let advice_open = before.forms.iter().filter(|f| f.advice.is_none()).count();
    assert_eq!(rows.len(), to_check + advice_open, "one line per row to check");
    assert!(rows.len() >= 4, "the corpus has rows to check: {}", rows.len());

    // The person decides every row but the last, as the scan shows it: the drawn level
    // where one box was marked, else a level or "niet geobserveerd" of their choosing.
    let label = |v: &str| {
        if v == "NG" {
            "niet geobserveerd".to_owned()
        } else {
            plan.levels.iter().find(|l| option_name(&l.id) == v).unwrap().label.clone()
        }
    };
    let mut expected: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut lines = vec![meetlat::collect::scan::decisions::COLUMNS.join(";")];
    for (n, r) in rows.iter().enumerate() {
        let field = if r["leeruitkomst"] == "advies" {
            "advies".to_owned()
        } else {
            format!("{}.{}", r["leeruitkomst"], r["indicator"])
        };
        let drawn = &keys[&r["studentnummer"]][&field];
        let (said, id) = match (field.as_str(), drawn) {
            _ if n + 1 == rows.len() => (String::new(), None),
            ("advies", Key::One(v)) => (v.replace('-', " "), Some(v.clone())),
            ("advies", Key::Check) => {
                ("voldoende".to_owned(), Some("voldoende".to_owned()))
            }
            (_, Key::One(v)) => {
                let id = if v == "NG" {
                    "NG".to_owned()
                } else {
                    plan.levels
                        .iter()
                        .find(|l| option_name(&l.id) == *v)
                        .unwrap()
                        .id
                        .clone()
                };
                // In capitals now and then: people type as they like.
                let l = label(v);
                (if n % 3 == 0 { l.to_uppercase() } else { l }, Some(id))
            }
            (_, Key::Check) if n % 2 == 0 => {
                ("niet geobserveerd".to_owned(), Some("NG".into()))
            }
            (_, Key::Check) => {
                let l = &plan.levels[0];
                (l.label.clone(), Some(l.id.clone()))
            }
        };
        expected.insert((r["studentnummer"].clone(), field), id);
        let cells: Vec<String> = meetlat::collect::scan::decisions::COLUMNS
            .iter()
            .map(|c| if *c == "besluit" { said.clone() } else { r[*c].clone() })
            .map(|v| {
                if v.contains([';', '"']) {
                    format!("\"{}\"", v.replace('"', "\"\""))
                } else {
                    v
                }
            })
            .collect();
        lines.push(cells.join(";"));
    }
    std::fs::create_dir(d.join("besluiten")).unwrap();
    let filled = format!("\u{feff}{}\r\n", lines.join("\r\n"));
    std::fs::write(d.join("besluiten/controle.csv"), &filled).unwrap();

    let second = meetlat(d, &["collect", course, "scans", "besluiten", "-o", "out"]);
    assert!(
        second.stdout.contains("door een examinator besloten"),
        "{}",
        second.transcript()
    );
    let after =
        meetlat::collect::Observations::load(&d.join("out/observations.json")).unwrap();
    let (mut decided, mut open) = (0, 0);
    for (f, old) in after.forms.iter().zip(&before.forms) {
        assert_eq!(f.student, old.student);
        for (o, was) in f.observations.iter().zip(&old.observations) {
            let field = format!("{}.{}", o.outcome, o.indicator);
            match expected.get(&(f.student.clone(), field.clone())) {
                Some(Some(id)) => {
                    decided += 1;
                    assert_eq!(o.certainty, "zeker", "{} {field}", f.student);
                    assert_eq!(
                        o.level.as_deref(),
                        Some(id.as_str()),
                        "{} {field}",
                        f.student
                    );
                    assert_eq!(o.decided_by.as_deref(), Some("examinator"));
                }
                Some(None) => {
                    open += 1;
                    assert_eq!((o.certainty.as_str(), &o.level), ("controleren", &None));
                    assert_eq!(o.decided_by, None);
                }
                // Read with certainty: as before, no person named.
                None => {
                    assert_eq!(o, was, "{} {field}", f.student);
                    assert_eq!(o.decided_by, None);
                }
            }
        }
        match expected.get(&(f.student.clone(), "advies".to_owned())) {
            Some(Some(v)) => assert_eq!(f.advice.as_deref(), Some(v.as_str())),
            Some(None) => assert_eq!(f.advice, None),
            None => assert_eq!(f.advice, old.advice),
        }
    }
    assert!(decided > 0, "rows decided");
    // The CSV says who decided.
    let csv = std::fs::read_to_string(d.join("out/observations.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",zekerheid,besloten_door"));
    assert_eq!(csv.matches(",zeker,examinator").count(), decided);
    // controle.csv keeps every row, with the decisions (so giving it again is the same).
    let again = csv_maps(&d.join("out/controle.csv"));
    assert_eq!(again.len(), rows.len());
    assert_eq!(again.last().unwrap()["besluit"], "");
    assert!(again[..again.len() - 1].iter().all(|r| !r["besluit"].is_empty()));
    // Given again (now the output's own controle.csv, which stays as it is): the same.
    let own = std::fs::read(d.join("out/controle.csv")).unwrap();
    let third =
        meetlat(d, &["collect", course, "scans", "out/controle.csv", "-o", "out"]);
    let last =
        meetlat::collect::Observations::load(&d.join("out/observations.json")).unwrap();
    assert_eq!(last.forms, after.forms, "{}", third.transcript());
    assert_eq!(last.decisions.len(), 1);
    assert_eq!(last.decisions[0].source, "out/controle.csv");
    assert_eq!(std::fs::read(d.join("out/controle.csv")).unwrap(), own);
    assert!(open <= 1);
    let observations = std::fs::read(d.join("out/observations.json")).unwrap();

    // A decision that is no level: the file, the line, what to write; nothing written.
    let line_of = |i: usize| i + 2;
    let typo = filled.replacen(";niet geobserveerd", ";niet geobserverd", 1);
    assert_ne!(typo, filled, "a row decided 'niet geobserveerd'");
    let bad_line =
        typo.lines().position(|l| l.ends_with(";niet geobserverd")).unwrap() + 1;
    std::fs::write(d.join("besluiten/controle.csv"), &typo).unwrap();
    let run = meetlat(d, &["collect", course, "scans", "besluiten", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(&format!("besluiten/controle.csv:{bad_line}:"))
            && run.stderr.contains("`niet geobserverd` is no level")
            && run.stderr.contains("niet geobserveerd; or leave `besluit` empty"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(d.join("out/observations.json")).unwrap(), observations);

    // A row that is not to be checked in this run (a student whose form is not here).
    let other =
        filled.replacen(&format!("\r\n{};", rows[0]["studentnummer"]), "\r\n0000000;", 1);
    std::fs::write(d.join("besluiten/controle.csv"), &other).unwrap();
    let run = meetlat(d, &["collect", course, "scans", "besluiten", "-o", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(&format!("besluiten/controle.csv:{}:", line_of(0)))
            && run.stderr.contains("0000000 (eind)")
            && run.stderr.contains("not to be checked in this run"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(d.join("out/observations.json")).unwrap(), observations);
    // The scans and the examiner's decisions go into the report's archive as evidence;
    // `verify` passes, and fails when an archived scan is changed (also with its hash
    // set anew in the manifest: the observations name the scan's hash).
    let sheet = d.join("scores.xlsx");
    crate::report::filled_sheet(&plan, &sheet, &crate::report::standard_fill(&plan));
    let run = meetlat(
        d,
        &[
            "report",
            course,
            "--scores",
            "scores.xlsx",
            "--observations",
            "out",
            "-o",
            "rep",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive =
        std::fs::read_dir(d.join("rep/archive")).unwrap().next().unwrap().unwrap().path();
    let scan = archive.join("inputs/observaties/scans/scan.pdf");
    assert_eq!(
        std::fs::read(&scan).unwrap(),
        std::fs::read(d.join("scans/scan.pdf")).unwrap()
    );
    assert_eq!(
        std::fs::read(archive.join("inputs/observaties/besluiten/controle.csv")).unwrap(),
        own
    );
    let manifest = std::fs::read_to_string(archive.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"observation-scan\"")
            && manifest.contains("\"observation-decisions\"")
    );
    let verify = meetlat(d, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());
    // Observations that say another level than the archived scans and decisions give
    // (their hash made to agree in the manifest): read again, the scans say otherwise.
    let json = archive.join("inputs/observaties/observations.json");
    let (json_bytes, manifest_bytes) = (
        std::fs::read(&json).unwrap(),
        std::fs::read(archive.join("manifest.json")).unwrap(),
    );
    let mut o = meetlat::collect::Observations::from_json(
        std::str::from_utf8(&json_bytes).unwrap(),
    )
    .unwrap();
    let changed = o.forms[0]
        .observations
        .iter_mut()
        .find(|x| x.certainty == "zeker" && x.decided_by.is_none())
        .unwrap();
    changed.level = Some(if changed.level.as_deref() == Some("NG") {
        plan.levels[0].id.clone()
    } else {
        "NG".to_owned()
    });
    std::fs::write(&json, o.to_json()).unwrap();
    let set_hash = |path: &str, bytes: &[u8]| {
        let file = archive.join("manifest.json");
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        for f in m["files"].as_array_mut().unwrap() {
            if f["path"] == path {
                f["sha256"] = serde_json::json!(meetlat::archive::sha256(bytes));
                f["size"] = serde_json::json!(bytes.len());
            }
        }
        std::fs::write(&file, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    };
    set_hash("inputs/observaties/observations.json", &o.to_json());
    let verify = meetlat(d, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 1, "{}", verify.transcript());
    assert!(
        verify.transcript().contains(&format!(
            "read again from the archived scans (with meetlat's own templates), the form of \
             student `{}` (eind) does not say what it says",
            o.forms[0].student
        )),
        "{}",
        verify.transcript()
    );
    std::fs::write(&json, &json_bytes).unwrap();
    std::fs::write(archive.join("manifest.json"), &manifest_bytes).unwrap();
    let mut bytes = std::fs::read(&scan).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    std::fs::write(&scan, &bytes).unwrap();
    let verify = meetlat(d, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 1, "{}", verify.transcript());
    assert!(verify.transcript().contains("scans/scan.pdf"), "{}", verify.transcript());
    // The manifest made to agree: the observations still name the scan's old hash.
    set_hash("inputs/observaties/scans/scan.pdf", &bytes);
    let verify = meetlat(d, &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 1, "{}", verify.transcript());
    assert!(
        verify.transcript().contains("is not in the archive, or it was changed"),
        "{}",
        verify.transcript()
    );
}

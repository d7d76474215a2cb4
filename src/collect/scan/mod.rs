//! Reading ticks from scanned paper forms (`meetlat collect` on scans). Each page says
//! which form and page it is in its QR code ([`crate::render::form::page_code`]); where
//! its tick boxes are comes from typesetting the form again in memory, once per class of
//! students whose forms lay out alike ([`crate::render::form::layout::Classes`]); the
//! page is aligned on its QR code roughly and on its four registration marks exactly,
//! and every box is measured ([`read`]). A row is
//! certain (`zeker`) only when exactly one box is clearly marked and the others clearly
//! empty; every other row goes to a person (`controleren`), with a crop of the scan in
//! the review PDF and a line in `controle.csv`, where an examiner's decision comes back
//! ([`decisions`]). The command itself is [`crate::pipeline::collect`].

pub mod decisions;
pub mod image;
pub mod read;
pub mod run;
pub mod source;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::render::RenderEnv;
use crate::render::form::layout::{Classes, FormLayout, PageLayout};
use crate::render::form::{Moment, PageCode};
use crate::resolve::Plan;

use image::Grey;
use read::{RowMeasure, RowVerdict};

/// Modules of quiet zone around a form's QR code (as the forms draw it).
const QR_QUIET: usize = 2;

/// The resolution of the review crops, in dpi.
const CROP_DPI: f64 = 110.0;

/// The resolution of the thumbnail of a page that could not be identified.
const THUMB_DPI: f64 = 30.0;

/// What became of one scanned page.
#[derive(Debug, Clone)]
pub enum PageOutcome {
    /// No ink: a blank back side (skipped).
    Blank,
    /// The image could not be decoded.
    Undecodable,
    /// No meetlat page code found: a thumbnail (PNG) for the review.
    NoCode(Vec<u8>),
    /// A page of another course (its code).
    OtherCourse(String),
    /// A page of another version of the course (its fingerprint).
    OtherVersion(String),
    /// A page of a student not in the list.
    UnknownStudent(String),
    /// A page of a blank form: the student number is handwriting, which is not read.
    BlankForm,
    /// A page number the form does not have (a form of another layout).
    NoSuchPage(usize),
    /// Read.
    Read(PageRead),
}

/// A page of a form, read.
#[derive(Debug, Clone)]
pub struct PageRead {
    /// The student number.
    pub student: String,
    /// The moment.
    pub moment: Moment,
    /// The page of the form, from 1.
    pub page: usize,
    /// How many pages the form has.
    pub pages: usize,
    /// Whether the page was aligned on its registration marks.
    pub aligned: bool,
    /// The radio groups on the page.
    pub rows: Vec<RowRead>,
}

/// One radio group of a page.
#[derive(Debug, Clone)]
pub struct RowRead {
    /// The field name (`LU3.G12`, `advies`).
    pub field: String,
    /// What was decided.
    pub verdict: RowVerdict,
    /// The measures (none when the page was not aligned).
    pub measure: Option<RowMeasure>,
    /// For a row a person must check: the crop of the scan (PNG).
    pub crop: Option<Vec<u8>>,
}

/// A form layout, typeset at most once (`None`: it could not be).
type Layout = Arc<OnceLock<Option<FormLayout>>>;

/// The layouts of one moment's forms: by class of students whose forms lay out alike
/// ([`Classes`]), each typeset once when a page of the class is first read; or, when
/// the forms do not fall into classes (a template override without the batch's slots),
/// one per student.
struct MomentLayouts {
    /// The classes, when found.
    classes: Option<Classes>,
    /// The layouts made: by class (`true`, the class) or by student (`false`, the
    /// student's place in the list).
    made: Mutex<HashMap<(bool, usize), Layout>>,
}

/// What reading pages needs: the plan, the engine, and the layouts made so far.
pub struct Reader<'a> {
    plan: &'a Plan,
    env: &'a RenderEnv,
    moments: [OnceLock<MomentLayouts>; 2],
}

impl<'a> Reader<'a> {
    /// A reader for the forms of `plan`.
    pub fn new(plan: &'a Plan, env: &'a RenderEnv) -> Self {
        Reader { plan, env, moments: Default::default() }
    }

    /// The layout of the form of the student at `index` for `moment`, typeset once per
    /// run for all students whose forms lay out alike.
    fn layout(&self, index: usize, moment: Moment) -> Option<Layout> {
        let m = self.moments[usize::from(moment == Moment::Eind)].get_or_init(|| {
            let classes =
                Classes::of(self.plan, self.env, &self.plan.students, moment).ok();
            MomentLayouts { classes, made: Mutex::new(HashMap::new()) }
        });
        let cell = |key: (bool, usize)| -> Option<Layout> {
            let mut made = m.made.lock().ok()?;
            Some(Arc::clone(made.entry(key).or_default()))
        };
        if let Some(c) = &m.classes {
            let class = c.class_of[index];
            let layout = cell((true, class))?;
            layout.get_or_init(|| {
                let first = &self.plan.students[c.first_of[class]];
                c.layout(self.plan, self.env, class, first, moment)
            });
            if matches!(layout.get(), Some(Some(_))) {
                return Some(layout);
            }
        }
        // No classes, or a class's body not as measured: the student's own form.
        let layout = cell((false, index))?;
        layout.get_or_init(|| {
            let student = &self.plan.students[index];
            crate::render::form::layout::layout(
                self.plan,
                self.env,
                Some(student),
                moment,
            )
            .ok()
        });
        Some(layout)
    }

    /// Read one decoded page.
    pub fn read(&self, page: &source::PageImage) -> PageOutcome {
        let work = read::work_image(&page.grey, page.dpi);
        if read::is_blank(&work.grey) {
            return PageOutcome::Blank;
        }
        let Some(qr) =
            read::find_qr(&work.grey, work.dpi, &|t| PageCode::parse(t).is_some())
        else {
            let k = ((work.dpi / THUMB_DPI).round() as usize).max(1);
            return PageOutcome::NoCode(work.grey.downsample(k).png());
        };
        let Some(code) = PageCode::parse(&qr.text) else {
            return PageOutcome::Undecodable;
        };
        let form = &code.form;
        if form.course != self.plan.course.code {
            return PageOutcome::OtherCourse(form.course.clone());
        }
        if form.fingerprint != self.plan.fingerprint {
            return PageOutcome::OtherVersion(form.fingerprint.clone());
        }
        let Some(number) = &form.student else { return PageOutcome::BlankForm };
        let Some(index) = self.plan.students.iter().position(|s| &s.number == number)
        else {
            return PageOutcome::UnknownStudent(number.clone());
        };
        let Some(moment) = Moment::from_id(&form.moment) else {
            return PageOutcome::Undecodable;
        };
        let Some(cell) = self.layout(index, moment) else {
            return PageOutcome::Undecodable;
        };
        let Some(Some(layout)) = cell.get() else { return PageOutcome::Undecodable };
        let Some(page_layout) = layout.pages.get(code.page - 1) else {
            return PageOutcome::NoSuchPage(code.page);
        };
        let measured = read::measure_page(&work.grey, &qr, page_layout, QR_QUIET);
        if std::env::var_os("MEETLAT_DEBUG_SCAN").is_some() {
            eprintln!(
                "debug: page {} dpi {:.0} qr {:?} corners {:?} modules {} marks {:?} alignment {:?}",
                code.page,
                work.dpi,
                page_layout.qr,
                qr.corners,
                qr.modules,
                page_layout.marks,
                measured.alignment
            );
        }
        let rough = page_layout.qr.as_ref().and_then(|r| read::qr_map(&qr, r, QR_QUIET));
        let map = measured.alignment.as_ref().map(|a| a.map).or(rough);
        let rows = measured
            .rows
            .into_iter()
            .map(|(field, measure)| {
                let verdict =
                    measure.as_ref().map_or(RowVerdict::NotAligned, read::decide_row);
                let crop = match (&verdict, &map) {
                    (RowVerdict::One(_), _) | (_, None) => None,
                    (_, Some(map)) => {
                        Some(row_crop(&work.grey, map, page_layout, &field))
                    }
                };
                if std::env::var_os("MEETLAT_DEBUG_SCAN").is_some()
                    && let Some(m) = &measure
                {
                    {
                        let fills: Vec<String> =
                            m.boxes.iter().map(|b| format!("{:.3}", b.fill)).collect();
                        eprintln!(
                            "debug: {number} p{} {field} border {:.2} fills {} {:?}",
                            code.page,
                            m.border,
                            fills.join(" "),
                            verdict
                        );
                    }
                }
                RowRead { field, verdict, measure, crop }
            })
            .collect();
        PageOutcome::Read(PageRead {
            student: number.clone(),
            moment,
            page: code.page,
            pages: layout.pages.len(),
            aligned: measured.alignment.is_some(),
            rows,
        })
    }
}

/// The crop of the row of `field`: the width of the page between the margins, from a
/// little above its boxes to well below (the indicator's text starts at their top).
fn row_crop(g: &Grey, map: &image::Affine, page: &PageLayout, field: &str) -> Vec<u8> {
    let boxes: Vec<_> = page.boxes.iter().filter(|b| b.field == field).collect();
    let top = boxes.iter().map(|b| b.rect.y).fold(f64::MAX, f64::min);
    let margin = 36.0;
    let rect = (margin, (top - 10.0).max(0.0), page.size.0 - 2.0 * margin, 52.0);
    let per_pt = CROP_DPI / 72.0 * (map.scale() / (map.scale()));
    image::crop(g, map, rect, per_pt).png()
}

/// Decode and read page `index` of `file`; a panic in a decoder is an undecodable page.
pub fn read_page(
    reader: &Reader<'_>,
    file: &source::ScanFile,
    index: usize,
) -> PageOutcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match file.page(index) {
        Some(page) => reader.read(&page),
        None => PageOutcome::Undecodable,
    }))
    .unwrap_or(PageOutcome::Undecodable)
}

/// Whether `bytes` are an image file meetlat reads as a scan (PNG, JPEG, TIFF).
pub fn is_image(bytes: &[u8]) -> bool {
    matches!(source::kind(bytes), Some(source::Kind::Image | source::Kind::Tiff))
}

/// The grey image type, for tests and benchmarks.
pub type Image = Grey;

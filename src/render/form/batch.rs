//! The fast path of a batch of observation forms (stage: render). The forms of a batch
//! differ only in a few parts: the student's name and number (page 1 and the running
//! header), the form id and QR code (footer) and the instructions. So the template is
//! typeset once as a "body" that lays those parts out hidden (the same layout as a whole
//! form) and marks their slots; the students' parts are typeset for many students at once
//! on "stamp" pages, at exactly those slots; and each form is the body (with its form
//! fields, added once) plus an incremental update that draws the student's stamp page
//! and QR code (drawn here, module by module: as an image in Typst it cost two thirds of
//! the stamps' time) over each body page.
//!
//! A name or instructions text that wraps onto another number of lines changes the
//! layout of page 1: students are grouped by the heights of those parts (measured in one
//! pass), and each group gets a body of its own, so every form looks exactly as the
//! per-student path would make it. When anything does not fit this scheme (a template
//! override without slots, an error), the caller falls back to that path. The PDF work
//! itself is in [`super::pdf_update`].

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use lopdf::{Document, Object, ObjectId};
use serde::Serialize;

use super::fields;
use super::pdf_update::{
    Body, Fragment, PlainBody, Slot, assemble, combine, prepare, qr_content, qr_xobject,
    stamp_xobject,
};
use super::view::{FormOptions, FormResult, FormView, StageFile, StudentView};
use crate::diag::Diagnostic;
use crate::model::Student;
use crate::render::batch::in_parallel_until;
use crate::render::{Common, RenderEnv};
use crate::typst_world::{Marker, PdfProfile, PdfSettings};

/// Parts whose height shapes page 1; students are grouped by them.
const SHAPING: [&str; 3] = ["instructions", "name", "number"];
/// Parts every page carries (running header and footer).
const EVERY_PAGE: [&str; 3] = ["who", "form-id", "qr"];
/// Students typeset together on one stamps document.
const CHUNK: usize = 25;
/// Students measured in one compile.
const MEASURE_CHUNK: usize = 250;

/// A group of students whose forms share one body.
struct Class {
    /// Heights of the [`SHAPING`] parts, in 1/100 pt.
    key: Vec<i64>,
    /// Pages of the body.
    pages: usize,
    /// The slots of the body that the stamps template fills (all but the QR codes).
    slots: Vec<Slot>,
    /// The body, ready to be stamped.
    body: Body,
    /// The body as typeset (without fields), for the print file.
    plain: Vec<u8>,
    /// The QR code slots of the body, one per page.
    qr: Vec<Slot>,
}

/// What the stamps template reads of a class.
#[derive(Serialize)]
struct ClassView<'a> {
    /// Pages per student.
    pages: usize,
    /// The slots.
    slots: &'a [Slot],
}

/// The student parts of one form.
#[derive(Serialize)]
struct StampView<'a> {
    /// The student.
    student: &'a Option<StudentView>,
    /// Form id.
    form_id: &'a str,
    /// Instructions, placeholders filled in.
    instructions: &'a str,
}

/// One student on a stamps document.
#[derive(Serialize)]
struct StampEntry<'a> {
    /// Index into `classes`.
    class: usize,
    /// The parts.
    d: StampView<'a>,
}

/// The data of a stamps (or measure) document.
#[derive(Serialize)]
struct StampsData<'a> {
    /// What every form shares.
    common: &'a Common,
    /// The classes.
    classes: Vec<ClassView<'a>>,
    /// The students.
    stamps: Vec<StampEntry<'a>>,
    /// Measure the [`SHAPING`] parts at `widths` instead of making pages.
    measure: bool,
    /// Widths of the [`SHAPING`] slots, in pt.
    widths: BTreeMap<&'a str, f64>,
}

/// The data of a body: the form of its representative student.
#[derive(Serialize)]
struct BodyData<'a> {
    /// The form.
    body: &'a FormView,
}

/// Make the forms of `students` (at least two; `make_view` makes the view of one) the
/// fast way: the PDFs and their view models (if `options` ask for them), in order,
/// calling `tick` after each, and if asked one print file of all forms (without fields).
/// When this path cannot make them, why not; then the per-student path must (it also
/// reports any problem).
pub(super) fn render(
    plan: &crate::resolve::Plan,
    env: &RenderEnv,
    students: &[&Student],
    options: &FormOptions,
    make_view: &dyn Fn(usize) -> Result<FormView, Diagnostic>,
    tick: &(dyn Fn() + Sync),
    stage: &StageFile<'_>,
) -> Result<(Vec<FormResult>, Option<Vec<u8>>), Fallback> {
    let (moment, emit_data, combined) =
        (options.moment, options.emit_data, options.combined);
    let first = make_view(0).map_err(|d| d.to_string())?;
    // Of each form only its parts are kept (and its data, if asked for): the whole view
    // repeats the outcomes, and memory should grow as little as possible per student.
    let parts: Vec<Parts> = (0..students.len())
        .map(|i| Parts::new(make_view(i).map_err(|d| d.to_string())?, emit_data))
        .collect::<Result<_, _>>()?;
    let code = &plan.course.code;
    let body_settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/observatie/{code}/{}", moment.id()),
        date: env.date,
    };
    let qr_of = |i: usize| {
        super::view::qr_svg(&super::view::qr_payload(plan, Some(students[i]), moment))
    };
    let qr_payload = |i: usize| super::view::qr_payload(plan, Some(students[i]), moment);
    let page_code = |i: usize, page: usize| {
        super::view::page_code(plan, Some(students[i]), moment, page)
    };

    // The body of the first student, and its slots.
    let mut classes =
        vec![make_class(env, &first, qr_of(0), &qr_payload(0), &body_settings, None)?];
    let widths: BTreeMap<&str, f64> = classes[0]
        .slots
        .iter()
        .filter(|s| SHAPING.contains(&s.id.as_str()))
        .map(|s| (SHAPING.iter().find(|id| **id == s.id).copied().unwrap_or(""), s.w))
        .collect();
    if widths.len() != SHAPING.len() {
        return Err("the body lacks a slot that shapes page 1".into());
    }

    // Measure every student's shaping parts; a new combination of heights gets its own
    // body.
    let keys = measure(env, &first.common, &parts, &widths)?;
    let mut class_of = vec![usize::MAX; students.len()];
    for (i, key) in keys.into_iter().enumerate() {
        let class = match classes.iter().position(|c| c.key == key) {
            Some(c) => c,
            None => {
                classes.push(make_class(
                    env,
                    &make_view(i).map_err(|d| d.to_string())?,
                    qr_of(i),
                    &qr_payload(i),
                    &body_settings,
                    Some(&key),
                )?);
                classes.len() - 1
            }
        };
        class_of[i] = class;
    }
    if class_of.contains(&usize::MAX) {
        return Err("a student was not measured".into());
    }

    // Stamps, in chunks, on the crate's worker threads (see `render::batch`); the first
    // chunk that fails stops the rest: the per-student path then makes every form.
    let total = students.len();
    let ranges: Vec<Range<usize>> =
        (0..total).step_by(CHUNK).map(|from| from..(from + CHUNK).min(total)).collect();
    let class_views: Vec<ClassView> =
        classes.iter().map(|c| ClassView { pages: c.pages, slots: &c.slots }).collect();
    let job = StampJob {
        env,
        common: &first.common,
        class_views: &class_views,
        classes: &classes,
        parts: &parts,
        class_of: &class_of,
        qr_payload: &qr_payload,
        page_code: &page_code,
        combined,
        tick,
        stage,
    };
    let chunks = in_parallel_until(
        &ranges,
        |_, range| stamp_chunk(&job, range.clone()),
        |_| {},
        Result::is_err,
    );
    let mut results = Vec::with_capacity(total);
    let mut fragments = Vec::new();
    for chunk in chunks {
        let (forms, fragment) = chunk.ok_or("a chunk of stamps was not made")??;
        results.extend(forms);
        fragments.extend(fragment);
    }
    if results.len() != total {
        return Err("the stamps made a wrong number of forms".into());
    }
    let combined = if combined {
        let ident = format!("meetlat/observatie/{code}/alle/{}", moment.id());
        let bodies: Vec<PlainBody> =
            classes.iter().map(|c| PlainBody { pdf: &c.plain, qr: &c.qr }).collect();
        Some(
            combine(&bodies, &class_of, fragments, &ident)
                .map_err(|e| format!("print file: {e}"))?,
        )
    } else {
        None
    };
    Ok((results, combined))
}

/// The heights of every one of `parts`' [`SHAPING`] parts at `widths` (the key of its
/// class), measured a few hundred students per compile (memory stays bounded).
fn measure(
    env: &RenderEnv,
    common: &Common,
    parts: &[Parts],
    widths: &BTreeMap<&str, f64>,
) -> Result<Vec<Vec<i64>>, Fallback> {
    let mut keys: Vec<Option<Vec<i64>>> = vec![None; parts.len()];
    for from in (0..parts.len()).step_by(MEASURE_CHUNK) {
        let to = (from + MEASURE_CHUNK).min(parts.len());
        let data = StampsData {
            common,
            classes: Vec::new(),
            stamps: parts[from..to]
                .iter()
                .map(|p| StampEntry { class: 0, d: stamp_view(p) })
                .collect(),
            measure: true,
            widths: widths.clone(),
        };
        let markers = env
            .engine
            .markers("form.typ", json(&data)?, Vec::new())
            .map_err(|d| why("measuring", &d))?;
        for m in &markers {
            let i = m.value.get("measure").and_then(serde_json::Value::as_u64);
            let i = from + i.ok_or("a measure marker without its student")? as usize;
            let heights =
                m.value.get("heights").ok_or("a measure marker without heights")?;
            let key: Option<Vec<i64>> = SHAPING
                .iter()
                .map(|id| heights.get(id)?.as_f64().map(hundredths))
                .collect();
            *keys.get_mut(i).ok_or("a measure marker of no student")? =
                Some(key.ok_or("a measure marker lacks a height")?);
        }
    }
    keys.into_iter()
        .map(|k| k.ok_or_else(|| "a student was not measured".into()))
        .collect()
}

/// The key of the class of a body with the slot markers `slots` (the heights of its
/// [`SHAPING`] slots); `None` when it lacks one.
pub(crate) fn body_key(slots: &[Marker]) -> Option<Vec<i64>> {
    let slots = self::slots(slots, 0)?;
    SHAPING
        .iter()
        .map(|id| slots.iter().find(|s| s.id == *id).map(|s| hundredths(s.h)))
        .collect()
}

/// For reading scans back: the key of the class of each of `students` (see [`measure`]),
/// the slots being `slots` (a body's, see [`super::layout::body_layout`]), and the key of
/// that body itself. Students of one key have forms of one layout.
///
/// # Errors
/// Why the classes could not be found (a template without slots): then each student's
/// form must be laid out on its own.
pub(crate) fn class_keys(
    plan: &crate::resolve::Plan,
    env: &RenderEnv,
    students: &[Student],
    moment: super::Moment,
    slots: &[Marker],
) -> Result<(Vec<Vec<i64>>, Vec<i64>), Fallback> {
    let body_key = body_key(slots).ok_or("the template marks no slots")?;
    let slots = self::slots(slots, 0).ok_or("the template marks no slots")?;
    let widths: BTreeMap<&str, f64> = SHAPING
        .iter()
        .filter_map(|id| slots.iter().find(|s| s.id == *id).map(|s| (*id, s.w)))
        .collect();
    let view = |s: &Student| {
        super::view::view(plan, env, Some(s), moment, true, String::new())
            .map_err(|d| d.to_string())
    };
    let first = view(students.first().ok_or("no students")?)?;
    let parts: Vec<Parts> =
        students.iter().map(|s| Parts::new(view(s)?, false)).collect::<Result<_, _>>()?;
    let common = &first.common;
    Ok((measure(env, common, &parts, &widths)?, body_key))
}

/// A chunk's forms, and with a print file its [`Fragment`].
type Chunk = (Vec<FormResult>, Option<Fragment>);

/// What the batch keeps of one form's view.
struct Parts {
    /// The student.
    student: Option<StudentView>,
    /// Form id.
    form_id: String,
    /// Instructions, placeholders filled in.
    instructions: String,
    /// The whole view as JSON, when asked for (else empty).
    data: Vec<u8>,
}

impl Parts {
    /// The parts of `view`, with its JSON if `data`.
    fn new(view: FormView, data: bool) -> Result<Parts, Fallback> {
        let data = if data { json(&view)? } else { Vec::new() };
        Ok(Parts {
            student: view.student,
            form_id: view.form_id,
            instructions: view.instructions,
            data,
        })
    }
}

/// The parts of a form for the stamps template.
fn stamp_view(v: &Parts) -> StampView<'_> {
    StampView { student: &v.student, form_id: &v.form_id, instructions: &v.instructions }
}

/// `pt` in 1/100 pt, for comparing heights.
fn hundredths(pt: f64) -> i64 {
    (pt * 100.0).round() as i64
}

/// Typeset the body of `view`'s student (its QR code `qr` and form identity `identity`,
/// which each form's update replaces) and prepare it for stamping. `expect` is the key
/// the class must have (a new class from measuring). Any problem is a [`Fallback`].
fn make_class(
    env: &RenderEnv,
    view: &FormView,
    qr: Vec<u8>,
    identity: &str,
    settings: &PdfSettings,
    expect: Option<&[i64]>,
) -> Result<Class, Fallback> {
    let data = json(&BodyData { body: view })?;
    let typeset = env
        .engine
        .typeset("form.typ", data, vec![(view.qr.clone(), qr)], settings, false)
        .map_err(|d| why("body", &d))?;
    let slots = slots(&typeset.markers, typeset.pages)
        .ok_or("the template marks no complete set of slots")?;
    let key: Vec<i64> = SHAPING
        .iter()
        .map(|id| slots.iter().find(|s| s.id == *id).map(|s| hundredths(s.h)))
        .collect::<Option<_>>()
        .ok_or("the body lacks a slot that shapes page 1")?;
    if expect.is_some_and(|e| e != key.as_slice()) {
        return Err("a body's heights differ from the measured ones".into());
    }
    let with_fields = fields::add_fields(&typeset.pdf, &typeset.fields, identity)
        .map_err(|e| format!("form fields: {e}"))?;
    let (qr, slots): (Vec<Slot>, Vec<Slot>) =
        slots.into_iter().partition(|s| s.id == "qr");
    let body = prepare(with_fields, &qr).map_err(|e| format!("body: {e}"))?;
    Ok(Class { key, pages: typeset.pages, slots, body, plain: typeset.pdf, qr })
}

/// The slots of a body from its markers; `None` unless every page has the running parts
/// and the shaping parts are there once.
fn slots(markers: &[Marker], pages: usize) -> Option<Vec<Slot>> {
    let mut slots = Vec::new();
    // Other markers (those for reading scans back) are no slots.
    for m in markers.iter().filter(|m| m.value.get("slot").is_some()) {
        let id = m.value.get("slot")?.as_str()?.to_owned();
        slots.push(Slot {
            shrink: id == "who" || id == "form-id",
            page: m.page,
            x: m.x,
            y: m.y,
            w: m.value.get("w")?.as_f64()?,
            h: m.value.get("h")?.as_f64()?,
            id,
        });
    }
    let count = |id: &str, page: Option<usize>| {
        slots.iter().filter(|s| s.id == id && page.is_none_or(|p| s.page == p)).count()
    };
    let complete = (0..pages)
        .all(|p| EVERY_PAGE.iter().all(|id| count(id, Some(p)) == 1))
        && SHAPING.iter().all(|id| count(id, None) == 1);
    complete.then_some(slots)
}

/// What every chunk of stamps shares.
struct StampJob<'a> {
    /// The engine and the date.
    env: &'a RenderEnv,
    /// What every form shares.
    common: &'a Common,
    /// The classes as the stamps template reads them.
    class_views: &'a [ClassView<'a>],
    /// The classes.
    classes: &'a [Class],
    /// Every student's parts.
    parts: &'a [Parts],
    /// Every student's class.
    class_of: &'a [usize],
    /// Student `i`'s identity (see [`super::IDENTITY_FIELD`]).
    qr_payload: &'a (dyn Fn(usize) -> String + Sync),
    /// The QR code text of student `i`'s page `page` (from 1).
    page_code: &'a (dyn Fn(usize, usize) -> String + Sync),
    /// Whether the print file is made (then the chunk returns its [`Fragment`]).
    combined: bool,
    /// Called after each form.
    tick: &'a (dyn Fn() + Sync),
    /// Stages each form's PDF.
    stage: &'a StageFile<'a>,
}

/// Typeset the stamps of the students in `range` and make their forms.
fn stamp_chunk(job: &StampJob<'_>, range: Range<usize>) -> Result<Chunk, Fallback> {
    let StampJob {
        env,
        common,
        class_views,
        classes,
        parts,
        class_of,
        qr_payload,
        page_code,
        combined,
        tick,
        stage,
    } = *job;
    let data = StampsData {
        common,
        classes: class_views
            .iter()
            .map(|c| ClassView { pages: c.pages, slots: c.slots })
            .collect(),
        stamps: range
            .clone()
            .map(|i| StampEntry { class: class_of[i], d: stamp_view(&parts[i]) })
            .collect(),
        measure: false,
        widths: BTreeMap::new(),
    };
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: false,
        ident: "meetlat/observatie/stempels".into(),
        date: env.date,
    };
    let typeset = env
        .engine
        .typeset("form.typ", json(&data)?, Vec::new(), &settings, true)
        .map_err(|d| why("stamps", &d))?;
    let stamps = Document::load_mem(&typeset.pdf).map_err(|e| format!("stamps: {e}"))?;

    let pages: Vec<ObjectId> = stamps.get_pages().into_values().collect();
    let mut at = 0;
    let mut forms = Vec::with_capacity(range.len());
    // For the print file, what the stamps use is shared by the chunk's students.
    let mut fragment = Fragment { objects: Vec::new(), forms: Vec::new() };
    let (mut map, mut next) = (HashMap::new(), 1);
    for i in range {
        let class = &classes[class_of[i]];
        let mine = pages.get(at..at + class.pages).ok_or("too few stamp pages")?;
        at += class.pages;
        let ident = format!("meetlat/observatie/{}", parts[i].form_id);
        let identity = qr_payload(i);
        let qrs: Vec<Vec<u8>> = (1..=class.pages)
            .map(|p| qr_content(&page_code(i, p)))
            .collect::<Option<_>>()
            .ok_or("a QR code could not be made")?;
        let pdf = assemble(&class.body, &stamps, mine, &qrs, &identity, &ident)
            .map_err(|e| format!("form {}: {e}", parts[i].form_id))?;
        let data = parts[i].data.clone();
        forms.push(stage(i, pdf).map(|pdf| (pdf, data)));
        if combined {
            let mut ids = Vec::new();
            for &page in mine {
                let stamp = stamp_xobject(
                    &stamps,
                    page,
                    &mut map,
                    &mut next,
                    &mut fragment.objects,
                )
                .map_err(|e| format!("print file: {e}"))?;
                fragment.objects.push(((next, 0), Object::Stream(stamp)));
                ids.push(next);
                next += 1;
            }
            let mut qr_ids = Vec::new();
            for qr in &qrs {
                fragment.objects.push(((next, 0), Object::Stream(qr_xobject(qr))));
                qr_ids.push(next);
                next += 1;
            }
            fragment.forms.push((ids, qr_ids));
        }
        tick();
    }
    if at != pages.len() {
        return Err("too many stamp pages".into());
    }
    Ok((forms, combined.then_some(fragment)))
}

/// Why the fast path could not make a batch's forms, for a debug line (see
/// [`super::DEBUG_VAR`]).
pub(super) type Fallback = String;

/// `value` as JSON.
fn json(value: &impl Serialize) -> Result<Vec<u8>, Fallback> {
    serde_json::to_vec(value).map_err(|e| format!("view model: {e}"))
}

/// A typesetting step's problems, in one line.
fn why(step: &str, problems: &[Diagnostic]) -> Fallback {
    let first = problems.first().map_or_else(String::new, ToString::to_string);
    format!("{step}: {}", first.lines().next().unwrap_or_default())
}

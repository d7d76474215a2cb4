//! Observation forms for internship supervisors: one per student (A4 portrait), printable
//! and fillable on screen (AcroForm fields over the drawn boxes), a blank form, and one
//! combined PDF of all forms for printing. Forms are typeset in parallel.
//!
//! The module's parts, from the top: this file orchestrates (file names, the one-by-one
//! path, the print file, progress); `batch` is the fast path of a batch; `view` is
//! the view model both paths typeset; `pdf_update` is the batch's PDF surgery and
//! `fields` adds the form fields; `layout` says where marks, QR codes and tick boxes
//! are, for reading scans back.

mod batch;
mod fields;
pub mod layout;
mod pdf_update;
mod view;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Student;
use crate::render::{Artifact, RenderEnv, safe_file_name};
use crate::resolve::Plan;
use crate::text;
use crate::typst_world::{PdfProfile, PdfSettings};

pub use fields::{IDENTITY_FIELD, IDENTITY_INFO_KEY, option_name};
pub use view::{
    FormIdentity, FormIndicator, FormOptions, FormOutcome, FormView, LevelDescriptor,
    Moment, PageCode, StudentView, page_code, qr_payload, view,
};
use view::{FormResult, StageFile, form_id, qr_svg, text_context};

/// Set (to anything) to have the forms say on stderr why a batch was typeset one by one
/// instead of the fast way (a slower run, same documents).
const DEBUG_VAR: &str = "MEETLAT_DEBUG";

/// The file name of a student's form, from the course's pattern, made safe: it is one
/// file name inside the output folder, whatever the student number holds.
///
/// # Errors
/// A placeholder that cannot be filled in.
pub fn file_name(
    plan: &Plan,
    student: Option<&Student>,
    moment: Moment,
) -> Result<String, Diagnostic> {
    let Some(student) = student else {
        return Ok(crate::names::blank_form(plan, moment.word(plan.course.language)));
    };
    let name = text::render(
        &crate::names::form_pattern(plan),
        &text_context(plan, Some(student)),
    )
    .map_err(|e| Diagnostic::error(format!("cannot make the form's file name: {e}")))?;
    let mut name = safe_file_name(&name.replace(['/', '\\'], "_"));
    if name.to_lowercase().ends_with(".pdf") {
        name.truncate(name.len() - 4);
    }
    // A midway form never takes the name of the student's final form (made earlier into
    // the same folder, it would be overwritten): its name carries the moment.
    if moment == Moment::Tussentijds {
        name = crate::names::midway_form(&name, moment.word(plan.course.language));
    }
    name.push_str(".pdf");
    Ok(name)
}

/// Where the one-by-one path puts a form's QR codes: `{page}` is the page number.
const QR_PATTERN: &str = "/qr-0-{page}.svg";

/// Where a form's view model for a designer (`--emit-data`) names its one QR code.
const QR_DESIGN: &str = "/qr-0.svg";

/// Typeset one fillable form: the PDF, and its view model for a designer.
fn render_one(
    plan: &Plan,
    env: &RenderEnv,
    student: Option<&Student>,
    moment: Moment,
    evict: bool,
) -> Result<(Vec<u8>, Vec<u8>), Vec<Diagnostic>> {
    let identity = qr_payload(plan, student, moment);
    let mut view =
        view(plan, env, student, moment, true, QR_PATTERN.into()).map_err(|d| vec![d])?;
    let json = |v: &FormView| {
        serde_json::to_vec(v).map_err(|e| vec![Diagnostic::internal(e.to_string())])
    };
    let data = json(&view)?;
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/observatie/{}", form_id(plan, student, moment)),
        date: env.date,
    };
    let files = view::qr_files(plan, student, moment, QR_PATTERN);
    let typeset = env.engine.typeset("form.typ", data, files, &settings, evict)?;
    let pdf =
        fields::add_fields(&typeset.pdf, &typeset.fields, &identity).map_err(|e| {
            vec![Diagnostic::internal(format!("cannot add form fields: {e}"))]
        })?;
    // A designer compiles the view model with one QR code (see `--emit-data`).
    view.qr = QR_DESIGN.into();
    Ok((pdf, json(&view)?))
}

/// What the blank form is typeset from (template, data, files), for a preview that
/// typesets only what changed (`meetlat serve`).
///
/// # Errors
/// The form's problems.
pub fn preview_input(
    plan: &Plan,
    env: &RenderEnv,
) -> Result<crate::typst_world::Input, Vec<Diagnostic>> {
    let moment = Moment::Eind;
    let view =
        view(plan, env, None, moment, true, QR_PATTERN.into()).map_err(|d| vec![d])?;
    let data = serde_json::to_vec(&view)
        .map_err(|e| vec![Diagnostic::internal(e.to_string())])?;
    let files = view::qr_files(plan, None, moment, QR_PATTERN);
    Ok(crate::typst_world::Input { template: "form.typ", data, files })
}

/// Render the forms.
///
/// # Errors
/// Every form's problems, together.
pub fn render(
    plan: &Plan,
    env: &RenderEnv,
    options: &FormOptions,
) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
    let students: Vec<Option<&Student>> =
        if options.blank { vec![None] } else { plan.students.iter().map(Some).collect() };
    let mut names = Vec::new();
    let mut problems = Vec::new();
    for s in &students {
        match file_name(plan, *s, options.moment) {
            Ok(n) => names.push(n),
            Err(d) => problems.push(d),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for n in &names {
        if !seen.insert(n.to_lowercase()) {
            problems.push(
                Diagnostic::error(format!(
                    "two forms would get the same file name `{n}`"
                ))
                .hint("include `{{ student.number }}` in `forms.file_name`"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let total = students.len();
    let progress = super::batch::Progress::new(
        options.progress,
        total,
        crate::words::progress_forms(plan.course.language),
    );
    let tick = || progress.tick();
    // Each PDF is kept (on disk, in a large batch) as soon as it is made, so memory does
    // not grow with the number of students.
    let stage = |i: usize, pdf: Vec<u8>| {
        env.staging
            .keep(names[i].clone().into(), pdf)
            .map_err(|e| vec![Diagnostic::internal(e)])
    };
    // A batch shares one typeset body and gets the students' parts stamped on; this
    // falls back to typesetting each form when that cannot be done.
    let fast = if options.blank || total < 2 {
        None
    } else {
        let students: Vec<&Student> = students.iter().flatten().copied().collect();
        let moment = options.moment;
        let make_view =
            |i: usize| view(plan, env, Some(students[i]), moment, true, QR_DESIGN.into());
        match batch::render(plan, env, &students, options, &make_view, &tick, &stage) {
            Ok(made) => Some(made),
            Err(why) => {
                if std::env::var_os(DEBUG_VAR).is_some() {
                    eprintln!("debug: observation forms typeset one by one: {why}");
                }
                None
            }
        }
    };
    let (results, mut print_file) = match fast {
        Some(made) => made,
        None => {
            progress.restart();
            (render_each(plan, env, &students, options.moment, &tick, &stage), None)
        }
    };
    typst::comemo::evict(0);
    drop(progress);
    let mut artifacts = Vec::new();
    for ((name, result), student) in names.iter().zip(results).zip(&students) {
        match result {
            Ok((pdf, data)) => {
                if options.emit_data {
                    // The view model and the QR code it names (`/qr-0.svg`, the code of
                    // page 1), so the plain `typst` program can compile the template
                    // with them.
                    let stem = name.trim_end_matches(".pdf");
                    artifacts.push(Artifact::new(format!("{stem}.json"), data));
                    let qr = qr_svg(&view::page_code(plan, *student, options.moment, 1));
                    artifacts.push(Artifact::new(format!("{stem}.qr.svg"), qr));
                }
                artifacts.push(pdf);
            }
            // The same template error would be reported once per form.
            Err(d) => {
                for d in d {
                    if !problems.contains(&d) {
                        problems.push(d);
                    }
                }
            }
        }
    }
    if options.combined && !options.blank {
        match print_file.take().map_or_else(|| combined(plan, env, options.moment), Ok) {
            Ok(pdf) => artifacts.push(Artifact::new(
                crate::names::print_file(plan, options.moment.word(plan.course.language)),
                pdf,
            )),
            Err(d) => problems.extend(d),
        }
    }
    if problems.is_empty() { Ok(artifacts) } else { Err(problems) }
}

/// Typeset each form on its own (the blank form, and the fallback of a batch).
fn render_each(
    plan: &Plan,
    env: &RenderEnv,
    students: &[Option<&Student>],
    moment: Moment,
    tick: &(dyn Fn() + Sync),
    stage: &StageFile<'_>,
) -> Vec<FormResult> {
    crate::render::batch::in_parallel(
        students,
        |i, student| {
            let (pdf, data) =
                render_one(plan, env, *student, moment, (i + 1).is_multiple_of(4))?;
            Ok((stage(i, pdf)?, data))
        },
        |_| tick(),
    )
    .into_iter()
    .map(|r| {
        r.unwrap_or_else(|| {
            Err(vec![Diagnostic::internal(
                "a form was not made (a worker thread failed)",
            )])
        })
    })
    .collect()
}

/// All forms in one print file (no form fields).
fn combined(
    plan: &Plan,
    env: &RenderEnv,
    moment: Moment,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut forms = Vec::new();
    let mut files = Vec::new();
    for (i, s) in plan.students.iter().enumerate() {
        let pattern = format!("/qr-{i}-{{page}}.svg");
        files.extend(view::qr_files(plan, Some(s), moment, &pattern));
        forms
            .push(view(plan, env, Some(s), moment, false, pattern).map_err(|d| vec![d])?);
    }
    #[derive(Serialize)]
    struct Combined {
        forms: Vec<FormView>,
    }
    let data = serde_json::to_vec(&Combined { forms })
        .map_err(|e| vec![Diagnostic::internal(e.to_string())])?;
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/observatie/{}/alle/{}", plan.course.code, moment.id()),
        date: env.date,
    };
    env.engine.typeset("forms-combined.typ", data, files, &settings, true).map(|t| t.pdf)
}

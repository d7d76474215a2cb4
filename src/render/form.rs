//! Observation forms for internship supervisors: one per student (A4 portrait), printable
//! and fillable on screen (AcroForm fields over the drawn boxes), a blank form, and one
//! combined PDF of all forms for printing. Forms are typeset in parallel.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::acroform;
use crate::diag::Diagnostic;
use crate::model::{Language, Student};
use crate::render::{Artifact, Common, RenderEnv, safe_file_name};
use crate::resolve::Plan;
use crate::text::{self, StudentContext, TextContext};
use crate::typst_world::{PdfProfile, PdfSettings};
use crate::words::labels;

/// When the supervisor observes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moment {
    /// Midway (tussentijds).
    Tussentijds,
    /// At the end (eindbeoordeling).
    #[default]
    Eind,
}

impl Moment {
    /// The id used in form ids and QR codes.
    pub fn id(self) -> &'static str {
        match self {
            Moment::Tussentijds => "tussentijds",
            Moment::Eind => "eind",
        }
    }

    fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Moment::Tussentijds, Language::Nl) => "tussentijdse beoordeling",
            (Moment::Eind, Language::Nl) => "eindbeoordeling",
            (Moment::Tussentijds, Language::En) => "midway assessment",
            (Moment::Eind, Language::En) => "final assessment",
        }
    }
}

/// What to make.
#[derive(Debug, Clone, Default)]
pub struct FormOptions {
    /// The moment the forms are for.
    pub moment: Moment,
    /// One blank form instead of one per student.
    pub blank: bool,
    /// Also one PDF with all forms, for printing (not with `blank`: [`crate::build`]
    /// refuses the pair).
    pub combined: bool,
    /// Write each form's JSON view model beside its PDF.
    pub emit_data: bool,
    /// Show progress on a terminal.
    pub progress: bool,
}

/// Everything one form prints.
#[derive(Debug, Serialize)]
pub struct FormView {
    /// Language, labels, metadata, course, framework and fingerprint.
    #[serde(flatten)]
    pub common: Common,
    /// The student; `None` on a blank form.
    pub student: Option<StudentView>,
    /// The moment, as words.
    pub moment: String,
    /// Form id, also in the QR code.
    pub form_id: String,
    /// Virtual path of the QR code image.
    pub qr: String,
    /// Instructions from the course file, placeholders filled in.
    pub instructions: String,
    /// Level labels, lowest first.
    pub levels: Vec<String>,
    /// Level ids (the values of the tick boxes).
    pub level_ids: Vec<String>,
    /// The generic descriptor of each level, so the supervisor knows what a level means.
    pub level_descriptors: Vec<String>,
    /// The outcomes with their indicators.
    pub outcomes: Vec<FormOutcome>,
    /// Whether form fields are added.
    pub fillable: bool,
}

/// The student on a form.
#[derive(Debug, Serialize)]
pub struct StudentView {
    /// Full name.
    pub name: String,
    /// Student number.
    pub number: String,
}

/// An outcome on the form.
#[derive(Debug, Serialize)]
pub struct FormOutcome {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Indicators.
    pub indicators: Vec<FormIndicator>,
    /// Field name of the examples area, e.g. `LU3.voorbeelden`.
    pub examples_field: String,
}

/// An indicator row.
#[derive(Debug, Serialize)]
pub struct FormIndicator {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Field name of its radio group, e.g. `LU3.G12`.
    pub field: String,
    /// The levels this indicator describes in its own words (the course's `descriptors`,
    /// as the rubric prints them), lowest first; empty when it uses the general meanings.
    pub descriptors: Vec<LevelDescriptor>,
}

/// An indicator's own description of a level.
#[derive(Debug, Serialize)]
pub struct LevelDescriptor {
    /// The level's label, e.g. `Goed`.
    pub level: String,
    /// The description.
    pub text: String,
}

/// The text a QR code on the form encodes.
pub fn qr_payload(plan: &Plan, student: Option<&Student>, moment: Moment) -> String {
    format!(
        "meetlat:observatie;cursus={};student={};moment={};vingerafdruk={}",
        plan.course.code,
        student.map_or("-", |s| s.number.as_str()),
        moment.id(),
        plan.fingerprint
    )
}

/// The form id printed on every page, e.g. `SW3-STAGE-OW/5012345/eind`.
fn form_id(plan: &Plan, student: Option<&Student>, moment: Moment) -> String {
    format!(
        "{}/{}/{}",
        plan.course.code,
        student.map_or("blanco", |s| s.number.as_str()),
        moment.id()
    )
}

/// The QR code of `payload` as SVG.
pub(crate) fn qr_svg(payload: &str) -> Vec<u8> {
    match qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(120, 120)
            .quiet_zone(true)
            .build()
            .into_bytes(),
        Err(_) => {
            b"<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>".to_vec()
        }
    }
}

/// The context for placeholders in the course's texts.
fn text_context<'a>(plan: &'a Plan, student: Option<&Student>) -> TextContext<'a> {
    let f = &plan.framework;
    TextContext::new(
        &plan.course,
        (&f.id, &f.version, &f.title),
        student.map(StudentContext::from).unwrap_or_default(),
    )
}

/// Build one form's view model.
///
/// # Errors
/// A placeholder that cannot be filled in.
pub fn view(
    plan: &Plan,
    env: &RenderEnv,
    student: Option<&Student>,
    moment: Moment,
    fillable: bool,
    qr: String,
) -> Result<FormView, Diagnostic> {
    let lang = plan.course.language;
    let l = labels(lang);
    let ctx = text_context(plan, student);
    // On a blank form, a student placeholder becomes a line to write on.
    let instructions = if student.is_some() {
        text::render(&plan.course.forms.instructions, &ctx)
    } else {
        let blank = TextContext {
            student: StudentContext {
                first_name: "de student".into(),
                name: "de student".into(),
                ..StudentContext::default()
            },
            ..ctx
        };
        text::render(&plan.course.forms.instructions, &blank)
    }
    .map_err(|e| {
        Diagnostic::error(format!("cannot fill in the form instructions: {e}"))
    })?;
    Ok(FormView {
        common: Common::new(plan, env.date, l.observation_form, "observatieformulier"),
        student: student
            .map(|s| StudentView { name: s.full_name(), number: s.number.clone() }),
        moment: moment.label(lang).to_owned(),
        form_id: form_id(plan, student, moment),
        qr,
        instructions,
        levels: plan.levels.iter().map(|lv| lv.label.clone()).collect(),
        level_ids: plan.levels.iter().map(|lv| acroform::option_name(&lv.id)).collect(),
        level_descriptors: plan.levels.iter().map(|lv| lv.descriptor.clone()).collect(),
        outcomes: plan
            .outcomes
            .iter()
            .map(|o| FormOutcome {
                id: o.id.clone(),
                title: o.title.trim_end_matches('.').to_owned(),
                indicators: o
                    .indicators
                    .iter()
                    .map(|i| FormIndicator {
                        id: i.id.clone(),
                        text: i.text.clone(),
                        field: format!("{}.{}", o.id, i.id),
                        // As the rubric decides what it prints as the indicator's own text.
                        descriptors: i
                            .descriptors
                            .iter()
                            .zip(&plan.levels)
                            .filter(|(d, lv)| **d != lv.descriptor)
                            .map(|(d, lv)| LevelDescriptor {
                                level: lv.label.clone(),
                                text: d.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
                examples_field: format!("{}.voorbeelden", o.id),
            })
            .collect(),
        fillable,
    })
}

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
        return Ok(format!(
            "{}-blanco-{}-observatie.pdf",
            safe_file_name(&plan.course.code),
            moment.id()
        ));
    };
    let name =
        text::render(&plan.course.forms.file_name, &text_context(plan, Some(student)))
            .map_err(|e| {
                Diagnostic::error(format!("cannot make the form's file name: {e}"))
            })?;
    let mut name = safe_file_name(&name.replace(['/', '\\'], "_"));
    if !name.to_lowercase().ends_with(".pdf") {
        name.push_str(".pdf");
    }
    Ok(name)
}

/// Typeset one fillable form.
fn render_one(
    plan: &Plan,
    env: &RenderEnv,
    student: Option<&Student>,
    moment: Moment,
    evict: bool,
) -> Result<(Vec<u8>, Vec<u8>), Vec<Diagnostic>> {
    let qr = qr_svg(&qr_payload(plan, student, moment));
    let view = view(plan, env, student, moment, true, "/qr-0.svg".into())
        .map_err(|d| vec![d])?;
    let data =
        serde_json::to_vec(&view).map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/observatie/{}", form_id(plan, student, moment)),
        date: env.date,
    };
    let typeset = env.engine.typeset(
        "form.typ",
        data.clone(),
        vec![("/qr-0.svg".into(), qr)],
        &settings,
        evict,
    )?;
    let pdf = acroform::add_fields(&typeset.pdf, &typeset.fields)
        .map_err(|e| vec![Diagnostic::error(format!("cannot add form fields: {e}"))])?;
    Ok((pdf, data))
}

/// A form's PDF (kept in memory or staged on disk) and its JSON data, or its problems.
pub(crate) type FormResult = Result<(Artifact, Vec<u8>), Vec<Diagnostic>>;

/// Keeps form `i`'s PDF until everything rendered (see [`crate::output::Staging`]).
pub(crate) type Keep<'a> =
    dyn Fn(usize, Vec<u8>) -> Result<Artifact, Vec<Diagnostic>> + Sync + 'a;

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
    let done = AtomicUsize::new(0);
    let show = options.progress && std::io::stderr().is_terminal();
    let tick = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if show {
            progress(n, total);
        }
    };
    // Each PDF is kept (on disk, in a large batch) as soon as it is made, so memory does
    // not grow with the number of students.
    let keep = |i: usize, pdf: Vec<u8>| {
        env.staging
            .keep(names[i].clone().into(), pdf)
            .map_err(|e| vec![Diagnostic::error(e)])
    };
    // A batch shares one typeset body and gets the students' parts stamped on; this
    // falls back to typesetting each form when that cannot be done.
    let fast = if options.blank || total < 2 {
        None
    } else {
        let students: Vec<&Student> = students.iter().flatten().copied().collect();
        let moment = options.moment;
        let make_view = |i: usize| {
            view(plan, env, Some(students[i]), moment, true, "/qr-0.svg".into()).ok()
        };
        super::form_fast::render(plan, env, &students, options, &make_view, &tick, &keep)
    };
    let (results, mut print_file) = match fast {
        Some(made) => made,
        None => {
            done.store(0, Ordering::Relaxed);
            (render_each(plan, env, &students, options.moment, &tick, &keep), None)
        }
    };
    typst::comemo::evict(0);
    if show {
        eprintln!();
    }
    let mut artifacts = Vec::new();
    for ((name, result), student) in names.iter().zip(results).zip(&students) {
        match result {
            Ok((pdf, data)) => {
                if options.emit_data {
                    // The view model and the QR code it names (`/qr-0.svg`), so the plain
                    // `typst` program can compile the template with them.
                    let stem = name.trim_end_matches(".pdf");
                    artifacts.push(Artifact::new(format!("{stem}.json"), data));
                    let qr = qr_svg(&qr_payload(plan, *student, options.moment));
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
                format!(
                    "{}-observatieformulieren-{}.pdf",
                    safe_file_name(&plan.course.code),
                    options.moment.id()
                ),
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
    keep: &Keep<'_>,
) -> Vec<FormResult> {
    super::batch::in_parallel(
        students,
        |i, student| {
            let (pdf, data) =
                render_one(plan, env, *student, moment, (i + 1).is_multiple_of(4))?;
            Ok((keep(i, pdf)?, data))
        },
        |_| tick(),
    )
    .into_iter()
    .map(|r| {
        r.unwrap_or_else(|| {
            Err(vec![Diagnostic::error("a form was not made (a worker thread failed)")])
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
        let path = format!("/qr-{i}.svg");
        files.push((path.clone(), qr_svg(&qr_payload(plan, Some(s), moment))));
        forms.push(view(plan, env, Some(s), moment, false, path).map_err(|d| vec![d])?);
    }
    #[derive(Serialize)]
    struct Combined {
        forms: Vec<FormView>,
    }
    let data = serde_json::to_vec(&Combined { forms })
        .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let settings = PdfSettings {
        profile: PdfProfile::Plain,
        tagged: true,
        ident: format!("meetlat/observatie/{}/alle/{}", plan.course.code, moment.id()),
        date: env.date,
    };
    env.engine.typeset("forms-combined.typ", data, files, &settings, true).map(|t| t.pdf)
}

/// A one-line progress bar on stderr.
fn progress(done: usize, total: usize) {
    let width = 30;
    let filled = done * width / total.max(1);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{total} observatieformulieren",
        "#".repeat(filled),
        " ".repeat(width - filled)
    );
    let _ = err.flush();
}

//! The observation form's view model (what one form prints), its id and QR code, and the
//! vocabulary the one-by-one and batch paths share (stage: render).

use serde::Serialize;

use super::fields;
use crate::diag::Diagnostic;
use crate::model::{Language, Student};
use crate::render::{Artifact, Common, RenderEnv};
use crate::resolve::Plan;
use crate::text::{self, StudentContext, TextContext};
use crate::words::labels;

/// When the supervisor observes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moment {
    /// Midway (tussentijds).
    Tussentijds,
    /// At the end (eindobservatie).
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

    /// The moment of an id (see [`Moment::id`]).
    pub fn from_id(id: &str) -> Option<Moment> {
        match id {
            "tussentijds" => Some(Moment::Tussentijds),
            "eind" => Some(Moment::Eind),
            _ => None,
        }
    }

    /// The moment in file names and the printed form id: `eind` / `final`.
    pub fn word(self, lang: Language) -> &'static str {
        let w = crate::words::file_words(lang);
        match self {
            Moment::Tussentijds => w.midway_moment,
            Moment::Eind => w.final_moment,
        }
    }

    /// The moment as the form names it: an observation, which advises; the examiners
    /// assess.
    fn label(self, lang: Language) -> &'static str {
        let v = crate::words::vocabulary(lang);
        match self {
            Moment::Tussentijds => v.midway_observation,
            Moment::Eind => v.final_observation,
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
    /// Virtual path of the QR code images: `{page}` stands for the page number (one
    /// code per page, [`page_code`]); without it, one image for every page.
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

/// The form's identity as its hidden field and document information carry it (see
/// [`super::IDENTITY_FIELD`]); read back by [`FormIdentity::parse`]. The QR code of each
/// page carries the shorter [`page_code`].
pub fn qr_payload(plan: &Plan, student: Option<&Student>, moment: Moment) -> String {
    format!(
        "meetlat:observatie;cursus={};student={};moment={};vingerafdruk={}",
        plan.course.code,
        student.map_or("-", |s| s.number.as_str()),
        moment.id(),
        plan.fingerprint
    )
}

/// The start of a [`page_code`].
const PAGE_CODE_PREFIX: &str = "ML1";

/// The text of the QR code on page `page` (from 1) of a form: short, so that the code
/// has few, large modules that a noisy 150 dpi scan still decodes, e.g.
/// `ML1|SW3-STAGE-OW|5012345|E|033D8B4DACC4|2` (course, student or `-`, moment `E` or
/// `T`, fingerprint, page). Upper case where it can be: a QR code stores upper-case
/// letters, digits and `-` in fewer bits. Read back by [`PageCode::parse`].
pub fn page_code(
    plan: &Plan,
    student: Option<&Student>,
    moment: Moment,
    page: usize,
) -> String {
    let moment = match moment {
        Moment::Tussentijds => "T",
        Moment::Eind => "E",
    };
    format!(
        "{PAGE_CODE_PREFIX}|{}|{}|{moment}|{}|{page}",
        plan.course.code,
        student.map_or("-", |s| s.number.as_str()),
        plan.fingerprint.to_uppercase()
    )
}

/// What the QR code of one page says: whose form, and which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCode {
    /// The form.
    pub form: FormIdentity,
    /// The page, from 1.
    pub page: usize,
}

impl PageCode {
    /// Read a [`page_code`]; `None` when `text` is not one.
    pub fn parse(text: &str) -> Option<PageCode> {
        let rest = text.trim().strip_prefix(PAGE_CODE_PREFIX)?.strip_prefix('|')?;
        // Course codes have no `|`; a student number might: the fixed parts are taken
        // from both ends.
        let (course, rest) = rest.split_once('|')?;
        let (rest, page) = rest.rsplit_once('|')?;
        let (rest, fingerprint) = rest.rsplit_once('|')?;
        let (student, moment) = rest.rsplit_once('|')?;
        let moment = match moment {
            "T" => Moment::Tussentijds,
            "E" => Moment::Eind,
            _ => return None,
        };
        let page: usize = page.parse().ok().filter(|p| *p >= 1)?;
        Some(PageCode {
            form: FormIdentity {
                course: course.to_owned(),
                student: (student != "-").then(|| student.to_owned()),
                moment: moment.id().to_owned(),
                fingerprint: fingerprint.to_lowercase(),
            },
            page,
        })
    }
}

/// The most pages a form can have, for the QR codes made before it is typeset: more than
/// any layout of `plan` needs (an indicator row takes far more than a twelfth of a page).
pub(super) fn max_pages(plan: &Plan) -> usize {
    let rows: usize = plan.outcomes.iter().map(|o| o.indicators.len() + 4).sum();
    8 + rows
}

/// The QR code images of every page a form of `student` may have, at `pattern` with
/// `{page}` replaced by the page number (as the template names them).
pub(super) fn qr_files(
    plan: &Plan,
    student: Option<&Student>,
    moment: Moment,
    pattern: &str,
) -> Vec<(String, Vec<u8>)> {
    (1..=max_pages(plan))
        .map(|p| {
            (
                pattern.replace("{page}", &p.to_string()),
                qr_svg(&page_code(plan, student, moment, p)),
            )
        })
        .collect()
}

/// What a form says about itself: the parts of its identity ([`qr_payload`], or a
/// page's [`page_code`]), which the form also carries in a hidden field
/// ([`super::IDENTITY_FIELD`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormIdentity {
    /// The course code.
    pub course: String,
    /// The student number; `None` on a blank form.
    pub student: Option<String>,
    /// The moment's id (`eind`, `tussentijds`; another text on a form of a later
    /// version).
    pub moment: String,
    /// The content fingerprint of the course the form was made for.
    pub fingerprint: String,
}

impl FormIdentity {
    /// Read a form's identity ([`qr_payload`] or a [`page_code`]); `None` when `payload`
    /// is neither.
    pub fn parse(payload: &str) -> Option<FormIdentity> {
        if let Some(code) = PageCode::parse(payload) {
            return Some(code.form);
        }
        let rest = payload.trim().strip_prefix("meetlat:observatie;cursus=")?;
        let (rest, fingerprint) = rest.rsplit_once(";vingerafdruk=")?;
        let (rest, moment) = rest.rsplit_once(";moment=")?;
        let (course, student) = rest.split_once(";student=")?;
        Some(FormIdentity {
            course: course.to_owned(),
            student: (student != "-").then(|| student.to_owned()),
            moment: moment.to_owned(),
            fingerprint: fingerprint.to_owned(),
        })
    }
}

/// The form id printed on every page, e.g. `SW3-STAGE-OW/5012345/eind`.
pub(super) fn form_id(plan: &Plan, student: Option<&Student>, moment: Moment) -> String {
    let lang = plan.course.language;
    format!(
        "{}/{}/{}",
        plan.course.code,
        student.map_or(crate::words::file_words(lang).blank, |s| s.number.as_str()),
        moment.word(lang)
    )
}

/// Modules of quiet zone drawn around a QR code: two (not the four of the standard)
/// make the modules larger in the same space; the page around the code is blank anyway.
pub(super) const QR_QUIET: usize = 2;

/// The modules of the QR code of `payload` (error correction M, up to 15% damaged):
/// its width in modules and, row by row from the top, whether each is dark.
pub(super) fn qr_modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    let code =
        qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M).ok()?;
    let colors = code.to_colors();
    Some((code.width(), colors.iter().map(|c| *c == qrcode::Color::Dark).collect()))
}

/// The dark modules of a QR code as runs: (column, row, length), rows from the top.
pub(super) fn qr_runs(width: usize, dark: &[bool]) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    for (row, line) in dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if line[x] {
                let start = x;
                while x < width && line[x] {
                    x += 1;
                }
                runs.push((start, row, x - start));
            } else {
                x += 1;
            }
        }
    }
    runs
}

/// The QR code of `payload` as SVG: a white square with the quiet zone
/// ([`QR_QUIET`]) and the dark modules as one path.
pub(super) fn qr_svg(payload: &str) -> Vec<u8> {
    let Some((width, dark)) = qr_modules(payload) else {
        return b"<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"
            .to_vec();
    };
    let n = width + 2 * QR_QUIET;
    let mut path = String::new();
    for (x, y, len) in qr_runs(width, &dark) {
        path.push_str(&format!("M{} {}h{len}v1h-{len}z", x + QR_QUIET, y + QR_QUIET));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" \
         width=\"{n}\" height=\"{n}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    )
    .into_bytes()
}

/// The context for placeholders in the course's texts.
pub(super) fn text_context<'a>(
    plan: &'a Plan,
    student: Option<&Student>,
) -> TextContext<'a> {
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
        text::render(&crate::words::form_instructions(plan), &ctx)
    } else {
        let blank = TextContext {
            student: StudentContext {
                first_name: l.blank_student.into(),
                name: l.blank_student.into(),
                ..StudentContext::default()
            },
            ..ctx
        };
        text::render(&crate::words::form_instructions(plan), &blank)
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
        level_ids: plan.levels.iter().map(|lv| fields::option_name(&lv.id)).collect(),
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
                examples_field: format!("{}.{}", o.id, crate::ids::EXAMPLES_FIELD),
            })
            .collect(),
        fillable,
    })
}

/// A form's PDF (kept in memory or staged on disk) and its JSON data, or its problems.
pub(super) type FormResult = Result<(Artifact, Vec<u8>), Vec<Diagnostic>>;

/// Stages form `i`'s PDF until everything is rendered (see [`crate::output::Staging`]).
pub(super) type StageFile<'a> =
    dyn Fn(usize, Vec<u8>) -> Result<Artifact, Vec<Diagnostic>> + Sync + 'a;

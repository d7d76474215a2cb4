//! The rubric of a course: criteria × performance levels, with descriptors, points and
//! weights (A4 landscape, PDF/A-2a + PDF/UA-1).

use serde::Serialize;

use crate::grade::format_decimal;
use crate::render::{Common, RenderEnv, pdf_settings};
use crate::resolve::Plan;
use crate::typst_world::PdfProfile;
use crate::words::labels;
use crate::words::numbers::{decimal_separator, display_title, number, percent};

/// Everything the rubric template prints, already ordered and worded.
#[derive(Debug, Serialize)]
pub struct RubricView {
    /// Language, labels, metadata, course, framework and fingerprint.
    #[serde(flatten)]
    pub common: Common,
    /// The scale.
    pub levels: Vec<LevelView>,
    /// One row per selected outcome for the overview on the cover.
    pub overview: Vec<OverviewRow>,
    /// The selected outcomes with their tables.
    pub outcomes: Vec<OutcomeView>,
    /// The scoring rules in plain words, one titled paragraph each.
    pub scoring: Vec<ScoringRule>,
    /// The grade when every indicator is at one level.
    pub examples: Vec<ExampleRow>,
    /// The heading of the examples' second column: the grade, or the result for a
    /// course without a grade.
    pub examples_heading: String,
}

/// A level of the scale.
#[derive(Debug, Serialize)]
pub struct LevelView {
    /// Label.
    pub label: String,
    /// Points, as text ("2 punten").
    pub points_text: String,
    /// Generic descriptor.
    pub descriptor: String,
}

/// A row of the outcome overview.
#[derive(Debug, Serialize)]
pub struct OverviewRow {
    /// Id, e.g. `LU3`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Number of selected indicators.
    pub indicators: usize,
    /// Weight as text, e.g. `2 (29%)`.
    pub weight_text: String,
}

/// An outcome with its table.
#[derive(Debug, Serialize)]
pub struct OutcomeView {
    /// Id.
    pub id: String,
    /// "Leeruitkomst 3 · Kerntaak 1".
    pub label: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// "KT1 Werken met …".
    pub core_task: String,
    /// "B02 Analyseren met betrokkenen (dienstverlening)", …
    pub competencies: Vec<String>,
    /// Weight as text.
    pub weight_text: String,
    /// One table row per indicator.
    pub indicators: Vec<IndicatorView>,
}

/// A table row.
#[derive(Debug, Serialize)]
pub struct IndicatorView {
    /// Id, e.g. `G12`.
    pub id: String,
    /// Indicator text.
    pub text: String,
    /// One cell per level.
    pub cells: Vec<CellView>,
}

/// A table cell.
#[derive(Debug, Serialize)]
pub struct CellView {
    /// The descriptor (indicator-specific or generic).
    pub descriptor: String,
    /// The level's points.
    pub points: i64,
    /// True when the descriptor is the level's generic one (printed muted).
    pub generic: bool,
}

pub use crate::words::ScoringRule;

/// "Every indicator at level X gives grade Y".
#[derive(Debug, Serialize)]
pub struct ExampleRow {
    /// Level label.
    pub level: String,
    /// Grade as text.
    pub grade: String,
}

/// Build the rubric's view model.
pub fn view(plan: &Plan, env: &RenderEnv) -> RubricView {
    let lang = plan.course.language;
    let l = labels(lang);
    let terms = crate::words::Terms::of(plan);
    let points_text =
        |p: i64| format!("{p}\u{a0}{}", if p == 1 { l.point } else { l.points_unit });
    let sep = decimal_separator(lang);
    let weight_text =
        |w: f64, share: f64| format!("{} ({})", number(w, sep), percent(share, sep));
    RubricView {
        common: Common::new(plan, env.date, l.rubric_title, "rubric"),
        levels: plan
            .levels
            .iter()
            .map(|lv| LevelView {
                label: lv.label.clone(),
                points_text: points_text(lv.points),
                descriptor: lv.descriptor.clone(),
            })
            .collect(),
        overview: plan
            .outcomes
            .iter()
            .map(|o| OverviewRow {
                id: o.id.clone(),
                title: display_title(&o.title),
                indicators: o.indicators.len(),
                weight_text: weight_text(o.weight, o.weight_share),
            })
            .collect(),
        outcomes: plan
            .outcomes
            .iter()
            .map(|o| OutcomeView {
                id: o.id.clone(),
                label: match &o.core_task {
                    Some(_) => format!(
                        "{} {} · {} {}",
                        terms.apply(l.outcome),
                        o.number,
                        terms.apply(l.core_task),
                        o.core_task_number
                    ),
                    None => format!("{} {}", terms.apply(l.outcome), o.number),
                },
                title: display_title(&o.title),
                description: o.description.clone(),
                core_task: o
                    .core_task
                    .as_ref()
                    .map(|k| format!("{} {}", k.id, k.title))
                    .unwrap_or_default(),
                competencies: o
                    .competencies
                    .iter()
                    .map(|c| match &c.generic {
                        Some(g) => format!("{}\u{a0}{} ({g})", c.id, c.title),
                        None => format!("{}\u{a0}{}", c.id, c.title),
                    })
                    .collect(),
                weight_text: weight_text(o.weight, o.weight_share),
                indicators: o
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        id: i.id.clone(),
                        text: i.text.clone(),
                        cells: i
                            .descriptors
                            .iter()
                            .zip(&plan.levels)
                            .map(|(d, lv)| CellView {
                                descriptor: d.clone(),
                                points: lv.points,
                                generic: *d == lv.descriptor,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        scoring: crate::words::scoring_rules(plan),
        examples: uniform_examples(plan),
        examples_heading: if plan.rules.graded {
            l.grade
        } else {
            crate::words::report_labels(lang).result
        }
        .to_owned(),
    }
}

/// Render the rubric to PDF bytes.
///
/// # Errors
/// Template errors as diagnostics.
pub fn render(plan: &Plan, env: &RenderEnv) -> Result<Vec<u8>, Vec<crate::Diagnostic>> {
    let data = serde_json::to_vec(&view(plan, env))
        .map_err(|e| vec![crate::Diagnostic::internal(e.to_string())])?;
    let settings = pdf_settings(plan, env, PdfProfile::Archival, "rubric");
    env.engine.pdf("rubric.typ", data, &settings)
}

/// What the rubric is typeset from (template, data, files), for a preview that
/// typesets only what changed (`meetlat serve`).
///
/// # Errors
/// The view model cannot be written (a bug).
pub fn preview_input(
    plan: &Plan,
    env: &RenderEnv,
) -> Result<crate::typst_world::Input, Vec<crate::Diagnostic>> {
    let data = serde_json::to_vec(&view(plan, env))
        .map_err(|e| vec![crate::Diagnostic::internal(e.to_string())])?;
    Ok(crate::typst_world::Input { template: "rubric.typ", data, files: Vec::new() })
}

/// The grade when every indicator of every outcome is at each level in turn.
fn uniform_examples(plan: &Plan) -> Vec<ExampleRow> {
    let sep = decimal_separator(plan.course.language);
    (0..plan.levels.len())
        .map(|level| {
            let levels: Vec<Vec<Option<usize>>> = plan
                .outcomes
                .iter()
                .map(|o| vec![Some(level); o.indicators.len()])
                .collect();
            let g = plan.grade(&levels);
            ExampleRow {
                level: plan.levels[level].label.clone(),
                grade: match &g.grade {
                    Some(g) => format_decimal(g, 1, sep),
                    None if !plan.rules.graded => {
                        crate::words::result_text(plan.course.language, g.verdict)
                    }
                    None => String::new(),
                },
            }
        })
        .collect()
}

//! The rubric of a course: criteria × performance levels, with descriptors, points and
//! weights (A4 landscape, PDF/A-2a + PDF/UA-1).

use serde::Serialize;

use crate::grade::format_decimal;
use crate::labels::labels;
use crate::model::{Language, Rounding};
use crate::render::{Common, RenderEnv, pdf_settings};
use crate::resolve::Plan;
use crate::typst_world::PdfProfile;

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

/// One rule of the scoring explanation.
#[derive(Debug, Serialize)]
pub struct ScoringRule {
    /// Short title, e.g. "Cesuur".
    pub title: String,
    /// The rule in a few sentences.
    pub text: String,
}

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
                label: format!(
                    "{} {} · {} {}",
                    l.outcome,
                    o.number,
                    l.core_task,
                    o.core_task.id.trim_start_matches("KT")
                ),
                title: display_title(&o.title),
                description: o.description.clone(),
                core_task: format!("{} {}", o.core_task.id, o.core_task.title),
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
        scoring: scoring_text(plan)
            .into_iter()
            .map(|p| {
                let (title, text) = p.split_once(". ").unwrap_or(("", &p));
                ScoringRule { title: title.to_owned(), text: text.to_owned() }
            })
            .collect(),
        examples: uniform_examples(plan),
    }
}

/// Render the rubric to PDF bytes.
///
/// # Errors
/// Template errors as diagnostics.
pub fn render(plan: &Plan, env: &RenderEnv) -> Result<Vec<u8>, Vec<crate::Diagnostic>> {
    let data = serde_json::to_vec(&view(plan, env))
        .map_err(|e| vec![crate::Diagnostic::error(e.to_string())])?;
    let settings = pdf_settings(plan, env, PdfProfile::Archival, "rubric");
    env.engine.pdf("rubric.typ", data, &settings)
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
                grade: g.grade.map_or_else(String::new, |g| format_decimal(&g, 1, sep)),
            }
        })
        .collect()
}

/// A title as printed in headings and tables: without a trailing full stop (the source
/// ends some outcome titles with one and others not).
pub(crate) fn display_title(title: &str) -> String {
    title.trim_end().trim_end_matches('.').to_owned()
}

/// A number as written: `2`, `2,5`.
fn number(x: f64, sep: char) -> String {
    format!("{x}").replace('.', &sep.to_string())
}

/// A share as a percentage with one decimal where needed: `25%`, `14,3%`.
pub fn percent(share: f64, sep: char) -> String {
    let tenths = (share * 1000.0).round() / 10.0;
    let text = if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    };
    format!("{}%", text.replace('.', &sep.to_string()))
}

/// `,` in Dutch, `.` in English.
pub fn decimal_separator(lang: Language) -> char {
    match lang {
        Language::Nl => ',',
        Language::En => '.',
    }
}

/// The scoring rules in words a student understands.
pub(crate) fn scoring_text(plan: &Plan) -> Vec<String> {
    let g = &plan.course.grading;
    let lang = plan.course.language;
    let sep = decimal_separator(lang);
    let num =
        |x: f64| format_decimal(&crate::grade::exact(x).unwrap_or_default(), 1, sep);
    let pass_label = plan
        .levels
        .iter()
        .find(|l| l.id == g.pass_level)
        .map_or(g.pass_level.clone(), |l| l.label.to_lowercase());
    let unit = |p: i64| match (lang, p) {
        (Language::Nl, 1) => "punt",
        (Language::Nl, _) => "punten",
        (Language::En, 1) => "point",
        (Language::En, _) => "points",
    };
    let lowest = plan.levels.first().map_or(String::new(), |l| l.label.to_lowercase());
    let highest = plan.levels.last().map_or(String::new(), |l| l.label.to_lowercase());
    let levels = plan
        .levels
        .iter()
        .map(|l| {
            format!("{} ({}\u{a0}{})", l.label.to_lowercase(), l.points, unit(l.points))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let weights = plan
        .outcomes
        .iter()
        .map(|o| format!("{}\u{a0}{}", o.id, percent(o.weight_share, sep)))
        .collect::<Vec<_>>()
        .join(", ");
    let share = percent(g.min_observed, sep);
    match lang {
        Language::Nl => {
            let mut p = vec![
                format!("Niveaus. Per gedragsindicator kiest de beoordelaar één niveau: {levels}."),
                "Niet geobserveerd. Kon de beoordelaar een gedragsindicator niet waarnemen, dan \
                 kiest de beoordelaar ‘niet geobserveerd’ (NG). Die indicator telt dan niet mee: \
                 niet in je punten en niet in het maximum."
                    .to_owned(),
                format!(
                    "Genoeg bewijs. Per leeruitkomst moet minstens {share} van de \
                     gedragsindicatoren geobserveerd zijn. Is dat bij een leeruitkomst niet zo, dan \
                     is de uitslag ‘onvoldoende bewijs’ en volgt er (nog) geen cijfer."
                ),
                format!(
                    "Score en weging. Per leeruitkomst wordt berekend welk deel van de punten \
                     boven het laagste niveau je hebt behaald. De eindscore is het gewogen \
                     gemiddelde van de leeruitkomsten: {weights}."
                ),
                format!(
                    "Cesuur. Sta je bij elke indicator op ‘{pass_label}’, dan haal je precies de \
                     cesuur: dat levert een {} op. Daaronder loopt het cijfer gelijkmatig af tot \
                     1,0 (alles ‘{lowest}’), daarboven gelijkmatig op tot 10,0 (alles ‘{highest}’).",
                    num(g.grade_at_cesuur)
                ),
                match g.rounding {
                    Rounding::EenDecimaal => "Afronding. Het cijfer wordt afgerond op één decimaal, \
                         half naar boven: 6,45 wordt 6,5 en 6,44 wordt 6,4."
                        .to_owned(),
                    Rounding::HalvePunten => "Afronding. Het cijfer wordt afgerond op hele of halve \
                         punten; een 5,5 wordt niet gegeven: onder 5,5 wordt het een 5, vanaf 5,5 \
                         een 6."
                        .to_owned(),
                    Rounding::HelePunten => "Afronding. Het cijfer wordt afgerond op hele punten, \
                         half naar boven: 6,5 wordt 7."
                        .to_owned(),
                },
            ];
            if g.knockout {
                p.push(format!(
                    "Knock-out. Elke leeruitkomst moet op zichzelf de cesuur halen. Haal je die bij \
                     één leeruitkomst niet, dan is het resultaat onvoldoende en is je cijfer \
                     hoogstens {}.",
                    num(g.knockout_cap)
                ));
            }
            p.push(format!(
                "Resultaat. Je resultaat is voldoende als je afgeronde cijfer {} of hoger is{}.",
                num(g.pass_grade),
                if g.knockout { " en er geen knock-out is" } else { "" }
            ));
            p
        }
        Language::En => {
            let mut p = vec![
                format!("Levels. For each behavioural indicator the assessor chooses one level: {levels}."),
                "Not observed. If the assessor could not observe an indicator, they choose ‘not \
                 observed’ (NG, niet geobserveerd). That indicator then does not count: not in \
                 your points and not in the maximum."
                    .to_owned(),
                format!(
                    "Sufficient evidence. For each learning outcome at least {share} of its indicators \
                     must be observed. Otherwise the result is ‘insufficient evidence’ and no grade \
                     is given (yet)."
                ),
                format!(
                    "Score and weights. For each learning outcome we count your points above the \
                     lowest level, compared with the highest possible. The final score is the \
                     weighted mean of the outcomes: {weights}."
                ),
                format!(
                    "Cut score. If every indicator is at ‘{pass_label}’, you reach exactly the cut \
                     score: that gives a {}. Below it the grade falls evenly to 1.0 (all \
                     ‘{lowest}’), above it it rises evenly to 10.0 (all ‘{highest}’).",
                    num(g.grade_at_cesuur)
                ),
                match g.rounding {
                    Rounding::EenDecimaal => "Rounding. The grade is rounded to one decimal, half \
                         up: 6.45 becomes 6.5 and 6.44 becomes 6.4."
                        .to_owned(),
                    Rounding::HalvePunten => "Rounding. The grade is rounded to whole or half \
                         points; a 5.5 is never given: below 5.5 it becomes 5, from 5.5 it becomes 6."
                        .to_owned(),
                    Rounding::HelePunten => "Rounding. The grade is rounded to whole points, half \
                         up: 6.5 becomes 7."
                        .to_owned(),
                },
            ];
            if g.knockout {
                p.push(format!(
                    "Knock-out. Every learning outcome must reach the cut score on its own. If one \
                     does not, the result is a fail and your grade is at most {}.",
                    num(g.knockout_cap)
                ));
            }
            p.push(format!(
                "Result. You pass with a rounded grade of {} or higher{}.",
                num(g.pass_grade),
                if g.knockout { " and no knock-out" } else { "" }
            ));
            p
        }
    }
}

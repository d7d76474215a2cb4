//! The final assessment report: one PDF per student (A4 portrait, PDF/A-2a + PDF/UA-1)
//! with every assessed indicator and its level, the outcome scores, the grade, the
//! result and the rule that decided it, the rules that applied, and signature blocks.
//! Student names are printed in the text only: file names and PDF metadata carry the
//! student number.

use serde::Serialize;

use crate::collect::matched::{Matched, Seen};
use crate::diag::Diagnostic;
use crate::grade::{Decision, GradeResult, Q, Verdict, format_decimal};
use crate::model::{Language, Student};
use crate::render::{Common, RenderEnv};
use crate::resolve::Plan;
use crate::typst_world::{PdfProfile, PdfSettings};
use crate::words::numbers::{decimal_separator, display_title, percent};
use crate::words::{labels, report_labels};

/// Everything one report prints.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// Language, labels, metadata, course, framework and fingerprint.
    #[serde(flatten)]
    pub common: Common,
    /// The report's own words.
    pub words: serde_json::Value,
    /// The student.
    pub student: StudentView,
    /// Per outcome: indicators with levels, score and verdict.
    pub outcomes: Vec<OutcomeResult>,
    /// The final result.
    pub result: FinalResult,
    /// The rules that applied, one titled paragraph each.
    pub rules: Vec<crate::render::rubric::ScoringRule>,
    /// Signature blocks: "Examinator 1" with the examiner's name (or empty).
    pub signatures: Vec<SignatureView>,
    /// The supervisor's observations (`report --observations`), else `None`.
    pub supervisor: Option<SupervisorView>,
    /// What the exam committee needs on file (the course's `assessment` block).
    pub exam: ExamView,
    /// The examiners' motivation from the sheet's `Toelichting` column, possibly empty.
    pub motivation: String,
}

/// The exam committee's part of a report; empty texts are left out.
#[derive(Debug, Serialize, Default)]
pub struct ExamView {
    /// Label–value pairs for the header: programme, EC, attempt, assessment date.
    pub facts: Vec<(String, String)>,
    /// "Vastgesteld door A en B op 29 januari 2027.", or empty without a date and names.
    pub decided: String,
    /// "Inzage en beroep".
    pub appeal_title: String,
    /// The appeal clause: the institution's, else meetlat's default.
    pub appeal: String,
    /// How long the assessment is kept, when the course says.
    pub retention: String,
}

/// The exam committee's part of `student`'s report.
fn exam_view(plan: &Plan, student: &Student) -> ExamView {
    let lang = plan.course.language;
    let w = crate::words::exam_words(lang);
    let a = plan.course.assessment.clone().unwrap_or_default();
    let date = |d: &Option<String>| {
        d.as_deref()
            .and_then(crate::clock::parse_date)
            .map(|d| crate::words::numbers::date_text(d, lang))
    };
    let mut facts = Vec::new();
    if let Some(p) = &a.programme {
        facts.push((w.programme.to_owned(), p.clone()));
    }
    if let Some(ec) = a.ec {
        let sep = decimal_separator(lang);
        facts.push((
            w.ec.to_owned(),
            w.ec_value.replace("{ec}", &crate::words::numbers::number(ec, sep)),
        ));
    }
    if let Some(attempt) = student.attempt.or(a.attempt) {
        let i = usize::from(attempt == crate::model::course::Attempt::Resit);
        facts.push((w.attempt.to_owned(), w.attempts[i].to_owned()));
    }
    if let Some(on) = date(&a.assessed_on) {
        facts.push((w.assessed_on.to_owned(), on));
    }
    let examiners = &plan.course.examiners;
    let names = crate::words::join_ids(examiners, lang);
    let decided = match (names.is_empty(), date(&a.decided_on)) {
        (true, _) => String::new(),
        (false, Some(d)) => w.decided.replace("{names}", &names).replace("{date}", &d),
        (false, None) => w.decided_no_date.replace("{names}", &names),
    };
    ExamView {
        facts,
        decided,
        appeal_title: w.appeal_title.to_owned(),
        appeal: a.appeal.unwrap_or_else(|| w.appeal_default.to_owned()),
        retention: a.retention.unwrap_or_default(),
    }
}

/// What the workplace supervisor returned, as the report prints it.
#[derive(Debug, Serialize)]
pub struct SupervisorView {
    /// The block's words.
    pub words: &'static crate::words::ObservationWords,
    /// Whether a form was received; else only `words.no_form_report` is printed.
    pub received: bool,
    /// The supervisor's name as written.
    pub name: String,
    /// The organisation as written.
    pub organisation: String,
    /// The date as written.
    pub date: String,
    /// The advice, in words.
    pub advice_text: String,
    /// The moment of the form, in words.
    pub moment_text: String,
    /// How many indicators the supervisor saw differently, in a sentence.
    pub differences_text: String,
}

/// The student as printed.
#[derive(Debug, Serialize)]
pub struct StudentView {
    /// Full name.
    pub name: String,
    /// Student number.
    pub number: String,
}

/// One outcome's result.
#[derive(Debug, Serialize)]
pub struct OutcomeResult {
    /// Id, e.g. `LU3`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight as text, e.g. `2 (29%)`.
    pub weight_text: String,
    /// Indicators with the level chosen.
    pub indicators: Vec<IndicatorResult>,
    /// "5 van 6".
    pub observed_text: String,
    /// Score in the rubric's points ("17 van 32 punten"), or "—" without enough evidence.
    pub score_text: String,
    /// "cesuur gehaald", "cesuur niet gehaald" or "onvoldoende bewijs".
    pub verdict_text: String,
    /// True when the outcome reached the cut score.
    pub reached: bool,
    /// The examiners' motivation for this outcome (sheet column `Toelichting LU1`),
    /// possibly empty.
    pub motivation: String,
}

/// An indicator with its level.
#[derive(Debug, Serialize)]
pub struct IndicatorResult {
    /// Id, e.g. `G12`.
    pub id: String,
    /// Text.
    pub text: String,
    /// Level label, or "niet geobserveerd".
    pub level: String,
    /// Points of the level, as text ("3"), empty when not observed.
    pub points: String,
    /// What the chosen level means for this indicator, where the framework or the course
    /// describes it in the indicator's own words (empty otherwise).
    pub descriptor: String,
    /// True when not observed.
    pub not_observed: bool,
    /// What the supervisor ticked, where it differs from the chosen level (a level
    /// label or "niet geobserveerd"); empty otherwise and without observations.
    pub supervisor: String,
}

/// The final result as printed.
#[derive(Debug, Serialize)]
pub struct FinalResult {
    /// Final score in the rubric's points (mean per indicator, weighted), or "—".
    pub score_text: String,
    /// What the final score is ("gemiddeld per indicator").
    pub score_note: String,
    /// The cut score in points ("2 punten").
    pub cesuur_text: String,
    /// What the cut score is: "alles voldoende".
    pub cesuur_note: String,
    /// The grade as given (rounded, capped), or "—".
    pub grade_text: String,
    /// The grade before rounding, three decimals, or "".
    pub unrounded_text: String,
    /// Its label: "Onafgerond cijfer", or "… (vóór de knock-out)".
    pub unrounded_label: String,
    /// "voldoende", "onvoldoende" or "onvoldoende bewijs".
    pub result_text: String,
    /// `voldoende`, `onvoldoende` or `incompleet`.
    pub verdict: Verdict,
    /// The rule that decided, in a sentence.
    pub decided_by_text: String,
}

/// A signature block.
#[derive(Debug, Serialize)]
pub struct SignatureView {
    /// "Examinator 1".
    pub role: String,
    /// The examiner's name, from the course file, or empty.
    pub name: String,
}

use crate::words::decided_by;
pub use crate::words::numbers::grade_text;
pub use crate::words::{reason_short, result_text};

/// Build one report's view model.
pub fn view(
    plan: &Plan,
    env: &RenderEnv,
    scores: &crate::sheet::read::StudentScores,
    g: &GradeResult,
    observations: Option<&Matched>,
) -> ReportView {
    let student = &scores.student;
    let levels = &scores.levels;
    let lang = plan.course.language;
    let l = labels(lang);
    let w = report_labels(lang);
    let sep = decimal_separator(lang);
    let of = match lang {
        Language::Nl => "van",
        Language::En => "of",
    };
    let mut common = Common::new(plan, env.date, w.report_title, "report");
    // No names in metadata: the title names the student by number.
    common.meta.title =
        format!("{} {} {}", w.report_title, plan.course.code, student.number);
    common.meta.description = format!(
        "{} {} {} ({}), {} {} {}",
        w.report_title,
        plan.course.code,
        plan.course.name,
        plan.course.academic_year,
        l.student_number.to_lowercase(),
        student.number,
        plan.fingerprint
    );
    let supervision = observations.and_then(|m| m.of_number(plan, &student.number));
    if let Some(m) = observations {
        // Which observations the report was made with: `verify` checks it.
        common
            .meta
            .keywords
            .push(format!("observations:{}", crate::hash::sha256(&m.bytes)));
    }
    let seen_text = |seen: Seen| match seen {
        Seen::Nothing => String::new(),
        Seen::NotObserved => l.not_observed.to_owned(),
        Seen::Level(i) => plan.levels[i].label.clone(),
    };
    let ew = crate::words::exam_words(lang);
    let top = plan.levels.last().map_or(0, |l| l.points);
    let pass = plan.levels.get(plan.rules.pass_level).map_or(0, |l| l.points);
    let outcomes = plan
        .outcomes
        .iter()
        .enumerate()
        .zip(levels)
        .zip(&g.outcomes)
        .map(|(((oi, o), chosen), og)| OutcomeResult {
            id: o.id.clone(),
            title: display_title(&o.title),
            weight_text: format!(
                "{} ({})",
                format!("{}", o.weight).replace('.', &sep.to_string()),
                percent(o.weight_share, sep)
            ),
            indicators: o
                .indicators
                .iter()
                .enumerate()
                .zip(chosen)
                .map(|((k, ind), level)| IndicatorResult {
                    id: ind.id.clone(),
                    text: ind.text.clone(),
                    level: level.map_or_else(
                        || l.not_observed.to_owned(),
                        |i| plan.levels[i].label.clone(),
                    ),
                    points: level
                        .map_or_else(String::new, |i| plan.levels[i].points.to_string()),
                    descriptor: level
                        .and_then(|i| {
                            let own = ind.descriptors.get(i)?;
                            (*own != plan.levels[i].descriptor).then(|| own.clone())
                        })
                        .unwrap_or_default(),
                    not_observed: level.is_none(),
                    supervisor: supervision
                        .and_then(|s| s.levels.get(oi)?.get(k).copied())
                        .filter(|seen| seen.differs_from(*level))
                        .map(seen_text)
                        .unwrap_or_default(),
                })
                .collect(),
            observed_text: format!("{} {of} {}", og.observed, og.total),
            // In the rubric's own points: the levels' points added up over the observed
            // indicators, the most they could give, and the cut score (every observed
            // indicator at the pass level). Reached exactly when grade.rs says so.
            score_text: match og.fraction {
                Some(_) => {
                    let points: i64 =
                        chosen.iter().flatten().map(|&i| plan.levels[i].points).sum();
                    ew.points_of
                        .replace("{p}", &points.to_string())
                        .replace("{max}", &(top * og.observed as i64).to_string())
                }
                None => "—".to_owned(),
            },
            verdict_text: {
                let cesuur = (pass * og.observed as i64).to_string();
                match og.reached_cesuur {
                    Some(true) => ew.reached.replace("{c}", &cesuur),
                    Some(false) => ew.not_reached.replace("{c}", &cesuur),
                    None => result_text(lang, Verdict::Incompleet),
                }
            },
            reached: og.reached_cesuur == Some(true),
            motivation: scores.outcome_motivations.get(oi).cloned().unwrap_or_default(),
        })
        .collect();
    // The final score in the rubric's own points: the weighted mean of the outcomes' mean
    // points per observed indicator (the same number as grade.rs's fraction, on the
    // points scale: lowest + fraction × span), to two decimals, rounded half up as the
    // sheet shows it. The cut score: the pass level's points.
    let mean_points = |f: &Q| {
        let p = plan.rules.in_points(f);
        let half = Q::new(1.into(), 2.into());
        let cut = (p * Q::from_integer(100.into()) + half).floor()
            / Q::from_integer(100.into());
        ew.mean_points.replace("{p}", &format_decimal(&cut, 2, sep))
    };
    let result = FinalResult {
        score_text: g.final_fraction.as_ref().map_or_else(|| "—".to_owned(), mean_points),
        score_note: if g.final_fraction.is_some() {
            ew.mean_points_note.to_owned()
        } else {
            String::new()
        },
        cesuur_text: crate::words::RuleFacts::new(plan)
            .pass_points
            .replace('\u{a0}', " "),
        // Empty for a course without a grade: the report leaves the grade out.
        grade_text: match &g.grade {
            Some(q) => grade_text(plan, q),
            None if !plan.rules.graded => String::new(),
            None => "—".to_owned(),
        },
        unrounded_text: g
            .raw_grade
            .as_ref()
            .map_or_else(String::new, |q| format_decimal(q, 3, sep)),
        cesuur_note: ew.cesuur_points_note.replace(
            "{pass}",
            &plan
                .levels
                .get(plan.rules.pass_level)
                .map_or(String::new(), |l| l.label.to_lowercase()),
        ),
        unrounded_label: match (g.decided_by, lang) {
            (Decision::KnockOut, Language::Nl) => {
                format!("{} (vóór de knock-out)", w.unrounded)
            }
            (Decision::KnockOut, Language::En) => {
                format!("{} (before the knock-out)", w.unrounded)
            }
            _ => w.unrounded.to_owned(),
        },
        result_text: result_text(lang, g.verdict),
        verdict: g.verdict,
        decided_by_text: decided_by(plan, g),
    };
    let examiners = &plan.course.examiners;
    let signatures = (0..examiners.len().max(2))
        .map(|i| SignatureView {
            role: match (examiners.get(i), lang) {
                (Some(_), _) => format!("{} {}", w.examiner, i + 1),
                (None, Language::Nl) => {
                    format!("{} {} (indien van toepassing)", w.examiner, i + 1)
                }
                (None, Language::En) => {
                    format!("{} {} (if applicable)", w.examiner, i + 1)
                }
            },
            name: examiners.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let supervisor = observations.map(|_| {
        let ow = crate::words::observation_words(lang);
        match supervision {
            None => SupervisorView {
                words: ow,
                received: false,
                name: String::new(),
                organisation: String::new(),
                date: String::new(),
                advice_text: String::new(),
                moment_text: String::new(),
                differences_text: String::new(),
            },
            Some(s) => {
                let total: usize = s.levels.iter().map(Vec::len).sum();
                let differ = s
                    .levels
                    .iter()
                    .flatten()
                    .zip(levels.iter().flatten())
                    .filter(|(seen, level)| seen.differs_from(**level))
                    .count();
                SupervisorView {
                    words: ow,
                    received: true,
                    name: s.form.supervisor.clone(),
                    organisation: s.form.organisation.clone(),
                    date: s.form.date.clone(),
                    advice_text: ow.advice_text(s.form.advice.as_deref()).to_owned(),
                    moment_text: ow.moment_text(&s.form.moment).to_owned(),
                    differences_text: if differ == 0 {
                        ow.no_differences.to_owned()
                    } else {
                        ow.differences
                            .replace("{n}", &differ.to_string())
                            .replace("{m}", &total.to_string())
                    },
                }
            }
        }
    });
    ReportView {
        motivation: scores.motivation.clone(),
        exam: exam_view(plan, student),
        supervisor,
        common,
        words: crate::words::report_labels_json(plan),
        student: StudentView {
            name: student.full_name(),
            number: student.number.clone(),
        },
        outcomes,
        result,
        rules: crate::words::scoring_rules(plan),
        signatures,
    }
}

pub use crate::names::report as file_name;

/// Typeset one report. `evict` clears Typst's caches afterwards: a batch keeps them for
/// a few reports (the indicator texts repeat, so their layout is reused) and then clears
/// them, so memory stays bounded.
///
/// # Errors
/// Template errors as diagnostics.
pub fn render(
    plan: &Plan,
    env: &RenderEnv,
    scores: &crate::sheet::read::StudentScores,
    g: &GradeResult,
    observations: Option<&Matched>,
    evict: bool,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let student = &scores.student;
    let data = serde_json::to_vec(&view(plan, env, scores, g, observations))
        .map_err(|e| vec![Diagnostic::internal(e.to_string())])?;
    let settings = PdfSettings {
        profile: PdfProfile::Archival,
        tagged: true,
        ident: format!(
            "meetlat/report/{}/{}/{}",
            plan.course.code, plan.fingerprint, student.number
        ),
        date: env.date,
    };
    env.engine.typeset("report.typ", data, Vec::new(), &settings, evict).map(|t| t.pdf)
}

//! The cohort overview for the exam committee: a table of students with grade and
//! result, a histogram of the grades and, per outcome, the share of students that
//! reached the cut score, drawn as charts (A4 portrait, PDF/A-2a + PDF/UA-1). Also the
//! `grades.csv` for the student administration.

use num_traits::ToPrimitive;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::grade::{GradeResult, Verdict};
use crate::model::{Language, Student};
use crate::render::{Common, RenderEnv, pdf_settings};
use crate::resolve::Plan;
use crate::typst_world::PdfProfile;
use crate::words::numbers::grade_text;
use crate::words::numbers::{decimal_separator, display_title, percent};
use crate::words::result_text;
use crate::words::{labels, report_labels};

/// A graded student, as the overview and `grades.csv` need it.
#[derive(Debug, Clone)]
pub struct Graded<'a> {
    /// The student.
    pub student: &'a Student,
    /// The result of the grading module.
    pub grade: &'a GradeResult,
}

/// Everything the overview prints.
#[derive(Debug, Serialize)]
pub struct OverviewView {
    /// Language, labels, metadata, course, framework and fingerprint.
    #[serde(flatten)]
    pub common: Common,
    /// The report words.
    pub words: serde_json::Value,
    /// One row per reported student, in course order.
    pub rows: Vec<StudentRow>,
    /// Students of the course without a report (only with `--partial`).
    pub not_reported: Vec<StudentRow>,
    /// True when students are left out: the overview is provisional.
    pub provisional: bool,
    /// Key figures.
    pub stats: Vec<(String, String)>,
    /// The grade histogram: one bar per whole grade 1–10.
    pub histogram: Vec<Bar>,
    /// The highest bar's count (the chart's scale), at least 1.
    pub histogram_max: usize,
    /// The histogram in words, for readers who cannot see the chart.
    pub histogram_alt: String,
    /// Per outcome, the share of students that reached the cut score.
    pub outcome_shares: Vec<Share>,
    /// The shares in words.
    pub shares_alt: String,
}

/// A row of the student table.
#[derive(Debug, Serialize)]
pub struct StudentRow {
    /// Student number.
    pub number: String,
    /// Name (last name first, for sorting by eye).
    pub name: String,
    /// Grade as given, or "—".
    pub grade: String,
    /// Result in words.
    pub result: String,
    /// `voldoende`, `onvoldoende`, `incompleet`, or empty when not reported.
    pub verdict: String,
    /// Why, when not the cesuur: "knock-out LU3", "te weinig bewijs LU1".
    pub reason: String,
}

/// A histogram bar.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The whole grade, "1"–"10".
    pub label: String,
    /// Students whose grade rounds (half up) to it.
    pub count: usize,
    /// True when that grade passes.
    pub pass: bool,
}

/// One outcome's share.
#[derive(Debug, Serialize)]
pub struct Share {
    /// Id, e.g. `LU3`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Share 0–1 of the reported students that reached the cut score.
    pub share: f64,
    /// "24 van 30 (80%)".
    pub text: String,
}

/// The histogram bin of a grade: the whole grade it rounds to, half up.
fn bin(grade: f64) -> usize {
    ((grade + 0.5).floor() as usize).clamp(1, 10)
}

/// Build the overview's view model.
pub fn view(
    plan: &Plan,
    env: &RenderEnv,
    graded: &[Graded<'_>],
    not_reported: &[Student],
) -> OverviewView {
    let lang = plan.course.language;
    let w = report_labels(lang);
    let sep = decimal_separator(lang);
    let of = match lang {
        Language::Nl => "van",
        Language::En => "of",
    };
    let n = graded.len();
    let rows: Vec<StudentRow> = graded
        .iter()
        .map(|g| StudentRow {
            number: g.student.number.clone(),
            name: g.student.sort_name(),
            grade: g
                .grade
                .grade
                .as_ref()
                .map_or_else(|| "—".to_owned(), |q| grade_text(plan, q)),
            result: result_text(lang, g.grade.verdict),
            reason: crate::render::report::reason_short(plan, g.grade),
            verdict: g.grade.verdict.as_str().to_owned(),
        })
        .collect();
    let grades: Vec<f64> = graded
        .iter()
        .filter_map(|g| g.grade.grade.as_ref().and_then(ToPrimitive::to_f64))
        .collect();
    let pass_grade = plan.course.grading.pass_grade;
    let mut histogram: Vec<Bar> = (1..=10)
        .map(|k| Bar { label: k.to_string(), count: 0, pass: k as f64 >= pass_grade })
        .collect();
    for g in &grades {
        histogram[bin(*g) - 1].count += 1;
    }
    let histogram_max = histogram.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let histogram_alt = format!(
        "{}: {}",
        w.histogram,
        histogram
            .iter()
            .map(|b| format!(
                "{} {}: {}",
                labels(lang).grade.to_lowercase(),
                b.label,
                b.count
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let passed = graded.iter().filter(|g| g.grade.verdict == Verdict::Voldoende).count();
    let incomplete =
        graded.iter().filter(|g| g.grade.verdict == Verdict::Incompleet).count();
    let share_of = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let mean = if grades.is_empty() {
        "—".to_owned()
    } else {
        let m = grades.iter().sum::<f64>() / grades.len() as f64;
        format!("{m:.1}").replace('.', &sep.to_string())
    };
    let mut stats = vec![
        if not_reported.is_empty() {
            (w.students.to_owned(), n.to_string())
        } else {
            (w.assessed.to_owned(), format!("{n} {of} {}", n + not_reported.len()))
        },
        (w.passed.to_owned(), format!("{passed} ({})", percent(share_of(passed), sep))),
        (w.mean_grade.to_owned(), mean),
        (w.without_grade.to_owned(), incomplete.to_string()),
    ];
    if !not_reported.is_empty() {
        stats.push((w.not_reported.to_owned(), not_reported.len().to_string()));
    }
    let outcome_shares: Vec<Share> = plan
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let reached = graded
                .iter()
                .filter(|g| {
                    g.grade.outcomes.get(i).and_then(|og| og.reached_cesuur) == Some(true)
                })
                .count();
            Share {
                id: o.id.clone(),
                title: display_title(&o.title),
                share: share_of(reached),
                text: format!("{reached} {of} {n} ({})", percent(share_of(reached), sep)),
            }
        })
        .collect();
    let shares_alt = format!(
        "{}: {}",
        w.outcome_shares,
        outcome_shares
            .iter()
            .map(|s| format!("{} {}", s.id, s.text))
            .collect::<Vec<_>>()
            .join("; ")
    );
    OverviewView {
        common: Common::new(plan, env.date, w.overview_title, "overview"),
        words: crate::words::report_labels_json(plan),
        rows,
        not_reported: not_reported
            .iter()
            .map(|s| StudentRow {
                number: s.number.clone(),
                name: s.sort_name(),
                grade: "—".to_owned(),
                result: String::new(),
                verdict: String::new(),
                reason: String::new(),
            })
            .collect(),
        provisional: !not_reported.is_empty(),
        stats,
        histogram,
        histogram_max,
        histogram_alt,
        outcome_shares,
        shares_alt,
    }
}

/// Typeset the overview.
///
/// # Errors
/// Template errors as diagnostics.
pub fn render(
    plan: &Plan,
    env: &RenderEnv,
    graded: &[Graded<'_>],
    not_reported: &[Student],
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let data = serde_json::to_vec(&view(plan, env, graded, not_reported))
        .map_err(|e| vec![Diagnostic::internal(e.to_string())])?;
    let settings = pdf_settings(plan, env, PdfProfile::Archival, "overview");
    env.engine.pdf("overview.typ", data, &settings)
}

/// `grades.csv` for the student administration: `studentnummer,cijfer,resultaat`, the
/// grade with a decimal point, the result as `voldoende`, `onvoldoende` or `incompleet`
/// (no grade).
pub fn grades_csv(plan: &Plan, graded: &[Graded<'_>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let words = crate::words::file_words(plan.course.language);
    let _ = w.write_record(words.grades_header);
    for g in graded {
        let grade = g
            .grade
            .grade
            .as_ref()
            .map_or_else(String::new, |q| grade_text(plan, q).replace(',', "."));
        // `grade_text` gives one decimal (whole points: none), with the course's
        // separator; the administration gets a decimal point.
        let verdict = match g.grade.verdict {
            Verdict::Voldoende => words.grades_results[0],
            Verdict::Onvoldoende => words.grades_results[1],
            Verdict::Incompleet => words.grades_results[2],
        };
        let number = csv_cell(&g.student.number);
        let _ = w.write_record([number.as_str(), grade.as_str(), verdict]);
    }
    w.into_inner().unwrap_or_default()
}

/// A field as a spreadsheet program may safely open it: a value that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel shows it as text and
/// never runs it as a formula. Student numbers like that are refused when the list is
/// read ([`crate::students::unsafe_number`]); this is the second line of defence.
pub fn csv_cell(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod csv_tests {
    use super::csv_cell;

    #[test]
    fn formula_signs_are_neutralised() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\t=1"), "'\t=1");
        assert_eq!(csv_cell("1234567"), "1234567");
    }
}

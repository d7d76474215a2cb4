//! The cohort overview for the exam committee, which is also the analysis of the
//! assessment (toetsanalyse): key figures, the grade distribution in the rounding's
//! steps, per outcome the share of students that reached the cut score, per indicator the
//! levels and how often it was not observed, where supervisors' observations were
//! collected the agreement between supervisor and examiner, and the table of students
//! (A4 portrait, PDF/A-2a + PDF/UA-1). The figures come from [`crate::analysis`]; the
//! same figures as CSV ([`overview_csv`]) and `grades.csv` for the student administration.

use serde::Serialize;

use crate::analysis::{self, Analysis, Assessed, Kappa, PairFigures};
use crate::collect::Observations;
use crate::diag::Diagnostic;
use crate::grade::{GradeResult, Verdict, format_decimal};
use crate::model::{Rounding, Student};
use crate::render::{Common, RenderEnv, pdf_settings};
use crate::resolve::Plan;
use crate::typst_world::PdfProfile;
use crate::words::numbers::grade_text;
use crate::words::numbers::{decimal_separator, display_title, percent};
use crate::words::result_text;
use crate::words::{AnalysisWords, analysis_words, report_labels};

/// A graded student, as the overview and `grades.csv` need it.
#[derive(Debug, Clone)]
pub struct Graded<'a> {
    /// The student.
    pub student: &'a Student,
    /// The result of the grading module.
    pub grade: &'a GradeResult,
    /// The levels the grade was computed from (per outcome, per indicator; `None`: NG).
    pub levels: &'a [Vec<Option<usize>>],
}

impl Graded<'_> {
    /// The analysis's view of this student.
    pub fn assessed(&self) -> Assessed<'_> {
        Assessed { number: &self.student.number, grade: self.grade, levels: self.levels }
    }
}

/// The analysis of `graded` (see [`crate::analysis::analyse`]).
pub fn analyse(
    plan: &Plan,
    graded: &[Graded<'_>],
    not_reported: &[Student],
    observations: Option<&Observations>,
) -> Analysis {
    let assessed: Vec<Assessed<'_>> = graded.iter().map(Graded::assessed).collect();
    analysis::analyse(plan, &assessed, not_reported.len(), observations)
}

/// Everything the overview prints.
#[derive(Debug, Serialize)]
pub struct OverviewView {
    /// Language, labels, metadata, course, framework and fingerprint.
    #[serde(flatten)]
    pub common: Common,
    /// The report words.
    pub words: serde_json::Value,
    /// The analysis words.
    pub analysis: serde_json::Value,
    /// False for a course without a grade: no grade chart or column.
    pub graded: bool,
    /// One row per reported student, in course order.
    pub rows: Vec<StudentRow>,
    /// Students of the course without a report (only with `--partial`).
    pub not_reported: Vec<StudentRow>,
    /// True when students are left out: the overview is provisional.
    pub provisional: bool,
    /// Key figures: label, value and a detail ("90%"), which may be empty.
    pub stats: Vec<(String, String, String)>,
    /// What the key figures' percentages are of.
    pub stats_note: String,
    /// The grade distribution, in the rounding's steps.
    pub histogram: Vec<Bar>,
    /// The bar of students without a grade, drawn apart.
    pub no_grade: Bar,
    /// The highest bar's count (the chart's scale), at least 1.
    pub histogram_max: usize,
    /// The histogram in words, for readers who cannot see the chart.
    pub histogram_alt: String,
    /// What the histogram's axis shows.
    pub histogram_axis: String,
    /// Per outcome, the share of students that reached the cut score.
    pub outcome_shares: Vec<Share>,
    /// The shares in words.
    pub shares_alt: String,
    /// The levels' labels, lowest first.
    pub level_labels: Vec<String>,
    /// Per outcome its indicators' levels.
    pub indicators: Vec<IndicatorGroup>,
    /// Under the levels table.
    pub levels_note: String,
    /// Supervisor against examiner, when observations were given.
    pub agreement: Option<AgreementView>,
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
    /// The grades in it, "6,0–6,4", "6,5" or "7".
    pub label: String,
    /// Students in it.
    pub count: usize,
    /// Of them, students who failed (drawn outlined).
    pub failed: usize,
    /// True when its grades pass.
    pub pass: bool,
}

/// One outcome's share.
#[derive(Debug, Serialize)]
pub struct Share {
    /// Id, e.g. `LU3`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Share 0–1 of the students with enough evidence that reached the cut score.
    pub share: f64,
    /// "24 van 30 (80%)", and the students with too little evidence.
    pub text: String,
}

/// An outcome's indicators in the levels table.
#[derive(Debug, Serialize)]
pub struct IndicatorGroup {
    /// Outcome id.
    pub id: String,
    /// Outcome title.
    pub title: String,
    /// Its indicators.
    pub rows: Vec<IndicatorRow>,
}

/// One indicator's levels.
#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    /// Id, e.g. `G12`.
    pub id: String,
    /// Text.
    pub text: String,
    /// Students per level.
    pub counts: Vec<usize>,
    /// The same as shares 0–1 of all students (for the cells' shading).
    pub shares: Vec<f64>,
    /// Students for whom it was not observed.
    pub not_observed: usize,
    /// That as a percentage.
    pub not_observed_share: String,
    /// Not observed for at least [`analysis::HARDLY_OBSERVED`] of the students.
    pub hardly_observed: bool,
}

/// Supervisor against examiner.
#[derive(Debug, Serialize)]
pub struct AgreementView {
    /// What is compared, with the number of forms.
    pub intro: String,
    /// Per outcome its indicators.
    pub groups: Vec<AgreementGroup>,
    /// All indicators pooled.
    pub overall: AgreementRow,
    /// True when no final observation of an assessed student was read.
    pub empty: bool,
}

/// An outcome's indicators in the agreement table.
#[derive(Debug, Serialize)]
pub struct AgreementGroup {
    /// Outcome id.
    pub id: String,
    /// Outcome title.
    pub title: String,
    /// Its indicators.
    pub rows: Vec<AgreementRow>,
}

/// One row of the agreement table.
#[derive(Debug, Serialize)]
pub struct AgreementRow {
    /// Indicator id (empty for the pooled row).
    pub id: String,
    /// Indicator text, or the pooled row's name.
    pub text: String,
    /// Pairs compared.
    pub pairs: usize,
    /// Pairs left out.
    pub excluded: usize,
    /// Exact agreement as a percentage, or "—".
    pub exact: String,
    /// The weighted kappa, or "—".
    pub kappa: String,
    /// Why there is no kappa.
    pub note: String,
}

/// The decimals a grade is printed with under a rounding profile.
fn grade_decimals(rounding: Rounding) -> usize {
    match rounding {
        Rounding::EenDecimaal | Rounding::HalvePunten => 1,
        Rounding::HelePunten => 0,
    }
}

/// A share as a percentage, or "—" without a whole.
fn percent_or_dash(share: Option<f64>, sep: char) -> String {
    share.map_or_else(|| "—".to_owned(), |s| percent(s, sep))
}

/// A row of the agreement table.
fn agreement_row(
    f: &PairFigures,
    id: String,
    text: String,
    aw: &AnalysisWords,
    sep: char,
) -> AgreementRow {
    let (kappa, note) = match f.kappa() {
        Kappa::Value(k) => (
            format!("{k:.2}").replace('.', &sep.to_string()).replace('-', "−"),
            String::new(),
        ),
        Kappa::NoPairs => ("—".to_owned(), aw.no_pairs.to_owned()),
        Kappa::TooFewPairs => (
            "—".to_owned(),
            aw.too_few_pairs.replace("{min}", &analysis::MIN_PAIRS_FOR_KAPPA.to_string()),
        ),
        Kappa::NoVariation => ("—".to_owned(), aw.no_variation.to_owned()),
    };
    AgreementRow {
        id,
        text,
        pairs: f.pairs(),
        excluded: f.excluded,
        exact: percent_or_dash(f.exact_share(), sep),
        kappa,
        note,
    }
}

/// Build the overview's view model.
pub fn view(
    plan: &Plan,
    env: &RenderEnv,
    graded: &[Graded<'_>],
    not_reported: &[Student],
    observations: Option<&Observations>,
) -> OverviewView {
    let lang = plan.course.language;
    let w = report_labels(lang);
    let aw = analysis_words(lang);
    let sep = decimal_separator(lang);
    let a = analyse(plan, graded, not_reported, observations);
    let n_of_m = |n: usize, m: usize| {
        aw.n_of_m.replace("{n}", &n.to_string()).replace("{m}", &m.to_string())
    };
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

    let decimals = grade_decimals(plan.course.grading.rounding);
    let histogram: Vec<Bar> = a
        .bins
        .iter()
        .map(|b| Bar {
            label: b.label(decimals, sep, "–"),
            count: b.count(),
            failed: b.failed,
            pass: b.passing,
        })
        .collect();
    let no_grade = Bar {
        label: aw.no_grade.to_owned(),
        count: a.incomplete,
        failed: 0,
        pass: false,
    };
    let histogram_max = histogram
        .iter()
        .map(|b| b.count)
        .chain([no_grade.count])
        .max()
        .unwrap_or(0)
        .max(1);
    let histogram_alt = format!(
        "{}: {}; {}: {}",
        w.histogram,
        histogram
            .iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect::<Vec<_>>()
            .join("; "),
        aw.no_grade,
        no_grade.count
    );
    let histogram_axis = aw.bins_axis[match plan.course.grading.rounding {
        Rounding::EenDecimaal => 0,
        Rounding::HalvePunten => 1,
        Rounding::HelePunten => 2,
    }]
    .to_owned();

    let mean =
        a.mean.as_ref().map_or_else(|| "—".to_owned(), |m| format_decimal(m, 1, sep));
    let sd = a.sd.map_or_else(
        || "—".to_owned(),
        |sd| format!("{sd:.1}").replace('.', &sep.to_string()),
    );
    let with_percent = |label: &str, k: usize| {
        (
            label.to_owned(),
            k.to_string(),
            percent_or_dash(analysis::share(k, a.with_grade), sep),
        )
    };
    let mut stats = vec![
        if not_reported.is_empty() {
            (w.students.to_owned(), a.assessed.to_string(), String::new())
        } else {
            (
                w.assessed.to_owned(),
                n_of_m(a.assessed, a.assessed + a.not_reported),
                String::new(),
            )
        },
        with_percent(w.passed, a.passed),
        with_percent(aw.failed, a.failed),
    ];
    let graded = plan.rules.graded;
    if graded {
        stats.extend([
            (w.without_grade.to_owned(), a.incomplete.to_string(), String::new()),
            (w.mean_grade.to_owned(), mean, String::new()),
            (aw.sd.to_owned(), sd, String::new()),
        ]);
    } else {
        // No grade: no mean, spread or distribution of grades.
        stats.push((aw.no_result.to_owned(), a.incomplete.to_string(), String::new()));
    }
    let basis = if graded { aw.percent_basis } else { aw.percent_basis_no_grade };
    let stats_note = basis.replace("{n}", &a.with_grade.to_string());

    let outcome_shares: Vec<Share> = plan
        .outcomes
        .iter()
        .zip(&a.outcomes)
        .map(|(o, f)| {
            let mut text = format!(
                "{} ({})",
                n_of_m(f.reached, f.judged()),
                percent_or_dash(f.share(), sep)
            );
            if f.no_evidence > 0 {
                text.push_str(" · ");
                text.push_str(&aw.no_evidence.replace("{n}", &f.no_evidence.to_string()));
            }
            Share {
                id: o.id.clone(),
                title: display_title(&o.title),
                share: f.share().unwrap_or(0.0),
                text,
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

    let indicators: Vec<IndicatorGroup> = plan
        .outcomes
        .iter()
        .enumerate()
        .map(|(o, out)| IndicatorGroup {
            id: out.id.clone(),
            title: display_title(&out.title),
            rows: a
                .indicators
                .iter()
                .filter(|f| f.outcome == o)
                .map(|f| {
                    let total = f.total();
                    IndicatorRow {
                        id: out.indicators[f.indicator].id.clone(),
                        text: out.indicators[f.indicator].text.clone(),
                        shares: f
                            .levels
                            .iter()
                            .map(|&c| analysis::share(c, total).unwrap_or(0.0))
                            .collect(),
                        counts: f.levels.clone(),
                        not_observed: f.not_observed,
                        not_observed_share: percent_or_dash(f.not_observed_share(), sep),
                        hardly_observed: f.hardly_observed(),
                    }
                })
                .collect(),
        })
        .collect();
    let levels_note = aw
        .levels_note
        .replace("{n}", &a.assessed.to_string())
        .replace("{pct}", &percent(analysis::HARDLY_OBSERVED, sep));

    let agreement = a.agreement.as_ref().map(|ag| AgreementView {
        intro: aw.agreement_intro.replace("{forms}", &ag.forms.to_string()),
        groups: plan
            .outcomes
            .iter()
            .enumerate()
            .map(|(o, out)| AgreementGroup {
                id: out.id.clone(),
                title: display_title(&out.title),
                rows: ag
                    .indicators
                    .iter()
                    .filter(|i| i.outcome == o)
                    .map(|i| {
                        let ind = &out.indicators[i.indicator];
                        agreement_row(
                            &i.figures,
                            ind.id.clone(),
                            ind.text.clone(),
                            &aw,
                            sep,
                        )
                    })
                    .collect(),
            })
            .collect(),
        overall: agreement_row(
            &ag.overall,
            String::new(),
            aw.overall.to_owned(),
            &aw,
            sep,
        ),
        empty: ag.forms == 0,
    });

    OverviewView {
        common: Common::new(plan, env.date, w.overview_title, "overview"),
        words: crate::words::report_labels_json(plan),
        analysis: crate::words::analysis_words_json(plan),
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
        graded,
        stats,
        stats_note,
        histogram,
        no_grade,
        histogram_max,
        histogram_alt,
        histogram_axis,
        outcome_shares,
        shares_alt,
        level_labels: plan.levels.iter().map(|l| l.label.clone()).collect(),
        indicators,
        levels_note,
        agreement,
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
    observations: Option<&Observations>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let data = serde_json::to_vec(&view(plan, env, graded, not_reported, observations))
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

/// The overview's figures as CSV for the committee's own analysis (`<code>-overzicht.csv`
/// beside the PDF): UTF-8, CRLF, a decimal point, one figure per row in the columns
/// `onderdeel,leeruitkomst,indicator,categorie,aantal,van,waarde,toelichting` (English:
/// `section,outcome,indicator,category,count,of,value,note`); `waarde` is `aantal / van`
/// with four decimals, the mean, the standard deviation or the kappa. The README lists
/// every section and category. Every cell passes [`csv_cell`].
pub fn overview_csv(plan: &Plan, a: &Analysis) -> Vec<u8> {
    let aw = analysis_words(plan.course.language);
    let mut out = FigureRows::new(aw.csv_header);
    let [key, grades, cesuur, levels, agreement] = aw.csv_sections;
    let all = a.assessed + a.not_reported;
    let k = aw.csv_key;
    out.counted([key, "", "", k[0]], a.assessed, all, "");
    out.counted([key, "", "", k[1]], a.not_reported, all, "");
    out.counted([key, "", "", k[2]], a.with_grade, a.assessed, "");
    out.counted([key, "", "", k[3]], a.passed, a.with_grade, "");
    out.counted([key, "", "", k[4]], a.failed, a.with_grade, "");
    out.counted([key, "", "", k[5]], a.incomplete, a.assessed, "");
    let mean = a.mean.as_ref().map_or_else(String::new, |m| format_decimal(m, 4, '.'));
    out.row([key, "", "", k[6]], None, Some(a.with_grade), mean, "");
    out.row([key, "", "", k[7]], None, Some(a.with_grade), figure(a.sd), "");
    let decimals = grade_decimals(plan.course.grading.rounding);
    for b in &a.bins {
        let note = if b.passing { aw.csv_bins[0] } else { aw.csv_bins[1] };
        let label = b.label(decimals, '.', "-");
        out.counted([grades, "", "", &label], b.count(), a.with_grade, note);
    }
    out.counted([grades, "", "", aw.csv_bins[2]], a.incomplete, a.assessed, "");
    let [reached, below, no_evidence] = aw.csv_outcome;
    for (o, f) in plan.outcomes.iter().zip(&a.outcomes) {
        out.counted([cesuur, &o.id, "", reached], f.reached, f.judged(), "");
        out.counted([cesuur, &o.id, "", below], f.below, f.judged(), "");
        out.counted([cesuur, &o.id, "", no_evidence], f.no_evidence, a.assessed, "");
    }
    for f in &a.indicators {
        let out_id = &plan.outcomes[f.outcome].id;
        let id = &plan.outcomes[f.outcome].indicators[f.indicator].id;
        for (level, &n) in plan.levels.iter().zip(&f.levels) {
            out.counted([levels, out_id, id, &level.id], n, f.total(), "");
        }
        out.counted([levels, out_id, id, "NG"], f.not_observed, f.total(), "");
    }
    if let Some(ag) = &a.agreement {
        let [forms, pairs, excluded, exact, kappa] = aw.csv_agreement;
        out.row(
            [agreement, "", "", forms],
            Some(ag.forms),
            Some(a.assessed),
            String::new(),
            "",
        );
        let indicators = ag.indicators.iter().map(|i| {
            let o = &plan.outcomes[i.outcome];
            (o.id.as_str(), o.indicators[i.indicator].id.as_str(), &i.figures)
        });
        for (o, id, f) in indicators.chain([("", "", &ag.overall)]) {
            let n = f.pairs();
            out.row([agreement, o, id, pairs], Some(n), None, String::new(), "");
            out.row(
                [agreement, o, id, excluded],
                Some(f.excluded),
                None,
                String::new(),
                "",
            );
            out.counted([agreement, o, id, exact], f.exact(), n, "");
            let (value, note) = match f.kappa() {
                Kappa::Value(k) => (figure(Some(k)), ""),
                Kappa::NoPairs => (String::new(), aw.csv_no_kappa[0]),
                Kappa::TooFewPairs => (String::new(), aw.csv_no_kappa[1]),
                Kappa::NoVariation => (String::new(), aw.csv_no_kappa[2]),
            };
            out.row([agreement, o, id, kappa], None, Some(n), value, note);
        }
    }
    out.finish()
}

/// A figure in the CSV: four decimals and a point, empty when there is none.
fn figure(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{x:.4}"))
}

/// The rows of [`overview_csv`], every text cell through [`csv_cell`].
struct FigureRows {
    w: csv::Writer<Vec<u8>>,
}

impl FigureRows {
    fn new(header: [&str; 8]) -> Self {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(header);
        FigureRows { w }
    }

    /// A row: section, outcome, indicator, category; count, of, value, note.
    fn row(
        &mut self,
        key: [&str; 4],
        count: Option<usize>,
        of: Option<usize>,
        value: String,
        note: &str,
    ) {
        let number = |n: Option<usize>| n.map_or_else(String::new, |n| n.to_string());
        let _ = self.w.write_record([
            csv_cell(key[0]),
            csv_cell(key[1]),
            csv_cell(key[2]),
            csv_cell(key[3]),
            number(count),
            number(of),
            value,
            csv_cell(note),
        ]);
    }

    /// A count with its share of `of`.
    fn counted(&mut self, key: [&str; 4], count: usize, of: usize, note: &str) {
        self.row(key, Some(count), Some(of), figure(analysis::share(count, of)), note);
    }

    fn finish(self) -> Vec<u8> {
        self.w.into_inner().unwrap_or_default()
    }
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

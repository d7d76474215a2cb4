//! Every word meetlat itself puts on a document, a sheet or the terminal's summaries, in
//! one place: labels, number formats and the plain-language explanations of the grading
//! rules. One file per language (`nl.rs`, `en.rs`) holds that language's words; this file
//! holds their shape and picks the language. Framework text is never translated.
//!
//! Language policy for the terminal: diagnostics (errors, warnings, hints) are in English,
//! one language for every message, its tests and the README's examples; what a command
//! reports as its result is in the users' language: the `check` summary and the progress
//! lines follow the course's `language`, `framework show` the framework's. Documents
//! always follow the course's language.

use serde::Serialize;

use crate::grade::{Decision, GradeResult, Verdict};
use crate::model::Language;
use crate::resolve::Plan;

mod en;
mod nl;
pub mod numbers;
pub mod web;

/// Labels used by the templates.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// "Rubric".
    pub rubric: &'static str,
    /// "Beoordelingsrubric" (document kind in the title).
    pub rubric_title: &'static str,
    /// "Cursus".
    pub course: &'static str,
    /// "Studiejaar".
    pub academic_year: &'static str,
    /// "Periode".
    pub period: &'static str,
    /// "Instelling".
    pub institution: &'static str,
    /// "Examinatoren".
    pub examiners: &'static str,
    /// "Datum".
    pub date: &'static str,
    /// "Kader".
    pub framework: &'static str,
    /// "Versie".
    pub version: &'static str,
    /// "Beoordelingsschaal".
    pub scale: &'static str,
    /// "Niveau".
    pub level: &'static str,
    /// "Punten".
    pub points: &'static str,
    /// "Omschrijving".
    pub descriptor: &'static str,
    /// "Leeruitkomst".
    pub outcome: &'static str,
    /// "Leeruitkomsten in deze beoordeling".
    pub outcomes_overview: &'static str,
    /// "Kerntaak".
    pub core_task: &'static str,
    /// "Bekwaamheden".
    pub competencies: &'static str,
    /// "Gedragsindicator".
    pub indicator: &'static str,
    /// "Indicatoren".
    pub indicators: &'static str,
    /// "Weging".
    pub weight: &'static str,
    /// "pagina {x} van {y}".
    pub page_of: &'static str,
    /// "Vingerafdruk".
    pub fingerprint: &'static str,
    /// "Zo wordt de beoordeling berekend".
    pub scoring_title: &'static str,
    /// "Als elke indicator … is".
    pub uniform_example: &'static str,
    /// "Cijfer".
    pub grade: &'static str,
    /// "punt" (one point).
    pub point: &'static str,
    /// "punten" (several points).
    pub points_unit: &'static str,
    /// "(vervolg)" after a heading on a continuation page.
    pub continued: &'static str,
    /// "niet geobserveerd".
    pub not_observed: &'static str,
    /// "Observatieformulier".
    pub observation_form: &'static str,
    /// "de student": a student placeholder on a blank form (the form's own text, not a
    /// template label).
    #[serde(skip)]
    pub blank_student: &'static str,
    /// "Student".
    pub student: &'static str,
    /// "Studentnummer".
    pub student_number: &'static str,
    /// "Werkplekbegeleider".
    pub supervisor: &'static str,
    /// "Organisatie".
    pub organisation: &'static str,
    /// "Moment".
    pub moment: &'static str,
    /// "Toelichting voor de werkplekbegeleider".
    pub instructions: &'static str,
    /// "Voorbeelden van wat u zag".
    pub examples: &'static str,
    /// "Algemene opmerkingen".
    pub remarks: &'static str,
    /// "Advies aan de examinator".
    pub advice: &'static str,
    /// "geen advies".
    pub no_advice: &'static str,
    /// "voldoende".
    pub pass: &'static str,
    /// "onvoldoende".
    pub fail: &'static str,
    /// "Naam".
    pub name: &'static str,
    /// "Handtekening".
    pub signature: &'static str,
    /// "Gezien door de student".
    pub seen_by_student: &'static str,
    /// "Formulier".
    pub form: &'static str,
    /// Column header for not observed: "Niet geobserveerd".
    pub ng_column: &'static str,
    /// "Betekenis van de niveaus".
    pub level_meaning: &'static str,
    /// What "niet geobserveerd" means, for the supervisor.
    pub ng_meaning: &'static str,
    /// Above an indicator's own level descriptions on the form.
    pub own_descriptors: &'static str,
}

/// The labels for a language.
pub fn labels(language: Language) -> Labels {
    match language {
        Language::Nl => nl::LABELS,
        Language::En => en::LABELS,
    }
}

/// The words of the final reports and the cohort overview.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLabels {
    /// "Beoordelingsrapport".
    pub report_title: &'static str,
    /// "Cohortoverzicht".
    pub overview_title: &'static str,
    /// "Eindbeoordeling" (the heading of the result block).
    pub final_assessment: &'static str,
    /// "Gekozen niveau".
    pub chosen_level: &'static str,
    /// "Score".
    pub score: &'static str,
    /// "Eindscore".
    pub final_score: &'static str,
    /// "Cesuur".
    pub cesuur: &'static str,
    /// "Resultaat".
    pub result: &'static str,
    /// "Motivering" (the rule that decided, and the examiners' own words).
    pub decided_by: &'static str,
    /// "Motivering van de examinatoren".
    pub reasoning: &'static str,
    /// "voorlopig" (an overview that leaves students out).
    pub provisional: &'static str,
    /// "Beoordeeld".
    pub assessed: &'static str,
    /// The "Motivering" column of the overview (the rule that decided, in short).
    pub reason: &'static str,
    /// Legend of the histogram: pass.
    pub legend_pass: &'static str,
    /// Legend of the histogram: fail.
    pub legend_fail: &'static str,
    /// "Geobserveerd".
    pub observed: &'static str,
    /// "Geldende regels".
    pub rules: &'static str,
    /// "Ondertekening".
    pub signatures: &'static str,
    /// "Examinator".
    pub examiner: &'static str,
    /// "Studenten".
    pub students: &'static str,
    /// "Verdeling van de cijfers".
    pub histogram: &'static str,
    /// "Cesuur gehaald per leeruitkomst".
    pub outcome_shares: &'static str,
    /// "Geslaagd".
    pub passed: &'static str,
    /// "Gemiddeld cijfer".
    pub mean_grade: &'static str,
    /// "Zonder cijfer".
    pub without_grade: &'static str,
    /// "Ontbreekt in dit overzicht".
    pub not_reported: &'static str,
    /// "Onafgerond cijfer".
    pub unrounded: &'static str,
    /// What the histogram's axes show.
    pub histogram_axes: &'static str,
}

/// The report labels for a language.
pub fn report_labels(language: Language) -> ReportLabels {
    match language {
        Language::Nl => nl::REPORT,
        Language::En => en::REPORT,
    }
}

/// The month names of a language.
fn months(language: Language) -> [&'static str; 12] {
    match language {
        Language::Nl => nl::MONTHS,
        Language::En => en::MONTHS,
    }
}

/// One rule of the grading, explained: a title and a text.
#[derive(Debug, Clone, Serialize)]
pub struct ScoringRule {
    /// "Cesuur".
    pub title: String,
    /// What the rule means for the student.
    pub text: String,
}

impl ScoringRule {
    fn new(title: &str, text: impl Into<String>) -> Self {
        ScoringRule { title: title.to_owned(), text: text.into() }
    }
}

/// What the explanations of the grading rules say about one course, already written for
/// its language. Both explanations read it: the students' (rubric and report, through
/// [`scoring_rules`]) and the teachers' (the scoring sheet, [`sheet_instructions`]); each
/// language file keeps the two side by side.
#[derive(Debug, Clone)]
pub struct RuleFacts {
    /// Levels with points in words: "onvoldoende (1 punt), voldoende (2 punten), …".
    pub levels: String,
    /// Level ids with points: "onvoldoende (1), voldoende (2), …".
    pub level_ids: String,
    /// Weights: "LU1 14,3%, LU2 14,3%, …" (with a non-breaking space in `weights_nbsp`).
    pub weights: String,
    /// As `weights`, with non-breaking spaces.
    pub weights_nbsp: String,
    /// The share of indicators to observe: "50%".
    pub share: String,
    /// The pass level's label in lower case, and its id.
    pub pass_label: String,
    /// The pass level's id.
    pub pass_level: String,
    /// The pass level's points in words: "2 punten".
    pub pass_points: String,
    /// Labels of the lowest and highest level, lower case.
    pub lowest: String,
    /// See `lowest`.
    pub highest: String,
    /// Grade at the cesuur, knock-out cap and pass grade with one decimal ("6,0").
    pub grade_at_cesuur: String,
    /// See `grade_at_cesuur`.
    pub knockout_cap: String,
    /// See `grade_at_cesuur`.
    pub pass_grade: String,
    /// The same numbers as written in the course file ("6").
    pub grade_at_cesuur_short: String,
    /// See `grade_at_cesuur_short`.
    pub knockout_cap_short: String,
    /// See `grade_at_cesuur_short`.
    pub pass_grade_short: String,
    /// The rounding profile.
    pub rounding: crate::model::Rounding,
    /// Whether every outcome must reach the cesuur.
    pub knockout: bool,
    /// Whether the course gives a grade (`grading.grade`).
    pub graded: bool,
    /// Course code, academic year, framework title and version, fingerprint.
    pub course_code: String,
    /// See `course_code`.
    pub academic_year: String,
    /// See `course_code`.
    pub framework_title: String,
    /// See `course_code`.
    pub framework_version: String,
    /// See `course_code`.
    pub fingerprint: String,
}

impl RuleFacts {
    /// The facts of a course's rules.
    pub fn new(plan: &Plan) -> Self {
        use numbers::{decimal_separator, number, one_decimal, percent};
        let g = &plan.course.grading;
        let lang = plan.course.language;
        let sep = decimal_separator(lang);
        let (point, points) = match lang {
            Language::Nl => nl::POINT,
            Language::En => en::POINT,
        };
        let pass_id = plan
            .levels
            .get(plan.rules.pass_level)
            .map_or(String::new(), |l| l.id.clone());
        let label_of = |id: &str| {
            plan.levels
                .iter()
                .find(|l| l.id == id)
                .map_or(id.to_owned(), |l| l.label.to_lowercase())
        };
        let weights = |space: &str| {
            plan.outcomes
                .iter()
                .map(|o| format!("{}{space}{}", o.id, percent(o.weight_share, sep)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        RuleFacts {
            levels: plan
                .levels
                .iter()
                .map(|l| {
                    let unit = if l.points == 1 { point } else { points };
                    format!("{} ({}\u{a0}{unit})", l.label.to_lowercase(), l.points)
                })
                .collect::<Vec<_>>()
                .join(", "),
            level_ids: plan
                .levels
                .iter()
                .map(|l| format!("{} ({})", l.id, l.points))
                .collect::<Vec<_>>()
                .join(", "),
            weights: weights(" "),
            weights_nbsp: weights("\u{a0}"),
            share: percent(g.min_observed, sep),
            pass_label: label_of(&pass_id),
            pass_level: pass_id.clone(),
            pass_points: {
                let p = plan.levels.get(plan.rules.pass_level).map_or(0, |l| l.points);
                format!("{p}\u{a0}{}", if p == 1 { point } else { points })
            },
            lowest: plan.levels.first().map_or(String::new(), |l| l.label.to_lowercase()),
            highest: plan.levels.last().map_or(String::new(), |l| l.label.to_lowercase()),
            grade_at_cesuur: one_decimal(g.grade_at_cesuur, sep),
            knockout_cap: one_decimal(g.knockout_cap, sep),
            pass_grade: one_decimal(g.pass_grade, sep),
            grade_at_cesuur_short: number(g.grade_at_cesuur, sep),
            knockout_cap_short: number(g.knockout_cap, sep),
            pass_grade_short: number(g.pass_grade, sep),
            rounding: g.rounding,
            knockout: g.knockout,
            graded: plan.rules.graded,
            course_code: plan.course.code.clone(),
            academic_year: plan.course.academic_year.clone(),
            framework_title: plan.framework.title.clone(),
            framework_version: plan.framework.version.clone(),
            fingerprint: plan.fingerprint.clone(),
        }
    }
}

/// The grading rules in words a student understands (rubric, report).
pub fn scoring_rules(plan: &Plan) -> Vec<ScoringRule> {
    let f = RuleFacts::new(plan);
    let mut rules = without_grade(
        &f,
        plan.course.language,
        match plan.course.language {
            Language::Nl => nl::scoring_rules(&f),
            Language::En => en::scoring_rules(&f),
        },
    );
    // What the fingerprint printed on every page is.
    let (title, text) = vocabulary(plan.course.language).fingerprint;
    rules.push(ScoringRule::new(title, text));
    with_terms(plan, rules)
}

/// `rules` as they read for a course without a grade (`grading.grade: none`), when it
/// is one: the language file's `without_grade` rewrites the rules that speak of grades.
fn without_grade(
    f: &RuleFacts,
    lang: Language,
    rules: Vec<ScoringRule>,
) -> Vec<ScoringRule> {
    match (f.graded, lang) {
        (true, _) => rules,
        (false, Language::Nl) => nl::without_grade(rules, f),
        (false, Language::En) => en::without_grade(rules, f),
    }
}

/// `rules` in the terms of `plan`'s framework.
fn with_terms(plan: &Plan, rules: Vec<ScoringRule>) -> Vec<ScoringRule> {
    let terms = Terms::of(plan);
    rules
        .into_iter()
        .map(|r| ScoringRule { title: terms.apply(&r.title), text: terms.apply(&r.text) })
        .collect()
}

/// The scoring sheet's instructions: how to fill it in and how it computes the grade.
pub fn sheet_instructions(plan: &Plan) -> Vec<ScoringRule> {
    let f = RuleFacts::new(plan);
    let rules = match plan.course.language {
        Language::Nl => nl::sheet_instructions(&f),
        Language::En => en::sheet_instructions(&f),
    };
    with_terms(plan, without_grade(&f, plan.course.language, rules))
}

/// `LU1`, `LU1 en LU3`, `LU1, LU2 en LU3`.
pub fn join_ids(ids: &[String], lang: Language) -> String {
    let and = match lang {
        Language::Nl => nl::AND,
        Language::En => en::AND,
    };
    match ids {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The result in words: "voldoende", "onvoldoende", "incompleet" (the same words as the
/// sheet and `grades.csv`; the reason, "onvoldoende bewijs", is told with it).
pub fn result_text(lang: Language, verdict: Verdict) -> String {
    let l = labels(lang);
    match verdict {
        Verdict::Voldoende => l.pass.to_owned(),
        Verdict::Onvoldoende => l.fail.to_owned(),
        Verdict::Incompleet => vocabulary(lang).incomplete.to_owned(),
    }
}

/// What decided a student's result, for the sentence that explains it.
#[derive(Debug, Clone)]
pub struct Decided {
    /// The rule that decided.
    pub rule: Decision,
    /// Passed or not.
    pub verdict: Verdict,
    /// The grade as printed.
    pub grade: String,
    /// The outcomes below the cesuur, joined ("LU1 en LU3"), and how many.
    pub failed: (String, usize),
    /// The outcomes with too few observations, joined.
    pub thin: String,
    /// The rule facts.
    pub facts: RuleFacts,
}

/// Which rule decided, in one sentence.
pub fn decided_by(plan: &Plan, g: &GradeResult) -> String {
    let lang = plan.course.language;
    let ids = |pick: &dyn Fn(&crate::grade::OutcomeGrade) -> bool| {
        g.outcomes.iter().filter(|o| pick(o)).map(|o| o.id.clone()).collect::<Vec<_>>()
    };
    let failed = ids(&|o| o.reached_cesuur == Some(false));
    let d = Decided {
        rule: g.decided_by,
        verdict: g.verdict,
        grade: g.grade.as_ref().map(|q| numbers::grade_text(plan, q)).unwrap_or_default(),
        failed: (join_ids(&failed, lang), failed.len()),
        thin: join_ids(&ids(&|o| !o.enough_evidence), lang),
        facts: RuleFacts::new(plan),
    };
    match lang {
        Language::Nl => nl::decided_by(&d),
        Language::En => en::decided_by(&d),
    }
}

/// The short reason for the overview's table: empty when the cesuur decided.
pub fn reason_short(plan: &Plan, g: &GradeResult) -> String {
    let lang = plan.course.language;
    let ids = |pick: &dyn Fn(&crate::grade::OutcomeGrade) -> bool| {
        g.outcomes.iter().filter(|o| pick(o)).map(|o| o.id.clone()).collect::<Vec<_>>()
    };
    match g.decided_by {
        Decision::Cesuur => String::new(),
        Decision::KnockOut => {
            format!(
                "knock-out {}",
                join_ids(&ids(&|o| o.reached_cesuur == Some(false)), lang)
            )
        }
        Decision::Evidence => format!(
            "{} {}",
            vocabulary(lang).no_evidence,
            join_ids(&ids(&|o| !o.enough_evidence), lang)
        ),
    }
}

/// The scoring sheet's own words (sheet names, headers, result words). `Instructie`
/// and `Resultaat` stay Dutch in English sheets for now: `meetlat report` reads the sheet
/// back by these names.
#[derive(Debug, Clone, Copy)]
pub struct SheetWords {
    /// `instructions`.
    pub instructions: &'static str,
    /// The workbook's title ("Scoreblad"), before the course code and name.
    pub title: &'static str,
    /// The motivation column's header ("Toelichting").
    pub motivation: &'static str,
    /// Its note: what to write there.
    pub motivation_note: &'static str,
    /// Note on the per-outcome `Toelichting LU1` columns.
    pub outcome_motivation_note: &'static str,
    /// `scores`.
    pub scores: &'static str,
    /// `name`.
    pub name: &'static str,
    /// `score`.
    pub score: &'static str,
    /// `cesuur`.
    pub cesuur: &'static str,
    /// `per_outcome`.
    pub per_outcome: &'static str,
    /// `final_result`.
    pub final_result: &'static str,
    /// `final_score`.
    pub final_score: &'static str,
    /// `unrounded`.
    pub unrounded: &'static str,
    /// `knockout`.
    pub knockout: &'static str,
    /// `result`.
    pub result: &'static str,
    /// `yes`.
    pub yes: &'static str,
    /// `no`.
    pub no: &'static str,
    /// `pass`.
    pub pass: &'static str,
    /// `fail`.
    pub fail: &'static str,
    /// `incomplete`.
    pub incomplete: &'static str,
    /// `no_evidence`.
    pub no_evidence: &'static str,
    /// `to_fill`.
    pub to_fill: &'static str,
    /// `not_observed`.
    pub not_observed: &'static str,
    /// `page`.
    pub page: &'static str,
    /// The settings sheet's name (`Instellingen`; the reader accepts every language's).
    pub settings: &'static str,
    /// The student number column's header (`Studentnummer`).
    pub number: &'static str,
    /// The grade column's header (`Cijfer`).
    pub grade: &'static str,
    /// Labels on the settings sheet: course code, fingerprint, framework.
    pub code_label: &'static str,
    /// See `code_label`.
    pub fingerprint_label: &'static str,
    /// See `code_label`.
    pub framework_label: &'static str,
    /// The level table's headers: level, label, points.
    pub level_headers: [&'static str; 3],
    /// The settings table's headers: name, value, meaning.
    pub setting_headers: [&'static str; 3],
    /// The rubric sheet's headers: indicator, outcome, text.
    pub rubric_headers: [&'static str; 3],
    /// Title of the message for a value that is not a level.
    pub invalid_title: &'static str,
    /// The message for a value that is not a level: `{levels}` and `{ng}` are filled in.
    pub invalid_message: &'static str,
    /// What each setting means, in the order of `sheet::layout::settings`; `{level}` and
    /// `{points}` are the pass level and its points.
    pub setting_meanings: [&'static str; 12],
    /// What a weight means: `{id}` and `{title}` of the outcome.
    pub weight_meaning: &'static str,
}

/// The scoring sheet's words for a language.
pub fn sheet_words(language: Language) -> SheetWords {
    match language {
        Language::Nl => nl::SHEET,
        Language::En => en::SHEET,
    }
}

/// What the progress line counts while forms are made, in the course's language.
pub fn progress_forms(language: Language) -> &'static str {
    match language {
        Language::Nl => nl::PROGRESS_FORMS,
        Language::En => en::PROGRESS_FORMS,
    }
}

/// What the progress line counts while final reports are made.
pub fn progress_reports(language: Language) -> &'static str {
    match language {
        Language::Nl => nl::PROGRESS_REPORTS,
        Language::En => en::PROGRESS_REPORTS,
    }
}

/// The words in file names and other identifiers meetlat makes (`-beoordeling.pdf` /
/// `-assessment.pdf`): ASCII, no spaces.
#[derive(Debug, Clone, Copy)]
pub struct FileWords {
    /// A student's final report.
    pub report: &'static str,
    /// The cohort overview.
    pub overview: &'static str,
    /// A blank form, and the student part of a blank form's id.
    pub blank: &'static str,
    /// An observation form.
    pub observation: &'static str,
    /// The print file of all forms.
    pub forms: &'static str,
    /// The moments: at the end, midway.
    pub final_moment: &'static str,
    /// See `final_moment`.
    pub midway_moment: &'static str,
    /// The columns of `grades.csv`.
    pub grades_header: [&'static str; 3],
    /// The results in `grades.csv`: pass, fail, not enough evidence.
    pub grades_results: [&'static str; 3],
}

/// The file words for a language.
pub fn file_words(language: Language) -> FileWords {
    match language {
        Language::Nl => nl::FILES,
        Language::En => en::FILES,
    }
}

/// The workbook's defined names in a language: the formulas are written with the Dutch
/// names (`Cesuur`, `Weging_LU3`) and every name-like word of a formula is put through
/// this, so an English sheet says `CutScore` and `Weight_LU3`.
pub fn sheet_name(name: &str, language: Language) -> String {
    let table: &[(&str, &str)] = match language {
        Language::Nl => return name.to_owned(),
        Language::En => en::SHEET_NAMES,
    };
    if let Some((_, to)) = table.iter().find(|(from, _)| *from == name) {
        return (*to).to_owned();
    }
    match name.strip_prefix("Weging_") {
        Some(rest) => format!("{}{rest}", en::WEIGHT_PREFIX),
        None => name.to_owned(),
    }
}

/// A formula (or a text naming settings) with every defined name in `language`.
pub fn localise_names(formula: &str, language: Language) -> String {
    if language == Language::Nl {
        return formula.to_owned();
    }
    let mut out = String::with_capacity(formula.len());
    let mut word = String::new();
    let mut in_string = false;
    for c in formula.chars() {
        if !in_string && (c.is_ascii_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str(&sheet_name(&word, language));
            word.clear();
        }
        if c == '"' {
            in_string = !in_string;
        }
        out.push(c);
    }
    if !word.is_empty() {
        out.push_str(&sheet_name(&word, language));
    }
    out
}

/// The words of the `check` summary; `{share}` and `{cap}` are filled in.
#[derive(Debug, Clone, Copy)]
pub struct SummaryWords {
    /// "versie".
    pub version: &'static str,
    /// "leeruitkomsten".
    pub outcomes: &'static str,
    /// "gedragsindicatoren".
    pub indicators: &'static str,
    /// "indicatoren", per outcome.
    pub indicators_short: &'static str,
    /// "weging".
    pub weight: &'static str,
    /// "schaal".
    pub scale: &'static str,
    /// "NG (niet geobserveerd)".
    pub not_observed: &'static str,
    /// "cesuur".
    pub cesuur: &'static str,
    /// "alles".
    pub all: &'static str,
    /// "per indicator" (the cut score in points per indicator).
    pub per_indicator: &'static str,
    /// "cijfer".
    pub grade: &'static str,
    /// "afronding".
    pub rounding: &'static str,
    /// The rounding profiles: one decimal, half points, whole points.
    pub roundings: [&'static str; 3],
    /// The evidence rule, with `{share}`.
    pub evidence: &'static str,
    /// The knock-out rule when it applies, with `{cap}`.
    pub knockout_yes: &'static str,
    /// "nee".
    pub no: &'static str,
    /// "studenten".
    pub students: &'static str,
    /// "vingerafdruk".
    pub fingerprint: &'static str,
    /// "geen cijfer: alleen voldoende of onvoldoende" (`grading.grade: none`).
    pub no_grade: &'static str,
    /// The knock-out rule without a grade cap.
    pub knockout_no_grade: &'static str,
}

/// The summary `meetlat check` prints, in the course's language.
pub fn check_summary(plan: &Plan) -> String {
    use std::fmt::Write;
    let lang = plan.course.language;
    let terms = Terms::of(plan);
    let w = match lang {
        Language::Nl => nl::SUMMARY,
        Language::En => en::SUMMARY,
    };
    let sep = numbers::decimal_separator(lang);
    let c = &plan.course;
    let mut s = String::new();
    let _ = writeln!(s, "{} {} ({}, {})", c.code, c.name, c.academic_year, c.period);
    let fw = &plan.framework;
    let _ =
        writeln!(s, "framework: {} {} {} ({})", fw.title, w.version, fw.version, fw.id);
    let _ = writeln!(
        s,
        "{}: {}, {}: {}",
        terms.apply(w.outcomes),
        plan.outcomes.len(),
        terms.apply(w.indicators),
        plan.indicator_count()
    );
    for o in &plan.outcomes {
        let ids: Vec<&str> = o.indicators.iter().map(|i| i.id.as_str()).collect();
        let _ = writeln!(
            s,
            "  {} {} — {} {} ({}), {} {} ({})",
            o.id,
            o.title.trim_end_matches('.'),
            ids.len(),
            terms.apply(w.indicators_short),
            ids.join(" "),
            w.weight,
            o.weight,
            numbers::percent(o.weight_share, sep)
        );
    }
    let levels: Vec<String> =
        plan.levels.iter().map(|l| format!("{} ({})", l.id, l.points)).collect();
    let _ = writeln!(s, "{}: {} + {}", w.scale, levels.join(", "), w.not_observed);
    let g = &c.grading;
    let rounding = match g.rounding {
        crate::model::Rounding::EenDecimaal => w.roundings[0],
        crate::model::Rounding::HalvePunten => w.roundings[1],
        crate::model::Rounding::HelePunten => w.roundings[2],
    };
    // The cut score in the rubric's points, as sheet and reports show it.
    let pass_points = RuleFacts::new(plan).pass_points.replace('\u{a0}', " ");
    if plan.rules.graded {
        let _ = writeln!(
            s,
            "{}: {} {} = {} {} → {} {}; {}: {}",
            w.cesuur,
            w.all,
            plan.levels[plan.rules.pass_level].id,
            pass_points,
            w.per_indicator,
            w.grade,
            crate::grade::format_decimal(&plan.rules.grade_at_cesuur, 1, sep),
            w.rounding,
            rounding
        );
    } else {
        let _ = writeln!(
            s,
            "{}: {} {} = {} {}; {}",
            w.cesuur,
            w.all,
            plan.levels[plan.rules.pass_level].id,
            pass_points,
            w.per_indicator,
            w.no_grade
        );
    }
    let knockout = if g.knockout && !plan.rules.graded {
        terms.apply(w.knockout_no_grade)
    } else if g.knockout {
        terms.apply(w.knockout_yes).replace(
            "{cap}",
            &crate::grade::format_decimal(&plan.rules.knockout_cap, 1, sep),
        )
    } else {
        w.no.to_owned()
    };
    let evidence = terms
        .apply(w.evidence)
        .replace("{share}", &(g.min_observed * 100.0).round().to_string());
    let _ = writeln!(s, "{evidence}; knock-out: {knockout}");
    let _ = writeln!(s, "{}: {}", w.students, plan.students.len());
    let _ = writeln!(s, "{}: {}", w.fingerprint, plan.fingerprint);
    s
}

/// The form's instructions to fill in: the course's own text, or, when the course kept the
/// default (Dutch, part of the fingerprint), the default in the course's language.
pub fn form_instructions(plan: &Plan) -> String {
    let text = plan.course.forms.instructions.as_str();
    if text != crate::model::course::DEFAULT_INSTRUCTIONS {
        return text.to_owned();
    }
    // The default text is meetlat's wording, so it speaks the framework's terms.
    Terms::of(plan).apply(match plan.course.language {
        Language::En => en::DEFAULT_INSTRUCTIONS,
        Language::Nl => text,
    })
}

/// Which of a framework's [`crate::model::framework::Terms`] a phrase of meetlat's own
/// wording stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Term {
    Outcome,
    Outcomes,
    Indicator,
    Indicators,
    Level,
    Levels,
    CoreTask,
    Competencies,
}

/// A framework's own names for its parts, put into meetlat's wording: every phrase of
/// the language's wording that names a part ("leeruitkomst", "gedragsindicatoren",
/// "learning outcome", …; see `TERM_PHRASES` in `nl.rs` and `en.rs`) becomes the
/// framework's term, with the case of its first letter kept. A framework that names
/// nothing changes nothing. Dutch articles and adjectives (de/het, elke/elk) are not
/// adapted: a term that is a het-word reads "de criterium" in some sentences.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// (phrase in lower case, the framework's term), longest phrases first.
    swaps: Vec<(&'static str, String)>,
}

impl Terms {
    /// The terms of `plan`'s framework, for its course's language.
    pub fn of(plan: &Plan) -> Self {
        Self::new(plan.course.language, plan.terms.as_ref())
    }

    /// The framework's terms `terms` for wording in `language`.
    pub fn new(
        language: Language,
        terms: Option<&crate::model::framework::Terms>,
    ) -> Self {
        let Some(t) = terms else { return Self::default() };
        let phrases = match language {
            Language::Nl => nl::TERM_PHRASES,
            Language::En => en::TERM_PHRASES,
        };
        let term = |which: Term| -> Option<&String> {
            match which {
                Term::Outcome => t.outcome.as_ref(),
                Term::Outcomes => t.outcomes.as_ref().or(t.outcome.as_ref()),
                Term::Indicator => t.indicator.as_ref(),
                Term::Indicators => t.indicators.as_ref().or(t.indicator.as_ref()),
                Term::Level => t.level.as_ref(),
                Term::Levels => t.levels.as_ref().or(t.level.as_ref()),
                Term::CoreTask => t.core_task.as_ref(),
                Term::Competencies => t.competencies.as_ref(),
            }
            .filter(|s| !s.trim().is_empty())
        };
        let mut swaps: Vec<(&'static str, String)> = phrases
            .iter()
            .filter_map(|(phrase, which)| {
                Some((*phrase, term(*which)?.trim().to_owned()))
            })
            .collect();
        swaps.sort_by_key(|(phrase, _)| std::cmp::Reverse(phrase.len()));
        Self { swaps }
    }

    /// `text` with the framework's terms.
    pub fn apply(&self, text: &str) -> String {
        if self.swaps.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        let mut after_letter = false;
        while let Some(c) = rest.chars().next() {
            let found = (!after_letter)
                .then(|| {
                    self.swaps.iter().find(|(phrase, _)| {
                        rest.get(..phrase.len()).is_some_and(|head| {
                            head.to_lowercase() == *phrase
                                && !rest[phrase.len()..]
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_alphanumeric)
                        })
                    })
                })
                .flatten();
            if let Some((phrase, term)) = found {
                a_or_an(&mut out, term);
                out.push_str(&same_case(c, term));
                rest = &rest[phrase.len()..];
                after_letter = true;
            } else {
                out.push(c);
                after_letter = c.is_alphanumeric();
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    /// Every string in `value`, with the framework's terms.
    pub fn apply_json(&self, value: &mut serde_json::Value) {
        if self.swaps.is_empty() {
            return;
        }
        match value {
            serde_json::Value::String(s) => *s = self.apply(s),
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|v| self.apply_json(v));
            }
            serde_json::Value::Object(map) => {
                map.values_mut().for_each(|v| self.apply_json(v));
            }
            _ => {}
        }
    }
}

/// English "a" or "an" just before a replaced term, as the term's first sound needs
/// (by its first letter); other words are left alone.
fn a_or_an(out: &mut String, term: &str) {
    let vowel = term.chars().next().is_some_and(|c| "aeiouAEIOU".contains(c));
    for (from, to) in [("an ", "a "), ("An ", "A "), ("a ", "an "), ("A ", "An ")] {
        let wanted_an = to.len() == 3;
        if vowel == wanted_an
            && out.ends_with(from)
            && !out[..out.len() - from.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            out.truncate(out.len() - from.len());
            out.push_str(to);
            return;
        }
    }
}

/// `term` with its first letter in the case of `like` (a term whose second letter is a
/// capital, such as an abbreviation, keeps its case).
fn same_case(like: char, term: &str) -> String {
    let mut chars = term.chars();
    let Some(first) = chars.next() else { return String::new() };
    let rest = chars.as_str();
    if like.is_uppercase() {
        first.to_uppercase().chain(rest.chars()).collect()
    } else if rest.chars().next().is_some_and(char::is_uppercase) {
        term.to_owned()
    } else {
        first.to_lowercase().chain(rest.chars()).collect()
    }
}

/// The labels of `plan`'s language with its framework's terms, as the templates get them.
pub fn labels_json(plan: &Plan) -> serde_json::Value {
    let mut value = serde_json::to_value(labels(plan.course.language))
        .unwrap_or(serde_json::Value::Null);
    Terms::of(plan).apply_json(&mut value);
    value
}

/// The report labels of `plan`'s language with its framework's terms.
pub fn report_labels_json(plan: &Plan) -> serde_json::Value {
    let mut value = serde_json::to_value(report_labels(plan.course.language))
        .unwrap_or(serde_json::Value::Null);
    Terms::of(plan).apply_json(&mut value);
    value
}

/// The words of `framework show`.
#[derive(Debug, Clone, Copy)]
pub struct ShowWords {
    /// "versie".
    pub version: &'static str,
    /// "Taakgebieden en bekwaamheden".
    pub task_areas: &'static str,
    /// "Bekwaamheden" (without task areas).
    pub competencies: &'static str,
    /// "toegevoegd".
    pub added: &'static str,
    /// "Leeruitkomst".
    pub outcome: &'static str,
    /// "bekwaamheden" (under an outcome).
    pub outcome_competencies: &'static str,
    /// "Beoordelingsschaal".
    pub scale: &'static str,
    /// "punten".
    pub points: &'static str,
    /// "cesuur" (marks the pass level).
    pub pass_level: &'static str,
}

/// The words of `framework show` in `language`, the framework's own.
pub fn show_words(language: Language) -> ShowWords {
    match language {
        Language::Nl => nl::SHOW,
        Language::En => en::SHOW,
    }
}

/// The words of the sealed archive on the terminal (see `crate::seal`): the password
/// prompt of `report --sign`, the signature line of `report` and `verify`.
#[derive(Debug, Clone, Copy)]
pub struct SealWords {
    /// "signature", the line's label.
    pub label: &'static str,
    /// "signed by {subject}".
    pub signed_by: &'static str,
    /// "certificate issued by {issuer}, valid {from} to {to}".
    pub certificate: &'static str,
    /// "SHA-256 fingerprint of the certificate {fingerprint}".
    pub fingerprint: &'static str,
    /// An archive without a signature: not a problem, said plainly.
    pub not_signed: &'static str,
    /// The password prompt, with `{file}`.
    pub prompt: &'static str,
}

/// The seal's words for a language.
pub fn seal_words(language: Language) -> SealWords {
    match language {
        Language::Nl => nl::SEAL,
        Language::En => en::SEAL,
    }
}

/// The seal's words on the terminal: English, as the rest of `verify`'s report.
pub const SEAL: SealWords = en::SEAL;

/// The signature line: who signed, the certificate's issuer, validity and fingerprint.
pub fn signer_line(w: &SealWords, s: &crate::seal::Signer) -> String {
    format!(
        "{}: {} ({}; {})",
        w.label,
        w.signed_by.replace("{subject}", &s.subject),
        w.certificate
            .replace("{issuer}", &s.issuer)
            .replace("{from}", &s.valid_from)
            .replace("{to}", &s.valid_to),
        w.fingerprint.replace("{fingerprint}", &s.fingerprint)
    )
}
/// The words of `meetlat collect` (its summary and the reasons a file was not used), in
/// the course's language. `{…}` are filled in. Each reason is what is wrong and what to
/// do.
#[derive(Debug, Clone, Copy)]
pub struct CollectWords {
    /// "formulieren gelezen voor {course}".
    pub title: &'static str,
    /// "gelezen: {n} formulier(en)".
    pub read: &'static str,
    /// Identical files of one student, used once: "{files}".
    pub duplicates: &'static str,
    /// Students without a form for `{moment}`: `{n}` and the list follows.
    pub missing: &'static str,
    /// Every student has a form for `{moment}`.
    pub all_returned: &'static str,
    /// Indicators left empty: `{n}` of `{m}` students, the list follows.
    pub empty: &'static str,
    /// No indicator left empty.
    pub none_empty: &'static str,
    /// A conflict solved by `--prefer-newest`: `{student}`, `{moment}`, `{file}`.
    pub newest: &'static str,
    /// Files not used: `{n}`, the list follows.
    pub unused: &'static str,
    /// Items of a folder that were skipped (no PDF, a subfolder): `{n}`.
    pub skipped: &'static str,
    /// "geschreven".
    pub written: &'static str,
    /// Nothing written (no usable form).
    pub nothing_written: &'static str,
    /// Not a PDF.
    pub not_pdf: [&'static str; 2],
    /// Encrypted.
    pub encrypted: [&'static str; 2],
    /// Damaged or cut off.
    pub damaged: [&'static str; 2],
    /// Larger than `{mb}` MB.
    pub too_large: [&'static str; 2],
    /// Cannot be read from disk: `{reason}`.
    pub unreadable: [&'static str; 2],
    /// A PDF that is no meetlat form.
    pub not_a_form: [&'static str; 2],
    /// A meetlat form without fields (printed to PDF, flattened): needs the scan path.
    pub no_fields: [&'static str; 2],
    /// A form with fields that does not say whose it is.
    pub no_identity: [&'static str; 2],
    /// A form of course `{course}`, not `{expected}`.
    pub other_course: [&'static str; 2],
    /// A form of another version: `{found}`, `{expected}`.
    pub other_version: [&'static str; 2],
    /// Student `{student}` is not in the list.
    pub unknown_student: [&'static str; 2],
    /// A blank form without a student number.
    pub blank_without_number: [&'static str; 2],
    /// Fields missing or renamed: `{fields}`.
    pub missing_fields: [&'static str; 2],
    /// Field `{field}` has value `{value}`, which is no level.
    pub bad_value: [&'static str; 2],
    /// Student `{student}`, `{moment}`: returned more than once with different content:
    /// `{files}`.
    pub conflict: [&'static str; 2],
}

/// The words of `meetlat collect` in `language`.
pub fn collect_words(language: Language) -> &'static CollectWords {
    match language {
        Language::Nl => &nl::COLLECT,
        Language::En => &en::COLLECT,
    }
}

/// The words of the supervisors' observations where they are used after `collect`: the
/// scoring sheet's `Werkplek` sheet (`sheet --observations`) and the reports (`report
/// --observations`), in the course's language.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ObservationWords {
    /// The read-only sheet's name (`Werkplek`).
    #[serde(skip)]
    pub sheet: &'static str,
    /// Row 1 of that sheet: what it is and how differences are marked on `Scores`.
    #[serde(skip)]
    pub sheet_legend: &'static str,
    /// Its legend without `--prefill` (nothing on `Scores` is marked).
    #[serde(skip)]
    pub sheet_legend_plain: &'static str,
    /// The columns after the indicators: moment, supervisor, organisation, date, advice,
    /// file.
    #[serde(skip)]
    pub sheet_headers: [&'static str; 6],
    /// In the moment column of a student without a returned form.
    #[serde(skip)]
    pub no_form: &'static str,
    /// The paragraph on the instruction sheet: title.
    #[serde(skip)]
    pub instruction_title: &'static str,
    /// Its text with `--prefill`; `{sheet}` is the sheet's name.
    #[serde(skip)]
    pub instruction_prefill: &'static str,
    /// Its text without `--prefill`.
    #[serde(skip)]
    pub instruction_plain: &'static str,
    /// The report's heading of the supervisor's block ("Werkplekbegeleider").
    pub heading: &'static str,
    /// "Advies".
    pub advice: &'static str,
    /// "Organisatie".
    pub organisation: &'static str,
    /// "Datum".
    pub date: &'static str,
    /// "Naam".
    pub name: &'static str,
    /// "Moment".
    pub moment: &'static str,
    /// The indicator table's column of the supervisor's level ("Werkplek").
    pub column: &'static str,
    /// Under the block: what the column shows.
    pub column_note: &'static str,
    /// "{n} van {m} indicatoren anders gezien door de werkplekbegeleider".
    pub differences: &'static str,
    /// No indicator seen differently.
    pub no_differences: &'static str,
    /// The report of a student without a returned form.
    pub no_form_report: &'static str,
    /// The advice options as printed: pass, fail, no advice, nothing ticked.
    pub advice_texts: [&'static str; 4],
    /// The moments as printed: final, midway.
    pub moments: [&'static str; 2],
}

/// The observations' words in `language`.
pub fn observation_words(language: Language) -> &'static ObservationWords {
    match language {
        Language::Nl => &nl::OBSERVATIONS,
        Language::En => &en::OBSERVATIONS,
    }
}

impl ObservationWords {
    /// The advice of a form (`voldoende`, `onvoldoende`, `geen-advies` or nothing) as
    /// printed.
    pub fn advice_text(&self, advice: Option<&str>) -> &'static str {
        match advice {
            Some("voldoende") => self.advice_texts[0],
            Some("onvoldoende") => self.advice_texts[1],
            Some("geen-advies") => self.advice_texts[2],
            _ => self.advice_texts[3],
        }
    }

    /// A moment id (`eind`, `tussentijds`) as printed.
    pub fn moment_text(&self, moment: &str) -> &'static str {
        if moment == "eind" { self.moments[0] } else { self.moments[1] }
    }
}

/// The words of the analysis of the assessment (toetsanalyse) in the cohort overview and
/// its CSV (see [`crate::analysis`]). `{…}` are filled in. The CSV words are ASCII codes,
/// not translated prose: the committee filters on them.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AnalysisWords {
    /// The overview's heading: "Cohortoverzicht en toetsanalyse".
    pub title: &'static str,
    /// "{n} van {m}".
    pub n_of_m: &'static str,
    /// Key figure: "Onvoldoende".
    pub failed: &'static str,
    /// Key figure: "Standaarddeviatie".
    pub sd: &'static str,
    /// Under the key figures: what the percentages are of.
    pub percent_basis: &'static str,
    /// `percent_basis` for a course without a grade.
    pub percent_basis_no_grade: &'static str,
    /// The tile of students without a result, for a course without a grade.
    pub no_result: &'static str,
    /// The histogram's axis for one-decimal grades, half points and whole points.
    pub bins_axis: [&'static str; 3],
    /// The bar of students without a grade: "zonder cijfer".
    pub no_grade: &'static str,
    /// Its legend: "zonder cijfer: onvoldoende bewijs, apart geteld".
    pub legend_no_grade: &'static str,
    /// After an outcome's share: "{n} zonder genoeg bewijs".
    pub no_evidence: &'static str,
    /// Under the outcome shares: of whom the share is.
    pub shares_note: &'static str,
    /// "Niveaus per indicator".
    pub levels_title: &'static str,
    /// Under it: `{n}` students, `{pct}` the mark's threshold.
    pub levels_note: &'static str,
    /// Column: "Indicator".
    pub indicator: &'static str,
    /// Column: "NG".
    pub not_observed: &'static str,
    /// Column: "% NG".
    pub not_observed_share: &'static str,
    /// "Overeenstemming werkplekbegeleider en examinator".
    pub agreement_title: &'static str,
    /// What is compared: `{forms}` final observations.
    pub agreement_intro: &'static str,
    /// How to read the weighted kappa: one sentence.
    pub agreement_reading: &'static str,
    /// Column: "Paren".
    pub pairs: &'static str,
    /// Column: "Niet meegeteld" (NG or nothing chosen).
    pub excluded: &'static str,
    /// Column: "Gelijk".
    pub exact: &'static str,
    /// Column: "Gewogen kappa".
    pub kappa: &'static str,
    /// The pooled row: "Alle indicatoren samen".
    pub overall: &'static str,
    /// Kappa not computed: no pairs.
    pub no_pairs: &'static str,
    /// Kappa not computed: fewer than `{min}` pairs.
    pub too_few_pairs: &'static str,
    /// Kappa not computed: both always the same level.
    pub no_variation: &'static str,
    /// No final observation of an assessed student.
    pub no_final_forms: &'static str,
    /// The CSV's columns.
    #[serde(skip)]
    pub csv_header: [&'static str; 8],
    /// Its sections: key figures, grades, cesuur, levels, agreement.
    #[serde(skip)]
    pub csv_sections: [&'static str; 5],
    /// Key figures: assessed, not reported, with a grade, pass, fail, incomplete, mean,
    /// standard deviation.
    #[serde(skip)]
    pub csv_key: [&'static str; 8],
    /// A bin's grades: pass, fail; the students without a grade.
    #[serde(skip)]
    pub csv_bins: [&'static str; 3],
    /// Per outcome: reached, not reached, too little evidence.
    #[serde(skip)]
    pub csv_outcome: [&'static str; 3],
    /// Agreement: forms, pairs, excluded, exact, kappa.
    #[serde(skip)]
    pub csv_agreement: [&'static str; 5],
    /// Why no kappa: no pairs, too few pairs, no variation.
    #[serde(skip)]
    pub csv_no_kappa: [&'static str; 3],
}

/// The analysis words for a language.
pub fn analysis_words(language: Language) -> AnalysisWords {
    match language {
        Language::Nl => nl::ANALYSIS,
        Language::En => en::ANALYSIS,
    }
}

/// The analysis words of `plan`'s language with its framework's terms, for templates.
pub fn analysis_words_json(plan: &Plan) -> serde_json::Value {
    let mut value = serde_json::to_value(analysis_words(plan.course.language))
        .unwrap_or(serde_json::Value::Null);
    Terms::of(plan).apply_json(&mut value);
    value
}

/// The words of the exam committee's part of a final report (the course's
/// `assessment` block): programme, EC, attempt, dates, who determined the result, the
/// appeal clause.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ExamWords {
    /// "Opleiding".
    pub programme: &'static str,
    /// "Studiepunten".
    pub ec: &'static str,
    /// "{ec} EC".
    pub ec_value: &'static str,
    /// "Kans".
    pub attempt: &'static str,
    /// "eerste kans", "herkansing".
    pub attempts: [&'static str; 2],
    /// "Beoordeeld op".
    pub assessed_on: &'static str,
    /// "Vastgesteld door {names} op {date}." (`{date}` left out when not given).
    pub decided: &'static str,
    /// "Vastgesteld door {names}." without a date.
    pub decided_no_date: &'static str,
    /// "Inzage en beroep".
    pub appeal_title: &'static str,
    /// The default appeal clause.
    pub appeal_default: &'static str,
    /// An outcome's score in the rubric's points: "{p} van {max} punten".
    pub points_of: &'static str,
    /// "cesuur ({c}) gehaald", with the cut score in points.
    pub reached: &'static str,
    /// "cesuur ({c}) niet gehaald".
    pub not_reached: &'static str,
    /// The final score in the rubric's points: "{p} punten".
    pub mean_points: &'static str,
    /// What the final score is: "gemiddeld per indicator".
    pub mean_points_note: &'static str,
    /// What the cut score is: "alles {pass}".
    pub cesuur_points_note: &'static str,
}

/// The exam committee's words in `language`.
pub fn exam_words(language: Language) -> ExamWords {
    match language {
        Language::Nl => nl::EXAM,
        Language::En => en::EXAM,
    }
}

/// meetlat's vocabulary: one term per concept, used on every document, the sheet and the
/// README ("Begrippen"). A document that needs one of these words takes it from here.
#[derive(Debug, Clone, Copy)]
pub struct Vocabulary {
    /// The person who assesses and determines the result: "examinator" (never
    /// "beoordelaar").
    pub examiner: &'static str,
    /// The supervisor at the workplace, who observes and advises: "werkplekbegeleider".
    pub supervisor: &'static str,
    /// What a supervisor records at the end: "eindobservatie" (an advice, not the
    /// assessment).
    pub final_observation: &'static str,
    /// … and half-way: "tussentijdse observatie".
    pub midway_observation: &'static str,
    /// The result without enough evidence: "incompleet".
    pub incomplete: &'static str,
    /// Its reason: "onvoldoende bewijs".
    pub no_evidence: &'static str,
    /// The examiners' reasons for a result: "Motivering".
    pub motivation: &'static str,
    /// "Vingerafdruk", and what it is.
    pub fingerprint: (&'static str, &'static str),
}

/// The vocabulary in `language`.
pub fn vocabulary(language: Language) -> Vocabulary {
    match language {
        Language::Nl => nl::VOCABULARY,
        Language::En => en::VOCABULARY,
    }
}

/// The words of reading scanned paper forms (`meetlat collect` on scans) and of the review
/// PDF (`controle.pdf`), in the course's language. `{…}` are filled in. A reason is what is
/// wrong and what to do.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScanWords {
    /// A page of a file: "{file}, pagina {page}".
    pub page_of_file: &'static str,
    /// Summary: "gescande pagina's: {read} gelezen, {blank} blanco overgeslagen, {unused}
    /// niet gebruikt".
    pub pages: &'static str,
    /// Summary: rows to check: `{n}` rows of `{m}` forms, in `{file}` and `{csv}`.
    pub to_review: &'static str,
    /// Summary: `{n}` rows decided by a person, from `{file}`.
    pub decided: &'static str,
    /// Summary: nothing to check.
    pub nothing_to_review: &'static str,
    /// Summary: a form's pages missing from the scans: `{student}`, `{moment}`, `{pages}`.
    pub missing_pages: &'static str,
    /// No meetlat page code found on a page.
    pub no_code: [&'static str; 2],
    /// A page that cannot be decoded.
    pub undecodable: [&'static str; 2],
    /// A page of a blank form.
    pub blank_form: [&'static str; 2],
    /// A page number `{page}` the form does not have.
    pub no_such_page: [&'static str; 2],
    /// What was read of a row: nothing.
    pub read_none: &'static str,
    /// More than one box: `{values}`.
    pub read_several: &'static str,
    /// A mark between dark and light: `{values}`.
    pub read_unclear: &'static str,
    /// A line through the row.
    pub read_streak: &'static str,
    /// The page could not be aligned.
    pub read_not_aligned: &'static str,
    /// The row's page is not in the scans.
    pub read_missing_page: &'static str,
    /// Review PDF: title.
    pub review_title: &'static str,
    /// Review PDF: what it is and what to do.
    pub review_intro: &'static str,
    /// Review PDF: heading of the rows.
    pub review_rows: &'static str,
    /// Review PDF: heading of the pages not identified.
    pub review_pages: &'static str,
    /// Review PDF: "student", "moment", "leeruitkomst", "indicator", "gelezen", "bron".
    pub review_student: &'static str,
    /// See [`ScanWords::review_student`].
    pub review_outcome: &'static str,
    /// See [`ScanWords::review_student`].
    pub review_read: &'static str,
    /// See [`ScanWords::review_student`].
    pub review_source: &'static str,
    /// Review PDF: the examiner's decision (from `controle.csv`).
    pub review_decision: &'static str,
    /// The advice row's name.
    pub advice: &'static str,
}

/// The words of reading scans in `language`.
pub fn scan_words(language: Language) -> &'static ScanWords {
    match language {
        Language::Nl => &nl::SCAN,
        Language::En => &en::SCAN,
    }
}

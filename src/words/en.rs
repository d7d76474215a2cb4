//! meetlat's own words in English (`language: en`). The framework's text is never
//! translated. A new language is a new file like this one, plus one line per function in
//! `words/mod.rs`.

use super::{
    Decided, FileWords, Labels, ReportLabels, RuleFacts, ScoringRule, SealWords,
    SheetWords, SummaryWords, Term,
};
use crate::grade::{Decision, Verdict};
use crate::model::Rounding;

/// The documents' labels.
pub(super) const LABELS: Labels = Labels {
    rubric: "Rubric",
    rubric_title: "Assessment rubric",
    course: "Course",
    academic_year: "Academic year",
    period: "Period",
    institution: "Institution",
    examiners: "Examiners",
    date: "Date",
    framework: "Framework",
    version: "version",
    scale: "Rating scale",
    level: "Level",
    points: "Points",
    descriptor: "Description",
    outcome: "Learning outcome",
    outcomes_overview: "Learning outcomes in this assessment",
    core_task: "Core task",
    competencies: "Competencies",
    indicator: "Behavioural indicator",
    indicators: "Indicators",
    weight: "Weight",
    page_of: "page {x} of {y}",
    fingerprint: "Fingerprint",
    scoring_title: "How the assessment is calculated",
    uniform_example: "If every indicator is at this level",
    grade: "Grade",
    point: "point",
    points_unit: "points",
    continued: "(continued)",
    not_observed: "not observed",
    observation_form: "Observation form",
    blank_student: "the student",
    student: "Student",
    student_number: "Student number",
    supervisor: "Workplace supervisor",
    organisation: "Organisation",
    moment: "Moment",
    instructions: "Notes for the workplace supervisor",
    examples: "Examples of what you saw",
    remarks: "General remarks",
    advice: "Advice to the examiner",
    no_advice: "no advice",
    pass: "pass",
    fail: "fail",
    name: "Name",
    signature: "Signature",
    seen_by_student: "Seen by the student",
    form: "Form",
    ng_column: "Not observed",
    level_meaning: "What the levels mean",
    ng_meaning: "You could not observe this behaviour; it then does not count in the assessment.",
    own_descriptors: "Levels with a description of their own (as in the rubric); it replaces the general meaning",
};

/// The words of the final reports and the cohort overview.
pub(super) const REPORT: ReportLabels = ReportLabels {
    report_title: "Assessment report",
    overview_title: "Cohort overview",
    final_assessment: "Final assessment",
    chosen_level: "Level chosen",
    score: "Score",
    final_score: "Final score",
    cesuur: "Cut score",
    result: "Result",
    decided_by: "Motivation",
    reasoning: "Examiners' motivation",
    provisional: "provisional: not every student has been fully assessed",
    assessed: "Assessed",
    reason: "Motivation",
    legend_pass: "pass",
    legend_fail: "fail",
    observed: "Observed",
    rules: "Rules that applied",
    signatures: "Signatures",
    examiner: "Examiner",
    students: "Students",
    histogram: "Distribution of grades",
    outcome_shares: "Cut score reached per learning outcome",
    passed: "Passed",
    mean_grade: "Mean grade",
    without_grade: "No grade (insufficient evidence)",
    not_reported: "Not in this overview (assessment not complete)",
    unrounded: "Unrounded grade",
    histogram_axes: "grade (rounded to whole points) · height: number of students",
};

/// The months, for dates.
pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "point" and "points".
pub(super) const POINT: (&str, &str) = ("point", "points");
/// "and", joining the last of a list.
pub(super) const AND: &str = "and";

// The grading rules, explained twice: for the student (rubric and report) and for the
// examiner filling in the scoring sheet. A rule change changes both, here and in nl.rs.

/// The rules in words a student understands.
pub(super) fn scoring_rules(f: &RuleFacts) -> Vec<ScoringRule> {
    let mut p = vec![
        ScoringRule::new(
            "Levels",
            format!(
                "For each behavioural indicator the examiner chooses one level: {}.",
                f.levels
            ),
        ),
        ScoringRule::new(
            "Not observed",
            "If the examiner could not observe an indicator, they choose ‘not \
             observed’ (NG). That indicator then does not count: not in \
             your points and not in the maximum.",
        ),
        ScoringRule::new(
            "Sufficient evidence",
            format!(
                "For each learning outcome at least {} of its indicators \
                 must be observed. Otherwise the result is ‘insufficient evidence’ and no grade \
                 is given (yet).",
                f.share
            ),
        ),
        ScoringRule::new(
            "Score and weights",
            format!(
                "For each learning outcome we count the points of the observed \
                 indicators: your score is the mean number of points per indicator. The \
                 final score is the weighted mean of the outcomes: {}.",
                f.weights_nbsp
            ),
        ),
        ScoringRule::new(
            "Cut score",
            format!(
                "If every indicator is at ‘{}’ ({}), you reach exactly the \
                 cut score: that gives a {}. Below it the grade falls evenly to 1.0 (all \
                 ‘{}’), above it it rises evenly to 10.0 (all ‘{}’).",
                f.pass_label, f.pass_points, f.grade_at_cesuur, f.lowest, f.highest
            ),
        ),
        ScoringRule::new(
            "Rounding",
            match f.rounding {
                Rounding::EenDecimaal => {
                    "The grade is rounded to one decimal, half \
                     up: 6.45 becomes 6.5 and 6.44 becomes 6.4."
                }
                Rounding::HalvePunten => {
                    "The grade is rounded to whole or half \
                     points; a 5.5 is never given: below 5.5 it becomes 5, from 5.5 it becomes 6."
                }
                Rounding::HelePunten => {
                    "The grade is rounded to whole points, half \
                     up: 6.5 becomes 7."
                }
            },
        ),
    ];
    if f.knockout {
        p.push(ScoringRule::new(
            "Knock-out",
            format!(
                "Every learning outcome must reach the cut score on its own. If one \
                 does not, the result is a fail and your grade is at most {}.",
                f.knockout_cap
            ),
        ));
    }
    p.push(ScoringRule::new(
        "Result",
        format!(
            "You pass with a rounded grade of {} or higher{}.",
            f.pass_grade,
            if f.knockout { " and no knock-out" } else { "" }
        ),
    ));
    p
}

/// The rules of a course that gives no grade (`grading.grade: none`), see `nl.rs`.
pub(super) fn without_grade(rules: Vec<ScoringRule>, f: &RuleFacts) -> Vec<ScoringRule> {
    rules
        .into_iter()
        .filter(|r| r.title != "Rounding")
        .map(|r| match r.title.as_str() {
            "Sufficient evidence" => ScoringRule::new(
                "Sufficient evidence",
                format!(
                    "For each learning outcome at least {} of its indicators must be \
                     observed. Otherwise the result is ‘insufficient evidence’ and there is \
                     no result (yet).",
                    f.share
                ),
            ),
            "Not observed and evidence" => ScoringRule::new(
                "Not observed and evidence",
                format!(
                    "NG counts neither in the points nor in the maximum. For each learning outcome at least {} of the indicators must be observed; otherwise the sheet shows the result 'incomplete'.",
                    f.share
                ),
            ),
            "Cut score" => ScoringRule::new(
                "Cut score",
                format!(
                    "If every indicator is at ‘{}’, you reach exactly the cut score. This \
                     course gives no grade: a learning outcome is achieved when its score \
                     reaches the cut score.",
                    f.pass_label
                ),
            ),
            "Knock-out" if f.knockout => ScoringRule::new(
                "Knock-out",
                "Every learning outcome must reach the cut score on its own. If one does \
                 not, the result is a fail.",
            ),
            "Result" => ScoringRule::new(
                "Result",
                format!(
                    "The result is a pass when the final score reaches the cut score{}. There \
                     is no grade.",
                    if f.knockout { " and there is no knock-out" } else { "" }
                ),
            ),
            _ => r,
        })
        .collect()
}

/// The scoring sheet's instructions for the examiner.
pub(super) fn sheet_instructions(f: &RuleFacts) -> Vec<ScoringRule> {
    let rounding = match f.rounding {
        Rounding::EenDecimaal => "to one decimal, half up (6.45 becomes 6.5)",
        Rounding::HalvePunten => {
            "to whole or half points; never 5.5 (below it 5, from 5.5 a 6)"
        }
        Rounding::HelePunten => "to whole points, half up",
    };
    vec![
        ScoringRule::new(
            "Filling in",
            format!(
                "On the Scores sheet, choose a level for every student and behavioural indicator from the dropdown: {}, or NG (not observed). An empty cell is not assessed yet: it is highlighted in yellow, and while a student has empty cells the sheet shows no grade but 'to be filled in' (the scores per learning outcome already follow along). Choose NG for what could not be observed. meetlat report makes a final report only for students without empty cells. Only the input cells can be edited; the rest of the sheet calculates itself.",
                f.level_ids
            ),
        ),
        ScoringRule::new(
            "Not observed and evidence",
            format!(
                "NG counts neither in the points nor in the maximum. For each learning outcome at least {} of the indicators must be observed; otherwise the sheet shows 'insufficient evidence' and the result 'incomplete'.",
                f.share
            ),
        ),
        ScoringRule::new(
            "Score and weights",
            format!(
                "Per learning outcome: the mean points per observed indicator. The final score is the weighted mean: {}. The cut score and the grade use the share of the points above the lowest level: (score − MinPoints) / (MaxPoints − MinPoints).",
                f.weights
            ),
        ),
        ScoringRule::new(
            "Cut score",
            format!(
                "If every indicator is at '{}', the cut score is reached exactly (score {}): grade {}. Below it the grade falls in a straight line to 1.0, above it it rises to 10.0.",
                f.pass_level, f.pass_points, f.grade_at_cesuur_short
            ),
        ),
        ScoringRule::new("Rounding", format!("The grade is rounded {rounding}.")),
        ScoringRule::new(
            "Knock-out",
            if f.knockout {
                format!(
                    "Every learning outcome must reach the cut score on its own. If one does not, the result is a fail and the grade at most {}.",
                    f.knockout_cap_short
                )
            } else {
                "Not used in this course.".into()
            },
        ),
        ScoringRule::new(
            "Result",
            format!(
                "Pass with a rounded grade of {} or higher{}.",
                f.pass_grade_short,
                if f.knockout { " and no knock-out" } else { "" }
            ),
        ),
        ScoringRule::new(
            "Origin",
            format!(
                "Course {} ({}), framework {} version {}, fingerprint {}. The Settings sheet holds the numbers the formulas use; meetlat computes the same grades and checks this sheet when reading it back.",
                f.course_code,
                f.academic_year,
                f.framework_title,
                f.framework_version,
                f.fingerprint
            ),
        ),
    ]
}

/// Which rule decided a student's result, in one sentence.
pub(super) fn decided_by(d: &Decided) -> String {
    let f = &d.facts;
    match d.rule {
        Decision::Cesuur if !f.graded => match d.verdict {
            Verdict::Voldoende => format!(
                "the final score reaches the cut score{}.",
                if f.knockout { " and every learning outcome reaches it" } else { "" }
            ),
            _ => "the final score does not reach the cut score.".to_owned(),
        },
        Decision::KnockOut if !f.graded => format!(
            "knock-out: {} {} not reach the cut score; the result is a fail.",
            d.failed.0,
            if d.failed.1 == 1 { "does" } else { "do" },
        ),
        Decision::Cesuur => match d.verdict {
            Verdict::Voldoende => format!(
                "the grade {} is {} or higher{}.",
                d.grade,
                f.pass_grade,
                if f.knockout {
                    " and every learning outcome reaches the cut score"
                } else {
                    ""
                }
            ),
            _ => format!("the grade {} is below {}.", d.grade, f.pass_grade),
        },
        Decision::KnockOut => format!(
            "knock-out: {} {} not reach the cut score; the result is a fail and the grade at \
             most {}.",
            d.failed.0,
            if d.failed.1 == 1 { "does" } else { "do" },
            f.knockout_cap
        ),
        Decision::Evidence => format!(
            "insufficient evidence: for {} fewer than {} of the indicators were observed; \
             there is no grade (yet).",
            d.thin, f.share
        ),
    }
}

/// The scoring sheet's words.
pub(super) const SHEET: SheetWords = SheetWords {
    instructions: "Instructions",
    title: "Scoring sheet",
    motivation: "Motivation",
    motivation_note: "The examiners' motivation: why this result. It appears in the final report under 'Motivation'; needed for a fail.",
    outcome_motivation_note: "May stay empty. A motivation for one learning outcome: it appears in the final report under that outcome.",
    scores: "Scores",
    name: "Name",
    score: "score",
    cesuur: "cut score",
    per_outcome: "Per learning outcome",
    final_result: "Final result",
    final_score: "Final score",
    unrounded: "Unrounded",
    knockout: "Knock-out",
    result: "Result",
    yes: "yes",
    no: "no",
    pass: "pass",
    fail: "fail",
    incomplete: "incomplete",
    no_evidence: "insufficient evidence",
    to_fill: "to be filled in",
    not_observed: "not observed",
    page: "page &P of &N",
    settings: "Settings",
    number: "Student number",
    grade: "Grade",
    code_label: "Course code",
    fingerprint_label: "Fingerprint",
    framework_label: "Framework",
    level_headers: ["Level", "Label", "Points"],
    setting_headers: ["Name", "Value", "Meaning"],
    rubric_headers: ["Indicator", "Learning outcome", "Text"],
    invalid_title: "Not a valid level",
    invalid_message: "Choose a level: {levels}, or NG ({ng}).",
    setting_meanings: [
        "points of the lowest level",
        "points of the highest level",
        "score (0–1) when everything is '{level}': ({points} − MinPunten) / (MaxPunten − MinPunten)",
        "grade at the cut score",
        "lowest grade",
        "highest grade",
        "share of the indicators that must be observed per learning outcome",
        "1: every learning outcome must reach the cut score; 0: not",
        "highest grade after a knock-out",
        "lowest passing grade (rounded)",
        "1: one decimal; 2: half points, no 5.5; 3: whole points",
        "margin for rounding and comparisons",
    ],
    weight_meaning: "weight of {id} {title}",
};

/// Words in file names and identifiers.
pub(super) const FILES: FileWords = FileWords {
    report: "assessment",
    overview: "overview",
    blank: "blank",
    observation: "observation",
    forms: "observation-forms",
    final_moment: "final",
    midway_moment: "midway",
    grades_header: ["student_number", "grade", "result"],
    grades_results: ["pass", "fail", "incomplete"],
};

/// The workbook's defined names (see `words::sheet_name`).
pub(super) const SHEET_NAMES: &[(&str, &str)] = &[
    ("MinPunten", "MinPoints"),
    ("MaxPunten", "MaxPoints"),
    ("Cesuur", "CutScore"),
    ("CijferCesuur", "GradeAtCutScore"),
    ("MinCijfer", "MinGrade"),
    ("MaxCijfer", "MaxGrade"),
    ("MinGeobserveerd", "MinObserved"),
    ("Voldoende", "PassGrade"),
    ("Afronding", "Rounding"),
    ("Tolerantie", "Tolerance"),
    ("NiveauIds", "LevelIds"),
    ("NiveauPunten", "LevelPoints"),
    ("Keuzelijst", "Choices"),
    ("Cursuscode", "CourseCode"),
    ("Vingerafdruk", "Fingerprint"),
];
/// The prefix of an outcome's weight name (`Weging_LU3` in Dutch).
pub(super) const WEIGHT_PREFIX: &str = "Weight_";

/// The form's default instructions for the supervisor.
pub(super) const DEFAULT_INSTRUCTIONS: &str = "Dear workplace supervisor, you observe \
     {{ student.first_name }} during the placement. For each behavioural indicator, tick what \
     you have seen, or ‘not observed’, and give concrete examples. This form is advice to the \
     examiner; the examiner assesses.";

/// The words of the `check` summary.
pub(super) const SUMMARY: SummaryWords = SummaryWords {
    version: "version",
    outcomes: "learning outcomes",
    indicators: "behavioural indicators",
    indicators_short: "indicators",
    weight: "weight",
    scale: "scale",
    not_observed: "NG (not observed)",
    cesuur: "cut score",
    all: "all",
    per_indicator: "per indicator",
    grade: "grade",
    rounding: "rounding",
    roundings: ["one decimal, half up", "half points, no 5.5", "whole points"],
    evidence: "evidence: at least {share}% of the indicators observed per learning outcome",
    knockout_yes: "yes, every learning outcome must reach the cut score (else at most {cap})",
    no: "no",
    students: "students",
    fingerprint: "fingerprint",
    no_grade: "no grade: pass or fail only",
    knockout_no_grade: "yes, every learning outcome must reach the cut score",
};

/// Phrases of this file's wording that name a framework's parts (see `Terms`).
pub(super) const TERM_PHRASES: &[(&str, Term)] = &[
    ("learning outcomes", Term::Outcomes),
    ("learning outcome", Term::Outcome),
    ("outcomes", Term::Outcomes),
    ("outcome", Term::Outcome),
    ("behavioural indicators", Term::Indicators),
    ("behavioural indicator", Term::Indicator),
    ("indicators", Term::Indicators),
    ("indicator", Term::Indicator),
    ("levels", Term::Levels),
    ("level", Term::Level),
    ("core task", Term::CoreTask),
    ("competencies", Term::Competencies),
];

/// The words of `framework show`.
pub(super) const SHOW: super::ShowWords = super::ShowWords {
    version: "version",
    task_areas: "Task areas and competencies",
    competencies: "Competencies",
    added: "added",
    outcome: "Learning outcome",
    outcome_competencies: "competencies",
    scale: "Rating scale",
    points: "points",
    pass_level: "cut score",
};

/// Progress lines on the terminal.
pub(super) const PROGRESS_FORMS: &str = "observation forms";
/// See `PROGRESS_FORMS`.
pub(super) const PROGRESS_REPORTS: &str = "final reports";

/// The sealed archive's words (see `words::SealWords`).
pub(super) const SEAL: SealWords = SealWords {
    label: "signature",
    signed_by: "signed by {subject}",
    certificate: "certificate issued by {issuer}, valid from {from} to {to}",
    fingerprint: "SHA-256 fingerprint of the certificate {fingerprint}",
    not_signed: "not signed (the archive has no manifest.json.p7s)",
    prompt: "Password of {file}: ",
};

/// `meetlat collect`.
pub(super) const COLLECT: super::CollectWords = super::CollectWords {
    title: "filled-in observation forms of {course}",
    read: "read: {n} form(s)",
    duplicates: "returned twice with the same content (used once): {files}",
    missing: "without a form ({moment}): {n} student(s)",
    all_returned: "every student returned a form ({moment})",
    empty: "indicators left empty: {n}, of {m} student(s)",
    none_empty: "indicators left empty: none",
    newest: "{student} ({moment}): used the newest file, {file} (--prefer-newest)",
    unused: "not used: {n} file(s)",
    skipped: "skipped in a folder (no PDF, or a subfolder): {n}",
    written: "written",
    nothing_written: "nothing written: no form could be used",
    not_pdf: [
        "not a PDF file",
        "save the filled-in form as a PDF, or leave this file out",
    ],
    encrypted: [
        "the PDF is protected (encrypted or with a password)",
        "ask the supervisor to save the form without protection",
    ],
    damaged: [
        "the PDF is damaged or incomplete (for example half downloaded)",
        "ask the supervisor to send the file again",
    ],
    too_large: [
        "the file is larger than {mb} MB; a filled-in form is much smaller",
        "check that this is the filled-in form",
    ],
    unreadable: [
        "the file cannot be read ({reason})",
        "check that it exists and that you may read it",
    ],
    not_a_form: [
        "not a meetlat observation form",
        "check that this is the right file, or leave it out",
    ],
    no_fields: [
        "an observation form without form fields that is no scan (printed to PDF or \
         flattened); meetlat reads forms with their fields and scans of paper",
        "copy the values by hand, or ask the supervisor to fill in the form on screen and \
         save it as a PDF",
    ],
    no_identity: [
        "the form does not say which student it is for (made by an older meetlat, or its \
         hidden field `meetlat` was removed)",
        "copy the values by hand, or send the supervisor a new form (meetlat forms)",
    ],
    other_course: [
        "a form of course {course}, not of {expected}",
        "read it with the course file of {course}",
    ],
    other_version: [
        "a form of another version of the course (fingerprint {found}; the course file now \
         has {expected})",
        "use the course file and framework the forms were made with, or send the \
         supervisor a new form",
    ],
    unknown_student: [
        "student number {student} is not in the student list",
        "add the student to the list (or pass --students), or check the number",
    ],
    blank_without_number: [
        "a blank form without a student number",
        "fill in the field 'Student number' and read it again",
    ],
    missing_fields: [
        "fields are missing or renamed: {fields}",
        "ask the supervisor to fill in the original form, without editing it",
    ],
    bad_value: [
        "field {field} has the value '{value}', which is no level of the course",
        "ask the supervisor to fill in the original form, without editing it",
    ],
    conflict: [
        "student {student} ({moment}) was returned more than once, with different \
         content: {files}; none of them was used",
        "leave out the wrong files, or pass --prefer-newest to use the newest",
    ],
};

/// The observations after `collect`: the sheet `Workplace` and the reports.
pub(super) const OBSERVATIONS: super::ObservationWords = super::ObservationWords {
    sheet: "Workplace",
    sheet_legend: "Read-only: what the workplace supervisor ticked (from observations.json). \
                   On the Scores sheet, levels that differ from it are marked purple.",
    sheet_legend_plain: "Read-only: what the workplace supervisor ticked (from observations.json).",
    sheet_headers: [
        "Moment",
        "Workplace supervisor",
        "Organisation",
        "Date",
        "Advice",
        "Form",
    ],
    no_form: "no form",
    instruction_title: "Workplace supervisor",
    instruction_prefill: "The sheet {sheet} shows per student what the workplace supervisor \
                          ticked on the observation form, with name, organisation, date and \
                          advice. On the Scores sheet the supervisor's levels are filled in \
                          already: you decide as examiner and change what you judge otherwise. \
                          A level that differs from what the supervisor saw is marked purple.",
    instruction_plain: "The sheet {sheet} shows per student what the workplace supervisor \
                        ticked on the observation form, with name, organisation, date and \
                        advice. You fill in the Scores sheet yourself.",
    heading: "Workplace supervisor",
    advice: "Advice",
    organisation: "Organisation",
    date: "Date",
    name: "Name",
    moment: "Moment",
    column: "Workplace",
    column_note: "Column Workplace: the level the workplace supervisor ticked, only where it \
                  differs from the chosen level.",
    differences: "{n} of {m} indicators seen differently by the workplace supervisor",
    no_differences: "the workplace supervisor saw every indicator as the examiners did",
    no_form_report: "No observation form was received from the workplace supervisor.",
    advice_texts: ["pass", "fail", "no advice", "not filled in"],
    moments: ["final observation", "midway observation"],
};

/// The assessment analysis (see `words::AnalysisWords`).
pub(super) const ANALYSIS: super::AnalysisWords = super::AnalysisWords {
    title: "Cohort overview and assessment analysis",
    n_of_m: "{n} of {m}",
    failed: "Failed",
    sd: "Standard deviation",
    percent_basis: "Percentages passed and failed: of the {n} students with a grade.",
    percent_basis_no_grade: "Pass and fail percentages: of the {n} students with a result (this course gives no grade).",
    no_result: "Insufficient evidence",
    bins_axis: [
        "grade in steps of half a point (6.0–6.4 is 6.0 up to and including 6.4) · height: number of students",
        "grade (rounded to half points) · height: number of students",
        "grade (rounded to whole points) · height: number of students",
    ],
    no_grade: "no grade",
    legend_no_grade: "no grade (insufficient evidence), counted apart",
    no_evidence: "{n} insufficient evidence",
    shares_note: "Share of the students with enough evidence for the learning outcome; those with too little evidence are counted apart.",
    levels_title: "Levels per indicator",
    levels_note: "Number of students per level (n = {n}). NG: not observed. ▲: not observed for {pct} or more of the students; could the indicator be observed during the placement?",
    indicator: "Indicator",
    not_observed: "NG",
    not_observed_share: "% NG",
    agreement_title: "Agreement between supervisor and examiner",
    agreement_intro: "Per indicator the level on the supervisor's final observation next to the examiner's level ({forms} final observations of assessed students). Pairs with NG or without a choice are left out.",
    agreement_reading: "Read the weighted kappa (linear weights: the further apart the levels, the more a difference counts) as agreement beyond chance: 1 is complete, 0 is no more than chance, negative is less; as a rule of thumb above 0.60 is good and below 0.40 weak.",
    pairs: "Pairs",
    excluded: "Left out",
    exact: "Same level",
    kappa: "Weighted kappa",
    overall: "All indicators together",
    no_pairs: "no pairs",
    too_few_pairs: "fewer than {min} pairs",
    no_variation: "always the same level: cannot be computed",
    no_final_forms: "No final observations of assessed students were read.",
    csv_header: [
        "section",
        "outcome",
        "indicator",
        "category",
        "count",
        "of",
        "value",
        "note",
    ],
    csv_sections: ["key-figures", "grades", "cut-score", "levels", "agreement"],
    csv_key: [
        "assessed",
        "not-reported",
        "with-grade",
        "pass",
        "fail",
        "incomplete",
        "mean",
        "standard-deviation",
    ],
    csv_bins: ["pass", "fail", "no-grade"],
    csv_outcome: ["reached", "not-reached", "insufficient-evidence"],
    csv_agreement: ["forms", "pairs", "left-out", "same-level", "kappa-linear"],
    csv_no_kappa: ["no-pairs", "too-few-pairs", "no-variation"],
};

/// The exam committee's part of a report (see `words::ExamWords`).
pub(super) const EXAM: super::ExamWords = super::ExamWords {
    programme: "Programme",
    ec: "Credits",
    ec_value: "{ec} EC",
    attempt: "Attempt",
    attempts: ["first attempt", "resit"],
    assessed_on: "Assessed on",
    decided: "Determined by {names} on {date}.",
    decided_no_date: "Determined by {names}.",
    appeal_title: "Inspection and appeal",
    appeal_default: "You may inspect your assessed work and this assessment; ask the \
                     examiners. If you disagree with the result, you can appeal to your \
                     institution's Examination Appeals Board within six weeks of its announcement (art. 7.61 WHW). Your \
                     programme's Education and Examination Regulations (OER) describe how.",
    points_of: "{p} of {max} points",
    reached: "cut score ({c}) reached",
    not_reached: "cut score ({c}) not reached",
    mean_points: "{p} points",
    mean_points_note: "mean per indicator",
    cesuur_points_note: "all {pass}",
};

/// meetlat's vocabulary (see `words::Vocabulary`).
pub(super) const VOCABULARY: super::Vocabulary = super::Vocabulary {
    examiner: "examiner",
    supervisor: "workplace supervisor",
    final_observation: "final observation",
    midway_observation: "midway observation",
    incomplete: "incomplete",
    no_evidence: "insufficient evidence",
    motivation: "Motivation",
    fingerprint: (
        "Fingerprint",
        "The short code on every page is a check code of the framework and the course's \
         settings (not of the students). The same code on rubric, form, scoring sheet and \
         report means: the same assessment; another code: something changed.",
    ),
};

/// Reading scanned paper forms (see `words::ScanWords`).
pub(super) const SCAN: super::ScanWords = super::ScanWords {
    page_of_file: "{file}, page {page}",
    pages: "scanned pages: {read} read, {blank} blank skipped, {unused} not used",
    to_review: "to check: {n} row(s) of {m} form(s), see {file}; fill in each row's level \
                under 'besluit' in {csv} and give {csv} to the same meetlat collect",
    decided: "decided by an examiner: {n} row(s), from {file}",
    nothing_to_review: "to check: nothing, every ticked row was read with certainty",
    missing_pages: "{student} ({moment}): page {pages} is missing from the scans",
    no_code: [
        "no readable meetlat QR code on this page (not a meetlat form, or a blurred or \
         damaged scan)",
        "look at the page in controle.pdf; scan it again (straight, at least 150 dpi) or \
         copy the values by hand",
    ],
    undecodable: [
        "the page cannot be read (an unknown or damaged image)",
        "scan the page again",
    ],
    blank_form: [
        "a page of a blank form: meetlat does not read a handwritten student number",
        "copy the values by hand, or print the student's own form (meetlat forms)",
    ],
    no_such_page: [
        "page {page} does not belong to this student's form",
        "use the course file, student list and templates the forms were made with",
    ],
    read_none: "nothing ticked",
    read_several: "more than one box: {values}",
    read_unclear: "an unclear mark at {values}",
    read_streak: "a straight line through the row (a scanner streak?)",
    read_not_aligned: "the page could not be aligned",
    read_missing_page: "the page is missing from the scans",
    review_title: "Check of scanned observation forms",
    review_intro: "meetlat did not read these rows with certainty. Per row: the part of the \
                   scan and what meetlat saw. controle.csv lists the same rows: write in its \
                   column 'besluit' the level you see on the scan (or 'not observed'; an \
                   empty cell leaves the row open) and run meetlat collect again with \
                   controle.csv among its inputs. A decided row is then certain, with \
                   'examinator' in the column besloten_door of observations.csv.",
    review_rows: "Rows to check",
    review_pages: "Pages not recognised",
    review_student: "Student",
    review_outcome: "Outcome · indicator",
    review_read: "Read",
    review_source: "Source",
    review_decision: "Decision",
    advice: "advice",
};

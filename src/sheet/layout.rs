//! Where everything is on the scoring sheet: sheet names, header texts, the cells holding
//! the course code and fingerprint, document property keys, the columns of `Scores`, and
//! the settings with their defined names. The writer and the reader both use these, so
//! they cannot drift apart; a change here changes which sheets `meetlat report` can read
//! (sheets made earlier keep their old layout).

use crate::model::Rounding;
use crate::resolve::Plan;

/// The sheet with the inputs and formulas.
pub const SCORES_SHEET: &str = "Scores";
/// The sheet with the course code, fingerprint, levels and settings, in a Dutch sheet
/// (`Settings` in an English one: [`settings_sheet`]).
pub const SETTINGS_SHEET: &str = "Instellingen";

/// The settings sheet's name in a course's language.
pub fn settings_sheet(plan: &Plan) -> &'static str {
    crate::words::sheet_words(plan.course.language).settings
}

/// Every name the settings sheet has had in any language (the reader looks for each).
pub fn settings_sheet_names() -> [&'static str; 2] {
    [
        crate::words::sheet_words(crate::model::Language::Nl).settings,
        crate::words::sheet_words(crate::model::Language::En).settings,
    ]
}

/// The header of the student number column in a course's language.
pub fn number_header(plan: &Plan) -> &'static str {
    crate::words::sheet_words(plan.course.language).number
}
/// The sheet with the indicators and their descriptors.
pub const RUBRIC_SHEET: &str = "Rubric";

/// Row (0-based) of the column headers on `Scores`; students start on the next row.
pub const HEADER_ROW: u32 = 1;
/// First student row (0-based).
pub const FIRST_STUDENT_ROW: u32 = 2;
/// First indicator column (0-based): after Studentnummer and Naam.
pub const FIRST_INPUT_COL: u16 = 2;

/// Cell (0-based row, column) of the course code on `Instellingen` (`B3`).
pub const COURSE_CODE_CELL: (u32, u16) = (2, 1);
/// Cell of the content fingerprint on `Instellingen` (`B4`).
pub const FINGERPRINT_CELL: (u32, u16) = (3, 1);
/// Cell of the framework id and version on `Instellingen` (`B5`).
pub const FRAMEWORK_CELL: (u32, u16) = (4, 1);
/// Row (0-based) of the first level on `Instellingen`; the levels follow, then `NG`.
pub const FIRST_LEVEL_ROW: u32 = 7;

/// Custom document property holding the course code.
pub const PROP_COURSE: &str = "meetlat-course";
/// Custom document property holding the content fingerprint.
pub const PROP_FINGERPRINT: &str = "meetlat-fingerprint";
/// Custom document property holding the framework id.
pub const PROP_FRAMEWORK: &str = "meetlat-framework";
/// Custom document property holding the framework version.
pub const PROP_FRAMEWORK_VERSION: &str = "meetlat-framework-version";

/// `0` → `A`, `27` → `AB`.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = String::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    s
}

/// A cell reference such as `C3` from 0-based row and column.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// An absolute reference on the settings sheet, `=Instellingen!$B$3`.
fn settings_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("={sheet}!${}${}", column_name(col), row + 1)
}

/// Column positions of the `Scores` sheet.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Per outcome: first and last input column.
    pub inputs: Vec<(u16, u16)>,
    /// First per-outcome score column; outcome `i` is at `score_col + i`.
    pub score_col: u16,
    /// First per-outcome cesuur column.
    pub cesuur_col: u16,
    /// Final score column.
    pub final_col: u16,
    /// Unrounded grade column.
    pub raw_col: u16,
    /// Knock-out column.
    pub knockout_col: u16,
    /// `Cijfer` column.
    pub grade_col: u16,
    /// `Resultaat` column.
    pub result_col: u16,
    /// `Toelichting` column: the examiners' motivation, typed in (the report's
    /// "Motivering").
    pub motivation_col: u16,
    /// First per-outcome `Toelichting` column (optional motivation per outcome); outcome
    /// `i` is at `outcome_motivation_col + i`.
    pub outcome_motivation_col: u16,
}

impl Layout {
    /// The layout for a plan.
    pub fn new(plan: &Plan) -> Self {
        let mut col = FIRST_INPUT_COL;
        let inputs = plan
            .outcomes
            .iter()
            .map(|o| {
                let first = col;
                col += o.indicators.len() as u16;
                (first, col - 1)
            })
            .collect();
        let n = plan.outcomes.len() as u16;
        let score_col = col;
        let cesuur_col = score_col + n;
        let final_col = cesuur_col + n;
        Layout {
            inputs,
            score_col,
            cesuur_col,
            final_col,
            raw_col: final_col + 1,
            knockout_col: final_col + 2,
            grade_col: final_col + 3,
            result_col: final_col + 4,
            motivation_col: final_col + 5,
            outcome_motivation_col: final_col + 6,
        }
    }
}

/// The defined name of an outcome's weight, e.g. `Weging_LU3`.
pub fn weight_name(outcome: &str) -> String {
    let safe: String = outcome
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("Weging_{safe}")
}

/// One number the formulas use: a named cell on `Instellingen`.
#[derive(Debug, Clone)]
pub struct Setting {
    /// The defined name the formulas use.
    pub name: String,
    /// Its value (a plain value, never a formula: a program that does not recalculate
    /// on open would compute with a stale result).
    pub value: f64,
    /// What it means, beside it on the sheet.
    pub meaning: String,
}

/// The settings table of `Instellingen`: written row by row from [`settings_first_row`],
/// and named by the same list, so rows and names cannot disagree.
pub fn settings(plan: &Plan) -> Vec<Setting> {
    let g = &plan.course.grading;
    let min = plan.rules.points.first().copied().unwrap_or(0);
    let max = plan.rules.points.last().copied().unwrap_or(min);
    let pass_points = plan.rules.points[plan.rules.pass_level];
    let rounding = match g.rounding {
        Rounding::EenDecimaal => 1.0,
        Rounding::HalvePunten => 2.0,
        Rounding::HelePunten => 3.0,
    };
    let w = crate::words::sheet_words(plan.course.language);
    let terms = crate::words::Terms::of(plan);
    let values = [
        ("MinPunten", min as f64),
        ("MaxPunten", max as f64),
        // One division of two integers, exactly as a spreadsheet computes it.
        ("Cesuur", (pass_points - min) as f64 / (max - min) as f64),
        ("CijferCesuur", g.grade_at_cesuur),
        ("MinCijfer", 1.0),
        ("MaxCijfer", 10.0),
        ("MinGeobserveerd", g.min_observed),
        ("KnockOut", if g.knockout { 1.0 } else { 0.0 }),
        ("KnockOutMax", g.knockout_cap),
        ("Voldoende", g.pass_grade),
        ("Afronding", rounding),
        ("Tolerantie", 1e-9),
    ];
    let mut all: Vec<Setting> = values
        .iter()
        .zip(w.setting_meanings)
        .map(|(&(name, value), meaning)| Setting {
            name: crate::words::sheet_name(name, plan.course.language),
            value,
            meaning: terms.apply(&crate::words::localise_names(
                &meaning
                    .replace("{level}", &plan.levels[plan.rules.pass_level].id)
                    .replace("{points}", &pass_points.to_string()),
                plan.course.language,
            )),
        })
        .collect();
    all.extend(plan.outcomes.iter().map(|o| {
        Setting {
            name: crate::words::sheet_name(&weight_name(&o.id), plan.course.language),
            value: o.weight,
            meaning: w
                .weight_meaning
                .replace("{id}", &o.id)
                .replace("{title}", o.title.trim_end_matches('.')),
        }
    }));
    all
}

/// Row (0-based) of the last level on `Instellingen`.
pub fn last_level_row(plan: &Plan) -> u32 {
    FIRST_LEVEL_ROW + plan.levels.len() as u32 - 1
}

/// Row (0-based) of the settings table's header; the settings start on the next row.
pub fn settings_header_row(plan: &Plan) -> u32 {
    // After the levels, the NG row and an empty row.
    last_level_row(plan) + 3
}

/// Row (0-based) of the first setting.
pub fn settings_first_row(plan: &Plan) -> u32 {
    settings_header_row(plan) + 1
}

/// Every defined name of the workbook with what it refers to.
pub fn defined_names(plan: &Plan) -> Vec<(String, String)> {
    let (first, last) = (FIRST_LEVEL_ROW, last_level_row(plan));
    let sheet = settings_sheet(plan);
    let range = |col: u16, to: u32| {
        format!("={sheet}!${c}${}:${c}${}", first + 1, to + 1, c = column_name(col))
    };
    let name = |n: &str| crate::words::sheet_name(n, plan.course.language);
    let mut names = vec![
        (name("Cursuscode"), settings_ref(sheet, COURSE_CODE_CELL.0, COURSE_CODE_CELL.1)),
        (
            name("Vingerafdruk"),
            settings_ref(sheet, FINGERPRINT_CELL.0, FINGERPRINT_CELL.1),
        ),
        (name("NiveauIds"), range(0, last)),
        (name("NiveauPunten"), range(2, last)),
        // The dropdown: the level ids and NG below them.
        (name("Keuzelijst"), range(0, last + 1)),
    ];
    let start = settings_first_row(plan);
    for (i, s) in settings(plan).into_iter().enumerate() {
        names.push((s.name, settings_ref(sheet, start + i as u32, 1)));
    }
    names
}

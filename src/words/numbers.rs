//! Numbers and dates as the documents write them: the decimal separator of the language,
//! percentages, grades under the course's rounding profile, dates with month names.

use crate::clock::Date;
use crate::grade::{Q, format_decimal};
use crate::model::{Language, Rounding};
use crate::resolve::Plan;

/// `,` in Dutch, `.` in English.
pub fn decimal_separator(lang: Language) -> char {
    match lang {
        Language::Nl => ',',
        Language::En => '.',
    }
}

/// A number as the course file wrote it: `2`, `2,5`.
pub fn number(x: f64, sep: char) -> String {
    format!("{x}").replace('.', &sep.to_string())
}

/// A number from the course file with one decimal: `6,0`, `5,5`.
pub fn one_decimal(x: f64, sep: char) -> String {
    format_decimal(&crate::grade::exact(x).unwrap_or_default(), 1, sep)
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

/// The grade as printed under the course's rounding profile: `6,5`, `7,0` (whole points:
/// `7`).
pub fn grade_text(plan: &Plan, grade: &Q) -> String {
    let sep = decimal_separator(plan.course.language);
    match plan.course.grading.rounding {
        Rounding::EenDecimaal | Rounding::HalvePunten => format_decimal(grade, 1, sep),
        Rounding::HelePunten => format_decimal(grade, 0, sep),
    }
}

/// A title as printed in headings and tables: without a trailing full stop (the source
/// ends some outcome titles with one and others not).
pub fn display_title(title: &str) -> String {
    title.trim_end().trim_end_matches('.').to_owned()
}

/// "29 januari 2027" / "29 January 2027".
pub fn date_text((y, m, d): Date, lang: Language) -> String {
    let months = super::months(lang);
    let month = months.get(usize::from(m).saturating_sub(1)).copied().unwrap_or("");
    format!("{d} {month} {y}")
}

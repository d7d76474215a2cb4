//! The one rule for ids (stage: validate). Outcome, indicator, level, competency, core-task
//! and task-area ids end up in spreadsheet names (`Weging_LU1`), PDF field names
//! (`LU1.G01`, radio options) and file names, so they are checked up front:
//!
//! - letters `a`–`z`, `A`–`Z`, digits and `.`, `-`, `_`, not starting with a digit;
//! - no two ids of one kind that differ only in upper/lower case or in `.`, `-`, `_`
//!   (they become the same name once made safe: `A-1` and `A_1` are both `Weging_A_1`);
//! - not a reserved name: `NG` (niet geobserveerd, in the sheet) or one of the observation
//!   form's own field names.

use std::collections::HashMap;

/// The observation form's own field names (`templates/lib/form.typ` and
/// `render/form/view.rs`): an id equal to one of them would replace that field.
pub const FORM_FIELDS: &[&str] = &[
    "student",
    "studentnummer",
    "begeleider",
    "organisatie",
    "datum",
    "opmerkingen",
    "advies",
    "ondertekening",
    EXAMPLES_FIELD,
];

/// The field under each outcome for the supervisor's examples (`LU3.voorbeelden`).
pub const EXAMPLES_FIELD: &str = "voorbeelden";

/// What an id may look like, for hints.
pub const RULE: &str = "an id has letters (a–z, A–Z), digits and `.`, `-`, `_`, and does \
    not start with a digit, e.g. `LU1`, `A1.2`, `crit-3`";

/// What is wrong with an id, if anything, with a hint.
pub fn problem(id: &str) -> Option<(String, String)> {
    let reserved = || {
        let names: Vec<&str> =
            std::iter::once("NG").chain(FORM_FIELDS.iter().copied()).collect();
        format!("choose another id; reserved are {}", crate::diag::list(&names))
    };
    spelling(id)
        .map(|p| (p, RULE.to_owned()))
        .or_else(|| reserved_use(id).map(|p| (p, reserved())))
}

/// What is wrong with an id's spelling, if anything.
fn spelling(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        return Some("the id is empty".to_owned());
    }
    if let Some(c) =
        id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        let what = match c {
            ' ' => "a space".to_owned(),
            c if c.is_whitespace() => "white space".to_owned(),
            c => format!("`{c}`"),
        };
        return Some(format!("the id `{id}` contains {what}"));
    }
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("the id `{id}` starts with a digit"));
    }
    None
}

/// Why an id is reserved, if it is.
fn reserved_use(id: &str) -> Option<String> {
    if key(id) == "ng" {
        return Some(format!(
            "`{id}` is reserved for \"niet geobserveerd\" (not observed) in the scoring sheet"
        ));
    }
    if FORM_FIELDS.iter().any(|f| key(f) == key(id)) {
        return Some(format!(
            "`{id}` is reserved: the observation form has a field of that name"
        ));
    }
    None
}

/// The name an id becomes once made safe for spreadsheet names, PDF field names and
/// file names on a case-insensitive disk: two ids with the same key collide.
pub fn key(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect()
}

/// For each id (in order) that collides with an earlier, different id: its index and
/// the index of the earlier one. Equal ids are duplicates, reported elsewhere.
pub fn collisions<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
    let mut out = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        match seen.get(&key(id)) {
            Some(&(first, earlier)) if earlier != id => out.push((i, first)),
            Some(_) => {}
            None => {
                seen.insert(key(id), (i, id));
            }
        }
    }
    out
}

/// Why colliding ids are refused, for hints.
pub const COLLISION_HINT: &str = "ids that differ only in upper/lower case or in `.`, `-`, \
    `_` become the same name in the scoring sheet, the form's fields and file names; \
    make them differ in a letter or digit";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        for good in ["LU1", "G01", "A1.2", "crit-3", "kt_2", "excellent", "B"] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in ["", " ", "1A", "A 1", "A/1", "é1", "NG", "ng", "voorbeelden", "Datum"]
        {
            assert!(problem(bad).is_some(), "{bad}");
        }
        assert_eq!(collisions(["A-1", "B", "A_1", "a.1", "B"]), [(2, 0), (3, 0)]);
    }

    #[test]
    fn every_form_field_is_reserved() {
        let template = include_str!("../templates/lib/form.typ");
        for part in template.split("field(d.fillable, \"").skip(1) {
            let name = part.split(['"', '.']).next().unwrap_or_default();
            assert!(FORM_FIELDS.contains(&name), "form field `{name}` is not reserved");
        }
        for part in template.split("ruled(d.fillable, \"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(FORM_FIELDS.contains(&name), "form field `{name}` is not reserved");
        }
        for part in template.split("tick(d.fillable, \"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(FORM_FIELDS.contains(&name), "form field `{name}` is not reserved");
        }
    }
}

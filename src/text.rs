//! Texts a teacher writes with placeholders (`{{ course.code }}`), rendered with
//! minijinja in strict mode: a misspelt placeholder is an error, never an empty string.
//!
//! Only plain placeholders are filled in. Anything else minijinja would evaluate (an
//! expression such as `{{ 7*7 }}`, a filter, a tag `{% … %}`, a comment `{# … #}`) is
//! refused with its line and column in the text, before minijinja sees it: a text is
//! data, not a program. Fuel and an output limit bound the rendering all the same.

use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// Rendering steps minijinja may take for one text (see [`Environment::set_fuel`]); a
/// text of plain placeholders needs a few per placeholder.
pub const FUEL: u64 = 100_000;

/// The longest text a rendering may produce, in bytes.
pub const MAX_OUTPUT: usize = 1024 * 1024;

/// Render `template` with `context`.
///
/// # Errors
/// minijinja's error for a syntax error or an unknown placeholder; a syntax error for
/// anything that is not a plain placeholder (see [`check_plain`]).
pub fn render(
    template: &str,
    context: &impl Serialize,
) -> Result<String, minijinja::Error> {
    if let Err(e) = check_plain(template) {
        return Err(minijinja::Error::new(ErrorKind::SyntaxError, e.to_string()));
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    // Plain text: no HTML escaping of names such as `Anaïs <script>`.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let out = env.render_str(template, context)?;
    if out.len() > MAX_OUTPUT {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("the filled-in text is longer than {MAX_OUTPUT} bytes"),
        ));
    }
    Ok(out)
}

/// Something in a text that is not a plain placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPlain {
    /// Line in the text, from 1.
    pub line: usize,
    /// Column in the text (characters), from 1.
    pub column: usize,
    /// What is wrong.
    pub what: String,
}

impl std::fmt::Display for NotPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (line {}, column {} of the text); only placeholders such as \
             `{{{{ student.name }}}}` are filled in",
            self.what, self.line, self.column
        )
    }
}

/// Check that every `{{ … }}` of `template` holds one dotted name (`student.name`) and
/// that there are no tags (`{% … %}`) or comments (`{# … #}`).
///
/// # Errors
/// The first thing that is not a plain placeholder, with its line and column.
pub fn check_plain(template: &str) -> Result<(), NotPlain> {
    let at = |byte: usize, what: String| {
        let before = &template[..byte];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        NotPlain { line, column, what }
    };
    let mut from = 0;
    while let Some(i) = template[from..].find('{').map(|i| from + i) {
        let rest = &template[i..];
        if rest.starts_with("{%") {
            return Err(at(i, "a tag `{% … %}` is not allowed".to_owned()));
        }
        if rest.starts_with("{#") {
            return Err(at(i, "a comment `{# … #}` is not allowed".to_owned()));
        }
        if let Some(inner) = rest.strip_prefix("{{") {
            let Some(end) = inner.find("}}") else {
                return Err(at(i, "`{{` is not closed with `}}`".to_owned()));
            };
            let name = inner[..end].trim_matches([' ', '\t']);
            let plain = !name.is_empty()
                && name.split('.').all(|part| {
                    part.chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !plain {
                let shown: String = inner[..end].trim().chars().take(40).collect();
                return Err(at(i, format!("`{{{{ {shown} }}}}` is not a placeholder")));
            }
            from = i + 2 + end + 2;
        } else {
            from = i + 1;
        }
    }
    Ok(())
}

/// The placeholders a text may use, for hints.
pub const PLACEHOLDERS: &[&str] = &[
    "course.code",
    "course.name",
    "course.academic_year",
    "course.period",
    "course.institution",
    "framework.id",
    "framework.version",
    "framework.title",
    "student.number",
    "student.first_name",
    "student.prefix",
    "student.last_name",
    "student.name",
    "student.email",
];

/// The context placeholders are rendered with.
#[derive(Debug, Serialize)]
pub struct TextContext<'a> {
    /// Course fields.
    pub course: CourseContext<'a>,
    /// Framework fields.
    pub framework: FrameworkContext<'a>,
    /// Student fields (empty strings on a blank form).
    pub student: StudentContext,
}

impl<'a> TextContext<'a> {
    /// The context for `course` of framework (`id`, `version`, `title`) and `student`.
    pub fn new(
        course: &'a crate::model::Course,
        framework: (&'a str, &'a str, &'a str),
        student: StudentContext,
    ) -> Self {
        TextContext {
            course: CourseContext {
                code: &course.code,
                name: &course.name,
                academic_year: &course.academic_year,
                period: &course.period,
                institution: &course.institution,
            },
            framework: FrameworkContext {
                id: framework.0,
                version: framework.1,
                title: framework.2,
            },
            student,
        }
    }
}

/// Course fields for placeholders.
#[derive(Debug, Serialize)]
pub struct CourseContext<'a> {
    /// Course code.
    pub code: &'a str,
    /// Course name.
    pub name: &'a str,
    /// Academic year.
    pub academic_year: &'a str,
    /// Period.
    pub period: &'a str,
    /// Institution.
    pub institution: &'a str,
}

/// Framework fields for placeholders.
#[derive(Debug, Serialize)]
pub struct FrameworkContext<'a> {
    /// Framework id.
    pub id: &'a str,
    /// Framework version.
    pub version: &'a str,
    /// Framework title.
    pub title: &'a str,
}

/// Student fields for placeholders.
#[derive(Debug, Default, Serialize)]
pub struct StudentContext {
    /// Student number.
    pub number: String,
    /// First name.
    pub first_name: String,
    /// Tussenvoegsel.
    pub prefix: String,
    /// Last name.
    pub last_name: String,
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: String,
}

impl From<&crate::model::Student> for StudentContext {
    fn from(s: &crate::model::Student) -> Self {
        StudentContext {
            number: s.number.clone(),
            first_name: s.first_name.clone(),
            prefix: s.prefix.clone(),
            last_name: s.last_name.clone(),
            name: s.full_name(),
            email: s.email.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_placeholders_are_errors() {
        let ctx = serde_json::json!({ "course": { "code": "X" } });
        assert_eq!(render("{{ course.code }}-a", &ctx).unwrap(), "X-a");
        assert!(render("{{ course.kode }}", &ctx).is_err());
        assert!(render("{{ course.code", &ctx).is_err());
        let ctx = serde_json::json!({ "n": "<b>&" });
        assert_eq!(render("{{ n }}", &ctx).unwrap(), "<b>&");
    }

    #[test]
    fn only_plain_placeholders_are_filled_in() {
        let ctx = serde_json::json!({ "student": { "name": "Anaïs" } });
        assert_eq!(render("Hi {{student.name}} {x}", &ctx).unwrap(), "Hi Anaïs {x}");
        for bad in [
            "{{ 7*7 }}",
            "{{ student.name | upper }}",
            "{{ student.name() }}",
            "{{ }}",
            "{% for i in range(10) %}x{% endfor %}",
            "{# note #}",
            "{{- student.name }}",
            "{{ student['name'] }}",
        ] {
            assert!(check_plain(bad).is_err(), "{bad}");
            assert!(render(bad, &ctx).is_err(), "{bad}");
        }
        let e = check_plain("ok {{ student.name }}\n  {{ 7*7 }}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }
}

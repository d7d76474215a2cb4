//! Texts a teacher writes with placeholders (`{{ course.code }}`), rendered with
//! minijinja in strict mode: a misspelt placeholder is an error, never an empty string.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Render `template` with `context`.
///
/// # Errors
/// minijinja's error for a syntax error or an unknown placeholder.
pub fn render(
    template: &str,
    context: &impl Serialize,
) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Plain text: no HTML escaping of names such as `Anaïs <script>`.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.render_str(template, context)
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
}

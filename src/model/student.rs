//! A student, as read from a course file or a CSV export.

use serde::Serialize;

/// One student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Student {
    /// Student number (studentnummer), unique within a course.
    pub number: String,
    /// First name.
    pub first_name: String,
    /// Tussenvoegsel (`van der`), possibly empty.
    pub prefix: String,
    /// Last name without tussenvoegsel.
    pub last_name: String,
    /// E-mail address, possibly empty.
    pub email: String,
    /// This student's attempt, where the student list says (column `kans`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<super::course::Attempt>,
}

impl Student {
    /// Name as written in running text: `Jan van der Berg`.
    pub fn full_name(&self) -> String {
        [self.first_name.as_str(), self.prefix.as_str(), self.last_name.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Name as sorted in a list: `Berg, Jan van der`.
    pub fn sort_name(&self) -> String {
        let rest = [self.first_name.as_str(), self.prefix.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if rest.is_empty() {
            self.last_name.clone()
        } else {
            format!("{}, {rest}", self.last_name)
        }
    }
}

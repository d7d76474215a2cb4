//! Student lists (stage: load): a plain CSV, a Brightspace export or a Canvas export,
//! comma or semicolon, with or without BOM; or students listed in the course file.

use std::collections::HashMap;
use std::path::Path;

use super::read_text;
use crate::diag::{Diagnostic, SourceFile, list};
use crate::locate::Pos;
use crate::model::Student;
use crate::model::course::{Attempt, StudentEntry};

/// A student and where it was read, for messages.
#[derive(Debug, Clone)]
pub struct StudentRecord {
    /// The student.
    pub student: Student,
    /// Line in the CSV file, or path in the course file.
    pub origin: Origin,
}

/// Where a student record came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A line of a CSV file.
    Csv(usize),
    /// A path in the course file, e.g. `students[3]`.
    Yaml(String),
}

/// The export formats we recognise by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvFormat {
    /// `studentnummer,voornaam,tussenvoegsel,achternaam,e-mail`.
    Plain,
    /// Brightspace (D2L): `OrgDefinedId`, `Last Name`, `First Name`, `Email`.
    Brightspace,
    /// Canvas: `Student` ("Last, First"), `SIS User ID`, `SIS Login ID`.
    Canvas,
}

/// Tussenvoegsels recognised when a name comes as one field.
const PREFIXES: &[&str] = &[
    "van", "de", "der", "den", "het", "'t", "’t", "te", "ter", "ten", "in", "op", "la",
    "le", "du", "da", "di", "dos", "das", "del", "des", "von", "zu", "aan", "bij", "uit",
    "onder",
];

/// Read a student list from a CSV file.
///
/// # Errors
/// All problems in the file at once, each with its line.
pub fn read_csv(path: &Path) -> Result<Vec<StudentRecord>, Vec<Diagnostic>> {
    let text = read_text(path, "student list").map_err(|d| vec![*d])?;
    parse_csv(path, &text)
}

/// Parse a student list.
///
/// # Errors
/// All problems in the text at once, each with its line.
pub fn parse_csv(path: &Path, text: &str) -> Result<Vec<StudentRecord>, Vec<Diagnostic>> {
    let first_line = text.lines().next().unwrap_or_default();
    // The delimiter is whichever of `,` `;` and tab the header row uses most.
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    // Where each line starts, so that the line of a byte offset is a binary search:
    // reading stays linear in the number of rows, also when many rows have problems.
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    // The line of a byte offset (counting `\n`, so CRLF files are right too).
    let line_of = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        // A record may be reported at the line end that precedes it (CRLF files).
        while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
            at += 1;
        }
        line_starts.partition_point(|start| *start <= at).max(1)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let line_error = |line: usize, message: String| {
        let start = line_starts.get(line - 1).copied().unwrap_or(text.len());
        let end = line_starts.get(line).copied().unwrap_or(text.len());
        let excerpt = text[start..end].trim_end_matches(['\n', '\r']);
        let mut d = Diagnostic::error(message).in_file(path);
        d.pos = Some(Pos { line, column: 1, len: excerpt.chars().count().max(1) });
        d.excerpt = Some(excerpt.to_owned());
        d
    };
    let mut headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(vec![line_error(1, format!("cannot read the header row ({e})"))]);
        }
    };
    // A plain list with English headers: read as the Dutch ones (not in the LMS exports,
    // whose own `First Name`/`Last Name` columns are recognised by their id column).
    let is_export = headers.iter().any(|h| h == "orgdefinedid" || h == "sis user id");
    if !is_export {
        for h in &mut headers {
            let dutch = match h.replace(['_', '-'], " ").as_str() {
                "student number" | "studentnumber" | "student no" | "student id" => {
                    "studentnummer"
                }
                "first name" | "given name" => "voornaam",
                "prefix" | "name prefix" => "tussenvoegsel",
                "last name" | "surname" | "family name" => "achternaam",
                "attempt" => "kans",
                _ => continue,
            };
            *h = dutch.to_owned();
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let format = if col("orgdefinedid").is_some() {
        CsvFormat::Brightspace
    } else if col("sis user id").is_some() && col("student").is_some() {
        CsvFormat::Canvas
    } else if col("studentnummer").is_some() {
        CsvFormat::Plain
    } else {
        return Err(vec![
            line_error(1, "the header row is not one meetlat knows".to_owned())
                .hint(format!(
                    "a plain list has the columns {}",
                    list(&["studentnummer", "voornaam", "tussenvoegsel", "achternaam", "e-mail"])
                ))
                .hint("English headers work too: `student number`, `first name`, `prefix`, `last name`, `email`")
                .hint("exports of Brightspace (with `OrgDefinedId`) and Canvas (with `SIS User ID`) are read as they are"),
        ]);
    };
    let mut required: Vec<&str> = match format {
        CsvFormat::Plain => vec!["studentnummer", "voornaam", "achternaam"],
        CsvFormat::Brightspace => vec!["orgdefinedid", "first name", "last name"],
        CsvFormat::Canvas => vec!["student", "sis user id"],
    };
    required.retain(|r| col(r).is_none());
    if !required.is_empty() {
        return Err(vec![line_error(
            1,
            format!("the header row lacks {}", list(&required)),
        )]);
    }
    let email_col =
        col("e-mail").or_else(|| col("email")).or_else(|| col("sis login id"));

    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| line_of(p.byte()));
                diagnostics.push(line_error(line, format!("cannot read this row ({e})")));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| line_of(p.byte()));
        if row.iter().all(|f| f.trim().is_empty()) {
            // An empty row, as spreadsheet programs leave them.
            continue;
        }
        // A trailing delimiter (one empty column too many) is harmless.
        let extra_empty = row.len() > headers.len()
            && row.iter().skip(headers.len()).all(|f| f.trim().is_empty());
        // A quote that is never closed swallows the line ends after it: name the quote.
        if let Some(field) = row.iter().find(|f| f.contains('\n')) {
            let runs_on = field.matches('\n').count();
            let start = line_starts.get(line - 1).copied().unwrap_or(0);
            let end = line_starts.get(line).copied().unwrap_or(text.len());
            let own = &text[start..end];
            let column = own.find('"').map_or(1, |i| own[..i].chars().count() + 1);
            let mut d =
                line_error(line, format!("the quote `\"` on line {line} is not closed"));
            if let Some(pos) = d.pos.as_mut() {
                pos.column = column;
                pos.len = 1;
            }
            diagnostics.push(d.hint(format!(
                "the value then runs on over the next {runs_on} line(s); close the quote \
                     (`\"Eva\"`) or remove it"
            )));
            continue;
        }
        if row.len() != headers.len() && !extra_empty {
            let hint = if row.len() > headers.len() {
                "a value with the delimiter in it must be quoted: \"Vries, de\""
            } else {
                "a value is missing; every row needs as many columns as the header row"
            };
            diagnostics.push(
                line_error(
                    line,
                    format!(
                        "row {line} has {} columns, the header has {}",
                        row.len(),
                        headers.len()
                    ),
                )
                .hint(hint),
            );
            continue;
        }
        let get = |name: &str| {
            col(name).and_then(|i| row.get(i)).unwrap_or_default().trim().to_owned()
        };
        let unhash = |s: String| s.strip_prefix('#').map(str::to_owned).unwrap_or(s);
        let email = email_col.and_then(|i| row.get(i)).unwrap_or_default().trim();
        let email = if email.contains('@') { email.to_owned() } else { String::new() };
        let student = match format {
            CsvFormat::Plain => Student {
                number: get("studentnummer"),
                first_name: get("voornaam"),
                prefix: get("tussenvoegsel"),
                last_name: get("achternaam"),
                email,
                attempt: match get("kans") {
                    t if t.is_empty() => None,
                    t => match Attempt::parse(&t) {
                        Some(a) => Some(a),
                        None => {
                            diagnostics.push(
                                line_error(line, format!("`{t}` in column `kans` is not an attempt"))
                                    .hint("write `eerste kans` or `herkansing` (or leave it empty: the course's `assessment.attempt`)"),
                            );
                            continue;
                        }
                    },
                },
            },
            CsvFormat::Brightspace => {
                let (prefix, last_name) = split_prefix(&get("last name"));
                Student {
                    number: unhash(get("orgdefinedid")),
                    first_name: get("first name"),
                    prefix,
                    last_name,
                    email: unhash(email),
                    attempt: None,
                }
            }
            CsvFormat::Canvas => {
                let name = get("student");
                // Canvas adds a "Points Possible" row and its Student View user.
                if name == "Points Possible" || name == "Student, Test" || name.is_empty()
                {
                    continue;
                }
                let (last, first) = name.split_once(',').unwrap_or((&name, ""));
                let (lead_prefix, last_name) = split_prefix(last.trim());
                let (first_name, trail_prefix) = split_trailing_prefix(first.trim());
                let prefix = [lead_prefix, trail_prefix]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                Student {
                    number: get("sis user id"),
                    first_name,
                    prefix,
                    last_name,
                    email,
                    attempt: None,
                }
            }
        };
        records.push(StudentRecord { student, origin: Origin::Csv(line) });
    }
    diagnostics.extend(check_records(&records, |origin, message| match origin {
        Origin::Csv(line) => line_error(*line, message),
        Origin::Yaml(_) => Diagnostic::error(message),
    }));
    if diagnostics.is_empty() { Ok(records) } else { Err(diagnostics) }
}

/// Students listed in the course file.
///
/// # Errors
/// Missing or duplicate student numbers, located in the course file.
pub fn from_entries(
    entries: &[StudentEntry],
    source: &SourceFile,
) -> Result<Vec<StudentRecord>, Vec<Diagnostic>> {
    let records: Vec<StudentRecord> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| StudentRecord {
            student: Student {
                number: e.number.trim().to_owned(),
                first_name: e.first_name.trim().to_owned(),
                prefix: e.prefix.trim().to_owned(),
                last_name: e.last_name.trim().to_owned(),
                email: e.email.trim().to_owned(),
                attempt: e.attempt,
            },
            origin: Origin::Yaml(format!("students[{i}]")),
        })
        .collect();
    let diagnostics = check_records(&records, |origin, message| match origin {
        Origin::Yaml(p) => source.error(&format!("{p}.number"), message),
        Origin::Csv(_) => Diagnostic::error(message),
    });
    if diagnostics.is_empty() { Ok(records) } else { Err(diagnostics) }
}

/// Check numbers: present, and unique.
fn check_records(
    records: &[StudentRecord],
    diag: impl Fn(&Origin, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &StudentRecord> = HashMap::new();
    for r in records {
        let name = r.student.full_name();
        if r.student.number.is_empty() {
            out.push(
                diag(&r.origin, format!("student `{name}` has no student number")).hint(
                    "every student needs a number: it links forms, sheets and reports",
                ),
            );
        } else if let Some(problem) = unsafe_number(&r.student.number) {
            out.push(
                diag(
                    &r.origin,
                    format!(
                        "student number `{}` {problem}",
                        r.student.number.escape_debug()
                    ),
                )
                .hint(
                    "a student number is an identifier: it may not start with `=`, `+`, \
                     `-` or `@`, nor hold tabs or line breaks, because a spreadsheet \
                     program would run it as a formula when it opens grades.csv",
                ),
            );
        } else if let Some(first) = seen.get(r.student.number.as_str()) {
            let where_first = match &first.origin {
                Origin::Csv(l) => format!("line {l}"),
                Origin::Yaml(p) => format!("`{p}`"),
            };
            out.push(
                diag(
                    &r.origin,
                    format!("student number `{}` appears twice", r.student.number),
                )
                .hint(format!(
                    "also used by `{}` at {where_first}",
                    first.student.full_name()
                )),
            );
        } else {
            seen.insert(&r.student.number, r);
        }
        if r.student.last_name.is_empty()
            && r.student.first_name.is_empty()
            && !r.student.number.is_empty()
        {
            out.push(diag(
                &r.origin,
                format!("student `{}` has no name", r.student.number),
            ));
        }
    }
    out
}

/// Why a student number is refused, if it is: a spreadsheet program would read a cell
/// that starts with `=`, `+`, `-` or `@` as a formula (formula injection through
/// `grades.csv`), and control characters have no place in an identifier.
pub fn unsafe_number(number: &str) -> Option<&'static str> {
    if number.starts_with(['=', '+', '-', '@']) {
        Some("starts with a formula sign")
    } else if number.chars().any(char::is_control) {
        Some("holds a tab, line break or other control character")
    } else {
        None
    }
}

/// `van der Berg` → (`van der`, `Berg`).
fn split_prefix(last: &str) -> (String, String) {
    let words: Vec<&str> = last.split_whitespace().collect();
    let n = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| PREFIXES.contains(w))
        .count();
    (words[..n].join(" "), words[n..].join(" "))
}

/// `Anaïs van den` → (`Anaïs`, `van den`).
fn split_trailing_prefix(first: &str) -> (String, String) {
    let words: Vec<&str> = first.split_whitespace().collect();
    let n = words.iter().skip(1).rev().take_while(|w| PREFIXES.contains(w)).count();
    let cut = words.len() - n;
    (words[..cut].join(" "), words[cut..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_split_from_names() {
        assert_eq!(split_prefix("van der Berg"), ("van der".into(), "Berg".into()));
        assert_eq!(split_prefix("Berg"), ("".into(), "Berg".into()));
        assert_eq!(split_prefix("van"), ("".into(), "van".into()));
        assert_eq!(
            split_trailing_prefix("Anaïs van den"),
            ("Anaïs".into(), "van den".into())
        );
        assert_eq!(split_trailing_prefix("Jan Willem"), ("Jan Willem".into(), "".into()));
    }
}

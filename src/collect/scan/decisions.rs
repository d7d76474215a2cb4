//! Taking an examiner's decisions back (stage: collect). `meetlat collect` writes every
//! row of a scan it could not read with certainty to `controle.csv` (beside the crops in
//! `controle.pdf`) with an empty column `besluit`; the examiner writes there the level
//! they see on the scan (its label or id, or `niet geobserveerd`), and gives the file to
//! the same `collect` again. A decided row is then certain, with the examiner's level and
//! `besloten_door` = [`DECIDED_BY`]. A decision that is no level, or for a row that is not
//! to be checked in this run, stops the run with the file and line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::locate::Pos;
use crate::render::overview::csv_cell;
use crate::resolve::Plan;

/// The file name `collect` writes the rows to check to.
pub const DECISIONS_FILE: &str = "controle.csv";

/// The columns of `controle.csv`, in order (the examiner fills in the last).
pub const COLUMNS: [&str; 9] = [
    "studentnummer",
    "naam",
    "moment",
    "leeruitkomst",
    "indicator",
    "bron",
    "pagina",
    "gelezen",
    "besluit",
];

/// The columns a decisions file must have (a spreadsheet may reorder or add columns).
const REQUIRED: [&str; 5] =
    ["studentnummer", "moment", "leeruitkomst", "indicator", "besluit"];

/// `leeruitkomst` of the advice's row (its `indicator` is empty).
pub const ADVICE_ROW: &str = "advies";

/// `besloten_door` of a value a person decided (see [`crate::collect::Observation`]).
pub const DECIDED_BY: &str = "examinator";

/// The advice options, as the form's field has them.
const ADVICE: [&str; 3] = ["voldoende", "onvoldoende", "geen-advies"];

/// Which row: student number, moment id, outcome id (or [`ADVICE_ROW`]), indicator id.
pub type RowKey = (String, String, String, String);

/// One decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// A level id, `NG`, or (on the advice's row) an advice.
    pub value: String,
    /// The file, as given.
    pub file: PathBuf,
    /// The line in it.
    pub line: usize,
    /// The line's text, for a message.
    pub text: String,
}

/// The decisions of one run, by row.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// The decided rows (rows with an empty `besluit` are not here).
    pub rows: BTreeMap<RowKey, Decision>,
    /// The files read, and their SHA-256.
    pub files: Vec<(PathBuf, String)>,
}

/// A row to check, as `controle.csv` lists it.
#[derive(Debug, Clone)]
pub struct CheckRow {
    /// Which row.
    pub key: RowKey,
    /// The student's name.
    pub name: String,
    /// The scan file(s) and page, in words.
    pub source: String,
    /// The page of the form, when known.
    pub page: Option<usize>,
    /// What was read, in words.
    pub read: String,
    /// The decision taken back, if any.
    pub decision: Option<String>,
}

/// The text of a decisions file: UTF-8 without a byte order mark, or else Latin-1 (a
/// spreadsheet on Windows may save its CSV so; the columns that matter are ASCII).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The delimiter of a decisions file's text (a Dutch spreadsheet saves CSV with `;`);
/// `None` unless its header has the [`REQUIRED`] columns.
fn delimiter(text: &str) -> Option<u8> {
    let first = text.lines().next()?;
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())?;
    let names: Vec<String> = first
        .split(char::from(delimiter))
        .map(|c| c.trim().trim_matches('"').to_lowercase())
        .collect();
    REQUIRED.iter().all(|r| names.iter().any(|n| n == r)).then_some(delimiter)
}

/// Whether `bytes` are a decisions file (a CSV with the columns of `controle.csv`).
pub fn is_decisions(bytes: &[u8]) -> bool {
    delimiter(&decode(bytes)).is_some()
}

/// A cell as the examiner left it: trimmed, without the `'` that [`csv_cell`] puts
/// before what a spreadsheet would run as a formula.
fn cell(v: &str) -> &str {
    let v = v.trim();
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => v,
    }
}

/// Read the decisions file `path` (its `bytes`) for `plan` into `into`.
///
/// # Errors
/// Every row whose decision is no level (or advice), whose moment is unknown, or that
/// decides a row twice differently: with the file, line and what to write instead.
pub fn read(
    path: &Path,
    bytes: &[u8],
    plan: &Plan,
    into: &mut Decisions,
) -> Result<(), Vec<Diagnostic>> {
    let text = decode(bytes);
    let text = text.as_ref();
    let Some(delimiter) = delimiter(text) else {
        return Err(vec![
            Diagnostic::error(format!(
                "this is no `{DECISIONS_FILE}`: it lacks a column of {}",
                REQUIRED.join(", ")
            ))
            .in_file(path)
            .hint(format!("give the `{DECISIONS_FILE}` that `meetlat collect` wrote, with the column `besluit` filled in")),
        ]);
    };
    into.files.push((path.to_path_buf(), crate::hash::sha256(bytes)));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(|c| c.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let column = |name: &str| names.iter().position(|n| n == name);
    let [student, moment, outcome, indicator, decision] =
        REQUIRED.map(|r| column(r).unwrap_or(usize::MAX));
    let lines: Vec<&str> = text.lines().collect();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(text, p.byte()));
                problems.push(
                    located(
                        path,
                        &lines,
                        line,
                        1,
                        format!("this line cannot be read as CSV ({e})"),
                    )
                    .hint("save the file as CSV (UTF-8) from the spreadsheet"),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(text, p.byte()));
        let get = |i: usize| cell(record.get(i).unwrap_or_default());
        let said = get(decision);
        if said.is_empty() {
            continue;
        }
        let (who, when, out, ind) =
            (get(student), get(moment), get(outcome), get(indicator));
        let column_of = |i: usize| {
            // The column of cell `i` on the line, for the caret (1 when unknown).
            let raw = lines.get(line.wrapping_sub(1)).copied().unwrap_or_default();
            raw.split(char::from(delimiter))
                .take(i)
                .map(|c| c.chars().count() + 1)
                .sum::<usize>()
                + 1
        };
        if crate::render::form::Moment::from_id(when).is_none() {
            problems.push(
                located(path, &lines, line, column_of(moment), format!("`{when}` is no moment"))
                    .hint("the moment is `eind` or `tussentijds`, as `meetlat collect` wrote it"),
            );
            continue;
        }
        let value = if out == ADVICE_ROW && ind.is_empty() {
            advice(said)
        } else {
            level(plan, said)
        };
        let Some(value) = value else {
            let allowed = if out == ADVICE_ROW && ind.is_empty() {
                ADVICE.join(", ")
            } else {
                let mut all: Vec<String> =
                    plan.levels.iter().map(|l| l.label.clone()).collect();
                all.push(
                    crate::words::labels(plan.course.language).not_observed.to_owned(),
                );
                all.join(", ")
            };
            problems.push(
                located(path, &lines, line, column_of(decision), format!("the decision `{said}` is no level of this course"))
                    .hint(format!("write one of: {allowed}; or leave `besluit` empty to keep the row to check")),
            );
            continue;
        };
        let key: RowKey =
            (who.to_owned(), when.to_owned(), out.to_owned(), ind.to_owned());
        let new = Decision {
            value,
            file: path.to_path_buf(),
            line,
            text: lines.get(line.wrapping_sub(1)).copied().unwrap_or_default().to_owned(),
        };
        match into.rows.get(&key) {
            Some(old) if old.value != new.value => problems.push(
                located(
                    path,
                    &lines,
                    line,
                    column_of(decision),
                    format!(
                        "{who} {out} {ind}: decided `{}` here and `{}` in {}:{}",
                        new.value,
                        old.value,
                        old.file.display(),
                        old.line
                    ),
                )
                .hint("decide each row once: remove one of the two lines"),
            ),
            Some(_) => {}
            None => {
                into.rows.insert(key, new);
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The line (from 1) of byte `byte` of `text`.
fn line_at(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    // With CRLF line ends a record's position may be the end of the line before it.
    while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// An error at `line` (from 1; 0: unknown), column `column`, of `path`; `lines` are the
/// file's lines.
fn located(
    path: &Path,
    lines: &[&str],
    line: usize,
    column: usize,
    message: String,
) -> Diagnostic {
    let text = lines.get(line.wrapping_sub(1)).copied().unwrap_or_default();
    at_line(path, line, text, column, message)
}

/// An error at `line` (from 1; 0: unknown) of `path`, whose text is `text`.
fn at_line(
    path: &Path,
    line: usize,
    text: &str,
    column: usize,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::error(message).in_file(path);
    if line > 0 {
        d.pos = Some(Pos { line, column, len: 1 });
        d.excerpt = Some(text.to_owned());
    }
    d
}

/// The level id (or `NG`) that `said` names: a level's label or id, in any case, or
/// "niet geobserveerd" / "not observed" / `NG`.
fn level(plan: &Plan, said: &str) -> Option<String> {
    let norm = |s: &str| {
        s.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let said = norm(said);
    if ["ng", "niet geobserveerd", "not observed", "n.g."].contains(&said.as_str())
        || said == norm(crate::words::labels(plan.course.language).not_observed)
    {
        return Some("NG".to_owned());
    }
    plan.levels
        .iter()
        .find(|l| norm(&l.label) == said || norm(&l.id) == said)
        .map(|l| l.id.clone())
}

/// The advice that `said` names (`geen advies` for `geen-advies`).
fn advice(said: &str) -> Option<String> {
    let said = said.trim().to_lowercase().replace(' ', "-");
    ADVICE.iter().find(|a| **a == said).map(|a| (*a).to_owned())
}

/// Errors for decisions of rows that are not to be checked in this run (`used` are the
/// rows that were).
pub fn unused(decisions: &Decisions, used: &[RowKey]) -> Vec<Diagnostic> {
    decisions
        .rows
        .iter()
        .filter(|(k, _)| !used.contains(k))
        .map(|((who, when, out, ind), d)| {
            at_line(
                &d.file,
                d.line,
                &d.text,
                1,
                format!("{who} ({when}) {out} {ind}: this row is not to be checked in this run")
                    .replace(" :", ":"),
            )
            .hint(
                "give the scans this file was made from (the row is read with certainty \
                 now, or its form is not among the scans); or remove the line",
            )
        })
        .collect()
}

/// `controle.csv`: [`COLUMNS`], one line per row to check, as `observations.csv` is
/// written (UTF-8, CRLF).
pub fn to_csv(rows: &[CheckRow]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for r in rows {
        let (who, when, out, ind) = &r.key;
        let _ = w.write_record([
            csv_cell(who),
            csv_cell(&r.name),
            csv_cell(when),
            csv_cell(out),
            csv_cell(ind),
            csv_cell(&r.source),
            r.page.map_or_else(String::new, |p| p.to_string()),
            csv_cell(&r.read),
            csv_cell(r.decision.as_deref().unwrap_or("")),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

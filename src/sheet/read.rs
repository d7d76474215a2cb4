//! Reading a filled scoring sheet back: the levels chosen per student and indicator on
//! the `Scores` sheet (typed or picked from the dropdown, in Excel or LibreOffice).
//!
//! Only the inputs are read. Grades are computed again with [`crate::grade`]; the
//! values the spreadsheet cached for its formulas are compared with those grades and a
//! disagreement is a warning (someone edited a formula), never a source of truth.
//!
//! Every problem is reported at once, with the sheet and cell (`Scores!F7`): a value
//! that is not a level, a student that is not in the course or is missing, a moved or
//! renamed column, a sheet made for another course or another version of the course.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Range, Reader, Xlsx};

use crate::diag::{Diagnostic, did_you_mean};
use crate::grade::{GradeResult, Q};
use crate::model::Student;
use crate::resolve::Plan;
use crate::sheet::layout::{
    COURSE_CODE_CELL, FINGERPRINT_CELL, FIRST_INPUT_COL, FIRST_STUDENT_ROW, HEADER_ROW,
    Layout, PROP_COURSE, PROP_FINGERPRINT, cell_ref as layout_cell, column_name,
};

pub use crate::sheet::layout::{SCORES_SHEET, SETTINGS_SHEET};

/// One student's scores as read from the sheet.
#[derive(Debug, Clone)]
pub struct StudentScores {
    /// The student, as in the course's student list.
    pub student: Student,
    /// The sheet row (1-based, as Excel shows it).
    pub row: u32,
    /// Per outcome, per indicator: the level index, or `None` for NG or an empty cell.
    pub levels: Vec<Vec<Option<usize>>>,
    /// The cells left empty (`F7`, …).
    pub empty: Vec<String>,
    /// The cells whose value is not a level (`F7`, …).
    pub invalid: Vec<String>,
    /// The examiners' motivation (column `Toelichting`), possibly empty.
    pub motivation: String,
    /// Per outcome, the examiners' motivation for it (columns `Toelichting LU1`, …;
    /// empty where none was typed, or in a sheet made before these columns).
    pub outcome_motivations: Vec<String>,
}

impl StudentScores {
    /// True when every indicator has a level or NG.
    pub fn is_complete(&self) -> bool {
        self.empty.is_empty() && self.invalid.is_empty()
    }
}

/// What was read from a filled sheet.
#[derive(Debug, Clone)]
pub struct FilledSheet {
    /// The students found, in course order.
    pub students: Vec<StudentScores>,
    /// Students of the course without a row in the sheet.
    pub missing: Vec<Student>,
    /// The grade the sheet shows per student number, as cached by the spreadsheet
    /// program that saved it (`None` when it stored no value).
    pub cached_grades: HashMap<String, CachedGrade>,
    /// Problems in single rows and cells (values that are not levels, unknown or
    /// repeated students), as errors; the students they touch are not complete.
    pub problems: Vec<Diagnostic>,
}

/// The value a sheet shows in a student's grade cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedGrade {
    /// The cell, e.g. `AX7`.
    pub cell: String,
    /// The value shown: a number, a text, or nothing.
    pub value: Option<CachedValue>,
    /// Whether the cell still holds a formula.
    pub has_formula: bool,
}

/// A cached cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum CachedValue {
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
}

/// Read the filled sheet at `path` for `plan`.
///
/// # Errors
/// A workbook that cannot be used at all: not a scoring sheet, another course or
/// version, columns moved. Problems in rows and cells are in [`FilledSheet::problems`].
pub fn read(path: &Path, plan: &Plan) -> Result<FilledSheet, Vec<Diagnostic>> {
    let located = |message: String| Diagnostic::error(message).in_file(path);
    let bytes = read_within_limits(path).map_err(|d| vec![d])?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        vec![located(format!("cannot read the scoring sheet: {e}")).hint(
            "give the .xlsx file made by `meetlat sheet`, filled in and saved as Excel \
             workbook (.xlsx)",
        )]
    })?;
    let names = book.sheet_names();
    let mut problems = Vec::new();
    if !names.iter().any(|n| n == SCORES_SHEET) {
        return Err(vec![
            located(format!(
                "the workbook has no sheet `{SCORES_SHEET}` (its sheets: {})",
                names.join(", ")
            ))
            .hint("give the scoring sheet made by `meetlat sheet`; the sheet must keep its name"),
        ]);
    }
    let [nl_settings, en_settings] = crate::sheet::layout::settings_sheet_names();
    for sheet in [nl_settings, en_settings, SCORES_SHEET] {
        if names.iter().any(|n| n == sheet) {
            check_cell_bounds(&mut book, sheet, path).map_err(|d| vec![d])?;
        }
    }
    check_identity(&mut book, plan, &names, &mut problems, path);
    if !problems.is_empty() {
        // A sheet of another course: its cells would only add noise.
        return Err(problems);
    }
    let values = book
        .worksheet_range(SCORES_SHEET)
        .map_err(|e| vec![located(format!("cannot read sheet `{SCORES_SHEET}`: {e}"))])?;
    let formulas = book.worksheet_formula(SCORES_SHEET).unwrap_or_default();
    let layout = Layout::new(plan);
    check_headers(&values, plan, &layout, &mut problems, path);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut sheet = read_rows(&values, &formulas, plan, &layout, &mut problems, path);
    sheet.problems = problems;
    Ok(sheet)
}

/// The bytes of the workbook at `path`, once its size and what its zip parts unpack to
/// are within [`limits`](crate::limits): a zip bomb named `.xlsx` is refused before
/// calamine unpacks anything.
pub(crate) fn read_within_limits(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use crate::limits::{MAX_XLSX_BYTES, MAX_XLSX_PARTS, MAX_XLSX_UNPACKED};
    let located = |message: String| Diagnostic::error(message).in_file(path);
    let give = "give the .xlsx file made by `meetlat sheet`, filled in and saved as Excel \
                workbook (.xlsx)";
    let mb = |n: u64| n.div_ceil(1024 * 1024);
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(located("the scoring sheet is a folder".to_owned()).hint(give));
        }
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(located("the scoring sheet does not exist".to_owned()).hint(give));
        }
        Err(e) => {
            return Err(located(format!("cannot read the scoring sheet: {e}")).hint(give));
        }
    };
    if size > MAX_XLSX_BYTES {
        return Err(located(format!(
            "the scoring sheet is {} MB; meetlat reads sheets up to {} MB",
            mb(size),
            mb(MAX_XLSX_BYTES)
        ))
        .hint(give));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| located(format!("cannot read the scoring sheet: {e}")).hint(give))?;
    // What else people give for a sheet, named in their words.
    let save_as = "open it in Excel or LibreOffice and save it as Excel workbook (.xlsx) \
                   (Excel: Opslaan als › Excel-werkmap; LibreOffice: Opslaan als › Excel \
                   2007-365), or give the .xlsx file made by `meetlat sheet`";
    let other =
        |what: &str| located(format!("this is {what}, not an Excel workbook (.xlsx)"));
    if bytes.starts_with(b"%PDF-") {
        return Err(other("a PDF file").hint(give));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(other("an old Excel 97-2003 workbook (.xls)").hint(save_as));
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes.as_slice())) else {
        if !bytes.is_empty() && !bytes[..bytes.len().min(4096)].contains(&0) {
            return Err(other("a text file (a CSV export, or another text)").hint(
                "give the .xlsx file made by `meetlat sheet`, filled in and saved as Excel \
                 workbook (.xlsx): a CSV export keeps neither its formulas nor its course \
                 code and fingerprint",
            ));
        }
        // Not a zip at all: calamine says so in its own words.
        return Ok(bytes);
    };
    if let Ok(mut part) = zip.by_name("mimetype") {
        let mut kind = String::new();
        let _ = std::io::Read::take(&mut part, 100).read_to_string(&mut kind);
        if kind.starts_with("application/vnd.oasis.opendocument") {
            return Err(other("an OpenDocument spreadsheet (.ods)").hint(save_as));
        }
    }
    let too_big = |what: String| {
        located(what)
            .hint(format!(
                "meetlat unpacks at most {} MB of a scoring sheet (a sheet for 50,000 \
                 students unpacks to about 270 MB); this file may be a zip bomb",
                mb(MAX_XLSX_UNPACKED)
            ))
            .hint(give)
    };
    if zip.len() > MAX_XLSX_PARTS {
        return Err(too_big(format!(
            "the workbook holds {} parts; a scoring sheet has a few dozen",
            zip.len()
        )));
    }
    let mut total: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        // A damaged part is left to calamine, which names the problem.
        let Ok(mut part) = zip.by_index(i) else { continue };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if part.size() > MAX_XLSX_UNPACKED - total {
            return Err(too_big(format!(
                "part `{name}` of the workbook says it unpacks to {} MB",
                mb(part.size())
            )));
        }
        // Count what it really unpacks to: the size in the zip's directory may lie.
        let strings = name == "xl/sharedStrings.xml";
        let mut head: Vec<u8> = Vec::new();
        let mut unpacked: u64 = 0;
        loop {
            let n = match part.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if strings && head.len() < 4096 {
                head.extend_from_slice(&chunk[..n.min(4096 - head.len())]);
            }
            unpacked += n as u64;
            if unpacked > MAX_XLSX_UNPACKED - total {
                return Err(too_big(format!(
                    "part `{name}` of the workbook unpacks to more than {} MB",
                    mb(MAX_XLSX_UNPACKED - total)
                )));
            }
        }
        total += unpacked;
        if strings {
            // calamine reserves room for the number of strings the part announces.
            let announced = String::from_utf8_lossy(&head)
                .split_once("uniqueCount=\"")
                .and_then(|(_, rest)| rest.split('"').next()?.parse::<u64>().ok());
            if let Some(n) = announced.filter(|n| *n > unpacked / 8 + 16) {
                return Err(located(format!(
                    "part `{name}` of the workbook announces {n} texts in {unpacked} bytes"
                ))
                .hint("the workbook is damaged or made to exhaust memory")
                .hint(give));
            }
        }
    }
    Ok(bytes)
}

/// Refuse a sheet with a cell so far out that reading it would take more memory than
/// any scoring sheet needs: calamine makes one value for every cell of the rectangle
/// around the used cells, so one cell at `XFD1048576` would take hundreds of gigabytes.
pub(crate) fn check_cell_bounds<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    path: &Path,
) -> Result<(), Diagnostic> {
    use crate::limits::{MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
    // (first row, last row, first column, last column), 0-based.
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut check = |(row, col): (u32, u32)| {
        let (r0, r1, c0, c1) = bounds.unwrap_or((row, row, col, col));
        let next = (r0.min(row), r1.max(row), c0.min(col), c1.max(col));
        bounds = Some(next);
        let area = u64::from(next.1 - next.0 + 1) * u64::from(next.3 - next.2 + 1);
        if row < MAX_SHEET_ROWS && col < MAX_SHEET_COLUMNS && area <= MAX_SHEET_CELLS {
            return Ok(());
        }
        let cell = format!(
            "{sheet}!{}{}",
            u16::try_from(col)
                .map_or_else(|_| format!("column {}", col + 1), column_name),
            u64::from(row) + 1
        );
        Err(Diagnostic::error(format!(
            "{cell}: a cell this far out is more than meetlat reads"
        ))
        .in_file(path)
        .hint(format!(
            "a sheet may use rows up to {MAX_SHEET_ROWS} and columns up to {} ({} cells \
             in all); delete what stands in or beyond this cell (in Excel: select the \
             rows and columns after the student list and delete them), then save",
            column_name(u16::try_from(MAX_SHEET_COLUMNS - 1).unwrap_or(u16::MAX)),
            MAX_SHEET_CELLS
        )))
    };
    if let Ok(mut cells) = book.worksheet_cells_reader(sheet) {
        while let Ok(Some(cell)) = cells.next_cell() {
            if !matches!(cell.get_value(), DataRef::Empty) {
                check(cell.get_position())?;
            }
        }
    }
    if let Ok(mut cells) = book.worksheet_cells_reader(sheet) {
        while let Ok(Some(cell)) = cells.next_formula() {
            if !cell.get_value().is_empty() {
                check(cell.get_position())?;
            }
        }
    }
    Ok(())
}

/// The text of a cell as a user sees it: numbers without a trailing `.0`.
fn cell_text(value: Option<&Data>) -> String {
    match value {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_owned(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => {
            format!("{}", *f as i64)
        }
        Some(other) => other.to_string().trim().to_owned(),
    }
}

/// `Scores!F7` for a 0-based row and column.
fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

fn value_at(range: &Range<Data>, row: u32, col: u16) -> Option<&Data> {
    range.get_value((row, u32::from(col)))
}

/// The sheet must be made for this course and this version of the course file.
fn check_identity<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    plan: &Plan,
    names: &[String],
    problems: &mut Vec<Diagnostic>,
    path: &Path,
) {
    let props =
        book.workbook_properties().map(|p| p.custom_properties).unwrap_or_default();
    // The settings sheet under the name of the sheet's language.
    let settings_name = crate::sheet::layout::settings_sheet_names()
        .into_iter()
        .find(|s| names.iter().any(|n| n == s))
        .unwrap_or(SETTINGS_SHEET);
    let settings = if names.iter().any(|n| n == settings_name) {
        book.worksheet_range(settings_name).ok()
    } else {
        None
    };
    // The settings sheet is protected and holds the values the formulas use; the
    // document properties are the fallback for a sheet saved without it.
    let from_settings = |(row, col): (u32, u16)| {
        settings.as_ref().map(|r| cell_text(value_at(r, row, col)))
    };
    let code = from_settings(COURSE_CODE_CELL)
        .filter(|s| !s.is_empty())
        .or_else(|| props.get(PROP_COURSE).cloned());
    let fingerprint = from_settings(FINGERPRINT_CELL)
        .filter(|s| !s.is_empty())
        .or_else(|| props.get(PROP_FINGERPRINT).cloned());
    let (Some(code), Some(fingerprint)) = (code, fingerprint) else {
        problems.push(
            Diagnostic::error(format!(
                "the workbook does not say which course it is for (no course code and \
                 fingerprint on sheet `{settings_name}`)"
            ))
            .in_file(path)
            .hint("give the scoring sheet made by `meetlat sheet` for this course"),
        );
        return;
    };
    if code != plan.course.code {
        problems.push(
            Diagnostic::error(format!(
                "{settings_name}!{}: this sheet is for course `{code}`, not for `{}`",
                layout_cell(COURSE_CODE_CELL.0, COURSE_CODE_CELL.1),
                plan.course.code
            ))
            .in_file(path)
            .hint(
                "give the scoring sheet of this course, or the course file of this sheet",
            ),
        );
    } else if fingerprint != plan.fingerprint {
        problems.push(
            Diagnostic::error(format!(
                "{settings_name}!{}: this sheet was made from another version of the course \
                 file or framework (fingerprint `{fingerprint}`, the course file now gives `{}`)",
                layout_cell(FINGERPRINT_CELL.0, FINGERPRINT_CELL.1),
                plan.fingerprint
            ))
            .in_file(path)
            .hint(
                "the selection of outcomes or indicators, the levels, weights or grading rules \
                 changed after the sheet was made; use the course file the sheet was made \
                 from, or make a new sheet with `meetlat sheet` and copy the levels over",
            ),
        );
    }
}

/// The header row must have the columns where `meetlat sheet` put them.
fn check_headers(
    values: &Range<Data>,
    plan: &Plan,
    layout: &Layout,
    problems: &mut Vec<Diagnostic>,
    path: &Path,
) {
    let mut expected: Vec<(u16, String, String)> =
        vec![(0, crate::sheet::layout::number_header(plan).to_owned(), String::new())];
    for (o, &(first, _)) in plan.outcomes.iter().zip(&layout.inputs) {
        for (k, ind) in o.indicators.iter().enumerate() {
            expected.push((first + k as u16, ind.id.clone(), format!(" ({})", o.id)));
        }
    }
    let found_at: BTreeMap<String, u16> = (0..=layout.result_col + 2)
        .filter_map(|c| {
            let t = cell_text(value_at(values, HEADER_ROW, c));
            (!t.is_empty()).then_some((t, c))
        })
        .collect();
    for (col, id, context) in expected {
        let found = cell_text(value_at(values, HEADER_ROW, col));
        if found == id {
            continue;
        }
        let here = cell_ref(HEADER_ROW, col);
        let mut d = Diagnostic::error(if found.is_empty() {
            format!("{SCORES_SHEET}!{here}: the column `{id}`{context} is missing here")
        } else {
            format!("{SCORES_SHEET}!{here}: expected the column `{id}`{context} here, found `{found}`")
        })
        .in_file(path);
        if let Some(&elsewhere) = found_at.get(&id) {
            d = d.hint(format!(
                "`{id}` is in column {}; columns must stay where `meetlat sheet` put them: \
                 move it back",
                column_name(elsewhere)
            ));
        } else {
            d = d.hint(
                "columns must not be renamed, moved or deleted; make a new sheet with \
                 `meetlat sheet` and copy the levels over",
            );
        }
        problems.push(d);
    }
}

fn read_rows(
    values: &Range<Data>,
    formulas: &Range<String>,
    plan: &Plan,
    layout: &Layout,
    problems: &mut Vec<Diagnostic>,
    path: &Path,
) -> FilledSheet {
    let by_number: HashMap<&str, &Student> =
        plan.students.iter().map(|s| (s.number.as_str(), s)).collect();
    let numbers: Vec<&str> = plan.students.iter().map(|s| s.number.as_str()).collect();
    let mut level_names: Vec<String> = plan.levels.iter().map(|l| l.id.clone()).collect();
    level_names.push("NG".to_owned());
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut found: Vec<StudentScores> = Vec::new();
    let mut cached_grades = HashMap::new();
    let last_row = values.end().map_or(0, |(r, _)| r);
    for row in FIRST_STUDENT_ROW..=last_row.max(FIRST_STUDENT_ROW) {
        let number = cell_text(value_at(values, row, 0));
        let inputs_used = (FIRST_INPUT_COL..layout.score_col)
            .any(|c| !cell_text(value_at(values, row, c)).is_empty());
        if number.is_empty() {
            if inputs_used {
                problems.push(
                    Diagnostic::error(format!(
                        "{SCORES_SHEET}!{}: levels are filled in on row {} but the student \
                         number is empty",
                        cell_ref(row, 0),
                        row + 1
                    ))
                    .in_file(path)
                    .hint("type the student number in column A, or clear the row"),
                );
            }
            continue;
        }
        let here = cell_ref(row, 0);
        let Some(student) = by_number.get(number.as_str()) else {
            let mut d = Diagnostic::error(format!(
                "{SCORES_SHEET}!{here}: student `{number}` is not in the course's student list"
            ))
            .in_file(path);
            if let Some(h) = did_you_mean(&number, numbers.iter().copied()) {
                d = d.hint(h);
            }
            problems.push(d.hint(
                "add the student to the student list, or remove the row from the sheet",
            ));
            continue;
        };
        if let Some(first) = seen.insert(number.clone(), row + 1) {
            problems.push(
                Diagnostic::error(format!(
                    "{SCORES_SHEET}!{here}: student `{number}` has a second row (first on row {first})"
                ))
                .in_file(path)
                .hint("keep one row per student"),
            );
            continue;
        }
        let mut levels = Vec::with_capacity(plan.outcomes.len());
        let mut empty = Vec::new();
        let mut invalid = Vec::new();
        for (o, &(first, last)) in layout.inputs.iter().enumerate() {
            let mut outcome = Vec::with_capacity(usize::from(last - first + 1));
            for col in first..=last {
                let text = cell_text(value_at(values, row, col));
                let cell = cell_ref(row, col);
                // A formula where a level is typed: named as such, not as an empty cell
                // (a formula a writer did not calculate has no value to read).
                if let Some(f) = formulas
                    .get_value((row, u32::from(col)))
                    .map(|f| f.trim())
                    .filter(|f| !f.is_empty())
                {
                    let outcome_id = &plan.outcomes[o].id;
                    let indicator =
                        &plan.outcomes[o].indicators[usize::from(col - first)].id;
                    let shown =
                        if f.starts_with('=') { f.to_owned() } else { format!("={f}") };
                    problems.push(
                        Diagnostic::error(format!(
                            "{SCORES_SHEET}!{cell}: the cell holds a formula (`{shown}`), not a \
                             level (student `{number}`, {outcome_id} {indicator})"
                        ))
                        .in_file(path)
                        .hint(format!(
                            "type the level itself ({}), or choose it from the cell's dropdown list",
                            level_names.join(", ")
                        )),
                    );
                    invalid.push(cell);
                    outcome.push(None);
                    continue;
                }
                if text.is_empty() {
                    empty.push(cell);
                    outcome.push(None);
                } else if text.eq_ignore_ascii_case("NG")
                    || text.eq_ignore_ascii_case("niet geobserveerd")
                    || text.eq_ignore_ascii_case("not observed")
                {
                    outcome.push(None);
                } else if let Some(i) = plan.levels.iter().position(|l| {
                    l.id.eq_ignore_ascii_case(&text)
                        || l.label.eq_ignore_ascii_case(&text)
                }) {
                    outcome.push(Some(i));
                } else {
                    let outcome_id = &plan.outcomes[o].id;
                    let indicator =
                        &plan.outcomes[o].indicators[usize::from(col - first)].id;
                    let mut d = Diagnostic::error(format!(
                        "{SCORES_SHEET}!{cell}: \"{text}\" is not a level; levels are {} \
                         (student `{number}`, {outcome_id} {indicator})",
                        level_names.join(", ")
                    ))
                    .in_file(path);
                    // Points typed instead of a level: name the level.
                    let by_points =
                        text.replace(',', ".").parse::<f64>().ok().and_then(|p| {
                            plan.levels.iter().find(|l| l.points as f64 == p)
                        });
                    if let Some(l) = by_points {
                        d = d.hint(format!(
                            "type the level, not its points: `{}` ({} points)",
                            l.id, l.points
                        ));
                    } else if let Some(h) =
                        did_you_mean(&text, level_names.iter().map(String::as_str))
                    {
                        d = d.hint(h);
                    } else {
                        d = d.hint("choose from the cell's dropdown list");
                    }
                    problems.push(d);
                    invalid.push(cell);
                    outcome.push(None);
                }
            }
            levels.push(outcome);
        }
        let grade_cell = (row, layout.grade_col);
        let formula = formulas
            .get_value((grade_cell.0, u32::from(grade_cell.1)))
            .is_some_and(|f| !f.trim().is_empty());
        let cached = match value_at(values, grade_cell.0, grade_cell.1) {
            None | Some(Data::Empty) => None,
            Some(Data::Float(f)) => Some(CachedValue::Number(*f)),
            Some(Data::Int(i)) => Some(CachedValue::Number(*i as f64)),
            Some(Data::String(s)) if s.trim().is_empty() => None,
            Some(other) => Some(CachedValue::Text(cell_text(Some(other)))),
        };
        cached_grades.insert(
            number.clone(),
            CachedGrade {
                cell: cell_ref(grade_cell.0, grade_cell.1),
                value: cached,
                has_formula: formula,
            },
        );
        found.push(StudentScores {
            motivation: cell_text(value_at(values, row, layout.motivation_col))
                .trim()
                .to_owned(),
            outcome_motivations: (0..plan.outcomes.len() as u16)
                .map(|i| {
                    cell_text(value_at(values, row, layout.outcome_motivation_col + i))
                        .trim()
                        .to_owned()
                })
                .collect(),
            student: (*student).clone(),
            row: row + 1,
            levels,
            empty,
            invalid,
        });
    }
    let missing: Vec<Student> =
        plan.students.iter().filter(|s| !seen.contains_key(&s.number)).cloned().collect();
    // Course order, whatever order the rows are in.
    found
        .sort_by_key(|s| plan.students.iter().position(|p| p.number == s.student.number));
    FilledSheet { students: found, missing, cached_grades, problems: Vec::new() }
}

/// Compare the grade the sheet shows with the grade the rules give: a warning when they
/// differ or when the grade cell no longer holds its formula.
pub fn check_cached(
    cached: &CachedGrade,
    student: &Student,
    computed: &GradeResult,
    path: &Path,
) -> Option<Diagnostic> {
    use num_traits::ToPrimitive;
    let expected = computed.grade.as_ref().and_then(Q::to_f64);
    let who = format!("student `{}`", student.number);
    let shown = match &cached.value {
        Some(CachedValue::Number(x)) => format!("{x}"),
        Some(CachedValue::Text(t)) => format!("\"{t}\""),
        None => String::new(),
    };
    let rules = expected
        .map_or_else(|| "no grade (not enough evidence)".to_owned(), |g| format!("{g}"));
    let disagree = match (&cached.value, expected) {
        (Some(CachedValue::Number(x)), Some(g)) => (x - g).abs() > 1e-9,
        (Some(CachedValue::Number(_)), None) => true,
        (Some(CachedValue::Text(_)), Some(_)) => true,
        _ => false,
    };
    let cell = format!("{SCORES_SHEET}!{}", cached.cell);
    if !cached.has_formula && cached.value.is_some() {
        return Some(
            Diagnostic::warning(format!(
                "{cell}: the grade of {who} was typed over its formula (it shows {shown}); \
                 the report uses the grade the rules give: {rules}"
            ))
            .in_file(path)
            .hint("grades are computed by meetlat from the levels; a changed grade in the sheet is ignored"),
        );
    }
    disagree.then(|| {
        Diagnostic::warning(format!(
            "{cell}: the sheet shows {shown} as the grade of {who}, the rules give {rules}; \
             has a formula been changed?"
        ))
        .in_file(path)
        .hint("the report uses the grade the rules give; check the sheet's formulas")
    })
}

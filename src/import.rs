//! Frameworks written in a spreadsheet: `meetlat framework template` writes an empty
//! workbook in the layout below, `meetlat framework import` reads it (or a simple CSV)
//! and makes a framework file of it (stage: load, for the framework file).
//!
//! The layout (row 1 of every sheet holds headers and is skipped; empty rows are skipped):
//!
//! - `Framework`: key-value rows, the key in column A (`id`, `version`, `title`, …, see
//!   [`META_KEYS`]), the value in column B; column C explains and is not read.
//! - `Leeruitkomsten`: id, title, description, core task id (optional).
//! - `Indicatoren`: id, text, the ids of the outcomes it belongs to (comma-separated).
//! - `Kerntaken` (optional): id, title, description.
//!
//! The CSV form has a header row with the columns `outcome_id`, `outcome_title`,
//! `indicator_id`, `indicator_text` (and optionally `outcome_description`), one indicator
//! under one outcome per row.
//!
//! Every problem is reported at once as `Sheet!Cell: …`; nothing is written while there
//! are problems.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

use crate::diag::{Diagnostic, did_you_mean, list};
use crate::error::{Error, Result};
use crate::ids;
use crate::model::Level;
use crate::model::framework::{CoreTask, Framework, Indicator, Outcome, Terms};

/// The sheet with instructions (not read).
pub const INSTRUCTIONS_SHEET: &str = "Instructies";
/// The sheet with the framework's details.
pub const FRAMEWORK_SHEET: &str = "Framework";
/// The sheet with the learning outcomes.
pub const OUTCOMES_SHEET: &str = "Leeruitkomsten";
/// The sheet with the indicators.
pub const INDICATORS_SHEET: &str = "Indicatoren";
/// The optional sheet with the core tasks.
pub const CORE_TASKS_SHEET: &str = "Kerntaken";
/// The optional sheet with the framework's own scale.
pub const SCALE_SHEET: &str = "Schaal";
/// The optional sheet with descriptors per indicator and level.
pub const DESCRIPTORS_SHEET: &str = "Beschrijvingen";

/// The keys of the `Framework` sheet: key, Dutch alias, required, explanation.
pub const META_KEYS: &[(&str, &str, bool, &str)] = &[
    ("id", "id", true, "vaste code van het framework, bv. opbouwwerk-2026"),
    ("version", "versie", true, "versie van de inhoud, bv. 2026-03"),
    ("title", "titel", true, "titel zoals in het brondocument"),
    ("subtitle", "ondertitel", false, "ondertitel (mag leeg)"),
    ("publisher", "uitgever", false, "uitgever van het brondocument"),
    ("date", "datum", false, "datum van het brondocument, bv. 2026-03"),
    ("level", "niveau", false, "niveau, bv. NLQF 6, hbo bachelor"),
    ("status", "status", false, "status van de bron, bv. vastgesteld"),
    ("language", "taal", false, "taal van de teksten: nl of en (leeg: nl)"),
    ("source", "bron", false, "bronvermelding van het brondocument"),
    ("notes", "opmerkingen", false, "opmerking; herhaal de rij voor meer opmerkingen"),
    (
        "pass_level",
        "cesuurniveau",
        false,
        "id van het niveau op blad Schaal waarop een indicator voldoende is (leeg: het middelste)",
    ),
    (
        "terms.outcome",
        "term.leeruitkomst",
        false,
        "hoe het kader een leeruitkomst noemt, bv. Competentie (leeg: Leeruitkomst)",
    ),
    ("terms.outcomes", "term.leeruitkomsten", false, "meervoud, bv. Competenties"),
    (
        "terms.indicator",
        "term.indicator",
        false,
        "hoe het kader een indicator noemt, bv. Prestatie-indicator (leeg: Gedragsindicator)",
    ),
    ("terms.indicators", "term.indicatoren", false, "meervoud"),
    (
        "terms.level",
        "term.niveau",
        false,
        "hoe het kader een niveau noemt (leeg: Niveau)",
    ),
    ("terms.levels", "term.niveaus", false, "meervoud"),
    (
        "terms.core_task",
        "term.kerntaak",
        false,
        "hoe het kader een kerntaak noemt, bv. Domein (leeg: Kerntaak)",
    ),
    (
        "terms.competencies",
        "term.bekwaamheden",
        false,
        "hoe het kader bekwaamheden noemt (leeg: Bekwaamheden)",
    ),
];

/// What `framework import` made.
#[derive(Debug)]
pub struct Imported {
    /// The framework file's text (YAML with a header comment).
    pub yaml: String,
    /// Warnings (no errors: those make the import fail).
    pub warnings: Vec<Diagnostic>,
}

// ---------------------------------------------------------------------------------------
// Template

/// The empty workbook of `meetlat framework template`.
///
/// # Errors
/// [`Error::Internal`] when the workbook cannot be made.
pub fn template() -> Result<Vec<u8>> {
    let internal = |e: rust_xlsxwriter::XlsxError| Error::Internal(e.to_string());
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut book = Workbook::new();

    let sheet = book.add_worksheet().set_name(INSTRUCTIONS_SHEET).map_err(internal)?;
    sheet.set_column_width(0, 110).map_err(internal)?;
    let lines: &[&str] = &[
        "Een framework invullen voor meetlat",
        "English: fill in the sheets below, then run `meetlat framework import FILE.xlsx -o framework.yaml`.",
        "",
        "Vul de bladen Framework, Leeruitkomsten en Indicatoren in; Kerntaken is optioneel.",
        "Rij 1 van elk blad is de kop en wordt niet gelezen. Lege rijen worden overgeslagen.",
        "Framework: één gegeven per rij; de naam in kolom A, de waarde in kolom B. Verplicht: id, version, title.",
        "Leeruitkomsten: id, titel (verplicht), beschrijving, en de id van de kerntaak (alleen als er kerntaken zijn).",
        "Indicatoren: id, tekst (verplicht), en de id's van de leeruitkomsten waar de indicator bij hoort, gescheiden door komma's (bv. LU1, LU3).",
        "Kerntaken: id, titel (verplicht), beschrijving. Laat het blad leeg als er geen kerntaken zijn;",
        "    de leeruitkomsten noemen dan geen kerntaak.",
        "Schaal (optioneel): id, label, punten (geheel getal, oplopend), omschrijving; van laag naar hoog.",
        "    Leeg: de cursus kiest de schaal (standaard: onvoldoende, voldoende, goed, excellent).",
        "Beschrijvingen (optioneel): indicator-id, niveau-id, wat dat niveau voor die indicator betekent.",
        "Framework: de rijen term.* geven de eigen namen van het kader (bv. Competentie in plaats van Leeruitkomst).",
        "Id's: letters, cijfers en . - _, niet beginnend met een cijfer (bv. LU1, G01, KT2). Elke id komt één keer voor.",
        "Elke leeruitkomst heeft minstens één indicator.",
        "",
        "Daarna: meetlat framework import BESTAND.xlsx -o framework.yaml",
        "        meetlat framework check framework.yaml",
        "meetlat meldt alle problemen tegelijk, met blad en cel (bv. Indicatoren!C7), en schrijft niets zolang er problemen zijn.",
    ];
    for (row, line) in lines.iter().enumerate() {
        let row = row as u32;
        if row == 0 {
            sheet.write_with_format(row, 0, *line, &bold).map_err(internal)?;
        } else {
            sheet.write(row, 0, *line).map_err(internal)?;
        }
    }

    let sheet = book.add_worksheet().set_name(FRAMEWORK_SHEET).map_err(internal)?;
    headers(sheet, &["veld", "waarde", "uitleg"], &[14.0, 50.0, 60.0], &bold)
        .map_err(internal)?;
    for (row, (key, _, required, explain)) in META_KEYS.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write(row, 0, *key).map_err(internal)?;
        let explain = if *required {
            format!("{explain} (verplicht)")
        } else {
            (*explain).to_owned()
        };
        sheet.write(row, 2, explain).map_err(internal)?;
    }

    let sheet = book.add_worksheet().set_name(OUTCOMES_SHEET).map_err(internal)?;
    headers(
        sheet,
        &["id", "titel", "beschrijving", "kerntaak"],
        &[10.0, 40.0, 80.0, 12.0],
        &bold,
    )
    .map_err(internal)?;
    sheet.set_column_format(2, &wrap).map_err(internal)?;

    let sheet = book.add_worksheet().set_name(INDICATORS_SHEET).map_err(internal)?;
    headers(sheet, &["id", "tekst", "leeruitkomsten"], &[10.0, 80.0, 20.0], &bold)
        .map_err(internal)?;
    sheet.set_column_format(1, &wrap).map_err(internal)?;

    let sheet = book.add_worksheet().set_name(CORE_TASKS_SHEET).map_err(internal)?;
    headers(sheet, &["id", "titel", "beschrijving"], &[10.0, 40.0, 80.0], &bold)
        .map_err(internal)?;

    let sheet = book.add_worksheet().set_name(SCALE_SHEET).map_err(internal)?;
    headers(
        sheet,
        &["id", "label", "punten", "omschrijving"],
        &[14.0, 20.0, 8.0, 80.0],
        &bold,
    )
    .map_err(internal)?;
    sheet.set_column_format(3, &wrap).map_err(internal)?;

    let sheet = book.add_worksheet().set_name(DESCRIPTORS_SHEET).map_err(internal)?;
    headers(sheet, &["indicator", "niveau", "omschrijving"], &[12.0, 14.0, 90.0], &bold)
        .map_err(internal)?;
    sheet.set_column_format(2, &wrap).map_err(internal)?;

    book.save_to_buffer().map_err(internal)
}

/// Bold headers in row 1 and the column widths.
fn headers(
    sheet: &mut rust_xlsxwriter::Worksheet,
    names: &[&str],
    widths: &[f64],
    bold: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    for (col, (name, width)) in names.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.write_with_format(0, col, *name, bold)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reading

/// One cell's text and where it is (`Indicatoren!C7`).
#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    at: String,
}

/// One data row: its cells, by column.
#[derive(Debug, Clone)]
struct Row {
    cells: Vec<Cell>,
    /// Where the row is (`Leeruitkomsten!A4`), for problems with the row as a whole.
    at: String,
}

impl Row {
    fn get(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell { text: String::new(), at: String::new() };
        self.cells.get(col).unwrap_or(&EMPTY)
    }
}

/// The rows of the sheets, before they become a framework.
#[derive(Debug, Default)]
struct Tables {
    meta: Vec<Row>,
    outcomes: Vec<Row>,
    indicators: Vec<Row>,
    core_tasks: Vec<Row>,
    scale: Vec<Row>,
    descriptors: Vec<Row>,
}

/// Column letters for a 0-based column (`A`, `Z`, `AA`).
fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Read a workbook or CSV file and make a framework file of it.
///
/// # Errors
/// [`Error::Invalid`] with every problem, each at its sheet and cell.
pub fn import(path: &Path) -> Result<Imported> {
    let located = |m: String| Diagnostic::error(m).in_file(path);
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let give = "give the .xlsx file made by `meetlat framework template`, filled in, or a \
                CSV file with the columns outcome_id, outcome_title, indicator_id, \
                indicator_text";
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::Invalid(vec![
                located("this is a folder".into()).hint(give),
            ]));
        }
        Ok(m) => m.len(),
        Err(e) => {
            return Err(Error::Invalid(vec![
                located(format!("cannot read `{}`: {e}", path.display())).hint(give),
            ]));
        }
    };
    if size > crate::limits::MAX_XLSX_BYTES {
        return Err(Error::Invalid(vec![
            located(format!(
                "the file is {} MB; that is too big for a framework",
                size >> 20
            ))
            .hint(give),
        ]));
    }
    let bytes = if is_csv {
        std::fs::read(path).map_err(|e| {
            Error::Invalid(vec![located(format!(
                "cannot read `{}`: {e}",
                path.display()
            ))])
        })?
    } else {
        // The scoring sheet's protection against zip bombs applies to every workbook.
        crate::sheet::read::read_within_limits(path).map_err(|mut d| {
            d.hints = vec![give.to_owned()];
            Error::Invalid(vec![d])
        })?
    };
    let mut diags = Vec::new();
    let (tables, from_csv) = if is_csv {
        (read_csv(path, &bytes, &mut diags)?, true)
    } else {
        (read_xlsx(path, bytes, &mut diags)?, false)
    };
    let fw = build(path, &tables, from_csv, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(diags));
    }
    let Some(fw) = fw else { return Err(Error::Invalid(diags)) };
    let yaml = to_yaml(path, &fw)?;
    // The same checks as `framework check`, as a safety net for what the sheets'
    // checks do not cover (form fields that run together and the like).
    let parsed =
        crate::load::parse_framework_text(Path::new("imported.yaml"), yaml.clone());
    let mut later = parsed.diagnostics;
    if let (Some(fw), Some(src)) = (&parsed.value, &parsed.source) {
        later.extend(crate::validate::validate_framework(fw, src, &parsed.repaired));
    }
    for d in later {
        let mut nd = if d.is_error() {
            Diagnostic::error(format!("the imported framework: {}", d.message))
        } else {
            Diagnostic::warning(format!("the imported framework: {}", d.message))
        }
        .in_file(path);
        nd.hints = d.hints;
        diags.push(nd);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(diags));
    }
    Ok(Imported { yaml, warnings: diags })
}

/// The sheets of a workbook as rows.
fn read_xlsx(path: &Path, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> Result<Tables> {
    let located = |m: String| Diagnostic::error(m).in_file(path);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Error::Invalid(vec![located(format!("cannot read the workbook: {e}")).hint(
            "save it as Excel workbook (.xlsx); start from `meetlat framework template`",
        )])
    })?;
    let names = book.sheet_names();
    for sheet in &names {
        crate::sheet::read::check_cell_bounds(&mut book, sheet, path)
            .map_err(|d| Error::Invalid(vec![d]))?;
    }
    let mut missing = Vec::new();
    for sheet in [FRAMEWORK_SHEET, OUTCOMES_SHEET, INDICATORS_SHEET] {
        if !names.iter().any(|n| n == sheet) {
            let mut d = located(format!(
                "the workbook has no sheet `{sheet}` (its sheets: {})",
                names.join(", ")
            ));
            if let Some(h) = did_you_mean(sheet, names.iter().map(String::as_str)) {
                d = d.hint(h);
            }
            missing.push(d.hint(
                "start from `meetlat framework template`; the sheets must keep their names",
            ));
        }
    }
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let mut rows = |sheet: &str, diags: &mut Vec<Diagnostic>| -> Vec<Row> {
        if !names.iter().any(|n| n == sheet) {
            return Vec::new();
        }
        match book.worksheet_range(sheet) {
            Ok(range) => sheet_rows(path, sheet, &range, diags),
            Err(e) => {
                diags.push(located(format!("cannot read sheet `{sheet}`: {e}")));
                Vec::new()
            }
        }
    };
    let meta = rows(FRAMEWORK_SHEET, diags);
    let outcomes = rows(OUTCOMES_SHEET, diags);
    let indicators = rows(INDICATORS_SHEET, diags);
    let core_tasks = rows(CORE_TASKS_SHEET, diags);
    let scale = rows(SCALE_SHEET, diags);
    let descriptors = rows(DESCRIPTORS_SHEET, diags);
    Ok(Tables { meta, outcomes, indicators, core_tasks, scale, descriptors })
}

/// The non-empty rows below the header row of a sheet.
fn sheet_rows(
    path: &Path,
    sheet: &str,
    range: &calamine::Range<Data>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut by_row: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    for (r, c, value) in range.used_cells() {
        let (row, col) = (r0 + r as u32, c0 + c as u32);
        // Row 1 holds the headers; only columns A–D are read.
        if row == 0 || col > 3 {
            continue;
        }
        let at = format!("{sheet}!{}{}", column_name(col), row + 1);
        let text = match value {
            Data::String(s) => s.trim().to_owned(),
            Data::Error(e) => {
                diags.push(
                    Diagnostic::error(format!("{at}: the cell holds the error `{e}`"))
                        .in_file(path)
                        .hint("write the text itself, not a formula"),
                );
                continue;
            }
            Data::Empty => continue,
            other => other.to_string().trim().to_owned(),
        };
        if text.is_empty() {
            continue;
        }
        let cells = by_row.entry(row).or_default();
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::default());
        }
        cells[col] = Cell { text, at };
    }
    by_row
        .into_iter()
        .map(|(row, mut cells)| {
            cells.resize(4, Cell::default());
            for (col, cell) in cells.iter_mut().enumerate() {
                if cell.at.is_empty() {
                    cell.at = format!("{sheet}!{}{}", column_name(col as u32), row + 1);
                }
            }
            Row { cells, at: format!("{sheet}!A{}", row + 1) }
        })
        .collect()
}

/// The CSV form: one indicator under one outcome per row.
fn read_csv(path: &Path, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Result<Tables> {
    let text = crate::load::decode_text(path, bytes, "the CSV file")
        .map_err(|d| Error::Invalid(vec![*d]))?;
    let sheet =
        path.file_name().map_or("csv".into(), |n| n.to_string_lossy().into_owned());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let located = |m: String| Diagnostic::error(m).in_file(path);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::Invalid(vec![located(format!("cannot read the CSV file: {e}"))])
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    const COLUMNS: [&str; 5] = [
        "outcome_id",
        "outcome_title",
        "outcome_description",
        "indicator_id",
        "indicator_text",
    ];
    let mut missing = Vec::new();
    for h in &header {
        if !h.is_empty() && !COLUMNS.contains(&h.as_str()) {
            let mut d = located(format!("{sheet}: unknown column `{h}`"));
            if let Some(hint) = did_you_mean(h, COLUMNS) {
                d = d.hint(hint);
            }
            missing.push(d.hint(format!("the columns are {}", list(&COLUMNS))));
        }
    }
    for required in ["outcome_id", "outcome_title", "indicator_id", "indicator_text"] {
        if !header.iter().any(|h| h == required) {
            missing.push(located(format!("{sheet}: no column `{required}`")).hint(
                "the first row names the columns: \
                 outcome_id,outcome_title,indicator_id,indicator_text",
            ));
        }
    }
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut tables = Tables::default();
    let mut outcome_rows: HashMap<String, usize> = HashMap::new();
    let mut indicator_rows: HashMap<String, usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(located(format!("{sheet} row {line}: {e}")));
                continue;
            }
        };
        let cell = |name: &str| -> Cell {
            let c = col(name).unwrap_or(usize::MAX);
            Cell {
                text: record.get(c).unwrap_or("").trim().to_owned(),
                at: format!("{sheet}!{}{line}", column_name(c.min(25) as u32)),
            }
        };
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let at = format!("{sheet}!A{line}");
        let oid = cell("outcome_id");
        let iid = cell("indicator_id");
        // An outcome's first row brings its title and description.
        if !oid.text.is_empty() && !outcome_rows.contains_key(&oid.text) {
            outcome_rows.insert(oid.text.clone(), tables.outcomes.len());
            let description = if col("outcome_description").is_some() {
                cell("outcome_description")
            } else {
                Cell::default()
            };
            tables.outcomes.push(Row {
                cells: vec![
                    oid.clone(),
                    cell("outcome_title"),
                    description,
                    Cell::default(),
                ],
                at: at.clone(),
            });
        } else if oid.text.is_empty() {
            diags.push(
                located(format!("{}: `outcome_id` is empty", oid.at))
                    .hint("every row names the outcome its indicator belongs to"),
            );
        }
        // An indicator on several rows belongs to several outcomes.
        match indicator_rows.get(&iid.text) {
            Some(&k) if !iid.text.is_empty() => {
                let row: &mut Row = &mut tables.indicators[k];
                let text = cell("indicator_text");
                if !text.text.is_empty() && text.text != row.cells[1].text {
                    diags.push(
                        located(format!(
                            "{}: indicator `{}` has another text than on {}",
                            text.at, iid.text, row.cells[1].at
                        ))
                        .hint("an indicator under several outcomes has one text; give it the same text on every row, or another id"),
                    );
                }
                let cell2 = &mut row.cells[2];
                cell2.text = format!("{}, {}", cell2.text, oid.text);
            }
            _ => {
                if !iid.text.is_empty() {
                    indicator_rows.insert(iid.text.clone(), tables.indicators.len());
                }
                let outcomes = Cell { text: oid.text.clone(), at: oid.at.clone() };
                tables
                    .indicators
                    .push(Row { cells: vec![iid, cell("indicator_text"), outcomes], at });
            }
        }
    }
    Ok(tables)
}

// ---------------------------------------------------------------------------------------
// Building

/// Make the framework from the rows, reporting every problem.
fn build(
    path: &Path,
    t: &Tables,
    from_csv: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Framework> {
    let err = |at: &str, m: String| Diagnostic::error(format!("{at}: {m}")).in_file(path);

    // Framework details.
    let mut meta: HashMap<&str, Cell> = HashMap::new();
    let mut notes = Vec::new();
    for row in &t.meta {
        let key_cell = row.get(0);
        let value = row.get(1);
        let key = key_cell.text.to_lowercase();
        let Some((name, ..)) =
            META_KEYS.iter().find(|(k, nl, ..)| *k == key || *nl == key)
        else {
            let mut d = err(
                &key_cell.at,
                if key.is_empty() {
                    format!("the value `{}` has no name in column A", value.text)
                } else {
                    format!("unknown field `{}`", key_cell.text)
                },
            );
            let names: Vec<&str> = META_KEYS.iter().map(|k| k.0).collect();
            if let Some(h) = did_you_mean(&key, names.iter().copied()) {
                d = d.hint(h);
            }
            diags.push(d.hint(format!("the fields are {}", list(&names))));
            continue;
        };
        if *name == "notes" {
            if !value.text.is_empty() {
                notes.push(value.text.clone());
            }
            continue;
        }
        if let Some(first) = meta.get(name) {
            diags.push(
                err(&key_cell.at, format!("`{name}` is given twice")).hint(format!(
                    "it is already on row {}; keep one",
                    row_of(&first.at)
                )),
            );
            continue;
        }
        meta.insert(name, value.clone());
    }
    let stem =
        path.file_stem().map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let mut field = |name: &str| -> String {
        let required = META_KEYS.iter().any(|(k, _, r, _)| *k == name && *r);
        match meta.get(name) {
            Some(c) if !c.text.is_empty() => c.text.clone(),
            _ if from_csv && required => {
                // The CSV form has no details: the file's name stands in.
                match name {
                    "version" => "1".to_owned(),
                    _ => stem.clone(),
                }
            }
            Some(c) if required => {
                diags.push(
                    err(&c.at, format!("`{name}` is empty"))
                        .hint(format!("write the framework's {name} in this cell")),
                );
                String::new()
            }
            None if required => {
                diags.push(err(FRAMEWORK_SHEET, format!("no row `{name}`")).hint(
                    format!(
                        "add a row with `{name}` in column A and its value in column B"
                    ),
                ));
                String::new()
            }
            _ => String::new(),
        }
    };
    let id = field("id");
    let version = field("version");
    let title = field("title");
    let subtitle = Some(field("subtitle")).filter(|s| !s.is_empty());
    let publisher = field("publisher");
    let date = field("date");
    let level = field("level");
    let status = field("status");
    let mut language = field("language");
    let source = field("source");
    let pass_level = Some(field("pass_level")).filter(|s| !s.is_empty());
    let mut term = |name: &str| Some(field(name)).filter(|s| !s.is_empty());
    let terms = Terms {
        outcome: term("terms.outcome"),
        outcomes: term("terms.outcomes"),
        indicator: term("terms.indicator"),
        indicators: term("terms.indicators"),
        level: term("terms.level"),
        levels: term("terms.levels"),
        core_task: term("terms.core_task"),
        competencies: term("terms.competencies"),
    };
    if language.is_empty() {
        language = "nl".to_owned();
    } else if language != "nl" && language != "en" {
        let at =
            meta.get("language").map_or(FRAMEWORK_SHEET.to_owned(), |c| c.at.clone());
        diags.push(
            err(&at, format!("the language `{language}` is not one meetlat writes"))
                .hint("write `nl` or `en`"),
        );
    }
    if from_csv {
        diags.push(
            Diagnostic::warning(format!(
                "the CSV form has no framework details: id `{id}`, version `{version}` and \
                 title `{title}` come from the file's name"
            ))
            .in_file(path)
            .hint("edit them in the framework file, or use the workbook of `meetlat framework template`"),
        );
    }

    // Core tasks.
    let mut core_tasks = Vec::new();
    let mut kt_ids: Vec<(String, String)> = Vec::new();
    for row in &t.core_tasks {
        let (id, title) = (row.get(0), row.get(1));
        if check_id(path, row, id, "core task", &kt_ids, diags) {
            kt_ids.push((id.text.clone(), id.at.clone()));
        }
        required(path, title, "title", diags);
        core_tasks.push(CoreTask {
            id: id.text.clone(),
            title: title.text.clone(),
            description: row.get(2).text.clone(),
        });
    }
    // Without core tasks the outcomes name none (core tasks are optional).
    let default_task = core_tasks.is_empty();
    collisions(path, &kt_ids, "core task", diags);

    // Outcomes.
    let mut outcomes = Vec::new();
    let mut lu_ids: Vec<(String, String)> = Vec::new();
    // Rows whose id can be used; the others are reported already.
    let mut usable = Vec::new();
    let known_tasks: Vec<&str> = kt_ids.iter().map(|(i, _)| i.as_str()).collect();
    for (n, row) in t.outcomes.iter().enumerate() {
        let (id, title, task) = (row.get(0), row.get(1), row.get(3));
        let ok = check_id(path, row, id, "outcome", &lu_ids, diags);
        if ok {
            lu_ids.push((id.text.clone(), id.at.clone()));
        }
        usable.push(ok);
        required(path, title, "title", diags);
        let core_task = if default_task {
            if !task.text.is_empty() {
                diags.push(
                    err(
                        &task.at,
                        format!("core task `{}` is not on sheet {CORE_TASKS_SHEET}", task.text),
                    )
                    .hint(format!(
                        "add it to sheet {CORE_TASKS_SHEET}, or leave this cell empty when \
                         the framework has no core tasks"
                    )),
                );
            }
            None
        } else if task.text.is_empty() {
            diags.push(err(&task.at, "no core task".to_owned()).hint(format!(
                "sheet {CORE_TASKS_SHEET} has core tasks, so every outcome names one: {}",
                list(&known_tasks)
            )));
            None
        } else {
            if !known_tasks.contains(&task.text.as_str()) {
                let mut d = err(
                    &task.at,
                    format!(
                        "core task `{}` is not on sheet {CORE_TASKS_SHEET}",
                        task.text
                    ),
                );
                if let Some(h) = did_you_mean(&task.text, known_tasks.iter().copied()) {
                    d = d.hint(h);
                }
                diags.push(d.hint(format!("known: {}", list(&known_tasks))));
            }
            Some(task.text.clone())
        };
        outcomes.push(Outcome {
            id: id.text.clone(),
            number: u32::try_from(n + 1).unwrap_or(u32::MAX),
            title: title.text.clone(),
            description: row.get(2).text.clone(),
            core_task,
            competencies: Vec::new(),
            indicators: Vec::new(),
        });
    }
    collisions(path, &lu_ids, "outcome", diags);
    if t.outcomes.is_empty() {
        diags.push(
            err(OUTCOMES_SHEET, "there are no outcomes".to_owned())
                .hint("write one outcome per row, from row 2: id, title, description"),
        );
    }

    // Indicators.
    let mut indicators = Vec::new();
    let mut g_ids: Vec<(String, String)> = Vec::new();
    let known_outcomes: Vec<&str> = lu_ids.iter().map(|(i, _)| i.as_str()).collect();
    for row in &t.indicators {
        let (id, text, belongs) = (row.get(0), row.get(1), row.get(2));
        if check_id(path, row, id, "indicator", &g_ids, diags) {
            g_ids.push((id.text.clone(), id.at.clone()));
        }
        required(path, text, "text", diags);
        let refs: Vec<&str> = belongs
            .text
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if refs.is_empty() {
            diags.push(
                err(&belongs.at, "the indicator belongs to no outcome".into()).hint(
                    "write the ids of its outcomes, separated by commas, e.g. `LU1, LU3`",
                ),
            );
        }
        for (k, r) in refs.iter().enumerate() {
            if refs[..k].contains(r) {
                diags.push(
                    err(&belongs.at, format!("outcome `{r}` is named twice"))
                        .hint("name each outcome once"),
                );
                continue;
            }
            match outcomes.iter_mut().find(|o| o.id == *r) {
                Some(o) => o.indicators.push(id.text.clone()),
                None => {
                    let mut d = err(
                        &belongs.at,
                        format!("outcome `{r}` is not on sheet {OUTCOMES_SHEET}"),
                    );
                    if let Some(h) = did_you_mean(r, known_outcomes.iter().copied()) {
                        d = d.hint(h);
                    }
                    diags.push(d.hint(format!("known: {}", list(&known_outcomes))));
                }
            }
        }
        indicators.push(Indicator {
            id: id.text.clone(),
            text: text.text.clone(),
            descriptors: Default::default(),
        });
    }
    collisions(path, &g_ids, "indicator", diags);
    for ((o, row), ok) in outcomes.iter().zip(&t.outcomes).zip(usable) {
        if o.indicators.is_empty() && ok {
            diags.push(
                err(&row.get(0).at, format!("outcome `{}` has no indicators", o.id)).hint(
                    format!(
                        "name `{}` in column C of sheet {INDICATORS_SHEET} for at least one indicator",
                        o.id
                    ),
                ),
            );
        }
    }

    // The scale, and the descriptors per indicator and level.
    let mut scale = Vec::new();
    let mut level_ids: Vec<(String, String)> = Vec::new();
    for row in &t.scale {
        let (id, label, points) = (row.get(0), row.get(1), row.get(2));
        if check_id(path, row, id, "level", &level_ids, diags) {
            level_ids.push((id.text.clone(), id.at.clone()));
        }
        required(path, label, "label", diags);
        let points_value = match points.text.parse::<f64>() {
            Ok(p) if p.fract() == 0.0 && p.abs() <= 1000.0 => p as i64,
            _ => {
                diags.push(
                    err(
                        &points.at,
                        format!("`{}` is not a whole number of points", points.text),
                    )
                    .hint("write the level's points as a whole number, e.g. 0, 1, 2, 3"),
                );
                0
            }
        };
        scale.push(Level {
            id: id.text.clone(),
            label: label.text.clone(),
            points: points_value,
            descriptor: row.get(3).text.clone(),
        });
    }
    let known_levels: Vec<String> = if scale.is_empty() {
        crate::model::course::default_scale().into_iter().map(|l| l.id).collect()
    } else {
        scale.iter().map(|l| l.id.clone()).collect()
    };
    for row in &t.descriptors {
        let (ind, level, text) = (row.get(0), row.get(1), row.get(2));
        required(path, text, "descriptor", diags);
        let known: Vec<&str> = known_levels.iter().map(String::as_str).collect();
        if !known.contains(&level.text.as_str()) {
            let mut d = err(&level.at, format!("`{}` is not a level", level.text));
            if let Some(h) = did_you_mean(&level.text, known.iter().copied()) {
                d = d.hint(h);
            }
            let whose = if scale.is_empty() {
                "meetlat's default scale (sheet Schaal is empty)"
            } else {
                "sheet Schaal"
            };
            diags.push(d.hint(format!("{whose} has {}", list(&known))));
            continue;
        }
        match indicators.iter_mut().find(|i| i.id == ind.text) {
            Some(i) => {
                if i.descriptors.insert(level.text.clone(), text.text.clone()).is_some() {
                    diags.push(
                        err(
                            &row.at,
                            format!(
                                "`{}` at `{}` is described twice",
                                ind.text, level.text
                            ),
                        )
                        .hint("keep one row per indicator and level"),
                    );
                }
            }
            None => {
                let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
                let mut d = err(
                    &ind.at,
                    format!(
                        "indicator `{}` is not on sheet {INDICATORS_SHEET}",
                        ind.text
                    ),
                );
                if let Some(h) = did_you_mean(&ind.text, ids.iter().copied()) {
                    d = d.hint(h);
                }
                diags.push(d);
            }
        }
    }

    Some(Framework {
        schema_version: 1,
        id,
        version,
        title,
        subtitle,
        publisher,
        date,
        level,
        status,
        language,
        source,
        notes,
        corrections: Vec::new(),
        context: Default::default(),
        terms,
        scale: (!scale.is_empty()).then_some(scale),
        pass_level,
        task_areas: Vec::new(),
        competencies: Vec::new(),
        core_tasks,
        outcomes,
        indicators,
    })
}

/// The row number in `Sheet!B7`.
fn row_of(at: &str) -> String {
    at.chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// Report an empty required cell.
fn required(path: &Path, cell: &Cell, what: &str, diags: &mut Vec<Diagnostic>) {
    if cell.text.is_empty() {
        diags.push(
            Diagnostic::error(format!("{}: the {what} is empty", cell.at))
                .in_file(path)
                .hint(format!("write the {what} in this cell")),
        );
    }
}

/// Check an id against the id rule and the ids before it; true when it can be used.
fn check_id(
    path: &Path,
    row: &Row,
    id: &Cell,
    what: &str,
    seen: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let at = if id.at.is_empty() { &row.at } else { &id.at };
    let err = |m: String| Diagnostic::error(format!("{at}: {m}")).in_file(path);
    if id.text.is_empty() {
        diags.push(
            err(format!("the {what} has no id"))
                .hint(format!("write an id in column A, e.g. {}", example(what))),
        );
        return false;
    }
    if let Some((problem, hint)) = ids::problem(&id.text) {
        diags.push(err(problem).hint(hint));
        return false;
    }
    if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id.text) {
        diags.push(err(format!("duplicate {what} id `{}`", id.text)).hint(format!(
            "`{}` is already used at {first}; give each {what} its own id",
            id.text
        )));
        return false;
    }
    true
}

/// Ids of one kind that collide once made safe for names.
fn collisions(
    path: &Path,
    seen: &[(String, String)],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for (later, earlier) in ids::collisions(seen.iter().map(|(i, _)| i.as_str())) {
        let (id, at) = &seen[later];
        let (other, first) = &seen[earlier];
        diags.push(
            Diagnostic::error(format!(
                "{at}: the {what} id `{id}` collides with `{other}`"
            ))
            .in_file(path)
            .hint(format!("`{other}` is at {first}"))
            .hint(ids::COLLISION_HINT),
        );
    }
}

/// An example id for a kind.
fn example(what: &str) -> &'static str {
    match what {
        "core task" => "KT1",
        "outcome" => "LU1",
        "level" => "voldoende",
        _ => "G01",
    }
}

/// The framework file's text: a header comment and the YAML.
fn to_yaml(path: &Path, fw: &Framework) -> Result<String> {
    let body = serde_yaml::to_string(fw).map_err(|e| Error::Internal(e.to_string()))?;
    let name: String = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Ok(format!(
        "# Imported by `meetlat framework import` from `{name}`.\n\
         # Change the spreadsheet and import it again, or edit this file; check it with\n\
         # `meetlat framework check`.\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::column_name;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }
}

//! The observations read back from filled observation forms (`meetlat collect`): the
//! format of `observations.json` and `observations.csv`, and the loader the later
//! stages (`sheet --observations`, the report, the archive) read them with. The command
//! itself is [`crate::pipeline::collect`]; reading a PDF's fields is [`pdf`].

pub mod matched;
pub mod pdf;
pub mod scan;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// The value of [`Observations::format`].
pub const FORMAT: &str = "meetlat-observaties";

/// The version of the format this meetlat writes and reads. A later version that
/// changes a field's meaning gets a new number; an older meetlat refuses it.
pub const FORMAT_VERSION: u32 = 1;

/// `zekerheid` of a value read from a form field: certain.
pub const CERTAIN: &str = "zeker";

/// The columns of `observations.csv`, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "studentnummer",
    "moment",
    "leeruitkomst",
    "indicator",
    "niveau",
    "bron",
    "pagina",
    "zekerheid",
    "besloten_door",
];

/// `observations.json`: every usable form's observations and texts, and what was not
/// used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observations {
    /// Always [`FORMAT`].
    #[serde(rename = "formaat")]
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    #[serde(rename = "versie")]
    pub version: u32,
    /// The course code.
    #[serde(rename = "cursus")]
    pub course: String,
    /// The course's content fingerprint (every form read has it).
    #[serde(rename = "vingerafdruk")]
    pub fingerprint: String,
    /// One entry per student and moment with a usable form, in the order of the
    /// student list (midway before final).
    #[serde(rename = "formulieren")]
    pub forms: Vec<FormObservations>,
    /// Students without a usable form, per moment read.
    #[serde(rename = "ontbrekend")]
    pub missing: Vec<Missing>,
    /// Files not used, and why.
    #[serde(rename = "niet_gebruikt")]
    pub unused: Vec<Unused>,
    /// The scan files forms were read from (paper forms, scanned), each once: a form read
    /// from scans names them (`bron`, `bron_sha256` joined with commas).
    #[serde(rename = "scans", default, skip_serializing_if = "Vec::is_empty")]
    pub scans: Vec<SourceFile>,
    /// The examiner's decisions on rows of scans (`controle.csv`) taken back.
    #[serde(rename = "besluiten", default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<SourceFile>,
}

/// An input file as read: where, and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The file, as given (folder and name).
    #[serde(rename = "bron")]
    pub source: String,
    /// The SHA-256 of the file as read, in hex.
    #[serde(rename = "bron_sha256")]
    pub sha256: String,
}

impl Observations {
    /// Whether `form` was read from scans (every file it came from is one of
    /// [`Observations::scans`]).
    pub fn is_scanned(&self, form: &FormObservations) -> bool {
        !self.scans.is_empty()
            && form
                .source_sha256
                .split(',')
                .all(|h| self.scans.iter().any(|s| s.sha256 == h))
    }
}

/// One returned form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormObservations {
    /// The student number, from the form itself.
    #[serde(rename = "studentnummer")]
    pub student: String,
    /// `eind` or `tussentijds`.
    pub moment: String,
    /// The file, as given (folder and name).
    #[serde(rename = "bron")]
    pub source: String,
    /// The SHA-256 of the file, in hex.
    #[serde(rename = "bron_sha256")]
    pub source_sha256: String,
    /// The supervisor's name (`begeleider`).
    #[serde(rename = "begeleider")]
    pub supervisor: String,
    /// The organisation (`organisatie`).
    #[serde(rename = "organisatie")]
    pub organisation: String,
    /// The date as written (`datum`).
    #[serde(rename = "datum")]
    pub date: String,
    /// The advice: `voldoende`, `onvoldoende`, `geen-advies`, or `None` when nothing
    /// was ticked.
    #[serde(rename = "advies")]
    pub advice: Option<String>,
    /// General remarks (`opmerkingen`).
    #[serde(rename = "opmerkingen")]
    pub remarks: String,
    /// The examples per outcome (`LU3.voorbeelden`), by outcome id.
    #[serde(rename = "voorbeelden")]
    pub examples: BTreeMap<String, String>,
    /// The signature blocks: `begeleider` and `student`.
    #[serde(rename = "ondertekening")]
    pub signatures: BTreeMap<String, Signature>,
    /// On a blank form: the student's name as written (`student`); else empty.
    #[serde(rename = "studentnaam", default, skip_serializing_if = "String::is_empty")]
    pub student_name: String,
    /// Per outcome and indicator, in the course's order.
    #[serde(rename = "observaties")]
    pub observations: Vec<Observation>,
}

/// A signature block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Name.
    #[serde(rename = "naam")]
    pub name: String,
    /// Date as written.
    #[serde(rename = "datum")]
    pub date: String,
    /// What was typed in the signature box.
    #[serde(rename = "handtekening")]
    pub signature: String,
}

/// What the supervisor ticked for one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// The outcome id.
    #[serde(rename = "leeruitkomst")]
    pub outcome: String,
    /// The indicator id.
    pub indicator: String,
    /// A level id, `NG`, or `None` when nothing was ticked.
    #[serde(rename = "niveau")]
    pub level: Option<String>,
    /// The page of the form the indicator is on, counting from 1.
    #[serde(rename = "pagina")]
    pub page: Option<u32>,
    /// How certain the value is: [`CERTAIN`] for a form field.
    #[serde(rename = "zekerheid")]
    pub certainty: String,
    /// Who decided the value when the scan was not certain: `examinator`
    /// ([`scan::decisions::DECIDED_BY`], from `controle.csv`); `None` when it was read.
    #[serde(rename = "besloten_door", default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// A student without a usable form for a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// The student number.
    #[serde(rename = "studentnummer")]
    pub student: String,
    /// The moment.
    pub moment: String,
}

/// A file that was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unused {
    /// The file, as given.
    #[serde(rename = "bron")]
    pub source: String,
    /// Why, as a stable code: `geen-pdf`, `versleuteld`, `beschadigd`, `te-groot`,
    /// `onleesbaar`, `geen-formulier`, `zonder-velden`, `oud-formulier`,
    /// `andere-cursus`, `andere-versie`, `onbekende-student`, `geen-studentnummer`,
    /// `velden-ontbreken`, `ongeldige-waarde`, `conflict`.
    #[serde(rename = "reden")]
    pub reason: String,
    /// The same in words (the course's language), with what to do.
    #[serde(rename = "toelichting")]
    pub explanation: String,
}

impl Observations {
    /// Read `observations.json` as `meetlat collect` wrote it.
    ///
    /// # Errors
    /// A diagnostic naming the file: unreadable, no JSON of this format, or a version
    /// this meetlat does not know.
    pub fn load(path: &Path) -> Result<Observations, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(format!("cannot read the observations ({e})")).in_file(path)
        })?;
        Observations::from_json(&text).map_err(|d| d.in_file(path))
    }

    /// [`Observations::load`] of a text.
    ///
    /// # Errors
    /// As [`Observations::load`], without the file.
    pub fn from_json(text: &str) -> Result<Observations, Diagnostic> {
        let hint = "give the `observations.json` that `meetlat collect` wrote";
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(format!("the observations are no JSON ({e})")).hint(hint)
        })?;
        if value.get("formaat").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(
                Diagnostic::error("this file holds no meetlat observations").hint(hint)
            );
        }
        let version = value.get("versie").and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(FORMAT_VERSION)) {
            return Err(Diagnostic::error(format!(
                "the observations are in format version {}, this meetlat reads version {FORMAT_VERSION}",
                version.map_or_else(|| "?".to_owned(), |v| v.to_string())
            ))
            .hint("run `meetlat collect` again with this meetlat, or use the meetlat that wrote them"));
        }
        serde_json::from_value(value).map_err(|e| {
            Diagnostic::error(format!(
                "the observations do not have the expected fields ({e})"
            ))
            .hint(hint)
        })
    }

    /// `observations.json`: pretty-printed, a line break at the end.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// `observations.csv`: [`CSV_COLUMNS`], one row per form and indicator, UTF-8,
    /// CRLF line ends as `grades.csv`. Every cell that a spreadsheet would run as a
    /// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: only a file
    /// name can) gets a leading `'` (as in `grades.csv`).
    pub fn to_csv(&self) -> Vec<u8> {
        use crate::render::overview::csv_cell;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(CSV_COLUMNS);
        for f in &self.forms {
            for o in &f.observations {
                let page = o.page.map_or_else(String::new, |p| p.to_string());
                let _ = w.write_record([
                    csv_cell(&f.student),
                    csv_cell(&f.moment),
                    csv_cell(&o.outcome),
                    csv_cell(&o.indicator),
                    csv_cell(o.level.as_deref().unwrap_or("")),
                    csv_cell(&f.source),
                    page,
                    csv_cell(&o.certainty),
                    csv_cell(o.decided_by.as_deref().unwrap_or("")),
                ]);
            }
        }
        w.into_inner().unwrap_or_default()
    }
}

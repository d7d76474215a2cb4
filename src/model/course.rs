//! The course file: which part of the framework a course assesses, and how
//! (stage: load). Defaults live here, next to the fields they fill.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A course selection: one course, one framework selection, one way of grading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Course {
    /// Course code, e.g. `SW3-STAGE-OW`; used in file names.
    pub code: String,
    /// Course name.
    pub name: String,
    /// Academic year, e.g. `2026-2027`.
    pub academic_year: String,
    /// Period within the year, e.g. `semester 1` or `blok 3`.
    pub period: String,
    /// Language of the labels on the documents; framework text stays as written.
    #[serde(default)]
    pub language: Language,
    /// Institution (hogeschool) and programme, as printed on the documents.
    pub institution: String,
    /// Examiners, by name.
    #[serde(default)]
    pub examiners: Vec<String>,
    /// Date of the documents (`YYYY-MM-DD`); makes output reproducible.
    #[serde(default)]
    pub date: Option<String>,
    /// The framework this course expects; checked against the loaded framework.
    #[serde(default)]
    pub framework: Option<FrameworkRef>,
    /// Which outcomes are assessed: `all`, or a list.
    #[serde(default)]
    pub outcomes: OutcomeSelection,
    /// Weight per outcome id; outcomes not listed weigh 1.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// The performance levels, from lowest to highest.
    #[serde(default = "default_scale")]
    pub scale: Vec<Level>,
    /// Descriptors per indicator and level that replace the level's generic descriptor.
    #[serde(default)]
    pub descriptors: BTreeMap<String, BTreeMap<String, String>>,
    /// The grading rules.
    #[serde(default)]
    pub grading: Grading,
    /// Texts of the observation form.
    #[serde(default)]
    pub forms: Forms,
    /// Settings of the scoring sheet.
    #[serde(default)]
    pub sheet: SheetSettings,
    /// Students: a CSV file (path relative to the course file) or a list.
    #[serde(default)]
    pub students: Option<StudentSource>,
    /// What the final reports need for the exam committee (programme, EC, attempt,
    /// dates, the appeal clause). Not part of the fingerprint: it may be filled in after
    /// the forms went out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
}

/// What the final reports carry for the exam committee. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Assessment {
    /// The programme (opleiding), e.g. `Bachelor Social Work`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// Study load in EC (credits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec: Option<f64>,
    /// The attempt of the whole cohort: `eerste-kans` or `herkansing`; a column `kans` in
    /// the student list sets it per student.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<Attempt>,
    /// The date of the assessment (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<String>,
    /// The date the examiners determined the result (vastgesteld), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<String>,
    /// The institution's appeal clause, replacing meetlat's neutral default (inzage and
    /// appeal to the College van Beroep voor de Examens within six weeks, art. 7.61 WHW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<String>,
    /// How long the institution keeps the assessment (a sentence for the report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
}

/// Which attempt an assessment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Attempt {
    /// The first attempt.
    #[serde(rename = "eerste-kans", alias = "first", alias = "eerste kans")]
    First,
    /// A resit.
    #[serde(rename = "herkansing", alias = "resit")]
    Resit,
}

impl Attempt {
    /// An attempt as written in a student list (`eerste kans`, `herkansing`, `1`, `2`,
    /// `first`, `resit`), or `None`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
            "eerste kans" | "1" | "first" | "first attempt" | "eerste" => {
                Some(Self::First)
            }
            "herkansing" | "2" | "resit" | "tweede kans" | "retake" => Some(Self::Resit),
            _ => None,
        }
    }
}

/// Language of the documents' labels.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch (default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

/// The framework a course file was written for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FrameworkRef {
    /// Framework id, e.g. `opbouwwerk-2026`: the loaded framework must have it.
    #[serde(default)]
    pub id: Option<String>,
    /// Framework version, e.g. `2026-03`; any version when left out.
    #[serde(default)]
    pub version: Option<String>,
    /// The framework file, relative to the course file's folder (e.g.
    /// `../frameworks/ict.yaml`): used instead of the built-in framework, so
    /// `--framework` is not needed on every command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Which outcomes a course assesses.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum OutcomeSelection {
    /// Every outcome of the framework, with all indicators (`outcomes: all`).
    #[default]
    All,
    /// The listed outcomes.
    List(Vec<OutcomeChoice>),
}

/// One selected outcome, with an optional narrowing of its indicators.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OutcomeChoice {
    /// Outcome id, e.g. `LU3`.
    pub id: String,
    /// Assess only these indicators of the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only: Option<Vec<String>>,
    /// Assess all indicators of the outcome except these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except: Option<Vec<String>>,
}

impl Serialize for OutcomeSelection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OutcomeSelection::All => serializer.serialize_str("all"),
            OutcomeSelection::List(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OutcomeSelection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SelectionVisitor;
        impl<'de> Visitor<'de> for SelectionVisitor {
            type Value = OutcomeSelection;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`all` or a list of outcomes such as `[LU1, LU3]`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == "all" {
                    Ok(OutcomeSelection::All)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq))
                    .map(OutcomeSelection::List)
            }
        }
        deserializer.deserialize_any(SelectionVisitor)
    }
}

impl JsonSchema for OutcomeSelection {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OutcomeSelection".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let choice = generator.subschema_for::<OutcomeChoiceEntry>();
        json_schema!({
            "description": "`all`, or a list of outcome ids or `{id, only|except}` entries",
            "oneOf": [
                { "const": "all" },
                { "type": "array", "items": choice }
            ]
        })
    }
}

/// Schema helper: an outcome entry is an id or an [`OutcomeChoice`].
struct OutcomeChoiceEntry;

impl JsonSchema for OutcomeChoiceEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OutcomeEntry".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let choice = generator.subschema_for::<OutcomeChoice>();
        json_schema!({
            "oneOf": [
                { "type": "string", "description": "an outcome id such as `LU3`" },
                choice
            ]
        })
    }
}

impl<'de> Deserialize<'de> for OutcomeChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The map form, deserialised by derive.
        #[derive(Deserialize)]
        struct Spec {
            id: String,
            #[serde(default)]
            only: Option<Vec<String>>,
            #[serde(default)]
            except: Option<Vec<String>>,
        }
        struct ChoiceVisitor;
        impl<'de> Visitor<'de> for ChoiceVisitor {
            type Value = OutcomeChoice;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an outcome id such as `LU3`, or `{ id: LU3, only: [...] }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OutcomeChoice { id: v.to_owned(), only: None, except: None })
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                let spec = Spec::deserialize(MapAccessDeserializer::new(map))?;
                Ok(OutcomeChoice { id: spec.id, only: spec.only, except: spec.except })
            }
        }
        deserializer.deserialize_any(ChoiceVisitor)
    }
}

/// One performance level of the scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Level {
    /// Id typed in the scoring sheet, e.g. `voldoende`.
    pub id: String,
    /// Label printed on the documents, e.g. `Voldoende`.
    pub label: String,
    /// Points for this level; must rise from level to level.
    pub points: i64,
    /// Generic descriptor, used where no indicator-specific descriptor is given.
    #[serde(default)]
    pub descriptor: String,
}

/// The default four-level scale: onvoldoende (1), voldoende (2), goed (3), excellent (4).
pub fn default_scale() -> Vec<Level> {
    let level = |id: &str, label: &str, points, descriptor: &str| Level {
        id: id.to_owned(),
        label: label.to_owned(),
        points,
        descriptor: descriptor.to_owned(),
    };
    vec![
        level(
            "onvoldoende",
            "Onvoldoende",
            1,
            "Het gedrag is niet of nauwelijks zichtbaar, of alleen met veel sturing.",
        ),
        level(
            "voldoende",
            "Voldoende",
            2,
            "Het gedrag is zichtbaar in de meeste situaties, met enige sturing; startbekwaam niveau.",
        ),
        level(
            "goed",
            "Goed",
            3,
            "Het gedrag is consequent en zelfstandig zichtbaar, ook in complexere situaties.",
        ),
        level(
            "excellent",
            "Excellent",
            4,
            "Het gedrag is voorbeeldig en zelfstandig zichtbaar; de student inspireert anderen en \
             verbindt het aan een onderbouwde visie.",
        ),
    ]
}

/// Grading rules. Each has a default; the README explains how they are applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Grading {
    /// The level at which every indicator must be for the cut score (cesuur).
    #[serde(default = "default_pass_level")]
    pub pass_level: String,
    /// The grade at the cut score: 6.0 (default) or 5.5.
    #[serde(default = "default_grade_at_cesuur")]
    pub grade_at_cesuur: f64,
    /// How the grade is rounded.
    #[serde(default)]
    pub rounding: Rounding,
    /// Share of an outcome's indicators that must be observed (0–1, default 0.5).
    #[serde(default = "default_min_observed")]
    pub min_observed: f64,
    /// Every outcome must reach the cut score on its own (default true).
    #[serde(default = "default_true")]
    pub knockout: bool,
    /// The highest grade given when the knock-out rule applies (default 5.0).
    #[serde(default = "default_knockout_cap")]
    pub knockout_cap: f64,
    /// The lowest passing grade (default 5.5).
    #[serde(default = "default_pass_grade")]
    pub pass_grade: f64,
    /// The grade given: `1-10` (default), the Dutch grade with the cut score above; or
    /// `none` (`geen`), for programmes that record mastery only: per outcome whether it
    /// reached the cut score, and overall pass or fail by the cut score, the knock-out and
    /// the evidence rules, without a grade.
    #[serde(default, skip_serializing_if = "GradeScale::is_default")]
    pub grade: GradeScale,
}

/// The grade a course gives.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema,
)]
pub enum GradeScale {
    /// The Dutch 1–10 grade.
    #[default]
    #[serde(rename = "1-10")]
    OneToTen,
    /// No grade: pass or fail only.
    #[serde(rename = "none", alias = "geen")]
    None,
}

impl GradeScale {
    /// True for the default, which course files need not write (and the fingerprint of
    /// a course that does not write it stays as it was).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for Grading {
    fn default() -> Self {
        Grading {
            pass_level: default_pass_level(),
            grade_at_cesuur: default_grade_at_cesuur(),
            rounding: Rounding::default(),
            min_observed: default_min_observed(),
            knockout: true,
            knockout_cap: default_knockout_cap(),
            pass_grade: default_pass_grade(),
            grade: GradeScale::default(),
        }
    }
}

fn default_pass_level() -> String {
    "voldoende".to_owned()
}
fn default_grade_at_cesuur() -> f64 {
    6.0
}
fn default_min_observed() -> f64 {
    0.5
}
fn default_true() -> bool {
    true
}
fn default_knockout_cap() -> f64 {
    5.0
}
fn default_pass_grade() -> f64 {
    5.5
}

/// Rounding profile of the final grade.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// One decimal, half up (6.45 → 6.5).
    #[default]
    EenDecimaal,
    /// Whole and half points; never 5.5 (below 5.5 → 5, from 5.5 → 6).
    HalvePunten,
    /// Whole points, half up.
    HelePunten,
}

/// Texts of the observation form; placeholders such as `{{ student.first_name }}` allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Forms {
    /// Instructions for the internship supervisor.
    #[serde(default = "default_instructions")]
    pub instructions: String,
    /// File name of each form.
    #[serde(default = "default_form_file_name")]
    pub file_name: String,
}

impl Default for Forms {
    fn default() -> Self {
        Forms {
            instructions: default_instructions(),
            file_name: default_form_file_name(),
        }
    }
}

/// The default of `forms.instructions` (Dutch; an English course gets the English text,
/// see `words::form_instructions`).
pub const DEFAULT_INSTRUCTIONS: &str = "Beste werkplekbegeleider, u observeert {{ student.first_name }} tijdens de stage. \
     Kruis per gedragsindicator aan wat u heeft gezien, of ‘niet geobserveerd’, en geef \
     concrete voorbeelden. Dit formulier is een advies aan de examinator; de examinator \
     beoordeelt.";

fn default_instructions() -> String {
    DEFAULT_INSTRUCTIONS.to_owned()
}

/// The default of `forms.file_name` (Dutch; an English course gets the English words, see
/// `names::form_pattern`).
pub const DEFAULT_FORM_FILE_NAME: &str =
    "{{ course.code }}-{{ student.number }}-observatie.pdf";

fn default_form_file_name() -> String {
    DEFAULT_FORM_FILE_NAME.to_owned()
}

/// Settings of the XLSX scoring sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SheetSettings {
    /// Password for the sheet protection (a deterrent against accidental edits, not
    /// security); without it the sheets are protected without a password.
    #[serde(default)]
    pub password: Option<String>,
}

/// Where the students come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum StudentSource {
    /// A CSV file: plain, Brightspace or Canvas export; relative to the course file.
    File(String),
    /// Students listed in the course file.
    Inline(Vec<StudentEntry>),
}

impl<'de> Deserialize<'de> for StudentSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourceVisitor;
        impl<'de> Visitor<'de> for SourceVisitor {
            type Value = StudentSource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a CSV file name or a list of students")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StudentSource::File(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq))
                    .map(StudentSource::Inline)
            }
        }
        deserializer.deserialize_any(SourceVisitor)
    }
}

impl JsonSchema for StudentSource {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StudentSource".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let entry = generator.subschema_for::<StudentEntry>();
        json_schema!({
            "oneOf": [
                { "type": "string", "description": "path of a CSV file, relative to the course file" },
                { "type": "array", "items": entry }
            ]
        })
    }
}

/// A student listed in the course file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StudentEntry {
    /// Student number (studentnummer).
    #[serde(deserialize_with = "string_or_number")]
    #[schemars(with = "StringOrNumber")]
    pub number: String,
    /// First name (voornaam).
    pub first_name: String,
    /// Tussenvoegsel, e.g. `van der`.
    #[serde(default)]
    pub prefix: String,
    /// Last name without tussenvoegsel (achternaam).
    pub last_name: String,
    /// E-mail address.
    #[serde(default)]
    pub email: String,
    /// This student's attempt (`eerste-kans` or `herkansing`), where it differs from
    /// the course's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<Attempt>,
}

/// Schema helper: a text or a whole number.
struct StringOrNumber;

impl JsonSchema for StringOrNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StringOrNumber".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "integer"] })
    }
}

/// Accept `5012345` as well as `"5012345"`.
fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a student number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(V)
}

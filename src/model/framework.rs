//! The framework: task areas, competencies, core tasks, learning outcomes and the
//! catalogue of behavioural indicators. Loaded from YAML (stage: load).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::course::Level;

/// A learning-outcomes framework such as *Leeruitkomsten opbouwwerk* (maart 2026).
///
/// Ids are stable: course files and spreadsheets refer to them, so an id never changes
/// meaning between versions of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Framework {
    /// Version of this file's schema; currently 1.
    pub schema_version: u32,
    /// Stable identifier of the framework, e.g. `opbouwwerk-2026`.
    pub id: String,
    /// Version of the framework's content, e.g. `2026-03`.
    pub version: String,
    /// Title as printed on the source document.
    pub title: String,
    /// Subtitle of the source document.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Publisher of the source document.
    pub publisher: String,
    /// Publication date (year and month), e.g. `2026-03`.
    pub date: String,
    /// Qualification level, e.g. `NLQF 6, hbo bachelor`.
    pub level: String,
    /// Status of the source, e.g. `werkdocument in ontwikkeling`.
    pub status: String,
    /// Language of the framework's texts (`nl` or `en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Bibliographic reference to the source document.
    pub source: String,
    /// Remarks about the transcription (discrepancies in the source and the like).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Every place where this file deviates from the source text.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Short context for cover pages: goals, approaches and relations.
    #[serde(default)]
    pub context: Context,
    /// What this framework calls its parts ("Criterion", "Leeruitkomst", …); each term
    /// left out keeps the document language's default.
    #[serde(default, skip_serializing_if = "Terms::is_empty")]
    pub terms: Terms,
    /// The framework's own scale of performance levels, lowest first. A course file
    /// that writes no `scale` uses it; without one, meetlat's default four-level scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Vec<Level>>,
    /// The level of `scale` at which an indicator counts as sufficient (the cut score),
    /// for courses that do not set `grading.pass_level`. Default: the middle level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_level: Option<String>,
    /// Task areas (taakgebieden) of the Beroepsprofiel; optional.
    #[serde(default)]
    pub task_areas: Vec<TaskArea>,
    /// Specific competencies (bekwaamheden); optional.
    #[serde(default)]
    pub competencies: Vec<Competency>,
    /// Core tasks (kerntaken); optional.
    #[serde(default)]
    pub core_tasks: Vec<CoreTask>,
    /// Learning outcomes (leeruitkomsten), or whatever `terms.outcome` calls them.
    pub outcomes: Vec<Outcome>,
    /// Catalogue of behavioural indicators (gedragsindicatoren), each text once.
    pub indicators: Vec<Indicator>,
}

/// What a framework calls its parts. Each term is optional; documents use the document
/// language's default for a term left out (see `words::Terms`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Terms {
    /// One outcome, e.g. `Leeruitkomst`, `Criterion`, `Competentie`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// More than one outcome, e.g. `Leeruitkomsten`, `Criteria`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<String>,
    /// One indicator, e.g. `Gedragsindicator`, `Performance indicator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// More than one indicator, e.g. `Gedragsindicatoren`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<String>,
    /// A performance level, e.g. `Niveau`, `Performance level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// More than one level, e.g. `Niveaus`, `Performance levels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<String>,
    /// A core task, e.g. `Kerntaak`, `Domain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_task: Option<String>,
    /// The competencies listed under an outcome, e.g. `Bekwaamheden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competencies: Option<String>,
}

fn default_language() -> String {
    "nl".to_owned()
}

/// A correction of an obvious typing error in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Correction {
    /// Where the correction applies (an id, or id and field).
    #[serde(rename = "where")]
    pub location: String,
    /// The text as the source has it.
    pub original: String,
    /// The text as this file has it.
    pub corrected: String,
    /// Why the text was corrected.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Chapter-2 context of a framework, for cover pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Context {
    /// Central goals.
    #[serde(default)]
    pub goals: Vec<ContextItem>,
    /// Approaches.
    #[serde(default)]
    pub approaches: Vec<ContextItem>,
    /// Fundamental relations.
    #[serde(default)]
    pub relations: Vec<ContextItem>,
}

/// One titled paragraph of context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContextItem {
    /// Heading.
    pub title: String,
    /// Paragraph under the heading.
    pub description: String,
}

/// A task area (taakgebied), e.g. `TG1` "Bevorderen van sociaal functioneren".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TaskArea {
    /// Stable id, e.g. `TG1`.
    pub id: String,
    /// Title.
    pub title: String,
}

/// A specific competency (bekwaamheid), e.g. `B02` "Analyseren met betrokkenen".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Competency {
    /// Stable id, e.g. `B02`.
    pub id: String,
    /// Title.
    pub title: String,
    /// The generic competency of the Beroepsprofiel it specialises, if any.
    #[serde(default)]
    pub generic: Option<String>,
    /// The task area it belongs to, if the framework has task areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_area: Option<String>,
    /// True when the competency was added to the Expertiseprofiel's list.
    #[serde(default)]
    pub added: bool,
}

/// A core task (kerntaak).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoreTask {
    /// Stable id, e.g. `KT1`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
}

/// A learning outcome (leeruitkomst).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    /// Stable id, e.g. `LU3`.
    pub id: String,
    /// Number as printed in the source; when left out, its place in the list (1, 2, …).
    #[serde(default)]
    pub number: u32,
    /// Title.
    pub title: String,
    /// Full description.
    pub description: String,
    /// The core task it belongs to, if the framework has core tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_task: Option<String>,
    /// Ids of the competencies listed under it (none when the framework has none).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Ids of its behavioural indicators, in source order.
    pub indicators: Vec<String>,
}

/// A behavioural indicator (gedragsindicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// Stable id, e.g. `G12`.
    pub id: String,
    /// The indicator's text.
    pub text: String,
    /// What each level means for this indicator, by level id (the framework's `scale`,
    /// or the course's). A level left out uses the level's generic descriptor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptors: BTreeMap<String, String>,
}

impl Outcome {
    /// The outcome's number: as written, or, when left out, its place (0-based `place`
    /// in the framework's list) counted from 1.
    pub fn number_at(&self, place: usize) -> u32 {
        if self.number == 0 {
            u32::try_from(place + 1).unwrap_or(u32::MAX)
        } else {
            self.number
        }
    }
}

impl Terms {
    /// True when the framework names none of its parts.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Framework {
    /// The outcome with this id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The competency with this id.
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    /// The core task with this id.
    pub fn core_task(&self, id: &str) -> Option<&CoreTask> {
        self.core_tasks.iter().find(|c| c.id == id)
    }

    /// The outcome ids as a short range for messages, e.g. `LU1–LU6`.
    pub fn outcome_range(&self) -> String {
        match (self.outcomes.first(), self.outcomes.last()) {
            (Some(first), Some(last)) if self.outcomes.len() > 2 => {
                format!("{}–{}", first.id, last.id)
            }
            _ => {
                self.outcomes.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    }
}

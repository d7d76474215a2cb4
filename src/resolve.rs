//! Stage 3, resolve: a validated course selection plus its framework become an
//! assessment plan — exactly what is assessed, in order, with the rules as exact numbers.
//! Every renderer works from the plan, never from the raw course file.

use serde::Serialize;

use crate::grade::{self, Q, Rules};
use crate::model::course::OutcomeSelection;
use crate::model::framework::{Competency, CoreTask, Terms};
use crate::model::{Course, Framework, Level, Student};

/// Everything a document needs to know about one course's assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The framework's identity.
    pub framework: FrameworkInfo,
    /// The course file as loaded (metadata, texts, grading settings).
    pub course: Course,
    /// The selected outcomes, in framework order.
    pub outcomes: Vec<PlanOutcome>,
    /// The performance levels, lowest first.
    pub levels: Vec<Level>,
    /// The grading rules, exact.
    #[serde(skip)]
    pub rules: Rules,
    /// The cut score as a fraction of the maximum (for display).
    pub cesuur: f64,
    /// The students, in the order given.
    pub students: Vec<Student>,
    /// Short hash of framework and course selection (not the students).
    pub fingerprint: String,
    /// What the framework calls its parts, where it names them.
    pub terms: Option<Terms>,
}

/// The identity of a framework, for cover pages and metadata.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkInfo {
    /// Id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Date.
    pub date: String,
    /// Level.
    pub level: String,
    /// Status.
    pub status: String,
    /// Reference to the source.
    pub source: String,
}

/// A selected outcome.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOutcome {
    /// Id, e.g. `LU3`.
    pub id: String,
    /// Number.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Its core task, if the framework has core tasks.
    pub core_task: Option<CoreTask>,
    /// The core task's place in the framework (1-based): "Kerntaak 1" without assuming
    /// anything about how ids are spelled; 0 without a core task.
    #[serde(skip)]
    pub core_task_number: usize,
    /// The competencies it covers.
    pub competencies: Vec<Competency>,
    /// The selected indicators, in source order.
    pub indicators: Vec<PlanIndicator>,
    /// Weight as written (default 1).
    pub weight: f64,
    /// Weight as an exact number.
    #[serde(skip)]
    pub weight_exact: Q,
    /// Weight as a share of the total, 0–1.
    pub weight_share: f64,
}

/// A selected indicator with its descriptor per level.
#[derive(Debug, Clone, Serialize)]
pub struct PlanIndicator {
    /// Id, e.g. `G12`.
    pub id: String,
    /// Text.
    pub text: String,
    /// Descriptor per level (same order as the levels): course-specific or generic.
    pub descriptors: Vec<String>,
}

/// The pass level's place on the scale: `grading.pass_level`, or, when the course did not
/// name one that is on its scale (the default `voldoende` on a scale of its own), the
/// middle level (of an even number of levels, the lower of the two middle ones: 2 of 4,
/// 2 of 3, 3 of 5).
pub fn pass_level(course: &Course) -> usize {
    pass_index(&course.scale, &course.grading.pass_level)
}

/// The place of the level `named` on `scale`, or, when it is not on it, the middle level
/// (the rule of [`pass_level`]).
pub fn pass_index(scale: &[Level], named: &str) -> usize {
    scale
        .iter()
        .position(|l| l.id == named)
        .unwrap_or_else(|| scale.len().saturating_sub(1) / 2)
}

/// Build the plan. The inputs must have passed validation.
pub fn resolve(fw: &Framework, course: &Course, students: Vec<Student>) -> Plan {
    let selections: Vec<(String, Vec<String>)> = match &course.outcomes {
        OutcomeSelection::All => {
            fw.outcomes.iter().map(|o| (o.id.clone(), o.indicators.clone())).collect()
        }
        OutcomeSelection::List(choices) => choices
            .iter()
            .filter_map(|c| {
                let o = fw.outcome(&c.id)?;
                let ids = o
                    .indicators
                    .iter()
                    .filter(|g| c.only.as_ref().is_none_or(|only| only.contains(g)))
                    .filter(|g| c.except.as_ref().is_none_or(|ex| !ex.contains(g)))
                    .cloned()
                    .collect();
                Some((o.id.clone(), ids))
            })
            .collect(),
    };
    let weight_of = |id: &str| course.weights.get(id).copied().unwrap_or(1.0);
    let total_weight: f64 = selections.iter().map(|(id, _)| weight_of(id)).sum();
    let mut outcomes: Vec<PlanOutcome> = selections
        .iter()
        .filter_map(|(id, indicator_ids)| {
            let place = fw.outcomes.iter().position(|o| o.id == *id)?;
            let o = &fw.outcomes[place];
            let indicators = indicator_ids
                .iter()
                .filter_map(|g| fw.indicator(g))
                .map(|ind| PlanIndicator {
                    id: ind.id.clone(),
                    text: ind.text.clone(),
                    descriptors: course
                        .scale
                        .iter()
                        .map(|l| {
                            course
                                .descriptors
                                .get(&ind.id)
                                .and_then(|d| d.get(&l.id))
                                .or_else(|| ind.descriptors.get(&l.id))
                                .unwrap_or(&l.descriptor)
                                .clone()
                        })
                        .collect(),
                })
                .collect();
            let weight = weight_of(id);
            Some(PlanOutcome {
                id: o.id.clone(),
                number: o.number_at(place),
                title: o.title.clone(),
                description: o.description.clone(),
                core_task: o.core_task.as_deref().and_then(|k| fw.core_task(k)).cloned(),
                core_task_number: o
                    .core_task
                    .as_deref()
                    .and_then(|k| fw.core_tasks.iter().position(|t| t.id == k))
                    .map_or(0, |i| i + 1),
                competencies: o
                    .competencies
                    .iter()
                    .filter_map(|c| fw.competency(c).cloned())
                    .collect(),
                indicators,
                weight,
                weight_exact: grade::exact(weight).unwrap_or_else(|| grade::int(0)),
                weight_share: if total_weight > 0.0 {
                    weight / total_weight
                } else {
                    0.0
                },
            })
        })
        .collect();
    // Framework order, whatever order the course lists them in.
    outcomes.sort_by_key(|o| fw.outcomes.iter().position(|f| f.id == o.id));

    let g = &course.grading;
    let rules = Rules {
        points: course.scale.iter().map(|l| l.points).collect(),
        pass_level: pass_level(course),
        grade_at_cesuur: grade::exact(g.grade_at_cesuur).unwrap_or_else(|| grade::int(6)),
        rounding: g.rounding,
        min_observed: grade::exact(g.min_observed).unwrap_or_else(|| grade::int(0)),
        knockout: g.knockout,
        knockout_cap: grade::exact(g.knockout_cap).unwrap_or_else(|| grade::int(5)),
        pass_grade: grade::exact(g.pass_grade).unwrap_or_else(|| grade::int(6)),
        graded: g.grade == crate::model::course::GradeScale::OneToTen,
    };
    let cesuur = num_traits::ToPrimitive::to_f64(&rules.cesuur()).unwrap_or(0.0);
    Plan {
        framework: FrameworkInfo {
            id: fw.id.clone(),
            version: fw.version.clone(),
            title: fw.title.clone(),
            publisher: fw.publisher.clone(),
            date: fw.date.clone(),
            level: fw.level.clone(),
            status: fw.status.clone(),
            source: fw.source.clone(),
        },
        fingerprint: fingerprint(fw, course),
        terms: (!fw.terms.is_empty()).then(|| fw.terms.clone()),
        course: course.clone(),
        outcomes,
        levels: course.scale.clone(),
        rules,
        cesuur,
        students,
    }
}

/// A short, stable hash of the framework and the course selection (students excluded),
/// printed on every document so an archived copy can be matched to its source.
pub fn fingerprint(fw: &Framework, course: &Course) -> String {
    let mut selection = course.clone();
    selection.students = None;
    // What the reports need (dates, the appeal clause) may be filled in after the forms
    // went out, and does not change what is assessed.
    selection.assessment = None;
    let (fw, selection) = (
        serde_json::to_vec(fw).unwrap_or_default(),
        serde_json::to_vec(&selection).unwrap_or_default(),
    );
    let mut hex = crate::hash::sha256_parts([fw.as_slice(), &[0], selection.as_slice()]);
    hex.truncate(12);
    hex
}

impl Plan {
    /// Grade one student: per selected outcome, per indicator, a level index or `None`
    /// (not observed), in plan order. The one way renderers and tests call [`grade`].
    pub fn grade(&self, levels: &[Vec<Option<usize>>]) -> grade::GradeResult {
        let scores: Vec<grade::OutcomeScores> = self
            .outcomes
            .iter()
            .zip(levels)
            .map(|(o, l)| grade::OutcomeScores {
                id: &o.id,
                weight: o.weight_exact.clone(),
                levels: l,
            })
            .collect();
        self.rules.grade(&scores)
    }

    /// Number of selected indicators over all outcomes.
    pub fn indicator_count(&self) -> usize {
        self.outcomes.iter().map(|o| o.indicators.len()).sum()
    }
}

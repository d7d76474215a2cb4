//! Stage 2, validate: cross-reference checks on the parsed framework and course. Every
//! problem is reported, each at its line:column, with a hint where one helps.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diag::{Diagnostic, SourceFile, did_you_mean, list};
use crate::grade::exact;
use crate::ids;
use crate::model::course::{OutcomeSelection, StudentSource};
use crate::model::{Course, Framework, Level};
use crate::text::{self, StudentContext, TextContext};

/// Check a framework's ids and internal references. Paths in `repaired` could not be
/// read (that is already reported) and are skipped, with the references into a list
/// whose ids could not all be read.
pub fn validate_framework(
    fw: &Framework,
    src: &SourceFile,
    repaired: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A path is skipped when it or one of its ancestors was repaired.
    let skip = |path: &str| {
        repaired.iter().any(|r| {
            path == r
                || path
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    };
    // References into a list are checked only when every id in it could be read.
    let whole = |list: &str| {
        !repaired.iter().any(|r| r == list || r.starts_with(&format!("{list}[")))
    };
    if fw.schema_version != 1 && !skip("schema_version") {
        out.push(
            src.error(
                "schema_version",
                format!("unsupported schema version {}", fw.schema_version),
            )
            .hint("this meetlat reads framework files with `schema_version: 1`"),
        );
    }
    let lists: [(&str, Vec<&str>); 5] = [
        ("task_areas", fw.task_areas.iter().map(|t| t.id.as_str()).collect()),
        ("competencies", fw.competencies.iter().map(|c| c.id.as_str()).collect()),
        ("core_tasks", fw.core_tasks.iter().map(|c| c.id.as_str()).collect()),
        ("outcomes", fw.outcomes.iter().map(|o| o.id.as_str()).collect()),
        ("indicators", fw.indicators.iter().map(|i| i.id.as_str()).collect()),
    ];
    for (list_path, ids) in &lists {
        let readable: Vec<(usize, &str)> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip(&format!("{list_path}[{i}].id")))
            .map(|(i, id)| (i, *id))
            .collect();
        check_ids(src, list_path, &readable, &mut out);
    }

    let task_areas: Vec<&str> = fw.task_areas.iter().map(|t| t.id.as_str()).collect();
    for (i, c) in fw.competencies.iter().enumerate() {
        if !whole("task_areas") || skip(&format!("competencies[{i}].task_area")) {
            continue;
        }
        if let Some(task_area) = &c.task_area {
            known(
                src,
                &format!("competencies[{i}].task_area"),
                "task area",
                task_area,
                &task_areas,
                &mut out,
            );
        }
    }
    let core_tasks: Vec<&str> = fw.core_tasks.iter().map(|c| c.id.as_str()).collect();
    let competencies: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
    let indicators: Vec<&str> = fw.indicators.iter().map(|c| c.id.as_str()).collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut fields: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, o) in fw.outcomes.iter().enumerate() {
        let at = format!("outcomes[{i}]");
        if skip(&at) {
            continue;
        }
        if whole("core_tasks") && !skip(&format!("{at}.core_task")) {
            match &o.core_task {
                Some(k) => known(
                    src,
                    &format!("{at}.core_task"),
                    "core task",
                    k,
                    &core_tasks,
                    &mut out,
                ),
                // Core tasks are optional, but all or nothing: a document groups its
                // outcomes by core task, or not at all.
                None if !core_tasks.is_empty() => out.push(
                    src.error(&at, format!("outcome `{}` has no `core_task`", o.id)).hint(
                        format!(
                            "the framework has core tasks ({}); add `core_task: …` naming one",
                            list(&core_tasks)
                        ),
                    ),
                ),
                None => {}
            }
        }
        for (j, c) in o.competencies.iter().enumerate() {
            if !whole("competencies") || skip(&format!("{at}.competencies")) {
                break;
            }
            known(
                src,
                &format!("{at}.competencies[{j}]"),
                "competency",
                c,
                &competencies,
                &mut out,
            );
        }
        if skip(&format!("{at}.indicators")) {
            continue;
        }
        if o.indicators.is_empty() {
            out.push(src.error(
                &format!("{at}.indicators"),
                format!("outcome `{}` has no indicators", o.id),
            ));
        }
        for (j, g) in o.indicators.iter().enumerate() {
            if whole("indicators") {
                known(
                    src,
                    &format!("{at}.indicators[{j}]"),
                    "indicator",
                    g,
                    &indicators,
                    &mut out,
                );
            }
            let field = format!("{}.{g}", o.id);
            // Collisions of one id with another are reported with the ids; here only
            // the fields that two different pairs of ids run together into.
            if let Some((oi, oj)) = fields.insert(ids::key(&field), (i, j))
                && ids::key(&fw.outcomes[oi].id) != ids::key(&o.id)
                && ids::key(&fw.outcomes[oi].indicators[oj]) != ids::key(g)
            {
                out.push(
                    src.error(
                        &format!("{at}.indicators[{j}]"),
                        format!(
                            "the form field `{field}` collides with that of `{}` under `{}`",
                            fw.outcomes[oi].indicators[oj], fw.outcomes[oi].id
                        ),
                    )
                    .hint("an outcome id and an indicator id together name a field on the observation form, and ids with `.` can run together (`A.B` + `C`, `A` + `B.C`); rename one of them"),
                );
            }
            if !used.insert(g) && o.indicators[..j].contains(g) {
                out.push(src.error(
                    &format!("{at}.indicators[{j}]"),
                    format!("indicator `{g}` is listed twice under `{}`", o.id),
                ));
            }
        }
        if o.title.trim().is_empty() && !skip(&format!("{at}.title")) {
            out.push(src.error(
                &format!("{at}.title"),
                format!("outcome `{}` has no title", o.id),
            ));
        }
    }
    // The framework's own scale, its pass level and the descriptors per indicator.
    let default_scale = crate::model::course::default_scale();
    let scale: &[Level] = fw.scale.as_deref().unwrap_or(&default_scale);
    if fw.scale.is_some() && !skip("scale") {
        check_scale(scale, src, &mut out);
    }
    let level_ids: Vec<&str> = scale.iter().map(|l| l.id.as_str()).collect();
    if let Some(p) = &fw.pass_level
        && !skip("pass_level")
        && !skip("scale")
    {
        match level_ids.iter().position(|l| l == p) {
            None => {
                let mut d = src.error("pass_level", format!("unknown level `{p}`"));
                if let Some(h) = did_you_mean(p, level_ids.iter().copied()) {
                    d = d.hint(h);
                }
                out.push(d.hint(format!("the scale has {}", list(&level_ids))));
            }
            Some(0) => out.push(
                src.error("pass_level", "the pass level cannot be the lowest level")
                    .hint("the cut score would be 0: every student would pass"),
            ),
            Some(i) if i + 1 == level_ids.len() => out.push(
                src.error("pass_level", "the pass level cannot be the highest level")
                    .hint("only a perfect score would pass"),
            ),
            Some(_) => {}
        }
    }
    for (i, ind) in fw.indicators.iter().enumerate() {
        if skip(&format!("indicators[{i}]")) {
            continue;
        }
        if !skip("scale") && !skip(&format!("indicators[{i}].descriptors")) {
            for level in ind.descriptors.keys() {
                if !level_ids.contains(&level.as_str()) {
                    let mut d = src.key_error(
                        &format!("indicators[{i}].descriptors.{level}"),
                        format!("unknown level `{level}`"),
                    );
                    if let Some(h) = did_you_mean(level, level_ids.iter().copied()) {
                        d = d.hint(h);
                    }
                    let whose = if fw.scale.is_some() {
                        "the framework's scale"
                    } else {
                        "meetlat's default scale (the framework has no `scale`)"
                    };
                    out.push(d.hint(format!("{whose} has {}", list(&level_ids))));
                }
            }
        }
        if ind.text.trim().is_empty() && !skip(&format!("indicators[{i}].text")) {
            out.push(src.error(
                &format!("indicators[{i}].text"),
                format!("indicator `{}` has no text", ind.id),
            ));
        }
        if !ind.id.is_empty()
            && !repaired.iter().any(|r| r.starts_with("outcomes"))
            && !fw.outcomes.iter().any(|o| o.indicators.contains(&ind.id))
        {
            out.push(src.warning(
                &format!("indicators[{i}].id"),
                format!("indicator `{}` is not used by any outcome", ind.id),
            ));
        }
    }
    out
}

/// Report ids (index in `list_path`, id) that break the id rule, occur more than once,
/// or collide once made safe for names (see [`ids`]).
fn check_ids(
    src: &SourceFile,
    list_path: &str,
    ids: &[(usize, &str)],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for &(i, id) in ids {
        let path = format!("{list_path}[{i}].id");
        if let Some((problem, hint)) = ids::problem(id) {
            out.push(src.error(&path, problem).hint(hint));
        } else if let Some(first) = seen.insert(id, i) {
            out.push(src.error(&path, format!("duplicate id `{id}`")).hint(format!(
                "`{id}` is already used by item {} of `{list_path}`",
                first + 1
            )));
        }
    }
    let good: Vec<(usize, &str)> =
        ids.iter().copied().filter(|(_, id)| ids::problem(id).is_none()).collect();
    for (later, earlier) in ids::collisions(good.iter().map(|(_, id)| *id)) {
        let (i, id) = good[later];
        let (first, other) = good[earlier];
        out.push(
            src.error(
                &format!("{list_path}[{i}].id"),
                format!("the id `{id}` collides with `{other}`"),
            )
            .hint(format!("`{other}` is item {} of `{list_path}`", first + 1))
            .hint(ids::COLLISION_HINT),
        );
    }
}

/// Report a reference to an id that does not exist.
fn known(
    src: &SourceFile,
    path: &str,
    what: &str,
    id: &str,
    ids: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    if !ids.contains(&id) {
        let mut d = src.error(path, format!("unknown {what} `{id}`"));
        if let Some(h) = did_you_mean(id, ids.iter().copied()) {
            d = d.hint(h);
        }
        out.push(d.hint(format!("known: {}", list(ids))));
    }
}

/// Check a course selection against its framework. Fields in `repaired` could not be
/// read (that is already reported) and are skipped, with the checks that depend on them.
pub fn validate_course(
    course: &Course,
    fw: &Framework,
    src: &SourceFile,
    repaired: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let skip = |key: &str| {
        repaired.iter().any(|r| r == key || r.starts_with(&format!("{key}.")))
    };
    let mut out = Vec::new();
    check_meta(course, fw, src, &skip, &mut out);
    if !skip("outcomes") {
        let selected = check_outcomes(course, fw, src, &mut out);
        if !skip("weights") {
            check_weights(course, fw, &selected, src, &mut out);
        }
        if !skip("descriptors") && !skip("scale") {
            check_descriptors(course, fw, &selected, src, &mut out);
        }
    }
    if !skip("scale") {
        check_scale(&course.scale, src, &mut out);
        if !skip("grading") {
            check_grading(course, src, &mut out);
        }
    }
    if !skip("forms") {
        check_texts(course, fw, src, &mut out);
    }
    out
}

fn check_meta(
    course: &Course,
    fw: &Framework,
    src: &SourceFile,
    skip: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for (field, value) in [
        ("code", &course.code),
        ("name", &course.name),
        ("period", &course.period),
        ("institution", &course.institution),
    ] {
        if value.trim().is_empty() && !skip(field) {
            out.push(src.error(field, format!("`{field}` is empty")));
        }
    }
    if course.code.contains(['/', '\\']) || course.code.starts_with('.') {
        out.push(
            src.error(
                "code",
                format!("course code `{}` cannot be used in a file name", course.code),
            )
            .hint("use letters, digits and `-`, e.g. `SW3-STAGE-OW`"),
        );
    }
    if !skip("academic_year") && !valid_academic_year(&course.academic_year) {
        out.push(
            src.error("academic_year", format!("academic year `{}` is not of the form `2026-2027`", course.academic_year))
                .hint("write the two calendar years, the second one after the first: `2026-2027`"),
        );
    }
    if let Some(date) = &course.date
        && !valid_date(date)
    {
        out.push(
            src.error(
                "date",
                format!("date `{date}` is not a date of the form `YYYY-MM-DD`"),
            )
            .hint("for example `2027-01-29`"),
        );
    }
    if let Some(a) = &course.assessment
        && !skip("assessment")
    {
        for (field, date) in
            [("assessed_on", &a.assessed_on), ("decided_on", &a.decided_on)]
        {
            if let Some(date) = date
                && !valid_date(date)
            {
                out.push(
                    src.error(
                        &format!("assessment.{field}"),
                        format!("date `{date}` is not a date of the form `YYYY-MM-DD`"),
                    )
                    .hint("for example `2027-01-29`"),
                );
            }
        }
        if let (Some(on), Some(decided)) = (&a.assessed_on, &a.decided_on)
            && valid_date(on)
            && valid_date(decided)
            && decided < on
        {
            out.push(
                src.error(
                    "assessment.decided_on",
                    format!("the result is determined on {decided}, before the assessment on {on}"),
                )
                .hint("`decided_on` is the day the examiners determined the result: on or after `assessed_on`"),
            );
        }
        if let Some(ec) = a.ec
            && !(ec > 0.0 && ec <= 240.0)
        {
            out.push(
                src.error("assessment.ec", format!("{ec} EC is out of range"))
                    .hint("write the course's study load in EC, e.g. 30"),
            );
        }
        if a.appeal.as_deref().is_some_and(|t| t.trim().is_empty()) {
            out.push(
                src.error("assessment.appeal", "the appeal clause is empty")
                    .hint("leave `appeal` out for meetlat's default, or write the institution's clause"),
            );
        }
    }
    if course.examiners.is_empty() && !skip("examiners") {
        out.push(
            src.warning("examiners", "no examiners are named")
                .hint("add `examiners: [\"naam examinator 1\", \"naam examinator 2\"]`; their names are printed on the documents"),
        );
    }
    if let Some(r) = &course.framework {
        if r.id.is_none() && r.file.is_none() {
            out.push(
                src.error("framework", "`framework` names neither an `id` nor a `file`")
                    .hint("write `framework: {file: path/to/framework.yaml}` or `framework: {id: …, version: …}`"),
            );
        }
        if let Some(id) = r.id.as_ref().filter(|id| **id != fw.id) {
            out.push(
                src.error("framework.id", format!("this course is for framework `{id}`, but the loaded framework is `{}`", fw.id))
                    .hint("pass the right framework with `--framework FILE`, or correct `framework.id`"),
            );
        } else if let Some(v) = r.version.as_ref().filter(|v| **v != fw.version) {
            out.push(
                src.warning("framework.version", format!("this course was written for version `{v}` of `{}`; the loaded version is `{}`", fw.id, fw.version))
                    .hint("ids keep their meaning between versions, but check the indicator texts"),
            );
        }
    }
}

/// `2026-2027`: two years, the second one after the first.
fn valid_academic_year(s: &str) -> bool {
    match s.split_once('-') {
        Some((a, b)) if a.len() == 4 && b.len() == 4 => {
            matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if b == a + 1)
        }
        _ => false,
    }
}

/// `YYYY-MM-DD` with a real month and day.
pub(crate) fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

/// Check the outcome selection; returns the selected outcome ids with their indicators.
fn check_outcomes(
    course: &Course,
    fw: &Framework,
    src: &SourceFile,
    out: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<String>)> {
    let ids: Vec<&str> = fw.outcomes.iter().map(|o| o.id.as_str()).collect();
    let choices = match &course.outcomes {
        OutcomeSelection::All => {
            return fw
                .outcomes
                .iter()
                .map(|o| (o.id.clone(), o.indicators.clone()))
                .collect();
        }
        OutcomeSelection::List(choices) => choices,
    };
    if choices.is_empty() {
        out.push(
            src.error("outcomes", "no outcomes are selected")
                .hint("write `outcomes: all`, or list outcomes such as `[LU1, LU3]`"),
        );
    }
    let mut selected = Vec::new();
    let mut seen = HashSet::new();
    for (i, choice) in choices.iter().enumerate() {
        let at = format!("outcomes[{i}]");
        let id_path = if choice.only.is_some() || choice.except.is_some() {
            format!("{at}.id")
        } else {
            at.clone()
        };
        let Some(outcome) = fw.outcome(&choice.id) else {
            let mut d = src.error(&id_path, format!("unknown outcome `{}`", choice.id));
            if let Some(h) = did_you_mean(&choice.id, ids.iter().copied()) {
                d = d.hint(h);
            }
            out.push(d.hint(format!("the framework has {}", fw.outcome_range())));
            continue;
        };
        if !seen.insert(choice.id.as_str()) {
            out.push(
                src.error(&id_path, format!("outcome `{}` is selected twice", choice.id)),
            );
            continue;
        }
        if choice.only.is_some() && choice.except.is_some() {
            out.push(src.error(&format!("{at}.except"), format!("outcome `{}` has both `only` and `except`", choice.id))
                .hint("use one: `only` lists the indicators to assess, `except` the ones to leave out"));
            // Still selected: checks that depend on the selection (weights, descriptors)
            // must not report it as "not assessed".
            selected.push((outcome.id.clone(), outcome.indicators.clone()));
            continue;
        }
        let mut check_list = |field: &str, list_ids: &[String]| {
            let mut seen_here = HashSet::new();
            for (j, g) in list_ids.iter().enumerate() {
                let p = format!("{at}.{field}[{j}]");
                if !outcome.indicators.contains(g) {
                    let mut d = src.error(
                        &p,
                        format!(
                            "indicator `{g}` is not part of outcome `{}`",
                            outcome.id
                        ),
                    );
                    let own: Vec<&str> =
                        outcome.indicators.iter().map(String::as_str).collect();
                    let elsewhere: Vec<&str> = fw
                        .outcomes
                        .iter()
                        .filter(|o| o.indicators.contains(g))
                        .map(|o| o.id.as_str())
                        .collect();
                    if fw.indicator(g).is_none() {
                        if let Some(h) = did_you_mean(g, own.iter().copied()) {
                            d = d.hint(h);
                        }
                        d = d.hint(format!("the framework has no indicator `{g}`"));
                    } else if !elsewhere.is_empty() {
                        d = d.hint(format!("`{g}` belongs to {}", list(&elsewhere)));
                    }
                    out.push(d.hint(format!("`{}` has {}", outcome.id, list(&own))));
                } else if !seen_here.insert(g) {
                    out.push(src.error(&p, format!("indicator `{g}` is listed twice")));
                }
            }
        };
        let indicators: Vec<String> = if let Some(only) = &choice.only {
            check_list("only", only);
            if only.is_empty() {
                out.push(src.error(
                    &format!("{at}.only"),
                    format!("`only` selects no indicators of `{}`", outcome.id),
                ));
            }
            outcome.indicators.iter().filter(|g| only.contains(g)).cloned().collect()
        } else if let Some(except) = &choice.except {
            check_list("except", except);
            let rest: Vec<String> = outcome
                .indicators
                .iter()
                .filter(|g| !except.contains(g))
                .cloned()
                .collect();
            if rest.is_empty() {
                out.push(
                    src.error(
                        &format!("{at}.except"),
                        format!("`except` leaves no indicators of `{}`", outcome.id),
                    )
                    .hint("leave the outcome out of the list instead"),
                );
            }
            rest
        } else {
            outcome.indicators.clone()
        };
        selected.push((outcome.id.clone(), indicators));
    }
    selected
}

fn check_weights(
    course: &Course,
    fw: &Framework,
    selected: &[(String, Vec<String>)],
    src: &SourceFile,
    out: &mut Vec<Diagnostic>,
) {
    let selected_ids: Vec<&str> = selected.iter().map(|(id, _)| id.as_str()).collect();
    let mut wrong_weight = false;
    for (id, w) in &course.weights {
        let p = format!("weights.{id}");
        if !selected_ids.contains(&id.as_str()) {
            let d = if fw.outcome(id).is_some() {
                src.key_error(
                    &p,
                    format!("weight for `{id}`, which this course does not assess"),
                )
                .hint(format!("add `{id}` to `outcomes`, or remove this weight"))
            } else {
                let mut d =
                    src.key_error(&p, format!("weight for unknown outcome `{id}`"));
                if let Some(h) = did_you_mean(id, selected_ids.iter().copied()) {
                    d = d.hint(h);
                }
                d
            };
            out.push(d.hint(format!("selected outcomes: {}", list(&selected_ids))));
        }
        wrong_weight |= !w.is_finite() || *w < 0.0;
        if !w.is_finite() {
            out.push(src.error(&p, format!("weight of `{id}` is not a number")));
        } else if *w < 0.0 {
            out.push(
                src.error(&p, format!("weight of `{id}` is negative: {w}"))
                    .hint("weights are 0 or more; 0 leaves an outcome out of the grade"),
            );
        }
    }
    let total: f64 = selected_ids
        .iter()
        .map(|id| course.weights.get(*id).copied().unwrap_or(1.0).max(0.0))
        .sum();
    // A weight that is wrong is reported above; the sum would only repeat it.
    if !selected_ids.is_empty() && total <= 0.0 && !wrong_weight {
        out.push(
            src.error("weights", "all weights are zero")
                .hint("give at least one outcome a weight above 0"),
        );
    }
}

/// The levels of a `scale` (a course's or a framework's: both files call it `scale`).
fn check_scale(levels: &[Level], src: &SourceFile, out: &mut Vec<Diagnostic>) {
    if levels.len() < 2 {
        out.push(src.error("scale", "the scale needs at least two levels"));
    }
    let mut seen = HashSet::new();
    for (i, l) in levels.iter().enumerate() {
        let at = format!("scale[{i}]");
        if l.points.abs() > 1000 {
            out.push(
                src.error(
                    &format!("{at}.points"),
                    format!("{} points is out of range", l.points),
                )
                .hint("use points from -1000 to 1000, e.g. 1, 2, 3, 4"),
            );
        }
        if l.id.trim().is_empty() {
            out.push(src.error(&format!("{at}.id"), "a level has an empty id"));
        } else if l.id.eq_ignore_ascii_case("NG") {
            out.push(
                src.error(
                    &format!("{at}.id"),
                    "`NG` is reserved for \"niet geobserveerd\"",
                )
                .hint("choose another id for this level"),
            );
        } else if let Some((problem, hint)) = ids::problem(&l.id) {
            out.push(src.error(&format!("{at}.id"), problem).hint(hint));
        } else if !seen.insert(l.id.as_str()) {
            out.push(
                src.error(&format!("{at}.id"), format!("duplicate level `{}`", l.id)),
            );
        }
        if l.label.trim().is_empty() {
            out.push(src.error(
                &format!("{at}.label"),
                format!("level `{}` has an empty label", l.id),
            ));
        } else if let Some(other) = levels[..i]
            .iter()
            .find(|o| o.label.trim().eq_ignore_ascii_case(l.label.trim()))
        {
            out.push(
                src.error(
                    &format!("{at}.label"),
                    format!(
                        "levels `{}` and `{}` have the same label `{}`",
                        other.id,
                        l.id,
                        l.label.trim()
                    ),
                )
                .hint("give every level its own label: forms and reports show the labels, and the same label twice cannot be told apart"),
            );
        }
        if i > 0 && l.points <= levels[i - 1].points {
            out.push(
                src.error(&format!("{at}.points"), format!("the points of level `{}` ({}) do not rise above those of `{}` ({})", l.id, l.points, levels[i - 1].id, levels[i - 1].points))
                    .hint("list the levels from lowest to highest, each worth more points than the one before"),
            );
        }
    }
    check_level_collisions(levels, src, out);
}

/// Level ids that collide once made safe for names (the form's options, file names).
fn check_level_collisions(levels: &[Level], src: &SourceFile, out: &mut Vec<Diagnostic>) {
    let good: Vec<(usize, &str)> = levels
        .iter()
        .enumerate()
        .filter(|(_, l)| ids::problem(&l.id).is_none())
        .map(|(i, l)| (i, l.id.as_str()))
        .collect();
    for (later, earlier) in ids::collisions(good.iter().map(|(_, id)| *id)) {
        let (i, id) = good[later];
        let (first, other) = good[earlier];
        out.push(
            src.error(
                &format!("scale[{i}].id"),
                format!("the level `{id}` collides with `{other}`"),
            )
            .hint(format!("`{other}` is level {} of `scale`", first + 1))
            .hint(ids::COLLISION_HINT),
        );
    }
}

fn check_descriptors(
    course: &Course,
    fw: &Framework,
    selected: &[(String, Vec<String>)],
    src: &SourceFile,
    out: &mut Vec<Diagnostic>,
) {
    let selected_indicators: Vec<&str> =
        selected.iter().flat_map(|(_, g)| g.iter().map(String::as_str)).collect();
    let level_ids: Vec<&str> = course.scale.iter().map(|l| l.id.as_str()).collect();
    for (g, by_level) in &course.descriptors {
        let p = format!("descriptors.{g}");
        if !selected_indicators.contains(&g.as_str()) {
            let msg = if fw.indicator(g).is_some() {
                format!("descriptors for `{g}`, which this course does not assess")
            } else {
                format!("descriptors for unknown indicator `{g}`")
            };
            let mut d = src.key_error(&p, msg);
            if let Some(h) = did_you_mean(g, selected_indicators.iter().copied()) {
                d = d.hint(h);
            }
            out.push(d);
        }
        for level in by_level.keys() {
            if !level_ids.contains(&level.as_str()) {
                let mut d = src.key_error(
                    &format!("{p}.{level}"),
                    format!("unknown level `{level}`"),
                );
                if let Some(h) = did_you_mean(level, level_ids.iter().copied()) {
                    d = d.hint(h);
                }
                out.push(d.hint(format!("the scale has {}", list(&level_ids))));
            }
        }
    }
}

fn check_grading(course: &Course, src: &SourceFile, out: &mut Vec<Diagnostic>) {
    let g = &course.grading;
    let level_ids: Vec<&str> = course.scale.iter().map(|l| l.id.as_str()).collect();
    let written = src.index.has("grading.pass_level");
    match level_ids.iter().position(|l| *l == g.pass_level) {
        // Not written and not on the course's own scale: the middle level is the pass
        // level (see `resolve::pass_level`).
        None if !written && level_ids.len() >= 3 => {}
        None if !written => out.push(
            src.error(
                "scale",
                "a scale of fewer than three levels needs `grading.pass_level`",
            )
            .hint("add `grading: {pass_level: …}` naming the lowest level that passes"),
        ),
        None => {
            let mut d = src
                .error("grading.pass_level", format!("unknown level `{}`", g.pass_level));
            if let Some(h) = did_you_mean(&g.pass_level, level_ids.iter().copied()) {
                d = d.hint(h);
            }
            out.push(d.hint(format!("the scale has {}", list(&level_ids))));
        }
        Some(0) => out.push(
            src.error("grading.pass_level", "the pass level cannot be the lowest level")
                .hint("the cut score would be 0: every student would pass"),
        ),
        Some(i) if i + 1 == level_ids.len() => out.push(
            src.error("grading.pass_level", "the pass level cannot be the highest level")
                .hint("only a perfect score would pass"),
        ),
        Some(_) => {}
    }
    let mut range = |field: &str, value: f64, lo: f64, hi: f64, what: &str| {
        if exact(value).is_none() || value < lo || value > hi {
            out.push(src.error(
                &format!("grading.{field}"),
                format!("`{field}` is {value}; it must be {what}"),
            ));
        }
    };
    range(
        "grade_at_cesuur",
        g.grade_at_cesuur,
        1.1,
        9.9,
        "between 1 and 10, usually 6.0 or 5.5",
    );
    range(
        "min_observed",
        g.min_observed,
        0.01,
        1.0,
        "a share above 0 and at most 1, e.g. 0.5",
    );
    range("knockout_cap", g.knockout_cap, 1.0, 10.0, "a grade from 1 to 10, usually 5.0");
    range("pass_grade", g.pass_grade, 1.0, 10.0, "a grade from 1 to 10, usually 5.5");
    if g.knockout && g.knockout_cap >= g.pass_grade {
        out.push(
            src.warning(
                "grading.knockout_cap",
                format!(
                    "`knockout_cap` {} is a passing grade: a knocked-out student would get a passing number with result onvoldoende",
                    g.knockout_cap
                ),
            )
            .hint(format!("use a cap below `pass_grade` ({}), usually 5.0", g.pass_grade)),
        );
    }
}

fn check_texts(
    course: &Course,
    fw: &Framework,
    src: &SourceFile,
    out: &mut Vec<Diagnostic>,
) {
    let sample = TextContext::new(
        course,
        (&fw.id, &fw.version, &fw.title),
        StudentContext {
            number: "1234567".into(),
            first_name: "Voornaam".into(),
            last_name: "Achternaam".into(),
            name: "Voornaam Achternaam".into(),
            ..StudentContext::default()
        },
    );
    for (field, template) in [
        ("forms.instructions", &course.forms.instructions),
        ("forms.file_name", &course.forms.file_name),
    ] {
        if let Err(e) = text::check_plain(template) {
            out.push(
                src.error(field, format!("`{field}`: {e}"))
                    .hint("a placeholder is a dotted name between `{{` and `}}`, such as `{{ student.name }}`; expressions, filters and tags are not evaluated")
                    .hint(format!("placeholders: {}", list(text::PLACEHOLDERS))),
            );
        } else if let Err(e) = text::render(template, &sample) {
            let detail = e.detail().map_or_else(|| e.kind().to_string(), str::to_owned);
            let line =
                e.line().map(|l| format!(" (line {l} of the text)")).unwrap_or_default();
            let mut d = src.error(
                field,
                format!("placeholder problem in `{field}`{line}: {detail}"),
            );
            let unknown = placeholder_names(template)
                .into_iter()
                .find(|p| !text::PLACEHOLDERS.contains(&p.as_str()));
            if let Some(p) = &unknown {
                d.message = format!("unknown placeholder `{{{{ {p} }}}}` in `{field}`");
                if let Some(h) = did_you_mean(p, text::PLACEHOLDERS.iter().copied()) {
                    d = d.hint(h);
                }
            }
            out.push(d.hint(format!("placeholders: {}", list(text::PLACEHOLDERS))));
        }
    }
    if let Some(StudentSource::File(f)) = &course.students
        && f.trim().is_empty()
    {
        out.push(src.error("students", "`students` names no file"));
    }
}

/// The dotted names inside `{{ … }}` of a text.
fn placeholder_names(template: &str) -> Vec<String> {
    template
        .split("{{")
        .skip(1)
        .filter_map(|s| s.split_once("}}").map(|(inner, _)| inner))
        .map(|inner| inner.split('|').next().unwrap_or_default().trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_years() {
        assert!(valid_date("2027-01-29"));
        assert!(valid_date("2028-02-29"));
        assert!(!valid_date("2027-02-29"));
        assert!(!valid_date("29-01-2027"));
        assert!(valid_academic_year("2026-2027"));
        assert!(!valid_academic_year("2026-2028"));
        assert!(!valid_academic_year("26-27"));
    }
}

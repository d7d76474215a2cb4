//! Plain-text and JSON views for the terminal: the `check` summary and
//! `framework show`.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::model::{Framework, Language};
use crate::resolve::Plan;

/// The summary `meetlat check` prints, in the course's language.
pub fn check_summary(plan: &Plan) -> String {
    crate::words::check_summary(plan)
}

/// The framework as JSON for `framework show --json`, with exactly these keys.
pub fn framework_json(fw: &Framework) -> Value {
    json!({
        "id": fw.id,
        "version": fw.version,
        "title": fw.title,
        "terms": fw.terms,
        "scale": fw.scale,
        "pass_level": fw.pass_level,
        "task_areas": fw.task_areas.iter().map(|t| json!({"id": t.id, "title": t.title})).collect::<Vec<_>>(),
        "competencies": fw.competencies.iter().map(|c| json!({
            "id": c.id, "title": c.title, "generic": c.generic, "task_area": c.task_area
        })).collect::<Vec<_>>(),
        "core_tasks": fw.core_tasks.iter().map(|c| json!({
            "id": c.id, "title": c.title, "description": c.description
        })).collect::<Vec<_>>(),
        "outcomes": fw.outcomes.iter().map(|o| json!({
            "id": o.id, "number": o.number, "title": o.title, "description": o.description,
            "core_task": o.core_task, "competencies": o.competencies, "indicators": o.indicators
        })).collect::<Vec<_>>(),
        "indicators": fw.indicators.iter().map(|i| json!({
            "id": i.id, "text": i.text, "descriptors": i.descriptors
        })).collect::<Vec<_>>(),
    })
}

/// The framework as readable text for `framework show`, in the framework's language and
/// its own terms. Parts the framework does not have are left out.
pub fn framework_text(fw: &Framework) -> String {
    let lang = if fw.language == "en" { Language::En } else { Language::Nl };
    let w = crate::words::show_words(lang);
    let terms = crate::words::Terms::new(lang, Some(&fw.terms));
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", fw.title, fw.id);
    let _ = writeln!(
        s,
        "{} {}, {}, {}; {}",
        w.version, fw.version, fw.publisher, fw.level, fw.status
    );
    if let Some(scale) = &fw.scale {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", w.scale);
        for l in scale {
            let pass = if fw.pass_level.as_deref() == Some(l.id.as_str()) {
                format!(" ({})", w.pass_level)
            } else {
                String::new()
            };
            let _ =
                writeln!(s, "  {} {} ({} {}){pass}", l.id, l.label, l.points, w.points);
        }
    }
    let competency = |s: &mut String, c: &crate::model::framework::Competency| {
        let generic = c.generic.as_deref().map(|g| format!(" ({g})")).unwrap_or_default();
        let added = if c.added { format!(" [{}]", w.added) } else { String::new() };
        let _ = writeln!(s, "    {} {}{generic}{added}", c.id, c.title);
    };
    if !fw.task_areas.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", terms.apply(w.task_areas));
        for t in &fw.task_areas {
            let _ = writeln!(s, "  {} {}", t.id, t.title);
            for c in
                fw.competencies.iter().filter(|c| c.task_area.as_ref() == Some(&t.id))
            {
                competency(&mut s, c);
            }
        }
    }
    let loose: Vec<_> = fw
        .competencies
        .iter()
        .filter(|c| {
            c.task_area.as_ref().is_none_or(|t| fw.task_areas.iter().all(|a| a.id != *t))
        })
        .collect();
    if !loose.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", terms.apply(w.competencies));
        for c in loose {
            competency(&mut s, c);
        }
    }
    let outcome = |s: &mut String, o: &crate::model::framework::Outcome, place: usize| {
        let number = o.number_at(place);
        let _ = writeln!(s);
        let _ =
            writeln!(s, "  {} {} {number}: {}", o.id, terms.apply(w.outcome), o.title);
        if !o.competencies.is_empty() {
            let _ = writeln!(
                s,
                "    {}: {}",
                terms.apply(w.outcome_competencies),
                o.competencies.join(", ")
            );
        }
        for g in &o.indicators {
            let text = fw.indicator(g).map_or("", |i| i.text.as_str());
            let _ = writeln!(s, "    {g}  {text}");
        }
    };
    let in_task =
        |o: &crate::model::framework::Outcome, k: &str| o.core_task.as_deref() == Some(k);
    for kt in &fw.core_tasks {
        let _ = writeln!(s);
        let _ = writeln!(s, "{} {}", kt.id, kt.title);
        for (place, o) in
            fw.outcomes.iter().enumerate().filter(|(_, o)| in_task(o, &kt.id))
        {
            outcome(&mut s, o, place);
        }
    }
    for (place, o) in fw.outcomes.iter().enumerate().filter(|(_, o)| {
        o.core_task.as_deref().is_none_or(|k| fw.core_tasks.iter().all(|t| t.id != k))
    }) {
        outcome(&mut s, o, place);
    }
    s
}

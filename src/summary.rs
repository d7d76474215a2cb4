//! Plain-text and JSON views for the terminal: the `check` summary and
//! `framework show`.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::model::Framework;
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
        "indicators": fw.indicators.iter().map(|i| json!({"id": i.id, "text": i.text})).collect::<Vec<_>>(),
    })
}

/// The framework as readable text for `framework show`.
pub fn framework_text(fw: &Framework) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", fw.title, fw.id);
    let _ = writeln!(
        s,
        "versie {}, {}, {}; {}",
        fw.version, fw.publisher, fw.level, fw.status
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "Taakgebieden en bekwaamheden");
    for t in &fw.task_areas {
        let _ = writeln!(s, "  {} {}", t.id, t.title);
        for c in fw.competencies.iter().filter(|c| c.task_area == t.id) {
            let generic =
                c.generic.as_deref().map(|g| format!(" ({g})")).unwrap_or_default();
            let added = if c.added { " [toegevoegd]" } else { "" };
            let _ = writeln!(s, "    {} {}{generic}{added}", c.id, c.title);
        }
    }
    for kt in &fw.core_tasks {
        let _ = writeln!(s);
        let _ = writeln!(s, "{} {}", kt.id, kt.title);
        for o in fw.outcomes.iter().filter(|o| o.core_task == kt.id) {
            let _ = writeln!(s);
            let _ = writeln!(s, "  {} Leeruitkomst {}: {}", o.id, o.number, o.title);
            let _ = writeln!(s, "    bekwaamheden: {}", o.competencies.join(", "));
            for g in &o.indicators {
                let text = fw.indicator(g).map_or("", |i| i.text.as_str());
                let _ = writeln!(s, "    {g}  {text}");
            }
        }
    }
    s
}

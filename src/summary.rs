//! Plain-text and JSON views for the terminal: the `check` summary and
//! `framework show`.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::grade::format_decimal;
use crate::model::{Framework, Rounding};
use crate::resolve::Plan;

/// The summary `meetlat check` prints.
pub fn check_summary(plan: &Plan) -> String {
    let c = &plan.course;
    let mut s = String::new();
    let _ = writeln!(s, "{} {} ({}, {})", c.code, c.name, c.academic_year, c.period);
    let _ = writeln!(
        s,
        "framework: {} versie {} ({})",
        plan.framework.title, plan.framework.version, plan.framework.id
    );
    let _ = writeln!(
        s,
        "leeruitkomsten: {}, gedragsindicatoren: {}",
        plan.outcomes.len(),
        plan.indicator_count()
    );
    for o in &plan.outcomes {
        let ids: Vec<&str> = o.indicators.iter().map(|i| i.id.as_str()).collect();
        let _ = writeln!(
            s,
            "  {} {} — {} indicatoren ({}), weging {} ({:.0}%)",
            o.id,
            o.title,
            ids.len(),
            ids.join(" "),
            o.weight,
            o.weight_share * 100.0
        );
    }
    let levels: Vec<String> =
        plan.levels.iter().map(|l| format!("{} ({})", l.id, l.points)).collect();
    let _ = writeln!(s, "schaal: {} + NG (niet geobserveerd)", levels.join(", "));
    let g = &c.grading;
    let rounding = match g.rounding {
        Rounding::EenDecimaal => "één decimaal, half naar boven",
        Rounding::HalvePunten => "halve punten, geen 5,5",
        Rounding::HelePunten => "hele punten",
    };
    let _ = writeln!(
        s,
        "cesuur: alles `{}` = fractie {} → cijfer {}; afronding: {}",
        g.pass_level,
        format_decimal(&plan.rules.cesuur(), 3, ','),
        format_decimal(&plan.rules.grade_at_cesuur, 1, ','),
        rounding
    );
    let _ = writeln!(
        s,
        "bewijs: minstens {}% van de indicatoren per leeruitkomst geobserveerd; knock-out: {}",
        (g.min_observed * 100.0).round(),
        if g.knockout {
            format!(
                "ja, elke leeruitkomst moet de cesuur halen (anders maximaal {})",
                format_decimal(&plan.rules.knockout_cap, 1, ',')
            )
        } else {
            "nee".to_owned()
        }
    );
    let _ = writeln!(s, "studenten: {}", plan.students.len());
    let _ = writeln!(s, "vingerafdruk: {}", plan.fingerprint);
    s
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

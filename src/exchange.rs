//! Exchange with learning management systems: the framework's outcomes and indicators as
//! the CSV files that Canvas (outcomes import) and Moodle (competency framework import,
//! `tool_lpimportcsv`) read, for `meetlat framework export`.
//!
//! Both files are RFC 4180 CSV in UTF-8 with CRLF line ends, in the framework's order, so
//! the same framework always gives the same bytes. Text fields that a spreadsheet could
//! take for a formula are neutralised as in `grades.csv`
//! ([`crate::render::overview::csv_cell`]).
//!
//! The tree is the same in both: core tasks (when every outcome has one), learning
//! outcomes, and the indicators under the outcomes they belong to. The levels are the
//! scale's, with mastery at the pass level.

use std::collections::BTreeMap;

use serde_json::json;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Framework;
use crate::model::course::Level;
use crate::model::framework::{CoreTask, Outcome};
use crate::render::overview::csv_cell;

/// The learning management systems meetlat writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Canvas outcomes import CSV.
    Canvas,
    /// Moodle competency framework import CSV (`tool_lpimportcsv`).
    Moodle,
}

/// The columns of a Canvas outcomes CSV before the ratings; `ratings` follows, and the
/// further rating columns have empty headers.
pub const CANVAS_COLUMNS: [&str; 10] = [
    "vendor_guid",
    "object_type",
    "title",
    "description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "parent_guids",
    "workflow_state",
    "mastery_points",
];

/// The fourteen columns of a Moodle competency framework CSV, in the order the importer
/// reads them (by position).
pub const MOODLE_COLUMNS: [&str; 14] = [
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
];

/// Longest title Canvas keeps.
const CANVAS_TITLE_MAX: usize = 255;
/// Moodle cuts shortnames and id numbers at this many characters.
const MOODLE_NAME_MAX: usize = 100;

/// The framework as a CSV file for `format`, with `scale` (lowest level first) and mastery
/// at `pass_level`.
///
/// # Errors
/// [`Error::Invalid`] when the scale cannot be written in the format (no levels, a pass
/// level that is not on the scale, a Moodle level label with a comma).
pub fn export(
    fw: &Framework,
    scale: &[Level],
    pass_level: &str,
    format: Format,
) -> Result<Vec<u8>> {
    let pass = scale.iter().position(|l| l.id == pass_level).ok_or_else(|| {
        Error::Invalid(vec![Diagnostic::error(format!(
            "the pass level `{pass_level}` is not on the scale"
        ))])
    })?;
    match format {
        Format::Canvas => Ok(canvas(fw, scale, pass)),
        Format::Moodle => moodle(fw, scale, pass),
    }
}

/// The core task of every outcome, when every outcome names one the framework has.
fn core_tasks_of(fw: &Framework) -> Option<Vec<&CoreTask>> {
    fw.outcomes.iter().map(|o| fw.core_task(o.core_task.as_deref()?)).collect()
}

/// `id text`, cut to `max` characters with an ellipsis.
fn titled(id: &str, text: &str, max: usize) -> String {
    let full = if text.is_empty() { id.to_owned() } else { format!("{id} {text}") };
    if full.chars().count() <= max {
        full
    } else {
        let mut cut: String = full.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// Text without spaces (Canvas refuses them in a vendor_guid).
fn no_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join("_")
}

/// A vendor_guid: the framework id and the item id. Ids are stable between versions of a
/// framework, so importing a later version updates the same Canvas outcomes.
fn guid(fw: &Framework, id: &str) -> String {
    no_spaces(&format!("{}.{id}", fw.id))
}

/// A CSV writer in the one dialect both files use.
fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(false)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().unwrap_or_default()
}

/// Canvas: one group for the framework, one per core task and outcome, and one outcome per
/// indicator under every outcome group it belongs to (Canvas allows several parents).
fn canvas(fw: &Framework, scale: &[Level], pass: usize) -> Vec<u8> {
    let mut w = writer();
    let width = CANVAS_COLUMNS.len() + 2 * scale.len();
    let mut header: Vec<&str> = CANVAS_COLUMNS.to_vec();
    header.push("ratings");
    header.resize(width, "");
    let _ = w.write_record(&header);

    let group = |guid: String, title: String, description: &str, parent: &str| {
        let mut row = vec![
            csv_cell(&guid),
            "group".to_owned(),
            csv_cell(&title),
            csv_cell(description),
            String::new(),
            String::new(),
            String::new(),
            csv_cell(parent),
            "active".to_owned(),
            String::new(),
        ];
        row.resize(width, String::new());
        row
    };

    let root = no_spaces(&fw.id);
    let _ = w.write_record(group(
        root.clone(),
        titled(&fw.title, &format!("({})", fw.version), CANVAS_TITLE_MAX),
        fw.subtitle.as_deref().unwrap_or(""),
        "",
    ));
    let core_tasks = core_tasks_of(fw);
    if let Some(tasks) = &core_tasks {
        for kt in &fw.core_tasks {
            if tasks.iter().any(|t| t.id == kt.id) {
                let _ = w.write_record(group(
                    guid(fw, &kt.id),
                    titled(&kt.id, &kt.title, CANVAS_TITLE_MAX),
                    &kt.description,
                    &root,
                ));
            }
        }
    }
    for o in &fw.outcomes {
        let parent = match (&core_tasks, &o.core_task) {
            (Some(_), Some(k)) => guid(fw, k),
            _ => root.clone(),
        };
        let _ = w.write_record(group(
            guid(fw, &o.id),
            titled(&o.id, &o.title, CANVAS_TITLE_MAX),
            &o.description,
            &parent,
        ));
    }

    let mastery = scale[pass].points.to_string();
    for ind in &fw.indicators {
        let parents: Vec<String> = fw
            .outcomes
            .iter()
            .filter(|o| o.indicators.contains(&ind.id))
            .map(|o| guid(fw, &o.id))
            .collect();
        if parents.is_empty() {
            continue;
        }
        let mut row = vec![
            csv_cell(&guid(fw, &ind.id)),
            "outcome".to_owned(),
            csv_cell(&titled(&ind.id, &ind.text, CANVAS_TITLE_MAX)),
            csv_cell(&ind.text),
            csv_cell(&ind.id),
            "latest".to_owned(),
            String::new(),
            csv_cell(&parents.join(" ")),
            "active".to_owned(),
            mastery.clone(),
        ];
        for level in scale.iter().rev() {
            row.push(level.points.to_string());
            row.push(csv_cell(&level.label));
        }
        let _ = w.write_record(&row);
    }
    finish(w)
}

/// HTML for a Moodle description (format 1): the text escaped, in one paragraph.
fn html(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    format!("<p>{escaped}</p>")
}

/// The Moodle id number of an indicator placed under an outcome: one competency per
/// placement, since a competency has one parent.
pub fn moodle_placement(outcome: &str, indicator: &str) -> String {
    format!("{outcome}/{indicator}")
}

/// Moodle: the framework row with the scale, then core tasks, outcomes, and under each
/// outcome a competency per indicator; the placements of a shared indicator refer to each
/// other as cross-referenced competencies.
fn moodle(fw: &Framework, scale: &[Level], pass: usize) -> Result<Vec<u8>> {
    if let Some(l) = scale.iter().find(|l| l.label.contains(',')) {
        return Err(Error::Invalid(vec![
            Diagnostic::error(format!(
                "the level label `{}` has a comma, which a Moodle scale cannot hold",
                l.label
            ))
            .hint("Moodle separates a scale's values with commas"),
        ]));
    }
    let mut w = writer();
    let _ = w.write_record(MOODLE_COLUMNS);

    let core_tasks = core_tasks_of(fw);
    let taxonomy = if core_tasks.is_some() {
        "domain,outcome,behaviour"
    } else {
        "outcome,behaviour"
    };
    let values: Vec<&str> = scale.iter().map(|l| l.label.as_str()).collect();
    let mut config = vec![json!({"scaleid": "0"})];
    for (i, _) in scale.iter().enumerate() {
        config.push(json!({
            "id": i + 1,
            "scaledefault": u8::from(i == pass),
            "proficient": u8::from(i >= pass),
        }));
    }
    let row = |parent: &str, id: &str, name: String, description: &str| -> [String; 14] {
        [
            csv_cell(parent),
            csv_cell(id),
            csv_cell(&name),
            html(description),
            "1".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    let mut framework = row(
        "",
        &fw.id,
        titled(&fw.title, &format!("({})", fw.version), MOODLE_NAME_MAX),
        fw.subtitle.as_deref().unwrap_or(""),
    );
    framework[5] = csv_cell(&values.join(","));
    framework[6] = serde_json::Value::Array(config).to_string();
    framework[12] = "1".to_owned();
    framework[13] = taxonomy.to_owned();
    let _ = w.write_record(&framework);

    if let Some(tasks) = &core_tasks {
        for kt in &fw.core_tasks {
            if tasks.iter().any(|t| t.id == kt.id) {
                let name = titled(&kt.id, &kt.title, MOODLE_NAME_MAX);
                let _ = w.write_record(row("", &kt.id, name, &kt.description));
            }
        }
    }
    // Where each indicator is placed, to cross-reference the placements.
    let mut placements: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for o in &fw.outcomes {
        for g in &o.indicators {
            placements.entry(g.as_str()).or_default().push(o);
        }
    }
    for o in &fw.outcomes {
        let parent = match (&core_tasks, &o.core_task) {
            (Some(_), Some(k)) => k.as_str(),
            _ => "",
        };
        let name = titled(&o.id, &o.title, MOODLE_NAME_MAX);
        let _ = w.write_record(row(parent, &o.id, name, &o.description));
        for g in &o.indicators {
            let text = fw.indicator(g).map_or("", |i| i.text.as_str());
            let id = moodle_placement(&o.id, g);
            let mut r = row(&o.id, &id, titled(g, text, MOODLE_NAME_MAX), text);
            let others: Vec<String> = placements
                .get(g.as_str())
                .into_iter()
                .flatten()
                .filter(|other| other.id != o.id)
                .map(|other| moodle_placement(&other.id, g).replace(',', "%2C"))
                .collect();
            r[10] = csv_cell(&others.join(","));
            let _ = w.write_record(&r);
        }
    }
    Ok(finish(w))
}

#[cfg(test)]
mod tests {
    use super::titled;

    #[test]
    fn long_titles_are_cut_with_an_ellipsis() {
        assert_eq!(titled("G01", "kort", 100), "G01 kort");
        let long = "x".repeat(200);
        let t = titled("G01", &long, 100);
        assert_eq!(t.chars().count(), 100);
        assert!(t.ends_with('…'));
        assert_eq!(titled("G01", "", 100), "G01");
    }
}

//! The page: its HTML (made here, every value escaped), its assets (in the binary), and
//! the JSON the page script shows after each change.

use std::fmt::Write as _;
use std::io::Write as _;

use serde_json::{Value, json};

use super::setup::{Evaluated, Setup, field_of};
use crate::Diagnostic;
use crate::grade::format_decimal;
use crate::model::Language;
use crate::model::course::Grading;
use crate::words::web::{WebWords, web_words};

/// The assets, by exact name: nothing else is served, and no request names a file.
pub(crate) fn asset(name: &str) -> Option<(&'static str, &'static [u8])> {
    Some(match name {
        "app.js" => ("text/javascript; charset=utf-8", include_bytes!("assets/app.js")),
        "app.css" => ("text/css; charset=utf-8", include_bytes!("assets/app.css")),
        "icon.svg" => ("image/svg+xml", include_bytes!("assets/icon.svg")),
        "NotoSans-Regular.ttf" => {
            ("font/ttf", include_bytes!("../../fonts/NotoSans-Regular.ttf"))
        }
        "NotoSans-Bold.ttf" => {
            ("font/ttf", include_bytes!("../../fonts/NotoSans-Bold.ttf"))
        }
        _ => return None,
    })
}

/// Escape text for HTML (content and quoted attributes).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `Content-Disposition` for a download: ASCII fallback plus the UTF-8 name, no CR/LF.
pub(crate) fn attachment(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    let ascii: String = clean
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' })
        .collect();
    let encoded: String = clean
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Problems as plain text, one a line, with their hints.
pub(crate) fn plain(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let mut s = d.message.clone();
            if let Some(p) = d.pos {
                s = format!("{s} (regel {})", p.line);
            }
            for h in &d.hints {
                s.push_str(&format!(" — {h}"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A zip of `files`, stored (PDFs are compressed already), with a fixed date: the same
/// files give the same bytes.
pub(crate) fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        w.start_file(name.as_str(), options).map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    w.finish().map(std::io::Cursor::into_inner).map_err(|e| e.to_string())
}

/// Problems as the page shows them: the field each concerns and its text.
pub(crate) fn problems(yaml: &str, diags: &[Diagnostic], ui: Language) -> Value {
    let words = web_words(ui);
    Value::Array(
        diags
            .iter()
            .map(|d| {
                let mut text = d.message.clone();
                if let Some(first) = text.get(..1) {
                    text = format!("{}{}", first.to_uppercase(), &text[1..]);
                }
                for h in &d.hints {
                    text.push_str(&format!(
                        ". {}{}",
                        h.get(..1).unwrap_or("").to_uppercase(),
                        h.get(1..).unwrap_or("")
                    ));
                }
                let field = field_of(yaml, d);
                if let Some(own) = teacher_words(&field, &d.message, words) {
                    text = own.to_owned();
                }
                json!({
                    "field": field,
                    "error": d.is_error(),
                    "text": text,
                    "general": words.at_general,
                })
            })
            .collect(),
    )
}

/// The page's own sentence for a problem it knows, in the page's language: the fields a
/// teacher fills in here. Other problems keep the command line's words.
fn teacher_words(field: &str, message: &str, w: &WebWords) -> Option<&'static str> {
    let top = field.split('.').next().unwrap_or_default();
    Some(match top {
        "outcomes" if message.starts_with("no outcomes are selected") => w.fix_outcomes,
        "code" | "name" | "period" | "institution" if message.ends_with("is empty") => {
            w.fix_empty
        }
        "academic_year" if message.contains("is not of the form") => w.fix_year,
        "date" if message.contains("is not a date") => w.fix_date,
        "examiners" if message.starts_with("no examiners") => w.fix_examiners,
        "weights" | "grading" if message.contains("expected a number") => w.fix_number,
        "weights" if message.contains("is negative") => w.fix_weight,
        "code" if message.contains("cannot be used in a file name") => w.fix_code,
        "grading" if message.starts_with("`min_observed` is") => w.fix_share,
        "grading" if message.contains("is a passing grade") => w.fix_cap,
        "grading" if message.contains("; it must be") => w.fix_grade,
        _ => return None,
    })
}

/// What the page shows of the course file: problems, count, shares, examples.
pub(crate) fn summary(setup: &Setup, evaluated: &Evaluated, ui: Language) -> Value {
    let words = web_words(ui);
    let selected = setup.selected();
    let total: usize = setup.framework.outcomes.iter().map(|o| o.indicators.len()).sum();
    let n: usize = selected.values().map(Vec::len).sum();
    let count =
        words.count.replace("{n}", &n.to_string()).replace("{total}", &total.to_string());
    let sep = if ui == Language::Nl { ',' } else { '.' };
    let mut answer = json!({ "count": count, "ok": evaluated.result.is_ok() });
    match &evaluated.result {
        Ok(checked) => {
            let plan = &checked.plan;
            let mut shares = serde_json::Map::new();
            for o in &plan.outcomes {
                let pct = (o.weight_share * 1000.0).round() / 10.0;
                shares.insert(
                    o.id.clone(),
                    format!("{}%", format!("{pct:.1}").replace('.', &sep.to_string()))
                        .into(),
                );
            }
            answer["shares"] = Value::Object(shares);
            answer["examples"] = examples(plan, words, sep).into();
            answer["problems"] = problems(&evaluated.yaml, &checked.warnings, ui);
        }
        Err(d) => {
            answer["problems"] = problems(&evaluated.yaml, d, ui);
        }
    }
    answer["students"] = students_text(setup, words).into();
    answer
}

/// What the student list was read as.
fn students_text(setup: &Setup, words: &WebWords) -> String {
    match &setup.students {
        None => words.no_students.to_owned(),
        Some(list) => {
            let mut s = words
                .students_found
                .replace("{n}", &list.entries.len().to_string())
                .replace("{format}", words.formats[list.format.min(2)]);
            if list.skipped > 0 {
                s.push_str("; ");
                s.push_str(&words.skipped.replace("{n}", &list.skipped.to_string()));
            }
            s
        }
    }
}

/// Grade examples computed by the grading module: every indicator at each level, and
/// (with knock-out) one outcome below the pass level with the rest at the level above.
fn examples(plan: &crate::resolve::Plan, words: &WebWords, sep: char) -> Vec<String> {
    let grade_text = |levels: &[Vec<Option<usize>>]| {
        let g = plan.grade(levels);
        match &g.grade {
            Some(q) => format_decimal(q, 1, sep),
            None => crate::words::result_text(plan.course.language, g.verdict),
        }
    };
    let mut out = Vec::new();
    for (i, level) in plan.levels.iter().enumerate() {
        let levels: Vec<Vec<Option<usize>>> =
            plan.outcomes.iter().map(|o| vec![Some(i); o.indicators.len()]).collect();
        out.push(format!(
            "{} → {}",
            words.all_at.replace("{level}", &level.label.to_lowercase()),
            grade_text(&levels)
        ));
    }
    let pass = crate::resolve::pass_level(&plan.course);
    if plan.outcomes.len() > 1 && pass > 0 && pass + 1 < plan.levels.len() {
        let levels: Vec<Vec<Option<usize>>> = plan
            .outcomes
            .iter()
            .enumerate()
            .map(|(k, o)| {
                vec![Some(if k == 0 { pass - 1 } else { pass + 1 }); o.indicators.len()]
            })
            .collect();
        out.push(format!(
            "{} → {}",
            words
                .one_low
                .replace("{low}", &plan.levels[pass - 1].label.to_lowercase())
                .replace("{high}", &plan.levels[pass + 1].label.to_lowercase()),
            grade_text(&levels)
        ));
    }
    out
}

/// A text field with its label and problem slot.
fn field(out: &mut String, id: &str, label: &str, value: &str, extra: &str) {
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"f-{id}\">{}</label>\
         <input id=\"f-{id}\" name=\"{id}\" data-course=\"{id}\" value=\"{}\" {extra}>\
         <p class=\"problem\" data-field=\"{id}\" id=\"p-{id}\" hidden></p></div>",
        esc(label),
        esc(value)
    );
}

/// The whole page.
pub(crate) fn html(setup: &Setup, ui: Language) -> String {
    let w = web_words(ui);
    let c = &setup.course;
    let get = |k: &str| {
        c.get(k).and_then(serde_yaml::Value::as_str).unwrap_or_default().to_owned()
    };
    let examiners: Vec<String> = c
        .get("examiners")
        .and_then(serde_yaml::Value::as_sequence)
        .map(|s| s.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let evaluated = setup.evaluate();
    let fw = &setup.framework;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <script type=\"module\" src=\"/assets/app.js\"></script></head><body>\
         <header><div><h1>{title}</h1><p>{tagline}</p><p class=\"privacy\">{privacy}</p></div>\
         <div class=\"actions\"><button type=\"button\" id=\"lang\" data-lang=\"{other}\" lang=\"{other}\">{switch}</button>\
         <button type=\"button\" id=\"stop\">{stop}</button></div></header><main id=\"main\">",
        lang = w.lang,
        title = esc(w.title),
        tagline = esc(w.tagline),
        privacy = esc(w.privacy),
        other = if ui == Language::Nl { "en" } else { "nl" },
        switch = esc(w.switch),
        stop = esc(w.stop),
    );
    if let Some((ok, notice)) = &setup.notice {
        let _ = write!(
            o,
            "<p class=\"notice {}\" role=\"status\">{}</p>",
            if *ok { "good" } else { "bad" },
            esc(notice)
        );
    }
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-problems\" class=\"problems\"><h2 id=\"h-problems\">{}</h2>\
         <div id=\"problems\" role=\"status\" aria-live=\"polite\"><p>{}</p></div></section>",
        esc(w.problems),
        esc(w.no_problems)
    );
    o.push_str("<form id=\"setup\" novalidate>");
    // 1. The course.
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-course\"><h2 id=\"h-course\">1. {}</h2>\
         <div class=\"upload\"><label for=\"up-course\">{}</label>\
         <input type=\"file\" id=\"up-course\" data-upload=\"course\" accept=\".yaml,.yml\">\
         <output id=\"msg-course\" for=\"up-course\"></output></div><div class=\"grid\">",
        esc(w.course),
        esc(w.open_course)
    );
    field(
        &mut o,
        "code",
        w.code,
        &get("code"),
        "spellcheck=\"false\" autocomplete=\"off\"",
    );
    field(&mut o, "name", w.name, &get("name"), "autocomplete=\"off\"");
    field(
        &mut o,
        "academic_year",
        w.academic_year,
        &get("academic_year"),
        "autocomplete=\"off\"",
    );
    field(&mut o, "period", w.period, &get("period"), "autocomplete=\"off\"");
    field(
        &mut o,
        "institution",
        w.institution,
        &get("institution"),
        "autocomplete=\"organization\"",
    );
    field(
        &mut o,
        "date",
        w.date,
        &get("date"),
        "autocomplete=\"off\" inputmode=\"numeric\"",
    );
    let _ = write!(
        o,
        "<div class=\"field\"><label for=\"f-examiners\">{}</label>\
         <textarea id=\"f-examiners\" data-course=\"examiners\" rows=\"3\" spellcheck=\"false\">{}</textarea>\
         <p class=\"problem\" data-field=\"examiners\" hidden></p></div>\
         <div class=\"field\"><label for=\"f-language\">{}</label><select id=\"f-language\" data-course=\"language\">\
         <option value=\"nl\"{}>Nederlands</option><option value=\"en\"{}>English</option></select>\
         <p class=\"problem\" data-field=\"language\" hidden></p></div></div></section>",
        esc(w.examiners),
        esc(&examiners.join("\n")),
        esc(w.doc_language),
        if setup.language() == Language::Nl { " selected" } else { "" },
        if setup.language() == Language::En { " selected" } else { "" },
    );
    // 2. The framework.
    let indicators: usize = fw.indicators.len();
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-framework\"><h2 id=\"h-framework\">2. {}</h2>\
         <p id=\"fw-info\"><strong>{}</strong>, {} {} — {}</p>\
         <div class=\"upload\"><button type=\"button\" id=\"fw-builtin\">{}</button>\
         <label for=\"up-framework\">{}</label>\
         <input type=\"file\" id=\"up-framework\" data-upload=\"framework\" accept=\".yaml,.yml,.xlsx\">\
         <output id=\"msg-framework\" for=\"up-framework\"></output></div>\
         <p class=\"problem\" data-field=\"framework\" hidden></p></section>",
        esc(w.framework),
        esc(&fw.title),
        esc(w.version),
        esc(&fw.version),
        esc(&w
            .framework_counts
            .replace("{outcomes}", &fw.outcomes.len().to_string())
            .replace("{indicators}", &indicators.to_string())),
        esc(w.builtin),
        esc(w.open_framework),
    );
    // 3. The selection tree.
    let selected = setup.selected();
    let total: usize = fw.outcomes.iter().map(|o| o.indicators.len()).sum();
    let n: usize = selected.values().map(Vec::len).sum();
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-selection\"><h2 id=\"h-selection\">3. {}</h2>\
         <div class=\"field filter\"><label for=\"filter\">{}</label><input id=\"filter\" type=\"search\" autocomplete=\"off\"></div>\
         <p id=\"count\" role=\"status\" aria-live=\"polite\">{}</p>\
         <p class=\"problem\" data-field=\"outcomes\" hidden></p><div id=\"tree\">",
        esc(w.selection),
        esc(w.filter),
        esc(&w
            .count
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())),
    );
    let mut groups: Vec<(Option<String>, Vec<&crate::model::framework::Outcome>)> =
        Vec::new();
    for out in &fw.outcomes {
        match groups.iter_mut().find(|(k, _)| *k == out.core_task) {
            Some((_, list)) => list.push(out),
            None => groups.push((out.core_task.clone(), vec![out])),
        }
    }
    for (task, outcomes) in &groups {
        o.push_str("<div class=\"task\">");
        if let Some(t) = task.as_deref().and_then(|t| fw.core_task(t)) {
            let _ = write!(
                o,
                "<h3>{} {}: {}</h3>",
                esc(w.core_task),
                esc(&t.id),
                esc(&t.title)
            );
        }
        for out in outcomes {
            let chosen = selected.get(&out.id).cloned().unwrap_or_default();
            let _ = write!(
                o,
                "<fieldset class=\"outcome\" data-outcome=\"{id}\"><legend>\
                 <input type=\"checkbox\" class=\"whole\" id=\"o-{id}\" data-outcome=\"{id}\"{all}>\
                 <label for=\"o-{id}\">{id} — {title}</label></legend><ul>",
                id = esc(&out.id),
                title = esc(&out.title),
                all = if chosen.len() == out.indicators.len() { " checked" } else { "" },
            );
            for ind in &out.indicators {
                let text = fw.indicator(ind).map_or("", |i| i.text.as_str());
                let _ = write!(
                    o,
                    "<li data-text=\"{hay}\"><input type=\"checkbox\" class=\"ind\" id=\"i-{oid}-{iid}\" \
                     data-outcome=\"{oid}\" value=\"{iid}\"{on}><label for=\"i-{oid}-{iid}\">{iid} {text}</label></li>",
                    hay = esc(&format!("{} {} {}", out.id, ind, text).to_lowercase()),
                    oid = esc(&out.id),
                    iid = esc(ind),
                    on = if chosen.contains(ind) { " checked" } else { "" },
                    text = esc(text),
                );
            }
            o.push_str("</ul></fieldset>");
        }
        o.push_str("</div>");
    }
    o.push_str("</div></section>");
    // 4. Weights and rules.
    let weights = c.get("weights").and_then(serde_yaml::Value::as_mapping);
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-weights\"><h2 id=\"h-weights\">4. {}</h2>\
         <p class=\"problem\" data-field=\"weights\" hidden></p><div class=\"weights\">",
        esc(w.weighting)
    );
    for out in &fw.outcomes {
        let value = weights
            .and_then(|m| m.get(out.id.as_str()))
            .map(|v| match v {
                serde_yaml::Value::Number(n) => {
                    n.to_string().replace('.', if ui == Language::Nl { "," } else { "." })
                }
                serde_yaml::Value::String(s) => s.clone(),
                _ => String::new(),
            })
            .unwrap_or_else(|| "1".into());
        let _ = write!(
            o,
            "<div class=\"weight\" data-outcome=\"{id}\"><label for=\"w-{id}\">{weight} {id}</label>\
             <input id=\"w-{id}\" data-weight=\"{id}\" value=\"{v}\" inputmode=\"decimal\" size=\"4\" autocomplete=\"off\">\
             <output id=\"share-{id}\" for=\"w-{id}\"></output>\
             <p class=\"problem\" data-field=\"weights.{id}\" hidden></p></div>",
            id = esc(&out.id),
            weight = esc(w.weight),
            v = esc(&value),
        );
    }
    o.push_str("</div>");
    let defaults = Grading::default();
    let grading = c.get("grading").and_then(serde_yaml::Value::as_mapping);
    // Numbers as the page's language writes them: 6,0 (the page reads 6,0 and 6.0).
    let decimal = |x: f64| {
        let t = if x.fract() == 0.0 { format!("{x:.1}") } else { x.to_string() };
        if ui == Language::Nl { t.replace('.', ",") } else { t }
    };
    let gval = |k: &str, d: String| -> String {
        grading
            .and_then(|m| m.get(k))
            .map(|v| match v {
                serde_yaml::Value::Number(n) => {
                    n.as_f64().map_or_else(|| n.to_string(), decimal)
                }
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => d.clone(),
            })
            .unwrap_or(d)
    };
    let levels: Vec<(String, String)> = match &evaluated.result {
        Ok(ch) => {
            ch.plan.levels.iter().map(|l| (l.id.clone(), l.label.clone())).collect()
        }
        Err(_) => crate::model::course::default_scale()
            .into_iter()
            .map(|l| (l.id, l.label))
            .collect(),
    };
    let pass = match &evaluated.result {
        Ok(ch) => gval("pass_level", ch.plan.course.grading.pass_level.clone()),
        Err(_) => gval("pass_level", defaults.pass_level.clone()),
    };
    let _ = write!(
        o,
        "<details id=\"rules\"><summary>{}</summary><div class=\"grid\">\
         <div class=\"field\"><label for=\"g-pass_level\">{}</label><select id=\"g-pass_level\" data-grading=\"pass_level\">",
        esc(w.rules),
        esc(w.pass_level)
    );
    for (id, label) in &levels {
        let _ = write!(
            o,
            "<option value=\"{}\"{}>{}</option>",
            esc(id),
            if *id == pass { " selected" } else { "" },
            esc(label)
        );
    }
    o.push_str("</select><p class=\"problem\" data-field=\"grading.pass_level\" hidden></p></div>");
    let num = |o: &mut String, key: &str, label: &str, d: f64| {
        let _ = write!(
            o,
            "<div class=\"field\"><label for=\"g-{key}\">{}</label>\
             <input id=\"g-{key}\" data-grading=\"{key}\" value=\"{}\" inputmode=\"decimal\" autocomplete=\"off\">\
             <p class=\"problem\" data-field=\"grading.{key}\" hidden></p></div>",
            esc(label),
            esc(&gval(key, decimal(d)))
        );
    };
    num(&mut o, "grade_at_cesuur", w.grade_at_cesuur, defaults.grade_at_cesuur);
    let rounding = gval("rounding", "een-decimaal".into());
    let _ = write!(
        o,
        "<div class=\"field\"><label for=\"g-rounding\">{}</label><select id=\"g-rounding\" data-grading=\"rounding\">",
        esc(w.rounding)
    );
    for (value, label) in
        ["een-decimaal", "halve-punten", "hele-punten"].iter().zip(w.rounding_choices)
    {
        let _ = write!(
            o,
            "<option value=\"{value}\"{}>{}</option>",
            if rounding == *value { " selected" } else { "" },
            esc(label)
        );
    }
    o.push_str(
        "</select><p class=\"problem\" data-field=\"grading.rounding\" hidden></p></div>",
    );
    num(&mut o, "min_observed", w.min_observed, defaults.min_observed);
    let knockout = gval("knockout", defaults.knockout.to_string()) == "true";
    let _ = write!(
        o,
        "<div class=\"field check\"><input type=\"checkbox\" id=\"g-knockout\" data-grading=\"knockout\"{}>\
         <label for=\"g-knockout\">{}</label><p class=\"problem\" data-field=\"grading.knockout\" hidden></p></div>",
        if knockout { " checked" } else { "" },
        esc(w.knockout)
    );
    num(&mut o, "knockout_cap", w.knockout_cap, defaults.knockout_cap);
    num(&mut o, "pass_grade", w.pass_grade, defaults.pass_grade);
    let _ = write!(
        o,
        "</div><p class=\"problem\" data-field=\"grading\" hidden></p><p class=\"problem\" data-field=\"scale\" hidden></p>\
        <h3>{}</h3><ul class=\"scale\">",
        esc(w.scale)
    );
    for (_, label) in &levels {
        let _ = write!(o, "<li>{}</li>", esc(label));
    }
    let _ = write!(
        o,
        "</ul></details><div class=\"examples\"><h3 id=\"h-examples\">{}</h3><ul id=\"examples\" aria-labelledby=\"h-examples\"></ul></div></section>",
        esc(w.examples)
    );
    // 5. Students.
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-students\"><h2 id=\"h-students\">5. {}</h2>\
         <div class=\"upload\"><label for=\"up-students\">{}</label>\
         <input type=\"file\" id=\"up-students\" data-upload=\"students\" accept=\".csv,.txt\">\
         <output id=\"msg-students\" for=\"up-students\"></output></div>\
         <p id=\"students\" role=\"status\" aria-live=\"polite\">{}</p>\
         <p class=\"problem\" data-field=\"students\" hidden></p></section></form>",
        esc(w.students),
        esc(w.open_students),
        esc(&students_text(setup, w)),
    );
    // 6. Downloads, 7. preview.
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-downloads\"><h2 id=\"h-downloads\">6. {}</h2>\
         <p id=\"dl-invalid\" hidden>{}</p><ul class=\"downloads\" id=\"downloads\">\
         <li><a href=\"/download/rubric\" download>{}</a></li>\
         <li><a href=\"/download/forms\" download>{}</a></li>\
         <li><a href=\"/download/sheet\" download>{}</a></li>\
         <li><a href=\"/download/course\" download>{}</a></li>{}</ul>\
         <p id=\"dl-why\" role=\"status\" class=\"bad\"></p><p>{}</p></section>",
        esc(w.downloads),
        esc(w.dl_invalid),
        esc(w.dl_rubric),
        esc(w.dl_forms),
        esc(w.dl_sheet),
        esc(w.dl_course),
        if setup.framework_text.is_some() {
            format!(
                "<li><a href=\"/download/framework\" download>{}</a></li>",
                esc(w.dl_framework)
            )
        } else {
            String::new()
        },
        esc(w.dl_course_note),
    );
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-later\"><h2 id=\"h-later\">7. {}</h2><p>{}</p>\
         <div class=\"upload\"><label for=\"up-forms\">{}</label>\
         <input type=\"file\" id=\"up-forms\" data-upload=\"forms\" multiple \
         accept=\".pdf,.png,.jpg,.jpeg,.tif,.tiff\">\
         <button type=\"button\" id=\"forms-clear\">{}</button>\
         <output id=\"msg-forms\" for=\"up-forms\"></output></div>\
         <div class=\"upload\"><label for=\"up-scores\">{}</label>\
         <input type=\"file\" id=\"up-scores\" data-upload=\"scores\" accept=\".xlsx\">\
         <output id=\"msg-scores\" for=\"up-scores\"></output></div>\
         <ul class=\"downloads\"><li><a href=\"/download/reports\" download id=\"dl-reports\">{}</a></li>\
         <li id=\"li-controle\" hidden><a href=\"/download/controle\" download id=\"dl-controle\">{}</a></li></ul></section>",
        esc(w.later),
        esc(w.later_note),
        esc(w.open_forms),
        esc(w.clear_forms),
        esc(w.open_scores),
        esc(w.dl_reports),
        esc(w.dl_controle),
    );
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-preview\"><h2 id=\"h-preview\">8. {}</h2>\
         <p id=\"preview-status\" role=\"status\" aria-live=\"polite\"></p>\
         <div id=\"preview\" data-preview-seq=\"-1\" data-alt=\"{}\" data-done=\"{}\" data-outdated=\"{}\" \
         data-working=\"{}\" data-rubric=\"{}\" data-form=\"{}\">\
         <div class=\"doc landscape\" id=\"pv-rubric\"></div><div class=\"doc portrait\" id=\"pv-form\"></div></div></section>\
         </main></body></html>",
        esc(w.preview),
        esc(w.page_alt),
        esc(w.preview_done),
        esc(w.outdated),
        esc(w.working),
        esc(w.rubric),
        esc(w.form),
    );
    o
}

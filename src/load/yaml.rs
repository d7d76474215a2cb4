//! YAML parsing with diagnostics: syntax and type errors at file:line:column in the
//! course file's words, unknown fields with "did you mean".

use serde_json::Value;

use crate::diag::{Diagnostic, SourceFile, did_you_mean, list};
use crate::limits;
use crate::locate::{Pos, join_key};
use crate::schema;

/// "unknown field" at the key, with the closest allowed name and the allowed names.
pub(crate) fn unknown_field(
    source: &SourceFile,
    schema: &Value,
    field_path: &str,
) -> Diagnostic {
    let (parent, field) = match field_path.rfind('.') {
        Some(i) => (&field_path[..i], &field_path[i + 1..]),
        None => ("", field_path),
    };
    let expected = schema::fields_at(schema, parent);
    let names: Vec<&str> = expected.iter().map(String::as_str).collect();
    let mut d = source.key_error(field_path, format!("unknown field `{field}`"));
    if let Some(h) = did_you_mean(field, names.iter().copied()) {
        d = d.hint(h);
    }
    if !names.is_empty() {
        d = d.hint(format!("allowed here: {}", list(&names)));
    }
    d
}

/// Turn a serde_yaml error into a located diagnostic.
pub(crate) fn yaml_error(source: &SourceFile, e: &serde_yaml::Error) -> Diagnostic {
    let text = e.to_string();
    let message = match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text.clone(),
    };
    let (message, hint) = explain_yaml_message(&message);
    let mut d = Diagnostic::error(message.clone()).in_file(&source.path);
    let duplicate =
        duplicate_field_path(&message).and_then(|p| source.index.find_key(&p));
    let alias = text
        .contains("repetition limit exceeded")
        .then(|| limits::first_alias(&source.text))
        .flatten();
    if let Some(pos) = duplicate.or(alias) {
        d = d.at(&source.text, pos);
    } else if let Some(loc) = e.location() {
        d = d.at(&source.text, Pos { line: loc.line(), column: loc.column(), len: 1 });
    }
    let tab_on_line = d.excerpt.as_ref().is_some_and(|l| l.contains('\t'));
    match hint {
        Some(h) => d.hint(h),
        None if tab_on_line => {
            d.hint("this line has a tab: indent with spaces, not tabs")
        }
        None => d,
    }
}

/// For "a.b: duplicate field `c`", the path `a.b.c` (the index holds its last occurrence).
fn duplicate_field_path(message: &str) -> Option<String> {
    let (prefix, field) = message
        .split_once("duplicate field `")
        .map(|(p, f)| (p, f.split('`').next().unwrap_or_default()))
        .or_else(|| {
            message
                .split_once("duplicate entry with key \"")
                .map(|(p, f)| (p, f.split('"').next().unwrap_or_default()))
        })?;
    let parent = prefix.trim_end().trim_end_matches(':');
    Some(join_key(parent, field))
}

/// Make serde's wording a little friendlier and add a hint where we know one.
pub(crate) fn explain_yaml_message(message: &str) -> (String, Option<String>) {
    let message = message
        .replace("invalid type: ", "wrong kind of value: ")
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a sequence", "expected a list such as `[a, b]`")
        .replace(
            "expected struct StudentEntry",
            "expected a student: `{ number: …, first_name: …, last_name: … }`",
        )
        .replace(
            "expected struct Level",
            "expected a level: `{ id: …, label: …, points: … }`",
        )
        .replace("expected struct FrameworkRef", "expected `id: …` (and `version: …`)")
        .replace(
            "expected struct Course",
            "expected a course file of `key: value` fields",
        )
        .replace(
            "expected struct Framework",
            "expected a framework file of `key: value` fields",
        )
        .replace(
            "expected struct Grading",
            "expected the grading settings as `key: value` fields, such as `pass_grade: 5.5`",
        )
        .replace(
            "expected struct Forms",
            "expected the form settings as `key: value` fields, such as `instructions: …`",
        )
        .replace(
            "expected struct SheetSettings",
            "expected the sheet settings as `key: value` fields",
        )
        .replace("expected unit", "expected a plain value")
        .replace("Value::Tagged", "a tagged value (`!tag`)")
        .replace("wrong kind of value: enum,", "wrong kind of value: a tagged value (`!tag`),")
        .replace("wrong kind of value: sequence,", "wrong kind of value: a list,")
        .replace("wrong kind of value: map,", "wrong kind of value: `key: value` fields,");
    // Any other Rust type name: say what it is in the file's words.
    let message = match message.split_once("expected struct ") {
        Some((before, after)) => {
            let rest =
                after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            format!("{before}expected `key: value` fields{rest}")
        }
        None => message,
    };
    let message = if message.contains("repetition limit exceeded") {
        "anchors and aliases (`&name` … `*name`) expand to too much data".to_owned()
    } else if message.contains("recursion limit exceeded") {
        "the lists and maps here are nested too deeply".to_owned()
    } else {
        message
    };
    let hint = if message.contains("anchors and aliases") {
        Some(ALIAS_HINT)
    } else if message.contains("tagged value") {
        Some("YAML tags (`!name`) have no meaning in meetlat's files; remove the `!…`")
    } else if message.contains("nested too deeply") {
        Some("look for unclosed `[` or `{`, or indentation that keeps growing")
    } else if message.contains("missing field") {
        Some("add the field; see `meetlat schema course` or examples/stage.yaml")
    } else if message.contains("tab character") {
        Some("indent with spaces, not tabs")
    } else if message.contains("did not find expected")
        || message.contains("mapping values")
    {
        Some("check the indentation (spaces, not tabs) and the `key: value` layout")
    } else if message.contains("unknown variant") {
        Some("use one of the values listed above")
    } else if message.contains("duplicate entry") {
        Some("each key may appear once; remove or merge the other one")
    } else if message.contains("duplicate field") {
        Some("each field may appear once; remove or merge the other one")
    } else {
        None
    };
    (message, hint.map(str::to_owned))
}

/// Our path notation (`outcomes[1].only[0]`) for a serde_ignored path.
pub(crate) fn path_string(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match path {
        P::Root => String::new(),
        P::Seq { parent, index } => format!("{}[{index}]", path_string(parent)),
        P::Map { parent, key } => join_key(&path_string(parent), key),
        P::Some { parent }
        | P::NewtypeStruct { parent }
        | P::NewtypeVariant { parent } => path_string(parent),
    }
}

/// Why aliases that expand too much are refused, and what to do.
pub(crate) const ALIAS_HINT: &str = "each `*name` copies everything `&name` marks, and aliases inside \
    anchors multiply; write the values out or use fewer aliases (shown: the first alias \
    in the file)";

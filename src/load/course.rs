//! Course files parsed field by field (stage: load), so that every problem is reported
//! at once: a wrong value in one field does not hide a wrong value in another, nor the
//! checks of later stages. A field that cannot be read is reported, replaced by its
//! default (or an empty text) and marked as repaired; validation then skips it.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, SourceFile};
use crate::locate::{Pos, join_key};
use crate::model::Course;
use crate::model::course::Forms;
use crate::model::course::{
    FrameworkRef, Grading, Level, OutcomeChoice, SheetSettings, StudentEntry,
};

/// The fields a course file must have.
pub const REQUIRED: &[&str] = &["code", "name", "academic_year", "period", "institution"];

/// The result of reading a course file's YAML.
pub struct CourseParse {
    /// The course, with unreadable fields replaced; `None` when the YAML itself is broken.
    pub course: Option<Course>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Top-level fields that were replaced because they could not be read.
    pub repaired: BTreeSet<String>,
}

/// Read a course file's YAML.
pub fn parse_course(source: &SourceFile, schema: &serde_json::Value) -> CourseParse {
    let mut out =
        CourseParse { course: None, diagnostics: Vec::new(), repaired: BTreeSet::new() };
    let value: Value = match serde_yaml::from_str(&source.text) {
        Ok(v) => v,
        Err(e) => {
            out.diagnostics.push(super::yaml::yaml_error(source, &e));
            return out;
        }
    };
    let Value::Mapping(mut map) = value else {
        out.diagnostics.push(
            Diagnostic::error("a course file is a list of `key: value` fields")
                .in_file(&source.path)
                .at(&source.text, Pos { line: 1, column: 1, len: 1 })
                .hint("start with `code: …`, `name: …`; see examples/stage.yaml"),
        );
        return out;
    };
    let mut ctx =
        Ctx { source, diags: &mut out.diagnostics, repaired: &mut out.repaired };

    normalise(&mut map);
    for key in REQUIRED {
        match map.get(*key) {
            None => {
                ctx.diags.push(
                    Diagnostic::error(format!("missing field `{key}`"))
                        .in_file(&source.path)
                        .at(&source.text, Pos { line: 1, column: 1, len: 1 })
                        .hint(format!("add `{key}: …`; see examples/stage.yaml")),
                );
                map.insert((*key).into(), Value::String(String::new()));
                ctx.repaired.insert((*key).to_owned());
            }
            Some(Value::Null) => {
                ctx.diags.push(source.error(key, format!("`{key}` is empty")));
                map.insert((*key).into(), Value::String(String::new()));
                ctx.repaired.insert((*key).to_owned());
            }
            _ => {}
        }
    }

    let keys: Vec<String> =
        map.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect();
    for key in keys {
        let value = map.get(key.as_str()).cloned().unwrap_or(Value::Null);
        let ok = match key.as_str() {
            "code" | "name" | "academic_year" | "period" | "institution" => {
                ctx.check::<String>(&key, &value)
            }
            "date" => ctx.check::<Option<String>>(&key, &value),
            "examiners" => ctx.items::<String>(&key, &value),
            "language" => ctx.check::<crate::model::Language>(&key, &value),
            "framework" => ctx.check::<FrameworkRef>(&key, &value),
            "outcomes" => match &value {
                Value::String(s) if s == "all" => true,
                Value::Sequence(_) => ctx.items::<OutcomeChoice>(&key, &value),
                Value::String(s) => {
                    ctx.diags.push(
                        source
                            .error(
                                &key,
                                format!(
                                    "`outcomes` is `{s}`; it must be `all` or a list"
                                ),
                            )
                            .hint(format!(
                                "write `outcomes: all`, or a list such as `[{s}]`"
                            )),
                    );
                    false
                }
                _ => ctx.check::<Vec<OutcomeChoice>>(&key, &value),
            },
            "weights" => ctx.map_entries::<f64>(&key, &mut map),
            "scale" => ctx.items::<Level>(&key, &value),
            "descriptors" => ctx.check::<std::collections::BTreeMap<
                String,
                std::collections::BTreeMap<String, String>,
            >>(&key, &value),
            "grading" => ctx.struct_fields::<Grading>(&key, &mut map),
            "forms" => ctx.struct_fields::<Forms>(&key, &mut map),
            "sheet" => ctx.struct_fields::<SheetSettings>(&key, &mut map),
            "assessment" => {
                ctx.struct_fields::<crate::model::course::Assessment>(&key, &mut map)
            }
            "students" => match &value {
                Value::Sequence(_) => ctx.items::<StudentEntry>(&key, &value),
                Value::Null => {
                    map.remove(key.as_str());
                    true
                }
                _ => ctx.check::<String>(&key, &value),
            },
            _ => true, // unknown fields are reported below
        };
        if !ok {
            if REQUIRED.contains(&key.as_str()) {
                map.insert(key.as_str().into(), Value::String(String::new()));
            } else if key != "weights"
                && key != "grading"
                && key != "forms"
                && key != "sheet"
                && key != "assessment"
            {
                map.remove(key.as_str());
            }
            ctx.repaired.insert(key);
        }
    }

    let mut unknown = Vec::new();
    let result: Result<Course, _> =
        serde_ignored::deserialize(Value::Mapping(map), |p| {
            unknown.push(super::yaml::path_string(&p))
        });
    for field_path in unknown {
        out.diagnostics.push(super::yaml::unknown_field(source, schema, &field_path));
    }
    match result {
        Ok(course) => out.course = Some(course),
        Err(e) => {
            let (message, hint) = super::yaml::explain_yaml_message(&e.to_string());
            let mut d = Diagnostic::error(message).in_file(&source.path);
            if let Some(h) = hint {
                d = d.hint(h);
            }
            out.diagnostics.push(d);
        }
    }
    out
}

/// Accept what teachers write: a number as a text (`period: 1`), one examiner without a
/// list, `language: NL`.
fn normalise(map: &mut Mapping) {
    for key in REQUIRED.iter().chain(&["date"]) {
        if let Some(v) = map.get_mut(*key) {
            match v {
                Value::Number(n) => *v = Value::String(n.to_string()),
                Value::Bool(b) => *v = Value::String(b.to_string()),
                _ => {}
            }
        }
    }
    if let Some(v) = map.get_mut("examiners")
        && let Value::String(s) = v
    {
        *v = Value::Sequence(vec![Value::String(s.clone())]);
    }
    if let Some(Value::String(s)) = map.get_mut("language") {
        *s = s.to_lowercase();
    }
}

/// Shared state while checking fields.
struct Ctx<'a> {
    source: &'a SourceFile,
    diags: &'a mut Vec<Diagnostic>,
    repaired: &'a mut BTreeSet<String>,
}

impl Ctx<'_> {
    /// Deserialize `value` as `T`; report a failure at `path`.
    fn check<T: DeserializeOwned>(&mut self, path: &str, value: &Value) -> bool {
        match serde_yaml::from_value::<T>(value.clone()) {
            Ok(_) => true,
            Err(e) => {
                self.diags.push(self.located(path, value, &e.to_string()));
                false
            }
        }
    }

    /// Check every element of a list separately.
    fn items<T: DeserializeOwned>(&mut self, path: &str, value: &Value) -> bool {
        match value {
            Value::Sequence(items) => {
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    ok &= self.check::<T>(&format!("{path}[{i}]"), item);
                }
                ok
            }
            _ => self.check::<Vec<T>>(path, value),
        }
    }

    /// Check every entry of a map of `T`; drop the entries that fail.
    fn map_entries<T: DeserializeOwned>(&mut self, key: &str, map: &mut Mapping) -> bool {
        let Some(Value::Mapping(entries)) = map.get_mut(key) else {
            let value = map.get(key).cloned().unwrap_or(Value::Null);
            if self.check::<std::collections::BTreeMap<String, T>>(key, &value) {
                return true;
            }
            // Reported here with its location: the course is read without it, so the
            // same problem is not reported again, unlocated, by the whole-file read.
            map.remove(key);
            return false;
        };
        let mut ok = true;
        let names: Vec<Value> = entries.keys().cloned().collect();
        for name in names {
            let value = entries.get(&name).cloned().unwrap_or(Value::Null);
            let label = name.as_str().map(str::to_owned).unwrap_or_default();
            if !self.check::<T>(&join_key(key, &label), &value) {
                entries.remove(&name);
                ok = false;
            }
        }
        if !ok {
            self.repaired.insert(key.to_owned());
        }
        true
    }

    /// Check each field of a struct whose fields all have defaults; drop the failures.
    fn struct_fields<T: DeserializeOwned>(
        &mut self,
        key: &str,
        map: &mut Mapping,
    ) -> bool {
        let Some(Value::Mapping(fields)) = map.get_mut(key) else {
            let value = map.get(key).cloned().unwrap_or(Value::Null);
            if self.check::<T>(key, &value) {
                return true;
            }
            map.remove(key);
            return true;
        };
        let names: Vec<Value> = fields.keys().cloned().collect();
        for name in names {
            let mut single = Mapping::new();
            single
                .insert(name.clone(), fields.get(&name).cloned().unwrap_or(Value::Null));
            let label = name.as_str().map(str::to_owned).unwrap_or_default();
            let value = Value::Mapping(single);
            if serde_yaml::from_value::<T>(value.clone()).is_err() {
                let inner = fields.get(&name).cloned().unwrap_or(Value::Null);
                let err = serde_yaml::from_value::<T>(value)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                self.diags.push(self.located(&join_key(key, &label), &inner, &err));
                fields.remove(&name);
                self.repaired.insert(join_key(key, &label));
            }
        }
        true
    }

    /// A diagnostic for serde's message about `value` at `path`, located as precisely as
    /// the message allows (the offending value inside a list element or struct).
    fn located(&self, path: &str, value: &Value, message: &str) -> Diagnostic {
        if let Value::Tagged(tagged) = value {
            return self
                .source
                .error(
                    path,
                    format!(
                        "`{}` is a YAML tag, and meetlat's files use none",
                        tagged.tag
                    ),
                )
                .hint(format!("remove `{}` and keep the value after it", tagged.tag));
        }
        let (text, hint) = super::yaml::explain_yaml_message(message);
        let inner = offending_child(value, message).map(|k| join_key(path, &k));
        let target = inner.as_deref().unwrap_or(path);
        let mut d = self.source.error(target, text);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        if message.contains("expected f64") || message.contains("expected i64") {
            let offending = message
                .split_once("string \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or("", |(v, _)| v);
            if offending.contains('%') {
                d = d.hint("write a plain number without `%`: 50% is 0.5");
            } else if offending.contains(',') {
                d = d.hint("write decimals with a point: 5.5, not 5,5");
            } else if offending.parse::<f64>().is_ok() {
                d = d.hint(format!("leave out the quotes: {offending}"));
            }
        }
        if message.contains("expected a boolean") {
            d = d.hint("write `true` or `false`");
        }
        d
    }
}

/// The key of a mapping whose scalar value serde complained about, or the missing field.
fn offending_child(value: &Value, message: &str) -> Option<String> {
    let Value::Mapping(map) = value else { return None };
    let quoted = message
        .split_once("string \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.to_owned())
        .or_else(|| {
            message
                .split_once('`')
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(v, _)| v.to_owned())
        })?;
    map.iter().find_map(|(k, v)| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        (text == quoted).then(|| k.as_str().map(str::to_owned)).flatten()
    })
}

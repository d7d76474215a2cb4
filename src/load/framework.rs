//! Framework files checked field by field against the framework schema (stage: load), so
//! that every problem is reported at once, each at its line:column: an unknown field, a
//! value of the wrong kind or a missing field does not hide the next one. A value that
//! cannot be read is reported and replaced by an empty one of the right kind; its path is
//! marked as repaired and validation skips it (and the references that depend on it).
//!
//! The walk is driven by [`crate::schema::framework_schema`], the same schema that
//! `meetlat schema framework` prints, so the editor and meetlat refuse the same things.

use std::collections::BTreeSet;

use serde_json::Value as Schema;
use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, SourceFile};
use crate::locate::{Pos, join_key};
use crate::model::Framework;

/// Where a framework author finds what a field should look like.
pub const SCHEMA_HINT: &str =
    "see `meetlat schema framework` or framework/opbouwwerk-2026.yaml for the layout";

/// The result of reading a framework file's YAML.
pub struct FrameworkParse {
    /// The framework, with unreadable values replaced; `None` when the YAML is broken.
    pub framework: Option<Framework>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths (`outcomes[2].number`) whose values were replaced because they could not
    /// be read.
    pub repaired: BTreeSet<String>,
}

/// Read a framework file's YAML, checking it against `schema`.
pub fn parse_framework(source: &SourceFile, schema: &Schema) -> FrameworkParse {
    let mut out = FrameworkParse {
        framework: None,
        diagnostics: Vec::new(),
        repaired: BTreeSet::new(),
    };
    let mut value: Value = match serde_yaml::from_str(&source.text) {
        Ok(v) => v,
        Err(e) => {
            out.diagnostics.push(super::yaml::yaml_error(source, &e));
            return out;
        }
    };
    if !value.is_mapping() {
        out.diagnostics.push(
            Diagnostic::error("a framework file is a list of `key: value` fields")
                .in_file(&source.path)
                .at(&source.text, Pos { line: 1, column: 1, len: 1 })
                .hint(format!("start with `schema_version: 1`, `id: …`; {SCHEMA_HINT}")),
        );
        return out;
    }
    let mut walk = Walk {
        source,
        root: schema,
        diags: &mut out.diagnostics,
        repaired: &mut out.repaired,
    };
    walk.value("", schema, &mut value);
    match serde_yaml::from_value::<Framework>(value) {
        Ok(fw) => out.framework = Some(fw),
        Err(e) => {
            // Only reached when the schema allows what the model does not.
            let (message, _) = super::yaml::explain_yaml_message(&e.to_string());
            out.diagnostics
                .push(Diagnostic::error(message).in_file(&source.path).hint(SCHEMA_HINT));
        }
    }
    out
}

/// Shared state of the walk.
struct Walk<'a> {
    source: &'a SourceFile,
    root: &'a Schema,
    diags: &'a mut Vec<Diagnostic>,
    repaired: &'a mut BTreeSet<String>,
}

/// The kinds of value a schema node allows.
#[derive(Default)]
struct Kinds {
    string: bool,
    integer: bool,
    number: bool,
    boolean: bool,
    array: bool,
    object: bool,
    null: bool,
}

impl Walk<'_> {
    /// Check `value` at `path` against the schema `node`; repair what cannot be read.
    fn value(&mut self, path: &str, node: &Schema, value: &mut Value) {
        let node = deref(self.root, node);
        if let Value::Tagged(tagged) = value {
            self.diags.push(
                self.source
                    .error(
                        path,
                        format!(
                            "`{}` is a YAML tag, and meetlat's files use none",
                            tagged.tag
                        ),
                    )
                    .hint(format!("remove `{}` and keep the value after it", tagged.tag)),
            );
            *value = tagged.value.clone();
        }
        let kinds = kinds(node);
        let fits = match value {
            Value::Null => kinds.null,
            Value::Bool(_) => kinds.boolean,
            Value::Number(n) => {
                kinds.number || (kinds.integer && (n.is_i64() || n.is_u64()))
            }
            Value::String(_) => kinds.string,
            Value::Sequence(_) => kinds.array,
            Value::Mapping(_) => kinds.object,
            Value::Tagged(_) => false,
        };
        if !fits {
            self.wrong_kind(path, node, &kinds, value);
            *value = empty(self.root, node);
            self.repaired.insert(path.to_owned());
            return;
        }
        match value {
            Value::Number(_) => self.range(path, node, value),
            Value::Sequence(items) => {
                let item_node = node.get("items").unwrap_or(&Schema::Bool(true));
                for (i, item) in items.iter_mut().enumerate() {
                    self.value(&format!("{path}[{i}]"), item_node, item);
                }
            }
            Value::Mapping(map) => self.object(path, node, map),
            _ => {}
        }
    }

    /// A number outside what the schema allows (a negative count, a too large number).
    fn range(&mut self, path: &str, node: &Schema, value: &mut Value) {
        let Value::Number(n) = value else { return };
        let min = node.get("minimum").and_then(Schema::as_f64);
        let max = match node.get("format").and_then(Schema::as_str) {
            Some("uint32") => Some(f64::from(u32::MAX)),
            Some("uint16") => Some(f64::from(u16::MAX)),
            Some("uint8") => Some(f64::from(u8::MAX)),
            _ => node.get("maximum").and_then(Schema::as_f64),
        };
        let v = n.as_f64().unwrap_or(0.0);
        let problem = match (min, max) {
            (Some(min), _) if v < min => Some(format!("it must be {min} or more")),
            (_, Some(max)) if v > max => Some(format!("it must be at most {max}")),
            _ => None,
        };
        if let Some(problem) = problem {
            self.diags.push(
                self.source
                    .error(path, format!("`{}` is {n}; {problem}", last_key(path)))
                    .hint(SCHEMA_HINT),
            );
            *value = empty(self.root, node);
            self.repaired.insert(path.to_owned());
        }
    }

    /// Check the fields of an object: unknown, missing and each value in turn.
    fn object(&mut self, path: &str, node: &Schema, map: &mut Mapping) {
        let props = node.get("properties").and_then(Schema::as_object);
        let extra = node.get("additionalProperties");
        let keys: Vec<Value> = map.keys().cloned().collect();
        for key in keys {
            let name = match &key {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            let field_path = join_key(path, &name);
            let child = props.and_then(|p| p.get(&name)).or(match extra {
                Some(e) if e.is_object() => Some(e),
                _ => None,
            });
            match child {
                Some(child) => {
                    let Some(v) = map.get_mut(&key) else { continue };
                    if v.is_null() && !kinds(deref(self.root, child)).null {
                        let required = is_required(node, &name);
                        self.diags.push(
                            self.source
                                .error(&field_path, format!("`{name}` is empty"))
                                .hint(if required {
                                    format!("write a value after `{name}:`")
                                } else {
                                    format!("write a value after `{name}:`, or remove the line")
                                }),
                        );
                        if required {
                            *v = empty(self.root, child);
                        } else {
                            map.remove(&key);
                        }
                        self.repaired.insert(field_path);
                        continue;
                    }
                    self.value(&field_path, child, v);
                }
                None => {
                    let schema = self.root;
                    self.diags.push(
                        super::yaml::unknown_field(self.source, schema, &field_path)
                            .hint(SCHEMA_HINT),
                    );
                    map.remove(&key);
                }
            }
        }
        let required: Vec<&str> = node
            .get("required")
            .and_then(Schema::as_array)
            .map(|r| r.iter().filter_map(Schema::as_str).collect())
            .unwrap_or_default();
        for name in required {
            if map.contains_key(name) {
                continue;
            }
            let field_path = join_key(path, name);
            let message = format!("missing field `{name}`");
            let d = if path.is_empty() {
                Diagnostic::error(message)
                    .in_file(&self.source.path)
                    .at(&self.source.text, Pos { line: 1, column: 1, len: 1 })
            } else {
                self.source.error(path, message)
            };
            self.diags.push(
                d.hint(format!("add `{name}: …`{}", where_(path))).hint(SCHEMA_HINT),
            );
            let child = props.and_then(|p| p.get(name)).unwrap_or(&Schema::Bool(true));
            map.insert(Value::String(name.to_owned()), empty(self.root, child));
            self.repaired.insert(field_path);
        }
    }

    /// Report a value of the wrong kind, with a hint for the common mistakes.
    fn wrong_kind(&mut self, path: &str, node: &Schema, kinds: &Kinds, value: &Value) {
        let mut d = self.source.error(
            path,
            format!(
                "wrong kind of value for `{}`: expected {}, found {}",
                last_key(path),
                expected(self.root, node, kinds),
                found(value)
            ),
        );
        match value {
            Value::Number(_) | Value::Bool(_) if kinds.string => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                d = d.hint(format!("put it in quotes to make it text: `\"{text}\"`"));
            }
            Value::String(s) if kinds.integer || kinds.number => {
                if s.trim().parse::<f64>().is_ok() {
                    d = d.hint(format!("leave out the quotes: {}", s.trim()));
                } else {
                    d = d.hint("write a number such as 1, 2, 3");
                }
            }
            Value::String(_) if kinds.boolean => {
                d = d.hint("write `true` or `false`");
            }
            Value::String(s) if kinds.array => {
                d = d.hint(format!("write a list, e.g. `[{s}]`"));
            }
            _ => {}
        }
        self.diags.push(d.hint(SCHEMA_HINT));
    }
}

/// ` under `outcomes[2]`` for a nested object, nothing at the top.
fn where_(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!(" under `{path}`") }
}

/// The last key of a path (`number` for `outcomes[2].number`), or the path itself.
fn last_key(path: &str) -> &str {
    if path.ends_with(']') {
        return path;
    }
    path.rsplit('.').next().unwrap_or(path)
}

/// Follow `$ref`s (within the root schema).
fn deref<'s>(root: &'s Schema, mut node: &'s Schema) -> &'s Schema {
    for _ in 0..16 {
        let Some(r) = node.get("$ref").and_then(Schema::as_str) else { break };
        let target = r
            .strip_prefix("#/")
            .and_then(|p| p.split('/').try_fold(root, |v, k| v.get(k)));
        match target {
            Some(t) => node = t,
            None => break,
        }
    }
    node
}

/// The kinds of value a node allows; a node that says nothing allows everything.
fn kinds(node: &Schema) -> Kinds {
    let mut k = Kinds::default();
    let types: Vec<&str> = match node.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(ts)) => ts.iter().filter_map(Schema::as_str).collect(),
        _ => {
            if node.get("properties").is_some() {
                vec!["object"]
            } else {
                vec!["string", "integer", "number", "boolean", "array", "object", "null"]
            }
        }
    };
    for t in types {
        match t {
            "string" => k.string = true,
            "integer" => k.integer = true,
            "number" => k.number = true,
            "boolean" => k.boolean = true,
            "array" => k.array = true,
            "object" => k.object = true,
            "null" => k.null = true,
            _ => {}
        }
    }
    k
}

/// Whether `name` is a required field of the object `node`.
fn is_required(node: &Schema, name: &str) -> bool {
    node.get("required")
        .and_then(Schema::as_array)
        .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(name)))
}

/// What the schema expects, in the file's words.
fn expected(root: &Schema, node: &Schema, k: &Kinds) -> String {
    let mut words = Vec::new();
    if k.string {
        words.push("text".to_owned());
    }
    if k.integer && !k.number {
        words.push("a whole number".to_owned());
    }
    if k.number {
        words.push("a number".to_owned());
    }
    if k.boolean {
        words.push("`true` or `false`".to_owned());
    }
    if k.array {
        let item = node.get("items").map(|i| deref(root, i));
        let what = item.map(kinds).map_or("", |ik| {
            if ik.object {
                " of `key: value` items"
            } else if ik.string {
                " of texts"
            } else {
                ""
            }
        });
        words.push(format!("a list{what}"));
    }
    if k.object {
        let required: Vec<String> = node
            .get("required")
            .and_then(Schema::as_array)
            .map(|r| {
                r.iter().filter_map(Schema::as_str).map(|s| format!("`{s}: …`")).collect()
            })
            .unwrap_or_default();
        if required.is_empty() {
            words.push("`key: value` fields".to_owned());
        } else {
            let names: Vec<&str> = required.iter().map(String::as_str).collect();
            words.push(format!("`key: value` fields ({})", names.join(", ")));
        }
    }
    if k.null && words.is_empty() {
        words.push("nothing".to_owned());
    }
    match words.len() {
        0 => "another value".to_owned(),
        1 => words.remove(0),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {last}", words.join(", "))
        }
    }
}

/// What the file has, in its words.
fn found(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "`key: value` fields".to_owned(),
        Value::Tagged(t) => format!("a tagged value (`{}`)", t.tag),
    }
}

/// An empty value of the kind `node` describes, with its required fields, so that the
/// model can be built and validation can go on.
fn empty(root: &Schema, node: &Schema) -> Value {
    let node = deref(root, node);
    if let Some(default) = node.get("default")
        && let Ok(v) = serde_yaml::to_value(default)
    {
        return v;
    }
    let k = kinds(node);
    if k.null {
        Value::Null
    } else if k.string {
        Value::String(String::new())
    } else if k.integer || k.number {
        Value::Number(0.into())
    } else if k.boolean {
        Value::Bool(false)
    } else if k.array {
        Value::Sequence(Vec::new())
    } else {
        let mut map = Mapping::new();
        let props = node.get("properties");
        if let Some(required) = node.get("required").and_then(Schema::as_array) {
            for name in required.iter().filter_map(Schema::as_str) {
                let child =
                    props.and_then(|p| p.get(name)).unwrap_or(&Schema::Bool(true));
                map.insert(Value::String(name.to_owned()), empty(root, child));
            }
        }
        Value::Mapping(map)
    }
}

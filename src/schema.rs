//! JSON Schemas of the course and framework files, derived from the model, for editors
//! (VS Code's YAML extension) and for "unknown field" hints.

use schemars::JsonSchema;
use serde_json::Value;

use crate::model::{Course, Framework};

/// The JSON Schema of a course file.
pub fn course_schema() -> Value {
    schema_of::<Course>("meetlat course file")
}

/// The JSON Schema of a framework file. Strict: every object refuses fields it does not
/// name (`additionalProperties: false`), as meetlat does, so an editor flags them too.
pub fn framework_schema() -> Value {
    let mut schema = schema_of::<Framework>("meetlat framework file");
    close_objects(&mut schema);
    schema
}

/// Add `additionalProperties: false` to every object with named properties that does not
/// say otherwise.
fn close_objects(node: &mut Value) {
    match node {
        Value::Object(obj) => {
            if obj.contains_key("properties") && !obj.contains_key("additionalProperties")
            {
                obj.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (key, child) in obj.iter_mut() {
                // Defaults and examples are data, not schemas.
                if key != "default"
                    && key != "examples"
                    && key != "const"
                    && key != "enum"
                {
                    close_objects(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

fn schema_of<T: JsonSchema>(title: &str) -> Value {
    let mut value =
        schemars::SchemaGenerator::default().into_root_schema_for::<T>().to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), Value::String(title.into()));
    }
    value
}

/// The property names allowed in the object at `path` (`outcomes[1].only`), used to
/// suggest a field name when the user typed an unknown one.
pub fn fields_at(schema: &Value, path: &str) -> Vec<String> {
    let mut nodes = vec![schema];
    for segment in split_path(path) {
        let mut next = Vec::new();
        for node in nodes {
            for node in expand(schema, node) {
                let child = match &segment {
                    Segment::Key(k) => {
                        node.get("properties").and_then(|p| p.get(k)).or_else(|| {
                            node.get("additionalProperties").filter(|v| v.is_object())
                        })
                    }
                    Segment::Index => node.get("items"),
                };
                next.extend(child);
            }
        }
        nodes = next;
    }
    let mut fields: Vec<String> = nodes
        .into_iter()
        .flat_map(|n| expand(schema, n))
        .filter_map(|n| n.get("properties").and_then(Value::as_object))
        .flat_map(|props| props.keys().cloned())
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// Resolve `$ref` and open up `oneOf`/`anyOf`/`allOf` alternatives.
fn expand<'a>(root: &'a Value, node: &'a Value) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(r) = n.get("$ref").and_then(Value::as_str) {
            let target = r
                .strip_prefix("#/")
                .map(|p| p.split('/').try_fold(root, |v, k| v.get(k)));
            if let Some(Some(t)) = target {
                stack.push(t);
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(alts) = n.get(key).and_then(Value::as_array) {
                stack.extend(alts);
            }
        }
        out.push(n);
    }
    out
}

enum Segment {
    Key(String),
    Index,
}

fn split_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            out.push(Segment::Key(key.to_owned()));
        }
        out.extend(pieces.map(|_| Segment::Index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_through_refs_and_alternatives() {
        let schema = course_schema();
        let top = fields_at(&schema, "");
        assert!(top.contains(&"academic_year".to_owned()));
        let choice = fields_at(&schema, "outcomes[0]");
        assert_eq!(choice, ["except", "id", "only"]);
        assert!(fields_at(&schema, "grading").contains(&"pass_level".to_owned()));
        assert!(fields_at(&schema, "scale[2]").contains(&"points".to_owned()));
    }

    #[test]
    fn the_framework_schema_refuses_unknown_fields_everywhere() {
        fn walk(node: &Value, at: &str) {
            if let Some(obj) = node.as_object() {
                if obj.contains_key("properties") {
                    assert_eq!(
                        obj.get("additionalProperties"),
                        Some(&Value::Bool(false)),
                        "{at}"
                    );
                }
                for (k, v) in obj {
                    if k != "default" {
                        walk(v, &format!("{at}/{k}"));
                    }
                }
            }
        }
        let schema = framework_schema();
        walk(&schema, "#");
        assert_eq!(
            schema["$defs"]["Outcome"]["additionalProperties"],
            Value::Bool(false)
        );
    }
}

//! Whole runs of the binary, as a user types them.

use crate::{meetlat, root};

#[test]
fn example_course_checks_clean() {
    let run = meetlat(&root(), &["check", "examples/stage.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("leeruitkomsten: 6, gedragsindicatoren: 42"));
    assert!(run.stdout.contains("studenten: 30"));
}

#[test]
fn students_option_replaces_the_course_list() {
    let run = meetlat(
        &root(),
        &[
            "check",
            "examples/stage.yaml",
            "--students",
            "tests/fixtures/students/canvas.csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("studenten: 3"), "{}", run.stdout);
}

#[test]
fn missing_course_file_is_invalid_input_with_a_hint() {
    let run = meetlat(&root(), &["check", "examples/bestaat-niet.yaml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot read course file `examples/bestaat-niet.yaml`"));
    assert!(run.stderr.contains("hint: the file does not exist"));
}

#[test]
fn framework_show_lists_every_outcome_and_indicator() {
    let run = meetlat(&root(), &["framework", "show"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for n in 1..=6 {
        assert!(
            run.stdout.contains(&format!("LU{n} Leeruitkomst {n}:")),
            "LU{n} missing"
        );
    }
    for g in 1..=27 {
        assert!(run.stdout.contains(&format!("G{g:02}  Je ")), "G{g:02} missing");
    }
}

#[test]
fn framework_show_json_has_exactly_the_documented_keys() {
    let run = meetlat(&root(), &["framework", "show", "--json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        [
            "competencies",
            "core_tasks",
            "id",
            "indicators",
            "outcomes",
            "pass_level",
            "scale",
            "task_areas",
            "terms",
            "title",
            "version"
        ]
    );
    assert_eq!(keys(&json["task_areas"][0]), ["id", "title"]);
    assert_eq!(keys(&json["competencies"][0]), ["generic", "id", "task_area", "title"]);
    assert_eq!(keys(&json["core_tasks"][0]), ["description", "id", "title"]);
    assert_eq!(
        keys(&json["outcomes"][0]),
        [
            "competencies",
            "core_task",
            "description",
            "id",
            "indicators",
            "number",
            "title"
        ]
    );
    assert_eq!(keys(&json["indicators"][0]), ["descriptors", "id", "text"]);
    assert_eq!(json["outcomes"].as_array().map(Vec::len), Some(6));
    assert_eq!(json["indicators"].as_array().map(Vec::len), Some(27));
}

#[test]
fn framework_option_loads_another_framework_file() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("framework/opbouwwerk-2026.yaml")).unwrap();
    let other = text.replace("version: \"2026-03\"", "version: \"2027-01\"");
    let path = dir.path().join("kader.yaml");
    std::fs::write(&path, other).unwrap();
    let run =
        meetlat(&root(), &["framework", "show", "--framework", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("versie 2027-01"));
    // The example course names version 2026-03: a warning, not an error.
    let run = meetlat(
        &root(),
        &["check", "examples/stage.yaml", "--framework", path.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("warning: this course was written for version `2026-03`")
    );
}

#[test]
fn schema_command_prints_the_shipped_course_schema() {
    let run = meetlat(&root(), &["schema", "course"]);
    assert_eq!(run.code, 0);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/course.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        printed, shipped,
        "examples/course.schema.json is stale: run `meetlat schema course > examples/course.schema.json`"
    );
    assert!(printed["properties"]["outcomes"].is_object());
    let run = meetlat(&root(), &["schema", "framework"]);
    let fw: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(fw["properties"]["indicators"].is_object());
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("framework/framework.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        fw, shipped,
        "framework/framework.schema.json is stale: run `meetlat schema framework > framework/framework.schema.json`"
    );
    // Strict, as meetlat is: an editor flags every field meetlat would refuse.
    assert_eq!(fw["additionalProperties"], serde_json::Value::Bool(false));
    assert_eq!(
        fw["$defs"]["Indicator"]["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}

#[test]
fn help_names_the_commands() {
    let run = meetlat(&root(), &["--help"]);
    assert_eq!(run.code, 0);
    for cmd in ["check", "framework", "schema"] {
        assert!(run.stdout.contains(cmd), "{cmd} missing from help");
    }
    let run = meetlat(&root(), &["chek"]);
    assert_eq!(run.code, 2, "a usage error is not invalid input");
}

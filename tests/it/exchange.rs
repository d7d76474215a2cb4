//! `meetlat framework check FILE` and `meetlat framework export --format canvas|moodle`.

use std::collections::{BTreeMap, BTreeSet};

use meetlat::exchange::{self, Format};
use meetlat::load_framework;
use meetlat::model::course::{Grading, default_scale};

use crate::{meetlat, root};

const BUILT_IN: &str = "framework/opbouwwerk-2026.yaml";

/// Every record of a CSV text, the header included.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

fn export(format: &str) -> String {
    let run = meetlat(&root(), &["framework", "export", "--format", format]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn framework_check_prints_the_summary_of_a_valid_file() {
    let run = meetlat(&root(), &["framework", "check", BUILT_IN]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "");
    let show = meetlat(&root(), &["framework", "show"]);
    assert_eq!(run.stdout, show.stdout, "the same summary as `framework show`");
}

#[test]
fn framework_check_reports_every_problem_of_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(BUILT_IN)).unwrap();
    // Two different problems: an outcome in a core task that does not exist, and an
    // indicator renamed away from the outcomes that name it.
    let broken = text
        .replacen("    core_task: KT2\n", "    core_task: KT9\n", 1)
        .replacen("  - id: G05\n", "  - id: G05x\n", 1);
    assert_ne!(broken, text);
    let file = dir.path().join("kapot.yaml");
    std::fs::write(&file, broken).unwrap();
    let run = meetlat(dir.path(), &["framework", "check", "kapot.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("unknown core task `KT9`"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown indicator `G05`"), "{}", run.stderr);
    assert!(run.stderr.contains("--> kapot.yaml:"), "{}", run.stderr);
    assert!(run.stderr.contains("error: 3 problem(s) found"), "{}", run.stderr);

    let missing = meetlat(dir.path(), &["framework", "check", "bestaat-niet.yaml"]);
    assert_eq!(missing.code, 1, "{}", missing.transcript());
    assert!(missing.stderr.contains("cannot read framework file"), "{}", missing.stderr);
}

#[test]
fn canvas_export_has_every_outcome_and_indicator_linked_to_its_groups() {
    let (fw, _) = load_framework(None).unwrap();
    let text = export("canvas");
    assert!(text.starts_with(
        "vendor_guid,object_type,title,description,display_name,calculation_method,\
         calculation_int,parent_guids,workflow_state,mastery_points,ratings,,,,,,,\r\n"
    ));
    let rows = records(&text);
    let (header, rows) = rows.split_first().unwrap();
    assert_eq!(header.len(), 10 + 2 * 4, "ratings: points and label per level");
    // The framework, two core tasks, six outcomes as groups; 27 indicators as outcomes.
    let groups: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "group").collect();
    let outcomes: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "outcome").collect();
    assert_eq!(groups.len(), 1 + fw.core_tasks.len() + fw.outcomes.len());
    assert_eq!(outcomes.len(), fw.indicators.len());
    assert_eq!(rows.len(), 36);

    // Unique ids without spaces; parents are groups on earlier rows.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut earlier_groups: BTreeSet<&str> = BTreeSet::new();
    for r in rows {
        assert_eq!(r.len(), header.len());
        assert!(!r[0].contains(' '), "{}", r[0]);
        assert!(seen.insert(&r[0]), "duplicate vendor_guid {}", r[0]);
        for p in r[7].split_whitespace() {
            assert!(earlier_groups.contains(p), "{} before its parent {p}", r[0]);
        }
        assert_eq!(r[8], "active");
        if r[1] == "group" {
            earlier_groups.insert(&r[0]);
            assert_eq!(
                r[4..7],
                ["", "", ""],
                "no display name or calculation for groups"
            );
            assert_eq!(r[9], "");
            assert!(r[10..].iter().all(String::is_empty));
        }
    }
    assert_eq!(groups[0][0], "opbouwwerk-2026");
    assert_eq!(groups[0][7], "");
    // The outcome groups sit under their core tasks.
    for o in &fw.outcomes {
        let g =
            groups.iter().find(|g| g[0] == format!("opbouwwerk-2026.{}", o.id)).unwrap();
        assert_eq!(g[7], format!("opbouwwerk-2026.{}", o.core_task.as_deref().unwrap()));
        assert!(g[2].starts_with(&o.id));
        assert_eq!(g[3], o.description);
    }
    // Each indicator once, under every outcome that has it: 42 links in all.
    let mut links = 0;
    for i in &fw.indicators {
        let row = outcomes
            .iter()
            .find(|r| r[0] == format!("opbouwwerk-2026.{}", i.id))
            .unwrap_or_else(|| panic!("{} exported", i.id));
        assert_eq!(row[3], i.text);
        assert_eq!(row[4], i.id);
        assert_eq!(row[5], "latest");
        assert_eq!(row[6], "");
        let expected: Vec<String> = fw
            .outcomes
            .iter()
            .filter(|o| o.indicators.contains(&i.id))
            .map(|o| format!("opbouwwerk-2026.{}", o.id))
            .collect();
        assert_eq!(row[7], expected.join(" "));
        links += expected.len();
        assert_eq!(row[9], "2", "mastery at `voldoende`");
        assert_eq!(
            row[10..],
            ["4", "Excellent", "3", "Goed", "2", "Voldoende", "1", "Onvoldoende"]
        );
    }
    assert_eq!(links, 42);
}

#[test]
fn moodle_export_is_one_framework_with_a_competency_per_placement() {
    let (fw, _) = load_framework(None).unwrap();
    let text = export("moodle");
    assert!(text.starts_with(
        "Parent id number,Id number,Shortname,Description,Description format,Scale values,\
         Scale configuration,Rule type (optional),Rule outcome (optional),\
         Rule config (optional),Cross referenced competency id numbers,\
         Exported id (optional),Is framework,Taxonomy\r\n"
    ));
    let rows = records(&text);
    let (header, rows) = rows.split_first().unwrap();
    assert_eq!(header.len(), 14);
    assert!(rows.iter().all(|r| r.len() == 14));

    let frameworks: Vec<&Vec<String>> = rows.iter().filter(|r| r[12] == "1").collect();
    assert_eq!(frameworks.len(), 1);
    let f = frameworks[0];
    assert_eq!(f[1], "opbouwwerk-2026");
    assert_eq!(f[5], "Onvoldoende,Voldoende,Goed,Excellent");
    let config: serde_json::Value = serde_json::from_str(&f[6]).unwrap();
    let config = config.as_array().unwrap();
    assert_eq!(config.len(), 1 + 4);
    assert!(config[0].get("scaleid").is_some());
    let proficient: Vec<u64> =
        config[1..].iter().map(|c| c["proficient"].as_u64().unwrap()).collect();
    assert_eq!(proficient, [0, 1, 1, 1]);
    let default: Vec<u64> =
        config[1..].iter().map(|c| c["scaledefault"].as_u64().unwrap()).collect();
    assert_eq!(default, [0, 1, 0, 0]);
    assert_eq!(f[13], "domain,outcome,behaviour");

    // Two core tasks, six outcomes, 42 indicator placements.
    let competencies: Vec<&Vec<String>> =
        rows.iter().filter(|r| r[12].is_empty()).collect();
    assert_eq!(competencies.len(), 2 + 6 + 42);
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &competencies {
        assert!(ids.insert(&r[1], ids.len()).is_none(), "duplicate id number {}", r[1]);
        assert!(r[1].chars().count() <= 100 && r[2].chars().count() <= 100);
        assert_eq!(r[4], "1");
        assert!(r[3].starts_with("<p>") && r[3].ends_with("</p>"));
        let d = if r[0].is_empty() {
            1
        } else {
            depth
                .get(r[0].as_str())
                .unwrap_or_else(|| panic!("parent of {} earlier", r[1]))
                + 1
        };
        depth.insert(&r[1], d);
    }
    assert_eq!(depth.values().max(), Some(&3), "three levels, as the taxonomy says");
    for o in &fw.outcomes {
        let row = competencies.iter().find(|r| r[1] == o.id).unwrap();
        assert_eq!(Some(&row[0]), o.core_task.as_ref());
        for g in &o.indicators {
            let id = exchange::moodle_placement(&o.id, g);
            let row = competencies.iter().find(|r| r[1] == id).unwrap();
            assert_eq!(row[0], o.id);
            assert!(row[2].starts_with(g.as_str()));
            // Cross-references: the other placements of the same indicator.
            let others: Vec<String> = fw
                .outcomes
                .iter()
                .filter(|p| p.id != o.id && p.indicators.contains(g))
                .map(|p| exchange::moodle_placement(&p.id, g))
                .collect();
            assert_eq!(row[10], others.join(","), "{id}");
        }
    }
}

#[test]
fn export_to_a_file_writes_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["canvas", "moodle"] {
        let name = format!("{format}.csv");
        let run = meetlat(
            dir.path(),
            &["framework", "export", "--format", format, "-o", &name],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(run.stdout, format!("{name}\n"));
        let written = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        assert_eq!(written, export(format));
        let other = meetlat(
            &root(),
            &["framework", "export", "--format", format, "--framework", BUILT_IN],
        );
        assert_eq!(other.stdout, written, "the built-in framework, named or not");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left");
}

#[test]
fn text_that_looks_like_a_formula_is_neutralised() {
    let (mut fw, _) = load_framework(None).unwrap();
    fw.indicators[0].text = "=HYPERLINK(\"http://x\",\"klik\")".to_owned();
    fw.outcomes[0].title = "@SUM(A1)".to_owned();
    let scale = default_scale();
    let pass = Grading::default().pass_level;
    let canvas = exchange::export(&fw, &scale, &pass, Format::Canvas).unwrap();
    let rows = records(std::str::from_utf8(&canvas).unwrap());
    let g01 = rows.iter().find(|r| r[0] == "opbouwwerk-2026.G01").unwrap();
    assert_eq!(g01[3], "'=HYPERLINK(\"http://x\",\"klik\")");
    let moodle = exchange::export(&fw, &scale, &pass, Format::Moodle).unwrap();
    let text = std::str::from_utf8(&moodle).unwrap();
    for r in records(text) {
        assert!(!r.iter().any(|c| c.starts_with(['=', '+', '-', '@'])), "{r:?}");
    }
    assert!(text.contains("&quot;klik&quot;"), "descriptions are escaped HTML");
}

#[test]
fn a_scale_moodle_cannot_hold_is_refused() {
    let (fw, _) = load_framework(None).unwrap();
    let mut scale = default_scale();
    scale[0].label = "Onvoldoende, nog niet".to_owned();
    let err = exchange::export(&fw, &scale, "voldoende", Format::Moodle).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(exchange::export(&fw, &scale, "voldoende", Format::Canvas).is_ok());
    let err = exchange::export(&fw, &default_scale(), "bestaat-niet", Format::Canvas);
    assert!(err.is_err());
}

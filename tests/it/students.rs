//! Reading student lists as the LMS exports them.

use meetlat::students::read_csv;

use crate::root;

fn numbers_and_names(file: &str) -> Vec<(String, String, String)> {
    read_csv(&root().join("tests/fixtures/students").join(file))
        .unwrap_or_else(|d| panic!("{file}: {d:?}"))
        .into_iter()
        .map(|r| (r.student.number.clone(), r.student.full_name(), r.student.sort_name()))
        .collect()
}

#[test]
fn brightspace_export_drops_hashes_and_splits_tussenvoegsels() {
    let students = numbers_and_names("brightspace.csv");
    assert_eq!(students.len(), 4);
    assert!(students.iter().all(|(n, _, _)| !n.starts_with('#') && !n.is_empty()));
    assert!(students.iter().any(|(_, full, sort)| full == "Joost van der Meulen"
        && sort == "Meulen, Joost van der"));
}

#[test]
fn canvas_export_skips_points_possible_and_test_student() {
    let students = numbers_and_names("canvas.csv");
    assert_eq!(students.len(), 3, "{students:?}");
    assert!(
        students.iter().any(|(n, full, _)| n == "5075582" && full == "Wouter de Vries")
    );
    assert!(students.iter().any(|(_, full, _)| full == "Anaïs van den Broek"));
    assert!(
        !students
            .iter()
            .any(|(_, full, _)| full.contains("Points") || full.contains("Test"))
    );
}

#[test]
fn semicolon_list_with_bom_is_read() {
    let students = numbers_and_names("plain-semicolon-bom.csv");
    assert_eq!(students.len(), 3);
    assert!(students.iter().any(|(_, full, _)| full == "Sanne van der Meer"));
    assert!(students.iter().any(|(_, full, _)| full.contains("Noël")));
}

#[test]
fn example_list_has_thirty_unique_students_with_diacritics() {
    let students = read_csv(&root().join("examples/students.csv")).expect("valid list");
    assert_eq!(students.len(), 30);
    let names: String = students.iter().map(|s| s.student.full_name()).collect();
    assert!(names.contains('ë') || names.contains('ö') || names.contains('ï'));
    assert!(students.iter().any(|s| !s.student.prefix.is_empty()));
}

#[test]
fn a_row_with_too_many_columns_names_its_row() {
    let diags = read_csv(&root().join("tests/fixtures/students/invalid-row-length.csv"))
        .expect_err("invalid");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].pos.map(|p| p.line), Some(3));
    assert!(diags[0].message.contains("row 3 has 6 columns, the header has 5"));
}

#[test]
fn an_unclosed_quote_is_named_at_its_line_not_as_a_missing_column() {
    let diags =
        read_csv(&root().join("tests/fixtures/students/invalid-unclosed-quote.csv"))
            .expect_err("invalid");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let pos = diags[0].pos.expect("located");
    assert_eq!((pos.line, pos.column), (3, 9));
    assert!(diags[0].message.contains("quote"), "{}", diags[0].message);
    assert!(!diags[0].message.contains("columns"), "{}", diags[0].message);
}

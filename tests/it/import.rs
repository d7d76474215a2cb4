//! `meetlat framework template` and `meetlat framework import`: a framework written in a
//! spreadsheet round-trips to a framework file that `framework check` and the documents
//! accept, and the problems of a badly filled workbook are reported at once, by cell.

use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;

use crate::meetlat;

/// The rows to write on one sheet, from row 2 (row 1 holds the headers).
type Sheet<'a> = (&'a str, &'a [&'a [&'a str]]);

/// A workbook in the template's layout: the template's sheets, filled with `sheets`.
fn workbook(path: &Path, sheets: &[Sheet<'_>]) {
    let mut book = Workbook::new();
    let headers: &[(&str, &[&str])] = &[
        ("Instructies", &[]),
        ("Framework", &["veld", "waarde", "uitleg"]),
        ("Leeruitkomsten", &["id", "titel", "beschrijving", "kerntaak"]),
        ("Indicatoren", &["id", "tekst", "leeruitkomsten"]),
        ("Kerntaken", &["id", "titel", "beschrijving"]),
        ("Schaal", &["id", "label", "punten", "omschrijving"]),
        ("Beschrijvingen", &["indicator", "niveau", "omschrijving"]),
    ];
    for (name, head) in headers {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (c, h) in head.iter().enumerate() {
            sheet.write(0, c as u16, *h).unwrap();
        }
        let rows = sheets.iter().find(|(n, _)| n == name).map_or(&[][..], |(_, r)| *r);
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write(r as u32 + 1, c as u16, *v).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

const META: &[&[&str]] = &[
    &["id", "leerlijn-test"],
    &["version", "2027-01"],
    &["title", "Leeruitkomsten testopleiding"],
    &["publisher", "Hogeschool Voorbeeld"],
    &["notes", "Eerste opmerking."],
    &["notes", "Tweede opmerking."],
];

const COURSE: &str = "code: IMP-1\nname: Importcursus\nacademic_year: 2026-2027\n\
    period: blok 1\ninstitution: Hogeschool Voorbeeld\nexaminers: [A. Jansen]\n\
    date: 2027-01-29\noutcomes: all\n";

#[test]
fn the_template_has_the_documented_sheets_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let run = meetlat(dir.path(), &["framework", "template", "-o", "leeg.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "leeg.xlsx\n");
    let mut book: Xlsx<_> = open_workbook(dir.path().join("leeg.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Instructies",
            "Framework",
            "Leeruitkomsten",
            "Indicatoren",
            "Kerntaken",
            "Schaal",
            "Beschrijvingen"
        ]
    );
    let outcomes = book.worksheet_range("Leeruitkomsten").unwrap();
    let head: Vec<String> =
        outcomes.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(head, ["id", "titel", "beschrijving", "kerntaak"]);
    let indicators = book.worksheet_range("Indicatoren").unwrap();
    let head: Vec<String> =
        indicators.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(head, ["id", "tekst", "leeruitkomsten"]);

    // The empty template itself is not a framework: it says what to fill in.
    let run = meetlat(dir.path(), &["framework", "import", "leeg.xlsx", "-o", "fw.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("Framework!B2: `id` is empty"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.path().join("fw.yaml").exists());
}

#[test]
fn a_filled_template_round_trips_to_a_framework_and_a_rubric() {
    let dir = tempfile::tempdir().unwrap();
    let run = meetlat(dir.path(), &["framework", "template", "-o", "leeg.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let xlsx = dir.path().join("ingevuld.xlsx");
    workbook(
        &xlsx,
        &[
            ("Framework", META),
            (
                "Kerntaken",
                &[
                    &["KT1", "Analyseren", ""],
                    &["KT2", "Ontwerpen", "Een aanpak ontwerpen."],
                ],
            ),
            (
                "Leeruitkomsten",
                &[
                    &["LU1", "Analyseert de wijk", "De student analyseert.", "KT1"],
                    &[],
                    &["LU2", "Ontwerpt een aanpak", "De student ontwerpt.", "KT2"],
                ],
            ),
            (
                "Indicatoren",
                &[
                    &["G01", "Verzamelt gegevens", "LU1"],
                    &["G02", "Betrekt bewoners", "LU1, LU2"],
                    &["G03", "Kiest een methode", "LU2"],
                ],
            ),
        ],
    );
    let run =
        meetlat(dir.path(), &["framework", "import", "ingevuld.xlsx", "-o", "fw.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "fw.yaml\n");
    let yaml = std::fs::read_to_string(dir.path().join("fw.yaml")).unwrap();
    assert!(
        yaml.starts_with(
            "# Imported by `meetlat framework import` from `ingevuld.xlsx`."
        )
    );
    assert!(yaml.contains("- Tweede opmerking."), "{yaml}");
    // Deterministic: a second import writes the same bytes.
    let again =
        meetlat(dir.path(), &["framework", "import", "ingevuld.xlsx", "-o", "fw2.yaml"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert_eq!(std::fs::read_to_string(dir.path().join("fw2.yaml")).unwrap(), yaml);

    let (fw, _) = meetlat::load_framework(Some(&dir.path().join("fw.yaml"))).unwrap();
    assert_eq!(fw.outcomes.len(), 2);
    assert_eq!(fw.outcomes[1].indicators, ["G02", "G03"]);
    assert_eq!(fw.outcomes[1].core_task.as_deref(), Some("KT2"));

    let check = meetlat(dir.path(), &["framework", "check", "fw.yaml"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    assert_eq!(check.stderr, "");

    std::fs::write(dir.path().join("course.yaml"), COURSE).unwrap();
    let rubric = meetlat(
        dir.path(),
        &["rubric", "course.yaml", "--framework", "fw.yaml", "-o", "out"],
    );
    assert_eq!(rubric.code, 0, "{}", rubric.transcript());
    let pdfs: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{}", rubric.stdout);
    let text = crate::pdf::text(&pdfs[0]);
    assert!(text.contains("Kiest een methode"), "{text}");
}

#[test]
fn a_workbook_without_core_tasks_and_a_csv_import_too() {
    let dir = tempfile::tempdir().unwrap();
    workbook(
        &dir.path().join("plat.xlsx"),
        &[
            ("Framework", &[&["id", "plat"], &["versie", "1"], &["titel", "Plat"]]),
            ("Leeruitkomsten", &[&["A1", "Eerste", ""], &["A2", "Tweede", ""]]),
            ("Indicatoren", &[&["i1", "Een", "A1"], &["i2", "Twee", "A2"]]),
        ],
    );
    let run =
        meetlat(dir.path(), &["framework", "import", "plat.xlsx", "-o", "plat.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let check = meetlat(dir.path(), &["framework", "check", "plat.yaml"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    // No core tasks: none invented.
    let (fw, _) = meetlat::load_framework(Some(&dir.path().join("plat.yaml"))).unwrap();
    assert!(fw.core_tasks.is_empty());
    assert!(fw.outcomes.iter().all(|o| o.core_task.is_none()));

    std::fs::write(
        dir.path().join("uitkomsten.csv"),
        "outcome_id,outcome_title,indicator_id,indicator_text\n\
         LU1,Analyseert,G01,Verzamelt gegevens\n\
         LU1,Analyseert,G02,Betrekt bewoners\n\
         LU2,Ontwerpt,G02,Betrekt bewoners\n",
    )
    .unwrap();
    let run =
        meetlat(dir.path(), &["framework", "import", "uitkomsten.csv", "-o", "csv.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("the CSV form has no framework details"),
        "{}",
        run.stderr
    );
    let (fw, _) = meetlat::load_framework(Some(&dir.path().join("csv.yaml"))).unwrap();
    assert_eq!(fw.outcomes[1].indicators, ["G02"]);
    assert_eq!(fw.indicators.len(), 2);
    std::fs::write(dir.path().join("course.yaml"), COURSE).unwrap();
    let rubric = meetlat(
        dir.path(),
        &["rubric", "course.yaml", "--framework", "csv.yaml", "-o", "out"],
    );
    assert_eq!(rubric.code, 0, "{}", rubric.transcript());
}

#[test]
fn every_problem_of_a_workbook_is_reported_at_once_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    workbook(
        &dir.path().join("kapot.xlsx"),
        &[
            ("Framework", &[&["id", "kapot"], &["version", "1"], &["titel", ""]]),
            (
                "Leeruitkomsten",
                &[&["LU1", "Eerste", ""], &["LU2", "", ""], &["LU1", "Nog een", ""]],
            ),
            (
                "Indicatoren",
                &[
                    &["G01", "Een", "LU1"],
                    &["G02", "Twee", "LU1, LU9"],
                    &["G01", "Drie", "LU2"],
                    &["G04", "", "LU2"],
                ],
            ),
        ],
    );
    std::fs::write(dir.path().join("fw.yaml"), "oud").unwrap();
    let run =
        meetlat(dir.path(), &["framework", "import", "kapot.xlsx", "-o", "fw.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let err = &run.stderr;
    for expected in [
        "Framework!B4: `title` is empty",
        "Leeruitkomsten!B3: the title is empty",
        "Leeruitkomsten!A4: duplicate outcome id `LU1`",
        "`LU1` is already used at Leeruitkomsten!A2",
        "Indicatoren!C3: outcome `LU9` is not on sheet Leeruitkomsten",
        "did you mean `LU1`?",
        "Indicatoren!A4: duplicate indicator id `G01`",
        "Indicatoren!B5: the text is empty",
        "--> kapot.xlsx",
        "error: 6 problem(s) found; nothing was written",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("fw.yaml")).unwrap(), "oud");
}

#[test]
fn a_workbook_with_its_own_scale_descriptors_and_terms_reaches_the_rubric() {
    let dir = tempfile::tempdir().unwrap();
    workbook(
        &dir.path().join("eigen.xlsx"),
        &[
            (
                "Framework",
                &[
                    &["id", "eigen"],
                    &["versie", "1"],
                    &["titel", "Eigen kader"],
                    &["cesuurniveau", "op"],
                    &["term.leeruitkomst", "Competentie"],
                    &["term.leeruitkomsten", "Competenties"],
                ],
            ),
            ("Leeruitkomsten", &[&["C1", "Onderzoeken", ""], &["C2", "Adviseren", ""]]),
            (
                "Indicatoren",
                &[
                    &["C1.1", "Stelt een onderzoeksvraag", "C1"],
                    &["C2.1", "Geeft advies", "C2"],
                ],
            ),
            (
                "Schaal",
                &[
                    &["onder", "Onder niveau", "0", "Nog niet."],
                    &["op", "Op niveau", "1", "Zelfstandig."],
                    &["boven", "Boven niveau", "2", "Ook in nieuwe situaties."],
                ],
            ),
            (
                "Beschrijvingen",
                &[&[
                    "C1.1",
                    "boven",
                    "De vraag is scherp, haalbaar en relevant voor de praktijk.",
                ]],
            ),
        ],
    );
    let run =
        meetlat(dir.path(), &["framework", "import", "eigen.xlsx", "-o", "eigen.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let check = meetlat(dir.path(), &["framework", "check", "eigen.yaml"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    let (fw, _) = meetlat::load_framework(Some(&dir.path().join("eigen.yaml"))).unwrap();
    let scale = fw.scale.as_ref().expect("the scale");
    assert_eq!(scale.iter().map(|l| l.points).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(fw.pass_level.as_deref(), Some("op"));
    assert_eq!(fw.terms.outcome.as_deref(), Some("Competentie"));
    assert_eq!(
        fw.indicators[0].descriptors["boven"],
        "De vraag is scherp, haalbaar en relevant voor de praktijk."
    );

    std::fs::write(dir.path().join("course.yaml"), COURSE).unwrap();
    let rubric = meetlat(
        dir.path(),
        &["rubric", "course.yaml", "--framework", "eigen.yaml", "-o", "out"],
    );
    assert_eq!(rubric.code, 0, "{}", rubric.transcript());
    let text = crate::pdf::text(&dir.path().join("out/IMP-1-rubric.pdf"));
    for expected in [
        "Competentie 1",
        "Competenties in deze beoordeling",
        "Boven niveau",
        "De vraag is scherp",
    ] {
        assert!(text.contains(expected), "`{expected}` missing:\n{text}");
    }
    assert!(!text.contains("Leeruitkomst"), "{text}");
}

#[test]
fn problems_on_the_scale_and_descriptor_sheets_are_reported_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    workbook(
        &dir.path().join("fout.xlsx"),
        &[
            ("Framework", &[&["id", "fout"], &["versie", "1"], &["titel", "Fout"]]),
            ("Leeruitkomsten", &[&["C1", "Onderzoeken", ""]]),
            ("Indicatoren", &[&["C1.1", "Stelt een vraag", "C1"]]),
            ("Schaal", &[&["laag", "Laag", "één"], &["hoog", "Hoog", "2"]]),
            (
                "Beschrijvingen",
                &[&["C1.1", "midden", "Soms."], &["C9.9", "hoog", "Altijd."]],
            ),
        ],
    );
    let run =
        meetlat(dir.path(), &["framework", "import", "fout.xlsx", "-o", "fout.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for expected in [
        "Schaal!C2: `één` is not a whole number of points",
        "Beschrijvingen!B2: `midden` is not a level",
        "Beschrijvingen!A3: indicator `C9.9` is not on sheet Indicatoren",
    ] {
        assert!(run.stderr.contains(expected), "`{expected}` missing:\n{}", run.stderr);
    }
    assert!(!dir.path().join("fout.yaml").exists());
}

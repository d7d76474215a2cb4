//! What an exam committee needs on a final report: the course's `assessment` block
//! (programme, EC, attempt, dates, who determined the result, the appeal clause) and a
//! student's own attempt from the student list.

use crate::{meetlat, pdf, root};

const ASSESSMENT: &str = "assessment:
  programme: Bachelor Social Work
  ec: 30
  attempt: eerste-kans
  assessed_on: 2027-01-22
  decided_on: 2027-01-29
  retention: Hogeschool Voorbeeld bewaart deze beoordeling zeven jaar.
";

/// The example course with `extra` added and its students, one of them (the fourth) on
/// a resit, in a fresh folder.
fn course(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // The example course without its own `assessment` block.
    let example = std::fs::read_to_string(root().join("examples/stage.yaml")).unwrap();
    let start = example.find("\nassessment:").unwrap();
    let end = start + example[start..].find("\n\n").unwrap();
    let yaml = format!("{}{}", &example[..start], &example[end..]);
    std::fs::write(dir.path().join("stage.yaml"), format!("{yaml}{extra}")).unwrap();
    // The example's list has a `kans` column: the fourth student is on a resit.
    let csv = std::fs::read_to_string(root().join("examples/students.csv")).unwrap();
    assert!(csv.lines().nth(4).unwrap().ends_with(",herkansing"));
    std::fs::write(dir.path().join("students.csv"), csv).unwrap();
    dir
}

#[test]
fn the_report_carries_programme_ec_attempt_dates_and_the_appeal_clause() {
    let dir = course(ASSESSMENT);
    let d = dir.path();
    let check = meetlat(d, &["check", "stage.yaml"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    // Report details do not change what is assessed: the fingerprint stays, so forms
    // sent out before the dates were known still match.
    let plain = meetlat(&root(), &["check", "examples/stage.yaml"]);
    let fp =
        |s: &str| s.lines().find(|l| l.starts_with("vingerafdruk")).unwrap().to_owned();
    assert_eq!(fp(&check.stdout), fp(&plain.stdout));

    let scores = root().join("examples/stage-scores-ingevuld.xlsx");
    let run = meetlat(
        d,
        &[
            "report",
            "stage.yaml",
            "--scores",
            scores.to_str().unwrap(),
            "-o",
            "out",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let reports = d.join("out/archive/SW3-STAGE-OW-2026-2027/reports");
    let csv = std::fs::read_to_string(d.join("students.csv")).unwrap();
    let resit = csv.lines().nth(4).unwrap().split(',').next().unwrap().to_owned();
    let first = csv.lines().nth(1).unwrap().split(',').next().unwrap().to_owned();
    let text_of = |number: &str| {
        pdf::text(&reports.join(format!("SW3-STAGE-OW-{number}-beoordeling.pdf")))
    };
    let resit_text = text_of(&resit);
    for expected in [
        "Opleiding Bachelor Social Work",
        "Studiepunten 30 EC",
        "Kans herkansing",
        "Beoordeeld op 22 januari 2027",
        "Vastgesteld door dr. A. (Annelies) Jansen en M. (Mehmet) Kaya MSc op 29 januari 2027.",
        "Inzage en beroep",
        "College van Beroep voor de Examens",
        "art. 7.61 WHW",
        "bewaart deze beoordeling zeven jaar",
    ] {
        assert!(resit_text.contains(expected), "`{expected}` missing:\n{resit_text}");
    }
    assert!(text_of(&first).contains("Kans eerste kans"));
    // Scores per outcome in the rubric's points (LU1 of this student, as the example
    // sheet has it: 8 of 9 observed, 20 of 8 × 4 points; the cut score 8 × 2 = 16).
    assert!(
        resit_text
            .contains("Geobserveerd 8 van 9 · 20 van 32 punten · cesuur (16) gehaald"),
        "{resit_text}"
    );
    // The final score in points: this student's outcome means 17/8, 10/4, 11/6 (LU3,
    // weight 2), 20/8, 12/5, 20/8 points per indicator; weighted: (2.125 + 2.5 + 2 × 1.8333
    // + 2.5 + 2.4 + 2.5) / 7 = 2.2416…, shown as 2,24; the cut score is voldoende's 2.
    assert!(
        text_of("5778624").contains(
            "Eindscore Cesuur 5,0 onvoldoende 2,24 punten (gemiddeld per indicator) 2 punten \
             (alles voldoende)"
        ),
        "{}",
        text_of("5778624")
    );
    // A motivation for one outcome (column `Toelichting LU3`) under that outcome.
    let knocked_out = text_of("5778624");
    let lu3 = knocked_out.find("LU3 · Ontwikkeling").unwrap();
    let lu4 = knocked_out.find("LU4 · Ondersteunen").unwrap();
    assert!(
        knocked_out[lu3..lu4].contains(
            "Motivering: Bij LU3 liet 5778624 de gedragsindicatoren te weinig zelfstandig zien"
        ),
        "{knocked_out}"
    );
    // The examiners' motivation from the sheet's `Toelichting` column, under the result.
    assert!(
        resit_text.contains(&format!(
            "Besproken in het eindgesprek van {resit}; de examinatoren zijn het eens"
        )),
        "{resit_text}"
    );
    let verify = meetlat(d, &["verify", "out/archive/SW3-STAGE-OW-2026-2027"]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());

    // The institution's own clause replaces the default.
    let own =
        course(&format!("{ASSESSMENT}  appeal: Zie artikel 12 van de OER 2026-2027.\n"));
    let run = meetlat(
        own.path(),
        &[
            "report",
            "stage.yaml",
            "--scores",
            scores.to_str().unwrap(),
            "-o",
            "out",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let any =
        std::fs::read_dir(own.path().join("out/archive/SW3-STAGE-OW-2026-2027/reports"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
    let text = pdf::text(&any);
    assert!(text.contains("Zie artikel 12 van de OER 2026-2027."), "{text}");
    assert!(!text.contains("College van Beroep"), "{text}");
}

#[test]
fn wrong_report_details_are_located_errors() {
    let dir = course(
        "assessment:\n  ec: 0\n  assessed_on: 2027-01-29\n  decided_on: 2027-01-22\n  appeal: \"\"\n",
    );
    let mut csv = std::fs::read_to_string(dir.path().join("students.csv")).unwrap();
    csv = csv.replacen(",herkansing", ",misschien", 1);
    std::fs::write(dir.path().join("students.csv"), csv).unwrap();
    let run = meetlat(dir.path(), &["check", "stage.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for expected in [
        "0 EC is out of range",
        "the result is determined on 2027-01-22, before the assessment on 2027-01-29",
        "the appeal clause is empty",
        "`misschien` in column `kans` is not an attempt",
    ] {
        assert!(run.stderr.contains(expected), "`{expected}` missing:\n{}", run.stderr);
    }
}

/// The ICT fixture's reports, made in `d`, with `extra` indicators added to the outcome
/// `grow` (which has `has` of its own; the added indicators' texts name no id): the first
/// student's report and the plan.
fn grown_report(
    d: &std::path::Path,
    grow: &str,
    has: usize,
    extra: usize,
) -> (std::path::PathBuf, meetlat::resolve::Plan) {
    let fixture = root().join("tests/fixtures/frameworks/ict-nl");
    let mut fw = std::fs::read_to_string(fixture.join("framework.yaml")).unwrap();
    let own: Vec<String> = (1..=has).map(|i| format!("{grow}.{i}")).collect();
    let ids: Vec<String> =
        (has + 1..=has + extra).map(|i| format!("{grow}.{i}")).collect();
    let list = format!("indicators: [{}]", own.join(", "));
    assert!(fw.contains(&list));
    fw = fw
        .replace(&list, &format!("indicators: [{}, {}]", own.join(", "), ids.join(", ")));
    for id in &ids {
        fw.push_str(&format!(
            "  - id: {id}\n    text: Je voert de taak zelfstandig en zorgvuldig uit, ook onder tijdsdruk en met wisselende opdrachtgevers.\n"
        ));
    }
    std::fs::write(d.join("framework.yaml"), fw).unwrap();
    for f in ["course.yaml", "students.csv"] {
        std::fs::copy(fixture.join(f), d.join(f)).unwrap();
    }
    let plan = meetlat::prepare(&meetlat::Inputs {
        course: d.join("course.yaml"),
        ..meetlat::Inputs::default()
    })
    .expect("valid")
    .plan;
    let fill = |s: usize, _o: usize, i: usize| Some(plan.levels[(s + i) % 3].id.clone());
    let bytes = meetlat::render::scoring_sheet::render(&plan, (2027, 1, 29), Some(&fill))
        .unwrap();
    std::fs::write(d.join("filled.xlsx"), bytes).unwrap();
    let run = meetlat(
        d,
        &["report", "course.yaml", "--scores", "filled.xlsx", "-o", "out", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report =
        d.join("out/archive/ICT-SE2-2026-2027/reports/ICT-SE2-700201-beoordeling.pdf");
    (report, plan)
}

#[test]
fn a_table_that_runs_on_names_its_outcome_on_the_next_page() {
    // 30 indicators under B1: its table runs over a page break.
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = grown_report(dir.path(), "B1", 4, 26);
    let pages: Vec<String> = (1..=3).map(|p| pdf::page(&report, p)).collect();
    let continued = "B1 · Bouwen en testen (vervolg)";
    assert!(pages[0].contains("B1 · Bouwen en testen") && !pages[0].contains(continued));
    assert!(pages[1].contains(continued), "{}", pages[1]);
    assert_eq!(pages.iter().map(|p| p.matches("(vervolg)").count()).sum::<usize>(), 1);
}

/// Per page of [`grown_report`]'s report, how many rows of each outcome's table it holds
/// (the ids in bold at the start of the rows).
fn rows_per_page(grow: &str, has: usize, extra: usize) -> Vec<Vec<(String, usize)>> {
    let dir = tempfile::tempdir().unwrap();
    let (report, plan) = grown_report(dir.path(), grow, has, extra);
    (1..=pdf::pages(&report))
        .map(|p| {
            let text = pdf::page(&report, p);
            plan.outcomes
                .iter()
                .map(|o| {
                    let rows = o
                        .indicators
                        .iter()
                        .filter(|i| text.contains(&format!("{} ", i.id)))
                        .count();
                    (o.id.clone(), rows)
                })
                .collect()
        })
        .collect()
}

#[test]
fn no_table_leaves_one_row_alone_on_a_page() {
    // One outcome's table grows a row at a time, so its last rows, and the tables after
    // it, meet a page break at every place: a first row alone at the foot of a page or a
    // last row alone at the head of the next would be seen.
    let mut broke = 0;
    for (grow, has, extras) in [("A1", 3, 14..=32), ("B1", 4, 34..=40)] {
        for extra in extras {
            let pages = rows_per_page(grow, has, extra);
            let outcomes: Vec<&String> = pages[0].iter().map(|(o, _)| o).collect();
            for (k, outcome) in outcomes.iter().enumerate() {
                let rows: Vec<usize> =
                    pages.iter().map(|p| p[k].1).filter(|&n| n > 0).collect();
                if rows.len() > 1 {
                    broke += 1;
                    assert!(
                        !rows.contains(&1),
                        "{grow} + {extra}: the rows of {outcome} per page: {rows:?}"
                    );
                }
            }
        }
    }
    assert!(broke > 5, "tables ran over a page break only {broke} times");
}

//! The analysis of the assessment (toetsanalyse) in the cohort overview and its CSV: the
//! CSV of the example course against the grading module, the overview with and without
//! supervisors' observations, and a tiny cohort. `MEETLAT_KEEP_OVERVIEWS=DIR` keeps the
//! PDFs made here, to look at them.

use std::path::{Path, PathBuf};

use meetlat::collect::{FormObservations, Observation, Observations};
use meetlat::grade::{GradeResult, Verdict};
use meetlat::render::overview::{self, Graded};
use meetlat::render::{RenderEnv, report::grade_text};
use meetlat::resolve::Plan;
use meetlat::{Inputs, prepare};

use crate::report::archive_dir;
use crate::{meetlat, pdf, root};

fn example_plan() -> Plan {
    prepare(&Inputs { course: root().join("examples/stage.yaml"), ..Inputs::default() })
        .expect("valid")
        .plan
}

/// The CSV's rows as (section, outcome, indicator, category) → (count, of, value, note).
type Rows = Vec<([String; 4], [String; 4])>;

fn rows(csv: &str) -> Rows {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(csv.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let f = |i: usize| rec.get(i).unwrap().to_owned();
            ([f(0), f(1), f(2), f(3)], [f(4), f(5), f(6), f(7)])
        })
        .collect()
}

fn find<'a>(rows: &'a Rows, key: [&str; 4]) -> &'a [String; 4] {
    &rows
        .iter()
        .find(|(k, _)| k.iter().zip(key).all(|(a, b)| a == b))
        .unwrap_or_else(|| panic!("no row {key:?}"))
        .1
}

#[test]
fn the_example_courses_csv_agrees_with_the_grading_module() {
    let plan = example_plan();
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &[
            "report",
            "examples/stage.yaml",
            "--scores",
            "examples/stage-scores-ingevuld.xlsx",
            "-o",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let archive = archive_dir(out.path());
    let bytes = std::fs::read(archive.join("SW3-STAGE-OW-overzicht.csv")).unwrap();
    let csv = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        csv.starts_with(
            "onderdeel,leeruitkomst,indicator,categorie,aantal,van,waarde,toelichting\r\n"
        ),
        "{csv}"
    );
    let rows = rows(&csv);

    // The figures computed here from the sheet with `Plan::grade`, independently of
    // the analysis module.
    let sheet =
        meetlat::scores::read(&root().join("examples/stage-scores-ingevuld.xlsx"), &plan)
            .unwrap();
    let results: Vec<(Vec<Vec<Option<usize>>>, GradeResult)> = sheet
        .students
        .iter()
        .map(|s| (s.levels.clone(), plan.grade(&s.levels)))
        .collect();
    let n = results.len();
    assert_eq!(n, 30);
    let passed = results.iter().filter(|(_, g)| g.verdict == Verdict::Voldoende).count();
    let incomplete =
        results.iter().filter(|(_, g)| g.verdict == Verdict::Incompleet).count();
    let grades: Vec<f64> = results
        .iter()
        .filter_map(|(_, g)| g.grade.as_ref())
        .map(|q| grade_text(&plan, q).replace(',', ".").parse::<f64>().unwrap())
        .collect();
    let k = |cat: &str| find(&rows, ["kerncijfers", "", "", cat]);
    assert_eq!(k("beoordeeld")[0], n.to_string());
    assert_eq!(k("niet-beoordeeld")[0], "0");
    assert_eq!(k("voldoende")[0], passed.to_string());
    assert_eq!(k("voldoende")[1], grades.len().to_string());
    assert_eq!(k("voldoende")[2], format!("{:.4}", passed as f64 / grades.len() as f64));
    assert_eq!(k("onvoldoende")[0], (grades.len() - passed).to_string());
    assert_eq!(k("incompleet")[0], incomplete.to_string());
    let mean = grades.iter().sum::<f64>() / grades.len() as f64;
    assert!((k("gemiddelde")[2].parse::<f64>().unwrap() - mean).abs() < 1e-4);

    // Half-point bins: 1,0–1,4 … 9,5–10,0; every grade in the one its value says.
    let bins: Vec<&([String; 4], [String; 4])> =
        rows.iter().filter(|(k, _)| k[0] == "cijferverdeling").collect();
    assert_eq!(bins.len(), 18 + 1, "eighteen bins and the students without a grade");
    for (b, (key, value)) in bins.iter().take(18).enumerate() {
        let low = 1.0 + b as f64 / 2.0;
        let high = if b == 17 { 10.0 } else { low + 0.4 };
        assert_eq!(key[3], format!("{low:.1}-{high:.1}"));
        let count =
            grades.iter().filter(|g| **g >= low - 1e-9 && **g <= high + 1e-9).count();
        assert_eq!(value[0], count.to_string(), "bin {}", key[3]);
        assert_eq!(value[3], if low >= 5.5 { "voldoende" } else { "onvoldoende" });
    }
    assert_eq!(bins[18].0[3], "zonder-cijfer");
    assert_eq!(bins[18].1[0], incomplete.to_string());
    // The example has its grades between 5,0 and 7,7: not in one bar of 24.
    let biggest = bins.iter().map(|(_, v)| v[0].parse::<usize>().unwrap()).max().unwrap();
    assert!(biggest < 20, "{biggest}");

    // Per outcome: reached the cesuur, as the grading module says.
    for (o, out) in plan.outcomes.iter().enumerate() {
        let reached = results
            .iter()
            .filter(|(_, g)| g.outcomes[o].reached_cesuur == Some(true))
            .count();
        let below = results
            .iter()
            .filter(|(_, g)| g.outcomes[o].reached_cesuur == Some(false))
            .count();
        let row = find(&rows, ["cesuur", &out.id, "", "gehaald"]);
        assert_eq!(row[0], reached.to_string(), "{}", out.id);
        assert_eq!(row[1], (reached + below).to_string(), "{}", out.id);
        let row = find(&rows, ["cesuur", &out.id, "", "niet-gehaald"]);
        assert_eq!(row[0], below.to_string(), "{}", out.id);
        // Per indicator: each level and NG as counted in the sheet.
        for (i, ind) in out.indicators.iter().enumerate() {
            for (l, level) in plan.levels.iter().enumerate() {
                let count = results.iter().filter(|(lv, _)| lv[o][i] == Some(l)).count();
                let row = find(&rows, ["niveaus", &out.id, &ind.id, &level.id]);
                assert_eq!(
                    row[0],
                    count.to_string(),
                    "{} {} {}",
                    out.id,
                    ind.id,
                    level.id
                );
                assert_eq!(row[1], n.to_string());
            }
            let ng = results.iter().filter(|(lv, _)| lv[o][i].is_none()).count();
            assert_eq!(
                find(&rows, ["niveaus", &out.id, &ind.id, "NG"])[0],
                ng.to_string()
            );
        }
    }
    // No observations were given: no agreement rows.
    assert!(!rows.iter().any(|(k, _)| k[0] == "overeenstemming"));

    // The CSV is in the manifest, and verify computes it again.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap())
            .unwrap();
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "SW3-STAGE-OW-overzicht.csv"
                && f["role"] == "overview-csv"),
        "{manifest}"
    );
    let verify = meetlat(&root(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(verify.code, 0, "{}", verify.transcript());

    // The overview shows the same.
    let text = pdf::text(&archive.join("SW3-STAGE-OW-overzicht.pdf"));
    for label in [
        "Cohortoverzicht en toetsanalyse",
        "Verdeling van de cijfers",
        "Cesuur gehaald per leeruitkomst",
        "Niveaus per indicator",
        "zonder cijfer",
        "cijfer in stappen van een half punt",
    ] {
        assert!(text.contains(label), "{label} in {text}");
    }
    assert!(!text.contains("Overeenstemming"), "no observations, no agreement");
}

/// A level the supervisor ticks for what the examiner scored `examiner` (`None`: NG):
/// mostly the same, sometimes a level higher or lower, sometimes NG or nothing.
fn supervisor_level(
    plan: &Plan,
    s: usize,
    o: usize,
    i: usize,
    examiner: Option<usize>,
) -> Option<String> {
    let k = (s * 13 + o * 7 + i * 3) % 17;
    let top = plan.levels.len() - 1;
    let level = match (k, examiner) {
        (0, _) => return Some("NG".to_owned()),
        (1, _) => return None,
        (_, None) => return Some("NG".to_owned()),
        (2 | 3, Some(l)) => (l + 1).min(top),
        (4, Some(l)) => l.saturating_sub(1),
        (_, Some(l)) => l,
    };
    Some(plan.levels[level].id.clone())
}

fn observations(
    plan: &Plan,
    cohort: &[(usize, Vec<Vec<Option<usize>>>)],
) -> Observations {
    let forms = cohort
        .iter()
        .filter(|(s, _)| s % 9 != 4) // some students without a returned form
        .map(|(s, levels)| FormObservations {
            student: plan.students[*s].number.clone(),
            moment: "eind".to_owned(),
            source: format!("{}.pdf", plan.students[*s].number),
            source_sha256: String::new(),
            supervisor: "B. Geleider".to_owned(),
            organisation: "Buurtwerk".to_owned(),
            date: "2027-01-15".to_owned(),
            advice: Some("voldoende".to_owned()),
            remarks: String::new(),
            examples: Default::default(),
            signatures: Default::default(),
            student_name: String::new(),
            observations: plan
                .outcomes
                .iter()
                .enumerate()
                .flat_map(|(o, out)| {
                    out.indicators.iter().enumerate().map(move |(i, ind)| Observation {
                        outcome: out.id.clone(),
                        indicator: ind.id.clone(),
                        level: supervisor_level(plan, *s, o, i, levels[o][i]),
                        page: Some(1),
                        certainty: "zeker".to_owned(),
                        decided_by: None,
                    })
                })
                .collect(),
        })
        .collect();
    Observations {
        format: meetlat::collect::FORMAT.to_owned(),
        version: meetlat::collect::FORMAT_VERSION,
        course: plan.course.code.clone(),
        fingerprint: plan.fingerprint.clone(),
        forms,
        missing: Vec::new(),
        unused: Vec::new(),
        scans: Vec::new(),
        decisions: Vec::new(),
    }
}

/// A cohort of `n` students of the example course: varied levels, one indicator hardly
/// observable, and (when `n` allows) one student with too little evidence.
fn cohort(plan: &Plan, n: usize) -> Vec<(usize, Vec<Vec<Option<usize>>>)> {
    (0..n)
        .map(|s| {
            let levels = plan
                .outcomes
                .iter()
                .enumerate()
                .map(|(o, out)| {
                    (0..out.indicators.len())
                        .map(|i| {
                            let k = (s * 5 + o * 3 + i * 7) % 13;
                            let no_evidence = s == 2 && n > 2 && o == 1;
                            let hardly = (o, i) == (0, 1) && s % 3 != 0;
                            if no_evidence || hardly || k == 12 {
                                None
                            } else {
                                Some(1 + (k + s) % 3)
                            }
                        })
                        .collect()
                })
                .collect();
            (s, levels)
        })
        .collect()
}

/// The overview of `cohort` (with `observations`) as PDF, written to a file.
fn overview_pdf(
    plan: &Plan,
    cohort: &[(usize, Vec<Vec<Option<usize>>>)],
    observations: Option<&Observations>,
    dir: &Path,
    name: &str,
) -> (PathBuf, Vec<u8>) {
    let results: Vec<GradeResult> = cohort.iter().map(|(_, l)| plan.grade(l)).collect();
    let graded: Vec<Graded> = cohort
        .iter()
        .zip(&results)
        .map(|((s, levels), grade)| Graded { student: &plan.students[*s], grade, levels })
        .collect();
    let (env, _) =
        RenderEnv::for_course(plan, None, meetlat::output::Staging::memory()).unwrap();
    let bytes = overview::render(plan, &env, &graded, &[], observations).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    if let Some(keep) = std::env::var_os("MEETLAT_KEEP_OVERVIEWS") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), &bytes).unwrap();
    }
    let analysis = overview::analyse(plan, &graded, &[], observations);
    (path, overview::overview_csv(plan, &analysis))
}

#[test]
fn the_overview_with_observations_shows_the_agreement_and_without_does_not() {
    let plan = example_plan();
    let dir = tempfile::tempdir().unwrap();
    let cohort = cohort(&plan, plan.students.len());
    let obs = observations(&plan, &cohort);
    let (with, csv) = overview_pdf(&plan, &cohort, Some(&obs), dir.path(), "with.pdf");
    let text = pdf::text(&with);
    for label in [
        "Overeenstemming werkplekbegeleider en examinator",
        "Gewogen kappa",
        "lineaire gewichten",
        "Alle indicatoren samen",
        "Niet meegeteld",
    ] {
        assert!(text.contains(label), "{label} in {text}");
    }
    pdf::assert_archival(&with);
    pdf::assert_fonts_embedded(&with);
    // The student with too little evidence is apart, and the hardly observable indicator
    // is marked.
    assert!(text.contains("1 onvoldoende bewijs"), "{text}");
    assert!(text.contains("▲"), "{text}");

    // The pooled figures in the PDF are those of the CSV.
    let rows = rows(&String::from_utf8(csv).unwrap());
    let forms = find(&rows, ["overeenstemming", "", "", "formulieren"]);
    let returned = cohort.iter().filter(|(s, _)| s % 9 != 4).count();
    assert_eq!(forms[0], returned.to_string());
    assert!(text.contains(&format!("({returned} eindobservaties")), "{text}");
    let kappa = find(&rows, ["overeenstemming", "", "", "kappa-lineair"]);
    let value: f64 = kappa[2].parse().unwrap();
    assert!(value > 0.3 && value < 1.0, "{value}");
    let shown = format!("{value:.2}").replace('.', ",");
    let pooled = &text[text.find("Alle indicatoren samen").unwrap()..];
    assert!(pooled.contains(&shown), "{shown} in {pooled}");
    // The hardly observable indicator has few pairs: no kappa, with the reason.
    let (lu1, g) = (&plan.outcomes[0].id, &plan.outcomes[0].indicators[1].id);
    let few = find(&rows, ["overeenstemming", lu1, g, "kappa-lineair"]);
    assert_eq!((few[2].as_str(), few[3].as_str()), ("", "te-weinig-paren"), "{few:?}");
    assert!(text.contains("minder dan 10 paren"), "{text}");

    let (without, csv) = overview_pdf(&plan, &cohort, None, dir.path(), "without.pdf");
    let text = pdf::text(&without);
    assert!(!text.contains("Overeenstemming") && !text.contains("kappa"), "{text}");
    assert!(text.contains("Niveaus per indicator"));
    assert!(!String::from_utf8(csv).unwrap().contains("overeenstemming"));
}

#[test]
fn a_cohort_of_two_renders_with_dashes_where_nothing_can_be_computed() {
    let plan = example_plan();
    let dir = tempfile::tempdir().unwrap();
    let cohort = cohort(&plan, 2);
    let obs = observations(&plan, &cohort);
    let (path, csv) = overview_pdf(&plan, &cohort, Some(&obs), dir.path(), "two.pdf");
    let text = pdf::text(&path);
    assert!(text.contains("minder dan 10 paren"), "{text}");
    assert!(text.contains("Alle indicatoren samen"), "{text}");
    pdf::assert_archival(&path);
    let rows = rows(&String::from_utf8(csv).unwrap());
    assert_eq!(find(&rows, ["kerncijfers", "", "", "beoordeeld"])[0], "2");
    // Two grades: a standard deviation (n − 1 = 1), but no indicator has enough pairs
    // for a kappa (only all indicators pooled may).
    assert_ne!(find(&rows, ["kerncijfers", "", "", "standaarddeviatie"])[2], "");
    let per_indicator: Vec<_> = rows
        .iter()
        .filter(|(k, _)| k[3] == "kappa-lineair" && !k[1].is_empty())
        .collect();
    assert_eq!(per_indicator.len(), plan.indicator_count());
    assert!(
        per_indicator.iter().all(|(_, v)| v[2].is_empty()
            && ["te-weinig-paren", "geen-paren"].contains(&v[3].as_str())),
        "{per_indicator:?}"
    );
}

//! The XLSX scoring sheet. Its formulas must agree with the grading module: a real
//! spreadsheet program (LibreOffice, headless) recalculates a filled sheet and every
//! outcome score, grade and result is compared with `grade`.

use std::path::{Path, PathBuf};
use std::process::Command;

use meetlat::grade::{GradeResult, Verdict};
use meetlat::model::Student;
use meetlat::render::scoring_sheet::{self, FIRST_STUDENT_ROW, Layout, column_name};
use meetlat::resolve::Plan;
use meetlat::{Inputs, prepare};
use num_traits::ToPrimitive;

use crate::{meetlat, pdf, root};

/// Per student, per outcome, per indicator: empty (`None`), NG (`Some(None)`) or a level.
pub(crate) type Entries = Vec<Vec<Vec<Option<Option<usize>>>>>;

/// A small deterministic generator (xorshift), so failures can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(crate) fn plan_of(course: &Path) -> Plan {
    prepare(&Inputs { course: course.to_path_buf(), ..Inputs::default() })
        .expect("valid")
        .plan
}

/// Grade one student's entries with the grading module.
fn grade(plan: &Plan, entries: &[Vec<Option<Option<usize>>>]) -> GradeResult {
    let levels: Vec<Vec<Option<usize>>> =
        entries.iter().map(|o| o.iter().map(|e| e.flatten()).collect()).collect();
    plan.grade(&levels)
}

/// Random entries; `ng` and `empty` are chances in percent.
fn random_student(
    plan: &Plan,
    rng: &mut Rng,
    ng: u64,
    empty: u64,
) -> Vec<Vec<Option<Option<usize>>>> {
    let levels = plan.levels.len() as u64;
    plan.outcomes
        .iter()
        .map(|o| {
            o.indicators
                .iter()
                .map(|_| {
                    let r = rng.below(100);
                    if r < empty {
                        None
                    } else if r < empty + ng {
                        Some(None)
                    } else {
                        Some(Some(rng.below(levels) as usize))
                    }
                })
                .collect()
        })
        .collect()
}

fn uniform(plan: &Plan, value: Option<Option<usize>>) -> Vec<Vec<Option<Option<usize>>>> {
    plan.outcomes.iter().map(|o| vec![value; o.indicators.len()]).collect()
}

/// Random students plus the boundary cases: at the cesuur, just below, half-way rounding,
/// knock-outs, too little evidence, exactly enough evidence, all empty, all NG.
pub(crate) fn cohort(plan: &Plan, random: usize, seed: u64) -> Entries {
    let mut rng = Rng(seed);
    let pass = plan.rules.pass_level;
    let mut all: Entries = Vec::new();
    for level in 0..plan.levels.len() {
        all.push(uniform(plan, Some(Some(level))));
    }
    all.push(uniform(plan, None));
    all.push(uniform(plan, Some(None)));
    // Just below the cesuur in one outcome: one indicator a level lower.
    for o in 0..plan.outcomes.len() {
        let mut s = uniform(plan, Some(Some(pass)));
        s[o][0] = Some(Some(pass - 1));
        all.push(s);
        // Exactly the evidence boundary, and one short of it.
        let n = plan.outcomes[o].indicators.len();
        let needed = (n as f64 * plan.course.grading.min_observed).ceil() as usize;
        let mut s = uniform(plan, Some(Some(pass + 1)));
        for e in s[o].iter_mut().skip(needed) {
            *e = Some(None);
        }
        all.push(s.clone());
        if needed > 0 {
            s[o][needed - 1] = None;
            all.push(s);
        }
    }
    // Half-way cases (x.x5 or x.25/x.75 exactly) found by search.
    let mut halfway = 0;
    for _ in 0..if plan.rules.graded { 200_000 } else { 0 } {
        if halfway >= 80 {
            break;
        }
        let s = random_student(plan, &mut rng, 10, 0);
        if let Some(raw) = grade(plan, &s).raw_grade {
            let twenty = raw * meetlat::grade::int(20);
            if twenty.is_integer() && !(twenty / meetlat::grade::int(2)).is_integer() {
                all.push(s);
                halfway += 1;
            }
        }
    }
    // (A course without a grade has no rounding, so no half-way cases.)
    assert!(
        halfway >= 20 || !plan.rules.graded,
        "too few half-way cases found: {halfway}"
    );
    // Knock-outs: one outcome forced low.
    for _ in 0..50 {
        let mut s = random_student(plan, &mut rng, 5, 0);
        let o = rng.below(plan.outcomes.len() as u64) as usize;
        for e in s[o].iter_mut() {
            *e = Some(Some(0));
        }
        all.push(s);
    }
    for i in 0..random {
        let (ng, empty) = [(10, 5), (30, 10), (0, 0), (60, 0)][i % 4];
        all.push(random_student(plan, &mut rng, ng, empty));
    }
    all
}

fn student(i: usize) -> Student {
    Student {
        number: format!("{}", 7_000_000 + i),
        first_name: "Test".into(),
        prefix: String::new(),
        last_name: format!("Student {i}"),
        email: String::new(),
        attempt: None,
    }
}

/// A fresh LibreOffice user profile below `dir`; with `recalc`, told to recalculate every
/// formula when it loads a file (as Excel does with a sheet it did not save itself).
pub fn libreoffice_profile(dir: &Path, recalc: bool) -> PathBuf {
    let profile = dir.join("profile");
    if recalc {
        std::fs::create_dir_all(profile.join("user")).unwrap();
        std::fs::write(
            profile.join("user/registrymodifications.xcu"),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
        )
        .unwrap();
    }
    profile
}

/// LibreOffice, told to recalculate every formula on load, exports each sheet as CSV.
fn recalculate(xlsx: &Path, recalc_profile: bool) -> Vec<Vec<String>> {
    let soffice = which("soffice").unwrap_or_else(|| {
        panic!(
            "LibreOffice (`soffice`) is needed to check the spreadsheet formulas: install \
             libreoffice-calc-nogui, or run the tests with `bash tests/run.sh`, which does"
        )
    });
    let work = tempfile::tempdir().unwrap();
    let profile = libreoffice_profile(work.path(), recalc_profile);
    let out = work.path().join("csv");
    let status = Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"])
        .arg("--outdir")
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stem = xlsx.file_stem().unwrap().to_string_lossy();
    let csv = out.join(format!("{stem}-Scores.csv"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&csv)
        .unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// A number as a spreadsheet shows it (`66,7%`, `6.5`, `0.6666…`), and how far the shown
/// value may be from the exact one: a percentage is shown to 0.1%, other cells fully.
fn shown_number(cell: &str) -> Option<(f64, f64)> {
    let cell = cell.trim().replace(',', ".");
    // As shown, rounded to the decimals shown: within half of the last one.
    let decimals = cell.split_once('.').map_or(0, |(_, d)| d.len());
    let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-12;
    cell.parse().ok().map(|x| (x, tolerance))
}

/// A share (0–1) of the points above the lowest level as the mean points per indicator
/// it stands for: how the sheet and the reports show scores.
fn in_points(plan: &Plan, f: &meetlat::grade::Q) -> f64 {
    let lowest = plan.levels[0].points as f64;
    let highest = plan.levels.last().unwrap().points as f64;
    lowest + f.to_f64().unwrap() * (highest - lowest)
}

/// Check that one student's row, as shown (`at(column)`), is what the grading module gives
/// for `entry`: every outcome score and cesuur flag, the grade and the result. A row with an
/// empty cell shows no grade yet and "nog invullen".
pub(crate) fn assert_row_agrees(
    plan: &Plan,
    layout: &Layout,
    entry: &[Vec<Option<Option<usize>>>],
    at: &dyn Fn(u16) -> String,
    what: &str,
) {
    let english = plan.course.language == meetlat::model::Language::En;
    let (yes, no, no_evidence, to_fill) = if english {
        ("yes", "no", "insufficient evidence", "to be filled in")
    } else {
        ("ja", "nee", "onvoldoende bewijs", "nog invullen")
    };
    let expected = grade(plan, entry);
    let row: Vec<String> = (0..=layout.result_col).map(at).collect();
    let ctx = || format!("{what}: {entry:?}\nexpected {expected:?}\nrow {row:?}");
    for (i, og) in expected.outcomes.iter().enumerate() {
        let cell = at(layout.score_col + i as u16);
        match &og.fraction {
            None => assert_eq!(cell, "", "score {i}: {}", ctx()),
            Some(f) => {
                let (got, tolerance) = shown_number(&cell)
                    .unwrap_or_else(|| panic!("score {i} `{cell}`: {}", ctx()));
                assert!(
                    (got - in_points(plan, f)).abs() <= tolerance,
                    "score {i}: {}",
                    ctx()
                );
            }
        }
        let reached = match og.reached_cesuur {
            None => "",
            Some(true) => yes,
            Some(false) => no,
        };
        assert_eq!(at(layout.cesuur_col + i as u16), reached, "cesuur {i}: {}", ctx());
    }
    let complete = entry.iter().flatten().all(Option::is_some);
    let final_shown = at(layout.final_col);
    match (&expected.final_fraction, complete) {
        (Some(f), true) => {
            let (got, tolerance) = shown_number(&final_shown)
                .unwrap_or_else(|| panic!("final score `{final_shown}`: {}", ctx()));
            assert!(
                (got - in_points(plan, f)).abs() <= tolerance,
                "final score: {}",
                ctx()
            );
        }
        _ => assert_eq!(final_shown, "", "final score: {}", ctx()),
    }
    let (grade_shown, result_shown) = (at(layout.grade_col), at(layout.result_col));
    if !complete {
        assert_eq!(grade_shown, "", "grade of an unfinished row: {}", ctx());
        assert_eq!(result_shown, to_fill, "result of an unfinished row: {}", ctx());
        return;
    }
    match &expected.grade {
        // A course without a grade: the grade's (hidden) column stays empty.
        None if !plan.rules.graded => assert_eq!(grade_shown, "", "{}", ctx()),
        None => assert_eq!(grade_shown, no_evidence, "{}", ctx()),
        Some(g) => {
            let (got, _) = shown_number(&grade_shown)
                .unwrap_or_else(|| panic!("grade `{grade_shown}`: {}", ctx()));
            assert!((got - g.to_f64().unwrap()).abs() < 1e-9, "grade: {}", ctx());
        }
    }
    let verdict = match (expected.verdict, english) {
        (Verdict::Voldoende, false) => "voldoende",
        (Verdict::Onvoldoende, false) => "onvoldoende",
        (Verdict::Incompleet, false) => "incompleet",
        (Verdict::Voldoende, true) => "pass",
        (Verdict::Onvoldoende, true) => "fail",
        (Verdict::Incompleet, true) => "incomplete",
    };
    assert_eq!(result_shown, verdict, "result: {}", ctx());
}

/// The text a teacher picks for an entry: a level id, `NG`, or nothing.
fn entry_text(plan: &Plan, e: Option<Option<usize>>) -> Option<String> {
    e.map(|e| match e {
        Some(l) => plan.levels[l].id.clone(),
        None => "NG".to_owned(),
    })
}

/// The empty sheet for `entries.len()` students, as `meetlat sheet` makes it.
fn empty_sheet(plan: &mut Plan, entries: &Entries, dir: &Path) -> PathBuf {
    plan.students = (0..entries.len()).map(student).collect();
    let xlsx = dir.join("empty.xlsx");
    std::fs::write(&xlsx, scoring_sheet::render(plan, (2027, 1, 29), None).unwrap())
        .unwrap();
    xlsx
}

/// Open the empty sheet in LibreOffice as a teacher has it (a fresh profile, default
/// settings: an xlsx file is never recalculated on load), type every entry into its cell
/// one by one through LibreOffice's own API, and compare what each row then shows with
/// the grading module. Nothing forces a recalculation.
pub(crate) fn assert_typed_sheet_agrees(mut plan: Plan, entries: &Entries) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = empty_sheet(&mut plan, entries, dir.path());
    let layout = Layout::new(&plan);
    let mut typed = Vec::new();
    for (s, entry) in entries.iter().enumerate() {
        let row = FIRST_STUDENT_ROW + s as u32 + 1;
        for (o, &(first, _)) in layout.inputs.iter().enumerate() {
            for (i, e) in entry[o].iter().enumerate() {
                if let Some(text) = entry_text(&plan, *e) {
                    let cell = format!("{}{row}", column_name(first + i as u16));
                    typed.push(serde_json::json!(["Scores", cell, text]));
                }
            }
        }
    }
    let last_row = FIRST_STUDENT_ROW as usize + entries.len();
    let range = format!(
        "Scores!A{}:{}{last_row}",
        FIRST_STUDENT_ROW + 1,
        column_name(layout.result_col)
    );
    let shown = crate::office::run(&serde_json::json!({
        "file": xlsx,
        "steps": [{"type": typed}, {"read": [range]}],
    }));
    let rows = crate::office::rows(
        &shown,
        1,
        "Scores",
        (FIRST_STUDENT_ROW + 1, last_row as u32),
        layout.result_col,
    );
    assert_eq!(rows.len(), entries.len());
    for (s, entry) in entries.iter().enumerate() {
        let row = &rows[s];
        assert_eq!(row[0], plan.students[s].number);
        let at = |col: u16| row.get(usize::from(col)).cloned().unwrap_or_default();
        assert_row_agrees(&plan, &layout, entry, &at, &format!("typed student {s}"));
    }
    entries.len()
}

#[test]
fn typing_levels_in_libreoffice_with_default_settings_shows_the_grading_modules_grades() {
    let plan = plan_of(&root().join("examples/stage.yaml"));
    let entries = cohort(&plan, 200, 0x5eed_2026);
    let compared = assert_typed_sheet_agrees(plan, &entries);
    assert!(compared >= 300, "compared {compared} students");
}

#[test]
fn other_grading_rules_agree_when_typed_too() {
    // Three levels with uneven points, cesuur 5.5, half points, no knock-out.
    let plan =
        plan_of(&root().join("tests/fixtures/courses/valid-custom-rules/course.yaml"));
    let entries = cohort(&plan, 100, 42);
    assert_typed_sheet_agrees(plan, &entries);
    // Weights with decimals and a narrowed selection.
    let plan =
        plan_of(&root().join("tests/fixtures/courses/valid-selection/course.yaml"));
    let entries = cohort(&plan, 100, 7);
    assert_typed_sheet_agrees(plan, &entries);
}

/// Write the sheet with `entries` already in it (as tests and the example do).
fn prefilled_sheet(plan: &mut Plan, entries: &Entries, dir: &Path) -> PathBuf {
    plan.students = (0..entries.len()).map(student).collect();
    let prefill = |s: usize, o: usize, i: usize| -> Option<String> {
        entry_text(plan, entries[s][o][i])
    };
    let bytes = scoring_sheet::render(plan, (2027, 1, 29), Some(&prefill)).unwrap();
    let xlsx = dir.join("filled.xlsx");
    std::fs::write(&xlsx, bytes).unwrap();
    xlsx
}

/// A sheet viewer that never calculates (a file preview, a phone app) shows the values the
/// file stores for its formulas: they must be the grading module's, for an empty sheet and
/// for one made with levels in it. Read without any spreadsheet program (calamine).
#[test]
fn the_stored_results_are_the_truth_without_any_calculation() {
    use calamine::{Data, Reader, open_workbook_auto};
    for (course, seed) in [
        ("examples/stage.yaml", 11),
        ("tests/fixtures/courses/valid-custom-rules/course.yaml", 12),
        ("tests/fixtures/courses/valid-selection/course.yaml", 13),
    ] {
        let mut plan = plan_of(&root().join(course));
        let entries = cohort(&plan, 300, seed);
        let dir = tempfile::tempdir().unwrap();
        let empty: Entries =
            entries.iter().map(|_| uniform(&plan, None)).take(5).collect();
        for (entries, xlsx) in [
            (&entries, prefilled_sheet(&mut plan, &entries, dir.path())),
            (&empty, empty_sheet(&mut plan.clone(), &empty, dir.path())),
        ] {
            plan.students = (0..entries.len()).map(student).collect();
            let layout = Layout::new(&plan);
            let mut wb = open_workbook_auto(&xlsx).unwrap();
            let range = wb.worksheet_range("Scores").unwrap();
            for (s, entry) in entries.iter().enumerate() {
                let at = |col: u16| match range
                    .get_value((FIRST_STUDENT_ROW + s as u32, u32::from(col)))
                {
                    None | Some(Data::Empty) => String::new(),
                    Some(Data::Float(f)) => format!("{f}"),
                    Some(Data::Int(i)) => format!("{i}"),
                    Some(Data::String(t)) => t.clone(),
                    Some(other) => format!("{other:?}"),
                };
                assert_row_agrees(
                    &plan,
                    &layout,
                    entry,
                    &at,
                    &format!("{course} stored {s}"),
                );
            }
            // The settings the formulas use are plain values, never stale results.
            let name = meetlat::sheet::layout::settings_sheet(&plan);
            let settings = wb.worksheet_formula(name).unwrap();
            assert!(
                settings.used_cells().all(|(_, _, f)| f.is_empty()),
                "no formulas on {name}"
            );
        }
    }
}

/// LibreOffice told to recalculate everything on load agrees too (a second opinion; the
/// proof is the typing test above, which runs with default settings).
#[test]
fn libreoffice_recalculating_everything_agrees_too() {
    let mut plan = plan_of(&root().join("examples/stage.yaml"));
    let entries = cohort(&plan, 300, 0x5eed_2027);
    let dir = tempfile::tempdir().unwrap();
    let xlsx = prefilled_sheet(&mut plan, &entries, dir.path());
    let rows = recalculate(&xlsx, true);
    let layout = Layout::new(&plan);
    for (s, entry) in entries.iter().enumerate() {
        let row = &rows[FIRST_STUDENT_ROW as usize + s];
        let at = |col: u16| row.get(usize::from(col)).cloned().unwrap_or_default();
        assert_row_agrees(&plan, &layout, entry, &at, &format!("recalculated {s}"));
    }
}

#[test]
fn the_empty_example_sheet_shows_the_truth_in_libreoffice_with_default_settings() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &["sheet", "examples/stage.yaml", "--output", out.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let xlsx = out.path().join("SW3-STAGE-OW-scores.xlsx");
    let rows = recalculate(&xlsx, false);
    assert_eq!(rows[1][0], "Studentnummer");
    assert!(rows[1].iter().any(|h| h == "Cijfer"));
    assert_eq!(rows.len(), FIRST_STUDENT_ROW as usize + 30);
    let column = |name: &str| rows[1].iter().position(|h| h == name).unwrap();
    let (result, motivation) = (column("Resultaat"), column("Toelichting"));
    assert_eq!(motivation, result + 1);
    for row in &rows[FIRST_STUDENT_ROW as usize..] {
        // The result shows what to do; the motivation columns after it are empty.
        assert_eq!(row[result], "nog invullen", "{row:?}");
        assert!(row[motivation..].iter().all(String::is_empty), "{row:?}");
        assert!(
            !row.iter().any(|c| c.starts_with('#') || c.starts_with("Err:")),
            "{row:?}"
        );
    }
}

/// A part of the xlsx (a zip) as text, read with Python's zipfile.
pub(crate) fn xlsx_part(xlsx: &Path, part: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())"])
        .arg(xlsx)
        .arg(part)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sheet_has_dropdowns_protection_names_and_is_reproducible() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let run = meetlat(
            &root(),
            &["sheet", "examples/stage.yaml", "-o", d.path().to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let xa = a.path().join("SW3-STAGE-OW-scores.xlsx");
    let xb = b.path().join("SW3-STAGE-OW-scores.xlsx");
    assert_eq!(
        std::fs::read(&xa).unwrap(),
        std::fs::read(&xb).unwrap(),
        "identical bytes"
    );

    let workbook = xlsx_part(&xa, "xl/workbook.xml");
    for name in ["Instructie", "Scores", "Rubric", "Instellingen"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "sheet {name}");
    }
    for name in [
        "Cesuur",
        "CijferCesuur",
        "NiveauIds",
        "NiveauPunten",
        "Keuzelijst",
        "Weging_LU3",
        "Afronding",
    ] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "defined name {name}");
    }
    let scores = xlsx_part(&xa, "xl/worksheets/sheet2.xml");
    assert!(scores.contains("<dataValidation type=\"list\""), "dropdowns");
    assert!(scores.contains("<formula1>Keuzelijst</formula1>"));
    assert!(scores.contains("<sheetProtection"), "protected");
    assert!(scores.contains("state=\"frozen\""), "frozen panes");
    assert!(
        scores.contains("<pageSetup paperSize=\"9\"")
            && scores.contains("orientation=\"landscape\"")
    );
    assert!(scores.contains("Cesuur-Tolerantie"), "formulas use the named settings");
    let core = xlsx_part(&xa, "docProps/custom.xml");
    assert!(core.contains("meetlat-fingerprint") && core.contains("meetlat-course"));
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let mut plan = plan_of(&root().join("examples/stage.yaml"));
    let long = "Zoë van ’t Hek-Öztürk ".repeat(12);
    let names =
        ["=1+1", "+31612345678", "-Anna", "@Bram", "=HYPERLINK(\"x\")", long.trim()];
    plan.students = names
        .iter()
        .enumerate()
        .map(|(i, n)| Student { last_name: (*n).to_owned(), ..student(i) })
        .collect();
    let bytes = scoring_sheet::render(&plan, (2027, 1, 29), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("names.xlsx");
    std::fs::write(&xlsx, bytes).unwrap();
    let rows = recalculate(&xlsx, true);
    for (i, n) in names.iter().enumerate() {
        assert_eq!(
            rows[FIRST_STUDENT_ROW as usize + i][1],
            format!("{}, Test", n.trim())
        );
    }
}

/// The sheet as LibreOffice prints it (default settings, a fresh profile): the text of
/// each page.
fn printed_pages(xlsx: &Path) -> Vec<String> {
    let work = tempfile::tempdir().unwrap();
    let profile = libreoffice_profile(work.path(), false);
    let out = work.path().join("pdf");
    let status = Command::new(which("soffice").expect("LibreOffice (soffice)"))
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let printed =
        out.join(format!("{}.pdf", xlsx.file_stem().unwrap().to_string_lossy()));
    (1..=pdf::pages(&printed)).map(|p| pdf::page(&printed, p)).collect()
}

#[test]
fn printed_each_outcome_of_the_sheet_starts_a_page_with_its_title_whole() {
    let out = tempfile::tempdir().unwrap();
    let run = meetlat(
        &root(),
        &["sheet", "examples/stage.yaml", "--output", out.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let pages = printed_pages(&out.path().join("SW3-STAGE-OW-scores.xlsx"));
    let plan = prepare(&Inputs {
        course: root().join("examples/stage.yaml"),
        ..Inputs::default()
    })
    .unwrap()
    .plan;
    for o in &plan.outcomes {
        // The title's start on one page only (a title cut at a page edge shows on two),
        // with all the outcome's indicator columns.
        let start = format!("{} {}", o.id, o.title.split_whitespace().next().unwrap());
        let on: Vec<&String> = pages
            .iter()
            .filter(|p| p.contains("Studentnummer") && p.contains(&start))
            .collect();
        assert_eq!(on.len(), 1, "`{start}` on {} pages", on.len());
        let ids: Vec<&str> = o.indicators.iter().map(|i| i.id.as_str()).collect();
        assert!(on[0].contains(&ids.join(" ")), "{}: {}", o.id, on[0]);
    }
}

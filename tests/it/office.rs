//! LibreOffice as a teacher has it: `tests/support/lo_type.py` opens a workbook in
//! LibreOffice Calc with a fresh profile (default settings), types into cells one by one
//! through LibreOffice's own API (python3-uno) and reads back what the cells show.

use serde_json::Value;

use crate::root;

/// Run one job (see the script's documentation) in a Dutch LibreOffice (as on a Dutch
/// teacher's computer: `6,5`) and return its result; panics with the script's message
/// when it fails.
pub fn run(job: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("job.json");
    let jobs = serde_json::json!({"jobs": [job], "locale": "nl-NL"});
    std::fs::write(&path, serde_json::to_vec(&jobs).unwrap()).unwrap();
    let out = std::process::Command::new("/usr/bin/python3")
        .arg(root().join("tests/support/lo_type.py"))
        .arg(&path)
        .output()
        .expect(
            "/usr/bin/python3 runs (LibreOffice and python3-uno are installed by \
             `bash tests/run.sh`)",
        );
    assert!(
        out.status.success(),
        "lo_type.py failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Value = serde_json::from_slice(&out.stdout).expect("lo_type.py prints JSON");
    let result = all["results"][0].clone();
    if let Some(e) = result.get("error") {
        panic!("LibreOffice job failed: {e}");
    }
    // A cell the program would not let a user type into (a locked cell of a protected
    // sheet) is reported by the script as refused: typing there proves nothing.
    for step in result["steps"].as_array().into_iter().flatten() {
        if let Some(refused) = step.get("type").and_then(|t| t.get("refused")) {
            assert!(
                refused.as_array().is_none_or(Vec::is_empty),
                "LibreOffice refused to type into {refused}"
            );
        }
    }
    result
}

/// What the cells of `sheet` show, rows `first..=last` (1-based, as in `A3`) and columns
/// `A..=last_col` (0-based), from the `read` step at `step` of a job's result.
pub fn rows(
    result: &Value,
    step: usize,
    sheet: &str,
    rows: (u32, u32),
    last_col: u16,
) -> Vec<Vec<String>> {
    let read = &result["steps"][step]["read"];
    assert!(read.is_object(), "step {step} is not a read: {result}");
    (rows.0..=rows.1)
        .map(|r| {
            (0..=last_col)
                .map(|c| {
                    let key = format!(
                        "{sheet}!{}{r}",
                        meetlat::render::scoring_sheet::column_name(c)
                    );
                    read[&key]["shows"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{key} was not read"))
                        .to_owned()
                })
                .collect()
        })
        .collect()
}

/// Type `fill(s, o, i)` (a level id or `NG`; `None` leaves the cell empty) for every
/// student, outcome and indicator into the sheet `empty` in LibreOffice (default
/// settings, as a teacher has it), a motivation for every student (`Toelichting`) and
/// one for every outcome that misses the cut score (`Toelichting LU3`), and save it
/// there as `saved`.
pub fn type_and_save(
    plan: &meetlat::resolve::Plan,
    empty: &std::path::Path,
    saved: &std::path::Path,
    fill: &dyn Fn(usize, usize, usize) -> Option<String>,
) {
    use meetlat::render::scoring_sheet::{FIRST_STUDENT_ROW, Layout, column_name};
    let layout = Layout::new(plan);
    let mut typed = Vec::new();
    for s in 0..plan.students.len() {
        for (o, &(first, _)) in layout.inputs.iter().enumerate() {
            for i in 0..plan.outcomes[o].indicators.len() {
                if let Some(value) = fill(s, o, i) {
                    let cell = format!(
                        "{}{}",
                        column_name(first + i as u16),
                        FIRST_STUDENT_ROW as usize + s + 1
                    );
                    typed.push(serde_json::json!(["Scores", cell, value]));
                }
            }
        }
        let cell = format!(
            "{}{}",
            column_name(layout.motivation_col),
            FIRST_STUDENT_ROW as usize + s + 1
        );
        typed.push(serde_json::json!(["Scores", cell, motivation(plan, s)]));
        let levels: Vec<Vec<Option<usize>>> = plan
            .outcomes
            .iter()
            .enumerate()
            .map(|(o, out)| {
                (0..out.indicators.len())
                    .map(|i| {
                        fill(s, o, i)
                            .and_then(|id| plan.levels.iter().position(|l| l.id == id))
                    })
                    .collect()
            })
            .collect();
        for (o, og) in plan.grade(&levels).outcomes.iter().enumerate() {
            if og.reached_cesuur == Some(false) {
                let cell = format!(
                    "{}{}",
                    column_name(layout.outcome_motivation_col + o as u16),
                    FIRST_STUDENT_ROW as usize + s + 1
                );
                typed.push(serde_json::json!([
                    "Scores",
                    cell,
                    outcome_motivation(plan, s, o)
                ]));
            }
        }
    }
    run(&serde_json::json!({
        "file": empty,
        "steps": [{"type": typed}, {"save_as": saved}],
    }));
}

/// The motivation typed for outcome `o` of student `s` when it misses the cut score.
pub fn outcome_motivation(plan: &meetlat::resolve::Plan, s: usize, o: usize) -> String {
    let (id, number) = (&plan.outcomes[o].id, &plan.students[s].number);
    match plan.course.language {
        meetlat::model::Language::Nl => format!(
            "Bij {id} liet {number} de gedragsindicatoren te weinig zelfstandig zien; de examinatoren adviseren een herkansing."
        ),
        meetlat::model::Language::En => format!(
            "In {id}, {number} showed the indicators too little on their own; the examiners advise a resit."
        ),
    }
}

/// The motivation typed for student `s`: what examiners write, with a number in it so a
/// report shows whose it is.
pub fn motivation(plan: &meetlat::resolve::Plan, s: usize) -> String {
    match plan.course.language {
        meetlat::model::Language::Nl => format!(
            "Besproken in het eindgesprek van {}; de examinatoren zijn het eens over elk niveau.",
            plan.students[s].number
        ),
        meetlat::model::Language::En => format!(
            "Discussed in the final interview of {}; the examiners agree on every level.",
            plan.students[s].number
        ),
    }
}

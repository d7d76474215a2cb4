//! Grading the example course: the anchors of the scale and the rules, on the real plan.

use meetlat::grade::{Decision, Verdict, exact, int};
use meetlat::resolve::Plan;
use meetlat::{Inputs, prepare};

use crate::root;

fn plan() -> Plan {
    prepare(&Inputs { course: root().join("examples/stage.yaml"), ..Inputs::default() })
        .expect("example is valid")
        .plan
}

/// Grade with one level index for every indicator of each outcome.
fn grade_uniform(
    plan: &Plan,
    per_outcome: &[Option<usize>],
) -> meetlat::grade::GradeResult {
    let levels: Vec<Vec<Option<usize>>> = plan
        .outcomes
        .iter()
        .zip(per_outcome)
        .map(|(o, l)| vec![*l; o.indicators.len()])
        .collect();
    plan.grade(&levels)
}

#[test]
fn all_voldoende_is_six_all_goed_eight_all_excellent_ten() {
    let plan = plan();
    for (level, grade) in [(0, 1.0), (1, 6.0), (2, 8.0), (3, 10.0)] {
        let g = grade_uniform(&plan, &[Some(level); 6]);
        assert_eq!(g.grade, Some(exact(grade).unwrap()), "level {level}");
    }
}

#[test]
fn one_outcome_below_the_cesuur_fails_with_at_most_five() {
    let plan = plan();
    let g = grade_uniform(&plan, &[Some(3), Some(3), Some(3), Some(3), Some(3), Some(0)]);
    assert_eq!(g.verdict, Verdict::Onvoldoende);
    assert_eq!(g.decided_by, Decision::KnockOut);
    assert_eq!(g.grade, Some(int(5)));
    assert!(g.raw_grade.unwrap() > int(8));
}

#[test]
fn weights_come_from_the_course_file() {
    let plan = plan();
    let lu3 = plan.outcomes.iter().find(|o| o.id == "LU3").unwrap();
    assert_eq!(lu3.weight_exact, int(2));
    // LU3 at excellent counts twice: (2·1 + 5·(2/3)) / 7 → 0.7619… → 8.57… → 8.6
    let g = grade_uniform(&plan, &[Some(2), Some(2), Some(3), Some(2), Some(2), Some(2)]);
    assert_eq!(g.grade, Some(exact(8.6).unwrap()));
}

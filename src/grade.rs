//! Grading: the one place where scores become grades. Exact rational arithmetic, so a
//! grade of 6.45 is exactly 6.45 and rounds half up to 6.5, never to 6.4.
//!
//! Rules (each configurable in the course file, see [`crate::model::Grading`]):
//! - per indicator a level, or not observed (NG; an empty cell counts as NG). NG is
//!   left out of both the points and the maximum;
//! - an outcome needs evidence: at least `min_observed` of its indicators observed,
//!   otherwise it and the final result are incomplete ("onvoldoende bewijs");
//! - outcome fraction = (points − minimum) / (maximum − minimum) over the observed
//!   indicators; final fraction = weighted mean of the outcome fractions;
//! - the cut score (cesuur) is the fraction reached when every indicator is at the pass
//!   level; it gives `grade_at_cesuur`. The grade runs in two straight segments: 0 → 1.0,
//!   cesuur → `grade_at_cesuur`, 1 → 10.0;
//! - the grade is rounded by the rounding profile;
//! - knock-out: an outcome below the cesuur fails the whole; the grade is capped;
//! - pass = rounded grade ≥ `pass_grade` and no knock-out;
//! - without a grade (`grading.grade: none`): pass = final fraction ≥ cesuur and no
//!   knock-out; no grade is computed.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use serde::Serialize;

use crate::model::Rounding;

/// An exact number.
pub type Q = BigRational;

/// The resolved rules, as exact numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Points of each level, lowest first.
    pub points: Vec<i64>,
    /// Index of the pass level in `points`.
    pub pass_level: usize,
    /// Grade at the cut score.
    pub grade_at_cesuur: Q,
    /// Rounding profile.
    pub rounding: Rounding,
    /// Share of indicators that must be observed per outcome.
    pub min_observed: Q,
    /// Whether every outcome must reach the cut score.
    pub knockout: bool,
    /// Highest grade under a knock-out.
    pub knockout_cap: Q,
    /// Lowest passing grade.
    pub pass_grade: Q,
    /// Whether a grade is given; without one the result is pass or fail by the cut
    /// score itself (and the knock-out and evidence rules).
    pub graded: bool,
}

/// One outcome's scores: its weight and, per indicator, a level index or `None` (NG).
#[derive(Debug, Clone)]
pub struct OutcomeScores<'a> {
    /// Outcome id.
    pub id: &'a str,
    /// Weight (not necessarily normalised).
    pub weight: Q,
    /// Per selected indicator: the index of the chosen level, or `None` when not observed.
    pub levels: &'a [Option<usize>],
}

/// The result for one outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeGrade {
    /// Outcome id.
    pub id: String,
    /// Indicators observed.
    pub observed: usize,
    /// Indicators selected.
    pub total: usize,
    /// Whether enough indicators were observed.
    pub enough_evidence: bool,
    /// Fraction 0–1 over the observed indicators; `None` without enough evidence.
    #[serde(serialize_with = "ser_opt_q")]
    pub fraction: Option<Q>,
    /// Whether the fraction reached the cut score.
    pub reached_cesuur: Option<bool>,
}

/// The final result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Passed.
    Voldoende,
    /// Failed.
    Onvoldoende,
    /// Not enough evidence to grade.
    Incompleet,
}

impl Verdict {
    /// The verdict as a fixed word for data (`voldoende`, `onvoldoende`, `incompleet`):
    /// the overview's data and `grades.csv`; documents use `words::result_text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Voldoende => "voldoende",
            Verdict::Onvoldoende => "onvoldoende",
            Verdict::Incompleet => "incompleet",
        }
    }
}

/// Which rule decided the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// The grade compared with the pass mark.
    Cesuur,
    /// An outcome below the cut score.
    KnockOut,
    /// Too few observed indicators.
    Evidence,
}

/// The grade of one student.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeResult {
    /// Per outcome, in the order given.
    pub outcomes: Vec<OutcomeGrade>,
    /// Weighted mean of the outcome fractions; `None` when incomplete.
    #[serde(serialize_with = "ser_opt_q")]
    pub final_fraction: Option<Q>,
    /// Grade before rounding and capping.
    #[serde(serialize_with = "ser_opt_q")]
    pub raw_grade: Option<Q>,
    /// Grade as given: rounded, capped under a knock-out.
    #[serde(serialize_with = "ser_opt_q")]
    pub grade: Option<Q>,
    /// Pass, fail or incomplete.
    pub verdict: Verdict,
    /// The rule that decided.
    pub decided_by: Decision,
}

fn ser_opt_q<S: serde::Serializer>(q: &Option<Q>, s: S) -> Result<S::Ok, S::Error> {
    match q {
        Some(q) => s.serialize_f64(q.to_f64().unwrap_or(f64::NAN)),
        None => s.serialize_none(),
    }
}

/// An integer as an exact number.
pub fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// A configuration number (from YAML, so an `f64`) as the exact decimal it was written as:
/// `0.1` becomes 1/10, not the nearest binary fraction.
pub fn exact(x: f64) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    let text = format!("{x}");
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => (-1, d),
        None => (1, text.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numerator: BigInt = format!("{whole}{frac}").parse().ok()?;
    let denominator = BigInt::from(10u32).pow(frac.len() as u32);
    Some(Q::new(numerator * sign, denominator))
}

impl Rules {
    /// The cut score as a fraction: where every indicator is at the pass level.
    pub fn cesuur(&self) -> Q {
        let min = self.points[0];
        let max = *self.points.last().unwrap_or(&min);
        Q::new(BigInt::from(self.points[self.pass_level] - min), BigInt::from(max - min))
    }

    /// A share of the points above the lowest level (an outcome's or the final fraction)
    /// as the mean points per indicator it stands for, on the rubric's own scale:
    /// lowest + share × (highest − lowest). How sheet and reports show scores.
    pub fn in_points(&self, share: &Q) -> Q {
        let lowest = self.points[0];
        let highest = *self.points.last().unwrap_or(&lowest);
        int(lowest) + share * int(highest - lowest)
    }

    /// The grade for a final fraction, before rounding.
    pub fn grade_for_fraction(&self, f: &Q) -> Q {
        let c = self.cesuur();
        let gc = &self.grade_at_cesuur;
        if *f <= c {
            int(1) + (gc - int(1)) * f / &c
        } else {
            gc + (int(10) - gc) * (f - &c) / (int(1) - &c)
        }
    }

    /// Round a grade by the profile.
    pub fn round(&self, g: &Q) -> Q {
        let half = Q::new(BigInt::one(), BigInt::from(2));
        match self.rounding {
            Rounding::EenDecimaal => (g * int(10) + &half).floor() / int(10),
            Rounding::HelePunten => (g + &half).floor(),
            Rounding::HalvePunten => {
                let h = (g * int(2) + &half).floor() / int(2);
                let five_half = Q::new(BigInt::from(11), BigInt::from(2));
                if h == five_half {
                    if *g >= five_half { int(6) } else { int(5) }
                } else {
                    h
                }
            }
        }
    }

    /// Grade one student.
    pub fn grade(&self, outcomes: &[OutcomeScores<'_>]) -> GradeResult {
        let min = self.points[0];
        let span = *self.points.last().unwrap_or(&min) - min;
        let cesuur = self.cesuur();
        let grades: Vec<OutcomeGrade> = outcomes
            .iter()
            .map(|o| {
                let observed: Vec<usize> = o.levels.iter().flatten().copied().collect();
                let total = o.levels.len();
                let enough =
                    Q::new(BigInt::from(observed.len()), BigInt::from(total.max(1)))
                        >= self.min_observed
                        && !observed.is_empty();
                let fraction = enough.then(|| {
                    let points: i64 =
                        observed.iter().map(|&l| self.points[l] - min).sum();
                    Q::new(
                        BigInt::from(points),
                        BigInt::from(span * observed.len() as i64),
                    )
                });
                OutcomeGrade {
                    id: o.id.to_owned(),
                    observed: observed.len(),
                    total,
                    enough_evidence: enough,
                    reached_cesuur: fraction.as_ref().map(|f| *f >= cesuur),
                    fraction,
                }
            })
            .collect();
        if grades.iter().any(|g| !g.enough_evidence) {
            return GradeResult {
                outcomes: grades,
                final_fraction: None,
                raw_grade: None,
                grade: None,
                verdict: Verdict::Incompleet,
                decided_by: Decision::Evidence,
            };
        }
        let total_weight: Q = outcomes.iter().map(|o| o.weight.clone()).sum();
        let weighted: Q = outcomes
            .iter()
            .zip(&grades)
            .map(|(o, g)| &o.weight * g.fraction.clone().unwrap_or_else(Q::zero))
            .sum();
        let final_fraction = weighted / total_weight;
        let knocked_out =
            self.knockout && grades.iter().any(|g| g.reached_cesuur == Some(false));
        if !self.graded {
            let (verdict, decided_by) = if knocked_out {
                (Verdict::Onvoldoende, Decision::KnockOut)
            } else if final_fraction >= cesuur {
                (Verdict::Voldoende, Decision::Cesuur)
            } else {
                (Verdict::Onvoldoende, Decision::Cesuur)
            };
            return GradeResult {
                outcomes: grades,
                final_fraction: Some(final_fraction),
                raw_grade: None,
                grade: None,
                verdict,
                decided_by,
            };
        }
        let raw = self.grade_for_fraction(&final_fraction);
        let mut grade = self.round(&raw);
        if knocked_out && grade > self.knockout_cap {
            grade = self.knockout_cap.clone();
        }
        let (verdict, decided_by) = if knocked_out {
            (Verdict::Onvoldoende, Decision::KnockOut)
        } else if grade >= self.pass_grade {
            (Verdict::Voldoende, Decision::Cesuur)
        } else {
            (Verdict::Onvoldoende, Decision::Cesuur)
        };
        GradeResult {
            outcomes: grades,
            final_fraction: Some(final_fraction),
            raw_grade: Some(raw),
            grade: Some(grade),
            verdict,
            decided_by,
        }
    }
}

/// Format an exact number with `decimals` decimals (it must already be rounded to that),
/// with the decimal separator given: `6,5`.
pub fn format_decimal(q: &Q, decimals: usize, separator: char) -> String {
    let scale = BigInt::from(10u32).pow(decimals as u32);
    let scaled = (q * Q::from_integer(scale.clone())).round().to_integer();
    let negative = scaled < BigInt::zero();
    let abs = if negative { -scaled } else { scaled };
    let whole = &abs / &scale;
    let frac = &abs % &scale;
    let sign = if negative { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{separator}{:0>width$}", frac.to_string(), width = decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> Rules {
        Rules {
            points: vec![1, 2, 3, 4],
            pass_level: 1,
            grade_at_cesuur: int(6),
            rounding: Rounding::EenDecimaal,
            min_observed: Q::new(BigInt::one(), BigInt::from(2)),
            knockout: true,
            knockout_cap: int(5),
            pass_grade: exact(5.5).unwrap(),
            graded: true,
        }
    }

    #[test]
    fn without_a_grade_the_cut_score_decides() {
        let r = Rules { graded: false, ..rules() };
        // All at the pass level: exactly the cut score, a pass without a grade.
        let g = grade_all(&r, &[vec![Some(1); 4], vec![Some(1); 2]]);
        assert_eq!(
            (g.verdict, g.grade.clone(), g.raw_grade.clone()),
            (Verdict::Voldoende, None, None)
        );
        // One indicator lower in one outcome: that outcome misses the cut score: knock-out.
        let g =
            grade_all(&r, &[vec![Some(1), Some(1), Some(1), Some(0)], vec![Some(3); 2]]);
        assert_eq!((g.verdict, g.decided_by), (Verdict::Onvoldoende, Decision::KnockOut));
        // Without the knock-out rule the weighted score decides: (1/4 + 1)/2 ≥ 1/3.
        let r = Rules { knockout: false, ..r };
        let g =
            grade_all(&r, &[vec![Some(1), Some(1), Some(1), Some(0)], vec![Some(3); 2]]);
        assert_eq!((g.verdict, g.decided_by), (Verdict::Voldoende, Decision::Cesuur));
        // Below the cut score overall.
        let g = grade_all(&r, &[vec![Some(0); 4], vec![Some(1); 2]]);
        assert_eq!((g.verdict, g.decided_by), (Verdict::Onvoldoende, Decision::Cesuur));
        // Too little evidence stays incomplete.
        let g = grade_all(&r, &[vec![None; 4], vec![Some(1); 2]]);
        assert_eq!(g.verdict, Verdict::Incompleet);
    }

    fn q(x: f64) -> Q {
        exact(x).unwrap()
    }

    fn grade_all(r: &Rules, outcomes: &[Vec<Option<usize>>]) -> GradeResult {
        let scores: Vec<OutcomeScores> = outcomes
            .iter()
            .enumerate()
            .map(|(i, l)| OutcomeScores {
                id: ["LU1", "LU2", "LU3"][i % 3],
                weight: int(1),
                levels: l,
            })
            .collect();
        r.grade(&scores)
    }

    #[test]
    fn uniform_levels_give_the_anchor_grades() {
        let r = rules();
        for (level, expected) in [(0, 1.0), (1, 6.0), (2, 8.0), (3, 10.0)] {
            let g = grade_all(&r, &[vec![Some(level); 5], vec![Some(level); 3]]);
            assert_eq!(g.grade, Some(q(expected)), "level {level}");
        }
        let mut r55 = rules();
        r55.grade_at_cesuur = q(5.5);
        let g = grade_all(&r55, &[vec![Some(1); 4]]);
        assert_eq!(g.grade, Some(q(5.5)));
    }

    #[test]
    fn half_up_on_exact_values() {
        let r = rules();
        assert_eq!(r.round(&q(6.45)), q(6.5));
        assert_eq!(r.round(&q(6.449999)), q(6.4));
        assert_eq!(r.round(&q(5.45)), q(5.5));
        assert_eq!(r.round(&q(1.05)), q(1.1));
        let halves = Rules { rounding: Rounding::HalvePunten, ..rules() };
        assert_eq!(halves.round(&q(5.3)), int(5));
        assert_eq!(halves.round(&q(5.5)), int(6));
        assert_eq!(halves.round(&q(6.2)), int(6));
        assert_eq!(halves.round(&q(6.25)), q(6.5));
        assert_eq!(halves.round(&q(6.75)), int(7));
        let whole = Rules { rounding: Rounding::HelePunten, ..rules() };
        assert_eq!(whole.round(&q(5.5)), int(6));
        assert_eq!(whole.round(&q(5.49)), int(5));
    }

    #[test]
    fn knockout_caps_and_fails() {
        let r = rules();
        // LU1 all excellent, LU2 all onvoldoende: mean fraction 1/2 would give 7.0.
        let g = grade_all(&r, &[vec![Some(3); 4], vec![Some(0); 4]]);
        assert_eq!(g.raw_grade, Some(int(7)));
        assert_eq!(g.grade, Some(int(5)));
        assert_eq!(g.verdict, Verdict::Onvoldoende);
        assert_eq!(g.decided_by, Decision::KnockOut);
    }

    #[test]
    fn too_little_evidence_is_incomplete() {
        let r = rules();
        let g = grade_all(&r, &[vec![Some(2), None, None], vec![Some(2); 2]]);
        assert_eq!(g.verdict, Verdict::Incompleet);
        assert_eq!(g.grade, None);
        // exactly half observed is enough
        let g = grade_all(&r, &[vec![Some(2), Some(2), None, None]]);
        assert_eq!(g.grade, Some(int(8)));
    }

    #[test]
    fn formats_with_a_comma() {
        assert_eq!(format_decimal(&q(6.5), 1, ','), "6,5");
        assert_eq!(format_decimal(&int(10), 1, ','), "10,0");
        assert_eq!(format_decimal(&q(0.05), 1, '.'), "0.1");
    }

    fn levels() -> impl Strategy<Value = Vec<Vec<Option<usize>>>> {
        prop::collection::vec(
            prop::collection::vec(prop::option::weighted(0.85, 0usize..4), 2..10),
            1..6,
        )
    }

    proptest! {
        #[test]
        fn raising_one_indicator_never_lowers_the_grade(
            outcomes in levels(), o in 0usize..6, i in 0usize..10
        ) {
            let r = Rules { knockout: false, ..rules() };
            let o = o % outcomes.len();
            let i = i % outcomes[o].len();
            if let Some(l) = outcomes[o][i].filter(|l| *l < 3) {
                let mut better = outcomes.clone();
                better[o][i] = Some(l + 1);
                let (a, b) = (grade_all(&r, &outcomes), grade_all(&r, &better));
                prop_assert!(b.raw_grade >= a.raw_grade);
                prop_assert!(b.grade >= a.grade);
            }
        }

        #[test]
        fn grades_stay_between_one_and_ten(outcomes in levels()) {
            let g = grade_all(&rules(), &outcomes);
            if let Some(grade) = g.grade {
                prop_assert!(grade >= int(1) && grade <= int(10));
            }
        }

        #[test]
        fn not_observed_never_scores_below_the_lowest_level(
            outcomes in levels(), o in 0usize..6, i in 0usize..10
        ) {
            let r = rules();
            let o = o % outcomes.len();
            let i = i % outcomes[o].len();
            let mut lowest = outcomes.clone();
            lowest[o][i] = Some(0);
            let mut ng = outcomes.clone();
            ng[o][i] = None;
            let (a, b) = (grade_all(&r, &lowest), grade_all(&r, &ng));
            if b.verdict != Verdict::Incompleet {
                prop_assert!(b.raw_grade >= a.raw_grade);
                prop_assert!(b.grade >= a.grade);
            }
        }

        #[test]
        fn all_at_pass_level_is_exactly_the_cesuur_grade(
            sizes in prop::collection::vec(1usize..10, 1..6)
        ) {
            let r = rules();
            let outcomes: Vec<Vec<Option<usize>>> = sizes.iter().map(|&n| vec![Some(1); n]).collect();
            let g = grade_all(&r, &outcomes);
            prop_assert_eq!(g.raw_grade, Some(int(6)));
            prop_assert_eq!(g.verdict, Verdict::Voldoende);
        }
    }
}

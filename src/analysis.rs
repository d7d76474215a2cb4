//! The analysis of the assessment (toetsanalyse) an exam committee reads after grading:
//! the one place where a cohort's results become statistics. The overview PDF
//! (`render::overview`) and its CSV show what this module computes; `verify` computes it
//! again from the archived inputs.
//!
//! - **Grade distribution** in the steps the rounding uses: half-point bins for
//!   one-decimal rounding (6,0–6,4 and 6,5–6,9; the last bin is 9,5–10,0), one bin per
//!   grade for half points (6,0, 6,5, …; 5,5 only when a grade is 5,5) and whole points.
//!   A bin never straddles the pass grade: one starts at the lowest grade step that passes.
//!   Students without a grade (too little evidence) are counted apart, never in a bin.
//! - **Per outcome**: how many students reached the cesuur, how many did not, and how many
//!   had too little evidence for it (the share is of those with enough evidence).
//! - **Per indicator**: the number of students per level and not observed (NG).
//! - **Agreement** between the supervisor's final observation (`Observations`, moment
//!   `eind`) and the examiner, per indicator: exact agreement and Cohen's weighted kappa
//!   with linear weights. Pairs with NG or no choice on either side are left out and
//!   counted.
//!
//! Counts are exact; shares and kappa are computed from the integer counts as exact
//! fractions and turned into `f64` once, so the figures are the same on every machine.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use crate::collect::Observations;
use crate::grade::{GradeResult, Q, Rules, Verdict, format_decimal, int};
use crate::model::Rounding;
use crate::resolve::Plan;

/// Kappa is not computed from fewer pairs than this: with fewer, one pair more or less
/// moves it by more than any rule of thumb's band. Exact agreement is still shown.
pub const MIN_PAIRS_FOR_KAPPA: usize = 10;

/// An indicator not observed for at least this share of the students is marked as
/// hardly observable.
pub const HARDLY_OBSERVED: f64 = 0.25;

/// The moment of the supervisor's observations compared with the examiner's levels.
pub const AGREEMENT_MOMENT: &str = "eind";

/// A fully assessed student as the analysis needs it.
#[derive(Debug, Clone, Copy)]
pub struct Assessed<'a> {
    /// Student number (to find the student's observation form).
    pub number: &'a str,
    /// The grading module's result.
    pub grade: &'a GradeResult,
    /// Per outcome (plan order) per indicator: the level index, or `None` for NG.
    pub levels: &'a [Vec<Option<usize>>],
}

/// Everything the analysis computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Students fully assessed (in the overview).
    pub assessed: usize,
    /// Students of the course left out (`--partial`).
    pub not_reported: usize,
    /// Students with a result: pass or fail (with a grade, where the course gives one).
    pub with_grade: usize,
    /// Passed.
    pub passed: usize,
    /// Failed (with a grade).
    pub failed: usize,
    /// Without a grade: too little evidence.
    pub incomplete: usize,
    /// Mean of the grades given (exact), `None` without grades.
    pub mean: Option<Q>,
    /// Sample standard deviation of the grades given (n − 1), `None` below 2 grades.
    pub sd: Option<f64>,
    /// The grade distribution, lowest first.
    pub bins: Vec<GradeBin>,
    /// Per outcome, in plan order.
    pub outcomes: Vec<OutcomeFigures>,
    /// Per indicator, in plan order (outcome by outcome).
    pub indicators: Vec<IndicatorFigures>,
    /// Supervisor against examiner, when observations were given.
    pub agreement: Option<Agreement>,
}

/// One bar of the grade distribution: the grades from `first` up to the next bin's
/// `first` (the last bin: up to 10).
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBin {
    /// The lowest grade step in the bin.
    pub first: Q,
    /// The highest grade step in the bin.
    pub last: Q,
    /// Students in the bin who passed.
    pub passed: usize,
    /// Students in the bin who failed (below the pass grade, or knocked out).
    pub failed: usize,
    /// True when the bin's grades are passing grades (a knock-out still fails).
    pub passing: bool,
}

impl GradeBin {
    /// All students in the bin.
    pub fn count(&self) -> usize {
        self.passed + self.failed
    }

    /// `6,0–6,4`, or `6,5` for a one-step bin, with `decimals` and `separator`; `dash` between.
    pub fn label(&self, decimals: usize, separator: char, dash: &str) -> String {
        let first = format_decimal(&self.first, decimals, separator);
        if self.first == self.last {
            first
        } else {
            format!("{first}{dash}{}", format_decimal(&self.last, decimals, separator))
        }
    }
}

/// One outcome's cesuur figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeFigures {
    /// Reached the cesuur.
    pub reached: usize,
    /// Enough evidence, below the cesuur.
    pub below: usize,
    /// Too little evidence for this outcome.
    pub no_evidence: usize,
}

impl OutcomeFigures {
    /// Students with enough evidence for the outcome.
    pub fn judged(&self) -> usize {
        self.reached + self.below
    }

    /// Share of those with enough evidence that reached the cesuur; `None` when none had.
    pub fn share(&self) -> Option<f64> {
        share(self.reached, self.judged())
    }
}

/// One indicator's levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorFigures {
    /// Index of the outcome in the plan.
    pub outcome: usize,
    /// Index of the indicator in its outcome.
    pub indicator: usize,
    /// Students per level, lowest level first.
    pub levels: Vec<usize>,
    /// Students for whom it was not observed (NG).
    pub not_observed: usize,
}

impl IndicatorFigures {
    /// All students counted.
    pub fn total(&self) -> usize {
        self.levels.iter().sum::<usize>() + self.not_observed
    }

    /// Share not observed; `None` without students.
    pub fn not_observed_share(&self) -> Option<f64> {
        share(self.not_observed, self.total())
    }

    /// Not observed for at least [`HARDLY_OBSERVED`] of the students.
    pub fn hardly_observed(&self) -> bool {
        self.not_observed_share().is_some_and(|s| s >= HARDLY_OBSERVED)
    }
}

/// Supervisor against examiner.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Final observation forms of assessed students that were compared.
    pub forms: usize,
    /// Per indicator, in plan order.
    pub indicators: Vec<IndicatorAgreement>,
    /// All indicators pooled into one table.
    pub overall: PairFigures,
}

/// One indicator's agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorAgreement {
    /// Index of the outcome in the plan.
    pub outcome: usize,
    /// Index of the indicator in its outcome.
    pub indicator: usize,
    /// The figures.
    pub figures: PairFigures,
}

/// The agreement of one table of pairs (supervisor level, examiner level).
#[derive(Debug, Clone, PartialEq)]
pub struct PairFigures {
    /// `table[s][e]`: pairs where the supervisor chose level `s`, the examiner `e`.
    pub table: Vec<Vec<usize>>,
    /// Pairs left out: NG or nothing chosen on either side.
    pub excluded: usize,
}

/// Why a kappa was not computed, or its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kappa {
    /// The weighted kappa.
    Value(f64),
    /// No pairs at all.
    NoPairs,
    /// Fewer than [`MIN_PAIRS_FOR_KAPPA`] pairs.
    TooFewPairs,
    /// Both chose one and the same level every time: the agreement expected by chance is
    /// already complete, so kappa is 0/0.
    NoVariation,
}

impl PairFigures {
    fn new(levels: usize) -> Self {
        PairFigures { table: vec![vec![0; levels]; levels], excluded: 0 }
    }

    /// Pairs compared.
    pub fn pairs(&self) -> usize {
        self.table.iter().flatten().sum()
    }

    /// Pairs with the same level.
    pub fn exact(&self) -> usize {
        (0..self.table.len()).map(|i| self.table[i][i]).sum()
    }

    /// Share of pairs with the same level; `None` without pairs.
    pub fn exact_share(&self) -> Option<f64> {
        share(self.exact(), self.pairs())
    }

    /// Cohen's weighted kappa with linear weights (a disagreement of `d` levels on a
    /// scale of `k` weighs `d / (k − 1)`):
    ///
    /// κ = 1 − (Σ wᵢⱼ oᵢⱼ) / (Σ wᵢⱼ eᵢⱼ), with oᵢⱼ the observed and eᵢⱼ = rᵢ cⱼ / n the
    /// expected counts. With integer counts that is κ = 1 − n Σ|i−j| nᵢⱼ / Σ|i−j| rᵢ cⱼ,
    /// computed exactly.
    pub fn kappa(&self) -> Kappa {
        let n = self.pairs();
        if n == 0 {
            return Kappa::NoPairs;
        }
        if n < MIN_PAIRS_FOR_KAPPA {
            return Kappa::TooFewPairs;
        }
        let k = self.table.len();
        let rows: Vec<usize> = self.table.iter().map(|r| r.iter().sum()).collect();
        let cols: Vec<usize> =
            (0..k).map(|j| self.table.iter().map(|r| r[j]).sum()).collect();
        let mut observed = BigInt::zero();
        let mut expected = BigInt::zero();
        for (i, (row, r)) in self.table.iter().zip(&rows).enumerate() {
            for (j, (n_ij, c)) in row.iter().zip(&cols).enumerate() {
                let d = BigInt::from(i.abs_diff(j));
                observed += &d * BigInt::from(*n_ij);
                expected += &d * BigInt::from(*r) * BigInt::from(*c);
            }
        }
        if expected.is_zero() {
            return Kappa::NoVariation;
        }
        let kappa = int(1) - Q::new(observed * BigInt::from(n), expected);
        Kappa::Value(kappa.to_f64().unwrap_or(f64::NAN))
    }
}

/// `part / whole`, `None` when `whole` is 0.
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Analyse a cohort: `assessed` in course order, `not_reported` students left out, and
/// the supervisors' observations when collected. Observations of another course, of
/// students not assessed, or of levels the course does not have are not compared (the
/// caller checks that the observations belong to the course).
pub fn analyse(
    plan: &Plan,
    assessed: &[Assessed<'_>],
    not_reported: usize,
    observations: Option<&Observations>,
) -> Analysis {
    let graded: Vec<(&Q, bool)> = assessed
        .iter()
        .filter_map(|a| {
            a.grade.grade.as_ref().map(|g| (g, a.grade.verdict == Verdict::Voldoende))
        })
        .collect();
    let grades: Vec<&Q> = graded.iter().map(|(g, _)| *g).collect();
    let count = |v: Verdict| assessed.iter().filter(|a| a.grade.verdict == v).count();
    let mean = (!grades.is_empty())
        .then(|| grades.iter().copied().sum::<Q>() / int(grades.len() as i64));
    let sd = match &mean {
        Some(m) if grades.len() >= 2 => {
            let squares: Q = grades.iter().map(|g| (*g - m) * (*g - m)).sum();
            let variance = squares / int(grades.len() as i64 - 1);
            Some(variance.to_f64().unwrap_or(f64::NAN).sqrt())
        }
        _ => None,
    };
    let outcomes = plan
        .outcomes
        .iter()
        .enumerate()
        .map(|(o, _)| {
            let mut f = OutcomeFigures { reached: 0, below: 0, no_evidence: 0 };
            for a in assessed {
                match a.grade.outcomes.get(o).and_then(|g| g.reached_cesuur) {
                    Some(true) => f.reached += 1,
                    Some(false) => f.below += 1,
                    None => f.no_evidence += 1,
                }
            }
            f
        })
        .collect();
    let levels = plan.levels.len();
    let indicators = plan
        .outcomes
        .iter()
        .enumerate()
        .flat_map(|(o, out)| {
            (0..out.indicators.len()).map(move |i| {
                let mut f = IndicatorFigures {
                    outcome: o,
                    indicator: i,
                    levels: vec![0; levels],
                    not_observed: 0,
                };
                for a in assessed {
                    match level_of(a, o, i) {
                        Some(l) if l < levels => f.levels[l] += 1,
                        _ => f.not_observed += 1,
                    }
                }
                f
            })
        })
        .collect();
    Analysis {
        assessed: assessed.len(),
        not_reported,
        // A grade is missing exactly when the result is incomplete; without grades
        // (`grading.grade: none`) these are the students with a result.
        with_grade: assessed
            .iter()
            .filter(|a| a.grade.verdict != Verdict::Incompleet)
            .count(),
        passed: count(Verdict::Voldoende),
        failed: count(Verdict::Onvoldoende),
        incomplete: count(Verdict::Incompleet),
        mean,
        sd,
        bins: bins(&plan.rules, &graded),
        outcomes,
        indicators,
        agreement: observations.map(|obs| agreement(plan, assessed, obs)),
    }
}

fn level_of(a: &Assessed<'_>, o: usize, i: usize) -> Option<usize> {
    a.levels.get(o).and_then(|l| l.get(i)).copied().flatten()
}

/// The grade steps of a rounding profile and the width of a bin, as exact numbers.
fn steps(rounding: Rounding) -> (Q, Q) {
    let tenth = Q::new(BigInt::from(1), BigInt::from(10));
    let half = Q::new(BigInt::from(1), BigInt::from(2));
    match rounding {
        Rounding::EenDecimaal => (tenth, half),
        Rounding::HalvePunten => (half.clone(), half),
        Rounding::HelePunten => (int(1), int(1)),
    }
}

/// The grade distribution (see the module documentation) of `grades`: each grade given
/// and whether the student passed.
fn bins(rules: &Rules, grades: &[(&Q, bool)]) -> Vec<GradeBin> {
    let (step, width) = steps(rules.rounding);
    // Every grade step from 1 to 10; half points never give 5,5 (unless a cap does).
    let five_half = Q::new(BigInt::from(11), BigInt::from(2));
    let mut values = Vec::new();
    let mut v = int(1);
    while v <= int(10) {
        let skip = rules.rounding == Rounding::HalvePunten
            && v == five_half
            && !grades.iter().any(|(g, _)| **g == five_half);
        if !skip {
            values.push(v.clone());
        }
        v += &step;
    }
    // The lowest step that passes starts a bin of its own.
    let first_pass = values.iter().find(|v| **v >= rules.pass_grade).cloned();
    let mut starts: Vec<Q> = Vec::new();
    for v in &values {
        let on_width = (v / &width).is_integer();
        let is_ten = *v == int(10) && width != step;
        if starts.is_empty() || (on_width && !is_ten) || Some(v) == first_pass.as_ref() {
            starts.push(v.clone());
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(b, first)| {
            let next = starts.get(b + 1);
            let inside = |g: &Q| g >= first && next.is_none_or(|n| g < n);
            let last = values
                .iter()
                .filter(|v| inside(v))
                .max()
                .cloned()
                .unwrap_or_else(|| first.clone());
            let in_bin: Vec<bool> =
                grades.iter().filter(|(g, _)| inside(g)).map(|(_, p)| *p).collect();
            GradeBin {
                passing: *first >= rules.pass_grade,
                passed: in_bin.iter().filter(|p| **p).count(),
                failed: in_bin.iter().filter(|p| !**p).count(),
                last,
                first: first.clone(),
            }
        })
        .collect()
}

/// Supervisor against examiner, per indicator and pooled.
fn agreement(plan: &Plan, assessed: &[Assessed<'_>], obs: &Observations) -> Agreement {
    let k = plan.levels.len();
    let level_index = |id: &str| plan.levels.iter().position(|l| l.id == id);
    let mut indicators: Vec<IndicatorAgreement> = plan
        .outcomes
        .iter()
        .enumerate()
        .flat_map(|(o, out)| {
            (0..out.indicators.len()).map(move |i| IndicatorAgreement {
                outcome: o,
                indicator: i,
                figures: PairFigures::new(k),
            })
        })
        .collect();
    let mut forms = 0;
    for a in assessed {
        // One final form per student (collect refuses conflicting copies).
        let Some(form) = obs
            .forms
            .iter()
            .find(|f| f.student == a.number && f.moment == AGREEMENT_MOMENT)
        else {
            continue;
        };
        forms += 1;
        for ind in &mut indicators {
            let out = &plan.outcomes[ind.outcome];
            let id = &out.indicators[ind.indicator].id;
            let supervisor = form
                .observations
                .iter()
                .find(|x| x.outcome == out.id && x.indicator == *id)
                .and_then(|x| x.level.as_deref())
                .and_then(level_index);
            match (supervisor, level_of(a, ind.outcome, ind.indicator)) {
                (Some(s), Some(e)) if e < k => ind.figures.table[s][e] += 1,
                _ => ind.figures.excluded += 1,
            }
        }
    }
    let mut overall = PairFigures::new(k);
    for ind in &indicators {
        overall.excluded += ind.figures.excluded;
        for (s, row) in ind.figures.table.iter().enumerate() {
            for (e, n) in row.iter().enumerate() {
                overall.table[s][e] += n;
            }
        }
    }
    Agreement { forms, indicators, overall }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(table: Vec<Vec<usize>>) -> PairFigures {
        PairFigures { table, excluded: 0 }
    }

    fn close(a: Kappa, b: f64) {
        match a {
            Kappa::Value(v) => assert!((v - b).abs() < 1e-12, "{v} ≠ {b}"),
            other => panic!("{other:?}, expected {b}"),
        }
    }

    #[test]
    fn weighted_kappa_of_a_small_table_by_hand() {
        // Supervisor (rows) against examiner (columns), three levels, n = 10:
        //        e0 e1 e2 | r
        //   s0 [  2  1  0 ] 3
        //   s1 [  1  3  1 ] 5
        //   s2 [  0  0  2 ] 2
        //   c     3  4  3
        // Linear disagreement weights |i−j|/2. Observed: three pairs one level apart,
        // Σ|i−j|·nᵢⱼ = 3. Expected: Σ|i−j|·rᵢ·cⱼ = 3·(4·1 + 3·2) + 5·(3·1 + 3·1)
        // + 2·(3·2 + 4·1) = 30 + 30 + 20 = 80. κ = 1 − n·3/80 = 1 − 30/80 = 0.625.
        // The same from agreement weights 1 − |i−j|/2: p_o = (7 + 3·½)/10 = 0.85,
        // p_e = (100 − 80/2)/100 = 0.6, κ = (0.85 − 0.6)/(1 − 0.6) = 0.625.
        let f = figures(vec![vec![2, 1, 0], vec![1, 3, 1], vec![0, 0, 2]]);
        assert_eq!(f.pairs(), 10);
        assert_eq!(f.exact(), 7);
        assert_eq!(f.exact_share(), Some(0.7));
        close(f.kappa(), 0.625);
    }

    #[test]
    fn weighted_kappa_of_a_four_level_table_by_hand() {
        // Four levels, n = 12:
        //        e0 e1 e2 e3 | r
        //   s0 [  1  1  0  0 ] 2
        //   s1 [  0  4  1  0 ] 5
        //   s2 [  0  2  2  0 ] 4
        //   s3 [  0  0  0  1 ] 1
        //   c     1  7  3  1
        // Σ|i−j|·nᵢⱼ = 1 + 1 + 2 = 4 (all one level apart).
        // Σ|i−j|·rᵢ·cⱼ: s0: 2·(7·1 + 3·2 + 1·3) = 32; s1: 5·(1·1 + 3·1 + 1·2) = 30;
        // s2: 4·(1·2 + 7·1 + 1·1) = 40; s3: 1·(1·3 + 7·2 + 3·1) = 20; total 122.
        // κ = 1 − 12·4/122 = 1 − 48/122 = 74/122 = 37/61 ≈ 0.60656.
        let f = figures(vec![
            vec![1, 1, 0, 0],
            vec![0, 4, 1, 0],
            vec![0, 2, 2, 0],
            vec![0, 0, 0, 1],
        ]);
        assert_eq!(f.exact(), 8);
        close(f.kappa(), 37.0 / 61.0);
    }

    #[test]
    fn perfect_chance_and_degenerate_kappas() {
        // Perfect agreement with variation: κ = 1.
        close(figures(vec![vec![5, 0], vec![0, 5]]).kappa(), 1.0);
        // The supervisor always says level 1, the examiner varies: agreement is what
        // chance gives, κ = 0 (observed = expected: 4·(6·1)·… → 1 − 10·4/40).
        // rows (0, 10), cols (4, 6); Σ|i−j|nᵢⱼ = 4; Σ|i−j|rᵢcⱼ = 10·4 = 40; κ = 1 − 40/40.
        close(figures(vec![vec![0, 0], vec![4, 6]]).kappa(), 0.0);
        // Both always the same single level: 0/0, not computed.
        assert_eq!(figures(vec![vec![0, 0], vec![0, 12]]).kappa(), Kappa::NoVariation);
        // Too few pairs, and none.
        let few = figures(vec![vec![3, 1], vec![1, 4]]);
        assert_eq!(few.pairs(), 9);
        assert_eq!(few.kappa(), Kappa::TooFewPairs);
        assert_eq!(few.exact_share(), Some(7.0 / 9.0));
        let none = figures(vec![vec![0, 0], vec![0, 0]]);
        assert_eq!(none.kappa(), Kappa::NoPairs);
        assert_eq!(none.exact_share(), None);
        // Systematic disagreement: below chance. rows (5, 5), cols (5, 5), all off the
        // diagonal: Σ|i−j|nᵢⱼ = 10, Σ|i−j|rᵢcⱼ = 25 + 25 = 50, κ = 1 − 10·10/50 = −1.
        close(figures(vec![vec![0, 5], vec![5, 0]]).kappa(), -1.0);
    }

    #[test]
    fn shares_and_figures() {
        assert_eq!(share(3, 0), None);
        assert_eq!(share(1, 4), Some(0.25));
        let o = OutcomeFigures { reached: 27, below: 1, no_evidence: 2 };
        assert_eq!(o.judged(), 28);
        assert_eq!(o.share(), Some(27.0 / 28.0));
        let i = IndicatorFigures {
            outcome: 0,
            indicator: 0,
            levels: vec![1, 2, 3, 1],
            not_observed: 3,
        };
        assert_eq!(i.total(), 10);
        assert_eq!(i.not_observed_share(), Some(0.3));
        assert!(i.hardly_observed());
        let i = IndicatorFigures { not_observed: 2, levels: vec![2, 2, 2, 2], ..i };
        assert!(!i.hardly_observed(), "2 of 10 is below a quarter");
    }
    fn q(x: f64) -> Q {
        crate::grade::exact(x).unwrap()
    }

    fn rules(rounding: Rounding, pass_grade: f64) -> Rules {
        Rules {
            points: vec![1, 2, 3, 4],
            pass_level: 1,
            grade_at_cesuur: int(6),
            rounding,
            min_observed: Q::new(BigInt::from(1), BigInt::from(2)),
            knockout: true,
            knockout_cap: int(5),
            pass_grade: q(pass_grade),
            graded: true,
        }
    }

    /// (label, passed, failed, passing) of every bin.
    fn shown(bins: &[GradeBin], decimals: usize) -> Vec<(String, usize, usize, bool)> {
        bins.iter()
            .map(|b| (b.label(decimals, ',', "–"), b.passed, b.failed, b.passing))
            .collect()
    }

    #[test]
    fn one_decimal_grades_fall_in_half_point_bins() {
        let r = rules(Rounding::EenDecimaal, 5.5);
        let given = [(5.0, false), (5.4, false), (5.5, true), (6.4, true), (6.5, true)];
        let mut grades: Vec<(Q, bool)> = given.iter().map(|(g, p)| (q(*g), *p)).collect();
        grades.push((q(9.9), true));
        grades.push((int(10), true));
        let refs: Vec<(&Q, bool)> = grades.iter().map(|(g, p)| (g, *p)).collect();
        let b = shown(&bins(&r, &refs), 1);
        // 1,0–1,4 … 9,0–9,4 and 9,5–10,0: eighteen bins.
        assert_eq!(b.len(), 18);
        assert_eq!(b[0], ("1,0–1,4".into(), 0, 0, false));
        assert_eq!(b[8], ("5,0–5,4".into(), 0, 2, false));
        assert_eq!(b[9], ("5,5–5,9".into(), 1, 0, true));
        assert_eq!(b[10], ("6,0–6,4".into(), 1, 0, true));
        assert_eq!(b[11], ("6,5–6,9".into(), 1, 0, true));
        assert_eq!(b[17], ("9,5–10,0".into(), 2, 0, true));
        assert_eq!(b.iter().map(|x| x.1 + x.2).sum::<usize>(), 7);
    }

    #[test]
    fn a_bin_never_straddles_the_pass_grade() {
        // Pass grade 5,8: 5,5–5,7 fails, 5,8–5,9 passes.
        let r = rules(Rounding::EenDecimaal, 5.8);
        let g = [q(5.7), q(5.8)];
        let b = shown(&bins(&r, &[(&g[0], false), (&g[1], true)]), 1);
        assert_eq!(b.len(), 19);
        assert_eq!(b[9], ("5,5–5,7".into(), 0, 1, false));
        assert_eq!(b[10], ("5,8–5,9".into(), 1, 0, true));
        assert_eq!(b[11].0, "6,0–6,4");
    }

    #[test]
    fn half_and_whole_points_have_a_bin_per_grade() {
        let r = rules(Rounding::HalvePunten, 5.5);
        let g = [int(5), int(6), q(6.5)];
        let b = shown(&bins(&r, &[(&g[0], false), (&g[1], true), (&g[2], true)]), 1);
        // 1,0 … 10,0 in half points, without 5,5 (the rounding never gives it).
        assert_eq!(b.len(), 18);
        assert!(!b.iter().any(|x| x.0 == "5,5"));
        assert_eq!(b[8], ("5,0".into(), 0, 1, false));
        assert_eq!(b[9], ("6,0".into(), 1, 0, true));
        assert_eq!(b[10], ("6,5".into(), 1, 0, true));
        // A cap of 5,5 would give it: then it is shown.
        let g = [q(5.5)];
        let b = shown(&bins(&r, &[(&g[0], false)]), 1);
        assert_eq!(b.len(), 19);
        assert_eq!(b[9], ("5,5".into(), 0, 1, true));

        let r = rules(Rounding::HelePunten, 5.5);
        let g = [int(5), int(6), int(6)];
        let b = shown(&bins(&r, &[(&g[0], false), (&g[1], true), (&g[2], false)]), 0);
        assert_eq!(b.len(), 10);
        assert_eq!(b[4], ("5".into(), 0, 1, false));
        // A knock-out at 6 (a cap above the pass grade) fails inside a passing bin.
        assert_eq!(b[5], ("6".into(), 1, 1, true));
        assert_eq!(b[9].0, "10");
    }

    fn example_plan() -> Plan {
        let course =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/stage.yaml");
        crate::prepare(&crate::Inputs { course, ..crate::Inputs::default() })
            .expect("the example course is valid")
            .plan
    }

    /// The levels of the example plan, every indicator at `level` (`None`: NG), with
    /// outcome 0 at `first`.
    fn uniform(
        plan: &Plan,
        first: Option<usize>,
        level: Option<usize>,
    ) -> Vec<Vec<Option<usize>>> {
        plan.outcomes
            .iter()
            .enumerate()
            .map(|(o, out)| {
                vec![if o == 0 { first } else { level }; out.indicators.len()]
            })
            .collect()
    }

    #[test]
    fn a_small_cohort_by_hand() {
        let plan = example_plan();
        assert_eq!(plan.outcomes[0].id, "LU1");
        assert_eq!(plan.levels.len(), 4);
        // A: everything voldoende → 6,0. B: everything onvoldoende → 1,0, fails.
        // C: nothing observed → no grade. D: LU1 excellent, the rest goed: fraction
        // (1 + 2/3·6)/7 = 5/7 (LU3 weighs 2), cesuur 1/3, grade 6 + 4·(5/7 − 1/3)/(2/3)
        // = 6 + 6·8/21 = 8 2/7 → 8,3.
        let levels = [
            uniform(&plan, Some(1), Some(1)),
            uniform(&plan, Some(0), Some(0)),
            uniform(&plan, None, None),
            uniform(&plan, Some(3), Some(2)),
        ];
        let results: Vec<GradeResult> = levels.iter().map(|l| plan.grade(l)).collect();
        assert_eq!(results[3].grade, Some(q(8.3)));
        let numbers = ["A", "B", "C", "D"];
        let assessed: Vec<Assessed> = (0..4)
            .map(|s| Assessed {
                number: numbers[s],
                grade: &results[s],
                levels: &levels[s],
            })
            .collect();
        let a = analyse(&plan, &assessed, 2, None);
        assert_eq!((a.assessed, a.not_reported, a.with_grade), (4, 2, 3));
        assert_eq!((a.passed, a.failed, a.incomplete), (2, 1, 1));
        // Mean (6,0 + 1,0 + 8,3)/3 = 5,1; deviations 0,9, −4,1, 3,2; squares 0,81 +
        // 16,81 + 10,24 = 27,86; /2 = 13,93; sd = √13,93 ≈ 3,7323.
        assert_eq!(a.mean, Some(q(5.1)));
        assert!((a.sd.unwrap() - 13.93f64.sqrt()).abs() < 1e-12);
        // The bins hold the three grades, the student without one is apart.
        assert_eq!(a.bins.iter().map(GradeBin::count).sum::<usize>(), 3);
        let bin_of =
            |label: &str| a.bins.iter().find(|b| b.label(1, ',', "–") == label).unwrap();
        assert_eq!(bin_of("1,0–1,4").failed, 1);
        assert_eq!(bin_of("6,0–6,4").passed, 1);
        assert_eq!(bin_of("8,0–8,4").passed, 1);
        // LU1: A and D reached the cesuur, B did not, C had no evidence: 2 of 3.
        assert_eq!(
            a.outcomes[0],
            OutcomeFigures { reached: 2, below: 1, no_evidence: 1 }
        );
        assert_eq!(a.outcomes[0].share(), Some(2.0 / 3.0));
        // The first indicator: B onvoldoende, A voldoende, D excellent, C NG.
        let first = &a.indicators[0];
        assert_eq!((first.outcome, first.indicator), (0, 0));
        assert_eq!(first.levels, vec![1, 1, 0, 1]);
        assert_eq!(first.not_observed, 1);
        assert_eq!(first.not_observed_share(), Some(0.25));
        assert!(first.hardly_observed());
        // A second-outcome indicator: B onvoldoende, A voldoende, D goed, C NG.
        let later = a.indicators.iter().find(|i| i.outcome == 1).unwrap();
        assert_eq!(later.levels, vec![1, 1, 1, 0]);
        assert_eq!(a.indicators.len(), plan.indicator_count());
        assert!(a.agreement.is_none());
    }

    fn form(
        plan: &Plan,
        student: &str,
        moment: &str,
        level: &dyn Fn(usize, usize) -> Option<String>,
    ) -> crate::collect::FormObservations {
        crate::collect::FormObservations {
            student: student.into(),
            moment: moment.into(),
            source: format!("{student}.pdf"),
            source_sha256: String::new(),
            supervisor: "B. Geleider".into(),
            organisation: String::new(),
            date: String::new(),
            advice: None,
            remarks: String::new(),
            examples: Default::default(),
            signatures: Default::default(),
            student_name: String::new(),
            observations: plan
                .outcomes
                .iter()
                .enumerate()
                .flat_map(|(o, out)| {
                    out.indicators.iter().enumerate().map(move |(i, ind)| {
                        crate::collect::Observation {
                            outcome: out.id.clone(),
                            indicator: ind.id.clone(),
                            level: level(o, i),
                            page: Some(1),
                            certainty: crate::collect::CERTAIN.into(),
                            decided_by: None,
                        }
                    })
                })
                .collect(),
        }
    }

    #[test]
    fn agreement_by_hand() {
        let plan = example_plan();
        let levels = [uniform(&plan, Some(1), Some(1)), uniform(&plan, None, None)];
        let results: Vec<GradeResult> = levels.iter().map(|l| plan.grade(l)).collect();
        let assessed = [
            Assessed { number: "A", grade: &results[0], levels: &levels[0] },
            Assessed { number: "C", grade: &results[1], levels: &levels[1] },
        ];
        let id = |l: usize| Some(plan.levels[l].id.clone());
        // A's supervisor: the first indicator goed (examiner: voldoende), the second NG,
        // the third nothing ticked, every other one voldoende (as the examiner).
        let a = form(&plan, "A", "eind", &|o, i| match (o, i) {
            (0, 0) => id(2),
            (0, 1) => Some("NG".into()),
            (0, 2) => None,
            _ => id(1),
        });
        // A midway form is not compared; C's final form is, but C has NG everywhere.
        let a_midway = form(&plan, "A", "tussentijds", &|_, _| id(0));
        let c = form(&plan, "C", "eind", &|_, _| id(1));
        let stranger = form(&plan, "Z", "eind", &|_, _| id(0));
        let obs = Observations {
            format: crate::collect::FORMAT.into(),
            version: crate::collect::FORMAT_VERSION,
            course: plan.course.code.clone(),
            fingerprint: plan.fingerprint.clone(),
            forms: vec![a_midway, a, c, stranger],
            missing: Vec::new(),
            unused: Vec::new(),
            scans: Vec::new(),
            decisions: Vec::new(),
        };
        let agreement = analyse(&plan, &assessed, 0, Some(&obs)).agreement.unwrap();
        assert_eq!(agreement.forms, 2);
        let n = plan.indicator_count();
        let first = &agreement.indicators[0].figures;
        assert_eq!((first.pairs(), first.exact(), first.excluded), (1, 0, 1));
        assert_eq!(first.table[2][1], 1);
        assert_eq!(first.kappa(), Kappa::TooFewPairs);
        for second in &agreement.indicators[1..3] {
            assert_eq!((second.figures.pairs(), second.figures.excluded), (0, 2));
            assert_eq!(second.figures.kappa(), Kappa::NoPairs);
        }
        let rest = &agreement.indicators[3].figures;
        assert_eq!((rest.pairs(), rest.exact(), rest.excluded), (1, 1, 1));
        // Pooled: A gives n − 2 pairs (one NG, one empty), n − 3 of them equal; C gives
        // none. The supervisor: voldoende n − 3 times, goed once; the examiner always
        // voldoende. Σ|i−j|nᵢⱼ = 1; Σ|i−j|rᵢcⱼ = 1·(n − 2); κ = 1 − (n − 2)·1/(n − 2) = 0.
        let all = &agreement.overall;
        assert_eq!(all.pairs(), n - 2);
        assert_eq!(all.exact(), n - 3);
        assert_eq!(all.excluded, 2 + n);
        close(all.kappa(), 0.0);
    }
}

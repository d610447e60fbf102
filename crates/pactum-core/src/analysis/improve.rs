//! Post-settlement improvement (Raiffa's, as Inspire offers it): given an agreement, the
//! packages every negotiator likes at least as well and one strictly better, within the red lines
//! in force, ranked by the least gain — the improvement the worst-off party gets.
//!
//! A space that can be walked ([`crate::space::ENUMERATION_LIMIT`]) is searched outcome by outcome in fixed
//! chunks (each keeps its best `limit`, merged in chunk order), so every improving package is
//! counted; a larger one is answered from the Pareto frontier, whose improving points are the
//! efficient improvements (the count is then unknown). Fallbacks do not bind: a package at least
//! as good as the agreement for everyone is as acceptable as the agreement was.

use super::pipeline::{self, Report};
use super::{AnalysisError, Deal, Problem};
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::cmp::Ordering;

/// Outcomes per parallel chunk.
const CHUNK: u64 = 1 << 15;

/// One package that improves on the agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Improvement {
    /// The package with each negotiator's utility.
    pub deal: Deal,
    /// Each negotiator's gain over the agreement (≥ 0, one > 0).
    pub gains: Vec<f64>,
    /// The smallest of `gains`: what the ranking maximises.
    pub least_gain: f64,
    /// Whether no outcome within the red lines the search allows dominates it (fallbacks do
    /// not bind here, as for the packages); on a space too large to walk, whether it is on the
    /// frontier of the acceptable outcomes.
    pub pareto_optimal: bool,
}

/// The improvements on an agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Improvements {
    /// The agreement with each negotiator's utility.
    pub agreement: Deal,
    /// Ids of the constraints in force the agreement violates (empty: it is acceptable).
    pub violated: Vec<String>,
    /// The red lines in force the agreement crosses, which the packages were let cross too
    /// ([`improve_agreement`]); they cross no other.
    pub crossed: Vec<String>,
    /// How many outcomes within the red lines improve on it; `None` when the space was too large
    /// to count.
    pub improving: Option<u64>,
    /// The best `limit` by least gain, then total gain, then outcome order.
    pub best: Vec<Improvement>,
}

fn rank(a: &Improvement, b: &Improvement) -> Ordering {
    b.least_gain
        .total_cmp(&a.least_gain)
        .then_with(|| {
            let (sa, sb): (f64, f64) = (a.gains.iter().sum(), b.gains.iter().sum());
            sb.total_cmp(&sa)
        })
        .then_with(|| a.deal.digits.cmp(&b.deal.digits))
}

/// Gains of `u` over `base` when it improves on it: every one ≥ 0, one > 0.
fn gains(u: &[f64], base: &[f64]) -> Option<Vec<f64>> {
    let g: Vec<f64> = u.iter().zip(base).map(|(x, y)| x - y).collect();
    (g.iter().all(|&x| x >= 0.0) && g.iter().any(|&x| x > 0.0)).then_some(g)
}

/// Ids of the constraints in force that `agreement` violates; with `red_lines_only`, of the red
/// lines alone (not the fallbacks).
///
/// An agreement that crosses a red line is improved on among the outcomes that cross no other
/// ([`improve_agreement`] relaxes the ones it crosses): a package may keep what the parties
/// already accepted in signing it, never break something new. Asked strictly instead, the
/// flagship's complementary territorial lines leave no outcome at all, and "none improves" read
/// as "efficient" although Washington's backing for both sides raises both.
pub fn violated(problem: &Problem, agreement: &[u32], red_lines_only: bool) -> Vec<String> {
    let base = problem.deal(agreement.to_vec());
    let mut mask = problem.violations(&base.digits, &base.utilities);
    if red_lines_only {
        mask &= !problem.fallback_bits();
    }
    let ids = problem.constraint_ids();
    (0..ids.len())
        .filter(|b| mask & (1 << b) != 0)
        .map(|b| ids[b].clone())
        .collect()
}

/// The improvements on `agreement` under `options`, with the analysis they were searched in.
/// When the agreement crosses red lines in force, the search relaxes them as well (see
/// [`violated`]): the report's `relaxed` then includes them, `violated` still lists
/// every constraint the agreement breaks under `options`, and `crossed` names them.
pub fn improve_agreement(
    scenario: &Scenario,
    options: &pipeline::Options,
    agreement: Vec<u32>,
    limit: usize,
) -> Result<(Report, Improvements), AnalysisError> {
    let strict = pipeline::analyze(scenario, options)?;
    let crossed = violated(&strict.problem, &agreement, true);
    if crossed.is_empty() {
        let found = improve(&strict.problem, &strict.frontier.pareto, agreement, limit);
        return Ok((strict, found));
    }
    let violated = violated(&strict.problem, &agreement, false);
    let mut wider = options.clone();
    wider.relax.extend(crossed.iter().cloned());
    let report = pipeline::analyze(scenario, &wider)?;
    let mut found = improve(&report.problem, &report.frontier.pareto, agreement, limit);
    found.violated = violated;
    found.crossed = crossed;
    Ok((report, found))
}

/// The improvements on `agreement` (digits per issue), at most `limit` listed; `frontier` is
/// the problem's Pareto frontier, the candidates when the space is too large to walk.
pub fn improve(
    problem: &Problem,
    frontier: &[Deal],
    agreement: Vec<u32>,
    limit: usize,
) -> Improvements {
    let violated = violated(problem, &agreement, false);
    let base = problem.deal(agreement);
    let red_lines: u128 = !problem.fallback_bits();
    // Efficiency is marked after the ranking: by a walk of the space when it can be walked,
    // else by the frontier the candidates come from (every one of them is on it).
    let make = |deal: Deal, g: Vec<f64>, pareto_optimal: bool| {
        let least_gain = g.iter().copied().fold(f64::INFINITY, f64::min);
        Improvement {
            deal,
            gains: g,
            least_gain,
            pareto_optimal,
        }
    };
    let (improving, mut best) = match problem.subspace.enumerable() {
        Some(size) => {
            let parts: Vec<(u64, Vec<Improvement>)> = (0..size.div_ceil(CHUNK))
                .into_par_iter()
                .map(|k| {
                    let mut count = 0;
                    let mut kept: Vec<Improvement> = Vec::new();
                    let mut u = vec![0.0; problem.parties.len()];
                    let mut odometer = problem.subspace.odometer(k * CHUNK, (k + 1) * CHUNK);
                    while odometer.advance().is_some() {
                        let digits = odometer.digits();
                        problem.utilities_into(digits, &mut u);
                        let Some(g) = gains(&u, &base.utilities) else {
                            continue;
                        };
                        if problem.violations(digits, &u) & red_lines != 0 {
                            continue;
                        }
                        count += 1;
                        kept.push(make(
                            Deal {
                                digits: digits.to_vec(),
                                utilities: u.clone(),
                            },
                            g,
                            false,
                        ));
                        if kept.len() > 2 * limit.max(1) {
                            kept.sort_by(rank);
                            kept.truncate(limit);
                        }
                    }
                    (count, kept)
                })
                .collect();
            let count = parts.iter().map(|p| p.0).sum();
            (Some(count), parts.into_iter().flat_map(|p| p.1).collect())
        }
        None => (
            None,
            frontier
                .iter()
                .filter_map(|d| {
                    gains(&d.utilities, &base.utilities).map(|g| make(d.clone(), g, true))
                })
                .collect::<Vec<_>>(),
        ),
    };
    best.sort_by(rank);
    best.truncate(limit);
    if let Some(size) = problem.subspace.enumerable() {
        // Efficient among the outcomes the search allows, which need not meet the fallbacks:
        // the frontier's mark (acceptable outcomes only) called a package giving the buyer 1.0,
        // the most anything gives, inefficient because it left the dealer below its fallback.
        // One more walk, each outcome within the red lines checked against the few listed.
        let dominated: Vec<bool> = (0..size.div_ceil(CHUNK))
            .into_par_iter()
            .map(|k| {
                let mut found = vec![false; best.len()];
                let mut u = vec![0.0; problem.parties.len()];
                let mut odometer = problem.subspace.odometer(k * CHUNK, (k + 1) * CHUNK);
                while odometer.advance().is_some() {
                    let digits = odometer.digits();
                    problem.utilities_into(digits, &mut u);
                    let beats: Vec<usize> = (0..best.len())
                        .filter(|&i| !found[i] && gains(&u, &best[i].deal.utilities).is_some())
                        .collect();
                    if !beats.is_empty() && problem.violations(digits, &u) & red_lines == 0 {
                        beats.into_iter().for_each(|i| found[i] = true);
                    }
                }
                found
            })
            .reduce(
                || vec![false; best.len()],
                |a, b| a.iter().zip(&b).map(|(x, y)| *x || *y).collect(),
            );
        for (i, d) in best.iter_mut().zip(dominated) {
            i.pareto_optimal = !d;
        }
    }
    Improvements {
        agreement: base,
        violated,
        crossed: Vec::new(),
        improving,
        best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::frontier;
    use crate::analysis::zone::tests::scenario;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn arb() -> impl Strategy<Value = (crate::scenario::Scenario, u64)> {
        (
            crate::analysis::zone::tests::arb_with(
                2..5,
                1..4,
                2..4,
                0..2,
                0.8,
                vec![0.0, 0.25, 0.5, 0.75, 1.0],
                vec![0.0, 0.2, 0.4],
            ),
            any::<u64>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn the_best_improvements_are_brute_forces(input in arb()) {
            let (s, pick) = input;
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let size = problem.subspace.size() as u64;
            let base = problem.deal_at(pick % size);
            let front = frontier::frontier(&problem).unwrap().pareto;
            let found = improve(&problem, &front, base.digits.clone(), 3);
            // Brute force: every outcome within the red lines improving on the base.
            let red_lines = !problem.fallback_bits();
            let mut all: Vec<Improvement> = (0..size)
                .filter_map(|i| {
                    let d = problem.deal_at(i);
                    let g = gains(&d.utilities, &base.utilities)?;
                    (problem.violations(&d.digits, &d.utilities) & red_lines == 0).then(|| {
                        let least_gain = g.iter().copied().fold(f64::INFINITY, f64::min);
                        // Efficient: no outcome within the red lines dominates it.
                        let pareto_optimal = !(0..size).any(|j| {
                            let e = problem.deal_at(j);
                            gains(&e.utilities, &d.utilities).is_some()
                                && problem.violations(&e.digits, &e.utilities) & red_lines == 0
                        });
                        Improvement { pareto_optimal, deal: d, gains: g, least_gain }
                    })
                })
                .collect();
            prop_assert_eq!(found.improving, Some(all.len() as u64));
            all.sort_by(rank);
            all.truncate(3);
            prop_assert_eq!(&found.best, &all);
            for i in &found.best {
                prop_assert!(i.gains.iter().all(|&g| g >= 0.0) && i.gains.iter().any(|&g| g > 0.0));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn an_agreement_across_red_lines_is_improved_crossing_no_other(input in arb()) {
            let (s, pick) = input;
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let size = problem.subspace.size() as u64;
            let base = problem.deal_at(pick % size);
            let options = pipeline::Options::default();
            let (report, found) = improve_agreement(&s, &options, base.digits.clone(), 3).unwrap();
            // Brute force in the strict problem: every outcome improving on the base whose red
            // lines crossed are among the base's.
            let red_lines = !problem.fallback_bits();
            let crossed = problem.violations(&base.digits, &base.utilities) & red_lines;
            let ids = problem.constraint_ids();
            let names: Vec<String> = (0..ids.len())
                .filter(|b| crossed & (1 << b) != 0)
                .map(|b| ids[b].clone())
                .collect();
            prop_assert_eq!(&found.crossed, &names);
            let count = (0..size)
                .filter(|&i| {
                    let d = problem.deal_at(i);
                    gains(&d.utilities, &base.utilities).is_some()
                        && problem.violations(&d.digits, &d.utilities) & red_lines & !crossed == 0
                })
                .count() as u64;
            prop_assert_eq!(found.improving, Some(count));
            prop_assert_eq!(report.relaxed.len(), names.len());
            for i in &found.best {
                let mask = problem.violations(&i.deal.digits, &i.deal.utilities) & red_lines;
                prop_assert_eq!(mask & !crossed, 0);
            }
        }
    }

    #[test]
    fn a_frontier_agreement_cannot_be_improved_and_a_dominated_one_can() {
        let up: Vec<Vec<f64>> = vec![vec![0.0, 0.5, 1.0], vec![0.0, 1.0]];
        let other: Vec<Vec<f64>> = vec![vec![1.0, 0.5, 0.0], vec![0.0, 1.0]];
        let s = scenario(
            vec![3, 2],
            vec![(up, Vec::new(), 0.0), (other, Vec::new(), 0.0)],
        );
        let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
        let front = frontier::frontier(&problem).unwrap().pareto;
        // Issue 1 at value 0 is worse for both: value 1 improves on it for everyone.
        let found = improve(&problem, &front, vec![1, 0], 5);
        assert_eq!(found.best[0].deal.digits, vec![1, 1]);
        assert!(found.best[0].pareto_optimal);
        assert!(found.best[0].least_gain > 0.0);
        let none = improve(&problem, &front, vec![1, 1], 5);
        assert!(none.best.is_empty() && none.improving == Some(0));
    }
}

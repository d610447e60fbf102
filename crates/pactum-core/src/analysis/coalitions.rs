//! Who could agree without the others, and which red lines no protocol can bridge.
//!
//! - [`coalitions`]: for every group of negotiators, how many outcomes all its members can
//!   accept (each member's own red lines and fallback in force, the others' ignored), and the
//!   smallest groups whose leaving would give the rest a zone. One pass over the outcomes records
//!   for each the set of negotiators who can accept it; a group's zone is then the count of
//!   outcomes whose set contains the group, a superset sum over the 2^n masks (the zeta
//!   transform, O(n·2^n)). Cost: O(outcomes · constraints + n·2^n); the 1890 outcomes and three
//!   negotiators of `supply-contract` take well under a millisecond.
//! - [`conflicts`]: every pair of red lines of different negotiators that no outcome satisfies
//!   together — *incompatible* — and among them the *complements*, where every outcome satisfies
//!   exactly one (`territory == ceded` against `territory != ceded`): no protocol can bridge such
//!   a pair, only a new option or issue can. Exact, by walking only the issues the two lines read.

use super::{AnalysisError, Problem};
use crate::space::{ENUMERATION_LIMIT, Subspace};
use rayon::prelude::*;

/// The largest space whose groups the pipeline counts when the whole table has a zone.
pub const WALK_WITH_A_ZONE: u64 = 1 << 22;
/// The most negotiators [`coalitions`] takes (2^16 groups).
pub const PARTY_LIMIT: usize = 16;
/// Outcomes per parallel chunk.
const CHUNK: u64 = 1 << 15;

/// One group of negotiators and the outcomes all its members can accept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coalition {
    /// Slots of [`Problem::parties`], ascending.
    pub members: Vec<usize>,
    /// Outcomes under study every member can accept.
    pub acceptable: u64,
}

/// Every group's zone, and what stands in the grand coalition's way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coalitions {
    /// Every non-empty group, by size then members.
    pub groups: Vec<Coalition>,
    /// When the whole table has no zone: the smallest sets of negotiators whose leaving gives
    /// the others one (each minimal: no smaller set within it does), smallest first. Empty when
    /// the whole table has a zone.
    pub blockers: Vec<Vec<usize>>,
}

/// Each negotiator's bit in the mask of those who can accept an outcome.
fn acceptors(problem: &Problem, digits: &[u32], utilities: &[f64], owner: &[u64]) -> usize {
    let violated = problem.violations(digits, utilities);
    let mut refusing = 0u64;
    let mut rest = violated;
    while rest != 0 {
        let bit = rest.trailing_zeros() as usize;
        refusing |= owner[bit];
        rest &= rest - 1;
    }
    let all = (1u64 << problem.parties.len()) - 1;
    (all & !refusing) as usize
}

/// Every group's zone; refuses spaces above [`ENUMERATION_LIMIT`] and more than
/// [`PARTY_LIMIT`] negotiators.
pub fn coalitions(problem: &Problem) -> Result<Coalitions, AnalysisError> {
    let n = problem.parties.len();
    let Some(size) = problem.subspace.enumerable() else {
        return Err(AnalysisError::TooLarge {
            size: problem.subspace.size(),
        });
    };
    if n > PARTY_LIMIT {
        return Err(AnalysisError::TooManyParties {
            count: n,
            limit: PARTY_LIMIT,
        });
    }
    let owner: Vec<u64> = (0..problem.constraint_ids().len())
        .map(|bit| 1u64 << problem.constraint_party(bit))
        .collect();
    let masks = 1usize << n;
    let counts: Vec<Vec<u64>> = (0..size.div_ceil(CHUNK))
        .into_par_iter()
        .map(|k| {
            let mut c = vec![0u64; masks];
            let mut u = vec![0.0; n];
            let mut odometer = problem.subspace.odometer(k * CHUNK, (k + 1) * CHUNK);
            while odometer.advance().is_some() {
                let digits = odometer.digits();
                problem.utilities_into(digits, &mut u);
                c[acceptors(problem, digits, &u, &owner)] += 1;
            }
            c
        })
        .collect();
    let mut zone = vec![0u64; masks];
    for c in counts {
        for (z, x) in zone.iter_mut().zip(c) {
            *z += x;
        }
    }
    // Superset sums: zone[g] = outcomes whose acceptors include every member of g.
    for bit in 0..n {
        for g in 0..masks {
            if g & (1 << bit) == 0 {
                zone[g] += zone[g | (1 << bit)];
            }
        }
    }
    let members = |g: usize| (0..n).filter(|b| g & (1 << b) != 0).collect::<Vec<_>>();
    let mut order: Vec<usize> = (1..masks).collect();
    order.sort_by_key(|&g| (g.count_ones(), members(g)));
    let groups = order
        .iter()
        .map(|&g| Coalition {
            members: members(g),
            acceptable: zone[g],
        })
        .collect();
    let all = masks - 1;
    let mut blockers: Vec<usize> = Vec::new();
    if zone[all] == 0 {
        // Leaving sets in order of size: a set is minimal when no minimal set found lies in it.
        for &leaving in &order {
            if leaving == all || zone[all & !leaving] == 0 {
                continue;
            }
            if blockers.iter().all(|&b| b & leaving != b) {
                blockers.push(leaving);
            }
        }
    }
    Ok(Coalitions {
        groups,
        blockers: blockers.into_iter().map(members).collect(),
    })
}

/// Two red lines of different negotiators that no outcome satisfies together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The first red line's id (`party.redline`), in constraint order.
    pub a: String,
    /// The second's.
    pub b: String,
    /// Whether every outcome satisfies exactly one of them (each is the other's negation).
    pub complements: bool,
}

/// The most combinations of values of the issues two red lines read that [`conflicts`] walks.
const PAIR_LIMIT: u64 = 1 << 20;

/// Every incompatible pair of red lines in force, of different negotiators, over the outcomes
/// under study. A pair reading issues with more than 2^20 combinations is left out.
pub fn conflicts(problem: &Problem) -> Vec<Conflict> {
    let ids = problem.constraint_ids();
    let lines: Vec<(usize, &crate::redline::Constraint)> = (0..ids.len())
        .filter_map(|bit| problem.red_line(bit).map(|c| (bit, c)))
        .collect();
    let choices = problem.subspace.choices();
    let mut out = Vec::new();
    for (i, &(a, ca)) in lines.iter().enumerate() {
        for &(b, cb) in &lines[i + 1..] {
            if problem.constraint_party(a) == problem.constraint_party(b) {
                continue;
            }
            let read: Vec<usize> = ca.issues().union(&cb.issues()).copied().collect();
            // The other issues take their first value under study: the lines do not read them.
            let local = Subspace::new(read.iter().map(|&k| choices[k].clone()).collect());
            let Some(size) = local
                .enumerable()
                .filter(|&s| s <= PAIR_LIMIT.min(ENUMERATION_LIMIT))
            else {
                continue;
            };
            let mut digits: Vec<u32> = choices.iter().map(|c| c[0]).collect();
            let (mut both, mut neither) = (0u64, 0u64);
            let mut odometer = local.odometer(0, size);
            while odometer.advance().is_some() {
                for (&k, &d) in read.iter().zip(odometer.digits()) {
                    digits[k] = d;
                }
                match (ca.holds(&digits), cb.holds(&digits)) {
                    (true, true) => both += 1,
                    (false, false) => neither += 1,
                    _ => {}
                }
            }
            if both == 0 {
                out.push(Conflict {
                    a: ids[a].clone(),
                    b: ids[b].clone(),
                    complements: neither == 0,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Role;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn arb() -> impl Strategy<Value = crate::scenario::Scenario> {
        crate::analysis::zone::tests::arb_with(
            2..5,
            1..4,
            2..5,
            0..3,
            0.7,
            vec![0.0, 0.25, 0.5, 1.0],
            vec![0.0, 0.2, 0.4, 0.6],
        )
    }

    /// A group's zone by brute force: the scenario with the others made stakeholders.
    fn brute(s: &crate::scenario::Scenario, members: &[usize]) -> u64 {
        let mut t = s.clone();
        let negotiators = s.negotiators();
        for (slot, &p) in negotiators.iter().enumerate() {
            if !members.contains(&slot) {
                t.parties[p].role = Role::Stakeholder;
            }
        }
        let problem = Problem::new(&t, &BTreeSet::new()).unwrap();
        (0..problem.subspace.size() as u64)
            .filter(|&i| {
                let d = problem.deal_at(i);
                problem.violations(&d.digits, &d.utilities) == 0
            })
            .count() as u64
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn every_groups_zone_matches_brute_force(s in arb()) {
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let c = coalitions(&problem).unwrap();
            let n = problem.parties.len();
            prop_assert_eq!(c.groups.len(), (1 << n) - 1);
            for g in &c.groups {
                prop_assert_eq!(g.acceptable, brute(&s, &g.members), "{:?}", g.members);
            }
            let all: Vec<usize> = (0..n).collect();
            let grand = c.groups.iter().find(|g| g.members == all).unwrap();
            if grand.acceptable > 0 {
                prop_assert!(c.blockers.is_empty());
            }
            // Complete: every set of negotiators whose leaving opens a zone, and which no
            // member can stay back from without closing it, is listed (zones only grow as
            // members leave, so that is every minimal one).
            if grand.acceptable == 0 {
                let mut expected: Vec<Vec<usize>> = Vec::new();
                for mask in 1..(1usize << n) - 1 {
                    let leaving: Vec<usize> = (0..n).filter(|p| mask & (1 << p) != 0).collect();
                    let rest: Vec<usize> = (0..n).filter(|p| mask & (1 << p) == 0).collect();
                    let minimal = leaving.iter().all(|keep| {
                        let mut with = rest.clone();
                        with.push(*keep);
                        with.sort();
                        brute(&s, &with) == 0
                    });
                    if brute(&s, &rest) > 0 && minimal {
                        expected.push(leaving);
                    }
                }
                let mut listed = c.blockers.clone();
                listed.sort();
                expected.sort();
                prop_assert_eq!(listed, expected);
            }
            for b in &c.blockers {
                let rest: Vec<usize> = all.iter().copied().filter(|p| !b.contains(p)).collect();
                prop_assert!(brute(&s, &rest) > 0, "leaving {:?} opens a zone", b);
                // Minimal: keeping any one of them back closes it again.
                for keep in b {
                    let mut with: Vec<usize> = rest.clone();
                    with.push(*keep);
                    with.sort();
                    prop_assert_eq!(brute(&s, &with), 0, "{:?} is not minimal", b);
                }
            }
        }

        #[test]
        fn conflicts_are_the_pairs_no_outcome_satisfies(s in arb()) {
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let found = conflicts(&problem);
            let ids = problem.constraint_ids();
            for a in 0..ids.len() {
                for b in a + 1..ids.len() {
                    let (Some(ca), Some(cb)) = (problem.red_line(a), problem.red_line(b)) else {
                        continue;
                    };
                    if problem.constraint_party(a) == problem.constraint_party(b) {
                        continue;
                    }
                    let (mut both, mut neither) = (0, 0);
                    for i in 0..problem.subspace.size() as u64 {
                        let d = problem.subspace.digits(i);
                        match (ca.holds(&d), cb.holds(&d)) {
                            (true, true) => both += 1,
                            (false, false) => neither += 1,
                            _ => {}
                        }
                    }
                    let listed = found.iter().find(|c| c.a == ids[a] && c.b == ids[b]);
                    prop_assert_eq!(listed.is_some(), both == 0);
                    if let Some(c) = listed {
                        prop_assert_eq!(c.complements, neither == 0);
                    }
                }
            }
        }
    }
}

//! Is there a deal every party can accept, and if not, what blocks one.
//!
//! Every red line and every fallback of a negotiating party is a *constraint*, named
//! `party.redline` or `party.fallback`. An outcome is acceptable when it violates none. When none
//! is, the blocking sets are the minimal sets of constraints whose relaxation makes some outcome
//! acceptable: each is the set some outcome violates, kept when no other such set is a strict
//! subset of it.

use crate::scenario::Scenario;
use crate::space::{ENUMERATION_LIMIT, Subspace};
use crate::{UtilityFunction, redline::Constraint};
use std::collections::{BTreeSet, HashMap};

/// At most this many constraints (red lines plus fallbacks) take part in one analysis: a
/// violation set is a 128-bit mask.
pub const MAX_CONSTRAINTS: usize = 128;

/// Why an analysis cannot be carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnalysisError {
    /// The outcome space is larger than the engine enumerates.
    TooLarge {
        /// Number of outcomes under study.
        size: u128,
    },
    /// An issue has no values.
    EmptyIssue {
        /// The issue's id.
        issue: String,
    },
    /// An issue has more than [`crate::issue::MAX_VALUES`] values.
    IssueTooLarge {
        /// The issue's id.
        issue: String,
        /// Number of values the issue has.
        values: u64,
    },
    /// More than [`MAX_CONSTRAINTS`] red lines and fallbacks are in force.
    TooManyConstraints {
        /// Number of constraints in force.
        count: usize,
    },
    /// The branch-and-bound search visited its limit of nodes without finishing.
    SearchLimit {
        /// The node limit that was reached.
        nodes: u64,
    },
    /// The Pareto frontier has more points than [`super::frontier::MAX_FRONTIER`].
    FrontierTooLarge {
        /// Points in the frontier, or in that of the outcomes `seen` so far.
        points: u64,
        /// Outcomes enumerated when the analysis stopped; `None` when it saw them all.
        seen: Option<u64>,
    },
    /// A `--fix ISSUE=VALUE` names no issue, or no value of it.
    BadFix {
        /// The fix as given.
        fix: String,
        /// What would have been valid, for "expected …" in the message.
        expected: String,
    },
    /// A `--relax` id names no red line or fallback.
    UnknownConstraint {
        /// The id as given.
        id: String,
        /// Every constraint id of the scenario.
        known: Vec<String>,
    },
    /// More negotiators than an analysis over every group of them takes.
    TooManyParties {
        /// Negotiators in the problem.
        count: usize,
        /// The most the analysis takes.
        limit: usize,
    },
}

impl std::fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnalysisError::TooLarge { size } => write!(
                f,
                "the outcome space has {size} outcomes, more than the {ENUMERATION_LIMIT} this command enumerates; fix issues with `--fix ISSUE=VALUE`, or relax no cross-issue red line so the additive fast path applies"
            ),
            AnalysisError::FrontierTooLarge { points, seen } => {
                match seen {
                    Some(seen) => write!(
                        f,
                        "the Pareto frontier of the first {seen} outcomes already has {points} points"
                    )?,
                    None => write!(f, "the Pareto frontier has {points} points")?,
                }
                write!(
                    f,
                    ", more than the {} an analysis holds (about 140 bytes each); study a slice with `--fix ISSUE=VALUE`, give numeric issues a coarser `step`, or add red lines",
                    super::frontier::MAX_FRONTIER
                )
            }
            AnalysisError::BadFix { fix, expected } => {
                write!(f, "`--fix {fix}`: expected {expected}")
            }
            AnalysisError::EmptyIssue { issue } => write!(f, "issue `{issue}` has no values"),
            AnalysisError::IssueTooLarge { issue, values } => write!(
                f,
                "issue `{issue}` has {values} values; at most {} are supported",
                crate::issue::MAX_VALUES
            ),
            AnalysisError::SearchLimit { nodes } => write!(
                f,
                "the frontier search visited {nodes} partial outcomes without finishing; fix issues with `--fix ISSUE=VALUE` to narrow it"
            ),
            AnalysisError::TooManyConstraints { count } => write!(
                f,
                "the scenario has {count} red lines and fallbacks in force (each party's fallback counts one, so a GENIUS folder of {count} profiles has {count}); the analysis takes at most {MAX_CONSTRAINTS}: relax some (`--relax PARTY.fallback`) or study fewer parties"
            ),
            AnalysisError::TooManyParties { count, limit } => write!(
                f,
                "the scenario has {count} negotiators; the analysis of every group of them takes at most {limit}"
            ),
            AnalysisError::UnknownConstraint { id, known } => write!(
                f,
                "`{id}` names no red line or fallback; expected PARTY.REDLINE, one of: {}",
                known.join(", ")
            ),
        }
    }
}

impl std::error::Error for AnalysisError {}

/// One constraint of the analysis.
#[derive(Clone, Debug)]
enum Check {
    RedLine { slot: usize, constraint: Constraint },
    Fallback { slot: usize, value: f64 },
}

/// The negotiating parties' utilities and constraints, compiled for evaluation.
#[derive(Clone, Debug)]
pub struct Problem {
    /// Values per issue.
    pub radices: Vec<u32>,
    /// The outcomes under study: every value, or fewer after [`Problem::fix`].
    pub subspace: Subspace,
    /// Party ids of the negotiators, in scenario order: the utility axes.
    pub parties: Vec<String>,
    /// Utility function per negotiator, in the order of `parties`.
    pub utilities: Vec<UtilityFunction>,
    /// Fallback per negotiator (at the start of the talks).
    pub fallbacks: Vec<f64>,
    /// Whether each negotiator's fallback was relaxed.
    pub fallback_relaxed: Vec<bool>,
    ids: Vec<String>,
    checks: Vec<Check>,
    /// Issues fixed so far.
    fixed: Vec<usize>,
}

/// Checks `relax` ids against the scenario, returning them as a set.
pub fn resolve_relaxations(
    scenario: &Scenario,
    relax: &[String],
) -> Result<BTreeSet<String>, AnalysisError> {
    let known = scenario.constraint_ids();
    relax
        .iter()
        .map(|id| {
            if known.contains(id) {
                Ok(id.clone())
            } else {
                Err(AnalysisError::UnknownConstraint {
                    id: id.clone(),
                    known: known.clone(),
                })
            }
        })
        .collect()
}

impl Problem {
    /// Compiles the scenario's negotiators, leaving out the relaxed constraints.
    pub fn new(scenario: &Scenario, relaxed: &BTreeSet<String>) -> Result<Self, AnalysisError> {
        // Any size is fine here: each analysis says what size it can handle.
        let radices: Vec<u32> = scenario
            .issues
            .iter()
            .map(|i| u32::try_from(i.cardinality()).unwrap_or(u32::MAX))
            .collect();
        if let Some(i) = radices.iter().position(|&r| r == 0) {
            return Err(AnalysisError::EmptyIssue {
                issue: scenario.issues[i].id.clone(),
            });
        }
        if let Some(i) = radices
            .iter()
            .position(|&r| u64::from(r) > crate::issue::MAX_VALUES)
        {
            return Err(AnalysisError::IssueTooLarge {
                issue: scenario.issues[i].id.clone(),
                values: scenario.issues[i].cardinality(),
            });
        }
        let negotiators = scenario.negotiators();
        let mut ids = Vec::new();
        let mut checks = Vec::new();
        let mut fallback_relaxed = Vec::new();
        for (slot, &p) in negotiators.iter().enumerate() {
            let party = &scenario.parties[p];
            for red_line in &party.red_lines {
                let id = format!("{}.{}", party.id, red_line.id);
                if !relaxed.contains(&id) {
                    ids.push(id);
                    checks.push(Check::RedLine {
                        slot,
                        constraint: red_line.constraint.clone(),
                    });
                }
            }
            let id = format!("{}.fallback", party.id);
            let relaxed_fallback = relaxed.contains(&id);
            fallback_relaxed.push(relaxed_fallback);
            if !relaxed_fallback {
                ids.push(id);
                checks.push(Check::Fallback {
                    slot,
                    value: scenario.base_fallback(p),
                });
            }
        }
        if checks.len() > MAX_CONSTRAINTS {
            return Err(AnalysisError::TooManyConstraints {
                count: checks.len(),
            });
        }
        Ok(Self {
            fixed: Vec::new(),
            subspace: Subspace::full(&radices),
            radices,
            parties: negotiators
                .iter()
                .map(|&p| scenario.parties[p].id.clone())
                .collect(),
            utilities: negotiators
                .iter()
                .map(|&p| scenario.utility_function(p))
                .collect(),
            fallbacks: negotiators
                .iter()
                .map(|&p| scenario.base_fallback(p))
                .collect(),
            fallback_relaxed,
            ids,
            checks,
        })
    }

    /// Restricts the study to outcomes where `issue` takes `value` (its id as written).
    pub fn fix(&mut self, issues: &[crate::Issue], fix: &str) -> Result<(), AnalysisError> {
        let bad = |expected: String| AnalysisError::BadFix {
            fix: fix.to_string(),
            expected,
        };
        let Some((name, value)) = fix.split_once('=') else {
            return Err(bad("ISSUE=VALUE".into()));
        };
        let (name, value) = (name.trim(), value.trim());
        let Some(i) = issues.iter().position(|x| x.id == name) else {
            let known: Vec<&str> = issues.iter().map(|x| x.id.as_str()).collect();
            return Err(bad(format!("an issue, one of {}", known.join(", "))));
        };
        let Some(digit) = issues[i].digit_of(value) else {
            return Err(bad(format!(
                "a value of `{name}`: {}",
                issues[i].expected_values()
            )));
        };
        let mut choices = self.subspace.choices().to_vec();
        if self.fixed.contains(&i) && choices[i] != [digit] {
            return Err(bad(format!(
                "one value per issue: `{name}` is already fixed to `{}`",
                issues[i].value_id(choices[i][0])
            )));
        }
        self.fixed.push(i);
        choices[i] = vec![digit];
        self.subspace = Subspace::new(choices);
        Ok(())
    }

    /// Red lines in force that read more than one issue, and those that read one (as
    /// `(issue, allowed values)`).
    pub(crate) fn red_lines_by_reach(&self) -> (Vec<&Constraint>, Vec<(usize, Vec<bool>)>) {
        let mut cross = Vec::new();
        let mut single = Vec::new();
        for check in &self.checks {
            if let Check::RedLine { constraint, .. } = check {
                let issues = constraint.issues();
                match issues.iter().next() {
                    Some(&i) if issues.len() == 1 => {
                        let mut digits = vec![0u32; self.radices.len()];
                        let allowed = (0..self.radices[i])
                            .map(|d| {
                                digits[i] = d;
                                constraint.holds(&digits)
                            })
                            .collect();
                        single.push((i, allowed));
                    }
                    _ => cross.push(constraint),
                }
            }
        }
        (cross, single)
    }

    /// Each negotiator's threshold: its fallback, or −∞ when relaxed.
    pub fn thresholds(&self) -> Vec<f64> {
        self.fallbacks
            .iter()
            .zip(&self.fallback_relaxed)
            .map(|(d, r)| if *r { f64::NEG_INFINITY } else { *d })
            .collect()
    }

    /// Each negotiator's disagreement utility for bargaining: its fallback, or 0 when relaxed.
    pub fn disagreement(&self) -> Vec<f64> {
        self.fallbacks
            .iter()
            .zip(&self.fallback_relaxed)
            .map(|(d, r)| if *r { 0.0 } else { *d })
            .collect()
    }

    /// Ids of the constraints in mask bit order.
    pub fn constraint_ids(&self) -> &[String] {
        &self.ids
    }

    /// Utilities of every negotiator at `digits`, into `out`.
    pub fn utilities_into(&self, digits: &[u32], out: &mut [f64]) {
        for (slot, u) in out.iter_mut().zip(&self.utilities) {
            *slot = u.utility(digits);
        }
    }

    /// Bit mask of the constraints the outcome violates, given its utilities.
    pub fn violations(&self, digits: &[u32], utilities: &[f64]) -> u128 {
        let mut mask = 0u128;
        for (bit, check) in self.checks.iter().enumerate() {
            let ok = match check {
                Check::RedLine { constraint, .. } => constraint.holds(digits),
                Check::Fallback { slot, value } => utilities[*slot] >= *value,
            };
            if !ok {
                mask |= 1 << bit;
            }
        }
        mask
    }

    /// The red line at mask bit `bit`, or `None` when that bit is a fallback.
    pub fn red_line(&self, bit: usize) -> Option<&Constraint> {
        match self.checks.get(bit)? {
            Check::RedLine { constraint, .. } => Some(constraint),
            Check::Fallback { .. } => None,
        }
    }

    /// The mask bits of the fallback constraints (the others are red lines).
    pub fn fallback_bits(&self) -> u128 {
        self.checks
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Check::Fallback { .. }))
            .fold(0, |mask, (bit, _)| mask | 1 << bit)
    }

    /// The party slot a constraint belongs to.
    pub fn constraint_party(&self, bit: usize) -> usize {
        match &self.checks[bit] {
            Check::RedLine { slot, .. } | Check::Fallback { slot, .. } => *slot,
        }
    }

    fn mask_ids(&self, mask: u128) -> Vec<String> {
        (0..self.ids.len())
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| self.ids[b].clone())
            .collect()
    }

    /// Sum of each party's shortfall below its fallback.
    fn shortfall(&self, utilities: &[f64]) -> f64 {
        utilities
            .iter()
            .zip(&self.fallbacks)
            .zip(&self.fallback_relaxed)
            .map(|((u, d), relaxed)| if *relaxed { 0.0 } else { (d - u).max(0.0) })
            .sum()
    }

    /// The outcome at sub-index `index` of the outcomes under study, as a [`Deal`].
    pub fn deal_at(&self, index: u64) -> Deal {
        self.deal(self.subspace.digits(index))
    }

    /// An outcome as a [`Deal`].
    pub fn deal(&self, digits: Vec<u32>) -> Deal {
        let mut utilities = vec![0.0; self.utilities.len()];
        self.utilities_into(&digits, &mut utilities);
        Deal { digits, utilities }
    }
}

/// An outcome with each negotiator's utility.
#[derive(Clone, Debug, PartialEq)]
pub struct Deal {
    /// One value (digit) per issue. Ties between deals go to the lexicographically smaller
    /// digits, which is the order of outcome indices.
    pub digits: Vec<u32>,
    /// Each negotiator's utility, in the order of [`Problem::parties`].
    pub utilities: Vec<f64>,
}

/// A minimal set of constraints that, relaxed together, opens a zone of agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocking {
    /// Ids of the constraints in the set, in scenario order.
    pub constraints: Vec<String>,
    /// How many outcomes become acceptable when these are relaxed.
    pub opens: u64,
    /// The Nash deal in the opened zone (a relaxed fallback counts as a disagreement value of 0).
    pub nash: Option<Deal>,
}

/// The outcome nearest to agreement when there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct Closest {
    /// The outcome, with each negotiator's utility.
    pub deal: Deal,
    /// Ids of the constraints it violates, in scenario order.
    pub violated: Vec<String>,
    /// Total shortfall below the fallbacks.
    pub shortfall: f64,
}

/// The zone of agreement of a problem, and what blocks it when it is empty.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneReport {
    /// Outcomes under study.
    pub outcomes: u64,
    /// Outcomes that violate no constraint.
    pub acceptable: u64,
    /// Party ids of the negotiators: the utility axes.
    pub parties: Vec<String>,
    /// The acceptable outcome with the largest Nash product.
    pub nash: Option<Deal>,
    /// Empty when the zone of agreement is not.
    pub blocking: Vec<Blocking>,
    /// When no outcome is acceptable, the one violating the fewest constraints, then with the
    /// smallest shortfall.
    pub closest: Option<Closest>,
    /// Every outcome as close as `closest` (it first), one per set of constraints violated: the
    /// ties that option order would otherwise hide.
    pub closest_tied: Vec<Closest>,
}

/// Tracks the best Nash product; ties go to the larger utility sum, then the lower index.
#[derive(Clone, Copy)]
struct NashBest {
    product: f64,
    sum: f64,
    index: u64,
}

impl NashBest {
    fn offer(best: &mut Option<NashBest>, product: f64, sum: f64, index: u64) {
        let better = match best {
            None => true,
            Some(b) => product > b.product || (product == b.product && sum > b.sum),
        };
        if better {
            *best = Some(NashBest {
                product,
                sum,
                index,
            });
        }
    }
}

fn nash_product(utilities: &[f64], disagreement: impl Iterator<Item = f64>) -> f64 {
    utilities
        .iter()
        .zip(disagreement)
        .map(|(u, d)| (u - d).max(0.0))
        .product()
}

/// The zone of agreement, its Nash deal, and — when it is empty — the blocking sets. It visits
/// every outcome, so it refuses spaces above [`ENUMERATION_LIMIT`].
pub fn zone(problem: &Problem) -> Result<ZoneReport, AnalysisError> {
    let Some(size) = problem.subspace.enumerable() else {
        return Err(AnalysisError::TooLarge {
            size: problem.subspace.size(),
        });
    };
    let n = problem.utilities.len();
    let mut utilities = vec![0.0; n];
    let mut acceptable = 0u64;
    let mut nash: Option<NashBest> = None;
    // Distinct violation sets, with how many outcomes violate exactly that set.
    let mut sets: HashMap<u128, u64> = HashMap::new();
    // The closest key so far, and one outcome per violation set at that key.
    let mut closest: Option<(u32, f64)> = None;
    let mut tied: Vec<(u128, u64, f64)> = Vec::new();
    let disagreement = problem.disagreement();
    let mut odometer = problem.subspace.odometer(0, size);
    while odometer.advance().is_some() {
        let digits = odometer.digits();
        let index = odometer.index();
        problem.utilities_into(digits, &mut utilities);
        let mask = problem.violations(digits, &utilities);
        if mask == 0 {
            acceptable += 1;
            let product = nash_product(&utilities, disagreement.iter().copied());
            NashBest::offer(&mut nash, product, utilities.iter().sum(), index);
        } else {
            *sets.entry(mask).or_insert(0) += 1;
            let shortfall = problem.shortfall(&utilities);
            let key = (mask.count_ones(), super::skyline::snap(shortfall));
            let order = match closest {
                None => std::cmp::Ordering::Less,
                Some((c, s)) => key.0.cmp(&c).then(key.1.total_cmp(&s)),
            };
            match order {
                std::cmp::Ordering::Less => {
                    closest = Some(key);
                    tied.clear();
                    tied.push((mask, index, shortfall));
                }
                std::cmp::Ordering::Equal if !tied.iter().any(|t| t.0 == mask) => {
                    tied.push((mask, index, shortfall));
                }
                _ => {}
            }
        }
    }
    let blocking = if acceptable == 0 {
        blocking_sets(problem, &sets, size)
    } else {
        Vec::new()
    };
    Ok(ZoneReport {
        outcomes: size,
        acceptable,
        parties: problem.parties.clone(),
        nash: nash.map(|b| problem.deal_at(b.index)),
        blocking,
        closest: if acceptable == 0 {
            tied.first().map(|&(mask, index, shortfall)| Closest {
                deal: problem.deal_at(index),
                violated: problem.mask_ids(mask),
                shortfall,
            })
        } else {
            None
        },
        closest_tied: if acceptable == 0 {
            tied.iter()
                .map(|&(mask, index, shortfall)| Closest {
                    deal: problem.deal_at(index),
                    violated: problem.mask_ids(mask),
                    shortfall,
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

fn blocking_sets(problem: &Problem, sets: &HashMap<u128, u64>, size: u64) -> Vec<Blocking> {
    let mut masks: Vec<u128> = sets.keys().copied().collect();
    // Smallest first; among equals, by their constraints in scenario order — deterministic.
    masks.sort_by_key(|&m| {
        let bits: Vec<u32> = (0..128).filter(|b| m & (1 << b) != 0).collect();
        (m.count_ones(), bits)
    });
    let mut minimal: Vec<u128> = Vec::new();
    for m in masks {
        if !minimal.iter().any(|k| k & !m == 0) {
            minimal.push(m);
        }
    }
    // One more pass: how many outcomes each set opens, and the Nash deal inside.
    let n = problem.utilities.len();
    let mut opens = vec![0u64; minimal.len()];
    let mut best: Vec<Option<NashBest>> = vec![None; minimal.len()];
    let disagreement: Vec<Vec<f64>> = minimal
        .iter()
        .map(|&s| {
            (0..n)
                .map(|slot| {
                    let relaxed_here = (0..problem.ids.len()).any(|b| {
                        s & (1 << b) != 0
                            && matches!(problem.checks[b], Check::Fallback { slot: t, .. } if t == slot)
                    });
                    if relaxed_here || problem.fallback_relaxed[slot] {
                        0.0
                    } else {
                        problem.fallbacks[slot]
                    }
                })
                .collect()
        })
        .collect();
    let mut utilities = vec![0.0; n];
    let mut odometer = problem.subspace.odometer(0, size);
    while odometer.advance().is_some() {
        let digits = odometer.digits();
        let index = odometer.index();
        problem.utilities_into(digits, &mut utilities);
        let mask = problem.violations(digits, &utilities);
        for (k, &s) in minimal.iter().enumerate() {
            if mask & !s == 0 {
                opens[k] += 1;
                let product = nash_product(&utilities, disagreement[k].iter().copied());
                NashBest::offer(&mut best[k], product, utilities.iter().sum(), index);
            }
        }
    }
    minimal
        .iter()
        .enumerate()
        .map(|(k, &s)| Blocking {
            constraints: problem.mask_ids(s),
            opens: opens[k],
            nash: best[k].map(|b| problem.deal_at(b.index)),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::issue::Issue;
    use crate::preference::{Preferences, Semantics};
    use crate::provenance::Provenance;
    use crate::scenario::{Party, RedLine};
    use proptest::prelude::*;

    /// One random party: a value table per issue, single-issue red lines, a fallback.
    pub(crate) type RandomParty = (Vec<Vec<f64>>, Vec<(usize, Vec<bool>)>, f64);

    /// Issues `i0, i1, …` with `radices[i]` options `v0, v1, …` each.
    pub(crate) fn option_issues(radices: &[usize]) -> Vec<Issue> {
        radices
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                Issue::with_options(
                    format!("i{i}"),
                    &(0..n).map(|k| format!("v{k}")).collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    /// A random scenario: parties with random tables, single-issue red lines and fallbacks.
    pub(crate) fn scenario(radices: Vec<usize>, parties: Vec<RandomParty>) -> Scenario {
        let issues = option_issues(&radices);
        let parties = parties
            .into_iter()
            .enumerate()
            .map(|(p, (tables, lines, fallback))| {
                let mut party = Party::negotiator(
                    format!("p{p}"),
                    Preferences::equal_weights(tables, Semantics::Normalised),
                    fallback,
                    Provenance::default(),
                );
                party.red_lines = lines
                    .into_iter()
                    .enumerate()
                    .map(|(k, (issue, allowed))| RedLine {
                        id: format!("r{k}"),
                        expr: String::new(),
                        description: String::new(),
                        constraint: Constraint::Allowed { issue, allowed },
                        provenance: Provenance::default(),
                    })
                    .collect();
                party
            })
            .collect();
        let mut s = Scenario::new("r", issues, parties);
        s.talks.rounds = 10;
        s
    }

    /// Random scenarios for the oracle tests of the analyses built on the zone: `parties`
    /// parties over `issues` issues of `values` values each, utilities from `levels` (few
    /// levels make ties), `lines` single-issue red lines a party, each allowing a value with
    /// probability `allow`, fallbacks from `fallbacks`.
    pub(crate) fn arb_with(
        values: std::ops::Range<usize>,
        issues: std::ops::Range<usize>,
        parties: std::ops::Range<usize>,
        lines: std::ops::Range<usize>,
        allow: f64,
        levels: Vec<f64>,
        fallbacks: Vec<f64>,
    ) -> impl Strategy<Value = Scenario> {
        (prop::collection::vec(values, issues), parties)
            .prop_flat_map(move |(radices, parties)| {
                let r = radices.clone();
                let party = (
                    r.iter()
                        .map(|&n| prop::collection::vec(prop::sample::select(levels.clone()), n))
                        .collect::<Vec<_>>(),
                    prop::collection::vec(
                        (0..r.len()).prop_flat_map({
                            let r = r.clone();
                            move |i| {
                                (
                                    Just(i),
                                    prop::collection::vec(prop::bool::weighted(allow), r[i]),
                                )
                            }
                        }),
                        lines.clone(),
                    ),
                    prop::sample::select(fallbacks.clone()),
                );
                (Just(radices), prop::collection::vec(party, parties))
            })
            .prop_map(|(radices, parties)| scenario(radices, parties))
    }

    fn arb_scenario() -> impl Strategy<Value = Scenario> {
        prop::collection::vec(2usize..4, 1..4)
            .prop_flat_map(|radices| {
                let r2 = radices.clone();
                let party = (
                    r2.iter()
                        .map(|&n| {
                            prop::collection::vec(
                                prop::sample::select(vec![0.0, 0.25, 0.5, 1.0]),
                                n,
                            )
                        })
                        .collect::<Vec<_>>(),
                    prop::collection::vec(
                        (0..radices.len()).prop_flat_map({
                            let radices = radices.clone();
                            move |i| (Just(i), prop::collection::vec(any::<bool>(), radices[i]))
                        }),
                        0..3,
                    ),
                    prop::sample::select(vec![0.0, 0.3, 0.6, 0.9]),
                );
                (Just(radices), prop::collection::vec(party, 2..4))
            })
            .prop_map(|(radices, parties)| scenario(radices, parties))
    }

    fn acceptable(s: &Scenario, relaxed: &BTreeSet<String>) -> u64 {
        zone(&Problem::new(s, relaxed).unwrap()).unwrap().acceptable
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn blocking_sets_are_exactly_the_minimal_openings(s in arb_scenario()) {
            let report = zone(&Problem::new(&s, &BTreeSet::new()).unwrap()).unwrap();
            if report.acceptable > 0 {
                prop_assert!(report.blocking.is_empty());
                return Ok(());
            }
            let ids = s.constraint_ids();
            // Brute force over every subset of constraints.
            let opening: Vec<BTreeSet<String>> = (0u32..1 << ids.len())
                .map(|m| ids.iter().enumerate().filter(|(b, _)| m & (1 << b) != 0).map(|(_, id)| id.clone()).collect::<BTreeSet<_>>())
                .filter(|set| acceptable(&s, set) > 0)
                .collect();
            let minimal: Vec<&BTreeSet<String>> = opening.iter().filter(|a| !opening.iter().any(|b| b.is_subset(a) && b != *a)).collect();
            let found: Vec<BTreeSet<String>> = report.blocking.iter().map(|b| b.constraints.iter().cloned().collect()).collect();
            prop_assert_eq!(found.len(), minimal.len());
            for set in minimal {
                prop_assert!(found.contains(set), "{:?} missing from {:?}", set, found);
            }
            for b in &report.blocking {
                let set: BTreeSet<String> = b.constraints.iter().cloned().collect();
                prop_assert_eq!(b.opens, acceptable(&s, &set));
            }
            prop_assert!(report.blocking.windows(2).all(|w| w[0].constraints.len() <= w[1].constraints.len()));
            prop_assert!(report.closest.is_some());
        }
    }
}

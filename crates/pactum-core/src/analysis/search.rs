//! The Pareto frontier of outcome spaces far too large to enumerate (an ANAC 2014 nonlinear
//! scenario has 10^30 outcomes), by depth-first branch and bound over partial outcomes.
//!
//! Issues are assigned one at a time in a fixed order. At each node every party's utility is
//! bounded from above: the exact sum of its table entries and interaction bonuses already
//! decided, plus a mini-bucket bound ([`super::mini_bucket`]) on what the rest can add. With two
//! parties, bounds on weighted sums of their utilities are kept too: they see that both cannot
//! reach their best at once. A node is cut when some party's bound is below its fallback, or when
//! no point beyond the frontier found so far (within [`TIE`]) lies within its bounds. Values of
//! an issue that no table and no condition tells apart are one branch, represented by the
//! smallest. Leaves are evaluated with [`crate::UtilityFunction::utility`], so utilities are the
//! same floats as everywhere else.
//!
//! Before the search proper, good outcomes seed the frontier (greedy decoding along each bound,
//! then climbing), so that cuts bite from the start. The search stops after a node limit; it then
//! reports what it found as not exhaustive — real outcomes, but better ones may exist.
//!
//! Everything is deterministic: the bounds are built in parallel but independently, the search
//! and the climbing are sequential in a fixed order. The result lists each frontier utility
//! vector with the first outcome found for it; outcomes tied on every utility are not listed one
//! by one (there can be 10^20 of them).

use super::frontier_report::{FrontierReport, Method, sorted};
use super::mini_bucket::{self, Heuristic, Table};
use super::{AnalysisError, Problem};
use rayon::prelude::*;

/// Utility vectors closer than this on every axis count as the same frontier point.
pub const TIE: f64 = 1e-9;
/// Nodes (partial outcomes) the search visits by default before it stops and reports what it has
/// found (a few seconds on the 10^30-outcome ANAC 2014 scenario).
pub const NODE_LIMIT: u64 = 5_000_000;
/// Weights of the first party in the fan of weighted sums the incumbents climb along.
const FAN: usize = 10;
/// Rounds of climbing from the points found before the search proper.
const CLIMB_ROUNDS: usize = 8;
/// Outcomes the climbing may evaluate in all, so that a scenario with a huge frontier or tiny
/// improvements cannot keep it going for long (the ANAC 2014 30-issue scenario uses 390,000);
/// never more than the node limit.
const CLIMB_LIMIT: u64 = 5_000_000;
/// Values the mini-bucket messages of one party may hold (8 bytes each).
const BOUND_BUDGET: usize = 1 << 20;
/// Widest mini-bucket tried, in positions.
const MAX_WIDTH: usize = 16;
/// Weights of the first party in the weighted-sum bounds of two-party searches.
const MIXES: [f64; 5] = [1.0 / 6.0, 1.0 / 3.0, 0.5, 2.0 / 3.0, 5.0 / 6.0];

/// An interaction term over two or more issues, for one party.
struct Term {
    party: usize,
    /// Search positions of its issues, ascending, with the allowed values (by digit).
    conditions: Vec<(usize, Vec<bool>)>,
    bonus: f64,
}

impl Term {
    fn allows(&self, pos: usize, digit: u32) -> bool {
        self.conditions
            .iter()
            .find(|(p, _)| *p == pos)
            .is_none_or(|(_, allowed)| allowed.get(digit as usize).copied().unwrap_or(false))
    }
}

struct Search<'a> {
    problem: &'a Problem,
    d: usize,
    /// Issue at each search position.
    order: Vec<usize>,
    /// Branches at each position: one representative digit per class of equivalent values.
    classes: Vec<Vec<u32>>,
    /// `table[pos][class * d + p]`: tables plus single-issue terms.
    table: Vec<Vec<f64>>,
    terms: Vec<Term>,
    /// Terms whose last position is this one.
    completing: Vec<Vec<usize>>,
    /// A bound per direction: each party's utility (the unit directions, first), then
    /// weighted sums.
    heuristics: Vec<(Vec<f64>, Heuristic)>,
    thresholds: Vec<f64>,
    bounds: Vec<(f64, f64)>,
    // Search state: the class and digit chosen at each position.
    chosen: Vec<usize>,
    digits: Vec<u32>,
    archive: Vec<(Vec<f64>, Vec<u32>)>,
    nodes: u64,
    node_limit: u64,
    /// Outcomes evaluated while climbing.
    evaluations: u64,
    /// Told `(nodes, node_limit)` every [`PROGRESS_EVERY`] nodes.
    progress: &'a dyn Fn(u64, u64),
}

/// Nodes between two progress reports (about 50 ms of search on `30issues`).
pub const PROGRESS_EVERY: u64 = 1 << 16;

/// The frontier of the acceptable outcomes by branch and bound, visiting at most `node_limit`
/// partial outcomes. Past the limit it returns the points found so far with `exhaustive` false:
/// each is a real outcome, but better ones may exist. Needs every red line in force to read a
/// single issue.
pub fn search(problem: &Problem, node_limit: u64) -> Result<FrontierReport, AnalysisError> {
    search_reporting(problem, node_limit, &|_, _| {})
}

/// [`search`], telling `progress` how many nodes it has visited of its limit as it goes (the
/// caller, which has a clock, decides whether to show it).
pub fn search_reporting(
    problem: &Problem,
    node_limit: u64,
    progress: &dyn Fn(u64, u64),
) -> Result<FrontierReport, AnalysisError> {
    let (cross, single) = problem.red_lines_by_reach();
    if !cross.is_empty() {
        return Err(AnalysisError::TooLarge {
            size: problem.subspace.size(),
        });
    }
    let mut choices = problem.subspace.choices().to_vec();
    for (issue, allowed) in single {
        choices[issue].retain(|&v| allowed.get(v as usize).copied().unwrap_or(false));
    }
    let d = problem.utilities.len();
    if d == 0 || choices.iter().any(Vec::is_empty) {
        return Ok(report(problem, Vec::new()));
    }
    let mut s = Search::new(problem, choices, node_limit, progress)?;
    s.incumbents();
    let root: Vec<f64> = vec![0.0; d];
    let exhaustive = match s.descend(0, &root) {
        Ok(()) => true,
        Err(AnalysisError::SearchLimit { .. }) => false,
        Err(e) => return Err(e),
    };
    let deals = s
        .archive
        .into_iter()
        .map(|(_, digits)| problem.deal(digits))
        .collect();
    let mut found = report(problem, deals);
    found.exhaustive = exhaustive;
    Ok(found)
}

fn report(problem: &Problem, deals: Vec<super::Deal>) -> FrontierReport {
    FrontierReport {
        outcomes: problem.subspace.size(),
        acceptable: None,
        pareto: sorted(deals),
        method: Method::Search,
        exhaustive: true,
    }
}

/// Issues in search order: start with the most constrained issue, then always take the issue
/// sharing the most interaction terms with those already placed, so terms close early. Read
/// backwards this is the elimination order of the bounds, where it keeps messages narrow.
fn search_order(n: usize, scopes: &[Vec<usize>]) -> Vec<usize> {
    let degree: Vec<usize> = (0..n)
        .map(|i| scopes.iter().filter(|s| s.contains(&i)).count())
        .collect();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let shared = |i: usize| {
            scopes
                .iter()
                .filter(|s| s.contains(&i) && s.iter().any(|&j| placed[j]))
                .count()
        };
        let next = (0..n)
            .filter(|&i| !placed[i])
            .max_by(|&a, &b| {
                (shared(a), degree[a])
                    .cmp(&(shared(b), degree[b]))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        placed[next] = true;
        order.push(next);
    }
    order
}

impl<'a> Search<'a> {
    fn new(
        problem: &'a Problem,
        choices: Vec<Vec<u32>>,
        node_limit: u64,
        progress: &'a dyn Fn(u64, u64),
    ) -> Result<Self, AnalysisError> {
        let d = problem.utilities.len();
        let n = choices.len();
        // Per-issue tables with single-issue terms folded in; multi-issue terms by issue.
        let mut tables: Vec<Vec<Vec<f64>>> = problem
            .utilities
            .iter()
            .map(|u| u.tables().to_vec())
            .collect();
        let mut raw_terms: Vec<(usize, &crate::preference::Term)> = Vec::new();
        for (p, u) in problem.utilities.iter().enumerate() {
            for term in u.terms() {
                if let [(issue, allowed)] = term.when.as_slice() {
                    for (v, slot) in tables[p][*issue].iter_mut().enumerate() {
                        if allowed.get(v).copied().unwrap_or(false) {
                            *slot += term.bonus;
                        }
                    }
                } else {
                    raw_terms.push((p, term));
                }
            }
        }
        let scopes: Vec<Vec<usize>> = raw_terms
            .iter()
            .map(|(_, term)| term.when.iter().map(|(i, _)| *i).collect())
            .collect();
        let order = search_order(n, &scopes);
        let mut position = vec![0; n];
        for (pos, &issue) in order.iter().enumerate() {
            position[issue] = pos;
        }
        let terms: Vec<Term> = raw_terms
            .into_iter()
            .map(|(party, term)| {
                let mut conditions: Vec<(usize, Vec<bool>)> = term
                    .when
                    .iter()
                    .map(|(issue, allowed)| (position[*issue], allowed.clone()))
                    .collect();
                conditions.sort_by_key(|(pos, _)| *pos);
                Term {
                    party,
                    conditions,
                    bonus: term.bonus,
                }
            })
            .collect();
        let mut touching = vec![Vec::new(); n];
        let mut completing = vec![Vec::new(); n];
        for (t, term) in terms.iter().enumerate() {
            for (pos, _) in &term.conditions {
                touching[*pos].push(t);
            }
            if let Some((last, _)) = term.conditions.last() {
                completing[*last].push(t);
            }
        }
        // Values no table or condition tells apart form one class.
        let mut classes = Vec::with_capacity(n);
        let mut table = Vec::with_capacity(n);
        for (pos, &issue) in order.iter().enumerate() {
            let mut seen: Vec<(Vec<u64>, Vec<bool>)> = Vec::new();
            let mut list = Vec::new();
            let mut row = Vec::new();
            for &v in &choices[issue] {
                let values: Vec<u64> = (0..d)
                    .map(|p| {
                        tables[p][issue]
                            .get(v as usize)
                            .copied()
                            .unwrap_or(0.0)
                            .to_bits()
                    })
                    .collect();
                let member: Vec<bool> = touching[pos]
                    .iter()
                    .map(|&t: &usize| terms[t].allows(pos, v))
                    .collect();
                let key = (values, member);
                if seen.contains(&key) {
                    continue;
                }
                row.extend(key.0.iter().map(|&b| f64::from_bits(b)));
                seen.push(key);
                list.push(v);
            }
            classes.push(list);
            table.push(row);
        }
        let sizes: Vec<usize> = classes.iter().map(Vec::len).collect();
        // Bounds on each party's utility, and — when utilities are never raised by a clamp, so
        // that a bound on raw sums bounds them too — on weighted sums, which see that two
        // parties cannot both reach their best at once.
        let mut directions: Vec<Vec<f64>> = (0..d)
            .map(|p| (0..d).map(|q| if q == p { 1.0 } else { 0.0 }).collect())
            .collect();
        let unclamped_below = problem
            .utilities
            .iter()
            .all(|u| u.clamp(f64::NEG_INFINITY) == f64::NEG_INFINITY);
        if d == 2 && unclamped_below {
            directions.extend(MIXES.iter().map(|&l| vec![l, 1.0 - l]));
        }
        // Independent eliminations: in parallel, each the same whatever the thread count.
        let heuristics = directions
            .into_par_iter()
            .map(|w| {
                let mut functions: Vec<Table> = (0..n)
                    .map(|pos| {
                        Table::new(vec![pos], &sizes, |c| {
                            (0..d).map(|p| w[p] * table[pos][c[0] * d + p]).sum()
                        })
                    })
                    .collect();
                for term in terms.iter().filter(|t| w[t.party] != 0.0) {
                    let scope: Vec<usize> = term.conditions.iter().map(|(pos, _)| *pos).collect();
                    functions.push(Table::new(scope.clone(), &sizes, |c| {
                        let holds = scope
                            .iter()
                            .zip(c)
                            .all(|(&pos, &class)| term.allows(pos, classes[pos][class]));
                        if holds {
                            w[term.party] * term.bonus
                        } else {
                            0.0
                        }
                    }));
                }
                // The widest mini-buckets that fit the budget give the tightest bounds. Try the
                // widest first (small scenarios fit: exact bounds), else widen from 1 until the
                // budget is exceeded: a failed elimination costs up to the whole budget, so
                // stepping down from the widest would pay that many times.
                let widest = MAX_WIDTH.min(n.max(1));
                let mut h = mini_bucket::eliminate(&functions, &sizes, widest, BOUND_BUDGET);
                if h.is_none() {
                    for width in 1..widest {
                        match mini_bucket::eliminate(&functions, &sizes, width, BOUND_BUDGET) {
                            Some(found) => h = Some(found),
                            None => break,
                        }
                    }
                }
                let h = h.ok_or(AnalysisError::SearchLimit { nodes: 0 })?;
                Ok((w, h))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Search {
            problem,
            d,
            order,
            classes,
            table,
            terms,
            completing,
            heuristics,
            thresholds: problem.thresholds(),
            bounds: problem
                .utilities
                .iter()
                .map(|u| (u.clamp(f64::NEG_INFINITY), u.clamp(f64::INFINITY)))
                .collect(),
            chosen: vec![0; n],
            digits: vec![0; n],
            archive: Vec::new(),
            nodes: 0,
            node_limit,
            evaluations: 0,
            progress,
        })
    }

    /// Upper bounds at depth `k` given the exact partial sums `exact`: per party (clamped as
    /// its utility is), then per weighted sum.
    fn bound(&self, k: usize, exact: &[f64]) -> Vec<f64> {
        self.heuristics
            .iter()
            .enumerate()
            .map(|(j, (w, h))| {
                let b =
                    w.iter().zip(exact).map(|(w, x)| w * x).sum::<f64>() + h.at(k, &self.chosen);
                match self.bounds.get(j) {
                    Some(&(lo, hi)) => b.clamp(lo, hi),
                    None => b,
                }
            })
            .collect()
    }

    /// Whether every outcome within bounds `b` misses a fallback (by more than rounding: a bound
    /// is a sum in another order than a utility) or is matched by a point already found.
    fn hopeless(&self, b: &[f64]) -> bool {
        let d = self.d;
        if b[..d]
            .iter()
            .zip(&self.thresholds)
            .any(|(x, t)| *x < t - TIE)
        {
            return true;
        }
        if d != 2 || b.len() == d {
            // Only points at least `b[0] − TIE` on the first axis can match it; the archive is
            // sorted on it (see `offer`).
            let from = self.archive.partition_point(|(a, _)| a[0] < b[0] - TIE);
            return self.archive[from..]
                .iter()
                .any(|(a, _)| a.iter().zip(&b[..d]).all(|(a, b)| *a >= b - TIE));
        }
        // Two parties: the points no archived point matches fill the quadrants above the
        // corners of the archive's staircase. The node is hopeless when none of those corners
        // lies below its box and under every weighted-sum bound.
        // The archive is kept sorted by the first party's utility (see `offer`).
        let stairs = &self.archive;
        (0..=stairs.len()).all(|j| {
            let x = if j == 0 {
                f64::NEG_INFINITY
            } else {
                stairs[j - 1].0[0] + TIE
            };
            let y = stairs.get(j).map_or(f64::NEG_INFINITY, |s| s.0[1] + TIE);
            let open = b[0] > x
                && b[1] > y
                && self.heuristics[d..]
                    .iter()
                    .zip(&b[d..])
                    .all(|((w, _), beta)| w[0] * x + w[1] * y < beta + TIE);
            !open
        })
    }

    /// Assigns position `k` onward; `exact` is the exact utility so far.
    fn descend(&mut self, k: usize, exact: &[f64]) -> Result<(), AnalysisError> {
        let n = self.order.len();
        if k == n {
            self.leaf();
            return Ok(());
        }
        // Children with their bounds, best first by the sum of bounds.
        let mut children: Vec<(usize, Vec<f64>, Vec<f64>)> = Vec::new();
        for c in 0..self.classes[k].len() {
            self.nodes += 1;
            if self.nodes.is_multiple_of(PROGRESS_EVERY) {
                (self.progress)(self.nodes, self.node_limit);
            }
            if self.nodes > self.node_limit {
                return Err(AnalysisError::SearchLimit {
                    nodes: self.node_limit,
                });
            }
            self.chosen[k] = c;
            let next = self.extend(k, exact);
            let b = self.bound(k + 1, &next);
            if !self.hopeless(&b) {
                children.push((c, b, next));
            }
        }
        children.sort_by(|x, y| {
            let (sx, sy): (f64, f64) = (x.1.iter().sum(), y.1.iter().sum());
            sy.total_cmp(&sx).then(x.0.cmp(&y.0))
        });
        for (c, b, next) in children {
            if self.hopeless(&b) {
                continue;
            }
            self.chosen[k] = c;
            self.digits[self.order[k]] = self.classes[k][c];
            self.descend(k + 1, &next)?;
        }
        Ok(())
    }

    /// The exact partial sums once position `k` takes class `chosen[k]`.
    fn extend(&self, k: usize, exact: &[f64]) -> Vec<f64> {
        let d = self.d;
        let c = self.chosen[k];
        let mut next: Vec<f64> = (0..d)
            .map(|p| exact[p] + self.table[k][c * d + p])
            .collect();
        for &t in &self.completing[k] {
            let term = &self.terms[t];
            let holds = term
                .conditions
                .iter()
                .all(|(pos, _)| term.allows(*pos, self.classes[*pos][self.chosen[*pos]]));
            if holds {
                next[term.party] += term.bonus;
            }
        }
        next
    }

    fn leaf(&mut self) {
        let digits = self.digits.clone();
        self.offer(&digits);
    }

    /// Adds an outcome to the archive unless a point there is as good; returns its utilities.
    fn offer(&mut self, digits: &[u32]) -> Vec<f64> {
        self.evaluations += 1;
        let mut u = vec![0.0; self.d];
        self.problem.utilities_into(digits, &mut u);
        if u.iter().zip(&self.thresholds).any(|(x, t)| x < t) || self.hopeless(&u) {
            return u;
        }
        // Only points at most `u[0] + TIE` on the first axis can be matched by `u`.
        let upto = self.archive.partition_point(|(a, _)| a[0] <= u[0] + TIE);
        let mut k = 0;
        self.archive.retain(|(a, _)| {
            k += 1;
            k > upto || !a.iter().zip(&u).all(|(a, b)| *a <= b + TIE)
        });
        // Sorted by the first party's utility: the two-party cut and the scans above read it.
        let at = self
            .archive
            .partition_point(|(a, _)| a[0].total_cmp(&u[0]).is_lt());
        self.archive.insert(at, (u.clone(), digits.to_vec()));
        u
    }

    /// Seeds the archive with good outcomes, so the search cuts more from the start: per bound
    /// direction, a greedy walk down the search order taking the class with the best bound,
    /// then single-issue improvements along a fan of weighted sums. No randomness.
    fn incumbents(&mut self) {
        let (n, d) = (self.order.len(), self.d);
        let mut fan: Vec<Vec<f64>> = self.heuristics.iter().map(|(w, _)| w.clone()).collect();
        if d == 2 {
            fan.extend((0..=FAN).map(|i| {
                let l = i as f64 / FAN as f64;
                vec![l, 1.0 - l]
            }));
        }
        for j in 0..self.heuristics.len() {
            let mut exact = vec![0.0; d];
            for k in 0..n {
                let mut best = (f64::NEG_INFINITY, 0);
                for c in 0..self.classes[k].len() {
                    self.chosen[k] = c;
                    let next = self.extend(k, &exact);
                    let (w, h) = &self.heuristics[j];
                    let value = dot(w, &next) + h.at(k + 1, &self.chosen);
                    if value > best.0 {
                        best = (value, c);
                    }
                }
                self.chosen[k] = best.1;
                self.digits[self.order[k]] = self.classes[k][best.1];
                exact = self.extend(k, &exact);
            }
            let start = self.digits.clone();
            for w in &fan {
                self.climb(start.clone(), w);
            }
        }
        // Then climb again from every point found, until a round finds nothing new.
        for _ in 0..CLIMB_ROUNDS {
            let before: Vec<Vec<f64>> = self.archive.iter().map(|(u, _)| u.clone()).collect();
            let starts: Vec<Vec<u32>> = self.archive.iter().map(|(_, x)| x.clone()).collect();
            for start in starts {
                for w in &fan {
                    self.climb(start.clone(), w);
                }
            }
            let after: Vec<Vec<f64>> = self.archive.iter().map(|(u, _)| u.clone()).collect();
            if after == before {
                break;
            }
        }
    }

    /// Steepest ascent of `w · u` by changing one issue at a time, offering every outcome seen.
    fn climb(&mut self, mut digits: Vec<u32>, w: &[f64]) {
        let mut value = dot(w, &self.offer(&digits));
        // The climbing's evaluations are bounded by the node limit too, so that `--search-nodes`
        // bounds the whole search: each evaluation scans the archive, and on a 3-party 10^30
        // additive space (7,930 points) 5 million of them took 9 s whatever the limit said.
        while self.evaluations < CLIMB_LIMIT.min(self.node_limit) {
            let mut best: Option<(f64, usize, u32)> = None;
            for pos in 0..self.order.len() {
                let issue = self.order[pos];
                let was = digits[issue];
                for c in 0..self.classes[pos].len() {
                    let v = self.classes[pos][c];
                    if v == was {
                        continue;
                    }
                    digits[issue] = v;
                    let x = dot(w, &self.offer(&digits));
                    if x > value + TIE && best.is_none_or(|b| x > b.0) {
                        best = Some((x, issue, v));
                    }
                }
                digits[issue] = was;
            }
            // Compound moves: make an interaction hold by moving each of its issues that breaks
            // it to the first value that satisfies it (single moves cannot cross such valleys).
            let moves: Vec<Vec<u32>> = self
                .terms
                .iter()
                .map(|term| {
                    let mut moved = digits.clone();
                    for (pos, allowed) in &term.conditions {
                        let ok = |v: u32| allowed.get(v as usize).copied().unwrap_or(false);
                        let issue = self.order[*pos];
                        if !ok(moved[issue])
                            && let Some(&v) = self.classes[*pos].iter().find(|&&v| ok(v))
                        {
                            moved[issue] = v;
                        }
                    }
                    moved
                })
                .filter(|moved| *moved != digits)
                .collect();
            let mut compound: Option<(f64, Vec<u32>)> = None;
            for moved in moves {
                let x = dot(w, &self.offer(&moved));
                if x > value + TIE && compound.as_ref().is_none_or(|c| x > c.0) {
                    compound = Some((x, moved));
                }
            }
            match (best, compound) {
                (Some(single), Some(c)) if c.0 > single.0 => (value, digits) = c,
                (None, Some(c)) => (value, digits) = c,
                (Some((x, issue, v)), _) => {
                    digits[issue] = v;
                    value = x;
                }
                (None, None) => break,
            }
        }
    }
}

fn dot(w: &[f64], u: &[f64]) -> f64 {
    w.iter().zip(u).map(|(w, u)| w * u).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::frontier::brute_force;
    use crate::preference::{Condition, Interaction, Preferences, Semantics};
    use crate::provenance::Provenance;
    use crate::scenario::{Party, Scenario};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    type RandomTerm = (Vec<(usize, u32, u32)>, f64);

    /// Parties with random tables and random interaction terms over value ranges.
    fn scenario(radices: &[u32], parties: Vec<(Vec<Vec<f64>>, Vec<RandomTerm>, f64)>) -> Scenario {
        let sizes: Vec<usize> = radices.iter().map(|&n| n as usize).collect();
        let issues = crate::analysis::zone::tests::option_issues(&sizes);
        let parties = parties
            .into_iter()
            .enumerate()
            .map(|(p, (tables, terms, fallback))| {
                let mut prefs = Preferences::equal_weights(tables, Semantics::Capped);
                prefs.interactions = terms
                    .into_iter()
                    .map(|(when, bonus)| Interaction {
                        when: when
                            .into_iter()
                            .map(|(i, lo, hi)| Condition::between(i, lo, hi))
                            .collect(),
                        bonus,
                        description: String::new(),
                        provenance: Provenance::default(),
                    })
                    .collect();
                Party::negotiator(format!("p{p}"), prefs, fallback, Provenance::default())
            })
            .collect();
        Scenario::new("random", issues, parties)
    }

    fn arb() -> impl Strategy<Value = Scenario> {
        (prop::collection::vec(1u32..5, 2..6), 2usize..4).prop_flat_map(|(radices, parties)| {
            let n = radices.len();
            let r = radices.clone();
            let term = prop::collection::vec(
                (0..n).prop_flat_map(move |i| {
                    let top = r[i] - 1;
                    (Just(i), 0..=top, 0..=top).prop_map(|(i, a, b)| (i, a.min(b), a.max(b)))
                }),
                1..4,
            )
            .prop_map(|mut c| {
                c.sort_by_key(|x| x.0);
                c.dedup_by_key(|x| x.0);
                c
            });
            let party = (
                radices
                    .iter()
                    .map(|&k| {
                        prop::collection::vec(
                            prop::sample::select(vec![0.0, 0.25, 0.5, 1.0]),
                            k as usize,
                        )
                    })
                    .collect::<Vec<_>>(),
                prop::collection::vec(
                    (term, prop::sample::select(vec![-0.25, 0.125, 0.25, 0.5])),
                    0..6,
                ),
                prop::sample::select(vec![0.0, 0.0, 0.2, 0.4]),
            );
            (Just(radices), prop::collection::vec(party, parties))
                .prop_map(|(radices, parties)| scenario(&radices, parties))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The search finds exactly the brute-force frontier's utility vectors, each with an
        /// outcome that has them.
        #[test]
        fn search_finds_every_frontier_point(s in arb()) {
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let found = search(&problem, NODE_LIMIT).unwrap();
            prop_assert!(found.exhaustive);
            let (_, brute) = brute_force(&problem);
            let want: Vec<Vec<f64>> = brute.iter().map(|digits| problem.deal(digits.clone()).utilities).collect();
            let got: Vec<Vec<f64>> = found.pareto.iter().map(|d| d.utilities.clone()).collect();
            let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TIE);
            // A brute-force point is found, or beaten by rounding alone (0.6 vs 0.6000000000000001).
            let covers = |g: &[f64], w: &[f64]| g.iter().zip(w).all(|(g, w)| *g >= w - TIE);
            for w in &want {
                prop_assert!(got.iter().any(|g| covers(g, w)), "missing {:?}; found {:?}", w, got);
            }
            for g in &got {
                prop_assert!(want.iter().any(|w| same(g, w)), "extra {:?}; want {:?}", g, want);
            }
            for (i, a) in got.iter().enumerate() {
                prop_assert!(got[i + 1..].iter().all(|b| !same(a, b)), "one point per vector");
            }
            for deal in &found.pareto {
                prop_assert_eq!(&problem.deal(deal.digits.clone()).utilities, &deal.utilities);
            }
        }
    }
}

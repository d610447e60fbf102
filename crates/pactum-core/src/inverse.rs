//! Inverse utility: outcomes at or just above a target utility, found without enumerating the
//! space, so that the offer protocols reach spaces far beyond what can be sorted (the ANAC 2014
//! domains have 10^10 to 10^30 outcomes).
//!
//! - **Additive utilities** (a value table per issue, no interaction terms) are inverted
//!   exactly up to a resolution: each value's loss against its issue's best value is rounded
//!   down to a multiple of `δ = (total range) / BUCKETS`, and a multiple-choice subset sum over
//!   those buckets keeps, per bucket total of issues `i..n`, the least true loss reaching it
//!   (built once in `O(n · V · BUCKETS)`). A query takes the bucket whose least loss is the
//!   largest within the budget `best − target`, so the outcome is never below the target and
//!   at most `n · δ` above the closest one (argued at `Additive::at_least`, tested against
//!   brute force), then walks the tables back in `O(n · V)`, choosing at random among ties.
//!   NegMAS's `BIDS` reaches the same spaces by a different route (bucketed sub-sums searched
//!   per query); here the table is built once per party and every query is linear.
//! - **Other utilities** (interaction terms, GENIUS's hyper-rectangles) are searched: the best
//!   and worst outcomes by coordinate ascent from random starts, and an outcome near a target
//!   by a walk of single-value moves from an outcome above it, taking only moves that stay at
//!   or above the target and come closer to it.
//!
//! Red lines are respected by both: an additive answer that crosses one is repaired by the
//! walk, and the walk never takes a move that crosses one.

use crate::preference::UtilityFunction;
use crate::redline::Constraint;
use crate::rng::Stream;

/// Buckets over the additive utility range: the resolution of the exact inversion. With 30
/// issues the answer is within 30/8192 (0.4%) of the range of the closest outcome.
const BUCKETS: usize = 8192;
/// Random starts of the coordinate ascent for the best and worst outcomes.
const RESTARTS: usize = 40;
/// Single-value moves the walk tries per query.
const WALK: usize = 3000;
/// Moves in a row that bring a walk no lower before it stops: it is stuck.
const STALL: usize = 400;

/// An outcome and its utility.
pub type Found = (f64, Vec<u32>);

/// A party's utility function, red lines and space, ready to be inverted.
pub struct Inverse<'a> {
    utility: &'a UtilityFunction,
    red_lines: &'a [Constraint],
    radices: Vec<u32>,
    additive: Option<Additive>,
    /// Per issue, `(term, condition)` of each interaction condition on it.
    by_issue: Vec<Vec<(usize, usize)>>,
}

/// One issue's values whose loss falls in one bucket: `(bucket, [(loss, value)])`.
type Group = (usize, Vec<(f64, u32)>);

/// The subset-sum tables of an additive utility.
struct Additive {
    /// Per issue, the value with the largest table entry.
    best: Vec<u32>,
    /// Per issue, its values grouped by loss bucket (rounded down), buckets ascending, each
    /// group's `(loss, value)` ascending.
    groups: Vec<Vec<Group>>,
    /// `least[i][b]`: the smallest true loss of issues `i..n` whose bucket total is `b`
    /// (`+∞` when none is), `least[n] = [0, +∞, …]`.
    least: Vec<Vec<f64>>,
    /// The additive sum at `best`, before clamping.
    top: f64,
}

/// Work the tables may cost, in (issue, bucket group, bucket) steps (about 0.1 s): fewer buckets
/// for issues with very many values.
const TABLE_WORK: usize = 50_000_000;

impl Additive {
    fn new(utility: &UtilityFunction, radices: &[u32]) -> Self {
        let tables = utility.tables();
        let n = radices.len();
        let entry = |i: usize, v: u32| {
            tables
                .get(i)
                .and_then(|t| t.get(v as usize))
                .copied()
                .unwrap_or(0.0)
        };
        let best: Vec<u32> = (0..n)
            .map(|i| {
                (0..radices[i])
                    .max_by(|&a, &b| entry(i, a).total_cmp(&entry(i, b)).then(b.cmp(&a)))
                    .unwrap_or(0)
            })
            .collect();
        let loss = |i: usize, v: u32| entry(i, best[i]) - entry(i, v);
        let range: f64 = (0..n)
            .map(|i| (0..radices[i]).map(|v| loss(i, v)).fold(0.0, f64::max))
            .sum();
        // Each issue costs min(values, buckets) groups times the buckets.
        let widest = radices.iter().copied().max().unwrap_or(1) as usize;
        let mut buckets = BUCKETS;
        while buckets > 64 && n * widest.min(buckets + 1) * buckets > TABLE_WORK {
            buckets /= 2;
        }
        let delta = if range > 0.0 {
            range / buckets as f64
        } else {
            1.0
        };
        let groups: Vec<Vec<Group>> = (0..n)
            .map(|i| {
                let mut by: Vec<(usize, f64, u32)> = (0..radices[i])
                    .map(|v| {
                        let x = loss(i, v);
                        (((x / delta).floor().max(0.0) as usize).min(buckets), x, v)
                    })
                    .collect();
                by.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
                let mut out: Vec<Group> = Vec::new();
                for (q, x, v) in by {
                    match out.last_mut() {
                        Some((last, members)) if *last == q => members.push((x, v)),
                        _ => out.push((q, vec![(x, v)])),
                    }
                }
                out
            })
            .collect();
        let width = buckets + 1;
        let mut least = vec![vec![f64::INFINITY; width]; n + 1];
        least[n][0] = 0.0;
        for i in (0..n).rev() {
            let (head, tail) = least.split_at_mut(i + 1);
            let (next, here) = (&tail[0], &mut head[i]);
            // Only a group's least loss can be the least through it.
            for (q, members) in &groups[i] {
                let x = members[0].0;
                for b in *q..width {
                    let through = x + next[b - q];
                    if through < here[b] {
                        here[b] = through;
                    }
                }
            }
        }
        let top = (0..n).map(|i| entry(i, best[i])).sum();
        Self {
            best,
            groups,
            least,
            top,
        }
    }

    /// An outcome whose additive sum is at least `target` and within `n·δ` of the closest such
    /// outcome; `None` when even the best is below. Why within: the closest outcome's bucket
    /// total `b*` is reachable with a least loss no larger than its own, so it is a candidate;
    /// every outcome in bucket `b*` loses at least `b*·δ` and the closest loses less than
    /// `b*·δ + n·δ`; the chosen bucket's least loss is at least bucket `b*`'s. The walk back
    /// picks at random among the values that keep the least loss exact.
    fn at_least(&self, target: f64, rng: &mut Stream) -> Option<Vec<u32>> {
        let budget = self.top - target + 1e-12;
        if budget < 0.0 {
            return None;
        }
        let first = &self.least[0];
        let mut total = (0..first.len())
            .filter(|&b| first[b] <= budget)
            .max_by(|&a, &b| first[a].total_cmp(&first[b]).then(b.cmp(&a)))?;
        let mut need = first[total];
        let mut digits = Vec::with_capacity(self.best.len());
        // Per candidate group: (group, first member, members) whose loss completes `need`.
        let mut ties: Vec<(usize, usize, usize)> = Vec::new();
        for i in 0..self.groups.len() {
            ties.clear();
            let mut count = 0;
            for (g, (q, members)) in self.groups[i].iter().enumerate() {
                if *q > total {
                    break;
                }
                let rest = self.least[i + 1][total - q];
                if !rest.is_finite() {
                    continue;
                }
                let want = need - rest;
                let lo = members.partition_point(|m| m.0 < want - 1e-9);
                let hi = members.partition_point(|m| m.0 <= want + 1e-9);
                if hi > lo {
                    ties.push((g, lo, hi - lo));
                    count += hi - lo;
                }
            }
            let mut pick = rng.below(count.max(1) as u64) as usize;
            let &(g, lo, _) = ties.iter().find(|&&(_, _, k)| {
                let here = pick < k;
                if !here {
                    pick -= k;
                }
                here
            })?;
            let (q, members) = &self.groups[i][g];
            let (x, v) = members[lo + pick];
            digits.push(v);
            total -= q;
            need -= x;
        }
        Some(digits)
    }
}

/// An outcome under search: its digits, its sum before clamping, and per interaction term how
/// many of its conditions hold, so that a single-value move is evaluated from the terms it
/// touches alone (30issues: about 14 of 120 hyper-rectangles per issue, not all 120).
struct Point {
    digits: Vec<u32>,
    raw: f64,
    held: Vec<usize>,
}

impl<'a> Inverse<'a> {
    /// Prepares the inversion: the subset-sum tables when the utility is additive, and which
    /// interaction terms each issue appears in.
    pub fn new(utility: &'a UtilityFunction, red_lines: &'a [Constraint], radices: &[u32]) -> Self {
        let additive = utility
            .is_additive()
            .then(|| Additive::new(utility, radices));
        let mut by_issue = vec![Vec::new(); radices.len()];
        for (k, term) in utility.terms().iter().enumerate() {
            for (c, (issue, _)) in term.when.iter().enumerate() {
                if let Some(list) = by_issue.get_mut(*issue) {
                    list.push((k, c));
                }
            }
        }
        Self {
            utility,
            red_lines,
            radices: radices.to_vec(),
            additive,
            by_issue,
        }
    }

    fn allowed(&self, digits: &[u32]) -> bool {
        self.red_lines.iter().all(|c| c.holds(digits))
    }

    fn entry(&self, issue: usize, value: u32) -> f64 {
        self.utility
            .tables()
            .get(issue)
            .and_then(|t| t.get(value as usize))
            .copied()
            .unwrap_or(0.0)
    }

    fn point(&self, digits: Vec<u32>) -> Point {
        let terms = self.utility.terms();
        let held: Vec<usize> = terms
            .iter()
            .map(|t| {
                t.when
                    .iter()
                    .filter(|(i, ok)| {
                        digits
                            .get(*i)
                            .and_then(|&d| ok.get(d as usize))
                            .copied()
                            .unwrap_or(false)
                    })
                    .count()
            })
            .collect();
        let mut raw: f64 = (0..digits.len()).map(|i| self.entry(i, digits[i])).sum();
        for (t, &h) in terms.iter().zip(&held) {
            if h == t.when.len() {
                raw += t.bonus;
            }
        }
        Point { digits, raw, held }
    }

    /// The change of the unclamped sum if issue `i` took value `v`.
    fn delta(&self, p: &Point, i: usize, v: u32) -> f64 {
        let old = p.digits[i];
        let terms = self.utility.terms();
        let mut d = self.entry(i, v) - self.entry(i, old);
        for &(k, c) in &self.by_issue[i] {
            let ok = &terms[k].when[c].1;
            let was = ok.get(old as usize).copied().unwrap_or(false);
            let will = ok.get(v as usize).copied().unwrap_or(false);
            if was == will {
                continue;
            }
            let len = terms[k].when.len();
            let now = p.held[k];
            let after = if will { now + 1 } else { now - 1 };
            if now == len {
                d -= terms[k].bonus;
            } else if after == len {
                d += terms[k].bonus;
            }
        }
        d
    }

    fn apply(&self, p: &mut Point, i: usize, v: u32, delta: f64) {
        let old = p.digits[i];
        let terms = self.utility.terms();
        for &(k, c) in &self.by_issue[i] {
            let ok = &terms[k].when[c].1;
            let was = ok.get(old as usize).copied().unwrap_or(false);
            let will = ok.get(v as usize).copied().unwrap_or(false);
            match (was, will) {
                (false, true) => p.held[k] += 1,
                (true, false) => p.held[k] -= 1,
                _ => {}
            }
        }
        p.digits[i] = v;
        p.raw += delta;
    }

    /// Whether the move keeps the outcome within the red lines.
    fn allows(&self, p: &mut Point, i: usize, v: u32) -> bool {
        if self.red_lines.is_empty() {
            return true;
        }
        let keep = p.digits[i];
        p.digits[i] = v;
        let ok = self.allowed(&p.digits);
        p.digits[i] = keep;
        ok
    }

    /// The best (`best = true`) or worst outcome within the red lines: exact for an additive
    /// utility without red lines, else the best of coordinate ascents from the additive optimum
    /// and [`RESTARTS`] random starts. `None` when no start within the red lines is found.
    pub fn extreme(&self, best: bool, rng: &mut Stream) -> Option<Found> {
        let sign = if best { 1.0 } else { -1.0 };
        // Each issue at its best (worst) table entry: the answer when there are no interactions.
        let greedy: Vec<u32> = (0..self.radices.len())
            .map(|i| {
                let key = |v: u32| sign * self.entry(i, v);
                (0..self.radices[i])
                    .max_by(|&x, &y| key(x).total_cmp(&key(y)).then(y.cmp(&x)))
                    .unwrap_or(0)
            })
            .collect();
        if self.additive.is_some() && self.allowed(&greedy) {
            return Some((self.utility.utility(&greedy), greedy));
        }
        let mut starts = vec![greedy];
        for _ in 0..RESTARTS {
            starts.push(self.random_allowed(rng)?);
        }
        let mut found: Option<Point> = None;
        for start in starts {
            if !self.allowed(&start) {
                continue;
            }
            let climbed = self.climb(self.point(start), sign, rng);
            if found
                .as_ref()
                .is_none_or(|f| sign * climbed.raw > sign * f.raw + 1e-12)
            {
                found = Some(climbed);
            }
        }
        found.map(|p| (self.utility.utility(&p.digits), p.digits))
    }

    /// A random outcome within the red lines, from up to a thousand draws.
    fn random_allowed(&self, rng: &mut Stream) -> Option<Vec<u32>> {
        (0..1000).find_map(|_| {
            let d: Vec<u32> = self
                .radices
                .iter()
                .map(|&r| rng.below(u64::from(r)) as u32)
                .collect();
            self.allowed(&d).then_some(d)
        })
    }

    /// Coordinate ascent of `sign · u`: issue by issue in a random order, the best value within
    /// the red lines, until a sweep changes nothing.
    fn climb(&self, mut p: Point, sign: f64, rng: &mut Stream) -> Point {
        let mut order: Vec<usize> = (0..self.radices.len()).collect();
        loop {
            shuffle(&mut order, rng);
            let mut changed = false;
            for &i in &order {
                let keep = p.digits[i];
                let mut best: Option<(u32, f64)> = None;
                for v in 0..self.radices[i] {
                    if v == keep {
                        continue;
                    }
                    let d = self.delta(&p, i, v);
                    if sign * d > best.map_or(1e-12, |(_, b)| sign * b) && self.allows(&mut p, i, v)
                    {
                        best = Some((v, d));
                    }
                }
                if let Some((v, d)) = best {
                    self.apply(&mut p, i, v, d);
                    changed = true;
                }
            }
            if !changed {
                return p;
            }
        }
    }

    /// An outcome within the red lines whose utility is at least `target` and as close to it as
    /// the inversion finds; `from` is an outcome at or above the target for the walk to start
    /// from (the best, typically). `None` when `from` is below the target or crosses a red line
    /// and no additive answer helps.
    pub fn at_least(&self, target: f64, from: &[u32], rng: &mut Stream) -> Option<Found> {
        let tolerance = 1e-9;
        if let Some(a) = &self.additive
            && let Some(d) = a.at_least(target, rng)
        {
            let u = self.utility.utility(&d);
            if u + tolerance >= target && self.allowed(&d) {
                return Some((u, d));
            }
        }
        if self.utility.utility(from) + tolerance < target || !self.allowed(from) {
            return None;
        }
        let p = self.walk(target, self.point(from.to_vec()), rng);
        Some((self.utility.utility(&p.digits), p.digits))
    }

    /// An outcome within the red lines at or above `target`, reached from `from` (below it) by
    /// random single-value moves that raise the sum, stopping at the first that reaches the
    /// target: the way up from the worst outcome where walks down get stuck above the target.
    /// `None` if the moves do not reach it.
    pub fn rise_to(&self, target: f64, from: &[u32], rng: &mut Stream) -> Option<Found> {
        if !self.allowed(from) || self.radices.is_empty() {
            return None;
        }
        let mut p = self.point(from.to_vec());
        let margin = 1e-9;
        for _ in 0..WALK {
            if p.raw >= target + margin {
                return Some((self.utility.utility(&p.digits), p.digits));
            }
            let Some((i, v)) = self.random_move(&p, rng) else {
                continue;
            };
            let d = self.delta(&p, i, v);
            if d >= 0.0 && self.allows(&mut p, i, v) {
                self.apply(&mut p, i, v, d);
            }
        }
        (p.raw >= target + margin).then(|| (self.utility.utility(&p.digits), p.digits))
    }

    /// A random issue and another of its values (uniform over both), or `None` for an issue of
    /// one value.
    fn random_move(&self, p: &Point, rng: &mut Stream) -> Option<(usize, u32)> {
        let i = rng.below(self.radices.len() as u64) as usize;
        if self.radices[i] < 2 {
            return None;
        }
        let shift = 1 + rng.below(u64::from(self.radices[i] - 1)) as u32;
        Some((i, (p.digits[i] + shift) % self.radices[i]))
    }

    /// Random single-value moves from `p` that keep the sum at or above `target` and within the
    /// red lines, taking each that lowers it or keeps it level (a level move crosses a plateau of
    /// hyper-rectangles to where a lower step may be).
    fn walk(&self, target: f64, mut p: Point, rng: &mut Stream) -> Point {
        // The sum is kept by deltas; this margin absorbs their rounding.
        let margin = 1e-9;
        if self.radices.is_empty() {
            return p;
        }
        let mut idle = 0;
        for _ in 0..WALK {
            if p.raw - target <= 1e-12 || idle > STALL {
                break;
            }
            let Some((i, v)) = self.random_move(&p, rng) else {
                continue;
            };
            let d = self.delta(&p, i, v);
            if d <= 0.0 && p.raw + d >= target + margin && self.allows(&mut p, i, v) {
                self.apply(&mut p, i, v, d);
                idle = if d < 0.0 { 0 } else { idle + 1 };
            } else {
                idle += 1;
            }
        }
        p
    }
}

/// Fisher–Yates with the stream's draws.
fn shuffle<T>(items: &mut [T], rng: &mut Stream) {
    for k in (1..items.len()).rev() {
        let j = rng.below(k as u64 + 1) as usize;
        items.swap(k, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::OutcomeSpace;
    use proptest::prelude::*;

    /// Every outcome and its utility, for the oracle.
    fn all(u: &UtilityFunction, radices: &[u32]) -> Vec<Found> {
        let space = OutcomeSpace::new(radices.to_vec()).unwrap();
        let mut odo = space.odometer(0, space.size());
        let mut out = Vec::new();
        while odo.advance().is_some() {
            out.push((u.utility(odo.digits()), odo.digits().to_vec()));
        }
        out
    }

    fn tables(radices: &[u32], values: &[f64]) -> Vec<Vec<f64>> {
        let mut k = 0;
        radices
            .iter()
            .map(|&r| {
                (0..r)
                    .map(|_| {
                        k += 1;
                        values[k % values.len()]
                    })
                    .collect()
            })
            .collect()
    }

    proptest! {
        /// Against brute force on small additive spaces: never below the target, never further
        /// above the closest outcome than the resolution, and the extremes exact.
        #[test]
        fn additive_inversion_is_within_the_resolution_of_the_closest_outcome(
            radices in prop::collection::vec(1u32..6, 1..6),
            values in prop::collection::vec(0.0f64..0.3, 8..40),
            share in 0.0f64..1.0,
            seed in any::<u64>(),
        ) {
            let t = tables(&radices, &values);
            let u = UtilityFunction::from_tables(t);
            let every = all(&u, &radices);
            let inverse = Inverse::new(&u, &[], &radices);
            let mut rng = Stream::new(seed, 0);
            let best = inverse.extreme(true, &mut rng).unwrap();
            let worst = inverse.extreme(false, &mut rng).unwrap();
            let top = every.iter().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max);
            let bottom = every.iter().map(|x| x.0).fold(f64::INFINITY, f64::min);
            prop_assert!((best.0 - top).abs() < 1e-9 && (worst.0 - bottom).abs() < 1e-9);
            let target = bottom + share * (top - bottom);
            let (got, digits) = inverse.at_least(target, &best.1, &mut rng).unwrap();
            prop_assert!((u.utility(&digits) - got).abs() < 1e-12);
            prop_assert!(got + 1e-9 >= target, "{got} below {target}");
            let closest = every.iter().map(|x| x.0).filter(|&v| v + 1e-9 >= target).fold(f64::INFINITY, f64::min);
            let resolution = radices.len() as f64 * (top - bottom) / BUCKETS as f64;
            prop_assert!(got <= closest + resolution + 1e-9, "{got} against the closest {closest}");
        }
    }

    #[test]
    fn interactions_and_red_lines_are_searched_and_respected() {
        use crate::preference::{Condition, Interaction, Preferences, Semantics};
        // Three issues of four values; a bonus for (0 = 3 and 1 = 3), and a red line 2 != 3.
        let tables = vec![vec![0.0, 0.1, 0.2, 0.3]; 3];
        let mut p = Preferences::equal_weights(tables, Semantics::AsWritten);
        for t in &mut p.issues {
            t.weight = 1.0;
        }
        p.interactions.push(Interaction {
            when: vec![Condition::is(0, 3), Condition::is(1, 3)],
            bonus: 0.5,
            description: String::new(),
            provenance: Default::default(),
        });
        let values: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let issues: Vec<crate::Issue> = (0..3)
            .map(|k| crate::Issue::with_options(format!("i{k}"), &values))
            .collect();
        let u = UtilityFunction::new(&p, &issues);
        let lines = [crate::redline::parse_and_compile("i2 != \"d\"", &issues).unwrap()];
        let inverse = Inverse::new(&u, &lines, &[4, 4, 4]);
        let mut rng = Stream::new(7, 0);
        let (best, digits) = inverse.extreme(true, &mut rng).unwrap();
        assert_eq!(digits, vec![3, 3, 2]);
        assert!((best - 1.3).abs() < 1e-12);
        for k in 0..20 {
            let target = 1.3 * f64::from(k) / 19.0;
            let (got, d) = inverse.at_least(target, &digits, &mut rng).unwrap();
            assert!(got + 1e-12 >= target && d[2] != 3, "{target}: {got} {d:?}");
        }
    }
}

//! The utility plane: where the outcomes lie for each pair of negotiators, and which of them
//! every negotiator can accept — what a plot of the space draws behind the frontier.
//!
//! Small spaces give every outcome as a point. Larger ones give, for each pair of negotiators, a
//! `BINS × BINS` grid of counts per [`Verdict`] (acceptable, below a fallback, across a red line), over every outcome up
//! to [`EXHAUSTIVE_LIMIT`] and over a seeded uniform sample of [`SAMPLE_SIZE`] beyond it (the
//! 10^10-outcome ANAC 2014 spaces included). Both passes run in fixed chunks whose results are
//! integer counts and extremes, so the thread count cannot change a bin. Cost: one utility
//! evaluation and one constraint check per outcome seen, O(seen · (issues + constraints)); the
//! flagship's 108 outcomes take microseconds, 2^21 outcomes of a 5-issue space ~0.1 s on 2 cores.

use super::Problem;
use crate::rng::Stream;
use rayon::prelude::*;

/// Spaces up to this many outcomes are drawn point by point.
pub const POINT_LIMIT: u64 = 4096;
/// Spaces up to this many outcomes are binned exhaustively; larger ones are sampled.
pub const EXHAUSTIVE_LIMIT: u64 = 1 << 21;
/// Outcomes drawn, uniformly with replacement, from a space above [`EXHAUSTIVE_LIMIT`].
pub const SAMPLE_SIZE: u64 = 1 << 20;
/// Bins per axis of a density grid.
pub const BINS: usize = 100;
/// Outcomes per parallel chunk (a sampled chunk draws from its own stream).
const CHUNK: u64 = 1 << 15;

/// What the constraints in force say of an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It violates none: every negotiator can accept it.
    Acceptable,
    /// It crosses no red line but leaves a negotiator below its fallback.
    BelowFallback,
    /// It crosses at least one red line.
    AcrossRedLine,
}

impl Verdict {
    fn of(problem: &Problem, fallback_bits: u128, digits: &[u32], utilities: &[f64]) -> Verdict {
        let v = problem.violations(digits, utilities);
        if v == 0 {
            Verdict::Acceptable
        } else if v & !fallback_bits == 0 {
            Verdict::BelowFallback
        } else {
            Verdict::AcrossRedLine
        }
    }

    fn slot(self) -> usize {
        match self {
            Verdict::Acceptable => 0,
            Verdict::BelowFallback => 1,
            Verdict::AcrossRedLine => 2,
        }
    }
}

/// One outcome on the plane.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanePoint {
    /// The outcome's sub-index in the problem's subspace.
    pub index: u64,
    /// Each negotiator's utility, in the order of [`Problem::parties`].
    pub utilities: Vec<f64>,
    /// What the constraints in force say of it.
    pub verdict: Verdict,
}

/// Counts of outcomes per bin of one pair of negotiators' utilities.
#[derive(Clone, Debug, PartialEq)]
pub struct Density {
    /// The negotiator on the horizontal axis (a slot of [`Problem::parties`]).
    pub x: usize,
    /// The negotiator on the vertical axis.
    pub y: usize,
    /// Acceptable outcomes per bin: row-major, `BINS × BINS`, row 0 at the lowest utility of
    /// `y`, column 0 at the lowest of `x`.
    pub acceptable: Vec<u32>,
    /// Outcomes below a fallback but across no red line, per bin, laid out as `acceptable`.
    pub below_fallback: Vec<u32>,
    /// Outcomes across a red line, per bin.
    pub across_red_line: Vec<u32>,
}

/// What the plane holds: the outcomes themselves, or their densities.
#[derive(Clone, Debug, PartialEq)]
pub enum Cloud {
    /// Every outcome, in sub-index order (spaces up to [`POINT_LIMIT`]).
    Points(Vec<PlanePoint>),
    /// One grid per pair of negotiators, in the order of [`pairs`].
    Density(Vec<Density>),
}

/// The outcomes of a problem on its utility plane.
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    /// Outcomes under study.
    pub outcomes: u128,
    /// Outcomes evaluated: all of them, or the sample.
    pub seen: u64,
    /// Whether `seen` is a sample.
    pub sampled: bool,
    /// Of those seen, how many have each [`Verdict`]: acceptable, below a fallback only, across
    /// a red line.
    pub counts: [u64; 3],
    /// Each negotiator's smallest and largest utility over the outcomes seen (the bins' range).
    pub ranges: Vec<(f64, f64)>,
    /// The outcomes or their densities.
    pub cloud: Cloud,
}

/// Each negotiator's smallest and largest utility.
type Ranges = Vec<(f64, f64)>;

/// Every pair `(x, y)`, `x < y`, of `n` negotiators, in order.
pub fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|x| (x + 1..n).map(move |y| (x, y)))
        .collect()
}

/// Where the outcomes of `problem` lie; `seed` chooses the sample of a space too large to walk.
pub fn plane(problem: &Problem, seed: u64) -> Plane {
    let n = problem.parties.len();
    let outcomes = problem.subspace.size();
    let exhaustive = u64::try_from(outcomes)
        .ok()
        .filter(|&s| s <= EXHAUSTIVE_LIMIT);
    let seen = exhaustive.unwrap_or(SAMPLE_SIZE);
    let walk = Walk {
        problem,
        exhaustive: exhaustive.is_some(),
        seen,
        seed,
    };
    if seen <= POINT_LIMIT {
        let mut points = Vec::with_capacity(seen as usize);
        walk.chunk(0, &mut |index, u, verdict| {
            points.push(PlanePoint {
                index,
                utilities: u.to_vec(),
                verdict,
            })
        });
        let ranges = ranges_of(n, points.iter().map(|p| p.utilities.as_slice()));
        let mut counts = [0; 3];
        for p in &points {
            counts[p.verdict.slot()] += 1;
        }
        return Plane {
            outcomes,
            seen,
            sampled: false,
            counts,
            ranges,
            cloud: Cloud::Points(points),
        };
    }
    let chunks = seen.div_ceil(CHUNK);
    // Pass 1: each negotiator's range and the counts of each verdict.
    let extremes: Vec<(Ranges, [u64; 3])> = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let mut r = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
            let mut counts = [0; 3];
            walk.chunk(k, &mut |_, u, verdict| {
                for (slot, &x) in r.iter_mut().zip(u) {
                    slot.0 = slot.0.min(x);
                    slot.1 = slot.1.max(x);
                }
                counts[verdict.slot()] += 1;
            });
            (r, counts)
        })
        .collect();
    let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
    let mut counts = [0; 3];
    for (r, c) in &extremes {
        for (slot, x) in ranges.iter_mut().zip(r) {
            slot.0 = slot.0.min(x.0);
            slot.1 = slot.1.max(x.1);
        }
        for (t, x) in counts.iter_mut().zip(c) {
            *t += x;
        }
    }
    // Pass 2: the bins of every pair.
    let pairs = pairs(n);
    let cells = BINS * BINS;
    let grids: Vec<Vec<u32>> = (0..chunks)
        .into_par_iter()
        .map(|k| {
            // Per pair, a grid per verdict.
            let mut g = vec![0u32; pairs.len() * 3 * cells];
            walk.chunk(k, &mut |_, u, verdict| {
                for (p, &(x, y)) in pairs.iter().enumerate() {
                    let cell = bin(u[y], ranges[y]) * BINS + bin(u[x], ranges[x]);
                    g[(3 * p + verdict.slot()) * cells + cell] += 1;
                }
            });
            g
        })
        .collect();
    let mut total = vec![0u32; pairs.len() * 3 * cells];
    for g in grids {
        for (t, c) in total.iter_mut().zip(g) {
            *t += c;
        }
    }
    let densities = pairs
        .iter()
        .enumerate()
        .map(|(p, &(x, y))| {
            let grid = |v: usize| total[(3 * p + v) * cells..(3 * p + v + 1) * cells].to_vec();
            Density {
                x,
                y,
                acceptable: grid(0),
                below_fallback: grid(1),
                across_red_line: grid(2),
            }
        })
        .collect();
    Plane {
        outcomes,
        seen,
        sampled: exhaustive.is_none(),
        counts,
        ranges,
        cloud: Cloud::Density(densities),
    }
}

/// The bin of `u` in `range` (the top edge goes into the last bin).
pub fn bin(u: f64, (lo, hi): (f64, f64)) -> usize {
    if hi <= lo || !u.is_finite() {
        return 0;
    }
    (((u - lo) / (hi - lo) * BINS as f64) as usize).min(BINS - 1)
}

fn ranges_of<'a>(n: usize, rows: impl Iterator<Item = &'a [f64]>) -> Vec<(f64, f64)> {
    let mut r = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
    for u in rows {
        for (slot, &x) in r.iter_mut().zip(u) {
            slot.0 = slot.0.min(x);
            slot.1 = slot.1.max(x);
        }
    }
    r
}

/// The outcomes one pass visits: every sub-index, or the seeded sample.
struct Walk<'a> {
    problem: &'a Problem,
    exhaustive: bool,
    seen: u64,
    seed: u64,
}

impl Walk<'_> {
    /// Calls `visit(index, utilities, verdict)` for every outcome of chunk `k`, in order.
    fn chunk(&self, k: u64, visit: &mut dyn FnMut(u64, &[f64], Verdict)) {
        let p = self.problem;
        let fallbacks = p.fallback_bits();
        let mut u = vec![0.0; p.parties.len()];
        let start = k * CHUNK;
        let end = (start + CHUNK).min(self.seen);
        if self.exhaustive {
            let mut odometer = p.subspace.odometer(start, end);
            while odometer.advance().is_some() {
                let digits = odometer.digits();
                p.utilities_into(digits, &mut u);
                visit(odometer.index(), &u, Verdict::of(p, fallbacks, digits, &u));
            }
        } else {
            // Stream k of the seed: the sample of chunk k does not depend on the other chunks.
            let mut stream = Stream::new(self.seed, k);
            let choices = p.subspace.choices();
            let mut digits = vec![0u32; choices.len()];
            for i in start..end {
                for (d, c) in digits.iter_mut().zip(choices) {
                    *d = c[stream.below(c.len() as u64) as usize];
                }
                p.utilities_into(&digits, &mut u);
                visit(i, &u, Verdict::of(p, fallbacks, &digits, &u));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zone::tests::scenario;
    use std::collections::BTreeSet;

    /// `issues` issues of `values` values; one party wants high digits, the other low ones;
    /// each needs 0.3, and the first refuses value 0 of issue 0 (a red line).
    fn opposed(values: usize, issues: usize) -> Problem {
        let up: Vec<Vec<f64>> = (0..issues)
            .map(|_| {
                (0..values)
                    .map(|v| v as f64 / (values - 1) as f64)
                    .collect()
            })
            .collect();
        let down = up
            .iter()
            .map(|t| t.iter().map(|x| 1.0 - x).collect())
            .collect();
        let mut allowed = vec![true; values];
        allowed[0] = false;
        let s = scenario(
            vec![values; issues],
            vec![(up, vec![(0, allowed)], 0.3), (down, Vec::new(), 0.3)],
        );
        Problem::new(&s, &BTreeSet::new()).unwrap()
    }

    /// The verdict by the definition: no violation; fallbacks only; a red line.
    fn verdict(p: &Problem, digits: &[u32], u: &[f64]) -> Verdict {
        let v = p.violations(digits, u);
        let red_lines: u128 = (0..p.constraint_ids().len())
            .filter(|&b| !p.constraint_ids()[b].ends_with(".fallback"))
            .fold(0, |m, b| m | 1 << b);
        if v == 0 {
            Verdict::Acceptable
        } else if v & red_lines == 0 {
            Verdict::BelowFallback
        } else {
            Verdict::AcrossRedLine
        }
    }

    #[test]
    fn small_spaces_are_every_outcome_with_its_verdict() {
        let p = opposed(3, 2);
        let plane = plane(&p, 1);
        let Cloud::Points(points) = &plane.cloud else {
            panic!("9 outcomes are points")
        };
        assert_eq!(points.len(), 9);
        assert!(!plane.sampled);
        let mut counts = [0; 3];
        for (i, point) in points.iter().enumerate() {
            let deal = p.deal_at(i as u64);
            assert_eq!(point.utilities, deal.utilities);
            assert_eq!(point.verdict, verdict(&p, &deal.digits, &deal.utilities));
            counts[point.verdict.slot()] += 1;
        }
        assert_eq!(plane.counts, counts);
        assert!(
            counts.iter().all(|&c| c > 0),
            "every verdict occurs: {counts:?}"
        );
    }

    #[test]
    fn binned_counts_add_up_to_every_outcome_and_match_a_direct_count() {
        // 9^4 = 6561 outcomes: above the point limit, walked exhaustively.
        let p = opposed(9, 4);
        let plane = plane(&p, 1);
        assert!(!plane.sampled);
        assert_eq!(plane.seen, 6561);
        let Cloud::Density(d) = &plane.cloud else {
            panic!("binned")
        };
        assert_eq!(d.len(), 1);
        // Recount every bin directly.
        let mut direct = vec![vec![0u32; BINS * BINS]; 3];
        for i in 0..6561 {
            let deal = p.deal_at(i);
            let cell = bin(deal.utilities[1], plane.ranges[1]) * BINS
                + bin(deal.utilities[0], plane.ranges[0]);
            direct[verdict(&p, &deal.digits, &deal.utilities).slot()][cell] += 1;
        }
        assert_eq!(d[0].acceptable, direct[0]);
        assert_eq!(d[0].below_fallback, direct[1]);
        assert_eq!(d[0].across_red_line, direct[2]);
        let sums: Vec<u64> = direct
            .iter()
            .map(|g| g.iter().map(|&c| u64::from(c)).sum())
            .collect();
        assert_eq!(plane.counts.to_vec(), sums);
        assert_eq!(sums.iter().sum::<u64>(), 6561);
    }

    #[test]
    fn huge_spaces_are_sampled_the_same_on_any_thread_count() {
        // 10^10 outcomes.
        let p = opposed(10, 10);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| plane(&p, 7));
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| plane(&p, 7));
        assert!(one.sampled);
        assert_eq!(one.seen, SAMPLE_SIZE);
        assert_eq!(one, two);
        assert_ne!(one, plane(&p, 8), "another seed draws another sample");
    }

    #[test]
    fn bins_cover_the_range_edges() {
        assert_eq!(bin(0.0, (0.0, 1.0)), 0);
        assert_eq!(bin(1.0, (0.0, 1.0)), BINS - 1);
        assert_eq!(bin(0.5, (0.0, 1.0)), BINS / 2);
        assert_eq!(bin(0.3, (0.3, 0.3)), 0);
        assert_eq!(pairs(3), vec![(0, 1), (0, 2), (1, 2)]);
    }
}

//! Pareto-optimal ("skyline") subsets of utility vectors.
//!
//! A point is dominated when another is at least as good in every coordinate and strictly better
//! in one; points with identical vectors never dominate each other, so all are kept. The
//! algorithms return the indices of the non-dominated points in ascending order, whatever their
//! input order:
//!
//! - 1 coordinate: the maxima;
//! - 2: sort by the first coordinate, sweep the second — O(n log n);
//! - 3: sort by the first, sweep a staircase of the other two in an ordered map — O(n log n)
//!   (Kung, Luccio, Preparata 1975), whatever the shape of the data;
//! - 4 and more: sort-filter-skyline (Chomicki et al. 2003): presort by the sum, compare each
//!   point with the skyline so far — O(n log n + n·s).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Points stored row by row: point `i` is `data[i*d .. (i+1)*d]`.
#[derive(Clone, Copy, Debug)]
pub struct Points<'a> {
    /// The coordinates, `d` per point.
    pub data: &'a [f64],
    /// Coordinates per point (> 0).
    pub d: usize,
}

impl<'a> Points<'a> {
    /// Points of dimension `d` over `data`; panics unless `d > 0` divides its length.
    pub fn new(data: &'a [f64], d: usize) -> Self {
        assert!(
            d > 0 && data.len().is_multiple_of(d),
            "points of dimension {d}"
        );
        Self { data, d }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.data.len() / self.d
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The coordinates of point `i`.
    pub fn get(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }
}

/// Whether `a` dominates `b`.
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut strict = false;
    for (x, y) in a.iter().zip(b) {
        if x < y {
            return false;
        }
        strict |= x > y;
    }
    strict
}

/// Utilities closer than about this count as equal when outcomes are compared: every
/// coordinate is rounded to a multiple of it first. Hand-written scenarios produce exact ties
/// (0.565 for both) that summation order breaks in the last bit (0.5650000000000001); without
/// the rounding the worse of two tied outcomes survived on the frontier. 2^-33 ≈ 1.2e-10 is far
/// above summation noise (~1e-16) and far below any difference a scenario means. Two values a
/// hair apart on either side of a rounding boundary still compare unequal; that needs a true
/// value within 1e-16 of a boundary, about one chance in a million for a given pair.
pub const TIE: f64 = 1.0 / (1u64 << 33) as f64;

/// `x` rounded to a multiple of [`TIE`].
pub fn snap(x: f64) -> f64 {
    if x.is_finite() {
        (x / TIE).round() * TIE
    } else {
        x
    }
}

fn snapped(points: &Points<'_>) -> Vec<f64> {
    points.data.iter().map(|&x| snap(x)).collect()
}

/// The indices of the non-dominated points, ascending, comparing coordinates rounded to
/// [`TIE`].
pub fn skyline(points: Points<'_>) -> Vec<usize> {
    let data = snapped(&points);
    skyline_exact(Points::new(&data, points.d))
}

/// The indices of the non-dominated points, ascending, comparing coordinates exactly, as
/// NegMAS does (its `pareto_frontier` is replaced by `pactum.negmas`, which must agree bit for
/// bit). The same algorithms as [`skyline`], without the rounding; NaN is not a utility and must
/// not occur.
pub fn skyline_exact(points: Points<'_>) -> Vec<usize> {
    let mut out = match points.d {
        1 => maxima(points),
        2 => sweep2(points),
        3 => sweep3(points),
        _ => sort_filter(points),
    };
    out.sort_unstable();
    out
}

/// The O(n²) definition, for tests and as an oracle (with the same rounding).
pub fn brute_force(points: Points<'_>) -> Vec<usize> {
    let data = snapped(&points);
    let points = Points::new(&data, points.d);
    (0..points.len())
        .filter(|&i| !(0..points.len()).any(|j| dominates(points.get(j), points.get(i))))
        .collect()
}

fn maxima(p: Points<'_>) -> Vec<usize> {
    let best = (0..p.len())
        .map(|i| p.get(i)[0])
        .fold(f64::NEG_INFINITY, f64::max);
    (0..p.len()).filter(|&i| p.get(i)[0] == best).collect()
}

/// Order by the first coordinate descending, then the rest descending.
/// `x` as an unsigned key in `f64::total_cmp` order.
fn total_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The points' indices, lexicographically descending, ties by index. The first coordinate is
/// sorted as a key stored beside the index, so that most comparisons touch no point: this took
/// `pactum.negmas.pareto_frontier` on 10^6 outcomes from 86 to 70 ms (two parties) and from 83
/// to 72 ms (three), medians of 7 (docs/performance.md).
fn by_first_desc(p: Points<'_>) -> Vec<usize> {
    let mut keyed: Vec<(u64, usize)> = (0..p.len()).map(|i| (!total_key(p.get(i)[0]), i)).collect();
    keyed.sort_unstable_by(|&(ka, a), &(kb, b)| {
        ka.cmp(&kb).then_with(|| {
            let (x, y) = (p.get(a), p.get(b));
            for k in 1..p.d {
                match y[k].total_cmp(&x[k]) {
                    Ordering::Equal => continue,
                    other => return other,
                }
            }
            a.cmp(&b)
        })
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

fn sweep2(p: Points<'_>) -> Vec<usize> {
    let order = by_first_desc(p);
    let mut out = Vec::new();
    // Best second coordinate among points with a strictly greater first coordinate.
    let mut best_before = f64::NEG_INFINITY;
    let mut g = 0;
    while g < order.len() {
        let first = p.get(order[g])[0];
        let mut end = g;
        while end < order.len() && p.get(order[end])[0] == first {
            end += 1;
        }
        // Within a group of equal first coordinates, only the largest second survives.
        let top = p.get(order[g])[1];
        if top > best_before {
            out.extend(
                order[g..end]
                    .iter()
                    .copied()
                    .filter(|&i| p.get(i)[1] == top),
            );
        }
        best_before = best_before.max(top);
        g = end;
    }
    out
}

/// A key whose order is `f64::total_cmp`'s.
fn key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// A 2-D staircase: points (a, b) none of which dominates another; keys ascending in `a`, values
/// descending in `b`.
#[derive(Default)]
struct Staircase {
    steps: BTreeMap<u64, f64>,
}

impl Staircase {
    /// Whether some stored point is at least as good in both coordinates.
    fn covers(&self, a: f64, b: f64) -> bool {
        self.steps
            .range(key(a)..)
            .next()
            .is_some_and(|(_, &sb)| sb >= b)
    }

    fn insert(&mut self, a: f64, b: f64) {
        if self.covers(a, b) {
            return;
        }
        let k = key(a);
        let dominated: Vec<u64> = self
            .steps
            .range(..=k)
            .rev()
            .take_while(|(_, sb)| **sb <= b)
            .map(|(k, _)| *k)
            .collect();
        for d in dominated {
            self.steps.remove(&d);
        }
        self.steps.insert(k, b);
    }
}

fn sweep3(p: Points<'_>) -> Vec<usize> {
    let order = by_first_desc(p);
    let mut stairs = Staircase::default();
    let mut out = Vec::new();
    let mut g = 0;
    while g < order.len() {
        let first = p.get(order[g])[0];
        let mut end = g;
        while end < order.len() && p.get(order[end])[0] == first {
            end += 1;
        }
        if end == g + 1 {
            // A first coordinate of its own (most points, with real-valued utilities): no
            // group to sweep. Without this shortcut the three allocations and the sort of a
            // one-point group took about half of 10^6 points' 76 ms (opp_p3_i6_v10_s3).
            let v = p.get(order[g]);
            if !stairs.covers(v[1], v[2]) {
                out.push(order[g]);
                stairs.insert(v[1], v[2]);
            }
            g = end;
            continue;
        }
        // Points sharing the first coordinate: their own 2-D skyline on the other two...
        let group: Vec<usize> = order[g..end].to_vec();
        let rest: Vec<f64> = group
            .iter()
            .flat_map(|&i| [p.get(i)[1], p.get(i)[2]])
            .collect();
        let local = sweep2(Points::new(&rest, 2));
        // ...then those not covered by a point with a strictly greater first coordinate.
        for &j in &local {
            let v = p.get(group[j]);
            if !stairs.covers(v[1], v[2]) {
                out.push(group[j]);
            }
        }
        for &j in &local {
            let v = p.get(group[j]);
            stairs.insert(v[1], v[2]);
        }
        g = end;
    }
    out
}

fn sort_filter(p: Points<'_>) -> Vec<usize> {
    if p.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<(f64, usize)> = (0..p.len()).map(|i| (p.get(i).iter().sum(), i)).collect();
    // A dominating point has a sum at least as large and comes first lexicographically among
    // equal sums, so it is always seen before the points it dominates.
    order.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| {
            let (x, y) = (p.get(a.1), p.get(b.1));
            x.iter()
                .zip(y)
                .map(|(u, v)| v.total_cmp(u))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        })
    });
    // Partition the skyline found so far by a pivot (the coordinate-wise medians): bit k of a
    // point's mask says whether its coordinate k reaches the pivot's. A point can only be
    // dominated by one whose mask contains its own, so most comparisons are skipped
    // (BSkyTree's point-based partitioning, one level).
    let d = p.d.min(12);
    let pivot: Vec<f64> = (0..d)
        .map(|k| {
            let mut column: Vec<f64> = (0..p.len()).map(|i| p.get(i)[k]).collect();
            let mid = column.len() / 2;
            column.select_nth_unstable_by(mid, f64::total_cmp);
            column[mid]
        })
        .collect();
    let mask = |v: &[f64]| {
        (0..d)
            .filter(|&k| v[k] >= pivot[k])
            .fold(0usize, |m, k| m | (1 << k))
    };
    let full = (1usize << d) - 1;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); full + 1];
    let mut window: Vec<usize> = Vec::new();
    for (_, i) in order {
        let v = p.get(i);
        let m = mask(v);
        // Every superset of m, m itself included.
        let mut sup = m;
        let mut dominated = false;
        loop {
            if buckets[sup].iter().any(|&w| dominates(p.get(w), v)) {
                dominated = true;
                break;
            }
            if sup == full {
                break;
            }
            sup = (sup + 1) | m;
        }
        if !dominated {
            buckets[m].push(i);
            window.push(i);
        }
    }
    window
}

#[cfg(test)]
mod exact_tests {
    use super::*;

    #[test]
    fn the_sort_key_keeps_total_order() {
        let xs = [
            f64::NEG_INFINITY,
            -1.0,
            -0.0,
            0.0,
            f64::from_bits(1),
            0.5,
            1.0,
            f64::INFINITY,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn the_exact_skyline_matches_the_definition_on_near_ties_and_repeats() {
        let mut state = 11u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Few distinct values, some a last bit apart: repeats, ties, and near-ties that
            // rounding would merge but an exact comparison must not.
            let base = ((state >> 33) % 5) as f64 / 4.0;
            if (state >> 20).is_multiple_of(3) {
                f64::from_bits(base.to_bits() + 1)
            } else {
                base
            }
        };
        for d in 1..=4 {
            for n in [0usize, 1, 2, 7, 60, 300] {
                let data: Vec<f64> = (0..n * d).map(|_| next()).collect();
                let points = Points::new(&data, d);
                let oracle: Vec<usize> = (0..n)
                    .filter(|&i| !(0..n).any(|j| dominates(points.get(j), points.get(i))))
                    .collect();
                assert_eq!(skyline_exact(points), oracle, "d={d} n={n}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_points() -> impl Strategy<Value = (Vec<f64>, usize)> {
        (1usize..6).prop_flat_map(|d| {
            // Few distinct values: many ties and duplicates.
            (
                prop::collection::vec(
                    prop::sample::select(vec![0.0, 0.25, 0.5, 0.75, 1.0, -0.5]),
                    0..60 * d,
                )
                .prop_map(move |mut v| {
                    v.truncate(v.len() / d * d);
                    v
                }),
                Just(d),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn matches_the_brute_force_oracle((data, d) in arb_points()) {
            let p = Points::new(&data, d);
            prop_assert_eq!(skyline(p), brute_force(p));
        }

        #[test]
        fn matches_the_oracle_on_continuous_anticorrelated_points(raw in prop::collection::vec(0.0f64..1.0, 0..300), d in 2usize..5) {
            // Rescale each point to a fixed sum: nearly everything is on the frontier.
            let mut data = raw;
            data.truncate(data.len() / d * d);
            for chunk in data.chunks_mut(d) {
                let s: f64 = chunk.iter().sum::<f64>().max(1e-9);
                chunk.iter_mut().for_each(|x| *x /= s);
            }
            let p = Points::new(&data, d);
            prop_assert_eq!(skyline(p), brute_force(p));
        }
    }

    #[test]
    fn keeps_identical_vectors() {
        let data = [1.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.4, 0.4];
        assert_eq!(skyline(Points::new(&data, 2)), vec![0, 1, 2]);
        let data = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 0.0];
        assert_eq!(skyline(Points::new(&data, 3)), vec![0, 1, 2]);
    }
}

//! Upper bounds for branch and bound by mini-bucket elimination (Dechter and Rish, 2003; used
//! as a search heuristic by Kask and Dechter, 2001).
//!
//! The objective is a sum of functions, each of a few search positions. Eliminating positions
//! from the last to the first, the functions whose latest position is `k` (its *bucket*) are
//! split into mini-buckets of at most `width` positions each; each mini-bucket is summed and
//! maximised over position `k`, and the resulting message joins the bucket of its own latest
//! position. Maximising each mini-bucket separately can only overestimate, so, for positions
//! `0..k` assigned, the messages *crossing* `k` (made at a bucket `≥ k`, about positions `< k`
//! only) add up to an upper bound on what every function touching a position `≥ k` can still
//! add. With `width` at least the induced width of the order the bound is exact.

/// A function of some search positions, tabulated over their value classes.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// Positions, ascending.
    scope: Vec<usize>,
    strides: Vec<usize>,
    values: Vec<f64>,
}

impl Table {
    /// Tabulates `f` (given the class at each scope position, in scope order) over `scope`,
    /// where position `k` has `sizes[k]` classes.
    pub(crate) fn new(
        scope: Vec<usize>,
        sizes: &[usize],
        mut f: impl FnMut(&[usize]) -> f64,
    ) -> Self {
        let dims: Vec<usize> = scope.iter().map(|&k| sizes[k]).collect();
        let mut strides = vec![1; scope.len()];
        for i in (0..scope.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * dims[i + 1];
        }
        let total: usize = dims.iter().product();
        let mut at = vec![0; scope.len()];
        let mut values = Vec::with_capacity(total);
        for _ in 0..total {
            values.push(f(&at));
            for i in (0..at.len()).rev() {
                at[i] += 1;
                if at[i] < dims[i] {
                    break;
                }
                at[i] = 0;
            }
        }
        Self {
            scope,
            strides,
            values,
        }
    }

    /// The value at the classes of a full assignment (`classes[k]` for position `k`).
    pub(crate) fn at(&self, classes: &[usize]) -> f64 {
        let index: usize = self
            .scope
            .iter()
            .zip(&self.strides)
            .map(|(&k, &s)| classes[k] * s)
            .sum();
        self.values[index]
    }

    fn latest(&self) -> Option<usize> {
        self.scope.last().copied()
    }
}

/// The messages of one elimination, ready to bound partial assignments.
#[derive(Debug)]
pub(crate) struct Heuristic {
    messages: Vec<Table>,
    /// `crossing[k]`: messages made at a bucket `≥ k` about positions `< k` only.
    crossing: Vec<Vec<usize>>,
}

impl Heuristic {
    /// An upper bound on what the functions touching positions `k..` add, with positions `< k`
    /// at `classes`.
    pub(crate) fn at(&self, k: usize, classes: &[usize]) -> f64 {
        self.crossing[k]
            .iter()
            .map(|&m| self.messages[m].at(classes))
            .sum()
    }
}

/// Eliminates `functions` (over positions with `sizes` classes each) with mini-buckets of at
/// most `width` positions. `None` when the messages would hold more than `budget` values.
pub(crate) fn eliminate(
    functions: &[Table],
    sizes: &[usize],
    width: usize,
    budget: usize,
) -> Option<Heuristic> {
    let n = sizes.len();
    let mut buckets: Vec<Vec<Table>> = vec![Vec::new(); n];
    let mut constant = 0.0;
    for f in functions {
        match f.latest() {
            Some(k) => buckets[k].push(f.clone()),
            None => constant += f.values[0],
        }
    }
    let mut messages = vec![Table::new(Vec::new(), sizes, |_| constant)];
    let mut made: Vec<(usize, Option<usize>)> = vec![(n, None)];
    let mut held = 0usize;
    for k in (0..n).rev() {
        let mut bucket = std::mem::take(&mut buckets[k]);
        // Largest scopes first, each into the first mini-bucket it fits.
        bucket.sort_by_key(|f| std::cmp::Reverse(f.scope.len()));
        let mut minis: Vec<(Vec<usize>, Vec<Table>)> = Vec::new();
        for f in bucket {
            let fits = minis.iter().position(|(scope, _)| {
                let mut union = scope.clone();
                union.extend(&f.scope);
                union.sort_unstable();
                union.dedup();
                union.len() <= width.max(f.scope.len())
            });
            let slot = fits.unwrap_or_else(|| {
                minis.push((Vec::new(), Vec::new()));
                minis.len() - 1
            });
            minis[slot].0.extend(&f.scope);
            minis[slot].0.sort_unstable();
            minis[slot].0.dedup();
            minis[slot].1.push(f);
        }
        for (scope, parts) in minis {
            let rest: Vec<usize> = scope.iter().copied().filter(|&q| q != k).collect();
            held = held.saturating_add(rest.iter().map(|&q| sizes[q]).product::<usize>());
            if held > budget {
                return None;
            }
            let mut full = vec![0; n];
            let message = Table::new(rest.clone(), sizes, |at| {
                for (&q, &c) in rest.iter().zip(at) {
                    full[q] = c;
                }
                (0..sizes[k])
                    .map(|c| {
                        full[k] = c;
                        parts.iter().map(|f| f.at(&full)).sum::<f64>()
                    })
                    .fold(f64::NEG_INFINITY, f64::max)
            });
            if let Some(q) = message.latest() {
                buckets[q].push(message.clone());
            }
            made.push((k, message.latest()));
            messages.push(message);
        }
    }
    let crossing = (0..=n)
        .map(|k| {
            made.iter()
                .enumerate()
                .filter(|(_, (at, latest))| *at >= k && latest.is_none_or(|q| q < k))
                .map(|(m, _)| m)
                .collect()
        })
        .collect();
    Some(Heuristic { messages, crossing })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute-force maximum of the functions touching positions `k..`, with `prefix` fixed.
    fn best(functions: &[Table], sizes: &[usize], k: usize, prefix: &[usize]) -> f64 {
        let n = sizes.len();
        let total: usize = sizes[k..].iter().product();
        let mut classes = prefix.to_vec();
        classes.resize(n, 0);
        let mut top = f64::NEG_INFINITY;
        for mut i in 0..total {
            for q in (k..n).rev() {
                classes[q] = i % sizes[q];
                i /= sizes[q];
            }
            let sum: f64 = functions
                .iter()
                .filter(|f| f.latest().is_some_and(|q| q >= k))
                .map(|f| f.at(&classes))
                .sum();
            top = top.max(sum);
        }
        top
    }

    #[test]
    fn bounds_hold_and_are_exact_at_full_width() {
        let sizes = [3, 2, 3, 2];
        let functions = vec![
            Table::new(vec![0, 2], &sizes, |c| (c[0] * c[1]) as f64),
            Table::new(vec![1, 3], &sizes, |c| if c[0] == c[1] { 2.0 } else { 0.0 }),
            Table::new(vec![0, 1, 3], &sizes, |c| (c[0] + c[1] + c[2]) as f64 * 0.5),
            Table::new(vec![2], &sizes, |c| -(c[0] as f64)),
            Table::new(vec![2, 3], &sizes, |c| {
                if c[0] == 2 && c[1] == 0 { 3.0 } else { 0.0 }
            }),
        ];
        for width in 1..=4 {
            let h = eliminate(&functions, &sizes, width, 1 << 20).unwrap();
            for k in 0..=4 {
                let count: usize = sizes[..k].iter().product();
                for mut i in 0..count {
                    let mut prefix = vec![0; k];
                    for q in (0..k).rev() {
                        prefix[q] = i % sizes[q];
                        i /= sizes[q];
                    }
                    let exact = if k == 4 {
                        0.0
                    } else {
                        best(&functions, &sizes, k, &prefix)
                    };
                    let mut classes = prefix.clone();
                    classes.resize(4, 0);
                    let bound = h.at(k, &classes);
                    assert!(bound >= exact - 1e-12, "width {width}, k {k}, {prefix:?}");
                    if width == 4 {
                        assert!((bound - exact).abs() < 1e-12, "exact at full width");
                    }
                }
            }
        }
        assert!(eliminate(&functions, &sizes, 4, 3).is_none(), "over budget");
    }
}

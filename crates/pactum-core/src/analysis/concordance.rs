//! Pairs of points that two rankings order alike or oppositely, counted in O(n log n) by
//! Knight's algorithm (W. R. Knight, "A computer method for calculating Kendall's tau with
//! ungrouped data", JASA 61, 1966): sort by `x` then `y`, count the pairs tied in `x` and in
//! both, then count the inversions a merge sort by `y` undoes — each is a pair strictly apart in
//! both with opposite order, a discordant pair — and the pairs tied in `y`. Kendall's τ-b (the
//! opponent-model scores) and NegMAS's conflict level (the scenario statistics) both read these
//! counts. Tested against the O(n²) definition.

/// The counts over every unordered pair of points `(x[k], y[k])`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pairs {
    /// n(n − 1)/2.
    pub all: u64,
    /// Pairs with equal `x`.
    pub tied_x: u64,
    /// Pairs with equal `y`.
    pub tied_y: u64,
    /// Pairs equal in both.
    pub tied_both: u64,
    /// Pairs strictly apart in both, in opposite order.
    pub discordant: u64,
}

/// The pair counts of two equally long vectors (compared by value; no NaNs).
pub fn pairs(x: &[f64], y: &[f64]) -> Pairs {
    assert_eq!(x.len(), y.len(), "two vectors of one length");
    let n = x.len();
    let choose2 = |t: u64| t * t.saturating_sub(1) / 2;
    if n < 2 {
        return Pairs::default();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(y[a].total_cmp(&y[b])));
    let (mut tied_x, mut tied_both) = (0u64, 0u64);
    let (mut run_x, mut run_both) = (1u64, 1u64);
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if x[a] == x[b] {
            run_x += 1;
            if y[a] == y[b] {
                run_both += 1;
            } else {
                tied_both += choose2(run_both);
                run_both = 1;
            }
        } else {
            tied_x += choose2(run_x);
            tied_both += choose2(run_both);
            run_x = 1;
            run_both = 1;
        }
    }
    tied_x += choose2(run_x);
    tied_both += choose2(run_both);
    let mut ys: Vec<f64> = order.iter().map(|&k| y[k]).collect();
    let mut buffer = vec![0.0; n];
    let discordant = merge_count(&mut ys, &mut buffer);
    let mut tied_y = 0u64;
    let mut run_y = 1u64;
    for w in ys.windows(2) {
        if w[0] == w[1] {
            run_y += 1;
        } else {
            tied_y += choose2(run_y);
            run_y = 1;
        }
    }
    tied_y += choose2(run_y);
    Pairs {
        all: choose2(n as u64),
        tied_x,
        tied_y,
        tied_both,
        discordant,
    }
}

/// Sorts `v` ascending (a stable merge sort) and returns the number of inversions: pairs
/// `i < j` with `v[i] > v[j]`.
fn merge_count(v: &mut [f64], buffer: &mut [f64]) -> u64 {
    let n = v.len();
    if n < 2 {
        return 0;
    }
    let mid = n / 2;
    let mut swaps = {
        let (left, right) = v.split_at_mut(mid);
        let (bl, br) = buffer.split_at_mut(mid);
        merge_count(left, bl) + merge_count(right, br)
    };
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if v[j] < v[i] {
            buffer[k] = v[j];
            swaps += (mid - i) as u64;
            j += 1;
        } else {
            buffer[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    buffer[k..k + mid - i].copy_from_slice(&v[i..mid]);
    k += mid - i;
    buffer[k..k + n - j].copy_from_slice(&v[j..n]);
    v.copy_from_slice(&buffer[..n]);
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(x: &[f64], y: &[f64]) -> Pairs {
        let n = x.len();
        let mut p = Pairs::default();
        for i in 0..n {
            for j in i + 1..n {
                p.all += 1;
                let (ex, ey) = (x[i] == x[j], y[i] == y[j]);
                p.tied_x += u64::from(ex);
                p.tied_y += u64::from(ey);
                p.tied_both += u64::from(ex && ey);
                p.discordant +=
                    u64::from((x[i] < x[j] && y[i] > y[j]) || (x[i] > x[j] && y[i] < y[j]));
            }
        }
        p
    }

    fn tied(len: usize) -> impl Strategy<Value = Vec<f64>> {
        proptest::collection::vec((0u8..6).prop_map(|k| f64::from(k) / 5.0), len)
    }

    proptest! {
        #[test]
        fn the_counts_equal_their_definition(
            (x, y) in (0usize..70).prop_flat_map(|n| (tied(n), tied(n)))
        ) {
            prop_assert_eq!(pairs(&x, &y), brute(&x, &y));
        }
    }
}

//! The numeric kernels behind `pactum.negmas`'s drop-in replacements for NegMAS's
//! `pareto_frontier` and friends: utilities of every outcome of an additive space, and the exact
//! Pareto frontier of a set of points, with NegMAS's own conventions (no tolerance, weak
//! dominance, one representative per repeated utility vector).
//!
//! Exactness is the point: NegMAS's result must come back bit for bit, so utilities are summed
//! in NegMAS's order from per-issue contributions the caller computed with NegMAS's own
//! multiplication (`w * v(x)` in Python), and points are compared without rounding.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Outcomes per parallel chunk of [`additive_points`].
const CHUNK: usize = 1 << 14;

/// The utilities of the outcomes from `first` on, as many as `chunk` holds rows.
fn fill(
    chunk: &mut [u8],
    first: usize,
    radices: &[usize],
    contributions: &[Vec<Vec<f64>>],
    biases: &[f64],
    bias_last: &[bool],
) {
    let (m, k) = (radices.len(), contributions.len());
    let mut digits = vec![0usize; m];
    let mut rest = first;
    for j in (0..m).rev() {
        digits[j] = rest % radices[j];
        rest /= radices[j];
    }
    // Running sums per function: partial[f][j] is the sum through issue j, in NegMAS's order.
    // When the odometer turns issue j, only the sums from j on are redone: the same additions
    // in the same order as summing each outcome afresh, about m times fewer.
    let mut partial = vec![vec![0.0f64; m]; k];
    let refresh = |partial: &mut Vec<Vec<f64>>, digits: &[usize], from: usize| {
        for (f, sums) in partial.iter_mut().enumerate() {
            let mut acc = match from {
                0 if bias_last[f] => 0.0,
                0 => biases[f],
                _ => sums[from - 1],
            };
            for j in from..m {
                acc += contributions[f][j][digits[j]];
                sums[j] = acc;
            }
        }
    };
    refresh(&mut partial, &digits, 0);
    let rows = chunk.len() / (k * 8);
    for (i, row) in chunk.chunks_exact_mut(k * 8).enumerate() {
        for f in 0..k {
            let s = partial[f][m - 1];
            let u = if bias_last[f] { biases[f] + s } else { s };
            row[f * 8..f * 8 + 8].copy_from_slice(&u.to_le_bytes());
        }
        if i + 1 == rows {
            break;
        }
        // Odometer, last issue fastest.
        let mut j = m - 1;
        loop {
            digits[j] += 1;
            if digits[j] < radices[j] {
                break;
            }
            digits[j] = 0;
            j -= 1;
        }
        refresh(&mut partial, &digits, j);
    }
}

/// Every outcome's utility for each function, as little-endian f64 bytes, row-major
/// (outcome × function), outcomes in product order (the first issue varies slowest, as
/// `itertools.product` and NegMAS enumerate them). `contributions[f][j][x]` is function `f`'s
/// term for value `x` of issue `j`. Each function adds its constant where NegMAS does: first
/// (`LinearAdditiveUtilityFunction`: `u = bias; u += w·v` issue by issue) or last, with
/// `bias_last` (`AffineUtilityFunction`: `bias + sum(w·x)`, the sum starting from 0).
#[pyfunction]
pub fn additive_points<'py>(
    py: Python<'py>,
    contributions: Vec<Vec<Vec<f64>>>,
    biases: Vec<f64>,
    bias_last: Vec<bool>,
) -> PyResult<Bound<'py, PyBytes>> {
    let k = contributions.len();
    if k == 0 || biases.len() != k || bias_last.len() != k {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "one bias and one bias order per utility function",
        ));
    }
    let radices: Vec<usize> = contributions[0].iter().map(Vec::len).collect();
    if contributions
        .iter()
        .any(|c| c.iter().map(Vec::len).collect::<Vec<_>>() != radices)
    {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "every utility function needs a term for every value of every issue",
        ));
    }
    let n: usize = radices.iter().product();
    if radices.contains(&0) || n == 0 {
        return Ok(PyBytes::new(py, &[]));
    }
    // Written straight into the bytes object Python gets (no second buffer, no copy). The GIL
    // stays held meanwhile: rayon's threads touch no Python object.
    PyBytes::new_with(py, n * k * 8, |out: &mut [u8]| {
        use rayon::prelude::*;
        // Chunks of outcomes in parallel, each from its own first outcome: every utility is
        // the same sum whichever chunk computes it, so the bytes do not depend on the threads.
        out.par_chunks_mut(CHUNK * k * 8)
            .enumerate()
            .for_each(|(c, chunk)| {
                fill(
                    chunk,
                    c * CHUNK,
                    &radices,
                    &contributions,
                    &biases,
                    &bias_last,
                )
            });
        Ok(())
    })
}

/// The exact Pareto frontier of `points` (n × k little-endian f64, row-major): groups of row
/// indices, one group per frontier vector, holding every row with that vector, ascending. A row
/// is off the frontier when another row is at least as good for every function and better for
/// one (`pactum_core::analysis::skyline::skyline_exact`: no tolerance, as NegMAS compares).
///
/// With `rows` (little-endian u64 row numbers, as [`rational_rows`] returns them), only those
/// rows count, and the groups hold positions in `rows`.
#[pyfunction]
#[pyo3(signature = (points, k, rows = None))]
pub fn exact_frontier(
    py: Python<'_>,
    points: &[u8],
    k: usize,
    rows: Option<&[u8]>,
) -> PyResult<Vec<Vec<u64>>> {
    if k == 0 || !points.len().is_multiple_of(8 * k) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "points must be n rows of k float64 values",
        ));
    }
    let n = points.len() / (8 * k);
    let at = |i: usize| {
        points[i * 8 * k..(i + 1) * 8 * k]
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
    };
    let values: Vec<f64> = match rows {
        None => (0..n).flat_map(at).collect(),
        Some(rows) => {
            let mut v = Vec::with_capacity(rows.len() / 8 * k);
            for b in rows.chunks_exact(8) {
                let i = u64::from_le_bytes(b.try_into().expect("8 bytes")) as usize;
                if i >= n {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "row {i} of {n}"
                    )));
                }
                v.extend(at(i));
            }
            v
        }
    };
    if values.iter().any(|x| x.is_nan()) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "points must not be NaN",
        ));
    }
    Ok(py.detach(|| {
        use pactum_core::analysis::skyline::{Points, skyline_exact};
        let row = |i: usize| &values[i * k..(i + 1) * k];
        let candidates = prefilter(&values, k);
        let mut packed = Vec::with_capacity(candidates.len() * k);
        for &i in &candidates {
            packed.extend_from_slice(row(i));
        }
        let on: Vec<usize> = skyline_exact(Points::new(&packed, k))
            .into_iter()
            .map(|j| candidates[j])
            .collect();
        // Repeated vectors side by side (by bits: the frontier holds no NaN), each group in
        // ascending row order.
        let mut sorted = on.clone();
        sorted.sort_by(|&a, &b| {
            row(a)
                .iter()
                .map(|x| x.to_bits())
                .cmp(row(b).iter().map(|x| x.to_bits()))
                .then(a.cmp(&b))
        });
        let mut groups: Vec<Vec<u64>> = Vec::new();
        for i in sorted {
            match groups.last_mut() {
                Some(g) if row(g[0] as usize) == row(i) => g.push(i as u64),
                _ => groups.push(vec![i as u64]),
            }
        }
        groups
    }))
}

/// The rows not dominated by any of a few pivots: the rows of highest welfare and each party's
/// best, which dominate most of a two-party space. A pivot that dominates a row proves it off
/// the frontier whether or not the pivot is on it, so the filter never drops a frontier row;
/// the skyline then runs on what is left. Measured with `pactum.negmas.pareto_frontier`, best
/// of 3: two parties, 10^5 outcomes, 6.5 ms → 5.1 ms (`la_p2_i5_v10_s2`) and 6.3 → 4.9 ms
/// (`opp_p2_i5_v10_s3`); three parties, 10^6 outcomes, 0.159 s → 0.175 s (`opp_p3_i6_v10_s3`,
/// where opposed preferences leave little for a pivot to dominate). So: two parties only.
fn prefilter(values: &[f64], k: usize) -> Vec<usize> {
    const PIVOTS: usize = 16;
    let n = values.len() / k;
    let row = |i: usize| &values[i * k..(i + 1) * k];
    if n <= 4 * PIVOTS || k != 2 {
        return (0..n).collect();
    }
    let welfare: Vec<f64> = (0..n).map(|i| row(i).iter().sum()).collect();
    let mut best: Vec<usize> = (0..n).collect();
    best.select_nth_unstable_by(PIVOTS, |&a, &b| welfare[b].total_cmp(&welfare[a]));
    best.truncate(PIVOTS);
    // Each party's best row too: they fence the far ends of the frontier.
    for p in 0..k {
        if let Some(i) = (0..n).max_by(|&a, &b| row(a)[p].total_cmp(&row(b)[p])) {
            best.push(i);
        }
    }
    let pivots: Vec<&[f64]> = best.iter().map(|&i| row(i)).collect();
    (0..n)
        .filter(|&i| {
            let p = row(i);
            !pivots
                .iter()
                .any(|q| pactum_core::analysis::skyline::dominates(q, p))
        })
        .collect()
}

/// The rows (as little-endian u64 bytes) whose utilities are all finite and at least each
/// function's reserved value: NegMAS's candidates for the frontier, in one pass.
#[pyfunction]
pub fn rational_rows<'py>(
    py: Python<'py>,
    points: &[u8],
    reserved: Vec<f64>,
) -> PyResult<Bound<'py, PyBytes>> {
    let k = reserved.len();
    if k == 0 || !points.len().is_multiple_of(8 * k) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "points must be n rows of one float64 per reserved value",
        ));
    }
    let out = py.detach(|| {
        let mut out = Vec::new();
        for (i, row) in points.chunks_exact(8 * k).enumerate() {
            let ok = row.chunks_exact(8).zip(&reserved).all(|(b, r)| {
                let u = f64::from_le_bytes(b.try_into().expect("8 bytes"));
                u.is_finite() && u >= *r
            });
            if ok {
                out.extend_from_slice(&(i as u64).to_le_bytes());
            }
        }
        out
    });
    Ok(PyBytes::new(py, &out))
}

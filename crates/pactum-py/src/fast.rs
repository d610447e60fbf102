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

/// The utilities of `rows` outcomes from outcome `first` on, handed to `emit` one outcome at a
/// time (its position among them, one utility per function).
fn fill(
    rows: usize,
    first: usize,
    radices: &[usize],
    contributions: &[Vec<Vec<f64>>],
    biases: &[f64],
    bias_last: &[bool],
    mut emit: impl FnMut(usize, &[f64]),
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
    let mut utilities = vec![0.0f64; k];
    for i in 0..rows {
        for (f, u) in utilities.iter_mut().enumerate() {
            let s = partial[f][m - 1];
            *u = if bias_last[f] { biases[f] + s } else { s };
        }
        emit(i, &utilities);
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

/// Each issue's number of values, once the terms are checked to be one table per function with
/// a term for every value of every issue, and one bias and one bias order per function.
fn radices_of(
    contributions: &[Vec<Vec<f64>>],
    biases: &[f64],
    bias_last: &[bool],
) -> PyResult<Vec<usize>> {
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
    Ok(radices)
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
    let radices = radices_of(&contributions, &biases, &bias_last)?;
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
                    chunk.len() / (k * 8),
                    c * CHUNK,
                    &radices,
                    &contributions,
                    &biases,
                    &bias_last,
                    |i, utilities| {
                        for (f, u) in utilities.iter().enumerate() {
                            let at = (i * k + f) * 8;
                            chunk[at..at + 8].copy_from_slice(&u.to_le_bytes());
                        }
                    },
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
        group_repeated(&values, k, on)
    }))
}

/// The frontier rows `on` of `values` (rows of `k`), repeated vectors side by side (by bits: the
/// frontier holds no NaN), each group in ascending row order.
fn group_repeated(values: &[f64], k: usize, mut on: Vec<usize>) -> Vec<Vec<u64>> {
    let row = |i: usize| &values[i * k..(i + 1) * k];
    on.sort_by(|&a, &b| {
        row(a)
            .iter()
            .map(|x| x.to_bits())
            .cmp(row(b).iter().map(|x| x.to_bits()))
            .then(a.cmp(&b))
    });
    let mut groups: Vec<Vec<u64>> = Vec::new();
    for i in on {
        match groups.last_mut() {
            Some(g) if row(g[0] as usize) == row(i) => g.push(i as u64),
            _ => groups.push(vec![i as u64]),
        }
    }
    groups
}

/// Drops the two-party points (`values` in pairs, `rows` beside them) that a point of a higher
/// column of the first utility dominates, in two linear passes: the columns cut the first
/// utility's range into equal parts, and a point is dropped when some later column holds a
/// second utility at least as high (that point has a strictly higher first utility, so it
/// dominates). Column numbers grow with the first utility whatever the rounding (each step is
/// a correctly rounded, monotone operation), so nothing on the frontier is dropped; what
/// survives is the frontier and the points within a column of it.
fn staircase(rows: &mut Vec<usize>, values: &mut Vec<f64>) {
    const COLUMNS: usize = 256;
    let n = rows.len();
    let (lo, hi) = values
        .iter()
        .step_by(2)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if n < 4 * COLUMNS || hi <= lo {
        return;
    }
    let scale = COLUMNS as f64 / (hi - lo);
    let column = |x: f64| (((x - lo) * scale) as usize).min(COLUMNS - 1);
    let mut best = [f64::NEG_INFINITY; COLUMNS + 1];
    for p in values.chunks_exact(2) {
        let c = column(p[0]);
        best[c] = best[c].max(p[1]);
    }
    // best[c] becomes the highest second utility in the columns after c.
    let mut above = f64::NEG_INFINITY;
    for c in (0..COLUMNS).rev() {
        let here = best[c];
        best[c] = above;
        above = above.max(here);
    }
    let mut kept = 0;
    for i in 0..n {
        let (x, y) = (values[2 * i], values[2 * i + 1]);
        if y > best[column(x)] {
            rows[kept] = rows[i];
            values[2 * kept] = x;
            values[2 * kept + 1] = y;
            kept += 1;
        }
    }
    rows.truncate(kept);
    values.truncate(2 * kept);
}

/// The exact frontier of the rational outcomes of an additive space, without the space's
/// utilities ever held whole: NegMAS's `pareto_frontier` for [`additive_points`]'s terms and
/// [`rational_rows`]'s test, in one pass. Returns the groups as [`exact_frontier`] does, but of
/// outcome numbers (product order), and each group's utility vector (little-endian f64, one row
/// of `k` per group, in the groups' order).
///
/// Chunks of outcomes are computed in parallel and each keeps only its own frontier: a point
/// dominated within its chunk is dominated in the space, and a point of a chunk's frontier that
/// something dominates is dominated by some chunk's frontier point (a maximal point above the
/// dominator), so the frontier of the union is the space's. Measured on the two-party 10^6
/// scenario of `bench/python_vs_negmas.py` (2 cores, best of 5): `pactum.negmas.pareto_frontier`
/// took 69 ms through [`additive_points`] + [`rational_rows`] + [`exact_frontier`] (13 + 5 +
/// 37 ms and the copies between); this kernel alone 44 ms with chunk frontiers, 31 ms once
/// utilities go straight to a chunk's candidates instead of through bytes, 22 ms with
/// [`staircase`] (a chunk's ~10^4 candidates become ~130). Three parties, 10^6: 24 ms, the
/// welfare pivot pruning.
#[pyfunction]
pub fn additive_frontier<'py>(
    py: Python<'py>,
    contributions: Vec<Vec<Vec<f64>>>,
    biases: Vec<f64>,
    bias_last: Vec<bool>,
    reserved: Vec<f64>,
) -> PyResult<(Vec<Vec<u64>>, Bound<'py, PyBytes>)> {
    use pactum_core::analysis::skyline::{Points, dominates, skyline_exact};
    use rayon::prelude::*;
    let k = contributions.len();
    let radices = radices_of(&contributions, &biases, &bias_last)?;
    if reserved.len() != k {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "one reserved value per utility function",
        ));
    }
    let n: usize = radices.iter().product();
    if radices.contains(&0) || n == 0 {
        return Ok((Vec::new(), PyBytes::new(py, &[])));
    }
    let (rows, values) = py.detach(|| {
        // Each chunk's frontier: its outcome numbers and their utilities, chunks in order.
        let chunks: Vec<(Vec<usize>, Vec<f64>)> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let first = c * CHUNK;
                let len = CHUNK.min(n - first);
                let mut rows = Vec::new();
                let mut values = Vec::new();
                // The kept point of highest welfare so far: whatever it dominates is off the
                // frontier, so most of a chunk never reaches the skyline's sort.
                let mut pivot: Vec<f64> = Vec::new();
                let mut pivot_welfare = f64::NEG_INFINITY;
                fill(
                    len,
                    first,
                    &radices,
                    &contributions,
                    &biases,
                    &bias_last,
                    |i, u| {
                        // NegMAS's candidates: every utility finite and at least the reserved value
                        // (a NaN reserved value admits nothing, as NegMAS's comparison does).
                        if !u
                            .iter()
                            .zip(&reserved)
                            .all(|(u, r)| u.is_finite() && u >= r)
                            || (!pivot.is_empty() && dominates(&pivot, u))
                        {
                            return;
                        }
                        rows.push(first + i);
                        values.extend_from_slice(u);
                        let welfare: f64 = u.iter().sum();
                        if welfare > pivot_welfare {
                            pivot_welfare = welfare;
                            pivot.clear();
                            pivot.extend_from_slice(u);
                        }
                    },
                );
                if k == 2 {
                    staircase(&mut rows, &mut values);
                }
                let on = skyline_exact(Points::new(&values, k));
                let kept: Vec<f64> = on
                    .iter()
                    .flat_map(|&j| values[j * k..(j + 1) * k].iter().copied())
                    .collect();
                (on.into_iter().map(|j| rows[j]).collect(), kept)
            })
            .collect();
        let mut rows = Vec::new();
        let mut values = Vec::new();
        for (r, v) in chunks {
            rows.extend(r);
            values.extend(v);
        }
        (rows, values)
    });
    let on = skyline_exact(Points::new(&values, k));
    let groups = group_repeated(&values, k, on);
    let mut vectors = Vec::with_capacity(groups.len() * k * 8);
    for g in &groups {
        let j = g[0] as usize;
        for x in &values[j * k..(j + 1) * k] {
            vectors.extend_from_slice(&x.to_le_bytes());
        }
    }
    let groups = groups
        .into_iter()
        .map(|g| g.into_iter().map(|j| rows[j as usize] as u64).collect())
        .collect();
    Ok((groups, PyBytes::new(py, &vectors)))
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

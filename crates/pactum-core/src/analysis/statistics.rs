//! Scenario statistics as NegMAS 0.16 computes them (`negmas.preferences.ops`), so that a
//! scenario's difficulty reads the same in both tools:
//!
//! - **opposition level** (`opposition_level`): the Euclidean distance from the ideal point
//!   `(1, …, 1)` to the nearest outcome that gives every party at least its fallback, in
//!   utilities divided by each party's greatest utility: `min √Σ_p (1 − u_p/max_p)²`; from 0 (an
//!   outcome everyone likes best) to √n; infinite when no outcome clears every fallback;
//! - **rational fraction** (`rational_fraction`): the share of outcomes worth strictly more than
//!   its fallback to every party;
//! - **conflict level** (`conflict_level`, two parties; exhaustive as `Scenario.calc_extra_stats`
//!   runs it): among the pairs of outcomes not equal for both parties, the share on which the two
//!   move in strictly opposite directions — 0 for identical preferences, 1 for a zero-sum pair.
//!
//! As in NegMAS, red lines play no part (NegMAS scenarios have none; `acceptable` in the analysis
//! is pactum's count with them), the fallbacks are the analysis's disagreement point, and the
//! greatest utilities are over the outcomes analysed (the whole space, less any `--fix`).
//! Checked against NegMAS's values on reference scenarios (`crates/pactum/tests/generate.rs`).

use super::{AnalysisError, Problem};
use rayon::prelude::*;

/// The largest space `analyze` computes the statistics of unless asked for more: two more
/// walks of 10^6 outcomes of three parties take 0.07 s in a release build (measured: analyze of
/// `opp_p3_i6_v10_s3` went from 0.028 s to 0.10 s), more than the analysis itself, so by default
/// they stop at 2^18 outcomes, about 20 ms.
pub const DEFAULT_LIMIT: u64 = 1 << 18;

/// The largest space `analyze --statistics` walks (two passes of 2^24 outcomes: about a second
/// per party).
pub const WALK_LIMIT: u64 = 1 << 24;

/// Outcomes whose utility pairs the conflict level sorts (16 MB of pairs).
pub const CONFLICT_LIMIT: u64 = 1 << 20;

/// Outcomes per parallel chunk.
const CHUNK: u64 = 1 << 15;

/// A scenario's statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Statistics {
    /// NegMAS's opposition level (∞ when no outcome clears every fallback).
    pub opposition: f64,
    /// NegMAS's rational fraction.
    pub rational_fraction: f64,
    /// NegMAS's conflict level, for two parties in spaces up to [`CONFLICT_LIMIT`].
    pub conflict: Option<f64>,
}

/// The statistics of `problem`, walking its space twice (refused beyond `limit`, itself at
/// most [`WALK_LIMIT`]).
pub fn statistics(problem: &Problem, limit: u64) -> Result<Statistics, AnalysisError> {
    let size = problem
        .subspace
        .enumerable()
        .filter(|&n| n <= limit.min(WALK_LIMIT))
        .ok_or(AnalysisError::TooLarge {
            size: problem.subspace.size(),
        })?;
    let n = problem.parties.len();
    let fallbacks = problem.disagreement();
    let chunks = size.div_ceil(CHUNK);
    // Pass 1: each party's greatest utility, and the outcomes strictly above every fallback.
    let (maxima, rational) = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let mut max = vec![f64::NEG_INFINITY; n];
            let mut rational = 0u64;
            let mut u = vec![0.0; n];
            let mut odometer = problem.subspace.odometer(k * CHUNK, (k + 1) * CHUNK);
            while odometer.advance().is_some() {
                problem.utilities_into(odometer.digits(), &mut u);
                for (m, x) in max.iter_mut().zip(&u) {
                    *m = m.max(*x);
                }
                rational += u64::from(u.iter().zip(&fallbacks).all(|(x, r)| x > r));
            }
            (max, rational)
        })
        .reduce(
            || (vec![f64::NEG_INFINITY; n], 0),
            |(a, ra), (b, rb)| (a.iter().zip(&b).map(|(x, y)| x.max(*y)).collect(), ra + rb),
        );
    // Pass 2: the nearest outcome to the ideal point among those clearing every fallback.
    let nearest = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let mut best = f64::INFINITY;
            let mut u = vec![0.0; n];
            let mut odometer = problem.subspace.odometer(k * CHUNK, (k + 1) * CHUNK);
            while odometer.advance().is_some() {
                problem.utilities_into(odometer.digits(), &mut u);
                if u.iter().zip(&fallbacks).any(|(x, r)| x < r) {
                    continue;
                }
                // NegMAS divides by a falsy (zero) maximum as if it were 1.
                let d: f64 = u
                    .iter()
                    .zip(&maxima)
                    .map(|(x, m)| {
                        let t = 1.0 - if *m != 0.0 { x / m } else { *x };
                        t * t
                    })
                    .sum();
                best = best.min(d);
            }
            best
        })
        .reduce(|| f64::INFINITY, f64::min);
    let conflict = (n == 2 && size <= CONFLICT_LIMIT).then(|| {
        let mut x = Vec::with_capacity(size as usize);
        let mut y = Vec::with_capacity(size as usize);
        let mut u = vec![0.0; 2];
        let mut odometer = problem.subspace.odometer(0, size);
        while odometer.advance().is_some() {
            problem.utilities_into(odometer.digits(), &mut u);
            x.push(u[0]);
            y.push(u[1]);
        }
        let c = super::concordance::pairs(&x, &y);
        let counted = c.all - c.tied_both;
        if counted == 0 {
            1.0
        } else {
            c.discordant as f64 / counted as f64
        }
    });
    Ok(Statistics {
        opposition: nearest.sqrt(),
        rational_fraction: rational as f64 / size as f64,
        conflict,
    })
}

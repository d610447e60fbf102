//! Which strategies' utilities really differ: a two-sided Mann–Whitney U test for every pair of
//! strategies (the utilities each ended with, over every role it played), with Holm's
//! step-down correction for the number of pairs — the test and correction tournament papers
//! report when they say one agent beat another.
//!
//! The U test makes no assumption about the shape of the utilities (tournament utilities are
//! lumpy: many breakdowns at the fallback, a few agreements), and its normal approximation with
//! tie and continuity corrections is what `scipy.stats.mannwhitneyu(x, y,
//! method="asymptotic")` computes; the tests check pactum's p-values against scipy's to 1e-9.
//!
//! Mann and Whitney 1947; Holm 1979, "A simple sequentially rejective multiple test procedure".

/// The test of one pair of strategies.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub n_a: usize,
    pub n_b: usize,
    /// U of `a`: how often a value of `a` exceeds one of `b` (ties count one half).
    pub u: f64,
    /// The probability that a random value of `a` exceeds one of `b` (`u / (n_a · n_b)`): 0.5 is
    /// no difference.
    pub effect: f64,
    /// Two-sided p-value, uncorrected.
    pub p: f64,
    /// Holm-corrected p-value over all pairs of the table.
    pub p_holm: f64,
}

/// Two-sided Mann–Whitney U test of `x` against `y`: `(U of x, p)`. NaN p when a side is empty
/// or every value is equal.
pub fn mann_whitney(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (n1, n2) = (x.len(), y.len());
    if n1 == 0 || n2 == 0 {
        return (f64::NAN, f64::NAN);
    }
    // Ranks of the pooled values, ties sharing their mean rank.
    let mut pooled: Vec<(f64, bool)> = x
        .iter()
        .map(|&v| (v, true))
        .chain(y.iter().map(|&v| (v, false)))
        .collect();
    pooled.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pooled.len();
    let mut rank_sum_x = 0.0;
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && pooled[j].0 == pooled[i].0 {
            j += 1;
        }
        let t = (j - i) as f64;
        let mean_rank = (i + j + 1) as f64 / 2.0;
        rank_sum_x += mean_rank * pooled[i..j].iter().filter(|v| v.1).count() as f64;
        tie_term += t * t * t - t;
        i = j;
    }
    let (n1f, n2f, nf) = (n1 as f64, n2 as f64, n as f64);
    let u = rank_sum_x - n1f * (n1f + 1.0) / 2.0;
    let mu = n1f * n2f / 2.0;
    let var = n1f * n2f / 12.0 * ((nf + 1.0) - tie_term / (nf * (nf - 1.0)));
    if var <= 0.0 {
        return (u, f64::NAN);
    }
    // Continuity correction toward the mean, as scipy's asymptotic method.
    let z = ((u - mu).abs() - 0.5).max(0.0) / var.sqrt();
    (u, libm::erfc(z / std::f64::consts::SQRT_2).min(1.0))
}

/// Holm's step-down adjustment of `p` (NaN stays NaN and does not count).
pub fn holm(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = order.len();
    let mut out = vec![f64::NAN; p.len()];
    let mut running: f64 = 0.0;
    for (k, &i) in order.iter().enumerate() {
        running = running.max(((m - k) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    out
}

/// Every pair of `strategies` (specs as rows write them), tested on the utilities each ended
/// with in `rows` over every role it played, Holm-corrected.
pub fn of_rows(rows: &[pactum_schema::TournamentRow], strategies: &[String]) -> Vec<Pair> {
    let utilities: Vec<Vec<f64>> = strategies
        .iter()
        .map(|name| {
            rows.iter()
                .flat_map(|r| {
                    r.strategies
                        .iter()
                        .filter(|(_, spec)| spec.as_str() == Some(name))
                        .filter_map(|(party, _)| r.utilities[party].as_f64())
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .collect();
    pairwise(strategies, &utilities)
}

/// Every pair of `strategies`, tested on the utilities in `utilities` (same order), Holm-corrected.
pub fn pairwise(strategies: &[String], utilities: &[Vec<f64>]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for a in 0..strategies.len() {
        for b in a + 1..strategies.len() {
            let (u, p) = mann_whitney(&utilities[a], &utilities[b]);
            let cells = (utilities[a].len() * utilities[b].len()) as f64;
            pairs.push(Pair {
                a: strategies[a].clone(),
                b: strategies[b].clone(),
                n_a: utilities[a].len(),
                n_b: utilities[b].len(),
                u,
                effect: u / cells,
                p,
                p_holm: f64::NAN,
            });
        }
    }
    let adjusted = holm(&pairs.iter().map(|x| x.p).collect::<Vec<_>>());
    for (pair, q) in pairs.iter_mut().zip(adjusted) {
        pair.p_holm = q;
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from scipy 1.17.1:
    // scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").
    const U0: f64 = 0.0;
    const P0: f64 = 0.012185780355344813;
    const U1: f64 = 21.5;
    const P1: f64 = 0.24460685082792966;
    const U2: f64 = 5.0;
    const P2: f64 = 0.22491588401596185;

    #[test]
    fn p_values_match_scipy() {
        let cases: &[(&[f64], &[f64], f64, f64)] = &[
            (
                &[1.0, 2.0, 3.0, 4.0, 5.0],
                &[6.0, 7.0, 8.0, 9.0, 10.0],
                U0,
                P0,
            ),
            (
                &[0.3, 0.3, 0.5, 0.9, 0.9, 0.9],
                &[0.3, 0.3, 0.3, 0.5, 0.6],
                U1,
                P1,
            ),
            (
                &[0.25, 0.25, 0.25, 0.7],
                &[0.25, 0.25, 0.8, 0.8, 0.9],
                U2,
                P2,
            ),
        ];
        for (k, (x, y, u, p)) in cases.iter().enumerate() {
            let (gu, gp) = mann_whitney(x, y);
            assert_eq!(gu, *u, "case {k}");
            assert!((gp - p).abs() < 1e-9, "case {k}: {gp} vs scipy's {p}");
        }
        assert!(mann_whitney(&[1.0, 1.0], &[1.0]).1.is_nan(), "no variance");
        assert!(mann_whitney(&[], &[1.0]).1.is_nan());
    }

    #[test]
    fn holm_steps_down_and_stays_monotone() {
        // By hand: sorted 0.01·4, 0.02·3, 0.03·2 (raised to 0.06, the running maximum), 0.3·1.
        let q = holm(&[0.01, 0.02, 0.3, 0.03]);
        let want = [0.04, 0.06, 0.3, 0.06];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        let q = holm(&[0.5, f64::NAN, 0.2]);
        assert!((q[0] - 0.5).abs() < 1e-12 && q[1].is_nan() && (q[2] - 0.4).abs() < 1e-12);
    }
}

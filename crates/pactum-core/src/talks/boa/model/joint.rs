//! The full (joint-hypothesis) Bayesian opponent model: one belief over every ranking of the
//! issues times every value-function shape, as Hindriks and Tykhonov describe it; its parent
//! holds the scalable model it falls back on above [`JOINT_LIMIT`].

use super::{Beliefs, OpponentModel, state};
use crate::talks::strategy::Own;

/// Joint hypotheses the full Bayesian model keeps per party at most (8 MiB of beliefs, about
/// 40 ms an update): every space of up to 6 issues. Above it the party is modelled by the
/// scalable model's independent beliefs.
pub const JOINT_LIMIT: u128 = 1 << 20;

/// The full Bayesian model (Hindriks and Tykhonov 2008; GENIUS's `BayesianModel`): one belief
/// over every joint hypothesis — a ranking of the issues (issue of rank `r` of `n` weighs
/// `2r/(n(n+1))`) and, per issue, one of three value-function shapes (uphill, downhill, and a
/// tent peaking at the middle; GENIUS's tables `1000·j + 1`, scaled to a best of 1) — with a
/// uniform prior, updated by exact Bayes after each new offer on the assumption that the party
/// asks for `1 − step·offers`: the likelihood of an offer worth `U` under a hypothesis is a normal
/// density of `(a − U)/a`, σ = `sigma`. The estimate is the posterior expectation, scaled to
/// 0..1 over the space (exactly: the expectation is additive, so its extremes are issue by issue).
///
/// What pactum chose: GENIUS's likelihood is zero above the expected utility, which zeroes the
/// true hypothesis of a party conceding slower than `step` (a prototype's correlation with the
/// truth fell to −0.2…0.1, against 0.9 without); pactum keeps the untruncated density. The asked
/// utility stops at 0.05 (GENIUS's goes negative after 29 offers, and every likelihood with it).
/// The update runs in log space, so no evidence underflows every belief. Spaces of more than
/// [`JOINT_LIMIT`] joint hypotheses (`n!·3ⁿ`: 7 issues or more, in general) keep the scalable
/// model's independent beliefs for that party instead, as GENIUS's own note ("this model only
/// works on small domains") leaves them to. (GENIUS 9.1.10's copy never learns: it stores each
/// offer before asking whether it has seen it.)
pub struct FullBayesian {
    step: f64,
    sigma: f64,
    parties: Vec<Option<Party>>,
}

/// One party's beliefs: joint, or independent above the limit.
enum Party {
    Joint(Box<Joint>),
    Independent(Box<Beliefs>),
}

struct Joint {
    /// Per issue, its shapes, each a value per option.
    shapes: Vec<Vec<Vec<f64>>>,
    /// Every ranking of the issues: `ranks[p][i]` is issue `i`'s rank, 0 the least important.
    ranks: Vec<Vec<usize>>,
    /// The weight of each rank.
    weight_of_rank: Vec<f64>,
    /// The belief in hypothesis `p·S + s`, `s` the shapes' mixed-radix index (first issue
    /// slowest).
    beliefs: Vec<f64>,
    /// Shape combinations per ranking (`S`).
    combinations: usize,
    asking: f64,
    seen: std::collections::HashSet<Vec<u32>>,
    /// `expected[i][v]`: the posterior expectation of `w_i · e_i(v)`.
    expected: Vec<Vec<f64>>,
    range: (f64, f64),
}

/// The shapes GENIUS's Bayesian model considers for an issue of `k` values.
fn genius_shapes(k: usize) -> Vec<Vec<f64>> {
    if k <= 1 {
        return vec![vec![1.0; k]];
    }
    let scale = |v: Vec<f64>| {
        let m = v.iter().copied().fold(0.0, f64::max);
        v.into_iter().map(|x| x / m).collect::<Vec<_>>()
    };
    let last = k - 1;
    vec![
        scale((0..k).map(|j| 1000.0 * j as f64 + 1.0).collect()),
        scale((0..k).map(|j| 1000.0 * (last - j) as f64 + 1.0).collect()),
        scale(
            (0..k)
                .map(|j| 1000.0 * j.min(last - j) as f64 + 1.0)
                .collect(),
        ),
    ]
}

/// Every permutation of `0..n`, in lexicographic order.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    let mut current: Vec<usize> = (0..n).collect();
    let mut all = vec![current.clone()];
    loop {
        let Some(i) = (1..n).rev().find(|&i| current[i - 1] < current[i]) else {
            return all;
        };
        let j = (i..n)
            .rev()
            .find(|&j| current[j] > current[i - 1])
            .unwrap_or(i);
        current.swap(i - 1, j);
        current[i..].reverse();
        all.push(current.clone());
    }
}

impl Joint {
    /// The number of joint hypotheses for these radices (saturating).
    fn size(radices: &[u32]) -> u128 {
        let rankings = (1..=radices.len() as u128).fold(1u128, |a, k| a.saturating_mul(k));
        radices.iter().fold(rankings, |a, &k| {
            a.saturating_mul(genius_shapes(k as usize).len() as u128)
        })
    }

    fn new(radices: &[u32]) -> Self {
        let n = radices.len();
        let shapes: Vec<Vec<Vec<f64>>> =
            radices.iter().map(|&k| genius_shapes(k as usize)).collect();
        let ranks = permutations(n);
        let total = (n * (n + 1)) as f64 / 2.0;
        let weight_of_rank = (0..n).map(|r| (r + 1) as f64 / total).collect();
        let combinations: usize = shapes.iter().map(Vec::len).product();
        let count = ranks.len() * combinations;
        let mut joint = Joint {
            shapes,
            ranks,
            weight_of_rank,
            beliefs: vec![1.0 / count as f64; count],
            combinations,
            asking: 1.0,
            seen: Default::default(),
            expected: Vec::new(),
            range: (0.0, 1.0),
        };
        joint.refresh();
        joint
    }

    /// Calls `f(hypothesis, ranking, shape of each issue)` for every hypothesis, in order.
    fn each(&self, mut f: impl FnMut(usize, &[usize], &[usize])) {
        let mut s = vec![0usize; self.shapes.len()];
        let mut h = 0;
        for ranks in &self.ranks {
            s.iter_mut().for_each(|x| *x = 0);
            for _ in 0..self.combinations {
                f(h, ranks, &s);
                h += 1;
                for i in (0..s.len()).rev() {
                    s[i] += 1;
                    if s[i] < self.shapes[i].len() {
                        break;
                    }
                    s[i] = 0;
                }
            }
        }
    }

    fn update(&mut self, digits: &[u32], step: f64, sigma: f64) {
        if !self.seen.insert(digits.to_vec()) {
            return;
        }
        let a = self.asking.max(1e-9);
        let mut log = vec![0.0; self.beliefs.len()];
        self.each(|h, ranks, s| {
            let u: f64 = s
                .iter()
                .enumerate()
                .map(|(i, &k)| {
                    self.weight_of_rank[ranks[i]] * self.shapes[i][k][digits[i] as usize]
                })
                .sum();
            let x = (a - u) / a;
            log[h] = -(x * x) / (2.0 * sigma * sigma);
        });
        let top = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let updated: Vec<f64> = self
            .beliefs
            .iter()
            .zip(&log)
            .map(|(p, l)| p * (l - top).exp())
            .collect();
        let total: f64 = updated.iter().sum();
        if total > 0.0 && total.is_finite() {
            self.beliefs = updated.into_iter().map(|p| p / total).collect();
        }
        self.asking = (self.asking - step).max(0.05);
        self.refresh();
    }

    /// The posterior expectation of each issue's share, per value, and its extremes.
    fn refresh(&mut self) {
        let n = self.shapes.len();
        // mass[i][r][k]: the belief that issue i has rank r and shape k.
        let mut mass: Vec<Vec<Vec<f64>>> = self
            .shapes
            .iter()
            .map(|s| vec![vec![0.0; s.len()]; n])
            .collect();
        self.each(|h, ranks, s| {
            for i in 0..n {
                mass[i][ranks[i]][s[i]] += self.beliefs[h];
            }
        });
        self.expected = self
            .shapes
            .iter()
            .enumerate()
            .map(|(i, shapes)| {
                (0..shapes[0].len())
                    .map(|v| {
                        (0..n)
                            .map(|r| {
                                shapes
                                    .iter()
                                    .enumerate()
                                    .map(|(k, shape)| mass[i][r][k] * shape[v])
                                    .sum::<f64>()
                                    * self.weight_of_rank[r]
                            })
                            .sum()
                    })
                    .collect()
            })
            .collect();
        let (mut lo, mut hi) = (0.0, 0.0);
        for e in &self.expected {
            lo += e.iter().copied().fold(f64::INFINITY, f64::min);
            hi += e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        }
        self.range = (lo, hi);
    }

    fn estimate(&self, digits: &[u32]) -> f64 {
        let (lo, hi) = self.range;
        if hi - lo <= 1e-12 {
            return 0.5;
        }
        let raw: f64 = digits
            .iter()
            .enumerate()
            .map(|(i, &d)| self.expected[i][d as usize])
            .sum();
        ((raw - lo) / (hi - lo)).clamp(0.0, 1.0)
    }
}

impl FullBayesian {
    /// With the asked utility falling `step` per new offer (GENIUS: 0.035) and the likelihood's
    /// spread `sigma` (GENIUS: 0.25).
    pub fn new(step: f64, sigma: f64) -> Self {
        Self {
            step,
            sigma,
            parties: Vec::new(),
        }
    }

    /// Whether a party in a space of these radices is modelled jointly (not above
    /// [`JOINT_LIMIT`]).
    pub fn joint(radices: &[u32]) -> bool {
        Joint::size(radices) <= JOINT_LIMIT
    }
}

impl OpponentModel for FullBayesian {
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], _: f64) {
        let (step, sigma) = (self.step, self.sigma);
        let radices = own.space.radices();
        let beliefs = state(&mut self.parties, party).get_or_insert_with(|| {
            if Self::joint(radices) {
                Party::Joint(Box::new(Joint::new(radices)))
            } else {
                Party::Independent(Box::new(Beliefs::new(radices)))
            }
        });
        match beliefs {
            Party::Joint(j) => j.update(digits, step, sigma),
            Party::Independent(b) => b.update(digits),
        }
    }

    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        match self.parties.get(party) {
            Some(Some(Party::Joint(j))) => j.estimate(digits),
            Some(Some(Party::Independent(b))) => b.estimate(digits),
            _ => 0.5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ScalableBayesian;
    use super::*;

    #[test]
    fn hypotheses_are_rankings_times_genius_shapes() {
        assert_eq!(permutations(3).len(), 6);
        assert_eq!(permutations(4).len(), 24);
        let mut sorted = permutations(4);
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 24);
        // GENIUS's tables 1000·j + 1, its mirror and the tent, each over its maximum.
        let s = genius_shapes(3);
        assert_eq!(s[0], vec![1.0 / 2001.0, 1001.0 / 2001.0, 1.0]);
        assert_eq!(s[1], vec![1.0, 1001.0 / 2001.0, 1.0 / 2001.0]);
        assert_eq!(s[2], vec![1.0 / 1001.0, 1.0, 1.0 / 1001.0]);
        assert_eq!(genius_shapes(2)[2], vec![1.0, 1.0]);
        assert_eq!(Joint::size(&[5, 5, 5]), 6 * 27);
        assert!(FullBayesian::joint(&[5; 6]));
        assert!(!FullBayesian::joint(&[5; 7]));
        let j = Joint::new(&[2, 3, 4]);
        assert_eq!(j.weight_of_rank, vec![1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0]);
    }

    /// The marginal table gives exactly `Σ_h P(h)·U_h(b)`, checked by brute force after some
    /// offers, and a repeated offer changes nothing.
    #[test]
    fn the_estimate_is_the_posterior_expectation_by_brute_force() {
        let mut j = Joint::new(&[3, 4, 2]);
        for d in [[2, 3, 1], [2, 2, 1], [1, 3, 0], [2, 1, 1]] {
            j.update(&d, 0.035, 0.25);
        }
        let before = j.beliefs.clone();
        j.update(&[2, 1, 1], 0.035, 0.25);
        assert_eq!(before, j.beliefs);
        assert!((j.beliefs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut values = Vec::new();
        for a in 0..3u32 {
            for b in 0..4u32 {
                for c in 0..2u32 {
                    let d = [a, b, c];
                    let mut eu = 0.0;
                    j.each(|h, ranks, s| {
                        let u: f64 = (0..3)
                            .map(|i| j.weight_of_rank[ranks[i]] * j.shapes[i][s[i]][d[i] as usize])
                            .sum();
                        eu += j.beliefs[h] * u;
                    });
                    lo = f64::min(lo, eu);
                    hi = f64::max(hi, eu);
                    values.push((d, eu));
                }
            }
        }
        for (d, eu) in values {
            let expected = (eu - lo) / (hi - lo);
            assert!((j.estimate(&d) - expected).abs() < 1e-9, "{d:?}");
        }
        // The offers favoured high values on the first issue: the uphill shape gained there.
        assert!(j.estimate(&[2, 3, 1]) > j.estimate(&[0, 0, 0]));
    }

    #[test]
    fn evidence_that_underflows_every_likelihood_still_teaches_in_log_space() {
        let mut j = Joint::new(&[3, 3]);
        let prior = j.beliefs[0];
        // A spread so narrow that every likelihood underflows to 0 as a plain product (and the
        // beliefs would stay the prior): in log space the likeliest hypotheses keep the mass.
        j.update(&[0, 0], 0.035, 1e-9);
        assert!(j.beliefs.iter().all(|p| p.is_finite()));
        assert!((j.beliefs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let top = j.beliefs.iter().copied().fold(0.0, f64::max);
        assert!(top > 2.0 * prior, "{top} against a prior of {prior}");
    }

    /// Above the limit a party gets the scalable model's independent beliefs: the same
    /// estimates as `scalable-bayesian` from the same offers.
    #[test]
    fn above_the_joint_limit_a_party_is_modelled_independently() {
        use crate::preference::UtilityFunction;
        use crate::space::OutcomeSpace;
        let radices = vec![3u32; 7];
        assert!(!FullBayesian::joint(&radices));
        let tables = (0..7).map(|i| vec![0.0, 0.05 * i as f64, 0.1]).collect();
        let own = Own::new(
            UtilityFunction::from_tables(tables),
            Vec::new(),
            0.0,
            OutcomeSpace::new(radices).unwrap(),
        );
        let (mut full, mut scalable) =
            (FullBayesian::new(0.035, 0.25), ScalableBayesian::default());
        for d in [
            [2, 2, 2, 2, 2, 2, 2],
            [2, 2, 1, 2, 2, 2, 2],
            [2, 1, 1, 2, 0, 2, 2],
        ] {
            full.observe(&own, 1, &d, 0.0);
            scalable.observe(&own, 1, &d, 0.0);
        }
        for d in [[0u32; 7], [2; 7], [1, 2, 0, 1, 2, 0, 1]] {
            assert_eq!(full.estimate(1, &d), scalable.estimate(1, &d));
        }
        assert!(full.estimate(1, &[2; 7]) > full.estimate(1, &[0; 7]));
    }
}

//! Opponent models: what a party believes each other party's utility of an outcome is, learnt
//! from the offers that party makes.
//!
//! Every model keeps one state per other party (by slot), so it is as correct with several
//! opponents as with one: each party's offers teach it only about that party. Estimates are on
//! 0..1. A model never sees another party's preferences, except [`Perfect`], the yardstick,
//! which is handed them on purpose (see [`OpponentModel::reveal`]).

use crate::talks::strategy::Own;

/// A model of the other parties.
pub trait OpponentModel: Send {
    /// Learns from an offer `outcome` (its digits) that `party` made at relative time `time`.
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], time: f64);
    /// The estimated utility to `party` of the outcome with these digits, 0..1.
    fn estimate(&self, party: usize, digits: &[u32]) -> f64;
    /// The estimated fallback (reservation value) of `party`, for models that estimate one.
    fn reservation(&self, party: usize) -> Option<f64> {
        let _ = party;
        None
    }
    /// Whether it estimates anything at all (the uniform model does not: strategies then act as
    /// if they had no model).
    fn informative(&self) -> bool {
        true
    }
    /// Hands the model the true preferences of `party`. Only the perfect model uses them; the
    /// protocol calls this for every model, and every other model ignores it.
    fn reveal(&mut self, party: usize, truth: &Own) {
        let _ = (party, truth);
    }
}

/// Grows `states` so that slot `party` exists, and returns it.
fn state<T: Default>(states: &mut Vec<T>, party: usize) -> &mut T {
    if states.len() <= party {
        states.resize_with(party + 1, T::default);
    }
    &mut states[party]
}

/// No knowledge: every outcome is worth 0.5 to everyone. The baseline of ignorance.
pub struct Uniform;

impl OpponentModel for Uniform {
    fn observe(&mut self, _: &Own, _: usize, _: &[u32], _: f64) {}
    fn estimate(&self, _: usize, _: &[u32]) -> f64 {
        0.5
    }
    fn informative(&self) -> bool {
        false
    }
}

/// The truth: each party's real utility. A yardstick for what a model could at best give a
/// strategy (GENIUS's PerfectModel), not a strategy anyone can play against a real opponent.
#[derive(Default)]
pub struct Perfect {
    truth: Vec<Option<crate::preference::UtilityFunction>>,
}

impl OpponentModel for Perfect {
    fn observe(&mut self, _: &Own, _: usize, _: &[u32], _: f64) {}
    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        match self.truth.get(party) {
            Some(Some(u)) => u.utility(digits),
            _ => 0.5,
        }
    }
    fn reservation(&self, party: usize) -> Option<f64> {
        let _ = party;
        None
    }
    fn reveal(&mut self, party: usize, truth: &Own) {
        *state(&mut self.truth, party) = Some(truth.utility.clone());
    }
}

/// Per-issue value scores and issue weights: the shape every frequency model estimates with,
/// `Σ_i w_i · score_i(v_i) / max score_i`.
#[derive(Clone, Debug, Default)]
struct Additive {
    weights: Vec<f64>,
    scores: Vec<Vec<f64>>,
    /// The largest score per issue, kept current.
    best: Vec<f64>,
}

impl Additive {
    fn new(radices: &[u32], initial_score: f64) -> Self {
        let n = radices.len().max(1) as f64;
        Self {
            weights: vec![1.0 / n; radices.len()],
            scores: radices
                .iter()
                .map(|&r| vec![initial_score; r as usize])
                .collect(),
            best: vec![initial_score; radices.len()],
        }
    }

    fn add(&mut self, issue: usize, digit: u32, amount: f64) {
        let s = &mut self.scores[issue][digit as usize];
        *s += amount;
        if *s > self.best[issue] {
            self.best[issue] = *s;
        }
    }

    fn estimate(&self, digits: &[u32]) -> f64 {
        let mut u = 0.0;
        for (i, &d) in digits.iter().enumerate() {
            let best = self.best[i];
            if best > 0.0 {
                u += self.weights[i] * self.scores[i][d as usize] / best;
            }
        }
        u.clamp(0.0, 1.0)
    }
}

/// HardHeaded's frequency model (van Krimpen, Looije and Hajizadeh 2013, the ANAC 2011 winner;
/// GENIUS's `HardHeadedFrequencyModel`, whose update is followed here without GENIUS's slider
/// re-normalisation, which moves weights by under 0.001). Issue weights start at `1/n` and value
/// counts at 1. A party's first offer only starts its state; from its second on, every issue
/// whose value did not change since its previous offer gains `g = learn/n` and all weights are
/// divided by `1 + g·unchanged` (an unchanged issue already at `1 − n·g/(1 + g·unchanged)` gains
/// nothing), and each value of the new offer gains `value` in count. The estimate is
/// `min(1, Σ_i w_i · count_i(v_i) / max count_i)`.
pub struct HardHeaded {
    learn: f64,
    value: f64,
    parties: Vec<Option<(Additive, Vec<u32>)>>,
}

impl HardHeaded {
    /// With learning coefficient `learn` (GENIUS: 0.2) and value addition `value` (GENIUS: 1).
    pub fn new(learn: f64, value: f64) -> Self {
        Self {
            learn,
            value,
            parties: Vec::new(),
        }
    }
}

impl OpponentModel for HardHeaded {
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], _: f64) {
        let (learn, value) = (self.learn, self.value);
        let slot = state(&mut self.parties, party);
        let Some((model, last)) = slot else {
            *slot = Some((Additive::new(own.space.radices(), 1.0), digits.to_vec()));
            return;
        };
        let n = digits.len() as f64;
        let golden = learn / n;
        let unchanged = digits
            .iter()
            .zip(last.iter())
            .filter(|(a, b)| a == b)
            .count() as f64;
        let total = 1.0 + golden * unchanged;
        let cap = 1.0 - n * golden / total;
        for ((w, a), b) in model.weights.iter_mut().zip(digits).zip(last.iter()) {
            *w = if a == b && *w < cap {
                (*w + golden) / total
            } else {
                *w / total
            };
        }
        for (i, &d) in digits.iter().enumerate() {
            model.add(i, d, value);
        }
        last.copy_from_slice(digits);
    }

    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        match self.parties.get(party) {
            Some(Some((m, _))) => m.estimate(digits),
            _ => 0.5,
        }
    }
}

/// Agent Smith's frequency model (van Galen Last 2012, ANAC 2010; GENIUS's
/// `SmithFrequencyModel`, discrete form): a value scores the share of the party's offers that
/// held it, and an issue weighs the share held by its most offered value, normalised over the
/// issues. Every offer counts, repeats included.
#[derive(Default)]
pub struct Smith {
    parties: Vec<Option<Counts>>,
}

/// One party's offers counted: per issue the count of each value, per issue its largest count,
/// and the offers seen.
type Counts = (Vec<Vec<u32>>, Vec<u32>, u32);

impl OpponentModel for Smith {
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], _: f64) {
        let slot = state(&mut self.parties, party);
        let (counts, best, seen) = slot.get_or_insert_with(|| {
            let radices = own.space.radices();
            (
                radices.iter().map(|&r| vec![0; r as usize]).collect(),
                vec![0; radices.len()],
                0,
            )
        });
        for (i, &d) in digits.iter().enumerate() {
            let c = &mut counts[i][d as usize];
            *c += 1;
            best[i] = best[i].max(*c);
        }
        *seen += 1;
    }

    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        let Some(Some((counts, best, seen))) = self.parties.get(party) else {
            return 0.5;
        };
        let total: f64 = best.iter().map(|&b| f64::from(b)).sum();
        if total == 0.0 {
            return 0.5;
        }
        digits
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                f64::from(best[i]) / total * f64::from(counts[i][d as usize]) / f64::from(*seen)
            })
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }
}

/// Triangles a Bayesian model considers per issue at most: an issue of more inner values gets
/// this many peaks, evenly spaced. One per inner value, as GENIUS's, made an issue of 10,001
/// values hold 10^8 numbers: 30 rounds of Nice Tit-for-Tat against AgreeableAgent2018 on
/// pie-split took 60.0 s (release), 0.15 s with the cap (docs/strategies.md has the command).
const MAX_PEAKS: usize = 32;

/// The value-function shapes a Bayesian model considers for an issue of `k` values: uphill,
/// downhill, and triangles peaking at each inner value (at most [`MAX_PEAKS`], evenly spaced;
/// `full`: one triangle, at `k/2`), each scaled to a best value of 1 (Hindriks and Tykhonov
/// 2008).
fn shapes(k: usize, full: bool) -> Vec<Vec<f64>> {
    let scale = |v: Vec<f64>| {
        let m = v.iter().copied().fold(0.0, f64::max);
        v.into_iter()
            .map(|x| if m > 0.0 { x / m } else { 0.0 })
            .collect::<Vec<_>>()
    };
    let last = k.saturating_sub(1) as f64;
    let mut out = vec![
        scale((0..k).map(|j| j as f64 + 0.001).collect()),
        scale((0..k).map(|j| last - j as f64 + 0.001).collect()),
    ];
    let peaks: Vec<usize> = if full {
        if k > 2 { vec![k / 2] } else { vec![] }
    } else if k.saturating_sub(2) <= MAX_PEAKS {
        (1..k.saturating_sub(1)).collect()
    } else {
        (0..MAX_PEAKS)
            .map(|p| 1 + p * (k - 3) / (MAX_PEAKS - 1))
            .collect()
    };
    for t in peaks {
        let t = t as f64;
        out.push(scale(
            (0..k)
                .map(|j| {
                    let j = j as f64;
                    if j <= t {
                        j / t + 0.001
                    } else {
                        (last - j) / (last - t) + 0.001
                    }
                })
                .collect(),
        ));
    }
    out
}

/// The likelihood of an offer worth `u` under a hypothesis, when the party is expected to ask
/// for `expected` now: a normal density of the relative gap, σ = 0.25 (Hindriks and Tykhonov).
fn likelihood(expected: f64, u: f64) -> f64 {
    let x = (expected - u) / expected.max(1e-9);
    (-(x * x) / (2.0 * 0.25 * 0.25)).exp()
}

/// The scalable Bayesian model (Hindriks and Tykhonov 2008, §"scalable"; GENIUS's
/// `ScalableBayesianModel`): per issue, independent beliefs over its weight (0, 0.1, …, 1 with a
/// cubic prior favouring small weights) and over the shape of its value function, updated after
/// each new offer on the assumption that the party asks for `1 − 0.003·offers` (repeats teach
/// nothing). An issue's beliefs are updated with the others fixed at their expectations, so an
/// update costs issues × hypotheses, not their product. Estimates are scaled to 0..1 over the
/// space, exactly (the expectation is additive, so its least and greatest are issue by issue).
#[derive(Default)]
pub struct ScalableBayesian {
    parties: Vec<Option<Beliefs>>,
}

/// One party's beliefs.
struct Beliefs {
    /// Per issue, the probability of each weight `j/10`.
    weights: Vec<[f64; 11]>,
    /// Per issue, its shapes and the probability of each.
    shapes: Vec<(Vec<Vec<f64>>, Vec<f64>)>,
    /// Per issue, the expected value of each of its values (under the shape beliefs).
    expected: Vec<Vec<f64>>,
    /// Per issue, the expected weight.
    mean_weight: Vec<f64>,
    /// What the party is expected to ask for next.
    asking: f64,
    /// Offers seen, so that repeats teach nothing.
    seen: std::collections::HashSet<Vec<u32>>,
    /// The least and greatest expected utility over the space.
    range: (f64, f64),
}

impl Beliefs {
    fn new(radices: &[u32]) -> Self {
        let mut prior = [0.0; 11];
        for (j, p) in prior.iter_mut().enumerate() {
            *p = (1.0 - (j as f64 + 1.0) / 11.0).powi(3);
        }
        let total: f64 = prior.iter().sum();
        prior.iter_mut().for_each(|p| *p /= total);
        let shapes: Vec<(Vec<Vec<f64>>, Vec<f64>)> = radices
            .iter()
            .map(|&k| {
                let s = shapes(k as usize, false);
                let n = s.len();
                (s, vec![1.0 / n as f64; n])
            })
            .collect();
        let mut b = Beliefs {
            weights: vec![prior; radices.len()],
            shapes,
            expected: Vec::new(),
            mean_weight: Vec::new(),
            asking: 1.0,
            seen: Default::default(),
            range: (0.0, 1.0),
        };
        b.refresh();
        b
    }

    fn refresh(&mut self) {
        self.mean_weight = self
            .weights
            .iter()
            .map(|p| p.iter().enumerate().map(|(j, q)| q * j as f64 / 10.0).sum())
            .collect();
        self.expected = self
            .shapes
            .iter()
            .map(|(s, p)| {
                (0..s[0].len())
                    .map(|v| s.iter().zip(p).map(|(shape, q)| q * shape[v]).sum())
                    .collect()
            })
            .collect();
        let (mut lo, mut hi) = (0.0, 0.0);
        for (w, e) in self.mean_weight.iter().zip(&self.expected) {
            lo += w * e.iter().copied().fold(f64::INFINITY, f64::min);
            hi += w * e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        }
        self.range = (lo, hi);
    }

    fn raw(&self, digits: &[u32]) -> f64 {
        digits
            .iter()
            .enumerate()
            .map(|(i, &d)| self.mean_weight[i] * self.expected[i][d as usize])
            .sum()
    }

    /// Each issue's expected share of the offer's utility, and their sum.
    fn parts(&self, digits: &[u32]) -> (Vec<f64>, f64) {
        let part: Vec<f64> = digits
            .iter()
            .enumerate()
            .map(|(i, &d)| self.mean_weight[i] * self.expected[i][d as usize])
            .collect();
        let whole = part.iter().sum();
        (part, whole)
    }

    fn update(&mut self, digits: &[u32]) {
        if !self.seen.insert(digits.to_vec()) {
            return;
        }
        let first = self.seen.len() == 1;
        let (part, whole) = self.parts(digits);
        if !first {
            for (i, &d) in digits.iter().enumerate() {
                let rest = whole - part[i];
                let e = self.expected[i][d as usize];
                let p = &mut self.weights[i];
                for (j, q) in p.iter_mut().enumerate() {
                    *q *= likelihood(self.asking, j as f64 / 10.0 * e + rest);
                }
                normalise(p);
            }
            self.refresh();
        }
        // The shapes are updated against the weights just learnt.
        let (part, whole) = self.parts(digits);
        for (i, &d) in digits.iter().enumerate() {
            let rest = whole - part[i];
            let w = self.mean_weight[i];
            let (s, p) = &mut self.shapes[i];
            for (shape, q) in s.iter().zip(p.iter_mut()) {
                *q *= likelihood(self.asking, rest + w * shape[d as usize]);
            }
            normalise(p);
        }
        self.asking = (self.asking - 0.003).max(0.0);
        self.refresh();
    }

    fn estimate(&self, digits: &[u32]) -> f64 {
        let (lo, hi) = self.range;
        if hi - lo <= 1e-12 {
            return 0.5;
        }
        ((self.raw(digits) - lo) / (hi - lo)).clamp(0.0, 1.0)
    }
}

/// Scales probabilities to sum to 1 (leaves them when they all vanished: the evidence was
/// impossible under every hypothesis, and the old beliefs are the better guess).
fn normalise(p: &mut [f64]) {
    let total: f64 = p.iter().sum();
    if total > 0.0 && total.is_finite() {
        p.iter_mut().for_each(|q| *q /= total);
    }
}

impl OpponentModel for ScalableBayesian {
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], _: f64) {
        state(&mut self.parties, party)
            .get_or_insert_with(|| Beliefs::new(own.space.radices()))
            .update(digits);
    }

    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        match self.parties.get(party) {
            Some(Some(b)) => b.estimate(digits),
            _ => 0.5,
        }
    }
}

/// The scalable Bayesian model, plus an estimate of each party's fallback (NegMAS's
/// `BayesianReservationValueModel`, after Zeng and Sycara 1998 and Hou 2004): candidates
/// `0, 0.05, …, 1`; each predicts the party's offers to fall linearly in time from the first
/// one's utility `u₀` to the candidate, `v + (u₀ − v)(1 − t)`; each offer, worth `u` to the party
/// by the model's estimate, weighs a candidate by `exp(−½((u − prediction)/σ)²)`, σ = `sigma`,
/// and rules out candidates above `u` (a party does not offer below its fallback). The estimate
/// is the posterior mean.
pub struct Reservation {
    sigma: f64,
    model: ScalableBayesian,
    /// Per party: the first offer's estimated utility and the log-posterior of each candidate.
    parties: Vec<Option<(f64, [f64; 21])>>,
}

impl Reservation {
    /// With the spread `sigma` of its likelihood (NegMAS: 0.15).
    pub fn new(sigma: f64) -> Self {
        Self {
            sigma,
            model: ScalableBayesian::default(),
            parties: Vec::new(),
        }
    }
}

impl OpponentModel for Reservation {
    fn observe(&mut self, own: &Own, party: usize, digits: &[u32], time: f64) {
        self.model.observe(own, party, digits, time);
        let u = self.model.estimate(party, digits);
        let sigma = self.sigma;
        let (first, log) = state(&mut self.parties, party).get_or_insert((u, [0.0; 21]));
        for (k, l) in log.iter_mut().enumerate() {
            let v = k as f64 / 20.0;
            let predicted = v + (*first - v) * (1.0 - time);
            let z = (u - predicted) / sigma;
            *l -= 0.5 * z * z;
            if v > u + 1e-9 {
                *l -= 1e6;
            }
        }
    }

    fn estimate(&self, party: usize, digits: &[u32]) -> f64 {
        self.model.estimate(party, digits)
    }

    fn reservation(&self, party: usize) -> Option<f64> {
        let Some(Some((_, log))) = self.parties.get(party) else {
            return None;
        };
        let top = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (mut mass, mut mean) = (0.0, 0.0);
        for (k, l) in log.iter().enumerate() {
            let p = (l - top).exp();
            mass += p;
            mean += p * k as f64 / 20.0;
        }
        Some(mean / mass)
    }
}

mod joint;
pub use joint::{FullBayesian, JOINT_LIMIT};

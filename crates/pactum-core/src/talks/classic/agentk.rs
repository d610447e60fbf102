//! AgentK, the ANAC 2010 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// Running statistics of the utilities (to itself) of the others' offers.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct Moments {
    n: u32,
    sum: f64,
    squares: f64,
}

impl Moments {
    pub(super) fn add(&mut self, u: f64) {
        self.n += 1;
        self.sum += u;
        self.squares += u * u;
    }

    fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / f64::from(self.n)
        }
    }

    /// The width of a uniform distribution with this variance, √(12·σ²): AgentK's estimate of
    /// how far the others' offers range.
    fn width(&self) -> f64 {
        let m = self.mean();
        let variance = if self.n == 0 {
            0.0
        } else {
            self.squares / f64::from(self.n) - m * m
        };
        (12.0 * variance.max(0.0)).sqrt()
    }
}

/// AgentK (Kawaguchi, Fujita and Ito 2011; ANAC 2010 winner): it estimates the most it can get
/// from the others, `e_max = μ + (1 − μ)·w` from the mean μ and the width w of their offers'
/// utilities to it, and concedes towards it by the deadline at a speed set by μ
/// (`α = 1 + τ + 10μ − 2τμ`, tremor τ = 2), faster the closer the others' offers come. It accepts
/// an offer with probability `t^α / 5 + (u − e_max) + (u − target)` (none below 0.1), and offers
/// one of the others' own earlier offers above its target when there is one, else an outcome
/// above its bid target (whose exponent trembles by up to τ/2).
pub struct AgentK {
    tremor: f64,
    pub(super) moments: Moments,
    /// Offers of the view already read.
    seen: usize,
    /// The others' offers so far, deduplicated, with their utility to it.
    received: Vec<(OutcomeIndex, f64)>,
    target: f64,
    bid_target: f64,
}

impl AgentK {
    /// AgentK with tremor `tremor` (2 in the competition).
    pub fn new(tremor: f64) -> Self {
        Self {
            tremor,
            moments: Moments::default(),
            seen: 0,
            received: Vec::new(),
            target: 1.0,
            bid_target: 1.0,
        }
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        let scale = own.best().max(1e-12);
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            let u = (own.utility_of(o) / scale).clamp(0.0, 1.0);
            self.moments.add(u);
            if !self.received.iter().any(|(x, _)| *x == o) && !own.crosses_red_line(o) {
                self.received.push((o, u));
            }
        }
        self.seen = view.offers.len();
    }

    /// The estimated maximum and the concession exponent at the current statistics.
    pub(super) fn estimate(&self) -> (f64, f64) {
        let mean = self.moments.mean();
        let e_max = (mean + (1.0 - mean) * self.moments.width()).min(1.0);
        let alpha = 1.0 + self.tremor + 10.0 * mean - 2.0 * self.tremor * mean;
        (e_max, alpha)
    }

    /// AgentK's target at time `t` for exponent `a`: the time-dependent approach to `e_max`,
    /// stretched by the ratio of the others' width to what is left to concede, then pulled down
    /// near the deadline where it still exceeds `e_max`.
    pub(super) fn target_at(&self, t: f64, a: f64) -> f64 {
        let (e_max, _) = self.estimate();
        let width = self.moments.width();
        let pre = 1.0 - t.powf(a) * (1.0 - e_max);
        let mut ratio = (width + 0.1) / (1.0 - pre);
        if ratio.is_nan() || ratio > 2.0 {
            ratio = 2.0;
        }
        let target = ratio * pre + 1.0 - ratio;
        if target > e_max {
            let m = 400.0 - 300.0 * t * t * t;
            let r = target - e_max;
            let f = (1.0 / (r * r)).min(m);
            target - r * f / m
        } else {
            e_max
        }
    }

    /// The probability of accepting an offer worth `u` (normalised) at time `t`.
    pub fn acceptance_probability(&self, u: f64, t: f64) -> f64 {
        let (e_max, alpha) = self.estimate();
        let target = self.target_at(t, alpha);
        let p = t.powf(alpha) / 5.0 + (u - e_max) + (u - target);
        if p < 0.1 { 0.0 } else { p.min(1.0) }
    }

    fn update(&mut self, t: f64, rng: &mut Stream) {
        let (_, alpha) = self.estimate();
        let beta = alpha + rng.unit() * self.tremor - self.tremor / 2.0;
        self.target = self.target_at(t, alpha);
        self.bid_target = self.target_at(t, beta);
    }
}

impl Strategy for AgentK {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        if self.moments.n == 0 {
            return own.sorted().first().map(|x| x.1);
        }
        self.update(view.time(), rng);
        let scale = own.best().max(1e-12);
        let floor = own.fallback / scale;
        let above: Vec<OutcomeIndex> = self
            .received
            .iter()
            .filter(|(_, u)| *u > self.target && *u >= floor)
            .map(|(o, _)| *o)
            .collect();
        if !above.is_empty() {
            return Some(above[rng.below(above.len() as u64) as usize]);
        }
        // The paper draws random outcomes until one reaches the bid target, lowering it by 0.01
        // after every 500 misses; pactum draws uniformly among the outcomes that reach it.
        let target = (self.bid_target.max(floor) * scale).min(own.best());
        let k = own
            .sorted()
            .partition_point(|x| x.0 >= target - 1e-12)
            .max(1)
            .min(own.sorted().len());
        own.sorted().get(rng.below(k as u64) as usize).map(|x| x.1)
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let scale = own.best().max(1e-12);
        let p = self.acceptance_probability((u / scale).min(1.0), view.time());
        p > rng.unit()
    }
}

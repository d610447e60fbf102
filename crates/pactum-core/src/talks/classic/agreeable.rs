//! AgreeableAgent2018, the ANAC 2018 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// AgreeableAgent2018 (Sahar Mirzayi; ANAC 2018 winner), on its utility scaled between its worst
/// and best outcomes:
///
/// - **Target.** Its best until 20% of the time, then `1 − τ^10` with `τ = (t − 0.2)/0.8` (a
///   Boulware curve, concession factor 0.1), never below 0.8.
/// - **Offers.** The outcome nearest the target until its frequency model may be used — from 20%,
///   30% or 40% of the time in spaces of under 1,000, under 10,000 and more outcomes — then one
///   drawn by roulette wheel, weighted by the sum of its models' estimates for the others, among
///   the outcomes strictly within `0.05 · (1 − (1 − t^10))` of the target (the nearest when none
///   is, the one when one is).
/// - **Model.** Per other party, how often each value of each issue was offered; an issue weighs
///   the standard deviation of its values' counts; an outcome is worth
///   `Σ_i (count_i / offers) · (w_i / Σ w) / issues`.
/// - **Acceptance.** An offer at least as good as its next offer, or from 99% of the time one at
///   or above its fallback.
///
/// What pactum chose: the agent's absolute constants (its best of 1, the floor of 0.8) are read on
/// the party's scale from worst to best outcome; with no model weight yet (every count equal) the
/// wheel is uniform, where the agent's arithmetic broke and it offered its best; at most 4,096
/// evenly spaced outcomes of the neighbourhood go on the wheel; it never offers below its fallback.
pub struct AgreeableAgent2018 {
    /// Per other party: per issue and value, how often it offered it, and its offers.
    models: Vec<(usize, Vec<Vec<u32>>, u32)>,
    seen: usize,
    digits: Vec<u32>,
    /// The offer it worked out this turn: the one its acceptance compared with is the one it
    /// then makes, as in the agent (one `getNextBid` per turn).
    planned: super::TurnPlan<OutcomeIndex>,
}

/// Outcomes of the neighbourhood put on the wheel, evenly spaced.
const CANDIDATES: usize = 4096;

impl Default for AgreeableAgent2018 {
    fn default() -> Self {
        Self::new()
    }
}

impl AgreeableAgent2018 {
    /// AgreeableAgent2018 as it played ANAC 2018.
    pub fn new() -> Self {
        Self {
            models: Vec::new(),
            seen: 0,
            digits: Vec::new(),
            planned: super::TurnPlan::new(),
        }
    }

    /// `1 − f(t)` of the agent: its concession at time `t` (`f(t) = t^10`).
    fn kept(t: f64) -> f64 {
        1.0 - t.clamp(0.0, 1.0).powi(10)
    }

    /// Its target at time `t`, scaled (before the floor of 0.8).
    pub fn target(t: f64) -> f64 {
        if t < 0.2 {
            1.0
        } else {
            Self::kept((t - 0.2) / 0.8)
        }
    }

    /// Half the width of the neighbourhood it draws from at time `t`, scaled.
    pub fn neighbourhood(t: f64) -> f64 {
        if t < 0.2 {
            0.0
        } else {
            0.05 * (1.0 - Self::kept(t))
        }
    }

    /// When its model may be used, by the number of outcomes.
    pub fn model_from(size: u128) -> f64 {
        if size < 1000 {
            0.2
        } else if size < 10_000 {
            0.3
        } else {
            0.4
        }
    }

    fn range(own: &Own) -> (f64, f64) {
        let best = own.best();
        let worst = own.sorted().last().map_or(best, |x| x.0);
        (worst, best)
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.digits.resize(own.space.issue_count(), 0);
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            own.space.decode_into(o, &mut self.digits);
            let k = match self.models.iter().position(|m| m.0 == p) {
                Some(k) => k,
                None => {
                    let counts = super::zero_counts(own);
                    self.models.push((p, counts, 0));
                    self.models.len() - 1
                }
            };
            let (_, counts, offers) = &mut self.models[k];
            for (column, &d) in counts.iter_mut().zip(&self.digits) {
                column[d as usize] += 1;
            }
            *offers += 1;
        }
        self.seen = view.offers.len();
    }

    /// A model's issue weights: the standard deviation of each issue's value counts.
    pub fn issue_weights(counts: &[Vec<u32>]) -> Vec<f64> {
        counts
            .iter()
            .map(|column| {
                let n = column.len().max(1) as f64;
                let mean = column.iter().map(|&c| f64::from(c)).sum::<f64>() / n;
                let var = column
                    .iter()
                    .map(|&c| (f64::from(c) - mean).powi(2))
                    .sum::<f64>()
                    / n;
                var.sqrt()
            })
            .collect()
    }

    /// A model's estimate of `digits`.
    pub fn estimate(counts: &[Vec<u32>], offers: u32, digits: &[u32]) -> f64 {
        Self::estimate_weighted(counts, offers, &Self::issue_weights(counts), digits)
    }

    /// [`Self::estimate`] with the issue weights worked out once per offer, not once per
    /// outcome on the wheel (up to 4,096 of them).
    fn estimate_weighted(counts: &[Vec<u32>], offers: u32, weights: &[f64], digits: &[u32]) -> f64 {
        if offers == 0 || counts.is_empty() {
            return 0.0;
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return 0.0;
        }
        let sum: f64 = counts
            .iter()
            .zip(weights)
            .zip(digits)
            .map(|((column, w), &d)| f64::from(column[d as usize]) / f64::from(offers) * w / total)
            .sum();
        sum / counts.len() as f64
    }

    fn next(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        if let Some(o) = self.planned.get(view) {
            return Some(o);
        }
        let o = self.draw(own, view, rng)?;
        Some(self.planned.set(view, o))
    }

    fn draw(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        if own.sorted().is_empty() {
            return None;
        }
        let (worst, best) = Self::range(own);
        let span = best - worst;
        let t = view.time();
        let unscale = |x: f64| worst + x * span;
        let target = unscale(Self::target(t).max(0.8)).max(own.fallback);
        let nearest = |own: &Own| {
            let k = own.sorted().partition_point(|x| x.0 > target);
            let above = k.checked_sub(1).map(|i| own.sorted()[i]);
            let below = own.sorted().get(k).copied().filter(|x| x.0 >= own.fallback);
            match (above, below) {
                (Some(a), Some(b)) if b.0 - target < a.0 - target => b.1,
                (Some(a), _) => a.1,
                (None, Some(b)) => b.1,
                (None, None) => own.sorted()[0].1,
            }
        };
        if t < Self::model_from(own.space.size()) || self.models.is_empty() {
            return Some(nearest(own));
        }
        let w = Self::neighbourhood(t) * span;
        let (lo, hi) = ((target - w).max(own.fallback), target + w);
        // Strictly inside (lo, hi), as the agent's range.
        let start = own.sorted().partition_point(|x| x.0 >= hi);
        let end = own.sorted().partition_point(|x| x.0 > lo);
        if end <= start {
            return Some(nearest(own));
        }
        if end - start == 1 {
            return Some(own.sorted()[start].1);
        }
        let stride = (end - start).div_ceil(CANDIDATES).max(1);
        let positions: Vec<usize> = (start..end).step_by(stride).collect();
        let issue_weights: Vec<Vec<f64>> = self
            .models
            .iter()
            .map(|(_, counts, _)| Self::issue_weights(counts))
            .collect();
        let weights: Vec<f64> = positions
            .iter()
            .map(|&i| {
                own.space.decode_into(own.sorted()[i].1, &mut self.digits);
                self.models
                    .iter()
                    .zip(&issue_weights)
                    .map(|((_, counts, offers), w)| {
                        Self::estimate_weighted(counts, *offers, w, &self.digits)
                    })
                    .sum()
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let pick = if total > 0.0 {
            let mut r = rng.unit() * total;
            let mut chosen = positions.len() - 1;
            for (k, w) in weights.iter().enumerate() {
                if r < *w {
                    chosen = k;
                    break;
                }
                r -= w;
            }
            chosen
        } else {
            rng.below(positions.len() as u64) as usize
        };
        Some(own.sorted()[positions[pick]].1)
    }
}

impl Strategy for AgreeableAgent2018 {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        if view.offers.iter().all(|(p, _)| *p == view.me) {
            return own.sorted().first().map(|x| x.1);
        }
        self.next(own, view, rng)
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
        let next = self
            .next(own, view, rng)
            .map_or(f64::INFINITY, |o| own.utility_of(o));
        u >= next || view.time() >= 0.99
    }
}

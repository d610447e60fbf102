//! AgentGG, the ANAC 2019 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::boa::model::{HardHeaded as FrequencyModel, OpponentModel};
use crate::talks::strategy::{Own, Strategy, View};

/// AgentGG (Shaobo Xu; ANAC 2019 winner): a schedule of acceptance thresholds on its utility
/// scaled between its worst and best outcomes. It opens with its best, then asks 0.9999, 0.99,
/// and down to 0.9 by 20% of the time, offering at random in a band of width 0.1 above the
/// threshold; from then on it offers in the band what a frequency model of the others (learnt in
/// the first 30% of the time) rates best, and its threshold falls in stages towards an estimated
/// Nash point: 0.3, 0.15, 0.05 and 0 of the way from it to its best at 50%, 90%, 98% and 99.5%
/// of the time, then past it, never below its fallback plus 0.2 to 0.3. The Nash point is
/// estimated once, from the best the others offered it in a short window (0.003 of the time)
/// after their offers first changed: `m + (1 − m)/1.7`. It accepts an offer at or above its
/// threshold, and in its last 0.11% of the time one more than 0.2 above its fallback.
pub struct AgentGG {
    model: FrequencyModel,
    others: Vec<usize>,
    seen: usize,
    digits: Vec<u32>,
    /// The others' last offer, to see when it first changes.
    last_received: Option<OutcomeIndex>,
    /// When their offers first changed, and the best of theirs for it (scaled) since.
    window: Option<(f64, f64)>,
    /// The estimated Nash point, scaled, once the window has passed (0 until then, as in the
    /// agent).
    nash: Option<f64>,
}

/// How long after the others' offers first change AgentGG watches them for its Nash estimate.
const WATCH: f64 = 3.0 / 1000.0;
/// Until when its frequency model learns.
const LEARN_UNTIL: f64 = 0.3;
/// Until when it offers at random in its band.
const RANDOM_UNTIL: f64 = 0.2;
/// Candidates in the band examined for the one the model rates best.
const CANDIDATES: usize = 1024;

impl Default for AgentGG {
    fn default() -> Self {
        Self::new()
    }
}

impl AgentGG {
    /// AgentGG as it played ANAC 2019.
    pub fn new() -> Self {
        Self {
            model: FrequencyModel::new(0.2, 1.0),
            others: Vec::new(),
            seen: 0,
            digits: Vec::new(),
            last_received: None,
            window: None,
            nash: None,
        }
    }

    /// `u` scaled between its worst and best outcomes.
    fn scaled(own: &Own, u: f64) -> f64 {
        let (best, worst) = (own.best(), own.sorted().last().map_or(0.0, |x| x.0));
        if best - worst <= 1e-12 {
            1.0
        } else {
            (u - worst) / (best - worst)
        }
    }

    fn unscaled(own: &Own, x: f64) -> f64 {
        let (best, worst) = (own.best(), own.sorted().last().map_or(0.0, |x| x.0));
        worst + x * (best - worst)
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.digits.resize(own.space.issue_count(), 0);
        let time = view.time();
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            if !self.others.contains(&p) {
                self.others.push(p);
            }
            if time < LEARN_UNTIL {
                own.space.decode_into(o, &mut self.digits);
                self.model.observe(own, p, &self.digits, time);
            }
            let x = Self::scaled(own, own.utility_of(o));
            match (self.window, self.nash) {
                (_, Some(_)) => {}
                (None, _) => {
                    if self.last_received.is_some_and(|l| l != o) {
                        self.window = Some((time, x));
                    }
                }
                (Some((start, best)), None) => {
                    let best = best.max(x);
                    self.window = Some((start, best));
                    if time - start > WATCH {
                        self.nash = Some((1.0 - best) / 1.7 + best);
                    }
                }
            }
            self.last_received = Some(o);
        }
        self.seen = view.offers.len();
    }

    /// Its threshold at time `t` (scaled), given the estimated Nash point and its fallback
    /// (scaled).
    pub fn threshold(t: f64, nash: f64, reservation: f64) -> f64 {
        let toward = |share: f64| share * (1.0 - nash) + nash;
        let between =
            |from: f64, to: f64, t0: f64, t1: f64| from - (from - to) / (t1 - t0) * (t - t0);
        if t < 0.01 {
            0.9999
        } else if t < 0.02 {
            0.99
        } else if t < 0.2 {
            0.99 - 0.5 * (t - 0.02)
        } else if t < 0.5 {
            between(0.9, toward(0.3), 0.2, 0.5)
        } else if t < 0.9 {
            between(toward(0.3), toward(0.15), 0.5, 0.9)
        } else if t < 0.98 {
            between(toward(0.15), toward(0.05), 0.9, 0.98).max(reservation + 0.3)
        } else if t < 0.995 {
            between(toward(0.05), toward(0.0), 0.98, 0.995).max(reservation + 0.25)
        } else if t < 0.999 {
            between(toward(0.0), toward(-0.35), 0.995, 0.9989).max(reservation + 0.25)
        } else {
            toward(-0.4).max(reservation + 0.2)
        }
    }

    fn reservation(own: &Own) -> f64 {
        Self::scaled(own, own.fallback).max(0.0)
    }

    fn now(&self, own: &Own, view: &View<'_>) -> f64 {
        Self::threshold(
            view.time(),
            self.nash.unwrap_or(0.0),
            Self::reservation(own),
        )
    }

    /// The model's estimate for the others of the outcome at `position`.
    fn others_value(&mut self, own: &Own, position: usize) -> f64 {
        super::mean_estimate(
            &self.model,
            &self.others,
            own,
            position,
            &mut self.digits,
            0.0,
        )
    }
}

impl Strategy for AgentGG {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        if own.sorted().is_empty() {
            return None;
        }
        if view.offers.iter().all(|(p, _)| *p == view.me) {
            return Some(own.sorted()[0].1);
        }
        let low = self.now(own, view);
        let (lo, hi) = (
            Self::unscaled(own, low).max(own.fallback),
            Self::unscaled(own, low + 0.1),
        );
        let start = own.sorted().partition_point(|x| x.0 > hi + 1e-12);
        let end = own.sorted().partition_point(|x| x.0 >= lo - 1e-12);
        if end <= start {
            // Nothing in the band: the agent then draws any outcome above its threshold.
            let k = end.max(1);
            return Some(own.sorted()[rng.below(k as u64) as usize].1);
        }
        if view.time() < RANDOM_UNTIL {
            return Some(own.sorted()[start + rng.below((end - start) as u64) as usize].1);
        }
        let stride = (end - start).div_ceil(CANDIDATES).max(1);
        let mut best = (f64::NEG_INFINITY, start);
        for position in (start..end).step_by(stride) {
            let v = self.others_value(own, position);
            if v > best.0 + 1e-12 {
                best = (v, position);
            }
        }
        Some(own.sorted()[best.1].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let x = Self::scaled(own, u);
        x >= self.now(own, view) || (view.time() >= 0.9989 && x > Self::reservation(own) + 0.2)
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}

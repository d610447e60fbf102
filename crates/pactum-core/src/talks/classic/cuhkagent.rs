//! CUHKAgent, the ANAC 2012 winner (ABiNeS).

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// CUHKAgent (Jianye Hao and Ho-fung Leung; ANAC 2012 winner), the ABiNeS strategy: it exploits
/// its opponent until a *non-exploitation point* λ, then concedes only as fast as the discount
/// eats its best outcome.
///
/// - **Discount.** `δ` is what an agreement at the deadline is worth against one now,
///   `discount^(deadline − 1)` (GENIUS's discount factor; 1 when undiscounted).
/// - **λ** starts at `0.08 + 0.92 · δ^β` (`β` 1.8 above δ = 0.75, 1.5 above 0.5, else 1.2), so an
///   undiscounted negotiation is all exploitation; every offer received moves it to
///   `λ₀ + 0.1 · (1 − λ₀) · c^10`, `c` the opponent's concession degree.
/// - **Threshold** `l(t)`: `u_max − (u_max − u_max·δ^(1−λ)) · (t/λ)²` up to λ, then
///   `u_max · δ^(1−t)`. In an undiscounted space of more than 3,000 outcomes it is
///   `u_max − 0.05` instead, and `u_max − 0.25` from 98% of the time in one of more than 10,000.
/// - **Offers.** The best offer received if it reaches the threshold; else, among its outcomes
///   between the threshold and its best, the one whose values the others have offered most often
///   (a frequency count per issue and value), ties at random. In its last chance (the last round,
///   or past 0.9985 of the time with fewer than five rounds left) it offers the best it received,
///   or, if that is worth less than 0.85 of its best and a round is still to come, what the
///   counts rate best between `u_max − 0.15` and `u_max − 0.02`.
/// - **Acceptance.** An offer at or above the threshold; or, once the best offer received,
///   discounted to now, beats what it predicts it can still get (`u_max · δ` after λ, or the
///   discounted threshold), an offer within 0.01 of that best — and if the offer on the table is
///   not, it offers that best itself next.
///
/// What pactum chose: the concession degree `c` is the share of distinct outcomes among the
/// others' last ten offers (GENIUS keeps its own bid history for this); pactum's parties never
/// accept or offer below their fallback, where CUHKAgent would end the talks when its reservation
/// value beat its threshold; utilities are on the party's own scale (`u_max` its best outcome).
pub struct CuhkAgent {
    /// Per issue and value, how often the others offered it.
    counts: Vec<Vec<u32>>,
    /// The others' last offers, newest last (at most [`RECENT`]).
    recent: Vec<OutcomeIndex>,
    /// The best offer received and its utility.
    best_received: Option<(OutcomeIndex, f64)>,
    seen: usize,
    /// `(λ₀, δ)`, set at the first move.
    start: Option<(f64, f64)>,
    lambda: f64,
    /// The large-domain threshold, which only falls.
    large: f64,
    /// Its acceptance rule asked it to offer the best received next.
    concede_to_opponent: bool,
    digits: Vec<u32>,
}

/// Offers the concession degree looks back over.
const RECENT: usize = 10;
/// Outcomes above the threshold the counts rate, the nearest the threshold first.
const CANDIDATES: usize = 4096;

impl Default for CuhkAgent {
    fn default() -> Self {
        Self::new()
    }
}

impl CuhkAgent {
    /// CUHKAgent as it played ANAC 2012.
    pub fn new() -> Self {
        Self {
            counts: Vec::new(),
            recent: Vec::new(),
            best_received: None,
            seen: 0,
            start: None,
            lambda: 1.0,
            large: f64::INFINITY,
            concede_to_opponent: false,
            digits: Vec::new(),
        }
    }

    /// λ₀ for the discount factor δ.
    pub fn initial_lambda(delta: f64) -> f64 {
        let beta = if delta > 0.75 {
            1.8
        } else if delta > 0.5 {
            1.5
        } else {
            1.2
        };
        0.08 + (1.0 - 0.08) * delta.powf(beta)
    }

    /// The threshold at time `t` for a best of `u_max`, discount factor `delta` and point `lambda`
    /// (the general case, without the large-domain rule).
    pub fn threshold_at(t: f64, u_max: f64, delta: f64, lambda: f64) -> f64 {
        if t <= lambda {
            let at_lambda = u_max * delta / delta.powf(lambda);
            u_max - (u_max - at_lambda) * (t / lambda).powi(2)
        } else {
            u_max * delta / delta.powf(t)
        }
    }

    fn delta(&self) -> f64 {
        self.start.map_or(1.0, |s| s.1)
    }

    fn begin(&mut self, own: &Own, view: &View<'_>) {
        if self.start.is_some() {
            return;
        }
        let delta = super::whole_talks_discount(own, view);
        let lambda = Self::initial_lambda(delta);
        self.start = Some((lambda, delta));
        self.lambda = lambda;
        self.counts = super::zero_counts(own);
        self.digits = vec![0; own.space.issue_count()];
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.begin(own, view);
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            own.space.decode_into(o, &mut self.digits);
            for (column, &d) in self.counts.iter_mut().zip(&self.digits) {
                column[d as usize] += 1;
            }
            let u = own.utility_of(o);
            // One across its own red lines it could neither accept nor offer back.
            if self.best_received.is_none_or(|(_, b)| u > b) && !own.crosses_red_line(o) {
                self.best_received = Some((o, u));
            }
            self.recent.push(o);
            if self.recent.len() > RECENT {
                self.recent.remove(0);
            }
            let lambda0 = self.start.map_or(1.0, |s| s.0);
            let c = self.concession_degree();
            self.lambda = (lambda0 + 0.1 * (1.0 - lambda0) * c.powi(10)).min(1.0);
        }
        self.seen = view.offers.len();
    }

    /// The share of distinct outcomes among the others' last ten offers.
    pub fn concession_degree(&self) -> f64 {
        if self.recent.is_empty() {
            return 0.0;
        }
        let mut distinct = self.recent.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() as f64 / self.recent.len() as f64
    }

    /// The threshold now, never below the fallback.
    fn threshold(&mut self, own: &Own, t: f64) -> f64 {
        let (u_max, delta) = (own.best(), self.delta());
        let size = own.space.size();
        let l = if delta >= 1.0 && size > 3000 {
            let floor = if size > 10_000 && t >= 0.98 {
                u_max - 0.25
            } else {
                u_max - 0.05
            };
            self.large = self.large.min(floor);
            self.large
        } else {
            Self::threshold_at(t, u_max, delta, self.lambda)
        };
        l.max(own.fallback)
    }

    /// Among its outcomes with utility in `[lo, hi]`, the one whose values the others offered
    /// most often (ties at random), the nearest `lo` first when there are more than
    /// [`CANDIDATES`].
    fn most_offered(
        &mut self,
        own: &Own,
        lo: f64,
        hi: f64,
        rng: &mut Stream,
    ) -> Option<OutcomeIndex> {
        let start = own.sorted().partition_point(|x| x.0 > hi + 1e-12);
        let end = own.sorted().partition_point(|x| x.0 >= lo - 1e-12);
        if end <= start {
            return own.sorted().first().map(|x| x.1);
        }
        let first = end.saturating_sub(CANDIDATES).max(start);
        let mut best: (u64, Vec<OutcomeIndex>) = (0, Vec::new());
        for &(_, o) in &own.sorted()[first..end] {
            own.space.decode_into(o, &mut self.digits);
            let score: u64 = self
                .counts
                .iter()
                .zip(&self.digits)
                .map(|(column, &d)| u64::from(column[d as usize]))
                .sum();
            if score > best.0 || best.1.is_empty() {
                best = (score, vec![o]);
            } else if score == best.0 {
                best.1.push(o);
            }
        }
        let k = rng.below(best.1.len() as u64) as usize;
        best.1.get(k).copied()
    }

    fn bid(&mut self, own: &Own, t: f64, rng: &mut Stream) -> Option<OutcomeIndex> {
        let l = self.threshold(own, t);
        if let Some((o, u)) = self.best_received
            && u >= l
        {
            return Some(o);
        }
        self.most_offered(own, l, own.best(), rng)
    }
}

impl Strategy for CuhkAgent {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        let best = own.sorted().first()?.1;
        let Some((received, received_u)) = self.best_received else {
            return Some(best);
        };
        if view.offers.iter().all(|(p, _)| *p != view.me) {
            return Some(best);
        }
        let t = view.time();
        let left = view.deadline.saturating_sub(view.round);
        let rational = received_u >= own.fallback;
        if left > 10 {
            if std::mem::take(&mut self.concede_to_opponent) && rational {
                return Some(received);
            }
            return self.bid(own, t, rng);
        }
        let last_chance = left == 0 || (t > 0.9985 && left < 5);
        if last_chance && rational {
            if received_u < 0.85 * own.best() && left >= 2 {
                let u_max = own.best();
                return self
                    .most_offered(own, u_max - 0.15, u_max - 0.02, rng)
                    .or(Some(received));
            }
            return Some(received);
        }
        self.bid(own, t, rng)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let t = view.time();
        let l = self.threshold(own, t);
        if u >= l {
            return true;
        }
        let Some((_, best_u)) = self.best_received else {
            return false;
        };
        let delta = self.delta();
        let now = best_u * delta.powf(t);
        let beats = (now > own.best() * delta && t > self.lambda) || now > l * delta.powf(t);
        if !beats {
            return false;
        }
        if u >= best_u - 0.01 {
            return true;
        }
        self.concede_to_opponent = true;
        false
    }
}

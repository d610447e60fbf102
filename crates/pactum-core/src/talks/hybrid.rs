//! NegMAS's `HybridNegotiator` (Keskin, Buzcu and Aydoğan's hybrid agent, as NegMAS 0.16 writes
//! it in `gb/negotiators/hybrid.py` and `gb/components/offering.py`), on NegMAS's conventions so
//! that its offers can be set beside NegMAS's one for one.
//!
//! Its target mixes a time-based quadratic Bézier curve from `initial` (1) through `middle`
//! (0.75) to `last` (from the domain's size: 0.80 under 450 outcomes, down to 0.675 above
//! 33,000; never below the fallback) with a behaviour-based reaction: its last target less
//! `empathy·(1 + t)` (empathy 0.5) times a weighted sum of how much the others' last offers
//! improved for it (windows of up to four, recent weighing most). The two are mixed as
//! `(1 − t²)·behaviour + t²·time` once more than two offers have been received. It offers the
//! outcome at or above its fallback whose utility is nearest the target (the lower of two equally
//! near) and accepts an offer at least as good as the one it would make next (ACnext).
//!
//! NegMAS's clock: `t = round/(deadline + 1)`. And NegMAS's habit: answering an offer computes
//! the next offer once (for ACnext) and proposing computes it again, each time recording it as
//! sent, so the behaviour-based part reads the target computed while answering; pactum does the
//! same, which is what makes the offers equal.

use super::registry::Param;
use super::strategy::{Own, Strategy, View};
use crate::rng::Stream;
use crate::space::OutcomeIndex;

/// Its parameters, for the registry (NegMAS's names in brackets).
pub(super) const PARAMS: [Param; 3] = [
    Param::unit("initial", 1.0, "the curve's first point (initial_utility)"),
    Param::unit(
        "middle",
        0.75,
        "the curve's middle control point (concession_ratio)",
    ),
    Param::unit(
        "empathy",
        0.5,
        "how much the others' concessions move its target (empathy_score)",
    ),
];

/// `(largest domain size, last target)` steps of NegMAS's `final_utility_ladder`.
const LADDER: [(u64, f64); 5] = [
    (450, 0.80),
    (1500, 0.775),
    (4500, 0.75),
    (18000, 0.725),
    (33000, 0.70),
];
/// The last target of larger domains.
const LADDER_FLOOR: f64 = 0.675;
/// Domains are counted up to this size.
const DOMAIN_CAP: u64 = 100_000;
/// Weights of the others' last improvements, by how many there are (oldest first).
const WINDOWS: [&[f64]; 4] = [
    &[1.0],
    &[0.25, 0.75],
    &[0.11, 0.22, 0.66],
    &[0.05, 0.15, 0.3, 0.5],
];
/// Offers received before the behaviour-based part is mixed in (more than this many).
const BEHAVIOUR_AFTER: usize = 2;

/// The hybrid negotiator.
pub struct Hybrid {
    initial: f64,
    middle: f64,
    empathy: f64,
    /// Utilities (to it) of the others' offers, oldest first.
    received: Vec<f64>,
    /// Utilities of the offers it computed, oldest first.
    sent: Vec<f64>,
    seen: usize,
}

impl Hybrid {
    /// With NegMAS's defaults: `initial` 1, `middle` 0.75, `empathy` 0.5.
    pub fn new(initial: f64, middle: f64, empathy: f64) -> Self {
        Self {
            initial,
            middle,
            empathy,
            received: Vec::new(),
            sent: Vec::new(),
            seen: 0,
        }
    }

    /// The curve's last point for this party: from the domain's size, never below its fallback.
    fn last(own: &Own) -> f64 {
        let size = own.space.size().min(u128::from(DOMAIN_CAP)) as u64;
        let step = LADDER
            .iter()
            .find(|(limit, _)| size < *limit)
            .map_or(LADDER_FLOOR, |(_, u)| *u);
        step.max(own.fallback)
    }

    /// The time-based target at `t`.
    pub fn time_based(&self, own: &Own, t: f64) -> f64 {
        let s = 1.0 - t;
        s * s * self.initial + 2.0 * s * t * self.middle + t * t * Self::last(own)
    }

    fn behaviour_based(&self, t: f64) -> f64 {
        let diffs: Vec<f64> = self.received.windows(2).map(|w| w[1] - w[0]).collect();
        let recent = &diffs[diffs.len().saturating_sub(WINDOWS.len())..];
        let delta: f64 = match recent.len() {
            0 => 0.0,
            n => recent.iter().zip(WINDOWS[n - 1]).map(|(d, w)| d * w).sum(),
        };
        self.sent.last().copied().unwrap_or(self.initial)
            - (self.empathy + self.empathy * t) * delta
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p != view.me {
                self.received.push(own.utility_of(o));
            }
        }
        self.seen = view.offers.len();
    }

    /// The next offer (its position in `own.sorted()`), recorded as sent, as NegMAS records it.
    fn next(&mut self, own: &Own, view: &View<'_>) -> Option<usize> {
        let t = f64::from(view.round) / (f64::from(view.deadline) + 1.0);
        let mut target = self.time_based(own, t);
        if self.received.len() > BEHAVIOUR_AFTER {
            target = (1.0 - t * t) * self.behaviour_based(t) + t * t * target;
        }
        let target = target.max(own.fallback);
        // The outcomes at or above its fallback, in NegMAS's ascending order: position `j` from
        // the bottom is `rational − 1 − j` in pactum's descending one.
        let rational = own.sorted().partition_point(|x| x.0 >= own.fallback);
        if rational == 0 {
            return None;
        }
        let below = rational - own.sorted()[..rational].partition_point(|x| x.0 >= target);
        let ascending = match below {
            0 => 0,
            b if b == rational => rational - 1,
            b => {
                let value = |j: usize| own.sorted()[rational - 1 - j].0;
                if (value(b - 1) - target).abs() <= (value(b) - target).abs() {
                    b - 1
                } else {
                    b
                }
            }
        };
        let position = rational - 1 - ascending;
        self.sent.push(own.sorted()[position].0);
        Some(position)
    }
}

impl Strategy for Hybrid {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        self.next(own, view).map(|p| own.sorted()[p].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let next = self
            .next(own, view)
            .map_or(f64::INFINITY, |p| own.sorted()[p].0);
        own.utility_of(offer) >= next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talks::boa::tests::{offers, plan, run, scenario};
    use crate::talks::session::Session;

    #[test]
    fn the_time_based_curve_runs_from_one_through_the_middle_to_the_domain_s_last_point() {
        let s = scenario(2, 3);
        let session = Session::new(&s, &plan(&s, 20, &["hybrid", "hardliner"])).unwrap();
        let own = &session.owns[0];
        let h = Hybrid::new(1.0, 0.75, 0.5);
        // 625 outcomes: the ladder's second step.
        assert!((Hybrid::last(own) - 0.775).abs() < 1e-12);
        assert!((h.time_based(own, 0.0) - 1.0).abs() < 1e-12);
        assert!((h.time_based(own, 0.5) - (0.25 + 0.375 + 0.25 * 0.775)).abs() < 1e-12);
        assert!((h.time_based(own, 1.0) - 0.775).abs() < 1e-12);
    }

    #[test]
    fn against_a_wall_it_follows_the_curve_and_against_a_concession_it_concedes_more() {
        let s = scenario(2, 3);
        let session = Session::new(&s, &plan(&s, 40, &["hybrid", "hardliner"])).unwrap();
        let own = &session.owns[0];
        let wall = offers(&run(&s, 40, &["hybrid", "hardliner"]), 0);
        let moving = offers(&run(&s, 40, &["hybrid", "conceder"]), 0);
        let u = |o: &OutcomeIndex| own.utility_of(*o);
        // A partner that never moves gives the behaviour-based part nothing to answer: its
        // offers only fall with the curve, never rise.
        assert!(wall.windows(2).all(|w| u(&w[1]) <= u(&w[0]) + 1e-12));
        // Against a partner conceding, it gives way faster (empathy) than the curve alone.
        let k = moving.len().min(wall.len()).min(6) - 1;
        assert!(u(&moving[k]) <= u(&wall[k]) + 1e-12);
    }
}

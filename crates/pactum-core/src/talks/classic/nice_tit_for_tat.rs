//! Nice Tit-for-Tat, from ANAC 2011.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::boa::model::OpponentModel;
use crate::talks::strategy::{Own, Strategy, View};

/// Nice Tit-for-Tat (Baarslag, Hindriks and Jonker 2013, "A tit for tat negotiation strategy
/// for real-time bilateral negotiations"; ANAC 2011): it mirrors the others' concession, measured
/// against the Nash point. A Bayesian model of the others (Hindriks and Tykhonov's scalable one)
/// gives the estimated Nash outcome `n` (the largest product of its utility and the estimate);
/// when the others' offers have come a share `c` of the way from their first offer to `n` (in
/// its utility), it concedes the same share from its best towards `n`, so that it never asks
/// less than the Nash point while they keep away. It offers, among the outcomes at or above
/// that target, the one the model rates best for them. It accepts an offer at least as good as
/// its next; in the last 2% of the time, also one at least as good as the best they offered.
pub struct NiceTitForTat {
    model: crate::talks::boa::model::ScalableBayesian,
    others: Vec<usize>,
    first: Option<f64>,
    best_received: f64,
    latest: Option<f64>,
    seen: usize,
    digits: Vec<u32>,
    /// Candidates examined per proposal, from its target upwards.
    window: usize,
    /// Its utility of the estimated Nash outcome, and how many offers it had read then.
    nash: Option<(f64, usize)>,
}

/// Outcomes the Nash search examines at most, evenly spaced over its own ranking: scanning all
/// of Energy's 390,625 at every move took minutes per negotiation.
const NTFT_NASH_SCAN: usize = 4096;

/// The share of the time after which Nice Tit-for-Tat also takes the best offer received.
const NTFT_LATE: f64 = 0.98;

impl NiceTitForTat {
    /// Nice Tit-for-Tat examining `window` outcomes at its target for the one best for the others.
    pub fn new(window: usize) -> Self {
        Self {
            model: crate::talks::boa::model::ScalableBayesian::default(),
            others: Vec::new(),
            first: None,
            best_received: f64::NEG_INFINITY,
            latest: None,
            seen: 0,
            digits: Vec::new(),
            window: window.max(1),
            nash: None,
        }
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.digits.resize(own.space.issue_count(), 0);
        let time = view.time();
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p == view.me {
                continue;
            }
            own.space.decode_into(o, &mut self.digits);
            self.model.observe(own, p, &self.digits, time);
            if !self.others.contains(&p) {
                self.others.push(p);
            }
            let u = own.utility_of(o);
            self.first.get_or_insert(u);
            self.latest = Some(u);
            self.best_received = self.best_received.max(u);
        }
        self.seen = view.offers.len();
    }

    /// The model's estimate for the others of the outcome at `position`.
    fn others_value(&mut self, own: &Own, position: usize) -> f64 {
        super::mean_estimate(
            &self.model,
            &self.others,
            own,
            position,
            &mut self.digits,
            0.5,
        )
    }

    /// Its utility of the estimated Nash outcome (over the outcomes at or above its fallback),
    /// found again only when new offers have taught the model something.
    fn nash_utility(&mut self, own: &Own) -> f64 {
        if let Some((u, seen)) = self.nash
            && seen == self.seen
        {
            return u;
        }
        let rational = own.sorted().partition_point(|x| x.0 >= own.fallback);
        let stride = rational.div_ceil(NTFT_NASH_SCAN).max(1);
        let mut best = (f64::NEG_INFINITY, own.best());
        for position in (0..rational).step_by(stride) {
            let u = own.sorted()[position].0;
            let product = (u - own.fallback) * self.others_value(own, position);
            if product > best.0 + 1e-12 {
                best = (product, u);
            }
        }
        self.nash = Some((best.1, self.seen));
        best.1
    }

    /// Its target: its best, less the others' share of the way to the Nash point times its own
    /// way there.
    pub fn target(&mut self, own: &Own) -> f64 {
        let (Some(first), Some(latest)) = (self.first, self.latest) else {
            return own.best();
        };
        let nash = self.nash_utility(own);
        let share = if nash > first + 1e-12 {
            ((latest - first) / (nash - first)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        (own.best() - share * (own.best() - nash)).max(own.floor())
    }

    /// The position of its next offer: the best for the others among the `window` outcomes
    /// nearest its target from above.
    fn next(&mut self, own: &Own) -> Option<usize> {
        if own.sorted().is_empty() {
            return None;
        }
        let target = self.target(own);
        let end = own
            .sorted()
            .partition_point(|x| x.0 >= target - 1e-12)
            .max(1);
        let start = end.saturating_sub(self.window);
        let mut best = (f64::NEG_INFINITY, end - 1);
        for position in (start..end).rev() {
            let v = self.others_value(own, position);
            if v > best.0 + 1e-12 {
                best = (v, position);
            }
        }
        Some(best.1)
    }
}

impl Strategy for NiceTitForTat {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        self.next(own).map(|p| own.sorted()[p].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let next = self.next(own).map_or(f64::INFINITY, |p| own.sorted()[p].0);
        u >= next || (view.time() >= NTFT_LATE && u >= self.best_received - 1e-12)
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}

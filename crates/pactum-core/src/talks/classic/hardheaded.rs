//! HardHeaded, the ANAC 2011 winner.

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::boa::model::{HardHeaded as FrequencyModel, OpponentModel};
use crate::talks::strategy::{Own, Strategy, View};

/// HardHeaded (van Krimpen, Looije and Hajizadeh 2013; ANAC 2011 winner): a very Boulware
/// concession `p(t) = min + (1 − F(t))·(max − min)`, `F(t) = k + (1 − k)·t^(1/e)` with k = 0.05,
/// e = 0.05 and min 0.585 of its best (or its fallback if higher). It walks down its outcomes
/// one utility step at a time; when the next is below `p(t)` it goes back to one of its own
/// earlier offers, drawn at random, so that late in the talks it cycles through the range it
/// has already offered. Among the outcomes within 0.01 of the step it offers the ones a
/// frequency model of the others (learning rate 0.2, value increment 1) rates best, up to five;
/// the others' best offer so far goes first when it beats them. It accepts an offer better than
/// the lowest it has made, or at least as good as its next.
pub struct HardHeaded {
    /// Utility of the least it may ask, relative to its best.
    min_share: f64,
    model: FrequencyModel,
    /// Its offers so far, as positions in `own.sorted()`.
    mine: Vec<usize>,
    queue: std::collections::VecDeque<usize>,
    /// The least it has offered.
    lowest: f64,
    /// The others' best offer so far (for it): its position in `own.sorted()` and its utility.
    best_received: Option<(usize, f64)>,
    /// The slots of the others who have offered.
    others: Vec<usize>,
    seen: usize,
    digits: Vec<u32>,
}

/// HardHeaded's constants, as published.
const HH_K: f64 = 0.05;
const HH_E: f64 = 0.05;
const HH_TOLERANCE: f64 = 0.01;
const HH_TOP: usize = 5;

impl HardHeaded {
    /// HardHeaded asking at least `min_share` of its best (0.585 in the competition).
    pub fn new(min_share: f64) -> Self {
        Self {
            min_share,
            model: FrequencyModel::new(0.2, 1.0),
            mine: Vec::new(),
            queue: std::collections::VecDeque::new(),
            lowest: f64::INFINITY,
            best_received: None,
            others: Vec::new(),
            seen: 0,
            digits: Vec::new(),
        }
    }

    /// Its concession target at time `t`.
    pub fn target(&self, own: &Own, t: f64) -> f64 {
        let max = own.best();
        let min = (self.min_share * max).max(own.fallback).min(max);
        let f = HH_K + (1.0 - HH_K) * t.clamp(0.0, 1.0).powf(1.0 / HH_E);
        min + (1.0 - f) * (max - min)
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        let time = view.time();
        // `decode_into` fills the slice it is given: an empty one would teach the model nothing.
        self.digits.resize(own.space.issue_count(), 0);
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
            // Its position is found once per improvement, which comes rarely, rather than by a
            // scan of every outcome at each refill. (Of the 1.8 s a 10^4-round run against a
            // hardliner takes, most is the record's model scoring, 0.1 ms a round.)
            if !own.crosses_red_line(o)
                && self.best_received.is_none_or(|(_, b)| u > b)
                && let Some(position) = own.sorted().iter().position(|x| x.1 == o)
            {
                self.best_received = Some((position, u));
            }
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
            0.0,
        )
    }

    /// Fills the queue with the next step's outcomes.
    fn refill(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) {
        let p = self.target(own, view.time());
        let n = own.sorted().len();
        let Some(&last) = self.mine.last() else {
            self.queue.push_back(0);
            return;
        };
        let mut step = (last + 1).min(n - 1);
        if own.sorted()[step].0 < p || own.sorted()[step].0 < own.fallback {
            // Back to one of its own earlier offers, at random.
            step = self.mine[rng.below(self.mine.len() as u64) as usize];
        }
        let first = own.sorted()[step].0;
        let mut candidates = vec![step];
        let mut k = step + 1;
        while k < n && first - own.sorted()[k].0 < HH_TOLERANCE && own.sorted()[k].0 >= p {
            candidates.push(k);
            k += 1;
        }
        if candidates.len() > HH_TOP {
            let mut rated: Vec<(f64, usize)> = candidates
                .iter()
                .map(|&c| (self.others_value(own, c), c))
                .collect();
            rated.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            candidates = rated.into_iter().take(HH_TOP).map(|(_, c)| c).collect();
        }
        self.queue.extend(candidates);
    }

    fn next_offer(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<usize> {
        if own.sorted().is_empty() {
            return None;
        }
        if self.queue.is_empty() {
            self.refill(own, view, rng);
            // The others' best offer goes first when it beats what it would offer.
            if let Some((position, u)) = self.best_received
                && self.queue.front().is_some_and(|&q| own.sorted()[q].0 < u)
            {
                self.queue.push_front(position);
            }
        }
        self.queue.front().copied()
    }
}

impl Strategy for HardHeaded {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        let position = self.next_offer(own, view, rng)?;
        self.queue.pop_front();
        self.mine.push(position);
        self.lowest = self.lowest.min(own.sorted()[position].0);
        Some(own.sorted()[position].1)
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
            .next_offer(own, view, rng)
            .map_or(f64::INFINITY, |q| own.sorted()[q].0);
        u > self.lowest || u >= next
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}

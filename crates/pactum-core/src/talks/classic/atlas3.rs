//! Atlas3, the ANAC 2015 winner (multilateral).

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// Atlas3 (Akiyuki Mori and Takayuki Ito; ANAC 2015 winner, individual utility), which treats
/// every other party as one opponent:
///
/// - **Threshold**, the lower limit of its concession, from the expected utility of the last
///   offers as a game of chicken (Mori and Ito 2015): with `C` the best it has been offered
///   (bilateral) or the best of the *popular* offers — those every other party supported — `rv`
///   its fallback and `δ` the discount over the whole talks, the payoffs are
///   `A11 = rv·δ` (both hard), `A12 = δ` (it is hard, they concede), `A21 = C·δ` (it concedes;
///   `rv·δ` when `C < rv`) and `A22 = ½A21 + ½A12`; the others are hard with the equilibrium
///   probability `q = 1/(1 − (A11 − A21)/(A12 − A22))` (1 outside 0..1), and the expected
///   `EU = q·A21 + (1 − q)·A22` is raised to `target = EU/δ^t`. Undiscounted the threshold falls
///   linearly from 1 to `target` by the deadline, `target + (1 − target)(1 − t)`; discounted it is
///   `max(1 − t/δ, target)`. With `rv = 0` the target is `2C/(1 + C)`: above `C`.
/// - **Offers.** A random outcome's one-issue neighbours, the least of those reaching the
///   threshold (ties at random); failing that, a random outcome reaching it built from each
///   value's loss against its best outcome (additive preferences), else the least reaching it;
///   then, issue by issue in random order, the value the others offered most often wherever
///   that does not lower its own utility.
/// - **Acceptance.** An offer at or above the threshold.
/// - **End game.** Once it has no more turns left than popular offers, it walks back through
///   them best first, one per turn, offering each that beats the offer on the table and its
///   fallback, and accepting the offer on the table otherwise (anything above the fallback once
///   the list is used up).
///
/// What pactum chose: the agent's simulated annealing towards the least utility at or above the
/// threshold (9,206 steps) is replaced by that outcome read off its ranking; its turns left are
/// counted in rounds (one turn each) where the agent estimated them from the clock; it never
/// offers or accepts below its fallback, where it would walk away when the fallback beat its
/// threshold; the agent's count of an offer's supporters was not reset when it offered itself,
/// pactum counts exactly who accepted what; an offer across its own red lines is never among
/// its popular offers. Utilities are on the party's scale, its best 1.
pub struct Atlas3 {
    /// Per issue and value, how often the others offered it (pooled over them).
    counts: Vec<Vec<u32>>,
    /// Its best utility among the others' offers (scaled).
    best_offered: f64,
    /// The popular offers: `(scaled utility, outcome)`, best first, distinct.
    popular: Vec<(f64, OutcomeIndex)>,
    /// How far it has walked back through `popular` in the end game.
    walked: usize,
    /// Offers of the view read, and those whose support is known (a later offer followed).
    seen: usize,
    settled: usize,
    /// Its action worked out this turn: `None` accepts.
    planned: super::TurnPlan<Option<OutcomeIndex>>,
    digits: Vec<u32>,
}

impl Default for Atlas3 {
    fn default() -> Self {
        Self::new()
    }
}

impl Atlas3 {
    /// Atlas3 as it played ANAC 2015.
    pub fn new() -> Self {
        Self {
            counts: Vec::new(),
            best_offered: 0.0,
            popular: Vec::new(),
            walked: 0,
            seen: 0,
            settled: 0,
            planned: super::TurnPlan::new(),
            digits: Vec::new(),
        }
    }

    /// The threshold at time `t` for compromise `c`, fallback `rv` and discount `delta`, on a
    /// scale whose best is 1.
    pub fn threshold_at(t: f64, c: f64, rv: f64, delta: f64) -> f64 {
        let a11 = rv * delta;
        let a12 = delta;
        let a21 = if c >= rv { c * delta } else { rv * delta };
        let a22 = 0.5 * a21 + 0.5 * a12;
        let mut q = 1.0;
        if (a12 - a22).abs() > 0.0 {
            let denominator = 1.0 - (a11 - a21) / (a12 - a22);
            if denominator != 0.0 {
                q = 1.0 / denominator;
            }
        }
        if !(0.0..=1.0).contains(&q) {
            q = 1.0;
        }
        let eu = q * a21 + (1.0 - q) * a22;
        let target = eu / delta.powf(t);
        if delta >= 1.0 {
            target + (1.0 - target) * (1.0 - t)
        } else {
            (1.0 - t / delta).max(target)
        }
    }

    fn scaled(own: &Own, u: f64) -> f64 {
        let best = own.best();
        if best > 0.0 { u / best } else { u }
    }

    /// Its threshold now, in its own utility.
    fn threshold(&self, own: &Own, view: &View<'_>) -> f64 {
        let c = if view.parties <= 2 {
            self.best_offered
        } else {
            self.popular.first().map_or(0.0, |x| x.0)
        };
        let rv = Self::scaled(own, own.fallback);
        let th = Self::threshold_at(view.time(), c, rv, super::whole_talks_discount(own, view));
        (th * own.best()).max(own.fallback)
    }

    fn remember_popular(&mut self, own: &Own, outcome: OutcomeIndex) {
        // One across its own red lines is never its to offer back.
        if self.popular.iter().any(|x| x.1 == outcome) || own.crosses_red_line(outcome) {
            return;
        }
        let u = Self::scaled(own, own.utility_of(outcome));
        let at = self
            .popular
            .partition_point(|x| x.0 > u || (x.0 == u && x.1 < outcome));
        self.popular.insert(at, (u, outcome));
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        if self.counts.is_empty() {
            self.counts = super::zero_counts(own);
            self.digits = vec![0; own.space.issue_count()];
        }
        let offers = view.offers;
        for &(p, o) in &offers[self.seen.min(offers.len())..] {
            if p == view.me {
                continue;
            }
            own.space.decode_into(o, &mut self.digits);
            for (column, &d) in self.counts.iter_mut().zip(&self.digits) {
                column[d as usize] += 1;
            }
            self.best_offered = self.best_offered.max(Self::scaled(own, own.utility_of(o)));
        }
        self.seen = offers.len();
        // An offer's support is known once another followed it; the one on the table is
        // supported by whoever acted between its proposer and this party.
        let others = view.parties.saturating_sub(1);
        while self.settled + 1 < offers.len() {
            let i = self.settled;
            if offers[i].0 != view.me && super::supporters(view, i) >= others {
                self.remember_popular(own, offers[i].1);
            }
            self.settled += 1;
        }
        if let Some(&(p, o)) = offers.last()
            && p != view.me
            && super::supporters(view, offers.len() - 1) >= others
        {
            self.remember_popular(own, o);
        }
    }

    /// Its action on its turn: `None` accepts the offer on the table (worked out once per turn,
    /// [`super::TurnPlan`]).
    fn decide(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        if let Some(action) = self.planned.get(view) {
            return action;
        }
        self.read(own, view);
        let standing = view
            .offers
            .last()
            .filter(|(p, _)| *p != view.me)
            .map(|&(_, o)| (o, own.utility_of(o)));
        let turns_left = view.deadline.saturating_sub(view.round) as usize;
        let action = if turns_left < self.popular.len() + 1 {
            self.end_game(own, view, standing, rng)
        } else {
            let th = self.threshold(own, view);
            match standing {
                Some((_, u)) if u >= th => None,
                _ => Some(self.bid(own, th, rng)),
            }
        };
        self.planned.set(view, action)
    }

    fn end_game(
        &mut self,
        own: &Own,
        view: &View<'_>,
        standing: Option<(OutcomeIndex, f64)>,
        rng: &mut Stream,
    ) -> Option<OutcomeIndex> {
        let offered = standing.map_or(0.0, |x| x.1);
        let fallback = own.fallback;
        if let Some(&(_, candidate)) = self.popular.get(self.walked) {
            let u = own.utility_of(candidate);
            if u > offered && u > fallback {
                self.walked += 1;
                return Some(candidate);
            }
            if standing.is_some() && offered > fallback {
                return None;
            }
        } else if standing.is_some() && offered >= fallback {
            return None;
        }
        let th = self.threshold(own, view);
        Some(self.bid(own, th, rng))
    }

    /// An outcome at or above `th` (in its utility), shaped towards the others' favourite
    /// values.
    fn bid(&mut self, own: &Own, th: f64, rng: &mut Stream) -> OutcomeIndex {
        let space = &own.space;
        let radices = space.radices();
        let best = own.sorted().first().map_or(0, |x| x.1);
        // A random outcome and its one-issue neighbours: the least reaching the threshold.
        let base: Vec<u32> = radices
            .iter()
            .map(|&r| rng.below(u64::from(r)) as u32)
            .collect();
        let mut least: Option<f64> = None;
        let mut ties: Vec<OutcomeIndex> = Vec::new();
        let mut d = base.clone();
        for (i, &r) in radices.iter().enumerate() {
            for v in 0..r {
                d[i] = v;
                let o = space.encode(&d);
                let u = own.utility_of(o);
                if u >= th && !own.crosses_red_line(o) {
                    match least {
                        Some(l) if u > l => {}
                        Some(l) if u == l => {
                            if !ties.contains(&o) {
                                ties.push(o);
                            }
                        }
                        _ => {
                            least = Some(u);
                            ties = vec![o];
                        }
                    }
                }
            }
            d[i] = base[i];
        }
        let mut chosen = match ties.len() {
            0 => self.relative(own, th, rng),
            n => Some(ties[rng.below(n as u64) as usize]),
        }
        .unwrap_or(best);
        // Each issue, in random order, takes the others' most offered value where that does
        // not lower its own utility.
        let mut order: Vec<usize> = (0..radices.len()).collect();
        for k in (1..order.len()).rev() {
            let j = rng.below(k as u64 + 1) as usize;
            order.swap(k, j);
        }
        let mut digits = space.decode(chosen);
        let mut u = own.utility_of(chosen);
        for i in order {
            let column = &self.counts[i];
            let top = column.iter().copied().max().unwrap_or(0);
            let value = if top == 0 {
                rng.below(u64::from(radices[i])) as u32
            } else {
                let favourites: Vec<u32> = (0..radices[i])
                    .filter(|&v| column[v as usize] == top)
                    .collect();
                favourites[rng.below(favourites.len() as u64) as usize]
            };
            let old = digits[i];
            digits[i] = value;
            let o = space.encode(&digits);
            let w = own.utility_of(o);
            if w >= u && !own.crosses_red_line(o) {
                chosen = o;
                u = w;
            } else {
                digits[i] = old;
            }
        }
        chosen
    }

    /// The agent's relative-utility search: from its best outcome, issue by issue in random
    /// order, a random value whose loss against the best still leaves the threshold within
    /// reach; exact for additive preferences. Else the least outcome reaching the threshold.
    fn relative(&self, own: &Own, th: f64, rng: &mut Stream) -> Option<OutcomeIndex> {
        let space = &own.space;
        let best = own.sorted().first()?.1;
        if own.utility.is_additive() {
            let top = space.decode(best);
            let u_top = own.utility_of(best);
            let mut digits = top.clone();
            let mut order: Vec<usize> = (0..top.len()).collect();
            for k in (1..order.len()).rev() {
                let j = rng.below(k as u64 + 1) as usize;
                order.swap(k, j);
            }
            let budget = th - u_top;
            let mut spent = 0.0;
            let tables = own.utility.tables();
            for i in order {
                let mut values: Vec<u32> = (0..space.radices()[i]).collect();
                for k in (1..values.len()).rev() {
                    let j = rng.below(k as u64 + 1) as usize;
                    values.swap(k, j);
                }
                for v in values {
                    let loss = tables[i][v as usize] - tables[i][top[i] as usize];
                    if budget <= spent + loss {
                        digits[i] = v;
                        spent += loss;
                        break;
                    }
                }
            }
            let o = space.encode(&digits);
            if own.utility_of(o) >= th && !own.crosses_red_line(o) {
                return Some(o);
            }
        }
        own.at_least(th)
    }
}

impl Strategy for Atlas3 {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        match self.decide(own, view, rng) {
            Some(o) => Some(o),
            // It meant to accept, but the protocol asks for an offer: its threshold's bid.
            None => {
                let th = self.threshold(own, view);
                Some(self.bid(own, th, rng))
            }
        }
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> bool {
        own.utility_of(offer) >= own.fallback && self.decide(own, view, rng).is_none()
    }
}

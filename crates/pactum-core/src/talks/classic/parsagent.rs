//! ParsAgent, second at ANAC 2015 and the expert that decides for Caduceus (ANAC 2016).

use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// ParsAgent (Zahra Khosravimehr and Faria Nassiri-Mofakham, Amirkabir University; second at
/// ANAC 2015, individual utility), on its utility scaled to a best of 1:
///
/// - **Target** `T(t) = max(0.7, 1 − t^(1/e))`, `e = 0.15` (0.2 when the talks are discounted):
///   0.7 from 84% of the time on.
/// - **Acceptance.** An offer worth strictly more than `T(t)`.
/// - **Offers.** Its best outcome with one issue changed — an issue drawn with odds `1/w` of its
///   weight `w`, so its least important issues move first — to the first value (in a random
///   order) worth more than `T(t)`. Once some party has accepted an offer, it first tries those
///   offers with one issue (drawn by weight) set to a random value, keeping the best worth more
///   than `T(t)`; else it builds an outcome from the values the others agree on: on each issue the
///   value each of them offered most often (if fewer than half of the issues agree, one among
///   their two most offered), its best value elsewhere.
///
/// What pactum chose: the agent kept two frequency tables, lumping a third opponent and later
/// ones into the second; pactum keeps one per party and asks every one of them to agree (as the
/// agent, it finds no agreed values with a single opponent); "its best value" on an issue the
/// others do not agree on is its best outcome's value (the agent's loop stopped at the issue's
/// first value, a slip); its random search for a value above the target (1 ms of tries) tries
/// each value once, and ends on the last tried, as the agent's; "one among their two most
/// offered" is a true top two (the agent's bookkeeping kept an old first as second); the offers
/// some party accepted include its own (the agent, told of an acceptance, filed the last offer
/// it had received); it never offers or accepts below its fallback.
pub struct ParsAgent {
    /// Per other party: per issue and value, how often it offered it.
    tables: Vec<(usize, Vec<Vec<u32>>)>,
    /// Offers some party accepted: `(utility, outcome)`, best first, distinct.
    accepted: Vec<(f64, OutcomeIndex)>,
    seen: usize,
    settled: usize,
    digits: Vec<u32>,
}

/// The floor of its target, on its scale.
const FLOOR: f64 = 0.7;

impl Default for ParsAgent {
    fn default() -> Self {
        Self::new()
    }
}

impl ParsAgent {
    /// ParsAgent as it played ANAC 2015.
    pub fn new() -> Self {
        Self {
            tables: Vec::new(),
            accepted: Vec::new(),
            seen: 0,
            settled: 0,
            digits: Vec::new(),
        }
    }

    /// Its target at time `t`, scaled, undiscounted (`e = 0.15`) or discounted (`e = 0.2`).
    pub fn target(t: f64, discounted: bool) -> f64 {
        let e = if discounted { 0.2 } else { 0.15 };
        (1.0 - t.clamp(0.0, 1.0).powf(1.0 / e)).max(FLOOR)
    }

    fn threshold(own: &Own, view: &View<'_>) -> f64 {
        let discounted = own.discount < 1.0 && view.deadline > 1;
        (Self::target(view.time(), discounted) * own.best()).max(own.fallback)
    }

    /// Its issue weights: each issue's spread of utility, over their sum.
    fn weights(own: &Own) -> Vec<f64> {
        let spreads: Vec<f64> = own
            .utility
            .tables()
            .iter()
            .map(|t| {
                let hi = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let lo = t.iter().copied().fold(f64::INFINITY, f64::min);
                (hi - lo).max(0.0)
            })
            .collect();
        let total: f64 = spreads.iter().sum();
        let n = spreads.len().max(1) as f64;
        spreads
            .iter()
            .map(|s| if total > 0.0 { s / total } else { 1.0 / n })
            .collect()
    }

    fn read(&mut self, own: &Own, view: &View<'_>) {
        self.digits.resize(own.space.issue_count(), 0);
        let offers = view.offers;
        for &(p, o) in &offers[self.seen.min(offers.len())..] {
            if p == view.me {
                continue;
            }
            let k = match self.tables.iter().position(|x| x.0 == p) {
                Some(k) => k,
                None => {
                    let counts = super::zero_counts(own);
                    self.tables.push((p, counts));
                    self.tables.len() - 1
                }
            };
            own.space.decode_into(o, &mut self.digits);
            for (column, &d) in self.tables[k].1.iter_mut().zip(&self.digits) {
                column[d as usize] += 1;
            }
        }
        self.seen = offers.len();
        // An offer another party let stand was accepted by it.
        let remember = |i: usize, this: &mut Self| {
            let (proposer, o) = offers[i];
            let others = super::supporters(view, i) - usize::from(proposer != view.me);
            if others >= 1 && !this.accepted.iter().any(|x| x.1 == o) {
                let u = own.utility_of(o);
                let at = this.accepted.partition_point(|x| x.0 >= u);
                this.accepted.insert(at, (u, o));
            }
        };
        while self.settled + 1 < offers.len() {
            remember(self.settled, self);
            self.settled += 1;
        }
        if !offers.is_empty() {
            remember(offers.len() - 1, self);
        }
    }

    /// An issue drawn with odds `1/w`, scanned from the last (the agent's `worstIssue`).
    fn worst_issue(weights: &[f64], rng: &mut Stream) -> usize {
        let r = 100.0 * rng.unit();
        let mut sum = 0.0;
        for (i, &w) in weights.iter().enumerate().rev() {
            sum += if w > 0.0 { 1.0 / w } else { f64::INFINITY };
            if sum > r {
                return i;
            }
        }
        weights
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |x| x.0)
    }

    /// An issue drawn with odds `w`, scanned from the last.
    fn weighted_issue(weights: &[f64], rng: &mut Stream) -> usize {
        let r = rng.unit();
        let mut sum = 0.0;
        for (i, &w) in weights.iter().enumerate().rev() {
            sum += w;
            if sum > r {
                return i;
            }
        }
        0
    }

    fn shuffled(n: u32, rng: &mut Stream) -> Vec<u32> {
        let mut values: Vec<u32> = (0..n).collect();
        for k in (1..values.len()).rev() {
            let j = rng.below(k as u64 + 1) as usize;
            values.swap(k, j);
        }
        values
    }

    /// Its best outcome with one little-weighted issue moved to a value worth more than `th`.
    fn perturb_best(own: &Own, th: f64, rng: &mut Stream) -> Option<OutcomeIndex> {
        let best = own.sorted().first()?.1;
        let weights = Self::weights(own);
        let i = Self::worst_issue(&weights, rng);
        let mut digits = own.space.decode(best);
        let mut last = best;
        for v in Self::shuffled(own.space.radices()[i], rng) {
            digits[i] = v;
            let o = own.space.encode(&digits);
            if own.crosses_red_line(o) {
                continue;
            }
            if own.utility_of(o) > th {
                return Some(o);
            }
            last = o;
        }
        // None beats the target: the last tried, as the agent's search ends.
        Some(last)
    }

    /// The values every other party offered most often on each issue (`None` where they
    /// differ): their first choices, or `top2` one among each one's two most offered.
    fn agreed(&self, issue: usize, top2: bool) -> Option<u32> {
        let tops = |column: &[u32]| -> Vec<u32> {
            let mut order: Vec<u32> = (0..column.len() as u32).collect();
            order.sort_by(|&a, &b| column[b as usize].cmp(&column[a as usize]).then(a.cmp(&b)));
            order.truncate(if top2 { 2 } else { 1 });
            order
        };
        let mut common: Option<Vec<u32>> = None;
        for (_, table) in &self.tables {
            let mine = tops(&table[issue]);
            common = Some(match common {
                None => mine,
                Some(c) => c.into_iter().filter(|v| mine.contains(v)).collect(),
            });
        }
        common.and_then(|c| c.first().copied())
    }

    fn new_bid(&mut self, own: &Own, th: f64, rng: &mut Stream) -> Option<OutcomeIndex> {
        let weights = Self::weights(own);
        let radices = own.space.radices();
        if !self.accepted.is_empty() {
            let mut found: Option<(f64, OutcomeIndex)> = None;
            for _ in 0..radices.len() {
                let j = Self::weighted_issue(&weights, rng);
                for &(_, o) in &self.accepted {
                    let mut digits = own.space.decode(o);
                    digits[j] = rng.below(u64::from(radices[j])) as u32;
                    let candidate = own.space.encode(&digits);
                    let u = own.utility_of(candidate);
                    if u > th && found.is_none_or(|f| u > f.0) && !own.crosses_red_line(candidate) {
                        found = Some((u, candidate));
                    }
                }
            }
            if let Some((_, o)) = found {
                return Some(o);
            }
        }
        // The values the others agree on; its own best elsewhere. Agreement needs two parties'
        // tables, as the agent's two.
        let best = own.space.decode(own.sorted().first()?.1);
        let mut digits = best.clone();
        if self.tables.len() >= 2 {
            let mut matched = 0;
            for (i, d) in digits.iter_mut().enumerate() {
                if let Some(v) = self.agreed(i, false) {
                    *d = v;
                    matched += 1;
                }
            }
            if self.accepted.is_empty() && 2 * matched < radices.len() {
                for (i, d) in digits.iter_mut().enumerate() {
                    if *d == best[i]
                        && let Some(v) = self.agreed(i, true)
                    {
                        *d = v;
                    }
                }
            }
        }
        let o = own.space.encode(&digits);
        if own.utility_of(o) > th && !own.crosses_red_line(o) {
            return Some(o);
        }
        Self::perturb_best(own, th, rng)
    }
}

impl Strategy for ParsAgent {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        self.read(own, view);
        let th = Self::threshold(own, view);
        let best = own.sorted().first()?.1;
        let pick = if view.offers.iter().all(|(p, _)| *p == view.me) {
            Self::perturb_best(own, th, rng)
        } else {
            self.new_bid(own, th, rng)
        };
        // It never offers below its fallback.
        Some(
            pick.filter(|&o| own.utility_of(o) >= own.fallback)
                .unwrap_or(best),
        )
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        u >= own.fallback && u > Self::threshold(own, view)
    }
}

//! Classic ANAC agents, written from their papers and competition descriptions.
//!
//! Each keeps the rules that make it that agent, on pactum's clock (relative time 0 at the first
//! round, 1 at the last) and on its own utility scale: where an agent assumes utilities
//! normalised to a best of 1, pactum reads 1 as the party's best outcome within its red lines.
//! None offers or accepts below the party's fallback (the ANAC 2010–2011 agents had no
//! reservation value to respect; pactum's parties always have one). Where a paper leaves a
//! detail open, the comment at that point and `docs/strategies.md` say what pactum chose.

use super::boa::model::{HardHeaded as FrequencyModel, OpponentModel};
use super::registry::Param;
use super::strategy::{Own, Strategy, View};
use crate::rng::Stream;

// Their parameters, for the registry.
pub(super) const AGENT_K: [Param; 1] = [Param {
    name: "tremor",
    default: 2.0,
    min: (0.0, true),
    max: (f64::INFINITY, false),
    integer: false,
    about: "how much its bid target's exponent trembles (2 in the competition)",
}];

pub(super) const HARD_HEADED: [Param; 1] = [Param {
    name: "min",
    default: 0.585,
    min: (0.0, true),
    max: (1.0, true),
    integer: false,
    about: "the least it asks, as a share of its best (or its fallback if higher)",
}];

pub(super) const NICE_TIT_FOR_TAT: [Param; 1] = [Param {
    name: "window",
    default: 64.0,
    min: (1.0, true),
    max: (f64::INFINITY, false),
    integer: true,
    about: "outcomes at its target examined for the one its model rates best for the others",
}];

pub(super) const PON_POKO: [Param; 1] = [Param {
    name: "pattern",
    default: -1.0,
    min: (-1.0, true),
    max: (4.0, true),
    integer: true,
    about: "its band's pattern, 0 to 4; −1 draws one at the start, as the agent does",
}];

/// Running statistics of the utilities (to itself) of the others' offers.
#[derive(Default, Clone, Copy, Debug)]
struct Moments {
    n: u32,
    sum: f64,
    squares: f64,
}

impl Moments {
    fn add(&mut self, u: f64) {
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
    moments: Moments,
    /// Offers of the view already read.
    seen: usize,
    /// The others' offers so far, deduplicated, with their utility to it.
    received: Vec<(u64, f64)>,
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
    fn estimate(&self) -> (f64, f64) {
        let mean = self.moments.mean();
        let e_max = (mean + (1.0 - mean) * self.moments.width()).min(1.0);
        let alpha = 1.0 + self.tremor + 10.0 * mean - 2.0 * self.tremor * mean;
        (e_max, alpha)
    }

    /// AgentK's target at time `t` for exponent `a`: the time-dependent approach to `e_max`,
    /// stretched by the ratio of the others' width to what is left to concede, then pulled down
    /// near the deadline where it still exceeds `e_max`.
    fn target_at(&self, t: f64, a: f64) -> f64 {
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
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<u64> {
        self.read(own, view);
        if self.moments.n == 0 {
            return own.sorted.first().map(|x| x.1);
        }
        self.update(view.time(), rng);
        let scale = own.best().max(1e-12);
        let floor = own.fallback / scale;
        let above: Vec<u64> = self
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
            .sorted
            .partition_point(|x| x.0 >= target - 1e-12)
            .max(1)
            .min(own.sorted.len());
        own.sorted.get(rng.below(k as u64) as usize).map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, rng: &mut Stream) -> bool {
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
    /// Its offers so far, as positions in `own.sorted`.
    mine: Vec<usize>,
    queue: std::collections::VecDeque<usize>,
    /// The least it has offered.
    lowest: f64,
    /// The others' best offer so far (for it): its position in `own.sorted` and its utility.
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
            // Found once per improvement, which comes rarely: a scan per turn made 10^4 rounds
            // take 1.8 s.
            if !own.crosses_red_line(o)
                && self.best_received.is_none_or(|(_, b)| u > b)
                && let Some(position) = own.sorted.iter().position(|x| x.1 == o)
            {
                self.best_received = Some((position, u));
            }
        }
        self.seen = view.offers.len();
    }

    /// The frequency model's estimate of the outcome at `position` for the others: their mean,
    /// so that with several opponents no one of them decides alone (the paper has one).
    fn others_value(&mut self, own: &Own, position: usize) -> f64 {
        self.digits.resize(own.space.issue_count(), 0);
        own.space
            .decode_into(own.sorted[position].1, &mut self.digits);
        if self.others.is_empty() {
            return 0.0;
        }
        let total: f64 = self
            .others
            .iter()
            .map(|&p| self.model.estimate(p, &self.digits))
            .sum();
        total / self.others.len() as f64
    }

    /// Fills the queue with the next step's outcomes.
    fn refill(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) {
        let p = self.target(own, view.time());
        let n = own.sorted.len();
        let Some(&last) = self.mine.last() else {
            self.queue.push_back(0);
            return;
        };
        let mut step = (last + 1).min(n - 1);
        if own.sorted[step].0 < p || own.sorted[step].0 < own.fallback {
            // Back to one of its own earlier offers, at random.
            step = self.mine[rng.below(self.mine.len() as u64) as usize];
        }
        let first = own.sorted[step].0;
        let mut candidates = vec![step];
        let mut k = step + 1;
        while k < n && first - own.sorted[k].0 < HH_TOLERANCE && own.sorted[k].0 >= p {
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
        if own.sorted.is_empty() {
            return None;
        }
        if self.queue.is_empty() {
            self.refill(own, view, rng);
            // The others' best offer goes first when it beats what it would offer.
            if let Some((position, u)) = self.best_received
                && self.queue.front().is_some_and(|&q| own.sorted[q].0 < u)
            {
                self.queue.push_front(position);
            }
        }
        self.queue.front().copied()
    }
}

impl Strategy for HardHeaded {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<u64> {
        self.read(own, view);
        let position = self.next_offer(own, view, rng)?;
        self.queue.pop_front();
        self.mine.push(position);
        self.lowest = self.lowest.min(own.sorted[position].0);
        Some(own.sorted[position].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, rng: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let next = self
            .next_offer(own, view, rng)
            .map_or(f64::INFINITY, |q| own.sorted[q].0);
        u > self.lowest || u >= next
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}

/// PonPokoAgent (Takaki Matsune; ANAC 2017 winner): at the start it draws one of five patterns
/// for a band of utilities `[low(t), high(t)]` (linear, or oscillating with `|sin(20t)|` or
/// `|sin(40t)|`, so that opponents cannot learn its concession across sessions); it offers an
/// outcome drawn at random from the band and accepts any offer above `low(t)`.
pub struct PonPoko {
    /// The pattern, 0 to 4, or `None` until drawn.
    pattern: Option<u8>,
}

impl PonPoko {
    /// PonPoko with pattern `pattern` (0 to 4), or one drawn at the first move when `None`.
    pub fn new(pattern: Option<u8>) -> Self {
        Self { pattern }
    }

    fn pattern(&mut self, rng: &mut Stream) -> u8 {
        *self.pattern.get_or_insert_with(|| rng.below(5) as u8)
    }

    /// The band `(low, high)` of pattern `pattern` at time `t`, on utilities relative to its best.
    pub fn band(pattern: u8, t: f64) -> (f64, f64) {
        match pattern {
            0 => (1.0 - 0.1 * t - 0.1 * (40.0 * t).sin().abs(), 1.0 - 0.1 * t),
            1 => (1.0 - 0.22 * t, 1.0),
            2 => (1.0 - 0.1 * t - 0.15 * (20.0 * t).sin().abs(), 1.0 - 0.1 * t),
            3 => (
                if t > 0.99 {
                    1.0 - 0.3 * t
                } else {
                    1.0 - 0.1 * t
                },
                1.0 - 0.05 * t,
            ),
            _ => (
                1.0 - 0.21 * t * (20.0 * t).sin().abs(),
                1.0 - 0.15 * t * (20.0 * t).sin().abs(),
            ),
        }
    }

    /// The band at this move, in the party's utilities, never below its fallback.
    fn band_now(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> (f64, f64) {
        let (low, high) = Self::band(self.pattern(rng), view.time());
        let best = own.best();
        ((low * best).max(own.fallback), high * best)
    }
}

impl Strategy for PonPoko {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<u64> {
        let (low, high) = self.band_now(own, view, rng);
        let n = own.sorted.len();
        if n == 0 {
            return None;
        }
        let start = own
            .sorted
            .partition_point(|x| x.0 > high + 1e-12)
            .min(n - 1);
        let mut end = own.sorted.partition_point(|x| x.0 >= low - 1e-12);
        if end <= start {
            // Nothing in the band: the agent lowers its low end in steps of 0.0001 until an
            // outcome enters, which is the first outcome below the band and its equals.
            let u = own.sorted[start].0;
            end = start + own.sorted[start..].partition_point(|x| x.0 >= u);
        }
        Some(own.sorted[start + rng.below((end - start) as u64) as usize].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, rng: &mut Stream) -> bool {
        let (low, _) = self.band_now(own, view, rng);
        let u = own.utility_of(offer);
        u >= own.fallback && u > low
    }
}

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
    model: super::boa::model::ScalableBayesian,
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
            model: super::boa::model::ScalableBayesian::default(),
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

    /// The model's estimate for the others (their mean) of the outcome at `position`.
    fn others_value(&mut self, own: &Own, position: usize) -> f64 {
        if self.others.is_empty() {
            return 0.5;
        }
        own.space
            .decode_into(own.sorted[position].1, &mut self.digits);
        let total: f64 = self
            .others
            .iter()
            .map(|&p| self.model.estimate(p, &self.digits))
            .sum();
        total / self.others.len() as f64
    }

    /// Its utility of the estimated Nash outcome (over the outcomes at or above its fallback),
    /// found again only when new offers have taught the model something.
    fn nash_utility(&mut self, own: &Own) -> f64 {
        if let Some((u, seen)) = self.nash
            && seen == self.seen
        {
            return u;
        }
        let rational = own.sorted.partition_point(|x| x.0 >= own.fallback);
        let stride = rational.div_ceil(NTFT_NASH_SCAN).max(1);
        let mut best = (f64::NEG_INFINITY, own.best());
        for position in (0..rational).step_by(stride) {
            let u = own.sorted[position].0;
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
        if own.sorted.is_empty() {
            return None;
        }
        let target = self.target(own);
        let end = own.sorted.partition_point(|x| x.0 >= target - 1e-12).max(1);
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
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        self.read(own, view);
        self.next(own).map(|p| own.sorted[p].1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, _: &mut Stream) -> bool {
        self.read(own, view);
        let u = own.utility_of(offer);
        if u < own.fallback {
            return false;
        }
        let next = self.next(own).map_or(f64::INFINITY, |p| own.sorted[p].0);
        u >= next || (view.time() >= NTFT_LATE && u >= self.best_received - 1e-12)
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Some(&self.model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talks::boa::tests::{last_score, offers as offers_of, plan, run, scenario};
    use crate::talks::session::Session;

    /// AgentK's acceptance probability, worked by hand from the paper's formulas for offers worth
    /// 0.5 and 0.7 to it (μ = 0.6, σ² = 0.01, width √0.12 = 0.3464, e_max = 0.7386,
    /// α = 1 + 2 + 6 − 2.4 = 6.6). At t = 0.5 the target is pulled from 0.9946 down to 0.9838, so
    /// an offer worth 0.9 scores 0.0021 + 0.1614 − 0.0838 = 0.0796, under 0.1: never; one worth
    /// 1 scores 0.2796.
    #[test]
    fn agent_k_accepts_with_the_probability_its_paper_gives() {
        let mut k = AgentK::new(2.0);
        k.moments.add(0.5);
        k.moments.add(0.7);
        let (e_max, alpha) = k.estimate();
        assert!((e_max - 0.738_564).abs() < 1e-5, "{e_max}");
        assert!((alpha - 6.6).abs() < 1e-12);
        assert!((k.target_at(0.5, alpha) - 0.983_83).abs() < 1e-4);
        assert_eq!(k.acceptance_probability(0.9, 0.5), 0.0);
        assert!((k.acceptance_probability(1.0, 0.5) - 0.2796).abs() < 1e-3);
        // Later, the same offer is likelier to be taken: t^α/5 grows and the target falls.
        assert!(k.acceptance_probability(0.9, 0.99) > k.acceptance_probability(0.9, 0.9));
    }

    #[test]
    fn agent_k_offers_back_what_the_others_offered_above_its_target() {
        let s = scenario(2, 3);
        let session = Session::new(&s, &plan(&s, 100, &["agentk", "linear"])).unwrap();
        let own = &session.owns[0];
        let (best, worst) = (own.sorted[0].1, own.sorted[own.sorted.len() - 1].1);
        // The other side offered AgentK's best outcome once and its worst once: the best is
        // above any target AgentK can have, the worst below, so it offers the best back.
        let offers = [(1, worst), (1, best)];
        let view = View {
            round: 50,
            deadline: 100,
            offers: &offers,
            me: 0,
        };
        let mut rng = Stream::new(1, 0);
        for _ in 0..20 {
            let mut k = AgentK::new(2.0);
            assert_eq!(k.propose(own, &view, &mut rng), Some(best));
        }
        // Left to its own outcomes it never goes below its fallback.
        let events = run(&s, 3000, &["agentk", "linear"]);
        let mine = offers_of(&events, 0);
        assert!(mine.iter().all(|&o| own.utility_of(o) >= own.fallback));
    }

    #[test]
    fn hard_headed_concedes_only_at_the_end_and_never_below_its_minimum() {
        let s = scenario(2, 5);
        let p = plan(&s, 2000, &["hardheaded", "boulware"]);
        let session = Session::new(&s, &p).unwrap();
        let own = &session.owns[0];
        let hh = HardHeaded::new(0.585);
        let (best, min) = (own.best(), 0.585 * own.best());
        assert!((hh.target(own, 0.0) - (min + 0.95 * (best - min))).abs() < 1e-12);
        assert!((hh.target(own, 1.0) - min).abs() < 1e-12);
        // At 80% of the time it still asks more than 90% of the way from its minimum to its best.
        assert!(hh.target(own, 0.8) > min + 0.9 * (best - min));
        let events = run(&s, 2000, &["hardheaded", "boulware"]);
        let mine = offers_of(&events, 0);
        assert!(mine.iter().all(|&o| own.utility_of(o) >= min - 1e-12));
        // Its first half of offers stays in the top twentieth of its range.
        let half = &mine[..mine.len() / 2];
        assert!(
            half.iter()
                .all(|&o| own.utility_of(o) >= best - 0.05 * (best - min) - 0.01 - 1e-12),
            "it conceded early"
        );
    }

    #[test]
    fn hard_headed_accepts_what_beats_its_lowest_offer_and_learns_the_other_side() {
        let s = scenario(2, 7);
        let events = run(&s, 3000, &["hardheaded", "conceder"]);
        let session = Session::new(&s, &plan(&s, 3000, &["hardheaded", "conceder"])).unwrap();
        let own = &session.owns[0];
        let agreed = events.iter().find_map(|e| match e {
            crate::talks::Event::Agreement { outcome, .. } => Some(*outcome),
            _ => None,
        });
        let agreed = agreed.expect("a conceder gives HardHeaded what it asks before the end");
        let lowest = offers_of(&events, 0)
            .iter()
            .map(|&o| own.utility_of(o))
            .fold(f64::INFINITY, f64::min);
        assert!(own.utility_of(agreed) >= lowest - 1e-12);
        // Its frequency model is scored against the truth in the record, and ranks the
        // conceder's outcomes better than chance.
        assert!(last_score(&events, 0, 1).kendall > 0.2);
    }

    #[test]
    fn nice_tit_for_tat_mirrors_the_concession_and_never_asks_below_the_nash_point_early() {
        let s = scenario(2, 13);
        // Against a hardliner, who never concedes, it concedes nothing either.
        let events = run(&s, 200, &["nice-tit-for-tat", "hardliner"]);
        let session = Session::new(&s, &plan(&s, 200, &["nice-tit-for-tat", "hardliner"])).unwrap();
        let own = &session.owns[0];
        let mine = offers_of(&events, 0);
        let best = own.best();
        assert!(
            mine.iter().all(|&o| own.utility_of(o) >= best - 0.05),
            "it gave way to a wall"
        );
        // Against a steady concession it concedes too, and reaches an agreement.
        let events = run(&s, 200, &["nice-tit-for-tat", "linear"]);
        let mine = offers_of(&events, 0);
        let last = own.utility_of(*mine.last().unwrap());
        assert!(
            last < best - 0.05,
            "it did not answer the concession: {} offers, {:?}",
            mine.len(),
            mine.iter().map(|&o| own.utility_of(o)).collect::<Vec<_>>()
        );
        assert!(
            events
                .iter()
                .any(|e| matches!(e, crate::talks::Event::Agreement { .. }))
        );
        // Its Bayesian model is scored in the record.
        assert!(last_score(&events, 0, 1).kendall.is_finite());
    }

    #[test]
    fn ponpoko_offers_inside_its_band_and_accepts_above_its_low_end() {
        // The five published bands: all start at the top, and by the deadline the linear one is
        // down to 0.78, the oscillating ones swing with |sin|.
        for pattern in 0..5 {
            let (low, high) = PonPoko::band(pattern, 0.0);
            assert!(
                high == 1.0 && low >= 0.99 - 1e-12,
                "{pattern}: {low} {high}"
            );
            for k in 0..=100 {
                let (low, high) = PonPoko::band(pattern, f64::from(k) / 100.0);
                assert!(low <= high + 1e-12 && low >= 0.69, "{pattern} at {k}");
            }
        }
        assert!((PonPoko::band(1, 1.0).0 - 0.78).abs() < 1e-12);
        let s = scenario(2, 11);
        for pattern in 0..5u8 {
            let spec = format!("ponpoko:pattern={pattern}");
            let p = plan(&s, 500, &[&spec, "hardliner"]);
            let session = Session::new(&s, &p).unwrap();
            let own = &session.owns[0];
            let events = run(&s, 500, &[&spec, "hardliner"]);
            let best = own.best();
            // Its offers lie in its band (or, when the band holds no outcome, at the first one
            // below it), so never far below: at most the largest gap between two outcomes.
            let gap = own
                .sorted
                .windows(2)
                .map(|w| w[0].0 - w[1].0)
                .fold(0.0, f64::max);
            let mine = events.iter().filter_map(|e| match e {
                crate::talks::Event::Offer {
                    round,
                    from: crate::talks::Speaker::Party(0),
                    outcome,
                    ..
                } => Some((*round, *outcome)),
                _ => None,
            });
            for (round, o) in mine {
                let t = f64::from(round - 1) / 499.0;
                let (low, high) = PonPoko::band(pattern, t);
                let u = own.utility_of(o);
                assert!(
                    u <= high * best + 1e-9 && u >= low * best - gap - 1e-9,
                    "pattern {pattern}, round {round}: {u} outside {low}–{high} of {best}"
                );
            }
        }
        let mut pp = PonPoko::new(Some(1));
        let session = Session::new(&s, &plan(&s, 11, &["ponpoko", "hardliner"])).unwrap();
        let own = &session.owns[0];
        let mut rng = Stream::new(1, 0);
        let view = View {
            round: 11,
            deadline: 11,
            offers: &[],
            me: 0,
        };
        // At the deadline pattern 1 takes anything above 0.78 of its best.
        let above = own
            .sorted
            .iter()
            .find(|x| x.0 > 0.79 * own.best())
            .unwrap()
            .1;
        let below = own
            .sorted
            .iter()
            .find(|x| x.0 < 0.77 * own.best())
            .unwrap()
            .1;
        assert!(pp.accept(own, &view, above, &mut rng));
        assert!(!pp.accept(own, &view, below, &mut rng));
    }
}

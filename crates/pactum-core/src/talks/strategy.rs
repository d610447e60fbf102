//! Negotiation strategies: how a party proposes and when it accepts.
//!
//! A strategy sees only its own preferences ([`Own`]) and the offers made so far ([`View`]);
//! never another party's utility. Built-in strategies are listed, with their parameters, in
//! [`super::registry::REGISTRY`]; a library user plugs in their own by implementing [`Strategy`].
//!
//! **Exponent convention.** Time-dependent strategies aim at
//! `target(t) = max − (max − min) · t^e`, with `t` running from 0 at the first round to 1 at the
//! last, `max` the party's best utility and `min` the larger of its fallback and its worst
//! utility. `e > 1` concedes late (Boulware, default `e = 4`), `e = 1` linearly, `e < 1` early
//! (conceder, default `e = 0.25`). This is NegMAS's convention; GENIUS writes the same curve as
//! `1 − t^(1/e)`, so GENIUS's `e` is the reciprocal of this one.

use crate::preference::UtilityFunction;
use crate::redline::Constraint;
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::space::OutcomeSpace;
use std::collections::HashMap;

/// A party's own preferences, prepared once per negotiation: its utility function, red lines,
/// fallback, and the outcomes it could accept sorted by its utility (best first) — every one of
/// them in a space of at most [`super::SEARCH_LIMIT`] outcomes, else a ladder found by inverse
/// utility ([`crate::inverse`]).
pub struct Own {
    /// The party's utility function.
    pub utility: UtilityFunction,
    /// Its red lines still in force.
    pub red_lines: Vec<Constraint>,
    /// Its fallback at the start of the talks (0 when relaxed).
    pub fallback: f64,
    /// What an agreement loses per round: worth `u · discount^(round − 1)`.
    pub discount: f64,
    /// The outcome space.
    pub space: OutcomeSpace,
    /// `(utility, outcome index)` of outcomes that cross none of its red lines, by utility
    /// descending then index ascending: all of them when [`Own::complete`], else the ladder.
    /// Private, read through [`Own::sorted`]: the binary searches of [`Own::at_least`] and
    /// [`Own::at_most`] run over a copy of its utilities made at construction, which a change
    /// here would leave behind.
    sorted: Vec<(f64, OutcomeIndex)>,
    /// Whether `sorted` holds every outcome within the red lines. In a larger space it holds
    /// [`LADDER_LEVELS`] targets' worth of outcomes found by inverse utility, from the best found
    /// to the worst found: strategies walk it as they walk the full ranking.
    pub complete: bool,
    /// The utilities of `sorted`, alone: the time-dependent strategies' binary search per offer
    /// runs over 8-byte entries instead of 32-byte pairs (that search was 42% of a Boulware
    /// pair's run after indices became 128-bit, 7.7 → 5.9 million offers/s).
    levels: Vec<f64>,
    /// Utility of every outcome, by index (empty for a ladder): one pass at start-up, a lookup
    /// per offer after.
    by_index: Vec<f64>,
    /// Whether each outcome crosses none of its red lines (empty for a ladder).
    allowed: Vec<bool>,
}

/// Utility levels of a ladder, evenly spaced from the worst outcome found to the best.
pub const LADDER_LEVELS: usize = 2048;
/// Outcomes drawn per level of a ladder (fewer when they coincide).
const LADDER_PER_LEVEL: usize = 2;
/// Stream id of the ladder's draws.
const LADDER_STREAM: u64 = 0x6c61_6464_6572; // "ladder"

impl Own {
    /// Prepares a party: in a space of at most [`super::SEARCH_LIMIT`] outcomes one pass over it
    /// and a sort of what it could accept; in a larger one a ladder drawn from `seed`.
    pub fn new(
        utility: UtilityFunction,
        red_lines: Vec<Constraint>,
        fallback: f64,
        space: OutcomeSpace,
    ) -> Self {
        Self::seeded(utility, red_lines, fallback, space, 0)
    }

    /// [`Own::new`], with the seed of the ladder's random choices.
    pub fn seeded(
        utility: UtilityFunction,
        red_lines: Vec<Constraint>,
        fallback: f64,
        space: OutcomeSpace,
        seed: u64,
    ) -> Self {
        if space.size() > u128::from(super::SEARCH_LIMIT) {
            let sorted = ladder(&utility, &red_lines, &space, seed);
            return Self {
                levels: sorted.iter().map(|x| x.0).collect(),
                utility,
                red_lines,
                fallback,
                discount: 1.0,
                space,
                sorted,
                complete: false,
                by_index: Vec::new(),
                allowed: Vec::new(),
            };
        }
        // Sorted as 32-bit indices (the space has at most 2^22 outcomes here), half the bytes of
        // the 128-bit ones moved: 1e6 outcomes took 444 ms to prepare sorting the wide pairs.
        let mut narrow: Vec<(f64, u32)> = Vec::new();
        let mut by_index = Vec::with_capacity(space.size() as usize);
        let mut allowed = Vec::with_capacity(space.size() as usize);
        let mut odo = space.odometer(0, space.size());
        let mut index = 0u32;
        while odo.advance().is_some() {
            let d = odo.digits();
            let u = utility.utility(d);
            let ok = red_lines.iter().all(|c| c.holds(d));
            by_index.push(u);
            allowed.push(ok);
            if ok {
                narrow.push((u, index));
            }
            index += 1;
        }
        narrow.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let levels = narrow.iter().map(|x| x.0).collect();
        let sorted = narrow
            .into_iter()
            .map(|(u, k)| (u, OutcomeIndex::from(k)))
            .collect();
        Self {
            utility,
            red_lines,
            fallback,
            discount: 1.0,
            space,
            sorted,
            complete: true,
            levels,
            by_index,
            allowed,
        }
    }

    /// `(utility, outcome index)` of the outcomes it could accept, best first (ties by index):
    /// every one of them when [`Own::complete`], else its ladder.
    pub fn sorted(&self) -> &[(f64, OutcomeIndex)] {
        &self.sorted
    }

    /// Its utility of an outcome (−∞ outside the space).
    pub fn utility_of(&self, outcome: OutcomeIndex) -> f64 {
        if self.complete {
            return usize::try_from(outcome)
                .ok()
                .and_then(|k| self.by_index.get(k))
                .copied()
                .unwrap_or(f64::NEG_INFINITY);
        }
        if outcome >= self.space.size() {
            return f64::NEG_INFINITY;
        }
        self.utility.utility(&self.space.decode(outcome))
    }

    /// Whether an outcome crosses one of its red lines (or lies outside the space).
    pub fn crosses_red_line(&self, outcome: OutcomeIndex) -> bool {
        if self.complete {
            return !usize::try_from(outcome)
                .ok()
                .and_then(|k| self.allowed.get(k))
                .copied()
                .unwrap_or(false);
        }
        if outcome >= self.space.size() {
            return true;
        }
        let d = self.space.decode(outcome);
        !self.red_lines.iter().all(|c| c.holds(&d))
    }

    /// Its best utility within its red lines (0 when they exclude everything).
    pub fn best(&self) -> f64 {
        self.sorted.first().map_or(0.0, |x| x.0)
    }

    /// The lowest utility worth aiming at: the fallback, or the worst outcome if higher.
    pub fn floor(&self) -> f64 {
        self.sorted
            .last()
            .map_or(self.fallback, |x| x.0.max(self.fallback))
    }

    /// The outcome with the largest utility at or below `target` (the worst one if none is).
    pub fn at_most(&self, target: f64) -> Option<OutcomeIndex> {
        let k = self.levels.partition_point(|&u| u > target + 1e-12);
        self.sorted
            .get(k.min(self.sorted.len().saturating_sub(1)))
            .map(|x| x.1)
    }

    /// The outcome with the smallest utility at or above `target` (the best one if none is).
    pub fn at_least(&self, target: f64) -> Option<OutcomeIndex> {
        let k = self.levels.partition_point(|&u| u >= target);
        self.sorted.get(k.saturating_sub(1)).map(|x| x.1)
    }
}

/// The ranking of a space too large to sort: the best and worst outcomes the inverse utility
/// finds, and [`LADDER_PER_LEVEL`] outcomes at or just above each of [`LADDER_LEVELS`] targets
/// between them, walking down from the best (each walk starts where the last one ended, so a
/// search over interactions takes a few moves per level), by utility descending then index.
fn ladder(
    utility: &UtilityFunction,
    red_lines: &[Constraint],
    space: &OutcomeSpace,
    seed: u64,
) -> Vec<(f64, OutcomeIndex)> {
    let inverse = crate::inverse::Inverse::new(utility, red_lines, space.radices());
    let mut rng = Stream::new(seed, LADDER_STREAM);
    let (Some(best), Some(worst)) = (
        inverse.extreme(true, &mut rng),
        inverse.extreme(false, &mut rng),
    ) else {
        return Vec::new();
    };
    let mut found: Vec<(f64, OutcomeIndex)> = vec![
        (best.0, space.encode(&best.1)),
        (worst.0, space.encode(&worst.1)),
    ];
    let mut from = best.1.clone();
    let spacing = (best.0 - worst.0) / (LADDER_LEVELS - 1) as f64;
    for level in (0..LADDER_LEVELS).rev() {
        let target = worst.0 + spacing * level as f64;
        for _ in 0..LADDER_PER_LEVEL {
            let Some(mut rung) = inverse.at_least(target, &from, &mut rng) else {
                continue;
            };
            // A walk down can stall above the target (on 30issues, at 0.061 with the worst at
            // 0.023); then a walk up from the worst may land closer.
            if rung.0 - target > spacing
                && let Some(up) = inverse.rise_to(target, &worst.1, &mut rng)
                && up.0 < rung.0
            {
                rung = up;
            } else {
                from = rung.1.clone();
            }
            found.push((rung.0, space.encode(&rung.1)));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.dedup_by(|a, b| a.1 == b.1);
    found
}

/// What a strategy may see when it acts.
pub struct View<'a> {
    /// From 1.
    pub round: u32,
    /// The last round.
    pub deadline: u32,
    /// Offers so far: `(party slot, outcome index)`, oldest first.
    pub offers: &'a [(usize, OutcomeIndex)],
    /// This party's slot.
    pub me: usize,
    /// How many parties negotiate (slots `0..parties`, acting in slot order).
    pub parties: usize,
}

impl View<'_> {
    /// Relative time: 0 at the first round, 1 at the last.
    pub fn time(&self) -> f64 {
        if self.deadline <= 1 {
            1.0
        } else {
            f64::from(self.round.saturating_sub(1)) / f64::from(self.deadline - 1)
        }
    }

    /// Offers made by the other parties, oldest first.
    pub fn others(&self) -> impl Iterator<Item = OutcomeIndex> + '_ {
        self.offers
            .iter()
            .filter(move |(p, _)| *p != self.me)
            .map(|(_, o)| *o)
    }
}

/// A negotiation strategy.
pub trait Strategy: Send {
    /// The outcome to put on the table.
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex>;
    /// Whether to accept the standing offer. (The protocol never lets a party accept an offer
    /// that crosses its own red lines, whatever this answers.)
    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, rng: &mut Stream)
    -> bool;
    /// Its model of the other parties, if it keeps one: the protocol scores it against the truth
    /// ([`super::model_score`]).
    fn opponent_model(&self) -> Option<&dyn super::boa::model::OpponentModel> {
        None
    }
    /// What the acceptance conditions it tests side by side decided (a BOA agent with
    /// `accept=mac`); empty for every other strategy. The protocol records them at the end.
    fn verdicts(&self) -> Vec<super::boa::acceptance::Verdict> {
        Vec::new()
    }
    /// Hands it the true preferences of the party in `party`: called by the protocol for every
    /// other party before the first move, and used only by the perfect opponent model, the
    /// yardstick that knows the truth on purpose. Every other strategy ignores it.
    fn reveal(&mut self, party: usize, truth: &Own) {
        let _ = (party, truth);
    }
}

/// The time-dependent target `max − (max − min)·t^e`.
pub fn time_target(own: &Own, t: f64, e: f64) -> f64 {
    let (max, min) = (own.best(), own.floor());
    max - (max - min).max(0.0) * t.clamp(0.0, 1.0).powf(e)
}

struct TimeDependent {
    e: f64,
}

impl Strategy for TimeDependent {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        own.at_least(time_target(own, view.time(), self.e))
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= time_target(own, view.time(), self.e)
    }
}

struct Hardliner;

impl Strategy for Hardliner {
    fn propose(&mut self, own: &Own, _: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        own.sorted.first().map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        own.utility_of(offer) >= own.best()
    }
}

struct Random {
    accept_probability: f64,
}

impl Strategy for Random {
    fn propose(&mut self, own: &Own, _: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        // Any outcome it could live with: at or above its fallback.
        let k = own
            .sorted
            .partition_point(|x| x.0 >= own.fallback)
            .max(1)
            .min(own.sorted.len());
        if own.sorted.is_empty() {
            return None;
        }
        Some(own.sorted[rng.below(k as u64) as usize].1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: OutcomeIndex, rng: &mut Stream) -> bool {
        own.utility_of(offer) >= own.fallback && rng.unit() < self.accept_probability
    }
}

/// Relative tit-for-tat: concede, in its own utility, as much as the others' offers have
/// improved for it since their first — and, from its second offer on, at least one step (to its
/// next utility level), so that two tit-for-tat players do not wait for each other forever
/// (NegMAS's `must_concede`).
#[derive(Default)]
struct TitForTat {
    offers: u32,
    /// Offers of the view already read: each is read once, so a run stays linear in its
    /// rounds (scanning every offer at every turn made 10^5 rounds take seconds).
    seen: usize,
    /// The others' first and latest offers.
    first: Option<OutcomeIndex>,
    latest: Option<OutcomeIndex>,
    /// Its own smallest step down, found once.
    step: Option<f64>,
}

impl TitForTat {
    fn target(&mut self, own: &Own, view: &View<'_>) -> f64 {
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p != view.me {
                self.first.get_or_insert(o);
                self.latest = Some(o);
            }
        }
        self.seen = view.offers.len();
        let Some(first) = self.first else {
            return own.best();
        };
        let latest = self.latest.unwrap_or(first);
        let mirrored = (own.utility_of(latest) - own.utility_of(first)).max(0.0);
        let step = if self.offers >= 1 {
            *self.step.get_or_insert_with(|| {
                own.sorted
                    .iter()
                    .map(|x| x.0)
                    .find(|&u| u < own.best() - 1e-12)
                    .map_or(0.0, |u| own.best() - u)
            })
        } else {
            0.0
        };
        (own.best() - mirrored.max(step)).max(own.floor())
    }
}

impl Strategy for TitForTat {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        let offer = own.at_least(self.target(own, view));
        self.offers += 1;
        offer
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= self.target(own, view)
    }
}

/// MiCRO (Heredia et al.): propose outcomes best first, and move one step down only after the
/// others have made as many distinct offers as it has; accept what is at least as good as its
/// own next proposal.
#[derive(Default)]
struct Micro {
    proposed: usize,
    /// Offers of the view already read, and the others' distinct offers among them (kept as
    /// a set, so each turn costs only its new offers).
    seen: usize,
    distinct: std::collections::HashSet<OutcomeIndex>,
}

impl Strategy for Micro {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        for &(p, o) in &view.offers[self.seen.min(view.offers.len())..] {
            if p != view.me {
                self.distinct.insert(o);
            }
        }
        self.seen = view.offers.len();
        if self.distinct.len() >= self.proposed
            && self.proposed < own.sorted.len()
            && own.sorted[self.proposed].0 >= own.fallback
        {
            self.proposed += 1;
        }
        own.sorted.get(self.proposed.saturating_sub(1)).map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        let next = own
            .sorted
            .get(self.proposed.min(own.sorted.len().saturating_sub(1)))
            .map_or(own.best(), |x| x.0);
        u >= own.fallback && u >= next
    }
}

/// A frequency-based model of the other parties: a value they keep offering is worth more to
/// them, an issue whose value they rarely change weighs more.
#[derive(Default)]
pub struct FrequencyModel {
    counts: HashMap<(usize, u32), u32>,
    unchanged: Vec<u32>,
    last: Option<Vec<u32>>,
    seen: u32,
}

impl FrequencyModel {
    /// Counts one offer of the others (outcome digits).
    pub fn observe(&mut self, outcome: &[u32]) {
        if self.unchanged.len() != outcome.len() {
            self.unchanged = vec![0; outcome.len()];
        }
        for (i, &v) in outcome.iter().enumerate() {
            *self.counts.entry((i, v)).or_insert(0) += 1;
            if self.last.as_ref().is_some_and(|l| l[i] == v) {
                self.unchanged[i] += 1;
            }
        }
        self.last = Some(outcome.to_vec());
        self.seen += 1;
    }

    /// Estimated utility of `outcome` to the others, 0..1.
    pub fn estimate(&self, outcome: &[u32]) -> f64 {
        if self.seen == 0 {
            return 0.5;
        }
        let weights: Vec<f64> = self.unchanged.iter().map(|&c| 1.0 + f64::from(c)).collect();
        let total: f64 = weights.iter().sum();
        outcome
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                weights[i] / total * f64::from(*self.counts.get(&(i, v)).unwrap_or(&0))
                    / f64::from(self.seen)
            })
            .sum()
    }
}

/// Time-dependent aspiration; among the outcomes at or above its target, offers the one the
/// others' frequency model rates best (`frequency`), or the one with the largest product of its
/// own utility and that estimate (`nash`, which seeks the Nash point of its estimates).
struct Modelled {
    e: f64,
    nash: bool,
    model: FrequencyModel,
    observed: usize,
    /// Candidates examined per proposal, best first (bounds the cost on large spaces).
    window: usize,
}

impl Modelled {
    fn learn(&mut self, own: &Own, view: &View<'_>) {
        for &(p, o) in &view.offers[self.observed.min(view.offers.len())..] {
            if p != view.me {
                self.model.observe(&own.space.decode(o));
            }
        }
        self.observed = view.offers.len();
    }
}

impl Strategy for Modelled {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        self.learn(own, view);
        let target = time_target(own, view.time(), self.e);
        let k = own
            .sorted
            .partition_point(|x| x.0 >= target)
            .max(1)
            .min(own.sorted.len());
        let mut best: Option<(f64, OutcomeIndex)> = None;
        for &(u, o) in own.sorted[..k].iter().rev().take(self.window) {
            let est = self.model.estimate(&own.space.decode(o));
            let score = if self.nash { u * est } else { est };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, o));
            }
        }
        best.map(|b| b.1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= time_target(own, view.time(), self.e)
    }
}

/// The subgame-perfect strategy of bilateral alternating offers with discounting (Rubinstein),
/// for a pie the two parties value in opposite directions: it keeps the backward-induction share
/// of the round it proposes in, and accepts an offer worth at least what it would keep by
/// proposing next round, discounted. It knows its own discount factor; the other's is a
/// parameter (`other`), as the model assumes both are common knowledge.
struct Equilibrium {
    other: f64,
}

impl Equilibrium {
    fn shares(&self, own: &Own, view: &View<'_>) -> Vec<f64> {
        let delta = if view.me == 0 {
            [own.discount, self.other]
        } else {
            [self.other, own.discount]
        };
        super::rubinstein::proposer_shares(delta, view.deadline)
    }
}

impl Strategy for Equilibrium {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        let keep = self.shares(own, view);
        let k = keep
            .get(view.round.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(1.0);
        // Round the share it keeps down to the grid, so the other gets at least its due.
        own.at_most(k.max(own.floor()))
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let keep = self.shares(own, view);
        let continuation = keep
            .get(view.round as usize)
            .map_or(0.0, |k| own.discount * k);
        let u = own.utility_of(offer);
        u >= own.fallback && u + 1e-12 >= continuation
    }
}

/// NegMAS's `AspirationNegotiator`, with NegMAS's own conventions so that its offers can be
/// compared with NegMAS's one for one: at round `r` of `R` the relative time is `r/(R + 1)`
/// (NegMAS's `(step + 1)/(n_steps + 1)`, never reaching 1), the target
/// `lo = min + (max − min)·(1 − t^e) − tolerance`, the offer the worst outcome at or above
/// `lo` (or one at most 1e-6 below it when strictly nearer, as NegMAS's inverter allows), and an
/// offer is accepted when worth at least `max(min, lo)`. Tested offer for offer against NegMAS
/// 0.16 (`test_aspiration_makes_the_offers_negmas_makes`).
struct Aspiration {
    e: f64,
    tolerance: f64,
}

impl Aspiration {
    fn target(&self, own: &Own, view: &View<'_>) -> f64 {
        let t = f64::from(view.round) / (f64::from(view.deadline) + 1.0);
        let (max, min) = (own.best(), own.floor());
        min + (max - min).max(0.0) * (1.0 - t.clamp(0.0, 1.0).powf(self.e)) - self.tolerance
    }
}

impl Strategy for Aspiration {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        // The worst outcome at or above the target, unless one at most 1e-6 below it is
        // strictly nearer (NegMAS's `_nearest_around`).
        let lo = self.target(own, view);
        let above = own.at_least(lo)?;
        let k = own.sorted.partition_point(|x| x.0 >= lo);
        match own.sorted.get(k) {
            Some(&(u, o)) if u >= lo - 1e-6 && lo - u < own.utility_of(above) - lo => Some(o),
            _ => Some(above),
        }
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= self.target(own, view).max(own.floor())
    }
}

/// How the CAB/WAB families accept (NegMAS's `gb` acceptance policies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Accepting {
    /// Any offer at or above its fallback (`AcceptAnyRational`).
    Rational,
    /// An offer at least as good as the last it accepted, starting from its fallback
    /// (`AcceptNotWorseRational`).
    NotWorse,
    /// At first an offer at or above its fallback, then only offers strictly better than the last
    /// it accepted (`AcceptBetterRational`).
    Better,
}

/// NegMAS's conceding (C) and wasting (W) offering policies: C offers its outcomes at or above
/// its fallback one per turn, best first, then repeats the last; W first offers every outcome
/// below its fallback, one per turn, in reverse enumeration order, then concedes as C does.
struct Exhaustive {
    wasting: bool,
    accepting: Accepting,
    offered: usize,
    last_accepted: Option<f64>,
}

impl Strategy for Exhaustive {
    fn propose(&mut self, own: &Own, _: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        let rational = own.sorted.partition_point(|x| x.0 >= own.fallback);
        let below = own.sorted.len() - rational;
        let k = self.offered;
        self.offered += 1;
        if self.wasting && k < below {
            // Below the fallback, by index descending.
            let mut wasted: Vec<OutcomeIndex> =
                own.sorted[rational..].iter().map(|x| x.1).collect();
            wasted.sort_unstable_by(|a, b| b.cmp(a));
            return wasted.get(k).copied();
        }
        let k = if self.wasting { k - below } else { k };
        own.sorted
            .get(k.min(rational.saturating_sub(1)))
            .map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        let yes = match (self.accepting, self.last_accepted) {
            (Accepting::Rational, _) | (_, None) => u >= own.fallback,
            (Accepting::NotWorse, Some(last)) => u >= last,
            (Accepting::Better, Some(last)) => u > last,
        };
        if yes {
            self.last_accepted = Some(u);
        }
        yes
    }
}

pub(super) fn aspiration(e: f64, tolerance: f64) -> Box<dyn Strategy> {
    Box::new(Aspiration { e, tolerance })
}

pub(super) fn exhaustive(wasting: bool, accepting: Accepting) -> Box<dyn Strategy> {
    Box::new(Exhaustive {
        wasting,
        accepting,
        offered: 0,
        last_accepted: None,
    })
}

/// A time-dependent strategy with exponent `e` (boulware, linear, conceder).
pub(super) fn time_dependent(e: f64) -> Box<dyn Strategy> {
    Box::new(TimeDependent { e })
}

pub(super) fn hardliner() -> Box<dyn Strategy> {
    Box::new(Hardliner)
}

pub(super) fn random(accept_probability: f64) -> Box<dyn Strategy> {
    Box::new(Random { accept_probability })
}

pub(super) fn tit_for_tat() -> Box<dyn Strategy> {
    Box::new(TitForTat::default())
}

pub(super) fn micro() -> Box<dyn Strategy> {
    Box::new(Micro::default())
}

/// The frequency-model strategies: `nash` scores by the product of its own utility and the
/// estimate, `frequency` by the estimate alone.
pub(super) fn modelled(e: f64, window: usize, nash: bool) -> Box<dyn Strategy> {
    Box::new(Modelled {
        e,
        nash,
        model: FrequencyModel::default(),
        observed: 0,
        window: window.max(1),
    })
}

pub(super) fn equilibrium(other: f64) -> Box<dyn Strategy> {
    Box::new(Equilibrium { other })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preference::UtilityFunction;

    fn parse(spec: &str) -> Result<Box<dyn Strategy>, String> {
        super::super::registry::StrategySpec::parse(spec)
            .map(|s| s.build().expect("a built-in strategy"))
            .map_err(|e| e.to_string())
    }

    fn own() -> Own {
        // One issue of 11 values worth 0, 0.1, ..., 1.
        let space = OutcomeSpace::new(vec![11]).unwrap();
        let u = UtilityFunction::from_tables(vec![(0..11).map(|k| f64::from(k) / 10.0).collect()]);
        Own::new(u, Vec::new(), 0.2, space)
    }

    #[test]
    fn the_time_dependent_target_follows_its_formula_every_round() {
        let own = own();
        for (spec, e) in [
            ("boulware", 4.0),
            ("linear", 1.0),
            ("conceder", 0.25),
            ("boulware:e=2.5", 2.5),
        ] {
            let mut s = parse(spec).unwrap();
            let mut rng = Stream::new(1, 0);
            let deadline = 21;
            for round in 1..=deadline {
                let view = View {
                    round,
                    deadline,
                    offers: &[],
                    me: 0,
                    parties: 2,
                };
                let t = f64::from(round - 1) / f64::from(deadline - 1);
                let target = 1.0 - (1.0 - 0.2) * t.powf(e);
                assert!((time_target(&own, t, e) - target).abs() < 1e-12);
                let offer = s.propose(&own, &view, &mut rng).unwrap();
                let u = own.utility_of(offer);
                // The worst outcome at or above the target: within one step (0.1) above it.
                assert!(
                    u + 1e-12 >= target && u < target + 0.1 + 1e-12,
                    "{spec} round {round}: {u} for target {target}"
                );
                assert!(s.accept(&own, &view, offer, &mut rng));
            }
        }
    }

    #[test]
    fn tit_for_tat_mirrors_and_concedes_one_step_from_its_second_offer() {
        let own = own();
        let mut rng = Stream::new(1, 0);
        let mut s = parse("tit-for-tat").unwrap();
        let offer =
            |s: &mut Box<dyn Strategy>, offers: &[(usize, OutcomeIndex)], rng: &mut Stream| {
                let view = View {
                    round: 1,
                    deadline: 10,
                    offers,
                    me: 0,
                    parties: 2,
                };
                own.utility_of(s.propose(&own, &view, rng).unwrap())
            };
        // Nothing seen: its best.
        assert_eq!(offer(&mut s, &[], &mut rng), 1.0);
        // The other has not moved (it offers 0.2 for us twice): one step anyway.
        let still = [(1, 2), (0, 10), (1, 2)];
        assert!((offer(&mut s, &still, &mut rng) - 0.9).abs() < 1e-12);
        // The other improved by 0.3 for us: mirror it.
        // (The history only grows, as in a negotiation: the strategy reads each offer once.)
        let moved = [(1, 2), (0, 10), (1, 2), (0, 9), (1, 5)];
        assert!((offer(&mut s, &moved, &mut rng) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn aspiration_follows_negmas_clock_and_target() {
        let own = own();
        let mut s = parse("aspiration").unwrap();
        let mut rng = Stream::new(1, 0);
        for round in 1..=20 {
            let view = View {
                round,
                deadline: 20,
                offers: &[],
                me: 0,
                parties: 2,
            };
            let t = f64::from(round) / 21.0;
            let lo = 0.2 + 0.8 * (1.0 - t.powi(4)) - 0.001;
            let u = own.utility_of(s.propose(&own, &view, &mut rng).unwrap());
            // The worst outcome at or above lo − 1e-6, on a grid of 0.1.
            assert!(
                u + 1e-6 >= lo && u < lo + 0.1,
                "round {round}: {u} for {lo}"
            );
        }
    }

    #[test]
    fn the_conceding_and_wasting_families_offer_and_accept_as_negmas_describes() {
        let own = own();
        let mut rng = Stream::new(1, 0);
        let view = View {
            round: 1,
            deadline: 30,
            offers: &[],
            me: 0,
            parties: 2,
        };
        let offers = |spec: &str, n: usize| -> Vec<f64> {
            let mut s = parse(spec).unwrap();
            let mut rng = Stream::new(1, 0);
            (0..n)
                .map(|_| own.utility_of(s.propose(&own, &view, &mut rng).unwrap()))
                .collect()
        };
        // Fallback 0.2: the rational outcomes are 1.0 … 0.2, best first, then the last again.
        let c = offers("cab", 11);
        assert_eq!(
            c,
            vec![1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.2, 0.2]
        );
        // Wasting: first the two below the fallback, by index descending (0.1, then 0), then as C.
        let w = offers("war", 4);
        assert_eq!(w, vec![0.1, 0.0, 1.0, 0.9]);
        // Accepting: R anything rational; N not worse than the last accepted; B strictly better.
        let mut answers = |spec: &str| -> Vec<bool> {
            let mut s = parse(spec).unwrap();
            [5u128, 5, 4, 6, 1]
                .iter()
                .map(|&o| s.accept(&own, &view, o, &mut rng))
                .collect()
        };
        assert_eq!(answers("car"), vec![true, true, true, true, false]);
        assert_eq!(answers("can"), vec![true, true, false, true, false]);
        assert_eq!(answers("cab"), vec![true, false, false, true, false]);
    }

    #[test]
    fn the_frequency_model_rates_repeated_values_higher() {
        let mut m = FrequencyModel::default();
        m.observe(&[1, 2]);
        m.observe(&[1, 3]);
        m.observe(&[1, 2]);
        assert!(m.estimate(&[1, 2]) > m.estimate(&[0, 2]));
        assert!(m.estimate(&[1, 2]) > m.estimate(&[1, 3]));
    }
}

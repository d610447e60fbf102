//! Negotiation strategies: how a party proposes and when it accepts.
//!
//! A strategy sees only its own preferences ([`Own`]) and the offers made so far ([`View`]);
//! never another party's utility. Built-in strategies are named in lowercase with parameters as
//! `NAME:key=value,...` (see [`catalogue`]); a library user plugs in their own by implementing
//! [`Strategy`].
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
use crate::space::OutcomeSpace;
use std::collections::HashMap;

/// A party's own preferences, prepared once per negotiation: its utility function, red lines,
/// fallback, and every outcome it could ever accept sorted by its utility (best first).
pub struct Own {
    pub utility: UtilityFunction,
    pub red_lines: Vec<Constraint>,
    pub fallback: f64,
    /// What an agreement loses per round: worth `u · discount^(round − 1)`.
    pub discount: f64,
    pub space: OutcomeSpace,
    /// `(utility, outcome index)` of the outcomes that cross none of its red lines, by utility
    /// descending then index ascending.
    pub sorted: Vec<(f64, u64)>,
    /// Utility of every outcome, by index: one pass at start-up, a lookup per offer after.
    by_index: Vec<f64>,
    /// Whether each outcome crosses none of its red lines.
    allowed: Vec<bool>,
}

impl Own {
    pub fn new(
        utility: UtilityFunction,
        red_lines: Vec<Constraint>,
        fallback: f64,
        space: OutcomeSpace,
    ) -> Self {
        let mut sorted = Vec::new();
        let mut by_index = Vec::with_capacity(space.size() as usize);
        let mut allowed = Vec::with_capacity(space.size() as usize);
        let mut odo = space.odometer(0, space.size());
        while let Some((index, _)) = odo.advance() {
            let d = odo.digits();
            let u = utility.utility(d);
            let ok = red_lines.iter().all(|c| c.holds(d));
            by_index.push(u);
            allowed.push(ok);
            if ok {
                sorted.push((u, index));
            }
        }
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Self {
            utility,
            red_lines,
            fallback,
            discount: 1.0,
            space,
            sorted,
            by_index,
            allowed,
        }
    }

    pub fn utility_of(&self, outcome: u64) -> f64 {
        self.by_index
            .get(outcome as usize)
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    }

    pub fn crosses_red_line(&self, outcome: u64) -> bool {
        !self.allowed.get(outcome as usize).copied().unwrap_or(false)
    }

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
    pub fn at_most(&self, target: f64) -> Option<u64> {
        let k = self.sorted.partition_point(|x| x.0 > target + 1e-12);
        self.sorted
            .get(k.min(self.sorted.len().saturating_sub(1)))
            .map(|x| x.1)
    }

    /// The outcome with the smallest utility at or above `target` (the best one if none is).
    pub fn at_least(&self, target: f64) -> Option<u64> {
        let k = self.sorted.partition_point(|x| x.0 >= target);
        self.sorted.get(k.saturating_sub(1)).map(|x| x.1)
    }
}

/// What a strategy may see when it acts.
pub struct View<'a> {
    /// From 1.
    pub round: u32,
    pub deadline: u32,
    /// Offers so far: `(party slot, outcome index)`, oldest first.
    pub offers: &'a [(usize, u64)],
    /// This party's slot.
    pub me: usize,
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
    pub fn others(&self) -> impl Iterator<Item = u64> + '_ {
        self.offers
            .iter()
            .filter(move |(p, _)| *p != self.me)
            .map(|(_, o)| *o)
    }
}

/// A negotiation strategy.
pub trait Strategy: Send {
    /// The outcome to put on the table.
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<u64>;
    /// Whether to accept the standing offer. (The protocol never lets a party accept an offer
    /// that crosses its own red lines, whatever this answers.)
    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, rng: &mut Stream) -> bool;
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
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        own.at_least(time_target(own, view.time(), self.e))
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= time_target(own, view.time(), self.e)
    }
}

struct Hardliner;

impl Strategy for Hardliner {
    fn propose(&mut self, own: &Own, _: &View<'_>, _: &mut Stream) -> Option<u64> {
        own.sorted.first().map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: u64, _: &mut Stream) -> bool {
        own.utility_of(offer) >= own.best()
    }
}

struct Random {
    accept_probability: f64,
}

impl Strategy for Random {
    fn propose(&mut self, own: &Own, _: &View<'_>, rng: &mut Stream) -> Option<u64> {
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

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: u64, rng: &mut Stream) -> bool {
        own.utility_of(offer) >= own.fallback && rng.unit() < self.accept_probability
    }
}

/// Relative tit-for-tat: concede, in its own utility, as much as the others' offers have
/// improved for it since their first — and, from its second offer on, at least one step (to its
/// next utility level), so that two tit-for-tat players do not wait for each other forever
/// (NegMAS's `must_concede`).
struct TitForTat {
    offers: u32,
}

impl TitForTat {
    fn target(&self, own: &Own, view: &View<'_>) -> f64 {
        let mut others = view.others();
        let Some(first) = others.next() else {
            return own.best();
        };
        let latest = view.others().last().unwrap_or(first);
        let mirrored = (own.utility_of(latest) - own.utility_of(first)).max(0.0);
        let step = if self.offers >= 1 {
            own.sorted
                .iter()
                .map(|x| x.0)
                .find(|&u| u < own.best() - 1e-12)
                .map_or(0.0, |u| own.best() - u)
        } else {
            0.0
        };
        (own.best() - mirrored.max(step)).max(own.floor())
    }
}

impl Strategy for TitForTat {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        let offer = own.at_least(self.target(own, view));
        self.offers += 1;
        offer
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, _: &mut Stream) -> bool {
        let u = own.utility_of(offer);
        u >= own.fallback && u >= self.target(own, view)
    }
}

/// MiCRO (Heredia et al.): propose outcomes best first, and move one step down only after the
/// others have made as many distinct offers as it has; accept what is at least as good as its
/// own next proposal.
struct Micro {
    proposed: usize,
}

impl Strategy for Micro {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        let mut distinct: Vec<u64> = view.others().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= self.proposed
            && self.proposed < own.sorted.len()
            && own.sorted[self.proposed].0 >= own.fallback
        {
            self.proposed += 1;
        }
        own.sorted.get(self.proposed.saturating_sub(1)).map(|x| x.1)
    }

    fn accept(&mut self, own: &Own, _: &View<'_>, offer: u64, _: &mut Stream) -> bool {
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
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        self.learn(own, view);
        let target = time_target(own, view.time(), self.e);
        let k = own
            .sorted
            .partition_point(|x| x.0 >= target)
            .max(1)
            .min(own.sorted.len());
        let mut best: Option<(f64, u64)> = None;
        for &(u, o) in own.sorted[..k].iter().rev().take(self.window) {
            let est = self.model.estimate(&own.space.decode(o));
            let score = if self.nash { u * est } else { est };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, o));
            }
        }
        best.map(|b| b.1)
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, _: &mut Stream) -> bool {
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
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<u64> {
        let keep = self.shares(own, view);
        let k = keep
            .get(view.round.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(1.0);
        // Round the share it keeps down to the grid, so the other gets at least its due.
        own.at_most(k.max(own.floor()))
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: u64, _: &mut Stream) -> bool {
        let keep = self.shares(own, view);
        let continuation = keep
            .get(view.round as usize)
            .map_or(0.0, |k| own.discount * k);
        let u = own.utility_of(offer);
        u >= own.fallback && u + 1e-12 >= continuation
    }
}

/// A built-in strategy's name, parameters and meaning.
pub struct Described {
    pub name: &'static str,
    pub parameters: &'static str,
    pub about: &'static str,
}

/// Every built-in strategy.
pub fn catalogue() -> Vec<Described> {
    vec![
        Described {
            name: "boulware",
            parameters: "e=4",
            about: "time-dependent, concedes late: target = max − (max − min)·t^e",
        },
        Described {
            name: "linear",
            parameters: "e=1",
            about: "time-dependent, concedes at a constant rate",
        },
        Described {
            name: "conceder",
            parameters: "e=0.25",
            about: "time-dependent, concedes early",
        },
        Described {
            name: "hardliner",
            parameters: "",
            about: "always offers its best outcome and accepts nothing less",
        },
        Described {
            name: "random",
            parameters: "p=0.5",
            about: "offers a random outcome at or above its fallback; accepts such an offer with probability p",
        },
        Described {
            name: "tit-for-tat",
            parameters: "",
            about: "relative tit-for-tat: concedes as much as the others' offers improved for it, and at least one step from its second offer on",
        },
        Described {
            name: "nash",
            parameters: "e=2,window=256",
            about: "time-dependent; offers the outcome above its target with the largest product of its utility and a frequency estimate of the others'",
        },
        Described {
            name: "micro",
            parameters: "",
            about: "MiCRO: concedes one step only after each new distinct offer from the others",
        },
        Described {
            name: "frequency",
            parameters: "e=2,window=256",
            about: "time-dependent; offers what a frequency-based model of the others rates best above its target",
        },
    ]
}

/// Parses `NAME` or `NAME:key=value,...` into a strategy.
pub fn parse(spec: &str) -> Result<Box<dyn Strategy>, String> {
    let (name, params) = spec.split_once(':').unwrap_or((spec, ""));
    let mut values: HashMap<&str, f64> = HashMap::new();
    for kv in params.split(',').filter(|s| !s.is_empty()) {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(format!("`{kv}` in `{spec}`: expected key=value"));
        };
        let x: f64 = v
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| format!("`{v}` in `{spec}`: expected a number"))?;
        values.insert(k.trim(), x);
    }
    let known = |allowed: &[&str]| -> Result<(), String> {
        match values.keys().find(|k| !allowed.contains(k)) {
            Some(k) => Err(format!(
                "`{name}` has no parameter `{k}`; expected {}",
                if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed.join(", ")
                }
            )),
            None => Ok(()),
        }
    };
    let positive = |key: &str, default: f64| -> Result<f64, String> {
        let v = values.get(key).copied().unwrap_or(default);
        if v > 0.0 {
            Ok(v)
        } else {
            Err(format!(
                "`{key}` of `{name}` is {v}; expected a number greater than 0"
            ))
        }
    };
    Ok(match name {
        "boulware" | "linear" | "conceder" => {
            known(&["e"])?;
            let default = match name {
                "boulware" => 4.0,
                "linear" => 1.0,
                _ => 0.25,
            };
            Box::new(TimeDependent {
                e: positive("e", default)?,
            })
        }
        "hardliner" => {
            known(&[])?;
            Box::new(Hardliner)
        }
        "random" => {
            known(&["p"])?;
            let p = values.get("p").copied().unwrap_or(0.5);
            if !(0.0..=1.0).contains(&p) {
                return Err(format!(
                    "`p` of `random` is {p}; expected a probability from 0 to 1"
                ));
            }
            Box::new(Random {
                accept_probability: p,
            })
        }
        "tit-for-tat" => {
            known(&[])?;
            Box::new(TitForTat { offers: 0 })
        }
        "micro" => {
            known(&[])?;
            Box::new(Micro { proposed: 0 })
        }
        "nash" | "frequency" => {
            known(&["e", "window"])?;
            let window = positive("window", 256.0)? as usize;
            Box::new(Modelled {
                e: positive("e", 2.0)?,
                nash: name == "nash",
                model: FrequencyModel::default(),
                observed: 0,
                window: window.max(1),
            })
        }
        "equilibrium" => {
            known(&["other"])?;
            let other = values.get("other").copied().unwrap_or(0.9);
            if !(other > 0.0 && other <= 1.0) {
                return Err(format!(
                    "`other` of `equilibrium` is {other}; expected a discount factor in (0, 1]"
                ));
            }
            Box::new(Equilibrium { other })
        }
        other => {
            let names: Vec<&str> = catalogue().iter().map(|d| d.name).collect();
            return Err(format!(
                "no strategy named `{other}`; expected one of {}",
                names.join(", ")
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preference::UtilityFunction;

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
        let offer = |s: &mut Box<dyn Strategy>, offers: &[(usize, u64)], rng: &mut Stream| {
            let view = View {
                round: 1,
                deadline: 10,
                offers,
                me: 0,
            };
            own.utility_of(s.propose(&own, &view, rng).unwrap())
        };
        // Nothing seen: its best.
        assert_eq!(offer(&mut s, &[], &mut rng), 1.0);
        // The other has not moved (it offers 0.2 for us twice): one step anyway.
        let still = [(1, 2), (0, 10), (1, 2)];
        assert!((offer(&mut s, &still, &mut rng) - 0.9).abs() < 1e-12);
        // The other improved by 0.3 for us: mirror it.
        let moved = [(1, 2), (0, 10), (1, 5)];
        assert!((offer(&mut s, &moved, &mut rng) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn parse_reports_unknown_names_and_parameters() {
        let err = |spec: &str| parse(spec).err().unwrap_or_default();
        assert!(parse("boulware:e=4").is_ok());
        assert!(err("bulware").contains("expected one of"));
        assert!(err("linear:x=1").contains("no parameter `x`"));
        assert!(err("linear:e=0").contains("greater than 0"));
        assert!(err("random:p=2").contains("probability"));
        assert!(err("linear:e").contains("key=value"));
        for d in catalogue() {
            let spec = if d.parameters.is_empty() {
                d.name.to_string()
            } else {
                format!("{}:{}", d.name, d.parameters)
            };
            assert!(parse(&spec).is_ok(), "{spec}");
        }
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

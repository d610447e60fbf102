//! Caduceus, the ANAC 2016 winner: a portfolio of expert agents.

use super::{AgreeableAgent2018, Atlas3, NiceTitForTat, ParsAgent};
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::{Own, Strategy, View};

/// Caduceus (Burak Atalay, Taha Doğan Güneş and Bahadır Kırdan; ANAC 2016 winner), the
/// *incremental portfolio* of Güneş, Arditi and Aydoğan 2017:
///
/// - **Hard-headed start.** Until `0.83·δ` of the time (`δ` the discount over the whole talks)
///   it offers its best outcome and accepts nothing.
/// - **Experts.** Then, at every turn, it asks each of its experts what it would do — ParsAgent,
///   RandomDance, Kawaii, Atlas3 and the team's own 2015 agent, with scores 500, 10, 5, 3 and 1.
///   If the experts that would accept outweigh those that would offer, it accepts; if those
///   that would offer outweigh, it offers the offer of one of them, drawn with odds of its
///   score; on a tie its best outcome. With these scores ParsAgent alone decides when it accepts
///   and makes at least 96% of its offers.
///
/// What pactum chose: RandomDance is stood in for by AgreeableAgent2018 (frequency-model bids
/// towards what the others rate high, late acceptance), Kawaii by its own curve
/// (`max(0.8, (1 − 0.2t²)·δ^t)` of its best, without its nudge towards 0.8 as others accept), the
/// team's 2015 agent by Nice Tit-for-Tat (both concede towards an estimated Nash point);
/// the experts read the offers made before they are first asked all at once; it never offers or
/// accepts below its fallback.
pub struct Caduceus {
    experts: Vec<(f64, Box<dyn Strategy>)>,
    /// Its action worked out this turn: `None` accepts.
    planned: super::TurnPlan<Option<OutcomeIndex>>,
}

/// The experts' scores, as in the agent.
const SCORES: [f64; 5] = [500.0, 10.0, 5.0, 3.0, 1.0];
/// The share of the (discounted) time it holds its best outcome.
const HARD_HEADED: f64 = 0.83;

impl Default for Caduceus {
    fn default() -> Self {
        Self::new()
    }
}

impl Caduceus {
    /// Caduceus as it played ANAC 2016, with pactum's stand-ins for the experts it lacks.
    pub fn new() -> Self {
        let experts: Vec<Box<dyn Strategy>> = vec![
            Box::new(ParsAgent::new()),
            Box::new(AgreeableAgent2018::new()),
            Box::new(Kawaii),
            Box::new(Atlas3::new()),
            Box::new(NiceTitForTat::new(64)),
        ];
        Self {
            experts: SCORES.iter().copied().zip(experts).collect(),
            planned: super::TurnPlan::new(),
        }
    }

    /// When its hard-headed start ends, for the discount over the whole talks.
    pub fn start_of_consultation(delta: f64) -> f64 {
        HARD_HEADED * delta
    }

    /// Its action on its turn: `None` accepts the offer on the table.
    fn decide(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        if let Some(action) = self.planned.get(view) {
            return action;
        }
        let best = own.sorted().first().map(|x| x.1);
        let action =
            if view.time() < Self::start_of_consultation(super::whole_talks_discount(own, view)) {
                best
            } else {
                self.consult(own, view, rng, best)
            };
        self.planned.set(view, action)
    }

    fn consult(
        &mut self,
        own: &Own,
        view: &View<'_>,
        rng: &mut Stream,
        best: Option<OutcomeIndex>,
    ) -> Option<OutcomeIndex> {
        let standing = view
            .offers
            .last()
            .filter(|(p, _)| *p != view.me)
            .map(|&(_, o)| o);
        let (mut accepting, mut offering) = (0.0, 0.0);
        let mut offers: Vec<(f64, OutcomeIndex)> = Vec::new();
        for (score, expert) in &mut self.experts {
            if let Some(o) = standing
                && expert.accept(own, view, o, rng)
            {
                accepting += *score;
                continue;
            }
            if let Some(o) = expert.propose(own, view, rng) {
                offering += *score;
                offers.push((*score, o));
            }
        }
        if standing.is_some() && accepting > offering {
            return None;
        }
        if offering > accepting {
            let mut r = rng.unit() * offering;
            for &(score, o) in &offers {
                if r < score {
                    return Some(o);
                }
                r -= score;
            }
            return offers.last().map(|x| x.1);
        }
        best
    }
}

impl Strategy for Caduceus {
    fn propose(&mut self, own: &Own, view: &View<'_>, rng: &mut Stream) -> Option<OutcomeIndex> {
        let best = own.sorted().first().map(|x| x.1);
        let pick = self.decide(own, view, rng).or(best)?;
        // It never offers below its fallback, nor across its red lines.
        Some(
            if own.utility_of(pick) >= own.fallback && !own.crosses_red_line(pick) {
                pick
            } else {
                best?
            },
        )
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

/// Kawaii's curve (ANAC 2015): its threshold `(1 − 0.2t²)·δ^t` of its best, never under 0.8
/// of it nor its fallback; it offers the least outcome reaching it and accepts what reaches it.
struct Kawaii;

impl Kawaii {
    fn threshold(own: &Own, view: &View<'_>) -> f64 {
        let t = view.time();
        let delta = super::whole_talks_discount(own, view);
        (own.best() * ((1.0 - 0.2 * t * t) * delta.powf(t)).max(0.8)).max(own.fallback)
    }
}

impl Strategy for Kawaii {
    fn propose(&mut self, own: &Own, view: &View<'_>, _: &mut Stream) -> Option<OutcomeIndex> {
        own.at_least(Self::threshold(own, view))
    }

    fn accept(&mut self, own: &Own, view: &View<'_>, offer: OutcomeIndex, _: &mut Stream) -> bool {
        own.utility_of(offer) >= Self::threshold(own, view)
    }
}

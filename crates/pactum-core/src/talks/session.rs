//! The negotiating parties of a run, prepared once and shared by every protocol: their
//! preferences, the red lines still in force (with their ids), their fallbacks as relaxation and
//! the fighting change them, and their cost of time. A session is reusable across many runs of
//! the same plan (tournaments, benchmarks).

use super::TalksError;
use super::plan::Plan;
use super::protocol::{Mediator, Protocol};
use super::strategy::Own;
use crate::rng::Stream;
use crate::scenario::{Discount, Scenario};
use crate::space::OutcomeSpace;

/// The largest outcome space the talks enumerate: every party's utility of every outcome is
/// computed and sorted once (a 4-million-outcome space takes about a second per party). The
/// offer protocols take larger spaces through a ladder of outcomes found by inverse utility
/// ([`super::strategy::Own`]); the single-text mediators search every text and stop here.
pub const SEARCH_LIMIT: u64 = 1 << 22;

/// Stream ids from which each party's ladder seed is drawn, one per slot.
const LADDER_SEEDS: u64 = 300;

/// Outcomes × rounds the Nash-seeking mediator may search in one run (about two seconds).
pub const WORK_LIMIT: u128 = 20_000_000;

/// A party's fallback and how it moves.
#[derive(Clone, Copy, Debug, PartialEq)]
struct FallbackRule {
    base: f64,
    per_round: f64,
    relaxed: bool,
}

/// The parties of a run, prepared once.
pub struct Session {
    /// The scenario the session was prepared from.
    pub scenario: Scenario,
    /// Negotiating party ids, in scenario order: the order of every per-party vector.
    pub parties: Vec<String>,
    /// Their indices in `scenario.parties`.
    pub indices: Vec<usize>,
    /// What each party's strategy sees of itself.
    pub owns: Vec<Own>,
    /// Each party's cost of time.
    pub discounts: Vec<Discount>,
    /// Per party, the indices (in its scenario red lines) of the red lines still in force.
    pub red_lines: Vec<Vec<usize>>,
    /// The outcome space.
    pub space: OutcomeSpace,
    fallbacks: Vec<FallbackRule>,
}

impl Session {
    /// Whether `plan` can run on `scenario` at all — the protocol's party count, the size of
    /// space it prepares, the mediator's work — checked without preparing anything (cheap: a
    /// tournament checks every scenario under every protocol before it writes a row). Returns
    /// the outcome space.
    pub fn admits(scenario: &Scenario, plan: &Plan) -> Result<OutcomeSpace, TalksError> {
        let negotiators = scenario.negotiators();
        let (min, max) = plan.protocol.parties();
        if negotiators.len() < min || max.is_some_and(|m| negotiators.len() > m) {
            return Err(TalksError::Parties {
                protocol: plan.protocol,
                scenario: scenario.id.clone(),
                parties: negotiators.len(),
            });
        }
        let space = scenario.space().map_err(|e| match e {
            crate::space::SpaceError::TooLarge { size } => TalksError::TooLarge {
                protocol: plan.protocol,
                size,
            },
            crate::space::SpaceError::EmptyIssue { .. } => TalksError::TooLarge {
                protocol: plan.protocol,
                size: 0,
            },
        })?;
        if space.size() > u128::from(SEARCH_LIMIT)
            && matches!(plan.protocol, Protocol::SingleText(_))
        {
            return Err(TalksError::TooLarge {
                protocol: plan.protocol,
                size: space.size(),
            });
        }
        // The Nash mediator searches every text each round: refuse work that would run for
        // hours.
        if plan.protocol == Protocol::SingleText(Mediator::Nash)
            && space.size().saturating_mul(u128::from(plan.rounds.max(1))) > WORK_LIMIT
        {
            return Err(TalksError::TooMuchWork {
                outcomes: space.size(),
                rounds: plan.rounds,
            });
        }
        Ok(space)
    }

    /// Prepares the parties of `scenario` for `plan`, after checking the protocol's limits
    /// ([`Session::admits`]).
    pub fn new(scenario: &Scenario, plan: &Plan) -> Result<Self, TalksError> {
        let space = Self::admits(scenario, plan)?;
        let negotiators = scenario.negotiators();
        let mut owns = Vec::with_capacity(negotiators.len());
        let mut red_lines = Vec::with_capacity(negotiators.len());
        let mut fallbacks = Vec::with_capacity(negotiators.len());
        for &p in &negotiators {
            let party = &scenario.parties[p];
            let kept: Vec<usize> = (0..party.red_lines.len())
                .filter(|&k| {
                    !plan
                        .relaxed
                        .contains(&format!("{}.{}", party.id, party.red_lines[k].id))
                })
                .collect();
            let rule = FallbackRule {
                base: scenario.base_fallback(p),
                per_round: party.fallback.per_round,
                relaxed: plan.relaxed.contains(&format!("{}.fallback", party.id)),
            };
            // Each party's ladder (in spaces too large to sort) draws from its own stream.
            let mut own = Own::seeded(
                scenario.utility_function(p),
                kept.iter()
                    .map(|&k| party.red_lines[k].constraint.clone())
                    .collect(),
                fallback(rule, 1),
                space.clone(),
                Stream::new(plan.seed, LADDER_SEEDS + owns.len() as u64).next_u64(),
            );
            own.discount = party.discount.per_round;
            owns.push(own);
            red_lines.push(kept);
            fallbacks.push(rule);
        }
        Ok(Self {
            scenario: scenario.clone(),
            parties: negotiators
                .iter()
                .map(|&p| scenario.parties[p].id.clone())
                .collect(),
            discounts: negotiators
                .iter()
                .map(|&p| scenario.parties[p].discount.clone())
                .collect(),
            indices: negotiators,
            owns,
            red_lines,
            space,
            fallbacks,
        })
    }

    /// What the party in `slot` gets without agreement at round `round` (from 1): its fallback
    /// with stakeholders' influence, moved by `per_round` for every round gone by. A relaxed
    /// fallback is 0, the bottom of the utility scale and the disagreement value the analysis
    /// uses, under every protocol.
    pub fn fallback_at(&self, slot: usize, round: u32) -> f64 {
        fallback(self.fallbacks[slot], round)
    }

    /// Whether the party's fallback was relaxed.
    pub fn fallback_relaxed(&self, slot: usize) -> bool {
        self.fallbacks[slot].relaxed
    }

    /// Ends the talks without agreement at `round`: the breakdown event, and each party left with
    /// its fallback then.
    pub fn break_down(
        &self,
        sink: &mut dyn super::Sink,
        round: u32,
        reason: String,
    ) -> super::Ending {
        sink.event(&super::Event::Breakdown {
            round,
            reason: reason.clone(),
        });
        super::Ending::Breakdown {
            round,
            reason,
            fallbacks: self.fallbacks_at(round),
        }
    }

    /// Every party's fallback at `round`.
    pub fn fallbacks_at(&self, round: u32) -> Vec<f64> {
        (0..self.parties.len())
            .map(|p| self.fallback_at(p, round))
            .collect()
    }

    /// The factor an agreement at `round` (from 1) of talks with `deadline` rounds is worth to
    /// the party in `slot`.
    pub fn discount_at(&self, slot: usize, round: u32, deadline: u32) -> f64 {
        self.discounts[slot].factor(round, deadline)
    }

    /// Each party's utility of `digits`, undiscounted and discounted to `round`.
    pub fn utilities(&self, digits: &[u32], round: u32, deadline: u32) -> (Vec<f64>, Vec<f64>) {
        let utilities: Vec<f64> = self
            .owns
            .iter()
            .map(|o| o.utility.utility(digits))
            .collect();
        let discounted = utilities
            .iter()
            .enumerate()
            .map(|(p, u)| u * self.discount_at(p, round, deadline))
            .collect();
        (utilities, discounted)
    }

    /// The red lines (indices in the party's scenario red lines) that `digits` crosses.
    pub fn crossed(&self, slot: usize, digits: &[u32]) -> Vec<usize> {
        let party = &self.scenario.parties[self.indices[slot]];
        self.red_lines[slot]
            .iter()
            .copied()
            .filter(|&k| !party.red_lines[k].constraint.holds(digits))
            .collect()
    }
}

fn fallback(rule: FallbackRule, round: u32) -> f64 {
    if rule.relaxed {
        0.0
    } else {
        rule.base + rule.per_round * f64::from(round.saturating_sub(1))
    }
}

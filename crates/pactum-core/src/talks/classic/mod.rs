//! Classic ANAC agents, written from their papers and competition descriptions.
//!
//! Each keeps the rules that make it that agent, on pactum's clock (relative time 0 at the first
//! round, 1 at the last) and on its own utility scale: where an agent assumes utilities
//! normalised to a best of 1, pactum reads 1 as the party's best outcome within its red lines.
//! None offers or accepts below the party's fallback (the ANAC 2010–2011 agents had no
//! reservation value to respect; pactum's parties always have one). Where a paper leaves a
//! detail open, the comment at that point and `docs/strategies.md` say what pactum chose.
//!
//! One module per agent; `tests` holds their behaviour tests.

mod agentgg;
mod agentk;
mod agreeable;
mod atlas3;
mod caduceus;
mod cuhkagent;
mod hardheaded;
mod nice_tit_for_tat;
mod parsagent;
mod ponpoko;
#[cfg(test)]
mod tests;
mod thefawkes;

pub use agentgg::AgentGG;
pub use agentk::AgentK;
pub use agreeable::AgreeableAgent2018;
pub use atlas3::Atlas3;
pub use caduceus::Caduceus;
pub use cuhkagent::CuhkAgent;
pub use hardheaded::HardHeaded;
pub use nice_tit_for_tat::NiceTitForTat;
pub use parsagent::ParsAgent;
pub use ponpoko::PonPoko;
pub use thefawkes::TheFawkes;

use super::boa::model::OpponentModel;
use super::registry::Param;
use super::strategy::{Own, View};

/// A model's estimate of the outcome at `position` in `own.sorted()` for the other parties: their
/// mean, so that with several opponents no one of them decides alone (the agents' papers have
/// one), or `none` before any has offered. `digits` is scratch space.
pub(crate) fn mean_estimate(
    model: &dyn OpponentModel,
    others: &[usize],
    own: &Own,
    position: usize,
    digits: &mut Vec<u32>,
    none: f64,
) -> f64 {
    if others.is_empty() {
        return none;
    }
    digits.resize(own.space.issue_count(), 0);
    own.space.decode_into(own.sorted()[position].1, digits);
    let total: f64 = others.iter().map(|&p| model.estimate(p, digits)).sum();
    total / others.len() as f64
}

/// What an agent worked out on its turn, kept so that its answer and the proposal that follows
/// in the same turn agree (one plan per turn, as the agents' `chooseAction`). Keyed by the
/// number of offers seen: each of a party's turns sees a different number (a turn without a new
/// offer would have ended the talks), whereas the round its answer is asked in may differ from
/// the round of its proposal (bilateral alternating offers).
pub(crate) struct TurnPlan<T>(Option<(usize, T)>);

impl<T: Copy> TurnPlan<T> {
    pub(crate) fn new() -> Self {
        Self(None)
    }

    /// The plan made earlier in this turn, if any.
    pub(crate) fn get(&self, view: &View<'_>) -> Option<T> {
        self.0
            .filter(|(seen, _)| *seen == view.offers.len())
            .map(|(_, plan)| plan)
    }

    /// Keeps `plan` for the rest of this turn, and returns it.
    pub(crate) fn set(&mut self, view: &View<'_>, plan: T) -> T {
        self.0 = Some((view.offers.len(), plan));
        plan
    }
}

/// The discount over the whole talks, GENIUS's discount factor: what an agreement at the
/// deadline is worth against one now, `discount^(deadline − 1)` (1 when undiscounted, or when
/// that is not in (0, 1], as GENIUS reads a discount factor out of range).
pub(crate) fn whole_talks_discount(own: &Own, view: &View<'_>) -> f64 {
    let exponent = i32::try_from(view.deadline.saturating_sub(1)).unwrap_or(i32::MAX);
    let delta = own.discount.powi(exponent);
    if delta > 0.0 && delta <= 1.0 {
        delta
    } else {
        1.0
    }
}

/// A count per issue and value, all zero: what the agents that count the others' values start
/// from.
pub(crate) fn zero_counts(own: &Own) -> Vec<Vec<u32>> {
    own.space
        .radices()
        .iter()
        .map(|&r| vec![0; r as usize])
        .collect()
}

/// How many parties other than the one looking supported the offer at `index` of the view:
/// its proposer, and every party that acted after it and before the next offer (or, for the
/// offer on the table, before the one looking) — they accepted it, since a party that does not
/// accept makes an offer of its own. Parties act in slot order, so they are the slots strictly
/// between the two, cyclically.
pub(crate) fn supporters(view: &View<'_>, index: usize) -> usize {
    let n = view.parties.max(1);
    let Some(&(proposer, _)) = view.offers.get(index) else {
        return 0;
    };
    debug_assert!(
        proposer < n && view.me < n,
        "slots beyond the parties in the view"
    );
    if proposer >= n || view.me >= n {
        return 0;
    }
    let next = view.offers.get(index + 1).map_or(view.me, |x| x.0);
    if next >= n {
        return 0;
    }
    let between = (next + n - proposer - 1) % n;
    // The one looking does not count itself among those who accepted.
    let me_between = view.me != proposer && (view.me + n - proposer) % n <= between;
    let me_counted = me_between && next != view.me;
    let proposer_counts = usize::from(proposer != view.me);
    proposer_counts + between - usize::from(me_counted)
}

pub(in crate::talks) const AGENT_K: [Param; 1] = [Param {
    name: "tremor",
    default: 2.0,
    min: (0.0, true),
    max: (f64::INFINITY, false),
    integer: false,
    about: "how much its bid target's exponent trembles (2 in the competition)",
}];

pub(in crate::talks) const HARD_HEADED: [Param; 1] = [Param {
    name: "min",
    default: 0.585,
    min: (0.0, true),
    max: (1.0, true),
    integer: false,
    about: "the least it asks, as a share of its best (or its fallback if higher)",
}];

pub(in crate::talks) const NICE_TIT_FOR_TAT: [Param; 1] = [Param {
    name: "window",
    default: 64.0,
    min: (1.0, true),
    max: (f64::INFINITY, false),
    integer: true,
    about: "outcomes at its target examined for the one its model rates best for the others",
}];

pub(in crate::talks) const PON_POKO: [Param; 1] = [Param {
    name: "pattern",
    default: -1.0,
    min: (-1.0, true),
    max: (4.0, true),
    integer: true,
    about: "its band's pattern, 0 to 4; −1 draws one at the start, as the agent does",
}];

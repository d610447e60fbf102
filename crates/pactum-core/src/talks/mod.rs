//! The talks: protocols run in simulated rounds, and the record they leave.
//!
//! A run is a pure function of the scenario, the configuration and the seed: it reads no clock
//! and draws every random choice from a seeded stream, so the same inputs give the same record
//! byte for byte.

pub mod mediated;
pub mod record;
pub mod rubinstein;
pub mod saop;
pub mod single_text;
pub mod strategy;

use serde::Serialize;
use std::collections::BTreeSet;

/// How a run is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct TalksConfig {
    /// The deadline: the talks end after this many rounds without agreement.
    pub rounds: u32,
    pub seed: u64,
    /// Constraint ids (`party.redline`, `party.fallback`) dropped for this run.
    pub relaxed: BTreeSet<String>,
}

/// The largest outcome space the mediator searches text by text.
pub const SEARCH_LIMIT: u64 = 1 << 22;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TalksError {
    /// The space is larger than the mediator searches.
    TooLarge { size: u128 },
    /// The scenario has too few negotiating parties for the protocol.
    NoParties,
    /// A `--relax` id names no red line or fallback.
    UnknownConstraint { id: String, known: Vec<String> },
    /// The Nash-seeking mediator would search too many texts.
    TooMuchWork { outcomes: u64, rounds: u32 },
}

impl std::fmt::Display for TalksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TalksError::TooLarge { size } => write!(
                f,
                "the outcome space has {size} outcomes; the mediated protocol searches at most {SEARCH_LIMIT}"
            ),
            TalksError::NoParties => write!(
                f,
                "the scenario has too few parties with role \"party\" for this protocol"
            ),
            TalksError::TooMuchWork { outcomes, rounds } => write!(
                f,
                "the Nash-seeking mediator searches all {outcomes} outcomes every round, and {rounds} rounds of that is too much; use fewer rounds, --mediator hill-climbing, or --protocol saop"
            ),
            TalksError::UnknownConstraint { id, known } => write!(
                f,
                "`{id}` names no red line or fallback; expected PARTY.REDLINE, one of: {}",
                known.join(", ")
            ),
        }
    }
}

impl std::error::Error for TalksError {}

/// The outcome space of a run after the common checks: the relaxed ids exist, the space is
/// searchable, and there are at least `min_parties` negotiating parties.
pub fn checked_space(
    scenario: &crate::scenario::Scenario,
    relaxed: &BTreeSet<String>,
    min_parties: usize,
) -> Result<crate::space::OutcomeSpace, TalksError> {
    let known = scenario.constraint_ids();
    if let Some(id) = relaxed.iter().find(|id| !known.contains(id)) {
        return Err(TalksError::UnknownConstraint {
            id: id.clone(),
            known,
        });
    }
    let space = scenario.space().map_err(|e| match e {
        crate::space::SpaceError::TooLarge { size } => TalksError::TooLarge { size },
        crate::space::SpaceError::EmptyIssue { .. } => TalksError::TooLarge { size: 0 },
    })?;
    if space.size() > SEARCH_LIMIT {
        return Err(TalksError::TooLarge {
            size: u128::from(space.size()),
        });
    }
    if scenario.negotiators().len() < min_parties.max(1) {
        return Err(TalksError::NoParties);
    }
    Ok(space)
}

/// How the talks ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Ending {
    Agreement {
        round: u32,
        /// Digit per issue.
        outcome: Vec<u32>,
        /// Each negotiator's utility of the terms (undiscounted).
        utilities: Vec<f64>,
        /// The same, discounted to the round of agreement.
        discounted: Vec<f64>,
    },
    Breakdown {
        round: u32,
        reason: String,
        /// Each negotiator's fallback when the talks ended: what it gets.
        fallbacks: Vec<f64>,
    },
}

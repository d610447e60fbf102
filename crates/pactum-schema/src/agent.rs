//! `pactum.agent`: the messages between pactum and an outside agent, a program that plays one
//! party's seat under the offer protocols by reading and writing JSON lines on its standard
//! input and output (`--strategy PARTY=exec:COMMAND`). `docs/agents.md` shows a full exchange.
//!
//! pactum writes one [`ToAgent`] per line and, after each of `start`, `propose` and `respond`,
//! waits for one [`FromAgent`] line; after `end` it waits for nothing and closes the agent's
//! input. Both sides name outcomes by their index in the outcome space (issue by issue, the
//! first issue varying slowest) and by their values (`{issue: value id}`); an agent may answer
//! with either. Within version 1 fields are only added, so an agent should ignore keys it does
//! not know.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The protocol's name and version, sent in `start` and expected back in `ready`.
pub const PROTOCOL: &str = "pactum.agent/1";

/// An issue as an agent sees it: its id and its value ids, in index order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub id: String,
    pub values: Vec<String>,
}

/// An outcome with what it is worth to the agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// The party that made it (absent in `end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Its index in the outcome space.
    pub index: u64,
    /// `{issue: value id}`, in issue order.
    pub outcome: Map<String, Value>,
    /// The agent's own utility of it (undiscounted).
    pub utility: f64,
}

/// One of the agent's acceptable outcomes, in its ranking.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub index: u64,
    pub utility: f64,
}

/// Everything the agent knows of itself, sent once before the first move: the view pactum's
/// own strategies get.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Start {
    /// [`PROTOCOL`].
    pub protocol: String,
    /// The party whose seat the agent plays.
    pub party: String,
    /// Every negotiating party, in turn order.
    pub parties: Vec<String>,
    /// `saop` or `alternating`.
    pub talks: String,
    /// The last round; `time` runs from 0 at round 1 to 1 at this one.
    pub deadline: u32,
    /// A seed for the agent's own random choices, below 2^53: the same run gives the same seed.
    pub seed: u64,
    pub issues: Vec<Issue>,
    /// How many outcomes the space has.
    pub outcomes: u64,
    /// The agent's preferences, as `pactum show --format json` writes a party's.
    pub preferences: crate::scenario::Preferences,
    /// What it gets without agreement at the start (0 when relaxed).
    pub fallback: f64,
    /// An agreement in round `r` is worth `u · discount^(r−1)`.
    pub discount: f64,
    /// Ids of its red lines in force: the protocol refuses its offers that cross them.
    pub red_lines: Vec<String>,
    /// Its acceptable outcomes (within its red lines), best first, ties by index; at most
    /// `ranking_limit` of them.
    pub ranking: Vec<Ranked>,
    /// Whether `ranking` holds every acceptable outcome.
    pub ranking_complete: bool,
    /// Seconds it may take for one answer, and for the whole negotiation.
    pub move_seconds: f64,
    pub negotiation_seconds: f64,
}

/// The agent's move: a new offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub round: u32,
    /// Relative time, 0 to 1.
    pub time: f64,
    /// Offers made since the last message the agent received, oldest first (its own included).
    pub offers: Vec<Offer>,
}

/// How the talks ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct End {
    /// `agreement` or `breakdown`.
    pub result: String,
    pub round: u32,
    /// The agreement, with its utility to the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Offer>,
    /// What the agent ends with: the discounted agreement or its fallback.
    pub gain: f64,
    /// Why the talks broke down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A line from pactum to the agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToAgent {
    /// Answer `ready`.
    Start(Start),
    /// Answer `offer`.
    Propose(Turn),
    /// Answer `accept` or `reject` for `offer`, the standing offer.
    Respond {
        #[serde(flatten)]
        turn: Turn,
        offer: Offer,
    },
    /// No answer; the agent should exit.
    End(End),
}

/// A line from the agent to pactum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromAgent {
    /// After `start`: the agent speaks this protocol (`protocol` must be [`PROTOCOL`]).
    Ready {
        protocol: String,
        /// What the agent calls itself, for the record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// After `propose`: an outcome, by `index` or by `outcome` (`{issue: value id}`).
    Offer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<Map<String, Value>>,
    },
    /// After `respond`.
    Accept,
    /// After `respond`.
    Reject,
}

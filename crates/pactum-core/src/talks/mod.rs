//! The talks: protocols run in simulated rounds, pushing what happens to a sink.
//!
//! One entry point serves every caller: resolve a [`Plan`] from the scenario and the caller's
//! [`Overrides`], then [`run`] it with a [`Sink`]. A run is a pure function of the scenario, the
//! plan and its seed: it reads no clock and draws every random choice from a seeded stream, so
//! the same inputs give the same events byte for byte.
//!
//! ```
//! use pactum_core::preference::Semantics;
//! use pactum_core::talks::{self, Log, Overrides, Plan, Protocol};
//! use pactum_core::{Issue, Party, Preferences, Provenance, Scenario};
//!
//! // Two parties dividing one issue of three options, in opposite directions.
//! let values = ["low", "mid", "high"].map(String::from);
//! let issue = Issue::with_options("share", &values);
//! let party = |id: &str, table: [f64; 3]| {
//!     let prefs = Preferences::equal_weights(vec![table.to_vec()], Semantics::AsWritten);
//!     Party::negotiator(id, prefs, 0.2, Provenance::default())
//! };
//! let scenario = Scenario::new(
//!     "example",
//!     vec![issue],
//!     vec![party("buyer", [1.0, 0.6, 0.0]), party("seller", [0.0, 0.6, 1.0])],
//! );
//! let overrides = Overrides {
//!     protocol: Some(Protocol::Saop),
//!     ..Overrides::default()
//! };
//! let plan = Plan::for_scenario(&scenario, &overrides).unwrap();
//! let mut log = Log::default();
//! let ending = talks::run(&scenario, &plan, &mut log).unwrap();
//! assert!(matches!(ending, talks::Ending::Agreement { .. }));
//! assert!(!log.events.is_empty());
//! ```
//!
//! A new protocol is one module here and one arm of [`Protocol`] and of [`run_session`].

pub mod boa;
pub mod classic;
pub mod event;
pub mod hybrid;
pub mod mediated;
pub mod model_score;
pub mod plan;
pub mod player;
pub mod protocol;
pub mod registry;
pub mod rubinstein;
pub mod saop;
pub mod session;
pub mod single_text;
pub mod strategy;

pub use event::{Answer, Counter, Disclosed, Event, Log, Sink, Speaker};
pub use plan::{Origin, Overrides, Plan, Resolved};
pub use player::Player;
pub use protocol::{Mediator, Protocol, UnknownName};
pub use registry::{Outside, REGISTRY, SpecError, StrategySpec};
pub use session::{SEARCH_LIMIT, Session};

/// Why the talks cannot run as planned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TalksError {
    /// The space is larger than the protocol prepares.
    TooLarge {
        /// The protocol asked for.
        protocol: Protocol,
        /// Outcomes in the space.
        size: u128,
    },
    /// The scenario has too few (or, for a bilateral protocol, too many) negotiating parties.
    Parties {
        /// The protocol asked for.
        protocol: Protocol,
        /// The scenario's id.
        scenario: String,
        /// Its negotiating parties.
        parties: usize,
    },
    /// A `--relax` id names no red line or fallback.
    UnknownConstraint {
        /// The id given.
        id: String,
        /// Every id the scenario knows.
        known: Vec<String>,
    },
    /// The Nash-seeking mediator would search too many texts.
    TooMuchWork {
        /// Outcomes in the space.
        outcomes: u128,
        /// Rounds asked for.
        rounds: u32,
    },
    /// A mediator was chosen for a protocol that has none.
    MediatorWithoutSingleText {
        /// The protocol asked for.
        protocol: Protocol,
    },
    /// Strategies were chosen for the single-text protocol, whose parties vote.
    StrategiesUnderSingleText,
    /// A strategy was chosen for a party that is not a negotiating party.
    StrategyParty {
        /// The id given.
        party: String,
        /// Whether the scenario has a party of that id (a mediator or stakeholder).
        present: bool,
        /// Whether it negotiates (always false here; kept for callers that match on it).
        negotiating: bool,
        /// The negotiating parties' ids.
        known: Vec<String>,
    },
    /// Two different strategies were chosen for one party.
    StrategyTwice {
        /// The party's id.
        party: String,
    },
}

impl std::fmt::Display for TalksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TalksError::TooLarge { protocol, size } => match protocol {
                Protocol::SingleText(Mediator::Nash) => write!(
                    f,
                    "the outcome space has {size} outcomes; the Nash-seeking mediator searches every text and takes at most {SEARCH_LIMIT}"
                ),
                Protocol::SingleText(m) => write!(
                    f,
                    "the outcome space has {size} outcomes; the single-text protocol with the {m} mediator prepares every outcome for each party and takes at most {SEARCH_LIMIT}"
                ),
                p => write!(
                    f,
                    "the outcome space has more than 2^128 (about 3.4 × 10^38) outcomes, the most {} can index",
                    p.id()
                ),
            },
            TalksError::Parties {
                protocol,
                scenario,
                parties,
            } => match protocol.parties() {
                (_, Some(2)) => write!(
                    f,
                    "--protocol {} is bilateral, and `{scenario}` has {parties} negotiating parties; use --protocol saop",
                    protocol.name()
                ),
                (min, _) => write!(
                    f,
                    "--protocol {} needs at least {min} parties with role \"party\", and `{scenario}` has {parties}",
                    protocol.name()
                ),
            },
            TalksError::TooMuchWork { outcomes, rounds } => write!(
                f,
                "the Nash-seeking mediator searches all {outcomes} outcomes every round, and {rounds} rounds of that is too much; use fewer rounds, --mediator hill-climbing, or --protocol saop"
            ),
            TalksError::UnknownConstraint { id, known } => write!(
                f,
                "`{id}` names no red line or fallback; expected PARTY.REDLINE, one of: {}",
                known.join(", ")
            ),
            TalksError::MediatorWithoutSingleText { protocol } => write!(
                f,
                "--mediator applies to --protocol single-text; {} has no mediator",
                protocol.id()
            ),
            TalksError::StrategiesUnderSingleText => write!(
                f,
                "--strategy applies to --protocol saop or alternating; the single-text protocol's parties vote by their preferences"
            ),
            TalksError::StrategyParty {
                party,
                present,
                known,
                ..
            } => write!(
                f,
                "`{party}` {}; expected one of {}",
                if *present {
                    "is not a negotiating party"
                } else {
                    "names no party"
                },
                known.join(", ")
            ),
            TalksError::StrategyTwice { party } => write!(
                f,
                "two different strategies for `{party}`; expected one per party"
            ),
        }
    }
}

impl std::error::Error for TalksError {}

/// How the talks ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// Every party accepted the same text.
    Agreement {
        /// The round of agreement.
        round: u32,
        /// Digit per issue.
        outcome: Vec<u32>,
        /// Each negotiator's utility of the terms (undiscounted).
        utilities: Vec<f64>,
        /// The same, discounted to the round of agreement.
        discounted: Vec<f64>,
    },
    /// No agreement: at the deadline, or because the talks could not go on.
    Breakdown {
        /// The round the talks ended in.
        round: u32,
        /// Why, in words.
        reason: String,
        /// Each negotiator's fallback when the talks ended: what it gets.
        fallbacks: Vec<f64>,
    },
}

impl Ending {
    /// The round the talks ended in.
    pub fn round(&self) -> u32 {
        match self {
            Ending::Agreement { round, .. } | Ending::Breakdown { round, .. } => *round,
        }
    }

    /// What each negotiator ends with: the discounted agreement, or its fallback.
    pub fn gains(&self) -> &[f64] {
        match self {
            Ending::Agreement { discounted, .. } => discounted,
            Ending::Breakdown { fallbacks, .. } => fallbacks,
        }
    }
}

/// Prepares a session for `plan` and runs it, pushing every event to `sink`.
pub fn run(
    scenario: &crate::Scenario,
    plan: &Plan,
    sink: &mut dyn Sink,
) -> Result<Ending, TalksError> {
    let session = Session::new(scenario, plan)?;
    Ok(run_session(&session, plan, sink))
}

/// Runs `plan` on a prepared session, building each party's player from the plan's strategies.
/// An outside seat (`exec:…`) cannot be started here, so its first move fails and the talks end
/// as an error; [`run_seated`] takes the caller's way of starting one.
pub fn run_session(session: &Session, plan: &Plan, sink: &mut dyn Sink) -> Ending {
    run_seated(session, plan, sink, &mut |_, spec| spec.player())
}

/// Runs `plan` with players from `seat`, called once per negotiating party with its slot and
/// spec, so a caller starts the outside agents ([`StrategySpec::as_outside`]) and leaves
/// built-in strategies to the registry ([`StrategySpec::player`]).
pub fn run_seated(
    session: &Session,
    plan: &Plan,
    sink: &mut dyn Sink,
    seat: &mut dyn FnMut(usize, &StrategySpec) -> Box<dyn Player>,
) -> Ending {
    let mut players: Vec<Box<dyn Player>> = plan
        .strategies
        .iter()
        .enumerate()
        .map(|(slot, spec)| seat(slot, spec))
        .collect();
    run_with(session, plan, &mut players, sink)
}

/// Runs `plan` on a prepared session with the given players, one per negotiating party under
/// the offer protocols (a caller's own [`Player`]: an outside agent, a binding); ignored under
/// the single-text protocol. Every player hears the ending before this returns.
pub fn run_with(
    session: &Session,
    plan: &Plan,
    players: &mut [Box<dyn Player>],
    sink: &mut dyn Sink,
) -> Ending {
    let ending = match plan.protocol {
        Protocol::SingleText(Mediator::Nash) => mediated::run(session, plan, sink),
        Protocol::SingleText(Mediator::HillClimbing) => {
            single_text::run(session, single_text::Voting::HillClimbing, plan, sink)
        }
        Protocol::SingleText(Mediator::Annealing) => {
            single_text::run(session, single_text::Voting::Annealing, plan, sink)
        }
        Protocol::Saop => saop::run(session, players, plan, saop::Timing::Rounds, sink),
        Protocol::Alternating => saop::run(session, players, plan, saop::Timing::Turns, sink),
    };
    for (party, p) in players.iter().enumerate() {
        let verdicts = p.verdicts();
        if !verdicts.is_empty() {
            sink.event(&Event::Verdicts { party, verdicts });
        }
    }
    for p in players.iter_mut() {
        p.finish(&ending);
    }
    ending
}

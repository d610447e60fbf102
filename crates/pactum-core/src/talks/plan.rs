//! What a run of the talks will do, resolved once from the scenario's defaults and the caller's
//! overrides: the protocol and mediator, the deadline, the seed, the relaxed constraints and
//! every party's strategy. The CLI, tournaments and the bindings all build a [`Plan`] here, so
//! they resolve the same defaults the same way.

use super::TalksError;
use super::protocol::{Mediator, Protocol};
use super::registry::{self, StrategySpec};
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// What the caller asks for; `None` or empty keeps the scenario's default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// The protocol, with its mediator under the single text (replaced by `mediator` when that
    /// is set).
    pub protocol: Option<Protocol>,
    /// The single-text mediator, whichever way the protocol was chosen; refused under the
    /// offer protocols.
    pub mediator: Option<Mediator>,
    /// The deadline in rounds.
    pub rounds: Option<u32>,
    /// The seed of every random choice.
    pub seed: Option<u64>,
    /// Constraint ids (`party.redline`, `party.fallback`) to drop.
    pub relax: Vec<String>,
    /// `(party id, strategy)` under the offer protocols.
    pub strategies: Vec<(String, StrategySpec)>,
}

/// Where a setting of the plan came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The caller (a command-line flag, a tournament config).
    Override,
    /// The scenario file.
    Scenario,
    /// pactum's default.
    Default,
}

impl Origin {
    /// How the plan's summary says where a setting came from.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Override => "as asked",
            Origin::Scenario => "the scenario's",
            Origin::Default => "the default",
        }
    }
}

/// One resolved setting, for saying what the plan resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// `protocol`, `rounds`, `seed`, or `strategy of PARTY`.
    pub setting: String,
    /// The value, as the plan's summary writes it.
    pub value: String,
    /// Where it came from.
    pub from: Origin,
}

/// Rounds a run that keeps its whole record may have (`pactum talks`, the Python `talks`):
/// about 9 KB a round for two parties, 0.9 GB at the limit. A scenario's own `rounds = 1000000`
/// took 6.8 GB and 19 s in `pactum talks` before it was checked (only `--rounds` was).
/// Tournaments keep counts only and take more.
pub const MAX_RECORDED_ROUNDS: u32 = 100_000;

/// A run of the talks, fully resolved.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Plan {
    /// The protocol, with its mediator under the single text.
    pub protocol: Protocol,
    /// The deadline: the talks end after this many rounds without agreement.
    pub rounds: u32,
    /// The seed of every random choice.
    pub seed: u64,
    /// Constraint ids dropped for this run, each known to the scenario.
    pub relaxed: BTreeSet<String>,
    /// One strategy per negotiating party, in scenario order, under the offer protocols; empty
    /// under the single-text protocol, whose parties vote by their preferences.
    pub strategies: Vec<StrategySpec>,
    /// What was resolved and from where, in the order above.
    pub resolved: Vec<Resolved>,
}

/// The strategy a party plays when nobody chooses one.
pub const DEFAULT_STRATEGY: &str = "boulware";

impl Plan {
    /// Refuses a deadline past `limit` rounds for a run that keeps its whole record, saying
    /// where the deadline came from and what to do instead.
    pub fn check_recorded_rounds(&self, limit: u32) -> Result<(), String> {
        if self.rounds <= limit {
            return Ok(());
        }
        let from = self
            .resolved
            .iter()
            .find(|r| r.setting == "rounds")
            .map_or("", |r| r.from.describe());
        Err(format!(
            "the talks would run {} rounds ({from}), more than the {limit} a run that keeps its whole record takes (about 9 KB a round for two parties); give fewer with `--rounds N`, or run them in a tournament, which keeps counts only",
            self.rounds
        ))
    }

    /// Applies the scenario's defaults, the default strategy, the relaxations and the deadline
    /// to `overrides`, checking each against the scenario.
    pub fn for_scenario(scenario: &Scenario, overrides: &Overrides) -> Result<Plan, TalksError> {
        let mut resolved = Vec::new();
        let defaults = &scenario.talks;
        let (mut protocol, mut from) = match (overrides.protocol, defaults.protocol) {
            (Some(p), _) => (p, Origin::Override),
            (None, Some(p)) => (p, Origin::Scenario),
            (None, None) => (Protocol::default(), Origin::Default),
        };
        match protocol {
            Protocol::SingleText(named) => {
                // An explicit protocol keeps its mediator unless one is asked for; the scenario's
                // protocol takes the scenario's mediator.
                let (m, m_from) = match (overrides.mediator, overrides.protocol, defaults.mediator)
                {
                    (Some(m), _, _) => (m, Origin::Override),
                    (None, Some(_), _) => (named, Origin::Override),
                    (None, None, Some(m)) => (m, Origin::Scenario),
                    (None, None, None) => (named, from),
                };
                protocol = Protocol::SingleText(m);
                if m_from == Origin::Override {
                    from = Origin::Override;
                }
            }
            _ if overrides.mediator.is_some() => {
                return Err(TalksError::MediatorWithoutSingleText { protocol });
            }
            _ => {}
        }
        resolved.push(Resolved {
            setting: "protocol".into(),
            value: protocol.id().into(),
            from,
        });
        let rounds = overrides.rounds.unwrap_or(defaults.rounds).max(1);
        resolved.push(Resolved {
            setting: "rounds".into(),
            value: rounds.to_string(),
            from: if overrides.rounds.is_some() {
                Origin::Override
            } else {
                Origin::Scenario
            },
        });
        let seed = overrides.seed.unwrap_or(defaults.seed);
        resolved.push(Resolved {
            setting: "seed".into(),
            value: seed.to_string(),
            from: if overrides.seed.is_some() {
                Origin::Override
            } else {
                Origin::Scenario
            },
        });

        let known = scenario.constraint_ids();
        let mut relaxed = BTreeSet::new();
        for id in &overrides.relax {
            if !known.contains(id) {
                return Err(TalksError::UnknownConstraint {
                    id: id.clone(),
                    known,
                });
            }
            relaxed.insert(id.clone());
        }

        let negotiators = scenario.negotiators();
        let ids: Vec<&str> = negotiators
            .iter()
            .map(|&p| scenario.parties[p].id.as_str())
            .collect();
        let mut strategies = Vec::new();
        if protocol.uses_strategies() {
            let mut chosen: Vec<Option<&StrategySpec>> = vec![None; ids.len()];
            for (party, spec) in &overrides.strategies {
                let Some(slot) = ids.iter().position(|p| p == party) else {
                    return Err(TalksError::StrategyParty {
                        party: party.clone(),
                        negotiating: false,
                        present: scenario.party_index(party).is_some(),
                        known: ids.iter().map(|s| s.to_string()).collect(),
                    });
                };
                if chosen[slot].is_some_and(|c| c != spec) {
                    return Err(TalksError::StrategyTwice {
                        party: party.clone(),
                    });
                }
                chosen[slot] = Some(spec);
            }
            for (slot, &p) in negotiators.iter().enumerate() {
                let (spec, from) = match (chosen[slot], &scenario.parties[p].strategy) {
                    (Some(s), _) => (s.clone(), Origin::Override),
                    (None, Some(s)) => (s.clone(), Origin::Scenario),
                    (None, None) => (
                        StrategySpec::default_of(
                            registry::entry(DEFAULT_STRATEGY).expect("the default is registered"),
                        ),
                        Origin::Default,
                    ),
                };
                resolved.push(Resolved {
                    setting: format!("strategy of {}", ids[slot]),
                    value: spec.to_string(),
                    from,
                });
                strategies.push(spec);
            }
        } else if !overrides.strategies.is_empty() {
            return Err(TalksError::StrategiesUnderSingleText);
        }
        Ok(Plan {
            protocol,
            rounds,
            seed,
            relaxed,
            strategies,
            resolved,
        })
    }

    /// The same plan with another seed (tournaments, repetitions).
    pub fn with_seed(&self, seed: u64) -> Plan {
        Plan {
            seed,
            ..self.clone()
        }
    }

    /// The same plan with other strategies, one per negotiating party.
    pub fn with_strategies(&self, strategies: Vec<StrategySpec>) -> Plan {
        Plan {
            strategies,
            ..self.clone()
        }
    }

    /// The protocol as records name it: the protocol's id and, under the offer protocols, each
    /// party's strategy (`saop (russia=boulware, ukraine=linear:e=2)`).
    pub fn label(&self, parties: &[String]) -> String {
        if self.strategies.is_empty() {
            return self.protocol.id().to_string();
        }
        let names: Vec<String> = parties
            .iter()
            .zip(&self.strategies)
            .map(|(p, s)| format!("{p}={s}"))
            .collect();
        format!("{} ({})", self.protocol.id(), names.join(", "))
    }
}

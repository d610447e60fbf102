//! An outside agent in a seat: a [`Player`] that turns each move into a `pactum.agent` message,
//! waits for the answer within its budget, and checks it. Whatever goes wrong (no answer in
//! time, an exit, a line that is not a message, the wrong message, an outcome that does not
//! exist) kills the agent and becomes the `Err` that ends its negotiation with the reason.

use crate::process::{Heard, Process};
use pactum_core::OutcomeIndex;
use pactum_core::rng::Stream;
use pactum_core::space::OutcomeSpace;
use pactum_core::talks::strategy::{Own, View};
use pactum_core::talks::{Ending, Plan, Player, Protocol, Session};
use pactum_schema::agent::{self, FromAgent, Offer, Ranked, ToAgent, Turn};
use serde_json::{Map, Value};
use std::time::{Duration, Instant};

/// How long an agent may think.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// For one answer (`start` included: an interpreter's start-up counts).
    pub per_move: Duration,
    /// For all its answers in one negotiation.
    pub per_negotiation: Duration,
}

/// Seconds an agent may take for one answer by default: room for an interpreter to start and
/// for a model to think, while a hung agent costs a tournament seconds, not hours.
pub const DEFAULT_MOVE_SECONDS: f64 = 10.0;
/// Seconds for all its answers in one negotiation by default.
pub const DEFAULT_NEGOTIATION_SECONDS: f64 = 120.0;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            per_move: Duration::from_secs_f64(DEFAULT_MOVE_SECONDS),
            per_negotiation: Duration::from_secs_f64(DEFAULT_NEGOTIATION_SECONDS),
        }
    }
}

/// The most acceptable outcomes `start` lists. The flagship has 72 outcomes; a space at the
/// talks' limit (4 million) would make a `start` line of about 120 MB, so larger rankings are
/// cut and marked incomplete (the offers an agent hears carry their utility all the same).
pub const RANKING_LIMIT: usize = 65_536;

/// An outside program in a party's seat.
pub struct ExecAgent {
    command: String,
    process: Option<Process>,
    budget: Budget,
    spent: Duration,
    /// Offers already told to the agent.
    told: usize,
    slot: usize,
    space: OutcomeSpace,
    parties: Vec<String>,
    issues: Vec<agent::Issue>,
    failed: Option<String>,
}

impl ExecAgent {
    /// Starts `command` for the party in `slot` and waits for its `ready`.
    pub fn start(
        command: &str,
        session: &Session,
        plan: &Plan,
        slot: usize,
        budget: Budget,
    ) -> Result<ExecAgent, String> {
        // pactum.agent messages carry outcome indices as JSON integers below 2^64; a larger space
        // (the ANAC 2014 30-issue domain has 10^30 outcomes) would need them as text.
        let Some(outcomes) = session.space.size_u64() else {
            return Err(format!(
                "`{command}` cannot play: outside agents speak outcome indices below 2^64, and this space has {} outcomes",
                session.space.size()
            ));
        };
        let process =
            Process::spawn(command).map_err(|e| format!("could not start `{command}`: {e}"))?;
        let scenario = &session.scenario;
        let issues: Vec<agent::Issue> = scenario
            .issues
            .iter()
            .map(|i| agent::Issue {
                id: i.id.clone(),
                // Every value, numeric issues included (their ids are the numbers as written).
                values: (0..i.cardinality() as u32).map(|d| i.value_id(d)).collect(),
            })
            .collect();
        let mut me = ExecAgent {
            command: command.to_string(),
            process: Some(process),
            budget,
            spent: Duration::ZERO,
            told: 0,
            slot,
            space: session.space.clone(),
            parties: session.parties.clone(),
            issues,
            failed: None,
        };
        let own = &session.owns[slot];
        let party = &scenario.parties[session.indices[slot]];
        let document = pactum_formats::scenario_json::scenario_json(scenario);
        let preferences = document.parties[session.indices[slot]].preferences.clone();
        let ranking: Vec<Ranked> = own
            .sorted()
            .iter()
            .take(RANKING_LIMIT)
            .map(|&(utility, index)| Ranked {
                index: index as u64,
                utility,
            })
            .collect();
        let start = agent::Start {
            protocol: agent::PROTOCOL.to_string(),
            party: session.parties[slot].clone(),
            parties: session.parties.clone(),
            talks: match plan.protocol {
                Protocol::Alternating => "alternating",
                _ => "saop",
            }
            .to_string(),
            deadline: plan.rounds,
            // The stream the party's built-in strategy would draw from, as a number.
            // Below 2^53, so that every JSON reader (JavaScript's included) reads it exactly.
            seed: Stream::new(plan.seed, 100 + slot as u64).next_u64() >> 11,
            issues: me.issues.clone(),
            outcomes,
            preferences,
            fallback: own.fallback,
            discount: own.discount,
            red_lines: session.red_lines[slot]
                .iter()
                .map(|&k| party.red_lines[k].id.clone())
                .collect(),
            // A ladder (a space beyond `talks::SEARCH_LIMIT`) is never the whole ranking.
            ranking_complete: own.complete && own.sorted().len() <= RANKING_LIMIT,
            ranking,
            move_seconds: budget.per_move.as_secs_f64(),
            negotiation_seconds: budget.per_negotiation.as_secs_f64(),
        };
        match me.ask(&ToAgent::Start(start), "start")? {
            FromAgent::Ready { protocol, .. } if protocol == agent::PROTOCOL => Ok(me),
            FromAgent::Ready { protocol, .. } => Err(me.fail(format!(
                "speaks `{protocol}`; expected `{}`",
                agent::PROTOCOL
            ))),
            other => Err(me.fail(format!(
                "answered `start` with `{}`; expected `ready`",
                kind(&other)
            ))),
        }
    }

    /// Kills the agent and keeps the reason for every later move.
    fn fail(&mut self, reason: String) -> String {
        if let Some(mut p) = self.process.take() {
            p.kill();
        }
        let reason = format!("agent `{}` {reason}", self.command);
        self.failed = Some(reason.clone());
        reason
    }

    /// Sends `message` and waits, within the budget, for one message back.
    fn ask(&mut self, message: &ToAgent, what: &str) -> Result<FromAgent, String> {
        if let Some(reason) = &self.failed {
            return Err(reason.clone());
        }
        let line = serde_json::to_string(message).expect("agent messages serialise");
        let left = self.budget.per_negotiation.saturating_sub(self.spent);
        let wait = self.budget.per_move.min(left);
        let process = self.process.as_mut().expect("a live agent until it fails");
        let began = Instant::now();
        let sent = process.send(&line);
        let heard = if sent.is_ok() {
            process.receive(wait)
        } else {
            Heard::Closed
        };
        self.spent += began.elapsed();
        match heard {
            Heard::Line(l) => match serde_json::from_str::<FromAgent>(&l) {
                Ok(m) => Ok(m),
                Err(e) => {
                    let shown: String = l.chars().take(120).collect();
                    Err(self.fail(format!(
                        "answered `{what}` with a line that is not a pactum.agent message ({e}): `{shown}`"
                    )))
                }
            },
            Heard::Silence if wait < self.budget.per_move => Err(self.fail(format!(
                "used up its budget of {} s for the negotiation waiting to answer `{what}` (killed)",
                secs(self.budget.per_negotiation)
            ))),
            Heard::Silence => Err(self.fail(format!(
                "gave no answer to `{what}` within {} s (killed)",
                secs(self.budget.per_move)
            ))),
            Heard::TooLong => Err(self.fail(format!(
                "answered `{what}` with a line over {} bytes",
                crate::process::MAX_LINE
            ))),
            Heard::Closed => {
                let status = process.exit_status(Duration::from_millis(500));
                let words = process.last_words();
                let status = status.map_or_else(|| "closed its output".to_string(), describe);
                Err(self.fail(format!(
                    "{status} instead of answering `{what}`{}",
                    words.map_or_else(String::new, |w| format!("; its last words: {w}"))
                )))
            }
        }
    }

    /// The offers the agent has not heard of yet.
    fn news(&mut self, own: &Own, view: &View<'_>) -> Vec<Offer> {
        let new = view.offers[self.told.min(view.offers.len())..]
            .iter()
            .map(|&(from, index)| self.offer(own, Some(from), index))
            .collect();
        self.told = view.offers.len();
        new
    }

    fn offer(&self, own: &Own, from: Option<usize>, index: OutcomeIndex) -> Offer {
        Offer {
            from: from.map(|p| self.parties[p].clone()),
            // Below 2^64: `start` refuses larger spaces.
            index: index as u64,
            outcome: self.values(&own.space.decode(index)),
            utility: own.utility_of(index),
        }
    }

    /// `{issue: value id}` of an outcome's digits.
    fn values(&self, digits: &[u32]) -> Map<String, Value> {
        self.issues
            .iter()
            .zip(digits)
            .map(|(i, &d)| (i.id.clone(), Value::String(i.values[d as usize].clone())))
            .collect()
    }

    /// The index of an outcome the agent wrote as `{issue: value}`.
    fn index_of(&self, own: &Own, outcome: &Map<String, Value>) -> Result<OutcomeIndex, String> {
        let mut digits = Vec::with_capacity(self.issues.len());
        for issue in &self.issues {
            let value = match outcome.get(&issue.id) {
                Some(Value::String(s)) => s.clone(),
                // A numeric issue's value given as a number: the id of the same number.
                Some(Value::Number(n)) => n
                    .as_f64()
                    .and_then(|x| {
                        issue
                            .values
                            .iter()
                            .find(|v| v.parse::<f64>().ok() == Some(x))
                    })
                    .cloned()
                    .unwrap_or_else(|| n.to_string()),
                Some(other) => {
                    return Err(format!(
                        "gave `{}` the value {other}; expected one of {}",
                        issue.id,
                        issue.values.join(", ")
                    ));
                }
                None => {
                    return Err(format!(
                        "offered an outcome without `{}`; expected a value for every issue",
                        issue.id
                    ));
                }
            };
            let Some(d) = issue.values.iter().position(|v| *v == value) else {
                return Err(format!(
                    "gave `{}` the value `{value}`; expected one of {}",
                    issue.id,
                    issue.values.join(", ")
                ));
            };
            digits.push(d as u32);
        }
        if let Some(extra) = outcome
            .keys()
            .find(|k| !self.issues.iter().any(|i| i.id == **k))
        {
            return Err(format!("offered a value for `{extra}`, which is no issue"));
        }
        Ok(own.space.encode(&digits))
    }
}

fn kind(m: &FromAgent) -> &'static str {
    match m {
        FromAgent::Ready { .. } => "ready",
        FromAgent::Offer { .. } => "offer",
        FromAgent::Accept => "accept",
        FromAgent::Reject => "reject",
    }
}

fn secs(d: Duration) -> String {
    format!("{}", d.as_secs_f64())
}

fn describe(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        _ => "exited".to_string(),
    }
}

impl Player for ExecAgent {
    fn propose(
        &mut self,
        own: &Own,
        view: &View<'_>,
        _: &mut Stream,
    ) -> Result<Option<OutcomeIndex>, String> {
        let turn = Turn {
            round: view.round,
            time: view.time(),
            offers: self.news(own, view),
        };
        match self.ask(&ToAgent::Propose(turn), "propose")? {
            FromAgent::Offer {
                index: Some(index),
                outcome: None,
            } => {
                let index = OutcomeIndex::from(index);
                if index >= own.space.size() {
                    return Err(self.fail(format!(
                        "offered outcome {index}; the space has outcomes 0 to {}",
                        own.space.size() - 1
                    )));
                }
                Ok(Some(index))
            }
            FromAgent::Offer {
                index: None,
                outcome: Some(outcome),
            } => match self.index_of(own, &outcome) {
                Ok(index) => Ok(Some(index)),
                Err(reason) => Err(self.fail(reason)),
            },
            FromAgent::Offer { index, outcome } => Err(self.fail(format!(
                "answered `propose` with an offer giving {}; expected `index` or `outcome`",
                if index.is_some() && outcome.is_some() {
                    "both `index` and `outcome`"
                } else {
                    "neither `index` nor `outcome`"
                }
            ))),
            other => Err(self.fail(format!(
                "answered `propose` with `{}`; expected `offer`",
                kind(&other)
            ))),
        }
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        _: &mut Stream,
    ) -> Result<bool, String> {
        let from = view.offers.last().map(|o| o.0);
        let turn = Turn {
            round: view.round,
            time: view.time(),
            offers: self.news(own, view),
        };
        let message = ToAgent::Respond {
            turn,
            offer: self.offer(own, from, offer),
        };
        match self.ask(&message, "respond")? {
            FromAgent::Accept => Ok(true),
            FromAgent::Reject => Ok(false),
            other => Err(self.fail(format!(
                "answered `respond` with `{}`; expected `accept` or `reject`",
                kind(&other)
            ))),
        }
    }

    fn finish(&mut self, ending: &Ending) {
        let Some(mut process) = self.process.take() else {
            return;
        };
        let slot = self.slot;
        let end = match ending {
            Ending::Agreement {
                round,
                outcome,
                utilities,
                discounted,
            } => agent::End {
                result: "agreement".into(),
                round: *round,
                agreement: Some(Offer {
                    from: None,
                    index: self.space.encode(outcome) as u64,
                    outcome: self.values(outcome),
                    utility: utilities[slot],
                }),
                gain: discounted[slot],
                reason: None,
            },
            Ending::Breakdown {
                round,
                reason,
                fallbacks,
            } => agent::End {
                result: "breakdown".into(),
                round: *round,
                agreement: None,
                gain: fallbacks[slot],
                reason: Some(reason.clone()),
            },
        };
        let _ = process.send(&serde_json::to_string(&ToAgent::End(end)).expect("serialises"));
        // A polite agent exits when its input closes; one that lingers is killed.
        process.close(Duration::from_millis(500));
    }
}

//! Stacked alternating offers (SAOP, the ANAC multilateral protocol) for 2 or more parties, and
//! bilateral alternating offers as its two-party case.
//!
//! The parties act in turn, in scenario order. On its turn a party facing a standing offer made
//! by another either accepts it or replaces it with an offer of its own; the talks end in
//! agreement when every other party has accepted the standing offer. One round is one turn of
//! every party. At the deadline without agreement each party gets its fallback as it stands
//! then; an agreement at round `r` is worth `u · discount^(r−1)` to each party.
//!
//! The protocol, not the strategy, guards the red lines: an acceptance of an offer that crosses
//! the party's own red lines counts as a rejection, and a proposal that crosses them ends the
//! talks with an error in the record. A strategy that panics ends the talks the same way; the
//! program goes on.

use super::record::{Event, Response, Round};
use super::strategy::{Own, Strategy, View};
use super::{Ending, TalksError};
use crate::rng::Stream;
use crate::scenario::Scenario;
use crate::space::OutcomeSpace;
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The negotiating parties prepared once: reusable across many runs (tournaments, benchmarks).
pub struct Session {
    pub parties: Vec<String>,
    pub owns: Vec<Own>,
    pub discounts: Vec<crate::scenario::Discount>,
    /// Fallback change per round.
    pub drift: Vec<f64>,
    pub space: OutcomeSpace,
}

impl Session {
    pub fn new(scenario: &Scenario, relaxed: &BTreeSet<String>) -> Result<Self, TalksError> {
        let space = super::checked_space(scenario, relaxed, 2)?;
        let negotiators = scenario.negotiators();
        let mut owns = Vec::new();
        for &p in &negotiators {
            let party = &scenario.parties[p];
            let red_lines = party
                .red_lines
                .iter()
                .filter(|r| !relaxed.contains(&format!("{}.{}", party.id, r.id)))
                .map(|r| r.constraint.clone())
                .collect();
            let fallback = if relaxed.contains(&format!("{}.fallback", party.id)) {
                f64::NEG_INFINITY
            } else {
                scenario.base_fallback(p)
            };
            let mut own = Own::new(
                scenario.utility_function(p),
                red_lines,
                fallback,
                space.clone(),
            );
            own.discount = party.discount.per_round;
            owns.push(own);
        }
        Ok(Self {
            parties: negotiators
                .iter()
                .map(|&p| scenario.parties[p].id.clone())
                .collect(),
            discounts: negotiators
                .iter()
                .map(|&p| scenario.parties[p].discount.clone())
                .collect(),
            drift: negotiators
                .iter()
                .map(|&p| scenario.parties[p].fallback.per_round)
                .collect(),
            owns,
            space,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Offer,
    Accept,
    Reject,
}

/// One action: `(round, party slot, act, outcome index)`.
pub type Step = (u32, usize, Act, u64);

/// The compact result of a run: every action, how it ended, and the error if a strategy failed.
pub struct Run {
    pub steps: Vec<Step>,
    pub ending: Ending,
    pub error: Option<(u32, usize, String)>,
}

fn panic_message(e: Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".to_string())
}

/// Who acts in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Every party acts once per round, in order (SAOP).
    Rounds,
    /// One party per round, in turn: with two parties, bilateral alternating offers where each
    /// offer is its own period (as in Rubinstein's model, discounted per offer).
    Turns,
}

/// Runs SAOP to agreement or deadline.
pub fn negotiate(
    session: &Session,
    strategies: &mut [Box<dyn Strategy>],
    deadline: u32,
    seed: u64,
) -> Run {
    negotiate_with(session, strategies, deadline, seed, Timing::Rounds)
}

/// Runs the talks with the given timing.
pub fn negotiate_with(
    session: &Session,
    strategies: &mut [Box<dyn Strategy>],
    deadline: u32,
    seed: u64,
    timing: Timing,
) -> Run {
    let n = session.owns.len();
    let mut rngs: Vec<Stream> = (0..n).map(|p| Stream::new(seed, 100 + p as u64)).collect();
    let mut offers: Vec<(usize, u64)> = Vec::new();
    let mut steps: Vec<Step> = Vec::with_capacity(deadline as usize * n);
    let mut standing: Option<(usize, u64)> = None;
    let mut accepted = 0usize;
    let fail = |steps: Vec<Step>, round: u32, party: usize, message: String| Run {
        steps,
        ending: Ending::Breakdown {
            round,
            reason: format!(
                "the strategy of `{}` failed: {message}",
                session.parties[party]
            ),
            fallbacks: (0..n)
                .map(|p| {
                    session.owns[p].fallback + session.drift[p] * f64::from(round.saturating_sub(1))
                })
                .collect(),
        },
        error: Some((round, party, message)),
    };
    // Under turns, an answer belongs to the period of the offer it answers, so one more turn
    // after the deadline lets the last offer be answered.
    let mut standing_round = 0;
    let last = match timing {
        Timing::Rounds => deadline.max(1),
        Timing::Turns => deadline.max(1) + 1,
    };
    for round in 1..=last {
        let acting = match timing {
            Timing::Rounds => 0..n,
            Timing::Turns => {
                let p = (round as usize - 1) % n;
                p..p + 1
            }
        };
        for p in acting {
            let answering = if timing == Timing::Turns {
                standing_round
            } else {
                round
            };
            let view = View {
                round: answering,
                deadline,
                offers: &offers,
                me: p,
            };
            let own = &session.owns[p];
            if let Some((proposer, offer)) = standing
                && proposer != p
            {
                let answer = catch_unwind(AssertUnwindSafe(|| {
                    strategies[p].accept(own, &view, offer, &mut rngs[p])
                }));
                let yes = match answer {
                    Ok(a) => a && !own.crosses_red_line(offer),
                    Err(e) => return fail(steps, round, p, panic_message(e)),
                };
                steps.push((
                    answering,
                    p,
                    if yes { Act::Accept } else { Act::Reject },
                    offer,
                ));
                if yes {
                    accepted += 1;
                    if accepted == n - 1 {
                        let digits = session.space.decode(offer);
                        let utilities: Vec<f64> = session
                            .owns
                            .iter()
                            .map(|o| o.utility.utility(&digits))
                            .collect();
                        let discounted = utilities
                            .iter()
                            .zip(&session.discounts)
                            .map(|(u, d)| u * d.factor(answering, deadline))
                            .collect();
                        return Run {
                            steps,
                            ending: Ending::Agreement {
                                round: answering,
                                outcome: digits,
                                utilities,
                                discounted,
                            },
                            error: None,
                        };
                    }
                    continue;
                }
            }
            if round > deadline {
                break;
            }
            let view = View {
                round,
                deadline,
                offers: &offers,
                me: p,
            };
            let proposal = catch_unwind(AssertUnwindSafe(|| {
                strategies[p].propose(own, &view, &mut rngs[p])
            }));
            match proposal {
                Ok(Some(o)) if o < session.space.size() && !own.crosses_red_line(o) => {
                    offers.push((p, o));
                    steps.push((round, p, Act::Offer, o));
                    standing = Some((p, o));
                    standing_round = round;
                    accepted = 0;
                }
                Ok(Some(o)) => {
                    return fail(
                        steps,
                        round,
                        p,
                        format!(
                            "it proposed outcome {o}, which crosses its own red lines or lies outside the outcome space"
                        ),
                    );
                }
                Ok(None) => {
                    return fail(
                        steps,
                        round,
                        p,
                        "it has no outcome to propose (its red lines exclude them all)".into(),
                    );
                }
                Err(e) => return fail(steps, round, p, panic_message(e)),
            }
        }
    }
    Run {
        steps,
        ending: Ending::Breakdown {
            round: deadline,
            reason: format!(
                "the deadline of {deadline} rounds passed without an offer every party accepts"
            ),
            fallbacks: (0..n)
                .map(|p| {
                    session.owns[p].fallback
                        + session.drift[p] * f64::from(deadline.saturating_sub(1))
                })
                .collect(),
        },
        error: None,
    }
}

/// The record of a run as events and rounds (one "round" entry per offer, with its answers).
pub fn record(scenario: &Scenario, session: &Session, run: &Run) -> (Vec<Event>, Vec<Round>) {
    let text = |o: u64| -> Vec<(String, String)> {
        let d = session.space.decode(o);
        scenario
            .issues
            .iter()
            .zip(&d)
            .map(|(i, &v)| (i.id.clone(), i.value_id(v)))
            .collect()
    };
    let mut asked: Vec<f64> = session.owns.iter().map(Own::best).collect();
    let mut events = Vec::with_capacity(run.steps.len() + 2);
    let mut rounds: Vec<Round> = Vec::new();
    for &(round, p, act, o) in &run.steps {
        let party = session.parties[p].clone();
        match act {
            Act::Offer => {
                asked[p] = session.owns[p].utility_of(o);
                events.push(Event::Proposal {
                    round,
                    from: party.clone(),
                    text: text(o),
                    revised: Vec::new(),
                });
                rounds.push(Round {
                    round,
                    text: text(o),
                    revised: vec![party],
                    responses: Vec::new(),
                });
            }
            Act::Accept | Act::Reject => {
                let response = Response {
                    party,
                    accept: act == Act::Accept,
                    utility: session.owns[p].utility_of(o),
                    threshold: asked[p],
                    red_lines: Vec::new(),
                    objections: Vec::new(),
                };
                events.push(Event::Answer {
                    round,
                    response: response.clone(),
                });
                if let Some(last) = rounds.last_mut() {
                    last.responses.push(response);
                }
            }
        }
    }
    if let Some((round, p, message)) = &run.error {
        events.push(Event::Error {
            round: *round,
            party: session.parties[*p].clone(),
            message: message.clone(),
        });
    }
    match &run.ending {
        Ending::Agreement { round, outcome, .. } => {
            let index = session.space.encode(outcome);
            events.push(Event::Agreement {
                round: *round,
                text: text(index),
            });
        }
        Ending::Breakdown { round, reason, .. } => {
            if run.error.is_none() {
                events.push(Event::Deadline { round: *round });
            }
            events.push(Event::Breakdown {
                round: *round,
                reason: reason.clone(),
            });
        }
    }
    (events, rounds)
}

//! The talks record: the engine's events written as `pactum-schema` events (one JSON object a
//! line, `pactum talks --record`), and read back (`pactum replay`) with the line and column of
//! anything that is not an event.
//!
//! The engine's events name parties by slot, issues and red lines by index and texts by outcome
//! index; the record names them by id, so it reads without the scenario.

use crate::diagnostic::{Diagnostic, SourceMap};
use pactum_core::scenario::Scenario;
use pactum_core::talks::{self, Disclosed, Plan, Session, Speaker};
use pactum_schema::{Event, Response, Round};

/// A finished run as the record and the JSON output show it.
#[derive(Clone, Debug, PartialEq)]
pub struct TalksRecord {
    /// The protocol as records name it, with the strategies under the offer protocols.
    pub protocol: String,
    /// Negotiating party ids, the order of the utilities in the ending.
    pub parties: Vec<String>,
    pub events: Vec<Event>,
    /// Each text or offer on the table with its answers.
    pub rounds: Vec<Round>,
}

/// A text as `[issue, value]` pairs in issue order.
fn text(
    scenario: &Scenario,
    session: &Session,
    outcome: pactum_core::OutcomeIndex,
) -> Vec<(String, String)> {
    let digits = session.space.decode(outcome);
    scenario
        .issues
        .iter()
        .zip(&digits)
        .map(|(i, &v)| (i.id.clone(), i.value_id(v)))
        .collect()
}

/// Names the engine's events: the record of a run of `plan` on `session`.
pub fn from_events(session: &Session, plan: &Plan, events: &[talks::Event]) -> TalksRecord {
    let scenario = &session.scenario;
    let mediator = scenario.mediator().map_or_else(
        || "mediator".to_string(),
        |m| scenario.parties[m].id.clone(),
    );
    let party = |slot: usize| session.parties[slot].clone();
    let issue = |i: usize| scenario.issues[i].id.clone();
    let response = |accept: bool, a: &talks::Answer| {
        let p = &scenario.parties[session.indices[a.party]];
        Response {
            party: party(a.party),
            accept,
            utility: a.utility,
            threshold: a.against,
            red_lines: a
                .red_lines
                .iter()
                .map(|&k| p.red_lines[k].id.clone())
                .collect(),
            objections: a.objections.iter().map(|&i| issue(i)).collect(),
        }
    };
    let mut out = Vec::with_capacity(events.len());
    let mut rounds: Vec<Round> = Vec::new();
    for e in events {
        match e {
            talks::Event::Caucus {
                party: slot,
                timeline,
                disclosed,
            } => {
                let event = timeline.map(|k| &scenario.timeline[k]);
                out.push(Event::Caucus {
                    round: 0,
                    mediator: mediator.clone(),
                    party: party(*slot),
                    when: event.map(|e| e.when.clone()),
                    place: event.and_then(|e| e.place.clone()),
                    disclosed: disclosed.iter().map(|&d| disclosure(d)).collect(),
                });
            }
            talks::Event::Offer {
                round,
                from,
                outcome,
                revised,
            } => {
                let from_name = match from {
                    Speaker::Mediator => mediator.clone(),
                    Speaker::Party(p) => party(*p),
                };
                let revised: Vec<String> = revised.iter().map(|&i| issue(i)).collect();
                let t = text(scenario, session, *outcome);
                if *round >= 1 {
                    rounds.push(Round {
                        round: *round,
                        text: t.clone(),
                        // Under the offer protocols a round entry names who revised the table.
                        revised: match from {
                            Speaker::Mediator => revised.clone(),
                            Speaker::Party(_) => vec![from_name.clone()],
                        },
                        responses: Vec::new(),
                    });
                }
                out.push(Event::Proposal {
                    round: *round,
                    from: from_name,
                    text: t,
                    revised,
                    why: None,
                });
            }
            talks::Event::Reason { why, .. } => {
                if let Some(Event::Proposal { why: slot, .. }) = out.last_mut() {
                    *slot = Some(why.clone());
                }
            }
            talks::Event::Accept { round, answer }
            | talks::Event::Reject { round, answer }
            | talks::Event::Vote { round, answer, .. } => {
                let accept = match e {
                    talks::Event::Accept { .. } => true,
                    talks::Event::Vote { in_favour, .. } => *in_favour,
                    _ => false,
                };
                let r = response(accept, answer);
                if let Some(last) = rounds.last_mut() {
                    last.responses.push(r.clone());
                }
                out.push(Event::Answer {
                    round: *round,
                    response: r,
                });
            }
            talks::Event::Ratification { round, outcome } => rounds.push(Round {
                round: *round,
                text: text(scenario, session, *outcome),
                revised: Vec::new(),
                responses: Vec::new(),
            }),
            talks::Event::Deadline { round } => out.push(Event::Deadline { round: *round }),
            talks::Event::Agreement { round, outcome } => out.push(Event::Agreement {
                round: *round,
                text: text(scenario, session, *outcome),
            }),
            talks::Event::Breakdown { round, reason } => out.push(Event::Breakdown {
                round: *round,
                reason: reason.clone(),
            }),
            talks::Event::Model {
                round,
                party: p,
                scores,
            } => {
                for s in scores {
                    out.push(Event::Model {
                        round: *round,
                        party: party(*p),
                        of: party(s.of),
                        score: model_score(s),
                    });
                }
            }
            talks::Event::Verdicts { party: p, verdicts } => out.push(Event::Verdicts {
                party: party(*p),
                verdicts: verdicts
                    .iter()
                    .map(|v| pactum_schema::Verdict {
                        condition: v.condition.clone(),
                        round: v.accepted.map(|a| a.0),
                        utility: v.accepted.map(|a| a.1),
                    })
                    .collect(),
            }),
            talks::Event::Error {
                round,
                party: p,
                message,
            } => out.push(Event::Error {
                round: *round,
                party: party(*p),
                message: message.clone(),
            }),
            _ => {}
        }
    }
    TalksRecord {
        protocol: plan.label(&session.parties),
        parties: session.parties.clone(),
        events: out,
        rounds,
    }
}

/// A model's score in the record's terms.
pub fn model_score(s: &talks::model_score::ModelScore) -> pactum_schema::ModelScore {
    pactum_schema::ModelScore {
        kendall: s.kendall,
        pearson: s.pearson,
        euclidean: s.euclidean,
        frontier: s.frontier,
        reservation: s.reservation.map(|r| r.0),
        true_reservation: s.reservation.map(|r| r.1),
    }
}

/// What a caucus disclosed, in the record's terms.
fn disclosure(d: Disclosed) -> pactum_schema::Disclosed {
    match d {
        Disclosed::Preferences => pactum_schema::Disclosed::Preferences,
        Disclosed::Priorities => pactum_schema::Disclosed::Priorities,
        Disclosed::RedLines => pactum_schema::Disclosed::RedLines,
        // `Disclosed` may grow: a new kind gets its own arm here and in the schema.
        _ => pactum_schema::Disclosed::Fallback,
    }
}

/// The largest talks record `read_jsonl`'s callers read: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// The record as JSON lines: one event per line.
pub fn write_jsonl(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        // Plain data of strings and numbers: serialising it cannot fail.
        text.push_str(&serde_json::to_string(e).unwrap_or_default());
        text.push('\n');
    }
    text
}

/// Reads a record written by [`write_jsonl`]; `name` is the file name for diagnostics.
pub fn read_jsonl(name: &str, text: &str) -> Result<Vec<Event>, Diagnostic> {
    let map = SourceMap::new(name, text);
    let mut events = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let begins = start;
        start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = serde_json::from_str(line).map_err(|e| {
            // serde_json counts columns in bytes from 1 on the line.
            let at = begins + e.column().saturating_sub(1).min(line.len());
            map.diagnostic(at..at, format!("not a talks-record event: {e}"))
                .with_expected("one JSON event per line, as written by `pactum talks --record`")
        })?;
        events.push(event);
    }
    Ok(events)
}

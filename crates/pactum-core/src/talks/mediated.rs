//! The mediated single-text protocol (first version).
//!
//! 1. **Caucus.** The mediator meets each party privately — at the timeline's caucus events
//!    first, in timeline order, then the parties it has not met — and learns only what the
//!    party's disclosure policy reveals: red lines, a ranking of issues and options, the
//!    fallback, or the whole utility function. From that it builds an estimate of each party's
//!    utility.
//! 2. **Rounds.** The mediator drafts one complete text: among the texts that respect every red
//!    line it knows, the one with the best weighted Nash score of its estimates. Every party
//!    answers. A party accepts only a text that crosses none of its own (unrelaxed) red lines and
//!    whose discounted utility reaches both its current fallback and its aspiration, which falls
//!    linearly from its best text to its fallback by the deadline. A rejection names the red
//!    lines crossed and up to two issues the party objects to.
//! 3. **Revision.** The mediator learns any red line named to it and gives more weight to the
//!    parties that rejected, so the next text leans towards them. It also reads each answer as
//!    a bound on what the party needs, in its estimate's terms: more than the text it rejected,
//!    at most the text it accepted; that bound replaces the party's disagreement point in the
//!    Nash score until the next answer. Without it the mediator, seeing rankings only, flipped
//!    `inheritance`'s house between the heirs and settled at 0.63 of the Nash product; with it
//!    it reaches the Nash deal (and `car-purchase` 0.98 instead of 0.82; the relaxed flagship
//!    is unchanged — `cargo test -p pactum-formats --test protocols nash_mediator`).
//!    Objections are recorded for the parties and the reader; lowering the mediator's estimates
//!    by them made the agreements drift away from the Nash point in every bundled scenario
//!    (measured), so they do not steer it.
//! 4. The talks end in agreement when every party accepts the same text; in breakdown when the
//!    red lines the mediator knows leave no text at all (after three attempts), or at the
//!    deadline. Without agreement each party gets its fallback at the last round.

use super::record::{Event, Response, Round};
use super::{Ending, TalksConfig, TalksError};
use crate::UtilityFunction;
use crate::redline::Constraint;
use crate::rng::Stream;
use crate::scenario::Scenario;
use crate::space::OutcomeSpace;

/// The protocol's name in records: single text with the Nash-seeking mediator.
pub const PROTOCOL: &str = "single-text/nash";

/// Outcomes × rounds the Nash-seeking mediator may search in one run (about two seconds).
const WORK_LIMIT: u128 = 20_000_000;

/// Stream id of the mediator's tie-breaking draws.
const MEDIATOR_STREAM: u64 = 1;
/// How much more the mediator weighs a party after each rejection.
const REJECTION_BOOST: f64 = 1.3;
/// Attempts before the mediator declares disclosed red lines irreconcilable.
const ATTEMPTS_BEFORE_GIVING_UP: u32 = 3;

/// The full result of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Talks {
    /// The protocol that ran, as named on the command line and in JSON.
    pub protocol: String,
    pub events: Vec<Event>,
    pub rounds: Vec<Round>,
    pub ending: Ending,
    /// Negotiator party ids, the order of utilities in [`Ending`].
    pub parties: Vec<String>,
}

struct Negotiator {
    party: usize,
    id: String,
    utility: UtilityFunction,
    /// Own red lines still in force: (id, constraint).
    red_lines: Vec<(String, Constraint)>,
    fallback_relaxed: bool,
    /// Best utility among texts that cross none of its red lines.
    ideal: f64,
}

struct Knowledge {
    red_lines: Vec<(String, Constraint)>,
    estimate: Vec<Vec<f64>>,
    fallback: f64,
    /// What the party's last answer says it needs, in the estimate's terms: more than the text
    /// it last rejected, or at most the text it last accepted.
    floor: f64,
    weight: f64,
}

/// Runs the talks.
pub fn run(scenario: &Scenario, config: &TalksConfig) -> Result<Talks, TalksError> {
    let space = super::checked_space(scenario, &config.relaxed, 1)?;
    // The mediator searches every text each round: refuse work that would run for hours.
    if u128::from(space.size()) * u128::from(config.rounds.max(1)) > WORK_LIMIT {
        return Err(TalksError::TooMuchWork {
            outcomes: space.size(),
            rounds: config.rounds,
        });
    }
    let party_ids = scenario.negotiators();
    let negotiators: Vec<Negotiator> = party_ids
        .iter()
        .map(|&p| negotiator(scenario, &space, config, p))
        .collect();
    let mediator = scenario.mediator().map_or_else(
        || "mediator".to_string(),
        |m| scenario.parties[m].id.clone(),
    );

    let mut events = Vec::new();
    let mut met: Vec<(usize, Knowledge)> = Vec::new();
    for slot in caucus_order(scenario, &party_ids) {
        let n = &negotiators[slot];
        let (k, disclosed) = caucus(scenario, n, &space);
        let event = scenario.timeline.iter().find(|e| e.caucus == Some(n.party));
        events.push(Event::Caucus {
            round: 0,
            mediator: mediator.clone(),
            party: n.id.clone(),
            when: event.map(|e| e.when.clone()),
            place: event.and_then(|e| e.place.clone()),
            disclosed,
        });
        met.push((slot, k));
    }
    // Caucus order is the meeting order; work in slot order from here on.
    met.sort_by_key(|(slot, _)| *slot);
    let mut knowledge: Vec<Knowledge> = met.into_iter().map(|(_, k)| k).collect();

    let mut rng = Stream::new(config.seed, MEDIATOR_STREAM);
    let mut rounds = Vec::new();
    let mut previous: Option<Vec<u32>> = None;
    let mut infeasible_attempts = 0;
    let deadline = config.rounds.max(1);
    for round in 1..=deadline {
        let t = round - 1;
        let (text, feasible) = draft(&space, &knowledge, &mut rng);
        let text_ids = describe(scenario, &text);
        let revised: Vec<String> = match &previous {
            Some(prev) => prev
                .iter()
                .zip(&text)
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, _)| scenario.issues[i].id.clone())
                .collect(),
            None => Vec::new(),
        };
        events.push(Event::Proposal {
            round,
            from: mediator.clone(),
            text: text_ids.clone(),
            revised: revised.clone(),
        });
        let responses: Vec<Response> = negotiators
            .iter()
            .map(|n| respond(scenario, n, &text, t, deadline))
            .collect();
        for r in &responses {
            events.push(Event::Answer {
                round,
                response: r.clone(),
            });
        }
        rounds.push(Round {
            round,
            text: text_ids.clone(),
            revised,
            responses: responses.clone(),
        });

        if responses.iter().all(|r| r.accept) {
            events.push(Event::Agreement {
                round,
                text: text_ids,
            });
            let utilities: Vec<f64> = negotiators
                .iter()
                .map(|n| n.utility.utility(&text))
                .collect();
            let discounted = negotiators
                .iter()
                .zip(&utilities)
                .map(|(n, u)| u * scenario.discount_at(n.party, t, deadline))
                .collect();
            return Ok(Talks {
                protocol: PROTOCOL.to_string(),
                events,
                rounds,
                ending: Ending::Agreement {
                    round,
                    outcome: text,
                    utilities,
                    discounted,
                },
                parties: negotiators.iter().map(|n| n.id.clone()).collect(),
            });
        }

        learn(&mut knowledge, &responses, &negotiators, &text);
        if !feasible {
            infeasible_attempts += 1;
            let all_known = negotiators.iter().zip(&knowledge).all(|(n, k)| {
                n.red_lines
                    .iter()
                    .all(|(id, _)| k.red_lines.iter().any(|(j, _)| j == id))
            });
            if infeasible_attempts >= ATTEMPTS_BEFORE_GIVING_UP && all_known {
                let named: Vec<String> = negotiators
                    .iter()
                    .zip(&knowledge)
                    .flat_map(|(n, k)| {
                        k.red_lines
                            .iter()
                            .map(move |(id, _)| format!("{}.{}", n.id, id))
                    })
                    .collect();
                let reason = format!(
                    "no text respects every red line on the table ({}); the mediator gave up after {} texts",
                    named.join(", "),
                    round
                );
                return Ok(breakdown(
                    scenario,
                    &negotiators,
                    events,
                    rounds,
                    round,
                    reason,
                ));
            }
        } else {
            infeasible_attempts = 0;
        }
        previous = Some(text);
    }
    events.push(Event::Deadline { round: deadline });
    let reason =
        format!("the deadline of {deadline} rounds passed without a text every party accepts");
    Ok(breakdown(
        scenario,
        &negotiators,
        events,
        rounds,
        deadline,
        reason,
    ))
}

fn breakdown(
    scenario: &Scenario,
    negotiators: &[Negotiator],
    mut events: Vec<Event>,
    rounds: Vec<Round>,
    round: u32,
    reason: String,
) -> Talks {
    events.push(Event::Breakdown {
        round,
        reason: reason.clone(),
    });
    Talks {
        protocol: PROTOCOL.to_string(),
        events,
        rounds,
        ending: Ending::Breakdown {
            round,
            reason,
            fallbacks: negotiators
                .iter()
                .map(|n| scenario.fallback_at(n.party, round.saturating_sub(1)))
                .collect(),
        },
        parties: negotiators.iter().map(|n| n.id.clone()).collect(),
    }
}

fn negotiator(
    scenario: &Scenario,
    space: &OutcomeSpace,
    config: &TalksConfig,
    p: usize,
) -> Negotiator {
    let party = &scenario.parties[p];
    let red_lines: Vec<(String, Constraint)> = party
        .red_lines
        .iter()
        .filter(|r| !config.relaxed.contains(&format!("{}.{}", party.id, r.id)))
        .map(|r| (r.id.clone(), r.constraint.clone()))
        .collect();
    let utility = scenario.utility_function(p);
    let mut ideal: f64 = 0.0;
    let mut odometer = space.odometer(0, space.size());
    while odometer.advance().is_some() {
        let d = odometer.digits();
        if red_lines.iter().all(|(_, c)| c.holds(d)) {
            ideal = ideal.max(utility.utility(d));
        }
    }
    Negotiator {
        party: p,
        id: party.id.clone(),
        utility,
        red_lines,
        fallback_relaxed: config.relaxed.contains(&format!("{}.fallback", party.id)),
        ideal,
    }
}

/// Slots in the order the mediator meets them.
fn caucus_order(scenario: &Scenario, party_ids: &[usize]) -> Vec<usize> {
    let mut order = Vec::new();
    for event in &scenario.timeline {
        if let Some(p) = event.caucus
            && let Some(slot) = party_ids.iter().position(|&q| q == p)
            && !order.contains(&slot)
        {
            order.push(slot);
        }
    }
    for slot in 0..party_ids.len() {
        if !order.contains(&slot) {
            order.push(slot);
        }
    }
    order
}

/// What the mediator learns from one party in private.
fn caucus(scenario: &Scenario, n: &Negotiator, space: &OutcomeSpace) -> (Knowledge, Vec<String>) {
    let party = &scenario.parties[n.party];
    let policy = party.disclosure;
    let mut disclosed = Vec::new();
    let tables = n.utility.tables();
    let estimate: Vec<Vec<f64>> = if policy.preferences {
        disclosed.push("preferences".to_string());
        tables.to_vec()
    } else if policy.priorities {
        disclosed.push("priorities".to_string());
        ranked_estimate(&party.preferences.priorities(), tables, space)
    } else {
        space
            .radices()
            .iter()
            .map(|&r| vec![0.5 / space.issue_count().max(1) as f64; r as usize])
            .collect()
    };
    let red_lines = if policy.red_lines {
        disclosed.push("red_lines".to_string());
        n.red_lines.clone()
    } else {
        Vec::new()
    };
    let fallback = if policy.fallback && !n.fallback_relaxed {
        disclosed.push("fallback".to_string());
        scenario.base_fallback(n.party)
    } else {
        0.0
    };
    (
        Knowledge {
            red_lines,
            estimate,
            fallback,
            floor: fallback,
            weight: 1.0,
        },
        disclosed,
    )
}

/// An estimate from rankings alone: rank-order-centroid issue weights, and option values spread
/// evenly by rank (best 1, worst 0; equal options share a rank).
fn ranked_estimate(
    priorities: &[usize],
    tables: &[Vec<f64>],
    space: &OutcomeSpace,
) -> Vec<Vec<f64>> {
    let k = priorities.len();
    let mut estimate: Vec<Vec<f64>> = space
        .radices()
        .iter()
        .map(|&r| vec![0.0; r as usize])
        .collect();
    for (rank, &issue) in priorities.iter().enumerate() {
        let weight: f64 = (rank + 1..=k).map(|j| 1.0 / j as f64).sum::<f64>() / k as f64;
        let column = &tables[issue];
        let mut distinct: Vec<f64> = column.clone();
        distinct.sort_by(|a, b| b.total_cmp(a));
        distinct.dedup();
        let levels = distinct.len().saturating_sub(1).max(1) as f64;
        for (d, v) in column.iter().enumerate() {
            let r = distinct.iter().position(|x| x == v).unwrap_or(0) as f64;
            estimate[issue][d] = weight * (1.0 - r / levels);
        }
    }
    estimate
}

/// The mediator's next text, and whether it respects every red line the mediator knows.
fn draft(space: &OutcomeSpace, knowledge: &[Knowledge], rng: &mut Stream) -> (Vec<u32>, bool) {
    let mut best: Option<(usize, f64)> = None;
    let mut ties: Vec<u64> = Vec::new();
    let mut odometer = space.odometer(0, space.size());
    while let Some((index, _)) = odometer.advance() {
        let d = odometer.digits();
        let crossed = knowledge
            .iter()
            .map(|k| k.red_lines.iter().filter(|(_, c)| !c.holds(d)).count())
            .sum::<usize>();
        let score: f64 = knowledge
            .iter()
            .map(|k| {
                let u: f64 = k.estimate.iter().zip(d).map(|(t, &v)| t[v as usize]).sum();
                k.weight * (u - k.fallback.max(k.floor)).max(1e-6).ln()
            })
            .sum();
        let better = match best {
            None => true,
            Some((c, s)) => crossed < c || (crossed == c && score > s + 1e-12),
        };
        let tie = matches!(best, Some((c, s)) if crossed == c && (score - s).abs() <= 1e-12);
        if better {
            best = Some((crossed, score));
            ties.clear();
            ties.push(index);
        } else if tie {
            ties.push(index);
        }
    }
    let pick = if ties.len() > 1 {
        ties[rng.below(ties.len() as u64) as usize]
    } else {
        ties.first().copied().unwrap_or(0)
    };
    (space.decode(pick), best.is_some_and(|(c, _)| c == 0))
}

fn describe(scenario: &Scenario, text: &[u32]) -> Vec<(String, String)> {
    scenario
        .issues
        .iter()
        .zip(text)
        .map(|(i, &d)| (i.id.clone(), i.value_id(d)))
        .collect()
}

fn respond(scenario: &Scenario, n: &Negotiator, text: &[u32], t: u32, deadline: u32) -> Response {
    let crossed: Vec<&(String, Constraint)> =
        n.red_lines.iter().filter(|(_, c)| !c.holds(text)).collect();
    let utility = n.utility.utility(text);
    let fallback = if n.fallback_relaxed {
        0.0
    } else {
        scenario.fallback_at(n.party, t)
    };
    let progress = if deadline > 1 {
        f64::from(t) / f64::from(deadline - 1)
    } else {
        1.0
    };
    let aspiration = fallback + (n.ideal - fallback).max(0.0) * (1.0 - progress);
    let discount = scenario.discount_at(n.party, t, deadline);
    // Compare in undiscounted terms: the text must be worth the threshold once discounted.
    let threshold = if discount > 0.0 {
        aspiration.max(fallback) / discount
    } else {
        f64::INFINITY
    };
    let accept = crossed.is_empty() && utility + 1e-12 >= threshold;
    let mut objections: Vec<usize> = crossed.iter().flat_map(|(_, c)| c.issues()).collect();
    objections.sort_unstable();
    objections.dedup();
    if !accept && objections.is_empty() {
        // The issues where the text costs the party most against its best value.
        let tables = n.utility.tables();
        let mut losses: Vec<(usize, f64)> = tables
            .iter()
            .zip(text)
            .enumerate()
            .map(|(i, (t, &d))| (i, t.iter().copied().fold(0.0, f64::max) - t[d as usize]))
            .filter(|(_, loss)| *loss > 1e-12)
            .collect();
        losses.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        objections = losses.iter().take(2).map(|(i, _)| *i).collect();
    }
    Response {
        party: n.id.clone(),
        accept,
        utility,
        threshold: threshold.min(1e9),
        red_lines: crossed.iter().map(|(id, _)| id.clone()).collect(),
        objections: if accept {
            Vec::new()
        } else {
            objections
                .iter()
                .map(|&i| scenario.issues[i].id.clone())
                .collect()
        },
    }
}

fn learn(
    knowledge: &mut [Knowledge],
    responses: &[Response],
    negotiators: &[Negotiator],
    text: &[u32],
) {
    for ((k, r), n) in knowledge.iter_mut().zip(responses).zip(negotiators) {
        let estimated: f64 = k
            .estimate
            .iter()
            .zip(text)
            .map(|(t, &v)| t[v as usize])
            .sum();
        if r.accept {
            k.floor = k.floor.min(estimated);
            continue;
        }
        k.floor = estimated;
        k.weight *= REJECTION_BOOST;
        for id in &r.red_lines {
            if !k.red_lines.iter().any(|(j, _)| j == id)
                && let Some(found) = n.red_lines.iter().find(|(j, _)| j == id)
            {
                k.red_lines.push(found.clone());
            }
        }
    }
}

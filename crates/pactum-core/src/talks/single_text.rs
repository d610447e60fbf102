//! Single-text mediation by random mutation (Klein, Faratin, Sayama and Bar-Yam, "Negotiating
//! complex contracts", 2003): the mediator holds one text and proposes a variant of it that
//! changes one issue; every party votes; the variant replaces the text only if every party
//! votes for it.
//!
//! - **Hill-climbing** parties vote for a variant only if they like it at least as much as the
//!   current text, so the text never moves to one any party likes less.
//! - **Annealing** parties also accept a worse variant with probability `exp(−Δ/τ)`, the
//!   temperature `τ` falling linearly from 0.3 to 0 by the deadline (seeded draws).
//!
//! A party "likes" a text by its utility, less 10 for each of its red lines the text crosses,
//! so the climb leaves red-line territory first. At the deadline every party ratifies or
//! rejects the final text by its red lines and its fallback: all ratify, agreement; otherwise
//! breakdown, each party getting its fallback.

use super::record::{Event, Response, Round};
use super::saop::Session;
use super::{Ending, TalksError};
use crate::rng::Stream;
use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voting {
    HillClimbing,
    Annealing,
}

const RED_LINE_PENALTY: f64 = 10.0;
const START_TEMPERATURE: f64 = 0.3;

fn liking(session: &Session, p: usize, digits: &[u32]) -> f64 {
    let own = &session.owns[p];
    let crossed = own.red_lines.iter().filter(|c| !c.holds(digits)).count();
    own.utility.utility(digits) - RED_LINE_PENALTY * crossed as f64
}

/// The run, with the texts adopted in order (for checks).
pub struct SingleText {
    pub events: Vec<Event>,
    pub rounds: Vec<Round>,
    pub ending: Ending,
    pub adopted: Vec<Vec<u32>>,
}

pub fn run(
    scenario: &Scenario,
    session: &Session,
    voting: Voting,
    deadline: u32,
    seed: u64,
) -> Result<SingleText, TalksError> {
    let n = session.owns.len();
    let radices = session.space.radices().to_vec();
    let mediator = scenario.mediator().map_or_else(
        || "mediator".to_string(),
        |m| scenario.parties[m].id.clone(),
    );
    let mut rng = Stream::new(seed, 1);
    let mut voters: Vec<Stream> = (0..n).map(|p| Stream::new(seed, 200 + p as u64)).collect();
    let mut text: Vec<u32> = radices
        .iter()
        .map(|&r| rng.below(u64::from(r)) as u32)
        .collect();
    let describe = |d: &[u32]| -> Vec<(String, String)> {
        scenario
            .issues
            .iter()
            .zip(d)
            .map(|(i, &v)| (i.id.clone(), i.value_id(v)))
            .collect()
    };
    let mut events = vec![Event::Proposal {
        round: 0,
        from: mediator.clone(),
        text: describe(&text),
        revised: Vec::new(),
    }];
    let mut rounds = Vec::new();
    let mut adopted = vec![text.clone()];
    let mutable: Vec<usize> = (0..radices.len()).filter(|&i| radices[i] > 1).collect();
    let deadline = deadline.max(1);
    for round in 1..=deadline {
        if mutable.is_empty() {
            break;
        }
        let issue = mutable[rng.below(mutable.len() as u64) as usize];
        let mut variant = text.clone();
        let shift = 1 + rng.below(u64::from(radices[issue] - 1)) as u32;
        variant[issue] = (variant[issue] + shift) % radices[issue];
        let temperature = START_TEMPERATURE * (1.0 - f64::from(round - 1) / f64::from(deadline));
        let mut responses = Vec::with_capacity(n);
        for (p, voter) in voters.iter_mut().enumerate() {
            let (now, then) = (liking(session, p, &text), liking(session, p, &variant));
            let yes = then >= now
                || (voting == Voting::Annealing
                    && temperature > 0.0
                    && voter.unit() < (-(now - then) / temperature).exp());
            responses.push(Response {
                party: session.parties[p].clone(),
                accept: yes,
                utility: session.owns[p].utility.utility(&variant),
                threshold: session.owns[p].utility.utility(&text),
                red_lines: Vec::new(),
                objections: if yes {
                    Vec::new()
                } else {
                    vec![scenario.issues[issue].id.clone()]
                },
            });
        }
        events.push(Event::Proposal {
            round,
            from: mediator.clone(),
            text: describe(&variant),
            revised: vec![scenario.issues[issue].id.clone()],
        });
        events.extend(responses.iter().map(|r| Event::Answer {
            round,
            response: r.clone(),
        }));
        let all = responses.iter().all(|r| r.accept);
        rounds.push(Round {
            round,
            text: describe(&variant),
            revised: vec![scenario.issues[issue].id.clone()],
            responses,
        });
        if all {
            text = variant;
            adopted.push(text.clone());
        }
    }
    // Ratification of the final text.
    let t = deadline - 1;
    let mut ratified = true;
    let mut responses = Vec::new();
    for p in 0..n {
        let own = &session.owns[p];
        let crossed: Vec<String> = scenario.parties
            [scenario.party_index(&session.parties[p]).unwrap_or(0)]
        .red_lines
        .iter()
        .filter(|r| own.red_lines.contains(&r.constraint) && !r.constraint.holds(&text))
        .map(|r| r.id.clone())
        .collect();
        let u = own.utility.utility(&text);
        let fallback = own.fallback + session.drift[p] * f64::from(t);
        let yes =
            crossed.is_empty() && u * session.discounts[p].factor(deadline, deadline) >= fallback;
        ratified &= yes;
        responses.push(Response {
            party: session.parties[p].clone(),
            accept: yes,
            utility: u,
            threshold: fallback,
            red_lines: crossed,
            objections: Vec::new(),
        });
    }
    events.extend(responses.iter().map(|r| Event::Answer {
        round: deadline,
        response: r.clone(),
    }));
    rounds.push(Round {
        round: deadline,
        text: describe(&text),
        revised: Vec::new(),
        responses,
    });
    let ending = if ratified {
        events.push(Event::Agreement {
            round: deadline,
            text: describe(&text),
        });
        let utilities: Vec<f64> = session
            .owns
            .iter()
            .map(|o| o.utility.utility(&text))
            .collect();
        let discounted = utilities
            .iter()
            .zip(&session.discounts)
            .map(|(u, d)| u * d.factor(deadline, deadline))
            .collect();
        Ending::Agreement {
            round: deadline,
            outcome: text,
            utilities,
            discounted,
        }
    } else {
        let reason = "the final single text was not ratified by every party".to_string();
        events.push(Event::Breakdown {
            round: deadline,
            reason: reason.clone(),
        });
        Ending::Breakdown {
            round: deadline,
            reason,
            fallbacks: (0..n)
                .map(|p| session.owns[p].fallback + session.drift[p] * f64::from(t))
                .collect(),
        }
    };
    Ok(SingleText {
        events,
        rounds,
        ending,
        adopted,
    })
}

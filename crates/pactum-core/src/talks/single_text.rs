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

use super::Ending;
use super::event::{Answer, Event, Sink, Speaker};
use super::plan::Plan;
use super::session::Session;
use crate::rng::Stream;

/// How the parties vote on the mediator's variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voting {
    /// For a variant only if it is at least as good as the current text.
    HillClimbing,
    /// Also for a worse variant, with a probability that falls as the talks go on.
    Annealing,
}

const RED_LINE_PENALTY: f64 = 10.0;
const START_TEMPERATURE: f64 = 0.3;

fn liking(session: &Session, p: usize, digits: &[u32]) -> f64 {
    let own = &session.owns[p];
    let crossed = own.red_lines.iter().filter(|c| !c.holds(digits)).count();
    own.utility.utility(digits) - RED_LINE_PENALTY * crossed as f64
}

/// Runs the talks on a prepared session. Each vote is measured against the party's utility of
/// the current text; the ratification, against its fallback at the deadline.
pub fn run(session: &Session, voting: Voting, plan: &Plan, sink: &mut dyn Sink) -> Ending {
    let n = session.owns.len();
    let space = &session.space;
    let radices = space.radices().to_vec();
    let mut rng = Stream::new(plan.seed, 1);
    let mut voters: Vec<Stream> = (0..n)
        .map(|p| Stream::new(plan.seed, 200 + p as u64))
        .collect();
    let mut text: Vec<u32> = radices
        .iter()
        .map(|&r| rng.below(u64::from(r)) as u32)
        .collect();
    sink.event(&Event::Offer {
        round: 0,
        from: Speaker::Mediator,
        outcome: space.encode(&text),
        revised: Vec::new(),
    });
    let mutable: Vec<usize> = (0..radices.len()).filter(|&i| radices[i] > 1).collect();
    let deadline = plan.rounds.max(1);
    for round in 1..=deadline {
        if mutable.is_empty() {
            break;
        }
        let issue = mutable[rng.below(mutable.len() as u64) as usize];
        let mut variant = text.clone();
        let shift = 1 + rng.below(u64::from(radices[issue] - 1)) as u32;
        variant[issue] = (variant[issue] + shift) % radices[issue];
        let index = space.encode(&variant);
        let temperature = START_TEMPERATURE * (1.0 - f64::from(round - 1) / f64::from(deadline));
        sink.event(&Event::Offer {
            round,
            from: Speaker::Mediator,
            outcome: index,
            revised: vec![issue],
        });
        let mut all = true;
        for (p, voter) in voters.iter_mut().enumerate() {
            let (now, then) = (liking(session, p, &text), liking(session, p, &variant));
            let yes = then >= now
                || (voting == Voting::Annealing
                    && temperature > 0.0
                    && voter.unit() < (-(now - then) / temperature).exp());
            all &= yes;
            sink.event(&Event::Vote {
                round,
                in_favour: yes,
                answer: Answer {
                    party: p,
                    outcome: index,
                    utility: session.owns[p].utility.utility(&variant),
                    against: session.owns[p].utility.utility(&text),
                    red_lines: Vec::new(),
                    objections: if yes { Vec::new() } else { vec![issue] },
                },
            });
        }
        if all {
            text = variant;
        }
    }
    // Ratification of the final text.
    let index = space.encode(&text);
    sink.event(&Event::Ratification {
        round: deadline,
        outcome: index,
    });
    let mut ratified = true;
    for p in 0..n {
        let crossed = session.crossed(p, &text);
        let u = session.owns[p].utility.utility(&text);
        let fallback = session.fallback_at(p, deadline);
        let yes = crossed.is_empty() && u * session.discount_at(p, deadline, deadline) >= fallback;
        ratified &= yes;
        let answer = Answer {
            party: p,
            outcome: index,
            utility: u,
            against: fallback,
            red_lines: crossed,
            objections: Vec::new(),
        };
        sink.event(&Event::answer(yes, deadline, answer));
    }
    if ratified {
        sink.event(&Event::Agreement {
            round: deadline,
            outcome: index,
        });
        let (utilities, discounted) = session.utilities(&text, deadline, deadline);
        Ending::Agreement {
            round: deadline,
            outcome: text,
            utilities,
            discounted,
        }
    } else {
        let reason = "the final single text was not ratified by every party".to_string();
        session.break_down(sink, deadline, reason)
    }
}

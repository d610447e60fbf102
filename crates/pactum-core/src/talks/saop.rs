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
//! talks with an error in the record. A strategy that panics, or a [`Player`] that fails (an
//! outside agent that hangs or breaks the protocol), ends the talks the same way; the program
//! goes on.

use super::Ending;
use super::event::{Answer, Event, Sink, Speaker};
use super::plan::Plan;
use super::player::Player;
use super::session::Session;
use super::strategy::View;
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use std::panic::{AssertUnwindSafe, catch_unwind};

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

/// Runs the talks with the given timing to agreement or deadline, one player per party.
///
/// Each answer is measured against the utility of the party's own last offer (its best outcome
/// before it has made one): what it was asking for when it answered.
pub fn run(
    session: &Session,
    strategies: &mut [Box<dyn Player>],
    plan: &Plan,
    timing: Timing,
    sink: &mut dyn Sink,
) -> Ending {
    let deadline = plan.rounds;
    let seed = plan.seed;
    let n = session.owns.len();
    assert_eq!(strategies.len(), n, "one player per negotiating party");
    let mut rngs: Vec<Stream> = (0..n).map(|p| Stream::new(seed, 100 + p as u64)).collect();
    let mut offers: Vec<(usize, OutcomeIndex)> = Vec::new();
    let mut standing: Option<(usize, OutcomeIndex)> = None;
    let mut accepted = 0usize;
    let mut asked: Vec<f64> = session.owns.iter().map(|o| o.best()).collect();
    // Only the perfect opponent model reads these; every other player ignores them.
    for (p, player) in strategies.iter_mut().enumerate() {
        for q in (0..n).filter(|&q| q != p) {
            player.reveal(q, &session.owns[q]);
        }
    }
    let scored = sink.scores_models() && strategies.iter().any(|s| s.opponent_model().is_some());
    let sample = if scored {
        super::model_score::sample(session.space.size(), seed)
    } else {
        Vec::new()
    };
    // Each round scored once: at its end, or at the agreement that ends it.
    let last_scored = std::cell::Cell::new(0);
    let score_models = |sink: &mut dyn Sink, strategies: &[Box<dyn Player>], round: u32| {
        if !scored || last_scored.get() >= round {
            return;
        }
        last_scored.set(round);
        let scores = super::model_score::score_players(session, strategies, &sample, round);
        for p in 0..n {
            let mine: Vec<_> = scores.iter().filter(|s| s.0 == p).map(|s| s.1).collect();
            if !mine.is_empty() {
                sink.event(&Event::Model {
                    round,
                    party: p,
                    scores: mine,
                });
            }
        }
    };
    let fail = |sink: &mut dyn Sink, round: u32, party: usize, message: String| {
        sink.event(&Event::Error {
            round,
            party,
            message: message.clone(),
        });
        let reason = format!(
            "the strategy of `{}` failed: {message}",
            session.parties[party]
        );
        session.break_down(sink, round, reason)
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
                parties: n,
            };
            let own = &session.owns[p];
            if let Some((proposer, offer)) = standing
                && proposer != p
            {
                let answer = catch_unwind(AssertUnwindSafe(|| {
                    strategies[p].accept(own, &view, offer, &mut rngs[p])
                }));
                let yes = match answer {
                    Ok(Ok(a)) => a && !own.crosses_red_line(offer),
                    Ok(Err(reason)) => return fail(sink, round, p, reason),
                    Err(e) => return fail(sink, round, p, panic_message(e)),
                };
                let answer = Answer {
                    party: p,
                    outcome: offer,
                    utility: own.utility_of(offer),
                    against: asked[p],
                    red_lines: Vec::new(),
                    objections: Vec::new(),
                };
                sink.event(&Event::answer(yes, answering, answer));
                if yes {
                    accepted += 1;
                    if accepted == n - 1 {
                        score_models(sink, strategies, answering);
                        let digits = session.space.decode(offer);
                        let (utilities, discounted) =
                            session.utilities(&digits, answering, deadline);
                        sink.event(&Event::Agreement {
                            round: answering,
                            outcome: offer,
                        });
                        return Ending::Agreement {
                            round: answering,
                            outcome: digits,
                            utilities,
                            discounted,
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
                parties: n,
            };
            let proposal = catch_unwind(AssertUnwindSafe(|| {
                strategies[p].propose(own, &view, &mut rngs[p])
            }));
            match proposal {
                Ok(Ok(Some(o))) if o < session.space.size() && !own.crosses_red_line(o) => {
                    offers.push((p, o));
                    asked[p] = own.utility_of(o);
                    sink.event(&Event::Offer {
                        round,
                        from: Speaker::Party(p),
                        outcome: o,
                        revised: Vec::new(),
                    });
                    standing = Some((p, o));
                    standing_round = round;
                    accepted = 0;
                }
                Ok(Ok(Some(o))) => {
                    return fail(
                        sink,
                        round,
                        p,
                        format!(
                            "it proposed outcome {o}, which crosses its own red lines or lies outside the outcome space"
                        ),
                    );
                }
                Ok(Ok(None)) => {
                    return fail(
                        sink,
                        round,
                        p,
                        "it has no outcome to propose (its red lines exclude them all)".into(),
                    );
                }
                Ok(Err(reason)) => return fail(sink, round, p, reason),
                Err(e) => return fail(sink, round, p, panic_message(e)),
            }
        }
        if round <= deadline {
            score_models(sink, strategies, round);
        }
    }
    let reason =
        format!("the deadline of {deadline} rounds passed without an offer every party accepts");
    sink.event(&Event::Deadline { round: deadline });
    session.break_down(sink, deadline, reason)
}

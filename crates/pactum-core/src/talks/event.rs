//! What the protocols say as they run, and the sinks that listen.
//!
//! A protocol pushes each [`Event`] to a [`Sink`] the moment it happens (ripgrep's searcher and
//! sink: the searcher does not know who listens). The events name parties by their slot among
//! the negotiators, issues and red lines by their index in the scenario, and outcomes by their
//! index in the outcome space, so they cost no allocation on the offer protocols' hot path;
//! `pactum-formats` turns them into the talks record of `pactum-schema`.
//!
//! Sinks here: [`Log`] keeps every event (the record), [`Counter`] keeps counts (tournaments).
//! A pair of sinks is a sink that tells both.

use crate::space::OutcomeIndex;

/// Who put a text on the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The mediator of the single-text protocol.
    Mediator,
    /// A negotiating party, by slot.
    Party(usize),
}

/// What a party tells the mediator in a caucus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Disclosed {
    /// Its whole utility function.
    Preferences,
    /// Its ranking of the issues and options.
    Priorities,
    /// Its red lines.
    RedLines,
    /// Its fallback.
    Fallback,
}

impl Disclosed {
    /// The name in records.
    pub fn name(self) -> &'static str {
        match self {
            Disclosed::Preferences => "preferences",
            Disclosed::Priorities => "priorities",
            Disclosed::RedLines => "red_lines",
            Disclosed::Fallback => "fallback",
        }
    }
}

/// A party's answer to a text or an offer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The party's slot.
    pub party: usize,
    /// The text answered.
    pub outcome: OutcomeIndex,
    /// The party's utility of it (undiscounted).
    pub utility: f64,
    /// What the answer was measured against, in the protocol's own terms: the threshold the
    /// party needed (single text with the Nash mediator, ratification), the utility of the
    /// current text (Klein's votes), or the utility of its own last offer (offer protocols).
    pub against: f64,
    /// Indices, in the party's scenario red lines, of those the text crosses.
    pub red_lines: Vec<usize>,
    /// Issues (by index) the party objects to.
    pub objections: Vec<usize>,
}

/// One thing that happened in the talks. Rounds count from 1; the caucus phase is round 0.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The mediator meets a party privately and learns what it discloses.
    Caucus {
        /// The party's slot.
        party: usize,
        /// The timeline event of this meeting, if the scenario has one.
        timeline: Option<usize>,
        /// What the party disclosed, in this order.
        disclosed: Vec<Disclosed>,
    },
    /// A complete text on the table; `revised` lists the issues changed from the last text.
    Offer {
        /// From 1 (0: the single text's opening draft).
        round: u32,
        /// Who put it on the table.
        from: Speaker,
        /// The text, by outcome index.
        outcome: OutcomeIndex,
        /// Issues (by index) changed from the last text.
        revised: Vec<usize>,
    },
    /// Why the mediator tabled the text just offered, in words (the single text's Nash mediator).
    Reason {
        /// The round of the text.
        round: u32,
        /// The reason.
        why: String,
    },
    /// A party accepts the text on the table.
    Accept {
        /// The round of the text answered.
        round: u32,
        /// The answer.
        answer: Answer,
    },
    /// A party rejects the text on the table.
    Reject {
        /// The round of the text answered.
        round: u32,
        /// The answer.
        answer: Answer,
    },
    /// A vote on a mediator's variant (Klein et al.'s single text): for or against adopting it.
    Vote {
        /// From 1.
        round: u32,
        /// Whether the party votes to adopt the variant.
        in_favour: bool,
        /// The vote, with what the party measured the variant against.
        answer: Answer,
    },
    /// The final text put to every party for ratification.
    Ratification {
        /// The deadline.
        round: u32,
        /// The final text, by outcome index.
        outcome: OutcomeIndex,
    },
    /// The deadline passed without agreement.
    Deadline {
        /// The last round.
        round: u32,
    },
    /// Every party accepted the same text.
    Agreement {
        /// The round of agreement.
        round: u32,
        /// The agreed text, by outcome index.
        outcome: OutcomeIndex,
    },
    /// The talks ended without agreement.
    Breakdown {
        /// The round they ended in.
        round: u32,
        /// Why, in words.
        reason: String,
    },
    /// How close a party's opponent model is to the truth at the end of a round, for each other
    /// party (emitted only to sinks that ask, [`Sink::scores_models`]).
    Model {
        /// The round just ended.
        round: u32,
        /// The modelling party's slot.
        party: usize,
        /// Its model of each other party, scored.
        scores: Vec<super::model_score::ModelScore>,
    },
    /// At the end of the talks, what each acceptance condition a party tested side by side
    /// (AC_MAC) decided.
    Verdicts {
        /// The party's slot.
        party: usize,
        /// One per condition tested.
        verdicts: Vec<super::boa::acceptance::Verdict>,
    },
    /// A party's strategy failed (panicked or broke a rule); the negotiation ends.
    Error {
        /// The round it failed in.
        round: u32,
        /// The failing party's slot.
        party: usize,
        /// What went wrong.
        message: String,
    },
}

impl Event {
    /// An answer to the text on the table: [`Event::Accept`] or [`Event::Reject`].
    pub fn answer(accept: bool, round: u32, answer: Answer) -> Event {
        if accept {
            Event::Accept { round, answer }
        } else {
            Event::Reject { round, answer }
        }
    }
}

/// Where the protocols push their events.
pub trait Sink {
    /// Called once per event, in the order they happen.
    fn event(&mut self, event: &Event);
    /// Whether it wants [`Event::Model`] scores of the players' opponent models every round
    /// (they cost a pass over a sample of outcomes per round; counters and tournaments skip
    /// them).
    fn scores_models(&self) -> bool {
        false
    }
}

/// Keeps every event: the talks record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Log {
    /// Every event, oldest first.
    pub events: Vec<Event>,
}

impl Sink for Log {
    fn event(&mut self, event: &Event) {
        self.events.push(event.clone());
    }

    fn scores_models(&self) -> bool {
        true
    }
}

/// Counts what happened, keeping nothing else: what a tournament needs per negotiation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    /// Offers and texts put on the table.
    pub offers: u64,
    /// Accepts, rejects and votes.
    pub answers: u64,
    /// The last round an event named.
    pub last_round: u32,
    /// The failure of a strategy, if one failed: `(round, party slot, message)`.
    pub error: Option<(u32, usize, String)>,
}

impl Sink for Counter {
    fn event(&mut self, event: &Event) {
        match event {
            Event::Offer { round, .. } => {
                self.offers += 1;
                self.last_round = *round;
            }
            Event::Accept { round, .. }
            | Event::Reject { round, .. }
            | Event::Vote { round, .. } => {
                self.answers += 1;
                self.last_round = *round;
            }
            Event::Error {
                round,
                party,
                message,
            } => self.error = Some((*round, *party, message.clone())),
            _ => {}
        }
    }
}

/// A sink that listens to nothing.
impl Sink for () {
    fn event(&mut self, _: &Event) {}
}

impl<A: Sink, B: Sink> Sink for (A, B) {
    fn event(&mut self, event: &Event) {
        self.0.event(event);
        self.1.event(event);
    }

    fn scores_models(&self) -> bool {
        self.0.scores_models() || self.1.scores_models()
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn event(&mut self, event: &Event) {
        (**self).event(event);
    }

    fn scores_models(&self) -> bool {
        (**self).scores_models()
    }
}

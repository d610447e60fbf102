//! Whoever sits in a party's seat under the offer protocols.
//!
//! A built-in [`Strategy`] cannot fail; a player from outside the engine (a process speaking
//! JSON lines, a Python object) can: it hangs, crashes, answers garbage. [`Player`] is the seam
//! both sit behind. The protocol treats an `Err` like a strategy that panics: an `Error` event
//! with the reason, then a breakdown; the program and the other negotiations go on.

use super::Ending;
use super::boa::acceptance::Verdict;
use super::boa::model::OpponentModel;
use super::strategy::{Own, Strategy, View};
use crate::rng::Stream;
use crate::space::OutcomeIndex;

/// A party's player: proposes and answers, or says why it cannot.
pub trait Player: Send {
    /// The outcome to put on the table; `Ok(None)` when it has none to offer.
    fn propose(
        &mut self,
        own: &Own,
        view: &View<'_>,
        rng: &mut Stream,
    ) -> Result<Option<OutcomeIndex>, String>;
    /// Whether it accepts the standing offer.
    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> Result<bool, String>;
    /// The talks are over (called once, whatever the ending, before the run returns); an
    /// outside player hears the result and is let go.
    fn finish(&mut self, ending: &Ending) {
        let _ = ending;
    }
    /// Its model of the other parties, if it keeps one (see [`Strategy::opponent_model`]).
    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        None
    }
    /// The true preferences of another party, for the perfect model (see [`Strategy::reveal`]).
    fn reveal(&mut self, party: usize, truth: &Own) {
        let _ = (party, truth);
    }
    /// What the acceptance conditions it tests side by side decided (see
    /// [`Strategy::verdicts`]).
    fn verdicts(&self) -> Vec<Verdict> {
        Vec::new()
    }
}

impl Player for Box<dyn Strategy> {
    fn propose(
        &mut self,
        own: &Own,
        view: &View<'_>,
        rng: &mut Stream,
    ) -> Result<Option<OutcomeIndex>, String> {
        Ok(Strategy::propose(self.as_mut(), own, view, rng))
    }

    fn accept(
        &mut self,
        own: &Own,
        view: &View<'_>,
        offer: OutcomeIndex,
        rng: &mut Stream,
    ) -> Result<bool, String> {
        Ok(Strategy::accept(self.as_mut(), own, view, offer, rng))
    }

    fn opponent_model(&self) -> Option<&dyn OpponentModel> {
        Strategy::opponent_model(self.as_ref())
    }

    fn reveal(&mut self, party: usize, truth: &Own) {
        Strategy::reveal(self.as_mut(), party, truth);
    }

    fn verdicts(&self) -> Vec<Verdict> {
        Strategy::verdicts(self.as_ref())
    }
}

/// An outside seat nobody could fill: every move fails with the reason.
pub struct Unseated(pub String);

impl Player for Unseated {
    fn propose(
        &mut self,
        _: &Own,
        _: &View<'_>,
        _: &mut Stream,
    ) -> Result<Option<OutcomeIndex>, String> {
        Err(self.0.clone())
    }

    fn accept(
        &mut self,
        _: &Own,
        _: &View<'_>,
        _: OutcomeIndex,
        _: &mut Stream,
    ) -> Result<bool, String> {
        Err(self.0.clone())
    }
}

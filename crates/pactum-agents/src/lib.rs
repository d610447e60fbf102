//! Outside agents: programs in any language that play a party's seat in pactum's talks by
//! speaking `pactum.agent` JSON lines (`pactum_schema::agent`) on their stdin and stdout.
//!
//! The engine stays pure: it names an outside seat (`exec:COMMAND`) and calls whatever
//! [`pactum_core::talks::Player`] the caller hands it. This crate is that player for programs:
//! [`exec::ExecAgent`] starts the program, gives it a wall-clock [`exec::Budget`] per move and
//! per negotiation, and kills it (its whole process group) when it hangs, crashes, answers
//! garbage or breaks the protocol; its negotiation then ends as an error with the reason, and
//! the run goes on. [`seat`] is the one call the binary and tournaments make.

pub mod exec;
pub mod process;

pub use exec::{Budget, DEFAULT_MOVE_SECONDS, DEFAULT_NEGOTIATION_SECONDS, ExecAgent};

use pactum_core::talks::player::Unseated;
use pactum_core::talks::{Plan, Player, Session, StrategySpec};

/// The player for `spec` in `slot`: the built-in strategy, or the outside program started and
/// greeted (a program that cannot start gets a seat whose first move fails with the reason).
pub fn seat(
    session: &Session,
    plan: &Plan,
    slot: usize,
    spec: &StrategySpec,
    budget: Budget,
) -> Box<dyn Player> {
    match spec.as_outside() {
        Some(outside) if outside.scheme == "exec" => {
            match ExecAgent::start(&outside.target, session, plan, slot, budget) {
                Ok(agent) => Box::new(agent),
                Err(reason) => Box::new(Unseated(reason)),
            }
        }
        _ => spec.player(),
    }
}

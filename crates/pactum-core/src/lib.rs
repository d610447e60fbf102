//! The pactum engine: scenarios, preferences and red lines, the outcome space, analysis and the
//! mediated talks.
//!
//! This crate does no I/O and reads no clock (see `ARCHITECTURE.md`): every input arrives as a
//! value, every result leaves as a value, and every random choice comes from a seeded
//! [`rng::Stream`]. File formats live in `pactum-formats`; the terminal lives in `pactum`.

// The engine and the readers hold no unsafe code (ARCHITECTURE.md, invariant 19).
#![forbid(unsafe_code)]
// Every public item is documented: others build strategies, protocols and bindings on it.
#![warn(missing_docs)]

pub mod analysis;
pub mod generate;
pub mod inverse;
pub mod issue;
pub mod number;
pub mod preference;
pub mod provenance;
pub mod redline;
pub mod rng;
pub mod scenario;
pub mod space;
pub mod talks;

pub use issue::{Issue, IssueKind, OptionDef};
pub use preference::{Preferences, UtilityFunction, ValueFunction};
pub use provenance::{Distribution, Provenance};
pub use scenario::{Party, Role, Scenario};
pub use space::{OutcomeIndex, OutcomeSpace};

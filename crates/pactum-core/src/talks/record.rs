//! The talks record: the event log every protocol emits. The types live in `pactum-schema`, so
//! tools that read a record need not depend on the engine.

pub use pactum_schema::{Event, Response, Round};

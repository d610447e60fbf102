//! File formats for pactum: the native TOML scenario format with diagnostics that name the
//! file, line and column, the bundled scenarios, and the versioned JSON outputs.
//!
//! This is the only crate that knows file syntaxes; it reads bytes it is given and writes
//! strings it returns, and leaves the file system to the caller.

// The engine and the readers hold no unsafe code (ARCHITECTURE.md, invariant 19).
#![forbid(unsafe_code)]
// A diagnostic is returned only on the cold path of a failed read; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

pub mod bundled;
pub mod diagnostic;
pub mod negmas_csv;
pub mod output;
pub mod ranges_toml;
pub mod record;
pub mod scenario_json;
pub mod scenario_toml;
mod toml_reader;
pub mod tournament_config;

pub use diagnostic::Diagnostic;
pub mod export;
pub mod genius;
pub mod geniusweb;
mod xml_tree;

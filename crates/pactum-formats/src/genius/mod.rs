//! GENIUS XML: reading a domain and its profiles (`read`, with nonlinear profiles in
//! `nonlinear` and what both share in `domain`), and writing a folder (`write`).

mod domain;
mod nonlinear;
mod read;
mod write;

pub use domain::Domain;
pub use read::*;
pub use write::to_genius;

//! GeniusWeb JSON: reading a domain and its profiles (`read`) and writing a folder (`write`).

mod read;
mod write;

pub use read::*;
pub use write::to_geniusweb;

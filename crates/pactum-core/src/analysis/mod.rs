//! Analysis: is there a deal every party can accept, which deals are efficient and fair, and what
//! blocks a deal when there is none.
//!
//! - [`zone`]: the zone of agreement, the minimal blocking sets, the outcome closest to agreement;
//! - [`skyline`]: Pareto-optimal subsets of utility vectors (the algorithms, and a brute-force
//!   oracle for tests);
//! - [`frontier`]: the Pareto frontier of the acceptable outcomes, streamed over the outcome
//!   space in parallel chunks, or merged issue by issue for additive preferences;
//! - [`search`]: the frontier of spaces too large to enumerate, by branch and bound (nonlinear
//!   GENIUS profiles);
//! - [`bargaining`]: Nash, Kalai–Smorodinsky, egalitarian and utilitarian points on the frontier;
//! - [`coalitions`]: which groups of negotiators have a zone of their own, who blocks the whole
//!   table, and which red lines of different parties no outcome satisfies together;
//! - [`price`]: what each red line of a blocking set costs its party, and whether the opened
//!   zone can make up for it;
//! - [`sensitivity`]: the assumptions sampled and swept: how often each conclusion holds, and
//!   where it flips;
//! - [`fair_division`]: the Adjusted Winner procedure for two parties dividing items;
//! - [`plane`]: where the outcomes lie on each pair of negotiators' utility plane, for plots;
//! - [`improve`]: the packages that improve on an agreement for everyone, by the least gain;
//! - [`pipeline`]: all of the above as one call, [`pipeline::analyze`].

pub mod bargaining;
pub mod coalitions;
pub mod concordance;
pub mod fair_division;
pub mod frontier;
mod frontier_report;
pub mod improve;
mod mini_bucket;
pub mod pipeline;
pub mod plane;
pub mod price;
pub mod search;
pub mod sensitivity;
pub mod skyline;
pub mod statistics;
mod zone;

pub use zone::*;

//! What a frontier computation returns, shared by the enumerating methods (`frontier`) and the
//! search (`search`), so that neither module needs the other's types.

use super::Deal;

/// How a frontier was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every outcome under study enumerated in parallel chunks ([`super::frontier`]).
    Stream,
    /// Partial frontiers folded issue by issue, for additive utilities ([`super::frontier`]).
    IssueMerge,
    /// Branch and bound ([`super::search`]): one outcome per frontier point.
    Search,
}

/// The Pareto frontier of the acceptable outcomes, with how it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontierReport {
    /// Outcomes under study.
    pub outcomes: u128,
    /// Acceptable outcomes; `None` when the space is too large to count and the frontier came
    /// from the issue-wise merge alone.
    pub acceptable: Option<u64>,
    /// The frontier, by utility sum descending, then outcome index ascending.
    pub pareto: Vec<Deal>,
    /// The method that computed the frontier.
    pub method: Method,
    /// False when a search stopped at its node limit: the frontier lists the best outcomes found,
    /// and better ones may exist.
    pub exhaustive: bool,
}

/// Deals by utility sum descending, then digits ascending (the order of outcome indices).
pub(crate) fn sorted(mut deals: Vec<Deal>) -> Vec<Deal> {
    deals.sort_by(|a, b| {
        let (sa, sb): (f64, f64) = (a.utilities.iter().sum(), b.utilities.iter().sum());
        sb.total_cmp(&sa).then_with(|| a.digits.cmp(&b.digits))
    });
    deals
}

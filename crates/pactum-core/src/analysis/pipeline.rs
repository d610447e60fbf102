//! The whole analysis of a scenario as one call: the problem with its relaxations and fixed
//! issues, the frontier, the bargaining points, the zone with its blocking sets when there is no
//! deal, and Adjusted Winner where it applies. The text report, the JSON document, and the web
//! and Python layers all render this one result; none of them computes an engine fact itself.

use super::bargaining::{self, BargainingPoints};
use super::coalitions::{self, Coalitions, Conflict};
use super::fair_division::{self, AdjustedWinner};
use super::frontier::{self, Choice, FrontierReport};
use super::price::{self, Price};
use super::statistics::{self, Statistics};
use super::{AnalysisError, Problem, ZoneReport, resolve_relaxations, zone};
use crate::scenario::Scenario;

/// What to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Constraint ids (`party.redline`, `party.fallback`) to drop.
    pub relax: Vec<String>,
    /// `ISSUE=VALUE`: study only the outcomes where the issue takes the value. One per issue.
    pub fix: Vec<String>,
    /// Which frontier method may be used.
    pub method: Choice,
    /// Partial outcomes the search of a space too large to enumerate may visit.
    pub search_nodes: u64,
    /// The largest space whose statistics are computed (two more walks of it).
    pub statistics_limit: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            relax: Vec::new(),
            fix: Vec::new(),
            method: Choice::Auto,
            search_nodes: super::search::NODE_LIMIT,
            statistics_limit: statistics::DEFAULT_LIMIT,
        }
    }
}

/// Everything the analysis found.
#[derive(Debug)]
pub struct Report {
    /// The problem analysed, after relaxations and fixes.
    pub problem: Problem,
    /// The relaxed constraint ids, sorted.
    pub relaxed: Vec<String>,
    /// The fixes as given.
    pub fixed: Vec<String>,
    /// The Pareto frontier of the acceptable outcomes.
    pub frontier: FrontierReport,
    /// The bargaining solutions on the frontier.
    pub points: BargainingPoints,
    /// The zone and what blocks it, computed when no outcome is acceptable.
    pub zone: Option<ZoneReport>,
    /// The Adjusted Winner division, when the problem has item issues and two parties.
    pub adjusted_winner: Option<AdjustedWinner>,
    /// Every group of negotiators' own zone, when there are at most
    /// [`coalitions::PARTY_LIMIT`] negotiators and the space can be walked: always when no
    /// outcome is acceptable to all, else up to [`coalitions::WALK_WITH_A_ZONE`] outcomes.
    pub coalitions: Option<Coalitions>,
    /// Red lines of different parties that no outcome satisfies together.
    pub conflicts: Vec<Conflict>,
    /// When no outcome is acceptable: what each red line of each blocking set costs its party.
    pub prices: Vec<Price>,
    /// NegMAS's scenario statistics, for spaces up to [`Options::statistics_limit`] outcomes.
    pub statistics: Option<Statistics>,
}

/// Analyses `scenario` as `options` ask.
pub fn analyze(scenario: &Scenario, options: &Options) -> Result<Report, AnalysisError> {
    analyze_reporting(scenario, options, &|_, _| {})
}

/// [`analyze`], telling `progress` `(nodes, node_limit)` while a search runs.
pub fn analyze_reporting(
    scenario: &Scenario,
    options: &Options,
    progress: &dyn Fn(u64, u64),
) -> Result<Report, AnalysisError> {
    let relaxed = resolve_relaxations(scenario, &options.relax)?;
    let mut problem = Problem::new(scenario, &relaxed)?;
    for fix in &options.fix {
        problem.fix(&scenario.issues, fix)?;
    }
    let frontier =
        frontier::frontier_reporting(&problem, options.method, options.search_nodes, progress)?;
    let points = bargaining::points(&frontier.pareto, &problem.disagreement());
    let zone = if frontier.acceptable == Some(0) {
        Some(zone(&problem)?)
    } else {
        None
    };
    let adjusted_winner = fair_division::adjusted_winner(&problem, &scenario.issues);
    // Each group's zone walks the space once more. Where there is no zone, the zone's own
    // analysis walks it too, so the cost is of the same order; where there is one, every group
    // has one as well and the counts are worth a walk only in spaces up to 2^22 outcomes — so
    // that the issue-wise merge of a large additive space does not turn into a walk of it.
    let walkable = problem
        .subspace
        .enumerable()
        .is_some_and(|n| zone.is_some() || n <= coalitions::WALK_WITH_A_ZONE);
    let coalitions = walkable
        .then(|| coalitions::coalitions(&problem).ok())
        .flatten();
    let prices = match &zone {
        Some(z) => price::prices(scenario, &relaxed, &problem, z)?,
        None => Vec::new(),
    };
    let conflicts = coalitions::conflicts(&problem);
    let statistics = statistics::statistics(&problem, options.statistics_limit).ok();
    Ok(Report {
        statistics,
        prices,
        coalitions,
        conflicts,
        problem,
        relaxed: relaxed.into_iter().collect(),
        fixed: options.fix.clone(),
        frontier,
        points,
        zone,
        adjusted_winner,
    })
}

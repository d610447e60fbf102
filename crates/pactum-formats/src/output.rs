//! Building the versioned JSON outputs (the plain types of `pactum-schema`) from the engine's
//! results.

use crate::record::TalksRecord;
use pactum_core::analysis::bargaining::BargainingPoints;
use pactum_core::analysis::fair_division::AdjustedWinner;
use pactum_core::analysis::frontier::{FrontierReport, Method};
use pactum_core::analysis::{Blocking, Closest, Deal, Problem, ZoneReport};
use pactum_core::issue::IssueKind;
use pactum_core::scenario::Scenario;
use pactum_core::talks::{Ending, Plan};
use pactum_schema as schema;
use serde_json::{Map, Value};

pub use pactum_schema::VERSION;

/// `{issue: value}`: option ids as strings, numeric values as numbers.
pub fn outcome_object(scenario: &Scenario, digits: &[u32]) -> Map<String, Value> {
    scenario
        .issues
        .iter()
        .zip(digits)
        .map(|(issue, &d)| {
            let value = match &issue.kind {
                IssueKind::Options { .. } => Value::String(issue.value_id(d)),
                IssueKind::Numeric { .. } => issue
                    .numeric_value(d)
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number),
            };
            (issue.id.clone(), value)
        })
        .collect()
}

/// `{party: value}` in party order; a value that is not finite is written as null.
pub fn by_party(parties: &[String], values: &[f64]) -> Map<String, Value> {
    parties
        .iter()
        .zip(values)
        .map(|(p, &u)| {
            (
                p.clone(),
                serde_json::Number::from_f64(u).map_or(Value::Null, Value::Number),
            )
        })
        .collect()
}

fn deal(scenario: &Scenario, parties: &[String], d: &Deal) -> schema::Deal {
    schema::Deal {
        outcome: outcome_object(scenario, &d.digits),
        utilities: by_party(parties, &d.utilities),
    }
}

fn blocking(scenario: &Scenario, parties: &[String], b: &Blocking) -> schema::Blocking {
    schema::Blocking {
        constraints: b.constraints.clone(),
        opens: b.opens,
        nash: b.nash.as_ref().map(|d| deal(scenario, parties, d)),
    }
}

fn closest(scenario: &Scenario, parties: &[String], c: &Closest) -> schema::Closest {
    schema::Closest {
        deal: deal(scenario, parties, &c.deal),
        violated: c.violated.clone(),
        shortfall: c.shortfall,
    }
}

/// The zone-of-agreement part of `talks`.
pub fn zone(scenario: &Scenario, report: &ZoneReport) -> schema::Zone {
    let parties = &report.parties;
    schema::Zone {
        outcomes: report.outcomes,
        acceptable: report.acceptable,
        nash: report.nash.as_ref().map(|d| deal(scenario, parties, d)),
        blocking: report
            .blocking
            .iter()
            .map(|b| b.constraints.clone())
            .collect(),
        blocking_detail: report
            .blocking
            .iter()
            .map(|b| blocking(scenario, parties, b))
            .collect(),
        closest: report
            .closest
            .as_ref()
            .map(|c| closest(scenario, parties, c)),
        closest_tied: report
            .closest_tied
            .iter()
            .map(|c| closest(scenario, parties, c))
            .collect(),
    }
}

/// `pactum talks --format json`.
/// The zone of agreement beside a talks record: found, or not computed because the space is
/// too large to enumerate while the talks, on inverse-utility ladders, could still run.
pub enum TalksZone {
    /// The zone, as `pactum analyze` finds it.
    Found(ZoneReport),
    /// Why it was not computed.
    NotComputed(String),
}

impl TalksZone {
    /// The zone of `problem` for talks on `session`: an analysis that refuses the space's size is
    /// not an error when the talks ran beyond [`pactum_core::talks::SEARCH_LIMIT`] (they did not
    /// need it).
    pub fn of(
        problem: &Problem,
        session: &pactum_core::talks::Session,
    ) -> Result<Self, pactum_core::analysis::AnalysisError> {
        match pactum_core::analysis::zone(problem) {
            Ok(z) => Ok(TalksZone::Found(z)),
            Err(e) if session.space.size() > u128::from(pactum_core::talks::SEARCH_LIMIT) => {
                Ok(TalksZone::NotComputed(e.to_string()))
            }
            Err(e) => Err(e),
        }
    }

    /// The zone, when found.
    pub fn found(&self) -> Option<&ZoneReport> {
        match self {
            TalksZone::Found(z) => Some(z),
            TalksZone::NotComputed(_) => None,
        }
    }
}

pub fn talks_json(
    scenario: &Scenario,
    plan: &Plan,
    talks: &TalksRecord,
    ending: &Ending,
    report: &TalksZone,
) -> schema::Talks {
    let (result, agreement, breakdown) = match ending {
        Ending::Agreement {
            round,
            outcome,
            utilities,
            discounted,
        } => (
            schema::TalksResult::Agreement,
            Some(schema::Agreement {
                round: *round,
                outcome: outcome_object(scenario, outcome),
                utilities: by_party(&talks.parties, utilities),
                discounted_utilities: by_party(&talks.parties, discounted),
            }),
            None,
        ),
        Ending::Breakdown {
            round,
            reason,
            fallbacks,
        } => (
            schema::TalksResult::Breakdown,
            None,
            Some(schema::Breakdown {
                round: *round,
                reason: reason.clone(),
                fallbacks: by_party(&talks.parties, fallbacks),
            }),
        ),
    };
    let zone = report.found().map(|r| zone(scenario, r));
    schema::Talks {
        schema: "pactum.talks".into(),
        version: VERSION,
        scenario: scenario.id.clone(),
        protocol: talks.protocol.clone(),
        seed: plan.seed,
        rng: pactum_core::rng::ALGORITHM.into(),
        deadline: plan.rounds,
        relaxed: plan.relaxed.iter().cloned().collect(),
        result,
        agreement,
        breakdown,
        rounds: talks.rounds.clone(),
        events: talks.events.clone(),
        blocking: zone
            .as_ref()
            .map(|z| z.blocking.clone())
            .unwrap_or_default(),
        zone,
        zone_note: match report {
            TalksZone::Found(_) => None,
            TalksZone::NotComputed(why) => Some(why.clone()),
        },
        briefing: crate::scenario_json::scenario_json(scenario),
    }
}

/// Everything `pactum analyze` computed.
pub struct Analysis<'a> {
    pub problem: &'a Problem,
    pub relaxed: Vec<String>,
    pub fixed: Vec<String>,
    pub frontier: &'a FrontierReport,
    pub points: &'a BargainingPoints,
    pub zone: Option<&'a ZoneReport>,
    pub adjusted_winner: Option<&'a AdjustedWinner>,
    pub coalitions: Option<&'a pactum_core::analysis::coalitions::Coalitions>,
    pub conflicts: &'a [pactum_core::analysis::coalitions::Conflict],
    pub prices: &'a [pactum_core::analysis::price::Price],
    pub statistics: Option<pactum_core::analysis::statistics::Statistics>,
    pub limit: Option<usize>,
}

impl<'a> Analysis<'a> {
    /// A view of the analysis's report, listing at most `limit` frontier points.
    pub fn of(report: &'a pactum_core::analysis::pipeline::Report, limit: Option<usize>) -> Self {
        Analysis {
            problem: &report.problem,
            relaxed: report.relaxed.clone(),
            fixed: report.fixed.clone(),
            frontier: &report.frontier,
            points: &report.points,
            zone: report.zone.as_ref(),
            adjusted_winner: report.adjusted_winner.as_ref(),
            coalitions: report.coalitions.as_ref(),
            conflicts: &report.conflicts,
            prices: &report.prices,
            statistics: report.statistics,
            limit,
        }
    }
}

/// The frontier's deals for JSON, each made only while it is written: `serde_json::to_writer` of
/// an analysis holding this keeps one deal at a time, where a `Vec<schema::Deal>` of a 10^6-point
/// frontier took 1.1 GB beside its 174 MB document (measured, docs/reliability.md).
pub struct ParetoDeals<'a> {
    scenario: &'a Scenario,
    parties: &'a [String],
    points: &'a [Deal],
}

impl serde::Serialize for ParetoDeals<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.points
                .iter()
                .map(|x| deal(self.scenario, self.parties, x)),
        )
    }
}

/// `pactum analyze --format json`, its frontier held whole (to keep or to send as one value).
pub fn analysis_json(scenario: &Scenario, a: &Analysis<'_>) -> schema::Analysis {
    let listed = listed(a);
    let pareto = listed
        .iter()
        .map(|x| deal(scenario, &a.problem.parties, x))
        .collect();
    analysis_document(scenario, a, pareto)
}

/// `pactum analyze --format json` to be written out: the frontier is made while it is written.
pub fn analysis_json_streamed<'a>(
    scenario: &'a Scenario,
    a: &'a Analysis<'a>,
) -> schema::Analysis<ParetoDeals<'a>> {
    let pareto = ParetoDeals {
        scenario,
        parties: &a.problem.parties,
        points: listed(a),
    };
    analysis_document(scenario, a, pareto)
}

/// The frontier points the document lists: the first `limit`.
fn listed<'a>(a: &Analysis<'a>) -> &'a [Deal] {
    let all = &a.frontier.pareto[..];
    &all[..all.len().min(a.limit.unwrap_or(usize::MAX))]
}

fn analysis_document<P>(scenario: &Scenario, a: &Analysis<'_>, pareto: P) -> schema::Analysis<P> {
    let parties = &a.problem.parties;
    let d = |x: &Deal| deal(scenario, parties, x);
    let zone = a.zone.map(|z| zone(scenario, z));
    schema::Analysis {
        schema: "pactum.analysis".into(),
        version: VERSION,
        scenario: scenario.id.clone(),
        parties: parties.clone(),
        fallbacks: by_party(parties, &a.problem.fallbacks),
        relaxed: a.relaxed.clone(),
        fixed: a.fixed.clone(),
        outcomes: a.frontier.outcomes,
        outcomes_exact: a.problem.subspace.size_decimal(),
        acceptable: a.frontier.acceptable,
        method: match a.frontier.method {
            Method::Stream => schema::Method::Stream,
            Method::IssueMerge => schema::Method::IssueMerge,
            Method::Search => schema::Method::Search,
        },
        exhaustive: a.frontier.exhaustive,
        pareto_size: a.frontier.pareto.len(),
        pareto,
        pareto_limit: a.limit,
        nash: a.points.nash.as_ref().map(d),
        kalai_smorodinsky: a.points.kalai_smorodinsky.as_ref().map(d),
        least_asymmetry: a.points.least_asymmetry.as_ref().map(d),
        egalitarian: a.points.egalitarian.as_ref().map(d),
        utilitarian: a.points.utilitarian.as_ref().map(d),
        blocking: zone
            .as_ref()
            .map(|z| z.blocking.clone())
            .unwrap_or_default(),
        closest: zone.as_ref().and_then(|z| z.closest.clone()),
        closest_tied: zone
            .as_ref()
            .map(|z| z.closest_tied.clone())
            .unwrap_or_default(),
        blocking_detail: zone.map(|z| z.blocking_detail).unwrap_or_default(),
        adjusted_winner: a.adjusted_winner.map(|aw| schema::AdjustedWinner {
            parties: aw.parties.clone(),
            items: aw
                .items
                .iter()
                .map(|i| schema::ItemShare {
                    issue: i.issue.clone(),
                    points: i.points,
                    first_share: i.first_share,
                })
                .collect(),
            split: aw.split.clone(),
            totals: aw.totals,
        }),
        coalitions: a
            .coalitions
            .map(|c| {
                c.groups
                    .iter()
                    .filter(|g| g.members.len() >= 2)
                    .map(|g| schema::CoalitionZone {
                        members: g.members.iter().map(|&m| parties[m].clone()).collect(),
                        acceptable: g.acceptable,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        blocking_parties: a
            .coalitions
            .map(|c| {
                c.blockers
                    .iter()
                    .map(|b| b.iter().map(|&m| parties[m].clone()).collect())
                    .collect()
            })
            .unwrap_or_default(),
        incompatible: a
            .conflicts
            .iter()
            .map(|c| schema::Incompatible {
                a: c.a.clone(),
                b: c.b.clone(),
                complements: c.complements,
            })
            .collect(),
        red_line_prices: a
            .prices
            .iter()
            .map(|p| schema::RedLinePrice {
                blocking: p.blocking.clone(),
                red_line: p.red_line.clone(),
                party: parties[p.party].clone(),
                deal: outcome_object(scenario, &p.deal.digits),
                nash_utility: p.nash_utility,
                best_in_zone: p.best_in_zone,
                fallback: p.fallback,
                loss: p.loss,
                available: p.available,
                covered: p.covered(),
            })
            .collect(),
        statistics: a.statistics.map(|st| schema::ScenarioStatistics {
            opposition: st.opposition.is_finite().then_some(st.opposition),
            rational_fraction: st.rational_fraction,
            conflict: st.conflict,
        }),
    }
}

/// `pactum improve --format json`.
pub fn improve_json(
    scenario: &Scenario,
    problem: &pactum_core::analysis::Problem,
    relaxed: &[String],
    found: &pactum_core::analysis::improve::Improvements,
) -> schema::Improve {
    let parties = &problem.parties;
    let base = &found.agreement;
    schema::Improve {
        schema: "pactum.improve".into(),
        version: VERSION,
        scenario: scenario.id.clone(),
        parties: parties.clone(),
        relaxed: relaxed.to_vec(),
        agreement: deal(scenario, parties, base),
        violated: found.violated.clone(),
        crossed: found.crossed.clone(),
        improving: found.improving,
        improvements: found
            .best
            .iter()
            .map(|i| schema::Improvement {
                outcome: outcome_object(scenario, &i.deal.digits),
                utilities: by_party(parties, &i.deal.utilities),
                gains: by_party(parties, &i.gains),
                least_gain: i.least_gain,
                changes: scenario
                    .issues
                    .iter()
                    .zip(i.deal.digits.iter().zip(&base.digits))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(issue, _)| issue.id.clone())
                    .collect(),
                pareto_optimal: i.pareto_optimal,
            })
            .collect(),
    }
}

/// `pactum sensitivity --format json`: what the analysis concluded, and how it moves.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_json(
    scenario: &Scenario,
    parties: &[String],
    relaxed: &[String],
    set: &[String],
    seed: u64,
    assumptions: &[pactum_core::analysis::sensitivity::Assumption],
    baseline: &pactum_core::analysis::sensitivity::Findings,
    sampled: &pactum_core::analysis::sensitivity::Sampled,
    tornado: &[pactum_core::analysis::sensitivity::Sweep],
) -> schema::Sensitivity {
    let counts = |m: &std::collections::BTreeMap<Vec<String>, usize>| {
        let mut v: Vec<schema::SetCount> = m
            .iter()
            .map(|(c, n)| schema::SetCount {
                constraints: c.clone(),
                samples: *n,
            })
            .collect();
        v.sort_by(|a, b| {
            b.samples
                .cmp(&a.samples)
                .then(a.constraints.cmp(&b.constraints))
        });
        v
    };
    schema::Sensitivity {
        schema: "pactum.sensitivity".into(),
        version: VERSION,
        scenario: scenario.id.clone(),
        relaxed: relaxed.to_vec(),
        set: set.to_vec(),
        seed,
        samples: sampled.samples,
        assumptions: assumptions
            .iter()
            .map(|a| schema::AssumptionRange {
                id: a.id.clone(),
                value: a.value,
                low: a.low,
                high: a.high,
                from: if a.from_scenario {
                    "scenario"
                } else {
                    "spread"
                }
                .into(),
                distribution: a.distribution.name().into(),
            })
            .collect(),
        baseline: baseline.headline(scenario),
        acceptable: baseline.acceptable,
        blocking: baseline
            .blocking
            .iter()
            .map(|b| blocking(scenario, parties, b))
            .collect(),
        sampled: schema::SampledConclusions {
            zone_empty: sampled.zone_empty,
            blocking: counts(&sampled.blocking),
            largest_opening: counts(&sampled.largest_opening),
            nash_same: sampled.nash_same,
            nash_acceptable: sampled.nash_acceptable,
        },
        tornado: tornado
            .iter()
            .map(|w| schema::SweepReport {
                id: w.assumption.id.clone(),
                value: w.assumption.value,
                low: w.assumption.low,
                high: w.assumption.high,
                room: w.room,
                flips: w
                    .flips
                    .iter()
                    .map(|f| schema::FlipReport {
                        at: f.at,
                        below: f.below.clone(),
                        above: f.above.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

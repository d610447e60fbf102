//! Versioned JSON outputs. Each document carries `schema` and `version`; fields are only added
//! within a version, never renamed or removed (see `docs/json-output.md`).

use pactum_core::analysis::bargaining::BargainingPoints;
use pactum_core::analysis::fair_division::AdjustedWinner;
use pactum_core::analysis::frontier::{FrontierReport, Method};
use pactum_core::analysis::{Blocking, Closest, Deal, Problem, ZoneReport};
use pactum_core::issue::IssueKind;
use pactum_core::scenario::Scenario;
use pactum_core::talks::mediated::Talks;
use pactum_core::talks::record::{Event, Round};
use pactum_core::talks::{Ending, TalksConfig};
use serde::Serialize;
use serde_json::{Map, Value};

pub const VERSION: u32 = 1;

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

fn by_party(parties: &[String], values: &[f64]) -> Map<String, Value> {
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

/// An outcome with each negotiator's utility.
#[derive(Serialize)]
pub struct DealJson {
    pub outcome: Map<String, Value>,
    pub utilities: Map<String, Value>,
}

impl DealJson {
    pub fn new(scenario: &Scenario, parties: &[String], deal: &Deal) -> Self {
        Self {
            outcome: outcome_object(scenario, &deal.digits),
            utilities: by_party(parties, &deal.utilities),
        }
    }
}

#[derive(Serialize)]
pub struct BlockingJson {
    pub constraints: Vec<String>,
    pub opens: u64,
    pub nash: Option<DealJson>,
}

#[derive(Serialize)]
pub struct ClosestJson {
    #[serde(flatten)]
    pub deal: DealJson,
    pub violated: Vec<String>,
    pub shortfall: f64,
}

/// The zone-of-agreement part shared by `talks` and `analyze`.
#[derive(Serialize)]
pub struct ZoneJson {
    pub outcomes: u64,
    pub acceptable: u64,
    pub nash: Option<DealJson>,
    /// Minimal sets of constraint ids whose relaxation opens a zone, smallest first.
    pub blocking: Vec<Vec<String>>,
    pub blocking_detail: Vec<BlockingJson>,
    pub closest: Option<ClosestJson>,
}

impl ZoneJson {
    pub fn new(scenario: &Scenario, report: &ZoneReport) -> Self {
        let parties = &report.parties;
        let blocking_json = |b: &Blocking| BlockingJson {
            constraints: b.constraints.clone(),
            opens: b.opens,
            nash: b.nash.as_ref().map(|d| DealJson::new(scenario, parties, d)),
        };
        let closest_json = |c: &Closest| ClosestJson {
            deal: DealJson::new(scenario, parties, &c.deal),
            violated: c.violated.clone(),
            shortfall: c.shortfall,
        };
        Self {
            outcomes: report.outcomes,
            acceptable: report.acceptable,
            nash: report
                .nash
                .as_ref()
                .map(|d| DealJson::new(scenario, parties, d)),
            blocking: report
                .blocking
                .iter()
                .map(|b| b.constraints.clone())
                .collect(),
            blocking_detail: report.blocking.iter().map(blocking_json).collect(),
            closest: report.closest.as_ref().map(closest_json),
        }
    }
}

#[derive(Serialize)]
pub struct AgreementJson {
    pub round: u32,
    pub outcome: Map<String, Value>,
    pub utilities: Map<String, Value>,
    pub discounted_utilities: Map<String, Value>,
}

#[derive(Serialize)]
pub struct BreakdownJson {
    pub round: u32,
    pub reason: String,
    pub fallbacks: Map<String, Value>,
}

/// `pactum talks --format json`.
#[derive(Serialize)]
pub struct TalksJson<'a> {
    pub schema: &'static str,
    pub version: u32,
    pub scenario: &'a str,
    pub protocol: &'static str,
    pub seed: u64,
    pub rng: &'static str,
    pub deadline: u32,
    pub relaxed: Vec<String>,
    pub result: &'static str,
    pub agreement: Option<AgreementJson>,
    pub breakdown: Option<BreakdownJson>,
    pub rounds: &'a [Round],
    pub events: &'a [Event],
    pub blocking: Vec<Vec<String>>,
    pub zone: ZoneJson,
    pub briefing: &'a Scenario,
}

pub fn talks_json<'a>(
    scenario: &'a Scenario,
    config: &TalksConfig,
    talks: &'a Talks,
    report: &ZoneReport,
) -> TalksJson<'a> {
    let (result, agreement, breakdown) = match &talks.ending {
        Ending::Agreement {
            round,
            outcome,
            utilities,
            discounted,
        } => (
            "agreement",
            Some(AgreementJson {
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
            "breakdown",
            None,
            Some(BreakdownJson {
                round: *round,
                reason: reason.clone(),
                fallbacks: by_party(&talks.parties, fallbacks),
            }),
        ),
    };
    let zone = ZoneJson::new(scenario, report);
    TalksJson {
        schema: "pactum.talks",
        version: VERSION,
        scenario: &scenario.id,
        protocol: "mediated-single-text",
        seed: config.seed,
        rng: pactum_core::rng::ALGORITHM,
        deadline: config.rounds,
        relaxed: config.relaxed.iter().cloned().collect(),
        result,
        agreement,
        breakdown,
        rounds: &talks.rounds,
        events: &talks.events,
        blocking: zone.blocking.clone(),
        zone,
        briefing: scenario,
    }
}

/// `pactum analyze --format json`.
#[derive(Serialize)]
pub struct AnalysisJson<'a> {
    pub schema: &'static str,
    pub version: u32,
    pub scenario: &'a str,
    pub parties: Vec<String>,
    pub fallbacks: Map<String, Value>,
    pub relaxed: Vec<String>,
    pub fixed: Vec<String>,
    pub outcomes: u64,
    /// Null when the space was too large to count (frontier from the issue-wise merge).
    pub acceptable: Option<u64>,
    pub method: Method,
    pub pareto_size: usize,
    /// The frontier, by utility sum descending; at most `pareto_limit` entries.
    pub pareto: Vec<DealJson>,
    pub pareto_limit: Option<usize>,
    pub nash: Option<DealJson>,
    pub kalai_smorodinsky: Option<DealJson>,
    pub egalitarian: Option<DealJson>,
    pub utilitarian: Option<DealJson>,
    pub blocking: Vec<Vec<String>>,
    pub blocking_detail: Vec<BlockingJson>,
    pub closest: Option<ClosestJson>,
    pub adjusted_winner: Option<&'a AdjustedWinner>,
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
    pub limit: Option<usize>,
}

pub fn analysis_json<'a>(scenario: &'a Scenario, a: &Analysis<'a>) -> AnalysisJson<'a> {
    let parties = &a.problem.parties;
    let deal = |d: &Deal| DealJson::new(scenario, parties, d);
    let zone = a.zone.map(|z| ZoneJson::new(scenario, z));
    let limit = a.limit.unwrap_or(usize::MAX);
    AnalysisJson {
        schema: "pactum.analysis",
        version: VERSION,
        scenario: &scenario.id,
        parties: parties.clone(),
        fallbacks: by_party(parties, &a.problem.fallbacks),
        relaxed: a.relaxed.clone(),
        fixed: a.fixed.clone(),
        outcomes: a.frontier.outcomes,
        acceptable: a.frontier.acceptable,
        method: a.frontier.method,
        pareto_size: a.frontier.pareto.len(),
        pareto: a.frontier.pareto.iter().take(limit).map(deal).collect(),
        pareto_limit: a.limit,
        nash: a.points.nash.as_ref().map(deal),
        kalai_smorodinsky: a.points.kalai_smorodinsky.as_ref().map(deal),
        egalitarian: a.points.egalitarian.as_ref().map(deal),
        utilitarian: a.points.utilitarian.as_ref().map(deal),
        blocking: zone
            .as_ref()
            .map(|z| z.blocking.clone())
            .unwrap_or_default(),
        closest: zone.as_ref().and_then(|z| {
            z.closest.as_ref().map(|c| ClosestJson {
                deal: DealJson {
                    outcome: c.deal.outcome.clone(),
                    utilities: c.deal.utilities.clone(),
                },
                violated: c.violated.clone(),
                shortfall: c.shortfall,
            })
        }),
        blocking_detail: zone.map(|z| z.blocking_detail).unwrap_or_default(),
        adjusted_winner: a.adjusted_winner,
    }
}

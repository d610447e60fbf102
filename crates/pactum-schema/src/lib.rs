//! Plain serde types of pactum's JSON outputs, so other tools can read them without depending on
//! the engine. Every document carries `schema` and `version`; within a version fields are only
//! added, never renamed or removed (`docs/json-output.md`).
//!
//! - [`Analysis`]: `pactum analyze --format json` (`"schema": "pactum.analysis"`);
//! - [`Talks`]: `pactum talks --format json` (`"schema": "pactum.talks"`), with the talks record
//!   ([`Event`], [`Round`], [`Response`]) that the engine itself emits;
//! - [`Scenario`]: `pactum show --format json` and the talks' `briefing`
//!   (`"schema": "pactum.scenario"`);
//! - [`TournamentRow`]: one negotiation of `pactum tournament --format jsonl`
//!   (`"schema": "pactum.tournament_row"`);
//! - [`agent`]: the JSON-lines messages between pactum and an outside agent (`pactum.agent/1`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub mod agent;
pub mod scenario;
pub use scenario::Scenario;

/// The version of every document defined here.
pub const VERSION: u32 = 1;

fn yes() -> bool {
    true
}

/// `{issue: value}`: an option id (string) or, for numeric issues, a number.
pub type Outcome = Map<String, Value>;
/// `{party: number}`, in the scenario's party order.
pub type ByParty = Map<String, Value>;

/// How the frontier was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Every outcome enumerated.
    Stream,
    /// Partial frontiers merged issue by issue (additive preferences).
    IssueMerge,
    /// Branch and bound over a space too large to enumerate.
    Search,
}

/// How the talks ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TalksResult {
    Agreement,
    Breakdown,
}

/// What a party tells the mediator in a caucus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosed {
    /// Its whole utility function.
    Preferences,
    /// Its ranking of issues and options.
    Priorities,
    RedLines,
    Fallback,
}

/// Written as the record writes it (`red_lines`), so the name lives in one place.
impl std::fmt::Display for Disclosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(Value::String(s)) => f.write_str(&s),
            _ => Err(std::fmt::Error),
        }
    }
}

/// An outcome with each negotiating party's utility.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub outcome: Outcome,
    pub utilities: ByParty,
}

/// A minimal set of constraints whose relaxation opens a zone of agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blocking {
    /// `party.redline` or `party.fallback` ids.
    pub constraints: Vec<String>,
    /// Outcomes that become acceptable.
    pub opens: u64,
    pub nash: Option<Deal>,
}

/// The outcome nearest to agreement when none is acceptable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closest {
    #[serde(flatten)]
    pub deal: Deal,
    pub violated: Vec<String>,
    /// Total shortfall below the fallbacks.
    pub shortfall: f64,
}

/// One item's division under Adjusted Winner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemShare {
    pub issue: String,
    pub points: [f64; 2],
    /// The first party's share of the item, 0 to 1.
    pub first_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdjustedWinner {
    pub parties: [String; 2],
    pub items: Vec<ItemShare>,
    /// The split item and the first party's share of it.
    pub split: Option<(String, f64)>,
    pub totals: [f64; 2],
}

/// `pactum analyze --format json`.
///
/// `Pareto` is how the frontier is held: a `Vec<Deal>` to read a document, or a sequence made one
/// deal at a time while it is written (`pactum-formats`' `ParetoDeals`), so that a frontier of
/// millions of points is never held as JSON values whole (about 1 KB a point).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis<Pareto = Vec<Deal>> {
    /// `"pactum.analysis"`.
    pub schema: String,
    pub version: u32,
    pub scenario: String,
    pub parties: Vec<String>,
    pub fallbacks: ByParty,
    pub relaxed: Vec<String>,
    pub fixed: Vec<String>,
    /// Outcomes under study; can exceed 2^64 (an ANAC 2014 space has 10^30), and saturates at
    /// 2^128 − 1: `outcomes_exact` is exact.
    pub outcomes: u128,
    /// The number of outcomes under study as a decimal string, exact however large (10^40 for
    /// `50issues`). Absent in documents written before it was added.
    #[serde(default)]
    pub outcomes_exact: String,
    /// Null when the space was too large to count.
    pub acceptable: Option<u64>,
    /// How the frontier was computed.
    pub method: Method,
    /// False when a search stopped at its node limit: `pareto` then lists the best outcomes
    /// found, and better ones may exist. Absent in documents written before it was added.
    #[serde(default = "yes")]
    pub exhaustive: bool,
    pub pareto_size: usize,
    pub pareto: Pareto,
    pub pareto_limit: Option<usize>,
    pub nash: Option<Deal>,
    pub kalai_smorodinsky: Option<Deal>,
    /// The frontier point with the smallest `Σ_{i<j} |u_i − u_j|`: what GENIUS and the ANL tools
    /// call "Kalai" (not the Kalai–Smorodinsky solution). Absent in older documents.
    #[serde(default)]
    pub least_asymmetry: Option<Deal>,
    pub egalitarian: Option<Deal>,
    pub utilitarian: Option<Deal>,
    pub blocking: Vec<Vec<String>>,
    pub blocking_detail: Vec<Blocking>,
    pub closest: Option<Closest>,
    /// Every outcome as close to agreement as `closest` (it first), one per set of constraints
    /// violated. Absent in documents written before it was added.
    #[serde(default)]
    pub closest_tied: Vec<Closest>,
    pub adjusted_winner: Option<AdjustedWinner>,
    /// Every group of negotiators (two or more) and the outcomes all its members can accept,
    /// each member's own constraints in force. Empty when the space is too large to walk, and in
    /// documents written before it was added.
    #[serde(default)]
    pub coalitions: Vec<CoalitionZone>,
    /// When no outcome is acceptable to all: the smallest sets of negotiators whose leaving
    /// would give the others a zone.
    #[serde(default)]
    pub blocking_parties: Vec<Vec<String>>,
    /// Red lines of different parties that no outcome satisfies together; `complements` when
    /// every outcome satisfies exactly one of them. No protocol can bridge such a pair.
    #[serde(default)]
    pub incompatible: Vec<Incompatible>,
    /// When no outcome is acceptable: for each red line of each blocking set, what its party
    /// gets once the set is relaxed and what the line costs it in the deal that opens.
    #[serde(default)]
    pub red_line_prices: Vec<RedLinePrice>,
    /// NegMAS's scenario statistics (docs/json-output.md); absent beyond 2^18 outcomes (2^24 with
    /// `analyze --statistics`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<ScenarioStatistics>,
}

/// A scenario's difficulty as NegMAS 0.16 measures it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioStatistics {
    /// `opposition_level`: distance from the ideal point to the nearest outcome at or above
    /// every fallback, utilities divided by each party's best; null when no outcome is.
    pub opposition: Option<f64>,
    /// `rational_fraction`: share of outcomes strictly above every fallback.
    pub rational_fraction: f64,
    /// `conflict_level` over every pair of outcomes (two parties, up to 2^20 outcomes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<f64>,
}

/// What one red line of a blocking set costs its party (`docs/json-output.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedLinePrice {
    pub blocking: Vec<String>,
    pub red_line: String,
    pub party: String,
    /// The Nash deal of the zone the blocking set's relaxation opens.
    pub deal: Outcome,
    pub nash_utility: f64,
    pub best_in_zone: f64,
    pub fallback: f64,
    /// What the line would have kept for the party on its own issues, the rest of the deal
    /// unchanged: the compensation it needs on the other issues.
    pub loss: f64,
    /// The most the other issues can add for it inside the zone.
    pub available: f64,
    pub covered: bool,
}

/// `pactum improve --format json` (`"schema": "pactum.improve"`): the packages that improve on
/// an agreement for every negotiator, within the red lines in force, best least gain first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Improve {
    pub schema: String,
    pub version: u32,
    pub scenario: String,
    pub parties: Vec<String>,
    pub relaxed: Vec<String>,
    pub agreement: Deal,
    /// Constraints in force the agreement violates (empty: it is acceptable).
    pub violated: Vec<String>,
    /// The red lines in force the agreement crosses: the improvements may cross them too, never
    /// another (absent in documents written before it was added).
    #[serde(default)]
    pub crossed: Vec<String>,
    /// Outcomes within the red lines that improve on it; null when the space was too large to
    /// count (the improvements listed are then the frontier's).
    pub improving: Option<u64>,
    pub improvements: Vec<Improvement>,
}

/// One package improving on an agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    pub outcome: Outcome,
    pub utilities: ByParty,
    pub gains: ByParty,
    pub least_gain: f64,
    /// The issues whose value changes from the agreement.
    pub changes: Vec<String>,
    pub pareto_optimal: bool,
}

/// `pactum sensitivity --format json` (`"schema": "pactum.sensitivity"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub schema: String,
    pub version: u32,
    pub scenario: String,
    pub relaxed: Vec<String>,
    /// `--set PARTY.FIELD=VALUE` changes applied first.
    pub set: Vec<String>,
    pub seed: u64,
    pub samples: usize,
    pub assumptions: Vec<AssumptionRange>,
    /// The conclusion at the scenario's own numbers.
    pub baseline: String,
    pub acceptable: u64,
    pub blocking: Vec<Blocking>,
    pub sampled: SampledConclusions,
    /// One-at-a-time sweeps, most flips first, then the largest swing in room.
    pub tornado: Vec<SweepReport>,
}

/// A number varied, and its range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssumptionRange {
    pub id: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// `"scenario"` (its `range`) or `"spread"` (`value · (1 ± spread)`).
    pub from: String,
    /// How the samples draw it: `"uniform"` or `"triangular"` (peaking at `value`); absent in
    /// documents written before it was added.
    #[serde(default = "uniform")]
    pub distribution: String,
}

fn uniform() -> String {
    "uniform".into()
}

/// How often each conclusion held over the samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampledConclusions {
    pub zone_empty: usize,
    /// Each minimal blocking set and the samples it blocked in.
    pub blocking: Vec<SetCount>,
    /// Each blocking set and the samples where it opened the most room, alone or tied (a tie
    /// counts for each of its sets).
    pub largest_opening: Vec<SetCount>,
    /// Samples with the baseline's Nash deal (0 when the baseline has none).
    pub nash_same: usize,
    /// Samples in which the baseline's Nash deal stays acceptable to all.
    pub nash_acceptable: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetCount {
    pub constraints: Vec<String>,
    pub samples: usize,
}

/// One assumption swept over its range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepReport {
    pub id: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// The smallest and largest room: the zone's size, or what the best relaxation opens.
    pub room: (u64, u64),
    pub flips: Vec<FlipReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlipReport {
    pub at: f64,
    pub below: String,
    pub above: String,
}

/// A group of negotiators and its own zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoalitionZone {
    pub members: Vec<String>,
    pub acceptable: u64,
}

/// Two red lines no outcome satisfies together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incompatible {
    pub a: String,
    pub b: String,
    pub complements: bool,
}

/// One answer to a proposed text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub party: String,
    pub accept: bool,
    /// The party's utility of the text (undiscounted).
    pub utility: f64,
    /// What the party needed this round (the larger of its aspiration and its fallback), in
    /// undiscounted terms.
    pub threshold: f64,
    /// Own red lines the text crosses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    /// Issues the party objects to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objections: Vec<String>,
}

/// One entry of the talks record. Rounds count from 1; the caucus phase is round 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The mediator meets a party privately and learns what it discloses.
    Caucus {
        round: u32,
        mediator: String,
        party: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        disclosed: Vec<Disclosed>,
    },
    /// A complete text on the table: `[issue, value]` in issue order.
    Proposal {
        round: u32,
        from: String,
        text: Vec<(String, String)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        revised: Vec<String>,
        /// Why the mediator tabled it (the single text's Nash mediator).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        why: Option<String>,
    },
    Answer {
        round: u32,
        #[serde(flatten)]
        response: Response,
    },
    Agreement {
        round: u32,
        text: Vec<(String, String)>,
    },
    Deadline {
        round: u32,
    },
    Breakdown {
        round: u32,
        reason: String,
    },
    /// How close a party's opponent model of another party is to the truth at the end of a
    /// round (docs/strategies.md, "Opponent models scored against the truth").
    Model {
        round: u32,
        /// The modelling party.
        party: String,
        /// The party modelled.
        of: String,
        #[serde(flatten)]
        score: ModelScore,
    },
    /// At the end of the talks: where each acceptance condition a party tested side by side
    /// (`accept=mac`) would have accepted.
    Verdicts {
        party: String,
        verdicts: Vec<Verdict>,
    },
    /// A party's strategy failed (panicked or broke a rule); the negotiation ends.
    Error {
        round: u32,
        party: String,
        message: String,
    },
}

/// One acceptance condition's verdict in an AC_MAC test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// The condition, as a BOA component spec.
    pub condition: String,
    /// The round of the first offer it would have accepted; null if none before the end.
    pub round: Option<u32>,
    /// The party's utility of that offer.
    pub utility: Option<f64>,
}

/// An opponent model scored against the truth, over the outcomes of the space (a seeded sample
/// of 1,024 in a larger one).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelScore {
    /// Kendall's τ-b of estimated and true utilities (0 when either is constant).
    pub kendall: f64,
    /// Pearson's correlation of estimated and true utilities (0 when either is constant).
    pub pearson: f64,
    /// Root mean square difference: the Euclidean distance over √n.
    pub euclidean: f64,
    /// Mean distance, in true utilities, from the outcomes the model thinks efficient to the
    /// true frontier of the two parties.
    pub frontier: f64,
    /// The model's estimate of the party's fallback, if it makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation: Option<f64>,
    /// The party's true fallback, beside that estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub true_reservation: Option<f64>,
}

/// A round as a whole: the text and every answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub round: u32,
    pub text: Vec<(String, String)>,
    pub revised: Vec<String>,
    pub responses: Vec<Response>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub round: u32,
    pub outcome: Outcome,
    pub utilities: ByParty,
    pub discounted_utilities: ByParty,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub round: u32,
    pub reason: String,
    /// What each party falls back to.
    pub fallbacks: ByParty,
}

/// The zone of agreement as `talks` reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub outcomes: u64,
    pub acceptable: u64,
    pub nash: Option<Deal>,
    pub blocking: Vec<Vec<String>>,
    pub blocking_detail: Vec<Blocking>,
    pub closest: Option<Closest>,
    /// Every outcome as close as `closest` (it first), one per set of constraints violated.
    #[serde(default)]
    pub closest_tied: Vec<Closest>,
}

/// `pactum talks --format json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Talks {
    /// `"pactum.talks"`.
    pub schema: String,
    pub version: u32,
    pub scenario: String,
    pub protocol: String,
    pub seed: u64,
    /// The random generator, `"chacha8"`.
    pub rng: String,
    pub deadline: u32,
    pub relaxed: Vec<String>,
    /// `"agreement"` or `"breakdown"`.
    pub result: TalksResult,
    pub agreement: Option<Agreement>,
    pub breakdown: Option<Breakdown>,
    pub rounds: Vec<Round>,
    pub events: Vec<Event>,
    pub blocking: Vec<Vec<String>>,
    /// Null when the space is too large to enumerate (the talks ran on inverse-utility ladders);
    /// `zone_note` then says why.
    pub zone: Option<Zone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_note: Option<String>,
    /// The scenario as the engine read it.
    /// The scenario as the engine read it (`pactum.scenario`).
    pub briefing: Scenario,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_json() {
        let events = vec![
            Event::Caucus {
                round: 0,
                mediator: "m".into(),
                party: "a".into(),
                when: None,
                place: Some("p".into()),
                disclosed: vec![Disclosed::RedLines],
            },
            Event::Answer {
                round: 1,
                response: Response {
                    party: "a".into(),
                    accept: false,
                    utility: 0.5,
                    threshold: 0.7,
                    red_lines: vec![],
                    objections: vec!["x".into()],
                },
            },
            Event::Breakdown {
                round: 3,
                reason: "deadline".into(),
            },
        ];
        let text = serde_json::to_string(&events).unwrap();
        assert!(
            text.contains(r#""event":"answer","round":1,"party":"a""#),
            "{text}"
        );
        let back: Vec<Event> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, events);
    }
}

/// One negotiation of a tournament (`pactum tournament --format jsonl`: one row per line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentRow {
    /// `"pactum.tournament_row"`.
    pub schema: String,
    pub version: u32,
    pub scenario: String,
    /// `"saop"` or `"alternating"`.
    pub protocol: String,
    /// `{party: strategy spec}`, in the scenario's party order.
    pub strategies: Map<String, Value>,
    /// From 0.
    pub repetition: u32,
    /// The negotiation's own seed (derived from the tournament seed and its place).
    pub seed: u64,
    pub deadline: u32,
    pub agreement: bool,
    /// The round of the agreement or of the breakdown.
    pub round: u32,
    pub outcome: Option<Outcome>,
    /// What each party ends with: its discounted utility of the agreement, or its fallback.
    pub utilities: ByParty,
    /// `utilities` minus each party's fallback at the opening.
    pub advantages: ByParty,
    /// Sum of `utilities`.
    pub welfare: f64,
    /// Distance (Euclidean, undiscounted utilities) from the agreement to the nearest
    /// Pareto-optimal acceptable outcome and to the Nash point; null without an agreement (or
    /// when the scenario's frontier could not be computed).
    pub pareto_distance: Option<f64>,
    pub nash_distance: Option<f64>,
    /// NegMAS's optimality metrics (`docs/json-output.md` gives the formulas), on utilities
    /// normalised to 0..1, at the agreement or, without one, at the fallbacks; null when
    /// undefined (an empty frontier). Absent in rows written before they were added.
    #[serde(default)]
    pub pareto_optimality: Option<f64>,
    #[serde(default)]
    pub nash_optimality: Option<f64>,
    #[serde(default)]
    pub kalai_optimality: Option<f64>,
    #[serde(default)]
    pub ks_optimality: Option<f64>,
    #[serde(default)]
    pub max_welfare_optimality: Option<f64>,
    /// The largest of the Nash, Kalai and KS optimalities.
    #[serde(default)]
    pub fairness: Option<f64>,
    pub offers: u64,
    /// The utilities as NegMAS's `cartesian_tournament` scores them (normalised as it
    /// normalises, undiscounted), with its reserved values and advantages; absent in rows written
    /// before they were added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalised: Option<Normalised>,
    /// Each opponent model a strategy kept, scored against the truth when the negotiation
    /// ended; absent when no strategy keeps one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelOf>,
    /// Why the negotiation failed, when a strategy failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A negotiation's result on NegMAS's scale (docs/tournaments.md, "NegMAS's files").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Normalised {
    /// Each party's normalised utility of the agreement, or its normalised fallback.
    pub utilities: ByParty,
    /// Each party's normalised fallback (NegMAS's `reserved_value`).
    pub reserved_values: ByParty,
    /// NegMAS's `advantage`: `(u − r)/(max − r)`.
    pub advantages: ByParty,
}

/// One party's opponent model of another, scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelOf {
    /// The modelling party.
    pub party: String,
    /// The party modelled.
    pub of: String,
    #[serde(flatten)]
    pub score: ModelScore,
}

/// A mean with the half-width of its 95% confidence interval (`1.96·s/√n`), over `n` values;
/// null mean when there were none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub mean: Option<f64>,
    pub ci95: Option<f64>,
    pub n: usize,
}

/// One strategy in a tournament report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrategyReport {
    pub strategy: String,
    /// By mean utility; equal means share a rank.
    pub rank: usize,
    pub negotiations: usize,
    pub agreements: usize,
    pub utility: Estimate,
    pub advantage: Estimate,
    pub pareto_optimality: Estimate,
    pub nash_optimality: Estimate,
    pub fairness: Estimate,
    /// Over its agreements.
    pub rounds: Estimate,
}

/// `pactum report FILE.sqlite --format json` (`"schema": "pactum.tournament_report"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentReport {
    pub schema: String,
    pub version: u32,
    /// Negotiations stored, and in the whole plan.
    pub stored: usize,
    pub planned: u64,
    pub engine: String,
    /// Best first.
    pub strategies: Vec<StrategyReport>,
    /// Every pair of strategies: does one end with more than the other? (Absent in reports
    /// written before it was added.)
    #[serde(default)]
    pub pairwise: Vec<PairReport>,
}

/// A two-sided Mann–Whitney U test of two strategies' utilities (every role each played), with
/// Holm's correction over all pairs of the report (`docs/tournaments.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairReport {
    pub a: String,
    pub b: String,
    pub n_a: usize,
    pub n_b: usize,
    pub u: f64,
    /// The probability that a utility of `a` exceeds one of `b` (ties count half): 0.5 is none.
    pub effect: f64,
    /// Two-sided p-value; null when undefined (a side empty, or every utility equal).
    pub p: Option<f64>,
    pub p_holm: Option<f64>,
}

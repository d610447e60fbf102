//! `pactum show --format json` and the talks document's `briefing`: a scenario as a versioned
//! document (`"schema": "pactum.scenario"`). Parties, issues and values are named by their ids,
//! never by an index of the engine's; closed sets are enums.

use serde::{Deserialize, Serialize};

/// Where a fact comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Paragraphs of the source document, e.g. `["¶4", "¶7"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Present when the fact is a modelling assumption: why it was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// For a number: the range it may take, `[low, high]` (`pactum sensitivity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
    /// How `pactum sensitivity` draws it over the range when not uniformly: `"triangular"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
}

/// One named option of an issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueOption {
    pub id: String,
    pub label: String,
    pub description: String,
    pub provenance: Provenance,
}

/// The values an issue takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueValues {
    /// Named options; `ordered` when they run from one end of a scale to the other.
    Options {
        options: Vec<IssueOption>,
        ordered: bool,
    },
    /// `min, min + step, …, ≤ max`.
    Numeric {
        min: f64,
        max: f64,
        step: f64,
        integer: bool,
        unit: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub id: String,
    pub label: String,
    pub description: String,
    #[serde(flatten)]
    pub values: IssueValues,
    pub provenance: Provenance,
}

/// What a party does at the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Party,
    Mediator,
    Stakeholder,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delegate {
    pub name: String,
    pub title: String,
    pub role: String,
    /// False for principals who shape the talks but are not in the room.
    pub at_table: bool,
    pub provenance: Provenance,
}

/// How a party values the options of one issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueFunction {
    /// One value per option (or per numeric value), in the issue's order.
    Table { values: Vec<f64> },
    /// Linear from `at_min` (the issue's minimum) to `at_max`.
    Linear { at_min: f64, at_max: f64 },
    /// Linear between `(x, value)` points.
    Piecewise { points: Vec<(f64, f64)> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuePreference {
    /// The issue's id.
    pub issue: String,
    pub weight: f64,
    pub values: ValueFunction,
    pub provenance: Provenance,
    /// Ranges given to single entries of a value table, for `pactum sensitivity`. Absent when
    /// there are none, and in documents written before they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_ranges: Vec<ValueRange>,
}

/// The range of one entry of a value table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueRange {
    /// The option's id.
    pub option: String,
    pub low: f64,
    pub high: f64,
    /// How `pactum sensitivity` draws it over the range when not uniformly: `"triangular"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
}

/// An interaction term's condition on one issue: it holds when the issue takes one of `values`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The issue's id.
    pub issue: String,
    /// Value ids (option ids, or numbers written as the scenario writes them).
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    /// Every condition must hold.
    pub when: Vec<Condition>,
    pub bonus: f64,
    pub description: String,
    pub provenance: Provenance,
}

/// How weights and utilities are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Semantics {
    /// Weights normalised by their sum; utilities clamped to 0..1.
    Normalised,
    /// GENIUS's additive profiles: weights as written, sums not clamped.
    AsWritten,
    /// GENIUS's nonlinear profiles: as written, a sum above 1 counts as 1.
    Capped,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    pub issues: Vec<IssuePreference>,
    pub interactions: Vec<Interaction>,
    pub semantics: Semantics,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedLine {
    pub id: String,
    /// The expression as written.
    pub expr: String,
    pub description: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fallback {
    /// Utility of no agreement at the start, before stakeholders' influence.
    pub utility: f64,
    /// Added each round while the talks run.
    pub per_round: f64,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discount {
    pub per_round: f64,
    pub at_deadline: f64,
    pub provenance: Provenance,
}

/// What a party tells the mediator in a caucus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub red_lines: bool,
    pub priorities: bool,
    pub fallback: bool,
    pub preferences: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Influence {
    /// The party whose fallback it shapes.
    pub party: String,
    pub fallback_delta: f64,
    pub description: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub description: String,
    pub delegation: Vec<Delegate>,
    pub preferences: Preferences,
    pub red_lines: Vec<RedLine>,
    pub fallback: Fallback,
    pub discount: Discount,
    pub disclosure: Disclosure,
    /// Why the party discloses what it does. (Absent in older documents.)
    #[serde(default)]
    pub disclosure_provenance: Provenance,
    pub influences: Vec<Influence>,
    pub figures: Vec<Figure>,
    /// The party's default strategy under the offer protocols, as a spec.
    pub strategy: Option<String>,
    pub provenance: Provenance,
}

/// Something that happened before or during the talks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub when: String,
    /// Day relative to the opening of the talks (0), when it can be placed.
    pub day: Option<i64>,
    pub date: Option<String>,
    pub place: Option<String>,
    /// Party ids taking part.
    pub parties: Vec<String>,
    pub people: Vec<String>,
    pub summary: String,
    /// The party the mediator meets privately at this event, if it is a caucus.
    pub caucus: Option<String>,
    pub provenance: Provenance,
}

/// A protocol family, as scenario files and `--protocol` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    SingleText,
    Saop,
    Alternating,
}

/// The single-text protocol's mediator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mediator {
    Nash,
    HillClimbing,
    Annealing,
}

/// The talks' defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TalksDefaults {
    pub rounds: u32,
    pub seed: u64,
    /// When the scenario names one.
    pub protocol: Option<Protocol>,
    /// When the scenario names one.
    pub mediator: Option<Mediator>,
    /// Where the deadline comes from, and what a round stands for. (Absent in documents
    /// written before it was added.)
    #[serde(default)]
    pub rounds_provenance: Provenance,
}

/// `pactum show --format json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// `"pactum.scenario"`.
    pub schema: String,
    pub version: u32,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub source: String,
    pub issues: Vec<Issue>,
    pub parties: Vec<Party>,
    pub timeline: Vec<TimelineEvent>,
    pub talks: TalksDefaults,
}

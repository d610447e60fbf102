//! The scenario: who negotiates, over what, what each side wants and will not give up, and what
//! happened before the talks.

use crate::issue::Issue;
use crate::preference::{Preferences, UtilityFunction};
use crate::provenance::Provenance;
use crate::redline::Constraint;
use crate::space::{OutcomeSpace, SpaceError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Negotiates and must accept any agreement.
    Party,
    /// Proposes texts; has no veto.
    Mediator,
    /// Outside the room; can shape a party's fallback.
    Stakeholder,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Party => "party",
            Role::Mediator => "mediator",
            Role::Stakeholder => "stakeholder",
        }
    }
}

/// A member of a delegation.
#[derive(Clone, Debug, PartialEq)]
pub struct Delegate {
    pub name: String,
    pub title: String,
    /// The part this person plays, e.g. "lead negotiator".
    pub role: String,
    /// False for principals who shape the talks but are not in the room.
    pub at_table: bool,
    pub provenance: Provenance,
}

/// A named constraint a party will not cross.
#[derive(Clone, Debug, PartialEq)]
pub struct RedLine {
    pub id: String,
    /// The expression as written.
    pub expr: String,
    pub description: String,
    pub constraint: Constraint,
    pub provenance: Provenance,
}

/// What walking away is worth, and how that changes while the talks run.
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    /// Utility of no agreement at the start of the talks, before stakeholders' influence.
    pub utility: f64,
    /// Added to the fallback each round (negative while the fighting costs a side).
    pub per_round: f64,
    pub provenance: Provenance,
}

/// How an agreement loses value with time. At round `r` (from 1) of talks with a deadline of
/// `R` rounds it is worth `u · per_round^(r−1) · at_deadline^(r/(R+1))`: the first factor is
/// pactum's cost per round, the second GENIUS's time discount (`<discount_factor>`, with its
/// `DiscreteTimeline` time `r/(R+1)`). Both are 1 when time costs nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Discount {
    pub per_round: f64,
    pub at_deadline: f64,
    pub provenance: Provenance,
}

impl Discount {
    /// The factor at round `round` (from 1) with a deadline of `deadline` rounds.
    pub fn factor(&self, round: u32, deadline: u32) -> f64 {
        let t = f64::from(round) / (f64::from(deadline) + 1.0);
        self.per_round.powi(round.saturating_sub(1) as i32)
            * if self.at_deadline == 1.0 {
                1.0
            } else {
                self.at_deadline.powf(t)
            }
    }
}

/// What a party tells the mediator in a private meeting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Disclosure {
    pub red_lines: bool,
    /// Its ranking of the issues and, per issue, of the options.
    pub priorities: bool,
    pub fallback: bool,
    /// Its whole utility function.
    pub preferences: bool,
}

/// How a stakeholder shapes a party's fallback (e.g. by funding it).
#[derive(Clone, Debug, PartialEq)]
pub struct Influence {
    pub party: usize,
    pub fallback_delta: f64,
    pub description: String,
    pub provenance: Provenance,
}

/// A figure a party is known by (e.g. aid committed), shown in the briefing.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq)]
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
    pub influences: Vec<Influence>,
    pub figures: Vec<Figure>,
    /// The party's default strategy under offer protocols.
    pub strategy: Option<crate::talks::StrategySpec>,
    pub provenance: Provenance,
}

impl Party {
    /// A negotiating party with preferences and a fallback only: no delegation, red lines or
    /// cost of time; it discloses its red lines and priorities to a mediator. Importers and
    /// generated scenarios start from this.
    pub fn negotiator(
        id: impl Into<String>,
        preferences: Preferences,
        fallback: f64,
        provenance: Provenance,
    ) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            role: Role::Party,
            description: String::new(),
            delegation: Vec::new(),
            preferences,
            red_lines: Vec::new(),
            fallback: Fallback {
                utility: fallback,
                per_round: 0.0,
                provenance: provenance.clone(),
            },
            discount: Discount {
                per_round: 1.0,
                at_deadline: 1.0,
                provenance: provenance.clone(),
            },
            disclosure: Disclosure {
                red_lines: true,
                priorities: true,
                fallback: false,
                preferences: false,
            },
            influences: Vec::new(),
            figures: Vec::new(),
            strategy: None,
            provenance,
        }
    }
}

/// Something that happened before or during the talks.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When, as the source puts it ("Thursday", "August, the year before").
    pub when: String,
    /// Day relative to the opening of the talks (0), when it can be placed.
    pub day: Option<i64>,
    /// A calendar date, when the source gives one.
    pub date: Option<String>,
    /// Where; `None` when the source does not say.
    pub place: Option<String>,
    /// Party indices taking part.
    pub parties: Vec<usize>,
    /// People taking part, by name.
    pub people: Vec<String>,
    pub summary: String,
    /// Set when the event is a private meeting of the mediator with this party.
    pub caucus: Option<usize>,
    pub provenance: Provenance,
}

/// Defaults for `pactum talks` on this scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct TalksDefaults {
    pub rounds: u32,
    pub seed: u64,
    /// The protocol, when the scenario names one.
    pub protocol: Option<crate::talks::Protocol>,
    /// The single-text mediator, when named.
    pub mediator: Option<crate::talks::Mediator>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The document the facts come from, as a citation.
    pub source: String,
    pub issues: Vec<Issue>,
    pub parties: Vec<Party>,
    pub timeline: Vec<Event>,
    pub talks: TalksDefaults,
}

impl Scenario {
    /// A scenario of issues and parties only, titled by its id, with default talks settings
    /// (100 rounds, seed 1).
    pub fn new(id: impl Into<String>, issues: Vec<Issue>, parties: Vec<Party>) -> Self {
        let id = id.into();
        Self {
            title: id.clone(),
            id,
            summary: String::new(),
            source: String::new(),
            issues,
            parties,
            timeline: Vec::new(),
            talks: TalksDefaults {
                rounds: 100,
                seed: 1,
                protocol: None,
                mediator: None,
            },
        }
    }

    pub fn space(&self) -> Result<OutcomeSpace, SpaceError> {
        let radices = self
            .issues
            .iter()
            .map(|i| u32::try_from(i.cardinality()).unwrap_or(u32::MAX))
            .collect();
        OutcomeSpace::new(radices)
    }

    /// Indices of the parties that negotiate (role `party`), in scenario order.
    pub fn negotiators(&self) -> Vec<usize> {
        self.parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role == Role::Party)
            .map(|(i, _)| i)
            .collect()
    }

    pub fn mediator(&self) -> Option<usize> {
        self.parties.iter().position(|p| p.role == Role::Mediator)
    }

    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    pub fn utility_function(&self, party: usize) -> UtilityFunction {
        UtilityFunction::new(&self.parties[party].preferences, &self.issues)
    }

    /// The party's fallback at the start of the talks, stakeholders' influence included.
    pub fn base_fallback(&self, party: usize) -> f64 {
        let delta: f64 = self
            .parties
            .iter()
            .flat_map(|p| &p.influences)
            .filter(|i| i.party == party)
            .map(|i| i.fallback_delta)
            .sum();
        self.parties[party].fallback.utility + delta
    }

    /// The party's fallback at round `round` (from 0), as the fighting goes on.
    pub fn fallback_at(&self, party: usize, round: u32) -> f64 {
        let drift = self.parties[party].fallback.per_round * f64::from(round);
        self.base_fallback(party) + drift
    }

    /// The factor an agreement reached at round `round` (from 0) of talks with `deadline`
    /// rounds is worth to the party.
    pub fn discount_at(&self, party: usize, round: u32, deadline: u32) -> f64 {
        self.parties[party].discount.factor(round + 1, deadline)
    }

    /// Every red line and fallback, as the constraint ids used by `--relax` and in blocking
    /// sets: `party.redline` and `party.fallback`.
    pub fn constraint_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for &p in &self.negotiators() {
            let party = &self.parties[p];
            ids.extend(
                party
                    .red_lines
                    .iter()
                    .map(|r| format!("{}.{}", party.id, r.id)),
            );
            ids.push(format!("{}.fallback", party.id));
        }
        ids
    }
}

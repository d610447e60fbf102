//! The scenario: who negotiates, over what, what each side wants and will not give up, and what
//! happened before the talks.

use crate::issue::Issue;
use crate::preference::{Preferences, UtilityFunction};
use crate::provenance::Provenance;
use crate::redline::Constraint;
use crate::space::{OutcomeSpace, SpaceError};

/// What a party does at the table.
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
    /// The role as written in scenario files: `party`, `mediator` or `stakeholder`.
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
    /// The person's name.
    pub name: String,
    /// The person's office or rank, e.g. "Foreign Minister".
    pub title: String,
    /// The part this person plays, e.g. "lead negotiator".
    pub role: String,
    /// False for principals who shape the talks but are not in the room.
    pub at_table: bool,
    /// Where the facts about this person come from.
    pub provenance: Provenance,
}

/// A named constraint a party will not cross.
#[derive(Clone, Debug, PartialEq)]
pub struct RedLine {
    /// Identifier of the red line within its party.
    pub id: String,
    /// The expression as written.
    pub expr: String,
    /// What the red line stands for, in words; empty when there is none.
    pub description: String,
    /// The expression compiled against the scenario's issues.
    pub constraint: Constraint,
    /// Where the red line comes from.
    pub provenance: Provenance,
}

/// What walking away is worth, and how that changes while the talks run.
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    /// Utility of no agreement at the start of the talks, before stakeholders' influence.
    pub utility: f64,
    /// Added to the fallback each round (negative while the fighting costs a side).
    pub per_round: f64,
    /// Where the fallback comes from.
    pub provenance: Provenance,
}

/// How an agreement loses value with time. At round `r` (from 1) of talks with a deadline of
/// `R` rounds it is worth `u · per_round^(r−1) · at_deadline^(r/(R+1))`: the first factor is
/// pactum's cost per round, the second GENIUS's time discount (`<discount_factor>`, with its
/// `DiscreteTimeline` time `r/(R+1)`). Both are 1 when time costs nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Discount {
    /// pactum's cost of time: the factor each round after the first, in (0, 1].
    pub per_round: f64,
    /// GENIUS's time discount (`<discount_factor>`), in (0, 1].
    pub at_deadline: f64,
    /// Where the discount comes from.
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
    /// Its red lines.
    pub red_lines: bool,
    /// Its ranking of the issues and, per issue, of the options.
    pub priorities: bool,
    /// Its fallback utility.
    pub fallback: bool,
    /// Its whole utility function.
    pub preferences: bool,
}

/// How a stakeholder shapes a party's fallback (e.g. by funding it).
#[derive(Clone, Debug, PartialEq)]
pub struct Influence {
    /// Index of the party whose fallback it shapes.
    pub party: usize,
    /// Utility added to that party's fallback at the start of the talks.
    pub fallback_delta: f64,
    /// How the stakeholder does it, in words.
    pub description: String,
    /// Where the influence comes from.
    pub provenance: Provenance,
}

/// A figure a party is known by (e.g. aid committed), shown in the briefing.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What the figure measures, e.g. "aid committed".
    pub label: String,
    /// The number.
    pub value: f64,
    /// Unit shown after the number; empty when unitless.
    pub unit: String,
    /// Where the figure comes from.
    pub provenance: Provenance,
}

/// A party, mediator or stakeholder of the scenario: who it is, what it wants and what it will
/// not give up.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    /// Identifier of the party, as written in scenarios, red lines and constraint ids.
    pub id: String,
    /// Name of the party for people.
    pub name: String,
    /// What the party does at the table.
    pub role: Role,
    /// Who the party is, in words; empty when there is none.
    pub description: String,
    /// The people who speak for the party.
    pub delegation: Vec<Delegate>,
    /// What the party wants.
    pub preferences: Preferences,
    /// Constraints the party will not cross.
    pub red_lines: Vec<RedLine>,
    /// What walking away is worth to the party.
    pub fallback: Fallback,
    /// How an agreement loses value to the party with time.
    pub discount: Discount,
    /// What the party tells the mediator in a private meeting.
    pub disclosure: Disclosure,
    /// Why the party discloses what it does to the mediator.
    pub disclosure_provenance: Provenance,
    /// How the party shapes other parties' fallbacks.
    pub influences: Vec<Influence>,
    /// Figures the party is known by, shown in the briefing.
    pub figures: Vec<Figure>,
    /// The party's default strategy under offer protocols.
    pub strategy: Option<crate::talks::StrategySpec>,
    /// Where the facts about the party come from.
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
            disclosure_provenance: Provenance::default(),
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
    /// What happened, in words.
    pub summary: String,
    /// Set when the event is a private meeting of the mediator with this party.
    pub caucus: Option<usize>,
    /// Where the account of the event comes from.
    pub provenance: Provenance,
}

/// Defaults for `pactum talks` on this scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct TalksDefaults {
    /// The deadline, in rounds.
    pub rounds: u32,
    /// The master seed of the talks' random streams.
    pub seed: u64,
    /// The protocol, when the scenario names one.
    pub protocol: Option<crate::talks::Protocol>,
    /// The single-text mediator, when named.
    pub mediator: Option<crate::talks::Mediator>,
    /// Where the deadline comes from, and what a round stands for.
    pub rounds_provenance: Provenance,
}

/// A whole negotiation: the issues on the table, the parties, what happened before, and the
/// defaults for the talks.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Identifier of the scenario.
    pub id: String,
    /// Title of the scenario for people.
    pub title: String,
    /// What the negotiation is about, in a paragraph; empty when there is none.
    pub summary: String,
    /// The document the facts come from, as a citation.
    pub source: String,
    /// The issues on the table, in digit order of an outcome.
    pub issues: Vec<Issue>,
    /// Parties, mediator and stakeholders; parties are referred to by index into this list.
    pub parties: Vec<Party>,
    /// What happened before or during the talks.
    pub timeline: Vec<Event>,
    /// Defaults for `pactum talks`.
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
                rounds_provenance: Provenance::default(),
            },
        }
    }

    /// The outcome space of the issues, or an error when it cannot be built.
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

    /// Index of the mediator, when the scenario has one.
    pub fn mediator(&self) -> Option<usize> {
        self.parties.iter().position(|p| p.role == Role::Mediator)
    }

    /// Index of the party with id `id`.
    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    /// The party's utility function over the scenario's issues.
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

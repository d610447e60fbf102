//! What a plot shows, as plain data, and how it is gathered from what the engine and the
//! records know. The drawing modules read only these types, so a figure can be checked (and
//! built by the web app or a script) without drawing it.

use pactum_core::analysis::pipeline::Report;
use pactum_core::analysis::plane::Plane;
use pactum_core::analysis::{Deal, Problem};
use pactum_core::scenario::Scenario;
use pactum_schema::{Event, TournamentReport};

/// A named point of the utility space (a bargaining solution).
#[derive(Clone, Debug, PartialEq)]
pub struct Marked {
    pub label: &'static str,
    /// Each negotiator's utility.
    pub utilities: Vec<f64>,
}

/// A text put on the table during the talks, with what it is worth to each negotiator.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub round: u32,
    /// Who tabled it (a negotiator or the mediator).
    pub from: String,
    pub utilities: Vec<f64>,
}

/// How the talks ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// Agreement in `round` on a text with these utilities.
    Agreement { round: u32, utilities: Vec<f64> },
    /// No agreement: the deadline, a breakdown, or an error, with the reason.
    NoDeal { round: u32, reason: String },
}

/// The utility space of a problem: `space`.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceFigure {
    pub title: String,
    /// The negotiators: the axes.
    pub parties: Vec<String>,
    pub plane: Plane,
    /// The Pareto frontier of the acceptable outcomes.
    pub frontier: Vec<Vec<f64>>,
    pub marked: Vec<Marked>,
    /// Each negotiator's fallback, or `None` when relaxed.
    pub fallbacks: Vec<Option<f64>>,
    /// The texts of a record, in order; empty without one.
    pub offers: Vec<Offer>,
    pub ending: Option<Ending>,
}

/// One party's line in a `trace`.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceParty {
    pub party: String,
    /// `(round, utility of the text on the table)`.
    pub utility: Vec<(u32, f64)>,
    /// `(round, what it needed that round)`, from its answers.
    pub threshold: Vec<(u32, f64)>,
    /// Its fallback at the start, when the scenario is known.
    pub fallback: Option<f64>,
    /// `(round, utility)` of the texts it answered that cross its own red lines.
    pub crossed: Vec<(u32, f64)>,
}

/// Each party's utility of the texts over the rounds: `trace`.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFigure {
    pub title: String,
    pub parties: Vec<TraceParty>,
    pub ending: Option<Ending>,
    /// The last round of the record.
    pub rounds: u32,
}

/// One event of a scenario's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// Day relative to the opening of the talks, when it can be placed.
    pub day: Option<i64>,
    pub when: String,
    pub summary: String,
    /// The party the mediator met alone, when it is a caucus.
    pub caucus: Option<String>,
}

/// The scenario's events before and during the talks: `timeline`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineFigure {
    pub title: String,
    pub moments: Vec<Moment>,
}

/// One strategy's score with its 95% confidence interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub strategy: String,
    pub rank: usize,
    pub mean: Option<f64>,
    pub ci95: Option<f64>,
}

/// A tournament: the ranking and strategy against strategy: `tournament`.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentFigure {
    pub title: String,
    /// Best first.
    pub scores: Vec<Score>,
    /// `head_to_head[a][b]`: the mean utility of strategy `a` against `b` (bilateral
    /// negotiations), in the order of `scores`; `None` where they never met.
    pub head_to_head: Vec<Vec<Option<f64>>>,
}

/// Any figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    Space(SpaceFigure),
    Trace(TraceFigure),
    Timeline(TimelineFigure),
    Tournament(TournamentFigure),
}

/// The digits of a record's text (`[issue, value]` in issue order), when every value names one
/// of the scenario's.
pub fn digits_of(scenario: &Scenario, text: &[(String, String)]) -> Option<Vec<u32>> {
    if text.len() != scenario.issues.len() {
        return None;
    }
    scenario
        .issues
        .iter()
        .zip(text)
        .map(|(issue, (id, value))| {
            if *id != issue.id {
                return None;
            }
            issue.digit_of(value)
        })
        .collect()
}

/// The texts and the ending of a record, valued by `problem`'s negotiators. A text that does
/// not read against the scenario (a record of another scenario) is an error naming it.
pub fn offers_of(
    scenario: &Scenario,
    problem: &Problem,
    events: &[Event],
) -> Result<(Vec<Offer>, Option<Ending>), String> {
    let value = |round: u32, text: &[(String, String)]| {
        digits_of(scenario, text)
            .map(|d| problem.deal(d).utilities)
            .ok_or_else(|| {
                format!(
                    "the text of round {round} does not read against scenario `{}`: is the record of another scenario?",
                    scenario.id
                )
            })
    };
    let mut offers = Vec::new();
    let mut ending = None;
    for e in events {
        match e {
            Event::Proposal {
                round, from, text, ..
            } => offers.push(Offer {
                round: *round,
                from: from.clone(),
                utilities: value(*round, text)?,
            }),
            Event::Agreement { round, text } => {
                ending = Some(Ending::Agreement {
                    round: *round,
                    utilities: value(*round, text)?,
                })
            }
            other => {
                if let Some(e) = no_deal(other) {
                    ending = Some(e);
                }
            }
        }
    }
    Ok((offers, ending))
}

fn no_deal(e: &Event) -> Option<Ending> {
    match e {
        Event::Deadline { round } => Some(Ending::NoDeal {
            round: *round,
            reason: "deadline".into(),
        }),
        Event::Breakdown { round, reason } => Some(Ending::NoDeal {
            round: *round,
            reason: reason.clone(),
        }),
        Event::Error {
            round,
            party,
            message,
        } => Some(Ending::NoDeal {
            round: *round,
            reason: format!("{party}: {message}"),
        }),
        _ => None,
    }
}

fn marked(report: &Report) -> Vec<Marked> {
    let p = &report.points;
    [
        ("Nash", &p.nash),
        ("Kalai–Smorodinsky", &p.kalai_smorodinsky),
        ("egalitarian", &p.egalitarian),
        ("utilitarian", &p.utilitarian),
    ]
    .into_iter()
    .filter_map(|(label, d): (&'static str, &Option<Deal>)| {
        d.as_ref().map(|d| Marked {
            label,
            utilities: d.utilities.clone(),
        })
    })
    .collect()
}

/// The space of an analysed scenario, with a record's offers when one is given.
pub fn space(
    scenario: &Scenario,
    report: &Report,
    plane: Plane,
    events: Option<&[Event]>,
) -> Result<SpaceFigure, String> {
    let problem = &report.problem;
    let (offers, ending) = match events {
        Some(e) => offers_of(scenario, problem, e)?,
        None => (Vec::new(), None),
    };
    Ok(SpaceFigure {
        title: scenario.title.clone(),
        parties: problem.parties.clone(),
        plane,
        frontier: report
            .frontier
            .pareto
            .iter()
            .map(|d| d.utilities.clone())
            .collect(),
        marked: marked(report),
        fallbacks: problem
            .fallbacks
            .iter()
            .zip(&problem.fallback_relaxed)
            .map(|(&f, &relaxed)| (!relaxed).then_some(f))
            .collect(),
        offers,
        ending,
    })
}

/// The talks of a record over the rounds. With the scenario, every negotiator's utility of
/// every text and its fallback; without, what each party said of the texts it answered.
pub fn trace(
    title: &str,
    known: Option<(&Scenario, &Problem)>,
    events: &[Event],
) -> Result<TraceFigure, String> {
    let mut parties: Vec<TraceParty> = Vec::new();
    let mut rounds = 0;
    fn slot<'a>(parties: &'a mut Vec<TraceParty>, id: &str) -> &'a mut TraceParty {
        if let Some(k) = parties.iter().position(|p| p.party == id) {
            return &mut parties[k];
        }
        parties.push(TraceParty {
            party: id.to_string(),
            utility: Vec::new(),
            threshold: Vec::new(),
            fallback: None,
            crossed: Vec::new(),
        });
        parties.last_mut().expect("just pushed")
    }
    let mut ending = None;
    if let Some((scenario, problem)) = known {
        for (k, id) in problem.parties.iter().enumerate() {
            slot(&mut parties, id).fallback =
                (!problem.fallback_relaxed[k]).then_some(problem.fallbacks[k]);
        }
        let (offers, end) = offers_of(scenario, problem, events)?;
        for offer in offers {
            rounds = rounds.max(offer.round);
            for (id, &u) in problem.parties.iter().zip(&offer.utilities) {
                slot(&mut parties, id).utility.push((offer.round, u));
            }
        }
        ending = end;
    }
    for e in events {
        match e {
            Event::Answer { round, response } => {
                rounds = rounds.max(*round);
                let p = slot(&mut parties, &response.party);
                if known.is_none() {
                    p.utility.push((*round, response.utility));
                }
                p.threshold.push((*round, response.threshold));
                if !response.red_lines.is_empty() {
                    p.crossed.push((*round, response.utility));
                }
            }
            Event::Agreement { round, .. } if known.is_none() => {
                // Without the scenario, the agreement is valued by the last answers.
                let utilities = parties
                    .iter()
                    .map(|p| p.utility.last().map_or(f64::NAN, |u| u.1))
                    .collect();
                ending = Some(Ending::Agreement {
                    round: *round,
                    utilities,
                });
            }
            other if known.is_none() => {
                if let Some(e) = no_deal(other) {
                    ending = Some(e);
                }
            }
            _ => {}
        }
        if let Some(Ending::Agreement { round, .. } | Ending::NoDeal { round, .. }) = &ending {
            rounds = rounds.max(*round);
        }
    }
    Ok(TraceFigure {
        title: title.to_string(),
        parties,
        ending,
        rounds,
    })
}

/// The scenario's timeline.
pub fn timeline(scenario: &Scenario) -> TimelineFigure {
    TimelineFigure {
        title: scenario.title.clone(),
        moments: scenario
            .timeline
            .iter()
            .map(|e| Moment {
                day: e.day,
                when: e.when.clone(),
                summary: e.summary.clone(),
                caucus: e.caucus.map(|p| scenario.parties[p].id.clone()),
            })
            .collect(),
    }
}

/// A tournament's ranking and head-to-head table (`head_to_head` as
/// [`TournamentFigure::head_to_head`], in the order of `report.strategies`).
pub fn tournament(
    title: &str,
    report: &TournamentReport,
    head_to_head: Vec<Vec<Option<f64>>>,
) -> TournamentFigure {
    TournamentFigure {
        title: title.to_string(),
        scores: report
            .strategies
            .iter()
            .map(|s| Score {
                strategy: s.strategy.clone(),
                rank: s.rank,
                mean: s.utility.mean,
                ci95: s.utility.ci95,
            })
            .collect(),
        head_to_head,
    }
}

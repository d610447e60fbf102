//! The scenario as a `pactum.scenario` document (`pactum show --format json`, the talks'
//! `briefing`): the engine's scenario with every index replaced by the id it stands for.

use pactum_core::issue::IssueKind;
use pactum_core::preference::{Semantics, ValueFunction};
use pactum_core::provenance::Provenance;
use pactum_core::scenario::{Role, Scenario};
use pactum_core::talks::{Mediator, Protocol};
use pactum_schema::scenario as doc;

fn provenance(p: &Provenance) -> doc::Provenance {
    doc::Provenance {
        sources: p.sources.clone(),
        assumption: p.assumption.clone(),
        range: p.range,
        distribution: distribution(p.distribution),
    }
}

/// A distribution's name, absent for the uniform one.
fn distribution(d: pactum_core::Distribution) -> Option<String> {
    (d != pactum_core::Distribution::Uniform).then(|| d.name().to_string())
}

/// The protocol family in the document's terms.
pub fn protocol(p: Protocol) -> doc::Protocol {
    match p {
        Protocol::SingleText(_) => doc::Protocol::SingleText,
        Protocol::Alternating => doc::Protocol::Alternating,
        // `Protocol` may grow; a new family gets its own arm here and in the schema.
        _ => doc::Protocol::Saop,
    }
}

/// The mediator in the document's terms.
pub fn mediator(m: Mediator) -> doc::Mediator {
    match m {
        Mediator::HillClimbing => doc::Mediator::HillClimbing,
        Mediator::Annealing => doc::Mediator::Annealing,
        _ => doc::Mediator::Nash,
    }
}

/// `scenario` as a `pactum.scenario` document.
pub fn scenario_json(s: &Scenario) -> doc::Scenario {
    let party_id = |p: usize| s.parties.get(p).map_or_else(String::new, |x| x.id.clone());
    let issue_id = |i: usize| s.issues.get(i).map_or_else(String::new, |x| x.id.clone());
    doc::Scenario {
        schema: "pactum.scenario".into(),
        version: pactum_schema::VERSION,
        id: s.id.clone(),
        title: s.title.clone(),
        summary: s.summary.clone(),
        source: s.source.clone(),
        issues: s
            .issues
            .iter()
            .map(|i| doc::Issue {
                id: i.id.clone(),
                label: i.label.clone(),
                description: i.description.clone(),
                values: match &i.kind {
                    IssueKind::Options { options, ordered } => doc::IssueValues::Options {
                        options: options
                            .iter()
                            .map(|o| doc::IssueOption {
                                id: o.id.clone(),
                                label: o.label.clone(),
                                description: o.description.clone(),
                                provenance: provenance(&o.provenance),
                            })
                            .collect(),
                        ordered: *ordered,
                    },
                    IssueKind::Numeric {
                        min,
                        max,
                        step,
                        integer,
                        unit,
                    } => doc::IssueValues::Numeric {
                        min: *min,
                        max: *max,
                        step: *step,
                        integer: *integer,
                        unit: unit.clone(),
                    },
                },
                provenance: provenance(&i.provenance),
            })
            .collect(),
        parties: s
            .parties
            .iter()
            .map(|p| doc::Party {
                id: p.id.clone(),
                name: p.name.clone(),
                role: match p.role {
                    Role::Party => doc::Role::Party,
                    Role::Mediator => doc::Role::Mediator,
                    Role::Stakeholder => doc::Role::Stakeholder,
                },
                description: p.description.clone(),
                delegation: p
                    .delegation
                    .iter()
                    .map(|d| doc::Delegate {
                        name: d.name.clone(),
                        title: d.title.clone(),
                        role: d.role.clone(),
                        at_table: d.at_table,
                        provenance: provenance(&d.provenance),
                    })
                    .collect(),
                preferences: doc::Preferences {
                    issues: p
                        .preferences
                        .issues
                        .iter()
                        .map(|ip| doc::IssuePreference {
                            issue: issue_id(ip.issue),
                            weight: ip.weight,
                            values: match &ip.values {
                                ValueFunction::Table { values } => doc::ValueFunction::Table {
                                    values: values.clone(),
                                },
                                ValueFunction::Linear { at_min, at_max } => {
                                    doc::ValueFunction::Linear {
                                        at_min: *at_min,
                                        at_max: *at_max,
                                    }
                                }
                                ValueFunction::Piecewise { points } => {
                                    doc::ValueFunction::Piecewise {
                                        points: points.clone(),
                                    }
                                }
                            },
                            provenance: provenance(&ip.provenance),
                            value_ranges: ip
                                .value_ranges
                                .iter()
                                .map(|v| doc::ValueRange {
                                    option: s.issues[ip.issue].value_id(v.digit),
                                    low: v.low,
                                    high: v.high,
                                    distribution: distribution(v.distribution),
                                })
                                .collect(),
                        })
                        .collect(),
                    interactions: p
                        .preferences
                        .interactions
                        .iter()
                        .map(|x| doc::Interaction {
                            when: x
                                .when
                                .iter()
                                .map(|c| doc::Condition {
                                    issue: issue_id(c.issue),
                                    values: c
                                        .digits()
                                        .map(|d| {
                                            s.issues
                                                .get(c.issue)
                                                .map_or_else(String::new, |i| i.value_id(d))
                                        })
                                        .collect(),
                                })
                                .collect(),
                            bonus: x.bonus,
                            description: x.description.clone(),
                            provenance: provenance(&x.provenance),
                        })
                        .collect(),
                    semantics: match p.preferences.semantics {
                        Semantics::Normalised => doc::Semantics::Normalised,
                        Semantics::AsWritten => doc::Semantics::AsWritten,
                        Semantics::Capped => doc::Semantics::Capped,
                    },
                },
                red_lines: p
                    .red_lines
                    .iter()
                    .map(|r| doc::RedLine {
                        id: r.id.clone(),
                        expr: r.expr.clone(),
                        description: r.description.clone(),
                        provenance: provenance(&r.provenance),
                    })
                    .collect(),
                fallback: doc::Fallback {
                    utility: p.fallback.utility,
                    per_round: p.fallback.per_round,
                    provenance: provenance(&p.fallback.provenance),
                },
                discount: doc::Discount {
                    per_round: p.discount.per_round,
                    at_deadline: p.discount.at_deadline,
                    provenance: provenance(&p.discount.provenance),
                },
                disclosure: doc::Disclosure {
                    red_lines: p.disclosure.red_lines,
                    priorities: p.disclosure.priorities,
                    fallback: p.disclosure.fallback,
                    preferences: p.disclosure.preferences,
                },
                disclosure_provenance: provenance(&p.disclosure_provenance),
                influences: p
                    .influences
                    .iter()
                    .map(|i| doc::Influence {
                        party: party_id(i.party),
                        fallback_delta: i.fallback_delta,
                        description: i.description.clone(),
                        provenance: provenance(&i.provenance),
                    })
                    .collect(),
                figures: p
                    .figures
                    .iter()
                    .map(|f| doc::Figure {
                        label: f.label.clone(),
                        value: f.value,
                        unit: f.unit.clone(),
                        provenance: provenance(&f.provenance),
                    })
                    .collect(),
                strategy: p.strategy.as_ref().map(ToString::to_string),
                provenance: provenance(&p.provenance),
            })
            .collect(),
        timeline: s
            .timeline
            .iter()
            .map(|e| doc::TimelineEvent {
                when: e.when.clone(),
                day: e.day,
                date: e.date.clone(),
                place: e.place.clone(),
                parties: e.parties.iter().map(|&p| party_id(p)).collect(),
                people: e.people.clone(),
                summary: e.summary.clone(),
                caucus: e.caucus.map(party_id),
                provenance: provenance(&e.provenance),
            })
            .collect(),
        talks: doc::TalksDefaults {
            rounds: s.talks.rounds,
            seed: s.talks.seed,
            protocol: s.talks.protocol.map(protocol),
            mediator: s.talks.mediator.map(mediator),
            rounds_provenance: provenance(&s.talks.rounds_provenance),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_protocol_names_are_the_engines() {
        for p in Protocol::ALL {
            let written = serde_json::to_value(protocol(p)).unwrap();
            assert_eq!(written, p.name(), "{p}");
        }
        for m in Mediator::ALL {
            let written = serde_json::to_value(mediator(m)).unwrap();
            assert_eq!(written, m.name(), "{m}");
        }
    }
}

//! `pactum show`: the briefing on a scenario.

use crate::table::{self, heading, wrap};
use pactum_core::issue::IssueKind;
use pactum_core::number;
use pactum_core::provenance::Provenance;
use pactum_core::scenario::{Role, Scenario};

/// `text (¶3 ¶4)`, or `text *` for an assumption.
fn cite(text: &str, p: &Provenance) -> String {
    let mut s = text.to_string();
    if !p.sources.is_empty() {
        s.push_str(&format!(" ({})", p.sources.join(" ")));
    }
    if p.is_assumption() {
        s.push_str(" *");
    }
    s
}

pub fn render(s: &Scenario) -> String {
    let mut out = String::new();
    let mut head = format!("{}\nscenario `{}`", s.title, s.id);
    if !s.source.is_empty() {
        head.push_str(&format!(" · source: {}", s.source));
    }
    out.push_str(&table::prose(&head));
    out.push('\n');
    if !s.summary.is_empty() {
        out.push('\n');
        out.push_str(&wrap(&s.summary, table::width() as usize));
        out.push('\n');
    }
    if let Some(a) = &s.talks.rounds_provenance.assumption {
        out.push('\n');
        out.push_str(&wrap(
            &format!("The talks run {} rounds: {a} *", s.talks.rounds),
            table::width() as usize,
        ));
        out.push('\n');
    }

    heading(&mut out, "Parties and delegations");
    let mut t = table::new(&["Party", "Role", "Delegation", "Position"]);
    for p in &s.parties {
        let people: Vec<String> = p
            .delegation
            .iter()
            .map(|d| {
                let mut who = if d.title.is_empty() {
                    d.name.clone()
                } else {
                    format!("{}, {}", d.name, d.title)
                };
                if !d.at_table {
                    who.push_str(" [not at the table]");
                }
                if !d.role.is_empty() {
                    who.push_str(&format!(" — {}", d.role));
                }
                cite(&who, &d.provenance)
            })
            .collect();
        t.add_row(vec![
            format!("{}\n`{}`", p.name, p.id),
            p.role.name().to_string(),
            people.join("\n"),
            cite(&p.description, &p.provenance),
        ]);
    }
    out.push_str(&format!("{t}\n"));

    if !s.timeline.is_empty() {
        heading(&mut out, "Timeline");
        let mut t = table::new(&["When", "Where", "Who", "What"]);
        for e in &s.timeline {
            let mut when = e.when.clone();
            if let Some(day) = e.day {
                when.push_str(&format!("\n(day {day:+})"));
            }
            if let Some(date) = &e.date {
                when.push_str(&format!("\n{date}"));
            }
            let mut who: Vec<String> = e
                .parties
                .iter()
                .map(|&i| s.parties[i].name.clone())
                .collect();
            who.extend(e.people.iter().cloned());
            let mut what = cite(&e.summary, &e.provenance);
            if let Some(p) = e.caucus {
                what.push_str(&format!(
                    "\n[the mediator's private meeting with {}]",
                    s.parties[p].name
                ));
            }
            t.add_row(vec![
                when,
                e.place.clone().unwrap_or_else(|| "not stated".into()),
                who.join(", "),
                what,
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }

    heading(&mut out, "Issues and options");
    let mut t = table::new(&["Issue", "Options", "About"]);
    for i in &s.issues {
        let options = match &i.kind {
            IssueKind::Options { options, ordered } => {
                let mut lines: Vec<String> = options
                    .iter()
                    .map(|o| cite(&format!("`{}` {}", o.id, o.label), &o.provenance))
                    .collect();
                if *ordered {
                    lines.push("(ordered)".into());
                }
                lines.join("\n")
            }
            IssueKind::Numeric {
                min,
                max,
                step,
                integer,
                unit,
            } => format!(
                "{} from {} to {} in steps of {}{}",
                if *integer { "whole numbers" } else { "numbers" },
                number::trim(*min, 6),
                number::trim(*max, 6),
                number::trim(*step, 6),
                if unit.is_empty() {
                    String::new()
                } else {
                    format!(" ({unit})")
                }
            ),
        };
        t.add_row(vec![
            format!("{}\n`{}`", i.label, i.id),
            options,
            cite(&i.description, &i.provenance),
        ]);
    }
    out.push_str(&format!("{t}\n"));

    heading(&mut out, "Red lines");
    let mut t = table::new(&["Party", "Red line", "Condition", "Meaning"]);
    for p in s.parties.iter().filter(|p| p.role == Role::Party) {
        for r in &p.red_lines {
            t.add_row(vec![
                p.id.clone(),
                format!("{}.{}", p.id, r.id),
                r.expr.clone(),
                cite(&r.description, &r.provenance),
            ]);
        }
    }
    if t.row_count() == 0 {
        out.push_str("No party states a red line.\n");
    } else {
        out.push_str(&format!("{t}\n"));
    }

    heading(&mut out, "Fallbacks and priorities");
    let mut t = table::new(&[
        "Party",
        "Fallback (walking away)",
        "Cost of time",
        "Top priorities (weight share)",
    ]);
    for &pi in &s.negotiators() {
        let p = &s.parties[pi];
        let base = s.base_fallback(pi);
        let mut fallback = number::utility(base);
        if (base - p.fallback.utility).abs() > 1e-12 {
            fallback.push_str(&format!(" = {} own", number::utility(p.fallback.utility)));
            for q in &s.parties {
                for inf in q.influences.iter().filter(|i| i.party == pi) {
                    fallback.push_str(&format!(" {:+} {}", inf.fallback_delta, q.id));
                }
            }
        }
        let fallback = cite(&fallback, &p.fallback.provenance);
        let mut time = format!(
            "fallback {:+} per round; deal worth ×{} per round",
            number::trim(p.fallback.per_round, 4),
            number::trim(p.discount.per_round, 4)
        );
        if p.discount.at_deadline != 1.0 {
            time.push_str(&format!(
                ", ×{} at the deadline (GENIUS time discount)",
                number::trim(p.discount.at_deadline, 4)
            ));
        }
        let time = cite(&time, &p.discount.provenance);
        let total = p.preferences.total_weight();
        let priorities: Vec<String> = p
            .preferences
            .priorities()
            .iter()
            .filter_map(|&i| {
                let term = p.preferences.issues.iter().find(|t| t.issue == i)?;
                let best = (0..s.issues[i].cardinality() as u32)
                    .max_by(|a, b| {
                        term.values
                            .value(&s.issues[i], *a)
                            .total_cmp(&term.values.value(&s.issues[i], *b))
                            .then(b.cmp(a))
                    })
                    .map(|d| s.issues[i].value_id(d))
                    .unwrap_or_default();
                Some(cite(
                    &format!(
                        "{} {:.0}% (best: {best})",
                        s.issues[i].id,
                        100.0 * term.weight / total
                    ),
                    &term.provenance,
                ))
            })
            .collect();
        let mut priorities = priorities;
        let interactions = &p.preferences.interactions;
        if interactions.len() <= 3 {
            for i in interactions {
                let when: Vec<String> = i
                    .when
                    .iter()
                    .map(|c| {
                        let issue = &s.issues[c.issue];
                        let values: Vec<String> = c
                            .runs
                            .iter()
                            .map(|&(a, b)| match b - a {
                                0 => issue.value_id(a),
                                1 => format!("{}|{}", issue.value_id(a), issue.value_id(b)),
                                _ => format!("{}..{}", issue.value_id(a), issue.value_id(b)),
                            })
                            .collect();
                        format!("{}={}", issue.id, values.join("|"))
                    })
                    .collect();
                priorities.push(cite(
                    &format!("{:+} when {}", number::trim(i.bonus, 3), when.join(" & ")),
                    &i.provenance,
                ));
            }
        } else {
            priorities.push(format!(
                "{} interaction terms: utility is not additive over issues",
                interactions.len()
            ));
        }
        let priorities = priorities.join("\n");
        t.add_row(vec![p.id.clone(), fallback, time, priorities]);
    }
    out.push_str(&format!("{t}\n"));

    let outsiders: Vec<_> = s
        .parties
        .iter()
        .filter(|p| p.role != Role::Party && (!p.influences.is_empty() || !p.figures.is_empty()))
        .collect();
    if !outsiders.is_empty() {
        heading(&mut out, "Outside the room");
        let mut t = table::new(&["Who", "Figures", "Influence"]);
        for p in outsiders {
            let figures: Vec<String> = p
                .figures
                .iter()
                .map(|f| {
                    cite(
                        &format!("{}: {} {}", f.label, number::trim(f.value, 3), f.unit),
                        &f.provenance,
                    )
                })
                .collect();
            let influences: Vec<String> = p
                .influences
                .iter()
                .map(|i| {
                    cite(
                        &format!(
                            "{} fallback {:+}: {}",
                            s.parties[i.party].id, i.fallback_delta, i.description
                        ),
                        &i.provenance,
                    )
                })
                .collect();
            t.add_row(vec![
                format!("{} ({})", p.name, p.role.name()),
                figures.join("\n"),
                influences.join("\n"),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    out.push('\n');
    out.push_str(&table::prose(
        "(¶N) cites the source paragraph; * marks a modelling assumption, not a reported fact.",
    ));
    out.push('\n');
    out
}

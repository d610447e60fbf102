//! Text reports: the talks round by round, the result, and what blocks a deal.

use crate::table::{self, heading};
use pactum_core::analysis::{Deal, ZoneReport};
use pactum_core::number;
use pactum_core::scenario::Scenario;
use pactum_core::talks::{Ending, Plan, Protocol, Session};
use pactum_formats::output::Analysis;
use pactum_formats::record::TalksRecord;
use pactum_schema::{Event, Response, Round};

fn terms(s: &Scenario, digits: &[u32]) -> String {
    s.issues
        .iter()
        .zip(digits)
        .map(|(i, &d)| format!("{}={}", i.id, i.value_id(d)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn utilities(parties: &[String], values: &[f64]) -> String {
    parties
        .iter()
        .zip(values)
        .map(|(p, u)| format!("{p} {}", number::utility(*u)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn deal_line(s: &Scenario, parties: &[String], d: &Deal) -> String {
    format!(
        "{} → {}",
        terms(s, &d.digits),
        utilities(parties, &d.utilities)
    )
}

/// Whether a round is worth a line in the compact view: the first and last, and any round where
/// the text or an answer changed.
fn notable(rounds: &[Round], k: usize) -> bool {
    if k == 0 || k + 1 == rounds.len() {
        return true;
    }
    let (a, b) = (&rounds[k - 1], &rounds[k]);
    a.text != b.text
        || a.responses.iter().zip(&b.responses).any(|(x, y)| {
            x.accept != y.accept || x.red_lines != y.red_lines || x.objections != y.objections
        })
}

/// A party's opening: its first proposal in the record, or else its best outcome within its own
/// red lines still in force (the session's first outcome by its utility).
fn opening(s: &Scenario, session: &Session, talks: &TalksRecord, slot: usize) -> Vec<u32> {
    let id = &session.parties[slot];
    for e in &talks.events {
        if let Event::Proposal { from, text, .. } = e
            && from == id
        {
            return s
                .issues
                .iter()
                .zip(text)
                .map(|(i, (_, v))| {
                    (0..i.cardinality() as u32)
                        .find(|&d| &i.value_id(d) == v)
                        .unwrap_or(0)
                })
                .collect();
        }
    }
    let own = &session.owns[slot];
    own.sorted()
        .first()
        .map_or_else(|| vec![0; s.issues.len()], |&(_, o)| own.space.decode(o))
}

/// What the number beside each answer is under `protocol`, for the cell and the legend.
fn against_label(protocol: Protocol, round: &Round, last: bool) -> (&'static str, &'static str) {
    match protocol {
        Protocol::SingleText(pactum_core::talks::Mediator::Nash) => (
            "needs",
            "needs: what the party required of the text this round, undiscounted: the larger of its fallback and its aspiration, which falls from its best text to its fallback by the deadline",
        ),
        Protocol::SingleText(_) if last && round.revised.is_empty() => (
            "fallback",
            "fallback: ratification of the final text, against the party's fallback at the deadline",
        ),
        Protocol::SingleText(_) => (
            "now",
            "for/against: a vote on the mediator's variant; now: the party's utility of the current text, which the variant must not lower (hill-climbing) or may lower with a falling probability (annealing)",
        ),
        _ => (
            "own offer",
            "own offer: the party's utility of its own last offer (its best outcome before it has made one), what it was asking for when it answered",
        ),
    }
}

fn answer_cell(resp: &Response, vote: bool, label: &str) -> String {
    let verb = match (vote, resp.accept) {
        (true, true) => "for",
        (true, false) => "against",
        (false, true) => "accept",
        (false, false) => "reject",
    };
    let mut cell = format!(
        "{verb} {} ({label} {})",
        number::utility(resp.utility),
        number::utility(resp.threshold.min(9.999))
    );
    if !resp.red_lines.is_empty() {
        cell.push_str(&format!("\ncrosses: {}", resp.red_lines.join(", ")));
    } else if !resp.objections.is_empty() {
        cell.push_str(&format!("\nobjects: {}", resp.objections.join(", ")));
    }
    cell
}

/// The text of a row: in full the first time, else what changed against the previous one.
fn text_cell(r: &Round, previous: Option<&Round>, offers: bool) -> String {
    let full = || {
        r.text
            .iter()
            .map(|(i, v)| format!("{i}={v}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let Some(prev) = previous else {
        return full();
    };
    let changed: Vec<String> = r
        .text
        .iter()
        .zip(&prev.text)
        .filter(|(a, b)| a != b)
        .map(|((i, v), _)| format!("{i}→{v}"))
        .collect();
    if changed.is_empty() {
        if offers {
            "(its last offer again)".to_string()
        } else {
            "(same text)".to_string()
        }
    } else if !offers && r.revised.is_empty() {
        full()
    } else {
        changed.join("\n")
    }
}

pub fn talks(
    s: &Scenario,
    plan: &Plan,
    session: &Session,
    talks: &TalksRecord,
    ending: &Ending,
    zone: &pactum_formats::output::TalksZone,
    verbose: bool,
) -> String {
    let mut out = String::new();
    let mut title = format!(
        "The talks: {}, deadline {} rounds, seed {}",
        talks.protocol, plan.rounds, plan.seed
    );
    if !plan.relaxed.is_empty() {
        title.push_str(&format!(
            ", relaxed: {}",
            plan.relaxed.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    heading(&mut out, &title);
    let resolved: Vec<String> = plan
        .resolved
        .iter()
        .map(|r| format!("{} {} ({})", r.setting, r.value, r.from.describe()))
        .collect();
    out.push_str(&table::prose(&format!("Plan: {}.", resolved.join("; "))));
    out.push('\n');
    for e in &talks.events {
        if let Event::Caucus {
            mediator,
            party,
            when,
            place,
            disclosed,
            ..
        } = e
        {
            let mut line = format!("caucus: {mediator} meets {party} privately");
            if let Some(w) = when {
                line.push_str(&format!(
                    " ({w}{})",
                    place.as_ref().map(|p| format!(", {p}")).unwrap_or_default()
                ));
            }
            line.push_str(&format!(
                "; learns: {}",
                if disclosed.is_empty() {
                    "nothing".to_string()
                } else {
                    disclosed
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ));
            out.push_str(&table::prose(&line));
            out.push('\n');
        }
    }
    let offers = plan.protocol.uses_strategies();
    let mut header = vec!["Round".to_string()];
    if offers {
        header.extend([
            "Offer by".to_string(),
            "Offer (changed from its last)".to_string(),
        ]);
    } else {
        header.push("Text (what changed)".to_string());
    }
    header.extend(talks.parties.iter().cloned());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table::new(&header_refs);
    let mut skipped = 0;
    let mut legends: Vec<&str> = Vec::new();
    let last_round = talks.rounds.len().saturating_sub(1);
    for (k, r) in talks.rounds.iter().enumerate() {
        if !verbose && !notable(&talks.rounds, k) {
            skipped += 1;
            continue;
        }
        let mut row = vec![r.round.to_string()];
        if offers {
            row.push(r.revised.first().cloned().unwrap_or_default());
        }
        row.push(text_cell(
            r,
            k.checked_sub(1).map(|j| &talks.rounds[j]),
            offers,
        ));
        let (label, legend) = against_label(plan.protocol, r, k == last_round);
        if !legends.contains(&legend) {
            legends.push(legend);
        }
        let vote = matches!(plan.protocol, Protocol::SingleText(m) if m != pactum_core::talks::Mediator::Nash)
            && !(k == last_round && r.revised.is_empty());
        for party in &talks.parties {
            let cell = match r.responses.iter().find(|resp| &resp.party == party) {
                Some(resp) => answer_cell(resp, vote, label),
                None if offers && r.revised.first() == Some(party) => "proposes".to_string(),
                None => String::new(),
            };
            row.push(cell);
        }
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for legend in legends {
        out.push_str(&table::prose(&format!("{legend}.")));
        out.push('\n');
    }
    if skipped > 0 {
        out.push_str(&format!(
            "({skipped} rounds with no change not shown; --verbose shows every round)\n"
        ));
    }

    heading(&mut out, "Result");
    match ending {
        Ending::Agreement {
            round,
            outcome,
            utilities: us,
            discounted,
        } => {
            out.push_str(&format!(
                "AGREEMENT in round {round}. The agreed framework:\n"
            ));
            let mut t = table::new(&["Issue", "Agreed", "What it means"]);
            for (i, &d) in s.issues.iter().zip(outcome) {
                let description = i
                    .options()
                    .get(d as usize)
                    .map(|o| o.description.clone())
                    .unwrap_or_default();
                t.add_row(vec![
                    i.label.clone(),
                    format!("{} (`{}`)", i.value_label(d), i.value_id(d)),
                    description,
                ]);
            }
            out.push_str(&format!("{t}\n"));
            let mut t = table::new(&[
                "Party",
                "Utility",
                "Discounted to round",
                "Fallback then",
                "Conceded against its opening",
            ]);
            for (k, p) in talks.parties.iter().enumerate() {
                let opening = opening(s, session, talks, k);
                let conceded: Vec<String> = s
                    .issues
                    .iter()
                    .zip(opening.iter().zip(outcome))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(i, (&a, &b))| format!("{}: {} → {}", i.id, i.value_id(a), i.value_id(b)))
                    .collect();
                t.add_row(vec![
                    p.clone(),
                    number::utility(us[k]),
                    number::utility(discounted[k]),
                    number::utility(session.fallback_at(k, *round)),
                    if conceded.is_empty() {
                        "nothing".to_string()
                    } else {
                        conceded.join("\n")
                    },
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        Ending::Breakdown {
            round,
            reason,
            fallbacks,
        } => {
            out.push_str(&table::prose(&format!(
                "BREAKDOWN in round {round}: {reason}.\nEach party falls back: {}.",
                utilities(&talks.parties, fallbacks)
            )));
            out.push('\n');
        }
    }
    match zone {
        pactum_formats::output::TalksZone::Found(z) => out.push_str(&zone_report(s, z)),
        pactum_formats::output::TalksZone::NotComputed(why) => {
            heading(&mut out, "Zone of agreement");
            out.push_str(&table::prose(&format!(
                "Not computed: {why}. The parties bid from ladders of outcomes found by inverse utility (docs/strategies.md)."
            )));
        }
    }
    out
}

/// `pactum improve`: the agreement, then the packages improving on it, best least gain first.
pub fn improvements(
    s: &Scenario,
    problem: &pactum_core::analysis::Problem,
    relaxed: &[String],
    found: &pactum_core::analysis::improve::Improvements,
) -> String {
    let parties = &problem.parties;
    let base = &found.agreement;
    let mut out = format!("{}\nscenario `{}`\n", s.title, s.id);
    heading(&mut out, "The agreement");
    out.push_str(&table::prose(&format!(
        "{}{}",
        deal_line(s, parties, base),
        if found.violated.is_empty() {
            String::new()
        } else {
            format!(" — violates {}", found.violated.join(", "))
        }
    )));
    out.push('\n');
    let crossed = found.crossed.join(", ");
    let within = if found.crossed.is_empty() {
        "within the red lines in force".to_string()
    } else {
        format!("crossing no red line in force but {crossed}")
    };
    heading(
        &mut out,
        "Packages every negotiator prefers, by the least gain",
    );
    if !relaxed.is_empty() {
        out.push_str(&table::prose(&format!(
            "Relaxed for this run, so not in force: {}.",
            relaxed.join(", ")
        )));
        out.push('\n');
    }
    if !found.crossed.is_empty() {
        out.push_str(&table::prose(&format!(
            "The agreement crosses {crossed}: a package may cross {} too, never another red line in force.",
            if found.crossed.len() == 1 {
                "it"
            } else {
                "them"
            }
        )));
        out.push('\n');
    }
    if found.best.is_empty() {
        out.push_str(&table::prose(&format!(
            "None: no outcome {within} is at least as good for every negotiator and better for one. The agreement is Pareto-efficient among them."
        )));
        out.push('\n');
        return out;
    }
    let mut header = vec!["#".to_string(), "Changes".to_string()];
    header.extend(parties.iter().map(|p| format!("{p} gain")));
    header.push("Efficient".into());
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table::new(&refs);
    for (k, i) in found.best.iter().enumerate() {
        let changes: Vec<String> = s
            .issues
            .iter()
            .zip(i.deal.digits.iter().zip(&base.digits))
            .filter(|(_, (a, b))| a != b)
            .map(|(issue, (&a, _))| format!("{}={}", issue.id, issue.value_id(a)))
            .collect();
        let mut row = vec![(k + 1).to_string(), changes.join(", ")];
        row.extend(i.gains.iter().map(|g| format!("+{}", number::utility(*g))));
        row.push(if i.pareto_optimal { "yes" } else { "no" }.into());
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&table::prose(&match found.improving {
        Some(n) => format!(
            "{n} outcome{} {within} improve{} on the agreement; \"efficient\": no outcome {within} is better still for everyone (fallbacks do not bind: the parties accepted the agreement as it is).",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        ),
        None => "The space is too large to count every improving outcome: these are the improving points of the Pareto frontier.".into(),
    }));
    out.push('\n');
    out
}

/// What each red line of a blocking set costs its party.
fn prices(parties: &[String], found: &[pactum_core::analysis::price::Price]) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    heading(
        &mut out,
        "The price of each red line (its set relaxed, at the Nash deal it opens)",
    );
    let mut t = table::new(&[
        "Red line",
        "Party gets",
        "Best in the zone",
        "Fallback",
        "Gives up on its issues",
        "Other issues can add",
    ]);
    for p in found {
        t.add_row(vec![
            if p.blocking.len() > 1 {
                format!("{} (with {})", p.red_line, p.blocking.join(" + "))
            } else {
                p.red_line.clone()
            },
            format!("{} {}", parties[p.party], number::utility(p.nash_utility)),
            number::utility(p.best_in_zone),
            number::utility(p.fallback),
            number::utility(p.loss),
            format!(
                "{}{}",
                number::utility(p.available),
                if p.covered() {
                    " (covers it)"
                } else {
                    " (does not)"
                }
            ),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&table::prose(
        "Gives up: what the party would have had on the red line's own issues had the line held, the rest of the deal unchanged — the compensation it needs elsewhere. Other issues can add: the most the zone can give it on the other issues, the line's issues as dealt.",
    ));
    out.push('\n');
    out
}

/// Red lines no outcome satisfies together: what no protocol can bridge.
pub fn conflicts(found: &[pactum_core::analysis::coalitions::Conflict], no_zone: bool) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    heading(&mut out, "Red lines no protocol can bridge");
    for c in found {
        out.push_str(&table::prose(&if c.complements {
            format!(
                "`{}` and `{}` are complements: every outcome satisfies exactly one of them, so no text can satisfy both and no protocol can bridge them; only one side giving way, or the issue re-framed (a new option or issue both lines would allow), can.",
                c.a, c.b
            )
        } else {
            format!(
                "`{}` and `{}` are incompatible: no outcome satisfies both, so no protocol can bridge them; one must give way, or an option both allow be added.",
                c.a, c.b
            )
        }));
        out.push('\n');
    }
    if no_zone {
        out.push_str(&table::prose(
            "This is why the talks cannot reach a deal under any protocol or strategy while both lines hold.",
        ));
        out.push('\n');
    }
    out
}

/// Which groups of negotiators could agree on their own, each negotiator alone included (a
/// party whose own red lines and fallback leave it nothing blocks every group it joins).
fn coalitions(parties: &[String], c: &pactum_core::analysis::coalitions::Coalitions) -> String {
    if parties.len() < 2 {
        return String::new();
    }
    let mut out = String::new();
    heading(
        &mut out,
        "Coalitions (each member's own red lines and fallback in force)",
    );
    let mut t = table::new(&["Group", "Outcomes all its members accept"]);
    for g in &c.groups {
        let names: Vec<&str> = g.members.iter().map(|&m| parties[m].as_str()).collect();
        let group = match names.as_slice() {
            [one] => format!("{one} alone"),
            _ => names.join(" + "),
        };
        t.add_row(vec![group, g.acceptable.to_string()]);
    }
    out.push_str(&format!("{t}\n"));
    if !c.blockers.is_empty() {
        let sets: Vec<String> = c
            .blockers
            .iter()
            .map(|b| {
                b.iter()
                    .map(|&m| parties[m].as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        out.push_str(&table::prose(&format!(
            "The whole table has no zone; the others would have one without {}.",
            sets.join(", or without ")
        )));
        out.push('\n');
    }
    out
}

pub fn zone_report(s: &Scenario, zone: &ZoneReport) -> String {
    let mut out = String::new();
    heading(&mut out, "Zone of agreement");
    out.push_str(&table::prose(&format!(
        "{} of {} outcomes cross no red line and give every party at least its fallback.",
        zone.acceptable, zone.outcomes
    )));
    out.push('\n');
    if let Some(n) = &zone.nash {
        out.push_str(&table::prose(&format!(
            "Nash deal in the zone: {}",
            deal_line(s, &zone.parties, n)
        )));
        out.push('\n');
    }
    if zone.acceptable == 0 {
        if zone.blocking.is_empty() {
            out.push_str("No relaxation of red lines or fallbacks opens a zone.\n");
        } else {
            out.push_str(&table::prose("What blocks a deal: relaxing any one of these minimal sets opens a zone of agreement (smallest first)."));
            out.push('\n');
            let mut t = table::new(&["#", "Relax", "Opens", "Nash deal in the opened zone"]);
            for (k, b) in zone.blocking.iter().enumerate() {
                t.add_row(vec![
                    (k + 1).to_string(),
                    b.constraints.join("\n"),
                    format!("{} outcomes", b.opens),
                    b.nash
                        .as_ref()
                        .map(|d| deal_line(s, &zone.parties, d))
                        .unwrap_or_default(),
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        for (k, c) in zone.closest_tied.iter().enumerate() {
            out.push_str(&table::prose(&format!(
                "{}: {} — crosses {}; shortfall below fallbacks {}.",
                if k == 0 {
                    "Closest to agreement"
                } else {
                    "Equally close"
                },
                deal_line(s, &zone.parties, &c.deal),
                c.violated.join(", "),
                number::trim(c.shortfall, 3)
            )));
            out.push('\n');
        }
    }
    out
}

pub fn analysis(s: &Scenario, a: &Analysis<'_>) -> String {
    let mut out = format!("{}\nscenario `{}`\n", s.title, s.id);
    let parties = &a.problem.parties;
    let f = a.frontier;
    heading(&mut out, "Outcome space");
    let mut t = table::new(&[
        "Outcomes",
        "Acceptable (zone of agreement)",
        "Pareto-optimal",
        "Method",
    ]);
    t.add_row(vec![
        a.problem.subspace.size_decimal(),
        f.acceptable.map_or_else(
            || "not counted (space too large)".to_string(),
            |n| n.to_string(),
        ),
        f.pareto.len().to_string(),
        match f.method {
            pactum_core::analysis::frontier::Method::Stream => "streamed enumeration".to_string(),
            pactum_core::analysis::frontier::Method::IssueMerge => "issue-wise merge".to_string(),
            pactum_core::analysis::frontier::Method::Search => {
                "branch and bound (one outcome per point)".to_string()
            }
        },
    ]);
    out.push_str(&format!("{t}\n"));
    let mut notes = Vec::new();
    if !f.exhaustive {
        notes.push(
            "the search stopped at its node limit (`--search-nodes`): the frontier lists the best outcomes found, and better ones may exist".to_string(),
        );
    }
    if !a.relaxed.is_empty() {
        notes.push(format!("relaxed: {}", a.relaxed.join(", ")));
    }
    if !a.fixed.is_empty() {
        notes.push(format!("fixed: {}", a.fixed.join(", ")));
    }
    notes.push(format!(
        "fallbacks: {}",
        utilities(parties, &a.problem.fallbacks)
    ));
    out.push_str(&notes.join("; "));
    out.push('\n');
    if let Some(st) = a.statistics {
        out.push_str(&format!(
            "Difficulty, as NegMAS measures it: opposition {} (0 = one outcome is everyone's best; √n at most), rational fraction {} (outcomes strictly above every fallback){}.\n",
            if st.opposition.is_finite() {
                number::trim(st.opposition, 3)
            } else {
                "∞ (no outcome clears every fallback)".into()
            },
            number::trim(st.rational_fraction, 3),
            st.conflict.map_or_else(String::new, |c| format!(
                ", conflict {} (share of pairs of outcomes the two parties order oppositely)",
                number::trim(c, 3)
            ))
        ));
    }

    if !f.pareto.is_empty() {
        heading(
            &mut out,
            "Bargaining points (on the frontier; gains over the fallbacks)",
        );
        let mut t = table::new(&["Solution", "Terms", "Utilities"]);
        for (name, deal) in [
            ("Nash", &a.points.nash),
            ("Kalai–Smorodinsky", &a.points.kalai_smorodinsky),
            (
                "Least asymmetry (GENIUS's and ANL's \"Kalai\")",
                &a.points.least_asymmetry,
            ),
            ("Egalitarian", &a.points.egalitarian),
            ("Utilitarian", &a.points.utilitarian),
        ] {
            if let Some(d) = deal {
                t.add_row(vec![
                    name.to_string(),
                    terms(s, &d.digits),
                    utilities(parties, &d.utilities),
                ]);
            }
        }
        out.push_str(&format!("{t}\n"));
        let shown = a.limit.unwrap_or(usize::MAX).min(f.pareto.len());
        heading(
            &mut out,
            &format!(
                "Pareto frontier ({shown} of {} shown, by total utility)",
                f.pareto.len()
            ),
        );
        let mut header = vec!["#".to_string(), "Terms".to_string()];
        header.extend(parties.iter().cloned());
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = table::new(&header);
        for (k, d) in f.pareto.iter().take(shown).enumerate() {
            let mut row = vec![(k + 1).to_string(), terms(s, &d.digits)];
            row.extend(d.utilities.iter().map(|u| number::utility(*u)));
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    if let Some(zone) = a.zone {
        out.push_str(&zone_report(s, zone));
    }
    out.push_str(&prices(parties, a.prices));
    out.push_str(&conflicts(a.conflicts, a.zone.is_some()));
    if let Some(c) = a.coalitions {
        out.push_str(&coalitions(parties, c));
    }
    if let Some(aw) = a.adjusted_winner {
        heading(
            &mut out,
            "Adjusted Winner (items to divide between the two parties)",
        );
        let mut t = table::new(&[
            "Item",
            &format!("{} points", aw.parties[0]),
            &format!("{} points", aw.parties[1]),
            "Goes to",
        ]);
        for item in &aw.items {
            let to = if item.first_share >= 1.0 {
                aw.parties[0].clone()
            } else if item.first_share <= 0.0 {
                aw.parties[1].clone()
            } else {
                format!(
                    "split: {}% to {}, {}% to {}",
                    number::trim(100.0 * item.first_share, 2),
                    aw.parties[0],
                    number::trim(100.0 * (1.0 - item.first_share), 2),
                    aw.parties[1]
                )
            };
            t.add_row(vec![
                item.issue.clone(),
                number::trim(item.points[0], 2),
                number::trim(item.points[1], 2),
                to,
            ]);
        }
        out.push_str(&format!("{t}\n"));
        out.push_str(&format!(
            "Each party ends with {} and {} points{}.\n",
            number::trim(aw.totals[0], 2),
            number::trim(aw.totals[1], 2),
            aw.split
                .as_ref()
                .map(|(i, _)| format!("; `{i}` is the item split"))
                .unwrap_or_default()
        ));
    }
    out
}

//! Text reports: the talks round by round, the result, and what blocks a deal.

use crate::table::{self, heading};
use pactum_core::analysis::{Deal, ZoneReport};
use pactum_core::number;
use pactum_core::scenario::Scenario;
use pactum_core::talks::mediated::Talks;
use pactum_core::talks::record::{Event, Round};
use pactum_core::talks::{Ending, TalksConfig};
use pactum_formats::output::Analysis;

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
/// red lines.
fn opening(s: &Scenario, talks: &Talks, party: usize) -> Vec<u32> {
    let id = &s.parties[party].id;
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
    let u = s.utility_function(party);
    let mut best: (f64, Vec<u32>) = (f64::NEG_INFINITY, vec![0; s.issues.len()]);
    if let Ok(space) = s.space() {
        let mut odo = space.odometer(0, space.size());
        while odo.advance().is_some() {
            let d = odo.digits();
            if s.parties[party]
                .red_lines
                .iter()
                .all(|r| r.constraint.holds(d))
            {
                let v = u.utility(d);
                if v > best.0 {
                    best = (v, d.to_vec());
                }
            }
        }
    }
    best.1
}

pub fn talks(
    s: &Scenario,
    config: &TalksConfig,
    talks: &Talks,
    zone: &ZoneReport,
    verbose: bool,
) -> String {
    let mut out = String::new();
    let mut title = format!(
        "The talks: {}, deadline {} rounds, seed {}",
        talks.protocol, config.rounds, config.seed
    );
    if !config.relaxed.is_empty() {
        title.push_str(&format!(
            ", relaxed: {}",
            config
                .relaxed
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    heading(&mut out, &title);
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
                    disclosed.join(", ")
                }
            ));
            out.push_str(&line);
            out.push('\n');
        }
    }
    let mut header = vec!["Round".to_string(), "Text (what changed)".to_string()];
    header.extend(talks.parties.iter().cloned());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table::new(&header_refs);
    let mut skipped = 0;
    for (k, r) in talks.rounds.iter().enumerate() {
        if !verbose && !notable(&talks.rounds, k) {
            skipped += 1;
            continue;
        }
        let text = if r.revised.is_empty() || k == 0 {
            r.text
                .iter()
                .map(|(i, v)| format!("{i}={v}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            r.text
                .iter()
                .filter(|(i, _)| r.revised.contains(i))
                .map(|(i, v)| format!("{i}→{v}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let text = if r.revised.is_empty() && k > 0 {
            "(same text)".to_string()
        } else {
            text
        };
        let mut row = vec![r.round.to_string(), text];
        for resp in &r.responses {
            let mut cell = format!(
                "{} {} (needs {})",
                if resp.accept { "accept" } else { "reject" },
                number::utility(resp.utility),
                number::utility(resp.threshold.min(9.999))
            );
            if !resp.red_lines.is_empty() {
                cell.push_str(&format!("\ncrosses: {}", resp.red_lines.join(", ")));
            } else if !resp.objections.is_empty() {
                cell.push_str(&format!("\nobjects: {}", resp.objections.join(", ")));
            }
            row.push(cell);
        }
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    if skipped > 0 {
        out.push_str(&format!(
            "({skipped} rounds with no change not shown; --verbose shows every round)\n"
        ));
    }

    heading(&mut out, "Result");
    match &talks.ending {
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
                let pi = s.party_index(p).unwrap_or(0);
                let opening = opening(s, talks, pi);
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
                    number::utility(s.fallback_at(pi, round - 1)),
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
            out.push_str(&format!("BREAKDOWN in round {round}: {reason}.\n"));
            out.push_str(&format!(
                "Each party falls back: {}.\n",
                utilities(&talks.parties, fallbacks)
            ));
        }
    }
    out.push_str(&zone_report(s, zone));
    out
}

pub fn zone_report(s: &Scenario, zone: &ZoneReport) -> String {
    let mut out = String::new();
    heading(&mut out, "Zone of agreement");
    out.push_str(&format!(
        "{} of {} outcomes cross no red line and give every party at least its fallback.\n",
        zone.acceptable, zone.outcomes
    ));
    if let Some(n) = &zone.nash {
        out.push_str(&format!(
            "Nash deal in the zone: {}\n",
            deal_line(s, &zone.parties, n)
        ));
    }
    if zone.acceptable == 0 {
        if zone.blocking.is_empty() {
            out.push_str("No relaxation of red lines or fallbacks opens a zone.\n");
        } else {
            out.push_str("What blocks a deal: relaxing any one of these minimal sets opens a zone of agreement (smallest first).\n");
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
        if let Some(c) = &zone.closest {
            out.push_str(&format!(
                "Closest to agreement: {} — crosses {}; shortfall below fallbacks {}.\n",
                deal_line(s, &zone.parties, &c.deal),
                c.violated.join(", "),
                number::trim(c.shortfall, 3)
            ));
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
        f.outcomes.to_string(),
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

    if !f.pareto.is_empty() {
        heading(
            &mut out,
            "Bargaining points (on the frontier; gains over the fallbacks)",
        );
        let mut t = table::new(&["Solution", "Terms", "Utilities"]);
        for (name, deal) in [
            ("Nash", &a.points.nash),
            ("Kalai–Smorodinsky", &a.points.kalai_smorodinsky),
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

//! `[[timeline]]`: events before and during the talks.

use super::parties::negotiator_index;
use super::*;

pub(super) fn read_timeline(
    r: &mut Reader<'_>,
    root: &Table<'_>,
    parties: &[(String, Role)],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Vec<Event>> {
    let mut out = Vec::new();
    let mut ok = true;
    let known: Vec<&str> = parties.iter().map(|(p, _)| p.as_str()).collect();
    for (t, span) in r.tables(root, "timeline") {
        r.check_keys(t, "a [[timeline]] event", EVENT_KEYS);
        let when = r.required_string(t, &span, "when", "a [[timeline]] event");
        let summary = r.required_string(t, &span, "summary", "a [[timeline]] event");
        let day = r.integer(t, "day").map(Spanned::into_inner);
        let date = r.string(t, "date").map(Spanned::into_inner);
        let place = r.string(t, "place").map(Spanned::into_inner);
        let people = r
            .strings(t, "people")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let p = provenance(r, t);
        want_provenance(r, warnings, &p, &span, "a timeline event");
        let mut members = Vec::new();
        for name in r.strings(t, "parties") {
            match parties.iter().position(|(q, _)| q == name.get_ref()) {
                Some(i) => members.push(i),
                None => {
                    r.error(
                        name.span(),
                        format!("a timeline event names no party `{}`", name.get_ref()),
                        Some(format!("one of {}", list(&known))),
                    );
                    ok = false;
                }
            }
        }
        let caucus = match r.string(t, "caucus") {
            Some(c) => match negotiator_index(r, &c, parties, "a caucus") {
                Some(i) => Some(i),
                None => {
                    ok = false;
                    None
                }
            },
            None => None,
        };
        match (when, summary) {
            (Some(when), Some(summary)) => out.push(Event {
                when: when.into_inner(),
                day,
                date,
                place,
                parties: members,
                people,
                summary: summary.into_inner(),
                caucus,
                provenance: p,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

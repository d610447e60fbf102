//! Writing a scenario as native TOML, the reader's format, with provenance kept.

use crate::export::*;
use pactum_core::Distribution;
use pactum_core::issue::IssueKind;
use pactum_core::preference::{Semantics, ValueFunction};
use pactum_core::scenario::{Role, Scenario};

/// A native TOML scenario. Everything pactum models is kept; values are written as read (GENIUS
/// and GeniusWeb parties get `weights = "as_written"`).
pub fn to_toml(s: &Scenario) -> Written {
    use toml::{Table, Value as T};
    let mut losses = Vec::new();
    // Provenance under `PREFIXsource` and `PREFIXassumption` (the prefix names a setting that
    // shares its table with other facts: `rounds_`, `disclosure_`).
    let named = |t: &mut Table, p: &pactum_core::provenance::Provenance, prefix: &str| {
        if !p.sources.is_empty() {
            t.insert(
                format!("{prefix}source"),
                T::Array(p.sources.iter().map(|x| T::String(x.clone())).collect()),
            );
        }
        if let Some(a) = &p.assumption {
            t.insert(format!("{prefix}assumption"), T::String(a.clone()));
        }
    };
    let prov = |t: &mut Table, p: &pactum_core::provenance::Provenance| {
        named(t, p, "");
        if let Some((lo, hi)) = p.range {
            t.insert("range".into(), T::Array(vec![T::Float(lo), T::Float(hi)]));
            if p.distribution != Distribution::Uniform {
                t.insert(
                    "distribution".into(),
                    T::String(p.distribution.name().into()),
                );
            }
        }
    };
    let mut root = Table::new();
    let mut head = Table::new();
    head.insert("id".into(), T::String(s.id.clone()));
    head.insert("title".into(), T::String(s.title.clone()));
    if !s.summary.is_empty() {
        head.insert("summary".into(), T::String(s.summary.clone()));
    }
    if !s.source.is_empty() {
        head.insert("source".into(), T::String(s.source.clone()));
    }
    head.insert("rounds".into(), T::Integer(i64::from(s.talks.rounds)));
    named(&mut head, &s.talks.rounds_provenance, "rounds_");
    head.insert("seed".into(), T::Integer(s.talks.seed as i64));
    if let Some(p) = &s.talks.protocol {
        head.insert("protocol".into(), T::String(p.name().to_string()));
    }
    if let Some(m) = &s.talks.mediator {
        head.insert("mediator".into(), T::String(m.name().to_string()));
    }
    root.insert("scenario".into(), T::Table(head));
    let num = |x: f64, integer: bool| {
        if integer && x.fract() == 0.0 && x.abs() < 9e15 {
            T::Integer(x as i64)
        } else {
            T::Float(x)
        }
    };
    let mut issues = Vec::new();
    for issue in &s.issues {
        let mut t = Table::new();
        t.insert("id".into(), T::String(issue.id.clone()));
        if issue.label != issue.id {
            t.insert("label".into(), T::String(issue.label.clone()));
        }
        if !issue.description.is_empty() {
            t.insert("description".into(), T::String(issue.description.clone()));
        }
        match &issue.kind {
            IssueKind::Options { options, ordered } => {
                if *ordered {
                    t.insert("ordered".into(), T::Boolean(true));
                }
                let opts = options
                    .iter()
                    .map(|o| {
                        let mut ot = Table::new();
                        ot.insert("id".into(), T::String(o.id.clone()));
                        if o.label != o.id {
                            ot.insert("label".into(), T::String(o.label.clone()));
                        }
                        if !o.description.is_empty() {
                            ot.insert("description".into(), T::String(o.description.clone()));
                        }
                        prov(&mut ot, &o.provenance);
                        T::Table(ot)
                    })
                    .collect();
                t.insert("options".into(), T::Array(opts));
            }
            IssueKind::Numeric {
                min,
                max,
                step,
                integer,
                unit,
            } => {
                t.insert(
                    "kind".into(),
                    T::String(if *integer { "integer" } else { "real" }.into()),
                );
                t.insert("min".into(), num(*min, *integer));
                t.insert("max".into(), num(*max, *integer));
                t.insert("step".into(), num(*step, *integer));
                if !unit.is_empty() {
                    t.insert("unit".into(), T::String(unit.clone()));
                }
            }
        }
        prov(&mut t, &issue.provenance);
        issues.push(T::Table(t));
    }
    root.insert("issues".into(), T::Array(issues));
    let mut parties = Vec::new();
    for p in &s.parties {
        let mut t = Table::new();
        t.insert("id".into(), T::String(p.id.clone()));
        t.insert("name".into(), T::String(p.name.clone()));
        t.insert("role".into(), T::String(p.role.name().into()));
        if !p.description.is_empty() {
            t.insert("description".into(), T::String(p.description.clone()));
        }
        prov(&mut t, &p.provenance);
        let d = p.disclosure;
        let disclosed: Vec<T> = [
            ("red_lines", d.red_lines),
            ("priorities", d.priorities),
            ("fallback", d.fallback),
            ("preferences", d.preferences),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(k, _)| T::String((*k).into()))
        .collect();
        // The reader's default (red lines and priorities) is left unsaid unless it has
        // provenance, so that an exported scenario asks `--strict` for nothing it did not say.
        let default = d.red_lines && d.priorities && !d.fallback && !d.preferences;
        if !default || !p.disclosure_provenance.is_empty() {
            t.insert("disclosure".into(), T::Array(disclosed));
            named(&mut t, &p.disclosure_provenance, "disclosure_");
        }
        if let Some(strategy) = &p.strategy {
            t.insert("strategy".into(), T::String(strategy.to_string()));
        }
        match p.preferences.semantics {
            Semantics::Normalised => {}
            Semantics::AsWritten => {
                t.insert("weights".into(), T::String("as_written".into()));
            }
            Semantics::Capped => {
                t.insert("weights".into(), T::String("capped".into()));
            }
        }
        if p.role == Role::Party || p.fallback.utility != 0.0 {
            let mut f = Table::new();
            f.insert("utility".into(), T::Float(p.fallback.utility));
            f.insert("per_round".into(), T::Float(p.fallback.per_round));
            prov(&mut f, &p.fallback.provenance);
            t.insert("fallback".into(), T::Table(f));
        }
        if p.discount.per_round != 1.0 || p.discount.at_deadline != 1.0 {
            let mut f = Table::new();
            f.insert("per_round".into(), T::Float(p.discount.per_round));
            if p.discount.at_deadline != 1.0 {
                f.insert("at_deadline".into(), T::Float(p.discount.at_deadline));
            }
            prov(&mut f, &p.discount.provenance);
            t.insert("discount".into(), T::Table(f));
        }
        let delegation: Vec<T> = p
            .delegation
            .iter()
            .map(|m| {
                let mut mt = Table::new();
                mt.insert("name".into(), T::String(m.name.clone()));
                mt.insert("title".into(), T::String(m.title.clone()));
                mt.insert("role".into(), T::String(m.role.clone()));
                mt.insert("at_table".into(), T::Boolean(m.at_table));
                prov(&mut mt, &m.provenance);
                T::Table(mt)
            })
            .collect();
        if !delegation.is_empty() {
            t.insert("delegation".into(), T::Array(delegation));
        }
        let mut prefs = Vec::new();
        for term in &p.preferences.issues {
            if term.weight <= 0.0 {
                losses.push(format!("the weight-0 preference of `{}` on `{}` is left out (it adds nothing to its utility)", p.id, s.issues[term.issue].id));
                continue;
            }
            let issue = &s.issues[term.issue];
            let mut pt = Table::new();
            pt.insert("issue".into(), T::String(issue.id.clone()));
            pt.insert("weight".into(), T::Float(term.weight));
            match (&term.values, &issue.kind) {
                (ValueFunction::Table { values }, IssueKind::Options { .. }) => {
                    let vt: Table = values
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            let ranged = term.value_ranges.iter().find(|r| r.digit == k as u32);
                            let entry = match ranged {
                                Some(r) => {
                                    let mut e = Table::new();
                                    e.insert("value".into(), T::Float(*v));
                                    e.insert(
                                        "range".into(),
                                        T::Array(vec![T::Float(r.low), T::Float(r.high)]),
                                    );
                                    if r.distribution != Distribution::Uniform {
                                        e.insert(
                                            "distribution".into(),
                                            T::String(r.distribution.name().into()),
                                        );
                                    }
                                    T::Table(e)
                                }
                                None => T::Float(*v),
                            };
                            (issue.value_id(k as u32), entry)
                        })
                        .collect();
                    pt.insert("values".into(), T::Table(vt));
                }
                (ValueFunction::Table { values }, IssueKind::Numeric { .. }) => {
                    // Exact at every value of the range: the points are the grid itself.
                    let points = values
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            T::Array(vec![
                                T::Float(issue.numeric_value(k as u32).unwrap_or(0.0)),
                                T::Float(*v),
                            ])
                        })
                        .collect();
                    pt.insert("piecewise".into(), T::Array(points));
                }
                (ValueFunction::Linear { at_min, at_max }, _) => {
                    let mut lt = Table::new();
                    lt.insert("at_min".into(), T::Float(*at_min));
                    lt.insert("at_max".into(), T::Float(*at_max));
                    pt.insert("linear".into(), T::Table(lt));
                }
                (ValueFunction::Piecewise { points }, _) => {
                    pt.insert(
                        "piecewise".into(),
                        T::Array(
                            points
                                .iter()
                                .map(|(x, v)| T::Array(vec![T::Float(*x), T::Float(*v)]))
                                .collect(),
                        ),
                    );
                }
            }
            prov(&mut pt, &term.provenance);
            prefs.push(T::Table(pt));
        }
        if !prefs.is_empty() {
            t.insert("preferences".into(), T::Array(prefs));
        }
        let interactions: Vec<T> = p
            .preferences
            .interactions
            .iter()
            .map(|i| {
                let mut it = Table::new();
                let when: Table = i
                    .when
                    .iter()
                    .map(|c| {
                        let is = &s.issues[c.issue];
                        let value = |d: u32| match is.numeric_value(d) {
                            Some(x) => num(
                                x,
                                matches!(is.kind, IssueKind::Numeric { integer: true, .. }),
                            ),
                            None => T::String(is.value_id(d)),
                        };
                        let v = match c.runs.as_slice() {
                            [(first, last)] if first == last => value(*first),
                            [(first, last)] => {
                                let mut range = Table::new();
                                range.insert("min".into(), value(*first));
                                range.insert("max".into(), value(*last));
                                T::Table(range)
                            }
                            _ => T::Array(c.digits().map(value).collect()),
                        };
                        (is.id.clone(), v)
                    })
                    .collect();
                it.insert("when".into(), T::Table(when));
                it.insert("bonus".into(), T::Float(i.bonus));
                if !i.description.is_empty() {
                    it.insert("description".into(), T::String(i.description.clone()));
                }
                prov(&mut it, &i.provenance);
                T::Table(it)
            })
            .collect();
        if !interactions.is_empty() {
            t.insert("interactions".into(), T::Array(interactions));
        }
        let red_lines: Vec<T> = p
            .red_lines
            .iter()
            .map(|r| {
                let mut rt = Table::new();
                rt.insert("id".into(), T::String(r.id.clone()));
                rt.insert("expr".into(), T::String(r.expr.clone()));
                if !r.description.is_empty() {
                    rt.insert("description".into(), T::String(r.description.clone()));
                }
                prov(&mut rt, &r.provenance);
                T::Table(rt)
            })
            .collect();
        if !red_lines.is_empty() {
            t.insert("red_lines".into(), T::Array(red_lines));
        }
        let influences: Vec<T> = p
            .influences
            .iter()
            .map(|i| {
                let mut it = Table::new();
                it.insert("party".into(), T::String(s.parties[i.party].id.clone()));
                it.insert("fallback".into(), T::Float(i.fallback_delta));
                if !i.description.is_empty() {
                    it.insert("description".into(), T::String(i.description.clone()));
                }
                prov(&mut it, &i.provenance);
                T::Table(it)
            })
            .collect();
        if !influences.is_empty() {
            t.insert("influences".into(), T::Array(influences));
        }
        let figures: Vec<T> = p
            .figures
            .iter()
            .map(|f| {
                let mut ft = Table::new();
                ft.insert("label".into(), T::String(f.label.clone()));
                ft.insert("value".into(), T::Float(f.value));
                if !f.unit.is_empty() {
                    ft.insert("unit".into(), T::String(f.unit.clone()));
                }
                prov(&mut ft, &f.provenance);
                T::Table(ft)
            })
            .collect();
        if !figures.is_empty() {
            t.insert("figures".into(), T::Array(figures));
        }
        parties.push(T::Table(t));
    }
    root.insert("parties".into(), T::Array(parties));
    let events: Vec<T> = s
        .timeline
        .iter()
        .map(|e| {
            let mut et = Table::new();
            et.insert("when".into(), T::String(e.when.clone()));
            if let Some(day) = e.day {
                et.insert("day".into(), T::Integer(day));
            }
            if let Some(date) = &e.date {
                et.insert("date".into(), T::String(date.clone()));
            }
            if let Some(place) = &e.place {
                et.insert("place".into(), T::String(place.clone()));
            }
            et.insert(
                "parties".into(),
                T::Array(
                    e.parties
                        .iter()
                        .map(|&i| T::String(s.parties[i].id.clone()))
                        .collect(),
                ),
            );
            et.insert(
                "people".into(),
                T::Array(e.people.iter().map(|x| T::String(x.clone())).collect()),
            );
            et.insert("summary".into(), T::String(e.summary.clone()));
            if let Some(c) = e.caucus {
                et.insert("caucus".into(), T::String(s.parties[c].id.clone()));
            }
            prov(&mut et, &e.provenance);
            T::Table(et)
        })
        .collect();
    if !events.is_empty() {
        root.insert("timeline".into(), T::Array(events));
    }
    let text = toml::to_string(&root).unwrap_or_default();
    Written {
        files: vec![(format!("{}.toml", s.id), text)],
        losses,
    }
}

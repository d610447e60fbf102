//! `[[parties]]`: roles, delegations, fallbacks, red lines, influences; preferences are read by
//! `preferences`.

use super::preferences::read_preferences;
use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn read_party(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    span: &Range<usize>,
    (id, role): &(String, Role),
    issues: &[Issue],
    issue_ids: &IssueIds<'_>,
    parties: &[(String, Role)],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Party> {
    r.check_keys(t, "a [[parties]] entry", PARTY_KEYS);
    let role = *role;
    let name = r
        .string(t, "name")
        .map(Spanned::into_inner)
        .unwrap_or_else(|| id.clone());
    let description = r
        .string(t, "description")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let prov = provenance(r, t);

    let mut delegation = Vec::new();
    for (d, dspan) in r.tables(t, "delegation") {
        r.check_keys(d, "a delegation member", DELEGATE_KEYS);
        let person = r.required_string(d, &dspan, "name", "a delegation member");
        let p = provenance(r, d);
        want_provenance(r, warnings, &p, &dspan, "a delegation member");
        if let Some(person) = person {
            delegation.push(Delegate {
                name: person.into_inner(),
                title: r
                    .string(d, "title")
                    .map(Spanned::into_inner)
                    .unwrap_or_default(),
                role: r
                    .string(d, "role")
                    .map(Spanned::into_inner)
                    .unwrap_or_default(),
                at_table: r.boolean(d, "at_table").unwrap_or(true),
                provenance: p,
            });
        }
    }

    let disclosure_provenance = Provenance {
        distribution: Distribution::Uniform,
        sources: r
            .strings(t, "disclosure_source")
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        assumption: r
            .string(t, "disclosure_assumption")
            .map(Spanned::into_inner),
        range: None,
    };
    if let Some(v) = t.get("disclosure")
        && disclosure_provenance.is_empty()
    {
        warnings.push(
            r.map
                .diagnostic(v.span(), format!("the disclosure of `{id}` has no provenance"))
                .with_expected("`disclosure_source = [\"¶N\"]` or `disclosure_assumption = \"why it tells the mediator this\"`"),
        );
    }
    let disclosure = match t.get("disclosure") {
        None => Disclosure {
            red_lines: true,
            priorities: true,
            fallback: false,
            preferences: false,
        },
        Some(_) => {
            let mut d = Disclosure::default();
            for item in r.strings(t, "disclosure") {
                match item.get_ref().as_str() {
                    "red_lines" => d.red_lines = true,
                    "priorities" => d.priorities = true,
                    "fallback" => d.fallback = true,
                    "preferences" => d.preferences = true,
                    other => r.error(
                        item.span(),
                        format!("unknown disclosure \"{other}\""),
                        Some(format!("any of {}", list(DISCLOSURES))),
                    ),
                }
            }
            d
        }
    };

    let fallback = match r.table(t, "fallback") {
        Some((f, fspan)) => {
            r.check_keys(f, "a fallback", FALLBACK_KEYS);
            let mut p = provenance(r, f);
            let admits = Admits {
                ok: |x| (-1.0..=1.0).contains(&x),
                domain: "-1..1",
                expected: "utilities from -1 to 1",
            };
            let utility = doubted_number(r, f, &fspan, "utility", "a fallback", &admits, &mut p);
            if let Some(u) = &utility
                && !(-1.0..=1.0).contains(u.get_ref())
            {
                r.error(
                    u.span(),
                    format!("fallback utility {} is outside -1..1", u.get_ref()),
                    Some("a utility from -1 to 1 (0 when walking away is worth nothing)".into()),
                );
            }
            let per_round = r.number(f, "per_round");
            if let Some(p) = &per_round
                && !(-1.0..=1.0).contains(p.get_ref())
            {
                r.error(
                    p.span(),
                    format!("`per_round` {} is outside -1..1", p.get_ref()),
                    Some("a change per round from -1 to 1".into()),
                );
            }
            want_provenance(r, warnings, &p, &fspan, &format!("the fallback of `{id}`"));
            Fallback {
                utility: utility.map_or(0.0, Spanned::into_inner),
                per_round: per_round.map_or(0.0, Spanned::into_inner),
                provenance: p,
            }
        }
        None => Fallback {
            utility: 0.0,
            per_round: 0.0,
            provenance: Provenance::default(),
        },
    };
    let discount = match r.table(t, "discount") {
        Some((f, fspan)) => {
            r.check_keys(f, "a discount", DISCOUNT_KEYS);
            let mut factor = |key: &str| {
                let value = r.number(f, key)?;
                if !(*value.get_ref() > 0.0 && *value.get_ref() <= 1.0) {
                    r.error(
                        value.span(),
                        format!(
                            "discount factor `{key}` = {} is outside (0, 1]",
                            value.get_ref()
                        ),
                        Some("a factor greater than 0 and at most 1".into()),
                    );
                    return None;
                }
                Some(value.into_inner())
            };
            let per_round = factor("per_round");
            let at_deadline = factor("at_deadline");
            if f.get("per_round").is_none() && f.get("at_deadline").is_none() {
                r.error(
                    fspan.clone(),
                    "a discount gives no factor",
                    Some("`per_round = 0.99` and/or `at_deadline = 0.5`".into()),
                );
            }
            let p = provenance(r, f);
            want_provenance(r, warnings, &p, &fspan, &format!("the discount of `{id}`"));
            Discount {
                per_round: per_round.unwrap_or(1.0),
                at_deadline: at_deadline.unwrap_or(1.0),
                provenance: p,
            }
        }
        None => Discount {
            per_round: 1.0,
            at_deadline: 1.0,
            provenance: Provenance::default(),
        },
    };

    let semantics = match r.string(t, "weights") {
        None => Semantics::Normalised,
        Some(w) => match w.get_ref().as_str() {
            "normalised" | "normalized" => Semantics::Normalised,
            "as_written" => Semantics::AsWritten,
            "capped" => Semantics::Capped,
            other => {
                r.error(w.span(), format!("unknown weights \"{other}\""), Some("`normalised` (divide by their sum, the default), `as_written` (GENIUS semantics) or `capped` (as written, at most 1: GENIUS nonlinear)".into()));
                Semantics::Normalised
            }
        },
    };
    let preferences = read_preferences(r, t, id, issues, issue_ids, warnings)
        .map(|p| Preferences { semantics, ..p });
    let pref_tables = t.get("preferences").is_some() || t.get("interactions").is_some();
    if role == Role::Party && !pref_tables {
        r.error(
            span.clone(),
            format!("party `{id}` negotiates but states no preferences"),
            Some("`[[parties.preferences]]` entries with `issue` and `weight`, or `[[parties.interactions]]`".into()),
        );
    }

    let mut red_lines = Vec::new();
    let mut rl_ids = Ids::new("red line");
    let rl_tables = r.tables(t, "red_lines");
    if role != Role::Party && !rl_tables.is_empty() {
        r.error(
            rl_tables[0].1.clone(),
            format!("`{id}` has role \"{}\" and red lines", role.name()),
            Some("red lines only on parties with `role = \"party\"` (only they can veto)".into()),
        );
    }
    for (rt, rspan) in rl_tables {
        r.check_keys(rt, "a red line", RED_LINE_KEYS);
        let rid = r.required_id(rt, &rspan, "a red line");
        if let Some(rid) = &rid {
            rl_ids.add(r, rid);
        }
        let expr = r.required_string(rt, &rspan, "expr", "a red line");
        let description = r
            .string(rt, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, rt);
        want_provenance(r, warnings, &p, &rspan, "a red line");
        let Some(expr) = expr else { continue };
        let compiled = match redline::parse_and_compile(expr.get_ref(), issues) {
            Ok(c) => Some(c),
            Err(errors) => {
                let base = r.string_content_offset(&expr);
                for e in errors {
                    let span = match base {
                        Some(b) => b + e.span.start..b + e.span.end.max(e.span.start + 1),
                        None => expr.span(),
                    };
                    let mut d = r
                        .map
                        .diagnostic(span, format!("in red line: {}", e.message));
                    d.expected = e.expected;
                    r.push(d);
                }
                None
            }
        };
        if let (Some(rid), Some(constraint)) = (rid, compiled) {
            red_lines.push(RedLine {
                id: rid.into_inner(),
                expr: expr.into_inner(),
                description,
                constraint,
                provenance: p,
            });
        }
    }

    let mut influences = Vec::new();
    for (it, ispan) in r.tables(t, "influences") {
        r.check_keys(it, "an influence", INFLUENCE_KEYS);
        let target = r.required_string(it, &ispan, "party", "an influence");
        let mut p = provenance(r, it);
        let admits = Admits {
            ok: |x| (-1.0..=1.0).contains(&x),
            domain: "-1..1",
            expected: "fallback changes from -1 to 1",
        };
        let delta = doubted_number(r, it, &ispan, "fallback", "an influence", &admits, &mut p);
        let description = r
            .string(it, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        want_provenance(r, warnings, &p, &ispan, "an influence");
        if let Some(d) = &delta
            && !(-1.0..=1.0).contains(d.get_ref())
        {
            r.error(
                d.span(),
                format!("fallback change {} is outside -1..1", d.get_ref()),
                Some("a change of utility from -1 to 1".into()),
            );
        }
        let party = target.and_then(|tg| negotiator_index(r, &tg, parties, "an influence"));
        if let (Some(party), Some(delta)) = (party, delta) {
            influences.push(Influence {
                party,
                fallback_delta: delta.into_inner(),
                description,
                provenance: p,
            });
        }
    }

    let mut figures = Vec::new();
    for (ft, fspan) in r.tables(t, "figures") {
        r.check_keys(ft, "a figure", FIGURE_KEYS);
        let label = r.required_string(ft, &fspan, "label", "a figure");
        let value = r.required_number(ft, &fspan, "value", "a figure");
        let unit = r
            .string(ft, "unit")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, ft);
        want_provenance(r, warnings, &p, &fspan, "a figure");
        if let (Some(label), Some(value)) = (label, value) {
            figures.push(Figure {
                label: label.into_inner(),
                value: value.into_inner(),
                unit,
                provenance: p,
            });
        }
    }

    let strategy = r.string(t, "strategy").and_then(|spec| {
        match pactum_core::talks::StrategySpec::parse(spec.get_ref()) {
            // A scenario is data that travels: opening one must never start a program.
            Ok(parsed) if parsed.as_outside().is_some() => {
                r.error(
                    spec.span(),
                    format!(
                        "strategy \"{}\": a scenario cannot start an outside program",
                        spec.get_ref()
                    ),
                    Some("a built-in strategy here; seat an outside agent with --strategy PARTY=exec:COMMAND or a tournament config".into()),
                );
                None
            }
            Ok(parsed) => Some(parsed),
            Err(e) => {
                r.error(
                    spec.span(),
                    format!("strategy \"{}\": {e}", spec.get_ref()),
                    Some("NAME[:key=value,...] as `pactum strategies` lists".into()),
                );
                None
            }
        }
    });
    Some(Party {
        id: id.clone(),
        name,
        role,
        description,
        delegation,
        preferences: preferences?,
        red_lines,
        fallback,
        discount,
        disclosure,
        disclosure_provenance,
        influences,
        figures,
        strategy,
        provenance: prov,
    })
}

/// Index of the negotiating party `id`, or an error at `id`'s span.
pub(super) fn negotiator_index(
    r: &mut Reader<'_>,
    id: &Spanned<String>,
    parties: &[(String, Role)],
    what: &str,
) -> Option<usize> {
    match parties.iter().position(|(p, _)| p == id.get_ref()) {
        Some(i) if parties[i].1 == Role::Party => Some(i),
        Some(i) => {
            r.error(
                id.span(),
                format!(
                    "{what} names `{}`, which has role \"{}\"",
                    id.get_ref(),
                    parties[i].1.name()
                ),
                Some("a party with role \"party\"".into()),
            );
            None
        }
        None => {
            let known: Vec<&str> = parties
                .iter()
                .filter(|(_, role)| *role == Role::Party)
                .map(|(p, _)| p.as_str())
                .collect();
            let mut d = r
                .map
                .diagnostic(
                    id.span(),
                    format!("{what} names no party `{}`", id.get_ref()),
                )
                .with_expected(format!("one of {}", list(&known)));
            if let Some(c) = closest(id.get_ref(), &known) {
                d = d.with_help(format!("did you mean `{c}`?"));
            }
            r.push(d);
            None
        }
    }
}

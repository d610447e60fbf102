//! `[[parties]]`: roles, delegations, fallbacks, preferences, red lines, influences.

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
            let utility = r.required_number(f, &fspan, "utility", "a fallback");
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
            let mut p = provenance(r, f);
            p.range = r.range(f, "range", utility.as_ref());
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
        let delta = r.required_number(it, &ispan, "fallback", "an influence");
        let description = r
            .string(it, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let mut p = provenance(r, it);
        p.range = r.range(it, "range", delta.as_ref());
        if let Some((lo, hi)) = p.range
            && (lo < -1.0 || hi > 1.0)
        {
            let at = it.get("range").map_or(ispan.clone(), |x| x.span());
            r.error(
                at,
                format!("the range [{lo}, {hi}] leaves -1..1"),
                Some("a range of fallback changes from -1 to 1".into()),
            );
        }
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

thread_local! {
    /// The last issue list looked up in, indexed: a scenario's parties name its issues again
    /// and again, and a scan per name made 30,000 issues quadratic.
    static INDEX: std::cell::RefCell<(usize, usize, std::collections::HashMap<String, usize>)> =
        std::cell::RefCell::new((0, 0, std::collections::HashMap::new()));
}

/// Where `name` is in `ids`: through an index of `ids` built once, each hit checked against
/// `ids` itself, and a miss confirmed by a scan (so a stale index can never give a wrong answer).
fn position_of(ids: &[&str], name: &str) -> Option<usize> {
    if ids.len() < 64 {
        return ids.iter().position(|i| *i == name);
    }
    let hit = INDEX.with(|cell| {
        let mut cache = cell.borrow_mut();
        let key = (ids.as_ptr() as usize, ids.len());
        if (cache.0, cache.1) != key {
            let index = ids
                .iter()
                .enumerate()
                .rev()
                .map(|(k, i)| (i.to_string(), k))
                .collect();
            *cache = (key.0, key.1, index);
        }
        cache.2.get(name).copied()
    });
    match hit {
        Some(k) if ids.get(k) == Some(&name) && ids[..k].iter().all(|i| *i != name) => Some(k),
        Some(_) | None => ids.iter().position(|i| *i == name),
    }
}

fn issue_index(
    r: &mut Reader<'_>,
    name: &Spanned<String>,
    issue_ids: &IssueIds<'_>,
    what: &str,
) -> Option<usize> {
    let found = position_of(&issue_ids.read, name.get_ref());
    if found.is_none() && !issue_ids.refused.contains(name.get_ref()) {
        let issue_ids = &issue_ids.read[..];
        let mut d = r
            .map
            .diagnostic(
                name.span(),
                format!("{what} names no issue `{}`", name.get_ref()),
            )
            .with_expected(format!("one of {}", list(issue_ids)));
        if let Some(c) = closest(name.get_ref(), issue_ids) {
            d = d.with_help(format!("did you mean `{c}`?"));
        }
        r.push(d);
    }
    found
}

fn read_preferences(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    party: &str,
    issues: &[Issue],
    issue_ids: &IssueIds<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Preferences> {
    let mut ok = true;
    let mut terms: Vec<IssuePreference> = Vec::new();
    let mut weight_sum = 0.0f64;
    let mut seen = Ids::new("preference issue");
    for (pt, pspan) in r.tables(t, "preferences") {
        r.check_keys(pt, "a preference", PREFERENCE_KEYS);
        let name = r.required_string(pt, &pspan, "issue", "a preference");
        let weight = r.required_number(pt, &pspan, "weight", "a preference");
        let mut p = provenance(r, pt);
        p.range = r.range(pt, "range", weight.as_ref());
        want_provenance(
            r,
            warnings,
            &p,
            &pspan,
            &format!("the preference of `{party}` on an issue"),
        );
        if let Some(w) = &weight
            && *w.get_ref() <= 0.0
        {
            r.error(
                w.span(),
                format!("weight {} is not positive", w.get_ref()),
                Some("a weight greater than 0 (leave an issue out to ignore it)".into()),
            );
            ok = false;
        }
        let issue = name.as_ref().and_then(|n| {
            if seen.add(r, n) {
                issue_index(r, n, issue_ids, "a preference")
            } else {
                None
            }
        });
        let Some(issue) = issue else {
            ok = false;
            continue;
        };
        let mut value_ranges = Vec::new();
        let values = read_value_function(r, pt, &pspan, &issues[issue], &mut value_ranges);
        value_ranges.sort_by_key(|&(d, _, _)| d);
        // Weights are summed (normalised) and multiplied: a sum that overflows would make every
        // utility 0 and every priority NaN. (A running sum: re-adding every term was quadratic.)
        if let Some(w) = &weight {
            let sum = weight_sum + w.get_ref();
            if !sum.is_finite() {
                r.error(
                    w.span(),
                    format!("the weights of `{party}` sum beyond the largest number"),
                    Some("weights of a sensible size (they are relative: 1, 2, 3 will do)".into()),
                );
                ok = false;
                continue;
            }
        }
        if let Some(w) = &weight {
            weight_sum += w.get_ref();
        }
        match (weight, values) {
            (Some(w), Some(values)) => terms.push(IssuePreference {
                issue,
                weight: w.into_inner(),
                values,
                provenance: p,
                value_ranges,
            }),
            _ => ok = false,
        }
    }
    let mut interactions = Vec::new();
    for (it, ispan) in r.tables(t, "interactions") {
        r.check_keys(it, "an interaction", INTERACTION_KEYS);
        let bonus = r.required_number(it, &ispan, "bonus", "an interaction");
        if let Some(b) = &bonus
            && !(-1.0..=1.0).contains(b.get_ref())
        {
            r.error(
                b.span(),
                format!("bonus {} is outside -1..1", b.get_ref()),
                Some("a bonus (or, negative, a penalty) from -1 to 1".into()),
            );
            ok = false;
        }
        let description = r
            .string(it, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let p = provenance(r, it);
        want_provenance(r, warnings, &p, &ispan, "an interaction");
        let mut when = Vec::new();
        match r.table(it, "when") {
            Some((wt, wspan)) => {
                if wt.is_empty() {
                    r.error(
                        wspan,
                        "`when` is empty",
                        Some("`when = { issue = \"option\", … }`".into()),
                    );
                    ok = false;
                }
                for (key, value) in wt.iter() {
                    let name = Spanned::new(key.span(), key.get_ref().to_string());
                    let Some(i) = issue_index(r, &name, issue_ids, "an interaction") else {
                        ok = false;
                        continue;
                    };
                    match condition_of(r, i, &issues[i], value) {
                        Some(c) => when.push(c),
                        None => ok = false,
                    }
                }
            }
            None => {
                if it.get("when").is_none() {
                    r.error(
                        ispan.clone(),
                        "an interaction has no `when`",
                        Some("`when = { issue = \"option\", … }`".into()),
                    );
                }
                ok = false;
            }
        }
        if let Some(bonus) = bonus {
            interactions.push(Interaction {
                when,
                bonus: bonus.into_inner(),
                description,
                provenance: p,
            });
        }
    }
    ok.then_some(Preferences {
        issues: terms,
        interactions,
        semantics: Semantics::Normalised,
    })
}

/// The condition a TOML value sets on issue `index`: one value, a list of values (any of them),
/// or an inclusive range `{ min = …, max = … }` of values.
fn condition_of(
    r: &mut Reader<'_>,
    index: usize,
    issue: &Issue,
    value: &Spanned<DeValue<'_>>,
) -> Option<Condition> {
    match value.get_ref() {
        DeValue::Array(items) => {
            if items.is_empty() {
                r.error(
                    value.span(),
                    format!("the list of values of `{}` is empty", issue.id),
                    Some("at least one value".into()),
                );
                return None;
            }
            let digits: Option<Vec<u32>> = items.iter().map(|v| digit_of(r, issue, v)).collect();
            Some(Condition::any_of(index, digits?))
        }
        DeValue::Table(t) => {
            r.check_keys(t, "a range of values", &["min", "max"]);
            let bound = |r: &mut Reader<'_>, key: &str| match t.get(key) {
                Some(v) => digit_of(r, issue, v),
                None => {
                    r.error(
                        value.span(),
                        format!("a range of `{}` has no `{key}`", issue.id),
                        Some("`{ min = …, max = … }`".into()),
                    );
                    None
                }
            };
            let (lo, hi) = (bound(r, "min"), bound(r, "max"));
            let (lo, hi) = (lo?, hi?);
            if lo > hi {
                r.error(
                    value.span(),
                    format!("the range of `{}` runs backwards", issue.id),
                    Some("`min` at or before `max`".into()),
                );
                return None;
            }
            Some(Condition::between(index, lo, hi))
        }
        _ => digit_of(r, issue, value).map(|d| Condition::is(index, d)),
    }
}

/// The digit a TOML value names on `issue`: an option id, or a value of the range.
fn digit_of(r: &mut Reader<'_>, issue: &Issue, value: &Spanned<DeValue<'_>>) -> Option<u32> {
    match (&issue.kind, value.get_ref()) {
        (IssueKind::Options { options, .. }, DeValue::String(s)) => {
            let found = issue.option_index(s);
            if found.is_none() {
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                r.error(
                    value.span(),
                    format!("issue `{}` has no option \"{s}\"", issue.id),
                    Some(format!("one of {}", list(&ids))),
                );
            }
            found
        }
        (IssueKind::Numeric { .. }, v) if as_number(v).is_some() => {
            let x = as_number(v).unwrap_or(0.0);
            let d = issue.nearest_digit(x)?;
            let on_grid = issue
                .numeric_value(d)
                .is_some_and(|y| (y - x).abs() <= 1e-9 * x.abs().max(1.0));
            if !on_grid {
                r.error(
                    value.span(),
                    format!("{x} is not a value of `{}`", issue.id),
                    Some("min + k·step, within the range".into()),
                );
                return None;
            }
            Some(d)
        }
        (IssueKind::Options { .. }, other) => {
            r.error(
                value.span(),
                format!("a value of `{}` is {}", issue.id, type_of(other)),
                Some("an option id in quotes".into()),
            );
            None
        }
        (IssueKind::Numeric { .. }, other) => {
            r.error(
                value.span(),
                format!("a value of `{}` is {}", issue.id, type_of(other)),
                Some("a number".into()),
            );
            None
        }
    }
}

/// The preference's value function; entries of a value table written `{ value, range }` add
/// their ranges to `ranges`.
fn read_value_function(
    r: &mut Reader<'_>,
    pt: &Table<'_>,
    pspan: &Range<usize>,
    issue: &Issue,
    ranges: &mut Vec<(u32, f64, f64)>,
) -> Option<ValueFunction> {
    let given: Vec<&str> = ["values", "linear", "piecewise"]
        .into_iter()
        .filter(|k| pt.get(*k).is_some())
        .collect();
    if given.len() != 1 {
        let what = if issue.is_numeric() {
            "`linear = { at_min, at_max }` or `piecewise = [[x, v], …]`"
        } else {
            "`values = { option = value, … }`"
        };
        let message = if given.is_empty() {
            format!("the preference on `{}` gives no values", issue.id)
        } else {
            format!(
                "the preference on `{}` gives {} at once",
                issue.id,
                list(&given)
            )
        };
        r.error(
            pspan.clone(),
            message,
            Some(format!("exactly one of {what}")),
        );
        return None;
    }
    let in_unit = |r: &mut Reader<'_>, v: f64, span: Range<usize>| {
        let ok = (0.0..=1.0).contains(&v);
        if !ok {
            r.error(
                span,
                format!("value {v} is outside 0..1"),
                Some("a value from 0 (worst) to 1 (best)".into()),
            );
        }
        ok
    };
    match given[0] {
        "values" => {
            let (vt, vspan) = r.table(pt, "values")?;
            let IssueKind::Options { options, .. } = &issue.kind else {
                r.error(
                    vspan,
                    format!("`values` on numeric issue `{}`", issue.id),
                    Some("`linear` or `piecewise` for a numeric issue".into()),
                );
                return None;
            };
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            let mut values = vec![None; options.len()];
            let mut ok = true;
            for (key, value) in vt.iter() {
                let Some(d) = issue.option_index(key.get_ref()) else {
                    let mut d = r
                        .map
                        .diagnostic(
                            key.span(),
                            format!("issue `{}` has no option `{}`", issue.id, key.get_ref()),
                        )
                        .with_expected(format!("one of {}", list(&ids)));
                    if let Some(c) = closest(key.get_ref(), &ids) {
                        d = d.with_help(format!("did you mean `{c}`?"));
                    }
                    r.push(d);
                    ok = false;
                    continue;
                };
                // `option = { value = 0.45, range = [0.3, 0.6] }`: a guessed entry with the
                // range `pactum sensitivity` varies it over.
                if let DeValue::Table(entry) = value.get_ref() {
                    r.check_keys(entry, "a value with a range", &["value", "range"]);
                    let v =
                        r.required_number(entry, &value.span(), "value", "a value with a range");
                    if let Some(v) = &v {
                        ok &= in_unit(r, *v.get_ref(), v.span());
                        values[d as usize] = Some(*v.get_ref());
                        match r.range(entry, "range", Some(v)) {
                            Some((lo, hi)) if lo < 0.0 || hi > 1.0 => {
                                let at = entry.get("range").map_or(value.span(), |x| x.span());
                                r.error(
                                    at,
                                    format!("the range [{lo}, {hi}] leaves 0..1"),
                                    Some("a range of values from 0 (worst) to 1 (best)".into()),
                                );
                                ok = false;
                            }
                            Some((lo, hi)) => ranges.push((d, lo, hi)),
                            None if entry.get("range").is_some() => ok = false,
                            None => {}
                        }
                    } else {
                        ok = false;
                    }
                    continue;
                }
                match as_number(value.get_ref()) {
                    Some(v) if v.is_finite() => {
                        ok &= in_unit(r, v, value.span());
                        values[d as usize] = Some(v);
                    }
                    _ => {
                        r.error(
                            value.span(),
                            format!(
                                "the value of `{}` is {}",
                                key.get_ref(),
                                type_of(value.get_ref())
                            ),
                            Some(
                                "a number from 0 to 1, or `{ value = 0.5, range = [0.3, 0.7] }`"
                                    .into(),
                            ),
                        );
                        ok = false;
                    }
                }
            }
            let missing: Vec<&str> = options
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_none())
                .map(|(o, _)| o.id.as_str())
                .collect();
            if ok && !missing.is_empty() {
                r.error(
                    vspan,
                    format!("no value for {} of `{}`", list(&missing), issue.id),
                    Some("a value for every option".into()),
                );
                ok = false;
            }
            ok.then(|| ValueFunction::Table {
                values: values.into_iter().map(|v| v.unwrap_or(0.0)).collect(),
            })
        }
        "linear" => {
            let (lt, lspan) = r.table(pt, "linear")?;
            r.check_keys(lt, "`linear`", LINEAR_KEYS);
            if !issue.is_ordered() {
                r.error(
                    lspan.clone(),
                    format!("`linear` on `{}`, whose options are not ordered", issue.id),
                    Some("`values` for unordered options".into()),
                );
                return None;
            }
            let lo = r.required_number(lt, &lspan, "at_min", "`linear`")?;
            let hi = r.required_number(lt, &lspan, "at_max", "`linear`")?;
            let ok = in_unit(r, *lo.get_ref(), lo.span()) & in_unit(r, *hi.get_ref(), hi.span());
            ok.then(|| ValueFunction::Linear {
                at_min: lo.into_inner(),
                at_max: hi.into_inner(),
            })
        }
        _ => {
            let value = pt.get("piecewise")?;
            if !issue.is_numeric() {
                r.error(
                    value.span(),
                    format!("`piecewise` on `{}`, which is not numeric", issue.id),
                    Some("`values` for an issue with options".into()),
                );
                return None;
            }
            let DeValue::Array(items) = value.get_ref() else {
                r.error(
                    value.span(),
                    format!("`piecewise` is {}", type_of(value.get_ref())),
                    Some("an array of `[x, value]` pairs".into()),
                );
                return None;
            };
            let mut points = Vec::new();
            for item in items.iter() {
                let pair = match item.get_ref() {
                    DeValue::Array(p) if p.len() == 2 => {
                        as_number(p[0].get_ref()).zip(as_number(p[1].get_ref()))
                    }
                    _ => None,
                };
                match pair {
                    Some((x, v)) if x.is_finite() && v.is_finite() => {
                        if !in_unit(r, v, item.span()) {
                            return None;
                        }
                        if let Some(&(px, _)) = points.last()
                            && x <= px
                        {
                            r.error(
                                item.span(),
                                format!("x = {x} does not increase"),
                                Some("points sorted by strictly increasing x".into()),
                            );
                            return None;
                        }
                        points.push((x, v));
                    }
                    _ => {
                        r.error(
                            item.span(),
                            "a point is not `[x, value]`",
                            Some("two numbers, as in `[50, 0.8]`".into()),
                        );
                        return None;
                    }
                }
            }
            if points.is_empty() {
                r.error(
                    value.span(),
                    "`piecewise` has no points",
                    Some("at least one `[x, value]` point".into()),
                );
                return None;
            }
            Some(ValueFunction::Piecewise { points })
        }
    }
}

//! `[[parties.preferences]]` and `[[parties.interactions]]`: the issues a party cares about,
//! how much, and what each value is worth to it (value tables with their ranges, linear and
//! piecewise functions), and the conditions of its interaction terms.

use super::*;

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

pub(super) fn read_preferences(
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
        let mut p = provenance(r, pt);
        let admits = Admits {
            ok: |x| x > 0.0,
            domain: "the weights above 0",
            expected: "weights greater than 0",
        };
        let weight = doubted_number(r, pt, &pspan, "weight", "a preference", &admits, &mut p);
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
        value_ranges.sort_by_key(|v: &ValueRange| v.digit);
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
    ranges: &mut Vec<ValueRange>,
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
                    r.check_keys(
                        entry,
                        "a value with a range",
                        &["value", "range", "distribution"],
                    );
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
                            Some((low, high)) => ranges.push(ValueRange {
                                digit: d,
                                low,
                                high,
                                distribution: distribution(r, entry, true),
                            }),
                            None if entry.get("range").is_some() => ok = false,
                            None => {
                                distribution(r, entry, false);
                            }
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

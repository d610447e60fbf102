//! `[[issues]]`: options and numeric ranges.

use super::*;

/// The issues read, and the ids of those refused (a reference to one of them says nothing more:
/// its own error has been given).
pub(super) fn read_issues(
    r: &mut Reader<'_>,
    root: &Table<'_>,
) -> (Vec<(Issue, Range<usize>)>, Vec<String>) {
    let mut ids = Ids::new("issue");
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let tables = r.tables(root, "issues");
    let id_of = |t: &Table<'_>| match t.get("id").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    if let Some((_, span)) = tables.get(pactum_core::issue::MAX_ISSUES) {
        r.error(
            span.clone(),
            format!(
                "the scenario has {} issues, more than the {} pactum takes",
                tables.len(),
                pactum_core::issue::MAX_ISSUES
            ),
            Some(format!(
                "at most {} `[[issues]]`",
                pactum_core::issue::MAX_ISSUES
            )),
        );
        return (
            Vec::new(),
            tables.iter().filter_map(|(t, _)| id_of(t)).collect(),
        );
    }
    for (t, span) in tables {
        r.check_keys(t, "an [[issues]] entry", ISSUE_KEYS);
        let id = r.required_name(t, &span, "an [[issues]] entry");
        if let Some(id) = &id {
            ids.add(r, id);
        }
        let label = r.string(t, "label").map(Spanned::into_inner);
        let description = r
            .string(t, "description")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let prov = provenance(r, t);
        let kind_name = r.string(t, "kind");
        let has_options = t.get("options").is_some();
        let kind = match kind_name.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("options") => {
                if !has_options {
                    let numeric_keys = ["min", "max", "step"].iter().any(|k| t.get(*k).is_some());
                    r.error(
                        span.clone(),
                        "the issue has no `options`",
                        Some(if numeric_keys {
                            "`kind = \"integer\"` or `kind = \"real\"` for a numeric range".into()
                        } else {
                            "`options = [...]`, or `kind = \"integer\"`/`\"real\"` with `min` and `max`".into()
                        }),
                    );
                    None
                } else {
                    read_options(r, t).map(|options| IssueKind::Options {
                        options,
                        ordered: r.boolean(t, "ordered").unwrap_or(false),
                    })
                }
            }
            Some(k @ ("integer" | "real")) => {
                if let Some(v) = t.get("options") {
                    r.error(
                        v.span(),
                        format!("a {k} issue has `options`"),
                        Some("either `options` or `min`/`max`/`step`, not both".into()),
                    );
                }
                read_range(r, t, &span, k == "integer")
            }
            Some(other) => {
                let at = kind_name.as_ref().map_or(span.clone(), |k| k.span());
                r.error(
                    at,
                    format!("unknown issue kind \"{other}\""),
                    Some("`options`, `integer` or `real`".into()),
                );
                None
            }
        };
        if kind.is_none() {
            refused.extend(id_of(t));
        }
        if let (Some(id), Some(kind)) = (id, kind) {
            let id = id.into_inner();
            out.push((
                Issue {
                    label: label.unwrap_or_else(|| id.clone()),
                    id,
                    description,
                    kind,
                    provenance: prov,
                },
                span,
            ));
        }
    }
    (out, refused)
}

fn read_options(r: &mut Reader<'_>, t: &Table<'_>) -> Option<Vec<OptionDef>> {
    let value = t.get("options")?;
    let DeValue::Array(items) = value.get_ref() else {
        r.error(
            value.span(),
            format!("`options` is {}", type_of(value.get_ref())),
            Some("an array of option ids or option tables".into()),
        );
        return None;
    };
    if items.is_empty() {
        r.error(
            value.span(),
            "`options` is empty",
            Some("at least one option".into()),
        );
        return None;
    }
    let mut ids = Ids::new("option");
    let mut options = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        let (id, label, description, prov) = match item.get_ref() {
            DeValue::String(s) => {
                let id = Spanned::new(item.span(), s.to_string());
                if !crate::toml_reader::valid_name(s) {
                    r.error(
                        item.span(),
                        format!("\"{}\" is not a valid option id", s.escape_default()),
                        Some(
                            "non-empty text without control characters or surrounding spaces"
                                .into(),
                        ),
                    );
                    ok = false;
                    continue;
                }
                (Some(id), None, String::new(), Provenance::default())
            }
            DeValue::Table(o) => {
                r.check_keys(o, "an option", OPTION_KEYS);
                let id = r.required_name(o, &item.span(), "an option");
                let label = r.string(o, "label").map(Spanned::into_inner);
                let description = r
                    .string(o, "description")
                    .map(Spanned::into_inner)
                    .unwrap_or_default();
                (id, label, description, provenance(r, o))
            }
            other => {
                r.error(
                    item.span(),
                    format!("an option is {}", type_of(other)),
                    Some("an option id in quotes or a table with `id`".into()),
                );
                ok = false;
                continue;
            }
        };
        let Some(id) = id else {
            ok = false;
            continue;
        };
        ok &= ids.add(r, &id);
        let id = id.into_inner();
        options.push(OptionDef {
            label: label.unwrap_or_else(|| id.clone()),
            id,
            description,
            provenance: prov,
        });
    }
    ok.then_some(options)
}

fn read_range(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    span: &Range<usize>,
    integer: bool,
) -> Option<IssueKind> {
    let min = r.required_number(t, span, "min", "a numeric issue");
    let max = r.required_number(t, span, "max", "a numeric issue");
    let step = match r.number(t, "step") {
        Some(s) => Some(s),
        None if integer && t.get("step").is_none() => Some(Spanned::new(span.clone(), 1.0)),
        None => {
            if t.get("step").is_none() {
                r.error(
                    span.clone(),
                    "a real issue has no `step`",
                    Some("`step = 0.5` (the engine enumerates real ranges at this step)".into()),
                );
            }
            None
        }
    };
    let unit = r
        .string(t, "unit")
        .map(Spanned::into_inner)
        .unwrap_or_default();
    let (min, max, step) = (min?, max?, step?);
    let mut ok = true;
    if integer {
        for v in [&min, &max, &step] {
            if v.get_ref().fract() != 0.0 {
                r.error(
                    v.span(),
                    format!("{} is not a whole number", v.get_ref()),
                    Some("whole numbers for an integer issue".into()),
                );
                ok = false;
            }
        }
    }
    if *step.get_ref() <= 0.0 {
        r.error(
            step.span(),
            format!("`step` is {}", step.get_ref()),
            Some("a step greater than 0".into()),
        );
        ok = false;
    }
    if max.get_ref() < min.get_ref() {
        r.error(
            max.span(),
            format!(
                "`max` ({}) is below `min` ({})",
                max.get_ref(),
                min.get_ref()
            ),
            Some("`max` ≥ `min`".into()),
        );
        ok = false;
    }
    if ok {
        match numeric_cardinality(*min.get_ref(), *max.get_ref(), *step.get_ref()) {
            Some(n) if n <= MAX_VALUES => {}
            _ => {
                r.error(
                    step.span(),
                    "the range has too many values",
                    Some(format!("at most {MAX_VALUES} values per issue")),
                );
                ok = false;
            }
        }
    }
    ok.then(|| IssueKind::Numeric {
        min: *min.get_ref(),
        max: *max.get_ref(),
        step: *step.get_ref(),
        integer,
        unit,
    })
}

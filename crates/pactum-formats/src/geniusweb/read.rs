//! GeniusWeb JSON scenarios: a domain (`{"name", "issuesValues"}`) and one
//! `LinearAdditiveUtilitySpace` profile per party (each embeds its domain), read with
//! GeniusWeb's semantics (`shared/research/interop.md` §2):
//!
//! - issues are identified by name; a value set is `{"values": [...]}` or a number range,
//!   `{"range": [low, high, step]}` or `{"range": {"low", "high", "step"}}`;
//! - value utilities come as `discreteutils` / `DiscreteValueSetUtilities` (`valueUtilities`)
//!   or `numberutils` / `NumberValueSetUtilities` (`lowValue`, `lowUtility`, `highValue`,
//!   `highUtility`; linear between, 0 outside); both spellings are accepted;
//! - `u(bid) = Σ weight · value utility`, no normalisation; an unknown value counts 0;
//! - the reservation is a bid (`reservationBid.issuevalues`): its utility is the fallback;
//!   without one the fallback is 0. GeniusWeb profiles have no discount.

use crate::diagnostic::{Diagnostic, SourceMap};
use pactum_core::issue::{Issue, IssueKind, MAX_VALUES, OptionDef};
use pactum_core::preference::{
    IssuePreference, Preferences, Semantics, UtilityFunction, ValueFunction,
};
use pactum_core::provenance::Provenance;
use pactum_core::scenario::{Party, Scenario};
use serde_json::{Map, Value};

/// Where in the text a JSON key `needle` first appears after `from` (a quoted string followed by
/// a colon), else where the string first appears, else `from`: for diagnostics only, so it runs
/// on the error path.
fn locate(text: &str, needle: &str, from: usize) -> usize {
    let quoted = format!("\"{needle}\"");
    let Some(rest) = text.get(from..) else {
        return from;
    };
    let mut first = None;
    let mut start = 0;
    while let Some(i) = rest[start..].find(&quoted) {
        let at = start + i;
        first.get_or_insert(at);
        let after = rest[at + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return from + at;
        }
        start = at + quoted.len();
    }
    first.map_or(from, |i| from + i)
}

fn parse(map: &SourceMap<'_>) -> Result<Value, Diagnostic> {
    // GeniusWeb (Jackson) reads a file that opens with a UTF-8 byte-order mark; serde_json
    // does not, so it is skipped here (positions stay those of the whole file).
    let bom = if map.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let body = &map.text[bom..];
    serde_json::from_str::<Value>(body).map_err(|e| {
        let offset = bom + offset_of(body, e.line(), e.column());
        map.diagnostic(offset..offset + 1, format!("invalid JSON: {e}"))
            .with_expected("a GeniusWeb domain or profile in JSON")
    })
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

/// The issues of a GeniusWeb domain object.
fn read_domain(
    map: &SourceMap<'_>,
    domain: &Value,
    at: usize,
) -> Result<Vec<Issue>, Vec<Diagnostic>> {
    let here = |offset: usize| offset..offset + 1;
    let Some(values) = domain.get("issuesValues").and_then(Value::as_object) else {
        return Err(vec![
            map.diagnostic(here(at), "the domain has no `issuesValues` object")
                .with_expected("\"issuesValues\": {\"issue\": {\"values\": [...]}}"),
        ]);
    };
    if values.len() > pactum_core::issue::MAX_ISSUES {
        return Err(vec![
            map.diagnostic(
                here(locate(map.text, "issuesValues", at)),
                format!(
                    "the domain has {} issues, more than the {} pactum takes",
                    values.len(),
                    pactum_core::issue::MAX_ISSUES
                ),
            )
            .with_expected(format!("at most {} issues", pactum_core::issue::MAX_ISSUES)),
        ]);
    }
    let mut issues = Vec::new();
    let mut errors = Vec::new();
    for (name, set) in values {
        let pos = || locate(map.text, name, at);
        let kind = if let Some(list) = set.get("values").and_then(Value::as_array) {
            let mut options: Vec<OptionDef> = Vec::new();
            // Duplicates are dropped with a set: linear in the values (a list was quadratic:
            // a 1.2-million-value issue took over a minute).
            let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
            for v in list {
                let id = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    other => {
                        errors.push(
                            map.diagnostic(
                                here(pos()),
                                format!("a value of issue `{name}` is {other}"),
                            )
                            .with_expected("strings (or numbers)"),
                        );
                        continue;
                    }
                };
                if seen.insert(id.clone()) {
                    options.push(OptionDef {
                        label: id.clone(),
                        id,
                        description: String::new(),
                        provenance: Provenance::default(),
                    });
                }
            }
            if options.is_empty() {
                errors.push(
                    map.diagnostic(here(pos()), format!("issue `{name}` has no values"))
                        .with_expected("at least one value"),
                );
                continue;
            }
            IssueKind::Options {
                options,
                ordered: false,
            }
        } else if let Some(range) = set.get("range") {
            let parts = match range {
                Value::Array(a) if a.len() == 3 => (number(&a[0]), number(&a[1]), number(&a[2])),
                Value::Object(o) => (
                    o.get("low").and_then(number),
                    o.get("high").and_then(number),
                    o.get("step").and_then(number),
                ),
                _ => (None, None, None),
            };
            match parts {
                (Some(low), Some(high), Some(step))
                    if step > 0.0 && high >= low && (high - low) / step < MAX_VALUES as f64 =>
                {
                    let integer = low.fract() == 0.0 && step.fract() == 0.0;
                    IssueKind::Numeric {
                        min: low,
                        max: high,
                        step,
                        integer,
                        unit: String::new(),
                    }
                }
                _ => {
                    errors.push(map.diagnostic(here(pos()), format!("the range of issue `{name}` is not usable")).with_expected(format!("[low, high, step] or {{\"low\", \"high\", \"step\"}} with step > 0, high ≥ low and at most {MAX_VALUES} values")));
                    continue;
                }
            }
        } else {
            errors.push(
                map.diagnostic(
                    here(pos()),
                    format!("issue `{name}` has neither `values` nor `range`"),
                )
                .with_expected("{\"values\": [...]} or {\"range\": ...}"),
            );
            continue;
        };
        issues.push(Issue {
            id: name.clone(),
            label: name.clone(),
            description: String::new(),
            kind,
            provenance: Provenance::default(),
        });
    }
    if issues.is_empty() && errors.is_empty() {
        errors.push(
            map.diagnostic(here(at), "the domain has no issues")
                .with_expected("at least one issue in `issuesValues`"),
        );
    }
    if errors.is_empty() {
        Ok(issues)
    } else {
        Err(errors)
    }
}

/// One party read from a profile: preferences, fallback, and the profile's name.
struct Profile {
    name: Option<String>,
    preferences: Preferences,
    fallback: f64,
}

fn read_profile(
    map: &SourceMap<'_>,
    space: &Map<String, Value>,
    issues: &[Issue],
    at: usize,
) -> Result<Profile, Vec<Diagnostic>> {
    let here = |offset: usize| offset..offset + 1;
    let mut errors = Vec::new();
    let weights = space.get("issueWeights").and_then(Value::as_object);
    let utilities = space.get("issueUtilities").and_then(Value::as_object);
    let (Some(weights), Some(utilities)) = (weights, utilities) else {
        return Err(vec![
            map.diagnostic(
                here(at),
                "the profile lacks `issueWeights` or `issueUtilities`",
            )
            .with_expected("both, keyed by issue name"),
        ]);
    };
    for name in weights.keys().chain(utilities.keys()) {
        if !issues.iter().any(|i| &i.id == name) {
            let pos = || locate(map.text, name, at);
            errors.push(
                map.diagnostic(
                    here(pos()),
                    format!("the profile names issue `{name}`, which is not in the domain"),
                )
                .with_expected(format!(
                    "one of {}",
                    issues
                        .iter()
                        .map(|i| format!("`{}`", i.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    let mut terms = Vec::new();
    for (slot, issue) in issues.iter().enumerate() {
        // Utilities are found under `issueUtilities`, weights under `issueWeights`.
        let pos = || locate(map.text, &issue.id, locate(map.text, "issueUtilities", at));
        let weight_pos = || locate(map.text, &issue.id, locate(map.text, "issueWeights", at));
        let weight = match weights.get(&issue.id).map(number) {
            Some(Some(w)) => w,
            Some(None) => {
                errors.push(
                    map.diagnostic(
                        here(weight_pos()),
                        format!("the weight of `{}` is not a finite number", issue.id),
                    )
                    .with_expected("a number"),
                );
                continue;
            }
            None => {
                errors.push(
                    map.diagnostic(
                        here(locate(map.text, "issueWeights", at)),
                        format!("no weight for issue `{}`", issue.id),
                    )
                    .with_expected("a weight for every issue in `issueWeights`"),
                );
                continue;
            }
        };
        let Some(wrapper) = utilities.get(&issue.id).and_then(Value::as_object) else {
            errors.push(
                map.diagnostic(
                    here(locate(map.text, "issueUtilities", at)),
                    format!("no utilities for issue `{}`", issue.id),
                )
                .with_expected("an entry in `issueUtilities`"),
            );
            continue;
        };
        let discrete = wrapper
            .get("discreteutils")
            .or_else(|| wrapper.get("DiscreteValueSetUtilities"));
        let numeric = wrapper
            .get("numberutils")
            .or_else(|| wrapper.get("NumberValueSetUtilities"));
        let n = issue.cardinality() as u32;
        let values: Vec<f64> = match (discrete, numeric) {
            (Some(d), _) => {
                let Some(table) = d.get("valueUtilities").and_then(Value::as_object) else {
                    errors.push(
                        map.diagnostic(
                            here(pos()),
                            format!("the utilities of `{}` have no `valueUtilities`", issue.id),
                        )
                        .with_expected("\"valueUtilities\": {\"value\": utility}"),
                    );
                    continue;
                };
                let mut bad = false;
                for (value, u) in table {
                    if number(u).is_none_or(|x| !(0.0..=1.0).contains(&x)) {
                        let p = locate(map.text, value, pos());
                        errors.push(
                            map.diagnostic(
                                here(p),
                                format!("the utility of `{}` = \"{value}\" is {u}", issue.id),
                            )
                            .with_expected("a number from 0 to 1"),
                        );
                        bad = true;
                    }
                }
                if bad {
                    continue;
                }
                // GeniusWeb: an unknown value has utility 0.
                (0..n)
                    .map(|d| {
                        table
                            .get(&issue.value_id(d))
                            .and_then(number)
                            .unwrap_or(0.0)
                    })
                    .collect()
            }
            (None, Some(f)) => {
                let get = |k: &str| f.get(k).and_then(number);
                match (
                    get("lowValue"),
                    get("lowUtility"),
                    get("highValue"),
                    get("highUtility"),
                ) {
                    (Some(lv), Some(lu), Some(hv), Some(hu)) if hv > lv => (0..n)
                        .map(|d| {
                            let x = issue.numeric_value(d).unwrap_or(f64::NAN);
                            if x.is_nan() || x < lv || x > hv {
                                0.0
                            } else {
                                lu + (hu - lu) * (x - lv) / (hv - lv)
                            }
                        })
                        .collect(),
                    _ => {
                        errors.push(
                            map.diagnostic(
                                here(pos()),
                                format!("the number utilities of `{}` are incomplete", issue.id),
                            )
                            .with_expected("lowValue < highValue, lowUtility and highUtility"),
                        );
                        continue;
                    }
                }
            }
            (None, None) => {
                let kinds: Vec<&String> = wrapper.keys().collect();
                errors.push(map.diagnostic(here(pos()), format!("unknown utilities {kinds:?} for issue `{}`", issue.id)).with_expected("discreteutils, DiscreteValueSetUtilities, numberutils or NumberValueSetUtilities"));
                continue;
            }
        };
        terms.push(IssuePreference {
            issue: slot,
            weight,
            values: ValueFunction::Table { values },
            provenance: Provenance::default(),
            value_ranges: Vec::new(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let preferences = Preferences {
        issues: terms,
        interactions: Vec::new(),
        semantics: Semantics::AsWritten,
    };
    let fallback = match space
        .get("reservationBid")
        .and_then(|b| b.get("issuevalues"))
        .and_then(Value::as_object)
    {
        Some(bid) => {
            let mut digits = Vec::with_capacity(issues.len());
            for issue in issues {
                let digit = bid.get(&issue.id).and_then(|v| match v {
                    Value::String(s) => issue
                        .option_index(s)
                        .or_else(|| s.parse::<f64>().ok().and_then(|x| issue.nearest_digit(x))),
                    Value::Number(x) => x.as_f64().and_then(|x| issue.nearest_digit(x)),
                    _ => None,
                });
                match digit {
                    Some(d) => digits.push(d),
                    None => {
                        let p = locate(map.text, "reservationBid", at);
                        return Err(vec![
                            map.diagnostic(
                                here(p),
                                format!(
                                    "the reservation bid gives no valid value for `{}`",
                                    issue.id
                                ),
                            )
                            .with_expected("a value of every issue"),
                        ]);
                    }
                }
            }
            UtilityFunction::new(&preferences, issues).utility(&digits)
        }
        None => 0.0,
    };
    Ok(Profile {
        name: space
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        preferences,
        fallback,
    })
}

/// A GeniusWeb scenario from `(name, text)` of its JSON files: an optional domain file and one
/// profile per party (party id = file name without `.json`). Files that are neither (such as
/// ANL's `specials.json`) are skipped.
pub fn load_files(name: &str, files: &[(String, String)]) -> Result<Scenario, Vec<Diagnostic>> {
    let mut issues: Option<Vec<Issue>> = None;
    let mut profiles = Vec::new();
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for (file, text) in files {
        let map = SourceMap::new(file, text);
        match parse(&map) {
            Ok(v) => parsed.push((file, text, v)),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The domain: a file with `issuesValues` at the top, or else the first profile's own.
    for (file, text, v) in &parsed {
        if v.get("issuesValues").is_some() && issues.is_none() {
            issues = Some(read_domain(&SourceMap::new(file, text), v, 0)?);
        }
    }
    for (file, text, v) in &parsed {
        let Some(space) = v.get("LinearAdditiveUtilitySpace") else {
            if let Some(kind) = v.as_object().and_then(|o| {
                o.keys().find(|k| {
                    k.ends_with("UtilitySpace") || k.ends_with("Profile") || k.ends_with("Ordering")
                })
            }) {
                let map = SourceMap::new(file, text);
                errors.push(
                    map.diagnostic(
                        0..1,
                        format!("a `{kind}` profile, which pactum does not read yet"),
                    )
                    .with_expected("a LinearAdditiveUtilitySpace"),
                );
            }
            continue;
        };
        let map = SourceMap::new(file, text);
        let Some(space) = space.as_object() else {
            errors.push(
                map.diagnostic(0..1, "`LinearAdditiveUtilitySpace` is not an object")
                    .with_expected("an object"),
            );
            continue;
        };
        if issues.is_none() {
            match space.get("domain") {
                Some(d) => match read_domain(&map, d, locate(text, "domain", 0)) {
                    Ok(i) => issues = Some(i),
                    Err(mut d) => {
                        errors.append(&mut d);
                        continue;
                    }
                },
                None => {
                    errors.push(
                        map.diagnostic(
                            0..1,
                            "the profile embeds no domain and no domain file was given",
                        )
                        .with_expected("a domain JSON file or a `domain` in the profile"),
                    );
                    continue;
                }
            }
        }
        let Some(issue_list) = &issues else { continue };
        match read_profile(&map, space, issue_list, 0) {
            Ok(p) => profiles.push((file.to_string(), p)),
            Err(mut d) => errors.append(&mut d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(issues) = issues else {
        return Err(vec![
            Diagnostic::whole_file(name, "no GeniusWeb domain found").with_expected(
                "a JSON file with `issuesValues`, or a profile embedding its domain",
            ),
        ]);
    };
    if profiles.is_empty() {
        return Err(vec![
            Diagnostic::whole_file(name, "no GeniusWeb profile found")
                .with_expected("one LinearAdditiveUtilitySpace JSON file per party"),
        ]);
    }
    let parties = profiles
        .into_iter()
        .map(|(file, mut p)| {
            for term in &mut p.preferences.issues {
                term.provenance.sources = vec![file.clone()];
            }
            let stem = std::path::Path::new(&file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.clone());
            let source = Provenance {
                sources: vec![file.clone()],
                assumption: None,
                range: None,
                distribution: Default::default(),
            };
            let mut party = Party::negotiator(stem.clone(), p.preferences, p.fallback, source);
            party.name = p.name.unwrap_or(stem);
            party.description = "GeniusWeb profile".to_string();
            party
        })
        .collect();
    let source = format!(
        "GeniusWeb JSON: {}",
        files
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(crate::genius::imported(
        name,
        "GeniusWeb",
        source,
        issues,
        parties,
    ))
}

//! Writing a GeniusWeb folder: the domain and one linear-additive profile per negotiating party.

use crate::export::*;
use pactum_core::issue::{Issue, IssueKind};
use pactum_core::number;
use pactum_core::scenario::Scenario;
use serde_json::{Map, Value, json};

/// A GeniusWeb folder: `<id>.json` (the domain) and one `<party>.json` profile per negotiating party.
pub fn to_geniusweb(s: &Scenario) -> Written {
    let mut losses = profile_losses(s, "GeniusWeb");
    let numeric: Vec<bool> = (0..s.issues.len())
        .map(|i| {
            let single = s.issues[i].is_numeric() && s.issues[i].cardinality() == 1;
            if single {
                // GeniusWeb's number utilities need lowValue < highValue.
                losses.push(format!("numeric issue `{}` has one value and is written as a discrete value: GeniusWeb number utilities need two", s.issues[i].id));
                return false;
            }
            let ok = linear_numeric(s, i);
            if s.issues[i].is_numeric() && !ok {
                losses.push(format!("numeric issue `{}` is written as discrete values: GeniusWeb number utilities are linear", s.issues[i].id));
            }
            ok
        })
        .collect();
    let mut issues_values = Map::new();
    for (k, issue) in s.issues.iter().enumerate() {
        let set = match (&issue.kind, numeric[k]) {
            (IssueKind::Numeric { min, step, .. }, true) => {
                json!({"range": {"low": min, "high": issue.numeric_value(issue.cardinality() as u32 - 1).unwrap_or(*min), "step": step}})
            }
            _ => {
                json!({"values": (0..issue.cardinality() as u32).map(|d| issue.value_id(d)).collect::<Vec<_>>()})
            }
        };
        issues_values.insert(issue.id.clone(), set);
    }
    let domain = json!({"name": s.id, "issuesValues": issues_values});
    let domain_name = file_name(&s.id, "domain", "json", "scenario", &mut losses);
    let mut files = vec![(domain_name, pretty(&domain))];
    let space = s
        .space()
        .ok()
        .filter(|sp| sp.size() <= u128::from(pactum_core::talks::SEARCH_LIMIT));
    for &p in &negotiators(s) {
        let u = s.utility_function(p);
        let mut utilities = Map::new();
        let mut weights = Map::new();
        let mut total = 0.0;
        for (k, issue) in s.issues.iter().enumerate() {
            let (weight, values) = factor(&u.tables()[k]);
            total += weight;
            let entry = if numeric[k] {
                let last = values.len() - 1;
                json!({"numberutils": {"lowValue": issue.numeric_value(0), "lowUtility": values[0], "highValue": issue.numeric_value(last as u32), "highUtility": values[last]}})
            } else {
                let table: Map<String, Value> = values
                    .iter()
                    .enumerate()
                    .map(|(d, v)| (issue.value_id(d as u32), json!(v)))
                    .collect();
                json!({"discreteutils": {"valueUtilities": table}})
            };
            utilities.insert(issue.id.clone(), entry);
            weights.insert(issue.id.clone(), json!(weight));
        }
        let party = &s.parties[p];
        if (total - 1.0).abs() > 1e-9 {
            losses.push(format!("the weights of `{}` sum to {} (GeniusWeb expects 1); utilities are kept as they are", party.id, number::trim(total, 6)));
        }
        let mut profile = Map::new();
        profile.insert("name".into(), json!(party.id));
        profile.insert("issueUtilities".into(), Value::Object(utilities));
        profile.insert("issueWeights".into(), Value::Object(weights));
        profile.insert("domain".into(), domain.clone());
        let fallback = s.base_fallback(p);
        if fallback > 0.0 {
            // GeniusWeb reserves with a bid: the least outcome worth at least the fallback.
            let best = space.as_ref().and_then(|sp| {
                let mut best: Option<(f64, Vec<u32>)> = None;
                let mut odo = sp.odometer(0, sp.size());
                while odo.advance().is_some() {
                    let v = u.utility(odo.digits());
                    if v >= fallback && best.as_ref().is_none_or(|(b, _)| v < *b) {
                        best = Some((v, odo.digits().to_vec()));
                    }
                }
                best
            });
            match best {
                Some((value, digits)) => {
                    let bid: Map<String, Value> = s.issues.iter().zip(&digits).map(|(i, &d)| (i.id.clone(), reservation_value(i, d, numeric[s.issues.iter().position(|x| x.id == i.id).unwrap_or(0)]))).collect();
                    profile.insert("reservationBid".into(), json!({"issuevalues": bid}));
                    if (value - fallback).abs() > 1e-12 {
                        losses.push(format!("the fallback of `{}` ({}) is written as a reservation bid worth {}", party.id, number::trim(fallback, 6), number::trim(value, 6)));
                    }
                }
                None => losses.push(format!("the fallback of `{}` ({}) is left out: no bid is worth that much, or the space is too large to search", party.id, number::trim(fallback, 6))),
            }
        }
        let name = file_name(
            &party.id,
            &format!("party-{}", files.len()),
            "json",
            "party",
            &mut losses,
        );
        files.push((
            name,
            pretty(&json!({"LinearAdditiveUtilitySpace": profile})),
        ));
    }
    Written { files, losses }
}

fn reservation_value(issue: &Issue, digit: u32, numeric: bool) -> Value {
    if numeric {
        json!(issue.numeric_value(digit))
    } else {
        json!(issue.value_id(digit))
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

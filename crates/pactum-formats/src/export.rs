//! Writing scenarios: native TOML, a GENIUS folder, a GeniusWeb folder.
//!
//! Every writer returns the files to write (relative names and texts) and the *losses*: what
//! the target format cannot express (red lines, interaction terms, mediators and stakeholders,
//! the cost of time, timelines) or expresses only approximately. Callers report them; nothing is
//! dropped silently. Utilities are kept exactly where the format can hold them: each party's
//! contribution table per issue is written as `weight × value` with `weight` = the table's
//! largest entry, so GENIUS's division by the largest evaluation gives back the same numbers.

use pactum_core::issue::{Issue, IssueKind};
use pactum_core::number;
use pactum_core::preference::{Semantics, ValueFunction};
use pactum_core::scenario::{Role, Scenario};
use serde_json::{Map, Value, json};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    /// `(file name relative to the target, text)`.
    pub files: Vec<(String, String)>,
    /// What the target cannot express, one sentence each.
    pub losses: Vec<String>,
}

/// Whether `id` can serve as a file name as it is: letters, digits, `_`, `-` and `.`, not
/// starting with a dot, at most 100 bytes. Anything else (`../x`, `a/b`, a NUL) could name a
/// file outside the target folder.
pub fn is_plain_file_stem(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `id.ext` when the id is a plain file stem, else `fallback.ext` with the change listed.
fn file_name(id: &str, fallback: &str, ext: &str, what: &str, losses: &mut Vec<String>) -> String {
    if is_plain_file_stem(id) {
        format!("{id}.{ext}")
    } else {
        losses.push(format!(
            "the {what} id `{id}` is not a plain file name; it is written as `{fallback}.{ext}`, and reads back as `{fallback}`"
        ));
        format!("{fallback}.{ext}")
    }
}

/// A party's contribution table on an issue as `(weight, values in 0..=1)`.
fn factor(table: &[f64]) -> (f64, Vec<f64>) {
    let max = table.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        (0.0, vec![0.0; table.len()])
    } else {
        (max, table.iter().map(|t| t / max).collect())
    }
}

/// `(offset, slope per step)` when the values are linear in the value index (within 1e-12).
fn linear(values: &[f64]) -> Option<(f64, f64)> {
    let n = values.len();
    if n < 2 {
        return values.first().map(|&v| (v, 0.0));
    }
    let slope = (values[n - 1] - values[0]) / (n - 1) as f64;
    values
        .iter()
        .enumerate()
        .all(|(k, v)| (v - (values[0] + slope * k as f64)).abs() <= 1e-12)
        .then_some((values[0], slope))
}

fn negotiators(s: &Scenario) -> Vec<usize> {
    s.negotiators()
}

/// Losses shared by the GENIUS and GeniusWeb targets.
fn profile_losses(s: &Scenario, target: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in &s.parties {
        if p.role != Role::Party {
            out.push(format!(
                "{} `{}` is left out: {target} has profiles for negotiating parties only",
                p.role.name(),
                p.id
            ));
        }
        for r in &p.red_lines {
            out.push(format!(
                "red line `{}.{}` ({}) is left out: {target} has no hard constraints",
                p.id, r.id, r.expr
            ));
        }
        let as_rectangles = target == "GENIUS" && nonlinear_ok(s);
        if !p.preferences.interactions.is_empty() && !as_rectangles {
            out.push(format!("{} interaction term(s) of `{}` are left out: {target} profiles are additive (GENIUS nonlinear ones need every issue to be an integer range), so its utilities differ where they apply", p.preferences.interactions.len(), p.id));
        }
        if !p.preferences.interactions.is_empty()
            && as_rectangles
            && p.preferences.semantics != Semantics::Capped
        {
            out.push(format!("`{}` is written as a GENIUS nonlinear profile, whose utility is capped at 1 and not clamped at 0", p.id));
        }
        if p.role == Role::Party && p.fallback.per_round != 0.0 {
            out.push(format!(
                "the fallback change of `{}` per round ({}) is left out",
                p.id,
                number::trim(p.fallback.per_round, 6)
            ));
        }
        if p.role == Role::Party && p.discount.at_deadline != 1.0 && target == "GeniusWeb" {
            out.push(format!("the time discount of `{}` ({} at the deadline) is left out: GeniusWeb profiles have none", p.id, number::trim(p.discount.at_deadline, 6)));
        }
        if p.role == Role::Party && p.discount.per_round != 1.0 {
            out.push(format!("the per-round discount of `{}` ({}) is left out: {target} discounts by time, not rounds", p.id, number::trim(p.discount.per_round, 6)));
        }
    }
    for &pi in &negotiators(s) {
        let own = s.parties[pi].fallback.utility;
        let base = s.base_fallback(pi);
        if (base - own).abs() > 0.0 {
            out.push(format!(
                "the fallback of `{}` is written as {} (its own {} plus stakeholders' influence)",
                s.parties[pi].id,
                number::trim(base, 6),
                number::trim(own, 6)
            ));
        }
    }
    if !s.timeline.is_empty()
        || s.parties
            .iter()
            .any(|p| !p.delegation.is_empty() || !p.figures.is_empty())
    {
        out.push(format!(
            "the timeline ({} events), delegations, figures and provenance are left out",
            s.timeline.len()
        ));
    }
    out
}

/// Per issue: whether it can be written as a numeric (linear) issue for every party.
fn linear_numeric(s: &Scenario, issue: usize) -> bool {
    let i = &s.issues[issue];
    if !i.is_numeric() {
        return false;
    }
    negotiators(s).iter().all(|&p| {
        let (_, values) = factor(&s.utility_function(p).tables()[issue]);
        linear(&values).is_some()
    })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Whether parties with interaction terms can be written as GENIUS nonlinear profiles: every
/// issue must be written as an integer range, the only kind hyper-rectangles bound.
fn nonlinear_ok(s: &Scenario) -> bool {
    (0..s.issues.len()).all(|i| integer_issue(s, i))
}

/// Whether issue `i` is written as a GENIUS integer issue (steps of 1, linear for every party).
fn integer_issue(s: &Scenario, i: usize) -> bool {
    linear_numeric(s, i)
        && matches!(s.issues[i].kind, IssueKind::Numeric { integer: true, step, .. } if step == 1.0)
}

/// Maximal runs of allowed digits, as `(first, last)`.
fn runs(allowed: &[bool]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (d, _) in allowed.iter().enumerate().filter(|(_, a)| **a) {
        let d = d as u32;
        match out.last_mut() {
            Some(run) if run.1 + 1 == d => run.1 = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// The `<utility>` of a GENIUS nonlinear profile for party `p`: a rectangle per table entry and
/// per interaction (one per combination of runs when a condition allows scattered values), with
/// `maxutility` 1 so the bonuses are the utilities.
fn nonlinear_utility(s: &Scenario, p: usize) -> String {
    let u = s.utility_function(p);
    let mut x = String::from(
        "  <utility maxutility=\"1\">\n  <ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n",
    );
    let value = |issue: usize, d: u32| s.issues[issue].value_id(d);
    let mut rectangle = |utility: f64, bounds: &[(usize, u32, u32)]| {
        x.push_str(&format!("    <hyperRectangle utility=\"{utility}\">\n"));
        for &(issue, lo, hi) in bounds {
            x.push_str(&format!(
                "      <INCLUDES index=\"{}\" min=\"{}\" max=\"{}\"/>\n",
                issue + 1,
                value(issue, lo),
                value(issue, hi)
            ));
        }
        x.push_str("    </hyperRectangle>\n");
    };
    for (issue, table) in u.tables().iter().enumerate() {
        for (d, &t) in table.iter().enumerate() {
            if t != 0.0 {
                rectangle(t, &[(issue, d as u32, d as u32)]);
            }
        }
    }
    for term in u.terms() {
        let mut combos: Vec<Vec<(usize, u32, u32)>> = vec![Vec::new()];
        for (issue, allowed) in &term.when {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    runs(allowed).into_iter().map(move |(lo, hi)| {
                        let mut c = c.clone();
                        c.push((*issue, lo, hi));
                        c
                    })
                })
                .collect();
        }
        for bounds in combos {
            rectangle(term.bonus, &bounds);
        }
    }
    x.push_str("  </ufun>\n  </utility>\n");
    x
}

/// A GENIUS folder: `domain.xml` and one `<party>.xml` per negotiating party.
pub fn to_genius(s: &Scenario) -> Written {
    let mut losses = profile_losses(s, "GENIUS");
    let integer: Vec<bool> = (0..s.issues.len())
        .map(|i| {
            let ok = integer_issue(s, i);
            if s.issues[i].is_numeric() && !ok {
                losses.push(format!("numeric issue `{}` is written as discrete values: GENIUS integer issues take steps of 1 and linear evaluations", s.issues[i].id));
            }
            ok
        })
        .collect();
    let mut domain = format!(
        "<negotiation_template>\n<utility_space number_of_issues=\"{}\">\n<objective description=\"\" etype=\"objective\" index=\"0\" name=\"root\" type=\"objective\">\n",
        s.issues.len()
    );
    for (k, issue) in s.issues.iter().enumerate() {
        let name = xml_escape(&issue.id);
        if integer[k] {
            let (lb, ub) = (
                issue.value_id(0),
                issue.value_id(issue.cardinality() as u32 - 1),
            );
            domain.push_str(&format!("  <issue etype=\"integer\" index=\"{}\" name=\"{name}\" type=\"integer\" vtype=\"integer\" lowerbound=\"{lb}\" upperbound=\"{ub}\"/>\n", k + 1));
        } else {
            domain.push_str(&format!("  <issue etype=\"discrete\" index=\"{}\" name=\"{name}\" type=\"discrete\" vtype=\"discrete\">\n", k + 1));
            for d in 0..issue.cardinality() as u32 {
                domain.push_str(&format!(
                    "    <item index=\"{}\" value=\"{}\"/>\n",
                    d + 1,
                    xml_escape(&issue.value_id(d))
                ));
            }
            domain.push_str("  </issue>\n");
        }
    }
    domain.push_str("</objective>\n</utility_space>\n</negotiation_template>\n");
    let mut files = vec![("domain.xml".to_string(), domain)];
    for (slot, &p) in negotiators(s).iter().enumerate() {
        let name = file_name(
            &s.parties[p].id,
            &format!("party-{}", slot + 1),
            "xml",
            "party",
            &mut losses,
        );
        let u = s.utility_function(p);
        if !u.is_additive() && nonlinear_ok(s) {
            let mut x = format!(
                "<utility_space type=\"nonlinear\" number_of_issues=\"{}\">\n<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"root\">\n",
                s.issues.len()
            );
            for (k, issue) in s.issues.iter().enumerate() {
                x.push_str(&format!(
                    "  <issue index=\"{}\" etype=\"integer\" type=\"integer\" vtype=\"integer\" name=\"{}\" lowerbound=\"{}\" upperbound=\"{}\"/>\n",
                    k + 1,
                    xml_escape(&issue.id),
                    issue.value_id(0),
                    issue.value_id(issue.cardinality() as u32 - 1)
                ));
            }
            x.push_str(&nonlinear_utility(s, p));
            x.push_str(&format!(
                "</objective>\n<reservation value=\"{}\"/>\n<discount_factor value=\"{}\"/>\n</utility_space>\n",
                s.base_fallback(p),
                s.parties[p].discount.at_deadline
            ));
            files.push((name, x));
            continue;
        }
        let mut x = format!(
            "<utility_space number_of_issues=\"{}\">\n<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"root\">\n",
            s.issues.len()
        );
        let mut weights = String::new();
        for (k, issue) in s.issues.iter().enumerate() {
            let (weight, values) = factor(&u.tables()[k]);
            let name = xml_escape(&issue.id);
            if integer[k] {
                let (offset, slope) = linear(&values).unwrap_or((0.0, 0.0));
                let (lb, ub) = (
                    issue.value_id(0),
                    issue.value_id(issue.cardinality() as u32 - 1),
                );
                x.push_str(&format!("  <issue index=\"{}\" etype=\"integer\" type=\"integer\" vtype=\"integer\" name=\"{name}\" lowerbound=\"{lb}\" upperbound=\"{ub}\">\n    <evaluator ftype=\"linear\" slope=\"{slope}\" offset=\"{offset}\"/>\n  </issue>\n", k + 1));
            } else {
                x.push_str(&format!("  <issue index=\"{}\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"{name}\">\n", k + 1));
                for (d, v) in values.iter().enumerate() {
                    x.push_str(&format!(
                        "    <item index=\"{}\" value=\"{}\" evaluation=\"{v}\"/>\n",
                        d + 1,
                        xml_escape(&issue.value_id(d as u32))
                    ));
                }
                x.push_str("  </issue>\n");
            }
            weights.push_str(&format!(
                "  <weight index=\"{}\" value=\"{weight}\"/>\n",
                k + 1
            ));
        }
        x.push_str(&weights);
        x.push_str(&format!(
            "</objective>\n<reservation value=\"{}\"/>\n<discount_factor value=\"{}\"/>\n</utility_space>\n",
            s.base_fallback(p),
            s.parties[p].discount.at_deadline
        ));
        files.push((name, x));
    }
    Written { files, losses }
}

/// A GeniusWeb folder: `<id>.json` (the domain) and one `<party>.json` profile per negotiating party.
pub fn to_geniusweb(s: &Scenario) -> Written {
    let mut losses = profile_losses(s, "GeniusWeb");
    let numeric: Vec<bool> = (0..s.issues.len())
        .map(|i| {
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
        .filter(|sp| sp.size() <= pactum_core::talks::SEARCH_LIMIT);
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

/// A native TOML scenario. Everything pactum models is kept; values are written as read (GENIUS
/// and GeniusWeb parties get `weights = "as_written"`).
pub fn to_toml(s: &Scenario) -> Written {
    use toml::{Table, Value as T};
    let mut losses = Vec::new();
    let prov = |t: &mut Table, p: &pactum_core::provenance::Provenance| {
        if !p.sources.is_empty() {
            t.insert(
                "source".into(),
                T::Array(p.sources.iter().map(|x| T::String(x.clone())).collect()),
            );
        }
        if let Some(a) = &p.assumption {
            t.insert("assumption".into(), T::String(a.clone()));
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
        t.insert("disclosure".into(), T::Array(disclosed));
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
                        .map(|(k, v)| (issue.value_id(k as u32), T::Float(*v)))
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

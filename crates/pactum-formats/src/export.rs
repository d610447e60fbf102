//! Writing scenarios: native TOML (`scenario_toml::write`), a GENIUS folder (`genius::write`), a
//! GeniusWeb folder (`geniusweb::write`), and what the three writers share here.
//!
//! Every writer returns the files to write (relative names and texts) and the *losses*: what
//! the target format cannot express (red lines, interaction terms, mediators and stakeholders,
//! the cost of time, timelines) or expresses only approximately. Callers report them; nothing is
//! dropped silently. Utilities are kept exactly where the format can hold them: each party's
//! contribution table per issue is written as `weight × value` with `weight` = the table's
//! largest entry, so GENIUS's division by the largest evaluation gives back the same numbers.

use pactum_core::issue::IssueKind;
use pactum_core::number;
use pactum_core::preference::Semantics;
use pactum_core::scenario::{Role, Scenario};

pub use crate::genius::to_genius;
pub use crate::geniusweb::to_geniusweb;
pub use crate::scenario_toml::to_toml;

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
pub(crate) fn file_name(
    id: &str,
    fallback: &str,
    ext: &str,
    what: &str,
    losses: &mut Vec<String>,
) -> String {
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
pub(crate) fn factor(table: &[f64]) -> (f64, Vec<f64>) {
    let max = table.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        (0.0, vec![0.0; table.len()])
    } else {
        (max, table.iter().map(|t| t / max).collect())
    }
}

/// `(offset, slope per step)` when the values are linear in the value index (within 1e-12).
pub(crate) fn linear(values: &[f64]) -> Option<(f64, f64)> {
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

pub(crate) fn negotiators(s: &Scenario) -> Vec<usize> {
    s.negotiators()
}

/// Losses shared by the GENIUS and GeniusWeb targets.
pub(crate) fn profile_losses(s: &Scenario, target: &str) -> Vec<String> {
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
        if p.role == Role::Party
            && target == "GeniusWeb"
            && p.preferences.semantics == Semantics::Capped
            && p.preferences.interactions.is_empty()
            && let Some(k) = s.party_index(&p.id)
        {
            let best: f64 = s
                .utility_function(k)
                .tables()
                .iter()
                .map(|t| t.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                .sum();
            if best > 1.0 {
                out.push(format!("the utility of `{}` reaches {} as written, which GENIUS caps at 1; GeniusWeb does not cap, so its bids above 1 keep their sum", p.id, number::trim(best, 6)));
            }
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
pub(crate) fn linear_numeric(s: &Scenario, issue: usize) -> bool {
    let i = &s.issues[issue];
    if !i.is_numeric() {
        return false;
    }
    negotiators(s).iter().all(|&p| {
        let (_, values) = factor(&s.utility_function(p).tables()[issue]);
        linear(&values).is_some()
    })
}

/// Whether parties with interaction terms can be written as GENIUS nonlinear profiles: every
/// issue must be written as an integer range, the only kind hyper-rectangles bound.
pub(crate) fn nonlinear_ok(s: &Scenario) -> bool {
    (0..s.issues.len()).all(|i| integer_issue(s, i))
}

/// Whether issue `i` is written as a GENIUS integer issue (steps of 1, linear for every party).
pub(crate) fn integer_issue(s: &Scenario, i: usize) -> bool {
    linear_numeric(s, i)
        && matches!(s.issues[i].kind, IssueKind::Numeric { integer: true, step, .. } if step == 1.0)
}

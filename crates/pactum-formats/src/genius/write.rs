//! Writing a GENIUS folder: `domain.xml` and one profile per negotiating party, additive, or
//! nonlinear (hyper-rectangles) where a party has interaction terms over integer issues.

use crate::export::*;
use pactum_core::scenario::Scenario;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Maximal runs of allowed digits, as `(first, last)`.
pub(crate) fn runs(allowed: &[bool]) -> Vec<(u32, u32)> {
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
pub(crate) fn nonlinear_utility(s: &Scenario, p: usize) -> String {
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

//! Type-checking a parsed red line against the issues, and the compiled form it evaluates in.

use super::ExprError;
use super::parse::{Ast, Literal, Op};
use crate::issue::{Issue, IssueKind};
use std::collections::BTreeSet;
use std::ops::Range;

/// A compiled red line. Every comparison has become the set of values it allows on one issue,
/// and `not` has been pushed down to those sets, so a constraint is a tree of `All`/`Any` over
/// per-issue lookups.
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// Holds when every item holds (true when empty).
    All(Vec<Constraint>),
    /// Holds when at least one item holds (false when empty).
    Any(Vec<Constraint>),
    /// Holds when the issue takes one of the allowed values.
    Allowed {
        /// Index of the issue in the scenario's issue list.
        issue: usize,
        /// Per digit of the issue, whether that value is allowed.
        allowed: Vec<bool>,
    },
}

impl Constraint {
    /// Whether the outcome with these digits satisfies the constraint.
    pub fn holds(&self, digits: &[u32]) -> bool {
        match self {
            Constraint::All(items) => items.iter().all(|c| c.holds(digits)),
            Constraint::Any(items) => items.iter().any(|c| c.holds(digits)),
            Constraint::Allowed { issue, allowed } => allowed
                .get(digits[*issue] as usize)
                .copied()
                .unwrap_or(false),
        }
    }

    /// The issues the constraint reads.
    pub fn issues(&self) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        self.collect_issues(&mut out);
        out
    }

    fn collect_issues(&self, out: &mut BTreeSet<usize>) {
        match self {
            Constraint::All(items) | Constraint::Any(items) => {
                items.iter().for_each(|c| c.collect_issues(out))
            }
            Constraint::Allowed { issue, .. } => {
                out.insert(*issue);
            }
        }
    }

    fn negated(self) -> Constraint {
        match self {
            Constraint::All(items) => {
                Constraint::Any(items.into_iter().map(Self::negated).collect())
            }
            Constraint::Any(items) => {
                Constraint::All(items.into_iter().map(Self::negated).collect())
            }
            Constraint::Allowed { issue, allowed } => Constraint::Allowed {
                issue,
                allowed: allowed.into_iter().map(|a| !a).collect(),
            },
        }
    }
}

/// Type-checks `ast` against `issues` and compiles it. Reports every problem, not just the first.
pub fn compile(ast: &Ast, issues: &[Issue]) -> Result<Constraint, Vec<ExprError>> {
    let mut errors = Vec::new();
    let constraint = lower(ast, issues, &mut errors);
    if errors.is_empty() {
        Ok(constraint)
    } else {
        Err(errors)
    }
}

fn lower(ast: &Ast, issues: &[Issue], errors: &mut Vec<ExprError>) -> Constraint {
    match ast {
        Ast::Or(items) => Constraint::Any(items.iter().map(|a| lower(a, issues, errors)).collect()),
        Ast::And(items) => {
            Constraint::All(items.iter().map(|a| lower(a, issues, errors)).collect())
        }
        Ast::Not(inner) => lower(inner, issues, errors).negated(),
        Ast::Compare {
            issue,
            issue_span,
            op,
            value,
            value_span,
        } => {
            let Some((index, def)) = find_issue(issue, issue_span, issues, errors) else {
                return Constraint::All(Vec::new());
            };
            let allowed = compare(def, *op, value, value_span, errors);
            Constraint::Allowed {
                issue: index,
                allowed,
            }
        }
        Ast::In {
            issue,
            issue_span,
            negated,
            values,
        } => {
            let Some((index, def)) = find_issue(issue, issue_span, issues, errors) else {
                return Constraint::All(Vec::new());
            };
            let mut allowed = vec![false; def.cardinality() as usize];
            for (value, span) in values {
                for (slot, hit) in allowed
                    .iter_mut()
                    .zip(compare(def, Op::Eq, value, span, errors))
                {
                    *slot |= hit;
                }
            }
            if *negated {
                allowed.iter_mut().for_each(|a| *a = !*a);
            }
            Constraint::Allowed {
                issue: index,
                allowed,
            }
        }
    }
}

fn find_issue<'a>(
    name: &str,
    span: &Range<usize>,
    issues: &'a [Issue],
    errors: &mut Vec<ExprError>,
) -> Option<(usize, &'a Issue)> {
    match issues.iter().position(|i| i.id == name) {
        Some(index) => Some((index, &issues[index])),
        None => {
            let known: Vec<&str> = issues.iter().map(|i| i.id.as_str()).collect();
            errors.push(
                ExprError::new(span.clone(), format!("no issue named `{name}`"))
                    .expected(one_of(&known)),
            );
            None
        }
    }
}

fn one_of(items: &[&str]) -> String {
    if items.is_empty() {
        return "nothing: the scenario has none".to_string();
    }
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    format!("one of {}", quoted.join(", "))
}

fn compare(
    issue: &Issue,
    op: Op,
    value: &Literal,
    span: &Range<usize>,
    errors: &mut Vec<ExprError>,
) -> Vec<bool> {
    let n = issue.cardinality() as usize;
    match (&issue.kind, value) {
        (IssueKind::Options { options, ordered }, Literal::Str(option)) => {
            let Some(target) = options.iter().position(|o| &o.id == option) else {
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                errors.push(
                    ExprError::new(
                        span.clone(),
                        format!("issue `{}` has no option \"{option}\"", issue.id),
                    )
                    .expected(one_of(&ids)),
                );
                return vec![true; n];
            };
            if !ordered && !matches!(op, Op::Eq | Op::Ne) {
                errors.push(
                    ExprError::new(
                        span.clone(),
                        format!(
                            "`{}` compares the options of `{}`, which are not ordered",
                            op.symbol(),
                            issue.id
                        ),
                    )
                    .expected("`==`, `!=` or `in`, or `ordered = true` on the issue"),
                );
                return vec![true; n];
            }
            (0..n).map(|i| holds(op, i.cmp(&target))).collect()
        }
        (IssueKind::Numeric { .. }, Literal::Number(x)) => (0..n as u32)
            .map(|d| {
                let v = issue.numeric_value(d).unwrap_or(f64::NAN);
                // Numeric values come from min + k·step: compare with a relative tolerance so
                // that 0.1 + 0.2 counts as 0.3.
                let tol = 1e-9 * v.abs().max(x.abs()).max(1.0);
                let ord = if (v - x).abs() <= tol {
                    std::cmp::Ordering::Equal
                } else if v < *x {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
                holds(op, ord)
            })
            .collect(),
        (IssueKind::Options { options, .. }, Literal::Number(x)) => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            errors.push(
                ExprError::new(
                    span.clone(),
                    format!(
                        "issue `{}` has named options, not numbers, but is compared with {x}",
                        issue.id
                    ),
                )
                .expected(format!("an option in quotes: {}", one_of(&ids))),
            );
            vec![true; n]
        }
        (IssueKind::Numeric { .. }, Literal::Str(s)) => {
            errors.push(
                ExprError::new(
                    span.clone(),
                    format!(
                        "issue `{}` is numeric, but is compared with the string \"{s}\"",
                        issue.id
                    ),
                )
                .expected("a number"),
            );
            vec![true; n]
        }
    }
}

fn holds(op: Op, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => ord == Equal,
        Op::Ne => ord != Equal,
        Op::Lt => ord == Less,
        Op::Le => ord != Greater,
        Op::Gt => ord == Greater,
        Op::Ge => ord != Less,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_and_compile;
    use super::*;
    use crate::issue::OptionDef;
    use crate::provenance::Provenance;

    fn options(id: &str, ids: &[&str], ordered: bool) -> Issue {
        Issue {
            id: id.into(),
            label: id.into(),
            description: String::new(),
            kind: IssueKind::Options {
                options: ids
                    .iter()
                    .map(|o| OptionDef {
                        id: (*o).into(),
                        label: (*o).into(),
                        description: String::new(),
                        provenance: Provenance::default(),
                    })
                    .collect(),
                ordered,
            },
            provenance: Provenance::default(),
        }
    }

    fn issues() -> Vec<Issue> {
        vec![
            options("donetsk", &["ceded", "frozen", "retained"], true),
            options("guarantee", &["none", "political", "us_backed"], false),
            Issue {
                id: "aid_bn".into(),
                label: "aid".into(),
                description: String::new(),
                kind: IssueKind::Numeric {
                    min: 0.0,
                    max: 100.0,
                    step: 10.0,
                    integer: true,
                    unit: "bn".into(),
                },
                provenance: Provenance::default(),
            },
        ]
    }

    fn eval(text: &str, digits: &[u32]) -> bool {
        parse_and_compile(text, &issues()).unwrap().holds(digits)
    }

    #[test]
    fn evaluates_the_documented_examples() {
        assert!(eval(r#"donetsk != "ceded""#, &[1, 0, 0]));
        assert!(!eval(r#"donetsk != "ceded""#, &[0, 0, 0]));
        assert!(eval(
            r#"guarantee in ["political", "us_backed"]"#,
            &[0, 1, 0]
        ));
        assert!(!eval(
            r#"guarantee in ["political", "us_backed"]"#,
            &[0, 0, 0]
        ));
        let either = r#"aid_bn >= 50 or guarantee == "us_backed""#;
        assert!(eval(either, &[0, 0, 5]));
        assert!(eval(either, &[0, 2, 0]));
        assert!(!eval(either, &[0, 1, 4]));
        assert!(eval(
            r#"donetsk >= "frozen" and not (aid_bn < 30)"#,
            &[2, 0, 3]
        ));
        assert!(!eval(
            r#"donetsk >= "frozen" and not (aid_bn < 30)"#,
            &[2, 0, 2]
        ));
        assert!(eval(
            r#"not (donetsk == "ceded" or guarantee == "none")"#,
            &[1, 1, 0]
        ));
        assert!(!eval(
            r#"not (donetsk == "ceded" or guarantee == "none")"#,
            &[1, 0, 0]
        ));
        assert!(eval(r#"guarantee not in ["none"]"#, &[0, 2, 0]));
        assert!(eval("aid_bn == 30.0000000001", &[0, 0, 3]));
    }

    #[test]
    fn reports_every_semantic_error_with_its_span() {
        let text = r#"donetsk_x == "ceded" or guarantee > "none" or aid_bn == "lots" or donetsk == 3 or donetsk == "cede""#;
        let errors = parse_and_compile(text, &issues()).unwrap_err();
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 5, "{messages:#?}");
        assert!(
            messages[0].contains("no issue named `donetsk_x`") && messages[0].contains("`donetsk`")
        );
        assert_eq!(errors[0].column(text), 1);
        assert!(messages[1].contains("not ordered"));
        assert_eq!(&text[errors[1].span.clone()], "\"none\"");
        assert!(messages[2].contains("numeric"));
        assert!(messages[3].contains("named options"));
        assert!(messages[4].contains("no option \"cede\"") && messages[4].contains("`ceded`"));
    }

    #[test]
    fn reports_the_issues_it_reads() {
        let c =
            parse_and_compile(r#"aid_bn >= 50 or guarantee == "us_backed""#, &issues()).unwrap();
        assert_eq!(c.issues().into_iter().collect::<Vec<_>>(), vec![1, 2]);
    }
}

//! Preferences: issue weights, value functions and interaction terms, and the utility function
//! they define.

use crate::issue::{Issue, IssueKind};
use crate::provenance::Provenance;

/// How a party values the values of one issue, each on a 0..=1 scale.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueFunction {
    /// One value per option, in the issue's option order.
    Table {
        /// The value of each option, indexed by digit.
        values: Vec<f64>,
    },
    /// Linear over a numeric range: `at_min` at the minimum, `at_max` at the maximum.
    Linear {
        /// The value at the minimum (or the first option).
        at_min: f64,
        /// The value at the maximum (or the last option).
        at_max: f64,
    },
    /// Piecewise linear through `(x, value)` points sorted by `x`; flat beyond the ends.
    Piecewise {
        /// The `(x, value)` points; `x` is the number, or the digit for an issue with options.
        points: Vec<(f64, f64)>,
    },
}

impl ValueFunction {
    /// The value of digit `digit` of `issue`.
    pub fn value(&self, issue: &Issue, digit: u32) -> f64 {
        match (self, &issue.kind) {
            (ValueFunction::Table { values }, _) => {
                values.get(digit as usize).copied().unwrap_or(0.0)
            }
            (ValueFunction::Linear { at_min, at_max }, IssueKind::Numeric { min, max, .. }) => {
                let x = issue.numeric_value(digit).unwrap_or(*min);
                if max > min {
                    at_min + (at_max - at_min) * (x - min) / (max - min)
                } else {
                    *at_max
                }
            }
            (ValueFunction::Piecewise { points }, IssueKind::Numeric { .. }) => {
                piecewise(points, issue.numeric_value(digit).unwrap_or(0.0))
            }
            // Linear over ordered options: the first option is `at_min`, the last `at_max`.
            (ValueFunction::Linear { at_min, at_max }, IssueKind::Options { options, .. }) => {
                let n = options.len().saturating_sub(1).max(1) as f64;
                at_min + (at_max - at_min) * f64::from(digit) / n
            }
            (ValueFunction::Piecewise { points }, IssueKind::Options { .. }) => {
                piecewise(points, f64::from(digit))
            }
        }
    }
}

fn piecewise(points: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(x0, y0)) = points.first() else {
        return 0.0;
    };
    if x <= x0 {
        return y0;
    }
    for w in points.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        // At a point itself, its value exactly: a table written as points reads back unchanged.
        if x == xb {
            return yb;
        }
        if x <= xb {
            return if xb > xa {
                ya + (yb - ya) * (x - xa) / (xb - xa)
            } else {
                yb
            };
        }
    }
    points.last().map_or(0.0, |p| p.1)
}

/// A party's stake in one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuePreference {
    /// Index of the issue in the scenario's issue list.
    pub issue: usize,
    /// Positive; weights are normalised by their sum.
    pub weight: f64,
    /// How the party values each value of the issue.
    pub values: ValueFunction,
    /// Where the weight and values come from.
    pub provenance: Provenance,
    /// Ranges the modeller gives single entries of a value table (`values = { option = { value,
    /// range = [low, high] } }`), for `pactum sensitivity`, by digit.
    pub value_ranges: Vec<ValueRange>,
}

/// The range the modeller gives one entry of a value table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueRange {
    /// The option's digit.
    pub digit: u32,
    /// The lowest value it may take.
    pub low: f64,
    /// The highest.
    pub high: f64,
    /// How `pactum sensitivity` draws it.
    pub distribution: crate::Distribution,
}

/// A bonus (or, when negative, a penalty) when every condition holds together: the way to state
/// preferences that are not additive over issues. A GENIUS nonlinear profile's hyper-rectangles
/// are interactions whose conditions are value ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    /// Conditions that must all hold.
    pub when: Vec<Condition>,
    /// Utility added when every condition holds; negative for a penalty.
    pub bonus: f64,
    /// What the interaction stands for; empty when there is no explanation.
    pub description: String,
    /// Where the interaction comes from.
    pub provenance: Provenance,
}

/// One condition of an interaction: `issue` takes a value in one of `runs`, inclusive digit
/// ranges. Runs keep a range of ten million values as small as one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// Index of the issue in the scenario's issue list.
    pub issue: usize,
    /// `(first, last)` digits, sorted, disjoint and not adjacent.
    pub runs: Vec<(u32, u32)>,
}

impl Condition {
    /// `issue` takes exactly `digit`.
    pub fn is(issue: usize, digit: u32) -> Self {
        Self::between(issue, digit, digit)
    }

    /// `issue` takes a digit from `first` to `last` inclusive (none when `last < first`).
    pub fn between(issue: usize, first: u32, last: u32) -> Self {
        let runs = if first <= last {
            vec![(first, last)]
        } else {
            Vec::new()
        };
        Self { issue, runs }
    }

    /// `issue` takes one of `digits` (in any order, repeats allowed).
    pub fn any_of(issue: usize, mut digits: Vec<u32>) -> Self {
        digits.sort_unstable();
        digits.dedup();
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for d in digits {
            match runs.last_mut() {
                Some(run) if run.1 + 1 == d => run.1 = d,
                _ => runs.push((d, d)),
            }
        }
        Self { issue, runs }
    }

    /// Whether `digit` of the issue satisfies the condition.
    pub fn holds(&self, digit: u32) -> bool {
        let k = self.runs.partition_point(|run| run.1 < digit);
        self.runs.get(k).is_some_and(|run| run.0 <= digit)
    }

    /// Both this and `other` (on the same issue).
    pub fn and(&self, other: &Condition) -> Condition {
        let mut runs = Vec::new();
        for a in &self.runs {
            for b in &other.runs {
                let (first, last) = (a.0.max(b.0), a.1.min(b.1));
                if first <= last {
                    runs.push((first, last));
                }
            }
        }
        runs.sort_unstable();
        Condition {
            issue: self.issue,
            runs,
        }
    }

    /// Whether no value satisfies it.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The digits that satisfy it, ascending.
    pub fn digits(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs.iter().flat_map(|&(a, b)| a..=b)
    }
}

/// How weights and utilities are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Semantics {
    /// pactum's own: weights are normalised by their sum and the utility is clamped to 0..1.
    #[default]
    Normalised,
    /// GeniusWeb's: weights are used as written and the sum is not clamped.
    AsWritten,
    /// GENIUS's, additive and nonlinear: weights as written, a sum above 1 counts as 1 and a
    /// negative sum is kept. GENIUS 10.4's `AdditiveUtilitySpace.getUtility` ends
    /// `if (result > 1) return 1;`, as `NonlinearUtilitySpace.getUtility` does: QODomain's weights
    /// sum to 1.9, and LaptopA's best bid (1.000052 as written) is worth 1.
    Capped,
}

impl Semantics {
    /// The range a utility is clamped to.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Semantics::Normalised => (0.0, 1.0),
            Semantics::AsWritten => (f64::NEG_INFINITY, f64::INFINITY),
            Semantics::Capped => (f64::NEG_INFINITY, 1.0),
        }
    }
}

/// One party's preferences: a weighted value function per issue, plus interaction terms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preferences {
    /// The party's stake in each issue it cares about.
    pub issues: Vec<IssuePreference>,
    /// Bonuses and penalties for combinations of values, added to the weighted sum.
    pub interactions: Vec<Interaction>,
    /// How the weights and the utility are read.
    pub semantics: Semantics,
}

impl Preferences {
    /// Additive preferences with one value table per issue (issue `i` gets `tables[i]`) and
    /// equal weights `1/n`.
    pub fn equal_weights(tables: Vec<Vec<f64>>, semantics: Semantics) -> Self {
        let n = tables.len().max(1) as f64;
        Self {
            issues: tables
                .into_iter()
                .enumerate()
                .map(|(issue, values)| IssuePreference {
                    issue,
                    weight: 1.0 / n,
                    values: ValueFunction::Table { values },
                    provenance: Provenance::default(),
                    value_ranges: Vec::new(),
                })
                .collect(),
            interactions: Vec::new(),
            semantics,
        }
    }

    /// Issue indices ordered by weight, heaviest first (ties by issue order).
    pub fn priorities(&self) -> Vec<usize> {
        let mut terms: Vec<&IssuePreference> = self.issues.iter().collect();
        terms.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.issue.cmp(&b.issue)));
        terms.iter().map(|t| t.issue).collect()
    }

    /// Sum of the issue weights, as written.
    pub fn total_weight(&self) -> f64 {
        self.issues.iter().map(|t| t.weight).sum()
    }
}

/// A utility function ready to evaluate: `u(o) = clamp(Σ_i table_i[o_i] + Σ bonuses, lo, hi)`,
/// where `table_i` already holds the (normalised) weight times the value and `lo..hi` comes from
/// the [`Semantics`]. Sums run in issue order, then interaction order, so a utility is the same
/// float on every run.
#[derive(Clone, Debug, PartialEq)]
pub struct UtilityFunction {
    tables: Vec<Vec<f64>>,
    terms: Vec<Term>,
    bounds: (f64, f64),
}

/// An interaction compiled for evaluation: per condition, which digits of its issue satisfy it.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// Per condition, the issue index and, per digit of that issue, whether it satisfies it.
    pub when: Vec<(usize, Vec<bool>)>,
    /// Utility added when every condition holds; negative for a penalty.
    pub bonus: f64,
}

impl Term {
    /// Whether the outcome `digits` satisfies every condition.
    pub fn holds(&self, digits: &[u32]) -> bool {
        self.when.iter().all(|(i, allowed)| {
            digits
                .get(*i)
                .and_then(|&d| allowed.get(d as usize))
                .copied()
                .unwrap_or(false)
        })
    }
}

impl UtilityFunction {
    /// Compiles `preferences` over `issues` into weighted tables and interaction terms.
    pub fn new(preferences: &Preferences, issues: &[Issue]) -> Self {
        let total = match preferences.semantics {
            Semantics::Normalised => preferences.total_weight(),
            Semantics::AsWritten | Semantics::Capped => 1.0,
        };
        let mut tables: Vec<Vec<f64>> = issues
            .iter()
            .map(|i| vec![0.0; i.cardinality() as usize])
            .collect();
        for term in &preferences.issues {
            let Some(issue) = issues.get(term.issue) else {
                continue;
            };
            let w = if total > 0.0 {
                term.weight / total
            } else {
                0.0
            };
            for (d, slot) in tables[term.issue].iter_mut().enumerate() {
                *slot += w * term.values.value(issue, d as u32);
            }
        }
        let terms = preferences
            .interactions
            .iter()
            .map(|i| Term {
                when: i
                    .when
                    .iter()
                    .map(|c| {
                        let n = issues.get(c.issue).map_or(0, |x| x.cardinality() as usize);
                        (c.issue, (0..n as u32).map(|d| c.holds(d)).collect())
                    })
                    .collect(),
                bonus: i.bonus,
            })
            .collect();
        Self {
            tables,
            terms,
            bounds: preferences.semantics.bounds(),
        }
    }

    /// A utility function straight from per-issue contribution tables (already weighted).
    pub fn from_tables(tables: Vec<Vec<f64>>) -> Self {
        Self {
            tables,
            terms: Vec::new(),
            bounds: Semantics::AsWritten.bounds(),
        }
    }

    /// The utility of the outcome `digits`, clamped to this function's range.
    pub fn utility(&self, digits: &[u32]) -> f64 {
        let mut u: f64 = self
            .tables
            .iter()
            .zip(digits)
            .map(|(t, &d)| t.get(d as usize).copied().unwrap_or(0.0))
            .sum();
        for term in &self.terms {
            if term.holds(digits) {
                u += term.bonus;
            }
        }
        self.clamp(u)
    }

    /// `u` clamped to this function's range.
    pub fn clamp(&self, u: f64) -> f64 {
        u.clamp(self.bounds.0, self.bounds.1)
    }

    /// Contribution of each issue's value (weight × value), without interactions.
    pub fn tables(&self) -> &[Vec<f64>] {
        &self.tables
    }

    /// The interaction terms, in evaluation order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Whether the utility is a plain sum over issues, with no interaction terms.
    pub fn is_additive(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::OptionDef;

    fn numeric() -> Issue {
        Issue {
            id: "aid".into(),
            label: "aid".into(),
            description: String::new(),
            kind: IssueKind::Numeric {
                min: 0.0,
                max: 100.0,
                step: 25.0,
                integer: true,
                unit: String::new(),
            },
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn conditions_are_runs_of_values() {
        let c = Condition::any_of(2, vec![7, 1, 2, 3, 9, 8, 2]);
        assert_eq!(c.runs, vec![(1, 3), (7, 9)]);
        assert!(c.holds(2) && c.holds(9) && !c.holds(0) && !c.holds(5) && !c.holds(10));
        assert_eq!(c.digits().collect::<Vec<_>>(), vec![1, 2, 3, 7, 8, 9]);
        let both = c.and(&Condition::between(2, 3, 8));
        assert_eq!(both.runs, vec![(3, 3), (7, 8)]);
        assert!(Condition::between(0, 5, 4).is_empty());
        assert!(c.and(&Condition::is(2, 5)).is_empty());
    }

    #[test]
    fn value_functions() {
        let issue = numeric();
        let lin = ValueFunction::Linear {
            at_min: 0.0,
            at_max: 1.0,
        };
        assert_eq!(lin.value(&issue, 2), 0.5);
        let pw = ValueFunction::Piecewise {
            points: vec![(0.0, 0.0), (50.0, 0.8), (100.0, 1.0)],
        };
        assert!((pw.value(&issue, 1) - 0.4).abs() < 1e-12);
        assert!((pw.value(&issue, 3) - 0.9).abs() < 1e-12);
        assert_eq!(pw.value(&issue, 4), 1.0);
    }

    #[test]
    fn utility_normalises_weights_and_applies_interactions() {
        let opts = Issue {
            id: "x".into(),
            label: "x".into(),
            description: String::new(),
            kind: IssueKind::Options {
                options: ["a", "b"]
                    .iter()
                    .map(|s| OptionDef {
                        id: (*s).into(),
                        label: (*s).into(),
                        description: String::new(),
                        provenance: Provenance::default(),
                    })
                    .collect(),
                ordered: false,
            },
            provenance: Provenance::default(),
        };
        let issues = vec![opts, numeric()];
        let prefs = Preferences {
            issues: vec![
                IssuePreference {
                    issue: 0,
                    weight: 3.0,
                    values: ValueFunction::Table {
                        values: vec![1.0, 0.0],
                    },
                    provenance: Provenance::default(),
                    value_ranges: Vec::new(),
                },
                IssuePreference {
                    issue: 1,
                    weight: 1.0,
                    values: ValueFunction::Linear {
                        at_min: 0.0,
                        at_max: 1.0,
                    },
                    provenance: Provenance::default(),
                    value_ranges: Vec::new(),
                },
            ],
            interactions: vec![Interaction {
                when: vec![Condition::is(0, 1), Condition::is(1, 4)],
                bonus: -0.5,
                description: String::new(),
                provenance: Provenance::default(),
            }],
            semantics: Semantics::Normalised,
        };
        let u = UtilityFunction::new(&prefs, &issues);
        assert!((u.utility(&[0, 2]) - 0.875).abs() < 1e-12);
        assert!(
            (u.utility(&[1, 4]) - 0.0).abs() < 1e-12,
            "0.25 - 0.5 clamps to 0"
        );
        assert!((u.utility(&[1, 3]) - 0.1875).abs() < 1e-12);
        assert_eq!(prefs.priorities(), vec![0, 1]);
        assert!(!u.is_additive());
    }
}

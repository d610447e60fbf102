//! Issues: what is negotiated, and the values each issue can take.

use crate::number;
use crate::provenance::Provenance;

/// One named option of a discrete issue.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionDef {
    /// Identifier of the option, as written in scenarios and red lines.
    pub id: String,
    /// Name of the option for people.
    pub label: String,
    /// Longer explanation of the option; empty when there is none.
    pub description: String,
    /// Where the option comes from.
    pub provenance: Provenance,
}

/// The values an issue can take.
#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    /// Named options. When `ordered`, the options are listed from one end of a scale to the
    /// other, and red lines may compare them with `<`, `<=`, `>`, `>=`.
    Options {
        /// The options, in digit order.
        options: Vec<OptionDef>,
        /// Whether the options form a scale in the order listed.
        ordered: bool,
    },
    /// A numeric range `min, min + step, …, ≤ max`. Integer ranges hold whole numbers only.
    Numeric {
        /// The smallest value (digit 0).
        min: f64,
        /// The largest value allowed; the last value is the greatest `min + k·step` not above it.
        max: f64,
        /// Distance between consecutive values (> 0).
        step: f64,
        /// Whether the range holds whole numbers only.
        integer: bool,
        /// Unit shown after the number, e.g. `"bn"`; empty when unitless.
        unit: String,
    },
}

/// An issue on the table. Its values are indexed `0..cardinality()`: option order for discrete
/// issues, `min + k·step` for numeric ones. An outcome is one such index ("digit") per issue.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Identifier of the issue, as written in scenarios and red lines.
    pub id: String,
    /// Name of the issue for people.
    pub label: String,
    /// Longer explanation of the issue; empty when there is none.
    pub description: String,
    /// The values the issue can take.
    pub kind: IssueKind,
    /// Where the issue comes from.
    pub provenance: Provenance,
}

/// The most values one issue may have: the engine keeps a table of every value per party, so a
/// larger issue would need gigabytes before any analysis starts. Readers refuse more.
pub const MAX_VALUES: u64 = 10_000_000;

/// The most issues a scenario may have. Published domains have at most 50; the analysis of
/// 4,000 two-value issues took 38 s and 30,000 exhausted memory, so readers refuse more than
/// this, at once and at the first issue too many.
pub const MAX_ISSUES: usize = 1_000;

/// Number of values of a numeric range, or `None` when the range is malformed.
pub fn numeric_cardinality(min: f64, max: f64, step: f64) -> Option<u64> {
    if !(min.is_finite() && max.is_finite() && step.is_finite()) || step <= 0.0 || max < min {
        return None;
    }
    // A small tolerance so that 0..1 step 0.1 has 11 values despite binary fractions.
    let steps = ((max - min) / step + 1e-9).floor();
    if steps >= u64::MAX as f64 {
        return None;
    }
    Some(steps as u64 + 1)
}

impl Issue {
    /// An unordered issue with the given option ids (labels equal to the ids).
    pub fn with_options(id: impl Into<String>, options: &[String]) -> Self {
        let id = id.into();
        Self {
            label: id.clone(),
            id,
            description: String::new(),
            kind: IssueKind::Options {
                options: options
                    .iter()
                    .map(|o| OptionDef {
                        id: o.clone(),
                        label: o.clone(),
                        description: String::new(),
                        provenance: Provenance::default(),
                    })
                    .collect(),
                ordered: false,
            },
            provenance: Provenance::default(),
        }
    }

    /// How many values the issue can take.
    pub fn cardinality(&self) -> u64 {
        match &self.kind {
            IssueKind::Options { options, .. } => options.len() as u64,
            IssueKind::Numeric { min, max, step, .. } => {
                numeric_cardinality(*min, *max, *step).unwrap_or(0)
            }
        }
    }

    /// Whether the issue is a numeric range.
    pub fn is_numeric(&self) -> bool {
        matches!(self.kind, IssueKind::Numeric { .. })
    }

    /// Whether values have a meaningful order (numeric ranges and ordered options).
    pub fn is_ordered(&self) -> bool {
        match &self.kind {
            IssueKind::Options { ordered, .. } => *ordered,
            IssueKind::Numeric { .. } => true,
        }
    }

    /// The options of a discrete issue; empty for a numeric one.
    pub fn options(&self) -> &[OptionDef] {
        match &self.kind {
            IssueKind::Options { options, .. } => options,
            IssueKind::Numeric { .. } => &[],
        }
    }

    /// Digit of the option with id `id`, or `None` when there is no such option.
    pub fn option_index(&self, id: &str) -> Option<u32> {
        self.options()
            .iter()
            .position(|o| o.id == id)
            .map(|i| i as u32)
    }

    /// The number a numeric issue takes at `digit`.
    pub fn numeric_value(&self, digit: u32) -> Option<f64> {
        match &self.kind {
            IssueKind::Numeric { min, max, step, .. } => {
                let n = self.cardinality().saturating_sub(1);
                // A grid that ends on `max` is computed as min + (max − min)·k/n, not by
                // accumulating steps: 0..1 in tenths gives 0.3, not 0.30000000000000004, and
                // every point is the nearest float to its exact value. Other grids keep
                // min + k·step.
                let spans = n > 0 && ((min + n as f64 * step) - max).abs() <= 1e-9 * step.abs();
                Some(if spans {
                    min + (max - min) * f64::from(digit) / n as f64
                } else {
                    min + f64::from(digit) * step
                })
            }
            IssueKind::Options { .. } => None,
        }
    }

    /// The value at `digit` as written in a scenario: an option id, or a number.
    pub fn value_id(&self, digit: u32) -> String {
        match &self.kind {
            IssueKind::Options { options, .. } => options
                .get(digit as usize)
                .map(|o| o.id.clone())
                .unwrap_or_else(|| format!("#{digit}")),
            IssueKind::Numeric { .. } => {
                number::trim(self.numeric_value(digit).unwrap_or(f64::NAN), 6)
            }
        }
    }

    /// The value at `digit` for people: an option label, or a number with its unit.
    pub fn value_label(&self, digit: u32) -> String {
        match &self.kind {
            IssueKind::Options { options, .. } => options
                .get(digit as usize)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| format!("#{digit}")),
            IssueKind::Numeric { unit, .. } => {
                let n = self.value_id(digit);
                if unit.is_empty() {
                    n
                } else {
                    format!("{n} {unit}")
                }
            }
        }
    }

    /// The value ids, for listings such as "expected one of …".
    pub fn value_ids(&self) -> Vec<String> {
        match &self.kind {
            IssueKind::Options { options, .. } => options.iter().map(|o| o.id.clone()).collect(),
            IssueKind::Numeric { .. } => Vec::new(),
        }
    }

    /// Digit of the numeric value closest to `x`, clamped to the range.
    pub fn nearest_digit(&self, x: f64) -> Option<u32> {
        match &self.kind {
            IssueKind::Numeric { min, step, .. } => {
                let k = ((x - min) / step).round().max(0.0);
                let last = self.cardinality().saturating_sub(1) as f64;
                Some(k.min(last) as u32)
            }
            IssueKind::Options { .. } => None,
        }
    }

    /// The digit of the value written `id`: an option's id, or a number equal to a value of a
    /// numeric issue (to 1e-9 relative, so `22000`, `22000.0` and `2.2e4` name the same value).
    /// `None` when no value is written so.
    pub fn digit_of(&self, id: &str) -> Option<u32> {
        match &self.kind {
            IssueKind::Options { .. } => self.option_index(id),
            IssueKind::Numeric { .. } => {
                // A number that is not finite (`1e400` parses as infinity) matches no value.
                let x = id.trim().parse::<f64>().ok().filter(|x| x.is_finite())?;
                let d = self.nearest_digit(x)?;
                let y = self.numeric_value(d)?;
                ((x - y).abs() <= 1e-9 * x.abs().max(1.0)).then_some(d)
            }
        }
    }

    /// The values for an error's "expected": the option ids, or the numeric range.
    pub fn expected_values(&self) -> String {
        if self.is_numeric() {
            let last = self.cardinality().saturating_sub(1) as u32;
            let mut said = format!(
                "a value from {} to {}",
                self.value_id(0),
                self.value_id(last)
            );
            // Between the ends only the grid's values exist: say its step.
            if last > 1
                && let IssueKind::Numeric { step, .. } = &self.kind
            {
                said.push_str(&format!(" in steps of {}", crate::number::trim(*step, 6)));
            }
            said
        } else {
            self.value_ids().join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_id_reads_back_as_its_digit() {
        let numeric = Issue {
            id: "x".into(),
            label: "x".into(),
            description: String::new(),
            kind: IssueKind::Numeric {
                min: 0.0,
                max: 1.0,
                step: 0.1,
                integer: false,
                unit: String::new(),
            },
            provenance: Provenance::default(),
        };
        let named = Issue::with_options("y", &["a".into(), "b".into()]);
        for issue in [&numeric, &named] {
            for d in 0..issue.cardinality() as u32 {
                assert_eq!(issue.digit_of(&issue.value_id(d)), Some(d));
            }
            assert_eq!(issue.digit_of("nonsense"), None);
        }
        assert_eq!(numeric.digit_of("0.35"), None, "between two values");
        assert_eq!(
            numeric.digit_of("3e-1"),
            Some(3),
            "the same number written otherwise"
        );
        assert_eq!(numeric.digit_of("1e400"), None);
        assert_eq!(
            numeric.expected_values(),
            "a value from 0 to 1 in steps of 0.1"
        );
    }

    #[test]
    fn grid_points_are_computed_not_accumulated() {
        let issue = |min: f64, max: f64, step: f64| Issue {
            id: "x".into(),
            label: "x".into(),
            description: String::new(),
            kind: IssueKind::Numeric {
                min,
                max,
                step,
                integer: false,
                unit: String::new(),
            },
            provenance: Provenance::default(),
        };
        let tenths = issue(0.0, 1.0, 0.1);
        assert_eq!(tenths.numeric_value(3), Some(0.3));
        assert_eq!(tenths.numeric_value(10), Some(1.0));
        assert_eq!(tenths.value_id(3), "0.3");
        // A grid that stops short of max keeps min + k·step.
        let short = issue(0.0, 1.0, 0.3);
        assert_eq!(short.cardinality(), 4);
        assert_eq!(short.numeric_value(3), Some(0.0 + 3.0 * 0.3));
        for k in 0..=10 {
            assert_eq!(
                tenths.nearest_digit(tenths.numeric_value(k).unwrap()),
                Some(k)
            );
        }
    }

    #[test]
    fn numeric_cardinality_tolerates_binary_fractions() {
        assert_eq!(numeric_cardinality(0.0, 1.0, 0.1), Some(11));
        assert_eq!(numeric_cardinality(0.0, 100.0, 10.0), Some(11));
        assert_eq!(numeric_cardinality(5.0, 5.0, 1.0), Some(1));
        assert_eq!(numeric_cardinality(1.0, 0.0, 1.0), None);
        assert_eq!(numeric_cardinality(0.0, 1.0, 0.0), None);
        assert_eq!(numeric_cardinality(0.0, f64::INFINITY, 1.0), None);
    }
}

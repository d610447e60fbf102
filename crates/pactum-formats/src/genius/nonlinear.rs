//! GENIUS nonlinear profiles (ANAC 2014): `<utility_space type="nonlinear">` with a tree of
//! `<ufun>` holding `<hyperRectangle utility="…">` elements, read as GENIUS's
//! `NonlinearUtilitySpace` computes them (`shared/research/interop.md` §1.5):
//!
//! - a rectangle contributes `utility · weight` when every `<INCLUDES index min max>` bound holds
//!   (`min ≤ value ≤ max` on that integer issue);
//! - a `<ufun>` multiplies what it aggregates by its `weight`;
//! - the utility is the aggregate divided by `<utility maxutility>`, and a result above 1 counts
//!   as 1.
//!
//! Each rectangle becomes an interaction with bonus `utility · weights / maxutility`, and the
//! party's utility is capped at 1 ([`Semantics::Capped`]): the same numbers. `sum` aggregation
//! is read; an `EXCLUDES` rectangle (GENIUS's `ExclusiveHyperRectangle`) gives its utility when
//! the bid lies outside its bounds, and becomes one interaction per slab of that outside; `min`
//! and `max` over more than one term and rectangles with no bound are refused with their line.

use super::domain::{Domain, number};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::xml_tree::Element;
use pactum_core::issue::{Issue, IssueKind};
use pactum_core::preference::{Condition, Interaction, Preferences, Semantics};
use pactum_core::provenance::Provenance;

/// The preferences of a nonlinear profile whose `<utility_space>` element is `space`.
pub(crate) fn read(
    map: &SourceMap<'_>,
    space: &Element,
    domain: &Domain,
) -> Result<Preferences, Vec<Diagnostic>> {
    let at = |e: &Element| e.offset..e.offset + 1;
    // GENIUS reads `<utility>` under the space's first child (the objective).
    let utility = space
        .children
        .first()
        .and_then(|objective| objective.child("utility"))
        .ok_or_else(|| {
            vec![
                map.diagnostic(at(space), "the nonlinear space has no <utility>")
                    .with_expected("<objective> holding <utility maxutility=\"…\"><ufun …>"),
            ]
        })?;
    let max = number(map, utility, "maxutility").map_err(|d| vec![d])?;
    if max <= 0.0 {
        return Err(vec![
            map.diagnostic(at(utility), format!("maxutility is {max}"))
                .with_expected("a positive maxutility"),
        ]);
    }
    let ufun = utility.child("ufun").ok_or_else(|| {
        vec![
            map.diagnostic(at(utility), "<utility> has no <ufun>")
                .with_expected("<ufun aggregation=\"sum\"> with <hyperRectangle> elements"),
        ]
    })?;
    let mut reader = Rectangles {
        map,
        domain,
        file: map.file.to_string(),
        interactions: Vec::new(),
        errors: Vec::new(),
    };
    reader.ufun(ufun, 1.0 / max);
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    Ok(Preferences {
        issues: Vec::new(),
        interactions: reader.interactions,
        semantics: Semantics::Capped,
    })
}

struct Rectangles<'a> {
    map: &'a SourceMap<'a>,
    domain: &'a Domain,
    file: String,
    interactions: Vec<Interaction>,
    errors: Vec<Diagnostic>,
}

impl<'a> Rectangles<'a> {
    fn weight(&mut self, e: &Element) -> f64 {
        match e.attr("weight") {
            None => 1.0,
            Some(_) => number(self.map, e, "weight").unwrap_or_else(|d| {
                self.errors.push(d);
                1.0
            }),
        }
    }

    /// Reads a `<ufun>` whose contributions are multiplied by `scale`.
    fn ufun(&mut self, e: &Element, scale: f64) {
        let scale = scale * self.weight(e);
        let rectangles: Vec<&Element> = e.children_named("hyperRectangle").collect();
        let inner: Vec<&Element> = e.children_named("ufun").collect();
        let aggregation = e.attr("aggregation").unwrap_or("sum");
        if !aggregation.eq_ignore_ascii_case("sum") && rectangles.len() + inner.len() > 1 {
            self.errors.push(
                self.map
                    .diagnostic(
                        e.offset..e.offset + 1,
                        format!("aggregation=\"{aggregation}\", which pactum does not read yet"),
                    )
                    .with_expected("aggregation=\"sum\""),
            );
            return;
        }
        for r in rectangles {
            self.rectangle(r, scale);
        }
        for u in inner {
            self.ufun(u, scale);
        }
    }

    fn rectangle(&mut self, e: &Element, scale: f64) {
        let at = e.offset..e.offset + 1;
        let includes: Vec<&Element> = e.children_named("INCLUDES").collect();
        let excludes: Vec<&Element> = e.children_named("EXCLUDES").collect();
        if !includes.is_empty() && !excludes.is_empty() {
            self.errors.push(
                self.map
                    .diagnostic(
                        at,
                        "a hyperRectangle with both INCLUDES and EXCLUDES bounds",
                    )
                    .with_expected("INCLUDES bounds (inclusive) or EXCLUDES bounds (exclusive)"),
            );
            return;
        }
        let utility = match number(self.map, e, "utility") {
            Ok(u) => u,
            Err(d) => {
                self.errors.push(d);
                return;
            }
        };
        let bonus = utility * self.weight(e) * scale;
        let exclusive = !excludes.is_empty();
        let bounds = if exclusive { excludes } else { includes };
        if bounds.is_empty() {
            self.errors.push(
                self.map
                    .diagnostic(at, "a hyperRectangle without bounds (it holds everywhere)")
                    .with_expected("at least one <INCLUDES index min max>"),
            );
            return;
        }
        // One condition per issue; two bounds on one issue must both hold.
        let mut box_: Vec<(Condition, &Issue)> = Vec::new();
        for b in bounds {
            let Some((condition, issue)) = self.bound(b) else {
                return;
            };
            match box_.iter_mut().find(|(c, _)| c.issue == condition.issue) {
                Some((c, _)) => *c = c.and(&condition),
                None => box_.push((condition, issue)),
            }
        }
        box_.sort_by_key(|(c, _)| c.issue);
        let provenance = Provenance {
            sources: vec![format!("{}:{}", self.file, self.map.position(e.offset).0)],
            assumption: None,
            range: None,
            distribution: Default::default(),
        };
        if !exclusive {
            let when: Vec<Condition> = box_.into_iter().map(|(c, _)| c).collect();
            if when.iter().any(Condition::is_empty) {
                // No value satisfies it: GENIUS adds nothing for it, nor do we.
                return;
            }
            self.interactions.push(Interaction {
                when,
                bonus,
                description: format!("hyperRectangle utility {utility}"),
                provenance,
            });
            return;
        }
        // GENIUS's ExclusiveHyperRectangle gives its utility when any bound fails: outside the
        // box. The outside is the disjoint union of the slabs "bounds 1..k−1 hold, bound k
        // fails", each a conjunction pactum's interactions express.
        for k in 0..box_.len() {
            let mut when: Vec<Condition> = box_[..k].iter().map(|(c, _)| c.clone()).collect();
            let (c, issue) = &box_[k];
            when.push(complement(c, issue));
            if when.iter().any(Condition::is_empty) {
                continue;
            }
            self.interactions.push(Interaction {
                when,
                bonus,
                description: format!(
                    "exclusive hyperRectangle utility {utility}, outside its bounds (part {} of {})",
                    k + 1,
                    box_.len()
                ),
                provenance: provenance.clone(),
            });
        }
    }

    /// An `<INCLUDES index min max>` (or `EXCLUDES`) bound as the values of its issue that lie in
    /// `min..=max`, with the issue.
    fn bound(&mut self, b: &Element) -> Option<(Condition, &'a Issue)> {
        let at = b.offset..b.offset + 1;
        let index = b.attr("index").and_then(|v| v.trim().parse::<i64>().ok());
        let Some((slot, issue)) = index.and_then(|i| self.domain.issue_by_index(i)) else {
            self.errors.push(
                self.map
                    .diagnostic(
                        at,
                        format!(
                            "INCLUDES index {} is not an issue of the domain",
                            b.attr("index").unwrap_or("(missing)")
                        ),
                    )
                    .with_expected(format!("one of {}", self.domain.indices().join(", "))),
            );
            return None;
        };
        let (min, max) = match (number(self.map, b, "min"), number(self.map, b, "max")) {
            (Ok(lo), Ok(hi)) => (lo, hi),
            (Err(d), _) | (_, Err(d)) => {
                self.errors.push(d);
                return None;
            }
        };
        if !issue.is_numeric() {
            self.errors.push(
                self.map
                    .diagnostic(
                        at,
                        format!("INCLUDES bounds issue `{}`, which is not numeric", issue.id),
                    )
                    .with_expected("an integer issue, as in GENIUS nonlinear domains"),
            );
            return None;
        }
        Some((digits_between(slot, issue, min, max), issue))
    }
}

/// The values of `issue` that `c` does not hold for.
fn complement(c: &Condition, issue: &Issue) -> Condition {
    let last = issue.cardinality().saturating_sub(1) as u32;
    let mut runs = Vec::new();
    let mut next = 0u32;
    for &(a, b) in &c.runs {
        if a > next {
            runs.push((next, a - 1));
        }
        next = b.saturating_add(1);
    }
    if next <= last && c.runs.last().is_none_or(|&(_, b)| b < last) {
        runs.push((next, last));
    }
    Condition {
        issue: c.issue,
        runs,
    }
}

/// The digits of numeric issue `slot` whose value lies in `min..=max`, found by arithmetic on
/// the range (an issue can have ten million values).
fn digits_between(slot: usize, issue: &Issue, min: f64, max: f64) -> Condition {
    let IssueKind::Numeric { min: low, step, .. } = issue.kind else {
        return Condition::between(slot, 1, 0);
    };
    let last = issue.cardinality().saturating_sub(1) as f64;
    // Values are low + d·step; the small margins absorb binary fractions of the step.
    let first = ((min - low) / step - 1e-9).ceil().max(0.0);
    let end = ((max - low) / step + 1e-9).floor().min(last);
    if first > end {
        return Condition::between(slot, 1, 0);
    }
    Condition::between(slot, first as u32, end as u32)
}

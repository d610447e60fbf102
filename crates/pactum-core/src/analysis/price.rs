//! The price of a red line: for each red line in a minimal blocking set, what its party gets
//! once the set is relaxed, against its fallback, and what giving the line up costs it in the
//! deal that opens — with whether the rest of the zone can make up for it.
//!
//! For a blocking set `B` whose relaxation opens the zone `Z_B`, with Nash deal `d`, and a red
//! line `r` of party `p` in `B` (reading the issues `I_r`):
//!
//! - `nash_utility` = `u_p(d)`, `best_in_zone` = `max_{o ∈ Z_B} u_p(o)`, beside `p`'s fallback;
//! - `loss` = `max u_p(d')` over the outcomes `d'` that differ from `d` only on `I_r` and satisfy
//!   `r`, minus `u_p(d)` (at least 0): what `p` would have had on the red line's own issues had the
//!   line held, the rest of the deal unchanged — the compensation it needs on the other issues;
//! - `available` = `max u_p(o) − u_p(d)` over `o ∈ Z_B` with `o` equal to `d` on `I_r`: the most
//!   the other issues can give `p` inside the zone; `covered` when `available ≥ loss`.
//!
//! Cost: one walk of `Z_B`'s space per red line, O(outcomes · constraints); the loss walks only
//! the values of `I_r`. Refuses spaces above [`crate::space::ENUMERATION_LIMIT`].

use super::{AnalysisError, Deal, Problem, ZoneReport};
use crate::scenario::Scenario;
use crate::space::Subspace;
use std::collections::BTreeSet;

/// What one red line costs its party.
#[derive(Clone, Debug, PartialEq)]
pub struct Price {
    /// The blocking set relaxed (constraint ids).
    pub blocking: Vec<String>,
    /// The red line (`party.redline`).
    pub red_line: String,
    /// Its party's slot in [`Problem::parties`].
    pub party: usize,
    /// The Nash deal of the opened zone.
    pub deal: Deal,
    /// The party's utility at that deal.
    pub nash_utility: f64,
    /// The party's best utility anywhere in the opened zone.
    pub best_in_zone: f64,
    /// The party's fallback.
    pub fallback: f64,
    /// What the line would have kept for it on its own issues, the rest of the deal unchanged.
    pub loss: f64,
    /// The most the other issues can add for it inside the zone, its line's issues as dealt.
    pub available: f64,
}

impl Price {
    /// Whether the zone can make the deal as good for the party as keeping its line would.
    pub fn covered(&self) -> bool {
        self.available + 1e-12 >= self.loss
    }
}

/// The price of every red line in every blocking set of `zone` (the zone of `problem`, the
/// scenario with `relaxed` dropped).
pub fn prices(
    scenario: &Scenario,
    relaxed: &BTreeSet<String>,
    problem: &Problem,
    zone: &ZoneReport,
) -> Result<Vec<Price>, AnalysisError> {
    let Some(size) = problem.subspace.enumerable() else {
        return Err(AnalysisError::TooLarge {
            size: problem.subspace.size(),
        });
    };
    let ids = problem.constraint_ids();
    let mut out = Vec::new();
    for b in &zone.blocking {
        let Some(deal) = &b.nash else { continue };
        let mut wider = relaxed.clone();
        wider.extend(b.constraints.iter().cloned());
        let mut opened = Problem::new(scenario, &wider)?;
        opened.subspace = problem.subspace.clone();
        for id in &b.constraints {
            let Some(bit) = ids.iter().position(|x| x == id) else {
                continue;
            };
            let Some(line) = problem.red_line(bit) else {
                continue; // a fallback, not a red line
            };
            let p = problem.constraint_party(bit);
            let u = &problem.utilities[p];
            let here = u.utility(&deal.digits);
            let read: Vec<usize> = line.issues().into_iter().collect();
            // The loss: the line's issues re-chosen to satisfy it, the rest as dealt.
            let choices = problem.subspace.choices();
            let local = Subspace::new(read.iter().map(|&k| choices[k].clone()).collect());
            let mut best_kept = f64::NEG_INFINITY;
            let mut digits = deal.digits.clone();
            if let Some(n) = local.enumerable() {
                let mut odometer = local.odometer(0, n);
                while odometer.advance().is_some() {
                    for (&k, &v) in read.iter().zip(odometer.digits()) {
                        digits[k] = v;
                    }
                    if line.holds(&digits) {
                        best_kept = best_kept.max(u.utility(&digits));
                    }
                }
            }
            let loss = if best_kept.is_finite() {
                (best_kept - here).max(0.0)
            } else {
                0.0
            };
            // The zone: the party's best, and its best with the line's issues as dealt.
            let (mut best, mut same) = (f64::NEG_INFINITY, here);
            let mut w = vec![0.0; opened.parties.len()];
            let mut odometer = opened.subspace.odometer(0, size);
            while odometer.advance().is_some() {
                let o = odometer.digits();
                opened.utilities_into(o, &mut w);
                if opened.violations(o, &w) != 0 {
                    continue;
                }
                best = best.max(w[p]);
                if read.iter().all(|&k| o[k] == deal.digits[k]) {
                    same = same.max(w[p]);
                }
            }
            out.push(Price {
                blocking: b.constraints.clone(),
                red_line: id.clone(),
                party: p,
                deal: deal.clone(),
                nash_utility: here,
                best_in_zone: best,
                fallback: problem.fallbacks[p],
                loss,
                available: same - here,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zone;
    use proptest::prelude::*;

    fn arb() -> impl Strategy<Value = Scenario> {
        crate::analysis::zone::tests::arb_with(
            2..4,
            2..4,
            2..4,
            1..3,
            0.5,
            vec![0.0, 0.25, 0.5, 0.75, 1.0],
            vec![0.0, 0.2, 0.4],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(160))]
        #[test]
        fn prices_match_brute_force(s in arb()) {
            let problem = Problem::new(&s, &BTreeSet::new()).unwrap();
            let z = zone(&problem).unwrap();
            let found = prices(&s, &BTreeSet::new(), &problem, &z).unwrap();
            let size = problem.subspace.size() as u64;
            let ids = problem.constraint_ids();
            for price in &found {
                let bit = ids.iter().position(|x| *x == price.red_line).unwrap();
                let line = problem.red_line(bit).unwrap();
                let read = line.issues();
                let p = price.party;
                let d = &price.deal;
                let mut wider: BTreeSet<String> = BTreeSet::new();
                wider.extend(price.blocking.iter().cloned());
                let opened = Problem::new(&s, &wider).unwrap();
                let (mut best, mut same, mut kept) = (f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
                for i in 0..size {
                    let o = problem.deal_at(i);
                    let others_equal = (0..o.digits.len()).all(|k| read.contains(&k) || o.digits[k] == d.digits[k]);
                    if others_equal && line.holds(&o.digits) {
                        kept = kept.max(o.utilities[p]);
                    }
                    if opened.violations(&o.digits, &o.utilities) == 0 {
                        best = best.max(o.utilities[p]);
                        if read.iter().all(|&k| o.digits[k] == d.digits[k]) {
                            same = same.max(o.utilities[p]);
                        }
                    }
                }
                prop_assert_eq!(price.best_in_zone, best);
                prop_assert_eq!(price.available, same - d.utilities[p]);
                let loss = if kept.is_finite() { (kept - d.utilities[p]).max(0.0) } else { 0.0 };
                prop_assert_eq!(price.loss, loss);
                prop_assert!(price.nash_utility >= price.fallback - 1e-12 || price.blocking.iter().any(|c| c.ends_with(".fallback")));
            }
            // Every red line of every blocking set with a Nash deal is priced.
            let expected: usize = z.blocking.iter().filter(|b| b.nash.is_some()).map(|b| b.constraints.iter().filter(|c| !c.ends_with(".fallback")).count()).sum();
            prop_assert_eq!(found.len(), expected);
        }
    }
}

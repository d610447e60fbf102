//! Offering (bidding) strategies and opponent-model strategies: what utility to aim at, and
//! which outcome at that utility to offer.
//!
//! An offering strategy gives a target utility; the agent gathers the outcomes it could offer
//! near that target and the opponent-model strategy picks one of them with the model's help.
//! The candidates are those worth `[target, target + 0.01]`, widened once to `+ 0.02` when that
//! holds fewer than 100, then by 0.01 while it holds none (GENIUS's `OMStrategy.getBid`;
//! GENIUS's sorted range query also returns one outcome just above the band, a quirk not
//! followed). Without an informative model the agent offers the outcome nearest above the
//! target, as GENIUS's `TimeDependent_Offering` does with no model.

use super::model::OpponentModel;
use crate::rng::Stream;
use crate::space::OutcomeIndex;
use crate::talks::strategy::Own;

/// The band of utility above the target searched for candidates, and the step it widens by.
pub const WIDTH: f64 = 0.01;

/// An offering strategy: the utility to aim at now.
pub trait Offering: Send {
    /// The target utility at relative time `time`.
    fn target(&mut self, own: &Own, time: f64) -> f64;
}

/// Time-dependent bidding (Faratin, Sierra and Jennings 1998), with the same convention as the
/// built-in boulware/linear/conceder: `max − (max − min) · (k + (1 − k) · t^e)`, `k` the share
/// conceded at once (0 in GENIUS's default).
pub struct TimeDependent {
    /// Concession exponent: above 1 concedes late.
    pub e: f64,
    /// Initial concession.
    pub k: f64,
}

impl Offering for TimeDependent {
    fn target(&mut self, own: &Own, time: f64) -> f64 {
        let (max, min) = (own.best(), own.floor());
        let f = self.k + (1.0 - self.k) * time.clamp(0.0, 1.0).powf(self.e);
        max - (max - min).max(0.0) * f
    }
}

/// Always aims at its best outcome.
pub struct Hardliner;

impl Offering for Hardliner {
    fn target(&mut self, own: &Own, _: f64) -> f64 {
        own.best()
    }
}

/// An opponent-model strategy: which of the candidate outcomes to offer.
pub trait ModelStrategy: Send {
    /// Picks one of `candidates` (`(own utility, outcome)`, best first, never empty), for the
    /// other parties in `others`.
    fn pick(
        &mut self,
        own: &Own,
        candidates: &[(f64, OutcomeIndex)],
        model: &dyn OpponentModel,
        others: &[usize],
        rng: &mut Stream,
    ) -> OutcomeIndex;
    /// Whether the model should still learn at relative time `time`.
    fn learns(&self, time: f64) -> bool {
        let _ = time;
        true
    }
}

/// GENIUS's `BestBid`: the candidate the model rates best for the others — with several, the
/// one whose worst estimate among them is highest, as every one of them must accept it. Ties go
/// to the candidate better for the agent; when the model rates every candidate at most 0.0001
/// (it is not working), a candidate drawn uniformly. The model stops learning after `until`.
pub struct BestBid {
    /// The time after which the model is no longer updated (above 1: never).
    pub until: f64,
}

impl ModelStrategy for BestBid {
    fn pick(
        &mut self,
        own: &Own,
        candidates: &[(f64, OutcomeIndex)],
        model: &dyn OpponentModel,
        others: &[usize],
        rng: &mut Stream,
    ) -> OutcomeIndex {
        let mut best = (f64::NEG_INFINITY, candidates[0].1);
        for (o, rating) in rated(own, candidates, model, others) {
            if rating > best.0 {
                best = (rating, o);
            }
        }
        if best.0 <= 0.0001 {
            return candidates[rng.below(candidates.len() as u64) as usize].1;
        }
        best.1
    }

    fn learns(&self, time: f64) -> bool {
        time <= self.until
    }
}

/// Each candidate with the model's rating of it for the worst-off of `others`.
fn rated<'a>(
    own: &'a Own,
    candidates: &'a [(f64, OutcomeIndex)],
    model: &'a dyn OpponentModel,
    others: &'a [usize],
) -> impl Iterator<Item = (OutcomeIndex, f64)> + 'a {
    let mut digits = vec![0; own.space.issue_count()];
    candidates.iter().map(move |&(_, o)| {
        own.space.decode_into(o, &mut digits);
        let worst = others
            .iter()
            .map(|&q| model.estimate(q, &digits))
            .fold(f64::INFINITY, f64::min);
        (o, worst)
    })
}

/// GENIUS's `OfferBestN`: one of the `n` candidates the model rates best for the others (the
/// worst-off of them), drawn uniformly; ties in rating go to the candidate better for the agent.
pub struct BestN {
    /// How many of the best-rated to draw from.
    pub n: usize,
}

impl ModelStrategy for BestN {
    fn pick(
        &mut self,
        own: &Own,
        candidates: &[(f64, OutcomeIndex)],
        model: &dyn OpponentModel,
        others: &[usize],
        rng: &mut Stream,
    ) -> OutcomeIndex {
        let mut r: Vec<(OutcomeIndex, f64)> = rated(own, candidates, model, others).collect();
        // Stable: equal ratings keep the candidates' order, best for the agent first.
        r.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top = self.n.clamp(1, r.len());
        r[rng.below(top as u64) as usize].0
    }
}

/// A candidate drawn uniformly, ignoring the model. (GENIUS's `NullStrategy` is described as
/// this but returns the first candidate; pactum draws, as described.)
pub struct RandomPick;

impl ModelStrategy for RandomPick {
    fn pick(
        &mut self,
        _: &Own,
        candidates: &[(f64, OutcomeIndex)],
        _: &dyn OpponentModel,
        _: &[usize],
        rng: &mut Stream,
    ) -> OutcomeIndex {
        candidates[rng.below(candidates.len() as u64) as usize].1
    }
}

/// The outcomes within [`WIDTH`] above `target` (widened by [`WIDTH`] until there is one),
/// best first, at most `limit` of them, nearest the target kept.
pub fn candidates(own: &Own, target: f64, limit: usize) -> &[(f64, OutcomeIndex)] {
    let sorted = own.sorted();
    if sorted.is_empty() {
        return sorted;
    }
    let end = sorted.partition_point(|x| x.0 >= target).max(1);
    let band = |width: f64| sorted[..end].partition_point(|x| x.0 > target + width + 1e-12);
    // Fewer than 100 in the first band: twice as wide, once.
    let mut width = if end - band(WIDTH) < 100 {
        2.0 * WIDTH
    } else {
        WIDTH
    };
    loop {
        let start = band(width);
        if start < end || start == 0 {
            let start = start.max(end.saturating_sub(limit.max(1)));
            return &sorted[start..end];
        }
        width += WIDTH;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preference::UtilityFunction;
    use crate::space::OutcomeSpace;

    fn own() -> Own {
        let space = OutcomeSpace::new(vec![11]).unwrap();
        let u = UtilityFunction::from_tables(vec![(0..11).map(|k| f64::from(k) / 10.0).collect()]);
        Own::new(u, Vec::new(), 0.2, space)
    }

    #[test]
    fn candidates_lie_at_or_above_the_target_and_widen_until_one_exists() {
        let own = own();
        // Utilities 0, 0.1, ..., 1: at target 0.35 the band [0.35, 0.37] is empty; widening
        // reaches 0.4.
        let c = candidates(&own, 0.35, 100);
        assert_eq!(c.iter().map(|x| x.1).collect::<Vec<_>>(), vec![4]);
        // Fewer than 100 in [0.5, 0.51]: the band is [0.5, 0.52], capped to the two nearest the
        // target.
        let wide = Own::new(
            UtilityFunction::from_tables(vec![(0..=100).map(|k| f64::from(k) / 100.0).collect()]),
            Vec::new(),
            0.2,
            OutcomeSpace::new(vec![101]).unwrap(),
        );
        let c = candidates(&wide, 0.5, 100);
        assert_eq!(c.iter().map(|x| x.1).collect::<Vec<_>>(), vec![52, 51, 50]);
        let c = candidates(&wide, 0.5, 2);
        assert_eq!(c.iter().map(|x| x.1).collect::<Vec<_>>(), vec![51, 50]);
        // Above the best: the best.
        assert_eq!(candidates(&wide, 2.0, 5)[0].1, 100);
    }

    #[test]
    fn time_dependent_targets_follow_the_formula() {
        let own = own();
        let mut td = TimeDependent { e: 2.0, k: 0.1 };
        // max 1, min = fallback 0.2: 1 − 0.8 · (0.1 + 0.9 · 0.25) at t = 0.5.
        assert!((td.target(&own, 0.5) - (1.0 - 0.8 * (0.1 + 0.9 * 0.25))).abs() < 1e-12);
        assert!((td.target(&own, 1.0) - 0.2).abs() < 1e-12);
    }
}

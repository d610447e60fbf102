//! How close a party's model of another party is to the truth.
//!
//! An opponent model estimates another party's utility of every outcome. The engine knows the
//! truth, so it can score the estimate, as GENIUS's opponent-model measures do (Baarslag et al.
//! 2013, "Predicting the performance of opponent models in automated negotiation"): over a set
//! of outcomes, the rank agreement of estimate and truth (Kendall's τ-b), their linear agreement
//! (Pearson's r), their distance, and how far the frontier the model implies lies from the real
//! one. Every score is a pure function of the two utility vectors; which outcomes they range
//! over is [`sample`]'s choice.

use super::player::Player;
use super::session::Session;
use crate::rng::Stream;
use crate::space::OutcomeIndex;

/// Outcomes scored when the space is larger. Scoring one model over 1,024 outcomes (its
/// estimates, Knight's τ, the two frontiers) takes about 0.1 ms, so a score every round of a
/// 1,000-round negotiation adds a tenth of a second.
pub const SAMPLE_LIMIT: u64 = 1024;

/// The stream a sample draws from, apart from every party's own.
const SAMPLE_STREAM: u64 = 0x6d6f_6465_6c73; // "models"

/// One model of one party, scored against that party's true utilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelScore {
    /// The party modelled (its slot).
    pub of: usize,
    /// Kendall's τ-b between estimated and true utilities: 1 ranks every pair of outcomes as the
    /// truth does, −1 reverses every pair, 0 when either side gives every outcome one value.
    pub kendall: f64,
    /// Pearson's correlation of estimated and true utilities (0 when either is constant).
    pub pearson: f64,
    /// The Euclidean distance between the estimated and true utility vectors, divided by the
    /// square root of their length (so the root mean square error: 0 is exact, 1 the largest
    /// possible on utilities in 0..1), comparable across spaces and samples of any size.
    pub euclidean: f64,
    /// The mean distance, in true utilities, from the outcomes on the frontier the model implies
    /// (the modeller's own utility against the estimate) to the true frontier of the same two
    /// parties: 0 when every outcome the model thinks efficient is.
    pub frontier: f64,
    /// For a model that estimates fallbacks: `(estimate, truth)` of this party's fallback.
    pub reservation: Option<(f64, f64)>,
}

/// The outcomes a model is scored over: all of a space of at most [`SAMPLE_LIMIT`], else that
/// many distinct ones drawn from `seed`, ascending.
pub fn sample(size: u128, seed: u64) -> Vec<OutcomeIndex> {
    if size <= u128::from(SAMPLE_LIMIT) {
        return (0..size).collect();
    }
    let mut rng = Stream::new(seed, SAMPLE_STREAM);
    let mut picked = std::collections::BTreeSet::new();
    while (picked.len() as u64) < SAMPLE_LIMIT {
        picked.insert(rng.below_wide(size));
    }
    picked.into_iter().collect()
}

/// Scores the opponent model of every player that keeps one, against every other party's true
/// utilities over the outcomes `sample`: `(modeller slot, score)` in slot order. A model that
/// estimates reservation values also has the true fallback to be measured against (in
/// [`ModelScore::reservation`]).
pub fn score_players(
    session: &Session,
    players: &[Box<dyn Player>],
    sample: &[OutcomeIndex],
    round: u32,
) -> Vec<(usize, ModelScore)> {
    let mut out = Vec::new();
    let mut digits = vec![0; session.space.issue_count()];
    for (p, player) in players.iter().enumerate() {
        let Some(model) = player.opponent_model() else {
            continue;
        };
        let own: Vec<f64> = sample
            .iter()
            .map(|&o| session.owns[p].utility_of(o))
            .collect();
        for q in (0..players.len()).filter(|&q| q != p) {
            let truth: Vec<f64> = sample
                .iter()
                .map(|&o| session.owns[q].utility_of(o))
                .collect();
            let estimate: Vec<f64> = sample
                .iter()
                .map(|&o| {
                    session.space.decode_into(o, &mut digits);
                    model.estimate(q, &digits)
                })
                .collect();
            let mut s = score(q, &own, &estimate, &truth);
            s.reservation = model
                .reservation(q)
                .map(|r| (r, session.fallback_at(q, round)));
            out.push((p, s));
        }
    }
    out
}

/// Scores estimated utilities `estimate` of a party against its `truth`, with `own` the
/// modeller's utilities of the same outcomes.
pub fn score(of: usize, own: &[f64], estimate: &[f64], truth: &[f64]) -> ModelScore {
    ModelScore {
        of,
        kendall: kendall_tau_b(estimate, truth),
        pearson: pearson(estimate, truth),
        euclidean: euclidean(estimate, truth),
        frontier: frontier_error(own, estimate, truth),
        reservation: None,
    }
}

/// Kendall's τ-b of two equally long vectors, with ties as in the τ-b definition, in
/// O(n log n) (Knight's algorithm, [`crate::analysis::concordance`]). 0 when either vector is
/// constant. Tested against the O(n²) definition.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> f64 {
    let c = crate::analysis::concordance::pairs(x, y);
    let denominator = ((c.all - c.tied_x) as f64 * (c.all - c.tied_y) as f64).sqrt();
    if denominator == 0.0 {
        return 0.0;
    }
    let numerator = c.all as f64 - c.tied_x as f64 - c.tied_y as f64 + c.tied_both as f64
        - 2.0 * c.discordant as f64;
    numerator / denominator
}

/// Pearson's correlation coefficient (0 when either vector is constant).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    assert_eq!(x.len(), y.len(), "two vectors of one length");
    let n = x.len() as f64;
    if x.is_empty() {
        return 0.0;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return 0.0;
    }
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

/// The Euclidean distance divided by √n: the root mean square difference.
pub fn euclidean(x: &[f64], y: &[f64]) -> f64 {
    assert_eq!(x.len(), y.len(), "two vectors of one length");
    if x.is_empty() {
        return 0.0;
    }
    let sum: f64 = x.iter().zip(y).map(|(a, b)| (a - b) * (a - b)).sum();
    (sum / x.len() as f64).sqrt()
}

/// The indices of the Pareto-optimal points of `(a[k], b[k])` (both maximised; of equal
/// points, every one), by `a` descending.
fn frontier_2d(a: &[f64], b: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..a.len()).collect();
    order.sort_by(|&i, &j| a[j].total_cmp(&a[i]).then(b[j].total_cmp(&b[i])));
    let mut kept: Vec<usize> = Vec::new();
    let mut best_b = f64::NEG_INFINITY;
    let mut last: Option<usize> = None;
    for k in order {
        let equal_to_last = last.is_some_and(|l| a[l] == a[k] && b[l] == b[k]);
        if b[k] > best_b || equal_to_last {
            kept.push(k);
            best_b = best_b.max(b[k]);
            last = Some(k);
        }
    }
    kept
}

/// The mean distance, in true utilities `(own, truth)`, from the points the model thinks
/// efficient (the frontier of `(own, estimate)`) to the nearest point of the true frontier of
/// `(own, truth)`. O(F_model · F_true) on top of two sorts; frontiers of two parties over a
/// sample of [`SAMPLE_LIMIT`] outcomes hold tens to hundreds of points.
pub fn frontier_error(own: &[f64], estimate: &[f64], truth: &[f64]) -> f64 {
    assert!(own.len() == estimate.len() && own.len() == truth.len());
    if own.is_empty() {
        return 0.0;
    }
    let modelled = frontier_2d(own, estimate);
    let real = frontier_2d(own, truth);
    let total: f64 = modelled
        .iter()
        .map(|&k| {
            real.iter()
                .map(|&r| (own[k] - own[r]).hypot(truth[k] - truth[r]))
                .fold(f64::INFINITY, f64::min)
        })
        .sum();
    total / modelled.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Kendall's τ-b straight from its definition, over every pair.
    fn kendall_brute(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len();
        let (mut concordant, mut discordant, mut only_x, mut only_y) = (0i64, 0i64, 0i64, 0i64);
        for i in 0..n {
            for j in i + 1..n {
                let dx = x[i].total_cmp(&x[j]) as i64;
                let dy = y[i].total_cmp(&y[j]) as i64;
                match (dx, dy) {
                    (0, 0) => {}
                    (0, _) => only_x += 1,
                    (_, 0) => only_y += 1,
                    _ if dx == dy => concordant += 1,
                    _ => discordant += 1,
                }
            }
        }
        let d = (((concordant + discordant + only_x) * (concordant + discordant + only_y)) as f64)
            .sqrt();
        if d == 0.0 {
            0.0
        } else {
            (concordant - discordant) as f64 / d
        }
    }

    /// Values on a coarse grid, so that ties are common.
    fn tied(len: usize) -> impl Strategy<Value = Vec<f64>> {
        proptest::collection::vec((0u8..6).prop_map(|k| f64::from(k) / 5.0), len)
    }

    proptest! {
        #[test]
        fn kendall_equals_its_definition_with_ties(
            (x, y) in (0usize..60).prop_flat_map(|n| (tied(n), tied(n)))
        ) {
            let fast = kendall_tau_b(&x, &y);
            let slow = kendall_brute(&x, &y);
            prop_assert!((fast - slow).abs() < 1e-12, "{fast} vs {slow}");
        }

        #[test]
        fn a_model_equal_to_the_truth_scores_perfectly(truth in tied(40), own in tied(40)) {
            let s = score(1, &own, &truth, &truth);
            prop_assert_eq!(s.euclidean, 0.0);
            prop_assert_eq!(s.frontier, 0.0);
            let constant = truth.iter().all(|&t| t == truth[0]);
            prop_assert_eq!(s.kendall, if constant { 0.0 } else { 1.0 });
        }
    }

    #[test]
    fn reversed_ranks_score_minus_one_and_the_frontier_error_is_a_distance() {
        let truth = [0.0, 0.25, 0.5, 1.0];
        let reversed = [1.0, 0.75, 0.5, 0.0];
        assert!((kendall_tau_b(&reversed, &truth) + 1.0).abs() < 1e-12);
        assert!((pearson(&reversed, &truth) + 1.0).abs() < 1e-12);
        assert!((pearson(&[0.0, 1.0, 2.0], &[0.0, 1.0, 4.0]) - 0.960_768_922_8).abs() < 1e-9);
        assert_eq!(euclidean(&[0.0, 0.0], &[1.0, 1.0]), 1.0);
        // Own utilities opposed to the truth: every outcome is truly efficient. A model that
        // thinks the other wants what it wants itself sees one efficient outcome (own 1, est 1),
        // which is truly efficient too: error 0.
        let own = [1.0, 0.75, 0.5, 0.0];
        assert_eq!(frontier_error(&own, &own, &truth), 0.0);
        // Truth: outcome 1 dominates 0. A model that ranks 0 above 1 for the other party keeps
        // outcome 0 on its frontier, 0.5 away from outcome 1 in true utilities.
        let own = [0.5, 0.5];
        let truth = [0.0, 0.5];
        assert!((frontier_error(&own, &[1.0, 0.0], &truth) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn samples_are_all_of_a_small_space_and_seeded_in_a_large_one() {
        assert_eq!(sample(5, 1), vec![0, 1, 2, 3, 4]);
        let a = sample(1 << 40, 7);
        assert_eq!(a.len() as u64, SAMPLE_LIMIT);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample(1 << 40, 7));
        assert_ne!(a, sample(1 << 40, 8));
    }
}

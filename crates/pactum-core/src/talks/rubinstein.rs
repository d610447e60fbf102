//! Bilateral alternating offers with discounting over a divisible pie (Rubinstein 1982).
//!
//! Player 0 proposes at rounds 1, 3, …; player 1 at rounds 2, 4, …; a share agreed at round `t`
//! is worth `share · δ_i^(t−1)` to player `i`. With a deadline of `T` rounds, the last proposer
//! takes the whole pie, and backward induction gives the subgame-perfect offers; as `T` grows the
//! first proposer's share tends to `(1 − δ1) / (1 − δ0·δ1)`.

/// The subgame-perfect share of the pie the proposer of round `t` keeps, for `t = 1..=T`.
pub fn proposer_shares(delta: [f64; 2], deadline: u32) -> Vec<f64> {
    let t_max = deadline.max(1) as usize;
    let mut keep = vec![0.0; t_max + 1];
    keep[t_max] = 1.0;
    for t in (1..t_max).rev() {
        // The responder at round t proposes at t + 1; it accepts what it would get then,
        // discounted by one round.
        let responder = t % 2; // proposer of round t is (t − 1) % 2
        keep[t] = 1.0 - delta[responder] * keep[t + 1];
    }
    keep[1..].to_vec()
}

/// The infinite-horizon share of the first proposer.
pub fn infinite_horizon_share(delta: [f64; 2]) -> f64 {
    (1.0 - delta[1]) / (1.0 - delta[0] * delta[1])
}

/// Plays the game with both players using the equilibrium strategy: each proposes the
/// subgame-perfect split and accepts an offer worth at least its continuation value. Returns
/// `(round of agreement, share of player 0)`.
pub fn play_equilibrium(delta: [f64; 2], deadline: u32) -> (u32, f64) {
    let keep = proposer_shares(delta, deadline);
    for t in 1..=deadline.max(1) {
        let proposer = ((t - 1) % 2) as usize;
        let offered_to_responder = 1.0 - keep[t as usize - 1];
        let responder = 1 - proposer;
        // Continuation value of the responder: what it keeps proposing next round, discounted.
        let continuation = if t < deadline {
            delta[responder] * keep[t as usize]
        } else {
            0.0
        };
        if offered_to_responder >= continuation - 1e-15 {
            let share0 = if proposer == 0 {
                keep[t as usize - 1]
            } else {
                offered_to_responder
            };
            return (t, share0);
        }
    }
    (deadline, 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_horizons_match_backward_induction() {
        // One round: the proposer takes all. Two rounds: player 1 gets δ1 · 1 by waiting.
        assert_eq!(play_equilibrium([0.9, 0.8], 1), (1, 1.0));
        let (t, s) = play_equilibrium([0.9, 0.8], 2);
        assert_eq!(t, 1);
        assert!((s - (1.0 - 0.8)).abs() < 1e-12);
        // Three rounds: 1 − δ1·(1 − δ0).
        let (_, s) = play_equilibrium([0.9, 0.8], 3);
        assert!((s - (1.0 - 0.8 * (1.0 - 0.9))).abs() < 1e-12);
    }

    #[test]
    fn long_horizons_tend_to_the_infinite_horizon_share() {
        for delta in [[0.9, 0.9], [0.95, 0.8], [0.5, 0.99]] {
            let limit = infinite_horizon_share(delta);
            let (t, s) = play_equilibrium(delta, 2001);
            assert_eq!(t, 1, "agreement at once");
            assert!((s - limit).abs() < 1e-9, "{delta:?}: {s} vs {limit}");
            // And the gap shrinks as the horizon grows.
            let gap = |n| (play_equilibrium(delta, n).1 - limit).abs();
            assert!(gap(41) <= gap(11) + 1e-12);
        }
    }
}
